/* The PostgreSQL backend: several layso-server processes on one database. Every query is a
 * parameterised statement (prepared once per connection); connections come from a pool
 * (--db-pool). Concurrency rules live in SQL inside one transaction, with locks, so they
 * hold across processes:
 *  - capacity: the slot-day row locked FOR UPDATE while its seats are counted out (bookings
 *    are written in batches, each one call of the function layso_book: store-pg-book.c);
 *  - per-CCCD limits: a transaction-scoped advisory lock on the CCCD at the unit serializes
 *    that citizen's bookings, then the counts are read (READ COMMITTED: after the lock, each
 *    statement sees what the previous holder committed);
 *  - codes: a partial UNIQUE index over booked bookings (ON CONFLICT DO NOTHING: retry);
 *  - single use: `UPDATE … WHERE status = 'booked'`, the row lock makes the second wait and
 *    then find it used;
 *  - idempotency: an advisory lock on the key, so one request of a pair writes and the other
 *    replays.
 * Commits are durable (synchronous_commit = on, the server's default, set on every
 * connection); the server's own group commit serves concurrent commits with one flush.
 *
 * This file: the pool, queries, transactions, migrations, open/close and the ops table. */
#include "store/postgres/store-pg-private.h"

#include <errno.h>
#include <poll.h>
#include <sodium.h>
#include <string.h>

#define TX_ATTEMPTS 8 /* a transaction run again after a serialization failure or deadlock */
/* pg_advisory_lock key of the migrations ("layso" in ASCII): one process migrates, the
 * others wait and find the schema current */
#define MIGRATION_LOCK "465541475299"

static const char *const migrations[] = {
  /* 1: the schema of the SQLite backend's migrations 1-8, as one */
  "CREATE TABLE units ("
  "  id TEXT PRIMARY KEY, name TEXT NOT NULL, address TEXT NOT NULL,"
  "  checkin_lead_minutes INTEGER NOT NULL, working_weekdays INTEGER NOT NULL,"
  "  opening_hours TEXT NOT NULL, max_active_per_cccd INTEGER NOT NULL,"
  "  horizon_days INTEGER NOT NULL, minutes_per_ticket INTEGER NOT NULL,"
  "  position INTEGER NOT NULL, max_active_per_cccd_unit INTEGER NOT NULL DEFAULT 3);"
  "CREATE TABLE fields ("
  "  unit_id TEXT NOT NULL REFERENCES units(id), id TEXT NOT NULL, name TEXT NOT NULL,"
  "  prefix TEXT NOT NULL, position INTEGER NOT NULL, numbers TEXT,"
  "  PRIMARY KEY (unit_id, id));"
  "CREATE TABLE slots ("
  "  unit_id TEXT NOT NULL REFERENCES units(id), id TEXT NOT NULL,"
  "  start_min INTEGER NOT NULL, end_min INTEGER NOT NULL,"
  "  capacity INTEGER NOT NULL CHECK (capacity >= 0), weekdays INTEGER NOT NULL DEFAULT 254,"
  "  PRIMARY KEY (unit_id, id));"
  "CREATE TABLE slot_usage ("
  "  unit_id TEXT NOT NULL, field_id TEXT NOT NULL, date TEXT NOT NULL, slot_id TEXT NOT NULL,"
  "  used INTEGER NOT NULL CHECK (used >= 0),"
  "  PRIMARY KEY (unit_id, field_id, date, slot_id),"
  "  FOREIGN KEY (unit_id, field_id) REFERENCES fields(unit_id, id),"
  "  FOREIGN KEY (unit_id, slot_id) REFERENCES slots(unit_id, id));"
  "CREATE TABLE bookings ("
  "  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, code TEXT NOT NULL,"
  "  unit_id TEXT NOT NULL, field_id TEXT NOT NULL, date TEXT NOT NULL, slot_id TEXT NOT NULL,"
  "  name TEXT, cccd TEXT, phone TEXT,"
  "  status TEXT NOT NULL CHECK (status IN ('booked', 'checked_in', 'cancelled', 'expired')),"
  "  consent_at TEXT NOT NULL, created_at TEXT NOT NULL,"
  "  checked_in_at TEXT, cancelled_at TEXT, purged_at TEXT, over_capacity_at TEXT,"
  "  FOREIGN KEY (unit_id, field_id) REFERENCES fields(unit_id, id),"
  "  FOREIGN KEY (unit_id, slot_id) REFERENCES slots(unit_id, id));"
  "CREATE UNIQUE INDEX bookings_active_code ON bookings(code) WHERE status = 'booked';"
  "CREATE INDEX bookings_cccd ON bookings(cccd, unit_id, date);"
  "CREATE INDEX bookings_to_expire ON bookings(date) WHERE status = 'booked';"
  "CREATE INDEX bookings_to_purge ON bookings(date) WHERE purged_at IS NULL;"
  "CREATE TABLE kiosks ("
  "  id TEXT PRIMARY KEY, name TEXT NOT NULL, unit_id TEXT NOT NULL REFERENCES units(id),"
  "  token_hash TEXT NOT NULL UNIQUE, revoked_at TEXT, last_seen_at TEXT);"
  "CREATE TABLE ticket_counters ("
  "  unit_id TEXT NOT NULL, field_id TEXT NOT NULL, date TEXT NOT NULL, kind INTEGER NOT NULL,"
  "  last INTEGER NOT NULL, PRIMARY KEY (unit_id, field_id, date, kind));"
  "CREATE TABLE tickets ("
  "  seq_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
  "  unit_id TEXT NOT NULL, field_id TEXT NOT NULL, date TEXT NOT NULL,"
  "  kind INTEGER NOT NULL, seq INTEGER NOT NULL, number TEXT NOT NULL,"
  "  priority INTEGER NOT NULL DEFAULT 0, state TEXT NOT NULL DEFAULT 'waiting',"
  "  booking_id BIGINT REFERENCES bookings(id), kiosk_id TEXT, issued_at TEXT NOT NULL,"
  "  print_ok INTEGER, print_reason TEXT, printed_at TEXT,"
  "  queued_at BIGINT, counter_id TEXT, called_at TEXT, called_unix BIGINT,"
  "  last_call_unix BIGINT, finished_unix BIGINT, recalls INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (unit_id, field_id, date, kind, seq),"
  "  FOREIGN KEY (unit_id, field_id) REFERENCES fields(unit_id, id));"
  "CREATE INDEX tickets_queue ON tickets(unit_id, field_id, date, state);"
  "CREATE INDEX tickets_counter ON tickets(counter_id, state);"
  "CREATE INDEX tickets_kiosk_print ON tickets(kiosk_id, printed_at) WHERE print_ok IS NOT NULL;"
  "CREATE TABLE notices ("
  "  id TEXT PRIMARY KEY, unit_id TEXT NOT NULL REFERENCES units(id), title TEXT NOT NULL,"
  "  body TEXT NOT NULL, published_at TEXT NOT NULL, draft INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE idempotency ("
  "  scope TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,"
  "  status INTEGER NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL,"
  "  PRIMARY KEY (scope, key));"
  "CREATE TABLE queue_counters ("
  "  unit_id TEXT NOT NULL, field_id TEXT NOT NULL, date TEXT NOT NULL,"
  "  issued INTEGER NOT NULL, left_queue INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (unit_id, field_id, date));"
  "CREATE TABLE lookup_guard ("
  "  key TEXT PRIMARY KEY, failures INTEGER NOT NULL, window_start BIGINT NOT NULL,"
  "  locked_until BIGINT NOT NULL);"
  "CREATE TABLE calendar_days ("
  "  kind TEXT NOT NULL CHECK (kind IN ('tet', 'national_day_extra')), date TEXT NOT NULL,"
  "  PRIMARY KEY (kind, date));"
  "CREATE TABLE calendar_swaps (day_off TEXT PRIMARY KEY, worked_day TEXT NOT NULL UNIQUE);"
  "CREATE TABLE staff_users ("
  "  id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'staff')),"
  "  unit_id TEXT REFERENCES units(id), password_hash TEXT NOT NULL,"
  "  disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL,"
  "  CHECK ((role = 'admin') = (unit_id IS NULL)));"
  "CREATE TABLE staff_sessions ("
  "  token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES staff_users(id),"
  "  created_at BIGINT NOT NULL, last_seen BIGINT NOT NULL);"
  "CREATE INDEX staff_sessions_user ON staff_sessions(user_id);"
  "CREATE TABLE audit_log ("
  "  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at TEXT NOT NULL, user_id TEXT,"
  "  action TEXT NOT NULL, unit_id TEXT, target TEXT, detail TEXT);"
  "CREATE TABLE counters ("
  "  id TEXT PRIMARY KEY, unit_id TEXT NOT NULL REFERENCES units(id), name TEXT NOT NULL,"
  "  number INTEGER NOT NULL, fields TEXT NOT NULL, paused INTEGER NOT NULL DEFAULT 0,"
  "  appointments_in_row INTEGER NOT NULL DEFAULT 0, UNIQUE (unit_id, number));"
  "CREATE TABLE queue_policies ("
  "  unit_id TEXT PRIMARY KEY REFERENCES units(id),"
  "  appointments_per_walk_in INTEGER NOT NULL, max_wait_minutes INTEGER NOT NULL,"
  "  recall_limit INTEGER NOT NULL, recall_gap_s INTEGER NOT NULL);"
  "CREATE TABLE event_seq (unit_id TEXT PRIMARY KEY, last BIGINT NOT NULL);"
  "CREATE TABLE unit_events ("
  "  unit_id TEXT NOT NULL, id BIGINT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,"
  "  date TEXT NOT NULL, PRIMARY KEY (unit_id, id));"
  "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE closed_days ("
  "  unit_id TEXT NOT NULL REFERENCES units(id), date TEXT NOT NULL,"
  "  PRIMARY KEY (unit_id, date));",
  pg_book_migration, /* 2: the bookings of a CCCD indexed, two foreign keys dropped */
  pg_book_function,  /* 3: layso_book, bookings written in batches (store-pg-book.c) */
};

/* --- queries ------------------------------------------------------------------------- */

PgNum
pg_num (gint64 v)
{
  PgNum n;
  g_snprintf (n.s, sizeof n.s, "%" G_GINT64_FORMAT, v);
  return n;
}

char *
pg_dup (const PGresult *r, int row, int col)
{
  return PQgetisnull (r, row, col) ? NULL : g_strdup (PQgetvalue (r, row, col));
}

int
pg_get_int (const PGresult *r, int row, int col)
{
  return (int) g_ascii_strtoll (PQgetvalue (r, row, col), NULL, 10);
}

gint64
pg_get_int64 (const PGresult *r, int row, int col)
{
  return g_ascii_strtoll (PQgetvalue (r, row, col), NULL, 10);
}

GPtrArray *
pg_collect_rows (const PGresult *r, void *(*row_new) (const PGresult *r, int row),
                 GDestroyNotify row_free)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (row_free);
  for (int i = 0; i < PQntuples (r); i++)
    g_ptr_array_add (list, row_new (r, i));
  return list;
}

static int
error_of (PgConn *c, const PGresult *r)
{
  if (PQstatus (c->conn) != CONNECTION_OK)
    return -ENOTCONN;
  const char *state = r ? PQresultErrorField (r, PG_DIAG_SQLSTATE) : NULL;
  if (!state)
    return -EIO;
  if (strcmp (state, "23505") == 0)
    return -EEXIST;
  if (strcmp (state, "40001") == 0 || strcmp (state, "40P01") == 0)
    return -EAGAIN;
  /* connection exceptions, and the server shutting down or restarting */
  if (g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P0"))
    return -ENOTCONN;
  return -EIO;
}

/* The name of sql's statement on c, prepared on first use. */
static const char *
prepared (PgConn *c, const char *sql, int *ret_error)
{
  const char *name = g_hash_table_lookup (c->prepared, sql);
  if (name)
    return name;
  char *made = g_strdup_printf ("s%u", g_hash_table_size (c->prepared));
  PGresult *r = PQprepare (c->conn, made, sql, 0, NULL);
  if (PQresultStatus (r) != PGRES_COMMAND_OK)
    {
      *ret_error = error_of (c, r);
      PQclear (r);
      g_free (made);
      return NULL;
    }
  PQclear (r);
  g_hash_table_insert (c->prepared, (gpointer) sql, made);
  return made;
}

int
pg_exec (PgConn *c, const char *sql, const char *const *values, int n_values, PGresult **ret)
{
  int err = -EIO;
  const char *name = prepared (c, sql, &err);
  if (!name)
    return err;
  PGresult *r = PQexecPrepared (c->conn, name, n_values, values, NULL, NULL, 0);
  ExecStatusType st = PQresultStatus (r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
    {
      err = error_of (c, r);
      PQclear (r);
      return err;
    }
  if (ret)
    *ret = r;
  else
    PQclear (r);
  return 0;
}

int
pg_run (PgConn *c, const char *sql, const char *const *values, int n_values)
{
  PGresult *r = NULL;
  int err = pg_exec (c, sql, values, n_values, &r);
  if (err < 0)
    return err;
  int changed = atoi (PQcmdTuples (r));
  PQclear (r);
  return changed;
}

/* A statement of no parameters and no result (BEGIN, COMMIT, …), not prepared. */
static int
pg_simple (PgConn *c, const char *sql)
{
  PGresult *r = PQexec (c->conn, sql);
  ExecStatusType st = PQresultStatus (r);
  int err = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : error_of (c, r);
  PQclear (r);
  return err;
}

/* --- connections ------------------------------------------------------------------------ */

void
pg_conn_free (PgConn *c)
{
  if (!c)
    return;
  g_hash_table_unref (c->prepared);
  PQfinish (c->conn);
  g_free (c);
}

/* The server's notices ("already exists, skipping") are not errors; the store never logs. */
static void
ignore_notice (void *data, const char *message)
{
}

PgConn *
pg_conn_open (const char *conninfo)
{
  /* dbname is expanded (a URI or key=value string); the keywords after it add to it */
  const char *const keys[] = { "dbname", "application_name", "connect_timeout", NULL };
  const char *const values[] = { conninfo, "layso-server", "5", NULL };
  PGconn *pc = PQconnectdbParams (keys, values, 1);
  if (PQstatus (pc) != CONNECTION_OK)
    {
      PQfinish (pc);
      return NULL;
    }
  PQsetNoticeProcessor (pc, ignore_notice, NULL);
  PgConn *c = g_new0 (PgConn, 1);
  c->sql.ops = &pg_sql_conn_ops;
  c->conn = pc;
  c->prepared = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  /* durable commits whatever the server's default; the stored texts are UTF-8 */
  if (pg_simple (c, "SET synchronous_commit = on") < 0 ||
      pg_simple (c, "SET client_encoding = 'UTF8'") < 0)
    {
      pg_conn_free (c);
      return NULL;
    }
  return c;
}

/* A connection the database closed while it sat in the pool (a restart, an administrator)
 * has the database's goodbye (an error, then the end of the stream) waiting on its socket;
 * nothing else comes unasked to a pool connection, which never LISTENs. Seen before anything
 * is sent, it is replaced: a statement in autocommit (pg_autocommit) is never sent twice, so
 * it must not be sent on a dead connection. */
static bool
conn_spoke_while_idle (PgConn *c)
{
  struct pollfd p = { .fd = PQsocket (c->conn), .events = POLLIN };
  return p.fd < 0 || poll (&p, 1, 0) != 0;
}

PgConn *
pg_acquire (PgStore *s)
{
  g_mutex_lock (&s->lock);
  while (!s->idle->len && s->open >= s->size)
    g_cond_wait (&s->released, &s->lock);
  PgConn *c = s->idle->len ? g_ptr_array_steal_index_fast (s->idle, s->idle->len - 1) : NULL;
  if (!c)
    s->open++; /* a place for the connection opened below, outside the lock */
  g_mutex_unlock (&s->lock);
  if (c && PQstatus (c->conn) == CONNECTION_OK && !conn_spoke_while_idle (c))
    return c;
  pg_conn_free (c); /* lost (the database restarted): open a new one in its place */
  c = pg_conn_open (s->conninfo);
  if (!c)
    {
      g_mutex_lock (&s->lock);
      s->open--;
      g_cond_signal (&s->released);
      g_mutex_unlock (&s->lock);
    }
  return c;
}

void
pg_release (PgStore *s, PgConn *c)
{
  g_mutex_lock (&s->lock);
  g_ptr_array_add (s->idle, c);
  g_cond_signal (&s->released);
  g_mutex_unlock (&s->lock);
}

/* --- transactions ------------------------------------------------------------------------ */

typedef struct
{
  const char *begin; /* NULL: fn's one statement in autocommit */
  PgTxFn fn;
  void *data;
  void (*committed) (void *data);
  GMutex *order; /* held across COMMIT and committed() */
} TxSpec;

static int
tx_once (PgConn *c, const TxSpec *tx, bool *ret_began)
{
  if (!tx->begin)
    {
      /* autocommit: once sent, the statement may have been written; not run again on a
       * new connection */
      *ret_began = true;
      return tx->fn (c, tx->data);
    }
  int r = pg_simple (c, tx->begin);
  if (r < 0)
    return r;
  *ret_began = true;
  r = tx->fn (c, tx->data);
  if (r < 0)
    {
      /* a lost connection rolls back by itself; nothing to do if this fails too */
      pg_simple (c, "ROLLBACK");
      return r;
    }
  if (tx->order)
    g_mutex_lock (tx->order);
  int committed = pg_simple (c, "COMMIT");
  if (committed == 0 && tx->committed)
    tx->committed (tx->data);
  if (tx->order)
    g_mutex_unlock (tx->order);
  return committed < 0 ? committed : r;
}

static int
tx_run (PgStore *s, const TxSpec *tx)
{
  PgConn *c = pg_acquire (s);
  if (!c)
    return -ENOTCONN;
  int r = -EAGAIN;
  for (int attempt = 0; r == -EAGAIN && attempt < TX_ATTEMPTS; attempt++)
    {
      bool began = false;
      if (attempt)
        g_usleep ((gulong) g_random_int_range (1, 2000) * (gulong) attempt); /* apart again */
      r = tx_once (c, tx, &began);
      if (r == -ENOTCONN && !began && attempt == 0)
        {
          /* an idle connection the database dropped (it restarted): nothing was written,
           * so the transaction runs again on a new connection */
          pg_release (s, c);
          if (!(c = pg_acquire (s)))
            return -ENOTCONN;
          r = -EAGAIN;
        }
    }
  pg_release (s, c);
  return r == -EAGAIN ? -EIO : r;
}

int
pg_tx (PgStore *s, PgTxFn fn, void *data)
{
  TxSpec tx = { "BEGIN", fn, data, NULL, NULL };
  return tx_run (s, &tx);
}

int
pg_autocommit (PgStore *s, PgTxFn fn, void *data)
{
  TxSpec tx = { NULL, fn, data, NULL, NULL };
  return tx_run (s, &tx);
}

int
pg_read_tx (PgStore *s, PgTxFn fn, void *data)
{
  TxSpec tx = { "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn, data, NULL, NULL };
  return tx_run (s, &tx);
}

int
pg_tx_ordered (PgStore *s, PgTxFn fn, void *data, void (*committed) (void *data))
{
  TxSpec tx = { "BEGIN", fn, data, committed, &s->commit_order };
  return tx_run (s, &tx);
}

/* --- open and migrate ---------------------------------------------------------------- */

static int
schema_version (PgConn *c, int *ret)
{
  int r = pg_simple (c, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  PG_RESULT res = NULL;
  if (r < 0 ||
      (r = pg_exec (c, "SELECT coalesce(max(version), 0) FROM schema_version", NULL, 0, &res)) < 0)
    return r;
  *ret = pg_get_int (res, 0, 0);
  return 0;
}

static int
migrate_locked (PgConn *c)
{
  int version = 0, r = schema_version (c, &version);
  int n = (int) G_N_ELEMENTS (migrations);
  if (r < 0)
    return r;
  if (version > n)
    return -EPROTO; /* a newer schema than this binary knows */
  for (int i = version; i < n; i++)
    {
      if ((r = pg_simple (c, "BEGIN")) < 0)
        return r;
      /* a migration is several statements: PQexec without parameters runs them all */
      if ((r = pg_simple (c, migrations[i])) < 0 ||
          (r = PG_RUN (c, "INSERT INTO schema_version (version) VALUES ($1)", pg_num (i + 1).s)) <
              0 ||
          (r = pg_simple (c, "COMMIT")) < 0)
        {
          pg_simple (c, "ROLLBACK");
          return r;
        }
    }
  return 0;
}

/* Several processes may start at once: the advisory lock lets one migrate at a time. */
static int
migrate (PgConn *c)
{
  int r = pg_simple (c, "SELECT pg_advisory_lock(" MIGRATION_LOCK ")");
  if (r < 0)
    return r;
  r = migrate_locked (c);
  int unlocked = pg_simple (c, "SELECT pg_advisory_unlock(" MIGRATION_LOCK ")");
  return r < 0 ? r : unlocked;
}

static const LsStoreOps pg_ops;

static void
async_run (gpointer data, gpointer store)
{
  PgJob *job = data;
  job->run (job, store);
}

void
pg_submit (PgStore *s, PgJob *job)
{
  g_thread_pool_push (s->async, job, NULL);
}

int
ls_store_postgres_open (const char *conninfo, const LsStoreConfig *cfg, LsStore **ret)
{
  /* ids and codes come from libsodium on the pool's threads: initialise first */
  if (sodium_init () < 0)
    return -EIO;
  PgConn *c = pg_conn_open (conninfo);
  if (!c)
    return -ENOTCONN;
  int r = migrate (c);
  if (r < 0)
    {
      pg_conn_free (c);
      return r;
    }
  PgStore *s = g_new0 (PgStore, 1);
  s->base.ops = &pg_ops;
  s->conninfo = g_strdup (conninfo);
  s->size = cfg->pool_size;
  g_mutex_init (&s->lock);
  g_mutex_init (&s->commit_order);
  g_cond_init (&s->released);
  s->idle = g_ptr_array_new_with_free_func ((GDestroyNotify) pg_conn_free);
  g_ptr_array_add (s->idle, c);
  s->open = 1;
  s->async = g_thread_pool_new (async_run, s, (int) s->size, FALSE, NULL);
  *ret = &s->base;
  return 0;
}

bool
ls_store_postgres_exists (const char *conninfo)
{
  PgConn *c = pg_conn_open (conninfo);
  if (!c)
    return false;
  PG_RESULT r = NULL;
  bool found = PG_EXEC (c, &r, "SELECT to_regclass($1) IS NOT NULL", "schema_version") == 0 &&
               g_str_equal (PQgetvalue (r, 0, 0), "t");
  pg_conn_free (c);
  return found;
}

static void
pg_close (LsStore *base)
{
  PgStore *s = (PgStore *) base;
  g_thread_pool_free (s->async, FALSE, TRUE); /* the bookings queued are written first */
  pg_listener_stop (s->listener);
  g_ptr_array_unref (s->idle);
  g_cond_clear (&s->released);
  g_mutex_clear (&s->lock);
  g_mutex_clear (&s->commit_order);
  g_free (s->conninfo);
  g_free (s);
}

static const LsStoreOps pg_ops = {
  .name = "postgresql",
  .sql = &pg_sql_backend,
  .close = pg_close,
  .seed = pg_seed,
  .load_catalog = pg_load_catalog,
  .slot_usage = ls_sql_slot_usage,
  .idem_lookup = ls_sql_idem_lookup,
  .booking_create = pg_booking_create,
  .booking_create_async = pg_booking_create_async,
  .booking_get = ls_sql_booking_get,
  .booking_find_active = ls_sql_booking_find_active,
  .bookings_of_cccd = ls_sql_bookings_of_cccd,
  .booking_cancel = pg_booking_cancel,
  .ticket_issue = pg_ticket_issue,
  .ticket_get = ls_sql_ticket_get,
  .ticket_print_result = pg_ticket_print_result,
  .kiosk_by_token_hash = pg_kiosk_by_token_hash,
  .kiosk_rotate_token = pg_kiosk_rotate_token,
  .notices_of_unit = pg_notices_of_unit,
  .purge_before = pg_purge_before,
  .lookup_counters = ls_sql_lookup_counters,
  .lookup_fail = pg_lookup_fail,
  .staff_user_create = ls_sql_staff_user_create,
  .staff_user_by_username = ls_sql_staff_user_by_username,
  .staff_session_create = ls_sql_staff_session_create,
  .staff_session_get = pg_staff_session_get,
  .staff_session_delete = ls_sql_staff_session_delete,
  .audit_add = ls_sql_audit_add,
  .staff_user_get = ls_sql_staff_user_get,
  .staff_user_disable = ls_sql_staff_user_disable,
  .counter_create = ls_sql_counter_create,
  .counter_get = pg_counter_get,
  .counters_of_unit = pg_counters_of_unit,
  .queue_policy_get = ls_sql_queue_policy_get,
  .queue_policy_set = ls_sql_queue_policy_set,
  .queue_waiting = ls_sql_queue_waiting,
  .queue_skipped = ls_sql_queue_skipped,
  .queue_ticket_get = ls_sql_queue_ticket_get,
  .service_times = ls_sql_service_times,
  .queue_act = pg_queue_act,
  .events_since = pg_events_since,
  .unit_snapshot = pg_unit_snapshot,
  .event_get = pg_event_get,
  .stats_rows = pg_stats_rows,
  .unit_update = ls_sql_unit_update,
  .field_put = pg_field_put,
  .capacity_change = pg_capacity_change,
  .setting_set = ls_sql_setting_set,
  .setting_get = ls_sql_setting_get,
  .notice_put = ls_sql_notice_put,
  .notice_publish = ls_sql_notice_publish,
  .notices_admin = pg_notices_admin,
  .booking_over_capacity = ls_sql_booking_over_capacity,
  .audit_search = pg_audit_search,
  .kiosk_create = ls_sql_kiosk_create,
  .kiosk_rotate_in_unit = ls_sql_kiosk_rotate_in_unit,
  .kiosk_revoke = ls_sql_kiosk_revoke,
  .kiosks_of_unit = ls_sql_kiosks_of_unit,
  .kiosk_seen = pg_kiosk_seen,
  .staff_users_of_unit = pg_staff_users_of_unit,
  .watch_events = pg_watch_events,
};
