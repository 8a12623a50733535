/* The Vietnamese lunisolar calendar from the rules in lunar.h.
 *
 * Days are Julian day numbers (jdn) of the civil day in UTC+7. A "span" is the run of 12 or
 * 13 months from the month 11 of one solstice to the month 11 of the next; the solstice's
 * solar year names it. Index i counts months in a span from 0 (month 11). */
#include <errno.h>
#include <math.h>

#include "astro.h"
#include "lunar.h"

/* g_date_get_julian () counts 0001-01-01 as 1; the astronomers' jdn of that day is 1721426. */
#define GDATE_JULIAN_TO_JDN 1721425
#define UTC_OFFSET_DAYS     (LAYSO_UTC_OFFSET_SECONDS / 86400.0)
#define MAX_SPAN_MONTHS     13

typedef struct
{
  int solstice_year;
  int n_months;                    /* 12 or 13 */
  int leap_index;                  /* 0 when no leap month, else 1..12 */
  int starts[MAX_SPAN_MONTHS + 1]; /* jdn of each month's first day, and of the next 11 */
} Span;

static int
jdn_of (const GDate *d)
{
  GDate copy = *d; /* GDate caches its julian form even through const: never write to theirs */
  return (int) g_date_get_julian (&copy) + GDATE_JULIAN_TO_JDN;
}

static int
jdn_of_ymd (int year, GDateMonth month, GDateDay day)
{
  GDate d;
  g_date_clear (&d, 1);
  g_date_set_dmy (&d, day, month, (GDateYear) year);
  return jdn_of (&d);
}

static int
new_moon_day (int k)
{
  return (int) floor (layso_astro_new_moon (k) + 0.5 + UTC_OFFSET_DAYS);
}

/* Which 30° sector the sun is in at 00:00 of local day `jdn`: 0 from the vernal equinox, 9
 * from the winter solstice. A month holds a principal term iff its first day and the next
 * month's first day see different sectors. */
static int
sun_sector (int jdn)
{
  double midnight = jdn - 0.5 - UTC_OFFSET_DAYS;
  return (int) floor (layso_astro_sun_longitude (midnight) / 30.0);
}

/* The lunation of month 11 of solar year `year`: the month holding the December solstice. */
static int
month_11_lunation (int year)
{
  int dec31 = jdn_of_ymd (year, G_DATE_DECEMBER, 31);
  int k = layso_astro_lunation_near (dec31);
  while (new_moon_day (k) > dec31)
    k--;
  while (new_moon_day (k + 1) <= dec31)
    k++;
  /* The month holding 31/12 began on or before 21-22/12 unless the sun had passed 270°. */
  if (sun_sector (new_moon_day (k)) >= 9)
    k--;
  return k;
}

/* -EDOM cannot happen (two solstices 365 days apart hold 12 or 13 new moons) unless the
 * astronomy is broken; it keeps `starts` from overflowing all the same. */
static int
span_compute (int solstice_year, Span *ret)
{
  int k11 = month_11_lunation (solstice_year);
  int n = month_11_lunation (solstice_year + 1) - k11;
  if (n != 12 && n != 13)
    return -EDOM;

  ret->solstice_year = solstice_year;
  ret->n_months = n;
  ret->leap_index = 0;
  for (int i = 0; i <= n; i++)
    ret->starts[i] = new_moon_day (k11 + i);
  for (int i = 1; n == 13 && i < n && !ret->leap_index; i++)
    if (sun_sector (ret->starts[i]) == sun_sector (ret->starts[i + 1]))
      ret->leap_index = i;
  return 0;
}

/* Spans computed once per process: a span is some fifty evaluations of the sun's and the
 * moon's series, and every booking asks the calendar about its day (the busiest caller of
 * sin() in the server before this cache). A pure function's results: a race only computes
 * one twice; a span is written once, before its flag is set. */
#define CACHED_FIRST (LAYSO_LUNAR_MIN_YEAR - 1)
#define CACHED_LAST  (LAYSO_LUNAR_MAX_YEAR + 1)
static Span cached[CACHED_LAST - CACHED_FIRST + 1];
static gint cached_ready[CACHED_LAST - CACHED_FIRST + 1];

static int
span_of (int solstice_year, Span *ret)
{
  if (solstice_year < CACHED_FIRST || solstice_year > CACHED_LAST)
    return span_compute (solstice_year, ret);
  int i = solstice_year - CACHED_FIRST;
  if (g_atomic_int_get (&cached_ready[i]))
    {
      *ret = cached[i];
      return 0;
    }
  static GMutex lock;
  int r = span_compute (solstice_year, ret);
  if (r < 0)
    return r;
  g_mutex_lock (&lock);
  if (!g_atomic_int_get (&cached_ready[i]))
    {
      cached[i] = *ret;
      g_atomic_int_set (&cached_ready[i], 1);
    }
  g_mutex_unlock (&lock);
  return 0;
}

/* The span holding day `jdn`. */
static int
span_holding (int jdn, Span *ret)
{
  GDate d;
  g_date_clear (&d, 1);
  g_date_set_julian (&d, (guint32) (jdn - GDATE_JULIAN_TO_JDN));
  int r = span_of (g_date_get_year (&d), ret);
  if (r == 0 && ret->starts[0] > jdn)
    r = span_of (ret->solstice_year - 1, ret);
  return r;
}

static bool
jdn_in_range (int jdn)
{
  return jdn >= jdn_of_ymd (LAYSO_LUNAR_MIN_YEAR, G_DATE_JANUARY, 1) &&
         jdn <= jdn_of_ymd (LAYSO_LUNAR_MAX_YEAR, G_DATE_DECEMBER, 31);
}

int
layso_lunar_from_solar (const GDate *solar, LaysoLunarDate *ret)
{
  if (!solar || !g_date_valid (solar))
    return -EINVAL;
  int jdn = jdn_of (solar);
  if (!jdn_in_range (jdn))
    return -ERANGE;

  Span s;
  int r = span_holding (jdn, &s);
  if (r < 0)
    return r;
  int i = 0;
  while (s.starts[i + 1] <= jdn)
    i++;
  int regular = s.leap_index && i >= s.leap_index ? i - 1 : i;
  int month = (regular + 10) % 12 + 1; /* regular index 0 is month 11, 2 is month 1 */

  *ret = (LaysoLunarDate){
    .year = month >= 11 ? s.solstice_year : s.solstice_year + 1,
    .month = (guint8) month,
    .day = (guint8) (jdn - s.starts[i] + 1),
    .leap = s.leap_index && i == s.leap_index,
  };
  return 0;
}

/* Index in `s` of lunar month `month` (leap or not), or -1 if the span has no such month. */
static int
month_index (const Span *s, int month, bool leap)
{
  int regular = (month + 1) % 12;
  if (leap)
    return s->leap_index && s->leap_index - 1 == regular ? s->leap_index : -1;
  return s->leap_index && regular >= s->leap_index ? regular + 1 : regular;
}

int
layso_lunar_to_solar (const LaysoLunarDate *lunar, GDate *ret)
{
  if (!lunar || lunar->month < 1 || lunar->month > 12 || lunar->day < 1 || lunar->day > 30)
    return -EINVAL;
  int solstice_year = lunar->month >= 11 ? lunar->year : lunar->year - 1;
  if (solstice_year < LAYSO_LUNAR_MIN_YEAR - 1 || solstice_year > LAYSO_LUNAR_MAX_YEAR)
    return -ERANGE;

  Span s;
  int r = span_of (solstice_year, &s);
  if (r < 0)
    return r;
  int i = month_index (&s, lunar->month, lunar->leap);
  if (i < 0 || lunar->day > s.starts[i + 1] - s.starts[i])
    return -EINVAL;
  int jdn = s.starts[i] + lunar->day - 1;
  if (!jdn_in_range (jdn))
    return -ERANGE;

  g_date_clear (ret, 1);
  g_date_set_julian (ret, (guint32) (jdn - GDATE_JULIAN_TO_JDN));
  return 0;
}
