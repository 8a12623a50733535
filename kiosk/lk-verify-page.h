/* "Xác thực mã đặt chỗ": the input, an on-screen keypad (a phone's 3×4 digit block, the code
 * letters beside it), the camera area (the live preview, "Đưa mã QR vào trước camera" while
 * there is none, or only "Camera không hoạt động — vui lòng nhập mã" without a camera), the
 * submit button that reads "Đang xử lý..." while the window's request runs, and the error of
 * a refused attempt above the input it keeps. */
#pragma once

#include <gtk/gtk.h>

#include "lk-types.h"

G_BEGIN_DECLS

#define LK_TYPE_VERIFY_PAGE (lk_verify_page_get_type ())
G_DECLARE_FINAL_TYPE (LkVerifyPage, lk_verify_page, LK, VERIFY_PAGE, GtkBox)

void lk_verify_page_set_text (LkVerifyPage *self, const char *text);
/* Appends typed text (a hardware keyboard or a USB scanner typing on the home screen). */
void lk_verify_page_append_text (LkVerifyPage *self, const char *text);
void lk_verify_page_set_busy (LkVerifyPage *self, gboolean busy);
/* A refused attempt: title and message above the input, which is kept, focused and selected
 * so the citizen corrects it (a key replaces it). Hidden again when the input changes or an
 * attempt starts. */
void lk_verify_page_show_error (LkVerifyPage *self, const char *title, const char *message);
/* An unavailable camera also drops the preview's last frame. */
void lk_verify_page_set_camera (LkVerifyPage *self, gboolean available);
/* Shows a camera frame (LkScanner "frame": 8-bit grey, rows `stride` bytes apart) in the
 * camera area, mirrored like a looking-glass since the camera faces the citizen; NULL (or a
 * buffer too short for the size) goes back to the placeholder. */
void lk_verify_page_set_frame (LkVerifyPage *self, GBytes *grey, guint width, guint height,
                               guint stride);
void lk_verify_page_set_landscape (LkVerifyPage *self, gboolean landscape);
void lk_verify_page_focus_entry (LkVerifyPage *self);

/* Signals: "submit" (const char *text) and "back" (). */

G_END_DECLS
