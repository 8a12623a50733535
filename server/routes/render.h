/* JSON shapes shared by several routes (DESIGN §4). */
#pragma once

#include "app.h"
#include "http.h"
#include "store.h"

#include <json-c/json.h>

/* {"id","name","address","checkin_lead_minutes","fields":[{"id","name","prefix"}]} */
json_object *ls_json_unit_detail(const LsUnit *unit);
/* The booking as its owner sees it (full CCCD), status "expired" once its window passed. */
json_object *ls_json_booking(const LsCatalog *cat, const LsBooking *b, GDateTime *now);
/* {"id","number","kind","field":{"id","name"},"issued_at","priority"} */
json_object *ls_json_ticket(const LsCatalog *cat, const LsTicket *t);

/* The check-in window of a booking; false if its unit/slot vanished from the catalog. */
bool ls_booking_window(const LsCatalog *cat, const LsBooking *b, GDateTime **ret_from,
                       GDateTime **ret_until);
/* "từ 07:00 đến 09:30 ngày 26/9/2025" */
char *ls_window_label(GDateTime *from, GDateTime *until);

/* Now on the app's clock, and today's date (YYYY-MM-DD). */
GDateTime *ls_now(LsRequest *req);

/* Before looking a booking up by code and a (valid) CCCD: false after replying 429
 * rate_limited (with Retry-After) when that CCCD has had too many look-ups lately. */
bool ls_lookup_allowed(LsRequest *req, const char *cccd);

/* Maps a store error to its reply (not found, used, internal …). The store does not log:
 * an internal error is logged here, once, by route and errno (no request data). */
void ls_reply_store_error(LsRequest *req, int r);

/* Validates an Idempotency-Key header if present and fills idem (scope borrowed, hash of
 * method + path + body). Returns false after replying 400 when the key is malformed;
 * *ret_has_key tells whether there was one. */
bool ls_idem_from_request(LsRequest *req, const char *scope, LsIdem *idem, bool *ret_has_key);
/* With a key: replays a stored reply (true, replied) or rejects a reused key (true, replied);
 * false to go on. */
bool ls_idem_replay(LsRequest *req, const LsIdem *idem);
