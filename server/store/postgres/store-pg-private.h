/* Shared by the files of the PostgreSQL backend (store-pg*.c), nothing else: the pool of
 * connections, parameterised queries, transactions, and the ops each file implements. */
#pragma once

#include "store/store-shared.h"
#include "store/store-sql.h"
#include "store/store-text.h"
#include "store/store.h"

#include <libpq-fe.h>

typedef struct
{
  LsSql sql; /* the connection under store-sql.h */
  PGconn *conn;
  GHashTable *prepared; /* SQL text (static) -> its statement's name on this connection */
} PgConn;

static inline PgConn *
pg_conn_of (LsSql *c)
{
  return (PgConn *) ((char *) c - G_STRUCT_OFFSET (PgConn, sql));
}

typedef struct
{
  LsStore base;
  char *conninfo;
  unsigned size; /* connections at most */
  GMutex lock;
  GCond released;
  GPtrArray *idle;             /* PgConn* */
  unsigned open;               /* connections open, idle or in use */
  GThreadPool *async;          /* booking_create_async's waits, off the event loop */
  GQueue bookings;             /* BookItem* queued by booking_create_async, under lock */
  bool draining;               /* a pool thread batches them, under lock */
  GMutex commit_order;         /* pg_tx_ordered: commits and their callbacks one at a time */
  struct PgListener *listener; /* watch_events: NULL until asked */
} PgStore;

/* --- queries (store-pg.c) ------------------------------------------------------------ */

/* Runs `sql` ($1, $2, … bound to the text values in order; NULL binds NULL) as a statement
 * prepared once per connection. 0 and *ret (NULL: cleared here) on success; -EEXIST on a
 * unique violation, -EAGAIN on a serialization failure or deadlock (the transaction is to
 * be run again), -ENOTCONN when the connection is lost, -EIO otherwise. */
int pg_exec (PgConn *c, const char *sql, const char *const *values, int n_values, PGresult **ret);
#define PG_EXEC(c, ret, sql, ...)                                                                  \
  pg_exec ((c), (sql), (const char *const[]){ __VA_ARGS__ },                                       \
           (int) G_N_ELEMENTS (((const char *const[]){ __VA_ARGS__ })), (ret))
/* A statement without a result row: how many rows it changed, or a negative error. */
int pg_run (PgConn *c, const char *sql, const char *const *values, int n_values);
#define PG_RUN(c, sql, ...)                                                                        \
  pg_run ((c), (sql), (const char *const[]){ __VA_ARGS__ },                                        \
          (int) G_N_ELEMENTS (((const char *const[]){ __VA_ARGS__ })))

/* A number as a query's text value: PG_EXEC (c, &r, sql, pg_num (n).s) (the temporary lives
 * until the end of the call's full expression). */
typedef struct
{
  char s[24];
} PgNum;
PgNum pg_num (gint64 v);

static inline void
pg_result_clear (PGresult **r)
{
  if (*r)
    PQclear (*r);
}
/* A result cleared when it goes out of scope. */
#define PG_RESULT __attribute__ ((cleanup (pg_result_clear))) PGresult *

char *pg_dup (const PGresult *r, int row, int col);   /* NULL for NULL */
int pg_get_int (const PGresult *r, int row, int col); /* 0 for NULL */
gint64 pg_get_int64 (const PGresult *r, int row, int col);
static inline const char *
pg_text (const PGresult *r, int row, int col)
{
  return PQgetisnull (r, row, col) ? NULL : PQgetvalue (r, row, col);
}
/* Every row of r, each made by row_new, into a new array freed by row_free. */
GPtrArray *pg_collect_rows (const PGresult *r, void *(*row_new) (const PGresult *r, int row),
                            GDestroyNotify row_free);

/* --- connections and transactions (store-pg.c) ---------------------------------------- */

/* A connection of its own (not the pool's), NULL if the database cannot be reached. */
PgConn *pg_conn_open (const char *conninfo);
void pg_conn_free (PgConn *c); /* NULL is fine */
/* A connection of the pool (waits while all are in use), NULL if none can be opened. */
PgConn *pg_acquire (PgStore *s);
void pg_release (PgStore *s, PgConn *c);

/* Returns what `call` returns, run with a pooled connection `c` in autocommit (one
 * statement, or statements that need no common snapshot). A connection the database dropped
 * (it restarted) is replaced and `call` run once more: every such call is a read or an
 * idempotent write. */
#define ON_CONN(base, call)                                                                        \
  do                                                                                               \
    {                                                                                              \
      PgStore *conn_store_ = (PgStore *) (base);                                                   \
      int conn_result_ = -ENOTCONN;                                                                \
      for (int conn_try_ = 0; conn_try_ < 2 && conn_result_ == -ENOTCONN; conn_try_++)             \
        {                                                                                          \
          PgConn *c = pg_acquire (conn_store_);                                                    \
          if (!c)                                                                                  \
            return -ENOTCONN;                                                                      \
          conn_result_ = (call);                                                                   \
          pg_release (conn_store_, c);                                                             \
        }                                                                                          \
      return conn_result_;                                                                         \
    }                                                                                              \
  while (0)

/* fn inside one transaction (READ COMMITTED; the rules take their row locks): committed if
 * it returns >= 0, rolled back otherwise; run again (a few times) on -EAGAIN. Returns fn's
 * result, or the commit's error. */
typedef int (*PgTxFn) (PgConn *c, void *data);
int pg_tx (PgStore *s, PgTxFn fn, void *data);
/* The same in one REPEATABLE READ READ ONLY transaction: reads that must agree. */
int pg_read_tx (PgStore *s, PgTxFn fn, void *data);
/* fn's one statement in a transaction of its own (no BEGIN, no COMMIT: one round trip instead
 * of three); run again on -EAGAIN. Only for fn that sends exactly one writing statement. */
int pg_autocommit (PgStore *s, PgTxFn fn, void *data);
/* pg_tx, and committed(data) right after the commit, both under the store's commit_order
 * lock: transactions serialized by a row lock (a unit's event sequence) reach committed() in
 * their commit order, so a unit's events go out in id order. */
int pg_tx_ordered (PgStore *s, PgTxFn fn, void *data, void (*committed) (void *data));

/* Work for the pool's threads (booking_create_async): run(job, store) on one of them; the
 * job frees itself. A job embeds PgJob first. */
typedef struct PgJob PgJob;
struct PgJob
{
  void (*run) (PgJob *job, PgStore *s);
};
void pg_submit (PgStore *s, PgJob *job);

/* Migrations 2 and 3: the index of a CCCD's bookings, the function layso_book
 * (store-pg-book.c). */
extern const char pg_book_migration[];
extern const char pg_book_function[];

/* --- idempotent writes (store-pg-bookings.c) ------------------------------------------ */

/* What booking create and ticket issue share: an idempotent write. The op embeds a
 * PgIdemWrite as its first member; apply() writes, render() fills reply from what it wrote. */
typedef struct PgIdemWrite PgIdemWrite;
struct PgIdemWrite
{
  const LsIdem *idem; /* NULL: no key */
  const char *now;
  int (*apply) (PgConn *c, PgIdemWrite *w);
  void (*render) (PgIdemWrite *w);
  LsReply reply;
  bool replayed;
};

/* Runs w in one transaction. With a key, a stored reply is replayed instead of writing
 * again (*ret_replayed), and a new reply is stored in the same transaction as the write. */
int pg_idem_write_run (PgStore *s, PgIdemWrite *w, LsReply *ret, bool *ret_replayed);

/* One audit row, inside the caller's transaction (store-pg-admin.c). */
int pg_audit_insert (PgConn *c, const LsAuditEntry *e);

/* --- the queue's statements, for its reads, actions and events (store-pg-queue.c) ------- */

/* LsSqlQueueHooks (`lock`: FOR UPDATE, inside the caller's transaction). */
int pg_queue_ticket_load (LsSql *c, const char *ticket_id, bool lock, LsTicket **ret);
int pg_counter_load (LsSql *c, const char *counter_id, const char *date, bool lock,
                     LsCounter **ret);
int pg_tickets_in_state (LsSql *c, const char *unit_id, const char *date, const char *state,
                         const char *fields, GPtrArray **ret);
int pg_counters_load (PgConn *c, const char *unit_id, const char *date, GPtrArray **ret);

/* --- events (store-pg-events.c) ------------------------------------------------------- */

/* Numbers events (LsEvent*) from the unit's sequence (its row locked until the commit) and
 * stores them, inside the caller's transaction. */
int pg_events_append (PgConn *c, const char *unit_id, const char *date, GPtrArray *events);

/* --- events across processes (store-pg-listen.c) -------------------------------------- */

#define PG_EVENTS_CHANNEL "layso_events"
/* Tells every process, once this transaction commits, that the unit has events from
 * first_id on (pg_notify: payload "FIRST_ID UNIT_ID"). */
int pg_events_notify (PgConn *c, const char *unit_id, gint64 first_id);
/* Stops the listener's thread and frees it; NULL is fine. */
void pg_listener_stop (struct PgListener *l);

/* --- store-sql.h on this backend (store-pg-sql.c) ------------------------------------ */

extern const LsSqlConnOps pg_sql_conn_ops;
extern const LsSqlBackend pg_sql_backend;
extern const LsSqlQueueHooks pg_queue_hooks; /* store-pg-queue-act.c */

/* --- the ops, by file (see LsStoreOps) ------------------------------------------------ */

int pg_seed (LsStore *base, const LsSeed *seed, GPtrArray *ret_tokens);
int pg_load_catalog (LsStore *base, LsCatalog **ret);
int pg_booking_create (LsStore *base, const LsBookingInput *in, const LsIdem *idem,
                       LsRenderBooking render, void *user_data, LsReply *ret, bool *ret_replayed);
void pg_booking_create_async (LsStore *base, const LsBookingInput *in, const LsIdem *idem,
                              LsRenderBooking render, void *user_data, LsBookingDone done,
                              void *done_data);
int pg_booking_cancel (LsStore *base, gint64 booking_id, const char *now);
int pg_ticket_issue (LsStore *base, const LsTicketInput *in, const LsIdem *idem,
                     LsRenderTicket render, void *user_data, LsReply *ret, bool *ret_replayed);
int pg_ticket_print_result (LsStore *base, const char *unit_id, const char *ticket_id, bool ok,
                            const char *reason, const char *now);
int pg_kiosk_by_token_hash (LsStore *base, const char *hash, LsKiosk **ret);
int pg_kiosk_rotate_token (LsStore *base, const char *kiosk_id, char **ret_token);
int pg_notices_of_unit (LsStore *base, const char *unit_id, GPtrArray **ret);
int pg_purge_before (LsStore *base, const char *date, const char *idem_before, const char *now);
int pg_lookup_fail (LsStore *base, const char *const *keys, const int *thresholds, size_t n,
                    gint64 now);
int pg_staff_session_get (LsStore *base, const char *token_hash, const LsSessionClock *clock,
                          LsStaffUser **ret);
int pg_counter_get (LsStore *base, const char *counter_id, const char *date, LsCounter **ret);
int pg_counters_of_unit (LsStore *base, const char *unit_id, const char *date, GPtrArray **ret);
int pg_queue_act (LsStore *base, const LsQueueInput *in, LsTicket **ret_ticket,
                  LsCounter **ret_counter, unsigned *ret_retry_after);
int pg_events_since (LsStore *base, const char *unit_id, gint64 after_id, unsigned max,
                     GPtrArray **ret);
int pg_unit_snapshot (LsStore *base, const char *unit_id, const char *date, LsUnitSnapshot **ret);
int pg_event_get (LsStore *base, const char *unit_id, gint64 id, LsEvent **ret);
int pg_stats_rows (LsStore *base, const LsStatsQuery *q, GArray **ret_tickets,
                   GArray **ret_bookings);
int pg_field_put (LsStore *base, const char *unit_id, const LsField *f, const LsAuditEntry *audit);
int pg_capacity_change (LsStore *base, const LsCapacityChange *in, unsigned *ret_affected,
                        GPtrArray **ret_bookings);
int pg_notices_admin (LsStore *base, const char *unit_id, GPtrArray **ret);
int pg_audit_search (LsStore *base, const LsAuditQuery *q, GPtrArray **ret);
void pg_kiosk_seen (LsStore *base, const char *kiosk_id, const char *now);
int pg_staff_users_of_unit (LsStore *base, const char *unit_id, GPtrArray **ret);
int pg_watch_events (LsStore *base, LsEventsCommitted fn, void *data);
