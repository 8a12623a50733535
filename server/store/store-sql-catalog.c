/* The seed and the catalog (units, their fields, slots and closed days, the province's
 * calendar, the settings the catalog carries), for both backends (store-sql.h). What each
 * backend says its own way stays there: PostgreSQL locks the units table before seeding (two
 * processes may seed one database at once; SQLite has one writer), and reads the catalog in
 * one REPEATABLE READ transaction, so the catalog is read here as an LsSqlFn each backend
 * runs where it reads. */
#include "store/store-sql.h"

#include "clock.h"
#include "codes.h"
#include "store/store-text.h"

#include <errno.h>

/* --- seeding ------------------------------------------------------------------------------ */

/* ls_sql_seed_with's write; tokens: those of the kiosks it inserted */
typedef struct
{
  const LsSeed *seed;
  LsSqlFn lock;
  GPtrArray *tokens;
} SeedOp;

static int
seed_fields_slots (LsSql *c, const LsUnit *u)
{
  int r = 0;
  for (guint i = 0; r >= 0 && i < u->fields->len; i++)
    {
      const LsField *f = g_ptr_array_index (u->fields, i);
      char prefix[2] = { f->prefix, 0 };
      r = LS_SQL_RUN (c,
                      "INSERT INTO fields (unit_id, id, name, prefix, position)"
                      " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                      u->id, f->id, f->name, prefix, ls_sql_num (i).s);
    }
  for (guint i = 0; r >= 0 && i < u->slots->len; i++)
    {
      const LsSlot *sl = g_ptr_array_index (u->slots, i);
      r = LS_SQL_RUN (c,
                      "INSERT INTO slots (unit_id, id, start_min, end_min, capacity, weekdays)"
                      " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                      u->id, sl->id, ls_sql_num (sl->start).s, ls_sql_num (sl->end).s,
                      ls_sql_num (sl->capacity).s, ls_sql_num (sl->weekdays).s);
    }
  return r < 0 ? r : 0;
}

static int
seed_unit (LsSql *c, const LsUnit *u, int position)
{
  g_autofree char *hours = ls_store_hours_text (u->opening_hours, u->n_opening_hours);
  int r =
      LS_SQL_RUN (c,
                  "INSERT INTO units (id, name, address, checkin_lead_minutes, working_weekdays,"
                  " opening_hours, max_active_per_cccd, horizon_days, minutes_per_ticket,"
                  " position, max_active_per_cccd_unit)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                  u->id, u->name, u->address, ls_sql_num (u->checkin_lead_minutes).s,
                  ls_sql_num (u->working_weekdays).s, hours, ls_sql_num (u->max_active_per_cccd).s,
                  ls_sql_num (u->horizon_days).s, ls_sql_num (u->minutes_per_ticket).s,
                  ls_sql_num (position).s, ls_sql_num (u->max_active_per_cccd_unit).s);
  return r < 0 ? r : seed_fields_slots (c, u);
}

static int
add_year (const LsSqlRow *row, void *data)
{
  g_hash_table_add (data, ls_sql_dup (row, 0));
  return 0;
}

/* A year's official days of one kind are one announcement: seeded only when the database has
 * none of that kind for the year yet and /quan-tri never set the year, never merged with
 * what is there. */
static int
seed_official_days (LsSql *c, const char *kind, GArray *days, GHashTable *admin_years)
{
  g_autoptr (GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int r = c->ops->query (c, "SELECT DISTINCT substr(date, 1, 4) FROM calendar_days WHERE kind = ?",
                         LS_SQL_VALUES (kind), 1, add_year, known);
  for (guint i = 0; r >= 0 && i < days->len; i++)
    {
      char date[11], year[5];
      layso_date_format (&g_array_index (days, GDate, i), date);
      g_strlcpy (year, date, sizeof year);
      if (!g_hash_table_contains (known, year) && !g_hash_table_contains (admin_years, year))
        r = LS_SQL_RUN (c,
                        "INSERT INTO calendar_days (kind, date) VALUES (?, ?)"
                        " ON CONFLICT DO NOTHING",
                        kind, date);
    }
  return r < 0 ? r : 0;
}

static int
seed_calendar (LsSql *c, const LsCatalog *cat)
{
  g_autoptr (GHashTable) admin = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int r;
  /* the years /quan-tri has set (settings "calendar.YYYY"): the seed leaves them alone,
   * whatever they hold (the defaults included) */
  if ((r = c->ops->query (c, "SELECT substr(key, 10, 4) FROM settings WHERE key LIKE ?",
                          LS_SQL_VALUES ("calendar.%"), 1, add_year, admin)) < 0 ||
      (r = seed_official_days (c, "tet", cat->tet_days, admin)) < 0 ||
      (r = seed_official_days (c, "national_day_extra", cat->national_day_extras, admin)) < 0)
    return r;
  for (guint i = 0; i < cat->swaps->len; i++)
    {
      const LaysoDaySwap *s = &g_array_index (cat->swaps, LaysoDaySwap, i);
      char off[11], worked[11], year[5];
      layso_date_format (&s->day_off, off);
      layso_date_format (&s->worked_day, worked);
      g_strlcpy (year, off, sizeof year);
      if (g_hash_table_contains (admin, year))
        continue;
      r = LS_SQL_RUN (c,
                      "INSERT INTO calendar_swaps (day_off, worked_day) VALUES (?, ?)"
                      " ON CONFLICT DO NOTHING",
                      off, worked);
      if (r < 0)
        return r;
    }
  return 0;
}

static int
seed_kiosks (LsSql *c, GPtrArray *kiosks, GPtrArray *ret_tokens)
{
  for (guint i = 0; i < kiosks->len; i++)
    {
      const LsKiosk *k = g_ptr_array_index (kiosks, i);
      g_autofree char *token = layso_token_generate ();
      char hash[65];
      layso_token_hash (token, hash);
      int r = LS_SQL_RUN (c,
                          "INSERT INTO kiosks (id, name, unit_id, token_hash) VALUES (?, ?, ?, ?)"
                          " ON CONFLICT DO NOTHING",
                          k->id, k->name, k->unit_id, hash);
      if (r < 0)
        return r;
      if (r == 1) /* a kiosk already there keeps its token, unknown here */
        g_ptr_array_add (ret_tokens, g_steal_pointer (&token));
    }
  return 0;
}

static int
seed_apply (LsSql *c, void *data)
{
  SeedOp *op = data;
  const LsSeed *seed = op->seed;
  int r;
  if (op->lock && (r = op->lock (c, NULL)) < 0)
    return r;
  for (guint i = 0; i < seed->catalog->units->len; i++)
    if ((r = seed_unit (c, g_ptr_array_index (seed->catalog->units, i), (int) i)) < 0)
      return r;
  if ((r = seed_calendar (c, seed->catalog)) < 0)
    return r;
  for (guint i = 0; i < seed->notices->len; i++)
    {
      const LsNotice *n = g_ptr_array_index (seed->notices, i);
      r = LS_SQL_RUN (c,
                      "INSERT INTO notices (id, unit_id, title, body, published_at)"
                      " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                      n->id, n->unit_id, n->title, n->body, n->published_at);
      if (r < 0)
        return r;
    }
  g_ptr_array_set_size (op->tokens, 0); /* a write run again makes new ones */
  return seed_kiosks (c, seed->kiosks, op->tokens);
}

int
ls_sql_seed_with (LsStore *s, const LsSeed *seed, LsSqlFn lock, GPtrArray *ret_tokens)
{
  g_autoptr (GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  SeedOp op = { seed, lock, tokens };
  int r = ls_sql_write (s, seed_apply, &op);
  if (r < 0)
    return r;
  for (guint i = 0; i < tokens->len; i++)
    g_ptr_array_add (ret_tokens, g_strdup (g_ptr_array_index (tokens, i)));
  return 0;
}

int
ls_sql_seed (LsStore *s, const LsSeed *seed, GPtrArray *ret_tokens)
{
  return ls_sql_seed_with (s, seed, NULL, ret_tokens);
}

/* --- the catalog -------------------------------------------------------------------------- */

static int
add_unit (const LsSqlRow *row, void *data)
{
  LsUnit *u = ls_unit_new ();
  u->id = ls_sql_dup (row, 0);
  u->name = ls_sql_dup (row, 1);
  u->address = ls_sql_dup (row, 2);
  u->checkin_lead_minutes = (int) ls_sql_int64 (row, 3);
  u->working_weekdays = (guint8) ls_sql_int64 (row, 4);
  ls_store_hours_parse (u, ls_sql_text (row, 5));
  u->max_active_per_cccd = (unsigned) ls_sql_int64 (row, 6);
  u->horizon_days = (unsigned) ls_sql_int64 (row, 7);
  u->minutes_per_ticket = (unsigned) ls_sql_int64 (row, 8);
  u->max_active_per_cccd_unit = (unsigned) ls_sql_int64 (row, 9);
  ls_catalog_add_unit (data, u);
  return 0;
}

static void
add_field (LsUnit *u, const LsSqlRow *row)
{
  LsField *f = g_new0 (LsField, 1);
  f->id = ls_sql_dup (row, 1);
  f->name = ls_sql_dup (row, 2);
  f->prefix = ls_sql_text (row, 3)[0]; /* NOT NULL */
  ls_store_numbers_parse (f, ls_sql_text (row, 4));
  g_ptr_array_add (u->fields, f);
}

static void
add_slot (LsUnit *u, const LsSqlRow *row)
{
  LsSlot *sl = g_new0 (LsSlot, 1);
  sl->id = ls_sql_dup (row, 1);
  sl->start = (int) ls_sql_int64 (row, 2);
  sl->end = (int) ls_sql_int64 (row, 3);
  sl->capacity = (int) ls_sql_int64 (row, 4);
  sl->weekdays = (guint8) ls_sql_int64 (row, 5);
  g_ptr_array_add (u->slots, sl);
}

static void
add_closed_day (LsUnit *u, const LsSqlRow *row)
{
  GDate d;
  if (layso_date_parse (ls_sql_text (row, 1), &d))
    g_array_append_val (u->closed_days, d);
}

typedef struct
{
  LsCatalog *cat;
  void (*add) (LsUnit *u, const LsSqlRow *row);
} UnitRows;

static int
unit_row (const LsSqlRow *row, void *data)
{
  UnitRows *rows = data;
  LsUnit *u = g_hash_table_lookup (rows->cat->by_id, ls_sql_text (row, 0));
  if (u) /* rows of unknown units are skipped */
    rows->add (u, row);
  return 0;
}

/* Hands each row of `sql` (unit_id first) to add() with its unit. */
static int
load_unit_rows (LsSql *c, LsCatalog *cat, const char *sql,
                void (*add) (LsUnit *u, const LsSqlRow *row))
{
  UnitRows rows = { cat, add };
  return c->ops->query (c, sql, NULL, 0, unit_row, &rows);
}

static int
add_calendar_day (const LsSqlRow *row, void *data)
{
  LsCatalog *cat = data;
  GDate d;
  bool tet = g_strcmp0 (ls_sql_text (row, 0), "tet") == 0;
  if (layso_date_parse (ls_sql_text (row, 1), &d))
    g_array_append_val (tet ? cat->tet_days : cat->national_day_extras, d);
  return 0;
}

static int
add_swap (const LsSqlRow *row, void *data)
{
  LsCatalog *cat = data;
  LaysoDaySwap s;
  if (layso_date_parse (ls_sql_text (row, 0), &s.day_off) &&
      layso_date_parse (ls_sql_text (row, 1), &s.worked_day))
    g_array_append_val (cat->swaps, s);
  return 0;
}

static int
load_calendar (LsSql *c, LsCatalog *cat)
{
  int r;
  if ((r = c->ops->query (c, "SELECT kind, date FROM calendar_days ORDER BY date", NULL, 0,
                          add_calendar_day, cat)) < 0 ||
      (r = c->ops->query (c, "SELECT day_off, worked_day FROM calendar_swaps ORDER BY day_off",
                          NULL, 0, add_swap, cat)) < 0)
    return r;
  /* the seed was checked, but the database may hold an older seed's days: refuse, never guess */
  g_autofree char *error = NULL;
  return ls_catalog_check_calendar (cat, &error) < 0 ? -EINVAL : 0;
}

/* The server's settings that the catalog carries (/quan-tri); the others are read when shown. */
static int
add_setting (const LsSqlRow *row, void *data)
{
  LsCatalog *cat = data;
  if (g_str_equal (ls_sql_text (row, 0), "province"))
    cat->province = ls_sql_dup (row, 1);
  else
    cat->retention_days = (unsigned) CLAMP ((int) ls_sql_int64 (row, 1), 0, 3650);
  return 0;
}

int
ls_sql_catalog_read (LsSql *c, void *ret_catalog)
{
  g_autoptr (LsCatalog) cat = ls_catalog_new ();
  int r;
  if ((r = c->ops->query (c,
                          "SELECT id, name, address, checkin_lead_minutes, working_weekdays,"
                          " opening_hours, max_active_per_cccd, horizon_days, minutes_per_ticket,"
                          " max_active_per_cccd_unit FROM units ORDER BY position, id",
                          NULL, 0, add_unit, cat)) < 0 ||
      (r = load_unit_rows (c, cat,
                           "SELECT unit_id, id, name, prefix, numbers FROM fields"
                           " ORDER BY unit_id, position",
                           add_field)) < 0 ||
      (r = load_unit_rows (c, cat,
                           "SELECT unit_id, id, start_min, end_min, capacity, weekdays FROM slots"
                           " ORDER BY unit_id, start_min, id",
                           add_slot)) < 0 ||
      (r = load_unit_rows (c, cat, "SELECT unit_id, date FROM closed_days ORDER BY unit_id, date",
                           add_closed_day)) < 0 ||
      (r = c->ops->query (c,
                          "SELECT key, value FROM settings"
                          " WHERE key IN ('province', 'retention_days')",
                          NULL, 0, add_setting, cat)) < 0 ||
      (r = load_calendar (c, cat)) < 0)
    return r;
  *(LsCatalog **) ret_catalog = g_steal_pointer (&cat);
  return 0;
}

int
ls_sql_load_catalog (LsStore *s, LsCatalog **ret)
{
  return ls_sql_read (s, ls_sql_catalog_read, ret);
}
