/* The units' live events in this process (hub.h). One mutex guards everything; wake-ups
 * are collected under it, each with a reference on its subscriber's data, and run after it
 * is released: the hub's lock is never held while a wake calls into libmicrohttpd, whose
 * own callbacks (a stream's end) take the hub's lock to unsubscribe. */
#include "events/hub.h"

#include <string.h>

typedef struct
{
  GQueue events; /* LsEvent*, oldest first, at most LS_HUB_KEPT */
  GList *subs;   /* LsHubSub* */
} Unit;

struct LsHubSub
{
  Unit *unit;
  LsHubWake wake;
  LsHubRef ref;
  GDestroyNotify unref;
  void *data;
};

typedef struct
{
  LsHubWake wake;
  GDestroyNotify unref;
  void *data;
} Wake;

static GMutex lock;
static GHashTable *units; /* unit id -> Unit* (kept for the process's life) */
static unsigned n_subs;

static Unit *
unit_get (const char *unit_id)
{
  if (!units)
    units = g_hash_table_new (g_str_hash, g_str_equal);
  Unit *u = g_hash_table_lookup (units, unit_id);
  if (!u)
    {
      u = g_new0 (Unit, 1);
      g_queue_init (&u->events);
      g_hash_table_insert (units, g_strdup (unit_id), u);
    }
  return u;
}

/* Under the lock: every subscriber of u, referenced. */
static void
collect (Unit *u, GArray *wakes)
{
  for (GList *l = u->subs; l; l = l->next)
    {
      LsHubSub *s = l->data;
      Wake w = { s->wake, s->unref, s->ref (s->data) };
      g_array_append_val (wakes, w);
    }
}

/* After the lock. */
static void
run_wakes (GArray *wakes)
{
  for (guint i = 0; i < wakes->len; i++)
    {
      Wake *w = &g_array_index (wakes, Wake, i);
      w->wake (w->data);
      w->unref (w->data);
    }
}

void
ls_event_hub_publish (const char *unit_id, GPtrArray *events, void *unused)
{
  g_autoptr (GArray) wakes = g_array_new (FALSE, FALSE, sizeof (Wake));
  g_mutex_lock (&lock);
  Unit *u = unit_get (unit_id);
  for (guint i = 0; i < events->len; i++)
    {
      const LsEvent *e = events->pdata[i];
      g_queue_push_tail (&u->events, ls_event_new (e->id, e->type, e->data));
      if (u->events.length > LS_HUB_KEPT)
        ls_event_free (g_queue_pop_head (&u->events));
    }
  collect (u, wakes);
  g_mutex_unlock (&lock);
  run_wakes (wakes);
}

bool
ls_event_hub_since (const char *unit_id, gint64 after, GPtrArray *ret)
{
  bool complete;
  g_mutex_lock (&lock);
  Unit *u = unit_get (unit_id);
  const LsEvent *oldest = g_queue_peek_head (&u->events);
  /* complete when the hub holds the event right after `after`, or nothing came since */
  complete = !oldest ? true : oldest->id <= after + 1;
  for (GList *l = u->events.head; l; l = l->next)
    {
      const LsEvent *e = l->data;
      if (e->id > after)
        g_ptr_array_add (ret, ls_event_new (e->id, e->type, e->data));
    }
  g_mutex_unlock (&lock);
  return complete;
}

LsHubSub *
ls_event_hub_subscribe (const char *unit_id, LsHubWake wake, LsHubRef ref, GDestroyNotify unref,
                        void *data)
{
  LsHubSub *s = g_new0 (LsHubSub, 1);
  s->wake = wake;
  s->ref = ref;
  s->unref = unref;
  s->data = data;
  g_mutex_lock (&lock);
  s->unit = unit_get (unit_id);
  s->unit->subs = g_list_prepend (s->unit->subs, s);
  n_subs++;
  g_mutex_unlock (&lock);
  return s;
}

void
ls_event_hub_unsubscribe (LsHubSub *sub)
{
  if (!sub)
    return;
  g_mutex_lock (&lock);
  sub->unit->subs = g_list_remove (sub->unit->subs, sub);
  n_subs--;
  g_mutex_unlock (&lock);
  g_free (sub);
}

static void
collect_each (gpointer key, gpointer value, gpointer wakes)
{
  collect (value, wakes);
}

void
ls_event_hub_wake_all (void)
{
  g_autoptr (GArray) wakes = g_array_new (FALSE, FALSE, sizeof (Wake));
  g_mutex_lock (&lock);
  if (units)
    g_hash_table_foreach (units, collect_each, wakes);
  g_mutex_unlock (&lock);
  run_wakes (wakes);
}

unsigned
ls_event_hub_subscribers (void)
{
  g_mutex_lock (&lock);
  unsigned n = n_subs;
  g_mutex_unlock (&lock);
  return n;
}
