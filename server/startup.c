/* Init and teardown of the server (startup.h). */
#include "startup.h"

#include "app.h"
#include "clock.h"
#include "events/hub.h"
#include "http/clientaddr.h"
#include "ratelimit.h"
#include "routes/announce.h"
#include "retention.h"
#include "seed.h"
#include "staff-admin.h"
#include "store/store.h"
#include "voice/voice.h"

#include <errno.h>
#include <stdio.h>
#include <sys/resource.h>

/* POSTs per minute per client address when not in --dev: generous, for carrier NAT. */
#define DEFAULT_RATE_PER_MINUTE 1200
#define IDLE_TIMEOUT_S          75
#define HEADER_TIMEOUT_S        10
#define LOOP_THREADS            2
/* Enough for every booking connection of a rush to wait in one group commit. */
#define WORKER_THREADS 64
/* /scan per address: a citizen scans a card a few times; each decode costs CPU. */
#define SCANS_PER_MINUTE 20
/* Bodies in memory at once: 16 /scan uploads of 8 MiB. */
#define BODY_BUDGET_BYTES ((size_t) 128 * 1024 * 1024)
/* Descriptors kept back from connections: the database, its WAL, logs, the workers'. */
#define RESERVED_FDS 128

/* --- the options' meaning --------------------------------------------------------- */

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

int
ls_startup_init (const LsOptions *o, LsStartup *ret, char **ret_error)
{
  LsStartup st = { 0 };
  g_autoptr (GError) error = NULL;
  if (o->seed_file && !g_file_get_contents (o->seed_file, &st.seed_json, &st.seed_len, &error))
    {
      *ret_error = g_strdup_printf ("--seed: %s", error->message);
      return -ENOENT;
    }
  /* both were checked by the option table already */
  const char *bad = NULL;
  if (!ls_parse_listen (o->listen, &st.host, &st.port) ||
      (o->trusted_proxies &&
       !(st.trusted = ls_addr_list_parse ((const char *const *) o->trusted_proxies, &bad))))
    {
      ls_startup_clear (&st);
      *ret_error = g_strdup ("--listen or --trusted-proxy: not an address");
      return -EINVAL;
    }
  st.assets = o->assets ? g_strdup (o->assets) : default_assets_dir ();
  *ret = st;
  return 0;
}

void
ls_startup_clear (LsStartup *st)
{
  g_free (st->host);
  g_strfreev (st->trusted);
  g_free (st->assets);
  g_free (st->seed_json);
}

/* --- the application ----------------------------------------------------------------- */

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

static LaysoClock *
start_clock (const LsOptions *o)
{
  /* loud, so that a --dev left in a service file is seen in the journal at once */
  if (o->dev)
    fprintf (stderr,
             "layso-server: WARNING: --dev: the clock can be set over HTTP and rate "
             "limits are off unless --rate-limit is given; never use --dev in production\n");
  if (!o->clock)
    return layso_clock_new_system ();
  g_autoptr (GDateTime) start = layso_rfc3339_parse (o->clock); /* checked: options.c */
  return layso_clock_new_at (start);
}

void
ls_app_init (LsApp *app, const LsOptions *o, const LsStartup *st)
{
  unsigned rate = ls_options_given (o, "--rate-limit") ? o->rate_limit
                  : o->dev                             ? 0
                                                       : DEFAULT_RATE_PER_MINUTE;
  *app = (LsApp) {
    .clock = start_clock (o),
    .config = {
      .dev = o->dev,
      .rate_limit_per_min = rate,
      .lookup_guard = rate != 0,
      .retention_days = o->retention_days,
      .assets_dir = st->assets,
      .province = o->province,
      .trusted_proxies = (const char *const *) st->trusted,
      .max_connections = raise_fd_limit (),
      .max_connections_per_address = o->connections_per_address,
      .streams_per_client = o->streams_per_client,
      .idle_timeout_s = IDLE_TIMEOUT_S,
      .header_timeout_s = HEADER_TIMEOUT_S,
      .loop_threads = LOOP_THREADS,
      .worker_threads = WORKER_THREADS,
      .scan_decodes = MAX (1, g_get_num_processors ()),
      .body_budget_bytes = BODY_BUDGET_BYTES,
    },
    .rate_limiter = rate ? ls_rate_limiter_new (rate) : NULL,
    .scan_limiter = rate ? ls_rate_limiter_new (SCANS_PER_MINUTE) : NULL,
  };
}

int
ls_app_start_voice (LsApp *app, const LsOptions *o, char **ret_error)
{
  g_autofree char *error = NULL;
  int r = ls_voice_new (o->voice_clips, &app->voice, &error);
  if (r < 0)
    *ret_error = g_steal_pointer (&error);
  return r;
}

static int
seed_from (LsStore *store, const char *what, const char *json, size_t len, GPtrArray *tokens,
           char **ret_error)
{
  g_autoptr (LsSeed) seed = NULL;
  g_autofree char *error = NULL;
  if (ls_seed_parse (json, len, &seed, &error) < 0)
    {
      *ret_error = g_strdup_printf ("%s: %s", what, error);
      return -EINVAL;
    }
  int r = ls_store_seed (store, seed, tokens);
  if (r < 0)
    *ret_error = g_strdup_printf ("%s: cannot store the seed (%s)", what, g_strerror (-r));
  return r;
}

int
ls_app_open_store (LsApp *app, const LsOptions *o, const LsStartup *st, GPtrArray *tokens,
                   char **ret_error)
{
  LsStoreConfig cfg = { .pool_size = o->db_pool };
  int r = ls_store_open_with (o->db, &cfg, &app->store);
  if (r < 0)
    {
      g_autofree char *shown = ls_store_spec_display (o->db);
      *ret_error = g_strdup_printf ("cannot open database %s (%s)", shown, g_strerror (-r));
      return r;
    }
  /* PostgreSQL: the calls made through other processes reach this one's boards too */
  r = ls_store_watch_events (app->store, ls_event_hub_publish, NULL);
  if (r < 0 && r != -ENOSYS)
    {
      *ret_error = g_strdup_printf ("cannot watch the database's events (%s)", g_strerror (-r));
      return r;
    }
  if (o->seed_demo && (r = seed_from (app->store, "demo seed", ls_demo_seed, ls_demo_seed_len,
                                      tokens, ret_error)) < 0)
    return r;
  if (o->seed_demo && (r = ls_staff_seed_demo (app->store)) < 0)
    {
      *ret_error = g_strdup_printf ("cannot store the demo staff (%s)", g_strerror (-r));
      return r;
    }
  if (st->seed_json && (r = seed_from (app->store, o->seed_file, st->seed_json, st->seed_len,
                                       tokens, ret_error)) < 0)
    return r;
  if ((r = ls_store_reload_catalog (app->store)) < 0)
    {
      *ret_error =
          g_strdup_printf ("cannot read the configuration from the database (%s)", g_strerror (-r));
      return r;
    }
  ls_retention_purge (app);
  app->announcer = ls_announcer_new (app);
  return 0;
}

void
ls_app_clear (LsApp *app)
{
  ls_announcer_free (app->announcer); /* what it has queued is written first */
  ls_store_close (app->store); /* the writer commits what is queued, then the database closes */
  ls_rate_limiter_free (app->rate_limiter);
  ls_rate_limiter_free (app->scan_limiter);
  layso_clock_free (app->clock);
  ls_voice_free (app->voice);
}
