/* The PostgreSQL backend: administration (/quan-tri). Units' settings, fields, slot
 * templates and closed days, the server's settings, notices and the audit log; each write
 * audited in its transaction. A change that takes seats away locks the seats it counts
 * (layso_capacity_change_decide) until it commits, so no booking can slip in between check
 * and change. */
#include "store/postgres/store-pg-private.h"

#include "booking.h"
#include "clock.h"

#include <errno.h>

int
pg_audit_insert (PgConn *c, const LsAuditEntry *e)
{
  return ls_sql_audit_insert (&c->sql, e);
}

/* --- settings ------------------------------------------------------------------------------ */

/* --- units and fields ---------------------------------------------------------------------- */

typedef struct
{
  const char *unit_id;
  const LsField *f;
  const LsAuditEntry *audit;
} FieldOp;

static int
field_put_apply (PgConn *c, void *data)
{
  FieldOp *op = data;
  char prefix[2] = { op->f->prefix, 0 };
  /* the unit's row locked: its fields' prefixes are checked and written one write at a time */
  int r = PG_RUN (c, "SELECT 1 FROM units WHERE id = $1 FOR UPDATE", op->unit_id);
  if (r <= 0)
    return r < 0 ? r : -LS_E_NOT_FOUND;
  r = PG_RUN (c, "SELECT 1 FROM fields WHERE unit_id = $1 AND prefix = $2 AND id <> $3",
              op->unit_id, prefix, op->f->id);
  if (r != 0)
    return r < 0 ? r : -EEXIST;
  g_autofree char *numbers = ls_store_numbers_text (op->f);
  r = PG_RUN (c,
              "INSERT INTO fields (unit_id, id, name, prefix, position, numbers)"
              " SELECT $1, $2, $3, $4, coalesce(max(position), -1) + 1, $5 FROM fields"
              " WHERE unit_id = $1"
              " ON CONFLICT (unit_id, id) DO UPDATE SET name = excluded.name,"
              " prefix = excluded.prefix, numbers = excluded.numbers",
              op->unit_id, op->f->id, op->f->name, prefix, numbers);
  if (r < 0)
    return r;
  return r == 1 ? pg_audit_insert (c, op->audit) : -LS_E_NOT_FOUND;
}

int
pg_field_put (LsStore *base, const char *unit_id, const LsField *f, const LsAuditEntry *audit)
{
  FieldOp op = { unit_id, f, audit };
  return pg_tx ((PgStore *) base, field_put_apply, &op);
}

/* --- capacity changes ------------------------------------------------------------------------ */

typedef struct
{
  char *unit_id, *slot_id, *field_id;
  char date[11];
  LaysoSlotLoad load;
} Load;

static void
load_free (gpointer p)
{
  Load *l = p;
  g_free (l->unit_id);
  g_free (l->slot_id);
  g_free (l->field_id);
  g_free (l);
}

static void *
load_from_row (const PGresult *r, int i)
{
  Load *l = g_new0 (Load, 1);
  l->slot_id = pg_dup (r, i, 0);
  l->field_id = pg_dup (r, i, 1);
  g_strlcpy (l->date, PQgetvalue (r, i, 2), sizeof l->date);
  l->load.used = pg_get_int (r, i, 3);
  l->unit_id = pg_dup (r, i, 4);
  return l;
}

/* The seats taken that the change touches (of the slot from from_date on, of every slot on
 * the closed day, or of every unit's slots in the calendar's days), their rows locked: no
 * seat is taken or given back until the commit. A written slot's lock is taken first,
 * exclusively, so bookings (layso_book takes it shared, store-pg-book.c) wait for the change
 * and then see its capacity. */
static int
read_loads (PgConn *c, const LsCapacityChange *in, GPtrArray **ret)
{
  PG_RESULT r = NULL;
  int err = in->slot
                ? PG_RUN (c, "SELECT pg_advisory_xact_lock(hashtextextended($1 || ':' || $2, 3))",
                          in->unit_id, in->slot->id)
                : 0;
  if (err < 0 || (err = PG_EXEC (c, &r,
                                 "SELECT slot_id, field_id, date, used, unit_id FROM slot_usage"
                                 " WHERE ($1::text IS NULL OR unit_id = $1)"
                                 " AND ($2::text IS NULL OR slot_id = $2)"
                                 " AND ($3::text IS NULL OR date = $3) AND date >= $4"
                                 " AND ($5::text IS NULL OR date <= $5) AND used > 0"
                                 " ORDER BY date, unit_id COLLATE \"C\", slot_id COLLATE \"C\","
                                 " field_id COLLATE \"C\" FOR UPDATE",
                                 in->unit_id, in->slot ? in->slot->id : NULL, in->close_date,
                                 in->from_date, in->to_date)) < 0)
    return err;
  *ret = pg_collect_rows (r, load_from_row, load_free);
  return 0;
}

static void *
affected_from_row (const PGresult *r, int i)
{
  LsBooking *b = g_new0 (LsBooking, 1);
  b->id = pg_get_int64 (r, i, 0);
  g_strlcpy (b->code, PQgetvalue (r, i, 1), sizeof b->code);
  b->name = pg_dup (r, i, 2);
  b->phone = pg_dup (r, i, 3);
  b->field_id = pg_dup (r, i, 4);
  g_strlcpy (b->date, PQgetvalue (r, i, 5), sizeof b->date);
  b->slot_id = pg_dup (r, i, 6);
  b->unit_id = pg_dup (r, i, 7);
  b->status = LAYSO_BOOKING_BOOKED;
  return b;
}

/* Marks the booked bookings of an over-capacity load and appends them to ret. */
static int
mark_affected (PgConn *c, const Load *l, const char *now, GPtrArray *ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "UPDATE bookings SET over_capacity_at = $5"
                     " WHERE unit_id = $1 AND slot_id = $2 AND field_id = $3 AND date = $4"
                     " AND status = 'booked'"
                     " RETURNING id, code, name, phone, field_id, date, slot_id, unit_id",
                     l->unit_id, l->slot_id, l->field_id, l->date, now);
  for (int i = 0; err == 0 && i < PQntuples (r); i++)
    g_ptr_array_add (ret, affected_from_row (r, i));
  return err;
}

static int
insert_day (PgConn *c, const char *kind, const GDate *d)
{
  char date[11];
  layso_date_format (d, date);
  int r = PG_RUN (c, "INSERT INTO calendar_days (kind, date) VALUES ($1, $2)", kind, date);
  return r < 0 ? r : 0;
}

/* The year's official days replace all it had; the seed leaves the year alone from now on. */
static int
write_calendar_year (PgConn *c, const LaysoOfficialDays *cal, const char *now)
{
  char year[8], key[16];
  g_snprintf (year, sizeof year, "%04d", cal->year);
  g_snprintf (key, sizeof key, "calendar.%s", year);
  int r;
  if ((r = PG_RUN (c, "DELETE FROM calendar_days WHERE substr(date, 1, 4) = $1", year)) < 0 ||
      (r = PG_RUN (c,
                   "DELETE FROM calendar_swaps WHERE substr(day_off, 1, 4) = $1"
                   " OR substr(worked_day, 1, 4) = $1",
                   year)) < 0 ||
      (r = PG_RUN (c,
                   "INSERT INTO settings (key, value) VALUES ($1, $2)"
                   " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                   key, now)) < 0)
    return r;
  for (size_t i = 0; r >= 0 && i < cal->n_tet_days; i++)
    r = insert_day (c, "tet", &cal->tet_days[i]);
  if (r >= 0 && cal->national_day_extra)
    r = insert_day (c, "national_day_extra", cal->national_day_extra);
  for (size_t i = 0; r >= 0 && i < cal->n_swaps; i++)
    {
      char off[11], worked[11];
      layso_date_format (&cal->swaps[i].day_off, off);
      layso_date_format (&cal->swaps[i].worked_day, worked);
      r = PG_RUN (c, "INSERT INTO calendar_swaps (day_off, worked_day) VALUES ($1, $2)", off,
                  worked);
    }
  return r < 0 ? r : 0;
}

/* Writes the change itself: the slot row, the unit's closed day, or the calendar's year. */
static int
apply_change (PgConn *c, const LsCapacityChange *in)
{
  if (in->calendar)
    return write_calendar_year (c, in->calendar, in->audit->now);
  const LsSlot *sl = in->slot;
  int r = sl ? PG_RUN (c,
                       "INSERT INTO slots (unit_id, id, start_min, end_min, capacity, weekdays)"
                       " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (unit_id, id) DO UPDATE SET"
                       " start_min = excluded.start_min, end_min = excluded.end_min,"
                       " capacity = excluded.capacity, weekdays = excluded.weekdays",
                       in->unit_id, sl->id, pg_num (sl->start).s, pg_num (sl->end).s,
                       pg_num (sl->capacity).s, pg_num (sl->weekdays).s)
             : PG_RUN (c,
                       "INSERT INTO closed_days (unit_id, date) VALUES ($1, $2)"
                       " ON CONFLICT DO NOTHING",
                       in->unit_id, in->close_date);
  return r < 0 ? r : 0;
}

typedef struct
{
  const LsCapacityChange *in;
  unsigned affected;
  GPtrArray *bookings; /* LsBooking* */
} CapacityOp;

static int
capacity_change_apply (PgConn *c, void *data)
{
  CapacityOp *op = data;
  const LsCapacityChange *in = op->in;
  g_autoptr (GPtrArray) loads = NULL;
  g_ptr_array_set_size (op->bookings, 0); /* from an attempt rolled back */
  int r = read_loads (c, in, &loads);
  if (r < 0)
    return r;
  g_autofree LaysoSlotLoad *l = g_new0 (LaysoSlotLoad, loads->len + 1);
  for (guint i = 0; i < loads->len; i++)
    {
      Load *ld = g_ptr_array_index (loads, i);
      ld->load.capacity = in->capacity_on (ld->unit_id, ld->slot_id, ld->date, in->capacity_data);
      l[i] = ld->load;
    }
  LaysoCapacityVerdict v =
      layso_capacity_change_decide (l, loads->len, in->confirmed, &op->affected);
  if (v == LAYSO_CAPACITY_IN_USE)
    return -LS_E_CAPACITY_IN_USE;
  if ((r = apply_change (c, in)) < 0)
    return r;
  for (guint i = 0; v == LAYSO_CAPACITY_OVERRUN && i < loads->len; i++)
    if (l[i].used > MAX (l[i].capacity, 0) &&
        (r = mark_affected (c, g_ptr_array_index (loads, i), in->audit->now, op->bookings)) < 0)
      return r;
  return pg_audit_insert (c, in->audit);
}

int
pg_capacity_change (LsStore *base, const LsCapacityChange *in, unsigned *ret_affected,
                    GPtrArray **ret_bookings)
{
  g_autoptr (GPtrArray) bookings =
      g_ptr_array_new_with_free_func ((GDestroyNotify) ls_booking_free);
  CapacityOp op = { in, 0, bookings };
  int r = pg_tx ((PgStore *) base, capacity_change_apply, &op);
  if (r == 0 || r == -LS_E_CAPACITY_IN_USE)
    *ret_affected = op.affected;
  if (r == 0 && ret_bookings)
    *ret_bookings = g_steal_pointer (&bookings);
  return r;
}

static int
over_capacity (PgConn *c, gint64 booking_id, bool *ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r, "SELECT over_capacity_at IS NOT NULL FROM bookings WHERE id = $1",
                     pg_num (booking_id).s);
  if (err < 0)
    return err;
  if (PQntuples (r) == 0)
    return -LS_E_NOT_FOUND;
  *ret = g_str_equal (PQgetvalue (r, 0, 0), "t");
  return 0;
}

int
pg_booking_over_capacity (LsStore *base, gint64 booking_id, bool *ret)
{
  ON_CONN (base, over_capacity (c, booking_id, ret));
}

/* --- notices ------------------------------------------------------------------------------- */

static void *
admin_notice_from_row (const PGresult *r, int i)
{
  LsNotice *n = g_new0 (LsNotice, 1);
  n->id = pg_dup (r, i, 0);
  n->unit_id = pg_dup (r, i, 1);
  n->title = pg_dup (r, i, 2);
  n->body = pg_dup (r, i, 3);
  n->published_at = pg_dup (r, i, 4);
  n->draft = pg_get_int (r, i, 5) != 0;
  return n;
}

static int
notices_admin (PgConn *c, const char *unit_id, GPtrArray **ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT id, unit_id, title, body, published_at, draft FROM notices"
                     " WHERE unit_id = $1 ORDER BY published_at DESC, id COLLATE \"C\"",
                     unit_id);
  if (err == 0)
    *ret = pg_collect_rows (r, admin_notice_from_row, (GDestroyNotify) ls_notice_free);
  return err;
}

int
pg_notices_admin (LsStore *base, const char *unit_id, GPtrArray **ret)
{
  ON_CONN (base, notices_admin (c, unit_id, ret));
}

/* --- the audit log ------------------------------------------------------------------------- */

static void *
audit_row_from_row (const PGresult *r, int i)
{
  LsAuditRow *row = g_new0 (LsAuditRow, 1);
  row->id = pg_get_int64 (r, i, 0);
  row->at = pg_dup (r, i, 1);
  row->username = pg_dup (r, i, 2);
  row->action = pg_dup (r, i, 3);
  row->unit_id = pg_dup (r, i, 4);
  row->target = pg_dup (r, i, 5);
  row->detail = pg_dup (r, i, 6);
  return row;
}

/* ILIKE: SQLite's LIKE ignores the case of ASCII letters, and the search reads the same on
 * both backends. */
static int
audit_search (PgConn *c, const LsAuditQuery *q, GPtrArray **ret)
{
  g_autofree char *action = q->action ? ls_store_like_pattern (q->action, true) : NULL;
  g_autofree char *text = q->text ? ls_store_like_pattern (q->text, false) : NULL;
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT a.id, a.at, u.username, a.action, a.unit_id, a.target, a.detail"
                     " FROM audit_log a LEFT JOIN staff_users u ON u.id = a.user_id"
                     " WHERE ($1::text IS NULL OR a.unit_id = $1)"
                     " AND ($2::text IS NULL OR a.action ILIKE $2 ESCAPE '\\')"
                     " AND ($3::text IS NULL OR a.action ILIKE $3 ESCAPE '\\'"
                     "  OR a.target ILIKE $3 ESCAPE '\\' OR a.detail ILIKE $3 ESCAPE '\\'"
                     "  OR u.username ILIKE $3 ESCAPE '\\')"
                     " AND ($4::bigint = 0 OR a.id < $4) ORDER BY a.id DESC LIMIT $5",
                     q->unit_id, action, text, pg_num (q->before_id).s,
                     pg_num (CLAMP (q->limit, 1, LS_AUDIT_PAGE_MAX)).s);
  if (err == 0)
    *ret = pg_collect_rows (r, audit_row_from_row, (GDestroyNotify) ls_audit_row_free);
  return err;
}

int
pg_audit_search (LsStore *base, const LsAuditQuery *q, GPtrArray **ret)
{
  ON_CONN (base, audit_search (c, q, ret));
}
