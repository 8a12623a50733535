/* Administration of a unit: its settings, fields, slot templates and closed days. A change
 * that takes seats away from bookings already made is the capacity rule's (issue 11, item 2:
 * common/booking.h layso_capacity_change_decide), decided by the store inside its write. */
#include "routes/admin.h"

#include "app.h"
#include "booking.h"
#include "clock.h"
#include "routes/body.h"
#include "routes/context.h"
#include "routes/errors.h"
#include "routes/render.h"
#include "routes/staff.h"

#include <errno.h>
#include <string.h>

#define MAX_CLOSED_DAYS 366 /* kept per unit: a hard limit on what a manager can make us hold */

static const char *const weekday_names[] = {
  NULL, "mon", "tue", "wed", "thu", "fri", "sat", "sun"
}; /* GDateWeekday */

/* --- GET /api/v1/admin/units/{unit} --------------------------------------------------------- */

static json_object *
weekdays_json (guint8 mask)
{
  json_object *arr = json_object_new_array ();
  for (int d = G_DATE_MONDAY; d <= G_DATE_SUNDAY; d++)
    if (mask & (1u << d))
      json_object_array_add (arr, json_object_new_string (weekday_names[d]));
  return arr;
}

static json_object *
slots_json (const LsUnit *u)
{
  json_object *arr = json_object_new_array ();
  for (guint i = 0; i < u->slots->len; i++)
    {
      const LsSlot *sl = g_ptr_array_index (u->slots, i);
      char start[6], end[6];
      layso_hhmm_format (sl->start, start);
      layso_hhmm_format (sl->end, end);
      json_object *o = json_object_new_object ();
      json_object_object_add (o, "id", json_object_new_string (sl->id));
      json_object_object_add (o, "start", json_object_new_string (start));
      json_object_object_add (o, "end", json_object_new_string (end));
      json_object_object_add (o, "capacity", json_object_new_int (sl->capacity));
      json_object_object_add (o, "weekdays", weekdays_json (sl->weekdays));
      json_object_array_add (arr, o);
    }
  return arr;
}

static json_object *
range_json (const LaysoNumberRange *r)
{
  if (!r->first)
    return NULL;
  g_autofree char *s = g_strdup_printf ("%u-%u", r->first, r->last);
  return json_object_new_string (s);
}

/* The fields with their ticket number ranges (null: the default numbering). */
static json_object *
fields_json (const LsUnit *u)
{
  json_object *arr = json_object_new_array ();
  for (guint i = 0; i < u->fields->len; i++)
    {
      const LsField *f = g_ptr_array_index (u->fields, i);
      char prefix[2] = { f->prefix, 0 };
      json_object *o = json_object_new_object ();
      json_object_object_add (o, "id", json_object_new_string (f->id));
      json_object_object_add (o, "name", json_object_new_string (f->name));
      json_object_object_add (o, "prefix", json_object_new_string (prefix));
      json_object_object_add (o, "walk_in_numbers", range_json (&f->walk_in_numbers));
      json_object_object_add (o, "appointment_numbers", range_json (&f->appointment_numbers));
      json_object_array_add (arr, o);
    }
  return arr;
}

static char *
hours_text (const LsUnit *u)
{
  GString *g = g_string_new (NULL);
  for (size_t i = 0; i < u->n_opening_hours; i++)
    {
      char a[6], b[6];
      layso_hhmm_format (u->opening_hours[i].start, a);
      layso_hhmm_format (u->opening_hours[i].end, b);
      g_string_append_printf (g, "%s%s-%s", i ? "," : "", a, b);
    }
  return g_string_free (g, FALSE);
}

static json_object *
unit_json (const LsUnit *u)
{
  json_object *o = ls_json_unit_detail (u);
  json_object_object_add (o, "fields", fields_json (u)); /* with their number ranges */
  g_autofree char *hours = hours_text (u);
  json_object_object_add (o, "opening_hours", json_object_new_string (hours));
  json_object_object_add (o, "saturday",
                          json_object_new_boolean (u->working_weekdays & (1u << G_DATE_SATURDAY)));
  json_object_object_add (o, "horizon_days", json_object_new_int ((int) u->horizon_days));
  json_object_object_add (o, "max_active_per_cccd",
                          json_object_new_int ((int) u->max_active_per_cccd));
  json_object_object_add (o, "max_active_per_cccd_unit",
                          json_object_new_int ((int) u->max_active_per_cccd_unit));
  json_object_object_add (o, "minutes_per_ticket",
                          json_object_new_int ((int) u->minutes_per_ticket));
  json_object_object_add (o, "slots", slots_json (u));
  json_object *closed = json_object_new_array ();
  for (guint i = 0; i < u->closed_days->len; i++)
    {
      char d[11];
      layso_date_format (&g_array_index (u->closed_days, GDate, i), d);
      json_object_array_add (closed, json_object_new_string (d));
    }
  json_object_object_add (o, "closed_days", closed);
  return o;
}

/* The calling policy as POST /units/{unit}/queue-policy takes it. */
static json_object *
policy_json (const LsQueuePolicy *p)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "appointments_per_walk_in",
                          json_object_new_int ((int) p->appointments_per_walk_in));
  json_object_object_add (o, "max_wait_minutes", json_object_new_int ((int) p->max_wait_minutes));
  json_object_object_add (o, "recall_limit", json_object_new_int ((int) p->recall_limit));
  json_object_object_add (o, "recall_gap_seconds", json_object_new_int ((int) p->recall_gap_s));
  return o;
}

/* The unit as its settings stand now (after a write: as just reloaded), with its notices. */
static void
reply_unit (LsRequest *req, const char *unit_id, unsigned status)
{
  const LsCatalog *cat = ls_store_catalog (req->app->store);
  const LsUnit *u = ls_catalog_unit (cat, unit_id);
  g_autoptr (GPtrArray) notices = NULL;
  int r = u ? ls_store_notices_admin (req->app->store, unit_id, &notices) : -LS_E_NOT_FOUND;
  if (r < 0)
    {
      ls_catalog_free ((LsCatalog *) cat);
      ls_reply_store_error (req, r);
      return;
    }
  LsQueuePolicy p = LS_QUEUE_POLICY_DEFAULT;
  if ((r = ls_store_queue_policy_get (req->app->store, unit_id, &p)) < 0 && r != -LS_E_NOT_FOUND)
    {
      ls_catalog_free ((LsCatalog *) cat);
      ls_reply_store_error (req, r);
      return;
    }
  json_object *o = unit_json (u);
  json_object_object_add (o, "queue_policy", policy_json (&p));
  json_object *arr = json_object_new_array ();
  for (guint i = 0; i < notices->len; i++)
    json_object_array_add (arr, ls_admin_notice_json (g_ptr_array_index (notices, i)));
  json_object_object_add (o, "notices", arr);
  ls_catalog_free ((LsCatalog *) cat);
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "unit", o);
  ls_reply_json (req, status, root);
}

void
ls_route_admin_unit_get (LsRequest *req)
{
  const LsUnit *unit;
  g_autoptr (LsStaffUser) u = ls_admin_unit_or_reply (req, false, &unit);
  if (u)
    reply_unit (req, unit->id, 200);
}

/* --- POST /api/v1/admin/units/{unit} ---------------------------------------------------------- */

void
ls_route_admin_unit_update (LsRequest *req)
{
  const LsUnit *unit;
  g_autoptr (LsStaffUser) u = ls_admin_unit_or_reply (req, true, &unit);
  LsAdminUnitBody b;
  if (!u || !ls_body_decode_or_reply (req, ls_schema_admin_unit, &b))
    return;
  LaysoPeriod hours[LAYSO_MAX_PERIODS];
  size_t n_hours = 0;
  layso_periods_parse (b.opening_hours, hours, &n_hours); /* the schema checked it */
  guint8 weekdays = (unit->working_weekdays & ~(1u << G_DATE_SATURDAY)) |
                    (b.saturday ? 1u << G_DATE_SATURDAY : 0);
  LsUnitUpdate in = { unit->id,
                      b.name,
                      b.address,
                      (int) b.checkin_lead_minutes,
                      weekdays,
                      hours,
                      n_hours,
                      (unsigned) b.max_active_per_cccd,
                      (unsigned) b.max_active_per_cccd_unit,
                      (unsigned) b.horizon_days,
                      (unsigned) b.minutes_per_ticket };
  g_autofree char *now = ls_admin_now (req);
  LsAuditEntry e = { u->id, "unit.update", unit->id, unit->id, NULL, now };
  int r = ls_store_unit_update (req->app->store, &in, &e);
  if (r < 0)
    ls_reply_store_error (req, r);
  else if (ls_admin_reload_or_reply (req))
    reply_unit (req, unit->id, 200);
}

/* --- POST /api/v1/admin/units/{unit}/fields/{field} ------------------------------------------ */

/* The field's own ticket numbers: both ranges or neither, not overlapping; false after a 400. */
static bool
field_numbers_or_reply (LsRequest *req, const LsAdminFieldBody *b, LsField *f)
{
  if (!b->walk_in_numbers && !b->appointment_numbers)
    return true;
  if (!b->walk_in_numbers || !b->appointment_numbers)
    {
      ls_reply_invalid (req, b->walk_in_numbers ? "appointment_numbers" : "walk_in_numbers",
                        "Cần cả dãy số không hẹn và dãy số có hẹn");
      return false;
    }
  layso_number_range_parse (b->walk_in_numbers, &f->walk_in_numbers); /* the schema checked */
  layso_number_range_parse (b->appointment_numbers, &f->appointment_numbers);
  if (!layso_number_ranges_disjoint (&f->walk_in_numbers, &f->appointment_numbers))
    {
      ls_reply_invalid (req, "appointment_numbers", "Hai dãy số không được trùng nhau");
      return false;
    }
  return true;
}

void
ls_route_admin_field_put (LsRequest *req)
{
  const LsUnit *unit;
  const char *id = ls_request_param (req, "field");
  g_autoptr (LsStaffUser) u = ls_admin_unit_or_reply (req, true, &unit);
  LsAdminFieldBody b;
  if (!u || !ls_admin_id_valid_or_reply (req, id, "field") ||
      !ls_body_decode_or_reply (req, ls_schema_admin_field, &b))
    return;
  LsField f = { (char *) id, (char *) b.name, b.prefix[0], { 0, 0 }, { 0, 0 } };
  if (!field_numbers_or_reply (req, &b, &f))
    return;
  g_autofree char *now = ls_admin_now (req);
  LsAuditEntry e = { u->id,    ls_unit_field (unit, id) ? "field.update" : "field.create",
                     unit->id, id,
                     b.prefix, now };
  int r = ls_store_field_put (req->app->store, unit->id, &f, &e);
  if (r == -EEXIST)
    ls_reply_error (req, 409, "prefix_taken", "Chữ cái này đã dùng cho lĩnh vực khác", "prefix");
  else if (r < 0)
    ls_reply_store_error (req, r);
  else if (ls_admin_reload_or_reply (req))
    reply_unit (req, unit->id, 200);
}

/* --- capacity changes ------------------------------------------------------------------------- */

typedef struct
{
  const LsCatalog *cat;
  const LsUnit *unit;
  const LsSlot *slot;     /* the slot as it will be; NULL when closing a day */
  const char *close_date; /* the day closed */
} CapacityCtx;

/* LsCapacityOn: what a slot holds on `date` after the change. */
static int
capacity_after (const char *unit_id, const char *slot_id, const char *date, void *data)
{
  const CapacityCtx *c = data;
  GDate day;
  (void) unit_id; /* the change's own unit: the store reads no other */
  if (!layso_date_parse (date, &day))
    return 0;
  if (!c->slot)
    {
      const LsSlot *now = ls_unit_slot (c->unit, slot_id);
      return strcmp (date, c->close_date) == 0 || !now ? 0 : now->capacity;
    }
  return ls_unit_slot_offered (c->cat, c->unit, &day, c->slot) ? c->slot->capacity : 0;
}

static json_object *
affected_json (GPtrArray *bookings)
{
  json_object *arr = json_object_new_array ();
  for (guint i = 0; bookings && i < bookings->len; i++)
    {
      const LsBooking *b = g_ptr_array_index (bookings, i);
      json_object *o = json_object_new_object ();
      json_object_object_add (o, "code", json_object_new_string (b->code));
      json_object_object_add (o, "name", b->name ? json_object_new_string (b->name) : NULL);
      json_object_object_add (o, "phone", b->phone ? json_object_new_string (b->phone) : NULL);
      json_object_object_add (o, "field", json_object_new_string (b->field_id));
      json_object_object_add (o, "date", json_object_new_string (b->date));
      json_object_object_add (o, "slot", json_object_new_string (b->slot_id));
      json_object_array_add (arr, o);
    }
  return arr;
}

static void
reply_in_use (LsRequest *req, unsigned affected, const char *member)
{
  g_autofree char *msg = g_strdup_printf ("Thay đổi này ảnh hưởng %u lịch hẹn đã đặt. Gửi lại "
                                          "với xác nhận để áp dụng: các lịch hẹn vẫn giữ nguyên.",
                                          affected);
  json_object *err = json_object_new_object ();
  json_object_object_add (err, "code", json_object_new_string ("capacity_in_use"));
  json_object_object_add (err, "message", json_object_new_string (msg));
  json_object_object_add (err, "field", json_object_new_string (member));
  json_object_object_add (err, "count", json_object_new_int ((int) affected));
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "error", err);
  ls_reply_json (req, 409, root);
}

json_object *
ls_admin_capacity_change_or_reply (LsRequest *req, const LsCapacityChange *in, const char *member)
{
  unsigned affected = 0;
  g_autoptr (GPtrArray) bookings = NULL;
  int r = ls_store_capacity_change (req->app->store, in, &affected, &bookings);
  if (r == -LS_E_CAPACITY_IN_USE)
    reply_in_use (req, affected, member);
  else if (r < 0)
    ls_reply_store_error (req, r);
  else if (ls_admin_reload_or_reply (req))
    {
      json_object *root = json_object_new_object ();
      json_object_object_add (root, "affected_count", json_object_new_int ((int) affected));
      json_object_object_add (root, "affected", affected_json (bookings));
      return root;
    }
  return NULL;
}

/* A unit's change through the store: 409 capacity_in_use, or 200 with the bookings now over
 * capacity (staff only: names and phones to call). */
static void
capacity_change_reply (LsRequest *req, LsCapacityChange *in, const char *member)
{
  const LsCatalog *cat = ls_request_catalog (req);
  CapacityCtx ctx = { cat, ls_catalog_unit (cat, in->unit_id), in->slot, in->close_date };
  in->capacity_on = capacity_after;
  in->capacity_data = &ctx;
  json_object *root = ls_admin_capacity_change_or_reply (req, in, member);
  if (root)
    ls_reply_json (req, 200, root);
}

/* The weekdays' names as a mask; false after a 400. */
static bool
weekdays_or_reply (LsRequest *req, json_object *arr, guint8 *ret)
{
  guint8 mask = 0;
  for (size_t i = 0; i < json_object_array_length (arr); i++)
    {
      const char *name = json_object_get_string (json_object_array_get_idx (arr, i));
      int d = G_DATE_MONDAY;
      while (d <= G_DATE_SUNDAY && strcmp (weekday_names[d], name) != 0)
        d++;
      if (d > G_DATE_SUNDAY)
        {
          ls_reply_invalid (req, "weekdays",
                            "Ngày trong tuần là mon, tue, wed, thu, fri, sat, sun");
          return false;
        }
      mask |= (guint8) (1u << d);
    }
  *ret = mask;
  return true;
}

static char *
today (LsRequest *req)
{
  g_autoptr (GDateTime) now = ls_now (req);
  GDate d;
  char s[11];
  layso_date_from_datetime (now, &d);
  layso_date_format (&d, s);
  return g_strdup (s);
}

/* POST /api/v1/admin/units/{unit}/slots/{slot}: a slot template, new or changed. */
void
ls_route_admin_slot_put (LsRequest *req)
{
  const LsUnit *unit;
  const char *id = ls_request_param (req, "slot");
  g_autoptr (LsStaffUser) u = ls_admin_unit_or_reply (req, true, &unit);
  LsAdminSlotBody b;
  LsSlot sl = { (char *) id, 0, 0, 0, 0 };
  if (!u || !ls_admin_id_valid_or_reply (req, id, "slot") ||
      !ls_body_decode_or_reply (req, ls_schema_admin_slot, &b) ||
      !weekdays_or_reply (req, b.weekdays, &sl.weekdays))
    return;
  layso_hhmm_parse (b.start, &sl.start); /* the schema checked both */
  layso_hhmm_parse (b.end, &sl.end);
  if (sl.start >= sl.end)
    {
      ls_reply_invalid (req, "end", "Giờ kết thúc phải sau giờ bắt đầu");
      return;
    }
  sl.capacity = (int) b.capacity;
  g_autofree char *now = ls_admin_now (req), *from = today (req);
  g_autofree char *detail = g_strdup_printf ("%s-%s cap %d days %u%s", b.start, b.end, sl.capacity,
                                             sl.weekdays, b.confirm ? " confirmed" : "");
  LsAuditEntry e = { u->id,    ls_unit_slot (unit, id) ? "slot.update" : "slot.create",
                     unit->id, id,
                     detail,   now };
  LsCapacityChange in = {
    .unit_id = unit->id, .slot = &sl, .from_date = from, .confirmed = b.confirm, .audit = &e
  };
  capacity_change_reply (req, &in, "capacity");
}

/* POST /api/v1/admin/units/{unit}/closed-days: the unit closes on a day (today or later). */
void
ls_route_admin_closed_day (LsRequest *req)
{
  const LsUnit *unit;
  g_autoptr (LsStaffUser) u = ls_admin_unit_or_reply (req, true, &unit);
  LsAdminClosedDayBody b;
  if (!u || !ls_body_decode_or_reply (req, ls_schema_admin_closed_day, &b))
    return;
  g_autofree char *now = ls_admin_now (req), *from = today (req);
  if (strcmp (b.date, from) < 0 || unit->closed_days->len >= MAX_CLOSED_DAYS)
    {
      ls_reply_invalid (req, "date", "Chỉ đóng cửa được từ hôm nay trở đi, tối đa 366 ngày");
      return;
    }
  LsAuditEntry e = {
    u->id, "unit.close_day", unit->id, b.date, b.confirm ? "confirmed" : NULL, now
  };
  LsCapacityChange in = { .unit_id = unit->id,
                          .close_date = b.date,
                          .from_date = from,
                          .confirmed = b.confirm,
                          .audit = &e };
  capacity_change_reply (req, &in, "date");
}
