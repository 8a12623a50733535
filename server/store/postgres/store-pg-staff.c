/* The PostgreSQL backend: staff accounts, their sessions and the audit log.
 *
 * Sessions are looked up by the SHA-256 of their token (the token itself is never stored);
 * "last used" is written at most once a minute, so a busy console does not turn every read
 * into a durable write. */
#include "store/postgres/store-pg-private.h"

#include <errno.h>
#include <string.h>

/* How stale last_seen may get before a request writes it again. */
#define TOUCH_EVERY_S 60

static int
audit_apply (PgConn *c, void *data)
{
  return pg_audit_insert (c, data);
}

int
pg_audit_add (LsStore *base, const LsAuditEntry *entry)
{
  return pg_tx ((PgStore *) base, audit_apply, (void *) entry);
}

/* --- users ------------------------------------------------------------------------- */

typedef struct
{
  const LsStaffUserInput *in;
  char id[21];
} UserOp;

static int
user_replace_password (PgConn *c, UserOp *op)
{
  const LsStaffUserInput *in = op->in;
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "UPDATE staff_users SET password_hash = $1, disabled = 0"
                     " WHERE username = $2 RETURNING id",
                     in->password_hash, in->username);
  if (err < 0)
    return err;
  if (PQntuples (r) == 0)
    return -LS_E_NOT_FOUND;
  g_strlcpy (op->id, PQgetvalue (r, 0, 0), sizeof op->id);
  if ((err = PG_RUN (c, "DELETE FROM staff_sessions WHERE user_id = $1", op->id)) < 0)
    return err;
  LsAuditEntry e = { in->actor_id, "user.password", in->unit_id, op->id, NULL, in->now };
  return pg_audit_insert (c, &e);
}

static int
user_create_apply (PgConn *c, void *data)
{
  UserOp *op = data;
  const LsStaffUserInput *in = op->in;
  ls_store_random_id (op->id);
  int changed =
      PG_RUN (c,
              "INSERT INTO staff_users (id, username, name, role, unit_id,"
              " password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
              " ON CONFLICT (username) DO NOTHING",
              op->id, in->username, in->name, in->role, in->unit_id, in->password_hash, in->now);
  if (changed < 0)
    return changed;
  if (changed == 0)
    return in->replace_password ? user_replace_password (c, op) : -EEXIST;
  LsAuditEntry e = { in->actor_id, "user.create", in->unit_id, op->id, in->role, in->now };
  return pg_audit_insert (c, &e);
}

int
pg_staff_user_create (LsStore *base, const LsStaffUserInput *in, char **ret_id)
{
  UserOp op = { .in = in };
  int r = pg_tx ((PgStore *) base, user_create_apply, &op);
  if (r < 0)
    return r;
  if (ret_id)
    *ret_id = g_strdup (op.id);
  return 0;
}

#define USER_COLS "u.id, u.username, u.name, u.role, u.unit_id, u.disabled"

static void *
user_from_row (const PGresult *r, int i)
{
  LsStaffUser *u = g_new0 (LsStaffUser, 1);
  u->id = pg_dup (r, i, 0);
  u->username = pg_dup (r, i, 1);
  u->name = pg_dup (r, i, 2);
  u->role = pg_dup (r, i, 3);
  u->unit_id = pg_dup (r, i, 4);
  u->disabled = pg_get_int (r, i, 5) != 0;
  return u;
}

/* The one user of `sql` ($1 = key); with_hash: its password hash too (column 6). */
static int
user_select (PgConn *c, const char *sql, const char *key, bool with_hash, LsStaffUser **ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r, sql, key);
  if (err < 0)
    return err;
  if (PQntuples (r) == 0)
    return -LS_E_NOT_FOUND;
  LsStaffUser *u = user_from_row (r, 0);
  if (with_hash)
    u->password_hash = pg_dup (r, 0, 6);
  *ret = u;
  return 0;
}

int
pg_staff_user_by_username (LsStore *base, const char *username, LsStaffUser **ret)
{
  ON_CONN (base, user_select (c,
                              "SELECT " USER_COLS ", u.password_hash FROM staff_users u"
                              " WHERE username = $1",
                              username, true, ret));
}

int
pg_staff_user_get (LsStore *base, const char *user_id, LsStaffUser **ret)
{
  ON_CONN (base, user_select (c, "SELECT " USER_COLS " FROM staff_users u WHERE id = $1", user_id,
                              false, ret));
}

static int
users_of_unit (PgConn *c, const char *unit_id, GPtrArray **ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT " USER_COLS " FROM staff_users u WHERE $1::text IS NULL"
                     " OR u.unit_id = $1 ORDER BY u.disabled, u.username COLLATE \"C\"",
                     unit_id);
  if (err == 0)
    *ret = pg_collect_rows (r, user_from_row, (GDestroyNotify) ls_staff_user_free);
  return err;
}

int
pg_staff_users_of_unit (LsStore *base, const char *unit_id, GPtrArray **ret)
{
  ON_CONN (base, users_of_unit (c, unit_id, ret));
}

typedef struct
{
  const char *user_id;
  const LsAuditEntry *audit;
} DisableOp;

static int
user_disable_apply (PgConn *c, void *data)
{
  DisableOp *op = data;
  int r = PG_RUN (c, "UPDATE staff_users SET disabled = 1 WHERE id = $1", op->user_id);
  if (r == 0)
    return -LS_E_NOT_FOUND;
  if (r < 0 || (r = PG_RUN (c, "DELETE FROM staff_sessions WHERE user_id = $1", op->user_id)) < 0)
    return r;
  return pg_audit_insert (c, op->audit);
}

int
pg_staff_user_disable (LsStore *base, const char *user_id, const LsAuditEntry *audit)
{
  DisableOp op = { user_id, audit };
  return pg_tx ((PgStore *) base, user_disable_apply, &op);
}

/* --- sessions ---------------------------------------------------------------------- */

typedef struct
{
  const char *token_hash, *user_id, *now;
  const LsSessionClock *clock;
  const LsAuditEntry *audit;
} SessionOp;

static int
session_create_apply (PgConn *c, void *data)
{
  SessionOp *op = data;
  int r = PG_RUN (c,
                  "INSERT INTO staff_sessions (token_hash, user_id, created_at, last_seen)"
                  " VALUES ($1, $2, $3, $3)",
                  op->token_hash, op->user_id, pg_num (op->clock->now).s);
  /* sessions over for a day are of no use to anyone: forget them on the way */
  if (r >= 0)
    r = PG_RUN (c, "DELETE FROM staff_sessions WHERE created_at < $1",
                pg_num (op->clock->now - op->clock->max_s).s);
  if (r < 0)
    return r;
  LsAuditEntry e = { op->user_id, "auth.login", NULL, NULL, NULL, op->now };
  return pg_audit_insert (c, &e);
}

int
pg_staff_session_create (LsStore *base, const char *token_hash, const char *user_id,
                         const LsSessionClock *clock, const char *now)
{
  SessionOp op = { token_hash, user_id, now, clock, NULL };
  return pg_tx ((PgStore *) base, session_create_apply, &op);
}

/* The session's user; its last use written (autocommit) when a minute old. */
static int
session_get (PgConn *c, const char *token_hash, const LsSessionClock *clock, LsStaffUser **ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT " USER_COLS ", s.last_seen FROM staff_sessions s"
                     " JOIN staff_users u ON u.id = s.user_id"
                     " WHERE s.token_hash = $1 AND u.disabled = 0"
                     " AND s.created_at > $2 AND s.last_seen > $3",
                     token_hash, pg_num (clock->now - clock->max_s).s,
                     pg_num (clock->now - clock->idle_s).s);
  if (err < 0)
    return err;
  if (PQntuples (r) == 0)
    return -LS_E_NOT_FOUND;
  if (clock->now - pg_get_int64 (r, 0, 6) >= TOUCH_EVERY_S &&
      (err = PG_RUN (c, "UPDATE staff_sessions SET last_seen = $1 WHERE token_hash = $2",
                     pg_num (clock->now).s, token_hash)) < 0)
    return err;
  *ret = user_from_row (r, 0);
  return 0;
}

int
pg_staff_session_get (LsStore *base, const char *token_hash, const LsSessionClock *clock,
                      LsStaffUser **ret)
{
  ON_CONN (base, session_get (c, token_hash, clock, ret));
}

static int
session_delete_apply (PgConn *c, void *data)
{
  SessionOp *op = data;
  int r = PG_RUN (c, "DELETE FROM staff_sessions WHERE token_hash = $1", op->token_hash);
  if (r < 0)
    return r;
  return op->audit ? pg_audit_insert (c, op->audit) : 0;
}

int
pg_staff_session_delete (LsStore *base, const char *token_hash, const LsAuditEntry *audit)
{
  SessionOp op = { .token_hash = token_hash, .audit = audit };
  return pg_tx ((PgStore *) base, session_delete_apply, &op);
}
