/* The PostgreSQL backend: what administration (/quan-tri) says only here. A field's write
 * and a capacity change are written once (store-sql-admin.c) with this backend's locks: a
 * change that takes seats away locks the seats it counts (layso_capacity_change_decide)
 * until it commits, so no booking can slip in between check and change. The notices' list
 * and the audit log's search stay here (a collation, ILIKE, typed values). */
#include "store/postgres/store-pg-private.h"

#include <errno.h>

int
pg_audit_insert (PgConn *c, const LsAuditEntry *e)
{
  return ls_sql_audit_insert (&c->sql, e);
}

/* --- units' fields and capacity changes (store-sql-admin.c) ------------------------------ */

int
pg_field_put (LsStore *base, const char *unit_id, const LsField *f, const LsAuditEntry *audit)
{
  return ls_sql_field_put (base, "SELECT 1 FROM units WHERE id = ? FOR UPDATE", unit_id, f, audit);
}

/* A written slot's lock is taken first, exclusively, so bookings (layso_book takes it shared,
 * store-pg-book.c) wait for the change and then see its capacity. */
static int
lock_slot (LsSql *c, const LsCapacityChange *in)
{
  if (!in->slot)
    return 0;
  int r = LS_SQL_RUN (c, "SELECT pg_advisory_xact_lock(hashtextextended(? || ':' || ?, 3))",
                      in->unit_id, in->slot->id);
  return r < 0 ? r : 0;
}

/* The seats counted are locked in the order layso_book locks them (store-pg-book.c): no
 * seat is taken or given back until the commit. */
static const LsSqlCapacity capacity = { lock_slot, LS_SQL_CAPACITY_LOADS (
                                                       "::text", " COLLATE \"C\"", " FOR UPDATE") };

int
pg_capacity_change (LsStore *base, const LsCapacityChange *in, unsigned *ret_affected,
                    GPtrArray **ret_bookings)
{
  return ls_sql_capacity_change (base, &capacity, in, ret_affected, ret_bookings);
}

/* --- notices ------------------------------------------------------------------------------- */

static void *
admin_notice_from_row (const PGresult *r, int i)
{
  LsNotice *n = g_new0 (LsNotice, 1);
  n->id = pg_dup (r, i, 0);
  n->unit_id = pg_dup (r, i, 1);
  n->title = pg_dup (r, i, 2);
  n->body = pg_dup (r, i, 3);
  n->published_at = pg_dup (r, i, 4);
  n->draft = pg_get_int (r, i, 5) != 0;
  return n;
}

static int
notices_admin (PgConn *c, const char *unit_id, GPtrArray **ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT id, unit_id, title, body, published_at, draft FROM notices"
                     " WHERE unit_id = $1 ORDER BY published_at DESC, id COLLATE \"C\"",
                     unit_id);
  if (err == 0)
    *ret = pg_collect_rows (r, admin_notice_from_row, (GDestroyNotify) ls_notice_free);
  return err;
}

int
pg_notices_admin (LsStore *base, const char *unit_id, GPtrArray **ret)
{
  ON_CONN (base, notices_admin (c, unit_id, ret));
}

/* --- the audit log ------------------------------------------------------------------------- */

static void *
audit_row_from_row (const PGresult *r, int i)
{
  LsAuditRow *row = g_new0 (LsAuditRow, 1);
  row->id = pg_get_int64 (r, i, 0);
  row->at = pg_dup (r, i, 1);
  row->username = pg_dup (r, i, 2);
  row->action = pg_dup (r, i, 3);
  row->unit_id = pg_dup (r, i, 4);
  row->target = pg_dup (r, i, 5);
  row->detail = pg_dup (r, i, 6);
  return row;
}

/* ILIKE: SQLite's LIKE ignores the case of ASCII letters, and the search reads the same on
 * both backends. */
static int
audit_search (PgConn *c, const LsAuditQuery *q, GPtrArray **ret)
{
  g_autofree char *action = q->action ? ls_store_like_pattern (q->action, true) : NULL;
  g_autofree char *text = q->text ? ls_store_like_pattern (q->text, false) : NULL;
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT a.id, a.at, u.username, a.action, a.unit_id, a.target, a.detail"
                     " FROM audit_log a LEFT JOIN staff_users u ON u.id = a.user_id"
                     " WHERE ($1::text IS NULL OR a.unit_id = $1)"
                     " AND ($2::text IS NULL OR a.action ILIKE $2 ESCAPE '\\')"
                     " AND ($3::text IS NULL OR a.action ILIKE $3 ESCAPE '\\'"
                     "  OR a.target ILIKE $3 ESCAPE '\\' OR a.detail ILIKE $3 ESCAPE '\\'"
                     "  OR u.username ILIKE $3 ESCAPE '\\')"
                     " AND ($4::bigint = 0 OR a.id < $4) ORDER BY a.id DESC LIMIT $5",
                     q->unit_id, action, text, pg_num (q->before_id).s,
                     pg_num (CLAMP (q->limit, 1, LS_AUDIT_PAGE_MAX)).s);
  if (err == 0)
    *ret = pg_collect_rows (r, audit_row_from_row, (GDestroyNotify) ls_audit_row_free);
  return err;
}

int
pg_audit_search (LsStore *base, const LsAuditQuery *q, GPtrArray **ret)
{
  ON_CONN (base, audit_search (c, q, ret));
}
