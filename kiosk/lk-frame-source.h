/* Frame sources for LkScanner: where images come from (a V4L2 camera, or image files in tests).
 * Used only on the scanner's worker thread. Internal to layso-kiosk-devices. */
#pragma once

#include "qr-decode.h"

#include <gio/gio.h>
#include <zbar.h>

/* Lets a waiting source return early when the scanner stops. */
typedef struct {
  GMutex   lock;
  GCond    changed;
  gboolean stopping;
} LkStopSignal;

/* TRUE when stopped before timeout_ms passed. */
gboolean lk_stop_signal_wait(LkStopSignal *stop, guint timeout_ms);

typedef enum {
  LK_FRAME_DECODED,  /* *ret_symbols set (possibly empty) */
  LK_FRAME_IDLE,     /* nothing more will come (files shown); the worker just waits */
  LK_FRAME_FAILED,   /* the device failed; error set */
  LK_FRAME_STOPPED,  /* the scanner is stopping */
} LkFrameResult;

typedef struct _LkFrameSource LkFrameSource;

typedef struct {
  /* Opens the device (called at each start); FALSE + error when unavailable. */
  gboolean (*open)(LkFrameSource *source, GError **error);
  /* Waits for the next frame and decodes it. */
  LkFrameResult (*next)(LkFrameSource *source, LaysoQrDecoder *decoder, LkStopSignal *stop,
                        GPtrArray **ret_symbols, GError **error);
  void (*close)(LkFrameSource *source);
  void (*free)(LkFrameSource *source);
} LkFrameSourceOps;

struct _LkFrameSource {
  const LkFrameSourceOps *ops;
};

/* Decodes one camera frame in whatever format the camera gave (GREY, YUYV, MJPG, ...): zbar
 * converts it to grey first. The frame stays the caller's. */
GPtrArray *lk_frame_decode_zbar_image(LaysoQrDecoder *decoder, const zbar_image_t *frame);

/* Parses "v4l2:/dev/videoN" | "files:/a.png,/b.png" | "none". NULL + error for a bad spec. */
LkFrameSource *lk_frame_source_new(const char *spec, guint file_interval_ms, GError **error);
void           lk_frame_source_free(LkFrameSource *source);   /* NULL is fine */
