/* The boards' waiting counts after a kiosk issued a ticket, announced at most once per
 * burst (routes/announce.c). */
#pragma once

typedef struct LsApp LsApp; /* app.h */
typedef struct LsAnnouncer LsAnnouncer;

/* app is borrowed and must outlive the announcer (its store and clock are used). */
LsAnnouncer *ls_announcer_new (LsApp *app);
/* Waits for the announcements due, then frees; NULL is fine. Before the store closes. */
void ls_announcer_free (LsAnnouncer *a);
/* Announces the unit's waiting counts now, or, while an announcement of the unit runs,
 * makes sure one more runs after it. */
void ls_announcer_request (LsAnnouncer *a, const char *unit_id);
