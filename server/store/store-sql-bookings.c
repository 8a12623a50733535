/* Bookings for both backends (store-sql.h). Read: a slot's seats taken, a booking by its
 * code, a CCCD's active bookings, an Idempotency-Key's stored reply. Written: a booking's
 * cancel (its seat given back by each backend's statement: UPDATE … FROM on PostgreSQL),
 * and the statements the backends' writes share (a reply stored, a booking moved on from
 * 'booked'). Stays in each backend: a booking's create (PostgreSQL's batches, SQLite's
 * writer and its async submit) and an idempotent write (PostgreSQL locks its key first and
 * runs again on a serialization failure). */
#include "store/store-sql.h"

#include <string.h>

typedef struct
{
  const char *seat_sql;
  gint64 id;
  const char *now;
} CancelOp; /* ls_sql_booking_cancel's */

/* --- idempotency -------------------------------------------------------------------------- */

typedef struct
{
  const LsIdem *idem;
  LsReply *reply;
  int found; /* 1, or -LS_E_IDEM_MISMATCH */
} IdemFind;

static int
idem_row (const LsSqlRow *row, void *data)
{
  IdemFind *op = data;
  if (strcmp (ls_sql_text (row, 0), op->idem->hash) != 0)
    {
      op->found = -LS_E_IDEM_MISMATCH;
      return 0;
    }
  op->reply->status = (unsigned) ls_sql_int64 (row, 1);
  op->reply->body = ls_sql_dup (row, 2);
  op->found = 1;
  return 0;
}

static int
idem_find (LsSql *c, void *data)
{
  IdemFind *op = data;
  int r = c->ops->query (c,
                         "SELECT request_hash, status, body FROM idempotency"
                         " WHERE scope = ? AND key = ?",
                         LS_SQL_VALUES (op->idem->scope, op->idem->key), 2, idem_row, op);
  return r < 0 ? r : op->found;
}

int
ls_sql_idem_find (LsSql *c, const LsIdem *idem, LsReply *ret)
{
  IdemFind op = { idem, ret, 0 };
  return idem_find (c, &op);
}

int
ls_sql_idem_lookup (LsStore *s, const LsIdem *idem, LsReply *ret)
{
  IdemFind op = { idem, ret, 0 };
  return ls_sql_read (s, idem_find, &op);
}

int
ls_sql_idem_store (LsSql *c, const LsIdem *idem, const LsReply *reply, const char *now)
{
  int r = LS_SQL_RUN (c,
                      "INSERT INTO idempotency (scope, key, request_hash, status, body,"
                      " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                      idem->scope, idem->key, idem->hash, ls_sql_num (reply->status).s, reply->body,
                      now);
  return r < 0 ? r : 0;
}

/* --- bookings ------------------------------------------------------------------------------ */

void *
ls_sql_booking_new (const LsSqlRow *row)
{
  LsBooking *b = g_new0 (LsBooking, 1);
  b->id = ls_sql_int64 (row, 0);
  g_strlcpy (b->code, ls_sql_text (row, 1), sizeof b->code);
  b->unit_id = ls_sql_dup (row, 2);
  b->field_id = ls_sql_dup (row, 3);
  b->slot_id = ls_sql_dup (row, 4);
  g_strlcpy (b->date, ls_sql_text (row, 5), sizeof b->date);
  b->name = ls_sql_dup (row, 6);
  b->cccd = ls_sql_dup (row, 7);
  b->phone = ls_sql_dup (row, 8);
  /* the table's CHECK allows the four statuses only; were another to appear, the booking
   * is treated as cancelled: nothing can be done with it */
  if (layso_booking_status_from_string (ls_sql_text (row, 9), &b->status) < 0)
    b->status = LAYSO_BOOKING_CANCELLED;
  b->created_at = ls_sql_dup (row, 10);
  return b;
}

typedef struct
{
  const LsUnit *unit;
  const char *field_id, *date;
  int *used;
} SlotUsage;

static int
slot_usage_row (const LsSqlRow *row, void *data)
{
  SlotUsage *op = data;
  int i = ls_unit_slot_index (op->unit, ls_sql_text (row, 0));
  if (i >= 0)
    op->used[i] = (int) ls_sql_int64 (row, 1);
  return 0;
}

static int
slot_usage (LsSql *c, void *data)
{
  SlotUsage *op = data;
  for (guint i = 0; i < op->unit->slots->len; i++)
    op->used[i] = 0;
  return c->ops->query (c,
                        "SELECT slot_id, used FROM slot_usage WHERE unit_id = ? AND field_id = ?"
                        " AND date = ?",
                        LS_SQL_VALUES (op->unit->id, op->field_id, op->date), 3, slot_usage_row,
                        op);
}

int
ls_sql_slot_usage (LsStore *s, const LsUnit *unit, const char *field_id, const char *date,
                   int *ret_used)
{
  SlotUsage op = { unit, field_id, date, ret_used };
  return ls_sql_read (s, slot_usage, &op);
}

static const char by_code[] = "SELECT " LS_SQL_BOOKING_COLS " FROM bookings"
                              " WHERE code = ? AND cccd = ? ORDER BY id DESC LIMIT 1";
static const char active_by_code[] = "SELECT " LS_SQL_BOOKING_COLS " FROM bookings"
                                     " WHERE unit_id = ? AND code = ? AND status = 'booked'";
static const char active_of_cccd[] = "SELECT " LS_SQL_BOOKING_COLS " FROM bookings"
                                     " WHERE cccd = ? AND unit_id = ? AND status = 'booked'"
                                     " ORDER BY date, id";

typedef struct
{
  const char *sql, *a, *b;
  GPtrArray **list; /* NULL: the one booking into *one */
  LsBooking **one;
} BookingRead;

static int
booking_read (LsSql *c, void *data)
{
  BookingRead *op = data;
  if (op->list)
    return ls_sql_collect (c, op->sql, LS_SQL_VALUES (op->a, op->b), 2, ls_sql_booking_new,
                           (GDestroyNotify) ls_booking_free, op->list);
  return ls_sql_get_one (c, op->sql, LS_SQL_VALUES (op->a, op->b), 2, ls_sql_booking_new,
                         (GDestroyNotify) ls_booking_free, (void **) op->one);
}

int
ls_sql_booking_get (LsStore *s, const char *code, const char *cccd, LsBooking **ret)
{
  BookingRead op = { by_code, code, cccd, NULL, ret };
  return ls_sql_read (s, booking_read, &op);
}

int
ls_sql_booking_find_active (LsStore *s, const char *unit_id, const char *code, LsBooking **ret)
{
  BookingRead op = { active_by_code, unit_id, code, NULL, ret };
  return ls_sql_read (s, booking_read, &op);
}

int
ls_sql_bookings_of_cccd (LsStore *s, const char *unit_id, const char *cccd, GPtrArray **ret)
{
  BookingRead op = { active_of_cccd, cccd, unit_id, ret, NULL };
  return ls_sql_read (s, booking_read, &op);
}

int
ls_sql_booking_leave_booked (LsSql *c, const char *sql, gint64 id, const char *now)
{
  int changed = LS_SQL_RUN (c, sql, now, ls_sql_num (id).s);
  if (changed < 0)
    return changed;
  return changed ? 0 : -LS_E_USED;
}

/* --- cancel -------------------------------------------------------------------------------- */

/* The booking leaves 'booked' first: a booking cancelled or used already gives no seat back. */
static int
cancel_apply (LsSql *c, void *data)
{
  const CancelOp *op = data;
  static const char cancel[] = "UPDATE bookings SET status = 'cancelled', cancelled_at = ?"
                               " WHERE id = ? AND status = 'booked'";
  int r = ls_sql_booking_leave_booked (c, cancel, op->id, op->now);
  if (r < 0)
    return r;
  r = LS_SQL_RUN (c, op->seat_sql, ls_sql_num (op->id).s);
  return r < 0 ? r : 0;
}

int
ls_sql_booking_cancel (LsStore *s, const char *seat_sql, gint64 booking_id, const char *now)
{
  CancelOp op = { seat_sql, booking_id, now };
  return ls_sql_write (s, cancel_apply, &op);
}
