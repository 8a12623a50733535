/* layso-server: arguments, start-up, signals. */
#include "app.h"
#include "http.h"

#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>

static gboolean
on_signal(gpointer loop)
{
  g_main_loop_quit(loop);
  return G_SOURCE_REMOVE;
}

int
main(int argc, char **argv)
{
  LsApp app = { 0 };
  app.clock = layso_clock_new_system();
  LsHttpServer *srv = NULL;
  if (ls_http_start(&app, "127.0.0.1", 0, &srv) < 0)
    return 1;
  printf("listening on http://127.0.0.1:%u\n", ls_http_port(srv));
  fflush(stdout);
  GMainLoop *loop = g_main_loop_new(NULL, FALSE);
  g_unix_signal_add(SIGTERM, on_signal, loop);
  g_unix_signal_add(SIGINT, on_signal, loop);
  g_main_loop_run(loop);
  ls_http_stop(srv);
  g_main_loop_unref(loop);
  layso_clock_free(app.clock);
  return 0;
}
