/* Store code written once for both backends: SQL that SQLite and PostgreSQL both understand,
 * run through what both can do — a statement with text values bound to `?` placeholders, a
 * read, a committed write. Why: much of the store is the same statements in both backends,
 * which drifted apart when written twice. What only one backend can say (row locks, time
 * arithmetic, batches) stays in that backend's files.
 *
 * The placeholders are plain `?`, numbered in order (PostgreSQL's $1, $2, … are made from
 * them once per statement text); a `?` may not stand in a string literal, and a value is
 * bound once per `?`. Every statement text is static: backends key their prepared statements
 * by its address. */
#pragma once

#include "store/store.h"

typedef struct LsSql LsSql;       /* a backend's connection, inside a read or a write */
typedef struct LsSqlRow LsSqlRow; /* one row of a result, while its callback runs */

typedef struct
{
  /* How many rows the statement changed, or a negative error (-EEXIST: a unique value
   * taken; -EAGAIN: run the write again; -ENOTCONN; -EIO). */
  int (*run) (LsSql *c, const char *sql, const char *const *values, int n_values);
  /* on_row for each row in order (a negative result stops and is returned); 0 or an error. */
  int (*query) (LsSql *c, const char *sql, const char *const *values, int n_values,
                int (*on_row) (const LsSqlRow *row, void *data), void *data);
} LsSqlConnOps;

struct LsSql
{
  const LsSqlConnOps *ops;
};

typedef struct
{
  const char *(*text) (const LsSqlRow *row, int col); /* NULL for NULL */
  gint64 (*int64) (const LsSqlRow *row, int col);     /* 0 for NULL */
} LsSqlRowOps;

struct LsSqlRow
{
  const LsSqlRowOps *ops;
  const void *result; /* the backend's: a PGresult, a sqlite3_stmt */
  int index;          /* the row, where the result holds them all */
};

typedef int (*LsSqlFn) (LsSql *c, void *data);

typedef struct LsSqlQueueHooks LsSqlQueueHooks; /* store-sql-queue-act.c */

/* How a backend runs store code written with LsSql; LsStoreOps.sql. */
struct LsSqlBackend
{
  /* fn in one committed write: all of it or none (fn < 0 undoes it); run again on -EAGAIN */
  int (*write) (LsStore *s, LsSqlFn fn, void *data);
  /* fn on a connection for reading */
  int (*read) (LsStore *s, LsSqlFn fn, void *data);
  const LsSqlQueueHooks *queue; /* the queue's statements only one backend can say */
};

static inline int
ls_sql_write (LsStore *s, LsSqlFn fn, void *data)
{
  return s->ops->sql->write (s, fn, data);
}

static inline int
ls_sql_read (LsStore *s, LsSqlFn fn, void *data)
{
  return s->ops->sql->read (s, fn, data);
}

#define LS_SQL_VALUES(...) ((const char *const[]){ __VA_ARGS__ })
#define LS_SQL_N(...)      ((int) G_N_ELEMENTS (LS_SQL_VALUES (__VA_ARGS__)))
/* LS_SQL_RUN (c, sql, a, b, …): the values counted. */
#define LS_SQL_RUN(c, sql, ...)                                                                    \
  ((c)->ops->run ((c), (sql), LS_SQL_VALUES (__VA_ARGS__), LS_SQL_N (__VA_ARGS__)))

/* A number as a statement's text value: ls_sql_num (n).s (the temporary lives until the end
 * of the call's full expression). Both backends store it as a number in a number column. */
typedef struct
{
  char s[24];
} LsSqlNum;
LsSqlNum ls_sql_num (gint64 v);

char *ls_sql_dup (const LsSqlRow *row, int col); /* NULL for NULL */
static inline const char *
ls_sql_text (const LsSqlRow *row, int col) /* NULL for NULL; valid while the row is */
{
  return row->ops->text (row, col);
}
static inline gint64
ls_sql_int64 (const LsSqlRow *row, int col)
{
  return row->ops->int64 (row, col);
}
static inline bool
ls_sql_is_null (const LsSqlRow *row, int col)
{
  return ls_sql_text (row, col) == NULL;
}

/* Every row of the query, each made by row_new, into *ret (a new array freeing them with
 * row_free); nothing is set on an error. */
int ls_sql_collect (LsSql *c, const char *sql, const char *const *values, int n_values,
                    void *(*row_new) (const LsSqlRow *row), GDestroyNotify row_free,
                    GPtrArray **ret);

/* The one row of a query by a unique key, made by row_new, into *ret (row_free frees it);
 * -LS_E_NOT_FOUND without a row; nothing is set on an error. */
int ls_sql_get_one (LsSql *c, const char *sql, const char *const *values, int n_values,
                    void *(*row_new) (const LsSqlRow *row), GDestroyNotify row_free, void **ret);

/* One audit row, inside the caller's write. */
int ls_sql_audit_insert (LsSql *c, const LsAuditEntry *e);

/* --- ops written once (LsStoreOps says what each does) --------------------------------- */

/* store-sql-kiosks.c */
int ls_sql_kiosk_create (LsStore *s, const char *unit_id, const char *id, const char *name,
                         const LsAuditEntry *audit, char **ret_token);
int ls_sql_kiosk_rotate_in_unit (LsStore *s, const char *unit_id, const char *id,
                                 const LsAuditEntry *audit, char **ret_token);
int ls_sql_kiosk_revoke (LsStore *s, const char *unit_id, const char *id,
                         const LsAuditEntry *audit);
int ls_sql_kiosks_of_unit (LsStore *s, const char *unit_id, GPtrArray **ret);

/* store-sql-admin.c */
int ls_sql_unit_update (LsStore *s, const LsUnitUpdate *in, const LsAuditEntry *audit);
int ls_sql_setting_set (LsStore *s, const char *key, const char *value, const LsAuditEntry *audit);
int ls_sql_setting_get (LsStore *s, const char *key, char **ret);
int ls_sql_notice_put (LsStore *s, const LsNoticeInput *in, const LsAuditEntry *audit,
                       char **ret_id);
int ls_sql_notice_publish (LsStore *s, const char *unit_id, const char *id, bool publish,
                           const char *now, const LsAuditEntry *audit);
/* lock_sql locks the unit's row (? = its id) and says how many rows it found or changed:
 * the backend's, as its locks are its own. */
int ls_sql_field_put (LsStore *s, const char *lock_sql, const char *unit_id, const LsField *f,
                      const LsAuditEntry *audit);
/* What a backend says its own way in a capacity change: lock (NULL: none) runs first in the
 * write, then loads_sql (LS_SQL_CAPACITY_LOADS) reads the seats taken that the change
 * touches, and may lock them. */
typedef struct
{
  int (*lock) (LsSql *c, const LsCapacityChange *in);
  const char *loads_sql;
} LsSqlCapacity;
/* The seats' statement in the backend's words: `text` types the NULL tests' values where
 * the database needs it, `collate` sorts the text columns, `lock` ends the statement. */
#define LS_SQL_CAPACITY_LOADS(text, collate, lock)                                                 \
  "SELECT slot_id, field_id, date, used, unit_id FROM slot_usage"                                  \
  " WHERE (?" text " IS NULL OR unit_id = ?) AND (?" text " IS NULL OR slot_id = ?)"               \
  " AND (?" text " IS NULL OR date = ?) AND date >= ? AND (?" text " IS NULL OR date <= ?)"        \
  " AND used > 0 ORDER BY date, unit_id" collate ", slot_id" collate ", field_id" collate lock
int ls_sql_capacity_change (LsStore *s, const LsSqlCapacity *how, const LsCapacityChange *in,
                            unsigned *ret_affected, GPtrArray **ret_bookings);
int ls_sql_booking_over_capacity (LsStore *s, gint64 booking_id, bool *ret);

/* store-sql-staff.c */
int ls_sql_staff_user_create (LsStore *s, const LsStaffUserInput *in, char **ret_id);
int ls_sql_staff_user_by_username (LsStore *s, const char *username, LsStaffUser **ret);
int ls_sql_staff_session_create (LsStore *s, const char *token_hash, const char *user_id,
                                 const LsSessionClock *clock, const char *now);
int ls_sql_staff_session_delete (LsStore *s, const char *token_hash, const LsAuditEntry *audit);
int ls_sql_audit_add (LsStore *s, const LsAuditEntry *entry);
int ls_sql_staff_user_get (LsStore *s, const char *user_id, LsStaffUser **ret);
int ls_sql_staff_user_disable (LsStore *s, const char *user_id, const LsAuditEntry *audit);
/* For what stays in each backend (store-sql-staff.c says why). A user (LsStaffUser *, no
 * password hash) of a row that begins with LS_SQL_STAFF_USER_COLS (u: staff_users). */
#define LS_SQL_STAFF_USER_COLS "u.id, u.username, u.name, u.role, u.unit_id, u.disabled"
void *ls_sql_staff_user_new (const LsSqlRow *row);
typedef struct
{
  const char *token_hash;
  const LsSessionClock *clock;
} LsSqlSession;
/* The user of a live session (-LS_E_NOT_FOUND without), and whether its last use is due to
 * be written: ls_sql_session_touch (an LsSqlFn of the LsSqlSession), where the backend
 * writes it. */
int ls_sql_session_user (LsSql *c, const LsSqlSession *session, LsStaffUser **ret, bool *ret_touch);
int ls_sql_session_touch (LsSql *c, void *session);

/* store-sql-queue.c */
int ls_sql_counter_create (LsStore *s, const LsCounterInput *in, char **ret_id);
int ls_sql_queue_policy_get (LsStore *s, const char *unit_id, LsQueuePolicy *ret);
int ls_sql_queue_policy_set (LsStore *s, const char *unit_id, const LsQueuePolicy *p,
                             const LsAuditEntry *audit);
int ls_sql_service_times (LsStore *s, const char *unit_id, const char *field_id, gint64 since,
                          GArray **ret);
int ls_sql_queue_waiting (LsStore *s, const char *unit_id, const char *date, GPtrArray **ret);
int ls_sql_queue_skipped (LsStore *s, const char *unit_id, const char *date, GPtrArray **ret);
int ls_sql_queue_ticket_get (LsStore *s, const char *ticket_id, LsTicket **ret);
/* The unit's policy (the default if it set none), inside the caller's read or write. */
int ls_sql_policy_load (LsSql *c, const char *unit_id, LsQueuePolicy *ret);
/* Today's waiting tickets per field of the unit, inside the caller's read or write. */
int ls_sql_waiting_counts (LsSql *c, const char *unit_id, const char *date, GPtrArray **ret);

/* store-sql-tickets.c */
int ls_sql_ticket_get (LsStore *s, const char *id, LsTicket **ret);
/* A new ticket's row, inside the backend's write of its issue (which numbers it). */
int ls_sql_ticket_insert (LsSql *c, const LsTicketInput *in, const char *id, unsigned seq,
                          const char *number);
typedef struct
{
  const char *unit_id, *ticket_id, *reason, *now;
  bool ok;
} LsSqlPrintResult;
/* How a backend numbers a ticket (upserts RETURNING one value, in each database's conflict
 * syntax): seq_sql takes the next number of unit+field+day+kind (? = unit, field, day, kind)
 * and returns it; queue_sql counts the ticket as issued in unit+field+day (? = unit, field,
 * day) and returns how many issued before it have not left the queue. */
typedef struct
{
  const char *seq_sql, *queue_sql;
} LsSqlTicketNumbers;
/* A ticket's issue (check-in or walk-in), which the backend's idempotent write embeds. */
typedef struct
{
  const LsTicketInput *in;
  LsRenderTicket render;
  void *user_data;
  LsTicket ticket; /* as written */
  char id[21];
} LsSqlTicketIssue;
/* The booking checked in, the ticket numbered and inserted, inside the backend's write. */
int ls_sql_ticket_issue_apply (LsSql *c, const LsSqlTicketNumbers *how, LsSqlTicketIssue *op);
/* The reply of an issue written. */
void ls_sql_ticket_render (LsSqlTicketIssue *op, LsReply *reply);
/* A ticket's print result (an LsSqlFn of an LsSqlPrintResult; -LS_E_NOT_FOUND if the unit
 * has no such ticket), which each backend writes its own way (store-sql-tickets.c). */
int ls_sql_print_result (LsSql *c, void *result);
/* A ticket's columns (t: tickets), the queue's after them: each backend selects those with
 * its own queued_at, the ticket's queue time or, unset, its issue time in unix seconds
 * (time arithmetic), and b: the ticket's booking, as LS_SQL_QUEUE_TICKET_FROM joins it. */
#define LS_SQL_TICKET_COLS                                                                         \
  "t.id, t.unit_id, t.field_id, t.date, t.kind, t.number, t.priority, t.state, t.issued_at,"       \
  " t.booking_id"
#define LS_SQL_QUEUE_TICKET_COLS(queued_at)                                                        \
  LS_SQL_TICKET_COLS ", " queued_at ", t.counter_id, t.called_at, t.last_call_unix, t.recalls,"    \
                     " t.print_ok, b.name, b.slot_id"
#define LS_SQL_QUEUE_TICKET_FROM " FROM tickets t LEFT JOIN bookings b ON b.id = t.booking_id"
/* An LsTicket with its queue columns, of a row of LS_SQL_QUEUE_TICKET_COLS. */
void *ls_sql_queue_ticket_new (const LsSqlRow *row);
/* The one ticket of sql (LS_SQL_QUEUE_TICKET_COLS), as ls_sql_get_one reads it. */
int ls_sql_queue_ticket_select (LsSql *c, const char *sql, const char *const *values, int n_values,
                                LsTicket **ret);
#define LS_SQL_COUNTER_COLS "id, unit_id, name, number, fields, paused"
/* A counter and the ticket it serves today, inside the caller's read or write: counter_sql
 * selects LS_SQL_COUNTER_COLS (? = its id; the backend's, which may lock the row),
 * serving_sql the queue ticket called to it (? = the counter, ? = the day). */
int ls_sql_counter_load (LsSql *c, const char *counter_sql, const char *serving_sql,
                         const char *counter_id, const char *date, LsCounter **ret);
/* The unit's counters by number, each with the ticket it serves today (as above). */
int ls_sql_counters_load (LsSql *c, const char *serving_sql, const char *unit_id, const char *date,
                          GPtrArray **ret);

/* store-sql-catalog.c */
/* The seed's rows, each inserted unless already there, in one write; lock (NULL for none)
 * runs first in that write. */
int ls_sql_seed_with (LsStore *s, const LsSeed *seed, LsSqlFn lock, GPtrArray *ret_tokens);
int ls_sql_seed (LsStore *s, const LsSeed *seed, GPtrArray *ret_tokens); /* with no lock */
int ls_sql_load_catalog (LsStore *s, LsCatalog **ret);
/* The catalog into *(LsCatalog **) ret_catalog, inside the caller's read. */
int ls_sql_catalog_read (LsSql *c, void *ret_catalog);

/* store-sql-queue-act.c */
/* What the queue's reads and actions leave to each backend (store-sql-queue-act.c says why). */
struct LsSqlQueueHooks
{
  /* The counter and the ticket it serves today (-LS_E_NOT_FOUND without); `lock`: held until
   * the commit, where the backend locks rows (every action on a counter takes it first). */
  int (*counter_load) (LsSql *c, const char *counter_id, const char *date, bool lock,
                       LsCounter **ret);
  /* A ticket with its queue columns (-LS_E_NOT_FOUND without); `lock` as above. */
  int (*ticket_load) (LsSql *c, const char *ticket_id, bool lock, LsTicket **ret);
  /* Today's tickets of the unit in `state` whose field is in `fields` (comma-separated;
   * NULL: every field), in issue order. */
  int (*tickets_in_state) (LsSql *c, const char *unit_id, const char *date, const char *state,
                           const char *fields, GPtrArray **ret);
  /* The ticket "next" calls, stolen from `waiting` (order[] indexes it in calling order) and
   * sure to stay waiting until the commit; -LS_E_QUEUE_EMPTY if none is. */
  int (*pick) (LsSql *c, GPtrArray *waiting, const size_t *order, LsTicket **ret);
  /* The events (LsEvent*) numbered from the unit's sequence and stored (PostgreSQL also
   * tells the other processes, at the commit). */
  int (*events_store) (LsSql *c, const char *unit_id, const char *date, GPtrArray *events);
};

/* One action of LsStoreOps.queue_act; a backend's op embeds it first. */
typedef struct
{
  const LsQueueInput *in;
  char *unit_id;
  LsCounter *counter; /* as loaded before the action */
  LsTicket *ticket;   /* acted on, as it is after */
  LsCounter *after;   /* the counter after */
  bool recall;
  unsigned retry_after;
  GPtrArray *events; /* stored, numbered: for in->committed once the write commits */
  const LsSqlQueueHooks *hooks;
} LsSqlQueueOp;

/* The action (an LsSqlFn of an LsSqlQueueOp), inside the backend's one write. */
int ls_sql_queue_apply (LsSql *c, void *op);
/* Hands out the write's result r as queue_act does, frees the op's contents; returns r. */
int ls_sql_queue_finish (LsSqlQueueOp *op, int r, LsTicket **ret_ticket, LsCounter **ret_counter,
                         unsigned *ret_retry_after);

/* store-sql-bookings.c */
int ls_sql_slot_usage (LsStore *s, const LsUnit *unit, const char *field_id, const char *date,
                       int *ret_used);
int ls_sql_idem_lookup (LsStore *s, const LsIdem *idem, LsReply *ret);
int ls_sql_booking_get (LsStore *s, const char *code, const char *cccd, LsBooking **ret);
int ls_sql_booking_find_active (LsStore *s, const char *unit_id, const char *code, LsBooking **ret);
int ls_sql_bookings_of_cccd (LsStore *s, const char *unit_id, const char *cccd, GPtrArray **ret);
/* seat_sql gives the booking's seat back (? = the booking's id): the backend's. */
int ls_sql_booking_cancel (LsStore *s, const char *seat_sql, gint64 booking_id, const char *now);
/* For the backends' idempotent writes: 1 and *ret = the stored reply, 0 if the key is new,
 * -LS_E_IDEM_MISMATCH, or an error; and a new reply stored, inside the caller's write. */
int ls_sql_idem_find (LsSql *c, const LsIdem *idem, LsReply *ret);
int ls_sql_idem_store (LsSql *c, const LsIdem *idem, const LsReply *reply, const char *now);
/* Moves a booking on from 'booked' with `sql`, which binds now and the id: 0, or
 * -LS_E_USED if it is not booked any more (single use: on PostgreSQL the row lock, then
 * the condition). Inside the caller's write. */
int ls_sql_booking_leave_booked (LsSql *c, const char *sql, gint64 id, const char *now);
/* A booking's columns, and an LsBooking of a row that begins with them. */
#define LS_SQL_BOOKING_COLS                                                                        \
  "id, code, unit_id, field_id, slot_id, date, name, cccd, phone, status, created_at"
void *ls_sql_booking_new (const LsSqlRow *row);

/* store-sql-guard.c */
int ls_sql_lookup_counters (LsStore *s, const char *const *keys, size_t n, LaysoLookupCounter *ret);
/* How a backend reads a counter inside a failure's write: make_sql (NULL: nothing) runs
 * first, then read_sql (LS_SQL_GUARD_READ, with the backend's lock after it); ? = the key. */
typedef struct
{
  const char *make_sql, *read_sql;
} LsSqlGuard;
#define LS_SQL_GUARD_READ                                                                          \
  "SELECT failures, window_start, locked_until FROM lookup_guard WHERE key = ?"
int ls_sql_lookup_fail (LsStore *s, const LsSqlGuard *how, const char *const *keys,
                        const int *thresholds, size_t n, gint64 now);
