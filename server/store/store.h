/* The store interface: what the routes need from persistent storage, independent of the
 * backend. A backend (sqlite/store-sqlite.c, postgres/store-pg.c) fills an LsStoreOps table.
 *
 * Every function returns 0 or a negative LsStoreError / errno; outputs are set only on
 * success. Writes that must be all-or-nothing (capacity, per-CCCD limit, single use, ticket
 * numbers) are enforced by the backend inside one transaction, never checked in C first.
 *
 * Idempotent writes take an LsIdem (NULL = none) and a render callback: on success the
 * backend calls render() inside the transaction to produce the reply, stores it with the
 * key, and returns it; a later call with the same scope+key and the same request hash gets
 * the stored reply (*ret_replayed = true), a different hash gets -LS_E_IDEM_MISMATCH. */
#pragma once

#include "catalog.h"
#include "official-days.h"
#include "codes.h"
#include "lookup-guard.h"
#include "stats.h"
#include "wire.h"

#include <errno.h>
#include <glib.h>
#include <stdbool.h>

typedef struct LsStore LsStore;

typedef enum
{
  LS_E_NOT_FOUND = 1000,
  LS_E_SLOT_FULL,
  LS_E_DUPLICATE,      /* the CCCD already holds its maximum of active bookings */
  LS_E_DUPLICATE_UNIT, /* the same, counted at the unit across fields and days */
  LS_E_USED,           /* booking not in state booked (checked in, cancelled) */
  LS_E_IDEM_MISMATCH,  /* same Idempotency-Key, different request */
  LS_E_INTERNAL,
  /* the queue (store-sqlite-queue.c) */
  LS_E_QUEUE_EMPTY,        /* nobody waits in the counter's fields */
  LS_E_NO_CURRENT,         /* the counter has no called ticket to act on */
  LS_E_COUNTER_PAUSED,     /* "next" on a paused counter */
  LS_E_RECALL_TOO_SOON,    /* a recall within the unit's minimum gap */
  LS_E_INVALID_TRANSITION, /* e.g. requeue of a ticket that is not skipped today */
  /* administration (store-sqlite-admin.c) */
  LS_E_CAPACITY_IN_USE, /* a capacity change would leave bookings over capacity, unconfirmed */
} LsStoreError;

typedef struct
{
  gint64 id;
  char code[LAYSO_CODE_LEN + 1];
  char *unit_id, *field_id, *slot_id;
  char date[11];             /* YYYY-MM-DD */
  char *name, *cccd, *phone; /* NULL once purged; phone NULL when not given */
  LaysoBookingStatus status; /* as stored (the end-of-day job marks no-shows EXPIRED) */
  char *created_at;          /* RFC 3339 */
} LsBooking;

typedef struct
{
  char *id;
  char *unit_id, *field_id;
  char date[11];
  LaysoTicketKind kind;
  char number[16];
  bool priority;
  char *state;        /* waiting, called, done, skipped */
  char *issued_at;    /* RFC 3339 */
  gint64 booking_id;  /* 0 for walk-in */
  int waiting_before; /* waiting tickets of the unit+field+day issued before */
  /* the queue (set by the queue ops; ticket_get leaves them 0/NULL) */
  gint64 queued_at;    /* Unix seconds it joined the queue: issue, or requeue */
  char *counter_id;    /* while called (and after: who served it) */
  char *called_at;     /* RFC 3339 of the first call */
  gint64 last_call_at; /* Unix seconds of the last call or recall */
  int recalls;
  int print_ok;       /* the kiosk's print result: 1, 0, or -1 not reported */
  char *booking_name; /* staff answers only; NULL for walk-ins or once purged */
  char *booking_slot; /* the booking's slot id, staff answers only; NULL for walk-ins */
} LsTicket;

typedef struct
{
  char *id, *name, *unit_id;
} LsKiosk;

typedef struct
{
  char *id, *unit_id, *title, *body, *published_at;
  bool draft; /* not shown to citizens (notices_admin only) */
} LsNotice;

typedef struct
{
  const char *scope; /* e.g. "booking", "checkin:<kiosk>" */
  const char *key;
  char hash[65]; /* of the request (method, path, body) */
} LsIdem;

/* A reply rendered inside the transaction; body g_malloc'ed. */
typedef struct
{
  unsigned status;
  char *body;
} LsReply;

/* The answer to a new booking. A backend may render it before the booking is written (b->id
 * is 0 then; the answer holds none), to store it with the Idempotency-Key in the same write. */
typedef void (*LsRenderBooking) (const LsBooking *b, void *user_data, LsReply *ret);
/* The end of booking_create_async, on a store thread (be quick): result as booking_create
 * returns it. On success with an Idempotency-Key, *reply is the answer stored with the key
 * (replayed or new; its body is the caller's to g_free) and b is NULL; without a key, reply
 * is NULL and b is the booking just written (valid during the call only), for the caller to
 * render on its own thread. */
typedef void (*LsBookingDone) (int result, const LsBooking *b, LsReply *reply, bool replayed,
                               void *done_data);
typedef void (*LsRenderTicket) (const LsTicket *t, const LsBooking *b, void *user_data,
                                LsReply *ret);

typedef struct
{
  const char *unit_id, *field_id, *slot_id, *date;
  const char *name, *cccd, *phone;   /* phone may be NULL */
  const char *now;                   /* RFC 3339: created_at and consent_at */
  unsigned max_active_per_cccd;      /* per unit, field and day */
  unsigned max_active_per_cccd_unit; /* per unit, across fields and days */
} LsBookingInput;

typedef struct
{
  const char *unit_id, *field_id, *kiosk_id;
  char prefix;
  LaysoTicketKind kind;
  bool priority;
  const LsBooking *booking; /* appointment: the booking to mark checked in; NULL walk-in */
  const char *now;          /* RFC 3339 */
  const char *date;         /* today, YYYY-MM-DD */
  LaysoNumberRange numbers; /* the field's range for this kind; {0, 0}: the default numbering */
} LsTicketInput;

/* Seeding: the catalog's units and the province's calendar, notices, kiosks. */
typedef struct
{
  LsCatalog *catalog;
  GPtrArray *notices; /* LsNotice* */
  GPtrArray *kiosks;  /* LsKiosk* */
} LsSeed;

/* --- staff (store-sqlite-staff.c) ------------------------------------------------------ */

typedef struct
{
  char *id, *username, *name;
  char *role;          /* admin, manager, staff */
  char *unit_id;       /* NULL for an admin (every unit) */
  char *password_hash; /* crypto_pwhash_str; set by staff_user_by_username only */
  bool disabled;
} LsStaffUser;

typedef struct
{
  const char *username, *name, *role, *unit_id; /* unit_id NULL for an admin */
  const char *password_hash;                    /* crypto_pwhash_str, never the password */
  const char *actor_id;                         /* who creates it; NULL: the command line */
  const char *now;                              /* RFC 3339 */
  bool replace_password; /* the username exists: set its password (ends its sessions) */
} LsStaffUserInput;

/* One row of the audit log: who did what to which ticket or setting, when. Never a
 * password or a CCCD. */
typedef struct
{
  const char *user_id; /* NULL: nobody signed in (a failed sign-in, the command line) */
  const char *action;  /* "auth.login", "queue.next", "user.create", … */
  const char *unit_id, *target, *detail; /* each may be NULL */
  const char *now;                       /* RFC 3339 */
} LsAuditEntry;

typedef struct
{
  gint64 now;    /* Unix seconds, on the app's clock */
  gint64 idle_s; /* a session unused this long is over */
  gint64 max_s;  /* a session this old is over, used or not */
} LsSessionClock;

/* --- the queue (store-sqlite-queue.c) -------------------------------------------------- */

typedef struct
{
  char *id, *unit_id, *name;
  unsigned number;   /* "quầy số 3" */
  char **fields;     /* field ids it serves, NULL-terminated */
  bool paused;       /* "Tạm nghỉ": nothing is called to it */
  LsTicket *serving; /* its called ticket, or NULL */
} LsCounter;

typedef struct
{
  const char *unit_id, *name;
  unsigned number;
  const char *const *fields; /* NULL-terminated */
  const char *actor_id, *now;
} LsCounterInput;

/* A unit's calling policy (queue-order.h) and its recall rules. */
typedef struct
{
  unsigned appointments_per_walk_in; /* 0: appointments before walk-ins */
  unsigned max_wait_minutes;         /* 0: none */
  unsigned recall_limit;             /* the recall after this many makes it skipped */
  unsigned recall_gap_s;             /* minimum time between two calls of a ticket */
} LsQueuePolicy;

#define LS_QUEUE_POLICY_DEFAULT ((LsQueuePolicy){ 0, 0, 3, 10 })

typedef enum
{
  LS_QUEUE_NEXT,
  LS_QUEUE_RECALL,
  LS_QUEUE_SKIP,
  LS_QUEUE_DONE,
  LS_QUEUE_TRANSFER,
  LS_QUEUE_PAUSE,
  LS_QUEUE_RESUME,
  LS_QUEUE_REQUEUE,
  LS_QUEUE_ANNOUNCE, /* nothing changes: the waiting counts go out (after a kiosk ticket) */
} LsQueueAction;

/* One event of a unit's stream: its id comes from the unit's sequence in the store. */
typedef struct
{
  gint64 id;
  char *type; /* snapshot, called, counter, queue */
  char *data; /* JSON text */
} LsEvent;

typedef struct
{
  char *field_id;
  int waiting;
} LsFieldCount;

/* What a queue action changed, for the caller to describe as events. */
typedef struct
{
  LsQueueAction action;
  const LsCounter *counter; /* after the action; NULL for a requeue */
  const LsTicket *ticket;   /* the ticket acted on, as it is now; NULL for pause/resume */
  bool recall;              /* a recall that called the ticket again */
  const char *at;           /* RFC 3339 */
  GPtrArray *waiting;       /* LsFieldCount*: today's waiting tickets per field of the unit */
} LsQueueChange;

/* Inside the action's transaction: append LsEvent* (id unset) to ret_events. */
typedef void (*LsRenderEvents) (const LsQueueChange *change, void *user_data,
                                GPtrArray *ret_events);
/* After the commit, on the store's writer thread and in commit order (so in id order per
 * unit): the events just stored, with their ids. Must be quick. */
typedef void (*LsEventsCommitted) (const char *unit_id, GPtrArray *events, void *user_data);

typedef struct
{
  LsQueueAction action;
  const char *counter_id; /* every action but requeue and announce */
  const char *unit_id;    /* announce */
  const char *ticket_id;  /* requeue */
  const char *field_id;   /* transfer: a field of the counter's unit */
  const char *actor_id;   /* for the audit log */
  const char *now;        /* RFC 3339 */
  gint64 now_unix;
  const char *date; /* today, YYYY-MM-DD */
  LsRenderEvents render;
  void *render_data;
  LsEventsCommitted committed;
  void *committed_data;
} LsQueueInput;

/* What a display board needs on connecting, read in one transaction. */
typedef struct
{
  gint64 last_event_id; /* the unit's sequence now (0: no event yet) */
  GPtrArray *counters;  /* LsCounter* (serving filled), by number */
  GPtrArray *waiting;   /* LsFieldCount* */
  GPtrArray *recent;    /* LsEvent*: the last `called` events of today, oldest first */
} LsUnitSnapshot;

/* --- statistics (store-sqlite-stats.c) ------------------------------------------------ */

/* The raw rows of a unit's statistics (common/stats.h): a row's field, slot and counter are
 * their indices in the caller's NULL-terminated id lists, -1 for an id not listed. */
typedef struct
{
  const char *unit_id;
  const char *from, *to;  /* YYYY-MM-DD, both included (layso_stats_range_check) */
  const char *field_id;   /* NULL: every field */
  const char *counter_id; /* NULL: every counter; filters tickets only */
  const char *const *field_ids, *const *slot_ids, *const *counter_ids;
} LsStatsQuery;

/* At most this many tickets in one answer: more gives -E2BIG (a shorter range will do). */
#define LS_STATS_MAX_TICKETS 1000000

/* --- administration (store-sqlite-admin.c) ------------------------------------------------ */

/* A unit's settings as /quan-tri changes them (its id stays). */
typedef struct
{
  const char *unit_id, *name, *address;
  int checkin_lead_minutes;
  guint8 working_weekdays;
  const LaysoPeriod *opening_hours;
  size_t n_opening_hours;
  unsigned max_active_per_cccd, max_active_per_cccd_unit, horizon_days, minutes_per_ticket;
} LsUnitUpdate;

/* The capacity a unit's slot has on a day after the change (0: not offered that day). */
typedef int (*LsCapacityOn) (const char *unit_id, const char *slot_id, const char *date,
                             void *data);

/* A change that may take seats away (issue 11, item 2): a slot template written (new or
 * changed: capacity, hours, weekdays), a day closed at the unit, or the province's official
 * days of a year (Tết days, National Day's extra day, swaps: every unit's days change). The
 * store reads the seats taken from `from_date` on (up to `to_date` when set) inside the
 * write, asks capacity_on for each, and decides with layso_capacity_change_decide: refused
 * unless confirmed when bookings would be over. Exactly one of slot, close_date and
 * calendar is set. */
typedef struct
{
  const char *unit_id;    /* NULL with `calendar`: the seats of every unit */
  const LsSlot *slot;     /* the slot as it will be */
  const char *close_date; /* the day the unit closes (YYYY-MM-DD) */
  /* The year's official days as they will be, checked by layso_official_days_check: they
   * replace all the year had (none: the defaults), and the seed no longer adds to that year
   * (settings key "calendar.YYYY" = when it was set). */
  const LaysoOfficialDays *calendar;
  const char *from_date; /* today: earlier days are history */
  const char *to_date;   /* the last day touched, or NULL */
  LsCapacityOn capacity_on;
  void *capacity_data;
  bool confirmed;
  const LsAuditEntry *audit;
} LsCapacityChange;

/* Searching the audit log (/quan-tri): every condition optional (NULL / 0). */
typedef struct
{
  const char *unit_id; /* that unit's rows only */
  const char *action;  /* rows whose action starts with it ("slot." or "slot.update") */
  const char *text;    /* found in the action, target, detail or the user's username */
  gint64 before_id;    /* rows older than this id (the next page); 0: the newest */
  unsigned limit;      /* at most this many, newest first (1..LS_AUDIT_PAGE_MAX) */
} LsAuditQuery;

#define LS_AUDIT_PAGE_MAX 200

typedef struct
{
  gint64 id;
  char *at, *username, *action, *unit_id, *target, *detail; /* username NULL: nobody */
} LsAuditRow;

void ls_audit_row_free (LsAuditRow *row);

/* A kiosk as /quan-tri shows it: its state and its printer's, from its last print result. */
typedef struct
{
  char *id, *name, *unit_id;
  char *revoked_at;   /* NULL: active */
  char *last_seen_at; /* its last authenticated request (to the minute); NULL: never */
  int print_ok;       /* its last print result: 1, 0, or -1 none yet */
  char *print_reason, *printed_at;
} LsKioskStatus;

void ls_kiosk_status_free (LsKioskStatus *k);

typedef struct
{
  const char *id; /* NULL: a new notice (its id is made by the store) */
  const char *unit_id, *title, *body, *now;
} LsNoticeInput;

typedef struct LsSqlBackend LsSqlBackend; /* store-sql.h */

typedef struct
{
  const char *name; /* "sqlite", "postgresql" */
  void (*close) (LsStore *s);
  /* how store code written once for both backends runs on this one (store-sql.h) */
  const LsSqlBackend *sql;
  /* Inserts what is not there yet; for each kiosk created, its new token is appended to
   * ret_tokens (tokens are stored hashed, so they can be shown only now). */
  int (*seed) (LsStore *s, const LsSeed *seed, GPtrArray *ret_tokens);
  int (*load_catalog) (LsStore *s, LsCatalog **ret);
  /* Seats taken per slot of `unit` (ret_used[i] for unit->slots[i]). */
  int (*slot_usage) (LsStore *s, const LsUnit *unit, const char *field_id, const char *date,
                     int *ret_used);
  int (*idem_lookup) (LsStore *s, const LsIdem *idem, LsReply *ret);
  int (*booking_create) (LsStore *s, const LsBookingInput *in, const LsIdem *idem,
                         LsRenderBooking render, void *user_data, LsReply *ret, bool *ret_replayed);
  /* booking_create without waiting (what the booking route uses: its connection waits
   * with no thread, so a backend must not block here): done runs on a store thread once the
   * booking is committed or refused; render is called (there) only with a key, whose
   * answer must be stored with the booking. in, idem and user_data must live until then. */
  void (*booking_create_async) (LsStore *s, const LsBookingInput *in, const LsIdem *idem,
                                LsRenderBooking render, void *user_data, LsBookingDone done,
                                void *done_data);
  /* The latest booking with this code and CCCD (codes are reused once finished). */
  int (*booking_get) (LsStore *s, const char *code, const char *cccd, LsBooking **ret);
  /* The booked (not yet used) booking with this code at the unit. */
  int (*booking_find_active) (LsStore *s, const char *unit_id, const char *code, LsBooking **ret);
  /* The `booked` bookings of this CCCD at the unit, on any day (LsBooking*, by date): the
   * kiosk tells a citizen on the wrong day when their booking is. At most the unit's
   * max_active_per_cccd_unit, plus past ones the hourly job has not expired yet. */
  int (*bookings_of_cccd) (LsStore *s, const char *unit_id, const char *cccd, GPtrArray **ret);
  /* booked -> cancelled, frees the seat; -LS_E_USED if not booked any more. */
  int (*booking_cancel) (LsStore *s, gint64 booking_id, const char *now);
  /* Appointment (marks in->booking checked in, -LS_E_USED if it is not booked any more)
   * or walk-in: allocates the next number of unit+field+day+kind and stores the ticket.
   * The booking handed to render is in->booking as read before (its status not updated). */
  int (*ticket_issue) (LsStore *s, const LsTicketInput *in, const LsIdem *idem,
                       LsRenderTicket render, void *user_data, LsReply *ret, bool *ret_replayed);
  int (*ticket_get) (LsStore *s, const char *id, LsTicket **ret);
  int (*ticket_print_result) (LsStore *s, const char *unit_id, const char *ticket_id, bool ok,
                              const char *reason, const char *now);
  int (*kiosk_by_token_hash) (LsStore *s, const char *hash, LsKiosk **ret);
  /* Replaces the kiosk's token with a fresh one (CSPRNG) in one committed write: the old
   * token stops working for every process on the store. *ret_token: the new token, the
   * only time it can be shown. -LS_E_NOT_FOUND (nothing changed) for an unknown kiosk. */
  int (*kiosk_rotate_token) (LsStore *s, const char *kiosk_id, char **ret_token);
  /* Newest first (LsNotice*); unit_id NULL: the notices of all units. */
  int (*notices_of_unit) (LsStore *s, const char *unit_id, GPtrArray **ret);
  /* The hourly job: marks bookings of days before `now` still booked as expired (freeing
   * their codes) and tickets of those days still waiting or called as skipped, removes name, CCCD and phone of bookings dated before `date` (YYYY-MM-DD)
   * and stored replies created before `idem_before` (RFC 3339); returns how many bookings
   * were purged. */
  int (*purge_before) (LsStore *s, const char *date, const char *idem_before, const char *now);
  /* The look-up guard's counters (lookup-guard.h) of n keys, as stored: a key never seen
   * reads as all zero. Kept in the store so that every process shares them. */
  int (*lookup_counters) (LsStore *s, const char *const *keys, size_t n, LaysoLookupCounter *ret);
  /* One failed look-up at `now` (Unix seconds) for each key, with its threshold, in one
   * committed write; counters that no longer matter are forgotten on the way. */
  int (*lookup_fail) (LsStore *s, const char *const *keys, const int *thresholds, size_t n,
                      gint64 now);
  /* Staff. A new user (-EEXIST when the username is taken, unless replace_password: then
   * its password is set and its sessions end), audited in the same transaction. */
  int (*staff_user_create) (LsStore *s, const LsStaffUserInput *in, char **ret_id);
  /* The user with this username (case as stored, compared exactly), password hash included. */
  int (*staff_user_by_username) (LsStore *s, const char *username, LsStaffUser **ret);
  /* A session of user_id under SHA-256 token_hash, created at clock->now, and the sign-in
   * audited in the same transaction. */
  int (*staff_session_create) (LsStore *s, const char *token_hash, const char *user_id,
                               const LsSessionClock *clock, const char *now);
  /* The user of a live session (not idle past idle_s, not older than max_s, user enabled);
   * -LS_E_NOT_FOUND otherwise. Marks it used (written at most once a minute). */
  int (*staff_session_get) (LsStore *s, const char *token_hash, const LsSessionClock *clock,
                            LsStaffUser **ret);
  /* Ends the session (sign-out), audited; 0 even when it was gone already. */
  int (*staff_session_delete) (LsStore *s, const char *token_hash, const LsAuditEntry *audit);
  int (*audit_add) (LsStore *s, const LsAuditEntry *entry);
  /* The user with this id (no password hash). */
  int (*staff_user_get) (LsStore *s, const char *user_id, LsStaffUser **ret);
  /* Disables the user and ends their sessions, audited, in one write. */
  int (*staff_user_disable) (LsStore *s, const char *user_id, const LsAuditEntry *audit);
  /* The queue. A counter of a unit (-EEXIST: its number is taken), audited. */
  int (*counter_create) (LsStore *s, const LsCounterInput *in, char **ret_id);
  /* With its called ticket of `date`. */
  int (*counter_get) (LsStore *s, const char *counter_id, const char *date, LsCounter **ret);
  int (*counters_of_unit) (LsStore *s, const char *unit_id, const char *date, GPtrArray **ret);
  int (*queue_policy_get) (LsStore *s, const char *unit_id, LsQueuePolicy *ret);
  int (*queue_policy_set) (LsStore *s, const char *unit_id, const LsQueuePolicy *p,
                           const LsAuditEntry *audit);
  /* Today's waiting tickets of the unit (LsTicket*, queue fields and booking names filled),
   * in no particular order: the caller orders them (queue-order.h). */
  int (*queue_waiting) (LsStore *s, const char *unit_id, const char *date, GPtrArray **ret);
  /* Today's skipped tickets of the unit (LsTicket*, as queue_waiting), in issue order: the
   * console offers them back to the queue when the citizen turns up. */
  int (*queue_skipped) (LsStore *s, const char *unit_id, const char *date, GPtrArray **ret);
  /* A ticket with its queue fields. */
  int (*queue_ticket_get) (LsStore *s, const char *ticket_id, LsTicket **ret);
  /* Seconds from call to done of the field's tickets finished since `since` (Unix). */
  int (*service_times) (LsStore *s, const char *unit_id, const char *field_id, gint64 since,
                        GArray **ret);
  /* One action in one transaction (see LsQueueAction; DESIGN §4): the conditional updates,
   * the unit's events (rendered by in->render, numbered from the unit's sequence) and the
   * audit row commit together or not at all. *ret_ticket: the ticket acted on (NULL for
   * pause/resume), *ret_counter: the counter after it (NULL for requeue); either may be
   * NULL. Errors: -LS_E_NOT_FOUND, -LS_E_QUEUE_EMPTY, -LS_E_NO_CURRENT,
   * -LS_E_COUNTER_PAUSED, -LS_E_RECALL_TOO_SOON (*ret_retry_after seconds),
   * -LS_E_INVALID_TRANSITION. */
  int (*queue_act) (LsStore *s, const LsQueueInput *in, LsTicket **ret_ticket,
                    LsCounter **ret_counter, unsigned *ret_retry_after);
  /* Events of the unit after `after_id`, oldest first, at most `max`; -LS_E_NOT_FOUND when
   * some of them are no longer kept (the caller sends a snapshot instead). */
  int (*events_since) (LsStore *s, const char *unit_id, gint64 after_id, unsigned max,
                       GPtrArray **ret);
  int (*unit_snapshot) (LsStore *s, const char *unit_id, const char *date, LsUnitSnapshot **ret);
  /* One event of the unit, by id (any type); -LS_E_NOT_FOUND when the unit never had it or
   * it is no longer kept. */
  int (*event_get) (LsStore *s, const char *unit_id, gint64 id, LsEvent **ret);
  /* Statistics: the tickets of the range (LaysoStatsTicket) and its bookings counted per
   * day, field, slot and status (LaysoStatsBookings), read in one transaction. -E2BIG past
   * LS_STATS_MAX_TICKETS tickets. */
  int (*stats_rows) (LsStore *s, const LsStatsQuery *q, GArray **ret_tickets,
                     GArray **ret_bookings);
  /* Administration: each write audited in its transaction; the caller reloads the catalog
   * (ls_store_reload_catalog) after a catalog write. -LS_E_NOT_FOUND: no such unit. */
  int (*unit_update) (LsStore *s, const LsUnitUpdate *in, const LsAuditEntry *audit);
  /* A field of the unit, new or renamed (its id stays); -EEXIST: another field of the unit
   * has this prefix. */
  int (*field_put) (LsStore *s, const char *unit_id, const LsField *f, const LsAuditEntry *audit);
  /* See LsCapacityChange. *ret_affected: the bookings over capacity (0 or
   * -LS_E_CAPACITY_IN_USE); on 0, *ret_bookings (may be NULL) lists the booked ones
   * (LsBooking*: code, name, phone, field, date, slot), marked for /tra-cuu to show the
   * unit's notice. */
  int (*capacity_change) (LsStore *s, const LsCapacityChange *in, unsigned *ret_affected,
                          GPtrArray **ret_bookings);
  /* A server setting (province, retention_days, purge_last_run, …); value NULL removes it.
   * audit may be NULL (the purge's own record). */
  int (*setting_set) (LsStore *s, const char *key, const char *value, const LsAuditEntry *audit);
  /* -LS_E_NOT_FOUND when unset. */
  int (*setting_get) (LsStore *s, const char *key, char **ret);
  /* A draft (in->id NULL: new, its id in *ret_id) or a notice's new text. */
  int (*notice_put) (LsStore *s, const LsNoticeInput *in, const LsAuditEntry *audit, char **ret_id);
  /* Published (shown on /thong-bao and the board, dated now) or back to draft. */
  int (*notice_publish) (LsStore *s, const char *unit_id, const char *id, bool publish,
                         const char *now, const LsAuditEntry *audit);
  /* The unit's notices, drafts included, newest first. */
  int (*notices_admin) (LsStore *s, const char *unit_id, GPtrArray **ret);
  /* Whether a capacity change left this booking over capacity (the unit's notice is shown). */
  int (*booking_over_capacity) (LsStore *s, gint64 booking_id, bool *ret);
  /* The audit log's rows matching q (LsAuditRow*), newest first. */
  int (*audit_search) (LsStore *s, const LsAuditQuery *q, GPtrArray **ret);
  /* Kiosks. A new one of the unit (-EEXIST: the id is taken), its token (CSPRNG, stored
   * hashed) in *ret_token: the only time it can be shown. */
  int (*kiosk_create) (LsStore *s, const char *unit_id, const char *id, const char *name,
                       const LsAuditEntry *audit, char **ret_token);
  /* A fresh token for an active kiosk of the unit, audited; -LS_E_NOT_FOUND otherwise. */
  int (*kiosk_rotate_in_unit) (LsStore *s, const char *unit_id, const char *id,
                               const LsAuditEntry *audit, char **ret_token);
  /* Its token stops working for good (kiosk_by_token_hash no longer finds it), audited. */
  int (*kiosk_revoke) (LsStore *s, const char *unit_id, const char *id, const LsAuditEntry *audit);
  int (*kiosks_of_unit) (LsStore *s, const char *unit_id, GPtrArray **ret);
  /* Notes an authenticated request of the kiosk at `now` (RFC 3339), at most once a minute,
   * without waiting for the write (a kiosk request never waits for it). */
  void (*kiosk_seen) (LsStore *s, const char *kiosk_id, const char *now);
  /* The staff accounts of a unit (NULL: every account), enabled first, by username; no
   * password hash. */
  int (*staff_users_of_unit) (LsStore *s, const char *unit_id, GPtrArray **ret);
  /* Optional (NULL: the backend's processes do not share events; SQLite): from now on fn
   * gets the events that any process on the database commits, each unit's in id order, on a
   * thread of the store (PostgreSQL: LISTEN/NOTIFY), and queue_act's own `committed` is
   * left to it, so a process's streams carry every process's calls. */
  int (*watch_events) (LsStore *s, LsEventsCommitted fn, void *data);
} LsStoreOps;

struct LsStore
{
  const LsStoreOps *ops;
  /* set by ls_store_reload_catalog; read it through ls_store_catalog (or, in a handler,
   * ls_request_catalog): a reload replaces it while requests run */
  LsCatalog *catalog;
};

/* How a backend is opened, beyond its spec (the --db-* options). */
typedef struct
{
  unsigned pool_size; /* connections to a database server (PostgreSQL); 1..64 */
} LsStoreConfig;

#define LS_STORE_POOL_DEFAULT 8

/* spec: "sqlite:PATH", or a libpq URI "postgresql://…" / "postgres://…" (the backends
 * table is in store.c); cfg NULL: the defaults. */
int ls_store_open_with (const char *spec, const LsStoreConfig *cfg, LsStore **ret);
int ls_store_open (const char *spec, LsStore **ret);
/* A spec a backend takes (its scheme and something after it). */
bool ls_store_spec_valid (const char *spec);
/* The spec as it may be shown (logs, errors): a password in a URI ("user:secret@") or
 * in key=value form ("password=secret") replaced by "***". g_free it. */
char *ls_store_spec_display (const char *spec);
/* The database spec names is there already (opening would not create it). */
bool ls_store_exists (const char *spec);
int ls_store_sqlite_open (const char *path, LsStore **ret);
/* conninfo: a libpq URI or key=value string; -ENOTCONN when the server cannot be reached. */
int ls_store_postgres_open (const char *conninfo, const LsStoreConfig *cfg, LsStore **ret);
/* The database answers and holds layso's schema. */
bool ls_store_postgres_exists (const char *conninfo);
void ls_store_close (LsStore *s); /* NULL is fine */
/* --- moving a database between backends (--migrate-from) ------------------------------- */

/* Every table of the schema, in an order where a row's references come before it. */
extern const char *const ls_store_tables[];
/* One row of `table`: n columns, their names and their values as text (NULL for NULL). */
typedef int (*LsRowSink) (const char *table, int n, const char *const *columns,
                          const char *const *values, void *data);
/* Hands every row of the SQLite database at path (schema current: ls_store_open it first)
 * to sink, table by table in ls_store_tables order; stops at sink's first error. */
int ls_store_sqlite_export (const char *path, LsRowSink sink, void *data);
/* Copies the SQLite database at sqlite_path into the PostgreSQL database (its schema made:
 * ls_store_open it first), in one transaction; -ENOTEMPTY when it holds units or bookings
 * already (nothing copied). *ret_rows: how many rows. */
int ls_store_postgres_import_sqlite (const char *conninfo, const char *sqlite_path,
                                     unsigned *ret_rows);

/* Loads the catalog again and makes it current: requests that start afterwards see it, those
 * running keep the one they pinned (the old one is freed with its last reference). */
int ls_store_reload_catalog (LsStore *s);
/* The current catalog, with a reference (ls_catalog_free it). */
LsCatalog *ls_store_catalog (LsStore *s);

/* --- calls -------------------------------------------------------------------------- */
/* One inline function per op (as GIO wraps its vfuncs): callers write ls_store_booking_get(
 * store, …), never store->ops->…; see LsStoreOps for what each does. */

static inline int
ls_store_seed (LsStore *s, const LsSeed *seed, GPtrArray *ret_tokens)
{
  return s->ops->seed (s, seed, ret_tokens);
}

static inline int
ls_store_load_catalog (LsStore *s, LsCatalog **ret)
{
  return s->ops->load_catalog (s, ret);
}

static inline int
ls_store_slot_usage (LsStore *s, const LsUnit *unit, const char *field_id, const char *date,
                     int *ret_used)
{
  return s->ops->slot_usage (s, unit, field_id, date, ret_used);
}

static inline int
ls_store_idem_lookup (LsStore *s, const LsIdem *idem, LsReply *ret)
{
  return s->ops->idem_lookup (s, idem, ret);
}

static inline int
ls_store_booking_create (LsStore *s, const LsBookingInput *in, const LsIdem *idem,
                         LsRenderBooking render, void *user_data, LsReply *ret, bool *ret_replayed)
{
  return s->ops->booking_create (s, in, idem, render, user_data, ret, ret_replayed);
}

static inline void
ls_store_booking_create_async (LsStore *s, const LsBookingInput *in, const LsIdem *idem,
                               LsRenderBooking render, void *user_data, LsBookingDone done,
                               void *done_data)
{
  s->ops->booking_create_async (s, in, idem, render, user_data, done, done_data);
}

static inline int
ls_store_booking_get (LsStore *s, const char *code, const char *cccd, LsBooking **ret)
{
  return s->ops->booking_get (s, code, cccd, ret);
}

static inline int
ls_store_booking_find_active (LsStore *s, const char *unit_id, const char *code, LsBooking **ret)
{
  return s->ops->booking_find_active (s, unit_id, code, ret);
}

static inline int
ls_store_bookings_of_cccd (LsStore *s, const char *unit_id, const char *cccd, GPtrArray **ret)
{
  return s->ops->bookings_of_cccd (s, unit_id, cccd, ret);
}

static inline int
ls_store_booking_cancel (LsStore *s, gint64 booking_id, const char *now)
{
  return s->ops->booking_cancel (s, booking_id, now);
}

static inline int
ls_store_ticket_issue (LsStore *s, const LsTicketInput *in, const LsIdem *idem,
                       LsRenderTicket render, void *user_data, LsReply *ret, bool *ret_replayed)
{
  return s->ops->ticket_issue (s, in, idem, render, user_data, ret, ret_replayed);
}

static inline int
ls_store_ticket_get (LsStore *s, const char *id, LsTicket **ret)
{
  return s->ops->ticket_get (s, id, ret);
}

static inline int
ls_store_ticket_print_result (LsStore *s, const char *unit_id, const char *ticket_id, bool ok,
                              const char *reason, const char *now)
{
  return s->ops->ticket_print_result (s, unit_id, ticket_id, ok, reason, now);
}

static inline int
ls_store_kiosk_by_token_hash (LsStore *s, const char *hash, LsKiosk **ret)
{
  return s->ops->kiosk_by_token_hash (s, hash, ret);
}

static inline int
ls_store_kiosk_rotate_token (LsStore *s, const char *kiosk_id, char **ret_token)
{
  return s->ops->kiosk_rotate_token (s, kiosk_id, ret_token);
}

static inline int
ls_store_notices_of_unit (LsStore *s, const char *unit_id, GPtrArray **ret)
{
  return s->ops->notices_of_unit (s, unit_id, ret);
}

static inline int
ls_store_purge_before (LsStore *s, const char *date, const char *idem_before, const char *now)
{
  return s->ops->purge_before (s, date, idem_before, now);
}

static inline int
ls_store_lookup_counters (LsStore *s, const char *const *keys, size_t n, LaysoLookupCounter *ret)
{
  return s->ops->lookup_counters (s, keys, n, ret);
}

static inline int
ls_store_lookup_fail (LsStore *s, const char *const *keys, const int *thresholds, size_t n,
                      gint64 now)
{
  return s->ops->lookup_fail (s, keys, thresholds, n, now);
}

static inline int
ls_store_staff_user_create (LsStore *s, const LsStaffUserInput *in, char **ret_id)
{
  return s->ops->staff_user_create (s, in, ret_id);
}

static inline int
ls_store_staff_user_by_username (LsStore *s, const char *username, LsStaffUser **ret)
{
  return s->ops->staff_user_by_username (s, username, ret);
}

static inline int
ls_store_staff_session_create (LsStore *s, const char *token_hash, const char *user_id,
                               const LsSessionClock *clock, const char *now)
{
  return s->ops->staff_session_create (s, token_hash, user_id, clock, now);
}

static inline int
ls_store_staff_session_get (LsStore *s, const char *token_hash, const LsSessionClock *clock,
                            LsStaffUser **ret)
{
  return s->ops->staff_session_get (s, token_hash, clock, ret);
}

static inline int
ls_store_staff_session_delete (LsStore *s, const char *token_hash, const LsAuditEntry *audit)
{
  return s->ops->staff_session_delete (s, token_hash, audit);
}

static inline int
ls_store_audit_add (LsStore *s, const LsAuditEntry *entry)
{
  return s->ops->audit_add (s, entry);
}

static inline int
ls_store_staff_user_get (LsStore *s, const char *user_id, LsStaffUser **ret)
{
  return s->ops->staff_user_get (s, user_id, ret);
}

static inline int
ls_store_staff_user_disable (LsStore *s, const char *user_id, const LsAuditEntry *audit)
{
  return s->ops->staff_user_disable (s, user_id, audit);
}

static inline int
ls_store_counter_create (LsStore *s, const LsCounterInput *in, char **ret_id)
{
  return s->ops->counter_create (s, in, ret_id);
}

static inline int
ls_store_counter_get (LsStore *s, const char *counter_id, const char *date, LsCounter **ret)
{
  return s->ops->counter_get (s, counter_id, date, ret);
}

static inline int
ls_store_counters_of_unit (LsStore *s, const char *unit_id, const char *date, GPtrArray **ret)
{
  return s->ops->counters_of_unit (s, unit_id, date, ret);
}

static inline int
ls_store_queue_policy_get (LsStore *s, const char *unit_id, LsQueuePolicy *ret)
{
  return s->ops->queue_policy_get (s, unit_id, ret);
}

static inline int
ls_store_queue_policy_set (LsStore *s, const char *unit_id, const LsQueuePolicy *p,
                           const LsAuditEntry *audit)
{
  return s->ops->queue_policy_set (s, unit_id, p, audit);
}

static inline int
ls_store_queue_waiting (LsStore *s, const char *unit_id, const char *date, GPtrArray **ret)
{
  return s->ops->queue_waiting (s, unit_id, date, ret);
}

static inline int
ls_store_queue_skipped (LsStore *s, const char *unit_id, const char *date, GPtrArray **ret)
{
  return s->ops->queue_skipped (s, unit_id, date, ret);
}

static inline int
ls_store_queue_ticket_get (LsStore *s, const char *ticket_id, LsTicket **ret)
{
  return s->ops->queue_ticket_get (s, ticket_id, ret);
}

static inline int
ls_store_service_times (LsStore *s, const char *unit_id, const char *field_id, gint64 since,
                        GArray **ret)
{
  return s->ops->service_times (s, unit_id, field_id, since, ret);
}

static inline int
ls_store_queue_act (LsStore *s, const LsQueueInput *in, LsTicket **ret_ticket,
                    LsCounter **ret_counter, unsigned *ret_retry_after)
{
  return s->ops->queue_act (s, in, ret_ticket, ret_counter, ret_retry_after);
}

static inline int
ls_store_events_since (LsStore *s, const char *unit_id, gint64 after_id, unsigned max,
                       GPtrArray **ret)
{
  return s->ops->events_since (s, unit_id, after_id, max, ret);
}

static inline int
ls_store_unit_snapshot (LsStore *s, const char *unit_id, const char *date, LsUnitSnapshot **ret)
{
  return s->ops->unit_snapshot (s, unit_id, date, ret);
}

static inline int
ls_store_event_get (LsStore *s, const char *unit_id, gint64 id, LsEvent **ret)
{
  return s->ops->event_get (s, unit_id, id, ret);
}

static inline int
ls_store_stats_rows (LsStore *s, const LsStatsQuery *q, GArray **ret_tickets, GArray **ret_bookings)
{
  return s->ops->stats_rows (s, q, ret_tickets, ret_bookings);
}

static inline int
ls_store_unit_update (LsStore *s, const LsUnitUpdate *in, const LsAuditEntry *audit)
{
  return s->ops->unit_update (s, in, audit);
}

static inline int
ls_store_field_put (LsStore *s, const char *unit_id, const LsField *f, const LsAuditEntry *audit)
{
  return s->ops->field_put (s, unit_id, f, audit);
}

static inline int
ls_store_capacity_change (LsStore *s, const LsCapacityChange *in, unsigned *ret_affected,
                          GPtrArray **ret_bookings)
{
  return s->ops->capacity_change (s, in, ret_affected, ret_bookings);
}

static inline int
ls_store_setting_set (LsStore *s, const char *key, const char *value, const LsAuditEntry *audit)
{
  return s->ops->setting_set (s, key, value, audit);
}

static inline int
ls_store_setting_get (LsStore *s, const char *key, char **ret)
{
  return s->ops->setting_get (s, key, ret);
}

static inline int
ls_store_notice_put (LsStore *s, const LsNoticeInput *in, const LsAuditEntry *audit, char **ret_id)
{
  return s->ops->notice_put (s, in, audit, ret_id);
}

static inline int
ls_store_notice_publish (LsStore *s, const char *unit_id, const char *id, bool publish,
                         const char *now, const LsAuditEntry *audit)
{
  return s->ops->notice_publish (s, unit_id, id, publish, now, audit);
}

static inline int
ls_store_notices_admin (LsStore *s, const char *unit_id, GPtrArray **ret)
{
  return s->ops->notices_admin (s, unit_id, ret);
}

static inline int
ls_store_booking_over_capacity (LsStore *s, gint64 booking_id, bool *ret)
{
  return s->ops->booking_over_capacity (s, booking_id, ret);
}

static inline int
ls_store_audit_search (LsStore *s, const LsAuditQuery *q, GPtrArray **ret)
{
  return s->ops->audit_search (s, q, ret);
}

static inline int
ls_store_kiosk_create (LsStore *s, const char *unit_id, const char *id, const char *name,
                       const LsAuditEntry *audit, char **ret_token)
{
  return s->ops->kiosk_create (s, unit_id, id, name, audit, ret_token);
}

static inline int
ls_store_kiosk_rotate_in_unit (LsStore *s, const char *unit_id, const char *id,
                               const LsAuditEntry *audit, char **ret_token)
{
  return s->ops->kiosk_rotate_in_unit (s, unit_id, id, audit, ret_token);
}

static inline int
ls_store_kiosk_revoke (LsStore *s, const char *unit_id, const char *id, const LsAuditEntry *audit)
{
  return s->ops->kiosk_revoke (s, unit_id, id, audit);
}

static inline int
ls_store_kiosks_of_unit (LsStore *s, const char *unit_id, GPtrArray **ret)
{
  return s->ops->kiosks_of_unit (s, unit_id, ret);
}

static inline void
ls_store_kiosk_seen (LsStore *s, const char *kiosk_id, const char *now)
{
  s->ops->kiosk_seen (s, kiosk_id, now);
}

static inline int
ls_store_staff_users_of_unit (LsStore *s, const char *unit_id, GPtrArray **ret)
{
  return s->ops->staff_users_of_unit (s, unit_id, ret);
}

/* -ENOSYS when the backend does not share events between processes (see watch_events). */
static inline int
ls_store_watch_events (LsStore *s, LsEventsCommitted fn, void *data)
{
  return s->ops->watch_events ? s->ops->watch_events (s, fn, data) : -ENOSYS;
}

void ls_booking_free (LsBooking *b);
LsBooking *ls_booking_dup (const LsBooking *b);
void ls_ticket_free (LsTicket *t);
void ls_kiosk_free (LsKiosk *k);
void ls_notice_free (LsNotice *n);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsBooking, ls_booking_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsTicket, ls_ticket_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsKiosk, ls_kiosk_free)
void ls_staff_user_free (LsStaffUser *u);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsStaffUser, ls_staff_user_free)
void ls_counter_free (LsCounter *c);
void ls_event_free (LsEvent *e);
LsEvent *ls_event_new (gint64 id, const char *type, const char *data);
void ls_field_count_free (LsFieldCount *fc);
void ls_unit_snapshot_free (LsUnitSnapshot *snap);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsCounter, ls_counter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsEvent, ls_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsUnitSnapshot, ls_unit_snapshot_free)
