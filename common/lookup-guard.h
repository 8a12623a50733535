/* Failed look-ups of bookings (code + CCCD): when to lock a code, a CCCD or an address.
 *
 * A saved ticket shows the code and the last 4 digits of the CCCD; without a lock the other
 * 8 digits (or the code, given a CCCD) fall to a few thousand guesses. Rules:
 *   - only failures count (a wrong pair, a code or CCCD that matches nothing); a right pair
 *     never does, so the owner's own look-ups never lock anything;
 *   - failures count within a window of LAYSO_LOOKUP_WINDOW_S from the first one; the
 *     threshold-th failure in a window locks the key for LAYSO_LOOKUP_LOCK_S from then;
 *   - while locked, every look-up of the key is refused, the right pair included (else
 *     the answer would still tell a right guess from a wrong one), and refused look-ups are
 *     not counted, so the lock ends on time whatever the guesser keeps sending;
 *   - a window or lock that is over starts afresh.
 * The kiosk's check-in never consults these locks. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#define LAYSO_LOOKUP_WINDOW_S (15 * 60)
#define LAYSO_LOOKUP_LOCK_S   (15 * 60)
/* Per code and per CCCD: a citizen mistypes a few times, a guesser needs thousands. */
#define LAYSO_LOOKUP_KEY_THRESHOLD 10
/* Per client address: higher, as many phones share one carrier-NAT address. */
#define LAYSO_LOOKUP_ADDR_THRESHOLD 50

typedef struct
{
  int failures;
  gint64 window_start; /* Unix seconds of the first failure of the window; 0 = none */
  gint64 locked_until; /* Unix seconds; 0 = never locked */
} LaysoLookupCounter;

/* True while c is locked at `now`; *ret_retry_after (may be NULL) = seconds left, ≥ 1. */
bool layso_lookup_locked (const LaysoLookupCounter *c, gint64 now, gint64 *ret_retry_after);
/* Counts one failure at `now` (threshold ≥ 1): may start a new window or lock. */
void layso_lookup_fail (LaysoLookupCounter *c, int threshold, gint64 now);
/* True when c no longer matters at `now` (no lock, window over): it may be forgotten. */
bool layso_lookup_expired (const LaysoLookupCounter *c, gint64 now);
