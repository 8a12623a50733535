/* The client address behind trusted proxies: canonical forms, lists, X-Forwarded-For. */
#include "http/clientaddr.h"

#include <glib.h>

static void
test_canonical (void)
{
  const struct
  {
    const char *in, *out;
  } cases[] = {
    { "127.0.0.1", "127.0.0.1" },
    { "203.0.113.7", "203.0.113.7" },
    { "::1", "::1" },
    { "2001:DB8:0:0:0:0:0:1", "2001:db8::1" },
    { "::ffff:192.0.2.1", "192.0.2.1" },
    { "", NULL },
    { " 127.0.0.1", NULL },
    { "127.0.0.1:80", NULL },
    { "[::1]", NULL },
    { "10.0.0.0/8", NULL },
    { "localhost", NULL },
    { "256.1.1.1", NULL },
    { "1.2.3", NULL },
    { "unknown", NULL },
    { "::1%lo", NULL },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char got[LS_ADDR_MAX] = "";
      bool ok = ls_addr_canonical (cases[i].in, got);
      if (cases[i].out)
        {
          g_assert_true (ok);
          g_assert_cmpstr (got, ==, cases[i].out);
        }
      else if (ok)
        {
          g_error ("\"%s\" accepted as %s", cases[i].in, got);
        }
    }
}

static void
test_list_parse (void)
{
  const char *bad = NULL;
  const char *one[] = { "127.0.0.1", NULL };
  const char *many[] = { "10.0.0.1, 10.0.0.2", "::1", NULL };
  const char *wrong[] = { "10.0.0.1", "10.0.0.2,nginx", NULL };
  const char *empty_item[] = { "10.0.0.1,", NULL };
  g_auto (GStrv) a = ls_addr_list_parse (one, &bad);
  g_assert_cmpuint (g_strv_length (a), ==, 1);
  g_auto (GStrv) b = ls_addr_list_parse (many, &bad);
  g_assert_cmpuint (g_strv_length (b), ==, 3);
  g_assert_cmpstr (b[1], ==, "10.0.0.2");
  g_assert_cmpstr (b[2], ==, "::1");
  g_assert_null (ls_addr_list_parse (wrong, &bad));
  g_assert_cmpstr (bad, ==, "10.0.0.2,nginx");
  g_assert_null (ls_addr_list_parse (empty_item, &bad));
}

static void
test_client_address (void)
{
  const char *const trusted[] = { "127.0.0.1", "10.0.0.2", "::1", NULL };
  const struct
  {
    const char *peer, *xff, *client;
  } cases[] = {
    /* a trusted peer: the right-most entry that is not a trusted proxy */
    { "127.0.0.1", "203.0.113.1", "203.0.113.1" },
    { "127.0.0.1", " 203.0.113.1 ", "203.0.113.1" },
    { "127.0.0.1", "198.51.100.9, 203.0.113.1", "203.0.113.1" }, /* left part: client's */
    { "127.0.0.1", "203.0.113.1, 10.0.0.2", "203.0.113.1" },     /* proxy chain */
    { "127.0.0.1", "203.0.113.1,10.0.0.2,127.0.0.1", "203.0.113.1" },
    { "127.0.0.1", "2001:DB8::5", "2001:db8::5" },
    { "127.0.0.1", "::ffff:203.0.113.1", "203.0.113.1" },
    { "::1", "203.0.113.1", "203.0.113.1" },
    { "127.0.0.1", "garbage, 203.0.113.1", "203.0.113.1" },
    /* nothing usable where the client should be: the peer */
    { "127.0.0.1", NULL, "127.0.0.1" },
    { "127.0.0.1", "", "127.0.0.1" },
    { "127.0.0.1", "10.0.0.2", "127.0.0.1" },
    { "127.0.0.1", "203.0.113.1, garbage", "127.0.0.1" },
    { "127.0.0.1", "203.0.113.1:5555", "127.0.0.1" },
    { "127.0.0.1", "203.0.113.1,", "127.0.0.1" },
    { "127.0.0.1", "unknown", "127.0.0.1" },
    /* an untrusted peer: the header is ignored */
    { "198.51.100.1", "203.0.113.1", "198.51.100.1" },
    { "10.0.0.3", "203.0.113.1", "10.0.0.3" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char got[LS_ADDR_MAX];
      ls_client_address (cases[i].peer, cases[i].xff, trusted, got);
      if (g_strcmp0 (got, cases[i].client) != 0)
        g_error ("peer %s, X-Forwarded-For \"%s\": expected %s, got %s", cases[i].peer,
                 cases[i].xff ? cases[i].xff : "(none)", cases[i].client, got);
    }
  /* no trusted proxies at all: always the peer */
  char got[LS_ADDR_MAX];
  ls_client_address ("127.0.0.1", "203.0.113.1", NULL, got);
  g_assert_cmpstr (got, ==, "127.0.0.1");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/clientaddr/canonical", test_canonical);
  g_test_add_func ("/layso/clientaddr/list-parse", test_list_parse);
  g_test_add_func ("/layso/clientaddr/client-address", test_client_address);
  return g_test_run ();
}
