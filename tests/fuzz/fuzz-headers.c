/* headers.h and clientaddr.h on any bytes. The input is cut at its first NUL bytes into
 * up to four header values (the parsers take C strings, as MHD hands them over):
 *   0: Accept-Encoding, If-None-Match, Authorization and ls_addr_canonical all get it;
 *   1: a list of ETags for If-None-Match, one per line;
 *   2: X-Forwarded-For for ls_client_address;
 *   3: the --trusted-proxy lists, one per line.
 * Besides crashes, checks each parser's promise: a bearer token points into the header,
 * is 1..max bytes of visible ASCII; a canonical address is its own canonical form. */
#include "http/clientaddr.h"
#include "http/headers.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

static void
check_bearer (const char *header)
{
  for (size_t max = 1; max <= 64; max *= 4)
    {
      const char *token = ls_header_bearer_token (header, max);
      if (!token)
        continue;
      size_t len = strlen (token);
      g_assert (token >= header && token + len == header + strlen (header));
      g_assert (len >= 1 && len <= max);
      for (size_t i = 0; i < len; i++)
        g_assert (token[i] > 0x20 && token[i] < 0x7f);
    }
}

static void
check_canonical (const char *text)
{
  char canon[LS_ADDR_MAX], again[LS_ADDR_MAX];
  if (!ls_addr_canonical (text, canon))
    return;
  g_assert (ls_addr_canonical (canon, again));
  g_assert (strcmp (canon, again) == 0);
}

static void
check_client (const char *forwarded, const char *proxies)
{
  g_auto (GStrv) lists = g_strsplit (proxies, "\n", 8);
  const char *bad = NULL;
  g_auto (GStrv) trusted = ls_addr_list_parse ((const char *const *) lists, &bad);
  g_assert (trusted || bad);
  static const char *const peers[] = { "127.0.0.1", "10.0.0.1", "::1" };
  for (size_t i = 0; i < G_N_ELEMENTS (peers); i++)
    {
      char ret[LS_ADDR_MAX];
      ls_client_address (peers[i], forwarded, (const char *const *) trusted, ret);
      char canon[LS_ADDR_MAX];
      g_assert (ls_addr_canonical (ret, canon) && strcmp (ret, canon) == 0);
      if (!trusted)
        g_assert (strcmp (ret, peers[i]) == 0);
    }
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* a copy with a NUL after the last part; the parts are the NUL-separated pieces */
  char *buf = g_malloc (size + 1);
  memcpy (buf, data, size);
  buf[size] = '\0';
  const char *part[4] = { "", "", "", "" };
  const char *p = buf, *end = buf + size;
  for (size_t i = 0; i < 4 && p <= end; i++)
    {
      part[i] = p;
      p += strlen (p) + 1;
    }

  ls_header_accepts_gzip (part[0]);
  check_bearer (part[0]);
  check_canonical (part[0]);
  g_auto (GStrv) tags = g_strsplit (part[1], "\n", 8);
  ls_header_etag_matches (part[0], (const char *const *) tags);
  static const char *const fixed[] = { "\"abc\"", "W/\"v1\"", NULL };
  ls_header_etag_matches (part[0], fixed);
  check_client (part[2], part[3]);
  g_free (buf);
  return 0;
}
