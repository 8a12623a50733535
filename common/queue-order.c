/* The calling order (queue-order.h): groups, then first come first served in each. */
#include "queue-order.h"

#include <math.h>
#include <stdlib.h>

typedef enum
{
  GROUP_OVERDUE,
  GROUP_PRIORITY,
  GROUP_APPOINTMENT,
  GROUP_WALK_IN,
} Group;

typedef struct
{
  const LaysoQueueEntry *entries;
  const LaysoQueuePolicy *policy;
  gint64 now;
} OrderCtx;

static Group
group_of (const OrderCtx *ctx, size_t i)
{
  const LaysoQueueEntry *e = &ctx->entries[i];
  if (ctx->policy->max_wait_s && ctx->now - e->queued_at >= (gint64) ctx->policy->max_wait_s)
    return GROUP_OVERDUE;
  if (e->priority)
    return GROUP_PRIORITY;
  return e->walk_in ? GROUP_WALK_IN : GROUP_APPOINTMENT;
}

static int
compare (const void *a, const void *b, void *data)
{
  const OrderCtx *ctx = data;
  size_t i = *(const size_t *) a, j = *(const size_t *) b;
  Group gi = group_of (ctx, i), gj = group_of (ctx, j);
  if (gi != gj)
    return gi < gj ? -1 : 1;
  gint64 qi = ctx->entries[i].queued_at, qj = ctx->entries[j].queued_at;
  if (qi != qj)
    return qi < qj ? -1 : 1;
  return i < j ? -1 : i > j;
}

/* Appointments and walk-ins (sorted, each group first come first served) interleaved as the
 * policy says, from `from` on. */
static void
interleave (size_t *order, size_t from, size_t n, const OrderCtx *ctx)
{
  unsigned per = ctx->policy->appointments_per_walk_in;
  size_t first_walk_in = from;
  while (first_walk_in < n && group_of (ctx, order[first_walk_in]) == GROUP_APPOINTMENT)
    first_walk_in++;
  if (per == 0 || first_walk_in == from || first_walk_in == n)
    return; /* one kind only, or appointments first: the sort's order stands */
  g_autofree size_t *appts = g_memdup2 (order + from, (first_walk_in - from) * sizeof *order);
  g_autofree size_t *walk_ins =
      g_memdup2 (order + first_walk_in, (n - first_walk_in) * sizeof *order);
  size_t na = first_walk_in - from, nw = n - first_walk_in, ia = 0, iw = 0;
  unsigned in_row = ctx->policy->appointments_in_row;
  for (size_t k = from; k < n; k++)
    {
      bool take_appt = ia < na && (iw == nw || in_row < per);
      if (take_appt)
        {
          order[k] = appts[ia++];
          in_row++;
        }
      else
        {
          order[k] = walk_ins[iw++];
          in_row = 0;
        }
    }
}

void
layso_queue_order (const LaysoQueueEntry *entries, size_t n, const LaysoQueuePolicy *policy,
                   gint64 now, size_t *ret_order)
{
  OrderCtx ctx = { entries, policy, now };
  for (size_t i = 0; i < n; i++)
    ret_order[i] = i;
  g_qsort_with_data (ret_order, (gint) n, sizeof *ret_order, compare, &ctx);
  size_t from = 0;
  while (from < n && group_of (&ctx, ret_order[from]) < GROUP_APPOINTMENT)
    from++;
  interleave (ret_order, from, n, &ctx);
}

void
layso_wait_estimate (int waiting_before, double service_seconds, unsigned open_counters,
                     LaysoWaitEstimate *ret)
{
  double minutes = MAX (waiting_before, 0) * service_seconds / MAX (open_counters, 1u) / 60.0;
  ret->minutes = (int) lround (minutes);
  ret->lo = (int) floor (minutes * 0.75);
  ret->hi = (int) ceil (minutes * 1.25);
}

static int
compare_gint64 (const void *a, const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

double
layso_median (gint64 *values, size_t n)
{
  g_return_val_if_fail (n > 0, 0);
  qsort (values, n, sizeof *values, compare_gint64);
  return n % 2 ? (double) values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}
