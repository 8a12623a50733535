/* The calling order (common/queue-order.h): each case is a queue written as letters and
 * the order the counter must call it in. */
#include "queue-order.h"

#include <string.h>

/* An entry: 'A' appointment, 'W' walk-in, 'P' priority (appointment), 'Q' priority
 * walk-in; queued_at is its minute (the table's own column), its name a letter index. */
typedef struct
{
  const char *kinds;     /* one letter per ticket, e.g. "WAWA" */
  const gint64 *minutes; /* queued_at of each, in minutes; NULL: 0, 1, 2, … */
  unsigned per_walk_in;  /* policy */
  unsigned max_wait_min; /* policy, 0 = off */
  unsigned in_row;       /* appointments since the last walk-in */
  gint64 now_min;        /* for max wait */
  const char *expected;  /* indices in calling order, as digits/letters 0-9a-z */
} Case;

static const gint64 late_first[] = { 5, 1, 3, 0 };
static const gint64 old_walk_in[] = { 0, 10, 11, 12 };
static const gint64 same_time[] = { 7, 7, 7, 7 };

static const Case cases[] = {
  /* the default: priority, then appointments, then walk-ins, FIFO in each */
  { "A", NULL, 0, 0, 0, 0, "0" },
  { "", NULL, 0, 0, 0, 0, "" },
  { "WA", NULL, 0, 0, 0, 0, "10" },
  { "WWAA", NULL, 0, 0, 0, 0, "2301" },
  { "WAPW", NULL, 0, 0, 0, 0, "2103" },
  { "QWAP", NULL, 0, 0, 0, 0, "0321" },
  { "AAAA", late_first, 0, 0, 0, 0, "3120" },
  { "WWWW", late_first, 0, 0, 0, 0, "3120" },
  { "AAAA", same_time, 0, 0, 0, 0, "0123" }, /* ties keep the given order */
  /* N appointments per walk-in */
  { "AAAAWW", NULL, 2, 0, 0, 0, "014235" },
  { "AAAAWW", NULL, 1, 0, 0, 0, "041523" },
  { "WWAAAA", NULL, 2, 0, 0, 0, "230451" },
  { "AAAAWW", NULL, 2, 0, 2, 0, "401523" }, /* two appointments called already */
  { "AAAAWW", NULL, 2, 0, 1, 0, "041253" },
  { "WWW", NULL, 2, 0, 5, 0, "012" },   /* walk-ins only */
  { "AAA", NULL, 2, 0, 5, 0, "012" },   /* appointments only */
  { "PAWW", NULL, 1, 0, 0, 0, "0123" }, /* priority first, then one each */
  /* maximum wait: an old ticket goes first whatever its kind */
  { "WAAA", old_walk_in, 0, 30, 0, 35, "0123" },
  { "WAAA", old_walk_in, 0, 30, 0, 29, "1230" },
  { "WAAP", old_walk_in, 0, 20, 0, 31, "0123" }, /* all overdue: FIFO among them */
  { "WAAP", old_walk_in, 0, 20, 0, 30, "0132" }, /* 30 - 0 ≥ 20 and 30 - 10 ≥ 20 only */
};

static char
digit (size_t i)
{
  return i < 10 ? (char) ('0' + i) : (char) ('a' + i - 10);
}

static void
test_table (void)
{
  for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      const Case *k = &cases[c];
      size_t n = strlen (k->kinds);
      LaysoQueueEntry e[36];
      for (size_t i = 0; i < n; i++)
        {
          char ch = k->kinds[i];
          e[i].walk_in = ch == 'W' || ch == 'Q';
          e[i].priority = ch == 'P' || ch == 'Q';
          e[i].queued_at = (k->minutes ? k->minutes[i] : (gint64) i) * 60;
        }
      LaysoQueuePolicy p = { k->per_walk_in, k->max_wait_min * 60, k->in_row };
      size_t order[36];
      layso_queue_order (e, n, &p, k->now_min * 60, order);
      char got[37] = "";
      for (size_t i = 0; i < n; i++)
        got[i] = digit (order[i]);
      if (strcmp (got, k->expected) != 0)
        g_error ("case %zu (%s, per=%u, max=%u, in_row=%u, now=%" G_GINT64_FORMAT
                 "): expected %s, got %s",
                 c, k->kinds, k->per_walk_in, k->max_wait_min, k->in_row, k->now_min, k->expected,
                 got);
    }
}

/* Every index comes out exactly once, whatever the mix. */
static void
test_permutation (void)
{
  for (unsigned seed = 1; seed <= 200; seed++)
    {
      GRand *r = g_rand_new_with_seed (seed);
      size_t n = (size_t) g_rand_int_range (r, 0, 40);
      LaysoQueueEntry e[40];
      for (size_t i = 0; i < n; i++)
        e[i] = (LaysoQueueEntry){ g_rand_boolean (r), g_rand_int_range (r, 0, 5) == 0,
                                  g_rand_int_range (r, 0, 3600) };
      LaysoQueuePolicy p = { (unsigned) g_rand_int_range (r, 0, 4),
                             (unsigned) g_rand_int_range (r, 0, 2) * 1800,
                             (unsigned) g_rand_int_range (r, 0, 4) };
      size_t order[40];
      bool seen[40] = { false };
      layso_queue_order (e, n, &p, 3600, order);
      for (size_t i = 0; i < n; i++)
        {
          g_assert_cmpuint (order[i], <, n);
          g_assert_false (seen[order[i]]);
          seen[order[i]] = true;
        }
      g_rand_free (r);
    }
}

/* waiting_before × service ÷ open counters, ±25 %. */
static const struct
{
  int before;
  double service_s;
  unsigned open;
  int minutes, lo, hi;
} estimate_cases[] = {
  { 0, 600, 1, 0, 0, 0 },    { 1, 600, 1, 10, 7, 13 },   /* 7.5 → 7, 12.5 → 13 */
  { 4, 600, 2, 20, 15, 25 }, { 3, 90, 1, 5, 3, 6 },      /* 4.5 min: 3.375 → 3, 5.625 → 6 */
  { 5, 600, 0, 50, 37, 63 },                             /* no open counter counts as one */
  { -2, 600, 1, 0, 0, 0 },   { 100, 60, 3, 33, 25, 42 }, /* 33.3 min */
  { 10, 0, 1, 0, 0, 0 },
};

static void
test_estimate (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (estimate_cases); i++)
    {
      LaysoWaitEstimate e;
      layso_wait_estimate (estimate_cases[i].before, estimate_cases[i].service_s,
                           estimate_cases[i].open, &e);
      g_test_message ("case %zu", i);
      g_assert_cmpint (e.minutes, ==, estimate_cases[i].minutes);
      g_assert_cmpint (e.lo, ==, estimate_cases[i].lo);
      g_assert_cmpint (e.hi, ==, estimate_cases[i].hi);
    }
}

static void
test_median (void)
{
  gint64 one[] = { 42 }, odd[] = { 300, 100, 200 }, even[] = { 400, 100, 300, 200 };
  g_assert_cmpfloat (layso_median (one, 1), ==, 42);
  g_assert_cmpfloat (layso_median (odd, 3), ==, 200);
  g_assert_cmpfloat (layso_median (even, 4), ==, 250);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/queue-order/table", test_table);
  g_test_add_func ("/layso/queue-order/permutation", test_permutation);
  g_test_add_func ("/layso/queue-order/estimate", test_estimate);
  g_test_add_func ("/layso/queue-order/median", test_median);
  return g_test_run ();
}
