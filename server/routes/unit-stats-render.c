/* A statistics report (routes/unit-stats.h) as JSON and as CSV. */
#include "routes/unit-stats.h"

#include "clock.h"
#include "slots.h"

static json_object *
percentiles_json (const LaysoStatsPercentiles *p)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "n", json_object_new_int64 (p->n));
  json_object_object_add (o, "p50", p->n ? json_object_new_int64 (p->p50) : NULL);
  json_object_object_add (o, "p90", p->n ? json_object_new_int64 (p->p90) : NULL);
  return o;
}

/* The figures into o; with_bookings false for a counter (a booking has none). */
static json_object *
figures_json (json_object *o, const LaysoStatsFigures *f, bool with_bookings)
{
  if (with_bookings)
    {
      json_object_object_add (o, "bookings", json_object_new_int64 (f->bookings));
      json_object_object_add (o, "checked_in", json_object_new_int64 (f->checked_in));
      json_object_object_add (o, "expired", json_object_new_int64 (f->expired));
      json_object_object_add (o, "cancelled", json_object_new_int64 (f->cancelled));
    }
  json_object_object_add (o, "tickets", json_object_new_int64 (f->tickets));
  json_object_object_add (o, "walk_ins", json_object_new_int64 (f->walk_ins));
  json_object_object_add (o, "done", json_object_new_int64 (f->done));
  json_object_object_add (o, "skipped", json_object_new_int64 (f->skipped));
  json_object_object_add (o, "wait_seconds", percentiles_json (&f->wait));
  json_object_object_add (o, "service_seconds", percentiles_json (&f->service));
  return o;
}

static json_object *
id_name_json (const char *id, const char *name)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "id", json_object_new_string (id));
  json_object_object_add (o, "name", json_object_new_string (name));
  return o;
}

static json_object *
days_json (const LsStatsReport *r)
{
  json_object *days = json_object_new_array_ext ((int) r->n_days);
  GDate d;
  layso_date_parse (r->from, &d);
  for (guint i = 0; i < r->n_days; i++, g_date_add_days (&d, 1))
    {
      char date[11];
      layso_date_format (&d, date);
      json_object *o = json_object_new_object ();
      json_object_object_add (o, "date", json_object_new_string (date));
      json_object_array_add (days, figures_json (o, &r->days[i], true));
    }
  return days;
}

static json_object *
breakdowns_json (const LsStatsReport *r, json_object *root)
{
  json_object *fields = json_object_new_array ();
  for (guint i = 0; i < r->unit->fields->len; i++)
    {
      const LsField *f = r->unit->fields->pdata[i];
      if (!r->field || r->field == f)
        json_object_array_add (fields,
                               figures_json (id_name_json (f->id, f->name), &r->fields[i], true));
    }
  json_object_object_add (root, "fields", fields);
  json_object *counters = json_object_new_array ();
  for (guint i = 0; i < r->counters->len; i++)
    {
      const LsCounter *k = r->counters->pdata[i];
      if (r->counter && r->counter != k)
        continue;
      json_object *o = id_name_json (k->id, k->name);
      json_object_object_add (o, "number", json_object_new_int64 (k->number));
      json_object_array_add (counters, figures_json (o, &r->by_counter[i], false));
    }
  json_object_object_add (root, "counters", counters);
  return root;
}

static json_object *
slots_json (const LsStatsReport *r)
{
  json_object *slots = json_object_new_array ();
  for (guint i = 0; i < r->unit->slots->len; i++)
    {
      const LsSlot *s = r->unit->slots->pdata[r->slot_order[i]];
      char start[6], end[6];
      layso_hhmm_format (s->start, start);
      layso_hhmm_format (s->end, end);
      json_object *o = json_object_new_object ();
      json_object_object_add (o, "id", json_object_new_string (s->id));
      json_object_object_add (o, "start", json_object_new_string (start));
      json_object_object_add (o, "end", json_object_new_string (end));
      json_object_object_add (o, "booked",
                              json_object_new_int64 (r->slot_counts[r->slot_order[i]]));
      json_object_array_add (slots, o);
    }
  return slots;
}

json_object *
ls_stats_report_json (const LsStatsReport *r)
{
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "unit", id_name_json (r->unit->id, r->unit->name));
  json_object_object_add (root, "from", json_object_new_string (r->from));
  json_object_object_add (root, "to", json_object_new_string (r->to));
  json_object_object_add (root, "field", r->field ? json_object_new_string (r->field->id) : NULL);
  json_object_object_add (root, "counter",
                          r->counter ? json_object_new_string (r->counter->id) : NULL);
  json_object_object_add (root, "totals",
                          figures_json (json_object_new_object (), &r->total, true));
  json_object_object_add (root, "days", days_json (r));
  breakdowns_json (r, root);
  json_object_object_add (root, "busiest_slots", slots_json (r));
  return root;
}

/* --- CSV (RFC 4180: CRLF; no cell here holds a comma or a quote but the label) ---------- */

static const char csv_header[] = "\xEF\xBB\xBF"
                                 "Ngày,Lượt đặt lịch,Đã lấy số,Vắng mặt (hết hạn),Đã hủy,"
                                 "Tổng số phiếu,Phiếu lấy trực tiếp,Đã phục vụ,Bỏ qua,"
                                 "Thời gian chờ p50 (giây),Thời gian chờ p90 (giây),"
                                 "Thời gian phục vụ p50 (giây),Thời gian phục vụ p90 (giây)\r\n";

static void
csv_percentiles (GString *out, const LaysoStatsPercentiles *p)
{
  if (p->n)
    g_string_append_printf (out, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, p->p50, p->p90);
  else
    g_string_append (out, ",,"); /* no sample: empty cells, not a made-up 0 */
}

static void
csv_row (GString *out, const char *label, const LaysoStatsFigures *f)
{
  g_string_append_printf (out, "%s,%u,%u,%u,%u,%u,%u,%u,%u", label, f->bookings, f->checked_in,
                          f->expired, f->cancelled, f->tickets, f->walk_ins, f->done, f->skipped);
  csv_percentiles (out, &f->wait);
  csv_percentiles (out, &f->service);
  g_string_append (out, "\r\n");
}

GString *
ls_stats_report_csv (const LsStatsReport *r)
{
  GString *out = g_string_new (csv_header);
  GDate d;
  layso_date_parse (r->from, &d);
  for (guint i = 0; i < r->n_days; i++, g_date_add_days (&d, 1))
    {
      char date[11];
      layso_date_format (&d, date);
      csv_row (out, date, &r->days[i]);
    }
  csv_row (out, "Tổng", &r->total);
  return out;
}
