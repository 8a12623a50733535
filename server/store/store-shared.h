/* What both backends do alike that is not SQL: the rows a write hands back without reading
 * them again, the audit names of queue actions, LIKE patterns, statistics' indices. */
#pragma once

#include "store/store.h"

/* The booking just inserted, as the input says (its strings borrowed from in). */
void ls_store_booking_written (LsBooking *b, const LsBookingInput *in, gint64 id, const char *code);
/* The ticket just issued, as the input says (strings borrowed from in and id). */
void ls_store_ticket_written (LsTicket *t, const LsTicketInput *in, const char *id);
/* The audit log's name of a staff action ("queue.next"), NULL for one that is not audited. */
const char *ls_store_queue_action_name (LsQueueAction action);
/* A LIKE pattern (ESCAPE '\') that finds text literally: % _ and \ escaped; prefix_only:
 * text at the start, else anywhere. */
char *ls_store_like_pattern (const char *text, bool prefix_only);
/* The index of id in the NULL-terminated ids, -1 if absent (or NULL). */
int ls_store_id_index (const char *const *ids, const char *id);
/* A ticket's state as statistics count it (NULL: waiting). */
LaysoStatsTicketState ls_store_stats_state (const char *state);
