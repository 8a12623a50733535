/* The PostgreSQL backend: the statements of the queue's reads that return tickets and
 * counters (a ticket's queue time needs PostgreSQL's time arithmetic; its actions lock these
 * rows, and its optional field filter is typed). Their rows are read, and the counters put
 * together, once for both backends (store-sql-tickets.c); the reads themselves, creating
 * counters, the policies and the counts too (store-sql-queue.c); the actions are written once
 * (store-sql-queue-act.c) with PostgreSQL's part in store-pg-queue-act.c. */
#include "store/postgres/store-pg-private.h"

/* --- tickets with their queue columns ---------------------------------------------------- */

#define QT_SELECT                                                                                  \
  "SELECT " LS_SQL_QUEUE_TICKET_COLS (                                                             \
      "COALESCE(t.queued_at, extract(epoch FROM t.issued_at::timestamptz)::bigint)")               \
      LS_SQL_QUEUE_TICKET_FROM

int
pg_queue_ticket_load (LsSql *c, const char *ticket_id, bool lock, LsTicket **ret)
{
  return ls_sql_queue_ticket_select (
      c, lock ? QT_SELECT " WHERE t.id = ? FOR UPDATE OF t" : QT_SELECT " WHERE t.id = ?",
      LS_SQL_VALUES (ticket_id), 1, ret);
}

int
pg_tickets_in_state (LsSql *c, const char *unit_id, const char *date, const char *state,
                     const char *fields, GPtrArray **ret)
{
  return ls_sql_collect (c,
                         QT_SELECT
                         " WHERE t.unit_id = ? AND t.date = ? AND t.state = ? AND"
                         " (?::text IS NULL"
                         " OR strpos(',' || ?::text || ',', ',' || t.field_id || ',') > 0)"
                         " ORDER BY t.seq_id", /* ties in queue time: issue order */
                         LS_SQL_VALUES (unit_id, date, state, fields, fields), 5,
                         ls_sql_queue_ticket_new, (GDestroyNotify) ls_ticket_free, ret);
}

/* --- counters ------------------------------------------------------------------------- */

/* The ticket called at the counter today. */
static const char serving_sql[] =
    QT_SELECT " WHERE t.counter_id = ? AND t.state = 'called' AND t.date = ?";

int
pg_counter_load (LsSql *c, const char *counter_id, const char *date, bool lock, LsCounter **ret)
{
  return ls_sql_counter_load (c,
                              lock ? "SELECT " LS_SQL_COUNTER_COLS
                                     " FROM counters WHERE id = ? FOR UPDATE"
                                   : "SELECT " LS_SQL_COUNTER_COLS " FROM counters WHERE id = ?",
                              serving_sql, counter_id, date, ret);
}

typedef struct
{
  const char *id, *unit_id, *date;
  void *ret;
} CounterRead;

static int
counter_read (PgConn *c, void *data)
{
  CounterRead *op = data;
  return pg_counter_load (&c->sql, op->id, op->date, false, op->ret);
}

int
pg_counter_get (LsStore *base, const char *counter_id, const char *date, LsCounter **ret)
{
  CounterRead op = { counter_id, NULL, date, ret };
  return pg_read_tx ((PgStore *) base, counter_read, &op);
}

int
pg_counters_load (PgConn *c, const char *unit_id, const char *date, GPtrArray **ret)
{
  return ls_sql_counters_load (&c->sql, serving_sql, unit_id, date, ret);
}

static int
counters_read (PgConn *c, void *data)
{
  CounterRead *op = data;
  return pg_counters_load (c, op->unit_id, op->date, op->ret);
}

int
pg_counters_of_unit (LsStore *base, const char *unit_id, const char *date, GPtrArray **ret)
{
  /* one read transaction: the counters and their tickets as of one instant */
  CounterRead op = { NULL, unit_id, date, ret };
  return pg_read_tx ((PgStore *) base, counters_read, &op);
}
