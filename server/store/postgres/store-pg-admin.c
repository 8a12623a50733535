/* The PostgreSQL backend: administration (/quan-tri): the server's settings, the audit log;
 * each write audited in its transaction. */
#include "store/postgres/store-pg-private.h"

#include <errno.h>

int
pg_audit_insert (PgConn *c, const LsAuditEntry *e)
{
  int r = PG_RUN (c,
                  "INSERT INTO audit_log (at, user_id, action, unit_id, target, detail)"
                  " VALUES ($1, $2, $3, $4, $5, $6)",
                  e->now, e->user_id, e->action, e->unit_id, e->target, e->detail);
  return r < 0 ? r : 0;
}

/* --- settings ------------------------------------------------------------------------------ */

typedef struct
{
  const char *key, *value;
  const LsAuditEntry *audit;
} SettingOp;

static int
setting_set_apply (PgConn *c, void *data)
{
  SettingOp *op = data;
  int r = op->value ? PG_RUN (c,
                              "INSERT INTO settings (key, value) VALUES ($1, $2)"
                              " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                              op->key, op->value)
                    : PG_RUN (c, "DELETE FROM settings WHERE key = $1", op->key);
  if (r < 0)
    return r;
  return op->audit ? pg_audit_insert (c, op->audit) : 0;
}

int
pg_setting_set (LsStore *base, const char *key, const char *value, const LsAuditEntry *audit)
{
  SettingOp op = { key, value, audit };
  return pg_tx ((PgStore *) base, setting_set_apply, &op);
}

static int
setting_get (PgConn *c, const char *key, char **ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r, "SELECT value FROM settings WHERE key = $1", key);
  if (err < 0)
    return err;
  if (PQntuples (r) == 0)
    return -LS_E_NOT_FOUND;
  *ret = pg_dup (r, 0, 0);
  return 0;
}

int
pg_setting_get (LsStore *base, const char *key, char **ret)
{
  ON_CONN (base, setting_get (c, key, ret));
}
