/* Route body schemas (routes/schemas.h). Kept apart from the handlers so the fuzzer can
 * link them without the store and the rest of the server. The checks are the pure
 * validators of common/ (validate.h, clock.h); messages are the ones the pages show. */
#include "routes/schemas.h"

#include "clock.h"
#include "validate.h"

#include <stddef.h>

static bool
name_valid (const char *s)
{
  g_autofree char *nfc = NULL;
  return layso_name_normalize (s, &nfc) == 0;
}

/* optional: "" is as good as absent */
static bool
phone_valid (const char *s)
{
  char phone[LAYSO_PHONE_LEN + 1];
  return !*s || layso_phone_normalize (s, phone) == 0;
}

static bool
instant_valid (const char *s)
{
  g_autoptr (GDateTime) t = layso_rfc3339_parse (s);
  return t != NULL;
}

#define STRING(struct_, member, req, max, ...)                                                     \
  {                                                                                                \
    .name = #member, .type = LS_JSON_STRING, .required = (req), .max_len = (max),                  \
    .offset = offsetof (struct_, member), __VA_ARGS__                                              \
  }
#define BOOL(struct_, member, req)                                                                 \
  {                                                                                                \
    .name = #member, .type = LS_JSON_BOOL, .required = (req), .offset = offsetof (struct_, member) \
  }

#define MUST_FILL .not_blank = true

const LsJsonField ls_schema_booking_create[] = {
  STRING (LsBookingCreateBody, name, true, 400, MUST_FILL, .check = name_valid,
          .check_message = "Họ và tên không hợp lệ"),
  STRING (LsBookingCreateBody, cccd, true, 32, MUST_FILL, .check = layso_cccd_is_valid,
          .check_message = "Số căn cước công dân phải gồm đúng 12 chữ số"),
  STRING (LsBookingCreateBody, phone, false, 32, .check = phone_valid,
          .check_message = "Số điện thoại phải bắt đầu bằng 0 và có 10 chữ số"),
  STRING (LsBookingCreateBody, unit, true, 128, MUST_FILL),
  STRING (LsBookingCreateBody, field, true, 128, MUST_FILL),
  STRING (LsBookingCreateBody, date, true, 32, MUST_FILL),
  STRING (LsBookingCreateBody, slot, true, 128, MUST_FILL),
  BOOL (LsBookingCreateBody, consent, true),
  LS_JSON_FIELD_END,
};

const LsJsonField ls_schema_booking_cancel[] = {
  STRING (LsBookingCancelBody, cccd, true, 32),
  LS_JSON_FIELD_END,
};

const LsJsonField ls_schema_kiosk_checkin[] = {
  STRING (LsKioskCheckinBody, input, true, 64),
  LS_JSON_FIELD_END,
};

const LsJsonField ls_schema_kiosk_walk_in[] = {
  STRING (LsKioskWalkInBody, field, true, 128),
  BOOL (LsKioskWalkInBody, priority, false),
  LS_JSON_FIELD_END,
};

const LsJsonField ls_schema_kiosk_print[] = {
  BOOL (LsKioskPrintBody, ok, true),
  STRING (LsKioskPrintBody, reason, false, 200),
  LS_JSON_FIELD_END,
};

const LsJsonField ls_schema_dev_clock[] = {
  STRING (LsDevClockBody, now, true, 64, .check = instant_valid,
          .check_message = "Thời điểm phải theo RFC 3339"),
  LS_JSON_FIELD_END,
};

const LsJsonField *const ls_schemas[] = {
  ls_schema_booking_create,
  ls_schema_booking_cancel,
  ls_schema_kiosk_checkin,
  ls_schema_kiosk_walk_in,
  ls_schema_kiosk_print,
  ls_schema_dev_clock,
  NULL,
};
