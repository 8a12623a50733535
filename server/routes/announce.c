/* The boards' waiting counts after a ticket is issued, announced once per burst. An
 * announcement is a write (a `queue` event numbered from the unit's event sequence,
 * committed in id order): one per check-in serialized a unit's check-ins through that row,
 * and halved PostgreSQL's check-ins (471/s with, 1,021/s without). An announcement reads the
 * counts when it runs, so one that starts after a ticket is committed covers it.
 *
 * A unit's first request announces at once, on its own thread: alone, a ticket's event is on
 * the streams before the kiosk has its answer, as before. Requests that come while the
 * unit's announcement runs only mark it to run again; the one running hands that to the
 * announcer's thread and returns, so no kiosk waits for more than one announcement. */
#include "routes/announce.h"

#include "app.h"
#include "routes/queue.h"

#include <glib.h>

typedef enum
{
  RUNNING = 1,   /* an announcement of the unit is running */
  RUN_AGAIN = 2, /* a ticket came during it: one more is due */
} UnitState;

struct LsAnnouncer
{
  /* borrowed */
  LsApp *app;
  /* owned */
  GMutex lock;
  GHashTable *units; /* unit id -> UnitState (absent: idle), under lock */
  GThreadPool *pool; /* one thread for the announcements due again */
};

/* After an announcement of the unit: true (and the unit stays RUNNING) if one more is due. */
static bool
finished_one (LsAnnouncer *a, const char *unit_id)
{
  g_mutex_lock (&a->lock);
  bool again = GPOINTER_TO_UINT (g_hash_table_lookup (a->units, unit_id)) & RUN_AGAIN;
  if (again)
    g_hash_table_insert (a->units, g_strdup (unit_id), GUINT_TO_POINTER (RUNNING));
  else
    g_hash_table_remove (a->units, unit_id);
  g_mutex_unlock (&a->lock);
  return again;
}

static void
announce_again (gpointer unit_id, gpointer data)
{
  LsAnnouncer *a = data;
  do
    ls_queue_announce_now (a->app, unit_id);
  while (finished_one (a, unit_id));
  g_free (unit_id);
}

LsAnnouncer *
ls_announcer_new (LsApp *app)
{
  LsAnnouncer *a = g_new0 (LsAnnouncer, 1);
  a->app = app;
  g_mutex_init (&a->lock);
  a->units = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  a->pool = g_thread_pool_new (announce_again, a, 1, FALSE, NULL);
  return a;
}

void
ls_announcer_free (LsAnnouncer *a)
{
  if (!a)
    return;
  g_thread_pool_free (a->pool, FALSE, TRUE);
  g_hash_table_unref (a->units);
  g_mutex_clear (&a->lock);
  g_free (a);
}

void
ls_announcer_request (LsAnnouncer *a, const char *unit_id)
{
  g_mutex_lock (&a->lock);
  bool busy = g_hash_table_contains (a->units, unit_id);
  g_hash_table_insert (a->units, g_strdup (unit_id),
                       GUINT_TO_POINTER (busy ? RUNNING | RUN_AGAIN : RUNNING));
  g_mutex_unlock (&a->lock);
  if (busy)
    return;
  ls_queue_announce_now (a->app, unit_id);
  if (finished_one (a, unit_id))
    g_thread_pool_push (a->pool, g_strdup (unit_id), NULL);
}
