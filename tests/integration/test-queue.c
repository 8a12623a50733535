/* Calling the queue on the real server: every transition and its errors, the calling
 * order and a unit's policy, units kept apart (403), the ticket status, and "next" raced by
 * several counters over many tickets without a ticket ever called twice. */
#include "harness.h"
#include "staff-client.h"

#include <stdlib.h>
#include <string.h>

#define FIELD_A "chung-thuc"
#define FIELD_B "ho-tich"
/* Fri 26/9/2025 07:40: the first slot's check-in window is open, and so is the unit */
#define LT_NOW_DAY "2025-09-26T07:40:00+07:00"

typedef struct
{
  LtServer *srv;
  char *admin, *staff;
  char *counter1, *counter2, *counter_all; /* A; A; every field */
} Fx;

static char *
make_counter (Fx *fx, const char *name, int number, const char *fields_json)
{
  g_autofree char *body =
      g_strdup_printf ("{\"name\":\"%s\",\"number\":%d,\"fields\":%s}", name, number, fields_json);
  g_autoptr (LtResponse) r =
      lt_staff_post (fx->srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/counters", body, fx->admin);
  json_object *j = lt_assert_json (r, 201);
  lt_assert_int (j, "counter.number", number);
  return g_strdup (lt_str (j, "counter.id"));
}

static void
fx_setup (Fx *fx, gconstpointer data)
{
  fx->srv = lt_server_start_default ();
  lt_server_set_clock (fx->srv, LT_NOW_DAY);
  fx->admin = lt_staff_admin_cookie (fx->srv);
  fx->staff = lt_staff_user_cookie (fx->srv, fx->admin, "canbo.phoyen", "staff", LT_UNIT_PHO_YEN);
  fx->counter1 = make_counter (fx, "Quầy 1", 1, "[\"" FIELD_A "\"]");
  fx->counter2 = make_counter (fx, "Quầy 2", 2, "[\"" FIELD_A "\"]");
  fx->counter_all = make_counter (fx, "Quầy 7", 7, "[\"" FIELD_A "\",\"" FIELD_B "\"]");
}

static void
fx_teardown (Fx *fx, gconstpointer data)
{
  lt_server_stop (fx->srv);
  g_free (fx->admin);
  g_free (fx->staff);
  g_free (fx->counter1);
  g_free (fx->counter2);
  g_free (fx->counter_all);
}

/* A walk-in ticket from the Phổ Yên kiosk: its id. */
static char *
walk_in (Fx *fx, const char *field, bool priority)
{
  g_autofree char *body =
      g_strdup_printf ("{\"field\":\"%s\",\"priority\":%s}", field, priority ? "true" : "false");
  g_autoptr (LtResponse) r = lt_post_json_auth (fx->srv, "/api/v1/kiosk/tickets", body,
                                                lt_server_kiosk_token (fx->srv, LT_KIOSK_PHO_YEN));
  return g_strdup (lt_str (lt_assert_json (r, 201), "ticket.id"));
}

/* A booking (made on the 25th) for today's first slot: its code. The clock goes back to
 * LT_NOW_DAY, so book before issuing tickets whose order matters. */
static char *
book_today (Fx *fx, const char *field, guint n)
{
  lt_server_set_clock (fx->srv, LT_NOW_BOOKING);
  g_autofree char *cccd = lt_cccd (n);
  LtBooking b = { "Trần Thị Hẹn", cccd, NULL, LT_UNIT_PHO_YEN, field, "2025-09-26", "0730-0930" };
  char *code = lt_book_ok (fx->srv, &b);
  lt_server_set_clock (fx->srv, LT_NOW_DAY);
  return code;
}

/* The kiosk checks the booking in: the appointment ticket's id. */
static char *
appointment (Fx *fx, const char *code)
{
  g_autofree char *body = g_strdup_printf ("{\"input\":\"%s\"}", code);
  g_autoptr (LtResponse) r = lt_post_json_auth (fx->srv, "/api/v1/kiosk/checkin", body,
                                                lt_server_kiosk_token (fx->srv, LT_KIOSK_PHO_YEN));
  return g_strdup (lt_str (lt_assert_json (r, 200), "ticket.id"));
}

static LtResponse *
act (Fx *fx, const char *counter, const char *action, const char *json)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/counters/%s/%s", counter, action);
  return lt_staff_post (fx->srv, path, json, fx->staff);
}

/* next at the counter: the id of the ticket called. */
static char *
next_ok (Fx *fx, const char *counter)
{
  g_autoptr (LtResponse) r = act (fx, counter, "next", NULL);
  json_object *j = lt_assert_json (r, 200);
  lt_assert_str (j, "ticket.state", "called");
  lt_assert_str (j, "ticket.counter", counter);
  lt_assert_str (j, "counter.serving.id", lt_str (j, "ticket.id"));
  return g_strdup (lt_str (j, "ticket.id"));
}

static json_object *
status_of (Fx *fx, const char *ticket, LtResponse **keep)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/tickets/%s/status", ticket);
  *keep = lt_get (fx->srv, path);
  return lt_assert_json (*keep, 200);
}

/* Priority first, then appointments, then walk-ins, first come first served in each. */
static void
test_default_order (Fx *fx, gconstpointer data)
{
  g_autofree char *code1 = book_today (fx, FIELD_A, 1);
  g_autofree char *code2 = book_today (fx, FIELD_A, 2);
  g_autofree char *w1 = walk_in (fx, FIELD_A, false);
  g_autofree char *a1 = appointment (fx, code1);
  g_autofree char *w2 = walk_in (fx, FIELD_A, false);
  g_autofree char *p1 = walk_in (fx, FIELD_A, true);
  g_autofree char *a2 = appointment (fx, code2);
  const char *expected[] = { p1, a1, a2, w1, w2 };
  /* the staff view lists them in that order, with the booking's name for staff */
  g_autoptr (LtResponse) q =
      lt_staff_get (fx->srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/queue", fx->staff);
  json_object *j = lt_assert_json (q, 200);
  lt_assert_str (j, "fields.0.id", FIELD_A);
  g_assert_cmpuint (json_object_array_length (lt_array (j, "fields.0.waiting")), ==, 5);
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *path = g_strdup_printf ("fields.0.waiting.%d.id", i);
      lt_assert_str (j, path, expected[i]);
    }
  lt_assert_str (j, "fields.0.waiting.1.name", "Trần Thị Hẹn");
  /* and the booking's slot (the console shows it); walk-ins have none */
  lt_assert_str (j, "fields.0.waiting.1.slot.id", "0730-0930");
  lt_assert_str (j, "fields.0.waiting.1.slot.start", "07:30");
  lt_assert_str (j, "fields.0.waiting.1.slot.end", "09:30");
  g_assert_null (lt_json_at (j, "fields.0.waiting.3.slot"));
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *got = next_ok (fx, fx->counter1);
      g_assert_cmpstr (got, ==, expected[i]);
    }
  g_autoptr (LtResponse) empty = act (fx, fx->counter1, "next", NULL);
  lt_assert_error (empty, 409, "queue_empty", NULL);
  /* "nothing changes": the last one is still being served */
  g_autofree char *q2 = g_strdup_printf ("/api/v1/tickets/%s/status", w2);
  g_autoptr (LtResponse) st = lt_get (fx->srv, q2);
  lt_assert_str (lt_assert_json (st, 200), "state", "called");
}

/* N appointments per walk-in, set by the unit's manager (audited). */
static void
test_policy (Fx *fx, gconstpointer data)
{
  g_autoptr (LtResponse) denied =
      lt_staff_post (fx->srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/queue-policy",
                     "{\"appointments_per_walk_in\":1,\"max_wait_minutes\":0,\"recall_limit\":3,"
                     "\"recall_gap_seconds\":10}",
                     fx->staff);
  lt_assert_error (denied, 403, "forbidden", NULL);
  g_autoptr (LtResponse) set =
      lt_staff_post (fx->srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/queue-policy",
                     "{\"appointments_per_walk_in\":1,\"max_wait_minutes\":0,\"recall_limit\":3,"
                     "\"recall_gap_seconds\":10}",
                     fx->admin);
  lt_assert_int (lt_assert_json (set, 200), "appointments_per_walk_in", 1);
  g_autofree char *code1 = book_today (fx, FIELD_A, 1);
  g_autofree char *code2 = book_today (fx, FIELD_A, 2);
  g_autofree char *w1 = walk_in (fx, FIELD_A, false);
  g_autofree char *w2 = walk_in (fx, FIELD_A, false);
  g_autofree char *a1 = appointment (fx, code1);
  g_autofree char *a2 = appointment (fx, code2);
  const char *expected[] = { a1, w1, a2, w2 };
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *got = next_ok (fx, fx->counter1);
      g_assert_cmpstr (got, ==, expected[i]);
    }
  g_autofree char *audit = lt_sql (lt_server_work_dir (fx->srv),
                                   "SELECT detail FROM audit_log WHERE action = 'queue.policy'");
  g_assert_cmpstr (audit, ==, "1/0/3/10");
}

static void
test_transitions (Fx *fx, gconstpointer data)
{
  g_autoptr (LtResponse) none = act (fx, fx->counter1, "done", NULL);
  lt_assert_error (none, 409, "no_current_ticket", NULL);
  g_autoptr (LtResponse) none2 = act (fx, fx->counter1, "recall", NULL);
  lt_assert_error (none2, 409, "no_current_ticket", NULL);
  g_autofree char *t1 = walk_in (fx, FIELD_A, false);
  g_autofree char *t2 = walk_in (fx, FIELD_A, false);
  g_autofree char *t3 = walk_in (fx, FIELD_A, false);
  g_autofree char *c1 = next_ok (fx, fx->counter1);
  g_assert_cmpstr (c1, ==, t1);
  /* recall: not within the gap, then again */
  g_autoptr (LtResponse) soon = act (fx, fx->counter1, "recall", NULL);
  lt_assert_error (soon, 429, "recall_too_soon", NULL);
  g_assert_nonnull (soon->retry_after);
  lt_server_set_clock (fx->srv, "2025-09-26T07:41:00+07:00");
  g_autoptr (LtResponse) again = act (fx, fx->counter1, "recall", NULL);
  json_object *j = lt_assert_json (again, 200);
  lt_assert_str (j, "ticket.state", "called");
  lt_assert_int (j, "ticket.recalls", 1);
  /* done, then nothing to finish */
  g_autoptr (LtResponse) done = act (fx, fx->counter1, "done", NULL);
  lt_assert_str (lt_assert_json (done, 200), "ticket.state", "done");
  g_assert_null (lt_json_at (done->json, "counter.serving"));
  g_autoptr (LtResponse) twice = act (fx, fx->counter1, "done", NULL);
  lt_assert_error (twice, 409, "no_current_ticket", NULL);
  /* skip (no-show), then requeue: at the end of the queue */
  g_autofree char *c2 = next_ok (fx, fx->counter1);
  g_assert_cmpstr (c2, ==, t2);
  g_autoptr (LtResponse) skip = act (fx, fx->counter1, "skip", NULL);
  lt_assert_str (lt_assert_json (skip, 200), "ticket.state", "skipped");
  /* the staff view lists it as skipped, no longer waiting */
  g_autoptr (LtResponse) q =
      lt_staff_get (fx->srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/queue", fx->staff);
  json_object *qj = lt_assert_json (q, 200);
  g_assert_cmpuint (json_object_array_length (lt_array (qj, "fields.0.skipped")), ==, 1);
  lt_assert_str (qj, "fields.0.skipped.0.id", t2);
  lt_assert_str (qj, "fields.0.skipped.0.state", "skipped");
  lt_assert_str (qj, "fields.0.waiting.0.id", t3);
  g_autofree char *rq_path = g_strdup_printf ("/api/v1/tickets/%s/requeue", t2);
  g_autoptr (LtResponse) rq = lt_staff_post (fx->srv, rq_path, NULL, fx->staff);
  lt_assert_str (lt_assert_json (rq, 200), "ticket.state", "waiting");
  g_autoptr (LtResponse) rq2 = lt_staff_post (fx->srv, rq_path, NULL, fx->staff);
  lt_assert_error (rq2, 409, "invalid_transition", NULL);
  g_autoptr (LtResponse) q2 =
      lt_staff_get (fx->srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/queue", fx->staff);
  g_assert_cmpuint (
      json_object_array_length (lt_array (lt_assert_json (q2, 200), "fields.0.skipped")), ==, 0);
  g_autofree char *c3 = next_ok (fx, fx->counter1);
  g_assert_cmpstr (c3, ==, t3); /* t2 went to the end */
}

static void
test_transfer_pause (Fx *fx, gconstpointer data)
{
  g_autofree char *t3 = walk_in (fx, FIELD_A, false);
  g_autofree char *t2 = walk_in (fx, FIELD_A, false);
  g_autofree char *c3 = next_ok (fx, fx->counter1);
  g_assert_cmpstr (c3, ==, t3);
  /* transfer: back to waiting in another field, same number; a counter of A cannot call it */
  g_autoptr (LtResponse) bad = act (fx, fx->counter1, "transfer", "{\"field\":\"khong-co\"}");
  lt_assert_error (bad, 400, "invalid_input", "field");
  g_autoptr (LtResponse) tr = act (fx, fx->counter1, "transfer", "{\"field\":\"" FIELD_B "\"}");
  json_object *tj = lt_assert_json (tr, 200);
  lt_assert_str (tj, "ticket.state", "waiting");
  lt_assert_str (tj, "ticket.field.id", FIELD_B);
  g_autofree char *number = g_strdup (lt_str (tj, "ticket.number"));
  g_autofree char *c4 = next_ok (fx, fx->counter1);
  g_assert_cmpstr (c4, ==, t2); /* field A: only t2 is left */
  g_autoptr (LtResponse) a_empty = act (fx, fx->counter2, "next", NULL);
  lt_assert_error (a_empty, 409, "queue_empty", NULL);
  g_autoptr (LtResponse) b = act (fx, fx->counter_all, "next", NULL);
  json_object *bj = lt_assert_json (b, 200);
  lt_assert_str (bj, "ticket.id", t3);
  lt_assert_str (bj, "ticket.number", number);
  /* pause: nothing is called to it; resume */
  g_autofree char *t5 = walk_in (fx, FIELD_A, false);
  g_autoptr (LtResponse) pause = act (fx, fx->counter2, "pause", NULL);
  lt_assert_bool (lt_assert_json (pause, 200), "counter.paused", true);
  g_autoptr (LtResponse) paused = act (fx, fx->counter2, "next", NULL);
  lt_assert_error (paused, 409, "counter_paused", NULL);
  g_autoptr (LtResponse) resume = act (fx, fx->counter2, "resume", NULL);
  lt_assert_bool (lt_assert_json (resume, 200), "counter.paused", false);
  g_autofree char *c5 = next_ok (fx, fx->counter2);
  g_assert_cmpstr (c5, ==, t5);
  g_autoptr (LtResponse) unknown = act (fx, fx->counter2, "explode", NULL);
  lt_assert_error (unknown, 404, "not_found", NULL);
  g_autofree char *audit = lt_sql (lt_server_work_dir (fx->srv),
                                   "SELECT count(*) FROM audit_log WHERE action LIKE 'queue.%'"
                                   " AND user_id IS NOT NULL AND target IS NOT NULL");
  g_assert_cmpint (atoi (audit), ==, 5); /* next ×4, transfer */
  g_autofree char *pauses =
      lt_sql (lt_server_work_dir (fx->srv),
              "SELECT count(*) FROM audit_log WHERE action IN ('counter.pause', 'counter.resume')");
  g_assert_cmpstr (pauses, ==, "2");
}

/* A walk-in moved into another field keeps its number, and that field goes on issuing its
 * own walk-ins (the first of which has the moved ticket's sequence number) without a clash. */
static void
test_transfer_then_issue (Fx *fx, gconstpointer data)
{
  g_autofree char *moved = walk_in (fx, FIELD_A, false);
  g_autofree char *called = next_ok (fx, fx->counter1);
  g_assert_cmpstr (called, ==, moved);
  g_autoptr (LtResponse) tr = act (fx, fx->counter1, "transfer", "{\"field\":\"" FIELD_B "\"}");
  g_autofree char *number = g_strdup (lt_str (lt_assert_json (tr, 200), "ticket.number"));
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *b = walk_in (fx, FIELD_B, false);
      g_autofree char *path = g_strdup_printf ("/api/v1/tickets/%s/status", b);
      g_autoptr (LtResponse) st = lt_get (fx->srv, path);
      g_assert_cmpstr (lt_str (lt_assert_json (st, 200), "number"), !=, number);
    }
  g_autofree char *back = walk_in (fx, FIELD_A, false); /* A's numbering goes on too */
  g_autoptr (LtResponse) again = act (fx, fx->counter_all, "next", NULL);
  lt_assert_str (lt_assert_json (again, 200), "ticket.id", moved);
  lt_assert_str (lt_assert_json (again, 200), "ticket.number", number);
}

/* The recall after the limit (3) makes the ticket skipped. */
static void
test_recall_limit (Fx *fx, gconstpointer data)
{
  g_autofree char *t1 = walk_in (fx, FIELD_A, false);
  g_autofree char *c1 = next_ok (fx, fx->counter1);
  const char *times[] = { "07:41:00", "07:42:00", "07:43:00", "07:44:00" };
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *at = g_strdup_printf ("2025-09-26T%s+07:00", times[i]);
      lt_server_set_clock (fx->srv, at);
      g_autoptr (LtResponse) r = act (fx, fx->counter1, "recall", NULL);
      json_object *j = lt_assert_json (r, 200);
      lt_assert_str (j, "ticket.state", i < 3 ? "called" : "skipped");
    }
}

static void
test_units_apart (Fx *fx, gconstpointer data)
{
  g_autofree char *other =
      lt_staff_user_cookie (fx->srv, fx->admin, "canbo.baxuyen", "staff", LT_UNIT_BA_XUYEN);
  g_autofree char *t1 = walk_in (fx, FIELD_A, false);
  g_autofree char *path = g_strdup_printf ("/api/v1/counters/%s/next", fx->counter1);
  g_autoptr (LtResponse) r = lt_staff_post (fx->srv, path, NULL, other);
  lt_assert_error (r, 403, "forbidden", NULL);
  g_autoptr (LtResponse) q =
      lt_staff_get (fx->srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/queue", other);
  lt_assert_error (q, 403, "forbidden", NULL);
  g_autoptr (LtResponse) k =
      lt_staff_get (fx->srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/counters", other);
  lt_assert_error (k, 403, "forbidden", NULL);
  g_autofree char *rq = g_strdup_printf ("/api/v1/tickets/%s/requeue", t1);
  g_autoptr (LtResponse) rqr = lt_staff_post (fx->srv, rq, NULL, other);
  lt_assert_error (rqr, 403, "forbidden", NULL);
  g_autoptr (LtResponse) anon = lt_staff_post (fx->srv, path, NULL, NULL);
  lt_assert_error (anon, 401, "unauthorized", NULL);
  g_autoptr (LtResponse) cross =
      lt_staff_request (fx->srv, "POST", path, NULL, fx->staff, "https://evil.example");
  lt_assert_error (cross, 403, "forbidden", NULL);
  /* nothing was called by any of them */
  g_autoptr (LtResponse) st = NULL;
  lt_assert_str (status_of (fx, t1, &st), "state", "waiting");
  /* the unit's own staff see its counters */
  g_autoptr (LtResponse) own =
      lt_staff_get (fx->srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/counters", fx->staff);
  json_object *oj = lt_assert_json (own, 200);
  g_assert_cmpuint (json_object_array_length (lt_array (oj, "counters")), ==, 3);
  lt_assert_str (oj, "counters.0.name", "Quầy 1");
}

static void
test_status (Fx *fx, gconstpointer data)
{
  g_autofree char *t1 = walk_in (fx, FIELD_A, false);
  g_autofree char *t2 = walk_in (fx, FIELD_A, false);
  g_autofree char *t3 = walk_in (fx, FIELD_A, false);
  g_autoptr (LtResponse) r1 = NULL;
  json_object *s3 = status_of (fx, t3, &r1);
  lt_assert_str (s3, "state", "waiting");
  lt_assert_int (s3, "waiting_before", 2);
  /* the unit and field: the ticket page follows the unit's event stream */
  lt_assert_str (s3, "unit.id", LT_UNIT_PHO_YEN);
  lt_assert_str (s3, "unit.name", "Phường Phổ Yên");
  lt_assert_str (s3, "field.id", FIELD_A);
  /* no service time yet: the unit's minutes per ticket (seed: 10) ÷ 3 open counters of A */
  gint64 minutes = lt_int (s3, "estimated_wait_minutes");
  g_assert_cmpint (minutes, ==, 7); /* 2 × 10 / 3 = 6.67 */
  lt_assert_int (s3, "estimated_wait_range.0", 5);
  lt_assert_int (s3, "estimated_wait_range.1", 9);
  g_autofree char *c1 = next_ok (fx, fx->counter2);
  g_autoptr (LtResponse) r2 = NULL;
  json_object *s1 = status_of (fx, t1, &r2);
  lt_assert_str (s1, "state", "called");
  lt_assert_int (s1, "waiting_before", 0);
  lt_assert_int (s1, "counter.number", 2);
  lt_assert_str (s1, "counter.name", "Quầy 2");
  g_autoptr (LtResponse) r3 = NULL;
  lt_assert_int (status_of (fx, t3, &r3), "waiting_before", 1);
  /* served in 4 minutes: the estimate follows the median service time */
  lt_server_set_clock (fx->srv, "2025-09-26T07:44:00+07:00");
  g_autoptr (LtResponse) d = act (fx, fx->counter2, "done", NULL);
  lt_assert_status (d, 200);
  g_autoptr (LtResponse) r4 = NULL;
  json_object *s1d = status_of (fx, t1, &r4);
  lt_assert_str (s1d, "state", "done");
  g_assert_null (lt_json_at (s1d, "waiting_before"));
  g_autoptr (LtResponse) r5 = NULL;
  lt_assert_int (status_of (fx, t3, &r5), "estimated_wait_minutes", 1); /* 1 × 4 / 3 */
  (void) t2;
  g_autoptr (LtResponse) missing = lt_get (fx->srv, "/api/v1/tickets/khong-co/status");
  lt_assert_error (missing, 404, "not_found", NULL);
}

/* Several counters press "next" at once, many times over: every ticket is called exactly
 * once, and every "next" gets a ticket until the queue is empty. */
static void
test_next_race (Fx *fx, gconstpointer data)
{
  enum
  {
    TICKETS = 40,
    ROUNDS = 16,
  };
  g_autofree char *c4 = make_counter (fx, "Quầy 4", 4, "[\"" FIELD_A "\",\"" FIELD_B "\"]");
  for (int i = 0; i < TICKETS; i++)
    g_free (walk_in (fx, i % 2 ? FIELD_A : FIELD_B, i % 7 == 0));
  const char *counters[] = { fx->counter1, fx->counter2, fx->counter_all, c4 };
  guint n = ROUNDS * G_N_ELEMENTS (counters); /* 64 "next" for 40 tickets */
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (paths, g_strdup_printf ("/api/v1/counters/%s/next",
                                               counters[i % G_N_ELEMENTS (counters)]));
      g_ptr_array_add (bodies, g_strdup ("{}"));
    }
  g_autofree char *cookie = g_strconcat ("Cookie: ", fx->staff, NULL);
  const char *extra[] = { cookie, NULL };
  g_autoptr (GPtrArray) answers = lt_post_json_concurrently_to (
      fx->srv, (const char *const *) paths->pdata, (char **) bodies->pdata, n, NULL, extra);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint called = 0, empty = 0;
  for (guint i = 0; i < answers->len; i++)
    {
      LtResponse *r = answers->pdata[i];
      if (r->status == 409)
        {
          lt_assert_error (r, 409, "queue_empty", NULL);
          empty++;
          continue;
        }
      const char *id = lt_str (lt_assert_json (r, 200), "ticket.id");
      if (!g_hash_table_add (seen, g_strdup (id)))
        g_error ("ticket %s was called twice", id);
      called++;
    }
  g_assert_cmpuint (called, ==, TICKETS);
  g_assert_cmpuint (empty, ==, n - TICKETS);
  g_autofree char *states = lt_sql (lt_server_work_dir (fx->srv),
                                    "SELECT state || ':' || count(*) FROM tickets GROUP BY state"
                                    " ORDER BY state");
  g_assert_cmpstr (states, ==, "called:4\ndone:36");
  g_autofree char *calls = lt_sql (lt_server_work_dir (fx->srv),
                                   "SELECT count(*) FROM audit_log WHERE action = 'queue.next'");
  g_assert_cmpstr (calls, ==, "40");
}

/* At the end of the day, tickets still waiting or called become skipped (the hourly job,
 * which also runs at start-up: a restart on the next working day shows it). */
static void
test_day_end (void)
{
  g_autofree char *dir = g_dir_make_tmp ("layso-queue-XXXXXX", NULL);
  LtServerOptions o = {
    .work_dir = dir, .seed = true, .clock = LT_NOW_DAY, .expect_kiosk_tokens = LT_SEED_KIOSKS
  };
  Fx fx = { .srv = lt_server_start (&o) };
  fx.admin = lt_staff_admin_cookie (fx.srv);
  fx.staff = lt_staff_user_cookie (fx.srv, fx.admin, "canbo.phoyen", "staff", LT_UNIT_PHO_YEN);
  fx.counter1 = make_counter (&fx, "Quầy 1", 1, "[\"" FIELD_A "\"]");
  g_autofree char *t1 = walk_in (&fx, FIELD_A, false);
  g_autofree char *t2 = walk_in (&fx, FIELD_A, false);
  g_autofree char *called = next_ok (&fx, fx.counter1);
  g_assert_cmpstr (called, ==, t1);
  lt_server_stop (fx.srv);
  o.clock = "2025-09-29T07:30:00+07:00"; /* Monday */
  o.expect_kiosk_tokens = 0;
  fx.srv = lt_server_start (&o);
  for (const char **t = (const char *[]){ t1, t2, NULL }; *t; t++)
    {
      g_autoptr (LtResponse) r = NULL;
      json_object *s = status_of (&fx, *t, &r);
      lt_assert_str (s, "state", "skipped");
      g_assert_null (lt_json_at (s, "waiting_before"));
    }
  g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);
  fx_teardown (&fx, NULL);
  g_assert_cmpint (system (rm), ==, 0);
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_test_add ("/layso/queue/default-order", Fx, NULL, fx_setup, test_default_order, fx_teardown);
  g_test_add ("/layso/queue/policy", Fx, NULL, fx_setup, test_policy, fx_teardown);
  g_test_add ("/layso/queue/transitions", Fx, NULL, fx_setup, test_transitions, fx_teardown);
  g_test_add ("/layso/queue/transfer-pause", Fx, NULL, fx_setup, test_transfer_pause, fx_teardown);
  g_test_add ("/layso/queue/transfer-then-issue", Fx, NULL, fx_setup, test_transfer_then_issue,
              fx_teardown);
  g_test_add ("/layso/queue/recall-limit", Fx, NULL, fx_setup, test_recall_limit, fx_teardown);
  g_test_add ("/layso/queue/units-apart", Fx, NULL, fx_setup, test_units_apart, fx_teardown);
  g_test_add ("/layso/queue/status", Fx, NULL, fx_setup, test_status, fx_teardown);
  g_test_add ("/layso/queue/next-race", Fx, NULL, fx_setup, test_next_race, fx_teardown);
  g_test_add_func ("/layso/queue/day-end", test_day_end);
  return g_test_run ();
}
