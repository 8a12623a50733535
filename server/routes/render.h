/* JSON shapes shared by several routes (docs/api.md): rendering only, no reply sent. */
#pragma once

#include "app.h"
#include "http/http.h"
#include "store/store.h"

#include <json-c/json.h>

/* {"id","name","address","checkin_lead_minutes","fields":[{"id","name","prefix"}]} */
json_object *ls_json_unit_detail (const LsUnit *unit);
/* The booking as its owner sees it (full CCCD), status "expired" once its window passed. */
json_object *ls_json_booking (const LsCatalog *cat, const LsBooking *b, GDateTime *now);
/* {"code","name","cccd","date","slot":{"id","start","end"}} with the CCCD masked: the
 * booking on a kiosk's screen, in a public hall. */
json_object *ls_json_booking_masked (const LsCatalog *cat, const LsBooking *b);
/* {"id","start","end"}; only the id when the slot left the catalog (s NULL) */
json_object *ls_json_slot (const LsSlot *s, const char *id);
/* {"id","number","kind","field":{"id","name"},"issued_at","priority"} */
json_object *ls_json_ticket (const LsCatalog *cat, const LsTicket *t);
