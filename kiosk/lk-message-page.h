/* The error screen (the server's Vietnamese message, home by itself after a few seconds) and
 * the "Không kết nối được máy chủ" screen with "Thử lại". */
#pragma once

#include <gtk/gtk.h>

#include "lk-types.h"

G_BEGIN_DECLS

#define LK_TYPE_MESSAGE_PAGE (lk_message_page_get_type ())
G_DECLARE_FINAL_TYPE (LkMessagePage, lk_message_page, LK, MESSAGE_PAGE, GtkBox)

/* Counts down `seconds` on the home button, then emits "done". */
void lk_message_page_show_error (LkMessagePage *self, const char *title, const char *message,
                                 guint seconds);
/* No countdown: "Thử lại" emits "retry"; with can_go_home a home button emits "done". */
void lk_message_page_show_offline (LkMessagePage *self, const char *message, gboolean can_go_home);
void lk_message_page_stop (LkMessagePage *self);

/* Signals: "retry" () and "done" (). */

G_END_DECLS
