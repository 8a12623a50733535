/* JSON shapes shared by several routes (DESIGN §4). */
#pragma once

#include "app.h"
#include "http/http.h"
#include "store/store.h"

#include <json-c/json.h>

/* {"id","name","address","checkin_lead_minutes","fields":[{"id","name","prefix"}]} */
json_object *ls_json_unit_detail (const LsUnit *unit);
/* The booking as its owner sees it (full CCCD), status "expired" once its window passed. */
json_object *ls_json_booking (const LsCatalog *cat, const LsBooking *b, GDateTime *now);
/* {"id","start","end"}; only the id when the slot left the catalog (s NULL) */
json_object *ls_json_slot (const LsSlot *s, const char *id);
/* {"id","number","kind","field":{"id","name"},"issued_at","priority"} */
json_object *ls_json_ticket (const LsCatalog *cat, const LsTicket *t);

/* The check-in window of a booking; false if its unit/slot vanished from the catalog. */
bool ls_booking_window (const LsCatalog *cat, const LsBooking *b, GDateTime **ret_from,
                        GDateTime **ret_until);
/* "từ 07:00 đến 09:30 ngày 26/9/2025" */
char *ls_window_label (GDateTime *from, GDateTime *until);

/* Now on the app's clock, and today's date (YYYY-MM-DD). */
GDateTime *ls_now (LsRequest *req);

/* Maps a store error to its reply (not found, used, internal …). The store does not log:
 * an internal error is logged here, once, by route and errno (no request data). */
void ls_reply_store_error (LsRequest *req, int r);

/* The Idempotency-Key of a request, checked before any side effect. Returns false when the
 * request has been answered: 400 for a malformed key or a key reused with another request,
 * or the stored reply of the same request seen before. Otherwise true, with
 * *ret_idem = idem filled in (scope borrowed, hash of method + path + body) when there is a
 * key, NULL when there is none. */
bool ls_idem_begin_or_reply (LsRequest *req, const char *scope, LsIdem *idem,
                             const LsIdem **ret_idem);

/* A request that finds its booking used may be the retry of the very request that used
 * it, answered since this one began: with a key whose answer is stored by now, that answer
 * is replayed; otherwise 409 code_invalid_or_used. */
void ls_reply_used_or_replay (LsRequest *req, const LsIdem *idem);
