/* Statistics (common/stats.h): nearest-rank percentiles, grouping of ticket and booking rows
 * into figures, busiest slots, and the range rules, each by a table. */
#include "stats.h"

#include <errno.h>

typedef struct
{
  gint64 values[12];
  size_t n;
  unsigned p;
  gint64 expected;
} PercentileCase;

static const PercentileCase percentile_cases[] = {
  { { 7 }, 1, 50, 7 },
  { { 7 }, 1, 90, 7 },
  { { 7 }, 1, 100, 7 },
  { { 60, 120 }, 2, 50, 60 }, /* rank ceil(1.0) = 1: no interpolation */
  { { 60, 120 }, 2, 51, 120 },
  { { 60, 120 }, 2, 90, 120 },
  { { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 10, 50, 5 },
  { { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 10, 90, 9 },
  { { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 10, 91, 10 },
  { { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 10, 1, 1 },
  { { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, 11, 50, 6 },
  { { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, 11, 90, 10 },
  { { 10, 20, 30 }, 3, 50, 20 },
  { { 10, 20, 30 }, 3, 90, 30 },
  { { 10, 20, 30 }, 3, 33, 10 },
  { { 10, 20, 30 }, 3, 34, 20 },
  { { 5 }, 0, 50, -1 },  /* no values */
  { { 5 }, 1, 0, -1 },   /* p out of range */
  { { 5 }, 1, 101, -1 }, /* p out of range */
};

static void
test_percentile (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (percentile_cases); i++)
    {
      const PercentileCase *c = &percentile_cases[i];
      g_test_message ("case %zu: p%u of %zu", i, c->p, c->n);
      g_assert_cmpint (layso_percentile_nearest_rank (c->values, c->n, c->p), ==, c->expected);
    }
}

static void
test_percentiles_unsorted (void)
{
  gint64 v[] = { 300, 60, 240, 120, 180 };
  LaysoStatsPercentiles p;
  layso_stats_percentiles (v, G_N_ELEMENTS (v), &p);
  g_assert_cmpuint (p.n, ==, 5);
  g_assert_cmpint (p.p50, ==, 180); /* rank ceil(2.5) = 3 of 60,120,180,240,300 */
  g_assert_cmpint (p.p90, ==, 300); /* rank ceil(4.5) = 5 */
  layso_stats_percentiles (v, 0, &p);
  g_assert_cmpuint (p.n, ==, 0);
  g_assert_cmpint (p.p50, ==, -1);
  g_assert_cmpint (p.p90, ==, -1);
}

#define T0   1758852000 /* 2025-09-26T09:00:00+07:00 */
#define DONE LAYSO_STATS_DONE
#define SKIP LAYSO_STATS_SKIPPED
#define WAIT LAYSO_STATS_WAITING
#define CALL LAYSO_STATS_CALLED

/* A scripted range of two days, two fields, two counters. The last member, first_called,
 * is 0 (the same as called) but for the transferred ticket. */
static const LaysoStatsTicket tickets[] = {
  /* day 0, field 0, counter 0: waits 60, 120, 300; services 240, 600 */
  { 0, 0, 0, false, DONE, T0, T0 + 60, T0 + 300, 0 },
  { 0, 0, 0, true, DONE, T0, T0 + 120, T0 + 720, 0 },
  { 0, 0, 0, true, SKIP, T0, T0 + 300, T0 + 330, 0 },
  /* day 0, field 1, counter 1: wait 30, service 90; one never called */
  { 0, 1, 1, true, DONE, T0, T0 + 30, T0 + 120, 0 },
  { 0, 1, -1, true, SKIP, T0, 0, T0 + 900, 0 },
  /* day 1, field 1, counter 1: still called, still waiting */
  { 1, 1, 1, false, CALL, T0, T0 + 45, 0, 0 },
  { 1, 1, -1, false, WAIT, T0, 0, 0, 0 },
  /* a clock set back: called before issued counts as 0 */
  { 1, 0, 0, true, DONE, T0 + 100, T0 + 50, T0 + 80, 0 },
  /* transferred: first called after 20 (the wait), served from its last call in 70 */
  { 1, 1, 1, true, DONE, T0, T0 + 500, T0 + 570, T0 + 20 },
};

static const LaysoStatsBookings bookings[] = {
  { 0, 0, 0, LAYSO_BOOKING_CHECKED_IN, 2 }, { 0, 0, 0, LAYSO_BOOKING_EXPIRED, 1 },
  { 0, 0, 1, LAYSO_BOOKING_CANCELLED, 3 },  { 0, 1, 1, LAYSO_BOOKING_BOOKED, 1 },
  { 1, 1, 2, LAYSO_BOOKING_CHECKED_IN, 2 }, { 1, 1, 2, LAYSO_BOOKING_EXPIRED, 2 },
  { 1, 0, 1, LAYSO_BOOKING_CHECKED_IN, 1 }, { 1, 5, 9, LAYSO_BOOKING_BOOKED, 4 }, /* unknown */
};

static const LaysoStatsRows rows = { tickets, G_N_ELEMENTS (tickets), bookings,
                                     G_N_ELEMENTS (bookings) };

typedef struct
{
  LaysoStatsGrouping by;
  size_t group;
  LaysoStatsFigures expected;
} GroupCase;

static const GroupCase group_cases[] = {
  /* everything: waits 0,20,30,45,60,120,300 -> p50 rank 4 = 45, p90 rank 7 = 300;
   * services 30,70,90,240,600 -> p50 rank 3 = 90, p90 rank 5 = 600 */
  { LAYSO_STATS_BY_ALL, 0, { 16, 5, 3, 3, 9, 6, 5, 2, { 7, 45, 300 }, { 5, 90, 600 } } },
  { LAYSO_STATS_BY_DAY, 0, { 7, 2, 1, 3, 5, 4, 3, 2, { 4, 60, 300 }, { 3, 240, 600 } } },
  { LAYSO_STATS_BY_DAY, 1, { 9, 3, 2, 0, 4, 2, 2, 0, { 3, 20, 45 }, { 2, 30, 70 } } },
  { LAYSO_STATS_BY_FIELD, 0, { 7, 3, 1, 3, 4, 3, 3, 1, { 4, 60, 300 }, { 3, 240, 600 } } },
  { LAYSO_STATS_BY_FIELD, 1, { 5, 2, 2, 0, 5, 3, 2, 1, { 3, 30, 45 }, { 2, 70, 90 } } },
  /* counters: tickets only, no bookings */
  { LAYSO_STATS_BY_COUNTER, 0, { 0, 0, 0, 0, 4, 3, 3, 1, { 4, 60, 300 }, { 3, 240, 600 } } },
  { LAYSO_STATS_BY_COUNTER, 1, { 0, 0, 0, 0, 3, 2, 2, 0, { 3, 30, 45 }, { 2, 70, 90 } } },
  /* a group with no rows */
  { LAYSO_STATS_BY_COUNTER, 2, { 0, 0, 0, 0, 0, 0, 0, 0, { 0, -1, -1 }, { 0, -1, -1 } } },
};

static void
assert_figures (const LaysoStatsFigures *f, const LaysoStatsFigures *e)
{
  g_assert_cmpuint (f->bookings, ==, e->bookings);
  g_assert_cmpuint (f->checked_in, ==, e->checked_in);
  g_assert_cmpuint (f->expired, ==, e->expired);
  g_assert_cmpuint (f->cancelled, ==, e->cancelled);
  g_assert_cmpuint (f->tickets, ==, e->tickets);
  g_assert_cmpuint (f->walk_ins, ==, e->walk_ins);
  g_assert_cmpuint (f->done, ==, e->done);
  g_assert_cmpuint (f->skipped, ==, e->skipped);
  g_assert_cmpuint (f->wait.n, ==, e->wait.n);
  g_assert_cmpint (f->wait.p50, ==, e->wait.p50);
  g_assert_cmpint (f->wait.p90, ==, e->wait.p90);
  g_assert_cmpuint (f->service.n, ==, e->service.n);
  g_assert_cmpint (f->service.p50, ==, e->service.p50);
  g_assert_cmpint (f->service.p90, ==, e->service.p90);
}

static void
test_group (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (group_cases); i++)
    {
      const GroupCase *c = &group_cases[i];
      LaysoStatsFigures got[3];
      g_test_message ("case %zu: grouping %d, group %zu", i, c->by, c->group);
      layso_stats_group (&rows, c->by, got, 3);
      assert_figures (&got[c->group], &c->expected);
    }
}

static void
test_group_empty (void)
{
  LaysoStatsRows none = { NULL, 0, NULL, 0 };
  LaysoStatsFigures f;
  layso_stats_group (&none, LAYSO_STATS_BY_ALL, &f, 1);
  const LaysoStatsFigures zero = { 0, 0, 0, 0, 0, 0, 0, 0, { 0, -1, -1 }, { 0, -1, -1 } };
  assert_figures (&f, &zero);
}

static void
test_busiest_slots (void)
{
  guint counts[4];
  size_t order[4];
  /* slot 0: 2 + 1; slot 1: 3 cancelled (no seat) + 1 + 1; slot 2: 2 + 2; slot 3: none */
  layso_stats_busiest_slots (&rows, 4, counts, order);
  g_assert_cmpuint (counts[0], ==, 3);
  g_assert_cmpuint (counts[1], ==, 2);
  g_assert_cmpuint (counts[2], ==, 4);
  g_assert_cmpuint (counts[3], ==, 0);
  g_assert_cmpuint (order[0], ==, 2);
  g_assert_cmpuint (order[1], ==, 0);
  g_assert_cmpuint (order[2], ==, 1);
  g_assert_cmpuint (order[3], ==, 3);
  /* ties keep slot order */
  const LaysoStatsBookings tie[] = { { 0, 0, 1, LAYSO_BOOKING_BOOKED, 2 },
                                     { 0, 0, 0, LAYSO_BOOKING_BOOKED, 2 } };
  LaysoStatsRows tie_rows = { NULL, 0, tie, 2 };
  layso_stats_busiest_slots (&tie_rows, 2, counts, order);
  g_assert_cmpuint (order[0], ==, 0);
  g_assert_cmpuint (order[1], ==, 1);
}

typedef struct
{
  const char *from, *to;
  int result;
  guint days;
} RangeCase;

static const RangeCase range_cases[] = {
  { "2025-09-26", "2025-09-26", 0, 1 },
  { "2025-09-01", "2025-09-30", 0, 30 },
  { "2024-01-01", "2024-12-31", 0, 366 }, /* a leap year: 366 days, the most */
  { "2025-01-01", "2026-01-01", 0, 366 },
  { "2025-01-01", "2026-01-02", -ERANGE, 0 }, /* 367 days */
  { "2025-09-27", "2025-09-26", -ERANGE, 0 }, /* to before from */
  { "2025-9-26", "2025-09-26", -EINVAL, 0 },
  { "2025-02-30", "2025-03-01", -EINVAL, 0 },
  { "", "2025-09-26", -EINVAL, 0 },
  { NULL, "2025-09-26", -EINVAL, 0 },
  { "2025-09-26", "26/09/2025", -EDOM, 0 },
  { "2025-09-26", NULL, -EDOM, 0 },
  { "2025-09-26", "2025-09-26x", -EDOM, 0 },
};

static void
test_range (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (range_cases); i++)
    {
      const RangeCase *c = &range_cases[i];
      guint days = 0;
      g_test_message ("case %zu: %s .. %s", i, c->from, c->to);
      g_assert_cmpint (layso_stats_range_check (c->from, c->to, &days), ==, c->result);
      g_assert_cmpuint (days, ==, c->days);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/stats/percentile", test_percentile);
  g_test_add_func ("/layso/stats/percentiles-unsorted", test_percentiles_unsorted);
  g_test_add_func ("/layso/stats/group", test_group);
  g_test_add_func ("/layso/stats/group-empty", test_group_empty);
  g_test_add_func ("/layso/stats/busiest-slots", test_busiest_slots);
  g_test_add_func ("/layso/stats/range", test_range);
  return g_test_run ();
}
