/* GET /api/v1/units/{unit}/events: the unit's live events as Server-Sent Events (public,
 * no personal data; docs/api.md). */
#pragma once

#include "http/http.h"

#define LS_EVENTS_PING_S     5    /* a `ping` event after this long without output */
#define LS_EVENTS_RETRY_MS   2000 /* the stream's `retry:` */
#define LS_EVENTS_REPLAY_MAX 1000 /* missed events replayed on resume, else a snapshot */

void ls_route_unit_events (LsRequest *req);
/* Stops the keep-alive pinger (shutdown; streams end through ls_stream_end_all). */
void ls_events_stop (void);
