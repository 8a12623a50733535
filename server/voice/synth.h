/* The process's one espeak-ng engine, Vietnamese voice, and the sound of every text it has
 * said. espeak-ng keeps global state and is not thread-safe: one lock serialises it, and
 * the engine lives as long as the process (espeak_ng_Terminate hangs in 1.51). */
#pragma once

#include <glib.h>

/* Starts the engine once per process. 0, or -EIO and *ret_error (g_free). */
int ls_synth_start (char **ret_error);
/* text said by the engine: PCM 16-bit little-endian mono at LS_VOICE_SAMPLE_RATE, silence
 * trimmed off both ends. Cached: the same text gives the same bytes for the process's life
 * (espeak-ng's output depends on what it said before, so a second synthesis would not).
 * 0 and *ret (g_bytes_unref), or -EIO (engine not started or failed), -EINVAL (empty text). */
int ls_synth_say (const char *text, GBytes **ret_pcm);
/* Empties the cache, for measuring a cold start (tests/bench). */
void ls_synth_forget (void);
