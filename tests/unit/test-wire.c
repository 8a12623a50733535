/* wire.h: the contract's vocabulary both ways, and the check-in input, as tables. */
#include "wire.h"

#include "cccd-qr.h"

#include <errno.h>
#include <glib.h>

static const struct
{
  LaysoWireError error;
  const char *code;
  unsigned status;
} error_cases[] = {
  { LAYSO_WIRE_INVALID_INPUT, "invalid_input", 400 },
  { LAYSO_WIRE_UNAUTHORIZED, "unauthorized", 401 },
  { LAYSO_WIRE_FORBIDDEN, "forbidden", 403 },
  { LAYSO_WIRE_NOT_FOUND, "not_found", 404 },
  { LAYSO_WIRE_METHOD_NOT_ALLOWED, "method_not_allowed", 405 },
  { LAYSO_WIRE_SLOT_FULL, "slot_full", 409 },
  { LAYSO_WIRE_DUPLICATE_BOOKING, "duplicate_booking", 409 },
  { LAYSO_WIRE_CODE_INVALID_OR_USED, "code_invalid_or_used", 409 },
  { LAYSO_WIRE_PAYLOAD_TOO_LARGE, "payload_too_large", 413 },
  { LAYSO_WIRE_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", 415 },
  { LAYSO_WIRE_DATE_NOT_BOOKABLE, "date_not_bookable", 422 },
  { LAYSO_WIRE_TOO_EARLY, "too_early", 422 },
  { LAYSO_WIRE_TOO_LATE, "too_late", 422 },
  { LAYSO_WIRE_CLOSED, "closed", 422 },
  { LAYSO_WIRE_RATE_LIMITED, "rate_limited", 429 },
  { LAYSO_WIRE_INTERNAL, "internal", 500 },
  { LAYSO_WIRE_UNAVAILABLE, "unavailable", 503 },
};

static void
test_errors (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (error_cases), ==, LAYSO_WIRE_N_ERRORS);
  for (size_t i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      LaysoWireError back;
      g_test_message ("%s", error_cases[i].code);
      g_assert_cmpstr (layso_wire_error_to_string (error_cases[i].error), ==, error_cases[i].code);
      g_assert_cmpuint (layso_wire_error_http_status (error_cases[i].error), ==,
                        error_cases[i].status);
      g_assert_true (g_utf8_validate (layso_wire_error_message (error_cases[i].error), -1, NULL));
      g_assert_cmpint (layso_wire_error_from_string (error_cases[i].code, &back), ==, 0);
      g_assert_cmpint (back, ==, error_cases[i].error);
    }
}

static void
test_error_strings (void)
{
  static const struct
  {
    const char *code;
    int r;
    LaysoWireError error;
  } cases[] = {
    { "too_late", 0, LAYSO_WIRE_TOO_LATE },
    { "TOO_LATE", 0, LAYSO_WIRE_TOO_LATE },
    { "Closed", 0, LAYSO_WIRE_CLOSED },
    { "too-late", -EINVAL, 0 },
    { "too_late ", -EINVAL, 0 },
    { "", -EINVAL, 0 },
    { NULL, -EINVAL, 0 },
    { "something_new", -EINVAL, 0 },
    { "queue_empty", -EINVAL, 0 }, /* not yet in the contract the server speaks */
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LaysoWireError e = LAYSO_WIRE_N_ERRORS;
      g_assert_cmpint (layso_wire_error_from_string (cases[i].code, &e), ==, cases[i].r);
      g_assert_cmpint (e, ==, cases[i].r == 0 ? cases[i].error : LAYSO_WIRE_N_ERRORS);
    }
  g_assert_null (layso_wire_error_to_string (LAYSO_WIRE_N_ERRORS));
  g_assert_cmpuint (layso_wire_error_http_status (LAYSO_WIRE_N_ERRORS), ==, 500);
}

static void
test_statuses (void)
{
  static const struct
  {
    const char *s;
    int r;
    LaysoBookingStatus status;
  } cases[] = {
    { "booked", 0, LAYSO_BOOKING_BOOKED },
    { "checked_in", 0, LAYSO_BOOKING_CHECKED_IN },
    { "cancelled", 0, LAYSO_BOOKING_CANCELLED },
    { "expired", 0, LAYSO_BOOKING_EXPIRED },
    { "Booked", -EINVAL, 0 },
    { "canceled", -EINVAL, 0 },
    { "checked-in", -EINVAL, 0 },
    { "", -EINVAL, 0 },
    { NULL, -EINVAL, 0 },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LaysoBookingStatus st = LAYSO_BOOKING_N_STATUSES;
      g_assert_cmpint (layso_booking_status_from_string (cases[i].s, &st), ==, cases[i].r);
      if (cases[i].r == 0)
        {
          g_assert_cmpint (st, ==, cases[i].status);
          g_assert_cmpstr (layso_booking_status_to_string (st), ==, cases[i].s);
        }
      else
        g_assert_cmpint (st, ==, LAYSO_BOOKING_N_STATUSES);
    }
  g_assert_null (layso_booking_status_to_string (LAYSO_BOOKING_N_STATUSES));
}

static void
test_kinds (void)
{
  LaysoTicketKind k = 99;
  g_assert_cmpstr (layso_ticket_kind_to_string (LAYSO_TICKET_APPOINTMENT), ==, "appointment");
  g_assert_cmpstr (layso_ticket_kind_to_string (LAYSO_TICKET_WALK_IN), ==, "walk_in");
  g_assert_null (layso_ticket_kind_to_string (99));
  g_assert_cmpint (layso_ticket_kind_from_string ("walk_in", &k), ==, 0);
  g_assert_cmpint (k, ==, LAYSO_TICKET_WALK_IN);
  g_assert_cmpint (layso_ticket_kind_from_string ("appointment", &k), ==, 0);
  g_assert_cmpint (k, ==, LAYSO_TICKET_APPOINTMENT);
  g_assert_cmpint (layso_ticket_kind_from_string ("walk-in", &k), ==, -EINVAL);
  g_assert_cmpint (layso_ticket_kind_from_string ("WALK_IN", &k), ==, -EINVAL);
  g_assert_cmpint (layso_ticket_kind_from_string (NULL, &k), ==, -EINVAL);
  g_assert_cmpint (k, ==, LAYSO_TICKET_APPOINTMENT);
}

#define CARD "012345678901|123456789|Nguyễn Văn A|01011990|Nam|Phường Phổ Yên|01012021"

static const struct
{
  const char *raw;
  int r;
  LaysoCheckinInputKind kind;
  const char *value;
} input_cases[] = {
  { "GCAD", 0, LAYSO_CHECKIN_INPUT_CODE, "GCAD" },
  { "gcad", 0, LAYSO_CHECKIN_INPUT_CODE, "GCAD" },
  { "  gCaD\n", 0, LAYSO_CHECKIN_INPUT_CODE, "GCAD" },
  { "2345", 0, LAYSO_CHECKIN_INPUT_CODE, "2345" },
  { "ZZ99", 0, LAYSO_CHECKIN_INPUT_CODE, "ZZ99" },
  { "G0AD", -EBADMSG, 0, NULL }, /* 0 is not in the alphabet */
  { "GOAD", -EBADMSG, 0, NULL }, /* nor O */
  { "G1AD", -EBADMSG, 0, NULL },
  { "GIAD", -EBADMSG, 0, NULL },
  { "GLAD", -EBADMSG, 0, NULL },
  { "gc d", -EBADMSG, 0, NULL },
  { "a|b|", -EBADMSG, 0, NULL },
  { "0000", -EBADMSG, 0, NULL },
  { "GCA", -EINVAL, 0, NULL },
  { "GCADE", -EINVAL, 0, NULL },
  { "Đức", -EINVAL, 0, NULL },  /* 6 bytes */
  { "Đab", -EBADMSG, 0, NULL }, /* 4 bytes, not a code */
  { "012345678901", 0, LAYSO_CHECKIN_INPUT_CCCD, "012345678901" },
  { " 123456232324 ", 0, LAYSO_CHECKIN_INPUT_CCCD, "123456232324" },
  { "\t001099012345\r\n", 0, LAYSO_CHECKIN_INPUT_CCCD, "001099012345" },
  { "01234567890", -EINVAL, 0, NULL },
  { "0123456789012", -EINVAL, 0, NULL },
  { "01234567890a", -EINVAL, 0, NULL },
  { "0123 5678901", -EINVAL, 0, NULL },
  { "********8901", -EINVAL, 0, NULL }, /* a mask is no CCCD */
  { "+84987654321", -EINVAL, 0, NULL },
  { CARD, 0, LAYSO_CHECKIN_INPUT_CARD, "012345678901" },
  { CARD "\n", 0, LAYSO_CHECKIN_INPUT_CARD, "012345678901" },
  { "012345678901||Nguyễn Văn A|01011990|Nam|Hà Nội", 0, LAYSO_CHECKIN_INPUT_CARD, "012345678901" },
  { "01234567890|x|y|z|w|v", -EINVAL, 0, NULL }, /* field 0 not 12 digits */
  { "012345678901|a|b", -EINVAL, 0, NULL },      /* too few fields */
  { "|", -EINVAL, 0, NULL },
  { "", -EINVAL, 0, NULL },
  { "   ", -EINVAL, 0, NULL },
  { NULL, -EINVAL, 0, NULL },
};

static void
test_checkin_input (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (input_cases); i++)
    {
      LaysoCheckinInput in = { .kind = 99, .value = "untouched" };
      g_test_message ("case %zu: %s", i, input_cases[i].raw ? input_cases[i].raw : "(null)");
      g_assert_cmpint (layso_checkin_input_parse (input_cases[i].raw, &in), ==, input_cases[i].r);
      if (input_cases[i].r == 0)
        {
          g_assert_cmpint (in.kind, ==, input_cases[i].kind);
          g_assert_cmpstr (in.value, ==, input_cases[i].value);
        }
      else
        {
          g_assert_cmpint (in.kind, ==, 99);
          g_assert_cmpstr (in.value, ==, "untouched");
        }
    }
}

static void
test_checkin_input_too_long (void)
{
  g_autofree char *huge = g_strnfill (LAYSO_CCCD_QR_MAX_BYTES + 1, '|');
  LaysoCheckinInput in;
  g_assert_cmpint (layso_checkin_input_parse (huge, &in), ==, -EINVAL);
}

static void
test_cccd_masked (void)
{
  char buf[LAYSO_CCCD_LEN + 1];
  g_assert_cmpstr (layso_cccd_masked ("012345678901", buf), ==, "********8901");
  g_assert_true (layso_cccd_masked ("012345678901", buf) == buf);
  g_assert_cmpstr (layso_cccd_masked ("0123****8901", buf), ==, "********8901");
  g_assert_null (layso_cccd_masked (NULL, buf));
  g_assert_null (layso_cccd_masked ("", buf));
  g_assert_null (layso_cccd_masked ("01234567890", buf));
  g_assert_null (layso_cccd_masked ("0123456789ab", buf));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/wire/errors", test_errors);
  g_test_add_func ("/layso/wire/error-strings", test_error_strings);
  g_test_add_func ("/layso/wire/statuses", test_statuses);
  g_test_add_func ("/layso/wire/kinds", test_kinds);
  g_test_add_func ("/layso/wire/checkin-input", test_checkin_input);
  g_test_add_func ("/layso/wire/checkin-input-too-long", test_checkin_input_too_long);
  g_test_add_func ("/layso/wire/cccd-masked", test_cccd_masked);
  return g_test_run ();
}
