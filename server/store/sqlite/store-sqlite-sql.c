/* The SQLite backend under store-sql.h: rows of a statement as it steps; writes on the
 * writer thread, reads on a pooled read-only connection. */
#include "store/sqlite/store-sqlite-private.h"

#include <errno.h>

static const char *
row_text (const LsSqlRow *row, int col)
{
  return (const char *) sqlite3_column_text ((sqlite3_stmt *) row->result, col);
}

static gint64
row_int64 (const LsSqlRow *row, int col)
{
  return sqlite3_column_int64 ((sqlite3_stmt *) row->result, col);
}

static const LsSqlRowOps row_ops = { row_text, row_int64 };

static int
conn_run (LsSql *c, const char *sql, const char *const *values, int n_values)
{
  return sql_run_texts (sqlite_conn_of (c), sql, values, (size_t) n_values);
}

static int
conn_query (LsSql *c, const char *sql, const char *const *values, int n_values,
            int (*on_row) (const LsSqlRow *row, void *data), void *data)
{
  STMT st = sql_prep (sqlite_conn_of (c), sql);
  if (!st)
    return -EIO;
  for (int i = 0; i < n_values; i++)
    sql_bind_text (st, i + 1, values[i]);
  int rc, err = 0;
  while (err == 0 && (rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      LsSqlRow row = { &row_ops, st, 0 };
      err = on_row (&row, data);
    }
  if (err < 0)
    return err;
  return rc == SQLITE_DONE ? 0 : -EIO;
}

const LsSqlConnOps sqlite_sql_conn_ops = { conn_run, conn_query };

typedef struct
{
  LsSqlFn fn;
  void *data;
} SqlCall;

static int
sql_call (Conn *c, void *data)
{
  SqlCall *call = data;
  return call->fn (&c->sql, call->data);
}

static int
sql_write (LsStore *s, LsSqlFn fn, void *data)
{
  SqlCall call = { fn, data };
  return sqlite_write_run ((SqliteStore *) s, sql_call, &call);
}

static int
sql_read (LsStore *s, LsSqlFn fn, void *data)
{
  SqlCall call = { fn, data };
  ON_READER (s, sql_call (c, &call));
}

const LsSqlBackend sqlite_sql_backend = { sql_write, sql_read, &sqlite_queue_hooks };
