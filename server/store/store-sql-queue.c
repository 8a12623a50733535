/* Counters, each unit's calling policy, the queue's tickets and its counts and service
 * times, for both backends (store-sql.h). The statements that select queue tickets stay in
 * each backend's store-*-queue.c (LsSqlQueueHooks): a ticket's queue time falls back to its
 * issue time, which needs each database's own time arithmetic, and PostgreSQL locks those
 * rows inside its actions. */
#include "store/store-sql.h"

#include <errno.h>

typedef struct
{
  char id[64]; /* the unit's and the number's: a counter's number is unique in its unit */
  const LsCounterInput *in;
} CounterOp;

static int
counter_create_apply (LsSql *c, void *data)
{
  CounterOp *op = data;
  const LsCounterInput *in = op->in;
  g_autofree char *fields = g_strjoinv (",", (char **) in->fields);
  int r = LS_SQL_RUN (c,
                      "INSERT INTO counters (id, unit_id, name, number, fields)"
                      " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                      op->id, in->unit_id, in->name, ls_sql_num (in->number).s, fields);
  if (r < 0)
    return r;
  if (r == 0)
    return -EEXIST;
  LsAuditEntry e = { in->actor_id, "counter.create", in->unit_id, op->id, fields, in->now };
  return ls_sql_audit_insert (c, &e);
}

int
ls_sql_counter_create (LsStore *s, const LsCounterInput *in, char **ret_id)
{
  CounterOp op = { .in = in };
  g_snprintf (op.id, sizeof op.id, "%.40s-quay-%u", in->unit_id, in->number);
  int r = ls_sql_write (s, counter_create_apply, &op);
  if (r == 0 && ret_id)
    *ret_id = g_strdup (op.id);
  return r;
}

/* --- policies ------------------------------------------------------------------------- */

typedef struct
{
  const char *unit_id;
  LsQueuePolicy *ret;
  const LsQueuePolicy *p;
  const LsAuditEntry *audit;
} PolicyOp;

static int
policy_from_row (const LsSqlRow *row, void *data)
{
  *(LsQueuePolicy *) data =
      (LsQueuePolicy){ (unsigned) ls_sql_int64 (row, 0), (unsigned) ls_sql_int64 (row, 1),
                       (unsigned) ls_sql_int64 (row, 2), (unsigned) ls_sql_int64 (row, 3) };
  return 0;
}

int
ls_sql_policy_load (LsSql *c, const char *unit_id, LsQueuePolicy *ret)
{
  /* a unit that never set its policy calls by the default one */
  LsQueuePolicy p = LS_QUEUE_POLICY_DEFAULT;
  int r = c->ops->query (c,
                         "SELECT appointments_per_walk_in, max_wait_minutes, recall_limit,"
                         " recall_gap_s FROM queue_policies WHERE unit_id = ?",
                         LS_SQL_VALUES (unit_id), 1, policy_from_row, &p);
  if (r == 0)
    *ret = p;
  return r;
}

static int
policy_get (LsSql *c, void *data)
{
  PolicyOp *op = data;
  return ls_sql_policy_load (c, op->unit_id, op->ret);
}

int
ls_sql_queue_policy_get (LsStore *s, const char *unit_id, LsQueuePolicy *ret)
{
  PolicyOp op = { .unit_id = unit_id, .ret = ret };
  return ls_sql_read (s, policy_get, &op);
}

static int
policy_set_apply (LsSql *c, void *data)
{
  PolicyOp *op = data;
  int r = LS_SQL_RUN (c,
                      "INSERT INTO queue_policies (unit_id, appointments_per_walk_in,"
                      " max_wait_minutes, recall_limit, recall_gap_s) VALUES (?, ?, ?, ?, ?)"
                      " ON CONFLICT (unit_id) DO UPDATE SET"
                      " appointments_per_walk_in = excluded.appointments_per_walk_in,"
                      " max_wait_minutes = excluded.max_wait_minutes,"
                      " recall_limit = excluded.recall_limit, recall_gap_s = excluded.recall_gap_s",
                      op->unit_id, ls_sql_num (op->p->appointments_per_walk_in).s,
                      ls_sql_num (op->p->max_wait_minutes).s, ls_sql_num (op->p->recall_limit).s,
                      ls_sql_num (op->p->recall_gap_s).s);
  return r < 0 ? r : ls_sql_audit_insert (c, op->audit);
}

int
ls_sql_queue_policy_set (LsStore *s, const char *unit_id, const LsQueuePolicy *p,
                         const LsAuditEntry *audit)
{
  PolicyOp op = { .unit_id = unit_id, .p = p, .audit = audit };
  return ls_sql_write (s, policy_set_apply, &op);
}

/* --- counts and times ------------------------------------------------------------------- */

static void *
field_count_from_row (const LsSqlRow *row)
{
  LsFieldCount *fc = g_new0 (LsFieldCount, 1);
  fc->field_id = ls_sql_dup (row, 0);
  fc->waiting = (int) ls_sql_int64 (row, 1);
  return fc;
}

/* Every field of the unit, zero included (a board shows "0 đang chờ"). */
int
ls_sql_waiting_counts (LsSql *c, const char *unit_id, const char *date, GPtrArray **ret)
{
  return ls_sql_collect (c,
                         "SELECT f.id, (SELECT count(*) FROM tickets t WHERE t.unit_id = f.unit_id"
                         " AND t.field_id = f.id AND t.date = ? AND t.state = 'waiting')"
                         " FROM fields f WHERE f.unit_id = ? ORDER BY f.position",
                         LS_SQL_VALUES (date, unit_id), 2, field_count_from_row,
                         (GDestroyNotify) ls_field_count_free, ret);
}

typedef struct
{
  const char *unit_id, *field_id;
  LsSqlNum since;
  GArray *times;
} ServiceTimes;

static int
service_time_add (const LsSqlRow *row, void *data)
{
  ServiceTimes *op = data;
  gint64 v = ls_sql_int64 (row, 0);
  g_array_append_val (op->times, v);
  return 0;
}

static int
service_times (LsSql *c, void *data)
{
  ServiceTimes *op = data;
  g_array_set_size (op->times, 0); /* a read run again starts over */
  return c->ops->query (c,
                        "SELECT finished_unix - called_unix FROM tickets WHERE unit_id = ?"
                        " AND field_id = ? AND state = 'done' AND finished_unix >= ?"
                        " AND called_unix IS NOT NULL",
                        LS_SQL_VALUES (op->unit_id, op->field_id, op->since.s), 3, service_time_add,
                        op);
}

int
ls_sql_service_times (LsStore *s, const char *unit_id, const char *field_id, gint64 since,
                      GArray **ret)
{
  ServiceTimes op = { unit_id, field_id, ls_sql_num (since),
                      g_array_new (FALSE, FALSE, sizeof (gint64)) };
  int r = ls_sql_read (s, service_times, &op);
  if (r == 0)
    *ret = g_steal_pointer (&op.times);
  else
    g_array_unref (op.times);
  return r;
}

/* --- the queue's tickets ------------------------------------------------------------------ */

typedef struct
{
  const LsSqlQueueHooks *q;
  const char *unit_id, *date, *state, *ticket_id;
  void *ret;
} QueueRead;

static int
tickets_read (LsSql *c, void *data)
{
  QueueRead *op = data;
  return op->q->tickets_in_state (c, op->unit_id, op->date, op->state, NULL, op->ret);
}

int
ls_sql_queue_waiting (LsStore *s, const char *unit_id, const char *date, GPtrArray **ret)
{
  QueueRead op = { s->ops->sql->queue, unit_id, date, "waiting", NULL, ret };
  return ls_sql_read (s, tickets_read, &op);
}

int
ls_sql_queue_skipped (LsStore *s, const char *unit_id, const char *date, GPtrArray **ret)
{
  QueueRead op = { s->ops->sql->queue, unit_id, date, "skipped", NULL, ret };
  return ls_sql_read (s, tickets_read, &op);
}

static int
ticket_read (LsSql *c, void *data)
{
  QueueRead *op = data;
  return op->q->ticket_load (c, op->ticket_id, false, op->ret);
}

int
ls_sql_queue_ticket_get (LsStore *s, const char *ticket_id, LsTicket **ret)
{
  QueueRead op = { .q = s->ops->sql->queue, .ticket_id = ticket_id, .ret = ret };
  return ls_sql_read (s, ticket_read, &op);
}
