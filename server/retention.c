/* The retention purge (retention.h). */
#include "retention.h"

#include "app.h"
#include "clock.h"
#include "store/store.h"

#include <stdio.h>

#define PURGE_INTERVAL_US ((gint64) G_USEC_PER_SEC * 3600)
/* A retried request is answered from its stored answer for a day; then it is a new one. */
#define IDEM_KEEP_HOURS 24

unsigned
ls_retention_days (LsApp *app)
{
  LsCatalog *cat = ls_store_catalog (app->store);
  unsigned days = cat && cat->retention_days ? cat->retention_days : app->config.retention_days;
  ls_catalog_free (cat);
  return days;
}

/* What /quan-tri shows: when the purge last ran and how many bookings it purged. */
static void
record_run (LsApp *app, const char *now, int purged)
{
  g_autofree char *count = g_strdup_printf ("%d", purged);
  if (ls_store_setting_set (app->store, "purge_last_run", now, NULL) < 0 ||
      ls_store_setting_set (app->store, "purge_last_count", count, NULL) < 0)
    fprintf (stderr, "layso-server: retention purge: its run could not be recorded\n");
}

void
ls_retention_purge (LsApp *app)
{
  g_autoptr (GDateTime) now = layso_clock_now (app->clock);
  g_autoptr (GDateTime) cutoff = g_date_time_add_days (now, -(gint) ls_retention_days (app));
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
  if (r >= 0)
    record_run (app, now_s, r);
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
