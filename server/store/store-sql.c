/* What store code written with LsSql shares, whichever backend runs it (store-sql.h). */
#include "store/store-sql.h"

char *
ls_sql_dup (const LsSqlRow *row, int col)
{
  return g_strdup (ls_sql_text (row, col));
}

LsSqlNum
ls_sql_num (gint64 v)
{
  LsSqlNum n;
  g_snprintf (n.s, sizeof n.s, "%" G_GINT64_FORMAT, v);
  return n;
}

typedef struct
{
  void *(*row_new) (const LsSqlRow *row);
  GPtrArray *list;
} Collect;

static int
collect_row (const LsSqlRow *row, void *data)
{
  Collect *c = data;
  g_ptr_array_add (c->list, c->row_new (row));
  return 0;
}

int
ls_sql_collect (LsSql *c, const char *sql, const char *const *values, int n_values,
                void *(*row_new) (const LsSqlRow *row), GDestroyNotify row_free, GPtrArray **ret)
{
  Collect collect = { row_new, g_ptr_array_new_with_free_func (row_free) };
  int r = c->ops->query (c, sql, values, n_values, collect_row, &collect);
  if (r < 0)
    {
      g_ptr_array_unref (collect.list);
      return r;
    }
  *ret = collect.list;
  return 0;
}

int
ls_sql_get_one (LsSql *c, const char *sql, const char *const *values, int n_values,
                void *(*row_new) (const LsSqlRow *row), GDestroyNotify row_free, void **ret)
{
  g_autoptr (GPtrArray) rows = NULL;
  int r = ls_sql_collect (c, sql, values, n_values, row_new, row_free, &rows);
  if (r < 0)
    return r;
  if (rows->len == 0)
    return -LS_E_NOT_FOUND;
  *ret = g_ptr_array_steal_index (rows, 0);
  return 0;
}

int
ls_sql_audit_insert (LsSql *c, const LsAuditEntry *e)
{
  int r = LS_SQL_RUN (c,
                      "INSERT INTO audit_log (at, user_id, action, unit_id, target, detail)"
                      " VALUES (?, ?, ?, ?, ?, ?)",
                      e->now, e->user_id, e->action, e->unit_id, e->target, e->detail);
  return r < 0 ? r : 0;
}
