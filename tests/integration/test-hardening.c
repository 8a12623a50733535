/* Regression tests for the findings of the outside security test (issue 7), each against a
 * real server. Each test names its finding. */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static LtServer *srv;

static unsigned
server_port(void)
{
  const char *url = lt_server_url(srv);
  return (unsigned) g_ascii_strtoull(strrchr(url, ':') + 1, NULL, 10);
}

/* A TCP connection to the server from the loopback address `source` (127.x.y.z). */
static int
connect_from(const char *source)
{
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint(fd, >=, 0);
  struct sockaddr_in from = { .sin_family = AF_INET };
  g_assert_cmpint(inet_pton(AF_INET, source, &from.sin_addr), ==, 1);
  g_assert_cmpint(bind(fd, (struct sockaddr *) &from, sizeof from), ==, 0);
  struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons((uint16_t) server_port()) };
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  g_assert_cmpint(connect(fd, (struct sockaddr *) &to, sizeof to), ==, 0);
  return fd;
}

static void
send_all(int fd, const char *text)
{
  g_assert_cmpint(send(fd, text, strlen(text), MSG_NOSIGNAL), ==, (gssize) strlen(text));
}

/* Waits up to timeout_ms for the server to close fd (EOF or reset). */
static bool
closed_within(int fd, int timeout_ms)
{
  struct pollfd p = { .fd = fd, .events = POLLIN };
  gint64 until = g_get_monotonic_time() + (gint64) timeout_ms * 1000;
  for (;;) {
    int left = (int) ((until - g_get_monotonic_time()) / 1000);
    if (left <= 0 || poll(&p, 1, left) <= 0)
      return false;
    char buf[4096];
    gssize n = recv(fd, buf, sizeof buf, 0);
    if (n == 0 || (n < 0 && errno == ECONNRESET))
      return true;
  }
}

/* The answer to one request on fd: its status line's code, or 0 if the server closed. */
static int
request_status(int fd, const char *request)
{
  send_all(fd, request);
  char buf[4096];
  gssize n = recv(fd, buf, sizeof buf - 1, 0);
  if (n <= 0)
    return 0;
  buf[n] = '\0';
  int status = 0;
  return sscanf(buf, "HTTP/1.1 %d", &status) == 1 ? status : 0;
}

#define HEALTH_REQUEST "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"

/* Finding 1: an empty item in Accept-Encoding ran the parser past its vector. */
static void
test_accept_encoding_empty_items(void)
{
  static const char *const values[] = { ",", ",,", ", ,", ";", ",gzip", "gzip,,", "" };
  for (size_t i = 0; i < G_N_ELEMENTS(values); i++) {
    g_autofree char *header = g_strdup_printf("Accept-Encoding: %s", values[i]);
    const char *const headers[] = { header, NULL };
    for (int again = 0; again < 2; again++) {
      g_autoptr(LtResponse) r = lt_http(srv, "GET", "/dat-lich", NULL, NULL, 0, headers);
      lt_assert_status(r, 200);
      g_assert_true(g_str_has_prefix(r->content_type, "text/html"));
    }
  }
  lt_server_assert_healthy(srv);
}

/* Finding 3: one address holds at most 64 connections; everyone else is still served,
 * and the address gets its connections back as it closes some. */
static void
test_connections_per_address(void)
{
  int fds[64];
  for (guint i = 0; i < G_N_ELEMENTS(fds); i++) {
    fds[i] = connect_from("127.0.3.1");
    g_assert_cmpint(request_status(fds[i], HEALTH_REQUEST), ==, 200);  /* all 64 served */
  }
  int extra = connect_from("127.0.3.1");
  g_assert_true(closed_within(extra, 5000));  /* the 65th is turned away at once */
  close(extra);
  int other = connect_from("127.0.3.2");
  g_assert_cmpint(request_status(other, HEALTH_REQUEST), ==, 200);
  close(other);
  close(fds[0]);
  g_usleep(200 * 1000);
  int again = connect_from("127.0.3.1");
  g_assert_cmpint(request_status(again, HEALTH_REQUEST), ==, 200);
  close(again);
  for (guint i = 1; i < G_N_ELEMENTS(fds); i++)
    close(fds[i]);
  lt_server_assert_healthy(srv);
}

/* Finding 3: one byte every second no longer keeps a request open: the headers have 10 s
 * from the request line, however the bytes trickle. */
static void
test_slow_headers_cut(void)
{
  int fd = connect_from("127.0.3.3");
  send_all(fd, "GET /api/v1/health HTTP/1.1\r\n");
  gint64 start = g_get_monotonic_time();
  bool closed = false;
  for (int i = 0; i < 20 && !closed; i++) {
    if (send(fd, "X", 1, MSG_NOSIGNAL) != 1)
      break;
    closed = closed_within(fd, 1000);
  }
  if (!closed)
    closed = closed_within(fd, 2000);
  double seconds = (double) (g_get_monotonic_time() - start) / G_USEC_PER_SEC;
  g_test_message("closed after %.1f s", seconds);
  g_assert_true(closed);
  g_assert_cmpfloat(seconds, >=, 9.0);
  g_assert_cmpfloat(seconds, <, 13.0);
  close(fd);
}

/* Finding 3: a body gets 1 s per 64 KiB on top: 192 KiB sent over about 4 s gets its answer
 * (a slow phone uploading a photo), a 1 KiB body dribbled for longer than 10 + 1 s does not. */
static void
test_body_time_allowance(void)
{
  int fd = connect_from("127.0.3.4");
  const size_t size = 192 * 1024;
  g_autofree char *head = g_strdup_printf("POST /api/v1/scan HTTP/1.1\r\nHost: x\r\n"
                                          "Content-Type: image/png\r\nContent-Length: %zu\r\n\r\n",
                                          size);
  send_all(fd, head);
  g_autofree char *chunk = g_malloc0(size / 8 + 1);
  memset(chunk, 'x', size / 8);
  for (int i = 0; i < 8; i++) {
    g_usleep(500 * 1000);
    send_all(fd, chunk);
  }
  char buf[512];
  gssize n = recv(fd, buf, sizeof buf - 1, 0);
  g_assert_cmpint(n, >, 0);
  buf[n] = '\0';
  g_assert_true(g_str_has_prefix(buf, "HTTP/1.1 400"));  /* read in full: not a PNG */
  close(fd);

  fd = connect_from("127.0.3.4");
  send_all(fd, "POST /api/v1/scan HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
               "Content-Length: 1024\r\n\r\n");
  gint64 start = g_get_monotonic_time();
  bool closed = false;
  for (int i = 0; i < 20 && !closed; i++) {
    if (send(fd, "x", 1, MSG_NOSIGNAL) != 1)
      break;
    closed = closed_within(fd, 1000);
  }
  double seconds = (double) (g_get_monotonic_time() - start) / G_USEC_PER_SEC;
  g_test_message("closed after %.1f s", seconds);
  g_assert_true(closed);
  g_assert_cmpfloat(seconds, <, 14.0);
  close(fd);
}

int
main(int argc, char **argv)
{
  lt_init(&argc, &argv);
  g_test_add_func("/layso/integration/hardening/accept-encoding-empty-items",
                  test_accept_encoding_empty_items);
  g_test_add_func("/layso/integration/hardening/connections-per-address",
                  test_connections_per_address);
  g_test_add_func("/layso/integration/hardening/slow-headers-cut", test_slow_headers_cut);
  g_test_add_func("/layso/integration/hardening/body-time-allowance", test_body_time_allowance);
  srv = lt_server_start_default();
  int rc = g_test_run();
  lt_server_stop(srv);
  return rc;
}
