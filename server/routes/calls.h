/* GET /api/v1/units/{unit}/calls/{event-id}.wav: the board's announcement of one `called`
 * event, "Mời số A1002 đến quầy số 3" as WAV (public, no personal data; docs/api.md). */
#pragma once

#include "http/http.h"

/* The id before ".wav": 1 to this many digits, no leading zero (an event id is a positive
 * int64). */
#define LS_CALL_ID_MAX_DIGITS 18

void ls_route_unit_call_wav (LsRequest *req);
