/* Public read-only endpoints: health, unit search, unit, bookable days, slot listing. */
#include "harness.h"

#include <string.h>

static LtServer *srv;

static void
test_health (void)
{
  g_autoptr (LtResponse) r = lt_get (srv, "/api/v1/health");
  json_object *j = lt_assert_json (r, 200);
  lt_assert_str (j, "status", "ok");
  lt_assert_str (j, "store", lt_on_postgres () ? "postgresql" : "sqlite");
  g_assert_cmpstr (lt_str (j, "version"), !=, "");
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The ids found by GET /api/v1/units?q=…, sorted, joined with ",". */
static char *
search (const char *query_encoded)
{
  g_autofree char *path = query_encoded ? g_strdup_printf ("/api/v1/units?q=%s", query_encoded)
                                        : g_strdup ("/api/v1/units");
  g_autoptr (LtResponse) r = lt_get (srv, path);
  json_object *j = lt_assert_json (r, 200);
  json_object *units = lt_array (j, "units");
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  for (size_t i = 0; i < json_object_array_length (units); i++)
    {
      json_object *u = json_object_array_get_idx (units, i);
      g_ptr_array_add (ids, (char *) lt_str (u, "id"));
      g_assert_cmpstr (lt_str (u, "name"), !=, "");
      g_assert_cmpstr (lt_str (u, "address"), !=, "");
    }
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (",", (char **) ids->pdata);
}

/* Does the comma-separated list `ids` contain `id`? */
static bool
has_id (const char *ids, const char *id)
{
  g_auto (GStrv) parts = g_strsplit (ids, ",", -1);
  return g_strv_contains ((const char *const *) parts, id);
}

static void
test_units_search (void)
{
  /* exact: the result is exactly `ids`; otherwise it must contain `ids`. Query words match
   * the beginnings of words, so "pho yen" must not find "Tổ dân phố …, Phường Bá Xuyên". */
  const struct
  {
    const char *q, *ids;
    bool exact;
  } cases[] = {
    { NULL, "phuong-ba-xuyen,phuong-pho-yen,xa-dong-hy", true },
    { "", "phuong-ba-xuyen,phuong-pho-yen,xa-dong-hy", true },
    { "pho%20yen", "phuong-pho-yen", true },
    { "pho+yen", "phuong-pho-yen", true },
    { "PHO%20YEN", "phuong-pho-yen", true },
    { "Ph%E1%BB%95%20Y%C3%AAn", "phuong-pho-yen", true },         /* "Phổ Yên" */
    { "ph%C6%B0%E1%BB%9Dng%20b%C3%A1", "phuong-ba-xuyen", true }, /* "phường bá" */
    { "tan%20moi", "phuong-ba-xuyen", true },                     /* by address */
    { "dong%20hy", "xa-dong-hy", true },                          /* "đ" folds to "d" */
    { "%C4%90%E1%BB%93ng%20H%E1%BB%B7", "xa-dong-hy", true },     /* "Đồng Hỷ" */
    { "phuong", "phuong-ba-xuyen,phuong-pho-yen", true },
    { "khong%20co%20don%20vi%20nao", "", true },
    { "zzzz", "", true },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = search (cases[i].q);
      bool ok = cases[i].exact ? strcmp (got, cases[i].ids) == 0 : has_id (got, cases[i].ids);
      if (!ok)
        lt_fail_at (__FILE__, __LINE__, "units?q=%s: expected %s[%s], got [%s]",
                    cases[i].q ? cases[i].q : "(none)", cases[i].exact ? "" : "at least ",
                    cases[i].ids, got);
      if (!cases[i].exact && has_id (got, LT_UNIT_DONG_HY))
        lt_fail_at (__FILE__, __LINE__, "units?q=%s found %s: [%s]", cases[i].q, LT_UNIT_DONG_HY,
                    got);
    }
}

static void
test_unit (void)
{
  g_autoptr (LtResponse) r = lt_get (srv, "/api/v1/units/" LT_UNIT_PHO_YEN);
  json_object *j = lt_assert_json (r, 200);
  lt_assert_str (j, "id", LT_UNIT_PHO_YEN);
  lt_assert_str (j, "name", "Phường Phổ Yên");
  lt_assert_str (j, "address", "TDP 4, Phường Phổ Yên");
  lt_assert_int (j, "checkin_lead_minutes", 30);
  const char *fields[][3] = {
    { "chung-thuc", "Chứng thực", "A" },
    { "ho-tich", "Hộ tịch", "B" },
    { "dat-dai", "Đất đai", "C" },
    { "xay-dung", "Xây dựng", "D" },
    { "bao-tro-xa-hoi", "Bảo trợ xã hội", "E" },
    { "kinh-doanh", "Đăng ký kinh doanh", "F" },
  };
  g_assert_cmpuint (json_object_array_length (lt_array (j, "fields")), ==, G_N_ELEMENTS (fields));
  for (size_t i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      json_object *f = json_object_array_get_idx (lt_array (j, "fields"), i);
      lt_assert_str (f, "id", fields[i][0]);
      lt_assert_str (f, "name", fields[i][1]);
      lt_assert_str (f, "prefix", fields[i][2]);
    }

  g_autoptr (LtResponse) r2 = lt_get (srv, "/api/v1/units/" LT_UNIT_DONG_HY);
  json_object *j2 = lt_assert_json (r2, 200);
  lt_assert_str (j2, "name", "Xã Đồng Hỷ");
  lt_assert_int (j2, "checkin_lead_minutes", 15);

  g_autoptr (LtResponse) r3 = lt_get (srv, "/api/v1/units/khong-ton-tai");
  lt_assert_error (r3, 404, "not_found", NULL);
}

static void
assert_days (const char *unit, const char *const expected[][2], size_t n)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/units/%s/days", unit);
  g_autoptr (LtResponse) r = lt_get (srv, path);
  json_object *j = lt_assert_json (r, 200);
  json_object *days = lt_array (j, "days");
  if (json_object_array_length (days) != n)
    lt_fail_at (__FILE__, __LINE__, "%s: expected %zu days, got %s", path, n, r->body);
  for (size_t i = 0; i < n; i++)
    {
      json_object *d = json_object_array_get_idx (days, i);
      lt_assert_str (d, "date", expected[i][0]);
      lt_assert_str (d, "label", expected[i][1]);
    }
}

static void
test_days (void)
{
  lt_server_set_clock (srv, LT_NOW_BOOKING);
  /* The bookable days (common/calendar.h): on Thu 25/9/2025 with Mon–Fri working days. */
  static const char *const mon_fri[][2] = {
    { "2025-09-26", "T6 26/9" }, { "2025-09-29", "T2 29/9" }, { "2025-09-30", "T3 30/9" },
    { "2025-10-01", "T4 1/10" }, { "2025-10-02", "T5 2/10" }, { "2025-10-03", "T6 3/10" },
    { "2025-10-06", "T2 6/10" },
  };
  assert_days (LT_UNIT_PHO_YEN, mon_fri, G_N_ELEMENTS (mon_fri));
  /* A unit that works on Saturdays too. */
  static const char *const mon_sat[][2] = {
    { "2025-09-26", "T6 26/9" }, { "2025-09-27", "T7 27/9" }, { "2025-09-29", "T2 29/9" },
    { "2025-09-30", "T3 30/9" }, { "2025-10-01", "T4 1/10" }, { "2025-10-02", "T5 2/10" },
    { "2025-10-03", "T6 3/10" },
  };
  assert_days (LT_UNIT_DONG_HY, mon_sat, G_N_ELEMENTS (mon_sat));
  /* Over a holiday: on Fri 29/8/2025 the days skip Mon 1/9 and Tue 2/9 (National Day and its extra day). */
  lt_server_set_clock (srv, "2025-08-29T10:00:00+07:00");
  static const char *const holidays[][2] = {
    { "2025-09-03", "T4 3/9" },  { "2025-09-04", "T5 4/9" }, { "2025-09-05", "T6 5/9" },
    { "2025-09-08", "T2 8/9" },  { "2025-09-09", "T3 9/9" }, { "2025-09-10", "T4 10/9" },
    { "2025-09-11", "T5 11/9" },
  };
  assert_days (LT_UNIT_PHO_YEN, holidays, G_N_ELEMENTS (holidays));
  lt_server_set_clock (srv, LT_NOW_BOOKING);

  g_autoptr (LtResponse) r = lt_get (srv, "/api/v1/units/khong-ton-tai/days");
  lt_assert_error (r, 404, "not_found", NULL);
}

static void
test_slots (void)
{
  lt_server_set_clock (srv, LT_NOW_BOOKING);
  g_autoptr (LtResponse) r =
      lt_get (srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/slots?date=2025-09-26&field=chung-thuc");
  json_object *j = lt_assert_json (r, 200);
  lt_assert_str (j, "date", "2025-09-26");
  lt_assert_str (j, "field", "chung-thuc");
  const struct
  {
    const char *id, *start, *end;
    int cap;
  } slots[] = {
    { "0730-0930", "07:30", "09:30", 10 },
    { "0930-1100", "09:30", "11:00", 2 },
    { "1400-1600", "14:00", "16:00", 10 },
  };
  json_object *arr = lt_array (j, "slots");
  g_assert_cmpuint (json_object_array_length (arr), ==, G_N_ELEMENTS (slots));
  for (size_t i = 0; i < G_N_ELEMENTS (slots); i++)
    {
      json_object *s = json_object_array_get_idx (arr, i);
      lt_assert_str (s, "id", slots[i].id);
      lt_assert_str (s, "start", slots[i].start);
      lt_assert_str (s, "end", slots[i].end);
      lt_assert_int (s, "capacity", slots[i].cap);
      lt_assert_int (s, "remaining", slots[i].cap);
      lt_assert_bool (s, "full", false);
    }

  g_autoptr (LtResponse) r2 = lt_get (srv, "/api/v1/units/khong-ton-tai"
                                           "/slots?date=2025-09-26&field=chung-thuc");
  lt_assert_error (r2, 404, "not_found", NULL);
  g_autoptr (LtResponse) r3 =
      lt_get (srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/slots?date=2025-09-26&field=khong-co");
  lt_assert_error (r3, 400, "invalid_input", "field");
  g_autoptr (LtResponse) r4 =
      lt_get (srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/slots?date=26-09-2025&field=chung-thuc");
  lt_assert_error (r4, 400, "invalid_input", "date");
  g_autoptr (LtResponse) r5 =
      lt_get (srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/slots?field=chung-thuc");
  lt_assert_error (r5, 400, "invalid_input", "date");
  g_autoptr (LtResponse) r6 =
      lt_get (srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/slots?date=2025-09-26");
  lt_assert_error (r6, 400, "invalid_input", "field");
  /* A field of the province that this unit does not serve. */
  g_autoptr (LtResponse) r7 =
      lt_get (srv, "/api/v1/units/" LT_UNIT_BA_XUYEN "/slots?date=2025-09-26&field=dat-dai");
  lt_assert_error (r7, 400, "invalid_input", "field");
}

/* The ids, unit ids and dates of a notices answer, "id@unit@published_at" joined by ",". */
static char *
notice_list (LtResponse *r)
{
  json_object *notices = lt_array (lt_assert_json (r, 200), "notices");
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  for (size_t i = 0; i < json_object_array_length (notices); i++)
    {
      json_object *n = json_object_array_get_idx (notices, i);
      g_ptr_array_add (items, g_strdup_printf ("%s@%s@%s", lt_str (n, "id"), lt_str (n, "unit.id"),
                                               lt_str (n, "published_at")));
    }
  g_ptr_array_add (items, NULL);
  return g_strjoinv (",", (char **) items->pdata);
}

static void
test_notices (void)
{
  g_autoptr (LtResponse) r = lt_get (srv, "/api/v1/notices?unit=" LT_UNIT_PHO_YEN);
  json_object *j = lt_assert_json (r, 200);
  g_assert_cmpuint (json_object_array_length (lt_array (j, "notices")), ==, 2);
  lt_assert_str (j, "notices.0.id", "thu-nghiem");
  lt_assert_str (j, "notices.0.unit.id", LT_UNIT_PHO_YEN);
  lt_assert_str (j, "notices.0.unit.name", "Phường Phổ Yên");
  lt_assert_str (j, "notices.0.title", "Thông báo thử nghiệm");
  lt_assert_str (j, "notices.0.body", "Nội dung thông báo dùng trong kiểm thử tích hợp.");
  lt_assert_str (j, "notices.0.published_at", "2025-09-20T08:00:00+07:00");
  g_autofree char *pho_yen = notice_list (r);
  g_assert_cmpstr (pho_yen, ==,
                   "thu-nghiem@" LT_UNIT_PHO_YEN "@2025-09-20T08:00:00+07:00,"
                   "pho-yen-cu@" LT_UNIT_PHO_YEN "@2025-09-10T08:00:00+07:00");
  g_autoptr (LtResponse) r2 = lt_get (srv, "/api/v1/notices?unit=" LT_UNIT_BA_XUYEN);
  json_object *j2 = lt_assert_json (r2, 200);
  g_assert_cmpuint (json_object_array_length (lt_array (j2, "notices")), ==, 0);

  /* Without ?unit= (or with it empty): every unit's notices, newest first. */
  const char *all_paths[] = { "/api/v1/notices", "/api/v1/notices?unit=" };
  for (size_t i = 0; i < G_N_ELEMENTS (all_paths); i++)
    {
      g_autoptr (LtResponse) ra = lt_get (srv, all_paths[i]);
      g_autofree char *all = notice_list (ra);
      g_assert_cmpstr (all, ==,
                       "dong-hy-thu-bay@" LT_UNIT_DONG_HY "@2025-09-22T09:30:00+07:00,"
                       "thu-nghiem@" LT_UNIT_PHO_YEN "@2025-09-20T08:00:00+07:00,"
                       "pho-yen-cu@" LT_UNIT_PHO_YEN "@2025-09-10T08:00:00+07:00");
      lt_assert_str (ra->json, "notices.0.unit.name", "Xã Đồng Hỷ");
    }

  /* An unknown unit is 404, not an empty list. */
  g_autoptr (LtResponse) r3 = lt_get (srv, "/api/v1/notices?unit=khong-co");
  lt_assert_error (r3, 404, "not_found", NULL);
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_test_add_func ("/layso/integration/public/health", test_health);
  g_test_add_func ("/layso/integration/public/units-search", test_units_search);
  g_test_add_func ("/layso/integration/public/unit", test_unit);
  g_test_add_func ("/layso/integration/public/days", test_days);
  g_test_add_func ("/layso/integration/public/slots", test_slots);
  g_test_add_func ("/layso/integration/public/notices", test_notices);
  srv = lt_server_start_default ();
  int rc = g_test_run ();
  lt_server_stop (srv);
  return rc;
}
