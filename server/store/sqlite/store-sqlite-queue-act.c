/* The SQLite backend: the queue's actions (next, recall, skip, done, transfer, pause,
 * resume, requeue), each one write on the writer thread:
 *  - "next" reads the waiting tickets of the counter's fields, orders them
 *    (queue-order.h) and calls the first with `UPDATE … WHERE id = ? AND state = 'waiting'`
 *    inside the writer's BEGIN IMMEDIATE transaction: two counters, threads or processes
 *    never get the same ticket, and a queue found empty changes nothing;
 *  - the events describing the change are numbered from the unit's sequence and stored in
 *    the same transaction, with the audit row;
 *  - once committed, in->committed gets the events on the writer thread, in commit order,
 *    so a unit's events reach the streams in id order. */
#include "store/sqlite/store-sqlite-private.h"

#include "queue-order.h"

#include <errno.h>
#include <string.h>

typedef struct
{
  const LsQueueInput *in;
  char *unit_id;
  LsCounter *counter; /* as loaded before the action */
  LsTicket *ticket;   /* acted on, as it is after */
  LsCounter *after;   /* the counter after */
  bool recall;
  unsigned retry_after;
  GPtrArray *events;
  /* the waiting thread */
  int result;
  bool finished;
  GMutex lock;
  GCond cond;
} QueueOp;

/* One more (or one fewer) waiting ticket in a field's counters (queue_counters, which the
 * kiosk's waiting_before reads). */
static int
queue_counter_bump (Conn *c, const LsTicket *t, const char *column_sql)
{
  return SQL_RUN (c, column_sql, t->unit_id, t->field_id, t->date) < 0 ? -EIO : 0;
}
#define JOINED_SQL                                                                                 \
  "INSERT INTO queue_counters (unit_id, field_id, date, issued) VALUES (?, ?, ?, 1)"               \
  " ON CONFLICT DO UPDATE SET issued = issued + 1"
#define LEFT_SQL                                                                                   \
  "UPDATE queue_counters SET left_queue = left_queue + 1"                                          \
  " WHERE unit_id = ? AND field_id = ? AND date = ?"

static int
ticket_finish (Conn *c, QueueOp *op, const LsTicket *t, const char *state)
{
  STMT st = sql_prep (c, "UPDATE tickets SET state = ?, finished_unix = ?"
                         " WHERE id = ? AND state = 'called'");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, state);
  sqlite3_bind_int64 (st, 2, op->in->now_unix);
  sql_bind_text (st, 3, t->id);
  return sql_step_changes (st) == 1 ? 0 : -EIO;
}

/* The first waiting ticket of the counter's fields in the unit's calling order. */
static int
next_pick (Conn *c, QueueOp *op, LsTicket **ret)
{
  LsQueuePolicy p;
  int in_row = 0, r;
  if ((r = sqlite_policy_load (c, op->unit_id, &p)) < 0)
    return r;
  {
    STMT st = sql_prep (c, "SELECT appointments_in_row FROM counters WHERE id = ?");
    if (!st)
      return -EIO;
    sql_bind_text (st, 1, op->counter->id);
    if ((r = sql_step_one (st)) < 0)
      return r;
    in_row = sqlite3_column_int (st, 0);
  }
  g_autofree char *fields = g_strjoinv (",", op->counter->fields);
  g_autoptr (GPtrArray) waiting = NULL;
  if ((r = sqlite_waiting_load (c, op->unit_id, op->in->date, fields, &waiting)) < 0)
    return r;
  if (waiting->len == 0)
    return -LS_E_QUEUE_EMPTY;
  g_autofree LaysoQueueEntry *entries = g_new (LaysoQueueEntry, waiting->len);
  g_autofree size_t *order = g_new (size_t, waiting->len);
  for (guint i = 0; i < waiting->len; i++)
    {
      const LsTicket *t = waiting->pdata[i];
      entries[i] = (LaysoQueueEntry){ t->kind == LAYSO_TICKET_WALK_IN, t->priority, t->queued_at };
    }
  LaysoQueuePolicy qp = { p.appointments_per_walk_in, p.max_wait_minutes * 60, (unsigned) in_row };
  layso_queue_order (entries, waiting->len, &qp, op->in->now_unix, order);
  *ret = g_ptr_array_steal_index (waiting, (guint) order[0]);
  return 0;
}

static int
act_next (Conn *c, QueueOp *op)
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
  STMT st = sql_prep (c, "UPDATE tickets SET state = 'called', counter_id = ?,"
                         " called_at = COALESCE(called_at, ?),"
                         " called_unix = ?3, last_call_unix = ?3, recalls = 0"
                         " WHERE id = ? AND state = 'waiting'");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, op->counter->id);
  sql_bind_text (st, 2, op->in->now);
  sqlite3_bind_int64 (st, 3, op->in->now_unix);
  sql_bind_text (st, 4, t->id);
  if (sql_step_changes (st) != 1)
    return -EIO; /* cannot happen: the writer holds the database since the read */
  bool appointment = t->kind == LAYSO_TICKET_APPOINTMENT && !t->priority;
  r = SQL_RUN (c,
               appointment ? "UPDATE counters SET appointments_in_row = appointments_in_row + 1"
                             " WHERE id = ?"
                           : "UPDATE counters SET appointments_in_row = 0 WHERE id = ?",
               op->counter->id);
  if (r < 0 || (r = queue_counter_bump (c, t, LEFT_SQL)) < 0)
    return r;
  return sqlite_queue_ticket_load (c, t->id, &op->ticket);
}

static int
act_recall (Conn *c, QueueOp *op, unsigned limit, unsigned gap_s)
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
      g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, op->in->now_unix);
      r = SQL_RUN (c, "UPDATE tickets SET recalls = recalls + 1, last_call_unix = ? WHERE id = ?",
                   now, t->id);
      r = r == 1 ? 0 : -EIO;
      op->recall = true;
    }
  return r < 0 ? r : sqlite_queue_ticket_load (c, t->id, &op->ticket);
}

/* Back to waiting (transfer: in `field`, its place by issue time; requeue: at the end). */
static int
ticket_back_to_waiting (Conn *c, QueueOp *op, const char *id, const char *field, bool at_end)
{
  /* (unit, field, date, kind, seq) is unique so that a field never issues a number twice:
   * a ticket moved into another field keeps its number but gives up its seq there (-seq_id,
   * unique and never issued), or that field's own next ticket of the same seq would collide. */
  STMT st = sql_prep (c, "UPDATE tickets SET state = 'waiting', counter_id = NULL,"
                         " seq = CASE WHEN ?1 IS NOT NULL AND ?1 <> field_id THEN -seq_id"
                         " ELSE seq END,"
                         " field_id = COALESCE(?1, field_id), finished_unix = NULL,"
                         " queued_at = CASE WHEN ?2 THEN ?3 ELSE queued_at END"
                         " WHERE id = ?4 AND state IN ('called', 'skipped')");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, field);
  sqlite3_bind_int (st, 2, at_end);
  sqlite3_bind_int64 (st, 3, op->in->now_unix);
  sql_bind_text (st, 4, id);
  if (sql_step_changes (st) != 1)
    return -EIO;
  int r = sqlite_queue_ticket_load (c, id, &op->ticket);
  return r < 0 ? r : queue_counter_bump (c, op->ticket, JOINED_SQL);
}

static int
act_requeue (Conn *c, QueueOp *op)
{
  g_autoptr (LsTicket) t = NULL;
  int r = sqlite_queue_ticket_load (c, op->in->ticket_id, &t);
  if (r < 0)
    return r;
  if (strcmp (t->state, "skipped") != 0 || strcmp (t->date, op->in->date) != 0)
    return -LS_E_INVALID_TRANSITION;
  return ticket_back_to_waiting (c, op, t->id, NULL, true);
}

static int
act_on_counter (Conn *c, QueueOp *op)
{
  const LsQueueInput *in = op->in;
  LsQueuePolicy p;
  int r;
  if (in->action == LS_QUEUE_NEXT)
    return act_next (c, op);
  if (in->action == LS_QUEUE_PAUSE || in->action == LS_QUEUE_RESUME)
    return SQL_RUN (c,
                    in->action == LS_QUEUE_PAUSE ? "UPDATE counters SET paused = 1 WHERE id = ?"
                                                 : "UPDATE counters SET paused = 0 WHERE id = ?",
                    op->counter->id) < 0
               ? -EIO
               : 0;
  const LsTicket *t = op->counter->serving;
  if (!t)
    return -LS_E_NO_CURRENT;
  switch (in->action)
    {
      case LS_QUEUE_RECALL:
        if ((r = sqlite_policy_load (c, op->unit_id, &p)) < 0)
          return r;
        return act_recall (c, op, p.recall_limit, p.recall_gap_s);
      case LS_QUEUE_SKIP:
      case LS_QUEUE_DONE:
        r = ticket_finish (c, op, t, in->action == LS_QUEUE_SKIP ? "skipped" : "done");
        return r < 0 ? r : sqlite_queue_ticket_load (c, t->id, &op->ticket);
      case LS_QUEUE_TRANSFER:
        return ticket_back_to_waiting (c, op, t->id, in->field_id, false);
      default:
        return -EINVAL;
    }
}

static int
describe_and_audit (Conn *c, QueueOp *op)
{
  const LsQueueInput *in = op->in;
  int r;
  if (op->counter && (r = sqlite_counter_load (c, op->counter->id, in->date, &op->after)) < 0)
    return r;
  g_autoptr (GPtrArray) waiting = NULL;
  if ((r = sqlite_waiting_counts (c, op->unit_id, in->date, &waiting)) < 0)
    return r;
  LsQueueChange ch = { in->action, op->after, op->ticket, op->recall, in->now, waiting };
  op->events = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_event_free);
  if (in->render)
    in->render (&ch, in->render_data, op->events);
  if ((r = sqlite_events_append (c, op->unit_id, in->date, op->events)) < 0)
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
  return sqlite_audit_insert (c, &e);
}

static int
queue_apply (Conn *c, void *data)
{
  QueueOp *op = data;
  int r;
  /* a failed attempt inside the savepoint leaves nothing behind for a retry to trip on */
  g_clear_pointer (&op->counter, ls_counter_free);
  g_clear_pointer (&op->ticket, ls_ticket_free);
  g_clear_pointer (&op->after, ls_counter_free);
  g_clear_pointer (&op->events, g_ptr_array_unref);
  g_clear_pointer (&op->unit_id, g_free);
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
  if ((r = sqlite_counter_load (c, op->in->counter_id, op->in->date, &op->counter)) < 0)
    return r;
  op->unit_id = g_strdup (op->counter->unit_id);
  if ((r = act_on_counter (c, op)) < 0)
    return r;
  return describe_and_audit (c, op);
}

static void
queue_done (int result, void *data)
{
  QueueOp *op = data;
  if (result == 0 && op->in->committed && op->events->len)
    op->in->committed (op->unit_id, op->events, op->in->committed_data);
  g_mutex_lock (&op->lock);
  op->result = result;
  op->finished = true;
  g_cond_signal (&op->cond);
  g_mutex_unlock (&op->lock);
}

int
sqlite_queue_act (LsStore *base, const LsQueueInput *in, LsTicket **ret_ticket,
                  LsCounter **ret_counter, unsigned *ret_retry_after)
{
  QueueOp op = { .in = in };
  g_mutex_init (&op.lock);
  g_cond_init (&op.cond);
  sqlite_write_submit ((SqliteStore *) base, queue_apply, &op, queue_done, &op);
  g_mutex_lock (&op.lock);
  while (!op.finished)
    g_cond_wait (&op.cond, &op.lock);
  g_mutex_unlock (&op.lock);
  g_mutex_clear (&op.lock);
  g_cond_clear (&op.cond);
  int r = op.result;
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
