/* Bookings: create, validation, bookable days, capacity, duplicates, look-up, cancel,
 * idempotent retries. Each test uses its own CCCDs and its own (field, day, slot). */
#include "harness.h"

#include <string.h>

static LtServer *srv;

static LtBooking
booking (guint cccd_n, const char *field, const char *date, const char *slot)
{
  static char cccds[64][16];
  static guint next;
  char *c = cccds[next++ % G_N_ELEMENTS (cccds)];
  g_snprintf (c, 16, "0790%08u", cccd_n);
  return (LtBooking){ .name = "Nguyễn Văn An",
                      .cccd = c,
                      .phone = "0987654321",
                      .unit = LT_UNIT_PHO_YEN,
                      .field = field,
                      .date = date,
                      .slot = slot };
}

static void
test_create (void)
{
  gint64 before =
      lt_slot_remaining (srv, LT_UNIT_PHO_YEN, "2025-09-26", "chung-thuc", "0730-0930", NULL);
  LtBooking b = booking (1001, "chung-thuc", "2025-09-26", "0730-0930");
  b.name = "Trần Thị Bích Ngọc";
  g_autoptr (LtResponse) r = lt_book (srv, &b);
  json_object *j = lt_assert_json (r, 201);
  lt_assert_match (j, "code", LT_CODE_REGEX);
  lt_assert_str (j, "name", "Trần Thị Bích Ngọc");
  lt_assert_str (j, "cccd", b.cccd); /* the owner sees the full number */
  lt_assert_str (j, "phone", "0987654321");
  lt_assert_str (j, "unit.id", LT_UNIT_PHO_YEN);
  lt_assert_str (j, "unit.name", "Phường Phổ Yên");
  lt_assert_str (j, "field.id", "chung-thuc");
  lt_assert_str (j, "field.name", "Chứng thực");
  lt_assert_str (j, "date", "2025-09-26");
  lt_assert_str (j, "slot.id", "0730-0930");
  lt_assert_str (j, "slot.start", "07:30");
  lt_assert_str (j, "slot.end", "09:30");
  lt_assert_str (j, "checkin_from", "2025-09-26T07:00:00+07:00");
  lt_assert_str (j, "checkin_until", "2025-09-26T09:30:00+07:00");
  lt_assert_str (j, "status", "booked");
  g_assert_cmpint (
      lt_slot_remaining (srv, LT_UNIT_PHO_YEN, "2025-09-26", "chung-thuc", "0730-0930", NULL), ==,
      before - 1);

  /* Phone is optional; the lead time is the unit's own (15 min at Đồng Hỷ). */
  LtBooking b2 = { .name = "Lê Văn Bình",
                   .cccd = "079000001002",
                   .unit = LT_UNIT_DONG_HY,
                   .field = "dat-dai",
                   .date = "2025-09-27",
                   .slot = "s1" };
  g_autoptr (LtResponse) r2 = lt_book (srv, &b2);
  json_object *j2 = lt_assert_json (r2, 201);
  json_object *phone = lt_json_at (j2, "phone");
  if (phone != NULL && !json_object_is_type (phone, json_type_null))
    lt_fail_at (__FILE__, __LINE__, "phone not given, answered %s", r2->body);
  lt_assert_str (j2, "checkin_from", "2025-09-27T07:15:00+07:00");
  lt_assert_str (j2, "checkin_until", "2025-09-27T09:00:00+07:00");
  g_assert_cmpstr (lt_str (j2, "code"), !=, lt_str (j, "code"));
}

static void
test_consent (void)
{
  LtBooking b = booking (2001, "chung-thuc", "2025-09-29", "0730-0930");
  gint64 before = lt_slot_remaining (srv, b.unit, b.date, b.field, b.slot, NULL);
  json_object *o = lt_booking_object (&b);
  json_object_object_del (o, "consent");
  g_autoptr (LtResponse) r = lt_post_json (srv, "/api/v1/bookings", json_object_to_json_string (o));
  lt_assert_error (r, 400, "invalid_input", "consent");
  json_object_object_add (o, "consent", json_object_new_boolean (0));
  g_autoptr (LtResponse) r2 =
      lt_post_json (srv, "/api/v1/bookings", json_object_to_json_string (o));
  lt_assert_error (r2, 400, "invalid_input", "consent");
  json_object_object_add (o, "consent", json_object_new_null ());
  g_autoptr (LtResponse) r3 =
      lt_post_json (srv, "/api/v1/bookings", json_object_to_json_string (o));
  lt_assert_error (r3, 400, "invalid_input", "consent");
  json_object_put (o);
  /* Check, then act: nothing was booked. */
  g_assert_cmpint (lt_slot_remaining (srv, b.unit, b.date, b.field, b.slot, NULL), ==, before);
}

/* POST the booking with one member replaced (value NULL: removed); expect 400 on `field`. */
static void
expect_invalid (const LtBooking *b, const char *member, const char *value, const char *field,
                int line)
{
  json_object *o = lt_booking_object (b);
  json_object_object_del (o, member);
  if (value)
    json_object_object_add (o, member, json_object_new_string (value));
  g_autoptr (LtResponse) r = lt_post_json (srv, "/api/v1/bookings", json_object_to_json_string (o));
  json_object_put (o);
  lt_assert_error_at (__FILE__, line, r, 400, "invalid_input", field);
  lt_assert_body_lacks_at (__FILE__, line, r, b->cccd);
}

static void
test_invalid_fields (void)
{
  LtBooking b = booking (3001, "ho-tich", "2025-09-29", "0730-0930");
  gint64 before = lt_slot_remaining (srv, b.unit, b.date, b.field, b.slot, NULL);
  const struct
  {
    const char *member, *value, *field;
  } cases[] = {
    { "name", NULL, "name" },
    { "name", "", "name" },
    { "name", "   ", "name" },
    { "cccd", NULL, "cccd" },
    { "cccd", "", "cccd" },
    { "cccd", "07900000300", "cccd" },   /* 11 digits */
    { "cccd", "0790000030011", "cccd" }, /* 13 digits */
    { "cccd", "07900000300A", "cccd" },  /* a letter */
    { "cccd", "0790 0000 30", "cccd" },
    { "cccd", "٠١٢٣٤٥٦٧٨٩٠١", "cccd" },  /* non-ASCII digits */
    { "phone", "09876543210", "phone" }, /* 11 digits */
    { "phone", "098765432", "phone" },   /* 9 digits */
    { "phone", "098765432a", "phone" },
    { "phone", "1987654321", "phone" },    /* not from 0 */
    { "phone", "+840987654321", "phone" }, /* +84 then 10 digits */
    { "phone", "0987_654_321", "phone" },
    { "phone", "-0987654321", "phone" },
    { "unit", NULL, "unit" },
    { "unit", "khong-ton-tai", "unit" },
    { "field", NULL, "field" },
    { "field", "khong-ton-tai", "field" },
    { "date", NULL, "date" },
    { "date", "29/09/2025", "date" },
    { "date", "2025-02-30", "date" },
    { "date", "2025-9-29", "date" },
    { "slot", NULL, "slot" },
    { "slot", "0000-0100", "slot" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    expect_invalid (&b, cases[i].member, cases[i].value, cases[i].field, __LINE__);
  /* A field this unit does not serve, a slot of another unit. */
  LtBooking bx = b;
  bx.unit = LT_UNIT_BA_XUYEN;
  bx.field = "dat-dai";
  expect_invalid (&bx, "field", "dat-dai", "field", __LINE__);
  LtBooking bs = b;
  bs.unit = LT_UNIT_DONG_HY;
  bs.field = "dat-dai";
  expect_invalid (&bs, "slot", "0730-0930", "slot", __LINE__);
  g_assert_cmpint (lt_slot_remaining (srv, b.unit, b.date, b.field, b.slot, NULL), ==, before);

  /* The valid side of the rules: the procedure's own example CCCD, every mobile prefix. */
  const char *phones[] = { "0312345678", "0512345678", "0712345678", "0812345678", NULL };
  const char *cccds[] = { "123456232324", "079000003101", "079000003102", "079000003103",
                          "079000003104" };
  for (size_t i = 0; i < G_N_ELEMENTS (cccds); i++)
    {
      LtBooking ok = booking (0, "ho-tich", "2025-10-06", "1400-1600");
      ok.cccd = cccds[i];
      ok.phone = phones[i];
      g_autofree char *code = lt_book_ok (srv, &ok);
    }
}

static void
test_date_not_bookable (void)
{
  const char *dates[] = {
    "2025-09-25", /* today */
    "2025-09-24", /* the past */
    "2025-09-27", /* Saturday */
    "2025-09-28", /* Sunday */
    "2025-10-07", /* the 8th working day: beyond the horizon */
    "2026-01-01",
  };
  for (size_t i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      LtBooking b = booking (4001 + (guint) i, "dat-dai", dates[i], "0730-0930");
      g_autoptr (LtResponse) r = lt_book (srv, &b);
      if (r->status != 422)
        lt_fail_at (__FILE__, __LINE__, "date %s: expected 422, got %ld: %s", dates[i], r->status,
                    r->body);
      lt_assert_error (r, 422, "date_not_bookable", NULL);
    }
  /* The last bookable day still is. */
  LtBooking last = booking (4101, "dat-dai", "2025-10-06", "0730-0930");
  g_autofree char *code = lt_book_ok (srv, &last);
}

static void
test_slot_full (void)
{
  /* 0930-1100 holds 2. */
  LtBooking a = booking (5001, "xay-dung", "2025-09-30", "0930-1100");
  LtBooking b = booking (5002, "xay-dung", "2025-09-30", "0930-1100");
  LtBooking c = booking (5003, "xay-dung", "2025-09-30", "0930-1100");
  c.name = "Phạm Thị Cúc";
  g_autofree char *code_a = lt_book_ok (srv, &a);
  bool full = true;
  g_assert_cmpint (lt_slot_remaining (srv, a.unit, a.date, a.field, a.slot, &full), ==, 1);
  g_assert_false (full);
  g_autofree char *code_b = lt_book_ok (srv, &b);
  g_assert_cmpint (lt_slot_remaining (srv, a.unit, a.date, a.field, a.slot, &full), ==, 0);
  g_assert_true (full);
  g_autoptr (LtResponse) r = lt_book (srv, &c);
  lt_assert_error (r, 409, "slot_full", NULL);
  lt_assert_body_lacks (r, c.cccd);
  lt_assert_body_lacks (r, c.name);
  /* The other slots of that day are not affected. */
  g_assert_cmpint (lt_slot_remaining (srv, a.unit, a.date, a.field, "0730-0930", &full), ==, 10);
  g_assert_false (full);
}

static void
test_duplicate (void)
{
  LtBooking a = booking (6001, "bao-tro-xa-hoi", "2025-10-01", "0730-0930");
  g_autofree char *code = lt_book_ok (srv, &a);
  LtBooking other_slot = a;
  other_slot.slot = "1400-1600";
  g_autoptr (LtResponse) r = lt_book (srv, &other_slot);
  lt_assert_error (r, 409, "duplicate_booking", NULL);
  lt_assert_body_lacks (r, a.cccd);
  lt_assert_body_lacks (r, code);
  g_autoptr (LtResponse) r2 = lt_book (srv, &a);
  lt_assert_error (r2, 409, "duplicate_booking", NULL);
  g_assert_cmpint (lt_slot_remaining (srv, a.unit, a.date, a.field, "1400-1600", NULL), ==, 10);
  /* Only active bookings count: after a cancel the citizen may book again. */
  g_autofree char *body = g_strdup_printf ("{\"cccd\":\"%s\"}", a.cccd);
  g_autofree char *path = g_strdup_printf ("/api/v1/bookings/%s/cancel", code);
  g_autoptr (LtResponse) rc = lt_post_json (srv, path, body);
  lt_assert_json (rc, 200);
  g_autofree char *code2 = lt_book_ok (srv, &other_slot);
}

/* One CCCD may hold at most N active bookings at a unit across all fields and days (N per
 * unit, default 3): the next is 409 duplicate_booking saying N, and takes no seat. */
static void
test_unit_limit (void)
{
  const char *fields[] = { "chung-thuc", "dat-dai", "xay-dung" };
  const char *dates[] = { "2025-10-03", "2025-10-06", "2025-10-03" };
  LtBooking b[3];
  char *codes[3];
  for (guint i = 0; i < 3; i++)
    {
      b[i] = booking (6201, fields[i], dates[i], "1400-1600");
      codes[i] = lt_book_ok (srv, &b[i]);
    }
  LtBooking fourth = booking (6201, "kinh-doanh", "2025-10-06", "1400-1600");
  gint64 before =
      lt_slot_remaining (srv, fourth.unit, fourth.date, fourth.field, fourth.slot, NULL);
  g_autoptr (LtResponse) r = lt_book (srv, &fourth);
  lt_assert_error (r, 409, "duplicate_booking", "cccd");
  lt_assert_match (r->json, "error.message", "tối đa 3 lịch hẹn");
  lt_assert_body_lacks (r, fourth.cccd);
  g_assert_cmpint (
      lt_slot_remaining (srv, fourth.unit, fourth.date, fourth.field, fourth.slot, NULL), ==,
      before);
  /* another unit counts on its own; Bá Xuyên allows 2 */
  LtBooking bx = fourth;
  bx.unit = LT_UNIT_BA_XUYEN;
  bx.field = "chung-thuc";
  bx.slot = "1400-1600";
  g_free (lt_book_ok (srv, &bx));
  bx.field = "ho-tich";
  g_free (lt_book_ok (srv, &bx));
  bx.date = "2025-10-03";
  g_autoptr (LtResponse) r2 = lt_book (srv, &bx);
  lt_assert_error (r2, 409, "duplicate_booking", "cccd");
  lt_assert_match (r2->json, "error.message", "tối đa 2 lịch hẹn");
  /* only booked ones count: after a cancel there is room again */
  g_autofree char *body = g_strdup_printf ("{\"cccd\":\"%s\"}", b[0].cccd);
  g_autofree char *path = g_strdup_printf ("/api/v1/bookings/%s/cancel", codes[0]);
  g_autoptr (LtResponse) rc = lt_post_json (srv, path, body);
  lt_assert_json (rc, 200);
  g_free (lt_book_ok (srv, &fourth));
  for (guint i = 0; i < 3; i++)
    g_free (codes[i]);
}

/* The guide's phone rule (common/validate.h): 0 and 10 digits; separators between digits
 * and +84 are forgiven, and the normalised number is what is stored and answered. */
static void
test_phone (void)
{
  static const struct
  {
    const char *in, *stored;
  } cases[] = {
    { "0123456789", "0123456789" }, /* the guide: any 10 digits from 0 */
    { "0987 654 321", "0987654321" }, { "0987.654.321", "0987654321" },
    { "0987-654-321", "0987654321" }, { "+84 987 654 321", "0987654321" },
    { "84987654321", "0987654321" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LtBooking b = booking (6101 + (guint) i, "ho-tich", "2025-10-01", "1400-1600");
      b.phone = cases[i].in;
      g_autoptr (LtResponse) r = lt_book (srv, &b);
      json_object *j = lt_assert_json (r, 201);
      lt_assert_str (j, "phone", cases[i].stored);
      g_autofree char *path =
          g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", lt_str (j, "code"), b.cccd);
      g_autoptr (LtResponse) got = lt_get (srv, path);
      lt_assert_str (lt_assert_json (got, 200), "phone", cases[i].stored);
    }
  LtBooking bad = booking (6120, "ho-tich", "2025-10-01", "1400-1600");
  bad.phone = "098765432";
  g_autoptr (LtResponse) r = lt_book (srv, &bad);
  lt_assert_error (r, 400, "invalid_input", "phone");
  lt_assert_match (r->json, "error.message", "bắt đầu bằng 0 và có 10 chữ số");
}

static void
assert_same_booking (json_object *got, json_object *created)
{
  const char *keys[] = { "code",       "name",     "cccd",         "phone",         "unit.id",
                         "unit.name",  "field.id", "field.name",   "date",          "slot.id",
                         "slot.start", "slot.end", "checkin_from", "checkin_until", "status" };
  for (size_t i = 0; i < G_N_ELEMENTS (keys); i++)
    lt_assert_str (got, keys[i], lt_str (created, keys[i]));
}

static void
test_get (void)
{
  LtBooking b = booking (7001, "kinh-doanh", "2025-10-02", "0730-0930");
  b.name = "Hoàng Minh Đức";
  g_autoptr (LtResponse) rc = lt_book (srv, &b);
  json_object *created = lt_assert_json (rc, 201);
  const char *code = lt_str (created, "code");

  g_autofree char *p1 = g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", code, b.cccd);
  g_autoptr (LtResponse) r1 = lt_get (srv, p1);
  assert_same_booking (lt_assert_json (r1, 200), created);

  g_autofree char *lower = g_ascii_strdown (code, -1);
  g_autofree char *p2 = g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", lower, b.cccd);
  g_autoptr (LtResponse) r2 = lt_get (srv, p2);
  assert_same_booking (lt_assert_json (r2, 200), created); /* code sent upper case */

  /* Wrong CCCD and unknown code are answered alike, and leak nothing. */
  g_autofree char *p3 = g_strdup_printf ("/api/v1/bookings/%s?cccd=079000007099", code);
  g_autoptr (LtResponse) r3 = lt_get (srv, p3);
  lt_assert_error (r3, 404, "not_found", NULL);
  lt_assert_body_lacks (r3, b.name);
  lt_assert_body_lacks (r3, b.cccd);
  g_autofree char *unused = lt_unused_code (srv);
  g_autofree char *p4 = g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", unused, b.cccd);
  g_autoptr (LtResponse) r4 = lt_get (srv, p4);
  lt_assert_error (r4, 404, "not_found", NULL);
  lt_assert_str (r3->json, "error.message", lt_str (r4->json, "error.message"));
  /* A code outside the alphabet (no 0/O, 1/I/L) was never issued either. */
  g_autofree char *p4b = g_strdup_printf ("/api/v1/bookings/O0IL?cccd=%s", b.cccd);
  g_autoptr (LtResponse) r4b = lt_get (srv, p4b);
  lt_assert_error (r4b, 404, "not_found", NULL);

  /* The ticket as PNG, for its owner only. */
  g_autofree char *p5 = g_strdup_printf ("/api/v1/bookings/%s/ticket.png?cccd=%s", code, b.cccd);
  g_autoptr (LtResponse) r5 = lt_get (srv, p5);
  lt_assert_status (r5, 200);
  g_assert_cmpstr (r5->content_type, ==, "image/png");
  g_assert_cmpuint (r5->body_len, >, 8);
  g_assert_cmpmem (r5->body, 8, "\x89PNG\r\n\x1a\n", 8);
  g_autofree char *p6 = g_strdup_printf ("/api/v1/bookings/%s/ticket.png?cccd=079000007099", code);
  g_autoptr (LtResponse) r6 = lt_get (srv, p6);
  lt_assert_error (r6, 404, "not_found", NULL);
}

static void
test_cancel (void)
{
  LtBooking b = booking (8001, "chung-thuc", "2025-10-03", "0930-1100");
  bool full = false;
  g_autofree char *code = lt_book_ok (srv, &b);
  LtBooking b2 = booking (8002, "chung-thuc", "2025-10-03", "0930-1100");
  g_autofree char *code2 = lt_book_ok (srv, &b2);
  g_assert_cmpint (lt_slot_remaining (srv, b.unit, b.date, b.field, b.slot, &full), ==, 0);
  g_assert_true (full);

  g_autofree char *path = g_strdup_printf ("/api/v1/bookings/%s/cancel", code);
  g_autoptr (LtResponse) wrong = lt_post_json (srv, path, "{\"cccd\":\"079000008099\"}");
  lt_assert_error (wrong, 404, "not_found", NULL);
  g_assert_cmpint (lt_slot_remaining (srv, b.unit, b.date, b.field, b.slot, NULL), ==, 0);

  g_autofree char *lower = g_ascii_strdown (code, -1);
  g_autofree char *lpath = g_strdup_printf ("/api/v1/bookings/%s/cancel", lower);
  g_autofree char *body = g_strdup_printf ("{\"cccd\":\"%s\"}", b.cccd);
  g_autoptr (LtResponse) r = lt_post_json (srv, lpath, body);
  json_object *j = lt_assert_json (r, 200);
  lt_assert_str (j, "status", "cancelled");
  /* The seat is free again. */
  g_assert_cmpint (lt_slot_remaining (srv, b.unit, b.date, b.field, b.slot, &full), ==, 1);
  g_assert_false (full);
  g_autofree char *get = g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", code, b.cccd);
  g_autoptr (LtResponse) rg = lt_get (srv, get);
  lt_assert_str (lt_assert_json (rg, 200), "status", "cancelled");
  /* …and someone else can take it. */
  LtBooking b3 = booking (8003, "chung-thuc", "2025-10-03", "0930-1100");
  g_autofree char *code3 = lt_book_ok (srv, &b3);
  g_assert_cmpint (lt_slot_remaining (srv, b.unit, b.date, b.field, b.slot, &full), ==, 0);
  g_assert_true (full);
}

static void
test_idempotency (void)
{
  LtBooking b = booking (9001, "dat-dai", "2025-10-02", "1400-1600");
  g_autofree char *json = lt_booking_json (&b);
  const char *key[] = { "Idempotency-Key: 6f1c1d2e-4b6a-4f58-9d7e-0a1b2c3d4e5f", NULL };
  gint64 before = lt_slot_remaining (srv, b.unit, b.date, b.field, b.slot, NULL);
  g_autoptr (LtResponse) r1 =
      lt_http (srv, "POST", "/api/v1/bookings", "application/json", json, -1, key);
  json_object *j1 = lt_assert_json (r1, 201);
  lt_server_note_code (srv, lt_str (j1, "code"));
  g_autoptr (LtResponse) r2 =
      lt_http (srv, "POST", "/api/v1/bookings", "application/json", json, -1, key);
  json_object *j2 = lt_assert_json (r2, 201);
  lt_assert_str (j2, "code", lt_str (j1, "code"));
  if (!json_object_equal (j1, j2))
    lt_fail_at (__FILE__, __LINE__, "a retry must return the first answer:\n%s\n%s", r1->body,
                r2->body);
  g_assert_cmpint (lt_slot_remaining (srv, b.unit, b.date, b.field, b.slot, NULL), ==, before - 1);
  /* Without the key the same request is a second attempt, refused as a duplicate. */
  g_autoptr (LtResponse) r3 = lt_book (srv, &b);
  lt_assert_error (r3, 409, "duplicate_booking", NULL);
  g_assert_cmpint (lt_slot_remaining (srv, b.unit, b.date, b.field, b.slot, NULL), ==, before - 1);
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_test_add_func ("/layso/integration/bookings/create", test_create);
  g_test_add_func ("/layso/integration/bookings/consent", test_consent);
  g_test_add_func ("/layso/integration/bookings/invalid-fields", test_invalid_fields);
  g_test_add_func ("/layso/integration/bookings/date-not-bookable", test_date_not_bookable);
  g_test_add_func ("/layso/integration/bookings/slot-full", test_slot_full);
  g_test_add_func ("/layso/integration/bookings/duplicate", test_duplicate);
  g_test_add_func ("/layso/integration/bookings/phone", test_phone);
  g_test_add_func ("/layso/integration/bookings/unit-limit", test_unit_limit);
  g_test_add_func ("/layso/integration/bookings/get", test_get);
  g_test_add_func ("/layso/integration/bookings/cancel", test_cancel);
  g_test_add_func ("/layso/integration/bookings/idempotency", test_idempotency);
  srv = lt_server_start_default ();
  int rc = g_test_run ();
  lt_server_stop (srv);
  return rc;
}
