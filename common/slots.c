/* Slots, check-in windows and opening hours.
 *
 * "HH:MM" is exactly five characters: two ASCII digits 00..23, ':', two digits 00..59.
 * The check-in window of a slot is [start - lead, end] in +07:00; `now` is compared to it to
 * the second (sub-second parts are ignored), both ends inclusive. */
#include "slots.h"

#include <errno.h>
#include <string.h>

#include "clock.h"

#define MINUTES_PER_DAY (24 * 60)

const LaysoPeriod layso_default_opening_hours[LAYSO_DEFAULT_N_OPENING_HOURS] = {
  { 7 * 60, 11 * 60 + 30 },
  { 13 * 60, 17 * 60 },
};

static int
digit (char c)
{
  return c >= '0' && c <= '9' ? c - '0' : -1;
}

int
layso_hhmm_parse (const char *s, int *ret_minutes)
{
  if (!s || strnlen (s, 6) != 5 || s[2] != ':')
    return -EINVAL;
  int h1 = digit (s[0]), h2 = digit (s[1]), m1 = digit (s[3]), m2 = digit (s[4]);
  if (h1 < 0 || h2 < 0 || m1 < 0 || m2 < 0)
    return -EINVAL;
  int h = h1 * 10 + h2, m = m1 * 10 + m2;
  if (h > 23 || m > 59)
    return -EINVAL;
  if (ret_minutes)
    *ret_minutes = h * 60 + m;
  return 0;
}

void
layso_hhmm_format (int minutes, char ret[static 6])
{
  if (minutes < 0 || minutes >= MINUTES_PER_DAY)
    {
      memcpy (ret, "--:--", 6); /* never a plausible time for a nonsense value */
      return;
    }
  g_snprintf (ret, 6, "%02d:%02d", minutes / 60, minutes % 60);
}

void
layso_checkin_window (const GDate *day, int slot_start, int slot_end, int lead_minutes,
                      GDateTime **ret_from, GDateTime **ret_until)
{
  if (!day || !g_date_valid (day))
    {
      if (ret_from)
        *ret_from = NULL;
      if (ret_until)
        *ret_until = NULL;
      return;
    }
  g_autoptr (GDateTime) midnight =
      g_date_time_new (layso_timezone (), g_date_get_year (day), g_date_get_month (day),
                       g_date_get_day (day), 0, 0, 0);
  if (ret_from)
    *ret_from = g_date_time_add_minutes (midnight, slot_start - lead_minutes);
  if (ret_until)
    *ret_until = g_date_time_add_minutes (midnight, slot_end);
}

LaysoCheckinVerdict
layso_checkin_verdict (GDateTime *now, GDateTime *from, GDateTime *until)
{
  gint64 t = g_date_time_to_unix (now);
  if (t < g_date_time_to_unix (from))
    return LAYSO_CHECKIN_TOO_EARLY;
  if (t > g_date_time_to_unix (until))
    return LAYSO_CHECKIN_TOO_LATE;
  return LAYSO_CHECKIN_OK;
}

bool
layso_slot_offered_on (guint8 slot_weekdays, GDateWeekday works_as)
{
  return g_date_valid_weekday (works_as) && (slot_weekdays & (1u << works_as));
}

/* "07:00-11:30" (trimmed) -> one period; false if not that shape */
static bool
period_parse (const char *part, LaysoPeriod *ret)
{
  g_auto (GStrv) ends = g_strsplit (part, "-", -1);
  if (g_strv_length (ends) != 2)
    return false;
  int a, b;
  if (layso_hhmm_parse (g_strstrip (ends[0]), &a) < 0 ||
      layso_hhmm_parse (g_strstrip (ends[1]), &b) < 0 || a >= b)
    return false;
  *ret = (LaysoPeriod){ a, b };
  return true;
}

int
layso_periods_parse (const char *s, LaysoPeriod ret[static LAYSO_MAX_PERIODS], size_t *ret_n)
{
  if (!s || strlen (s) > 200)
    return -EINVAL;
  g_auto (GStrv) parts = g_strsplit (s, ",", -1);
  guint n = g_strv_length (parts);
  if (n < 1 || n > LAYSO_MAX_PERIODS)
    return -EINVAL;
  LaysoPeriod p[LAYSO_MAX_PERIODS];
  for (guint i = 0; i < n; i++)
    if (!period_parse (parts[i], &p[i]) || (i > 0 && p[i].start < p[i - 1].end))
      return -EINVAL;
  memcpy (ret, p, n * sizeof *p);
  *ret_n = n;
  return 0;
}

bool
layso_hours_contain (const LaysoPeriod *periods, size_t n, int minute_of_day)
{
  if (!periods)
    return false;
  for (size_t i = 0; i < n; i++)
    if (minute_of_day >= periods[i].start && minute_of_day < periods[i].end)
      return true;
  return false;
}
