/* The PostgreSQL backend: its part of the queue's actions, which are written once for both
 * backends (store-sql-queue-act.c), each one transaction:
 *  - the counter's row is locked first (FOR UPDATE, store-pg-queue.c): two actions on one
 *    counter, from any processes, run one after the other;
 *  - "next" takes the first waiting ticket in calling order that it can lock with
 *    `FOR UPDATE SKIP LOCKED` that is still waiting: a ticket another counter is calling
 *    right now is passed over, never called twice (when all are, it waits for them in turn);
 *  - the events describing the change are numbered from the unit's sequence row and stored
 *    in the same transaction, with the audit row;
 *  - once committed, every process hears of them (pg_notify, store-pg-listen.c); without
 *    a listener, in->committed gets them in commit order (pg_tx_ordered). */
#include "store/postgres/store-pg-private.h"

static int
row_count (const LsSqlRow *row, void *data)
{
  (*(int *) data)++;
  return 0;
}

/* The first ticket in calling order that this transaction can lock while it still waits:
 * first passing over those other counters are calling right now (SKIP LOCKED); when every
 * one is, waiting for each in turn (one that is no longer waiting afterwards was called). */
static int
next_pick (LsSql *c, GPtrArray *waiting, const size_t *order, LsTicket **ret)
{
  static const char *const lock_sql[] = {
    "SELECT id FROM tickets WHERE id = ? AND state = 'waiting' FOR UPDATE SKIP LOCKED",
    "SELECT id FROM tickets WHERE id = ? AND state = 'waiting' FOR UPDATE",
  };
  for (guint pass = 0; pass < G_N_ELEMENTS (lock_sql); pass++)
    for (guint k = 0; k < waiting->len; k++)
      {
        LsTicket *t = waiting->pdata[order[k]];
        int locked = 0;
        int r = c->ops->query (c, lock_sql[pass], LS_SQL_VALUES (t->id), 1, row_count, &locked);
        if (r < 0)
          return r;
        if (locked == 1)
          {
            *ret = g_ptr_array_steal_index (waiting, (guint) order[k]);
            return 0;
          }
      }
  return -LS_E_QUEUE_EMPTY; /* every one was called by other counters meanwhile */
}

static int
events_store (LsSql *c, const char *unit_id, const char *date, GPtrArray *events)
{
  int r = pg_events_append (pg_conn_of (c), unit_id, date, events);
  if (r < 0 || events->len == 0)
    return r;
  return pg_events_notify (pg_conn_of (c), unit_id, ((LsEvent *) events->pdata[0])->id);
}

const LsSqlQueueHooks pg_queue_hooks = {
  pg_counter_load, pg_queue_ticket_load, pg_tickets_in_state, next_pick, events_store,
};

typedef struct
{
  LsSqlQueueOp base;
  PgStore *store;
} QueueOp;

static int
queue_apply (PgConn *c, void *data)
{
  return ls_sql_queue_apply (&c->sql, data);
}

static void
queue_committed (void *data)
{
  QueueOp *op = data;
  const LsQueueInput *in = op->base.in;
  /* with a listener, every process's events (this one's too) come through it, in id order */
  if (in->committed && op->base.events->len && !op->store->listener)
    in->committed (op->base.unit_id, op->base.events, in->committed_data);
}

int
pg_queue_act (LsStore *base, const LsQueueInput *in, LsTicket **ret_ticket, LsCounter **ret_counter,
              unsigned *ret_retry_after)
{
  QueueOp op = { { .in = in, .hooks = &pg_queue_hooks }, (PgStore *) base };
  int r = pg_tx_ordered ((PgStore *) base, queue_apply, &op, queue_committed);
  return ls_sql_queue_finish (&op.base, r, ret_ticket, ret_counter, ret_retry_after);
}
