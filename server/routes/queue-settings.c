/* Managers' settings of the queue: counters (which fields each serves) and the unit's
 * calling policy. Both are audited in the store, in the write that makes them. */
#include "routes/queue.h"

#include "app.h"
#include "routes/admin.h"
#include "clock.h"
#include "routes/queue-json.h"
#include "routes/render.h"
#include "routes/body.h"
#include "routes/context.h"
#include "routes/errors.h"
#include "routes/staff.h"
#include "store/store.h"

#include <errno.h>
#include <string.h>

/* The counter's fields: at least one, each a field of the unit; false after a 400. */
static bool
counter_fields_or_reply (LsRequest *req, const LsUnit *unit, json_object *fields, GPtrArray *ret)
{
  size_t n = json_object_array_length (fields);
  if (n == 0 || n > unit->fields->len)
    {
      ls_reply_invalid (req, "fields", "Chọn ít nhất một lĩnh vực của đơn vị");
      return false;
    }
  for (size_t i = 0; i < n; i++)
    {
      const char *id = json_object_get_string (json_object_array_get_idx (fields, i));
      if (!ls_unit_field (unit, id) || strchr (id, ','))
        {
          ls_reply_invalid (req, "fields", "Lĩnh vực không thuộc đơn vị này");
          return false;
        }
      g_ptr_array_add (ret, (gpointer) id);
    }
  g_ptr_array_add (ret, NULL);
  return true;
}

void
ls_route_unit_counter_create (LsRequest *req)
{
  const LsUnit *unit;
  g_autoptr (LsStaffUser) u = ls_admin_unit_or_reply (req, true, &unit);
  g_autoptr (GPtrArray) fields = g_ptr_array_new ();
  LsCounterBody body;
  if (!u || !ls_body_decode_or_reply (req, ls_schema_counter, &body) ||
      !counter_fields_or_reply (req, unit, body.fields, fields))
    return;
  g_autoptr (GDateTime) now = ls_now (req);
  g_autofree char *now_s = layso_rfc3339_format (now);
  LsCounterInput in = {
    unit->id, body.name, (unsigned) body.number, (const char *const *) fields->pdata, u->id, now_s
  };
  g_autofree char *id = NULL;
  int r = ls_store_counter_create (req->app->store, &in, &id);
  if (r == -EEXIST)
    {
      ls_reply_error (req, 409, "counter_exists", "Số quầy này đã có", "number");
      return;
    }
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  LsCounter k = { id,        (char *) unit->id,       (char *) in.name,
                  in.number, (char **) fields->pdata, false,
                  NULL };
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "counter", ls_json_counter (ls_request_catalog (req), &k, true));
  ls_reply_json (req, 201, root);
}

void
ls_route_unit_queue_policy (LsRequest *req)
{
  const LsUnit *unit;
  g_autoptr (LsStaffUser) u = ls_admin_unit_or_reply (req, true, &unit);
  LsQueuePolicyBody body;
  if (!u || !ls_body_decode_or_reply (req, ls_schema_queue_policy, &body))
    return;
  LsQueuePolicy p = { (unsigned) body.appointments_per_walk_in, (unsigned) body.max_wait_minutes,
                      (unsigned) body.recall_limit, (unsigned) body.recall_gap_seconds };
  g_autoptr (GDateTime) now = ls_now (req);
  g_autofree char *now_s = layso_rfc3339_format (now);
  g_autofree char *detail = g_strdup_printf ("%u/%u/%u/%u", p.appointments_per_walk_in,
                                             p.max_wait_minutes, p.recall_limit, p.recall_gap_s);
  LsAuditEntry e = { u->id, "queue.policy", unit->id, "queue_policy", detail, now_s };
  int r = ls_store_queue_policy_set (req->app->store, unit->id, &p, &e);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "appointments_per_walk_in",
                          json_object_new_int ((int) p.appointments_per_walk_in));
  json_object_object_add (o, "max_wait_minutes", json_object_new_int ((int) p.max_wait_minutes));
  json_object_object_add (o, "recall_limit", json_object_new_int ((int) p.recall_limit));
  json_object_object_add (o, "recall_gap_seconds", json_object_new_int ((int) p.recall_gap_s));
  ls_reply_json (req, 200, o);
}
