#include <errno.h>
#include <string.h>

#include "clock.h"
#include "holidays.h"

static GDate
day (const char *iso)
{
  GDate d;
  if (!layso_date_parse (iso, &d))
    g_error ("bad test date %s", iso);
  return d;
}

static const char *
code_of (LaysoDayOffReason r)
{
  static const char *const codes[] = { "-", "NY", "TET", "HUNG", "VIC", "LAB", "ND", "BU", "SWAP" };
  return r < G_N_ELEMENTS (codes) ? codes[r] : "?";
}

/* "2026-04-27 BU(2026-04-26 HUNG)": each day off with its reason, and what it makes up for. */
static char *
describe_days_off (const LaysoYearDaysOff *y)
{
  GString *s = g_string_new (NULL);
  for (size_t i = 0; i < y->n_days_off; i++)
    {
      const LaysoDayOff *d = &y->days_off[i];
      char iso[11];
      layso_date_format (&d->day, iso);
      g_string_append_printf (s, "%s%s %s", i ? ", " : "", iso, code_of (d->reason));
      if (g_date_valid (&d->for_day))
        {
          layso_date_format (&d->for_day, iso);
          g_string_append_printf (s, "(%s%s%s)", iso, d->for_reason ? " " : "",
                                  d->for_reason ? code_of (d->for_reason) : "");
        }
    }
  return g_string_free (s, FALSE);
}

/* "2026-01-10 as 5": each worked rest day with the weekday (1 = Monday) it works as. */
static char *
describe_worked (const LaysoYearDaysOff *y)
{
  GString *s = g_string_new (NULL);
  for (size_t i = 0; i < y->n_worked; i++)
    {
      char iso[11];
      layso_date_format (&y->worked[i].day, iso);
      g_string_append_printf (s, "%s%s as %d", i ? ", " : "", iso, y->worked[i].works_as);
    }
  return g_string_free (s, FALSE);
}

static void
assert_year (const LaysoHolidayRules *rules, const char *days_off, const char *worked)
{
  LaysoYearDaysOff y;
  int r = layso_holidays_for_year (rules, &y);
  if (r != 0)
    g_error ("%d: layso_holidays_for_year = %d", rules->year, r);
  g_autofree char *got_off = describe_days_off (&y);
  g_autofree char *got_worked = describe_worked (&y);
  if (strcmp (got_off, days_off) != 0)
    g_error ("%d days off:\n got      %s\n expected %s", rules->year, got_off, days_off);
  if (strcmp (got_worked, worked) != 0)
    g_error ("%d worked:\n got      %s\n expected %s", rules->year, got_worked, worked);
}

/* 2025 for civil servants as announced: Tết from Sat 25/1 to Sun 2/2, National Day 1-2/9,
 * Fri 2/5 off for Sat 26/4 worked. */
static void
test_2025_official (void)
{
  GDate tet[9];
  for (int i = 0; i < 9; i++)
    {
      tet[i] = day ("2025-01-25");
      g_date_add_days (&tet[i], (guint) i);
    }
  GDate sep_1 = day ("2025-09-01");
  LaysoDaySwap swaps[] = { { day ("2025-05-02"), day ("2025-04-26") } };
  LaysoHolidayRules rules = { 2025, LAYSO_REST_SAT_SUN, tet, 9, &sep_1, swaps, 1 };
  assert_year (&rules,
               "2025-01-01 NY, 2025-01-27 TET, 2025-01-28 TET, 2025-01-29 TET, 2025-01-30 TET, "
               "2025-01-31 TET, 2025-04-07 HUNG, 2025-04-30 VIC, 2025-05-01 LAB, "
               "2025-05-02 SWAP(2025-04-26), 2025-09-01 ND, 2025-09-02 ND",
               "2025-04-26 as 5");
}

/* 2025 by default: the last day of Giáp Thìn is Tue 28/1 and mùng 4 a Saturday, made up on
 * Mon 3/2 (the official days gave Mon 27/1 instead). */
static void
test_2025_default (void)
{
  LaysoHolidayRules rules = { .year = 2025, .rest_weekdays = LAYSO_REST_SAT_SUN };
  assert_year (&rules,
               "2025-01-01 NY, 2025-01-28 TET, 2025-01-29 TET, 2025-01-30 TET, 2025-01-31 TET, "
               "2025-02-03 BU(2025-02-01 TET), 2025-04-07 HUNG, 2025-04-30 VIC, 2025-05-01 LAB, "
               "2025-09-01 ND, 2025-09-02 ND",
               "");
}

/* 2026 for civil servants: Fri 2/1 off for Sat 10/1, Mon 31/8 off for Sat 22/8; Giỗ Tổ is a
 * Sunday (26/4), made up on Mon 27/4; Tết by default is 16/2 (29 tháng Chạp) to 20/2. */
static void
test_2026 (void)
{
  LaysoDaySwap swaps[] = {
    { day ("2026-01-02"), day ("2026-01-10") },
    { day ("2026-08-31"), day ("2026-08-22") },
  };
  LaysoHolidayRules rules = {
    .year = 2026, .rest_weekdays = LAYSO_REST_SAT_SUN, .swaps = swaps, .n_swaps = 2
  };
  const char *expected =
      "2026-01-01 NY, 2026-01-02 SWAP(2026-01-10), 2026-02-16 TET, 2026-02-17 TET, "
      "2026-02-18 TET, 2026-02-19 TET, 2026-02-20 TET, 2026-04-27 BU(2026-04-26 HUNG), "
      "2026-04-30 VIC, 2026-05-01 LAB, 2026-08-31 SWAP(2026-08-22), 2026-09-01 ND, "
      "2026-09-02 ND";
  assert_year (&rules, expected, "2026-01-10 as 5, 2026-08-22 as 1");

  /* the same year with Tết entered as announced, weekends included (Sat 14/2 .. Sun 22/2) */
  GDate tet[9];
  for (int i = 0; i < 9; i++)
    {
      tet[i] = day ("2026-02-14");
      g_date_add_days (&tet[i], (guint) i);
    }
  rules.tet_days = tet;
  rules.n_tet_days = 9;
  assert_year (&rules, expected, "2026-01-10 as 5, 2026-08-22 as 1");
}

/* Art. 111.3 by default, in years whose real announcements said the same: 2022 (1/1 a
 * Saturday, Giỗ Tổ a Sunday, 30/4-1/5 a weekend), 2023 (Tết from a Saturday, Giỗ Tổ on Sat
 * 29/4 then 30/4 and 1/5: make-ups 2/5 and 3/5, National Day a Saturday). */
static void
test_make_ups (void)
{
  LaysoHolidayRules rules = { .rest_weekdays = LAYSO_REST_SAT_SUN };
  rules.year = 2022;
  assert_year (&rules,
               "2022-01-03 BU(2022-01-01 NY), 2022-01-31 TET, 2022-02-01 TET, 2022-02-02 TET, "
               "2022-02-03 TET, 2022-02-04 TET, 2022-04-11 BU(2022-04-10 HUNG), "
               "2022-05-02 BU(2022-04-30 VIC), 2022-05-03 BU(2022-05-01 LAB), 2022-09-01 ND, "
               "2022-09-02 ND",
               "");
  rules.year = 2023;
  assert_year (&rules,
               "2023-01-02 BU(2023-01-01 NY), 2023-01-23 TET, 2023-01-24 TET, 2023-01-25 TET, "
               "2023-01-26 BU(2023-01-21 TET), 2023-01-27 BU(2023-01-22 TET), 2023-05-01 LAB, "
               "2023-05-02 BU(2023-04-29 HUNG), 2023-05-03 BU(2023-04-30 VIC), 2023-09-01 ND, "
               "2023-09-04 BU(2023-09-02 ND)",
               "");
  rules.year = 2027; /* Tết on Saturday 6/2 */
  assert_year (&rules,
               "2027-01-01 NY, 2027-02-05 TET, 2027-02-08 TET, 2027-02-09 TET, "
               "2027-02-10 BU(2027-02-06 TET), 2027-02-11 BU(2027-02-07 TET), 2027-04-16 HUNG, "
               "2027-04-30 VIC, 2027-05-03 BU(2027-05-01 LAB), 2027-09-01 ND, 2027-09-02 ND",
               "");
  rules.year = 2028; /* 1/1, mùng 4, 30/4 and 2/9 on a weekend */
  assert_year (&rules,
               "2028-01-03 BU(2028-01-01 NY), 2028-01-25 TET, 2028-01-26 TET, 2028-01-27 TET, "
               "2028-01-28 TET, 2028-01-31 BU(2028-01-29 TET), 2028-04-04 HUNG, "
               "2028-05-01 LAB, 2028-05-02 BU(2028-04-30 VIC), 2028-09-01 ND, "
               "2028-09-04 BU(2028-09-02 ND)",
               "");
}

/* 2029: 2/9 is a Sunday. By default 1/9 (Saturday) and 2/9 are made up on Mon 3 and Tue 4;
 * with 3/9 announced as the adjacent day, only 2/9 needs a make-up, on Tuesday. */
static void
test_national_day (void)
{
  const char *common = "2029-01-01 NY, 2029-02-12 TET, 2029-02-13 TET, 2029-02-14 TET, "
                       "2029-02-15 TET, 2029-02-16 TET, 2029-04-23 HUNG, 2029-04-30 VIC, "
                       "2029-05-01 LAB, ";
  LaysoHolidayRules rules = { .year = 2029, .rest_weekdays = LAYSO_REST_SAT_SUN };
  g_autofree char *by_default =
      g_strconcat (common, "2029-09-03 BU(2029-09-01 ND), 2029-09-04 BU(2029-09-02 ND)", NULL);
  assert_year (&rules, by_default, "");

  GDate sep_3 = day ("2029-09-03");
  rules.national_day_extra = &sep_3;
  g_autofree char *announced =
      g_strconcat (common, "2029-09-03 ND, 2029-09-04 BU(2029-09-02 ND)", NULL);
  assert_year (&rules, announced, "");
}

/* Giỗ Tổ 2025-2030 as the day off it gives (26/4/2026 is a Sunday: Monday 27/4). */
static void
test_gio_to (void)
{
  static const char *const off[] = { "2025-04-07", "2026-04-27", "2027-04-16",
                                     "2028-04-04", "2029-04-23", "2030-04-12" };
  for (int i = 0; i < (int) G_N_ELEMENTS (off); i++)
    {
      LaysoHolidayRules rules = { .year = 2025 + i, .rest_weekdays = LAYSO_REST_SAT_SUN };
      LaysoYearDaysOff y;
      g_assert_cmpint (layso_holidays_for_year (&rules, &y), ==, 0);
      int found = 0;
      for (size_t j = 0; j < y.n_days_off; j++)
        {
          const LaysoDayOff *d = &y.days_off[j];
          if (d->reason != LAYSO_DAY_OFF_HUNG_KINGS && d->for_reason != LAYSO_DAY_OFF_HUNG_KINGS)
            continue;
          char iso[11];
          layso_date_format (&d->day, iso);
          g_assert_cmpstr (iso, ==, off[i]);
          found++;
        }
      g_assert_cmpint (found, ==, 1);
    }
}

/* A swap across the new year (as 31/12/2018 off for Sat 5/1/2019 was): each year gets its half. */
static void
test_swap_across_years (void)
{
  LaysoDaySwap swaps[] = { { day ("2029-12-31"), day ("2030-01-05") } };
  LaysoHolidayRules rules = { 2029, LAYSO_REST_SAT_SUN, NULL, 0, NULL, swaps, 1 };
  LaysoYearDaysOff y;
  g_assert_cmpint (layso_holidays_for_year (&rules, &y), ==, 0);
  g_autofree char *off_2029 = describe_days_off (&y);
  g_assert_true (g_str_has_suffix (off_2029, ", 2029-12-31 SWAP(2030-01-05)"));
  g_assert_cmpuint (y.n_worked, ==, 0);

  rules.year = 2030;
  g_assert_cmpint (layso_holidays_for_year (&rules, &y), ==, 0);
  g_autofree char *off_2030 = describe_days_off (&y);
  g_assert_null (strstr (off_2030, "SWAP"));
  g_autofree char *worked_2030 = describe_worked (&y);
  g_assert_cmpstr (worked_2030, ==, "2030-01-05 as 1");
}

static int
run (int year, guint8 rest, const GDate *tet, size_t n_tet, const GDate *extra,
     const LaysoDaySwap *swaps, size_t n_swaps)
{
  LaysoHolidayRules rules = { year, rest, tet, n_tet, extra, swaps, n_swaps };
  LaysoYearDaysOff y, keep;
  memset (&y, 0xa5, sizeof y);
  keep = y;
  int r = layso_holidays_for_year (&rules, &y);
  if (r < 0)
    g_assert_true (memcmp (&y, &keep, sizeof y) == 0); /* ret untouched on failure */
  return r;
}

static void
test_errors (void)
{
  const guint8 sat_sun = LAYSO_REST_SAT_SUN;
  GDate invalid;
  g_date_clear (&invalid, 1);
  LaysoYearDaysOff y;
  g_assert_cmpint (layso_holidays_for_year (NULL, &y), ==, -EINVAL);
  LaysoHolidayRules ok = { .year = 2026, .rest_weekdays = sat_sun };
  g_assert_cmpint (layso_holidays_for_year (&ok, NULL), ==, -EINVAL);

  g_assert_cmpint (run (2020, sat_sun, NULL, 0, NULL, NULL, 0), ==, -ERANGE);
  g_assert_cmpint (run (2101, sat_sun, NULL, 0, NULL, NULL, 0), ==, -ERANGE);
  g_assert_cmpint (run (2021, sat_sun, NULL, 0, NULL, NULL, 0), ==, 0);
  g_assert_cmpint (run (2100, sat_sun, NULL, 0, NULL, NULL, 0), ==, 0);
  g_assert_cmpint (run (2026, 0, NULL, 0, NULL, NULL, 0), ==, -EINVAL);
  g_assert_cmpint (run (2026, 0xfe, NULL, 0, NULL, NULL, 0), ==, -EINVAL); /* every day */
  g_assert_cmpint (run (2026, sat_sun | 1, NULL, 0, NULL, NULL, 0), ==, -EINVAL);

  GDate tet[LAYSO_HOLIDAYS_MAX_TET_DAYS + 1];
  for (size_t i = 0; i < G_N_ELEMENTS (tet); i++)
    {
      tet[i] = day ("2026-02-10");
      g_date_add_days (&tet[i], (guint) i);
    }
  g_assert_cmpint (run (2026, sat_sun, tet, G_N_ELEMENTS (tet), NULL, NULL, 0), ==, -E2BIG);
  g_assert_cmpint (run (2026, sat_sun, tet, 0, NULL, NULL, 0), ==, -EINVAL);
  g_assert_cmpint (run (2026, sat_sun, NULL, 3, NULL, NULL, 0), ==, -EINVAL);
  g_assert_cmpint (run (2027, sat_sun, tet, 5, NULL, NULL, 0), ==, -EINVAL); /* other year */
  GDate bad_tet[][2] = {
    { day ("2026-02-16"), day ("2026-02-16") }, /* twice */
    { day ("2026-02-16"), day ("2026-03-05") }, /* 16 days after mùng 1 (17/2) */
    { day ("2026-02-01"), day ("2026-02-16") }, /* 16 days before */
    { day ("2026-02-16"), invalid },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (bad_tet); i++)
    g_assert_cmpint (run (2026, sat_sun, bad_tet[i], 2, NULL, NULL, 0), ==, -EINVAL);
  GDate near[] = { day ("2026-02-02"), day ("2026-03-04") }; /* 15 days either side */
  g_assert_cmpint (run (2026, sat_sun, near, 2, NULL, NULL, 0), ==, 0);

  GDate extras[] = { day ("2026-09-04"), day ("2026-08-31"), day ("2025-09-01"), invalid };
  for (size_t i = 0; i < G_N_ELEMENTS (extras); i++)
    g_assert_cmpint (run (2026, sat_sun, NULL, 0, &extras[i], NULL, 0), ==, -EINVAL);
}

static void
test_swap_errors (void)
{
  const guint8 sat_sun = LAYSO_REST_SAT_SUN;
  GDate invalid;
  g_date_clear (&invalid, 1);
  LaysoDaySwap bad[][2] = {
    { { day ("2026-01-03"), day ("2026-01-10") } }, /* day off a Saturday */
    { { day ("2026-01-02"), day ("2026-01-09") } }, /* worked day a Friday */
    { { day ("2026-04-30"), day ("2026-04-25") } }, /* day off already a holiday */
    { { day ("2026-04-28"), day ("2026-04-26") } }, /* worked day Giỗ Tổ (a Sunday) */
    { { invalid, day ("2026-01-10") } },
    { { day ("2026-01-02"), invalid } },
    { { day ("2026-01-02"), day ("2026-01-10") }, { day ("2026-01-02"), day ("2026-01-17") } },
    { { day ("2026-01-02"), day ("2026-01-10") }, { day ("2026-01-05"), day ("2026-01-10") } },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      size_t n = g_date_valid (&bad[i][1].day_off) ? 2 : 1;
      g_assert_cmpint (run (2026, sat_sun, NULL, 0, NULL, bad[i], n), ==, -EINVAL);
    }
  g_assert_cmpint (run (2026, sat_sun, NULL, 0, NULL, NULL, 1), ==, -EINVAL);

  LaysoDaySwap many[LAYSO_HOLIDAYS_MAX_SWAPS + 1];
  for (size_t i = 0; i < G_N_ELEMENTS (many); i++)
    {
      many[i].day_off = day ("2026-06-01"); /* Mondays off for the Saturdays before them */
      g_date_add_days (&many[i].day_off, (guint) (7 * i));
      many[i].worked_day = many[i].day_off;
      g_date_subtract_days (&many[i].worked_day, 2);
    }
  g_assert_cmpint (run (2026, sat_sun, NULL, 0, NULL, many, G_N_ELEMENTS (many)), ==, -E2BIG);
  g_assert_cmpint (run (2026, sat_sun, NULL, 0, NULL, many, G_N_ELEMENTS (many) - 1), ==, 0);
}

static void
test_labels (void)
{
  static const struct
  {
    LaysoDayOffReason reason;
    const char *label;
  } labels[] = {
    { LAYSO_DAY_OFF_NEW_YEAR, "Tết Dương lịch" },
    { LAYSO_DAY_OFF_TET, "Tết Nguyên đán" },
    { LAYSO_DAY_OFF_HUNG_KINGS, "Giỗ Tổ Hùng Vương" },
    { LAYSO_DAY_OFF_VICTORY, "Ngày Chiến thắng" },
    { LAYSO_DAY_OFF_LABOUR, "Ngày Quốc tế Lao động" },
    { LAYSO_DAY_OFF_NATIONAL_DAY, "Ngày Quốc khánh" },
    { LAYSO_DAY_OFF_MAKE_UP, "Nghỉ bù" },
    { LAYSO_DAY_OFF_SWAP, "Hoán đổi ngày làm việc" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (labels); i++)
    g_assert_cmpstr (layso_day_off_reason_label (labels[i].reason), ==, labels[i].label);
  g_assert_null (layso_day_off_reason_label (LAYSO_DAY_OFF_NONE));
  g_assert_null (layso_day_off_reason_label ((LaysoDayOffReason) 99));
}

/* Every known year, by default: the 11 days of art. 112.1 each take exactly one working day
 * (itself or its make-up), in date order, inside the year, never on a rest day, and a make-up
 * comes after the rest day it stands for. */
static void
check_year_invariants (int year, guint8 rest)
{
  LaysoHolidayRules rules = { .year = year, .rest_weekdays = rest };
  LaysoYearDaysOff y;
  g_assert_cmpint (layso_holidays_for_year (&rules, &y), ==, 0);
  g_assert_cmpuint (y.n_days_off, ==, 11);
  g_assert_cmpuint (y.n_worked, ==, 0);
  for (size_t i = 0; i < y.n_days_off; i++)
    {
      GDate d = y.days_off[i].day, f = y.days_off[i].for_day;
      g_assert_cmpint (g_date_get_year (&d), ==, year);
      g_assert_false (rest & (1u << g_date_get_weekday (&d)));
      if (i > 0)
        g_assert_cmpint (g_date_compare (&y.days_off[i - 1].day, &d), <, 0);
      if (y.days_off[i].reason == LAYSO_DAY_OFF_MAKE_UP)
        {
          g_assert_true (rest & (1u << g_date_get_weekday (&f)));
          g_assert_cmpint (g_date_compare (&f, &d), <, 0);
          g_assert_cmpint (y.days_off[i].for_reason, !=, LAYSO_DAY_OFF_NONE);
        }
      else
        g_assert_false (g_date_valid (&f));
    }
}

static void
test_sweep (void)
{
  for (int year = LAYSO_HOLIDAYS_MIN_YEAR; year <= LAYSO_HOLIDAYS_MAX_YEAR; year++)
    {
      check_year_invariants (year, LAYSO_REST_SAT_SUN);
      check_year_invariants (year, 1 << G_DATE_SUNDAY);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/holidays/2025-official", test_2025_official);
  g_test_add_func ("/layso/holidays/2025-default", test_2025_default);
  g_test_add_func ("/layso/holidays/2026", test_2026);
  g_test_add_func ("/layso/holidays/make-ups", test_make_ups);
  g_test_add_func ("/layso/holidays/national-day", test_national_day);
  g_test_add_func ("/layso/holidays/gio-to", test_gio_to);
  g_test_add_func ("/layso/holidays/swap-across-years", test_swap_across_years);
  g_test_add_func ("/layso/holidays/errors", test_errors);
  g_test_add_func ("/layso/holidays/swap-errors", test_swap_errors);
  g_test_add_func ("/layso/holidays/labels", test_labels);
  g_test_add_func ("/layso/holidays/sweep", test_sweep);
  return g_test_run ();
}
