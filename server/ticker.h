/* A thread that runs a function every interval until stopped: the retention purge, the
 * connection sweeper. Stopping wakes it at once, so a stop never waits out an interval. */
#pragma once

#include <glib.h>

typedef struct LsTicker LsTicker;
typedef void (*LsTickFn) (void *data);

/* Runs tick(data) every interval_us (first after one interval) on a thread called name. */
LsTicker *ls_ticker_start (const char *name, gint64 interval_us, LsTickFn tick, void *data);
/* Waits for a tick in progress, then stops the thread. NULL is fine. */
void ls_ticker_stop (LsTicker *t);
