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
 *  - ticket numbers: an upserted counter row, `… RETURNING last`. */
#include "store.h"

#include "clock.h"
#include "writer.h"

#include <errno.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>

#define BUSY_TIMEOUT_MS 10000
#define CODE_ATTEMPTS   64
#define READERS_KEPT    32  /* idle read connections kept open */

typedef struct {
  sqlite3    *db;
  GHashTable *stmts;  /* SQL text (static) -> sqlite3_stmt* */
} Conn;

typedef struct {
  LsStore   base;
  char     *path;
  Conn     *wconn;    /* used on the writer thread only */
  LsWriter *writer;
  GMutex    pool_lock;
  GPtrArray *pool;    /* idle read Conn* */
} SqliteStore;

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
};

/* --- connections and statements ---------------------------------------------------- */

static void
stmt_finalize(gpointer st)
{
  sqlite3_finalize(st);
}

static Conn *
conn_new(sqlite3 *db)
{
  Conn *c = g_new0(Conn, 1);
  c->db = db;
  c->stmts = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, stmt_finalize);
  return c;
}

static void
conn_free(Conn *c)
{
  if (!c)
    return;
  g_hash_table_unref(c->stmts);
  sqlite3_close_v2(c->db);
  g_free(c);
}

/* A cached prepared statement, reset. NULL on error (logged as a bug: SQL is static). */
static sqlite3_stmt *
prep(Conn *c, const char *sql)
{
  sqlite3_stmt *st = g_hash_table_lookup(c->stmts, sql);
  if (st) {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
  }
  if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
    g_warning("sqlite prepare: %s", sqlite3_errmsg(c->db));
    return NULL;
  }
  g_hash_table_insert(c->stmts, (gpointer) sql, st);
  return st;
}

static void
stmt_reset(sqlite3_stmt **st)
{
  if (*st)
    sqlite3_reset(*st);
}
/* Resets the statement when it goes out of scope, so no read transaction stays open. */
#define STMT __attribute__((cleanup(stmt_reset))) sqlite3_stmt *

static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
  if (s)
    sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null(st, i);
}

static char *
col_dup(sqlite3_stmt *st, int i)
{
  const unsigned char *s = sqlite3_column_text(st, i);
  return s ? g_strdup((const char *) s) : NULL;
}

static bool
step_done(sqlite3_stmt *st)
{
  int rc = sqlite3_step(st);
  if (rc != SQLITE_DONE)
    g_warning("sqlite: %s", sqlite3_errmsg(sqlite3_db_handle(st)));
  return rc == SQLITE_DONE;
}

/* Runs a write statement to its end: how many rows it changed, or -EIO. */
static int
step_changes(sqlite3_stmt *st)
{
  if (!step_done(st))
    return -EIO;
  return sqlite3_changes(sqlite3_db_handle(st));
}

/* Steps a statement that gives at most one row: 0 on a row, -LS_E_NOT_FOUND without. */
static int
step_one(sqlite3_stmt *st)
{
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    return 0;
  return rc == SQLITE_DONE ? -LS_E_NOT_FOUND : -EIO;
}

/* Every row of st, each made by row_new and freed by row_free, into a new array. */
static int
collect_rows(sqlite3_stmt *st, void *(*row_new)(sqlite3_stmt *st), GDestroyNotify row_free,
             GPtrArray **ret)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func(row_free);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    g_ptr_array_add(list, row_new(st));
  if (rc != SQLITE_DONE)
    return -EIO;
  *ret = g_steal_pointer(&list);
  return 0;
}

static Conn *
reader_acquire(SqliteStore *s)
{
  Conn *c = NULL;
  g_mutex_lock(&s->pool_lock);
  if (s->pool->len)
    c = g_ptr_array_steal_index_fast(s->pool, s->pool->len - 1);
  g_mutex_unlock(&s->pool_lock);
  if (c)
    return c;
  sqlite3 *db = NULL;
  if (sqlite3_open_v2(s->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
    sqlite3_close_v2(db);
    return NULL;
  }
  sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
  sqlite3_exec(db, "PRAGMA query_only = ON", NULL, NULL, NULL);
  return conn_new(db);
}

static void
reader_release(SqliteStore *s, Conn *c)
{
  g_mutex_lock(&s->pool_lock);
  if (s->pool->len < READERS_KEPT) {
    g_ptr_array_add(s->pool, c);
    c = NULL;
  }
  g_mutex_unlock(&s->pool_lock);
  conn_free(c);  /* past a burst, extra connections go */
}

/* Returns what `call` returns when run with a pooled read connection `c` (-EIO without). */
#define ON_READER(base, call)                 \
  do {                                        \
    SqliteStore *reader_store_ = (SqliteStore *) (base); \
    Conn *c = reader_acquire(reader_store_);  \
    if (!c)                                   \
      return -EIO;                            \
    int reader_result_ = (call);              \
    reader_release(reader_store_, c);         \
    return reader_result_;                    \
  } while (0)

/* A write on the writer's connection, inside its savepoint (see LsWriteFn). */
typedef int (*ConnWriteFn)(Conn *c, void *data);

typedef struct {
  Conn       *c;
  ConnWriteFn fn;
  void       *data;
} ConnWrite;

static int
conn_write_apply(sqlite3 *db, void *data)
{
  ConnWrite *w = data;
  return w->fn(w->c, w->data);
}

/* Runs fn on the writer thread and waits until its transaction is committed. */
static int
write_run(SqliteStore *s, ConnWriteFn fn, void *data)
{
  ConnWrite w = { s->wconn, fn, data };
  return ls_writer_run(s->writer, conn_write_apply, &w);
}

/* --- open and migrate ---------------------------------------------------------------- */

static int
migrate(sqlite3 *db)
{
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return -EIO;
  sqlite3_stmt *st = NULL;
  int version = 0;
  if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    version = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  int n = (int) G_N_ELEMENTS(migrations);
  if (version > n) {
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return -EPROTO;  /* a newer schema than this binary knows */
  }
  for (int i = version; i < n; i++) {
    g_autofree char *bump = g_strdup_printf("PRAGMA user_version = %d", i + 1);
    if (sqlite3_exec(db, migrations[i], NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db, bump, NULL, NULL, NULL) != SQLITE_OK) {
      g_printerr("layso-server: migration %d failed: %s\n", i + 1, sqlite3_errmsg(db));
      sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
      return -EIO;
    }
  }
  return sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -EIO;
}

static const LsStoreOps sqlite_ops;

int
ls_store_sqlite_open(const char *path, LsStore **ret)
{
  sqlite3 *db = NULL;
  if (!path || !*path || strcmp(path, ":memory:") == 0)
    return -EINVAL;
  /* ticket ids come from randombytes_buf on the writer thread: initialise first */
  if (sodium_init() < 0)
    return -EIO;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      NULL) != SQLITE_OK) {
    sqlite3_close_v2(db);
    return -EIO;
  }
  sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
  if (sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                       "PRAGMA foreign_keys = ON; PRAGMA journal_size_limit = 67108864;", NULL, NULL, NULL) != SQLITE_OK) {
    sqlite3_close_v2(db);
    return -EIO;
  }
  int r = migrate(db);
  if (r < 0) {
    sqlite3_close_v2(db);
    return r;
  }
  SqliteStore *s = g_new0(SqliteStore, 1);
  s->base.ops = &sqlite_ops;
  s->path = g_strdup(path);
  s->wconn = conn_new(db);
  g_mutex_init(&s->pool_lock);
  s->pool = g_ptr_array_new_with_free_func((GDestroyNotify) conn_free);
  s->writer = ls_writer_start(db, path);
  *ret = &s->base;
  return 0;
}

static void
sqlite_close(LsStore *base)
{
  SqliteStore *s = (SqliteStore *) base;
  /* finalize the writer's statements on this thread once the writer has stopped */
  ls_writer_stop(s->writer);  /* closes the connection after its statements... */
  g_hash_table_unref(s->wconn->stmts);
  g_free(s->wconn);
  g_ptr_array_unref(s->pool);
  g_mutex_clear(&s->pool_lock);
  g_free(s->path);
  g_free(s);
}

/* --- idempotency -------------------------------------------------------------------------- */

/* 1 and *ret = the stored reply, 0 if the key is new, -LS_E_IDEM_MISMATCH, -EIO. */
static int
idem_find(Conn *c, const LsIdem *idem, LsReply *ret)
{
  STMT st = prep(c, "SELECT request_hash, status, body FROM idempotency WHERE scope = ? AND key = ?");
  if (!st)
    return -EIO;
  bind_text(st, 1, idem->scope);
  bind_text(st, 2, idem->key);
  int r = step_one(st);
  if (r == -LS_E_NOT_FOUND)
    return 0;
  if (r < 0)
    return r;
  if (strcmp((const char *) sqlite3_column_text(st, 0), idem->hash) != 0)
    return -LS_E_IDEM_MISMATCH;
  ret->status = (unsigned) sqlite3_column_int(st, 1);
  ret->body = col_dup(st, 2);
  return 1;
}

static int
idem_store(Conn *c, const LsIdem *idem, const LsReply *reply, const char *now)
{
  STMT st = prep(c, "INSERT INTO idempotency (scope, key, request_hash, status, body, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)");
  if (!st)
    return -EIO;
  bind_text(st, 1, idem->scope);
  bind_text(st, 2, idem->key);
  bind_text(st, 3, idem->hash);
  sqlite3_bind_int(st, 4, (int) reply->status);
  bind_text(st, 5, reply->body);
  bind_text(st, 6, now);
  return step_done(st) ? 0 : -EIO;
}

static int
sqlite_idem_lookup(LsStore *base, const LsIdem *idem, LsReply *ret)
{
  ON_READER(base, idem_find(c, idem, ret));
}

/* What booking create and ticket issue share: an idempotent write. The op embeds an
 * IdemWrite as its first member; apply() writes, render() fills reply from what it wrote. */
typedef struct IdemWrite IdemWrite;
struct IdemWrite {
  const LsIdem *idem;  /* NULL: no key */
  const char   *now;
  int         (*apply)(Conn *c, IdemWrite *w);
  void        (*render)(IdemWrite *w);
  LsReply       reply;
  bool          replayed;
};

/* With a key, a stored reply is replayed instead of writing again, and a new reply is
 * stored in the same transaction as the write. */
static int
idem_write_apply(Conn *c, void *data)
{
  IdemWrite *w = data;
  int r;
  if (w->idem) {
    r = idem_find(c, w->idem, &w->reply);
    if (r != 0) {
      w->replayed = r > 0;
      return r < 0 ? r : 0;
    }
  }
  if ((r = w->apply(c, w)) < 0)
    return r;
  if (!w->idem)
    return 0;
  w->render(w);
  return idem_store(c, w->idem, &w->reply, w->now);
}

static int
idem_write_run(SqliteStore *s, IdemWrite *w, LsReply *ret, bool *ret_replayed)
{
  int r = write_run(s, idem_write_apply, w);
  if (r < 0) {
    g_free(w->reply.body);
    return r;
  }
  /* without a key the reply is rendered after the commit, off the writer thread */
  if (!w->idem)
    w->render(w);
  *ret = w->reply;
  *ret_replayed = w->replayed;
  return 0;
}

/* --- bookings ------------------------------------------------------------------------------ */

#define BOOKING_COLS \
  "id, code, unit_id, field_id, slot_id, date, name, cccd, phone, status, created_at"

static void *
booking_from_row(sqlite3_stmt *st)
{
  LsBooking *b = g_new0(LsBooking, 1);
  b->id = sqlite3_column_int64(st, 0);
  g_strlcpy(b->code, (const char *) sqlite3_column_text(st, 1), sizeof b->code);
  b->unit_id = col_dup(st, 2);
  b->field_id = col_dup(st, 3);
  b->slot_id = col_dup(st, 4);
  g_strlcpy(b->date, (const char *) sqlite3_column_text(st, 5), sizeof b->date);
  b->name = col_dup(st, 6);
  b->cccd = col_dup(st, 7);
  b->phone = col_dup(st, 8);
  b->status = col_dup(st, 9);
  b->created_at = col_dup(st, 10);
  return b;
}

void
ls_booking_free(LsBooking *b)
{
  if (!b)
    return;
  g_free(b->unit_id);
  g_free(b->field_id);
  g_free(b->slot_id);
  g_free(b->name);
  g_free(b->cccd);
  g_free(b->phone);
  g_free(b->status);
  g_free(b->created_at);
  g_free(b);
}

static int
slot_usage(Conn *c, const LsUnit *unit, const char *field_id, const char *date, int *ret_used)
{
  STMT st = prep(c, "SELECT slot_id, used FROM slot_usage WHERE unit_id = ? AND field_id = ?"
                    " AND date = ?");
  if (!st)
    return -EIO;
  bind_text(st, 1, unit->id);
  bind_text(st, 2, field_id);
  bind_text(st, 3, date);
  for (guint i = 0; i < unit->slots->len; i++)
    ret_used[i] = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int i = ls_unit_slot_index(unit, (const char *) sqlite3_column_text(st, 0));
    if (i >= 0)
      ret_used[i] = sqlite3_column_int(st, 1);
  }
  return rc == SQLITE_DONE ? 0 : -EIO;
}

static int
sqlite_slot_usage(LsStore *base, const LsUnit *unit, const char *field_id, const char *date,
                  int *ret_used)
{
  ON_READER(base, slot_usage(c, unit, field_id, date, ret_used));
}

static int
booking_select_one(Conn *c, const char *sql, const char *a, const char *b, LsBooking **ret)
{
  STMT st = prep(c, sql);
  if (!st)
    return -EIO;
  bind_text(st, 1, a);
  bind_text(st, 2, b);
  int r = step_one(st);
  if (r < 0)
    return r;
  *ret = booking_from_row(st);
  return 0;
}

static int
sqlite_booking_get(LsStore *base, const char *code, const char *cccd, LsBooking **ret)
{
  ON_READER(base, booking_select_one(c, "SELECT " BOOKING_COLS " FROM bookings WHERE code = ?"
                                        " AND cccd = ? ORDER BY id DESC LIMIT 1", code, cccd, ret));
}

static int
sqlite_booking_find_active(LsStore *base, const char *unit_id, const char *code, LsBooking **ret)
{
  ON_READER(base, booking_select_one(c, "SELECT " BOOKING_COLS " FROM bookings WHERE unit_id = ?"
                                        " AND code = ? AND status = 'booked'", unit_id, code, ret));
}

static int
bookings_of_cccd(Conn *c, const char *unit_id, const char *cccd, const char *date, GPtrArray **ret)
{
  STMT st = prep(c, "SELECT " BOOKING_COLS " FROM bookings WHERE unit_id = ? AND date = ?"
                    " AND cccd = ? ORDER BY id");
  if (!st)
    return -EIO;
  bind_text(st, 1, unit_id);
  bind_text(st, 2, date);
  bind_text(st, 3, cccd);
  return collect_rows(st, booking_from_row, (GDestroyNotify) ls_booking_free, ret);
}

static int
sqlite_bookings_of_cccd(LsStore *base, const char *unit_id, const char *cccd, const char *date,
                        GPtrArray **ret)
{
  ON_READER(base, bookings_of_cccd(c, unit_id, cccd, date, ret));
}

/* Moves a booking on from 'booked' with `sql`, which binds now and the id: 0, or
 * -LS_E_USED if it is not booked any more (single use, in SQL). */
static int
booking_leave_booked(Conn *c, const char *sql, gint64 id, const char *now)
{
  STMT st = prep(c, sql);
  if (!st)
    return -EIO;
  bind_text(st, 1, now);
  sqlite3_bind_int64(st, 2, id);
  int changed = step_changes(st);
  if (changed < 0)
    return changed;
  return changed ? 0 : -LS_E_USED;
}

/* --- booking create ------------------------------------------------------------------------ */

typedef struct {
  IdemWrite             w;
  const LsBookingInput *in;
  LsRenderBooking       render;
  void                 *user_data;
  LsBooking             booking;
} BookingOp;

/* Inserts the booking unless the CCCD already holds its maximum: 0 and *ret_id,
 * -LS_E_DUPLICATE, -EEXIST (code taken by an active booking: retry), -EIO. */
static int
insert_booking(Conn *c, const LsBookingInput *in, const char *code, gint64 *ret_id)
{
  STMT st = prep(c,
      "INSERT INTO bookings (code, unit_id, field_id, date, slot_id, name, cccd, phone, status,"
      " consent_at, created_at)"
      " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'booked', ?9, ?9"
      " WHERE (SELECT count(*) FROM bookings WHERE cccd = ?7 AND unit_id = ?2 AND date = ?4"
      "        AND field_id = ?3 AND status = 'booked') < ?10");
  if (!st)
    return -EIO;
  bind_text(st, 1, code);
  bind_text(st, 2, in->unit_id);
  bind_text(st, 3, in->field_id);
  bind_text(st, 4, in->date);
  bind_text(st, 5, in->slot_id);
  bind_text(st, 6, in->name);
  bind_text(st, 7, in->cccd);
  bind_text(st, 8, in->phone);
  bind_text(st, 9, in->now);
  sqlite3_bind_int(st, 10, (int) in->max_active_per_cccd);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_CONSTRAINT && sqlite3_extended_errcode(c->db) == SQLITE_CONSTRAINT_UNIQUE)
    return -EEXIST;
  if (rc != SQLITE_DONE)
    return -EIO;
  if (sqlite3_changes(c->db) == 0)
    return -LS_E_DUPLICATE;
  *ret_id = sqlite3_last_insert_rowid(c->db);
  return 0;
}

/* Takes a seat in one statement: the first seat creates the counter row, later ones bump
 * it while used < capacity. 0, or -LS_E_SLOT_FULL when every seat is taken. */
static int
take_seat(Conn *c, const char *unit_id, const char *field_id, const char *date,
          const char *slot_id)
{
  STMT st = prep(c,
      "INSERT INTO slot_usage (unit_id, field_id, date, slot_id, used)"
      " SELECT ?1, ?2, ?3, ?4, 1 WHERE (SELECT capacity FROM slots WHERE unit_id = ?1 AND id = ?4) > 0"
      " ON CONFLICT DO UPDATE SET used = used + 1"
      " WHERE used < (SELECT capacity FROM slots WHERE unit_id = ?1 AND id = ?4)");
  if (!st)
    return -EIO;
  bind_text(st, 1, unit_id);
  bind_text(st, 2, field_id);
  bind_text(st, 3, date);
  bind_text(st, 4, slot_id);
  int changed = step_changes(st);
  if (changed < 0)
    return changed;
  return changed == 1 ? 0 : -LS_E_SLOT_FULL;
}

static int
booking_apply(Conn *c, IdemWrite *w)
{
  BookingOp *op = (BookingOp *) w;
  const LsBookingInput *in = op->in;
  int r;

  gint64 id = 0;
  char code[LAYSO_CODE_LEN + 1];
  for (int attempt = 0;; attempt++) {
    layso_code_generate(code);
    r = insert_booking(c, in, code, &id);
    if (r != -EEXIST)
      break;
    if (attempt >= CODE_ATTEMPTS)
      return -EIO;
  }
  if (r < 0)
    return r;
  if ((r = take_seat(c, in->unit_id, in->field_id, in->date, in->slot_id)) < 0)
    return r;
  /* the row is exactly the input: no need to read it back */
  LsBooking *b = &op->booking;
  b->id = id;
  memcpy(b->code, code, sizeof b->code);
  g_strlcpy(b->date, in->date, sizeof b->date);
  b->unit_id = (char *) in->unit_id;
  b->field_id = (char *) in->field_id;
  b->slot_id = (char *) in->slot_id;
  b->name = (char *) in->name;
  b->cccd = (char *) in->cccd;
  b->phone = (char *) in->phone;
  b->status = (char *) "booked";
  b->created_at = (char *) in->now;
  return 0;
}

static void
booking_render(IdemWrite *w)
{
  BookingOp *op = (BookingOp *) w;
  op->render(&op->booking, op->user_data, &w->reply);
}

static int
sqlite_booking_create(LsStore *base, const LsBookingInput *in, const LsIdem *idem,
                      LsRenderBooking render, void *user_data, LsReply *ret, bool *ret_replayed)
{
  BookingOp op = {
    .w = { .idem = idem, .now = in->now, .apply = booking_apply, .render = booking_render },
    .in = in, .render = render, .user_data = user_data,
  };
  return idem_write_run((SqliteStore *) base, &op.w, ret, ret_replayed);
}

/* --- cancel ---------------------------------------------------------------------------------- */

typedef struct {
  gint64      id;
  const char *now;
} CancelOp;

static int
cancel_apply(Conn *c, void *data)
{
  CancelOp *op = data;
  int r = booking_leave_booked(c, "UPDATE bookings SET status = 'cancelled', cancelled_at = ?"
                                  " WHERE id = ? AND status = 'booked'", op->id, op->now);
  if (r < 0)
    return r;
  STMT st = prep(c, "UPDATE slot_usage SET used = used - 1 WHERE used > 0 AND"
                    " (unit_id, field_id, date, slot_id) ="
                    " (SELECT unit_id, field_id, date, slot_id FROM bookings WHERE id = ?)");
  if (!st)
    return -EIO;
  sqlite3_bind_int64(st, 1, op->id);
  return step_done(st) ? 0 : -EIO;
}

static int
sqlite_booking_cancel(LsStore *base, gint64 booking_id, const char *now)
{
  CancelOp op = { booking_id, now };
  return write_run((SqliteStore *) base, cancel_apply, &op);
}

/* --- seeding ------------------------------------------------------------------------------ */

typedef struct {
  const LsSeed *seed;
  GPtrArray    *tokens;
} SeedOp;

static char *
hours_to_text(const LsUnit *u)
{
  GString *g = g_string_new(NULL);
  for (size_t i = 0; i < u->n_opening_hours; i++)
    g_string_append_printf(g, "%s%d-%d", i ? "," : "", u->opening_hours[i].start,
                           u->opening_hours[i].end);
  return g_string_free(g, FALSE);
}

static int
seed_unit(Conn *c, const LsUnit *u, int position)
{
  {
    g_autofree char *hours = hours_to_text(u);
    STMT st = prep(c, "INSERT OR IGNORE INTO units (id, name, address, checkin_lead_minutes,"
                      " working_weekdays, opening_hours, max_active_per_cccd, horizon_days,"
                      " minutes_per_ticket, position) VALUES (?,?,?,?,?,?,?,?,?,?)");
    if (!st)
      return -EIO;
    bind_text(st, 1, u->id);
    bind_text(st, 2, u->name);
    bind_text(st, 3, u->address);
    sqlite3_bind_int(st, 4, u->checkin_lead_minutes);
    sqlite3_bind_int(st, 5, u->working_weekdays);
    bind_text(st, 6, hours);
    sqlite3_bind_int(st, 7, (int) u->max_active_per_cccd);
    sqlite3_bind_int(st, 8, (int) u->horizon_days);
    sqlite3_bind_int(st, 9, (int) u->minutes_per_ticket);
    sqlite3_bind_int(st, 10, position);
    if (!step_done(st))
      return -EIO;
  }
  for (guint i = 0; i < u->fields->len; i++) {
    const LsField *f = g_ptr_array_index(u->fields, i);
    char prefix[2] = { f->prefix, 0 };
    STMT st = prep(c, "INSERT OR IGNORE INTO fields (unit_id, id, name, prefix, position)"
                      " VALUES (?,?,?,?,?)");
    if (!st)
      return -EIO;
    bind_text(st, 1, u->id);
    bind_text(st, 2, f->id);
    bind_text(st, 3, f->name);
    bind_text(st, 4, prefix);
    sqlite3_bind_int(st, 5, (int) i);
    if (!step_done(st))
      return -EIO;
  }
  for (guint i = 0; i < u->slots->len; i++) {
    const LsSlot *sl = g_ptr_array_index(u->slots, i);
    STMT st = prep(c, "INSERT OR IGNORE INTO slots (unit_id, id, start_min, end_min, capacity)"
                      " VALUES (?,?,?,?,?)");
    if (!st)
      return -EIO;
    bind_text(st, 1, u->id);
    bind_text(st, 2, sl->id);
    sqlite3_bind_int(st, 3, sl->start);
    sqlite3_bind_int(st, 4, sl->end);
    sqlite3_bind_int(st, 5, sl->capacity);
    if (!step_done(st))
      return -EIO;
  }
  return 0;
}

static int
seed_apply(Conn *c, void *data)
{
  SeedOp *op = data;
  const LsSeed *seed = op->seed;
  int r;

  for (guint i = 0; i < seed->catalog->units->len; i++)
    if ((r = seed_unit(c, g_ptr_array_index(seed->catalog->units, i), (int) i)) < 0)
      return r;
  for (guint i = 0; i < seed->catalog->holidays->len; i++) {
    char date[11];
    layso_date_format(&g_array_index(seed->catalog->holidays, GDate, i), date);
    STMT st = prep(c, "INSERT OR IGNORE INTO holidays (date) VALUES (?)");
    if (!st)
      return -EIO;
    bind_text(st, 1, date);
    if (!step_done(st))
      return -EIO;
  }
  for (guint i = 0; i < seed->notices->len; i++) {
    const LsNotice *n = g_ptr_array_index(seed->notices, i);
    STMT st = prep(c, "INSERT OR IGNORE INTO notices (id, unit_id, title, body, published_at)"
                      " VALUES (?,?,?,?,?)");
    if (!st)
      return -EIO;
    bind_text(st, 1, n->id);
    bind_text(st, 2, n->unit_id);
    bind_text(st, 3, n->title);
    bind_text(st, 4, n->body);
    bind_text(st, 5, n->published_at);
    if (!step_done(st))
      return -EIO;
  }
  for (guint i = 0; i < seed->kiosks->len; i++) {
    const LsKiosk *k = g_ptr_array_index(seed->kiosks, i);
    g_autofree char *token = layso_token_generate();
    char hash[65];
    layso_token_hash(token, hash);
    STMT st = prep(c, "INSERT OR IGNORE INTO kiosks (id, name, unit_id, token_hash)"
                      " VALUES (?,?,?,?)");
    if (!st)
      return -EIO;
    bind_text(st, 1, k->id);
    bind_text(st, 2, k->name);
    bind_text(st, 3, k->unit_id);
    bind_text(st, 4, hash);
    if (!step_done(st))
      return -EIO;
    if (sqlite3_changes(c->db) == 1)
      g_ptr_array_add(op->tokens, g_steal_pointer(&token));
  }
  return 0;
}

static int
sqlite_seed(LsStore *base, const LsSeed *seed, GPtrArray *ret_tokens)
{
  SqliteStore *s = (SqliteStore *) base;
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func(g_free);
  SeedOp op = { seed, tokens };
  int r = write_run(s, seed_apply, &op);
  if (r < 0)
    return r;
  for (guint i = 0; i < tokens->len; i++)
    g_ptr_array_add(ret_tokens, g_strdup(g_ptr_array_index(tokens, i)));
  return 0;
}

/* --- catalog ---------------------------------------------------------------------------- */

static void
parse_hours(LsUnit *u, const char *text)
{
  g_auto(GStrv) parts = g_strsplit(text ? text : "", ",", -1);
  guint n = g_strv_length(parts);
  u->opening_hours = g_new0(LaysoPeriod, MAX(n, 1));
  u->n_opening_hours = 0;
  for (guint i = 0; i < n; i++) {
    int a, b;
    if (sscanf(parts[i], "%d-%d", &a, &b) == 2)
      u->opening_hours[u->n_opening_hours++] = (LaysoPeriod) { a, b };
  }
}

static int
load_catalog(Conn *c, LsCatalog **ret)
{
  g_autoptr(LsCatalog) cat = ls_catalog_new();
  {
    STMT st = prep(c, "SELECT id, name, address, checkin_lead_minutes, working_weekdays,"
                      " opening_hours, max_active_per_cccd, horizon_days, minutes_per_ticket"
                      " FROM units ORDER BY position, id");
    if (!st)
      return -EIO;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      LsUnit *u = ls_unit_new();
      u->id = col_dup(st, 0);
      u->name = col_dup(st, 1);
      u->address = col_dup(st, 2);
      u->checkin_lead_minutes = sqlite3_column_int(st, 3);
      u->working_weekdays = (guint8) sqlite3_column_int(st, 4);
      parse_hours(u, (const char *) sqlite3_column_text(st, 5));
      u->max_active_per_cccd = (unsigned) sqlite3_column_int(st, 6);
      u->horizon_days = (unsigned) sqlite3_column_int(st, 7);
      u->minutes_per_ticket = (unsigned) sqlite3_column_int(st, 8);
      ls_catalog_add_unit(cat, u);
    }
    if (rc != SQLITE_DONE)
      return -EIO;
  }
  {
    STMT st = prep(c, "SELECT unit_id, id, name, prefix FROM fields ORDER BY unit_id, position");
    if (!st)
      return -EIO;
    while (sqlite3_step(st) == SQLITE_ROW) {
      LsUnit *u = g_hash_table_lookup(cat->by_id, sqlite3_column_text(st, 0));
      if (!u)
        continue;
      LsField *f = g_new0(LsField, 1);
      f->id = col_dup(st, 1);
      f->name = col_dup(st, 2);
      f->prefix = ((const char *) sqlite3_column_text(st, 3))[0];
      g_ptr_array_add(u->fields, f);
    }
  }
  {
    STMT st = prep(c, "SELECT unit_id, id, start_min, end_min, capacity FROM slots"
                      " ORDER BY unit_id, start_min, id");
    if (!st)
      return -EIO;
    while (sqlite3_step(st) == SQLITE_ROW) {
      LsUnit *u = g_hash_table_lookup(cat->by_id, sqlite3_column_text(st, 0));
      if (!u)
        continue;
      LsSlot *sl = g_new0(LsSlot, 1);
      sl->id = col_dup(st, 1);
      sl->start = sqlite3_column_int(st, 2);
      sl->end = sqlite3_column_int(st, 3);
      sl->capacity = sqlite3_column_int(st, 4);
      g_ptr_array_add(u->slots, sl);
    }
  }
  {
    STMT st = prep(c, "SELECT date FROM holidays ORDER BY date");
    if (!st)
      return -EIO;
    while (sqlite3_step(st) == SQLITE_ROW) {
      GDate d;
      if (layso_date_parse((const char *) sqlite3_column_text(st, 0), &d))
        g_array_append_val(cat->holidays, d);
    }
  }
  *ret = g_steal_pointer(&cat);
  return 0;
}

static int
sqlite_load_catalog(LsStore *base, LsCatalog **ret)
{
  ON_READER(base, load_catalog(c, ret));
}

/* --- kiosks and notices ---------------------------------------------------------------------- */

void
ls_kiosk_free(LsKiosk *k)
{
  if (!k)
    return;
  g_free(k->id);
  g_free(k->name);
  g_free(k->unit_id);
  g_free(k);
}

static int
kiosk_by_hash(Conn *c, const char *hash, LsKiosk **ret)
{
  STMT st = prep(c, "SELECT id, name, unit_id FROM kiosks WHERE token_hash = ?");
  if (!st)
    return -EIO;
  bind_text(st, 1, hash);
  int r = step_one(st);
  if (r < 0)
    return r;
  LsKiosk *k = g_new0(LsKiosk, 1);
  k->id = col_dup(st, 0);
  k->name = col_dup(st, 1);
  k->unit_id = col_dup(st, 2);
  *ret = k;
  return 0;
}

static int
sqlite_kiosk_by_token_hash(LsStore *base, const char *hash, LsKiosk **ret)
{
  ON_READER(base, kiosk_by_hash(c, hash, ret));
}

void
ls_notice_free(LsNotice *n)
{
  if (!n)
    return;
  g_free(n->id);
  g_free(n->unit_id);
  g_free(n->title);
  g_free(n->body);
  g_free(n->published_at);
  g_free(n);
}

static void *
notice_from_row(sqlite3_stmt *st)
{
  LsNotice *n = g_new0(LsNotice, 1);
  n->id = col_dup(st, 0);
  n->unit_id = col_dup(st, 1);
  n->title = col_dup(st, 2);
  n->body = col_dup(st, 3);
  n->published_at = col_dup(st, 4);
  return n;
}

static int
notices_of_unit(Conn *c, const char *unit_id, GPtrArray **ret)
{
  STMT st = prep(c, "SELECT id, unit_id, title, body, published_at FROM notices"
                    " WHERE ?1 IS NULL OR unit_id = ?1 ORDER BY published_at DESC, id");
  if (!st)
    return -EIO;
  bind_text(st, 1, unit_id);
  return collect_rows(st, notice_from_row, (GDestroyNotify) ls_notice_free, ret);
}

static int
sqlite_notices_of_unit(LsStore *base, const char *unit_id, GPtrArray **ret)
{
  ON_READER(base, notices_of_unit(c, unit_id, ret));
}

/* --- tickets --------------------------------------------------------------------------------- */

#define TICKET_COLS \
  "seq_id, id, unit_id, field_id, date, kind, number, priority, state, issued_at, booking_id"

void
ls_ticket_free(LsTicket *t)
{
  if (!t)
    return;
  g_free(t->id);
  g_free(t->unit_id);
  g_free(t->field_id);
  g_free(t->state);
  g_free(t->issued_at);
  g_free(t);
}

static LsTicket *
ticket_from_row(sqlite3_stmt *st, gint64 *ret_seq_id)
{
  LsTicket *t = g_new0(LsTicket, 1);
  *ret_seq_id = sqlite3_column_int64(st, 0);
  t->id = col_dup(st, 1);
  t->unit_id = col_dup(st, 2);
  t->field_id = col_dup(st, 3);
  g_strlcpy(t->date, (const char *) sqlite3_column_text(st, 4), sizeof t->date);
  t->kind = sqlite3_column_int(st, 5) ? LAYSO_TICKET_WALK_IN : LAYSO_TICKET_APPOINTMENT;
  g_strlcpy(t->number, (const char *) sqlite3_column_text(st, 6), sizeof t->number);
  t->priority = sqlite3_column_int(st, 7) != 0;
  t->state = col_dup(st, 8);
  t->issued_at = col_dup(st, 9);
  t->booking_id = sqlite3_column_int64(st, 10);
  return t;
}

/* Reads a ticket row and counts the waiting tickets issued before it. */
static int
ticket_load(Conn *c, const char *id, LsTicket **ret)
{
  g_autoptr(LsTicket) t = NULL;
  gint64 seq_id;
  {
    STMT st = prep(c, "SELECT " TICKET_COLS " FROM tickets WHERE id = ?");
    if (!st)
      return -EIO;
    bind_text(st, 1, id);
    int r = step_one(st);
    if (r < 0)
      return r;
    t = ticket_from_row(st, &seq_id);
  }
  if (strcmp(t->state, "waiting") == 0) {
    STMT st = prep(c, "SELECT count(*) FROM tickets WHERE unit_id = ? AND field_id = ?"
                      " AND date = ? AND state = 'waiting' AND seq_id < ?");
    if (!st)
      return -EIO;
    bind_text(st, 1, t->unit_id);
    bind_text(st, 2, t->field_id);
    bind_text(st, 3, t->date);
    sqlite3_bind_int64(st, 4, seq_id);
    if (sqlite3_step(st) != SQLITE_ROW)
      return -EIO;
    t->waiting_before = sqlite3_column_int(st, 0);
  }
  *ret = g_steal_pointer(&t);
  return 0;
}

static int
sqlite_ticket_get(LsStore *base, const char *id, LsTicket **ret)
{
  ON_READER(base, ticket_load(c, id, ret));
}

/* --- ticket issue (check-in and walk-in) ----------------------------------------------------- */

typedef struct {
  IdemWrite            w;
  const LsTicketInput *in;
  LsRenderTicket       render;
  void                *user_data;
  LsTicket             ticket;
  char                 id[21];
} TicketOp;

static void
random_id(char ret[static 21])
{
  guint8 raw[10];
  randombytes_buf(raw, sizeof raw);
  for (size_t i = 0; i < sizeof raw; i++)
    g_snprintf(ret + 2 * i, 3, "%02x", raw[i]);
}

/* The next number of unit+field+day+kind (an upserted counter row). */
static int
next_ticket_seq(Conn *c, const LsTicketInput *in, unsigned *ret_seq)
{
  STMT st = prep(c, "INSERT INTO ticket_counters (unit_id, field_id, date, kind, last)"
                    " VALUES (?, ?, ?, ?, 1)"
                    " ON CONFLICT DO UPDATE SET last = last + 1 RETURNING last");
  if (!st)
    return -EIO;
  bind_text(st, 1, in->unit_id);
  bind_text(st, 2, in->field_id);
  bind_text(st, 3, in->date);
  sqlite3_bind_int(st, 4, (int) in->kind);
  if (sqlite3_step(st) != SQLITE_ROW)
    return -EIO;
  *ret_seq = (unsigned) sqlite3_column_int(st, 0);
  return 0;
}

/* Counts the ticket as issued: how many tickets of unit+field+day wait before it. */
static int
queue_join(Conn *c, const LsTicketInput *in, int *ret_waiting_before)
{
  /* every ticket issued before this one that has not left the queue is waiting */
  STMT st = prep(c, "INSERT INTO queue_counters (unit_id, field_id, date, issued)"
                    " VALUES (?, ?, ?, 1)"
                    " ON CONFLICT DO UPDATE SET issued = issued + 1"
                    " RETURNING issued - 1 - left_queue");
  if (!st)
    return -EIO;
  bind_text(st, 1, in->unit_id);
  bind_text(st, 2, in->field_id);
  bind_text(st, 3, in->date);
  if (sqlite3_step(st) != SQLITE_ROW)
    return -EIO;
  *ret_waiting_before = MAX(0, sqlite3_column_int(st, 0));
  return 0;
}

static int
insert_ticket(Conn *c, const LsTicketInput *in, const char *id, unsigned seq, const char *number)
{
  STMT st = prep(c, "INSERT INTO tickets (id, unit_id, field_id, date, kind, seq, number,"
                    " priority, booking_id, kiosk_id, issued_at)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  if (!st)
    return -EIO;
  bind_text(st, 1, id);
  bind_text(st, 2, in->unit_id);
  bind_text(st, 3, in->field_id);
  bind_text(st, 4, in->date);
  sqlite3_bind_int(st, 5, (int) in->kind);
  sqlite3_bind_int(st, 6, (int) seq);
  bind_text(st, 7, number);
  sqlite3_bind_int(st, 8, in->priority);
  if (in->booking)
    sqlite3_bind_int64(st, 9, in->booking->id);
  bind_text(st, 10, in->kiosk_id);
  bind_text(st, 11, in->now);
  return step_done(st) ? 0 : -EIO;
}

static int
ticket_apply(Conn *c, IdemWrite *w)
{
  TicketOp *op = (TicketOp *) w;
  const LsTicketInput *in = op->in;
  LsTicket *t = &op->ticket;
  int r;

  if (in->booking &&
      (r = booking_leave_booked(c, "UPDATE bookings SET status = 'checked_in', checked_in_at = ?"
                                   " WHERE id = ? AND status = 'booked'", in->booking->id,
                                in->now)) < 0)
    return r;
  unsigned seq;
  if ((r = next_ticket_seq(c, in, &seq)) < 0 || (r = queue_join(c, in, &t->waiting_before)) < 0)
    return r;
  if (layso_ticket_number_format(in->prefix, in->kind, seq, t->number, sizeof t->number) < 0)
    return -EIO;
  random_id(op->id);
  if ((r = insert_ticket(c, in, op->id, seq, t->number)) < 0)
    return r;
  /* the rows are exactly the input: nothing to read back */
  t->id = op->id;
  t->unit_id = (char *) in->unit_id;
  t->field_id = (char *) in->field_id;
  g_strlcpy(t->date, in->date, sizeof t->date);
  t->kind = in->kind;
  t->priority = in->priority;
  t->state = (char *) "waiting";
  t->issued_at = (char *) in->now;
  t->booking_id = in->booking ? in->booking->id : 0;
  return 0;
}

static void
ticket_render(IdemWrite *w)
{
  TicketOp *op = (TicketOp *) w;
  op->render(&op->ticket, op->in->booking, op->user_data, &w->reply);
}

static int
sqlite_ticket_issue(LsStore *base, const LsTicketInput *in, const LsIdem *idem,
                    LsRenderTicket render, void *user_data, LsReply *ret, bool *ret_replayed)
{
  TicketOp op = {
    .w = { .idem = idem, .now = in->now, .apply = ticket_apply, .render = ticket_render },
    .in = in, .render = render, .user_data = user_data,
  };
  return idem_write_run((SqliteStore *) base, &op.w, ret, ret_replayed);
}

/* --- print results ----------------------------------------------------------------------------- */

typedef struct {
  const char *unit_id, *ticket_id, *reason, *now;
  bool        ok;
} PrintOp;

static int
print_apply(Conn *c, void *data)
{
  PrintOp *op = data;
  STMT st = prep(c, "UPDATE tickets SET print_ok = ?, print_reason = ?, printed_at = ?"
                    " WHERE id = ? AND unit_id = ?");
  if (!st)
    return -EIO;
  sqlite3_bind_int(st, 1, op->ok);
  bind_text(st, 2, op->reason);
  bind_text(st, 3, op->now);
  bind_text(st, 4, op->ticket_id);
  bind_text(st, 5, op->unit_id);
  int changed = step_changes(st);
  if (changed < 0)
    return changed;
  return changed == 1 ? 0 : -LS_E_NOT_FOUND;
}

static int
sqlite_ticket_print_result(LsStore *base, const char *unit_id, const char *ticket_id, bool ok,
                           const char *reason, const char *now)
{
  PrintOp op = { unit_id, ticket_id, reason, now, ok };
  return write_run((SqliteStore *) base, print_apply, &op);
}

/* --- retention ------------------------------------------------------------------------------- */

typedef struct {
  const char *date, *idem_before, *now;
  int         purged;
} PurgeOp;

static int
purge_apply(Conn *c, void *data)
{
  PurgeOp *op = data;
  {
    /* a booking not used by the end of its day is a no-show; its code is free again */
    STMT st = prep(c, "UPDATE bookings SET status = 'expired' WHERE status = 'booked'"
                      " AND date < substr(?, 1, 10)");
    if (!st)
      return -EIO;
    bind_text(st, 1, op->now);
    if (!step_done(st))
      return -EIO;
  }
  {
    STMT st = prep(c, "UPDATE bookings SET name = NULL, cccd = NULL, phone = NULL,"
                      " purged_at = ? WHERE date < ? AND purged_at IS NULL");
    if (!st)
      return -EIO;
    bind_text(st, 1, op->now);
    bind_text(st, 2, op->date);
    if ((op->purged = step_changes(st)) < 0)
      return op->purged;
  }
  /* stored replies hold personal data too; a retry comes within minutes, not days */
  STMT st = prep(c, "DELETE FROM idempotency WHERE created_at < ?");
  if (!st)
    return -EIO;
  bind_text(st, 1, op->idem_before);
  return step_done(st) ? 0 : -EIO;
}

static int
sqlite_purge_before(LsStore *base, const char *date, const char *idem_before, const char *now)
{
  PurgeOp op = { date, idem_before, now, 0 };
  int r = write_run((SqliteStore *) base, purge_apply, &op);
  return r < 0 ? r : op.purged;
}


static const LsStoreOps sqlite_ops = {
  .name = "sqlite",
  .close = sqlite_close,
  .seed = sqlite_seed,
  .load_catalog = sqlite_load_catalog,
  .slot_usage = sqlite_slot_usage,
  .idem_lookup = sqlite_idem_lookup,
  .booking_create = sqlite_booking_create,
  .booking_get = sqlite_booking_get,
  .booking_find_active = sqlite_booking_find_active,
  .bookings_of_cccd = sqlite_bookings_of_cccd,
  .booking_cancel = sqlite_booking_cancel,
  .ticket_issue = sqlite_ticket_issue,
  .ticket_get = sqlite_ticket_get,
  .ticket_print_result = sqlite_ticket_print_result,
  .kiosk_by_token_hash = sqlite_kiosk_by_token_hash,
  .notices_of_unit = sqlite_notices_of_unit,
  .purge_before = sqlite_purge_before,
};
