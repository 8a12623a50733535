/* The SQLite backend: kiosks and notices (seeding and the catalog are store-sql-catalog.c). */
#include "store/sqlite/store-sqlite-private.h"

#include <errno.h>
#include <stdio.h>

/* --- kiosks and notices ---------------------------------------------------------------------- */

static int
kiosk_by_hash (Conn *c, const char *hash, LsKiosk **ret)
{
  STMT st = sql_prep (
      c, "SELECT id, name, unit_id FROM kiosks WHERE token_hash = ? AND revoked_at IS NULL");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, hash);
  int r = sql_step_one (st);
  if (r < 0)
    return r;
  LsKiosk *k = g_new0 (LsKiosk, 1);
  k->id = sql_col_dup (st, 0);
  k->name = sql_col_dup (st, 1);
  k->unit_id = sql_col_dup (st, 2);
  *ret = k;
  return 0;
}

int
sqlite_kiosk_by_token_hash (LsStore *base, const char *hash, LsKiosk **ret)
{
  ON_READER (base, kiosk_by_hash (c, hash, ret));
}

typedef struct
{
  const char *kiosk_id;
  char hash[65];
} RotateOp;

static int
rotate_apply (Conn *c, void *data)
{
  RotateOp *op = data;
  int r = SQL_RUN (c, "UPDATE kiosks SET token_hash = ? WHERE id = ? AND revoked_at IS NULL",
                   op->hash, op->kiosk_id);
  if (r < 0)
    return r;
  return r == 1 ? 0 : -LS_E_NOT_FOUND;
}

int
sqlite_kiosk_rotate_token (LsStore *base, const char *kiosk_id, char **ret_token)
{
  SqliteStore *s = (SqliteStore *) base;
  g_autofree char *token = layso_token_generate ();
  RotateOp op = { kiosk_id, "" };
  layso_token_hash (token, op.hash);
  /* the writer answers after COMMIT (synchronous=FULL): once we print it, it is durable */
  int r = sqlite_write_run (s, rotate_apply, &op);
  if (r < 0)
    return r;
  *ret_token = g_steal_pointer (&token);
  return 0;
}

static void *
notice_from_row (sqlite3_stmt *st)
{
  LsNotice *n = g_new0 (LsNotice, 1);
  n->id = sql_col_dup (st, 0);
  n->unit_id = sql_col_dup (st, 1);
  n->title = sql_col_dup (st, 2);
  n->body = sql_col_dup (st, 3);
  n->published_at = sql_col_dup (st, 4);
  return n;
}

static int
notices_of_unit (Conn *c, const char *unit_id, GPtrArray **ret)
{
  STMT st = sql_prep (c, "SELECT id, unit_id, title, body, published_at FROM notices"
                         " WHERE (?1 IS NULL OR unit_id = ?1) AND draft = 0"
                         " ORDER BY published_at DESC, id");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, unit_id);
  return sql_collect_rows (st, notice_from_row, (GDestroyNotify) ls_notice_free, ret);
}

int
sqlite_notices_of_unit (LsStore *base, const char *unit_id, GPtrArray **ret)
{
  ON_READER (base, notices_of_unit (c, unit_id, ret));
}
