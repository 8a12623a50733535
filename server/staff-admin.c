/* Staff accounts from the command line (staff-admin.h). */
#include "staff-admin.h"

#include "clock.h"
#include "routes/staff.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define DEMO_UNIT           "phuong-pho-yen"
#define DEMO_STAFF_USERNAME "quay.phoyen"
#define DEMO_ADMIN_USERNAME "quantri"
#define DEMO_PASSWORD_LEN   16

static char *
now_rfc3339 (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  return layso_rfc3339_format (now);
}

/* One line from stdin without its newline, or NULL. */
static char *
read_password (void)
{
  char buf[LS_PASSWORD_MAX_LEN + 2];
  if (!fgets (buf, sizeof buf, stdin))
    return NULL;
  buf[strcspn (buf, "\r\n")] = '\0';
  char *pw = g_strdup (buf);
  sodium_memzero (buf, sizeof buf);
  return pw;
}

static int
create_user (LsStore *store, const char *username, const char *name, const char *role,
             const char *unit_id, const char *password, bool replace)
{
  g_autofree char *hash = ls_password_hash (password);
  if (!hash)
    return -ENOMEM;
  g_autofree char *now = now_rfc3339 ();
  LsStaffUserInput in = {
    .username = username,
    .name = name,
    .role = role,
    .unit_id = unit_id,
    .password_hash = hash,
    .now = now,
    .replace_password = replace,
  };
  return ls_store_staff_user_create (store, &in, NULL);
}

int
ls_staff_create_admin_command (const char *db_spec, const char *username)
{
  g_autofree char *password = read_password ();
  if (!password || g_utf8_strlen (password, -1) < LS_PASSWORD_MIN_LEN ||
      !g_utf8_validate (password, -1, NULL))
    {
      fprintf (stderr,
               "layso-server: --create-admin: expected a password of at least %d "
               "characters on stdin\n",
               LS_PASSWORD_MIN_LEN);
      return 1;
    }
  LsStore *store = NULL;
  int r = ls_store_open (db_spec, &store);
  if (r < 0)
    {
      g_autofree char *shown = ls_store_spec_display (db_spec);
      fprintf (stderr, "layso-server: cannot open database %s (%s)\n", shown, g_strerror (-r));
      return 1;
    }
  r = create_user (store, username, username, "admin", NULL, password, true);
  ls_store_close (store);
  sodium_memzero (password, strlen (password));
  if (r < 0)
    {
      fprintf (stderr, "layso-server: cannot store the admin %s (%s)\n", username, g_strerror (-r));
      return 1;
    }
  printf ("admin %s: password set\n", username);
  return 0;
}

/* 16 characters of an unambiguous alphabet, from the CSPRNG. */
static void
random_password (char ret[static DEMO_PASSWORD_LEN + 1])
{
  static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
  for (int i = 0; i < DEMO_PASSWORD_LEN; i++)
    ret[i] = alphabet[randombytes_uniform (sizeof alphabet - 1)];
  ret[DEMO_PASSWORD_LEN] = '\0';
}

/* Phổ Yên's counters: "Quầy 1"…"Quầy 6" one field each, in the notice's order, and
 * "Quầy 7" serving every field. Counters there already stay as they are. */
static int
seed_demo_counters (LsStore *store)
{
  g_autoptr (LsCatalog) cat = NULL;
  int r = ls_store_load_catalog (store, &cat);
  const LsUnit *u = r == 0 ? ls_catalog_unit (cat, DEMO_UNIT) : NULL;
  if (!u)
    return r < 0 ? r : -ENOENT;
  g_autofree char *now = now_rfc3339 ();
  g_autofree const char **all = g_new0 (const char *, u->fields->len + 1);
  for (guint i = 0; i < u->fields->len && r == 0; i++)
    {
      const LsField *f = u->fields->pdata[i];
      all[i] = f->id;
      const char *one[] = { f->id, NULL };
      g_autofree char *name = g_strdup_printf ("Quầy %u", i + 1);
      LsCounterInput in = { u->id, name, i + 1, one, NULL, now };
      r = ls_store_counter_create (store, &in, NULL);
      r = r == -EEXIST ? 0 : r;
    }
  if (r < 0)
    return r;
  g_autofree char *name = g_strdup_printf ("Quầy %u", u->fields->len + 1);
  LsCounterInput every = { u->id, name, u->fields->len + 1, all, NULL, now };
  r = ls_store_counter_create (store, &every, NULL);
  return r == -EEXIST ? 0 : r;
}

int
ls_staff_seed_demo (LsStore *store)
{
  int counters = seed_demo_counters (store);
  if (counters < 0)
    return counters;
  char staff_pw[DEMO_PASSWORD_LEN + 1], admin_pw[DEMO_PASSWORD_LEN + 1];
  random_password (staff_pw);
  random_password (admin_pw);
  int r = create_user (store, DEMO_STAFF_USERNAME, "Cán bộ một cửa Phổ Yên", "staff", DEMO_UNIT,
                       staff_pw, false);
  if (r == -EEXIST)
    return 0; /* seeded before: the passwords were shown then */
  if (r < 0 || (r = create_user (store, DEMO_ADMIN_USERNAME, "Quản trị tỉnh", "admin", NULL,
                                 admin_pw, false)) < 0)
    return r == -EEXIST ? 0 : r;
  printf ("staff login: %s %s\nadmin login: %s %s\n", DEMO_STAFF_USERNAME, staff_pw,
          DEMO_ADMIN_USERNAME, admin_pw);
  fflush (stdout);
  return 0;
}
