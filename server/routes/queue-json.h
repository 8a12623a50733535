/* JSON shapes of the queue (DESIGN §4 "Staff", docs/api.md): tickets, counters, and the
 * events of a unit's stream, plus the calling order of a list of tickets. */
#pragma once

#include "catalog.h"
#include "store/store.h"

#include <json-c/json.h>

/* {"id","number","kind","priority","field":{"id","name"},"state","issued_at","called_at"?,
 *  "counter"?,"recalls"?,"printed"?} and, for staff, "name" (the booking's). */
json_object *ls_json_queue_ticket (const LsCatalog *cat, const LsTicket *t, bool staff);
/* {"id","name","number","fields":[…],"paused","serving":<ticket>|null} */
json_object *ls_json_counter (const LsCatalog *cat, const LsCounter *k, bool staff);
/* The public forms, for the event stream: {"id","number","field":{"id","name"}} and
 * {"id","name","number"}. */
json_object *ls_json_ticket_brief (const LsCatalog *cat, const LsTicket *t);
json_object *ls_json_counter_brief (const LsCounter *k);
/* [{"field","count"}] */
json_object *ls_json_waiting_counts (GPtrArray *waiting);
/* The events of a change (LsRenderEvents; user_data is the LsCatalog). */
void ls_queue_render_events (const LsQueueChange *change, void *user_data, GPtrArray *ret_events);
/* Sorts LsTicket* into calling order (queue-order.h) under the unit's policy. */
void ls_queue_sort (GPtrArray *tickets, const LsQueuePolicy *p, gint64 now);
/* A JSON object as compact text; g_free it. Consumes obj. */
char *ls_json_take_string (json_object *obj);
