#include "ratelimit.h"

#include <math.h>

/* Buckets idle this long are full again and can be forgotten. */
#define SWEEP_EVERY_US (60 * G_USEC_PER_SEC)

typedef struct
{
  double tokens;
  gint64 updated_us;
} Bucket;

struct LsRateLimiter
{
  GMutex lock;
  GHashTable *buckets; /* ip -> Bucket */
  double per_us;
  double burst;
  gint64 last_sweep_us;
};

LsRateLimiter *
ls_rate_limiter_new (double per_minute)
{
  LsRateLimiter *rl = g_new0 (LsRateLimiter, 1);
  g_mutex_init (&rl->lock);
  rl->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  rl->per_us = per_minute / 60.0 / (double) G_USEC_PER_SEC;
  rl->burst = MAX (10.0, per_minute / 2.0);
  return rl;
}

void
ls_rate_limiter_free (LsRateLimiter *rl)
{
  if (!rl)
    return;
  g_hash_table_unref (rl->buckets);
  g_mutex_clear (&rl->lock);
  g_free (rl);
}

static gboolean
bucket_is_full (gpointer key, gpointer value, gpointer user_data)
{
  const Bucket *b = value;
  const LsRateLimiter *rl = ((gpointer *) user_data)[0];
  gint64 now_us = *(const gint64 *) ((gpointer *) user_data)[1];
  return b->tokens + (double) (now_us - b->updated_us) * rl->per_us >= rl->burst;
}

bool
ls_rate_limiter_allow (LsRateLimiter *rl, const char *ip, gint64 now_us, unsigned *ret_retry_after)
{
  bool ok;
  g_mutex_lock (&rl->lock);
  if (now_us - rl->last_sweep_us > SWEEP_EVERY_US)
    {
      gpointer data[2] = { rl, &now_us };
      g_hash_table_foreach_remove (rl->buckets, bucket_is_full, data);
      rl->last_sweep_us = now_us;
    }
  Bucket *b = g_hash_table_lookup (rl->buckets, ip);
  if (!b)
    {
      b = g_new (Bucket, 1);
      b->tokens = rl->burst;
      b->updated_us = now_us;
      g_hash_table_insert (rl->buckets, g_strdup (ip), b);
    }
  b->tokens = MIN (rl->burst, b->tokens + (double) (now_us - b->updated_us) * rl->per_us);
  b->updated_us = now_us;
  ok = b->tokens >= 1.0;
  if (ok)
    b->tokens -= 1.0;
  else if (ret_retry_after)
    *ret_retry_after = (unsigned) ceil ((1.0 - b->tokens) / rl->per_us / (double) G_USEC_PER_SEC);
  g_mutex_unlock (&rl->lock);
  return ok;
}
