/* The PostgreSQL backend: seeding, the catalog (units, fields, slots, the province's
 * calendar, closed days, settings), kiosks' tokens and notices. */
#include "store/postgres/store-pg-private.h"

#include "clock.h"

#include <errno.h>

/* --- seeding ------------------------------------------------------------------------------ */

typedef struct
{
  const LsSeed *seed;
  GPtrArray *tokens;
} SeedOp;

static int
seed_unit (PgConn *c, const LsUnit *u, int position)
{
  g_autofree char *hours = ls_store_hours_text (u->opening_hours, u->n_opening_hours);
  int r = PG_RUN (c,
                  "INSERT INTO units (id, name, address, checkin_lead_minutes, working_weekdays,"
                  " opening_hours, max_active_per_cccd, horizon_days, minutes_per_ticket, position,"
                  " max_active_per_cccd_unit) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)"
                  " ON CONFLICT DO NOTHING",
                  u->id, u->name, u->address, pg_num (u->checkin_lead_minutes).s,
                  pg_num (u->working_weekdays).s, hours, pg_num (u->max_active_per_cccd).s,
                  pg_num (u->horizon_days).s, pg_num (u->minutes_per_ticket).s, pg_num (position).s,
                  pg_num (u->max_active_per_cccd_unit).s);
  for (guint i = 0; r >= 0 && i < u->fields->len; i++)
    {
      const LsField *f = g_ptr_array_index (u->fields, i);
      char prefix[2] = { f->prefix, 0 };
      r = PG_RUN (c,
                  "INSERT INTO fields (unit_id, id, name, prefix, position)"
                  " VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING",
                  u->id, f->id, f->name, prefix, pg_num (i).s);
    }
  for (guint i = 0; r >= 0 && i < u->slots->len; i++)
    {
      const LsSlot *sl = g_ptr_array_index (u->slots, i);
      r = PG_RUN (c,
                  "INSERT INTO slots (unit_id, id, start_min, end_min, capacity, weekdays)"
                  " VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING",
                  u->id, sl->id, pg_num (sl->start).s, pg_num (sl->end).s, pg_num (sl->capacity).s,
                  pg_num (sl->weekdays).s);
    }
  return r < 0 ? r : 0;
}

/* The years that already have official days of `kind`, as "YYYY" keys. */
static int
years_with (PgConn *c, const char *kind, GHashTable *ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r, "SELECT DISTINCT substr(date, 1, 4) FROM calendar_days WHERE kind = $1",
                     kind);
  for (int i = 0; err == 0 && i < PQntuples (r); i++)
    g_hash_table_add (ret, pg_dup (r, i, 0));
  return err;
}

/* The years /quan-tri has set (settings "calendar.YYYY"), as "YYYY" keys: the seed leaves
 * them alone, whatever they hold (the defaults included). */
static int
years_set_by_admin (PgConn *c, GHashTable *ret)
{
  PG_RESULT r = NULL;
  int err =
      PG_EXEC (c, &r, "SELECT substr(key, 10, 4) FROM settings WHERE key LIKE $1", "calendar.%");
  for (int i = 0; err == 0 && i < PQntuples (r); i++)
    g_hash_table_add (ret, pg_dup (r, i, 0));
  return err;
}

/* A year's official days of one kind are one announcement: seeded only when the database has
 * none of that kind for the year yet and /quan-tri never set the year, never merged with
 * what is there. */
static int
seed_official_days (PgConn *c, const char *kind, GArray *days, GHashTable *admin_years)
{
  g_autoptr (GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int r = years_with (c, kind, known);
  for (guint i = 0; r >= 0 && i < days->len; i++)
    {
      char date[11], year[5];
      layso_date_format (&g_array_index (days, GDate, i), date);
      g_strlcpy (year, date, sizeof year);
      if (!g_hash_table_contains (known, year) && !g_hash_table_contains (admin_years, year))
        r = PG_RUN (c,
                    "INSERT INTO calendar_days (kind, date) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    kind, date);
    }
  return r < 0 ? r : 0;
}

static int
seed_calendar (PgConn *c, const LsCatalog *cat)
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
      r = PG_RUN (c,
                  "INSERT INTO calendar_swaps (day_off, worked_day) VALUES ($1,$2)"
                  " ON CONFLICT DO NOTHING",
                  off, worked);
      if (r < 0)
        return r;
    }
  return 0;
}

static int
seed_kiosks (PgConn *c, GPtrArray *kiosks, GPtrArray *ret_tokens)
{
  for (guint i = 0; i < kiosks->len; i++)
    {
      const LsKiosk *k = g_ptr_array_index (kiosks, i);
      g_autofree char *token = layso_token_generate ();
      char hash[65];
      layso_token_hash (token, hash);
      int r = PG_RUN (c,
                      "INSERT INTO kiosks (id, name, unit_id, token_hash) VALUES ($1,$2,$3,$4)"
                      " ON CONFLICT DO NOTHING",
                      k->id, k->name, k->unit_id, hash);
      if (r < 0)
        return r;
      if (r == 1)
        g_ptr_array_add (ret_tokens, g_steal_pointer (&token));
    }
  return 0;
}

static int
seed_apply (PgConn *c, void *data)
{
  SeedOp *op = data;
  const LsSeed *seed = op->seed;
  int r;
  /* two processes seeding at once: one after the other, the second inserts nothing */
  if ((r = pg_run (c, "LOCK TABLE units IN SHARE ROW EXCLUSIVE MODE", NULL, 0)) < 0)
    return r;
  for (guint i = 0; i < seed->catalog->units->len; i++)
    if ((r = seed_unit (c, g_ptr_array_index (seed->catalog->units, i), (int) i)) < 0)
      return r;
  if ((r = seed_calendar (c, seed->catalog)) < 0)
    return r;
  for (guint i = 0; i < seed->notices->len; i++)
    {
      const LsNotice *n = g_ptr_array_index (seed->notices, i);
      r = PG_RUN (c,
                  "INSERT INTO notices (id, unit_id, title, body, published_at)"
                  " VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING",
                  n->id, n->unit_id, n->title, n->body, n->published_at);
      if (r < 0)
        return r;
    }
  g_ptr_array_set_size (op->tokens, 0); /* a transaction run again makes new ones */
  return seed_kiosks (c, seed->kiosks, op->tokens);
}

int
pg_seed (LsStore *base, const LsSeed *seed, GPtrArray *ret_tokens)
{
  g_autoptr (GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  SeedOp op = { seed, tokens };
  int r = pg_tx ((PgStore *) base, seed_apply, &op);
  if (r < 0)
    return r;
  for (guint i = 0; i < tokens->len; i++)
    g_ptr_array_add (ret_tokens, g_strdup (g_ptr_array_index (tokens, i)));
  return 0;
}

/* --- catalog ---------------------------------------------------------------------------- */

static void
add_field (LsUnit *u, const PGresult *r, int i)
{
  LsField *f = g_new0 (LsField, 1);
  f->id = pg_dup (r, i, 1);
  f->name = pg_dup (r, i, 2);
  f->prefix = PQgetvalue (r, i, 3)[0];
  ls_store_numbers_parse (f, pg_text (r, i, 4));
  g_ptr_array_add (u->fields, f);
}

static void
add_slot (LsUnit *u, const PGresult *r, int i)
{
  LsSlot *sl = g_new0 (LsSlot, 1);
  sl->id = pg_dup (r, i, 1);
  sl->start = pg_get_int (r, i, 2);
  sl->end = pg_get_int (r, i, 3);
  sl->capacity = pg_get_int (r, i, 4);
  sl->weekdays = (guint8) pg_get_int (r, i, 5);
  g_ptr_array_add (u->slots, sl);
}

static void
add_closed_day (LsUnit *u, const PGresult *r, int i)
{
  GDate d;
  if (layso_date_parse (PQgetvalue (r, i, 1), &d))
    g_array_append_val (u->closed_days, d);
}

/* Hands each row of `sql` (unit_id first) to add() with its unit; rows of unknown units
 * are skipped. */
static int
load_unit_rows (PgConn *c, LsCatalog *cat, const char *sql,
                void (*add) (LsUnit *u, const PGresult *r, int i))
{
  PG_RESULT r = NULL;
  int err = pg_exec (c, sql, NULL, 0, &r);
  for (int i = 0; err == 0 && i < PQntuples (r); i++)
    {
      LsUnit *u = g_hash_table_lookup (cat->by_id, PQgetvalue (r, i, 0));
      if (u)
        add (u, r, i);
    }
  return err;
}

static int
load_calendar (PgConn *c, LsCatalog *cat)
{
  PG_RESULT days = NULL;
  PG_RESULT swaps = NULL;
  int err = pg_exec (c, "SELECT kind, date FROM calendar_days ORDER BY date", NULL, 0, &days);
  if (err < 0 || (err = pg_exec (c,
                                 "SELECT day_off, worked_day FROM calendar_swaps"
                                 " ORDER BY day_off",
                                 NULL, 0, &swaps)) < 0)
    return err;
  for (int i = 0; i < PQntuples (days); i++)
    {
      GDate d;
      bool tet = g_str_equal (PQgetvalue (days, i, 0), "tet");
      if (layso_date_parse (PQgetvalue (days, i, 1), &d))
        g_array_append_val (tet ? cat->tet_days : cat->national_day_extras, d);
    }
  for (int i = 0; i < PQntuples (swaps); i++)
    {
      LaysoDaySwap s;
      if (layso_date_parse (PQgetvalue (swaps, i, 0), &s.day_off) &&
          layso_date_parse (PQgetvalue (swaps, i, 1), &s.worked_day))
        g_array_append_val (cat->swaps, s);
    }
  /* the seed was checked, but the database may hold an older seed's days: refuse, never guess */
  g_autofree char *error = NULL;
  return ls_catalog_check_calendar (cat, &error) < 0 ? -EINVAL : 0;
}

/* The server's settings that the catalog carries (/quan-tri); the others are read when shown. */
static int
load_settings (PgConn *c, LsCatalog *cat)
{
  PG_RESULT r = NULL;
  int err =
      pg_exec (c, "SELECT key, value FROM settings WHERE key IN ('province', 'retention_days')",
               NULL, 0, &r);
  for (int i = 0; err == 0 && i < PQntuples (r); i++)
    if (g_str_equal (PQgetvalue (r, i, 0), "province"))
      cat->province = pg_dup (r, i, 1);
    else
      cat->retention_days = (unsigned) CLAMP (pg_get_int (r, i, 1), 0, 3650);
  return err;
}

static int
load_units (PgConn *c, LsCatalog *cat)
{
  PG_RESULT r = NULL;
  int err = pg_exec (c,
                     "SELECT id, name, address, checkin_lead_minutes, working_weekdays,"
                     " opening_hours, max_active_per_cccd, horizon_days, minutes_per_ticket,"
                     " max_active_per_cccd_unit FROM units ORDER BY position, id",
                     NULL, 0, &r);
  for (int i = 0; err == 0 && i < PQntuples (r); i++)
    {
      LsUnit *u = ls_unit_new ();
      u->id = pg_dup (r, i, 0);
      u->name = pg_dup (r, i, 1);
      u->address = pg_dup (r, i, 2);
      u->checkin_lead_minutes = pg_get_int (r, i, 3);
      u->working_weekdays = (guint8) pg_get_int (r, i, 4);
      ls_store_hours_parse (u, PQgetvalue (r, i, 5));
      u->max_active_per_cccd = (unsigned) pg_get_int (r, i, 6);
      u->horizon_days = (unsigned) pg_get_int (r, i, 7);
      u->minutes_per_ticket = (unsigned) pg_get_int (r, i, 8);
      u->max_active_per_cccd_unit = (unsigned) pg_get_int (r, i, 9);
      ls_catalog_add_unit (cat, u);
    }
  return err;
}

static int
load_catalog (PgConn *c, void *data)
{
  LsCatalog **ret = data;
  g_autoptr (LsCatalog) cat = ls_catalog_new ();
  int r;
  if ((r = load_units (c, cat)) < 0 ||
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
      (r = load_settings (c, cat)) < 0 || (r = load_calendar (c, cat)) < 0)
    return r;
  *ret = g_steal_pointer (&cat);
  return 0;
}

int
pg_load_catalog (LsStore *base, LsCatalog **ret)
{
  return pg_read_tx ((PgStore *) base, load_catalog, ret);
}

/* --- kiosks and notices ---------------------------------------------------------------------- */

static int
kiosk_by_hash (PgConn *c, const char *hash, LsKiosk **ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT id, name, unit_id FROM kiosks WHERE token_hash = $1"
                     " AND revoked_at IS NULL",
                     hash);
  if (err < 0)
    return err;
  if (PQntuples (r) == 0)
    return -LS_E_NOT_FOUND;
  LsKiosk *k = g_new0 (LsKiosk, 1);
  k->id = pg_dup (r, 0, 0);
  k->name = pg_dup (r, 0, 1);
  k->unit_id = pg_dup (r, 0, 2);
  *ret = k;
  return 0;
}

int
pg_kiosk_by_token_hash (LsStore *base, const char *hash, LsKiosk **ret)
{
  ON_CONN (base, kiosk_by_hash (c, hash, ret));
}

static int
rotate_token (PgConn *c, const char *kiosk_id, const char *hash)
{
  int r = PG_RUN (c, "UPDATE kiosks SET token_hash = $1 WHERE id = $2 AND revoked_at IS NULL", hash,
                  kiosk_id);
  if (r < 0)
    return r;
  return r == 1 ? 0 : -LS_E_NOT_FOUND;
}

static int
rotate_on_conn (LsStore *base, const char *kiosk_id, const char *hash)
{
  ON_CONN (base, rotate_token (c, kiosk_id, hash));
}

int
pg_kiosk_rotate_token (LsStore *base, const char *kiosk_id, char **ret_token)
{
  g_autofree char *token = layso_token_generate ();
  char hash[65];
  layso_token_hash (token, hash);
  /* one statement in autocommit: committed (durably) when it returns */
  int r = rotate_on_conn (base, kiosk_id, hash);
  if (r < 0)
    return r;
  *ret_token = g_steal_pointer (&token);
  return 0;
}

static void *
notice_from_row (const PGresult *r, int i)
{
  LsNotice *n = g_new0 (LsNotice, 1);
  n->id = pg_dup (r, i, 0);
  n->unit_id = pg_dup (r, i, 1);
  n->title = pg_dup (r, i, 2);
  n->body = pg_dup (r, i, 3);
  n->published_at = pg_dup (r, i, 4);
  return n;
}

static int
notices_of_unit (PgConn *c, const char *unit_id, GPtrArray **ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT id, unit_id, title, body, published_at FROM notices"
                     " WHERE ($1::text IS NULL OR unit_id = $1) AND draft = 0"
                     " ORDER BY published_at DESC, id",
                     unit_id);
  if (err == 0)
    *ret = pg_collect_rows (r, notice_from_row, (GDestroyNotify) ls_notice_free);
  return err;
}

int
pg_notices_of_unit (LsStore *base, const char *unit_id, GPtrArray **ret)
{
  ON_CONN (base, notices_of_unit (c, unit_id, ret));
}
