#include "wire.h"

#include "cccd-qr.h"

#include <errno.h>
#include <string.h>

static const struct
{
  const char *code;
  unsigned status;
  const char *message;
} errors[LAYSO_WIRE_N_ERRORS] = {
  [LAYSO_WIRE_INVALID_INPUT] = { "invalid_input", 400, LAYSO_MSG_INVALID },
  [LAYSO_WIRE_UNAUTHORIZED] = { "unauthorized", 401, "Chưa xác thực" },
  [LAYSO_WIRE_FORBIDDEN] = { "forbidden", 403, "Không có quyền thực hiện" },
  [LAYSO_WIRE_NOT_FOUND] = { "not_found", 404, LAYSO_MSG_NOT_FOUND },
  [LAYSO_WIRE_METHOD_NOT_ALLOWED] = { "method_not_allowed", 405, "Phương thức không được hỗ trợ" },
  [LAYSO_WIRE_SLOT_FULL] = { "slot_full", 409, LAYSO_MSG_SLOT_FULL },
  [LAYSO_WIRE_DUPLICATE_BOOKING] = { "duplicate_booking", 409,
                                     "Số căn cước công dân này đã có lịch hẹn cho lĩnh vực và ngày "
                                     "đã chọn" },
  [LAYSO_WIRE_CODE_INVALID_OR_USED] = { "code_invalid_or_used", 409,
                                        LAYSO_MSG_CODE_INVALID_OR_USED },
  [LAYSO_WIRE_PAYLOAD_TOO_LARGE] = { "payload_too_large", 413, "Dữ liệu gửi lên quá lớn" },
  [LAYSO_WIRE_UNSUPPORTED_MEDIA_TYPE] = { "unsupported_media_type", 415,
                                          "Định dạng dữ liệu không được hỗ trợ, hãy gửi "
                                          "application/json" },
  [LAYSO_WIRE_DATE_NOT_BOOKABLE] = { "date_not_bookable", 422, "Ngày này không nhận đặt lịch" },
  [LAYSO_WIRE_TOO_EARLY] = { "too_early", 422, "Chưa đến giờ check-in" },
  [LAYSO_WIRE_TOO_LATE] = { "too_late", 422, "Đã quá giờ check-in" },
  [LAYSO_WIRE_CLOSED] = { "closed", 422, LAYSO_MSG_CLOSED },
  [LAYSO_WIRE_RATE_LIMITED] = { "rate_limited", 429, LAYSO_MSG_RATE_LIMITED },
  [LAYSO_WIRE_INTERNAL] = { "internal", 500, LAYSO_MSG_INTERNAL },
  [LAYSO_WIRE_UNAVAILABLE] = { "unavailable", 503, LAYSO_MSG_UNAVAILABLE },
};

static const char *const statuses[LAYSO_BOOKING_N_STATUSES] = {
  [LAYSO_BOOKING_BOOKED] = "booked",
  [LAYSO_BOOKING_CHECKED_IN] = "checked_in",
  [LAYSO_BOOKING_CANCELLED] = "cancelled",
  [LAYSO_BOOKING_EXPIRED] = "expired",
};

static const char *const kinds[] = {
  [LAYSO_TICKET_APPOINTMENT] = "appointment",
  [LAYSO_TICKET_WALK_IN] = "walk_in",
};

const char *
layso_wire_error_to_string (LaysoWireError error)
{
  return (unsigned) error < LAYSO_WIRE_N_ERRORS ? errors[error].code : NULL;
}

unsigned
layso_wire_error_http_status (LaysoWireError error)
{
  return (unsigned) error < LAYSO_WIRE_N_ERRORS ? errors[error].status : 500;
}

const char *
layso_wire_error_message (LaysoWireError error)
{
  return (unsigned) error < LAYSO_WIRE_N_ERRORS ? errors[error].message : LAYSO_MSG_INTERNAL;
}

int
layso_wire_error_from_string (const char *code, LaysoWireError *ret)
{
  for (unsigned i = 0; code && i < LAYSO_WIRE_N_ERRORS; i++)
    if (g_ascii_strcasecmp (code, errors[i].code) == 0)
      {
        *ret = (LaysoWireError) i;
        return 0;
      }
  return -EINVAL;
}

const char *
layso_booking_status_to_string (LaysoBookingStatus status)
{
  return (unsigned) status < LAYSO_BOOKING_N_STATUSES ? statuses[status] : NULL;
}

int
layso_booking_status_from_string (const char *s, LaysoBookingStatus *ret)
{
  for (unsigned i = 0; s && i < LAYSO_BOOKING_N_STATUSES; i++)
    if (strcmp (s, statuses[i]) == 0)
      {
        *ret = (LaysoBookingStatus) i;
        return 0;
      }
  return -EINVAL;
}

const char *
layso_ticket_kind_to_string (LaysoTicketKind kind)
{
  return (unsigned) kind < G_N_ELEMENTS (kinds) ? kinds[kind] : NULL;
}

int
layso_ticket_kind_from_string (const char *s, LaysoTicketKind *ret)
{
  for (unsigned i = 0; s && i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (s, kinds[i]) == 0)
      {
        *ret = (LaysoTicketKind) i;
        return 0;
      }
  return -EINVAL;
}

static int
card_input (const char *raw, LaysoCheckinInput *ret)
{
  g_autoptr (LaysoCccdCard) card = NULL;
  if (layso_cccd_qr_parse (raw, strlen (raw), &card) < 0)
    return -EINVAL;
  ret->kind = LAYSO_CHECKIN_INPUT_CARD;
  g_strlcpy (ret->value, card->cccd, sizeof ret->value);
  return 0;
}

int
layso_checkin_input_parse (const char *raw, LaysoCheckinInput *ret)
{
  if (!raw || strnlen (raw, LAYSO_CCCD_QR_MAX_BYTES + 1) > LAYSO_CCCD_QR_MAX_BYTES)
    return -EINVAL;
  const char *start = raw, *end = raw + strlen (raw);
  while (start < end && g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  size_t len = (size_t) (end - start);
  char text[LAYSO_CCCD_LEN + 1] = "";
  if (len <= LAYSO_CCCD_LEN)
    memcpy (text, start, len);
  if (len == LAYSO_CCCD_LEN && layso_cccd_is_valid (text))
    {
      ret->kind = LAYSO_CHECKIN_INPUT_CCCD;
      memcpy (ret->value, text, sizeof text);
      return 0;
    }
  if (len == LAYSO_CODE_LEN)
    {
      char code[LAYSO_CODE_LEN + 1];
      if (layso_code_parse (text, code) < 0)
        return -EBADMSG;
      ret->kind = LAYSO_CHECKIN_INPUT_CODE;
      g_strlcpy (ret->value, code, sizeof ret->value);
      return 0;
    }
  if (memchr (start, '|', len))
    return card_input (raw, ret);
  return -EINVAL;
}

const char *
layso_cccd_masked (const char *cccd, char buf[static LAYSO_CCCD_LEN + 1])
{
  return cccd && layso_cccd_mask (cccd, buf) == 0 ? buf : NULL;
}
