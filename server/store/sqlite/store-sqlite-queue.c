/* The SQLite backend: the statements of the queue's reads that return tickets and counters
 * (a ticket's queue time needs SQLite's time arithmetic; its optional field filter reuses
 * ?3). Their rows are read, and the counters put together, once for both backends
 * (store-sql-tickets.c); the reads themselves, creating counters, the policies and the counts
 * too (store-sql-queue.c); the actions are written once (store-sql-queue-act.c) with SQLite's
 * part in store-sqlite-queue-act.c. No statement here locks a row: the actions run on the
 * writer, which holds the whole database from its BEGIN IMMEDIATE to its commit. */
#include "store/sqlite/store-sqlite-private.h"

#include <errno.h>

/* --- tickets with their queue columns ---------------------------------------------------- */

#define QT_SELECT                                                                                  \
  "SELECT " LS_SQL_QUEUE_TICKET_COLS ("COALESCE(t.queued_at, unixepoch(t.issued_at))")             \
      LS_SQL_QUEUE_TICKET_FROM

int
sqlite_queue_ticket_load (LsSql *c, const char *ticket_id, bool lock, LsTicket **ret)
{
  return ls_sql_queue_ticket_select (c, QT_SELECT " WHERE t.id = ?", LS_SQL_VALUES (ticket_id), 1,
                                     ret);
}

int
sqlite_tickets_in_state (LsSql *c, const char *unit_id, const char *date, const char *state,
                         const char *fields, GPtrArray **ret)
{
  return ls_sql_collect (
      c,
      QT_SELECT " WHERE t.unit_id = ?1 AND t.date = ?2 AND t.state = ?4"
                " AND (?3 IS NULL OR instr(',' || ?3 || ',', ',' || t.field_id || ',') > 0)"
                " ORDER BY t.seq_id", /* ties in queue time: issue order */
      LS_SQL_VALUES (unit_id, date, fields, state), 4, ls_sql_queue_ticket_new,
      (GDestroyNotify) ls_ticket_free, ret);
}

/* --- counters ------------------------------------------------------------------------- */

/* The ticket called at the counter today. */
static const char serving_sql[] =
    QT_SELECT " WHERE t.counter_id = ? AND t.state = 'called' AND t.date = ?";

int
sqlite_counter_load (LsSql *c, const char *counter_id, const char *date, bool lock, LsCounter **ret)
{
  return ls_sql_counter_load (c, "SELECT " LS_SQL_COUNTER_COLS " FROM counters WHERE id = ?",
                              serving_sql, counter_id, date, ret);
}

int
sqlite_counter_get (LsStore *base, const char *counter_id, const char *date, LsCounter **ret)
{
  ON_READER (base, sqlite_counter_load (&c->sql, counter_id, date, false, ret));
}

int
sqlite_counters_load (Conn *c, const char *unit_id, const char *date, GPtrArray **ret)
{
  return ls_sql_counters_load (&c->sql, serving_sql, unit_id, date, ret);
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
