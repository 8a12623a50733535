#define _GNU_SOURCE
#include "http/clientaddr.h"

#include <glib.h>
#include <netinet/in.h>
#include <string.h>

bool
ls_addr_canonical (const char *text, char ret[LS_ADDR_MAX])
{
  struct in_addr v4;
  struct in6_addr v6;
  if (inet_pton (AF_INET, text, &v4) == 1)
    return inet_ntop (AF_INET, &v4, ret, LS_ADDR_MAX) != NULL;
  if (inet_pton (AF_INET6, text, &v6) != 1)
    return false;
  if (IN6_IS_ADDR_V4MAPPED (&v6))
    {
      memcpy (&v4, &v6.s6_addr[12], sizeof v4);
      return inet_ntop (AF_INET, &v4, ret, LS_ADDR_MAX) != NULL;
    }
  return inet_ntop (AF_INET6, &v6, ret, LS_ADDR_MAX) != NULL;
}

char **
ls_addr_list_parse (const char *const *lists, const char **ret_bad)
{
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  for (const char *const *l = lists; l && *l; l++)
    {
      const char *s = *l;
      for (;;)
        {
          const char *comma = strchrnul (s, ',');
          g_autofree char *item = g_strstrip (g_strndup (s, (gsize) (comma - s)));
          char canon[LS_ADDR_MAX];
          if (!ls_addr_canonical (item, canon))
            {
              if (ret_bad)
                *ret_bad = *l;
              return NULL;
            }
          g_strv_builder_add (b, canon);
          if (!*comma)
            break;
          s = comma + 1;
        }
    }
  return g_strv_builder_end (b);
}

static bool
is_trusted (const char *const *trusted, const char *addr)
{
  return trusted && g_strv_contains (trusted, addr);
}

void
ls_client_address (const char *peer, const char *forwarded_for, const char *const *trusted,
                   char ret[LS_ADDR_MAX])
{
  g_strlcpy (ret, peer, LS_ADDR_MAX);
  if (!forwarded_for || !is_trusted (trusted, peer))
    return;
  const char *end = forwarded_for + strlen (forwarded_for);
  while (end > forwarded_for)
    {
      const char *start = end;
      while (start > forwarded_for && start[-1] != ',')
        start--;
      g_autofree char *item = g_strstrip (g_strndup (start, (gsize) (end - start)));
      char canon[LS_ADDR_MAX];
      if (!ls_addr_canonical (item, canon))
        return; /* not an address where the client should be: the peer it is */
      if (!is_trusted (trusted, canon))
        {
          g_strlcpy (ret, canon, LS_ADDR_MAX);
          return;
        }
      end = start > forwarded_for ? start - 1 : start;
    }
}

bool
ls_addr_from_sockaddr (const struct sockaddr *sa, char ret[LS_ADDR_MAX])
{
  char text[INET6_ADDRSTRLEN];
  const void *raw;
  if (!sa)
    return false;
  if (sa->sa_family == AF_INET)
    raw = &((const struct sockaddr_in *) (const void *) sa)->sin_addr;
  else if (sa->sa_family == AF_INET6)
    raw = &((const struct sockaddr_in6 *) (const void *) sa)->sin6_addr;
  else
    return false;
  return inet_ntop (sa->sa_family, raw, text, sizeof text) && ls_addr_canonical (text, ret);
}
