#include "lk-message-page.h"

#include "lk-countdown.h"

struct _LkMessagePage
{
  GtkBox parent_instance;

  /* template widgets */
  GtkLabel *title_label;
  GtkLabel *message_label;
  GtkButton *retry_button;
  GtkButton *home_button;

  /* owned */
  LkCountdown *countdown;
};

G_DEFINE_FINAL_TYPE (LkMessagePage, lk_message_page, GTK_TYPE_BOX)

enum
{
  SIGNAL_RETRY,
  SIGNAL_DONE,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
update_home_button (LkMessagePage *self)
{
  g_autofree char *label =
      lk_countdown_get_running (self->countdown)
          ? g_strdup_printf ("Về màn hình chính (%u)", lk_countdown_get_remaining (self->countdown))
          : g_strdup ("Về màn hình chính");
  gtk_button_set_label (self->home_button, label);
}

static void
on_countdown_finished (LkMessagePage *self)
{
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

static void
on_retry_clicked (LkMessagePage *self)
{
  lk_message_page_stop (self);
  g_signal_emit (self, signals[SIGNAL_RETRY], 0);
}

static void
on_home_clicked (LkMessagePage *self)
{
  lk_message_page_stop (self);
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

void
lk_message_page_show_error (LkMessagePage *self, const char *title, const char *message,
                            guint seconds)
{
  g_return_if_fail (LK_IS_MESSAGE_PAGE (self));

  lk_message_page_stop (self);
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->home_button), TRUE);
  lk_countdown_start (self->countdown, seconds);
  update_home_button (self);
}

void
lk_message_page_show_offline (LkMessagePage *self, const char *message, gboolean can_go_home)
{
  g_return_if_fail (LK_IS_MESSAGE_PAGE (self));

  lk_message_page_stop (self);
  gtk_label_set_label (self->title_label, "Không kết nối được máy chủ");
  gtk_label_set_label (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->home_button), can_go_home);
  update_home_button (self);
}

void
lk_message_page_stop (LkMessagePage *self)
{
  g_return_if_fail (LK_IS_MESSAGE_PAGE (self));

  lk_countdown_stop (self->countdown);
}

static void
lk_message_page_dispose (GObject *object)
{
  LkMessagePage *self = LK_MESSAGE_PAGE (object);

  g_clear_object (&self->countdown);
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_MESSAGE_PAGE);
  G_OBJECT_CLASS (lk_message_page_parent_class)->dispose (object);
}

static void
lk_message_page_class_init (LkMessagePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_message_page_dispose;

  signals[SIGNAL_RETRY] = g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/layso/Kiosk/lk-message-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LkMessagePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LkMessagePage, message_label);
  gtk_widget_class_bind_template_child (widget_class, LkMessagePage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, LkMessagePage, home_button);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_home_clicked);
}

static void
lk_message_page_init (LkMessagePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->countdown = lk_countdown_new ();
  g_signal_connect_swapped (self->countdown, "tick", G_CALLBACK (update_home_button), self);
  g_signal_connect_swapped (self->countdown, "finished", G_CALLBACK (on_countdown_finished), self);
}
