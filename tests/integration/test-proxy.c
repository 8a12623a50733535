/* Rate limits behind a reverse proxy (--trusted-proxy): the test plays the proxy, sending
 * X-Forwarded-For from 127.0.0.1. Only a trusted peer's header counts, and only its
 * right-most entry that is not itself a trusted proxy. */
#include "harness.h"

#include <string.h>
#include <sys/wait.h>

/* --rate-limit 10: bursts of 10 POSTs per client address, then 429 (one more every 6 s). */
static LtServer *
start_limited (const char *const *proxy_args)
{
  const char *args[8] = { "--rate-limit", "10" };
  for (guint i = 0; proxy_args && proxy_args[i]; i++)
    args[2 + i] = proxy_args[i];
  LtServerOptions o = {
    .seed = true, .clock = LT_NOW_BOOKING, .expect_kiosk_tokens = LT_SEED_KIOSKS, .extra_args = args
  };
  return lt_server_start (&o);
}

/* POSTs an (invalid) booking from `forwarded_for` (NULL: no header); the status. */
static long
post_from (LtServer *srv, const char *forwarded_for, int line)
{
  g_autofree char *h =
      forwarded_for ? g_strdup_printf ("X-Forwarded-For: %s", forwarded_for) : NULL;
  const char *headers[] = { h, NULL };
  g_autoptr (LtResponse) r = lt_request_at (__FILE__, line, srv, "POST", "/api/v1/bookings",
                                            "application/json", NULL, "{}", -1, headers);
  if (r->status == 429)
    lt_assert_error_at (__FILE__, line, r, 429, "rate_limited", NULL);
  else
    lt_assert_error_at (__FILE__, line, r, 400, "invalid_input", NULL);
  return r->status;
}

/* Uses up the burst of `forwarded_for`: 10 pass, the 11th is refused. */
static void
exhaust (LtServer *srv, const char *forwarded_for, int line)
{
  for (int i = 0; i < 10; i++)
    if (post_from (srv, forwarded_for, line) != 400)
      lt_fail_at (__FILE__, line, "POST %d from %s refused within the burst", i + 1,
                  forwarded_for ? forwarded_for : "(no header)");
  if (post_from (srv, forwarded_for, line) != 429)
    lt_fail_at (__FILE__, line, "11th POST from %s not refused",
                forwarded_for ? forwarded_for : "(no header)");
}

static void
test_clients_apart_behind_trusted_proxy (void)
{
  const char *proxy[] = { "--trusted-proxy", "127.0.0.1", NULL };
  LtServer *srv = start_limited (proxy);
  exhaust (srv, "203.0.113.1", __LINE__);
  /* Another citizen behind the same proxy has a bucket of its own. */
  g_assert_cmpint (post_from (srv, "203.0.113.2", __LINE__), ==, 400);
  /* Entries a client writes itself sit left of the proxy's: they change nothing. */
  g_assert_cmpint (post_from (srv, "198.51.100.7, 203.0.113.1", __LINE__), ==, 429);
  g_assert_cmpint (post_from (srv, "203.0.113.2, 203.0.113.1", __LINE__), ==, 429);
  /* The proxy itself in the chain is skipped: the client is the entry left of it. */
  g_assert_cmpint (post_from (srv, "203.0.113.1, 127.0.0.1", __LINE__), ==, 429);
  g_assert_cmpint (post_from (srv, "203.0.113.3, 127.0.0.1", __LINE__), ==, 400);
  /* No header, or nothing usable at its right end: the proxy's own address. */
  exhaust (srv, NULL, __LINE__);
  g_assert_cmpint (post_from (srv, "garbage", __LINE__), ==, 429);
  g_assert_cmpint (post_from (srv, "203.0.113.9, garbage", __LINE__), ==, 429);
  g_assert_cmpint (post_from (srv, "203.0.113.4", __LINE__), ==, 400);
  lt_server_assert_healthy (srv);
  lt_server_stop (srv);
}

static void
test_header_ignored_without_trusted_proxy (void)
{
  /* No --trusted-proxy, or one that is not the peer: whatever the header says, every
   * request from 127.0.0.1 shares one bucket. */
  const char *not_the_peer[] = { "--trusted-proxy", "10.0.0.9,::1", NULL };
  const char *const *variants[] = { NULL, not_the_peer };
  for (size_t v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      LtServer *srv = start_limited (variants[v]);
      exhaust (srv, "203.0.113.1", __LINE__);
      g_assert_cmpint (post_from (srv, "203.0.113.2", __LINE__), ==, 429);
      g_assert_cmpint (post_from (srv, NULL, __LINE__), ==, 429);
      lt_server_stop (srv);
    }
}

static void
test_repeated_flag (void)
{
  const char *proxies[] = { "--trusted-proxy", "10.0.0.9", "--trusted-proxy", "127.0.0.1", NULL };
  LtServer *srv = start_limited (proxies);
  exhaust (srv, "203.0.113.1", __LINE__);
  g_assert_cmpint (post_from (srv, "203.0.113.2", __LINE__), ==, 400);
  /* 10.0.0.9 is trusted too: skipped like 127.0.0.1 */
  g_assert_cmpint (post_from (srv, "203.0.113.1, 10.0.0.9", __LINE__), ==, 429);
  lt_server_stop (srv);
}

static void
test_bad_flag (void)
{
  const char *server = g_getenv ("LAYSO_SERVER");
  g_assert_nonnull (server);
  const char *bad[] = { "nginx", "127.0.0.1:80", "10.0.0.0/8", "127.0.0.1,", "" };
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *argv[] = { server,     "--db",        "sqlite::memory:",
                             "--listen", "127.0.0.1:0", "--trusted-proxy",
                             bad[i],     NULL };
      g_autofree char *err = NULL;
      int status = 0;
      g_autoptr (GError) error = NULL;
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                    &status, &error);
      g_assert_no_error (error);
      if (!WIFEXITED (status) || WEXITSTATUS (status) != 2 || !strstr (err, "--trusted-proxy"))
        lt_fail_at (__FILE__, __LINE__,
                    "--trusted-proxy \"%s\": expected exit 2 naming the "
                    "flag, got status %d: %s",
                    bad[i], status, err);
    }
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_test_add_func ("/layso/integration/proxy/clients-apart-behind-trusted-proxy",
                   test_clients_apart_behind_trusted_proxy);
  g_test_add_func ("/layso/integration/proxy/header-ignored-without-trusted-proxy",
                   test_header_ignored_without_trusted_proxy);
  g_test_add_func ("/layso/integration/proxy/repeated-flag", test_repeated_flag);
  g_test_add_func ("/layso/integration/proxy/bad-flag", test_bad_flag);
  return g_test_run ();
}
