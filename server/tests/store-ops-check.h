/* Shared by the store tests of both backends: every member of a backend's LsStoreOps is set
 * (its name and every op but the optional watch_events). A backend that misses a newly added
 * op would crash the first route that calls it; this fails instead. LsStoreOps holds only
 * pointers (the name, then the ops), which the walk below relies on and checks. */
#pragma once

#include "store/store.h"

#include <glib.h>
#include <stddef.h>
#include <string.h>

static inline void
assert_every_store_op (const LsStore *s)
{
  G_STATIC_ASSERT (sizeof (LsStoreOps) % sizeof (void (*) (void)) == 0);
  G_STATIC_ASSERT (sizeof (const char *) == sizeof (void (*) (void)));
  const unsigned char *bytes = (const unsigned char *) s->ops;
  for (size_t off = 0; off < sizeof (LsStoreOps); off += sizeof (void (*) (void)))
    {
      void (*member) (void);
      memcpy (&member, bytes + off, sizeof member);
      if (!member && off != offsetof (LsStoreOps, watch_events))
        g_error ("%s: the store op at offset %zu of LsStoreOps is not set", s->ops->name, off);
    }
}
