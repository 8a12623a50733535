/* PostgreSQL going away and coming back (issue 12): while the database cannot be reached,
 * clients get 503 with Retry-After and nothing is half-written; once it is back, the server
 * reconnects by itself and every booking it acknowledged before is there. The test runs a
 * cluster of its own (tests/pg/cluster.sh), since it stops it. */
#include "harness.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#define PORT "54339" /* its socket is in its own directory: no other cluster can meet it */

static char *cluster_dir;

static void
cluster (const char *action, char **ret_out)
{
  const char *script = g_getenv ("LAYSO_PG_CLUSTER");
  g_assert_nonnull (script);
  const char *argv[] = { script, action, cluster_dir, PORT, NULL };
  g_autofree char *err = NULL;
  int status = 0;
  g_autoptr (GError) e = NULL;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, ret_out, &err,
                     &status, &e) ||
      !g_spawn_check_wait_status (status, NULL))
    lt_fail_at (__FILE__, __LINE__, "cluster.sh %s: %s", action, e ? e->message : err);
}

static LtBooking
booking (const char *cccd, const char *slot)
{
  return (LtBooking){ .name = "Mai Văn Đợi",
                      .cccd = cccd,
                      .unit = LT_UNIT_PHO_YEN,
                      .field = "ho-tich",
                      .date = "2025-10-01",
                      .slot = slot };
}

static void
test_outage (void)
{
  LtServer *srv = lt_server_start_default ();
  LtBooking before = booking ("079000260001", "0730-0930");
  g_autofree char *code = lt_book_ok (srv, &before);

  cluster ("down", NULL);
  LtBooking during = booking ("079000260002", "0730-0930");
  g_autoptr (LtResponse) refused = lt_book (srv, &during);
  lt_assert_error (refused, 503, "unavailable", NULL);
  g_assert_nonnull (refused->retry_after);
  g_assert_cmpint (atoi (refused->retry_after), >, 0);
  g_autofree char *path = g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", code, before.cccd);
  g_autoptr (LtResponse) read_refused = lt_get (srv, path);
  lt_assert_error (read_refused, 503, "unavailable", NULL);

  cluster ("up", NULL);
  /* the pool's old connections are dead: each is replaced on its next use */
  for (int i = 0; i < 10; i++)
    {
      g_autoptr (LtResponse) r = lt_get (srv, path);
      lt_assert_str (lt_assert_json (r, 200), "status", "booked");
    }
  g_autofree char *after = lt_book_ok (srv, &during);
  g_autofree char *rows =
      lt_sql (lt_server_work_dir (srv), "SELECT count(*) FROM bookings WHERE cccd IN"
                                        " ('079000260001', '079000260002')");
  g_assert_cmpstr (rows, ==, "2"); /* the refused attempt left nothing behind */
  g_autofree char *err = lt_server_stderr (srv);
  g_assert_nonnull (strstr (err, "the database cannot be reached"));
  lt_server_stop (srv);
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_autoptr (GError) e = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("layso-pg-outage-XXXXXX", &e);
  g_assert_no_error (e);
  g_chmod (tmp, 0755); /* the cluster runs as postgres, inside it */
  cluster_dir = g_build_filename (tmp, "cluster", NULL);
  g_autofree char *conninfo = NULL;
  cluster ("start", &conninfo);
  g_setenv ("LAYSO_TEST_DB", "postgresql", TRUE);
  g_setenv ("LAYSO_TEST_PG", g_strstrip (conninfo), TRUE);
  g_test_add_func ("/layso/integration/pg-outage/restart", test_outage);
  int rc = g_test_run ();
  cluster ("stop", NULL);
  g_rmdir (tmp);
  g_free (cluster_dir);
  return rc;
}
