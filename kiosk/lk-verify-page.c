#include "lk-verify-page.h"

#include "lk-layout.h"

#include "codes.h"

/* A phone's digit block: a CCCD is typed as on a phone. The letters of the booking-code
 * alphabet (no O, I, L; its digits 2-9 are in this block) sit beside it, in the alphabet's
 * order, LETTER_COLUMNS to a row. */
static const char *const digit_keys[] = {
  "1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "Xóa",
};
#define DIGIT_COLUMNS  3
#define LETTER_COLUMNS 6

struct _LkVerifyPage
{
  GtkBox parent_instance;

  /* template widgets */
  GtkEntry *entry;
  GtkWidget *keypad;
  GtkGrid *digit_keys;
  GtkGrid *letter_keys;
  GtkWidget *error_box;
  GtkLabel *error_title;
  GtkLabel *error_message;
  GtkButton *submit_button;
  GtkButton *back_button;
  GtkLabel *camera_label;
  GtkLabel *camera_note;
  GtkPicture *camera_picture;
  GtkWidget *camera_box;

  gboolean busy;
  gboolean camera_available;
};

G_DEFINE_FINAL_TYPE (LkVerifyPage, lk_verify_page, GTK_TYPE_BOX)

enum
{
  SIGNAL_SUBMIT,
  SIGNAL_BACK,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* Portrait: camera, input, keypad, buttons. Landscape: the keypad on the right. */
static const LkPlacement placements[] = {
  { G_STRUCT_OFFSET (LkVerifyPage, camera_box), { 0, 0, 1, 1 }, { 0, 0, 1, 1 } },
  { G_STRUCT_OFFSET (LkVerifyPage, entry), { 0, 1, 1, 1 }, { 0, 1, 1, 1 } },
  { G_STRUCT_OFFSET (LkVerifyPage, keypad), { 0, 2, 1, 1 }, { 1, 0, 1, 4 } },
  { G_STRUCT_OFFSET (LkVerifyPage, submit_button), { 0, 3, 1, 1 }, { 0, 2, 1, 1 } },
  { G_STRUCT_OFFSET (LkVerifyPage, back_button), { 0, 4, 1, 1 }, { 0, 3, 1, 1 } },
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

/* The keypad edits like a keyboard: a key replaces the selection (after a refused attempt the
 * whole input is selected), else goes at the end; ⌫ removes the selection or the last
 * character. */
static void
on_key_clicked (GtkButton *button, LkVerifyPage *self)
{
  GtkEditable *editable = GTK_EDITABLE (self->entry);
  int start, end;

  if (self->busy)
    return;
  if (gtk_editable_get_selection_bounds (editable, &start, &end))
    {
      gtk_editable_delete_selection (editable);
      gtk_editable_insert_text (editable, gtk_button_get_label (button), -1, &start);
      gtk_editable_set_position (editable, start);
    }
  else
    lk_verify_page_append_text (self, gtk_button_get_label (button));
}

static void
on_backspace_clicked (LkVerifyPage *self)
{
  GtkEditable *editable = GTK_EDITABLE (self->entry);
  glong n = g_utf8_strlen (gtk_editable_get_text (editable), -1);

  if (self->busy || n == 0)
    return;
  if (gtk_editable_get_selection_bounds (editable, NULL, NULL))
    gtk_editable_delete_selection (editable);
  else
    gtk_editable_delete_text (editable, (int) n - 1, -1);
}

static void
on_clear_clicked (LkVerifyPage *self)
{
  if (!self->busy)
    lk_verify_page_set_text (self, "");
}

/* Any change of the input (a key, a scan, a new attempt) makes the last error stale. */
static void
on_entry_changed (LkVerifyPage *self)
{
  gtk_widget_set_visible (self->error_box, FALSE);
}

/* Codes are upper case on screen whatever the keyboard sends (the server takes either). */
static void
on_insert_text (GtkEditable *editable, const char *text, int length, int *position,
                LkVerifyPage *self)
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
  for (guint i = 0; i < G_N_ELEMENTS (digit_keys); i++)
    {
      GtkWidget *button = keypad_button (digit_keys[i], "key");
      gtk_widget_add_css_class (button, "digit");
      if (g_str_equal (digit_keys[i], "⌫"))
        g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_backspace_clicked), self);
      else if (g_str_equal (digit_keys[i], "Xóa"))
        g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_clear_clicked), self);
      else
        g_signal_connect (button, "clicked", G_CALLBACK (on_key_clicked), self);
      gtk_grid_attach (self->digit_keys, button, (int) (i % DIGIT_COLUMNS),
                       (int) (i / DIGIT_COLUMNS), 1, 1);
    }

  guint n = 0;
  for (const char *c = LAYSO_CODE_ALPHABET; *c; c++)
    {
      char label[2] = { *c, '\0' };
      if (g_ascii_isdigit (*c))
        continue; /* in the digit block */
      GtkWidget *button = keypad_button (label, "key");
      gtk_widget_add_css_class (button, "letter");
      g_signal_connect (button, "clicked", G_CALLBACK (on_key_clicked), self);
      gtk_grid_attach (self->letter_keys, button, (int) (n % LETTER_COLUMNS),
                       (int) (n / LETTER_COLUMNS), 1, 1);
      n++;
    }
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
lk_verify_page_show_error (LkVerifyPage *self, const char *title, const char *message)
{
  GtkEditable *editable = GTK_EDITABLE (self->entry);

  g_return_if_fail (LK_IS_VERIFY_PAGE (self));

  gtk_label_set_label (self->error_title, title ? title : "");
  gtk_label_set_label (self->error_message, message ? message : "");
  gtk_widget_set_visible (self->error_box, TRUE);
  /* Kept and selected: a key typed or tapped replaces it, ⌫ or "Xóa" clears it. */
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (editable, 0, -1);
}

void
lk_verify_page_set_busy (LkVerifyPage *self, gboolean busy)
{
  g_return_if_fail (LK_IS_VERIFY_PAGE (self));

  self->busy = busy;
  if (busy)
    gtk_widget_set_visible (self->error_box, FALSE);
  gtk_button_set_label (self->submit_button, busy ? "Đang xử lý..." : "Xác thực cấp số thứ tự");
  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->entry), !busy);
}

void
lk_verify_page_set_camera (LkVerifyPage *self, gboolean available)
{
  g_return_if_fail (LK_IS_VERIFY_PAGE (self));

  self->camera_available = available;
  gtk_widget_set_visible (GTK_WIDGET (self->camera_note), !available);
  /* One message, never both: no camera is not "hold the QR to the camera". */
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
      stride >= width && len / stride >= height - 1 && len - (gsize) stride * (height - 1) >= width)
    texture = mirrored_texture (pixels, width, height, stride);
  gtk_picture_set_paintable (self->camera_picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->camera_picture), texture != NULL);
  /* The camera area keeps its CSS size without the placeholder. */
  gtk_widget_set_visible (GTK_WIDGET (self->camera_label),
                          texture == NULL && self->camera_available);
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

  signals[SIGNAL_SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/layso/Kiosk/lk-verify-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LkVerifyPage, entry);
  gtk_widget_class_bind_template_child (widget_class, LkVerifyPage, keypad);
  gtk_widget_class_bind_template_child (widget_class, LkVerifyPage, digit_keys);
  gtk_widget_class_bind_template_child (widget_class, LkVerifyPage, letter_keys);
  gtk_widget_class_bind_template_child (widget_class, LkVerifyPage, error_box);
  gtk_widget_class_bind_template_child (widget_class, LkVerifyPage, error_title);
  gtk_widget_class_bind_template_child (widget_class, LkVerifyPage, error_message);
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
  self->camera_available = TRUE;
  build_keypad (self);
  lk_verify_page_set_landscape (self, FALSE);
  g_signal_connect (gtk_editable_get_delegate (GTK_EDITABLE (self->entry)), "insert-text",
                    G_CALLBACK (on_insert_text), self);
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (on_entry_changed), self);
}
