/* Header parsers (headers.h). */
#include "http/headers.h"

#include <glib.h>
#include <string.h>

/* Header values are bounded by MHD's connection memory; this bounds the list walk. */
#define MAX_LIST_ITEMS 64

static bool
coding_refused (char **params)
{
  for (char **p = params; *p; p++)
    {
      const char *param = g_strstrip (*p);
      if (g_ascii_strncasecmp (param, "q=", 2) == 0 && g_ascii_strtod (param + 2, NULL) <= 0.0)
        return true;
    }
  return false;
}

bool
ls_header_accepts_gzip (const char *header)
{
  if (!header)
    return false;
  g_auto (GStrv) items = g_strsplit (header, ",", MAX_LIST_ITEMS);
  for (char **it = items; *it; it++)
    {
      g_auto (GStrv) parts = g_strsplit (*it, ";", 8);
      /* an empty item (",," or a trailing ",") splits into no parts at all */
      if (!parts[0])
        continue;
      const char *coding = g_strstrip (parts[0]);
      if (g_ascii_strcasecmp (coding, "gzip") != 0 && strcmp (coding, "*") != 0)
        continue;
      return !coding_refused (parts + 1);
    }
  return false;
}

bool
ls_header_etag_matches (const char *header, const char *const *tags)
{
  if (!header)
    return false;
  g_auto (GStrv) items = g_strsplit (header, ",", MAX_LIST_ITEMS);
  for (char **it = items; *it; it++)
    {
      const char *tag = g_strstrip (*it);
      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (strcmp (tag, "*") == 0)
        return true;
      for (const char *const *t = tags; *t; t++)
        if (strcmp (tag, *t) == 0)
          return true;
    }
  return false;
}

const char *
ls_header_bearer_token (const char *auth, size_t max_len)
{
  if (!auth || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0)
    return NULL;
  const char *token = auth + 7;
  while (*token == ' ')
    token++;
  size_t len = strlen (token);
  if (len == 0 || len > max_len)
    return NULL;
  for (const char *c = token; *c; c++)
    if (*c <= ' ' || *c > '~')
      return NULL;
  return token;
}
