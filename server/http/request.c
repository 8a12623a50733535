/* A request's life (created on its first callback, freed in the completed callback on
 * every path), its route and captures, its client address, and what a handler reads. */
#include "http/http-private.h"

#include "app.h"
#include "http/clientaddr.h"

#include <string.h>

/* --- route matching ------------------------------------------------------------- */

static void
clear_captures (LsRequest *req)
{
  for (size_t i = 0; i < req->priv->n_captures; i++)
    g_clear_pointer (&req->priv->cap_values[i], g_free);
  req->priv->n_captures = 0;
}

void
ls_http_route_request (LsRequest *req)
{
  struct LsRequestPrivate *p = req->priv;
  LsRouteMatch m;

  if (ls_router_match (ls_routes, req->method, req->path, &m))
    {
      p->route = m.route;
      for (size_t i = 0; i < m.n_captures; i++)
        {
          p->cap_names[i] = m.captures[i].name;
          p->cap_name_lens[i] = m.captures[i].name_len;
          p->cap_values[i] = g_strndup (m.captures[i].value, m.captures[i].value_len);
        }
      p->n_captures = m.n_captures;
    }
  else if (!m.allow && strcmp (req->method, "GET") == 0 && !g_str_has_prefix (req->path, "/api/"))
    {
      /* a mistyped page address in a browser: a redirect or a page, not raw JSON */
      p->route = &ls_route_web_fallback_row;
    }
  else if (m.allow)
    {
      p->early_status = MHD_HTTP_METHOD_NOT_ALLOWED;
      p->early_code = "method_not_allowed";
      p->early_message = "Phương thức không được hỗ trợ";
      p->allow = m.allow;
    }
  else
    {
      p->early_status = MHD_HTTP_NOT_FOUND;
      p->early_code = "not_found";
      p->early_message = "Không tìm thấy";
    }
}

/* --- request accessors ------------------------------------------------------------ */

const char *
ls_request_param (LsRequest *req, const char *name)
{
  struct LsRequestPrivate *p = req->priv;
  size_t len = strlen (name);
  for (size_t i = 0; i < p->n_captures; i++)
    if (p->cap_name_lens[i] == len && memcmp (p->cap_names[i], name, len) == 0)
      return p->cap_values[i];
  return NULL;
}

const char *
ls_request_route (LsRequest *req)
{
  return req->priv->route ? req->priv->route->pattern : "?";
}

const char *
ls_request_query (LsRequest *req, const char *name)
{
  return MHD_lookup_connection_value (req->priv->connection, MHD_GET_ARGUMENT_KIND, name);
}

const char *
ls_request_header (LsRequest *req, const char *name)
{
  return MHD_lookup_connection_value (req->priv->connection, MHD_HEADER_KIND, name);
}

static enum MHD_Result
gather_forwarded_for (void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
  GString *all = cls;
  if (g_ascii_strcasecmp (key, "X-Forwarded-For") != 0 || !value)
    return MHD_YES;
  if (all->len)
    g_string_append_c (all, ',');
  g_string_append (all, value);
  return MHD_YES;
}

/* The peer, or behind a trusted proxy the client it names (clientaddr.h). */
static void
find_client_ip (LsRequest *req, struct MHD_Connection *c)
{
  struct LsRequestPrivate *p = req->priv;
  char canon[LS_ADDR_MAX];
  const char *const *trusted = req->app->config.trusted_proxies;
  const union MHD_ConnectionInfo *info =
      MHD_get_connection_info (c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (!info || !ls_addr_from_sockaddr (info->client_addr, canon))
    {
      p->ip[0] = '\0';
      return;
    }
  if (!trusted)
    {
      g_strlcpy (p->ip, canon, sizeof p->ip);
      return;
    }
  g_autoptr (GString) forwarded = g_string_new (NULL);
  MHD_get_connection_values (p->connection, MHD_HEADER_KIND, gather_forwarded_for, forwarded);
  ls_client_address (canon, forwarded->len ? forwarded->str : NULL, trusted, p->ip);
}

LsRequest *
ls_http_request_new (LsHttpServer *srv, struct MHD_Connection *c, const char *url,
                     const char *method)
{
  LsRequest *req = g_new0 (LsRequest, 1);
  req->priv = g_new0 (struct LsRequestPrivate, 1);
  struct LsRequestPrivate *p = req->priv;
  p->connection = c;
  p->server = srv;
  g_atomic_int_inc (&srv->in_flight);
  req->app = srv->app;
  req->method = strcmp (method, "HEAD") == 0 ? "GET" : method;
  req->path = url;
  find_client_ip (req, c);
  req->client_ip = p->ip;
  p->buffer = g_byte_array_new ();
  return req;
}

void
ls_http_request_free (LsRequest *req)
{
  if (!req)
    return;
  struct LsRequestPrivate *p = req->priv;
  g_atomic_int_add (&p->server->in_flight, -1);
  ls_http_budget_release (req);
  if (req->handler_data_free)
    req->handler_data_free (req->handler_data);
  if (req->pinned_free)
    req->pinned_free (req->pinned);
  clear_captures (req);
  if (p->buffer)
    g_byte_array_unref (p->buffer);
  if (p->response)
    MHD_destroy_response (p->response);
  g_free (p->allow);
  g_free (p);
  if (req->body)
    g_bytes_unref (req->body);
  if (req->json)
    json_object_put (req->json);
  g_free (req);
}
