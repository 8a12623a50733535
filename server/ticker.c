/* Periodic threads (ticker.h). */
#include "ticker.h"

#include <stdbool.h>

struct LsTicker
{
  gint64 interval_us;
  LsTickFn tick;
  void *data;
  GThread *thread;
  GMutex lock;
  GCond wake;
  bool stopping;
};

static gpointer
ticker_main (gpointer user)
{
  LsTicker *t = user;
  g_mutex_lock (&t->lock);
  while (!t->stopping)
    {
      gint64 until = g_get_monotonic_time () + t->interval_us;
      while (!t->stopping && g_cond_wait_until (&t->wake, &t->lock, until))
        ;
      if (t->stopping)
        break;
      g_mutex_unlock (&t->lock);
      t->tick (t->data);
      g_mutex_lock (&t->lock);
    }
  g_mutex_unlock (&t->lock);
  return NULL;
}

LsTicker *
ls_ticker_start (const char *name, gint64 interval_us, LsTickFn tick, void *data)
{
  LsTicker *t = g_new0 (LsTicker, 1);
  t->interval_us = interval_us;
  t->tick = tick;
  t->data = data;
  g_mutex_init (&t->lock);
  g_cond_init (&t->wake);
  t->thread = g_thread_new (name, ticker_main, t);
  return t;
}

void
ls_ticker_stop (LsTicker *t)
{
  if (!t)
    return;
  g_mutex_lock (&t->lock);
  t->stopping = true;
  g_cond_signal (&t->wake);
  g_mutex_unlock (&t->lock);
  g_thread_join (t->thread);
  g_cond_clear (&t->wake);
  g_mutex_clear (&t->lock);
  g_free (t);
}
