/* The SQLite backend: administration (/quan-tri). Units' settings, fields, slot templates and
 * closed days, the server's settings and notices; each write audited in its transaction. A
 * change that takes seats away is checked inside the same write as the seats it counts
 * (layso_capacity_change_decide), so no booking can slip in between check and change. */
#include "store/sqlite/store-sqlite-private.h"

#include "booking.h"
#include "clock.h"

#include <errno.h>
#include <stdio.h>

/* --- units and fields ---------------------------------------------------------------------- */

typedef struct
{
  const char *unit_id;
  const LsField *f;
  const LsAuditEntry *audit;
} FieldOp;

static int
field_put_apply (Conn *c, void *data)
{
  FieldOp *op = data;
  char prefix[2] = { op->f->prefix, 0 };
  int r = SQL_RUN (c, "UPDATE units SET position = position WHERE id = ?", op->unit_id);
  if (r <= 0)
    return r < 0 ? r : -LS_E_NOT_FOUND;
  STMT taken = sql_prep (c, "SELECT 1 FROM fields WHERE unit_id = ? AND prefix = ? AND id <> ?");
  if (!taken)
    return -EIO;
  sql_bind_text (taken, 1, op->unit_id);
  sql_bind_text (taken, 2, prefix);
  sql_bind_text (taken, 3, op->f->id);
  r = sql_step_one (taken);
  if (r != -LS_E_NOT_FOUND)
    return r == 0 ? -EEXIST : r;
  g_autofree char *numbers = ls_store_numbers_text (op->f);
  r = SQL_RUN (c,
               "INSERT INTO fields (unit_id, id, name, prefix, position, numbers)"
               " SELECT ?1, ?2, ?3, ?4, coalesce(max(position), -1) + 1, ?5 FROM fields"
               " WHERE unit_id = ?1"
               " ON CONFLICT (unit_id, id) DO UPDATE SET name = excluded.name,"
               " prefix = excluded.prefix, numbers = excluded.numbers",
               op->unit_id, op->f->id, op->f->name, prefix, numbers);
  if (r < 0)
    return r;
  return r == 1 ? sqlite_audit_insert (c, op->audit) : -LS_E_NOT_FOUND;
}

int
sqlite_field_put (LsStore *base, const char *unit_id, const LsField *f, const LsAuditEntry *audit)
{
  FieldOp op = { unit_id, f, audit };
  return sqlite_write_run ((SqliteStore *) base, field_put_apply, &op);
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
load_from_row (sqlite3_stmt *st)
{
  Load *l = g_new0 (Load, 1);
  l->slot_id = sql_col_dup (st, 0);
  l->field_id = sql_col_dup (st, 1);
  g_strlcpy (l->date, (const char *) sqlite3_column_text (st, 2), sizeof l->date);
  l->load.used = sqlite3_column_int (st, 3);
  l->unit_id = sql_col_dup (st, 4);
  return l;
}

/* The seats taken that the change touches: of the slot from from_date on, of every slot on
 * the closed day, or of every unit's slots in the calendar's days. */
static int
read_loads (Conn *c, const LsCapacityChange *in, GPtrArray **ret)
{
  STMT st = sql_prep (c, "SELECT slot_id, field_id, date, used, unit_id FROM slot_usage"
                         " WHERE (?1 IS NULL OR unit_id = ?1) AND (?2 IS NULL OR slot_id = ?2)"
                         " AND (?3 IS NULL OR date = ?3) AND date >= ?4"
                         " AND (?5 IS NULL OR date <= ?5) AND used > 0"
                         " ORDER BY date, unit_id, slot_id, field_id");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, in->unit_id);
  sql_bind_text (st, 2, in->slot ? in->slot->id : NULL);
  sql_bind_text (st, 3, in->close_date);
  sql_bind_text (st, 4, in->from_date);
  sql_bind_text (st, 5, in->to_date);
  return sql_collect_rows (st, load_from_row, load_free, ret);
}

static void *
affected_from_row (sqlite3_stmt *st)
{
  LsBooking *b = g_new0 (LsBooking, 1);
  b->id = sqlite3_column_int64 (st, 0);
  g_strlcpy (b->code, (const char *) sqlite3_column_text (st, 1), sizeof b->code);
  b->name = sql_col_dup (st, 2);
  b->phone = sql_col_dup (st, 3);
  b->field_id = sql_col_dup (st, 4);
  g_strlcpy (b->date, (const char *) sqlite3_column_text (st, 5), sizeof b->date);
  b->slot_id = sql_col_dup (st, 6);
  b->unit_id = sql_col_dup (st, 7);
  b->status = LAYSO_BOOKING_BOOKED;
  return b;
}

/* Marks the booked bookings of an over-capacity load and appends them to ret. */
static int
mark_affected (Conn *c, const Load *l, const char *now, GPtrArray *ret)
{
  STMT st = sql_prep (c, "UPDATE bookings SET over_capacity_at = ?5"
                         " WHERE unit_id = ?1 AND slot_id = ?2 AND field_id = ?3 AND date = ?4"
                         " AND status = 'booked'"
                         " RETURNING id, code, name, phone, field_id, date, slot_id, unit_id");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, l->unit_id);
  sql_bind_text (st, 2, l->slot_id);
  sql_bind_text (st, 3, l->field_id);
  sql_bind_text (st, 4, l->date);
  sql_bind_text (st, 5, now);
  int rc;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    g_ptr_array_add (ret, affected_from_row (st));
  return rc == SQLITE_DONE ? 0 : -EIO;
}

static int
write_slot (Conn *c, const char *unit_id, const LsSlot *sl)
{
  STMT st = sql_prep (c, "INSERT INTO slots (unit_id, id, start_min, end_min, capacity, weekdays)"
                         " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (unit_id, id) DO UPDATE SET"
                         " start_min = excluded.start_min, end_min = excluded.end_min,"
                         " capacity = excluded.capacity, weekdays = excluded.weekdays");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, unit_id);
  sql_bind_text (st, 2, sl->id);
  sqlite3_bind_int (st, 3, sl->start);
  sqlite3_bind_int (st, 4, sl->end);
  sqlite3_bind_int (st, 5, sl->capacity);
  sqlite3_bind_int (st, 6, sl->weekdays);
  return sql_step_done (st) ? 0 : -EIO;
}

typedef struct
{
  const LsCapacityChange *in;
  unsigned affected;
  GPtrArray *bookings; /* LsBooking* */
} CapacityOp;

static int
insert_day (Conn *c, const char *kind, const GDate *d)
{
  char date[11];
  layso_date_format (d, date);
  int r = SQL_RUN (c, "INSERT INTO calendar_days (kind, date) VALUES (?, ?)", kind, date);
  return r < 0 ? r : 0;
}

/* The year's official days replace all it had; the seed leaves the year alone from now on. */
static int
write_calendar_year (Conn *c, const LaysoOfficialDays *cal, const char *now)
{
  char year[8], key[16];
  g_snprintf (year, sizeof year, "%04d", cal->year);
  g_snprintf (key, sizeof key, "calendar.%s", year);
  int r;
  if ((r = SQL_RUN (c, "DELETE FROM calendar_days WHERE substr(date, 1, 4) = ?", year)) < 0 ||
      (r = SQL_RUN (c,
                    "DELETE FROM calendar_swaps WHERE substr(day_off, 1, 4) = ?1"
                    " OR substr(worked_day, 1, 4) = ?1",
                    year)) < 0 ||
      (r = SQL_RUN (c, "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", key, now)) < 0)
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
      r = SQL_RUN (c, "INSERT INTO calendar_swaps (day_off, worked_day) VALUES (?, ?)", off,
                   worked);
    }
  return r < 0 ? r : 0;
}

/* Writes the change itself: the slot row, the unit's closed day, or the calendar's year. */
static int
apply_change (Conn *c, const LsCapacityChange *in)
{
  if (in->slot)
    return write_slot (c, in->unit_id, in->slot);
  if (in->calendar)
    return write_calendar_year (c, in->calendar, in->audit->now);
  int r = SQL_RUN (c, "INSERT OR IGNORE INTO closed_days (unit_id, date) VALUES (?, ?)",
                   in->unit_id, in->close_date);
  return r < 0 ? r : 0;
}

static int
capacity_change_apply (Conn *c, void *data)
{
  CapacityOp *op = data;
  const LsCapacityChange *in = op->in;
  g_autoptr (GPtrArray) loads = NULL;
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
  return sqlite_audit_insert (c, in->audit);
}

int
sqlite_capacity_change (LsStore *base, const LsCapacityChange *in, unsigned *ret_affected,
                        GPtrArray **ret_bookings)
{
  g_autoptr (GPtrArray) bookings =
      g_ptr_array_new_with_free_func ((GDestroyNotify) ls_booking_free);
  CapacityOp op = { in, 0, bookings };
  int r = sqlite_write_run ((SqliteStore *) base, capacity_change_apply, &op);
  if (r == 0 || r == -LS_E_CAPACITY_IN_USE)
    *ret_affected = op.affected;
  if (r == 0 && ret_bookings)
    *ret_bookings = g_steal_pointer (&bookings);
  return r;
}

static int
over_capacity (Conn *c, gint64 booking_id, bool *ret)
{
  STMT st = sql_prep (c, "SELECT over_capacity_at IS NOT NULL FROM bookings WHERE id = ?");
  if (!st)
    return -EIO;
  sqlite3_bind_int64 (st, 1, booking_id);
  int r = sql_step_one (st);
  if (r == 0)
    *ret = sqlite3_column_int (st, 0) != 0;
  return r;
}

int
sqlite_booking_over_capacity (LsStore *base, gint64 booking_id, bool *ret)
{
  ON_READER (base, over_capacity (c, booking_id, ret));
}

/* --- notices ------------------------------------------------------------------------------- */

static void *
admin_notice_from_row (sqlite3_stmt *st)
{
  LsNotice *n = g_new0 (LsNotice, 1);
  n->id = sql_col_dup (st, 0);
  n->unit_id = sql_col_dup (st, 1);
  n->title = sql_col_dup (st, 2);
  n->body = sql_col_dup (st, 3);
  n->published_at = sql_col_dup (st, 4);
  n->draft = sqlite3_column_int (st, 5) != 0;
  return n;
}

static int
notices_admin (Conn *c, const char *unit_id, GPtrArray **ret)
{
  STMT st = sql_prep (c, "SELECT id, unit_id, title, body, published_at, draft FROM notices"
                         " WHERE unit_id = ? ORDER BY published_at DESC, id");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, unit_id);
  return sql_collect_rows (st, admin_notice_from_row, (GDestroyNotify) ls_notice_free, ret);
}

int
sqlite_notices_admin (LsStore *base, const char *unit_id, GPtrArray **ret)
{
  ON_READER (base, notices_admin (c, unit_id, ret));
}

/* --- the audit log ------------------------------------------------------------------------- */

static void *
audit_row_from_row (sqlite3_stmt *st)
{
  LsAuditRow *row = g_new0 (LsAuditRow, 1);
  row->id = sqlite3_column_int64 (st, 0);
  row->at = sql_col_dup (st, 1);
  row->username = sql_col_dup (st, 2);
  row->action = sql_col_dup (st, 3);
  row->unit_id = sql_col_dup (st, 4);
  row->target = sql_col_dup (st, 5);
  row->detail = sql_col_dup (st, 6);
  return row;
}

static int
audit_search (Conn *c, const LsAuditQuery *q, GPtrArray **ret)
{
  STMT st = sql_prep (c, "SELECT a.id, a.at, u.username, a.action, a.unit_id, a.target, a.detail"
                         " FROM audit_log a LEFT JOIN staff_users u ON u.id = a.user_id"
                         " WHERE (?1 IS NULL OR a.unit_id = ?1)"
                         " AND (?2 IS NULL OR a.action LIKE ?2 ESCAPE '\\')"
                         " AND (?3 IS NULL OR a.action LIKE ?3 ESCAPE '\\'"
                         "  OR a.target LIKE ?3 ESCAPE '\\' OR a.detail LIKE ?3 ESCAPE '\\'"
                         "  OR u.username LIKE ?3 ESCAPE '\\')"
                         " AND (?4 = 0 OR a.id < ?4) ORDER BY a.id DESC LIMIT ?5");
  if (!st)
    return -EIO;
  g_autofree char *action = q->action ? ls_store_like_pattern (q->action, true) : NULL;
  g_autofree char *text = q->text ? ls_store_like_pattern (q->text, false) : NULL;
  sql_bind_text (st, 1, q->unit_id);
  sql_bind_text (st, 2, action);
  sql_bind_text (st, 3, text);
  sqlite3_bind_int64 (st, 4, q->before_id);
  sqlite3_bind_int (st, 5, (int) CLAMP (q->limit, 1, LS_AUDIT_PAGE_MAX));
  return sql_collect_rows (st, audit_row_from_row, (GDestroyNotify) ls_audit_row_free, ret);
}

int
sqlite_audit_search (LsStore *base, const LsAuditQuery *q, GPtrArray **ret)
{
  ON_READER (base, audit_search (c, q, ret));
}
