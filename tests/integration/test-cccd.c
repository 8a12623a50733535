/* A malformed CCCD on the three routes that take code + CCCD (look-up, cancel, ticket.png) is
 * 400 invalid_input with field `cccd` (docs/api.md), before any look-up: never a 404 that
 * would make a wrong CCCD and a malformed one look alike, and never a side effect. */
#include "harness.h"

#include <string.h>

static LtServer *srv;

static const char *const malformed[] = {
  "12345",         /* too short */
  "abcdefghijkl",  /* 12, not digits */
  "0123456789012", /* 13 digits */
  "01234567890",   /* 11 digits */
  "01234567890a",
  "0123-5678901",
  "********8901",             /* a mask is not a CCCD */
  "０１２３４５６７８９０１", /* full-width digits */
};

static void
assert_cccd_invalid (LtResponse *r, const char *what, const char *cccd)
{
  if (r->status != 400)
    lt_fail_at (__FILE__, __LINE__, "%s with cccd '%s': expected 400, got %ld %s", what, cccd,
                r->status, r->body);
  lt_assert_error (r, 400, "invalid_input", "cccd");
}

static void
test_malformed (void)
{
  g_autofree char *cccd = lt_cccd (1);
  LtBooking b = { .name = "Cao Văn Một",
                  .cccd = cccd,
                  .unit = LT_UNIT_PHO_YEN,
                  .field = "chung-thuc",
                  .date = "2025-09-26",
                  .slot = "0730-0930" };
  g_autofree char *code = lt_book_ok (srv, &b);
  g_autofree char *cancel = g_strdup_printf ("/api/v1/bookings/%s/cancel", code);
  for (size_t i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autofree char *q = g_uri_escape_string (malformed[i], NULL, FALSE);
      g_autofree char *get = g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", code, q);
      g_autoptr (LtResponse) r1 = lt_get (srv, get);
      assert_cccd_invalid (r1, "look-up", malformed[i]);
      g_autofree char *png = g_strdup_printf ("/api/v1/bookings/%s/ticket.png?cccd=%s", code, q);
      g_autoptr (LtResponse) r2 = lt_get (srv, png);
      assert_cccd_invalid (r2, "ticket.png", malformed[i]);
      json_object *o = json_object_new_object ();
      json_object_object_add (o, "cccd", json_object_new_string (malformed[i]));
      g_autoptr (LtResponse) r3 = lt_post_json (srv, cancel, json_object_to_json_string (o));
      json_object_put (o);
      assert_cccd_invalid (r3, "cancel", malformed[i]);
    }
  /* Missing altogether: the same 400, field cccd. */
  g_autofree char *bare = g_strdup_printf ("/api/v1/bookings/%s", code);
  g_autoptr (LtResponse) m1 = lt_get (srv, bare);
  assert_cccd_invalid (m1, "look-up", "(none)");
  g_autofree char *bare_png = g_strdup_printf ("/api/v1/bookings/%s/ticket.png", code);
  g_autoptr (LtResponse) m2 = lt_get (srv, bare_png);
  assert_cccd_invalid (m2, "ticket.png", "(none)");
  g_autoptr (LtResponse) m3 = lt_post_json (srv, cancel, "{}");
  assert_cccd_invalid (m3, "cancel", "(none)");
  /* Nothing happened to the booking. */
  g_autofree char *ok = g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", code, cccd);
  g_autoptr (LtResponse) r = lt_get (srv, ok);
  lt_assert_str (lt_assert_json (r, 200), "status", "booked");
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_test_add_func ("/layso/integration/cccd/malformed", test_malformed);
  srv = lt_server_start_default ();
  int rc = g_test_run ();
  lt_server_stop (srv);
  return rc;
}
