/* What a handler knows besides its request: the app's clock and a booking's window in the
 * catalog. */
#pragma once

#include "http/http.h"
#include "store/store.h"

/* The catalog this request reads, the same from its first call to its end however often
 * administration replaces it meanwhile (ls_store_catalog); the request holds the reference. */
const LsCatalog *ls_request_catalog (LsRequest *req);

/* Now on the app's clock (unref it). */
GDateTime *ls_now (LsRequest *req);

/* The check-in window of a booking; false if its unit/slot vanished from the catalog (the
 * outputs untouched then). */
bool ls_booking_window (const LsCatalog *cat, const LsBooking *b, GDateTime **ret_from,
                        GDateTime **ret_until);
