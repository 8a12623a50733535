/* Seed files (seed.h): one parser per part of the format, each refusing with a message that
 * names the unit, notice, kiosk or calendar year at fault. */
#include "seed.h"

#include "clock.h"
#include "json-member.h"
#include "slots.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <string.h>

typedef struct
{
  char *error;
} Ctx;

static bool G_GNUC_PRINTF (2, 3) fail (Ctx *ctx, const char *fmt, ...)
{
  if (!ctx->error)
    {
      va_list ap;
      va_start (ap, fmt);
      ctx->error = g_strdup_vprintf (fmt, ap);
      va_end (ap);
    }
  return false;
}

static bool
get_string (Ctx *ctx, json_object *o, const char *name, const char *where, char **ret)
{
  json_object *v = layso_json_member (o, name);
  if (!v || !json_object_is_type (v, json_type_string) || json_object_get_string_len (v) == 0)
    return fail (ctx, "%s: \"%s\" must be a non-empty string", where, name);
  *ret = g_strdup (json_object_get_string (v));
  return true;
}

static bool
get_int (Ctx *ctx, json_object *o, const char *name, const char *where, int min, int max,
         int fallback, int *ret)
{
  json_object *v = layso_json_member (o, name);
  if (!v)
    {
      *ret = fallback;
      return true;
    }
  if (!json_object_is_type (v, json_type_int))
    return fail (ctx, "%s: \"%s\" must be an integer", where, name);
  gint64 n = json_object_get_int64 (v);
  if (n < min || n > max)
    return fail (ctx, "%s: \"%s\" must be in %d..%d", where, name, min, max);
  *ret = (int) n;
  return true;
}

/* NULL when absent or not an array; only the latter is an error (ctx->error set), which
 * the caller of an optional member must check. */
static json_object *
get_array (Ctx *ctx, json_object *o, const char *name, const char *where, bool required)
{
  json_object *v = layso_json_member (o, name);
  if (!v)
    {
      if (required)
        fail (ctx, "%s: \"%s\" is missing", where, name);
      return NULL;
    }
  if (!json_object_is_type (v, json_type_array))
    {
      fail (ctx, "%s: \"%s\" must be an array", where, name);
      return NULL;
    }
  return v;
}

static bool
parse_hhmm (Ctx *ctx, json_object *v, const char *where, int *ret)
{
  if (!v || !json_object_is_type (v, json_type_string) ||
      layso_hhmm_parse (json_object_get_string (v), ret) < 0)
    return fail (ctx, "%s: times must be \"HH:MM\"", where);
  return true;
}

/* The unit's limits; an absent member takes its default. */
static bool
parse_unit_limits (Ctx *ctx, json_object *o, const char *w, LsUnit *u)
{
  int lead = 0, per_day = 0, per_unit = 0, horizon = 0,
      minutes = 0; /* -O2 cannot see get_int set them */
  if (!get_int (ctx, o, "checkin_lead_minutes", w, 0, 720, LAYSO_DEFAULT_CHECKIN_LEAD_MINUTES,
                &lead) ||
      !get_int (ctx, o, "max_active_bookings_per_cccd", w, 1, 100,
                LAYSO_DEFAULT_MAX_ACTIVE_PER_CCCD_FIELD_DAY, &per_day) ||
      !get_int (ctx, o, "max_active_bookings_per_cccd_unit", w, 1, 1000,
                LAYSO_DEFAULT_MAX_ACTIVE_PER_CCCD_UNIT, &per_unit) ||
      !get_int (ctx, o, "horizon_days", w, 1, 60, LAYSO_DEFAULT_HORIZON_WORKING_DAYS, &horizon) ||
      !get_int (ctx, o, "minutes_per_ticket", w, 1, 240, LAYSO_DEFAULT_MINUTES_PER_TICKET,
                &minutes))
    return false;
  u->checkin_lead_minutes = lead;
  u->max_active_per_cccd = (unsigned) per_day;
  u->max_active_per_cccd_unit = (unsigned) per_unit;
  u->horizon_days = (unsigned) horizon;
  u->minutes_per_ticket = (unsigned) minutes;
  return true;
}

/* An optional array of weekdays 1 (Monday) .. 7 (Sunday) as calendar bits; absent: `fallback`. */
static bool
get_weekdays (Ctx *ctx, json_object *o, const char *name, const char *w, guint8 fallback,
              guint8 *ret)
{
  json_object *days = get_array (ctx, o, name, w, false);
  if (!days)
    {
      *ret = fallback;
      return !ctx->error;
    }
  guint8 mask = 0;
  for (size_t i = 0; i < json_object_array_length (days); i++)
    {
      json_object *d = json_object_array_get_idx (days, i);
      if (!json_object_is_type (d, json_type_int) || json_object_get_int (d) < 1 ||
          json_object_get_int (d) > 7)
        return fail (ctx, "%s: %s are 1 (Monday) .. 7 (Sunday)", w, name);
      mask |= (guint8) (1 << json_object_get_int (d));
    }
  *ret = mask;
  return true;
}

static bool
get_bool (Ctx *ctx, json_object *o, const char *name, const char *w, bool *ret)
{
  json_object *v = layso_json_member (o, name);
  if (v && !json_object_is_type (v, json_type_boolean))
    return fail (ctx, "%s: \"%s\" must be true or false", w, name);
  *ret = v && json_object_get_boolean (v);
  return true;
}

/* "working_weekdays": [1..7] without Saturday, optional (Monday to Friday); Saturday is
 * "saturday_service": true (default false), the unit's choice of Saturday-morning service. */
static bool
parse_weekdays (Ctx *ctx, json_object *o, const char *w, LsUnit *u)
{
  bool saturday = false; /* set by get_bool on success; gcc -O2 cannot see it */
  if (!get_weekdays (ctx, o, "working_weekdays", w, LAYSO_WEEKDAYS_MON_FRI, &u->working_weekdays) ||
      !get_bool (ctx, o, "saturday_service", w, &saturday))
    return false;
  if (u->working_weekdays & (1 << G_DATE_SATURDAY))
    return fail (ctx, "%s: Saturday is \"saturday_service\": true, not a working weekday", w);
  if (saturday)
    u->working_weekdays |= 1 << G_DATE_SATURDAY;
  return true;
}

static void
default_opening_hours (LsUnit *u)
{
  u->opening_hours = g_memdup2 (layso_default_opening_hours, sizeof layso_default_opening_hours);
  u->n_opening_hours = LAYSO_DEFAULT_N_OPENING_HOURS;
}

/* "opening_hours": [["HH:MM", "HH:MM"], …], optional. */
static bool
parse_opening_hours (Ctx *ctx, json_object *o, const char *w, LsUnit *u)
{
  json_object *hours = get_array (ctx, o, "opening_hours", w, false);
  if (!hours && ctx->error)
    return false;
  if (!hours)
    {
      default_opening_hours (u);
      return true;
    }
  size_t len = json_object_array_length (hours);
  u->opening_hours = g_new0 (LaysoPeriod, MAX (len, 1));
  for (size_t i = 0; i < len; i++)
    {
      json_object *p = json_object_array_get_idx (hours, i);
      if (!json_object_is_type (p, json_type_array) || json_object_array_length (p) != 2)
        return fail (ctx, "%s: opening_hours are [\"HH:MM\", \"HH:MM\"] pairs", w);
      LaysoPeriod *per = &u->opening_hours[i];
      if (!parse_hhmm (ctx, json_object_array_get_idx (p, 0), w, &per->start) ||
          !parse_hhmm (ctx, json_object_array_get_idx (p, 1), w, &per->end))
        return false;
      if (per->end <= per->start)
        return fail (ctx, "%s: an opening period must end after it starts", w);
    }
  u->n_opening_hours = len;
  return true;
}

static bool
parse_slot (Ctx *ctx, json_object *so, const char *w, LsUnit *u)
{
  if (!json_object_is_type (so, json_type_object))
    return fail (ctx, "%s: each slot must be an object", w);
  LsSlot *sl = g_new0 (LsSlot, 1);
  g_ptr_array_add (u->slots, sl);
  if (!get_string (ctx, so, "id", w, &sl->id) ||
      !parse_hhmm (ctx, layso_json_member (so, "start"), w, &sl->start) ||
      !parse_hhmm (ctx, layso_json_member (so, "end"), w, &sl->end) ||
      !get_int (ctx, so, "capacity", w, 0, 100000, -1, &sl->capacity) ||
      !get_weekdays (ctx, so, "weekdays", w, LAYSO_WEEKDAYS_ALL, &sl->weekdays))
    return false;
  if (sl->capacity < 0)
    return fail (ctx, "%s: slot %s needs a capacity", w, sl->id);
  if (sl->end <= sl->start)
    return fail (ctx, "%s: slot %s must end after it starts", w, sl->id);
  for (size_t j = 0; j + 1 < u->slots->len; j++)
    if (strcmp (((LsSlot *) g_ptr_array_index (u->slots, j))->id, sl->id) == 0)
      return fail (ctx, "%s: slot id %s appears twice", w, sl->id);
  return true;
}

static bool
parse_field (Ctx *ctx, json_object *fo, const char *w, LsUnit *u)
{
  if (!json_object_is_type (fo, json_type_object))
    return fail (ctx, "%s: each field must be an object", w);
  LsField *f = g_new0 (LsField, 1);
  g_ptr_array_add (u->fields, f);
  g_autofree char *prefix = NULL;
  if (!get_string (ctx, fo, "id", w, &f->id) || !get_string (ctx, fo, "name", w, &f->name) ||
      !get_string (ctx, fo, "prefix", w, &prefix))
    return false;
  if (strlen (prefix) != 1 || prefix[0] < 'A' || prefix[0] > 'Z')
    return fail (ctx, "%s: field %s: prefix must be one letter A-Z", w, f->id);
  f->prefix = prefix[0];
  for (size_t j = 0; j + 1 < u->fields->len; j++)
    if (strcmp (((LsField *) g_ptr_array_index (u->fields, j))->id, f->id) == 0)
      return fail (ctx, "%s: field id %s appears twice", w, f->id);
  return true;
}

/* Each element of the required array `name` through parse_one. */
static bool
parse_each (Ctx *ctx, json_object *o, const char *name, const char *w, LsUnit *u,
            bool (*parse_one) (Ctx *, json_object *, const char *, LsUnit *))
{
  json_object *items = get_array (ctx, o, name, w, true);
  if (!items)
    return false;
  for (size_t i = 0; i < json_object_array_length (items); i++)
    if (!parse_one (ctx, json_object_array_get_idx (items, i), w, u))
      return false;
  return true;
}

static bool
parse_unit (Ctx *ctx, json_object *o, LsUnit *u)
{
  if (!json_object_is_type (o, json_type_object))
    return fail (ctx, "units: each unit must be an object");
  if (!get_string (ctx, o, "id", "unit", &u->id))
    return false;
  const char *w = u->id;
  return get_string (ctx, o, "name", w, &u->name) &&
         get_string (ctx, o, "address", w, &u->address) && parse_unit_limits (ctx, o, w, u) &&
         parse_weekdays (ctx, o, w, u) && parse_opening_hours (ctx, o, w, u) &&
         parse_each (ctx, o, "slots", w, u, parse_slot) &&
         parse_each (ctx, o, "fields", w, u, parse_field);
}

static gint
slot_cmp (gconstpointer a, gconstpointer b)
{
  const LsSlot *x = *(LsSlot *const *) a, *y = *(LsSlot *const *) b;
  return x->start - y->start;
}

static bool
parse_units (Ctx *ctx, json_object *root, LsSeed *seed)
{
  json_object *units = get_array (ctx, root, "units", "seed", true);
  if (!units)
    return false;
  for (size_t i = 0; i < json_object_array_length (units); i++)
    {
      LsUnit *u = ls_unit_new ();
      if (!parse_unit (ctx, json_object_array_get_idx (units, i), u))
        {
          ls_unit_free (u);
          return false;
        }
      if (ls_catalog_unit (seed->catalog, u->id))
        {
          fail (ctx, "unit id %s appears twice", u->id);
          ls_unit_free (u);
          return false;
        }
      g_ptr_array_sort (u->slots, slot_cmp);
      ls_catalog_add_unit (seed->catalog, u);
    }
  return true;
}

/* A "YYYY-MM-DD" date of `year`. */
static bool
parse_year_day (Ctx *ctx, json_object *v, int year, const char *what, GDate *ret)
{
  if (!v || !json_object_is_type (v, json_type_string) ||
      !layso_date_parse (json_object_get_string (v), ret))
    return fail (ctx, "calendar %d: %s must be a \"YYYY-MM-DD\" date", year, what);
  if (g_date_get_year (ret) != year)
    return fail (ctx, "calendar %d: %s %s is not in %d", year, what, json_object_get_string (v),
                 year);
  return true;
}

static bool
parse_swap (Ctx *ctx, json_object *so, int year, LsCatalog *cat)
{
  LaysoDaySwap s;
  if (!json_object_is_type (so, json_type_object))
    return fail (ctx, "calendar %d: each swap is {\"day_off\", \"worked\"}", year);
  if (!parse_year_day (ctx, layso_json_member (so, "day_off"), year, "day_off", &s.day_off) ||
      !parse_year_day (ctx, layso_json_member (so, "worked"), year, "worked", &s.worked_day))
    return false;
  g_array_append_val (cat->swaps, s);
  return true;
}

/* {"year", "tet": [days], "national_day_extra": day, "swaps": [{"day_off", "worked"}]};
 * everything but the year optional. */
static bool
parse_calendar_year (Ctx *ctx, json_object *yo, LsCatalog *cat)
{
  int year = 0; /* as saturday in parse_weekdays */
  if (!json_object_is_type (yo, json_type_object))
    return fail (ctx, "calendar: each year must be an object");
  if (!get_int (ctx, yo, "year", "calendar", LAYSO_HOLIDAYS_MIN_YEAR, LAYSO_HOLIDAYS_MAX_YEAR, 0,
                &year))
    return false;
  if (year == 0)
    return fail (ctx, "calendar: each year needs a \"year\"");
  g_autofree char *w = g_strdup_printf ("calendar %d", year);
  json_object *tet = get_array (ctx, yo, "tet", w, false);
  json_object *swaps = get_array (ctx, yo, "swaps", w, false);
  json_object *extra = layso_json_member (yo, "national_day_extra");
  if (ctx->error)
    return false;
  for (size_t i = 0; tet && i < json_object_array_length (tet); i++)
    {
      GDate d;
      if (!parse_year_day (ctx, json_object_array_get_idx (tet, i), year, "tet", &d))
        return false;
      g_array_append_val (cat->tet_days, d);
    }
  GDate d;
  if (extra && !parse_year_day (ctx, extra, year, "national_day_extra", &d))
    return false;
  if (extra)
    g_array_append_val (cat->national_day_extras, d);
  for (size_t i = 0; swaps && i < json_object_array_length (swaps); i++)
    if (!parse_swap (ctx, json_object_array_get_idx (swaps, i), year, cat))
      return false;
  return true;
}

/* "calendar": {"years": [...]}, optional: without it every year takes the defaults. The
 * whole is checked against the Labour Code rules (common/holidays.h). */
static bool
parse_calendar (Ctx *ctx, json_object *root, LsSeed *seed)
{
  json_object *cal = layso_json_member (root, "calendar");
  if (!cal)
    return true;
  if (!json_object_is_type (cal, json_type_object))
    return fail (ctx, "calendar must be an object");
  json_object *years = get_array (ctx, cal, "years", "calendar", true);
  if (!years)
    return false;
  for (size_t i = 0; i < json_object_array_length (years); i++)
    if (!parse_calendar_year (ctx, json_object_array_get_idx (years, i), seed->catalog))
      return false;
  return ls_catalog_check_calendar (seed->catalog, &ctx->error) == 0;
}

static bool
parse_notice (Ctx *ctx, json_object *no, LsSeed *seed)
{
  LsNotice *n = g_new0 (LsNotice, 1);
  g_ptr_array_add (seed->notices, n);
  if (!json_object_is_type (no, json_type_object))
    return fail (ctx, "notices: each notice must be an object");
  if (!get_string (ctx, no, "id", "notice", &n->id) ||
      !get_string (ctx, no, "unit", n->id, &n->unit_id) ||
      !get_string (ctx, no, "title", n->id, &n->title) ||
      !get_string (ctx, no, "body", n->id, &n->body) ||
      !get_string (ctx, no, "published_at", n->id, &n->published_at))
    return false;
  g_autoptr (GDateTime) t = layso_rfc3339_parse (n->published_at);
  if (!t)
    return fail (ctx, "notice %s: published_at must be RFC 3339", n->id);
  g_free (n->published_at);
  n->published_at = layso_rfc3339_format (t);
  if (!ls_catalog_unit (seed->catalog, n->unit_id))
    return fail (ctx, "notice %s: unknown unit %s", n->id, n->unit_id);
  return true;
}

static bool
parse_kiosk (Ctx *ctx, json_object *ko, LsSeed *seed)
{
  LsKiosk *k = g_new0 (LsKiosk, 1);
  g_ptr_array_add (seed->kiosks, k);
  if (!json_object_is_type (ko, json_type_object))
    return fail (ctx, "kiosks: each kiosk must be an object");
  if (!get_string (ctx, ko, "id", "kiosk", &k->id) ||
      !get_string (ctx, ko, "name", k->id, &k->name) ||
      !get_string (ctx, ko, "unit", k->id, &k->unit_id))
    return false;
  if (!ls_catalog_unit (seed->catalog, k->unit_id))
    return fail (ctx, "kiosk %s: unknown unit %s", k->id, k->unit_id);
  return true;
}

/* Each element of the optional top-level array `name` through parse_one. */
static bool
parse_optional (Ctx *ctx, json_object *root, const char *name, LsSeed *seed,
                bool (*parse_one) (Ctx *, json_object *, LsSeed *))
{
  json_object *items = get_array (ctx, root, name, "seed", false);
  if (!items)
    return !ctx->error;
  for (size_t i = 0; i < json_object_array_length (items); i++)
    if (!parse_one (ctx, json_object_array_get_idx (items, i), seed))
      return false;
  return true;
}

static bool
parse_root (Ctx *ctx, json_object *root, LsSeed *seed)
{
  if (!json_object_is_type (root, json_type_object))
    return fail (ctx, "the seed must be a JSON object");
  if (layso_json_member (root, "holidays"))
    return fail (ctx, "holidays: the days off are computed now; enter the official Tết days, "
                      "National Day's extra day and swaps in \"calendar\"");
  /* units first: the notices and kiosks name them */
  return parse_units (ctx, root, seed) && parse_calendar (ctx, root, seed) &&
         parse_optional (ctx, root, "notices", seed, parse_notice) &&
         parse_optional (ctx, root, "kiosks", seed, parse_kiosk);
}

int
ls_seed_parse (const char *json, size_t len, LsSeed **ret, char **ret_error)
{
  Ctx ctx = { 0 };
  json_tokener *tok = json_tokener_new ();
  json_object *root = json_tokener_parse_ex (tok, json, (int) len);
  bool parsed = root && json_tokener_get_error (tok) == json_tokener_success;
  for (size_t i = parsed ? json_tokener_get_parse_end (tok) : len; i < len; i++)
    if (!g_ascii_isspace (json[i]))
      parsed = false; /* something after the JSON value */
  json_tokener_free (tok);
  if (!parsed)
    {
      json_object_put (root);
      *ret_error = g_strdup ("not valid JSON");
      return -EINVAL;
    }
  LsSeed *seed = g_new0 (LsSeed, 1);
  seed->catalog = ls_catalog_new ();
  seed->notices = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_notice_free);
  seed->kiosks = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_kiosk_free);
  bool ok = parse_root (&ctx, root, seed);
  json_object_put (root);
  if (!ok)
    {
      ls_seed_free (seed);
      *ret_error = ctx.error ? ctx.error : g_strdup ("invalid seed");
      return -EINVAL;
    }
  *ret = seed;
  return 0;
}

void
ls_seed_free (LsSeed *seed)
{
  if (!seed)
    return;
  ls_catalog_free (seed->catalog);
  g_ptr_array_unref (seed->notices);
  g_ptr_array_unref (seed->kiosks);
  g_free (seed);
}
