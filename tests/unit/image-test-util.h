/* Helpers shared by the renderer and decoder tests: read a PNG back, decode its QR codes. */
#pragma once

#include "qr-decode.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

/* The PNG as a pixbuf; asserts it loads. g_object_unref the result. */
GdkPixbuf *test_pixbuf_from_png (GBytes *png);
/* The symbols zbar finds in an encoded image; asserts the decoder accepts it. */
GPtrArray *test_decode_image (GBytes *image);
/* Exactly one QR code holding exactly `expected` (len bytes, no NUL inside). */
void test_assert_single_qr (GPtrArray *symbols, const char *expected, size_t len);
