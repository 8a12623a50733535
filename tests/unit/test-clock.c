#include <string.h>

#include "clock.h"

static void
test_timezone (void)
{
  GTimeZone *tz = layso_timezone ();
  g_assert_nonnull (tz);
  g_assert_true (tz == layso_timezone ());
  g_autoptr (GDateTime) t = g_date_time_new (tz, 2025, 9, 26, 7, 0, 0);
  g_assert_cmpint (g_date_time_get_utc_offset (t), ==, (GTimeSpan) 7 * G_TIME_SPAN_HOUR);
  /* no daylight saving: the same offset in every month */
  g_autoptr (GDateTime) jan = g_date_time_new (tz, 2025, 1, 15, 12, 0, 0);
  g_assert_cmpint (g_date_time_get_utc_offset (jan), ==, (GTimeSpan) 7 * G_TIME_SPAN_HOUR);
}

typedef struct
{
  const char *input;
  const char *formatted; /* NULL: rejected */
} ParseCase;

static const ParseCase parse_cases[] = {
  { "2025-09-26T07:00:00+07:00", "2025-09-26T07:00:00+07:00" },
  { "2025-09-26T00:00:00Z", "2025-09-26T07:00:00+07:00" },
  { "2025-09-26T00:00:00z", "2025-09-26T07:00:00+07:00" },
  { "2025-09-26t00:00:00Z", "2025-09-26T07:00:00+07:00" },
  { "2025-09-25T20:00:00+00:00", "2025-09-26T03:00:00+07:00" },
  { "2025-09-25T20:00:00-00:00", "2025-09-26T03:00:00+07:00" },
  { "2025-09-26T09:00:00+09:00", "2025-09-26T07:00:00+07:00" },
  { "2025-09-25T19:00:00-05:00", "2025-09-26T07:00:00+07:00" },
  { "2025-09-26T07:00:00+05:30", "2025-09-26T08:30:00+07:00" },
  { "2025-12-31T17:00:00Z", "2026-01-01T00:00:00+07:00" },
  { "2025-12-31T16:59:59Z", "2025-12-31T23:59:59+07:00" },
  { "2024-02-29T12:00:00+07:00", "2024-02-29T12:00:00+07:00" },
  { "2025-09-26T07:00:00.123456+07:00", "2025-09-26T07:00:00+07:00" },
  { "2025-09-26T07:00:00.9+07:00", "2025-09-26T07:00:00+07:00" },
  { "2025-09-26T07:00:00.123456789Z", "2025-09-26T14:00:00+07:00" },
  { "0001-01-01T12:00:00+07:00", "0001-01-01T12:00:00+07:00" },
  { "9999-12-31T23:59:59+07:00", "9999-12-31T23:59:59+07:00" },
  /* rejected */
  { "", NULL },
  { "2025-09-26", NULL },
  { "2025-09-26T07:00:00", NULL },    /* no offset */
  { "2025-09-26T07:00+07:00", NULL }, /* no seconds */
  { "2025-09-26T07:00:00+07", NULL }, /* offset without minutes */
  { "2025-09-26T07:00:00+0700", NULL },
  { "2025-09-26 07:00:00+07:00", NULL },
  { "2025-09-26T07:00:00.+07:00", NULL },
  { "2025-09-26T07:00:00+24:00", NULL },
  { "2025-09-26T07:00:00+07:60", NULL },
  { "2025-09-26T24:00:00+07:00", NULL },
  { "2025-09-26T07:60:00+07:00", NULL },
  { "2025-09-26T07:00:60+07:00", NULL }, /* leap seconds are not accepted */
  { "2025-02-29T07:00:00+07:00", NULL },
  { "2025-02-30T07:00:00+07:00", NULL },
  { "2025-13-01T07:00:00+07:00", NULL },
  { "2025-00-01T07:00:00+07:00", NULL },
  { "2025-09-00T07:00:00+07:00", NULL },
  { "0000-01-01T07:00:00+07:00", NULL },
  { "25-09-26T07:00:00+07:00", NULL },
  { "2025-9-26T07:00:00+07:00", NULL },
  { "2025-09-26T7:00:00+07:00", NULL },
  { " 2025-09-26T07:00:00+07:00", NULL },
  { "2025-09-26T07:00:00+07:00 ", NULL },
  { "2025-09-26T07:00:00+07:00x", NULL },
  { "2025-09-26T07:00:00ZZ", NULL },
  { "2025-09-26T07:00:00UTC", NULL },
  { "２０２５-09-26T07:00:00+07:00", NULL },
  { "9999-12-31T23:59:59Z", NULL }, /* out of range once in +07:00 */
  { "2025-09-26T07:00:00.1234567890123456789012345678901234567890123456789+07:00", NULL },
};

static void
test_rfc3339_parse (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      g_autoptr (GDateTime) t = layso_rfc3339_parse (parse_cases[i].input);
      if (!parse_cases[i].formatted)
        {
          if (t)
            g_error ("case '%s' should be rejected", parse_cases[i].input);
          continue;
        }
      if (!t)
        g_error ("case '%s' should parse", parse_cases[i].input);
      g_assert_cmpint (g_date_time_get_utc_offset (t), ==, (GTimeSpan) 7 * G_TIME_SPAN_HOUR);
      g_autofree char *s = layso_rfc3339_format (t);
      g_assert_cmpstr (s, ==, parse_cases[i].formatted);
    }
  g_assert_null (layso_rfc3339_parse (NULL));

  g_autoptr (GDateTime) frac = layso_rfc3339_parse ("2025-09-26T07:00:00.123456+07:00");
  g_assert_cmpint (g_date_time_get_microsecond (frac), ==, 123456);
  g_autoptr (GDateTime) frac9 = layso_rfc3339_parse ("2025-09-26T07:00:00.5Z");
  g_assert_cmpint (g_date_time_get_microsecond (frac9), ==, 500000);
}

static void
test_rfc3339_format (void)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) t = g_date_time_new (utc, 2025, 9, 26, 0, 0, 0);
  g_autofree char *s = layso_rfc3339_format (t);
  g_assert_cmpstr (s, ==, "2025-09-26T07:00:00+07:00");
  g_autoptr (GDateTime) frac = g_date_time_new (utc, 2025, 9, 26, 0, 0, 5.75);
  g_autofree char *s2 = layso_rfc3339_format (frac);
  g_assert_cmpstr (s2, ==, "2025-09-26T07:00:05+07:00");
  g_autoptr (GDateTime) small_year = g_date_time_new (layso_timezone (), 33, 1, 2, 3, 4, 5);
  g_autofree char *s3 = layso_rfc3339_format (small_year);
  g_assert_cmpstr (s3, ==, "0033-01-02T03:04:05+07:00");
}

static void
test_system_clock (void)
{
  LaysoClock *clock = layso_clock_new_system ();
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr (GDateTime) now = layso_clock_now (clock);
  gint64 after = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_cmpint (g_date_time_to_unix (now), >=, before);
  g_assert_cmpint (g_date_time_to_unix (now), <=, after);
  g_assert_cmpint (g_date_time_get_utc_offset (now), ==, (GTimeSpan) 7 * G_TIME_SPAN_HOUR);
  layso_clock_free (clock);
  layso_clock_free (NULL);
  /* NULL means the system clock */
  g_autoptr (GDateTime) sys = layso_clock_now (NULL);
  g_assert_cmpint (g_date_time_to_unix (sys), >=, before);
}

/* Seconds from `expected` to the clock's now: >= 0 and small, as the clock runs on. */
static gint64
drift (LaysoClock *clock, const char *expected)
{
  g_autoptr (GDateTime) want = layso_rfc3339_parse (expected);
  g_autoptr (GDateTime) now = layso_clock_now (clock);
  g_assert_cmpint (g_date_time_get_utc_offset (now), ==, (GTimeSpan) 7 * G_TIME_SPAN_HOUR);
  return g_date_time_difference (now, want);
}

static void
test_dev_clock (void)
{
  g_autoptr (GDateTime) start = layso_rfc3339_parse ("2025-09-25T10:00:00+07:00");
  LaysoClock *clock = layso_clock_new_at (start);
  gint64 d = drift (clock, "2025-09-25T10:00:00+07:00");
  g_assert_cmpint (d, >=, 0);
  g_assert_cmpint (d, <, 5 * G_USEC_PER_SEC);

  /* it runs on in real time */
  g_usleep (20 * 1000);
  d = drift (clock, "2025-09-25T10:00:00+07:00");
  g_assert_cmpint (d, >=, 20 * 1000);

  /* jumps forward and back */
  g_autoptr (GDateTime) later = layso_rfc3339_parse ("2025-09-26T06:59:59+07:00");
  layso_clock_set (clock, later);
  d = drift (clock, "2025-09-26T06:59:59+07:00");
  g_assert_cmpint (d, >=, 0);
  g_assert_cmpint (d, <, 5 * G_USEC_PER_SEC);
  g_autoptr (GDateTime) past = layso_rfc3339_parse ("2001-01-01T00:00:00Z");
  layso_clock_set (clock, past);
  d = drift (clock, "2001-01-01T07:00:00+07:00");
  g_assert_cmpint (d, >=, 0);
  g_assert_cmpint (d, <, 5 * G_USEC_PER_SEC);

  /* the fraction is kept */
  g_autoptr (GDateTime) frac = layso_rfc3339_parse ("2025-09-26T07:00:00.250Z");
  layso_clock_set (clock, frac);
  d = drift (clock, "2025-09-26T07:00:00.250Z");
  g_assert_cmpint (d, >=, 0);
  g_assert_cmpint (d, <, 5 * G_USEC_PER_SEC);
  layso_clock_free (clock);

  LaysoClock *unset = layso_clock_new_at (NULL);
  g_autoptr (GDateTime) n = layso_clock_now (unset);
  g_assert_cmpint (g_date_time_to_unix (n), >=, g_get_real_time () / G_USEC_PER_SEC - 5);
  layso_clock_free (unset);
}

typedef struct
{
  LaysoClock *clock;
  GDateTime *a, *b;
} Shared;

static gpointer
hammer (gpointer data)
{
  Shared *s = data;
  for (int i = 0; i < 2000; i++)
    {
      layso_clock_set (s->clock, i % 2 ? s->a : s->b);
      g_autoptr (GDateTime) now = layso_clock_now (s->clock);
      gint64 y = g_date_time_get_year (now);
      if (y != 2025 && y != 2030)
        return GINT_TO_POINTER (1);
    }
  return NULL;
}

static void
test_threads (void)
{
  Shared s = { layso_clock_new_system (), layso_rfc3339_parse ("2025-06-01T00:00:00+07:00"),
               layso_rfc3339_parse ("2030-06-01T00:00:00+07:00") };
  GThread *threads[4];
  for (size_t i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("clock", hammer, &s);
  for (size_t i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_null (g_thread_join (threads[i]));
  g_date_time_unref (s.a);
  g_date_time_unref (s.b);
  layso_clock_free (s.clock);
}

static const struct
{
  const char *s;
  bool valid;
} date_cases[] = {
  { "2025-09-26", true },   { "2024-02-29", true },        { "2000-02-29", true },
  { "0001-01-01", true },   { "9999-12-31", true },        { "2025-12-31", true },
  { "2025-02-29", false },  { "1900-02-29", false },       { "2025-02-30", false },
  { "2025-04-31", false },  { "2025-13-01", false },       { "2025-00-10", false },
  { "2025-01-00", false },  { "2025-01-32", false },       { "0000-01-01", false },
  { "2025-9-26", false },   { "2025-09-6", false },        { "25-09-26", false },
  { "20250926", false },    { "2025/09/26", false },       { "2025-09-26 ", false },
  { " 2025-09-26", false }, { "2025-09-26T00:00", false }, { "", false },
  { "abcd-ef-gh", false },  { "２０２５-09-26", false },   { "+2025-09-26", false },
  { "-2025-09-26", false }, { "2025-09-2x", false },
};

static void
test_date (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (date_cases); i++)
    {
      GDate d;
      g_date_clear (&d, 1);
      bool ok = layso_date_parse (date_cases[i].s, &d);
      if (ok != date_cases[i].valid)
        g_error ("date case '%s': expected %d", date_cases[i].s, date_cases[i].valid);
      if (ok)
        {
          char out[11];
          layso_date_format (&d, out);
          g_assert_cmpstr (out, ==, date_cases[i].s);
        }
      else
        {
          g_assert_false (g_date_valid (&d)); /* untouched */
        }
    }
  GDate d;
  g_assert_false (layso_date_parse (NULL, &d));
  g_assert_false (layso_date_parse ("2025-09-26", NULL));
  GDate invalid;
  g_date_clear (&invalid, 1);
  char out[11] = "x";
  layso_date_format (&invalid, out);
  g_assert_cmpstr (out, ==, "");
}

static void
test_date_from_datetime (void)
{
  static const struct
  {
    const char *instant, *date;
  } cases[] = {
    { "2025-09-25T16:59:59Z", "2025-09-25" },      { "2025-09-25T17:00:00Z", "2025-09-26" },
    { "2025-12-31T17:00:00Z", "2026-01-01" },      { "2025-09-26T00:00:00+07:00", "2025-09-26" },
    { "2025-09-26T23:59:59+07:00", "2025-09-26" }, { "2025-09-26T01:00:00+09:00", "2025-09-25" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GDateTime) t = layso_rfc3339_parse (cases[i].instant);
      g_assert_nonnull (t);
      /* hand in the instant in another zone: the date is still taken in +07:00 */
      g_autoptr (GDateTime) utc = g_date_time_to_utc (t);
      GDate d;
      layso_date_from_datetime (utc, &d);
      char out[11];
      layso_date_format (&d, out);
      g_assert_cmpstr (out, ==, cases[i].date);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/clock/timezone", test_timezone);
  g_test_add_func ("/layso/clock/rfc3339-parse", test_rfc3339_parse);
  g_test_add_func ("/layso/clock/rfc3339-format", test_rfc3339_format);
  g_test_add_func ("/layso/clock/system", test_system_clock);
  g_test_add_func ("/layso/clock/dev", test_dev_clock);
  g_test_add_func ("/layso/clock/threads", test_threads);
  g_test_add_func ("/layso/clock/date", test_date);
  g_test_add_func ("/layso/clock/date-from-datetime", test_date_from_datetime);
  return g_test_run ();
}
