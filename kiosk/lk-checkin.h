/* LkCheckin: one check-in at a time, from the citizen's input to the printed ticket and the
 * print result reported to the server. GObject and GIO only, no GTK: the window shows what its
 * signals say, and tests drive it with their own issuer and printer (lk-ticket-issuer.h,
 * lk-ticket-printer.h). The rules are at the top of lk-checkin.c. */
#pragma once

#include <gio/gio.h>

#include "lk-ticket-issuer.h"
#include "lk-ticket-printer.h"
#include "lk-types.h"

G_BEGIN_DECLS

#define LK_TYPE_CHECKIN (lk_checkin_get_type ())
G_DECLARE_FINAL_TYPE (LkCheckin, lk_checkin, LK, CHECKIN, GObject)

typedef enum
{
  LK_CHECKIN_KIND_CODE,    /* a booking code or a CCCD, typed or scanned */
  LK_CHECKIN_KIND_CARD,    /* the CCCD of a CCCD card's QR: nothing to correct, not to keep */
  LK_CHECKIN_KIND_WALK_IN, /* a field tapped on the home screen */
} LkCheckinKind;

/* How long a citizen waits on the printer check before the check-in goes on regardless. */
#define LK_CHECKIN_PRINTER_DEADLINE_MS 3000

/* server_url: what the printed QR links to (server_url/phieu/ID). */
LkCheckin *lk_checkin_new (LkTicketIssuer *issuer, LkTicketPrinter *printer,
                           const char *server_url);
/* The unit's name on the printed ticket (from kiosk/me). */
void lk_checkin_set_unit_name (LkCheckin *self, const char *unit_name);
/* For tests: the printer check's deadline (default LK_CHECKIN_PRINTER_DEADLINE_MS). */
void lk_checkin_set_printer_deadline (LkCheckin *self, guint deadline_ms);

gboolean lk_checkin_get_busy (LkCheckin *self);
/* The printer's CUPS-like fault ("stopped", "timed-out", …), NULL while it is ready. */
const char *lk_checkin_get_printer_fault (LkCheckin *self);

/* raw: as typed or scanned. FALSE with G_IO_ERROR_PENDING while an attempt runs, or with
 * LK_CLIENT_ERROR_INVALID_INPUT (a Vietnamese message) when it is no code, CCCD or card QR;
 * nothing is emitted then. */
gboolean lk_checkin_submit (LkCheckin *self, const char *raw, GError **error);
/* FALSE with G_IO_ERROR_PENDING while an attempt runs. */
gboolean lk_checkin_walk_in (LkCheckin *self, const char *field_id, gboolean priority,
                             GError **error);
/* Repeats the attempt that failed on the network, with its Idempotency-Key: a ticket the
 * server issued before the error comes back as is. FALSE when there is none to repeat. */
gboolean lk_checkin_retry (LkCheckin *self);
/* Drops the attempt in flight: its calls are cancelled and nothing more is emitted for it. */
void lk_checkin_cancel (LkCheckin *self);
/* Asks the printer how it is, for printer-fault; nothing while an attempt or a check runs. */
void lk_checkin_check_printer (LkCheckin *self);

/* Signals:
 *   "started" (LkCheckinKind kind, const char *input): an attempt began; input is the code or
 *     CCCD sent to the server, NULL for a walk-in.
 *   "ticket" (const LkTicket *ticket, const char *printer_fault): the ticket; printing has
 *     begun when printer_fault is NULL, else nothing is printed and the fault is reported.
 *   "failed" (LkCheckinKind kind, const GError *error): LK_CLIENT_ERROR from the server;
 *     LK_CLIENT_ERROR_NETWORK leaves the attempt to lk_checkin_retry().
 *   "printed" (const char *ticket_id, gboolean ok, const char *reason): a print ended.
 * Properties (notify): "busy", "printer-fault". */

G_END_DECLS
