/* The JSON body of each route that takes one (routes/schemas.c): a struct the handler reads
 * and the table that declares its members once (name, type, required, limit, offset,
 * check), decoded by ls_body_decode_or_reply (routes/body.h). Shared by the handlers and the
 * fuzzer (tests/fuzz/fuzz-jsonbody.c runs every body against all of them: add a new table
 * to ls_schemas as well). */
#pragma once

#include "http/jsonbody.h"

#include <glib.h>

/* POST /api/v1/bookings: name (a valid full name), cccd (12 digits), phone (optional, a
 * phone number as people type it), unit, field, date, slot, consent. */
typedef struct
{
  const char *name, *cccd, *phone, *unit, *field, *date, *slot;
  bool consent;
} LsBookingCreateBody;
extern const LsJsonField ls_schema_booking_create[];

/* POST /api/v1/bookings/{code}/cancel (the CCCD is checked by the owner look-up) */
typedef struct
{
  const char *cccd;
} LsBookingCancelBody;
extern const LsJsonField ls_schema_booking_cancel[];

/* POST /api/v1/kiosk/checkin (the input is read by layso_checkin_input_parse) */
typedef struct
{
  const char *input;
} LsKioskCheckinBody;
extern const LsJsonField ls_schema_kiosk_checkin[];

/* POST /api/v1/kiosk/tickets */
typedef struct
{
  const char *field;
  bool priority;
} LsKioskWalkInBody;
extern const LsJsonField ls_schema_kiosk_walk_in[];

/* POST /api/v1/kiosk/tickets/{id}/print-result */
typedef struct
{
  bool ok;
  const char *reason;
} LsKioskPrintBody;
extern const LsJsonField ls_schema_kiosk_print[];

/* POST /api/v1/dev/clock: now, an RFC 3339 instant */
typedef struct
{
  const char *now;
} LsDevClockBody;
extern const LsJsonField ls_schema_dev_clock[];

/* --- staff (routes/staff.c, staff-accounts.c, queue.c, queue-settings.c) ----------------- */

#define LS_PASSWORD_MIN_LEN   8   /* characters */
#define LS_PASSWORD_MAX_LEN   256 /* bytes */
#define LS_USERNAME_MAX_BYTES 64
#define LS_COUNTER_NUMBER_MAX 999

/* POST /api/v1/auth/login: checked only for size; a wrong shape signs nobody in */
typedef struct
{
  const char *username, *password;
} LsLoginBody;
extern const LsJsonField ls_schema_login[];

/* POST /api/v1/admin/users: username 3-64 of a-z 0-9 . _ -; role admin, manager or staff;
 * unit (checked against the catalog and the actor by the handler); password 8+ characters */
typedef struct
{
  const char *username, *name, *role, *unit, *password;
} LsStaffUserBody;
extern const LsJsonField ls_schema_staff_user[];

/* POST /api/v1/counters/{id}/transfer */
typedef struct
{
  const char *field;
} LsTransferBody;
extern const LsJsonField ls_schema_transfer[];

/* POST /api/v1/units/{unit}/counters: fields, ids of the unit's fields (the handler checks
 * them against the unit) */
typedef struct
{
  const char *name;
  gint64 number;
  json_object *fields;
} LsCounterBody;
extern const LsJsonField ls_schema_counter[];

/* POST /api/v1/units/{unit}/queue-policy: each value within its range */
typedef struct
{
  gint64 appointments_per_walk_in, max_wait_minutes, recall_limit, recall_gap_seconds;
} LsQueuePolicyBody;
extern const LsJsonField ls_schema_queue_policy[];

/* --- administration (routes/admin.c, admin-units.c) ------------------------------------- */

#define LS_RETENTION_DAYS_MAX 3650

/* POST /api/v1/admin/settings/province: the pages' brand ("Thái Nguyên") */
typedef struct
{
  const char *province;
} LsAdminProvinceBody;
extern const LsJsonField ls_schema_admin_province[];

/* POST /api/v1/admin/settings/retention: 1-3650 days */
typedef struct
{
  gint64 retention_days;
} LsAdminRetentionBody;
extern const LsJsonField ls_schema_admin_retention[];

/* POST /api/v1/admin/units/{unit}: every setting, each within its range; opening_hours as
 * layso_periods_parse reads it */
typedef struct
{
  const char *name, *address, *opening_hours;
  bool saturday;
  gint64 checkin_lead_minutes, horizon_days, max_active_per_cccd, max_active_per_cccd_unit,
      minutes_per_ticket;
} LsAdminUnitBody;
extern const LsJsonField ls_schema_admin_unit[];

/* POST /api/v1/admin/units/{unit}/fields/{field}: prefix one letter A-Z; the ticket number
 * ranges (layso_number_range_parse), both or neither, not overlapping (the handler) */
typedef struct
{
  const char *name, *prefix;
  const char *walk_in_numbers, *appointment_numbers; /* "1-999"; both or neither */
} LsAdminFieldBody;
extern const LsJsonField ls_schema_admin_field[];

/* POST /api/v1/admin/units/{unit}/slots/{slot}: start < end (HH:MM), capacity 0-500,
 * weekdays of "mon".."sun" (the handler reads them), confirm for a change that is in use */
typedef struct
{
  const char *start, *end;
  gint64 capacity;
  json_object *weekdays;
  bool confirm;
} LsAdminSlotBody;
extern const LsJsonField ls_schema_admin_slot[];

/* POST /api/v1/admin/units/{unit}/closed-days: date YYYY-MM-DD, confirm */
typedef struct
{
  const char *date;
  bool confirm;
} LsAdminClosedDayBody;
extern const LsJsonField ls_schema_admin_closed_day[];

/* POST /api/v1/admin/calendar/{year}: the year's official days, all of them (a member absent
 * or null: its default). tet: the Tết days off ("YYYY-MM-DD"); national_day_extra: 1/9 or
 * 3/9; swaps: "DAY_OFF>WORKED" pairs. The days themselves are checked by the handler
 * (layso_official_days_check). */
typedef struct
{
  json_object *tet, *swaps;
  const char *national_day_extra;
  bool confirm;
} LsAdminCalendarBody;
extern const LsJsonField ls_schema_admin_calendar[];

/* POST /api/v1/admin/units/{unit}/notices[/{id}] */
typedef struct
{
  const char *title, *body;
} LsAdminNoticeBody;
extern const LsJsonField ls_schema_admin_notice[];

/* POST /api/v1/admin/units/{unit}/kiosks: id (1-64 of a-z 0-9 -, checked by the handler) */
typedef struct
{
  const char *id, *name;
} LsAdminKioskBody;
extern const LsJsonField ls_schema_admin_kiosk[];

/* POST /api/v1/admin/users/{id}/password: 8+ characters */
typedef struct
{
  const char *password;
} LsStaffPasswordBody;
extern const LsJsonField ls_schema_staff_password[];

/* All of the above, ended by NULL. */
extern const LsJsonField *const ls_schemas[];
