#include "lk-home-page.h"

#include "lk-layout.h"
#include "lk-wire.h"

struct _LkHomePage
{
  GtkBox parent_instance;

  /* template widgets */
  GtkLabel *fault_banner; /* portrait: above the page */
  GtkLabel *fault_note;   /* landscape: in the appointment column */
  GtkWidget *busy_label;
  GtkWidget *layout_grid;
  GtkWidget *verify_box;
  GtkWidget *separator;
  GtkWidget *walk_in_box;
  GtkGrid *fields_grid;
  GtkToggleButton *priority_toggle;
  GtkLabel *priority_mark;

  gboolean landscape;
};

G_DEFINE_FINAL_TYPE (LkHomePage, lk_home_page, GTK_TYPE_BOX)

enum
{
  SIGNAL_VERIFY,
  SIGNAL_WALK_IN,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* Portrait: one column. Landscape: appointment on the left, walk-in on the right. */
static const LkPlacement placements[] = {
  { G_STRUCT_OFFSET (LkHomePage, verify_box), { 0, 0, 1, 1 }, { 0, 0, 1, 1 } },
  { G_STRUCT_OFFSET (LkHomePage, separator), { 0, 1, 1, 1 }, { 0, 0, 0, 0 } },
  { G_STRUCT_OFFSET (LkHomePage, walk_in_box), { 0, 2, 1, 1 }, { 1, 0, 1, 1 } },
};

/* The fault shows in the place of the orientation (fault_note says why), or nowhere. */
static void
show_fault (LkHomePage *self)
{
  gboolean fault = gtk_label_get_text (self->fault_banner)[0] != '\0';

  gtk_widget_set_visible (GTK_WIDGET (self->fault_banner), fault && !self->landscape);
  gtk_widget_set_visible (GTK_WIDGET (self->fault_note), fault && self->landscape);
}

void
lk_home_page_set_landscape (LkHomePage *self, gboolean landscape)
{
  g_return_if_fail (LK_IS_HOME_PAGE (self));

  self->landscape = landscape;
  lk_layout_apply (self, placements, G_N_ELEMENTS (placements), landscape);
  show_fault (self);
}

static void
on_verify_clicked (LkHomePage *self)
{
  g_signal_emit (self, signals[SIGNAL_VERIFY], 0);
}

static void
on_field_clicked (GtkButton *button, LkHomePage *self)
{
  const char *field_id = g_object_get_data (G_OBJECT (button), "field-id");
  gboolean priority = gtk_toggle_button_get_active (self->priority_toggle);

  g_signal_emit (self, signals[SIGNAL_WALK_IN], 0, field_id, priority);
}

static void
on_priority_toggled (LkHomePage *self)
{
  gtk_label_set_label (self->priority_mark,
                       gtk_toggle_button_get_active (self->priority_toggle) ? "✓" : "");
}

/* A field's name wraps inside its button, word by word (a word too long for the button is
 * broken rather than cut), never ellipsized: the citizen must read all of it. */
static GtkWidget *
field_button (LkHomePage *self, const LkField *field)
{
  GtkWidget *button = gtk_button_new_with_label (field->name);
  GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_NONE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  /* Its natural width, not the whole name on one line: the grid shares the width. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
  gtk_widget_set_hexpand (button, TRUE);
  gtk_widget_add_css_class (button, "field-button");
  g_object_set_data_full (G_OBJECT (button), "field-id", g_strdup (field->id), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_field_clicked), self);
  return button;
}

void
lk_home_page_set_fields (LkHomePage *self, GPtrArray *fields)
{
  GtkWidget *child;

  g_return_if_fail (LK_IS_HOME_PAGE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_grid))) != NULL)
    gtk_grid_remove (self->fields_grid, child);

  for (guint i = 0; fields != NULL && i < fields->len; i++)
    gtk_grid_attach (self->fields_grid, field_button (self, g_ptr_array_index (fields, i)),
                     (int) (i % 2), (int) (i / 2), 1, 1);
}

void
lk_home_page_set_printer_fault (LkHomePage *self, const char *message)
{
  g_return_if_fail (LK_IS_HOME_PAGE (self));

  gtk_label_set_label (self->fault_banner, message ? message : "");
  gtk_label_set_label (self->fault_note, message ? message : "");
  show_fault (self);
}

void
lk_home_page_set_busy (LkHomePage *self, gboolean busy)
{
  g_return_if_fail (LK_IS_HOME_PAGE (self));

  gtk_widget_set_visible (self->busy_label, busy);
  gtk_widget_set_sensitive (self->layout_grid, !busy);
}

void
lk_home_page_reset (LkHomePage *self)
{
  g_return_if_fail (LK_IS_HOME_PAGE (self));

  gtk_toggle_button_set_active (self->priority_toggle, FALSE);
}

static void
lk_home_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_HOME_PAGE);
  G_OBJECT_CLASS (lk_home_page_parent_class)->dispose (object);
}

static void
lk_home_page_class_init (LkHomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_home_page_dispose;

  signals[SIGNAL_VERIFY] = g_signal_new ("verify", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_WALK_IN] =
      g_signal_new ("walk-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/layso/Kiosk/lk-home-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LkHomePage, fault_banner);
  gtk_widget_class_bind_template_child (widget_class, LkHomePage, fault_note);
  gtk_widget_class_bind_template_child (widget_class, LkHomePage, busy_label);
  gtk_widget_class_bind_template_child (widget_class, LkHomePage, layout_grid);
  gtk_widget_class_bind_template_child (widget_class, LkHomePage, verify_box);
  gtk_widget_class_bind_template_child (widget_class, LkHomePage, separator);
  gtk_widget_class_bind_template_child (widget_class, LkHomePage, walk_in_box);
  gtk_widget_class_bind_template_child (widget_class, LkHomePage, fields_grid);
  gtk_widget_class_bind_template_child (widget_class, LkHomePage, priority_toggle);
  gtk_widget_class_bind_template_child (widget_class, LkHomePage, priority_mark);
  gtk_widget_class_bind_template_callback (widget_class, on_verify_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_priority_toggled);
}

static void
lk_home_page_init (LkHomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  lk_home_page_set_landscape (self, FALSE);
}
