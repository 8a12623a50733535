/* Staff accounts, their sessions and the audit log, for both backends (store-sql.h).
 *
 * Sessions are looked up by the SHA-256 of their token (the token itself is never stored);
 * "last used" is written at most once a minute, so a busy console does not turn every read
 * into a durable write. Where that write goes is each backend's (its session_get): SQLite's
 * readers are read-only, so it goes through the writer, while PostgreSQL writes it on the
 * connection that read, in autocommit. A unit's list of accounts stays in each backend too:
 * its optional filter and its byte order are said differently (a cast and COLLATE "C" against
 * ?1 reused), so only its rows are read here. */
#include "store/store-sql.h"
#include "store/store-text.h"

#include <errno.h>

/* How stale last_seen may get before a request writes it again. */
#define TOUCH_EVERY_S 60

static int
audit_apply (LsSql *c, void *data)
{
  return ls_sql_audit_insert (c, data);
}

int
ls_sql_audit_add (LsStore *s, const LsAuditEntry *entry)
{
  return ls_sql_write (s, audit_apply, (void *) entry);
}

/* --- users ------------------------------------------------------------------------- */

typedef struct
{
  const LsStaffUserInput *in;
  char id[21];
  bool replaced;
} UserOp;

static int
replaced_id (const LsSqlRow *row, void *data)
{
  UserOp *op = data;
  g_strlcpy (op->id, ls_sql_text (row, 0), sizeof op->id);
  op->replaced = true;
  return 0;
}

static int
user_replace_password (LsSql *c, UserOp *op)
{
  const LsStaffUserInput *in = op->in;
  op->replaced = false; /* a write run again starts afresh */
  int r = c->ops->query (c,
                         "UPDATE staff_users SET password_hash = ?, disabled = 0"
                         " WHERE username = ? RETURNING id",
                         LS_SQL_VALUES (in->password_hash, in->username), 2, replaced_id, op);
  if (r < 0)
    return r;
  if (!op->replaced)
    return -LS_E_NOT_FOUND;
  if ((r = LS_SQL_RUN (c, "DELETE FROM staff_sessions WHERE user_id = ?", op->id)) < 0)
    return r;
  LsAuditEntry e = { in->actor_id, "user.password", in->unit_id, op->id, NULL, in->now };
  return ls_sql_audit_insert (c, &e);
}

static int
user_create_apply (LsSql *c, void *data)
{
  UserOp *op = data;
  const LsStaffUserInput *in = op->in;
  ls_store_random_id (op->id);
  int changed = LS_SQL_RUN (c,
                            "INSERT INTO staff_users (id, username, name, role, unit_id,"
                            " password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                            " ON CONFLICT (username) DO NOTHING",
                            op->id, in->username, in->name, in->role, in->unit_id,
                            in->password_hash, in->now);
  if (changed < 0)
    return changed;
  if (changed == 0)
    return in->replace_password ? user_replace_password (c, op) : -EEXIST;
  LsAuditEntry e = { in->actor_id, "user.create", in->unit_id, op->id, in->role, in->now };
  return ls_sql_audit_insert (c, &e);
}

int
ls_sql_staff_user_create (LsStore *s, const LsStaffUserInput *in, char **ret_id)
{
  UserOp op = { .in = in };
  int r = ls_sql_write (s, user_create_apply, &op);
  if (r < 0)
    return r;
  if (ret_id)
    *ret_id = g_strdup (op.id);
  return 0;
}

void *
ls_sql_staff_user_new (const LsSqlRow *row)
{
  LsStaffUser *u = g_new0 (LsStaffUser, 1);
  u->id = ls_sql_dup (row, 0);
  u->username = ls_sql_dup (row, 1);
  u->name = ls_sql_dup (row, 2);
  u->role = ls_sql_dup (row, 3);
  u->unit_id = ls_sql_dup (row, 4);
  u->disabled = ls_sql_int64 (row, 5) != 0;
  return u;
}

/* A user of a row that has the password hash in column 6 too. */
static void *
user_with_hash_new (const LsSqlRow *row)
{
  LsStaffUser *u = ls_sql_staff_user_new (row);
  u->password_hash = ls_sql_dup (row, 6);
  return u;
}

typedef struct
{
  const char *sql, *key;
  void *(*row_new) (const LsSqlRow *row);
  LsStaffUser *user;
} UserSelect;

/* The one user of op->sql (? = op->key). */
static int
user_select (LsSql *c, void *data)
{
  UserSelect *op = data;
  return ls_sql_get_one (c, op->sql, LS_SQL_VALUES (op->key), 1, op->row_new,
                         (GDestroyNotify) ls_staff_user_free, (void **) &op->user);
}

static int
user_read (LsStore *s, UserSelect *op, LsStaffUser **ret)
{
  int r = ls_sql_read (s, user_select, op);
  if (r == 0)
    *ret = op->user;
  return r;
}

int
ls_sql_staff_user_by_username (LsStore *s, const char *username, LsStaffUser **ret)
{
  UserSelect op = { "SELECT " LS_SQL_STAFF_USER_COLS ", u.password_hash FROM staff_users u"
                    " WHERE username = ?",
                    username, user_with_hash_new, NULL };
  return user_read (s, &op, ret);
}

int
ls_sql_staff_user_get (LsStore *s, const char *user_id, LsStaffUser **ret)
{
  UserSelect op = { "SELECT " LS_SQL_STAFF_USER_COLS " FROM staff_users u WHERE id = ?", user_id,
                    ls_sql_staff_user_new, NULL };
  return user_read (s, &op, ret);
}

typedef struct
{
  const char *user_id;
  const LsAuditEntry *audit;
} DisableOp;

static int
user_disable_apply (LsSql *c, void *data)
{
  DisableOp *op = data;
  int r = LS_SQL_RUN (c, "UPDATE staff_users SET disabled = 1 WHERE id = ?", op->user_id);
  if (r == 0)
    return -LS_E_NOT_FOUND;
  if (r < 0 ||
      (r = LS_SQL_RUN (c, "DELETE FROM staff_sessions WHERE user_id = ?", op->user_id)) < 0)
    return r;
  return ls_sql_audit_insert (c, op->audit);
}

int
ls_sql_staff_user_disable (LsStore *s, const char *user_id, const LsAuditEntry *audit)
{
  DisableOp op = { user_id, audit };
  return ls_sql_write (s, user_disable_apply, &op);
}

/* --- sessions ---------------------------------------------------------------------- */

typedef struct
{
  const char *token_hash, *user_id, *now;
  const LsSessionClock *clock;
  const LsAuditEntry *audit;
} SessionOp;

static int
session_create_apply (LsSql *c, void *data)
{
  SessionOp *op = data;
  LsSqlNum at = ls_sql_num (op->clock->now);
  int r = LS_SQL_RUN (c,
                      "INSERT INTO staff_sessions (token_hash, user_id, created_at, last_seen)"
                      " VALUES (?, ?, ?, ?)",
                      op->token_hash, op->user_id, at.s, at.s);
  if (r < 0)
    return r;
  /* sessions over for a day are of no use to anyone: forget them on the way */
  if ((r = LS_SQL_RUN (c, "DELETE FROM staff_sessions WHERE created_at < ?",
                       ls_sql_num (op->clock->now - op->clock->max_s).s)) < 0)
    return r;
  LsAuditEntry e = { op->user_id, "auth.login", NULL, NULL, NULL, op->now };
  return ls_sql_audit_insert (c, &e);
}

int
ls_sql_staff_session_create (LsStore *s, const char *token_hash, const char *user_id,
                             const LsSessionClock *clock, const char *now)
{
  SessionOp op = { token_hash, user_id, now, clock, NULL };
  return ls_sql_write (s, session_create_apply, &op);
}

typedef struct
{
  LsStaffUser *user;
  gint64 last_seen;
} SessionRow;

static void *
session_row_new (const LsSqlRow *row)
{
  SessionRow *found = g_new (SessionRow, 1);
  found->user = ls_sql_staff_user_new (row);
  found->last_seen = ls_sql_int64 (row, 6);
  return found;
}

static void
session_row_free (void *data)
{
  SessionRow *found = data;
  ls_staff_user_free (found->user);
  g_free (found);
}

int
ls_sql_session_user (LsSql *c, const LsSqlSession *session, LsStaffUser **ret, bool *ret_touch)
{
  const LsSessionClock *clock = session->clock;
  SessionRow *found = NULL;
  int r =
      ls_sql_get_one (c,
                      "SELECT " LS_SQL_STAFF_USER_COLS ", s.last_seen FROM staff_sessions s"
                      " JOIN staff_users u ON u.id = s.user_id"
                      " WHERE s.token_hash = ? AND u.disabled = 0"
                      " AND s.created_at > ? AND s.last_seen > ?",
                      LS_SQL_VALUES (session->token_hash, ls_sql_num (clock->now - clock->max_s).s,
                                     ls_sql_num (clock->now - clock->idle_s).s),
                      3, session_row_new, session_row_free, (void **) &found);
  if (r < 0)
    return r;
  *ret_touch = clock->now - found->last_seen >= TOUCH_EVERY_S;
  *ret = g_steal_pointer (&found->user);
  g_free (found);
  return 0;
}

int
ls_sql_session_touch (LsSql *c, void *data)
{
  const LsSqlSession *session = data;
  int r = LS_SQL_RUN (c, "UPDATE staff_sessions SET last_seen = ? WHERE token_hash = ?",
                      ls_sql_num (session->clock->now).s, session->token_hash);
  return r < 0 ? r : 0;
}

static int
session_delete_apply (LsSql *c, void *data)
{
  SessionOp *op = data;
  int r = LS_SQL_RUN (c, "DELETE FROM staff_sessions WHERE token_hash = ?", op->token_hash);
  if (r < 0)
    return r;
  return op->audit ? ls_sql_audit_insert (c, op->audit) : 0;
}

int
ls_sql_staff_session_delete (LsStore *s, const char *token_hash, const LsAuditEntry *audit)
{
  SessionOp op = { .token_hash = token_hash, .audit = audit };
  return ls_sql_write (s, session_delete_apply, &op);
}
