/* The kiosk's screens on their own (no server, no devices): what each shows and which signals
 * a tap, a key or a countdown gives. Needs a display: run under xvfb-run (ctest does). */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <string.h>

#include "codes.h"

#include "lk-home-page.h"
#include "lk-message-page.h"
#include "lk-result-page.h"
#include "lk-verify-page.h"
#include "lk-wire.h"

/* ---- widget tree helpers ---- */

static gboolean
shown (GtkWidget *widget)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_visible (w))
      return FALSE;
  return TRUE;
}

/* The first widget of `type` whose text (label, button label or editable text) is `text`,
 * or the first of that type when text is NULL. */
static GtkWidget *
find (GtkWidget *root, GType type, const char *text)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    {
      const char *t = NULL;
      if (GTK_IS_LABEL (root))
        t = gtk_label_get_text (GTK_LABEL (root));
      else if (GTK_IS_BUTTON (root))
        t = gtk_button_get_label (GTK_BUTTON (root));
      if (text == NULL || g_strcmp0 (t, text) == 0)
        return root;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find (c, type, text);
      if (found)
        return found;
    }
  return NULL;
}

/* True if some shown label of root contains text. */
static gboolean
shows (GtkWidget *root, const char *text)
{
  if (GTK_IS_LABEL (root) && shown (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text))
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    if (shows (c, text))
      return TRUE;
  return FALSE;
}

static GtkWidget *
own (gpointer widget)
{
  return g_object_ref_sink (widget);
}

/* The test's reference is the last one: the page is finalized with it (no leaked reference
 * from a signal, a timeout or a template child). */
static void
drop (gpointer page)
{
  gpointer weak = page;

  g_object_add_weak_pointer (G_OBJECT (page), &weak);
  g_object_unref (page);
  g_assert_null (weak);
}

/* ---- a page on screen: a window of the kiosk's size, drawn, read back by OCR ---- */

/* The panels a kiosk is sold with: portrait, landscape, and two smaller landscape ones. */
static const int kiosk_screens[][2] = {
  { 1080, 1920 }, { 1920, 1080 }, { 1280, 720 }, { 1366, 768 }
};

/* As lk-application.c decides it: smaller type when the shorter side is under 1000 px. */
static gboolean
compact_screen (int width, int height)
{
  return MIN (width, height) < 1000;
}

static GtkWidget *
kiosk_window (GtkWidget *page, int width, int height, gboolean landscape)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_widget_set_size_request (window, width, -1); /* as lk-application.c does */
  gtk_widget_add_css_class (window, "kiosk-window");
  if (landscape)
    gtk_widget_add_css_class (window, "landscape");
  if (compact_screen (width, height))
    gtk_widget_add_css_class (window, "compact");
  /* The unit's header above the page, as lk-window.ui has it: its height counts. */
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *unit = gtk_label_new ("Phường Phổ Yên");
  gtk_widget_add_css_class (header, "unit-header");
  gtk_widget_add_css_class (unit, "unit-name");
  gtk_widget_set_hexpand (unit, TRUE);
  gtk_box_append (GTK_BOX (header), unit);
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* Lets the window take its size and draw a few frames. A page whose minimum height is more
 * than the screen's makes the window taller than asked: on the kiosk's fullscreen window its
 * bottom would be cut off, so that fails here. */
static void
settle (GtkWidget *window, int width, int height)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_TIME_SPAN_SECOND;

  while (g_get_monotonic_time () < deadline &&
         (gtk_widget_get_width (window) != width || gtk_widget_get_height (window) != height))
    g_main_context_iteration (NULL, FALSE), g_usleep (5000);
  g_assert_cmpint (gtk_widget_get_width (window), ==, width);
  g_assert_cmpint (gtk_widget_get_height (window), ==, height);
  for (int i = 0; i < 40; i++)
    g_main_context_iteration (NULL, FALSE), g_usleep (5000);
}

/* What tesseract (-l vie) reads on a widget (the window, or one button) as drawn, blocks and
 * sparse text, one line. */
static char *
ocr_widget (GtkWidget *widget)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  g_autoptr (GskRenderNode) node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  g_autoptr (GdkTexture) texture =
      gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                   &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_autofree char *dir = g_dir_make_tmp ("layso-pages-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "page.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, png));

  GString *text = g_string_new (NULL);
  const char *modes[] = { "3", "11" };
  for (gsize i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      const char *argv[] = { "tesseract", png, "-", "-l", "vie", "--psm", modes[i], NULL };
      g_autofree char *out = NULL;
      int status = 0;
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                                   G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                   &out, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_string_append_printf (text, "%s ", out);
    }
  g_unlink (png);
  g_rmdir (dir);
  g_strdelimit (text->str, "\n", ' ');
  return g_string_free (text, FALSE);
}

static void
assert_ocr (const char *ocr, const char *text, gboolean expected)
{
  if ((strstr (ocr, text) != NULL) != expected)
    g_error ("OCR of the screen %s '%s': %s", expected ? "lacks" : "shows", text, ocr);
}

static void
count_signal (gpointer instance, int *count)
{
  (*count)++;
}

static void
run_until (gboolean *flag, guint limit_ms)
{
  gint64 deadline = g_get_monotonic_time () + limit_ms * G_TIME_SPAN_MILLISECOND;
  while (!*flag && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (5000);
}

static void
set_flag (gpointer instance, gboolean *flag)
{
  *flag = TRUE;
}

/* ---- verify ---- */

typedef struct
{
  int count;
  char *text;
} Submits;

static void
on_submit (LkVerifyPage *page, const char *text, Submits *s)
{
  s->count++;
  g_free (s->text);
  s->text = g_strdup (text);
}

static void
test_verify_submit_once (void)
{
  GtkWidget *page = own (g_object_new (LK_TYPE_VERIFY_PAGE, NULL));
  GtkWidget *entry = find (page, GTK_TYPE_ENTRY, NULL);
  Submits s = { 0 };

  g_signal_connect (page, "submit", G_CALLBACK (on_submit), &s);
  g_assert_nonnull (find (page, GTK_TYPE_LABEL, "Xác thực mã đặt chỗ"));
  g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (entry)), ==,
                   "Số CCCD hoặc mã đặt chỗ");

  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpint (s.count, ==, 0); /* nothing typed: nothing sent */

  lk_verify_page_append_text (LK_VERIFY_PAGE (page), "gcad");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "GCAD");
  g_signal_emit_by_name (find (page, GTK_TYPE_BUTTON, "Xác thực cấp số thứ tự"), "clicked");
  g_assert_cmpint (s.count, ==, 1);
  g_assert_cmpstr (s.text, ==, "GCAD");

  /* While the window's request runs: "Đang xử lý...", and a second tap or Enter is ignored. */
  lk_verify_page_set_busy (LK_VERIFY_PAGE (page), TRUE);
  GtkWidget *busy = find (page, GTK_TYPE_BUTTON, "Đang xử lý...");
  g_assert_nonnull (busy);
  g_assert_false (gtk_widget_get_sensitive (busy));
  g_signal_emit_by_name (busy, "clicked");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpint (s.count, ==, 1);

  lk_verify_page_set_busy (LK_VERIFY_PAGE (page), FALSE);
  g_assert_nonnull (find (page, GTK_TYPE_BUTTON, "Xác thực cấp số thứ tự"));
  g_free (s.text);
  drop (page);
}

static void
assert_key_at (GtkWidget *page, const char *key, GtkWidget *grid, int column, int row)
{
  GtkWidget *button = find (page, GTK_TYPE_BUTTON, key);
  int c, r;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_parent (button) == grid);
  gtk_grid_query_child (GTK_GRID (grid), button, &c, &r, NULL, NULL);
  if (c != column || r != row)
    g_error ("key '%s' at column %d row %d, expected %d %d", key, c, r, column, row);
}

/* A phone's 3×4 digit block; beside it (to its right) the code alphabet's letters in order. */
static void
test_verify_keypad_layout (void)
{
  GtkWidget *page = own (g_object_new (LK_TYPE_VERIFY_PAGE, NULL));
  GtkWidget *digits = gtk_widget_get_parent (find (page, GTK_TYPE_BUTTON, "1"));
  GtkWidget *letters = gtk_widget_get_parent (find (page, GTK_TYPE_BUTTON, "A"));
  const char *phone[4][3] = {
    { "1", "2", "3" }, { "4", "5", "6" }, { "7", "8", "9" }, { "⌫", "0", "Xóa" }
  };
  int n = 0, keys = 0;

  for (int row = 0; row < 4; row++)
    for (int column = 0; column < 3; column++)
      assert_key_at (page, phone[row][column], digits, column, row);
  for (GtkWidget *c = gtk_widget_get_first_child (digits); c; c = gtk_widget_get_next_sibling (c))
    keys++;
  g_assert_cmpint (keys, ==, 12);

  g_assert_true (digits != letters);
  g_assert_true (gtk_widget_get_parent (digits) == gtk_widget_get_parent (letters));
  g_assert_true (gtk_widget_get_next_sibling (digits) == letters);
  g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (gtk_widget_get_parent (digits))),
                   ==, GTK_ORIENTATION_HORIZONTAL);
  for (const char *c = LAYSO_CODE_ALPHABET; *c; c++)
    {
      char key[2] = { *c, '\0' };
      if (g_ascii_isdigit (*c))
        continue;
      assert_key_at (page, key, letters, n % 6, n / 6);
      n++;
    }
  keys = 0;
  for (GtkWidget *c = gtk_widget_get_first_child (letters); c; c = gtk_widget_get_next_sibling (c))
    keys++;
  g_assert_cmpint (keys, ==, n);
  g_assert_cmpint (n, ==, 23);
  drop (page);
}

static void
test_verify_keypad (void)
{
  GtkWidget *page = own (g_object_new (LK_TYPE_VERIFY_PAGE, NULL));
  GtkWidget *entry = find (page, GTK_TYPE_ENTRY, NULL);

  /* no 0/O, 1/I/L ambiguity in codes: O, I and L have no key */
  g_assert_null (find (page, GTK_TYPE_BUTTON, "O"));
  g_assert_null (find (page, GTK_TYPE_BUTTON, "I"));
  g_assert_null (find (page, GTK_TYPE_BUTTON, "L"));
  for (const char *k = "G2A9"; *k; k++)
    {
      char key[2] = { *k, '\0' };
      g_signal_emit_by_name (find (page, GTK_TYPE_BUTTON, key), "clicked");
    }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "G2A9");
  g_signal_emit_by_name (find (page, GTK_TYPE_BUTTON, "⌫"), "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "G2A");

  lk_verify_page_set_busy (LK_VERIFY_PAGE (page), TRUE);
  g_signal_emit_by_name (find (page, GTK_TYPE_BUTTON, "7"), "clicked");
  g_signal_emit_by_name (find (page, GTK_TYPE_BUTTON, "Xóa"), "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "G2A");
  lk_verify_page_set_busy (LK_VERIFY_PAGE (page), FALSE);
  g_signal_emit_by_name (find (page, GTK_TYPE_BUTTON, "Xóa"), "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");

  drop (page);
}

/* A refused attempt: the reason on the verify screen, the input kept and selected; a key
 * replaces it, ⌫ clears it; the reason goes with the next change or attempt. */
static void
test_verify_error (void)
{
  GtkWidget *page = own (g_object_new (LK_TYPE_VERIFY_PAGE, NULL));
  GtkWidget *entry = find (page, GTK_TYPE_ENTRY, NULL);
  GtkWidget *window = kiosk_window (page, 1080, 1920, FALSE);
  int start = -1, end = -1;

  settle (window, 1080, 1920);
  g_assert_false (shows (page, "Không xác thực được"));
  lk_verify_page_set_text (LK_VERIFY_PAGE (page), "GCAB");
  lk_verify_page_show_error (LK_VERIFY_PAGE (page), "Không xác thực được",
                             "Mã đặt chỗ không hợp lệ hoặc đã được sử dụng");
  g_assert_true (shows (page, "Không xác thực được"));
  g_assert_true (shows (page, "Mã đặt chỗ không hợp lệ hoặc đã được sử dụng"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "GCAB");
  g_assert_true (gtk_editable_get_selection_bounds (GTK_EDITABLE (entry), &start, &end));
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, 4);
  g_assert_true (gtk_widget_has_focus (gtk_widget_get_first_child (entry)) ||
                 gtk_widget_has_focus (entry));
  settle (window, 1080, 1920);
  g_autofree char *ocr = ocr_widget (window);
  assert_ocr (ocr, "Không xác thực được", TRUE);
  assert_ocr (ocr, "Mã đặt chỗ không hợp lệ hoặc đã được sử dụng", TRUE);

  /* a key replaces the selected input */
  g_signal_emit_by_name (find (page, GTK_TYPE_BUTTON, "7"), "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "7");
  g_assert_false (shows (page, "Không xác thực được"));
  g_signal_emit_by_name (find (page, GTK_TYPE_BUTTON, "8"), "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "78");

  /* ⌫ on the selection clears it */
  lk_verify_page_show_error (LK_VERIFY_PAGE (page), "Chưa đến giờ xác thực",
                             "Chưa đến giờ check-in");
  g_signal_emit_by_name (find (page, GTK_TYPE_BUTTON, "⌫"), "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");

  /* a new attempt hides the old reason */
  lk_verify_page_set_text (LK_VERIFY_PAGE (page), "GCAD");
  lk_verify_page_show_error (LK_VERIFY_PAGE (page), "Hệ thống đang bận",
                             "Hệ thống đang bận, vui lòng thử lại");
  g_assert_true (shows (page, "Hệ thống đang bận, vui lòng thử lại"));
  lk_verify_page_set_busy (LK_VERIFY_PAGE (page), TRUE);
  g_assert_false (shows (page, "Hệ thống đang bận, vui lòng thử lại"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "GCAD");

  g_object_ref (page);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (page);
  drop (page);
}

/* A grey test card: the left half dark (10), the right half light (200), `pad` bytes of 99
 * at the end of each row. */
static GBytes *
grey_card (guint width, guint height, guint pad)
{
  guint stride = width + pad;
  guint8 *px = g_malloc ((gsize) stride * height);

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < stride; x++)
      px[(gsize) y * stride + x] = x >= width ? 99 : x < width / 2 ? 10 : 200;
  return g_bytes_new_take (px, (gsize) stride * height);
}

static guint8
texture_red (GdkTexture *texture, int x, int y)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guint8 *data = g_malloc ((gsize) w * h * 4);

  gdk_texture_download (texture, data, (gsize) w * 4); /* B8G8R8A8 premultiplied (cairo) */
  return data[((gsize) y * w + x) * 4 + 2];
}

static int
natural_width (GtkWidget *widget)
{
  int natural = 0;
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

/* The live preview: a frame becomes the picture (its size, mirrored), the placeholder
 * otherwise; a camera that goes away takes its last frame with it. */
static void
test_verify_camera_preview (void)
{
  GtkWidget *page = own (g_object_new (LK_TYPE_VERIFY_PAGE, NULL));
  GtkWidget *picture = find (page, GTK_TYPE_PICTURE, NULL);
  GtkWidget *area = gtk_widget_get_parent (picture);
  g_autoptr (GBytes) card = grey_card (64, 48, 6);
  g_autoptr (GBytes) big = grey_card (640, 480, 0);

  g_assert_nonnull (picture);
  g_assert_true (shows (page, "Đưa mã QR vào trước camera"));
  g_assert_false (shows (page, "Camera không hoạt động"));
  g_assert_false (shown (picture));
  g_assert_null (gtk_picture_get_paintable (GTK_PICTURE (picture)));
  int empty_width = natural_width (area);
  g_assert_cmpint (empty_width, >=, 520); /* .camera-preview in kiosk.css */

  lk_verify_page_set_frame (LK_VERIFY_PAGE (page), card, 64, 48, 70);
  GdkPaintable *paintable = gtk_picture_get_paintable (GTK_PICTURE (picture));
  g_assert_true (GDK_IS_TEXTURE (paintable));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 64);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 48);
  g_assert_true (shown (picture));
  g_assert_false (shows (page, "Đưa mã QR vào trước camera"));
  /* mirrored: the light right half of the camera's picture is on the left of the screen */
  g_assert_cmpuint (texture_red (GDK_TEXTURE (paintable), 0, 0), ==, 200);
  g_assert_cmpuint (texture_red (GDK_TEXTURE (paintable), 63, 47), ==, 10);

  /* the camera's resolution never resizes the screen's camera area */
  lk_verify_page_set_frame (LK_VERIFY_PAGE (page), big, 640, 480, 640);
  g_assert_cmpint (
      gdk_paintable_get_intrinsic_width (gtk_picture_get_paintable (GTK_PICTURE (picture))), ==,
      640);
  g_assert_cmpint (natural_width (area), ==, empty_width);

  lk_verify_page_set_frame (LK_VERIFY_PAGE (page), NULL, 0, 0, 0);
  g_assert_null (gtk_picture_get_paintable (GTK_PICTURE (picture)));
  g_assert_false (shown (picture));
  g_assert_true (shows (page, "Đưa mã QR vào trước camera"));

  /* a buffer too short for the size it claims is no frame */
  lk_verify_page_set_frame (LK_VERIFY_PAGE (page), card, 64, 49, 70);
  g_assert_null (gtk_picture_get_paintable (GTK_PICTURE (picture)));
  lk_verify_page_set_frame (LK_VERIFY_PAGE (page), card, 71, 48, 70);
  g_assert_null (gtk_picture_get_paintable (GTK_PICTURE (picture)));
  g_assert_true (shows (page, "Đưa mã QR vào trước camera"));

  /* the camera goes away: one message, not "hold the QR to the camera" as well; then back */
  lk_verify_page_set_frame (LK_VERIFY_PAGE (page), card, 64, 48, 70);
  lk_verify_page_set_camera (LK_VERIFY_PAGE (page), FALSE);
  g_assert_null (gtk_picture_get_paintable (GTK_PICTURE (picture)));
  g_assert_false (shows (page, "Đưa mã QR vào trước camera"));
  g_assert_true (shows (page, "Camera không hoạt động — vui lòng nhập mã"));
  lk_verify_page_set_camera (LK_VERIFY_PAGE (page), TRUE);
  g_assert_false (shows (page, "Camera không hoạt động"));
  g_assert_true (shows (page, "Đưa mã QR vào trước camera"));
  drop (page);
}

/* No camera, as drawn: one of the two messages, never both. */
static void
test_verify_no_camera_ocr (void)
{
  GtkWidget *page = g_object_new (LK_TYPE_VERIFY_PAGE, NULL);
  GtkWidget *window = kiosk_window (page, 1080, 1920, FALSE);
  gpointer weak = page;

  g_object_add_weak_pointer (G_OBJECT (page), &weak);
  lk_verify_page_set_camera (LK_VERIFY_PAGE (page), FALSE);
  settle (window, 1080, 1920);
  g_autofree char *no_camera = ocr_widget (window);
  assert_ocr (no_camera, "Camera không hoạt động", TRUE);
  assert_ocr (no_camera, "vui lòng nhập mã", TRUE);
  assert_ocr (no_camera, "vào trước camera", FALSE);
  lk_verify_page_set_camera (LK_VERIFY_PAGE (page), TRUE);
  settle (window, 1080, 1920);
  g_autofree char *camera = ocr_widget (window);
  assert_ocr (camera, "vào trước camera", TRUE);
  assert_ocr (camera, "Camera không hoạt động", FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (weak);
}

/* The verify screen with a refused attempt's reason fits the screen in both orientations and
 * on the smaller panels: its last button is inside the window. */
static void
test_verify_error_fits (void)
{
  for (gsize s = 0; s < G_N_ELEMENTS (kiosk_screens); s++)
    {
      int width = kiosk_screens[s][0], height = kiosk_screens[s][1];
      gboolean landscape = width > height;
      GtkWidget *page = g_object_new (LK_TYPE_VERIFY_PAGE, NULL);
      gpointer weak = page;

      g_object_add_weak_pointer (G_OBJECT (page), &weak);
      lk_verify_page_set_landscape (LK_VERIFY_PAGE (page), landscape);
      GtkWidget *window = kiosk_window (page, width, height, landscape);
      lk_verify_page_set_text (LK_VERIFY_PAGE (page), "GCAB");
      lk_verify_page_show_error (LK_VERIFY_PAGE (page), "Chưa đến giờ xác thực",
                                 "Chưa đến giờ check-in: từ 13:30 đến 16:00 ngày 26/9/2025");
      settle (window, width, height);
      GtkWidget *back = find (page, GTK_TYPE_BUTTON, "Quay lại");
      graphene_rect_t r;
      g_assert_true (gtk_widget_compute_bounds (back, window, &r));
      g_assert_cmpfloat (r.origin.y + r.size.height, <=, height);
      gtk_window_destroy (GTK_WINDOW (window));
      g_assert_null (weak);
    }
}

/* ---- result ---- */

static LkTicket *
ticket (gboolean walk_in, const char *cccd)
{
  LkTicket *t = g_new0 (LkTicket, 1);
  t->id = g_strdup ("t-1");
  t->number = g_strdup (walk_in ? "B001" : "A1002");
  t->walk_in = walk_in;
  t->field_name = g_strdup (walk_in ? "Hộ tịch" : "Chứng thực");
  t->issued_at = g_strdup ("2025-09-26T07:12:05+07:00");
  t->waiting_before = 4;
  if (!walk_in)
    {
      t->booking_code = g_strdup ("GCAD");
      t->booking_name = g_strdup ("Nguyễn Văn An");
      t->booking_cccd = g_strdup (cccd);
    }
  return t;
}

static void
test_result_appointment (void)
{
  GtkWidget *page = own (g_object_new (LK_TYPE_RESULT_PAGE, NULL));
  g_autoptr (LkTicket) t = ticket (FALSE, "012345678901");

  lk_result_page_show_ticket (LK_RESULT_PAGE (page), t, 15);
  lk_result_page_set_print_status (LK_RESULT_PAGE (page), LK_PRINT_STATUS_PRINTING, NULL);
  for (const char *text =
           "Lấy số thành công!\nNguyễn Văn An\n********8901\nGCAD\nSỐ PHIẾU\nA1002\n"
           "Xin vui lòng chờ đến lượt gọi số thứ tự\nNgày giờ lấy phiếu: 26/09/2025 07:12\n"
           "Số người đang chờ trước quý khách: 4\nĐang in phiếu...\nThông tin quan trọng\n"
           "Vui lòng chờ đợi tại khu vực chờ. Số của bạn sẽ được gọi theo thứ tự trên màn hình "
           "hiển thị.";
       *text;)
    {
      const char *end = strchr (text, '\n');
      g_autofree char *one = end ? g_strndup (text, end - text) : g_strdup (text);
      if (!shows (page, one))
        g_error ("the result screen does not show '%s'", one);
      text = end ? end + 1 : text + strlen (text);
    }
  g_assert_false (shows (page, "012345678901")); /* never the whole CCCD on a public screen */
  g_assert_nonnull (find (page, GTK_TYPE_BUTTON, "+ Lấy số khác (15)"));

  lk_result_page_set_print_status (LK_RESULT_PAGE (page), LK_PRINT_STATUS_FAULT, "Máy in hết giấy");
  g_assert_true (shows (page, "Máy in đang gặp sự cố: Máy in hết giấy"));
  g_assert_true (shows (page, "hãy ghi nhớ số phiếu"));
  lk_result_page_set_print_status (LK_RESULT_PAGE (page), LK_PRINT_STATUS_PRINTED, NULL);
  g_assert_false (shows (page, "hãy ghi nhớ số phiếu"));

  /* A CCCD the server already masked (an older server's mask too) is shown with the last
   * 4 digits only; anything else not at all. */
  g_autoptr (LkTicket) masked = ticket (FALSE, "0123****8901");
  lk_result_page_show_ticket (LK_RESULT_PAGE (page), masked, 15);
  g_assert_true (shows (page, "********8901"));
  g_assert_false (shows (page, "0123****8901"));
  g_autoptr (LkTicket) odd = ticket (FALSE, "12345");
  lk_result_page_show_ticket (LK_RESULT_PAGE (page), odd, 15);
  g_assert_false (shows (page, "Số CCCD"));
  g_assert_false (shows (page, "12345"));
  lk_result_page_stop (LK_RESULT_PAGE (page));
  drop (page);
}

/* The guide's "Thông tin quan trọng" box, as drawn, in portrait and landscape; on the
 * smaller panels with the printer's fault as well (the tallest result), within the screen. */
static void
test_result_important_ocr (void)
{
  for (gsize s = 0; s < G_N_ELEMENTS (kiosk_screens); s++)
    {
      int width = kiosk_screens[s][0], height = kiosk_screens[s][1];
      gboolean landscape = width > height, compact = compact_screen (width, height);
      GtkWidget *page = g_object_new (LK_TYPE_RESULT_PAGE, NULL);
      g_autoptr (LkTicket) t = ticket (FALSE, "012345678901");
      gpointer weak = page;

      g_object_add_weak_pointer (G_OBJECT (page), &weak);
      lk_result_page_set_landscape (LK_RESULT_PAGE (page), landscape);
      lk_result_page_show_ticket (LK_RESULT_PAGE (page), t, 15);
      lk_result_page_set_print_status (LK_RESULT_PAGE (page),
                                       compact ? LK_PRINT_STATUS_FAULT : LK_PRINT_STATUS_PRINTED,
                                       "Máy in hết giấy");
      GtkWidget *window = kiosk_window (page, width, height, landscape);
      settle (window, width, height);
      g_autofree char *ocr = ocr_widget (window);
      assert_ocr (ocr, "A1002", TRUE);
      /* the box on its own: on the whole screen the OCR reads lines across the columns */
      GtkWidget *box = gtk_widget_get_parent (find (page, GTK_TYPE_LABEL, "Thông tin quan trọng"));
      g_autofree char *important = ocr_widget (box);
      assert_ocr (important, "Thông tin quan trọng", TRUE);
      assert_ocr (important, "Vui lòng chờ đợi tại khu vực chờ", TRUE);
      assert_ocr (important, "trên màn hình hiển thị", TRUE);
      lk_result_page_stop (LK_RESULT_PAGE (page));
      gtk_window_destroy (GTK_WINDOW (window));
      g_assert_null (weak);
    }
}

static void
test_result_walk_in (void)
{
  GtkWidget *page = own (g_object_new (LK_TYPE_RESULT_PAGE, NULL));
  g_autoptr (LkTicket) t = ticket (TRUE, NULL);

  lk_result_page_show_ticket (LK_RESULT_PAGE (page), t, 15);
  g_assert_true (shows (page, "B001"));
  g_assert_true (shows (page, "Hộ tịch"));
  g_assert_false (shows (page, "Họ và tên"));
  g_assert_false (shows (page, "MÃ ĐẶT CHỖ"));
  g_assert_false (shows (page, "Số CCCD"));
  lk_result_page_stop (LK_RESULT_PAGE (page));
  drop (page);
}

static void
test_result_countdown (void)
{
  GtkWidget *page = own (g_object_new (LK_TYPE_RESULT_PAGE, NULL));
  g_autoptr (LkTicket) t = ticket (FALSE, "012345678901");
  gboolean done = FALSE;
  int done_count = 0;

  g_signal_connect (page, "done", G_CALLBACK (set_flag), &done);
  g_signal_connect (page, "done", G_CALLBACK (count_signal), &done_count);
  lk_result_page_show_ticket (LK_RESULT_PAGE (page), t, 2);
  g_assert_nonnull (find (page, GTK_TYPE_BUTTON, "+ Lấy số khác (2)"));
  gint64 start = g_get_monotonic_time ();
  GtkWidget *button = find (page, GTK_TYPE_BUTTON, NULL);
  while (find (page, GTK_TYPE_BUTTON, "+ Lấy số khác (1)") == NULL && !done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (done);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);
  run_until (&done, 5000);
  g_assert_true (done);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1900 * 1000);

  /* Pressed: home at once, and the countdown does not fire a second "done" later. */
  done = FALSE;
  lk_result_page_show_ticket (LK_RESULT_PAGE (page), t, 1);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (done);
  done = FALSE;
  run_until (&done, 1500);
  g_assert_false (done);
  g_assert_cmpint (done_count, ==, 2);
  drop (page);
}

/* ---- message ---- */

static void
test_message_error (void)
{
  GtkWidget *page = own (g_object_new (LK_TYPE_MESSAGE_PAGE, NULL));
  gboolean done = FALSE;

  g_signal_connect (page, "done", G_CALLBACK (set_flag), &done);
  lk_message_page_show_error (LK_MESSAGE_PAGE (page), "Không xác thực được",
                              "Mã đặt chỗ không hợp lệ hoặc đã được sử dụng", 1);
  g_assert_true (shows (page, "Mã đặt chỗ không hợp lệ hoặc đã được sử dụng"));
  g_assert_false (shown (find (page, GTK_TYPE_BUTTON, "Thử lại")));
  g_assert_nonnull (find (page, GTK_TYPE_BUTTON, "Về màn hình chính (1)"));
  run_until (&done, 3000);
  g_assert_true (done);
  drop (page);
}

static void
test_message_offline (void)
{
  GtkWidget *page = own (g_object_new (LK_TYPE_MESSAGE_PAGE, NULL));
  gboolean done = FALSE;
  int retries = 0;

  g_signal_connect (page, "done", G_CALLBACK (set_flag), &done);
  g_signal_connect (page, "retry", G_CALLBACK (count_signal), &retries);
  lk_message_page_show_offline (LK_MESSAGE_PAGE (page), "Vui lòng thử lại", FALSE);
  g_assert_true (shows (page, "Không kết nối được máy chủ"));
  g_assert_false (shown (find (page, GTK_TYPE_BUTTON, "Về màn hình chính")));
  run_until (&done, 1200); /* no countdown: the citizen decides */
  g_assert_false (done);
  g_signal_emit_by_name (find (page, GTK_TYPE_BUTTON, "Thử lại"), "clicked");
  g_assert_cmpint (retries, ==, 1);
  drop (page);
}

/* ---- home ---- */

typedef struct
{
  char *field;
  gboolean priority;
  int count;
} WalkIn;

static void
on_walk_in (LkHomePage *page, const char *field, gboolean priority, WalkIn *w)
{
  g_free (w->field);
  w->field = g_strdup (field);
  w->priority = priority;
  w->count++;
}

static LkField *
field (const char *id, const char *name)
{
  LkField *f = g_new0 (LkField, 1);
  f->id = g_strdup (id);
  f->name = g_strdup (name);
  return f;
}

static void
test_home (void)
{
  GtkWidget *page = own (g_object_new (LK_TYPE_HOME_PAGE, NULL));
  g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) lk_field_free);
  WalkIn w = { 0 };
  int verifies = 0;

  g_ptr_array_add (fields, field ("chung-thuc", "Chứng thực"));
  g_ptr_array_add (fields, field ("ho-tich", "Hộ tịch"));
  g_signal_connect (page, "walk-in", G_CALLBACK (on_walk_in), &w);
  g_signal_connect (page, "verify", G_CALLBACK (count_signal), &verifies);
  lk_home_page_set_fields (LK_HOME_PAGE (page), fields);
  lk_home_page_set_fields (LK_HOME_PAGE (page), fields); /* replaces, never duplicates */

  g_assert_true (shows (page, "Xác thực lịch hẹn"));
  g_assert_true (shows (page, "Ưu tiên: người cao tuổi, người khuyết tật, phụ nữ mang thai"));
  g_assert_nonnull (find (page, GTK_TYPE_BUTTON, "Chứng thực"));
  g_signal_emit_by_name (find (page, GTK_TYPE_BUTTON, "Hộ tịch"), "clicked");
  g_assert_cmpint (w.count, ==, 1);
  g_assert_cmpstr (w.field, ==, "ho-tich");
  g_assert_false (w.priority);

  /* The priority choice is a toggle button (a large target), its tick shown only when on. */
  GtkWidget *priority = find (page, GTK_TYPE_TOGGLE_BUTTON, NULL);
  g_assert_nonnull (priority);
  g_assert_false (shows (page, "✓"));
  g_signal_emit_by_name (priority, "clicked");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (priority)));
  g_assert_true (shows (priority, "✓"));
  g_assert_true (gtk_widget_get_state_flags (priority) & GTK_STATE_FLAG_CHECKED);
  g_signal_emit_by_name (find (page, GTK_TYPE_BUTTON, "Chứng thực"), "clicked");
  g_assert_cmpstr (w.field, ==, "chung-thuc");
  g_assert_true (w.priority);
  lk_home_page_reset (LK_HOME_PAGE (page));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (priority)));
  g_assert_false (shows (page, "✓"));

  GtkWidget *grid = gtk_widget_get_parent (find (page, GTK_TYPE_BUTTON, "Chứng thực"));
  int buttons = 0;
  for (GtkWidget *c = gtk_widget_get_first_child (grid); c; c = gtk_widget_get_next_sibling (c))
    buttons++;
  g_assert_cmpint (buttons, ==, 2);

  g_assert_false (shows (page, "Đang xử lý..."));
  lk_home_page_set_busy (LK_HOME_PAGE (page), TRUE);
  g_assert_true (shows (page, "Đang xử lý..."));
  g_assert_false (gtk_widget_is_sensitive (find (page, GTK_TYPE_BUTTON, "Hộ tịch")));
  lk_home_page_set_busy (LK_HOME_PAGE (page), FALSE);
  g_assert_false (shows (page, "Đang xử lý..."));
  g_assert_true (gtk_widget_is_sensitive (find (page, GTK_TYPE_BUTTON, "Hộ tịch")));

  g_assert_false (shows (page, "Máy in"));
  lk_home_page_set_printer_fault (LK_HOME_PAGE (page), "Máy in đang gặp sự cố: Máy in hết giấy");
  g_assert_true (shows (page, "Máy in đang gặp sự cố: Máy in hết giấy"));
  lk_home_page_set_printer_fault (LK_HOME_PAGE (page), NULL);
  g_assert_false (shows (page, "Máy in"));

  g_assert_cmpint (verifies, ==, 0);
  g_free (w.field);
  drop (page);
}

/* The notice's field names, in its order. */
static const char *const notice_fields[] = {
  "Văn phòng - Đối ngoại - Thu lệ phí - Trả kết quả TTHC",
  "Lĩnh vực Tư pháp - Hộ tịch",
  "Lĩnh vực Xây dựng, Công thương - Tài chính kế hoạch",
  "Lĩnh vực Nông nghiệp, Môi trường",
  "Văn hóa, Khoa học, Thông tin - Nội vụ - Y tế - Giáo dục, đào tạo",
  "CN Văn phòng đăng ký đất đai",
};

static graphene_rect_t
bounds_in (GtkWidget *widget, GtkWidget *target)
{
  graphene_rect_t r;

  g_assert_true (gtk_widget_compute_bounds (widget, target, &r));
  return r;
}

/* A label shown whole: not ellipsized, given at least the height its text needs at the width
 * it got, inside its button, the button inside the window; its font at least 28 px. */
static void
assert_label_whole (GtkWidget *label, GtkWidget *button, GtkWidget *window, int min_px)
{
  const char *text = gtk_label_get_text (GTK_LABEL (label));
  int width = gtk_widget_get_width (label), height = gtk_widget_get_height (label);
  int minimum = 0, natural = 0, min_width = 0;

  g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (label)), ==, PANGO_ELLIPSIZE_NONE);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, width, &minimum, &natural, NULL, NULL);
  if (width < min_width || height < natural)
    g_error ("'%s' got %d×%d, needs %d wide and %d high at that width", text, width, height,
             min_width, natural);
  int layout_width, layout_height;
  pango_layout_get_pixel_size (gtk_label_get_layout (GTK_LABEL (label)), &layout_width,
                               &layout_height);
  g_assert_cmpint (layout_width, <=, width);
  g_assert_cmpint (layout_height, <=, height);

  graphene_rect_t in_button = bounds_in (label, button), in_window = bounds_in (button, window);
  g_assert_cmpfloat (in_button.origin.x, >=, 0);
  g_assert_cmpfloat (in_button.origin.y, >=, 0);
  g_assert_cmpfloat (in_button.origin.x + in_button.size.width, <=, gtk_widget_get_width (button));
  g_assert_cmpfloat (in_button.origin.y + in_button.size.height, <=,
                     gtk_widget_get_height (button));
  g_assert_cmpfloat (in_window.origin.x, >=, 0);
  g_assert_cmpfloat (in_window.origin.y, >=, 0);
  g_assert_cmpfloat (in_window.origin.x + in_window.size.width, <=, gtk_widget_get_width (window));
  g_assert_cmpfloat (in_window.origin.y + in_window.size.height, <=,
                     gtk_widget_get_height (window));

  const PangoFontDescription *font =
      pango_context_get_font_description (gtk_widget_get_pango_context (label));
  double px = pango_font_description_get_size (font) / (double) PANGO_SCALE;
  if (!pango_font_description_get_size_is_absolute (font))
    px = px * 96 / 72;
  if (px < min_px)
    g_error ("'%s' is set in %.1f px, under %d px", text, px, min_px);
  g_test_message ("'%s': %d×%d, %d lines of %.0f px", text, width, height,
                  pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label))), px);
}

/* Every shown label of root whose text is text, into ret. */
static void
shown_labels (GtkWidget *root, const char *text, GPtrArray *ret)
{
  if (GTK_IS_LABEL (root) && shown (root) &&
      g_str_equal (gtk_label_get_text (GTK_LABEL (root)), text))
    g_ptr_array_add (ret, root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    shown_labels (c, text, ret);
}

/* No two of the page's buttons overlap (GTK squeezes a page taller than its window, and then
 * the priority toggle lay over the last row of fields). */
static void
assert_buttons_apart (GtkWidget *page, GtkWidget *window)
{
  g_autoptr (GPtrArray) buttons = g_ptr_array_new ();
  for (gsize i = 0; i < G_N_ELEMENTS (notice_fields); i++)
    g_ptr_array_add (buttons, find (page, GTK_TYPE_BUTTON, notice_fields[i]));
  g_ptr_array_add (buttons, find (page, GTK_TYPE_TOGGLE_BUTTON, NULL));
  g_ptr_array_add (buttons, find (page, GTK_TYPE_BUTTON, NULL)); /* "Xác thực lịch hẹn" */
  for (guint i = 0; i < buttons->len; i++)
    for (guint j = i + 1; j < buttons->len; j++)
      {
        graphene_rect_t a = bounds_in (buttons->pdata[i], window);
        graphene_rect_t b = bounds_in (buttons->pdata[j], window), common;
        if (buttons->pdata[i] != buttons->pdata[j] && graphene_rect_intersection (&a, &b, &common))
          g_assert_true (common.size.width < 0.5f || common.size.height < 0.5f);
      }
}

static const char home_fault[] = "Máy in đang gặp sự cố: Máy in hết giấy. Vẫn lấy số được — "
                                 "vui lòng ghi nhớ số phiếu trên màn hình.";

/* The home page of the notice's fields, drawn on a screen of that size, checked whole. */
static void
assert_home_whole (GtkWidget *page, GtkWidget *window, int width, int height, int min_px)
{
  for (gsize i = 0; i < G_N_ELEMENTS (notice_fields); i++)
    {
      GtkWidget *button = find (page, GTK_TYPE_BUTTON, notice_fields[i]);
      g_assert_nonnull (button);
      assert_label_whole (gtk_button_get_child (GTK_BUTTON (button)), button, window, min_px);
    }
  /* the longest name takes several lines: wrapped, not shrunk */
  GtkWidget *longest =
      gtk_button_get_child (GTK_BUTTON (find (page, GTK_TYPE_BUTTON, notice_fields[4])));
  g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (longest))), >=, 2);

  GtkWidget *priority = find (page, GTK_TYPE_TOGGLE_BUTTON, NULL);
  g_assert_cmpint (gtk_widget_get_height (priority), >=, 64);
  GtkWidget *priority_text = find (priority, GTK_TYPE_LABEL,
                                   "Ưu tiên: người cao tuổi, người khuyết tật, phụ nữ mang thai");
  assert_label_whole (priority_text, priority, window, min_px);
  assert_buttons_apart (page, window);
  /* the banner is shown once, whole, in its orientation's place */
  g_autoptr (GPtrArray) banners = g_ptr_array_new ();
  shown_labels (page, home_fault, banners);
  g_assert_cmpuint (banners->len, ==, 1);
  graphene_rect_t in_window = bounds_in (banners->pdata[0], window);
  g_assert_cmpfloat (in_window.origin.y + in_window.size.height, <=, height);
  g_assert_cmpfloat (in_window.origin.x + in_window.size.width, <=, width);

  /* as drawn, button by button (a whole screen's OCR reads across the two columns) */
  static const struct
  {
    gsize field;
    const char *end;
  } ends[] = { { 0, "Trả kết quả TTHC" },
               { 4, "Giáo dục, đào tạo" },
               { 2, "Tài chính kế hoạch" },
               { 5, "đăng ký đất đai" } };
  for (gsize i = 0; i < G_N_ELEMENTS (ends); i++)
    {
      g_autofree char *ocr =
          ocr_widget (find (page, GTK_TYPE_BUTTON, notice_fields[ends[i].field]));
      assert_ocr (ocr, ends[i].end, TRUE);
    }
}

/* Issue 9, item 13: the notice's long field names wrap inside their buttons, whole, in at
 * least 28 px, in portrait and landscape; the priority toggle is at least 64 px high. On the
 * smaller panels (compact: 1280×720, 1366×768) the same in at least 22 px, the page within
 * the screen with the printer-fault banner. */
static void
test_home_long_names (void)
{
  for (gsize s = 0; s < G_N_ELEMENTS (kiosk_screens); s++)
    {
      int width = kiosk_screens[s][0], height = kiosk_screens[s][1];
      gboolean landscape = width > height;
      GtkWidget *page = g_object_new (LK_TYPE_HOME_PAGE, NULL);
      g_autoptr (GPtrArray) fields =
          g_ptr_array_new_with_free_func ((GDestroyNotify) lk_field_free);
      gpointer weak = page;

      g_object_add_weak_pointer (G_OBJECT (page), &weak);
      for (gsize i = 0; i < G_N_ELEMENTS (notice_fields); i++)
        {
          g_autofree char *id = g_strdup_printf ("f%zu", i);
          g_ptr_array_add (fields, field (id, notice_fields[i]));
        }
      lk_home_page_set_fields (LK_HOME_PAGE (page), fields);
      lk_home_page_set_landscape (LK_HOME_PAGE (page), landscape);
      /* the tallest home screen: with the printer-fault banner */
      lk_home_page_set_printer_fault (LK_HOME_PAGE (page), home_fault);
      GtkWidget *window = kiosk_window (page, width, height, landscape);
      settle (window, width, height);
      assert_home_whole (page, window, width, height, compact_screen (width, height) ? 22 : 28);
      gtk_window_destroy (GTK_WINDOW (window));
      g_assert_null (weak);
    }
}

/* Landscape moves parts side by side; nothing is lost on the way. */
static void
test_landscape (void)
{
  GtkWidget *home = own (g_object_new (LK_TYPE_HOME_PAGE, NULL));
  GtkWidget *verify = own (g_object_new (LK_TYPE_VERIFY_PAGE, NULL));
  GtkWidget *keypad =
      gtk_widget_get_parent (gtk_widget_get_parent (find (verify, GTK_TYPE_BUTTON, "7")));
  int column, row;

  lk_verify_page_set_landscape (LK_VERIFY_PAGE (verify), TRUE);
  gtk_grid_query_child (GTK_GRID (gtk_widget_get_parent (keypad)), keypad, &column, &row, NULL,
                        NULL);
  g_assert_cmpint (column, ==, 1);
  lk_verify_page_set_landscape (LK_VERIFY_PAGE (verify), FALSE);
  gtk_grid_query_child (GTK_GRID (gtk_widget_get_parent (keypad)), keypad, &column, &row, NULL,
                        NULL);
  g_assert_cmpint (column, ==, 0);
  g_assert_cmpint (row, ==, 2);

  lk_home_page_set_landscape (LK_HOME_PAGE (home), TRUE);
  g_assert_false (shown (find (home, GTK_TYPE_SEPARATOR, NULL)));
  g_assert_true (shows (home, "Xác thực lịch hẹn"));
  g_assert_true (shows (home, "Lấy số trực tiếp (không đặt lịch trước)"));
  drop (home);
  drop (verify);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  /* The kiosk's own style sheet, as the application loads it: sizes come from it. */
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/vn/layso/Kiosk/kiosk.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_test_add_func ("/layso/kiosk/pages/verify/submit-once", test_verify_submit_once);
  g_test_add_func ("/layso/kiosk/pages/verify/keypad", test_verify_keypad);
  g_test_add_func ("/layso/kiosk/pages/verify/keypad-layout", test_verify_keypad_layout);
  g_test_add_func ("/layso/kiosk/pages/verify/error", test_verify_error);
  g_test_add_func ("/layso/kiosk/pages/verify/error-fits", test_verify_error_fits);
  g_test_add_func ("/layso/kiosk/pages/verify/camera-preview", test_verify_camera_preview);
  g_test_add_func ("/layso/kiosk/pages/verify/no-camera-ocr", test_verify_no_camera_ocr);
  g_test_add_func ("/layso/kiosk/pages/result/appointment", test_result_appointment);
  g_test_add_func ("/layso/kiosk/pages/result/important-ocr", test_result_important_ocr);
  g_test_add_func ("/layso/kiosk/pages/result/walk-in", test_result_walk_in);
  g_test_add_func ("/layso/kiosk/pages/result/countdown", test_result_countdown);
  g_test_add_func ("/layso/kiosk/pages/message/error", test_message_error);
  g_test_add_func ("/layso/kiosk/pages/message/offline", test_message_offline);
  g_test_add_func ("/layso/kiosk/pages/home", test_home);
  g_test_add_func ("/layso/kiosk/pages/home/long-names", test_home_long_names);
  g_test_add_func ("/layso/kiosk/pages/landscape", test_landscape);
  return g_test_run ();
}
