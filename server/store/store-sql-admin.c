/* Administration written once for both backends (store-sql.h): a unit's settings, the
 * server's settings, notices; each write audited in its transaction. What each backend says
 * its own way stays there: the fields' prefixes (a row lock), capacity changes, the lists
 * sorted by id, the audit log's search. */
#include "store/store-sql.h"

#include "store/store-text.h"

#include <errno.h>

typedef struct
{
  const LsUnitUpdate *in;
  const LsAuditEntry *audit;
} UnitOp;

static int
unit_update_apply (LsSql *c, void *data)
{
  UnitOp *op = data;
  const LsUnitUpdate *in = op->in;
  g_autofree char *hours = ls_store_hours_text (in->opening_hours, in->n_opening_hours);
  int r = LS_SQL_RUN (c,
                      "UPDATE units SET name = ?, address = ?, checkin_lead_minutes = ?,"
                      " working_weekdays = ?, opening_hours = ?, max_active_per_cccd = ?,"
                      " max_active_per_cccd_unit = ?, horizon_days = ?, minutes_per_ticket = ?"
                      " WHERE id = ?",
                      in->name, in->address, ls_sql_num (in->checkin_lead_minutes).s,
                      ls_sql_num (in->working_weekdays).s, hours,
                      ls_sql_num (in->max_active_per_cccd).s,
                      ls_sql_num (in->max_active_per_cccd_unit).s, ls_sql_num (in->horizon_days).s,
                      ls_sql_num (in->minutes_per_ticket).s, in->unit_id);
  if (r < 0)
    return r;
  return r == 1 ? ls_sql_audit_insert (c, op->audit) : -LS_E_NOT_FOUND;
}

int
ls_sql_unit_update (LsStore *s, const LsUnitUpdate *in, const LsAuditEntry *audit)
{
  UnitOp op = { in, audit };
  return ls_sql_write (s, unit_update_apply, &op);
}

/* --- the server's settings ----------------------------------------------------------------- */

typedef struct
{
  const char *key, *value;
  const LsAuditEntry *audit;
} SettingOp;

static int
setting_set_apply (LsSql *c, void *data)
{
  SettingOp *op = data;
  int r = op->value ? LS_SQL_RUN (c,
                                  "INSERT INTO settings (key, value) VALUES (?, ?)"
                                  " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                  op->key, op->value)
                    : LS_SQL_RUN (c, "DELETE FROM settings WHERE key = ?", op->key);
  if (r < 0)
    return r;
  return op->audit ? ls_sql_audit_insert (c, op->audit) : 0;
}

int
ls_sql_setting_set (LsStore *s, const char *key, const char *value, const LsAuditEntry *audit)
{
  SettingOp op = { key, value, audit };
  return ls_sql_write (s, setting_set_apply, &op);
}

typedef struct
{
  const char *key;
  char *value;
} SettingGet;

static void *
setting_value (const LsSqlRow *row)
{
  return ls_sql_dup (row, 0);
}

static int
setting_get (LsSql *c, void *data)
{
  SettingGet *op = data;
  return ls_sql_get_one (c, "SELECT value FROM settings WHERE key = ?", LS_SQL_VALUES (op->key), 1,
                         setting_value, g_free, (void **) &op->value);
}

int
ls_sql_setting_get (LsStore *s, const char *key, char **ret)
{
  SettingGet op = { key, NULL };
  int r = ls_sql_read (s, setting_get, &op);
  if (r == 0)
    *ret = op.value;
  return r;
}

/* --- notices ------------------------------------------------------------------------------- */

typedef struct
{
  const LsNoticeInput *in;
  const LsAuditEntry *audit;
  char *id;
} NoticeOp;

static int
notice_put_apply (LsSql *c, void *data)
{
  NoticeOp *op = data;
  const LsNoticeInput *in = op->in;
  int r = in->id ? LS_SQL_RUN (c,
                               "UPDATE notices SET title = ?, body = ? WHERE id = ?"
                               " AND unit_id = ?",
                               in->title, in->body, in->id, in->unit_id)
                 : LS_SQL_RUN (c,
                               "INSERT INTO notices (id, unit_id, title, body, published_at,"
                               " draft) VALUES (?, ?, ?, ?, ?, 1)",
                               op->id, in->unit_id, in->title, in->body, in->now);
  if (r < 0)
    return r;
  return r == 1 ? ls_sql_audit_insert (c, op->audit) : -LS_E_NOT_FOUND;
}

int
ls_sql_notice_put (LsStore *s, const LsNoticeInput *in, const LsAuditEntry *audit, char **ret_id)
{
  g_autofree char *uuid = g_uuid_string_random ();
  NoticeOp op = { in, audit, in->id ? g_strdup (in->id) : g_strconcat ("tb-", uuid, NULL) };
  int r = ls_sql_write (s, notice_put_apply, &op);
  if (r == 0 && ret_id)
    *ret_id = g_steal_pointer (&op.id);
  g_free (op.id);
  return r;
}

typedef struct
{
  const char *unit_id, *id, *now;
  bool publish;
  const LsAuditEntry *audit;
} PublishOp;

static int
notice_publish_apply (LsSql *c, void *data)
{
  PublishOp *op = data;
  int r = op->publish ? LS_SQL_RUN (c,
                                    "UPDATE notices SET draft = 0, published_at = ? WHERE id = ?"
                                    " AND unit_id = ?",
                                    op->now, op->id, op->unit_id)
                      : LS_SQL_RUN (c, "UPDATE notices SET draft = 1 WHERE id = ? AND unit_id = ?",
                                    op->id, op->unit_id);
  if (r < 0)
    return r;
  return r == 1 ? ls_sql_audit_insert (c, op->audit) : -LS_E_NOT_FOUND;
}

int
ls_sql_notice_publish (LsStore *s, const char *unit_id, const char *id, bool publish,
                       const char *now, const LsAuditEntry *audit)
{
  PublishOp op = { unit_id, id, now, publish, audit };
  return ls_sql_write (s, notice_publish_apply, &op);
}
