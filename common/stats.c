/* Statistics figures (stats.h): counting and nearest-rank percentiles, no I/O. */
#include "stats.h"

#include "clock.h"

#include <errno.h>
#include <stdlib.h>

gint64
layso_percentile_nearest_rank (const gint64 *sorted, size_t n, unsigned p)
{
  if (n == 0 || p < 1 || p > 100)
    return -1;
  size_t rank = (p * n + 99) / 100; /* ceil (p × n / 100), ≥ 1 since p, n ≥ 1 */
  return sorted[rank - 1];
}

static int
compare_gint64 (const void *a, const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

void
layso_stats_percentiles (gint64 *values, size_t n, LaysoStatsPercentiles *ret)
{
  *ret = (LaysoStatsPercentiles){ (guint) n, -1, -1 };
  if (n == 0)
    return;
  qsort (values, n, sizeof *values, compare_gint64);
  ret->p50 = layso_percentile_nearest_rank (values, n, 50);
  ret->p90 = layso_percentile_nearest_rank (values, n, 90);
}

static int
ticket_group (const LaysoStatsTicket *t, LaysoStatsGrouping by)
{
  switch (by)
    {
      case LAYSO_STATS_BY_DAY:
        return (int) t->day;
      case LAYSO_STATS_BY_FIELD:
        return t->field;
      case LAYSO_STATS_BY_COUNTER:
        return t->counter;
      case LAYSO_STATS_BY_ALL:
      default:
        return 0;
    }
}

static int
bookings_group (const LaysoStatsBookings *b, LaysoStatsGrouping by)
{
  switch (by)
    {
      case LAYSO_STATS_BY_DAY:
        return (int) b->day;
      case LAYSO_STATS_BY_FIELD:
        return b->field;
      case LAYSO_STATS_BY_COUNTER:
        return -1; /* a booking is at no counter */
      case LAYSO_STATS_BY_ALL:
      default:
        return 0;
    }
}

static void
count_bookings (LaysoStatsFigures *f, const LaysoStatsBookings *b)
{
  f->bookings += b->count;
  if (b->status == LAYSO_BOOKING_CHECKED_IN)
    f->checked_in += b->count;
  else if (b->status == LAYSO_BOOKING_EXPIRED)
    f->expired += b->count;
  else if (b->status == LAYSO_BOOKING_CANCELLED)
    f->cancelled += b->count;
}

/* Counts the ticket into f, and its wait and service times into the group's samples. */
static void
count_ticket (LaysoStatsFigures *f, const LaysoStatsTicket *t, GArray *waits, GArray *services)
{
  f->tickets++;
  f->walk_ins += t->walk_in;
  f->done += t->state == LAYSO_STATS_DONE;
  f->skipped += t->state == LAYSO_STATS_SKIPPED;
  gint64 first_called = t->first_called > 0 ? t->first_called : t->called;
  if (first_called > 0 && t->issued > 0)
    {
      gint64 wait = MAX (first_called - t->issued, 0); /* a clock set back counts as no wait */
      g_array_append_val (waits, wait);
    }
  if (t->state == LAYSO_STATS_DONE && t->called > 0 && t->finished > 0)
    {
      gint64 service = MAX (t->finished - t->called, 0);
      g_array_append_val (services, service);
    }
}

void
layso_stats_group (const LaysoStatsRows *rows, LaysoStatsGrouping by, LaysoStatsFigures *ret,
                   size_t n_groups)
{
  GArray **waits = g_new (GArray *, n_groups), **services = g_new (GArray *, n_groups);
  for (size_t g = 0; g < n_groups; g++)
    {
      ret[g] = (LaysoStatsFigures){ 0 };
      waits[g] = g_array_new (FALSE, FALSE, sizeof (gint64));
      services[g] = g_array_new (FALSE, FALSE, sizeof (gint64));
    }
  for (size_t i = 0; i < rows->n_bookings; i++)
    {
      int g = bookings_group (&rows->bookings[i], by);
      if (g >= 0 && (size_t) g < n_groups)
        count_bookings (&ret[g], &rows->bookings[i]);
    }
  for (size_t i = 0; i < rows->n_tickets; i++)
    {
      int g = ticket_group (&rows->tickets[i], by);
      if (g >= 0 && (size_t) g < n_groups)
        count_ticket (&ret[g], &rows->tickets[i], waits[g], services[g]);
    }
  for (size_t g = 0; g < n_groups; g++)
    {
      layso_stats_percentiles ((gint64 *) (void *) waits[g]->data, waits[g]->len, &ret[g].wait);
      layso_stats_percentiles ((gint64 *) (void *) services[g]->data, services[g]->len,
                               &ret[g].service);
      g_array_unref (waits[g]);
      g_array_unref (services[g]);
    }
  g_free (waits);
  g_free (services);
}

void
layso_stats_busiest_slots (const LaysoStatsRows *rows, size_t n_slots, guint *ret_counts,
                           size_t *ret_order)
{
  for (size_t s = 0; s < n_slots; s++)
    {
      ret_counts[s] = 0;
      ret_order[s] = s;
    }
  for (size_t i = 0; i < rows->n_bookings; i++)
    {
      const LaysoStatsBookings *b = &rows->bookings[i];
      if (b->status != LAYSO_BOOKING_CANCELLED && b->slot >= 0 && (size_t) b->slot < n_slots)
        ret_counts[b->slot] += b->count;
    }
  /* insertion sort, stable: slots are few (a unit has a handful) */
  for (size_t i = 1; i < n_slots; i++)
    {
      size_t s = ret_order[i], j = i;
      for (; j > 0 && ret_counts[ret_order[j - 1]] < ret_counts[s]; j--)
        ret_order[j] = ret_order[j - 1];
      ret_order[j] = s;
    }
}

int
layso_stats_range_check (const char *from, const char *to, guint *ret_days)
{
  GDate a, b;
  if (!from || !layso_date_parse (from, &a))
    return -EINVAL;
  if (!to || !layso_date_parse (to, &b))
    return -EDOM;
  int days = g_date_days_between (&a, &b) + 1;
  if (days < 1 || days > LAYSO_STATS_MAX_DAYS)
    return -ERANGE;
  *ret_days = (guint) days;
  return 0;
}
