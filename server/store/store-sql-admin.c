/* Administration written once for both backends (store-sql.h): a unit's settings and
 * fields, capacity changes (slots, closed days, the calendar's year), the server's settings,
 * notices; each write audited in its transaction. What each backend says its own way is
 * handed in: the lock on a unit before its fields' prefixes are checked, and the locks a
 * capacity change takes on the seats it counts (LsSqlCapacity), so no booking can slip in
 * between check and change. The lists sorted by id (collations) and the audit log's search
 * (ILIKE, typed values) stay in each backend. */
#include "store/store-sql.h"

#include "store/store-text.h"

#include "booking.h"
#include "clock.h"

#include <errno.h>

typedef struct
{
  const LsUnitUpdate *in;
  const LsAuditEntry *audit;
} UnitOp;

static int
unit_update_apply (LsSql *c, void *data)
{
  UnitOp *op = data;
  const LsUnitUpdate *in = op->in;
  g_autofree char *hours = ls_store_hours_text (in->opening_hours, in->n_opening_hours);
  int r = LS_SQL_RUN (c,
                      "UPDATE units SET name = ?, address = ?, checkin_lead_minutes = ?,"
                      " working_weekdays = ?, opening_hours = ?, max_active_per_cccd = ?,"
                      " max_active_per_cccd_unit = ?, horizon_days = ?, minutes_per_ticket = ?"
                      " WHERE id = ?",
                      in->name, in->address, ls_sql_num (in->checkin_lead_minutes).s,
                      ls_sql_num (in->working_weekdays).s, hours,
                      ls_sql_num (in->max_active_per_cccd).s,
                      ls_sql_num (in->max_active_per_cccd_unit).s, ls_sql_num (in->horizon_days).s,
                      ls_sql_num (in->minutes_per_ticket).s, in->unit_id);
  if (r < 0)
    return r;
  return r == 1 ? ls_sql_audit_insert (c, op->audit) : -LS_E_NOT_FOUND;
}

int
ls_sql_unit_update (LsStore *s, const LsUnitUpdate *in, const LsAuditEntry *audit)
{
  UnitOp op = { in, audit };
  return ls_sql_write (s, unit_update_apply, &op);
}

/* --- fields -------------------------------------------------------------------------------- */

typedef struct
{
  const char *lock_sql;
  const char *unit_id;
  const LsField *f;
  const LsAuditEntry *audit;
} FieldOp;

static int
count_row (const LsSqlRow *row, void *count)
{
  (void) row;
  ++*(int *) count;
  return 0;
}

/* -EEXIST if another field of the unit has the prefix. */
static int
prefix_free (LsSql *c, const FieldOp *op, const char *prefix)
{
  int taken = 0;
  int r = c->ops->query (c, "SELECT 1 FROM fields WHERE unit_id = ? AND prefix = ? AND id <> ?",
                         LS_SQL_VALUES (op->unit_id, prefix, op->f->id), 3, count_row, &taken);
  if (r < 0)
    return r;
  return taken ? -EEXIST : 0;
}

static int
field_put_apply (LsSql *c, void *data)
{
  FieldOp *op = data;
  char prefix[2] = { op->f->prefix, 0 };
  /* the unit's row locked: its fields' prefixes are checked and written one write at a time */
  int r = LS_SQL_RUN (c, op->lock_sql, op->unit_id);
  if (r <= 0)
    return r < 0 ? r : -LS_E_NOT_FOUND;
  if ((r = prefix_free (c, op, prefix)) < 0)
    return r;
  g_autofree char *numbers = ls_store_numbers_text (op->f);
  r = LS_SQL_RUN (c,
                  "INSERT INTO fields (unit_id, id, name, prefix, position, numbers)"
                  " SELECT ?, ?, ?, ?, coalesce(max(position), -1) + 1, ? FROM fields"
                  " WHERE unit_id = ?"
                  " ON CONFLICT (unit_id, id) DO UPDATE SET name = excluded.name,"
                  " prefix = excluded.prefix, numbers = excluded.numbers",
                  op->unit_id, op->f->id, op->f->name, prefix, numbers, op->unit_id);
  if (r < 0)
    return r;
  return r == 1 ? ls_sql_audit_insert (c, op->audit) : -LS_E_NOT_FOUND;
}

int
ls_sql_field_put (LsStore *s, const char *lock_sql, const char *unit_id, const LsField *f,
                  const LsAuditEntry *audit)
{
  FieldOp op = { lock_sql, unit_id, f, audit };
  return ls_sql_write (s, field_put_apply, &op);
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
load_new (const LsSqlRow *row)
{
  Load *l = g_new0 (Load, 1);
  l->slot_id = ls_sql_dup (row, 0);
  l->field_id = ls_sql_dup (row, 1);
  g_strlcpy (l->date, ls_sql_text (row, 2), sizeof l->date);
  l->load.used = (int) ls_sql_int64 (row, 3);
  l->unit_id = ls_sql_dup (row, 4);
  return l;
}

/* The seats taken that the change touches (of the slot from from_date on, of every slot on
 * the closed day, or of every unit's slots in the calendar's days), after the backend's
 * lock; its statement may lock them too. */
static int
read_loads (LsSql *c, const LsSqlCapacity *how, const LsCapacityChange *in, GPtrArray **ret)
{
  const char *slot = in->slot ? in->slot->id : NULL;
  int r = how->lock ? how->lock (c, in) : 0;
  if (r < 0)
    return r;
  return ls_sql_collect (c, how->loads_sql,
                         LS_SQL_VALUES (in->unit_id, in->unit_id, slot, slot, in->close_date,
                                        in->close_date, in->from_date, in->to_date, in->to_date),
                         9, load_new, load_free, ret);
}

static int
affected_add (const LsSqlRow *row, void *ret)
{
  g_ptr_array_add (ret, ls_sql_booking_new (row));
  return 0;
}

/* Marks the booked bookings of an over-capacity load and appends them to ret. */
static int
mark_affected (LsSql *c, const Load *l, const char *now, GPtrArray *ret)
{
  return c->ops->query (c,
                        "UPDATE bookings SET over_capacity_at = ?"
                        " WHERE unit_id = ? AND slot_id = ? AND field_id = ? AND date = ?"
                        " AND status = 'booked'"
                        " RETURNING " LS_SQL_BOOKING_COLS,
                        LS_SQL_VALUES (now, l->unit_id, l->slot_id, l->field_id, l->date), 5,
                        affected_add, ret);
}

static int
insert_day (LsSql *c, const char *kind, const GDate *d)
{
  char date[11];
  layso_date_format (d, date);
  int r = LS_SQL_RUN (c, "INSERT INTO calendar_days (kind, date) VALUES (?, ?)", kind, date);
  return r < 0 ? r : 0;
}

/* The year's official days replace all it had; the seed leaves the year alone from now on. */
static int
write_calendar_year (LsSql *c, const LaysoOfficialDays *cal, const char *now)
{
  char year[8], key[16];
  g_snprintf (year, sizeof year, "%04d", cal->year);
  g_snprintf (key, sizeof key, "calendar.%s", year);
  int r;
  if ((r = LS_SQL_RUN (c, "DELETE FROM calendar_days WHERE substr(date, 1, 4) = ?", year)) < 0 ||
      (r = LS_SQL_RUN (c,
                       "DELETE FROM calendar_swaps WHERE substr(day_off, 1, 4) = ?"
                       " OR substr(worked_day, 1, 4) = ?",
                       year, year)) < 0 ||
      (r = LS_SQL_RUN (c,
                       "INSERT INTO settings (key, value) VALUES (?, ?)"
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
      r = LS_SQL_RUN (c, "INSERT INTO calendar_swaps (day_off, worked_day) VALUES (?, ?)", off,
                      worked);
    }
  return r < 0 ? r : 0;
}

/* Writes the change itself: the slot row, the unit's closed day, or the calendar's year. */
static int
apply_change (LsSql *c, const LsCapacityChange *in)
{
  if (in->calendar)
    return write_calendar_year (c, in->calendar, in->audit->now);
  const LsSlot *sl = in->slot;
  /* the day is validated and its unit known, so only the key can conflict */
  int r = sl ? LS_SQL_RUN (c,
                           "INSERT INTO slots (unit_id, id, start_min, end_min, capacity, weekdays)"
                           " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (unit_id, id) DO UPDATE SET"
                           " start_min = excluded.start_min, end_min = excluded.end_min,"
                           " capacity = excluded.capacity, weekdays = excluded.weekdays",
                           in->unit_id, sl->id, ls_sql_num (sl->start).s, ls_sql_num (sl->end).s,
                           ls_sql_num (sl->capacity).s, ls_sql_num (sl->weekdays).s)
             : LS_SQL_RUN (c,
                           "INSERT INTO closed_days (unit_id, date) VALUES (?, ?)"
                           " ON CONFLICT DO NOTHING",
                           in->unit_id, in->close_date);
  return r < 0 ? r : 0;
}

typedef struct
{
  const LsSqlCapacity *how;
  const LsCapacityChange *in;
  unsigned affected;
  GPtrArray *bookings; /* LsBooking* */
} CapacityOp;

static int
capacity_change_apply (LsSql *c, void *data)
{
  CapacityOp *op = data;
  const LsCapacityChange *in = op->in;
  g_autoptr (GPtrArray) loads = NULL;
  g_ptr_array_set_size (op->bookings, 0); /* from an attempt rolled back */
  int r = read_loads (c, op->how, in, &loads);
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
  return ls_sql_audit_insert (c, in->audit);
}

int
ls_sql_capacity_change (LsStore *s, const LsSqlCapacity *how, const LsCapacityChange *in,
                        unsigned *ret_affected, GPtrArray **ret_bookings)
{
  g_autoptr (GPtrArray) bookings =
      g_ptr_array_new_with_free_func ((GDestroyNotify) ls_booking_free);
  CapacityOp op = { how, in, 0, bookings };
  int r = ls_sql_write (s, capacity_change_apply, &op);
  if (r == 0 || r == -LS_E_CAPACITY_IN_USE)
    *ret_affected = op.affected;
  if (r == 0 && ret_bookings)
    *ret_bookings = g_steal_pointer (&bookings);
  return r;
}

typedef struct
{
  gint64 id;
  bool found, over;
} OverCapacity;

static int
over_capacity_row (const LsSqlRow *row, void *data)
{
  OverCapacity *op = data;
  op->found = true;
  op->over = !ls_sql_is_null (row, 0);
  return 0;
}

static int
over_capacity (LsSql *c, void *data)
{
  OverCapacity *op = data;
  int r = c->ops->query (c, "SELECT over_capacity_at FROM bookings WHERE id = ?",
                         LS_SQL_VALUES (ls_sql_num (op->id).s), 1, over_capacity_row, op);
  if (r < 0)
    return r;
  return op->found ? 0 : -LS_E_NOT_FOUND;
}

int
ls_sql_booking_over_capacity (LsStore *s, gint64 booking_id, bool *ret)
{
  OverCapacity op = { booking_id, false, false };
  int r = ls_sql_read (s, over_capacity, &op);
  if (r == 0)
    *ret = op.over;
  return r;
}

/* --- the server's settings ----------------------------------------------------------------- */

typedef struct
{
  const char *key, *value;
  const LsAuditEntry *audit;
} SettingOp;

static int
setting_set_apply (LsSql *c, void *data)
{
  SettingOp *op = data;
  int r = op->value ? LS_SQL_RUN (c,
                                  "INSERT INTO settings (key, value) VALUES (?, ?)"
                                  " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                  op->key, op->value)
                    : LS_SQL_RUN (c, "DELETE FROM settings WHERE key = ?", op->key);
  if (r < 0)
    return r;
  return op->audit ? ls_sql_audit_insert (c, op->audit) : 0;
}

int
ls_sql_setting_set (LsStore *s, const char *key, const char *value, const LsAuditEntry *audit)
{
  SettingOp op = { key, value, audit };
  return ls_sql_write (s, setting_set_apply, &op);
}

typedef struct
{
  const char *key;
  char *value;
} SettingGet;

static void *
setting_value (const LsSqlRow *row)
{
  return ls_sql_dup (row, 0);
}

static int
setting_get (LsSql *c, void *data)
{
  SettingGet *op = data;
  return ls_sql_get_one (c, "SELECT value FROM settings WHERE key = ?", LS_SQL_VALUES (op->key), 1,
                         setting_value, g_free, (void **) &op->value);
}

int
ls_sql_setting_get (LsStore *s, const char *key, char **ret)
{
  SettingGet op = { key, NULL };
  int r = ls_sql_read (s, setting_get, &op);
  if (r == 0)
    *ret = op.value;
  return r;
}

/* --- notices ------------------------------------------------------------------------------- */

typedef struct
{
  const LsNoticeInput *in;
  const LsAuditEntry *audit;
  char *id;
} NoticeOp;

static int
notice_put_apply (LsSql *c, void *data)
{
  NoticeOp *op = data;
  const LsNoticeInput *in = op->in;
  int r = in->id ? LS_SQL_RUN (c,
                               "UPDATE notices SET title = ?, body = ? WHERE id = ?"
                               " AND unit_id = ?",
                               in->title, in->body, in->id, in->unit_id)
                 : LS_SQL_RUN (c,
                               "INSERT INTO notices (id, unit_id, title, body, published_at,"
                               " draft) VALUES (?, ?, ?, ?, ?, 1)",
                               op->id, in->unit_id, in->title, in->body, in->now);
  if (r < 0)
    return r;
  return r == 1 ? ls_sql_audit_insert (c, op->audit) : -LS_E_NOT_FOUND;
}

int
ls_sql_notice_put (LsStore *s, const LsNoticeInput *in, const LsAuditEntry *audit, char **ret_id)
{
  g_autofree char *uuid = g_uuid_string_random ();
  NoticeOp op = { in, audit, in->id ? g_strdup (in->id) : g_strconcat ("tb-", uuid, NULL) };
  int r = ls_sql_write (s, notice_put_apply, &op);
  if (r == 0 && ret_id)
    *ret_id = g_steal_pointer (&op.id);
  g_free (op.id);
  return r;
}

typedef struct
{
  const char *unit_id, *id, *now;
  bool publish;
  const LsAuditEntry *audit;
} PublishOp;

static int
notice_publish_apply (LsSql *c, void *data)
{
  PublishOp *op = data;
  int r = op->publish ? LS_SQL_RUN (c,
                                    "UPDATE notices SET draft = 0, published_at = ? WHERE id = ?"
                                    " AND unit_id = ?",
                                    op->now, op->id, op->unit_id)
                      : LS_SQL_RUN (c, "UPDATE notices SET draft = 1 WHERE id = ? AND unit_id = ?",
                                    op->id, op->unit_id);
  if (r < 0)
    return r;
  return r == 1 ? ls_sql_audit_insert (c, op->audit) : -LS_E_NOT_FOUND;
}

int
ls_sql_notice_publish (LsStore *s, const char *unit_id, const char *id, bool publish,
                       const char *now, const LsAuditEntry *audit)
{
  PublishOp op = { unit_id, id, now, publish, audit };
  return ls_sql_write (s, notice_publish_apply, &op);
}
