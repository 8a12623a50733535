/* LkTicketPrinter: what the check-in needs from a printer — is it ready, and print this
 * ticket. LkPrinter is the real one (CUPS); the check-in's tests give their own. The answers
 * are LkPrinter's: TRUE, or FALSE with a CUPS-like reason and no GError; a GError only for a
 * cancelled call. */
#pragma once

#include <gio/gio.h>

#include "ticket-render.h"

G_BEGIN_DECLS

#define LK_TYPE_TICKET_PRINTER (lk_ticket_printer_get_type ())
G_DECLARE_INTERFACE (LkTicketPrinter, lk_ticket_printer, LK, TICKET_PRINTER, GObject)

struct _LkTicketPrinterInterface
{
  GTypeInterface parent_iface;

  void (*check_async) (LkTicketPrinter *self, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data);
  gboolean (*check_finish) (LkTicketPrinter *self, GAsyncResult *result, char **ret_reason,
                            GError **error);
  void (*print_async) (LkTicketPrinter *self, const LaysoQueueTicket *ticket,
                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
  gboolean (*print_finish) (LkTicketPrinter *self, GAsyncResult *result, char **ret_reason,
                            GError **error);
};

void lk_ticket_printer_check_async (LkTicketPrinter *self, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data);
gboolean lk_ticket_printer_check_finish (LkTicketPrinter *self, GAsyncResult *result,
                                         char **ret_reason, GError **error);
/* The ticket is copied before this returns. */
void lk_ticket_printer_print_async (LkTicketPrinter *self, const LaysoQueueTicket *ticket,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data);
gboolean lk_ticket_printer_print_finish (LkTicketPrinter *self, GAsyncResult *result,
                                         char **ret_reason, GError **error);

G_END_DECLS
