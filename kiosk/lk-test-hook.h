/* What the end-to-end test sees. Off unless the environment asks for it:
 *   LAYSO_KIOSK_TEST_LOG=FILE          one line per screen change or event: real-time ms,
 *                                      page, event and the texts visible on that page
 *   LAYSO_KIOSK_SCREENSHOT_DIR=DIR     a PNG of the window after each screen change
 * Once a screen change has been drawn, the log gets a "settled" line with the centre of each
 * button ("label@x,y"), so a test can tap them with xdotool.
 * The log holds what the screen shows, less personal data: widgets with the CSS class
 * "personal" (the name) are left out and any 12-digit run is masked like a CCCD. The file is
 * created 0600 and start-up warns on stderr that the log is on: test use only. */
#pragma once

#include <gtk/gtk.h>

#include "lk-types.h"

G_BEGIN_DECLS

#define LK_TYPE_TEST_HOOK (lk_test_hook_get_type ())
G_DECLARE_FINAL_TYPE (LkTestHook, lk_test_hook, LK, TEST_HOOK, GObject)

/* NULL when neither variable is set. */
LkTestHook *lk_test_hook_new_from_environment (void);

/* Logs `event` for the visible `page` (named `page_name`); with `screenshot`, saves the
 * window and logs its buttons once the change has been drawn. NULL self does nothing. */
void lk_test_hook_record (LkTestHook *self, GtkWindow *window, const char *page_name,
                          GtkWidget *page, const char *event, gboolean screenshot);

G_END_DECLS
