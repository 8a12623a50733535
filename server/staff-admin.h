/* Staff accounts from the command line: --create-admin and the demo's accounts. */
#pragma once

#include "store/store.h"

/* layso-server --db SPEC --create-admin USERNAME: the password is read from stdin (one
 * line, 8-256 characters; no echo needed, it never appears in argv or the process list),
 * hashed with Argon2id and stored; an existing user of that name gets the new password and
 * loses their sessions. Returns the exit status (0, or 1 after a line on stderr). */
int ls_staff_create_admin_command (const char *db_spec, const char *username);

/* --seed-demo: once per database, the demo unit's staff and an admin with random
 * 16-character passwords (CSPRNG), printed as `staff login: <username> <password>` and
 * `admin login: <username> <password>` (flushed at once); 0, or a negative errno. */
int ls_staff_seed_demo (LsStore *store);
