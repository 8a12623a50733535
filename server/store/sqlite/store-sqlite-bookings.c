/* The SQLite backend: idempotency keys, bookings and their seats (slot usage). */
#include "store/sqlite/store-sqlite-private.h"

#include <errno.h>
#include <string.h>

#define CODE_ATTEMPTS 64 /* new codes tried when one collides with an active booking */

/* --- idempotency -------------------------------------------------------------------------- */

/* 1 and *ret = the stored reply, 0 if the key is new, -LS_E_IDEM_MISMATCH, -EIO. */
static int
idem_find (Conn *c, const LsIdem *idem, LsReply *ret)
{
  STMT st = sql_prep (c, "SELECT request_hash, status, body FROM idempotency"
                         " WHERE scope = ? AND key = ?");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, idem->scope);
  sql_bind_text (st, 2, idem->key);
  int r = sql_step_one (st);
  if (r == -LS_E_NOT_FOUND)
    return 0;
  if (r < 0)
    return r;
  if (strcmp ((const char *) sqlite3_column_text (st, 0), idem->hash) != 0)
    return -LS_E_IDEM_MISMATCH;
  ret->status = (unsigned) sqlite3_column_int (st, 1);
  ret->body = sql_col_dup (st, 2);
  return 1;
}

static int
idem_store (Conn *c, const LsIdem *idem, const LsReply *reply, const char *now)
{
  STMT st = sql_prep (c, "INSERT INTO idempotency (scope, key, request_hash, status, body,"
                         " created_at) VALUES (?, ?, ?, ?, ?, ?)");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, idem->scope);
  sql_bind_text (st, 2, idem->key);
  sql_bind_text (st, 3, idem->hash);
  sqlite3_bind_int (st, 4, (int) reply->status);
  sql_bind_text (st, 5, reply->body);
  sql_bind_text (st, 6, now);
  return sql_step_done (st) ? 0 : -EIO;
}

int
sqlite_idem_lookup (LsStore *base, const LsIdem *idem, LsReply *ret)
{
  ON_READER (base, idem_find (c, idem, ret));
}

/* With a key, a stored reply is replayed instead of writing again, and a new reply is
 * stored in the same transaction as the write. */
static int
idem_write_apply (Conn *c, void *data)
{
  IdemWrite *w = data;
  int r;
  if (w->idem)
    {
      r = idem_find (c, w->idem, &w->reply);
      if (r != 0)
        {
          w->replayed = r > 0;
          return r < 0 ? r : 0;
        }
    }
  if ((r = w->apply (c, w)) < 0)
    return r;
  if (!w->idem)
    return 0;
  w->render (w);
  return idem_store (c, w->idem, &w->reply, w->now);
}

int
sqlite_idem_write_run (SqliteStore *s, IdemWrite *w, LsReply *ret, bool *ret_replayed)
{
  int r = sqlite_write_run (s, idem_write_apply, w);
  if (r < 0)
    {
      g_free (w->reply.body);
      return r;
    }
  /* without a key the reply is rendered after the commit, off the writer thread */
  if (!w->idem)
    w->render (w);
  *ret = w->reply;
  *ret_replayed = w->replayed;
  return 0;
}

/* --- bookings ------------------------------------------------------------------------------ */

#define BOOKING_COLS                                                                               \
  "id, code, unit_id, field_id, slot_id, date, name, cccd, phone, status, created_at"

static void *
booking_from_row (sqlite3_stmt *st)
{
  LsBooking *b = g_new0 (LsBooking, 1);
  b->id = sqlite3_column_int64 (st, 0);
  g_strlcpy (b->code, (const char *) sqlite3_column_text (st, 1), sizeof b->code);
  b->unit_id = sql_col_dup (st, 2);
  b->field_id = sql_col_dup (st, 3);
  b->slot_id = sql_col_dup (st, 4);
  g_strlcpy (b->date, (const char *) sqlite3_column_text (st, 5), sizeof b->date);
  b->name = sql_col_dup (st, 6);
  b->cccd = sql_col_dup (st, 7);
  b->phone = sql_col_dup (st, 8);
  /* the table's CHECK allows the four statuses only; were another to appear, the booking
   * is treated as cancelled: nothing can be done with it */
  if (layso_booking_status_from_string ((const char *) sqlite3_column_text (st, 9), &b->status) < 0)
    b->status = LAYSO_BOOKING_CANCELLED;
  b->created_at = sql_col_dup (st, 10);
  return b;
}

static int
slot_usage (Conn *c, const LsUnit *unit, const char *field_id, const char *date, int *ret_used)
{
  STMT st = sql_prep (c, "SELECT slot_id, used FROM slot_usage WHERE unit_id = ? AND field_id = ?"
                         " AND date = ?");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, unit->id);
  sql_bind_text (st, 2, field_id);
  sql_bind_text (st, 3, date);
  for (guint i = 0; i < unit->slots->len; i++)
    ret_used[i] = 0;
  int rc;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      int i = ls_unit_slot_index (unit, (const char *) sqlite3_column_text (st, 0));
      if (i >= 0)
        ret_used[i] = sqlite3_column_int (st, 1);
    }
  return rc == SQLITE_DONE ? 0 : -EIO;
}

int
sqlite_slot_usage (LsStore *base, const LsUnit *unit, const char *field_id, const char *date,
                   int *ret_used)
{
  ON_READER (base, slot_usage (c, unit, field_id, date, ret_used));
}

static int
booking_select_one (Conn *c, const char *sql, const char *a, const char *b, LsBooking **ret)
{
  STMT st = sql_prep (c, sql);
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, a);
  sql_bind_text (st, 2, b);
  int r = sql_step_one (st);
  if (r < 0)
    return r;
  *ret = booking_from_row (st);
  return 0;
}

int
sqlite_booking_get (LsStore *base, const char *code, const char *cccd, LsBooking **ret)
{
  ON_READER (base, booking_select_one (c,
                                       "SELECT " BOOKING_COLS " FROM bookings WHERE code = ?"
                                       " AND cccd = ? ORDER BY id DESC LIMIT 1",
                                       code, cccd, ret));
}

int
sqlite_booking_find_active (LsStore *base, const char *unit_id, const char *code, LsBooking **ret)
{
  ON_READER (base, booking_select_one (c,
                                       "SELECT " BOOKING_COLS " FROM bookings WHERE unit_id = ?"
                                       " AND code = ? AND status = 'booked'",
                                       unit_id, code, ret));
}

static int
bookings_of_cccd (Conn *c, const char *unit_id, const char *cccd, GPtrArray **ret)
{
  STMT st = sql_prep (c, "SELECT " BOOKING_COLS " FROM bookings WHERE cccd = ? AND unit_id = ?"
                         " AND status = 'booked' ORDER BY date, id");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, cccd);
  sql_bind_text (st, 2, unit_id);
  return sql_collect_rows (st, booking_from_row, (GDestroyNotify) ls_booking_free, ret);
}

int
sqlite_bookings_of_cccd (LsStore *base, const char *unit_id, const char *cccd, GPtrArray **ret)
{
  ON_READER (base, bookings_of_cccd (c, unit_id, cccd, ret));
}

int
sqlite_booking_leave_booked (Conn *c, const char *sql, gint64 id, const char *now)
{
  STMT st = sql_prep (c, sql);
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, now);
  sqlite3_bind_int64 (st, 2, id);
  int changed = sql_step_changes (st);
  if (changed < 0)
    return changed;
  return changed ? 0 : -LS_E_USED;
}

/* --- booking create ------------------------------------------------------------------------ */

typedef struct
{
  IdemWrite w;
  const LsBookingInput *in;
  LsRenderBooking render;
  void *user_data;
  LsBooking booking;
} BookingOp;

/* Which limit refused the insert, asked in the same transaction: the field+day one is the
 * narrower message ("already booked for this field and day"), so it is told first. */
static int
refused_which (Conn *c, const LsBookingInput *in)
{
  STMT st = sql_prep (c, "SELECT count(*) FROM bookings WHERE cccd = ?1 AND unit_id = ?2"
                         " AND date = ?3 AND field_id = ?4 AND status = 'booked'");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, in->cccd);
  sql_bind_text (st, 2, in->unit_id);
  sql_bind_text (st, 3, in->date);
  sql_bind_text (st, 4, in->field_id);
  if (sqlite3_step (st) != SQLITE_ROW)
    return -EIO;
  return sqlite3_column_int (st, 0) >= (int) in->max_active_per_cccd ? -LS_E_DUPLICATE
                                                                     : -LS_E_DUPLICATE_UNIT;
}

/* Inserts the booking unless the CCCD already holds its maximum, for that field and day or
 * at the unit across fields and days; both counts run in the statement that inserts, inside
 * the writer's transaction, so concurrent requests and other processes cannot pass them.
 * 0 and *ret_id, -LS_E_DUPLICATE, -LS_E_DUPLICATE_UNIT, -EEXIST (code taken by an active
 * booking: retry), -EIO. */
static int
insert_booking (Conn *c, const LsBookingInput *in, const char *code, gint64 *ret_id)
{
  STMT st = sql_prep (
      c, "INSERT INTO bookings (code, unit_id, field_id, date, slot_id, name, cccd, phone, status,"
         " consent_at, created_at)"
         " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'booked', ?9, ?9"
         " WHERE (SELECT count(*) FROM bookings WHERE cccd = ?7 AND unit_id = ?2 AND date = ?4"
         "        AND field_id = ?3 AND status = 'booked') < ?10"
         "   AND (SELECT count(*) FROM bookings WHERE cccd = ?7 AND unit_id = ?2"
         "        AND status = 'booked') < ?11");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, code);
  sql_bind_text (st, 2, in->unit_id);
  sql_bind_text (st, 3, in->field_id);
  sql_bind_text (st, 4, in->date);
  sql_bind_text (st, 5, in->slot_id);
  sql_bind_text (st, 6, in->name);
  sql_bind_text (st, 7, in->cccd);
  sql_bind_text (st, 8, in->phone);
  sql_bind_text (st, 9, in->now);
  sqlite3_bind_int (st, 10, (int) in->max_active_per_cccd);
  sqlite3_bind_int (st, 11, (int) in->max_active_per_cccd_unit);
  int rc = sqlite3_step (st);
  if (rc == SQLITE_CONSTRAINT && sqlite3_extended_errcode (c->db) == SQLITE_CONSTRAINT_UNIQUE)
    return -EEXIST;
  if (rc != SQLITE_DONE)
    return -EIO;
  if (sqlite3_changes (c->db) == 0)
    return refused_which (c, in);
  *ret_id = sqlite3_last_insert_rowid (c->db);
  return 0;
}

/* Takes a seat in one statement: the first seat creates the counter row, later ones bump
 * it while used < capacity. 0, or -LS_E_SLOT_FULL when every seat is taken. */
static int
take_seat (Conn *c, const char *unit_id, const char *field_id, const char *date,
           const char *slot_id)
{
  int changed =
      SQL_RUN (c,
               "INSERT INTO slot_usage (unit_id, field_id, date, slot_id, used)"
               " SELECT ?1, ?2, ?3, ?4, 1 WHERE (SELECT capacity FROM slots WHERE unit_id = ?1 AND "
               "id = ?4) > 0"
               " ON CONFLICT DO UPDATE SET used = used + 1"
               " WHERE used < (SELECT capacity FROM slots WHERE unit_id = ?1 AND id = ?4)",
               unit_id, field_id, date, slot_id);
  if (changed < 0)
    return changed;
  return changed == 1 ? 0 : -LS_E_SLOT_FULL;
}

static int
booking_apply (Conn *c, IdemWrite *w)
{
  BookingOp *op = (BookingOp *) w;
  const LsBookingInput *in = op->in;
  int r;

  gint64 id = 0;
  char code[LAYSO_CODE_LEN + 1];
  for (int attempt = 0;; attempt++)
    {
      layso_code_generate (code);
      r = insert_booking (c, in, code, &id);
      if (r != -EEXIST)
        break;
      if (attempt >= CODE_ATTEMPTS)
        return -EIO;
    }
  if (r < 0)
    return r;
  if ((r = take_seat (c, in->unit_id, in->field_id, in->date, in->slot_id)) < 0)
    return r;
  /* the row is exactly the input: no need to read it back */
  ls_store_booking_written (&op->booking, in, id, code);
  return 0;
}

static void
booking_render (IdemWrite *w)
{
  BookingOp *op = (BookingOp *) w;
  op->render (&op->booking, op->user_data, &w->reply);
}

int
sqlite_booking_create (LsStore *base, const LsBookingInput *in, const LsIdem *idem,
                       LsRenderBooking render, void *user_data, LsReply *ret, bool *ret_replayed)
{
  BookingOp op = {
    .w = { .idem = idem, .now = in->now, .apply = booking_apply, .render = booking_render },
    .in = in,
    .render = render,
    .user_data = user_data,
  };
  return sqlite_idem_write_run ((SqliteStore *) base, &op.w, ret, ret_replayed);
}

typedef struct
{
  BookingOp op;
  LsBookingDone done;
  void *done_data;
} AsyncBookingOp;

/* As sqlite_idem_write_run ends a synchronous write, on the writer thread. */
static void
booking_created (int result, void *data)
{
  AsyncBookingOp *a = data;
  IdemWrite *w = &a->op.w;
  if (result < 0)
    {
      g_free (w->reply.body);
      a->done (result, NULL, NULL, false, a->done_data);
    }
  else if (w->idem)
    {
      a->done (0, NULL, &w->reply, w->replayed, a->done_data);
    }
  else
    {
      /* rendered by the caller, off the writer thread that every booking waits for */
      a->done (0, &a->op.booking, NULL, false, a->done_data);
    }
  g_free (a);
}

void
sqlite_booking_create_async (LsStore *base, const LsBookingInput *in, const LsIdem *idem,
                             LsRenderBooking render, void *user_data, LsBookingDone done,
                             void *done_data)
{
  AsyncBookingOp *a = g_new0 (AsyncBookingOp, 1);
  a->op = (BookingOp){
    .w = { .idem = idem, .now = in->now, .apply = booking_apply, .render = booking_render },
    .in = in,
    .render = render,
    .user_data = user_data,
  };
  a->done = done;
  a->done_data = done_data;
  sqlite_write_submit ((SqliteStore *) base, idem_write_apply, &a->op.w, booking_created, a);
}

/* --- cancel ---------------------------------------------------------------------------------- */

typedef struct
{
  gint64 id;
  const char *now;
} CancelOp;

static int
cancel_apply (Conn *c, void *data)
{
  CancelOp *op = data;
  static const char cancel[] = "UPDATE bookings SET status = 'cancelled', cancelled_at = ?"
                               " WHERE id = ? AND status = 'booked'";
  int r = sqlite_booking_leave_booked (c, cancel, op->id, op->now);
  if (r < 0)
    return r;
  STMT st = sql_prep (c, "UPDATE slot_usage SET used = used - 1 WHERE used > 0 AND"
                         " (unit_id, field_id, date, slot_id) ="
                         " (SELECT unit_id, field_id, date, slot_id FROM bookings WHERE id = ?)");
  if (!st)
    return -EIO;
  sqlite3_bind_int64 (st, 1, op->id);
  return sql_step_done (st) ? 0 : -EIO;
}

int
sqlite_booking_cancel (LsStore *base, gint64 booking_id, const char *now)
{
  CancelOp op = { booking_id, now };
  return sqlite_write_run ((SqliteStore *) base, cancel_apply, &op);
}
