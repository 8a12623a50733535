/* zbar in binary mode: zbar otherwise guesses a charset (SJIS first) for QR byte segments and
 * turns "Võ Đức" into mojibake. We take the raw bytes and accept them only as valid UTF-8. */
#include "qr-decode.h"

#include <errno.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>
#include <zbar.h>

/* zbar 0.23 parks every QR symbol it frees in a recycle bucket it never reuses
 * (mchehab/zbar#258): ~350 bytes per decoded QR, for the life of the scanner. A kiosk camera
 * sees the same QR in many frames, so the scanner is replaced after this many symbols. */
#define SYMBOLS_BEFORE_RENEWAL 256

struct _LaysoQrDecoder
{
  zbar_image_scanner_t *scanner;
  unsigned symbols_seen;
};

static zbar_image_scanner_t *
scanner_new (void)
{
  zbar_image_scanner_t *scanner = zbar_image_scanner_create ();
  zbar_image_scanner_set_config (scanner, 0, ZBAR_CFG_ENABLE, 1);
  zbar_image_scanner_set_config (scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
  /* SQ codes are of no use here, and zbar's SQ decoder leaks on damaged images
   * (mchehab/zbar#294). */
  zbar_image_scanner_set_config (scanner, ZBAR_SQCODE, ZBAR_CFG_ENABLE, 0);
  return scanner;
}

LaysoQrDecoder *
layso_qr_decoder_new (void)
{
  LaysoQrDecoder *d = g_new0 (LaysoQrDecoder, 1);
  d->scanner = scanner_new ();
  return d;
}

void
layso_qr_decoder_free (LaysoQrDecoder *d)
{
  if (!d)
    return;
  zbar_image_scanner_destroy (d->scanner);
  g_free (d);
}

static void
symbol_free (gpointer p)
{
  LaysoSymbol *s = p;
  g_free (s->type);
  g_free (s->data);
  g_free (s);
}

GPtrArray *
layso_qr_decode_gray (LaysoQrDecoder *d, const guint8 *pixels, int width, int height, int stride)
{
  GPtrArray *symbols = g_ptr_array_new_with_free_func (symbol_free);
  if (!d || !pixels || width <= 0 || height <= 0 || stride < width ||
      (gint64) width * height > LAYSO_SCAN_MAX_PIXELS)
    return symbols;

  /* zbar wants packed rows; borrow the caller's buffer when it already is. */
  guint8 *packed = NULL;
  const guint8 *frame = pixels;
  if (stride != width)
    {
      packed = g_malloc ((size_t) width * (size_t) height);
      for (int y = 0; y < height; y++)
        memcpy (packed + (size_t) y * width, pixels + (size_t) y * stride, (size_t) width);
      frame = packed;
    }

  zbar_image_t *image = zbar_image_create ();
  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, (unsigned) width, (unsigned) height);
  zbar_image_set_data (image, frame, (unsigned long) width * (unsigned long) height, NULL);

  if (zbar_scan_image (d->scanner, image) > 0)
    {
      for (const zbar_symbol_t *sym = zbar_image_first_symbol (image); sym;
           sym = zbar_symbol_next (sym))
        {
          d->symbols_seen++;
          const char *data = zbar_symbol_get_data (sym);
          unsigned int len = zbar_symbol_get_data_length (sym);
          /* Embedded NULs fail g_utf8_validate_len too: no C string could carry them. */
          if (!data || !g_utf8_validate_len (data, len, NULL))
            continue;
          LaysoSymbol *s = g_new0 (LaysoSymbol, 1);
          s->type = g_strdup (zbar_get_symbol_name (zbar_symbol_get_type (sym)));
          s->data = g_strndup (data, len);
          s->len = len;
          g_ptr_array_add (symbols, s);
        }
    }
  zbar_image_destroy (image);
  g_free (packed);
  if (d->symbols_seen >= SYMBOLS_BEFORE_RENEWAL)
    {
      zbar_image_scanner_destroy (d->scanner);
      d->scanner = scanner_new ();
      d->symbols_seen = 0;
    }
  return symbols;
}

/* Only the formats the API promises, recognised by their magic bytes, so no other
 * gdk-pixbuf loader (and its parser) is ever reached by untrusted input. */
static const char *
image_type (const guint8 *data, size_t len)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff };
  if (len >= sizeof png && memcmp (data, png, sizeof png) == 0)
    return "png";
  if (len >= sizeof jpeg && memcmp (data, jpeg, sizeof jpeg) == 0)
    return "jpeg";
  return NULL;
}

typedef struct
{
  bool too_big;
} SizeCheck;

/* Runs once the header is read, before any pixel memory is allocated: a size of 0×0 makes the
 * loader fail at once instead of allocating and decoding an oversize image. Large photos are
 * halved until they fit LAYSO_SCAN_DECODE_PIXELS: zbar's time grows with the pixels (a 12 MP
 * photo took 2-3 s), while a QR a phone photographs up close keeps plenty of pixels per
 * module; JPEG halves for free in its DCT. */
static void
on_size_prepared (GdkPixbufLoader *loader, int width, int height, gpointer user)
{
  SizeCheck *check = user;
  if (width <= 0 || height <= 0 || (gint64) width * height > LAYSO_SCAN_MAX_PIXELS)
    {
      check->too_big = true;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }
  int w = width, h = height;
  while ((gint64) w * h > LAYSO_SCAN_DECODE_PIXELS && w > 1 && h > 1)
    w /= 2, h /= 2;
  if (w != width)
    gdk_pixbuf_loader_set_size (loader, w, h);
}

static GdkPixbuf *
load_pixbuf (const guint8 *data, size_t len, int *ret_error)
{
  const char *type = image_type (data, len);
  if (!type)
    {
      *ret_error = -EINVAL;
      return NULL;
    }
  GdkPixbufLoader *loader = gdk_pixbuf_loader_new_with_type (type, NULL);
  if (!loader)
    {
      *ret_error = -EINVAL;
      return NULL;
    }
  SizeCheck check = { false };
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), &check);

  /* Fed in pieces so a rejected header stops the work early. */
  bool ok = true;
  const size_t chunk = 64 * 1024;
  for (size_t off = 0; ok && off < len && !check.too_big; off += chunk)
    ok = gdk_pixbuf_loader_write (loader, data + off, MIN (chunk, len - off), NULL);
  /* close() must run even after a failed write, or the loader complains when finalized. */
  ok = gdk_pixbuf_loader_close (loader, NULL) && ok;

  GdkPixbuf *pixbuf = NULL;
  if (check.too_big)
    *ret_error = -E2BIG;
  else if (!ok || !(pixbuf = gdk_pixbuf_loader_get_pixbuf (loader)))
    *ret_error = -EINVAL;
  else
    g_object_ref (pixbuf);
  g_object_unref (loader);
  return pixbuf;
}

/* Luma, composited over white: a transparent background reads as paper, not as ink. */
static guint8 *
pixbuf_to_gray (GdkPixbuf *pixbuf, int *ret_width, int *ret_height)
{
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf), stride = gdk_pixbuf_get_rowstride (pixbuf);
  bool alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  if (gdk_pixbuf_get_bits_per_sample (pixbuf) != 8 || channels < 3)
    return NULL;
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  guint8 *gray = g_malloc ((size_t) width * (size_t) height);
  for (int y = 0; y < height; y++)
    {
      const guint8 *p = src + (size_t) y * stride;
      for (int x = 0; x < width; x++, p += channels)
        {
          unsigned luma = (299u * p[0] + 587u * p[1] + 114u * p[2]) / 1000u;
          if (alpha)
            luma = (luma * p[3] + 255u * (255u - p[3])) / 255u;
          gray[(size_t) y * width + x] = (guint8) luma;
        }
    }
  *ret_width = width;
  *ret_height = height;
  return gray;
}

int
layso_qr_decode_image (LaysoQrDecoder *d, const void *data, size_t len, GPtrArray **ret_symbols)
{
  if (!d || !ret_symbols || (!data && len > 0))
    return -EINVAL;
  if (len > LAYSO_SCAN_MAX_IMAGE_BYTES)
    return -E2BIG;
  if (len == 0)
    return -EINVAL;

  int error = 0;
  GdkPixbuf *pixbuf = load_pixbuf (data, len, &error);
  if (!pixbuf)
    return error;
  int width = 0, height = 0;
  guint8 *gray = pixbuf_to_gray (pixbuf, &width, &height);
  g_object_unref (pixbuf);
  if (!gray)
    return -EINVAL;
  GPtrArray *symbols = layso_qr_decode_gray (d, gray, width, height, width);
  g_free (gray);
  *ret_symbols = symbols;
  return 0;
}
