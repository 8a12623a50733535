/* Frame sources for LkScanner: where images come from (a V4L2 camera, or image files in tests).
 * Used only on the scanner's worker thread. Internal to layso-kiosk-devices. */
#pragma once

#include "qr-decode.h"

#include <gio/gio.h>
#include <zbar.h>

/* Lets a waiting source return early when the scanner stops. */
typedef struct
{
  GMutex lock;
  GCond changed;
  gboolean stopping;
} LkStopSignal;

/* TRUE when stopped before timeout_ms passed. */
gboolean lk_stop_signal_wait (LkStopSignal *stop, guint timeout_ms);

/* One picture for the camera preview: 8-bit grey, rows `stride` bytes apart. */
typedef struct
{
  GBytes *pixels; /* NULL: no picture (an unreadable file) */
  guint width, height, stride;
} LkFrame;

void lk_frame_clear (LkFrame *frame);

/* The preview never needs more than this; larger pictures are scaled down for it. */
#define LK_FRAME_PREVIEW_MAX_SIDE 640

typedef enum
{
  LK_FRAME_DECODED, /* *ret_symbols set (possibly empty), *ret_frame filled if it could be */
  LK_FRAME_IDLE,    /* nothing more will come (files shown); the worker just waits */
  LK_FRAME_FAILED,  /* the device failed; error set */
  LK_FRAME_STOPPED, /* the scanner is stopping */
} LkFrameResult;

typedef struct _LkFrameSource LkFrameSource;

typedef struct
{
  /* Opens the device (called at each start); FALSE + error when unavailable. */
  gboolean (*open) (LkFrameSource *source, GError **error);
  /* Waits for the next frame and decodes it; the frame's picture goes to *ret_frame. */
  LkFrameResult (*next) (LkFrameSource *source, LaysoQrDecoder *decoder, LkStopSignal *stop,
                         GPtrArray **ret_symbols, LkFrame *ret_frame, GError **error);
  void (*close) (LkFrameSource *source);
  void (*free) (LkFrameSource *source);
} LkFrameSourceOps;

struct _LkFrameSource
{
  const LkFrameSourceOps *ops;
};

/* Decodes one camera frame in whatever format the camera gave (GREY, YUYV, MJPG, ...): zbar
 * converts it to grey first. The frame stays the caller's. With ret_preview, the grey picture
 * is copied there too. */
GPtrArray *lk_frame_decode_zbar_image (LaysoQrDecoder *decoder, const zbar_image_t *frame,
                                       LkFrame *ret_preview);

/* Parses "v4l2:/dev/videoN" | "files:/a.png,/b.png" | "none". NULL + error for a bad spec. */
LkFrameSource *lk_frame_source_new (const char *spec, guint file_interval_ms, GError **error);
void lk_frame_source_free (LkFrameSource *source); /* NULL is fine */
