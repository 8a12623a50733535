/* The PostgreSQL backend: a kiosk's last request (the rest of the kiosks'
 * store is written once for both backends: store-sql-kiosks.c). */
#include "store/postgres/store-pg-private.h"

#include <errno.h>

#define SEEN_EVERY_S 60 /* last_seen_at is written at most this often per kiosk */

typedef struct
{
  PgJob job;
  char *kiosk_id, *now;
} SeenJob;

static int
kiosk_seen_write (PgConn *c, const SeenJob *op)
{
  int r = PG_RUN (c,
                  "UPDATE kiosks SET last_seen_at = $1 WHERE id = $2 AND (last_seen_at IS NULL"
                  " OR extract(epoch FROM $1::text::timestamptz)"
                  "    - extract(epoch FROM last_seen_at::timestamptz) >= $3::integer)",
                  op->now, op->kiosk_id, pg_num (SEEN_EVERY_S).s);
  return r < 0 ? r : 0;
}

static int
kiosk_seen_on_conn (PgStore *s, const SeenJob *op)
{
  ON_CONN (s, kiosk_seen_write (c, op));
}

static void
kiosk_seen_job (PgJob *job, PgStore *s)
{
  SeenJob *op = (SeenJob *) job;
  (void) kiosk_seen_on_conn (s, op); /* a missed note is harmless: the next request writes it */
  g_free (op->kiosk_id);
  g_free (op->now);
  g_free (op);
}

void
pg_kiosk_seen (LsStore *base, const char *kiosk_id, const char *now)
{
  SeenJob *op = g_new0 (SeenJob, 1);
  op->job.run = kiosk_seen_job;
  op->kiosk_id = g_strdup (kiosk_id);
  op->now = g_strdup (now);
  pg_submit ((PgStore *) base, &op->job);
}
