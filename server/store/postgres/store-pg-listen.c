/* The PostgreSQL backend: events across processes. A queue action's transaction ends with
 * pg_notify (PG_EVENTS_CHANNEL, "FIRST_ID UNIT_ID"), which PostgreSQL delivers to every
 * listening connection once it commits. Each process that asked (watch_events) keeps one
 * connection on LISTEN, on a thread of its own: on a notification it reads the unit's
 * events after the last it handed on, in id order, and hands them on. A unit's ids come
 * from its event_seq row, locked until the commit, so when event N is visible so is every
 * event before it: read in id order, nothing is skipped. Its own process's events come the
 * same way, so every stream sees one order. */
#include "store/postgres/store-pg-private.h"

#include <errno.h>
#include <glib-unix.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#define RECONNECT_MS 1000
#define READ_MAX     1000 /* events read per query */

struct PgListener
{
  PgStore *store;
  LsEventsCommitted fn;
  void *data;
  GThread *thread;
  int wake[2]; /* a byte on wake[1]: stop */
  PgConn *conn;
  GHashTable *last; /* unit id -> gint64* of the last event handed on */
};

int
pg_events_notify (PgConn *c, const char *unit_id, gint64 first_id)
{
  g_autofree char *payload = g_strdup_printf ("%" G_GINT64_FORMAT " %s", first_id, unit_id);
  int r = PG_RUN (c, "SELECT pg_notify('" PG_EVENTS_CHANNEL "', $1)", payload);
  return r < 0 ? r : 0;
}

static void *
event_from_row (const PGresult *r, int i)
{
  return ls_event_new (pg_get_int64 (r, i, 0), PQgetvalue (r, i, 1), PQgetvalue (r, i, 2));
}

/* Hands on the unit's events after *last (reading until none is left), updating *last. */
static int
hand_on (struct PgListener *l, const char *unit_id, gint64 *last)
{
  for (;;)
    {
      PG_RESULT r = NULL;
      int err = PG_EXEC (l->conn, &r,
                         "SELECT id, type, data FROM unit_events WHERE unit_id = $1 AND id > $2"
                         " ORDER BY id LIMIT $3",
                         unit_id, pg_num (*last).s, pg_num (READ_MAX).s);
      if (err < 0)
        return err;
      if (PQntuples (r) == 0)
        return 0;
      g_autoptr (GPtrArray) events =
          pg_collect_rows (r, event_from_row, (GDestroyNotify) ls_event_free);
      *last = ((LsEvent *) events->pdata[events->len - 1])->id;
      l->fn (unit_id, events, l->data);
    }
}

static int
on_notify (struct PgListener *l, const char *payload)
{
  char *unit_id = NULL;
  gint64 first = g_ascii_strtoll (payload, &unit_id, 10);
  if (!unit_id || *unit_id != ' ' || first < 1)
    return 0; /* not ours */
  unit_id++;
  gint64 *last = g_hash_table_lookup (l->last, unit_id);
  if (!last)
    {
      /* the first news of this unit: from this event on (a stream reads older ones from
       * the store) */
      last = g_new (gint64, 1);
      *last = first - 1;
      g_hash_table_insert (l->last, g_strdup (unit_id), last);
    }
  return hand_on (l, unit_id, last);
}

/* A connection on LISTEN; what came while there was none is read again. */
static int
listen_again (struct PgListener *l)
{
  l->conn = pg_conn_open (l->store->conninfo);
  if (!l->conn)
    return -ENOTCONN;
  int r = pg_exec (l->conn, "LISTEN " PG_EVENTS_CHANNEL, NULL, 0, NULL);
  GHashTableIter it;
  gpointer unit, last;
  g_hash_table_iter_init (&it, l->last);
  while (r == 0 && g_hash_table_iter_next (&it, &unit, &last))
    r = hand_on (l, unit, last);
  return r;
}

/* Waits for a notification or the stop; false on stop. */
static bool
wait_input (struct PgListener *l, int timeout_ms)
{
  struct pollfd fds[2] = { { l->wake[0], POLLIN, 0 }, { -1, POLLIN, 0 } };
  if (l->conn)
    fds[1].fd = PQsocket (l->conn->conn);
  poll (fds, 2, timeout_ms);
  return !(fds[0].revents & POLLIN);
}

static int
consume (struct PgListener *l)
{
  if (!PQconsumeInput (l->conn->conn))
    return -ENOTCONN;
  PGnotify *n;
  int r = 0;
  while (r == 0 && (n = PQnotifies (l->conn->conn)))
    {
      r = on_notify (l, n->extra);
      PQfreemem (n);
    }
  return r;
}

static gpointer
listen_thread (gpointer data)
{
  struct PgListener *l = data;
  for (;;)
    {
      if (!l->conn && listen_again (l) < 0)
        {
          g_clear_pointer (&l->conn, pg_conn_free);
          if (!wait_input (l, RECONNECT_MS))
            break;
          continue;
        }
      if (!wait_input (l, -1))
        break;
      if (consume (l) < 0)
        g_clear_pointer (&l->conn, pg_conn_free); /* the database went away: again */
    }
  return NULL;
}

int
pg_watch_events (LsStore *base, LsEventsCommitted fn, void *data)
{
  PgStore *s = (PgStore *) base;
  if (s->listener)
    return -EALREADY;
  int wake[2];
  if (!g_unix_open_pipe (wake, FD_CLOEXEC, NULL))
    return -errno;
  struct PgListener *l = g_new0 (struct PgListener, 1);
  l->wake[0] = wake[0];
  l->wake[1] = wake[1];
  l->store = s;
  l->fn = fn;
  l->data = data;
  l->last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  s->listener = l;
  l->thread = g_thread_new ("layso-pg-listen", listen_thread, l);
  return 0;
}

void
pg_listener_stop (struct PgListener *l)
{
  if (!l)
    return;
  char byte = 0;
  /* one byte into an empty pipe: it cannot fail short of a bug */
  (void) !write (l->wake[1], &byte, 1);
  g_thread_join (l->thread);
  pg_conn_free (l->conn);
  close (l->wake[0]);
  close (l->wake[1]);
  g_hash_table_unref (l->last);
  g_free (l);
}
