/* The SQLite backend: what it keeps of staff accounts, their sessions and the audit log; the
 * rest is store-sql-staff.c.
 *
 * A session is read on a read-only connection, so its last use is written by the writer. A
 * unit's accounts are listed with ?1 reused for the optional filter, which PostgreSQL says
 * otherwise. */
#include "store/sqlite/store-sqlite-private.h"

#include <errno.h>

int
sqlite_audit_insert (Conn *c, const LsAuditEntry *e)
{
  return ls_sql_audit_insert (&c->sql, e);
}

static int
users_of_unit (Conn *c, const char *unit_id, GPtrArray **ret)
{
  return ls_sql_collect (&c->sql,
                         "SELECT " LS_SQL_STAFF_USER_COLS " FROM staff_users u"
                         " WHERE ?1 IS NULL OR u.unit_id = ?1 ORDER BY u.disabled, u.username",
                         LS_SQL_VALUES (unit_id), 1, ls_sql_staff_user_new,
                         (GDestroyNotify) ls_staff_user_free, ret);
}

int
sqlite_staff_users_of_unit (LsStore *base, const char *unit_id, GPtrArray **ret)
{
  ON_READER (base, users_of_unit (c, unit_id, ret));
}

int
sqlite_staff_session_get (LsStore *base, const char *token_hash, const LsSessionClock *clock,
                          LsStaffUser **ret)
{
  SqliteStore *s = (SqliteStore *) base;
  Conn *c = sqlite_reader_acquire (s);
  if (!c)
    return -EIO;
  LsSqlSession session = { token_hash, clock };
  g_autoptr (LsStaffUser) u = NULL;
  bool touch = false;
  int r = ls_sql_session_user (&c->sql, &session, &u, &touch);
  sqlite_reader_release (s, c);
  if (r < 0)
    return r;
  if (touch && (r = ls_sql_write (base, ls_sql_session_touch, &session)) < 0)
    return r;
  *ret = g_steal_pointer (&u);
  return 0;
}
