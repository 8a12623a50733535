/* LkTicketIssuer: what the check-in needs from the server — a ticket for a code or CCCD, a
 * walk-in ticket, and the print result reported back. LkClient is the real one; the check-in's
 * tests give their own, so the check-in runs its real code against fake I/O. Errors are
 * LK_CLIENT_ERROR (lk-wire.h), or G_IO_ERROR_CANCELLED. */
#pragma once

#include <gio/gio.h>

#include "lk-types.h"

G_BEGIN_DECLS

#define LK_TYPE_TICKET_ISSUER (lk_ticket_issuer_get_type ())
G_DECLARE_INTERFACE (LkTicketIssuer, lk_ticket_issuer, LK, TICKET_ISSUER, GObject)

struct _LkTicketIssuerInterface
{
  GTypeInterface parent_iface;

  void (*checkin_async) (LkTicketIssuer *self, const char *input, const char *idempotency_key,
                         GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data);
  LkTicket *(*checkin_finish) (LkTicketIssuer *self, GAsyncResult *result, GError **error);
  void (*walk_in_async) (LkTicketIssuer *self, const char *field_id, gboolean priority,
                         const char *idempotency_key, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data);
  LkTicket *(*walk_in_finish) (LkTicketIssuer *self, GAsyncResult *result, GError **error);
  void (*print_result_async) (LkTicketIssuer *self, const char *ticket_id, gboolean ok,
                              const char *reason, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
  gboolean (*print_result_finish) (LkTicketIssuer *self, GAsyncResult *result, GError **error);
};

void lk_ticket_issuer_checkin_async (LkTicketIssuer *self, const char *input,
                                     const char *idempotency_key, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data);
LkTicket *lk_ticket_issuer_checkin_finish (LkTicketIssuer *self, GAsyncResult *result,
                                           GError **error);
void lk_ticket_issuer_walk_in_async (LkTicketIssuer *self, const char *field_id, gboolean priority,
                                     const char *idempotency_key, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data);
LkTicket *lk_ticket_issuer_walk_in_finish (LkTicketIssuer *self, GAsyncResult *result,
                                           GError **error);
void lk_ticket_issuer_print_result_async (LkTicketIssuer *self, const char *ticket_id, gboolean ok,
                                          const char *reason, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
gboolean lk_ticket_issuer_print_result_finish (LkTicketIssuer *self, GAsyncResult *result,
                                               GError **error);

G_END_DECLS
