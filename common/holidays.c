/* A year's days off from the rules in holidays.h. Days are GDate julian numbers (guint32)
 * inside; GDates are only made for the answer. */
#include <errno.h>
#include <stdlib.h>

#include "holidays.h"

#define ALL_WEEKDAYS_MASK                                                                          \
  ((1 << G_DATE_MONDAY) | (1 << G_DATE_TUESDAY) | (1 << G_DATE_WEDNESDAY) |                        \
   (1 << G_DATE_THURSDAY) | (1 << G_DATE_FRIDAY) | (1 << G_DATE_SATURDAY) | (1 << G_DATE_SUNDAY))
#define MAX_HOLIDAYS (LAYSO_HOLIDAYS_MAX_TET_DAYS + 8)

typedef struct
{
  guint32 day;
  LaysoDayOffReason reason;
} Holiday;

/* Art. 112.1's days of the year, on working and rest days alike. */
typedef struct
{
  Holiday items[MAX_HOLIDAYS];
  size_t n;
  bool tet_is_official; /* the province's Tết days: no nghỉ bù for them */
} Holidays;

const char *
layso_day_off_reason_label (LaysoDayOffReason reason)
{
  switch (reason)
    {
      case LAYSO_DAY_OFF_NEW_YEAR:
        return "Tết Dương lịch";
      case LAYSO_DAY_OFF_TET:
        return "Tết Nguyên đán";
      case LAYSO_DAY_OFF_HUNG_KINGS:
        return "Giỗ Tổ Hùng Vương";
      case LAYSO_DAY_OFF_VICTORY:
        return "Ngày Chiến thắng";
      case LAYSO_DAY_OFF_LABOUR:
        return "Ngày Quốc tế Lao động";
      case LAYSO_DAY_OFF_NATIONAL_DAY:
        return "Ngày Quốc khánh";
      case LAYSO_DAY_OFF_MAKE_UP:
        return "Nghỉ bù";
      case LAYSO_DAY_OFF_SWAP:
        return "Hoán đổi ngày làm việc";
      case LAYSO_DAY_OFF_NONE:
      default:
        return NULL;
    }
}

static guint32
julian_of (const GDate *d)
{
  GDate copy = *d; /* GDate caches its julian form even through const: never write to theirs */
  return g_date_get_julian (&copy);
}

static guint32
julian_of_ymd (int year, GDateMonth month, GDateDay day)
{
  GDate d;
  g_date_clear (&d, 1);
  g_date_set_dmy (&d, day, month, (GDateYear) year);
  return g_date_get_julian (&d);
}

static GDate
date_of (guint32 julian)
{
  GDate d;
  g_date_clear (&d, 1);
  g_date_set_julian (&d, julian);
  return d;
}

static int
year_of (guint32 julian)
{
  GDate d = date_of (julian);
  return g_date_get_year (&d);
}

static GDateWeekday
weekday_of (guint32 julian)
{
  GDate d = date_of (julian);
  return g_date_get_weekday (&d);
}

static bool
is_rest_day (guint8 rest_weekdays, guint32 julian)
{
  return rest_weekdays & (1u << weekday_of (julian));
}

static bool
is_holiday (const Holidays *h, guint32 day)
{
  for (size_t i = 0; i < h->n; i++)
    if (h->items[i].day == day)
      return true;
  return false;
}

/* Two holidays on one day make one day off (Giỗ Tổ never meets 30/4 or 1/5 in 2021-2100). */
static void
add_holiday (Holidays *h, guint32 day, LaysoDayOffReason reason)
{
  if (!is_holiday (h, day) && h->n < MAX_HOLIDAYS)
    h->items[h->n++] = (Holiday){ day, reason };
}

static int
lunar_day (int year, int month, int day, guint32 *ret)
{
  LaysoLunarDate l = { .year = year, .month = (guint8) month, .day = (guint8) day };
  GDate d;
  int r = layso_lunar_to_solar (&l, &d);
  if (r < 0)
    return r;
  *ret = julian_of (&d);
  return 0;
}

/* The province's Tết days: valid, in the year, near mùng 1 and each given once. */
static int
add_official_tet (const LaysoHolidayRules *rules, guint32 mung_1, Holidays *h)
{
  if (rules->n_tet_days == 0)
    return -EINVAL;
  if (rules->n_tet_days > LAYSO_HOLIDAYS_MAX_TET_DAYS)
    return -E2BIG;
  for (size_t i = 0; i < rules->n_tet_days; i++)
    {
      const GDate *d = &rules->tet_days[i];
      if (!g_date_valid (d))
        return -EINVAL;
      guint32 day = julian_of (d);
      if (year_of (day) != rules->year || is_holiday (h, day) ||
          day + LAYSO_HOLIDAYS_TET_REACH < mung_1 || day > mung_1 + LAYSO_HOLIDAYS_TET_REACH)
        return -EINVAL;
      add_holiday (h, day, LAYSO_DAY_OFF_TET);
    }
  h->tet_is_official = true;
  return 0;
}

static int
add_tet (const LaysoHolidayRules *rules, Holidays *h)
{
  guint32 mung_1;
  int r = lunar_day (rules->year, 1, 1, &mung_1);
  if (r < 0)
    return r;
  if (rules->tet_days)
    return add_official_tet (rules, mung_1, h);
  for (guint32 day = mung_1 - 1; day <= mung_1 + 3; day++) /* the year's last day, mùng 1-4 */
    add_holiday (h, day, LAYSO_DAY_OFF_TET);
  return 0;
}

static int
add_national_day (const LaysoHolidayRules *rules, Holidays *h)
{
  guint32 sep_2 = julian_of_ymd (rules->year, G_DATE_SEPTEMBER, 2);
  guint32 extra = sep_2 - 1;
  if (rules->national_day_extra)
    {
      if (!g_date_valid (rules->national_day_extra))
        return -EINVAL;
      extra = julian_of (rules->national_day_extra);
      if (extra != sep_2 - 1 && extra != sep_2 + 1)
        return -EINVAL;
    }
  add_holiday (h, sep_2, LAYSO_DAY_OFF_NATIONAL_DAY);
  add_holiday (h, extra, LAYSO_DAY_OFF_NATIONAL_DAY);
  return 0;
}

/* Art. 112.1's days of rules->year, in date order. */
static int
collect_holidays (const LaysoHolidayRules *rules, Holidays *ret)
{
  Holidays h = { .n = 0 };
  int year = rules->year;
  guint32 gio_to;
  int r = lunar_day (year, 3, 10, &gio_to);
  if (r < 0)
    return r;

  add_holiday (&h, julian_of_ymd (year, G_DATE_JANUARY, 1), LAYSO_DAY_OFF_NEW_YEAR);
  if ((r = add_tet (rules, &h)) < 0)
    return r;
  add_holiday (&h, gio_to, LAYSO_DAY_OFF_HUNG_KINGS);
  add_holiday (&h, julian_of_ymd (year, G_DATE_APRIL, 30), LAYSO_DAY_OFF_VICTORY);
  add_holiday (&h, julian_of_ymd (year, G_DATE_MAY, 1), LAYSO_DAY_OFF_LABOUR);
  if ((r = add_national_day (rules, &h)) < 0)
    return r;

  /* insertion sort: a couple of dozen days at most */
  for (size_t i = 1; i < h.n; i++)
    for (size_t j = i; j > 0 && h.items[j - 1].day > h.items[j].day; j--)
      {
        Holiday t = h.items[j];
        h.items[j] = h.items[j - 1];
        h.items[j - 1] = t;
      }
  *ret = h;
  return 0;
}

static int
check_swap (const LaysoHolidayRules *rules, const Holidays *h, size_t i)
{
  const LaysoDaySwap *s = &rules->swaps[i];
  if (!g_date_valid (&s->day_off) || !g_date_valid (&s->worked_day))
    return -EINVAL;
  guint32 off = julian_of (&s->day_off), worked = julian_of (&s->worked_day);
  if (is_rest_day (rules->rest_weekdays, off) || !is_rest_day (rules->rest_weekdays, worked))
    return -EINVAL;
  /* `h` holds this year's holidays only: a day of another year is checked in its own year */
  if (is_holiday (h, off) || is_holiday (h, worked))
    return -EINVAL;
  for (size_t j = 0; j < i; j++)
    if (julian_of (&rules->swaps[j].day_off) == off ||
        julian_of (&rules->swaps[j].worked_day) == worked)
      return -EINVAL;
  return 0;
}

static int
check_rules (const LaysoHolidayRules *rules)
{
  if (rules->year < LAYSO_HOLIDAYS_MIN_YEAR || rules->year > LAYSO_HOLIDAYS_MAX_YEAR)
    return -ERANGE;
  guint8 rest = rules->rest_weekdays;
  if (rest == 0 || (rest & ~ALL_WEEKDAYS_MASK) || rest == ALL_WEEKDAYS_MASK)
    return -EINVAL;
  if (rules->n_swaps > LAYSO_HOLIDAYS_MAX_SWAPS)
    return -E2BIG;
  if ((rules->n_swaps && !rules->swaps) || (rules->n_tet_days && !rules->tet_days))
    return -EINVAL;
  return 0;
}

static void
add_day_off (LaysoYearDaysOff *out, guint32 day, LaysoDayOffReason reason, guint32 for_day,
             LaysoDayOffReason for_reason)
{
  LaysoDayOff *d = &out->days_off[out->n_days_off++];
  d->day = date_of (day);
  d->reason = reason;
  g_date_clear (&d->for_day, 1);
  if (for_day)
    d->for_day = date_of (for_day);
  d->for_reason = for_reason;
}

static bool
is_day_off (const LaysoYearDaysOff *out, guint32 day)
{
  for (size_t i = 0; i < out->n_days_off; i++)
    if (julian_of (&out->days_off[i].day) == day)
      return true;
  return false;
}

static void
add_swaps (const LaysoHolidayRules *rules, LaysoYearDaysOff *out)
{
  for (size_t i = 0; i < rules->n_swaps; i++)
    {
      guint32 off = julian_of (&rules->swaps[i].day_off);
      guint32 worked = julian_of (&rules->swaps[i].worked_day);
      if (year_of (off) == rules->year)
        add_day_off (out, off, LAYSO_DAY_OFF_SWAP, worked, LAYSO_DAY_OFF_NONE);
      if (year_of (worked) == rules->year)
        out->worked[out->n_worked++] =
            (LaysoWorkedDay){ .day = date_of (worked), .works_as = weekday_of (off) };
    }
}

/* Art. 111.3: each holiday on a rest day, in date order, takes the next working day that is
 * not already off. The province's Tết days carry their make-up days already. */
static void
add_make_ups (const LaysoHolidayRules *rules, const Holidays *h, LaysoYearDaysOff *out)
{
  for (size_t i = 0; i < h->n; i++)
    {
      const Holiday *hol = &h->items[i];
      if (!is_rest_day (rules->rest_weekdays, hol->day) ||
          (hol->reason == LAYSO_DAY_OFF_TET && h->tet_is_official))
        continue;
      guint32 day = hol->day + 1;
      while (is_rest_day (rules->rest_weekdays, day) || is_day_off (out, day))
        day++;
      add_day_off (out, day, LAYSO_DAY_OFF_MAKE_UP, hol->day, hol->reason);
    }
}

static int
compare_day_off (const void *a, const void *b)
{
  guint32 x = julian_of (&((const LaysoDayOff *) a)->day);
  guint32 y = julian_of (&((const LaysoDayOff *) b)->day);
  return (x > y) - (x < y);
}

static int
compare_worked (const void *a, const void *b)
{
  guint32 x = julian_of (&((const LaysoWorkedDay *) a)->day);
  guint32 y = julian_of (&((const LaysoWorkedDay *) b)->day);
  return (x > y) - (x < y);
}

int
layso_holidays_for_year (const LaysoHolidayRules *rules, LaysoYearDaysOff *ret)
{
  if (!rules || !ret)
    return -EINVAL;
  int r = check_rules (rules);
  Holidays h;
  if (r == 0)
    r = collect_holidays (rules, &h);
  for (size_t i = 0; r == 0 && i < rules->n_swaps; i++)
    r = check_swap (rules, &h, i);
  if (r < 0)
    return r;

  LaysoYearDaysOff out = { .n_days_off = 0 };
  for (size_t i = 0; i < h.n; i++)
    if (!is_rest_day (rules->rest_weekdays, h.items[i].day))
      add_day_off (&out, h.items[i].day, h.items[i].reason, 0, LAYSO_DAY_OFF_NONE);
  add_swaps (rules, &out);
  add_make_ups (rules, &h, &out);
  qsort (out.days_off, out.n_days_off, sizeof out.days_off[0], compare_day_off);
  qsort (out.worked, out.n_worked, sizeof out.worked[0], compare_worked);
  *ret = out;
  return 0;
}
