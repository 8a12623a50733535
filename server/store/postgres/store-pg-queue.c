/* The PostgreSQL backend: the reads of the queue that return tickets and counters (a
 * ticket's queue time needs PostgreSQL's time arithmetic; its actions lock these rows).
 * Creating counters, the policies and the counts are written once for both backends
 * (store-sql-queue.c); the actions that change the queue are in store-pg-queue-act.c. */
#include "store/postgres/store-pg-private.h"

#include <errno.h>
#include <string.h>

/* --- tickets with their queue columns ---------------------------------------------------- */

#define QT_COLS                                                                                    \
  "t.id, t.unit_id, t.field_id, t.date, t.kind, t.number, t.priority, t.state, t.issued_at,"       \
  " t.booking_id, COALESCE(t.queued_at, extract(epoch FROM t.issued_at::timestamptz)::bigint),"    \
  " t.counter_id, t.called_at, t.last_call_unix, t.recalls, t.print_ok, b.name, b.slot_id"
#define QT_FROM " FROM tickets t LEFT JOIN bookings b ON b.id = t.booking_id"

void *
pg_queue_ticket_from_row (const PGresult *r, int i)
{
  LsTicket *t = g_new0 (LsTicket, 1);
  t->id = pg_dup (r, i, 0);
  t->unit_id = pg_dup (r, i, 1);
  t->field_id = pg_dup (r, i, 2);
  g_strlcpy (t->date, PQgetvalue (r, i, 3), sizeof t->date);
  t->kind = pg_get_int (r, i, 4) ? LAYSO_TICKET_WALK_IN : LAYSO_TICKET_APPOINTMENT;
  g_strlcpy (t->number, PQgetvalue (r, i, 5), sizeof t->number);
  t->priority = pg_get_int (r, i, 6) != 0;
  t->state = pg_dup (r, i, 7);
  t->issued_at = pg_dup (r, i, 8);
  t->booking_id = pg_get_int64 (r, i, 9);
  t->queued_at = pg_get_int64 (r, i, 10);
  t->counter_id = pg_dup (r, i, 11);
  t->called_at = pg_dup (r, i, 12);
  t->last_call_at = pg_get_int64 (r, i, 13);
  t->recalls = pg_get_int (r, i, 14);
  t->print_ok = PQgetisnull (r, i, 15) ? -1 : pg_get_int (r, i, 15);
  t->booking_name = pg_dup (r, i, 16);
  t->booking_slot = pg_dup (r, i, 17);
  return t;
}

int
pg_queue_ticket_load (PgConn *c, const char *ticket_id, bool lock, LsTicket **ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     lock ? "SELECT " QT_COLS QT_FROM " WHERE t.id = $1 FOR UPDATE OF t"
                          : "SELECT " QT_COLS QT_FROM " WHERE t.id = $1",
                     ticket_id);
  if (err < 0)
    return err;
  if (PQntuples (r) == 0)
    return -LS_E_NOT_FOUND;
  *ret = pg_queue_ticket_from_row (r, 0);
  return 0;
}

int
pg_queue_ticket_get (LsStore *base, const char *ticket_id, LsTicket **ret)
{
  ON_CONN (base, pg_queue_ticket_load (c, ticket_id, false, ret));
}

/* Today's tickets of the unit in one state, in issue order. */
static int
tickets_in_state (PgConn *c, const char *unit_id, const char *date, const char *state,
                  const char *fields, GPtrArray **ret)
{
  PG_RESULT r = NULL;
  int err =
      PG_EXEC (c, &r,
               "SELECT " QT_COLS QT_FROM " WHERE t.unit_id = $1 AND t.date = $2 AND t.state = $4"
               " AND ($3::text IS NULL OR strpos(',' || $3 || ',', ',' || t.field_id || ',') > 0)"
               " ORDER BY t.seq_id", /* ties in queue time: issue order */
               unit_id, date, fields, state);
  if (err == 0)
    *ret = pg_collect_rows (r, pg_queue_ticket_from_row, (GDestroyNotify) ls_ticket_free);
  return err;
}

int
pg_waiting_load (PgConn *c, const char *unit_id, const char *date, const char *fields,
                 GPtrArray **ret)
{
  return tickets_in_state (c, unit_id, date, "waiting", fields, ret);
}

int
pg_queue_waiting (LsStore *base, const char *unit_id, const char *date, GPtrArray **ret)
{
  ON_CONN (base, pg_waiting_load (c, unit_id, date, NULL, ret));
}

int
pg_queue_skipped (LsStore *base, const char *unit_id, const char *date, GPtrArray **ret)
{
  ON_CONN (base, tickets_in_state (c, unit_id, date, "skipped", NULL, ret));
}

int
pg_waiting_counts (PgConn *c, const char *unit_id, const char *date, GPtrArray **ret)
{
  return ls_sql_waiting_counts (&c->sql, unit_id, date, ret);
}

/* --- counters ------------------------------------------------------------------------- */

#define COUNTER_COLS "id, unit_id, name, number, fields, paused"

static void *
counter_from_row (const PGresult *r, int i)
{
  LsCounter *k = g_new0 (LsCounter, 1);
  k->id = pg_dup (r, i, 0);
  k->unit_id = pg_dup (r, i, 1);
  k->name = pg_dup (r, i, 2);
  k->number = (unsigned) pg_get_int (r, i, 3);
  k->fields = g_strsplit (PQgetvalue (r, i, 4), ",", -1);
  k->paused = pg_get_int (r, i, 5) != 0;
  return k;
}

/* The ticket called at the counter today, if any. */
static int
serving_load (PgConn *c, LsCounter *k, const char *date)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT " QT_COLS QT_FROM
                     " WHERE t.counter_id = $1 AND t.state = 'called' AND t.date = $2",
                     k->id, date);
  if (err == 0 && PQntuples (r) > 0)
    k->serving = pg_queue_ticket_from_row (r, 0);
  return err;
}

int
pg_counter_load (PgConn *c, const char *counter_id, const char *date, bool lock, LsCounter **ret)
{
  g_autoptr (LsCounter) k = NULL;
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     lock ? "SELECT " COUNTER_COLS " FROM counters WHERE id = $1 FOR UPDATE"
                          : "SELECT " COUNTER_COLS " FROM counters WHERE id = $1",
                     counter_id);
  if (err < 0)
    return err;
  if (PQntuples (r) == 0)
    return -LS_E_NOT_FOUND;
  k = counter_from_row (r, 0);
  if ((err = serving_load (c, k, date)) < 0)
    return err;
  *ret = g_steal_pointer (&k);
  return 0;
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
  return pg_counter_load (c, op->id, op->date, false, op->ret);
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
  PG_RESULT r = NULL;
  int err = PG_EXEC (
      c, &r, "SELECT " COUNTER_COLS " FROM counters WHERE unit_id = $1 ORDER BY number", unit_id);
  if (err < 0)
    return err;
  g_autoptr (GPtrArray) list =
      pg_collect_rows (r, counter_from_row, (GDestroyNotify) ls_counter_free);
  for (guint i = 0; i < list->len; i++)
    if ((err = serving_load (c, list->pdata[i], date)) < 0)
      return err;
  *ret = g_steal_pointer (&list);
  return 0;
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

/* --- policies ------------------------------------------------------------------------- */

int
pg_policy_load (PgConn *c, const char *unit_id, LsQueuePolicy *ret)
{
  return ls_sql_policy_load (&c->sql, unit_id, ret);
}
