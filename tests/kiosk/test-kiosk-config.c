/* The kiosk's configuration table: good files give the documented values and defaults, every
 * bad one gives exactly one line naming the key. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "lk-config.h"

#define BASE "[server]\nurl=https://layso.example.vn\ntoken=abc123\n[printer]\nname=kiosk\n"

static void
test_defaults (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LkConfig) config = NULL;

  g_assert_true (lk_config_load_data (BASE, sizeof BASE - 1, &config, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (config->server_url, ==, "https://layso.example.vn");
  g_assert_cmpstr (config->server_token, ==, "abc123");
  g_assert_null (config->server_ca_file);
  g_assert_cmpstr (config->printer_name, ==, "kiosk");
  g_assert_cmpint (config->printer_mode, ==, LK_CONFIG_PRINT_ESCPOS);
  g_assert_cmpint (config->paper_mm, ==, 80);
  g_assert_cmpuint (config->printer_check_seconds, ==, 5);
  g_assert_cmpstr (config->camera_source, ==, "none");
  g_assert_cmpuint (config->file_interval_ms, ==, 1000);
  g_assert_cmpuint (config->countdown_seconds, ==, 15);
  g_assert_cmpuint (config->error_seconds, ==, 8);
  g_assert_cmpuint (config->idle_seconds, ==, 60);
  g_assert_true (config->fullscreen);
}

static void
test_all_keys (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LkConfig) config = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lk-config-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *ca = g_build_filename (dir, "ca.pem", NULL);
  g_assert_true (g_file_set_contents (ca, "x", 1, NULL));
  g_autofree char *text = g_strdup_printf (
      "# a comment\n"
      "[server]\nurl = http://127.0.0.1:8080/ \ntoken=T0k-en_\nca_file=%s\n"
      "[printer]\nname=Thermal_1\nmode=pdf\npaper_mm=58\ncheck_seconds=30\n"
      "[camera]\nsource=files:/a.png,/b.png\nfile_interval_ms=250\n"
      "[kiosk]\ncountdown_seconds=3\nerror_seconds=2\nidle_seconds=5\nfullscreen=false\n"
      "[someone-else]\nanything=goes\n",
      ca);

  g_assert_true (lk_config_load_data (text, strlen (text), &config, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (config->server_url, ==, "http://127.0.0.1:8080");
  g_assert_cmpstr (config->server_token, ==, "T0k-en_");
  g_assert_cmpstr (config->server_ca_file, ==, ca);
  g_assert_cmpstr (config->printer_name, ==, "Thermal_1");
  g_assert_cmpint (config->printer_mode, ==, LK_CONFIG_PRINT_PDF);
  g_assert_cmpint (config->paper_mm, ==, 58);
  g_assert_cmpuint (config->printer_check_seconds, ==, 30);
  g_assert_cmpstr (config->camera_source, ==, "files:/a.png,/b.png");
  g_assert_cmpuint (config->file_interval_ms, ==, 250);
  g_assert_cmpuint (config->countdown_seconds, ==, 3);
  g_assert_cmpuint (config->error_seconds, ==, 2);
  g_assert_cmpuint (config->idle_seconds, ==, 5);
  g_assert_false (config->fullscreen);

  g_unlink (ca);
  g_rmdir (dir);
}

typedef struct
{
  const char *text; /* appended to BASE unless replace */
  gboolean replace;
  int code;
  const char *message;
} BadCase;

static const BadCase bad_cases[] = {
  { "[printer]\nname=kiosk\n", TRUE, LK_CONFIG_ERROR_MISSING, "[server] url is missing" },
  { "[server]\nurl=\ntoken=x\n[printer]\nname=k\n", TRUE, LK_CONFIG_ERROR_MISSING,
    "[server] url is missing" },
  { "[server]\nurl=https://a.vn\n[printer]\nname=k\n", TRUE, LK_CONFIG_ERROR_MISSING,
    "[server] token is missing" },
  { "[server]\nurl=https://a.vn\ntoken=t\n", TRUE, LK_CONFIG_ERROR_MISSING,
    "[printer] name is missing" },
  { "[server]\nurl=ftp://a.vn\ntoken=t\n[printer]\nname=k\n", TRUE, LK_CONFIG_ERROR_INVALID,
    "[server] url must be an http:// or https:// address, not \"ftp://a.vn\"" },
  { "[server]\nurl=https://\ntoken=t\n[printer]\nname=k\n", TRUE, LK_CONFIG_ERROR_INVALID,
    "[server] url must be an http:// or https:// address, not \"https://\"" },
  { "[server]\nurl=layso.example.vn\ntoken=t\n[printer]\nname=k\n", TRUE, LK_CONFIG_ERROR_INVALID,
    "[server] url must be an http:// or https:// address, not \"layso.example.vn\"" },
  { "[server]\nurl=https://a.vn/x?y=1\ntoken=t\n[printer]\nname=k\n", TRUE, LK_CONFIG_ERROR_INVALID,
    "[server] url must be an http:// or https:// address, not \"https://a.vn/x?y=1\"" },
  { "[server]\nurl=https://a.vn\ntoken=a b\n[printer]\nname=k\n", TRUE, LK_CONFIG_ERROR_INVALID,
    "[server] token must be 1 to 256 printable characters without spaces" },
  { "[server]\nurl=https://a.vn\ntoken=t\nca_file=/nonexistent/ca.pem\n[printer]\nname=k\n", TRUE,
    LK_CONFIG_ERROR_INVALID,
    "[server] ca_file must name an existing file, not \"/nonexistent/ca.pem\"" },
  { "[server]\nurl=https://a.vn\ntoken=t\n[printer]\nname=my printer\n", TRUE,
    LK_CONFIG_ERROR_INVALID,
    "[printer] name must be a CUPS queue name (no spaces, '/', '#'), not \"my printer\"" },
  { "[server]\nurl=https://a.vn\ntoken=t\n[printer]\nname=a/b\n", TRUE, LK_CONFIG_ERROR_INVALID,
    "[printer] name must be a CUPS queue name (no spaces, '/', '#'), not \"a/b\"" },
  { "mode=zpl\n", FALSE, LK_CONFIG_ERROR_INVALID,
    "[printer] mode must be escpos or pdf, not \"zpl\"" },
  { "paper_mm=70\n", FALSE, LK_CONFIG_ERROR_INVALID,
    "[printer] paper_mm must be 80 or 58, not \"70\"" },
  { "paper_mm=80mm\n", FALSE, LK_CONFIG_ERROR_INVALID,
    "[printer] paper_mm must be 80 or 58, not \"80mm\"" },
  { "check_seconds=0\n", FALSE, LK_CONFIG_ERROR_INVALID,
    "[printer] check_seconds must be a whole number from 1 to 3600, not \"0\"" },
  { "[camera]\nsource=usb\n", FALSE, LK_CONFIG_ERROR_INVALID,
    "[camera] source must be v4l2:<device>, files:<png>,… or none, not \"usb\"" },
  { "[camera]\nsource=files:\n", FALSE, LK_CONFIG_ERROR_INVALID,
    "[camera] source must be v4l2:<device>, files:<png>,… or none, not \"files:\"" },
  { "[camera]\nfile_interval_ms=10\n", FALSE, LK_CONFIG_ERROR_INVALID,
    "[camera] file_interval_ms must be a whole number from 50 to 600000, not \"10\"" },
  { "[kiosk]\ncountdown_seconds=0\n", FALSE, LK_CONFIG_ERROR_INVALID,
    "[kiosk] countdown_seconds must be a whole number from 1 to 600, not \"0\"" },
  { "[kiosk]\ncountdown_seconds=601\n", FALSE, LK_CONFIG_ERROR_INVALID,
    "[kiosk] countdown_seconds must be a whole number from 1 to 600, not \"601\"" },
  { "[kiosk]\ncountdown_seconds=-1\n", FALSE, LK_CONFIG_ERROR_INVALID,
    "[kiosk] countdown_seconds must be a whole number from 1 to 600, not \"-1\"" },
  { "[kiosk]\ncountdown_seconds=15s\n", FALSE, LK_CONFIG_ERROR_INVALID,
    "[kiosk] countdown_seconds must be a whole number from 1 to 600, not \"15s\"" },
  { "[kiosk]\nerror_seconds=abc\n", FALSE, LK_CONFIG_ERROR_INVALID,
    "[kiosk] error_seconds must be a whole number from 1 to 600, not \"abc\"" },
  { "[kiosk]\nidle_seconds=4\n", FALSE, LK_CONFIG_ERROR_INVALID,
    "[kiosk] idle_seconds must be a whole number from 5 to 3600, not \"4\"" },
  { "[kiosk]\nfullscreen=yes\n", FALSE, LK_CONFIG_ERROR_INVALID,
    "[kiosk] fullscreen must be true or false, not \"yes\"" },
  { "[kiosk]\ncountdown_second=3\n", FALSE, LK_CONFIG_ERROR_UNKNOWN,
    "[kiosk] countdown_second is not a known key" },
  { "[server]\nurl=https://a.vn\ntoken=t\ntimeout=3\n[printer]\nname=k\n", TRUE,
    LK_CONFIG_ERROR_UNKNOWN, "[server] timeout is not a known key" },
};

static void
test_bad (gconstpointer data)
{
  const BadCase *c = data;
  g_autofree char *text = c->replace ? g_strdup (c->text) : g_strconcat (BASE, c->text, NULL);
  g_autoptr (GError) error = NULL;
  LkConfig *config = NULL;

  /* Appended lines land in the last group of BASE ([printer]) unless they open their own. */
  g_assert_false (lk_config_load_data (text, strlen (text), &config, &error));
  g_assert_null (config);
  g_assert_error (error, LK_CONFIG_ERROR, c->code);
  g_assert_cmpstr (error->message, ==, c->message);
}

static void
test_not_a_key_file (void)
{
  g_autoptr (GError) error = NULL;
  LkConfig *config = NULL;
  const char *text = "this is not\na key file\n";

  g_assert_false (lk_config_load_data (text, strlen (text), &config, &error));
  g_assert_error (error, LK_CONFIG_ERROR, LK_CONFIG_ERROR_READ);
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_missing_file (void)
{
  g_autoptr (GError) error = NULL;
  LkConfig *config = NULL;

  g_assert_false (lk_config_load_file ("/nonexistent/kiosk.conf", &config, &error));
  g_assert_error (error, LK_CONFIG_ERROR, LK_CONFIG_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "/nonexistent/kiosk.conf"));
}

/* The example shipped in the package must load as it is. */
static void
test_example_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LkConfig) config = NULL;
  g_autofree char *path =
      g_build_filename (LAYSO_SOURCE_DIR, "packaging", "kiosk.conf.example", NULL);

  g_assert_true (lk_config_load_file (path, &config, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (config->server_url, ==, "https://layso.example.vn");
  g_assert_cmpstr (config->camera_source, ==, "v4l2:/dev/video0");
  g_assert_cmpuint (config->countdown_seconds, ==, 15);
}

static void
test_free_null (void)
{
  lk_config_free (NULL);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/kiosk/config/defaults", test_defaults);
  g_test_add_func ("/layso/kiosk/config/all-keys", test_all_keys);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/layso/kiosk/config/bad/%02zu", i);
      g_test_add_data_func (path, &bad_cases[i], test_bad);
    }
  g_test_add_func ("/layso/kiosk/config/not-a-key-file", test_not_a_key_file);
  g_test_add_func ("/layso/kiosk/config/missing-file", test_missing_file);
  g_test_add_func ("/layso/kiosk/config/example-file", test_example_file);
  g_test_add_func ("/layso/kiosk/config/free-null", test_free_null);
  return g_test_run ();
}
