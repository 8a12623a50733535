/* The PostgreSQL backend: its idempotent writes (the key locked first, the write run again on
 * a serialization failure) and how a cancelled booking's seat is given back (UPDATE … FROM).
 * Bookings and stored replies are read, and a booking cancelled, once for both backends
 * (store-sql-bookings.c); bookings are created in store-pg-book.c. */
#include "store/postgres/store-pg-private.h"

#include <errno.h>

/* --- idempotency -------------------------------------------------------------------------- */

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
      if (r < 0 || (r = ls_sql_idem_find (&c->sql, w->idem, &w->reply)) != 0)
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

/* --- cancel (store-sql-bookings.c) ----------------------------------------------------------- */

int
pg_booking_cancel (LsStore *base, gint64 booking_id, const char *now)
{
  return ls_sql_booking_cancel (base,
                                "UPDATE slot_usage u SET used = used - 1 FROM bookings b"
                                " WHERE b.id = ? AND u.used > 0"
                                " AND (u.unit_id, u.field_id, u.date, u.slot_id) ="
                                " (b.unit_id, b.field_id, b.date, b.slot_id)",
                                booking_id, now);
}
