/* In-memory QR/barcode decoding with zbar in binary mode (no charset guessing: zbar garbles
 * Vietnamese otherwise), from encoded images (PNG/JPEG) or raw 8-bit grey frames. No I/O. */
#pragma once

#include "layso-types.h"

#define LAYSO_SCAN_MAX_IMAGE_BYTES (8 * 1024 * 1024)
/* 4 megapixels: a 4096² image costs ~0.3 s of CPU and 50 MB to decode, and a QR photographed
 * up close needs far less; the booking page scales larger photos down before sending. */
#define LAYSO_SCAN_MAX_PIXELS (4 * 1000 * 1000)
/* Encoded images larger than this are halved (once or more) before scanning. */
#define LAYSO_SCAN_DECODE_PIXELS (2 * 1000 * 1000)

typedef struct
{
  char *type; /* "QR-Code", "EAN-13", ... (zbar's symbol name) */
  char *data; /* validated UTF-8 */
  size_t len;
} LaysoSymbol;

typedef struct _LaysoQrDecoder LaysoQrDecoder;

/* A decoder keeps one zbar scanner; not thread-safe, one per thread. */
LaysoQrDecoder *layso_qr_decoder_new (void);
void layso_qr_decoder_free (LaysoQrDecoder *d); /* NULL is fine */

/* Decodes a grey (Y800) frame. Returns a GPtrArray of LaysoSymbol* (free with
 * g_ptr_array_unref; empty when nothing was found; symbols whose data is not valid UTF-8 are
 * dropped). */
GPtrArray *layso_qr_decode_gray (LaysoQrDecoder *d, const guint8 *pixels, int width, int height,
                                 int stride);

/* Decodes a PNG/JPEG held in memory. 0 and *ret_symbols, -EINVAL for an image that cannot be
 * read, -E2BIG past the limits above. */
int layso_qr_decode_image (LaysoQrDecoder *d, const void *data, size_t len,
                           GPtrArray **ret_symbols);
