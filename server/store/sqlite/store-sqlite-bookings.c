/* The SQLite backend: idempotent writes on the writer, a booking's create (waited for or
 * submitted) with its seat, and how a cancelled booking's seat is given back. Bookings and
 * stored replies are read, and a booking cancelled, once for both backends
 * (store-sql-bookings.c). */
#include "store/sqlite/store-sqlite-private.h"

#include <errno.h>

#define CODE_ATTEMPTS 64 /* new codes tried when one collides with an active booking */

/* --- idempotency -------------------------------------------------------------------------- */

/* With a key, a stored reply is replayed instead of writing again, and a new reply is
 * stored in the same transaction as the write. */
static int
idem_write_apply (Conn *c, void *data)
{
  IdemWrite *w = data;
  int r;
  if (w->idem)
    {
      r = ls_sql_idem_find (&c->sql, w->idem, &w->reply);
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
  return ls_sql_idem_store (&c->sql, w->idem, &w->reply, w->now);
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

/* --- cancel (store-sql-bookings.c) ----------------------------------------------------------- */

int
sqlite_booking_cancel (LsStore *base, gint64 booking_id, const char *now)
{
  return ls_sql_booking_cancel (base,
                                "UPDATE slot_usage SET used = used - 1 WHERE used > 0 AND"
                                " (unit_id, field_id, date, slot_id) ="
                                " (SELECT unit_id, field_id, date, slot_id FROM bookings"
                                "  WHERE id = ?)",
                                booking_id, now);
}
