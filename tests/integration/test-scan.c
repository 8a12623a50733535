/* POST /api/v1/scan: QR images (made with Debian's qrencode) decoded in memory, Vietnamese
 * text intact, a CCCD card's fields parsed; wrong media types and non-images refused. */
#include "harness.h"

#include <string.h>

static LtServer *srv;

/* A PNG of `text` as a QR code, read into memory. */
static char *
qr_png (const char *text, gsize *ret_len)
{
  g_autofree char *path = g_build_filename (lt_server_work_dir (srv), "qr.png", NULL);
  const char *argv[] = { "qrencode", "-s", "6", "-m", "4", "-o", path, text, NULL };
  g_autoptr (GError) err = NULL;
  int status = 0;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                     &status, &err) ||
      !g_spawn_check_wait_status (status, &err))
    lt_fail_at (__FILE__, __LINE__, "qrencode (package qrencode): %s", err->message);
  char *png = NULL;
  g_assert_true (g_file_get_contents (path, &png, ret_len, NULL));
  return png;
}

static void
test_cccd_card (void)
{
  const char *payload = "079000123456|012345678|Nguyễn Thị Hoà|01011990|Nữ|"
                        "Tổ 1, Phường Phổ Yên, Thái Nguyên|15082021";
  lt_server_forbid_in_logs (srv, "Nguyễn Thị Hoà");
  lt_server_forbid_in_logs (srv, "079000123456");
  gsize len = 0;
  g_autofree char *png = qr_png (payload, &len);
  g_autoptr (LtResponse) r =
      lt_http (srv, "POST", "/api/v1/scan", "image/png", png, (gssize) len, NULL);
  json_object *j = lt_assert_json (r, 200);
  g_assert_cmpuint (json_object_array_length (lt_array (j, "symbols")), ==, 1);
  g_assert_cmpstr (lt_str (j, "symbols.0.type"), !=, "");
  lt_assert_str (j, "symbols.0.data", payload);
  lt_assert_str (j, "cccd.cccd", "079000123456");
  lt_assert_str (j, "cccd.name", "Nguyễn Thị Hoà");
  lt_assert_str (j, "cccd.address", "Tổ 1, Phường Phổ Yên, Thái Nguyên");
}

static void
test_booking_qr (void)
{
  gsize len = 0;
  g_autofree char *png = qr_png ("GCAD", &len);
  g_autoptr (LtResponse) r =
      lt_http (srv, "POST", "/api/v1/scan", "image/png", png, (gssize) len, NULL);
  json_object *j = lt_assert_json (r, 200);
  lt_assert_str (j, "symbols.0.data", "GCAD");
  json_object *card = lt_json_at (j, "cccd");
  if (card && !json_object_is_type (card, json_type_null))
    lt_fail_at (__FILE__, __LINE__, "a booking code is no CCCD card: %s", r->body);
}

static void
test_refused (void)
{
  gsize len = 0;
  g_autofree char *png = qr_png ("GCAD", &len);
  g_autoptr (LtResponse) r =
      lt_http (srv, "POST", "/api/v1/scan", "text/plain", png, (gssize) len, NULL);
  lt_assert_error (r, 415, "unsupported_media_type", NULL);
  g_autoptr (LtResponse) r2 =
      lt_http (srv, "POST", "/api/v1/scan", "application/json", "{\"image\":\"x\"}", -1, NULL);
  lt_assert_error (r2, 415, "unsupported_media_type", NULL);
  g_autoptr (LtResponse) r3 = lt_http (srv, "POST", "/api/v1/scan", "image/png", "", 0, NULL);
  lt_assert_error (r3, 400, "invalid_input", NULL);
  /* PNG magic, then garbage; and a PNG cut in half. */
  static const char fake[] = "\x89PNG\r\n\x1a\n this is not an image at all";
  g_autoptr (LtResponse) r4 =
      lt_http (srv, "POST", "/api/v1/scan", "image/png", fake, sizeof fake - 1, NULL);
  lt_assert_error (r4, 400, "invalid_input", NULL);
  /* A decoder may read a cut image partly: refused, or no symbol found. */
  g_autoptr (LtResponse) r5 =
      lt_http (srv, "POST", "/api/v1/scan", "image/png", png, (gssize) len / 2, NULL);
  if (r5->status == 200)
    g_assert_cmpuint (json_object_array_length (lt_array (lt_assert_json (r5, 200), "symbols")), ==,
                      0);
  else
    lt_assert_error (r5, 400, "invalid_input", NULL);
  g_autoptr (LtResponse) r6 = lt_get (srv, "/api/v1/scan");
  lt_assert_error (r6, 405, "method_not_allowed", NULL);
  lt_server_assert_healthy (srv);
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_test_add_func ("/layso/integration/scan/cccd-card", test_cccd_card);
  g_test_add_func ("/layso/integration/scan/booking-qr", test_booking_qr);
  g_test_add_func ("/layso/integration/scan/refused", test_refused);
  srv = lt_server_start_default ();
  int rc = g_test_run ();
  lt_server_stop (srv);
  return rc;
}
