#include "lk-verify-page.h"

#include "lk-layout.h"

/* Booking codes never use 0/O, 1/I/L; CCCD numbers are digits only. */
static const char *const keypad_keys[] = {
  "1", "2", "3", "4", "5", "6", "7",
  "8", "9", "0", "A", "B", "C", "D",
  "E", "F", "G", "H", "J", "K", "M",
  "N", "P", "Q", "R", "S", "T", "U",
  "V", "W", "X", "Y", "Z",
};
#define KEYPAD_COLUMNS 7

struct _LkVerifyPage {
  GtkBox parent_instance;

  /* template widgets */
  GtkEntry  *entry;
  GtkGrid   *keypad;
  GtkButton *submit_button;
  GtkButton *back_button;
  GtkLabel  *camera_label;
  GtkLabel  *camera_note;
  GtkPicture *camera_picture;
  GtkWidget *camera_box;

  gboolean busy;
};

G_DEFINE_FINAL_TYPE (LkVerifyPage, lk_verify_page, GTK_TYPE_BOX)

enum { SIGNAL_SUBMIT, SIGNAL_BACK, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Portrait: camera, input, keypad, buttons. Landscape: the keypad on the right. */
static const LkPlacement placements[] = {
  { G_STRUCT_OFFSET (LkVerifyPage, camera_box),    { 0, 0, 1, 1 }, { 0, 0, 1, 1 } },
  { G_STRUCT_OFFSET (LkVerifyPage, entry),         { 0, 1, 1, 1 }, { 0, 1, 1, 1 } },
  { G_STRUCT_OFFSET (LkVerifyPage, keypad),        { 0, 2, 1, 1 }, { 1, 0, 1, 4 } },
  { G_STRUCT_OFFSET (LkVerifyPage, submit_button), { 0, 3, 1, 1 }, { 0, 2, 1, 1 } },
  { G_STRUCT_OFFSET (LkVerifyPage, back_button),   { 0, 4, 1, 1 }, { 0, 3, 1, 1 } },
};

void
lk_verify_page_set_landscape (LkVerifyPage *self, gboolean landscape)
{
  g_return_if_fail (LK_IS_VERIFY_PAGE (self));

  lk_layout_apply (self, placements, G_N_ELEMENTS (placements), landscape);
}

static void
submit (LkVerifyPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  /* The window ignores input while a request runs too; this keeps a double tap silent. */
  if (self->busy || text[0] == '\0')
    return;
  g_signal_emit (self, signals[SIGNAL_SUBMIT], 0, text);
}

static void
on_entry_activate (LkVerifyPage *self)
{
  submit (self);
}

static void
on_submit_clicked (LkVerifyPage *self)
{
  submit (self);
}

static void
on_back_clicked (LkVerifyPage *self)
{
  g_signal_emit (self, signals[SIGNAL_BACK], 0);
}

static void
on_key_clicked (GtkButton *button, LkVerifyPage *self)
{
  if (!self->busy)
    lk_verify_page_append_text (self, gtk_button_get_label (button));
}

static void
on_backspace_clicked (LkVerifyPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  glong n = g_utf8_strlen (text, -1);

  if (self->busy || n == 0)
    return;
  gtk_editable_delete_text (GTK_EDITABLE (self->entry), (int) n - 1, -1);
}

static void
on_clear_clicked (LkVerifyPage *self)
{
  if (!self->busy)
    lk_verify_page_set_text (self, "");
}

/* Codes are upper case on screen whatever the keyboard sends (the server takes either). */
static void
on_insert_text (GtkEditable *editable, const char *text, int length, int *position, LkVerifyPage *self)
{
  g_autofree char *upper = g_utf8_strup (text, length);

  if (g_strcmp0 (upper, text) == 0)
    return;
  g_signal_handlers_block_by_func (editable, on_insert_text, self);
  gtk_editable_insert_text (editable, upper, -1, position);
  g_signal_handlers_unblock_by_func (editable, on_insert_text, self);
  g_signal_stop_emission_by_name (editable, "insert-text");
}

static GtkWidget *
keypad_button (const char *label, const char *css_class)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  /* Taps on the keypad must leave the focus in the entry, so a USB scanner keeps working. */
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_set_can_focus (button, FALSE);
  gtk_widget_add_css_class (button, css_class);
  return button;
}

static void
build_keypad (LkVerifyPage *self)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (keypad_keys); i++)
    {
      GtkWidget *button = keypad_button (keypad_keys[i], "key");
      g_signal_connect (button, "clicked", G_CALLBACK (on_key_clicked), self);
      gtk_grid_attach (self->keypad, button, (int) (i % KEYPAD_COLUMNS), (int) (i / KEYPAD_COLUMNS), 1, 1);
    }
  GtkWidget *backspace = keypad_button ("⌫", "key");
  g_signal_connect_swapped (backspace, "clicked", G_CALLBACK (on_backspace_clicked), self);
  gtk_grid_attach (self->keypad, backspace, (int) (i % KEYPAD_COLUMNS), (int) (i / KEYPAD_COLUMNS), 1, 1);
  i++;
  GtkWidget *clear = keypad_button ("Xóa", "key");
  g_signal_connect_swapped (clear, "clicked", G_CALLBACK (on_clear_clicked), self);
  gtk_grid_attach (self->keypad, clear, (int) (i % KEYPAD_COLUMNS), (int) (i / KEYPAD_COLUMNS), 1, 1);
}

void
lk_verify_page_set_text (LkVerifyPage *self, const char *text)
{
  g_return_if_fail (LK_IS_VERIFY_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text ? text : "");
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
}

void
lk_verify_page_append_text (LkVerifyPage *self, const char *text)
{
  int position = -1;

  g_return_if_fail (LK_IS_VERIFY_PAGE (self));

  position = (int) g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (self->entry)), -1);
  gtk_editable_insert_text (GTK_EDITABLE (self->entry), text, -1, &position);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
}

void
lk_verify_page_set_busy (LkVerifyPage *self, gboolean busy)
{
  g_return_if_fail (LK_IS_VERIFY_PAGE (self));

  self->busy = busy;
  gtk_button_set_label (self->submit_button, busy ? "Đang xử lý..." : "Xác thực cấp số thứ tự");
  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->entry), !busy);
}

void
lk_verify_page_set_camera (LkVerifyPage *self, gboolean available)
{
  g_return_if_fail (LK_IS_VERIFY_PAGE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->camera_note), !available);
  if (!available)
    lk_verify_page_set_frame (self, NULL, 0, 0, 0);
}

/* Grey to RGB (GTK 4.8 has no grey texture format), each row reversed: a citizen who moves the
 * card to the left sees it move to the left, as in a mirror. */
static GdkTexture *
mirrored_texture (const guint8 *grey, guint width, guint height, guint stride)
{
  gsize rgb_stride = (gsize) width * 3;
  guint8 *rgb = g_malloc (rgb_stride * height);

  for (guint y = 0; y < height; y++)
    {
      const guint8 *src = grey + (gsize) y * stride;
      guint8 *dst = rgb + (gsize) y * rgb_stride;
      for (guint x = 0; x < width; x++)
        dst[3 * x] = dst[3 * x + 1] = dst[3 * x + 2] = src[width - 1 - x];
    }
  g_autoptr (GBytes) bytes = g_bytes_new_take (rgb, rgb_stride * height);
  return gdk_memory_texture_new ((int) width, (int) height, GDK_MEMORY_R8G8B8, bytes, rgb_stride);
}

void
lk_verify_page_set_frame (LkVerifyPage *self, GBytes *grey, guint width, guint height, guint stride)
{
  g_autoptr (GdkTexture) texture = NULL;
  gsize len = 0;
  const guint8 *pixels = grey ? g_bytes_get_data (grey, &len) : NULL;

  g_return_if_fail (LK_IS_VERIFY_PAGE (self));

  if (pixels && width > 0 && height > 0 && width <= G_MAXINT / 3 && height <= G_MAXINT &&
      stride >= width && len / stride >= height - 1 &&
      len - (gsize) stride * (height - 1) >= width)
    texture = mirrored_texture (pixels, width, height, stride);
  gtk_picture_set_paintable (self->camera_picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->camera_picture), texture != NULL);
  /* The camera area keeps its CSS size without the placeholder. */
  gtk_widget_set_visible (GTK_WIDGET (self->camera_label), texture == NULL);
}

void
lk_verify_page_focus_entry (LkVerifyPage *self)
{
  g_return_if_fail (LK_IS_VERIFY_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
}

static void
lk_verify_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_VERIFY_PAGE);
  G_OBJECT_CLASS (lk_verify_page_parent_class)->dispose (object);
}

static void
lk_verify_page_class_init (LkVerifyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_verify_page_dispose;

  signals[SIGNAL_SUBMIT] =
    g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_BACK] =
    g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/layso/Kiosk/lk-verify-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LkVerifyPage, entry);
  gtk_widget_class_bind_template_child (widget_class, LkVerifyPage, keypad);
  gtk_widget_class_bind_template_child (widget_class, LkVerifyPage, submit_button);
  gtk_widget_class_bind_template_child (widget_class, LkVerifyPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, LkVerifyPage, camera_label);
  gtk_widget_class_bind_template_child (widget_class, LkVerifyPage, camera_note);
  gtk_widget_class_bind_template_child (widget_class, LkVerifyPage, camera_picture);
  gtk_widget_class_bind_template_child (widget_class, LkVerifyPage, camera_box);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_submit_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
}

static void
lk_verify_page_init (LkVerifyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_keypad (self);
  lk_verify_page_set_landscape (self, FALSE);
  g_signal_connect (gtk_editable_get_delegate (GTK_EDITABLE (self->entry)), "insert-text",
                    G_CALLBACK (on_insert_text), self);
}
