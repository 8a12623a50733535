/* GET /api/v1/tickets/{id}/status: the citizen's view from the QR on the ticket (public;
 * the ticket id is a 80-bit random value, and the answer holds no personal data).
 *
 * waiting_before: today's waiting tickets of its field that the calling order puts before
 * it (0 once called, null once done or skipped). The estimate: waiting_before × the field's
 * median service time (call to done) over the last hour, else the unit's minutes per
 * ticket, ÷ the open counters serving the field (at least one), as a range of ±25 %. */
#include "routes/queue.h"

#include "app.h"
#include "routes/queue-json.h"
#include "routes/render.h"
#include "routes/context.h"
#include "routes/errors.h"
#include "queue-order.h"
#include "slots.h"
#include "store/store.h"

#include <string.h>

#define STATUS_ID_MAX_BYTES 64
#define SERVICE_WINDOW_S    3600

/* The field's median service time in seconds over the last hour, or the unit's figure. */
static double
service_seconds (LsRequest *req, const LsTicket *t, const LsUnit *u, gint64 now)
{
  g_autoptr (GArray) times = NULL;
  double fallback = 60.0 * (u ? u->minutes_per_ticket : LAYSO_DEFAULT_MINUTES_PER_TICKET);
  if (ls_store_service_times (req->app->store, t->unit_id, t->field_id, now - SERVICE_WINDOW_S,
                              &times) < 0 ||
      times->len == 0)
    return fallback;
  return layso_median ((gint64 *) (void *) times->data, times->len);
}

/* Counters not paused that serve the ticket's field (at least 1), and the one calling it. */
static unsigned
open_counters (GPtrArray *counters, const LsTicket *t, const LsCounter **ret_calling)
{
  unsigned open = 0;
  *ret_calling = NULL;
  for (guint i = 0; i < counters->len; i++)
    {
      const LsCounter *k = counters->pdata[i];
      if (t->counter_id && strcmp (k->id, t->counter_id) == 0)
        *ret_calling = k;
      if (!k->paused && g_strv_contains ((const char *const *) k->fields, t->field_id))
        open++;
    }
  return MAX (open, 1u);
}

static int
position_in_queue (LsRequest *req, const LsTicket *t, gint64 now)
{
  LsQueuePolicy p;
  g_autoptr (GPtrArray) waiting = NULL;
  if (ls_store_queue_policy_get (req->app->store, t->unit_id, &p) < 0 ||
      ls_store_queue_waiting (req->app->store, t->unit_id, t->date, &waiting) < 0)
    return -1;
  for (guint i = waiting->len; i-- > 0;)
    if (strcmp (((LsTicket *) waiting->pdata[i])->field_id, t->field_id) != 0)
      g_ptr_array_remove_index (waiting, i);
  ls_queue_sort (waiting, &p, now);
  for (guint i = 0; i < waiting->len; i++)
    if (strcmp (((LsTicket *) waiting->pdata[i])->id, t->id) == 0)
      return (int) i;
  return 0;
}

static json_object *
id_name_json (const char *id, const char *name)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "id", json_object_new_string (id));
  json_object_object_add (o, "name", name ? json_object_new_string (name) : NULL);
  return o;
}

static void
add_estimate (json_object *o, const LaysoWaitEstimate *e)
{
  json_object_object_add (o, "estimated_wait_minutes", json_object_new_int (e->minutes));
  json_object *range = json_object_new_array ();
  json_object_array_add (range, json_object_new_int (e->lo));
  json_object_array_add (range, json_object_new_int (e->hi));
  json_object_object_add (o, "estimated_wait_range", range);
}

static json_object *
status_json (LsRequest *req, const LsTicket *t, GPtrArray *counters, gint64 now)
{
  const LsUnit *u = ls_catalog_unit (ls_request_catalog (req), t->unit_id);
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "id", json_object_new_string (t->id));
  json_object_object_add (o, "number", json_object_new_string (t->number));
  json_object_object_add (o, "state", json_object_new_string (t->state));
  /* the unit and field, public: the ticket page follows the unit's event stream */
  json_object_object_add (o, "unit", id_name_json (t->unit_id, u ? u->name : NULL));
  const LsField *f = u ? ls_unit_field (u, t->field_id) : NULL;
  json_object_object_add (o, "field", id_name_json (t->field_id, f ? f->name : NULL));
  const LsCounter *calling;
  unsigned open = open_counters (counters, t, &calling);
  bool waiting = strcmp (t->state, "waiting") == 0, called = strcmp (t->state, "called") == 0;
  int before = waiting ? position_in_queue (req, t, now) : 0;
  json_object_object_add (o, "waiting_before",
                          waiting || called ? json_object_new_int (MAX (before, 0)) : NULL);
  if (called && calling)
    json_object_object_add (o, "counter", ls_json_counter_brief (calling));
  if (waiting || called)
    {
      LaysoWaitEstimate e;
      layso_wait_estimate (before, service_seconds (req, t, u, now), open, &e);
      add_estimate (o, &e);
    }
  else
    {
      json_object_object_add (o, "estimated_wait_minutes", NULL);
      json_object_object_add (o, "estimated_wait_range", NULL);
    }
  return o;
}

void
ls_route_queue_ticket_status (LsRequest *req)
{
  const char *id = ls_request_param (req, "id");
  g_autoptr (LsTicket) t = NULL;
  g_autoptr (GPtrArray) counters = NULL;
  if (strlen (id) > STATUS_ID_MAX_BYTES)
    {
      ls_reply_not_found (req);
      return;
    }
  int r = ls_store_queue_ticket_get (req->app->store, id, &t);
  if (r == 0)
    r = ls_store_counters_of_unit (req->app->store, t->unit_id, t->date, &counters);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  g_autoptr (GDateTime) now = ls_now (req);
  ls_reply_json (req, 200, status_json (req, t, counters, g_date_time_to_unix (now)));
}
