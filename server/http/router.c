/* Route matching (router.h). */
#define _GNU_SOURCE
#include "http/router.h"

#include <glib.h>
#include <string.h>

static bool
add_capture (LsRouteCapture *captures, size_t *n, const char *name, size_t name_len,
             const char *value, size_t value_len)
{
  if (*n >= LS_ROUTER_MAX_CAPTURES)
    return false;
  if (captures)
    captures[*n] = (LsRouteCapture){ name, name_len, value, value_len };
  (*n)++;
  return true;
}

bool
ls_router_match_pattern (const char *pattern, const char *path, LsRouteCapture *captures,
                         size_t *ret_n)
{
  size_t n = 0;
  const char *pp = pattern, *sp = path;

  while (*pp && *sp)
    {
      if (*pp != '/' || *sp != '/')
        return false;
      pp++, sp++;
      const char *pend = strchrnul (pp, '/');
      const char *send = strchrnul (sp, '/');
      if (*pp == '{')
        {
          bool rest = pp[1] == '*';
          const char *name = pp + (rest ? 2 : 1);
          size_t name_len = (size_t) (pend - name) - 1; /* drop '}' */
          if (rest)
            send = sp + strlen (sp);
          else if (send == sp)
            return false; /* an empty segment captures nothing */
          if (!add_capture (captures, &n, name, name_len, sp, (size_t) (send - sp)))
            return false;
          if (rest)
            {
              pp = pend, sp = send;
              break;
            }
        }
      else if ((size_t) (pend - pp) != (size_t) (send - sp) ||
               memcmp (pp, sp, (size_t) (pend - pp)) != 0)
        {
          return false;
        }
      pp = pend, sp = send;
    }
  /* "/a/{*rest}" also matches "/a" with an empty rest */
  if (*pp == '/' && g_str_has_prefix (pp, "/{*") && *sp == '\0')
    {
      const char *name = pp + 3;
      if (!add_capture (captures, &n, name, strlen (name) - 1, sp, 0))
        return false;
      pp += strlen (pp);
    }
  if (*pp || *sp)
    return false;
  *ret_n = n;
  return true;
}

bool
ls_router_match (const LsRoute *table, const char *method, const char *path, LsRouteMatch *ret)
{
  GString *allow = NULL;
  size_t n;

  *ret = (LsRouteMatch){ 0 };
  for (const LsRoute *r = table; r->method; r++)
    {
      if (!ls_router_match_pattern (r->pattern, path, NULL, &n))
        continue;
      if (strcmp (r->method, method) == 0)
        {
          ls_router_match_pattern (r->pattern, path, ret->captures, &ret->n_captures);
          ret->route = r;
          if (allow)
            g_string_free (allow, TRUE);
          return true;
        }
      if (!allow)
        allow = g_string_new (NULL);
      if (!strstr (allow->str, r->method))
        {
          if (allow->len)
            g_string_append (allow, ", ");
          g_string_append (allow, r->method);
          if (strcmp (r->method, "GET") == 0)
            g_string_append (allow, ", HEAD");
        }
    }
  ret->allow = allow ? g_string_free (allow, FALSE) : NULL;
  return false;
}
