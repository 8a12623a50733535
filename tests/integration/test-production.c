/* A server started exactly as production starts it: no --dev, no --clock, no --rate-limit.
 * The dev clock route must not exist (404 to GET and POST alike), the default limits of
 * server/main.c must apply (POSTs per client address: 1200 a minute, bursts of 600; failed
 * look-ups: 10 lock a code or a CCCD), and --dev must never be announced. A --dev server, by contrast,
 * says so loudly on stderr, and there GET /dev/clock reads the clock. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

static LtServer *srv;

/* server/main.c's defaults, as docs/api.md states them. */
#define POST_BURST      600 /* DEFAULT_RATE_PER_MINUTE 1200, bursts up to N/2 */
#define POST_REFILL_S   20  /* 1200 a minute */
#define LOOKUP_FAILURES 10  /* LAYSO_LOOKUP_KEY_THRESHOLD */
#define DEV_WARNING     "WARNING: --dev"

static void
test_dev_clock_is_404 (void)
{
  g_autoptr (LtResponse) get = lt_get (srv, "/api/v1/dev/clock");
  lt_assert_error (get, 404, "not_found", NULL);
  const char *bodies[] = { "{\"now\":\"2025-09-26T07:12:00+07:00\"}", "{}", "nope" };
  for (size_t i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr (LtResponse) post = lt_post_json (srv, "/api/v1/dev/clock", bodies[i]);
      lt_assert_error (post, 404, "not_found", NULL);
    }
  /* The clock did not move: the bookable days still follow the real date. */
  g_autoptr (LtResponse) days = lt_get (srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/days");
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Ho_Chi_Minh");
  g_autoptr (GDateTime) now = g_date_time_new_now (tz);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr (GDateTime) later = g_date_time_add_days (now, 20);
  g_autofree char *bound = g_date_time_format (later, "%Y-%m-%d");
  const char *first = lt_str (lt_assert_json (days, 200), "days.0.date");
  g_assert_cmpstr (first, >, today);
  g_assert_cmpstr (first, <, bound);
}

static void
test_no_dev_warning (void)
{
  g_autofree char *err = lt_server_stderr (srv);
  if (strstr (err, DEV_WARNING))
    lt_fail_at (__FILE__, __LINE__, "a production server announced --dev:\n%s", err);
}

static void
test_dev_warns (void)
{
  LtServer *dev = lt_server_start_default ();
  g_autofree char *err = lt_server_stderr (dev);
  const char *w = strstr (err, "layso-server: " DEV_WARNING ": ");
  if (!w)
    lt_fail_at (__FILE__, __LINE__, "--dev gave no warning on stderr:\n%s", err);
  g_assert_nonnull (strstr (w, "rate limits are off"));
  g_assert_nonnull (strstr (w, "never use --dev in production\n"));
  /* In --dev the GET row reads the clock (it runs on from --clock). */
  g_autoptr (LtResponse) get = lt_get (dev, "/api/v1/dev/clock");
  lt_assert_match (lt_assert_json (get, 200), "now", "^2025-09-25T10:0[0-9]:[0-9]{2}\\+07:00$");
  lt_server_stop (dev);
}

/* The first bookable day and a booking on it, by the real clock. */
static char *
book_first_day (const char *cccd)
{
  g_autoptr (LtResponse) days = lt_get (srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/days");
  const char *date = lt_str (lt_assert_json (days, 200), "days.0.date");
  LtBooking b = { .name = "Hà Văn Mười",
                  .cccd = cccd,
                  .unit = LT_UNIT_PHO_YEN,
                  .field = "chung-thuc",
                  .date = date,
                  .slot = "0730-0930" };
  return lt_book_ok (srv, &b);
}

/* The look-up guard is on in production (routes/lookup.h): the owner's right look-ups never
 * count; 10 failed ones for a CCCD lock it, and then its right pair gets 429 too; another
 * citizen is not held up. */
static void
test_lookup_limit (void)
{
  g_autofree char *cccd = lt_cccd (901);
  g_autofree char *code = book_first_day (cccd);
  g_autofree char *path = g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", code, cccd);
  for (guint i = 0; i < 3 * LOOKUP_FAILURES; i++)
    {
      g_autoptr (LtResponse) r = lt_get (srv, path);
      if (r->status != 200)
        lt_fail_at (__FILE__, __LINE__, "right look-up %u: %ld %s", i + 1, r->status, r->body);
    }
  for (guint i = 0; i < LOOKUP_FAILURES; i++)
    {
      g_autofree char *wrong = lt_unused_code (srv);
      g_autofree char *wrong_path = g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", wrong, cccd);
      g_autoptr (LtResponse) r = lt_get (srv, wrong_path);
      lt_assert_error (r, 404, "not_found", NULL);
    }
  g_autoptr (LtResponse) over = lt_get (srv, path);
  lt_assert_error (over, 429, "rate_limited", NULL);
  g_assert_nonnull (over->retry_after);
  g_assert_cmpint (atoi (over->retry_after), >=, 1);
  lt_assert_body_lacks (over, cccd);
  /* Per CCCD: another citizen is not held up. */
  g_autofree char *other = lt_cccd (902);
  g_autofree char *other_code = book_first_day (other);
  g_autofree char *other_path = g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", other_code, other);
  g_autoptr (LtResponse) r2 = lt_get (srv, other_path);
  lt_assert_json (r2, 200);
}

static LtServer *
start_production (void)
{
  /* exactly as production runs: --db, --listen (and a seed), nothing else */
  LtServerOptions o = { .seed = true, .expect_kiosk_tokens = LT_SEED_KIOSKS };
  return lt_server_start (&o);
}

/* On a server of its own, so that its bucket is full. Invalid bookings (400) cost no writes. */
static void
test_post_limit (void)
{
  LtServer *main_srv = srv;
  srv = start_production ();
  gint64 t0 = g_get_monotonic_time ();
  for (guint i = 0; i < POST_BURST; i++)
    {
      g_autoptr (LtResponse) r = lt_post_json (srv, "/api/v1/bookings", "{}");
      if (r->status != 400)
        lt_fail_at (__FILE__, __LINE__, "POST %u of the burst of %u: %ld %s", i + 1, POST_BURST,
                    r->status, r->body);
    }
  /* The bucket refilled while the burst ran: allow that much more, then it must say 429. */
  guint allowed = (guint) ((g_get_monotonic_time () - t0) / G_USEC_PER_SEC + 1) * POST_REFILL_S;
  for (guint i = 0; i <= allowed; i++)
    {
      g_autoptr (LtResponse) r = lt_post_json (srv, "/api/v1/bookings", "{}");
      if (r->status == 429)
        {
          lt_assert_error (r, 429, "rate_limited", NULL);
          g_assert_nonnull (r->retry_after);
          g_assert_cmpint (atoi (r->retry_after), >=, 1);
          lt_server_stop (srv);
          srv = main_srv;
          return;
        }
      if (r->status != 400)
        lt_fail_at (__FILE__, __LINE__, "POST after the burst: %ld %s", r->status, r->body);
    }
  lt_fail_at (__FILE__, __LINE__, "no 429 after %u POSTs from one address", POST_BURST + allowed);
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_test_add_func ("/layso/integration/production/dev-clock-is-404", test_dev_clock_is_404);
  g_test_add_func ("/layso/integration/production/no-dev-warning", test_no_dev_warning);
  g_test_add_func ("/layso/integration/production/dev-warns", test_dev_warns);
  g_test_add_func ("/layso/integration/production/lookup-limit", test_lookup_limit);
  g_test_add_func ("/layso/integration/production/post-limit", test_post_limit);
  srv = start_production ();
  int rc = g_test_run ();
  lt_server_stop (srv);
  return rc;
}
