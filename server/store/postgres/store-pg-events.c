/* The PostgreSQL backend: each unit's event stream. Ids come from a per-unit sequence row
 * (event_seq) bumped in the action's transaction, so they survive restarts and are shared
 * by every process on the database; the last EVENTS_KEPT events of a unit are kept for
 * boards that reconnect with Last-Event-ID. */
#include "store/postgres/store-pg-private.h"

#include <errno.h>
#include <string.h>

#define EVENTS_KEPT  1000
#define RECENT_CALLS 10

int
pg_events_append (PgConn *c, const char *unit_id, const char *date, GPtrArray *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      LsEvent *e = events->pdata[i];
      PG_RESULT r = NULL;
      int err = PG_EXEC (c, &r,
                         "INSERT INTO event_seq AS s (unit_id, last) VALUES ($1, 1)"
                         " ON CONFLICT (unit_id) DO UPDATE SET last = s.last + 1 RETURNING last",
                         unit_id);
      if (err < 0)
        return err;
      e->id = pg_get_int64 (r, 0, 0);
      err = PG_RUN (c,
                    "INSERT INTO unit_events (unit_id, id, type, data, date)"
                    " VALUES ($1, $2, $3, $4, $5)",
                    unit_id, pg_num (e->id).s, e->type, e->data, date);
      if (err < 0)
        return err;
    }
  if (events->len == 0)
    return 0;
  gint64 last = ((LsEvent *) events->pdata[events->len - 1])->id;
  int r = PG_RUN (c, "DELETE FROM unit_events WHERE unit_id = $1 AND id <= $2", unit_id,
                  pg_num (last - EVENTS_KEPT).s);
  return r < 0 ? r : 0;
}

static void *
event_from_row (const PGresult *r, int i)
{
  return ls_event_new (pg_get_int64 (r, i, 0), PQgetvalue (r, i, 1), PQgetvalue (r, i, 2));
}

/* The unit's sequence now (0: no event yet), or a negative error. */
static gint64
last_event_id (PgConn *c, const char *unit_id)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r, "SELECT last FROM event_seq WHERE unit_id = $1", unit_id);
  if (err < 0)
    return err;
  return PQntuples (r) ? pg_get_int64 (r, 0, 0) : 0;
}

typedef struct
{
  const char *unit_id, *date;
  gint64 after_id;
  unsigned max;
  void *ret;
} EventsRead;

static int
events_since (PgConn *c, void *data)
{
  EventsRead *op = data;
  gint64 last = last_event_id (c, op->unit_id);
  if (last < 0)
    return (int) last;
  if (op->after_id > last)
    return -LS_E_NOT_FOUND; /* an id this database never gave: another database's */
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT id, type, data FROM unit_events WHERE unit_id = $1 AND id > $2"
                     " ORDER BY id LIMIT $3",
                     op->unit_id, pg_num (op->after_id).s, pg_num (op->max).s);
  if (err < 0)
    return err;
  g_autoptr (GPtrArray) list = pg_collect_rows (r, event_from_row, (GDestroyNotify) ls_event_free);
  /* the first one kept must follow after_id, else some were pruned */
  gint64 want = MIN (last - op->after_id, (gint64) op->max);
  if ((gint64) list->len != want ||
      (list->len && ((LsEvent *) list->pdata[0])->id != op->after_id + 1))
    return -LS_E_NOT_FOUND;
  *(GPtrArray **) op->ret = g_steal_pointer (&list);
  return 0;
}

int
pg_events_since (LsStore *base, const char *unit_id, gint64 after_id, unsigned max, GPtrArray **ret)
{
  EventsRead op = { unit_id, NULL, after_id, max, ret };
  return pg_read_tx ((PgStore *) base, events_since, &op);
}

static int
recent_calls (PgConn *c, const char *unit_id, const char *date, GPtrArray **ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT id, type, data FROM (SELECT id, type, data FROM unit_events"
                     " WHERE unit_id = $1 AND date = $2 AND type = 'called'"
                     " ORDER BY id DESC LIMIT $3) AS recent ORDER BY id",
                     unit_id, date, pg_num (RECENT_CALLS).s);
  if (err == 0)
    *ret = pg_collect_rows (r, event_from_row, (GDestroyNotify) ls_event_free);
  return err;
}

/* One read transaction: the state and the id it is as of agree. */
static int
snapshot_read (PgConn *c, void *data)
{
  EventsRead *op = data;
  g_autoptr (LsUnitSnapshot) snap = g_new0 (LsUnitSnapshot, 1);
  snap->last_event_id = last_event_id (c, op->unit_id);
  if (snap->last_event_id < 0)
    return (int) snap->last_event_id;
  int r = pg_counters_load (c, op->unit_id, op->date, &snap->counters);
  if (r == 0)
    r = ls_sql_waiting_counts (&c->sql, op->unit_id, op->date, &snap->waiting);
  if (r == 0)
    r = recent_calls (c, op->unit_id, op->date, &snap->recent);
  if (r == 0)
    *(LsUnitSnapshot **) op->ret = g_steal_pointer (&snap);
  return r;
}

int
pg_unit_snapshot (LsStore *base, const char *unit_id, const char *date, LsUnitSnapshot **ret)
{
  EventsRead op = { unit_id, date, 0, 0, ret };
  return pg_read_tx ((PgStore *) base, snapshot_read, &op);
}

static int
event_get (PgConn *c, const char *unit_id, gint64 id, LsEvent **ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r, "SELECT id, type, data FROM unit_events WHERE unit_id = $1 AND id = $2",
                     unit_id, pg_num (id).s);
  if (err < 0)
    return err;
  if (PQntuples (r) == 0)
    return -LS_E_NOT_FOUND;
  *ret = event_from_row (r, 0);
  return 0;
}

int
pg_event_get (LsStore *base, const char *unit_id, gint64 id, LsEvent **ret)
{
  ON_CONN (base, event_get (c, unit_id, id, ret));
}
