/* The SQLite backend: the raw rows of a unit's statistics (LsStatsQuery, common/stats.h).
 *
 * Tickets are read through tickets_queue (unit_id, field_id, date, state): the field list
 * comes from a subquery, so a unit-wide range reads each field's days in index order rather
 * than every ticket of the unit. Bookings have no (unit_id, …, date) index yet, so their
 * count scans the table: ~0.1 s for 475,000 bookings here; an index on
 * bookings(unit_id, field_id, date) in a later migration makes it a range read. */
#include "store/sqlite/store-sqlite-private.h"

#include <errno.h>
#include <string.h>

#define STATS_FIELDS                                                                               \
  " field_id IN (SELECT id FROM fields WHERE unit_id = ?1 AND (?2 IS NULL OR id = ?2))"

static int
tickets_read (Conn *c, const LsStatsQuery *q, GArray *ret)
{
  STMT st = sql_prep (
      c, "SELECT CAST(julianday(date) - julianday(?3) AS INTEGER), field_id,"
         " counter_id, kind, state, unixepoch(issued_at), called_unix,"
         " finished_unix, unixepoch(called_at) FROM tickets WHERE unit_id = ?1 AND" STATS_FIELDS
         " AND date BETWEEN ?3 AND ?4 AND (?5 IS NULL OR counter_id = ?5)");
  if (!st)
    return -EIO;
  const char *values[] = { q->unit_id, q->field_id, q->from, q->to, q->counter_id };
  for (int i = 0; i < 5; i++)
    sql_bind_text (st, i + 1, values[i]);
  int rc;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      if (ret->len >= LS_STATS_MAX_TICKETS)
        return -E2BIG;
      LaysoStatsTicket t = {
        .day = (guint) sqlite3_column_int (st, 0),
        .field = ls_store_id_index (q->field_ids, (const char *) sqlite3_column_text (st, 1)),
        .counter = ls_store_id_index (q->counter_ids, (const char *) sqlite3_column_text (st, 2)),
        .walk_in = sqlite3_column_int (st, 3) != 0,
        .state = ls_store_stats_state ((const char *) sqlite3_column_text (st, 4)),
        .issued = sqlite3_column_int64 (st, 5),
        .called = sqlite3_column_int64 (st, 6),
        .finished = sqlite3_column_int64 (st, 7),
        .first_called = sqlite3_column_int64 (st, 8),
      };
      g_array_append_val (ret, t);
    }
  return rc == SQLITE_DONE ? 0 : -EIO;
}

static int
bookings_read (Conn *c, const LsStatsQuery *q, GArray *ret)
{
  STMT st =
      sql_prep (c, "SELECT CAST(julianday(date) - julianday(?3) AS INTEGER), field_id,"
                   " slot_id, status, count(*) FROM bookings WHERE unit_id = ?1 AND" STATS_FIELDS
                   " AND date BETWEEN ?3 AND ?4"
                   " GROUP BY date, field_id, slot_id, status");
  if (!st)
    return -EIO;
  const char *values[] = { q->unit_id, q->field_id, q->from, q->to };
  for (int i = 0; i < 4; i++)
    sql_bind_text (st, i + 1, values[i]);
  int rc;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      LaysoBookingStatus status;
      if (layso_booking_status_from_string ((const char *) sqlite3_column_text (st, 3), &status) <
          0)
        continue; /* the table's CHECK allows no other */
      LaysoStatsBookings b = {
        .day = (guint) sqlite3_column_int (st, 0),
        .field = ls_store_id_index (q->field_ids, (const char *) sqlite3_column_text (st, 1)),
        .slot = ls_store_id_index (q->slot_ids, (const char *) sqlite3_column_text (st, 2)),
        .status = status,
        .count = (guint) sqlite3_column_int (st, 4),
      };
      g_array_append_val (ret, b);
    }
  return rc == SQLITE_DONE ? 0 : -EIO;
}

static int
stats_rows (Conn *c, const LsStatsQuery *q, GArray **ret_tickets, GArray **ret_bookings)
{
  /* one read transaction: tickets and bookings as of the same moment */
  if (sqlite3_exec (c->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    return -EIO;
  g_autoptr (GArray) tickets = g_array_new (FALSE, FALSE, sizeof (LaysoStatsTicket));
  g_autoptr (GArray) bookings = g_array_new (FALSE, FALSE, sizeof (LaysoStatsBookings));
  int r = tickets_read (c, q, tickets);
  if (r == 0)
    r = bookings_read (c, q, bookings);
  sqlite3_exec (c->db, "COMMIT", NULL, NULL, NULL);
  if (r < 0)
    return r;
  *ret_tickets = g_steal_pointer (&tickets);
  *ret_bookings = g_steal_pointer (&bookings);
  return 0;
}

int
sqlite_stats_rows (LsStore *base, const LsStatsQuery *q, GArray **ret_tickets,
                   GArray **ret_bookings)
{
  ON_READER (base, stats_rows (c, q, ret_tickets, ret_bookings));
}
