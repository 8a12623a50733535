/* One year's official days as the province enters them in /quan-tri (issue 11, item 3): the
 * Tết days the Minister of Home Affairs announces, National Day's adjacent day and the swaps.
 * A pure check with its rules, so that what it accepts layso_holidays_for_year accepts too.
 *
 * Rules (layso_official_days_check; the first broken one, in this order, is reported):
 *   - year: LAYSO_HOLIDAYS_MIN_YEAR .. LAYSO_HOLIDAYS_MAX_YEAR (YEAR_UNKNOWN).
 *   - tet: none (the default: the last day of the lunar year and mùng 1-4) or the
 *     announcement: 5 (art. 112's five days) to LAYSO_HOLIDAYS_MAX_TET_DAYS days (TET_COUNT),
 *     each a valid day of `year` within LAYSO_HOLIDAYS_TET_REACH days of mùng 1 tháng Giêng
 *     (TET_OUT_OF_REACH), none given twice (TET_REPEATED), mùng 1 among them (TET_NO_MUNG_1),
 *     and one block: between two of them, in date order, only Saturdays and Sundays may be
 *     left out (TET_GAP; the announcement may list the weekend days or not).
 *   - national_day_extra: none (1/9) or 1/9 or 3/9 of `year` (NATIONAL_DAY_EXTRA).
 *   - swaps: at most LAYSO_HOLIDAYS_MAX_SWAPS (SWAP_COUNT); each one's two days valid and in
 *     `year` (SWAP_OUTSIDE_YEAR); its day_off a Monday..Friday (SWAP_DAY_OFF_REST) and its
 *     worked day a Saturday (SWAP_WORKED_NOT_SATURDAY), the civil servants' week; no day_off or
 *     worked day given by an earlier swap (SWAP_REPEATED); the day_off not already a day off
 *     of the year (a holiday, a Tết day or a nghỉ bù as computed from the tet and
 *     national_day_extra given; SWAP_DAY_OFF_HOLIDAY), the worked day not a holiday
 *     (SWAP_WORKED_HOLIDAY). */
#pragma once

#include "holidays.h"

typedef struct
{
  int year;
  const GDate *tet_days; /* NULL (n_tet_days 0): the default Tết */
  size_t n_tet_days;
  const GDate *national_day_extra; /* NULL: 1/9 */
  const LaysoDaySwap *swaps;
  size_t n_swaps;
} LaysoOfficialDays;

#define LAYSO_TET_MIN_DAYS 5

typedef enum
{
  LAYSO_OFFICIAL_OK = 0,
  LAYSO_OFFICIAL_YEAR_UNKNOWN,
  LAYSO_OFFICIAL_TET_COUNT,
  LAYSO_OFFICIAL_TET_OUT_OF_REACH,
  LAYSO_OFFICIAL_TET_REPEATED,
  LAYSO_OFFICIAL_TET_NO_MUNG_1,
  LAYSO_OFFICIAL_TET_GAP,
  LAYSO_OFFICIAL_NATIONAL_DAY_EXTRA,
  LAYSO_OFFICIAL_SWAP_COUNT,
  LAYSO_OFFICIAL_SWAP_OUTSIDE_YEAR,
  LAYSO_OFFICIAL_SWAP_DAY_OFF_REST,
  LAYSO_OFFICIAL_SWAP_WORKED_NOT_SATURDAY,
  LAYSO_OFFICIAL_SWAP_REPEATED,
  LAYSO_OFFICIAL_SWAP_DAY_OFF_HOLIDAY,
  LAYSO_OFFICIAL_SWAP_WORKED_HOLIDAY,
} LaysoOfficialProblem;

/* The first rule `in` breaks (see above), LAYSO_OFFICIAL_OK if none. *ret_index (may be
 * NULL): the index of the Tết day or swap at fault, 0 otherwise; written on failure only.
 * A NULL `in` is YEAR_UNKNOWN. When it answers OK, layso_holidays_for_year accepts the same
 * days with rest_weekdays LAYSO_REST_SAT_SUN. */
LaysoOfficialProblem layso_official_days_check (const LaysoOfficialDays *in, size_t *ret_index);

/* The body member a problem is about: "year", "tet", "national_day_extra" or "swaps". */
const char *layso_official_problem_member (LaysoOfficialProblem p);
/* What to tell the admin, in Vietnamese (static storage); NULL for OK. */
const char *layso_official_problem_message (LaysoOfficialProblem p);
