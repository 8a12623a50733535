#include "catalog.h"

#include "textfold.h"

#include <errno.h>
#include <string.h>

static void
field_free (gpointer p)
{
  LsField *f = p;
  g_free (f->id);
  g_free (f->name);
  g_free (f);
}

static void
slot_free (gpointer p)
{
  LsSlot *s = p;
  g_free (s->id);
  g_free (s);
}

LsUnit *
ls_unit_new (void)
{
  LsUnit *u = g_new0 (LsUnit, 1);
  u->fields = g_ptr_array_new_with_free_func (field_free);
  u->slots = g_ptr_array_new_with_free_func (slot_free);
  u->closed_days = g_array_new (FALSE, TRUE, sizeof (GDate));
  u->checkin_lead_minutes = LAYSO_DEFAULT_CHECKIN_LEAD_MINUTES;
  u->working_weekdays = LAYSO_WEEKDAYS_MON_FRI;
  u->max_active_per_cccd = LAYSO_DEFAULT_MAX_ACTIVE_PER_CCCD_FIELD_DAY;
  u->max_active_per_cccd_unit = LAYSO_DEFAULT_MAX_ACTIVE_PER_CCCD_UNIT;
  u->horizon_days = LAYSO_DEFAULT_HORIZON_WORKING_DAYS;
  u->minutes_per_ticket = LAYSO_DEFAULT_MINUTES_PER_TICKET;
  return u;
}

void
ls_unit_free (LsUnit *u)
{
  if (!u)
    return;
  g_free (u->id);
  g_free (u->name);
  g_free (u->address);
  g_free (u->folded);
  g_free (u->opening_hours);
  g_ptr_array_unref (u->fields);
  g_ptr_array_unref (u->slots);
  g_array_unref (u->closed_days);
  g_free (u);
}

LsCatalog *
ls_catalog_new (void)
{
  LsCatalog *cat = g_new0 (LsCatalog, 1);
  cat->units = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_unit_free);
  cat->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  cat->tet_days = g_array_new (FALSE, TRUE, sizeof (GDate));
  cat->national_day_extras = g_array_new (FALSE, TRUE, sizeof (GDate));
  cat->swaps = g_array_new (FALSE, TRUE, sizeof (LaysoDaySwap));
  g_atomic_ref_count_init (&cat->ref_count);
  return cat;
}

LsCatalog *
ls_catalog_ref (LsCatalog *cat)
{
  g_atomic_ref_count_inc (&cat->ref_count);
  return cat;
}

void
ls_catalog_free (LsCatalog *cat)
{
  if (!cat || !g_atomic_ref_count_dec (&cat->ref_count))
    return;
  g_free (cat->province);
  g_hash_table_unref (cat->by_id);
  g_ptr_array_unref (cat->units);
  g_array_unref (cat->tet_days);
  g_array_unref (cat->national_day_extras);
  g_array_unref (cat->swaps);
  g_free (cat);
}

void
ls_catalog_add_unit (LsCatalog *cat, LsUnit *unit)
{
  g_autofree char *both = g_strconcat (unit->name, " ", unit->address, NULL);
  g_free (unit->folded);
  unit->folded = layso_text_fold (both);
  if (!unit->folded)
    unit->folded = g_strdup ("");
  g_ptr_array_add (cat->units, unit);
  g_hash_table_insert (cat->by_id, unit->id, unit);
}

const LsUnit *
ls_catalog_unit (const LsCatalog *cat, const char *id)
{
  return id ? g_hash_table_lookup (cat->by_id, id) : NULL;
}

const LsField *
ls_unit_field (const LsUnit *unit, const char *id)
{
  if (!id)
    return NULL;
  for (guint i = 0; i < unit->fields->len; i++)
    {
      const LsField *f = g_ptr_array_index (unit->fields, i);
      if (strcmp (f->id, id) == 0)
        return f;
    }
  return NULL;
}

int
ls_unit_slot_index (const LsUnit *unit, const char *id)
{
  if (!id)
    return -1;
  for (guint i = 0; i < unit->slots->len; i++)
    {
      const LsSlot *s = g_ptr_array_index (unit->slots, i);
      if (strcmp (s->id, id) == 0)
        return (int) i;
    }
  return -1;
}

const LsSlot *
ls_unit_slot (const LsUnit *unit, const char *id)
{
  int i = ls_unit_slot_index (unit, id);
  return i < 0 ? NULL : g_ptr_array_index (unit->slots, (guint) i);
}

void
ls_catalog_calendar (const LsCatalog *cat, const LsUnit *unit, LaysoCalendar *ret)
{
  *ret = (LaysoCalendar){
    .working_weekdays = unit->working_weekdays,
    .province = {
      .tet_days = (const GDate *) (const void *) cat->tet_days->data,
      .n_tet_days = cat->tet_days->len,
      .national_day_extras = (const GDate *) (const void *) cat->national_day_extras->data,
      .n_national_day_extras = cat->national_day_extras->len,
      .swaps = (const LaysoDaySwap *) (const void *) cat->swaps->data,
      .n_swaps = cat->swaps->len,
    },
    .closed_days = unit->closed_days ? (const GDate *) (const void *) unit->closed_days->data : NULL,
    .n_closed_days = unit->closed_days ? unit->closed_days->len : 0,
  };
}

int
ls_catalog_check_calendar (const LsCatalog *cat, char **ret_error)
{
  LaysoCalendar cal;
  LsUnit none = { .working_weekdays = LAYSO_WEEKDAYS_MON_FRI };
  int year = 0;
  ls_catalog_calendar (cat, &none, &cal);
  int r = layso_province_calendar_check (&cal.province, &year);
  if (r == -ERANGE)
    *ret_error = g_strdup_printf ("calendar %d: the calendar knows the years %d..%d", year,
                                  LAYSO_HOLIDAYS_MIN_YEAR, LAYSO_HOLIDAYS_MAX_YEAR);
  else if (r == -E2BIG)
    *ret_error = g_strdup_printf ("calendar %d: at most %d Tết days and %d swaps a year", year,
                                  LAYSO_HOLIDAYS_MAX_TET_DAYS, LAYSO_HOLIDAYS_MAX_SWAPS);
  else if (r < 0)
    *ret_error = g_strdup_printf (
        "calendar %d: Tết days must be near mùng 1 and not repeated, National Day's extra day "
        "1/9 or 3/9, and a swap trades a working day that is no holiday for a rest day",
        year);
  return r;
}

bool
ls_unit_slot_offered (const LsCatalog *cat, const LsUnit *unit, const GDate *day,
                      const LsSlot *slot)
{
  LaysoCalendar cal;
  GDateWeekday works_as;
  ls_catalog_calendar (cat, unit, &cal);
  return layso_calendar_works_as (&cal, day, &works_as) &&
         layso_slot_offered_on (slot->weekdays, works_as);
}
