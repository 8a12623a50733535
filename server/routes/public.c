/* Public read-only routes: health, units, days, slots, notices, ticket status. */
#include "routes/api.h"

#include "app.h"

void
ls_route_health(LsRequest *req)
{
  json_object *o = json_object_new_object();
  json_object_object_add(o, "status", json_object_new_string("ok"));
  json_object_object_add(o, "store", json_object_new_string("sqlite"));
  json_object_object_add(o, "version", json_object_new_string(LAYSO_VERSION));
  ls_reply_json(req, 200, o);
}
