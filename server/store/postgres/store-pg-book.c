/* The PostgreSQL backend: booking create, batched. A booking is one row of a batch handed to
 * the server-side function layso_book (migration 2, store-pg.c) in one statement: the
 * per-CCCD limits, the seat, the code and the Idempotency-Key's answer are decided there, in
 * one round trip for the whole batch. Why: the busy slot-day row stays locked until the
 * commit is flushed, so bookings of one slot go one transaction at a time; a transaction per
 * booking of ~7 round trips gave ~1,300/s, a batch per commit shares both the round trips and
 * the flush.
 *
 * The async path queues bookings; at most BATCHES_AT_ONCE pool threads drain the queue, each
 * taking up to BATCH_MAX bookings a transaction, so a batch grows while the one before it
 * commits. */
#include "store/postgres/store-pg-private.h"

#include <errno.h>
#include <json.h>
#include <string.h>

#define BATCH_MAX       128 /* bookings in one transaction at most */
#define BATCHES_AT_ONCE 2   /* transactions of one process in flight (one builds, one commits) */
#define CODE_ATTEMPTS   64  /* fresh codes for a booking whose code is taken by a booked one */

typedef struct
{
  const LsBookingInput *in;
  const LsIdem *idem; /* NULL: no key */
  LsRenderBooking render;
  void *user_data;
  LsBookingDone done; /* NULL: booking_create, which waits for the result */
  void *done_data;
  /* the outcome */
  LsBooking booking; /* as written: borrows in's strings */
  int result;
  LsReply reply; /* with a key: the answer stored (new or replayed) */
  bool replayed;
  bool code_taken;
  unsigned code_attempts;
} BookItem;

/* --- the batch's transaction ---------------------------------------------------------- */

static void
json_add_text (json_object *o, const char *name, const char *value)
{
  json_object_object_add (o, name, value ? json_object_new_string (value) : NULL);
}

/* An item as layso_book reads it. With a key, the answer is rendered now, with the fresh
 * code, and stored by the function if the booking is written (an answer holds no id). */
static json_object *
item_json (BookItem *item, int index)
{
  const LsBookingInput *in = item->in;
  layso_code_generate (item->booking.code);
  item->code_attempts++;
  ls_store_booking_written (&item->booking, in, 0, item->booking.code);
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "i", json_object_new_int (index));
  json_add_text (o, "unit", in->unit_id);
  json_add_text (o, "field", in->field_id);
  json_add_text (o, "date", in->date);
  json_add_text (o, "slot", in->slot_id);
  json_add_text (o, "name", in->name);
  json_add_text (o, "cccd", in->cccd);
  json_add_text (o, "phone", in->phone);
  json_add_text (o, "code", item->booking.code);
  json_add_text (o, "now", in->now);
  json_object_object_add (o, "max_day", json_object_new_int ((int) in->max_active_per_cccd));
  json_object_object_add (o, "max_unit", json_object_new_int ((int) in->max_active_per_cccd_unit));
  if (item->idem)
    {
      g_clear_pointer (&item->reply.body, g_free);
      item->render (&item->booking, item->user_data, &item->reply);
      json_add_text (o, "scope", item->idem->scope);
      json_add_text (o, "key", item->idem->key);
      json_add_text (o, "hash", item->idem->hash);
      json_object_object_add (o, "status", json_object_new_int ((int) item->reply.status));
      json_add_text (o, "body", item->reply.body);
    }
  return o;
}

/* One row of layso_book's answer into its item. */
static void
item_outcome (BookItem *item, const PGresult *r, int row)
{
  static const struct
  {
    const char *name;
    int result;
  } refusals[] = {
    { "duplicate", -LS_E_DUPLICATE },
    { "duplicate_unit", -LS_E_DUPLICATE_UNIT },
    { "slot_full", -LS_E_SLOT_FULL },
    { "idem_mismatch", -LS_E_IDEM_MISMATCH },
  };
  const char *outcome = PQgetvalue (r, row, 1);
  item->result = 0;
  if (g_str_equal (outcome, "booked"))
    item->booking.id = pg_get_int64 (r, row, 2);
  else if (g_str_equal (outcome, "replay"))
    {
      g_free (item->reply.body);
      item->reply.status = (unsigned) pg_get_int (r, row, 3);
      item->reply.body = pg_dup (r, row, 4);
      item->replayed = true;
    }
  else if (g_str_equal (outcome, "code_taken"))
    item->code_taken = true;
  else
    {
      item->result = -EIO;
      for (size_t i = 0; i < G_N_ELEMENTS (refusals); i++)
        if (g_str_equal (outcome, refusals[i].name))
          item->result = refusals[i].result;
    }
}

typedef struct
{
  BookItem **items; /* the ones this attempt writes */
  guint n;
} Batch;

static int
batch_apply (PgConn *c, void *data)
{
  Batch *b = data;
  json_object *list = json_object_new_array_ext ((int) b->n);
  for (guint i = 0; i < b->n; i++)
    {
      b->items[i]->code_taken = b->items[i]->replayed = false;
      b->items[i]->result = -EIO; /* unless the function answers for it */
      json_object_array_add (list, item_json (b->items[i], (int) i));
    }
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r, "SELECT r_i, r_outcome, r_id, r_status, r_body FROM layso_book($1)",
                     json_object_to_json_string_ext (list, JSON_C_TO_STRING_PLAIN));
  json_object_put (list);
  if (err < 0)
    return err;
  for (int row = 0; row < PQntuples (r); row++)
    {
      int i = pg_get_int (r, row, 0);
      if (i >= 0 && (guint) i < b->n)
        item_outcome (b->items[i], r, row);
    }
  return 0;
}

/* Writes the items (in one transaction, then the few whose fresh code was taken again, in
 * another), each item's result in it; an error of the whole transaction goes to every item
 * it held. */
static void
batch_run (PgStore *s, BookItem **items, guint n)
{
  g_autofree BookItem **pending = g_new (BookItem *, n);
  memcpy (pending, items, n * sizeof *items);
  while (n)
    {
      Batch b = { pending, n };
      int err = pg_tx (s, batch_apply, &b);
      guint again = 0;
      for (guint i = 0; i < n; i++)
        {
          BookItem *item = pending[i];
          if (err < 0)
            item->result = err;
          else if (item->code_taken && item->code_attempts < CODE_ATTEMPTS)
            pending[again++] = item;
          else if (item->code_taken)
            item->result = -EIO;
        }
      n = err < 0 ? 0 : again;
    }
}

/* --- booking create, waiting ---------------------------------------------------------- */

static BookItem
book_item (const LsBookingInput *in, const LsIdem *idem, LsRenderBooking render, void *user_data)
{
  return (BookItem){ .in = in, .idem = idem, .render = render, .user_data = user_data };
}

int
pg_booking_create (LsStore *base, const LsBookingInput *in, const LsIdem *idem,
                   LsRenderBooking render, void *user_data, LsReply *ret, bool *ret_replayed)
{
  BookItem item = book_item (in, idem, render, user_data);
  BookItem *items[] = { &item };
  batch_run ((PgStore *) base, items, 1);
  if (item.result < 0)
    {
      g_free (item.reply.body);
      return item.result;
    }
  if (!idem)
    render (&item.booking, user_data, &item.reply);
  *ret = item.reply;
  *ret_replayed = item.replayed;
  return 0;
}

/* --- booking create, queued ----------------------------------------------------------- */

/* The end of one queued booking, as LsBookingDone says. */
static void
item_done (BookItem *item)
{
  if (item->result < 0)
    {
      g_free (item->reply.body);
      item->done (item->result, NULL, NULL, false, item->done_data);
    }
  else if (item->idem)
    item->done (0, NULL, &item->reply, item->replayed, item->done_data);
  else
    item->done (0, &item->booking, NULL, false, item->done_data); /* the caller renders it */
  g_free (item);
}

/* Up to BATCH_MAX queued bookings into items; 0 when the queue is empty, and then this
 * drainer stops (decided under the lock the queue is filled under, so none is left behind). */
static guint
queue_take (PgStore *s, BookItem **items)
{
  guint n = 0;
  g_mutex_lock (&s->lock);
  while (n < BATCH_MAX && !g_queue_is_empty (&s->bookings))
    items[n++] = g_queue_pop_head (&s->bookings);
  if (!n)
    s->drainers--;
  g_mutex_unlock (&s->lock);
  return n;
}

/* On a pool thread: batches until the queue is empty. */
static void
drain_job (PgJob *job, PgStore *s)
{
  g_free (job);
  BookItem *items[BATCH_MAX];
  guint n;
  while ((n = queue_take (s, items)))
    {
      batch_run (s, items, n);
      for (guint i = 0; i < n; i++)
        item_done (items[i]);
    }
}

void
pg_booking_create_async (LsStore *base, const LsBookingInput *in, const LsIdem *idem,
                         LsRenderBooking render, void *user_data, LsBookingDone done,
                         void *done_data)
{
  PgStore *s = (PgStore *) base;
  BookItem *item = g_new (BookItem, 1);
  *item = book_item (in, idem, render, user_data);
  item->done = done;
  item->done_data = done_data;
  g_mutex_lock (&s->lock);
  g_queue_push_tail (&s->bookings, item);
  bool start = s->drainers < BATCHES_AT_ONCE;
  if (start)
    s->drainers++;
  g_mutex_unlock (&s->lock);
  if (start)
    {
      PgJob *job = g_new0 (PgJob, 1);
      job->run = drain_job;
      pg_submit (s, job);
    }
}
