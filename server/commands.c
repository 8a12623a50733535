/* The one-shot commands (commands.h). */
#include "commands.h"

#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static G_GNUC_PRINTF (1, 2) int fail (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, "layso-server: %s\n", msg);
  return 1;
}

int
ls_command_rotate_kiosk_token (const char *db, const char *kiosk_id)
{
  const char *path = strchr (db, ':') + 1; /* the spec was checked: it has a scheme */
  /* a mistyped path must not leave a new empty database behind (and report "no kiosk") */
  if (!ls_store_exists (db))
    return fail ("no database at %s", path);
  LsStore *store = NULL;
  int r = ls_store_open (db, &store);
  if (r < 0)
    {
      g_autofree char *shown = ls_store_spec_display (db);
      return fail ("cannot open database %s (%s)", shown, g_strerror (-r));
    }
  g_autofree char *token = NULL;
  r = ls_store_kiosk_rotate_token (store, kiosk_id, &token);
  ls_store_close (store);
  if (r == -LS_E_NOT_FOUND)
    return fail ("no kiosk with id %s in %s; nothing changed", kiosk_id, path);
  if (r < 0)
    return fail ("cannot store the new token (%s); the old token still works", g_strerror (-r));
  printf ("kiosk token: %s\n", token);
  fflush (stdout);
  return 0;
}

/* Opens and closes spec: the backend brings its schema up to date. */
static int
schema_current (const char *spec)
{
  LsStore *store = NULL;
  int r = ls_store_open (spec, &store);
  ls_store_close (store);
  return r;
}

int
ls_command_migrate_from (const char *db, const char *source)
{
  if (!g_str_has_prefix (db, "postgresql://") && !g_str_has_prefix (db, "postgres://"))
    return fail ("--migrate-from copies into a PostgreSQL database: --db postgresql://…");
  if (!g_str_has_prefix (source, "sqlite:") || !ls_store_exists (source))
    return fail ("no SQLite database at %s", source);
  int r;
  if ((r = schema_current (source)) < 0)
    return fail ("cannot open %s (%s)", source, g_strerror (-r));
  if ((r = schema_current (db)) < 0)
    return fail ("cannot open the PostgreSQL database (%s)", g_strerror (-r));
  unsigned rows = 0;
  r = ls_store_postgres_import_sqlite (db, source + strlen ("sqlite:"), &rows);
  if (r == -ENOTEMPTY)
    return fail ("the PostgreSQL database holds units or bookings already; nothing copied");
  if (r < 0)
    return fail ("cannot copy %s (%s); nothing copied", source, g_strerror (-r));
  printf ("migrated %u rows from %s\n", rows, source);
  fflush (stdout);
  return 0;
}
