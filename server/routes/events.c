/* The units' event streams. A stream starts with `retry:`, then either the events after
 * the client's Last-Event-ID (when the store still has all of them) or a `snapshot` of the
 * unit with the id it is as of; from then on every event the hub gets for the unit
 * (events/hub.h), in id order, and a `ping` after LS_EVENTS_PING_S without output.
 *
 * The handler runs on a worker (it reads the store); the stream itself is filled on the
 * event loop from the hub's memory, with no store access and no thread of its own. A
 * stream that finds the hub short of events it has not sent (it fell more than LS_HUB_KEPT
 * behind) ends; the browser reconnects with Last-Event-ID and is served from the store. */
#include "routes/events.h"

#include "app.h"
#include "clock.h"
#include "events/hub.h"
#include "http/stream.h"
#include "routes/queue-json.h"
#include "routes/render.h"
#include "routes/context.h"
#include "routes/errors.h"
#include "store/store.h"

#include <errno.h>
#include <string.h>

typedef struct
{
  char *unit_id;
  gint64 cursor; /* the last id sent */
  /* bytes to send; NULL once sent: a held stream waits with no buffer (10,000 streams
   * keeping 1 KiB each was 10 MB) */
  GString *out;
  gsize sent;
  gint64 last_output_us;
  LsStream *stream;
  LsHubSub *sub;
} Sse;

static void
sse_free (void *data)
{
  Sse *s = data;
  ls_event_hub_unsubscribe (s->sub);
  g_free (s->unit_id);
  if (s->out)
    g_string_free (s->out, TRUE);
  g_free (s);
}

static void
append_event (GString *out, gint64 id, const char *type, const char *data)
{
  if (id > 0)
    g_string_append_printf (out, "id: %" G_GINT64_FORMAT "\n", id);
  g_string_append_printf (out, "event: %s\ndata: %s\n\n", type, data);
}

/* Fills out from the hub; false when the hub lacks events the client has not had. */
static bool
take_from_hub (Sse *s)
{
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_event_free);
  if (!ls_event_hub_since (s->unit_id, s->cursor, events))
    return false;
  for (guint i = 0; i < events->len; i++)
    {
      const LsEvent *e = events->pdata[i];
      append_event (s->out, e->id, e->type, e->data);
      s->cursor = e->id;
    }
  return true;
}

/* A buffer of what there is to send now (the hub's events, or a ping when due); false when
 * the hub lacks events the client has not had. s->out stays NULL when there is nothing. */
static bool
take_output (Sse *s)
{
  s->out = g_string_new (NULL);
  s->sent = 0;
  if (!take_from_hub (s))
    return false;
  gint64 now = g_get_monotonic_time ();
  /* the pinger wakes every stream every LS_EVENTS_PING_S: allow for its jitter */
  if (s->out->len == 0 && now - s->last_output_us >= (LS_EVENTS_PING_S * 1000 - 500) * 1000)
    append_event (s->out, 0, "ping", "{}");
  if (s->out->len > 0)
    {
      s->last_output_us = now;
      return true;
    }
  g_string_free (s->out, TRUE);
  s->out = NULL;
  return true;
}

static ssize_t
sse_fill (void *data, char *buf, size_t max)
{
  Sse *s = data;
  if (!s->out && !take_output (s))
    return -1;
  if (!s->out)
    return 0;
  size_t n = MIN (max, s->out->len - s->sent);
  memcpy (buf, s->out->str + s->sent, n);
  s->sent += n;
  if (s->sent == s->out->len)
    {
      g_string_free (s->out, TRUE);
      s->out = NULL;
    }
  return (ssize_t) n;
}

/* The hub wakes the stream itself (referenced), never the Sse, which ends with it. */
static void
stream_wake (void *stream)
{
  ls_stream_wake (stream);
}

static void *
stream_ref (void *stream)
{
  return ls_stream_ref (stream);
}

static void
stream_unref (void *stream)
{
  ls_stream_unref (stream);
}

/* --- the first events ------------------------------------------------------------- */

static json_object *
snapshot_json (const LsCatalog *cat, const LsUnitSnapshot *snap)
{
  json_object *counters = json_object_new_array ();
  for (guint i = 0; i < snap->counters->len; i++)
    {
      const LsCounter *k = snap->counters->pdata[i];
      json_object *o = ls_json_counter_brief (k);
      json_object_object_add (o, "paused", json_object_new_boolean (k->paused));
      json_object_object_add (o, "serving",
                              k->serving ? ls_json_ticket_brief (cat, k->serving) : NULL);
      json_object_array_add (counters, o);
    }
  json_object *recent = json_object_new_array ();
  for (guint i = 0; i < snap->recent->len; i++)
    {
      const LsEvent *e = snap->recent->pdata[i];
      json_object *o = json_tokener_parse (e->data);
      if (o)
        json_object_object_add (o, "id", json_object_new_int64 (e->id));
      json_object_array_add (recent, o);
    }
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "counters", counters);
  json_object_object_add (root, "recent", recent);
  json_object_object_add (root, "waiting", ls_json_waiting_counts (snap->waiting));
  return root;
}

static int
append_snapshot (LsRequest *req, Sse *s)
{
  g_autoptr (GDateTime) now = ls_now (req);
  GDate d;
  char date[11];
  layso_date_from_datetime (now, &d);
  layso_date_format (&d, date);
  g_autoptr (LsUnitSnapshot) snap = NULL;
  int r = ls_store_unit_snapshot (req->app->store, s->unit_id, date, &snap);
  if (r < 0)
    return r;
  g_autofree char *data = ls_json_take_string (snapshot_json (ls_request_catalog (req), snap));
  /* id 0 (no event yet) is left out: a resume from nothing is a fresh start anyway */
  append_event (s->out, snap->last_event_id, "snapshot", data);
  s->cursor = snap->last_event_id;
  return 0;
}

/* The events after Last-Event-ID, if the store still has every one of them. */
static bool
append_missed (LsRequest *req, Sse *s)
{
  const char *h = ls_request_header (req, "Last-Event-ID");
  guint64 last;
  if (!h || !g_ascii_string_to_unsigned (h, 10, 1, G_MAXINT64, &last, NULL))
    return false;
  g_autoptr (GPtrArray) events = NULL;
  if (ls_store_events_since (req->app->store, s->unit_id, (gint64) last, LS_EVENTS_REPLAY_MAX,
                             &events) < 0)
    return false;
  s->cursor = (gint64) last;
  for (guint i = 0; i < events->len; i++)
    {
      const LsEvent *e = events->pdata[i];
      append_event (s->out, e->id, e->type, e->data);
      s->cursor = e->id;
    }
  return true;
}

/* --- the keep-alive pinger --------------------------------------------------------- */

static GMutex pinger_lock;
static GCond pinger_cond;
static GThread *pinger;
static bool pinger_stop;

static gpointer
pinger_run (gpointer unused)
{
  g_mutex_lock (&pinger_lock);
  while (!pinger_stop)
    {
      gint64 until = g_get_monotonic_time () + LS_EVENTS_PING_S * G_TIME_SPAN_SECOND;
      while (!pinger_stop && g_cond_wait_until (&pinger_cond, &pinger_lock, until))
        ;
      if (pinger_stop)
        break;
      g_mutex_unlock (&pinger_lock);
      ls_event_hub_wake_all ();
      g_mutex_lock (&pinger_lock);
    }
  g_mutex_unlock (&pinger_lock);
  return NULL;
}

static void
pinger_ensure (void)
{
  g_mutex_lock (&pinger_lock);
  if (!pinger && !pinger_stop)
    pinger = g_thread_new ("layso-ping", pinger_run, NULL);
  g_mutex_unlock (&pinger_lock);
}

void
ls_events_stop (void)
{
  g_mutex_lock (&pinger_lock);
  pinger_stop = true;
  g_cond_signal (&pinger_cond);
  GThread *t = g_steal_pointer (&pinger);
  g_mutex_unlock (&pinger_lock);
  if (t)
    g_thread_join (t);
}

void
ls_route_unit_events (LsRequest *req)
{
  const LsUnit *unit = ls_catalog_unit (ls_request_catalog (req), ls_request_param (req, "unit"));
  if (!unit)
    {
      ls_reply_not_found (req);
      return;
    }
  Sse *s = g_new0 (Sse, 1);
  s->unit_id = g_strdup (unit->id);
  s->out = g_string_new (NULL);
  g_string_append_printf (s->out, "retry: %d\n\n", LS_EVENTS_RETRY_MS);
  int r = append_missed (req, s) ? 0 : append_snapshot (req, s);
  if (r < 0 || !(s->stream = ls_reply_stream (req, "text/event-stream; charset=utf-8", sse_fill, s,
                                              sse_free)))
    {
      if (r < 0)
        ls_reply_store_error (req, r);
      sse_free (s);
      return;
    }
  s->last_output_us = g_get_monotonic_time ();
  /* after the first events were read: whatever came since is in the hub, as the cursor says */
  s->sub = ls_event_hub_subscribe (s->unit_id, stream_wake, stream_ref, stream_unref, s->stream);
  pinger_ensure ();
}
