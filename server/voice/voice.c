/* An announcement is laid out as: a little silence, the chime, a breath, then the words of
 * vi-number's reading, with a short gap between words and a longer one where the written
 * call has a comma ("Mời số A, một nghìn…, đến quầy số ba"), and silence at the end so the
 * last word is not cut by a player that stops early. Every part is PCM at the same rate, so
 * composing is copying. */
#include "voice.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "chime.h"
#include "clips.h"
#include "synth.h"
#include "vi-number.h"
#include "wav.h"

#define LEAD_MS        100
#define AFTER_CHIME_MS 350
#define WORD_GAP_MS    60
#define PAUSE_MS       250
#define TAIL_MS        300

struct LsVoice
{
  GHashTable *clips; /* slug or "chime" -> GBytes; read-only after ls_voice_new */
  GBytes *chime;
};

int
ls_voice_new (const char *clips_dir, LsVoice **ret, char **ret_error)
{
  char *error = NULL;
  int r = ls_synth_start (&error);
  GHashTable *clips = NULL;
  if (r == 0 && clips_dir)
    r = ls_clips_load (clips_dir, &clips, &error);
  if (r < 0)
    {
      if (ret_error)
        *ret_error = error;
      else
        g_free (error);
      return r;
    }
  LsVoice *v = g_new0 (LsVoice, 1);
  v->clips = clips ? clips : g_hash_table_new (g_str_hash, g_str_equal);
  GBytes *chime = g_hash_table_lookup (v->clips, LS_CLIPS_CHIME);
  v->chime = chime ? g_bytes_ref (chime) : ls_chime_new ();
  *ret = v;
  return 0;
}

void
ls_voice_free (LsVoice *v)
{
  if (!v)
    return;
  g_hash_table_unref (v->clips);
  g_bytes_unref (v->chime);
  g_free (v);
}

static void
add_silence (GByteArray *out, unsigned ms)
{
  guint len = out->len, add = 2 * (ms * LS_VOICE_SAMPLE_RATE / 1000);
  g_byte_array_set_size (out, len + add);
  memset (out->data + len, 0, add);
}

static void
add_pcm (GByteArray *out, GBytes *pcm)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (pcm, &len);
  g_byte_array_append (out, data, len);
}

/* The unit's clip for the word, else the synthesiser's. */
static int
add_word (const LsVoice *v, const LaysoViWord *word, GByteArray *out)
{
  GBytes *clip = g_hash_table_lookup (v->clips, word->slug);
  if (clip)
    {
      add_pcm (out, clip);
      return 0;
    }
  g_autoptr (GBytes) said = NULL;
  int r = ls_synth_say (word->text, &said);
  if (r < 0)
    return r;
  add_pcm (out, said);
  return 0;
}

int
ls_voice_announcement_wav (LsVoice *v, const char *ticket_number, unsigned counter_number,
                           GBytes **ret_wav)
{
  LaysoViPhrase phrase;
  if (!v || !ret_wav || layso_vi_read_announcement (ticket_number, counter_number, &phrase) < 0)
    return -EINVAL;
  /* about 5 s for a typical call; the array grows if a unit's clips are longer */
  g_autoptr (GByteArray) out =
      g_byte_array_sized_new (LS_WAV_HEADER_LEN + 6 * 2 * LS_VOICE_SAMPLE_RATE);
  g_byte_array_set_size (out, LS_WAV_HEADER_LEN);
  add_silence (out, LEAD_MS);
  add_pcm (out, v->chime);
  add_silence (out, AFTER_CHIME_MS);
  for (size_t i = 0; i < phrase.len; i++)
    {
      int r = add_word (v, phrase.words[i], out);
      if (r < 0)
        return r;
      bool last = i + 1 == phrase.len;
      add_silence (out, last ? TAIL_MS : phrase.pause_after[i] ? PAUSE_MS : WORD_GAP_MS);
    }
  ls_wav_header (out->data, out->len - LS_WAV_HEADER_LEN, LS_VOICE_SAMPLE_RATE);
  *ret_wav = g_byte_array_free_to_bytes (g_steal_pointer (&out));
  return 0;
}
