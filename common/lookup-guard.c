/* Look-up failure locks (lookup-guard.h). */
#include "lookup-guard.h"

bool
layso_lookup_locked (const LaysoLookupCounter *c, gint64 now, gint64 *ret_retry_after)
{
  if (c->locked_until <= now)
    return false;
  if (ret_retry_after)
    *ret_retry_after = c->locked_until - now;
  return true;
}

void
layso_lookup_fail (LaysoLookupCounter *c, int threshold, gint64 now)
{
  if (layso_lookup_locked (c, now, NULL))
    return;
  if (c->window_start == 0 || now - c->window_start >= LAYSO_LOOKUP_WINDOW_S ||
      now < c->window_start)
    {
      c->window_start = now;
      c->failures = 0;
    }
  c->failures++;
  if (c->failures >= threshold)
    {
      c->locked_until = now + LAYSO_LOOKUP_LOCK_S;
      c->failures = 0;
      c->window_start = 0;
    }
}

bool
layso_lookup_expired (const LaysoLookupCounter *c, gint64 now)
{
  return c->locked_until <= now &&
         (c->window_start == 0 || now - c->window_start >= LAYSO_LOOKUP_WINDOW_S);
}
