/* Harness for the HTTP integration tests: starts a real layso-server on a free port with a
 * fresh SQLite database, talks to it with libcurl and checks answers against the wire
 * contract (docs/api.md). Every assertion names the caller's file:line and shows the body. */
#pragma once

#include <glib.h>
#include <json-c/json.h>
#include <stdbool.h>

/* The test seed (tests/integration/seed.json): what the tests may rely on. */
#define LT_UNIT_PHO_YEN "phuong-pho-yen" /* Mon–Fri, lead 30, slots cap 10 / 2 / 10 */
#define LT_UNIT_BA_XUYEN                                                                           \
  "phuong-ba-xuyen"                    /* Mon–Fri, lead 30, fields chung-thuc, ho-tich;
                                               at most 2 active bookings per CCCD (others 3) */
#define LT_UNIT_DONG_HY   "xa-dong-hy" /* Mon–Fri + Saturday service, lead 15 */
#define LT_KIOSK_PHO_YEN  "kiosk-pho-yen-1"
#define LT_KIOSK_BA_XUYEN "kiosk-ba-xuyen-1"
#define LT_SEED_KIOSKS    2u
/* "Now" for booking: Thu 25/9/2025 10:00, so the bookable days are 26/9, 29/9 … 6/10. */
#define LT_NOW_BOOKING "2025-09-25T10:00:00+07:00"

typedef struct LtServer LtServer;

/* setlocale (so failure messages keep their Vietnamese) and g_test_init. */
void lt_init (int *argc, char ***argv);

typedef struct
{
  const char *work_dir; /* where the DB and the logs live; NULL: a fresh temp dir */
  bool seed;            /* pass --seed tests/integration/seed.json */
  const char *clock;    /* --dev --clock VALUE; NULL: no --dev */
  guint expect_kiosk_tokens;
  const char *const *extra_args; /* NULL-terminated, or NULL */
} LtServerOptions;

LtServer *lt_server_start (const LtServerOptions *opts);
/* SIGTERM, then asserts a clean exit (status 0) within 15 s and that no personal data
 * registered with lt_server_forbid_in_logs() reached stdout or stderr. Frees srv. */
void lt_server_stop (LtServer *srv);
/* After a SIGTERM sent otherwise: waits and asserts as lt_server_stop does. Frees srv. */
void lt_server_wait_stopped (LtServer *srv);
/* SIGKILL, for the durability tests. Frees srv. */
void lt_server_kill (LtServer *srv);
/* Shorthand: a fresh DB, the test seed, --dev --clock LT_NOW_BOOKING. */
LtServer *lt_server_start_default (void);

/* The layso-server binary the tests run (for one-shot commands like --rotate-kiosk-token). */
const char *lt_server_binary (void);

/* A one-shot run of layso-server (a command such as --rotate-kiosk-token, or --help) to its
 * end: the exit status and everything it wrote. */
typedef struct
{
  int exit_status;
  char *out, *err;
} LtCommand;
void lt_command_clear (LtCommand *c);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LtCommand, lt_command_clear)
/* Runs layso-server with `args` (NULL-terminated; stdin from /dev/null); fails the test when
 * it cannot start or does not exit. */
void lt_run_server_command (const char *const *args, LtCommand *ret);
const char *lt_server_url (LtServer *srv);
const char *lt_server_work_dir (LtServer *srv);
char *lt_server_stderr (LtServer *srv); /* what it wrote on stderr so far; g_free it */
/* Rows of `query` on the work dir's database (WORK_DIR/layso.db through the sqlite3 CLI, or
 * its PostgreSQL database through psql), one per line, columns split by '|', NULL as "NULL";
 * g_free it. */
char *lt_sql (const char *work_dir, const char *query);
/* The --db spec of a work dir's database: sqlite:WORK_DIR/layso.db, or with
 * LAYSO_TEST_DB=postgresql a database of its own on LAYSO_TEST_PG's cluster (created). */
char *lt_db_spec (const char *work_dir);
bool lt_on_postgres (void);
const char *lt_server_kiosk_token (LtServer *srv, const char *kiosk_id);
void lt_server_forbid_in_logs (LtServer *srv, const char *personal_data);
void lt_server_set_clock (LtServer *srv, const char *now);
void lt_server_assert_healthy (LtServer *srv);

typedef struct
{
  long status;
  char *body; /* NUL-terminated copy of the body */
  gsize body_len;
  char *content_type; /* NULL if none */
  char *retry_after;  /* the Retry-After header, NULL if none */
  json_object *json;  /* the body parsed, NULL if it is not JSON */
} LtResponse;

void lt_response_free (LtResponse *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtResponse, lt_response_free)

/* content_type NULL: no Content-Type header at all. extra_headers: NULL-terminated, or NULL.
 * A transport failure fails the test at the caller's line (with the server's stderr if it
 * died). */
#define lt_http(srv, method, path, content_type, body, body_len, extra_headers)                    \
  lt_request_at (__FILE__, __LINE__, (srv), (method), (path), (content_type), NULL, (body),        \
                 (body_len), (extra_headers))
#define lt_get(srv, path)                                                                          \
  lt_request_at (__FILE__, __LINE__, (srv), "GET", (path), NULL, NULL, NULL, 0, NULL)
#define lt_get_auth(srv, path, bearer)                                                             \
  lt_request_at (__FILE__, __LINE__, (srv), "GET", (path), NULL, (bearer), NULL, 0, NULL)
#define lt_post_json(srv, path, json_text)                                                         \
  lt_request_at (__FILE__, __LINE__, (srv), "POST", (path), "application/json", NULL, (json_text), \
                 -1, NULL)
#define lt_post_json_auth(srv, path, json_text, bearer)                                            \
  lt_request_at (__FILE__, __LINE__, (srv), "POST", (path), "application/json", (bearer),          \
                 (json_text), -1, NULL)
LtResponse *lt_request_at (const char *file, int line, LtServer *srv, const char *method,
                           const char *path, const char *content_type, const char *bearer,
                           const char *body, gssize body_len, const char *const *extra_headers);

/* All requests go out at once, each on its own connection (libcurl multi). */
GPtrArray *lt_post_json_concurrently (LtServer *srv, const char *path, char **bodies, guint n,
                                      const char *bearer, const char *const *extra_headers);
/* The same, with a path per request (or a full URL, for a request to another server). */
GPtrArray *lt_post_json_concurrently_to (LtServer *srv, const char *const *paths, char **bodies,
                                         guint n, const char *bearer,
                                         const char *const *extra_headers);

/* A rush of POSTs during which the server gets SIGTERM once `sigterm_after` have been
 * answered; requests it never answered come back with status 0. */
GPtrArray *lt_rush_and_sigterm (LtServer *srv, const char *path, char **bodies, guint n,
                                guint sigterm_after);

/* Bookings. */
typedef struct
{
  const char *name, *cccd, *phone, *unit, *field, *date, *slot;
} LtBooking;
json_object *lt_booking_object (const LtBooking *b); /* with "consent": true */
char *lt_booking_json (const LtBooking *b);
#define lt_book(srv, b) lt_book_at (__FILE__, __LINE__, (srv), (b))
LtResponse *lt_book_at (const char *file, int line, LtServer *srv, const LtBooking *b);
#define lt_book_ok(srv, b) lt_book_ok_at (__FILE__, __LINE__, (srv), (b))
char *lt_book_ok_at (const char *file, int line, LtServer *srv, const LtBooking *b);
/* A code of the booking-code alphabet that this server has not issued (so far). */
char *lt_unused_code (LtServer *srv);
void lt_server_note_code (LtServer *srv, const char *code);
char *lt_cccd (guint n); /* "0790" + 8 digits */
gint64 lt_slot_remaining (LtServer *srv, const char *unit, const char *date, const char *field,
                          const char *slot_id, bool *ret_full);

/* Assertions (on failure: file:line, expected vs got, the body). */
#define lt_assert_status(r, st) lt_assert_status_at (__FILE__, __LINE__, (r), (st))
#define lt_assert_json(r, st)   lt_assert_json_at (__FILE__, __LINE__, (r), (st))
#define lt_assert_error(r, st, code, field)                                                        \
  lt_assert_error_at (__FILE__, __LINE__, (r), (st), (code), (field))
#define lt_str(obj, path)   lt_str_at (__FILE__, __LINE__, (obj), (path))
#define lt_int(obj, path)   lt_int_at (__FILE__, __LINE__, (obj), (path))
#define lt_bool(obj, path)  lt_bool_at (__FILE__, __LINE__, (obj), (path))
#define lt_array(obj, path) lt_array_at (__FILE__, __LINE__, (obj), (path))
#define lt_assert_str(obj, path, expected)                                                         \
  lt_assert_str_at (__FILE__, __LINE__, (obj), (path), (expected))
#define lt_assert_int(obj, path, expected)                                                         \
  lt_assert_int_at (__FILE__, __LINE__, (obj), (path), (expected))
#define lt_assert_bool(obj, path, expected)                                                        \
  lt_assert_bool_at (__FILE__, __LINE__, (obj), (path), (expected))
#define lt_assert_match(obj, path, regex)                                                          \
  lt_assert_match_at (__FILE__, __LINE__, (obj), (path), (regex))
#define lt_assert_body_lacks(r, text) lt_assert_body_lacks_at (__FILE__, __LINE__, (r), (text))

void lt_fail_at (const char *file, int line, const char *fmt, ...)
    G_GNUC_PRINTF (3, 4) G_GNUC_NORETURN;
void lt_assert_status_at (const char *file, int line, LtResponse *r, long status);
json_object *lt_assert_json_at (const char *file, int line, LtResponse *r, long status);
void lt_assert_error_at (const char *file, int line, LtResponse *r, long status, const char *code,
                         const char *field);
/* path: "a.b.0.c" (numbers index arrays). NULL if absent. */
json_object *lt_json_at (json_object *obj, const char *path);
const char *lt_str_at (const char *file, int line, json_object *obj, const char *path);
gint64 lt_int_at (const char *file, int line, json_object *obj, const char *path);
bool lt_bool_at (const char *file, int line, json_object *obj, const char *path);
json_object *lt_array_at (const char *file, int line, json_object *obj, const char *path);
void lt_assert_str_at (const char *file, int line, json_object *obj, const char *path,
                       const char *expected);
void lt_assert_int_at (const char *file, int line, json_object *obj, const char *path,
                       gint64 expected);
void lt_assert_bool_at (const char *file, int line, json_object *obj, const char *path,
                        bool expected);
void lt_assert_match_at (const char *file, int line, json_object *obj, const char *path,
                         const char *regex);
void lt_assert_body_lacks_at (const char *file, int line, LtResponse *r, const char *text);

#define LT_CODE_REGEX    "^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}$"
#define LT_INSTANT_REGEX "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\+07:00$"
