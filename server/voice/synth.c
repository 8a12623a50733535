/* espeak-ng in synchronous mode: espeak_ng_Synthesize calls on_samples with the PCM as it
 * makes it, before returning, so no audio device and no thread of its own are involved. */
#include "synth.h"

#include <errno.h>
#include <espeak-ng/espeak_ng.h>
#include <stdbool.h>
#include <string.h>

#include "voice.h"

/* The cache holds one entry per word of vi-number's closed table (about 60); the limit
 * only guards against a future caller with open-ended text, which is then not cached. */
#define CACHE_MAX 256
/* espeak pads each utterance with silence; below this level a sample counts as silence. */
#define SILENCE_LEVEL 300
#define KEEP_BEFORE   (LS_VOICE_SAMPLE_RATE / 200) /* 5 ms before the first sound */
#define KEEP_AFTER    (LS_VOICE_SAMPLE_RATE / 50)  /* 20 ms of its decay after the last */
/* no word takes this long: stop a runaway synthesis */
#define SAY_MAX_SAMPLES (LS_VOICE_SAMPLE_RATE * 10)

static GMutex lock; /* the engine, started and cache */
static bool started;
static GHashTable *cache; /* text -> GBytes */

static char *
status_message (const char *what, espeak_ng_STATUS status)
{
  char msg[256] = "";
  espeak_ng_GetStatusCodeMessage (status, msg, sizeof msg);
  return g_strdup_printf ("espeak-ng: %s: %s (is the espeak-ng-data package installed? "
                          "ESPEAK_DATA_PATH may name the folder that holds espeak-ng-data)",
                          what, msg);
}

static int
engine_error (char **ret_error, const char *what, espeak_ng_STATUS status)
{
  *ret_error = status_message (what, status);
  return -EIO;
}

static int
on_samples (short *wav, int n, espeak_EVENT *events)
{
  GByteArray *out = events ? events->user_data : NULL;
  if (!out || n <= 0 || !wav)
    return 0;
  if (out->len / 2 + (guint) n > SAY_MAX_SAMPLES)
    return 1; /* abort */
  for (int i = 0; i < n; i++)
    {
      gint16 le = GINT16_TO_LE (wav[i]);
      g_byte_array_append (out, (const guint8 *) &le, 2);
    }
  return 0;
}

static int
start_locked (char **ret_error)
{
  espeak_ng_ERROR_CONTEXT context = NULL;
  espeak_ng_InitializePath (NULL);
  espeak_ng_STATUS st = espeak_ng_Initialize (&context);
  espeak_ng_ClearErrorContext (&context);
  if (st != ENS_OK)
    return engine_error (ret_error, "cannot start", st);
  st = espeak_ng_InitializeOutput (ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL);
  if (st != ENS_OK)
    return engine_error (ret_error, "no synchronous output", st);
  if (espeak_ng_GetSampleRate () != LS_VOICE_SAMPLE_RATE)
    {
      *ret_error = g_strdup_printf ("espeak-ng speaks at %d Hz, not %d", espeak_ng_GetSampleRate (),
                                    LS_VOICE_SAMPLE_RATE);
      return -EIO;
    }
  st = espeak_ng_SetVoiceByName ("vi");
  if (st != ENS_OK)
    return engine_error (ret_error, "no Vietnamese voice (vi)", st);
  espeak_SetSynthCallback (on_samples);
  cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  started = true;
  return 0;
}

int
ls_synth_start (char **ret_error)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&lock);
  if (started)
    return 0;
  char *error = NULL;
  int r = start_locked (&error);
  if (r < 0)
    *ret_error = error;
  return r;
}

static GBytes *
trim_silence (GByteArray *pcm)
{
  const gint16 *s = (const gint16 *) pcm->data;
  size_t n = pcm->len / 2, first = n, last = 0;
  for (size_t i = 0; i < n; i++)
    if (ABS (GINT16_FROM_LE (s[i])) > SILENCE_LEVEL)
      {
        first = MIN (first, i);
        last = i;
      }
  if (first == n)
    return g_bytes_new (NULL, 0);
  first = first > KEEP_BEFORE ? first - KEEP_BEFORE : 0;
  last = MIN (n - 1, last + KEEP_AFTER);
  return g_bytes_new (pcm->data + 2 * first, 2 * (last - first + 1));
}

static int
say_locked (const char *text, GBytes **ret_pcm)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();
  espeak_ng_STATUS st = espeak_ng_Synthesize (text, strlen (text) + 1, 0, POS_CHARACTER, 0,
                                              espeakCHARS_UTF8, NULL, out);
  if (st != ENS_OK)
    return -EIO;
  GBytes *pcm = trim_silence (out);
  if (g_bytes_get_size (pcm) == 0)
    {
      g_bytes_unref (pcm);
      return -EIO; /* a word that makes no sound is a broken engine, not a quiet word */
    }
  *ret_pcm = pcm;
  return 0;
}

int
ls_synth_say (const char *text, GBytes **ret_pcm)
{
  if (!text || !*text)
    return -EINVAL;
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&lock);
  if (!started)
    return -EIO;
  GBytes *pcm = g_hash_table_lookup (cache, text);
  if (pcm)
    {
      *ret_pcm = g_bytes_ref (pcm);
      return 0;
    }
  int r = say_locked (text, &pcm);
  if (r < 0)
    return r;
  if (g_hash_table_size (cache) < CACHE_MAX)
    g_hash_table_insert (cache, g_strdup (text), g_bytes_ref (pcm));
  *ret_pcm = pcm;
  return 0;
}

void
ls_synth_forget (void)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&lock);
  if (cache)
    g_hash_table_remove_all (cache);
}
