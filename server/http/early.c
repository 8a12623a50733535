/* The answers the glue decides on its own before a handler runs (http.h lists them): a NUL
 * in the path or query, no route or the wrong method, a body too large by its
 * Content-Length, the POST rate limit, a JSON route without a JSON Content-Type. */
#include "http/http-private.h"
#include "wire.h"

#include "app.h"
#include "ratelimit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void
ls_http_set_early (LsRequest *req, unsigned status, const char *code, const char *message,
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

void
ls_http_set_too_large (LsRequest *req)
{
  ls_http_set_early (req, 413, "payload_too_large", "Dữ liệu gửi lên quá lớn", NULL);
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
      ls_http_set_early (req, MHD_HTTP_BAD_REQUEST, "invalid_input", "Dữ liệu không hợp lệ",
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

void *
ls_http_on_uri (void *cls, const char *uri, struct MHD_Connection *c)
{
  /* the request line is in: the headers' deadline starts (conn.h) */
  ls_conn_receiving (ls_http_conn_of (c));
  const char *nul = strstr (uri, "%00");
  if (!nul)
    return NULL;
  const char *query = strchr (uri, '?');
  return query && nul > query ? &nul_in_query : &nul_in_path;
}

bool
ls_http_is_nul_marker (const void *req_cls)
{
  return req_cls == &nul_in_path || req_cls == &nul_in_query;
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
      ls_http_set_early (req, MHD_HTTP_BAD_REQUEST, "invalid_input", "Dữ liệu không hợp lệ",
                         "path");
      return;
    }
  MHD_get_connection_values_n (p->connection, MHD_GET_ARGUMENT_KIND, check_query_arg, req);
  if (p->early_status)
    return;
  ls_http_route_request (req);
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
          ls_http_set_too_large (req);
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
          ls_http_set_early (req, MHD_HTTP_TOO_MANY_REQUESTS, "rate_limited",
                             LAYSO_MSG_RATE_LIMITED, NULL);
          p->retry_after = retry_after ? retry_after : 1;
          return;
        }
    }
  if ((p->route->flags & LS_ROUTE_JSON) &&
      !ls_http_is_json_content_type (ls_request_header (req, "Content-Type")))
    ls_http_set_early (req, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                       "Định dạng dữ liệu không được hỗ trợ, hãy gửi application/json", NULL);
}

void
ls_http_check_request (LsRequest *req, const void *marker)
{
  if (marker == &nul_in_query) /* name the argument if MHD kept its length */
    MHD_get_connection_values_n (req->priv->connection, MHD_GET_ARGUMENT_KIND, check_query_arg,
                                 req);
  if (marker)
    ls_http_set_early (req, MHD_HTTP_BAD_REQUEST, "invalid_input", "Dữ liệu không hợp lệ",
                       marker == &nul_in_path ? "path" : "query");
  check_headers (req);
}
