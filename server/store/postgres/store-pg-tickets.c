/* The PostgreSQL backend: tickets (check-in and walk-in), their print results, and the
 * retention job. */
#include "store/postgres/store-pg-private.h"

#include <errno.h>
#include <string.h>

/* --- tickets --------------------------------------------------------------------------------- */

#define TICKET_COLS                                                                                \
  "seq_id, id, unit_id, field_id, date, kind, number, priority, state, issued_at, booking_id"

static LsTicket *
ticket_from_row (const PGresult *r, int i, gint64 *ret_seq_id)
{
  LsTicket *t = g_new0 (LsTicket, 1);
  *ret_seq_id = pg_get_int64 (r, i, 0);
  t->id = pg_dup (r, i, 1);
  t->unit_id = pg_dup (r, i, 2);
  t->field_id = pg_dup (r, i, 3);
  g_strlcpy (t->date, PQgetvalue (r, i, 4), sizeof t->date);
  t->kind = pg_get_int (r, i, 5) ? LAYSO_TICKET_WALK_IN : LAYSO_TICKET_APPOINTMENT;
  g_strlcpy (t->number, PQgetvalue (r, i, 6), sizeof t->number);
  t->priority = pg_get_int (r, i, 7) != 0;
  t->state = pg_dup (r, i, 8);
  t->issued_at = pg_dup (r, i, 9);
  t->booking_id = PQgetisnull (r, i, 10) ? 0 : pg_get_int64 (r, i, 10);
  return t;
}

/* Reads a ticket row and counts the waiting tickets issued before it (one statement: one
 * snapshot). */
static int
ticket_load (PgConn *c, const char *id, LsTicket **ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT " TICKET_COLS ", (SELECT count(*) FROM tickets w"
                     "   WHERE w.unit_id = t.unit_id AND w.field_id = t.field_id"
                     "   AND w.date = t.date AND w.state = 'waiting' AND w.seq_id < t.seq_id)"
                     " FROM tickets t WHERE id = $1",
                     id);
  if (err < 0)
    return err;
  if (PQntuples (r) == 0)
    return -LS_E_NOT_FOUND;
  gint64 seq_id;
  LsTicket *t = ticket_from_row (r, 0, &seq_id);
  if (strcmp (t->state, "waiting") == 0)
    t->waiting_before = pg_get_int (r, 0, 11);
  *ret = t;
  return 0;
}

int
pg_ticket_get (LsStore *base, const char *id, LsTicket **ret)
{
  ON_CONN (base, ticket_load (c, id, ret));
}

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
insert_ticket (PgConn *c, const LsTicketInput *in, const char *id, unsigned seq, const char *number)
{
  int r = PG_RUN (c,
                  "INSERT INTO tickets (id, unit_id, field_id, date, kind, seq, number,"
                  " priority, booking_id, kiosk_id, issued_at)"
                  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                  id, in->unit_id, in->field_id, in->date, pg_num (in->kind).s, pg_num (seq).s,
                  number, pg_num (in->priority).s, in->booking ? pg_num (in->booking->id).s : NULL,
                  in->kiosk_id, in->now);
  return r < 0 ? r : 0;
}

static int
ticket_apply (PgConn *c, PgIdemWrite *w)
{
  TicketOp *op = (TicketOp *) w;
  const LsTicketInput *in = op->in;
  LsTicket *t = &op->ticket;
  int r;
  static const char check_in[] = "UPDATE bookings SET status = 'checked_in', checked_in_at = $1"
                                 " WHERE id = $2 AND status = 'booked'";
  if (in->booking && (r = pg_booking_leave_booked (c, check_in, in->booking->id, in->now)) < 0)
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
  if ((r = insert_ticket (c, in, op->id, seq, t->number)) < 0)
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

static int
print_result (PgConn *c, const char *unit_id, const char *ticket_id, bool ok, const char *reason,
              const char *now)
{
  int changed = PG_RUN (c,
                        "UPDATE tickets SET print_ok = $1, print_reason = $2, printed_at = $3"
                        " WHERE id = $4 AND unit_id = $5",
                        ok ? "1" : "0", reason, now, ticket_id, unit_id);
  if (changed < 0)
    return changed;
  return changed == 1 ? 0 : -LS_E_NOT_FOUND;
}

int
pg_ticket_print_result (LsStore *base, const char *unit_id, const char *ticket_id, bool ok,
                        const char *reason, const char *now)
{
  ON_CONN (base, print_result (c, unit_id, ticket_id, ok, reason, now));
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
