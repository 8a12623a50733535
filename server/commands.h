/* The one-shot commands of layso-server: each runs against the database instead of the
 * server, prints its result, and returns the exit status (0 done, 1 refused or failed; the
 * reason in one line on stderr). Each is a row of the option table (options.c). */
#pragma once

/* --rotate-kiosk-token KIOSK_ID: gives the kiosk a fresh token, prints `kiosk token: <token>`.
 * An unknown kiosk or a missing database: exit 1, nothing changed (and no empty database
 * left behind). Safe while a server runs on the same database; the old token stops working
 * there at once. */
int ls_command_rotate_kiosk_token (const char *db, const char *kiosk_id);
/* --migrate-from sqlite:PATH (with --db postgresql://…): copies the SQLite database, every
 * table, into the PostgreSQL one, in one transaction, and prints `migrated N rows from …`.
 * Refused (exit 1, nothing copied) when the PostgreSQL database holds units or bookings
 * already. Stop the servers on the SQLite file first: what they write afterwards is not
 * copied. Kiosk tokens, staff passwords and sessions come along (they are stored hashed). */
int ls_command_migrate_from (const char *db, const char *source);
