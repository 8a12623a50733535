/* LkPrinter: CUPS over IPP, one short-lived connection per operation, all on GTask threads,
 * every request with a bounded wait (a hung cupsd is "cups-unavailable", not a hung kiosk).
 * A faulted printer is an answer (FALSE + reason), not an error: the kiosk shows it and
 * reports it to the server; only cancellation is a GError. */
#include "lk-printer.h"

#include "lk-ticket-printer.h"

#include <cups/cups.h>
#include <string.h>

#define POLL_INTERVAL_MS 100

struct _LkPrinter
{
  GObject parent_instance;

  char *queue;
  LkPrinterMode mode;
  int paper_mm;
  /* libcups keeps the server per thread: captured here, used on the task threads. */
  char *server;
  int port;
  http_encryption_t encryption;
  guint job_timeout_ms;
};

static void lk_printer_ticket_printer_init (LkTicketPrinterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LkPrinter, lk_printer, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LK_TYPE_TICKET_PRINTER,
                                                      lk_printer_ticket_printer_init))

/* What a task answers: ok, or a reason. */
typedef struct
{
  gboolean ok;
  char *reason;
} Outcome;

static void
outcome_free (gpointer p)
{
  Outcome *o = p;
  g_free (o->reason);
  g_free (o);
}

static Outcome *
outcome_new (const char *reason)
{
  Outcome *o = g_new0 (Outcome, 1);
  o->ok = reason == NULL;
  o->reason = g_strdup (reason);
  return o;
}

/* ---- printer state → reason ---- */

/* Reasons some printers send without the "-error" suffix, which IPP then implies. */
static const char *const fatal_without_suffix[] = {
  "media-empty",      "media-needed",       "media-jam",           "door-open",   "cover-open",
  "output-area-full", "input-tray-missing", "marker-supply-empty", "toner-empty",
};

static char *
error_reason (const char *const *reasons)
{
  for (size_t i = 0; reasons && reasons[i]; i++)
    {
      const char *r = reasons[i];
      if (g_str_has_suffix (r, "-error"))
        return g_strdup (r);
      for (size_t k = 0; k < G_N_ELEMENTS (fatal_without_suffix); k++)
        if (strcmp (r, fatal_without_suffix[k]) == 0)
          return g_strconcat (r, "-error", NULL);
    }
  for (size_t i = 0; reasons && reasons[i]; i++)
    if (strcmp (reasons[i], "offline-report") == 0 || strcmp (reasons[i], "offline") == 0)
      return g_strdup ("offline-report");
  return NULL;
}

/* Rules:
 * - stopped: its first "*-error" reason (a known fatal one sent without suffix gets it), else
 *   "offline-report", else "stopped" (cupsdisable, or a backend that gave up).
 * - processing: the same reasons, reported live by the backend while it retries a job
 *   (paper out mid-job); without them it is busy, which is fine.
 * - idle: ready. Reasons left from an earlier job stay listed after cupsenable until the
 *   next job's backend clears them; refusing to print on them would never clear them.
 * - then, in any state, not accepting jobs (cupsreject) → "not-accepting-jobs".
 * "-warning" and "-report" reasons (other than offline) never make a fault. */
char *
lk_printer_fault_from_state (int state, const char *const *reasons, gboolean accepting)
{
  if (state == IPP_PSTATE_STOPPED)
    {
      char *reason = error_reason (reasons);
      return reason ? reason : g_strdup ("stopped");
    }
  if (state == IPP_PSTATE_PROCESSING)
    {
      char *reason = error_reason (reasons);
      if (reason)
        return reason;
    }
  return accepting ? NULL : g_strdup ("not-accepting-jobs");
}

/* Without httpSetTimeout libcups waits for cupsd's answer forever; with it and no callback,
 * a request fails once cupsd has been silent for the timeout. */
static http_t *
connect_cups (LkPrinter *self)
{
  http_t *http = httpConnect2 (self->server, self->port, NULL, AF_UNSPEC, self->encryption, 1,
                               LK_PRINTER_CONNECT_TIMEOUT_MS, NULL);
  if (http)
    httpSetTimeout (http, LK_PRINTER_REQUEST_TIMEOUT_MS / 1000.0, NULL, NULL);
  return http;
}

static ipp_t *
new_request (ipp_op_t op, const char *uri_attr, const char *uri)
{
  ipp_t *request = ippNewRequest (op);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_URI, uri_attr, NULL, uri);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL,
                cupsUser ());
  return request;
}

/* The printer's fault, NULL when ready; *ret_state its printer-state. */
static char *
query_printer (LkPrinter *self, http_t *http, int *ret_state)
{
  *ret_state = 0;
  /* A queue name is one path segment; anything else cannot name a CUPS queue. */
  if (!*self->queue || strchr (self->queue, '/') || strlen (self->queue) > 127)
    return g_strdup ("not-found");
  char uri[HTTP_MAX_URI];
  httpAssembleURIf (HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", NULL, "localhost", 0,
                    "/printers/%s", self->queue);
  ipp_t *request = new_request (IPP_OP_GET_PRINTER_ATTRIBUTES, "printer-uri", uri);
  static const char *const wanted[] = { "printer-state", "printer-state-reasons",
                                        "printer-is-accepting-jobs" };
  ippAddStrings (request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                 G_N_ELEMENTS (wanted), NULL, wanted);
  ipp_t *response = cupsDoRequest (http, request, "/");
  ipp_status_t status = response ? ippGetStatusCode (response) : cupsLastError ();
  char *reason;
  if (status == IPP_STATUS_ERROR_NOT_FOUND)
    reason = g_strdup ("not-found");
  else if (!response || status > IPP_STATUS_OK_EVENTS_COMPLETE)
    reason = g_strdup ("cups-unavailable");
  else
    {
      ipp_attribute_t *state = ippFindAttribute (response, "printer-state", IPP_TAG_ENUM);
      ipp_attribute_t *accepting =
          ippFindAttribute (response, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN);
      ipp_attribute_t *reasons =
          ippFindAttribute (response, "printer-state-reasons", IPP_TAG_KEYWORD);
      int n = reasons ? ippGetCount (reasons) : 0;
      g_autofree const char **keywords = g_new0 (const char *, (size_t) n + 1);
      for (int i = 0, k = 0; i < n; i++)
        if ((keywords[k] = ippGetString (reasons, i, NULL)))
          k++;
      *ret_state = state ? ippGetInteger (state, 0) : IPP_PSTATE_IDLE;
      reason = lk_printer_fault_from_state (*ret_state, keywords,
                                            accepting ? ippGetBoolean (accepting, 0) : TRUE);
    }
  ippDelete (response);
  return reason;
}

/* ---- check ---- */

static void
check_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancel)
{
  LkPrinter *self = source;
  if (g_task_return_error_if_cancelled (task))
    return;
  http_t *http = connect_cups (self);
  int state;
  char *reason = http ? query_printer (self, http, &state) : g_strdup ("cups-unavailable");
  httpClose (http);
  if (g_task_return_error_if_cancelled (task))
    {
      g_free (reason);
      return;
    }
  Outcome *o = outcome_new (reason);
  g_free (reason);
  g_task_return_pointer (task, o, outcome_free);
}

void
lk_printer_check_async (LkPrinter *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_return_if_fail (LK_IS_PRINTER (self));
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lk_printer_check_async);
  g_task_run_in_thread (task, check_thread);
  g_object_unref (task);
}

static gboolean
finish_outcome (LkPrinter *self, GAsyncResult *result, gpointer tag, char **ret_reason,
                GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tag, FALSE);
  Outcome *o = g_task_propagate_pointer (G_TASK (result), error);
  if (!o)
    return FALSE;
  gboolean ok = o->ok;
  if (!ok && ret_reason)
    *ret_reason = g_steal_pointer (&o->reason);
  outcome_free (o);
  return ok;
}

gboolean
lk_printer_check_finish (LkPrinter *self, GAsyncResult *result, char **ret_reason, GError **error)
{
  return finish_outcome (self, result, lk_printer_check_async, ret_reason, error);
}

/* ---- print ---- */

typedef struct
{
  LaysoQueueTicket ticket; /* strings owned below */
  char *unit_name, *field_name, *number, *issued_at, *qr_url, *code;
} TicketCopy;

static void
ticket_copy_free (gpointer p)
{
  TicketCopy *c = p;
  g_free (c->unit_name);
  g_free (c->field_name);
  g_free (c->number);
  g_free (c->issued_at);
  g_free (c->qr_url);
  g_free (c->code);
  g_free (c);
}

static TicketCopy *
ticket_copy_new (const LaysoQueueTicket *t)
{
  TicketCopy *c = g_new0 (TicketCopy, 1);
  c->ticket.unit_name = c->unit_name = g_strdup (t->unit_name);
  c->ticket.field_name = c->field_name = g_strdup (t->field_name);
  c->ticket.number = c->number = g_strdup (t->number);
  c->ticket.issued_at = c->issued_at = g_strdup (t->issued_at);
  c->ticket.qr_url = c->qr_url = g_strdup (t->qr_url);
  c->ticket.code = c->code = g_strdup (t->code);
  c->ticket.waiting_before = t->waiting_before;
  return c;
}

static GBytes *
render (LkPrinter *self, const LaysoQueueTicket *ticket)
{
  if (self->mode == LK_PRINTER_MODE_PDF)
    return layso_render_queue_pdf (ticket, self->paper_mm);
  int dots = self->paper_mm == 58 ? LAYSO_THERMAL_DOTS_58MM : LAYSO_THERMAL_DOTS_80MM;
  cairo_surface_t *surface = layso_render_queue_surface (ticket, dots);
  GBytes *escpos = layso_escpos_from_surface (surface);
  if (surface)
    cairo_surface_destroy (surface);
  return escpos;
}

/* The paper a PDF ticket needs: paper_mm wide by the ticket's own length. Without it a driver
 * queue prints on its default page (an 80 mm ticket in the middle of a Letter sheet). Sent
 * twice over: IPP media-col (hundredths of a mm), which any IPP printer understands, and the
 * PPD option PageSize=Custom.WxHmm, which a CUPS driver queue with custom sizes applies to
 * the 1/100 mm (from media-col alone cupsd rounds to whole points). ESC/POS needs none: the
 * raster is the paper's width and the printer cuts after it. */
static int
job_options (LkPrinter *self, const LaysoQueueTicket *ticket, cups_option_t **options)
{
  *options = NULL;
  if (self->mode != LK_PRINTER_MODE_PDF)
    return 0;
  double length_mm = layso_queue_pdf_length_mm (ticket, self->paper_mm);
  if (length_mm <= 0)
    return 0;
  int length = (int) (length_mm * 100 + 0.5); /* hundredths of a mm */
  char value[128];
  int n = 0;
  g_snprintf (value, sizeof value, "{media-size={x-dimension=%d y-dimension=%d}}",
              self->paper_mm * 100, length);
  n = cupsAddOption ("media-col", value, n, options);
  g_snprintf (value, sizeof value, "Custom.%dx%d.%02dmm", self->paper_mm, length / 100,
              length % 100);
  return cupsAddOption ("PageSize", value, n, options);
}

/* Submits the document: the job id, or 0 with *ret_reason. */
static int
submit (LkPrinter *self, http_t *http, const LaysoQueueTicket *ticket, GBytes *document,
        char **ret_reason)
{
  const char *format = self->mode == LK_PRINTER_MODE_PDF ? "application/pdf" : CUPS_FORMAT_RAW;
  cups_option_t *options;
  int num_options = job_options (self, ticket, &options);
  int job = cupsCreateJob (http, self->queue, "layso ticket", num_options, options);
  cupsFreeOptions (num_options, options);
  if (job <= 0)
    {
      *ret_reason =
          g_strdup (cupsLastError () == IPP_STATUS_ERROR_NOT_FOUND ? "not-found" : "job-rejected");
      return 0;
    }
  gsize len;
  const char *data = g_bytes_get_data (document, &len);
  if (cupsStartDocument (http, self->queue, job, "ticket", format, 1) != HTTP_STATUS_CONTINUE ||
      cupsWriteRequestData (http, data, len) != HTTP_STATUS_CONTINUE ||
      cupsFinishDocument (http, self->queue) > IPP_STATUS_OK_EVENTS_COMPLETE)
    {
      cupsCancelJob2 (http, self->queue, job, 0);
      *ret_reason = g_strdup ("job-rejected");
      return 0;
    }
  return job;
}

/* The job's state, or 0 when it cannot be read. */
static int
query_job_state (http_t *http, int job)
{
  char uri[HTTP_MAX_URI];
  httpAssembleURIf (HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", NULL, "localhost", 0, "/jobs/%d",
                    job);
  ipp_t *request = new_request (IPP_OP_GET_JOB_ATTRIBUTES, "job-uri", uri);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", NULL,
                "job-state");
  ipp_t *response = cupsDoRequest (http, request, "/");
  ipp_attribute_t *state = response ? ippFindAttribute (response, "job-state", IPP_TAG_ENUM) : NULL;
  int value = state ? ippGetInteger (state, 0) : 0;
  ippDelete (response);
  return value;
}

/* Polls until the job completes (NULL) or fails (its reason; "cancelled" when the
 * cancellable was). */
static char *
wait_for_job (LkPrinter *self, http_t *http, int job, GCancellable *cancellable)
{
  gint64 deadline =
      g_get_monotonic_time () + (gint64) self->job_timeout_ms * G_TIME_SPAN_MILLISECOND;
  for (;;)
    {
      int state = query_job_state (http, job);
      if (state == IPP_JSTATE_COMPLETED)
        return NULL;
      int printer_state;
      g_autofree char *printer_reason = query_printer (self, http, &printer_state);
      /* A stopped printer holds the job: its reason is why the citizen gets no ticket. While
     * it is processing, reasons may be left from an earlier job until our backend clears
     * them, so they count only once the wait is over. */
      if (printer_reason && printer_state == IPP_PSTATE_STOPPED)
        return g_steal_pointer (&printer_reason);
      if (state == IPP_JSTATE_ABORTED || state == IPP_JSTATE_STOPPED)
        return g_strdup ("job-aborted");
      if (state == IPP_JSTATE_CANCELED)
        return g_strdup ("job-canceled");
      if (state == 0)
        return g_strdup ("cups-unavailable");
      if (g_cancellable_is_cancelled (cancellable))
        return g_strdup ("cancelled");
      if (g_get_monotonic_time () > deadline)
        return printer_reason ? g_steal_pointer (&printer_reason) : g_strdup ("timed-out");
      g_usleep (POLL_INTERVAL_MS * 1000);
    }
}

static void
print_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancel)
{
  LkPrinter *self = source;
  TicketCopy *copy = data;
  if (g_task_return_error_if_cancelled (task))
    return;

  http_t *http = connect_cups (self);
  if (!http)
    {
      g_task_return_pointer (task, outcome_new ("cups-unavailable"), outcome_free);
      return;
    }
  /* CUPS queues jobs for a stopped printer; the citizen is at the kiosk now, so don't. */
  int state;
  char *reason = query_printer (self, http, &state);
  GBytes *document = NULL;
  if (!reason && !(document = render (self, &copy->ticket)))
    reason = g_strdup ("render-failed");
  if (!reason)
    {
      int job = submit (self, http, &copy->ticket, document, &reason);
      if (job > 0)
        {
          reason = wait_for_job (self, http, job, cancel);
          /* A ticket the kiosk has reported as failed must not come out later. */
          if (reason)
            cupsCancelJob2 (http, self->queue, job, 0);
        }
    }
  g_clear_pointer (&document, g_bytes_unref);
  httpClose (http);

  if (g_task_return_error_if_cancelled (task))
    {
      g_free (reason);
      return;
    }
  g_task_return_pointer (task, outcome_new (reason), outcome_free);
  g_free (reason);
}

void
lk_printer_print_async (LkPrinter *self, const LaysoQueueTicket *ticket, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (LK_IS_PRINTER (self));
  g_return_if_fail (ticket != NULL);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lk_printer_print_async);
  g_task_set_task_data (task, ticket_copy_new (ticket), ticket_copy_free);
  g_task_run_in_thread (task, print_thread);
  g_object_unref (task);
}

gboolean
lk_printer_print_finish (LkPrinter *self, GAsyncResult *result, char **ret_reason, GError **error)
{
  return finish_outcome (self, result, lk_printer_print_async, ret_reason, error);
}

/* ---- messages ---- */

const char *
lk_printer_reason_message (const char *reason)
{
  static const struct
  {
    const char *reason;
    const char *message;
  } table[] = {
    { "media-empty-error", "Máy in hết giấy" },
    { "media-needed-error", "Máy in hết giấy" },
    { "media-jam-error", "Máy in bị kẹt giấy" },
    { "door-open-error", "Nắp máy in đang mở" },
    { "cover-open-error", "Nắp máy in đang mở" },
    { "marker-supply-empty-error", "Máy in hết mực" },
    { "toner-empty-error", "Máy in hết mực" },
    { "output-area-full-error", "Khay nhận phiếu đã đầy" },
    { "offline-report", "Máy in mất kết nối" },
    { "stopped", "Máy in đang tạm dừng" },
    { "not-accepting-jobs", "Máy in không nhận lệnh in" },
    { "not-found", "Không tìm thấy máy in" },
    { "cups-unavailable", "Không kết nối được dịch vụ in" },
    { "timed-out", "Máy in không phản hồi" },
    { "render-failed", "Không tạo được phiếu in" },
  };
  for (size_t i = 0; reason && i < G_N_ELEMENTS (table); i++)
    if (strcmp (reason, table[i].reason) == 0)
      return table[i].message;
  return "Máy in gặp sự cố";
}

/* ---- LkTicketPrinter ---- */

static void
ticket_printer_check_async (LkTicketPrinter *printer, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  lk_printer_check_async (LK_PRINTER (printer), cancellable, callback, user_data);
}

static gboolean
ticket_printer_check_finish (LkTicketPrinter *printer, GAsyncResult *result, char **ret_reason,
                             GError **error)
{
  return lk_printer_check_finish (LK_PRINTER (printer), result, ret_reason, error);
}

static void
ticket_printer_print_async (LkTicketPrinter *printer, const LaysoQueueTicket *ticket,
                            GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  lk_printer_print_async (LK_PRINTER (printer), ticket, cancellable, callback, user_data);
}

static gboolean
ticket_printer_print_finish (LkTicketPrinter *printer, GAsyncResult *result, char **ret_reason,
                             GError **error)
{
  return lk_printer_print_finish (LK_PRINTER (printer), result, ret_reason, error);
}

static void
lk_printer_ticket_printer_init (LkTicketPrinterInterface *iface)
{
  iface->check_async = ticket_printer_check_async;
  iface->check_finish = ticket_printer_check_finish;
  iface->print_async = ticket_printer_print_async;
  iface->print_finish = ticket_printer_print_finish;
}

/* ---- GObject ---- */

LkPrinter *
lk_printer_new (const char *queue, LkPrinterMode mode, int paper_mm)
{
  g_return_val_if_fail (queue != NULL, NULL);
  LkPrinter *self = g_object_new (LK_TYPE_PRINTER, NULL);
  self->queue = g_strdup (queue);
  self->mode = mode == LK_PRINTER_MODE_PDF ? LK_PRINTER_MODE_PDF : LK_PRINTER_MODE_ESCPOS;
  self->paper_mm = paper_mm == 58 ? 58 : 80;
  self->server = g_strdup (cupsServer ());
  self->port = ippPort ();
  self->encryption = cupsEncryption ();
  return self;
}

static void
lk_printer_finalize (GObject *object)
{
  LkPrinter *self = LK_PRINTER (object);
  g_free (self->queue);
  g_free (self->server);
  G_OBJECT_CLASS (lk_printer_parent_class)->finalize (object);
}

static void
lk_printer_class_init (LkPrinterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lk_printer_finalize;
}

static void
lk_printer_init (LkPrinter *self)
{
  self->job_timeout_ms = LK_PRINTER_JOB_TIMEOUT_MS;
}

void
lk_printer_set_job_timeout (LkPrinter *self, guint timeout_ms)
{
  g_return_if_fail (LK_IS_PRINTER (self));
  self->job_timeout_ms = timeout_ms;
}
