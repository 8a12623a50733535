/* The units' configuration held in memory: units, fields, slots, holidays. Loaded from the
 * store at start-up (after seeding) and read-only afterwards, so handlers read it without
 * locks and without touching the database. */
#pragma once

#include "calendar.h"
#include "slots.h"

#include <glib.h>
#include <stdbool.h>

typedef struct
{
  char *id;
  char *name;
  char prefix; /* 'A'..'Z' */
} LsField;

typedef struct
{
  char *id;
  int start, end; /* minutes after midnight */
  int capacity;   /* seats per field in this slot */
} LsSlot;

typedef struct
{
  char *id;
  char *name;
  char *address;
  char *folded; /* layso_text_fold(name + " " + address) */
  int checkin_lead_minutes;
  guint8 working_weekdays; /* LaysoCalendar bits */
  LaysoPeriod *opening_hours;
  size_t n_opening_hours;
  unsigned max_active_per_cccd;      /* per field and day */
  unsigned max_active_per_cccd_unit; /* at the unit, across fields and days */
  unsigned horizon_days;             /* bookable working days ahead */
  unsigned minutes_per_ticket;       /* for estimated_wait_minutes */
  GPtrArray *fields;                 /* LsField*, in order */
  GPtrArray *slots;                  /* LsSlot*, by start */
} LsUnit;

typedef struct
{
  GPtrArray *units;  /* LsUnit*, in order */
  GHashTable *by_id; /* id -> LsUnit* (borrowed) */
  GArray *holidays;  /* GDate */
} LsCatalog;

LsCatalog *ls_catalog_new (void);
void ls_catalog_free (LsCatalog *cat); /* NULL is fine */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsCatalog, ls_catalog_free)

LsUnit *ls_unit_new (void);
void ls_unit_free (LsUnit *unit);
/* Takes ownership; fills in unit->folded. */
void ls_catalog_add_unit (LsCatalog *cat, LsUnit *unit);

const LsUnit *ls_catalog_unit (const LsCatalog *cat, const char *id);
const LsField *ls_unit_field (const LsUnit *unit, const char *id);
const LsSlot *ls_unit_slot (const LsUnit *unit, const char *id);
/* Index of the slot in unit->slots, or -1. */
int ls_unit_slot_index (const LsUnit *unit, const char *id);
/* The unit's calendar; holidays borrowed from the catalog. */
void ls_catalog_calendar (const LsCatalog *cat, const LsUnit *unit, LaysoCalendar *ret);
