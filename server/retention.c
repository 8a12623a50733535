/* The retention purge (retention.h). */
#include "retention.h"

#include "app.h"
#include "clock.h"
#include "store/store.h"

#include <stdio.h>

#define PURGE_INTERVAL_US ((gint64) G_USEC_PER_SEC * 3600)
/* A retried request is answered from its stored answer for a day; then it is a new one. */
#define IDEM_KEEP_HOURS 24

void
ls_retention_purge (LsApp *app)
{
  g_autoptr (GDateTime) now = layso_clock_now (app->clock);
  g_autoptr (GDateTime) cutoff = g_date_time_add_days (now, -(gint) app->config.retention_days);
  g_autoptr (GDateTime) idem_cutoff = g_date_time_add_hours (now, -IDEM_KEEP_HOURS);
  GDate day;
  char date[11];
  layso_date_from_datetime (cutoff, &day);
  layso_date_format (&day, date);
  g_autofree char *idem_before = layso_rfc3339_format (idem_cutoff);
  g_autofree char *now_s = layso_rfc3339_format (now);
  int r = ls_store_purge_before (app->store, date, idem_before, now_s);
  if (r < 0)
    fprintf (stderr, "layso-server: retention purge failed (%s)\n", g_strerror (-r));
  else if (r > 0)
    fprintf (stderr, "layso-server: retention purge: personal data removed from %d bookings\n", r);
}

static void
purge_tick (void *app)
{
  ls_retention_purge (app);
}

LsTicker *
ls_retention_start (LsApp *app)
{
  return ls_ticker_start ("layso-purge", PURGE_INTERVAL_US, purge_tick, app);
}
