/* See store-shared.h. */
#include "store/store-shared.h"

#include <string.h>

void
ls_store_booking_written (LsBooking *b, const LsBookingInput *in, gint64 id, const char *code)
{
  b->id = id;
  g_strlcpy (b->code, code, sizeof b->code);
  g_strlcpy (b->date, in->date, sizeof b->date);
  b->unit_id = (char *) in->unit_id;
  b->field_id = (char *) in->field_id;
  b->slot_id = (char *) in->slot_id;
  b->name = (char *) in->name;
  b->cccd = (char *) in->cccd;
  b->phone = (char *) in->phone;
  b->status = LAYSO_BOOKING_BOOKED;
  b->created_at = (char *) in->now;
}

void
ls_store_ticket_written (LsTicket *t, const LsTicketInput *in, const char *id)
{
  t->id = (char *) id;
  t->unit_id = (char *) in->unit_id;
  t->field_id = (char *) in->field_id;
  g_strlcpy (t->date, in->date, sizeof t->date);
  t->kind = in->kind;
  t->priority = in->priority;
  t->state = (char *) "waiting";
  t->issued_at = (char *) in->now;
  t->booking_id = in->booking ? in->booking->id : 0;
}

const char *
ls_store_queue_action_name (LsQueueAction action)
{
  static const char *const names[] = {
    [LS_QUEUE_NEXT] = "queue.next",
    [LS_QUEUE_RECALL] = "queue.recall",
    [LS_QUEUE_SKIP] = "queue.skip",
    [LS_QUEUE_DONE] = "queue.done",
    [LS_QUEUE_TRANSFER] = "queue.transfer",
    [LS_QUEUE_PAUSE] = "counter.pause",
    [LS_QUEUE_RESUME] = "counter.resume",
    [LS_QUEUE_REQUEUE] = "queue.requeue",
    [LS_QUEUE_ANNOUNCE] = NULL, /* not a staff action */
  };
  return (size_t) action < G_N_ELEMENTS (names) ? names[action] : NULL;
}

char *
ls_store_like_pattern (const char *text, bool prefix_only)
{
  GString *g = g_string_new (prefix_only ? "" : "%");
  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (g, '\\');
      g_string_append_c (g, *p);
    }
  g_string_append_c (g, '%');
  return g_string_free (g, FALSE);
}

int
ls_store_id_index (const char *const *ids, const char *id)
{
  for (int i = 0; ids && id && ids[i]; i++)
    if (strcmp (ids[i], id) == 0)
      return i;
  return -1;
}

LaysoStatsTicketState
ls_store_stats_state (const char *s)
{
  if (!s || strcmp (s, "waiting") == 0)
    return LAYSO_STATS_WAITING;
  if (strcmp (s, "called") == 0)
    return LAYSO_STATS_CALLED;
  return strcmp (s, "done") == 0 ? LAYSO_STATS_DONE : LAYSO_STATS_SKIPPED;
}
