/* The SQLite backend: staff accounts, their sessions and the audit log.
 *
 * Sessions are looked up by the SHA-256 of their token (the token itself is never stored),
 * on a read connection; "last used" is written at most once a minute, so a busy console
 * does not turn every read into a synced write. */
#include "store/sqlite/store-sqlite-private.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>

/* How stale last_seen may get before a request writes it again. */
#define TOUCH_EVERY_S 60

int
sqlite_audit_insert (Conn *c, const LsAuditEntry *e)
{
  return ls_sql_audit_insert (&c->sql, e);
}

static int
audit_apply (Conn *c, void *data)
{
  return sqlite_audit_insert (c, data);
}

int
sqlite_audit_add (LsStore *base, const LsAuditEntry *entry)
{
  return sqlite_write_run ((SqliteStore *) base, audit_apply, (void *) entry);
}

/* --- users ------------------------------------------------------------------------- */

typedef struct
{
  const LsStaffUserInput *in;
  char id[21];
} UserOp;

static int
user_replace_password (Conn *c, UserOp *op)
{
  const LsStaffUserInput *in = op->in;
  STMT st = sql_prep (c, "UPDATE staff_users SET password_hash = ?, disabled = 0"
                         " WHERE username = ? RETURNING id");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, in->password_hash);
  sql_bind_text (st, 2, in->username);
  int r = sql_step_one (st);
  if (r < 0)
    return r;
  g_strlcpy (op->id, (const char *) sqlite3_column_text (st, 0), sizeof op->id);
  sqlite3_reset (st);
  r = SQL_RUN (c, "DELETE FROM staff_sessions WHERE user_id = ?", op->id);
  if (r < 0)
    return r;
  LsAuditEntry e = { in->actor_id, "user.password", in->unit_id, op->id, NULL, in->now };
  return sqlite_audit_insert (c, &e);
}

static int
user_create_apply (Conn *c, void *data)
{
  UserOp *op = data;
  const LsStaffUserInput *in = op->in;
  STMT st = sql_prep (c, "INSERT INTO staff_users (id, username, name, role, unit_id,"
                         " password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                         " ON CONFLICT (username) DO NOTHING");
  if (!st)
    return -EIO;
  ls_store_random_id (op->id);
  const char *values[] = { op->id,      in->username,      in->name, in->role,
                           in->unit_id, in->password_hash, in->now };
  for (size_t i = 0; i < G_N_ELEMENTS (values); i++)
    sql_bind_text (st, (int) i + 1, values[i]);
  int changed = sql_step_changes (st);
  if (changed < 0)
    return changed;
  if (changed == 0)
    return in->replace_password ? user_replace_password (c, op) : -EEXIST;
  LsAuditEntry e = { in->actor_id, "user.create", in->unit_id, op->id, in->role, in->now };
  return sqlite_audit_insert (c, &e);
}

int
sqlite_staff_user_create (LsStore *base, const LsStaffUserInput *in, char **ret_id)
{
  UserOp op = { .in = in };
  int r = sqlite_write_run ((SqliteStore *) base, user_create_apply, &op);
  if (r < 0)
    return r;
  if (ret_id)
    *ret_id = g_strdup (op.id);
  return 0;
}

#define USER_COLS "u.id, u.username, u.name, u.role, u.unit_id, u.disabled"

static LsStaffUser *
user_from_row (sqlite3_stmt *st)
{
  LsStaffUser *u = g_new0 (LsStaffUser, 1);
  u->id = sql_col_dup (st, 0);
  u->username = sql_col_dup (st, 1);
  u->name = sql_col_dup (st, 2);
  u->role = sql_col_dup (st, 3);
  u->unit_id = sql_col_dup (st, 4);
  u->disabled = sqlite3_column_int (st, 5) != 0;
  return u;
}

static int
user_by_username (Conn *c, const char *username, LsStaffUser **ret)
{
  STMT st =
      sql_prep (c, "SELECT " USER_COLS ", u.password_hash FROM staff_users u WHERE username = ?");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, username);
  int r = sql_step_one (st);
  if (r < 0)
    return r;
  LsStaffUser *u = user_from_row (st);
  u->password_hash = sql_col_dup (st, 6);
  *ret = u;
  return 0;
}

int
sqlite_staff_user_by_username (LsStore *base, const char *username, LsStaffUser **ret)
{
  ON_READER (base, user_by_username (c, username, ret));
}

static int
user_get (Conn *c, const char *user_id, LsStaffUser **ret)
{
  STMT st = sql_prep (c, "SELECT " USER_COLS " FROM staff_users u WHERE id = ?");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, user_id);
  int r = sql_step_one (st);
  if (r == 0)
    *ret = user_from_row (st);
  return r;
}

int
sqlite_staff_user_get (LsStore *base, const char *user_id, LsStaffUser **ret)
{
  ON_READER (base, user_get (c, user_id, ret));
}

static void *
user_row_new (sqlite3_stmt *st)
{
  return user_from_row (st);
}

static int
users_of_unit (Conn *c, const char *unit_id, GPtrArray **ret)
{
  STMT st = sql_prep (c, "SELECT " USER_COLS " FROM staff_users u"
                         " WHERE ?1 IS NULL OR u.unit_id = ?1 ORDER BY u.disabled, u.username");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, unit_id);
  return sql_collect_rows (st, user_row_new, (GDestroyNotify) ls_staff_user_free, ret);
}

int
sqlite_staff_users_of_unit (LsStore *base, const char *unit_id, GPtrArray **ret)
{
  ON_READER (base, users_of_unit (c, unit_id, ret));
}

typedef struct
{
  const char *user_id;
  const LsAuditEntry *audit;
} DisableOp;

static int
user_disable_apply (Conn *c, void *data)
{
  DisableOp *op = data;
  int r = SQL_RUN (c, "UPDATE staff_users SET disabled = 1 WHERE id = ?", op->user_id);
  if (r == 0)
    return -LS_E_NOT_FOUND;
  if (r < 0 || (r = SQL_RUN (c, "DELETE FROM staff_sessions WHERE user_id = ?", op->user_id)) < 0)
    return r;
  return sqlite_audit_insert (c, op->audit);
}

int
sqlite_staff_user_disable (LsStore *base, const char *user_id, const LsAuditEntry *audit)
{
  DisableOp op = { user_id, audit };
  return sqlite_write_run ((SqliteStore *) base, user_disable_apply, &op);
}

/* --- sessions ---------------------------------------------------------------------- */

typedef struct
{
  const char *token_hash, *user_id, *now;
  const LsSessionClock *clock;
  const LsAuditEntry *audit;
} SessionOp;

static int
session_create_apply (Conn *c, void *data)
{
  SessionOp *op = data;
  g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, op->clock->now);
  int r = SQL_RUN (c,
                   "INSERT INTO staff_sessions (token_hash, user_id, created_at, last_seen)"
                   " VALUES (?, ?, ?, ?3)",
                   op->token_hash, op->user_id, at);
  if (r < 0)
    return r;
  /* sessions over for a day are of no use to anyone: forget them on the way */
  g_autofree char *old = g_strdup_printf ("%" G_GINT64_FORMAT, op->clock->now - op->clock->max_s);
  if ((r = SQL_RUN (c, "DELETE FROM staff_sessions WHERE created_at < ?", old)) < 0)
    return r;
  LsAuditEntry e = { op->user_id, "auth.login", NULL, NULL, NULL, op->now };
  return sqlite_audit_insert (c, &e);
}

int
sqlite_staff_session_create (LsStore *base, const char *token_hash, const char *user_id,
                             const LsSessionClock *clock, const char *now)
{
  SessionOp op = { token_hash, user_id, now, clock, NULL };
  return sqlite_write_run ((SqliteStore *) base, session_create_apply, &op);
}

static int
session_read (Conn *c, const char *token_hash, const LsSessionClock *clock, LsStaffUser **ret,
              gint64 *ret_last_seen)
{
  STMT st = sql_prep (c, "SELECT " USER_COLS ", s.last_seen FROM staff_sessions s"
                         " JOIN staff_users u ON u.id = s.user_id"
                         " WHERE s.token_hash = ? AND u.disabled = 0"
                         " AND s.created_at > ? AND s.last_seen > ?");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, token_hash);
  sqlite3_bind_int64 (st, 2, clock->now - clock->max_s);
  sqlite3_bind_int64 (st, 3, clock->now - clock->idle_s);
  int r = sql_step_one (st);
  if (r < 0)
    return r;
  *ret = user_from_row (st);
  *ret_last_seen = sqlite3_column_int64 (st, 6);
  return 0;
}

static int
session_touch_apply (Conn *c, void *data)
{
  SessionOp *op = data;
  g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, op->clock->now);
  int r = SQL_RUN (c, "UPDATE staff_sessions SET last_seen = ? WHERE token_hash = ?", at,
                   op->token_hash);
  return r < 0 ? r : 0;
}

int
sqlite_staff_session_get (LsStore *base, const char *token_hash, const LsSessionClock *clock,
                          LsStaffUser **ret)
{
  SqliteStore *s = (SqliteStore *) base;
  Conn *c = sqlite_reader_acquire (s);
  if (!c)
    return -EIO;
  g_autoptr (LsStaffUser) u = NULL;
  gint64 last_seen = 0;
  int r = session_read (c, token_hash, clock, &u, &last_seen);
  sqlite_reader_release (s, c);
  if (r < 0)
    return r;
  if (clock->now - last_seen >= TOUCH_EVERY_S)
    {
      SessionOp op = { .token_hash = token_hash, .clock = clock };
      if ((r = sqlite_write_run (s, session_touch_apply, &op)) < 0)
        return r;
    }
  *ret = g_steal_pointer (&u);
  return 0;
}

static int
session_delete_apply (Conn *c, void *data)
{
  SessionOp *op = data;
  int r = SQL_RUN (c, "DELETE FROM staff_sessions WHERE token_hash = ?", op->token_hash);
  if (r < 0)
    return r;
  return op->audit ? sqlite_audit_insert (c, op->audit) : 0;
}

int
sqlite_staff_session_delete (LsStore *base, const char *token_hash, const LsAuditEntry *audit)
{
  SessionOp op = { .token_hash = token_hash, .audit = audit };
  return sqlite_write_run ((SqliteStore *) base, session_delete_apply, &op);
}
