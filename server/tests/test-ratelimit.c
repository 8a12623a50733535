/* Token buckets per client address: bursts, refill, Retry-After, addresses apart. */
#include "ratelimit.h"

#define SEC ((gint64) G_USEC_PER_SEC)

static void
test_burst_then_refuse (void)
{
  /* 60 per minute: one per second, bursts of 30 */
  LsRateLimiter *rl = ls_rate_limiter_new (60);
  gint64 t = 1000 * SEC;
  unsigned retry = 0;
  for (int i = 0; i < 30; i++)
    g_assert_true (ls_rate_limiter_allow (rl, "10.0.0.1", t, &retry));
  g_assert_false (ls_rate_limiter_allow (rl, "10.0.0.1", t, &retry));
  g_assert_cmpuint (retry, ==, 1);
  /* another address has its own bucket */
  g_assert_true (ls_rate_limiter_allow (rl, "10.0.0.2", t, &retry));
  /* one second later one more passes, then no more */
  g_assert_true (ls_rate_limiter_allow (rl, "10.0.0.1", t + SEC, &retry));
  g_assert_false (ls_rate_limiter_allow (rl, "10.0.0.1", t + SEC, &retry));
  ls_rate_limiter_free (rl);
}

static void
test_small_limit_burst_floor (void)
{
  /* 6 per minute: bursts are at least 10; the 11th waits 10 s */
  LsRateLimiter *rl = ls_rate_limiter_new (6);
  unsigned retry = 0;
  for (int i = 0; i < 10; i++)
    g_assert_true (ls_rate_limiter_allow (rl, "::1", 0, &retry));
  g_assert_false (ls_rate_limiter_allow (rl, "::1", 0, &retry));
  g_assert_cmpuint (retry, ==, 10);
  g_assert_true (ls_rate_limiter_allow (rl, "::1", 10 * SEC, &retry));
  ls_rate_limiter_free (rl);
}

static void
test_full_after_idle (void)
{
  LsRateLimiter *rl = ls_rate_limiter_new (120);
  unsigned retry;
  for (int i = 0; i < 60; i++)
    g_assert_true (ls_rate_limiter_allow (rl, "a", 0, &retry));
  g_assert_false (ls_rate_limiter_allow (rl, "a", 0, &retry));
  /* long idle: the bucket is full again, never fuller */
  for (int i = 0; i < 60; i++)
    g_assert_true (ls_rate_limiter_allow (rl, "a", 3600 * SEC, &retry));
  g_assert_false (ls_rate_limiter_allow (rl, "a", 3600 * SEC, &retry));
  ls_rate_limiter_free (rl);
  ls_rate_limiter_free (NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/server/ratelimit/burst-then-refuse", test_burst_then_refuse);
  g_test_add_func ("/layso/server/ratelimit/burst-floor", test_small_limit_burst_floor);
  g_test_add_func ("/layso/server/ratelimit/full-after-idle", test_full_after_idle);
  return g_test_run ();
}
