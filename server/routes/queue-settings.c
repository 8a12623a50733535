/* Managers' settings of the queue: counters (which fields each serves) and the unit's
 * calling policy. Both are audited in the store, in the write that makes them. */
#include "routes/queue.h"

#include "app.h"
#include "clock.h"
#include "routes/queue-json.h"
#include "routes/render.h"
#include "routes/staff.h"
#include "store/store.h"

#include <errno.h>
#include <string.h>

#define COUNTER_NAME_MAX_BYTES 100
#define COUNTER_NUMBER_MAX     999

/* The manager (or admin) allowed on {unit}, or NULL after replying. */
static LsStaffUser *
unit_manager_or_reply (LsRequest *req, const LsUnit **ret_unit)
{
  g_autoptr (LsStaffUser) u = ls_staff_acting_or_reply (req);
  if (!u || !ls_staff_is_manager_or_reply (req, u))
    return NULL;
  const LsUnit *unit = ls_catalog_unit (req->app->store->catalog, ls_request_param (req, "unit"));
  if (!unit)
    {
      ls_reply_not_found (req);
      return NULL;
    }
  if (!ls_staff_unit_allowed_or_reply (req, u, unit->id))
    return NULL;
  *ret_unit = unit;
  return g_steal_pointer (&u);
}

/* {"name","number","fields":[ids of the unit's fields, at least one]}: the array is
 * checked here (the schema rows take scalars only). */
static bool
counter_fields_or_reply (LsRequest *req, const LsUnit *unit, GPtrArray *ret)
{
  json_object *fields = NULL;
  if (!json_object_object_get_ex (req->json, "fields", &fields) ||
      !json_object_is_type (fields, json_type_array) || json_object_array_length (fields) == 0 ||
      json_object_array_length (fields) > unit->fields->len)
    {
      ls_reply_invalid (req, "fields", "Chọn ít nhất một lĩnh vực của đơn vị");
      return false;
    }
  for (size_t i = 0; i < json_object_array_length (fields); i++)
    {
      json_object *f = json_object_array_get_idx (fields, i);
      const char *id =
          json_object_is_type (f, json_type_string) ? json_object_get_string (f) : NULL;
      if (!id || !ls_unit_field (unit, id) || strchr (id, ','))
        {
          ls_reply_invalid (req, "fields", "Lĩnh vực không thuộc đơn vị này");
          return false;
        }
      g_ptr_array_add (ret, (gpointer) id);
    }
  g_ptr_array_add (ret, NULL);
  return true;
}

static bool
counter_input_or_reply (LsRequest *req, const LsUnit *unit, GPtrArray *fields)
{
  json_object *rest = json_object_new_object ();
  json_object_object_foreach (req->json, key, val)
    {
      if (strcmp (key, "fields") != 0)
        json_object_object_add (rest, key, json_object_get (val));
    }
  static const LsJsonField schema[] = {
    { "name", LS_JSON_STRING, true, COUNTER_NAME_MAX_BYTES },
    { "number", LS_JSON_INT, true, 0 },
    { NULL, 0, false, 0 },
  };
  const char *member, *message;
  bool ok = ls_json_validate (rest, schema, &member, &message) == 0;
  json_object_put (rest);
  if (!ok)
    ls_reply_invalid (req, member, message);
  else if (ls_json_int (req, "number") < 1 || ls_json_int (req, "number") > COUNTER_NUMBER_MAX)
    ls_reply_invalid (req, "number", "Số quầy từ 1 đến 999");
  else
    return counter_fields_or_reply (req, unit, fields);
  return false;
}

void
ls_route_unit_counter_create (LsRequest *req)
{
  const LsUnit *unit;
  g_autoptr (LsStaffUser) u = unit_manager_or_reply (req, &unit);
  g_autoptr (GPtrArray) fields = g_ptr_array_new ();
  if (!u || !counter_input_or_reply (req, unit, fields))
    return;
  g_autoptr (GDateTime) now = ls_now (req);
  g_autofree char *now_s = layso_rfc3339_format (now);
  LsCounterInput in = { unit->id,
                        ls_json_string (req, "name"),
                        (unsigned) ls_json_int (req, "number"),
                        (const char *const *) fields->pdata,
                        u->id,
                        now_s };
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
  json_object_object_add (root, "counter", ls_json_counter (req->app->store->catalog, &k, true));
  ls_reply_json (req, 201, root);
}

static const LsJsonField policy_schema[] = {
  { "appointments_per_walk_in", LS_JSON_INT, true, 0 },
  { "max_wait_minutes", LS_JSON_INT, true, 0 },
  { "recall_limit", LS_JSON_INT, true, 0 },
  { "recall_gap_seconds", LS_JSON_INT, true, 0 },
  { NULL, 0, false, 0 },
};

/* Each value within its range (0-20 per walk-in, 0-600 minutes, 1-10 recalls, 0-600 s). */
static bool
policy_or_reply (LsRequest *req, LsQueuePolicy *p)
{
  static const struct
  {
    const char *name;
    gint64 lo, hi;
  } ranges[] = { { "appointments_per_walk_in", 0, 20 },
                 { "max_wait_minutes", 0, 600 },
                 { "recall_limit", 1, 10 },
                 { "recall_gap_seconds", 0, 600 } };
  unsigned v[4];
  for (size_t i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      gint64 x = ls_json_int (req, ranges[i].name);
      if (x < ranges[i].lo || x > ranges[i].hi)
        {
          ls_reply_invalid (req, ranges[i].name, "Giá trị ngoài khoảng cho phép");
          return false;
        }
      v[i] = (unsigned) x;
    }
  *p = (LsQueuePolicy){ v[0], v[1], v[2], v[3] };
  return true;
}

void
ls_route_unit_queue_policy (LsRequest *req)
{
  const LsUnit *unit;
  g_autoptr (LsStaffUser) u = unit_manager_or_reply (req, &unit);
  LsQueuePolicy p;
  if (!u || !ls_json_check (req, policy_schema) || !policy_or_reply (req, &p))
    return;
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
