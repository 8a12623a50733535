/* The kiosk's screens on their own (no server, no devices): what each shows and which signals
 * a tap, a key or a countdown gives. Needs a display: run under xvfb-run (ctest does). */
#include <gtk/gtk.h>
#include <string.h>

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

typedef struct { int count; char *text; } Submits;

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
  g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (entry)), ==, "Số CCCD hoặc mã đặt chỗ");

  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpint (s.count, ==, 0);   /* nothing typed: nothing sent */

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
  g_object_unref (page);
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

  g_object_unref (page);
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

  gdk_texture_download (texture, data, (gsize) w * 4);   /* B8G8R8A8 premultiplied (cairo) */
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
  g_assert_cmpint (empty_width, >=, 520);   /* .camera-preview in kiosk.css */

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
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (gtk_picture_get_paintable (GTK_PICTURE (picture))), ==, 640);
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

  /* the camera goes away: placeholder and a note, then back */
  lk_verify_page_set_frame (LK_VERIFY_PAGE (page), card, 64, 48, 70);
  lk_verify_page_set_camera (LK_VERIFY_PAGE (page), FALSE);
  g_assert_null (gtk_picture_get_paintable (GTK_PICTURE (picture)));
  g_assert_true (shows (page, "Đưa mã QR vào trước camera"));
  g_assert_true (shows (page, "Camera không hoạt động — vui lòng nhập mã"));
  lk_verify_page_set_camera (LK_VERIFY_PAGE (page), TRUE);
  g_assert_false (shows (page, "Camera không hoạt động"));
  g_assert_true (shows (page, "Đưa mã QR vào trước camera"));
  g_object_unref (page);
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
  for (const char *text = "Lấy số thành công!\nNguyễn Văn An\n********8901\nGCAD\nSỐ PHIẾU\nA1002\n"
                          "Xin vui lòng chờ đến lượt gọi số thứ tự\nNgày giờ lấy phiếu: 26/09/2025 07:12\n"
                          "Số người đang chờ trước quý khách: 4\nĐang in phiếu...";
       *text; )
    {
      const char *end = strchr (text, '\n');
      g_autofree char *one = end ? g_strndup (text, end - text) : g_strdup (text);
      if (!shows (page, one))
        g_error ("the result screen does not show '%s'", one);
      text = end ? end + 1 : text + strlen (text);
    }
  g_assert_false (shows (page, "012345678901"));   /* never the whole CCCD on a public screen */
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
  g_object_unref (page);
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
  g_object_unref (page);
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
  g_object_unref (page);
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
  g_object_unref (page);
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
  run_until (&done, 1200);   /* no countdown: the citizen decides */
  g_assert_false (done);
  g_signal_emit_by_name (find (page, GTK_TYPE_BUTTON, "Thử lại"), "clicked");
  g_assert_cmpint (retries, ==, 1);
  g_object_unref (page);
}

/* ---- home ---- */

typedef struct { char *field; gboolean priority; int count; } WalkIn;

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
  lk_home_page_set_fields (LK_HOME_PAGE (page), fields);   /* replaces, never duplicates */

  g_assert_true (shows (page, "Xác thực lịch hẹn"));
  g_assert_true (shows (page, "Ưu tiên: người cao tuổi, người khuyết tật, phụ nữ mang thai"));
  g_assert_nonnull (find (page, GTK_TYPE_BUTTON, "Chứng thực"));
  g_signal_emit_by_name (find (page, GTK_TYPE_BUTTON, "Hộ tịch"), "clicked");
  g_assert_cmpint (w.count, ==, 1);
  g_assert_cmpstr (w.field, ==, "ho-tich");
  g_assert_false (w.priority);

  GtkWidget *priority = find (page, GTK_TYPE_CHECK_BUTTON, NULL);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (priority), TRUE);
  g_signal_emit_by_name (find (page, GTK_TYPE_BUTTON, "Chứng thực"), "clicked");
  g_assert_cmpstr (w.field, ==, "chung-thuc");
  g_assert_true (w.priority);
  lk_home_page_reset (LK_HOME_PAGE (page));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (priority)));

  GtkWidget *flow = find (page, GTK_TYPE_FLOW_BOX, NULL);
  int buttons = 0;
  for (GtkWidget *c = gtk_widget_get_first_child (flow); c; c = gtk_widget_get_next_sibling (c))
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
  g_object_unref (page);
}

/* Landscape moves parts side by side; nothing is lost on the way. */
static void
test_landscape (void)
{
  GtkWidget *home = own (g_object_new (LK_TYPE_HOME_PAGE, NULL));
  GtkWidget *verify = own (g_object_new (LK_TYPE_VERIFY_PAGE, NULL));
  GtkWidget *keypad = gtk_widget_get_parent (find (verify, GTK_TYPE_BUTTON, "7"));
  int column, row;

  lk_verify_page_set_landscape (LK_VERIFY_PAGE (verify), TRUE);
  gtk_grid_query_child (GTK_GRID (gtk_widget_get_parent (keypad)), keypad, &column, &row, NULL, NULL);
  g_assert_cmpint (column, ==, 1);
  lk_verify_page_set_landscape (LK_VERIFY_PAGE (verify), FALSE);
  gtk_grid_query_child (GTK_GRID (gtk_widget_get_parent (keypad)), keypad, &column, &row, NULL, NULL);
  g_assert_cmpint (column, ==, 0);
  g_assert_cmpint (row, ==, 2);

  lk_home_page_set_landscape (LK_HOME_PAGE (home), TRUE);
  g_assert_false (shown (find (home, GTK_TYPE_SEPARATOR, NULL)));
  g_assert_true (shows (home, "Xác thực lịch hẹn"));
  g_assert_true (shows (home, "Lấy số trực tiếp (không đặt lịch trước)"));
  g_object_unref (home);
  g_object_unref (verify);
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
  g_test_add_func ("/layso/kiosk/pages/verify/camera-preview", test_verify_camera_preview);
  g_test_add_func ("/layso/kiosk/pages/result/appointment", test_result_appointment);
  g_test_add_func ("/layso/kiosk/pages/result/walk-in", test_result_walk_in);
  g_test_add_func ("/layso/kiosk/pages/result/countdown", test_result_countdown);
  g_test_add_func ("/layso/kiosk/pages/message/error", test_message_error);
  g_test_add_func ("/layso/kiosk/pages/message/offline", test_message_offline);
  g_test_add_func ("/layso/kiosk/pages/home", test_home);
  g_test_add_func ("/layso/kiosk/pages/landscape", test_landscape);
  return g_test_run ();
}
