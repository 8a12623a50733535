/* The frame sources. The camera goes through zbar's own V4L2 layer (zbar_video_*), which
 * negotiates a format and converts to grey, so no GStreamer pipeline is needed. */
#include "lk-frame-source.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <poll.h>
#include <string.h>

#define FOURCC_Y800 zbar_fourcc ('Y', '8', '0', '0')
#define FOURCC_GREY zbar_fourcc ('G', 'R', 'E', 'Y')

gboolean
lk_stop_signal_wait (LkStopSignal *stop, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
  g_mutex_lock (&stop->lock);
  while (!stop->stopping)
    if (!g_cond_wait_until (&stop->changed, &stop->lock, deadline))
      break;
  gboolean stopping = stop->stopping;
  g_mutex_unlock (&stop->lock);
  return stopping;
}

static gboolean
stop_requested (LkStopSignal *stop)
{
  g_mutex_lock (&stop->lock);
  gboolean stopping = stop->stopping;
  g_mutex_unlock (&stop->lock);
  return stopping;
}

/* ---- preview pictures ---- */

void
lk_frame_clear (LkFrame *frame)
{
  g_clear_pointer (&frame->pixels, g_bytes_unref);
  frame->width = frame->height = frame->stride = 0;
}

/* Copies a grey picture for the preview, every n-th pixel of every n-th row so that neither
 * side exceeds LK_FRAME_PREVIEW_MAX_SIDE (a 1080p camera costs no more than a VGA one). */
static void
preview_from_grey (const guint8 *pixels, guint width, guint height, guint stride,
                   LkFrame *ret_frame)
{
  guint step = (MAX (width, height) + LK_FRAME_PREVIEW_MAX_SIDE - 1) / LK_FRAME_PREVIEW_MAX_SIDE;
  step = MAX (step, 1);
  guint w = width / step, h = height / step;
  if (w == 0 || h == 0)
    return;
  guint8 *copy = g_malloc ((gsize) w * h);
  for (guint y = 0; y < h; y++)
    {
      const guint8 *row = pixels + (gsize) y * step * stride;
      for (guint x = 0; x < w; x++)
        copy[(gsize) y * w + x] = row[(gsize) x * step];
    }
  lk_frame_clear (ret_frame);
  ret_frame->pixels = g_bytes_new_take (copy, (gsize) w * h);
  ret_frame->width = w;
  ret_frame->height = h;
  ret_frame->stride = w;
}

/* An image file as the camera would have seen it: grey, at most LK_FRAME_PREVIEW_MAX_SIDE. */
static void
preview_from_image (const char *data, gsize len, LkFrame *ret_frame)
{
  GdkPixbufLoader *loader = gdk_pixbuf_loader_new ();
  GdkPixbuf *pixbuf = NULL;
  /* A failed write closes the loader itself. */
  if (gdk_pixbuf_loader_write (loader, (const guchar *) data, len, NULL) &&
      gdk_pixbuf_loader_close (loader, NULL))
    pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf && gdk_pixbuf_get_bits_per_sample (pixbuf) == 8 &&
      gdk_pixbuf_get_n_channels (pixbuf) >= 3)
    {
      int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);
      int channels = gdk_pixbuf_get_n_channels (pixbuf),
          rowstride = gdk_pixbuf_get_rowstride (pixbuf);
      const guint8 *rgb = gdk_pixbuf_read_pixels (pixbuf);
      guint8 *grey = g_malloc ((gsize) width * height);
      for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
          {
            const guint8 *p = rgb + (gsize) y * rowstride + (gsize) x * channels;
            /* Rec. 601 luma, as a grey camera would give. */
            grey[(gsize) y * width + x] = (guint8) ((299 * p[0] + 587 * p[1] + 114 * p[2]) / 1000);
          }
      preview_from_grey (grey, (guint) width, (guint) height, (guint) width, ret_frame);
      g_free (grey);
    }
  g_object_unref (loader);
}

/* ---- none: a kiosk without a camera ---- */

static gboolean
none_open (LkFrameSource *source, GError **error)
{
  return TRUE;
}

static LkFrameResult
none_next (LkFrameSource *source, LaysoQrDecoder *decoder, LkStopSignal *stop,
           GPtrArray **ret_symbols, LkFrame *ret_frame, GError **error)
{
  return LK_FRAME_IDLE;
}

static void
none_close (LkFrameSource *source)
{
}
static void
none_free (LkFrameSource *source)
{
  g_free (source);
}

static const LkFrameSourceOps none_ops = { none_open, none_next, none_close, none_free };

/* ---- files: each image once, in order, interval_ms apart, each also the preview ---- */

typedef struct
{
  LkFrameSource parent;
  char **paths;
  guint next_index;
  guint interval_ms;
} FilesSource;

static LkFrameResult
files_next (LkFrameSource *source, LaysoQrDecoder *decoder, LkStopSignal *stop,
            GPtrArray **ret_symbols, LkFrame *ret_frame, GError **error)
{
  FilesSource *self = (FilesSource *) source;
  if (!self->paths[self->next_index])
    return LK_FRAME_IDLE;
  if (lk_stop_signal_wait (stop, self->interval_ms))
    return LK_FRAME_STOPPED;

  const char *path = self->paths[self->next_index++];
  char *data = NULL;
  gsize len = 0;
  GPtrArray *symbols = NULL;
  /* A missing or unreadable image is a frame with nothing in it, as a blurred one would be. */
  if (!g_file_get_contents (path, &data, &len, NULL) ||
      layso_qr_decode_image (decoder, data, len, &symbols) < 0)
    symbols = g_ptr_array_new ();
  else
    preview_from_image (data, len, ret_frame);
  g_free (data);
  *ret_symbols = symbols;
  return LK_FRAME_DECODED;
}

static void
files_free (LkFrameSource *source)
{
  FilesSource *self = (FilesSource *) source;
  g_strfreev (self->paths);
  g_free (self);
}

static const LkFrameSourceOps files_ops = { none_open, files_next, none_close, files_free };

/* ---- v4l2: a camera through zbar's video layer ---- */

GPtrArray *
lk_frame_decode_zbar_image (LaysoQrDecoder *decoder, const zbar_image_t *frame,
                            LkFrame *ret_preview)
{
  zbar_image_t *gray = zbar_image_convert (frame, FOURCC_Y800);
  if (!gray)
    return g_ptr_array_new ();
  int width = (int) zbar_image_get_width (gray), height = (int) zbar_image_get_height (gray);
  GPtrArray *symbols = NULL;
  /* A converter that produced less than a full frame gives nothing, not an overread. */
  if (zbar_image_get_data_length (gray) >= (unsigned long) width * (unsigned long) height)
    {
      symbols = layso_qr_decode_gray (decoder, zbar_image_get_data (gray), width, height, width);
      if (ret_preview)
        preview_from_grey (zbar_image_get_data (gray), (guint) width, (guint) height, (guint) width,
                           ret_preview);
    }
  else
    symbols = g_ptr_array_new ();
  zbar_image_destroy (gray);
  return symbols;
}

typedef struct
{
  LkFrameSource parent;
  char *device;
  zbar_video_t *video;
} V4l2Source;

static gboolean
v4l2_open (LkFrameSource *source, GError **error)
{
  V4l2Source *self = (V4l2Source *) source;
  self->video = zbar_video_create ();
  /* Grey straight from the camera when it can; otherwise zbar picks a format it converts. */
  if (zbar_video_open (self->video, self->device) < 0 ||
      (zbar_video_init (self->video, FOURCC_GREY) < 0 &&
       zbar_video_init (self->video, FOURCC_Y800) < 0 &&
       zbar_negotiate_format (self->video, NULL) < 0) ||
      zbar_video_enable (self->video, 1) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "camera %s unavailable: %s",
                   self->device, zbar_video_error_string (self->video, 0));
      zbar_video_destroy (self->video);
      self->video = NULL;
      return FALSE;
    }
  return TRUE;
}

/* zbar_video_next_image() blocks until a frame comes: wait on the device in short polls so a
 * stop is seen within POLL_MS, and a camera that streams nothing counts as failed. */
#define POLL_MS  100
#define STALL_MS 5000

static LkFrameResult
v4l2_next (LkFrameSource *source, LaysoQrDecoder *decoder, LkStopSignal *stop,
           GPtrArray **ret_symbols, LkFrame *ret_frame, GError **error)
{
  V4l2Source *self = (V4l2Source *) source;
  int fd = zbar_video_get_fd (self->video);
  for (int waited = 0;; waited += POLL_MS)
    {
      if (stop_requested (stop))
        return LK_FRAME_STOPPED;
      if (fd < 0)
        break; /* no fd to wait on (not V4L2): fall back to the blocking call */
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      int ready = poll (&pfd, 1, POLL_MS);
      if (ready > 0 && (pfd.revents & (POLLERR | POLLHUP | POLLNVAL)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "camera %s disconnected",
                       self->device);
          return LK_FRAME_FAILED;
        }
      if (ready > 0)
        break;
      if (waited >= STALL_MS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "camera %s sends no frames",
                       self->device);
          return LK_FRAME_FAILED;
        }
    }
  zbar_image_t *frame = zbar_video_next_image (self->video);
  if (!frame)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "camera %s stopped: %s", self->device,
                   zbar_video_error_string (self->video, 0));
      return LK_FRAME_FAILED;
    }
  *ret_symbols = lk_frame_decode_zbar_image (decoder, frame, ret_frame);
  zbar_image_destroy (frame);
  return LK_FRAME_DECODED;
}

static void
v4l2_close (LkFrameSource *source)
{
  V4l2Source *self = (V4l2Source *) source;
  if (!self->video)
    return;
  zbar_video_enable (self->video, 0);
  zbar_video_destroy (self->video);
  self->video = NULL;
}

static void
v4l2_free (LkFrameSource *source)
{
  V4l2Source *self = (V4l2Source *) source;
  v4l2_close (source);
  g_free (self->device);
  g_free (self);
}

static const LkFrameSourceOps v4l2_ops = { v4l2_open, v4l2_next, v4l2_close, v4l2_free };

/* ---- spec parsing ---- */

static LkFrameSource *
files_new (const char *list, guint interval_ms, GError **error)
{
  g_auto (GStrv) paths = g_strsplit (list, ",", -1);
  guint n = g_strv_length (paths);
  if (n == 0)
    goto bad;
  for (guint i = 0; i < n; i++)
    {
      g_strstrip (paths[i]);
      if (!g_path_is_absolute (paths[i]))
        goto bad;
    }
  FilesSource *self = g_new0 (FilesSource, 1);
  self->parent.ops = &files_ops;
  self->paths = g_steal_pointer (&paths);
  self->interval_ms = interval_ms;
  return &self->parent;
bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "camera source: files: needs a comma-separated list of absolute paths");
  return NULL;
}

LkFrameSource *
lk_frame_source_new (const char *spec, guint file_interval_ms, GError **error)
{
  if (spec && strcmp (spec, "none") == 0)
    {
      LkFrameSource *self = g_new0 (LkFrameSource, 1);
      self->ops = &none_ops;
      return self;
    }
  if (spec && g_str_has_prefix (spec, "files:"))
    return files_new (spec + strlen ("files:"), file_interval_ms, error);
  if (spec && g_str_has_prefix (spec, "v4l2:") && g_str_has_prefix (spec + 5, "/dev/"))
    {
      V4l2Source *self = g_new0 (V4l2Source, 1);
      self->parent.ops = &v4l2_ops;
      self->device = g_strdup (spec + strlen ("v4l2:"));
      return &self->parent;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "camera source \"%s\": expected v4l2:/dev/videoN, files:/a.png,... or none",
               spec ? spec : "(null)");
  return NULL;
}

void
lk_frame_source_free (LkFrameSource *source)
{
  if (source)
    source->ops->free (source);
}
