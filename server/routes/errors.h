/* Error replies of the routes: a contract error by its enum (common/wire.h), and a store
 * error mapped to its reply. */
#pragma once

#include "http/http.h"
#include "store/store.h"
#include "wire.h"

/* {"error":{"code","message","field"?}} with the code's HTTP status; message NULL: the
 * code's default message (layso_wire_error_message); field may be NULL. */
void ls_reply_wire (LsRequest *req, LaysoWireError error, const char *message, const char *field);

/* Maps a store error to its reply (not found, used, internal …). The store does not log:
 * an internal error is logged here, once, by route and errno (no request data). */
void ls_reply_store_error (LsRequest *req, int r);
