/* Time in Asia/Ho_Chi_Minh with an injectable clock. Thread-safe. */
#pragma once

#include "layso-types.h"

GTimeZone *layso_timezone (void); /* borrowed, fixed +07:00 */

LaysoClock *layso_clock_new_system (void);
/* Starts at `start` and runs on in real time from there (the --dev clock). */
LaysoClock *layso_clock_new_at (GDateTime *start);
void layso_clock_free (LaysoClock *clock); /* NULL is fine */
/* Jumps the clock to `now`; it runs on from there. */
void layso_clock_set (LaysoClock *clock, GDateTime *now);
/* Now in +07:00. g_date_time_unref the result. */
GDateTime *layso_clock_now (LaysoClock *clock);

/* "2025-09-26T07:00:00+07:00" (always +07:00, seconds, offset written out). g_free it. */
char *layso_rfc3339_format (GDateTime *t);
/* Accepts RFC 3339 with seconds and an offset or Z; NULL if malformed. Result in +07:00. */
GDateTime *layso_rfc3339_parse (const char *s);

/* "YYYY-MM-DD" <-> GDate. parse returns false for anything malformed or impossible. */
bool layso_date_parse (const char *s, GDate *ret);
void layso_date_format (const GDate *d, char ret[static 11]);
/* Local calendar date of an instant in +07:00. */
void layso_date_from_datetime (GDateTime *t, GDate *ret);
