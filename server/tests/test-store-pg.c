/* The PostgreSQL store against a real cluster (tests/pg; LAYSO_TEST_PG_HOST and _PORT name
 * it): migrations when several processes open a new database at once, capacity with two
 * stores (as two processes) booking together, a pool of one connection shared by many
 * threads, a database that is not there. Each test makes a database of its own. */
#include "seed.h"
#include "store-ops-check.h"
#include "store/store.h"

#include <errno.h>
#include <stdlib.h>
#include <libpq-fe.h>
#include <unistd.h>
#include <string.h>

static const char seed_json[] =
    "{\"units\":[{\"id\":\"u\",\"name\":\"Phường Thử\",\"address\":\"Tổ 1\","
    "\"max_active_bookings_per_cccd\":1,"
    "\"slots\":[{\"id\":\"s1\",\"start\":\"07:30\",\"end\":\"09:30\",\"capacity\":3}],"
    "\"fields\":[{\"id\":\"f\",\"name\":\"Chứng thực\",\"prefix\":\"A\"}]}]}";

/* postgresql:///DBNAME on the test cluster. */
static char *
spec_of (const char *dbname)
{
  const char *host = g_getenv ("LAYSO_TEST_PG_HOST"), *port = g_getenv ("LAYSO_TEST_PG_PORT");
  g_assert_nonnull (host);
  g_assert_nonnull (port);
  return g_strdup_printf ("postgresql:///%s?host=%s&port=%s&user=postgres", dbname, host, port);
}

/* The single value `sql` gives on database dbname. */
static char *
query (const char *dbname, const char *sql)
{
  g_autofree char *spec = spec_of (dbname);
  PGconn *c = PQconnectdb (spec);
  g_assert_cmpint (PQstatus (c), ==, CONNECTION_OK);
  PGresult *r = PQexec (c, sql);
  ExecStatusType st = PQresultStatus (r);
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQerrorMessage (c));
  char *value = st == PGRES_TUPLES_OK ? g_strdup (PQgetvalue (r, 0, 0)) : NULL;
  PQclear (r);
  PQfinish (c);
  return value;
}

/* A fresh database; its spec. */
static char *
new_database (char **ret_name)
{
  static int n;
  char *name = g_strdup_printf ("layso_store_%d_%d", (int) getpid (), ++n);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", name);
  g_free (query ("postgres", create));
  *ret_name = name;
  return spec_of (name);
}

static void
seed (LsStore *s)
{
  g_autoptr (LsSeed) seed = NULL;
  g_autofree char *error = NULL;
  g_assert_cmpint (ls_seed_parse (seed_json, strlen (seed_json), &seed, &error), ==, 0);
  g_autoptr (GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_assert_cmpint (ls_store_seed (s, seed, tokens), ==, 0);
  g_assert_cmpint (ls_store_reload_catalog (s), ==, 0);
}

/* A fresh database, migrated and seeded; its spec. */
static char *
new_seeded_database (char **ret_name)
{
  char *spec = new_database (ret_name);
  LsStore *s = NULL;
  g_assert_cmpint (ls_store_open (spec, &s), ==, 0);
  seed (s);
  ls_store_close (s);
  return spec;
}

typedef struct
{
  const char *spec;
  LsStore *store;
  int index, result;
} Worker;

static gpointer
open_one (gpointer data)
{
  Worker *w = data;
  w->result = ls_store_open (w->spec, &w->store);
  return NULL;
}

/* Several processes starting at once on a new database: one migrates, under the advisory
 * lock; the others wait and find the schema made. */
static void
test_migrate_at_once (void)
{
  enum
  {
    N = 6
  };
  g_autofree char *name = NULL;
  g_autofree char *spec = new_database (&name);
  Worker w[N];
  GThread *t[N];
  for (int i = 0; i < N; i++)
    {
      w[i] = (Worker){ .spec = spec };
      t[i] = g_thread_new ("open", open_one, &w[i]);
    }
  for (int i = 0; i < N; i++)
    {
      g_thread_join (t[i]);
      g_assert_cmpint (w[i].result, ==, 0);
      g_assert_cmpstr (w[i].store->ops->name, ==, "postgresql");
    }
  for (int i = 0; i < N; i++)
    ls_store_close (w[i].store);
  g_autofree char *versions = query (name, "SELECT count(*) || ':' || max(version)"
                                           " FROM schema_version");
  /* each of the 3 migrations once */
  g_assert_cmpstr (versions, ==, "3:3");
}

static void
render_code (const LsBooking *b, void *user_data, LsReply *ret)
{
  ret->status = 201;
  ret->body = g_strdup (b->code);
}

static gpointer
book_one (gpointer data)
{
  Worker *w = data;
  char cccd[13];
  g_snprintf (cccd, sizeof cccd, "0010%08d", w->index);
  LsBookingInput in = { .unit_id = "u",
                        .field_id = "f",
                        .slot_id = "s1",
                        .date = "2025-09-26",
                        .name = "Nguyễn Văn An",
                        .cccd = cccd,
                        .now = "2025-09-25T10:00:00+07:00",
                        .max_active_per_cccd = 1,
                        .max_active_per_cccd_unit = 3 };
  LsReply reply = { 0 };
  bool replayed;
  w->result = ls_store_booking_create (w->store, &in, NULL, render_code, NULL, &reply, &replayed);
  g_free (reply.body);
  return NULL;
}

/* Threads booking the same 3 seats through stores of their own pools (pool_size each):
 * exactly 3 bookings, the others slot_full. */
static void
race_bookings (unsigned n_stores, unsigned pool_size)
{
  enum
  {
    N = 30
  };
  g_autofree char *name = NULL;
  g_autofree char *spec = new_database (&name);
  LsStoreConfig cfg = { .pool_size = pool_size };
  LsStore *stores[2];
  for (unsigned i = 0; i < n_stores; i++)
    {
      g_assert_cmpint (ls_store_open_with (spec, &cfg, &stores[i]), ==, 0);
      seed (stores[i]);
    }
  Worker w[N];
  GThread *t[N];
  for (int i = 0; i < N; i++)
    {
      w[i] = (Worker){ .store = stores[i % n_stores], .index = i };
      t[i] = g_thread_new ("book", book_one, &w[i]);
    }
  int ok = 0;
  for (int i = 0; i < N; i++)
    {
      g_thread_join (t[i]);
      if (w[i].result == 0)
        ok++;
      else
        g_assert_cmpint (w[i].result, ==, -LS_E_SLOT_FULL);
    }
  g_assert_cmpint (ok, ==, 3);
  g_autofree char *used = query (name, "SELECT used FROM slot_usage");
  g_assert_cmpstr (used, ==, "3");
  for (unsigned i = 0; i < n_stores; i++)
    ls_store_close (stores[i]);
}

static void
test_capacity_two_stores (void)
{
  race_bookings (2, 4);
}

static void
test_pool_of_one (void)
{
  race_bookings (1, 1);
}

/* The outcomes of one call of layso_book on database dbname, "i:outcome[:replayed body]",…. */
static char *
book_batch (const char *dbname, const char *items)
{
  g_autofree char *sql = g_strdup_printf (
      "SELECT string_agg(r_i || ':' || r_outcome || coalesce(':' || r_body, ''), ','"
      " ORDER BY r_i) FROM layso_book('[%s]') WHERE r_i >= 0",
      items);
  return query (dbname, sql);
}

/* layso_book, the function a batch of bookings is one call of (store-pg-book.c), decides
 * as if the bookings came one after the other, in the batch's order: a code taken by a
 * booked booking is refused for a fresh one, the seats run out (the booking refused is not
 * left behind), a CCCD's second booking of the day is refused, a key seen before replays its
 * answer or, with another request hash, is refused. Slot s1 has 3 seats. */
static void
test_book_batch_function (void)
{
  g_autofree char *name = NULL;
  g_autofree char *spec = new_seeded_database (&name);
#define ITEM(i, cccd, code, idem)                                                                  \
  "{\"i\":" #i ",\"unit\":\"u\",\"field\":\"f\",\"date\":\"2025-09-26\",\"slot\":\"s1\","          \
  "\"name\":\"An\",\"cccd\":\"" cccd "\",\"code\":\"" code "\","                                   \
  "\"now\":\"2025-09-25T10:00:00+07:00\",\"max_day\":1,\"max_unit\":3" idem "}"
#define KEY(hash)                                                                                  \
  ",\"scope\":\"booking\",\"key\":\"k1\",\"hash\":\"" hash "\",\"status\":201,\"body\":\"A1\""
  g_autofree char *first = book_batch (
      name, ITEM (0, "001000000001", "AAA1", KEY ("h1")) "," ITEM (
                1, "001000000004", "AAA5", "") "," ITEM (2, "001000000005", "AAA1",
                                                         "") /* the code of item 0 */
      "," ITEM (3, "001000000006", "AAA6", "") "," ITEM (4, "001000000007", "AAA7", ""));
  g_assert_cmpstr (first, ==, "0:booked,1:booked,2:code_taken,3:booked,4:slot_full");
  g_autofree char *second =
      book_batch (name, ITEM (0, "001000000001", "AAA2", "")         /* same CCCD, same day */
                  "," ITEM (1, "001000000002", "AAA3", KEY ("h1"))); /* same key and request */
  g_assert_cmpstr (second, ==, "0:duplicate,1:replay:A1");
  g_autofree char *third = book_batch (name, ITEM (0, "001000000003", "AAA4", KEY ("h2")));
  g_assert_cmpstr (third, ==, "0:idem_mismatch"); /* same key, another request */
#undef ITEM
#undef KEY
  g_autofree char *used = query (name, "SELECT used FROM slot_usage");
  g_assert_cmpstr (used, ==, "3");
  g_autofree char *codes = query (name, "SELECT string_agg(code, ',' ORDER BY id) FROM bookings");
  g_assert_cmpstr (codes, ==, "AAA1,AAA5,AAA6");
  g_autofree char *keys = query (name, "SELECT count(*) || ':' || min(body) FROM idempotency");
  g_assert_cmpstr (keys, ==, "1:A1");
}

#define BATCH_ITEM(cccd, code)                                                                     \
  "[{\"i\":0,\"unit\":\"u\",\"field\":\"f\",\"date\":\"2025-09-26\",\"slot\":\"s1\","              \
  "\"name\":\"An\",\"cccd\":\"" cccd "\",\"code\":\"" code "\","                                   \
  "\"now\":\"2025-09-25T10:00:00+07:00\",\"max_day\":1,\"max_unit\":3}]"

typedef struct
{
  const char *dbname;
  char *waited_us;
} WaitedCall;

static gpointer
call_book_waited (gpointer data)
{
  WaitedCall *w = data;
  w->waited_us = query (w->dbname, "SELECT r_id FROM layso_book('" BATCH_ITEM (
                                       "001000000002", "BBB2") "') WHERE r_i = -1");
  return NULL;
}

/* layso_book's last row says how long the batch waited for a slot-day row another
 * transaction held (the drainer's pause follows it): ~0 alone, the holder's time when held. */
static void
test_book_batch_waited (void)
{
  g_autofree char *name = NULL;
  g_autofree char *spec = new_seeded_database (&name);
  g_autofree char *alone = query (name, "SELECT r_id FROM layso_book('" BATCH_ITEM (
                                            "001000000001", "BBB1") "') WHERE r_i = -1");
  g_assert_cmpint (g_ascii_strtoll (alone, NULL, 10), <, 100000);
  g_autofree char *conninfo = spec_of (name);
  PGconn *holder = PQconnectdb (conninfo);
  g_assert_cmpint (PQstatus (holder), ==, CONNECTION_OK);
  PQclear (PQexec (holder, "BEGIN"));
  PGresult *r = PQexec (holder, "SELECT used FROM slot_usage FOR UPDATE");
  g_assert_cmpint (PQntuples (r), ==, 1);
  PQclear (r);
  WaitedCall w = { name, NULL };
  GThread *t = g_thread_new ("book", call_book_waited, &w);
  /* held for 400 ms from the moment the batch waits (its connection may come late on a busy
   * machine) */
  g_autofree char *waiting_sql = g_strdup_printf (
      "SELECT count(*) FROM pg_stat_activity WHERE datname = '%s' AND wait_event_type = 'Lock'",
      name);
  for (int i = 0; i < 1000; i++)
    {
      g_autofree char *waiting = query ("postgres", waiting_sql);
      if (atoi (waiting) > 0)
        break;
      g_usleep (10000);
    }
  g_usleep (400000);
  PQclear (PQexec (holder, "COMMIT"));
  PQfinish (holder);
  g_thread_join (t);
  gint64 waited = g_ascii_strtoll (w.waited_us, NULL, 10);
  g_assert_cmpint (waited, >=, 390000);
  g_assert_cmpint (waited, <, 60000000);
  g_free (w.waited_us);
}
#undef BATCH_ITEM

/* A database made by a layso of migration 2 (its own layso_book, here a stand-in that
 * answers "old") gets migration 3 when opened: the function is replaced. */
static void
test_migrate_from_2 (void)
{
  g_autofree char *name = NULL;
  g_autofree char *spec = new_seeded_database (&name);
  g_free (query (name, "DELETE FROM schema_version WHERE version = 3"));
  g_free (query (name, "CREATE OR REPLACE FUNCTION layso_book(p jsonb) RETURNS TABLE"
                       " (r_i int, r_outcome text, r_id bigint, r_status int, r_body text)"
                       " LANGUAGE sql AS $$ SELECT 0, 'old', NULL::bigint, NULL::int,"
                       " NULL::text $$"));
  g_autofree char *before = book_batch (name, "{\"i\":0}");
  g_assert_cmpstr (before, ==, "0:old");
  LsStore *s = NULL;
  g_assert_cmpint (ls_store_open (spec, &s), ==, 0);
  ls_store_close (s);
  g_autofree char *versions = query (name, "SELECT string_agg(version::text, ',' ORDER BY"
                                           " version) FROM schema_version");
  g_assert_cmpstr (versions, ==, "1,2,3");
  g_autofree char *after =
      book_batch (name, "{\"i\":0,\"unit\":\"u\",\"field\":\"f\",\"date\":\"2025-09-26\","
                        "\"slot\":\"s1\",\"name\":\"An\",\"cccd\":\"001000000001\","
                        "\"code\":\"AAA1\",\"now\":\"2025-09-25T10:00:00+07:00\",\"max_day\":1,"
                        "\"max_unit\":3}");
  g_assert_cmpstr (after, ==, "0:booked");
}

/* The pool's connection closed by the database while idle (a restart, an administrator):
 * the next booking, one statement sent in autocommit, goes on a new connection and is
 * written, instead of failing on the dead one. */
static void
test_idle_connection_closed (void)
{
  g_autofree char *name = NULL;
  g_autofree char *spec = new_database (&name);
  LsStoreConfig cfg = { .pool_size = 1 };
  LsStore *s = NULL;
  g_assert_cmpint (ls_store_open_with (spec, &cfg, &s), ==, 0);
  seed (s);
  Worker w = { .store = s, .index = 1 };
  book_one (&w);
  g_assert_cmpint (w.result, ==, 0);
  g_autofree char *sql = g_strdup_printf (
      "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) FROM pg_stat_activity"
      " WHERE datname = '%s' AND application_name = 'layso-server'",
      name);
  g_autofree char *terminated = query ("postgres", sql);
  g_assert_cmpint (atoi (terminated), >=, 1);
  w.index = 2;
  book_one (&w);
  g_assert_cmpint (w.result, ==, 0);
  ls_store_close (s);
  g_autofree char *booked = query (name, "SELECT count(*) FROM bookings");
  g_assert_cmpstr (booked, ==, "2");
}

typedef struct
{
  GMutex lock;
  GCond all_done;
  unsigned done, booked, refused, other;
} BurstResults;

static void
burst_done (int result, const LsBooking *b, LsReply *reply, bool replayed, void *data)
{
  BurstResults *r = data;
  g_mutex_lock (&r->lock);
  if (result == 0 && b && !reply && !replayed)
    r->booked++;
  else if (result == -LS_E_SLOT_FULL || result == -LS_E_DUPLICATE)
    r->refused++;
  else
    r->other++;
  r->done++;
  g_cond_signal (&r->all_done);
  g_mutex_unlock (&r->lock);
}

/* Bookings queued faster than they are written go in batches, two of each CCCD (never in one
 * batch): each is answered once, and the 3 seats are taken exactly, by 3 CCCDs. */
static void
test_book_burst (void)
{
  enum
  {
    N = 200
  };
  g_autofree char *name = NULL;
  g_autofree char *spec = new_database (&name);
  LsStore *s = NULL;
  g_assert_cmpint (ls_store_open (spec, &s), ==, 0);
  seed (s);
  static char cccd[N][13];
  static LsBookingInput in[N];
  BurstResults r = { 0 };
  g_mutex_init (&r.lock);
  g_cond_init (&r.all_done);
  for (int i = 0; i < N; i++)
    {
      g_snprintf (cccd[i], sizeof cccd[i], "0020%08d", i / 2);
      in[i] = (LsBookingInput){ .unit_id = "u",
                                .field_id = "f",
                                .slot_id = "s1",
                                .date = "2025-09-26",
                                .name = "Nguyễn Văn An",
                                .cccd = cccd[i],
                                .now = "2025-09-25T10:00:00+07:00",
                                .max_active_per_cccd = 1,
                                .max_active_per_cccd_unit = 3 };
      ls_store_booking_create_async (s, &in[i], NULL, render_code, NULL, burst_done, &r);
    }
  g_mutex_lock (&r.lock);
  while (r.done < N)
    g_cond_wait (&r.all_done, &r.lock);
  g_mutex_unlock (&r.lock);
  g_assert_cmpuint (r.booked, ==, 3);
  g_assert_cmpuint (r.refused, ==, N - 3);
  g_assert_cmpuint (r.other, ==, 0);
  ls_store_close (s);
  g_autofree char *used = query (name, "SELECT used || ':' || (SELECT count(DISTINCT cccd)"
                                       " FROM bookings) FROM slot_usage");
  g_assert_cmpstr (used, ==, "3:3");
  g_mutex_clear (&r.lock);
  g_cond_clear (&r.all_done);
}

static void
test_open_bad (void)
{
  LsStore *s = NULL;
  g_autofree char *missing = spec_of ("layso_no_such_database");
  g_assert_cmpint (ls_store_open (missing, &s), ==, -ENOTCONN);
  g_assert_false (ls_store_exists (missing));
  g_autofree char *name = NULL;
  g_autofree char *spec = new_database (&name);
  g_assert_false (ls_store_exists (spec)); /* there, but not a layso database yet */
  g_assert_cmpint (ls_store_open (spec, &s), ==, 0);
  assert_every_store_op (s);
  ls_store_close (s);
  g_assert_true (ls_store_exists (spec));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/server/store-pg/migrate-at-once", test_migrate_at_once);
  g_test_add_func ("/layso/server/store-pg/capacity-two-stores", test_capacity_two_stores);
  g_test_add_func ("/layso/server/store-pg/pool-of-one", test_pool_of_one);
  g_test_add_func ("/layso/server/store-pg/open-bad", test_open_bad);
  g_test_add_func ("/layso/server/store-pg/book-batch-function", test_book_batch_function);
  g_test_add_func ("/layso/server/store-pg/book-burst", test_book_burst);
  g_test_add_func ("/layso/server/store-pg/book-batch-waited", test_book_batch_waited);
  g_test_add_func ("/layso/server/store-pg/migrate-from-2", test_migrate_from_2);
  g_test_add_func ("/layso/server/store-pg/idle-connection-closed", test_idle_connection_closed);
  return g_test_run ();
}
