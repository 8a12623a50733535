/* What the options mean (init) and the undoing of it (teardown): the LsApp a server runs
 * with, its store opened, seeded and read. The options were checked when parsed
 * (options.h), so what is left to fail here is outside the command line: a seed file, the
 * database. */
#pragma once

#include "options.h"

#include <glib.h>

typedef struct LsApp LsApp; /* app.h */

/* What the server is started with, derived from the options (owned here). */
typedef struct
{
  char *host;
  unsigned port;
  char **trusted; /* --trusted-proxy, canonical; NULL = none */
  char *assets;
  char *seed_json; /* --seed FILE's contents, or NULL */
  gsize seed_len;
} LsStartup;

/* 0, or -errno and *ret_error when the seed file cannot be read (an exit-2 mistake). */
int ls_startup_init (const LsOptions *options, LsStartup *ret, char **ret_error);
void ls_startup_clear (LsStartup *st);

/* The clock, the settings and the rate limiters; the store is opened next. Cannot fail. */
void ls_app_init (LsApp *app, const LsOptions *options, const LsStartup *st);
/* The board's voice: espeak-ng started and --voice-clips' folder checked, before the store
 * is touched. 0, or -errno and *ret_error naming the bad clip (an exit-1 failure). */
int ls_app_start_voice (LsApp *app, const LsOptions *options, char **ret_error);
/* Opens the store, seeds it and reads its catalog, then purges what retention says is due.
 * The new kiosks' tokens go into `tokens`. 0, or -errno and *ret_error (an exit-1 failure). */
int ls_app_open_store (LsApp *app, const LsOptions *options, const LsStartup *st, GPtrArray *tokens,
                       char **ret_error);
/* Closes the store (the writer commits what is queued first) and frees the rest (the voice
 * too). */
void ls_app_clear (LsApp *app);
