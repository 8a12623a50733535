/* Regression tests for the findings of the outside security test (issue 7), each against a
 * real server. Each test names its finding. */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static LtServer *srv;

static unsigned
server_port (void)
{
  const char *url = lt_server_url (srv);
  return (unsigned) g_ascii_strtoull (strrchr (url, ':') + 1, NULL, 10);
}

/* A TCP connection to the server from the loopback address `source` (127.x.y.z). */
static int
connect_from (const char *source)
{
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  struct sockaddr_in from = { .sin_family = AF_INET };
  g_assert_cmpint (inet_pton (AF_INET, source, &from.sin_addr), ==, 1);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &from, sizeof from), ==, 0);
  struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) server_port ()) };
  inet_pton (AF_INET, "127.0.0.1", &to.sin_addr);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &to, sizeof to), ==, 0);
  return fd;
}

static void
send_all (int fd, const char *text)
{
  g_assert_cmpint (send (fd, text, strlen (text), MSG_NOSIGNAL), ==, (gssize) strlen (text));
}

/* Waits up to timeout_ms for the server to close fd (EOF or reset). */
static bool
closed_within (int fd, int timeout_ms)
{
  struct pollfd p = { .fd = fd, .events = POLLIN };
  gint64 until = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  for (;;)
    {
      int left = (int) ((until - g_get_monotonic_time ()) / 1000);
      if (left <= 0 || poll (&p, 1, left) <= 0)
        return false;
      char buf[4096];
      gssize n = recv (fd, buf, sizeof buf, 0);
      if (n == 0 || (n < 0 && errno == ECONNRESET))
        return true;
    }
}

/* The answer to one request on fd: its status line's code, or 0 if the server closed. */
static int
request_status (int fd, const char *request)
{
  send_all (fd, request);
  char buf[4096];
  gssize n = recv (fd, buf, sizeof buf - 1, 0);
  if (n <= 0)
    return 0;
  buf[n] = '\0';
  int status = 0;
  return sscanf (buf, "HTTP/1.1 %d", &status) == 1 ? status : 0;
}

#define HEALTH_REQUEST "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"

/* Finding 1: an empty item in Accept-Encoding ran the parser past its vector. */
static void
test_accept_encoding_empty_items (void)
{
  static const char *const values[] = { ",", ",,", ", ,", ";", ",gzip", "gzip,,", "" };
  for (size_t i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *header = g_strdup_printf ("Accept-Encoding: %s", values[i]);
      const char *const headers[] = { header, NULL };
      for (int again = 0; again < 2; again++)
        {
          g_autoptr (LtResponse) r = lt_http (srv, "GET", "/dat-lich", NULL, NULL, 0, headers);
          lt_assert_status (r, 200);
          g_assert_true (g_str_has_prefix (r->content_type, "text/html"));
        }
    }
  lt_server_assert_healthy (srv);
}

/* Finding 3: one address holds at most 64 connections; everyone else is still served,
 * and the address gets its connections back as it closes some. */
static void
test_connections_per_address (void)
{
  int fds[64];
  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    {
      fds[i] = connect_from ("127.0.3.1");
      g_assert_cmpint (request_status (fds[i], HEALTH_REQUEST), ==, 200); /* all 64 served */
    }
  int extra = connect_from ("127.0.3.1");
  g_assert_true (closed_within (extra, 5000)); /* the 65th is turned away at once */
  close (extra);
  int other = connect_from ("127.0.3.2");
  g_assert_cmpint (request_status (other, HEALTH_REQUEST), ==, 200);
  close (other);
  close (fds[0]);
  g_usleep (200 * 1000);
  int again = connect_from ("127.0.3.1");
  g_assert_cmpint (request_status (again, HEALTH_REQUEST), ==, 200);
  close (again);
  for (guint i = 1; i < G_N_ELEMENTS (fds); i++)
    close (fds[i]);
  lt_server_assert_healthy (srv);
}

/* Finding 3: one byte every second no longer keeps a request open: the headers have 10 s
 * from the request line, however the bytes trickle. */
static void
test_slow_headers_cut (void)
{
  int fd = connect_from ("127.0.3.3");
  send_all (fd, "GET /api/v1/health HTTP/1.1\r\n");
  gint64 start = g_get_monotonic_time ();
  bool closed = false;
  for (int i = 0; i < 20 && !closed; i++)
    {
      if (send (fd, "X", 1, MSG_NOSIGNAL) != 1)
        break;
      closed = closed_within (fd, 1000);
    }
  if (!closed)
    closed = closed_within (fd, 2000);
  double seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  g_test_message ("closed after %.1f s", seconds);
  g_assert_true (closed);
  g_assert_cmpfloat (seconds, >=, 9.0);
  g_assert_cmpfloat (seconds, <, 13.0);
  close (fd);
}

/* Finding 3: a body gets 1 s per 64 KiB on top: 192 KiB sent over about 4 s gets its answer
 * (a slow phone uploading a photo), a 1 KiB body dribbled for longer than 10 + 1 s does not. */
static void
test_body_time_allowance (void)
{
  int fd = connect_from ("127.0.3.4");
  const size_t size = 192 * 1024;
  g_autofree char *head = g_strdup_printf ("POST /api/v1/scan HTTP/1.1\r\nHost: x\r\n"
                                           "Content-Type: image/png\r\nContent-Length: %zu\r\n\r\n",
                                           size);
  send_all (fd, head);
  g_autofree char *chunk = g_malloc0 (size / 8 + 1);
  memset (chunk, 'x', size / 8);
  for (int i = 0; i < 8; i++)
    {
      g_usleep (500 * 1000);
      send_all (fd, chunk);
    }
  char buf[512];
  gssize n = recv (fd, buf, sizeof buf - 1, 0);
  g_assert_cmpint (n, >, 0);
  buf[n] = '\0';
  g_assert_true (g_str_has_prefix (buf, "HTTP/1.1 400")); /* read in full: not a PNG */
  close (fd);

  fd = connect_from ("127.0.3.4");
  send_all (fd, "POST /api/v1/scan HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                "Content-Length: 1024\r\n\r\n");
  gint64 start = g_get_monotonic_time ();
  bool closed = false;
  for (int i = 0; i < 20 && !closed; i++)
    {
      if (send (fd, "x", 1, MSG_NOSIGNAL) != 1)
        break;
      closed = closed_within (fd, 1000);
    }
  double seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  g_test_message ("closed after %.1f s", seconds);
  g_assert_true (closed);
  g_assert_cmpfloat (seconds, <, 14.0);
  close (fd);
}

/* A server as production runs it for look-ups (the guard on), with the dev clock. */
static LtServer *
start_guarded (void)
{
  static const char *const args[] = { "--rate-limit", "100000", NULL };
  LtServerOptions o = {
    .seed = true, .clock = LT_NOW_BOOKING, .expect_kiosk_tokens = LT_SEED_KIOSKS, .extra_args = args
  };
  return lt_server_start (&o);
}

static LtBooking
booking_for (const char *cccd)
{
  return (LtBooking){ .name = "Lê Văn Tám",
                      .cccd = cccd,
                      .phone = "0912345678",
                      .unit = LT_UNIT_PHO_YEN,
                      .field = "chung-thuc",
                      .date = "2025-09-26",
                      .slot = "0730-0930" };
}

static long
lookup_status (LtServer *s, const char *code, const char *cccd)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", code, cccd);
  g_autoptr (LtResponse) r = lt_get (s, path);
  if (r->status == 429)
    lt_assert_error (r, 429, "rate_limited", NULL);
  return r->status;
}

/* Finding 2: with the code from a saved ticket, guessing the CCCD's hidden digits stops
 * after 10 failures; then the right CCCD is refused too (so no answer tells right from
 * wrong), on GET, ticket.png and cancel alike, from any address. */
static void
test_code_locked_after_failures (void)
{
  LtServer *s = start_guarded ();
  LtBooking b = booking_for ("079000031234");
  g_autofree char *code = lt_book_ok (s, &b);
  for (int i = 0; i < 10; i++)
    {
      g_autofree char *guess = g_strdup_printf ("07901%03d1234", i);
      g_assert_cmpint (lookup_status (s, code, guess), ==, 404);
    }
  g_assert_cmpint (lookup_status (s, code, "079000041234"), ==, 429);
  g_assert_cmpint (lookup_status (s, code, b.cccd), ==, 429); /* the right pair too */
  g_autofree char *png = g_strdup_printf ("/api/v1/bookings/%s/ticket.png?cccd=%s", code, b.cccd);
  g_autoptr (LtResponse) r1 = lt_get (s, png);
  lt_assert_error (r1, 429, "rate_limited", NULL);
  g_assert_nonnull (r1->retry_after);
  g_assert_cmpint (atoi (r1->retry_after), >, 800);
  g_autofree char *cancel = g_strdup_printf ("/api/v1/bookings/%s/cancel", code);
  g_autofree char *body = g_strdup_printf ("{\"cccd\":\"%s\"}", b.cccd);
  g_autoptr (LtResponse) r2 = lt_post_json (s, cancel, body);
  lt_assert_error (r2, 429, "rate_limited", NULL);
  /* the message tells the citizen what to do */
  g_assert_nonnull (strstr (r2->body, "kiosk"));
  lt_server_stop (s);
}

/* Finding 5: the owner is harmed as little as possible: right look-ups never count, a
 * lock refuses look-ups only (the kiosk check-in by CCCD still works), and another
 * citizen's look-ups are not held up. */
static void
test_lock_harm_is_small (void)
{
  LtServer *s = start_guarded ();
  LtBooking b = booking_for ("079000051234");
  g_autofree char *code = lt_book_ok (s, &b);
  for (int i = 0; i < 30; i++) /* the owner may look as often as they like */
    g_assert_cmpint (lookup_status (s, code, b.cccd), ==, 200);
  LtBooking other = booking_for ("079000061234");
  g_autofree char *other_code = lt_book_ok (s, &other);
  for (int i = 0; i < 10; i++)
    { /* someone who knows the CCCD tries codes */
      g_autofree char *wrong = lt_unused_code (s);
      g_assert_cmpint (lookup_status (s, wrong, b.cccd), ==, 404);
    }
  g_assert_cmpint (lookup_status (s, code, b.cccd), ==, 429);
  g_assert_cmpint (lookup_status (s, other_code, other.cccd), ==, 200);
  lt_server_set_clock (s, "2025-09-26T07:10:00+07:00");
  g_autofree char *checkin = g_strdup_printf ("{\"input\":\"%s\"}", b.cccd);
  g_autoptr (LtResponse) r = lt_post_json_auth (s, "/api/v1/kiosk/checkin", checkin,
                                                lt_server_kiosk_token (s, LT_KIOSK_PHO_YEN));
  lt_assert_json (r, 200);
  lt_server_stop (s);
}

/* Finding 2: the counts live in the database, so two processes on one file count
 * together: 5 failures on each lock the code on both. */
static void
test_failures_shared_by_processes (void)
{
  LtServer *a = start_guarded ();
  static const char *const args[] = { "--rate-limit", "100000", NULL };
  LtServerOptions o = { .work_dir = lt_server_work_dir (a),
                        .clock = LT_NOW_BOOKING,
                        .extra_args = args };
  LtServer *b_srv = lt_server_start (&o);
  LtBooking b = booking_for ("079000071234");
  g_autofree char *code = lt_book_ok (a, &b);
  for (int i = 0; i < 10; i++)
    {
      g_autofree char *guess = g_strdup_printf ("07902%03d1234", i);
      g_assert_cmpint (lookup_status (i % 2 ? a : b_srv, code, guess), ==, 404);
    }
  g_assert_cmpint (lookup_status (a, code, b.cccd), ==, 429);
  g_assert_cmpint (lookup_status (b_srv, code, b.cccd), ==, 429);
  lt_server_stop (b_srv);
  lt_server_stop (a);
}

/* A PNG of "GCAD" as a QR code with `scale` pixels per module (29 modules with margins). */
static char *
qr_png (const char *dir, int scale, gsize *ret_len)
{
  g_autofree char *path = g_build_filename (dir, "scan.png", NULL);
  g_autofree char *size = g_strdup_printf ("%d", scale);
  const char *argv[] = { "qrencode", "-s", size, "-m", "4", "-o", path, "GCAD", NULL };
  int status = 0;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  char *png = NULL;
  g_assert_true (g_file_get_contents (path, &png, ret_len, NULL));
  return png;
}

static void
send_scan (int fd, const char *png, gsize len)
{
  g_autofree char *head = g_strdup_printf ("POST /api/v1/scan HTTP/1.1\r\nHost: x\r\n"
                                           "Content-Type: image/png\r\nContent-Length: %zu\r\n\r\n",
                                           len);
  send_all (fd, head);
  g_assert_cmpint (send (fd, png, len, MSG_NOSIGNAL), ==, (gssize) len);
}

/* Finding 4: images over 4 megapixels are refused with 413 before any pixel is decoded,
 * and at most one decode per core runs at once: the others get 503 unavailable with
 * Retry-After, never a crowd of decodes. */
static void
test_scan_bounded (void)
{
  gsize len;
  g_autofree char *big = qr_png (lt_server_work_dir (srv), 72, &len); /* 2088² = 4.4 MP */
  g_autoptr (LtResponse) r =
      lt_http (srv, "POST", "/api/v1/scan", "image/png", big, (gssize) len, NULL);
  lt_assert_error (r, 413, "payload_too_large", NULL);

  g_autofree char *png = qr_png (lt_server_work_dir (srv), 68, &len); /* 1972² = 3.9 MP */
  enum
  {
    N = 12
  };
  int fds[N];
  for (int i = 0; i < N; i++)
    {
      fds[i] = connect_from ("127.0.3.5");
      send_scan (fds[i], png, len);
    }
  int ok = 0, busy = 0;
  for (int i = 0; i < N; i++)
    {
      char buf[2048];
      gssize n = recv (fds[i], buf, sizeof buf - 1, 0);
      g_assert_cmpint (n, >, 0);
      buf[n] = '\0';
      if (g_str_has_prefix (buf, "HTTP/1.1 200"))
        {
          g_assert_nonnull (strstr (buf, "GCAD"));
          ok++;
        }
      else
        {
          g_assert_true (g_str_has_prefix (buf, "HTTP/1.1 503"));
          g_assert_nonnull (strstr (buf, "Retry-After: "));
          g_assert_nonnull (strstr (buf, "\"code\":\"unavailable\""));
          busy++;
        }
      close (fds[i]);
    }
  g_test_message ("%d decoded, %d told to retry", ok, busy);
  g_assert_cmpint (ok, >=, 1);
  g_assert_cmpint (busy, >=, 1);
}

/* Finding 4: /scan has its own limit per address (20 a minute), below the POST limit. */
static void
test_scan_rate_limited (void)
{
  LtServer *s = start_guarded ();
  long last = 0;
  int accepted = 0;
  for (int i = 0; i < 25 && last != 429; i++)
    {
      g_autoptr (LtResponse) r = lt_http (s, "POST", "/api/v1/scan", "image/png", "x", 1, NULL);
      last = r->status;
      if (last == 429)
        lt_assert_error (r, 429, "rate_limited", NULL);
      else
        accepted++;
    }
  g_assert_cmpint (last, ==, 429);
  g_assert_cmpint (accepted, >=, 10);
  g_assert_cmpint (accepted, <=, 20);
  lt_server_stop (s);
}

/* Finding 6: many copies of one check-in (the same Idempotency-Key) sent at once all get
 * the one ticket, never a 409 for the retry that lost the race to its own first copy. */
static void
test_checkin_retries_at_once (void)
{
  enum
  {
    N = 120
  };
  LtBooking b = { .name = "Trần Thị Mai",
                  .cccd = "079000081234",
                  .unit = LT_UNIT_PHO_YEN,
                  .field = "chung-thuc",
                  .date = "2025-09-26",
                  .slot = "0730-0930" };
  lt_server_set_clock (srv, LT_NOW_BOOKING);
  g_autofree char *code = lt_book_ok (srv, &b);
  lt_server_set_clock (srv, "2025-09-26T07:10:00+07:00");
  char *bodies[N];
  for (int i = 0; i < N; i++)
    bodies[i] = g_strdup_printf ("{\"input\":\"%s\"}", code);
  const char *const headers[] = { "Idempotency-Key: retry-race-1", NULL };
  g_autoptr (GPtrArray) answers =
      lt_post_json_concurrently (srv, "/api/v1/kiosk/checkin", bodies, N,
                                 lt_server_kiosk_token (srv, LT_KIOSK_PHO_YEN), headers);
  const char *ticket = NULL;
  for (guint i = 0; i < answers->len; i++)
    {
      LtResponse *r = g_ptr_array_index (answers, i);
      json_object *j = lt_assert_json (r, 200);
      if (!ticket)
        ticket = lt_str (j, "ticket.id");
      lt_assert_str (j, "ticket.id", ticket);
    }
  for (int i = 0; i < N; i++)
    g_free (bodies[i]);
  lt_server_set_clock (srv, LT_NOW_BOOKING);
}

static void
run_or_fail (const char *const *argv)
{
  int status = 0;
  g_autoptr (GError) err = NULL;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                     &status, &err) ||
      !g_spawn_check_wait_status (status, &err))
    lt_fail_at (__FILE__, __LINE__, "%s: %s", argv[0], err->message);
}

/* Writes zeros to path until the file system is full. */
static void
fill_disk (const char *path)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  static char block[64 * 1024];
  while (write (fd, block, sizeof block) > 0)
    ;
  while (write (fd, block, 512) > 0) /* the last partial block */
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  close (fd);
}

/* Finding 10: a full disk gives 503 unavailable with Retry-After (not 500), one log line
 * (not one per request), reads still work, and bookings resume by themselves once space is
 * freed. A 6 MiB tmpfs holds the database (mounting needs root: CI runs as root). */
static void
test_disk_full (void)
{
  if (geteuid () != 0)
    {
      g_test_skip ("mounting a tmpfs needs root");
      return;
    }
  g_autofree char *mnt = g_dir_make_tmp ("layso-full-XXXXXX", NULL);
  const char *mount_argv[] = { "mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mnt, NULL };
  run_or_fail (mount_argv);
  g_autofree char *db = g_strdup_printf ("sqlite:%s/layso.db", mnt);
  const char *const args[] = { "--db", db, NULL };
  LtServerOptions o = {
    .seed = true, .clock = LT_NOW_BOOKING, .expect_kiosk_tokens = LT_SEED_KIOSKS, .extra_args = args
  };
  LtServer *s = lt_server_start (&o);
  LtBooking b = booking_for ("079000091234");
  g_autofree char *first = lt_book_ok (s, &b);
  g_autofree char *filler = g_build_filename (mnt, "filler", NULL);
  fill_disk (filler);
  for (int i = 0; i < 40; i++)
    {
      g_autofree char *cccd = g_strdup_printf ("0790001%05d", i);
      b.cccd = cccd;
      g_autoptr (LtResponse) r = lt_book (s, &b);
      lt_assert_error (r, 503, "unavailable", NULL);
      g_assert_nonnull (r->retry_after);
      g_assert_cmpint (atoi (r->retry_after), >=, 1);
    }
  g_assert_cmpint (lookup_status (s, first, "079000091234"), ==, 200); /* reads go on */
  g_autofree char *log = lt_server_stderr (s);
  g_auto (GStrv) lines = g_strsplit (log, "disk is full", -1);
  g_assert_cmpuint (g_strv_length (lines) - 1, ==, 1);
  g_assert_cmpint (unlink (filler), ==, 0);
  b.cccd = "079000101234";
  g_autofree char *after = lt_book_ok (s, &b); /* recovered with no restart */
  lt_server_stop (s);
  const char *umount_argv[] = { "umount", mnt, NULL };
  run_or_fail (umount_argv);
  g_rmdir (mnt);
}

/* Everything the server sends back on fd until it closes (at most 64 KiB). */
static GString *
read_until_closed (int fd)
{
  GString *all = g_string_new (NULL);
  struct pollfd p = { .fd = fd, .events = POLLIN };
  char buf[4096];
  while (all->len < 65536 && poll (&p, 1, 5000) > 0)
    {
      gssize n = recv (fd, buf, sizeof buf, 0);
      if (n <= 0)
        break;
      g_string_append_len (all, buf, n);
    }
  return all;
}

/* A GET /api/v1/health of exactly `size` bytes (request line and headers, the blank line
 * included) in `lines` header lines: Host, then X-Pad-NN lines sharing the padding. */
static char *
request_of_size (size_t size, unsigned lines)
{
  GString *r = g_string_new ("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n");
  size_t fixed = r->len + strlen ("X-Pad-01: \r\n") * (lines - 1) + strlen ("\r\n");
  g_assert_cmpuint (fixed + lines, <, size);
  size_t pad = size - fixed;
  for (unsigned i = 1; i < lines; i++)
    {
      size_t n = pad / (lines - 1) + (i == 1 ? pad % (lines - 1) : 0);
      g_string_append_printf (r, "X-Pad-%02u: %0*d\r\n", i, (int) n, 0);
    }
  g_string_append (r, "\r\n");
  g_assert_cmpuint (r->len, ==, size);
  return g_string_free (r, FALSE);
}

/* The contract (docs/api.md): request line and headers together up to 8 KiB, less the
 * ~64 bytes per header line libmicrohttpd keeps in the same pool: 7.5 KiB in two lines and
 * 6 KiB in twenty (what a browser sends: 10-15 lines, 1-2 KiB) are answered; more than
 * 8 KiB never is (libmicrohttpd's 431). */
static void
test_header_limit (void)
{
  const struct
  {
    size_t size;
    unsigned lines;
    int status;
  } cases[] = {
    { 1024, 2, 200 },         { 7 * 1024 + 512, 2, 200 }, { 6 * 1024, 20, 200 },
    { 8 * 1024 + 1, 2, 431 }, { 8 * 1024 + 1, 20, 431 },  { 12 * 1024, 2, 431 },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *request = request_of_size (cases[i].size, cases[i].lines);
      int fd = connect_from ("127.0.3.7");
      g_assert_cmpint (request_status (fd, request), ==, cases[i].status);
      close (fd);
      lt_server_assert_healthy (srv);
    }
}

/* Finding 7: requests libmicrohttpd 0.9.75 refuses itself, before any code of ours runs.
 * Its answers are its own (HTML bodies, or a closed connection: docs/api.md lists them);
 * what we can hold it to is the status, one status line, and a server that stays up. */
static void
test_refused_by_the_library (void)
{
  GString *args = g_string_new ("GET /api/v1/health?");
  for (int i = 0; i < 600; i++)
    g_string_append_printf (args, "a%d=1&", i);
  g_string_append (args, " HTTP/1.1\r\nHost: x\r\n\r\n");
  g_autofree char *big_header = g_strdup_printf ("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"
                                                 "X-Big: %0*d\r\n\r\n",
                                                 20000, 0);
  g_autofree char *long_uri = g_strdup_printf ("GET /api/v1/health?q=%0*d HTTP/1.1\r\n"
                                               "Host: x\r\n\r\n",
                                               20000, 0);
  const struct
  {
    const char *request;
    const char *status; /* NULL: the library closes without an answer */
  } cases[] = {
    { big_header, "HTTP/1.1 431 " },
    { long_uri, "HTTP/1.1 414 " },
    { "GET /api/v1/health HTTP/2.5\r\nHost: x\r\n\r\n", "HTTP/1.1 505 " },
    { "POST /api/v1/bookings HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n{}",
      "HTTP/1.1 400 " },
    { args->str, NULL },
    { "POST /api/v1/bookings HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity"
      "\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
      NULL },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int fd = connect_from ("127.0.3.6");
      send_all (fd, cases[i].request);
      g_autoptr (GString) answer = read_until_closed (fd);
      close (fd);
      if (cases[i].status)
        g_assert_true (g_str_has_prefix (answer->str, cases[i].status));
      else
        g_assert_cmpuint (answer->len, ==, 0);
      lt_server_assert_healthy (srv);
    }
  g_string_free (args, TRUE);
}

/* Finding 9: a member given twice is refused, whichever way its name is written; a body
 * that names each member once is booked as before. */
static void
test_repeated_member (void)
{
  static const char *const bodies[] = {
    "{\"name\":\"Lê Văn Tám\",\"cccd\":\"079000111234\",\"cccd\":\"079000111235\","
    "\"unit\":\"" LT_UNIT_PHO_YEN "\",\"field\":\"chung-thuc\",\"date\":\"2025-09-26\","
    "\"slot\":\"0730-0930\",\"consent\":true}",
    "{\"name\":\"Lê Văn Tám\",\"cccd\":\"079000111234\",\"cc\\u0063d\":\"079000111235\","
    "\"unit\":\"" LT_UNIT_PHO_YEN "\",\"field\":\"chung-thuc\",\"date\":\"2025-09-26\","
    "\"slot\":\"0730-0930\",\"consent\":true}",
  };
  lt_server_set_clock (srv, LT_NOW_BOOKING);
  for (size_t i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr (LtResponse) r = lt_post_json (srv, "/api/v1/bookings", bodies[i]);
      lt_assert_error (r, 400, "invalid_input", "cccd");
    }
  LtBooking b = booking_for ("079000111234");
  g_autofree char *code = lt_book_ok (srv, &b); /* nothing was booked above */
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_test_add_func ("/layso/integration/hardening/accept-encoding-empty-items",
                   test_accept_encoding_empty_items);
  g_test_add_func ("/layso/integration/hardening/connections-per-address",
                   test_connections_per_address);
  g_test_add_func ("/layso/integration/hardening/slow-headers-cut", test_slow_headers_cut);
  g_test_add_func ("/layso/integration/hardening/body-time-allowance", test_body_time_allowance);
  g_test_add_func ("/layso/integration/hardening/code-locked-after-failures",
                   test_code_locked_after_failures);
  g_test_add_func ("/layso/integration/hardening/lock-harm-is-small", test_lock_harm_is_small);
  g_test_add_func ("/layso/integration/hardening/failures-shared-by-processes",
                   test_failures_shared_by_processes);
  g_test_add_func ("/layso/integration/hardening/scan-bounded", test_scan_bounded);
  g_test_add_func ("/layso/integration/hardening/scan-rate-limited", test_scan_rate_limited);
  g_test_add_func ("/layso/integration/hardening/checkin-retries-at-once",
                   test_checkin_retries_at_once);
  g_test_add_func ("/layso/integration/hardening/disk-full", test_disk_full);
  g_test_add_func ("/layso/integration/hardening/refused-by-the-library",
                   test_refused_by_the_library);
  g_test_add_func ("/layso/integration/hardening/header-limit", test_header_limit);
  g_test_add_func ("/layso/integration/hardening/repeated-member", test_repeated_member);
  srv = lt_server_start_default ();
  int rc = g_test_run ();
  lt_server_stop (srv);
  return rc;
}
