#include <errno.h>

#include "clock.h"
#include "slots.h"

static const struct
{
  const char *s;
  int minutes; /* -1: -EINVAL */
} hhmm_cases[] = {
  { "00:00", 0 },     { "07:30", 450 },  { "09:30", 570 },    { "11:00", 660 }, { "14:00", 840 },
  { "16:00", 960 },   { "23:59", 1439 }, { "12:05", 725 },    { "7:30", -1 },   { "07:3", -1 },
  { "0730", -1 },     { "07.30", -1 },   { "07:30 ", -1 },    { " 07:30", -1 }, { "24:00", -1 },
  { "23:60", -1 },    { "99:99", -1 },   { "-1:00", -1 },     { "07:-1", -1 },  { "", -1 },
  { "07:30:00", -1 }, { "ab:cd", -1 },   { "０７:３０", -1 }, { "07:3a", -1 },  { "7:300", -1 },
  { "+7:30", -1 },    { "07::30", -1 },
};

static void
test_hhmm_parse (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (hhmm_cases); i++)
    {
      int m = -42;
      int r = layso_hhmm_parse (hhmm_cases[i].s, &m);
      if (hhmm_cases[i].minutes >= 0)
        {
          g_assert_cmpint (r, ==, 0);
          g_assert_cmpint (m, ==, hhmm_cases[i].minutes);
        }
      else
        {
          if (r != -EINVAL)
            g_error ("hhmm case '%s': expected -EINVAL, got %d", hhmm_cases[i].s, r);
          g_assert_cmpint (m, ==, -42);
        }
    }
  int m;
  g_assert_cmpint (layso_hhmm_parse (NULL, &m), ==, -EINVAL);
}

static void
test_hhmm_format (void)
{
  char s[6];
  for (size_t i = 0; i < G_N_ELEMENTS (hhmm_cases); i++)
    {
      if (hhmm_cases[i].minutes < 0)
        continue;
      layso_hhmm_format (hhmm_cases[i].minutes, s);
      g_assert_cmpstr (s, ==, hhmm_cases[i].s);
    }
  /* every minute of the day round-trips */
  for (int m = 0; m < 24 * 60; m++)
    {
      int back = -1;
      layso_hhmm_format (m, s);
      g_assert_cmpint (layso_hhmm_parse (s, &back), ==, 0);
      g_assert_cmpint (back, ==, m);
    }
  layso_hhmm_format (-1, s);
  g_assert_cmpstr (s, ==, "--:--");
  layso_hhmm_format (1440, s);
  g_assert_cmpstr (s, ==, "--:--");
}

static char *
fmt (GDateTime *t)
{
  return layso_rfc3339_format (t);
}

static void
test_window (void)
{
  GDate day;
  g_assert_true (layso_date_parse ("2025-09-26", &day));
  g_autoptr (GDateTime) from = NULL, until = NULL;
  layso_checkin_window (&day, 450, 570, LAYSO_DEFAULT_CHECKIN_LEAD_MINUTES, &from, &until);
  g_autofree char *f = fmt (from), *u = fmt (until);
  g_assert_cmpstr (f, ==, "2025-09-26T07:00:00+07:00");
  g_assert_cmpstr (u, ==, "2025-09-26T09:30:00+07:00");
  g_assert_cmpint (g_date_time_get_utc_offset (from), ==, (GTimeSpan) 7 * G_TIME_SPAN_HOUR);
  g_assert_cmpint (g_date_time_get_utc_offset (until), ==, (GTimeSpan) 7 * G_TIME_SPAN_HOUR);
}

static void
test_window_crosses_midnight (void)
{
  GDate day;
  g_assert_true (layso_date_parse ("2025-10-01", &day));
  g_autoptr (GDateTime) from = NULL, until = NULL;
  layso_checkin_window (&day, 10, 60, 30, &from, &until);
  g_autofree char *f = fmt (from), *u = fmt (until);
  g_assert_cmpstr (f, ==, "2025-09-30T23:40:00+07:00");
  g_assert_cmpstr (u, ==, "2025-10-01T01:00:00+07:00");

  g_autoptr (GDateTime) from0 = NULL, until0 = NULL;
  layso_checkin_window (&day, 840, 960, 0, &from0, &until0);
  g_autofree char *f0 = fmt (from0), *u0 = fmt (until0);
  g_assert_cmpstr (f0, ==, "2025-10-01T14:00:00+07:00");
  g_assert_cmpstr (u0, ==, "2025-10-01T16:00:00+07:00");
}

static void
test_window_invalid_day (void)
{
  GDate invalid;
  g_date_clear (&invalid, 1);
  GDateTime *from = (GDateTime *) 0x1, *until = (GDateTime *) 0x1;
  layso_checkin_window (&invalid, 450, 570, 30, &from, &until);
  g_assert_null (from);
  g_assert_null (until);
}

static const struct
{
  const char *now;
  LaysoCheckinVerdict verdict;
} verdict_cases[] = {
  { "2025-09-25T10:00:00+07:00", LAYSO_CHECKIN_TOO_EARLY },
  { "2025-09-26T06:00:00+07:00", LAYSO_CHECKIN_TOO_EARLY },
  { "2025-09-26T06:59:59+07:00", LAYSO_CHECKIN_TOO_EARLY },
  { "2025-09-26T06:59:59.999999+07:00", LAYSO_CHECKIN_TOO_EARLY },
  { "2025-09-26T07:00:00+07:00", LAYSO_CHECKIN_OK },
  { "2025-09-26T07:00:00.5+07:00", LAYSO_CHECKIN_OK },
  { "2025-09-26T07:00:01+07:00", LAYSO_CHECKIN_OK },
  { "2025-09-26T08:15:00+07:00", LAYSO_CHECKIN_OK },
  { "2025-09-26T01:15:00Z", LAYSO_CHECKIN_OK },
  { "2025-09-26T09:29:59+07:00", LAYSO_CHECKIN_OK },
  { "2025-09-26T09:30:00+07:00", LAYSO_CHECKIN_OK },
  { "2025-09-26T09:30:00.999999+07:00", LAYSO_CHECKIN_OK },
  { "2025-09-26T09:30:01+07:00", LAYSO_CHECKIN_TOO_LATE },
  { "2025-09-26T02:30:01Z", LAYSO_CHECKIN_TOO_LATE },
  { "2025-09-26T23:59:59+07:00", LAYSO_CHECKIN_TOO_LATE },
  { "2025-09-27T07:00:00+07:00", LAYSO_CHECKIN_TOO_LATE },
  { "2025-09-25T23:59:59Z", LAYSO_CHECKIN_TOO_EARLY }, /* 06:59:59+07:00 */
  { "2025-09-26T00:00:00Z", LAYSO_CHECKIN_OK },        /* 07:00:00+07:00 */
  { "2025-09-26T02:30:00Z", LAYSO_CHECKIN_OK },        /* 09:30:00+07:00 */
};

static void
test_verdict (void)
{
  GDate day;
  g_assert_true (layso_date_parse ("2025-09-26", &day));
  g_autoptr (GDateTime) from = NULL, until = NULL;
  layso_checkin_window (&day, 450, 570, 30, &from, &until);
  for (size_t i = 0; i < G_N_ELEMENTS (verdict_cases); i++)
    {
      g_autoptr (GDateTime) now = layso_rfc3339_parse (verdict_cases[i].now);
      g_assert_nonnull (now);
      LaysoCheckinVerdict v = layso_checkin_verdict (now, from, until);
      if (v != verdict_cases[i].verdict)
        g_error ("verdict case %s: got %d expected %d", verdict_cases[i].now, v,
                 verdict_cases[i].verdict);
    }
}

static const LaysoPeriod default_hours[] = { { 7 * 60, 11 * 60 + 30 }, { 13 * 60, 17 * 60 } };

static const struct
{
  int minute;
  bool open;
} hours_cases[] = {
  { 0, false },   { 419, false },  { 420, true },   { 421, true },  { 600, true },
  { 689, true },  { 690, false },  { 720, false },  { 779, false }, { 780, true },
  { 1019, true }, { 1020, false }, { 1439, false }, { -1, false },  { 1440, false },
};

static void
test_hours (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (hours_cases); i++)
    if (layso_hours_contain (default_hours, G_N_ELEMENTS (default_hours), hours_cases[i].minute) !=
        hours_cases[i].open)
      g_error ("hours case %d: expected %d", hours_cases[i].minute, hours_cases[i].open);
  g_assert_false (layso_hours_contain (default_hours, 0, 600));
  g_assert_false (layso_hours_contain (NULL, 3, 600));
  LaysoPeriod empty = { 600, 600 };
  g_assert_false (layso_hours_contain (&empty, 1, 600));
}

static const struct
{
  const char *in;
  int rc;
  size_t n;
  LaysoPeriod p[LAYSO_MAX_PERIODS];
} periods_cases[] = {
  { "07:00-11:30,13:00-17:00", 0, 2, { { 420, 690 }, { 780, 1020 } } },
  { "07:00-11:30", 0, 1, { { 420, 690 } } },
  { " 07:00 - 11:30 , 13:00-17:00 ", 0, 2, { { 420, 690 }, { 780, 1020 } } },
  { "07:00-09:00,09:00-10:00", 0, 2, { { 420, 540 }, { 540, 600 } } }, /* touching */
  { "00:00-01:00,02:00-03:00,04:00-05:00,06:00-23:59",
    0,
    4,
    { { 0, 60 }, { 120, 180 }, { 240, 300 }, { 360, 1439 } } },
  { "00:00-01:00,02:00-03:00,04:00-05:00,06:00-07:00,08:00-09:00", -EINVAL, 0, { { 0 } } },
  { "", -EINVAL, 0, { { 0 } } },
  { ",", -EINVAL, 0, { { 0 } } },
  { "07:00", -EINVAL, 0, { { 0 } } },
  { "11:30-07:00", -EINVAL, 0, { { 0 } } },             /* backwards */
  { "07:00-07:00", -EINVAL, 0, { { 0 } } },             /* empty */
  { "13:00-17:00,07:00-11:30", -EINVAL, 0, { { 0 } } }, /* out of order */
  { "07:00-12:00,11:00-17:00", -EINVAL, 0, { { 0 } } }, /* overlapping */
  { "7:00-11:30", -EINVAL, 0, { { 0 } } },
  { "07:00-24:00", -EINVAL, 0, { { 0 } } },
  { "07:00-11:30-12:00", -EINVAL, 0, { { 0 } } },
  { "07:00-11:30,", -EINVAL, 0, { { 0 } } },
};

static void
test_periods_parse (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (periods_cases); i++)
    {
      LaysoPeriod p[LAYSO_MAX_PERIODS] = { { -1, -1 } };
      size_t n = 99;
      g_assert_cmpint (layso_periods_parse (periods_cases[i].in, p, &n), ==, periods_cases[i].rc);
      if (periods_cases[i].rc < 0)
        {
          g_assert_cmpuint (n, ==, 99);
          g_assert_cmpint (p[0].start, ==, -1);
          continue;
        }
      g_assert_cmpuint (n, ==, periods_cases[i].n);
      for (size_t j = 0; j < n; j++)
        {
          g_assert_cmpint (p[j].start, ==, periods_cases[i].p[j].start);
          g_assert_cmpint (p[j].end, ==, periods_cases[i].p[j].end);
        }
    }
  g_assert_cmpint (
      layso_periods_parse (NULL, (LaysoPeriod[LAYSO_MAX_PERIODS]){ 0 }, &(size_t){ 0 }), ==,
      -EINVAL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/slots/hhmm-parse", test_hhmm_parse);
  g_test_add_func ("/layso/slots/periods-parse", test_periods_parse);
  g_test_add_func ("/layso/slots/hhmm-format", test_hhmm_format);
  g_test_add_func ("/layso/slots/window", test_window);
  g_test_add_func ("/layso/slots/window-midnight", test_window_crosses_midnight);
  g_test_add_func ("/layso/slots/window-invalid-day", test_window_invalid_day);
  g_test_add_func ("/layso/slots/verdict", test_verdict);
  g_test_add_func ("/layso/slots/hours", test_hours);
  return g_test_run ();
}
