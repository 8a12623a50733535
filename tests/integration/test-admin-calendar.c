/* The province's calendar on the real server (/api/v1/admin/calendar/{year}, issue 11 item
 * 3): the year as entered and as computed; an admin's entry applies at once (the bookable days
 * change with no restart), goes through the capacity rule like a closed day, is audited, and
 * outlives a restart with the seed; bad entries are 400 naming the member; a manager reads
 * but cannot write. */
#include "harness.h"
#include "staff-client.h"

#include <glib/gstdio.h>
#include <string.h>

#define CAL_URL   "/api/v1/admin/calendar/"
#define DAYS_URL  "/api/v1/units/" LT_UNIT_PHO_YEN "/days"
#define SLOTS_URL "/api/v1/units/" LT_UNIT_PHO_YEN "/slots?field=chung-thuc&date="
/* Thu 28/1/2027: the bookable days run into the week of Tết (mùng 1: Sat 6/2/2027) */
#define NOW_2027 "2027-01-28T10:00:00+07:00"

#define TET_2027                                                                                   \
  "\"tet\":[\"2027-02-04\",\"2027-02-05\",\"2027-02-06\",\"2027-02-07\",\"2027-02-08\","           \
  "\"2027-02-09\",\"2027-02-10\"]"
#define ENTRY_2027                                                                                 \
  "{" TET_2027 ",\"national_day_extra\":\"2027-09-03\",\"swaps\":[\"2027-02-11>2027-01-30\"]"

typedef struct
{
  LtServer *srv;
  char *admin, *manager;
} Fx;

/* clock: "now" before anyone signs in (a session ends when the clock jumps past its
 * idle time), NULL: LT_NOW_BOOKING */
static void
fx_start (Fx *fx, const char *clock)
{
  fx->srv = lt_server_start_default ();
  if (clock)
    lt_server_set_clock (fx->srv, clock);
  fx->admin = lt_staff_admin_cookie (fx->srv);
  fx->manager =
      lt_staff_user_cookie (fx->srv, fx->admin, "quanly.phoyen", "manager", LT_UNIT_PHO_YEN);
}

static void
fx_stop (Fx *fx)
{
  lt_server_stop (fx->srv);
  g_free (fx->admin);
  g_free (fx->manager);
}

/* The days_off entry of `date`, or NULL. */
static json_object *
day_off (json_object *year, const char *date)
{
  json_object *days = lt_array (year, "days_off");
  for (size_t i = 0; i < json_object_array_length (days); i++)
    {
      json_object *d = json_object_array_get_idx (days, i);
      if (strcmp (lt_str (d, "date"), date) == 0)
        return d;
    }
  return NULL;
}

static bool
bookable (LtServer *srv, const char *date)
{
  g_autoptr (LtResponse) r = lt_get (srv, DAYS_URL);
  lt_assert_status (r, 200);
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", date);
  return strstr (r->body, quoted) != NULL;
}

static LtBooking
booking_on (guint n, const char *date)
{
  g_autofree char *cccd = lt_cccd (n);
  return (LtBooking){ "Trần Thị Bình", g_intern_string (cccd), "0912345678",
                      LT_UNIT_PHO_YEN, "chung-thuc",           date,
                      "0730-0930" };
}

/* 2027 has no official days: the defaults, flagged, and what they give. 2026 has the seed's. */
static void
test_read (void)
{
  Fx fx;
  fx_start (&fx, NULL);
  g_autoptr (LtResponse) r = lt_staff_get (fx.srv, CAL_URL "2027", fx.manager);
  json_object *y = lt_assert_json (r, 200);
  lt_assert_int (y, "year", 2027);
  lt_assert_bool (y, "defaults.tet", true);
  lt_assert_bool (y, "defaults.national_day_extra", true);
  g_assert_null (lt_json_at (y, "official.tet"));
  g_assert_null (lt_json_at (y, "official.national_day_extra"));
  lt_assert_str (y, "mung_1", "2027-02-06");
  /* the last day of the lunar year, mùng 1-4 (two on the weekend: nghỉ bù 10/2 and 11/2) */
  json_object *eve = day_off (y, "2027-02-05");
  g_assert_nonnull (eve);
  lt_assert_str (eve, "reason", "tet");
  lt_assert_str (eve, "label", "Tết Nguyên đán");
  lt_assert_str (day_off (y, "2027-02-08"), "lunar", "3/1");
  json_object *bu = day_off (y, "2027-02-10");
  lt_assert_str (bu, "reason", "make_up");
  lt_assert_str (bu, "label", "Nghỉ bù");
  lt_assert_str (bu, "for_date", "2027-02-06");
  lt_assert_str (bu, "for_label", "Tết Nguyên đán");
  lt_assert_str (day_off (y, "2027-09-01"), "reason", "national_day");
  lt_assert_str (day_off (y, "2027-05-03"), "for_date", "2027-05-01");
  g_assert_cmpuint (json_object_array_length (lt_array (y, "worked_days")), ==, 0);

  g_autoptr (LtResponse) s = lt_staff_get (fx.srv, CAL_URL "2026", fx.admin);
  json_object *y26 = lt_assert_json (s, 200);
  lt_assert_bool (y26, "defaults.tet", false);
  g_assert_cmpuint (json_object_array_length (lt_array (y26, "official.tet")), ==, 9);
  lt_assert_str (y26, "official.swaps.0", "2026-01-02>2026-01-10");
  lt_assert_str (y26, "worked_days.0.date", "2026-01-10");
  lt_assert_str (y26, "worked_days.0.works_as", "fri");
  lt_assert_str (y26, "worked_days.0.day_off", "2026-01-02");
  lt_assert_str (day_off (y26, "2026-01-02"), "reason", "swap");
  lt_assert_str (day_off (y26, "2026-02-17"), "lunar", "1/1");

  g_autoptr (LtResponse) unknown = lt_staff_get (fx.srv, CAL_URL "2101", fx.admin);
  lt_assert_error (unknown, 404, "not_found", NULL);
  g_autoptr (LtResponse) bad = lt_staff_get (fx.srv, CAL_URL "20x7", fx.admin);
  lt_assert_error (bad, 400, "invalid_input", "year");
  g_autoptr (LtResponse) anon = lt_staff_get (fx.srv, CAL_URL "2027", NULL);
  lt_assert_error (anon, 401, "unauthorized", NULL);
  fx_stop (&fx);
}

/* After the 2027 entry, the public API with no restart: 4/2 and 11/2 off, Saturday 30/1
 * worked as a Thursday; the booking on 4/2 kept and its owner told. */
static void
assert_public_after_2027 (LtServer *srv, const char *code, const char *cccd)
{
  g_assert_false (bookable (srv, "2027-02-04"));
  g_assert_false (bookable (srv, "2027-02-11"));
  g_assert_true (bookable (srv, "2027-01-30"));
  g_assert_true (bookable (srv, "2027-02-12"));
  g_autoptr (LtResponse) slots = lt_get (srv, SLOTS_URL "2027-01-30");
  g_assert_cmpuint (json_object_array_length (lt_array (lt_assert_json (slots, 200), "slots")), ==,
                    3);
  LtBooking b = booking_on (9202, "2027-01-30");
  g_autofree char *on_saturday = lt_book_ok (srv, &b);
  LtBooking c = booking_on (9203, "2027-02-04");
  g_autoptr (LtResponse) late = lt_book (srv, &c);
  lt_assert_error (late, 422, "date_not_bookable", NULL);
  g_autofree char *path = g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", code, cccd);
  g_autoptr (LtResponse) mine = lt_get (srv, path);
  json_object *m = lt_assert_json (mine, 200);
  lt_assert_str (m, "status", "booked");
  g_assert_nonnull (lt_json_at (m, "unit_notice.title"));
}

/* A booking on a day that becomes a Tết day: 409 with the count, then confirmed; the
 * bookable days follow at once; audited; the manager may not write. */
static void
test_set_year (void)
{
  Fx fx;
  fx_start (&fx, NOW_2027);
  g_assert_true (bookable (fx.srv, "2027-02-04"));
  g_assert_false (bookable (fx.srv, "2027-01-30"));
  LtBooking a = booking_on (9201, "2027-02-04");
  g_autofree char *code = lt_book_ok (fx.srv, &a);

  g_autoptr (LtResponse) refused = lt_staff_post (fx.srv, CAL_URL "2027", ENTRY_2027 "}", fx.admin);
  json_object *e = lt_assert_json (refused, 409);
  lt_assert_str (e, "error.code", "capacity_in_use");
  lt_assert_int (e, "error.count", 1);
  g_assert_true (bookable (fx.srv, "2027-02-04"));
  g_autoptr (LtResponse) still = lt_staff_get (fx.srv, CAL_URL "2027", fx.admin);
  lt_assert_bool (lt_assert_json (still, 200), "defaults.tet", true);

  g_autoptr (LtResponse) manager =
      lt_staff_post (fx.srv, CAL_URL "2027", ENTRY_2027 ",\"confirm\":true}", fx.manager);
  lt_assert_error (manager, 403, "forbidden", NULL);

  g_autoptr (LtResponse) applied =
      lt_staff_post (fx.srv, CAL_URL "2027", ENTRY_2027 ",\"confirm\":true}", fx.admin);
  json_object *ok = lt_assert_json (applied, 200);
  lt_assert_int (ok, "affected_count", 1);
  lt_assert_str (ok, "affected.0.code", code);
  lt_assert_str (ok, "affected.0.date", "2027-02-04");
  lt_assert_bool (ok, "calendar.defaults.tet", false);
  lt_assert_str (ok, "calendar.official.national_day_extra", "2027-09-03");
  lt_assert_str (day_off (lt_json_at (ok, "calendar"), "2027-02-04"), "reason", "tet");
  lt_assert_str (day_off (lt_json_at (ok, "calendar"), "2027-02-11"), "reason", "swap");
  lt_assert_str (day_off (lt_json_at (ok, "calendar"), "2027-09-03"), "reason", "national_day");
  g_assert_null (day_off (lt_json_at (ok, "calendar"), "2027-09-01"));
  lt_assert_str (ok, "calendar.worked_days.0.date", "2027-01-30");
  lt_assert_str (ok, "calendar.worked_days.0.works_as", "thu");

  assert_public_after_2027 (fx.srv, code, a.cccd);

  g_autofree char *audited =
      lt_sql (lt_server_work_dir (fx.srv),
              "SELECT count(*) || ' ' || min(target) || ' ' || min(detail) FROM "
              "audit_log WHERE action = 'calendar.set'");
  g_assert_cmpstr (audited, ==,
                   "1 2027 tet 2027-02-04..2027-02-10 (7); national_day_extra 2027-09-03; swaps "
                   "2027-02-11>2027-01-30; confirmed");
  fx_stop (&fx);
}

typedef struct
{
  const char *body, *member;
} BadCase;

static void
test_bad_input (void)
{
  static const BadCase cases[] = {
    { "{\"tet\":[\"2027-02-05\",\"2027-02-06\",\"2027-02-07\",\"2027-02-08\"]}", "tet" },
    { "{\"tet\":[]}", "tet" },
    { "{\"tet\":[\"2027-02-06\",\"2027-02-07\",\"2027-02-08\",\"2027-02-09\",\"2027-13-01\"]}",
      "tet" },
    { "{\"tet\":[\"2027-02-01\",\"2027-02-02\",\"2027-02-03\",\"2027-02-04\",\"2027-02-05\"]}",
      "tet" },
    { "{\"tet\":[\"2027-02-05\",\"2027-02-06\",\"2027-02-07\",\"2027-02-08\",\"2027-02-10\"]}",
      "tet" },
    { "{\"tet\":\"2027-02-05\"}", "tet" },
    { "{\"national_day_extra\":\"2027-09-02\"}", "national_day_extra" },
    { "{\"national_day_extra\":\"2026-09-01\"}", "national_day_extra" },
    { "{\"national_day_extra\":\"3/9/2027\"}", "national_day_extra" },
    { "{\"swaps\":[\"2027-03-05>2027-03-07\"]}", "swaps" },
    { "{\"swaps\":[\"2027-03-06>2027-03-13\"]}", "swaps" },
    { "{\"swaps\":[\"2027-04-30>2027-04-24\"]}", "swaps" },
    { "{\"swaps\":[\"2027-03-05>2027-03-13\",\"2027-03-05>2027-03-20\"]}", "swaps" },
    { "{\"swaps\":[\"2026-03-05>2027-03-13\"]}", "swaps" },
    { "{\"swaps\":[\"2027-03-05\"]}", "swaps" },
    { "{\"swaps\":[{\"day_off\":\"2027-03-05\",\"worked\":\"2027-03-13\"}]}", "swaps" },
    { "{\"confirm\":\"yes\"}", "confirm" },
    { "{\"holidays\":[]}", "holidays" },
  };
  Fx fx;
  fx_start (&fx, NULL);
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (LtResponse) r = lt_staff_post (fx.srv, CAL_URL "2027", cases[i].body, fx.admin);
      lt_assert_error (r, 400, "invalid_input", cases[i].member);
    }
  g_autoptr (LtResponse) r = lt_staff_post (fx.srv, CAL_URL "2027", "{\"tet\":[]}", fx.admin);
  json_object *e = lt_assert_json (r, 400);
  lt_assert_str (e, "error.message", "Nghỉ Tết gồm từ 5 đến 16 ngày");
  g_autoptr (LtResponse) day =
      lt_staff_post (fx.srv, CAL_URL "2027", "{\"swaps\":[\"2027-04-30>2027-04-24\"]}", fx.admin);
  lt_assert_match (lt_assert_json (day, 400), "error.message", "2027-04-30>2027-04-24");
  g_autoptr (LtResponse) unknown = lt_staff_post (fx.srv, CAL_URL "2020", "{}", fx.admin);
  lt_assert_error (unknown, 404, "not_found", NULL);
  g_autofree char *audited = lt_sql (
      lt_server_work_dir (fx.srv), "SELECT count(*) FROM audit_log WHERE action = 'calendar.set'");
  g_assert_cmpstr (audited, ==, "0");
  fx_stop (&fx);
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (dir);
}

/* Back to the defaults with {}: the seed's 2026 goes, and stays gone after a restart with the
 * same seed. */
static void
test_defaults_survive_restart (void)
{
  g_autofree char *dir = g_dir_make_tmp ("layso-calendar-XXXXXX", NULL);
  LtServerOptions first = {
    .work_dir = dir, .seed = true, .clock = LT_NOW_BOOKING, .expect_kiosk_tokens = LT_SEED_KIOSKS
  };
  LtServer *srv = lt_server_start (&first);
  g_autofree char *admin = lt_staff_admin_cookie (srv);
  g_autoptr (LtResponse) reset = lt_staff_post (srv, CAL_URL "2026", "{}", admin);
  json_object *ok = lt_assert_json (reset, 200);
  lt_assert_bool (ok, "calendar.defaults.tet", true);
  lt_assert_bool (ok, "calendar.defaults.national_day_extra", true);
  g_assert_cmpuint (json_object_array_length (lt_array (ok, "calendar.official.swaps")), ==, 0);
  /* the default Tết 2026: 16/2 (29 tháng Chạp) to 20/2 */
  lt_assert_str (day_off (lt_json_at (ok, "calendar"), "2026-02-16"), "lunar", "29/12");
  g_assert_null (day_off (lt_json_at (ok, "calendar"), "2026-01-02"));
  lt_server_stop (srv);

  LtServerOptions again = { .work_dir = dir, .seed = true, .clock = LT_NOW_BOOKING };
  srv = lt_server_start (&again);
  g_autoptr (LtResponse) after = lt_staff_get (srv, CAL_URL "2026", admin);
  json_object *y = lt_assert_json (after, 200);
  lt_assert_bool (y, "defaults.tet", true);
  g_assert_cmpuint (json_object_array_length (lt_array (y, "official.swaps")), ==, 0);
  /* a year the admin never set still takes the seed's days */
  g_autoptr (LtResponse) y25 = lt_staff_get (srv, CAL_URL "2025", admin);
  lt_assert_bool (lt_assert_json (y25, 200), "defaults.tet", false);
  lt_server_stop (srv);
  remove_tree (dir);
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_test_add_func ("/layso/integration/admin-calendar/read", test_read);
  g_test_add_func ("/layso/integration/admin-calendar/set-year", test_set_year);
  g_test_add_func ("/layso/integration/admin-calendar/bad-input", test_bad_input);
  g_test_add_func ("/layso/integration/admin-calendar/defaults-survive-restart",
                   test_defaults_survive_restart);
  return g_test_run ();
}
