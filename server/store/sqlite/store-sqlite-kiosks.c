/* The SQLite backend: kiosks as /quan-tri manages them. Tokens are CSPRNG (codes.h) and stored
 * as their SHA-256 only, so a token is shown once, when made. A revoked kiosk keeps its row
 * (its tickets name it) but its token never authenticates again. */
#include "store/sqlite/store-sqlite-private.h"

#include "codes.h"

#include <errno.h>

#define SEEN_EVERY_S 60 /* last_seen_at is written at most this often per kiosk */

typedef struct
{
  const char *unit_id, *id, *name;
  char hash[65];
  const LsAuditEntry *audit;
} KioskOp;

static int
kiosk_create_apply (Conn *c, void *data)
{
  KioskOp *op = data;
  int r = SQL_RUN (c,
                   "INSERT INTO kiosks (id, name, unit_id, token_hash) VALUES (?, ?, ?, ?)"
                   " ON CONFLICT DO NOTHING",
                   op->id, op->name, op->unit_id, op->hash);
  if (r < 0)
    return r;
  return r == 1 ? sqlite_audit_insert (c, op->audit) : -EEXIST;
}

static int
kiosk_rotate_apply (Conn *c, void *data)
{
  KioskOp *op = data;
  int r = SQL_RUN (c,
                   "UPDATE kiosks SET token_hash = ? WHERE id = ? AND unit_id = ?"
                   " AND revoked_at IS NULL",
                   op->hash, op->id, op->unit_id);
  if (r < 0)
    return r;
  return r == 1 ? sqlite_audit_insert (c, op->audit) : -LS_E_NOT_FOUND;
}

/* Runs a write that gives the kiosk a new token; the token on success. */
static int
with_new_token (LsStore *base, ConnWriteFn fn, KioskOp *op, char **ret_token)
{
  g_autofree char *token = layso_token_generate ();
  layso_token_hash (token, op->hash);
  int r = sqlite_write_run ((SqliteStore *) base, fn, op);
  if (r == 0)
    *ret_token = g_steal_pointer (&token);
  return r;
}

int
sqlite_kiosk_create (LsStore *base, const char *unit_id, const char *id, const char *name,
                     const LsAuditEntry *audit, char **ret_token)
{
  KioskOp op = { unit_id, id, name, "", audit };
  return with_new_token (base, kiosk_create_apply, &op, ret_token);
}

int
sqlite_kiosk_rotate_in_unit (LsStore *base, const char *unit_id, const char *id,
                             const LsAuditEntry *audit, char **ret_token)
{
  KioskOp op = { unit_id, id, NULL, "", audit };
  return with_new_token (base, kiosk_rotate_apply, &op, ret_token);
}

static int
kiosk_revoke_apply (Conn *c, void *data)
{
  KioskOp *op = data;
  /* the hash is replaced too: no token, old or new, maps to this row any more */
  int r = SQL_RUN (c,
                   "UPDATE kiosks SET revoked_at = ?, token_hash = 'revoked:' || id"
                   " WHERE id = ? AND unit_id = ? AND revoked_at IS NULL",
                   op->audit->now, op->id, op->unit_id);
  if (r < 0)
    return r;
  return r == 1 ? sqlite_audit_insert (c, op->audit) : -LS_E_NOT_FOUND;
}

int
sqlite_kiosk_revoke (LsStore *base, const char *unit_id, const char *id, const LsAuditEntry *audit)
{
  KioskOp op = { unit_id, id, NULL, "", audit };
  return sqlite_write_run ((SqliteStore *) base, kiosk_revoke_apply, &op);
}

static void *
kiosk_status_from_row (sqlite3_stmt *st)
{
  LsKioskStatus *k = g_new0 (LsKioskStatus, 1);
  k->id = sql_col_dup (st, 0);
  k->name = sql_col_dup (st, 1);
  k->unit_id = sql_col_dup (st, 2);
  k->revoked_at = sql_col_dup (st, 3);
  k->last_seen_at = sql_col_dup (st, 4);
  k->print_ok = sqlite3_column_type (st, 5) == SQLITE_NULL ? -1 : sqlite3_column_int (st, 5);
  k->print_reason = sql_col_dup (st, 6);
  k->printed_at = sql_col_dup (st, 7);
  return k;
}

static int
kiosks_of_unit (Conn *c, const char *unit_id, GPtrArray **ret)
{
  STMT st = sql_prep (c, "SELECT k.id, k.name, k.unit_id, k.revoked_at, k.last_seen_at,"
                         " p.print_ok, p.print_reason, p.printed_at FROM kiosks k"
                         " LEFT JOIN tickets p ON p.seq_id = (SELECT t.seq_id FROM tickets t"
                         "  WHERE t.kiosk_id = k.id AND t.print_ok IS NOT NULL"
                         "  ORDER BY t.printed_at DESC, t.seq_id DESC LIMIT 1)"
                         " WHERE k.unit_id = ? ORDER BY k.revoked_at IS NOT NULL, k.id");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, unit_id);
  return sql_collect_rows (st, kiosk_status_from_row, (GDestroyNotify) ls_kiosk_status_free, ret);
}

int
sqlite_kiosks_of_unit (LsStore *base, const char *unit_id, GPtrArray **ret)
{
  ON_READER (base, kiosks_of_unit (c, unit_id, ret));
}

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
