/* What every handler can reach through req->app: the store, the clock and the settings. */
#pragma once

#include "clock.h"

#include <stdbool.h>

typedef struct LsStore LsStore;             /* store.h */
typedef struct LsRateLimiter LsRateLimiter; /* ratelimit.h */
typedef struct LsVoice LsVoice;             /* voice/voice.h */
typedef struct LsAnnouncer LsAnnouncer;     /* routes/announce.h */

typedef struct
{
  bool dev;                           /* --dev: /api/v1/dev/clock, rate limits off by default */
  double rate_limit_per_min;          /* POSTs per minute per client address; 0 = off */
  bool lookup_guard;                  /* failed look-ups lock (routes/lookup.h); off with --dev */
  unsigned retention_days;            /* personal data kept this many days after the booking */
  const char *assets_dir;             /* static web pages (assets/web) */
  const char *province;               /* --province: the pages' brand, "Thái Nguyên" */
  const char *const *trusted_proxies; /* --trusted-proxy, canonical (clientaddr.h); NULL = none */
  /* connections (http.c, conn.h) */
  unsigned max_connections;             /* in all; from RLIMIT_NOFILE */
  unsigned max_connections_per_address; /* --connections-per-address; 0 = no limit */
  unsigned streams_per_client;          /* --streams-per-client; 0 = no limit */
  unsigned idle_timeout_s;              /* keep-alive idle, and a client that stops reading */
  unsigned header_timeout_s;            /* request line to the end of the headers */
  unsigned loop_threads;                /* libmicrohttpd's epoll threads */
  unsigned worker_threads;              /* handlers that block (LS_ROUTE_WORKER) */
  unsigned scan_decodes;                /* /scan images decoded at once */
  size_t body_budget_bytes;             /* request bodies held in memory at once; 0 = no cap */
} LsConfig;

struct LsApp
{
  LsStore *store;
  LaysoClock *clock;
  LsConfig config;
  LsRateLimiter *rate_limiter; /* NULL when off */
  LsRateLimiter *scan_limiter; /* POST /scan per address; NULL when rate limits are off */
  LsVoice *voice;              /* the board's announcements (--voice-clips); set at start-up */
  LsAnnouncer *announcer;      /* the boards' waiting counts; NULL: announced at once */
};
