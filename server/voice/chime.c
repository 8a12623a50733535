/* Each tone is a sine with its octave at a quarter of the level (a plain sine sounds like a
 * test signal), a 10 ms attack so it starts without a click, and an exponential decay to
 * about -40 dB at its end, which is what makes it sound struck rather than switched. The
 * second starts while the first still rings. */
#include "chime.h"

#include <math.h>

#include "voice.h"

#define TONE_SECONDS   0.9
#define SECOND_AT      0.35 /* seconds */
#define LEVEL          0.35 /* of full scale, each tone; two overlapping stay below 1 */
#define ATTACK_SECONDS 0.01

static void
add_tone (double *mix, size_t len, size_t start, double freq)
{
  size_t n = (size_t) (TONE_SECONDS * LS_VOICE_SAMPLE_RATE);
  for (size_t i = 0; i < n && start + i < len; i++)
    {
      double t = (double) i / LS_VOICE_SAMPLE_RATE;
      double envelope = MIN (1.0, t / ATTACK_SECONDS) * exp (-5.0 * t / TONE_SECONDS);
      double wave = sin (2 * G_PI * freq * t) + 0.25 * sin (4 * G_PI * freq * t);
      mix[start + i] += LEVEL * envelope * wave / 1.25;
    }
}

GBytes *
ls_chime_new (void)
{
  size_t second = (size_t) (SECOND_AT * LS_VOICE_SAMPLE_RATE);
  size_t len = second + (size_t) (TONE_SECONDS * LS_VOICE_SAMPLE_RATE);
  g_autofree double *mix = g_new0 (double, len);
  add_tone (mix, len, 0, 659.25);      /* E5 */
  add_tone (mix, len, second, 523.25); /* C5 */
  gint16 *pcm = g_new (gint16, len);
  for (size_t i = 0; i < len; i++)
    pcm[i] = GINT16_TO_LE ((gint16) lrint (CLAMP (mix[i], -1.0, 1.0) * 32767));
  return g_bytes_new_take (pcm, len * sizeof *pcm);
}
