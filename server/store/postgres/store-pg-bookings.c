/* The PostgreSQL backend: idempotency keys, bookings and their seats (slot usage). */
#include "store/postgres/store-pg-private.h"

#include <errno.h>
#include <string.h>

#define CODE_ATTEMPTS 64 /* new codes tried when one collides with an active booking */

/* --- idempotency -------------------------------------------------------------------------- */

/* 1 and *ret = the stored reply, 0 if the key is new, -LS_E_IDEM_MISMATCH, or an error. */
static int
idem_find (PgConn *c, const LsIdem *idem, LsReply *ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT request_hash, status, body FROM idempotency"
                     " WHERE scope = $1 AND key = $2",
                     idem->scope, idem->key);
  if (err < 0)
    return err;
  if (PQntuples (r) == 0)
    return 0;
  if (strcmp (PQgetvalue (r, 0, 0), idem->hash) != 0)
    return -LS_E_IDEM_MISMATCH;
  ret->status = (unsigned) pg_get_int (r, 0, 1);
  ret->body = pg_dup (r, 0, 2);
  return 1;
}

int
pg_idem_lookup (LsStore *base, const LsIdem *idem, LsReply *ret)
{
  ON_CONN (base, idem_find (c, idem, ret));
}

/* With a key, the key is locked for the transaction (a concurrent request with the same key
 * waits, then replays), a stored reply is replayed instead of writing again, and a new reply
 * is stored in the same transaction as the write. */
static int
idem_write_apply (PgConn *c, void *data)
{
  PgIdemWrite *w = data;
  int r;
  g_clear_pointer (&w->reply.body, g_free); /* from an attempt rolled back */
  w->replayed = false;
  if (w->idem)
    {
      r = PG_RUN (c, "SELECT pg_advisory_xact_lock(hashtextextended($1 || ':' || $2, 1))",
                  w->idem->scope, w->idem->key);
      if (r < 0 || (r = idem_find (c, w->idem, &w->reply)) != 0)
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
  r = PG_RUN (c,
              "INSERT INTO idempotency (scope, key, request_hash, status, body, created_at)"
              " VALUES ($1, $2, $3, $4, $5, $6)",
              w->idem->scope, w->idem->key, w->idem->hash, pg_num (w->reply.status).s,
              w->reply.body, w->now);
  return r < 0 ? r : 0;
}

/* Ends a write: the reply (rendered now without a key, after the commit) or the error. */
static int
idem_write_finish (PgIdemWrite *w, int r, LsReply *ret, bool *ret_replayed)
{
  if (r < 0)
    {
      g_free (w->reply.body);
      return r;
    }
  if (!w->idem)
    w->render (w);
  *ret = w->reply;
  *ret_replayed = w->replayed;
  return 0;
}

int
pg_idem_write_run (PgStore *s, PgIdemWrite *w, LsReply *ret, bool *ret_replayed)
{
  return idem_write_finish (w, pg_tx (s, idem_write_apply, w), ret, ret_replayed);
}

/* --- bookings ------------------------------------------------------------------------------ */

#define BOOKING_COLS                                                                               \
  "id, code, unit_id, field_id, slot_id, date, name, cccd, phone, status, created_at"

void *
pg_booking_from_row (const PGresult *r, int i)
{
  LsBooking *b = g_new0 (LsBooking, 1);
  b->id = pg_get_int64 (r, i, 0);
  g_strlcpy (b->code, PQgetvalue (r, i, 1), sizeof b->code);
  b->unit_id = pg_dup (r, i, 2);
  b->field_id = pg_dup (r, i, 3);
  b->slot_id = pg_dup (r, i, 4);
  g_strlcpy (b->date, PQgetvalue (r, i, 5), sizeof b->date);
  b->name = pg_dup (r, i, 6);
  b->cccd = pg_dup (r, i, 7);
  b->phone = pg_dup (r, i, 8);
  /* the table's CHECK allows the four statuses only; were another to appear, the booking
   * is treated as cancelled: nothing can be done with it */
  if (layso_booking_status_from_string (PQgetvalue (r, i, 9), &b->status) < 0)
    b->status = LAYSO_BOOKING_CANCELLED;
  b->created_at = pg_dup (r, i, 10);
  return b;
}

static int
slot_usage (PgConn *c, const LsUnit *unit, const char *field_id, const char *date, int *ret_used)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT slot_id, used FROM slot_usage WHERE unit_id = $1 AND field_id = $2"
                     " AND date = $3",
                     unit->id, field_id, date);
  if (err < 0)
    return err;
  for (guint i = 0; i < unit->slots->len; i++)
    ret_used[i] = 0;
  for (int row = 0; row < PQntuples (r); row++)
    {
      int i = ls_unit_slot_index (unit, PQgetvalue (r, row, 0));
      if (i >= 0)
        ret_used[i] = pg_get_int (r, row, 1);
    }
  return 0;
}

int
pg_slot_usage (LsStore *base, const LsUnit *unit, const char *field_id, const char *date,
               int *ret_used)
{
  ON_CONN (base, slot_usage (c, unit, field_id, date, ret_used));
}

static int
booking_select_one (PgConn *c, const char *sql, const char *a, const char *b, LsBooking **ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r, sql, a, b);
  if (err < 0)
    return err;
  if (PQntuples (r) == 0)
    return -LS_E_NOT_FOUND;
  *ret = pg_booking_from_row (r, 0);
  return 0;
}

int
pg_booking_get (LsStore *base, const char *code, const char *cccd, LsBooking **ret)
{
  ON_CONN (base, booking_select_one (c,
                                     "SELECT " BOOKING_COLS " FROM bookings WHERE code = $1"
                                     " AND cccd = $2 ORDER BY id DESC LIMIT 1",
                                     code, cccd, ret));
}

int
pg_booking_find_active (LsStore *base, const char *unit_id, const char *code, LsBooking **ret)
{
  ON_CONN (base, booking_select_one (c,
                                     "SELECT " BOOKING_COLS " FROM bookings WHERE unit_id = $1"
                                     " AND code = $2 AND status = 'booked'",
                                     unit_id, code, ret));
}

static int
bookings_of_cccd (PgConn *c, const char *unit_id, const char *cccd, GPtrArray **ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT " BOOKING_COLS " FROM bookings WHERE cccd = $1 AND unit_id = $2"
                     " AND status = 'booked' ORDER BY date, id",
                     cccd, unit_id);
  if (err == 0)
    *ret = pg_collect_rows (r, pg_booking_from_row, (GDestroyNotify) ls_booking_free);
  return err;
}

int
pg_bookings_of_cccd (LsStore *base, const char *unit_id, const char *cccd, GPtrArray **ret)
{
  ON_CONN (base, bookings_of_cccd (c, unit_id, cccd, ret));
}

int
pg_booking_leave_booked (PgConn *c, const char *sql, gint64 id, const char *now)
{
  int changed = PG_RUN (c, sql, now, pg_num (id).s);
  if (changed < 0)
    return changed;
  return changed ? 0 : -LS_E_USED;
}

/* --- booking create ------------------------------------------------------------------------ */

typedef struct
{
  PgIdemWrite w;
  const LsBookingInput *in;
  LsRenderBooking render;
  void *user_data;
  LsBooking booking;
} BookingOp;

/* The per-CCCD limits: this citizen's bookings are serialized by a transaction-scoped lock
 * on their CCCD at the unit, so the counts read after it cannot be passed by a concurrent
 * booking in any process. The field+day limit is the narrower message, so it is told first. */
static int
check_limits (PgConn *c, const LsBookingInput *in)
{
  int err = PG_RUN (c, "SELECT pg_advisory_xact_lock(hashtextextended($1 || ':' || $2, 2))",
                    in->unit_id, in->cccd);
  PG_RESULT r = NULL;
  if (err < 0 ||
      (err = PG_EXEC (c, &r,
                      "SELECT count(*) FILTER (WHERE date = $3 AND field_id = $4), count(*)"
                      " FROM bookings WHERE cccd = $1 AND unit_id = $2 AND status = 'booked'",
                      in->cccd, in->unit_id, in->date, in->field_id)) < 0)
    return err;
  if (pg_get_int (r, 0, 0) >= (int) in->max_active_per_cccd)
    return -LS_E_DUPLICATE;
  if (pg_get_int (r, 0, 1) >= (int) in->max_active_per_cccd_unit)
    return -LS_E_DUPLICATE_UNIT;
  return 0;
}

/* Takes a seat: the first seat creates the slot-day row, later ones bump it while
 * used < capacity, under the row's lock. The slot's row is share-locked first, so a
 * capacity change (which locks it for update, store-pg-admin.c) is either seen whole or
 * waits for this booking. 0, or -LS_E_SLOT_FULL. */
static int
take_seat (PgConn *c, const LsBookingInput *in)
{
  int locked = PG_RUN (c, "SELECT 1 FROM slots WHERE unit_id = $1 AND id = $2 FOR SHARE",
                       in->unit_id, in->slot_id);
  if (locked < 0)
    return locked;
  int changed =
      PG_RUN (c,
              "INSERT INTO slot_usage AS u (unit_id, field_id, date, slot_id, used)"
              " SELECT $1, $2, $3, $4, 1"
              " WHERE (SELECT capacity FROM slots WHERE unit_id = $1 AND id = $4) > 0"
              " ON CONFLICT (unit_id, field_id, date, slot_id) DO UPDATE SET used = u.used + 1"
              " WHERE u.used < (SELECT capacity FROM slots WHERE unit_id = $1 AND id = $4)",
              in->unit_id, in->field_id, in->date, in->slot_id);
  if (changed < 0)
    return changed;
  return changed == 1 ? 0 : -LS_E_SLOT_FULL;
}

/* Inserts the booking under a fresh code, another one while the code is taken by a booked
 * booking (the partial unique index). */
static int
insert_booking (PgConn *c, const LsBookingInput *in, char code[static LAYSO_CODE_LEN + 1],
                gint64 *ret_id)
{
  for (int attempt = 0; attempt < CODE_ATTEMPTS; attempt++)
    {
      layso_code_generate (code);
      PG_RESULT r = NULL;
      int err = PG_EXEC (c, &r,
                         "INSERT INTO bookings (code, unit_id, field_id, date, slot_id, name, cccd,"
                         " phone, status, consent_at, created_at)"
                         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'booked', $9, $9)"
                         " ON CONFLICT (code) WHERE status = 'booked' DO NOTHING RETURNING id",
                         code, in->unit_id, in->field_id, in->date, in->slot_id, in->name, in->cccd,
                         in->phone, in->now);
      if (err < 0)
        return err;
      if (PQntuples (r) == 1)
        {
          *ret_id = pg_get_int64 (r, 0, 0);
          return 0;
        }
    }
  return -EIO;
}

static int
booking_apply (PgConn *c, PgIdemWrite *w)
{
  BookingOp *op = (BookingOp *) w;
  const LsBookingInput *in = op->in;
  gint64 id = 0;
  char code[LAYSO_CODE_LEN + 1];
  int r;
  if ((r = check_limits (c, in)) < 0 || (r = take_seat (c, in)) < 0 ||
      (r = insert_booking (c, in, code, &id)) < 0)
    return r;
  /* the row is exactly the input: no need to read it back */
  ls_store_booking_written (&op->booking, in, id, code);
  return 0;
}

static void
booking_render (PgIdemWrite *w)
{
  BookingOp *op = (BookingOp *) w;
  op->render (&op->booking, op->user_data, &w->reply);
}

static BookingOp
booking_op (const LsBookingInput *in, const LsIdem *idem, LsRenderBooking render, void *user_data)
{
  return (BookingOp){
    .w = { .idem = idem, .now = in->now, .apply = booking_apply, .render = booking_render },
    .in = in,
    .render = render,
    .user_data = user_data,
  };
}

int
pg_booking_create (LsStore *base, const LsBookingInput *in, const LsIdem *idem,
                   LsRenderBooking render, void *user_data, LsReply *ret, bool *ret_replayed)
{
  BookingOp op = booking_op (in, idem, render, user_data);
  return pg_idem_write_run ((PgStore *) base, &op.w, ret, ret_replayed);
}

typedef struct
{
  PgJob job;
  BookingOp op;
  LsBookingDone done;
  void *done_data;
} AsyncBookingOp;

/* On a pool thread: the booking's transaction, then done() as the contract says. */
static void
booking_job (PgJob *job, PgStore *s)
{
  AsyncBookingOp *a = (AsyncBookingOp *) job;
  PgIdemWrite *w = &a->op.w;
  int r = pg_tx (s, idem_write_apply, w);
  if (r < 0)
    {
      g_free (w->reply.body);
      a->done (r, NULL, NULL, false, a->done_data);
    }
  else if (w->idem)
    a->done (0, NULL, &w->reply, w->replayed, a->done_data);
  else
    a->done (0, &a->op.booking, NULL, false, a->done_data); /* the caller renders it */
  g_free (a);
}

void
pg_booking_create_async (LsStore *base, const LsBookingInput *in, const LsIdem *idem,
                         LsRenderBooking render, void *user_data, LsBookingDone done,
                         void *done_data)
{
  AsyncBookingOp *a = g_new0 (AsyncBookingOp, 1);
  a->job.run = booking_job;
  a->op = booking_op (in, idem, render, user_data);
  a->done = done;
  a->done_data = done_data;
  pg_submit ((PgStore *) base, &a->job);
}

/* --- cancel ---------------------------------------------------------------------------------- */

typedef struct
{
  gint64 id;
  const char *now;
} CancelOp;

static int
cancel_apply (PgConn *c, void *data)
{
  CancelOp *op = data;
  static const char cancel[] = "UPDATE bookings SET status = 'cancelled', cancelled_at = $1"
                               " WHERE id = $2 AND status = 'booked'";
  int r = pg_booking_leave_booked (c, cancel, op->id, op->now);
  if (r < 0)
    return r;
  r = PG_RUN (c,
              "UPDATE slot_usage u SET used = used - 1 FROM bookings b WHERE b.id = $1"
              " AND u.used > 0 AND (u.unit_id, u.field_id, u.date, u.slot_id) ="
              " (b.unit_id, b.field_id, b.date, b.slot_id)",
              pg_num (op->id).s);
  return r < 0 ? r : 0;
}

int
pg_booking_cancel (LsStore *base, gint64 booking_id, const char *now)
{
  CancelOp op = { booking_id, now };
  return pg_tx ((PgStore *) base, cancel_apply, &op);
}
