/* See harness.h. The server runs as a GSubprocess with stdout and stderr in files in its
 * work dir (the stdout lines are how it announces its port and kiosk tokens); a death signal
 * and an abort handler make sure no server outlives a failed test. */
#include "harness.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <libpq-fe.h>

#ifndef LAYSO_SERVER_PATH
#define LAYSO_SERVER_PATH "layso-server"
#endif
#ifndef LAYSO_INTEG_SEED
#define LAYSO_INTEG_SEED "seed.json"
#endif

#define START_TIMEOUT_US (30 * G_USEC_PER_SEC)
#define STOP_TIMEOUT_US  (15 * G_USEC_PER_SEC)

struct LtServer
{
  GSubprocess *proc;
  char *work_dir;
  bool own_work_dir;
  char *stdout_path;
  char *stderr_path;
  char *url;
  GPtrArray *raw_tokens; /* in the order printed */
  GHashTable *token_by_kiosk;
  GPtrArray *forbidden; /* personal data that must not reach the logs */
  GHashTable *codes;    /* booking codes issued */
  CURL *curl;
  int live_slot;
};

/* ---- no server outlives a failed test ------------------------------------------------ */

#define MAX_LIVE 8
static struct
{
  volatile pid_t pid;
  char stderr_path[512];
} live[MAX_LIVE];

static void
write_all (int fd, const char *s, size_t n)
{
  while (n > 0)
    {
      ssize_t w = write (fd, s, n);
      if (w <= 0)
        return;
      s += w;
      n -= (size_t) w;
    }
}

static void
on_abort (int sig)
{
  for (int i = 0; i < MAX_LIVE; i++)
    {
      if (live[i].pid <= 0)
        continue;
      static const char head[] = "\n---- layso-server stderr (test aborted) ----\n";
      write_all (STDERR_FILENO, head, sizeof head - 1);
      int fd = open (live[i].stderr_path, O_RDONLY | O_CLOEXEC);
      if (fd >= 0)
        {
          char buf[4096];
          ssize_t n;
          size_t total = 0;
          while ((n = read (fd, buf, sizeof buf)) > 0 && total < 65536)
            {
              write_all (STDERR_FILENO, buf, (size_t) n);
              total += (size_t) n;
            }
          close (fd);
        }
      static const char tail[] = "---- end of layso-server stderr ----\n";
      write_all (STDERR_FILENO, tail, sizeof tail - 1);
      kill (live[i].pid, SIGKILL);
      live[i].pid = 0;
    }
  signal (sig, SIG_DFL);
  raise (sig);
}

static void
child_setup (gpointer user_data)
{
  /* The test process forks from its main thread, which lives as long as the test. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
install_abort_handler (void)
{
  static bool installed;
  if (installed)
    return;
  installed = true;
  struct sigaction sa = { .sa_handler = on_abort };
  sigemptyset (&sa.sa_mask);
  sigaction (SIGABRT, &sa, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);
}

void
lt_init (int *argc, char ***argv)
{
  setlocale (LC_ALL, "");
  g_test_init (argc, argv, NULL);
}

/* ---- failures ----------------------------------------------------------------------- */

void
lt_fail_at (const char *file, int line, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_assertion_message (G_LOG_DOMAIN, file, line, "", msg);
  abort ();
}

static char *
body_excerpt (const LtResponse *r)
{
  if (r == NULL || r->body == NULL)
    return g_strdup ("(no body)");
  if (r->body_len > 1500)
    return g_strdup_printf ("%.1500s… (%zu bytes)", r->body, (size_t) r->body_len);
  return g_strdup (r->body);
}

static char *
read_file_or (const char *path, const char *fallback)
{
  char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup (fallback);
  return text;
}

static bool
server_alive (LtServer *srv)
{
  return g_subprocess_get_identifier (srv->proc) != NULL;
}

G_GNUC_NORETURN static void
fail_server_died (LtServer *srv, const char *when)
{
  g_autofree char *err = read_file_or (srv->stderr_path, "(no stderr)");
  g_subprocess_wait (srv->proc, NULL, NULL);
  int status = g_subprocess_get_status (srv->proc);
  live[srv->live_slot].pid = 0;
  lt_fail_at (__FILE__, __LINE__, "layso-server died %s (wait status %d)\n---- stderr ----\n%s",
              when, status, err);
}

/* ---- starting and stopping ------------------------------------------------------------ */

static const char *
server_path (void)
{
  const char *env = g_getenv ("LAYSO_SERVER");
  return env && *env ? env : LAYSO_SERVER_PATH;
}

const char *
lt_server_binary (void)
{
  return server_path ();
}

void
lt_command_clear (LtCommand *c)
{
  g_clear_pointer (&c->out, g_free);
  g_clear_pointer (&c->err, g_free);
}

void
lt_run_server_command (const char *const *args, LtCommand *ret)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) lt_server_binary ());
  for (size_t i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_autoptr (GError) error = NULL;
  int wait_status = 0;
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &ret->out,
                     &ret->err, &wait_status, &error))
    lt_fail_at (__FILE__, __LINE__, "cannot run %s: %s", lt_server_binary (), error->message);
  if (!WIFEXITED (wait_status))
    lt_fail_at (__FILE__, __LINE__, "layso-server did not exit (wait status %d)", wait_status);
  ret->exit_status = WEXITSTATUS (wait_status);
}

/* ---- the database: SQLite, or PostgreSQL with LAYSO_TEST_DB=postgresql ------------------- */

/* With LAYSO_TEST_DB=postgresql, every work dir has a database of its own on the cluster that
 * LAYSO_TEST_PG names (tests/pg: "host=DIR port=PORT user=postgres dbname=postgres"), so a
 * server restarted on the same work dir finds its data again and tests stay independent. */
static bool
on_postgres (void)
{
  return g_strcmp0 (g_getenv ("LAYSO_TEST_DB"), "postgresql") == 0;
}

/* The cluster's conninfo with dbname replaced (NULL: as given). */
static char *
pg_conninfo (const char *dbname)
{
  const char *base = g_getenv ("LAYSO_TEST_PG");
  if (!base || !*base)
    lt_fail_at (__FILE__, __LINE__, "LAYSO_TEST_DB=postgresql needs LAYSO_TEST_PG (conninfo)");
  return dbname ? g_strdup_printf ("%s dbname=%s", base, dbname) : g_strdup (base);
}

/* "layso_" and the work dir's name, folded to what an unquoted identifier takes. */
static char *
pg_dbname (const char *work_dir)
{
  g_autofree char *base = g_path_get_basename (work_dir);
  GString *name = g_string_new ("layso_");
  for (const char *p = base; *p; p++)
    g_string_append_c (name, g_ascii_isalnum (*p) ? g_ascii_tolower (*p) : '_');
  return g_string_free (name, FALSE);
}

static void
pg_exec_or_fail (const char *conninfo, const char *sql, bool ok_if_exists)
{
  PGconn *c = PQconnectdb (conninfo);
  if (PQstatus (c) != CONNECTION_OK)
    lt_fail_at (__FILE__, __LINE__, "PostgreSQL %s: %s", conninfo, PQerrorMessage (c));
  PGresult *r = PQexec (c, sql);
  const char *state = PQresultErrorField (r, PG_DIAG_SQLSTATE);
  bool exists = state && strcmp (state, "42P04") == 0; /* duplicate_database */
  if (PQresultStatus (r) != PGRES_COMMAND_OK && !(ok_if_exists && exists))
    lt_fail_at (__FILE__, __LINE__, "PostgreSQL %s: %s", sql, PQerrorMessage (c));
  PQclear (r);
  PQfinish (c);
}

/* The --db spec of the work dir's database (created on PostgreSQL when not there yet). */
static char *
db_spec (const char *work_dir)
{
  if (!on_postgres ())
    return g_strdup_printf ("sqlite:%s/layso.db", work_dir);
  g_autofree char *name = pg_dbname (work_dir);
  g_autofree char *admin = pg_conninfo (NULL);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", name);
  pg_exec_or_fail (admin, create, true);
  /* the server takes a URI: postgresql:///NAME?host=…&port=…&user=… from the key=value form */
  PQconninfoOption *opts = PQconninfoParse (admin, NULL);
  GString *uri = g_string_new (NULL);
  g_string_printf (uri, "postgresql:///%s", name);
  char sep = '?';
  for (PQconninfoOption *o = opts; o && o->keyword; o++)
    if (o->val && *o->val && strcmp (o->keyword, "dbname") != 0)
      {
        g_autofree char *v = g_uri_escape_string (o->val, NULL, FALSE);
        g_string_append_printf (uri, "%c%s=%s", sep, o->keyword, v);
        sep = '&';
      }
  PQconninfoFree (opts);
  return g_string_free (uri, FALSE);
}

char *
lt_db_spec (const char *work_dir)
{
  return db_spec (work_dir);
}

bool
lt_on_postgres (void)
{
  return on_postgres ();
}

static const char *
seed_path (void)
{
  const char *env = g_getenv ("LAYSO_TEST_SEED");
  return env && *env ? env : LAYSO_INTEG_SEED;
}

static bool
parse_stdout (LtServer *srv, const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);
  /* The last piece is either "" or a line still being written. */
  for (guint i = 0; i + 1 < n; i++)
    {
      const char *l = g_strstrip (lines[i]);
      if (g_str_has_prefix (l, "listening on ") && srv->url == NULL)
        srv->url = g_strdup (l + strlen ("listening on "));
    }
  g_ptr_array_set_size (srv->raw_tokens, 0);
  for (guint i = 0; i + 1 < n; i++)
    if (g_str_has_prefix (lines[i], "kiosk token: "))
      g_ptr_array_add (srv->raw_tokens, g_strdup (lines[i] + strlen ("kiosk token: ")));
  return srv->url != NULL;
}

/* The command line of a server on srv's work dir (NULL-terminated; db borrowed). */
static GPtrArray *
server_argv (const LtServerOptions *opts, const char *db)
{
  GPtrArray *argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (char *) server_path ());
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, (char *) db);
  g_ptr_array_add (argv, "--listen");
  g_ptr_array_add (argv, "127.0.0.1:0");
  if (opts->seed)
    {
      g_ptr_array_add (argv, "--seed");
      g_ptr_array_add (argv, (char *) seed_path ());
    }
  if (opts->clock)
    {
      g_ptr_array_add (argv, "--dev");
      g_ptr_array_add (argv, "--clock");
      g_ptr_array_add (argv, (char *) opts->clock);
    }
  for (const char *const *x = opts->extra_args; x && *x; x++)
    g_ptr_array_add (argv, (char *) *x);
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* Starts the process, its output in srv's files, and registers it as live. */
static void
server_spawn (LtServer *srv, GPtrArray *argv)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_stdout_file_path (launcher, srv->stdout_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, srv->stderr_path);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  g_autoptr (GError) err = NULL;
  srv->proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &err);
  if (srv->proc == NULL)
    lt_fail_at (__FILE__, __LINE__, "cannot start %s: %s", server_path (), err->message);
  srv->live_slot = -1;
  for (int i = 0; i < MAX_LIVE; i++)
    if (live[i].pid == 0)
      {
        srv->live_slot = i;
        g_strlcpy (live[i].stderr_path, srv->stderr_path, sizeof live[i].stderr_path);
        live[i].pid = (pid_t) atoi (g_subprocess_get_identifier (srv->proc));
        break;
      }
  g_assert_cmpint (srv->live_slot, >=, 0);
}

/* Waits for the `listening on` line and the kiosk token lines expected. */
static void
server_wait_announced (LtServer *srv, const LtServerOptions *opts)
{
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_US;
  for (;;)
    {
      g_autofree char *out = read_file_or (srv->stdout_path, "");
      if (parse_stdout (srv, out) && srv->raw_tokens->len >= opts->expect_kiosk_tokens)
        break;
      if (!server_alive (srv))
        fail_server_died (srv, "while starting");
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *errtext = read_file_or (srv->stderr_path, "");
          g_subprocess_force_exit (srv->proc);
          lt_fail_at (__FILE__, __LINE__,
                      "layso-server did not announce 'listening on' and %u kiosk token line(s) "
                      "within 30 s\n---- stdout ----\n%s\n---- stderr ----\n%s",
                      opts->expect_kiosk_tokens, out, errtext);
        }
      g_usleep (5000);
    }
  if (!g_str_has_prefix (srv->url, "http://127.0.0.1:") ||
      atoi (srv->url + strlen ("http://127.0.0.1:")) <= 0)
    lt_fail_at (__FILE__, __LINE__, "bad listening line: 'listening on %s'", srv->url);
  /* No trailing slash: paths start with '/'. */
  if (g_str_has_suffix (srv->url, "/"))
    srv->url[strlen (srv->url) - 1] = '\0';
  if (opts->expect_kiosk_tokens == 0 && srv->raw_tokens->len > 0)
    lt_fail_at (__FILE__, __LINE__, "expected no kiosk token line, got %u", srv->raw_tokens->len);
}

LtServer *
lt_server_start (const LtServerOptions *opts)
{
  static guint n_started;
  install_abort_handler ();

  LtServer *srv = g_new0 (LtServer, 1);
  if (opts->work_dir)
    {
      srv->work_dir = g_strdup (opts->work_dir);
    }
  else
    {
      g_autoptr (GError) err = NULL;
      srv->work_dir = g_dir_make_tmp ("layso-integ-XXXXXX", &err);
      g_assert_no_error (err);
      srv->own_work_dir = true;
    }
  guint n = ++n_started;
  srv->stdout_path = g_strdup_printf ("%s/server-%u.stdout", srv->work_dir, n);
  srv->stderr_path = g_strdup_printf ("%s/server-%u.stderr", srv->work_dir, n);
  srv->raw_tokens = g_ptr_array_new_with_free_func (g_free);
  srv->token_by_kiosk = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  srv->forbidden = g_ptr_array_new_with_free_func (g_free);
  srv->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  srv->curl = curl_easy_init ();
  g_assert_nonnull (srv->curl);

  g_autofree char *db = db_spec (srv->work_dir);
  g_autoptr (GPtrArray) argv = server_argv (opts, db);
  server_spawn (srv, argv);
  server_wait_announced (srv, opts);
  g_test_message ("layso-server %s (work dir %s)", srv->url, srv->work_dir);
  return srv;
}

LtServer *
lt_server_start_default (void)
{
  LtServerOptions o = { .seed = true,
                        .clock = LT_NOW_BOOKING,
                        .expect_kiosk_tokens = LT_SEED_KIOSKS };
  return lt_server_start (&o);
}

static void
remove_dir (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return;
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
    }
  g_dir_close (d);
  g_rmdir (dir);
}

static void
server_free (LtServer *srv)
{
  if (srv->live_slot >= 0)
    live[srv->live_slot].pid = 0;
  curl_easy_cleanup (srv->curl);
  g_clear_object (&srv->proc);
  if (srv->own_work_dir)
    remove_dir (srv->work_dir);
  g_free (srv->work_dir);
  g_free (srv->stdout_path);
  g_free (srv->stderr_path);
  g_free (srv->url);
  g_ptr_array_unref (srv->raw_tokens);
  g_hash_table_unref (srv->token_by_kiosk);
  g_ptr_array_unref (srv->forbidden);
  g_hash_table_unref (srv->codes);
  g_free (srv);
}

static bool
wait_exit (LtServer *srv, gint64 timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  while (server_alive (srv))
    {
      if (g_get_monotonic_time () > deadline)
        return false;
      g_usleep (5000);
    }
  g_subprocess_wait (srv->proc, NULL, NULL);
  return true;
}

void
lt_server_stop (LtServer *srv)
{
  if (!server_alive (srv))
    fail_server_died (srv, "before the test stopped it");
  g_subprocess_send_signal (srv->proc, SIGTERM);
  lt_server_wait_stopped (srv);
}

void
lt_server_wait_stopped (LtServer *srv)
{
  if (!wait_exit (srv, STOP_TIMEOUT_US))
    {
      g_subprocess_force_exit (srv->proc);
      g_autofree char *err = read_file_or (srv->stderr_path, "");
      lt_fail_at (__FILE__, __LINE__,
                  "layso-server still running 15 s after SIGTERM\n"
                  "---- stderr ----\n%s",
                  err);
    }
  live[srv->live_slot].pid = 0;
  g_autofree char *err = read_file_or (srv->stderr_path, "");
  if (!g_subprocess_get_if_exited (srv->proc) || g_subprocess_get_exit_status (srv->proc) != 0)
    lt_fail_at (__FILE__, __LINE__,
                "layso-server did not exit with status 0 on SIGTERM "
                "(wait status %d)\n---- stderr ----\n%s",
                g_subprocess_get_status (srv->proc), err);
  g_autofree char *out = read_file_or (srv->stdout_path, "");
  for (guint i = 0; i < srv->forbidden->len; i++)
    {
      const char *p = srv->forbidden->pdata[i];
      if (strstr (out, p) || strstr (err, p))
        lt_fail_at (__FILE__, __LINE__, "personal data '%s' found in the server's %s", p,
                    strstr (out, p) ? "stdout" : "stderr");
    }
  server_free (srv);
}

void
lt_server_kill (LtServer *srv)
{
  if (!server_alive (srv))
    fail_server_died (srv, "before the test killed it");
  g_subprocess_send_signal (srv->proc, SIGKILL);
  if (!wait_exit (srv, STOP_TIMEOUT_US))
    lt_fail_at (__FILE__, __LINE__, "layso-server survived SIGKILL");
  server_free (srv);
}

const char *
lt_server_url (LtServer *srv)
{
  return srv->url;
}
const char *
lt_server_work_dir (LtServer *srv)
{
  return srv->work_dir;
}
char *
lt_server_stderr (LtServer *srv)
{
  return read_file_or (srv->stderr_path, "");
}

/* The database file itself, read-only through the sqlite3 CLI (the server may be running:
 * WAL readers do not block it): the rows of `query`, one per line, NULL as "NULL". */
char *
lt_sql (const char *work_dir, const char *query)
{
  g_autofree char *db = g_build_filename (work_dir, "layso.db", NULL);
  g_autofree char *dbname = on_postgres () ? pg_dbname (work_dir) : NULL;
  g_autofree char *conninfo = dbname ? pg_conninfo (dbname) : NULL;
  /* psql prints as the sqlite3 CLI does: unaligned, '|' between columns, NULL as NULL */
  const char *pg_argv[] = {
    "psql", "-X",     "-q", "-A",  "-t", "-F", "|", "-P", "null=NULL", "-v", "ON_ERROR_STOP=1",
    "-d",   conninfo, "-c", query, NULL
  };
  const char *sqlite_argv[] = { "sqlite3", "-readonly", "-nullvalue", "NULL", db, query, NULL };
  const char *const *argv = conninfo ? pg_argv : sqlite_argv;
  char *out = NULL, *err = NULL;
  int status = 0;
  g_autoptr (GError) e = NULL;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, &e))
    lt_fail_at (__FILE__, __LINE__, "%s: %s", argv[0], e->message);
  if (!g_spawn_check_wait_status (status, NULL))
    lt_fail_at (__FILE__, __LINE__, "%s %s: %s", argv[0], query, err);
  g_free (err);
  return g_strchomp (out);
}

void
lt_server_forbid_in_logs (LtServer *srv, const char *personal_data)
{
  if (personal_data && *personal_data)
    g_ptr_array_add (srv->forbidden, g_strdup (personal_data));
}

const char *
lt_server_kiosk_token (LtServer *srv, const char *kiosk_id)
{
  if (g_hash_table_size (srv->token_by_kiosk) == 0)
    {
      for (guint i = 0; i < srv->raw_tokens->len; i++)
        {
          const char *tok = srv->raw_tokens->pdata[i];
          g_autoptr (LtResponse) r = lt_get_auth (srv, "/api/v1/kiosk/me", tok);
          json_object *j = lt_assert_json (r, 200);
          g_hash_table_insert (srv->token_by_kiosk, g_strdup (lt_str (j, "kiosk.id")),
                               g_strdup (tok));
        }
    }
  const char *tok = g_hash_table_lookup (srv->token_by_kiosk, kiosk_id);
  if (tok == NULL)
    lt_fail_at (__FILE__, __LINE__, "no kiosk token printed for kiosk '%s'", kiosk_id);
  return tok;
}

void
lt_server_set_clock (LtServer *srv, const char *now)
{
  g_autofree char *body = g_strdup_printf ("{\"now\":\"%s\"}", now);
  g_autoptr (LtResponse) r = lt_post_json (srv, "/api/v1/dev/clock", body);
  json_object *j = lt_assert_json (r, 200);
  lt_assert_match (j, "now", LT_INSTANT_REGEX);
  /* The clock runs on: compare to the minute. */
  if (strncmp (lt_str (j, "now"), now, 16) != 0)
    lt_fail_at (__FILE__, __LINE__, "dev clock: set %s, answered %s", now, lt_str (j, "now"));
}

void
lt_server_assert_healthy (LtServer *srv)
{
  g_autoptr (LtResponse) r = lt_get (srv, "/api/v1/health");
  json_object *j = lt_assert_json (r, 200);
  lt_assert_str (j, "status", "ok");
}

/* ---- HTTP ----------------------------------------------------------------------------- */

void
lt_response_free (LtResponse *r)
{
  if (r == NULL)
    return;
  g_free (r->body);
  g_free (r->content_type);
  g_free (r->retry_after);
  if (r->json)
    json_object_put (r->json);
  g_free (r);
}

static size_t
on_body (char *data, size_t size, size_t nmemb, void *user)
{
  g_byte_array_append (user, (const guint8 *) data, (guint) (size * nmemb));
  return size * nmemb;
}

/* Collects the Retry-After value (the last one, if redirected; we never are). */
static size_t
on_header (char *data, size_t size, size_t nmemb, void *user)
{
  size_t n = size * nmemb;
  static const char name[] = "retry-after:";
  if (n > sizeof name - 1 && g_ascii_strncasecmp (data, name, sizeof name - 1) == 0)
    {
      char **slot = user;
      g_free (*slot);
      *slot = g_strstrip (g_strndup (data + sizeof name - 1, n - (sizeof name - 1)));
    }
  return n;
}

static json_object *
parse_json (const char *text, gsize len)
{
  if (len == 0)
    return NULL;
  json_tokener *tok = json_tokener_new ();
  json_object *j = json_tokener_parse_ex (tok, text, (int) len);
  if (j != NULL)
    {
      size_t end = json_tokener_get_parse_end (tok);
      for (; end < len; end++)
        if (!g_ascii_isspace (text[end]))
          {
            json_object_put (j);
            j = NULL;
            break;
          }
    }
  json_tokener_free (tok);
  return j;
}

static LtResponse *
finish_response (CURL *c, GByteArray *buf, char *retry_after)
{
  LtResponse *r = g_new0 (LtResponse, 1);
  r->retry_after = retry_after;
  curl_easy_getinfo (c, CURLINFO_RESPONSE_CODE, &r->status);
  char *ct = NULL;
  curl_easy_getinfo (c, CURLINFO_CONTENT_TYPE, &ct);
  r->content_type = g_strdup (ct);
  r->body_len = buf->len;
  g_byte_array_append (buf, (const guint8 *) "", 1);
  r->body = (char *) g_byte_array_free (buf, FALSE);
  r->json = parse_json (r->body, r->body_len);
  return r;
}

static struct curl_slist *
make_headers (const char *content_type, const char *bearer, const char *const *extra)
{
  /* No "Expect: 100-continue" unless the test asks for it. */
  bool expect = false;
  for (const char *const *x = extra; x && *x; x++)
    expect |= g_ascii_strncasecmp (*x, "Expect:", 7) == 0;
  struct curl_slist *h = expect ? NULL : curl_slist_append (NULL, "Expect:");
  g_autofree char *ct = content_type ? g_strdup_printf ("Content-Type: %s", content_type)
                                     : g_strdup ("Content-Type:");
  h = curl_slist_append (h, ct);
  if (bearer)
    {
      g_autofree char *a = g_strdup_printf ("Authorization: Bearer %s", bearer);
      h = curl_slist_append (h, a);
    }
  for (; extra && *extra; extra++)
    h = curl_slist_append (h, *extra);
  return h;
}

static void
setup_easy (CURL *c, const char *url, const char *method, const char *body, gssize body_len,
            struct curl_slist *headers, GByteArray *buf, char **retry_after)
{
  curl_easy_setopt (c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt (c, CURLOPT_HEADERDATA, retry_after);
  curl_easy_setopt (c, CURLOPT_URL, url);
  curl_easy_setopt (c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (c, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt (c, CURLOPT_EXPECT_100_TIMEOUT_MS, 20000L);
  curl_easy_setopt (c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt (c, CURLOPT_WRITEDATA, buf);
  if (body)
    {
      curl_easy_setopt (c, CURLOPT_POSTFIELDSIZE_LARGE,
                        (curl_off_t) (body_len < 0 ? (gssize) strlen (body) : body_len));
      curl_easy_setopt (c, CURLOPT_COPYPOSTFIELDS, body);
      if (strcmp (method, "POST") != 0)
        curl_easy_setopt (c, CURLOPT_CUSTOMREQUEST, method);
    }
  else if (strcmp (method, "GET") == 0)
    {
      curl_easy_setopt (c, CURLOPT_HTTPGET, 1L);
    }
  else
    {
      curl_easy_setopt (c, CURLOPT_CUSTOMREQUEST, method);
    }
}

/* A server that crashes mid-request may take a moment to be reaped. */
static bool
server_dies_soon (LtServer *srv)
{
  for (int i = 0; i < 100 && server_alive (srv); i++)
    g_usleep (10000);
  return !server_alive (srv);
}

LtResponse *
lt_request_at (const char *file, int line, LtServer *srv, const char *method, const char *path,
               const char *content_type, const char *bearer, const char *body, gssize body_len,
               const char *const *extra)
{
  g_autofree char *url = g_strconcat (srv->url, path, NULL);
  struct curl_slist *headers = make_headers (content_type, bearer, extra);
  GByteArray *buf = g_byte_array_new ();
  char *retry_after = NULL;
  curl_easy_reset (srv->curl);
  setup_easy (srv->curl, url, method, body, body_len, headers, buf, &retry_after);
  CURLcode rc = curl_easy_perform (srv->curl);
  curl_slist_free_all (headers);
  gsize sent = body ? (body_len < 0 ? strlen (body) : (gsize) body_len) : 0;
  if (rc != CURLE_OK)
    {
      long status = 0;
      curl_easy_getinfo (srv->curl, CURLINFO_RESPONSE_CODE, &status);
      if (server_dies_soon (srv))
        {
          g_autofree char *err = read_file_or (srv->stderr_path, "(no stderr)");
          live[srv->live_slot].pid = 0;
          lt_fail_at (file, line,
                      "layso-server died on %s %s (%zu-byte body)\n"
                      "---- stderr ----\n%s",
                      method, path, (size_t) sent, err);
        }
      /* A server may answer early (413) and close while the body is still going out. */
      if (!(rc == CURLE_SEND_ERROR && status != 0))
        {
          g_byte_array_unref (buf);
          g_free (retry_after);
          lt_fail_at (file, line, "%s %s (%zu-byte body): %s", method, path, (size_t) sent,
                      curl_easy_strerror (rc));
        }
    }
  LtResponse *r = finish_response (srv->curl, buf, retry_after);
  if (!server_alive (srv) && server_dies_soon (srv))
    {
      g_autofree char *err = read_file_or (srv->stderr_path, "(no stderr)");
      live[srv->live_slot].pid = 0;
      lt_fail_at (file, line,
                  "layso-server died right after %s %s (answered %ld)\n"
                  "---- stderr ----\n%s",
                  method, path, r->status, err);
    }
  return r;
}

GPtrArray *
lt_post_json_concurrently (LtServer *srv, const char *path, char **bodies, guint n,
                           const char *bearer, const char *const *extra_headers)
{
  const char **paths = g_new (const char *, n);
  for (guint i = 0; i < n; i++)
    paths[i] = path;
  GPtrArray *out = lt_post_json_concurrently_to (srv, paths, bodies, n, bearer, extra_headers);
  g_free (paths);
  return out;
}

/* sigterm_after > 0: SIGTERM the server once that many transfers are done, and take
 * transport failures (requests the stopping server never answered) as status 0. */
static GPtrArray *
rush (LtServer *srv, const char *const *paths, char **bodies, guint n, const char *bearer,
      const char *const *extra_headers, guint sigterm_after)
{
  struct curl_slist *headers = make_headers ("application/json", bearer, extra_headers);
  CURLM *multi = curl_multi_init ();
  curl_multi_setopt (multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, 0L);
  curl_multi_setopt (multi, CURLMOPT_MAX_HOST_CONNECTIONS, 0L);
  curl_multi_setopt (multi, CURLMOPT_PIPELINING, (long) CURLPIPE_NOTHING);
  CURL **easy = g_new0 (CURL *, n);
  GByteArray **bufs = g_new0 (GByteArray *, n);
  char **retry_after = g_new0 (char *, n);
  CURLcode *results = g_new0 (CURLcode, n);
  for (guint i = 0; i < n; i++)
    {
      easy[i] = curl_easy_init ();
      bufs[i] = g_byte_array_new ();
      /* A full URL sends that request to another server (several processes, one database). */
      g_autofree char *url = g_str_has_prefix (paths[i], "http://")
                                 ? g_strdup (paths[i])
                                 : g_strconcat (srv->url, paths[i], NULL);
      setup_easy (easy[i], url, "POST", bodies[i], -1, headers, bufs[i], &retry_after[i]);
      curl_easy_setopt (easy[i], CURLOPT_FRESH_CONNECT, 1L);
      curl_easy_setopt (easy[i], CURLOPT_FORBID_REUSE, 1L);
      curl_easy_setopt (easy[i], CURLOPT_PRIVATE, GUINT_TO_POINTER (i));
      /* Many citizens, not one client: 32 connections per loopback source address keeps
     * each address under the server's per-address connection limit (64). */
      g_autofree char *source =
          g_strdup_printf ("host!127.0.%u.%u", 1 + i / 32 / 250, 10 + (i / 32) % 250);
      curl_easy_setopt (easy[i], CURLOPT_INTERFACE, source);
      curl_multi_add_handle (multi, easy[i]);
    }
  int running = 1;
  guint done = 0;
  bool signalled = false;
  while (running)
    {
      CURLMcode mc = curl_multi_perform (multi, &running);
      g_assert_cmpint (mc, ==, CURLM_OK);
      CURLMsg *msg;
      int left;
      while ((msg = curl_multi_info_read (multi, &left)) != NULL)
        {
          if (msg->msg != CURLMSG_DONE)
            continue;
          void *priv = NULL;
          curl_easy_getinfo (msg->easy_handle, CURLINFO_PRIVATE, (char **) &priv);
          results[GPOINTER_TO_UINT (priv)] = msg->data.result;
          done++;
        }
      if (sigterm_after && !signalled && done >= sigterm_after)
        {
          g_subprocess_send_signal (srv->proc, SIGTERM);
          signalled = true;
        }
      if (running)
        curl_multi_poll (multi, NULL, 0, 1000, NULL);
    }
  for (guint i = 0; i < n && !sigterm_after; i++)
    {
      if (results[i] == CURLE_OK)
        continue;
      if (!server_alive (srv) || server_dies_soon (srv))
        fail_server_died (srv, "during concurrent requests");
      lt_fail_at (__FILE__, __LINE__, "concurrent POST %s: %s", paths[i],
                  curl_easy_strerror (results[i]));
    }
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_response_free);
  for (guint i = 0; i < n; i++)
    {
      LtResponse *r = finish_response (easy[i], bufs[i], retry_after[i]);
      if (results[i] != CURLE_OK)
        r->status = 0;
      g_ptr_array_add (out, r);
      curl_multi_remove_handle (multi, easy[i]);
      curl_easy_cleanup (easy[i]);
    }
  g_free (easy);
  g_free (bufs);
  g_free (retry_after);
  g_free (results);
  curl_multi_cleanup (multi);
  curl_slist_free_all (headers);
  if (!sigterm_after && !server_alive (srv))
    fail_server_died (srv, "after concurrent requests");
  return out;
}

GPtrArray *
lt_post_json_concurrently_to (LtServer *srv, const char *const *paths, char **bodies, guint n,
                              const char *bearer, const char *const *extra_headers)
{
  return rush (srv, paths, bodies, n, bearer, extra_headers, 0);
}

GPtrArray *
lt_rush_and_sigterm (LtServer *srv, const char *path, char **bodies, guint n, guint sigterm_after)
{
  const char **paths = g_new (const char *, n);
  for (guint i = 0; i < n; i++)
    paths[i] = path;
  GPtrArray *out = rush (srv, paths, bodies, n, NULL, NULL, MAX (sigterm_after, 1));
  g_free (paths);
  return out;
}

/* ---- bookings ------------------------------------------------------------------------- */

json_object *
lt_booking_object (const LtBooking *b)
{
  json_object *o = json_object_new_object ();
  const struct
  {
    const char *k, *v;
  } kv[] = {
    { "name", b->name },   { "cccd", b->cccd }, { "phone", b->phone }, { "unit", b->unit },
    { "field", b->field }, { "date", b->date }, { "slot", b->slot },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (kv); i++)
    if (kv[i].v)
      json_object_object_add (o, kv[i].k, json_object_new_string (kv[i].v));
  json_object_object_add (o, "consent", json_object_new_boolean (1));
  return o;
}

char *
lt_booking_json (const LtBooking *b)
{
  json_object *o = lt_booking_object (b);
  char *s = g_strdup (
      json_object_to_json_string_ext (o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
  json_object_put (o);
  return s;
}

LtResponse *
lt_book_at (const char *file, int line, LtServer *srv, const LtBooking *b)
{
  g_autofree char *body = lt_booking_json (b);
  lt_server_forbid_in_logs (srv, b->name);
  lt_server_forbid_in_logs (srv, b->cccd);
  lt_server_forbid_in_logs (srv, b->phone);
  LtResponse *r = lt_request_at (file, line, srv, "POST", "/api/v1/bookings", "application/json",
                                 NULL, body, -1, NULL);
  if (r->status == 201 && r->json && lt_json_at (r->json, "code") &&
      json_object_is_type (lt_json_at (r->json, "code"), json_type_string))
    lt_server_note_code (srv, json_object_get_string (lt_json_at (r->json, "code")));
  return r;
}

char *
lt_book_ok_at (const char *file, int line, LtServer *srv, const LtBooking *b)
{
  g_autoptr (LtResponse) r = lt_book_at (file, line, srv, b);
  json_object *j = lt_assert_json_at (file, line, r, 201);
  lt_assert_match_at (file, line, j, "code", LT_CODE_REGEX);
  return g_strdup (lt_str_at (file, line, j, "code"));
}

void
lt_server_note_code (LtServer *srv, const char *code)
{
  g_hash_table_add (srv->codes, g_ascii_strup (code, -1));
}

char *
lt_unused_code (LtServer *srv)
{
  static const char alphabet[] = "ZYXWVUTSRQPNMKJHGFEDCBA98765432";
  for (const char *a = alphabet; *a; a++)
    for (const char *b = alphabet; *b; b++)
      {
        char code[5] = { *a, *b, *a, *b, 0 };
        if (!g_hash_table_contains (srv->codes, code))
          return g_strdup (code);
      }
  g_assert_not_reached ();
}

char *
lt_cccd (guint n)
{
  return g_strdup_printf ("0790%08u", n);
}

gint64
lt_slot_remaining (LtServer *srv, const char *unit, const char *date, const char *field,
                   const char *slot_id, bool *ret_full)
{
  g_autofree char *path =
      g_strdup_printf ("/api/v1/units/%s/slots?date=%s&field=%s", unit, date, field);
  g_autoptr (LtResponse) r = lt_get (srv, path);
  json_object *j = lt_assert_json (r, 200);
  json_object *slots = lt_array (j, "slots");
  for (size_t i = 0; i < json_object_array_length (slots); i++)
    {
      json_object *s = json_object_array_get_idx (slots, i);
      if (strcmp (lt_str (s, "id"), slot_id) == 0)
        {
          if (ret_full)
            *ret_full = lt_bool (s, "full");
          return lt_int (s, "remaining");
        }
    }
  lt_fail_at (__FILE__, __LINE__, "slot %s missing in %s: %s", slot_id, path, r->body);
}

/* ---- assertions ----------------------------------------------------------------------- */

void
lt_assert_status_at (const char *file, int line, LtResponse *r, long status)
{
  if (r->status != status)
    {
      g_autofree char *b = body_excerpt (r);
      lt_fail_at (file, line, "HTTP status: expected %ld, got %ld; body: %s", status, r->status, b);
    }
}

json_object *
lt_assert_json_at (const char *file, int line, LtResponse *r, long status)
{
  lt_assert_status_at (file, line, r, status);
  g_autofree char *b = body_excerpt (r);
  if (r->content_type == NULL || !g_str_has_prefix (r->content_type, "application/json"))
    lt_fail_at (file, line, "Content-Type: expected application/json, got %s; body: %s",
                r->content_type ? r->content_type : "(none)", b);
  if (!g_utf8_validate (r->body, (gssize) r->body_len, NULL))
    lt_fail_at (file, line, "response body is not valid UTF-8: %s", b);
  if (r->json == NULL || !json_object_is_type (r->json, json_type_object))
    lt_fail_at (file, line, "response body is not a JSON object: %s", b);
  return r->json;
}

void
lt_assert_error_at (const char *file, int line, LtResponse *r, long status, const char *code,
                    const char *field)
{
  json_object *j = lt_assert_json_at (file, line, r, status);
  g_autofree char *b = body_excerpt (r);
  json_object *e = lt_json_at (j, "error");
  if (e == NULL || !json_object_is_type (e, json_type_object))
    lt_fail_at (file, line, "no \"error\" object in: %s", b);
  json_object *c = lt_json_at (e, "code");
  if (c == NULL || !json_object_is_type (c, json_type_string) ||
      strcmp (json_object_get_string (c), code) != 0)
    lt_fail_at (file, line, "error.code: expected \"%s\"; body: %s", code, b);
  json_object *m = lt_json_at (e, "message");
  if (m == NULL || !json_object_is_type (m, json_type_string) ||
      json_object_get_string_len (m) == 0)
    lt_fail_at (file, line, "error.message: expected a non-empty string; body: %s", b);
  if (field)
    {
      json_object *f = lt_json_at (e, "field");
      if (f == NULL || !json_object_is_type (f, json_type_string) ||
          strcmp (json_object_get_string (f), field) != 0)
        lt_fail_at (file, line, "error.field: expected \"%s\"; body: %s", field, b);
    }
}

json_object *
lt_json_at (json_object *obj, const char *path)
{
  g_auto (GStrv) parts = g_strsplit (path, ".", -1);
  json_object *cur = obj;
  for (char **p = parts; cur && *p; p++)
    {
      if (json_object_is_type (cur, json_type_array))
        {
          char *end = NULL;
          guint64 idx = g_ascii_strtoull (*p, &end, 10);
          if (end == *p || *end || idx >= json_object_array_length (cur))
            return NULL;
          cur = json_object_array_get_idx (cur, (size_t) idx);
        }
      else if (json_object_is_type (cur, json_type_object))
        {
          json_object *next = NULL;
          if (!json_object_object_get_ex (cur, *p, &next))
            return NULL;
          cur = next;
        }
      else
        {
          return NULL;
        }
    }
  return cur;
}

static json_object *
typed_at (const char *file, int line, json_object *obj, const char *path, json_type type)
{
  json_object *v = lt_json_at (obj, path);
  if (v == NULL || !json_object_is_type (v, type))
    lt_fail_at (file, line, "\"%s\": expected a %s, got %s in %s", path, json_type_to_name (type),
                v ? json_type_to_name (json_object_get_type (v)) : "nothing",
                json_object_to_json_string_ext (obj, JSON_C_TO_STRING_NOSLASHESCAPE));
  return v;
}

const char *
lt_str_at (const char *file, int line, json_object *obj, const char *path)
{
  return json_object_get_string (typed_at (file, line, obj, path, json_type_string));
}

gint64
lt_int_at (const char *file, int line, json_object *obj, const char *path)
{
  return json_object_get_int64 (typed_at (file, line, obj, path, json_type_int));
}

bool
lt_bool_at (const char *file, int line, json_object *obj, const char *path)
{
  return json_object_get_boolean (typed_at (file, line, obj, path, json_type_boolean));
}

json_object *
lt_array_at (const char *file, int line, json_object *obj, const char *path)
{
  return typed_at (file, line, obj, path, json_type_array);
}

void
lt_assert_str_at (const char *file, int line, json_object *obj, const char *path,
                  const char *expected)
{
  const char *got = lt_str_at (file, line, obj, path);
  if (strcmp (got, expected) != 0)
    lt_fail_at (file, line, "\"%s\": expected \"%s\", got \"%s\"", path, expected, got);
}

void
lt_assert_int_at (const char *file, int line, json_object *obj, const char *path, gint64 expected)
{
  gint64 got = lt_int_at (file, line, obj, path);
  if (got != expected)
    lt_fail_at (file, line, "\"%s\": expected %" G_GINT64_FORMAT ", got %" G_GINT64_FORMAT, path,
                expected, got);
}

void
lt_assert_bool_at (const char *file, int line, json_object *obj, const char *path, bool expected)
{
  bool got = lt_bool_at (file, line, obj, path);
  if (got != expected)
    lt_fail_at (file, line, "\"%s\": expected %s, got %s", path, expected ? "true" : "false",
                got ? "true" : "false");
}

void
lt_assert_match_at (const char *file, int line, json_object *obj, const char *path,
                    const char *regex)
{
  const char *got = lt_str_at (file, line, obj, path);
  if (!g_regex_match_simple (regex, got, 0, 0))
    lt_fail_at (file, line, "\"%s\": \"%s\" does not match %s", path, got, regex);
}

void
lt_assert_body_lacks_at (const char *file, int line, LtResponse *r, const char *text)
{
  if (text && *text && r->body && strstr (r->body, text))
    {
      g_autofree char *b = body_excerpt (r);
      lt_fail_at (file, line, "the answer leaks \"%s\": %s", text, b);
    }
}
