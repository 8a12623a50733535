/* The kiosk's one window: a GtkStack of screens and the flow between them. It owns the REST
 * client and the devices, and is the only place that turns a scan or a tap into a ticket. */
#pragma once

#include <gtk/gtk.h>

#include "lk-types.h"

G_BEGIN_DECLS

#define LK_TYPE_WINDOW (lk_window_get_type ())
G_DECLARE_FINAL_TYPE (LkWindow, lk_window, LK, WINDOW, GtkApplicationWindow)

/* config is borrowed and must outlive the window (the application owns it). */
LkWindow *lk_window_new (GtkApplication *application, const LkConfig *config);
/* Asks the server who this kiosk is, then shows the home screen and starts the camera. */
void lk_window_start (LkWindow *self);
/* Side-by-side layouts for a monitor wider than tall; smaller type for a small panel. */
void lk_window_set_landscape (LkWindow *self, gboolean landscape);
void lk_window_set_compact (LkWindow *self, gboolean compact);

G_END_DECLS
