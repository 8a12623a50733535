/* The PostgreSQL backend: the raw rows of a unit's statistics (LsStatsQuery, common/stats.h),
 * tickets and bookings read in one REPEATABLE READ transaction (the same moment). */
#include "store/postgres/store-pg-private.h"

#include <errno.h>
#include <string.h>

#define STATS_FIELDS                                                                               \
  " field_id IN (SELECT id FROM fields WHERE unit_id = $1 AND ($2::text IS NULL OR id = $2))"

static int
tickets_read (PgConn *c, const LsStatsQuery *q, GArray *ret)
{
  PG_RESULT r = NULL;
  /* one row past the limit tells that the range holds too many */
  int err = PG_EXEC (
      c, &r,
      "SELECT date::date - $3::text::date, field_id, counter_id, kind, state,"
      " extract(epoch FROM issued_at::timestamptz)::bigint, called_unix, finished_unix,"
      " extract(epoch FROM called_at::timestamptz)::bigint FROM tickets"
      " WHERE unit_id = $1 AND" STATS_FIELDS " AND date BETWEEN $3::text AND $4::text"
      " AND ($5::text IS NULL OR counter_id = $5) LIMIT $6",
      q->unit_id, q->field_id, q->from, q->to, q->counter_id, pg_num (LS_STATS_MAX_TICKETS + 1).s);
  if (err < 0)
    return err;
  if (PQntuples (r) > LS_STATS_MAX_TICKETS)
    return -E2BIG;
  for (int i = 0; i < PQntuples (r); i++)
    {
      LaysoStatsTicket t = {
        .day = (guint) pg_get_int (r, i, 0),
        .field = ls_store_id_index (q->field_ids, pg_text (r, i, 1)),
        .counter = ls_store_id_index (q->counter_ids, pg_text (r, i, 2)),
        .walk_in = pg_get_int (r, i, 3) != 0,
        .state = ls_store_stats_state (pg_text (r, i, 4)),
        .issued = pg_get_int64 (r, i, 5),
        .called = pg_get_int64 (r, i, 6),
        .finished = pg_get_int64 (r, i, 7),
        .first_called = pg_get_int64 (r, i, 8),
      };
      g_array_append_val (ret, t);
    }
  return 0;
}

static int
bookings_read (PgConn *c, const LsStatsQuery *q, GArray *ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT date::date - $3::text::date, field_id, slot_id, status, count(*)"
                     " FROM bookings WHERE unit_id = $1 AND" STATS_FIELDS
                     " AND date BETWEEN $3::text AND $4::text"
                     " GROUP BY date, field_id, slot_id, status",
                     q->unit_id, q->field_id, q->from, q->to);
  if (err < 0)
    return err;
  for (int i = 0; i < PQntuples (r); i++)
    {
      LaysoBookingStatus status;
      if (layso_booking_status_from_string (PQgetvalue (r, i, 3), &status) < 0)
        continue; /* the table's CHECK allows no other */
      LaysoStatsBookings b = {
        .day = (guint) pg_get_int (r, i, 0),
        .field = ls_store_id_index (q->field_ids, pg_text (r, i, 1)),
        .slot = ls_store_id_index (q->slot_ids, pg_text (r, i, 2)),
        .status = status,
        .count = (guint) pg_get_int (r, i, 4),
      };
      g_array_append_val (ret, b);
    }
  return 0;
}

typedef struct
{
  const LsStatsQuery *q;
  GArray *tickets, *bookings;
} StatsRead;

static int
stats_read (PgConn *c, void *data)
{
  StatsRead *op = data;
  g_array_set_size (op->tickets, 0);
  g_array_set_size (op->bookings, 0);
  int r = tickets_read (c, op->q, op->tickets);
  return r < 0 ? r : bookings_read (c, op->q, op->bookings);
}

int
pg_stats_rows (LsStore *base, const LsStatsQuery *q, GArray **ret_tickets, GArray **ret_bookings)
{
  g_autoptr (GArray) tickets = g_array_new (FALSE, FALSE, sizeof (LaysoStatsTicket));
  g_autoptr (GArray) bookings = g_array_new (FALSE, FALSE, sizeof (LaysoStatsBookings));
  StatsRead op = { q, tickets, bookings };
  int r = pg_read_tx ((PgStore *) base, stats_read, &op);
  if (r < 0)
    return r;
  *ret_tickets = g_steal_pointer (&tickets);
  *ret_bookings = g_steal_pointer (&bookings);
  return 0;
}
