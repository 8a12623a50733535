/* Races: many requests in flight together, each on its own connection. Capacity is never
 * exceeded, a CCCD never gets two bookings, walk-in numbers are never handed out twice. */
#include "harness.h"

#include <string.h>

static LtServer *srv;

#define N_RUSH 250

static void
test_slot_capacity (void)
{
  lt_server_set_clock (srv, LT_NOW_BOOKING);
  char *bodies[N_RUSH];
  for (guint i = 0; i < N_RUSH; i++)
    {
      g_autofree char *cccd = lt_cccd (100000 + i);
      /* Names carry no digits: "Công Dân" and two letters from i. */
      g_autofree char *name = g_strdup_printf ("Công Dân %c%c", 'A' + i / 26 % 26, 'a' + i % 26);
      LtBooking b = { .name = name,
                      .cccd = cccd,
                      .unit = LT_UNIT_PHO_YEN,
                      .field = "chung-thuc",
                      .date = "2025-09-26",
                      .slot = "0730-0930" };
      bodies[i] = lt_booking_json (&b);
      lt_server_forbid_in_logs (srv, cccd);
    }
  g_autoptr (GPtrArray) rs =
      lt_post_json_concurrently (srv, "/api/v1/bookings", bodies, N_RUSH, NULL, NULL);
  g_autoptr (GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  guint created = 0, full = 0;
  for (guint i = 0; i < N_RUSH; i++)
    {
      LtResponse *r = rs->pdata[i];
      if (r->status == 201)
        {
          json_object *j = lt_assert_json (r, 201);
          lt_assert_match (j, "code", LT_CODE_REGEX);
          const char *code = lt_str (j, "code");
          if (!g_hash_table_add (codes, (char *) code))
            lt_fail_at (__FILE__, __LINE__, "booking code %s issued twice", code);
          lt_server_note_code (srv, code);
          created++;
        }
      else
        {
          lt_assert_error (r, 409, "slot_full", NULL);
          full++;
        }
    }
  g_test_message ("%u created, %u slot_full", created, full);
  g_assert_cmpuint (created, ==, 10);
  g_assert_cmpuint (full, ==, N_RUSH - 10);
  bool is_full = false;
  g_assert_cmpint (
      lt_slot_remaining (srv, LT_UNIT_PHO_YEN, "2025-09-26", "chung-thuc", "0730-0930", &is_full),
      ==, 0);
  g_assert_true (is_full);
  /* Every winner can look its booking up. */
  for (guint i = 0; i < N_RUSH; i++)
    {
      LtResponse *r = rs->pdata[i];
      if (r->status != 201)
        continue;
      g_autofree char *cccd = lt_cccd (100000 + i);
      g_autofree char *path =
          g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", lt_str (r->json, "code"), cccd);
      g_autoptr (LtResponse) g = lt_get (srv, path);
      lt_assert_str (lt_assert_json (g, 200), "status", "booked");
    }
  for (guint i = 0; i < N_RUSH; i++)
    g_free (bodies[i]);
}

#define N_SAME 50

static void
test_same_cccd (void)
{
  lt_server_set_clock (srv, LT_NOW_BOOKING);
  LtBooking b = { .name = "Vũ Thị Lan",
                  .cccd = "079000200001",
                  .unit = LT_UNIT_PHO_YEN,
                  .field = "ho-tich",
                  .date = "2025-09-29",
                  .slot = "1400-1600" };
  lt_server_forbid_in_logs (srv, b.cccd);
  char *bodies[N_SAME];
  for (guint i = 0; i < N_SAME; i++)
    bodies[i] = lt_booking_json (&b);
  g_autoptr (GPtrArray) rs =
      lt_post_json_concurrently (srv, "/api/v1/bookings", bodies, N_SAME, NULL, NULL);
  guint created = 0;
  for (guint i = 0; i < N_SAME; i++)
    {
      LtResponse *r = rs->pdata[i];
      if (r->status == 201)
        {
          lt_assert_json (r, 201);
          created++;
        }
      else
        {
          lt_assert_error (r, 409, "duplicate_booking", NULL);
        }
      g_free (bodies[i]);
    }
  g_assert_cmpuint (created, ==, 1);
  g_assert_cmpint (lt_slot_remaining (srv, b.unit, b.date, b.field, b.slot, NULL), ==, 9);
}

#define N_WALK_IN 50

static void
test_walk_in_numbers (void)
{
  lt_server_set_clock (srv, "2025-09-26T08:00:00+07:00");
  const char *token = lt_server_kiosk_token (srv, LT_KIOSK_PHO_YEN);
  char *bodies[N_WALK_IN];
  for (guint i = 0; i < N_WALK_IN; i++)
    bodies[i] = g_strdup ("{\"field\":\"dat-dai\",\"priority\":false}");
  g_autoptr (GPtrArray) rs =
      lt_post_json_concurrently (srv, "/api/v1/kiosk/tickets", bodies, N_WALK_IN, token, NULL);
  g_autoptr (GHashTable) numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < N_WALK_IN; i++)
    {
      json_object *j = lt_assert_json ((LtResponse *) rs->pdata[i], 201);
      lt_assert_str (j, "ticket.kind", "walk_in");
      g_hash_table_add (numbers, g_strdup (lt_str (j, "ticket.number")));
      g_free (bodies[i]);
    }
  for (guint i = 1; i <= N_WALK_IN; i++)
    {
      g_autofree char *n = g_strdup_printf ("C%03u", i);
      if (!g_hash_table_contains (numbers, n))
        lt_fail_at (__FILE__, __LINE__, "walk-in number %s missing among %u answers", n,
                    g_hash_table_size (numbers));
    }
  g_assert_cmpuint (g_hash_table_size (numbers), ==, N_WALK_IN);
}

#define N_CHECKIN 30

static void
test_checkin_once (void)
{
  /* One code, many kiosks' worth of requests at once: exactly one ticket. */
  lt_server_set_clock (srv, LT_NOW_BOOKING);
  LtBooking b = { .name = "Hà Văn Một",
                  .cccd = "079000200101",
                  .unit = LT_UNIT_PHO_YEN,
                  .field = "xay-dung",
                  .date = "2025-09-26",
                  .slot = "0730-0930" };
  lt_server_forbid_in_logs (srv, b.cccd);
  g_autofree char *code = lt_book_ok (srv, &b);
  lt_server_set_clock (srv, "2025-09-26T07:15:00+07:00");
  const char *token = lt_server_kiosk_token (srv, LT_KIOSK_PHO_YEN);
  char *bodies[N_CHECKIN];
  for (guint i = 0; i < N_CHECKIN; i++)
    bodies[i] = g_strdup_printf ("{\"input\":\"%s\"}", i % 2 ? code : b.cccd);
  g_autoptr (GPtrArray) rs =
      lt_post_json_concurrently (srv, "/api/v1/kiosk/checkin", bodies, N_CHECKIN, token, NULL);
  guint issued = 0;
  for (guint i = 0; i < N_CHECKIN; i++)
    {
      LtResponse *r = rs->pdata[i];
      if (r->status == 200)
        {
          lt_assert_str (lt_assert_json (r, 200), "ticket.number", "D1001");
          issued++;
        }
      else
        {
          lt_assert_error (r, 409, "code_invalid_or_used", NULL);
        }
      g_free (bodies[i]);
    }
  g_assert_cmpuint (issued, ==, 1);
}

#define N_CANCEL 5
#define N_RACE   45

static void
test_cancel_and_book (void)
{
  /* A full slot; 5 cancels and 45 new bookings race. However they interleave, capacity holds:
   * new bookings <= seats freed, and what the slot shows is what was booked. */
  lt_server_set_clock (srv, LT_NOW_BOOKING);
  char *codes[10], *cccds[10];
  for (guint i = 0; i < 10; i++)
    {
      cccds[i] = lt_cccd (210000 + i);
      LtBooking b = { .name = "Phan Văn Tám",
                      .cccd = cccds[i],
                      .unit = LT_UNIT_PHO_YEN,
                      .field = "kinh-doanh",
                      .date = "2025-09-30",
                      .slot = "1400-1600" };
      codes[i] = lt_book_ok (srv, &b);
    }
  bool full = false;
  g_assert_cmpint (
      lt_slot_remaining (srv, LT_UNIT_PHO_YEN, "2025-09-30", "kinh-doanh", "1400-1600", &full), ==,
      0);
  g_assert_true (full);
  const char *paths[N_CANCEL + N_RACE];
  char *bodies[N_CANCEL + N_RACE];
  for (guint i = 0; i < N_CANCEL + N_RACE; i++)
    {
      if (i < N_CANCEL)
        {
          paths[i] = g_strdup_printf ("/api/v1/bookings/%s/cancel", codes[i]);
          bodies[i] = g_strdup_printf ("{\"cccd\":\"%s\"}", cccds[i]);
        }
      else
        {
          paths[i] = g_strdup ("/api/v1/bookings");
          g_autofree char *cccd = lt_cccd (220000 + i);
          LtBooking b = { .name = "Phan Thị Chín",
                          .cccd = cccd,
                          .unit = LT_UNIT_PHO_YEN,
                          .field = "kinh-doanh",
                          .date = "2025-09-30",
                          .slot = "1400-1600" };
          bodies[i] = lt_booking_json (&b);
        }
    }
  g_autoptr (GPtrArray) rs =
      lt_post_json_concurrently_to (srv, paths, bodies, N_CANCEL + N_RACE, NULL, NULL);
  guint booked = 0;
  for (guint i = 0; i < N_CANCEL + N_RACE; i++)
    {
      LtResponse *r = rs->pdata[i];
      if (i < N_CANCEL)
        {
          lt_assert_str (lt_assert_json (r, 200), "status", "cancelled");
        }
      else if (r->status == 201)
        {
          lt_assert_json (r, 201);
          booked++;
        }
      else
        {
          lt_assert_error (r, 409, "slot_full", NULL);
        }
      g_free ((char *) paths[i]);
      g_free (bodies[i]);
    }
  g_test_message ("%u of %u new bookings got a freed seat", booked, N_RACE);
  g_assert_cmpuint (booked, <=, N_CANCEL);
  gint64 remaining =
      lt_slot_remaining (srv, LT_UNIT_PHO_YEN, "2025-09-30", "kinh-doanh", "1400-1600", &full);
  g_assert_cmpint (remaining, ==, N_CANCEL - (gint64) booked);
  g_assert_true (full == (remaining == 0));
  for (guint i = 0; i < 10; i++)
    {
      g_free (codes[i]);
      g_free (cccds[i]);
    }
}

static void
test_two_processes (void)
{
  /* Capacity is never exceeded on any number of server processes (docs/architecture.md,
   * the store interface). A second layso-server on the same database file; the rush
   * alternates between the two. */
  LtServerOptions o = { .work_dir = lt_server_work_dir (srv), .clock = LT_NOW_BOOKING };
  LtServer *other = lt_server_start (&o);
  lt_server_set_clock (srv, LT_NOW_BOOKING);
  const char *paths[N_RUSH];
  char *bodies[N_RUSH];
  g_autofree char *other_url = g_strconcat (lt_server_url (other), "/api/v1/bookings", NULL);
  for (guint i = 0; i < N_RUSH; i++)
    {
      g_autofree char *cccd = lt_cccd (230000 + i);
      LtBooking b = { .name = "Trịnh Văn Mười",
                      .cccd = cccd,
                      .unit = LT_UNIT_PHO_YEN,
                      .field = "ho-tich",
                      .date = "2025-10-01",
                      .slot = "0730-0930" };
      bodies[i] = lt_booking_json (&b);
      paths[i] = i % 2 ? other_url : "/api/v1/bookings";
    }
  g_autoptr (GPtrArray) rs = lt_post_json_concurrently_to (srv, paths, bodies, N_RUSH, NULL, NULL);
  guint created[2] = { 0, 0 };
  for (guint i = 0; i < N_RUSH; i++)
    {
      LtResponse *r = rs->pdata[i];
      if (r->status == 201)
        {
          lt_assert_json (r, 201);
          created[i % 2]++;
        }
      else
        {
          lt_assert_error (r, 409, "slot_full", NULL);
        }
      g_free (bodies[i]);
    }
  g_test_message ("created %u via the first server, %u via the second", created[0], created[1]);
  g_assert_cmpuint (created[0] + created[1], ==, 10);
  bool full = false;
  g_assert_cmpint (
      lt_slot_remaining (srv, LT_UNIT_PHO_YEN, "2025-10-01", "ho-tich", "0730-0930", &full), ==, 0);
  g_assert_true (full);
  g_assert_cmpint (
      lt_slot_remaining (other, LT_UNIT_PHO_YEN, "2025-10-01", "ho-tich", "0730-0930", &full), ==,
      0);
  g_assert_true (full);

  /* One CCCD through both processes at once: one booking. */
  LtBooking same = { .name = "Trịnh Thị Mười",
                     .cccd = "079000240001",
                     .unit = LT_UNIT_PHO_YEN,
                     .field = "ho-tich",
                     .date = "2025-10-01",
                     .slot = "1400-1600" };
  for (guint i = 0; i < 40; i++)
    bodies[i] = lt_booking_json (&same);
  g_autoptr (GPtrArray) rs2 = lt_post_json_concurrently_to (srv, paths, bodies, 40, NULL, NULL);
  guint ok = 0;
  for (guint i = 0; i < 40; i++)
    {
      LtResponse *r = rs2->pdata[i];
      if (r->status == 201)
        ok++;
      else
        lt_assert_error (r, 409, "duplicate_booking", NULL);
      g_free (bodies[i]);
    }
  g_assert_cmpuint (ok, ==, 1);
  lt_server_stop (other);
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_test_add_func ("/layso/integration/concurrency/slot-capacity", test_slot_capacity);
  g_test_add_func ("/layso/integration/concurrency/same-cccd", test_same_cccd);
  g_test_add_func ("/layso/integration/concurrency/walk-in-numbers", test_walk_in_numbers);
  g_test_add_func ("/layso/integration/concurrency/checkin-once", test_checkin_once);
  g_test_add_func ("/layso/integration/concurrency/cancel-and-book", test_cancel_and_book);
  g_test_add_func ("/layso/integration/concurrency/two-processes", test_two_processes);
  srv = lt_server_start_default ();
  int rc = g_test_run ();
  lt_server_stop (srv);
  return rc;
}
