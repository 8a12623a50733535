/* The SQLite backend: the reads of the queue that return tickets and counters (a ticket's
 * queue time needs SQLite's time arithmetic). Creating counters, the policies and the counts
 * are written once for both backends (store-sql-queue.c); the actions that change the queue
 * are in store-sqlite-queue-act.c. */
#include "store/sqlite/store-sqlite-private.h"

#include <errno.h>
#include <string.h>

/* --- tickets with their queue columns ---------------------------------------------------- */

#define QT_COLS                                                                                    \
  "t.id, t.unit_id, t.field_id, t.date, t.kind, t.number, t.priority, t.state, t.issued_at,"       \
  " t.booking_id, COALESCE(t.queued_at, unixepoch(t.issued_at)), t.counter_id, t.called_at,"       \
  " t.last_call_unix, t.recalls, t.print_ok, b.name, b.slot_id"
#define QT_FROM " FROM tickets t LEFT JOIN bookings b ON b.id = t.booking_id"

static void *
queue_ticket_from_row (sqlite3_stmt *st)
{
  LsTicket *t = g_new0 (LsTicket, 1);
  t->id = sql_col_dup (st, 0);
  t->unit_id = sql_col_dup (st, 1);
  t->field_id = sql_col_dup (st, 2);
  g_strlcpy (t->date, (const char *) sqlite3_column_text (st, 3), sizeof t->date);
  t->kind = sqlite3_column_int (st, 4) ? LAYSO_TICKET_WALK_IN : LAYSO_TICKET_APPOINTMENT;
  g_strlcpy (t->number, (const char *) sqlite3_column_text (st, 5), sizeof t->number);
  t->priority = sqlite3_column_int (st, 6) != 0;
  t->state = sql_col_dup (st, 7);
  t->issued_at = sql_col_dup (st, 8);
  t->booking_id = sqlite3_column_int64 (st, 9);
  t->queued_at = sqlite3_column_int64 (st, 10);
  t->counter_id = sql_col_dup (st, 11);
  t->called_at = sql_col_dup (st, 12);
  t->last_call_at = sqlite3_column_int64 (st, 13);
  t->recalls = sqlite3_column_int (st, 14);
  t->print_ok = sqlite3_column_type (st, 15) == SQLITE_NULL ? -1 : sqlite3_column_int (st, 15);
  t->booking_name = sql_col_dup (st, 16);
  t->booking_slot = sql_col_dup (st, 17);
  return t;
}

int
sqlite_queue_ticket_load (Conn *c, const char *ticket_id, LsTicket **ret)
{
  STMT st = sql_prep (c, "SELECT " QT_COLS QT_FROM " WHERE t.id = ?");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, ticket_id);
  int r = sql_step_one (st);
  if (r < 0)
    return r;
  *ret = queue_ticket_from_row (st);
  return 0;
}

int
sqlite_queue_ticket_get (LsStore *base, const char *ticket_id, LsTicket **ret)
{
  ON_READER (base, sqlite_queue_ticket_load (c, ticket_id, ret));
}

/* Today's tickets of the unit in one state, in issue order. */
static int
tickets_in_state (Conn *c, const char *unit_id, const char *date, const char *state,
                  const char *fields, GPtrArray **ret)
{
  STMT st = sql_prep (
      c, "SELECT " QT_COLS QT_FROM " WHERE t.unit_id = ?1 AND t.date = ?2 AND t.state = ?4"
         " AND (?3 IS NULL OR instr(',' || ?3 || ',', ',' || t.field_id || ',') > 0)"
         " ORDER BY t.seq_id"); /* ties in queue time: issue order */
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, unit_id);
  sql_bind_text (st, 2, date);
  sql_bind_text (st, 3, fields);
  sql_bind_text (st, 4, state);
  return sql_collect_rows (st, queue_ticket_from_row, (GDestroyNotify) ls_ticket_free, ret);
}

int
sqlite_waiting_load (Conn *c, const char *unit_id, const char *date, const char *fields,
                     GPtrArray **ret)
{
  return tickets_in_state (c, unit_id, date, "waiting", fields, ret);
}

int
sqlite_queue_waiting (LsStore *base, const char *unit_id, const char *date, GPtrArray **ret)
{
  ON_READER (base, sqlite_waiting_load (c, unit_id, date, NULL, ret));
}

int
sqlite_queue_skipped (LsStore *base, const char *unit_id, const char *date, GPtrArray **ret)
{
  ON_READER (base, tickets_in_state (c, unit_id, date, "skipped", NULL, ret));
}

int
sqlite_waiting_counts (Conn *c, const char *unit_id, const char *date, GPtrArray **ret)
{
  return ls_sql_waiting_counts (&c->sql, unit_id, date, ret);
}

/* --- counters ------------------------------------------------------------------------- */

#define COUNTER_COLS "id, unit_id, name, number, fields, paused"

static void *
counter_from_row (sqlite3_stmt *st)
{
  LsCounter *k = g_new0 (LsCounter, 1);
  k->id = sql_col_dup (st, 0);
  k->unit_id = sql_col_dup (st, 1);
  k->name = sql_col_dup (st, 2);
  k->number = (unsigned) sqlite3_column_int (st, 3);
  k->fields = g_strsplit ((const char *) sqlite3_column_text (st, 4), ",", -1);
  k->paused = sqlite3_column_int (st, 5) != 0;
  return k;
}

/* The ticket called at the counter today, if any. */
static int
serving_load (Conn *c, LsCounter *k, const char *date)
{
  STMT st = sql_prep (c, "SELECT " QT_COLS QT_FROM
                         " WHERE t.counter_id = ? AND t.state = 'called' AND t.date = ?");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, k->id);
  sql_bind_text (st, 2, date);
  int r = sql_step_one (st);
  if (r == 0)
    k->serving = queue_ticket_from_row (st);
  return r == -LS_E_NOT_FOUND ? 0 : r;
}

int
sqlite_counter_load (Conn *c, const char *counter_id, const char *date, LsCounter **ret)
{
  g_autoptr (LsCounter) k = NULL;
  {
    STMT st = sql_prep (c, "SELECT " COUNTER_COLS " FROM counters WHERE id = ?");
    if (!st)
      return -EIO;
    sql_bind_text (st, 1, counter_id);
    int r = sql_step_one (st);
    if (r < 0)
      return r;
    k = counter_from_row (st);
  }
  int r = serving_load (c, k, date);
  if (r < 0)
    return r;
  *ret = g_steal_pointer (&k);
  return 0;
}

int
sqlite_counter_get (LsStore *base, const char *counter_id, const char *date, LsCounter **ret)
{
  ON_READER (base, sqlite_counter_load (c, counter_id, date, ret));
}

int
sqlite_counters_load (Conn *c, const char *unit_id, const char *date, GPtrArray **ret)
{
  g_autoptr (GPtrArray) list = NULL;
  {
    STMT st =
        sql_prep (c, "SELECT " COUNTER_COLS " FROM counters WHERE unit_id = ? ORDER BY number");
    if (!st)
      return -EIO;
    sql_bind_text (st, 1, unit_id);
    int r = sql_collect_rows (st, counter_from_row, (GDestroyNotify) ls_counter_free, &list);
    if (r < 0)
      return r;
  }
  for (guint i = 0; i < list->len; i++)
    {
      int r = serving_load (c, list->pdata[i], date);
      if (r < 0)
        return r;
    }
  *ret = g_steal_pointer (&list);
  return 0;
}

static int
counters_of_unit (Conn *c, const char *unit_id, const char *date, GPtrArray **ret)
{
  /* one read transaction: the counters and their tickets as of one instant */
  if (sqlite3_exec (c->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    return -EIO;
  int r = sqlite_counters_load (c, unit_id, date, ret);
  sqlite3_exec (c->db, "COMMIT", NULL, NULL, NULL);
  return r;
}

int
sqlite_counters_of_unit (LsStore *base, const char *unit_id, const char *date, GPtrArray **ret)
{
  ON_READER (base, counters_of_unit (c, unit_id, date, ret));
}

/* --- policies ------------------------------------------------------------------------- */

int
sqlite_policy_load (Conn *c, const char *unit_id, LsQueuePolicy *ret)
{
  return ls_sql_policy_load (&c->sql, unit_id, ret);
}
