/* Ticket rendering: one layout routine per ticket, run twice — first on a recording surface to
 * learn the height, then on the real surface (image or PDF) — so tickets grow with their text. */
#include "ticket-render.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <string.h>

#define FONT_FAMILY      "Noto Sans"
#define QR_QUIET_MODULES 4

/* A cursor going down the page. */
typedef struct
{
  cairo_t *cr;
  double width; /* page width, user units */
  double margin;
  double y;
} Pen;

/* Whole pixels for non-negative sizes (keeps liblayso-render free of libm). */
static double
whole_floor (double x)
{
  return (double) (long long) x;
}
static double
whole_ceil (double x)
{
  double f = whole_floor (x);
  return f < x ? f + 1 : f;
}

static const char *
or_empty (const char *s)
{
  return s ? s : "";
}

/* Pango warns (logs) on invalid UTF-8; a library must refuse such input instead. */
static bool
all_utf8 (const char *const *strings, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (strings[i] && !g_utf8_validate (strings[i], -1, NULL))
      return false;
  return true;
}

static bool
booking_valid (const LaysoBookingTicket *t)
{
  const char *strings[] = { t->unit_name,   t->field_name, t->code,       t->name,
                            t->cccd_masked, t->date_label, t->slot_label, t->checkin_label };
  return t->code && *t->code && all_utf8 (strings, G_N_ELEMENTS (strings));
}

static bool
queue_valid (const LaysoQueueTicket *t)
{
  const char *strings[] = {
    t->unit_name, t->field_name, t->number, t->issued_at, t->qr_url, t->code
  };
  return t->number && *t->number && all_utf8 (strings, G_N_ELEMENTS (strings));
}

/* The same metrics when measuring and when drawing, whatever the surface's defaults. */
static void
set_font_options (cairo_t *cr)
{
  cairo_font_options_t *options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options (cr, options);
  cairo_font_options_destroy (options);
}

/* Draws a paragraph across the text column and moves the pen below it. */
static void
pen_text (Pen *p, const char *text, double size, PangoWeight weight, PangoAlignment align)
{
  PangoLayout *layout = pango_cairo_create_layout (p->cr);
  PangoFontDescription *font = pango_font_description_new ();
  pango_font_description_set_family (font, FONT_FAMILY);
  pango_font_description_set_weight (font, weight);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) ((p->width - 2 * p->margin) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align);
  /* Plain text, never markup: names may hold '<' or '&'. */
  pango_layout_set_text (layout, or_empty (text), -1);

  cairo_move_to (p->cr, p->margin, p->y);
  pango_cairo_show_layout (p->cr, layout);

  int height;
  pango_layout_get_size (layout, NULL, &height);
  p->y += (double) height / PANGO_SCALE;

  pango_font_description_free (font);
  g_object_unref (layout);
}

/* "Label: value" on one line, label regular, value bold. */
static void
pen_field (Pen *p, const char *label, const char *value, double size)
{
  g_autofree char *line = g_strdup_printf ("%s: %s", label, or_empty (value));
  PangoLayout *layout = pango_cairo_create_layout (p->cr);
  PangoFontDescription *font = pango_font_description_new ();
  pango_font_description_set_family (font, FONT_FAMILY);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) ((p->width - 2 * p->margin) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, line, -1);

  PangoAttrList *attrs = pango_attr_list_new ();
  PangoAttribute *bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
  bold->start_index = (guint) strlen (label) + 2;
  bold->end_index = (guint) strlen (line);
  pango_attr_list_insert (attrs, bold);
  pango_layout_set_attributes (layout, attrs);

  cairo_move_to (p->cr, p->margin, p->y);
  pango_cairo_show_layout (p->cr, layout);
  int height;
  pango_layout_get_size (layout, NULL, &height);
  p->y += (double) height / PANGO_SCALE;

  pango_attr_list_unref (attrs);
  pango_font_description_free (font);
  g_object_unref (layout);
}

static void
pen_rule (Pen *p, double gap)
{
  p->y += gap;
  cairo_rectangle (p->cr, p->margin, p->y, p->width - 2 * p->margin, 2);
  cairo_fill (p->cr);
  p->y += 2 + gap;
}

static QRcode *
qr_encode (const void *data, size_t len)
{
  if (!data || len == 0 || len > 2048)
    return NULL;
  return QRcode_encodeData ((int) len, data, 0, QR_ECLEVEL_M);
}

/* Draws the QR with its quiet zone at (x, y); the caller has painted the background. */
static void
draw_qr (cairo_t *cr, const QRcode *qr, double x, double y, double module)
{
  for (int row = 0; row < qr->width; row++)
    for (int col = 0; col < qr->width; col++)
      if (qr->data[row * qr->width + col] & 1)
        cairo_rectangle (cr, x + (col + QR_QUIET_MODULES) * module,
                         y + (row + QR_QUIET_MODULES) * module, module, module);
  cairo_fill (cr);
}

/* A centred QR of at most max_size, whole pixels per module so the modules stay sharp. */
static bool
pen_qr (Pen *p, const char *text, double max_size)
{
  QRcode *qr = qr_encode (text, strlen (text));
  if (!qr)
    return false;
  int modules = qr->width + 2 * QR_QUIET_MODULES;
  double module = whole_floor (MIN (max_size, p->width - 2 * p->margin) / modules);
  if (module < 2)
    module = 2;
  double size = module * modules;
  draw_qr (p->cr, qr, whole_floor ((p->width - size) / 2), whole_floor (p->y), module);
  p->y = whole_floor (p->y) + size;
  QRcode_free (qr);
  return true;
}

static void
set_ink (cairo_t *cr)
{
  cairo_set_source_rgb (cr, 0, 0, 0);
}

typedef bool (*LayoutFunc) (Pen *p, const void *ticket);

static bool
layout_booking (Pen *p, const void *data)
{
  const LaysoBookingTicket *t = data;
  const double body = 24;

  cairo_set_source_rgb (p->cr, 0.07, 0.16, 0.35);
  pen_text (p, t->unit_name, 30, PANGO_WEIGHT_BOLD, PANGO_ALIGN_CENTER);
  p->y += 4;
  pen_text (p, "PHIẾU ĐĂNG KÝ LẤY SỐ THỨ TỰ", 22, PANGO_WEIGHT_NORMAL, PANGO_ALIGN_CENTER);
  set_ink (p->cr);
  pen_rule (p, 16);
  pen_text (p, "Mã đặt chỗ", 26, PANGO_WEIGHT_NORMAL, PANGO_ALIGN_CENTER);
  cairo_set_source_rgb (p->cr, 0.75, 0.1, 0.1);
  pen_text (p, t->code, 84, PANGO_WEIGHT_BOLD, PANGO_ALIGN_CENTER);
  set_ink (p->cr);
  p->y += 8;
  if (!pen_qr (p, t->code, 264))
    return false;
  p->y += 12;
  pen_rule (p, 12);
  pen_field (p, "Họ và tên", t->name, body);
  p->y += 6;
  pen_field (p, "Số CCCD", t->cccd_masked, body);
  p->y += 6;
  pen_field (p, "Lĩnh vực", t->field_name, body);
  p->y += 6;
  pen_field (p, "Ngày hẹn", t->date_label, body);
  p->y += 6;
  pen_field (p, "Khung giờ", t->slot_label, body);
  pen_rule (p, 16);
  cairo_set_source_rgb (p->cr, 0.07, 0.16, 0.35);
  pen_text (p, t->checkin_label, 22, PANGO_WEIGHT_BOLD, PANGO_ALIGN_CENTER);
  p->y += 6;
  set_ink (p->cr);
  pen_text (p, "Vui lòng mang theo CCCD và xuất trình mã này tại ki-ốt khi đến.", 20,
            PANGO_WEIGHT_NORMAL, PANGO_ALIGN_CENTER);
  return true;
}

/* Sizes scale with the paper so 58 mm and 80 mm tickets look alike; small text shrinks less
 * (kt), or the dots under Vietnamese vowels vanish at 203 dpi. */
static bool
layout_queue (Pen *p, const void *data)
{
  const LaysoQueueTicket *t = data;
  double k = p->width / LAYSO_THERMAL_DOTS_80MM;
  double kt = MAX (k, 0.85);

  set_ink (p->cr);
  pen_text (p, t->unit_name, 30 * kt, PANGO_WEIGHT_BOLD, PANGO_ALIGN_CENTER);
  pen_text (p, t->field_name, 24 * kt, PANGO_WEIGHT_NORMAL, PANGO_ALIGN_CENTER);
  pen_rule (p, 10 * k);
  pen_text (p, "SỐ PHIẾU", 30 * kt, PANGO_WEIGHT_BOLD, PANGO_ALIGN_CENTER);
  pen_text (p, t->number, 128 * k, PANGO_WEIGHT_BOLD, PANGO_ALIGN_CENTER);
  if (t->code)
    {
      g_autofree char *line = g_strdup_printf ("Mã đặt chỗ: %s", t->code);
      pen_text (p, line, 24 * kt, PANGO_WEIGHT_NORMAL, PANGO_ALIGN_CENTER);
    }
  g_autofree char *waiting =
      g_strdup_printf ("Số người đang chờ trước bạn: %d", MAX (t->waiting_before, 0));
  pen_text (p, waiting, 24 * kt, PANGO_WEIGHT_NORMAL, PANGO_ALIGN_CENTER);
  g_autofree char *issued = g_strdup_printf ("Ngày giờ lấy phiếu: %s", or_empty (t->issued_at));
  pen_text (p, issued, 22 * kt, PANGO_WEIGHT_NORMAL, PANGO_ALIGN_CENTER);
  if (t->qr_url && *t->qr_url)
    {
      p->y += 10 * k;
      if (!pen_qr (p, t->qr_url, 220 * k))
        return false;
      pen_text (p, "Quét mã để xem lượt gọi", 20 * kt, PANGO_WEIGHT_NORMAL, PANGO_ALIGN_CENTER);
    }
  p->y += 8 * k;
  pen_text (p, "Xin vui lòng chờ đến lượt gọi số thứ tự", 22 * kt, PANGO_WEIGHT_NORMAL,
            PANGO_ALIGN_CENTER);
  return true;
}

/* Runs the layout on an unbounded recording surface: the ticket's height, or -1. */
static double
measure (LayoutFunc layout, const void *ticket, double width, double margin)
{
  cairo_surface_t *rec = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (rec);
  set_font_options (cr);
  Pen pen = { cr, width, margin, margin };
  bool ok = layout (&pen, ticket) && cairo_status (cr) == CAIRO_STATUS_SUCCESS;
  cairo_destroy (cr);
  cairo_surface_destroy (rec);
  return ok ? whole_ceil (pen.y + margin) : -1;
}

/* Lays the ticket out on a fresh white image surface. */
static cairo_surface_t *
render_image (LayoutFunc layout, const void *ticket, int width, double margin,
              cairo_antialias_t antialias)
{
  double height = measure (layout, ticket, width, margin);
  if (height <= 0 || height > 32767)
    return NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, (int) height);
  cairo_t *cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_antialias (cr, antialias);
  set_font_options (cr);
  Pen pen = { cr, width, margin, margin };
  bool ok = layout (&pen, ticket) && cairo_status (cr) == CAIRO_STATUS_SUCCESS;
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (!ok)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  return surface;
}

static cairo_status_t
append_to_byte_array (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
surface_to_png (cairo_surface_t *surface)
{
  GByteArray *out = g_byte_array_new ();
  if (cairo_surface_write_to_png_stream (surface, append_to_byte_array, out) !=
      CAIRO_STATUS_SUCCESS)
    {
      g_byte_array_unref (out);
      return NULL;
    }
  return g_byte_array_free_to_bytes (out);
}

GBytes *
layso_render_booking_png (const LaysoBookingTicket *t)
{
  if (!t || !booking_valid (t))
    return NULL;
  cairo_surface_t *surface =
      render_image (layout_booking, t, LAYSO_BOOKING_TICKET_WIDTH, 40, CAIRO_ANTIALIAS_DEFAULT);
  if (!surface)
    return NULL;
  GBytes *png = surface_to_png (surface);
  cairo_surface_destroy (surface);
  return png;
}

cairo_surface_t *
layso_render_queue_surface (const LaysoQueueTicket *t, int width_dots)
{
  if (!t || !queue_valid (t) || width_dots < 128 || width_dots > 2048 || width_dots % 8 != 0)
    return NULL;
  /* Grey antialiasing, thresholded later, keeps the thin strokes of the diacritics. */
  return render_image (layout_queue, t, width_dots, width_dots / 36.0, CAIRO_ANTIALIAS_GRAY);
}

GBytes *
layso_render_queue_pdf (const LaysoQueueTicket *t, int width_mm)
{
  if (!t || !queue_valid (t) || width_mm < 40 || width_mm > 300)
    return NULL;
  /* Laid out in 80 mm thermal dots, then scaled to the paper: the PDF looks like the print. */
  const double dots = LAYSO_THERMAL_DOTS_80MM, margin = dots / 36.0;
  double height = measure (layout_queue, t, dots, margin);
  if (height <= 0)
    return NULL;
  double points_per_dot = width_mm / 25.4 * 72.0 / dots;

  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream (
      append_to_byte_array, out, dots * points_per_dot, height * points_per_dot);
  cairo_pdf_surface_set_metadata (pdf, CAIRO_PDF_METADATA_TITLE, "Phiếu số thứ tự");
  cairo_t *cr = cairo_create (pdf);
  cairo_scale (cr, points_per_dot, points_per_dot);
  set_font_options (cr);
  Pen pen = { cr, dots, margin, margin };
  bool ok = layout_queue (&pen, t) && cairo_status (cr) == CAIRO_STATUS_SUCCESS;
  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  ok = ok && cairo_surface_status (pdf) == CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy (pdf);
  if (!ok)
    {
      g_byte_array_unref (out);
      return NULL;
    }
  return g_byte_array_free_to_bytes (out);
}

double
layso_queue_pdf_length_mm (const LaysoQueueTicket *t, int width_mm)
{
  if (!t || !queue_valid (t) || width_mm < 40 || width_mm > 300)
    return 0;
  /* As layso_render_queue_pdf lays it out: in 80 mm dots, scaled to the paper's width. */
  const double dots = LAYSO_THERMAL_DOTS_80MM, margin = dots / 36.0;
  double height = measure (layout_queue, t, dots, margin);
  return height > 0 ? height * width_mm / dots : 0;
}

/* A pixel takes a dot when ink covers more than about 3/8 of it: a little bolder than half,
 * so thin strokes and diacritics of antialiased text survive. */
#define ESCPOS_INK_LUMA 160

/* Whether the pixel at (x, y) takes a dot of ink. */
static bool
pixel_is_ink (const unsigned char *row, cairo_format_t format, int x)
{
  switch (format)
    {
      case CAIRO_FORMAT_RGB24:
      case CAIRO_FORMAT_ARGB32:
        {
          uint32_t px;
          memcpy (&px, row + 4 * x, 4);
          uint32_t a = format == CAIRO_FORMAT_ARGB32 ? px >> 24 : 255;
          uint32_t r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
          /* Premultiplied: transparent means paper (white). */
          uint32_t luma = (299 * r + 587 * g + 114 * b) / 1000 + (255 - a);
          return luma < ESCPOS_INK_LUMA;
        }
      case CAIRO_FORMAT_A8:
        return row[x] > 255 - ESCPOS_INK_LUMA;
      case CAIRO_FORMAT_A1:
        {
          uint32_t word;
          memcpy (&word, row + 4 * (x / 32), 4);
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
          return (word >> (x % 32)) & 1;
#else
          return (word >> (31 - x % 32)) & 1;
#endif
        }
      default:
        return false;
    }
}

#define ESCPOS_BAND_ROWS 128

GBytes *
layso_escpos_from_surface (cairo_surface_t *surface)
{
  if (!surface || cairo_surface_get_type (surface) != CAIRO_SURFACE_TYPE_IMAGE ||
      cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return NULL;
  cairo_surface_flush (surface);
  cairo_format_t format = cairo_image_surface_get_format (surface);
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const unsigned char *pixels = cairo_image_surface_get_data (surface);
  if (!pixels || width <= 0 || height <= 0 || width > 65535 * 8 ||
      (format != CAIRO_FORMAT_RGB24 && format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_A8 &&
       format != CAIRO_FORMAT_A1))
    return NULL;
  int row_bytes = (width + 7) / 8;

  GByteArray *out = g_byte_array_sized_new ((guint) (row_bytes * height + 64));
  static const guint8 init[] = { 0x1b, '@' };
  g_byte_array_append (out, init, sizeof init);

  guint8 *row = g_malloc ((size_t) row_bytes);
  for (int band = 0; band < height; band += ESCPOS_BAND_ROWS)
    {
      int rows = MIN (ESCPOS_BAND_ROWS, height - band);
      /* GS v 0 m xL xH yL yH: m=0 normal density, x in bytes per row, y in dot rows. */
      const guint8 header[] = { 0x1d,
                                'v',
                                '0',
                                0,
                                (guint8) (row_bytes & 0xff),
                                (guint8) (row_bytes >> 8),
                                (guint8) (rows & 0xff),
                                (guint8) (rows >> 8) };
      g_byte_array_append (out, header, sizeof header);
      for (int y = band; y < band + rows; y++)
        {
          const unsigned char *src = pixels + (size_t) y * stride;
          memset (row, 0, (size_t) row_bytes);
          for (int x = 0; x < width; x++)
            if (pixel_is_ink (src, format, x))
              row[x / 8] |= (guint8) (0x80 >> (x % 8));
          g_byte_array_append (out, row, (guint) row_bytes);
        }
    }
  g_free (row);

  /* ESC d 3: push the last lines past the head; GS V 66 0: feed to the cutter, cut. */
  static const guint8 tail[] = { 0x1b, 'd', 3, 0x1d, 'V', 66, 0 };
  g_byte_array_append (out, tail, sizeof tail);
  return g_byte_array_free_to_bytes (out);
}

GBytes *
layso_render_qr_png (const void *data, size_t len, int module_px)
{
  if (module_px < 1 || module_px > 64)
    return NULL;
  QRcode *qr = qr_encode (data, len);
  if (!qr)
    return NULL;
  int size = (qr->width + 2 * QR_QUIET_MODULES) * module_px;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, size, size);
  cairo_t *cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  set_ink (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  draw_qr (cr, qr, 0, 0, module_px);
  cairo_destroy (cr);
  QRcode_free (qr);
  GBytes *png = surface_to_png (surface);
  cairo_surface_destroy (surface);
  return png;
}
