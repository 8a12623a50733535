/* The SQLite backend: a kiosk's last request (the rest of the kiosks'
 * store is written once for both backends: store-sql-kiosks.c). */
#include "store/sqlite/store-sqlite-private.h"

#include <errno.h>

#define SEEN_EVERY_S 60 /* last_seen_at is written at most this often per kiosk */

typedef struct
{
  char *kiosk_id, *now;
} SeenOp;

static int
kiosk_seen_apply (Conn *c, void *data)
{
  SeenOp *op = data;
  g_autofree char *every = g_strdup_printf ("%d", SEEN_EVERY_S);
  int r = SQL_RUN (c,
                   "UPDATE kiosks SET last_seen_at = ?1 WHERE id = ?2 AND (last_seen_at IS NULL"
                   " OR unixepoch(?1) - unixepoch(last_seen_at) >= CAST(?3 AS INTEGER))",
                   op->now, op->kiosk_id, every);
  return r < 0 ? r : 0;
}

static void
kiosk_seen_done (int result, void *data)
{
  SeenOp *op = data;
  (void) result; /* a missed note is harmless: the next request writes it */
  g_free (op->kiosk_id);
  g_free (op->now);
  g_free (op);
}

void
sqlite_kiosk_seen (LsStore *base, const char *kiosk_id, const char *now)
{
  SeenOp *op = g_new0 (SeenOp, 1);
  op->kiosk_id = g_strdup (kiosk_id);
  op->now = g_strdup (now);
  sqlite_write_submit ((SqliteStore *) base, kiosk_seen_apply, op, kiosk_seen_done, op);
}
