/* Kiosk API: bearer auth, check-in by code and by CCCD inside and outside the window,
 * walk-in tickets inside and outside opening hours, print results, waiting counts.
 * Bookings are made at Thu 25/9 10:00 for Fri 26/9; each test then moves the dev clock.
 * Each test uses its own field, so ticket numbers start fresh (A1001…, A001…). */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

static LtServer *srv;

#define BOOK_NOW LT_NOW_BOOKING
#define DAY      "2025-09-26"

static char *
book (guint n, const char *field, const char *slot, const char *name)
{
  lt_server_set_clock (srv, BOOK_NOW);
  g_autofree char *cccd = lt_cccd (n);
  LtBooking b = {
    .name = name, .cccd = cccd, .unit = LT_UNIT_PHO_YEN, .field = field, .date = DAY, .slot = slot
  };
  return lt_book_ok (srv, &b);
}

static const char *
token (void)
{
  return lt_server_kiosk_token (srv, LT_KIOSK_PHO_YEN);
}

static LtResponse *
checkin (const char *input)
{
  g_autofree char *body = g_strdup_printf ("{\"input\":\"%s\"}", input);
  return lt_post_json_auth (srv, "/api/v1/kiosk/checkin", body, token ());
}

static LtResponse *
walk_in (const char *field)
{
  g_autofree char *body = g_strdup_printf ("{\"field\":\"%s\",\"priority\":false}", field);
  return lt_post_json_auth (srv, "/api/v1/kiosk/tickets", body, token ());
}

static void
test_auth (void)
{
  /* No header, an empty bearer, made-up tokens, the kiosk's id instead of its token. */
  const char *headers[] = { NULL, "Authorization: Bearer", "Authorization: Bearer nope",
                            "Authorization: Bearer Bearer",
                            "Authorization: Bearer " LT_KIOSK_PHO_YEN };
  for (size_t i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      const char *extra[] = { headers[i], NULL };
      g_autoptr (LtResponse) me = lt_http (srv, "GET", "/api/v1/kiosk/me", NULL, NULL, 0, extra);
      lt_assert_error (me, 401, "unauthorized", NULL);
      g_autoptr (LtResponse) ci = lt_http (srv, "POST", "/api/v1/kiosk/checkin", "application/json",
                                           "{\"input\":\"ABCD\"}", -1, extra);
      lt_assert_error (ci, 401, "unauthorized", NULL);
      g_autoptr (LtResponse) wi =
          lt_http (srv, "POST", "/api/v1/kiosk/tickets", "application/json",
                   "{\"field\":\"chung-thuc\",\"priority\":false}", -1, extra);
      lt_assert_error (wi, 401, "unauthorized", NULL);
    }
  /* Another scheme with the right token is still not a bearer token. */
  g_autofree char *basic = g_strdup_printf ("Authorization: Basic %s", token ());
  const char *extra[] = { basic, NULL };
  g_autoptr (LtResponse) r = lt_http (srv, "GET", "/api/v1/kiosk/me", NULL, NULL, 0, extra);
  lt_assert_error (r, 401, "unauthorized", NULL);
  lt_assert_body_lacks (r, token ());
}

static void
test_me (void)
{
  g_autoptr (LtResponse) r = lt_get_auth (srv, "/api/v1/kiosk/me", token ());
  json_object *j = lt_assert_json (r, 200);
  lt_assert_str (j, "kiosk.id", LT_KIOSK_PHO_YEN);
  lt_assert_str (j, "kiosk.name", "Ki-ốt sảnh chính");
  lt_assert_str (j, "unit.id", LT_UNIT_PHO_YEN);
  lt_assert_str (j, "unit.name", "Phường Phổ Yên");
  lt_assert_str (j, "unit.address", "TDP 4, Phường Phổ Yên");
  lt_assert_int (j, "unit.checkin_lead_minutes", 30);
  g_assert_cmpuint (json_object_array_length (lt_array (j, "unit.fields")), ==, 6);
  lt_assert_str (j, "unit.fields.0.id", "chung-thuc");
  lt_assert_str (j, "unit.fields.0.prefix", "A");
  lt_assert_body_lacks (r, token ());

  g_autoptr (LtResponse) r2 =
      lt_get_auth (srv, "/api/v1/kiosk/me", lt_server_kiosk_token (srv, LT_KIOSK_BA_XUYEN));
  json_object *j2 = lt_assert_json (r2, 200);
  lt_assert_str (j2, "kiosk.id", LT_KIOSK_BA_XUYEN);
  lt_assert_str (j2, "unit.id", LT_UNIT_BA_XUYEN);
}

static gint64
assert_checked_in (LtResponse *r, const char *number, const char *code, guint cccd_n,
                   const char *name, const char *field, const char *slot_start, int line)
{
  json_object *j = lt_assert_json_at (__FILE__, line, r, 200);
  g_assert_cmpstr (lt_str (j, "ticket.id"), !=, "");
  lt_assert_str_at (__FILE__, line, j, "ticket.number", number);
  lt_assert_str_at (__FILE__, line, j, "ticket.kind", "appointment");
  lt_assert_str_at (__FILE__, line, j, "ticket.field.id", field);
  lt_assert_match_at (__FILE__, line, j, "ticket.issued_at", "^" DAY "T[0-9:]{8}\\+07:00$");
  lt_assert_str_at (__FILE__, line, j, "booking.code", code);
  lt_assert_str_at (__FILE__, line, j, "booking.name", name);
  /* A kiosk screen is public: "********" and the last 4 digits, exactly (validate.h). */
  g_autofree char *cccd = lt_cccd (cccd_n);
  g_autofree char *masked = g_strconcat ("********", cccd + 8, NULL);
  lt_assert_str_at (__FILE__, line, j, "booking.cccd", masked);
  lt_assert_body_lacks_at (__FILE__, line, r, cccd);
  lt_assert_str_at (__FILE__, line, j, "booking.date", DAY);
  lt_assert_str_at (__FILE__, line, j, "booking.slot.start", slot_start);
  gint64 w = lt_int_at (__FILE__, line, j, "waiting_before");
  g_assert_cmpint (w, >=, 0);
  return w;
}

static void
test_checkin_by_code (void)
{
  g_autofree char *c1 = book (1, "chung-thuc", "0730-0930", "Ngô Văn Một");
  g_autofree char *c2 = book (2, "chung-thuc", "0730-0930", "Ngô Văn Hai");
  lt_server_set_clock (srv, DAY "T07:10:00+07:00");
  g_autoptr (LtResponse) r1 = checkin (c1);
  gint64 w1 =
      assert_checked_in (r1, "A1001", c1, 1, "Ngô Văn Một", "chung-thuc", "07:30", __LINE__);
  /* Used once only. */
  g_autoptr (LtResponse) again = checkin (c1);
  lt_assert_error (again, 409, "code_invalid_or_used", NULL);
  /* Codes are case-insensitive; the next appointment number, one more waiting. */
  g_autofree char *lower = g_ascii_strdown (c2, -1);
  g_autoptr (LtResponse) r2 = checkin (lower);
  gint64 w2 =
      assert_checked_in (r2, "A1002", c2, 2, "Ngô Văn Hai", "chung-thuc", "07:30", __LINE__);
  g_assert_cmpint (w2, ==, w1 + 1);
  /* The owner still sees the booking, now checked in. */
  g_autofree char *cccd = lt_cccd (1);
  g_autofree char *path = g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", c1, cccd);
  g_autoptr (LtResponse) g = lt_get (srv, path);
  lt_assert_str (lt_assert_json (g, 200), "status", "checked_in");
  /* The ticket's public status carries no personal data. */
  g_autofree char *sp =
      g_strdup_printf ("/api/v1/tickets/%s/status", lt_str (r1->json, "ticket.id"));
  g_autoptr (LtResponse) st = lt_get (srv, sp);
  json_object *sj = lt_assert_json (st, 200);
  lt_assert_str (sj, "number", "A1001");
  g_assert_cmpstr (lt_str (sj, "state"), !=, "");
  g_assert_cmpint (lt_int (sj, "waiting_before"), >=, 0);
  g_assert_cmpint (lt_int (sj, "estimated_wait_minutes"), >=, 0);
  lt_assert_body_lacks (st, cccd);
  lt_assert_body_lacks (st, "Ngô Văn Một");
  lt_assert_body_lacks (st, c1);
  g_autoptr (LtResponse) st404 = lt_get (srv, "/api/v1/tickets/khong-co/status");
  lt_assert_error (st404, 404, "not_found", NULL);
}

static void
test_checkin_by_cccd (void)
{
  g_autofree char *c = book (11, "ho-tich", "0730-0930", "Lý Thị Ba");
  lt_server_set_clock (srv, DAY "T07:20:00+07:00");
  g_autofree char *cccd = lt_cccd (11);
  g_autoptr (LtResponse) r = checkin (cccd);
  assert_checked_in (r, "B1001", c, 11, "Lý Thị Ba", "ho-tich", "07:30", __LINE__);
  /* Nothing left to check in for that citizen. */
  g_autoptr (LtResponse) again = checkin (cccd);
  lt_assert_error (again, 409, "code_invalid_or_used", NULL);
  lt_assert_body_lacks (again, "Lý Thị Ba");
  g_autoptr (LtResponse) code_again = checkin (c);
  lt_assert_error (code_again, 409, "code_invalid_or_used", NULL);
}

static void
test_checkin_window (void)
{
  g_autofree char *c = book (21, "dat-dai", "1400-1600", "Mai Văn Tư");
  g_autofree char *cccd = lt_cccd (21);
  /* The window is 13:30–16:00. */
  const char *early[] = { DAY "T07:10:00+07:00", DAY "T13:29:00+07:00" };
  for (size_t i = 0; i < G_N_ELEMENTS (early); i++)
    {
      lt_server_set_clock (srv, early[i]);
      g_autoptr (LtResponse) r = checkin (c);
      lt_assert_error (r, 422, "too_early", NULL);
      g_autoptr (LtResponse) r2 = checkin (cccd);
      lt_assert_error (r2, 422, "too_early", NULL);
      lt_assert_body_lacks (r2, "Mai Văn Tư");
    }
  lt_server_set_clock (srv, DAY "T16:01:00+07:00");
  g_autoptr (LtResponse) late = checkin (c);
  lt_assert_error (late, 422, "too_late", NULL);
  g_autoptr (LtResponse) late2 = checkin (cccd);
  lt_assert_error (late2, 422, "too_late", NULL);
  /* A later day: by CCCD as by code, too late, with the booking's own date and window. */
  lt_server_set_clock (srv, "2025-09-29T14:00:00+07:00");
  g_autoptr (LtResponse) other_day = checkin (cccd);
  lt_assert_error (other_day, 422, "too_late", NULL);
  lt_assert_str (other_day->json, "error.message",
                 "Đã quá giờ check-in: từ 13:30 đến 16:00 ngày 26/9/2025");
  /* Refusals did not use the code up: inside the window it works. */
  lt_server_set_clock (srv, DAY "T13:31:00+07:00");
  g_autoptr (LtResponse) ok = checkin (c);
  assert_checked_in (ok, "C1001", c, 21, "Mai Văn Tư", "dat-dai", "14:00", __LINE__);
}

static void
test_checkin_by_cccd_earliest (void)
{
  /* Two bookings today in two fields: by CCCD, the one whose window contains now. */
  lt_server_set_clock (srv, BOOK_NOW);
  g_autofree char *cccd = lt_cccd (41);
  LtBooking morning = { .name = "Tạ Văn Bảy",
                        .cccd = cccd,
                        .unit = LT_UNIT_PHO_YEN,
                        .field = "kinh-doanh",
                        .date = DAY,
                        .slot = "0930-1100" };
  LtBooking afternoon = morning;
  afternoon.field = "xay-dung"; /* appointments number apart from D001… walk-ins */
  afternoon.slot = "1400-1600";
  g_autofree char *c_afternoon = lt_book_ok (srv, &afternoon);
  g_autofree char *c_morning = lt_book_ok (srv, &morning);
  /* 08:00: neither window is open yet (09:00 and 13:30): too early. */
  lt_server_set_clock (srv, DAY "T08:00:00+07:00");
  g_autoptr (LtResponse) early = checkin (cccd);
  lt_assert_error (early, 422, "too_early", NULL);
  lt_server_set_clock (srv, DAY "T09:10:00+07:00");
  g_autoptr (LtResponse) r = checkin (cccd);
  assert_checked_in (r, "F1001", c_morning, 41, "Tạ Văn Bảy", "kinh-doanh", "09:30", __LINE__);
  /* The only one left today is later. */
  g_autoptr (LtResponse) later = checkin (cccd);
  lt_assert_error (later, 422, "too_early", NULL);
  lt_server_set_clock (srv, DAY "T14:00:00+07:00");
  g_autoptr (LtResponse) r2 = checkin (cccd);
  assert_checked_in (r2, "D1001", c_afternoon, 41, "Tạ Văn Bảy", "xay-dung", "14:00", __LINE__);
}

/* By CCCD on another day (issue 9, item 6): the citizen's booked booking at this unit on
 * another day is too_early / too_late with its date and window, exactly as its code gets;
 * the nearest one wins; cancelled or checked-in ones and other units' do not count. */
static void
test_checkin_by_cccd_other_day (void)
{
  lt_server_set_clock (srv, BOOK_NOW);
  g_autofree char *cccd = lt_cccd (61);
  LtBooking mon = { .name = "Lương Văn Tám",
                    .cccd = cccd,
                    .unit = LT_UNIT_PHO_YEN,
                    .field = "bao-tro-xa-hoi",
                    .date = "2025-09-29",
                    .slot = "1400-1600" };
  LtBooking tue = mon;
  tue.date = "2025-09-30";
  tue.slot = "0730-0930";
  g_autofree char *c_tue = lt_book_ok (srv, &tue);
  g_autofree char *c_mon = lt_book_ok (srv, &mon);

  /* Fri 26/9: both ahead; Monday's is the nearer. */
  lt_server_set_clock (srv, DAY "T10:00:00+07:00");
  g_autoptr (LtResponse) by_cccd = checkin (cccd);
  lt_assert_error (by_cccd, 422, "too_early", NULL);
  lt_assert_str (by_cccd->json, "error.message",
                 "Chưa đến giờ check-in: từ 13:30 đến 16:00 ngày 29/9/2025");
  lt_assert_body_lacks (by_cccd, "Lương Văn Tám");
  g_autoptr (LtResponse) by_code = checkin (c_mon);
  lt_assert_error (by_code, 422, "too_early", NULL);
  lt_assert_str (by_code->json, "error.message", lt_str (by_cccd->json, "error.message"));

  /* Mon 29/9 17:00: Monday's window has passed, Tuesday's is ahead: the one still to come. */
  lt_server_set_clock (srv, "2025-09-29T17:00:00+07:00");
  g_autoptr (LtResponse) between = checkin (cccd);
  lt_assert_error (between, 422, "too_early", NULL);
  lt_assert_str (between->json, "error.message",
                 "Chưa đến giờ check-in: từ 07:00 đến 09:30 ngày 30/9/2025");

  /* Wed 1/10: both behind; the latest one is named. */
  lt_server_set_clock (srv, "2025-10-01T08:00:00+07:00");
  g_autoptr (LtResponse) after = checkin (cccd);
  lt_assert_error (after, 422, "too_late", NULL);
  lt_assert_str (after->json, "error.message",
                 "Đã quá giờ check-in: từ 07:00 đến 09:30 ngày 30/9/2025");

  /* Cancelled ones do not count: with both cancelled, nothing to check in. */
  const char *codes[] = { c_mon, c_tue };
  lt_server_set_clock (srv, DAY "T10:00:00+07:00");
  for (size_t i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"cccd\":\"%s\"}", cccd);
      g_autofree char *path = g_strdup_printf ("/api/v1/bookings/%s/cancel", codes[i]);
      g_autoptr (LtResponse) rc = lt_post_json (srv, path, body);
      lt_assert_json (rc, 200);
    }
  g_autoptr (LtResponse) none = checkin (cccd);
  lt_assert_error (none, 409, "code_invalid_or_used", NULL);
}

static void
test_wrong_codes (void)
{
  g_autofree char *cancelled = book (31, "kinh-doanh", "0730-0930", "Đinh Văn Năm");
  g_autofree char *cccd = lt_cccd (31);
  g_autofree char *body = g_strdup_printf ("{\"cccd\":\"%s\"}", cccd);
  g_autofree char *path = g_strdup_printf ("/api/v1/bookings/%s/cancel", cancelled);
  g_autoptr (LtResponse) rc = lt_post_json (srv, path, body);
  lt_assert_json (rc, 200);
  /* A booking at another unit. */
  lt_server_set_clock (srv, BOOK_NOW);
  g_autofree char *cccd2 = lt_cccd (32);
  LtBooking other = { .name = "Đinh Văn Sáu",
                      .cccd = cccd2,
                      .unit = LT_UNIT_BA_XUYEN,
                      .field = "chung-thuc",
                      .date = DAY,
                      .slot = "0730-0930" };
  g_autofree char *other_code = lt_book_ok (srv, &other);

  lt_server_set_clock (srv, DAY "T07:40:00+07:00");
  g_autofree char *unused = lt_unused_code (srv);
  const char *inputs[] = { unused, cancelled, cccd, other_code, cccd2, "079000099999" };
  for (size_t i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr (LtResponse) r = checkin (inputs[i]);
      if (r->status != 409)
        lt_fail_at (__FILE__, __LINE__, "input #%zu: expected 409, got %ld: %s", i, r->status,
                    r->body);
      lt_assert_error (r, 409, "code_invalid_or_used", NULL);
    }
  /* The Bá Xuyên kiosk does take it. */
  g_autofree char *ci = g_strdup_printf ("{\"input\":\"%s\"}", other_code);
  g_autoptr (LtResponse) r = lt_post_json_auth (srv, "/api/v1/kiosk/checkin", ci,
                                                lt_server_kiosk_token (srv, LT_KIOSK_BA_XUYEN));
  assert_checked_in (r, "A1001", other_code, 32, "Đinh Văn Sáu", "chung-thuc", "07:30", __LINE__);

  const char *invalid[] = { "{}", "{\"input\":123}", "{\"input\":null}", "{\"input\":[]}" };
  for (size_t i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr (LtResponse) ri =
          lt_post_json_auth (srv, "/api/v1/kiosk/checkin", invalid[i], token ());
      lt_assert_error (ri, 400, "invalid_input", "input");
    }
}

static void
test_walk_in (void)
{
  lt_server_set_clock (srv, DAY "T08:00:00+07:00");
  gint64 prev_wait = -1;
  for (guint i = 1; i <= 3; i++)
    {
      g_autoptr (LtResponse) r = walk_in ("xay-dung");
      json_object *j = lt_assert_json (r, 201);
      g_autofree char *number = g_strdup_printf ("D%03u", i);
      lt_assert_str (j, "ticket.number", number);
      lt_assert_str (j, "ticket.kind", "walk_in");
      lt_assert_str (j, "ticket.field.id", "xay-dung");
      lt_assert_match (j, "ticket.issued_at", "^" DAY "T08:[0-9:]{5}\\+07:00$");
      gint64 w = lt_int (j, "waiting_before");
      if (prev_wait >= 0)
        g_assert_cmpint (w, ==, prev_wait + 1);
      prev_wait = w;
    }
  /* Walk-ins and appointments number separately in one field. */
  g_autoptr (LtResponse) rw = walk_in ("chung-thuc");
  json_object *jw = lt_assert_json (rw, 201);
  lt_assert_str (jw, "ticket.number", "A001");

  g_autoptr (LtResponse) unknown = walk_in ("khong-co");
  lt_assert_error (unknown, 400, "invalid_input", "field");
  g_autoptr (LtResponse) missing = lt_post_json_auth (srv, "/api/v1/kiosk/tickets", "{}", token ());
  lt_assert_error (missing, 400, "invalid_input", "field");

  /* Print results. */
  g_autofree char *pp =
      g_strdup_printf ("/api/v1/kiosk/tickets/%s/print-result", lt_str (jw, "ticket.id"));
  g_autoptr (LtResponse) ok = lt_post_json_auth (srv, pp, "{\"ok\":true}", token ());
  lt_assert_status (ok, 204);
  g_assert_cmpuint (ok->body_len, ==, 0);
  g_autofree char *q = g_strdup_printf ("SELECT print_ok || '|' || coalesce(print_reason, 'NULL')"
                                        " || '|' || printed_at FROM tickets WHERE id = '%s'",
                                        lt_str (jw, "ticket.id"));
  g_autofree char *stored_ok = lt_sql (lt_server_work_dir (srv), q);
  /* the dev clock runs on from 08:00: the minute is what is certain */
  if (!g_regex_match_simple ("^1\\|NULL\\|" DAY "T08:00:[0-9]{2}\\+07:00$", stored_ok, 0, 0))
    lt_fail_at (__FILE__, __LINE__, "stored print result: %s", stored_ok);
  lt_server_set_clock (srv, DAY "T08:01:00+07:00");
  g_autoptr (LtResponse) fail =
      lt_post_json_auth (srv, pp, "{\"ok\":false,\"reason\":\"media-empty-error\"}", token ());
  lt_assert_status (fail, 204);
  /* The later report replaces the earlier one, with its reason and time. */
  g_autofree char *stored_fail = lt_sql (lt_server_work_dir (srv), q);
  if (!g_regex_match_simple ("^0\\|media-empty-error\\|" DAY "T08:01:[0-9]{2}\\+07:00$",
                             stored_fail, 0, 0))
    lt_fail_at (__FILE__, __LINE__, "stored print result: %s", stored_fail);
  g_autoptr (LtResponse) noauth = lt_post_json (srv, pp, "{\"ok\":true}");
  lt_assert_error (noauth, 401, "unauthorized", NULL);
  g_autoptr (LtResponse) bad = lt_post_json_auth (srv, pp, "{\"ok\":\"yes\"}", token ());
  lt_assert_error (bad, 400, "invalid_input", "ok");
  g_autoptr (LtResponse) nf = lt_post_json_auth (srv, "/api/v1/kiosk/tickets/khong-co/print-result",
                                                 "{\"ok\":true}", token ());
  lt_assert_error (nf, 404, "not_found", NULL);
  /* Refused reports (401, 400, 404) changed nothing. */
  g_autofree char *unchanged = lt_sql (lt_server_work_dir (srv), q);
  g_assert_cmpstr (unchanged, ==, stored_fail);
}

static void
test_walk_in_closed (void)
{
  const char *closed[] = {
    DAY "T06:59:00+07:00",       DAY "T11:31:00+07:00",       DAY "T12:30:00+07:00",
    DAY "T17:01:00+07:00",       "2025-09-27T09:00:00+07:00", /* Saturday */
    "2025-09-02T09:00:00+07:00",                              /* a holiday */
  };
  for (size_t i = 0; i < G_N_ELEMENTS (closed); i++)
    {
      lt_server_set_clock (srv, closed[i]);
      g_autoptr (LtResponse) r = walk_in ("bao-tro-xa-hoi");
      if (r->status != 422)
        lt_fail_at (__FILE__, __LINE__, "at %s: expected 422 closed, got %ld: %s", closed[i],
                    r->status, r->body);
      lt_assert_error (r, 422, "closed", NULL);
    }
  lt_server_set_clock (srv, DAY "T13:05:00+07:00");
  g_autoptr (LtResponse) r = walk_in ("bao-tro-xa-hoi");
  lt_assert_str (lt_assert_json (r, 201), "ticket.number", "E001");
}

/* --- retries (Idempotency-Key) --------------------------------------------------------- */

#define RETRIES 16 /* sent at once, each on its own connection */

static LtResponse *
post_with_key (const char *path, const char *body, const char *key)
{
  g_autofree char *header = g_strdup_printf ("Idempotency-Key: %s", key);
  const char *const extra[] = { header, NULL };
  return lt_request_at (__FILE__, __LINE__, srv, "POST", path, "application/json", token (), body,
                        -1, extra);
}

/* Every answer is `first` again: same status, byte for byte, so the same ticket id and number. */
static void
assert_same_answers (LtResponse *first, LtResponse *const *again, guint n, int line)
{
  for (guint i = 0; i < n; i++)
    {
      if (again[i]->status != first->status || strcmp (again[i]->body, first->body) != 0)
        lt_fail_at (__FILE__, line, "retry %u: %ld %s\nfirst answer: %ld %s", i, again[i]->status,
                    again[i]->body, first->status, first->body);
      lt_assert_str_at (__FILE__, line, again[i]->json, "ticket.id",
                        lt_str (first->json, "ticket.id"));
      lt_assert_str_at (__FILE__, line, again[i]->json, "ticket.number",
                        lt_str (first->json, "ticket.number"));
    }
}

/* The same request sent again in sequence, then RETRIES times at once. */
static void
retry_and_compare (const char *path, const char *body, const char *key, LtResponse *first, int line)
{
  g_autoptr (LtResponse) again = post_with_key (path, body, key);
  assert_same_answers (first, &again, 1, line);
  g_autofree char *header = g_strdup_printf ("Idempotency-Key: %s", key);
  const char *const extra[] = { header, NULL };
  char *bodies[RETRIES];
  for (guint i = 0; i < RETRIES; i++)
    bodies[i] = (char *) body;
  g_autoptr (GPtrArray) rs =
      lt_post_json_concurrently (srv, path, bodies, RETRIES, token (), extra);
  assert_same_answers (first, (LtResponse *const *) rs->pdata, rs->len, line);
}

/* Several first tries at once (a kiosk whose first request timed out): one ticket for all. */
static void
first_tries_at_once (const char *path, const char *body, const char *key, long status, int line)
{
  g_autofree char *header = g_strdup_printf ("Idempotency-Key: %s", key);
  const char *const extra[] = { header, NULL };
  char *bodies[RETRIES];
  for (guint i = 0; i < RETRIES; i++)
    bodies[i] = (char *) body;
  g_autoptr (GPtrArray) rs =
      lt_post_json_concurrently (srv, path, bodies, RETRIES, token (), extra);
  LtResponse *first = g_ptr_array_index (rs, 0);
  lt_assert_json_at (__FILE__, line, first, status);
  assert_same_answers (first, (LtResponse *const *) rs->pdata + 1, rs->len - 1, line);
}

static void
test_checkin_retried (void)
{
  g_autofree char *c1 = book (51, "ho-tich", "0730-0930", "Kiều Văn Mười Một");
  g_autofree char *c2 = book (52, "ho-tich", "0730-0930", "Kiều Văn Mười Hai");
  lt_server_set_clock (srv, DAY "T07:15:00+07:00");
  const char *path = "/api/v1/kiosk/checkin";
  g_autofree char *body = g_strdup_printf ("{\"input\":\"%s\"}", c1);
  g_autoptr (LtResponse) first = post_with_key (path, body, "checkin-retry-1");
  assert_checked_in (first, "B1002", c1, 51, "Kiều Văn Mười Một", "ho-tich", "07:30", __LINE__);
  /* The booking is used now, yet the retry gets its ticket again, never 409. */
  retry_and_compare (path, body, "checkin-retry-1", first, __LINE__);
  /* Same key, another request: the documented mismatch. */
  g_autofree char *other = g_strdup_printf ("{\"input\":\"%s\"}", c2);
  g_autoptr (LtResponse) mismatch = post_with_key (path, other, "checkin-retry-1");
  lt_assert_error (mismatch, 400, "invalid_input", "Idempotency-Key");
  /* Without a key the used code is refused as always. */
  g_autoptr (LtResponse) used = checkin (c1);
  lt_assert_error (used, 409, "code_invalid_or_used", NULL);

  g_autofree char *cccd2 = lt_cccd (52);
  g_autofree char *by_cccd = g_strdup_printf ("{\"input\":\"%s\"}", cccd2);
  first_tries_at_once (path, by_cccd, "checkin-retry-2", 200, __LINE__);
  g_autoptr (LtResponse) after = checkin (c2);
  lt_assert_error (after, 409, "code_invalid_or_used", NULL);

  /* The window is narrow (a try finds no stored answer, then the booking used by another
   * try): more rounds, by code and by CCCD, so that a regression shows on most runs. */
  static const char *const fields[] = { "chung-thuc", "ho-tich",  "dat-dai",
                                        "kinh-doanh", "xay-dung", "bao-tro-xa-hoi" };
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *c =
          book (60 + i, fields[i % G_N_ELEMENTS (fields)], "1400-1600", "Kiều Văn Thử");
      lt_server_set_clock (srv, DAY "T14:00:00+07:00");
      g_autofree char *cccd = lt_cccd (60 + i);
      g_autofree char *round = g_strdup_printf ("{\"input\":\"%s\"}", i % 2 ? cccd : c);
      g_autofree char *key = g_strdup_printf ("checkin-race-%u", i);
      first_tries_at_once (path, round, key, 200, __LINE__);
    }
}

static void
test_walk_in_retried (void)
{
  lt_server_set_clock (srv, DAY "T09:00:00+07:00");
  const char *path = "/api/v1/kiosk/tickets";
  const char *body = "{\"field\":\"bao-tro-xa-hoi\",\"priority\":false}";
  g_autoptr (LtResponse) first = post_with_key (path, body, "walk-in-retry-1");
  json_object *j = lt_assert_json (first, 201);
  lt_assert_str (j, "ticket.kind", "walk_in");
  retry_and_compare (path, body, "walk-in-retry-1", first, __LINE__);
  /* One ticket only: the next walk-in gets the next number. */
  g_autoptr (LtResponse) next = walk_in ("bao-tro-xa-hoi");
  const char *n1 = lt_str (j, "ticket.number");
  g_autofree char *expected = g_strdup_printf ("E%03d", atoi (n1 + 1) + 1);
  lt_assert_str (lt_assert_json (next, 201), "ticket.number", expected);

  g_autoptr (LtResponse) mismatch =
      post_with_key (path, "{\"field\":\"bao-tro-xa-hoi\",\"priority\":true}", "walk-in-retry-1");
  lt_assert_error (mismatch, 400, "invalid_input", "Idempotency-Key");
  first_tries_at_once (path, body, "walk-in-retry-2", 201, __LINE__);
  g_autoptr (LtResponse) last = walk_in ("bao-tro-xa-hoi");
  g_autofree char *after_once = g_strdup_printf ("E%03d", atoi (n1 + 1) + 3);
  lt_assert_str (lt_assert_json (last, 201), "ticket.number", after_once);
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_test_add_func ("/layso/integration/kiosk/auth", test_auth);
  g_test_add_func ("/layso/integration/kiosk/checkin-by-cccd-other-day",
                   test_checkin_by_cccd_other_day);
  g_test_add_func ("/layso/integration/kiosk/me", test_me);
  g_test_add_func ("/layso/integration/kiosk/checkin-by-code", test_checkin_by_code);
  g_test_add_func ("/layso/integration/kiosk/checkin-by-cccd", test_checkin_by_cccd);
  g_test_add_func ("/layso/integration/kiosk/checkin-window", test_checkin_window);
  g_test_add_func ("/layso/integration/kiosk/checkin-by-cccd-earliest",
                   test_checkin_by_cccd_earliest);
  g_test_add_func ("/layso/integration/kiosk/wrong-codes", test_wrong_codes);
  g_test_add_func ("/layso/integration/kiosk/walk-in", test_walk_in);
  g_test_add_func ("/layso/integration/kiosk/walk-in-closed", test_walk_in_closed);
  g_test_add_func ("/layso/integration/kiosk/checkin-retried", test_checkin_retried);
  g_test_add_func ("/layso/integration/kiosk/walk-in-retried", test_walk_in_retried);
  srv = lt_server_start_default ();
  int rc = g_test_run ();
  lt_server_stop (srv);
  return rc;
}
