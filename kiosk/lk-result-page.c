#include "lk-result-page.h"

#include <string.h>

#include "lk-countdown.h"
#include "lk-layout.h"
#include "lk-wire.h"
#include "validate.h"
#include "wire.h"

struct _LkResultPage
{
  GtkBox parent_instance;

  /* template widgets */
  GtkLabel *name_caption;
  GtkLabel *name_value;
  GtkLabel *cccd_caption;
  GtkLabel *cccd_value;
  GtkLabel *code_caption;
  GtkLabel *code_value;
  GtkLabel *field_value;
  GtkLabel *number_label;
  GtkLabel *print_status;
  GtkLabel *issued_label;
  GtkLabel *waiting_label;
  GtkButton *done_button;
  GtkWidget *details_grid;
  GtkWidget *number_card;
  GtkWidget *please_wait;
  GtkWidget *important_box;

  /* owned */
  LkCountdown *countdown;
};

G_DEFINE_FINAL_TYPE (LkResultPage, lk_result_page, GTK_TYPE_BOX)

enum
{
  SIGNAL_DONE,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* Portrait: one column. Landscape: the details on the left, the number on the right. */
static const LkPlacement placements[] = {
  { G_STRUCT_OFFSET (LkResultPage, details_grid), { 0, 0, 1, 1 }, { 0, 0, 1, 1 } },
  { G_STRUCT_OFFSET (LkResultPage, number_card), { 0, 1, 1, 1 }, { 1, 0, 1, 2 } },
  { G_STRUCT_OFFSET (LkResultPage, print_status), { 0, 2, 1, 1 }, { 1, 2, 1, 2 } },
  { G_STRUCT_OFFSET (LkResultPage, please_wait), { 0, 3, 1, 1 }, { 0, 3, 1, 1 } },
  { G_STRUCT_OFFSET (LkResultPage, issued_label), { 0, 4, 1, 1 }, { 0, 1, 1, 1 } },
  { G_STRUCT_OFFSET (LkResultPage, waiting_label), { 0, 5, 1, 1 }, { 0, 2, 1, 1 } },
  { G_STRUCT_OFFSET (LkResultPage, important_box), { 0, 6, 1, 1 }, { 0, 4, 2, 1 } },
};

void
lk_result_page_set_landscape (LkResultPage *self, gboolean landscape)
{
  g_return_if_fail (LK_IS_RESULT_PAGE (self));

  lk_layout_apply (self, placements, G_N_ELEMENTS (placements), landscape);
}

static void
update_button (LkResultPage *self, guint remaining)
{
  g_autofree char *label = g_strdup_printf ("+ Lấy số khác (%u)", remaining);
  gtk_button_set_label (self->done_button, label);
}

static void
finish (LkResultPage *self)
{
  lk_result_page_stop (self);
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

static void
on_countdown_tick (LkCountdown *countdown, guint remaining, LkResultPage *self)
{
  update_button (self, remaining);
}

static void
on_done_clicked (LkResultPage *self)
{
  finish (self);
}

static void
set_row (GtkLabel *caption, GtkLabel *value, const char *text)
{
  gboolean shown = text != NULL && text[0] != '\0';

  gtk_label_set_label (value, shown ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (caption), shown);
  gtk_widget_set_visible (GTK_WIDGET (value), shown);
}

void
lk_result_page_show_ticket (LkResultPage *self, const LkTicket *ticket, guint seconds)
{
  g_return_if_fail (LK_IS_RESULT_PAGE (self));
  g_return_if_fail (ticket != NULL);

  /* A public screen: others in the hall can read it, so the CCCD is masked as in public
   * answers (re-masking what a server masked already); anything else is not shown. */
  char cccd_buf[LAYSO_CCCD_LEN + 1];
  const char *cccd = layso_cccd_masked (ticket->booking_cccd, cccd_buf);
  g_autofree char *issued = lk_wire_format_instant (ticket->issued_at);
  g_autofree char *issued_line = g_strdup_printf ("Ngày giờ lấy phiếu: %s", issued ? issued : "");
  g_autofree char *waiting_line =
      g_strdup_printf ("Số người đang chờ trước quý khách: %d", ticket->waiting_before);

  set_row (self->name_caption, self->name_value, ticket->walk_in ? NULL : ticket->booking_name);
  set_row (self->cccd_caption, self->cccd_value, ticket->walk_in ? NULL : cccd);
  set_row (self->code_caption, self->code_value, ticket->walk_in ? NULL : ticket->booking_code);
  gtk_label_set_label (self->field_value, ticket->field_name ? ticket->field_name : "");
  gtk_label_set_label (self->number_label, ticket->number);
  gtk_label_set_label (self->issued_label, issued_line);
  gtk_label_set_label (self->waiting_label, waiting_line);

  lk_countdown_start (self->countdown, seconds);
  update_button (self, lk_countdown_get_remaining (self->countdown));
}

void
lk_result_page_set_print_status (LkResultPage *self, LkPrintStatus status,
                                 const char *fault_message)
{
  g_return_if_fail (LK_IS_RESULT_PAGE (self));

  GtkWidget *label = GTK_WIDGET (self->print_status);
  gtk_widget_remove_css_class (label, "fault");
  switch (status)
    {
      case LK_PRINT_STATUS_PRINTING:
        gtk_label_set_label (self->print_status, "Đang in phiếu...");
        break;
      case LK_PRINT_STATUS_PRINTED:
        gtk_label_set_label (self->print_status, "Vui lòng nhận phiếu ở khe máy in");
        break;
      case LK_PRINT_STATUS_FAULT:
        {
          g_autofree char *text =
              g_strdup_printf ("Máy in đang gặp sự cố%s%s.\n"
                               "Không in được phiếu: hãy ghi nhớ số phiếu!",
                               fault_message ? ": " : "", fault_message ? fault_message : "");
          gtk_label_set_label (self->print_status, text);
          gtk_widget_add_css_class (label, "fault");
          break;
        }
    }
}

void
lk_result_page_stop (LkResultPage *self)
{
  g_return_if_fail (LK_IS_RESULT_PAGE (self));

  lk_countdown_stop (self->countdown);
}

static void
lk_result_page_dispose (GObject *object)
{
  LkResultPage *self = LK_RESULT_PAGE (object);

  g_clear_object (&self->countdown);
  gtk_widget_dispose_template (GTK_WIDGET (object), LK_TYPE_RESULT_PAGE);
  G_OBJECT_CLASS (lk_result_page_parent_class)->dispose (object);
}

static void
lk_result_page_class_init (LkResultPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_result_page_dispose;

  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/layso/Kiosk/lk-result-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LkResultPage, name_caption);
  gtk_widget_class_bind_template_child (widget_class, LkResultPage, name_value);
  gtk_widget_class_bind_template_child (widget_class, LkResultPage, cccd_caption);
  gtk_widget_class_bind_template_child (widget_class, LkResultPage, cccd_value);
  gtk_widget_class_bind_template_child (widget_class, LkResultPage, code_caption);
  gtk_widget_class_bind_template_child (widget_class, LkResultPage, code_value);
  gtk_widget_class_bind_template_child (widget_class, LkResultPage, field_value);
  gtk_widget_class_bind_template_child (widget_class, LkResultPage, number_label);
  gtk_widget_class_bind_template_child (widget_class, LkResultPage, print_status);
  gtk_widget_class_bind_template_child (widget_class, LkResultPage, issued_label);
  gtk_widget_class_bind_template_child (widget_class, LkResultPage, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, LkResultPage, done_button);
  gtk_widget_class_bind_template_child (widget_class, LkResultPage, details_grid);
  gtk_widget_class_bind_template_child (widget_class, LkResultPage, number_card);
  gtk_widget_class_bind_template_child (widget_class, LkResultPage, please_wait);
  gtk_widget_class_bind_template_child (widget_class, LkResultPage, important_box);
  gtk_widget_class_bind_template_callback (widget_class, on_done_clicked);
}

static void
lk_result_page_init (LkResultPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  lk_result_page_set_landscape (self, FALSE);
  self->countdown = lk_countdown_new ();
  g_signal_connect (self->countdown, "tick", G_CALLBACK (on_countdown_tick), self);
  g_signal_connect_swapped (self->countdown, "finished", G_CALLBACK (finish), self);
}
