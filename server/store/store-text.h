/* How the catalog's compound values are kept in a text column, whatever the backend: every
 * backend stores them the same way, so a database moves between backends as text. */
#pragma once

#include "store/store.h"

/* Opening hours as "480-690,780-1020" (minutes of the day, start-end, comma-separated). */
char *ls_store_hours_text (const LaysoPeriod *hours, size_t n);
/* Fills u->opening_hours from that text; unreadable periods are left out. */
void ls_store_hours_parse (LsUnit *u, const char *text);
/* A field's own ticket numbers as "walk-in range;appointment range" ("1-999;1001-1999"),
 * or NULL for the default numbering. */
char *ls_store_numbers_text (const LsField *f);
/* Sets f's ranges from that text; NULL or anything unreadable leaves the default numbering. */
void ls_store_numbers_parse (LsField *f, const char *text);
/* 20 random hex characters from the CSPRNG (ids of tickets, users, notices, …). */
void ls_store_random_id (char ret[static 21]);
