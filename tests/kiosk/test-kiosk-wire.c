/* The kiosk's reading of the wire contract: success bodies into structs, error bodies into
 * LK_CLIENT_ERROR codes carrying the server's own Vietnamese message. */
#include <glib.h>
#include <sodium.h>
#include <string.h>

#include "lk-client.h"
#include "lk-wire.h"

#define ME_BODY                                                                                    \
  "{\"kiosk\":{\"id\":\"kiosk-pho-yen-1\",\"name\":\"Ki-ốt sảnh chính\"},"                    \
  "\"unit\":{\"id\":\"phuong-pho-yen\",\"name\":\"Phường Phổ Yên\",\"address\":\"TDP 4\","   \
  "\"checkin_lead_minutes\":30,\"fields\":[{\"id\":\"chung-thuc\",\"name\":\"Chứng thực\","    \
  "\"prefix\":\"A\"},{\"id\":\"ho-tich\",\"name\":\"Hộ tịch\",\"prefix\":\"B\"}]},\"extra\":1}"

#define CHECKIN_BODY                                                                               \
  "{\"ticket\":{\"id\":\"t-42\",\"number\":\"A1002\",\"kind\":\"appointment\","                    \
  "\"field\":{\"id\":\"chung-thuc\",\"name\":\"Chứng thực\",\"prefix\":\"A\"},"                \
  "\"issued_at\":\"2025-09-26T07:12:05+07:00\"},"                                                  \
  "\"booking\":{\"code\":\"GCAD\",\"name\":\"Nguyễn Văn An\",\"cccd\":\"012345678901\","        \
  "\"date\":\"2025-09-26\",\"slot\":{\"id\":\"0730-0930\",\"start\":\"07:30\",\"end\":\"09:30\"}}" \
  ","                                                                                              \
  "\"waiting_before\":3}"

#define WALK_IN_BODY                                                                               \
  "{\"ticket\":{\"id\":\"t-43\",\"number\":\"B001\",\"kind\":\"walk_in\","                         \
  "\"field\":{\"id\":\"ho-tich\",\"name\":\"Hộ "                                                 \
  "tịch\"},\"issued_at\":\"2025-09-26T07:13:00+07:00\"},"                                        \
  "\"waiting_before\":0}"

static void
test_me (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LkKioskInfo) info = lk_wire_parse_me (ME_BODY, strlen (ME_BODY), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (info->kiosk_id, ==, "kiosk-pho-yen-1");
  g_assert_cmpstr (info->kiosk_name, ==, "Ki-ốt sảnh chính");
  g_assert_cmpstr (info->unit_id, ==, "phuong-pho-yen");
  g_assert_cmpstr (info->unit_name, ==, "Phường Phổ Yên");
  g_assert_cmpuint (info->fields->len, ==, 2);
  LkField *second = g_ptr_array_index (info->fields, 1);
  g_assert_cmpstr (second->id, ==, "ho-tich");
  g_assert_cmpstr (second->name, ==, "Hộ tịch");
  g_assert_cmpstr (second->prefix, ==, "B");
}

static void
test_checkin_ticket (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LkTicket) t = lk_wire_parse_ticket (CHECKIN_BODY, strlen (CHECKIN_BODY), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (t->id, ==, "t-42");
  g_assert_cmpstr (t->number, ==, "A1002");
  g_assert_false (t->walk_in);
  g_assert_cmpstr (t->field_id, ==, "chung-thuc");
  g_assert_cmpstr (t->field_name, ==, "Chứng thực");
  g_assert_cmpstr (t->issued_at, ==, "2025-09-26T07:12:05+07:00");
  g_assert_cmpint (t->waiting_before, ==, 3);
  g_assert_cmpstr (t->booking_code, ==, "GCAD");
  g_assert_cmpstr (t->booking_name, ==, "Nguyễn Văn An");
  g_assert_cmpstr (t->booking_cccd, ==, "012345678901");
  g_assert_cmpstr (t->booking_date, ==, "2025-09-26");
  g_assert_cmpstr (t->slot_start, ==, "07:30");
  g_assert_cmpstr (t->slot_end, ==, "09:30");

  g_autoptr (LkTicket) copy = lk_ticket_copy (t);
  g_assert_cmpstr (copy->number, ==, "A1002");
  g_assert_cmpstr (copy->slot_end, ==, "09:30");
}

static void
test_walk_in_ticket (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LkTicket) t = lk_wire_parse_ticket (WALK_IN_BODY, strlen (WALK_IN_BODY), &error);

  g_assert_no_error (error);
  g_assert_true (t->walk_in);
  g_assert_cmpstr (t->number, ==, "B001");
  g_assert_null (t->booking_code);
  g_assert_cmpint (t->waiting_before, ==, 0);
}

/* Bodies that break the contract: each must be refused, never half-read. */
static const char *const bad_ticket_bodies[] = {
  "",
  "null",
  "[]",
  "{",
  "{\"ticket\":{}}",
  "{\"ticket\":{\"id\":\"t\",\"kind\":\"walk_in\"}}",                       /* no number */
  "{\"ticket\":{\"id\":\"t\",\"number\":\"A1\"}}",                          /* no kind */
  "{\"ticket\":{\"id\":\"t\",\"number\":\"A1\",\"kind\":\"vip\"}}",         /* unknown kind */
  "{\"ticket\":{\"id\":\"t\",\"number\":\"A1\",\"kind\":\"appointment\"}}", /* no booking */
  "{\"ticket\":{\"id\":7,\"number\":\"A1\",\"kind\":\"walk_in\"}}",         /* id not a string */
  "{\"ticket\":{\"id\":\"t\",\"number\":\"A12345678901234567\",\"kind\":\"walk_in\"}}",
  "{\"ticket\":{\"id\":\"t\",\"number\":\"A1\",\"kind\":\"walk_in\"}} trailing",
  "{\"ticket\":{\"id\":\"t\",\"number\":\"A\xff\",\"kind\":\"walk_in\"}}", /* not UTF-8 */
};

static void
test_bad_ticket (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad_ticket_bodies); i++)
    {
      g_autoptr (GError) error = NULL;
      const char *body = bad_ticket_bodies[i];
      LkTicket *t = lk_wire_parse_ticket (body, strlen (body), &error);
      if (t != NULL)
        g_error ("accepted bad body %zu: %s", i, body);
      g_assert_error (error, LK_CLIENT_ERROR, LK_CLIENT_ERROR_PROTOCOL);
    }
}

static void
test_bad_me (void)
{
  const char *bodies[] = {
    "{}", "{\"kiosk\":{\"id\":\"k\"},\"unit\":{\"id\":\"u\",\"name\":\"U\"}}", /* no fields */
    "{\"kiosk\":{\"id\":\"k\"},\"unit\":{\"id\":\"u\",\"name\":\"U\",\"fields\":[{}]}}",
    "{\"unit\":{\"id\":\"u\",\"name\":\"U\",\"fields\":[]}}", /* no kiosk */
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr (GError) error = NULL;
      g_assert_null (lk_wire_parse_me (bodies[i], strlen (bodies[i]), &error));
      g_assert_error (error, LK_CLIENT_ERROR, LK_CLIENT_ERROR_PROTOCOL);
    }
}

typedef struct
{
  long status;
  const char *body;
  int code;
  const char *message;
} ErrorCase;

static const ErrorCase error_cases[] = {
  { 409,
    "{\"error\":{\"code\":\"code_invalid_or_used\",\"message\":\"Mã đặt chỗ không hợp lệ hoặc đã "
    "được sử dụng\"}}",
    LK_CLIENT_ERROR_CODE_INVALID_OR_USED, "Mã đặt chỗ không hợp lệ hoặc đã được sử dụng" },
  { 422,
    "{\"error\":{\"code\":\"too_early\",\"message\":\"Chưa đến giờ check-in: từ 07:00 đến "
    "09:30\"}}",
    LK_CLIENT_ERROR_TOO_EARLY, "Chưa đến giờ check-in: từ 07:00 đến 09:30" },
  { 422, "{\"error\":{\"code\":\"TOO_LATE\",\"message\":\"Đã quá giờ\"}}", LK_CLIENT_ERROR_TOO_LATE,
    "Đã quá giờ" },
  { 400,
    "{\"error\":{\"code\":\"invalid_input\",\"message\":\"Dữ liệu không hợp "
    "lệ\",\"field\":\"input\"}}",
    LK_CLIENT_ERROR_INVALID_INPUT, "Dữ liệu không hợp lệ" },
  { 422, "{\"error\":{\"code\":\"closed\",\"message\":\"Ngoài giờ làm việc: 07:00–11:30\"}}",
    LK_CLIENT_ERROR_CLOSED, "Ngoài giờ làm việc: 07:00–11:30" },
  { 422, "{\"error\":{\"code\":\"closed\"}}", LK_CLIENT_ERROR_CLOSED, "Ngoài giờ làm việc" },
  { 503, "{\"error\":{\"code\":\"unavailable\",\"message\":\"Ổ đĩa đầy\"}}",
    LK_CLIENT_ERROR_UNAVAILABLE, "Hệ thống đang bận, vui lòng thử lại" },
  { 503, "Service Unavailable", LK_CLIENT_ERROR_UNAVAILABLE,
    "Hệ thống đang bận, vui lòng thử lại" },
  { 409, "{\"error\":{\"code\":\"something_new\",\"message\":\"Mới\"}}", LK_CLIENT_ERROR_OTHER,
    "Mới" },
  { 401, "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Chưa xác thực\"}}",
    LK_CLIENT_ERROR_UNAUTHORIZED, "Chưa xác thực" },
  /* the kiosk routes never answer forbidden: a contract code the kiosk does not act on */
  { 403, "{\"error\":{\"code\":\"forbidden\",\"message\":\"Cấm\"}}", LK_CLIENT_ERROR_OTHER, "Cấm" },
  { 403, "Forbidden", LK_CLIENT_ERROR_UNAUTHORIZED,
    "Ki-ốt chưa được cấp quyền, vui lòng báo cán bộ hỗ trợ" },
  { 409, "{\"error\":{\"code\":\"slot_full\"}}", LK_CLIENT_ERROR_OTHER,
    "Yêu cầu không thực hiện được, vui lòng báo cán bộ hỗ trợ" },
  { 422, "{\"error\":{\"code\":\"Closed\",\"message\":\"Ngoài giờ\"}}", LK_CLIENT_ERROR_CLOSED,
    "Ngoài giờ" },
  { 401, "Unauthorized", LK_CLIENT_ERROR_UNAUTHORIZED,
    "Ki-ốt chưa được cấp quyền, vui lòng báo cán bộ hỗ trợ" },
  { 429, "{\"error\":{\"code\":\"rate_limited\"}}", LK_CLIENT_ERROR_RATE_LIMITED,
    "Hệ thống đang bận, vui lòng thử lại sau ít phút" },
  { 500, "", LK_CLIENT_ERROR_INTERNAL, "Máy chủ đang gặp sự cố, vui lòng thử lại sau" },
  { 502, "<html>Bad gateway</html>", LK_CLIENT_ERROR_INTERNAL,
    "Máy chủ đang gặp sự cố, vui lòng thử lại sau" },
  { 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"a\\nb\"}}", LK_CLIENT_ERROR_NOT_FOUND,
    "Yêu cầu không thực hiện được, vui lòng báo cán bộ hỗ trợ" },
};

static void
test_errors (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      const ErrorCase *c = &error_cases[i];
      g_autoptr (GError) error = NULL;
      lk_wire_set_error_from_reply (&error, c->status, c->body, strlen (c->body));
      g_assert_error (error, LK_CLIENT_ERROR, c->code);
      g_assert_cmpstr (error->message, ==, c->message);
    }
}

static void
test_format_instant (void)
{
  g_autofree char *a = lk_wire_format_instant ("2025-09-26T07:12:05+07:00");
  g_autofree char *b = lk_wire_format_instant ("2025-09-26T07:12");
  g_assert_cmpstr (a, ==, "26/09/2025 07:12");
  g_assert_null (b);
  g_assert_null (lk_wire_format_instant (NULL));
}

static void
test_idempotency_key (void)
{
  g_autofree char *a = lk_client_new_idempotency_key ();
  g_autofree char *b = lk_client_new_idempotency_key ();

  g_assert_cmpuint (strlen (a), ==, 32);
  g_assert_cmpuint (strspn (a, "0123456789abcdef"), ==, 32);
  g_assert_cmpstr (a, !=, b);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  g_test_add_func ("/layso/kiosk/wire/me", test_me);
  g_test_add_func ("/layso/kiosk/wire/bad-me", test_bad_me);
  g_test_add_func ("/layso/kiosk/wire/checkin-ticket", test_checkin_ticket);
  g_test_add_func ("/layso/kiosk/wire/walk-in-ticket", test_walk_in_ticket);
  g_test_add_func ("/layso/kiosk/wire/bad-ticket", test_bad_ticket);
  g_test_add_func ("/layso/kiosk/wire/errors", test_errors);
  g_test_add_func ("/layso/kiosk/wire/format-instant", test_format_instant);
  g_test_add_func ("/layso/kiosk/wire/idempotency-key", test_idempotency_key);
  return g_test_run ();
}
