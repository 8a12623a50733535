/* Working days and the bookable horizon. Pure functions. */
#pragma once

#include "layso-types.h"

#include "holidays.h"

#define LAYSO_DEFAULT_HORIZON_WORKING_DAYS 7

/* What one province has entered of the official calendar, all years together. A year with no
 * Tết days takes the default Tết, a year with no national_day_extras entry takes 1/9 (see
 * holidays.h). Arrays borrowed, any order. */
typedef struct
{
  const GDate *tet_days; /* the official Tết days off, grouped by their year */
  size_t n_tet_days;
  const GDate *national_day_extras; /* the day next to 2/9, at most one per year */
  size_t n_national_day_extras;
  const LaysoDaySwap *swaps; /* a working day off for a Saturday worked */
  size_t n_swaps;
} LaysoProvinceCalendar;

typedef struct
{
  /* The unit's own weekdays, bit (1 << G_DATE_MONDAY) .. (1 << G_DATE_SUNDAY): Monday to
   * Friday, plus Saturday for a unit with Saturday-morning service. */
  guint8 working_weekdays;
  LaysoProvinceCalendar province;
  /* the unit's own closed days (/quan-tri), in any order; none is a working day */
  const GDate *closed_days;
  size_t n_closed_days;
} LaysoCalendar;

#define LAYSO_WEEKDAYS_MON_FRI                                                                     \
  ((1 << G_DATE_MONDAY) | (1 << G_DATE_TUESDAY) | (1 << G_DATE_WEDNESDAY) |                        \
   (1 << G_DATE_THURSDAY) | (1 << G_DATE_FRIDAY))
#define LAYSO_WEEKDAYS_ALL (LAYSO_WEEKDAYS_MON_FRI | LAYSO_REST_SAT_SUN)

/* `year`'s rules from what the province entered (civil servants' rest: Saturday and Sunday).
 * tet_buf and swap_buf hold the year's entries and must outlive ret.
 * -E2BIG: more than LAYSO_HOLIDAYS_MAX_TET_DAYS Tết days or LAYSO_HOLIDAYS_MAX_SWAPS swaps
 *   touching the year; -EINVAL: two national_day_extras in the year. */
int layso_province_rules_for_year (const LaysoProvinceCalendar *p, int year,
                                   GDate tet_buf[static LAYSO_HOLIDAYS_MAX_TET_DAYS],
                                   LaysoDaySwap swap_buf[static LAYSO_HOLIDAYS_MAX_SWAPS],
                                   LaysoHolidayRules *ret);

/* Checks every year the province entered something for against layso_holidays_for_year.
 * 0, or its error for the first bad year (-ERANGE for a year it does not know), with that
 * year in *ret_year. */
int layso_province_calendar_check (const LaysoProvinceCalendar *p, int *ret_year);

/* Whether the unit opens on `day`, and with which weekday's slot template: its own for a
 * working weekday; the replaced weekday's for a rest day worked under a swap (open even
 * without Saturday service, closed if the unit does not work the replaced weekday). Closed on
 * the year's days off, on holidays that fall on a rest day the unit works, and on any day of a
 * year the calendar does not know (outside LAYSO_HOLIDAYS_MIN_YEAR .. MAX_YEAR).
 * ret_works_as may be NULL; it is set only when the day is open. */
bool layso_calendar_works_as (const LaysoCalendar *cal, const GDate *day,
                              GDateWeekday *ret_works_as);

bool layso_calendar_is_working_day (const LaysoCalendar *cal, const GDate *day);

/* The bookable days seen from `today`: the working days from tomorrow up to and including
 * the horizon-th working day after today, never past the end of LAYSO_HOLIDAYS_MAX_YEAR. Writes at most `max` days to ret_days in order and
 * returns how many. (On Thu 25/9/2025, Mon-Fri, horizon 7: 26/9, 29/9 .. 3/10, 6/10.) */
size_t layso_calendar_bookable_days (const LaysoCalendar *cal, const GDate *today, unsigned horizon,
                                     GDate *ret_days, size_t max);

bool layso_calendar_is_bookable (const LaysoCalendar *cal, const GDate *today, unsigned horizon,
                                 const GDate *day);

/* "T6 26/9" (CN for Sunday, T2..T7 for Monday..Saturday). ret holds >= 16 bytes. */
void layso_day_label_short (const GDate *d, char *ret, size_t size);
/* "Thứ 6, 26/9/2025" ("Chủ nhật, 28/9/2025"). ret holds >= 32 bytes. */
void layso_day_label_long (const GDate *d, char *ret, size_t size);
