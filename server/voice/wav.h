/* RIFF WAVE in memory: the header we write, and the reading of a unit's clip. No I/O. */
#pragma once

#include <glib.h>

#define LS_WAV_HEADER_LEN 44

typedef struct
{
  guint16 format; /* 1: integer PCM */
  guint16 channels;
  guint32 rate;
  guint16 bits;
  const guint8 *data; /* the samples, inside the parsed buffer */
  size_t data_len;
} LsWavInfo;

/* Finds the "fmt " and "data" chunks of a RIFF WAVE file in buf. 0 and *ret, or -EINVAL and
 * *ret_reason, a static English phrase ("not a RIFF WAVE file", "the data chunk runs past the
 * end of the file"…). Says nothing about whether the format is one we play. */
int ls_wav_parse (const guint8 *buf, size_t len, LsWavInfo *ret, const char **ret_reason);

/* The 44-byte header of a PCM 16-bit mono file with data_len bytes of samples. */
void ls_wav_header (guint8 ret[static LS_WAV_HEADER_LEN], size_t data_len, guint32 rate);
