/* The store interface: what the routes need from persistent storage, independent of the
 * backend. A backend (store-sqlite.c; a PostgreSQL one later) fills an LsStoreOps table.
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
#include "codes.h"
#include "lookup-guard.h"

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
} LsStoreError;

typedef struct
{
  gint64 id;
  char code[LAYSO_CODE_LEN + 1];
  char *unit_id, *field_id, *slot_id;
  char date[11];             /* YYYY-MM-DD */
  char *name, *cccd, *phone; /* NULL once purged; phone NULL when not given */
  char *status;              /* as stored: booked, checked_in, cancelled, expired */
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
} LsTicket;

typedef struct
{
  char *id, *name, *unit_id;
} LsKiosk;

typedef struct
{
  char *id, *unit_id, *title, *body, *published_at;
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
} LsTicketInput;

/* Seeding: the catalog's units and holidays, notices, kiosks. */
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

typedef struct
{
  const char *name; /* "sqlite", "postgresql" */
  void (*close) (LsStore *s);
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
   * their codes), removes name, CCCD and phone of bookings dated before `date` (YYYY-MM-DD)
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
} LsStoreOps;

struct LsStore
{
  const LsStoreOps *ops;
  LsCatalog *catalog; /* set by ls_store_reload_catalog */
};

/* spec: "sqlite:PATH" (the only backend built today; a table in store.c). */
int ls_store_open (const char *spec, LsStore **ret);
/* A spec a backend takes (its scheme and something after it). */
bool ls_store_spec_valid (const char *spec);
/* The database spec names is there already (opening would not create it). */
bool ls_store_exists (const char *spec);
int ls_store_sqlite_open (const char *path, LsStore **ret);
void ls_store_close (LsStore *s); /* NULL is fine */
int ls_store_reload_catalog (LsStore *s);

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
