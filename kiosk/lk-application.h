/* layso-kiosk's GtkApplication: reads --config (one clear line on stderr and exit 1 when it is
 * missing or wrong), loads the CSS and opens the one window. */
#pragma once

#include <gtk/gtk.h>

#include "lk-types.h"

G_BEGIN_DECLS

#define LK_TYPE_APPLICATION (lk_application_get_type ())
G_DECLARE_FINAL_TYPE (LkApplication, lk_application, LK, APPLICATION, GtkApplication)

LkApplication *lk_application_new (void);

G_END_DECLS
