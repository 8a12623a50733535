/* The real layso-server's command line: --help lists every option of the table and exits 0
 * with nothing on stderr; a bad option or a bad value is one line on stderr naming the
 * option, nothing on stdout, exit 2, and no database left behind. */
#include "harness.h"
#include "options.h"

#include <string.h>
#include <glib/gstdio.h>

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
  /* the options the unit files, the packaging and the docs use: none may go missing */
  static const char *const documented[] = {
    "--db SPEC",
    "--listen HOST:PORT",
    "--seed-demo",
    "--seed FILE",
    "--dev",
    "--clock RFC3339",
    "--rate-limit N",
    "--retention-days N",
    "--assets DIR",
    "--province NAME",
    "--trusted-proxy ADDR",
    "--connections-per-address N",
    "--streams-per-client N",
    "--rotate-kiosk-token KIOSK_ID",
    "--help",
  };
  const char *args[] = { "--help", NULL };
  g_auto (LtCommand) r = { 0 };
  lt_run_server_command (args, &r);
  g_assert_cmpint (r.exit_status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  for (size_t i = 0; i < G_N_ELEMENTS (documented); i++)
    if (!strstr (r.out, documented[i]))
      lt_fail_at (__FILE__, __LINE__, "--help lacks %s:\n%s", documented[i], r.out);
  g_autofree char *flat = squeeze (r.out);
  for (const LsOption *o = ls_options; o->name; o++)
    if (!strstr (r.out, o->name) || !strstr (flat, o->help))
      lt_fail_at (__FILE__, __LINE__, "--help lacks the table's %s:\n%s", o->name, r.out);
}

static void
test_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("layso-cli-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, "layso.db", NULL);
  g_autofree char *db = g_strdup_printf ("sqlite:%s", db_path);
  const struct
  {
    const char *args[5];
    const char *names; /* the message names this */
  } cases[] = {
    { { "--listen", "127.0.0.1:0", NULL }, "--db" },
    { { "--db", db, "--no-such-option", NULL }, "--no-such-option" },
    { { "--db", db, "--listen", "nowhere", NULL }, "--listen" },
    { { "--db", db, "--listen", NULL }, "--listen" },
    { { "--db", db, "--retention-days", "ba", NULL }, "--retention-days" },
    { { "--db", db, "--rate-limit=-5", NULL }, "--rate-limit" },
    { { "--db", db, "--province", "<script>", NULL }, "--province" },
    { { "--db", db, "--clock", "2025-09-25T10:00:00+07:00", NULL }, "--clock" },
    { { "--db", db, "--dev", "stray", NULL }, "stray" },
    { { "--db", "mysql:x", NULL }, "--db" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (LtCommand) r = { 0 };
      lt_run_server_command (cases[i].args, &r);
      const char *nl = strchr (r.err, '\n');
      if (r.exit_status != 2 || !g_str_has_prefix (r.err, "layso-server: ") ||
          !strstr (r.err, cases[i].names) || !nl || nl[1] || *r.out)
        lt_fail_at (__FILE__, __LINE__,
                    "case %zu: expected exit 2 and one line naming %s, got %d\n"
                    "stdout: %s\nstderr: %s",
                    i, cases[i].names, r.exit_status, r.out, r.err);
    }
  g_assert_false (g_file_test (db_path, G_FILE_TEST_EXISTS)); /* refused before any effect */
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_test_add_func ("/layso/integration/cli/help", test_help);
  g_test_add_func ("/layso/integration/cli/refused", test_refused);
  return g_test_run ();
}
