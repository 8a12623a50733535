/* The board's voice: "Mời số A1002 đến quầy số 3" as a WAV, made on this machine.
 *
 * Each announcement is a chime and then the call, composed word by word from parts
 * (common/vi-number.h says which words): a unit's recorded clip where it has one, else
 * that word said by espeak-ng's Vietnamese voice, synthesised once per process and cached.
 * No online service is ever asked. Safe to call from several threads at once. */
#pragma once

#include <glib.h>

/* Every part, clip or synthesised, and the WAV out: PCM 16-bit, mono, at this rate (the rate
 * espeak-ng speaks at). */
#define LS_VOICE_SAMPLE_RATE 22050
/* A clip longer than this is refused (the longest word, "đến quầy số", takes about 1 s). */
#define LS_VOICE_CLIP_MAX_SECONDS 5

typedef struct LsVoice LsVoice;

/* clips_dir: NULL or a folder of recorded clips named after the words they replace
 * (moi-so.wav, den-quay-so.wav, a.wav, mot.wav or 1.wav, …, and chime.wav for the chime);
 * every clip is checked here: one with the wrong format, an unknown name, or two clips for
 * one word give -EINVAL, and *ret_error names the file and why. Also fails (-EIO, with
 * *ret_error) when espeak-ng or its Vietnamese voice cannot start. g_free(*ret_error). */
int ls_voice_new (const char *clips_dir, LsVoice **ret, char **ret_error);
void ls_voice_free (LsVoice *v); /* NULL is fine */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsVoice, ls_voice_free)

/* "Mời số A1002 đến quầy số 3": chime, then the phrase, as one WAV (RIFF, PCM16 mono).
 * 0, or -EINVAL for a ticket number or counter vi-number cannot read, or -EIO if the
 * synthesiser failed. */
int ls_voice_announcement_wav (LsVoice *v, const char *ticket_number, unsigned counter_number,
                               GBytes **ret_wav);
