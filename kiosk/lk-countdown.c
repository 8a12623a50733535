#include "lk-countdown.h"

struct _LkCountdown
{
  GObject parent_instance;

  guint tick_ms;
  guint remaining;
  guint source;
};

G_DEFINE_FINAL_TYPE (LkCountdown, lk_countdown, G_TYPE_OBJECT)

enum
{
  SIGNAL_TICK,
  SIGNAL_FINISHED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static gboolean
on_tick (gpointer user_data)
{
  LkCountdown *self = user_data;

  if (self->remaining > 0)
    self->remaining--;
  if (self->remaining == 0)
    {
      self->source = 0;
      g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
      return G_SOURCE_REMOVE;
    }
  g_signal_emit (self, signals[SIGNAL_TICK], 0, self->remaining);
  return G_SOURCE_CONTINUE;
}

void
lk_countdown_start (LkCountdown *self, guint seconds)
{
  g_return_if_fail (LK_IS_COUNTDOWN (self));

  g_clear_handle_id (&self->source, g_source_remove);
  self->remaining = MAX (seconds, 1);
  /* g_timeout_add, not _seconds: the first tick of the latter is coarse and a visible
   * countdown would stutter. */
  self->source = g_timeout_add (self->tick_ms, on_tick, self);
}

void
lk_countdown_stop (LkCountdown *self)
{
  g_return_if_fail (LK_IS_COUNTDOWN (self));
  g_clear_handle_id (&self->source, g_source_remove);
}

gboolean
lk_countdown_get_running (LkCountdown *self)
{
  g_return_val_if_fail (LK_IS_COUNTDOWN (self), FALSE);
  return self->source != 0;
}

guint
lk_countdown_get_remaining (LkCountdown *self)
{
  g_return_val_if_fail (LK_IS_COUNTDOWN (self), 0);
  return self->remaining;
}

void
lk_countdown_set_tick_ms (LkCountdown *self, guint tick_ms)
{
  g_return_if_fail (LK_IS_COUNTDOWN (self));
  g_return_if_fail (tick_ms > 0);
  self->tick_ms = tick_ms;
}

static void
lk_countdown_dispose (GObject *object)
{
  LkCountdown *self = LK_COUNTDOWN (object);

  g_clear_handle_id (&self->source, g_source_remove);
  G_OBJECT_CLASS (lk_countdown_parent_class)->dispose (object);
}

static void
lk_countdown_class_init (LkCountdownClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lk_countdown_dispose;

  signals[SIGNAL_TICK] = g_signal_new ("tick", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lk_countdown_init (LkCountdown *self)
{
  self->tick_ms = 1000;
}

LkCountdown *
lk_countdown_new (void)
{
  return g_object_new (LK_TYPE_COUNTDOWN, NULL);
}
