/* The SQLite backend: tickets (check-in and walk-in), their print results, and the
 * retention job. */
#include "store/sqlite/store-sqlite-private.h"

#include <errno.h>
#include <string.h>

/* --- tickets --------------------------------------------------------------------------------- */

#define TICKET_COLS                                                                                \
  "seq_id, id, unit_id, field_id, date, kind, number, priority, state, issued_at, booking_id"

static LsTicket *
ticket_from_row (sqlite3_stmt *st, gint64 *ret_seq_id)
{
  LsTicket *t = g_new0 (LsTicket, 1);
  *ret_seq_id = sqlite3_column_int64 (st, 0);
  t->id = sql_col_dup (st, 1);
  t->unit_id = sql_col_dup (st, 2);
  t->field_id = sql_col_dup (st, 3);
  g_strlcpy (t->date, (const char *) sqlite3_column_text (st, 4), sizeof t->date);
  t->kind = sqlite3_column_int (st, 5) ? LAYSO_TICKET_WALK_IN : LAYSO_TICKET_APPOINTMENT;
  g_strlcpy (t->number, (const char *) sqlite3_column_text (st, 6), sizeof t->number);
  t->priority = sqlite3_column_int (st, 7) != 0;
  t->state = sql_col_dup (st, 8);
  t->issued_at = sql_col_dup (st, 9);
  t->booking_id = sqlite3_column_int64 (st, 10);
  return t;
}

/* Reads a ticket row and counts the waiting tickets issued before it. */
static int
ticket_load (Conn *c, const char *id, LsTicket **ret)
{
  g_autoptr (LsTicket) t = NULL;
  gint64 seq_id;
  {
    STMT st = sql_prep (c, "SELECT " TICKET_COLS " FROM tickets WHERE id = ?");
    if (!st)
      return -EIO;
    sql_bind_text (st, 1, id);
    int r = sql_step_one (st);
    if (r < 0)
      return r;
    t = ticket_from_row (st, &seq_id);
  }
  if (strcmp (t->state, "waiting") == 0)
    {
      STMT st = sql_prep (c, "SELECT count(*) FROM tickets WHERE unit_id = ? AND field_id = ?"
                             " AND date = ? AND state = 'waiting' AND seq_id < ?");
      if (!st)
        return -EIO;
      sql_bind_text (st, 1, t->unit_id);
      sql_bind_text (st, 2, t->field_id);
      sql_bind_text (st, 3, t->date);
      sqlite3_bind_int64 (st, 4, seq_id);
      if (sqlite3_step (st) != SQLITE_ROW)
        return -EIO;
      t->waiting_before = sqlite3_column_int (st, 0);
    }
  *ret = g_steal_pointer (&t);
  return 0;
}

int
sqlite_ticket_get (LsStore *base, const char *id, LsTicket **ret)
{
  ON_READER (base, ticket_load (c, id, ret));
}

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
insert_ticket (Conn *c, const LsTicketInput *in, const char *id, unsigned seq, const char *number)
{
  STMT st = sql_prep (c, "INSERT INTO tickets (id, unit_id, field_id, date, kind, seq, number,"
                         " priority, booking_id, kiosk_id, issued_at)"
                         " VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, id);
  sql_bind_text (st, 2, in->unit_id);
  sql_bind_text (st, 3, in->field_id);
  sql_bind_text (st, 4, in->date);
  sqlite3_bind_int (st, 5, (int) in->kind);
  sqlite3_bind_int (st, 6, (int) seq);
  sql_bind_text (st, 7, number);
  sqlite3_bind_int (st, 8, in->priority);
  if (in->booking)
    sqlite3_bind_int64 (st, 9, in->booking->id);
  sql_bind_text (st, 10, in->kiosk_id);
  sql_bind_text (st, 11, in->now);
  return sql_step_done (st) ? 0 : -EIO;
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
  if (in->booking && (r = sqlite_booking_leave_booked (c, check_in, in->booking->id, in->now)) < 0)
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
  if ((r = insert_ticket (c, in, op->id, seq, t->number)) < 0)
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

typedef struct
{
  const char *unit_id, *ticket_id, *reason, *now;
  bool ok;
} PrintOp;

static int
print_apply (Conn *c, void *data)
{
  PrintOp *op = data;
  STMT st = sql_prep (c, "UPDATE tickets SET print_ok = ?, print_reason = ?, printed_at = ?"
                         " WHERE id = ? AND unit_id = ?");
  if (!st)
    return -EIO;
  sqlite3_bind_int (st, 1, op->ok);
  sql_bind_text (st, 2, op->reason);
  sql_bind_text (st, 3, op->now);
  sql_bind_text (st, 4, op->ticket_id);
  sql_bind_text (st, 5, op->unit_id);
  int changed = sql_step_changes (st);
  if (changed < 0)
    return changed;
  return changed == 1 ? 0 : -LS_E_NOT_FOUND;
}

int
sqlite_ticket_print_result (LsStore *base, const char *unit_id, const char *ticket_id, bool ok,
                            const char *reason, const char *now)
{
  PrintOp op = { unit_id, ticket_id, reason, now, ok };
  return sqlite_write_run ((SqliteStore *) base, print_apply, &op);
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
