/* Running the handler: on the loop thread, or for LS_ROUTE_WORKER rows on the worker pool
 * with the connection suspended; a deferred request waits suspended until whoever does its
 * work replies and resumes it (http.h, "answering later"). */
#include "http/http-private.h"

#include <string.h>

void
ls_http_dispatch (LsRequest *req)
{
  struct LsRequestPrivate *p = req->priv;
  if (p->too_large)
    ls_http_set_too_large (req);
  if (p->early_status)
    {
      if (p->retry_after) /* a 429 or 503 */
        ls_reply_retry_later (req, p->early_status, p->early_code, p->early_message,
                              p->retry_after);
      else
        ls_reply_error (req, p->early_status, p->early_code, p->early_message, p->early_field);
      if (p->allow)
        ls_reply_add_header (req, "Allow", p->allow);
      return;
    }
  req->body = g_byte_array_free_to_bytes (g_steal_pointer (&p->buffer));
  if ((p->route->flags & LS_ROUTE_JSON) && !ls_http_parse_json_body (req))
    return;
  p->route->handler (req);
  if (p->deferred) /* another thread replies; p->response is not ours to read now */
    return;
  if (!p->response)
    {
      g_warning ("route %s %s gave no reply", req->method, p->route->pattern);
      ls_reply_internal (req);
    }
}

void
ls_request_defer (LsRequest *req)
{
  struct LsRequestPrivate *p = req->priv;
  p->deferred = true;
  g_atomic_int_inc (&p->server->deferred);
  if (!p->on_worker) /* a worker's connection is suspended already */
    MHD_suspend_connection (p->connection);
}

static void
resume (LsRequest *req)
{
  LsHttpServer *srv = req->priv->server;
  /* from here on the loop thread owns req again (and may free it at once); srv lives
   * until every deferred request is resumed (ls_http_stop) */
  MHD_resume_connection (req->priv->connection);
  g_atomic_int_add (&srv->deferred, -1);
}

void
ls_request_resume (LsRequest *req)
{
  if (!req->priv->response)
    ls_reply_internal (req);
  resume (req);
}

void
ls_request_resume_with (LsRequest *req, LsHandler finish)
{
  req->priv->finish = finish;
  resume (req);
}

void
ls_http_run_on_worker (gpointer data, gpointer user_data)
{
  LsRequest *req = data;
  struct MHD_Connection *c = req->priv->connection;
  ls_http_dispatch (req);
  if (req->priv->deferred)
    return; /* ls_request_resume() comes later */
  /* from here on the loop thread owns req again (and may free it at once) */
  MHD_resume_connection (c);
}

static bool
wants_worker (LsRequest *req)
{
  struct LsRequestPrivate *p = req->priv;
  return p->route && (p->route->flags & LS_ROUTE_WORKER) && !p->early_status && !p->too_large;
}

enum MHD_Result
ls_http_answer (LsRequest *req, struct MHD_Connection *c)
{
  struct LsRequestPrivate *p = req->priv;
  if (p->queued) /* already answered (413) */
    return MHD_YES;
  ls_conn_busy (p->conn);
  if (!p->response && !p->on_worker && !p->deferred)
    {
      if (wants_worker (req))
        {
          p->on_worker = true;
          MHD_suspend_connection (c);
          g_thread_pool_push (p->server->workers, req, NULL);
          return MHD_YES;
        }
      ls_http_dispatch (req);
      if (p->deferred)
        return MHD_YES; /* suspended; answered after ls_request_resume() */
    }
  if (p->finish && !p->response)
    {
      p->finish (req);
      p->finish = NULL;
      if (!p->response)
        ls_reply_internal (req);
    }
  if (g_atomic_int_get (&p->server->draining))
    MHD_add_response_header (p->response, "Connection", "close");
  p->queued = true;
  return MHD_queue_response (c, p->status, p->response);
}
