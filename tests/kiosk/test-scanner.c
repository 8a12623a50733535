/* LkScanner with a files source: what is emitted, in which order, on which thread; repeats
 * suppressed; garbage ignored; bad specs refused; a missing camera reported; preview frames
 * throttled, newest only, on the main context. Images are made at test time with the
 * project's own QR renderer. */
#include "lk-frame-source.h"
#include "lk-scanner.h"
#include "ticket-render.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

static const char CCCD_PAYLOAD[] =
    "012345678901||Nguyễn Văn Đức|01011990|Nam|Tổ 1, Phường Phổ Yên|15082021";

typedef struct
{
  char *dir;
  char *booking_png;   /* QR of "GCAD" */
  char *booking_again; /* the same QR, another file */
  char *cccd_png;
  char *garbage;
  GPtrArray *texts; /* what "scanned" delivered */
  GMainLoop *loop;
  guint wanted; /* quit the loop after this many texts */
  GThread *main_thread;
  GArray *frames; /* what "frame" delivered (Frame) */
} Fixture;

typedef struct
{
  guint width, height, stride;
  gsize len;
  guint8 first_pixel;
  gint64 time; /* monotonic, when delivered */
} Frame;

static char *
write_file (Fixture *f, const char *name, const void *data, gsize len)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_assert_true (g_file_set_contents (path, data, (gssize) len, NULL));
  return path;
}

static char *
write_qr (Fixture *f, const char *name, const char *text)
{
  g_autoptr (GBytes) png = layso_render_qr_png (text, strlen (text), 4);
  g_assert_nonnull (png);
  gsize len;
  const void *data = g_bytes_get_data (png, &len);
  return write_file (f, name, data, len);
}

static void
fixture_set_up (Fixture *f, gconstpointer unused)
{
  f->dir = g_dir_make_tmp ("layso-scanner-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->booking_png = write_qr (f, "booking.png", "GCAD");
  f->booking_again = write_qr (f, "booking-again.png", "GCAD");
  f->cccd_png = write_qr (f, "cccd.png", CCCD_PAYLOAD);
  static const char junk[] = "\x89PNG\r\n\x1a\nthis is not really a PNG at all";
  f->garbage = write_file (f, "garbage.png", junk, sizeof junk - 1);
  f->texts = g_ptr_array_new_with_free_func (g_free);
  f->loop = g_main_loop_new (NULL, FALSE);
  f->main_thread = g_thread_self ();
  f->frames = g_array_new (FALSE, TRUE, sizeof (Frame));
  f->wanted = G_MAXUINT;
}

static void
fixture_tear_down (Fixture *f, gconstpointer unused)
{
  const char *files[] = { f->booking_png, f->booking_again, f->cccd_png, f->garbage };
  for (size_t i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_unlink (files[i]);
      g_free ((char *) files[i]);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_ptr_array_unref (f->texts);
  g_main_loop_unref (f->loop);
  g_array_unref (f->frames);
}

static void
on_scanned (LkScanner *scanner, const char *text, Fixture *f)
{
  g_assert_true (g_thread_self () == f->main_thread);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_ptr_array_add (f->texts, g_strdup (text));
  if (f->texts->len >= f->wanted)
    g_main_loop_quit (f->loop);
}

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* Runs the loop for ms milliseconds or until something quits it. */
static void
run_for (GMainLoop *loop, guint ms)
{
  GSource *timeout = g_timeout_source_new (ms);
  g_source_set_callback (timeout, quit_loop, loop, NULL);
  g_source_attach (timeout, NULL);
  g_main_loop_run (loop);
  g_source_destroy (timeout);
  g_source_unref (timeout);
}

/* Runs the loop until `wanted` texts arrived (or the deadline), then `settle_ms` more so that
 * an extra, wrong emission would be seen. */
static void
run_until (Fixture *f, guint wanted, guint deadline_ms, guint settle_ms)
{
  f->wanted = wanted;
  if (f->texts->len < wanted)
    run_for (f->loop, deadline_ms);
  f->wanted = G_MAXUINT;
  if (settle_ms)
    run_for (f->loop, settle_ms);
}

/* Waits for the worker to have decoded n images (the path under test needs them decoded but
 * not yet delivered); a slow worker gets a generous 10 s, and never is a failure, not a pass. */
#define wait_decoded(scanner, n)                                                                   \
  do                                                                                               \
    {                                                                                              \
      if (!lk_scanner_wait_decoded ((scanner), (n), 10000))                                        \
        g_error ("%s:%d: the scanner did not decode %u image(s) within 10 s", __FILE__, __LINE__,  \
                 (guint) (n));                                                                     \
    }                                                                                              \
  while (0)

static LkScanner *
files_scanner (Fixture *f, guint interval_ms, const char *const *paths)
{
  g_autofree char *list = g_strjoinv (",", (char **) paths);
  g_autofree char *spec = g_strconcat ("files:", list, NULL);
  g_autoptr (GError) error = NULL;
  LkScanner *scanner = lk_scanner_new (spec, interval_ms, &error);
  g_assert_no_error (error);
  g_assert_nonnull (scanner);
  g_signal_connect (scanner, "scanned", G_CALLBACK (on_scanned), f);
  return scanner;
}

/* A QR held up again 100 ms later is the same citizen: one check-in, not two. */
static void
test_files_in_order_without_repeats (Fixture *f, gconstpointer unused)
{
  const char *paths[] = { f->booking_png, f->booking_again, f->cccd_png, NULL };
  g_autoptr (LkScanner) scanner = files_scanner (f, 100, paths);
  lk_scanner_start (scanner);
  run_until (f, 2, 5000, 400);
  g_assert_cmpuint (f->texts->len, ==, 2);
  g_assert_cmpstr (f->texts->pdata[0], ==, "GCAD");
  g_assert_cmpstr (f->texts->pdata[1], ==, CCCD_PAYLOAD);
  g_assert_true (lk_scanner_get_available (scanner));
  lk_scanner_stop (scanner);
}

/* After LK_SCANNER_REPEAT_SUPPRESS_MS without a sighting, the same text counts again. */
static void
test_repeat_after_quiet_period (Fixture *f, gconstpointer unused)
{
  const char *paths[] = { f->booking_png, f->booking_again, NULL };
  g_autoptr (LkScanner) scanner = files_scanner (f, LK_SCANNER_REPEAT_SUPPRESS_MS + 200, paths);
  lk_scanner_start (scanner);
  run_until (f, 2, 3 * LK_SCANNER_REPEAT_SUPPRESS_MS + 2000, 0);
  g_assert_cmpuint (f->texts->len, ==, 2);
  g_assert_cmpstr (f->texts->pdata[0], ==, "GCAD");
  g_assert_cmpstr (f->texts->pdata[1], ==, "GCAD");
}

static void
test_garbage_ignored (Fixture *f, gconstpointer unused)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.png", NULL);
  const char *paths[] = { f->garbage, missing, f->cccd_png, NULL };
  g_autoptr (LkScanner) scanner = files_scanner (f, 50, paths);
  lk_scanner_start (scanner);
  run_until (f, 1, 5000, 300);
  g_assert_cmpuint (f->texts->len, ==, 1);
  g_assert_cmpstr (f->texts->pdata[0], ==, CCCD_PAYLOAD);
}

static void
test_only_garbage (Fixture *f, gconstpointer unused)
{
  const char *paths[] = { f->garbage, NULL };
  g_autoptr (LkScanner) scanner = files_scanner (f, 20, paths);
  lk_scanner_start (scanner);
  run_until (f, 1, 400, 0);
  g_assert_cmpuint (f->texts->len, ==, 0);
}

/* stop() joins the worker and drops what it had not delivered; the files source keeps its
 * place, so a restart goes on with the next image. */
static void
test_stop_and_restart (Fixture *f, gconstpointer unused)
{
  const char *paths[] = { f->booking_png, f->cccd_png, NULL };
  g_autoptr (LkScanner) scanner = files_scanner (f, 300, paths);
  lk_scanner_start (scanner);
  lk_scanner_start (scanner); /* idempotent */
  run_until (f, 1, 3000, 0);
  g_assert_cmpuint (f->texts->len, ==, 1);
  lk_scanner_stop (scanner);
  lk_scanner_stop (scanner); /* idempotent */
  /* Nothing arrives while stopped. */
  run_until (f, 2, 600, 0);
  g_assert_cmpuint (f->texts->len, ==, 1);
  lk_scanner_start (scanner);
  run_until (f, 2, 3000, 200);
  g_assert_cmpuint (f->texts->len, ==, 2);
  g_assert_cmpstr (f->texts->pdata[0], ==, "GCAD");
  g_assert_cmpstr (f->texts->pdata[1], ==, CCCD_PAYLOAD);
}

/* A QR still held up when the scanner restarts (the kiosk going back to its home screen) is
 * not a new scan. */
static void
test_repeat_suppressed_across_restart (Fixture *f, gconstpointer unused)
{
  const char *paths[] = { f->booking_png, f->booking_again, f->cccd_png, NULL };
  g_autoptr (LkScanner) scanner = files_scanner (f, 300, paths);
  lk_scanner_start (scanner);
  run_until (f, 1, 3000, 0);
  lk_scanner_stop (scanner);
  lk_scanner_start (scanner);
  run_until (f, 2, 3000, 200);
  g_assert_cmpuint (f->texts->len, ==, 2);
  g_assert_cmpstr (f->texts->pdata[0], ==, "GCAD");
  g_assert_cmpstr (f->texts->pdata[1], ==, CCCD_PAYLOAD);
}

/* A text decoded but dropped by stop() was never reported: seen again after the restart, it
 * is reported then, not suppressed as a repeat. */
static void
test_dropped_text_not_suppressed (Fixture *f, gconstpointer unused)
{
  const char *paths[] = { f->booking_png, f->booking_again, NULL };
  g_autoptr (LkScanner) scanner = files_scanner (f, 150, paths);
  lk_scanner_start (scanner);
  wait_decoded (scanner, 1); /* the first image is decoded; its delivery waits for the loop */
  lk_scanner_stop (scanner);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (f->texts->len, ==, 0);
  lk_scanner_start (scanner);
  run_until (f, 1, 2000, 0);
  g_assert_cmpuint (f->texts->len, ==, 1);
  g_assert_cmpstr (f->texts->pdata[0], ==, "GCAD");
}

/* Dropping the last reference while the worker waits must stop it cleanly. */
static void
test_unref_while_running (Fixture *f, gconstpointer unused)
{
  const char *paths[] = { f->booking_png, NULL };
  LkScanner *scanner = files_scanner (f, 10, paths);
  lk_scanner_start (scanner);
  wait_decoded (scanner, 1); /* the worker decoded and queued a delivery */
  g_object_unref (scanner);
  /* The queued delivery finds no scanner and is dropped. */
  run_until (f, 1, 200, 0);
  g_assert_cmpuint (f->texts->len, ==, 0);
}

/* ---- preview frames ---- */

static void
on_frame (LkScanner *scanner, GBytes *pixels, guint width, guint height, guint stride, Fixture *f)
{
  g_assert_true (g_thread_self () == f->main_thread);
  Frame frame = { width, height, stride, g_bytes_get_size (pixels), 0, g_get_monotonic_time () };
  frame.first_pixel = ((const guint8 *) g_bytes_get_data (pixels, NULL))[0];
  g_array_append_val (f->frames, frame);
}

/* QR images of growing module size: each has its own width, which tells the frames apart. */
static GPtrArray *
qr_images (Fixture *f, guint n)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("frame-%u.png", i);
      g_autoptr (GBytes) png = layso_render_qr_png ("GCAD", 4, (int) i + 2);
      gsize len;
      const void *data = g_bytes_get_data (png, &len);
      g_ptr_array_add (paths, write_file (f, name, data, len));
    }
  g_ptr_array_add (paths, NULL);
  return paths;
}

static void
remove_images (GPtrArray *paths)
{
  for (guint i = 0; paths->pdata[i]; i++)
    g_unlink (paths->pdata[i]);
  g_ptr_array_unref (paths);
}

static int
png_width (const char *path)
{
  int width = 0;
  g_assert_nonnull (gdk_pixbuf_get_file_info (path, &width, NULL));
  return width;
}

/* Each image of a files source is a frame: grey, its own size, delivered on the main context
 * (a white quiet zone around the QR: the first pixel is white). */
static void
test_frames_show_each_image (Fixture *f, gconstpointer unused)
{
  GPtrArray *paths = qr_images (f, 2);
  g_autoptr (LkScanner) scanner = files_scanner (f, 300, (const char *const *) paths->pdata);
  g_signal_connect (scanner, "frame", G_CALLBACK (on_frame), f);
  lk_scanner_start (scanner);
  for (gint64 end = g_get_monotonic_time () + 5 * G_TIME_SPAN_SECOND;
       f->frames->len < 2 && g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, TRUE);
  run_for (f->loop, 200);
  g_assert_cmpuint (f->frames->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      Frame *frame = &g_array_index (f->frames, Frame, i);
      int width = png_width (paths->pdata[i]);
      g_assert_cmpuint (frame->width, ==, (guint) width);
      g_assert_cmpuint (frame->height, ==, (guint) width); /* a QR is square */
      g_assert_cmpuint (frame->stride, >=, frame->width);
      g_assert_cmpuint (frame->len, >=, (gsize) frame->stride * (frame->height - 1) + frame->width);
      g_assert_cmpuint (frame->first_pixel, ==, 255);
    }
  lk_scanner_stop (scanner);
  remove_images (paths);
}

/* Twelve images 10 ms apart: no more than 8 frames a second reach the main context, the gaps
 * are at least LK_SCANNER_FRAME_INTERVAL_MS, frames come in order, and the newest is the last
 * one shown (the ones in between were dropped, not queued). */
static void
test_frames_throttled (Fixture *f, gconstpointer unused)
{
  const guint n = 12;
  GPtrArray *paths = qr_images (f, n);
  g_autoptr (LkScanner) scanner = files_scanner (f, 10, (const char *const *) paths->pdata);
  g_signal_connect (scanner, "frame", G_CALLBACK (on_frame), f);
  lk_scanner_start (scanner);
  run_for (f->loop, 1500);
  /* the first image at once, the newest after the interval: at least two */
  g_assert_cmpuint (f->frames->len, >=, 2);
  g_assert_cmpuint (f->frames->len, <, n);
  int last_width = png_width (paths->pdata[n - 1]);
  g_assert_cmpuint (g_array_index (f->frames, Frame, f->frames->len - 1).width, ==,
                    (guint) last_width);
  for (guint i = 1; i < f->frames->len; i++)
    {
      Frame *before = &g_array_index (f->frames, Frame, i - 1),
            *frame = &g_array_index (f->frames, Frame, i);
      g_assert_cmpint (frame->time - before->time, >=, LK_SCANNER_FRAME_INTERVAL_MS * 1000);
      g_assert_cmpuint (frame->width, >, before->width);
    }
  lk_scanner_stop (scanner);
  remove_images (paths);
}

/* A main context too busy to take frames for a while gets one frame afterwards, the newest,
 * not a backlog. */
static void
test_frames_never_queue (Fixture *f, gconstpointer unused)
{
  const guint n = 6;
  GPtrArray *paths = qr_images (f, n);
  g_autoptr (LkScanner) scanner = files_scanner (f, 10, (const char *const *) paths->pdata);
  g_signal_connect (scanner, "frame", G_CALLBACK (on_frame), f);
  lk_scanner_start (scanner);
  wait_decoded (scanner, n); /* every image decoded while the main context is not running */
  run_for (f->loop, 600);
  g_assert_cmpuint (f->frames->len, ==, 1);
  g_assert_cmpuint (g_array_index (f->frames, Frame, 0).width, ==,
                    (guint) png_width (paths->pdata[n - 1]));
  lk_scanner_stop (scanner);
  remove_images (paths);
}

/* A frame decoded before stop() is not delivered after it. */
static void
test_frames_dropped_on_stop (Fixture *f, gconstpointer unused)
{
  const char *paths[] = { f->booking_png, NULL };
  g_autoptr (LkScanner) scanner = files_scanner (f, 10, paths);
  g_signal_connect (scanner, "frame", G_CALLBACK (on_frame), f);
  lk_scanner_start (scanner);
  wait_decoded (scanner, 1); /* the frame is decoded and scheduled */
  lk_scanner_stop (scanner);
  run_for (f->loop, 300);
  g_assert_cmpuint (f->frames->len, ==, 0);
}

/* Large camera frames are scaled down for the preview (never more than 640 a side), small ones
 * are copied as they are; either way the QR is still decoded at full size. */
static void
test_camera_preview_size (void)
{
  const struct
  {
    guint w, h, want_w, want_h;
  } sizes[] = {
    { 320, 240, 320, 240 },
    { 640, 480, 640, 480 },
    { 1280, 720, 640, 360 },
    { 1920, 1080, 640, 360 },
  };
  LaysoQrDecoder *decoder = layso_qr_decoder_new ();
  for (size_t i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      gsize len = (gsize) sizes[i].w * sizes[i].h;
      guint8 *grey = g_malloc (len);
      for (gsize k = 0; k < len; k++)
        grey[k] = (guint8) (k % sizes[i].w < sizes[i].w / 2 ? 10 : 200);
      zbar_image_t *image = zbar_image_create ();
      zbar_image_set_format (image, zbar_fourcc ('G', 'R', 'E', 'Y'));
      zbar_image_set_size (image, sizes[i].w, sizes[i].h);
      zbar_image_set_data (image, grey, len, NULL);
      LkFrame preview = { 0 };
      g_autoptr (GPtrArray) symbols = lk_frame_decode_zbar_image (decoder, image, &preview);
      zbar_image_destroy (image);
      g_assert_nonnull (preview.pixels);
      g_assert_cmpuint (preview.width, ==, sizes[i].want_w);
      g_assert_cmpuint (preview.height, ==, sizes[i].want_h);
      g_assert_cmpuint (g_bytes_get_size (preview.pixels), >=,
                        (gsize) preview.stride * preview.height);
      const guint8 *px = g_bytes_get_data (preview.pixels, NULL);
      g_assert_cmpuint (px[0], ==, 10);
      g_assert_cmpuint (px[preview.width - 1], ==, 200);
      lk_frame_clear (&preview);
      g_free (grey);
    }
  layso_qr_decoder_free (decoder);
}

static void
test_bad_specs (void)
{
  const char *bad[] = { "",
                        "bogus",
                        "files:",
                        "files:relative.png",
                        "files:/a.png,",
                        "v4l2:",
                        "v4l2:video0",
                        "FILES:/a.png",
                        "none ",
                        NULL };
  for (size_t i = 0; bad[i]; i++)
    {
      g_autoptr (GError) error = NULL;
      LkScanner *scanner = lk_scanner_new (bad[i], 100, &error);
      g_assert_null (scanner);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
  g_autoptr (GError) error = NULL;
  g_assert_null (lk_scanner_new (NULL, 100, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  g_autoptr (LkScanner) none = lk_scanner_new ("none", 100, NULL);
  g_assert_nonnull (none);
  lk_scanner_start (none);
  lk_scanner_stop (none);
}

static void
on_notify_available (GObject *object, GParamSpec *pspec, GMainLoop *loop)
{
  g_main_loop_quit (loop);
}

/* No camera on this machine: a v4l2 source reports itself unavailable, quietly, whether the
 * device is missing or is not a camera. */
static void
check_camera_unavailable (Fixture *f, const char *device)
{
  g_autofree char *spec = g_strconcat ("v4l2:", device, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (LkScanner) scanner = lk_scanner_new (spec, 0, &error);
  g_assert_no_error (error);
  g_signal_connect (scanner, "scanned", G_CALLBACK (on_scanned), f);
  g_signal_connect (scanner, "notify::available", G_CALLBACK (on_notify_available), f->loop);
  g_assert_true (lk_scanner_get_available (scanner));
  g_assert_null (lk_scanner_get_failure (scanner));
  lk_scanner_start (scanner);
  run_for (f->loop, 5000);
  g_assert_false (lk_scanner_get_available (scanner));
  g_assert_nonnull (strstr (lk_scanner_get_failure (scanner), device));
  gboolean available = TRUE;
  g_object_get (scanner, "available", &available, NULL);
  g_assert_false (available);
  lk_scanner_stop (scanner);
  g_assert_cmpuint (f->texts->len, ==, 0);
}

static void
test_camera_unavailable (Fixture *f, gconstpointer unused)
{
  check_camera_unavailable (f, "/dev/video-layso-missing");
  check_camera_unavailable (f, "/dev/null");
}

/* The camera path's frame conversion, fed frames as a webcam sends them: GREY, and YUYV
 * (4:2:2, luma interleaved with chroma), the format most USB cameras default to. */
static void
test_camera_frame_formats (void)
{
  g_autoptr (GBytes) png = layso_render_qr_png (CCCD_PAYLOAD, strlen (CCCD_PAYLOAD), 3);
  GdkPixbufLoader *loader = gdk_pixbuf_loader_new ();
  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, png, NULL));
  g_assert_true (gdk_pixbuf_loader_close (loader, NULL));
  GdkPixbuf *pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  /* YUYV needs an even width. */
  int w = gdk_pixbuf_get_width (pixbuf) & ~1, h = gdk_pixbuf_get_height (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf), rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *px = gdk_pixbuf_read_pixels (pixbuf);

  guint8 *grey = g_malloc ((size_t) w * h);
  guint8 *yuyv = g_malloc ((size_t) w * h * 2);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint8 luma = px[y * rowstride + x * channels];
        grey[y * w + x] = luma;
        yuyv[(y * w + x) * 2] = luma;
        yuyv[(y * w + x) * 2 + 1] = 128; /* no colour */
      }
  g_object_unref (loader);

  struct
  {
    unsigned long fourcc;
    guint8 *data;
    size_t len;
  } frames[] = {
    { zbar_fourcc ('G', 'R', 'E', 'Y'), grey, (size_t) w * h },
    { zbar_fourcc ('Y', 'U', 'Y', 'V'), yuyv, (size_t) w * h * 2 },
  };
  LaysoQrDecoder *decoder = layso_qr_decoder_new ();
  for (size_t i = 0; i < G_N_ELEMENTS (frames); i++)
    {
      zbar_image_t *frame = zbar_image_create ();
      zbar_image_set_format (frame, frames[i].fourcc);
      zbar_image_set_size (frame, (unsigned) w, (unsigned) h);
      zbar_image_set_data (frame, frames[i].data, frames[i].len, NULL);
      g_autoptr (GPtrArray) symbols = lk_frame_decode_zbar_image (decoder, frame, NULL);
      zbar_image_destroy (frame);
      g_assert_cmpuint (symbols->len, ==, 1);
      LaysoSymbol *symbol = symbols->pdata[0];
      g_assert_cmpstr (symbol->data, ==, CCCD_PAYLOAD);
    }
  layso_qr_decoder_free (decoder);
  g_free (grey);
  g_free (yuyv);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ADD ("/layso/kiosk/scanner/files-in-order-without-repeats", test_files_in_order_without_repeats);
  ADD ("/layso/kiosk/scanner/repeat-after-quiet-period", test_repeat_after_quiet_period);
  ADD ("/layso/kiosk/scanner/garbage-ignored", test_garbage_ignored);
  ADD ("/layso/kiosk/scanner/only-garbage", test_only_garbage);
  ADD ("/layso/kiosk/scanner/stop-and-restart", test_stop_and_restart);
  ADD ("/layso/kiosk/scanner/repeat-suppressed-across-restart",
       test_repeat_suppressed_across_restart);
  ADD ("/layso/kiosk/scanner/dropped-text-not-suppressed", test_dropped_text_not_suppressed);
  ADD ("/layso/kiosk/scanner/unref-while-running", test_unref_while_running);
  ADD ("/layso/kiosk/scanner/camera-unavailable", test_camera_unavailable);
  ADD ("/layso/kiosk/scanner/frames-show-each-image", test_frames_show_each_image);
  ADD ("/layso/kiosk/scanner/frames-throttled", test_frames_throttled);
  ADD ("/layso/kiosk/scanner/frames-never-queue", test_frames_never_queue);
  ADD ("/layso/kiosk/scanner/frames-dropped-on-stop", test_frames_dropped_on_stop);
  g_test_add_func ("/layso/kiosk/scanner/camera-preview-size", test_camera_preview_size);
  g_test_add_func ("/layso/kiosk/scanner/bad-specs", test_bad_specs);
  g_test_add_func ("/layso/kiosk/scanner/camera-frame-formats", test_camera_frame_formats);
  return g_test_run ();
}
