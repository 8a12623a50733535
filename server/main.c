/* layso-server: arguments, start-up (store, seeding, catalog), HTTP, retention, shutdown.
 *
 *   layso-server --db sqlite:PATH [--listen HOST:PORT] [--seed-demo] [--seed FILE] [--dev]
 *                [--clock RFC3339] [--rate-limit N] [--retention-days N] [--assets DIR]
 *                [--trusted-proxy ADDR[,ADDR…]] [--province NAME]…
 *   layso-server --db sqlite:PATH --rotate-kiosk-token KIOSK_ID
 *
 * --rotate-kiosk-token is a one-shot admin command: it gives the kiosk a fresh token, prints
 * `kiosk token: <token>` and exits 0 (unknown kiosk: exit 1, nothing changed). Safe while a
 * server runs on the same database; the old token stops working there at once.
 *
 * Bad arguments: one line on stderr, exit 2. Start-up failures: one line, exit 1.
 * SIGTERM/SIGINT: stop accepting, finish requests in flight, flush the writer, close the
 * database, exit 0. */
#include "app.h"
#include "http/clientaddr.h"
#include "clock.h"
#include "http/http.h"
#include "ratelimit.h"
#include "retention.h"
#include "routes/events.h"
#include "seed.h"
#include "staff-admin.h"
#include "store/store.h"
#include "ticker.h"

#include <errno.h>
#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#define DEFAULT_LISTEN         "127.0.0.1:8080"
#define DEFAULT_RETENTION_DAYS 30
/* POSTs per minute per client address when not in --dev: generous, for carrier NAT. */
#define DEFAULT_RATE_PER_MINUTE 1200
#define KIOSK_ID_MAX_BYTES      200
/* Connections (conn.h). 64 per address is far more than a browser opens (6) and far fewer
 * than it takes to crowd out everyone else; behind nginx the proxy is exempt. The idle
 * time outlasts nginx's upstream keep-alive (60 s), so nginx closes first. */
#define DEFAULT_CONNECTIONS_PER_ADDRESS 64
/* Event streams per client address (behind nginx: per X-Forwarded-For client): a centre's
 * boards and a few hundred ticket pages behind one carrier-NAT address. */
#define DEFAULT_STREAMS_PER_CLIENT 500
#define IDLE_TIMEOUT_S             75
#define HEADER_TIMEOUT_S           10
#define LOOP_THREADS               2
/* Enough for every booking connection of a rush to wait in one group commit. */
#define WORKER_THREADS 64
/* /scan per address: a citizen scans a card a few times; each decode costs CPU. */
#define SCANS_PER_MINUTE 20
/* Bodies in memory at once: 16 /scan uploads of 8 MiB. */
#define BODY_BUDGET_BYTES ((size_t) 128 * 1024 * 1024)
/* Descriptors kept back from connections: the database, its WAL, logs, the workers'. */
#define RESERVED_FDS 128

typedef struct
{
  char *db;
  char *listen;
  gboolean seed_demo;
  char *seed_file;
  gboolean dev;
  char *clock;
  char *rate_limit;
  char *retention_days;
  char *assets;
  char *province;
  char **trusted_proxies;
  char *rotate_kiosk_token;
  char *connections_per_address;
  char *streams_per_client;
  char *create_admin;
} Args;

#define DEFAULT_PROVINCE   "Thái Nguyên"
#define PROVINCE_MAX_CHARS 60

/* The name goes into every page (HTML-escaped there too): letters, spaces, '-' and '.' only,
 * as a place name needs, so a typo in a unit file cannot put markup on the pages. */
static bool
province_name_ok (const char *s)
{
  if (!g_utf8_validate (s, -1, NULL) || !*s || g_utf8_strlen (s, -1) > PROVINCE_MAX_CHARS)
    return false;
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!g_unichar_isalpha (c) && !g_unichar_ismark (c) && c != ' ' && c != '-' && c != '.')
        return false;
    }
  return true;
}

static G_GNUC_NORETURN G_GNUC_PRINTF (2, 3) void die (int status, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, "layso-server: %s\n", msg);
  exit (status);
}

static bool
parse_uint (const char *s, unsigned max, unsigned *ret)
{
  guint64 v;
  if (!s || !g_ascii_string_to_unsigned (s, 10, 0, max, &v, NULL))
    return false;
  *ret = (unsigned) v;
  return true;
}

/* "HOST:PORT" or "[V6]:PORT". */
static bool
parse_listen (const char *s, char **ret_host, unsigned *ret_port)
{
  const char *colon = strrchr (s, ':');
  if (!colon || colon == s)
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
  if (!parse_uint (colon + 1, 65535, ret_port))
    return false;
  *ret_host = g_steal_pointer (&host);
  return true;
}

static char *
default_assets_dir (void)
{
  g_autofree char *installed = g_build_filename (LAYSO_DATADIR, "layso", "web", NULL);
#ifdef LAYSO_SOURCE_DIR
  /* Debug builds only: a release binary carries no path of the build machine */
  if (!g_file_test (installed, G_FILE_TEST_IS_DIR))
    return g_build_filename (LAYSO_SOURCE_DIR, "assets", "web", NULL);
#endif
  return g_steal_pointer (&installed);
}

static void
seed_from (LsStore *store, const char *what, const char *json, size_t len, GPtrArray *tokens)
{
  g_autoptr (LsSeed) seed = NULL;
  g_autofree char *error = NULL;
  if (ls_seed_parse (json, len, &seed, &error) < 0)
    die (1, "%s: %s", what, error);
  int r = ls_store_seed (store, seed, tokens);
  if (r < 0)
    die (1, "%s: cannot store the seed (%s)", what, g_strerror (-r));
}

/* The options that make sense only for a listening server, or NULL if none was given. */
static const char *
server_option_given (const Args *a)
{
  if (a->listen)
    return "--listen";
  if (a->seed_demo)
    return "--seed-demo";
  if (a->seed_file)
    return "--seed";
  if (a->dev)
    return "--dev";
  if (a->clock)
    return "--clock";
  if (a->rate_limit)
    return "--rate-limit";
  if (a->retention_days)
    return "--retention-days";
  if (a->assets)
    return "--assets";
  if (a->province)
    return "--province";
  if (a->trusted_proxies)
    return "--trusted-proxy";
  if (a->connections_per_address)
    return "--connections-per-address";
  if (a->streams_per_client)
    return "--streams-per-client";
  return NULL;
}

/* --rotate-kiosk-token: one committed write through the store, then the token on stdout. */
static int
rotate_kiosk_token (const char *db, const char *kiosk_id)
{
  const char *path = strchr (db, ':') + 1; /* the spec was checked: it has a scheme */
  /* a mistyped path must not leave a new empty database behind (and report "no kiosk") */
  if (!ls_store_exists (db))
    die (1, "no database at %s", path);
  LsStore *store = NULL;
  int r = ls_store_open (db, &store);
  if (r < 0)
    die (1, "cannot open database %s (%s)", db, g_strerror (-r));
  g_autofree char *token = NULL;
  r = ls_store_kiosk_rotate_token (store, kiosk_id, &token);
  ls_store_close (store);
  if (r == -LS_E_NOT_FOUND)
    die (1, "no kiosk with id %s in %s; nothing changed", kiosk_id, path);
  if (r < 0)
    die (1, "cannot store the new token (%s); the old token still works", g_strerror (-r));
  printf ("kiosk token: %s\n", token);
  fflush (stdout);
  return 0;
}

/* Every connection is a descriptor: take the hard limit, and size the server by it. */
static unsigned
raise_fd_limit (void)
{
  struct rlimit lim;
  if (getrlimit (RLIMIT_NOFILE, &lim) < 0)
    return 1024 - RESERVED_FDS;
  if (lim.rlim_cur < lim.rlim_max)
    {
      lim.rlim_cur = lim.rlim_max;
      if (setrlimit (RLIMIT_NOFILE, &lim) < 0)
        getrlimit (RLIMIT_NOFILE, &lim);
    }
  rlim_t usable = lim.rlim_cur > 2 * RESERVED_FDS ? lim.rlim_cur - RESERVED_FDS : RESERVED_FDS;
  return usable > 1000000 ? 1000000 : (unsigned) usable;
}

static gboolean
on_signal (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
args_clear (Args *a)
{
  g_free (a->db);
  g_free (a->listen);
  g_free (a->seed_file);
  g_free (a->clock);
  g_free (a->rate_limit);
  g_free (a->retention_days);
  g_free (a->assets);
  g_free (a->province);
  g_strfreev (a->trusted_proxies);
  g_free (a->rotate_kiosk_token);
  g_free (a->connections_per_address);
  g_free (a->streams_per_client);
  g_free (a->create_admin);
}

/* --- parse: the options, as given -------------------------------------------------- */

static void
parse_args (int argc, char **argv, Args *a)
{
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_STRING, &a->db, "Database: sqlite:PATH", "SPEC" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &a->listen, "Address (port 0: any free port)",
      "HOST:PORT" },
    { "seed-demo", 0, 0, G_OPTION_ARG_NONE, &a->seed_demo, "Load the demo units, notice and kiosk",
      NULL },
    { "seed", 0, 0, G_OPTION_ARG_FILENAME, &a->seed_file,
      "Load a seed file (format of assets/demo/seed.json)", "FILE" },
    { "dev", 0, 0, G_OPTION_ARG_NONE, &a->dev, "Development mode: settable clock, no rate limits",
      NULL },
    { "clock", 0, 0, G_OPTION_ARG_STRING, &a->clock, "Start the clock here (--dev only)",
      "RFC3339" },
    { "rate-limit", 0, 0, G_OPTION_ARG_STRING, &a->rate_limit,
      "POSTs per minute per client address, 0 = off", "N" },
    { "retention-days", 0, 0, G_OPTION_ARG_STRING, &a->retention_days,
      "Days personal data is kept after the booked day", "N" },
    { "assets", 0, 0, G_OPTION_ARG_FILENAME, &a->assets, "Web pages directory", "DIR" },
    /* FILENAME: the bytes as given, whatever the locale (STRING would convert from the
     * locale's charset and fail on "Bắc Ninh" under C); province_name_ok checks UTF-8 */
    { "province", 0, 0, G_OPTION_ARG_FILENAME, &a->province,
      "Province named in the pages' header (default Thái Nguyên: \"TỈNH THÁI NGUYÊN\")", "NAME" },
    { "trusted-proxy", 0, 0, G_OPTION_ARG_STRING_ARRAY, &a->trusted_proxies,
      "Reverse proxy whose X-Forwarded-For names the client (repeatable, comma-separated)",
      "ADDR" },
    { "connections-per-address", 0, 0, G_OPTION_ARG_STRING, &a->connections_per_address,
      "Open connections per client address (trusted proxies exempt), 0 = no limit; default 64",
      "N" },
    { "streams-per-client", 0, 0, G_OPTION_ARG_STRING, &a->streams_per_client,
      "Event streams per client address (behind a trusted proxy, per forwarded client), 0 = no "
      "limit; default 500",
      "N" },
    { "rotate-kiosk-token", 0, 0, G_OPTION_ARG_STRING, &a->rotate_kiosk_token,
      "Give the kiosk a new token, print it and exit (the old token stops working)", "KIOSK_ID" },
    { "create-admin", 0, 0, G_OPTION_ARG_STRING, &a->create_admin,
      "Create an admin (or set their password) with the password read from stdin, and exit",
      "USERNAME" },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- layso booking server");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    die (2, "%s", error->message);
  if (argc > 1)
    die (2, "unexpected argument: %s", argv[1]);
  if (!a->db)
    die (2, "--db sqlite:PATH is required");
  if (!ls_store_spec_valid (a->db))
    die (2, "--db: expected sqlite:PATH, got %s", a->db);
}

static int
run_rotate_kiosk_token (const Args *a)
{
  const char *other = server_option_given (a);
  if (other)
    die (2, "--rotate-kiosk-token is a one-shot command and cannot be combined with %s", other);
  size_t n = strlen (a->rotate_kiosk_token);
  if (n == 0 || n > KIOSK_ID_MAX_BYTES || !g_utf8_validate (a->rotate_kiosk_token, -1, NULL))
    die (2, "--rotate-kiosk-token: expected a kiosk id (1-%d bytes of UTF-8)", KIOSK_ID_MAX_BYTES);
  return rotate_kiosk_token (a->db, a->rotate_kiosk_token);
}

/* --- init: what the options mean ---------------------------------------------------- */

/* What the server is started with, derived from Args (owned here). */
typedef struct
{
  char *host;
  unsigned port;
  char **trusted;
  char *assets;
  char *seed_json;
  gsize seed_len;
} Startup;

static void
startup_clear (Startup *st)
{
  g_free (st->host);
  g_strfreev (st->trusted);
  g_free (st->assets);
  g_free (st->seed_json);
}

/* A numeric option, or its default when not given; exits 2 on anything else. */
static unsigned
uint_option (const char *value, unsigned fallback, unsigned max, const char *name, const char *what)
{
  unsigned v = fallback;
  if (value && !parse_uint (value, max, &v))
    die (2, "%s: expected %s, got %s", name, what, value);
  return v;
}

static GDateTime *
start_time (const Args *a)
{
  if (a->clock && !a->dev)
    die (2, "--clock needs --dev");
  GDateTime *start = NULL;
  if (a->clock && !(start = layso_rfc3339_parse (a->clock)))
    die (2, "--clock: expected RFC 3339 like 2025-09-25T10:00:00+07:00, got %s", a->clock);
  /* loud, so that a --dev left in a service file is seen in the journal at once */
  if (a->dev)
    fprintf (stderr,
             "layso-server: WARNING: --dev: the clock can be set over HTTP and rate "
             "limits are off unless --rate-limit is given; never use --dev in production\n");
  return start;
}

static void
init_startup (const Args *a, Startup *st)
{
  if (!parse_listen (a->listen ? a->listen : DEFAULT_LISTEN, &st->host, &st->port))
    die (2, "--listen: expected HOST:PORT, got %s", a->listen);
  if (a->trusted_proxies)
    {
      const char *bad = NULL;
      if (!(st->trusted = ls_addr_list_parse ((const char *const *) a->trusted_proxies, &bad)))
        die (2, "--trusted-proxy: expected IPv4 or IPv6 addresses, got %s", bad);
    }
  if (a->province && !province_name_ok (a->province))
    die (2, "--province: expected a name of 1 to %d letters, spaces, '-' or '.', got %s",
         PROVINCE_MAX_CHARS, a->province);
  st->assets = a->assets ? g_strdup (a->assets) : default_assets_dir ();
  g_autoptr (GError) error = NULL;
  if (a->seed_file && !g_file_get_contents (a->seed_file, &st->seed_json, &st->seed_len, &error))
    die (2, "--seed: %s", error->message);
}

static void
init_app (const Args *a, const Startup *st, LsApp *app)
{
  g_autoptr (GDateTime) start = start_time (a);
  unsigned rate = uint_option (a->rate_limit, a->dev ? 0 : DEFAULT_RATE_PER_MINUTE, 1000000,
                               "--rate-limit", "a number of requests per minute");
  *app = (LsApp) {
    .clock = start ? layso_clock_new_at(start) : layso_clock_new_system(),
    .config = {
      .dev = a->dev,
      .rate_limit_per_min = rate,
      .lookup_guard = rate != 0,
      .retention_days = uint_option(a->retention_days, DEFAULT_RETENTION_DAYS, 36500,
                                    "--retention-days", "a number of days"),
      .assets_dir = st->assets,
      .province = a->province ? a->province : DEFAULT_PROVINCE,
      .trusted_proxies = (const char *const *) st->trusted,
      .max_connections = raise_fd_limit(),
      .max_connections_per_address = uint_option(a->connections_per_address,
          DEFAULT_CONNECTIONS_PER_ADDRESS, 1000000, "--connections-per-address", "a number"),
      .streams_per_client = uint_option(a->streams_per_client, DEFAULT_STREAMS_PER_CLIENT,
                                        1000000, "--streams-per-client", "a number"),
      .idle_timeout_s = IDLE_TIMEOUT_S,
      .header_timeout_s = HEADER_TIMEOUT_S,
      .loop_threads = LOOP_THREADS,
      .worker_threads = WORKER_THREADS,
      .scan_decodes = MAX(1, g_get_num_processors()),
      .body_budget_bytes = BODY_BUDGET_BYTES,
    },
    .rate_limiter = rate ? ls_rate_limiter_new(rate) : NULL,
    .scan_limiter = rate ? ls_rate_limiter_new(SCANS_PER_MINUTE) : NULL,
  };
}

/* Opens the store, seeds it and reads its catalog; the new kiosks' tokens into tokens. */
static void
init_store (const Args *a, const Startup *st, LsApp *app, GPtrArray *tokens)
{
  int r = ls_store_open (a->db, &app->store);
  if (r < 0)
    die (1, "cannot open database %s (%s)", a->db, g_strerror (-r));
  if (a->seed_demo)
    seed_from (app->store, "demo seed", ls_demo_seed, ls_demo_seed_len, tokens);
  if (a->seed_demo && (r = ls_staff_seed_demo (app->store)) < 0)
    die (1, "cannot store the demo staff (%s)", g_strerror (-r));
  if (st->seed_json)
    seed_from (app->store, a->seed_file, st->seed_json, st->seed_len, tokens);
  if ((r = ls_store_reload_catalog (app->store)) < 0)
    die (1, "cannot read the configuration from the database (%s)", g_strerror (-r));
  ls_retention_purge (app);
}

/* --- run: serve until SIGTERM/SIGINT -------------------------------------------------- */

static void
run (LsApp *app, const Startup *st, GPtrArray *tokens)
{
  /* before "listening on": a SIGTERM right after it must still stop the server cleanly */
  GMainLoop *loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_unix_signal_add (SIGINT, on_signal, loop);
  LsHttpServer *srv = NULL;
  int r = ls_http_start (app, st->host, st->port, &srv);
  if (r < 0)
    die (1, "cannot listen on %s:%u (%s)", st->host, st->port, g_strerror (-r));

  /* the tokens first: once "listening" is out, everything a test needs is printed */
  for (guint i = 0; i < tokens->len; i++)
    {
      printf ("kiosk token: %s\n", (const char *) g_ptr_array_index (tokens, i));
      fflush (stdout);
    }
  bool v6 = strchr (st->host, ':') != NULL;
  printf ("listening on http://%s%s%s:%u\n", v6 ? "[" : "", st->host, v6 ? "]" : "",
          ls_http_port (srv));
  fflush (stdout);

  LsTicker *purger = ls_retention_start (app);
  g_main_loop_run (loop);
  ls_http_stop (srv); /* no new requests; those in flight finish */
  ls_events_stop ();
  ls_ticker_stop (purger);
  g_main_loop_unref (loop);
}

/* --- teardown ------------------------------------------------------------------------- */

static void
app_clear (LsApp *app)
{
  ls_store_close (app->store); /* the writer commits what is queued, then the database closes */
  ls_rate_limiter_free (app->rate_limiter);
  ls_rate_limiter_free (app->scan_limiter);
  layso_clock_free (app->clock);
}

int
main (int argc, char **argv)
{
  Args a = { 0 };
  parse_args (argc, argv, &a);
  if (a.rotate_kiosk_token)
    {
      int status = run_rotate_kiosk_token (&a);
      args_clear (&a);
      return status;
    }
  if (a.create_admin)
    {
      int status = ls_staff_create_admin_command (a.db, a.create_admin);
      args_clear (&a);
      return status;
    }
  Startup st = { 0 };
  LsApp app;
  g_autoptr (GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  init_startup (&a, &st);
  init_app (&a, &st, &app);
  init_store (&a, &st, &app, tokens);
  run (&app, &st, tokens);
  app_clear (&app);
  startup_clear (&st);
  args_clear (&a);
  return 0;
}
