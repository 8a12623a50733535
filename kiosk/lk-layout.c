#include "lk-layout.h"

void
lk_layout_apply (gpointer page, const LkPlacement *placements, gsize n_placements,
                 gboolean landscape)
{
  for (gsize i = 0; i < n_placements; i++)
    {
      GtkWidget *widget = G_STRUCT_MEMBER (GtkWidget *, page, placements[i].widget_offset);
      const LkCell *cell = landscape ? &placements[i].landscape : &placements[i].portrait;
      GtkWidget *grid = gtk_widget_get_parent (widget);
      GtkLayoutManager *layout = gtk_widget_get_layout_manager (grid);
      GtkGridLayoutChild *child =
          GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (layout, widget));

      g_return_if_fail (GTK_IS_GRID (grid));
      gtk_widget_set_visible (widget, cell->width > 0);
      if (cell->width == 0)
        continue;
      gtk_grid_layout_child_set_column (child, cell->column);
      gtk_grid_layout_child_set_row (child, cell->row);
      gtk_grid_layout_child_set_column_span (child, cell->width);
      gtk_grid_layout_child_set_row_span (child, cell->height);
    }
}
