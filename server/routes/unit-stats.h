/* Statistics of a unit (issue 11 items 4 and 6; definitions in common/stats.h):
 *   GET /api/v1/admin/units/{unit}/stats?from=YYYY-MM-DD&to=YYYY-MM-DD[&field=ID]
 *       [&counter=ID][&format=json|csv]
 * for the unit's managers and the admins. JSON by default; CSV (UTF-8 with a BOM, so that
 * Excel reads Vietnamese right) as a download, one row a day and a total row. */
#pragma once

#include "http/http.h"
#include "stats.h"
#include "store/store.h"

/* What a statistics answer says, computed once, rendered as JSON or CSV (unit-stats-render.c). */
typedef struct
{
  const LsUnit *unit;
  const char *from, *to; /* valid, layso_stats_range_check */
  guint n_days;
  const LsField *field;          /* NULL: every field */
  const LsCounter *counter;      /* NULL: every counter */
  GPtrArray *counters;           /* LsCounter* of the unit */
  LaysoStatsFigures total;       /* the counter filter applies to tickets only */
  LaysoStatsFigures *days;       /* [n_days] */
  LaysoStatsFigures *fields;     /* [unit->fields->len] */
  LaysoStatsFigures *by_counter; /* [counters->len]: tickets only */
  guint *slot_counts;            /* [unit->slots->len]: seats held */
  size_t *slot_order;            /* [unit->slots->len]: busiest first */
} LsStatsReport;

void ls_stats_report_clear (LsStatsReport *r);

json_object *ls_stats_report_json (const LsStatsReport *r);
/* The CSV text: BOM, a Vietnamese header row, one row per day, then "Tổng". */
GString *ls_stats_report_csv (const LsStatsReport *r);

void ls_route_unit_stats (LsRequest *req);
