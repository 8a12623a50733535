/* What the files of the HTTP glue share (http.c, request.c, early.c, body.c, dispatch.c,
 * reply.c, request-json.c); nothing outside server/http/ includes this. */
#pragma once

#include "http/conn.h"
#include "http/http.h"
#include "http/router.h"

#include <arpa/inet.h>
#include <microhttpd.h>

/* A body too large by at most this much is read and thrown away before the 413 goes out.
 * Answering at once and closing with the body unread makes the kernel reset the connection,
 * and a client still writing its body then sees the reset instead of the 413. Past the
 * slack we answer at once anyway (docs/api.md says what a client may then see). */
#define DISCARD_SLACK (1024 * 1024)

struct LsRequestPrivate
{
  struct MHD_Connection *connection;
  LsHttpServer *server;
  const LsRoute *route;
  const char *cap_names[LS_ROUTER_MAX_CAPTURES];
  size_t cap_name_lens[LS_ROUTER_MAX_CAPTURES];
  char *cap_values[LS_ROUTER_MAX_CAPTURES];
  size_t n_captures;
  GByteArray *buffer;
  size_t max_body;
  size_t received;
  bool too_large;
  bool answer_at_once; /* a 413 from Content-Length, not worth reading */
  /* an answer decided before the handler runs */
  unsigned early_status;
  const char *early_code;
  const char *early_message;
  const char *early_field;
  char *allow;
  unsigned retry_after;
  /* the reply */
  struct MHD_Response *response;
  unsigned status;
  bool queued;
  bool on_worker;     /* the handler was handed to the worker pool */
  bool deferred;      /* the handler will reply later (ls_request_defer) */
  LsHandler finish;   /* ls_request_resume_with: replies after resuming */
  size_t budget_held; /* bytes of the body budget this body holds */
  LsConn *conn;       /* borrowed from the connection's socket context */
  char ip[INET6_ADDRSTRLEN];
};

struct LsHttpServer
{
  struct MHD_Daemon *daemon;
  LsApp *app;
  unsigned port;
  LsConnTable *conns;
  GThreadPool *workers; /* runs LS_ROUTE_WORKER handlers */
  gint in_flight;       /* requests begun and not completed */
  gint draining;        /* stopping: answer what is in flight, then close */
  gint deferred;        /* requests deferred and not resumed yet */
  gsize buffered;       /* body bytes held by all requests (atomic) */
};

/* --- request.c: a request's life and what a handler reads ----------------------- */

LsRequest *ls_http_request_new (LsHttpServer *srv, struct MHD_Connection *c, const char *url,
                                const char *method);
void ls_http_request_free (LsRequest *req); /* NULL is fine */
/* Finds the request's row, or decides its 404/405 (or the web pages' fallback). */
void ls_http_route_request (LsRequest *req);

/* --- early.c: the answers the glue decides before the handler runs ---------------- */

/* The first answer decided wins; later ones are ignored. */
void ls_http_set_early (LsRequest *req, unsigned status, const char *code, const char *message,
                        const char *field);
void ls_http_set_too_large (LsRequest *req);
/* MHD's URI log callback: starts the headers' deadline and marks a request whose raw URI
 * holds "%00"; the mark is the request's first context (ls_http_is_nul_marker). */
void *ls_http_on_uri (void *cls, const char *uri, struct MHD_Connection *c);
bool ls_http_is_nul_marker (const void *req_cls);
/* The checks that need only the request line and the headers; `marker` is what
 * ls_http_on_uri left (or NULL). */
void ls_http_check_request (LsRequest *req, const void *marker);

/* --- request-json.c ----------------------------------------------------------------- */

bool ls_http_is_json_content_type (const char *content_type);
/* Parses req->body into req->json; false after replying 400. */
bool ls_http_parse_json_body (LsRequest *req);

/* --- body.c: the body as it arrives, within the route's limit and the budget -------- */

enum MHD_Result ls_http_receive_body (LsRequest *req, struct MHD_Connection *c, const char *data,
                                      size_t *size);
void ls_http_budget_release (LsRequest *req);
void ls_http_arm_body_deadline (LsRequest *req);

/* --- dispatch.c: running the handler, on the loop or a worker ------------------------- */

/* The early answer, or the handler's (a 500 if it gives none). */
void ls_http_dispatch (LsRequest *req);
/* The body is in: dispatch (or hand to a worker), then queue the reply. */
enum MHD_Result ls_http_answer (LsRequest *req, struct MHD_Connection *c);
/* GThreadPool's function for LS_ROUTE_WORKER rows. */
void ls_http_run_on_worker (gpointer data, gpointer user_data);

/* --- http.c ------------------------------------------------------------------------- */

LsConn *ls_http_conn_of (struct MHD_Connection *c);
