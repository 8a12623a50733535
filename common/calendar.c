/* Working days and the bookable horizon. Pure functions.
 *
 * A day is a working day when its weekday's bit is set in working_weekdays and it is not one
 * of the holidays (invalid GDates in the holiday list are ignored). The bookable days seen from
 * `today` are the first `horizon` working days strictly after today; today itself never
 * counts, whatever it is. A calendar with no working weekday has no bookable day. */
#include "calendar.h"

#define ALL_WEEKDAYS_MASK                                                                          \
  ((1 << G_DATE_MONDAY) | (1 << G_DATE_TUESDAY) | (1 << G_DATE_WEDNESDAY) |                        \
   (1 << G_DATE_THURSDAY) | (1 << G_DATE_FRIDAY) | (1 << G_DATE_SATURDAY) | (1 << G_DATE_SUNDAY))

/* GDate can hold later years, but nobody books a visit past 9999 and stopping there keeps
 * g_date_add_days() far from its limits. */
#define LAST_YEAR 9999

/* GDate computes its julian or dmy form lazily and caches it in the struct, even through a
 * const pointer: comparing the caller's (shared, borrowed) dates directly is a data race when
 * several threads use one calendar. Work on copies only. */
static guint32
julian_of (const GDate *d)
{
  GDate copy = *d;
  return g_date_get_julian (&copy);
}

static bool
is_holiday (const LaysoCalendar *cal, const GDate *day)
{
  if (!cal->holidays)
    return false;
  guint32 j = julian_of (day);
  for (size_t i = 0; i < cal->n_holidays; i++)
    if (g_date_valid (&cal->holidays[i]) && julian_of (&cal->holidays[i]) == j)
      return true;
  return false;
}

bool
layso_calendar_is_working_day (const LaysoCalendar *cal, const GDate *day)
{
  if (!cal || !day || !g_date_valid (day))
    return false;
  GDate d = *day;
  GDateWeekday wd = g_date_get_weekday (&d);
  return (cal->working_weekdays & (1u << wd)) && !is_holiday (cal, day);
}

/* Calls `found` for each bookable day in order, until it returns false or `horizon` working
 * days have been seen. Each run of non-working days is shorter than a week plus one day per
 * holiday, so the scan is bounded by (n_holidays + 1) * 7 days per working day. */
typedef bool (*DayFound) (const GDate *day, void *user_data);

static void
scan_bookable (const LaysoCalendar *cal, const GDate *today, unsigned horizon, DayFound found,
               void *user_data)
{
  if (!cal || !today || !g_date_valid (today) || horizon == 0 ||
      !(cal->working_weekdays & ALL_WEEKDAYS_MASK))
    return;
  guint64 gap_limit = ((guint64) cal->n_holidays + 1) * 7;
  GDate d = *today;
  unsigned seen = 0;
  guint64 gap = 0;
  while (seen < horizon)
    {
      if (g_date_get_year (&d) >= LAST_YEAR)
        return;
      g_date_add_days (&d, 1);
      if (layso_calendar_is_working_day (cal, &d))
        {
          seen++;
          gap = 0;
          if (!found (&d, user_data))
            return;
        }
      else if (++gap > gap_limit)
        return;
    }
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
