/* Regression tests for the findings of the outside security test (issue 7), each against a
 * real server. Each test names its finding. */
#include "harness.h"

#include <string.h>

static LtServer *srv;

/* Finding 1: an empty item in Accept-Encoding ran the parser past its vector. */
static void
test_accept_encoding_empty_items(void)
{
  static const char *const values[] = { ",", ",,", ", ,", ";", ",gzip", "gzip,,", "" };
  for (size_t i = 0; i < G_N_ELEMENTS(values); i++) {
    g_autofree char *header = g_strdup_printf("Accept-Encoding: %s", values[i]);
    const char *const headers[] = { header, NULL };
    for (int again = 0; again < 2; again++) {
      g_autoptr(LtResponse) r = lt_http(srv, "GET", "/dat-lich", NULL, NULL, 0, headers);
      lt_assert_status(r, 200);
      g_assert_true(g_str_has_prefix(r->content_type, "text/html"));
    }
  }
  lt_server_assert_healthy(srv);
}

int
main(int argc, char **argv)
{
  lt_init(&argc, &argv);
  g_test_add_func("/layso/integration/hardening/accept-encoding-empty-items",
                  test_accept_encoding_empty_items);
  srv = lt_server_start_default();
  int rc = g_test_run();
  lt_server_stop(srv);
  return rc;
}
