/* GET /api/v1/admin/units/{unit}/stats (routes/unit-stats.h): who may ask, what the query may
 * say, then the store's raw rows turned into figures (common/stats.h). */
#include "routes/unit-stats.h"

#include "app.h"
#include "routes/admin.h"
#include "routes/errors.h"
#include "routes/staff.h"

#include <errno.h>
#include <string.h>

#define RANGE_MESSAGE "Khoảng thời gian không hợp lệ (tối đa 366 ngày, định dạng YYYY-MM-DD)"

static const LsCounter *
counter_of (GPtrArray *counters, const char *id)
{
  for (guint i = 0; i < counters->len; i++)
    if (strcmp (((LsCounter *) counters->pdata[i])->id, id) == 0)
      return counters->pdata[i];
  return NULL;
}

/* from, to, field, counter and format, each checked (400 invalid_input naming it);
 * *ret_csv: CSV asked for. The counters are read here: a counter must be the unit's. */
static bool
query_or_reply (LsRequest *req, LsStatsReport *r, bool *ret_csv)
{
  const char *from = ls_request_query (req, "from"), *to = ls_request_query (req, "to");
  int e = layso_stats_range_check (from, to, &r->n_days);
  if (e < 0)
    {
      ls_reply_invalid (req, e == -EINVAL ? "from" : "to", RANGE_MESSAGE);
      return false;
    }
  r->from = from;
  r->to = to;
  const char *field = ls_request_query (req, "field");
  if (field && !(r->field = ls_unit_field (r->unit, field)))
    {
      ls_reply_invalid (req, "field", "Lĩnh vực không thuộc đơn vị này");
      return false;
    }
  const char *format = ls_request_query (req, "format");
  if (format && strcmp (format, "csv") != 0 && strcmp (format, "json") != 0)
    {
      ls_reply_invalid (req, "format", "Định dạng chỉ có thể là json hoặc csv");
      return false;
    }
  *ret_csv = format && strcmp (format, "csv") == 0;
  int s = ls_store_counters_of_unit (req->app->store, r->unit->id, to, &r->counters);
  if (s < 0)
    {
      ls_reply_store_error (req, s);
      return false;
    }
  const char *counter = ls_request_query (req, "counter");
  if (counter && !(r->counter = counter_of (r->counters, counter)))
    {
      ls_reply_invalid (req, "counter", "Quầy không thuộc đơn vị này");
      return false;
    }
  return true;
}

/* NULL-terminated ids of a list, borrowed: each element's first member is its char *id. */
static const char **
ids_of (GPtrArray *list)
{
  const char **ids = g_new0 (const char *, list->len + 1);
  for (guint i = 0; i < list->len; i++)
    ids[i] = *(char **) list->pdata[i];
  return ids;
}

static void
report_compute (LsStatsReport *r, GArray *tickets, GArray *bookings)
{
  LaysoStatsRows rows = { (const LaysoStatsTicket *) (void *) tickets->data, tickets->len,
                          (const LaysoStatsBookings *) (void *) bookings->data, bookings->len };
  guint n_fields = r->unit->fields->len, n_slots = r->unit->slots->len;
  r->days = g_new (LaysoStatsFigures, r->n_days);
  r->fields = g_new (LaysoStatsFigures, n_fields);
  r->by_counter = g_new (LaysoStatsFigures, r->counters->len);
  r->slot_counts = g_new (guint, n_slots);
  r->slot_order = g_new (size_t, n_slots);
  layso_stats_group (&rows, LAYSO_STATS_BY_ALL, &r->total, 1);
  layso_stats_group (&rows, LAYSO_STATS_BY_DAY, r->days, r->n_days);
  layso_stats_group (&rows, LAYSO_STATS_BY_FIELD, r->fields, n_fields);
  layso_stats_group (&rows, LAYSO_STATS_BY_COUNTER, r->by_counter, r->counters->len);
  layso_stats_busiest_slots (&rows, n_slots, r->slot_counts, r->slot_order);
}

/* The store's rows into r's figures; false after replying. */
static bool
report_fill_or_reply (LsRequest *req, LsStatsReport *r)
{
  g_autofree const char **field_ids = ids_of (r->unit->fields);
  g_autofree const char **slot_ids = ids_of (r->unit->slots);
  g_autofree const char **counter_ids = ids_of (r->counters);
  LsStatsQuery q = { r->unit->id,
                     r->from,
                     r->to,
                     r->field ? r->field->id : NULL,
                     r->counter ? r->counter->id : NULL,
                     field_ids,
                     slot_ids,
                     counter_ids };
  g_autoptr (GArray) tickets = NULL;
  g_autoptr (GArray) bookings = NULL;
  int e = ls_store_stats_rows (req->app->store, &q, &tickets, &bookings);
  if (e == -E2BIG)
    {
      ls_reply_invalid (req, "from", "Khoảng thời gian có quá nhiều phiếu, hãy chọn ngắn hơn");
      return false;
    }
  if (e < 0)
    {
      ls_reply_store_error (req, e);
      return false;
    }
  report_compute (r, tickets, bookings);
  return true;
}

void
ls_stats_report_clear (LsStatsReport *r)
{
  g_clear_pointer (&r->counters, g_ptr_array_unref);
  g_clear_pointer (&r->days, g_free);
  g_clear_pointer (&r->fields, g_free);
  g_clear_pointer (&r->by_counter, g_free);
  g_clear_pointer (&r->slot_counts, g_free);
  g_clear_pointer (&r->slot_order, g_free);
}

/* "thong-ke-<unit>-<from>-<to>.csv", the unit id kept to [a-z0-9-] for the header's sake */
static char *
csv_filename (const LsStatsReport *r)
{
  g_autofree char *unit = g_ascii_strdown (r->unit->id, -1);
  for (char *p = unit; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      *p = '-';
  return g_strdup_printf ("attachment; filename=\"thong-ke-%s-%s-%s.csv\"", unit, r->from, r->to);
}

void
ls_route_unit_stats (LsRequest *req)
{
  LsStatsReport r = { 0 };
  bool csv = false;
  g_autoptr (LsStaffUser) u = ls_admin_unit_or_reply (req, false, &r.unit);
  if (u && query_or_reply (req, &r, &csv) && report_fill_or_reply (req, &r))
    {
      if (csv)
        {
          GString *text = ls_stats_report_csv (&r);
          g_autoptr (GBytes) bytes = g_string_free_to_bytes (text);
          g_autofree char *disposition = csv_filename (&r);
          ls_reply_bytes (req, 200, "text/csv; charset=utf-8", bytes, "Content-Disposition",
                          disposition, "Cache-Control", "no-store", NULL);
        }
      else
        ls_reply_json (req, 200, ls_stats_report_json (&r));
    }
  ls_stats_report_clear (&r);
}
