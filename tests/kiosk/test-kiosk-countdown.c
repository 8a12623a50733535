/* LkCountdown without a display: the ticks it emits, in order, and its stop and restart. */
#include "lk-countdown.h"

typedef struct
{
  GString *log;
  gboolean finished;
} Seen;

static void
on_tick (LkCountdown *countdown, guint remaining, Seen *seen)
{
  g_assert_cmpuint (remaining, ==, lk_countdown_get_remaining (countdown));
  g_assert_true (lk_countdown_get_running (countdown));
  g_string_append_printf (seen->log, "%u ", remaining);
}

static void
on_finished (LkCountdown *countdown, Seen *seen)
{
  g_assert_false (lk_countdown_get_running (countdown));
  g_assert_cmpuint (lk_countdown_get_remaining (countdown), ==, 0);
  g_string_append (seen->log, "finished");
  seen->finished = TRUE;
}

static LkCountdown *
new_countdown (Seen *seen, guint tick_ms)
{
  LkCountdown *countdown = lk_countdown_new ();

  seen->log = g_string_new (NULL);
  seen->finished = FALSE;
  lk_countdown_set_tick_ms (countdown, tick_ms);
  g_signal_connect (countdown, "tick", G_CALLBACK (on_tick), seen);
  g_signal_connect (countdown, "finished", G_CALLBACK (on_finished), seen);
  return countdown;
}

static void
run_until_finished (Seen *seen)
{
  while (!seen->finished)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_counts_down (void)
{
  Seen seen;
  LkCountdown *countdown = new_countdown (&seen, 10);

  lk_countdown_start (countdown, 4);
  g_assert_true (lk_countdown_get_running (countdown));
  g_assert_cmpuint (lk_countdown_get_remaining (countdown), ==, 4);
  gint64 start = g_get_monotonic_time ();
  run_until_finished (&seen);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 4 * 10 * 1000);
  g_assert_cmpstr (seen.log->str, ==, "3 2 1 finished");
  g_string_free (seen.log, TRUE);
  g_assert_finalize_object (countdown);
}

/* 0 seconds would go home before the screen is seen: one second at least. */
static void
test_zero_is_one (void)
{
  Seen seen;
  LkCountdown *countdown = new_countdown (&seen, 10);

  lk_countdown_start (countdown, 0);
  g_assert_cmpuint (lk_countdown_get_remaining (countdown), ==, 1);
  run_until_finished (&seen);
  g_assert_cmpstr (seen.log->str, ==, "finished");
  g_string_free (seen.log, TRUE);
  g_assert_finalize_object (countdown);
}

/* Restarting starts over; stopping emits nothing more; disposing while running leaves no
 * timer behind (fatal-warnings would catch a callback on a freed object under ASan). */
static void
test_restart_and_stop (void)
{
  Seen seen;
  LkCountdown *countdown = new_countdown (&seen, 10);

  lk_countdown_start (countdown, 3);
  while (seen.log->len == 0)
    g_main_context_iteration (NULL, TRUE);
  lk_countdown_start (countdown, 2);
  run_until_finished (&seen);
  g_assert_cmpstr (seen.log->str, ==, "2 1 finished");

  g_string_truncate (seen.log, 0);
  lk_countdown_start (countdown, 5);
  lk_countdown_stop (countdown);
  g_assert_false (lk_countdown_get_running (countdown));
  g_usleep (30 * 1000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpstr (seen.log->str, ==, "");

  lk_countdown_start (countdown, 5);
  g_string_free (seen.log, TRUE);
  g_assert_finalize_object (countdown);
  g_usleep (30 * 1000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/kiosk/countdown/counts-down", test_counts_down);
  g_test_add_func ("/layso/kiosk/countdown/zero-is-one", test_zero_is_one);
  g_test_add_func ("/layso/kiosk/countdown/restart-and-stop", test_restart_and_stop);
  return g_test_run ();
}
