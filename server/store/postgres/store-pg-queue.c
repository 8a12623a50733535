/* The PostgreSQL backend: counters, each unit's calling policy, and reads of the queue. The
 * actions that change it are in store-pg-queue-act.c. */
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

static void *
field_count_from_row (const PGresult *r, int i)
{
  LsFieldCount *fc = g_new0 (LsFieldCount, 1);
  fc->field_id = pg_dup (r, i, 0);
  fc->waiting = pg_get_int (r, i, 1);
  return fc;
}

/* Every field of the unit, zero included (a board shows "0 đang chờ"). */
int
pg_waiting_counts (PgConn *c, const char *unit_id, const char *date, GPtrArray **ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT f.id, (SELECT count(*) FROM tickets t WHERE t.unit_id = f.unit_id"
                     " AND t.field_id = f.id AND t.date = $2 AND t.state = 'waiting')"
                     " FROM fields f WHERE f.unit_id = $1 ORDER BY f.position",
                     unit_id, date);
  if (err == 0)
    *ret = pg_collect_rows (r, field_count_from_row, (GDestroyNotify) ls_field_count_free);
  return err;
}

static int
service_times (PgConn *c, const char *unit_id, const char *field_id, gint64 since, GArray **ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT finished_unix - called_unix FROM tickets WHERE unit_id = $1"
                     " AND field_id = $2 AND state = 'done' AND finished_unix >= $3"
                     " AND called_unix IS NOT NULL",
                     unit_id, field_id, pg_num (since).s);
  if (err < 0)
    return err;
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (int i = 0; i < PQntuples (r); i++)
    {
      gint64 v = pg_get_int64 (r, i, 0);
      g_array_append_val (times, v);
    }
  *ret = times;
  return 0;
}

int
pg_service_times (LsStore *base, const char *unit_id, const char *field_id, gint64 since,
                  GArray **ret)
{
  ON_CONN (base, service_times (c, unit_id, field_id, since, ret));
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

typedef struct
{
  const LsCounterInput *in;
  char id[64];
} CounterOp;

static int
counter_create_apply (PgConn *c, void *data)
{
  CounterOp *op = data;
  const LsCounterInput *in = op->in;
  g_snprintf (op->id, sizeof op->id, "%.40s-quay-%u", in->unit_id, in->number);
  g_autofree char *fields = g_strjoinv (",", (char **) in->fields);
  int r = PG_RUN (c,
                  "INSERT INTO counters (id, unit_id, name, number, fields)"
                  " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                  op->id, in->unit_id, in->name, pg_num (in->number).s, fields);
  if (r < 0)
    return r;
  if (r == 0)
    return -EEXIST;
  LsAuditEntry e = { in->actor_id, "counter.create", in->unit_id, op->id, fields, in->now };
  return pg_audit_insert (c, &e);
}

int
pg_counter_create (LsStore *base, const LsCounterInput *in, char **ret_id)
{
  CounterOp op = { .in = in };
  int r = pg_tx ((PgStore *) base, counter_create_apply, &op);
  if (r == 0 && ret_id)
    *ret_id = g_strdup (op.id);
  return r;
}

/* --- policies ------------------------------------------------------------------------- */

int
pg_policy_load (PgConn *c, const char *unit_id, LsQueuePolicy *ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT appointments_per_walk_in, max_wait_minutes, recall_limit,"
                     " recall_gap_s FROM queue_policies WHERE unit_id = $1",
                     unit_id);
  if (err < 0)
    return err;
  if (PQntuples (r) == 0)
    {
      *ret = LS_QUEUE_POLICY_DEFAULT;
      return 0;
    }
  *ret = (LsQueuePolicy){ (unsigned) pg_get_int (r, 0, 0), (unsigned) pg_get_int (r, 0, 1),
                          (unsigned) pg_get_int (r, 0, 2), (unsigned) pg_get_int (r, 0, 3) };
  return 0;
}

int
pg_queue_policy_get (LsStore *base, const char *unit_id, LsQueuePolicy *ret)
{
  ON_CONN (base, pg_policy_load (c, unit_id, ret));
}

typedef struct
{
  const char *unit_id;
  const LsQueuePolicy *p;
  const LsAuditEntry *audit;
} PolicyOp;

static int
policy_set_apply (PgConn *c, void *data)
{
  PolicyOp *op = data;
  int r = PG_RUN (c,
                  "INSERT INTO queue_policies (unit_id, appointments_per_walk_in,"
                  " max_wait_minutes, recall_limit, recall_gap_s) VALUES ($1, $2, $3, $4, $5)"
                  " ON CONFLICT (unit_id) DO UPDATE SET"
                  " appointments_per_walk_in = excluded.appointments_per_walk_in,"
                  " max_wait_minutes = excluded.max_wait_minutes,"
                  " recall_limit = excluded.recall_limit, recall_gap_s = excluded.recall_gap_s",
                  op->unit_id, pg_num (op->p->appointments_per_walk_in).s,
                  pg_num (op->p->max_wait_minutes).s, pg_num (op->p->recall_limit).s,
                  pg_num (op->p->recall_gap_s).s);
  return r < 0 ? r : pg_audit_insert (c, op->audit);
}

int
pg_queue_policy_set (LsStore *base, const char *unit_id, const LsQueuePolicy *p,
                     const LsAuditEntry *audit)
{
  PolicyOp op = { unit_id, p, audit };
  return pg_tx ((PgStore *) base, policy_set_apply, &op);
}
