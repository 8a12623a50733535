/* Statistics (GET /api/v1/admin/units/{unit}/stats, docs/api.md) against a scripted day:
 * bookings made, cancelled, checked in and left to expire, walk-ins, and calls, skips and
 * dones at known times on the dev clock, all through the real API. The figures are then
 * exact: counts, nearest-rank p50/p90 of wait (issue → call) and service (call → done), the
 * per-day series, the per-field and per-counter breakdowns, the busiest slots, the CSV, and
 * who may ask. */
#include "harness.h"
#include "staff-client.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#define UNIT    LT_UNIT_PHO_YEN
#define FIELD_A "chung-thuc"
#define FIELD_B "ho-tich"
#define DAY     "2025-09-26" /* a Friday */
#define STATS   "/api/v1/admin/units/" UNIT "/stats"
#define RANGE   "?from=2025-09-25&to=2025-09-29"
#define LATER   "2025-09-29T08:00:00+07:00" /* the restart: the day's no-shows expire */

typedef struct
{
  LtServer *srv;
  char *dir;
  char *admin, *staff, *counter1, *counter2;
} Fx;

static char *
make_counter (Fx *fx, const char *name, int number, const char *field)
{
  g_autofree char *body =
      g_strdup_printf ("{\"name\":\"%s\",\"number\":%d,\"fields\":[\"%s\"]}", name, number, field);
  g_autoptr (LtResponse) r =
      lt_staff_post (fx->srv, "/api/v1/units/" UNIT "/counters", body, fx->admin);
  return g_strdup (lt_str (lt_assert_json (r, 201), "counter.id"));
}

static char *
book (Fx *fx, const char *field, const char *slot, guint n)
{
  g_autofree char *cccd = lt_cccd (n);
  LtBooking b = { "Lê Thị Thống Kê", cccd, NULL, UNIT, field, DAY, slot };
  return lt_book_ok (fx->srv, &b);
}

/* The clock to DAY at hhmmss, and a fresh staff session (an idle one ends after an hour).
 * The dev clock runs on after a jump, and a sign-in (Argon2id) may take a second on a busy
 * machine: the clock is set again after it, so the action that follows is at hhmmss. */
static void
at (Fx *fx, const char *hhmmss)
{
  g_autofree char *now = g_strdup_printf (DAY "T%s+07:00", hhmmss);
  lt_server_set_clock (fx->srv, now);
  g_free (fx->staff);
  fx->staff = lt_staff_login_ok (fx->srv, "canbo.thongke", LT_STAFF_PASSWORD);
  lt_server_set_clock (fx->srv, now);
}

static void
kiosk (Fx *fx, const char *path, const char *body, long status)
{
  g_autoptr (LtResponse) r =
      lt_post_json_auth (fx->srv, path, body, lt_server_kiosk_token (fx->srv, LT_KIOSK_PHO_YEN));
  lt_assert_json (r, status);
}

static void
checkin (Fx *fx, const char *code)
{
  g_autofree char *body = g_strdup_printf ("{\"input\":\"%s\"}", code);
  kiosk (fx, "/api/v1/kiosk/checkin", body, 200);
}

static void
counter (Fx *fx, const char *counter_id, const char *action)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/counters/%s/%s", counter_id, action);
  g_autoptr (LtResponse) r = lt_staff_post (fx->srv, path, NULL, fx->staff);
  lt_assert_json (r, 200);
}

/* The bookings, made on the 25th for Friday 26/9. */
static void
script_bookings (Fx *fx, char **codes)
{
  codes[0] = book (fx, FIELD_A, "0730-0930", 1);
  codes[1] = book (fx, FIELD_A, "0730-0930", 2);
  codes[2] = book (fx, FIELD_A, "0730-0930", 3); /* never comes: expired */
  codes[3] = book (fx, FIELD_B, "0930-1100", 4);
  codes[4] = book (fx, FIELD_A, "1400-1600", 5); /* cancelled */
  codes[5] = book (fx, FIELD_B, "1400-1600", 6); /* never comes: expired */
  g_autofree char *cccd = lt_cccd (5);
  g_autofree char *path = g_strdup_printf ("/api/v1/bookings/%s/cancel", codes[4]);
  g_autofree char *body = g_strdup_printf ("{\"cccd\":\"%s\"}", cccd);
  g_autoptr (LtResponse) r = lt_post_json (fx->srv, path, body);
  lt_assert_json (r, 200);
}

/* Friday: waits 600, 840, 1680 (skipped), 600, 1140; services 300, 600, 600, 120. */
static void
script_day (Fx *fx, char **codes)
{
  at (fx, "07:30:00"), checkin (fx, codes[0]);
  at (fx, "07:31:00"), checkin (fx, codes[1]);
  at (fx, "07:32:00"),
      kiosk (fx, "/api/v1/kiosk/tickets", "{\"field\":\"" FIELD_A "\",\"priority\":false}", 201);
  at (fx, "07:40:00"), counter (fx, fx->counter1, "next"); /* 1st appointment: waited 600 */
  at (fx, "07:45:00"), counter (fx, fx->counter1, "next"); /* done in 300; 2nd waited 840 */
  at (fx, "07:55:00"), counter (fx, fx->counter1, "done"); /* served in 600 */
  at (fx, "08:00:00"), counter (fx, fx->counter1, "next"); /* the walk-in waited 1680 */
  at (fx, "08:02:00"), counter (fx, fx->counter1, "skip");
  at (fx, "09:10:00"), checkin (fx, codes[3]);
  at (fx, "09:12:00"),
      kiosk (fx, "/api/v1/kiosk/tickets", "{\"field\":\"" FIELD_B "\",\"priority\":false}", 201);
  at (fx, "09:20:00"), counter (fx, fx->counter2, "next"); /* waited 600 */
  at (fx, "09:30:00"), counter (fx, fx->counter2, "done"); /* served in 600 */
  at (fx, "09:31:00"), counter (fx, fx->counter2, "next"); /* the walk-in waited 1140 */
  at (fx, "09:33:00"), counter (fx, fx->counter2, "done"); /* served in 120 */
}

/* A server with the accounts and the two counters, nothing else yet. */
static void
fx_setup_bare (Fx *fx, gconstpointer data)
{
  g_autoptr (GError) err = NULL;
  fx->dir = g_dir_make_tmp ("layso-stats-XXXXXX", &err);
  g_assert_no_error (err);
  LtServerOptions o = { .work_dir = fx->dir,
                        .seed = true,
                        .clock = LT_NOW_BOOKING,
                        .expect_kiosk_tokens = LT_SEED_KIOSKS };
  fx->srv = lt_server_start (&o);
  fx->admin = lt_staff_admin_cookie (fx->srv);
  g_free (lt_staff_user_cookie (fx->srv, fx->admin, "canbo.thongke", "staff", UNIT));
  fx->counter1 = make_counter (fx, "Quầy 1", 1, FIELD_A);
  fx->counter2 = make_counter (fx, "Quầy 2", 2, FIELD_B);
}

static void
fx_setup (Fx *fx, gconstpointer data)
{
  fx_setup_bare (fx, data);
  char *codes[6];
  script_bookings (fx, codes);
  script_day (fx, codes);
  for (int i = 0; i < 6; i++)
    g_free (codes[i]);
  /* a restart on Monday: the start-up job expires Friday's bookings nobody came for */
  lt_server_stop (fx->srv);
  LtServerOptions later = { .work_dir = fx->dir, .seed = true, .clock = LATER };
  fx->srv = lt_server_start (&later);
  g_free (fx->admin);
  fx->admin = lt_staff_admin_cookie (fx->srv);
}

static void
fx_teardown (Fx *fx, gconstpointer data)
{
  lt_server_stop (fx->srv);
  g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", fx->dir);
  g_assert_cmpint (system (rm), ==, 0);
  g_free (fx->dir);
  g_free (fx->admin);
  g_free (fx->staff);
  g_free (fx->counter1);
  g_free (fx->counter2);
}

/* The figures at `prefix`: bookings, checked_in, expired, cancelled (-1: absent, as for a
 * counter), tickets, walk_ins, done, skipped, wait p50, p90, service p50, p90 (-1: null). */
static void
assert_figures (json_object *j, const char *prefix, const gint64 e[12])
{
  static const char *const names[] = {
    "bookings",
    "checked_in",
    "expired",
    "cancelled",
    "tickets",
    "walk_ins",
    "done",
    "skipped",
    "wait_seconds.p50",
    "wait_seconds.p90",
    "service_seconds.p50",
    "service_seconds.p90",
  };
  for (int i = 0; i < 12; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s%s%s", prefix, *prefix ? "." : "", names[i]);
      json_object *v = lt_json_at (j, path);
      if (e[i] < 0)
        {
          if (v)
            lt_fail_at (__FILE__, __LINE__, "%s: expected null or absent, got %s", path,
                        json_object_to_json_string (v));
          continue;
        }
      lt_assert_int (j, path, e[i]);
    }
}

static const gint64 friday[12] = { 6, 3, 2, 1, 5, 2, 4, 1, 840, 1680, 300, 600 };
static const gint64 field_a[12] = { 4, 2, 1, 1, 3, 1, 2, 1, 840, 1680, 300, 600 };
static const gint64 field_b[12] = { 2, 1, 1, 0, 2, 1, 2, 0, 600, 1140, 120, 600 };
static const gint64 counter_1[12] = { -1, -1, -1, -1, 3, 1, 2, 1, 840, 1680, 300, 600 };
static const gint64 counter_2[12] = { -1, -1, -1, -1, 2, 1, 2, 0, 600, 1140, 120, 600 };
static const gint64 empty_day[12] = { 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1 };

static void
test_scripted_day (Fx *fx, gconstpointer data)
{
  g_autoptr (LtResponse) r = lt_staff_get (fx->srv, STATS RANGE, fx->admin);
  json_object *j = lt_assert_json (r, 200);
  lt_assert_str (j, "unit.id", UNIT);
  lt_assert_str (j, "from", "2025-09-25");
  lt_assert_str (j, "to", "2025-09-29");
  assert_figures (j, "totals", friday);
  lt_assert_int (j, "totals.wait_seconds.n", 5);
  lt_assert_int (j, "totals.service_seconds.n", 4);
  /* a day each, Thursday to Monday, the weekend included */
  g_assert_cmpuint (json_object_array_length (lt_array (j, "days")), ==, 5);
  lt_assert_str (j, "days.0.date", "2025-09-25");
  assert_figures (j, "days.0", empty_day);
  lt_assert_str (j, "days.1.date", DAY);
  assert_figures (j, "days.1", friday);
  lt_assert_str (j, "days.4.date", "2025-09-29");
  assert_figures (j, "days.4", empty_day);
  /* every field of the unit, in order */
  g_assert_cmpuint (json_object_array_length (lt_array (j, "fields")), ==, 6);
  lt_assert_str (j, "fields.0.id", FIELD_A);
  assert_figures (j, "fields.0", field_a);
  lt_assert_str (j, "fields.1.id", FIELD_B);
  assert_figures (j, "fields.1", field_b);
  lt_assert_str (j, "counters.0.id", fx->counter1);
  lt_assert_int (j, "counters.0.number", 1);
  assert_figures (j, "counters.0", counter_1);
  lt_assert_str (j, "counters.1.id", fx->counter2);
  assert_figures (j, "counters.1", counter_2);
  /* seats held per slot, busiest first; the cancelled booking holds none */
  lt_assert_str (j, "busiest_slots.0.id", "0730-0930");
  lt_assert_str (j, "busiest_slots.0.start", "07:30");
  lt_assert_int (j, "busiest_slots.0.booked", 3);
  lt_assert_str (j, "busiest_slots.1.id", "0930-1100");
  lt_assert_int (j, "busiest_slots.1.booked", 1);
  lt_assert_str (j, "busiest_slots.2.id", "1400-1600");
  lt_assert_int (j, "busiest_slots.2.booked", 1);
}

static void
test_filters (Fx *fx, gconstpointer data)
{
  /* one field: its figures are the totals, and the only field listed */
  g_autoptr (LtResponse) f = lt_staff_get (fx->srv, STATS RANGE "&field=" FIELD_B, fx->admin);
  json_object *j = lt_assert_json (f, 200);
  lt_assert_str (j, "field", FIELD_B);
  assert_figures (j, "totals", field_b);
  g_assert_cmpuint (json_object_array_length (lt_array (j, "fields")), ==, 1);
  lt_assert_str (j, "busiest_slots.0.id", "0930-1100"); /* 1, 1, 0: ties in slot order */
  lt_assert_str (j, "busiest_slots.1.id", "1400-1600");
  lt_assert_int (j, "busiest_slots.2.booked", 0);
  /* one counter: its tickets; bookings stay the unit's (a booking has no counter) */
  g_autofree char *path = g_strdup_printf (STATS RANGE "&counter=%s", fx->counter2);
  g_autoptr (LtResponse) c = lt_staff_get (fx->srv, path, fx->admin);
  j = lt_assert_json (c, 200);
  lt_assert_str (j, "counter", fx->counter2);
  const gint64 expected[12] = { 6, 3, 2, 1, 2, 1, 2, 0, 600, 1140, 120, 600 };
  assert_figures (j, "totals", expected);
  g_assert_cmpuint (json_object_array_length (lt_array (j, "counters")), ==, 1);
  /* a range without Friday: zero, and no percentile */
  g_autoptr (LtResponse) e =
      lt_staff_get (fx->srv, STATS "?from=2025-09-27&to=2025-09-28", fx->admin);
  assert_figures (lt_assert_json (e, 200), "totals", empty_day);
}

static size_t
collect (char *data, size_t size, size_t n, void *user)
{
  g_string_append_len (user, data, (gssize) (size * n));
  return size * n;
}

/* A GET with the cookie, keeping the headers (the harness keeps only a few). */
static long
get_with_headers (Fx *fx, const char *path, GString *headers, GString *body)
{
  g_autofree char *url = g_strdup_printf ("%s%s", lt_server_url (fx->srv), path);
  CURL *curl = curl_easy_init ();
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_COOKIE, fx->admin);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, collect);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, headers);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, body);
  g_assert_cmpint (curl_easy_perform (curl), ==, CURLE_OK);
  long status = 0;
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup (curl);
  return status;
}

static void
test_csv (Fx *fx, gconstpointer data)
{
  g_autoptr (GString) headers = g_string_new (NULL);
  g_autoptr (GString) body = g_string_new (NULL);
  g_assert_cmpint (get_with_headers (fx, STATS RANGE "&format=csv", headers, body), ==, 200);
  g_autofree char *lower = g_ascii_strdown (headers->str, -1);
  g_assert_nonnull (strstr (lower, "content-type: text/csv; charset=utf-8\r\n"));
  g_assert_nonnull (strstr (lower, "content-disposition: attachment; filename=\"thong-ke-" UNIT
                                   "-2025-09-25-2025-09-29.csv\"\r\n"));
  g_assert_true (g_str_has_prefix (body->str, "\xEF\xBB\xBF"
                                              "Ngày,Lượt đặt lịch,Đã lấy số,Vắng mặt (hết hạn),"));
  g_assert_true (g_utf8_validate (body->str, (gssize) body->len, NULL));
  g_auto (GStrv) lines = g_strsplit (body->str, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 8); /* header, 5 days, total, "" after the last */
  g_assert_cmpstr (lines[1], ==, "2025-09-25,0,0,0,0,0,0,0,0,,,,");
  g_assert_cmpstr (lines[2], ==, DAY ",6,3,2,1,5,2,4,1,840,1680,300,600");
  g_assert_cmpstr (lines[5], ==, "2025-09-29,0,0,0,0,0,0,0,0,,,,");
  g_assert_cmpstr (lines[6], ==, "Tổng,6,3,2,1,5,2,4,1,840,1680,300,600");
  g_assert_cmpstr (lines[7], ==, "");
}

/* Managers of the unit and admins only; everything else is told why, before any read. */
static void
test_access (Fx *fx, gconstpointer data)
{
  g_autoptr (LtResponse) none = lt_staff_get (fx->srv, STATS RANGE, NULL);
  lt_assert_error (none, 401, "unauthorized", NULL);
  g_autofree char *other =
      lt_staff_user_cookie (fx->srv, fx->admin, "quanly.baxuyen", "manager", LT_UNIT_BA_XUYEN);
  g_autoptr (LtResponse) r1 = lt_staff_get (fx->srv, STATS RANGE, other);
  lt_assert_error (r1, 403, "forbidden", NULL);
  g_autoptr (LtResponse) r2 = lt_staff_get (fx->srv, STATS RANGE "&format=csv", other);
  lt_assert_error (r2, 403, "forbidden", NULL);
  g_autofree char *staff = lt_staff_login_ok (fx->srv, "canbo.thongke", LT_STAFF_PASSWORD);
  g_autoptr (LtResponse) r3 = lt_staff_get (fx->srv, STATS RANGE, staff);
  lt_assert_error (r3, 403, "forbidden", NULL);
  /* the unit's own manager may; so may the other manager on their own unit */
  g_autofree char *own =
      lt_staff_user_cookie (fx->srv, fx->admin, "quanly.phoyen", "manager", UNIT);
  g_autoptr (LtResponse) r4 = lt_staff_get (fx->srv, STATS RANGE, own);
  assert_figures (lt_assert_json (r4, 200), "totals", friday);
  g_autoptr (LtResponse) r5 =
      lt_staff_get (fx->srv, "/api/v1/admin/units/" LT_UNIT_BA_XUYEN "/stats" RANGE, other);
  assert_figures (lt_assert_json (r5, 200), "totals", empty_day);
  g_autoptr (LtResponse) r6 =
      lt_staff_get (fx->srv, "/api/v1/admin/units/khong-co/stats" RANGE, fx->admin);
  lt_assert_error (r6, 404, "not_found", NULL);
}

typedef struct
{
  const char *query;
  const char *field;
} BadQuery;

static const BadQuery bad_queries[] = {
  { "", "from" },
  { "?to=2025-09-26", "from" },
  { "?from=2025-09-26", "to" },
  { "?from=26/09/2025&to=2025-09-26", "from" },
  { "?from=2025-02-30&to=2025-03-01", "from" },
  { "?from=2025-09-26&to=2025-09-25", "to" }, /* backwards */
  { "?from=2025-01-01&to=2026-01-02", "to" }, /* 367 days */
  { "?from=2025-09-26&to=2025-09-26x", "to" },
  { "?from=2025-09-26&to=2025-09-26&field=khong-co", "field" },
  { "?from=2025-09-26&to=2025-09-26&field=", "field" },
  { "?from=2025-09-26&to=2025-09-26&counter=khong-co", "counter" },
  { "?from=2025-09-26&to=2025-09-26&format=xlsx", "format" },
};

static void
test_bad_input (Fx *fx, gconstpointer data)
{
  for (size_t i = 0; i < G_N_ELEMENTS (bad_queries); i++)
    {
      g_autofree char *path = g_strdup_printf (STATS "%s", bad_queries[i].query);
      g_autoptr (LtResponse) r = lt_staff_get (fx->srv, path, fx->admin);
      lt_assert_error (r, 400, "invalid_input", bad_queries[i].field);
    }
  /* 366 days is the most, and allowed */
  g_autoptr (LtResponse) ok =
      lt_staff_get (fx->srv, STATS "?from=2025-01-01&to=2026-01-01", fx->admin);
  g_assert_cmpuint (json_object_array_length (lt_array (lt_assert_json (ok, 200), "days")), ==,
                    366);
}

/* Wait runs to the first call, service from the call at the counter that finished it: a
 * walk-in issued at 08:00, called at Quầy 1 at 08:05, transferred to Hộ tịch, called again
 * at Quầy 2 at 08:20 and done at 08:23 waited 300 s and was served in 180 s. */
static void
test_transfer (Fx *fx, gconstpointer data)
{
  at (fx, "08:00:00");
  kiosk (fx, "/api/v1/kiosk/tickets", "{\"field\":\"" FIELD_A "\",\"priority\":false}", 201);
  at (fx, "08:05:00"), counter (fx, fx->counter1, "next");
  at (fx, "08:06:00");
  g_autofree char *path = g_strdup_printf ("/api/v1/counters/%s/transfer", fx->counter1);
  g_autoptr (LtResponse) t =
      lt_staff_post (fx->srv, path, "{\"field\":\"" FIELD_B "\"}", fx->staff);
  lt_assert_json (t, 200);
  at (fx, "08:20:00"), counter (fx, fx->counter2, "next");
  at (fx, "08:23:00"), counter (fx, fx->counter2, "done");
  g_free (fx->admin); /* the day's clock left the first session idle too long */
  fx->admin = lt_staff_login_ok (fx->srv, LT_ADMIN_USER, LT_ADMIN_PASSWORD);
  g_autoptr (LtResponse) r = lt_staff_get (fx->srv, STATS "?from=" DAY "&to=" DAY, fx->admin);
  json_object *j = lt_assert_json (r, 200);
  const gint64 expected[12] = { 0, 0, 0, 0, 1, 1, 1, 0, 300, 300, 180, 180 };
  assert_figures (j, "totals", expected);
  /* it counts in the field it ended in and at the counter that finished it */
  lt_assert_int (j, "fields.0.tickets", 0);
  lt_assert_int (j, "fields.1.tickets", 1);
  lt_assert_int (j, "counters.0.tickets", 0);
  lt_assert_int (j, "counters.1.tickets", 1);
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  /* one scripted day, read many ways: set up once per test (each test its own server) */
  g_test_add ("/layso/stats/scripted-day", Fx, NULL, fx_setup, test_scripted_day, fx_teardown);
  g_test_add ("/layso/stats/filters", Fx, NULL, fx_setup, test_filters, fx_teardown);
  g_test_add ("/layso/stats/csv", Fx, NULL, fx_setup, test_csv, fx_teardown);
  g_test_add ("/layso/stats/access", Fx, NULL, fx_setup, test_access, fx_teardown);
  g_test_add ("/layso/stats/bad-input", Fx, NULL, fx_setup, test_bad_input, fx_teardown);
  g_test_add ("/layso/stats/transfer", Fx, NULL, fx_setup_bare, test_transfer, fx_teardown);
  return g_test_run ();
}
