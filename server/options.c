/* The option table, its parser and its help (options.h). */
#include "options.h"

#include "clock.h"
#include "commands.h"
#include "http/clientaddr.h"
#include "staff-admin.h"
#include "store/store.h"
#include "validate.h"

#include <errno.h>
#include <string.h>

#define KIOSK_ID_MAX_BYTES 200
/* A GDateTime's shortest RFC 3339 form is 20 bytes, its longest with nanoseconds 35. */
#define CLOCK_MAX_BYTES 64

/* --- what a value must be -------------------------------------------------------- */

static bool
db_ok (const char *s)
{
  return ls_store_spec_valid (s);
}

/* 1..64 (the table's max checks the upper bound): at least one connection. */
static bool
pool_ok (const char *s)
{
  return g_ascii_strtoull (s, NULL, 10) >= 1;
}

/* "HOST:PORT" or "[V6]:PORT". */
bool
ls_parse_listen (const char *s, char **ret_host, unsigned *ret_port)
{
  const char *colon = strrchr (s, ':');
  guint64 port;
  if (!colon || colon == s || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    return false;
  g_autofree char *host = g_strndup (s, (gsize) (colon - s));
  if (host[0] == '[')
    {
      size_t n = strlen (host);
      if (n < 3 || host[n - 1] != ']')
        return false;
      memmove (host, host + 1, n - 2);
      host[n - 2] = '\0';
    }
  *ret_host = g_steal_pointer (&host);
  *ret_port = (unsigned) port;
  return true;
}

static bool
listen_ok (const char *s)
{
  g_autofree char *host = NULL;
  unsigned port;
  return ls_parse_listen (s, &host, &port);
}

static bool
clock_ok (const char *s)
{
  if (strlen (s) > CLOCK_MAX_BYTES)
    return false;
  g_autoptr (GDateTime) t = layso_rfc3339_parse (s);
  return t != NULL;
}

/* The name goes into every page (HTML-escaped there too): letters, spaces, '-' and '.' only,
 * as a place name needs, so a typo in a unit file cannot put markup on the pages. The bytes
 * are taken as given, whatever the locale, so "Bắc Ninh" works under LC_ALL=C. */
static bool
proxies_ok (const char *s)
{
  const char *lists[] = { s, NULL };
  const char *bad = NULL;
  g_auto (GStrv) parsed = ls_addr_list_parse (lists, &bad);
  return parsed != NULL;
}

static bool
kiosk_id_ok (const char *s)
{
  size_t n = strlen (s);
  return n > 0 && n <= KIOSK_ID_MAX_BYTES && g_utf8_validate (s, -1, NULL);
}

/* --- the table --------------------------------------------------------------------- */

#define FIELD(name) offsetof (LsOptions, name)

const LsOption ls_options[] = {
  { .name = "--db",
    .argument = "SPEC",
    .help = "Database: sqlite:PATH, or postgresql://… (a libpq URI) (required)",
    .kind = LS_OPTION_STRING,
    .offset = FIELD (db),
    .valid = db_ok,
    .expected = "sqlite:PATH or postgresql://…" },
  { .name = "--db-pool",
    .argument = "N",
    .help = "Connections to a PostgreSQL database (1-64); each serves one query at a time",
    .kind = LS_OPTION_UINT,
    .offset = FIELD (db_pool),
    .max = 64,
    .valid = pool_ok,
    .expected = "a number of connections from 1 to 64",
    .fallback = G_STRINGIFY (LS_STORE_POOL_DEFAULT) },
  { .name = "--listen",
    .argument = "HOST:PORT",
    .help = "Address (port 0: any free port)",
    .kind = LS_OPTION_STRING,
    .offset = FIELD (listen),
    .valid = listen_ok,
    .fallback = "127.0.0.1:8080" },
  { .name = "--seed-demo",
    .help = "Load the demo units, notice and kiosk",
    .kind = LS_OPTION_FLAG,
    .offset = FIELD (seed_demo) },
  { .name = "--seed",
    .argument = "FILE",
    .help = "Load a seed file (format of assets/demo/seed.json)",
    .kind = LS_OPTION_STRING,
    .offset = FIELD (seed_file) },
  { .name = "--dev",
    .help = "Development mode: settable clock, no rate limits",
    .kind = LS_OPTION_FLAG,
    .offset = FIELD (dev) },
  { .name = "--clock",
    .argument = "RFC3339",
    .help = "Start the clock here (--dev only)",
    .kind = LS_OPTION_STRING,
    .offset = FIELD (clock),
    .valid = clock_ok,
    .expected = "RFC 3339 like 2025-09-25T10:00:00+07:00" },
  { .name = "--rate-limit",
    .argument = "N",
    .help = "POSTs per minute per client address, 0 = off (default 1200, 0 with --dev)",
    .kind = LS_OPTION_UINT,
    .offset = FIELD (rate_limit),
    .max = 1000000,
    .expected = "a number of requests per minute" },
  { .name = "--retention-days",
    .argument = "N",
    .help = "Days personal data is kept after the booked day",
    .kind = LS_OPTION_UINT,
    .offset = FIELD (retention_days),
    .max = 36500,
    .expected = "a number of days",
    .fallback = "30" },
  { .name = "--assets",
    .argument = "DIR",
    .help = "Web pages directory",
    .kind = LS_OPTION_STRING,
    .offset = FIELD (assets) },
  { .name = "--voice-clips",
    .argument = "DIR",
    .help = "Recorded clips that replace words of the board's announcements (docs/voice.md); "
            "every clip is checked at start-up",
    .kind = LS_OPTION_STRING,
    .offset = FIELD (voice_clips) },
  { .name = "--province",
    .argument = "NAME",
    .help = "Province named in the pages' header (\"TỈNH THÁI NGUYÊN\")",
    .kind = LS_OPTION_STRING,
    .offset = FIELD (province),
    .valid = layso_province_name_is_valid,
    .expected = "a name of 1 to 60 letters, spaces, '-' or '.'",
    .fallback = "Thái Nguyên" },
  { .name = "--trusted-proxy",
    .argument = "ADDR",
    .help = "Reverse proxy whose X-Forwarded-For names the client (repeatable, "
            "comma-separated)",
    .kind = LS_OPTION_LIST,
    .offset = FIELD (trusted_proxies),
    .valid = proxies_ok,
    .expected = "IPv4 or IPv6 addresses" },
  { .name = "--connections-per-address",
    .argument = "N",
    .help = "Open connections per client address (trusted proxies exempt), 0 = no limit",
    .kind = LS_OPTION_UINT,
    .offset = FIELD (connections_per_address),
    .max = 1000000,
    .expected = "a number",
    .fallback = "64" },
  { .name = "--streams-per-client",
    .argument = "N",
    .help = "Event streams per client address (behind a trusted proxy, per forwarded "
            "client), 0 = no limit",
    .kind = LS_OPTION_UINT,
    .offset = FIELD (streams_per_client),
    .max = 1000000,
    .expected = "a number",
    .fallback = "500" },
  { .name = "--rotate-kiosk-token",
    .argument = "KIOSK_ID",
    .help = "Give the kiosk a new token, print it and exit (the old token stops working)",
    .kind = LS_OPTION_STRING,
    .offset = FIELD (rotate_kiosk_token),
    .valid = kiosk_id_ok,
    .expected = "a kiosk id (1-200 bytes of UTF-8)",
    .command = ls_command_rotate_kiosk_token },
  { .name = "--migrate-from",
    .argument = "sqlite:PATH",
    .help = "Copy a SQLite database into the --db PostgreSQL one (empty), and exit",
    .kind = LS_OPTION_STRING,
    .offset = FIELD (migrate_from),
    .valid = db_ok,
    .expected = "sqlite:PATH",
    .command = ls_command_migrate_from },
  { .name = "--create-admin",
    .argument = "USERNAME",
    .help = "Create an admin (or set their password) with the password read from stdin, and exit",
    .kind = LS_OPTION_STRING,
    .offset = FIELD (create_admin),
    .command = ls_staff_create_admin_command },
  { .name = NULL },
};

/* --- the parser ------------------------------------------------------------------------ */

static const LsOption *
find_option (const char *name, size_t len)
{
  for (const LsOption *o = ls_options; o->name; o++)
    if (strlen (o->name) == len && memcmp (o->name, name, len) == 0)
      return o;
  return NULL;
}

/* Checks `value` and stores it in o's field; -EINVAL and *ret_error on a bad value. */
static int
store_value (const LsOption *o, const char *value, LsOptions *opts, char **ret_error)
{
  void *field = (char *) opts + o->offset;
  const char *expected = o->expected ? o->expected : o->argument;
  guint64 n = 0;
  if (o->kind == LS_OPTION_UINT && !g_ascii_string_to_unsigned (value, 10, 0, o->max, &n, NULL))
    goto bad;
  if (o->valid && !o->valid (value))
    goto bad;
  if (o->kind == LS_OPTION_UINT)
    *(unsigned *) field = (unsigned) n;
  else if (o->kind == LS_OPTION_STRING)
    {
      g_free (*(char **) field);
      *(char **) field = g_strdup (value);
    }
  else if (o->kind == LS_OPTION_LIST)
    {
      char ***list = field;
      guint len = *list ? g_strv_length (*list) : 0;
      *list = g_renew (char *, *list, len + 2);
      (*list)[len] = g_strdup (value);
      (*list)[len + 1] = NULL;
    }
  return 0;
bad:
  *ret_error = g_strdup_printf ("%s: expected %s, got %s", o->name, expected, value);
  return -EINVAL;
}

/* One option at argv[*i] (advanced past its value when it takes the next argument). */
static int
parse_one (int argc, char *const *argv, int *i, LsOptions *opts, char **ret_error)
{
  const char *arg = argv[*i];
  const char *eq = strchr (arg, '=');
  size_t name_len = eq ? (size_t) (eq - arg) : strlen (arg);
  const LsOption *o = g_str_has_prefix (arg, "--") ? find_option (arg, name_len) : NULL;
  if (!o)
    {
      *ret_error = g_str_has_prefix (arg, "-")
                       ? g_strdup_printf ("unknown option %.*s (see --help)", (int) name_len, arg)
                       : g_strdup_printf ("unexpected argument: %s", arg);
      return -EINVAL;
    }
  opts->given |= G_GUINT64_CONSTANT (1) << (o - ls_options);
  if (o->kind == LS_OPTION_FLAG)
    {
      if (eq)
        {
          *ret_error = g_strdup_printf ("%s takes no value", o->name);
          return -EINVAL;
        }
      *(bool *) ((char *) opts + o->offset) = true;
      return 0;
    }
  if (!eq && *i + 1 >= argc)
    {
      *ret_error = g_strdup_printf ("%s needs a value (%s)", o->name, o->argument);
      return -EINVAL;
    }
  return store_value (o, eq ? eq + 1 : argv[++*i], opts, ret_error);
}

/* The fallbacks of the options not given (table constants: they pass their own checks). */
static void
apply_fallbacks (LsOptions *opts)
{
  for (const LsOption *o = ls_options; o->name; o++)
    if (o->fallback && !ls_options_given (opts, o->name))
      {
        g_autofree char *error = NULL;
        if (store_value (o, o->fallback, opts, &error) < 0)
          g_error ("the fallback of %s fails its own check: %s", o->name, error);
      }
}

/* The rules between options (options.h). */
static int
check_combination (const LsOptions *opts, char **ret_error)
{
  const LsOption *command = ls_options_command (opts);
  if (!opts->db)
    *ret_error = g_strdup ("--db SPEC is required (sqlite:PATH or postgresql://…)");
  else if (opts->clock && !opts->dev)
    *ret_error = g_strdup ("--clock needs --dev");
  for (const LsOption *o = ls_options; command && !*ret_error && o->name; o++)
    if (o != command && !g_str_has_prefix (o->name, "--db") && ls_options_given (opts, o->name))
      *ret_error = g_strdup_printf ("%s is a one-shot command and cannot be combined with %s",
                                    command->name, o->name);
  return *ret_error ? -EINVAL : 0;
}

static bool
asks_for_help (int argc, char *const *argv)
{
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
      return true;
  return false;
}

int
ls_options_parse (int argc, char *const *argv, LsOptions *ret, char **ret_error)
{
  if (asks_for_help (argc, argv))
    return 1;
  LsOptions opts = { 0 };
  g_autofree char *error = NULL;
  int r = 0;
  for (int i = 1; i < argc && r == 0; i++)
    r = parse_one (argc, argv, &i, &opts, &error);
  if (r == 0)
    r = check_combination (&opts, &error);
  if (r < 0)
    {
      ls_options_clear (&opts);
      *ret_error = g_steal_pointer (&error);
      return r;
    }
  apply_fallbacks (&opts);
  *ret = opts;
  return 0;
}

void
ls_options_clear (LsOptions *opts)
{
  if (!opts)
    return;
  for (const LsOption *o = ls_options; o->name; o++)
    {
      void *field = (char *) opts + o->offset;
      if (o->kind == LS_OPTION_STRING)
        g_clear_pointer ((char **) field, g_free);
      else if (o->kind == LS_OPTION_LIST)
        g_clear_pointer ((char ***) field, g_strfreev);
    }
  opts->given = 0;
}

bool
ls_options_given (const LsOptions *opts, const char *name)
{
  const LsOption *o = find_option (name, strlen (name));
  g_return_val_if_fail (o, false);
  return opts->given & (G_GUINT64_CONSTANT (1) << (o - ls_options));
}

const char *
ls_options_string (const LsOptions *opts, const LsOption *row)
{
  g_return_val_if_fail (row->kind == LS_OPTION_STRING, NULL);
  return *(char *const *) ((const char *) opts + row->offset);
}

const LsOption *
ls_options_command (const LsOptions *opts)
{
  for (const LsOption *o = ls_options; o->name; o++)
    if (o->command && ls_options_given (opts, o->name))
      return o;
  return NULL;
}

#define HELP_INDENT 39 /* "  " + a 36-column name + " " */
#define HELP_WIDTH  100

/* `text` after the name column, wrapped at word boundaries to HELP_WIDTH. */
static void
append_wrapped (GString *s, const char *text)
{
  g_auto (GStrv) words = g_strsplit (text, " ", -1);
  size_t column = HELP_INDENT;
  for (char **w = words; *w; w++)
    {
      size_t len = (size_t) g_utf8_strlen (*w, -1);
      if (w != words && column + 1 + len > HELP_WIDTH)
        {
          g_string_append_printf (s, "\n%*s", HELP_INDENT, "");
          column = HELP_INDENT;
        }
      else if (w != words)
        {
          g_string_append_c (s, ' ');
          column++;
        }
      g_string_append (s, *w);
      column += len;
    }
}

char *
ls_options_help (void)
{
  GString *s = g_string_new ("Usage:\n"
                             "  layso-server --db SPEC [OPTION…]     serve\n"
                             "  layso-server --db SPEC --COMMAND …   a one-shot command\n\n"
                             "Options:\n");
  for (const LsOption *o = ls_options; o->name; o++)
    {
      g_autofree char *left = g_strdup_printf ("%s%s%s", o->name, o->argument ? " " : "",
                                               o->argument ? o->argument : "");
      g_autofree char *help = o->fallback ? g_strdup_printf ("%s; default %s", o->help, o->fallback)
                                          : g_strdup (o->help);
      g_string_append_printf (s, "  %-36s ", left);
      append_wrapped (s, help);
      g_string_append_c (s, '\n');
    }
  g_string_append (s, "  --help, -h                           This help\n");
  return g_string_free (s, FALSE);
}
