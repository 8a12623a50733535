#include "lk-test-hook.h"

#include "validate.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct _LkTestHook
{
  GObject parent_instance;

  /* owned */
  FILE *log;
  char *screenshot_dir;
  guint screenshot_count;
  /* borrowed: the window whose tick callback is pending */
  GtkWidget *pending_window;
  guint pending_tick;
  guint pending_frames;
  char *pending_name;
};

G_DEFINE_FINAL_TYPE (LkTestHook, lk_test_hook, G_TYPE_OBJECT)

/* Widgets that show personal data carry this CSS class; the log leaves their text out. */
#define PERSONAL_CLASS "personal"

/* Every run of exactly 12 digits (a CCCD typed, scanned or shown) becomes its mask, so the log
 * never holds a whole CCCD whichever page showed it. */
static void
mask_cccds (GString *text)
{
  for (gsize i = 0; i < text->len;)
    {
      gsize n = strspn (text->str + i, "0123456789");
      char masked[13];
      if (n == LAYSO_CCCD_LEN)
        {
          g_autofree char *cccd = g_strndup (text->str + i, n);
          if (layso_cccd_mask (cccd, masked) == 0)
            memcpy (text->str + i, masked, n);
        }
      i += n > 0 ? n : 1;
    }
}

static void
collect_texts (GtkWidget *widget, GString *out)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget) ||
      gtk_widget_has_css_class (widget, PERSONAL_CLASS))
    return;
  const char *text = NULL;
  if (GTK_IS_LABEL (widget))
    text = gtk_label_get_text (GTK_LABEL (widget));
  else if (GTK_IS_TEXT (widget))
    text = gtk_editable_get_text (GTK_EDITABLE (widget));
  if (text != NULL && text[0] != '\0')
    {
      g_autofree char *one_line = g_strdelimit (g_strdup (text), "\n", ' ');
      if (out->len > 0)
        g_string_append (out, " | ");
      g_string_append (out, one_line);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, out);
}

static void
save_screenshot (GtkWidget *window, const char *path)
{
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  if (width <= 0 || height <= 0 || renderer == NULL)
    return;
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  g_autoptr (GskRenderNode) node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return;
  g_autoptr (GdkTexture) texture =
      gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_save_to_png (texture, path);
}

/* "label@x,y" for every visible, sensitive button: where a test taps (window coordinates);
 * and each one's bounds into rects. */
static void
collect_buttons (GtkWidget *widget, GtkWidget *window, GString *out, GArray *rects)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget) ||
      !gtk_widget_is_sensitive (widget))
    return;
  if (GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget))
    {
      g_autoptr (GString) label = g_string_new (NULL);
      graphene_point_t centre = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f,
                                                     gtk_widget_get_height (widget) / 2.f);
      graphene_point_t at;
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        collect_texts (child, label);
      g_string_replace (label, " | ", " / ", 0); /* one button, several labels */
      graphene_rect_t bounds;
      if (gtk_widget_compute_point (widget, window, &centre, &at))
        g_string_append_printf (out, " | %s@%d,%d", label->str, (int) at.x, (int) at.y);
      if (gtk_widget_compute_bounds (widget, window, &bounds))
        g_array_append_val (rects, bounds);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_buttons (child, window, out, rects);
}

/* Every button wholly inside the window and none over another: on a screen too small for a
 * page GTK squeezes it, and buttons run off the bottom or over each other. */
static gboolean
buttons_fit (GArray *rects, GtkWidget *window)
{
  graphene_rect_t screen =
      GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (window), gtk_widget_get_height (window));
  for (guint i = 0; i < rects->len; i++)
    {
      graphene_rect_t *r = &g_array_index (rects, graphene_rect_t, i);
      if (!graphene_rect_contains_rect (&screen, r))
        return FALSE;
      for (guint j = i + 1; j < rects->len; j++)
        {
          graphene_rect_t common;
          if (graphene_rect_intersection (r, &g_array_index (rects, graphene_rect_t, j), &common) &&
              common.size.width > 0.5f && common.size.height > 0.5f)
            return FALSE;
        }
    }
  return TRUE;
}

/* Two frames after the change: the first lays the new page out, the second has drawn it. */
static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  LkTestHook *self = user_data;

  if (++self->pending_frames < 3)
    return G_SOURCE_CONTINUE;
  if (self->screenshot_dir != NULL)
    {
      g_autofree char *path = g_build_filename (self->screenshot_dir, self->pending_name, NULL);
      save_screenshot (widget, path);
    }
  if (self->log != NULL)
    {
      g_autoptr (GString) buttons = g_string_new (NULL);
      g_autoptr (GArray) rects = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
      collect_buttons (widget, widget, buttons, rects);
      fprintf (self->log, "%" G_GINT64_FORMAT " settled %s size=%dx%d fits=%s%s\n",
               g_get_real_time () / 1000, self->pending_name, gtk_widget_get_width (widget),
               gtk_widget_get_height (widget), buttons_fit (rects, widget) ? "yes" : "no",
               buttons->str);
      fflush (self->log);
    }
  self->pending_tick = 0;
  self->pending_window = NULL;
  g_clear_pointer (&self->pending_name, g_free);
  return G_SOURCE_REMOVE;
}

void
lk_test_hook_record (LkTestHook *self, GtkWindow *window, const char *page_name, GtkWidget *page,
                     const char *event, gboolean screenshot)
{
  if (self == NULL)
    return;

  if (self->log != NULL)
    {
      g_autoptr (GString) texts = g_string_new (NULL);
      collect_texts (page, texts);
      mask_cccds (texts);
      fprintf (self->log, "%" G_GINT64_FORMAT " page=%s event=%s | %s\n", g_get_real_time () / 1000,
               page_name, event, texts->str);
      fflush (self->log);
    }
  if (screenshot)
    {
      /* A newer change replaces a pending one: the screenshot shows what settled. */
      if (self->pending_tick != 0)
        gtk_widget_remove_tick_callback (self->pending_window, self->pending_tick);
      g_free (self->pending_name);
      self->pending_name =
          g_strdup_printf ("%03u-%s-%s.png", ++self->screenshot_count, page_name, event);
      self->pending_window = GTK_WIDGET (window);
      self->pending_frames = 0;
      self->pending_tick = gtk_widget_add_tick_callback (GTK_WIDGET (window), on_tick, self, NULL);
    }
}

/* The log is for the test that set the variable only: 0600, even if the file was there. */
static FILE *
open_log (const char *path)
{
  g_printerr ("layso-kiosk: warning: LAYSO_KIOSK_TEST_LOG is set: every screen is logged to %s "
              "(test use only, never on a real kiosk)\n",
              path);
  int fd = open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0)
    return NULL;
  FILE *f = fchmod (fd, 0600) == 0 ? fdopen (fd, "a") : NULL;
  if (f == NULL)
    close (fd);
  return f;
}

LkTestHook *
lk_test_hook_new_from_environment (void)
{
  const char *log_path = g_getenv ("LAYSO_KIOSK_TEST_LOG");
  const char *dir = g_getenv ("LAYSO_KIOSK_SCREENSHOT_DIR");

  if ((log_path == NULL || log_path[0] == '\0') && (dir == NULL || dir[0] == '\0'))
    return NULL;

  LkTestHook *self = g_object_new (LK_TYPE_TEST_HOOK, NULL);
  if (log_path != NULL && log_path[0] != '\0')
    self->log = open_log (log_path);
  if (dir != NULL && dir[0] != '\0')
    {
      g_mkdir_with_parents (dir, 0755);
      self->screenshot_dir = g_strdup (dir);
    }
  return self;
}

static void
lk_test_hook_dispose (GObject *object)
{
  LkTestHook *self = LK_TEST_HOOK (object);

  if (self->pending_tick != 0)
    gtk_widget_remove_tick_callback (self->pending_window, self->pending_tick);
  self->pending_tick = 0;
  self->pending_window = NULL;
  G_OBJECT_CLASS (lk_test_hook_parent_class)->dispose (object);
}

static void
lk_test_hook_finalize (GObject *object)
{
  LkTestHook *self = LK_TEST_HOOK (object);

  g_clear_pointer (&self->log, fclose);
  g_free (self->screenshot_dir);
  g_free (self->pending_name);
  G_OBJECT_CLASS (lk_test_hook_parent_class)->finalize (object);
}

static void
lk_test_hook_class_init (LkTestHookClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lk_test_hook_dispose;
  G_OBJECT_CLASS (klass)->finalize = lk_test_hook_finalize;
}

static void
lk_test_hook_init (LkTestHook *self)
{
}
