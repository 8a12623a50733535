/* Slots, check-in windows and opening hours. Times of day are minutes after midnight. */
#pragma once

#include "layso-types.h"

#define LAYSO_DEFAULT_CHECKIN_LEAD_MINUTES 30
/* Active (booked) bookings one CCCD may hold at one unit, across all fields and days: one
 * CCCD could otherwise hold every field's seat on every bookable day (docs/architecture.md, issue 9).
 * Per field and day the limit is 1 by default. */
#define LAYSO_DEFAULT_MAX_ACTIVE_PER_CCCD_UNIT      3
#define LAYSO_DEFAULT_MAX_ACTIVE_PER_CCCD_FIELD_DAY 1

/* "07:30" -> 450. Exactly HH:MM, 00:00..23:59. Returns 0 or -EINVAL. */
int layso_hhmm_parse (const char *s, int *ret_minutes);
/* 450 -> "07:30". ret holds 6 bytes. Outside 0..1439: "--:--". */
void layso_hhmm_format (int minutes, char ret[static 6]);

typedef enum
{
  LAYSO_CHECKIN_OK = 0,
  LAYSO_CHECKIN_TOO_EARLY,
  LAYSO_CHECKIN_TOO_LATE,
} LaysoCheckinVerdict;

/* The window of a slot on a day: [start - lead, end]. Instants in +07:00; unref both.
 * Both are set to NULL for an invalid day. */
void layso_checkin_window (const GDate *day, int slot_start, int slot_end, int lead_minutes,
                           GDateTime **ret_from, GDateTime **ret_until);

/* Where `now` falls against [from, until] (both ends inclusive). */
LaysoCheckinVerdict layso_checkin_verdict (GDateTime *now, GDateTime *from, GDateTime *until);

typedef struct
{
  int start, end;
} LaysoPeriod; /* [start, end) minutes */

/* Walk-in tickets are issued 07:00–11:30 and 13:00–17:00 on working days unless the unit
 * says otherwise (docs/architecture.md); the wait estimate counts this many minutes per ticket until a
 * field has a measured median. */
#define LAYSO_DEFAULT_N_OPENING_HOURS 2
extern const LaysoPeriod layso_default_opening_hours[LAYSO_DEFAULT_N_OPENING_HOURS];
#define LAYSO_DEFAULT_MINUTES_PER_TICKET 10

/* Slot templates per weekday: a slot belongs to the templates of the weekdays in its mask
 * (calendar bits, (1 << G_DATE_MONDAY) .. (1 << G_DATE_SUNDAY)). A day uses the template of
 * the weekday it works as (layso_calendar_works_as): a Saturday worked under a swap offers the
 * replaced weekday's slots, not Saturday's. */
bool layso_slot_offered_on (guint8 slot_weekdays, GDateWeekday works_as);

/* Opening hours as /quan-tri writes them: "07:00-11:30,13:00-17:00". Rules: 1 to
 * LAYSO_MAX_PERIODS periods separated by commas, each exactly HH:MM-HH:MM (spaces around
 * the parts ignored) with start < end, in order and not overlapping (one may start where the
 * previous ends). 0 and ret/ret_n, or -EINVAL (ret untouched). */
#define LAYSO_MAX_PERIODS 4
int layso_periods_parse (const char *s, LaysoPeriod ret[static LAYSO_MAX_PERIODS], size_t *ret_n);

/* True if minute-of-day falls in any period. */
bool layso_hours_contain (const LaysoPeriod *periods, size_t n, int minute_of_day);
