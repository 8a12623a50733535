/* Time in Asia/Ho_Chi_Minh. A clock is the real time plus an offset: 0 for the system clock,
 * whatever makes `now` equal the requested instant for the --dev clock, so a dev clock keeps
 * running in real time after it is started or set.
 *
 * RFC 3339 as on the wire: "YYYY-MM-DDTHH:MM:SS" with an optional fraction (kept to the
 * microsecond) and an offset "Z" or "+HH:MM"/"-HH:MM" (00..23, 00..59). Seconds and offset
 * are required; 't' and 'z' are accepted (RFC 3339 §5.6); leap seconds are not; at most 63
 * bytes. */
#include "clock.h"

#include <errno.h>
#include <string.h>

struct _LaysoClock
{
  GMutex lock;
  gint64 offset_usec;
};

GTimeZone *
layso_timezone (void)
{
  static GTimeZone *zone;
  if (g_once_init_enter (&zone))
    {
      GTimeZone *tz = g_time_zone_new_identifier ("+07:00");
      if (!tz)
        tz = g_time_zone_new_offset (LAYSO_UTC_OFFSET_SECONDS);
      g_once_init_leave (&zone, tz);
    }
  return zone;
}

static gint64
datetime_to_usec (GDateTime *t)
{
  return g_date_time_to_unix (t) * G_USEC_PER_SEC + g_date_time_get_microsecond (t);
}

static GDateTime *
datetime_from_usec (gint64 usec)
{
  gint64 sec = usec / G_USEC_PER_SEC, rem = usec % G_USEC_PER_SEC;
  if (rem < 0)
    {
      sec -= 1;
      rem += G_USEC_PER_SEC;
    }
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (sec);
  if (!utc)
    return NULL;
  g_autoptr (GDateTime) exact = g_date_time_add (utc, rem);
  return exact ? g_date_time_to_timezone (exact, layso_timezone ()) : NULL;
}

LaysoClock *
layso_clock_new_system (void)
{
  LaysoClock *clock = g_new0 (LaysoClock, 1);
  g_mutex_init (&clock->lock);
  return clock;
}

LaysoClock *
layso_clock_new_at (GDateTime *start)
{
  LaysoClock *clock = layso_clock_new_system ();
  if (start)
    layso_clock_set (clock, start);
  return clock;
}

void
layso_clock_free (LaysoClock *clock)
{
  if (!clock)
    return;
  g_mutex_clear (&clock->lock);
  g_free (clock);
}

void
layso_clock_set (LaysoClock *clock, GDateTime *now)
{
  if (!clock || !now)
    return;
  gint64 offset = datetime_to_usec (now) - g_get_real_time ();
  g_mutex_lock (&clock->lock);
  clock->offset_usec = offset;
  g_mutex_unlock (&clock->lock);
}

GDateTime *
layso_clock_now (LaysoClock *clock)
{
  gint64 offset = 0;
  if (clock)
    {
      g_mutex_lock (&clock->lock);
      offset = clock->offset_usec;
      g_mutex_unlock (&clock->lock);
    }
  return datetime_from_usec (g_get_real_time () + offset);
}

char *
layso_rfc3339_format (GDateTime *t)
{
  g_autoptr (GDateTime) local = g_date_time_to_timezone (t, layso_timezone ());
  if (!local)
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d+07:00", g_date_time_get_year (local),
                          g_date_time_get_month (local), g_date_time_get_day_of_month (local),
                          g_date_time_get_hour (local), g_date_time_get_minute (local),
                          g_date_time_get_second (local));
}

/* Reads exactly n ASCII digits. */
static bool
read_digits (const char **p, int n, int *ret)
{
  int v = 0;
  for (int i = 0; i < n; i++)
    {
      char c = (*p)[i];
      if (c < '0' || c > '9')
        return false;
      v = v * 10 + (c - '0');
    }
  *p += n;
  *ret = v;
  return true;
}

static bool
expect (const char **p, char c)
{
  if (**p != c)
    return false;
  (*p)++;
  return true;
}

/* An optional ".digits" (any number; microseconds kept) at *p. */
static bool
read_fraction (const char **p, int *ret_usec)
{
  if (**p != '.')
    return true;
  (*p)++;
  int n = 0, usec = 0;
  for (; **p >= '0' && **p <= '9'; n++, (*p)++)
    if (n < 6)
      usec = usec * 10 + (**p - '0');
  if (n == 0)
    return false;
  for (; n < 6; n++)
    usec *= 10;
  *ret_usec = usec;
  return true;
}

/* "Z" or "+HH:MM" / "-HH:MM" at *p. */
static bool
read_offset (const char **p, int *ret_seconds)
{
  if (**p == 'Z' || **p == 'z')
    {
      (*p)++;
      *ret_seconds = 0;
      return true;
    }
  if (**p != '+' && **p != '-')
    return false;
  int sign = **p == '-' ? -1 : 1, oh, om;
  (*p)++;
  if (!read_digits (p, 2, &oh) || !expect (p, ':') || !read_digits (p, 2, &om) || oh > 23 ||
      om > 59)
    return false;
  *ret_seconds = sign * (oh * 3600 + om * 60);
  return true;
}

GDateTime *
layso_rfc3339_parse (const char *s)
{
  if (!s || strnlen (s, 64) >= 64)
    return NULL;
  const char *p = s;
  int year, month, day, hour, minute, second, usec = 0;
  if (!read_digits (&p, 4, &year) || !expect (&p, '-') || !read_digits (&p, 2, &month) ||
      !expect (&p, '-') || !read_digits (&p, 2, &day))
    return NULL;
  if (*p != 'T' && *p != 't')
    return NULL;
  p++;
  if (!read_digits (&p, 2, &hour) || !expect (&p, ':') || !read_digits (&p, 2, &minute) ||
      !expect (&p, ':') || !read_digits (&p, 2, &second))
    return NULL;
  int offset_seconds;
  if (!read_fraction (&p, &usec) || !read_offset (&p, &offset_seconds) || *p != '\0')
    return NULL;

  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      day > g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year) || hour > 23 ||
      minute > 59 || second > 59)
    return NULL;

  g_autoptr (GTimeZone) tz = g_time_zone_new_offset (offset_seconds);
  g_autoptr (GDateTime) t = g_date_time_new (tz, year, month, day, hour, minute, second);
  if (!t)
    return NULL;
  g_autoptr (GDateTime) exact = g_date_time_add (t, usec);
  return exact ? g_date_time_to_timezone (exact, layso_timezone ()) : NULL;
}

bool
layso_date_parse (const char *s, GDate *ret)
{
  if (!s || !ret)
    return false;
  const char *p = s;
  int y, m, d;
  if (!read_digits (&p, 4, &y) || !expect (&p, '-') || !read_digits (&p, 2, &m) ||
      !expect (&p, '-') || !read_digits (&p, 2, &d) || *p != '\0')
    return false;
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return false;
  g_date_clear (ret, 1);
  g_date_set_dmy (ret, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  (void) g_date_get_julian (ret); /* both forms cached now: later reads never write */
  return true;
}

void
layso_date_format (const GDate *d, char ret[static 11])
{
  if (!d || !g_date_valid (d))
    {
      ret[0] = '\0';
      return;
    }
  g_snprintf (ret, 11, "%04u-%02u-%02u", (unsigned) g_date_get_year (d),
              (unsigned) g_date_get_month (d), (unsigned) g_date_get_day (d));
}

void
layso_date_from_datetime (GDateTime *t, GDate *ret)
{
  g_autoptr (GDateTime) local = g_date_time_to_timezone (t, layso_timezone ());
  int y, m, d;
  g_date_time_get_ymd (local, &y, &m, &d);
  g_date_clear (ret, 1);
  g_date_set_dmy (ret, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
}
