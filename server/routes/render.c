#include "routes/render.h"

#include "booking.h"
#include "calendar.h"
#include "clock.h"
#include "routes/context.h"
#include "slots.h"

#include <string.h>

json_object *
ls_json_unit_detail (const LsUnit *u)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "id", json_object_new_string (u->id));
  json_object_object_add (o, "name", json_object_new_string (u->name));
  json_object_object_add (o, "address", json_object_new_string (u->address));
  json_object_object_add (o, "checkin_lead_minutes", json_object_new_int (u->checkin_lead_minutes));
  json_object *fields = json_object_new_array ();
  for (guint i = 0; i < u->fields->len; i++)
    {
      const LsField *f = g_ptr_array_index (u->fields, i);
      char prefix[2] = { f->prefix, 0 };
      json_object *fo = json_object_new_object ();
      json_object_object_add (fo, "id", json_object_new_string (f->id));
      json_object_object_add (fo, "name", json_object_new_string (f->name));
      json_object_object_add (fo, "prefix", json_object_new_string (prefix));
      json_object_array_add (fields, fo);
    }
  json_object_object_add (o, "fields", fields);
  return o;
}

static json_object *
id_name (const char *id, const char *name)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "id", json_object_new_string (id));
  json_object_object_add (o, "name", json_object_new_string (name ? name : ""));
  return o;
}

json_object *
ls_json_slot (const LsSlot *s, const char *id)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "id", json_object_new_string (id));
  if (s)
    {
      char a[6], b[6];
      layso_hhmm_format (s->start, a);
      layso_hhmm_format (s->end, b);
      json_object_object_add (o, "start", json_object_new_string (a));
      json_object_object_add (o, "end", json_object_new_string (b));
    }
  return o;
}

json_object *
ls_json_booking (const LsCatalog *cat, const LsBooking *b, GDateTime *now)
{
  const LsUnit *u = ls_catalog_unit (cat, b->unit_id);
  const LsField *f = u ? ls_unit_field (u, b->field_id) : NULL;
  const LsSlot *s = u ? ls_unit_slot (u, b->slot_id) : NULL;
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "code", json_object_new_string (b->code));
  json_object_object_add (o, "name", b->name ? json_object_new_string (b->name) : NULL);
  json_object_object_add (o, "cccd", b->cccd ? json_object_new_string (b->cccd) : NULL);
  json_object_object_add (o, "phone", b->phone ? json_object_new_string (b->phone) : NULL);
  json_object_object_add (o, "unit", id_name (b->unit_id, u ? u->name : NULL));
  json_object_object_add (o, "field", id_name (b->field_id, f ? f->name : NULL));
  json_object_object_add (o, "date", json_object_new_string (b->date));
  json_object_object_add (o, "slot", ls_json_slot (s, b->slot_id));
  g_autoptr (GDateTime) from = NULL, until = NULL;
  if (ls_booking_window (cat, b, &from, &until))
    {
      g_autofree char *f1 = layso_rfc3339_format (from);
      g_autofree char *f2 = layso_rfc3339_format (until);
      json_object_object_add (o, "checkin_from", json_object_new_string (f1));
      json_object_object_add (o, "checkin_until", json_object_new_string (f2));
    }
  json_object_object_add (o, "status",
                          json_object_new_string (layso_booking_status_to_string (
                              layso_booking_shown_status (b->status, until, now))));
  return o;
}

json_object *
ls_json_booking_masked (const LsCatalog *cat, const LsBooking *b)
{
  const LsUnit *u = ls_catalog_unit (cat, b->unit_id);
  char buf[LAYSO_CCCD_LEN + 1];
  const char *masked = layso_cccd_masked (b->cccd, buf);
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "code", json_object_new_string (b->code));
  json_object_object_add (o, "name", b->name ? json_object_new_string (b->name) : NULL);
  json_object_object_add (o, "cccd",
                          b->cccd ? json_object_new_string (masked ? masked : "") : NULL);
  json_object_object_add (o, "date", json_object_new_string (b->date));
  json_object_object_add (o, "slot",
                          ls_json_slot (u ? ls_unit_slot (u, b->slot_id) : NULL, b->slot_id));
  return o;
}

json_object *
ls_json_ticket (const LsCatalog *cat, const LsTicket *t)
{
  const LsUnit *u = ls_catalog_unit (cat, t->unit_id);
  const LsField *f = u ? ls_unit_field (u, t->field_id) : NULL;
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "id", json_object_new_string (t->id));
  json_object_object_add (o, "number", json_object_new_string (t->number));
  json_object_object_add (o, "kind",
                          json_object_new_string (layso_ticket_kind_to_string (t->kind)));
  json_object_object_add (o, "field", id_name (t->field_id, f ? f->name : NULL));
  json_object_object_add (o, "issued_at", json_object_new_string (t->issued_at));
  json_object_object_add (o, "priority", json_object_new_boolean (t->priority));
  return o;
}
