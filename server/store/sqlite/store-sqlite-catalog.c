/* The SQLite backend: seeding, the catalog (units, fields, slots, the province's calendar),
 * kiosks and notices. */
#include "store/sqlite/store-sqlite-private.h"

#include "clock.h"

#include <errno.h>
#include <stdio.h>

/* --- seeding ------------------------------------------------------------------------------ */

typedef struct
{
  const LsSeed *seed;
  GPtrArray *tokens;
} SeedOp;

static int
seed_unit (Conn *c, const LsUnit *u, int position)
{
  {
    g_autofree char *hours = ls_store_hours_text (u->opening_hours, u->n_opening_hours);
    STMT st = sql_prep (c, "INSERT OR IGNORE INTO units (id, name, address, checkin_lead_minutes,"
                           " working_weekdays, opening_hours, max_active_per_cccd, horizon_days,"
                           " minutes_per_ticket, position, max_active_per_cccd_unit)"
                           " VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    if (!st)
      return -EIO;
    sql_bind_text (st, 1, u->id);
    sql_bind_text (st, 2, u->name);
    sql_bind_text (st, 3, u->address);
    sqlite3_bind_int (st, 4, u->checkin_lead_minutes);
    sqlite3_bind_int (st, 5, u->working_weekdays);
    sql_bind_text (st, 6, hours);
    sqlite3_bind_int (st, 7, (int) u->max_active_per_cccd);
    sqlite3_bind_int (st, 8, (int) u->horizon_days);
    sqlite3_bind_int (st, 9, (int) u->minutes_per_ticket);
    sqlite3_bind_int (st, 10, position);
    sqlite3_bind_int (st, 11, (int) u->max_active_per_cccd_unit);
    if (!sql_step_done (st))
      return -EIO;
  }
  for (guint i = 0; i < u->fields->len; i++)
    {
      const LsField *f = g_ptr_array_index (u->fields, i);
      char prefix[2] = { f->prefix, 0 };
      STMT st = sql_prep (c, "INSERT OR IGNORE INTO fields (unit_id, id, name, prefix, position)"
                             " VALUES (?,?,?,?,?)");
      if (!st)
        return -EIO;
      sql_bind_text (st, 1, u->id);
      sql_bind_text (st, 2, f->id);
      sql_bind_text (st, 3, f->name);
      sql_bind_text (st, 4, prefix);
      sqlite3_bind_int (st, 5, (int) i);
      if (!sql_step_done (st))
        return -EIO;
    }
  for (guint i = 0; i < u->slots->len; i++)
    {
      const LsSlot *sl = g_ptr_array_index (u->slots, i);
      STMT st = sql_prep (c, "INSERT OR IGNORE INTO slots (unit_id, id, start_min, end_min,"
                             " capacity, weekdays) VALUES (?,?,?,?,?,?)");
      if (!st)
        return -EIO;
      sql_bind_text (st, 1, u->id);
      sql_bind_text (st, 2, sl->id);
      sqlite3_bind_int (st, 3, sl->start);
      sqlite3_bind_int (st, 4, sl->end);
      sqlite3_bind_int (st, 5, sl->capacity);
      sqlite3_bind_int (st, 6, sl->weekdays);
      if (!sql_step_done (st))
        return -EIO;
    }
  return 0;
}

/* The years that already have official days of `kind`, as "YYYY" keys. */
static int
years_with (Conn *c, const char *kind, GHashTable *ret)
{
  STMT st = sql_prep (c, "SELECT DISTINCT substr(date, 1, 4) FROM calendar_days WHERE kind = ?");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, kind);
  int rc;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    g_hash_table_add (ret, sql_col_dup (st, 0));
  return rc == SQLITE_DONE ? 0 : -EIO;
}

/* The years /quan-tri has set (settings "calendar.YYYY"), as "YYYY" keys: the seed leaves
 * them alone, whatever they hold (the defaults included). */
static int
years_set_by_admin (Conn *c, GHashTable *ret)
{
  STMT st = sql_prep (c, "SELECT substr(key, 10, 4) FROM settings WHERE key LIKE 'calendar.%'");
  if (!st)
    return -EIO;
  int rc;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    g_hash_table_add (ret, sql_col_dup (st, 0));
  return rc == SQLITE_DONE ? 0 : -EIO;
}

/* A year's official days of one kind are one announcement: seeded only when the database has
 * none of that kind for the year yet and /quan-tri never set the year, never merged with
 * what is there. */
static int
seed_official_days (Conn *c, const char *kind, GArray *days, GHashTable *admin_years)
{
  g_autoptr (GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int r = years_with (c, kind, known);
  for (guint i = 0; r >= 0 && i < days->len; i++)
    {
      char date[11], year[5];
      layso_date_format (&g_array_index (days, GDate, i), date);
      g_strlcpy (year, date, sizeof year);
      if (!g_hash_table_contains (known, year) && !g_hash_table_contains (admin_years, year))
        r = SQL_RUN (c, "INSERT OR IGNORE INTO calendar_days (kind, date) VALUES (?,?)", kind,
                     date);
    }
  return r < 0 ? r : 0;
}

static int
seed_calendar (Conn *c, const LsCatalog *cat)
{
  g_autoptr (GHashTable) admin = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int r;
  if ((r = years_set_by_admin (c, admin)) < 0 ||
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
      r = SQL_RUN (c, "INSERT OR IGNORE INTO calendar_swaps (day_off, worked_day) VALUES (?,?)",
                   off, worked);
      if (r < 0)
        return r;
    }
  return 0;
}

static int
seed_apply (Conn *c, void *data)
{
  SeedOp *op = data;
  const LsSeed *seed = op->seed;
  int r;

  for (guint i = 0; i < seed->catalog->units->len; i++)
    if ((r = seed_unit (c, g_ptr_array_index (seed->catalog->units, i), (int) i)) < 0)
      return r;
  if ((r = seed_calendar (c, seed->catalog)) < 0)
    return r;
  for (guint i = 0; i < seed->notices->len; i++)
    {
      const LsNotice *n = g_ptr_array_index (seed->notices, i);
      r = SQL_RUN (c,
                   "INSERT OR IGNORE INTO notices (id, unit_id, title, body, published_at)"
                   " VALUES (?,?,?,?,?)",
                   n->id, n->unit_id, n->title, n->body, n->published_at);
      if (r < 0)
        return r;
    }
  for (guint i = 0; i < seed->kiosks->len; i++)
    {
      const LsKiosk *k = g_ptr_array_index (seed->kiosks, i);
      g_autofree char *token = layso_token_generate ();
      char hash[65];
      layso_token_hash (token, hash);
      r = SQL_RUN (c,
                   "INSERT OR IGNORE INTO kiosks (id, name, unit_id, token_hash)"
                   " VALUES (?,?,?,?)",
                   k->id, k->name, k->unit_id, hash);
      if (r < 0)
        return r;
      if (r == 1)
        g_ptr_array_add (op->tokens, g_steal_pointer (&token));
    }
  return 0;
}

int
sqlite_seed (LsStore *base, const LsSeed *seed, GPtrArray *ret_tokens)
{
  SqliteStore *s = (SqliteStore *) base;
  g_autoptr (GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  SeedOp op = { seed, tokens };
  int r = sqlite_write_run (s, seed_apply, &op);
  if (r < 0)
    return r;
  for (guint i = 0; i < tokens->len; i++)
    g_ptr_array_add (ret_tokens, g_strdup (g_ptr_array_index (tokens, i)));
  return 0;
}

/* --- catalog ---------------------------------------------------------------------------- */

static void
add_field (LsUnit *u, sqlite3_stmt *st)
{
  LsField *f = g_new0 (LsField, 1);
  f->id = sql_col_dup (st, 1);
  f->name = sql_col_dup (st, 2);
  f->prefix = ((const char *) sqlite3_column_text (st, 3))[0];
  ls_store_numbers_parse (f, (const char *) sqlite3_column_text (st, 4));
  g_ptr_array_add (u->fields, f);
}

static void
add_slot (LsUnit *u, sqlite3_stmt *st)
{
  LsSlot *sl = g_new0 (LsSlot, 1);
  sl->id = sql_col_dup (st, 1);
  sl->start = sqlite3_column_int (st, 2);
  sl->end = sqlite3_column_int (st, 3);
  sl->capacity = sqlite3_column_int (st, 4);
  sl->weekdays = (guint8) sqlite3_column_int (st, 5);
  g_ptr_array_add (u->slots, sl);
}

/* Hands each row of `sql` (unit_id first) to add() with its unit; rows of unknown units
 * are skipped. */
static int
load_unit_rows (Conn *c, LsCatalog *cat, const char *sql, void (*add) (LsUnit *u, sqlite3_stmt *st))
{
  STMT st = sql_prep (c, sql);
  if (!st)
    return -EIO;
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      LsUnit *u = g_hash_table_lookup (cat->by_id, sqlite3_column_text (st, 0));
      if (u)
        add (u, st);
    }
  return 0;
}

static int
load_calendar (Conn *c, LsCatalog *cat)
{
  {
    STMT st = sql_prep (c, "SELECT kind, date FROM calendar_days ORDER BY date");
    if (!st)
      return -EIO;
    while (sqlite3_step (st) == SQLITE_ROW)
      {
        GDate d;
        bool tet = g_strcmp0 ((const char *) sqlite3_column_text (st, 0), "tet") == 0;
        if (layso_date_parse ((const char *) sqlite3_column_text (st, 1), &d))
          g_array_append_val (tet ? cat->tet_days : cat->national_day_extras, d);
      }
  }
  STMT st = sql_prep (c, "SELECT day_off, worked_day FROM calendar_swaps ORDER BY day_off");
  if (!st)
    return -EIO;
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      LaysoDaySwap s;
      if (layso_date_parse ((const char *) sqlite3_column_text (st, 0), &s.day_off) &&
          layso_date_parse ((const char *) sqlite3_column_text (st, 1), &s.worked_day))
        g_array_append_val (cat->swaps, s);
    }
  /* the seed was checked, but the file may hold an older seed's days: refuse, never guess */
  g_autofree char *error = NULL;
  return ls_catalog_check_calendar (cat, &error) < 0 ? -EINVAL : 0;
}

static void
add_closed_day (LsUnit *u, sqlite3_stmt *st)
{
  GDate d;
  if (layso_date_parse ((const char *) sqlite3_column_text (st, 1), &d))
    g_array_append_val (u->closed_days, d);
}

/* The server's settings that the catalog carries (/quan-tri); the others are read when shown. */
static int
load_settings (Conn *c, LsCatalog *cat)
{
  STMT st = sql_prep (c, "SELECT key, value FROM settings"
                         " WHERE key IN ('province', 'retention_days')");
  if (!st)
    return -EIO;
  int rc;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (st, 0);
      if (g_str_equal (key, "province"))
        cat->province = sql_col_dup (st, 1);
      else
        cat->retention_days = (unsigned) CLAMP (sqlite3_column_int (st, 1), 0, 3650);
    }
  return rc == SQLITE_DONE ? 0 : -EIO;
}

static int
load_catalog (Conn *c, LsCatalog **ret)
{
  g_autoptr (LsCatalog) cat = ls_catalog_new ();
  {
    STMT st = sql_prep (c, "SELECT id, name, address, checkin_lead_minutes, working_weekdays,"
                           " opening_hours, max_active_per_cccd, horizon_days, minutes_per_ticket,"
                           " max_active_per_cccd_unit FROM units ORDER BY position, id");
    if (!st)
      return -EIO;
    int rc;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
      {
        LsUnit *u = ls_unit_new ();
        u->id = sql_col_dup (st, 0);
        u->name = sql_col_dup (st, 1);
        u->address = sql_col_dup (st, 2);
        u->checkin_lead_minutes = sqlite3_column_int (st, 3);
        u->working_weekdays = (guint8) sqlite3_column_int (st, 4);
        ls_store_hours_parse (u, (const char *) sqlite3_column_text (st, 5));
        u->max_active_per_cccd = (unsigned) sqlite3_column_int (st, 6);
        u->horizon_days = (unsigned) sqlite3_column_int (st, 7);
        u->minutes_per_ticket = (unsigned) sqlite3_column_int (st, 8);
        u->max_active_per_cccd_unit = (unsigned) sqlite3_column_int (st, 9);
        ls_catalog_add_unit (cat, u);
      }
    if (rc != SQLITE_DONE)
      return -EIO;
  }
  int r;
  if ((r = load_unit_rows (c, cat,
                           "SELECT unit_id, id, name, prefix, numbers FROM fields"
                           " ORDER BY unit_id, position",
                           add_field)) < 0 ||
      (r = load_unit_rows (c, cat,
                           "SELECT unit_id, id, start_min, end_min, capacity, weekdays FROM slots"
                           " ORDER BY unit_id, start_min, id",
                           add_slot)) < 0 ||
      (r = load_unit_rows (c, cat, "SELECT unit_id, date FROM closed_days ORDER BY unit_id, date",
                           add_closed_day)) < 0 ||
      (r = load_settings (c, cat)) < 0)
    return r;
  if ((r = load_calendar (c, cat)) < 0)
    return r;
  *ret = g_steal_pointer (&cat);
  return 0;
}

int
sqlite_load_catalog (LsStore *base, LsCatalog **ret)
{
  ON_READER (base, load_catalog (c, ret));
}

/* --- kiosks and notices ---------------------------------------------------------------------- */

static int
kiosk_by_hash (Conn *c, const char *hash, LsKiosk **ret)
{
  STMT st = sql_prep (
      c, "SELECT id, name, unit_id FROM kiosks WHERE token_hash = ? AND revoked_at IS NULL");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, hash);
  int r = sql_step_one (st);
  if (r < 0)
    return r;
  LsKiosk *k = g_new0 (LsKiosk, 1);
  k->id = sql_col_dup (st, 0);
  k->name = sql_col_dup (st, 1);
  k->unit_id = sql_col_dup (st, 2);
  *ret = k;
  return 0;
}

int
sqlite_kiosk_by_token_hash (LsStore *base, const char *hash, LsKiosk **ret)
{
  ON_READER (base, kiosk_by_hash (c, hash, ret));
}

typedef struct
{
  const char *kiosk_id;
  char hash[65];
} RotateOp;

static int
rotate_apply (Conn *c, void *data)
{
  RotateOp *op = data;
  int r = SQL_RUN (c, "UPDATE kiosks SET token_hash = ? WHERE id = ? AND revoked_at IS NULL",
                   op->hash, op->kiosk_id);
  if (r < 0)
    return r;
  return r == 1 ? 0 : -LS_E_NOT_FOUND;
}

int
sqlite_kiosk_rotate_token (LsStore *base, const char *kiosk_id, char **ret_token)
{
  SqliteStore *s = (SqliteStore *) base;
  g_autofree char *token = layso_token_generate ();
  RotateOp op = { kiosk_id, "" };
  layso_token_hash (token, op.hash);
  /* the writer answers after COMMIT (synchronous=FULL): once we print it, it is durable */
  int r = sqlite_write_run (s, rotate_apply, &op);
  if (r < 0)
    return r;
  *ret_token = g_steal_pointer (&token);
  return 0;
}

static void *
notice_from_row (sqlite3_stmt *st)
{
  LsNotice *n = g_new0 (LsNotice, 1);
  n->id = sql_col_dup (st, 0);
  n->unit_id = sql_col_dup (st, 1);
  n->title = sql_col_dup (st, 2);
  n->body = sql_col_dup (st, 3);
  n->published_at = sql_col_dup (st, 4);
  return n;
}

static int
notices_of_unit (Conn *c, const char *unit_id, GPtrArray **ret)
{
  STMT st = sql_prep (c, "SELECT id, unit_id, title, body, published_at FROM notices"
                         " WHERE (?1 IS NULL OR unit_id = ?1) AND draft = 0"
                         " ORDER BY published_at DESC, id");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, unit_id);
  return sql_collect_rows (st, notice_from_row, (GDestroyNotify) ls_notice_free, ret);
}

int
sqlite_notices_of_unit (LsStore *base, const char *unit_id, GPtrArray **ret)
{
  ON_READER (base, notices_of_unit (c, unit_id, ret));
}
