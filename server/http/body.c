/* Request bodies as they arrive: within the route's limit (else read and thrown away, then
 * 413; see DISCARD_SLACK), within the server's budget of bodies in memory (else 503), and
 * within the body's deadline (conn.h). */
#include "http/http-private.h"
#include "wire.h"

#include "app.h"

/* The body budget: what all requests together may hold in memory while their bodies
 * arrive. A body that would pass it is read and thrown away, and answered 503. */
static bool
budget_take (LsRequest *req, size_t n)
{
  struct LsRequestPrivate *p = req->priv;
  gsize limit = req->app->config.body_budget_bytes;
  gsize now = g_atomic_pointer_add (&p->server->buffered, (gssize) n) + n;
  if (limit && now > limit)
    {
      g_atomic_pointer_add (&p->server->buffered, -(gssize) n);
      return false;
    }
  p->budget_held += n;
  return true;
}

void
ls_http_budget_release (LsRequest *req)
{
  struct LsRequestPrivate *p = req->priv;
  if (p->budget_held)
    g_atomic_pointer_add (&p->server->buffered, -(gssize) p->budget_held);
  p->budget_held = 0;
}

static void
set_unavailable (LsRequest *req, unsigned retry_after)
{
  ls_http_set_early (req, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable", LAYSO_MSG_UNAVAILABLE, NULL);
  req->priv->retry_after = retry_after;
}

/* The body may take 1 s per 64 KiB on top of the headers' time (conn.h): what it
 * announces, or for a chunked body what the route may take. */
void
ls_http_arm_body_deadline (LsRequest *req)
{
  struct LsRequestPrivate *p = req->priv;
  const char *cl = ls_request_header (req, "Content-Length");
  const char *te = ls_request_header (req, "Transfer-Encoding");
  guint64 expected = cl ? g_ascii_strtoull (cl, NULL, 10) : te ? p->max_body : 0;
  if (expected > p->max_body)
    expected = p->max_body;
  ls_conn_expect_body (p->conn, expected);
}

enum MHD_Result
ls_http_receive_body (LsRequest *req, struct MHD_Connection *c, const char *data, size_t *size)
{
  struct LsRequestPrivate *p = req->priv;
  p->received += *size;
  if (!p->too_large && !p->early_status && p->received <= p->max_body)
    {
      if (budget_take (req, *size))
        g_byte_array_append (p->buffer, (const guint8 *) data, (guint) *size);
      else
        set_unavailable (req, 5);
    }
  else if (p->received > p->max_body)
    {
      /* read and thrown away, the 413 goes out after the body (see DISCARD_SLACK) */
      g_byte_array_set_size (p->buffer, 0);
      ls_http_budget_release (req);
      p->too_large = true;
      if (p->received > p->max_body + DISCARD_SLACK)
        {
          /* not worth reading on: answer now if MHD lets us (it then closes the
       * connection), else drop the connection */
          if (!p->response)
            ls_http_dispatch (req);
          if (MHD_queue_response (c, p->status, p->response) == MHD_YES)
            {
              p->queued = true;
              *size = 0;
              return MHD_YES;
            }
          return MHD_NO;
        }
    }
  if (p->early_status && p->buffer->len)
    {
      g_byte_array_set_size (p->buffer, 0);
      ls_http_budget_release (req);
    }
  *size = 0;
  return MHD_YES;
}
