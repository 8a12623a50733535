/* `layso-server --rotate-kiosk-token KIOSK_ID`, run against the database of a server that is
 * running: the kiosk's old token is refused at once (401), the printed new one is accepted;
 * an unknown id (exit 1) and a combination with server options (exit 2) change nothing. */
#include "harness.h"

#include <string.h>

#define TOKEN_LINE_REGEX "^kiosk token: [A-Za-z0-9_-]{43}\n$"

static char *
db_spec (LtServer *srv)
{
  return lt_db_spec (lt_server_work_dir (srv));
}

static void
assert_token_ok (LtServer *srv, const char *token, const char *kiosk_id)
{
  g_autoptr (LtResponse) r = lt_get_auth (srv, "/api/v1/kiosk/me", token);
  lt_assert_str (lt_assert_json (r, 200), "kiosk.id", kiosk_id);
}

static void
assert_token_refused (LtServer *srv, const char *token)
{
  g_autoptr (LtResponse) r = lt_get_auth (srv, "/api/v1/kiosk/me", token);
  lt_assert_error (r, 401, "unauthorized", NULL);
}

/* A failed command: the exit status, one line on stderr, nothing on stdout. */
static void
assert_refused (const LtCommand *c, int exit_status, const char *in_message)
{
  if (c->exit_status != exit_status)
    lt_fail_at (__FILE__, __LINE__, "expected exit %d, got %d; stderr: %s", exit_status,
                c->exit_status, c->err);
  g_assert_cmpstr (c->out, ==, "");
  g_assert_true (g_str_has_prefix (c->err, "layso-server: "));
  g_assert_true (g_str_has_suffix (c->err, "\n"));
  g_assert_true (strchr (c->err, '\n') == c->err + strlen (c->err) - 1); /* one line */
  g_assert_nonnull (strstr (c->err, in_message));
}

static char *
rotate_ok (LtServer *srv, const char *kiosk_id)
{
  g_autofree char *db = db_spec (srv);
  const char *args[] = { "--db", db, "--rotate-kiosk-token", kiosk_id, NULL };
  g_auto (LtCommand) c = { 0 };
  lt_run_server_command (args, &c);
  if (c.exit_status != 0)
    lt_fail_at (__FILE__, __LINE__, "rotate exited %d; stderr: %s", c.exit_status, c.err);
  if (!g_regex_match_simple (TOKEN_LINE_REGEX, c.out, 0, 0))
    lt_fail_at (__FILE__, __LINE__, "expected one `kiosk token:` line, got: %s", c.out);
  g_assert_cmpstr (c.err, ==, "");
  return g_strndup (c.out + strlen ("kiosk token: "), 43);
}

static void
test_rotate (void)
{
  LtServer *srv = lt_server_start_default ();
  const char *old_token = lt_server_kiosk_token (srv, LT_KIOSK_PHO_YEN);
  const char *other_token = lt_server_kiosk_token (srv, LT_KIOSK_BA_XUYEN);
  assert_token_ok (srv, old_token, LT_KIOSK_PHO_YEN);

  g_autofree char *new_token = rotate_ok (srv, LT_KIOSK_PHO_YEN);
  g_assert_cmpstr (new_token, !=, old_token);
  assert_token_refused (srv, old_token);
  assert_token_ok (srv, new_token, LT_KIOSK_PHO_YEN);
  assert_token_ok (srv, other_token, LT_KIOSK_BA_XUYEN); /* only that kiosk changed */
  /* the new token acts for its kiosk, not only on /me */
  g_autoptr (LtResponse) walk_in = lt_post_json_auth (
      srv, "/api/v1/kiosk/tickets", "{\"field\":\"chung-thuc\",\"priority\":false}", new_token);
  lt_assert_json (walk_in, 201);

  /* rotating again retires the token printed last time */
  g_autofree char *newer_token = rotate_ok (srv, LT_KIOSK_PHO_YEN);
  g_assert_cmpstr (newer_token, !=, new_token);
  assert_token_refused (srv, new_token);
  assert_token_refused (srv, old_token);
  assert_token_ok (srv, newer_token, LT_KIOSK_PHO_YEN);
  lt_server_assert_healthy (srv);
  lt_server_stop (srv);
}

static void
test_unknown_kiosk (void)
{
  LtServer *srv = lt_server_start_default ();
  g_autofree char *db = db_spec (srv);
  const char *ids[] = { "kiosk-khong-co", "KIOSK-PHO-YEN-1", "kiosk-pho-yen-1 " };
  for (size_t i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      const char *args[] = { "--db", db, "--rotate-kiosk-token", ids[i], NULL };
      g_auto (LtCommand) c = { 0 };
      lt_run_server_command (args, &c);
      assert_refused (&c, 1, ids[i]);
    }
  assert_token_ok (srv, lt_server_kiosk_token (srv, LT_KIOSK_PHO_YEN), LT_KIOSK_PHO_YEN);
  assert_token_ok (srv, lt_server_kiosk_token (srv, LT_KIOSK_BA_XUYEN), LT_KIOSK_BA_XUYEN);

  /* a mistyped database path: refused, and no empty database left behind */
  g_autofree char *missing = g_strdup_printf ("%s/khong-co.db", lt_server_work_dir (srv));
  g_autofree char *missing_spec = g_strdup_printf ("sqlite:%s", missing);
  const char *args[] = { "--db", missing_spec, "--rotate-kiosk-token", LT_KIOSK_PHO_YEN, NULL };
  g_auto (LtCommand) c = { 0 };
  lt_run_server_command (args, &c);
  assert_refused (&c, 1, missing);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  lt_server_stop (srv);
}

static void
test_bad_combination (void)
{
  LtServer *srv = lt_server_start_default ();
  g_autofree char *db = db_spec (srv);
  const char *seed = g_getenv ("LAYSO_TEST_SEED");
  const char *combined[][3] = {
    { "--listen", "127.0.0.1:0", NULL },           { "--seed-demo", NULL, NULL },
    { "--seed", seed ? seed : "seed.json", NULL }, { "--dev", NULL, NULL },
    { "--trusted-proxy", "127.0.0.1", NULL },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (combined); i++)
    {
      const char *args[] = {
        "--db", db, "--rotate-kiosk-token", LT_KIOSK_PHO_YEN, combined[i][0], combined[i][1], NULL
      };
      g_auto (LtCommand) c = { 0 };
      lt_run_server_command (args, &c);
      assert_refused (&c, 2, combined[i][0]);
    }
  const char *empty_id[] = { "--db", db, "--rotate-kiosk-token", "", NULL };
  g_auto (LtCommand) c = { 0 };
  lt_run_server_command (empty_id, &c);
  assert_refused (&c, 2, "--rotate-kiosk-token");
  assert_token_ok (srv, lt_server_kiosk_token (srv, LT_KIOSK_PHO_YEN), LT_KIOSK_PHO_YEN);
  lt_server_stop (srv);
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_test_add_func ("/layso/integration/token-rotation/rotate", test_rotate);
  g_test_add_func ("/layso/integration/token-rotation/unknown-kiosk", test_unknown_kiosk);
  g_test_add_func ("/layso/integration/token-rotation/bad-combination", test_bad_combination);
  return g_test_run ();
}
