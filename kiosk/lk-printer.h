/* LkPrinter: prints queue tickets through CUPS (raw ESC/POS for thermal printers, or PDF for a
 * driver queue) and reports the printer's state. Every CUPS call runs on a GTask thread. */
#pragma once

#include "ticket-render.h"

#include <gio/gio.h>

G_BEGIN_DECLS

#define LK_TYPE_PRINTER (lk_printer_get_type ())
G_DECLARE_FINAL_TYPE (LkPrinter, lk_printer, LK, PRINTER, GObject)

typedef enum
{
  LK_PRINTER_MODE_ESCPOS,
  LK_PRINTER_MODE_PDF
} LkPrinterMode;

/* How long print waits for the job to complete before giving up (and cancelling it). */
#define LK_PRINTER_JOB_TIMEOUT_MS 20000

/* A cupsd that accepts and never answers must not hold a call: connecting gives up after
 * LK_PRINTER_CONNECT_TIMEOUT_MS, and each IPP request after LK_PRINTER_REQUEST_TIMEOUT_MS
 * without a byte from cupsd (libcups' wait adds up to a second), as "cups-unavailable". A
 * check is one connection and one request; a print adds the job's requests and its wait. */
#define LK_PRINTER_CONNECT_TIMEOUT_MS 3000
#define LK_PRINTER_REQUEST_TIMEOUT_MS 2000

/* queue: the CUPS queue name; paper_mm: 80 (576 dots) or 58 (384 dots); other values → 80.
 * The CUPS server is the one libcups finds (CUPS_SERVER, client.conf) when this is called. */
LkPrinter *lk_printer_new (const char *queue, LkPrinterMode mode, int paper_mm);

/* Ready → TRUE. Faulted → FALSE with *ret_reason = a CUPS-like reason ("stopped",
 * "offline-report", "media-empty-error", "media-jam-error", "not-found",
 * "not-accepting-jobs", "cups-unavailable" (also when cupsd does not answer in time), ...;
 * g_free it) and no GError. GError only for a cancelled call (G_IO_ERROR_CANCELLED). */
void lk_printer_check_async (LkPrinter *self, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data);
gboolean lk_printer_check_finish (LkPrinter *self, GAsyncResult *result, char **ret_reason,
                                  GError **error);

/* Changes how long print waits for a job (default LK_PRINTER_JOB_TIMEOUT_MS); call it before
 * printing. For tests and slow printers. */
void lk_printer_set_job_timeout (LkPrinter *self, guint timeout_ms);

/* Checks the printer, renders (ESC/POS 576/384 dots, or PDF paper_mm wide, the job asking for
 * that paper: paper_mm × the ticket's length, as media-col and PageSize) and submits; then
 * waits (≤ the job timeout, polling the job) until the job completes → TRUE, or
 * stops/aborts/the printer faults → FALSE with *ret_reason ("timed-out" after the wait,
 * "render-failed", "job-aborted", ... or the printer's reason). A job that failed is
 * cancelled, so it never prints later by surprise. The ticket is copied. */
void lk_printer_print_async (LkPrinter *self, const LaysoQueueTicket *ticket,
                             GCancellable *cancellable, GAsyncReadyCallback callback,
                             gpointer user_data);
gboolean lk_printer_print_finish (LkPrinter *self, GAsyncResult *result, char **ret_reason,
                                  GError **error);

/* The fault of a printer in IPP `state` (3 idle, 4 processing, 5 stopped) with the
 * NULL-terminated printer-state-reasons `reasons`: a reason as above (g_free it), or NULL when
 * it can print. The rules are in lk-printer.c. */
char *lk_printer_fault_from_state (int state, const char *const *reasons, gboolean accepting);

/* Vietnamese text for a reason, for the kiosk's home banner ("Máy in hết giấy", …). Never NULL. */
const char *lk_printer_reason_message (const char *reason);

G_END_DECLS
