/* Per-client-address token buckets for POSTs. Generous by default: many phones share one
 * carrier-grade-NAT address, and the per-CCCD booking limit is the main control. */
#pragma once

#include <glib.h>
#include <stdbool.h>

typedef struct LsRateLimiter LsRateLimiter;

/* per_minute > 0: sustained rate; bursts of up to per_minute / 2 (at least 10) pass. */
LsRateLimiter *ls_rate_limiter_new (double per_minute);
void ls_rate_limiter_free (LsRateLimiter *rl); /* NULL is fine */
/* True if a request from `ip` at monotonic time now_us may go on; otherwise false and the
 * seconds until one would pass. Thread-safe. */
bool ls_rate_limiter_allow (LsRateLimiter *rl, const char *ip, gint64 now_us,
                            unsigned *ret_retry_after);
