/* Statistics of a unit (issue 11, items 4 and 6): the figures computed from the raw rows the
 * store gives (one row per ticket, one count per booking day+field+slot+status).
 *
 * Definitions:
 *   - bookings: bookings whose appointment date is in the range, whatever their status;
 *     check-ins, no-shows (`expired`) and cancellations are those of them in that status;
 *   - walk-ins: walk-in tickets issued in the range; skipped: tickets that ended `skipped`
 *     (a no-show at the counter, counted apart from expired bookings);
 *   - wait: issue → first call, in seconds, over tickets that were called (a transferred
 *     or requeued ticket waited until its first call, whatever came after);
 *   - service: call → done, in seconds, over tickets that ended `done`, from the call that
 *     brought the ticket to the counter that finished it;
 *   - busiest slots: bookings per slot that held a seat (every status but `cancelled`),
 *     most first, ties by slot order.
 * Percentiles use the nearest-rank method: the p-th percentile of n sorted values is the
 * value at rank ceil(p × n / 100) (1-based), so it is always one of the values measured. */
#pragma once

#include "wire.h"

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#define LAYSO_STATS_MAX_DAYS 366

typedef enum
{
  LAYSO_STATS_WAITING,
  LAYSO_STATS_CALLED,
  LAYSO_STATS_DONE,
  LAYSO_STATS_SKIPPED,
} LaysoStatsTicketState;

/* One ticket of the range. */
typedef struct
{
  guint day;   /* its date, days after the range's first day */
  int field;   /* index of its field in the caller's list, -1 unknown */
  int counter; /* index of the counter that called it, -1 never called */
  bool walk_in;
  LaysoStatsTicketState state;
  gint64 issued, called, finished; /* Unix seconds; 0: not (yet). called: the last call */
  gint64 first_called;             /* the first call; 0: the same as called */
} LaysoStatsTicket;

/* How many bookings of one day, field and slot are in one status. */
typedef struct
{
  guint day;
  int field, slot; /* indices in the caller's lists, -1 unknown */
  LaysoBookingStatus status;
  guint count;
} LaysoStatsBookings;

typedef struct
{
  const LaysoStatsTicket *tickets;
  size_t n_tickets;
  const LaysoStatsBookings *bookings;
  size_t n_bookings;
} LaysoStatsRows;

/* p50 and p90 of n samples, in seconds; both -1 when n is 0. */
typedef struct
{
  guint n;
  gint64 p50, p90;
} LaysoStatsPercentiles;

typedef struct
{
  guint bookings, checked_in, expired, cancelled; /* bookings */
  guint tickets, walk_ins, done, skipped;         /* tickets */
  LaysoStatsPercentiles wait, service;
} LaysoStatsFigures;

typedef enum
{
  LAYSO_STATS_BY_ALL,     /* one group: everything */
  LAYSO_STATS_BY_DAY,     /* a group per day of the range */
  LAYSO_STATS_BY_FIELD,   /* a group per field */
  LAYSO_STATS_BY_COUNTER, /* a group per counter: tickets only (a booking has no counter) */
} LaysoStatsGrouping;

/* The nearest-rank p-th percentile (1 ≤ p ≤ 100) of sorted[0..n), n > 0; -1 otherwise. */
gint64 layso_percentile_nearest_rank (const gint64 *sorted, size_t n, unsigned p);
/* p50 and p90 of values[0..n) (sorted in place). */
void layso_stats_percentiles (gint64 *values, size_t n, LaysoStatsPercentiles *ret);

/* The figures of each group: ret[0..n_groups), every one filled (zero and -1 percentiles
 * for a group with no rows). Rows whose group index is outside [0, n_groups) are left out. */
void layso_stats_group (const LaysoStatsRows *rows, LaysoStatsGrouping by, LaysoStatsFigures *ret,
                        size_t n_groups);

/* Seats held per slot (every status but cancelled): ret_counts[0..n_slots), and in
 * ret_order[0..n_slots) the slot indices, busiest first, ties by index. */
void layso_stats_busiest_slots (const LaysoStatsRows *rows, size_t n_slots, guint *ret_counts,
                                size_t *ret_order);

/* A statistics range: both dates valid YYYY-MM-DD, from <= to, and at most
 * LAYSO_STATS_MAX_DAYS days counting both ends. -EINVAL: `from` is not a date; -EDOM: `to`
 * is not a date; -ERANGE: to before from, or too long a range. *ret_days: how many days. */
int layso_stats_range_check (const char *from, const char *to, guint *ret_days);
