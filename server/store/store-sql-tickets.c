/* Tickets and the queue's rows for both backends (store-sql.h): how a ticket row and a
 * counter row read, a ticket by its id, a ticket's issue (check-in and walk-in), a new
 * ticket's row and a print result. What stays in each backend: the statements of a ticket's
 * numbers (upserts whose conflict and RETURNING each database says its own way, handed in as
 * LsSqlTicketNumbers) and the idempotent write around an issue; the statements that select
 * queue tickets (a ticket's queue time falls back to its issue time, which needs each
 * database's time arithmetic; PostgreSQL locks the rows inside its actions); and the
 * retention job (time arithmetic again). A print result is written by each backend as
 * before: in autocommit on PostgreSQL, through SQLite's writer. */
#include "store/store-sql.h"

#include "store/store-shared.h"
#include "store/store-text.h"

#include <errno.h>
#include <string.h>

/* The LS_SQL_TICKET_COLS of a row, from column 0. */
static LsTicket *
ticket_new (const LsSqlRow *row)
{
  LsTicket *t = g_new0 (LsTicket, 1);
  t->id = ls_sql_dup (row, 0);
  t->unit_id = ls_sql_dup (row, 1);
  t->field_id = ls_sql_dup (row, 2);
  g_strlcpy (t->date, ls_sql_text (row, 3), sizeof t->date);
  t->kind = ls_sql_int64 (row, 4) ? LAYSO_TICKET_WALK_IN : LAYSO_TICKET_APPOINTMENT;
  g_strlcpy (t->number, ls_sql_text (row, 5), sizeof t->number);
  t->priority = ls_sql_int64 (row, 6) != 0;
  t->state = ls_sql_dup (row, 7);
  t->issued_at = ls_sql_dup (row, 8);
  t->booking_id = ls_sql_int64 (row, 9); /* 0 for a walk-in's NULL */
  return t;
}

/* The LS_SQL_TICKET_COLS of a row, then the waiting tickets issued before it. */
static void *
counted_ticket_new (const LsSqlRow *row)
{
  LsTicket *t = ticket_new (row);
  if (strcmp (t->state, "waiting") == 0)
    t->waiting_before = (int) ls_sql_int64 (row, 10);
  return t;
}

typedef struct
{
  const char *id;
  LsTicket **ret;
} TicketRead;

/* The ticket and the waiting tickets issued before it in one statement: one snapshot. */
static int
ticket_read (LsSql *c, void *data)
{
  TicketRead *op = data;
  return ls_sql_get_one (c,
                         "SELECT " LS_SQL_TICKET_COLS ", (SELECT count(*) FROM tickets w"
                         "   WHERE w.unit_id = t.unit_id AND w.field_id = t.field_id"
                         "   AND w.date = t.date AND w.state = 'waiting' AND w.seq_id < t.seq_id)"
                         " FROM tickets t WHERE t.id = ?",
                         LS_SQL_VALUES (op->id), 1, counted_ticket_new,
                         (GDestroyNotify) ls_ticket_free, (void **) op->ret);
}

int
ls_sql_ticket_get (LsStore *s, const char *id, LsTicket **ret)
{
  TicketRead op = { id, ret };
  return ls_sql_read (s, ticket_read, &op);
}

int
ls_sql_ticket_insert (LsSql *c, const LsTicketInput *in, const char *id, unsigned seq,
                      const char *number)
{
  int r = LS_SQL_RUN (c,
                      "INSERT INTO tickets (id, unit_id, field_id, date, kind, seq, number,"
                      " priority, booking_id, kiosk_id, issued_at)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      id, in->unit_id, in->field_id, in->date, ls_sql_num (in->kind).s,
                      ls_sql_num (seq).s, number, ls_sql_num (in->priority).s,
                      in->booking ? ls_sql_num (in->booking->id).s : NULL, in->kiosk_id, in->now);
  return r < 0 ? r : 0;
}

int
ls_sql_print_result (LsSql *c, void *result)
{
  const LsSqlPrintResult *op = result;
  int changed = LS_SQL_RUN (c,
                            "UPDATE tickets SET print_ok = ?, print_reason = ?, printed_at = ?"
                            " WHERE id = ? AND unit_id = ?",
                            op->ok ? "1" : "0", op->reason, op->now, op->ticket_id, op->unit_id);
  if (changed < 0)
    return changed;
  return changed == 1 ? 0 : -LS_E_NOT_FOUND;
}

/* --- a ticket's issue (check-in and walk-in) ------------------------------------------------ */

typedef struct
{
  gint64 value;
  bool found;
} Returned;

static int
returned_row (const LsSqlRow *row, void *data)
{
  Returned *got = data;
  got->value = ls_sql_int64 (row, 0);
  got->found = true;
  return 0;
}

/* The one value an upsert RETURNING gives (-EIO without a row). */
static int
upsert_returning (LsSql *c, const char *sql, const char *const *values, int n_values, gint64 *ret)
{
  Returned got = { 0, false };
  int r = c->ops->query (c, sql, values, n_values, returned_row, &got);
  if (r < 0)
    return r;
  if (!got.found)
    return -EIO;
  *ret = got.value;
  return 0;
}

/* The ticket's number and how many tickets of unit+field+day wait before it (every ticket
 * issued before this one that has not left the queue), each from a counter row. */
static int
ticket_numbers (LsSql *c, const LsSqlTicketNumbers *how, const LsTicketInput *in, unsigned *ret_seq,
                int *ret_waiting_before)
{
  gint64 seq, before;
  int r = upsert_returning (
      c, how->seq_sql, LS_SQL_VALUES (in->unit_id, in->field_id, in->date, ls_sql_num (in->kind).s),
      4, &seq);
  if (r < 0 ||
      (r = upsert_returning (c, how->queue_sql, LS_SQL_VALUES (in->unit_id, in->field_id, in->date),
                             3, &before)) < 0)
    return r;
  *ret_seq = (unsigned) seq;
  *ret_waiting_before = MAX (0, (int) before);
  return 0;
}

int
ls_sql_ticket_issue_apply (LsSql *c, const LsSqlTicketNumbers *how, LsSqlTicketIssue *op)
{
  const LsTicketInput *in = op->in;
  LsTicket *t = &op->ticket;
  static const char check_in[] = "UPDATE bookings SET status = 'checked_in', checked_in_at = ?"
                                 " WHERE id = ? AND status = 'booked'";
  int r;
  if (in->booking && (r = ls_sql_booking_leave_booked (c, check_in, in->booking->id, in->now)) < 0)
    return r;
  unsigned seq;
  if ((r = ticket_numbers (c, how, in, &seq, &t->waiting_before)) < 0)
    return r;
  int fr = in->numbers.first ? layso_ticket_number_in_range (in->prefix, &in->numbers, seq,
                                                             t->number, sizeof t->number)
                             : layso_ticket_number_format (in->prefix, in->kind, seq, t->number,
                                                           sizeof t->number);
  if (fr < 0)
    return -EIO;
  ls_store_random_id (op->id);
  if ((r = ls_sql_ticket_insert (c, in, op->id, seq, t->number)) < 0)
    return r;
  /* the rows are exactly the input: nothing to read back */
  ls_store_ticket_written (t, in, op->id);
  return 0;
}

void
ls_sql_ticket_render (LsSqlTicketIssue *op, LsReply *reply)
{
  op->render (&op->ticket, op->in->booking, op->user_data, reply);
}

/* --- the queue's tickets and counters ---------------------------------------------------- */

void *
ls_sql_queue_ticket_new (const LsSqlRow *row)
{
  LsTicket *t = ticket_new (row);
  t->queued_at = ls_sql_int64 (row, 10);
  t->counter_id = ls_sql_dup (row, 11);
  t->called_at = ls_sql_dup (row, 12);
  t->last_call_at = ls_sql_int64 (row, 13);
  t->recalls = (int) ls_sql_int64 (row, 14);
  t->print_ok = ls_sql_is_null (row, 15) ? -1 : (int) ls_sql_int64 (row, 15);
  t->booking_name = ls_sql_dup (row, 16);
  t->booking_slot = ls_sql_dup (row, 17);
  return t;
}

int
ls_sql_queue_ticket_select (LsSql *c, const char *sql, const char *const *values, int n_values,
                            LsTicket **ret)
{
  return ls_sql_get_one (c, sql, values, n_values, ls_sql_queue_ticket_new,
                         (GDestroyNotify) ls_ticket_free, (void **) ret);
}

static void *
counter_new (const LsSqlRow *row)
{
  LsCounter *k = g_new0 (LsCounter, 1);
  k->id = ls_sql_dup (row, 0);
  k->unit_id = ls_sql_dup (row, 1);
  k->name = ls_sql_dup (row, 2);
  k->number = (unsigned) ls_sql_int64 (row, 3);
  k->fields = g_strsplit (ls_sql_text (row, 4), ",", -1);
  k->paused = ls_sql_int64 (row, 5) != 0;
  return k;
}

/* The ticket called at the counter today, if any. */
static int
serving_load (LsSql *c, const char *serving_sql, LsCounter *k, const char *date)
{
  int r = ls_sql_queue_ticket_select (c, serving_sql, LS_SQL_VALUES (k->id, date), 2, &k->serving);
  return r == -LS_E_NOT_FOUND ? 0 : r;
}

int
ls_sql_counter_load (LsSql *c, const char *counter_sql, const char *serving_sql,
                     const char *counter_id, const char *date, LsCounter **ret)
{
  g_autoptr (LsCounter) k = NULL;
  int r = ls_sql_get_one (c, counter_sql, LS_SQL_VALUES (counter_id), 1, counter_new,
                          (GDestroyNotify) ls_counter_free, (void **) &k);
  if (r == 0)
    r = serving_load (c, serving_sql, k, date);
  if (r == 0)
    *ret = g_steal_pointer (&k);
  return r;
}

int
ls_sql_counters_load (LsSql *c, const char *serving_sql, const char *unit_id, const char *date,
                      GPtrArray **ret)
{
  g_autoptr (GPtrArray) list = NULL;
  int r = ls_sql_collect (c,
                          "SELECT " LS_SQL_COUNTER_COLS " FROM counters WHERE unit_id = ?"
                          " ORDER BY number",
                          LS_SQL_VALUES (unit_id), 1, counter_new, (GDestroyNotify) ls_counter_free,
                          &list);
  for (guint i = 0; r == 0 && i < list->len; i++)
    r = serving_load (c, serving_sql, list->pdata[i], date);
  if (r == 0)
    *ret = g_steal_pointer (&list);
  return r;
}
