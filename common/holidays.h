/* A year's days off under the Labour Code 2019 (Bộ luật Lao động 45/2019/QH14), for one
 * province's announcements. Pure functions, thread-safe, no allocation.
 *
 * Art. 112.1, the public holidays:
 *   - Tết Dương lịch: 1/1;
 *   - Tết Nguyên đán: 5 days, set each year by the Minister of Home Affairs. Until the province
 *     enters them, the default is the last day of the lunar year and mùng 1-4;
 *   - Ngày Chiến thắng 30/4 and Ngày Quốc tế Lao động 1/5;
 *   - Ngày Quốc khánh: 2/9 and 1/9 or 3/9 as announced (default 1/9);
 *   - Giỗ Tổ Hùng Vương: 10/3 of the lunar calendar (the regular month 3, never a leap one).
 * Art. 111.3: a holiday on a weekly rest day is made up on the next working day (nghỉ bù).
 *   The province's own Tết days are taken as the whole announcement, with its make-up days
 *   already in it: they get no nghỉ bù of their own.
 * Swaps (hoán đổi ngày làm việc): the province trades a working day off for a rest day worked
 *   (usually a Saturday). The worked day follows the slot template of the weekday it replaces.
 *
 * Known years: LAYSO_HOLIDAYS_MIN_YEAR (2021, when the Code came into force) to
 * LAYSO_HOLIDAYS_MAX_YEAR (the lunar calendar's last year); anything else is -ERANGE, so the
 * bookable days must stop at the end of LAYSO_HOLIDAYS_MAX_YEAR. */
#pragma once

#include "layso-types.h"
#include "lunar.h"

#define LAYSO_HOLIDAYS_MIN_YEAR     2021
#define LAYSO_HOLIDAYS_MAX_YEAR     LAYSO_LUNAR_MAX_YEAR
#define LAYSO_HOLIDAYS_MAX_TET_DAYS 16 /* 5 days plus make-up days and the weekends around */
#define LAYSO_HOLIDAYS_MAX_SWAPS    16
#define LAYSO_HOLIDAYS_MAX_DAYS_OFF 64 /* 11 holidays, their make-ups, Tết's extras, swaps */
/* The official Tết days must lie within this many days of mùng 1 tháng Giêng. */
#define LAYSO_HOLIDAYS_TET_REACH 15

/* Civil servants' weekly rest (Decision 188/1999/QĐ-TTg): Saturday and Sunday. Same bits as
 * LaysoCalendar's working_weekdays, so rest = all weekdays & ~working_weekdays. */
#define LAYSO_REST_SAT_SUN ((1 << G_DATE_SATURDAY) | (1 << G_DATE_SUNDAY))

typedef enum
{
  LAYSO_DAY_OFF_NONE = 0,
  LAYSO_DAY_OFF_NEW_YEAR,     /* Tết Dương lịch */
  LAYSO_DAY_OFF_TET,          /* Tết Nguyên đán */
  LAYSO_DAY_OFF_HUNG_KINGS,   /* Giỗ Tổ Hùng Vương */
  LAYSO_DAY_OFF_VICTORY,      /* Ngày Chiến thắng, 30/4 */
  LAYSO_DAY_OFF_LABOUR,       /* Ngày Quốc tế Lao động, 1/5 */
  LAYSO_DAY_OFF_NATIONAL_DAY, /* Ngày Quốc khánh */
  LAYSO_DAY_OFF_MAKE_UP,      /* nghỉ bù (art. 111.3) */
  LAYSO_DAY_OFF_SWAP,         /* hoán đổi ngày làm việc */
} LaysoDayOffReason;

/* "Tết Nguyên đán", "Nghỉ bù", ...; NULL for an unknown reason. Static storage. */
const char *layso_day_off_reason_label (LaysoDayOffReason reason);
#define LAYSO_WORKED_DAY_LABEL "Làm bù"

typedef struct
{
  GDate day_off;    /* a working day given off */
  GDate worked_day; /* a rest day worked in exchange */
} LaysoDaySwap;

typedef struct
{
  int year;
  guint8 rest_weekdays;            /* bits (1 << G_DATE_MONDAY) .. (1 << G_DATE_SUNDAY) */
  const GDate *tet_days;           /* the province's Tết days off, or NULL for the default */
  size_t n_tet_days;               /* 1 .. LAYSO_HOLIDAYS_MAX_TET_DAYS when tet_days is set */
  const GDate *national_day_extra; /* 1/9 or 3/9 of `year`, or NULL for 1/9 */
  const LaysoDaySwap *swaps;       /* any years: only the days inside `year` are used */
  size_t n_swaps;                  /* 0 .. LAYSO_HOLIDAYS_MAX_SWAPS */
} LaysoHolidayRules;

typedef struct
{
  GDate day;
  LaysoDayOffReason reason;
  /* MAKE_UP: the holiday that fell on a rest day (for_reason says which); SWAP: the rest day
   * worked in exchange (for_reason NONE). Otherwise an invalid (cleared) date and NONE. */
  GDate for_day;
  LaysoDayOffReason for_reason;
} LaysoDayOff;

typedef struct
{
  GDate day;             /* a rest day worked */
  GDateWeekday works_as; /* use this weekday's slot template */
} LaysoWorkedDay;

typedef struct
{
  size_t n_days_off;
  LaysoDayOff days_off[LAYSO_HOLIDAYS_MAX_DAYS_OFF]; /* in date order */
  size_t n_worked;
  LaysoWorkedDay worked[LAYSO_HOLIDAYS_MAX_SWAPS]; /* in date order */
} LaysoYearDaysOff;

/* The days of `rules->year` that are off although their weekday is a working one (a holiday on
 * a rest day shows up as its nghỉ bù), and the rest days worked under the swaps.
 * -EINVAL: NULL arguments; rest_weekdays empty, all seven days, or with other bits; a Tết day
 *   or national_day_extra that is invalid, outside the year or out of place (see above), or
 *   repeated; a swap whose day_off is not a working weekday or is a holiday, whose worked_day
 *   is not a rest weekday or is a holiday, or whose days another swap already uses.
 * -E2BIG: more Tết days or swaps than the limits.
 * -ERANGE: a year outside LAYSO_HOLIDAYS_MIN_YEAR .. LAYSO_HOLIDAYS_MAX_YEAR. */
int layso_holidays_for_year (const LaysoHolidayRules *rules, LaysoYearDaysOff *ret);
