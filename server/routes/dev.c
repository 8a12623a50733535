/* --dev only: move the clock (tests). Without --dev the route does not exist (404). */
#include "routes/api.h"
#include "routes/body.h"
#include "routes/schemas.h"

#include "app.h"
#include "clock.h"

#include <string.h>

void
ls_route_dev_clock (LsRequest *req)
{
  if (!req->app->config.dev)
    {
      ls_reply_not_found (req);
      return;
    }
  if (strcmp (req->method, "POST") == 0)
    { /* GET reads the clock */
      LsDevClockBody body;
      if (!ls_request_parse_json (req) ||
          !ls_body_decode_or_reply (req, ls_schema_dev_clock, &body))
        return;
      g_autoptr (GDateTime) t = layso_rfc3339_parse (body.now); /* checked by the schema */
      layso_clock_set (req->app->clock, t);
    }
  g_autoptr (GDateTime) now = layso_clock_now (req->app->clock);
  g_autofree char *s = layso_rfc3339_format (now);
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "now", json_object_new_string (s));
  ls_reply_json (req, 200, o);
}
