/* booking.h: shown status, cancel rule, the check-in choice by CCCD and walk-in hours, as
 * tables. Instants are written "DD HH:MM" in September 2025, +07:00 (26 is a Friday). */
#include "booking.h"

#include <glib.h>
#include <stdio.h>

static GDateTime *
at (const char *when)
{
  int day, h, m;
  if (!when)
    return NULL;
  g_assert_cmpint (sscanf (when, "%d %d:%d", &day, &h, &m), ==, 3);
  g_autoptr (GTimeZone) tz = g_time_zone_new_offset (7 * 3600);
  return g_date_time_new (tz, 2025, 9, day, h, m, 0);
}

static const struct
{
  LaysoBookingStatus stored;
  const char *until, *now;
  LaysoBookingStatus shown;
  bool can_cancel;
} status_cases[] = {
  { LAYSO_BOOKING_BOOKED, "26 09:30", "26 09:29", LAYSO_BOOKING_BOOKED, true },
  { LAYSO_BOOKING_BOOKED, "26 09:30", "26 09:30", LAYSO_BOOKING_BOOKED, true }, /* inclusive */
  { LAYSO_BOOKING_BOOKED, "26 09:30", "26 09:31", LAYSO_BOOKING_EXPIRED, false },
  { LAYSO_BOOKING_BOOKED, "26 09:30", "25 20:00", LAYSO_BOOKING_BOOKED, true },
  { LAYSO_BOOKING_BOOKED, "26 09:30", "29 07:00", LAYSO_BOOKING_EXPIRED, false },
  { LAYSO_BOOKING_BOOKED, NULL, "26 09:00", LAYSO_BOOKING_BOOKED, false }, /* slot gone */
  { LAYSO_BOOKING_BOOKED, "26 09:30", NULL, LAYSO_BOOKING_BOOKED, false },
  { LAYSO_BOOKING_CHECKED_IN, "26 09:30", "26 08:00", LAYSO_BOOKING_CHECKED_IN, false },
  { LAYSO_BOOKING_CHECKED_IN, "26 09:30", "26 10:00", LAYSO_BOOKING_CHECKED_IN, false },
  { LAYSO_BOOKING_CANCELLED, "26 09:30", "26 08:00", LAYSO_BOOKING_CANCELLED, false },
  { LAYSO_BOOKING_CANCELLED, "26 09:30", "26 10:00", LAYSO_BOOKING_CANCELLED, false },
  { LAYSO_BOOKING_EXPIRED, "26 09:30", "26 08:00", LAYSO_BOOKING_EXPIRED, false },
  { LAYSO_BOOKING_EXPIRED, "26 09:30", "26 10:00", LAYSO_BOOKING_EXPIRED, false },
};

static void
test_status (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (status_cases); i++)
    {
      g_autoptr (GDateTime) until = at (status_cases[i].until);
      g_autoptr (GDateTime) now = at (status_cases[i].now);
      g_test_message ("case %zu", i);
      g_assert_cmpint (layso_booking_shown_status (status_cases[i].stored, until, now), ==,
                       status_cases[i].shown);
      g_assert_cmpint (layso_booking_can_cancel (status_cases[i].stored, until, now), ==,
                       status_cases[i].can_cancel);
    }
}

#define MAX_CANDIDATES 5
#define B              LAYSO_BOOKING_BOOKED
#define USED           LAYSO_BOOKING_CHECKED_IN
#define GONE           LAYSO_BOOKING_CANCELLED

typedef struct
{
  LaysoBookingStatus status;
  const char *from, *until; /* NULL: the slot left the catalog */
} Cand;

static const struct
{
  const char *what;
  const char *now;
  Cand c[MAX_CANDIDATES];
  size_t n;
  gssize chosen;
  LaysoCheckinVerdict verdict;
} choose_cases[] = {
  { "none", "26 08:00", { { 0 } }, 0, -1, 0 },
  { "one in its window", "26 08:00", { { B, "26 07:00", "26 09:30" } }, 1, 0, LAYSO_CHECKIN_OK },
  { "window opens at from", "26 07:00", { { B, "26 07:00", "26 09:30" } }, 1, 0, LAYSO_CHECKIN_OK },
  { "window holds until", "26 09:30", { { B, "26 07:00", "26 09:30" } }, 1, 0, LAYSO_CHECKIN_OK },
  { "one minute early",
    "26 06:59",
    { { B, "26 07:00", "26 09:30" } },
    1,
    0,
    LAYSO_CHECKIN_TOO_EARLY },
  { "one minute late",
    "26 09:31",
    { { B, "26 07:00", "26 09:30" } },
    1,
    0,
    LAYSO_CHECKIN_TOO_LATE },
  { "another day ahead is too early",
    "26 08:00",
    { { B, "29 07:00", "29 09:30" } },
    1,
    0,
    LAYSO_CHECKIN_TOO_EARLY },
  { "a past day is too late",
    "26 08:00",
    { { B, "25 07:00", "25 09:30" } },
    1,
    0,
    LAYSO_CHECKIN_TOO_LATE },
  { "used only", "26 08:00", { { USED, "26 07:00", "26 09:30" } }, 1, -1, 0 },
  { "cancelled only", "26 08:00", { { GONE, "26 07:00", "26 09:30" } }, 1, -1, 0 },
  { "slot gone only", "26 08:00", { { B, NULL, NULL } }, 1, -1, 0 },
  { "used passed over for a later one",
    "26 08:00",
    { { USED, "26 07:00", "26 09:30" }, { B, "26 13:30", "26 16:00" } },
    2,
    1,
    LAYSO_CHECKIN_TOO_EARLY },
  { "in-window beats later",
    "26 08:00",
    { { B, "26 13:30", "26 16:00" }, { B, "26 07:00", "26 09:30" } },
    2,
    1,
    LAYSO_CHECKIN_OK },
  { "in-window beats earlier",
    "26 10:00",
    { { B, "26 07:00", "26 09:30" }, { B, "26 09:00", "26 11:00" } },
    2,
    1,
    LAYSO_CHECKIN_OK },
  { "two in window: earliest start",
    "26 09:15",
    { { B, "26 09:00", "26 11:00" }, { B, "26 07:00", "26 09:30" } },
    2,
    1,
    LAYSO_CHECKIN_OK },
  { "two in window, same start: the first",
    "26 09:15",
    { { B, "26 09:00", "26 11:00" }, { B, "26 09:00", "26 10:00" } },
    2,
    0,
    LAYSO_CHECKIN_OK },
  { "later beats earlier",
    "26 11:00",
    { { B, "26 07:00", "26 09:30" }, { B, "26 13:30", "26 16:00" } },
    2,
    1,
    LAYSO_CHECKIN_TOO_EARLY },
  { "two later: the nearest",
    "26 06:00",
    { { B, "29 07:00", "29 09:30" }, { B, "26 13:30", "26 16:00" }, { B, "26 07:00", "26 09:30" } },
    3,
    2,
    LAYSO_CHECKIN_TOO_EARLY },
  { "two later, same start: the first",
    "26 06:00",
    { { B, "26 07:00", "26 09:30" }, { B, "26 07:00", "26 09:00" } },
    2,
    0,
    LAYSO_CHECKIN_TOO_EARLY },
  { "two earlier: the latest ending",
    "26 17:00",
    { { B, "25 13:30", "25 16:00" }, { B, "26 07:00", "26 09:30" }, { B, "24 07:00", "24 09:30" } },
    3,
    1,
    LAYSO_CHECKIN_TOO_LATE },
  { "two earlier, same end: the first",
    "26 17:00",
    { { B, "26 13:30", "26 16:00" }, { B, "26 14:00", "26 16:00" } },
    2,
    0,
    LAYSO_CHECKIN_TOO_LATE },
  { "slot gone skipped, the other chosen",
    "26 08:00",
    { { B, NULL, NULL }, { B, "26 07:00", "26 09:30" } },
    2,
    1,
    LAYSO_CHECKIN_OK },
  { "mixed: used in window, cancelled later, booked earlier",
    "26 10:00",
    { { USED, "26 09:00", "26 11:00" },
      { GONE, "26 13:30", "26 16:00" },
      { B, "26 07:00", "26 09:30" } },
    3,
    2,
    LAYSO_CHECKIN_TOO_LATE },
  { "five: one in window among them",
    "26 14:00",
    { { B, "25 07:00", "25 09:30" },
      { B, "29 07:00", "29 09:30" },
      { B, "26 13:30", "26 16:00" },
      { USED, "26 13:00", "26 16:00" },
      { B, "26 07:00", "26 09:30" } },
    5,
    2,
    LAYSO_CHECKIN_OK },
};

static void
test_choose (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (choose_cases); i++)
    {
      LaysoCheckinCandidate c[MAX_CANDIDATES] = { { 0 } };
      g_autoptr (GDateTime) now = at (choose_cases[i].now);
      g_test_message ("case %zu: %s", i, choose_cases[i].what);
      for (size_t k = 0; k < choose_cases[i].n; k++)
        c[k] = (LaysoCheckinCandidate){ choose_cases[i].c[k].status, at (choose_cases[i].c[k].from),
                                        at (choose_cases[i].c[k].until) };
      LaysoCheckinVerdict v = 99;
      gssize got = layso_checkin_choose (c, choose_cases[i].n, now, &v);
      g_assert_cmpint (got, ==, choose_cases[i].chosen);
      g_assert_cmpint (v, ==, got < 0 ? 99 : (int) choose_cases[i].verdict);
      for (size_t k = 0; k < choose_cases[i].n; k++)
        {
          g_clear_pointer (&c[k].from, g_date_time_unref);
          g_clear_pointer (&c[k].until, g_date_time_unref);
        }
    }
}

static const struct
{
  const char *now;
  bool open;
} walk_in_cases[] = {
  { "26 06:59", false }, { "26 07:00", true },  { "26 11:29", true },
  { "26 11:30", false }, /* periods are [start, end) */
  { "26 12:00", false }, { "26 13:00", true },  { "26 16:59", true },
  { "26 17:00", false }, { "26 23:59", false }, { "27 08:00", false }, /* Saturday */
  { "28 08:00", false },                                               /* Sunday */
  { "29 08:00", true },                                                /* Monday */
  { "02 08:00", false },                                               /* a holiday */
  { "03 08:00", true },
};

static void
test_walk_in_open (void)
{
  /* the computed calendar: 2/9 is National Day */
  LaysoCalendar cal = { .working_weekdays = LAYSO_WEEKDAYS_MON_FRI };
  for (size_t i = 0; i < G_N_ELEMENTS (walk_in_cases); i++)
    {
      g_autoptr (GDateTime) now = at (walk_in_cases[i].now);
      g_test_message ("case %zu: %s", i, walk_in_cases[i].now);
      g_assert_cmpint (layso_walk_in_open (&cal, layso_default_opening_hours,
                                           LAYSO_DEFAULT_N_OPENING_HOURS, now),
                       ==, walk_in_cases[i].open);
    }
  g_autoptr (GDateTime) morning = at ("26 08:00");
  g_assert_false (layso_walk_in_open (&cal, NULL, 0, morning)); /* no hours: never open */
}

static void
test_has_ticket (void)
{
  g_assert_true (layso_booking_has_ticket (LAYSO_BOOKING_BOOKED));
  g_assert_true (layso_booking_has_ticket (LAYSO_BOOKING_CHECKED_IN));
  g_assert_true (layso_booking_has_ticket (LAYSO_BOOKING_EXPIRED));
  g_assert_false (layso_booking_has_ticket (LAYSO_BOOKING_CANCELLED));
}

static const struct
{
  int capacity, used, remaining;
} remaining_cases[] = {
  { 10, 0, 10 }, { 10, 9, 1 }, { 10, 10, 0 }, { 10, 11, 0 }, { 0, 0, 0 }, { 0, 3, 0 }, { 1, 0, 1 },
};

static void
test_counts (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (remaining_cases); i++)
    g_assert_cmpint (layso_slot_remaining (remaining_cases[i].capacity, remaining_cases[i].used),
                     ==, remaining_cases[i].remaining);
}

/* Loads of up to three field-days, the confirmation, and what the rule decides. */
static const struct
{
  LaysoSlotLoad loads[3];
  size_t n;
  bool confirmed;
  LaysoCapacityVerdict verdict;
  unsigned affected;
} capacity_cases[] = {
  { { { 0, 0 } }, 0, false, LAYSO_CAPACITY_FITS, 0 },    /* no booking at all */
  { { { 3, 5 } }, 1, false, LAYSO_CAPACITY_FITS, 0 },    /* lowered, still fits */
  { { { 5, 5 } }, 1, false, LAYSO_CAPACITY_FITS, 0 },    /* exactly full */
  { { { 6, 5 } }, 1, false, LAYSO_CAPACITY_IN_USE, 6 },  /* one over */
  { { { 6, 5 } }, 1, true, LAYSO_CAPACITY_OVERRUN, 6 },  /* confirmed */
  { { { 2, 0 } }, 1, false, LAYSO_CAPACITY_IN_USE, 2 },  /* day closed */
  { { { 2, 0 } }, 1, true, LAYSO_CAPACITY_OVERRUN, 2 },  /* closed, confirmed */
  { { { 0, 0 } }, 1, false, LAYSO_CAPACITY_FITS, 0 },    /* closed, empty */
  { { { 1, -3 } }, 1, false, LAYSO_CAPACITY_IN_USE, 1 }, /* below 0 reads as 0 */
  { { { 0, -3 } }, 1, true, LAYSO_CAPACITY_FITS, 0 },    /* confirmed, nothing over */
  { { { 4, 5 }, { 7, 5 }, { 9, 5 } }, 3, false, LAYSO_CAPACITY_IN_USE, 16 }, /* two over */
  { { { 4, 5 }, { 5, 5 }, { 1, 2 } }, 3, true, LAYSO_CAPACITY_FITS, 0 },     /* none over */
  { { { 4, 0 }, { 0, 0 }, { 3, 1 } }, 3, true, LAYSO_CAPACITY_OVERRUN, 7 },
};

static void
test_capacity_change (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (capacity_cases); i++)
    {
      unsigned affected = 999;
      LaysoCapacityVerdict v = layso_capacity_change_decide (
          capacity_cases[i].loads, capacity_cases[i].n, capacity_cases[i].confirmed, &affected);
      g_assert_cmpint (v, ==, capacity_cases[i].verdict);
      g_assert_cmpuint (affected, ==, capacity_cases[i].affected);
      /* the booking path: a slot over its capacity has no seat left */
      for (size_t j = 0; j < capacity_cases[i].n; j++)
        if (capacity_cases[i].loads[j].used >= capacity_cases[i].loads[j].capacity)
          g_assert_cmpint (layso_slot_remaining (capacity_cases[i].loads[j].capacity,
                                                 capacity_cases[i].loads[j].used),
                           ==, 0);
    }
}

static void
test_labels (void)
{
  g_autofree char *hours =
      layso_hours_label (layso_default_opening_hours, LAYSO_DEFAULT_N_OPENING_HOURS);
  g_autofree char *none = layso_hours_label (NULL, 0);
  g_assert_cmpstr (hours, ==, "07:00–11:30, 13:00–17:00");
  g_assert_cmpstr (none, ==, "");
  g_autoptr (GDateTime) from = at ("26 07:00");
  g_autoptr (GDateTime) until = at ("26 09:30");
  g_autofree char *window = layso_checkin_window_label (from, until);
  g_assert_cmpstr (window, ==, "từ 07:00 đến 09:30 ngày 26/9/2025");
  g_assert_cmpuint (LAYSO_DEFAULT_MINUTES_PER_TICKET, ==, 10);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/booking/status", test_status);
  g_test_add_func ("/layso/booking/checkin-choose", test_choose);
  g_test_add_func ("/layso/booking/walk-in-open", test_walk_in_open);
  g_test_add_func ("/layso/booking/labels", test_labels);
  g_test_add_func ("/layso/booking/has-ticket", test_has_ticket);
  g_test_add_func ("/layso/booking/counts", test_counts);
  g_test_add_func ("/layso/booking/capacity-change", test_capacity_change);
  return g_test_run ();
}
