#include <errno.h>
#include <math.h>
#include <string.h>

#include "astro.h"
#include "clock.h"
#include "lunar.h"

#define GDATE_JULIAN_TO_JDN 1721425

static GDate
day (const char *iso)
{
  GDate d;
  if (!layso_date_parse (iso, &d))
    g_error ("bad test date %s", iso);
  return d;
}

static void
assert_lunar (const char *iso, int year, int month, int lday, bool leap)
{
  GDate d = day (iso);
  LaysoLunarDate l;
  int r = layso_lunar_from_solar (&d, &l);
  if (r != 0 || l.year != year || l.month != month || l.day != lday || l.leap != leap)
    g_error ("%s: got r=%d %d/%d%s/%d, expected %d/%d%s/%d", iso, r, l.day, l.month,
             l.leap ? "n" : "", l.year, lday, month, leap ? "n" : "", year);
}

static void
assert_solar (int year, int month, int lday, bool leap, const char *iso)
{
  LaysoLunarDate l = { .year = year, .month = (guint8) month, .day = (guint8) lday, .leap = leap };
  GDate d;
  g_assert_cmpint (layso_lunar_to_solar (&l, &d), ==, 0);
  char got[11];
  layso_date_format (&d, got);
  g_assert_cmpstr (got, ==, iso);
}

/* The table. 1985, 2030 and 2007 are years where China's calendar (UTC+8) differs. */
static void
test_vectors (void)
{
  assert_lunar ("2024-02-10", 2024, 1, 1, false);
  assert_lunar ("2025-01-29", 2025, 1, 1, false);
  assert_lunar ("2026-02-16", 2025, 12, 29, false);
  assert_lunar ("2026-02-17", 2026, 1, 1, false);
  assert_lunar ("2027-02-06", 2027, 1, 1, false);
  assert_lunar ("2028-01-26", 2028, 1, 1, false);
  assert_lunar ("2025-07-25", 2025, 6, 1, true);
  assert_lunar ("2025-08-23", 2025, 7, 1, false);
  assert_lunar ("2023-03-25", 2023, 2, 4, true);
  assert_lunar ("1985-01-21", 1985, 1, 1, false);
  assert_lunar ("2030-02-02", 2030, 1, 1, false);
  assert_lunar ("2007-02-17", 2007, 1, 1, false);
  /* the day before each Tết above closes the previous lunar year */
  assert_lunar ("1985-01-20", 1984, 12, 30, false);
  assert_lunar ("2007-02-16", 2006, 12, 29, false);
}

static void
test_tet (void)
{
  static const char *const tet[] = { "2025-01-29", "2026-02-17", "2027-02-06",
                                     "2028-01-26", "2029-02-13", "2030-02-02" };
  for (int i = 0; i < (int) G_N_ELEMENTS (tet); i++)
    {
      assert_solar (2025 + i, 1, 1, false, tet[i]);
      assert_lunar (tet[i], 2025 + i, 1, 1, false);
    }
}

static void
test_gio_to (void)
{
  static const char *const gio_to[] = { "2025-04-07", "2026-04-26", "2027-04-16",
                                        "2028-04-04", "2029-04-23", "2030-04-12" };
  for (int i = 0; i < (int) G_N_ELEMENTS (gio_to); i++)
    {
      assert_solar (2025 + i, 3, 10, false, gio_to[i]);
      assert_lunar (gio_to[i], 2025 + i, 3, 10, false);
    }
}

static void
test_leap_months (void)
{
  /* 2023: tháng 2 nhuận from 22/3 to 19/4; 2025: tháng 6 nhuận from 25/7 to 22/8 */
  assert_lunar ("2023-02-20", 2023, 2, 1, false);
  assert_lunar ("2023-03-21", 2023, 2, 30, false);
  assert_lunar ("2023-03-22", 2023, 2, 1, true);
  assert_lunar ("2023-04-19", 2023, 2, 29, true);
  assert_lunar ("2023-04-20", 2023, 3, 1, false);
  assert_solar (2023, 2, 1, true, "2023-03-22");
  assert_solar (2023, 2, 1, false, "2023-02-20");
  assert_lunar ("2025-07-24", 2025, 6, 30, false);
  assert_lunar ("2025-08-22", 2025, 6, 29, true);
  assert_solar (2025, 6, 1, true, "2025-07-25");
  assert_solar (2025, 6, 15, false, "2025-07-09");
}

static void
test_errors (void)
{
  LaysoLunarDate l = { .year = 7, .month = 7, .day = 7, .leap = true };
  LaysoLunarDate keep = l;
  GDate invalid;
  g_date_clear (&invalid, 1);
  g_assert_cmpint (layso_lunar_from_solar (NULL, &l), ==, -EINVAL);
  g_assert_cmpint (layso_lunar_from_solar (&invalid, &l), ==, -EINVAL);
  GDate before = day ("1899-12-31"), after = day ("2101-01-01");
  g_assert_cmpint (layso_lunar_from_solar (&before, &l), ==, -ERANGE);
  g_assert_cmpint (layso_lunar_from_solar (&after, &l), ==, -ERANGE);
  g_assert_true (memcmp (&l, &keep, sizeof l) == 0); /* ret untouched on failure */
  assert_lunar ("1900-01-01", 1899, 12, 1, false);
  assert_lunar ("2100-12-31", 2100, 12, 1, false);
  assert_solar (1899, 12, 1, false, "1900-01-01");
  assert_solar (2100, 12, 1, false, "2100-12-31");

  GDate out = day ("2000-01-01"), out_keep = out;
  static const LaysoLunarDate bad[] = {
    { 2025, 0, 1, false },   { 2025, 13, 1, false }, { 2025, 1, 0, false },
    { 2025, 1, 31, false },  { 2025, 5, 1, true }, /* 2025's leap month is 6 */
    { 2024, 1, 1, true },                          /* no leap month in 2024 */
    { 2025, 12, 30, false }, /* tháng Chạp of Ất Tỵ has 29 days (Tết 2026 is 17/2) */
  };
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_cmpint (layso_lunar_to_solar (&bad[i], &out), ==, -EINVAL);
  g_assert_cmpint (layso_lunar_to_solar (NULL, &out), ==, -EINVAL);
  static const LaysoLunarDate far[] = {
    { 1899, 11, 1, false }, /* December 1899 */
    { 2100, 12, 2, false }, /* 2101-01-01 */
    { 1000, 1, 1, false },
    { 9999, 1, 1, false },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (far); i++)
    g_assert_cmpint (layso_lunar_to_solar (&far[i], &out), ==, -ERANGE);
  g_assert_cmpint (g_date_compare (&out, &out_keep), ==, 0);
}

/* The astronomy against PyEphem 4.1.4 (Debian's python3-ephem), an independent ephemeris:
 * new moons to within a minute, the sun to within 0.02°. */
static void
test_astronomy (void)
{
  static const struct
  {
    int k;
    double jd;
  } new_moons[] = {
    { 310, 2460705.0249421 },  /* 2025-01-29 12:35:55 UT */
    { 316, 2460881.2993814 },  /* 2025-07-24 19:11:07 UT: 25/7 at UTC+7 */
    { -185, 2446086.6029614 }, /* 1985-01-21 02:28:16 UT */
    { 1237, 2488079.0383204 }, /* 2100-01-10 12:55:11 UT */
  };
  for (size_t i = 0; i < G_N_ELEMENTS (new_moons); i++)
    {
      g_assert_cmpint (layso_astro_lunation_near (new_moons[i].jd), ==, new_moons[i].k);
      double err_s = (layso_astro_new_moon (new_moons[i].k) - new_moons[i].jd) * 86400;
      if (fabs (err_s) > 60)
        g_error ("new moon %d off by %.0f s", new_moons[i].k, err_s);
    }
  static const double solstices[] = { 2461031.1269818, 2415375.7788406, 2488059.0857210 };
  for (size_t i = 0; i < G_N_ELEMENTS (solstices); i++)
    g_assert_cmpfloat_with_epsilon (layso_astro_sun_longitude (solstices[i]), 270.0, 0.02);
  g_assert_cmpfloat_with_epsilon (layso_astro_delta_t (2451545.0) * 86400, 63.9, 0.5);
}

/* --- The sweep: every day of the known range, checked against the rules' invariants. --- */

static int
jdn_of (const GDate *d)
{
  GDate copy = *d;
  return (int) g_date_get_julian (&copy) + GDATE_JULIAN_TO_JDN;
}

/* The sun's 30° sector at 00:00 UTC+7 of day `jdn`; a principal term lies between two days
 * whose sectors differ. */
static int
sun_sector (int jdn)
{
  double midnight = jdn - 0.5 - 7.0 / 24;
  return (int) floor (layso_astro_sun_longitude (midnight) / 30.0);
}

typedef struct
{
  LaysoLunarDate prev;
  int month_start;        /* jdn of the current month's first day, 0 before the first one */
  LaysoLunarDate month;   /* the current month (day 1) */
  int months_in_year;     /* months seen since the last mùng 1 tháng Giêng, -1 before one */
  int months_since_11;    /* months seen since the last month 11 began, -1 before one */
  bool termless_since_11; /* a month with no principal term since then */
  bool leap_since_11;
} Sweep;

/* The month that just ended ran from sw->month_start to jdn - 1. */
static void
check_month_ended (Sweep *sw, int jdn)
{
  int length = jdn - sw->month_start;
  g_assert_true (length == 29 || length == 30);
  bool has_term = sun_sector (sw->month_start) != sun_sector (jdn);
  if (sw->month.leap)
    {
      g_assert_false (has_term);
      g_assert_false (sw->termless_since_11); /* the first month without one is the leap */
    }
  if (!has_term)
    sw->termless_since_11 = true;
}

static void
check_month_starts (Sweep *sw, const LaysoLunarDate *l, int jdn)
{
  if (sw->month_start)
    {
      check_month_ended (sw, jdn);
      if (l->leap)
        g_assert_true (l->month == sw->prev.month && !sw->prev.leap);
      else
        g_assert_cmpint (l->month, ==, sw->prev.month % 12 + 1);
      g_assert_cmpint (l->year, ==, sw->prev.year + (l->month == 1 && !l->leap));
    }
  if (l->month == 1 && !l->leap)
    {
      if (sw->months_in_year >= 0)
        g_assert_true (sw->months_in_year == 12 || sw->months_in_year == 13);
      sw->months_in_year = 0;
    }
  if (l->month == 11 && !l->leap)
    {
      if (sw->months_since_11 >= 0)
        g_assert_cmpint (sw->months_since_11, ==, 12 + sw->leap_since_11);
      sw->months_since_11 = 0;
      sw->termless_since_11 = sw->leap_since_11 = false;
    }
  sw->leap_since_11 |= l->leap;
  if (sw->months_in_year >= 0)
    sw->months_in_year++;
  if (sw->months_since_11 >= 0)
    sw->months_since_11++;
  sw->month_start = jdn;
  sw->month = *l;
}

static void
check_day (Sweep *sw, const GDate *d)
{
  LaysoLunarDate l;
  g_assert_cmpint (layso_lunar_from_solar (d, &l), ==, 0);
  int jdn = jdn_of (d);
  if (l.day == 1)
    check_month_starts (sw, &l, jdn);
  else if (sw->month_start)
    g_assert_true (l.day == sw->prev.day + 1 && l.month == sw->prev.month &&
                   l.leap == sw->prev.leap && l.year == sw->prev.year);

  GDate back;
  g_assert_cmpint (layso_lunar_to_solar (&l, &back), ==, 0);
  g_assert_cmpint (g_date_compare (&back, d), ==, 0);
  sw->prev = l;
}

/* The local day of the December solstice of `year`, by bisection on the sun's longitude. */
static void
december_solstice (int year, GDate *ret)
{
  GDate dec1;
  g_date_clear (&dec1, 1);
  g_date_set_dmy (&dec1, 1, G_DATE_DECEMBER, (GDateYear) year);
  double lo = jdn_of (&dec1), hi = lo + 30; /* 1/12 (~249°) .. 31/12 (~279°) */
  for (int i = 0; i < 40; i++)
    {
      double mid = (lo + hi) / 2;
      if (layso_astro_sun_longitude (mid) < 270.0)
        lo = mid;
      else
        hi = mid;
    }
  g_date_clear (ret, 1);
  g_date_set_julian (ret, (guint32) (floor (lo + 0.5 + 7.0 / 24) - GDATE_JULIAN_TO_JDN));
}

static void
test_sweep (void)
{
  Sweep sw = { .months_in_year = -1, .months_since_11 = -1 };
  GDate d = day ("1900-01-01"), last = day ("2100-12-31");
  for (; g_date_compare (&d, &last) <= 0; g_date_add_days (&d, 1))
    check_day (&sw, &d);

  for (int year = LAYSO_LUNAR_MIN_YEAR; year <= LAYSO_LUNAR_MAX_YEAR; year++)
    {
      GDate solstice;
      LaysoLunarDate l;
      december_solstice (year, &solstice);
      g_assert_cmpint (layso_lunar_from_solar (&solstice, &l), ==, 0);
      g_assert_true (l.month == 11 && !l.leap && l.year == year);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/lunar/vectors", test_vectors);
  g_test_add_func ("/layso/lunar/tet", test_tet);
  g_test_add_func ("/layso/lunar/gio-to", test_gio_to);
  g_test_add_func ("/layso/lunar/leap-months", test_leap_months);
  g_test_add_func ("/layso/lunar/errors", test_errors);
  g_test_add_func ("/layso/lunar/astronomy", test_astronomy);
  g_test_add_func ("/layso/lunar/sweep", test_sweep);
  return g_test_run ();
}
