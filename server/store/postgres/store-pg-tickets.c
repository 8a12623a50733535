/* The PostgreSQL backend: a ticket's issue (check-in and walk-in; its numbers are upserts
 * RETURNING under PostgreSQL's conflict syntax), its print result in autocommit, and the
 * retention job (time arithmetic). Reading a ticket, its row and the print result's
 * statement are written once for both backends (store-sql-tickets.c). */
#include "store/postgres/store-pg-private.h"

#include <errno.h>

/* --- ticket issue (check-in and walk-in) ----------------------------------------------------- */

typedef struct
{
  PgIdemWrite w;
  const LsTicketInput *in;
  LsRenderTicket render;
  void *user_data;
  LsTicket ticket;
  char id[21];
} TicketOp;

/* The next number of unit+field+day+kind (an upserted counter row, locked until the commit:
 * two kiosks of any processes never get the same number), and how many tickets of
 * unit+field+day wait before it. */
static int
next_ticket_seq (PgConn *c, const LsTicketInput *in, unsigned *ret_seq, int *ret_waiting_before)
{
  PG_RESULT seq = NULL;
  PG_RESULT queue = NULL;
  int err = PG_EXEC (c, &seq,
                     "INSERT INTO ticket_counters AS t (unit_id, field_id, date, kind, last)"
                     " VALUES ($1, $2, $3, $4, 1) ON CONFLICT (unit_id, field_id, date, kind)"
                     " DO UPDATE SET last = t.last + 1 RETURNING last",
                     in->unit_id, in->field_id, in->date, pg_num (in->kind).s);
  /* every ticket issued before this one that has not left the queue is waiting */
  if (err < 0 || (err = PG_EXEC (c, &queue,
                                 "INSERT INTO queue_counters AS q (unit_id, field_id, date, issued)"
                                 " VALUES ($1, $2, $3, 1) ON CONFLICT (unit_id, field_id, date)"
                                 " DO UPDATE SET issued = q.issued + 1"
                                 " RETURNING issued - 1 - left_queue",
                                 in->unit_id, in->field_id, in->date)) < 0)
    return err;
  *ret_seq = (unsigned) pg_get_int (seq, 0, 0);
  *ret_waiting_before = MAX (0, pg_get_int (queue, 0, 0));
  return 0;
}

static int
ticket_apply (PgConn *c, PgIdemWrite *w)
{
  TicketOp *op = (TicketOp *) w;
  const LsTicketInput *in = op->in;
  LsTicket *t = &op->ticket;
  int r;
  static const char check_in[] = "UPDATE bookings SET status = 'checked_in', checked_in_at = ?"
                                 " WHERE id = ? AND status = 'booked'";
  if (in->booking &&
      (r = ls_sql_booking_leave_booked (&c->sql, check_in, in->booking->id, in->now)) < 0)
    return r;
  unsigned seq;
  if ((r = next_ticket_seq (c, in, &seq, &t->waiting_before)) < 0)
    return r;
  int fr = in->numbers.first ? layso_ticket_number_in_range (in->prefix, &in->numbers, seq,
                                                             t->number, sizeof t->number)
                             : layso_ticket_number_format (in->prefix, in->kind, seq, t->number,
                                                           sizeof t->number);
  if (fr < 0)
    return -EIO;
  ls_store_random_id (op->id);
  if ((r = ls_sql_ticket_insert (&c->sql, in, op->id, seq, t->number)) < 0)
    return r;
  /* the rows are exactly the input: nothing to read back */
  ls_store_ticket_written (t, in, op->id);
  return 0;
}

static void
ticket_render (PgIdemWrite *w)
{
  TicketOp *op = (TicketOp *) w;
  op->render (&op->ticket, op->in->booking, op->user_data, &w->reply);
}

int
pg_ticket_issue (LsStore *base, const LsTicketInput *in, const LsIdem *idem, LsRenderTicket render,
                 void *user_data, LsReply *ret, bool *ret_replayed)
{
  TicketOp op = {
    .w = { .idem = idem, .now = in->now, .apply = ticket_apply, .render = ticket_render },
    .in = in,
    .render = render,
    .user_data = user_data,
  };
  return pg_idem_write_run ((PgStore *) base, &op.w, ret, ret_replayed);
}

/* --- print results ----------------------------------------------------------------------- */

int
pg_ticket_print_result (LsStore *base, const char *unit_id, const char *ticket_id, bool ok,
                        const char *reason, const char *now)
{
  /* one statement: autocommit is its transaction */
  LsSqlPrintResult op = { unit_id, ticket_id, reason, now, ok };
  ON_CONN (base, ls_sql_print_result (&c->sql, &op));
}

/* --- retention ------------------------------------------------------------------------------- */

typedef struct
{
  const char *date, *idem_before, *now;
  int purged;
} PurgeOp;

static int
purge_apply (PgConn *c, void *data)
{
  PurgeOp *op = data;
  /* a booking not used by the end of its day is a no-show; its code is free again */
  int r = PG_RUN (c,
                  "UPDATE bookings SET status = 'expired' WHERE status = 'booked'"
                  " AND date < substr($1, 1, 10)",
                  op->now);
  /* a unit's day is over: its tickets still waiting or called were not served (skipped) */
  if (r >= 0)
    r = PG_RUN (c,
                "UPDATE tickets SET state = 'skipped',"
                " finished_unix = extract(epoch FROM $1::text::timestamptz)::bigint"
                " WHERE state IN ('waiting', 'called') AND date < substr($1, 1, 10)",
                op->now);
  if (r >= 0)
    r = op->purged = PG_RUN (c,
                             "UPDATE bookings SET name = NULL, cccd = NULL, phone = NULL,"
                             " purged_at = $1 WHERE date < $2 AND purged_at IS NULL",
                             op->now, op->date);
  /* stored replies hold personal data too; a retry comes within minutes, not days */
  if (r >= 0)
    r = PG_RUN (c, "DELETE FROM idempotency WHERE created_at < $1", op->idem_before);
  return r < 0 ? r : 0;
}

int
pg_purge_before (LsStore *base, const char *date, const char *idem_before, const char *now)
{
  PurgeOp op = { date, idem_before, now, 0 };
  int r = pg_tx ((PgStore *) base, purge_apply, &op);
  return r < 0 ? r : op.purged;
}
