/* The command line of layso-server: one table (options.c) says each option's name, argument,
 * help text, where its value goes and how it is checked; the parser and `--help` are made
 * from it. Adding an option is a row in ls_options[] and a field in LsOptions; a one-shot command
 * (such as --rotate-kiosk-token) is a row whose `command` is its function.
 *
 * Rules:
 *   "--name VALUE" and "--name=VALUE" are the same; a flag takes no value; a LIST option may
 *     be given again (its values add up), any other option given again keeps the last value;
 *   every value is checked when it is read: a UINT is decimal digits up to the row's max, a
 *     value with a `valid` check must pass it;
 *   --db is required (also by the one-shot commands);
 *   --clock needs --dev;
 *   a row with a `command` is a one-shot command: it runs instead of the server, with --db
 *     and nothing else;
 *   "--help" or "-h" anywhere: the help, nothing else checked. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct LsOptions LsOptions;

typedef enum
{
  LS_OPTION_FLAG,   /* bool, no value */
  LS_OPTION_STRING, /* char *, g_free'd */
  LS_OPTION_UINT,   /* unsigned, at most `max` */
  LS_OPTION_LIST,   /* char ** (NULL-terminated), every value given, g_strfreev'd */
} LsOptionKind;

typedef struct
{
  const char *name;     /* "--db"; NULL ends the table */
  const char *argument; /* "SPEC" in the help; NULL for a flag */
  const char *help;
  LsOptionKind kind;
  size_t offset;                     /* of its field in LsOptions */
  unsigned max;                      /* LS_OPTION_UINT only */
  bool (*valid) (const char *value); /* NULL: any value of its kind */
  const char *expected;              /* "expected <this>, got …"; defaults to `argument` */
  const char *fallback;              /* the value when not given (also in the help); or NULL */
  /* A one-shot command: run with --db's spec and the option's value, returns the exit
   * status (commands.h). A command row is a LS_OPTION_STRING. */
  int (*command) (const char *db, const char *value);
} LsOption;

extern const LsOption ls_options[];

struct LsOptions
{
  char *db;
  unsigned db_pool;
  char *listen;
  bool seed_demo;
  char *seed_file;
  bool dev;
  char *clock;
  unsigned rate_limit;
  unsigned retention_days;
  char *assets;
  char *voice_clips;
  char *province;
  char **trusted_proxies;
  unsigned connections_per_address;
  unsigned streams_per_client;
  char *rotate_kiosk_token;
  char *create_admin;
  char *migrate_from;
  guint64 given; /* bit i: ls_options[i] was on the command line */
};

/* 0, or 1 when the help was asked for (*ret is then empty), or -EINVAL and a one-line
 * *ret_error naming the option. *ret is written only on 0. */
int ls_options_parse (int argc, char *const *argv, LsOptions *ret, char **ret_error);
/* Frees what the options hold. NULL is fine. */
void ls_options_clear (LsOptions *o);
/* Whether option `name` ("--dev") was on the command line. */
bool ls_options_given (const LsOptions *o, const char *name);
/* The one-shot command given, or NULL to run the server. */
const LsOption *ls_options_command (const LsOptions *o);
/* The value of a LS_OPTION_STRING row (NULL when not given and without fallback). */
const char *ls_options_string (const LsOptions *o, const LsOption *row);
/* The text of --help, made from the table. g_free it. */
char *ls_options_help (void);

/* "HOST:PORT" or "[V6]:PORT" (--listen), split; false on anything else. */
bool ls_parse_listen (const char *s, char **ret_host, unsigned *ret_port);
