/* layso-server: parse the options, init (store, seeding, catalog), run (HTTP, retention)
 * until SIGTERM/SIGINT, tear down. The options are one table (options.c: `--help` lists
 * them); the one-shot commands such as --rotate-kiosk-token run instead of the server
 * (commands.h).
 *
 * Bad arguments: one line on stderr, exit 2. Start-up failures: one line, exit 1.
 * SIGTERM/SIGINT: stop accepting, finish requests in flight, flush the writer, close the
 * database, exit 0. */
#include "app.h"
#include "http/http.h"
#include "options.h"
#include "retention.h"
#include "routes/events.h"
#include "startup.h"
#include "ticker.h"

#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static G_GNUC_NORETURN G_GNUC_PRINTF (2, 3) void die (int status, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, "layso-server: %s\n", msg);
  exit (status);
}

/* --- parse -------------------------------------------------------------------------- */

static void
parse (int argc, char **argv, LsOptions *ret)
{
  g_autofree char *error = NULL;
  int r = ls_options_parse (argc, argv, ret, &error);
  if (r < 0)
    die (2, "%s", error);
  if (r > 0)
    {
      g_autofree char *help = ls_options_help ();
      fputs (help, stdout);
      exit (0);
    }
}

/* --- run: serve until SIGTERM/SIGINT -------------------------------------------------- */

static gboolean
on_signal (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* The new kiosks' tokens first: once "listening" is out, everything a test needs is
 * printed. */
static void
announce (const LsStartup *st, unsigned port, GPtrArray *tokens)
{
  for (guint i = 0; i < tokens->len; i++)
    printf ("kiosk token: %s\n", (const char *) g_ptr_array_index (tokens, i));
  bool v6 = strchr (st->host, ':') != NULL;
  printf ("listening on http://%s%s%s:%u\n", v6 ? "[" : "", st->host, v6 ? "]" : "", port);
  fflush (stdout);
}

static void
run (LsApp *app, const LsStartup *st, GPtrArray *tokens)
{
  /* before "listening on": a SIGTERM right after it must still stop the server cleanly */
  GMainLoop *loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_unix_signal_add (SIGINT, on_signal, loop);
  LsHttpServer *srv = NULL;
  int r = ls_http_start (app, st->host, st->port, &srv);
  if (r < 0)
    die (1, "cannot listen on %s:%u (%s)", st->host, st->port, g_strerror (-r));
  announce (st, ls_http_port (srv), tokens);

  LsTicker *purger = ls_retention_start (app);
  g_main_loop_run (loop);
  ls_http_stop (srv); /* no new requests; those in flight finish */
  ls_events_stop ();
  ls_ticker_stop (purger);
  g_main_loop_unref (loop);
}

int
main (int argc, char **argv)
{
  LsOptions options;
  parse (argc, argv, &options);
  const LsOption *command = ls_options_command (&options);
  if (command)
    {
      int status = command->command (options.db, ls_options_string (&options, command));
      ls_options_clear (&options);
      return status;
    }

  LsStartup st;
  LsApp app;
  g_autofree char *error = NULL;
  g_autoptr (GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  if (ls_startup_init (&options, &st, &error) < 0)
    die (2, "%s", error);
  ls_app_init (&app, &options, &st);
  if (ls_app_start_voice (&app, &options, &error) < 0)
    die (1, "%s", error);
  if (ls_app_open_store (&app, &options, &st, tokens, &error) < 0)
    die (1, "%s", error);

  run (&app, &st, tokens);

  ls_app_clear (&app);
  ls_startup_clear (&st);
  ls_options_clear (&options);
  return 0;
}
