/* RIFF WAVE: "RIFF" size "WAVE", then chunks (id, little-endian size, data padded to an even
 * length). Parsing walks the chunks within the RIFF size and the buffer, whichever ends
 * first; it needs a "fmt " chunk of at least 16 bytes before "data", and a data chunk that
 * fits in the buffer (a streaming writer's 0xFFFFFFFF size does not). Other chunks (LIST,
 * fact, cue…) are skipped. */
#include "wav.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static guint16
le16 (const guint8 *p)
{
  return (guint16) (p[0] | p[1] << 8);
}

static void
put32 (guint8 *p, guint32 v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (guint8) (v >> (8 * i));
}

static void
put16 (guint8 *p, guint16 v)
{
  p[0] = (guint8) v;
  p[1] = (guint8) (v >> 8);
}

static int
refuse (const char **ret_reason, const char *why)
{
  *ret_reason = why;
  return -EINVAL;
}

static void
read_fmt (const guint8 *p, LsWavInfo *info)
{
  info->format = le16 (p);
  info->channels = le16 (p + 2);
  info->rate = le32 (p + 4);
  info->bits = le16 (p + 14);
}

int
ls_wav_parse (const guint8 *buf, size_t len, LsWavInfo *ret, const char **ret_reason)
{
  if (len < 12 || memcmp (buf, "RIFF", 4) != 0 || memcmp (buf + 8, "WAVE", 4) != 0)
    return refuse (ret_reason, "not a RIFF WAVE file");
  size_t end = MIN (len, (size_t) le32 (buf + 4) + 8);
  LsWavInfo info = { 0 };
  bool have_fmt = false;
  for (size_t at = 12; at + 8 <= end;)
    {
      const guint8 *chunk = buf + at;
      size_t size = le32 (chunk + 4);
      if (size > end - at - 8)
        return refuse (ret_reason, "a chunk runs past the end of the file");
      if (memcmp (chunk, "fmt ", 4) == 0)
        {
          if (size < 16)
            return refuse (ret_reason, "the fmt chunk is too short");
          read_fmt (chunk + 8, &info);
          have_fmt = true;
        }
      else if (memcmp (chunk, "data", 4) == 0)
        {
          if (!have_fmt)
            return refuse (ret_reason, "no fmt chunk before the data");
          info.data = chunk + 8;
          info.data_len = size;
          *ret = info;
          return 0;
        }
      at += 8 + size + (size & 1);
    }
  return refuse (ret_reason, "no data chunk");
}

void
ls_wav_header (guint8 ret[static LS_WAV_HEADER_LEN], size_t data_len, guint32 rate)
{
  memcpy (ret, "RIFF", 4);
  put32 (ret + 4, (guint32) (36 + data_len));
  memcpy (ret + 8, "WAVEfmt ", 8);
  put32 (ret + 16, 16);
  put16 (ret + 20, 1); /* integer PCM */
  put16 (ret + 22, 1); /* mono */
  put32 (ret + 24, rate);
  put32 (ret + 28, rate * 2); /* bytes per second */
  put16 (ret + 32, 2);        /* bytes per frame */
  put16 (ret + 34, 16);
  memcpy (ret + 36, "data", 4);
  put32 (ret + 40, (guint32) data_len);
}
