/* The SQLite store against real database files: capacity and the per-CCCD limit under
 * concurrency, cancel, idempotent replays, single-use check-in, ticket numbers and queue
 * positions, retention purge, migrations on reopen, seeding twice. */
#include "clock.h"
#include "seed.h"
#include "store-ops-check.h"
#include "store/store.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

static const char seed_json[] =
    "{\"units\":[{\"id\":\"u\",\"name\":\"Phường Thử\",\"address\":\"Tổ 1\","
    "\"max_active_bookings_per_cccd\":1,"
    "\"slots\":[{\"id\":\"s1\",\"start\":\"07:30\",\"end\":\"09:30\",\"capacity\":3},"
    "{\"id\":\"s2\",\"start\":\"14:00\",\"end\":\"16:00\",\"capacity\":0}],"
    "\"fields\":[{\"id\":\"f\",\"name\":\"Chứng thực\",\"prefix\":\"A\"},"
    "{\"id\":\"g\",\"name\":\"Hộ tịch\",\"prefix\":\"B\"}]}],"
    "\"kiosks\":[{\"id\":\"k1\",\"name\":\"K\",\"unit\":\"u\"}]}";

typedef struct
{
  char *dir;
  char *path;
  LsStore *store;
} Fixture;

static void
open_store (Fixture *fx)
{
  g_autofree char *spec = g_strconcat ("sqlite:", fx->path, NULL);
  g_assert_cmpint (ls_store_open (spec, &fx->store), ==, 0);
  assert_every_store_op (fx->store);
}

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  fx->dir = g_dir_make_tmp ("layso-store-XXXXXX", NULL);
  g_assert_nonnull (fx->dir);
  fx->path = g_build_filename (fx->dir, "t.db", NULL);
  open_store (fx);
  g_autoptr (LsSeed) seed = NULL;
  g_autofree char *error = NULL;
  g_assert_cmpint (ls_seed_parse (seed_json, strlen (seed_json), &seed, &error), ==, 0);
  g_autoptr (GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_assert_cmpint (ls_store_seed (fx->store, seed, tokens), ==, 0);
  g_assert_cmpuint (tokens->len, ==, 1);
  g_assert_cmpint (ls_store_reload_catalog (fx->store), ==, 0);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  ls_store_close (fx->store);
  g_autofree char *wal = g_strconcat (fx->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fx->path, "-shm", NULL);
  g_unlink (fx->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (fx->dir);
  g_free (fx->path);
  g_free (fx->dir);
}

static void
render_code (const LsBooking *b, void *user_data, LsReply *ret)
{
  ret->status = 201;
  ret->body = g_strdup (b->code);
}

static LsBookingInput
input (const char *cccd, const char *field, const char *slot)
{
  return (LsBookingInput){
    .unit_id = "u",
    .field_id = field,
    .slot_id = slot,
    .date = "2025-09-26",
    .name = "Nguyễn Văn An",
    .cccd = cccd,
    .phone = NULL,
    .now = "2025-09-25T10:00:00+07:00",
    .max_active_per_cccd = 1,
    .max_active_per_cccd_unit = 3,
  };
}

static int
book (LsStore *s, const char *cccd, const char *field, const char *slot, char **ret_code)
{
  LsBookingInput in = input (cccd, field, slot);
  LsReply reply = { 0 };
  bool replayed;
  int r = ls_store_booking_create (s, &in, NULL, render_code, NULL, &reply, &replayed);
  if (r == 0 && ret_code)
    *ret_code = reply.body;
  else
    g_free (reply.body);
  return r;
}

static int
used_seats (LsStore *s, const char *field, int slot_index)
{
  const LsUnit *u = ls_catalog_unit (s->catalog, "u");
  int used[8];
  g_assert_cmpint (ls_store_slot_usage (s, u, field, "2025-09-26", used), ==, 0);
  return used[slot_index];
}

typedef struct
{
  LsStore *store;
  int index;
  int result;
} Racer;

static gpointer
race_book (gpointer data)
{
  Racer *r = data;
  char cccd[13];
  g_snprintf (cccd, sizeof cccd, "0010%08d", r->index);
  r->result = book (r->store, cccd, "f", "s1", NULL);
  return NULL;
}

static void
test_capacity_race (Fixture *fx, gconstpointer data)
{
  enum
  {
    N = 24
  };
  Racer racers[N];
  GThread *threads[N];
  for (int i = 0; i < N; i++)
    {
      racers[i] = (Racer){ fx->store, i, 1 };
      threads[i] = g_thread_new ("racer", race_book, &racers[i]);
    }
  int ok = 0, full = 0;
  for (int i = 0; i < N; i++)
    {
      g_thread_join (threads[i]);
      if (racers[i].result == 0)
        ok++;
      else if (racers[i].result == -LS_E_SLOT_FULL)
        full++;
    }
  g_assert_cmpint (ok, ==, 3);
  g_assert_cmpint (full, ==, N - 3);
  g_assert_cmpint (used_seats (fx->store, "f", 0), ==, 3);
  /* the other field has its own seats */
  g_assert_cmpint (book (fx->store, "001000000001", "g", "s1", NULL), ==, 0);
  /* a slot with capacity 0 takes nobody */
  g_assert_cmpint (book (fx->store, "009999999999", "f", "s2", NULL), ==, -LS_E_SLOT_FULL);
}

static void
test_cccd_limit_and_cancel (Fixture *fx, gconstpointer data)
{
  LsStore *s = fx->store;
  g_autofree char *code = NULL;
  g_assert_cmpint (book (s, "123456232324", "f", "s1", &code), ==, 0);
  g_assert_cmpuint (strlen (code), ==, 4);
  /* same unit, field and day: refused, and no seat was taken */
  g_assert_cmpint (book (s, "123456232324", "f", "s2", NULL), ==, -LS_E_DUPLICATE);
  g_assert_cmpint (used_seats (s, "f", 0), ==, 1);
  /* another field is another limit */
  g_assert_cmpint (book (s, "123456232324", "g", "s1", NULL), ==, 0);
  /* the unit's limit counts across fields and days: 2 held, a limit of 2 refuses a third on
   * another day (no seat taken), a limit of 3 takes it */
  {
    LsBookingInput in = input ("123456232324", "f", "s1");
    in.date = "2025-09-29";
    in.max_active_per_cccd_unit = 2;
    LsReply reply = { 0 };
    bool replayed;
    g_assert_cmpint (ls_store_booking_create (s, &in, NULL, render_code, NULL, &reply, &replayed),
                     ==, -LS_E_DUPLICATE_UNIT);
    in.max_active_per_cccd_unit = 3;
    g_assert_cmpint (ls_store_booking_create (s, &in, NULL, render_code, NULL, &reply, &replayed),
                     ==, 0);
    g_free (reply.body);
  }

  g_autoptr (LsBooking) b = NULL;
  g_assert_cmpint (ls_store_booking_get (s, code, "123456232324", &b), ==, 0);
  g_assert_cmpint (b->status, ==, LAYSO_BOOKING_BOOKED);
  g_assert_cmpstr (b->name, ==, "Nguyễn Văn An");
  LsBooking *none = NULL;
  g_assert_cmpint (ls_store_booking_get (s, code, "123456232325", &none), ==, -LS_E_NOT_FOUND);
  g_assert_null (none);

  g_assert_cmpint (ls_store_booking_cancel (s, b->id, "2025-09-25T11:00:00+07:00"), ==, 0);
  g_assert_cmpint (used_seats (s, "f", 0), ==, 0);
  g_assert_cmpint (ls_store_booking_cancel (s, b->id, "2025-09-25T11:00:00+07:00"), ==, -LS_E_USED);
  g_assert_cmpint (used_seats (s, "f", 0), ==, 0);
  /* cancelled: the CCCD may book again */
  g_assert_cmpint (book (s, "123456232324", "f", "s1", NULL), ==, 0);
}

static void
test_idempotency (Fixture *fx, gconstpointer data)
{
  LsStore *s = fx->store;
  LsIdem idem = { .scope = "booking", .key = "key-1" };
  memset (idem.hash, 'a', 64);
  LsBookingInput in = input ("111111111111", "f", "s1");
  LsReply first = { 0 }, again = { 0 }, lookup = { 0 };
  bool replayed = true;
  g_assert_cmpint (ls_store_booking_create (s, &in, &idem, render_code, NULL, &first, &replayed),
                   ==, 0);
  g_assert_false (replayed);
  g_assert_cmpint (ls_store_booking_create (s, &in, &idem, render_code, NULL, &again, &replayed),
                   ==, 0);
  g_assert_true (replayed);
  g_assert_cmpuint (again.status, ==, 201);
  g_assert_cmpstr (again.body, ==, first.body);
  g_assert_cmpint (used_seats (s, "f", 0), ==, 1);
  g_assert_cmpint (ls_store_idem_lookup (s, &idem, &lookup), ==, 1);
  g_assert_cmpstr (lookup.body, ==, first.body);
  memset (idem.hash, 'b', 64);
  LsReply other = { 0 };
  g_assert_cmpint (ls_store_booking_create (s, &in, &idem, render_code, NULL, &other, &replayed),
                   ==, -LS_E_IDEM_MISMATCH);
  g_assert_null (other.body);
  LsIdem fresh = { .scope = "booking", .key = "never" };
  g_assert_cmpint (ls_store_idem_lookup (s, &fresh, &lookup), ==, 0);
  g_free (first.body);
  g_free (again.body);
  g_free (lookup.body);
}

static void
render_ticket (const LsTicket *t, const LsBooking *b, void *user_data, LsReply *ret)
{
  ret->status = b ? 200 : 201;
  ret->body = g_strdup_printf ("%s %s %d", t->number, t->id, t->waiting_before);
}

static int
issue (LsStore *s, const LsBooking *b, const char *field, char prefix, LaysoTicketKind kind,
       char **ret)
{
  LsTicketInput in = {
    .unit_id = "u",
    .field_id = field,
    .kiosk_id = "k1",
    .prefix = prefix,
    .kind = kind,
    .booking = b,
    .now = "2025-09-26T07:10:00+07:00",
    .date = "2025-09-26",
  };
  LsReply reply = { 0 };
  bool replayed;
  int r = ls_store_ticket_issue (s, &in, NULL, render_ticket, NULL, &reply, &replayed);
  if (r == 0)
    *ret = reply.body;
  return r;
}

static void
test_tickets (Fixture *fx, gconstpointer data)
{
  LsStore *s = fx->store;
  g_autofree char *code = NULL;
  g_assert_cmpint (book (s, "222222222222", "f", "s1", &code), ==, 0);
  g_autoptr (LsBooking) b = NULL;
  g_assert_cmpint (ls_store_booking_find_active (s, "u", code, &b), ==, 0);

  g_autofree char *t1 = NULL, *t2 = NULL, *t3 = NULL, *t4 = NULL;
  g_assert_cmpint (issue (s, NULL, "f", 'A', LAYSO_TICKET_WALK_IN, &t1), ==, 0);
  g_assert_true (g_str_has_prefix (t1, "A001 "));
  g_assert_true (g_str_has_suffix (t1, " 0"));
  g_assert_cmpint (issue (s, b, "f", 'A', LAYSO_TICKET_APPOINTMENT, &t2), ==, 0);
  g_assert_true (g_str_has_prefix (t2, "A1001 "));
  g_assert_true (g_str_has_suffix (t2, " 1"));
  /* single use */
  char *dummy = NULL;
  g_assert_cmpint (issue (s, b, "f", 'A', LAYSO_TICKET_APPOINTMENT, &dummy), ==, -LS_E_USED);
  g_assert_null (dummy);
  LsBooking *gone = NULL;
  g_assert_cmpint (ls_store_booking_find_active (s, "u", code, &gone), ==, -LS_E_NOT_FOUND);
  g_assert_cmpint (issue (s, NULL, "f", 'A', LAYSO_TICKET_WALK_IN, &t3), ==, 0);
  g_assert_true (g_str_has_prefix (t3, "A002 "));
  g_assert_true (g_str_has_suffix (t3, " 2"));
  /* another field: its own numbers and its own queue */
  g_assert_cmpint (issue (s, NULL, "g", 'B', LAYSO_TICKET_WALK_IN, &t4), ==, 0);
  g_assert_true (g_str_has_prefix (t4, "B001 "));
  g_assert_true (g_str_has_suffix (t4, " 0"));

  /* the status read agrees with the position given at issue */
  g_auto (GStrv) parts = g_strsplit (t3, " ", -1);
  g_autoptr (LsTicket) t = NULL;
  g_assert_cmpint (ls_store_ticket_get (s, parts[1], &t), ==, 0);
  g_assert_cmpstr (t->number, ==, "A002");
  g_assert_cmpstr (t->state, ==, "waiting");
  g_assert_cmpint (t->waiting_before, ==, 2);
  g_assert_cmpint (ls_store_ticket_print_result (s, "u", parts[1], false, "media-empty-error",
                                                 "2025-09-26T07:10:05+07:00"),
                   ==, 0);
  g_assert_cmpint (
      ls_store_ticket_print_result (s, "other", parts[1], true, NULL, "2025-09-26T07:10:05+07:00"),
      ==, -LS_E_NOT_FOUND);
  LsTicket *missing = NULL;
  g_assert_cmpint (ls_store_ticket_get (s, "nope", &missing), ==, -LS_E_NOT_FOUND);
}

static void
test_purge (Fixture *fx, gconstpointer data)
{
  LsStore *s = fx->store;
  g_autofree char *code = NULL;
  g_assert_cmpint (book (s, "333333333333", "f", "s1", &code), ==, 0);
  /* not yet: the booking is dated 2025-09-26 */
  g_assert_cmpint (ls_store_purge_before (s, "2025-09-26", "2000-01-01T00:00:00+07:00",
                                          "2025-10-27T00:00:00+07:00"),
                   ==, 0);
  g_assert_cmpint (ls_store_purge_before (s, "2025-09-27", "2000-01-01T00:00:00+07:00",
                                          "2025-10-27T00:00:00+07:00"),
                   ==, 1);
  LsBooking *b = NULL;
  g_assert_cmpint (ls_store_booking_get (s, code, "333333333333", &b), ==, -LS_E_NOT_FOUND);
  /* its day is over: a no-show, and the code no longer counts as taken */
  LsBooking *active = NULL;
  g_assert_cmpint (ls_store_booking_find_active (s, "u", code, &active), ==, -LS_E_NOT_FOUND);
  /* the row stays for statistics, without personal data */
  sqlite3 *db = NULL;
  g_assert_cmpint (sqlite3_open_v2 (fx->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_stmt *st = NULL;
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT count(*), count(name), count(cccd), count(phone)"
                                       " FROM bookings WHERE status = 'expired'",
                                       -1, &st, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (st, 0), ==, 1);
  g_assert_cmpint (sqlite3_column_int (st, 1), ==, 0);
  g_assert_cmpint (sqlite3_column_int (st, 2), ==, 0);
  g_assert_cmpint (sqlite3_column_int (st, 3), ==, 0);
  sqlite3_finalize (st);
  sqlite3_close (db);
}

static void
test_reopen (Fixture *fx, gconstpointer data)
{
  g_autofree char *code = NULL;
  g_assert_cmpint (book (fx->store, "444444444444", "f", "s1", &code), ==, 0);
  ls_store_close (fx->store);
  open_store (fx);
  /* migrations are not run twice; the data survived; seeding again creates no kiosk */
  g_autoptr (LsSeed) seed = NULL;
  g_autofree char *error = NULL;
  g_assert_cmpint (ls_seed_parse (seed_json, strlen (seed_json), &seed, &error), ==, 0);
  g_autoptr (GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_assert_cmpint (ls_store_seed (fx->store, seed, tokens), ==, 0);
  g_assert_cmpuint (tokens->len, ==, 0);
  g_assert_cmpint (ls_store_reload_catalog (fx->store), ==, 0);
  g_autoptr (LsBooking) b = NULL;
  g_assert_cmpint (ls_store_booking_get (fx->store, code, "444444444444", &b), ==, 0);
  g_assert_cmpint (used_seats (fx->store, "f", 0), ==, 1);

  sqlite3 *db = NULL;
  g_assert_cmpint (sqlite3_open_v2 (fx->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_stmt *st = NULL;
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &st, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (st, 0), ==, 8); /* migration 8: administration */
  sqlite3_finalize (st);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &st, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (st, 0), ==, "wal");
  sqlite3_finalize (st);
  sqlite3_close (db);
}

/* Seeds `json` (a units-less seed with a calendar) and reloads the catalog. */
static void
seed_calendar (Fixture *fx, const char *json)
{
  g_autoptr (LsSeed) seed = NULL;
  g_autofree char *error = NULL;
  g_assert_cmpint (ls_seed_parse (json, strlen (json), &seed, &error), ==, 0);
  g_autoptr (GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_assert_cmpint (ls_store_seed (fx->store, seed, tokens), ==, 0);
  g_assert_cmpint (ls_store_reload_catalog (fx->store), ==, 0);
}

/* The province's days survive a reopen; a year's Tết days already in the file are one
 * announcement, never merged with another seed's; the old holidays table is gone. */
static void
test_calendar (Fixture *fx, gconstpointer data)
{
  seed_calendar (fx,
                 "{\"units\":[],\"calendar\":{\"years\":[{\"year\":2026,"
                 "\"tet\":[\"2026-02-16\",\"2026-02-17\"],\"national_day_extra\":\"2026-09-03\","
                 "\"swaps\":[{\"day_off\":\"2026-01-02\",\"worked\":\"2026-01-10\"}]}]}}");
  ls_store_close (fx->store);
  open_store (fx);
  seed_calendar (fx, "{\"units\":[],\"calendar\":{\"years\":[{\"year\":2026,"
                     "\"tet\":[\"2026-02-18\"]},{\"year\":2027,\"tet\":[\"2027-02-08\"]}]}}");
  const LsCatalog *cat = fx->store->catalog;
  g_assert_cmpuint (cat->tet_days->len, ==, 3); /* 16-17/2/2026 and 8/2/2027 */
  char iso[11];
  layso_date_format (&g_array_index (cat->tet_days, GDate, 1), iso);
  g_assert_cmpstr (iso, ==, "2026-02-17");
  g_assert_cmpuint (cat->national_day_extras->len, ==, 1);
  g_assert_cmpuint (cat->swaps->len, ==, 1);
  layso_date_format (&g_array_index (cat->swaps, LaysoDaySwap, 0).worked_day, iso);
  g_assert_cmpstr (iso, ==, "2026-01-10");
  sqlite3 *db = NULL;
  g_assert_cmpint (sqlite3_open_v2 (fx->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_stmt *st = NULL;
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT count(*) FROM sqlite_master WHERE name = 'holidays'",
                                       -1, &st, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (st, 0), ==, 0);
  sqlite3_finalize (st);
  sqlite3_close (db);
}

/* What migrations 6 (staff), 7 (the queue) and 8 (administration) add, taken away again. */
#define SCHEMA_6_AND_7_UNDONE                                                                      \
  "DROP TABLE settings; DROP TABLE closed_days; ALTER TABLE notices DROP COLUMN draft;"            \
  "ALTER TABLE bookings DROP COLUMN over_capacity_at; DROP INDEX tickets_kiosk_print;"             \
  "ALTER TABLE kiosks DROP COLUMN revoked_at; ALTER TABLE kiosks DROP COLUMN last_seen_at;"        \
  "ALTER TABLE fields DROP COLUMN numbers;"                                                        \
  "DROP TABLE staff_sessions; DROP TABLE audit_log; DROP TABLE staff_users;"                       \
  "DROP TABLE counters; DROP TABLE queue_policies; DROP TABLE event_seq;"                          \
  "DROP TABLE unit_events; DROP INDEX tickets_counter;"                                            \
  "ALTER TABLE tickets DROP COLUMN queued_at; ALTER TABLE tickets DROP COLUMN counter_id;"         \
  "ALTER TABLE tickets DROP COLUMN called_at; ALTER TABLE tickets DROP COLUMN called_unix;"        \
  "ALTER TABLE tickets DROP COLUMN last_call_unix;"                                                \
  "ALTER TABLE tickets DROP COLUMN finished_unix; ALTER TABLE tickets DROP COLUMN recalls;"

/* A database of schema 4 (with the hand-written holidays table, slots without weekdays) opens:
 * migration 5 drops the table and gives the slots every weekday. The fixture's file is turned
 * back into schema 4's shape, then reopened. */
static void
test_migration_5 (Fixture *fx, gconstpointer data)
{
  ls_store_close (fx->store);
  sqlite3 *db = NULL;
  g_assert_cmpint (sqlite3_open (fx->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 SCHEMA_6_AND_7_UNDONE
                                 "DROP TABLE calendar_days; DROP TABLE calendar_swaps;"
                                 "ALTER TABLE slots DROP COLUMN weekdays;"
                                 "CREATE TABLE holidays (date TEXT PRIMARY KEY);"
                                 "INSERT INTO holidays VALUES ('2025-09-02');"
                                 "PRAGMA user_version = 4;",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  open_store (fx);
  g_assert_cmpint (ls_store_reload_catalog (fx->store), ==, 0);
  const LsUnit *u = ls_catalog_unit (fx->store->catalog, "u");
  const LsSlot *s1 = ls_unit_slot (u, "s1");
  g_assert_cmpuint (s1->weekdays, ==, LAYSO_WEEKDAYS_ALL);
  g_assert_cmpuint (fx->store->catalog->tet_days->len, ==, 0);
  g_assert_cmpint (sqlite3_open_v2 (fx->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_stmt *st = NULL;
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT count(*) FROM sqlite_master WHERE name = 'holidays'",
                                       -1, &st, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (st, 0), ==, 0);
  sqlite3_finalize (st);
  sqlite3_close (db);
}

static void
test_kiosk_token (Fixture *fx, gconstpointer data)
{
  LsKiosk *k = NULL;
  char hash[65];
  layso_token_hash ("not-a-token", hash);
  g_assert_cmpint (ls_store_kiosk_by_token_hash (fx->store, hash, &k), ==, -LS_E_NOT_FOUND);
  g_assert_null (k);
}

static void
test_open_bad (void)
{
  LsStore *s = NULL;
  g_assert_cmpint (ls_store_open ("mysql://x", &s), ==, -EPROTONOSUPPORT);
  /* no password in what is shown */
  static const char *const shown[][2] = {
    { "postgresql://layso:s3cret@db.example.vn/layso",
      "postgresql://layso:***@db.example.vn/layso" },
    { "postgresql://layso@db/layso?password=s3cret&sslmode=require",
      "postgresql://layso@db/layso?password=***&sslmode=require" },
    { "postgresql:///layso?host=/run/pg", "postgresql:///layso?host=/run/pg" },
    { "sqlite:/var/lib/layso/a:b@c.db", "sqlite:/var/lib/layso/a:b@c.db" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      g_autofree char *d = ls_store_spec_display (shown[i][0]);
      g_assert_cmpstr (d, ==, shown[i][1]);
    }
  /* a PostgreSQL server that is not there (no such socket directory) */
  g_assert_cmpint (ls_store_open ("postgresql:///layso?host=/nonexistent-dir", &s), ==, -ENOTCONN);
  g_assert_false (ls_store_exists ("postgresql:///layso?host=/nonexistent-dir"));
  LsStoreConfig no_pool = { .pool_size = 0 };
  g_assert_cmpint (ls_store_open_with ("sqlite:/tmp/x.db", &no_pool, &s), ==, -EINVAL);
  g_assert_cmpint (ls_store_open ("sqlite:", &s), ==, -EINVAL);
  g_assert_cmpint (ls_store_open ("sqlite::memory:", &s), ==, -EINVAL);
  g_assert_cmpint (ls_store_open ("sqlite:/nonexistent-dir/x/y.db", &s), ==, -EIO);
  g_assert_null (s);
  ls_store_close (NULL);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ADD ("/layso/server/store/capacity-race", test_capacity_race);
  ADD ("/layso/server/store/cccd-limit-and-cancel", test_cccd_limit_and_cancel);
  ADD ("/layso/server/store/idempotency", test_idempotency);
  ADD ("/layso/server/store/tickets", test_tickets);
  ADD ("/layso/server/store/purge", test_purge);
  ADD ("/layso/server/store/reopen", test_reopen);
  ADD ("/layso/server/store/calendar", test_calendar);
  ADD ("/layso/server/store/migration-5", test_migration_5);
  ADD ("/layso/server/store/kiosk-token", test_kiosk_token);
  g_test_add_func ("/layso/server/store/open-bad", test_open_bad);
  return g_test_run ();
}
