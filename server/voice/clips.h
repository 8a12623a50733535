/* A unit's recorded clips: DIR/<slug>.wav replaces the word with that slug (or alias, "3.wav"
 * for "ba"), DIR/chime.wav the chime. */
#pragma once

#include <glib.h>

#define LS_CLIPS_CHIME "chime"

/* Reads and checks every clip in dir. 0 and *ret (slug or "chime" -> GBytes of the PCM
 * samples; g_hash_table_unref), or a negative errno and *ret_error naming the file and what
 * is wrong with it (g_free):
 * -ENOENT/-ENOTDIR/-EACCES: dir cannot be read;
 * -EINVAL: a WAV file not PCM 16-bit mono at LS_VOICE_SAMPLE_RATE, empty, longer than
 *   LS_VOICE_CLIP_MAX_SECONDS or not a WAV at all; a .wav whose name is no word; two files for
 *   one word ("3.wav" and "ba.wav"); an audio file in another format (.mp3, .ogg…).
 * Files that are neither .wav nor audio (README.txt) and hidden files are left alone. */
int ls_clips_load (const char *dir, GHashTable **ret, char **ret_error);
