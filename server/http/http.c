/* libmicrohttpd glue: route matching, body collection with limits, JSON errors, replies.
 *
 * The connection model: libmicrohttpd's epoll loop on a small pool of threads serves every
 * connection, so an idle keep-alive connection or a held event stream costs a few KiB and
 * no thread. Handlers of LS_ROUTE_WORKER rows (the ones that wait on the writer queue,
 * render or decode images) run on a pool of worker threads while their connection is
 * suspended; the loop threads never wait on them. Connection limits per address and the
 * deadlines of each phase of a connection are conn.c's.
 *
 * Following the keep-alive recipe (RECIPES.md), nothing is queued on the first call for a
 * request except a 413 decided from Content-Length when the body will not be read (Expect:
 * 100-continue, or more than DISCARD_SLACK over the limit); then the connection closes
 * anyway. */
#define _GNU_SOURCE
#include "http/http.h"

#include "app.h"
#include "http/clientaddr.h"
#include "http/conn.h"
#include "ratelimit.h"
#include "http/router.h"
#include "http/stream.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

/* A body too large by at most this much is read and thrown away before the 413 goes out.
 * Answering at once and closing with the body unread makes the kernel reset the connection,
 * and a client still writing its body then sees the reset instead of the 413. Past the
 * slack we answer at once anyway (docs/api.md says what a client may then see). */
#define DISCARD_SLACK (1024 * 1024)

struct LsRequestPrivate
{
  struct MHD_Connection *connection;
  LsHttpServer *server;
  const LsRoute *route;
  const char *cap_names[LS_ROUTER_MAX_CAPTURES];
  size_t cap_name_lens[LS_ROUTER_MAX_CAPTURES];
  char *cap_values[LS_ROUTER_MAX_CAPTURES];
  size_t n_captures;
  GByteArray *buffer;
  size_t max_body;
  size_t received;
  bool too_large;
  bool answer_at_once; /* a 413 from Content-Length, not worth reading */
  /* an answer decided before the handler runs */
  unsigned early_status;
  const char *early_code;
  const char *early_message;
  const char *early_field;
  char *allow;
  unsigned retry_after;
  /* the reply */
  struct MHD_Response *response;
  unsigned status;
  bool queued;
  bool on_worker;     /* the handler was handed to the worker pool */
  bool deferred;      /* the handler will reply later (ls_request_defer) */
  LsHandler finish;   /* ls_request_resume_with: replies after resuming */
  size_t budget_held; /* bytes of the body budget this body holds */
  LsConn *conn;       /* borrowed from the connection's socket context */
  char ip[INET6_ADDRSTRLEN];
};

struct LsHttpServer
{
  struct MHD_Daemon *daemon;
  LsApp *app;
  unsigned port;
  LsConnTable *conns;
  GThreadPool *workers; /* runs LS_ROUTE_WORKER handlers */
  gint in_flight;       /* requests begun and not completed */
  gint draining;        /* stopping: answer what is in flight, then close */
  gint deferred;        /* requests deferred and not resumed yet */
  gsize buffered;       /* body bytes held by all requests (atomic) */
};

/* How long a stop waits for requests in flight before closing connections anyway. */
#define DRAIN_TIMEOUT_US (10 * G_USEC_PER_SEC)

/* --- route matching ------------------------------------------------------------- */

static void
clear_captures (LsRequest *req)
{
  for (size_t i = 0; i < req->priv->n_captures; i++)
    g_clear_pointer (&req->priv->cap_values[i], g_free);
  req->priv->n_captures = 0;
}

static void
route_request (LsRequest *req)
{
  struct LsRequestPrivate *p = req->priv;
  LsRouteMatch m;

  if (ls_router_match (ls_routes, req->method, req->path, &m))
    {
      p->route = m.route;
      for (size_t i = 0; i < m.n_captures; i++)
        {
          p->cap_names[i] = m.captures[i].name;
          p->cap_name_lens[i] = m.captures[i].name_len;
          p->cap_values[i] = g_strndup (m.captures[i].value, m.captures[i].value_len);
        }
      p->n_captures = m.n_captures;
    }
  else if (!m.allow && strcmp (req->method, "GET") == 0 && !g_str_has_prefix (req->path, "/api/"))
    {
      /* a mistyped page address in a browser: a redirect or a page, not raw JSON */
      p->route = &ls_route_web_fallback_row;
    }
  else if (m.allow)
    {
      p->early_status = MHD_HTTP_METHOD_NOT_ALLOWED;
      p->early_code = "method_not_allowed";
      p->early_message = "Phương thức không được hỗ trợ";
      p->allow = m.allow;
    }
  else
    {
      p->early_status = MHD_HTTP_NOT_FOUND;
      p->early_code = "not_found";
      p->early_message = "Không tìm thấy";
    }
}

/* --- request accessors ------------------------------------------------------------ */

const char *
ls_request_param (LsRequest *req, const char *name)
{
  struct LsRequestPrivate *p = req->priv;
  size_t len = strlen (name);
  for (size_t i = 0; i < p->n_captures; i++)
    if (p->cap_name_lens[i] == len && memcmp (p->cap_names[i], name, len) == 0)
      return p->cap_values[i];
  return NULL;
}

const char *
ls_request_route (LsRequest *req)
{
  return req->priv->route ? req->priv->route->pattern : "?";
}

const char *
ls_request_query (LsRequest *req, const char *name)
{
  return MHD_lookup_connection_value (req->priv->connection, MHD_GET_ARGUMENT_KIND, name);
}

const char *
ls_request_header (LsRequest *req, const char *name)
{
  return MHD_lookup_connection_value (req->priv->connection, MHD_HEADER_KIND, name);
}

/* --- replies ---------------------------------------------------------------------- */

static void
set_response (LsRequest *req, unsigned status, struct MHD_Response *response)
{
  struct LsRequestPrivate *p = req->priv;
  if (p->response)
    {
      /* a second reply is a bug in the handler; keep the first */
      g_warning ("route %s %s replied twice", req->method, p->route ? p->route->pattern : "?");
      MHD_destroy_response (response);
      return;
    }
  MHD_add_response_header (response, "X-Content-Type-Options", "nosniff");
  p->response = response;
  p->status = status;
}

static void
free_bytes (void *cls)
{
  g_bytes_unref (cls);
}

static struct MHD_Response *
response_from_bytes (GBytes *bytes)
{
  if (!bytes || g_bytes_get_size (bytes) == 0)
    return MHD_create_response_from_buffer (0, (void *) "", MHD_RESPMEM_PERSISTENT);
  gsize size;
  const void *data = g_bytes_get_data (bytes, &size);
  return MHD_create_response_from_buffer_with_free_callback_cls (size, (void *) data, free_bytes,
                                                                 g_bytes_ref (bytes));
}

void
ls_reply_json_string (LsRequest *req, unsigned status, const char *body)
{
  struct MHD_Response *r =
      MHD_create_response_from_buffer (strlen (body), (void *) body, MHD_RESPMEM_MUST_COPY);
  MHD_add_response_header (r, "Content-Type", "application/json; charset=utf-8");
  MHD_add_response_header (r, "Cache-Control", "no-store");
  set_response (req, status, r);
}

void
ls_reply_json (LsRequest *req, unsigned status, json_object *obj)
{
  const char *s =
      json_object_to_json_string_ext (obj, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
  ls_reply_json_string (req, status, s);
  json_object_put (obj);
}

void
ls_reply_error (LsRequest *req, unsigned status, const char *code, const char *message,
                const char *field)
{
  json_object *err = json_object_new_object ();
  json_object_object_add (err, "code", json_object_new_string (code));
  json_object_object_add (err, "message", json_object_new_string (message));
  if (field)
    json_object_object_add (err, "field", json_object_new_string (field));
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "error", err);
  ls_reply_json (req, status, root);
}

void
ls_reply_invalid (LsRequest *req, const char *field, const char *message)
{
  ls_reply_error (req, MHD_HTTP_BAD_REQUEST, "invalid_input",
                  message ? message : "Dữ liệu không hợp lệ", field);
}

void
ls_reply_not_found (LsRequest *req)
{
  ls_reply_error (req, MHD_HTTP_NOT_FOUND, "not_found", "Không tìm thấy", NULL);
}

void
ls_reply_internal (LsRequest *req)
{
  ls_reply_error (req, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal",
                  "Lỗi hệ thống, vui lòng thử lại sau", NULL);
}

void
ls_reply_retry_later (LsRequest *req, unsigned status, const char *code, const char *message,
                      unsigned retry_after)
{
  char buf[16];
  ls_reply_error (req, status, code, message, NULL);
  g_snprintf (buf, sizeof buf, "%u", retry_after ? retry_after : 1);
  ls_reply_add_header (req, "Retry-After", buf);
}

void
ls_reply_unavailable (LsRequest *req, unsigned retry_after)
{
  ls_reply_retry_later (req, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable", LS_MESSAGE_UNAVAILABLE,
                        retry_after);
}

void
ls_reply_bytes (LsRequest *req, unsigned status, const char *content_type, GBytes *bytes, ...)
{
  struct MHD_Response *r = response_from_bytes (bytes);
  if (content_type)
    MHD_add_response_header (r, "Content-Type", content_type);
  va_list ap;
  va_start (ap, bytes);
  for (const char *name; (name = va_arg (ap, const char *));)
    {
      const char *value = va_arg (ap, const char *);
      if (value)
        MHD_add_response_header (r, name, value);
    }
  va_end (ap);
  set_response (req, status, r);
}

void
ls_reply_add_header (LsRequest *req, const char *name, const char *value)
{
  if (req->priv->response)
    MHD_add_response_header (req->priv->response, name, value);
}

/* --- for http/stream.c ------------------------------------------------------------ */

struct MHD_Connection *
ls_request_mhd_connection (LsRequest *req)
{
  return req->priv->connection;
}

void
ls_request_set_mhd_response (LsRequest *req, unsigned status, struct MHD_Response *r)
{
  set_response (req, status, r);
}

LsConnTable *
ls_request_conn_table (LsRequest *req)
{
  return req->priv->server->conns;
}

/* --- strict JSON ------------------------------------------------------------------ */

bool
ls_json_check (LsRequest *req, const LsJsonField *fields)
{
  const char *member, *message;
  if (ls_json_validate (req->json, fields, &member, &message) < 0)
    {
      ls_reply_invalid (req, member, message);
      return false;
    }
  return true;
}

static json_object *
json_member (LsRequest *req, const char *name)
{
  json_object *val = NULL;
  if (!req->json || !json_object_object_get_ex (req->json, name, &val))
    return NULL;
  return val;
}

const char *
ls_json_string (LsRequest *req, const char *name)
{
  json_object *v = json_member (req, name);
  return v && json_object_is_type (v, json_type_string) ? json_object_get_string (v) : NULL;
}

bool
ls_json_bool (LsRequest *req, const char *name)
{
  json_object *v = json_member (req, name);
  return v && json_object_is_type (v, json_type_boolean) && json_object_get_boolean (v);
}

gint64
ls_json_int (LsRequest *req, const char *name)
{
  json_object *v = json_member (req, name);
  return v && json_object_is_type (v, json_type_int) ? json_object_get_int64 (v) : 0;
}

/* --- the MHD callbacks ------------------------------------------------------------ */

static LsConn *conn_of (struct MHD_Connection *c);
static void budget_release (LsRequest *req);

static void
set_early (LsRequest *req, unsigned status, const char *code, const char *message,
           const char *field)
{
  struct LsRequestPrivate *p = req->priv;
  if (p->early_status)
    return;
  p->early_status = status;
  p->early_code = code;
  p->early_message = message;
  p->early_field = field;
}

static void
set_too_large (LsRequest *req)
{
  set_early (req, 413, "payload_too_large", "Dữ liệu gửi lên quá lớn", NULL);
}

static bool
is_json_content_type (const char *ct)
{
  if (!ct)
    return false;
  while (*ct == ' ')
    ct++;
  size_t n = strlen ("application/json");
  if (g_ascii_strncasecmp (ct, "application/json", n) != 0)
    return false;
  char c = ct[n];
  return c == '\0' || c == ';' || c == ' ';
}

/* Query arguments must be UTF-8 without NUL: MHD decodes "%00" and would hand the handlers
 * a value cut short there. */
static enum MHD_Result
check_query_arg (void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                 const char *value, size_t value_size)
{
  LsRequest *req = cls;
  bool key_ok = strlen (key) == key_size && g_utf8_validate (key, (gssize) key_size, NULL);
  bool value_ok = !value || (strlen (value) == value_size &&
                             g_utf8_validate (value, (gssize) value_size, NULL));
  if (!key_ok || !value_ok)
    {
      set_early (req, MHD_HTTP_BAD_REQUEST, "invalid_input", "Dữ liệu không hợp lệ",
                 key_ok ? key : "query");
      return MHD_NO;
    }
  return MHD_YES;
}

/* MHD decodes the path before the handler sees it, so a "%00" would cut it short
 * ("/static/site.css%00.png" would serve site.css): the raw URI is checked here, before
 * decoding, and the request starts with one of these markers as its context. No other
 * escape can swallow the "%" of a "%00", so it is in the raw URI exactly when the decoded
 * one holds a NUL. */
static char nul_in_path, nul_in_query;

static void *
on_uri (void *cls, const char *uri, struct MHD_Connection *c)
{
  /* the request line is in: the headers' deadline starts (conn.h) */
  ls_conn_receiving (conn_of (c));
  const char *nul = strstr (uri, "%00");
  if (!nul)
    return NULL;
  const char *query = strchr (uri, '?');
  return query && nul > query ? &nul_in_query : &nul_in_path;
}

static bool
is_nul_marker (const void *req_cls)
{
  return req_cls == &nul_in_path || req_cls == &nul_in_query;
}

static enum MHD_Result
gather_forwarded_for (void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
  GString *all = cls;
  if (g_ascii_strcasecmp (key, "X-Forwarded-For") != 0 || !value)
    return MHD_YES;
  if (all->len)
    g_string_append_c (all, ',');
  g_string_append (all, value);
  return MHD_YES;
}

/* The peer, or behind a trusted proxy the client it names (clientaddr.h). */
static void
find_client_ip (LsRequest *req, struct MHD_Connection *c)
{
  struct LsRequestPrivate *p = req->priv;
  char canon[LS_ADDR_MAX];
  const char *const *trusted = req->app->config.trusted_proxies;
  const union MHD_ConnectionInfo *info =
      MHD_get_connection_info (c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (!info || !ls_addr_from_sockaddr (info->client_addr, canon))
    {
      p->ip[0] = '\0';
      return;
    }
  if (!trusted)
    {
      g_strlcpy (p->ip, canon, sizeof p->ip);
      return;
    }
  g_autoptr (GString) forwarded = g_string_new (NULL);
  MHD_get_connection_values (p->connection, MHD_HEADER_KIND, gather_forwarded_for, forwarded);
  ls_client_address (canon, forwarded->len ? forwarded->str : NULL, trusted, p->ip);
}

static LsRequest *
request_new (LsHttpServer *srv, struct MHD_Connection *c, const char *url, const char *method)
{
  LsRequest *req = g_new0 (LsRequest, 1);
  req->priv = g_new0 (struct LsRequestPrivate, 1);
  struct LsRequestPrivate *p = req->priv;
  p->connection = c;
  p->server = srv;
  g_atomic_int_inc (&srv->in_flight);
  req->app = srv->app;
  req->method = strcmp (method, "HEAD") == 0 ? "GET" : method;
  req->path = url;
  find_client_ip (req, c);
  req->client_ip = p->ip;
  p->buffer = g_byte_array_new ();
  return req;
}

static void
request_free (LsRequest *req)
{
  if (!req)
    return;
  struct LsRequestPrivate *p = req->priv;
  g_atomic_int_add (&p->server->in_flight, -1);
  budget_release (req);
  if (req->handler_data_free)
    req->handler_data_free (req->handler_data);
  clear_captures (req);
  if (p->buffer)
    g_byte_array_unref (p->buffer);
  if (p->response)
    MHD_destroy_response (p->response);
  g_free (p->allow);
  g_free (p);
  if (req->body)
    g_bytes_unref (req->body);
  if (req->json)
    json_object_put (req->json);
  g_free (req);
}

/* The client waits for "100 Continue" before sending its body: an answer now means the
 * body is never sent, so nothing is left unread. */
static bool
expects_continue (LsRequest *req)
{
  const char *expect = ls_request_header (req, "Expect");
  return expect && g_ascii_strcasecmp (expect, "100-continue") == 0;
}

/* The checks that need only the headers. */
static void
check_headers (LsRequest *req)
{
  struct LsRequestPrivate *p = req->priv;
  if (p->early_status)
    return;
  if (!g_utf8_validate (req->path, -1, NULL))
    {
      set_early (req, MHD_HTTP_BAD_REQUEST, "invalid_input", "Dữ liệu không hợp lệ", "path");
      return;
    }
  MHD_get_connection_values_n (p->connection, MHD_GET_ARGUMENT_KIND, check_query_arg, req);
  if (p->early_status)
    return;
  route_request (req);
  if (p->early_status)
    return;
  p->max_body = p->route->max_body ? p->route->max_body : LS_BODY_MAX_DEFAULT;
  const char *cl = ls_request_header (req, "Content-Length");
  if (cl)
    {
      char *end;
      errno = 0;
      unsigned long long n = strtoull (cl, &end, 10);
      if (errno || *end || n > p->max_body)
        {
          set_too_large (req);
          p->answer_at_once =
              errno || *end || n > p->max_body + DISCARD_SLACK || expects_continue (req);
          return;
        }
    }
  if (strcmp (req->method, "POST") == 0 && req->app->rate_limiter)
    {
      unsigned retry_after = 0;
      if (!ls_rate_limiter_allow (req->app->rate_limiter, req->client_ip, g_get_monotonic_time (),
                                  &retry_after))
        {
          set_early (req, MHD_HTTP_TOO_MANY_REQUESTS, "rate_limited", LS_MESSAGE_RATE_LIMITED,
                     NULL);
          p->retry_after = retry_after ? retry_after : 1;
          return;
        }
    }
  if ((p->route->flags & LS_ROUTE_JSON) &&
      !is_json_content_type (ls_request_header (req, "Content-Type")))
    set_early (req, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
               "Định dạng dữ liệu không được hỗ trợ, hãy gửi application/json", NULL);
}

static bool
parse_json_body (LsRequest *req)
{
  gsize len;
  const char *data = g_bytes_get_data (req->body, &len);
  int r = ls_json_parse_object (data, len, &req->json);
  if (r == -EILSEQ)
    ls_reply_invalid (req, "body", "Dữ liệu không phải UTF-8 hợp lệ");
  else if (r < 0)
    ls_reply_invalid (req, "body", "Dữ liệu JSON không hợp lệ");
  if (r < 0)
    return false;
  g_autofree char *repeated = NULL;
  if (ls_json_find_repeated_member (data, len, &repeated) < 0)
    {
      /* the name as the client wrote it may hold anything: the field says which, safely */
      json_object_put (g_steal_pointer (&req->json));
      const char *field = g_utf8_strlen (repeated, -1) <= 64 ? repeated : "body";
      ls_reply_invalid (req, field, "Trường bị lặp lại");
      return false;
    }
  return true;
}

bool
ls_request_parse_json (LsRequest *req)
{
  if (req->json)
    return true;
  if (!is_json_content_type (ls_request_header (req, "Content-Type")))
    {
      ls_reply_error (req, 415, "unsupported_media_type",
                      "Định dạng dữ liệu không được hỗ trợ, hãy gửi application/json", NULL);
      return false;
    }
  return parse_json_body (req);
}

static void
dispatch (LsRequest *req)
{
  struct LsRequestPrivate *p = req->priv;
  if (p->too_large)
    set_too_large (req);
  if (p->early_status)
    {
      if (p->retry_after) /* a 429 or 503 */
        ls_reply_retry_later (req, p->early_status, p->early_code, p->early_message,
                              p->retry_after);
      else
        ls_reply_error (req, p->early_status, p->early_code, p->early_message, p->early_field);
      if (p->allow)
        ls_reply_add_header (req, "Allow", p->allow);
      return;
    }
  req->body = g_byte_array_free_to_bytes (g_steal_pointer (&p->buffer));
  if ((p->route->flags & LS_ROUTE_JSON) && !parse_json_body (req))
    return;
  p->route->handler (req);
  if (p->deferred) /* another thread replies; p->response is not ours to read now */
    return;
  if (!p->response)
    {
      g_warning ("route %s %s gave no reply", req->method, p->route->pattern);
      ls_reply_internal (req);
    }
}

/* The body budget: what all requests together may hold in memory while their bodies
 * arrive. A body that would pass it is read and thrown away, and answered 503. */
static bool
budget_take (LsRequest *req, size_t n)
{
  struct LsRequestPrivate *p = req->priv;
  gsize limit = req->app->config.body_budget_bytes;
  gsize now = g_atomic_pointer_add (&p->server->buffered, (gssize) n) + n;
  if (limit && now > limit)
    {
      g_atomic_pointer_add (&p->server->buffered, -(gssize) n);
      return false;
    }
  p->budget_held += n;
  return true;
}

static void
budget_release (LsRequest *req)
{
  struct LsRequestPrivate *p = req->priv;
  if (p->budget_held)
    g_atomic_pointer_add (&p->server->buffered, -(gssize) p->budget_held);
  p->budget_held = 0;
}

static void
set_unavailable (LsRequest *req, unsigned retry_after)
{
  set_early (req, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable", LS_MESSAGE_UNAVAILABLE, NULL);
  req->priv->retry_after = retry_after;
}

static LsConn *
conn_of (struct MHD_Connection *c)
{
  const union MHD_ConnectionInfo *info =
      MHD_get_connection_info (c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return info ? info->socket_context : NULL;
}

/* The body may take 1 s per 64 KiB on top of the headers' time (conn.h): what it
 * announces, or for a chunked body what the route may take. */
static void
arm_body_deadline (LsRequest *req)
{
  struct LsRequestPrivate *p = req->priv;
  const char *cl = ls_request_header (req, "Content-Length");
  const char *te = ls_request_header (req, "Transfer-Encoding");
  guint64 expected = cl ? g_ascii_strtoull (cl, NULL, 10) : te ? p->max_body : 0;
  if (expected > p->max_body)
    expected = p->max_body;
  ls_conn_expect_body (p->conn, expected);
}

static enum MHD_Result
begin_request (LsHttpServer *srv, struct MHD_Connection *c, const char *url, const char *method,
               void **req_cls)
{
  const void *marker = *req_cls;
  LsRequest *req = request_new (srv, c, url, method);
  *req_cls = req;
  req->priv->conn = conn_of (c);
  if (marker == &nul_in_query) /* name the argument if MHD kept its length */
    MHD_get_connection_values_n (c, MHD_GET_ARGUMENT_KIND, check_query_arg, req);
  if (marker)
    set_early (req, MHD_HTTP_BAD_REQUEST, "invalid_input", "Dữ liệu không hợp lệ",
               marker == &nul_in_path ? "path" : "query");
  check_headers (req);
  if (req->priv->answer_at_once)
    {
      /* answer before the body is read; MHD closes the connection afterwards */
      dispatch (req);
      req->priv->queued = true;
      ls_conn_busy (req->priv->conn);
      return MHD_queue_response (c, req->priv->status, req->priv->response);
    }
  if (req->priv->route)
    arm_body_deadline (req);
  return MHD_YES;
}

static enum MHD_Result
receive_body (LsRequest *req, struct MHD_Connection *c, const char *data, size_t *size)
{
  struct LsRequestPrivate *p = req->priv;
  p->received += *size;
  if (!p->too_large && !p->early_status && p->received <= p->max_body)
    {
      if (budget_take (req, *size))
        g_byte_array_append (p->buffer, (const guint8 *) data, (guint) *size);
      else
        set_unavailable (req, 5);
    }
  else if (p->received > p->max_body)
    {
      /* read and thrown away, the 413 goes out after the body (see DISCARD_SLACK) */
      g_byte_array_set_size (p->buffer, 0);
      budget_release (req);
      p->too_large = true;
      if (p->received > p->max_body + DISCARD_SLACK)
        {
          /* not worth reading on: answer now if MHD lets us (it then closes the
       * connection), else drop the connection */
          if (!p->response)
            dispatch (req);
          if (MHD_queue_response (c, p->status, p->response) == MHD_YES)
            {
              p->queued = true;
              *size = 0;
              return MHD_YES;
            }
          return MHD_NO;
        }
    }
  if (p->early_status && p->buffer->len)
    {
      g_byte_array_set_size (p->buffer, 0);
      budget_release (req);
    }
  *size = 0;
  return MHD_YES;
}

void
ls_request_defer (LsRequest *req)
{
  struct LsRequestPrivate *p = req->priv;
  p->deferred = true;
  g_atomic_int_inc (&p->server->deferred);
  if (!p->on_worker) /* a worker's connection is suspended already */
    MHD_suspend_connection (p->connection);
}

static void
resume (LsRequest *req)
{
  LsHttpServer *srv = req->priv->server;
  /* from here on the loop thread owns req again (and may free it at once); srv lives
   * until every deferred request is resumed (ls_http_stop) */
  MHD_resume_connection (req->priv->connection);
  g_atomic_int_add (&srv->deferred, -1);
}

void
ls_request_resume (LsRequest *req)
{
  if (!req->priv->response)
    ls_reply_internal (req);
  resume (req);
}

void
ls_request_resume_with (LsRequest *req, LsHandler finish)
{
  req->priv->finish = finish;
  resume (req);
}

static void
run_on_worker (gpointer data, gpointer user_data)
{
  LsRequest *req = data;
  struct MHD_Connection *c = req->priv->connection;
  dispatch (req);
  if (req->priv->deferred)
    return; /* ls_request_resume() comes later */
  /* from here on the loop thread owns req again (and may free it at once) */
  MHD_resume_connection (c);
}

static bool
wants_worker (LsRequest *req)
{
  struct LsRequestPrivate *p = req->priv;
  return p->route && (p->route->flags & LS_ROUTE_WORKER) && !p->early_status && !p->too_large;
}

static enum MHD_Result
answer (LsRequest *req, struct MHD_Connection *c)
{
  struct LsRequestPrivate *p = req->priv;
  if (p->queued) /* already answered (413) */
    return MHD_YES;
  ls_conn_busy (p->conn);
  if (!p->response && !p->on_worker && !p->deferred)
    {
      if (wants_worker (req))
        {
          p->on_worker = true;
          MHD_suspend_connection (c);
          g_thread_pool_push (p->server->workers, req, NULL);
          return MHD_YES;
        }
      dispatch (req);
      if (p->deferred)
        return MHD_YES; /* suspended; answered after ls_request_resume() */
    }
  if (p->finish && !p->response)
    {
      p->finish (req);
      p->finish = NULL;
      if (!p->response)
        ls_reply_internal (req);
    }
  if (g_atomic_int_get (&p->server->draining))
    MHD_add_response_header (p->response, "Connection", "close");
  p->queued = true;
  return MHD_queue_response (c, p->status, p->response);
}

static enum MHD_Result
on_request (void *cls, struct MHD_Connection *c, const char *url, const char *method,
            const char *version, const char *upload_data, size_t *upload_data_size, void **req_cls)
{
  LsRequest *req = *req_cls;
  if (!req || is_nul_marker (req))
    return begin_request (cls, c, url, method, req_cls);
  if (*upload_data_size)
    return receive_body (req, c, upload_data, upload_data_size);
  return answer (req, c);
}

static void
on_completed (void *cls, struct MHD_Connection *c, void **req_cls,
              enum MHD_RequestTerminationCode toe)
{
  ls_conn_idle (conn_of (c));
  if (!is_nul_marker (*req_cls)) /* a marker: the handler never ran, nothing to free */
    request_free (*req_cls);
  *req_cls = NULL;
}

static void
on_connection (void *cls, struct MHD_Connection *c, void **socket_context,
               enum MHD_ConnectionNotificationCode code)
{
  LsHttpServer *srv = cls;
  if (code == MHD_CONNECTION_NOTIFY_STARTED)
    {
      const union MHD_ConnectionInfo *fd =
          MHD_get_connection_info (c, MHD_CONNECTION_INFO_CONNECTION_FD);
      const union MHD_ConnectionInfo *addr =
          MHD_get_connection_info (c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
      *socket_context =
          ls_conn_opened (srv->conns, fd ? fd->connect_fd : -1, addr ? addr->client_addr : NULL);
    }
  else
    {
      ls_conn_closed (srv->conns, g_steal_pointer (socket_context));
    }
}

static enum MHD_Result
on_accept (void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
  LsHttpServer *srv = cls;
  return ls_conn_table_admit (srv->conns, addr) ? MHD_YES : MHD_NO;
}

static bool
parse_listen_address (const char *host, unsigned port, struct sockaddr_storage *ret,
                      unsigned *ret_flags)
{
  struct sockaddr_in6 *sa6 = (struct sockaddr_in6 *) ret;
  struct sockaddr_in *sa4 = (struct sockaddr_in *) ret;
  memset (ret, 0, sizeof *ret);
  if (inet_pton (AF_INET, host, &sa4->sin_addr) == 1)
    {
      sa4->sin_family = AF_INET;
      sa4->sin_port = htons ((uint16_t) port);
      return true;
    }
  if (inet_pton (AF_INET6, host, &sa6->sin6_addr) == 1)
    {
      sa6->sin6_family = AF_INET6;
      sa6->sin6_port = htons ((uint16_t) port);
      *ret_flags |= MHD_USE_IPv6;
      return true;
    }
  return false;
}

static struct MHD_Daemon *
start_daemon (LsHttpServer *srv, const struct sockaddr *sa, unsigned flags)
{
  const LsConfig *cfg = &srv->app->config;
  return MHD_start_daemon (
      flags, 0, on_accept, srv, on_request, srv, MHD_OPTION_SOCK_ADDR, sa,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_NOTIFY_CONNECTION, on_connection,
      srv, MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL, MHD_OPTION_THREAD_POOL_SIZE,
      cfg->loop_threads, MHD_OPTION_CONNECTION_LIMIT, cfg->max_connections,
      MHD_OPTION_CONNECTION_TIMEOUT, cfg->idle_timeout_s,
      /* request line and headers up to 16 KiB (browsers send 1-2 KiB); half the default
       * pool, so a thousand idle connections or held streams cost half as much */
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t) (16 * 1024), MHD_OPTION_LISTEN_BACKLOG_SIZE,
      (unsigned) 1024, MHD_OPTION_END);
}

int
ls_http_start (LsApp *app, const char *host, unsigned port, LsHttpServer **ret)
{
  struct sockaddr_storage sa;
  unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC;
  if (port > 65535 || !parse_listen_address (host, port, &sa, &flags))
    return -EINVAL;

  LsHttpServer *srv = g_new0 (LsHttpServer, 1);
  srv->app = app;
  LsConnLimits limits = {
    .per_address = app->config.max_connections_per_address,
    .streams_per_client = app->config.streams_per_client,
    .idle_s = app->config.idle_timeout_s,
    .header_s = app->config.header_timeout_s,
    .exempt = app->config.trusted_proxies,
  };
  srv->conns = ls_conn_table_new (&limits);
  /* exclusive: the threads start once and stay; a shared pool would stop all but two of
   * them whenever a burst ends and start them again for the next */
  srv->workers =
      g_thread_pool_new (run_on_worker, srv, (gint) app->config.worker_threads, TRUE, NULL);
  struct MHD_Daemon *d = start_daemon (srv, (const struct sockaddr *) &sa, flags);
  if (!d)
    {
      g_thread_pool_free (srv->workers, FALSE, TRUE);
      ls_conn_table_free (srv->conns);
      g_free (srv);
      return -EADDRNOTAVAIL;
    }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info (d, MHD_DAEMON_INFO_BIND_PORT);
  srv->daemon = d;
  srv->port = info ? info->port : port;
  *ret = srv;
  return 0;
}

unsigned
ls_http_port (LsHttpServer *srv)
{
  return srv->port;
}

void
ls_http_stop (LsHttpServer *srv)
{
  if (!srv)
    return;
  /* no new connections; answers from now on close theirs; wait for those in flight */
  MHD_socket listen_fd = MHD_quiesce_daemon (srv->daemon);
  g_atomic_int_set (&srv->draining, 1);
  ls_stream_end_all (); /* event streams never end by themselves */
  gint64 deadline = g_get_monotonic_time () + DRAIN_TIMEOUT_US;
  while (g_atomic_int_get (&srv->in_flight) > 0 && g_get_monotonic_time () < deadline)
    g_usleep (2000);
  /* a handler still running, or a deferred request, would resume a stopped daemon: let
   * every one finish first (the store's writer is still running, so they do) */
  g_thread_pool_free (srv->workers, FALSE, TRUE);
  while (g_atomic_int_get (&srv->deferred) > 0)
    g_usleep (2000);
  MHD_stop_daemon (srv->daemon); /* closes idle connections */
  if (listen_fd != MHD_INVALID_SOCKET)
    close (listen_fd); /* after quiesce the listening socket is ours to close */
  ls_conn_table_free (srv->conns);
  g_free (srv);
}
