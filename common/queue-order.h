/* The calling order of a queue: which waiting ticket a counter calls next.
 *
 * Rules (DESIGN §4 "Staff"), applied in this order:
 *   1. a ticket that has waited max_wait_s or longer (when max_wait_s > 0) goes first,
 *      whatever its kind: no ticket starves; among these the longest waiting first;
 *   2. then priority tickets (elderly, disabled, pregnant…), first come first served;
 *   3. then appointments and walk-ins: with appointments_per_walk_in = 0 (the default
 *      policy) every appointment before any walk-in; with N > 0, N appointments, then one
 *      walk-in, and so on (appointments_in_row says how many appointments the counter
 *      called since its last walk-in, so the rhythm carries over from call to call); when
 *      one kind runs out the other follows;
 *   4. within each group, first come first served by queued_at, then by input position
 *      (ties keep the order they were given in).
 * "First come" is the time the ticket joined the queue: its issue time, or for a ticket
 * brought back from skipped the time it was brought back (the end of the queue). */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct
{
  bool walk_in;     /* false: an appointment (booked and checked in) */
  bool priority;    /* served before the others */
  gint64 queued_at; /* Unix seconds */
} LaysoQueueEntry;

typedef struct
{
  unsigned appointments_per_walk_in; /* 0: appointments always before walk-ins */
  unsigned max_wait_s;               /* 0: no maximum wait */
  unsigned appointments_in_row;      /* appointments called since the last walk-in */
} LaysoQueuePolicy;

/* Puts in ret_order[0..n) the indices of entries in calling order. */
void layso_queue_order (const LaysoQueueEntry *entries, size_t n, const LaysoQueuePolicy *policy,
                        gint64 now, size_t *ret_order);

/* The wait a ticket status shows (docs/api.md, GET /api/v1/tickets/{id}/status): the tickets
 * before it × the time one takes ÷ the open counters serving its field, in minutes (rounded),
 * with a range of ±25 % around it (floor, ceil). service_seconds: the field's median service
 * time, else the unit's minutes per ticket × 60. A negative waiting_before counts as 0, no
 * open counter as one. */
typedef struct
{
  int minutes, lo, hi;
} LaysoWaitEstimate;
void layso_wait_estimate (int waiting_before, double service_seconds, unsigned open_counters,
                          LaysoWaitEstimate *ret);

/* The median of values[0..n) (sorted in place; the mean of the middle two when n is even).
 * n must be > 0. */
double layso_median (gint64 *values, size_t n);
