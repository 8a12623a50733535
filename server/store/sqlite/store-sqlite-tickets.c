/* The SQLite backend: a ticket's issue (check-in and walk-in; its numbers are upserts
 * RETURNING under SQLite's conflict syntax), its print result through the writer, and the
 * retention job (time arithmetic). Reading a ticket, its row and the print result's
 * statement are written once for both backends (store-sql-tickets.c). */
#include "store/sqlite/store-sqlite-private.h"

#include <errno.h>

/* --- ticket issue (check-in and walk-in) ----------------------------------------------------- */

typedef struct
{
  IdemWrite w;
  const LsTicketInput *in;
  LsRenderTicket render;
  void *user_data;
  LsTicket ticket;
  char id[21];
} TicketOp;

/* The next number of unit+field+day+kind (an upserted counter row). */
static int
next_ticket_seq (Conn *c, const LsTicketInput *in, unsigned *ret_seq)
{
  STMT st = sql_prep (c, "INSERT INTO ticket_counters (unit_id, field_id, date, kind, last)"
                         " VALUES (?, ?, ?, ?, 1)"
                         " ON CONFLICT DO UPDATE SET last = last + 1 RETURNING last");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, in->unit_id);
  sql_bind_text (st, 2, in->field_id);
  sql_bind_text (st, 3, in->date);
  sqlite3_bind_int (st, 4, (int) in->kind);
  if (sqlite3_step (st) != SQLITE_ROW)
    return -EIO;
  *ret_seq = (unsigned) sqlite3_column_int (st, 0);
  return 0;
}

/* Counts the ticket as issued: how many tickets of unit+field+day wait before it. */
static int
queue_join (Conn *c, const LsTicketInput *in, int *ret_waiting_before)
{
  /* every ticket issued before this one that has not left the queue is waiting */
  STMT st = sql_prep (c, "INSERT INTO queue_counters (unit_id, field_id, date, issued)"
                         " VALUES (?, ?, ?, 1)"
                         " ON CONFLICT DO UPDATE SET issued = issued + 1"
                         " RETURNING issued - 1 - left_queue");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, in->unit_id);
  sql_bind_text (st, 2, in->field_id);
  sql_bind_text (st, 3, in->date);
  if (sqlite3_step (st) != SQLITE_ROW)
    return -EIO;
  *ret_waiting_before = MAX (0, sqlite3_column_int (st, 0));
  return 0;
}

static int
ticket_apply (Conn *c, IdemWrite *w)
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
  if ((r = next_ticket_seq (c, in, &seq)) < 0 || (r = queue_join (c, in, &t->waiting_before)) < 0)
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
ticket_render (IdemWrite *w)
{
  TicketOp *op = (TicketOp *) w;
  op->render (&op->ticket, op->in->booking, op->user_data, &w->reply);
}

int
sqlite_ticket_issue (LsStore *base, const LsTicketInput *in, const LsIdem *idem,
                     LsRenderTicket render, void *user_data, LsReply *ret, bool *ret_replayed)
{
  TicketOp op = {
    .w = { .idem = idem, .now = in->now, .apply = ticket_apply, .render = ticket_render },
    .in = in,
    .render = render,
    .user_data = user_data,
  };
  return sqlite_idem_write_run ((SqliteStore *) base, &op.w, ret, ret_replayed);
}

/* --- print results ----------------------------------------------------------------------- */

int
sqlite_ticket_print_result (LsStore *base, const char *unit_id, const char *ticket_id, bool ok,
                            const char *reason, const char *now)
{
  LsSqlPrintResult op = { unit_id, ticket_id, reason, now, ok };
  return ls_sql_write (base, ls_sql_print_result, &op);
}

/* --- retention ------------------------------------------------------------------------------- */

typedef struct
{
  const char *date, *idem_before, *now;
  int purged;
} PurgeOp;

static int
purge_apply (Conn *c, void *data)
{
  PurgeOp *op = data;
  /* a booking not used by the end of its day is a no-show; its code is free again */
  int r = SQL_RUN (c,
                   "UPDATE bookings SET status = 'expired' WHERE status = 'booked'"
                   " AND date < substr(?, 1, 10)",
                   op->now);
  if (r < 0)
    return r;
  /* a unit's day is over: its tickets still waiting or called were not served (skipped) */
  r = SQL_RUN (c,
               "UPDATE tickets SET state = 'skipped', finished_unix = unixepoch(?1)"
               " WHERE state IN ('waiting', 'called') AND date < substr(?1, 1, 10)",
               op->now);
  if (r < 0)
    return r;
  op->purged = SQL_RUN (c,
                        "UPDATE bookings SET name = NULL, cccd = NULL, phone = NULL,"
                        " purged_at = ? WHERE date < ? AND purged_at IS NULL",
                        op->now, op->date);
  if (op->purged < 0)
    return op->purged;
  /* stored replies hold personal data too; a retry comes within minutes, not days */
  r = SQL_RUN (c, "DELETE FROM idempotency WHERE created_at < ?", op->idem_before);
  return r < 0 ? r : 0;
}

int
sqlite_purge_before (LsStore *base, const char *date, const char *idem_before, const char *now)
{
  PurgeOp op = { date, idem_before, now, 0 };
  int r = sqlite_write_run ((SqliteStore *) base, purge_apply, &op);
  return r < 0 ? r : op.purged;
}
