/* layso-say: the technician's check of the board's voice, without the server.
 *   layso-say [--clips DIR] TICKET COUNTER > call.wav   the announcement, as the board gets it
 *   layso-say --text TICKET COUNTER                      how it is read, in words and clip names
 *   layso-say --words                                    every clip name and the word it replaces
 * With --clips, the folder is checked as layso-server checks it at start-up. */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "vi-number.h"
#include "voice/voice.h"

static int
list_words (void)
{
  size_t n;
  const LaysoViWord *words = layso_vi_words (&n);
  printf ("chime\t\t(the chime before each call)\n");
  for (size_t i = 0; i < n; i++)
    printf ("%s\t%s\t%s\n", words[i].slug, words[i].alias ? words[i].alias : "", words[i].text);
  return 0;
}

static int
print_reading (const char *ticket, unsigned counter)
{
  LaysoViPhrase phrase;
  if (layso_vi_read_announcement (ticket, counter, &phrase) < 0)
    {
      fprintf (stderr, "layso-say: cannot read %s at counter %u\n", ticket, counter);
      return 1;
    }
  g_autofree char *text = layso_vi_phrase_text (&phrase);
  g_autofree char *slugs = layso_vi_phrase_slugs (&phrase);
  printf ("%s\n%s\n", text, slugs);
  return 0;
}

static int
write_announcement (const char *clips, const char *ticket, unsigned counter)
{
  g_autoptr (LsVoice) voice = NULL;
  g_autofree char *error = NULL;
  int r = ls_voice_new (clips, &voice, &error);
  if (r < 0)
    {
      fprintf (stderr, "layso-say: %s\n", error);
      return 1;
    }
  g_autoptr (GBytes) wav = NULL;
  r = ls_voice_announcement_wav (voice, ticket, counter, &wav);
  if (r < 0)
    {
      fprintf (stderr, "layso-say: cannot announce %s at counter %u: %s\n", ticket, counter,
               g_strerror (-r));
      return 1;
    }
  if (isatty (STDOUT_FILENO))
    {
      fprintf (stderr, "layso-say: the WAV goes to standard output; redirect it to a file\n");
      return 2;
    }
  gsize len;
  const void *data = g_bytes_get_data (wav, &len);
  return fwrite (data, 1, len, stdout) == len && fflush (stdout) == 0 ? 0 : 1;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_autofree char *clips = NULL;
  gboolean words = FALSE, text = FALSE;
  GOptionEntry entries[] = {
    { "clips", 0, 0, G_OPTION_ARG_FILENAME, &clips, "Folder of recorded clips", "DIR" },
    { "text", 0, 0, G_OPTION_ARG_NONE, &text, "Print the reading instead of the WAV", NULL },
    { "words", 0, 0, G_OPTION_ARG_NONE, &words, "List the clip names", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("TICKET COUNTER");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "layso-say: %s\n", error->message);
      return 2;
    }
  if (words)
    return list_words ();
  char *end = NULL;
  unsigned long counter = argc == 3 ? strtoul (argv[2], &end, 10) : 0;
  if (argc != 3 || !end || *end || counter == 0 || counter > LAYSO_VI_COUNTER_MAX)
    {
      fprintf (stderr, "usage: layso-say [--clips DIR] [--text] TICKET COUNTER > call.wav\n");
      return 2;
    }
  return text ? print_reading (argv[1], counter) : write_announcement (clips, argv[1], counter);
}
