/* layso_official_days_check: one table of a province's entries and the rule each breaks. */
#include <string.h>

#include "clock.h"
#include "official-days.h"

#define MAX_DAYS 24

typedef struct
{
  int year;
  const char *tet;   /* "D1,D2" or "A..B" (every day from A to B), NULL: the default */
  const char *extra; /* national_day_extra, NULL: 1/9 */
  const char *swaps; /* "OFF>WORKED,OFF>WORKED", NULL: none */
  LaysoOfficialProblem expect;
  size_t index; /* of the Tết day or swap at fault */
} Case;

/* 2027: mùng 1 = Sat 6/2; the default Tết is 5/2-9/2 with nghỉ bù 10/2 and 11/2; 30/4 is a
 * Friday, 1/5 a Saturday (nghỉ bù Mon 3/5), 2/9 a Thursday.
 * 2026: mùng 1 = Tue 17/2. 2025: mùng 1 = Wed 29/1. */
static const Case cases[] = {
  /* the defaults, and known years */
  { 2027, NULL, NULL, NULL, LAYSO_OFFICIAL_OK, 0 },
  { 2021, NULL, NULL, NULL, LAYSO_OFFICIAL_OK, 0 },
  { 2100, NULL, NULL, NULL, LAYSO_OFFICIAL_OK, 0 },
  { 2020, NULL, NULL, NULL, LAYSO_OFFICIAL_YEAR_UNKNOWN, 0 },
  { 2101, NULL, NULL, NULL, LAYSO_OFFICIAL_YEAR_UNKNOWN, 0 },
  { 0, NULL, NULL, NULL, LAYSO_OFFICIAL_YEAR_UNKNOWN, 0 },
  /* the seeds' real announcements */
  { 2025, "2025-01-25..2025-02-02", "2025-09-01", "2025-05-02>2025-04-26", LAYSO_OFFICIAL_OK, 0 },
  { 2026, "2026-02-14..2026-02-22", "2026-09-01", "2026-01-02>2026-01-10,2026-08-31>2026-08-22",
    LAYSO_OFFICIAL_OK, 0 },
  /* Tết: count */
  { 2027, "2027-02-05..2027-02-09", NULL, NULL, LAYSO_OFFICIAL_OK, 0 },
  { 2027, "2027-02-04..2027-02-10", NULL, NULL, LAYSO_OFFICIAL_OK, 0 },
  { 2027, "2027-02-06..2027-02-09", NULL, NULL, LAYSO_OFFICIAL_TET_COUNT, 0 },
  { 2027, "2027-02-06", NULL, NULL, LAYSO_OFFICIAL_TET_COUNT, 0 },
  { 2027, "2027-01-31..2027-02-15", NULL, NULL, LAYSO_OFFICIAL_OK, 0 },
  { 2027, "2027-01-31..2027-02-16", NULL, NULL, LAYSO_OFFICIAL_TET_COUNT, 0 },
  /* Tết: reach, in the order given */
  { 2027, "2027-02-05..2027-02-09,2026-02-10", NULL, NULL, LAYSO_OFFICIAL_TET_OUT_OF_REACH, 5 },
  { 2027, "2027-02-05..2027-02-09,2028-02-06", NULL, NULL, LAYSO_OFFICIAL_TET_OUT_OF_REACH, 5 },
  { 2027, "2027-02-22,2027-02-05..2027-02-09", NULL, NULL, LAYSO_OFFICIAL_TET_OUT_OF_REACH, 0 },
  { 2027, "2027-02-05..2027-02-09,2027-01-21", NULL, NULL, LAYSO_OFFICIAL_TET_OUT_OF_REACH, 5 },
  { 2027, "2027-02-05..2027-02-09,2027-07-01", NULL, NULL, LAYSO_OFFICIAL_TET_OUT_OF_REACH, 5 },
  /* 15 days either side is still in reach (the block rule then refuses the far day) */
  { 2027, "2027-02-05..2027-02-09,2027-02-21", NULL, NULL, LAYSO_OFFICIAL_TET_GAP, 0 },
  { 2027, "2027-01-22..2027-02-09", NULL, NULL, LAYSO_OFFICIAL_TET_COUNT, 0 },
  /* Tết: repeated */
  { 2027, "2027-02-05..2027-02-09,2027-02-07", NULL, NULL, LAYSO_OFFICIAL_TET_REPEATED, 5 },
  { 2027, "2027-02-05,2027-02-05,2027-02-06,2027-02-07,2027-02-08", NULL, NULL,
    LAYSO_OFFICIAL_TET_REPEATED, 1 },
  /* Tết: mùng 1 */
  { 2027, "2027-02-01..2027-02-05", NULL, NULL, LAYSO_OFFICIAL_TET_NO_MUNG_1, 0 },
  { 2027, "2027-02-07..2027-02-11", NULL, NULL, LAYSO_OFFICIAL_TET_NO_MUNG_1, 0 },
  /* Tết: one block, weekends may be left out */
  { 2026, "2026-02-12,2026-02-13,2026-02-16,2026-02-17,2026-02-18", NULL, NULL, LAYSO_OFFICIAL_OK,
    0 },
  { 2026, "2026-02-16..2026-02-20", NULL, NULL, LAYSO_OFFICIAL_OK, 0 },
  { 2026, "2026-02-13,2026-02-16,2026-02-17,2026-02-18,2026-02-20", NULL, NULL,
    LAYSO_OFFICIAL_TET_GAP, 0 },
  { 2027, "2027-02-04,2027-02-05,2027-02-06,2027-02-07,2027-02-09", NULL, NULL,
    LAYSO_OFFICIAL_TET_GAP, 0 },
  { 2027, "2027-02-09,2027-02-08,2027-02-07,2027-02-06,2027-02-05", NULL, NULL, LAYSO_OFFICIAL_OK,
    0 },
  /* National Day's extra day */
  { 2027, NULL, "2027-09-01", NULL, LAYSO_OFFICIAL_OK, 0 },
  { 2027, NULL, "2027-09-03", NULL, LAYSO_OFFICIAL_OK, 0 },
  { 2027, NULL, "2027-09-02", NULL, LAYSO_OFFICIAL_NATIONAL_DAY_EXTRA, 0 },
  { 2027, NULL, "2027-08-31", NULL, LAYSO_OFFICIAL_NATIONAL_DAY_EXTRA, 0 },
  { 2027, NULL, "2027-09-04", NULL, LAYSO_OFFICIAL_NATIONAL_DAY_EXTRA, 0 },
  { 2027, NULL, "2026-09-01", NULL, LAYSO_OFFICIAL_NATIONAL_DAY_EXTRA, 0 },
  { 2027, NULL, "2027-03-01", NULL, LAYSO_OFFICIAL_NATIONAL_DAY_EXTRA, 0 },
  /* a Tết problem is reported before a National Day one */
  { 2027, "2027-02-06", "2027-09-02", NULL, LAYSO_OFFICIAL_TET_COUNT, 0 },
  /* swaps: good ones */
  { 2027, "2027-02-04..2027-02-10", NULL, "2027-02-11>2027-01-30", LAYSO_OFFICIAL_OK, 0 },
  { 2027, NULL, NULL, "2027-02-12>2027-01-30", LAYSO_OFFICIAL_OK, 0 },
  { 2027, NULL, "2027-09-01", "2027-09-03>2027-08-28", LAYSO_OFFICIAL_OK, 0 },
  /* swaps: shape */
  { 2027, NULL, NULL, "2026-12-31>2027-01-09", LAYSO_OFFICIAL_SWAP_OUTSIDE_YEAR, 0 },
  { 2027, NULL, NULL, "2027-12-31>2028-01-08", LAYSO_OFFICIAL_SWAP_OUTSIDE_YEAR, 0 },
  { 2027, NULL, NULL, "2027-03-05>2027-03-13,2027-01-30>2027-01-23",
    LAYSO_OFFICIAL_SWAP_DAY_OFF_REST, 1 },
  { 2027, NULL, NULL, "2027-01-31>2027-01-23", LAYSO_OFFICIAL_SWAP_DAY_OFF_REST, 0 },
  { 2027, NULL, NULL, "2027-03-05>2027-03-14", LAYSO_OFFICIAL_SWAP_WORKED_NOT_SATURDAY, 0 },
  { 2027, NULL, NULL, "2027-03-05>2027-03-04", LAYSO_OFFICIAL_SWAP_WORKED_NOT_SATURDAY, 0 },
  { 2027, NULL, NULL, "2027-03-05>2027-03-13,2027-03-05>2027-03-20", LAYSO_OFFICIAL_SWAP_REPEATED,
    1 },
  { 2027, NULL, NULL, "2027-03-05>2027-03-13,2027-03-04>2027-03-13", LAYSO_OFFICIAL_SWAP_REPEATED,
    1 },
  /* swaps: against the year's days off */
  { 2027, NULL, NULL, "2027-02-11>2027-01-30", LAYSO_OFFICIAL_SWAP_DAY_OFF_HOLIDAY, 0 },
  { 2027, NULL, NULL, "2027-04-30>2027-04-24", LAYSO_OFFICIAL_SWAP_DAY_OFF_HOLIDAY, 0 },
  { 2027, NULL, NULL, "2027-05-03>2027-04-24", LAYSO_OFFICIAL_SWAP_DAY_OFF_HOLIDAY, 0 },
  { 2027, NULL, NULL, "2027-01-01>2027-01-09", LAYSO_OFFICIAL_SWAP_DAY_OFF_HOLIDAY, 0 },
  { 2027, NULL, "2027-09-03", "2027-09-03>2027-08-28", LAYSO_OFFICIAL_SWAP_DAY_OFF_HOLIDAY, 0 },
  { 2027, NULL, NULL, "2027-09-03>2027-08-28,2027-09-01>2027-08-21",
    LAYSO_OFFICIAL_SWAP_DAY_OFF_HOLIDAY, 1 },
  { 2027, NULL, NULL, "2027-04-29>2027-05-01", LAYSO_OFFICIAL_SWAP_WORKED_HOLIDAY, 0 },
  { 2027, NULL, NULL, "2027-02-12>2027-02-06", LAYSO_OFFICIAL_SWAP_WORKED_HOLIDAY, 0 },
  { 2027, "2027-02-04..2027-02-10", NULL, "2027-02-11>2027-02-06",
    LAYSO_OFFICIAL_SWAP_WORKED_HOLIDAY, 0 },
  /* the official Tết changes which days are off: 11/2 is no nghỉ bù then */
  { 2027, "2027-02-05..2027-02-09", NULL, "2027-02-11>2027-01-30", LAYSO_OFFICIAL_OK, 0 },
  /* a shape problem is reported before a later swap's */
  { 2027, NULL, "2027-09-05", "2027-03-05>2027-03-14", LAYSO_OFFICIAL_NATIONAL_DAY_EXTRA, 0 },
};

static GDate
day (const char *iso)
{
  GDate d;
  if (!layso_date_parse (iso, &d))
    g_error ("bad test date %s", iso);
  return d;
}

static size_t
parse_days (const char *text, GDate *ret)
{
  size_t n = 0;
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);
  for (char **p = parts; *p; p++)
    {
      g_auto (GStrv) range = g_strsplit (*p, "..", 2);
      GDate d = day (range[0]), last = day (range[1] ? range[1] : range[0]);
      for (; g_date_compare (&d, &last) <= 0; g_date_add_days (&d, 1))
        {
          g_assert_cmpuint (n, <, MAX_DAYS);
          ret[n++] = d;
        }
    }
  return n;
}

static size_t
parse_swaps (const char *text, LaysoDaySwap *ret)
{
  size_t n = 0;
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);
  for (char **p = parts; *p; p++)
    {
      g_auto (GStrv) two = g_strsplit (*p, ">", 2);
      g_assert_nonnull (two[1]);
      g_assert_cmpuint (n, <, MAX_DAYS);
      ret[n++] = (LaysoDaySwap){ day (two[0]), day (two[1]) };
    }
  return n;
}

/* What the check accepts, the year's computation accepts too. */
static void
assert_computable (const LaysoOfficialDays *in)
{
  LaysoHolidayRules rules = { .year = in->year,
                              .rest_weekdays = LAYSO_REST_SAT_SUN,
                              .tet_days = in->tet_days,
                              .n_tet_days = in->n_tet_days,
                              .national_day_extra = in->national_day_extra,
                              .swaps = in->swaps,
                              .n_swaps = in->n_swaps };
  LaysoYearDaysOff y;
  g_assert_cmpint (layso_holidays_for_year (&rules, &y), ==, 0);
}

static void
test_table (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      GDate tet[MAX_DAYS], extra;
      LaysoDaySwap swaps[MAX_DAYS];
      LaysoOfficialDays in = { .year = c->year };
      if (c->tet)
        {
          in.n_tet_days = parse_days (c->tet, tet);
          in.tet_days = tet;
        }
      if (c->extra)
        {
          extra = day (c->extra);
          in.national_day_extra = &extra;
        }
      if (c->swaps)
        {
          in.n_swaps = parse_swaps (c->swaps, swaps);
          in.swaps = swaps;
        }
      size_t index = 999;
      LaysoOfficialProblem p = layso_official_days_check (&in, &index);
      if (p != c->expect || (p != LAYSO_OFFICIAL_OK && index != c->index))
        g_error ("case %zu (%d tet=%s extra=%s swaps=%s): got %d at %zu, want %d at %zu", i,
                 c->year, c->tet, c->extra, c->swaps, p, index, c->expect, c->index);
      if (p == LAYSO_OFFICIAL_OK)
        {
          g_assert_cmpuint (index, ==, 999); /* written on failure only */
          assert_computable (&in);
        }
    }
}

static void
test_limits (void)
{
  GDate tet[LAYSO_HOLIDAYS_MAX_TET_DAYS + 1];
  LaysoDaySwap swaps[LAYSO_HOLIDAYS_MAX_SWAPS + 1];
  LaysoOfficialDays in = { .year = 2027, .tet_days = tet, .n_tet_days = 0 };
  g_assert_cmpint (layso_official_days_check (NULL, NULL), ==, LAYSO_OFFICIAL_YEAR_UNKNOWN);
  /* an array given with no day is no default: at least 5 */
  g_assert_cmpint (layso_official_days_check (&in, NULL), ==, LAYSO_OFFICIAL_TET_COUNT);
  in = (LaysoOfficialDays){ .year = 2027, .n_tet_days = 5 };
  g_assert_cmpint (layso_official_days_check (&in, NULL), ==, LAYSO_OFFICIAL_TET_COUNT);
  /* 17 swaps, all well formed on their own, are too many */
  GDate off = day ("2027-03-01"), worked = day ("2027-03-06");
  for (size_t i = 0; i <= LAYSO_HOLIDAYS_MAX_SWAPS; i++)
    {
      swaps[i] = (LaysoDaySwap){ off, worked };
      g_date_add_days (&off, 7);
      g_date_add_days (&worked, 7);
    }
  in = (LaysoOfficialDays){ .year = 2027, .swaps = swaps, .n_swaps = LAYSO_HOLIDAYS_MAX_SWAPS + 1 };
  g_assert_cmpint (layso_official_days_check (&in, NULL), ==, LAYSO_OFFICIAL_SWAP_COUNT);
  in.n_swaps = 0;
  in.swaps = NULL;
  in.n_swaps = 1;
  g_assert_cmpint (layso_official_days_check (&in, NULL), ==, LAYSO_OFFICIAL_SWAP_COUNT);
}

static void
test_messages (void)
{
  g_assert_null (layso_official_problem_message (LAYSO_OFFICIAL_OK));
  for (int p = LAYSO_OFFICIAL_YEAR_UNKNOWN; p <= LAYSO_OFFICIAL_SWAP_WORKED_HOLIDAY; p++)
    {
      const char *m = layso_official_problem_message ((LaysoOfficialProblem) p);
      g_assert_nonnull (m);
      g_assert_true (g_utf8_validate (m, -1, NULL));
    }
  g_assert_null (layso_official_problem_message ((LaysoOfficialProblem) 99));
  g_assert_cmpstr (layso_official_problem_member (LAYSO_OFFICIAL_TET_GAP), ==, "tet");
  g_assert_cmpstr (layso_official_problem_member (LAYSO_OFFICIAL_NATIONAL_DAY_EXTRA), ==,
                   "national_day_extra");
  g_assert_cmpstr (layso_official_problem_member (LAYSO_OFFICIAL_SWAP_WORKED_HOLIDAY), ==, "swaps");
  g_assert_cmpstr (layso_official_problem_member (LAYSO_OFFICIAL_YEAR_UNKNOWN), ==, "year");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/official-days/table", test_table);
  g_test_add_func ("/layso/official-days/limits", test_limits);
  g_test_add_func ("/layso/official-days/messages", test_messages);
  return g_test_run ();
}
