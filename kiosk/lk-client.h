/* The kiosk's REST client (docs/api.md, kiosk part): libcurl on a worker thread per call, so the
 * UI thread never blocks. Errors are LK_CLIENT_ERROR (lk-wire.h) with the server's message. */
#pragma once

#include <gio/gio.h>

#include "lk-types.h"
#include "lk-wire.h"

G_BEGIN_DECLS

#define LK_TYPE_CLIENT (lk_client_get_type ())
G_DECLARE_FINAL_TYPE (LkClient, lk_client, LK, CLIENT, GObject)

/* base_url without trailing '/', e.g. "https://layso.example.vn"; ca_file may be NULL. */
LkClient *lk_client_new (const char *base_url, const char *token, const char *ca_file);

/* A fresh Idempotency-Key (32 hex characters from libsodium's CSPRNG). Make one per attempt
 * and pass the same key again when retrying that attempt: the server answers with the first
 * ticket instead of issuing a second one. g_free. */
char *lk_client_new_idempotency_key (void);

void lk_client_get_me_async (LkClient *self, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data);
LkKioskInfo *lk_client_get_me_finish (LkClient *self, GAsyncResult *result, GError **error);

/* input: a booking code or a 12-digit CCCD, as typed or scanned. */
void lk_client_checkin_async (LkClient *self, const char *input, const char *idempotency_key,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data);
LkTicket *lk_client_checkin_finish (LkClient *self, GAsyncResult *result, GError **error);

void lk_client_walk_in_async (LkClient *self, const char *field_id, gboolean priority,
                              const char *idempotency_key, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
LkTicket *lk_client_walk_in_finish (LkClient *self, GAsyncResult *result, GError **error);

/* reason: a CUPS printer-state-reason such as "media-empty-error", NULL when ok. */
void lk_client_print_result_async (LkClient *self, const char *ticket_id, gboolean ok,
                                   const char *reason, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data);
gboolean lk_client_print_result_finish (LkClient *self, GAsyncResult *result, GError **error);

G_END_DECLS
