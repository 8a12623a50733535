/* The PostgreSQL backend: what it keeps of staff accounts and their sessions; the rest is
 * store-sql-staff.c.
 *
 * A session's last use is written on the connection that read it, in autocommit: a touch
 * needs no transaction of its own. A unit's accounts are listed with a typed optional filter
 * and the byte order of COLLATE "C", which SQLite says otherwise. */
#include "store/postgres/store-pg-private.h"

#include <errno.h>

static int
users_of_unit (PgConn *c, const char *unit_id, GPtrArray **ret)
{
  return ls_sql_collect (&c->sql,
                         "SELECT " LS_SQL_STAFF_USER_COLS " FROM staff_users u"
                         " WHERE ?::text IS NULL OR u.unit_id = ?"
                         " ORDER BY u.disabled, u.username COLLATE \"C\"",
                         LS_SQL_VALUES (unit_id, unit_id), 2, ls_sql_staff_user_new,
                         (GDestroyNotify) ls_staff_user_free, ret);
}

int
pg_staff_users_of_unit (LsStore *base, const char *unit_id, GPtrArray **ret)
{
  ON_CONN (base, users_of_unit (c, unit_id, ret));
}

static int
session_get (PgConn *c, const char *token_hash, const LsSessionClock *clock, LsStaffUser **ret)
{
  LsSqlSession session = { token_hash, clock };
  g_autoptr (LsStaffUser) u = NULL;
  bool touch = false;
  int r = ls_sql_session_user (&c->sql, &session, &u, &touch);
  if (r == 0 && touch)
    r = ls_sql_session_touch (&c->sql, &session);
  if (r == 0)
    *ret = g_steal_pointer (&u);
  return r;
}

int
pg_staff_session_get (LsStore *base, const char *token_hash, const LsSessionClock *clock,
                      LsStaffUser **ret)
{
  ON_CONN (base, session_get (c, token_hash, clock, ret));
}
