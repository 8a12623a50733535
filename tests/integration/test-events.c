/* The units' event streams on the real server, read with libcurl: the snapshot on
 * connect, a call made through the API arriving with its id, resume with Last-Event-ID,
 * ids that survive a restart, no personal data, and the cap on streams. */
#include "harness.h"
#include "sse-client.h"
#include "staff-client.h"

#include <stdlib.h>
#include <string.h>

#define FIELD_A    "chung-thuc"
#define LT_NOW_DAY "2025-09-26T07:40:00+07:00"
#define EVENTS     "/api/v1/units/" LT_UNIT_PHO_YEN "/events"

typedef struct
{
  LtServer *srv;
  char *staff, *counter;
} Fx;

static void
fx_prepare (Fx *fx)
{
  lt_server_set_clock (fx->srv, LT_NOW_DAY);
  g_autofree char *admin = lt_staff_admin_cookie (fx->srv);
  fx->staff = lt_staff_user_cookie (fx->srv, admin, "canbo.phoyen", "staff", LT_UNIT_PHO_YEN);
  g_autoptr (LtResponse) r =
      lt_staff_post (fx->srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/counters",
                     "{\"name\":\"Quầy 3\",\"number\":3,\"fields\":[\"" FIELD_A "\"]}", admin);
  fx->counter = g_strdup (lt_str (lt_assert_json (r, 201), "counter.id"));
}

static void
fx_setup (Fx *fx, gconstpointer data)
{
  fx->srv = lt_server_start_default ();
  fx_prepare (fx);
}

static void
fx_teardown (Fx *fx, gconstpointer data)
{
  if (fx->srv)
    lt_server_stop (fx->srv);
  g_free (fx->staff);
  g_free (fx->counter);
}

static char *
walk_in (Fx *fx)
{
  g_autoptr (LtResponse) r =
      lt_post_json_auth (fx->srv, "/api/v1/kiosk/tickets", "{\"field\":\"" FIELD_A "\"}",
                         lt_server_kiosk_token (fx->srv, LT_KIOSK_PHO_YEN));
  return g_strdup (lt_str (lt_assert_json (r, 201), "ticket.number"));
}

static void
next (Fx *fx)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/counters/%s/next", fx->counter);
  g_autoptr (LtResponse) r = lt_staff_post (fx->srv, path, NULL, fx->staff);
  lt_assert_status (r, 200);
}

static void
test_snapshot_then_call (Fx *fx, gconstpointer data)
{
  g_autofree char *number = walk_in (fx);
  LtSse *sse = lt_sse_open (fx->srv, LT_UNIT_PHO_YEN, NULL);
  const LtSseEvent *snap = lt_sse_next (sse, "snapshot", 5000);
  g_assert_nonnull (snap);
  g_assert_cmpint (snap->id, ==, 1); /* the kiosk's ticket: a `queue` event */
  lt_assert_str (snap->data, "counters.0.name", "Quầy 3");
  lt_assert_int (snap->data, "counters.0.number", 3);
  g_assert_null (lt_json_at (snap->data, "counters.0.serving"));
  lt_assert_str (snap->data, "waiting.0.field", FIELD_A);
  lt_assert_int (snap->data, "waiting.0.count", 1);
  gint64 t0 = g_get_monotonic_time ();
  next (fx);
  const LtSseEvent *called = lt_sse_next (sse, "called", 5000);
  gint64 took_ms = (g_get_monotonic_time () - t0) / 1000;
  g_assert_nonnull (called);
  g_assert_cmpint (called->id, ==, 2);
  lt_assert_str (called->data, "ticket.number", number);
  lt_assert_str (called->data, "ticket.field.id", FIELD_A);
  lt_assert_int (called->data, "counter.number", 3);
  lt_assert_bool (called->data, "recall", false);
  lt_assert_match (called->data, "at", LT_INSTANT_REGEX);
  g_assert_cmpint (took_ms, <, 1000);
  const LtSseEvent *counter = lt_sse_next (sse, "counter", 5000);
  g_assert_cmpint (counter->id, ==, 3);
  lt_assert_str (counter->data, "serving.number", number);
  const LtSseEvent *queue = lt_sse_next (sse, "queue", 5000);
  g_assert_cmpint (queue->id, ==, 4);
  lt_assert_int (queue->data, "fields.0.waiting", 0);
  /* a ticket from the kiosk: the waiting count goes up on the board */
  g_free (walk_in (fx));
  const LtSseEvent *issued = lt_sse_next (sse, "queue", 5000);
  g_assert_cmpint (issued->id, ==, 5);
  lt_assert_str (issued->data, "fields.0.id", FIELD_A);
  lt_assert_int (issued->data, "fields.0.waiting", 1);
  /* keep-alive: a ping within the next 6 s */
  g_assert_nonnull (lt_sse_next (sse, "ping", 6500));
  lt_sse_close (sse);
}

/* Tickets issued all at once: each answered 201, and the boards' waiting count reaches the
 * total — the announcements of a burst are coalesced (routes/announce.c), the last one
 * covers every ticket. */
static void
test_burst_announced (Fx *fx, gconstpointer data)
{
  enum
  {
    N = 40
  };
  LtSse *sse = lt_sse_open (fx->srv, LT_UNIT_PHO_YEN, NULL);
  g_assert_nonnull (lt_sse_next (sse, "snapshot", 5000));
  char *bodies[N];
  for (int i = 0; i < N; i++)
    bodies[i] = g_strdup ("{\"field\":\"" FIELD_A "\"}");
  g_autoptr (GPtrArray) rs =
      lt_post_json_concurrently (fx->srv, "/api/v1/kiosk/tickets", bodies, N,
                                 lt_server_kiosk_token (fx->srv, LT_KIOSK_PHO_YEN), NULL);
  for (int i = 0; i < N; i++)
    {
      lt_assert_status (rs->pdata[i], 201);
      g_free (bodies[i]);
    }
  int announcements = 0;
  gint64 waiting = 0;
  while (waiting < N)
    {
      const LtSseEvent *queue = lt_sse_next (sse, "queue", 5000);
      g_assert_nonnull (queue);
      announcements++;
      waiting = lt_int (queue->data, "fields.0.waiting");
    }
  g_assert_cmpint (waiting, ==, N);
  g_assert_cmpint (announcements, <=, N);
  lt_sse_close (sse);
}

static void
test_resume (Fx *fx, gconstpointer data)
{
  g_free (walk_in (fx));
  g_autofree char *second = walk_in (fx);
  next (fx); /* events 1-2: the tickets; 3-5: the call */
  /* resumes after 3: the missed events in order, no snapshot */
  LtSse *sse = lt_sse_open (fx->srv, LT_UNIT_PHO_YEN, "3");
  const LtSseEvent *e4 = lt_sse_next (sse, "counter", 5000);
  g_assert_cmpint (e4->id, ==, 4);
  g_assert_cmpint (lt_sse_next (sse, "queue", 5000)->id, ==, 5);
  next (fx); /* then new ones: 6-8 */
  const LtSseEvent *e6 = lt_sse_next (sse, "called", 5000);
  g_assert_cmpint (e6->id, ==, 6);
  lt_assert_str (e6->data, "ticket.number", second);
  lt_sse_close (sse);
  /* an id the server never gave: a fresh snapshot as of now */
  LtSse *far = lt_sse_open (fx->srv, LT_UNIT_PHO_YEN, "999");
  const LtSseEvent *snap = lt_sse_next (far, "snapshot", 5000);
  g_assert_cmpint (snap->id, ==, 8);
  lt_assert_str (snap->data, "counters.0.serving.number", second);
  lt_assert_str (snap->data, "recent.1.ticket.number", second);
  lt_sse_close (far);
  /* a garbage id: a snapshot too */
  LtSse *junk = lt_sse_open (fx->srv, LT_UNIT_PHO_YEN, "abc");
  g_assert_cmpint (lt_sse_next (junk, "snapshot", 5000)->id, ==, 8);
  lt_sse_close (junk);
}

/* The sequence lives in the database: ids go on after a restart. */
static void
test_ids_survive_restart (void)
{
  g_autofree char *dir = g_dir_make_tmp ("layso-events-XXXXXX", NULL);
  LtServerOptions o = {
    .work_dir = dir, .seed = true, .clock = LT_NOW_DAY, .expect_kiosk_tokens = LT_SEED_KIOSKS
  };
  Fx fx = { .srv = lt_server_start (&o) };
  fx_prepare (&fx);
  g_free (walk_in (&fx));
  g_free (walk_in (&fx)); /* the restarted server prints no kiosk token: issue both now */
  next (&fx);             /* events 1-2 the tickets, 3-5 the call */
  LtSse *held = lt_sse_open (fx.srv, LT_UNIT_PHO_YEN, NULL);
  g_assert_cmpint (lt_sse_next (held, "snapshot", 5000)->id, ==, 5);
  lt_server_stop (fx.srv); /* with a stream open: it ends, the server exits cleanly */
  lt_sse_close (held);
  o.expect_kiosk_tokens = 0; /* the kiosks exist: no new token */
  fx.srv = lt_server_start (&o);
  g_free (fx.staff);
  fx.staff = lt_staff_login_ok (fx.srv, "canbo.phoyen", LT_STAFF_PASSWORD);
  LtSse *sse = lt_sse_open (fx.srv, LT_UNIT_PHO_YEN, "5");
  next (&fx);
  g_assert_cmpint (lt_sse_next (sse, "called", 5000)->id, ==, 6);
  lt_sse_close (sse);
  g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);
  fx_teardown (&fx, NULL);
  g_assert_cmpint (system (rm), ==, 0);
}

/* Appointments carry a name and a CCCD: neither ever reaches a public stream. */
static void
test_no_personal_data (Fx *fx, gconstpointer data)
{
  lt_server_set_clock (fx->srv, LT_NOW_BOOKING);
  g_autofree char *cccd = lt_cccd (7);
  LtBooking b = { "Phạm Bí Mật", cccd,         "0987654321", LT_UNIT_PHO_YEN,
                  FIELD_A,       "2025-09-26", "0730-0930" };
  g_autofree char *code = lt_book_ok (fx->srv, &b);
  lt_server_set_clock (fx->srv, LT_NOW_DAY);
  LtSse *sse = lt_sse_open (fx->srv, LT_UNIT_PHO_YEN, NULL);
  g_assert_nonnull (lt_sse_next (sse, "snapshot", 5000));
  g_autofree char *body = g_strdup_printf ("{\"input\":\"%s\"}", code);
  g_autoptr (LtResponse) ci = lt_post_json_auth (fx->srv, "/api/v1/kiosk/checkin", body,
                                                 lt_server_kiosk_token (fx->srv, LT_KIOSK_PHO_YEN));
  lt_assert_status (ci, 200);
  g_assert_nonnull (lt_sse_next (sse, "queue", 5000));
  next (fx);
  g_assert_nonnull (lt_sse_next (sse, "called", 5000));
  g_assert_nonnull (lt_sse_next (sse, "counter", 5000));
  g_assert_nonnull (lt_sse_next (sse, "queue", 5000));
  LtSse *again = lt_sse_open (fx->srv, LT_UNIT_PHO_YEN, NULL);
  g_assert_nonnull (lt_sse_next (again, "snapshot", 5000));
  const char *secrets[] = { "Phạm Bí Mật", cccd, cccd + 8, "0987654321", code };
  for (LtSse **s = (LtSse *[]){ sse, again, NULL }; *s; s++)
    {
      g_autofree char *text = lt_sse_text (*s);
      for (size_t i = 0; i < G_N_ELEMENTS (secrets); i++)
        if (strstr (text, secrets[i]))
          g_error ("the stream holds personal data (%zu): %s", i, text);
    }
  lt_sse_close (sse);
  lt_sse_close (again);
}

static void
test_stream_cap (void)
{
  const char *args[] = { "--streams-per-client", "2", NULL };
  LtServerOptions o = {
    .seed = true, .clock = LT_NOW_DAY, .extra_args = args, .expect_kiosk_tokens = LT_SEED_KIOSKS
  };
  LtServer *srv = lt_server_start (&o);
  LtSse *a = lt_sse_open (srv, LT_UNIT_PHO_YEN, NULL);
  LtSse *b = lt_sse_open (srv, LT_UNIT_PHO_YEN, NULL);
  g_assert_nonnull (lt_sse_next (a, "snapshot", 5000));
  g_assert_nonnull (lt_sse_next (b, "snapshot", 5000));
  LtSse *c = lt_sse_open (srv, LT_UNIT_PHO_YEN, NULL);
  g_assert_cmpint (lt_sse_status (c, 5000), ==, 503);
  g_assert_nonnull (lt_sse_retry_after (c));
  lt_sse_close (c);
  lt_sse_close (a);
  /* a closed stream frees its place (noticed at the next ping at the latest) */
  LtSse *d = NULL;
  for (int i = 0; i < 20; i++)
    {
      g_usleep (500 * 1000);
      d = lt_sse_open (srv, LT_UNIT_PHO_YEN, NULL);
      if (lt_sse_status (d, 5000) == 200)
        break;
      lt_sse_close (g_steal_pointer (&d));
    }
  g_assert_nonnull (d);
  g_assert_nonnull (lt_sse_next (d, "snapshot", 5000));
  g_autoptr (LtResponse) unknown = lt_get (srv, "/api/v1/units/khong-co/events");
  lt_assert_error (unknown, 404, "not_found", NULL);
  lt_sse_close (d);
  lt_sse_close (b);
  lt_server_stop (srv);
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_test_add ("/layso/events/snapshot-then-call", Fx, NULL, fx_setup, test_snapshot_then_call,
              fx_teardown);
  g_test_add ("/layso/events/resume", Fx, NULL, fx_setup, test_resume, fx_teardown);
  g_test_add ("/layso/events/burst-announced", Fx, NULL, fx_setup, test_burst_announced,
              fx_teardown);
  g_test_add_func ("/layso/events/ids-survive-restart", test_ids_survive_restart);
  g_test_add ("/layso/events/no-personal-data", Fx, NULL, fx_setup, test_no_personal_data,
              fx_teardown);
  g_test_add_func ("/layso/events/stream-cap", test_stream_cap);
  return g_test_run ();
}
