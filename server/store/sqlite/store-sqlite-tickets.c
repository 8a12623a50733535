/* The SQLite backend: what a ticket's issue says only here (its numbers, upserts RETURNING
 * under SQLite's conflict syntax, in its idempotent write on the writer), its print result
 * through the writer, and the retention job (time arithmetic). The issue itself, reading a
 * ticket, its row and the print result's statement are written once for both backends
 * (store-sql-tickets.c). */
#include "store/sqlite/store-sqlite-private.h"

#include <errno.h>

/* --- ticket issue (check-in and walk-in) ----------------------------------------------------- */

static const LsSqlTicketNumbers numbers = {
  "INSERT INTO ticket_counters (unit_id, field_id, date, kind, last) VALUES (?, ?, ?, ?, 1)"
  " ON CONFLICT DO UPDATE SET last = last + 1 RETURNING last",
  "INSERT INTO queue_counters (unit_id, field_id, date, issued) VALUES (?, ?, ?, 1)"
  " ON CONFLICT DO UPDATE SET issued = issued + 1 RETURNING issued - 1 - left_queue",
};

typedef struct
{
  IdemWrite w;
  LsSqlTicketIssue issue;
} TicketOp;

static int
ticket_apply (Conn *c, IdemWrite *w)
{
  return ls_sql_ticket_issue_apply (&c->sql, &numbers, &((TicketOp *) w)->issue);
}

static void
ticket_render (IdemWrite *w)
{
  ls_sql_ticket_render (&((TicketOp *) w)->issue, &w->reply);
}

int
sqlite_ticket_issue (LsStore *base, const LsTicketInput *in, const LsIdem *idem,
                     LsRenderTicket render, void *user_data, LsReply *ret, bool *ret_replayed)
{
  TicketOp op = {
    .w = { .idem = idem, .now = in->now, .apply = ticket_apply, .render = ticket_render },
    .issue = { .in = in, .render = render, .user_data = user_data },
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
