#include "catalog.h"

#include "textfold.h"

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
  g_free (u);
}

LsCatalog *
ls_catalog_new (void)
{
  LsCatalog *cat = g_new0 (LsCatalog, 1);
  cat->units = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_unit_free);
  cat->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  cat->holidays = g_array_new (FALSE, TRUE, sizeof (GDate));
  return cat;
}

void
ls_catalog_free (LsCatalog *cat)
{
  if (!cat)
    return;
  g_hash_table_unref (cat->by_id);
  g_ptr_array_unref (cat->units);
  g_array_unref (cat->holidays);
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
  ret->working_weekdays = unit->working_weekdays;
  ret->holidays = (const GDate *) (const void *) cat->holidays->data;
  ret->n_holidays = cat->holidays->len;
}
