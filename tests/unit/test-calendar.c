#include <errno.h>
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

/* The province's days as the demo seed enters them: Tết 2025 Sat 25/1 .. Sun 2/2 and 2026
 * Sat 14/2 .. Sun 22/2, National Day 1-2/9, and the swaps of 2025 (Fri 2/5 off for Sat 26/4)
 * and 2026 (Fri 2/1 for Sat 10/1, Mon 31/8 for Sat 22/8). 2027 on is left to the defaults. */
static LaysoCalendar
official (guint8 working_weekdays)
{
  static GDate tet[18], extras[2];
  static LaysoDaySwap swaps[3];
  for (int i = 0; i < 9; i++)
    {
      tet[i] = day ("2025-01-25");
      g_date_add_days (&tet[i], (guint) i);
      tet[9 + i] = day ("2026-02-14");
      g_date_add_days (&tet[9 + i], (guint) i);
    }
  extras[0] = day ("2025-09-01");
  extras[1] = day ("2026-09-01");
  swaps[0] = (LaysoDaySwap){ day ("2025-05-02"), day ("2025-04-26") };
  swaps[1] = (LaysoDaySwap){ day ("2026-08-31"), day ("2026-08-22") };
  swaps[2] = (LaysoDaySwap){ day ("2026-01-02"), day ("2026-01-10") };
  return (LaysoCalendar){ working_weekdays, { tet, 18, extras, 2, swaps, 3 }, NULL, 0 };
}

/* A unit's calendar with nothing entered by the province: every year by default. */
static LaysoCalendar
defaults (guint8 working_weekdays)
{
  return (LaysoCalendar){ .working_weekdays = working_weekdays };
}

#define MON_SAT (LAYSO_WEEKDAYS_MON_FRI | (1 << G_DATE_SATURDAY))

static void
test_design_example (void)
{
  LaysoCalendar cal = defaults (LAYSO_WEEKDAYS_MON_FRI);
  assert_days (&cal, "2025-09-25", 7,
               "2025-09-26 2025-09-29 2025-09-30 2025-10-01 2025-10-02 2025-10-03 2025-10-06");
}

/* A unit's own closed days (/quan-tri) are no working days, and the bookable days skip them */
static void
test_closed_days (void)
{
  LaysoCalendar cal = defaults (LAYSO_WEEKDAYS_MON_FRI);
  GDate closed[2];
  g_assert_true (layso_date_parse ("2025-09-29", &closed[0]));
  g_assert_true (layso_date_parse ("2025-10-01", &closed[1]));
  cal.closed_days = closed;
  cal.n_closed_days = G_N_ELEMENTS (closed);
  g_assert_false (layso_calendar_is_working_day (&cal, &closed[0]));
  assert_days (&cal, "2025-09-25", 5, "2025-09-26 2025-09-30 2025-10-02 2025-10-03 2025-10-06");
}

static void
test_national_day (void)
{
  /* 1/9 and 2/9 by default */
  LaysoCalendar cal = defaults (LAYSO_WEEKDAYS_MON_FRI);
  assert_days (&cal, "2025-08-28", 7,
               "2025-08-29 2025-09-03 2025-09-04 2025-09-05 2025-09-08 2025-09-09 2025-09-10");
  /* today itself a holiday */
  assert_days (&cal, "2025-09-02", 7,
               "2025-09-03 2025-09-04 2025-09-05 2025-09-08 2025-09-09 2025-09-10 2025-09-11");
  /* 2026 with the swap: Mon 31/8 off, Sat 22/8 worked (as a Monday) */
  LaysoCalendar off = official (LAYSO_WEEKDAYS_MON_FRI);
  assert_days (&off, "2026-08-20", 7,
               "2026-08-21 2026-08-22 2026-08-24 2026-08-25 2026-08-26 2026-08-27 2026-08-28");
  assert_days (&off, "2026-08-27", 3, "2026-08-28 2026-09-03 2026-09-04");
}

static void
test_year_boundary (void)
{
  /* 1/1 off; the official 2026 also gives Fri 2/1 off and works Sat 10/1 */
  LaysoCalendar def = defaults (LAYSO_WEEKDAYS_MON_FRI), off = official (LAYSO_WEEKDAYS_MON_FRI);
  assert_days (&def, "2025-12-29", 7,
               "2025-12-30 2025-12-31 2026-01-02 2026-01-05 2026-01-06 2026-01-07 2026-01-08");
  assert_days (&off, "2025-12-29", 7,
               "2025-12-30 2025-12-31 2026-01-05 2026-01-06 2026-01-07 2026-01-08 2026-01-09");
  assert_days (&off, "2026-01-08", 3, "2026-01-09 2026-01-10 2026-01-12");
}

static void
test_tet (void)
{
  /* Tết Bính Ngọ as announced: Sat 14/2/2026 .. Sun 22/2/2026 */
  LaysoCalendar cal = official (LAYSO_WEEKDAYS_MON_FRI);
  assert_days (&cal, "2026-02-11", 7,
               "2026-02-12 2026-02-13 2026-02-23 2026-02-24 2026-02-25 2026-02-26 2026-02-27");
  /* Tết Đinh Mùi 2027 by default: Fri 5/2 (last day of the year), mùng 1-4 Sat 6/2 .. Tue 9/2,
   * the weekend's two made up on Wed 10/2 and Thu 11/2 */
  assert_days (&cal, "2027-02-03", 5, "2027-02-04 2027-02-12 2027-02-15 2027-02-16 2027-02-17");
  LaysoCalendar sat = official (MON_SAT);
  assert_days (&sat, "2027-02-03", 3, "2027-02-04 2027-02-12 2027-02-13");
}

static void
test_month_boundary_and_leap (void)
{
  LaysoCalendar mon_sat = defaults (MON_SAT);
  assert_days (&mon_sat, "2024-02-27", 7,
               "2024-02-28 2024-02-29 2024-03-01 2024-03-02 2024-03-04 2024-03-05 2024-03-06");
  LaysoCalendar cal = defaults (LAYSO_WEEKDAYS_MON_FRI);
  assert_days (&cal, "2025-02-27", 2, "2025-02-28 2025-03-03");
}

static void
test_today_weekend (void)
{
  LaysoCalendar cal = defaults (LAYSO_WEEKDAYS_MON_FRI);
  assert_days (&cal, "2025-09-27", 7,
               "2025-09-29 2025-09-30 2025-10-01 2025-10-02 2025-10-03 2025-10-06 2025-10-07");
  assert_days (&cal, "2025-09-28", 1, "2025-09-29");
  assert_days (&cal, "2025-09-26", 1, "2025-09-29");
}

static void
test_other_weekdays (void)
{
  LaysoCalendar sunday_only = defaults (1 << G_DATE_SUNDAY);
  assert_days (&sunday_only, "2025-09-25", 3, "2025-09-28 2025-10-05 2025-10-12");
  assert_days (&sunday_only, "2025-09-28", 1, "2025-10-05");
  LaysoCalendar every_day = defaults (0xfe);
  assert_days (&every_day, "2025-09-30", 3, "2025-10-01 2025-10-02 2025-10-03");
}

static void
test_no_working_day (void)
{
  LaysoCalendar none = defaults (0);
  assert_days (&none, "2025-09-25", 7, "");
  /* bit 0 is not a weekday */
  LaysoCalendar bad_bit = defaults (1);
  assert_days (&bad_bit, "2025-09-25", 7, "");
  GDate d = day ("2025-09-26");
  GDate today = day ("2025-09-25");
  g_assert_false (layso_calendar_is_working_day (&none, &d));
  g_assert_false (layso_calendar_is_bookable (&none, &today, 7, &d));
}

static void
test_known_years (void)
{
  /* the calendar knows 2021..2100: nothing before, nothing after */
  LaysoCalendar cal = defaults (LAYSO_WEEKDAYS_MON_FRI);
  assert_days (&cal, "2100-12-24", 7, "2100-12-27 2100-12-28 2100-12-29 2100-12-30 2100-12-31");
  assert_days (&cal, "2100-12-31", 7, "");
  assert_days (&cal, "2101-06-01", 7, "");
  /* from 2020 the scan runs into 2021: Fri 1/1/2021 is a holiday */
  assert_days (&cal, "2020-12-30", 2, "2021-01-04 2021-01-05");
  LaysoCalendar mondays = defaults (1 << G_DATE_MONDAY);
  assert_days (&mondays, "2020-01-01", 1, "2021-01-04");
  /* more than a closed year before 2021: the scan gives up */
  assert_days (&mondays, "2019-06-01", 1, "");
  GDate today = day ("2100-12-30"), next = day ("2101-01-03");
  g_assert_false (layso_calendar_is_bookable (&cal, &today, 7, &next));
  g_assert_false (layso_calendar_is_working_day (&cal, &next));
}

static void
test_limits (void)
{
  LaysoCalendar cal = defaults (LAYSO_WEEKDAYS_MON_FRI);
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
  /* and at the end of 2100 */
  GDate late = day ("2100-11-30");
  g_assert_cmpuint (layso_calendar_bookable_days (&cal, &late, G_MAXUINT, many, 64), ==, 23);
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
  { "2025-08-29", "2025-09-02", 7, false }, /* National Day */
  { "2025-08-29", "2025-09-01", 7, false }, /* its extra day */
  { "2025-08-29", "2025-09-11", 7, true },
  { "2025-08-29", "2025-09-12", 7, false },
  /* Tết 2027 by default: mùng 1 is Sat 6/2, the days around it are off */
  { "2027-02-01", "2027-02-05", 20, false },
  { "2027-02-01", "2027-02-06", 20, false },
  { "2027-02-01", "2027-02-08", 20, false },
  { "2027-02-01", "2027-02-09", 20, false },
  { "2027-02-01", "2027-02-10", 20, false }, /* nghỉ bù for Sat 6/2 */
  { "2027-02-01", "2027-02-11", 20, false }, /* nghỉ bù for Sun 7/2 */
  { "2027-02-01", "2027-02-04", 20, true },
  { "2027-02-01", "2027-02-12", 20, true },
  /* Giỗ Tổ 2026 is Sun 26/4: Mon 27/4 is off */
  { "2026-04-23", "2026-04-27", 7, false },
  { "2026-04-23", "2026-04-28", 7, true },
  /* the swaps */
  { "2026-01-05", "2026-01-10", 7, true },  /* Sat worked for Fri 2/1 */
  { "2025-12-30", "2026-01-02", 7, false }, /* the Friday given off */
  { "2026-08-20", "2026-08-22", 7, true },  /* Sat worked for Mon 31/8 */
  { "2026-08-27", "2026-08-31", 7, false }, /* the Monday given off */
  { "2025-04-24", "2025-04-26", 7, true },  /* Sat worked for Fri 2/5 */
  { "2025-04-24", "2025-05-02", 7, false },
  { "2026-01-05", "2026-01-17", 7, false }, /* an ordinary Saturday */
  /* the horizon counts the worked Saturday: Sat 10/1 is the 5th day from Mon 5/1 */
  { "2026-01-05", "2026-01-12", 5, false },
  { "2026-01-05", "2026-01-12", 6, true },
};

static void
test_bookable_table (void)
{
  LaysoCalendar cal = official (LAYSO_WEEKDAYS_MON_FRI);
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

/* Open or not, and with which weekday's slot template (0: closed). */
typedef struct
{
  guint8 weekdays;
  const char *d;
  GDateWeekday works_as;
} WorksAsCase;

#define MON_WED ((1 << G_DATE_MONDAY) | (1 << G_DATE_TUESDAY) | (1 << G_DATE_WEDNESDAY))

static const WorksAsCase works_as_cases[] = {
  { LAYSO_WEEKDAYS_MON_FRI, "2026-01-10", G_DATE_FRIDAY }, /* Sat worked for Fri 2/1 */
  { LAYSO_WEEKDAYS_MON_FRI, "2026-08-22", G_DATE_MONDAY }, /* Sat worked for Mon 31/8 */
  { LAYSO_WEEKDAYS_MON_FRI, "2025-04-26", G_DATE_FRIDAY }, /* Sat worked for Fri 2/5 */
  { LAYSO_WEEKDAYS_MON_FRI, "2026-01-02", 0 },
  { LAYSO_WEEKDAYS_MON_FRI, "2026-08-31", 0 },
  { LAYSO_WEEKDAYS_MON_FRI, "2025-05-02", 0 },
  { LAYSO_WEEKDAYS_MON_FRI, "2026-04-27", 0 }, /* nghỉ bù for Giỗ Tổ */
  { LAYSO_WEEKDAYS_MON_FRI, "2027-02-06", 0 }, /* mùng 1 Tết 2027 */
  { LAYSO_WEEKDAYS_MON_FRI, "2026-01-17", 0 }, /* no Saturday service */
  { LAYSO_WEEKDAYS_MON_FRI, "2026-01-09", G_DATE_FRIDAY },
  { LAYSO_WEEKDAYS_MON_FRI, "2025-09-02", 0 },
  { LAYSO_WEEKDAYS_MON_FRI, "2020-06-01", 0 }, /* a year the calendar does not know */
  { LAYSO_WEEKDAYS_MON_FRI, "2101-01-03", 0 },
  /* Saturday-morning service: its own template on an ordinary Saturday, the replaced
   * weekday's on a swapped one, closed on a holiday that falls on a Saturday */
  { MON_SAT, "2026-01-17", G_DATE_SATURDAY },
  { MON_SAT, "2026-01-10", G_DATE_FRIDAY },
  { MON_SAT, "2026-08-22", G_DATE_MONDAY },
  { MON_SAT, "2026-02-14", 0 }, /* the official Tết 2026 starts on a Saturday */
  { MON_SAT, "2025-02-01", 0 }, /* and Tết 2025 has one inside */
  { MON_SAT, "2027-02-06", 0 }, /* mùng 1 by default, made up on a weekday */
  { MON_SAT, "2027-02-13", G_DATE_SATURDAY },
  { MON_SAT, "2026-01-03", G_DATE_SATURDAY },
  /* a unit that does not work Fridays has nothing to make up on Sat 10/1 */
  { MON_WED, "2026-01-10", 0 },
  { MON_WED, "2026-08-22", G_DATE_MONDAY },
};

static void
test_works_as (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (works_as_cases); i++)
    {
      const WorksAsCase *c = &works_as_cases[i];
      LaysoCalendar cal = official (c->weekdays);
      GDate d = day (c->d);
      GDateWeekday got = 0;
      bool open = layso_calendar_works_as (&cal, &d, &got);
      if (open != (c->works_as != 0) || got != c->works_as)
        g_error ("works-as case %zu (%s): got %d/%d, expected %d", i, c->d, open, got, c->works_as);
      g_assert_cmpint (layso_calendar_is_working_day (&cal, &d), ==, open);
    }
  LaysoCalendar cal = official (LAYSO_WEEKDAYS_MON_FRI);
  GDate invalid;
  g_date_clear (&invalid, 1);
  g_assert_false (layso_calendar_works_as (&cal, &invalid, NULL));
  g_assert_false (layso_calendar_works_as (&cal, NULL, NULL));
  g_assert_false (layso_calendar_works_as (NULL, &invalid, NULL));
}

static void
test_province_check (void)
{
  int year = 0;
  LaysoCalendar cal = official (LAYSO_WEEKDAYS_MON_FRI);
  g_assert_cmpint (layso_province_calendar_check (&cal.province, &year), ==, 0);
  /* a swap trading a Monday for a Tuesday */
  LaysoDaySwap bad = { day ("2026-03-02"), day ("2026-03-03") };
  LaysoProvinceCalendar p = { .swaps = &bad, .n_swaps = 1 };
  g_assert_cmpint (layso_province_calendar_check (&p, &year), ==, -EINVAL);
  g_assert_cmpint (year, ==, 2026);
  GDate far = day ("2101-01-02");
  p = (LaysoProvinceCalendar){ .tet_days = &far, .n_tet_days = 1 };
  g_assert_cmpint (layso_province_calendar_check (&p, &year), ==, -ERANGE);
  g_assert_cmpint (year, ==, 2101);
  GDate two[] = { day ("2026-09-01"), day ("2026-09-03") };
  p = (LaysoProvinceCalendar){ .national_day_extras = two, .n_national_day_extras = 2 };
  g_assert_cmpint (layso_province_calendar_check (&p, &year), ==, -EINVAL);
  g_assert_cmpint (layso_province_calendar_check (NULL, &year), ==, -EINVAL);
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
  g_test_add_func ("/layso/calendar/closed-days", test_closed_days);
  g_test_add_func ("/layso/calendar/national-day", test_national_day);
  g_test_add_func ("/layso/calendar/year-boundary", test_year_boundary);
  g_test_add_func ("/layso/calendar/tet", test_tet);
  g_test_add_func ("/layso/calendar/month-boundary", test_month_boundary_and_leap);
  g_test_add_func ("/layso/calendar/today-weekend", test_today_weekend);
  g_test_add_func ("/layso/calendar/other-weekdays", test_other_weekdays);
  g_test_add_func ("/layso/calendar/no-working-day", test_no_working_day);
  g_test_add_func ("/layso/calendar/known-years", test_known_years);
  g_test_add_func ("/layso/calendar/limits", test_limits);
  g_test_add_func ("/layso/calendar/is-bookable", test_bookable_table);
  g_test_add_func ("/layso/calendar/works-as", test_works_as);
  g_test_add_func ("/layso/calendar/province-check", test_province_check);
  g_test_add_func ("/layso/calendar/labels", test_labels);
  return g_test_run ();
}
