/* Route body schemas (routes/schemas.h). Kept apart from the handlers so the fuzzer can
 * link them without the store and the rest of the server. */
#include "routes/schemas.h"

#include <stddef.h>

const LsJsonField ls_schema_booking_create[] = {
  { "name", LS_JSON_STRING, true, 400 },
  { "cccd", LS_JSON_STRING, true, 32 },
  { "phone", LS_JSON_STRING, false, 32 },
  { "unit", LS_JSON_STRING, true, 128 },
  { "field", LS_JSON_STRING, true, 128 },
  { "date", LS_JSON_STRING, true, 32 },
  { "slot", LS_JSON_STRING, true, 128 },
  { "consent", LS_JSON_BOOL, true, 0 },
  { NULL, 0, false, 0 },
};

const LsJsonField ls_schema_booking_cancel[] = {
  { "cccd", LS_JSON_STRING, true, 32 },
  { NULL, 0, false, 0 },
};

const LsJsonField ls_schema_kiosk_checkin[] = {
  { "input", LS_JSON_STRING, true, 64 },
  { NULL, 0, false, 0 },
};

const LsJsonField ls_schema_kiosk_walk_in[] = {
  { "field", LS_JSON_STRING, true, 128 },
  { "priority", LS_JSON_BOOL, false, 0 },
  { NULL, 0, false, 0 },
};

const LsJsonField ls_schema_kiosk_print[] = {
  { "ok", LS_JSON_BOOL, true, 0 },
  { "reason", LS_JSON_STRING, false, 200 },
  { NULL, 0, false, 0 },
};

const LsJsonField ls_schema_dev_clock[] = {
  { "now", LS_JSON_STRING, true, 64 },
  { NULL, 0, false, 0 },
};

const LsJsonField *const ls_schemas[] = {
  ls_schema_booking_create,
  ls_schema_booking_cancel,
  ls_schema_kiosk_checkin,
  ls_schema_kiosk_walk_in,
  ls_schema_kiosk_print,
  ls_schema_dev_clock,
  NULL,
};
