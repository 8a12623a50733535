/* The wire contract's vocabulary, in one place for the server and the kiosk (docs/api.md):
 * error codes with their HTTP status and default message, booking statuses, ticket kinds,
 * the check-in input (code or CCCD) and the Vietnamese messages both sides show.
 * Pure: no I/O, no logging. Tested by tests/unit/test-wire.c. */
#pragma once

#include "codes.h"
#include "layso-types.h"
#include "validate.h"

/* --- error codes: {"error":{"code","message","field"?}} -------------------------------- */

typedef enum
{
  LAYSO_WIRE_INVALID_INPUT,          /* 400, with "field" */
  LAYSO_WIRE_UNAUTHORIZED,           /* 401 */
  LAYSO_WIRE_FORBIDDEN,              /* 403 */
  LAYSO_WIRE_NOT_FOUND,              /* 404 */
  LAYSO_WIRE_METHOD_NOT_ALLOWED,     /* 405 */
  LAYSO_WIRE_SLOT_FULL,              /* 409 */
  LAYSO_WIRE_DUPLICATE_BOOKING,      /* 409 */
  LAYSO_WIRE_CODE_INVALID_OR_USED,   /* 409 */
  LAYSO_WIRE_PAYLOAD_TOO_LARGE,      /* 413 */
  LAYSO_WIRE_UNSUPPORTED_MEDIA_TYPE, /* 415 */
  LAYSO_WIRE_DATE_NOT_BOOKABLE,      /* 422 */
  LAYSO_WIRE_TOO_EARLY,              /* 422 */
  LAYSO_WIRE_TOO_LATE,               /* 422 */
  LAYSO_WIRE_CLOSED,                 /* 422: a walk-in outside the opening hours */
  LAYSO_WIRE_RATE_LIMITED,           /* 429, with Retry-After */
  LAYSO_WIRE_INTERNAL,               /* 500 */
  LAYSO_WIRE_UNAVAILABLE,            /* 503, with Retry-After */
  LAYSO_WIRE_N_ERRORS
} LaysoWireError;

/* "invalid_input", … ; NULL outside the enum. */
const char *layso_wire_error_to_string (LaysoWireError error);
/* The HTTP status that goes with the code; 500 outside the enum. */
unsigned layso_wire_error_http_status (LaysoWireError error);
/* The message a reply carries when the route has nothing more precise to say (Vietnamese). */
const char *layso_wire_error_message (LaysoWireError error);
/* The code's enum value. Codes are lower case on the wire; case is ignored here, so a client
 * reads a code a proxy or an older server upper-cased. 0 and *ret, or -EINVAL. */
int layso_wire_error_from_string (const char *code, LaysoWireError *ret);

/* --- booking statuses ------------------------------------------------------------------- */

typedef enum
{
  LAYSO_BOOKING_BOOKED,
  LAYSO_BOOKING_CHECKED_IN,
  LAYSO_BOOKING_CANCELLED,
  LAYSO_BOOKING_EXPIRED, /* booked, and its check-in window has passed (no-show) */
  LAYSO_BOOKING_N_STATUSES
} LaysoBookingStatus;

/* "booked", "checked_in", "cancelled", "expired"; NULL outside the enum. */
const char *layso_booking_status_to_string (LaysoBookingStatus status);
/* Exact (statuses come from our own database and server). 0 and *ret, or -EINVAL. */
int layso_booking_status_from_string (const char *s, LaysoBookingStatus *ret);

/* --- ticket kinds ----------------------------------------------------------------------- */

/* "appointment", "walk_in"; NULL outside the enum. */
const char *layso_ticket_kind_to_string (LaysoTicketKind kind);
/* Exact. 0 and *ret, or -EINVAL. */
int layso_ticket_kind_from_string (const char *s, LaysoTicketKind *ret);

/* --- the check-in input ----------------------------------------------------------------- */

typedef enum
{
  LAYSO_CHECKIN_INPUT_CODE, /* a booking code, upper case */
  LAYSO_CHECKIN_INPUT_CCCD, /* 12 digits typed */
  LAYSO_CHECKIN_INPUT_CARD, /* the CCCD read from a CCCD card's QR payload */
} LaysoCheckinInputKind;

typedef struct
{
  LaysoCheckinInputKind kind;
  char value[LAYSO_CCCD_LEN + 1]; /* the code ("GCAD") or the CCCD, NUL-terminated */
} LaysoCheckinInput;

/* What a citizen typed or scanned at the kiosk, as POST /api/v1/kiosk/checkin's "input"
 * (docs/architecture.md). Rules, in this order, on `raw` without surrounding ASCII white space:
 *   12 ASCII digits                        -> CCCD;
 *   4 bytes, all of LAYSO_CODE_ALPHABET in any case -> CODE, upper-cased ("gcad" -> "GCAD");
 *   4 bytes otherwise                      -> -EBADMSG: shaped like a code, yet no code can be
 *                                            it (the server answers code_invalid_or_used, as
 *                                            for an unknown code; a kiosk may refuse it);
 *   holds '|' and layso_cccd_qr_parse accepts raw -> CARD, the card's CCCD (the kiosk sends
 *                                            it as a CCCD; the server takes only CODE/CCCD);
 *   anything else (NULL included)          -> -EINVAL (LAYSO_MSG_CHECKIN_INPUT).
 * 0 and *ret, or a negative errno (ret untouched). */
int layso_checkin_input_parse (const char *raw, LaysoCheckinInput *ret);

/* --- CCCD on public screens and answers --------------------------------------------------- */

/* layso_cccd_mask() into buf, returning buf; NULL when cccd is NULL or not a CCCD, so the
 * caller shows nothing rather than the raw value. */
const char *layso_cccd_masked (const char *cccd, char buf[static LAYSO_CCCD_LEN + 1]);

/* --- messages both sides show (Vietnamese, docs/architecture.md) ------------------------------------ */

#define LAYSO_MSG_FILL_ALL             "Vui lòng điền đầy đủ thông tin"
#define LAYSO_MSG_CHECKIN_INPUT        "Vui lòng nhập mã đặt chỗ (4 ký tự) hoặc số CCCD (12 chữ số)"
#define LAYSO_MSG_CODE_INVALID_OR_USED "Mã đặt chỗ không hợp lệ hoặc đã được sử dụng"
#define LAYSO_MSG_SLOT_FULL            "Khung giờ này đã hết lượt đặt chỗ"
#define LAYSO_MSG_UNAVAILABLE          "Hệ thống đang bận, vui lòng thử lại"
#define LAYSO_MSG_RATE_LIMITED         "Quá nhiều yêu cầu, vui lòng thử lại sau"
#define LAYSO_MSG_INVALID              "Dữ liệu không hợp lệ"
#define LAYSO_MSG_NOT_FOUND            "Không tìm thấy"
#define LAYSO_MSG_INTERNAL             "Lỗi hệ thống, vui lòng thử lại sau"
#define LAYSO_MSG_TOO_EARLY_PREFIX     "Chưa đến giờ check-in: "
#define LAYSO_MSG_TOO_LATE_PREFIX      "Đã quá giờ check-in: "
#define LAYSO_MSG_CLOSED               "Ngoài giờ làm việc"
