/* The units' live events inside one server process: what the event streams read.
 *
 * The store numbers and keeps every event (store.h queue_act); once an action commits, the
 * store's writer hands its events to ls_event_hub_publish, in commit order, so each unit's
 * events arrive here in id order. The hub keeps the last LS_HUB_KEPT of each unit in memory
 * and wakes the unit's subscribers (the open streams), which then read what they have not
 * sent yet. Thread-safe; one hub per process. On PostgreSQL the store's listener hands over
 * every process's events (store.h watch_events); on SQLite events written by another
 * process on the same file are not seen here (streams of that process carry them). */
#pragma once

#include "store/store.h"

#include <glib.h>
#include <stdbool.h>

#define LS_HUB_KEPT 256

typedef struct LsHubSub LsHubSub;
/* Called on the publishing thread after the hub's lock is released (so a wake may take
 * locks of its own, e.g. libmicrohttpd's), with a reference on data taken under the lock:
 * a subscriber unsubscribed meanwhile may still get this one wake. Must be quick. */
typedef void (*LsHubWake) (void *data);
typedef void *(*LsHubRef) (void *data);

/* LsEventsCommitted: copies the events and wakes the unit's subscribers. */
void ls_event_hub_publish (const char *unit_id, GPtrArray *events, void *unused);
/* Appends copies (LsEvent*) of the unit's events with id > after to ret, oldest first;
 * false when the hub may lack some of them (never had them, or dropped them): the caller
 * then reads the store. */
bool ls_event_hub_since (const char *unit_id, gint64 after, GPtrArray *ret);
/* ref and unref keep data alive across a wake. */
LsHubSub *ls_event_hub_subscribe (const char *unit_id, LsHubWake wake, LsHubRef ref,
                                  GDestroyNotify unref, void *data);
/* No wake for sub starts after this returns (one already collected may still run, holding
 * its own reference). NULL is fine. */
void ls_event_hub_unsubscribe (LsHubSub *sub);
/* Wakes every subscriber of every unit (keep-alive pings, shutdown). */
void ls_event_hub_wake_all (void);
unsigned ls_event_hub_subscribers (void);
