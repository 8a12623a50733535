/* Replies: one per request, kept until the glue queues it (a second one is a handler's bug,
 * logged and dropped). Every reply carries X-Content-Type-Options: nosniff. */
#include "http/http-private.h"
#include "http/stream.h"
#include "wire.h"

#include <stdarg.h>
#include <string.h>

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
  ls_reply_retry_later (req, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable", LAYSO_MSG_UNAVAILABLE,
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

/* --- for http/stream.c: an event stream answers with its own MHD response ---------------- */

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
