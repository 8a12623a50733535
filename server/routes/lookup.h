/* Finding a booking for its owner, who proves it with the code and the CCCD (GET
 * /bookings/{code}, ticket.png, cancel), behind the look-up guard (lookup-guard.h): failed
 * look-ups are counted per code, per CCCD and per client address in the store, and while
 * any of the three is locked every look-up answers 429, the right pair included. */
#pragma once

#include "http/http.h"
#include "store/store.h"

/* The booking with the {code} capture and `cccd`, or NULL after replying: 400 for a
 * missing or malformed CCCD, 429 rate_limited (with Retry-After) while locked, 404 alike
 * for a wrong code or a wrong CCCD (counted as a failure), or the store's error. */
LsBooking *ls_booking_find_owned_or_reply (LsRequest *req, const char *cccd);
