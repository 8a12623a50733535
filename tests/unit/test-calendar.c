#include <string.h>

#include "calendar.h"
#include "clock.h"

static GDate
day (const char *iso)
{
  GDate d;
  if (!layso_date_parse (iso, &d))
    g_error ("bad test date %s", iso);
  return d;
}

/* Compares the bookable days with a space-separated list of ISO dates. */
static void
assert_days (const LaysoCalendar *cal, const char *today_iso, unsigned horizon,
             const char *expected)
{
  GDate today = day (today_iso);
  GDate out[64];
  size_t n = layso_calendar_bookable_days (cal, &today, horizon, out, G_N_ELEMENTS (out));
  g_autoptr (GString) got = g_string_new (NULL);
  for (size_t i = 0; i < n; i++)
    {
      char iso[11];
      layso_date_format (&out[i], iso);
      g_string_append_printf (got, "%s%s", i ? " " : "", iso);
    }
  if (strcmp (got->str, expected) != 0)
    g_error ("from %s: got '%s', expected '%s'", today_iso, got->str, expected);

  /* is_bookable agrees with the list */
  for (size_t i = 0; i < n; i++)
    g_assert_true (layso_calendar_is_bookable (cal, &today, horizon, &out[i]));
}

static void
test_design_example (void)
{
  LaysoCalendar cal = { LAYSO_WEEKDAYS_MON_FRI, NULL, 0 };
  assert_days (&cal, "2025-09-25", 7,
               "2025-09-26 2025-09-29 2025-09-30 2025-10-01 2025-10-02 2025-10-03 2025-10-06");
}

static void
test_holidays_in_horizon (void)
{
  /* 1/9 and 2/9 are National Day holidays */
  GDate hol[] = { day ("2025-09-02"), day ("2025-09-01") };
  LaysoCalendar cal = { LAYSO_WEEKDAYS_MON_FRI, hol, G_N_ELEMENTS (hol) };
  assert_days (&cal, "2025-08-28", 7,
               "2025-08-29 2025-09-03 2025-09-04 2025-09-05 2025-09-08 2025-09-09 2025-09-10");
  /* today itself a holiday */
  assert_days (&cal, "2025-09-02", 7,
               "2025-09-03 2025-09-04 2025-09-05 2025-09-08 2025-09-09 2025-09-10 2025-09-11");
}

static void
test_year_boundary (void)
{
  GDate hol[] = { day ("2026-01-01") };
  LaysoCalendar cal = { LAYSO_WEEKDAYS_MON_FRI, hol, 1 };
  assert_days (&cal, "2025-12-29", 7,
               "2025-12-30 2025-12-31 2026-01-02 2026-01-05 2026-01-06 2026-01-07 2026-01-08");
  assert_days (&cal, "2025-12-31", 3, "2026-01-02 2026-01-05 2026-01-06");
}

static void
test_tet (void)
{
  /* Tết Bính Ngọ: 14/2/2026 (Sat) .. 22/2/2026 (Sun) off; weekdays 16..20 are holidays */
  GDate hol[] = { day ("2026-02-20"), day ("2026-02-16"), day ("2026-02-19"), day ("2026-02-17"),
                  day ("2026-02-18") };
  LaysoCalendar cal = { LAYSO_WEEKDAYS_MON_FRI, hol, G_N_ELEMENTS (hol) };
  assert_days (&cal, "2026-02-12", 7,
               "2026-02-13 2026-02-23 2026-02-24 2026-02-25 2026-02-26 2026-02-27 2026-03-02");
  assert_days (&cal, "2026-02-17", 2, "2026-02-23 2026-02-24");
}

static void
test_month_boundary_and_leap (void)
{
  LaysoCalendar mon_sat = { LAYSO_WEEKDAYS_MON_FRI | (1 << G_DATE_SATURDAY), NULL, 0 };
  assert_days (&mon_sat, "2024-02-27", 7,
               "2024-02-28 2024-02-29 2024-03-01 2024-03-02 2024-03-04 2024-03-05 2024-03-06");
  LaysoCalendar cal = { LAYSO_WEEKDAYS_MON_FRI, NULL, 0 };
  assert_days (&cal, "2025-02-27", 2, "2025-02-28 2025-03-03");
}

static void
test_today_weekend (void)
{
  LaysoCalendar cal = { LAYSO_WEEKDAYS_MON_FRI, NULL, 0 };
  assert_days (&cal, "2025-09-27", 7,
               "2025-09-29 2025-09-30 2025-10-01 2025-10-02 2025-10-03 2025-10-06 2025-10-07");
  assert_days (&cal, "2025-09-28", 1, "2025-09-29");
  assert_days (&cal, "2025-09-26", 1, "2025-09-29");
}

static void
test_other_weekdays (void)
{
  LaysoCalendar sunday_only = { 1 << G_DATE_SUNDAY, NULL, 0 };
  assert_days (&sunday_only, "2025-09-25", 3, "2025-09-28 2025-10-05 2025-10-12");
  assert_days (&sunday_only, "2025-09-28", 1, "2025-10-05");
  LaysoCalendar every_day = { 0xfe, NULL, 0 };
  assert_days (&every_day, "2025-09-30", 3, "2025-10-01 2025-10-02 2025-10-03");
}

static void
test_no_working_day (void)
{
  GDate hol[] = { day ("2025-09-26") };
  LaysoCalendar none = { 0, hol, 1 };
  assert_days (&none, "2025-09-25", 7, "");
  /* bit 0 is not a weekday */
  LaysoCalendar bad_bit = { 1, NULL, 0 };
  assert_days (&bad_bit, "2025-09-25", 7, "");
  GDate d = day ("2025-09-26");
  GDate today = day ("2025-09-25");
  g_assert_false (layso_calendar_is_working_day (&none, &d));
  g_assert_false (layso_calendar_is_bookable (&none, &today, 7, &d));
}

static void
test_long_holiday_run (void)
{
  /* a whole year of holidays: the scan must get past them, and stop */
  GDate hol[LAYSO_MAX_HOLIDAYS];
  GDate d = day ("2025-01-02");
  for (size_t i = 0; i < G_N_ELEMENTS (hol); i++)
    {
      hol[i] = d;
      g_date_add_days (&d, 1);
    }
  LaysoCalendar cal = { LAYSO_WEEKDAYS_MON_FRI, hol, G_N_ELEMENTS (hol) };
  assert_days (&cal, "2025-01-01", 2, "2026-01-05 2026-01-06");

  /* only Mondays work and every Monday of the year is a holiday */
  GDate mondays[60];
  d = day ("2025-09-29");
  for (size_t i = 0; i < G_N_ELEMENTS (mondays); i++)
    {
      mondays[i] = d;
      g_date_add_days (&d, 7);
    }
  LaysoCalendar mon = { 1 << G_DATE_MONDAY, mondays, G_N_ELEMENTS (mondays) };
  char expected[11];
  layso_date_format (&d, expected);
  assert_days (&mon, "2025-09-25", 1, expected);
}

static void
test_limits (void)
{
  LaysoCalendar cal = { LAYSO_WEEKDAYS_MON_FRI, NULL, 0 };
  GDate today = day ("2025-09-25"), out[3];
  g_assert_cmpuint (layso_calendar_bookable_days (&cal, &today, 7, out, 3), ==, 3);
  char iso[11];
  layso_date_format (&out[2], iso);
  g_assert_cmpstr (iso, ==, "2025-09-30");
  g_assert_cmpuint (layso_calendar_bookable_days (&cal, &today, 0, out, 3), ==, 0);
  g_assert_cmpuint (layso_calendar_bookable_days (&cal, &today, 7, out, 0), ==, 0);
  g_assert_cmpuint (layso_calendar_bookable_days (&cal, &today, 7, NULL, 3), ==, 0);
  g_assert_cmpuint (layso_calendar_bookable_days (NULL, &today, 7, out, 3), ==, 0);
  g_assert_cmpuint (layso_calendar_bookable_days (&cal, NULL, 7, out, 3), ==, 0);
  GDate invalid;
  g_date_clear (&invalid, 1);
  g_assert_cmpuint (layso_calendar_bookable_days (&cal, &invalid, 7, out, 3), ==, 0);
  /* a huge horizon stops at max */
  GDate many[64];
  g_assert_cmpuint (layso_calendar_bookable_days (&cal, &today, G_MAXUINT, many, 64), ==, 64);
  /* and near the end of what GDate can hold it stops too */
  GDate late = day ("9998-12-30");
  g_assert_cmpuint (layso_calendar_bookable_days (&cal, &late, G_MAXUINT, many, 64), <, 64);
}

typedef struct
{
  const char *today, *day;
  unsigned horizon;
  bool bookable;
} BookableCase;

static const BookableCase bookable_cases[] = {
  { "2025-09-25", "2025-09-24", 7, false },
  { "2025-09-25", "2025-09-25", 7, false }, /* today is never bookable */
  { "2025-09-25", "2025-09-26", 7, true },
  { "2025-09-25", "2025-09-27", 7, false }, /* Saturday */
  { "2025-09-25", "2025-09-28", 7, false }, /* Sunday */
  { "2025-09-25", "2025-09-29", 7, true },
  { "2025-09-25", "2025-10-06", 7, true },  /* the 7th working day */
  { "2025-09-25", "2025-10-07", 7, false }, /* the 8th */
  { "2025-09-25", "2025-10-07", 8, true },
  { "2025-09-25", "2025-09-26", 1, true },
  { "2025-09-25", "2025-09-29", 1, false },
  { "2025-09-25", "2025-09-26", 0, false },
  { "2025-09-25", "2026-09-25", 7, false },
  { "2025-09-25", "2024-09-25", 7, false },
  { "2025-08-29", "2025-09-02", 7, false }, /* holiday */
  { "2025-08-29", "2025-09-01", 7, false }, /* holiday */
  { "2025-08-29", "2025-09-11", 7, true },
  { "2025-08-29", "2025-09-12", 7, false },
};

static void
test_bookable_table (void)
{
  GDate hol[] = { day ("2025-09-01"), day ("2025-09-02") };
  LaysoCalendar cal = { LAYSO_WEEKDAYS_MON_FRI, hol, 2 };
  for (size_t i = 0; i < G_N_ELEMENTS (bookable_cases); i++)
    {
      const BookableCase *c = &bookable_cases[i];
      GDate t = day (c->today), d = day (c->day);
      if (layso_calendar_is_bookable (&cal, &t, c->horizon, &d) != c->bookable)
        g_error ("bookable case %zu (%s from %s): expected %d", i, c->day, c->today, c->bookable);
    }
  GDate t = day ("2025-09-25");
  g_assert_false (layso_calendar_is_bookable (&cal, &t, 7, NULL));
  g_assert_false (layso_calendar_is_bookable (&cal, NULL, 7, &t));
  g_assert_false (layso_calendar_is_bookable (NULL, &t, 7, &t));
}

static void
test_working_day (void)
{
  GDate hol[2];
  hol[0] = day ("2025-09-02");
  g_date_clear (&hol[1], 1); /* an invalid entry is ignored */
  LaysoCalendar cal = { LAYSO_WEEKDAYS_MON_FRI, hol, 2 };
  static const struct
  {
    const char *d;
    bool working;
  } cases[] = {
    { "2025-09-01", true }, { "2025-09-02", false }, { "2025-09-03", true },
    { "2025-09-05", true }, { "2025-09-06", false }, { "2025-09-07", false },
    { "2025-09-08", true },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate d = day (cases[i].d);
      g_assert_cmpint (layso_calendar_is_working_day (&cal, &d), ==, cases[i].working);
    }
  g_assert_false (layso_calendar_is_working_day (&cal, &hol[1]));
  g_assert_false (layso_calendar_is_working_day (&cal, NULL));
}

static const struct
{
  const char *d, *short_label, *long_label;
} label_cases[] = {
  { "2025-09-26", "T6 26/9", "Thứ 6, 26/9/2025" },
  { "2025-09-27", "T7 27/9", "Thứ 7, 27/9/2025" },
  { "2025-09-28", "CN 28/9", "Chủ nhật, 28/9/2025" },
  { "2025-09-29", "T2 29/9", "Thứ 2, 29/9/2025" },
  { "2025-09-30", "T3 30/9", "Thứ 3, 30/9/2025" },
  { "2025-10-01", "T4 1/10", "Thứ 4, 1/10/2025" },
  { "2025-10-02", "T5 2/10", "Thứ 5, 2/10/2025" },
  { "2026-01-01", "T5 1/1", "Thứ 5, 1/1/2026" },
  { "2025-12-31", "T4 31/12", "Thứ 4, 31/12/2025" },
  { "2026-02-22", "CN 22/2", "Chủ nhật, 22/2/2026" },
};

static void
test_labels (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (label_cases); i++)
    {
      GDate d = day (label_cases[i].d);
      char s[16], l[32];
      layso_day_label_short (&d, s, sizeof s);
      layso_day_label_long (&d, l, sizeof l);
      g_assert_cmpstr (s, ==, label_cases[i].short_label);
      g_assert_cmpstr (l, ==, label_cases[i].long_label);
    }
  GDate invalid;
  g_date_clear (&invalid, 1);
  char s[16] = "x", l[32] = "x";
  layso_day_label_short (&invalid, s, sizeof s);
  layso_day_label_long (&invalid, l, sizeof l);
  g_assert_cmpstr (s, ==, "");
  g_assert_cmpstr (l, ==, "");
  GDate d = day ("2025-09-26");
  char tiny[4];
  layso_day_label_short (&d, tiny, sizeof tiny);
  g_assert_cmpstr (tiny, ==, "T6 ");
  layso_day_label_short (&d, NULL, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/calendar/bookable-days", test_design_example);
  g_test_add_func ("/layso/calendar/holidays", test_holidays_in_horizon);
  g_test_add_func ("/layso/calendar/year-boundary", test_year_boundary);
  g_test_add_func ("/layso/calendar/tet", test_tet);
  g_test_add_func ("/layso/calendar/month-boundary", test_month_boundary_and_leap);
  g_test_add_func ("/layso/calendar/today-weekend", test_today_weekend);
  g_test_add_func ("/layso/calendar/other-weekdays", test_other_weekdays);
  g_test_add_func ("/layso/calendar/no-working-day", test_no_working_day);
  g_test_add_func ("/layso/calendar/long-holiday-run", test_long_holiday_run);
  g_test_add_func ("/layso/calendar/limits", test_limits);
  g_test_add_func ("/layso/calendar/is-bookable", test_bookable_table);
  g_test_add_func ("/layso/calendar/working-day", test_working_day);
  g_test_add_func ("/layso/calendar/labels", test_labels);
  return g_test_run ();
}
