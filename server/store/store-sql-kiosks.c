/* Kiosks as /quan-tri manages them, for both backends (store-sql.h; a kiosk's last request is
 * noted by each backend: time arithmetic is not common SQL). Tokens are CSPRNG (codes.h) and
 * stored as their SHA-256 only, so a token is shown once, when made. A revoked kiosk keeps
 * its row (its tickets name it) but its token never authenticates again. */
#include "store/store-sql.h"

#include "codes.h"

#include <errno.h>

typedef struct
{
  const char *unit_id, *id, *name;
  char hash[65];
  const LsAuditEntry *audit;
} KioskOp;

static int
kiosk_create_apply (LsSql *c, void *data)
{
  KioskOp *op = data;
  int r = LS_SQL_RUN (c,
                      "INSERT INTO kiosks (id, name, unit_id, token_hash) VALUES (?, ?, ?, ?)"
                      " ON CONFLICT DO NOTHING",
                      op->id, op->name, op->unit_id, op->hash);
  if (r < 0)
    return r;
  return r == 1 ? ls_sql_audit_insert (c, op->audit) : -EEXIST;
}

static int
kiosk_rotate_apply (LsSql *c, void *data)
{
  KioskOp *op = data;
  int r = LS_SQL_RUN (c,
                      "UPDATE kiosks SET token_hash = ? WHERE id = ? AND unit_id = ?"
                      " AND revoked_at IS NULL",
                      op->hash, op->id, op->unit_id);
  if (r < 0)
    return r;
  return r == 1 ? ls_sql_audit_insert (c, op->audit) : -LS_E_NOT_FOUND;
}

/* Runs a write that gives the kiosk a new token; the token on success. */
static int
with_new_token (LsStore *s, LsSqlFn fn, KioskOp *op, char **ret_token)
{
  g_autofree char *token = layso_token_generate ();
  layso_token_hash (token, op->hash);
  int r = ls_sql_write (s, fn, op);
  if (r == 0)
    *ret_token = g_steal_pointer (&token);
  return r;
}

int
ls_sql_kiosk_create (LsStore *s, const char *unit_id, const char *id, const char *name,
                     const LsAuditEntry *audit, char **ret_token)
{
  KioskOp op = { unit_id, id, name, "", audit };
  return with_new_token (s, kiosk_create_apply, &op, ret_token);
}

int
ls_sql_kiosk_rotate_in_unit (LsStore *s, const char *unit_id, const char *id,
                             const LsAuditEntry *audit, char **ret_token)
{
  KioskOp op = { unit_id, id, NULL, "", audit };
  return with_new_token (s, kiosk_rotate_apply, &op, ret_token);
}

static int
kiosk_revoke_apply (LsSql *c, void *data)
{
  KioskOp *op = data;
  /* the hash is replaced too: no token, old or new, maps to this row any more */
  int r = LS_SQL_RUN (c,
                      "UPDATE kiosks SET revoked_at = ?, token_hash = 'revoked:' || id"
                      " WHERE id = ? AND unit_id = ? AND revoked_at IS NULL",
                      op->audit->now, op->id, op->unit_id);
  if (r < 0)
    return r;
  return r == 1 ? ls_sql_audit_insert (c, op->audit) : -LS_E_NOT_FOUND;
}

int
ls_sql_kiosk_revoke (LsStore *s, const char *unit_id, const char *id, const LsAuditEntry *audit)
{
  KioskOp op = { unit_id, id, NULL, "", audit };
  return ls_sql_write (s, kiosk_revoke_apply, &op);
}

static void *
kiosk_status_from_row (const LsSqlRow *row)
{
  LsKioskStatus *k = g_new0 (LsKioskStatus, 1);
  k->id = ls_sql_dup (row, 0);
  k->name = ls_sql_dup (row, 1);
  k->unit_id = ls_sql_dup (row, 2);
  k->revoked_at = ls_sql_dup (row, 3);
  k->last_seen_at = ls_sql_dup (row, 4);
  k->print_ok = ls_sql_is_null (row, 5) ? -1 : (int) ls_sql_int64 (row, 5);
  k->print_reason = ls_sql_dup (row, 6);
  k->printed_at = ls_sql_dup (row, 7);
  return k;
}

typedef struct
{
  const char *unit_id;
  GPtrArray **ret;
} KiosksOfUnit;

static int
kiosks_of_unit (LsSql *c, void *data)
{
  KiosksOfUnit *op = data;
  return ls_sql_collect (c,
                         "SELECT k.id, k.name, k.unit_id, k.revoked_at, k.last_seen_at,"
                         " p.print_ok, p.print_reason, p.printed_at FROM kiosks k"
                         " LEFT JOIN tickets p ON p.seq_id = (SELECT t.seq_id FROM tickets t"
                         "  WHERE t.kiosk_id = k.id AND t.print_ok IS NOT NULL"
                         "  ORDER BY t.printed_at DESC, t.seq_id DESC LIMIT 1)"
                         " WHERE k.unit_id = ? ORDER BY k.revoked_at IS NOT NULL, k.id",
                         LS_SQL_VALUES (op->unit_id), 1, kiosk_status_from_row,
                         (GDestroyNotify) ls_kiosk_status_free, op->ret);
}

int
ls_sql_kiosks_of_unit (LsStore *s, const char *unit_id, GPtrArray **ret)
{
  KiosksOfUnit op = { unit_id, ret };
  return ls_sql_read (s, kiosks_of_unit, &op);
}
