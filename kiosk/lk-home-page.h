/* The home screen: "Xác thực lịch hẹn", one walk-in button per field of the kiosk's unit with
 * a priority option, and the printer-fault banner. It only reports what was tapped. */
#pragma once

#include <gtk/gtk.h>

#include "lk-types.h"

G_BEGIN_DECLS

#define LK_TYPE_HOME_PAGE (lk_home_page_get_type ())
G_DECLARE_FINAL_TYPE (LkHomePage, lk_home_page, LK, HOME_PAGE, GtkBox)

/* fields: of LkField*, borrowed during the call. */
void lk_home_page_set_fields (LkHomePage *self, GPtrArray *fields);
/* NULL hides the banner; else a Vietnamese sentence about the printer. */
void lk_home_page_set_printer_fault (LkHomePage *self, const char *message);
/* Back to the state a new citizen expects (priority unticked). */
void lk_home_page_set_landscape (LkHomePage *self, gboolean landscape);
/* While a walk-in ticket is being issued: "Đang xử lý..." and no button reacts. */
void lk_home_page_set_busy (LkHomePage *self, gboolean busy);
void lk_home_page_reset (LkHomePage *self);

/* Signals: "verify" () and "walk-in" (const char *field_id, gboolean priority). */

G_END_DECLS
