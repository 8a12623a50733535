#include "lk-ticket-printer.h"

G_DEFINE_INTERFACE (LkTicketPrinter, lk_ticket_printer, G_TYPE_OBJECT)

static void
lk_ticket_printer_default_init (LkTicketPrinterInterface *iface)
{
}

void
lk_ticket_printer_check_async (LkTicketPrinter *self, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (LK_IS_TICKET_PRINTER (self));
  LK_TICKET_PRINTER_GET_IFACE (self)->check_async (self, cancellable, callback, user_data);
}

gboolean
lk_ticket_printer_check_finish (LkTicketPrinter *self, GAsyncResult *result, char **ret_reason,
                                GError **error)
{
  g_return_val_if_fail (LK_IS_TICKET_PRINTER (self), FALSE);
  return LK_TICKET_PRINTER_GET_IFACE (self)->check_finish (self, result, ret_reason, error);
}

void
lk_ticket_printer_print_async (LkTicketPrinter *self, const LaysoQueueTicket *ticket,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_return_if_fail (LK_IS_TICKET_PRINTER (self));
  LK_TICKET_PRINTER_GET_IFACE (self)->print_async (self, ticket, cancellable, callback, user_data);
}

gboolean
lk_ticket_printer_print_finish (LkTicketPrinter *self, GAsyncResult *result, char **ret_reason,
                                GError **error)
{
  g_return_val_if_fail (LK_IS_TICKET_PRINTER (self), FALSE);
  return LK_TICKET_PRINTER_GET_IFACE (self)->print_finish (self, result, ret_reason, error);
}
