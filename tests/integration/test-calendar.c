/* The computed calendar seen from outside (common/calendar.h, issue 11): the bookable days of
 * GET /api/v1/units/{unit}/days around Tết 2027 (the default days) and the 2026 swaps the
 * integration seed enters, and the slots of a worked Saturday, which are the replaced
 * weekday's. "Today" is set through the dev clock. */
#include "harness.h"

#include <string.h>

static LtServer *srv;

/* The unit's bookable days seen from `now`, space-separated. */
static void
assert_days_at (const char *file, int line, const char *unit, const char *now, const char *expected)
{
  lt_server_set_clock (srv, now);
  g_autofree char *path = g_strdup_printf ("/api/v1/units/%s/days", unit);
  g_autoptr (LtResponse) r = lt_get (srv, path);
  json_object *days = lt_array (lt_assert_json (r, 200), "days");
  g_autoptr (GString) got = g_string_new (NULL);
  for (size_t i = 0; i < json_object_array_length (days); i++)
    g_string_append_printf (got, "%s%s", i ? " " : "",
                            lt_str (json_object_array_get_idx (days, i), "date"));
  if (strcmp (got->str, expected) != 0)
    lt_fail_at (file, line, "%s at %s:\n got      %s\n expected %s", path, now, got->str, expected);
}
#define assert_days(unit, now, expected) assert_days_at (__FILE__, __LINE__, unit, now, expected)

/* The slot ids offered on `date`, comma-separated. */
static void
assert_slots_at (const char *file, int line, const char *unit, const char *date,
                 const char *expected)
{
  g_autofree char *path =
      g_strdup_printf ("/api/v1/units/%s/slots?date=%s&field=dat-dai", unit, date);
  g_autoptr (LtResponse) r = lt_get (srv, path);
  json_object *slots = lt_array (lt_assert_json (r, 200), "slots");
  g_autoptr (GString) got = g_string_new (NULL);
  for (size_t i = 0; i < json_object_array_length (slots); i++)
    g_string_append_printf (got, "%s%s", i ? "," : "",
                            lt_str (json_object_array_get_idx (slots, i), "id"));
  if (strcmp (got->str, expected) != 0)
    lt_fail_at (file, line, "%s:\n got      %s\n expected %s", path, got->str, expected);
}
#define assert_slots(unit, date, expected)                                                         \
  assert_slots_at (__FILE__, __LINE__, unit, date, expected)

/* Tết Đinh Mùi: mùng 1 is Sat 6/2/2027. The seed enters nothing for 2027, so the default
 * days are off: Fri 5/2 (the last day of the year) to Tue 9/2, and Wed 10/2 and Thu 11/2 for
 * the Saturday and Sunday. A Saturday-service unit stays shut on Sat 6/2 too. */
static void
test_tet_2027 (void)
{
  assert_days (LT_UNIT_PHO_YEN, "2027-02-03T10:00:00+07:00",
               "2027-02-04 2027-02-12 2027-02-15 2027-02-16 2027-02-17 2027-02-18 2027-02-19");
  assert_days (LT_UNIT_DONG_HY, "2027-02-03T10:00:00+07:00",
               "2027-02-04 2027-02-12 2027-02-13 2027-02-15 2027-02-16 2027-02-17 2027-02-18");
  lt_server_set_clock (srv, "2027-02-03T10:00:00+07:00");
  g_autoptr (LtResponse) r =
      lt_get (srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/slots?date=2027-02-08&field=dat-dai");
  lt_assert_error (r, 422, "date_not_bookable", "date");
}

/* 2026: Fri 2/1 off for Sat 10/1 worked, Mon 31/8 off for Sat 22/8 worked; Giỗ Tổ on Sun
 * 26/4 is made up on Mon 27/4; National Day is 1-2/9. */
static void
test_swaps_2026 (void)
{
  assert_days (LT_UNIT_PHO_YEN, "2025-12-31T10:00:00+07:00",
               "2026-01-05 2026-01-06 2026-01-07 2026-01-08 2026-01-09 2026-01-10 2026-01-12");
  assert_days (LT_UNIT_PHO_YEN, "2026-08-20T10:00:00+07:00",
               "2026-08-21 2026-08-22 2026-08-24 2026-08-25 2026-08-26 2026-08-27 2026-08-28");
  assert_days (LT_UNIT_PHO_YEN, "2026-08-27T10:00:00+07:00",
               "2026-08-28 2026-09-03 2026-09-04 2026-09-07 2026-09-08 2026-09-09 2026-09-10");
  assert_days (LT_UNIT_PHO_YEN, "2026-04-23T10:00:00+07:00",
               "2026-04-24 2026-04-28 2026-04-29 2026-05-04 2026-05-05 2026-05-06 2026-05-07");
  /* 2025: Fri 2/5 off for Sat 26/4 worked */
  assert_days (LT_UNIT_PHO_YEN, "2025-04-24T10:00:00+07:00",
               "2025-04-25 2025-04-26 2025-04-28 2025-04-29 2025-05-05 2025-05-06 2025-05-07");
}

/* Xã Đồng Hỷ: s1 every day it works, s2 Monday to Friday, s3 Mondays only. */
static void
test_worked_saturday_slots (void)
{
  lt_server_set_clock (srv, "2026-01-08T10:00:00+07:00");
  assert_slots (LT_UNIT_DONG_HY, "2026-01-09", "s1,s2");    /* a Friday */
  assert_slots (LT_UNIT_DONG_HY, "2026-01-10", "s1,s2");    /* Sat worked as Friday */
  assert_slots (LT_UNIT_DONG_HY, "2026-01-12", "s1,s2,s3"); /* a Monday */
  lt_server_set_clock (srv, "2026-01-14T10:00:00+07:00");
  assert_slots (LT_UNIT_DONG_HY, "2026-01-17", "s1"); /* an ordinary Saturday */
  lt_server_set_clock (srv, "2026-08-20T10:00:00+07:00");
  assert_slots (LT_UNIT_DONG_HY, "2026-08-22", "s1,s2,s3"); /* Sat worked as Monday */
  /* a unit without Saturday service opens on the worked Saturday, with all its slots */
  assert_slots (LT_UNIT_PHO_YEN, "2026-08-22", "0730-0930,0930-1100,1400-1600");

  /* a booking follows the same template */
  lt_server_set_clock (srv, "2026-01-08T10:00:00+07:00");
  LtBooking b = { .name = "Nguyễn Văn Lịch",
                  .cccd = "079012345601",
                  .unit = LT_UNIT_DONG_HY,
                  .field = "dat-dai",
                  .date = "2026-01-10",
                  .slot = "s3" };
  g_autoptr (LtResponse) monday_only = lt_book (srv, &b);
  lt_assert_error (monday_only, 400, "invalid_input", "slot");
  b.slot = "s2";
  g_autofree char *code = lt_book_ok (srv, &b);
  g_assert_nonnull (code);
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_test_add_func ("/layso/integration/calendar/tet-2027", test_tet_2027);
  g_test_add_func ("/layso/integration/calendar/swaps-2026", test_swaps_2026);
  g_test_add_func ("/layso/integration/calendar/worked-saturday-slots", test_worked_saturday_slots);
  srv = lt_server_start_default ();
  int rc = g_test_run ();
  lt_server_stop (srv);
  return rc;
}
