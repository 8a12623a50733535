/* QR decoding in memory: byte-exact UTF-8 round trips (PNG, JPEG, raw grey), rejection of
 * garbage and oversize input before any pixel is decoded. */
#include "image-test-util.h"
#include "qr-decode.h"
#include "ticket-render.h"

#include <errno.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

static const char CCCD_PAYLOAD[] =
    "012345678901||Nguyễn Văn Đức|01011990|Nam|Tổ 1, Phường Phổ Yên|15082021";

static GBytes *
qr_png (const char *text, int module)
{
  GBytes *png = layso_render_qr_png (text, strlen (text), module);
  g_assert_nonnull (png);
  return png;
}

static void
test_png_cccd_round_trip (void)
{
  g_autoptr (GBytes) png = qr_png (CCCD_PAYLOAD, 4);
  g_autoptr (GPtrArray) symbols = test_decode_image (png);
  test_assert_single_qr (symbols, CCCD_PAYLOAD, strlen (CCCD_PAYLOAD));
}

/* The string RECIPES.md saw zbar garble without binary mode. */
static void
test_png_short_vietnamese (void)
{
  const char *text = "Võ Đức";
  g_autoptr (GBytes) png = qr_png (text, 6);
  g_autoptr (GPtrArray) symbols = test_decode_image (png);
  test_assert_single_qr (symbols, text, strlen (text));
}

static void
test_jpeg_round_trip (void)
{
  g_autoptr (GBytes) png = qr_png (CCCD_PAYLOAD, 5);
  g_autoptr (GdkPixbuf) pixbuf = test_pixbuf_from_png (png);
  gchar *buf = NULL;
  gsize len = 0;
  g_assert_true (
      gdk_pixbuf_save_to_buffer (pixbuf, &buf, &len, "jpeg", NULL, "quality", "80", NULL));
  g_assert_cmpint ((guint8) buf[0], ==, 0xff);
  g_autoptr (GBytes) jpeg = g_bytes_new_take (buf, len);
  g_autoptr (GPtrArray) symbols = test_decode_image (jpeg);
  test_assert_single_qr (symbols, CCCD_PAYLOAD, strlen (CCCD_PAYLOAD));
}

/* Transparent background must read as white paper, not black. */
static void
test_png_with_alpha (void)
{
  g_autoptr (GBytes) png = qr_png ("GCAD", 6);
  g_autoptr (GdkPixbuf) opaque = test_pixbuf_from_png (png);
  g_autoptr (GdkPixbuf) rgba = gdk_pixbuf_add_alpha (opaque, TRUE, 255, 255, 255);
  gchar *buf = NULL;
  gsize len = 0;
  g_assert_true (gdk_pixbuf_save_to_buffer (rgba, &buf, &len, "png", NULL, NULL));
  g_autoptr (GBytes) with_alpha = g_bytes_new_take (buf, len);
  g_autoptr (GPtrArray) symbols = test_decode_image (with_alpha);
  test_assert_single_qr (symbols, "GCAD", 4);
}

static void
test_gray_with_stride (void)
{
  g_autoptr (GBytes) png = qr_png (CCCD_PAYLOAD, 4);
  g_autoptr (GdkPixbuf) pixbuf = test_pixbuf_from_png (png);
  int w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf), rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *px = gdk_pixbuf_read_pixels (pixbuf);
  int stride = w + 13;
  g_autofree guint8 *gray = g_malloc0 ((size_t) stride * h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      gray[y * stride + x] = px[y * rowstride + x * channels];

  LaysoQrDecoder *d = layso_qr_decoder_new ();
  g_autoptr (GPtrArray) symbols = layso_qr_decode_gray (d, gray, w, h, stride);
  test_assert_single_qr (symbols, CCCD_PAYLOAD, strlen (CCCD_PAYLOAD));
  /* The same decoder again: one zbar scanner serves many frames. */
  g_autoptr (GPtrArray) again = layso_qr_decode_gray (d, gray, w, h, stride);
  test_assert_single_qr (again, CCCD_PAYLOAD, strlen (CCCD_PAYLOAD));
  /* Nonsense geometry gives nothing, not a crash. */
  g_autoptr (GPtrArray) none = layso_qr_decode_gray (d, gray, w, h, w - 1);
  g_assert_cmpuint (none->len, ==, 0);
  layso_qr_decoder_free (d);
  layso_qr_decoder_free (NULL);
}

/* A camera shows the same QR in frame after frame: the decoder keeps decoding it (across its
 * periodic zbar scanner renewal). */
static void
test_many_frames (void)
{
  g_autoptr (GBytes) png = qr_png ("GCAD", 3);
  g_autoptr (GdkPixbuf) pixbuf = test_pixbuf_from_png (png);
  int w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf), rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *px = gdk_pixbuf_read_pixels (pixbuf);
  g_autofree guint8 *gray = g_malloc ((size_t) w * h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      gray[y * w + x] = px[y * rowstride + x * channels];
  LaysoQrDecoder *d = layso_qr_decoder_new ();
  for (int frame = 0; frame < 600; frame++)
    {
      g_autoptr (GPtrArray) symbols = layso_qr_decode_gray (d, gray, w, h, w);
      test_assert_single_qr (symbols, "GCAD", 4);
    }
  layso_qr_decoder_free (d);
}

/* A phone photo larger than LAYSO_SCAN_DECODE_PIXELS is scanned halved: the QR still reads. */
static void
test_large_photo (void)
{
  g_autoptr (GBytes) png = qr_png (CCCD_PAYLOAD, 8);
  g_autoptr (GdkPixbuf) qr = test_pixbuf_from_png (png);
  int w = 2300, h = 1600;
  g_assert_cmpint (w * h, >, LAYSO_SCAN_DECODE_PIXELS);
  g_assert_cmpint (w * h, <=, LAYSO_SCAN_MAX_PIXELS);
  g_autoptr (GdkPixbuf) photo = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, w, h);
  gdk_pixbuf_fill (photo, 0xf0f0f0ff);
  int qw = gdk_pixbuf_get_width (qr), qh = gdk_pixbuf_get_height (qr);
  gdk_pixbuf_copy_area (qr, 0, 0, qw, qh, photo, (w - qw) / 3, (h - qh) / 2);
  const char *formats[] = { "jpeg", "png" };
  for (size_t i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      gchar *buf = NULL;
      gsize len = 0;
      g_assert_true (gdk_pixbuf_save_to_buffer (photo, &buf, &len, formats[i], NULL, NULL));
      g_autoptr (GBytes) encoded = g_bytes_new_take (buf, len);
      g_autoptr (GPtrArray) symbols = test_decode_image (encoded);
      test_assert_single_qr (symbols, CCCD_PAYLOAD, strlen (CCCD_PAYLOAD));
    }
}

/* Bytes that are not UTF-8 are dropped, never passed on as text. */
static void
test_invalid_utf8_dropped (void)
{
  static const guint8 latin1[] = { 'V', 0xf5, ' ', 0xd0, 0xfc, 'c' };
  g_autoptr (GBytes) png = layso_render_qr_png (latin1, sizeof latin1, 6);
  g_assert_nonnull (png);
  g_autoptr (GPtrArray) symbols = test_decode_image (png);
  g_assert_cmpuint (symbols->len, ==, 0);

  static const guint8 with_nul[] = { 'A', 0, 'B' };
  g_autoptr (GBytes) png2 = layso_render_qr_png (with_nul, sizeof with_nul, 6);
  g_autoptr (GPtrArray) symbols2 = test_decode_image (png2);
  g_assert_cmpuint (symbols2->len, ==, 0);
}

static void
test_blank_image (void)
{
  g_autoptr (GdkPixbuf) white = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 48);
  gdk_pixbuf_fill (white, 0xffffffff);
  gchar *buf = NULL;
  gsize len = 0;
  g_assert_true (gdk_pixbuf_save_to_buffer (white, &buf, &len, "png", NULL, NULL));
  g_autoptr (GBytes) png = g_bytes_new_take (buf, len);
  g_autoptr (GPtrArray) symbols = test_decode_image (png);
  g_assert_cmpuint (symbols->len, ==, 0);
}

static void
check_decode_error (const void *data, size_t len, int expected, int line)
{
  LaysoQrDecoder *d = layso_qr_decoder_new ();
  GPtrArray *symbols = NULL;
  int r = layso_qr_decode_image (d, data, len, &symbols);
  if (r != expected)
    g_error ("line %d: layso_qr_decode_image() = %d, expected %d", line, r, expected);
  g_assert_null (symbols);
  layso_qr_decoder_free (d);
}
#define assert_decode_error(data, len, expected) check_decode_error (data, len, expected, __LINE__)

static void
test_garbage (void)
{
  assert_decode_error ("", 0, -EINVAL);
  assert_decode_error ("hello, not an image", 19, -EINVAL);

  guint8 noise[4096];
  for (size_t i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) g_test_rand_int ();
  noise[0] = 0x00;
  assert_decode_error (noise, sizeof noise, -EINVAL);

  /* Right magic, garbage after it. */
  memcpy (noise, "\x89PNG\r\n\x1a\n", 8);
  assert_decode_error (noise, sizeof noise, -EINVAL);
  memcpy (noise, "\xff\xd8\xff", 3);
  assert_decode_error (noise, sizeof noise, -EINVAL);

  /* A real PNG cut short inside its header. */
  g_autoptr (GBytes) png = qr_png ("GCAD", 6);
  gsize len;
  const guint8 *data = g_bytes_get_data (png, &len);
  assert_decode_error (data, 30, -EINVAL);
  /* Cut in the pixel data: gdk-pixbuf may hand back the rows it got; either way, no text. */
  LaysoQrDecoder *half = layso_qr_decoder_new ();
  GPtrArray *partial = NULL;
  int r = layso_qr_decode_image (half, data, len / 2, &partial);
  g_assert_true (r == 0 || r == -EINVAL);
  g_assert_true (r != 0 || partial->len == 0);
  g_clear_pointer (&partial, g_ptr_array_unref);
  layso_qr_decoder_free (half);

  /* A real image in a format the API does not take. */
  g_autoptr (GdkPixbuf) pixbuf = test_pixbuf_from_png (png);
  gchar *bmp = NULL;
  gsize bmp_len = 0;
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &bmp, &bmp_len, "bmp", NULL, NULL));
  assert_decode_error (bmp, bmp_len, -EINVAL);
  g_free (bmp);

  LaysoQrDecoder *d = layso_qr_decoder_new ();
  GPtrArray *symbols = NULL;
  g_assert_cmpint (layso_qr_decode_image (d, NULL, 10, &symbols), ==, -EINVAL);
  g_assert_cmpint (layso_qr_decode_image (d, data, len, NULL), ==, -EINVAL);
  layso_qr_decoder_free (d);
}

/* Untrusted uploads: damaged images never crash, never yield invalid text. */
static void
check_mutations (GBytes *original)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (original, &len);
  LaysoQrDecoder *d = layso_qr_decoder_new ();
  for (int round = 0; round < 150; round++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, len);
      gsize cut = g_test_rand_bit () ? len : (gsize) g_test_rand_int_range (1, (gint32) len);
      int flips = g_test_rand_int_range (1, 9);
      for (int i = 0; i < flips; i++)
        copy[g_test_rand_int_range (0, (gint32) cut)] = (guint8) g_test_rand_int ();
      GPtrArray *symbols = NULL;
      int r = layso_qr_decode_image (d, copy, cut, &symbols);
      g_assert_true (r == 0 || r == -EINVAL || r == -E2BIG);
      if (r == 0)
        {
          for (guint i = 0; i < symbols->len; i++)
            {
              LaysoSymbol *s = symbols->pdata[i];
              g_assert_true (g_utf8_validate_len (s->data, s->len, NULL));
            }
          g_ptr_array_unref (symbols);
        }
      else
        {
          g_assert_null (symbols);
        }
    }
  layso_qr_decoder_free (d);
}

static void
test_mutated_inputs (void)
{
  g_autoptr (GBytes) png = qr_png (CCCD_PAYLOAD, 2);
  check_mutations (png);
  g_autoptr (GdkPixbuf) pixbuf = test_pixbuf_from_png (png);
  gchar *buf = NULL;
  gsize len = 0;
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buf, &len, "jpeg", NULL, NULL));
  g_autoptr (GBytes) jpeg = g_bytes_new_take (buf, len);
  check_mutations (jpeg);
}

static guint32
crc32_png (const guint8 *buf, size_t len)
{
  guint32 crc = 0xffffffffu;
  for (size_t i = 0; i < len; i++)
    {
      crc ^= buf[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
  return crc ^ 0xffffffffu;
}

/* A small real PNG whose IHDR claims width × height (CRC fixed up): if the decoder allocated
 * or decoded before checking, it would try gigabytes. */
static GBytes *
png_claiming (guint32 width, guint32 height)
{
  g_autoptr (GBytes) png = qr_png ("GCAD", 2);
  gsize len;
  const void *original = g_bytes_get_data (png, &len);
  guint8 *copy = g_memdup2 (original, len);
  g_assert_cmpmem (copy + 12, 4, "IHDR", 4);
  guint32 w = GUINT32_TO_BE (width), h = GUINT32_TO_BE (height);
  memcpy (copy + 16, &w, 4);
  memcpy (copy + 20, &h, 4);
  guint32 crc = GUINT32_TO_BE (crc32_png (copy + 12, 4 + 13));
  memcpy (copy + 29, &crc, 4);
  return g_bytes_new_take (copy, len);
}

/* The same for a JPEG's SOF0 frame header (no checksum there). */
static GBytes *
jpeg_claiming (guint16 width, guint16 height)
{
  g_autoptr (GBytes) png = qr_png ("GCAD", 2);
  g_autoptr (GdkPixbuf) pixbuf = test_pixbuf_from_png (png);
  gchar *buf = NULL;
  gsize len = 0;
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buf, &len, "jpeg", NULL, NULL));
  guint8 *p = (guint8 *) buf;
  gsize i = 2;
  bool patched = false;
  while (i + 9 < len && p[i] == 0xff)
    {
      guint marker = p[i + 1], seg = (guint) (p[i + 2] << 8 | p[i + 3]);
      if (marker == 0xc0 || marker == 0xc2)
        {
          p[i + 5] = (guint8) (height >> 8), p[i + 6] = (guint8) height;
          p[i + 7] = (guint8) (width >> 8), p[i + 8] = (guint8) width;
          patched = true;
          break;
        }
      i += 2 + seg;
    }
  g_assert_true (patched);
  return g_bytes_new_take (buf, len);
}

static void
test_oversize (void)
{
  /* Too many bytes: refused before looking at them. */
  gsize big = LAYSO_SCAN_MAX_IMAGE_BYTES + 1;
  guint8 *huge = g_malloc0 (big);
  memcpy (huge, "\x89PNG\r\n\x1a\n", 8);
  assert_decode_error (huge, big, -E2BIG);
  g_free (huge);

  /* Too many pixels, by the header. */
  g_autoptr (GBytes) wide = png_claiming (60000, 60000);
  gsize len;
  const void *data = g_bytes_get_data (wide, &len);
  assert_decode_error (data, len, -E2BIG);

  g_autoptr (GBytes) tall = png_claiming (2001, 2000);
  data = g_bytes_get_data (tall, &len);
  assert_decode_error (data, len, -E2BIG);

  g_autoptr (GBytes) jpeg = jpeg_claiming (60000, 60000);
  data = g_bytes_get_data (jpeg, &len);
  assert_decode_error (data, len, -E2BIG);

  /* Just inside the limit the header check lets it through; the body is too short for it. */
  g_autoptr (GBytes) edge = png_claiming (2000, 2000);
  data = g_bytes_get_data (edge, &len);
  LaysoQrDecoder *d = layso_qr_decoder_new ();
  GPtrArray *symbols = NULL;
  int r = layso_qr_decode_image (d, data, len, &symbols);
  g_assert_true (r == 0 || r == -EINVAL);
  g_assert_true (r != 0 || symbols->len == 0);
  g_clear_pointer (&symbols, g_ptr_array_unref);
  layso_qr_decoder_free (d);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/qr-decode/png-cccd-round-trip", test_png_cccd_round_trip);
  g_test_add_func ("/layso/qr-decode/png-short-vietnamese", test_png_short_vietnamese);
  g_test_add_func ("/layso/qr-decode/jpeg-round-trip", test_jpeg_round_trip);
  g_test_add_func ("/layso/qr-decode/png-with-alpha", test_png_with_alpha);
  g_test_add_func ("/layso/qr-decode/gray-with-stride", test_gray_with_stride);
  g_test_add_func ("/layso/qr-decode/many-frames", test_many_frames);
  g_test_add_func ("/layso/qr-decode/large-photo", test_large_photo);
  g_test_add_func ("/layso/qr-decode/invalid-utf8-dropped", test_invalid_utf8_dropped);
  g_test_add_func ("/layso/qr-decode/blank-image", test_blank_image);
  g_test_add_func ("/layso/qr-decode/garbage", test_garbage);
  g_test_add_func ("/layso/qr-decode/oversize", test_oversize);
  g_test_add_func ("/layso/qr-decode/mutated-inputs", test_mutated_inputs);
  return g_test_run ();
}
