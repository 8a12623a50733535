/* The PostgreSQL backend: idempotency keys, bookings read and cancelled (created in
 * store-pg-book.c). */
#include "store/postgres/store-pg-private.h"

#include <errno.h>
#include <string.h>

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
