/* Portrait (1080×1920) and landscape (1920×1080) placements of a page's widgets in its GtkGrid.
 * A kiosk's monitor does not rotate while it runs, so the window picks one at start-up. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  int column, row, width, height; /* width 0: hidden in this orientation */
} LkCell;

typedef struct
{
  gsize widget_offset; /* G_STRUCT_OFFSET of the GtkWidget* in the page */
  LkCell portrait;
  LkCell landscape;
} LkPlacement;

/* Moves each widget of `page` (a struct holding the widget pointers) to its cell. */
void lk_layout_apply (gpointer page, const LkPlacement *placements, gsize n_placements,
                      gboolean landscape);

G_END_DECLS
