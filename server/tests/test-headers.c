/* headers.h: each parser against a table of valid and invalid values. */
#include "http/headers.h"

#include <glib.h>

typedef struct
{
  const char *value;
  bool expected;
} BoolCase;

static void
test_accept_encoding (void)
{
  static const BoolCase cases[] = {
    { "gzip", true },
    { "GZIP", true },
    { "deflate, gzip;q=0.5", true },
    { "*", true },
    { " gzip ; q=1 ", true },
    { ",gzip", true },
    { "gzip,", true },
    { ",,gzip", true },
    { "gzip;q=0", false },
    { "gzip; q=0.0", false },
    { "*;q=0", false },
    { "identity", false },
    { "br, deflate", false },
    { "", false },
    { ",", false }, /* crashed the server before headers.c (issue 7, finding 1) */
    { ",,", false },
    { ", , ,", false },
    { ";", false },
    { ";;,;", false },
    { "gzipx", false },
  };
  g_assert_false (ls_header_accepts_gzip (NULL));
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("Accept-Encoding: %s", cases[i].value);
      g_assert_cmpint (ls_header_accepts_gzip (cases[i].value), ==, cases[i].expected);
    }
}

static void
test_if_none_match (void)
{
  static const char *const tags[] = { "\"v1\"", "\"v1-gz\"", NULL };
  static const BoolCase cases[] = {
    { "\"v1\"", true }, { "W/\"v1\"", true }, { "\"x\", \"v1-gz\"", true },
    { "*", true },      { " * ", true },      { "\"v2\"", false },
    { "v1", false },    { "", false },        { ",", false },
    { ",,", false },    { "W/", false },
  };
  g_assert_false (ls_header_etag_matches (NULL, tags));
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("If-None-Match: %s", cases[i].value);
      g_assert_cmpint (ls_header_etag_matches (cases[i].value, tags), ==, cases[i].expected);
    }
}

static void
test_bearer (void)
{
  static const struct
  {
    const char *value;
    const char *token;
  } cases[] = {
    { "Bearer abc", "abc" },
    { "bearer abc", "abc" },
    { "Bearer    abc", "abc" },
    { "Bearer a-b_c.d~e+f/g=", "a-b_c.d~e+f/g=" },
    { "Bearer ", NULL },
    { "Bearer", NULL },
    { "Basic abc", NULL },
    { "Bearerabc", NULL },
    { "Bearer a b", NULL },
    { "Bearer abc\t", NULL },
    { "Bearer ab\xc3\xa9", NULL },
    { "Bearer 0123456789abcdefg", NULL }, /* longer than the limit below */
  };
  g_assert_null (ls_header_bearer_token (NULL, 16));
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("Authorization: %s", cases[i].value);
      g_assert_cmpstr (ls_header_bearer_token (cases[i].value, 16), ==, cases[i].token);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/headers/accept-encoding", test_accept_encoding);
  g_test_add_func ("/layso/headers/if-none-match", test_if_none_match);
  g_test_add_func ("/layso/headers/bearer", test_bearer);
  return g_test_run ();
}
