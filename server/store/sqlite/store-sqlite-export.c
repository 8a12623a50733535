/* The SQLite backend: every row of every table, as text, for --migrate-from (store.h
 * ls_store_sqlite_export). Read in one read transaction on a read-only connection. */
#include "store/sqlite/store-sqlite-private.h"

#include <errno.h>

static int
export_table (sqlite3 *db, const char *table, LsRowSink sink, void *data)
{
  /* the table's name is one of ls_store_tables, never input */
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s", table);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK)
    return -EIO;
  int n = sqlite3_column_count (st), r = 0, rc;
  g_autofree const char **names = g_new0 (const char *, n + 1);
  g_autofree const char **values = g_new0 (const char *, n + 1);
  for (int i = 0; i < n; i++)
    names[i] = sqlite3_column_name (st, i);
  while (r == 0 && (rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      for (int i = 0; i < n; i++)
        values[i] = (const char *) sqlite3_column_text (st, i);
      r = sink (table, n, names, values, data);
    }
  if (r == 0 && rc != SQLITE_DONE)
    r = -EIO;
  sqlite3_finalize (st);
  return r;
}

int
ls_store_sqlite_export (const char *path, LsRowSink sink, void *data)
{
  sqlite3 *db = NULL;
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      sqlite3_close_v2 (db);
      return -EIO;
    }
  int r = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK ? 0 : -EIO;
  for (const char *const *t = ls_store_tables; r == 0 && *t; t++)
    r = export_table (db, *t, sink, data);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close_v2 (db);
  return r;
}
