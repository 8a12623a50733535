/* LkPrinter against a real private cupsd (tests/kiosk/cupsd.sh): what reaches the printer
 * byte for byte, the printer's faults as reasons, stopped and missing queues, cancellation.
 * The cupsd is started here and stopped at the end; if this process dies early, the
 * harness's watchdog stops it and removes its directory. */
#define _GNU_SOURCE /* memmem */
#include "lk-printer.h"

#include <cups/cups.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static char *cups_dir; /* the private instance's directory */
static char *cups_socket;
static gboolean have_pdf_queue;

static const LaysoQueueTicket TICKET = {
  .unit_name = "Phường Phổ Yên",
  .field_name = "Hộ tịch",
  .number = "A1002",
  .issued_at = "26/09/2025 07:12",
  .waiting_before = 3,
  .qr_url = "https://layso.example.vn/phieu/t-8f3a2c",
  .code = "GCAD",
};

/* ---- the private cupsd ---- */

static char *
run_tool (const char *const *argv)
{
  char *out = NULL, *err = NULL;
  int status = 0;
  g_autoptr (GError) error = NULL;
  gboolean spawned = g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (spawned);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s%s", argv[0], out, err);
  g_free (err);
  return out;
}

static void
start_cupsd (void)
{
  const char *script = g_getenv ("LAYSO_CUPSD_SH");
  g_assert_nonnull (script);
  cups_dir = g_dir_make_tmp ("layso-cups-XXXXXX", NULL);
  g_assert_nonnull (cups_dir);
  g_autofree char *owner = g_strdup_printf ("%d", (int) getpid ());
  const char *argv[] = { script, "start", cups_dir, owner, NULL };
  g_autofree char *out = run_tool (argv);
  const char *line = strstr (out, "CUPS_SERVER=");
  g_assert_nonnull (line);
  cups_socket = g_strstrip (g_strdup (line + strlen ("CUPS_SERVER=")));
  /* libcups reads the server per thread: the environment reaches the task threads too. */
  g_setenv ("CUPS_SERVER", cups_socket, TRUE);
  cupsSetServer (cups_socket);
  g_autofree char *ppd = g_build_filename (cups_dir, "etc", "ppd", "layso-pdf.ppd", NULL);
  have_pdf_queue = g_file_test (ppd, G_FILE_TEST_EXISTS);
}

static void
stop_cupsd (void)
{
  const char *argv[] = { g_getenv ("LAYSO_CUPSD_SH"), "stop", cups_dir, NULL };
  g_free (run_tool (argv));
  g_free (cups_dir);
  g_free (cups_socket);
}

static void
cups_admin (const char *tool, const char *queue)
{
  const char *argv[] = { tool, "-h", cups_socket, queue, NULL };
  g_free (run_tool (argv));
}

static char *
out_path (const char *queue, const char *suffix)
{
  g_autofree char *name = g_strconcat (queue, suffix, NULL);
  return g_build_filename (cups_dir, "out", name, NULL);
}

static GBytes *
printed (const char *queue)
{
  g_autofree char *path = out_path (queue, "");
  char *data = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &data, &len, NULL))
    return g_bytes_new (NULL, 0);
  return g_bytes_new_take (data, len);
}

static void
set_flag (const char *queue, const char *suffix, const char *content)
{
  g_autofree char *path = out_path (queue, suffix);
  if (content)
    g_assert_true (g_file_set_contents (path, content, -1, NULL));
  else
    g_unlink (path);
}

static void
set_fault (const char *queue, const char *reason)
{
  set_flag (queue, ".fault", reason);
}

static int
active_jobs (const char *queue)
{
  cups_job_t *jobs = NULL;
  int n = cupsGetJobs2 (CUPS_HTTP_DEFAULT, &jobs, queue, 0, CUPS_WHICHJOBS_ACTIVE);
  cupsFreeJobs (n, jobs);
  return n;
}

/* Every test starts with healthy, empty queues. */
static void
reset_queues (void)
{
  const char *queues[] = { "layso-raw", have_pdf_queue ? "layso-pdf" : NULL };
  for (size_t i = 0; i < G_N_ELEMENTS (queues) && queues[i]; i++)
    {
      set_fault (queues[i], NULL);
      set_flag (queues[i], ".hang", NULL);
      g_autofree char *path = out_path (queues[i], "");
      g_unlink (path);
      cupsCancelJob2 (CUPS_HTTP_DEFAULT, queues[i], CUPS_JOBID_ALL, 0);
      cups_admin ("cupsenable", queues[i]);
      cups_admin ("cupsaccept", queues[i]);
    }
}

/* ---- running the async calls to completion ---- */

static void
on_done (GObject *source, GAsyncResult *result, gpointer user)
{
  *(GAsyncResult **) user = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (!*slot)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static gboolean
check (LkPrinter *printer, GCancellable *cancellable, char **reason, GError **error)
{
  GAsyncResult *result = NULL;
  lk_printer_check_async (printer, cancellable, on_done, &result);
  gboolean ok = lk_printer_check_finish (printer, wait_result (&result), reason, error);
  g_object_unref (result);
  return ok;
}

static gboolean
print (LkPrinter *printer, const LaysoQueueTicket *ticket, GCancellable *cancellable, char **reason,
       GError **error)
{
  GAsyncResult *result = NULL;
  lk_printer_print_async (printer, ticket, cancellable, on_done, &result);
  gboolean ok = lk_printer_print_finish (printer, wait_result (&result), reason, error);
  g_object_unref (result);
  return ok;
}

static void
assert_ready (LkPrinter *printer)
{
  char *reason = NULL;
  g_autoptr (GError) error = NULL;
  g_assert_true (check (printer, NULL, &reason, &error));
  g_assert_no_error (error);
  g_assert_null (reason);
}

static void
assert_check_fails (LkPrinter *printer, const char *expected)
{
  g_autofree char *reason = NULL;
  g_autoptr (GError) error = NULL;
  g_assert_false (check (printer, NULL, &reason, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (reason, ==, expected);
}

static void
assert_print_fails (LkPrinter *printer, const char *expected)
{
  g_autofree char *reason = NULL;
  g_autoptr (GError) error = NULL;
  g_assert_false (print (printer, &TICKET, NULL, &reason, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (reason, ==, expected);
}

static void
assert_prints (LkPrinter *printer)
{
  char *reason = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ok = print (printer, &TICKET, NULL, &reason, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reason, ==, NULL);
  g_assert_true (ok);
}

/* ---- tests ---- */

static GBytes *
expected_escpos (int dots)
{
  cairo_surface_t *surface = layso_render_queue_surface (&TICKET, dots);
  GBytes *bytes = layso_escpos_from_surface (surface);
  cairo_surface_destroy (surface);
  return bytes;
}

static void
check_escpos (int paper_mm, int dots)
{
  reset_queues ();
  g_autoptr (LkPrinter) printer = lk_printer_new ("layso-raw", LK_PRINTER_MODE_ESCPOS, paper_mm);
  assert_ready (printer);
  assert_prints (printer);

  g_autoptr (GBytes) out = printed ("layso-raw");
  gsize len;
  const guint8 *data = g_bytes_get_data (out, &len);
  g_assert_cmpuint (len, >, 100);
  g_assert_cmpmem (data, 2, "\x1b@", 2);
  const guint8 raster[] = { 0x1d, 'v', '0', 0, (guint8) (dots / 8), 0 };
  g_assert_nonnull (memmem (data, len, raster, sizeof raster));
  g_assert_cmpmem (data + len - 4, 4, "\x1dV\x42\x00", 4);
  /* A raw queue passes the bytes through untouched: exactly what the renderer made. */
  g_autoptr (GBytes) expected = expected_escpos (dots);
  g_assert_true (g_bytes_equal (out, expected));
  g_assert_cmpint (active_jobs ("layso-raw"), ==, 0);
}

static void
test_print_escpos_80mm (void)
{
  check_escpos (80, 576);
}
static void
test_print_escpos_58mm (void)
{
  check_escpos (58, 384);
}

static char *
pdf_text (const guint8 *pdf, gsize len)
{
  g_autofree char *path = g_build_filename (cups_dir, "printed.pdf", NULL);
  g_assert_true (g_file_set_contents (path, (const char *) pdf, (gssize) len, NULL));
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  char *text = run_tool (argv);
  g_unlink (path);
  return text;
}

/* "Page size:  226.77 x 425.2 pts" of the PDF pdfinfo reads: width and height in points. */
static void
pdf_page_size (const guint8 *pdf, gsize len, double *width, double *height)
{
  g_autofree char *path = g_build_filename (cups_dir, "size.pdf", NULL);
  g_assert_true (g_file_set_contents (path, (const char *) pdf, (gssize) len, NULL));
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = run_tool (argv);
  g_unlink (path);
  const char *line = strstr (info, "Page size:");
  g_assert_nonnull (line);
  g_assert_cmpint (sscanf (line, "Page size: %lf x %lf pts", width, height), ==, 2);
}

/* The PDF as the printer got it, past any PJL the driver wrapped around it. */
static const guint8 *
printed_pdf (GBytes *out, gsize *pdf_len)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (out, &len);
  const guint8 *pdf = memmem (data, len, "%PDF-", 5);
  g_assert_nonnull (pdf);
  *pdf_len = len - (gsize) (pdf - data);
  return pdf;
}

/* The printed page is the ticket's paper, paper_mm × the ticket's length: the job asks for it
 * (media-col, PageSize) and the driver queue's pdftopdf applies it. Without that the queue's
 * default page (80 × 200 mm here, Letter on the Generic PDF printer) comes out. */
static void
check_pdf_paper (int paper_mm)
{
  if (!have_pdf_queue)
    {
      g_test_skip ("no pdftopdf (cups-filters): no PDF driver queue");
      return;
    }
  reset_queues ();
  g_autoptr (LkPrinter) printer = lk_printer_new ("layso-pdf", LK_PRINTER_MODE_PDF, paper_mm);
  assert_prints (printer);

  double length_mm = layso_queue_pdf_length_mm (&TICKET, paper_mm);
  g_assert_cmpfloat (length_mm, >, 60);
  g_assert_cmpfloat (length_mm, <, 200);
  const double pt_per_mm = 72 / 25.4;
  /* the ticket's own PDF is that size */
  g_autoptr (GBytes) rendered = layso_render_queue_pdf (&TICKET, paper_mm);
  double width, height;
  pdf_page_size (g_bytes_get_data (rendered, NULL), g_bytes_get_size (rendered), &width, &height);
  g_assert_cmpfloat_with_epsilon (width, paper_mm * pt_per_mm, 0.5);
  g_assert_cmpfloat_with_epsilon (height, length_mm * pt_per_mm, 0.5);

  g_autoptr (GBytes) out = printed ("layso-pdf");
  gsize pdf_len;
  const guint8 *pdf = printed_pdf (out, &pdf_len);
  pdf_page_size (pdf, pdf_len, &width, &height);
  g_test_message ("%d mm: printed page %.2f x %.2f pt, ticket %.2f x %.2f pt", paper_mm, width,
                  height, paper_mm * pt_per_mm, length_mm * pt_per_mm);
  g_assert_cmpfloat_with_epsilon (width, paper_mm * pt_per_mm, 1.0);
  g_assert_cmpfloat_with_epsilon (height, length_mm * pt_per_mm, 1.0);
}

static void
test_print_pdf_paper_80mm (void)
{
  check_pdf_paper (80);
}
static void
test_print_pdf_paper_58mm (void)
{
  check_pdf_paper (58);
}

static void
test_print_pdf (void)
{
  reset_queues ();
  /* Through the PDF driver queue when cups-filters has pdftopdf; else raw, bytes as sent. */
  const char *queue = have_pdf_queue ? "layso-pdf" : "layso-raw";
  if (!have_pdf_queue)
    g_test_message ("no pdftopdf: checking the PDF on the raw queue");
  g_autoptr (LkPrinter) printer = lk_printer_new (queue, LK_PRINTER_MODE_PDF, 80);
  assert_prints (printer);

  g_autoptr (GBytes) out = printed (queue);
  gsize len;
  const guint8 *data = g_bytes_get_data (out, &len);
  /* The driver may wrap the PDF in PJL; the PDF itself is inside. */
  const guint8 *pdf = memmem (data, len, "%PDF-", 5);
  g_assert_nonnull (pdf);
  g_autofree char *text = pdf_text (pdf, len - (gsize) (pdf - data));
  g_assert_nonnull (strstr (text, "SỐ PHIẾU"));
  g_assert_nonnull (strstr (text, "A1002"));
  g_assert_nonnull (strstr (text, "Hộ tịch"));
}

/* Out of paper mid-job: the print fails with the printer's reason, the job is cancelled (no
 * surprise ticket later), the printer stays faulted until serviced, then prints again. */
static void
test_fault_media_empty (void)
{
  reset_queues ();
  g_autoptr (LkPrinter) printer = lk_printer_new ("layso-raw", LK_PRINTER_MODE_ESCPOS, 80);
  assert_ready (printer);
  set_fault ("layso-raw", "media-empty-error");
  assert_print_fails (printer, "media-empty-error");
  g_autoptr (GBytes) nothing = printed ("layso-raw");
  g_assert_cmpuint (g_bytes_get_size (nothing), ==, 0);
  g_assert_cmpint (active_jobs ("layso-raw"), ==, 0);
  assert_check_fails (printer, "media-empty-error");
  /* A second attempt fails at once, before submitting anything. */
  assert_print_fails (printer, "media-empty-error");
  g_assert_cmpint (active_jobs ("layso-raw"), ==, 0);

  /* Paper back in, queue resumed: ready again, and the next ticket prints. */
  set_fault ("layso-raw", NULL);
  cups_admin ("cupsenable", "layso-raw");
  assert_ready (printer);
  assert_prints (printer);
  g_autoptr (GBytes) out = printed ("layso-raw");
  g_autoptr (GBytes) expected = expected_escpos (576);
  g_assert_true (g_bytes_equal (out, expected));
}

static void
test_fault_media_jam (void)
{
  reset_queues ();
  g_autoptr (LkPrinter) printer = lk_printer_new ("layso-raw", LK_PRINTER_MODE_ESCPOS, 80);
  set_fault ("layso-raw", "media-jam-error");
  assert_print_fails (printer, "media-jam-error");
  assert_check_fails (printer, "media-jam-error");
  set_fault ("layso-raw", NULL);
  cups_admin ("cupsenable", "layso-raw");
  /* The next job's backend clears the jam reason, as a real printer reports its state. */
  assert_prints (printer);
  cups_admin ("cupsdisable", "layso-raw");
  assert_check_fails (printer, "stopped");
}

/* A printer that takes the job and never finishes: the kiosk gives up after the timeout and
 * cancels the job. */
static void
test_timeout (void)
{
  reset_queues ();
  g_autoptr (LkPrinter) printer = lk_printer_new ("layso-raw", LK_PRINTER_MODE_ESCPOS, 80);
  lk_printer_set_job_timeout (printer, 1500);
  set_flag ("layso-raw", ".hang", "");
  assert_print_fails (printer, "timed-out");
  g_assert_cmpint (active_jobs ("layso-raw"), ==, 0);
  set_flag ("layso-raw", ".hang", NULL);
  assert_ready (printer);
  assert_prints (printer);
}

static gboolean
cancel_later (gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
  return G_SOURCE_REMOVE;
}

/* The kiosk gives up (the citizen left, the screen changed) while the printer is busy: the
 * call ends as cancelled and the job is cancelled with it. */
static void
test_cancel_while_printing (void)
{
  reset_queues ();
  g_autoptr (LkPrinter) printer = lk_printer_new ("layso-raw", LK_PRINTER_MODE_ESCPOS, 80);
  set_flag ("layso-raw", ".hang", "");
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_timeout_add (700, cancel_later, cancellable);
  char *reason = NULL;
  g_autoptr (GError) error = NULL;
  g_assert_false (print (printer, &TICKET, cancellable, &reason, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (reason);
  g_assert_cmpint (active_jobs ("layso-raw"), ==, 0);
  set_flag ("layso-raw", ".hang", NULL);
}

static void
test_disabled_is_stopped (void)
{
  reset_queues ();
  g_autoptr (LkPrinter) printer = lk_printer_new ("layso-raw", LK_PRINTER_MODE_ESCPOS, 80);
  cups_admin ("cupsdisable", "layso-raw");
  assert_check_fails (printer, "stopped");
  assert_print_fails (printer, "stopped");
  g_assert_cmpint (active_jobs ("layso-raw"), ==, 0);
  g_autoptr (GBytes) out = printed ("layso-raw");
  g_assert_cmpuint (g_bytes_get_size (out), ==, 0);
  cups_admin ("cupsenable", "layso-raw");
  assert_ready (printer);
}

static void
test_rejecting (void)
{
  reset_queues ();
  g_autoptr (LkPrinter) printer = lk_printer_new ("layso-raw", LK_PRINTER_MODE_ESCPOS, 80);
  cups_admin ("cupsreject", "layso-raw");
  assert_check_fails (printer, "not-accepting-jobs");
  assert_print_fails (printer, "not-accepting-jobs");
  cups_admin ("cupsaccept", "layso-raw");
  assert_ready (printer);
}

static void
test_not_found (void)
{
  reset_queues ();
  const char *names[] = { "layso-nope", "", "layso-raw/../x", NULL };
  for (size_t i = 0; names[i]; i++)
    {
      g_autoptr (LkPrinter) printer = lk_printer_new (names[i], LK_PRINTER_MODE_ESCPOS, 80);
      assert_check_fails (printer, "not-found");
      assert_print_fails (printer, "not-found");
    }
}

static void
test_cups_unavailable (void)
{
  g_autofree char *nowhere = g_build_filename (cups_dir, "no-such.sock", NULL);
  cupsSetServer (nowhere);
  g_autoptr (LkPrinter) printer = lk_printer_new ("layso-raw", LK_PRINTER_MODE_ESCPOS, 80);
  cupsSetServer (cups_socket);
  assert_check_fails (printer, "cups-unavailable");
  assert_print_fails (printer, "cups-unavailable");
}

/* ---- a cupsd that hangs: accepts every connection, reads nothing, answers nothing ---- */

typedef struct
{
  char *path;
  int listen_fd;
  GThread *thread;
  GArray *clients; /* accepted fds, held open until the end */
  GMutex lock;
} HungCups;

static gpointer
hung_cups_accept (gpointer data)
{
  HungCups *h = data;
  for (;;)
    {
      int fd = accept (h->listen_fd, NULL, NULL);
      if (fd < 0)
        return NULL; /* shutdown() by hung_cups_stop */
      g_mutex_lock (&h->lock);
      g_array_append_val (h->clients, fd);
      g_mutex_unlock (&h->lock);
    }
}

static HungCups *
hung_cups_start (void)
{
  HungCups *h = g_new0 (HungCups, 1);
  h->path = g_build_filename (cups_dir, "hung.sock", NULL);
  h->clients = g_array_new (FALSE, FALSE, sizeof (int));
  g_mutex_init (&h->lock);
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  g_assert_cmpuint (strlen (h->path), <, sizeof addr.sun_path);
  strcpy (addr.sun_path, h->path);
  h->listen_fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (h->listen_fd, >=, 0);
  g_assert_cmpint (bind (h->listen_fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (h->listen_fd, 16), ==, 0);
  h->thread = g_thread_new ("hung-cups", hung_cups_accept, h);
  return h;
}

static guint
hung_cups_clients (HungCups *h)
{
  g_mutex_lock (&h->lock);
  guint n = h->clients->len;
  g_mutex_unlock (&h->lock);
  return n;
}

static void
hung_cups_stop (HungCups *h)
{
  shutdown (h->listen_fd, SHUT_RDWR);
  g_thread_join (h->thread);
  close (h->listen_fd);
  for (guint i = 0; i < h->clients->len; i++)
    close (g_array_index (h->clients, int, i));
  g_array_unref (h->clients);
  g_mutex_clear (&h->lock);
  g_unlink (h->path);
  g_free (h->path);
  g_free (h);
}

/* Runs the call to completion, but fails the test instead of hanging with it. */
static GAsyncResult *
wait_result_within (GAsyncResult **slot, guint limit_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) limit_ms * G_TIME_SPAN_MILLISECOND;
  while (!*slot)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the printer call still runs after %u ms against a hung cupsd", limit_ms);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
  return *slot;
}

/* One connection and one request, each bounded, plus libcups' second of slack and ours. */
#define HUNG_CHECK_LIMIT_MS (LK_PRINTER_CONNECT_TIMEOUT_MS + LK_PRINTER_REQUEST_TIMEOUT_MS + 2000)

/* A cupsd that takes the connection and never answers: the check and the print end, within
 * the bound, as "cups-unavailable" (without request timeouts libcups waits forever). */
static void
test_cups_hung (void)
{
  HungCups *hung = hung_cups_start ();
  cupsSetServer (hung->path);
  g_autoptr (LkPrinter) printer = lk_printer_new ("layso-raw", LK_PRINTER_MODE_ESCPOS, 80);
  cupsSetServer (cups_socket);

  GAsyncResult *result = NULL;
  g_autofree char *reason = NULL;
  g_autoptr (GError) error = NULL;
  lk_printer_check_async (printer, NULL, on_done, &result);
  g_assert_false (lk_printer_check_finish (
      printer, wait_result_within (&result, HUNG_CHECK_LIMIT_MS), &reason, &error));
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpstr (reason, ==, "cups-unavailable");
  g_assert_cmpuint (hung_cups_clients (hung), >=, 1); /* it was answered by silence, not refused */

  g_clear_pointer (&reason, g_free);
  lk_printer_print_async (printer, &TICKET, NULL, on_done, &result);
  g_assert_false (lk_printer_print_finish (
      printer, wait_result_within (&result, HUNG_CHECK_LIMIT_MS), &reason, &error));
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpstr (reason, ==, "cups-unavailable");
  hung_cups_stop (hung);
}

static void
test_cancelled (void)
{
  reset_queues ();
  g_autoptr (LkPrinter) printer = lk_printer_new ("layso-raw", LK_PRINTER_MODE_ESCPOS, 80);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_cancellable_cancel (cancellable);
  char *reason = NULL;
  g_autoptr (GError) error = NULL;
  g_assert_false (check (printer, cancellable, &reason, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (reason);
  g_clear_error (&error);
  g_assert_false (print (printer, &TICKET, cancellable, &reason, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (reason);
  g_autoptr (GBytes) out = printed ("layso-raw");
  g_assert_cmpuint (g_bytes_get_size (out), ==, 0);
}

static void
test_fault_from_state (void)
{
  enum
  {
    IDLE = 3,
    PROCESSING = 4,
    STOPPED = 5
  };
  const struct
  {
    int state;
    const char *reasons; /* space-separated */
    gboolean accepting;
    const char *fault;
  } table[] = {
    { IDLE, "none", TRUE, NULL },
    { IDLE, "", TRUE, NULL },
    { PROCESSING, "none", TRUE, NULL },
    { PROCESSING, "media-low-warning", TRUE, NULL },
    { PROCESSING, "cups-waiting-for-job-completed", TRUE, NULL },
    { PROCESSING, "media-empty-error", TRUE, "media-empty-error" },
    { PROCESSING, "media-empty", TRUE, "media-empty-error" },
    { PROCESSING, "offline-report", TRUE, "offline-report" },
    { PROCESSING, "offline-report media-jam-error", TRUE, "media-jam-error" },
    /* Left from an earlier job on an idle, enabled queue: it may print (and clear them). */
    { IDLE, "media-empty-error", TRUE, NULL },
    { IDLE, "offline-report", TRUE, NULL },
    { STOPPED, "paused", TRUE, "stopped" },
    { STOPPED, "none", TRUE, "stopped" },
    { STOPPED, "", TRUE, "stopped" },
    { STOPPED, "media-empty-error paused", TRUE, "media-empty-error" },
    { STOPPED, "paused media-jam-error", TRUE, "media-jam-error" },
    { STOPPED, "cover-open", TRUE, "cover-open-error" },
    { STOPPED, "door-open-error", TRUE, "door-open-error" },
    { STOPPED, "toner-low-warning paused", TRUE, "stopped" },
    { STOPPED, "offline-report paused", TRUE, "offline-report" },
    { STOPPED, "offline", TRUE, "offline-report" },
    { STOPPED, "marker-supply-empty", TRUE, "marker-supply-empty-error" },
    { STOPPED, "media-empty-report", TRUE, "stopped" },
    { IDLE, "none", FALSE, "not-accepting-jobs" },
    { PROCESSING, "none", FALSE, "not-accepting-jobs" },
    { STOPPED, "paused", FALSE, "stopped" },
    { PROCESSING, "media-jam-error", FALSE, "media-jam-error" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_auto (GStrv) reasons = g_strsplit (table[i].reasons, " ", -1);
      g_autofree char *fault = lk_printer_fault_from_state (
          table[i].state, (const char *const *) reasons, table[i].accepting);
      if (g_strcmp0 (fault, table[i].fault) != 0)
        g_error ("state %d, reasons \"%s\", accepting %d: fault %s, expected %s", table[i].state,
                 table[i].reasons, table[i].accepting, fault, table[i].fault);
    }
  g_autofree char *none = lk_printer_fault_from_state (IDLE, NULL, TRUE);
  g_assert_null (none);
}

static void
test_reason_messages (void)
{
  const struct
  {
    const char *reason, *message;
  } table[] = {
    { "media-empty-error", "Máy in hết giấy" },
    { "media-needed-error", "Máy in hết giấy" },
    { "media-jam-error", "Máy in bị kẹt giấy" },
    { "cover-open-error", "Nắp máy in đang mở" },
    { "offline-report", "Máy in mất kết nối" },
    { "stopped", "Máy in đang tạm dừng" },
    { "not-found", "Không tìm thấy máy in" },
    { "not-accepting-jobs", "Máy in không nhận lệnh in" },
    { "cups-unavailable", "Không kết nối được dịch vụ in" },
    { "timed-out", "Máy in không phản hồi" },
    { "something-new-error", "Máy in gặp sự cố" },
    { "", "Máy in gặp sự cố" },
    { NULL, "Máy in gặp sự cố" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (table); i++)
    g_assert_cmpstr (lk_printer_reason_message (table[i].reason), ==, table[i].message);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/kiosk/printer/fault-from-state", test_fault_from_state);
  g_test_add_func ("/layso/kiosk/printer/reason-messages", test_reason_messages);
  g_test_add_func ("/layso/kiosk/printer/print-escpos-80mm", test_print_escpos_80mm);
  g_test_add_func ("/layso/kiosk/printer/print-escpos-58mm", test_print_escpos_58mm);
  g_test_add_func ("/layso/kiosk/printer/print-pdf", test_print_pdf);
  g_test_add_func ("/layso/kiosk/printer/print-pdf-paper-80mm", test_print_pdf_paper_80mm);
  g_test_add_func ("/layso/kiosk/printer/print-pdf-paper-58mm", test_print_pdf_paper_58mm);
  g_test_add_func ("/layso/kiosk/printer/fault-media-empty", test_fault_media_empty);
  g_test_add_func ("/layso/kiosk/printer/fault-media-jam", test_fault_media_jam);
  g_test_add_func ("/layso/kiosk/printer/timeout", test_timeout);
  g_test_add_func ("/layso/kiosk/printer/cancel-while-printing", test_cancel_while_printing);
  g_test_add_func ("/layso/kiosk/printer/disabled-is-stopped", test_disabled_is_stopped);
  g_test_add_func ("/layso/kiosk/printer/rejecting", test_rejecting);
  g_test_add_func ("/layso/kiosk/printer/not-found", test_not_found);
  g_test_add_func ("/layso/kiosk/printer/cups-unavailable", test_cups_unavailable);
  g_test_add_func ("/layso/kiosk/printer/cups-hung", test_cups_hung);
  g_test_add_func ("/layso/kiosk/printer/cancelled", test_cancelled);
  start_cupsd ();
  int status = g_test_run ();
  stop_cupsd ();
  return status;
}
