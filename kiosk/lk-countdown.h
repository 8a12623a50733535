/* LkCountdown: counts whole seconds down to zero for the screens that go home by themselves
 * (the result screen's "+ Lấy số khác (N)", the error screen's "Về màn hình chính (N)").
 * GLib only. */
#pragma once

#include <glib-object.h>

#include "lk-types.h"

G_BEGIN_DECLS

#define LK_TYPE_COUNTDOWN (lk_countdown_get_type ())
G_DECLARE_FINAL_TYPE (LkCountdown, lk_countdown, LK, COUNTDOWN, GObject)

LkCountdown *lk_countdown_new (void);
/* For tests: the length of one "second" (default 1000 ms). */
void lk_countdown_set_tick_ms (LkCountdown *self, guint tick_ms);

/* Starts (or restarts) at MAX (seconds, 1); "tick" (remaining) each step down while
 * remaining > 0, then "finished" once at 0. */
void lk_countdown_start (LkCountdown *self, guint seconds);
/* Stops without "finished". */
void lk_countdown_stop (LkCountdown *self);
gboolean lk_countdown_get_running (LkCountdown *self);
guint lk_countdown_get_remaining (LkCountdown *self);

/* Signals: "tick" (guint remaining), "finished" (). */

G_END_DECLS
