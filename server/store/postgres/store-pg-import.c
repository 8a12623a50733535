/* The PostgreSQL backend: a SQLite database copied in (--migrate-from), in one transaction:
 * every row as the SQLite backend exports it (same tables, same columns), identity values
 * kept, the identity sequences moved past them. */
#include "store/postgres/store-pg-private.h"

#include <errno.h>
#include <string.h>

typedef struct
{
  PgConn *c;
  unsigned rows;
} Import;

/* Column names come from our own schema; quoted anyway, and refused if odd. */
static bool
plain_name (const char *s)
{
  for (const char *p = s; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
      return false;
  return *s != '\0';
}

/* INSERT INTO "table" ("a", "b") OVERRIDING SYSTEM VALUE VALUES ($1, $2) */
static char *
insert_sql (const char *table, int n, const char *const *columns)
{
  GString *sql = g_string_new (NULL);
  g_string_printf (sql, "INSERT INTO \"%s\" (", table);
  for (int i = 0; i < n; i++)
    g_string_append_printf (sql, "%s\"%s\"", i ? ", " : "", columns[i]);
  g_string_append (sql, ") OVERRIDING SYSTEM VALUE VALUES (");
  for (int i = 0; i < n; i++)
    g_string_append_printf (sql, "%s$%d", i ? ", " : "", i + 1);
  g_string_append_c (sql, ')');
  return g_string_free (sql, FALSE);
}

static int
import_row (const char *table, int n, const char *const *columns, const char *const *values,
            void *data)
{
  Import *im = data;
  for (int i = 0; i < n; i++)
    if (!plain_name (columns[i]))
      return -EINVAL;
  g_autofree char *sql = insert_sql (table, n, columns);
  /* not prepared: one text per table, parameters all the same */
  PGresult *r = PQexecParams (im->c->conn, sql, n, NULL, values, NULL, NULL, 0);
  int ok = PQresultStatus (r) == PGRES_COMMAND_OK;
  PQclear (r);
  if (!ok)
    return -EIO;
  im->rows++;
  return 0;
}

/* The identity sequences go on after the ids copied in. */
static int
sequences_past (PgConn *c)
{
  static const char *const sql[] = {
    "SELECT setval(pg_get_serial_sequence('bookings', 'id'), coalesce(max(id), 0) + 1, false)"
    " FROM bookings",
    "SELECT setval(pg_get_serial_sequence('tickets', 'seq_id'), coalesce(max(seq_id), 0) + 1,"
    " false) FROM tickets",
    "SELECT setval(pg_get_serial_sequence('audit_log', 'id'), coalesce(max(id), 0) + 1, false)"
    " FROM audit_log",
  };
  for (size_t i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      int r = pg_exec (c, sql[i], NULL, 0, NULL);
      if (r < 0)
        return r;
    }
  return 0;
}

static int
import_all (Import *im, const char *sqlite_path)
{
  PG_RESULT r = NULL;
  int err = pg_exec (
      im->c, "SELECT EXISTS (SELECT 1 FROM units) OR EXISTS (SELECT 1 FROM bookings)", NULL, 0, &r);
  if (err < 0)
    return err;
  if (g_str_equal (PQgetvalue (r, 0, 0), "t"))
    return -ENOTEMPTY;
  if ((err = ls_store_sqlite_export (sqlite_path, import_row, im)) < 0)
    return err;
  return sequences_past (im->c);
}

int
ls_store_postgres_import_sqlite (const char *conninfo, const char *sqlite_path, unsigned *ret_rows)
{
  Import im = { pg_conn_open (conninfo), 0 };
  if (!im.c)
    return -ENOTCONN;
  int r = pg_exec (im.c, "BEGIN", NULL, 0, NULL);
  if (r == 0)
    r = import_all (&im, sqlite_path);
  int end = pg_exec (im.c, r == 0 ? "COMMIT" : "ROLLBACK", NULL, 0, NULL);
  pg_conn_free (im.c);
  if (r == 0 && end < 0)
    r = end;
  if (r == 0)
    *ret_rows = im.rows;
  return r;
}
