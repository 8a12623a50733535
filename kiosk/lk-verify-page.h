/* "Xác thực mã đặt chỗ": the input, an on-screen keypad, the camera area and the submit
 * button that reads "Đang xử lý..." while the window's request runs. */
#pragma once

#include <gtk/gtk.h>

#include "lk-types.h"

G_BEGIN_DECLS

#define LK_TYPE_VERIFY_PAGE (lk_verify_page_get_type ())
G_DECLARE_FINAL_TYPE (LkVerifyPage, lk_verify_page, LK, VERIFY_PAGE, GtkBox)

void lk_verify_page_set_text     (LkVerifyPage *self, const char *text);
/* Appends typed text (a hardware keyboard or a USB scanner typing on the home screen). */
void lk_verify_page_append_text  (LkVerifyPage *self, const char *text);
void lk_verify_page_set_busy     (LkVerifyPage *self, gboolean busy);
void lk_verify_page_set_camera   (LkVerifyPage *self, gboolean available);
void lk_verify_page_set_landscape (LkVerifyPage *self, gboolean landscape);
void lk_verify_page_focus_entry  (LkVerifyPage *self);

/* Signals: "submit" (const char *text) and "back" (). */

G_END_DECLS
