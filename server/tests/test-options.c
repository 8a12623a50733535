/* The option table and its parser (options.h): values and fallbacks, the `--name=value`
 * form, repeats, every kind of refusal with the option it names, the one-shot commands,
 * and a help made from the table. */
#include "options.h"

#include <errno.h>
#include <string.h>

#define DB "sqlite:/tmp/layso-test-options.db"

/* Parses `args` (NULL-terminated, without argv[0]). */
static int
parse (const char *const *args, LsOptions *ret, char **ret_error)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) "layso-server");
  for (size_t i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return ls_options_parse ((int) argv->len - 1, (char *const *) argv->pdata, ret, ret_error);
}

static void
test_fallbacks (void)
{
  const char *args[] = { "--db", DB, NULL };
  LsOptions o;
  g_autofree char *error = NULL;
  g_assert_cmpint (parse (args, &o, &error), ==, 0);
  g_assert_null (error);
  g_assert_cmpstr (o.db, ==, DB);
  g_assert_cmpstr (o.listen, ==, "127.0.0.1:8080");
  g_assert_cmpstr (o.province, ==, "Thái Nguyên");
  g_assert_cmpuint (o.retention_days, ==, 30);
  g_assert_cmpuint (o.connections_per_address, ==, 64);
  g_assert_cmpuint (o.streams_per_client, ==, 500);
  g_assert_cmpuint (o.db_pool, ==, 8);
  g_assert_cmpuint (o.rate_limit, ==, 0);
  g_assert_false (ls_options_given (&o, "--rate-limit"));
  g_assert_false (ls_options_given (&o, "--listen")); /* a fallback is not "given" */
  g_assert_true (ls_options_given (&o, "--db"));
  g_assert_false (o.dev);
  g_assert_false (o.seed_demo);
  g_assert_null (o.trusted_proxies);
  g_assert_null (o.clock);
  g_assert_null (ls_options_command (&o));
  ls_options_clear (&o);
}

static void
test_values (void)
{
  const char *args[] = { "--db=" DB,
                         "--listen",
                         "[::1]:0",
                         "--dev",
                         "--clock=2025-09-25T10:00:00+07:00",
                         "--rate-limit",
                         "0",
                         "--retention-days=36500",
                         "--province",
                         "Bắc Ninh",
                         "--trusted-proxy",
                         "10.0.0.1,::1",
                         "--trusted-proxy=127.0.0.1",
                         "--streams-per-client",
                         "1",
                         "--streams-per-client",
                         "2", /* given again: the last one counts */
                         "--seed-demo",
                         "--db-pool=64",
                         NULL };
  LsOptions o;
  g_autofree char *error = NULL;
  g_assert_cmpint (parse (args, &o, &error), ==, 0);
  g_assert_cmpstr (o.db, ==, DB);
  g_assert_cmpstr (o.listen, ==, "[::1]:0");
  g_assert_true (o.dev);
  g_assert_true (o.seed_demo);
  g_assert_cmpstr (o.clock, ==, "2025-09-25T10:00:00+07:00");
  g_assert_true (ls_options_given (&o, "--rate-limit"));
  g_assert_cmpuint (o.rate_limit, ==, 0);
  g_assert_cmpuint (o.retention_days, ==, 36500);
  g_assert_cmpuint (o.db_pool, ==, 64);
  g_assert_cmpstr (o.province, ==, "Bắc Ninh");
  g_assert_cmpuint (g_strv_length (o.trusted_proxies), ==, 2);
  g_assert_cmpstr (o.trusted_proxies[0], ==, "10.0.0.1,::1");
  g_assert_cmpstr (o.trusted_proxies[1], ==, "127.0.0.1");
  g_assert_cmpuint (o.streams_per_client, ==, 2);
  ls_options_clear (&o);
  ls_options_clear (&o); /* twice is fine */
}

/* Each refused command line, and what its one-line message must hold. */
static const struct
{
  const char *args[7];
  const char *message;
} refused[] = {
  { { NULL }, "--db SPEC is required (sqlite:PATH or postgresql://…)" },
  { { "--listen", "127.0.0.1:0", NULL }, "--db SPEC is required" },
  { { "--db", "postgres:x", NULL },
    "--db: expected sqlite:PATH or postgresql://…, got postgres:x" },
  { { "--db", "postgresql://", NULL }, "--db: expected sqlite:PATH or postgresql://…" },
  { { "--db", DB, "--db-pool", "0", NULL }, "--db-pool: expected a number of connections" },
  { { "--db", DB, "--db-pool", "65", NULL }, "--db-pool: expected a number of connections" },
  { { "--db", DB, "--db-pool", "00", NULL }, "--db-pool: expected a number of connections" },
  { { "--db", NULL }, "--db needs a value (SPEC)" },
  { { "--db", DB, "--bogus", NULL }, "unknown option --bogus" },
  { { "--db", DB, "--bogus=1", NULL }, "unknown option --bogus" },
  { { "--db", DB, "-x", NULL }, "unknown option -x" },
  { { "--db", DB, "stray", NULL }, "unexpected argument: stray" },
  { { "--db", DB, "--dev=yes", NULL }, "--dev takes no value" },
  { { "--db", DB, "--listen", "8080", NULL }, "--listen: expected HOST:PORT, got 8080" },
  { { "--db", DB, "--listen", "h:65536", NULL }, "--listen: expected HOST:PORT, got h:65536" },
  { { "--db", DB, "--listen", "[::1:80", NULL }, "--listen: expected HOST:PORT" },
  { { "--db", DB, "--rate-limit", "-1", NULL }, "--rate-limit: expected a number" },
  { { "--db", DB, "--rate-limit", "1000001", NULL }, "--rate-limit: expected a number" },
  { { "--db", DB, "--retention-days", "36501", NULL }, "--retention-days: expected a number" },
  { { "--db", DB, "--retention-days", "", NULL }, "--retention-days: expected a number" },
  { { "--db", DB, "--connections-per-address", "1e3", NULL }, "--connections-per-address:" },
  { { "--db", DB, "--streams-per-client", "x", NULL }, "--streams-per-client: expected" },
  { { "--db", DB, "--clock", "2025-09-25", "--dev", NULL }, "--clock: expected RFC 3339" },
  { { "--db", DB, "--clock", "2025-09-25T10:00:00+07:00", NULL }, "--clock needs --dev" },
  { { "--db", DB, "--province", "<b>", NULL }, "--province: expected a name" },
  { { "--db", DB, "--province", "", NULL }, "--province: expected a name" },
  { { "--db", DB, "--province", "\xff", NULL }, "--province: expected a name" },
  { { "--db", DB, "--trusted-proxy", "nginx", NULL }, "--trusted-proxy: expected IPv4 or IPv6" },
  { { "--db", DB, "--trusted-proxy", "10.0.0.0/8", NULL }, "--trusted-proxy: expected" },
  { { "--db", DB, "--rotate-kiosk-token", "", NULL }, "--rotate-kiosk-token: expected a kiosk id" },
  { { "--db", DB, "--rotate-kiosk-token", "k", "--dev", NULL },
    "--rotate-kiosk-token is a one-shot command and cannot be combined with --dev" },
  { { "--db", DB, "--listen", "127.0.0.1:0", "--rotate-kiosk-token", "k", NULL },
    "cannot be combined with --listen" },
};

static void
test_refused (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      LsOptions o = { .db = (char *) "untouched" };
      g_autofree char *error = NULL;
      int r = parse (refused[i].args, &o, &error);
      if (r != -EINVAL || !error || !strstr (error, refused[i].message) || strchr (error, '\n'))
        g_error ("case %zu: expected -EINVAL and \"%s\", got %d and \"%s\"", i, refused[i].message,
                 r, error);
      g_assert_cmpstr (o.db, ==, "untouched"); /* *ret only on success */
    }
}

static void
test_command (void)
{
  const char *args[] = { "--rotate-kiosk-token", "kiosk-1", "--db", DB, NULL };
  LsOptions o;
  g_autofree char *error = NULL;
  g_assert_cmpint (parse (args, &o, &error), ==, 0);
  const LsOption *command = ls_options_command (&o);
  g_assert_nonnull (command);
  g_assert_cmpstr (command->name, ==, "--rotate-kiosk-token");
  g_assert_nonnull (command->command);
  g_assert_cmpstr (o.rotate_kiosk_token, ==, "kiosk-1");
  g_assert_cmpstr (ls_options_string (&o, command), ==, "kiosk-1");
  ls_options_clear (&o);
}

/* The help with every run of white space made one space: a wrapped help text reads whole. */
static char *
squeeze (const char *text)
{
  GString *s = g_string_new (NULL);
  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (s, *p);
    else if (s->len && s->str[s->len - 1] != ' ')
      g_string_append_c (s, ' ');
  return g_string_free (s, FALSE);
}

static void
test_help (void)
{
  const char *asks[][4] = {
    { "--help", NULL },
    { "-h", NULL },
    { "--db", "bad", "--help", NULL }, /* help wins over everything */
    { "--bogus", "--help", NULL },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (asks); i++)
    {
      LsOptions o = { 0 };
      g_autofree char *error = NULL;
      g_assert_cmpint (parse (asks[i], &o, &error), ==, 1);
      g_assert_null (error);
      g_assert_null (o.db);
    }
  g_autofree char *help = ls_options_help ();
  g_autofree char *flat = squeeze (help);
  size_t rows = 0;
  for (const LsOption *o = ls_options; o->name; o++, rows++)
    {
      g_autofree char *line = g_strdup_printf ("\n  %s%s%s ", o->name, o->argument ? " " : "",
                                               o->argument ? o->argument : "");
      if (!strstr (help, line) || !strstr (flat, o->help))
        g_error ("the help lacks %s:\n%s", o->name, help);
      g_assert_true (o->kind != LS_OPTION_UINT || o->max > 0);
      g_assert_true ((o->kind == LS_OPTION_FLAG) == (o->argument == NULL));
    }
  g_assert_cmpuint (rows, <, 64); /* LsOptions.given has a bit per row */
  g_assert_nonnull (strstr (help, "default 30"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/options/fallbacks", test_fallbacks);
  g_test_add_func ("/layso/options/values", test_values);
  g_test_add_func ("/layso/options/refused", test_refused);
  g_test_add_func ("/layso/options/command", test_command);
  g_test_add_func ("/layso/options/help", test_help);
  return g_test_run ();
}
