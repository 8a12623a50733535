/* The PostgreSQL backend: what a ticket's issue says only here (its numbers, upserts RETURNING
 * under PostgreSQL's conflict syntax, in its idempotent write), its print result in
 * autocommit, and the retention job (time arithmetic). The issue itself, reading a ticket,
 * its row and the print result's statement are written once for both backends
 * (store-sql-tickets.c). */
#include "store/postgres/store-pg-private.h"

#include <errno.h>

/* --- ticket issue (check-in and walk-in) ----------------------------------------------------- */

/* Its counter rows are locked until the commit: two kiosks of any processes never get the
 * same number. */
static const LsSqlTicketNumbers numbers = {
  "INSERT INTO ticket_counters AS t (unit_id, field_id, date, kind, last)"
  " VALUES (?, ?, ?, ?, 1) ON CONFLICT (unit_id, field_id, date, kind)"
  " DO UPDATE SET last = t.last + 1 RETURNING last",
  "INSERT INTO queue_counters AS q (unit_id, field_id, date, issued)"
  " VALUES (?, ?, ?, 1) ON CONFLICT (unit_id, field_id, date)"
  " DO UPDATE SET issued = q.issued + 1 RETURNING issued - 1 - left_queue",
};

typedef struct
{
  PgIdemWrite w;
  LsSqlTicketIssue issue;
} TicketOp;

static int
ticket_apply (PgConn *c, PgIdemWrite *w)
{
  return ls_sql_ticket_issue_apply (&c->sql, &numbers, &((TicketOp *) w)->issue);
}

static void
ticket_render (PgIdemWrite *w)
{
  ls_sql_ticket_render (&((TicketOp *) w)->issue, &w->reply);
}

int
pg_ticket_issue (LsStore *base, const LsTicketInput *in, const LsIdem *idem, LsRenderTicket render,
                 void *user_data, LsReply *ret, bool *ret_replayed)
{
  TicketOp op = {
    .w = { .idem = idem, .now = in->now, .apply = ticket_apply, .render = ticket_render },
    .issue = { .in = in, .render = render, .user_data = user_data },
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
