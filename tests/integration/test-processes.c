/* Guarantees across processes (issue 12): three layso-server processes on one database (one
 * SQLite file, or with LAYSO_TEST_DB=postgresql one PostgreSQL database), requests spread
 * over the three at once. Capacity, per-CCCD limits, unique codes, single-use check-in,
 * ticket numbers and "next" hold because the store enforces them in its transactions, not
 * in a process's memory. */
#include "harness.h"
#include "sse-client.h"
#include "staff-client.h"

#include <string.h>

#define N_PROCESSES 3
#define DAY         "2025-09-26" /* Friday: today once the clock is at DAY_NOW */
#define DAY_NOW     DAY "T07:40:00+07:00"

static LtServer *srv[N_PROCESSES];

static void
set_clocks (const char *now)
{
  for (int p = 0; p < N_PROCESSES; p++)
    lt_server_set_clock (srv[p], now);
}

/* The URL of `path` on process i % N_PROCESSES (the first one's own paths stay relative). */
static char *
spread (guint i, const char *path)
{
  guint p = i % N_PROCESSES;
  return p ? g_strconcat (lt_server_url (srv[p]), path, NULL) : g_strdup (path);
}

static void
test_capacity (void)
{
  enum
  {
    RUSH = 500,
  };
  set_clocks (LT_NOW_BOOKING);
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < RUSH; i++)
    {
      g_autofree char *cccd = lt_cccd (300000 + i);
      LtBooking b = { .name = "Lý Văn Chờ",
                      .cccd = cccd,
                      .unit = LT_UNIT_PHO_YEN,
                      .field = "ho-tich",
                      .date = "2025-10-01",
                      .slot = "0730-0930" };
      g_ptr_array_add (bodies, lt_booking_json (&b));
      g_ptr_array_add (paths, spread (i, "/api/v1/bookings"));
    }
  g_autoptr (GPtrArray) rs = lt_post_json_concurrently_to (
      srv[0], (const char *const *) paths->pdata, (char **) bodies->pdata, RUSH, NULL, NULL);
  g_autoptr (GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint created[N_PROCESSES] = { 0 };
  for (guint i = 0; i < RUSH; i++)
    {
      LtResponse *r = rs->pdata[i];
      if (r->status != 201)
        {
          lt_assert_error (r, 409, "slot_full", NULL);
          continue;
        }
      g_hash_table_add (codes, g_strdup (lt_str (lt_assert_json (r, 201), "code")));
      created[i % N_PROCESSES]++;
    }
  g_test_message ("created %u, %u, %u by the three processes", created[0], created[1], created[2]);
  g_assert_cmpuint (created[0] + created[1] + created[2], ==, 10);
  g_assert_cmpuint (g_hash_table_size (codes), ==, 10);
  for (int p = 0; p < N_PROCESSES; p++)
    {
      bool full = false;
      g_assert_cmpint (
          lt_slot_remaining (srv[p], LT_UNIT_PHO_YEN, "2025-10-01", "ho-tich", "0730-0930", &full),
          ==, 0);
      g_assert_true (full);
    }
}

/* 4 fields x 5 days x 10 seats, each seat booked once through one of the processes: every
 * booking gets a code no other active booking has. */
static void
test_codes_unique (void)
{
  static const char *const fields[] = { "chung-thuc", "dat-dai", "kinh-doanh", "bao-tro-xa-hoi" };
  static const char *const days[] = { "2025-09-29", "2025-09-30", "2025-10-02", "2025-10-03",
                                      "2025-10-06" };
  enum
  {
    N = 4 * 5 * 10,
  };
  set_clocks (LT_NOW_BOOKING);
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < N; i++)
    {
      g_autofree char *cccd = lt_cccd (400000 + i);
      LtBooking b = { .name = "Đỗ Thị Mã",
                      .cccd = cccd,
                      .unit = LT_UNIT_PHO_YEN,
                      .field = fields[i % 4],
                      .date = days[i / 4 % 5],
                      .slot = "1400-1600" };
      g_ptr_array_add (bodies, lt_booking_json (&b));
      g_ptr_array_add (paths, spread (i, "/api/v1/bookings"));
    }
  g_autoptr (GPtrArray) rs = lt_post_json_concurrently_to (
      srv[0], (const char *const *) paths->pdata, (char **) bodies->pdata, N, NULL, NULL);
  g_autoptr (GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < N; i++)
    {
      const char *code = lt_str (lt_assert_json ((LtResponse *) rs->pdata[i], 201), "code");
      if (!g_hash_table_add (codes, g_strdup (code)))
        lt_fail_at (__FILE__, __LINE__, "code %s given to two bookings", code);
    }
  g_assert_cmpuint (g_hash_table_size (codes), ==, N);
}

/* One CCCD through all processes at once: one booking. */
static void
test_same_cccd (void)
{
  enum
  {
    N = 45,
  };
  set_clocks (LT_NOW_BOOKING);
  LtBooking b = { .name = "Vũ Thị Một",
                  .cccd = "079000250001",
                  .unit = LT_UNIT_PHO_YEN,
                  .field = "xay-dung",
                  .date = "2025-10-01",
                  .slot = "1400-1600" };
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < N; i++)
    {
      g_ptr_array_add (bodies, lt_booking_json (&b));
      g_ptr_array_add (paths, spread (i, "/api/v1/bookings"));
    }
  g_autoptr (GPtrArray) rs = lt_post_json_concurrently_to (
      srv[0], (const char *const *) paths->pdata, (char **) bodies->pdata, N, NULL, NULL);
  guint ok = 0;
  for (guint i = 0; i < N; i++)
    {
      LtResponse *r = rs->pdata[i];
      if (r->status == 201)
        ok++;
      else
        lt_assert_error (r, 409, "duplicate_booking", NULL);
    }
  g_assert_cmpuint (ok, ==, 1);
}

/* The same code sent to every process at once: exactly one ticket. */
static void
test_checkin_once (void)
{
  enum
  {
    N = 30,
  };
  set_clocks (LT_NOW_BOOKING);
  LtBooking b = { .name = "Hà Văn Hai",
                  .cccd = "079000250101",
                  .unit = LT_UNIT_PHO_YEN,
                  .field = "xay-dung",
                  .date = DAY,
                  .slot = "0730-0930" };
  g_autofree char *code = lt_book_ok (srv[1], &b);
  set_clocks (DAY_NOW);
  const char *token = lt_server_kiosk_token (srv[0], LT_KIOSK_PHO_YEN);
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < N; i++)
    {
      g_ptr_array_add (bodies, g_strdup_printf ("{\"input\":\"%s\"}", i % 2 ? code : b.cccd));
      g_ptr_array_add (paths, spread (i, "/api/v1/kiosk/checkin"));
    }
  g_autoptr (GPtrArray) rs = lt_post_json_concurrently_to (
      srv[0], (const char *const *) paths->pdata, (char **) bodies->pdata, N, token, NULL);
  guint issued = 0;
  for (guint i = 0; i < N; i++)
    {
      LtResponse *r = rs->pdata[i];
      if (r->status == 200)
        {
          lt_assert_json (r, 200);
          issued++;
        }
      else
        lt_assert_error (r, 409, "code_invalid_or_used", NULL);
    }
  g_assert_cmpuint (issued, ==, 1);
}

/* Walk-in tickets from every process at once: numbers 1..N of the field, each once. */
static void
test_ticket_numbers (void)
{
  enum
  {
    N = 60,
  };
  set_clocks (DAY_NOW);
  const char *token = lt_server_kiosk_token (srv[0], LT_KIOSK_PHO_YEN);
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < N; i++)
    {
      g_ptr_array_add (bodies, g_strdup ("{\"field\":\"dat-dai\",\"priority\":false}"));
      g_ptr_array_add (paths, spread (i, "/api/v1/kiosk/tickets"));
    }
  g_autoptr (GPtrArray) rs = lt_post_json_concurrently_to (
      srv[0], (const char *const *) paths->pdata, (char **) bodies->pdata, N, token, NULL);
  g_autoptr (GHashTable) numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < N; i++)
    g_hash_table_add (numbers, g_strdup (lt_str (lt_assert_json ((LtResponse *) rs->pdata[i], 201),
                                                 "ticket.number")));
  for (guint i = 1; i <= N; i++)
    {
      g_autofree char *n = g_strdup_printf ("C%03u", i);
      if (!g_hash_table_contains (numbers, n))
        lt_fail_at (__FILE__, __LINE__, "number %s missing among %u", n,
                    g_hash_table_size (numbers));
    }
}

static char *
make_counter (const char *admin, int number)
{
  g_autofree char *body = g_strdup_printf (
      "{\"name\":\"Quầy %d\",\"number\":%d,\"fields\":[\"ho-tich\",\"chung-thuc\"]}", number,
      number);
  g_autoptr (LtResponse) r =
      lt_staff_post (srv[0], "/api/v1/units/" LT_UNIT_PHO_YEN "/counters", body, admin);
  return g_strdup (lt_str (lt_assert_json (r, 201), "counter.id"));
}

/* Counters on different processes calling "next" at once never get the same ticket. */
static void
test_next (void)
{
  enum
  {
    TICKETS = 40,
    COUNTERS = 4,
    CALLS = 64,
  };
  set_clocks (DAY_NOW);
  g_autofree char *admin = lt_staff_admin_cookie (srv[0]);
  char *counters[COUNTERS];
  for (int k = 0; k < COUNTERS; k++)
    counters[k] = make_counter (admin, 11 + k);
  const char *token = lt_server_kiosk_token (srv[0], LT_KIOSK_PHO_YEN);
  for (guint i = 0; i < TICKETS; i++)
    {
      g_autoptr (LtResponse) r =
          lt_post_json_auth (srv[i % N_PROCESSES], "/api/v1/kiosk/tickets",
                             i % 2 ? "{\"field\":\"ho-tich\",\"priority\":false}"
                                   : "{\"field\":\"chung-thuc\",\"priority\":false}",
                             token);
      lt_assert_json (r, 201);
    }
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < CALLS; i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/counters/%s/next", counters[i % COUNTERS]);
      g_ptr_array_add (paths, spread (i, path));
      g_ptr_array_add (bodies, g_strdup ("{}"));
    }
  g_autofree char *cookie = g_strconcat ("Cookie: ", admin, NULL);
  const char *extra[] = { cookie, NULL };
  g_autoptr (GPtrArray) rs = lt_post_json_concurrently_to (
      srv[0], (const char *const *) paths->pdata, (char **) bodies->pdata, CALLS, NULL, extra);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < CALLS; i++)
    {
      LtResponse *r = rs->pdata[i];
      if (r->status == 409)
        {
          lt_assert_error (r, 409, "queue_empty", NULL);
          continue;
        }
      const char *id = lt_str (lt_assert_json (r, 200), "ticket.id");
      if (!g_hash_table_add (seen, g_strdup (id)))
        lt_fail_at (__FILE__, __LINE__, "ticket %s was called twice", id);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, TICKETS);
  for (int k = 0; k < COUNTERS; k++)
    g_free (counters[k]);
}

/* A call made through one process reaches a board connected to another within a second
 * (PostgreSQL LISTEN/NOTIFY). SQLite's processes share no events: each one's boards carry
 * the calls made through it (docs/deploy.md). */
static void
test_board_elsewhere (void)
{
  if (!lt_on_postgres ())
    {
      g_test_skip ("SQLite: a board sees the calls of its own process");
      return;
    }
  set_clocks (DAY_NOW);
  g_autofree char *admin = lt_staff_admin_cookie (srv[0]);
  g_autofree char *counter = make_counter (admin, 21);
  LtSse *board = lt_sse_open (srv[2], LT_UNIT_PHO_YEN, NULL);
  g_assert_nonnull (lt_sse_next (board, "snapshot", 5000));
  g_autoptr (LtResponse) t = lt_post_json_auth (srv[1], "/api/v1/kiosk/tickets",
                                                "{\"field\":\"ho-tich\",\"priority\":false}",
                                                lt_server_kiosk_token (srv[0], LT_KIOSK_PHO_YEN));
  const char *number = lt_str (lt_assert_json (t, 201), "ticket.number");
  /* issued through a third process: the board hears of it too */
  g_assert_nonnull (lt_sse_next (board, "queue", 5000));
  g_autofree char *path = g_strdup_printf ("/api/v1/counters/%s/next", counter);
  gint64 start = g_get_monotonic_time ();
  g_autoptr (LtResponse) next = lt_staff_post (srv[0], path, "{}", admin);
  lt_assert_json (next, 200);
  const LtSseEvent *called = lt_sse_next (board, "called", 1000);
  gint64 took_ms = (g_get_monotonic_time () - start) / 1000;
  if (!called)
    lt_fail_at (__FILE__, __LINE__, "the board on another process saw no call within 1 s");
  g_test_message ("the call reached the other process's board in %" G_GINT64_FORMAT " ms", took_ms);
  g_assert_nonnull (strstr (json_object_to_json_string (called->data), number));
  lt_sse_close (board);
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_test_add_func ("/layso/integration/processes/capacity", test_capacity);
  g_test_add_func ("/layso/integration/processes/codes-unique", test_codes_unique);
  g_test_add_func ("/layso/integration/processes/same-cccd", test_same_cccd);
  g_test_add_func ("/layso/integration/processes/checkin-once", test_checkin_once);
  g_test_add_func ("/layso/integration/processes/ticket-numbers", test_ticket_numbers);
  g_test_add_func ("/layso/integration/processes/next", test_next);
  g_test_add_func ("/layso/integration/processes/board-elsewhere", test_board_elsewhere);
  srv[0] = lt_server_start_default ();
  for (int p = 1; p < N_PROCESSES; p++)
    {
      LtServerOptions o = { .work_dir = lt_server_work_dir (srv[0]), .clock = LT_NOW_BOOKING };
      srv[p] = lt_server_start (&o);
    }
  int rc = g_test_run ();
  for (int p = N_PROCESSES - 1; p >= 0; p--)
    lt_server_stop (srv[p]);
  return rc;
}
