/* The queue's actions (next, recall, skip, done, transfer, pause, resume, requeue, and the
 * announce that changes nothing) for both backends (store-sql.h), each inside the backend's
 * one write: which ticket, what it becomes, the counter's appointments in a row, the field's
 * queue_counters, the events the caller renders and the audit row. Why once: the two
 * backends ran the same statements in the same order, and drifted when written twice.
 *
 * What stays in each backend (LsSqlQueueHooks, and its queue_act around ls_sql_queue_apply):
 *  - locks: PostgreSQL locks the counter's row first (FOR UPDATE), so two actions on one
 *    counter, from any processes, run one after the other, and "next" locks its ticket with
 *    FOR UPDATE SKIP LOCKED; SQLite's writer holds the whole database (BEGIN IMMEDIATE), so
 *    its first ticket in calling order stays waiting until the commit. The order of the
 *    statements here is the order in which PostgreSQL takes its row locks: keep it.
 *  - the statements that select queue tickets (a ticket's queue time needs each database's
 *    time arithmetic, store-sql-tickets.c);
 *  - the events' numbers (each database's upsert … RETURNING on the unit's sequence row) and
 *    PostgreSQL's pg_notify;
 *  - the transaction and how in->committed gets the events in commit order: pg_tx_ordered,
 *    SQLite's writer thread. */
#include "store/store-shared.h"
#include "store/store-sql.h"

#include "queue-order.h"

#include <errno.h>
#include <string.h>

/* One more (or one fewer) waiting ticket in a field's counters (queue_counters, which the
 * kiosk's waiting_before reads). */
#define JOINED_SQL                                                                                 \
  "INSERT INTO queue_counters AS q (unit_id, field_id, date, issued) VALUES (?, ?, ?, 1)"          \
  " ON CONFLICT (unit_id, field_id, date) DO UPDATE SET issued = q.issued + 1"
#define LEFT_SQL                                                                                   \
  "UPDATE queue_counters SET left_queue = left_queue + 1"                                          \
  " WHERE unit_id = ? AND field_id = ? AND date = ?"

static int
queue_counter_bump (LsSql *c, const LsTicket *t, const char *sql)
{
  int r = LS_SQL_RUN (c, sql, t->unit_id, t->field_id, t->date);
  return r < 0 ? r : 0;
}

static int
ticket_finish (LsSql *c, LsSqlQueueOp *op, const LsTicket *t, const char *state)
{
  int r = LS_SQL_RUN (c,
                      "UPDATE tickets SET state = ?, finished_unix = ?"
                      " WHERE id = ? AND state = 'called'",
                      state, ls_sql_num (op->in->now_unix).s, t->id);
  return r < 0 ? r : r == 1 ? 0 : -EIO;
}

static int
uint_from_row (const LsSqlRow *row, void *data)
{
  *(unsigned *) data = (unsigned) ls_sql_int64 (row, 0);
  return 0;
}

/* The counter's waiting tickets in the unit's calling order (order[] indexes *ret_waiting). */
static int
next_order (LsSql *c, LsSqlQueueOp *op, GPtrArray **ret_waiting, size_t **ret_order)
{
  LsQueuePolicy p;
  unsigned in_row = 0;
  int r = ls_sql_policy_load (c, op->unit_id, &p);
  if (r < 0 || (r = c->ops->query (c, "SELECT appointments_in_row FROM counters WHERE id = ?",
                                   LS_SQL_VALUES (op->counter->id), 1, uint_from_row, &in_row)) < 0)
    return r;
  g_autofree char *fields = g_strjoinv (",", op->counter->fields);
  g_autoptr (GPtrArray) waiting = NULL;
  r = op->hooks->tickets_in_state (c, op->unit_id, op->in->date, "waiting", fields, &waiting);
  if (r < 0)
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
  LaysoQueuePolicy qp = { p.appointments_per_walk_in, p.max_wait_minutes * 60, in_row };
  layso_queue_order (entries, waiting->len, &qp, op->in->now_unix, order);
  *ret_waiting = g_steal_pointer (&waiting);
  *ret_order = order;
  return 0;
}

static int
next_pick (LsSql *c, LsSqlQueueOp *op, LsTicket **ret)
{
  g_autoptr (GPtrArray) waiting = NULL;
  g_autofree size_t *order = NULL;
  int r = next_order (c, op, &waiting, &order);
  return r < 0 ? r : op->hooks->pick (c, waiting, order, ret);
}

static int
act_next (LsSql *c, LsSqlQueueOp *op)
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
  LsSqlNum now = ls_sql_num (op->in->now_unix);
  r = LS_SQL_RUN (c,
                  "UPDATE tickets SET state = 'called', counter_id = ?,"
                  " called_at = COALESCE(called_at, ?), called_unix = ?, last_call_unix = ?,"
                  " recalls = 0 WHERE id = ? AND state = 'waiting'",
                  op->counter->id, op->in->now, now.s, now.s, t->id);
  if (r != 1)
    return r < 0 ? r : -EIO; /* cannot happen: the pick holds the ticket until the commit */
  bool appointment = t->kind == LAYSO_TICKET_APPOINTMENT && !t->priority;
  r = LS_SQL_RUN (c,
                  appointment ? "UPDATE counters SET appointments_in_row = appointments_in_row + 1"
                                " WHERE id = ?"
                              : "UPDATE counters SET appointments_in_row = 0 WHERE id = ?",
                  op->counter->id);
  if (r < 0 || (r = queue_counter_bump (c, t, LEFT_SQL)) < 0)
    return r;
  return op->hooks->ticket_load (c, t->id, false, &op->ticket);
}

static int
act_recall (LsSql *c, LsSqlQueueOp *op, unsigned limit, unsigned gap_s)
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
      r = LS_SQL_RUN (c,
                      "UPDATE tickets SET recalls = recalls + 1, last_call_unix = ? WHERE id = ?",
                      ls_sql_num (op->in->now_unix).s, t->id);
      r = r == 1 ? 0 : r < 0 ? r : -EIO;
      op->recall = true;
    }
  return r < 0 ? r : op->hooks->ticket_load (c, t->id, false, &op->ticket);
}

/* Back to waiting (transfer: in `field`, its place by issue time; requeue: at the end). */
static int
ticket_back_to_waiting (LsSql *c, LsSqlQueueOp *op, const char *id, const char *field, bool at_end)
{
  /* (unit, field, date, kind, seq) is unique so that a field never issues a number twice:
   * a ticket moved into another field keeps its number but gives up its seq there (-seq_id,
   * unique and never issued), or that field's own next ticket of the same seq would collide.
   * COALESCE with the column gives each `?` its type on PostgreSQL (field NULL: no move). */
  LsSqlNum now = ls_sql_num (op->in->now_unix);
  int r = LS_SQL_RUN (c,
                      "UPDATE tickets SET state = 'waiting', counter_id = NULL,"
                      " seq = CASE WHEN COALESCE(?, field_id) <> field_id THEN -seq_id"
                      " ELSE seq END,"
                      " field_id = COALESCE(?, field_id), finished_unix = NULL,"
                      " queued_at = COALESCE(?, queued_at)"
                      " WHERE id = ? AND state IN ('called', 'skipped')",
                      field, field, at_end ? now.s : NULL, id);
  if (r != 1)
    return r < 0 ? r : -EIO;
  r = op->hooks->ticket_load (c, id, false, &op->ticket);
  return r < 0 ? r : queue_counter_bump (c, op->ticket, JOINED_SQL);
}

static int
act_requeue (LsSql *c, LsSqlQueueOp *op)
{
  g_autoptr (LsTicket) t = NULL;
  int r = op->hooks->ticket_load (c, op->in->ticket_id, true, &t);
  if (r < 0)
    return r;
  if (strcmp (t->state, "skipped") != 0 || strcmp (t->date, op->in->date) != 0)
    return -LS_E_INVALID_TRANSITION;
  return ticket_back_to_waiting (c, op, t->id, NULL, true);
}

static int
act_on_serving (LsSql *c, LsSqlQueueOp *op)
{
  const LsTicket *t = op->counter->serving;
  LsQueuePolicy p;
  int r;
  switch (op->in->action)
    {
      case LS_QUEUE_RECALL:
        if ((r = ls_sql_policy_load (c, op->unit_id, &p)) < 0)
          return r;
        return act_recall (c, op, p.recall_limit, p.recall_gap_s);
      case LS_QUEUE_SKIP:
      case LS_QUEUE_DONE:
        r = ticket_finish (c, op, t, op->in->action == LS_QUEUE_SKIP ? "skipped" : "done");
        return r < 0 ? r : op->hooks->ticket_load (c, t->id, false, &op->ticket);
      case LS_QUEUE_TRANSFER:
        return ticket_back_to_waiting (c, op, t->id, op->in->field_id, false);
      default:
        return -EINVAL;
    }
}

static int
act_on_counter (LsSql *c, LsSqlQueueOp *op)
{
  const LsQueueInput *in = op->in;
  if (in->action == LS_QUEUE_NEXT)
    return act_next (c, op);
  if (in->action == LS_QUEUE_PAUSE || in->action == LS_QUEUE_RESUME)
    {
      int r = LS_SQL_RUN (c, "UPDATE counters SET paused = ? WHERE id = ?",
                          in->action == LS_QUEUE_PAUSE ? "1" : "0", op->counter->id);
      return r < 0 ? r : 0;
    }
  if (!op->counter->serving)
    return -LS_E_NO_CURRENT;
  return act_on_serving (c, op);
}

static int
describe_and_audit (LsSql *c, LsSqlQueueOp *op)
{
  const LsQueueInput *in = op->in;
  int r;
  if (op->counter &&
      (r = op->hooks->counter_load (c, op->counter->id, in->date, false, &op->after)) < 0)
    return r;
  g_autoptr (GPtrArray) waiting = NULL;
  if ((r = ls_sql_waiting_counts (c, op->unit_id, in->date, &waiting)) < 0)
    return r;
  LsQueueChange ch = { in->action, op->after, op->ticket, op->recall, in->now, waiting };
  op->events = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_event_free);
  if (in->render)
    in->render (&ch, in->render_data, op->events);
  if ((r = op->hooks->events_store (c, op->unit_id, in->date, op->events)) < 0)
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
  return ls_sql_audit_insert (c, &e);
}

int
ls_sql_queue_apply (LsSql *c, void *data)
{
  LsSqlQueueOp *op = data;
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
  r = op->hooks->counter_load (c, op->in->counter_id, op->in->date, true, &op->counter);
  if (r < 0)
    return r;
  op->unit_id = g_strdup (op->counter->unit_id);
  if ((r = act_on_counter (c, op)) < 0)
    return r;
  return describe_and_audit (c, op);
}

int
ls_sql_queue_finish (LsSqlQueueOp *op, int r, LsTicket **ret_ticket, LsCounter **ret_counter,
                     unsigned *ret_retry_after)
{
  if (r == -LS_E_RECALL_TOO_SOON && ret_retry_after)
    *ret_retry_after = op->retry_after;
  if (r == 0 && ret_ticket)
    *ret_ticket = g_steal_pointer (&op->ticket);
  if (r == 0 && ret_counter)
    *ret_counter = g_steal_pointer (&op->after);
  g_clear_pointer (&op->counter, ls_counter_free);
  g_clear_pointer (&op->ticket, ls_ticket_free);
  g_clear_pointer (&op->after, ls_counter_free);
  g_clear_pointer (&op->events, g_ptr_array_unref);
  g_clear_pointer (&op->unit_id, g_free);
  return r;
}
