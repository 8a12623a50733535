/* The retention purge (Law 91/2025/QH15): personal data of bookings dated more than
 * ls_retention_days() ago is erased, bookings of past days still booked become expired
 * (freeing their codes), and stored idempotent answers (they hold personal data) go after a
 * day. At start-up and then hourly. */
#pragma once

#include "ticker.h"

typedef struct LsApp LsApp; /* app.h */

/* The period in force: the one set in /quan-tri (the catalog's), else --retention-days. */
unsigned ls_retention_days (LsApp *app);
/* One purge now; a failure is logged (one line, no personal data) and retried next hour. */
void ls_retention_purge (LsApp *app);
/* The hourly purge on a thread of its own; ls_ticker_stop() ends it. */
LsTicker *ls_retention_start (LsApp *app);
