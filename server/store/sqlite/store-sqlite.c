/* The SQLite backend: WAL, synchronous=FULL, foreign keys; one write connection owned by the
 * group-commit writer (writer.c) and a pool of read-only connections for reads.
 *
 * Concurrency rules live in SQL, inside the writer's BEGIN IMMEDIATE transaction, so they
 * hold across any number of server processes sharing the file:
 *  - capacity: `UPDATE slot_usage SET used = used + 1 WHERE … AND used < capacity`, and
 *    changes() tells whether a seat was taken;
 *  - per-CCCD limit: `INSERT … SELECT … WHERE (count of active bookings) < limit`;
 *  - single use: `UPDATE bookings SET status = 'checked_in' WHERE id = ? AND status = 'booked'`;
 *  - codes: a partial UNIQUE index over booked bookings; a collision retries with a new code;
 *  - ticket numbers: an upserted counter row, `… RETURNING last`.
 *
 * This file: connections, statements, migrations, open/close and the ops table. The ops
 * live in store-sqlite-catalog.c, store-sqlite-bookings.c and store-sqlite-tickets.c. */
#include "store/sqlite/store-sqlite-private.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>

#define BUSY_TIMEOUT_MS 10000
#define READERS_KEPT    32 /* idle read connections kept open */

static const char *const migrations[] = {
  /* 1: the booking core */
  "CREATE TABLE units ("
  "  id TEXT PRIMARY KEY, name TEXT NOT NULL, address TEXT NOT NULL,"
  "  checkin_lead_minutes INTEGER NOT NULL, working_weekdays INTEGER NOT NULL,"
  "  opening_hours TEXT NOT NULL, max_active_per_cccd INTEGER NOT NULL,"
  "  horizon_days INTEGER NOT NULL, minutes_per_ticket INTEGER NOT NULL,"
  "  position INTEGER NOT NULL);"
  "CREATE TABLE fields ("
  "  unit_id TEXT NOT NULL REFERENCES units(id), id TEXT NOT NULL, name TEXT NOT NULL,"
  "  prefix TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (unit_id, id));"
  "CREATE TABLE slots ("
  "  unit_id TEXT NOT NULL REFERENCES units(id), id TEXT NOT NULL,"
  "  start_min INTEGER NOT NULL, end_min INTEGER NOT NULL,"
  "  capacity INTEGER NOT NULL CHECK (capacity >= 0), PRIMARY KEY (unit_id, id));"
  "CREATE TABLE holidays (date TEXT PRIMARY KEY);"
  "CREATE TABLE slot_usage ("
  "  unit_id TEXT NOT NULL, field_id TEXT NOT NULL, date TEXT NOT NULL, slot_id TEXT NOT NULL,"
  "  used INTEGER NOT NULL CHECK (used >= 0),"
  "  PRIMARY KEY (unit_id, field_id, date, slot_id),"
  "  FOREIGN KEY (unit_id, field_id) REFERENCES fields(unit_id, id),"
  "  FOREIGN KEY (unit_id, slot_id) REFERENCES slots(unit_id, id)) WITHOUT ROWID;"
  "CREATE TABLE bookings ("
  "  id INTEGER PRIMARY KEY, code TEXT NOT NULL,"
  "  unit_id TEXT NOT NULL, field_id TEXT NOT NULL, date TEXT NOT NULL, slot_id TEXT NOT NULL,"
  "  name TEXT, cccd TEXT, phone TEXT,"
  "  status TEXT NOT NULL CHECK (status IN ('booked', 'checked_in', 'cancelled', 'expired')),"
  "  consent_at TEXT NOT NULL, created_at TEXT NOT NULL,"
  "  checked_in_at TEXT, cancelled_at TEXT, purged_at TEXT,"
  "  FOREIGN KEY (unit_id, field_id) REFERENCES fields(unit_id, id),"
  "  FOREIGN KEY (unit_id, slot_id) REFERENCES slots(unit_id, id));"
  "CREATE UNIQUE INDEX bookings_active_code ON bookings(code) WHERE status = 'booked';"
  "CREATE INDEX bookings_cccd ON bookings(cccd, unit_id, date);"
  /* for the hourly job: bookings still to expire, personal data still to purge */
  "CREATE INDEX bookings_to_expire ON bookings(date) WHERE status = 'booked';"
  "CREATE INDEX bookings_to_purge ON bookings(date) WHERE purged_at IS NULL;"
  "CREATE TABLE kiosks ("
  "  id TEXT PRIMARY KEY, name TEXT NOT NULL, unit_id TEXT NOT NULL REFERENCES units(id),"
  "  token_hash TEXT NOT NULL UNIQUE);"
  "CREATE TABLE ticket_counters ("
  "  unit_id TEXT NOT NULL, field_id TEXT NOT NULL, date TEXT NOT NULL, kind INTEGER NOT NULL,"
  "  last INTEGER NOT NULL, PRIMARY KEY (unit_id, field_id, date, kind)) WITHOUT ROWID;"
  "CREATE TABLE tickets ("
  "  seq_id INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
  "  unit_id TEXT NOT NULL, field_id TEXT NOT NULL, date TEXT NOT NULL,"
  "  kind INTEGER NOT NULL, seq INTEGER NOT NULL, number TEXT NOT NULL,"
  "  priority INTEGER NOT NULL DEFAULT 0, state TEXT NOT NULL DEFAULT 'waiting',"
  "  booking_id INTEGER REFERENCES bookings(id), kiosk_id TEXT, issued_at TEXT NOT NULL,"
  "  print_ok INTEGER, print_reason TEXT, printed_at TEXT,"
  "  UNIQUE (unit_id, field_id, date, kind, seq),"
  "  FOREIGN KEY (unit_id, field_id) REFERENCES fields(unit_id, id));"
  "CREATE INDEX tickets_queue ON tickets(unit_id, field_id, date, state);"
  "CREATE TABLE notices ("
  "  id TEXT PRIMARY KEY, unit_id TEXT NOT NULL REFERENCES units(id), title TEXT NOT NULL,"
  "  body TEXT NOT NULL, published_at TEXT NOT NULL);"
  "CREATE TABLE idempotency ("
  "  scope TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,"
  "  status INTEGER NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL,"
  "  PRIMARY KEY (scope, key)) WITHOUT ROWID;",
  /* 2: queue positions in O(1): tickets issued per unit+field+day, and how many of them
   * have left the queue (called and finished, skipped; staff routes bump left_queue) */
  "CREATE TABLE queue_counters ("
  "  unit_id TEXT NOT NULL, field_id TEXT NOT NULL, date TEXT NOT NULL,"
  "  issued INTEGER NOT NULL, left_queue INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (unit_id, field_id, date)) WITHOUT ROWID;",
  /* 3: failed look-ups (lookup-guard.h); keys are "code:GCAD", "cccd:<sha256>",
   * "addr:<sha256>", so no CCCD or address is kept in clear */
  "CREATE TABLE lookup_guard ("
  "  key TEXT PRIMARY KEY, failures INTEGER NOT NULL, window_start INTEGER NOT NULL,"
  "  locked_until INTEGER NOT NULL) WITHOUT ROWID;",
  /* 4: the per-CCCD limit at a unit across fields and days (issue 9); bookings_cccd
   * (cccd, unit_id, date) already serves its count */
  "ALTER TABLE units ADD COLUMN max_active_per_cccd_unit INTEGER NOT NULL DEFAULT 3;",
  /* 5: the computed calendar (issue 11). The hand-written holiday list goes (common/calendar.c
   * computes the days off); the province's official days and swaps are kept instead, and each
   * slot's weekday templates (all weekdays, 254, for the slots already there). Saturday
   * service stays the Saturday bit of units.working_weekdays. */
  "DROP TABLE IF EXISTS holidays;"
  "CREATE TABLE calendar_days ("
  "  kind TEXT NOT NULL CHECK (kind IN ('tet', 'national_day_extra')), date TEXT NOT NULL,"
  "  PRIMARY KEY (kind, date)) WITHOUT ROWID;"
  "CREATE TABLE calendar_swaps ("
  "  day_off TEXT PRIMARY KEY, worked_day TEXT NOT NULL UNIQUE) WITHOUT ROWID;"
  "ALTER TABLE slots ADD COLUMN weekdays INTEGER NOT NULL DEFAULT 254;",
  /* 6: staff accounts (passwords as crypto_pwhash_str, Argon2id), their sessions (the
   * SHA-256 of the token, never the token), and the audit log of staff actions */
  "CREATE TABLE staff_users ("
  "  id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'staff')),"
  "  unit_id TEXT REFERENCES units(id), password_hash TEXT NOT NULL,"
  "  disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL,"
  "  CHECK ((role = 'admin') = (unit_id IS NULL)));"
  "CREATE TABLE staff_sessions ("
  "  token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES staff_users(id),"
  "  created_at INTEGER NOT NULL, last_seen INTEGER NOT NULL) WITHOUT ROWID;"
  "CREATE INDEX staff_sessions_user ON staff_sessions(user_id);"
  "CREATE TABLE audit_log ("
  "  id INTEGER PRIMARY KEY, at TEXT NOT NULL, user_id TEXT, action TEXT NOT NULL,"
  "  unit_id TEXT, target TEXT, detail TEXT);",
  /* 7: calling the queue: counters, each unit's policy, the tickets' queue columns, and
   * the units' event streams (ids from a per-unit sequence; the last EVENTS_KEPT kept) */
  "CREATE TABLE counters ("
  "  id TEXT PRIMARY KEY, unit_id TEXT NOT NULL REFERENCES units(id), name TEXT NOT NULL,"
  "  number INTEGER NOT NULL, fields TEXT NOT NULL, paused INTEGER NOT NULL DEFAULT 0,"
  "  appointments_in_row INTEGER NOT NULL DEFAULT 0, UNIQUE (unit_id, number));"
  "CREATE TABLE queue_policies ("
  "  unit_id TEXT PRIMARY KEY REFERENCES units(id),"
  "  appointments_per_walk_in INTEGER NOT NULL, max_wait_minutes INTEGER NOT NULL,"
  "  recall_limit INTEGER NOT NULL, recall_gap_s INTEGER NOT NULL) WITHOUT ROWID;"
  "ALTER TABLE tickets ADD COLUMN queued_at INTEGER;" /* NULL: unixepoch(issued_at) */
  "ALTER TABLE tickets ADD COLUMN counter_id TEXT;"
  "ALTER TABLE tickets ADD COLUMN called_at TEXT;"
  "ALTER TABLE tickets ADD COLUMN called_unix INTEGER;"
  "ALTER TABLE tickets ADD COLUMN last_call_unix INTEGER;"
  "ALTER TABLE tickets ADD COLUMN finished_unix INTEGER;"
  "ALTER TABLE tickets ADD COLUMN recalls INTEGER NOT NULL DEFAULT 0;"
  "CREATE INDEX tickets_counter ON tickets(counter_id, state);"
  "CREATE TABLE event_seq (unit_id TEXT PRIMARY KEY, last INTEGER NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE unit_events ("
  "  unit_id TEXT NOT NULL, id INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,"
  "  date TEXT NOT NULL, PRIMARY KEY (unit_id, id)) WITHOUT ROWID;",
  /* 8: administration (issue 11): the server's settings (the province's name, the retention
   * period, the purge's last run), notices as drafts, the units' own closed days, and the
   * bookings a confirmed capacity change left over capacity (/tra-cuu shows them the
   * unit's notice); kiosks' lifecycle */
  "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
  "ALTER TABLE notices ADD COLUMN draft INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE closed_days ("
  "  unit_id TEXT NOT NULL REFERENCES units(id), date TEXT NOT NULL,"
  "  PRIMARY KEY (unit_id, date)) WITHOUT ROWID;"
  "ALTER TABLE bookings ADD COLUMN over_capacity_at TEXT;"
  /* kiosks revoked for good, their last request, and their printers' last results */
  "ALTER TABLE kiosks ADD COLUMN revoked_at TEXT;"
  "ALTER TABLE kiosks ADD COLUMN last_seen_at TEXT;"
  "CREATE INDEX tickets_kiosk_print ON tickets(kiosk_id, printed_at) WHERE print_ok IS NOT NULL;"
  /* a field's own ticket numbers: "walk-in range;appointment range" ("1-999;1001-1999"),
   * NULL: the default numbering */
  "ALTER TABLE fields ADD COLUMN numbers TEXT;",
};

/* --- connections, statements, the writer ---------------------------------------------------- */

static void
stmt_finalize (gpointer st)
{
  sqlite3_finalize (st);
}

static Conn *
conn_new (sqlite3 *db)
{
  Conn *c = g_new0 (Conn, 1);
  c->sql.ops = &sqlite_sql_conn_ops;
  c->db = db;
  c->stmts = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, stmt_finalize);
  return c;
}

static void
conn_free (Conn *c)
{
  if (!c)
    return;
  g_hash_table_unref (c->stmts);
  sqlite3_close_v2 (c->db);
  g_free (c);
}

sqlite3_stmt *
sql_prep (Conn *c, const char *sql)
{
  sqlite3_stmt *st = g_hash_table_lookup (c->stmts, sql);
  if (st)
    {
      sqlite3_reset (st);
      sqlite3_clear_bindings (st);
      return st;
    }
  if (sqlite3_prepare_v3 (c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
    return NULL;
  g_hash_table_insert (c->stmts, (gpointer) sql, st);
  return st;
}

void
sql_bind_text (sqlite3_stmt *st, int i, const char *s)
{
  if (s)
    sqlite3_bind_text (st, i, s, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (st, i);
}

char *
sql_col_dup (sqlite3_stmt *st, int i)
{
  const unsigned char *s = sqlite3_column_text (st, i);
  return s ? g_strdup ((const char *) s) : NULL;
}

bool
sql_step_done (sqlite3_stmt *st)
{
  return sqlite3_step (st) == SQLITE_DONE;
}

int
sql_step_changes (sqlite3_stmt *st)
{
  if (!sql_step_done (st))
    return -EIO;
  return sqlite3_changes (sqlite3_db_handle (st));
}

int
sql_run_texts (Conn *c, const char *sql, const char *const *values, size_t n_values)
{
  STMT st = sql_prep (c, sql);
  if (!st)
    return -EIO;
  for (size_t i = 0; i < n_values; i++)
    sql_bind_text (st, (int) i + 1, values[i]);
  return sql_step_changes (st);
}

int
sql_step_one (sqlite3_stmt *st)
{
  int rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    return 0;
  return rc == SQLITE_DONE ? -LS_E_NOT_FOUND : -EIO;
}

int
sql_collect_rows (sqlite3_stmt *st, void *(*row_new) (sqlite3_stmt *st), GDestroyNotify row_free,
                  GPtrArray **ret)
{
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func (row_free);
  int rc;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    g_ptr_array_add (list, row_new (st));
  if (rc != SQLITE_DONE)
    return -EIO;
  *ret = g_steal_pointer (&list);
  return 0;
}

Conn *
sqlite_reader_acquire (SqliteStore *s)
{
  Conn *c = NULL;
  g_mutex_lock (&s->pool_lock);
  if (s->pool->len)
    c = g_ptr_array_steal_index_fast (s->pool, s->pool->len - 1);
  g_mutex_unlock (&s->pool_lock);
  if (c)
    return c;
  sqlite3 *db = NULL;
  if (sqlite3_open_v2 (s->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      sqlite3_close_v2 (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  sqlite3_exec (db, "PRAGMA query_only = ON", NULL, NULL, NULL);
  return conn_new (db);
}

void
sqlite_reader_release (SqliteStore *s, Conn *c)
{
  g_mutex_lock (&s->pool_lock);
  if (s->pool->len < READERS_KEPT)
    {
      g_ptr_array_add (s->pool, c);
      c = NULL;
    }
  g_mutex_unlock (&s->pool_lock);
  conn_free (c); /* past a burst, extra connections go */
}

typedef struct
{
  Conn *c;
  ConnWriteFn fn;
  void *data;
} ConnWrite;

static int
conn_write_apply (sqlite3 *db, void *data)
{
  ConnWrite *w = data;
  return w->fn (w->c, w->data);
}

int
sqlite_write_run (SqliteStore *s, ConnWriteFn fn, void *data)
{
  ConnWrite w = { s->wconn, fn, data };
  return ls_writer_run (s->writer, conn_write_apply, &w);
}

typedef struct
{
  ConnWrite write;
  LsWriteDone done;
  void *done_data;
} ConnSubmit;

static void
conn_submit_done (int result, void *data)
{
  ConnSubmit *sub = data;
  sub->done (result, sub->done_data);
  g_free (sub);
}

void
sqlite_write_submit (SqliteStore *s, ConnWriteFn fn, void *data, LsWriteDone done, void *done_data)
{
  ConnSubmit *sub = g_new (ConnSubmit, 1);
  *sub = (ConnSubmit){ { s->wconn, fn, data }, done, done_data };
  ls_writer_submit (s->writer, conn_write_apply, &sub->write, conn_submit_done, sub);
}

/* --- open and migrate ---------------------------------------------------------------- */

static int
migrate (sqlite3 *db)
{
  if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return -EIO;
  sqlite3_stmt *st = NULL;
  int version = 0;
  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step (st) == SQLITE_ROW)
    version = sqlite3_column_int (st, 0);
  sqlite3_finalize (st);
  int n = (int) G_N_ELEMENTS (migrations);
  if (version > n)
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return -EPROTO; /* a newer schema than this binary knows */
    }
  for (int i = version; i < n; i++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", i + 1);
      if (sqlite3_exec (db, migrations[i], NULL, NULL, NULL) != SQLITE_OK ||
          sqlite3_exec (db, bump, NULL, NULL, NULL) != SQLITE_OK)
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return -EIO;
        }
    }
  return sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -EIO;
}

static const LsStoreOps sqlite_ops;

int
ls_store_sqlite_open (const char *path, LsStore **ret)
{
  sqlite3 *db = NULL;
  if (!path || !*path || strcmp (path, ":memory:") == 0)
    return -EINVAL;
  /* ticket ids come from randombytes_buf on the writer thread: initialise first */
  if (sodium_init () < 0)
    return -EIO;
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      sqlite3_close_v2 (db);
      return -EIO;
    }
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  if (sqlite3_exec (db,
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                    "PRAGMA foreign_keys = ON; PRAGMA journal_size_limit = 67108864;",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      sqlite3_close_v2 (db);
      return -EIO;
    }
  int r = migrate (db);
  if (r < 0)
    {
      sqlite3_close_v2 (db);
      return r;
    }
  SqliteStore *s = g_new0 (SqliteStore, 1);
  s->base.ops = &sqlite_ops;
  s->path = g_strdup (path);
  s->wconn = conn_new (db);
  g_mutex_init (&s->pool_lock);
  s->pool = g_ptr_array_new_with_free_func ((GDestroyNotify) conn_free);
  s->writer = ls_writer_start (db, path);
  *ret = &s->base;
  return 0;
}

static void
sqlite_close (LsStore *base)
{
  SqliteStore *s = (SqliteStore *) base;
  /* finalize the writer's statements on this thread once the writer has stopped */
  ls_writer_stop (s->writer); /* closes the connection after its statements... */
  g_hash_table_unref (s->wconn->stmts);
  g_free (s->wconn);
  g_ptr_array_unref (s->pool);
  g_mutex_clear (&s->pool_lock);
  g_free (s->path);
  g_free (s);
}

static const LsStoreOps sqlite_ops = {
  .name = "sqlite",
  .sql = &sqlite_sql_backend,
  .close = sqlite_close,
  .seed = ls_sql_seed,
  .load_catalog = ls_sql_load_catalog,
  .slot_usage = ls_sql_slot_usage,
  .idem_lookup = ls_sql_idem_lookup,
  .booking_create = sqlite_booking_create,
  .booking_create_async = sqlite_booking_create_async,
  .booking_get = ls_sql_booking_get,
  .booking_find_active = ls_sql_booking_find_active,
  .bookings_of_cccd = ls_sql_bookings_of_cccd,
  .booking_cancel = sqlite_booking_cancel,
  .ticket_issue = sqlite_ticket_issue,
  .ticket_get = ls_sql_ticket_get,
  .ticket_print_result = sqlite_ticket_print_result,
  .kiosk_by_token_hash = sqlite_kiosk_by_token_hash,
  .kiosk_rotate_token = sqlite_kiosk_rotate_token,
  .notices_of_unit = sqlite_notices_of_unit,
  .purge_before = sqlite_purge_before,
  .lookup_counters = ls_sql_lookup_counters,
  .lookup_fail = sqlite_lookup_fail,
  .staff_user_create = ls_sql_staff_user_create,
  .staff_user_by_username = ls_sql_staff_user_by_username,
  .staff_session_create = ls_sql_staff_session_create,
  .staff_session_get = sqlite_staff_session_get,
  .staff_session_delete = ls_sql_staff_session_delete,
  .audit_add = ls_sql_audit_add,
  .staff_user_get = ls_sql_staff_user_get,
  .staff_user_disable = ls_sql_staff_user_disable,
  .counter_create = ls_sql_counter_create,
  .counter_get = sqlite_counter_get,
  .counters_of_unit = sqlite_counters_of_unit,
  .queue_policy_get = ls_sql_queue_policy_get,
  .queue_policy_set = ls_sql_queue_policy_set,
  .queue_waiting = ls_sql_queue_waiting,
  .queue_skipped = ls_sql_queue_skipped,
  .queue_ticket_get = ls_sql_queue_ticket_get,
  .service_times = ls_sql_service_times,
  .queue_act = sqlite_queue_act,
  .events_since = sqlite_events_since,
  .unit_snapshot = sqlite_unit_snapshot,
  .event_get = sqlite_event_get,
  .stats_rows = sqlite_stats_rows,
  .unit_update = ls_sql_unit_update,
  .field_put = sqlite_field_put,
  .capacity_change = sqlite_capacity_change,
  .setting_set = ls_sql_setting_set,
  .setting_get = ls_sql_setting_get,
  .notice_put = ls_sql_notice_put,
  .notice_publish = ls_sql_notice_publish,
  .notices_admin = sqlite_notices_admin,
  .booking_over_capacity = ls_sql_booking_over_capacity,
  .audit_search = sqlite_audit_search,
  .kiosk_create = ls_sql_kiosk_create,
  .kiosk_rotate_in_unit = ls_sql_kiosk_rotate_in_unit,
  .kiosk_revoke = ls_sql_kiosk_revoke,
  .kiosks_of_unit = ls_sql_kiosks_of_unit,
  .kiosk_seen = sqlite_kiosk_seen,
  .staff_users_of_unit = sqlite_staff_users_of_unit,
};
