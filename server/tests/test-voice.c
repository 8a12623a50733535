/* The board's voice: well-formed WAVs that speak, clips that replace exactly their word,
 * clips refused at start-up with their file named, the same bytes from every thread. */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "voice/chime.h"
#include "voice/synth.h"
#include "voice/voice.h"
#include "voice/wav.h"

#define RATE LS_VOICE_SAMPLE_RATE

/* ---- helpers ---- */

static void
put_le (GByteArray *a, guint32 v, int bytes)
{
  for (int i = 0; i < bytes; i++)
    {
      guint8 b = (guint8) (v >> (8 * i));
      g_byte_array_append (a, &b, 1);
    }
}

/* A WAV file written here, independently of wav.c: fmt fields as given, data as given. */
static GByteArray *
make_wav (guint16 format, guint16 channels, guint32 rate, guint16 bits, const void *data,
          guint32 len)
{
  GByteArray *a = g_byte_array_new ();
  g_byte_array_append (a, (const guint8 *) "RIFF", 4);
  put_le (a, 36 + len, 4);
  g_byte_array_append (a, (const guint8 *) "WAVEfmt ", 8);
  put_le (a, 16, 4);
  put_le (a, format, 2);
  put_le (a, channels, 2);
  put_le (a, rate, 4);
  put_le (a, rate * channels * bits / 8, 4);
  put_le (a, channels * bits / 8, 2);
  put_le (a, bits, 2);
  g_byte_array_append (a, (const guint8 *) "data", 4);
  put_le (a, len, 4);
  g_byte_array_append (a, data, len);
  return a;
}

/* ms of a sine at freq Hz, PCM16 LE: a sound no synthesiser makes byte for byte. */
static GBytes *
tone (double freq, unsigned ms)
{
  size_t n = (size_t) ms * RATE / 1000;
  gint16 *s = g_new (gint16, n);
  for (size_t i = 0; i < n; i++)
    s[i] = GINT16_TO_LE ((gint16) lrint (12000 * sin (2 * G_PI * freq * i / RATE)));
  return g_bytes_new_take (s, n * 2);
}

static void
write_file (const char *dir, const char *name, const void *data, size_t len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;
  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
}

static void
write_clip (const char *dir, const char *name, GBytes *pcm)
{
  g_autoptr (GByteArray) wav =
      make_wav (1, 1, RATE, 16, g_bytes_get_data (pcm, NULL), (guint32) g_bytes_get_size (pcm));
  write_file (dir, name, wav->data, wav->len);
}

static char *
temp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("layso-voice-XXXXXX", &error);
  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  for (const char *name; d && (name = g_dir_read_name (d));)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_assert_cmpint (g_file_test (path, G_FILE_TEST_IS_DIR) ? g_rmdir (path) : g_unlink (path),
                       ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static LsVoice *
voice_or_die (const char *clips)
{
  LsVoice *v = NULL;
  g_autofree char *error = NULL;
  int r = ls_voice_new (clips, &v, &error);
  if (r < 0)
    g_error ("ls_voice_new: %d %s", r, error);
  return v;
}

static GBytes *
announce (LsVoice *v, const char *ticket, unsigned counter)
{
  GBytes *wav = NULL;
  g_assert_cmpint (ls_voice_announcement_wav (v, ticket, counter, &wav), ==, 0);
  g_assert_nonnull (wav);
  return wav;
}

static guint32
le32_at (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static guint16
le16_at (const guint8 *p)
{
  return (guint16) (p[0] | p[1] << 8);
}

/* Checks the 44-byte header against the file, byte by byte; returns the samples. */
static const gint16 *
check_wav (GBytes *wav, size_t *ret_samples)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (wav, &len);
  g_assert_cmpuint (len, >, 44);
  g_assert_cmpmem (p, 4, "RIFF", 4);
  g_assert_cmpuint (le32_at (p + 4), ==, len - 8);
  g_assert_cmpmem (p + 8, 8, "WAVEfmt ", 8);
  g_assert_cmpuint (le32_at (p + 16), ==, 16);
  g_assert_cmpuint (le16_at (p + 20), ==, 1); /* integer PCM */
  g_assert_cmpuint (le16_at (p + 22), ==, 1); /* mono */
  g_assert_cmpuint (le32_at (p + 24), ==, 22050);
  g_assert_cmpuint (le32_at (p + 28), ==, 44100); /* bytes per second */
  g_assert_cmpuint (le16_at (p + 32), ==, 2);
  g_assert_cmpuint (le16_at (p + 34), ==, 16);
  g_assert_cmpmem (p + 36, 4, "data", 4);
  g_assert_cmpuint (le32_at (p + 40), ==, len - 44);
  g_assert_cmpuint ((len - 44) % 2, ==, 0);
  *ret_samples = (len - 44) / 2;
  return (const gint16 *) (p + 44);
}

/* Root mean square of n samples, as a fraction of full scale. */
static double
rms (const gint16 *s, size_t n)
{
  double sum = 0;
  for (size_t i = 0; i < n; i++)
    sum += (double) GINT16_FROM_LE (s[i]) * GINT16_FROM_LE (s[i]);
  return n ? sqrt (sum / n) / 32768 : 0;
}

static size_t
count_occurrences (GBytes *hay, GBytes *needle)
{
  gsize hl, nl;
  const guint8 *h = g_bytes_get_data (hay, &hl), *n = g_bytes_get_data (needle, &nl);
  size_t count = 0;
  for (const guint8 *at = h; (at = memmem (at, hl - (at - h), n, nl)); at += nl)
    count++;
  return count;
}

/* ---- the announcement ---- */

/* A RIFF/PCM16/mono/22050 file with a header that matches it, long enough to say the call,
 * and sound where the words are: most 100 ms windows after the chime carry speech. */
static void
test_wav_format (void)
{
  g_autoptr (LsVoice) v = voice_or_die (NULL);
  g_autoptr (GBytes) wav = announce (v, "A1002", 3);
  size_t n;
  const gint16 *s = check_wav (wav, &n);
  g_assert_cmpfloat ((double) n / RATE, >, 3.0);
  g_assert_cmpfloat ((double) n / RATE, <, 12.0);
  g_assert_cmpfloat (rms (s, n), >, 0.02);
  size_t window = RATE / 10, loud = 0, windows = 0;
  for (size_t at = (size_t) (1.6 * RATE); at + window <= n; at += window, windows++)
    loud += rms (s + at, window) > 0.01;
  g_assert_cmpuint (loud, >, windows / 2);
  /* nothing clips: the parts are mixed by copying, not summing */
  size_t full = 0;
  for (size_t i = 0; i < n; i++)
    full += ABS (GINT16_FROM_LE (s[i])) >= 32767;
  g_assert_cmpuint (full, <, n / 1000);
}

/* More words take longer: the number, the letters and the counter each add their time. */
static void
test_longer_for_longer (void)
{
  static const struct
  {
    const char *shorter, *longer;
    unsigned counter_shorter, counter_longer;
  } pairs[] = {
    { "A1", "A1002", 3, 3 }, { "A1002", "A999999", 3, 3 }, { "A12", "ABC12", 3, 3 },
    { "A7", "A007", 3, 3 },  { "A1002", "A1002", 3, 999 },
  };
  g_autoptr (LsVoice) v = voice_or_die (NULL);
  for (size_t i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autoptr (GBytes) a = announce (v, pairs[i].shorter, pairs[i].counter_shorter);
      g_autoptr (GBytes) b = announce (v, pairs[i].longer, pairs[i].counter_longer);
      size_t na, nb;
      check_wav (a, &na);
      check_wav (b, &nb);
      /* at least one more word of ~0.2 s */
      if (nb < na + RATE / 5)
        g_error ("%s/%u (%zu samples) is not longer than %s/%u (%zu)", pairs[i].longer,
                 pairs[i].counter_longer, nb, pairs[i].shorter, pairs[i].counter_shorter, na);
    }
}

static void
test_bad_input (void)
{
  g_autoptr (LsVoice) v = voice_or_die (NULL);
  GBytes *wav = (GBytes *) &wav; /* untouched on failure */
  GBytes *const sentinel = wav;
  g_assert_cmpint (ls_voice_announcement_wav (v, "A-1002", 3, &wav), ==, -EINVAL);
  g_assert_cmpint (ls_voice_announcement_wav (v, "a1002", 3, &wav), ==, -EINVAL);
  g_assert_cmpint (ls_voice_announcement_wav (v, "", 3, &wav), ==, -EINVAL);
  g_assert_cmpint (ls_voice_announcement_wav (v, NULL, 3, &wav), ==, -EINVAL);
  g_assert_cmpint (ls_voice_announcement_wav (v, "A1002", 0, &wav), ==, -EINVAL);
  g_assert_cmpint (ls_voice_announcement_wav (v, "A1002", 1000000, &wav), ==, -EINVAL);
  g_assert_cmpint (ls_voice_announcement_wav (NULL, "A1002", 3, &wav), ==, -EINVAL);
  g_assert_cmpint (ls_voice_announcement_wav (v, "A1002", 3, NULL), ==, -EINVAL);
  g_assert_true (wav == sentinel);
  ls_voice_free (NULL);
}

/* with and without differ only where clip is: with = A + clip + B, without = A + X + B,
 * X not the clip (compared after the headers, whose sizes differ). */
static void
assert_only_clip_differs (GBytes *with, GBytes *without, GBytes *clip)
{
  gsize wl, ol, cl;
  const guint8 *w = g_bytes_get_data (with, &wl), *o = g_bytes_get_data (without, &ol);
  const guint8 *c = g_bytes_get_data (clip, &cl);
  g_assert_cmpuint (count_occurrences (with, clip), ==, 1);
  g_assert_cmpuint (count_occurrences (without, clip), ==, 0);
  const guint8 *at = memmem (w + 44, wl - 44, c, cl);
  size_t before = at - (w + 44), after = wl - 44 - before - cl;
  g_assert_cmpuint (ol - 44, >=, before + after);
  g_assert_cmpmem (w + 44, before, o + 44, before);
  g_assert_cmpmem (at + cl, after, o + ol - after, after);
  /* the synthesised word is really a word: not empty, not the clip */
  g_assert_cmpuint (ol - 44 - before - after, >, RATE / 10 * 2);
}

static void
test_clip_replaces_its_word (void)
{
  g_autofree char *dir = temp_dir ();
  g_autoptr (GBytes) clip = tone (440, 400);
  write_clip (dir, "moi-so.wav", clip);
  write_file (dir, "README.txt", "ghi âm bởi trung tâm", strlen ("ghi âm bởi trung tâm"));
  g_autoptr (LsVoice) plain = voice_or_die (NULL);
  g_autoptr (LsVoice) recorded = voice_or_die (dir);
  g_autoptr (GBytes) with = announce (recorded, "A1002", 3);
  g_autoptr (GBytes) without = announce (plain, "A1002", 3);
  size_t n;
  check_wav (with, &n);
  assert_only_clip_differs (with, without, clip);
  remove_dir (dir);
}

/* "3.wav" replaces "ba" wherever it is said: in the number and in the counter. */
static void
test_clip_by_alias (void)
{
  g_autofree char *dir = temp_dir ();
  g_autoptr (GBytes) clip = tone (523, 250);
  write_clip (dir, "3.wav", clip);
  g_autoptr (LsVoice) v = voice_or_die (dir);
  g_autoptr (GBytes) twice = announce (v, "A1003", 3);
  g_autoptr (GBytes) none = announce (v, "A1002", 2);
  g_assert_cmpuint (count_occurrences (twice, clip), ==, 2);
  g_assert_cmpuint (count_occurrences (none, clip), ==, 0);
  remove_dir (dir);
}

static void
test_clip_chime (void)
{
  g_autofree char *dir = temp_dir ();
  g_autoptr (GBytes) clip = tone (880, 700);
  write_clip (dir, "chime.wav", clip);
  g_autoptr (LsVoice) plain = voice_or_die (NULL);
  g_autoptr (LsVoice) recorded = voice_or_die (dir);
  g_autoptr (GBytes) with = announce (recorded, "B15", 4);
  g_autoptr (GBytes) without = announce (plain, "B15", 4);
  assert_only_clip_differs (with, without, clip);
  /* and what it replaced was the generated chime */
  g_autoptr (GBytes) chime = ls_chime_new ();
  g_assert_cmpuint (count_occurrences (without, chime), ==, 1);
  g_assert_cmpuint (count_occurrences (with, chime), ==, 0);
  remove_dir (dir);
}

/* The generated chime: the same bytes every time, loud enough, never clipped, no click. */
static void
test_chime (void)
{
  g_autoptr (GBytes) a = ls_chime_new ();
  g_autoptr (GBytes) b = ls_chime_new ();
  g_assert_true (g_bytes_equal (a, b));
  size_t n = g_bytes_get_size (a) / 2;
  const gint16 *s = g_bytes_get_data (a, NULL);
  g_assert_cmpfloat ((double) n / RATE, >, 0.8);
  g_assert_cmpfloat ((double) n / RATE, <, 2.0);
  g_assert_cmpfloat (rms (s, n), >, 0.05);
  int peak = 0;
  for (size_t i = 0; i < n; i++)
    peak = MAX (peak, ABS (GINT16_FROM_LE (s[i])));
  g_assert_cmpint (peak, <, 32767);
  g_assert_cmpint (ABS (GINT16_FROM_LE (s[0])), <, 100);
  g_assert_cmpint (ABS (GINT16_FROM_LE (s[n - 1])), <, 1000);
}

/* ---- clips refused at start-up ---- */

typedef enum
{
  GOOD,
  STEREO,
  RATE_44100,
  BITS_8,
  FLOAT,
  TEXT,
  TRUNCATED,
  EMPTY,
  TOO_LONG,
  NO_FMT,
} ClipKind;

static GByteArray *
bad_clip (ClipKind kind)
{
  g_autoptr (GBytes) pcm = tone (300, kind == TOO_LONG ? 6000 : 200);
  const void *d = g_bytes_get_data (pcm, NULL);
  guint32 len = (guint32) g_bytes_get_size (pcm);
  GByteArray *a;
  switch (kind)
    {
      case STEREO:
        return make_wav (1, 2, RATE, 16, d, len);
      case RATE_44100:
        return make_wav (1, 1, 44100, 16, d, len);
      case BITS_8:
        return make_wav (1, 1, RATE, 8, d, len);
      case FLOAT:
        return make_wav (3, 1, RATE, 32, d, len);
      case TEXT:
        a = g_byte_array_new ();
        return g_byte_array_append (a, (const guint8 *) "ID3 not a wav at all", 20);
      case TRUNCATED:
        a = make_wav (1, 1, RATE, 16, d, len);
        g_byte_array_set_size (a, a->len - 100);
        return a;
      case EMPTY:
        return make_wav (1, 1, RATE, 16, d, 0);
      case NO_FMT:
        a = make_wav (1, 1, RATE, 16, d, len);
        g_byte_array_remove_range (a, 12, 24); /* the whole fmt chunk */
        return a;
      default:
        return make_wav (1, 1, RATE, 16, d, len);
    }
}

typedef struct
{
  const char *name;
  ClipKind kind;
  const char *second; /* another good clip, or NULL */
  const char *why;    /* in the error, after the file's name */
} BadClipCase;

static const BadClipCase bad_clips[] = {
  { "moi-so.wav", STEREO, NULL, "22050 Hz, 2 channel(s), 16-bit: a clip must be 22050 Hz, mono" },
  { "a.wav", RATE_44100, NULL, "44100 Hz, 1 channel(s), 16-bit" },
  { "mot.wav", BITS_8, NULL, "22050 Hz, 1 channel(s), 8-bit" },
  { "hai.wav", FLOAT, NULL, "WAV format 3 is not 16-bit integer PCM" },
  { "ba.wav", TEXT, NULL, "not a RIFF WAVE file" },
  { "den-quay-so.wav", TRUNCATED, NULL, "a chunk runs past the end of the file" },
  { "nghin.wav", EMPTY, NULL, "has no sound" },
  { "chime.wav", TOO_LONG, NULL, "lasts more than 5 s" },
  { "linh.wav", NO_FMT, NULL, "no fmt chunk before the data" },
  { "moi_so.wav", GOOD, NULL, "no word is called \"moi_so\"" },
  { "Moi-so.WAV", GOOD, NULL, "no word is called \"Moi-so\"" },
  { "moi-so.mp3", GOOD, NULL, "only WAV clips are read" },
  { "tram.ogg", TEXT, NULL, "only WAV clips are read" },
  { "ba.wav", GOOD, "3.wav", "replaces the same word as 3.wav" },
  { "mot-sac.wav", GOOD, "dd.wav", NULL }, /* both fine: the folder loads */
};

static void
test_bad_clips (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (bad_clips); i++)
    {
      const BadClipCase *c = &bad_clips[i];
      g_autofree char *dir = temp_dir ();
      g_autoptr (GByteArray) bytes = bad_clip (c->kind);
      write_file (dir, c->name, bytes->data, bytes->len);
      write_file (dir, ".moi-so.wav.swp", "x", 1); /* hidden: never read */
      if (c->second)
        {
          g_autoptr (GByteArray) good = bad_clip (GOOD);
          write_file (dir, c->second, good->data, good->len);
        }
      LsVoice *v = (LsVoice *) &v, *const sentinel = v;
      g_autofree char *error = NULL;
      int r = ls_voice_new (dir, &v, &error);
      if (!c->why)
        {
          g_assert_cmpint (r, ==, 0);
          ls_voice_free (v);
          remove_dir (dir);
          continue;
        }
      g_autofree char *expected = g_strdup_printf ("%s/%s: %s", dir, c->name, c->why);
      if (r != -EINVAL || !error || !strstr (error, expected))
        g_error ("%s: got %d \"%s\", expected -EINVAL \"%s…\"", c->name, r, error, expected);
      g_assert_true (v == sentinel);
      remove_dir (dir);
    }
}

static void
test_clips_folder_missing (void)
{
  LsVoice *v = NULL;
  g_autofree char *error = NULL;
  g_assert_cmpint (ls_voice_new ("/nonexistent/layso-clips", &v, &error), ==, -ENOENT);
  g_assert_nonnull (strstr (error, "/nonexistent/layso-clips"));
  g_assert_null (v);
  /* a clip that is a folder */
  g_autofree char *dir = temp_dir ();
  g_autofree char *sub = g_build_filename (dir, "a.wav", NULL);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_autofree char *error2 = NULL;
  g_assert_cmpint (ls_voice_new (dir, &v, &error2), ==, -EINVAL);
  g_assert_nonnull (strstr (error2, "a.wav: is not a readable file"));
  remove_dir (dir);
}

/* ---- threads ---- */

#define THREADS 6
static const struct
{
  const char *ticket;
  unsigned counter;
} calls[] = { { "A1002", 3 }, { "B015", 12 }, { "C21", 7 }, { "A1002", 3 }, { "D999", 25 } };

static gpointer
announce_all (gpointer voice)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (size_t i = 0; i < G_N_ELEMENTS (calls); i++)
    g_ptr_array_add (out, announce (voice, calls[i].ticket, calls[i].counter));
  return out;
}

/* Several threads announcing at once, from a cold cache, each in its own order of words:
 * every thread gets the same bytes for the same call, and so does a later call. */
static void
test_threads (void)
{
  ls_synth_forget ();
  g_autoptr (LsVoice) v = voice_or_die (NULL);
  GThread *threads[THREADS];
  for (int i = 0; i < THREADS; i++)
    threads[i] = g_thread_new ("announce", announce_all, v);
  g_autoptr (GPtrArray) first = g_thread_join (threads[0]);
  for (int i = 1; i < THREADS; i++)
    {
      g_autoptr (GPtrArray) other = g_thread_join (threads[i]);
      for (guint k = 0; k < first->len; k++)
        g_assert_true (g_bytes_equal (first->pdata[k], other->pdata[k]));
    }
  g_assert_true (g_bytes_equal (first->pdata[0], first->pdata[3]));
  g_autoptr (GBytes) later = announce (v, "B015", 12);
  g_assert_true (g_bytes_equal (later, first->pdata[1]));
}

/* ---- the WAV reader ---- */

static void
test_wav_parse (void)
{
  const guint8 samples[] = { 1, 2, 3, 4 };
  g_autoptr (GByteArray) plain = make_wav (1, 1, RATE, 16, samples, 4);
  LsWavInfo w;
  const char *why = NULL;
  g_assert_cmpint (ls_wav_parse (plain->data, plain->len, &w, &why), ==, 0);
  g_assert_cmpuint (w.format, ==, 1);
  g_assert_cmpuint (w.channels, ==, 1);
  g_assert_cmpuint (w.rate, ==, RATE);
  g_assert_cmpuint (w.bits, ==, 16);
  g_assert_cmpmem (w.data, w.data_len, samples, 4);
  /* an odd-sized LIST chunk (padded to even) between fmt and data is skipped */
  g_autoptr (GByteArray) list = make_wav (1, 1, RATE, 16, samples, 4);
  const guint8 chunk[] = { 'L', 'I', 'S', 'T', 3, 0, 0, 0, 'a', 'b', 'c', 0 };
  g_byte_array_remove_range (list, 36, 12);
  g_byte_array_append (list, chunk, sizeof chunk);
  g_byte_array_append (list, (const guint8 *) "data\4\0\0\0", 8);
  g_byte_array_append (list, samples, 4);
  list->data[4] = (guint8) (list->len - 8);
  g_assert_cmpint (ls_wav_parse (list->data, list->len, &w, &why), ==, 0);
  g_assert_cmpmem (w.data, w.data_len, samples, 4);
  /* what we write reads back */
  guint8 header[LS_WAV_HEADER_LEN];
  ls_wav_header (header, 4, RATE);
  g_autoptr (GByteArray) ours = g_byte_array_new ();
  g_byte_array_append (g_byte_array_append (ours, header, sizeof header), samples, 4);
  g_assert_cmpmem (ours->data, ours->len, plain->data, plain->len);
  /* short or foreign input */
  for (size_t cut = 0; cut < plain->len - 4; cut++)
    g_assert_cmpint (ls_wav_parse (plain->data, cut, &w, &why), ==, -EINVAL);
  g_assert_cmpint (ls_wav_parse ((const guint8 *) "RIFX\0\0\0\0WAVE", 12, &w, &why), ==, -EINVAL);
  g_assert_cmpstr (why, ==, "not a RIFF WAVE file");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/voice/wav-format", test_wav_format);
  g_test_add_func ("/layso/voice/longer-for-longer", test_longer_for_longer);
  g_test_add_func ("/layso/voice/bad-input", test_bad_input);
  g_test_add_func ("/layso/voice/clip-replaces-its-word", test_clip_replaces_its_word);
  g_test_add_func ("/layso/voice/clip-by-alias", test_clip_by_alias);
  g_test_add_func ("/layso/voice/clip-chime", test_clip_chime);
  g_test_add_func ("/layso/voice/chime", test_chime);
  g_test_add_func ("/layso/voice/bad-clips", test_bad_clips);
  g_test_add_func ("/layso/voice/clips-folder-missing", test_clips_folder_missing);
  g_test_add_func ("/layso/voice/threads", test_threads);
  g_test_add_func ("/layso/voice/wav-parse", test_wav_parse);
  return g_test_run ();
}
