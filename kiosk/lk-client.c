/* Each call copies what it needs into a Request and runs it on a GTask worker thread with its
 * own curl easy handle: nothing is shared between threads but the immutable strings. */
#include "lk-client.h"

#include "lk-ticket-issuer.h"

#include <curl/curl.h>
#include <json-c/json.h>
#include <sodium.h>

#define CONNECT_TIMEOUT_S 5L
#define TOTAL_TIMEOUT_S   10L
#define MAX_REPLY_BYTES   (1024 * 1024)

struct _LkClient
{
  GObject parent_instance;

  /* owned, immutable after construction */
  char *base_url;
  char *token;
  char *ca_file;
};

static void lk_client_ticket_issuer_init (LkTicketIssuerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LkClient, lk_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LK_TYPE_TICKET_ISSUER,
                                                      lk_client_ticket_issuer_init))

typedef enum
{
  REPLY_NONE,
  REPLY_ME,
  REPLY_TICKET
} ReplyKind;

typedef struct
{
  char *method;
  char *url;
  char *authorization; /* "Authorization: Bearer …" */
  char *idempotency;   /* "Idempotency-Key: …" or NULL */
  char *ca_file;
  char *body; /* JSON or NULL */
  ReplyKind reply_kind;
  GByteArray *reply;
  GCancellable *cancellable; /* borrowed from the task, which outlives the request */
} Request;

static void
request_free (Request *r)
{
  g_free (r->method);
  g_free (r->url);
  g_free (r->authorization);
  g_free (r->idempotency);
  g_free (r->ca_file);
  g_free (r->body);
  g_clear_pointer (&r->reply, g_byte_array_unref);
  g_free (r);
}

static size_t
on_write (char *data, size_t size, size_t nmemb, void *user_data)
{
  Request *r = user_data;
  size_t n = size * nmemb;
  if (r->reply->len + n > MAX_REPLY_BYTES)
    return 0; /* curl aborts the transfer */
  g_byte_array_append (r->reply, (const guint8 *) data, (guint) n);
  return n;
}

static int
on_progress (void *user_data, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
             curl_off_t ulnow)
{
  Request *r = user_data;
  return g_cancellable_is_cancelled (r->cancellable) ? 1 : 0;
}

/* Runs on the worker thread. TRUE with the HTTP status, or FALSE with NETWORK. */
static gboolean
request_perform (Request *r, long *ret_status, GError **error)
{
  CURL *curl = curl_easy_init ();
  struct curl_slist *headers = NULL;
  char curl_error[CURL_ERROR_SIZE] = "";

  if (curl == NULL)
    {
      g_set_error_literal (error, LK_CLIENT_ERROR, LK_CLIENT_ERROR_NETWORK,
                           "Không kết nối được máy chủ");
      return FALSE;
    }
  headers = curl_slist_append (headers, r->authorization);
  headers = curl_slist_append (headers, "Accept: application/json");
  if (r->body != NULL)
    headers = curl_slist_append (headers, "Content-Type: application/json; charset=utf-8");
  if (r->idempotency != NULL)
    headers = curl_slist_append (headers, r->idempotency);

  curl_easy_setopt (curl, CURLOPT_URL, r->url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT_S);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, TOTAL_TIMEOUT_S);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, r->method);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, curl_error);
  /* TLS verification stays at libcurl's defaults (peer and host checked); ca_file only
   * replaces the trust store, for a server with a private CA. */
  if (r->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, r->ca_file);
  if (r->body != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_POSTFIELDS, r->body);
      curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE, (long) strlen (r->body));
    }
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, r);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, r);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);

  CURLcode rc = curl_easy_perform (curl);
  long status = 0;
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all (headers);
  curl_easy_cleanup (curl);

  if (rc == CURLE_ABORTED_BY_CALLBACK && g_cancellable_is_cancelled (r->cancellable))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      return FALSE;
    }
  if (rc != CURLE_OK)
    {
      g_set_error_literal (error, LK_CLIENT_ERROR, LK_CLIENT_ERROR_NETWORK,
                           "Không kết nối được máy chủ");
      return FALSE;
    }
  *ret_status = status;
  return TRUE;
}

static void
run_request (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Request *r = task_data;
  GError *error = NULL;
  long status = 0;

  if (!request_perform (r, &status, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  const char *body = (const char *) r->reply->data;
  gsize length = r->reply->len;

  if (status < 200 || status > 299)
    {
      lk_wire_set_error_from_reply (&error, status, body, length);
      g_task_return_error (task, error);
      return;
    }
  switch (r->reply_kind)
    {
      case REPLY_NONE:
        g_task_return_boolean (task, TRUE);
        return;
      case REPLY_ME:
        {
          LkKioskInfo *info = lk_wire_parse_me (body, length, &error);
          if (info == NULL)
            g_task_return_error (task, error);
          else
            g_task_return_pointer (task, info, (GDestroyNotify) lk_kiosk_info_free);
          return;
        }
      case REPLY_TICKET:
        {
          LkTicket *ticket = lk_wire_parse_ticket (body, length, &error);
          if (ticket == NULL)
            g_task_return_error (task, error);
          else
            g_task_return_pointer (task, ticket, (GDestroyNotify) lk_ticket_free);
          return;
        }
    }
}

static void
start_request (LkClient *self, const char *method, const char *path, json_object *body,
               const char *idempotency_key, ReplyKind reply_kind, gpointer source_tag,
               GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  Request *r = g_new0 (Request, 1);
  r->method = g_strdup (method);
  r->url = g_strconcat (self->base_url, path, NULL);
  r->authorization = g_strconcat ("Authorization: Bearer ", self->token, NULL);
  r->idempotency =
      idempotency_key ? g_strconcat ("Idempotency-Key: ", idempotency_key, NULL) : NULL;
  r->ca_file = g_strdup (self->ca_file);
  r->body = body ? g_strdup (json_object_to_json_string_ext (body, JSON_C_TO_STRING_PLAIN)) : NULL;
  r->reply_kind = reply_kind;
  r->reply = g_byte_array_new ();
  r->cancellable = cancellable;

  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, r, (GDestroyNotify) request_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, run_request);
  g_object_unref (task);
}

char *
lk_client_new_idempotency_key (void)
{
  guint8 bytes[16];
  char hex[sizeof bytes * 2 + 1];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2hex (hex, sizeof hex, bytes, sizeof bytes);
  return g_strdup (hex);
}

void
lk_client_get_me_async (LkClient *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_return_if_fail (LK_IS_CLIENT (self));
  start_request (self, "GET", "/api/v1/kiosk/me", NULL, NULL, REPLY_ME, lk_client_get_me_async,
                 cancellable, callback, user_data);
}

LkKioskInfo *
lk_client_get_me_finish (LkClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lk_client_checkin_async (LkClient *self, const char *input, const char *idempotency_key,
                         GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_return_if_fail (LK_IS_CLIENT (self));
  g_return_if_fail (input != NULL);

  json_object *body = json_object_new_object ();
  json_object_object_add (body, "input", json_object_new_string (input));
  start_request (self, "POST", "/api/v1/kiosk/checkin", body, idempotency_key, REPLY_TICKET,
                 lk_client_checkin_async, cancellable, callback, user_data);
  json_object_put (body);
}

LkTicket *
lk_client_checkin_finish (LkClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lk_client_walk_in_async (LkClient *self, const char *field_id, gboolean priority,
                         const char *idempotency_key, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (LK_IS_CLIENT (self));
  g_return_if_fail (field_id != NULL);

  json_object *body = json_object_new_object ();
  json_object_object_add (body, "field", json_object_new_string (field_id));
  json_object_object_add (body, "priority", json_object_new_boolean (priority));
  start_request (self, "POST", "/api/v1/kiosk/tickets", body, idempotency_key, REPLY_TICKET,
                 lk_client_walk_in_async, cancellable, callback, user_data);
  json_object_put (body);
}

LkTicket *
lk_client_walk_in_finish (LkClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lk_client_print_result_async (LkClient *self, const char *ticket_id, gboolean ok,
                              const char *reason, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (LK_IS_CLIENT (self));
  g_return_if_fail (ticket_id != NULL);

  g_autofree char *escaped = g_uri_escape_string (ticket_id, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/kiosk/tickets/%s/print-result", escaped);
  json_object *body = json_object_new_object ();
  json_object_object_add (body, "ok", json_object_new_boolean (ok));
  if (!ok && reason != NULL)
    json_object_object_add (body, "reason", json_object_new_string (reason));
  start_request (self, "POST", path, body, NULL, REPLY_NONE, lk_client_print_result_async,
                 cancellable, callback, user_data);
  json_object_put (body);
}

gboolean
lk_client_print_result_finish (LkClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- LkTicketIssuer ---- */

static void
issuer_checkin_async (LkTicketIssuer *issuer, const char *input, const char *idempotency_key,
                      GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  lk_client_checkin_async (LK_CLIENT (issuer), input, idempotency_key, cancellable, callback,
                           user_data);
}

static LkTicket *
issuer_checkin_finish (LkTicketIssuer *issuer, GAsyncResult *result, GError **error)
{
  return lk_client_checkin_finish (LK_CLIENT (issuer), result, error);
}

static void
issuer_walk_in_async (LkTicketIssuer *issuer, const char *field_id, gboolean priority,
                      const char *idempotency_key, GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer user_data)
{
  lk_client_walk_in_async (LK_CLIENT (issuer), field_id, priority, idempotency_key, cancellable,
                           callback, user_data);
}

static LkTicket *
issuer_walk_in_finish (LkTicketIssuer *issuer, GAsyncResult *result, GError **error)
{
  return lk_client_walk_in_finish (LK_CLIENT (issuer), result, error);
}

static void
issuer_print_result_async (LkTicketIssuer *issuer, const char *ticket_id, gboolean ok,
                           const char *reason, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  lk_client_print_result_async (LK_CLIENT (issuer), ticket_id, ok, reason, cancellable, callback,
                                user_data);
}

static gboolean
issuer_print_result_finish (LkTicketIssuer *issuer, GAsyncResult *result, GError **error)
{
  return lk_client_print_result_finish (LK_CLIENT (issuer), result, error);
}

static void
lk_client_ticket_issuer_init (LkTicketIssuerInterface *iface)
{
  iface->checkin_async = issuer_checkin_async;
  iface->checkin_finish = issuer_checkin_finish;
  iface->walk_in_async = issuer_walk_in_async;
  iface->walk_in_finish = issuer_walk_in_finish;
  iface->print_result_async = issuer_print_result_async;
  iface->print_result_finish = issuer_print_result_finish;
}

/* ---- GObject ---- */

static void
lk_client_finalize (GObject *object)
{
  LkClient *self = LK_CLIENT (object);

  g_free (self->base_url);
  g_free (self->token);
  g_free (self->ca_file);
  G_OBJECT_CLASS (lk_client_parent_class)->finalize (object);
}

static void
lk_client_class_init (LkClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lk_client_finalize;
}

static void
lk_client_init (LkClient *self)
{
}

LkClient *
lk_client_new (const char *base_url, const char *token, const char *ca_file)
{
  g_return_val_if_fail (base_url != NULL && token != NULL, NULL);

  LkClient *self = g_object_new (LK_TYPE_CLIENT, NULL);
  self->base_url = g_strdup (base_url);
  self->token = g_strdup (token);
  self->ca_file = g_strdup (ca_file);
  return self;
}
