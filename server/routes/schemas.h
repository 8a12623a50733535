/* The JSON body schema of each route that takes one (routes/schemas.c), shared by the
 * handlers and the fuzzer (tests/fuzz/fuzz-jsonbody.c runs every body against all of them:
 * add a new table to ls_schemas as well). */
#pragma once

#include "http/jsonbody.h"

extern const LsJsonField ls_schema_booking_create[]; /* POST /api/v1/bookings */
extern const LsJsonField ls_schema_booking_cancel[]; /* POST /api/v1/bookings/{code}/cancel */
extern const LsJsonField ls_schema_kiosk_checkin[];  /* POST /api/v1/kiosk/checkin */
extern const LsJsonField ls_schema_kiosk_walk_in[];  /* POST /api/v1/kiosk/tickets */
extern const LsJsonField ls_schema_kiosk_print[]; /* POST /api/v1/kiosk/tickets/{id}/print-result */
extern const LsJsonField ls_schema_dev_clock[];   /* POST /api/v1/dev/clock */

/* All of the above, ended by NULL. */
extern const LsJsonField *const ls_schemas[];
