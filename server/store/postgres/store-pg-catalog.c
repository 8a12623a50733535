/* The PostgreSQL backend: what seeding and the catalog's read say only here (a lock, a
 * snapshot; store-sql-catalog.c does the rest), kiosks' tokens and notices. */
#include "store/postgres/store-pg-private.h"

#include <errno.h>

/* --- seeding and the catalog (store-sql-catalog.c) ----------------------------------------- */

/* two processes seeding at once: one after the other, the second inserts nothing */
static int
lock_units (LsSql *c, void *data)
{
  (void) data;
  return c->ops->run (c, "LOCK TABLE units IN SHARE ROW EXCLUSIVE MODE", NULL, 0);
}

int
pg_seed (LsStore *base, const LsSeed *seed, GPtrArray *ret_tokens)
{
  return ls_sql_seed_with (base, seed, lock_units, ret_tokens);
}

static int
load_catalog (PgConn *c, void *ret)
{
  return ls_sql_catalog_read (&c->sql, ret);
}

/* one snapshot, so the units, their rows and the calendar agree */
int
pg_load_catalog (LsStore *base, LsCatalog **ret)
{
  return pg_read_tx ((PgStore *) base, load_catalog, ret);
}

/* --- kiosks and notices ---------------------------------------------------------------------- */

static int
kiosk_by_hash (PgConn *c, const char *hash, LsKiosk **ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT id, name, unit_id FROM kiosks WHERE token_hash = $1"
                     " AND revoked_at IS NULL",
                     hash);
  if (err < 0)
    return err;
  if (PQntuples (r) == 0)
    return -LS_E_NOT_FOUND;
  LsKiosk *k = g_new0 (LsKiosk, 1);
  k->id = pg_dup (r, 0, 0);
  k->name = pg_dup (r, 0, 1);
  k->unit_id = pg_dup (r, 0, 2);
  *ret = k;
  return 0;
}

int
pg_kiosk_by_token_hash (LsStore *base, const char *hash, LsKiosk **ret)
{
  ON_CONN (base, kiosk_by_hash (c, hash, ret));
}

static int
rotate_token (PgConn *c, const char *kiosk_id, const char *hash)
{
  int r = PG_RUN (c, "UPDATE kiosks SET token_hash = $1 WHERE id = $2 AND revoked_at IS NULL", hash,
                  kiosk_id);
  if (r < 0)
    return r;
  return r == 1 ? 0 : -LS_E_NOT_FOUND;
}

static int
rotate_on_conn (LsStore *base, const char *kiosk_id, const char *hash)
{
  ON_CONN (base, rotate_token (c, kiosk_id, hash));
}

int
pg_kiosk_rotate_token (LsStore *base, const char *kiosk_id, char **ret_token)
{
  g_autofree char *token = layso_token_generate ();
  char hash[65];
  layso_token_hash (token, hash);
  /* one statement in autocommit: committed (durably) when it returns */
  int r = rotate_on_conn (base, kiosk_id, hash);
  if (r < 0)
    return r;
  *ret_token = g_steal_pointer (&token);
  return 0;
}

static void *
notice_from_row (const PGresult *r, int i)
{
  LsNotice *n = g_new0 (LsNotice, 1);
  n->id = pg_dup (r, i, 0);
  n->unit_id = pg_dup (r, i, 1);
  n->title = pg_dup (r, i, 2);
  n->body = pg_dup (r, i, 3);
  n->published_at = pg_dup (r, i, 4);
  return n;
}

static int
notices_of_unit (PgConn *c, const char *unit_id, GPtrArray **ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT id, unit_id, title, body, published_at FROM notices"
                     " WHERE ($1::text IS NULL OR unit_id = $1) AND draft = 0"
                     " ORDER BY published_at DESC, id",
                     unit_id);
  if (err == 0)
    *ret = pg_collect_rows (r, notice_from_row, (GDestroyNotify) ls_notice_free);
  return err;
}

int
pg_notices_of_unit (LsStore *base, const char *unit_id, GPtrArray **ret)
{
  ON_CONN (base, notices_of_unit (c, unit_id, ret));
}
