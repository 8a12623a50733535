/* "Lấy số thành công!": the ticket number in very large type, the citizen's details, the print
 * status, and "+ Lấy số khác (N)" counting down to the home screen. */
#pragma once

#include <gtk/gtk.h>

#include "lk-types.h"

G_BEGIN_DECLS

#define LK_TYPE_RESULT_PAGE (lk_result_page_get_type ())
G_DECLARE_FINAL_TYPE (LkResultPage, lk_result_page, LK, RESULT_PAGE, GtkBox)

typedef enum
{
  LK_PRINT_STATUS_PRINTING,
  LK_PRINT_STATUS_PRINTED,
  LK_PRINT_STATUS_FAULT, /* the number is on screen only: "hãy ghi nhớ số phiếu" */
} LkPrintStatus;

/* Shows the ticket and starts the countdown of `seconds`; "done" is emitted at 0. */
void lk_result_page_show_ticket (LkResultPage *self, const LkTicket *ticket, guint seconds);
/* fault_message: the printer's Vietnamese reason for LK_PRINT_STATUS_FAULT, else ignored. */
void lk_result_page_set_print_status (LkResultPage *self, LkPrintStatus status,
                                      const char *fault_message);
void lk_result_page_set_landscape (LkResultPage *self, gboolean landscape);
void lk_result_page_stop (LkResultPage *self);

/* Signal: "done" () — pressed, or the countdown reached 0. */

G_END_DECLS
