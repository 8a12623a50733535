/* JSON shapes of the queue (queue-json.h). Public shapes carry no personal data: ticket
 * numbers, fields and counters only. */
#include "routes/queue-json.h"

#include "queue-order.h"
#include "routes/render.h"

#include <string.h>

static json_object *
id_name (const char *id, const char *name)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "id", json_object_new_string (id));
  json_object_object_add (o, "name", name ? json_object_new_string (name) : NULL);
  return o;
}

static json_object *
field_of (const LsCatalog *cat, const LsTicket *t)
{
  const LsUnit *u = ls_catalog_unit (cat, t->unit_id);
  const LsField *f = u ? ls_unit_field (u, t->field_id) : NULL;
  return id_name (t->field_id, f ? f->name : NULL);
}

char *
ls_json_take_string (json_object *obj)
{
  char *s = g_strdup (json_object_to_json_string_ext (obj, JSON_C_TO_STRING_PLAIN |
                                                               JSON_C_TO_STRING_NOSLASHESCAPE));
  json_object_put (obj);
  return s;
}

json_object *
ls_json_queue_ticket (const LsCatalog *cat, const LsTicket *t, bool staff)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "id", json_object_new_string (t->id));
  json_object_object_add (o, "number", json_object_new_string (t->number));
  json_object_object_add (
      o, "kind",
      json_object_new_string (t->kind == LAYSO_TICKET_WALK_IN ? "walk_in" : "appointment"));
  json_object_object_add (o, "priority", json_object_new_boolean (t->priority));
  json_object_object_add (o, "field", field_of (cat, t));
  json_object_object_add (o, "state", json_object_new_string (t->state));
  json_object_object_add (o, "issued_at", json_object_new_string (t->issued_at));
  if (t->called_at)
    json_object_object_add (o, "called_at", json_object_new_string (t->called_at));
  if (t->counter_id)
    json_object_object_add (o, "counter", json_object_new_string (t->counter_id));
  if (t->called_at)
    json_object_object_add (o, "recalls", json_object_new_int (t->recalls));
  if (t->print_ok >= 0)
    json_object_object_add (o, "printed", json_object_new_boolean (t->print_ok == 1));
  if (staff)
    json_object_object_add (o, "name",
                            t->booking_name ? json_object_new_string (t->booking_name) : NULL);
  if (staff && t->booking_slot)
    {
      const LsUnit *u = ls_catalog_unit (cat, t->unit_id);
      json_object_object_add (
          o, "slot", ls_json_slot (u ? ls_unit_slot (u, t->booking_slot) : NULL, t->booking_slot));
    }
  return o;
}

json_object *
ls_json_counter (const LsCatalog *cat, const LsCounter *k, bool staff)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "id", json_object_new_string (k->id));
  json_object_object_add (o, "name", json_object_new_string (k->name));
  json_object_object_add (o, "number", json_object_new_int ((int) k->number));
  json_object *fields = json_object_new_array ();
  for (char **f = k->fields; f && *f; f++)
    json_object_array_add (fields, json_object_new_string (*f));
  json_object_object_add (o, "fields", fields);
  json_object_object_add (o, "paused", json_object_new_boolean (k->paused));
  json_object_object_add (o, "serving",
                          k->serving ? ls_json_queue_ticket (cat, k->serving, staff) : NULL);
  return o;
}

json_object *
ls_json_ticket_brief (const LsCatalog *cat, const LsTicket *t)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "id", json_object_new_string (t->id));
  json_object_object_add (o, "number", json_object_new_string (t->number));
  json_object_object_add (o, "field", field_of (cat, t));
  return o;
}

json_object *
ls_json_counter_brief (const LsCounter *k)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "id", json_object_new_string (k->id));
  json_object_object_add (o, "name", json_object_new_string (k->name));
  json_object_object_add (o, "number", json_object_new_int ((int) k->number));
  return o;
}

json_object *
ls_json_waiting_counts (GPtrArray *waiting)
{
  json_object *list = json_object_new_array ();
  for (guint i = 0; i < waiting->len; i++)
    {
      const LsFieldCount *fc = waiting->pdata[i];
      json_object *o = json_object_new_object ();
      json_object_object_add (o, "field", json_object_new_string (fc->field_id));
      json_object_object_add (o, "count", json_object_new_int (fc->waiting));
      json_object_array_add (list, o);
    }
  return list;
}

static void
add_event (GPtrArray *events, const char *type, json_object *data)
{
  g_autofree char *text = ls_json_take_string (data);
  g_ptr_array_add (events, ls_event_new (0, type, text));
}

static json_object *
called_event (const LsCatalog *cat, const LsQueueChange *ch)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "ticket", ls_json_ticket_brief (cat, ch->ticket));
  json_object_object_add (o, "counter", ls_json_counter_brief (ch->counter));
  json_object_object_add (o, "recall", json_object_new_boolean (ch->action == LS_QUEUE_RECALL));
  json_object_object_add (o, "at", json_object_new_string (ch->at));
  return o;
}

static json_object *
counter_event (const LsCatalog *cat, const LsCounter *k)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "counter", ls_json_counter_brief (k));
  json_object_object_add (o, "serving", k->serving ? ls_json_ticket_brief (cat, k->serving) : NULL);
  json_object_object_add (o, "paused", json_object_new_boolean (k->paused));
  return o;
}

static json_object *
queue_event (GPtrArray *waiting)
{
  json_object *fields = json_object_new_array ();
  for (guint i = 0; i < waiting->len; i++)
    {
      const LsFieldCount *fc = waiting->pdata[i];
      json_object *f = json_object_new_object ();
      json_object_object_add (f, "id", json_object_new_string (fc->field_id));
      json_object_object_add (f, "waiting", json_object_new_int (fc->waiting));
      json_object_array_add (fields, f);
    }
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "fields", fields);
  return o;
}

void
ls_queue_render_events (const LsQueueChange *ch, void *user_data, GPtrArray *ret_events)
{
  const LsCatalog *cat = user_data;
  bool called = ch->action == LS_QUEUE_NEXT || (ch->action == LS_QUEUE_RECALL && ch->recall);
  if (called)
    add_event (ret_events, "called", called_event (cat, ch));
  if (ch->counter && !(ch->action == LS_QUEUE_RECALL && ch->recall))
    add_event (ret_events, "counter", counter_event (cat, ch->counter));
  bool queue_changed = ch->action == LS_QUEUE_NEXT || ch->action == LS_QUEUE_TRANSFER ||
                       ch->action == LS_QUEUE_REQUEUE || ch->action == LS_QUEUE_ANNOUNCE;
  if (queue_changed)
    add_event (ret_events, "queue", queue_event (ch->waiting));
}

void
ls_queue_sort (GPtrArray *tickets, const LsQueuePolicy *p, gint64 now)
{
  guint n = tickets->len;
  if (n < 2)
    return;
  g_autofree LaysoQueueEntry *entries = g_new (LaysoQueueEntry, n);
  g_autofree size_t *order = g_new (size_t, n);
  g_autofree gpointer *copy = g_memdup2 (tickets->pdata, n * sizeof (gpointer));
  for (guint i = 0; i < n; i++)
    {
      const LsTicket *t = copy[i];
      entries[i] = (LaysoQueueEntry){ t->kind == LAYSO_TICKET_WALK_IN, t->priority, t->queued_at };
    }
  LaysoQueuePolicy qp = { p->appointments_per_walk_in, p->max_wait_minutes * 60, 0 };
  layso_queue_order (entries, n, &qp, now, order);
  for (guint i = 0; i < n; i++)
    tickets->pdata[i] = copy[order[i]];
}
