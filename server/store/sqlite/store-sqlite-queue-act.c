/* The SQLite backend: its part of the queue's actions, which are written once for both
 * backends (store-sql-queue-act.c), each one write on the writer thread:
 *  - "next" calls the first waiting ticket in calling order: the writer's BEGIN IMMEDIATE
 *    transaction holds the database from the read to the commit, so two counters, threads
 *    or processes never get the same ticket, and a queue found empty changes nothing;
 *  - the events describing the change are numbered from the unit's sequence and stored in
 *    the same transaction, with the audit row;
 *  - once committed, in->committed gets the events on the writer thread, in commit order,
 *    so a unit's events reach the streams in id order. */
#include "store/sqlite/store-sqlite-private.h"

static int
next_pick (LsSql *c, GPtrArray *waiting, const size_t *order, LsTicket **ret)
{
  *ret = g_ptr_array_steal_index (waiting, (guint) order[0]);
  return 0;
}

static int
events_store (LsSql *c, const char *unit_id, const char *date, GPtrArray *events)
{
  return sqlite_events_append (sqlite_conn_of (c), unit_id, date, events);
}

const LsSqlQueueHooks sqlite_queue_hooks = {
  sqlite_counter_load, sqlite_queue_ticket_load, sqlite_tickets_in_state, next_pick, events_store,
};

typedef struct
{
  LsSqlQueueOp base;
  /* the waiting thread */
  int result;
  bool finished;
  GMutex lock;
  GCond cond;
} QueueOp;

static int
queue_apply (Conn *c, void *data)
{
  return ls_sql_queue_apply (&c->sql, data);
}

static void
queue_done (int result, void *data)
{
  QueueOp *op = data;
  const LsQueueInput *in = op->base.in;
  if (result == 0 && in->committed && op->base.events->len)
    in->committed (op->base.unit_id, op->base.events, in->committed_data);
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
  QueueOp op = { .base = { .in = in, .hooks = &sqlite_queue_hooks } };
  g_mutex_init (&op.lock);
  g_cond_init (&op.cond);
  sqlite_write_submit ((SqliteStore *) base, queue_apply, &op, queue_done, &op);
  g_mutex_lock (&op.lock);
  while (!op.finished)
    g_cond_wait (&op.cond, &op.lock);
  g_mutex_unlock (&op.lock);
  g_mutex_clear (&op.lock);
  g_cond_clear (&op.cond);
  return ls_sql_queue_finish (&op.base, op.result, ret_ticket, ret_counter, ret_retry_after);
}
