/* The board's voice, timed: starting the engine, a cold announcement (every word synthesised)
 * against a cached one (words from the cache, composing only), and warming every word.
 * Run by tests/bench/voice.sh on a Release build; prints one "name value unit" per line. */
#include <stdio.h>
#include <stdlib.h>

#include "vi-number.h"
#include "voice/synth.h"
#include "voice/voice.h"

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
report (const char *name, double *ms, size_t n)
{
  qsort (ms, n, sizeof *ms, compare_doubles);
  printf ("%s_p50 %.3f ms\n%s_p99 %.3f ms\n%s_max %.3f ms\n", name, ms[n / 2], name,
          ms[n * 99 / 100], name, ms[n - 1]);
}

static double
time_call (LsVoice *v, const char *ticket, unsigned counter, gsize *ret_size)
{
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (GBytes) wav = NULL;
  if (ls_voice_announcement_wav (v, ticket, counter, &wav) < 0)
    g_error ("announcement failed");
  double ms = (g_get_monotonic_time () - t0) / 1000.0;
  *ret_size = g_bytes_get_size (wav);
  return ms;
}

static void
bench_warm_all (void)
{
  ls_synth_forget ();
  size_t n;
  const LaysoViWord *words = layso_vi_words (&n);
  gint64 t0 = g_get_monotonic_time ();
  for (size_t i = 0; i < n; i++)
    {
      g_autoptr (GBytes) pcm = NULL;
      if (ls_synth_say (words[i].text, &pcm) < 0)
        g_error ("synthesis of %s failed", words[i].slug);
    }
  printf ("warm_all_words %.1f ms\nwords %zu\n", (g_get_monotonic_time () - t0) / 1000.0, n);
}

int
main (int argc, char **argv)
{
  int rounds = argc > 1 ? atoi (argv[1]) : 50, cached = rounds * 20;
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (LsVoice) v = NULL;
  g_autofree char *error = NULL;
  if (ls_voice_new (NULL, &v, &error) < 0)
    g_error ("%s", error);
  printf ("voice_new_first %.1f ms\n", (g_get_monotonic_time () - t0) / 1000.0);
  gsize size = 0;
  g_autofree double *cold = g_new (double, rounds);
  for (int i = 0; i < rounds; i++)
    {
      ls_synth_forget ();
      cold[i] = time_call (v, "A1002", 3, &size);
    }
  printf ("wav_bytes %zu\nwav_seconds %.2f s\n", size, (size - 44) / 2.0 / LS_VOICE_SAMPLE_RATE);
  report ("cold", cold, rounds);
  g_autofree double *warm = g_new (double, cached);
  for (int i = 0; i < cached; i++)
    {
      char ticket[16];
      g_snprintf (ticket, sizeof ticket, "A%d", 1001 + i % 999);
      warm[i] = time_call (v, ticket, 1 + i % 7, &size);
    }
  report ("cached", warm, cached);
  bench_warm_all ();
  return 0;
}
