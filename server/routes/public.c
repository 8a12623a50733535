/* Public read-only routes: health, units, days, slots, notices, ticket status. */
#include "routes/api.h"

#include "app.h"
#include "booking.h"
#include "calendar.h"
#include "clock.h"
#include "routes/render.h"
#include "store/store.h"
#include "textfold.h"
#include "wire.h"
#include "routes/context.h"
#include "routes/errors.h"

#include <string.h>

#define QUERY_MAX_BYTES 200

void
ls_route_health (LsRequest *req)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "status", json_object_new_string ("ok"));
  json_object_object_add (o, "store", json_object_new_string (req->app->store->ops->name));
  json_object_object_add (o, "version", json_object_new_string (LAYSO_VERSION));
  ls_reply_json (req, 200, o);
}

void
ls_route_units (LsRequest *req)
{
  const LsCatalog *cat = ls_request_catalog (req);
  const char *q = ls_request_query (req, "q");
  if (q && strlen (q) > QUERY_MAX_BYTES)
    {
      ls_reply_invalid (req, "q", NULL);
      return;
    }
  g_autofree char *folded = layso_text_fold (q ? q : "");
  if (!folded)
    {
      ls_reply_invalid (req, "q", NULL);
      return;
    }
  json_object *units = json_object_new_array ();
  for (guint i = 0; i < cat->units->len; i++)
    {
      const LsUnit *u = g_ptr_array_index (cat->units, i);
      if (!layso_text_matches (u->folded, folded))
        continue;
      json_object *o = json_object_new_object ();
      json_object_object_add (o, "id", json_object_new_string (u->id));
      json_object_object_add (o, "name", json_object_new_string (u->name));
      json_object_object_add (o, "address", json_object_new_string (u->address));
      json_object_array_add (units, o);
    }
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "units", units);
  ls_reply_json (req, 200, root);
}

/* The {unit} of the path, or NULL after a 404. */
static const LsUnit *
unit_or_reply (LsRequest *req)
{
  const LsUnit *u = ls_catalog_unit (ls_request_catalog (req), ls_request_param (req, "unit"));
  if (!u)
    ls_reply_not_found (req);
  return u;
}

void
ls_route_unit (LsRequest *req)
{
  const LsUnit *u = unit_or_reply (req);
  if (u)
    ls_reply_json (req, 200, ls_json_unit_detail (u));
}

void
ls_route_unit_days (LsRequest *req)
{
  const LsUnit *u = unit_or_reply (req);
  if (!u)
    return;
  LaysoCalendar cal;
  ls_catalog_calendar (ls_request_catalog (req), u, &cal);
  g_autoptr (GDateTime) now = ls_now (req);
  GDate today, days[64];
  layso_date_from_datetime (now, &today);
  size_t n =
      layso_calendar_bookable_days (&cal, &today, u->horizon_days, days, G_N_ELEMENTS (days));
  json_object *arr = json_object_new_array ();
  for (size_t i = 0; i < n; i++)
    {
      char date[11], label[32];
      layso_date_format (&days[i], date);
      layso_day_label_short (&days[i], label, sizeof label);
      json_object *o = json_object_new_object ();
      json_object_object_add (o, "date", json_object_new_string (date));
      json_object_object_add (o, "label", json_object_new_string (label));
      json_object_array_add (arr, o);
    }
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "days", arr);
  ls_reply_json (req, 200, root);
}

/* ?date=YYYY-MM-DD&field=ID of a slots request: the field and a day of the unit's calendar
 * (not yet checked bookable); false after a 400. */
static const LsField *
slots_query_valid_or_reply (LsRequest *req, const LsUnit *u, GDate *ret_day)
{
  const char *date_s = ls_request_query (req, "date");
  const char *field_id = ls_request_query (req, "field");
  if (!date_s || !*date_s)
    {
      ls_reply_invalid (req, "date", LAYSO_MSG_FILL_ALL);
      return NULL;
    }
  if (!layso_date_parse (date_s, ret_day))
    {
      ls_reply_invalid (req, "date", "Ngày không hợp lệ");
      return NULL;
    }
  if (!field_id || !*field_id)
    {
      ls_reply_invalid (req, "field", LAYSO_MSG_FILL_ALL);
      return NULL;
    }
  const LsField *f = ls_unit_field (u, field_id);
  if (!f)
    ls_reply_invalid (req, "field", "Lĩnh vực không tồn tại");
  return f;
}

/* [{"id","start","end","capacity","remaining","full"}] from the seats used per slot, for the
 * slots of the works_as weekday's template (a swapped Saturday: the replaced weekday's). */
static json_object *
slots_json (const LsUnit *u, GDateWeekday works_as, const int *used)
{
  json_object *arr = json_object_new_array ();
  for (guint i = 0; i < u->slots->len; i++)
    {
      const LsSlot *s = g_ptr_array_index (u->slots, i);
      if (!layso_slot_offered_on (s->weekdays, works_as))
        continue;
      char a[6], b[6];
      layso_hhmm_format (s->start, a);
      layso_hhmm_format (s->end, b);
      int remaining = layso_slot_remaining (s->capacity, used[i]);
      json_object *o = json_object_new_object ();
      json_object_object_add (o, "id", json_object_new_string (s->id));
      json_object_object_add (o, "start", json_object_new_string (a));
      json_object_object_add (o, "end", json_object_new_string (b));
      json_object_object_add (o, "capacity", json_object_new_int (s->capacity));
      json_object_object_add (o, "remaining", json_object_new_int (remaining));
      json_object_object_add (o, "full", json_object_new_boolean (remaining == 0));
      json_object_array_add (arr, o);
    }
  return arr;
}

void
ls_route_unit_slots (LsRequest *req)
{
  const LsUnit *u = unit_or_reply (req);
  if (!u)
    return;
  GDate day;
  const LsField *f = slots_query_valid_or_reply (req, u, &day);
  if (!f)
    return;
  LaysoCalendar cal;
  ls_catalog_calendar (ls_request_catalog (req), u, &cal);
  g_autoptr (GDateTime) now = ls_now (req);
  GDate today;
  GDateWeekday works_as;
  layso_date_from_datetime (now, &today);
  if (!layso_calendar_is_bookable (&cal, &today, u->horizon_days, &day) ||
      !layso_calendar_works_as (&cal, &day, &works_as))
    {
      ls_reply_wire (req, LAYSO_WIRE_DATE_NOT_BOOKABLE, NULL, "date");
      return;
    }
  char date[11];
  layso_date_format (&day, date);
  int used[u->slots->len + 1];
  int r = ls_store_slot_usage (req->app->store, u, f->id, date, used);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "date", json_object_new_string (date));
  json_object_object_add (root, "field", json_object_new_string (f->id));
  json_object_object_add (root, "slots", slots_json (u, works_as, used));
  ls_reply_json (req, 200, root);
}

/* Without ?unit= the notices of every unit; each names its unit, so one list can mix them. */
void
ls_route_notices (LsRequest *req)
{
  const LsCatalog *cat = ls_request_catalog (req);
  const char *unit_id = ls_request_query (req, "unit");
  if (unit_id && !*unit_id)
    unit_id = NULL;
  if (unit_id && !ls_catalog_unit (cat, unit_id))
    {
      ls_reply_not_found (req);
      return;
    }
  g_autoptr (GPtrArray) list = NULL;
  int r = ls_store_notices_of_unit (req->app->store, unit_id, &list);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  json_object *arr = json_object_new_array ();
  for (guint i = 0; i < list->len; i++)
    {
      const LsNotice *n = g_ptr_array_index (list, i);
      const LsUnit *u = ls_catalog_unit (cat, n->unit_id);
      json_object *unit = json_object_new_object ();
      json_object_object_add (unit, "id", json_object_new_string (n->unit_id));
      json_object_object_add (unit, "name", json_object_new_string (u ? u->name : ""));
      json_object *o = json_object_new_object ();
      json_object_object_add (o, "id", json_object_new_string (n->id));
      json_object_object_add (o, "unit", unit);
      json_object_object_add (o, "title", json_object_new_string (n->title));
      json_object_object_add (o, "body", json_object_new_string (n->body));
      json_object_object_add (o, "published_at", json_object_new_string (n->published_at));
      json_object_array_add (arr, o);
    }
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "notices", arr);
  ls_reply_json (req, 200, root);
}
