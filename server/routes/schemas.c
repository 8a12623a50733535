/* Route body schemas (routes/schemas.h). Kept apart from the handlers so the fuzzer can
 * link them without the store and the rest of the server. The checks are the pure
 * validators of common/ (validate.h, clock.h); messages are the ones the pages show. */
#include "routes/schemas.h"

#include "clock.h"
#include "codes.h"
#include "slots.h"
#include "validate.h"

#include <stddef.h>
#include <string.h>

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

#define INT(struct_, member, lo, hi, message)                                                      \
  {                                                                                                \
    .name = #member, .type = LS_JSON_INT, .required = true, .offset = offsetof (struct_, member),  \
    .min = (lo), .max = (hi), .check_message = (message)                                           \
  }

#define MUST_FILL .not_blank = true

/* Usernames: 3-64 of a-z 0-9 . _ - (what a staff member types at a counter). */
static bool
username_valid (const char *s)
{
  size_t n = strlen (s);
  if (n < 3 || n > LS_USERNAME_MAX_BYTES)
    return false;
  for (const char *p = s; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && !strchr ("._-", *p))
      return false;
  return true;
}

static bool
role_valid (const char *s)
{
  return strcmp (s, "admin") == 0 || strcmp (s, "manager") == 0 || strcmp (s, "staff") == 0;
}

static bool
password_long_enough (const char *s)
{
  return g_utf8_strlen (s, -1) >= LS_PASSWORD_MIN_LEN;
}

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

const LsJsonField ls_schema_login[] = {
  STRING (LsLoginBody, username, true, LS_USERNAME_MAX_BYTES),
  STRING (LsLoginBody, password, true, LS_PASSWORD_MAX_LEN),
  LS_JSON_FIELD_END,
};

const LsJsonField ls_schema_staff_user[] = {
  STRING (LsStaffUserBody, username, true, LS_USERNAME_MAX_BYTES, .check = username_valid,
          .check_message = "Tên đăng nhập gồm 3-64 ký tự a-z, 0-9, dấu chấm, gạch"),
  STRING (LsStaffUserBody, name, true, 200, MUST_FILL),
  STRING (LsStaffUserBody, role, true, 16, .check = role_valid,
          .check_message = "Vai trò không hợp lệ"),
  STRING (LsStaffUserBody, unit, false, 128),
  STRING (LsStaffUserBody, password, true, LS_PASSWORD_MAX_LEN, .check = password_long_enough,
          .check_message = "Mật khẩu cần ít nhất 8 ký tự"),
  LS_JSON_FIELD_END,
};

const LsJsonField ls_schema_transfer[] = {
  STRING (LsTransferBody, field, true, 128, MUST_FILL),
  LS_JSON_FIELD_END,
};

const LsJsonField ls_schema_counter[] = {
  STRING (LsCounterBody, name, true, 100, MUST_FILL),
  INT (LsCounterBody, number, 1, LS_COUNTER_NUMBER_MAX, "Số quầy từ 1 đến 999"),
  { .name = "fields",
    .type = LS_JSON_STRINGS,
    .required = true,
    .max_len = 128,
    .offset = offsetof (LsCounterBody, fields) },
  LS_JSON_FIELD_END,
};

#define POLICY_RANGE "Giá trị ngoài khoảng cho phép"
const LsJsonField ls_schema_queue_policy[] = {
  INT (LsQueuePolicyBody, appointments_per_walk_in, 0, 20, POLICY_RANGE),
  INT (LsQueuePolicyBody, max_wait_minutes, 0, 600, POLICY_RANGE),
  INT (LsQueuePolicyBody, recall_limit, 1, 10, POLICY_RANGE),
  INT (LsQueuePolicyBody, recall_gap_seconds, 0, 600, POLICY_RANGE),
  LS_JSON_FIELD_END,
};

static bool
hours_valid (const char *s)
{
  LaysoPeriod p[LAYSO_MAX_PERIODS];
  size_t n;
  return layso_periods_parse (s, p, &n) == 0;
}

static bool
hhmm_valid (const char *s)
{
  int m;
  return layso_hhmm_parse (s, &m) == 0;
}

static bool
prefix_valid (const char *s)
{
  return s[0] >= 'A' && s[0] <= 'Z' && s[1] == '\0';
}

static bool
date_valid (const char *s)
{
  GDate d;
  return layso_date_parse (s, &d);
}

const LsJsonField ls_schema_admin_province[] = {
  STRING (LsAdminProvinceBody, province, true, 200, MUST_FILL,
          .check = layso_province_name_is_valid, .check_message = "Tên tỉnh gồm 2-60 chữ cái"),
  LS_JSON_FIELD_END,
};

const LsJsonField ls_schema_admin_retention[] = {
  INT (LsAdminRetentionBody, retention_days, 1, LS_RETENTION_DAYS_MAX,
       "Thời gian lưu từ 1 đến 3650 ngày"),
  LS_JSON_FIELD_END,
};

#define UNIT_RANGE "Giá trị ngoài khoảng cho phép"
const LsJsonField ls_schema_admin_unit[] = {
  STRING (LsAdminUnitBody, name, true, 200, MUST_FILL),
  STRING (LsAdminUnitBody, address, true, 400, MUST_FILL),
  STRING (LsAdminUnitBody, opening_hours, true, 200, .check = hours_valid,
          .check_message = "Giờ mở cửa dạng 07:00-11:30,13:00-17:00, theo thứ tự"),
  BOOL (LsAdminUnitBody, saturday, true),
  INT (LsAdminUnitBody, checkin_lead_minutes, 0, 240, UNIT_RANGE),
  INT (LsAdminUnitBody, horizon_days, 1, 60, UNIT_RANGE),
  INT (LsAdminUnitBody, max_active_per_cccd, 1, 10, UNIT_RANGE),
  INT (LsAdminUnitBody, max_active_per_cccd_unit, 1, 30, UNIT_RANGE),
  INT (LsAdminUnitBody, minutes_per_ticket, 1, 120, UNIT_RANGE),
  LS_JSON_FIELD_END,
};

static bool
range_valid (const char *s)
{
  LaysoNumberRange r;
  return layso_number_range_parse (s, &r) == 0;
}

#define RANGE_MESSAGE "Dãy số dạng 1-999, từ 1 đến 9999"
const LsJsonField ls_schema_admin_field[] = {
  STRING (LsAdminFieldBody, name, true, 200, MUST_FILL),
  STRING (LsAdminFieldBody, prefix, true, 8, .check = prefix_valid,
          .check_message = "Chữ cái đầu số là một chữ A-Z"),
  STRING (LsAdminFieldBody, walk_in_numbers, false, 32, .check = range_valid,
          .check_message = RANGE_MESSAGE),
  STRING (LsAdminFieldBody, appointment_numbers, false, 32, .check = range_valid,
          .check_message = RANGE_MESSAGE),
  LS_JSON_FIELD_END,
};

const LsJsonField ls_schema_admin_slot[] = {
  STRING (LsAdminSlotBody, start, true, 8, .check = hhmm_valid,
          .check_message = "Giờ bắt đầu dạng HH:MM"),
  STRING (LsAdminSlotBody, end, true, 8, .check = hhmm_valid,
          .check_message = "Giờ kết thúc dạng HH:MM"),
  INT (LsAdminSlotBody, capacity, 0, 500, "Sức chứa từ 0 đến 500"),
  { .name = "weekdays",
    .type = LS_JSON_STRINGS,
    .required = true,
    .max_len = 8,
    .offset = offsetof (LsAdminSlotBody, weekdays) },
  BOOL (LsAdminSlotBody, confirm, false),
  LS_JSON_FIELD_END,
};

const LsJsonField ls_schema_admin_closed_day[] = {
  STRING (LsAdminClosedDayBody, date, true, 16, .check = date_valid,
          .check_message = "Ngày dạng YYYY-MM-DD"),
  BOOL (LsAdminClosedDayBody, confirm, false),
  LS_JSON_FIELD_END,
};

const LsJsonField ls_schema_admin_calendar[] = {
  { .name = "tet",
    .type = LS_JSON_STRINGS,
    .max_len = 16,
    .offset = offsetof (LsAdminCalendarBody, tet) },
  STRING (LsAdminCalendarBody, national_day_extra, false, 16, .check = date_valid,
          .check_message = "Ngày dạng YYYY-MM-DD"),
  { .name = "swaps",
    .type = LS_JSON_STRINGS,
    .max_len = 32,
    .offset = offsetof (LsAdminCalendarBody, swaps) },
  BOOL (LsAdminCalendarBody, confirm, false),
  LS_JSON_FIELD_END,
};

const LsJsonField ls_schema_admin_notice[] = {
  STRING (LsAdminNoticeBody, title, true, 300, MUST_FILL),
  STRING (LsAdminNoticeBody, body, true, 4000, MUST_FILL),
  LS_JSON_FIELD_END,
};

const LsJsonField ls_schema_admin_kiosk[] = {
  STRING (LsAdminKioskBody, id, true, 64, MUST_FILL),
  STRING (LsAdminKioskBody, name, true, 200, MUST_FILL),
  LS_JSON_FIELD_END,
};

const LsJsonField ls_schema_staff_password[] = {
  STRING (LsStaffPasswordBody, password, true, LS_PASSWORD_MAX_LEN, .check = password_long_enough,
          .check_message = "Mật khẩu cần ít nhất 8 ký tự"),
  LS_JSON_FIELD_END,
};

const LsJsonField *const ls_schemas[] = {
  ls_schema_login,
  ls_schema_staff_user,
  ls_schema_transfer,
  ls_schema_counter,
  ls_schema_queue_policy,
  ls_schema_booking_create,
  ls_schema_booking_cancel,
  ls_schema_kiosk_checkin,
  ls_schema_kiosk_walk_in,
  ls_schema_kiosk_print,
  ls_schema_dev_clock,
  ls_schema_admin_province,
  ls_schema_admin_retention,
  ls_schema_admin_unit,
  ls_schema_admin_field,
  ls_schema_admin_slot,
  ls_schema_admin_closed_day,
  ls_schema_admin_calendar,
  ls_schema_admin_notice,
  NULL,
};
