/* Staff helpers (staff-client.h). */
#include "staff-client.h"

#include <curl/curl.h>
#include <gio/gio.h>
#include <string.h>

void
lt_staff_create_admin (LtServer *srv, const char *username, const char *password)
{
  g_autofree char *db = lt_db_spec (lt_server_work_dir (srv));
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) p =
      g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                        lt_server_binary (), "--db", db, "--create-admin", username, NULL);
  g_assert_no_error (error);
  g_autofree char *input = g_strconcat (password, "\n", NULL);
  g_autofree char *out = NULL;
  g_subprocess_communicate_utf8 (p, input, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (p));
  g_assert_cmpint (g_subprocess_get_exit_status (p), ==, 0);
}

typedef struct
{
  GByteArray *body;
  char *set_cookie;
  char *retry_after;
} Capture;

static size_t
on_header (char *data, size_t size, size_t n, void *user)
{
  Capture *cap = user;
  size_t len = size * n;
  g_autofree char *line = g_strndup (data, len);
  g_strchomp (line);
  if (g_ascii_strncasecmp (line, "Set-Cookie:", 11) == 0)
    {
      g_free (cap->set_cookie);
      cap->set_cookie = g_strdup (g_strchug (line + 11));
    }
  if (g_ascii_strncasecmp (line, "Retry-After:", 12) == 0)
    {
      g_free (cap->retry_after);
      cap->retry_after = g_strdup (g_strchug (line + 12));
    }
  return len;
}

static size_t
on_body (char *data, size_t size, size_t n, void *user)
{
  Capture *cap = user;
  g_byte_array_append (cap->body, (const guint8 *) data, (guint) (size * n));
  return size * n;
}

LtResponse *
lt_staff_login (LtServer *srv, const char *username, const char *password, const char *source_ip,
                char **ret_set_cookie)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "username", json_object_new_string (username));
  json_object_object_add (o, "password", json_object_new_string (password));
  g_autofree char *body = g_strdup (json_object_to_json_string (o));
  json_object_put (o);
  g_autofree char *url = g_strconcat (lt_server_url (srv), "/api/v1/auth/login", NULL);
  CURL *c = curl_easy_init ();
  struct curl_slist *h = curl_slist_append (NULL, "Content-Type: application/json");
  Capture cap = { g_byte_array_new (), NULL, NULL };
  curl_easy_setopt (c, CURLOPT_URL, url);
  curl_easy_setopt (c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt (c, CURLOPT_COPYPOSTFIELDS, body);
  curl_easy_setopt (c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt (c, CURLOPT_HEADERDATA, &cap);
  curl_easy_setopt (c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt (c, CURLOPT_WRITEDATA, &cap);
  curl_easy_setopt (c, CURLOPT_TIMEOUT, 30L);
  if (source_ip)
    curl_easy_setopt (c, CURLOPT_INTERFACE, source_ip);
  g_assert_cmpint (curl_easy_perform (c), ==, CURLE_OK);
  LtResponse *r = g_new0 (LtResponse, 1);
  curl_easy_getinfo (c, CURLINFO_RESPONSE_CODE, &r->status);
  char *ct = NULL;
  curl_easy_getinfo (c, CURLINFO_CONTENT_TYPE, &ct);
  r->content_type = g_strdup (ct);
  r->body_len = cap.body->len;
  g_byte_array_append (cap.body, (const guint8 *) "", 1);
  r->body = (char *) g_byte_array_free (cap.body, FALSE);
  r->json = json_tokener_parse (r->body);
  r->retry_after = cap.retry_after;
  curl_slist_free_all (h);
  curl_easy_cleanup (c);
  if (ret_set_cookie)
    *ret_set_cookie = cap.set_cookie;
  else
    g_free (cap.set_cookie);
  return r;
}

char *
lt_staff_login_ok (LtServer *srv, const char *username, const char *password)
{
  g_autofree char *set_cookie = NULL;
  g_autoptr (LtResponse) r = lt_staff_login (srv, username, password, NULL, &set_cookie);
  lt_assert_json (r, 200);
  g_assert_nonnull (set_cookie);
  return g_strndup (set_cookie, strcspn (set_cookie, ";"));
}

char *
lt_staff_admin_cookie (LtServer *srv)
{
  g_autofree char *rows = lt_sql (lt_server_work_dir (srv),
                                  "SELECT count(*) FROM staff_users WHERE username = 'admin'");
  if (!rows || rows[0] != '1')
    lt_staff_create_admin (srv, LT_ADMIN_USER, LT_ADMIN_PASSWORD);
  return lt_staff_login_ok (srv, LT_ADMIN_USER, LT_ADMIN_PASSWORD);
}

char *
lt_staff_user_cookie (LtServer *srv, const char *admin_cookie, const char *username,
                      const char *role, const char *unit)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "username", json_object_new_string (username));
  json_object_object_add (o, "name", json_object_new_string ("Nguyễn Văn Cán Bộ"));
  json_object_object_add (o, "role", json_object_new_string (role));
  json_object_object_add (o, "unit", unit ? json_object_new_string (unit) : NULL);
  json_object_object_add (o, "password", json_object_new_string (LT_STAFF_PASSWORD));
  g_autoptr (LtResponse) r =
      lt_staff_post (srv, "/api/v1/admin/users", json_object_to_json_string (o), admin_cookie);
  json_object_put (o);
  lt_assert_json (r, 201);
  return lt_staff_login_ok (srv, username, LT_STAFF_PASSWORD);
}

LtResponse *
lt_staff_request (LtServer *srv, const char *method, const char *path, const char *json,
                  const char *cookie, const char *origin)
{
  g_autofree char *c = cookie ? g_strconcat ("Cookie: ", cookie, NULL) : NULL;
  g_autofree char *o = origin ? g_strconcat ("Origin: ", origin, NULL) : NULL;
  const char *extra[3] = { NULL, NULL, NULL };
  int n = 0;
  if (c)
    extra[n++] = c;
  if (o)
    extra[n++] = o;
  return lt_request_at (__FILE__, __LINE__, srv, method, path, json ? "application/json" : NULL,
                        NULL, json ? json : (strcmp (method, "POST") == 0 ? "" : NULL), -1, extra);
}
