/* The PostgreSQL backend: the queue's actions (next, recall, skip, done, transfer, pause,
 * resume, requeue), each one transaction:
 *  - the counter's row is locked first (FOR UPDATE): two actions on one counter, from any
 *    processes, run one after the other;
 *  - "next" reads the waiting tickets of the counter's fields, orders them (queue-order.h)
 *    and takes the first it can lock with `FOR UPDATE SKIP LOCKED` that is still waiting:
 *    a ticket another counter is calling right now is passed over, never called twice
 *    (when all are, it waits for them in turn);
 *  - the events describing the change are numbered from the unit's sequence row and stored
 *    in the same transaction, with the audit row;
 *  - once committed, every process hears of them (pg_notify, store-pg-listen.c); without
 *    a listener, in->committed gets them in commit order (pg_tx_ordered). */
#include "store/postgres/store-pg-private.h"

#include "queue-order.h"

#include <errno.h>
#include <string.h>

typedef struct
{
  PgStore *store;
  const LsQueueInput *in;
  char *unit_id;
  LsCounter *counter; /* as loaded before the action */
  LsTicket *ticket;   /* acted on, as it is after */
  LsCounter *after;   /* the counter after */
  bool recall;
  unsigned retry_after;
  GPtrArray *events;
} QueueOp;

/* One more (or one fewer) waiting ticket in a field's counters (queue_counters, which the
 * kiosk's waiting_before reads). */
#define JOINED_SQL                                                                                 \
  "INSERT INTO queue_counters AS q (unit_id, field_id, date, issued) VALUES ($1, $2, $3, 1)"       \
  " ON CONFLICT (unit_id, field_id, date) DO UPDATE SET issued = q.issued + 1"
#define LEFT_SQL                                                                                   \
  "UPDATE queue_counters SET left_queue = left_queue + 1"                                          \
  " WHERE unit_id = $1 AND field_id = $2 AND date = $3"

static int
queue_counter_bump (PgConn *c, const LsTicket *t, const char *sql)
{
  int r = PG_RUN (c, sql, t->unit_id, t->field_id, t->date);
  return r < 0 ? r : 0;
}

static int
ticket_finish (PgConn *c, QueueOp *op, const LsTicket *t, const char *state)
{
  int r = PG_RUN (c,
                  "UPDATE tickets SET state = $1, finished_unix = $2"
                  " WHERE id = $3 AND state = 'called'",
                  state, pg_num (op->in->now_unix).s, t->id);
  return r < 0 ? r : r == 1 ? 0 : -EIO;
}

/* The counter's waiting tickets in the unit's calling order (order[] indexes *ret_waiting). */
static int
next_order (PgConn *c, QueueOp *op, GPtrArray **ret_waiting, size_t **ret_order)
{
  LsQueuePolicy p;
  PG_RESULT row = NULL;
  int r = pg_policy_load (c, op->unit_id, &p);
  if (r < 0 || (r = PG_EXEC (c, &row, "SELECT appointments_in_row FROM counters WHERE id = $1",
                             op->counter->id)) < 0)
    return r;
  g_autofree char *fields = g_strjoinv (",", op->counter->fields);
  g_autoptr (GPtrArray) waiting = NULL;
  if ((r = pg_waiting_load (c, op->unit_id, op->in->date, fields, &waiting)) < 0)
    return r;
  if (waiting->len == 0)
    return -LS_E_QUEUE_EMPTY;
  g_autofree LaysoQueueEntry *entries = g_new (LaysoQueueEntry, waiting->len);
  size_t *order = g_new (size_t, waiting->len);
  for (guint i = 0; i < waiting->len; i++)
    {
      const LsTicket *t = waiting->pdata[i];
      entries[i] = (LaysoQueueEntry){ t->kind == LAYSO_TICKET_WALK_IN, t->priority, t->queued_at };
    }
  LaysoQueuePolicy qp = { p.appointments_per_walk_in, p.max_wait_minutes * 60,
                          (unsigned) (PQntuples (row) ? pg_get_int (row, 0, 0) : 0) };
  layso_queue_order (entries, waiting->len, &qp, op->in->now_unix, order);
  *ret_waiting = g_steal_pointer (&waiting);
  *ret_order = order;
  return 0;
}

/* The first ticket in calling order that this transaction can lock while it still waits:
 * first passing over those other counters are calling right now (SKIP LOCKED); when every
 * one is, waiting for each in turn (one that is no longer waiting afterwards was called). */
static int
next_pick (PgConn *c, QueueOp *op, LsTicket **ret)
{
  static const char *const lock_sql[] = {
    "SELECT id FROM tickets WHERE id = $1 AND state = 'waiting' FOR UPDATE SKIP LOCKED",
    "SELECT id FROM tickets WHERE id = $1 AND state = 'waiting' FOR UPDATE",
  };
  g_autoptr (GPtrArray) waiting = NULL;
  g_autofree size_t *order = NULL;
  int r = next_order (c, op, &waiting, &order);
  if (r < 0)
    return r;
  for (guint pass = 0; pass < G_N_ELEMENTS (lock_sql); pass++)
    for (guint k = 0; k < waiting->len; k++)
      {
        LsTicket *t = waiting->pdata[order[k]];
        PG_RESULT locked = NULL;
        if ((r = PG_EXEC (c, &locked, lock_sql[pass], t->id)) < 0)
          return r;
        if (PQntuples (locked) == 1)
          {
            *ret = g_ptr_array_steal_index (waiting, (guint) order[k]);
            return 0;
          }
      }
  return -LS_E_QUEUE_EMPTY; /* every one was called by other counters meanwhile */
}

static int
act_next (PgConn *c, QueueOp *op)
{
  if (op->counter->paused)
    return -LS_E_COUNTER_PAUSED;
  int r;
  if (op->counter->serving && (r = ticket_finish (c, op, op->counter->serving, "done")) < 0)
    return r;
  g_autoptr (LsTicket) t = NULL;
  if ((r = next_pick (c, op, &t)) < 0)
    return r;
  /* called_at stays the first call (a transferred or requeued ticket is called again):
   * the statistics' wait runs to it; called_unix is this call, where service starts */
  r = PG_RUN (c,
              "UPDATE tickets SET state = 'called', counter_id = $1,"
              " called_at = COALESCE(called_at, $2), called_unix = $3, last_call_unix = $3,"
              " recalls = 0 WHERE id = $4 AND state = 'waiting'",
              op->counter->id, op->in->now, pg_num (op->in->now_unix).s, t->id);
  if (r != 1)
    return r < 0 ? r : -EIO; /* cannot happen: the row is locked since the pick */
  bool appointment = t->kind == LAYSO_TICKET_APPOINTMENT && !t->priority;
  r = PG_RUN (c,
              appointment ? "UPDATE counters SET appointments_in_row = appointments_in_row + 1"
                            " WHERE id = $1"
                          : "UPDATE counters SET appointments_in_row = 0 WHERE id = $1",
              op->counter->id);
  if (r < 0 || (r = queue_counter_bump (c, t, LEFT_SQL)) < 0)
    return r;
  return pg_queue_ticket_load (c, t->id, false, &op->ticket);
}

static int
act_recall (PgConn *c, QueueOp *op, unsigned limit, unsigned gap_s)
{
  const LsTicket *t = op->counter->serving;
  gint64 since = op->in->now_unix - t->last_call_at;
  if (since < (gint64) gap_s)
    {
      op->retry_after = (unsigned) ((gint64) gap_s - since);
      return -LS_E_RECALL_TOO_SOON;
    }
  int r;
  if ((unsigned) t->recalls >= limit)
    r = ticket_finish (c, op, t, "skipped"); /* the no-show rule: recalled enough */
  else
    {
      r = PG_RUN (c, "UPDATE tickets SET recalls = recalls + 1, last_call_unix = $1 WHERE id = $2",
                  pg_num (op->in->now_unix).s, t->id);
      r = r == 1 ? 0 : r < 0 ? r : -EIO;
      op->recall = true;
    }
  return r < 0 ? r : pg_queue_ticket_load (c, t->id, false, &op->ticket);
}

/* Back to waiting (transfer: in `field`, its place by issue time; requeue: at the end). */
static int
ticket_back_to_waiting (PgConn *c, QueueOp *op, const char *id, const char *field, bool at_end)
{
  /* (unit, field, date, kind, seq) is unique so that a field never issues a number twice:
   * a ticket moved into another field keeps its number but gives up its seq there (-seq_id,
   * unique and never issued), or that field's own next ticket of the same seq would collide. */
  int r = PG_RUN (c,
                  "UPDATE tickets SET state = 'waiting', counter_id = NULL,"
                  " seq = CASE WHEN $1::text IS NOT NULL AND $1 <> field_id THEN -seq_id"
                  " ELSE seq END,"
                  " field_id = COALESCE($1, field_id), finished_unix = NULL,"
                  " queued_at = CASE WHEN $2::boolean THEN $3::bigint ELSE queued_at END"
                  " WHERE id = $4 AND state IN ('called', 'skipped')",
                  field, at_end ? "true" : "false", pg_num (op->in->now_unix).s, id);
  if (r != 1)
    return r < 0 ? r : -EIO;
  r = pg_queue_ticket_load (c, id, false, &op->ticket);
  return r < 0 ? r : queue_counter_bump (c, op->ticket, JOINED_SQL);
}

static int
act_requeue (PgConn *c, QueueOp *op)
{
  g_autoptr (LsTicket) t = NULL;
  int r = pg_queue_ticket_load (c, op->in->ticket_id, true, &t);
  if (r < 0)
    return r;
  if (strcmp (t->state, "skipped") != 0 || strcmp (t->date, op->in->date) != 0)
    return -LS_E_INVALID_TRANSITION;
  return ticket_back_to_waiting (c, op, t->id, NULL, true);
}

static int
act_on_serving (PgConn *c, QueueOp *op)
{
  const LsTicket *t = op->counter->serving;
  LsQueuePolicy p;
  int r;
  switch (op->in->action)
    {
      case LS_QUEUE_RECALL:
        if ((r = pg_policy_load (c, op->unit_id, &p)) < 0)
          return r;
        return act_recall (c, op, p.recall_limit, p.recall_gap_s);
      case LS_QUEUE_SKIP:
      case LS_QUEUE_DONE:
        r = ticket_finish (c, op, t, op->in->action == LS_QUEUE_SKIP ? "skipped" : "done");
        return r < 0 ? r : pg_queue_ticket_load (c, t->id, false, &op->ticket);
      case LS_QUEUE_TRANSFER:
        return ticket_back_to_waiting (c, op, t->id, op->in->field_id, false);
      default:
        return -EINVAL;
    }
}

static int
act_on_counter (PgConn *c, QueueOp *op)
{
  const LsQueueInput *in = op->in;
  if (in->action == LS_QUEUE_NEXT)
    return act_next (c, op);
  if (in->action == LS_QUEUE_PAUSE || in->action == LS_QUEUE_RESUME)
    {
      int r = PG_RUN (c, "UPDATE counters SET paused = $1 WHERE id = $2",
                      in->action == LS_QUEUE_PAUSE ? "1" : "0", op->counter->id);
      return r < 0 ? r : 0;
    }
  if (!op->counter->serving)
    return -LS_E_NO_CURRENT;
  return act_on_serving (c, op);
}

static int
describe_and_audit (PgConn *c, QueueOp *op)
{
  const LsQueueInput *in = op->in;
  int r;
  if (op->counter && (r = pg_counter_load (c, op->counter->id, in->date, false, &op->after)) < 0)
    return r;
  g_autoptr (GPtrArray) waiting = NULL;
  if ((r = pg_waiting_counts (c, op->unit_id, in->date, &waiting)) < 0)
    return r;
  LsQueueChange ch = { in->action, op->after, op->ticket, op->recall, in->now, waiting };
  op->events = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_event_free);
  if (in->render)
    in->render (&ch, in->render_data, op->events);
  if ((r = pg_events_append (c, op->unit_id, in->date, op->events)) < 0 ||
      (op->events->len &&
       (r = pg_events_notify (c, op->unit_id, ((LsEvent *) op->events->pdata[0])->id)) < 0))
    return r;
  const char *audited = ls_store_queue_action_name (in->action);
  if (!audited)
    return 0; /* not a staff action: nothing to audit */
  LsAuditEntry e = { in->actor_id,
                     audited,
                     op->unit_id,
                     op->ticket ? op->ticket->id : NULL,
                     op->counter ? op->counter->id : NULL,
                     in->now };
  return pg_audit_insert (c, &e);
}

static int
queue_apply (PgConn *c, void *data)
{
  QueueOp *op = data;
  int r;
  /* an attempt rolled back (a deadlock, a race lost) leaves nothing for the next one */
  g_clear_pointer (&op->counter, ls_counter_free);
  g_clear_pointer (&op->ticket, ls_ticket_free);
  g_clear_pointer (&op->after, ls_counter_free);
  g_clear_pointer (&op->events, g_ptr_array_unref);
  g_clear_pointer (&op->unit_id, g_free);
  op->recall = false;
  if (op->in->action == LS_QUEUE_ANNOUNCE)
    {
      op->unit_id = g_strdup (op->in->unit_id);
      return describe_and_audit (c, op);
    }
  if (op->in->action == LS_QUEUE_REQUEUE)
    {
      if ((r = act_requeue (c, op)) < 0)
        return r;
      op->unit_id = g_strdup (op->ticket->unit_id);
      return describe_and_audit (c, op);
    }
  if ((r = pg_counter_load (c, op->in->counter_id, op->in->date, true, &op->counter)) < 0)
    return r;
  op->unit_id = g_strdup (op->counter->unit_id);
  if ((r = act_on_counter (c, op)) < 0)
    return r;
  return describe_and_audit (c, op);
}

static void
queue_committed (void *data)
{
  QueueOp *op = data;
  /* with a listener, every process's events (this one's too) come through it, in id order */
  if (op->in->committed && op->events->len && !op->store->listener)
    op->in->committed (op->unit_id, op->events, op->in->committed_data);
}

int
pg_queue_act (LsStore *base, const LsQueueInput *in, LsTicket **ret_ticket, LsCounter **ret_counter,
              unsigned *ret_retry_after)
{
  QueueOp op = { .store = (PgStore *) base, .in = in };
  int r = pg_tx_ordered ((PgStore *) base, queue_apply, &op, queue_committed);
  if (r == -LS_E_RECALL_TOO_SOON && ret_retry_after)
    *ret_retry_after = op.retry_after;
  if (r == 0 && ret_ticket)
    *ret_ticket = g_steal_pointer (&op.ticket);
  if (r == 0 && ret_counter)
    *ret_counter = g_steal_pointer (&op.after);
  ls_counter_free (op.counter);
  ls_ticket_free (op.ticket);
  ls_counter_free (op.after);
  if (op.events)
    g_ptr_array_unref (op.events);
  g_free (op.unit_id);
  return r;
}
