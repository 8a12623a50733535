/* lookup-guard.h: failures, windows and locks, as a table of event sequences. */
#include "lookup-guard.h"

#include <glib.h>

#define T0 1700000000 /* any instant; the rules look only at differences */

typedef struct
{
  const char *what;
  int threshold;
  gint64 fails[16]; /* seconds after T0 of each failure; ended by -1 */
  gint64 check_at;  /* seconds after T0 */
  bool locked;
  gint64 retry_after; /* when locked */
} Case;

static const Case cases[] = {
  { "no failure", 10, { -1 }, 0, false, 0 },
  { "nine failures", 10, { 0, 1, 2, 3, 4, 5, 6, 7, 8, -1 }, 9, false, 0 },
  { "the tenth locks", 10, { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1 }, 9, true, 900 },
  { "locked from the tenth, not the first",
    10,
    { 0, 1, 2, 3, 4, 5, 6, 7, 8, 100, -1 },
    100,
    true,
    900 },
  { "lock ends after 15 min", 10, { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1 }, 909, false, 0 },
  { "one second before the end", 10, { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1 }, 908, true, 1 },
  { "failures while locked do not extend it",
    10,
    { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 500, 600, 700, 800, 900, -1 },
    909,
    false,
    0 },
  { "a window that is over starts afresh",
    10,
    { 0, 1, 2, 3, 4, 5, 6, 7, 8, 900, -1 },
    900,
    false,
    0 },
  { "spread over two windows",
    10,
    { 0, 100, 200, 300, 400, 500, 600, 700, 800, 950, -1 },
    950,
    false,
    0 },
  { "threshold of one", 1, { 5, -1 }, 5, true, 900 },
  { "address threshold: 49",
    LAYSO_LOOKUP_ADDR_THRESHOLD,
    { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1 },
    10,
    false,
    0 },
};

static void
test_table (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_test_message ("%s", c->what);
      LaysoLookupCounter counter = { 0 };
      for (const gint64 *f = c->fails; *f >= 0; f++)
        layso_lookup_fail (&counter, c->threshold, T0 + *f);
      gint64 retry = -1;
      g_assert_cmpint (layso_lookup_locked (&counter, T0 + c->check_at, &retry), ==, c->locked);
      if (c->locked)
        g_assert_cmpint (retry, ==, c->retry_after);
      else
        g_assert_cmpint (retry, ==, -1); /* untouched when not locked */
    }
}

static void
test_address_threshold (void)
{
  LaysoLookupCounter counter = { 0 };
  for (int i = 0; i < LAYSO_LOOKUP_ADDR_THRESHOLD - 1; i++)
    layso_lookup_fail (&counter, LAYSO_LOOKUP_ADDR_THRESHOLD, T0 + i);
  g_assert_false (layso_lookup_locked (&counter, T0 + 60, NULL));
  layso_lookup_fail (&counter, LAYSO_LOOKUP_ADDR_THRESHOLD, T0 + 60);
  g_assert_true (layso_lookup_locked (&counter, T0 + 60, NULL));
}

static void
test_expired (void)
{
  LaysoLookupCounter counter = { 0 };
  g_assert_true (layso_lookup_expired (&counter, T0));
  layso_lookup_fail (&counter, 10, T0);
  g_assert_false (layso_lookup_expired (&counter, T0 + 899));
  g_assert_true (layso_lookup_expired (&counter, T0 + 900));
  for (int i = 0; i < 10; i++)
    layso_lookup_fail (&counter, 10, T0 + 1000);
  g_assert_false (layso_lookup_expired (&counter, T0 + 1899));
  g_assert_true (layso_lookup_expired (&counter, T0 + 1900));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/lookup-guard/table", test_table);
  g_test_add_func ("/layso/lookup-guard/address-threshold", test_address_threshold);
  g_test_add_func ("/layso/lookup-guard/expired", test_expired);
  return g_test_run ();
}
