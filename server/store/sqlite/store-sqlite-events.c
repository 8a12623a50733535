/* The SQLite backend: each unit's event stream. Ids come from a per-unit sequence row
 * (event_seq) bumped in the writer's transaction, so they survive restarts and are shared
 * by every process on the database; the last EVENTS_KEPT events of a unit are kept for
 * boards that reconnect with Last-Event-ID. */
#include "store/sqlite/store-sqlite-private.h"

#include <errno.h>
#include <string.h>

#define EVENTS_KEPT  1000
#define RECENT_CALLS 10

int
sqlite_events_append (Conn *c, const char *unit_id, const char *date, GPtrArray *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      LsEvent *e = events->pdata[i];
      {
        STMT st = sql_prep (c, "INSERT INTO event_seq (unit_id, last) VALUES (?, 1)"
                               " ON CONFLICT DO UPDATE SET last = last + 1 RETURNING last");
        if (!st)
          return -EIO;
        sql_bind_text (st, 1, unit_id);
        if (sqlite3_step (st) != SQLITE_ROW)
          return -EIO;
        e->id = sqlite3_column_int64 (st, 0);
      }
      STMT st = sql_prep (c, "INSERT INTO unit_events (unit_id, id, type, data, date)"
                             " VALUES (?, ?, ?, ?, ?)");
      if (!st)
        return -EIO;
      sql_bind_text (st, 1, unit_id);
      sqlite3_bind_int64 (st, 2, e->id);
      sql_bind_text (st, 3, e->type);
      sql_bind_text (st, 4, e->data);
      sql_bind_text (st, 5, date);
      if (!sql_step_done (st))
        return -EIO;
    }
  if (events->len == 0)
    return 0;
  STMT st = sql_prep (c, "DELETE FROM unit_events WHERE unit_id = ? AND id <= ?");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, unit_id);
  sqlite3_bind_int64 (st, 2, ((LsEvent *) events->pdata[events->len - 1])->id - EVENTS_KEPT);
  return sql_step_done (st) ? 0 : -EIO;
}

static void *
event_from_row (sqlite3_stmt *st)
{
  return ls_event_new (sqlite3_column_int64 (st, 0), (const char *) sqlite3_column_text (st, 1),
                       (const char *) sqlite3_column_text (st, 2));
}

static gint64
last_event_id (Conn *c, const char *unit_id)
{
  STMT st = sql_prep (c, "SELECT last FROM event_seq WHERE unit_id = ?");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, unit_id);
  int r = sql_step_one (st);
  if (r == -LS_E_NOT_FOUND)
    return 0;
  return r < 0 ? r : sqlite3_column_int64 (st, 0);
}

static int
events_since (Conn *c, const char *unit_id, gint64 after_id, unsigned max, GPtrArray **ret)
{
  gint64 last = last_event_id (c, unit_id);
  if (last < 0)
    return (int) last;
  if (after_id > last)
    return -LS_E_NOT_FOUND; /* an id this database never gave: another database's */
  STMT st = sql_prep (c, "SELECT id, type, data FROM unit_events WHERE unit_id = ? AND id > ?"
                         " ORDER BY id LIMIT ?");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, unit_id);
  sqlite3_bind_int64 (st, 2, after_id);
  sqlite3_bind_int (st, 3, (int) max);
  g_autoptr (GPtrArray) list = NULL;
  int r = sql_collect_rows (st, event_from_row, (GDestroyNotify) ls_event_free, &list);
  if (r < 0)
    return r;
  /* the first one kept must follow after_id, else some were pruned */
  gint64 want = MIN (last - after_id, (gint64) max);
  if ((gint64) list->len != want || (list->len && ((LsEvent *) list->pdata[0])->id != after_id + 1))
    return -LS_E_NOT_FOUND;
  *ret = g_steal_pointer (&list);
  return 0;
}

static int
events_since_tx (Conn *c, const char *unit_id, gint64 after_id, unsigned max, GPtrArray **ret)
{
  if (sqlite3_exec (c->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    return -EIO;
  int r = events_since (c, unit_id, after_id, max, ret);
  sqlite3_exec (c->db, "COMMIT", NULL, NULL, NULL);
  return r;
}

int
sqlite_events_since (LsStore *base, const char *unit_id, gint64 after_id, unsigned max,
                     GPtrArray **ret)
{
  ON_READER (base, events_since_tx (c, unit_id, after_id, max, ret));
}

static int
recent_calls (Conn *c, const char *unit_id, const char *date, GPtrArray **ret)
{
  STMT st = sql_prep (c, "SELECT id, type, data FROM (SELECT id, type, data FROM unit_events"
                         " WHERE unit_id = ? AND date = ? AND type = 'called'"
                         " ORDER BY id DESC LIMIT ?) ORDER BY id");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, unit_id);
  sql_bind_text (st, 2, date);
  sqlite3_bind_int (st, 3, RECENT_CALLS);
  return sql_collect_rows (st, event_from_row, (GDestroyNotify) ls_event_free, ret);
}

static int
snapshot_read (Conn *c, const char *unit_id, const char *date, LsUnitSnapshot *snap)
{
  snap->last_event_id = last_event_id (c, unit_id);
  if (snap->last_event_id < 0)
    return (int) snap->last_event_id;
  int r = sqlite_counters_load (c, unit_id, date, &snap->counters);
  if (r == 0)
    r = ls_sql_waiting_counts (&c->sql, unit_id, date, &snap->waiting);
  if (r == 0)
    r = recent_calls (c, unit_id, date, &snap->recent);
  return r;
}

static int
unit_snapshot (Conn *c, const char *unit_id, const char *date, LsUnitSnapshot **ret)
{
  /* one read transaction: the state and the id it is as of agree */
  if (sqlite3_exec (c->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    return -EIO;
  g_autoptr (LsUnitSnapshot) snap = g_new0 (LsUnitSnapshot, 1);
  int r = snapshot_read (c, unit_id, date, snap);
  sqlite3_exec (c->db, "COMMIT", NULL, NULL, NULL);
  if (r == 0)
    *ret = g_steal_pointer (&snap);
  return r;
}

int
sqlite_unit_snapshot (LsStore *base, const char *unit_id, const char *date, LsUnitSnapshot **ret)
{
  ON_READER (base, unit_snapshot (c, unit_id, date, ret));
}

static int
event_get (Conn *c, const char *unit_id, gint64 id, LsEvent **ret)
{
  STMT st = sql_prep (c, "SELECT id, type, data FROM unit_events WHERE unit_id = ? AND id = ?");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, unit_id);
  sqlite3_bind_int64 (st, 2, id);
  int r = sql_step_one (st);
  if (r < 0)
    return r;
  *ret = event_from_row (st);
  return 0;
}

int
sqlite_event_get (LsStore *base, const char *unit_id, gint64 id, LsEvent **ret)
{
  ON_READER (base, event_get (c, unit_id, id, ret));
}
