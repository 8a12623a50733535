/* Durability: what was answered 201 is still there after a restart on the same database,
 * after SIGTERM (clean exit 0) and after SIGKILL; re-seeding an existing database is a no-op. */
#include "harness.h"

#include <glib/gstdio.h>
#include <string.h>

#define N_BOOKINGS 30

typedef struct
{
  char *code;
  char *cccd;
  char *created; /* the 201 body */
} Booked;

static const char *const slots[] = { "0730-0930", "1400-1600" };
static const char *const fields[] = { "chung-thuc", "ho-tich", "dat-dai" };
static const char *const days[] = { "2025-09-26", "2025-09-29", "2025-09-30" };

static void
book_many (LtServer *srv, Booked *out, guint n, guint base)
{
  for (guint i = 0; i < n; i++)
    {
      out[i].cccd = lt_cccd (base + i);
      g_autofree char *name = g_strdup_printf ("Người Bền Vững %c", 'A' + i % 26);
      LtBooking b = { .name = name,
                      .cccd = out[i].cccd,
                      .phone = "0987654321",
                      .unit = LT_UNIT_PHO_YEN,
                      .field = fields[i % 3],
                      .date = days[(i / 3) % 3],
                      .slot = slots[(i / 9) % 2] };
      g_autoptr (LtResponse) r = lt_book (srv, &b);
      json_object *j = lt_assert_json (r, 201);
      out[i].code = g_strdup (lt_str (j, "code"));
      out[i].created = g_strdup (r->body);
    }
}

static void
assert_all_there (LtServer *srv, Booked *b, guint n, bool check_seats)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", b[i].code, b[i].cccd);
      g_autoptr (LtResponse) r = lt_get (srv, path);
      json_object *got = lt_assert_json (r, 200);
      json_object *created = json_tokener_parse (b[i].created);
      const char *keys[] = { "code",         "name",          "cccd",  "phone",
                             "unit.id",      "field.id",      "date",  "slot.id",
                             "checkin_from", "checkin_until", "status" };
      for (size_t k = 0; k < G_N_ELEMENTS (keys); k++)
        lt_assert_str (got, keys[k], lt_str (created, keys[k]));
      json_object_put (created);
    }
  if (!check_seats)
    return;
  /* The seats stay taken (book_many spreads the bookings over fields, days and slots). */
  for (size_t f = 0; f < G_N_ELEMENTS (fields); f++)
    for (size_t d = 0; d < G_N_ELEMENTS (days); d++)
      for (size_t s = 0; s < G_N_ELEMENTS (slots); s++)
        {
          gint64 taken = 0;
          for (guint i = 0; i < n; i++)
            if (i % 3 == f && (i / 3) % 3 == d && (i / 9) % 2 == s)
              taken++;
          g_assert_cmpint (
              lt_slot_remaining (srv, LT_UNIT_PHO_YEN, days[d], fields[f], slots[s], NULL), ==,
              10 - taken);
        }
}

static void
free_booked (Booked *b, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_free (b[i].code);
      g_free (b[i].cccd);
      g_free (b[i].created);
    }
}

static void
remove_tree (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
    }
  if (d)
    g_dir_close (d);
  g_rmdir (dir);
}

static void
test_sigterm_restart (void)
{
  g_autofree char *dir = g_dir_make_tmp ("layso-durability-XXXXXX", NULL);
  LtServerOptions first = {
    .work_dir = dir, .seed = true, .clock = LT_NOW_BOOKING, .expect_kiosk_tokens = LT_SEED_KIOSKS
  };
  LtServer *srv = lt_server_start (&first);
  g_autofree char *kiosk_token = g_strdup (lt_server_kiosk_token (srv, LT_KIOSK_PHO_YEN));
  Booked b[N_BOOKINGS] = { 0 };
  book_many (srv, b, N_BOOKINGS, 300000);
  lt_server_stop (srv); /* asserts exit status 0 */

  /* Seeding again is a no-op for existing ids: no new kiosk token, the old one still works. */
  LtServerOptions again = {
    .work_dir = dir, .seed = true, .clock = LT_NOW_BOOKING, .expect_kiosk_tokens = 0
  };
  srv = lt_server_start (&again);
  assert_all_there (srv, b, N_BOOKINGS, true);
  g_autoptr (LtResponse) me = lt_get_auth (srv, "/api/v1/kiosk/me", kiosk_token);
  lt_assert_str (lt_assert_json (me, 200), "kiosk.id", LT_KIOSK_PHO_YEN);
  /* New bookings go on, with codes unlike the old ones. */
  Booked more[1] = { 0 };
  book_many (srv, more, 1, 300100);
  for (guint i = 0; i < N_BOOKINGS; i++)
    g_assert_cmpstr (more[0].code, !=, b[i].code);
  lt_server_stop (srv);

  /* And without --seed at all. */
  LtServerOptions plain = { .work_dir = dir, .clock = LT_NOW_BOOKING };
  srv = lt_server_start (&plain);
  assert_all_there (srv, b, N_BOOKINGS, false);
  assert_all_there (srv, more, 1, false);
  lt_server_stop (srv);

  free_booked (b, N_BOOKINGS);
  free_booked (more, 1);
  remove_tree (dir);
}

static void
test_sigkill_restart (void)
{
  g_autofree char *dir = g_dir_make_tmp ("layso-durability-XXXXXX", NULL);
  LtServerOptions first = {
    .work_dir = dir, .seed = true, .clock = LT_NOW_BOOKING, .expect_kiosk_tokens = LT_SEED_KIOSKS
  };
  LtServer *srv = lt_server_start (&first);
  const char *token = lt_server_kiosk_token (srv, LT_KIOSK_PHO_YEN);
  g_autofree char *kiosk_token = g_strdup (token);
  Booked b[N_BOOKINGS] = { 0 };
  book_many (srv, b, N_BOOKINGS, 400000);
  /* b[0] and b[18] are both (chung-thuc, 26/9, 07:30): check the first one in. */
  lt_server_set_clock (srv, "2025-09-26T07:10:00+07:00");
  g_autofree char *in0 = g_strdup_printf ("{\"input\":\"%s\"}", b[0].code);
  g_autoptr (LtResponse) c0 = lt_post_json_auth (srv, "/api/v1/kiosk/checkin", in0, kiosk_token);
  lt_assert_str (lt_assert_json (c0, 200), "ticket.number", "A1001");
  lt_server_kill (srv); /* right after the last answer */

  LtServerOptions plain = { .work_dir = dir, .clock = LT_NOW_BOOKING };
  srv = lt_server_start (&plain);
  assert_all_there (srv, b + 1, N_BOOKINGS - 1, false);
  g_autofree char *get0 = g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", b[0].code, b[0].cccd);
  g_autoptr (LtResponse) g0 = lt_get (srv, get0);
  lt_assert_str (lt_assert_json (g0, 200), "status", "checked_in");
  /* The code stays used, and the ticket sequence goes on where it was. */
  lt_server_set_clock (srv, "2025-09-26T07:15:00+07:00");
  g_autoptr (LtResponse) again = lt_post_json_auth (srv, "/api/v1/kiosk/checkin", in0, kiosk_token);
  lt_assert_error (again, 409, "code_invalid_or_used", NULL);
  g_autofree char *in18 = g_strdup_printf ("{\"input\":\"%s\"}", b[18].code);
  g_autoptr (LtResponse) c18 = lt_post_json_auth (srv, "/api/v1/kiosk/checkin", in18, kiosk_token);
  lt_assert_str (lt_assert_json (c18, 200), "ticket.number", "A1002");
  lt_server_stop (srv);
  free_booked (b, N_BOOKINGS);
  remove_tree (dir);
}

#define N_DRAIN 120

static void
test_sigterm_during_rush (void)
{
  /* SIGTERM while bookings are in flight: every answer is whole (201 or 409), the exit is
   * clean, and every 201 is there after the restart. */
  g_autofree char *dir = g_dir_make_tmp ("layso-durability-XXXXXX", NULL);
  LtServerOptions first = {
    .work_dir = dir, .seed = true, .clock = LT_NOW_BOOKING, .expect_kiosk_tokens = LT_SEED_KIOSKS
  };
  LtServer *srv = lt_server_start (&first);
  char *bodies[N_DRAIN];
  for (guint i = 0; i < N_DRAIN; i++)
    {
      g_autofree char *cccd = lt_cccd (500000 + i);
      LtBooking b = { .name = "Lâm Văn Dừng",
                      .cccd = cccd,
                      .unit = LT_UNIT_PHO_YEN,
                      .field = fields[i % 3],
                      .date = days[i / 3 % 3],
                      .slot = "1400-1600" };
      bodies[i] = lt_booking_json (&b);
    }
  g_autoptr (GPtrArray) rs = lt_rush_and_sigterm (srv, "/api/v1/bookings", bodies, N_DRAIN, 5);
  lt_server_wait_stopped (srv); /* exit status 0 */
  g_autoptr (GPtrArray) booked = g_ptr_array_new_with_free_func (g_free);
  guint unanswered = 0;
  for (guint i = 0; i < N_DRAIN; i++)
    {
      LtResponse *r = rs->pdata[i];
      if (r->status == 0)
        {
          unanswered++;
        }
      else if (r->status == 201)
        {
          json_object *j = lt_assert_json (r, 201);
          g_autofree char *cccd = lt_cccd (500000 + i);
          g_ptr_array_add (
              booked, g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", lt_str (j, "code"), cccd));
        }
      else
        {
          lt_assert_error (r, 409, "slot_full", NULL);
        }
      g_free (bodies[i]);
    }
  g_test_message ("%u booked, %u unanswered, of %u", booked->len, unanswered, N_DRAIN);
  g_assert_cmpuint (booked->len, >=, 5);
  LtServerOptions plain = { .work_dir = dir, .clock = LT_NOW_BOOKING };
  srv = lt_server_start (&plain);
  for (guint i = 0; i < booked->len; i++)
    {
      g_autoptr (LtResponse) r = lt_get (srv, booked->pdata[i]);
      lt_assert_str (lt_assert_json (r, 200), "status", "booked");
    }
  lt_server_stop (srv);
  remove_tree (dir);
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_test_add_func ("/layso/integration/durability/sigterm-restart", test_sigterm_restart);
  g_test_add_func ("/layso/integration/durability/sigkill-restart", test_sigkill_restart);
  g_test_add_func ("/layso/integration/durability/sigterm-during-rush", test_sigterm_during_rush);
  return g_test_run ();
}
