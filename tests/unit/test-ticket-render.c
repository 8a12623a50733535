/* Ticket rendering: the booking PNG decodes and its QR reads back, the thermal raster is valid
 * ESC/POS whose dots still hold a readable QR, the PDF carries real Vietnamese text. */
#define _GNU_SOURCE /* memmem */
#include "image-test-util.h"
#include "qr-decode.h"
#include "ticket-render.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <string.h>

static const LaysoBookingTicket BOOKING = {
  .unit_name = "Phường Phổ Yên",
  .field_name = "Chứng thực",
  .code = "GCAD",
  .name = "Nguyễn Văn Đức <b>&amp;",
  .cccd_masked = "********8901",
  .date_label = "Thứ 6, 26/9/2025",
  .slot_label = "07:30 - 09:30",
  .checkin_label = "Thời gian check-in: từ 07:00 đến 09:30 ngày 26/9/2025",
};

static const LaysoQueueTicket QUEUE = {
  .unit_name = "Phường Phổ Yên",
  .field_name = "Hộ tịch",
  .number = "A1002",
  .issued_at = "26/09/2025 07:12",
  .waiting_before = 3,
  .qr_url = "https://layso.example.vn/phieu/t-8f3a2c",
  .code = "GCAD",
};

static void
test_booking_png (void)
{
  g_autoptr (GBytes) png = layso_render_booking_png (&BOOKING);
  g_assert_nonnull (png);

  g_autoptr (GdkPixbuf) pixbuf = test_pixbuf_from_png (png);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, LAYSO_BOOKING_TICKET_WIDTH);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), >, 700);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), <, 2000);
  /* White background: the corners are paper. */
  const guint8 *px = gdk_pixbuf_read_pixels (pixbuf);
  g_assert_cmpuint (px[0] & px[1] & px[2], ==, 0xff);

  g_autoptr (GPtrArray) symbols = test_decode_image (png);
  test_assert_single_qr (symbols, "GCAD", strlen ("GCAD"));
}

/* Text read from a PNG by tesseract (Vietnamese). */
static char *
ocr_png (GBytes *png)
{
  g_autofree char *dir = g_dir_make_tmp ("layso-ocr-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ticket.png", NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL),
                                      (gssize) g_bytes_get_size (png), NULL));
  char *argv[] = { "tesseract", path, "-", "-l", "vie", NULL };
  char *text = NULL;
  int status = 0;
  g_autoptr (GError) error = NULL;
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &text, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_unlink (path);
  g_rmdir (dir);
  return text;
}

/* What the citizen reads, read back by OCR (tesseract, Vietnamese): diacritics shaped right. */
static void
test_booking_png_text (void)
{
  LaysoBookingTicket t = BOOKING;
  t.name = "Nguyễn Văn Đức";
  g_autoptr (GBytes) png = layso_render_booking_png (&t);
  g_autofree char *text = ocr_png (png);
  const char *expected[] = {
    "Phường Phổ Yên",   "Mã đặt chỗ",    "GCAD",
    "Nguyễn Văn Đức",   "********8901",  "Chứng thực",
    "Thứ 6, 26/9/2025", "07:30 - 09:30", "từ 07:00 đến 09:30 ngày 26/9/2025"
  };
  for (size_t i = 0; i < G_N_ELEMENTS (expected); i++)
    if (!strstr (text, expected[i]))
      g_error ("OCR of the booking ticket lacks \"%s\":\n%s", expected[i], text);
}

/* Longer text wraps and the ticket grows instead of clipping. */
static void
test_booking_png_grows (void)
{
  LaysoBookingTicket t = BOOKING;
  t.unit_name = "Trung tâm Phục vụ hành chính công Phường Phổ Yên, tỉnh Thái Nguyên — "
                "Bộ phận tiếp nhận và trả kết quả, điểm số 2";
  g_autoptr (GBytes) small = layso_render_booking_png (&BOOKING);
  g_autoptr (GBytes) tall = layso_render_booking_png (&t);
  g_assert_nonnull (tall);
  g_autoptr (GdkPixbuf) pa = test_pixbuf_from_png (small);
  g_autoptr (GdkPixbuf) pb = test_pixbuf_from_png (tall);
  g_assert_cmpint (gdk_pixbuf_get_height (pb), >, gdk_pixbuf_get_height (pa));
}

static void
test_booking_png_invalid (void)
{
  g_assert_null (layso_render_booking_png (NULL));
  LaysoBookingTicket t = BOOKING;
  t.code = NULL;
  g_assert_null (layso_render_booking_png (&t));
  t.code = "";
  g_assert_null (layso_render_booking_png (&t));
  /* Not UTF-8: refused, never drawn (pango would log a warning). */
  t = BOOKING;
  t.name = "Nguy\xe1n";
  g_assert_null (layso_render_booking_png (&t));
  LaysoQueueTicket q = QUEUE;
  q.field_name = "H\xff";
  g_assert_null (layso_render_queue_surface (&q, 576));
  g_assert_null (layso_render_queue_pdf (&q, 80));
  /* Optional strings may be missing. */
  LaysoBookingTicket bare = { .code = "GCAD" };
  g_autoptr (GBytes) png = layso_render_booking_png (&bare);
  g_assert_nonnull (png);
}

/* Grey copy of an RGB24 surface, for the decoder. */
static guint8 *
surface_to_gray (cairo_surface_t *s)
{
  int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
  int stride = cairo_image_surface_get_stride (s);
  const guint8 *data = cairo_image_surface_get_data (s);
  guint8 *gray = g_malloc ((size_t) w * h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 p;
        memcpy (&p, data + y * stride + 4 * x, 4);
        gray[y * w + x] = (guint8) (((p >> 16 & 0xff) + (p >> 8 & 0xff) + (p & 0xff)) / 3);
      }
  return gray;
}

static void
check_queue_surface (int width)
{
  cairo_surface_t *s = layso_render_queue_surface (&QUEUE, width);
  g_assert_nonnull (s);
  g_assert_cmpint (cairo_image_surface_get_format (s), ==, CAIRO_FORMAT_RGB24);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, width);
  int h = cairo_image_surface_get_height (s);
  g_assert_cmpint (h, >, width);
  g_autofree guint8 *gray = surface_to_gray (s);
  LaysoQrDecoder *d = layso_qr_decoder_new ();
  g_autoptr (GPtrArray) symbols = layso_qr_decode_gray (d, gray, width, h, width);
  test_assert_single_qr (symbols, QUEUE.qr_url, strlen (QUEUE.qr_url));
  layso_qr_decoder_free (d);
  cairo_surface_destroy (s);
}

static void
test_queue_surface_80mm (void)
{
  check_queue_surface (LAYSO_THERMAL_DOTS_80MM);
}
static void
test_queue_surface_58mm (void)
{
  check_queue_surface (LAYSO_THERMAL_DOTS_58MM);
}

static void
test_queue_surface_invalid (void)
{
  g_assert_null (layso_render_queue_surface (NULL, 576));
  g_assert_null (layso_render_queue_surface (&QUEUE, 577));
  g_assert_null (layso_render_queue_surface (&QUEUE, 0));
  g_assert_null (layso_render_queue_surface (&QUEUE, 4096));
  LaysoQueueTicket t = QUEUE;
  t.number = NULL;
  g_assert_null (layso_render_queue_surface (&t, 576));
  /* Walk-in: no code, no QR. */
  LaysoQueueTicket walk_in = { .number = "B003", .unit_name = "Phường Phổ Yên" };
  cairo_surface_t *s = layso_render_queue_surface (&walk_in, 384);
  g_assert_nonnull (s);
  cairo_surface_destroy (s);
}

/* Parses ESC/POS as a printer would; returns the raster as grey pixels (0 = dot). */
static guint8 *
parse_escpos (GBytes *bytes, int *ret_width, int *ret_height)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (bytes, &len);
  g_assert_cmpuint (len, >, 2 + 8 + 7);
  g_assert_cmpmem (p, 2, "\x1b@", 2);
  static const guint8 tail[] = { 0x1b, 'd', 3, 0x1d, 'V', 66, 0 };
  g_assert_cmpmem (p + len - sizeof tail, sizeof tail, tail, sizeof tail);

  GByteArray *raster = g_byte_array_new ();
  int row_bytes = -1, rows = 0;
  gsize i = 2, end = len - sizeof tail;
  while (i < end)
    {
      g_assert_cmpuint (end - i, >=, 8);
      g_assert_cmpmem (p + i, 4, "\x1dv0\x00", 4);
      int x = p[i + 4] | p[i + 5] << 8, y = p[i + 6] | p[i + 7] << 8;
      g_assert_cmpint (y, >=, 1);
      g_assert_cmpint (y, <=, 255); /* bands small enough for any printer's buffer */
      if (row_bytes < 0)
        row_bytes = x;
      g_assert_cmpint (x, ==, row_bytes);
      i += 8;
      g_assert_cmpuint (end - i, >=, (gsize) x * y);
      g_byte_array_append (raster, p + i, (guint) (x * y));
      i += (gsize) x * y;
      rows += y;
    }
  int width = row_bytes * 8;
  guint8 *gray = g_malloc ((size_t) width * rows);
  for (int y = 0; y < rows; y++)
    for (int x = 0; x < width; x++)
      gray[y * width + x] = (raster->data[y * row_bytes + x / 8] & (0x80 >> (x % 8))) ? 0 : 255;
  g_byte_array_unref (raster);
  *ret_width = width;
  *ret_height = rows;
  return gray;
}

static void
check_escpos (int width)
{
  cairo_surface_t *s = layso_render_queue_surface (&QUEUE, width);
  g_autoptr (GBytes) bytes = layso_escpos_from_surface (s);
  g_assert_nonnull (bytes);
  int w, h;
  g_autofree guint8 *gray = parse_escpos (bytes, &w, &h);
  g_assert_cmpint (w, ==, width);
  g_assert_cmpint (h, ==, cairo_image_surface_get_height (s));
  /* The printed dots still carry the QR a citizen will scan. */
  LaysoQrDecoder *d = layso_qr_decoder_new ();
  g_autoptr (GPtrArray) symbols = layso_qr_decode_gray (d, gray, w, h, w);
  test_assert_single_qr (symbols, QUEUE.qr_url, strlen (QUEUE.qr_url));
  layso_qr_decoder_free (d);
  cairo_surface_destroy (s);
}

/* The dots a 58 mm printer gets, read back by OCR: small Vietnamese text stays legible. */
static void
test_escpos_58mm_text (void)
{
  cairo_surface_t *s = layso_render_queue_surface (&QUEUE, LAYSO_THERMAL_DOTS_58MM);
  g_autoptr (GBytes) bytes = layso_escpos_from_surface (s);
  cairo_surface_destroy (s);
  int w, h;
  guint8 *gray = parse_escpos (bytes, &w, &h);
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, w, h);
  guint8 *px = gdk_pixbuf_get_pixels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      memset (px + y * rowstride + 3 * x, gray[y * w + x], 3);
  g_free (gray);
  gchar *buf = NULL;
  gsize len = 0;
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buf, &len, "png", NULL, NULL));
  g_autoptr (GBytes) png = g_bytes_new_take (buf, len);
  g_autofree char *text = ocr_png (png);
  const char *expected[] = { "Phường Phổ Yên", "Hộ tịch",          "SỐ PHIẾU", "A1002",
                             "GCAD",           "26/09/2025 07:12", "lượt gọi" };
  for (size_t i = 0; i < G_N_ELEMENTS (expected); i++)
    if (!strstr (text, expected[i]))
      g_error ("OCR of the 58 mm print lacks \"%s\":\n%s", expected[i], text);
}

static void
test_escpos_80mm (void)
{
  check_escpos (LAYSO_THERMAL_DOTS_80MM);
}
static void
test_escpos_58mm (void)
{
  check_escpos (LAYSO_THERMAL_DOTS_58MM);
}

/* Exact bytes for a tiny known raster in each accepted format. */
static void
test_escpos_exact (void)
{
  static const guint8 expected[] = {
    0x1b, '@',  0x1d, 'v',  '0', 0,  2, 0, 2, 0, 0x80, 0x00, /* row 0: dot at x=0 */
    0x00, 0x41,                                              /* row 1: dots at x=9, x=15 */
    0x1b, 'd',  3,    0x1d, 'V', 66, 0,
  };
  const cairo_format_t formats[] = { CAIRO_FORMAT_A8, CAIRO_FORMAT_A1, CAIRO_FORMAT_RGB24,
                                     CAIRO_FORMAT_ARGB32 };
  for (size_t f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      cairo_surface_t *s = cairo_image_surface_create (formats[f], 16, 2);
      cairo_t *cr = cairo_create (s);
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
      if (formats[f] == CAIRO_FORMAT_RGB24)
        {
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_paint (cr);
          cairo_set_source_rgb (cr, 0, 0, 0);
        }
      else
        {
          cairo_set_source_rgba (cr, 0, 0, 0, 1);
        }
      cairo_rectangle (cr, 0, 0, 1, 1);
      cairo_rectangle (cr, 9, 1, 1, 1);
      cairo_rectangle (cr, 15, 1, 1, 1);
      cairo_fill (cr);
      cairo_destroy (cr);
      g_autoptr (GBytes) bytes = layso_escpos_from_surface (s);
      g_assert_nonnull (bytes);
      gsize len;
      const void *data = g_bytes_get_data (bytes, &len);
      g_assert_cmpmem (data, len, expected, sizeof expected);
      cairo_surface_destroy (s);
    }
  g_assert_null (layso_escpos_from_surface (NULL));
}

/* A tall surface is split in bands; the band sizes add up. */
static void
test_escpos_bands (void)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_A8, 20, 300);
  g_autoptr (GBytes) bytes = layso_escpos_from_surface (s);
  int w, h;
  g_autofree guint8 *gray = parse_escpos (bytes, &w, &h);
  g_assert_cmpint (w, ==, 24); /* 20 dots rounded up to whole bytes */
  g_assert_cmpint (h, ==, 300);
  cairo_surface_destroy (s);
}

static char *
pdf_to_text (GBytes *pdf)
{
  g_autofree char *dir = g_dir_make_tmp ("layso-pdf-XXXXXX", NULL);
  g_assert_nonnull (dir);
  g_autofree char *path = g_build_filename (dir, "ticket.pdf", NULL);
  gsize len;
  const char *data = g_bytes_get_data (pdf, &len);
  g_assert_true (g_file_set_contents (path, data, (gssize) len, NULL));
  char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  char *out = NULL;
  int status = 0;
  g_autoptr (GError) error = NULL;
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_unlink (path);
  g_rmdir (dir);
  return out;
}

static void
test_queue_pdf (void)
{
  g_autoptr (GBytes) pdf = layso_render_queue_pdf (&QUEUE, 80);
  g_assert_nonnull (pdf);
  gsize len;
  const char *data = g_bytes_get_data (pdf, &len);
  g_assert_cmpmem (data, 5, "%PDF-", 5);
  g_autofree char *text = pdf_to_text (pdf);
  g_assert_nonnull (strstr (text, "SỐ PHIẾU"));
  g_assert_nonnull (strstr (text, "A1002"));
  g_assert_nonnull (strstr (text, "Phường Phổ Yên"));
  g_assert_nonnull (strstr (text, "Hộ tịch"));
  g_assert_nonnull (strstr (text, "26/09/2025 07:12"));
  /* 80 mm = 226.77 pt wide. */
  g_assert_nonnull (memmem (data, len, "/MediaBox [ 0 0 226.77", 22));
}

static void
test_queue_pdf_invalid (void)
{
  g_assert_null (layso_render_queue_pdf (&QUEUE, 10));
  g_assert_null (layso_render_queue_pdf (NULL, 80));
}

static void
test_qr_png (void)
{
  const char *text = "https://layso.example.vn/phieu/t-1";
  g_autoptr (GBytes) png = layso_render_qr_png (text, strlen (text), 3);
  g_assert_nonnull (png);
  g_autoptr (GPtrArray) symbols = test_decode_image (png);
  test_assert_single_qr (symbols, text, strlen (text));
  g_assert_null (layso_render_qr_png (text, 0, 3));
  g_assert_null (layso_render_qr_png (text, strlen (text), 0));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/render/booking-png", test_booking_png);
  g_test_add_func ("/layso/render/booking-png-text", test_booking_png_text);
  g_test_add_func ("/layso/render/booking-png-grows", test_booking_png_grows);
  g_test_add_func ("/layso/render/booking-png-invalid", test_booking_png_invalid);
  g_test_add_func ("/layso/render/queue-surface-80mm", test_queue_surface_80mm);
  g_test_add_func ("/layso/render/queue-surface-58mm", test_queue_surface_58mm);
  g_test_add_func ("/layso/render/queue-surface-invalid", test_queue_surface_invalid);
  g_test_add_func ("/layso/render/escpos-80mm", test_escpos_80mm);
  g_test_add_func ("/layso/render/escpos-58mm", test_escpos_58mm);
  g_test_add_func ("/layso/render/escpos-58mm-text", test_escpos_58mm_text);
  g_test_add_func ("/layso/render/escpos-exact", test_escpos_exact);
  g_test_add_func ("/layso/render/escpos-bands", test_escpos_bands);
  g_test_add_func ("/layso/render/queue-pdf", test_queue_pdf);
  g_test_add_func ("/layso/render/queue-pdf-invalid", test_queue_pdf_invalid);
  g_test_add_func ("/layso/render/qr-png", test_qr_png);
  return g_test_run ();
}
