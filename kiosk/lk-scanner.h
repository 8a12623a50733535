/* LkScanner: watches a camera (or a list of image files in tests) on a worker thread, decodes
 * QR codes and barcodes with zbar in binary mode, and reports each new text on the main context.
 * Never blocks the thread that owns it. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LK_TYPE_SCANNER (lk_scanner_get_type ())
G_DECLARE_FINAL_TYPE (LkScanner, lk_scanner, LK, SCANNER, GObject)

/* How long a text stays "seen": a QR held in front of the camera for many frames starts ONE
 * check-in; the same text is reported again only after this long without a sighting. */
#define LK_SCANNER_REPEAT_SUPPRESS_MS 2000

/* source: "v4l2:/dev/video0" | "files:/a.png,/b.png" | "none". NULL + GError
 * (G_IO_ERROR_INVALID_ARGUMENT) for a bad spec. A files source shows each image once, in
 * order, file_interval_ms apart (the first one too), then stays idle; its position survives
 * stop/start. The device is opened by lk_scanner_start(), on the worker thread. */
LkScanner *lk_scanner_new (const char *source, guint file_interval_ms, GError **error);

/* Starts the worker thread; idempotent. */
void lk_scanner_start (LkScanner *self);

/* Stops and joins the worker thread; idempotent; dispose calls it. Texts decoded but not yet
 * delivered are dropped. */
void lk_scanner_stop (LkScanner *self);

/* Blocks the caller (without running any main context) until the worker has decoded n
 * frames since the scanner was created, their texts and preview already queued for the main
 * context; FALSE if that took longer than timeout_ms. For tests that must know the worker got
 * there before they stop it. */
gboolean lk_scanner_wait_decoded (LkScanner *self, guint n, guint timeout_ms);

/* How often a camera that failed is opened again. */
#define LK_SCANNER_RETRY_MS 5000

/* FALSE while the camera cannot be opened or has stopped delivering frames (property
 * "available", notified on the scanner's main context); the scanner retries every
 * LK_SCANNER_RETRY_MS and turns TRUE again once the camera is back. */
gboolean lk_scanner_get_available (LkScanner *self);
/* Why the camera is unavailable (English, for the technician's log), or NULL. */
const char *lk_scanner_get_failure (LkScanner *self);

/* signal "scanned" (const char *text): emitted on the GMainContext that was thread-default when
 * the scanner was created, with the validated UTF-8 text of a decoded QR/barcode. */

/* The camera preview is at most this many frames a second (one every this many ms). */
#define LK_SCANNER_FRAME_INTERVAL_MS 125

/* signal "frame" (GBytes *pixels, guint width, guint height, guint stride): the picture the
 * camera saw (each image of a files source), for the preview: 8-bit grey, `height` rows
 * `stride` bytes apart, at most 640 pixels a side. Emitted on the same main context as
 * "scanned", at most once per LK_SCANNER_FRAME_INTERVAL_MS; frames are never queued: only the
 * newest one not yet delivered is kept, older ones are dropped. Decoding stays on the worker;
 * the pixels are read-only and may be kept (g_bytes_ref). */

G_END_DECLS
