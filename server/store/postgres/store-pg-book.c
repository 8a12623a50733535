/* The PostgreSQL backend: booking create, batched. A booking is one item of a batch handed to
 * the server-side function layso_book (migration 3, below) in one statement: the per-CCCD
 * limits, the seat, the code and the Idempotency-Key's answer are decided there, for the
 * whole batch in one transaction. Why: a busy slot's slot-day row stays locked until the
 * commit is flushed, so its bookings go one transaction at a time; a transaction per booking
 * (~7 round trips) gave ~1,300/s, a batch per commit shares the round trips and the flush.
 *
 * The async path queues bookings; one pool thread per process at a time drains the queue,
 * up to BATCH_MAX bookings a transaction, so a batch grows while the one before it commits.
 * A second thread's batch would wait for the first's slot-day rows anyway; measured with 3
 * processes on one slot, two threads each gave 3,700 bookings/s, one 6,500/s. When other
 * processes' batches of the same slot keep a batch waiting, the drainer pauses before its
 * next batch (next_pause). */
#include "store/postgres/store-pg-private.h"

#include <errno.h>
#include <json.h>
#include <string.h>

#define BATCH_MAX     128  /* bookings in one transaction at most */
#define PAUSE_MAX_US  5000 /* the longest pause between two batches (next_pause) */
#define CODE_ATTEMPTS 64   /* fresh codes for a booking whose code is taken by a booked one */

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

/* --- layso_book (migration 2) --------------------------------------------------------- */

/* Migration 2: the per-CCCD count has its own index: a plan made on an empty table (PL/pgSQL
 * and prepared statements keep it for the connection's life) picked bookings_to_expire, a
 * scan of every booked booking, which slowed each booking as the table grew. The foreign
 * keys of bookings on slots and fields go (see layso_book); nothing deletes a unit's slots
 * or fields. Migration 2 also created the first layso_book, which migration 3 replaces. */
const char pg_book_migration[] =
    "CREATE INDEX bookings_active_cccd ON bookings(cccd, unit_id) WHERE status = 'booked';"
    "ALTER TABLE bookings DROP CONSTRAINT bookings_unit_id_field_id_fkey,"
    "  DROP CONSTRAINT bookings_unit_id_slot_id_fkey;";

/* Migration 3, layso_book(p). p: the batch, a JSON array of bookings (item_json), no two
 * with the same CCCD at a unit or the same key (queue_take keeps them apart). One row per
 * booking: its index, its outcome (booked, replay, idem_mismatch, duplicate, duplicate_unit,
 * slot_full, code_taken), the new booking's id, a replayed answer; then one row (-1,
 * 'waited', microseconds) that says how long the batch waited for slot-day rows other
 * transactions held (next_pause). It runs as one statement
 * in its own transaction (pg_autocommit): one round trip a batch.
 *
 * The locks are taken in one statement, each class in one order, by value — idempotency
 * keys, CCCDs, slots, then the slot-day rows (in the order a capacity change locks them,
 * store-pg-admin.c) — so batches and capacity changes never wait in a cycle. A slot is
 * locked with a shared advisory lock, which a capacity change takes exclusively: a row lock
 * shared by several transactions at once (FOR SHARE, or the foreign-key checks of bookings
 * on slots and fields) makes PostgreSQL write a multixact to the row; measured on one busy
 * slot, that cost a third of the throughput. A slot-day row is the one lock every booking of
 * that slot waits for, from the moment it is taken until the commit is flushed: it is taken
 * last. First each booking is checked and inserted on its own (phase 1); then, per slot-day,
 * the seats are counted out in the batch's order and the bookings beyond capacity deleted
 * again (phase 2) — the outcome of bookings one after the other, with the busy row held for
 * a few statements. Every statement is a cost paid per batch (~20 µs each, measured with
 * pgbench): the slot's capacity comes with the slot-days, the slot-day row is created only
 * when it is missing. */
const char pg_book_function[] =
    "CREATE OR REPLACE FUNCTION layso_book(p jsonb) RETURNS TABLE"
    "  (r_i int, r_outcome text, r_id bigint, r_status int, r_body text)"
    " LANGUAGE plpgsql AS $$\n"
    "#variable_conflict use_column\n"
    "DECLARE lk record; it record; stored record; n_day int; n_unit int; g record;"
    "  ids bigint[] := array_fill(NULL::bigint, ARRAY[jsonb_array_length(p)]);"
    "  cur int; granted int; n int; x jsonb; t timestamptz; waited interval := '0';\n"
    "BEGIN\n"
    "  FOR lk IN SELECT DISTINCT l.class, l.k FROM jsonb_array_elements(p) e, LATERAL (VALUES"
    "    (1, CASE WHEN e->>'key' IS NOT NULL"
    "      THEN hashtextextended((e->>'scope') || ':' || (e->>'key'), 1) END),"
    "    (2, hashtextextended((e->>'unit') || ':' || (e->>'cccd'), 2)),"
    "    (3, hashtextextended((e->>'unit') || ':' || (e->>'slot'), 3))) l(class, k)"
    "    WHERE l.k IS NOT NULL ORDER BY 1, 2 LOOP\n"
    /* a capacity change of the slot is seen whole, or waits for the batch */
    "    IF lk.class = 3 THEN PERFORM pg_advisory_xact_lock_shared(lk.k);\n"
    "    ELSE PERFORM pg_advisory_xact_lock(lk.k);\n"
    "    END IF;\n"
    "  END LOOP;\n"
    /* phase 1 */
    "  FOR it IN SELECT * FROM jsonb_to_recordset(p) AS e(i int, unit text, field text,"
    "    date text, slot text, name text, cccd text, phone text, code text, now text,"
    "    max_day int, max_unit int, scope text, key text, hash text) ORDER BY i LOOP\n"
    "    r_i := it.i; r_id := NULL; r_status := NULL; r_body := NULL;\n"
    "    IF it.key IS NOT NULL THEN\n"
    "      SELECT d.request_hash, d.status, d.body INTO stored FROM idempotency d"
    "        WHERE d.scope = it.scope AND d.key = it.key;\n"
    "      IF FOUND THEN\n"
    "        IF stored.request_hash <> it.hash THEN r_outcome := 'idem_mismatch';\n"
    "        ELSE r_outcome := 'replay'; r_status := stored.status; r_body := stored.body;\n"
    "        END IF;\n"
    "        RETURN NEXT; CONTINUE;\n"
    "      END IF;\n"
    "    END IF;\n"
    /* the field+day limit is the narrower message, so it is told first */
    "    SELECT count(*) FILTER (WHERE b.date = it.date AND b.field_id = it.field), count(*)"
    "      INTO n_day, n_unit FROM bookings b"
    "      WHERE b.cccd = it.cccd AND b.unit_id = it.unit AND b.status = 'booked';\n"
    "    IF n_day >= it.max_day THEN r_outcome := 'duplicate'; RETURN NEXT; CONTINUE; END IF;\n"
    "    IF n_unit >= it.max_unit THEN\n"
    "      r_outcome := 'duplicate_unit'; RETURN NEXT; CONTINUE;\n"
    "    END IF;\n"
    "    INSERT INTO bookings (code, unit_id, field_id, date, slot_id, name, cccd, phone,"
    "      status, consent_at, created_at)"
    "      VALUES (it.code, it.unit, it.field, it.date, it.slot, it.name, it.cccd, it.phone,"
    "      'booked', it.now, it.now)"
    "      ON CONFLICT (code) WHERE status = 'booked' DO NOTHING RETURNING id INTO r_id;\n"
    /* the code is taken by a booked booking: C tries a fresh one */
    "    IF r_id IS NULL THEN r_outcome := 'code_taken'; RETURN NEXT; CONTINUE; END IF;\n"
    "    ids[it.i + 1] := r_id;\n"
    "  END LOOP;\n"
    /* phase 2 */
    "  FOR g IN SELECT e.unit, e.field, e.date, e.slot, s.capacity,"
    "    array_agg(e.i ORDER BY e.i) AS items"
    "    FROM jsonb_to_recordset(p) AS e(i int, unit text, field text, date text, slot text)"
    "    LEFT JOIN slots s ON s.unit_id = e.unit AND s.id = e.slot"
    "    WHERE ids[e.i + 1] IS NOT NULL GROUP BY 1, 2, 3, 4, 5"
    "    ORDER BY e.date, e.unit COLLATE \"C\", e.slot COLLATE \"C\", e.field COLLATE \"C\" LOOP\n"
    "    granted := 0;\n"
    "    IF g.capacity > 0 THEN\n"
    "      t := clock_timestamp();\n"
    "      SELECT u.used INTO cur FROM slot_usage u WHERE (u.unit_id, u.field_id, u.date,"
    "        u.slot_id) = (g.unit, g.field, g.date, g.slot) FOR UPDATE;\n"
    "      waited := waited + (clock_timestamp() - t);\n"
    "      IF NOT FOUND THEN\n"
    "        INSERT INTO slot_usage (unit_id, field_id, date, slot_id, used)"
    "          VALUES (g.unit, g.field, g.date, g.slot, 0) ON CONFLICT DO NOTHING;\n"
    "        SELECT u.used INTO cur FROM slot_usage u WHERE (u.unit_id, u.field_id, u.date,"
    "          u.slot_id) = (g.unit, g.field, g.date, g.slot) FOR UPDATE;\n"
    "      END IF;\n"
    "      granted := least(cardinality(g.items), greatest(g.capacity - cur, 0));\n"
    "      IF granted > 0 THEN\n"
    "        UPDATE slot_usage u SET used = cur + granted WHERE (u.unit_id, u.field_id,"
    "          u.date, u.slot_id) = (g.unit, g.field, g.date, g.slot);\n"
    "      END IF;\n"
    "    END IF;\n"
    "    FOR n IN 1 .. cardinality(g.items) LOOP\n"
    "      r_i := g.items[n]; r_id := ids[r_i + 1]; r_status := NULL; r_body := NULL;\n"
    "      x := p->r_i;\n"
    "      IF n > granted THEN\n"
    "        DELETE FROM bookings b WHERE b.id = r_id;\n"
    "        r_id := NULL; r_outcome := 'slot_full'; RETURN NEXT; CONTINUE;\n"
    "      END IF;\n"
    "      IF x->>'key' IS NOT NULL THEN\n"
    "        INSERT INTO idempotency (scope, key, request_hash, status, body, created_at)"
    "          VALUES (x->>'scope', x->>'key', x->>'hash', (x->>'status')::int, x->>'body',"
    "          x->>'now');\n"
    "      END IF;\n"
    "      r_outcome := 'booked'; RETURN NEXT;\n"
    "    END LOOP;\n"
    "  END LOOP;\n"
    "  r_i := -1; r_outcome := 'waited'; r_status := NULL; r_body := NULL;\n"
    "  r_id := (extract(epoch FROM waited) * 1000000)::bigint; RETURN NEXT;\n"
    "END $$;";

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
  gint64 waited_us; /* for slot-day rows other transactions held */
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
      else if (i == -1)
        b->waited_us = pg_get_int64 (r, row, 2);
    }
  return 0;
}

/* Writes the items (in one transaction, then the few whose fresh code was taken again, in
 * another), each item's result in it; an error of the whole transaction goes to every item
 * it held. Returns the microseconds the transactions waited for slot-day rows. */
static gint64
batch_run (PgStore *s, BookItem **items, guint n)
{
  gint64 waited_us = 0;
  g_autofree BookItem **pending = g_new (BookItem *, n);
  memcpy (pending, items, n * sizeof *items);
  while (n)
    {
      Batch b = { pending, n, 0 };
      int err = pg_autocommit (s, batch_apply, &b);
      guint again = 0;
      waited_us += b.waited_us;
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
  return waited_us;
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

/* What keeps two bookings out of one batch (layso_book decides each booking on its own
 * first): the same CCCD at the unit, or the same Idempotency-Key. */
static bool
batch_admits (GHashTable *taken, const BookItem *item)
{
  char *cccd = g_strconcat ("c\x1f", item->in->unit_id, "\x1f", item->in->cccd, NULL);
  char *key =
      item->idem ? g_strconcat ("k\x1f", item->idem->scope, "\x1f", item->idem->key, NULL) : NULL;
  bool admitted =
      !g_hash_table_contains (taken, cccd) && !(key && g_hash_table_contains (taken, key));
  if (admitted)
    {
      g_hash_table_add (taken, g_steal_pointer (&cccd));
      if (key)
        g_hash_table_add (taken, g_steal_pointer (&key));
    }
  g_free (cccd);
  g_free (key);
  return admitted;
}

/* Up to BATCH_MAX queued bookings into items, in queue order (one that shares a CCCD or a
 * key with an earlier one stays queued for the next batch); 0 when the queue is empty, and
 * then this drainer stops (decided under the lock the queue is filled under, so none is
 * left behind). */
static guint
queue_take (PgStore *s, BookItem **items)
{
  g_autoptr (GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = 0;
  g_mutex_lock (&s->lock);
  for (GList *l = s->bookings.head, *next; l && n < BATCH_MAX; l = next)
    {
      next = l->next;
      if (batch_admits (taken, l->data))
        {
          items[n++] = l->data;
          g_queue_delete_link (&s->bookings, l);
        }
    }
  if (!n)
    s->draining = false;
  g_mutex_unlock (&s->lock);
  return n;
}

/* The pause before the next batch: the batch's wait for slot-day rows other transactions
 * held (other processes' batches of the same slot), plus three quarters of the last pause.
 * Such a wait would come again, inside the database, with a row lock held and a connection
 * busy; spent in the queue instead, it lets the batch grow, and fewer, larger transactions
 * share the commits. A steady wait w settles at a pause of about 4w (measured best with 3
 * processes on one slot: 0.5 and 0.875 did worse); with no other process booking the slot
 * the pause is 0, and it fades by a quarter a batch once the others stop. */
static gint64
next_pause (gint64 pause_us, gint64 waited_us)
{
  return MIN (pause_us * 3 / 4 + waited_us, PAUSE_MAX_US);
}

/* On a pool thread: batches until the queue is empty. */
static void
drain_job (PgJob *job, PgStore *s)
{
  g_free (job);
  BookItem *items[BATCH_MAX];
  guint n;
  gint64 pause_us = 0;
  for (;;)
    {
      if (pause_us > 0)
        g_usleep ((gulong) pause_us);
      if (!(n = queue_take (s, items)))
        break;
      pause_us = next_pause (pause_us, batch_run (s, items, n));
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
  bool start = !s->draining;
  s->draining = true;
  g_mutex_unlock (&s->lock);
  if (start)
    {
      PgJob *job = g_new0 (PgJob, 1);
      job->run = drain_job;
      pg_submit (s, job);
    }
}
