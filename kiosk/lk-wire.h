/* The kiosk's view of the wire contract (docs/api.md): plain structs parsed from the server's
 * JSON with json-c, and the error JSON turned into a GError. No I/O, so unit-testable. */
#pragma once

#include "lk-types.h"

G_BEGIN_DECLS

#define LK_CLIENT_ERROR (lk_client_error_quark ())
GQuark lk_client_error_quark (void);

/* One value per contract error code (common/wire.h) a kiosk route answers, plus what can go
 * wrong before the server answers. */
typedef enum
{
  LK_CLIENT_ERROR_NETWORK,  /* no answer: connect, TLS, timeout */
  LK_CLIENT_ERROR_PROTOCOL, /* an answer that breaks the contract */
  LK_CLIENT_ERROR_INVALID_INPUT,
  LK_CLIENT_ERROR_UNAUTHORIZED, /* 401 unauthorized, or a bare 403 */
  LK_CLIENT_ERROR_NOT_FOUND,
  LK_CLIENT_ERROR_CODE_INVALID_OR_USED,
  LK_CLIENT_ERROR_TOO_EARLY,
  LK_CLIENT_ERROR_TOO_LATE,
  LK_CLIENT_ERROR_RATE_LIMITED,
  LK_CLIENT_ERROR_INTERNAL,
  LK_CLIENT_ERROR_CLOSED,      /* a walk-in outside the unit's opening hours */
  LK_CLIENT_ERROR_UNAVAILABLE, /* 503: always "Hệ thống đang bận, vui lòng thử lại" */
  LK_CLIENT_ERROR_OTHER,       /* a code this kiosk does not know */
} LkClientError;

struct _LkField
{
  char *id;
  char *name;
  char *prefix;
};

struct _LkKioskInfo
{
  char *kiosk_id;
  char *kiosk_name;
  char *unit_id;
  char *unit_name;
  char *unit_address;
  GPtrArray *fields; /* of LkField* */
};

struct _LkTicket
{
  char *id;
  char *number;     /* "A1002" */
  gboolean walk_in; /* kind "walk_in", else "appointment" */
  char *field_id;
  char *field_name;
  char *issued_at; /* RFC 3339 as sent */
  int waiting_before;
  /* appointment only, else NULL */
  char *booking_code;
  char *booking_name;
  char *booking_cccd;
  char *booking_date;
  char *slot_start;
  char *slot_end;
};

/* Each returns the parsed struct, or NULL with LK_CLIENT_ERROR_PROTOCOL. */
LkKioskInfo *lk_wire_parse_me (const char *body, gsize length, GError **error);
LkTicket *lk_wire_parse_ticket (const char *body, gsize length, GError **error);

/* Sets *error from a non-2xx answer: the contract's {"error":{"code","message"}} when present
 * (message kept as the server wrote it, in Vietnamese), else a generic message by status.
 * `unavailable` (or a bare 503) always reads "Hệ thống đang bận, vui lòng thử lại" (docs/api.md). */
void lk_wire_set_error_from_reply (GError **error, long http_status, const char *body,
                                   gsize length);

/* "26/09/2025 07:12" from an RFC 3339 instant, in the instant's own offset; NULL if invalid. */
char *lk_wire_format_instant (const char *rfc3339);

void lk_field_free (LkField *field);
void lk_kiosk_info_free (LkKioskInfo *info);
void lk_ticket_free (LkTicket *ticket);
LkTicket *lk_ticket_copy (const LkTicket *ticket);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LkKioskInfo, lk_kiosk_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LkTicket, lk_ticket_free)

G_END_DECLS
