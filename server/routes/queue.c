/* The queue's routes (queue.h). Every staff route checks the session (and, when it changes
 * something, the Origin) before anything else, then the unit: staff of one unit get 403 on
 * another unit's counters, queue and tickets. Actions run in one store transaction each
 * (store.h queue_act) and their events go to the unit's streams once committed. */
#include "routes/queue.h"

#include "app.h"
#include "clock.h"
#include "events/hub.h"
#include "routes/announce.h"
#include "routes/queue-json.h"
#include "routes/render.h"
#include "routes/body.h"
#include "routes/context.h"
#include "routes/errors.h"
#include "routes/staff.h"
#include "store/store.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#define ID_MAX_BYTES 128

typedef struct
{
  GDateTime *now;
  char *now_s;
  char date[11];
} Today;

/* now: taken */
static void
today_from (GDateTime *now, Today *t)
{
  t->now = now;
  t->now_s = layso_rfc3339_format (t->now);
  GDate d;
  layso_date_from_datetime (t->now, &d);
  layso_date_format (&d, t->date);
}

static void
today_init (LsRequest *req, Today *t)
{
  today_from (ls_now (req), t);
}

static void
today_clear (Today *t)
{
  g_date_time_unref (t->now);
  g_free (t->now_s);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Today, today_clear)

static const struct
{
  const char *name;
  LsQueueAction action;
} actions[] = {
  { "next", LS_QUEUE_NEXT },     { "recall", LS_QUEUE_RECALL },     { "skip", LS_QUEUE_SKIP },
  { "done", LS_QUEUE_DONE },     { "transfer", LS_QUEUE_TRANSFER }, { "pause", LS_QUEUE_PAUSE },
  { "resume", LS_QUEUE_RESUME },
};

static void
reply_queue_error (LsRequest *req, int r, unsigned retry_after)
{
  switch (-r)
    {
      case LS_E_QUEUE_EMPTY:
        ls_reply_error (req, 409, "queue_empty", "Không còn ai đang chờ", NULL);
        break;
      case LS_E_NO_CURRENT:
        ls_reply_error (req, 409, "no_current_ticket", "Quầy chưa gọi số nào", NULL);
        break;
      case LS_E_COUNTER_PAUSED:
        ls_reply_error (req, 409, "counter_paused", "Quầy đang tạm nghỉ", NULL);
        break;
      case LS_E_RECALL_TOO_SOON:
        ls_reply_retry_later (req, 429, "recall_too_soon", "Vừa gọi số này, vui lòng chờ giây lát",
                              retry_after);
        break;
      case LS_E_INVALID_TRANSITION:
        ls_reply_error (req, 409, "invalid_transition", "Phiếu không ở trạng thái phù hợp", NULL);
        break;
      default:
        ls_reply_store_error (req, r);
    }
}

static void
act_and_reply (LsRequest *req, LsQueueInput *in)
{
  in->render = ls_queue_render_events;
  in->render_data = (void *) ls_request_catalog (req);
  in->committed = ls_event_hub_publish;
  g_autoptr (LsTicket) t = NULL;
  g_autoptr (LsCounter) k = NULL;
  unsigned retry_after = 1;
  int r = ls_store_queue_act (req->app->store, in, &t, &k, &retry_after);
  if (r < 0)
    {
      reply_queue_error (req, r, retry_after);
      return;
    }
  const LsCatalog *cat = ls_request_catalog (req);
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "ticket", t ? ls_json_queue_ticket (cat, t, true) : NULL);
  if (in->action != LS_QUEUE_REQUEUE)
    json_object_object_add (root, "counter", k ? ls_json_counter (cat, k, true) : NULL);
  ls_reply_json (req, 200, root);
}

/* transfer's {"field"}: a field of the counter's unit; false after a 400. */
static bool
transfer_field_or_reply (LsRequest *req, const LsCounter *k, const char **ret)
{
  LsTransferBody body;
  if (!ls_request_parse_json (req) || !ls_body_decode_or_reply (req, ls_schema_transfer, &body))
    return false;
  const char *field = body.field;
  const LsUnit *u = ls_catalog_unit (ls_request_catalog (req), k->unit_id);
  if (!u || !ls_unit_field (u, field))
    {
      ls_reply_invalid (req, "field", "Lĩnh vực không thuộc đơn vị này");
      return false;
    }
  *ret = field;
  return true;
}

void
ls_route_counter_action (LsRequest *req)
{
  const char *name = ls_request_param (req, "action");
  const char *id = ls_request_param (req, "id");
  int which = -1;
  for (size_t i = 0; i < G_N_ELEMENTS (actions); i++)
    if (strcmp (name, actions[i].name) == 0)
      which = (int) i;
  g_autoptr (LsStaffUser) u = NULL;
  if (which < 0 || strlen (id) > ID_MAX_BYTES)
    {
      ls_reply_not_found (req);
      return;
    }
  if (!(u = ls_staff_acting_or_reply (req)))
    return;
  g_auto (Today) today;
  today_init (req, &today);
  g_autoptr (LsCounter) k = NULL;
  int r = ls_store_counter_get (req->app->store, id, today.date, &k);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  LsQueueInput in = { .action = actions[which].action,
                      .counter_id = k->id,
                      .actor_id = u->id,
                      .now = today.now_s,
                      .now_unix = g_date_time_to_unix (today.now),
                      .date = today.date };
  if (!ls_staff_unit_allowed_or_reply (req, u, k->unit_id) ||
      (in.action == LS_QUEUE_TRANSFER && !transfer_field_or_reply (req, k, &in.field_id)))
    return;
  act_and_reply (req, &in);
}

void
ls_route_ticket_requeue (LsRequest *req)
{
  const char *id = ls_request_param (req, "id");
  g_autoptr (LsStaffUser) u = ls_staff_acting_or_reply (req);
  if (!u)
    return;
  g_autoptr (LsTicket) t = NULL;
  int r = strlen (id) > ID_MAX_BYTES ? -LS_E_NOT_FOUND
                                     : ls_store_queue_ticket_get (req->app->store, id, &t);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  if (!ls_staff_unit_allowed_or_reply (req, u, t->unit_id))
    return;
  g_auto (Today) today;
  today_init (req, &today);
  LsQueueInput in = { .action = LS_QUEUE_REQUEUE,
                      .ticket_id = t->id,
                      .actor_id = u->id,
                      .now = today.now_s,
                      .now_unix = g_date_time_to_unix (today.now),
                      .date = today.date };
  act_and_reply (req, &in);
}

/* The signed-in user allowed on the {unit} capture, or NULL after replying. */
static LsStaffUser *
unit_staff_or_reply (LsRequest *req, bool acting, const LsUnit **ret_unit)
{
  const char *unit_id = ls_request_param (req, "unit");
  LsStaffUser *u = acting ? ls_staff_acting_or_reply (req) : ls_staff_or_reply (req);
  if (!u)
    return NULL;
  const LsUnit *unit = ls_catalog_unit (ls_request_catalog (req), unit_id);
  if (!unit)
    ls_reply_not_found (req);
  else if (ls_staff_unit_allowed_or_reply (req, u, unit->id))
    {
      *ret_unit = unit;
      return u;
    }
  ls_staff_user_free (u);
  return NULL;
}

void
ls_route_unit_counters (LsRequest *req)
{
  const LsUnit *unit;
  g_autoptr (LsStaffUser) u = unit_staff_or_reply (req, false, &unit);
  if (!u)
    return;
  g_auto (Today) today;
  today_init (req, &today);
  g_autoptr (GPtrArray) counters = NULL;
  int r = ls_store_counters_of_unit (req->app->store, unit->id, today.date, &counters);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  json_object *list = json_object_new_array ();
  for (guint i = 0; i < counters->len; i++)
    json_object_array_add (list,
                           ls_json_counter (ls_request_catalog (req), counters->pdata[i], true));
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "counters", list);
  ls_reply_json (req, 200, root);
}

/* The field's tickets of `tickets` (in their order) as a staff list. */
static json_object *
field_tickets (LsRequest *req, const LsField *f, GPtrArray *tickets)
{
  json_object *list = json_object_new_array ();
  for (guint i = 0; i < tickets->len; i++)
    {
      const LsTicket *t = tickets->pdata[i];
      if (strcmp (t->field_id, f->id) == 0)
        json_object_array_add (list, ls_json_queue_ticket (ls_request_catalog (req), t, true));
    }
  return list;
}

static json_object *
field_queue (LsRequest *req, const LsField *f, GPtrArray *waiting, GPtrArray *skipped)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "id", json_object_new_string (f->id));
  json_object_object_add (o, "name", json_object_new_string (f->name));
  json_object_object_add (o, "waiting", field_tickets (req, f, waiting));
  json_object_object_add (o, "skipped", field_tickets (req, f, skipped));
  return o;
}

void
ls_route_unit_queue (LsRequest *req)
{
  const LsUnit *unit;
  g_autoptr (LsStaffUser) u = unit_staff_or_reply (req, false, &unit);
  if (!u)
    return;
  g_auto (Today) today;
  today_init (req, &today);
  g_autoptr (GPtrArray) waiting = NULL, skipped = NULL;
  LsQueuePolicy p;
  int r = ls_store_queue_policy_get (req->app->store, unit->id, &p);
  if (r == 0)
    r = ls_store_queue_waiting (req->app->store, unit->id, today.date, &waiting);
  if (r == 0)
    r = ls_store_queue_skipped (req->app->store, unit->id, today.date, &skipped);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  ls_queue_sort (waiting, &p, g_date_time_to_unix (today.now));
  json_object *fields = json_object_new_array ();
  for (guint i = 0; i < unit->fields->len; i++)
    json_object_array_add (fields, field_queue (req, unit->fields->pdata[i], waiting, skipped));
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "fields", fields);
  ls_reply_json (req, 200, root);
}

void
ls_queue_announce_now (LsApp *app, const char *unit_id)
{
  g_auto (Today) today;
  today_from (layso_clock_now (app->clock), &today);
  g_autoptr (LsCatalog) cat = ls_store_catalog (app->store);
  LsQueueInput in = { .action = LS_QUEUE_ANNOUNCE,
                      .unit_id = unit_id,
                      .now = today.now_s,
                      .now_unix = g_date_time_to_unix (today.now),
                      .date = today.date,
                      .render = ls_queue_render_events,
                      .render_data = cat,
                      .committed = ls_event_hub_publish };
  ls_store_queue_act (app->store, &in, NULL, NULL, NULL);
}

void
ls_queue_announce (LsRequest *req, const char *unit_id)
{
  if (req->app->announcer)
    ls_announcer_request (req->app->announcer, unit_id);
  else
    ls_queue_announce_now (req->app, unit_id);
}
