/* `layso-server --db postgresql://… --migrate-from sqlite:PATH`: a SQLite database in use
 * (bookings, a check-in, staff, a counter's call) copied into an empty PostgreSQL database;
 * a server on PostgreSQL then finds everything, the old kiosk token works, and new rows get
 * fresh ids. A second copy is refused. */
#include "harness.h"
#include "staff-client.h"

#include <string.h>

#define DAY_NOW "2025-09-26T07:40:00+07:00"

typedef struct
{
  char *code, *cccd, *ticket, *token, *admin_cookie;
} Before;

/* Phase 1, on SQLite: a booking checked in, another one waiting, a counter that called. */
static void
use_sqlite (const char *dir, Before *ret)
{
  g_unsetenv ("LAYSO_TEST_DB");
  LtServerOptions o = {
    .work_dir = dir, .seed = true, .clock = LT_NOW_BOOKING, .expect_kiosk_tokens = LT_SEED_KIOSKS
  };
  LtServer *srv = lt_server_start (&o);
  LtBooking b = { .name = "Phan Văn Cũ",
                  .cccd = "079000270001",
                  .unit = LT_UNIT_PHO_YEN,
                  .field = "ho-tich",
                  .date = "2025-09-26",
                  .slot = "0730-0930" };
  LtBooking b2 = { .name = "Phan Thị Cũ",
                   .cccd = "079000270002",
                   .unit = LT_UNIT_PHO_YEN,
                   .field = "ho-tich",
                   .date = "2025-10-01",
                   .slot = "0730-0930" };
  g_autofree char *checked_in = lt_book_ok (srv, &b);
  ret->code = lt_book_ok (srv, &b2);
  ret->cccd = g_strdup (b2.cccd);
  lt_server_set_clock (srv, DAY_NOW);
  ret->token = g_strdup (lt_server_kiosk_token (srv, LT_KIOSK_PHO_YEN));
  g_autofree char *in = g_strdup_printf ("{\"input\":\"%s\"}", checked_in);
  g_autoptr (LtResponse) t = lt_post_json_auth (srv, "/api/v1/kiosk/checkin", in, ret->token);
  ret->ticket = g_strdup (lt_str (lt_assert_json (t, 200), "ticket.id"));
  ret->admin_cookie = lt_staff_admin_cookie (srv);
  lt_server_stop (srv);
}

static LtCommand
migrate (const char *pg_spec, const char *sqlite_spec)
{
  const char *args[] = { "--db", pg_spec, "--migrate-from", sqlite_spec, NULL };
  LtCommand c = { 0 };
  lt_run_server_command (args, &c);
  return c;
}

static void
test_migrate (void)
{
  g_autofree char *dir = g_dir_make_tmp ("layso-migrate-XXXXXX", NULL);
  Before before = { 0 };
  use_sqlite (dir, &before);
  g_autofree char *sqlite_spec = g_strdup_printf ("sqlite:%s/layso.db", dir);

  g_setenv ("LAYSO_TEST_DB", "postgresql", TRUE);
  g_autofree char *pg_dir = g_dir_make_tmp ("layso-migrate-pg-XXXXXX", NULL);
  g_autofree char *pg_spec = lt_db_spec (pg_dir);
  g_auto (LtCommand) done = migrate (pg_spec, sqlite_spec);
  if (done.exit_status != 0)
    lt_fail_at (__FILE__, __LINE__, "migrate exited %d: %s", done.exit_status, done.err);
  g_assert_true (g_str_has_prefix (done.out, "migrated "));
  g_auto (LtCommand) again = migrate (pg_spec, sqlite_spec);
  g_assert_cmpint (again.exit_status, ==, 1);
  g_assert_nonnull (strstr (again.err, "nothing copied"));

  LtServerOptions o = { .work_dir = pg_dir, .clock = DAY_NOW };
  LtServer *srv = lt_server_start (&o);
  g_autoptr (LtResponse) health = lt_get (srv, "/api/v1/health");
  lt_assert_str (lt_assert_json (health, 200), "store", "postgresql");
  g_autofree char *path = g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", before.code, before.cccd);
  g_autoptr (LtResponse) kept = lt_get (srv, path);
  lt_assert_str (lt_assert_json (kept, 200), "status", "booked");
  g_autoptr (LtResponse) me = lt_get_auth (srv, "/api/v1/kiosk/me", before.token);
  lt_assert_str (lt_assert_json (me, 200), "kiosk.id", LT_KIOSK_PHO_YEN);
  g_autofree char *status = g_strdup_printf ("/api/v1/tickets/%s/status", before.ticket);
  g_autoptr (LtResponse) ticket = lt_get (srv, status);
  lt_assert_str (lt_assert_json (ticket, 200), "number", "B1001");
  /* the staff session came along; new rows get ids after the copied ones */
  g_autoptr (LtResponse) staff_me = lt_staff_get (srv, "/api/v1/auth/me", before.admin_cookie);
  lt_assert_json (staff_me, 200);
  g_autoptr (LtResponse) walk_in = lt_post_json_auth (
      srv, "/api/v1/kiosk/tickets", "{\"field\":\"ho-tich\",\"priority\":false}", before.token);
  lt_assert_json (walk_in, 201);
  lt_server_set_clock (srv, LT_NOW_BOOKING);
  LtBooking b3 = { .name = "Phan Văn Mới",
                   .cccd = "079000270003",
                   .unit = LT_UNIT_PHO_YEN,
                   .field = "ho-tich",
                   .date = "2025-10-01",
                   .slot = "0730-0930" };
  g_free (lt_book_ok (srv, &b3));
  g_autofree char *rows = lt_sql (pg_dir, "SELECT count(*) FROM bookings");
  g_assert_cmpstr (rows, ==, "3");
  lt_server_stop (srv);
  g_free (before.code);
  g_free (before.cccd);
  g_free (before.ticket);
  g_free (before.token);
  g_free (before.admin_cookie);
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_test_add_func ("/layso/integration/migrate-from/sqlite-to-postgresql", test_migrate);
  return g_test_run ();
}
