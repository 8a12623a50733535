#include "image-test-util.h"

#include <string.h>

GdkPixbuf *
test_pixbuf_from_png (GBytes *png)
{
  GdkPixbufLoader *loader = gdk_pixbuf_loader_new ();
  g_autoptr (GError) error = NULL;
  gdk_pixbuf_loader_write_bytes (loader, png, &error);
  g_assert_no_error (error);
  gdk_pixbuf_loader_close (loader, &error);
  g_assert_no_error (error);
  GdkPixbuf *pixbuf = g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
  g_object_unref (loader);
  return pixbuf;
}

GPtrArray *
test_decode_image (GBytes *image)
{
  LaysoQrDecoder *d = layso_qr_decoder_new ();
  GPtrArray *symbols = NULL;
  gsize len;
  const void *data = g_bytes_get_data (image, &len);
  g_assert_cmpint (layso_qr_decode_image (d, data, len, &symbols), ==, 0);
  g_assert_nonnull (symbols);
  layso_qr_decoder_free (d);
  return symbols;
}

void
test_assert_single_qr (GPtrArray *symbols, const char *expected, size_t len)
{
  g_assert_cmpuint (symbols->len, ==, 1);
  LaysoSymbol *s = symbols->pdata[0];
  g_assert_cmpstr (s->type, ==, "QR-Code");
  g_assert_cmpmem (s->data, s->len, expected, len);
  g_assert_cmpuint (strlen (s->data), ==, s->len);
}
