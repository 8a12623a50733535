/* Shared by the files of the SQLite backend (store-sqlite*.c), nothing else: connections,
 * statement helpers, the bridge to the writer thread, and the ops each file implements. */
#pragma once

#include "store/store.h"
#include "store/store-shared.h"
#include "store/store-sql.h"
#include "store/store-text.h"
#include "store/sqlite/writer.h"

#include <sqlite3.h>

typedef struct
{
  LsSql sql; /* the connection under store-sql.h */
  sqlite3 *db;
  GHashTable *stmts; /* SQL text (static) -> sqlite3_stmt* */
} Conn;

static inline Conn *
sqlite_conn_of (LsSql *c)
{
  return (Conn *) ((char *) c - G_STRUCT_OFFSET (Conn, sql));
}

typedef struct
{
  LsStore base;
  char *path;
  Conn *wconn; /* used on the writer thread only */
  LsWriter *writer;
  GMutex pool_lock;
  GPtrArray *pool; /* idle read Conn* */
} SqliteStore;

/* --- statements (store-sqlite.c) ------------------------------------------------------ */

/* A cached prepared statement, reset. NULL on error: the callers return -EIO and the route
 * layer logs it (the store itself never logs). */
sqlite3_stmt *sql_prep (Conn *c, const char *sql);

static inline void
sql_stmt_reset (sqlite3_stmt **st)
{
  if (*st)
    sqlite3_reset (*st);
}
/* Resets the statement when it goes out of scope, so no read transaction stays open. */
#define STMT __attribute__ ((cleanup (sql_stmt_reset))) sqlite3_stmt *

void sql_bind_text (sqlite3_stmt *st, int i, const char *s); /* NULL binds NULL */
char *sql_col_dup (sqlite3_stmt *st, int i);                 /* NULL for NULL */
bool sql_step_done (sqlite3_stmt *st);
/* Runs a write statement to its end: how many rows it changed, or -EIO. */
int sql_step_changes (sqlite3_stmt *st);
/* Steps a statement that gives at most one row: 0 on a row, -LS_E_NOT_FOUND without. */
int sql_step_one (sqlite3_stmt *st);
/* Runs `sql` with text values bound in order (NULL binds NULL): how many rows it changed,
 * or -EIO. SQL_RUN(c, sql, a, b, …) counts the values. */
int sql_run_texts (Conn *c, const char *sql, const char *const *values, size_t n_values);
#define SQL_RUN(c, sql, ...)                                                                       \
  sql_run_texts ((c), (sql), (const char *const[]){ __VA_ARGS__ },                                 \
                 G_N_ELEMENTS (((const char *const[]){ __VA_ARGS__ })))
/* Every row of st, each made by row_new and freed by row_free, into a new array. */
int sql_collect_rows (sqlite3_stmt *st, void *(*row_new) (sqlite3_stmt *st),
                      GDestroyNotify row_free, GPtrArray **ret);

/* --- connections (store-sqlite.c) ----------------------------------------------------- */

/* A pooled read-only connection, NULL if none can be opened. */
Conn *sqlite_reader_acquire (SqliteStore *s);
void sqlite_reader_release (SqliteStore *s, Conn *c);

/* Returns what `call` returns when run with a pooled read connection `c` (-EIO without). */
#define ON_READER(base, call)                                                                      \
  do                                                                                               \
    {                                                                                              \
      SqliteStore *reader_store_ = (SqliteStore *) (base);                                         \
      Conn *c = sqlite_reader_acquire (reader_store_);                                             \
      if (!c)                                                                                      \
        return -EIO;                                                                               \
      int reader_result_ = (call);                                                                 \
      sqlite_reader_release (reader_store_, c);                                                    \
      return reader_result_;                                                                       \
    }                                                                                              \
  while (0)

/* A write on the writer's connection, inside its savepoint (see LsWriteFn). */
typedef int (*ConnWriteFn) (Conn *c, void *data);
/* Runs fn on the writer thread and waits until its transaction is committed. */
int sqlite_write_run (SqliteStore *s, ConnWriteFn fn, void *data);
/* The same without waiting: done(result, done_data) on the writer thread after the commit. */
void sqlite_write_submit (SqliteStore *s, ConnWriteFn fn, void *data, LsWriteDone done,
                          void *done_data);

/* --- idempotent writes (store-sqlite-bookings.c) ------------------------------------- */

/* What booking create and ticket issue share: an idempotent write. The op embeds an
 * IdemWrite as its first member; apply() writes, render() fills reply from what it wrote. */
typedef struct IdemWrite IdemWrite;
struct IdemWrite
{
  const LsIdem *idem; /* NULL: no key */
  const char *now;
  int (*apply) (Conn *c, IdemWrite *w);
  void (*render) (IdemWrite *w);
  LsReply reply;
  bool replayed;
};

/* Runs w on the writer. With a key, a stored reply is replayed instead of writing again
 * (*ret_replayed), and a new reply is stored in the same transaction as the write. */
int sqlite_idem_write_run (SqliteStore *s, IdemWrite *w, LsReply *ret, bool *ret_replayed);

/* --- store-sql.h on this backend (store-sqlite-sql.c) -------------------------------- */

extern const LsSqlConnOps sqlite_sql_conn_ops;
extern const LsSqlBackend sqlite_sql_backend;

/* --- the ops, by file (see LsStoreOps) ------------------------------------------------ */

/* store-sqlite-catalog.c */
int sqlite_kiosk_by_token_hash (LsStore *base, const char *hash, LsKiosk **ret);
int sqlite_kiosk_rotate_token (LsStore *base, const char *kiosk_id, char **ret_token);
int sqlite_notices_of_unit (LsStore *base, const char *unit_id, GPtrArray **ret);

/* store-sqlite-bookings.c */
int sqlite_booking_create (LsStore *base, const LsBookingInput *in, const LsIdem *idem,
                           LsRenderBooking render, void *user_data, LsReply *ret,
                           bool *ret_replayed);
void sqlite_booking_create_async (LsStore *base, const LsBookingInput *in, const LsIdem *idem,
                                  LsRenderBooking render, void *user_data, LsBookingDone done,
                                  void *done_data);
int sqlite_booking_cancel (LsStore *base, gint64 booking_id, const char *now);

/* store-sqlite-tickets.c */
int sqlite_ticket_issue (LsStore *base, const LsTicketInput *in, const LsIdem *idem,
                         LsRenderTicket render, void *user_data, LsReply *ret, bool *ret_replayed);
int sqlite_ticket_print_result (LsStore *base, const char *unit_id, const char *ticket_id, bool ok,
                                const char *reason, const char *now);
int sqlite_purge_before (LsStore *base, const char *date, const char *idem_before, const char *now);

/* store-sqlite-guard.c */
int sqlite_lookup_fail (LsStore *base, const char *const *keys, const int *thresholds, size_t n,
                        gint64 now);

/* store-sqlite-staff.c */
int sqlite_staff_session_get (LsStore *base, const char *token_hash, const LsSessionClock *clock,
                              LsStaffUser **ret);
/* One audit row, inside the caller's write. */
int sqlite_audit_insert (Conn *c, const LsAuditEntry *e);

/* store-sqlite-queue.c: reads of the queue's counters */
int sqlite_counter_get (LsStore *base, const char *counter_id, const char *date, LsCounter **ret);
int sqlite_counters_of_unit (LsStore *base, const char *unit_id, const char *date, GPtrArray **ret);
/* Shared with the actions and the events (any connection, reader or writer). */
int sqlite_counters_load (Conn *c, const char *unit_id, const char *date, GPtrArray **ret);
/* LsSqlQueueHooks (`lock` needs nothing: the writer holds the whole database). */
int sqlite_counter_load (LsSql *c, const char *counter_id, const char *date, bool lock,
                         LsCounter **ret);
int sqlite_queue_ticket_load (LsSql *c, const char *ticket_id, bool lock, LsTicket **ret);
int sqlite_tickets_in_state (LsSql *c, const char *unit_id, const char *date, const char *state,
                             const char *fields, GPtrArray **ret);

/* store-sqlite-queue-act.c */
extern const LsSqlQueueHooks sqlite_queue_hooks;
int sqlite_queue_act (LsStore *base, const LsQueueInput *in, LsTicket **ret_ticket,
                      LsCounter **ret_counter, unsigned *ret_retry_after);

/* store-sqlite-events.c */
/* Numbers events (LsEvent*) from the unit's sequence and stores them, on the writer. */
int sqlite_events_append (Conn *c, const char *unit_id, const char *date, GPtrArray *events);
int sqlite_events_since (LsStore *base, const char *unit_id, gint64 after_id, unsigned max,
                         GPtrArray **ret);
int sqlite_unit_snapshot (LsStore *base, const char *unit_id, const char *date,
                          LsUnitSnapshot **ret);
int sqlite_event_get (LsStore *base, const char *unit_id, gint64 id, LsEvent **ret);

/* store-sqlite-stats.c */
int sqlite_stats_rows (LsStore *base, const LsStatsQuery *q, GArray **ret_tickets,
                       GArray **ret_bookings);

/* store-sqlite-admin.c */
int sqlite_field_put (LsStore *base, const char *unit_id, const LsField *f,
                      const LsAuditEntry *audit);
int sqlite_capacity_change (LsStore *base, const LsCapacityChange *in, unsigned *ret_affected,
                            GPtrArray **ret_bookings);
int sqlite_notices_admin (LsStore *base, const char *unit_id, GPtrArray **ret);
int sqlite_audit_search (LsStore *base, const LsAuditQuery *q, GPtrArray **ret);
/* store-sqlite-kiosks.c */
void sqlite_kiosk_seen (LsStore *base, const char *kiosk_id, const char *now);
/* store-sqlite-staff.c (administration) */
int sqlite_staff_users_of_unit (LsStore *base, const char *unit_id, GPtrArray **ret);
