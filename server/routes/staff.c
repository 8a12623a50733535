/* Staff sign-in and sign-out, and the session check every staff route makes (accounts:
 * staff-accounts.c).
 *
 * Sign-in runs on a worker thread (its row is LS_ROUTE_WORKER): Argon2id verification takes
 * 50-100 ms and 64 MiB by design, so it never runs on the event loop, and at most
 * HASHES_AT_ONCE run together (beyond that: 503, retry in a second), which bounds the
 * memory a burst of sign-ins can take.
 *
 * Failed sign-ins are counted per username and per client address with the look-up guard's
 * rules (lookup-guard.h) and thresholds of their own; a locked username answers 429 whatever
 * the password, so the lock tells nothing. An unknown username is verified against a dummy
 * hash, so it costs the same time as a wrong password and gets the same 401. */
#include "routes/staff.h"

#include "app.h"
#include "clock.h"
#include "codes.h"
#include "lookup-guard.h"
#include "routes/render.h"
#include "routes/body.h"
#include "routes/context.h"
#include "routes/errors.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>

#define HASHES_AT_ONCE       4
#define LOGIN_USER_THRESHOLD 5  /* a user mistypes a few times; a guesser needs thousands */
#define LOGIN_ADDR_THRESHOLD 30 /* many counters share one office address */
#define TOKEN_MAX_BYTES      64
#define MESSAGE_UNAUTHORIZED "Tên đăng nhập hoặc mật khẩu không đúng"
#define MESSAGE_NEED_SIGN_IN "Vui lòng đăng nhập"
#define MESSAGE_LOGIN_LOCKED "Đăng nhập sai quá nhiều lần, vui lòng thử lại sau"

static gint hashes_running;

static bool
hash_slot_take (void)
{
  if (g_atomic_int_add (&hashes_running, 1) >= HASHES_AT_ONCE)
    {
      g_atomic_int_add (&hashes_running, -1);
      return false;
    }
  return true;
}

static void
hash_slot_release (void)
{
  g_atomic_int_add (&hashes_running, -1);
}

char *
ls_password_hash (const char *password)
{
  char out[crypto_pwhash_STRBYTES];
  if (!hash_slot_take ())
    return NULL;
  int r = crypto_pwhash_str (out, password, strlen (password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE);
  hash_slot_release ();
  return r == 0 ? g_strdup (out) : NULL;
}

/* A hash no password matches, for unknown usernames (same cost as a real check). */
static const char *
dummy_hash (void)
{
  static char *dummy;
  if (g_once_init_enter (&dummy))
    {
      char pw[33];
      g_autofree char *token = layso_token_generate ();
      g_strlcpy (pw, token, sizeof pw);
      char out[crypto_pwhash_STRBYTES];
      if (crypto_pwhash_str (out, pw, strlen (pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        g_strlcpy (out, "$argon2id$unusable", sizeof out); /* verifies nothing either */
      g_once_init_leave (&dummy, g_strdup (out));
    }
  return dummy;
}

/* 0 when the password matches, -EACCES when not, -EBUSY when too many checks run. */
static int
password_verify (const char *hash, const char *password)
{
  if (!hash_slot_take ())
    return -EBUSY;
  int r = crypto_pwhash_str_verify (hash, password, strlen (password));
  hash_slot_release ();
  return r == 0 ? 0 : -EACCES;
}

/* --- sessions --------------------------------------------------------------------- */

static LsSessionClock
session_clock (LsRequest *req)
{
  g_autoptr (GDateTime) now = ls_now (req);
  return (LsSessionClock){ g_date_time_to_unix (now), LS_SESSION_IDLE_S, LS_SESSION_MAX_S };
}

/* The token of the session cookie, copied into ret (TOKEN_MAX_BYTES + 1), or false. */
static bool
session_token (LsRequest *req, char *ret)
{
  const char *cookie = ls_request_header (req, "Cookie");
  const char *name = LS_SESSION_COOKIE "=";
  for (const char *p = cookie; p && *p;)
    {
      while (*p == ' ' || *p == ';')
        p++;
      size_t len = strcspn (p, ";");
      if (g_str_has_prefix (p, name) && len - strlen (name) <= TOKEN_MAX_BYTES &&
          len > strlen (name))
        {
          memcpy (ret, p + strlen (name), len - strlen (name));
          ret[len - strlen (name)] = '\0';
          return true;
        }
      p += len;
    }
  return false;
}

LsStaffUser *
ls_staff_or_reply (LsRequest *req)
{
  char token[TOKEN_MAX_BYTES + 1], hash[65];
  if (!session_token (req, token))
    {
      ls_reply_error (req, 401, "unauthorized", MESSAGE_NEED_SIGN_IN, NULL);
      return NULL;
    }
  layso_token_hash (token, hash);
  LsSessionClock clock = session_clock (req);
  LsStaffUser *u = NULL;
  int r = ls_store_staff_session_get (req->app->store, hash, &clock, &u);
  if (r == -LS_E_NOT_FOUND)
    ls_reply_error (req, 401, "unauthorized", MESSAGE_NEED_SIGN_IN, NULL);
  else if (r < 0)
    ls_reply_store_error (req, r);
  return r < 0 ? NULL : u;
}

/* Origin absent (same-origin GETs, curl) or this server's: a browser always sends it on a
 * cross-site POST, and SameSite=Strict keeps the cookie off those anyway. */
static bool
origin_ok_or_reply (LsRequest *req)
{
  const char *origin = ls_request_header (req, "Origin");
  const char *host = ls_request_header (req, "Host");
  if (!origin)
    return true;
  if (host && strlen (host) < 256)
    {
      g_autofree char *http = g_strconcat ("http://", host, NULL);
      g_autofree char *https = g_strconcat ("https://", host, NULL);
      if (g_ascii_strcasecmp (origin, http) == 0 || g_ascii_strcasecmp (origin, https) == 0)
        return true;
    }
  ls_reply_error (req, 403, "forbidden", LS_MESSAGE_FORBIDDEN, NULL);
  return false;
}

LsStaffUser *
ls_staff_acting_or_reply (LsRequest *req)
{
  return origin_ok_or_reply (req) ? ls_staff_or_reply (req) : NULL;
}

bool
ls_staff_unit_allowed_or_reply (LsRequest *req, const LsStaffUser *u, const char *unit_id)
{
  if (strcmp (u->role, "admin") == 0 ||
      (u->unit_id && unit_id && strcmp (u->unit_id, unit_id) == 0))
    return true;
  ls_reply_error (req, 403, "forbidden", LS_MESSAGE_FORBIDDEN, NULL);
  return false;
}

bool
ls_staff_is_manager_or_reply (LsRequest *req, const LsStaffUser *u)
{
  if (strcmp (u->role, "staff") != 0)
    return true;
  ls_reply_error (req, 403, "forbidden", LS_MESSAGE_FORBIDDEN, NULL);
  return false;
}

json_object *
ls_json_staff_user (LsRequest *req, const LsStaffUser *u)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "id", json_object_new_string (u->id));
  json_object_object_add (o, "username", json_object_new_string (u->username));
  json_object_object_add (o, "name", json_object_new_string (u->name));
  json_object_object_add (o, "role", json_object_new_string (u->role));
  const LsUnit *unit = u->unit_id ? ls_catalog_unit (ls_request_catalog (req), u->unit_id) : NULL;
  json_object *uo = NULL;
  if (unit)
    {
      uo = json_object_new_object ();
      json_object_object_add (uo, "id", json_object_new_string (unit->id));
      json_object_object_add (uo, "name", json_object_new_string (unit->name));
    }
  json_object_object_add (o, "unit", uo);
  return o;
}

/* --- sign-in ------------------------------------------------------------------------ */

typedef struct
{
  char *keys[2];
  int thresholds[2];
} LoginKeys;

static void
login_keys_init (LoginKeys *k, const char *username, const char *address)
{
  g_autofree char *user = g_compute_checksum_for_string (G_CHECKSUM_SHA256, username, -1);
  g_autofree char *addr = g_compute_checksum_for_string (G_CHECKSUM_SHA256, address, -1);
  k->keys[0] = g_strconcat ("login-user:", user, NULL);
  k->keys[1] = g_strconcat ("login-addr:", addr, NULL);
  k->thresholds[0] = LOGIN_USER_THRESHOLD;
  k->thresholds[1] = LOGIN_ADDR_THRESHOLD;
}

static void
login_keys_clear (LoginKeys *k)
{
  g_free (k->keys[0]);
  g_free (k->keys[1]);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LoginKeys, login_keys_clear)

static bool
login_unlocked_or_reply (LsRequest *req, const LoginKeys *k, gint64 now)
{
  LaysoLookupCounter counters[2];
  int r = ls_store_lookup_counters (req->app->store, (const char *const *) k->keys, 2, counters);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return false;
    }
  gint64 wait = 0, left;
  for (size_t i = 0; i < 2; i++)
    if (layso_lookup_locked (&counters[i], now, &left) && left > wait)
      wait = left;
  if (wait == 0)
    return true;
  ls_reply_retry_later (req, 429, "rate_limited", MESSAGE_LOGIN_LOCKED, (unsigned) wait);
  return false;
}

static void
login_failed_reply (LsRequest *req, const LoginKeys *k, gint64 now, const char *username)
{
  int r =
      ls_store_lookup_fail (req->app->store, (const char *const *) k->keys, k->thresholds, 2, now);
  g_autoptr (GDateTime) t = ls_now (req);
  g_autofree char *at = layso_rfc3339_format (t);
  LsAuditEntry e = { NULL, "auth.login_failed", NULL, username, NULL, at };
  if (r == 0)
    r = ls_store_audit_add (req->app->store, &e);
  if (r < 0)
    ls_reply_store_error (req, r);
  else
    ls_reply_error (req, 401, "unauthorized", MESSAGE_UNAUTHORIZED, NULL);
}

static void
set_session_cookie (LsRequest *req, const char *token, gint64 max_age)
{
  const char *proto = ls_request_header (req, "X-Forwarded-Proto");
  bool secure = proto && g_ascii_strcasecmp (proto, "https") == 0;
  g_autofree char *cookie = g_strdup_printf (
      LS_SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%" G_GINT64_FORMAT "%s",
      token, max_age, secure ? "; Secure" : "");
  ls_reply_add_header (req, "Set-Cookie", cookie);
}

static void
login_succeeded_reply (LsRequest *req, const LsStaffUser *u)
{
  g_autofree char *token = layso_token_generate ();
  char hash[65];
  layso_token_hash (token, hash);
  LsSessionClock clock = session_clock (req);
  g_autoptr (GDateTime) t = ls_now (req);
  g_autofree char *at = layso_rfc3339_format (t);
  int r = ls_store_staff_session_create (req->app->store, hash, u->id, &clock, at);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "user", ls_json_staff_user (req, u));
  ls_reply_json (req, 200, root);
  set_session_cookie (req, token, LS_SESSION_MAX_S);
}

void
ls_route_auth_login (LsRequest *req)
{
  LsLoginBody body;
  if (!origin_ok_or_reply (req) || !ls_body_decode_or_reply (req, ls_schema_login, &body))
    return;
  const char *username = body.username;
  const char *password = body.password;
  g_auto (LoginKeys) keys;
  login_keys_init (&keys, username, req->client_ip);
  LsSessionClock clock = session_clock (req);
  if (!login_unlocked_or_reply (req, &keys, clock.now))
    return;
  g_autoptr (LsStaffUser) u = NULL;
  int r = ls_store_staff_user_by_username (req->app->store, username, &u);
  if (r < 0 && r != -LS_E_NOT_FOUND)
    {
      ls_reply_store_error (req, r);
      return;
    }
  int v = password_verify (u ? u->password_hash : dummy_hash (), password);
  if (v == -EBUSY)
    ls_reply_unavailable (req, 1);
  else if (v < 0 || !u || u->disabled)
    login_failed_reply (req, &keys, clock.now, username);
  else
    login_succeeded_reply (req, u);
}

void
ls_route_auth_logout (LsRequest *req)
{
  g_autoptr (LsStaffUser) u = ls_staff_acting_or_reply (req);
  if (!u)
    return;
  char token[TOKEN_MAX_BYTES + 1], hash[65];
  session_token (req, token); /* there is one: the session was found by it */
  layso_token_hash (token, hash);
  g_autoptr (GDateTime) t = ls_now (req);
  g_autofree char *at = layso_rfc3339_format (t);
  LsAuditEntry e = { u->id, "auth.logout", u->unit_id, NULL, NULL, at };
  int r = ls_store_staff_session_delete (req->app->store, hash, &e);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  ls_reply_bytes (req, 204, NULL, NULL, NULL);
  set_session_cookie (req, "", 0);
}

void
ls_route_auth_me (LsRequest *req)
{
  g_autoptr (LsStaffUser) u = ls_staff_or_reply (req);
  if (!u)
    return;
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "user", ls_json_staff_user (req, u));
  ls_reply_json (req, 200, root);
}
