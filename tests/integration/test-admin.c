/* Administration on the real server (/api/v1/admin/…, issue 11 items 1, 2 and 5): each
 * change takes effect at once (the public API shows it with no restart), is audited, refuses
 * bad input with 400 naming the member, and a manager of another unit gets 403. */
#include "harness.h"
#include "staff-client.h"

#include <string.h>

#define UNIT_URL  "/api/v1/admin/units/" LT_UNIT_PHO_YEN
#define OTHER_URL "/api/v1/admin/units/" LT_UNIT_BA_XUYEN

#define UNIT_BODY(name, hours, horizon)                                                            \
  "{\"name\":\"" name "\",\"address\":\"1 Đường Lý Nam Đế\",\"opening_hours\":\"" hours "\","      \
  "\"saturday\":false,\"checkin_lead_minutes\":20,\"horizon_days\":" #horizon ","                  \
  "\"max_active_per_cccd\":1,\"max_active_per_cccd_unit\":3,\"minutes_per_ticket\":12}"

typedef struct
{
  LtServer *srv;
  char *admin;   /* cookie of the admin */
  char *manager; /* cookie of the manager of phuong-ba-xuyen (another unit) */
} Fx;

static void
fx_start (Fx *fx)
{
  fx->srv = lt_server_start_default ();
  fx->admin = lt_staff_admin_cookie (fx->srv);
  fx->manager =
      lt_staff_user_cookie (fx->srv, fx->admin, "quanly.baxuyen", "manager", LT_UNIT_BA_XUYEN);
}

static void
fx_stop (Fx *fx)
{
  lt_server_stop (fx->srv);
  g_free (fx->admin);
  g_free (fx->manager);
}

static char *
audit_count (Fx *fx, const char *action)
{
  g_autofree char *q =
      g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = '%s'", action);
  return lt_sql (lt_server_work_dir (fx->srv), q);
}

static void
test_unit_settings (void)
{
  Fx fx;
  fx_start (&fx);
  g_autoptr (LtResponse) ok = lt_staff_post (
      fx.srv, UNIT_URL, UNIT_BODY ("Phường Phổ Yên mới", "07:30-11:00,13:30-16:30", 5), fx.admin);
  json_object *j = lt_assert_json (ok, 200);
  lt_assert_str (j, "unit.name", "Phường Phổ Yên mới");
  lt_assert_str (j, "unit.opening_hours", "07:30-11:00,13:30-16:30");
  lt_assert_int (j, "unit.horizon_days", 5);
  /* at once, on the public API: no restart */
  g_autoptr (LtResponse) pub = lt_get (fx.srv, "/api/v1/units/" LT_UNIT_PHO_YEN);
  lt_assert_str (lt_assert_json (pub, 200), "name", "Phường Phổ Yên mới");
  g_autoptr (LtResponse) days = lt_get (fx.srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/days");
  g_assert_cmpuint (json_object_array_length (lt_array (lt_assert_json (days, 200), "days")), ==,
                    5);
  g_autofree char *audited = audit_count (&fx, "unit.update");
  g_assert_cmpstr (audited, ==, "1");
  /* bad input names the member */
  g_autoptr (LtResponse) hours =
      lt_staff_post (fx.srv, UNIT_URL, UNIT_BODY ("X", "11:00-07:00", 5), fx.admin);
  lt_assert_error (hours, 400, "invalid_input", "opening_hours");
  g_autoptr (LtResponse) horizon =
      lt_staff_post (fx.srv, UNIT_URL, UNIT_BODY ("X", "07:00-11:00", 0), fx.admin);
  lt_assert_error (horizon, 400, "invalid_input", "horizon_days");
  /* a manager of another unit, a cross-site request, nobody signed in */
  g_autoptr (LtResponse) other =
      lt_staff_post (fx.srv, UNIT_URL, UNIT_BODY ("X", "07:00-11:00", 5), fx.manager);
  lt_assert_error (other, 403, "forbidden", NULL);
  g_autoptr (LtResponse) other_get = lt_staff_get (fx.srv, UNIT_URL, fx.manager);
  lt_assert_error (other_get, 403, "forbidden", NULL);
  g_autoptr (LtResponse) cross =
      lt_staff_request (fx.srv, "POST", UNIT_URL, UNIT_BODY ("X", "07:00-11:00", 5), fx.admin,
                        "https://evil.example");
  lt_assert_error (cross, 403, "forbidden", NULL);
  g_autoptr (LtResponse) anon =
      lt_staff_post (fx.srv, UNIT_URL, UNIT_BODY ("X", "07:00-11:00", 5), NULL);
  lt_assert_error (anon, 401, "unauthorized", NULL);
  /* their own unit they may change */
  g_autoptr (LtResponse) own = lt_staff_post (
      fx.srv, OTHER_URL, UNIT_BODY ("Phường Ba Xuyên", "07:00-11:30", 10), fx.manager);
  lt_assert_str (lt_assert_json (own, 200), "unit.opening_hours", "07:00-11:30");
  g_autoptr (LtResponse) unknown = lt_staff_get (fx.srv, "/api/v1/admin/units/khong-co", fx.admin);
  lt_assert_error (unknown, 404, "not_found", NULL);
  fx_stop (&fx);
}

static void
test_field_and_slot (void)
{
  Fx fx;
  fx_start (&fx);
  g_autoptr (LtResponse) f = lt_staff_post (fx.srv, UNIT_URL "/fields/giao-thong",
                                            "{\"name\":\"Giao thông\",\"prefix\":\"G\"}", fx.admin);
  lt_assert_status (f, 200);
  g_autoptr (LtResponse) pub = lt_get (fx.srv, "/api/v1/units/" LT_UNIT_PHO_YEN);
  g_assert_nonnull (strstr (pub->body, "\"giao-thong\""));
  g_autofree char *audited = audit_count (&fx, "field.create");
  g_assert_cmpstr (audited, ==, "1");
  /* another field's letter, a lowercase letter, a bad id */
  g_autoptr (LtResponse) taken = lt_staff_post (fx.srv, UNIT_URL "/fields/khac",
                                                "{\"name\":\"Khác\",\"prefix\":\"G\"}", fx.admin);
  lt_assert_error (taken, 409, "prefix_taken", "prefix");
  g_autoptr (LtResponse) lower = lt_staff_post (fx.srv, UNIT_URL "/fields/khac",
                                                "{\"name\":\"Khác\",\"prefix\":\"g\"}", fx.admin);
  lt_assert_error (lower, 400, "invalid_input", "prefix");
  g_autoptr (LtResponse) bad_id = lt_staff_post (fx.srv, UNIT_URL "/fields/Khac",
                                                 "{\"name\":\"Khác\",\"prefix\":\"K\"}", fx.admin);
  lt_assert_error (bad_id, 400, "invalid_input", "field");
  g_autoptr (LtResponse) other = lt_staff_post (fx.srv, UNIT_URL "/fields/khac",
                                                "{\"name\":\"Khác\",\"prefix\":\"K\"}", fx.manager);
  lt_assert_error (other, 403, "forbidden", NULL);
  /* a Monday-only slot: offered on Mon 29/9, not on Fri 26/9 */
  g_autoptr (LtResponse) s = lt_staff_post (
      fx.srv, UNIT_URL "/slots/1600-1700",
      "{\"start\":\"16:00\",\"end\":\"17:00\",\"capacity\":3,\"weekdays\":[\"mon\"]}", fx.admin);
  lt_assert_int (lt_assert_json (s, 200), "affected_count", 0);
  bool full;
  g_assert_cmpint (
      lt_slot_remaining (fx.srv, LT_UNIT_PHO_YEN, "2025-09-29", "giao-thong", "1600-1700", &full),
      ==, 3);
  g_autoptr (LtResponse) fri =
      lt_get (fx.srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/slots?date=2025-09-26&field=giao-thong");
  g_assert_null (strstr (fri->body, "1600-1700"));
  g_autoptr (LtResponse) days = lt_staff_post (
      fx.srv, UNIT_URL "/slots/x",
      "{\"start\":\"16:00\",\"end\":\"17:00\",\"capacity\":3,\"weekdays\":[\"xyz\"]}", fx.admin);
  lt_assert_error (days, 400, "invalid_input", "weekdays");
  g_autoptr (LtResponse) back = lt_staff_post (
      fx.srv, UNIT_URL "/slots/x",
      "{\"start\":\"17:00\",\"end\":\"16:00\",\"capacity\":3,\"weekdays\":[\"mon\"]}", fx.admin);
  lt_assert_error (back, 400, "invalid_input", "end");
  g_autoptr (LtResponse) cap = lt_staff_post (
      fx.srv, UNIT_URL "/slots/x",
      "{\"start\":\"16:00\",\"end\":\"17:00\",\"capacity\":501,\"weekdays\":[\"mon\"]}", fx.admin);
  lt_assert_error (cap, 400, "invalid_input", "capacity");
  fx_stop (&fx);
}

static LtBooking
booking_on (guint n, const char *date, const char *slot)
{
  g_autofree char *cccd = lt_cccd (n);
  return (LtBooking){
    "Nguyễn Văn An", g_intern_string (cccd), "0987654321", LT_UNIT_PHO_YEN, "chung-thuc", date, slot
  };
}

#define SLOT_BODY(cap, confirm)                                                                    \
  "{\"start\":\"07:30\",\"end\":\"09:30\",\"capacity\":" #cap ","                                  \
  "\"weekdays\":[\"mon\",\"tue\",\"wed\",\"thu\",\"fri\"]" confirm "}"

/* Lowering a capacity below what is booked: 409 with the count; confirmed, applied, the
 * bookings kept, no new booking until under capacity, the citizens listed and told. */
static void
test_capacity_in_use (void)
{
  Fx fx;
  fx_start (&fx);
  LtBooking a = booking_on (9001, "2025-09-29", "0730-0930");
  LtBooking b = booking_on (9002, "2025-09-29", "0730-0930");
  g_autofree char *code_a = lt_book_ok (fx.srv, &a);
  g_autofree char *code_b = lt_book_ok (fx.srv, &b);
  g_autoptr (LtResponse) refused =
      lt_staff_post (fx.srv, UNIT_URL "/slots/0730-0930", SLOT_BODY (1, ""), fx.admin);
  json_object *e = lt_assert_json (refused, 409);
  lt_assert_str (e, "error.code", "capacity_in_use");
  lt_assert_int (e, "error.count", 2);
  g_autofree char *unchanged = lt_sql (
      lt_server_work_dir (fx.srv), "SELECT capacity FROM slots WHERE id = '0730-0930' AND unit_id"
                                   " = '" LT_UNIT_PHO_YEN "'");
  g_assert_cmpstr (unchanged, ==, "10");
  /* down to what is booked: no confirmation needed */
  g_autoptr (LtResponse) fits =
      lt_staff_post (fx.srv, UNIT_URL "/slots/0730-0930", SLOT_BODY (2, ""), fx.admin);
  lt_assert_int (lt_assert_json (fits, 200), "affected_count", 0);
  g_autoptr (LtResponse) applied = lt_staff_post (fx.srv, UNIT_URL "/slots/0730-0930",
                                                  SLOT_BODY (1, ",\"confirm\":true"), fx.admin);
  json_object *ok = lt_assert_json (applied, 200);
  lt_assert_int (ok, "affected_count", 2);
  g_assert_cmpuint (json_object_array_length (lt_array (ok, "affected")), ==, 2);
  lt_assert_str (ok, "affected.0.name", "Nguyễn Văn An");
  lt_assert_str (ok, "affected.0.phone", "0987654321");
  g_assert_nonnull (strstr (applied->body, code_a));
  g_assert_nonnull (strstr (applied->body, code_b));
  /* no new booking while over capacity; the old ones stay valid and see the notice */
  LtBooking c = booking_on (9003, "2025-09-29", "0730-0930");
  g_autoptr (LtResponse) full = lt_book (fx.srv, &c);
  lt_assert_error (full, 409, "slot_full", "slot");
  g_autofree char *path = g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", code_a, a.cccd);
  g_autoptr (LtResponse) mine = lt_get (fx.srv, path);
  json_object *m = lt_assert_json (mine, 200);
  lt_assert_str (m, "status", "booked");
  g_assert_nonnull (lt_json_at (m, "unit_notice.title"));
  g_autofree char *audited = audit_count (&fx, "slot.update");
  g_assert_cmpstr (audited, ==, "2");
  g_autoptr (LtResponse) other =
      lt_staff_post (fx.srv, UNIT_URL "/slots/0730-0930", SLOT_BODY (1, ""), fx.manager);
  lt_assert_error (other, 403, "forbidden", NULL);
  fx_stop (&fx);
}

/* Closing a day with bookings: 409 with the count, then confirmed; the day is gone. */
static void
test_close_day (void)
{
  Fx fx;
  fx_start (&fx);
  LtBooking a = booking_on (9101, "2025-09-30", "1400-1600");
  g_autofree char *code = lt_book_ok (fx.srv, &a);
  const char *body = "{\"date\":\"2025-09-30\"}";
  g_autoptr (LtResponse) refused = lt_staff_post (fx.srv, UNIT_URL "/closed-days", body, fx.admin);
  json_object *e = lt_assert_json (refused, 409);
  lt_assert_str (e, "error.code", "capacity_in_use");
  lt_assert_int (e, "error.count", 1);
  g_autoptr (LtResponse) open = lt_get (fx.srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/days");
  g_assert_nonnull (strstr (open->body, "2025-09-30"));
  g_autoptr (LtResponse) applied = lt_staff_post (
      fx.srv, UNIT_URL "/closed-days", "{\"date\":\"2025-09-30\",\"confirm\":true}", fx.admin);
  json_object *ok = lt_assert_json (applied, 200);
  lt_assert_int (ok, "affected_count", 1);
  lt_assert_str (ok, "affected.0.code", code);
  g_autoptr (LtResponse) closed = lt_get (fx.srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/days");
  g_assert_null (strstr (closed->body, "2025-09-30"));
  LtBooking b = booking_on (9102, "2025-09-30", "1400-1600");
  g_autoptr (LtResponse) late = lt_book (fx.srv, &b);
  lt_assert_error (late, 422, "date_not_bookable", NULL);
  /* a day without bookings closes at once; a past day or a bad date does not */
  g_autoptr (LtResponse) empty =
      lt_staff_post (fx.srv, UNIT_URL "/closed-days", "{\"date\":\"2025-10-01\"}", fx.admin);
  lt_assert_int (lt_assert_json (empty, 200), "affected_count", 0);
  g_autoptr (LtResponse) past =
      lt_staff_post (fx.srv, UNIT_URL "/closed-days", "{\"date\":\"2025-09-01\"}", fx.admin);
  lt_assert_error (past, 400, "invalid_input", "date");
  g_autoptr (LtResponse) bad =
      lt_staff_post (fx.srv, UNIT_URL "/closed-days", "{\"date\":\"30/9/2025\"}", fx.admin);
  lt_assert_error (bad, 400, "invalid_input", "date");
  g_autoptr (LtResponse) other =
      lt_staff_post (fx.srv, UNIT_URL "/closed-days", "{\"date\":\"2025-10-02\"}", fx.manager);
  lt_assert_error (other, 403, "forbidden", NULL);
  g_autofree char *audited = audit_count (&fx, "unit.close_day");
  g_assert_cmpstr (audited, ==, "2");
  fx_stop (&fx);
}

static void
test_notices (void)
{
  Fx fx;
  fx_start (&fx);
  g_autoptr (LtResponse) draft =
      lt_staff_post (fx.srv, UNIT_URL "/notices",
                     "{\"title\":\"Nghỉ chiều thứ Sáu\",\"body\":\"Đơn vị nghỉ họp.\"}", fx.admin);
  json_object *d = lt_assert_json (draft, 201);
  g_autofree char *id = NULL;
  json_object *list = lt_array (d, "notices");
  for (size_t i = 0; i < json_object_array_length (list); i++)
    if (!lt_bool (json_object_array_get_idx (list, i), "published"))
      id = g_strdup (lt_str (json_object_array_get_idx (list, i), "id"));
  g_assert_nonnull (id);
  g_autoptr (LtResponse) hidden = lt_get (fx.srv, "/api/v1/notices?unit=" LT_UNIT_PHO_YEN);
  g_assert_null (strstr (hidden->body, "Nghỉ chiều thứ Sáu"));
  g_autofree char *pub_path = g_strdup_printf (UNIT_URL "/notices/%s/publish", id);
  g_autoptr (LtResponse) pub = lt_staff_post (fx.srv, pub_path, NULL, fx.admin);
  lt_assert_status (pub, 200);
  g_autoptr (LtResponse) shown = lt_get (fx.srv, "/api/v1/notices?unit=" LT_UNIT_PHO_YEN);
  g_assert_nonnull (strstr (shown->body, "Nghỉ chiều thứ Sáu"));
  g_autofree char *unpub_path = g_strdup_printf (UNIT_URL "/notices/%s/unpublish", id);
  g_autoptr (LtResponse) unpub = lt_staff_post (fx.srv, unpub_path, NULL, fx.admin);
  lt_assert_status (unpub, 200);
  g_autoptr (LtResponse) gone = lt_get (fx.srv, "/api/v1/notices?unit=" LT_UNIT_PHO_YEN);
  g_assert_null (strstr (gone->body, "Nghỉ chiều thứ Sáu"));
  g_autoptr (LtResponse) blank =
      lt_staff_post (fx.srv, UNIT_URL "/notices", "{\"title\":\"  \",\"body\":\"x\"}", fx.admin);
  lt_assert_error (blank, 400, "invalid_input", "title");
  g_autoptr (LtResponse) other = lt_staff_post (fx.srv, pub_path, NULL, fx.manager);
  lt_assert_error (other, 403, "forbidden", NULL);
  g_autoptr (LtResponse) unknown =
      lt_staff_post (fx.srv, UNIT_URL "/notices/khong-co/publish", NULL, fx.admin);
  lt_assert_error (unknown, 404, "not_found", NULL);
  g_autofree char *audited = lt_sql (lt_server_work_dir (fx.srv),
                                     "SELECT count(*) FROM audit_log WHERE action LIKE 'notice.%'");
  g_assert_cmpstr (audited, ==, "3");
  fx_stop (&fx);
}

static void
test_settings (void)
{
  Fx fx;
  fx_start (&fx);
  g_autoptr (LtResponse) before = lt_staff_get (fx.srv, "/api/v1/admin/settings", fx.admin);
  json_object *b = lt_assert_json (before, 200);
  lt_assert_bool (b, "retention_set", false);
  /* the purge ran at start-up: its run is readable */
  g_assert_nonnull (lt_json_at (b, "purge.last_run"));
  g_autoptr (LtResponse) ret = lt_staff_post (fx.srv, "/api/v1/admin/settings/retention",
                                              "{\"retention_days\":30}", fx.admin);
  json_object *r = lt_assert_json (ret, 200);
  lt_assert_int (r, "retention_days", 30);
  lt_assert_bool (r, "retention_set", true);
  g_autoptr (LtResponse) zero = lt_staff_post (fx.srv, "/api/v1/admin/settings/retention",
                                               "{\"retention_days\":0}", fx.admin);
  lt_assert_error (zero, 400, "invalid_input", "retention_days");
  g_autoptr (LtResponse) big = lt_staff_post (fx.srv, "/api/v1/admin/settings/retention",
                                              "{\"retention_days\":3651}", fx.admin);
  lt_assert_error (big, 400, "invalid_input", "retention_days");
  g_autoptr (LtResponse) prov = lt_staff_post (fx.srv, "/api/v1/admin/settings/province",
                                               "{\"province\":\"Bắc Kạn\"}", fx.admin);
  lt_assert_str (lt_assert_json (prov, 200), "province", "Bắc Kạn");
  g_autoptr (LtResponse) page = lt_get (fx.srv, "/thong-bao");
  g_assert_nonnull (strstr (page->body, "BẮC KẠN"));
  g_autoptr (LtResponse) bad = lt_staff_post (fx.srv, "/api/v1/admin/settings/province",
                                              "{\"province\":\"<script>\"}", fx.admin);
  lt_assert_error (bad, 400, "invalid_input", "province");
  /* the server's settings are the admin's: a manager reads them, never writes */
  g_autoptr (LtResponse) read = lt_staff_get (fx.srv, "/api/v1/admin/settings", fx.manager);
  lt_assert_status (read, 200);
  g_autoptr (LtResponse) write = lt_staff_post (fx.srv, "/api/v1/admin/settings/retention",
                                                "{\"retention_days\":9}", fx.manager);
  lt_assert_error (write, 403, "forbidden", NULL);
  g_autofree char *audited = lt_sql (
      lt_server_work_dir (fx.srv), "SELECT count(*) FROM audit_log WHERE action LIKE 'settings.%'");
  g_assert_cmpstr (audited, ==, "2");
  fx_stop (&fx);
}

/* The audit log, searched: admins everywhere, managers in their own unit. */
static void
test_audit_search (void)
{
  Fx fx;
  fx_start (&fx);
  g_autoptr (LtResponse) f1 =
      lt_staff_post (fx.srv, UNIT_URL "/fields/giao-thong",
                     "{\"name\":\"Giao thông\",\"prefix\":\"G\"}", fx.admin);
  lt_assert_status (f1, 200);
  g_autoptr (LtResponse) f2 = lt_staff_post (fx.srv, OTHER_URL "/fields/dat-dai",
                                             "{\"name\":\"Đất đai\",\"prefix\":\"D\"}", fx.manager);
  lt_assert_status (f2, 200);
  g_autoptr (LtResponse) all = lt_staff_get (fx.srv, "/api/v1/admin/audit?action=field.", fx.admin);
  json_object *a = lt_assert_json (all, 200);
  g_assert_cmpuint (json_object_array_length (lt_array (a, "entries")), ==, 2);
  lt_assert_str (a, "entries.0.target", "dat-dai"); /* newest first */
  lt_assert_str (a, "entries.0.user", "quanly.baxuyen");
  g_autoptr (LtResponse) text = lt_staff_get (fx.srv, "/api/v1/admin/audit?q=giao-thong", fx.admin);
  json_object *t = lt_assert_json (text, 200);
  g_assert_cmpuint (json_object_array_length (lt_array (t, "entries")), ==, 1);
  lt_assert_str (t, "entries.0.action", "field.create");
  /* a manager sees their own unit's rows only, and may not ask for another's */
  g_autoptr (LtResponse) own =
      lt_staff_get (fx.srv, "/api/v1/admin/audit?action=field.", fx.manager);
  json_object *o = lt_assert_json (own, 200);
  g_assert_cmpuint (json_object_array_length (lt_array (o, "entries")), ==, 1);
  lt_assert_str (o, "entries.0.unit", LT_UNIT_BA_XUYEN);
  g_autoptr (LtResponse) other =
      lt_staff_get (fx.srv, "/api/v1/admin/audit?unit=" LT_UNIT_PHO_YEN, fx.manager);
  lt_assert_error (other, 403, "forbidden", NULL);
  g_autoptr (LtResponse) limit = lt_staff_get (fx.srv, "/api/v1/admin/audit?limit=0", fx.admin);
  lt_assert_error (limit, 400, "invalid_input", "limit");
  g_autoptr (LtResponse) wild = lt_staff_get (fx.srv, "/api/v1/admin/audit?q=%25", fx.admin);
  g_assert_cmpuint (json_object_array_length (lt_array (lt_assert_json (wild, 200), "entries")), ==,
                    0);
  fx_stop (&fx);
}

/* A taken id, a bad id, another unit's manager. */
static void
kiosk_refusals (Fx *fx)
{
  g_autoptr (LtResponse) dup = lt_staff_post (fx->srv, UNIT_URL "/kiosks",
                                              "{\"id\":\"kiosk-moi\",\"name\":\"X\"}", fx->admin);
  lt_assert_error (dup, 409, "kiosk_exists", "id");
  g_autoptr (LtResponse) bad = lt_staff_post (fx->srv, UNIT_URL "/kiosks",
                                              "{\"id\":\"Kiosk Moi\",\"name\":\"X\"}", fx->admin);
  lt_assert_error (bad, 400, "invalid_input", "id");
  g_autoptr (LtResponse) other =
      lt_staff_post (fx->srv, UNIT_URL "/kiosks/" LT_KIOSK_PHO_YEN "/revoke", NULL, fx->manager);
  lt_assert_error (other, 403, "forbidden", NULL);
}

/* A kiosk made in /quan-tri: its token (shown once) works at once; rotated, the old one stops;
 * revoked, none works; its last request and its printer's last result are shown. */
/* The unit's kiosk list once it shows kiosk id's last request (or after 5 s): the note is
 * written in the background (kiosk_seen never delays a kiosk's answer), so on PostgreSQL it
 * may come a moment after the request. */
static LtResponse *
kiosks_once_seen (Fx *fx, const char *id)
{
  for (int attempt = 0;; attempt++)
    {
      LtResponse *list = lt_staff_get (fx->srv, UNIT_URL "/kiosks", fx->admin);
      json_object *arr = lt_array (lt_assert_json (list, 200), "kiosks");
      for (size_t i = 0; i < json_object_array_length (arr); i++)
        {
          json_object *k = json_object_array_get_idx (arr, i);
          if (strcmp (lt_str (k, "id"), id) == 0 && lt_json_at (k, "last_seen_at"))
            return list;
        }
      if (attempt == 50)
        return list;
      lt_response_free (list);
      g_usleep (100000);
    }
}

static void
test_kiosks (void)
{
  Fx fx;
  fx_start (&fx);
  g_autoptr (LtResponse) made = lt_staff_post (
      fx.srv, UNIT_URL "/kiosks", "{\"id\":\"kiosk-moi\",\"name\":\"Ki-ốt sảnh B\"}", fx.admin);
  json_object *m = lt_assert_json (made, 201);
  g_autofree char *token = g_strdup (lt_str (m, "token"));
  g_assert_cmpuint (strlen (token), ==, 43);
  g_autoptr (LtResponse) me = lt_get_auth (fx.srv, "/api/v1/kiosk/me", token);
  lt_assert_status (me, 200);
  g_autoptr (LtResponse) ticket =
      lt_post_json_auth (fx.srv, "/api/v1/kiosk/tickets", "{\"field\":\"chung-thuc\"}", token);
  json_object *t = lt_assert_json (ticket, 201);
  g_autofree char *print_path =
      g_strdup_printf ("/api/v1/kiosk/tickets/%s/print-result", lt_str (t, "ticket.id"));
  g_autoptr (LtResponse) printed = lt_post_json_auth (
      fx.srv, print_path, "{\"ok\":false,\"reason\":\"media-empty-error\"}", token);
  lt_assert_status (printed, 204);
  g_autoptr (LtResponse) list = kiosks_once_seen (&fx, "kiosk-moi");
  json_object *l = lt_assert_json (list, 200);
  g_assert_null (lt_json_at (l, "token")); /* shown once only */
  bool found = false;
  json_object *arr = lt_array (l, "kiosks");
  for (size_t i = 0; i < json_object_array_length (arr); i++)
    {
      json_object *k = json_object_array_get_idx (arr, i);
      if (strcmp (lt_str (k, "id"), "kiosk-moi") != 0)
        continue;
      found = true;
      g_assert_nonnull (lt_json_at (k, "last_seen_at"));
      lt_assert_bool (k, "printer.ok", false);
      lt_assert_str (k, "printer.reason", "media-empty-error");
    }
  g_assert_true (found);
  g_autoptr (LtResponse) rot =
      lt_staff_post (fx.srv, UNIT_URL "/kiosks/kiosk-moi/rotate", NULL, fx.admin);
  g_autofree char *token2 = g_strdup (lt_str (lt_assert_json (rot, 200), "token"));
  g_autoptr (LtResponse) old = lt_get_auth (fx.srv, "/api/v1/kiosk/me", token);
  lt_assert_error (old, 401, "unauthorized", NULL);
  g_autoptr (LtResponse) fresh = lt_get_auth (fx.srv, "/api/v1/kiosk/me", token2);
  lt_assert_status (fresh, 200);
  g_autoptr (LtResponse) rev =
      lt_staff_post (fx.srv, UNIT_URL "/kiosks/kiosk-moi/revoke", NULL, fx.admin);
  lt_assert_status (rev, 200);
  g_autoptr (LtResponse) gone = lt_get_auth (fx.srv, "/api/v1/kiosk/me", token2);
  lt_assert_error (gone, 401, "unauthorized", NULL);
  g_autoptr (LtResponse) again =
      lt_staff_post (fx.srv, UNIT_URL "/kiosks/kiosk-moi/rotate", NULL, fx.admin);
  lt_assert_error (again, 404, "not_found", NULL);
  kiosk_refusals (&fx);
  g_autofree char *audited = lt_sql (lt_server_work_dir (fx.srv),
                                     "SELECT count(*) FROM audit_log WHERE action LIKE 'kiosk.%'");
  g_assert_cmpstr (audited, ==, "3");
  fx_stop (&fx);
}

/* The id of `username` in the admin's list of a unit's accounts. */
static char *
user_id_of (Fx *fx, const char *unit, const char *username)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/admin/users?unit=%s", unit);
  g_autoptr (LtResponse) r = lt_staff_get (fx->srv, path, fx->admin);
  json_object *arr = lt_array (lt_assert_json (r, 200), "users");
  for (size_t i = 0; i < json_object_array_length (arr); i++)
    if (strcmp (lt_str (json_object_array_get_idx (arr, i), "username"), username) == 0)
      return g_strdup (lt_str (json_object_array_get_idx (arr, i), "id"));
  g_assert_not_reached ();
}

/* Staff accounts: listed per unit, a password reset ends the sessions. */
static void
test_accounts (void)
{
  Fx fx;
  fx_start (&fx);
  g_autofree char *staff =
      lt_staff_user_cookie (fx.srv, fx.admin, "canbo.baxuyen", "staff", LT_UNIT_BA_XUYEN);
  g_autofree char *other =
      lt_staff_user_cookie (fx.srv, fx.admin, "canbo.phoyen", "staff", LT_UNIT_PHO_YEN);
  g_autofree char *id = user_id_of (&fx, LT_UNIT_BA_XUYEN, "canbo.baxuyen");
  g_autofree char *other_id = user_id_of (&fx, LT_UNIT_PHO_YEN, "canbo.phoyen");
  g_autofree char *path = g_strdup_printf ("/api/v1/admin/users/%s/password", id);
  g_autoptr (LtResponse) shorter =
      lt_staff_post (fx.srv, path, "{\"password\":\"ngan\"}", fx.manager);
  lt_assert_error (shorter, 400, "invalid_input", "password");
  g_autoptr (LtResponse) reset =
      lt_staff_post (fx.srv, path, "{\"password\":\"mat-khau-moi-123\"}", fx.manager);
  lt_assert_str (lt_assert_json (reset, 200), "user.username", "canbo.baxuyen");
  g_autoptr (LtResponse) ended = lt_staff_get (fx.srv, "/api/v1/auth/me", staff);
  lt_assert_error (ended, 401, "unauthorized", NULL);
  g_autofree char *again = lt_staff_login_ok (fx.srv, "canbo.baxuyen", "mat-khau-moi-123");
  g_assert_nonnull (again);
  /* another unit's account, another unit's list */
  g_autofree char *other_path = g_strdup_printf ("/api/v1/admin/users/%s/password", other_id);
  g_autoptr (LtResponse) denied =
      lt_staff_post (fx.srv, other_path, "{\"password\":\"mat-khau-moi-123\"}", fx.manager);
  lt_assert_error (denied, 403, "forbidden", NULL);
  g_autoptr (LtResponse) list =
      lt_staff_get (fx.srv, "/api/v1/admin/users?unit=" LT_UNIT_PHO_YEN, fx.manager);
  lt_assert_error (list, 403, "forbidden", NULL);
  g_autoptr (LtResponse) own = lt_staff_get (fx.srv, "/api/v1/admin/users", fx.manager);
  lt_assert_status (own, 200);
  g_assert_null (strstr (own->body, "canbo.phoyen"));
  g_autoptr (LtResponse) still = lt_staff_get (fx.srv, "/api/v1/auth/me", other);
  lt_assert_status (still, 200);
  g_autofree char *audited = audit_count (&fx, "user.password");
  g_assert_cmpstr (audited, ==, "1");
  fx_stop (&fx);
}

/* A field's own ticket numbers: the kiosk's next walk-in ticket takes the range's first. */
static void
test_number_ranges (void)
{
  Fx fx;
  fx_start (&fx);
  g_autoptr (LtResponse) set =
      lt_staff_post (fx.srv, UNIT_URL "/fields/chung-thuc",
                     "{\"name\":\"Chứng thực\",\"prefix\":\"A\",\"walk_in_numbers\":\"501-599\","
                     "\"appointment_numbers\":\"1-99\"}",
                     fx.admin);
  json_object *u = lt_assert_json (set, 200);
  lt_assert_str (u, "unit.fields.0.walk_in_numbers", "501-599");
  const char *token = lt_server_kiosk_token (fx.srv, LT_KIOSK_PHO_YEN);
  g_autoptr (LtResponse) t =
      lt_post_json_auth (fx.srv, "/api/v1/kiosk/tickets", "{\"field\":\"chung-thuc\"}", token);
  lt_assert_str (lt_assert_json (t, 201), "ticket.number", "A501");
  g_autoptr (LtResponse) overlap =
      lt_staff_post (fx.srv, UNIT_URL "/fields/chung-thuc",
                     "{\"name\":\"Chứng thực\",\"prefix\":\"A\",\"walk_in_numbers\":\"1-600\","
                     "\"appointment_numbers\":\"501-999\"}",
                     fx.admin);
  lt_assert_error (overlap, 400, "invalid_input", "appointment_numbers");
  g_autoptr (LtResponse) half = lt_staff_post (
      fx.srv, UNIT_URL "/fields/chung-thuc",
      "{\"name\":\"Chứng thực\",\"prefix\":\"A\",\"walk_in_numbers\":\"1-600\"}", fx.admin);
  lt_assert_error (half, 400, "invalid_input", "appointment_numbers");
  g_autoptr (LtResponse) bad =
      lt_staff_post (fx.srv, UNIT_URL "/fields/chung-thuc",
                     "{\"name\":\"Chứng thực\",\"prefix\":\"A\",\"walk_in_numbers\":\"0-10\","
                     "\"appointment_numbers\":\"20-30\"}",
                     fx.admin);
  lt_assert_error (bad, 400, "invalid_input", "walk_in_numbers");
  fx_stop (&fx);
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_test_add_func ("/layso/admin/unit-settings", test_unit_settings);
  g_test_add_func ("/layso/admin/field-and-slot", test_field_and_slot);
  g_test_add_func ("/layso/admin/capacity-in-use", test_capacity_in_use);
  g_test_add_func ("/layso/admin/close-day", test_close_day);
  g_test_add_func ("/layso/admin/notices", test_notices);
  g_test_add_func ("/layso/admin/settings", test_settings);
  g_test_add_func ("/layso/admin/audit-search", test_audit_search);
  g_test_add_func ("/layso/admin/kiosks", test_kiosks);
  g_test_add_func ("/layso/admin/accounts", test_accounts);
  g_test_add_func ("/layso/admin/number-ranges", test_number_ranges);
  return g_test_run ();
}
