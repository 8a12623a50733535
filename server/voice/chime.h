/* The chime before each call, made in code: a unit's chime.wav replaces it. */
#pragma once

#include <glib.h>

/* Two bell-like tones, high then low ("ding-dong"), about 1.2 s: PCM 16-bit little-endian
 * mono at LS_VOICE_SAMPLE_RATE. The same bytes every time. g_bytes_unref. */
GBytes *ls_chime_new (void);
