#define _GNU_SOURCE /* strcasestr */
/* LkClient over real HTTP against a one-shot fake server on a free port: what it sends
 * (method, path, bearer token, Idempotency-Key, JSON body) and how it reads the answers. */
#include <gio/gio.h>
#include <curl/curl.h>
#include <sodium.h>
#include <string.h>

#include "lk-client.h"

typedef struct
{
  GSocket *listener;
  guint16 port;
  const char *reply; /* full HTTP response, NULL: read the request, never answer */
  char *request;     /* what arrived */
  GThread *thread;
  GCancellable *stop;
} FakeServer;

static gpointer
serve_one (gpointer data)
{
  FakeServer *fs = data;
  g_autoptr (GSocket) conn = g_socket_accept (fs->listener, fs->stop, NULL);
  if (conn == NULL)
    return NULL;
  GString *req = g_string_new (NULL);
  char buf[4096];
  gssize n;
  gsize want = 0;
  while ((n = g_socket_receive (conn, buf, sizeof buf, fs->stop, NULL)) > 0)
    {
      g_string_append_len (req, buf, n);
      if ((guchar) req->str[0] == 0x16)
        break; /* a TLS ClientHello: answer in plain text at once */
      const char *end = strstr (req->str, "\r\n\r\n");
      if (end == NULL)
        continue;
      const char *cl = strcasestr (req->str, "Content-Length:");
      want = (gsize) (end + 4 - req->str) + (cl && cl < end ? strtoul (cl + 15, NULL, 10) : 0);
      if (req->len >= want)
        break;
    }
  fs->request = g_string_free (req, FALSE);
  if (fs->reply != NULL)
    g_socket_send (conn, fs->reply, strlen (fs->reply), NULL, NULL);
  else
    while (g_socket_receive (conn, buf, sizeof buf, fs->stop, NULL) > 0)
      ;
  g_socket_close (conn, NULL);
  return NULL;
}

static FakeServer *
fake_server_start (const char *reply)
{
  FakeServer *fs = g_new0 (FakeServer, 1);
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr (GError) error = NULL;

  fs->listener =
      g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (fs->listener, any, TRUE, &error));
  g_assert_true (g_socket_listen (fs->listener, &error));
  g_autoptr (GSocketAddress) bound = g_socket_get_local_address (fs->listener, &error);
  fs->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  fs->reply = reply;
  fs->stop = g_cancellable_new ();
  fs->thread = g_thread_new ("fake-server", serve_one, fs);
  return fs;
}

static void
fake_server_free (FakeServer *fs)
{
  g_cancellable_cancel (fs->stop);
  g_thread_join (fs->thread);
  g_socket_close (fs->listener, NULL);
  g_object_unref (fs->listener);
  g_object_unref (fs->stop);
  g_free (fs->request);
  g_free (fs);
}

static LkClient *
client_for (FakeServer *fs)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", fs->port);
  return lk_client_new (url, "secret-token", NULL);
}

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

#define TICKET_REPLY                                                                               \
  "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"                 \
  "{\"ticket\":{\"id\":\"t-1\",\"number\":\"A1001\",\"kind\":\"appointment\","                     \
  "\"field\":{\"id\":\"chung-thuc\",\"name\":\"Chứng "                                           \
  "thực\"},\"issued_at\":\"2025-09-26T07:10:00+07:00\"},"                                        \
  "\"booking\":{\"code\":\"GCAD\",\"name\":\"A\",\"cccd\":\"012345678901\",\"date\":\"2025-09-"    \
  "26\","                                                                                          \
  "\"slot\":{\"id\":\"s\",\"start\":\"07:30\",\"end\":\"09:30\"}},\"waiting_before\":0}"

static void
test_checkin_request (void)
{
  FakeServer *fs = fake_server_start (TICKET_REPLY);
  g_autoptr (LkClient) client = client_for (fs);
  g_autofree char *key = lk_client_new_idempotency_key ();
  GAsyncResult *result = NULL;
  g_autoptr (GError) error = NULL;

  lk_client_checkin_async (client, "GCAD", key, NULL, on_done, &result);
  g_autoptr (LkTicket) ticket = lk_client_checkin_finish (client, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ticket->number, ==, "A1001");
  g_assert_cmpstr (ticket->booking_code, ==, "GCAD");

  g_autofree char *key_line = g_strdup_printf ("\r\nIdempotency-Key: %s\r\n", key);
  g_assert_true (g_str_has_prefix (fs->request, "POST /api/v1/kiosk/checkin HTTP/1.1\r\n"));
  g_assert_nonnull (strstr (fs->request, "\r\nAuthorization: Bearer secret-token\r\n"));
  g_assert_nonnull (strstr (fs->request, key_line));
  g_assert_nonnull (strstr (fs->request, "\r\nContent-Type: application/json"));
  g_assert_true (g_str_has_suffix (fs->request, "\r\n\r\n{\"input\":\"GCAD\"}"));
  g_object_unref (result);
  fake_server_free (fs);
}

static void
test_error_reply (void)
{
  FakeServer *fs = fake_server_start (
      "HTTP/1.1 409 Conflict\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
      "{\"error\":{\"code\":\"code_invalid_or_used\",\"message\":\"Mã đặt chỗ không hợp lệ hoặc đã "
      "được sử dụng\"}}");
  g_autoptr (LkClient) client = client_for (fs);
  GAsyncResult *result = NULL;
  g_autoptr (GError) error = NULL;

  lk_client_checkin_async (client, "ZZZZ", "k", NULL, on_done, &result);
  g_assert_null (lk_client_checkin_finish (client, wait_for (&result), &error));
  g_assert_error (error, LK_CLIENT_ERROR, LK_CLIENT_ERROR_CODE_INVALID_OR_USED);
  g_assert_cmpstr (error->message, ==, "Mã đặt chỗ không hợp lệ hoặc đã được sử dụng");
  g_object_unref (result);
  fake_server_free (fs);
}

static void
test_walk_in_and_print_result (void)
{
  FakeServer *fs = fake_server_start ("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
  g_autoptr (LkClient) client = client_for (fs);
  GAsyncResult *result = NULL;
  g_autoptr (GError) error = NULL;

  lk_client_print_result_async (client, "t 1/x", FALSE, "media-empty-error", NULL, on_done,
                                &result);
  g_assert_true (lk_client_print_result_finish (client, wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (
      fs->request, "POST /api/v1/kiosk/tickets/t%201%2Fx/print-result HTTP/1.1\r\n"));
  g_assert_true (
      g_str_has_suffix (fs->request, "\r\n\r\n{\"ok\":false,\"reason\":\"media-empty-error\"}"));
  g_object_unref (result);
  fake_server_free (fs);

  fs = fake_server_start ("HTTP/1.1 422 Unprocessable\r\nConnection: close\r\n\r\n"
                          "{\"error\":{\"code\":\"closed\",\"message\":\"Ngoài giờ làm việc\"}}");
  g_autoptr (LkClient) client2 = client_for (fs);
  result = NULL;
  lk_client_walk_in_async (client2, "ho-tich", TRUE, "key-2", NULL, on_done, &result);
  g_assert_null (lk_client_walk_in_finish (client2, wait_for (&result), &error));
  g_assert_error (error, LK_CLIENT_ERROR, LK_CLIENT_ERROR_CLOSED);
  g_assert_cmpstr (error->message, ==, "Ngoài giờ làm việc");
  g_assert_true (g_str_has_prefix (fs->request, "POST /api/v1/kiosk/tickets HTTP/1.1\r\n"));
  g_assert_nonnull (strstr (fs->request, "\r\nIdempotency-Key: key-2\r\n"));
  g_assert_true (g_str_has_suffix (fs->request, "{\"field\":\"ho-tich\",\"priority\":true}"));
  g_object_unref (result);
  fake_server_free (fs);
}

static void
test_refused (void)
{
  /* A port that was free a moment ago: nothing listens, the connect is refused at once. */
  FakeServer *fs = fake_server_start (NULL);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", fs->port);
  fake_server_free (fs);
  g_autoptr (LkClient) client = lk_client_new (url, "t", NULL);
  GAsyncResult *result = NULL;
  g_autoptr (GError) error = NULL;

  lk_client_get_me_async (client, NULL, on_done, &result);
  g_assert_null (lk_client_get_me_finish (client, wait_for (&result), &error));
  g_assert_error (error, LK_CLIENT_ERROR, LK_CLIENT_ERROR_NETWORK);
  g_assert_cmpstr (error->message, ==, "Không kết nối được máy chủ");
  g_object_unref (result);
}

static gboolean
cancel_later (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  FakeServer *fs = fake_server_start (NULL); /* never answers */
  g_autoptr (LkClient) client = client_for (fs);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  GAsyncResult *result = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  lk_client_get_me_async (client, cancellable, on_done, &result);
  g_timeout_add (200, cancel_later, cancellable);
  g_assert_null (lk_client_get_me_finish (client, wait_for (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* well before the 10 s transfer timeout */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_object_unref (result);
  fake_server_free (fs);
}

static void
test_tls_verified (void)
{
  /* The fake server speaks plain HTTP: an https:// client must refuse, not fall back. */
  FakeServer *fs = fake_server_start (TICKET_REPLY);
  g_autofree char *url = g_strdup_printf ("https://127.0.0.1:%u", fs->port);
  g_autoptr (LkClient) client = lk_client_new (url, "t", NULL);
  GAsyncResult *result = NULL;
  g_autoptr (GError) error = NULL;

  lk_client_get_me_async (client, NULL, on_done, &result);
  g_assert_null (lk_client_get_me_finish (client, wait_for (&result), &error));
  g_assert_error (error, LK_CLIENT_ERROR, LK_CLIENT_ERROR_NETWORK);
  g_object_unref (result);
  fake_server_free (fs);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (curl_global_init (CURL_GLOBAL_DEFAULT), ==, CURLE_OK);
  g_assert_cmpint (sodium_init (), >=, 0);
  g_test_add_func ("/layso/kiosk/client/checkin-request", test_checkin_request);
  g_test_add_func ("/layso/kiosk/client/error-reply", test_error_reply);
  g_test_add_func ("/layso/kiosk/client/walk-in-and-print-result", test_walk_in_and_print_result);
  g_test_add_func ("/layso/kiosk/client/refused", test_refused);
  g_test_add_func ("/layso/kiosk/client/cancel", test_cancel);
  g_test_add_func ("/layso/kiosk/client/tls-verified", test_tls_verified);
  int status = g_test_run ();
  curl_global_cleanup ();
  return status;
}
