/* libmicrohttpd glue: the daemon, its callbacks, start and stop. A request goes through
 * the files of server/http/ in this order:
 *
 *   begin_request (here)   request.c: a new LsRequest, its client address, its route;
 *                          early.c: the answers decided from the request line and headers
 *   body arriving          body.c: the route's limit, the budget, the body's deadline
 *   body complete          dispatch.c: the handler, on the loop or a worker thread;
 *                          request-json.c parses a JSON body first; reply.c holds the reply
 *   completed callback     request.c frees the request, on every path
 *
 * The connection model: libmicrohttpd's epoll loop on a small pool of threads serves every
 * connection, so an idle keep-alive connection or a held event stream costs a few KiB and
 * no thread. Handlers of LS_ROUTE_WORKER rows (the ones that wait on the writer queue,
 * render or decode images) run on a pool of worker threads while their connection is
 * suspended; the loop threads never wait on them. Connection limits per address and the
 * deadlines of each phase of a connection are conn.c's.
 *
 * Following the keep-alive recipe (RECIPES.md), nothing is queued on the first call for a
 * request except a 413 decided from Content-Length when the body will not be read (Expect:
 * 100-continue, or more than DISCARD_SLACK over the limit); then the connection closes
 * anyway. */
#define _GNU_SOURCE
#include "http/http-private.h"
#include "http/stream.h"

#include "app.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* How long a stop waits for requests in flight before closing connections anyway. */
#define DRAIN_TIMEOUT_US (10 * G_USEC_PER_SEC)

LsConn *
ls_http_conn_of (struct MHD_Connection *c)
{
  const union MHD_ConnectionInfo *info =
      MHD_get_connection_info (c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return info ? info->socket_context : NULL;
}

static enum MHD_Result
begin_request (LsHttpServer *srv, struct MHD_Connection *c, const char *url, const char *method,
               void **req_cls)
{
  const void *marker = *req_cls;
  LsRequest *req = ls_http_request_new (srv, c, url, method);
  *req_cls = req;
  req->priv->conn = ls_http_conn_of (c);
  ls_http_check_request (req, marker);
  if (req->priv->answer_at_once)
    {
      /* answer before the body is read; MHD closes the connection afterwards */
      ls_http_dispatch (req);
      req->priv->queued = true;
      ls_conn_busy (req->priv->conn);
      return MHD_queue_response (c, req->priv->status, req->priv->response);
    }
  if (req->priv->route)
    ls_http_arm_body_deadline (req);
  return MHD_YES;
}

static enum MHD_Result
on_request (void *cls, struct MHD_Connection *c, const char *url, const char *method,
            const char *version, const char *upload_data, size_t *upload_data_size, void **req_cls)
{
  LsRequest *req = *req_cls;
  if (!req || ls_http_is_nul_marker (req))
    return begin_request (cls, c, url, method, req_cls);
  if (*upload_data_size)
    return ls_http_receive_body (req, c, upload_data, upload_data_size);
  return ls_http_answer (req, c);
}

static void
on_completed (void *cls, struct MHD_Connection *c, void **req_cls,
              enum MHD_RequestTerminationCode toe)
{
  ls_conn_idle (ls_http_conn_of (c));
  if (!ls_http_is_nul_marker (*req_cls)) /* a marker: the handler never ran, nothing to free */
    ls_http_request_free (*req_cls);
  *req_cls = NULL;
}

static void
on_connection (void *cls, struct MHD_Connection *c, void **socket_context,
               enum MHD_ConnectionNotificationCode code)
{
  LsHttpServer *srv = cls;
  if (code == MHD_CONNECTION_NOTIFY_STARTED)
    {
      const union MHD_ConnectionInfo *fd =
          MHD_get_connection_info (c, MHD_CONNECTION_INFO_CONNECTION_FD);
      const union MHD_ConnectionInfo *addr =
          MHD_get_connection_info (c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
      *socket_context =
          ls_conn_opened (srv->conns, fd ? fd->connect_fd : -1, addr ? addr->client_addr : NULL);
    }
  else
    {
      ls_conn_closed (srv->conns, g_steal_pointer (socket_context));
    }
}

static enum MHD_Result
on_accept (void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
  LsHttpServer *srv = cls;
  return ls_conn_table_admit (srv->conns, addr) ? MHD_YES : MHD_NO;
}

static bool
parse_listen_address (const char *host, unsigned port, struct sockaddr_storage *ret,
                      unsigned *ret_flags)
{
  struct sockaddr_in6 *sa6 = (struct sockaddr_in6 *) ret;
  struct sockaddr_in *sa4 = (struct sockaddr_in *) ret;
  memset (ret, 0, sizeof *ret);
  if (inet_pton (AF_INET, host, &sa4->sin_addr) == 1)
    {
      sa4->sin_family = AF_INET;
      sa4->sin_port = htons ((uint16_t) port);
      return true;
    }
  if (inet_pton (AF_INET6, host, &sa6->sin6_addr) == 1)
    {
      sa6->sin6_family = AF_INET6;
      sa6->sin6_port = htons ((uint16_t) port);
      *ret_flags |= MHD_USE_IPv6;
      return true;
    }
  return false;
}

static struct MHD_Daemon *
start_daemon (LsHttpServer *srv, const struct sockaddr *sa, unsigned flags)
{
  const LsConfig *cfg = &srv->app->config;
  return MHD_start_daemon (
      flags, 0, on_accept, srv, on_request, srv, MHD_OPTION_SOCK_ADDR, sa,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_NOTIFY_CONNECTION, on_connection,
      srv, MHD_OPTION_URI_LOG_CALLBACK, ls_http_on_uri, NULL, MHD_OPTION_THREAD_POOL_SIZE,
      cfg->loop_threads, MHD_OPTION_CONNECTION_LIMIT, cfg->max_connections,
      MHD_OPTION_CONNECTION_TIMEOUT, cfg->idle_timeout_s,
      /* request line and headers up to 8 KiB (browsers send 1-2 KiB; nginx's limit for one
       * header line, Apache's for a field). Every connection keeps its pool while open and
       * libmicrohttpd touches most of it: 16 KiB held 10,000 event streams in 200 MB, 8 KiB
       * in 150 (tests/bench/calling.sh). */
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t) (8 * 1024), MHD_OPTION_LISTEN_BACKLOG_SIZE,
      (unsigned) 1024, MHD_OPTION_END);
}

int
ls_http_start (LsApp *app, const char *host, unsigned port, LsHttpServer **ret)
{
  struct sockaddr_storage sa;
  unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC;
  if (port > 65535 || !parse_listen_address (host, port, &sa, &flags))
    return -EINVAL;

  LsHttpServer *srv = g_new0 (LsHttpServer, 1);
  srv->app = app;
  LsConnLimits limits = {
    .per_address = app->config.max_connections_per_address,
    .streams_per_client = app->config.streams_per_client,
    .idle_s = app->config.idle_timeout_s,
    .header_s = app->config.header_timeout_s,
    .exempt = app->config.trusted_proxies,
  };
  srv->conns = ls_conn_table_new (&limits);
  /* exclusive: the threads start once and stay; a shared pool would stop all but two of
   * them whenever a burst ends and start them again for the next */
  srv->workers =
      g_thread_pool_new (ls_http_run_on_worker, srv, (gint) app->config.worker_threads, TRUE, NULL);
  struct MHD_Daemon *d = start_daemon (srv, (const struct sockaddr *) &sa, flags);
  if (!d)
    {
      g_thread_pool_free (srv->workers, FALSE, TRUE);
      ls_conn_table_free (srv->conns);
      g_free (srv);
      return -EADDRNOTAVAIL;
    }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info (d, MHD_DAEMON_INFO_BIND_PORT);
  srv->daemon = d;
  srv->port = info ? info->port : port;
  *ret = srv;
  return 0;
}

unsigned
ls_http_port (LsHttpServer *srv)
{
  return srv->port;
}

void
ls_http_stop (LsHttpServer *srv)
{
  if (!srv)
    return;
  /* no new connections; answers from now on close theirs; wait for those in flight */
  MHD_socket listen_fd = MHD_quiesce_daemon (srv->daemon);
  g_atomic_int_set (&srv->draining, 1);
  ls_stream_end_all (); /* event streams never end by themselves */
  gint64 deadline = g_get_monotonic_time () + DRAIN_TIMEOUT_US;
  while (g_atomic_int_get (&srv->in_flight) > 0 && g_get_monotonic_time () < deadline)
    g_usleep (2000);
  /* a handler still running, or a deferred request, would resume a stopped daemon: let
   * every one finish first (the store's writer is still running, so they do) */
  g_thread_pool_free (srv->workers, FALSE, TRUE);
  while (g_atomic_int_get (&srv->deferred) > 0)
    g_usleep (2000);
  MHD_stop_daemon (srv->daemon); /* closes idle connections */
  if (listen_fd != MHD_INVALID_SOCKET)
    close (listen_fd); /* after quiesce the listening socket is ours to close */
  ls_conn_table_free (srv->conns);
  g_free (srv);
}
