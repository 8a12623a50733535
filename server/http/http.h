/* The HTTP glue between libmicrohttpd and the route handlers.
 *
 * A handler receives one LsRequest, reads what it needs (captures, query, headers, body) and
 * calls exactly ONE reply function. Handlers run on libmicrohttpd's event-loop threads, so
 * they must not wait long: a route whose handler waits on the writer queue, renders or
 * decodes images is marked LS_ROUTE_WORKER and runs on a worker thread instead, its
 * connection suspended meanwhile. A handler that replies nothing gets a 500 `internal`.
 *
 * Before a handler runs, the glue has already answered on its own:
 *   404 not_found (no route), 405 method_not_allowed (with Allow), 413 payload_too_large
 *   (Content-Length or streamed body past the route's limit), 415 unsupported_media_type and
 *   400 invalid_input (invalid UTF-8, malformed JSON, not an object) for LS_ROUTE_JSON rows,
 *   429 rate_limited (with Retry-After) for POSTs over the per-IP limit, 503 unavailable (with
 *   Retry-After) when the bodies held in memory would pass the server's budget. */
#pragma once

#include "http/jsonbody.h"

#include <json-c/json.h>
#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct LsApp LsApp; /* app.h: store, clock, config */
typedef struct LsRequest LsRequest;

typedef void (*LsHandler) (LsRequest *req);

#define LS_BODY_MAX_DEFAULT (64 * 1024)

typedef enum
{
  LS_ROUTE_JSON = 1 << 0,   /* body must be application/json, valid UTF-8, one JSON object:
                              parsed into req->json before the handler runs */
  LS_ROUTE_WORKER = 1 << 1, /* the handler may block: run it on the worker pool */
} LsRouteFlags;

/* One row of the route table (routes.c). `pattern` is an absolute path whose segments are
 * literals or captures: "/api/v1/units/{unit}/slots" matches "/api/v1/units/x/slots" with
 * unit = "x" (percent-decoded). A last segment "{*rest}" captures the remaining path
 * (slashes included, possibly empty). GET rows also answer HEAD. */
typedef struct
{
  const char *method; /* "GET", "POST", ...; NULL ends the table */
  const char *pattern;
  LsHandler handler;
  unsigned flags;  /* LsRouteFlags */
  size_t max_body; /* bytes; 0 = LS_BODY_MAX_DEFAULT */
} LsRoute;

extern const LsRoute ls_routes[];
/* A GET (or HEAD) that no row matches, outside /api/: the web pages' fallback (routes.c),
 * which redirects obvious variants of a page's address and otherwise answers 404. */
extern const LsRoute ls_route_web_fallback_row;

struct LsRequest
{
  LsApp *app;            /* borrowed, lives as long as the server */
  const char *method;    /* "GET" (HEAD requests show as "GET"), "POST", ... */
  const char *path;      /* percent-decoded path, no query */
  GBytes *body;          /* never NULL (empty for GET) */
  json_object *json;     /* parsed body for LS_ROUTE_JSON rows, else NULL; borrowed */
  const char *client_ip; /* "127.0.0.1" */
  /* the handler's own state across ls_request_defer(), freed with the request */
  void *handler_data;
  GDestroyNotify handler_data_free;
  /* what the routes pin for the request's whole life (the catalog: routes/context.h), freed
   * with the request */
  void *pinned;
  GDestroyNotify pinned_free;
  /* private to the glue (server/http/http-private.h) */
  struct LsRequestPrivate *priv;
};

/* The value of capture `{name}` of the matched pattern, or NULL. */
const char *ls_request_param (LsRequest *req, const char *name);
/* The matched route's pattern, for logs (the path may hold a booking code). */
const char *ls_request_route (LsRequest *req);
/* Query argument (percent-decoded), or NULL when absent. */
const char *ls_request_query (LsRequest *req, const char *name);
/* Request header (case-insensitive name), or NULL. */
const char *ls_request_header (LsRequest *req, const char *name);

/* --- replies: call exactly one per request ------------------------------------------ */

/* `obj` is consumed (json_object_put). Content-Type: application/json; charset=utf-8. */
void ls_reply_json (LsRequest *req, unsigned status, json_object *obj);
/* A JSON body already serialised (e.g. a stored idempotent answer). Copied. */
void ls_reply_json_string (LsRequest *req, unsigned status, const char *body);
/* {"error":{"code","message","field"}}; field may be NULL (then omitted). */
void ls_reply_error (LsRequest *req, unsigned status, const char *code, const char *message,
                     const char *field);
/* Shorthands for the contract's common errors. */
void ls_reply_invalid (LsRequest *req, const char *field, const char *message);
void ls_reply_not_found (LsRequest *req);
void ls_reply_internal (LsRequest *req);
/* An error a later retry may cure (429, 503): the error JSON plus Retry-After in seconds
 * (at least 1). */
void ls_reply_retry_later (LsRequest *req, unsigned status, const char *code, const char *message,
                           unsigned retry_after);
/* 503 unavailable with Retry-After (busy, full disk, database unreachable). */
void ls_reply_unavailable (LsRequest *req, unsigned retry_after);
/* Any bytes (bytes may be NULL for an empty body, e.g. 204 or 304), then a NULL-terminated
 * list of extra header name/value pairs:
 *   ls_reply_bytes(req, 200, "text/html; charset=utf-8", bytes,
 *                  "Cache-Control", "no-cache", "ETag", etag, NULL); */
void ls_reply_bytes (LsRequest *req, unsigned status, const char *content_type, GBytes *bytes,
                     ...) G_GNUC_NULL_TERMINATED;
/* Adds a header to the reply already made (e.g. Retry-After, Location). */
void ls_reply_add_header (LsRequest *req, const char *name, const char *value);

/* --- answering later ------------------------------------------------------------- */

/* A handler that hands its work to another thread (e.g. the store's writer) calls
 * ls_request_defer() before handing it off, and returns without replying: the connection
 * then waits, suspended, with no thread held. Whoever finishes the work makes the reply
 * (exactly one) and calls ls_request_resume(); after that req belongs to the glue again
 * and must not be touched. */
void ls_request_defer (LsRequest *req);
void ls_request_resume (LsRequest *req);
/* Instead of replying on the other thread: `finish` runs on the event loop once the
 * connection is back, and replies there (e.g. renders what the other thread computed). */
void ls_request_resume_with (LsRequest *req, LsHandler finish);

/* --- strict JSON bodies ----------------------------------------------------------- */

/* For rows without LS_ROUTE_JSON that take JSON only sometimes: the same checks the glue
 * makes for LS_ROUTE_JSON rows (415, invalid UTF-8, malformed JSON); false after replying.
 * Members are then read through the route's schema (routes/body.h), never by name. */
bool ls_request_parse_json (LsRequest *req);

/* --- the server ------------------------------------------------------------------- */

typedef struct LsHttpServer LsHttpServer;

/* Starts listening on host:port (port 0 = any free port). 0 and *ret, or negative errno. */
int ls_http_start (LsApp *app, const char *host, unsigned port, LsHttpServer **ret);
unsigned ls_http_port (LsHttpServer *srv);
/* Stops accepting, lets requests in flight finish, frees. NULL is fine. */
void ls_http_stop (LsHttpServer *srv);
