/* The province's calendar in /quan-tri (issue 11, item 3): a year's official days as entered
 * (Tết days, National Day's extra day, swaps) and the days off common/ computes from them.
 * Managers read, only an admin writes (the calendar is the whole province's). A write goes
 * through the capacity rule like a closed day, since it can turn booked days into days off. */
#include "routes/admin.h"

#include "app.h"
#include "clock.h"
#include "routes/body.h"
#include "routes/context.h"
#include "routes/errors.h"
#include "routes/schemas.h"
#include "routes/staff.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const reason_codes[] = {
  [LAYSO_DAY_OFF_NONE] = NULL,
  [LAYSO_DAY_OFF_NEW_YEAR] = "new_year",
  [LAYSO_DAY_OFF_TET] = "tet",
  [LAYSO_DAY_OFF_HUNG_KINGS] = "hung_kings",
  [LAYSO_DAY_OFF_VICTORY] = "victory",
  [LAYSO_DAY_OFF_LABOUR] = "labour",
  [LAYSO_DAY_OFF_NATIONAL_DAY] = "national_day",
  [LAYSO_DAY_OFF_MAKE_UP] = "make_up",
  [LAYSO_DAY_OFF_SWAP] = "swap",
};

static const char *const weekday_codes[] = { "", "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

/* {year} from the path: four digits (else 400), a year the calendar knows (else 404). */
static bool
year_or_reply (LsRequest *req, int *ret)
{
  const char *s = ls_request_param (req, "year");
  bool digits = s && strlen (s) == 4;
  for (size_t i = 0; digits && i < 4; i++)
    digits = g_ascii_isdigit (s[i]);
  if (!digits)
    {
      ls_reply_invalid (req, "year", "Năm gồm 4 chữ số");
      return false;
    }
  int year = atoi (s);
  if (year < LAYSO_HOLIDAYS_MIN_YEAR || year > LAYSO_HOLIDAYS_MAX_YEAR)
    {
      ls_reply_not_found (req);
      return false;
    }
  *ret = year;
  return true;
}

static json_object *
date_json (const GDate *d)
{
  char s[11];
  layso_date_format (d, s);
  return json_object_new_string (s);
}

static char *
swap_text (const LaysoDaySwap *s)
{
  char off[11], worked[11];
  layso_date_format (&s->day_off, off);
  layso_date_format (&s->worked_day, worked);
  return g_strdup_printf ("%s>%s", off, worked);
}

/* {"tet":[…]|null,"national_day_extra":…|null,"swaps":["OFF>WORKED"]}, as `rules` holds them */
static json_object *
official_json (const LaysoHolidayRules *rules)
{
  json_object *o = json_object_new_object ();
  json_object *tet = rules->tet_days ? json_object_new_array () : NULL;
  for (size_t i = 0; tet && i < rules->n_tet_days; i++)
    json_object_array_add (tet, date_json (&rules->tet_days[i]));
  json_object_object_add (o, "tet", tet);
  json_object_object_add (o, "national_day_extra",
                          rules->national_day_extra ? date_json (rules->national_day_extra) : NULL);
  json_object *swaps = json_object_new_array ();
  for (size_t i = 0; i < rules->n_swaps; i++)
    {
      g_autofree char *text = swap_text (&rules->swaps[i]);
      json_object_array_add (swaps, json_object_new_string (text));
    }
  json_object_object_add (o, "swaps", swaps);
  return o;
}

static json_object *
lunar_json (const GDate *d)
{
  LaysoLunarDate l;
  if (layso_lunar_from_solar (d, &l) < 0)
    return NULL;
  g_autofree char *s = g_strdup_printf ("%u/%u%s", l.day, l.month, l.leap ? " nhuận" : "");
  return json_object_new_string (s);
}

/* {"date","reason","label","lunar","for_date"?,"for_label"?} */
static json_object *
day_off_json (const LaysoDayOff *d)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "date", date_json (&d->day));
  json_object_object_add (o, "reason", json_object_new_string (reason_codes[d->reason]));
  json_object_object_add (o, "label",
                          json_object_new_string (layso_day_off_reason_label (d->reason)));
  json_object_object_add (o, "lunar", lunar_json (&d->day));
  if (g_date_valid (&d->for_day))
    json_object_object_add (o, "for_date", date_json (&d->for_day));
  if (d->for_reason != LAYSO_DAY_OFF_NONE)
    json_object_object_add (o, "for_label",
                            json_object_new_string (layso_day_off_reason_label (d->for_reason)));
  return o;
}

/* {"date","works_as":"mon".."fri","label":"Làm bù","day_off"}: the swap's day given off */
static json_object *
worked_json (const LaysoWorkedDay *w, const LaysoHolidayRules *rules)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "date", date_json (&w->day));
  json_object_object_add (o, "works_as", json_object_new_string (weekday_codes[w->works_as]));
  json_object_object_add (o, "label", json_object_new_string (LAYSO_WORKED_DAY_LABEL));
  for (size_t i = 0; i < rules->n_swaps; i++)
    if (g_date_compare (&rules->swaps[i].worked_day, &w->day) == 0)
      json_object_object_add (o, "day_off", date_json (&rules->swaps[i].day_off));
  return o;
}

/* The year as entered and as computed, or NULL (a year the calendar refuses: not reached, the
 * catalog's calendar is checked when loaded). */
static json_object *
year_json (const LaysoProvinceCalendar *p, int year)
{
  GDate tet[LAYSO_HOLIDAYS_MAX_TET_DAYS], mung_1;
  LaysoDaySwap swaps[LAYSO_HOLIDAYS_MAX_SWAPS];
  LaysoHolidayRules rules;
  g_autofree LaysoYearDaysOff *y = g_new0 (LaysoYearDaysOff, 1);
  LaysoLunarDate tet_lunar = { .year = year, .month = 1, .day = 1 };
  if (layso_province_rules_for_year (p, year, tet, swaps, &rules) < 0 ||
      layso_holidays_for_year (&rules, y) < 0 || layso_lunar_to_solar (&tet_lunar, &mung_1) < 0)
    return NULL;
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "year", json_object_new_int (year));
  json_object_object_add (o, "official", official_json (&rules));
  json_object *defaults = json_object_new_object ();
  json_object_object_add (defaults, "tet", json_object_new_boolean (!rules.tet_days));
  json_object_object_add (defaults, "national_day_extra",
                          json_object_new_boolean (!rules.national_day_extra));
  json_object_object_add (o, "defaults", defaults);
  json_object_object_add (o, "mung_1", date_json (&mung_1));
  json_object *days = json_object_new_array (), *worked = json_object_new_array ();
  for (size_t i = 0; i < y->n_days_off; i++)
    json_object_array_add (days, day_off_json (&y->days_off[i]));
  for (size_t i = 0; i < y->n_worked; i++)
    json_object_array_add (worked, worked_json (&y->worked[i], &rules));
  json_object_object_add (o, "days_off", days);
  json_object_object_add (o, "worked_days", worked);
  return o;
}

static void
province_of (const LsCatalog *cat, LaysoProvinceCalendar *ret)
{
  LaysoCalendar cal;
  LsUnit none = { .working_weekdays = LAYSO_WEEKDAYS_MON_FRI };
  ls_catalog_calendar (cat, &none, &cal);
  *ret = cal.province;
}

static void
reply_year (LsRequest *req, const LsCatalog *cat, int year, json_object *root)
{
  LaysoProvinceCalendar p;
  province_of (cat, &p);
  json_object *o = year_json (&p, year);
  if (!o)
    {
      json_object_put (root);
      ls_reply_store_error (req, -EINVAL);
      return;
    }
  if (root)
    json_object_object_add (root, "calendar", o);
  ls_reply_json (req, 200, root ? root : o);
}

/* GET /api/v1/admin/calendar/{year} (manager or admin) */
void
ls_route_admin_calendar_get (LsRequest *req)
{
  int year;
  g_autoptr (LsStaffUser) u = ls_staff_or_reply (req);
  if (!u || !ls_staff_is_manager_or_reply (req, u) || !year_or_reply (req, &year))
    return;
  reply_year (req, ls_request_catalog (req), year, NULL);
}

/* --- POST ------------------------------------------------------------------------------------ */

typedef struct
{
  GDate tet[LAYSO_HOLIDAYS_MAX_TET_DAYS];
  GDate extra;
  LaysoDaySwap swaps[LAYSO_HOLIDAYS_MAX_SWAPS];
  LaysoOfficialDays in;
} Entry;

/* 400 naming the member at fault, with the day or swap it is about when there is one. */
static bool
problem_reply (LsRequest *req, LaysoOfficialProblem p, const char *what)
{
  g_autofree char *msg = what
                             ? g_strdup_printf ("%s (%s)", layso_official_problem_message (p), what)
                             : g_strdup (layso_official_problem_message (p));
  ls_reply_invalid (req, layso_official_problem_member (p), msg);
  return false;
}

static bool
parse_swap (const char *s, LaysoDaySwap *ret)
{
  const char *sep = s ? strchr (s, '>') : NULL;
  if (!sep || sep - s > 10)
    return false;
  char off[11] = { 0 };
  memcpy (off, s, (size_t) (sep - s));
  return layso_date_parse (off, &ret->day_off) && layso_date_parse (sep + 1, &ret->worked_day);
}

/* The body's days, parsed (400 on a bad shape) but not yet checked. */
static bool
entry_parse_or_reply (LsRequest *req, const LsAdminCalendarBody *b, Entry *e)
{
  size_t n_tet = b->tet ? json_object_array_length (b->tet) : 0;
  size_t n_swaps = b->swaps ? json_object_array_length (b->swaps) : 0;
  if (n_tet > LAYSO_HOLIDAYS_MAX_TET_DAYS)
    return problem_reply (req, LAYSO_OFFICIAL_TET_COUNT, NULL);
  if (n_swaps > LAYSO_HOLIDAYS_MAX_SWAPS)
    return problem_reply (req, LAYSO_OFFICIAL_SWAP_COUNT, NULL);
  for (size_t i = 0; i < n_tet; i++)
    if (!layso_date_parse (json_object_get_string (json_object_array_get_idx (b->tet, i)),
                           &e->tet[i]))
      {
        ls_reply_invalid (req, "tet", "Ngày nghỉ Tết dạng YYYY-MM-DD");
        return false;
      }
  for (size_t i = 0; i < n_swaps; i++)
    if (!parse_swap (json_object_get_string (json_object_array_get_idx (b->swaps, i)),
                     &e->swaps[i]))
      {
        ls_reply_invalid (req, "swaps",
                          "Hoán đổi dạng YYYY-MM-DD>YYYY-MM-DD (ngày được nghỉ>ngày làm bù)");
        return false;
      }
  e->in.tet_days = b->tet ? e->tet : NULL;
  e->in.n_tet_days = n_tet;
  e->in.swaps = e->swaps;
  e->in.n_swaps = n_swaps;
  if (b->national_day_extra && layso_date_parse (b->national_day_extra, &e->extra))
    e->in.national_day_extra = &e->extra; /* the schema checked the date */
  return true;
}

/* The body's days, parsed and checked (layso_official_days_check), or false after a 400. */
static bool
entry_or_reply (LsRequest *req, const LsAdminCalendarBody *b, int year, Entry *e)
{
  e->in = (LaysoOfficialDays){ .year = year };
  if (!entry_parse_or_reply (req, b, e))
    return false;
  size_t index = 0;
  LaysoOfficialProblem p = layso_official_days_check (&e->in, &index);
  if (p == LAYSO_OFFICIAL_OK)
    return true;
  char day[11];
  g_autofree char *swap = NULL;
  const char *what = NULL;
  if (p == LAYSO_OFFICIAL_TET_OUT_OF_REACH || p == LAYSO_OFFICIAL_TET_REPEATED)
    {
      layso_date_format (&e->tet[index], day);
      what = day;
    }
  else if (p > LAYSO_OFFICIAL_SWAP_COUNT)
    what = swap = swap_text (&e->swaps[index]);
  return problem_reply (req, p, what);
}

/* The province's days with the year's replaced by the entry's. */
typedef struct
{
  GArray *tet, *extras, *swaps;
  LaysoProvinceCalendar province;
} Province;

static int
year_of (const GDate *d)
{
  GDate copy = *d;
  return g_date_get_year (&copy);
}

static void
province_with_entry (const LsCatalog *cat, const LaysoOfficialDays *in, Province *ret)
{
  int year = in->year;
  ret->tet = g_array_new (FALSE, FALSE, sizeof (GDate));
  ret->extras = g_array_new (FALSE, FALSE, sizeof (GDate));
  ret->swaps = g_array_new (FALSE, FALSE, sizeof (LaysoDaySwap));
  for (guint i = 0; i < cat->tet_days->len; i++)
    if (year_of (&g_array_index (cat->tet_days, GDate, i)) != year)
      g_array_append_val (ret->tet, g_array_index (cat->tet_days, GDate, i));
  for (guint i = 0; i < cat->national_day_extras->len; i++)
    if (year_of (&g_array_index (cat->national_day_extras, GDate, i)) != year)
      g_array_append_val (ret->extras, g_array_index (cat->national_day_extras, GDate, i));
  for (guint i = 0; i < cat->swaps->len; i++)
    {
      const LaysoDaySwap *s = &g_array_index (cat->swaps, LaysoDaySwap, i);
      if (year_of (&s->day_off) != year && year_of (&s->worked_day) != year)
        g_array_append_val (ret->swaps, *s);
    }
  g_array_append_vals (ret->tet, in->tet_days, in->n_tet_days);
  if (in->national_day_extra)
    g_array_append_val (ret->extras, *in->national_day_extra);
  g_array_append_vals (ret->swaps, in->swaps, in->n_swaps);
  ret->province = (LaysoProvinceCalendar){
    .tet_days = (const GDate *) (const void *) ret->tet->data,
    .n_tet_days = ret->tet->len,
    .national_day_extras = (const GDate *) (const void *) ret->extras->data,
    .n_national_day_extras = ret->extras->len,
    .swaps = (const LaysoDaySwap *) (const void *) ret->swaps->data,
    .n_swaps = ret->swaps->len,
  };
}

static void
province_clear (Province *p)
{
  g_array_unref (p->tet);
  g_array_unref (p->extras);
  g_array_unref (p->swaps);
}

typedef struct
{
  const LsCatalog *cat;
  const LaysoProvinceCalendar *province;
} CalendarCtx;

/* LsCapacityOn: a unit's slot on `date` under the new calendar (the unit's own days kept). */
static int
capacity_after (const char *unit_id, const char *slot_id, const char *date, void *data)
{
  const CalendarCtx *c = data;
  const LsUnit *unit = ls_catalog_unit (c->cat, unit_id);
  const LsSlot *slot = unit ? ls_unit_slot (unit, slot_id) : NULL;
  LaysoCalendar cal;
  GDate day;
  GDateWeekday works_as;
  if (!slot || !layso_date_parse (date, &day))
    return 0;
  ls_catalog_calendar (c->cat, unit, &cal);
  cal.province = *c->province;
  return layso_calendar_works_as (&cal, &day, &works_as) &&
                 layso_slot_offered_on (slot->weekdays, works_as)
             ? slot->capacity
             : 0;
}

/* "tet 2027-02-04..2027-02-10 (7); national_day_extra 2027-09-03; swaps 2027-02-11>2027-01-30" */
static char *
audit_detail (const Entry *e, bool confirm)
{
  GString *g = g_string_new ("tet ");
  char a[11], b[11];
  if (e->in.n_tet_days)
    {
      layso_date_format (&e->in.tet_days[0], a);
      layso_date_format (&e->in.tet_days[e->in.n_tet_days - 1], b);
      g_string_append_printf (g, "%s..%s (%zu)", a, b, e->in.n_tet_days);
    }
  else
    g_string_append (g, "default");
  if (e->in.national_day_extra)
    layso_date_format (e->in.national_day_extra, a);
  g_string_append_printf (g, "; national_day_extra %s; swaps",
                          e->in.national_day_extra ? a : "default");
  for (size_t i = 0; i < e->in.n_swaps; i++)
    {
      g_autofree char *s = swap_text (&e->in.swaps[i]);
      g_string_append_printf (g, " %s", s);
    }
  if (confirm)
    g_string_append (g, "; confirmed");
  return g_string_free (g, FALSE);
}

/* The change through the capacity rule, then the year as it is now. */
static void
calendar_write_reply (LsRequest *req, const LsStaffUser *u, const Entry *e, bool confirm)
{
  const LsCatalog *cat = ls_request_catalog (req);
  Province p;
  province_with_entry (cat, &e->in, &p);
  int bad_year;
  if (layso_province_calendar_check (&p.province, &bad_year) < 0)
    {
      /* not reached (the entry was checked, other years are untouched): the catalog must
       * load again after the write, so nothing it would refuse is written */
      province_clear (&p);
      ls_reply_invalid (req, "year", "Lịch nghỉ này mâu thuẫn với lịch đã nhập của năm khác");
      return;
    }
  CalendarCtx ctx = { cat, &p.province };
  g_autoptr (GDateTime) now_dt = ls_now (req);
  GDate today;
  char from[11], to[11], target[8];
  layso_date_from_datetime (now_dt, &today);
  layso_date_format (&today, from);
  g_snprintf (to, sizeof to, "%04d-12-31", e->in.year);
  g_snprintf (target, sizeof target, "%04d", e->in.year);
  if (g_date_get_year (&today) < (GDateYear) e->in.year)
    g_snprintf (from, sizeof from, "%04d-01-01", e->in.year);
  g_autofree char *now = ls_admin_now (req), *detail = audit_detail (e, confirm);
  LsAuditEntry audit = { u->id, "calendar.set", NULL, target, detail, now };
  LsCapacityChange in = { .calendar = &e->in,
                          .from_date = from,
                          .to_date = to,
                          .capacity_on = capacity_after,
                          .capacity_data = &ctx,
                          .confirmed = confirm,
                          .audit = &audit };
  json_object *root = ls_admin_capacity_change_or_reply (req, &in, "year");
  province_clear (&p);
  if (!root)
    return;
  g_autoptr (LsCatalog) fresh = ls_store_catalog (req->app->store);
  reply_year (req, fresh, e->in.year, root);
}

/* POST /api/v1/admin/calendar/{year} (admin): the year's official days, all of them. */
void
ls_route_admin_calendar_set (LsRequest *req)
{
  int year;
  g_autoptr (LsStaffUser) u = ls_admin_server_admin_or_reply (req);
  LsAdminCalendarBody b;
  g_autofree Entry *e = g_new0 (Entry, 1);
  if (!u || !year_or_reply (req, &year) ||
      !ls_body_decode_or_reply (req, ls_schema_admin_calendar, &b) ||
      !entry_or_reply (req, &b, year, e))
    return;
  calendar_write_reply (req, u, e, b.confirm);
}
