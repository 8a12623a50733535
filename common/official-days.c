/* The check of a year's official days (rules in official-days.h). Days are compared as julian
 * numbers made from copies: GDate caches through const pointers. */
#include "official-days.h"

#include <stdlib.h>

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

static GDateWeekday
weekday_of (const GDate *d)
{
  GDate copy = *d;
  return g_date_get_weekday (&copy);
}

static bool
is_weekend_julian (guint32 julian)
{
  GDate d;
  g_date_clear (&d, 1);
  g_date_set_julian (&d, julian);
  GDateWeekday w = g_date_get_weekday (&d);
  return w == G_DATE_SATURDAY || w == G_DATE_SUNDAY;
}

static bool
valid_in_year (const GDate *d, int year)
{
  return g_date_valid (d) && year_of (d) == year;
}

static int
compare_julian (const void *a, const void *b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;
  return (x > y) - (x < y);
}

/* Count, reach and repeats, in the order given; then mùng 1 and the block, in date order. */
static LaysoOfficialProblem
check_tet (const LaysoOfficialDays *in, size_t *ret_index)
{
  if (in->n_tet_days == 0 && !in->tet_days)
    return LAYSO_OFFICIAL_OK;
  if (!in->tet_days || in->n_tet_days < LAYSO_TET_MIN_DAYS ||
      in->n_tet_days > LAYSO_HOLIDAYS_MAX_TET_DAYS)
    return LAYSO_OFFICIAL_TET_COUNT;
  LaysoLunarDate l = { .year = in->year, .month = 1, .day = 1 };
  GDate mung_1_date;
  if (layso_lunar_to_solar (&l, &mung_1_date) < 0)
    return LAYSO_OFFICIAL_YEAR_UNKNOWN;
  guint32 mung_1 = julian_of (&mung_1_date);
  guint32 days[LAYSO_HOLIDAYS_MAX_TET_DAYS];
  for (size_t i = 0; i < in->n_tet_days; i++)
    {
      *ret_index = i;
      if (!valid_in_year (&in->tet_days[i], in->year))
        return LAYSO_OFFICIAL_TET_OUT_OF_REACH;
      days[i] = julian_of (&in->tet_days[i]);
      if (days[i] + LAYSO_HOLIDAYS_TET_REACH < mung_1 ||
          days[i] > mung_1 + LAYSO_HOLIDAYS_TET_REACH)
        return LAYSO_OFFICIAL_TET_OUT_OF_REACH;
      for (size_t j = 0; j < i; j++)
        if (days[j] == days[i])
          return LAYSO_OFFICIAL_TET_REPEATED;
    }
  *ret_index = 0;
  qsort (days, in->n_tet_days, sizeof days[0], compare_julian);
  if (!bsearch (&mung_1, days, in->n_tet_days, sizeof days[0], compare_julian))
    return LAYSO_OFFICIAL_TET_NO_MUNG_1;
  for (size_t i = 1; i < in->n_tet_days; i++)
    for (guint32 d = days[i - 1] + 1; d < days[i]; d++)
      if (!is_weekend_julian (d))
        return LAYSO_OFFICIAL_TET_GAP;
  return LAYSO_OFFICIAL_OK;
}

static LaysoOfficialProblem
check_national_day (const LaysoOfficialDays *in)
{
  const GDate *d = in->national_day_extra;
  if (!d)
    return LAYSO_OFFICIAL_OK;
  GDate copy = *d;
  if (!valid_in_year (d, in->year) || g_date_get_month (&copy) != G_DATE_SEPTEMBER ||
      (g_date_get_day (&copy) != 1 && g_date_get_day (&copy) != 3))
    return LAYSO_OFFICIAL_NATIONAL_DAY_EXTRA;
  return LAYSO_OFFICIAL_OK;
}

/* The shape of swap i: its year, weekdays and repeats. */
static LaysoOfficialProblem
check_swap_shape (const LaysoOfficialDays *in, size_t i)
{
  const LaysoDaySwap *s = &in->swaps[i];
  if (!valid_in_year (&s->day_off, in->year) || !valid_in_year (&s->worked_day, in->year))
    return LAYSO_OFFICIAL_SWAP_OUTSIDE_YEAR;
  GDateWeekday off = weekday_of (&s->day_off);
  if (off == G_DATE_SATURDAY || off == G_DATE_SUNDAY)
    return LAYSO_OFFICIAL_SWAP_DAY_OFF_REST;
  if (weekday_of (&s->worked_day) != G_DATE_SATURDAY)
    return LAYSO_OFFICIAL_SWAP_WORKED_NOT_SATURDAY;
  for (size_t j = 0; j < i; j++)
    if (julian_of (&in->swaps[j].day_off) == julian_of (&s->day_off) ||
        julian_of (&in->swaps[j].worked_day) == julian_of (&s->worked_day))
      return LAYSO_OFFICIAL_SWAP_REPEATED;
  return LAYSO_OFFICIAL_OK;
}

static bool
is_day_off (const LaysoYearDaysOff *y, const GDate *d)
{
  guint32 day = julian_of (d);
  for (size_t i = 0; i < y->n_days_off; i++)
    if (julian_of (&y->days_off[i].day) == day)
      return true;
  return false;
}

/* Against the year's days off without swaps. A worked Saturday that is a holiday does not
 * show among the days off (only its nghỉ bù does): layso_holidays_for_year, given that swap
 * alone once everything else about it is known good, refuses it for that reason only. */
static LaysoOfficialProblem
check_swaps (const LaysoOfficialDays *in, size_t *ret_index)
{
  if (in->n_swaps > LAYSO_HOLIDAYS_MAX_SWAPS || (in->n_swaps && !in->swaps))
    return LAYSO_OFFICIAL_SWAP_COUNT;
  LaysoHolidayRules rules = { .year = in->year,
                              .rest_weekdays = LAYSO_REST_SAT_SUN,
                              .tet_days = in->n_tet_days ? in->tet_days : NULL,
                              .n_tet_days = in->n_tet_days,
                              .national_day_extra = in->national_day_extra };
  LaysoYearDaysOff without;
  if (layso_holidays_for_year (&rules, &without) < 0)
    return LAYSO_OFFICIAL_YEAR_UNKNOWN; /* not reached: tet and national day checked */
  for (size_t i = 0; i < in->n_swaps; i++)
    {
      *ret_index = i;
      LaysoOfficialProblem p = check_swap_shape (in, i);
      if (p != LAYSO_OFFICIAL_OK)
        return p;
      if (is_day_off (&without, &in->swaps[i].day_off))
        return LAYSO_OFFICIAL_SWAP_DAY_OFF_HOLIDAY;
      LaysoHolidayRules one = rules;
      LaysoYearDaysOff y;
      one.swaps = &in->swaps[i];
      one.n_swaps = 1;
      if (layso_holidays_for_year (&one, &y) < 0)
        return LAYSO_OFFICIAL_SWAP_WORKED_HOLIDAY;
    }
  *ret_index = 0;
  return LAYSO_OFFICIAL_OK;
}

LaysoOfficialProblem
layso_official_days_check (const LaysoOfficialDays *in, size_t *ret_index)
{
  size_t index = 0;
  LaysoOfficialProblem p = LAYSO_OFFICIAL_YEAR_UNKNOWN;
  if (in && in->year >= LAYSO_HOLIDAYS_MIN_YEAR && in->year <= LAYSO_HOLIDAYS_MAX_YEAR)
    p = check_tet (in, &index);
  if (p == LAYSO_OFFICIAL_OK)
    p = check_national_day (in);
  if (p == LAYSO_OFFICIAL_OK)
    p = check_swaps (in, &index);
  if (p != LAYSO_OFFICIAL_OK && ret_index)
    *ret_index = index;
  return p;
}

const char *
layso_official_problem_member (LaysoOfficialProblem p)
{
  switch (p)
    {
      case LAYSO_OFFICIAL_TET_COUNT:
      case LAYSO_OFFICIAL_TET_OUT_OF_REACH:
      case LAYSO_OFFICIAL_TET_REPEATED:
      case LAYSO_OFFICIAL_TET_NO_MUNG_1:
      case LAYSO_OFFICIAL_TET_GAP:
        return "tet";
      case LAYSO_OFFICIAL_NATIONAL_DAY_EXTRA:
        return "national_day_extra";
      case LAYSO_OFFICIAL_SWAP_COUNT:
      case LAYSO_OFFICIAL_SWAP_OUTSIDE_YEAR:
      case LAYSO_OFFICIAL_SWAP_DAY_OFF_REST:
      case LAYSO_OFFICIAL_SWAP_WORKED_NOT_SATURDAY:
      case LAYSO_OFFICIAL_SWAP_REPEATED:
      case LAYSO_OFFICIAL_SWAP_DAY_OFF_HOLIDAY:
      case LAYSO_OFFICIAL_SWAP_WORKED_HOLIDAY:
        return "swaps";
      case LAYSO_OFFICIAL_OK:
      case LAYSO_OFFICIAL_YEAR_UNKNOWN:
      default:
        return "year";
    }
}

static const char *const problem_messages[] = {
  [LAYSO_OFFICIAL_OK] = NULL,
  [LAYSO_OFFICIAL_YEAR_UNKNOWN] = "Lịch chỉ tính được các năm từ 2021 đến 2100",
  [LAYSO_OFFICIAL_TET_COUNT] = "Nghỉ Tết gồm từ 5 đến 16 ngày",
  [LAYSO_OFFICIAL_TET_OUT_OF_REACH] = "Ngày nghỉ Tết phải thuộc năm này, cách mùng 1 Tết không "
                                      "quá 15 ngày",
  [LAYSO_OFFICIAL_TET_REPEATED] = "Một ngày nghỉ Tết bị nhập hai lần",
  [LAYSO_OFFICIAL_TET_NO_MUNG_1] = "Các ngày nghỉ Tết phải gồm mùng 1 Tết",
  [LAYSO_OFFICIAL_TET_GAP] = "Các ngày nghỉ Tết phải liền nhau (chỉ được bỏ qua thứ Bảy, Chủ nhật)",
  [LAYSO_OFFICIAL_NATIONAL_DAY_EXTRA] = "Ngày nghỉ thêm dịp Quốc khánh là 1/9 hoặc 3/9 của năm này",
  [LAYSO_OFFICIAL_SWAP_COUNT] = "Tối đa 16 lần hoán đổi ngày làm việc một năm",
  [LAYSO_OFFICIAL_SWAP_OUTSIDE_YEAR] = "Ngày nghỉ và ngày làm bù của hoán đổi phải thuộc năm này",
  [LAYSO_OFFICIAL_SWAP_DAY_OFF_REST] = "Ngày được nghỉ do hoán đổi phải là một ngày từ thứ Hai "
                                       "đến thứ Sáu",
  [LAYSO_OFFICIAL_SWAP_WORKED_NOT_SATURDAY] = "Ngày làm bù phải là thứ Bảy",
  [LAYSO_OFFICIAL_SWAP_REPEATED] = "Một ngày đã dùng trong hoán đổi khác",
  [LAYSO_OFFICIAL_SWAP_DAY_OFF_HOLIDAY] = "Ngày được nghỉ do hoán đổi đã là ngày nghỉ lễ, Tết "
                                          "hoặc nghỉ bù",
  [LAYSO_OFFICIAL_SWAP_WORKED_HOLIDAY] = "Ngày làm bù không được là ngày lễ, Tết",
};

const char *
layso_official_problem_message (LaysoOfficialProblem p)
{
  return (size_t) p < G_N_ELEMENTS (problem_messages) ? problem_messages[p] : NULL;
}
