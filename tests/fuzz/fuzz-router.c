/* router.h against the server's real table (routes.c), fed a raw request target the way
 * libmicrohttpd and the glue (http.c) handle it. Input: the first byte picks the method, the
 * rest is the URI as sent ("/api/v1/units/x%2Fy?date=2026-12-04&q=a+b").
 *   path: "%00" anywhere in it is refused (on_uri); MHD_http_unescape decodes it; invalid
 *     UTF-8 is refused (check_headers); then ls_router_match;
 *   query: split at '&' and the first '=', '+' becomes ' ' and each part is decoded with
 *     MHD_http_unescape, as MHD does; a part must be UTF-8 without NUL (check_query_arg).
 * Besides crashes, checks: a winner has the method asked for; its captures lie inside the
 * path and its pattern; it matches its own pattern again; a 405 lists at least one method. */
#include "http/router.h"

#include <glib.h>
#include <microhttpd.h>
#include <stdint.h>
#include <string.h>

static const char *const methods[] = { "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS" };

static bool
within (const char *p, size_t len, const char *s)
{
  size_t n = strlen (s);
  return p >= s && p + len <= s + n;
}

static void
check_match (const char *method, const char *path)
{
  LsRouteMatch m;
  if (!ls_router_match (ls_routes, method, path, &m))
    {
      g_assert (m.route == NULL && m.n_captures == 0);
      g_assert (!m.allow || *m.allow);
      g_free (m.allow);
      return;
    }
  g_assert (m.allow == NULL);
  g_assert (strcmp (m.route->method, method) == 0);
  g_assert (m.n_captures <= LS_ROUTER_MAX_CAPTURES);
  for (size_t i = 0; i < m.n_captures; i++)
    {
      g_assert (within (m.captures[i].value, m.captures[i].value_len, path));
      g_assert (within (m.captures[i].name, m.captures[i].name_len, m.route->pattern));
    }
  size_t n = 0;
  g_assert (ls_router_match_pattern (m.route->pattern, path, NULL, &n));
  g_assert (n == m.n_captures);
}

/* What MHD hands check_query_arg: the decoded part and its length. */
static bool
query_part_ok (char *part)
{
  for (char *c = part; *c; c++)
    if (*c == '+')
      *c = ' ';
  size_t len = MHD_http_unescape (part);
  return strlen (part) == len && g_utf8_validate (part, (gssize) len, NULL);
}

static void
check_query (char *query)
{
  for (char *arg = strtok (query, "&"); arg; arg = strtok (NULL, "&"))
    {
      char *eq = strchr (arg, '=');
      if (eq)
        *eq = '\0';
      if (!query_part_ok (arg) || (eq && !query_part_ok (eq + 1)))
        return; /* 400, the handler never sees the query */
    }
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size < 1 || memchr (data, '\0', size))
    return 0; /* MHD never hands a URI with a NUL in it */
  const char *method = methods[data[0] % G_N_ELEMENTS (methods)];
  g_autofree char *uri = g_strndup ((const char *) data + 1, size - 1);
  char *query = strchr (uri, '?');
  if (query)
    *query++ = '\0';
  if (strstr (uri, "%00"))
    return 0; /* 400 before decoding */
  size_t len = MHD_http_unescape (uri);
  g_assert (len == strlen (uri));
  if (!g_utf8_validate (uri, (gssize) len, NULL))
    return 0; /* 400 */
  if (query)
    check_query (query);
  check_match (method, uri);
  return 0;
}
