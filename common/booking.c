#include "booking.h"

#include "clock.h"

LaysoBookingStatus
layso_booking_shown_status (LaysoBookingStatus stored, GDateTime *until, GDateTime *now)
{
  if (stored == LAYSO_BOOKING_BOOKED && until && now && g_date_time_compare (now, until) > 0)
    return LAYSO_BOOKING_EXPIRED;
  return stored;
}

bool
layso_booking_can_cancel (LaysoBookingStatus stored, GDateTime *until, GDateTime *now)
{
  return stored == LAYSO_BOOKING_BOOKED && until && now && g_date_time_compare (now, until) <= 0;
}

bool
layso_booking_has_ticket (LaysoBookingStatus stored)
{
  return stored != LAYSO_BOOKING_CANCELLED;
}

int
layso_slot_remaining (int capacity, int used)
{
  return MAX (0, capacity - used);
}

LaysoCapacityVerdict
layso_capacity_change_decide (const LaysoSlotLoad *loads, size_t n, bool confirmed,
                              unsigned *ret_affected)
{
  unsigned affected = 0;
  for (size_t i = 0; i < n; i++)
    if (loads[i].used > MAX (loads[i].capacity, 0))
      affected += (unsigned) loads[i].used;
  *ret_affected = affected;
  if (affected == 0)
    return LAYSO_CAPACITY_FITS;
  return confirmed ? LAYSO_CAPACITY_OVERRUN : LAYSO_CAPACITY_IN_USE;
}

/* Whether candidate `b` is nearer than the best so far `best` (-1: none yet) among those
 * with the same verdict: by earliest start, or for TOO_LATE by latest end. */
static bool
nearer (const LaysoCheckinCandidate *c, gssize best, size_t b, LaysoCheckinVerdict v)
{
  if (best < 0)
    return true;
  if (v == LAYSO_CHECKIN_TOO_LATE)
    return g_date_time_compare (c[b].until, c[best].until) > 0;
  return g_date_time_compare (c[b].from, c[best].from) < 0;
}

gssize
layso_checkin_choose (const LaysoCheckinCandidate *c, size_t n, GDateTime *now,
                      LaysoCheckinVerdict *ret_verdict)
{
  gssize best[3] = { -1, -1, -1 }; /* by verdict: OK, TOO_EARLY, TOO_LATE */
  for (size_t i = 0; i < n; i++)
    {
      if (c[i].status != LAYSO_BOOKING_BOOKED || !c[i].from || !c[i].until)
        continue;
      LaysoCheckinVerdict v = layso_checkin_verdict (now, c[i].from, c[i].until);
      if (nearer (c, best[v], i, v))
        best[v] = (gssize) i;
    }
  static const LaysoCheckinVerdict order[] = { LAYSO_CHECKIN_OK, LAYSO_CHECKIN_TOO_EARLY,
                                               LAYSO_CHECKIN_TOO_LATE };
  for (size_t k = 0; k < G_N_ELEMENTS (order); k++)
    if (best[order[k]] >= 0)
      {
        *ret_verdict = order[k];
        return best[order[k]];
      }
  return -1;
}

bool
layso_walk_in_open (const LaysoCalendar *cal, const LaysoPeriod *hours, size_t n_hours,
                    GDateTime *now)
{
  GDate today;
  layso_date_from_datetime (now, &today);
  int minute = g_date_time_get_hour (now) * 60 + g_date_time_get_minute (now);
  return layso_calendar_is_working_day (cal, &today) &&
         layso_hours_contain (hours, n_hours, minute);
}

char *
layso_hours_label (const LaysoPeriod *hours, size_t n_hours)
{
  GString *g = g_string_new (NULL);
  for (size_t i = 0; i < n_hours; i++)
    {
      char a[6], b[6];
      layso_hhmm_format (hours[i].start, a);
      layso_hhmm_format (hours[i].end, b);
      g_string_append_printf (g, "%s%s–%s", i ? ", " : "", a, b);
    }
  return g_string_free (g, FALSE);
}

char *
layso_checkin_window_label (GDateTime *from, GDateTime *until)
{
  return g_strdup_printf ("từ %02d:%02d đến %02d:%02d ngày %d/%d/%d", g_date_time_get_hour (from),
                          g_date_time_get_minute (from), g_date_time_get_hour (until),
                          g_date_time_get_minute (until), g_date_time_get_day_of_month (until),
                          g_date_time_get_month (until), g_date_time_get_year (until));
}
