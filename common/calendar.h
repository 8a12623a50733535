/* Working days and the bookable horizon. Pure functions. */
#pragma once

#include "layso-types.h"

#define LAYSO_DEFAULT_HORIZON_WORKING_DAYS 7
#define LAYSO_MAX_HOLIDAYS                 366

typedef struct
{
  guint8 working_weekdays; /* bit (1 << G_DATE_MONDAY) .. (1 << G_DATE_SUNDAY) */
  const GDate *holidays;   /* borrowed, any order */
  size_t n_holidays;
} LaysoCalendar;

#define LAYSO_WEEKDAYS_MON_FRI                                                                     \
  ((1 << G_DATE_MONDAY) | (1 << G_DATE_TUESDAY) | (1 << G_DATE_WEDNESDAY) |                        \
   (1 << G_DATE_THURSDAY) | (1 << G_DATE_FRIDAY))

bool layso_calendar_is_working_day (const LaysoCalendar *cal, const GDate *day);

/* The bookable days seen from `today`: the working days from tomorrow up to and including
 * the horizon-th working day after today. Writes at most `max` days to ret_days in order and
 * returns how many. (On Thu 25/9/2025, Mon-Fri, horizon 7: 26/9, 29/9 .. 3/10, 6/10.) */
size_t layso_calendar_bookable_days (const LaysoCalendar *cal, const GDate *today, unsigned horizon,
                                     GDate *ret_days, size_t max);

bool layso_calendar_is_bookable (const LaysoCalendar *cal, const GDate *today, unsigned horizon,
                                 const GDate *day);

/* "T6 26/9" (CN for Sunday, T2..T7 for Monday..Saturday). ret holds >= 16 bytes. */
void layso_day_label_short (const GDate *d, char *ret, size_t size);
/* "Thứ 6, 26/9/2025" ("Chủ nhật, 28/9/2025"). ret holds >= 32 bytes. */
void layso_day_label_long (const GDate *d, char *ret, size_t size);
