/* The SQLite backend: what administration (/quan-tri) says only here. A field's write and a
 * capacity change are written once (store-sql-admin.c); a change that takes seats away is
 * checked inside the same write as the seats it counts (layso_capacity_change_decide), so no
 * booking can slip in between check and change. The notices' list and the audit log's
 * search stay here (?n reused, numbers bound as numbers). */
#include "store/sqlite/store-sqlite-private.h"

#include <errno.h>
#include <stdio.h>

/* --- units' fields and capacity changes (store-sql-admin.c) ------------------------------ */

int
sqlite_field_put (LsStore *base, const char *unit_id, const LsField *f, const LsAuditEntry *audit)
{
  /* a statement here counts the rows it changed, not those it selected: a no-op update
   * tells whether the unit is there */
  return ls_sql_field_put (base, "UPDATE units SET position = position WHERE id = ?", unit_id, f,
                           audit);
}

/* The writer's BEGIN IMMEDIATE keeps every other write, of any process, out until the
 * commit: no lock to add. */
static const LsSqlCapacity capacity = { NULL, LS_SQL_CAPACITY_LOADS ("", "", "") };

int
sqlite_capacity_change (LsStore *base, const LsCapacityChange *in, unsigned *ret_affected,
                        GPtrArray **ret_bookings)
{
  return ls_sql_capacity_change (base, &capacity, in, ret_affected, ret_bookings);
}

/* --- notices ------------------------------------------------------------------------------- */

static void *
admin_notice_from_row (sqlite3_stmt *st)
{
  LsNotice *n = g_new0 (LsNotice, 1);
  n->id = sql_col_dup (st, 0);
  n->unit_id = sql_col_dup (st, 1);
  n->title = sql_col_dup (st, 2);
  n->body = sql_col_dup (st, 3);
  n->published_at = sql_col_dup (st, 4);
  n->draft = sqlite3_column_int (st, 5) != 0;
  return n;
}

static int
notices_admin (Conn *c, const char *unit_id, GPtrArray **ret)
{
  STMT st = sql_prep (c, "SELECT id, unit_id, title, body, published_at, draft FROM notices"
                         " WHERE unit_id = ? ORDER BY published_at DESC, id");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, unit_id);
  return sql_collect_rows (st, admin_notice_from_row, (GDestroyNotify) ls_notice_free, ret);
}

int
sqlite_notices_admin (LsStore *base, const char *unit_id, GPtrArray **ret)
{
  ON_READER (base, notices_admin (c, unit_id, ret));
}

/* --- the audit log ------------------------------------------------------------------------- */

static void *
audit_row_from_row (sqlite3_stmt *st)
{
  LsAuditRow *row = g_new0 (LsAuditRow, 1);
  row->id = sqlite3_column_int64 (st, 0);
  row->at = sql_col_dup (st, 1);
  row->username = sql_col_dup (st, 2);
  row->action = sql_col_dup (st, 3);
  row->unit_id = sql_col_dup (st, 4);
  row->target = sql_col_dup (st, 5);
  row->detail = sql_col_dup (st, 6);
  return row;
}

static int
audit_search (Conn *c, const LsAuditQuery *q, GPtrArray **ret)
{
  STMT st = sql_prep (c, "SELECT a.id, a.at, u.username, a.action, a.unit_id, a.target, a.detail"
                         " FROM audit_log a LEFT JOIN staff_users u ON u.id = a.user_id"
                         " WHERE (?1 IS NULL OR a.unit_id = ?1)"
                         " AND (?2 IS NULL OR a.action LIKE ?2 ESCAPE '\\')"
                         " AND (?3 IS NULL OR a.action LIKE ?3 ESCAPE '\\'"
                         "  OR a.target LIKE ?3 ESCAPE '\\' OR a.detail LIKE ?3 ESCAPE '\\'"
                         "  OR u.username LIKE ?3 ESCAPE '\\')"
                         " AND (?4 = 0 OR a.id < ?4) ORDER BY a.id DESC LIMIT ?5");
  if (!st)
    return -EIO;
  g_autofree char *action = q->action ? ls_store_like_pattern (q->action, true) : NULL;
  g_autofree char *text = q->text ? ls_store_like_pattern (q->text, false) : NULL;
  sql_bind_text (st, 1, q->unit_id);
  sql_bind_text (st, 2, action);
  sql_bind_text (st, 3, text);
  sqlite3_bind_int64 (st, 4, q->before_id);
  sqlite3_bind_int (st, 5, (int) CLAMP (q->limit, 1, LS_AUDIT_PAGE_MAX));
  return sql_collect_rows (st, audit_row_from_row, (GDestroyNotify) ls_audit_row_free, ret);
}

int
sqlite_audit_search (LsStore *base, const LsAuditQuery *q, GPtrArray **ret)
{
  ON_READER (base, audit_search (c, q, ret));
}
