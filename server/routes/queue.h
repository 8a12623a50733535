/* The queue's routes (DESIGN §4 "Staff", docs/api.md): counter actions, the staff views of
 * a unit's counters and queue, counter and policy settings, and the public ticket status. */
#pragma once

#include "http/http.h"

/* POST /api/v1/counters/{id}/{action}: next, recall, skip, done, transfer, pause, resume */
void ls_route_counter_action (LsRequest *req);
/* POST /api/v1/tickets/{id}/requeue */
void ls_route_ticket_requeue (LsRequest *req);
/* GET /api/v1/units/{unit}/counters, POST (manager: a new counter) */
void ls_route_unit_counters (LsRequest *req);
void ls_route_unit_counter_create (LsRequest *req);
/* GET /api/v1/units/{unit}/queue */
void ls_route_unit_queue (LsRequest *req);
/* POST /api/v1/units/{unit}/queue-policy (manager) */
void ls_route_unit_queue_policy (LsRequest *req);
/* GET /api/v1/tickets/{id}/status (public) */
void ls_route_queue_ticket_status (LsRequest *req);
/* After a kiosk issued a ticket at the unit: a `queue` event with the new waiting counts
 * (a failure is not the kiosk's problem: the next event carries the counts anyway), by the
 * app's announcer (routes/announce.h) when it has one, else at once. */
void ls_queue_announce (LsRequest *req, const char *unit_id);
/* The same, now, on this thread. */
void ls_queue_announce_now (LsApp *app, const char *unit_id);
