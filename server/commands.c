/* The one-shot commands (commands.h). */
#include "commands.h"

#include "store/store.h"

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
    return fail ("cannot open database %s (%s)", db, g_strerror (-r));
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
