/* Clips are checked at start-up, all of them, so a wrong file stops the server with its name
 * on the console instead of silencing one word on the board weeks later. The folder is read
 * in name order, so the same folder always gives the same first error. */
#include "clips.h"

#include <errno.h>
#include <stdbool.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vi-number.h"
#include "voice.h"
#include "wav.h"

/* the longest clip allowed, its header and room for metadata chunks */
#define CLIP_FILE_MAX ((goffset) LS_VOICE_CLIP_MAX_SECONDS * LS_VOICE_SAMPLE_RATE * 2 + 65536)
#define CONVERT_HINT  "; convert it with: sox IN -r 22050 -c 1 -b 16 -e signed-integer OUT.wav"

static const char *const other_audio[] = {
  ".mp3", ".ogg", ".oga", ".opus", ".flac", ".m4a", ".aac", ".wma", ".aif", ".aiff", ".webm",
};

typedef struct
{
  const char *dir;
  GHashTable *pcm;  /* key -> GBytes */
  GHashTable *from; /* key -> file name, to name both files of a duplicate */
} Loader;

static int
refuse (char **ret_error, const Loader *l, const char *name, char *why /* taken */)
{
  *ret_error = g_strdup_printf ("voice clip %s/%s: %s", l->dir, name, why);
  g_free (why);
  return -EINVAL;
}

static bool
ends_with (const char *name, const char *suffix)
{
  size_t n = strlen (name), s = strlen (suffix);
  return n > s && g_ascii_strcasecmp (name + n - s, suffix) == 0;
}

/* NULL if the clip is one we play, else why not (g_free). */
static char *
format_problem (const LsWavInfo *w)
{
  if (w->format != 1)
    return g_strdup_printf ("WAV format %u is not 16-bit integer PCM" CONVERT_HINT, w->format);
  if (w->channels != 1 || w->bits != 16 || w->rate != LS_VOICE_SAMPLE_RATE)
    return g_strdup_printf ("%u Hz, %u channel(s), %u-bit: a clip must be %u Hz, mono, "
                            "16-bit" CONVERT_HINT,
                            w->rate, w->channels, w->bits, LS_VOICE_SAMPLE_RATE);
  if (w->data_len < 2)
    return g_strdup ("has no sound (the data chunk is empty)");
  if (w->data_len > (size_t) LS_VOICE_CLIP_MAX_SECONDS * LS_VOICE_SAMPLE_RATE * 2)
    return g_strdup_printf ("lasts more than %d s; one word needs far less",
                            LS_VOICE_CLIP_MAX_SECONDS);
  return NULL;
}

static int
why_not (char **ret_why, char *why)
{
  *ret_why = why;
  return -EINVAL;
}

/* The samples of the WAV file at path: 0 and *ret, or -EINVAL and *ret_why (g_free). */
static int
read_clip (const char *path, GBytes **ret, char **ret_why)
{
  GStatBuf st;
  if (g_stat (path, &st) < 0 || !S_ISREG (st.st_mode))
    return why_not (ret_why, g_strdup ("is not a readable file"));
  if (st.st_size > CLIP_FILE_MAX)
    return why_not (ret_why, g_strdup ("is too large for a clip"));
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr (GError) error = NULL;
  if (!g_file_get_contents (path, &contents, &len, &error))
    return why_not (ret_why, g_strdup (error->message));
  if (len > (gsize) CLIP_FILE_MAX)
    return why_not (ret_why, g_strdup ("is too large for a clip"));
  LsWavInfo w;
  const char *reason;
  if (ls_wav_parse ((const guint8 *) contents, len, &w, &reason) < 0)
    return why_not (ret_why, g_strdup_printf ("%s" CONVERT_HINT, reason));
  char *problem = format_problem (&w);
  if (problem)
    return why_not (ret_why, problem);
  *ret = g_bytes_new (w.data, w.data_len & ~(size_t) 1);
  return 0;
}

/* What the file name replaces: a word's slug, "chime", or NULL. */
static const char *
clip_key (const char *base)
{
  if (strcmp (base, LS_CLIPS_CHIME) == 0)
    return LS_CLIPS_CHIME;
  const LaysoViWord *word = layso_vi_word_lookup (base);
  return word ? word->slug : NULL;
}

static int
load_entry (Loader *l, const char *name, char **ret_error)
{
  if (name[0] == '.')
    return 0;
  for (size_t i = 0; i < G_N_ELEMENTS (other_audio); i++)
    if (ends_with (name, other_audio[i]))
      return refuse (
          ret_error, l, name,
          g_strdup ("only WAV clips are read (16-bit PCM, mono, 22050 Hz)" CONVERT_HINT));
  if (!ends_with (name, ".wav"))
    return 0;
  g_autofree char *base = g_strndup (name, strlen (name) - strlen (".wav"));
  const char *key = clip_key (base);
  if (!key)
    return refuse (ret_error, l, name,
                   g_strdup_printf ("no word is called \"%s\" (the names are listed in "
                                    "docs/voice.md and by layso-say --words)",
                                    base));
  const char *other = g_hash_table_lookup (l->from, key);
  if (other)
    return refuse (ret_error, l, name, g_strdup_printf ("replaces the same word as %s", other));
  g_autofree char *path = g_build_filename (l->dir, name, NULL);
  GBytes *pcm = NULL;
  char *why = NULL;
  if (read_clip (path, &pcm, &why) < 0)
    return refuse (ret_error, l, name, why);
  g_hash_table_insert (l->pcm, (gpointer) key, pcm);
  g_hash_table_insert (l->from, (gpointer) key, g_strdup (name));
  return 0;
}

static int
errno_of (const GError *error)
{
  if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    return -ENOENT;
  if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR))
    return -ENOTDIR;
  if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ACCES))
    return -EACCES;
  return -EIO;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

int
ls_clips_load (const char *dir, GHashTable **ret, char **ret_error)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) d = g_dir_open (dir, 0, &error);
  if (!d)
    {
      *ret_error = g_strdup_printf ("voice clips folder: %s", error->message);
      return errno_of (error);
    }
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  for (const char *name; (name = g_dir_read_name (d));)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  Loader l = {
    .dir = dir,
    .pcm = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_bytes_unref),
    .from = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free),
  };
  g_autoptr (GHashTable) from = l.from;
  for (guint i = 0; i < names->len; i++)
    {
      int r = load_entry (&l, names->pdata[i], ret_error);
      if (r < 0)
        {
          g_hash_table_unref (l.pcm);
          return r;
        }
    }
  *ret = l.pcm;
  return 0;
}
