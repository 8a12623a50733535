/* Staff accounts and sessions on the real server: --create-admin, sign-in (Argon2id),
 * the session cookie, Origin checks, throttled failures, expiry, roles and the audit log. */
#include "harness.h"
#include "staff-client.h"

#include <string.h>

static void
test_login_cookie (void)
{
  LtServer *srv = lt_server_start_default ();
  lt_staff_create_admin (srv, LT_ADMIN_USER, LT_ADMIN_PASSWORD);
  g_autofree char *set_cookie = NULL;
  g_autoptr (LtResponse) r =
      lt_staff_login (srv, LT_ADMIN_USER, LT_ADMIN_PASSWORD, NULL, &set_cookie);
  json_object *j = lt_assert_json (r, 200);
  lt_assert_str (j, "user.username", LT_ADMIN_USER);
  lt_assert_str (j, "user.role", "admin");
  g_assert_null (lt_json_at (j, "user.unit"));
  g_assert_nonnull (set_cookie);
  g_assert_true (g_str_has_prefix (set_cookie, "layso_session="));
  g_assert_nonnull (strstr (set_cookie, "; HttpOnly"));
  g_assert_nonnull (strstr (set_cookie, "; SameSite=Strict"));
  g_assert_nonnull (strstr (set_cookie, "; Path=/"));
  g_assert_null (strstr (set_cookie, "Secure"));
  /* the token is 256 bits (43 base64url characters) and only its SHA-256 is stored */
  g_autofree char *token = g_strndup (set_cookie + 14, strcspn (set_cookie + 14, ";"));
  g_assert_cmpuint (strlen (token), ==, 43);
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  g_autofree char *q =
      g_strdup_printf ("SELECT count(*) FROM staff_sessions WHERE token_hash = '%s'", sha);
  g_autofree char *found = lt_sql (lt_server_work_dir (srv), q);
  g_assert_cmpstr (found, ==, "1");
  g_autofree char *q2 =
      g_strdup_printf ("SELECT count(*) FROM staff_sessions WHERE token_hash = '%s'", token);
  g_autofree char *clear = lt_sql (lt_server_work_dir (srv), q2);
  g_assert_cmpstr (clear, ==, "0");
  g_autofree char *hash =
      lt_sql (lt_server_work_dir (srv), "SELECT password_hash FROM staff_users");
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  /* behind https (the proxy says so) the cookie is Secure */
  lt_server_stop (srv);
}

static void
test_same_answer_for_unknown_user (void)
{
  LtServer *srv = lt_server_start_default ();
  lt_staff_create_admin (srv, LT_ADMIN_USER, LT_ADMIN_PASSWORD);
  g_autofree char *c1 = NULL, *c2 = NULL;
  g_autoptr (LtResponse) wrong = lt_staff_login (srv, LT_ADMIN_USER, "khong-dung-dau", NULL, &c1);
  g_autoptr (LtResponse) unknown = lt_staff_login (srv, "khong-ai-ca", "khong-dung-dau", NULL, &c2);
  lt_assert_error (wrong, 401, "unauthorized", NULL);
  lt_assert_error (unknown, 401, "unauthorized", NULL);
  g_assert_cmpstr (wrong->body, ==, unknown->body);
  g_assert_null (c1);
  g_assert_null (c2);
  lt_server_stop (srv);
}

static void
test_me_logout_origin (void)
{
  LtServer *srv = lt_server_start_default ();
  g_autofree char *cookie = lt_staff_admin_cookie (srv);
  g_autoptr (LtResponse) me = lt_staff_get (srv, "/api/v1/auth/me", cookie);
  lt_assert_str (lt_assert_json (me, 200), "user.username", LT_ADMIN_USER);
  g_autoptr (LtResponse) anon = lt_staff_get (srv, "/api/v1/auth/me", NULL);
  lt_assert_error (anon, 401, "unauthorized", NULL);
  g_autoptr (LtResponse) forged = lt_staff_get (srv, "/api/v1/auth/me", "layso_session=abc");
  lt_assert_error (forged, 401, "unauthorized", NULL);
  /* a state-changing request from another origin is refused, the session stays */
  g_autoptr (LtResponse) cross =
      lt_staff_request (srv, "POST", "/api/v1/auth/logout", NULL, cookie, "https://evil.example");
  lt_assert_error (cross, 403, "forbidden", NULL);
  g_autoptr (LtResponse) still = lt_staff_get (srv, "/api/v1/auth/me", cookie);
  lt_assert_status (still, 200);
  g_autofree char *own = g_strdup (lt_server_url (srv));
  g_autoptr (LtResponse) out =
      lt_staff_request (srv, "POST", "/api/v1/auth/logout", NULL, cookie, own);
  lt_assert_status (out, 204);
  g_autoptr (LtResponse) gone = lt_staff_get (srv, "/api/v1/auth/me", cookie);
  lt_assert_error (gone, 401, "unauthorized", NULL);
  g_autoptr (LtResponse) login_cross = lt_staff_request (
      srv, "POST", "/api/v1/auth/login", "{\"username\":\"admin\",\"password\":\"x\"}", NULL,
      "https://evil.example");
  lt_assert_error (login_cross, 403, "forbidden", NULL);
  /* the audit log has the sign-in and sign-out, never a password */
  g_autofree char *audit =
      lt_sql (lt_server_work_dir (srv), "SELECT action FROM audit_log ORDER BY id");
  g_assert_nonnull (strstr (audit, "auth.login"));
  g_assert_nonnull (strstr (audit, "auth.logout"));
  g_autofree char *all = lt_sql (lt_server_work_dir (srv), "SELECT * FROM audit_log");
  g_assert_null (strstr (all, LT_ADMIN_PASSWORD));
  lt_server_stop (srv);
}

static void
test_throttle_per_username (void)
{
  LtServer *srv = lt_server_start_default ();
  lt_staff_create_admin (srv, LT_ADMIN_USER, LT_ADMIN_PASSWORD);
  for (int i = 0; i < 5; i++)
    {
      g_autoptr (LtResponse) r = lt_staff_login (srv, LT_ADMIN_USER, "sai-mat-khau", NULL, NULL);
      lt_assert_error (r, 401, "unauthorized", NULL);
    }
  /* locked: the right password gets 429 too, from any address */
  g_autoptr (LtResponse) locked =
      lt_staff_login (srv, LT_ADMIN_USER, LT_ADMIN_PASSWORD, "127.0.0.2", NULL);
  lt_assert_error (locked, 429, "rate_limited", NULL);
  g_assert_nonnull (locked->retry_after);
  g_assert_cmpint (atoi (locked->retry_after), >, 0);
  /* an unknown username locks the same way (the lock tells nothing) */
  for (int i = 0; i < 5; i++)
    {
      g_autoptr (LtResponse) r =
          lt_staff_login (srv, "khong-ai", "sai-mat-khau", "127.0.0.3", NULL);
      lt_assert_error (r, 401, "unauthorized", NULL);
    }
  g_autoptr (LtResponse) locked2 = lt_staff_login (srv, "khong-ai", "sai", "127.0.0.4", NULL);
  lt_assert_error (locked2, 429, "rate_limited", NULL);
  /* after the lock (15 min) the admin signs in again */
  lt_server_set_clock (srv, "2025-09-25T10:16:00+07:00");
  g_autoptr (LtResponse) later = lt_staff_login (srv, LT_ADMIN_USER, LT_ADMIN_PASSWORD, NULL, NULL);
  lt_assert_status (later, 200);
  lt_server_stop (srv);
}

static void
test_throttle_per_address (void)
{
  LtServer *srv = lt_server_start_default ();
  lt_staff_create_admin (srv, LT_ADMIN_USER, LT_ADMIN_PASSWORD);
  for (int i = 0; i < 30; i++)
    {
      g_autofree char *name = g_strdup_printf ("nguoi-%d", i);
      g_autoptr (LtResponse) r = lt_staff_login (srv, name, "sai-mat-khau", "127.0.0.5", NULL);
      lt_assert_error (r, 401, "unauthorized", NULL);
    }
  g_autoptr (LtResponse) locked =
      lt_staff_login (srv, LT_ADMIN_USER, LT_ADMIN_PASSWORD, "127.0.0.5", NULL);
  lt_assert_error (locked, 429, "rate_limited", NULL);
  g_autoptr (LtResponse) other =
      lt_staff_login (srv, LT_ADMIN_USER, LT_ADMIN_PASSWORD, "127.0.0.6", NULL);
  lt_assert_status (other, 200);
  lt_server_stop (srv);
}

static void
test_session_expiry (void)
{
  LtServer *srv = lt_server_start_default ();
  g_autofree char *cookie = lt_staff_admin_cookie (srv);
  /* idle: 59 minutes is fine and renews, 61 after that is not */
  lt_server_set_clock (srv, "2025-09-25T10:59:00+07:00");
  g_autoptr (LtResponse) a = lt_staff_get (srv, "/api/v1/auth/me", cookie);
  lt_assert_status (a, 200);
  lt_server_set_clock (srv, "2025-09-25T12:00:30+07:00");
  g_autoptr (LtResponse) b = lt_staff_get (srv, "/api/v1/auth/me", cookie);
  lt_assert_error (b, 401, "unauthorized", NULL);
  /* absolute: used every 50 minutes, it still ends 12 hours after sign-in */
  lt_server_set_clock (srv, "2025-09-26T07:00:00+07:00");
  g_autofree char *c2 = lt_staff_login_ok (srv, LT_ADMIN_USER, LT_ADMIN_PASSWORD);
  for (int minutes = 50; minutes < 12 * 60; minutes += 50)
    {
      g_autofree char *at =
          g_strdup_printf ("2025-09-26T%02d:%02d:00+07:00", 7 + minutes / 60, minutes % 60);
      lt_server_set_clock (srv, at);
      g_autoptr (LtResponse) r = lt_staff_get (srv, "/api/v1/auth/me", c2);
      lt_assert_status (r, 200);
    }
  lt_server_set_clock (srv, "2025-09-26T19:00:01+07:00");
  g_autoptr (LtResponse) over = lt_staff_get (srv, "/api/v1/auth/me", c2);
  lt_assert_error (over, 401, "unauthorized", NULL);
  lt_server_stop (srv);
}

static LtResponse *
create_user (LtServer *srv, const char *cookie, const char *username, const char *role,
             const char *unit)
{
  g_autofree char *body =
      g_strdup_printf ("{\"username\":\"%s\",\"name\":\"Cán bộ\",\"role\":\"%s\",\"unit\":%s%s%s,"
                       "\"password\":\"" LT_STAFF_PASSWORD "\"}",
                       username, role, unit ? "\"" : "", unit ? unit : "null", unit ? "\"" : "");
  return lt_staff_post (srv, "/api/v1/admin/users", body, cookie);
}

static void
test_roles_create_users (void)
{
  LtServer *srv = lt_server_start_default ();
  g_autofree char *admin = lt_staff_admin_cookie (srv);
  g_autofree char *manager =
      lt_staff_user_cookie (srv, admin, "quanly.phoyen", "manager", LT_UNIT_PHO_YEN);
  g_autoptr (LtResponse) ok = create_user (srv, manager, "canbo.1", "staff", LT_UNIT_PHO_YEN);
  lt_assert_str (lt_assert_json (ok, 201), "user.unit.id", LT_UNIT_PHO_YEN);
  g_autoptr (LtResponse) other = create_user (srv, manager, "canbo.2", "staff", LT_UNIT_BA_XUYEN);
  lt_assert_error (other, 403, "forbidden", NULL);
  g_autoptr (LtResponse) up = create_user (srv, manager, "quanly.2", "manager", LT_UNIT_PHO_YEN);
  lt_assert_error (up, 403, "forbidden", NULL);
  g_autoptr (LtResponse) dup = create_user (srv, admin, "canbo.1", "staff", LT_UNIT_PHO_YEN);
  lt_assert_error (dup, 409, "username_taken", "username");
  g_autoptr (LtResponse) bad = create_user (srv, admin, "Canbo 3", "staff", LT_UNIT_PHO_YEN);
  lt_assert_error (bad, 400, "invalid_input", "username");
  g_autoptr (LtResponse) nounit = create_user (srv, admin, "canbo.3", "staff", NULL);
  lt_assert_error (nounit, 400, "invalid_input", "unit");
  g_autofree char *staff = lt_staff_login_ok (srv, "canbo.1", LT_STAFF_PASSWORD);
  g_autoptr (LtResponse) by_staff = create_user (srv, staff, "canbo.4", "staff", LT_UNIT_PHO_YEN);
  lt_assert_error (by_staff, 403, "forbidden", NULL);
  g_autofree char *audit = lt_sql (lt_server_work_dir (srv),
                                   "SELECT count(*) FROM audit_log WHERE action = 'user.create'");
  g_assert_cmpstr (audit, ==, "3"); /* admin, manager, canbo.1 */
  lt_server_stop (srv);
}

/* Disabling a user ends their sessions at once; they cannot sign in again. */
static void
test_disable_ends_sessions (void)
{
  LtServer *srv = lt_server_start_default ();
  g_autofree char *admin = lt_staff_admin_cookie (srv);
  g_autofree char *manager =
      lt_staff_user_cookie (srv, admin, "quanly.phoyen", "manager", LT_UNIT_PHO_YEN);
  g_autofree char *staff = lt_staff_user_cookie (srv, admin, "canbo.1", "staff", LT_UNIT_PHO_YEN);
  g_autofree char *other = lt_staff_user_cookie (srv, admin, "canbo.2", "staff", LT_UNIT_BA_XUYEN);
  g_autoptr (LtResponse) me = lt_staff_get (srv, "/api/v1/auth/me", staff);
  g_autofree char *id = g_strdup (lt_str (lt_assert_json (me, 200), "user.id"));
  g_autoptr (LtResponse) me2 = lt_staff_get (srv, "/api/v1/auth/me", other);
  g_autofree char *other_id = g_strdup (lt_str (lt_assert_json (me2, 200), "user.id"));
  g_autofree char *path = g_strdup_printf ("/api/v1/admin/users/%s/disable", id);
  g_autofree char *other_path = g_strdup_printf ("/api/v1/admin/users/%s/disable", other_id);
  g_autoptr (LtResponse) by_staff = lt_staff_post (srv, path, NULL, staff);
  lt_assert_error (by_staff, 403, "forbidden", NULL);
  g_autoptr (LtResponse) elsewhere = lt_staff_post (srv, other_path, NULL, manager);
  lt_assert_error (elsewhere, 403, "forbidden", NULL);
  g_autoptr (LtResponse) ok = lt_staff_post (srv, path, NULL, manager);
  lt_assert_bool (lt_assert_json (ok, 200), "user.disabled", true);
  g_autoptr (LtResponse) gone = lt_staff_get (srv, "/api/v1/auth/me", staff);
  lt_assert_error (gone, 401, "unauthorized", NULL);
  g_autoptr (LtResponse) again = lt_staff_login (srv, "canbo.1", LT_STAFF_PASSWORD, NULL, NULL);
  lt_assert_error (again, 401, "unauthorized", NULL);
  g_autoptr (LtResponse) still = lt_staff_get (srv, "/api/v1/auth/me", other);
  lt_assert_status (still, 200);
  lt_server_stop (srv);
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_test_add_func ("/layso/staff/login-cookie", test_login_cookie);
  g_test_add_func ("/layso/staff/same-answer-for-unknown-user", test_same_answer_for_unknown_user);
  g_test_add_func ("/layso/staff/me-logout-origin", test_me_logout_origin);
  g_test_add_func ("/layso/staff/throttle-per-username", test_throttle_per_username);
  g_test_add_func ("/layso/staff/throttle-per-address", test_throttle_per_address);
  g_test_add_func ("/layso/staff/session-expiry", test_session_expiry);
  g_test_add_func ("/layso/staff/roles-create-users", test_roles_create_users);
  g_test_add_func ("/layso/staff/disable-ends-sessions", test_disable_ends_sessions);
  return g_test_run ();
}
