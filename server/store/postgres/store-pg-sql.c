/* The PostgreSQL backend under store-sql.h: `?` numbered $1, $2, …; rows of a PGresult;
 * writes in pg_tx, reads on a pooled connection. */
#include "store/postgres/store-pg-private.h"

#include <errno.h>

/* sql with its `?` numbered, made once per text for the process's life: the texts are
 * static and few (store-sql.h), and pg_exec keys its prepared statements by the address
 * returned here. */
static const char *
numbered (const char *sql)
{
  static GMutex lock;
  static GHashTable *made; /* static text -> its numbered copy */
  g_mutex_lock (&lock);
  if (!made)
    made = g_hash_table_new (g_direct_hash, g_direct_equal);
  char *text = g_hash_table_lookup (made, sql);
  if (!text)
    {
      GString *s = g_string_sized_new (strlen (sql) + 16);
      int n = 0;
      for (const char *p = sql; *p; p++)
        if (*p == '?')
          g_string_append_printf (s, "$%d", ++n);
        else
          g_string_append_c (s, *p);
      text = g_string_free (s, FALSE);
      g_hash_table_insert (made, (gpointer) sql, text);
    }
  g_mutex_unlock (&lock);
  return text;
}

static const char *
row_text (const LsSqlRow *row, int col)
{
  return pg_text (row->result, row->index, col);
}

static gint64
row_int64 (const LsSqlRow *row, int col)
{
  return pg_get_int64 (row->result, row->index, col);
}

static const LsSqlRowOps row_ops = { row_text, row_int64 };

static int
conn_run (LsSql *c, const char *sql, const char *const *values, int n_values)
{
  return pg_run (pg_conn_of (c), numbered (sql), values, n_values);
}

static int
conn_query (LsSql *c, const char *sql, const char *const *values, int n_values,
            int (*on_row) (const LsSqlRow *row, void *data), void *data)
{
  PG_RESULT r = NULL;
  int err = pg_exec (pg_conn_of (c), numbered (sql), values, n_values, &r);
  for (int i = 0; err == 0 && i < PQntuples (r); i++)
    {
      LsSqlRow row = { &row_ops, r, i };
      err = on_row (&row, data);
    }
  return err < 0 ? err : 0;
}

const LsSqlConnOps pg_sql_conn_ops = { conn_run, conn_query };

typedef struct
{
  LsSqlFn fn;
  void *data;
} SqlCall;

static int
sql_call (PgConn *c, void *data)
{
  SqlCall *call = data;
  return call->fn (&c->sql, call->data);
}

static int
sql_write (LsStore *s, LsSqlFn fn, void *data)
{
  SqlCall call = { fn, data };
  return pg_tx ((PgStore *) s, sql_call, &call);
}

static int
sql_read (LsStore *s, LsSqlFn fn, void *data)
{
  SqlCall call = { fn, data };
  ON_CONN (s, sql_call (c, &call));
}

const LsSqlBackend pg_sql_backend = { sql_write, sql_read, &pg_queue_hooks };
