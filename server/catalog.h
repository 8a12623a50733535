/* The units' configuration held in memory: units, fields, slots, the province's calendar and
 * the server's settings. Loaded from the store at start-up (after seeding) and again after
 * every administration change; a loaded catalog is never modified, only replaced (store.h:
 * ls_store_catalog), so a handler reads the one it pinned without locks and without touching
 * the database. */
#pragma once

#include "calendar.h"
#include "codes.h"
#include "slots.h"

#include <glib.h>
#include <stdbool.h>

typedef struct
{
  char *id;
  char *name;
  char prefix; /* 'A'..'Z' */
  /* its own ticket numbers (/quan-tri); {0, 0}: the default numbering (codes.h) */
  LaysoNumberRange walk_in_numbers, appointment_numbers;
} LsField;

typedef struct
{
  char *id;
  int start, end;  /* minutes after midnight */
  int capacity;    /* seats per field in this slot */
  guint8 weekdays; /* the weekday templates it belongs to (layso_slot_offered_on) */
} LsSlot;

typedef struct
{
  char *id;
  char *name;
  char *address;
  char *folded; /* layso_text_fold(name + " " + address) */
  int checkin_lead_minutes;
  guint8 working_weekdays; /* LaysoCalendar bits; Saturday set = Saturday-morning service */
  LaysoPeriod *opening_hours;
  size_t n_opening_hours;
  unsigned max_active_per_cccd;      /* per field and day */
  unsigned max_active_per_cccd_unit; /* at the unit, across fields and days */
  unsigned horizon_days;             /* bookable working days ahead */
  unsigned minutes_per_ticket;       /* for estimated_wait_minutes */
  GPtrArray *fields;                 /* LsField*, in order */
  GPtrArray *slots;                  /* LsSlot*, by start */
  GArray *closed_days;               /* GDate: the unit's own days off (/quan-tri) */
} LsUnit;

typedef struct
{
  GPtrArray *units;  /* LsUnit*, in order */
  GHashTable *by_id; /* id -> LsUnit* (borrowed) */
  /* The province's official days (LaysoProvinceCalendar): the bookable days are computed from
   * them by common/calendar.c; nothing here lists holidays. */
  GArray *tet_days;            /* GDate */
  GArray *national_day_extras; /* GDate */
  GArray *swaps;               /* LaysoDaySwap */
  /* the server's settings (/quan-tri); unset: the command line's */
  char *province;          /* the pages' brand; NULL: --province */
  unsigned retention_days; /* 0: --retention-days */
  gatomicrefcount ref_count;
} LsCatalog;

LsCatalog *ls_catalog_new (void); /* one reference */
LsCatalog *ls_catalog_ref (LsCatalog *cat);
/* Drops a reference (NULL is fine): the last one frees the catalog. */
void ls_catalog_free (LsCatalog *cat);
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
/* The unit's calendar; the province's days borrowed from the catalog. */
void ls_catalog_calendar (const LsCatalog *cat, const LsUnit *unit, LaysoCalendar *ret);
/* Checks the province's days against the Labour Code rules (layso_province_calendar_check).
 * 0, or its negative errno and a message naming the year in *ret_error (g_free it). */
int ls_catalog_check_calendar (const LsCatalog *cat, char **ret_error);
/* Whether `slot` is offered on `day`: the day is open at the unit and the slot belongs to the
 * template of the weekday the day works as (a swapped Saturday: the replaced weekday's). */
bool ls_unit_slot_offered (const LsCatalog *cat, const LsUnit *unit, const GDate *day,
                           const LsSlot *slot);
