#include "lk-ticket-issuer.h"

G_DEFINE_INTERFACE (LkTicketIssuer, lk_ticket_issuer, G_TYPE_OBJECT)

static void
lk_ticket_issuer_default_init (LkTicketIssuerInterface *iface)
{
}

void
lk_ticket_issuer_checkin_async (LkTicketIssuer *self, const char *input,
                                const char *idempotency_key, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (LK_IS_TICKET_ISSUER (self));
  LK_TICKET_ISSUER_GET_IFACE (self)->checkin_async (self, input, idempotency_key, cancellable,
                                                    callback, user_data);
}

LkTicket *
lk_ticket_issuer_checkin_finish (LkTicketIssuer *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (LK_IS_TICKET_ISSUER (self), NULL);
  return LK_TICKET_ISSUER_GET_IFACE (self)->checkin_finish (self, result, error);
}

void
lk_ticket_issuer_walk_in_async (LkTicketIssuer *self, const char *field_id, gboolean priority,
                                const char *idempotency_key, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (LK_IS_TICKET_ISSUER (self));
  LK_TICKET_ISSUER_GET_IFACE (self)->walk_in_async (self, field_id, priority, idempotency_key,
                                                    cancellable, callback, user_data);
}

LkTicket *
lk_ticket_issuer_walk_in_finish (LkTicketIssuer *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (LK_IS_TICKET_ISSUER (self), NULL);
  return LK_TICKET_ISSUER_GET_IFACE (self)->walk_in_finish (self, result, error);
}

void
lk_ticket_issuer_print_result_async (LkTicketIssuer *self, const char *ticket_id, gboolean ok,
                                     const char *reason, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (LK_IS_TICKET_ISSUER (self));
  LK_TICKET_ISSUER_GET_IFACE (self)->print_result_async (self, ticket_id, ok, reason, cancellable,
                                                         callback, user_data);
}

gboolean
lk_ticket_issuer_print_result_finish (LkTicketIssuer *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (LK_IS_TICKET_ISSUER (self), FALSE);
  return LK_TICKET_ISSUER_GET_IFACE (self)->print_result_finish (self, result, error);
}
