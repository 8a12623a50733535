/* Working days and the bookable horizon. Pure functions.
 *
 * A day is open at a unit when layso_calendar_works_as() says so (the rule is in calendar.h):
 * the province's days off for the day's year come from layso_holidays_for_year(), computed
 * once per year a lookup or a scan touches. The bookable days seen from `today` are the first
 * `horizon` open days strictly after today; today itself never counts, whatever it is. The
 * scan stops at the end of LAYSO_HOLIDAYS_MAX_YEAR, and after a year without an open day. */
#include "calendar.h"

#include <errno.h>

#define MAX_CLOSED_RUN 400 /* days: longer than a year, so a unit with no open day ends */

/* GDate computes its julian or dmy form lazily and caches it in the struct, even through a
 * const pointer: comparing the caller's (shared, borrowed) dates directly is a data race when
 * several threads use one calendar. Work on copies only. */
static guint32
julian_of (const GDate *d)
{
  GDate copy = *d;
  return g_date_get_julian (&copy);
}

static int
year_of (const GDate *d)
{
  GDate copy = *d;
  return g_date_get_year (&copy);
}

static int
tet_days_of_year (const LaysoProvinceCalendar *p, int year, GDate *buf, size_t *ret_n)
{
  size_t n = 0;
  for (size_t i = 0; p->tet_days && i < p->n_tet_days; i++)
    if (g_date_valid (&p->tet_days[i]) && year_of (&p->tet_days[i]) == year)
      {
        if (n == LAYSO_HOLIDAYS_MAX_TET_DAYS)
          return -E2BIG;
        buf[n++] = p->tet_days[i];
      }
  *ret_n = n;
  return 0;
}

static int
swaps_of_year (const LaysoProvinceCalendar *p, int year, LaysoDaySwap *buf, size_t *ret_n)
{
  size_t n = 0;
  for (size_t i = 0; p->swaps && i < p->n_swaps; i++)
    {
      const LaysoDaySwap *s = &p->swaps[i];
      if (!g_date_valid (&s->day_off) || !g_date_valid (&s->worked_day) ||
          (year_of (&s->day_off) != year && year_of (&s->worked_day) != year))
        continue;
      if (n == LAYSO_HOLIDAYS_MAX_SWAPS)
        return -E2BIG;
      buf[n++] = *s;
    }
  *ret_n = n;
  return 0;
}

int
layso_province_rules_for_year (const LaysoProvinceCalendar *p, int year,
                               GDate tet_buf[static LAYSO_HOLIDAYS_MAX_TET_DAYS],
                               LaysoDaySwap swap_buf[static LAYSO_HOLIDAYS_MAX_SWAPS],
                               LaysoHolidayRules *ret)
{
  LaysoHolidayRules rules = { .year = year, .rest_weekdays = LAYSO_REST_SAT_SUN };
  int r;
  if ((r = tet_days_of_year (p, year, tet_buf, &rules.n_tet_days)) < 0 ||
      (r = swaps_of_year (p, year, swap_buf, &rules.n_swaps)) < 0)
    return r;
  rules.tet_days = rules.n_tet_days ? tet_buf : NULL;
  rules.swaps = swap_buf;
  for (size_t i = 0; p->national_day_extras && i < p->n_national_day_extras; i++)
    if (g_date_valid (&p->national_day_extras[i]) && year_of (&p->national_day_extras[i]) == year)
      {
        if (rules.national_day_extra)
          return -EINVAL;
        rules.national_day_extra = &p->national_day_extras[i];
      }
  *ret = rules;
  return 0;
}

static int
check_year (const LaysoProvinceCalendar *p, int year)
{
  GDate tet[LAYSO_HOLIDAYS_MAX_TET_DAYS];
  LaysoDaySwap swaps[LAYSO_HOLIDAYS_MAX_SWAPS];
  LaysoHolidayRules rules;
  LaysoYearDaysOff y;
  int r = layso_province_rules_for_year (p, year, tet, swaps, &rules);
  return r < 0 ? r : layso_holidays_for_year (&rules, &y);
}

/* Checks the year of one entered date (an invalid date is -EINVAL, year 0). */
static int
check_year_of (const LaysoProvinceCalendar *p, const GDate *d, int *ret_year)
{
  int year = g_date_valid (d) ? year_of (d) : 0;
  int r = year ? check_year (p, year) : -EINVAL;
  if (r < 0)
    *ret_year = year;
  return r;
}

int
layso_province_calendar_check (const LaysoProvinceCalendar *p, int *ret_year)
{
  int r;
  if (!p || !ret_year)
    return -EINVAL;
  for (size_t i = 0; p->tet_days && i < p->n_tet_days; i++)
    if ((r = check_year_of (p, &p->tet_days[i], ret_year)) < 0)
      return r;
  for (size_t i = 0; p->national_day_extras && i < p->n_national_day_extras; i++)
    if ((r = check_year_of (p, &p->national_day_extras[i], ret_year)) < 0)
      return r;
  for (size_t i = 0; p->swaps && i < p->n_swaps; i++)
    if ((r = check_year_of (p, &p->swaps[i].day_off, ret_year)) < 0 ||
        (r = check_year_of (p, &p->swaps[i].worked_day, ret_year)) < 0)
      return r;
  return 0;
}

/* One year's days off, computed once and reused while a lookup or a scan stays in the year. */
typedef struct
{
  int year; /* 0: nothing loaded yet */
  int rc;   /* layso_holidays_for_year's answer; < 0 closes the whole year */
  bool official_tet;
  GDate tet[LAYSO_HOLIDAYS_MAX_TET_DAYS];
  LaysoYearDaysOff days;
} YearView;

static void
year_view_load (const LaysoCalendar *cal, int year, YearView *v)
{
  if (v->year == year)
    return;
  LaysoDaySwap swaps[LAYSO_HOLIDAYS_MAX_SWAPS];
  LaysoHolidayRules rules;
  v->year = year;
  v->rc = layso_province_rules_for_year (&cal->province, year, v->tet, swaps, &rules);
  if (v->rc == 0)
    v->rc = layso_holidays_for_year (&rules, &v->days);
  v->official_tet = v->rc == 0 && rules.n_tet_days > 0;
}

/* A holiday on a rest day: the day a make-up is for, or an official Tết day. */
static bool
is_rest_day_holiday (const YearView *v, guint32 j)
{
  for (size_t i = 0; i < v->days.n_days_off; i++)
    if (v->days.days_off[i].reason == LAYSO_DAY_OFF_MAKE_UP &&
        julian_of (&v->days.days_off[i].for_day) == j)
      return true;
  for (size_t i = 0; v->official_tet && i < LAYSO_HOLIDAYS_MAX_TET_DAYS; i++)
    if (g_date_valid (&v->tet[i]) && julian_of (&v->tet[i]) == j)
      return true;
  return false;
}

static bool
works_as_in (const LaysoCalendar *cal, YearView *v, const GDate *day, GDateWeekday *ret)
{
  int year = year_of (day);
  if (year < LAYSO_HOLIDAYS_MIN_YEAR || year > LAYSO_HOLIDAYS_MAX_YEAR)
    return false;
  year_view_load (cal, year, v);
  if (v->rc < 0)
    return false;
  guint32 j = julian_of (day);
  GDate copy = *day;
  GDateWeekday wd = g_date_get_weekday (&copy);
  for (size_t i = 0; i < cal->n_closed_days; i++)
    if (julian_of (&cal->closed_days[i]) == j)
      return false;
  for (size_t i = 0; i < v->days.n_worked; i++)
    if (julian_of (&v->days.worked[i].day) == j)
      wd = v->days.worked[i].works_as;
  if (!(cal->working_weekdays & (1u << wd)))
    return false;
  for (size_t i = 0; i < v->days.n_days_off; i++)
    if (julian_of (&v->days.days_off[i].day) == j)
      return false;
  if ((LAYSO_REST_SAT_SUN & (1u << g_date_get_weekday (&copy))) && is_rest_day_holiday (v, j))
    return false;
  *ret = wd;
  return true;
}

bool
layso_calendar_works_as (const LaysoCalendar *cal, const GDate *day, GDateWeekday *ret_works_as)
{
  if (!cal || !day || !g_date_valid (day))
    return false;
  YearView v = { 0 };
  GDateWeekday wd;
  if (!works_as_in (cal, &v, day, &wd))
    return false;
  if (ret_works_as)
    *ret_works_as = wd;
  return true;
}

bool
layso_calendar_is_working_day (const LaysoCalendar *cal, const GDate *day)
{
  return layso_calendar_works_as (cal, day, NULL);
}

/* Calls `found` for each bookable day in order, until it returns false or `horizon` working
 * days have been seen, or the calendar's last known day, or MAX_CLOSED_RUN closed days. */
typedef bool (*DayFound) (const GDate *day, void *user_data);

static void
scan_bookable (const LaysoCalendar *cal, const GDate *today, unsigned horizon, DayFound found,
               void *user_data)
{
  if (!cal || !today || !g_date_valid (today) || horizon == 0 ||
      !(cal->working_weekdays & LAYSO_WEEKDAYS_ALL) || year_of (today) > LAYSO_HOLIDAYS_MAX_YEAR)
    return;
  YearView *v = g_new0 (YearView, 1); /* a few KB: off the (thread's) stack */
  GDate d = *today;
  unsigned seen = 0, closed = 0;
  GDateWeekday wd;
  while (seen < horizon && closed < MAX_CLOSED_RUN)
    {
      g_date_add_days (&d, 1);
      if (g_date_get_year (&d) > LAYSO_HOLIDAYS_MAX_YEAR)
        break;
      if (!works_as_in (cal, v, &d, &wd))
        {
          closed++;
          continue;
        }
      seen++;
      closed = 0;
      if (!found (&d, user_data))
        break;
    }
  g_free (v);
}

typedef struct
{
  GDate *days;
  size_t max, n;
} Collect;

static bool
collect_day (const GDate *day, void *user_data)
{
  Collect *c = user_data;
  if (c->n >= c->max)
    return false;
  c->days[c->n++] = *day;
  return c->n < c->max;
}

size_t
layso_calendar_bookable_days (const LaysoCalendar *cal, const GDate *today, unsigned horizon,
                              GDate *ret_days, size_t max)
{
  if (!ret_days || max == 0)
    return 0;
  Collect c = { ret_days, max, 0 };
  scan_bookable (cal, today, horizon, collect_day, &c);
  return c.n;
}

typedef struct
{
  const GDate *wanted;
  bool hit;
} Find;

static bool
find_day (const GDate *day, void *user_data)
{
  Find *f = user_data;
  guint32 a = julian_of (day), b = julian_of (f->wanted);
  f->hit = a == b;
  return a < b;
}

bool
layso_calendar_is_bookable (const LaysoCalendar *cal, const GDate *today, unsigned horizon,
                            const GDate *day)
{
  if (!day || !g_date_valid (day) || !layso_calendar_is_working_day (cal, day) || !today ||
      !g_date_valid (today) || julian_of (day) <= julian_of (today))
    return false;
  Find f = { day, false };
  scan_bookable (cal, today, horizon, find_day, &f);
  return f.hit;
}

static int
vietnamese_weekday (const GDate *d)
{
  /* Thứ 2 is Monday .. Thứ 7 is Saturday; Sunday is Chủ nhật (returned as 0). */
  GDate copy = *d;
  GDateWeekday wd = g_date_get_weekday (&copy);
  return wd == G_DATE_SUNDAY ? 0 : (int) wd + 1;
}

void
layso_day_label_short (const GDate *d, char *ret, size_t size)
{
  if (!ret || size == 0)
    return;
  if (!d || !g_date_valid (d))
    {
      ret[0] = '\0';
      return;
    }
  int wd = vietnamese_weekday (d);
  GDate c = *d;
  unsigned day = g_date_get_day (&c), month = g_date_get_month (&c);
  if (wd == 0)
    g_snprintf (ret, size, "CN %u/%u", day, month);
  else
    g_snprintf (ret, size, "T%d %u/%u", wd, day, month);
}

void
layso_day_label_long (const GDate *d, char *ret, size_t size)
{
  if (!ret || size == 0)
    return;
  if (!d || !g_date_valid (d))
    {
      ret[0] = '\0';
      return;
    }
  int wd = vietnamese_weekday (d);
  GDate c = *d;
  unsigned day = g_date_get_day (&c), month = g_date_get_month (&c), year = g_date_get_year (&c);
  if (wd == 0)
    g_snprintf (ret, size, "Chủ nhật, %u/%u/%u", day, month, year);
  else
    g_snprintf (ret, size, "Thứ %d, %u/%u/%u", wd, day, month, year);
}
