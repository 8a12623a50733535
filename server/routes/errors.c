/* Error replies of the routes (routes/errors.h). */
#include "routes/errors.h"

#include "app.h"

#include <errno.h>
#include <stdatomic.h>

void
ls_reply_wire (LsRequest *req, LaysoWireError error, const char *message, const char *field)
{
  ls_reply_error (req, layso_wire_error_http_status (error), layso_wire_error_to_string (error),
                  message ? message : layso_wire_error_message (error), field);
}

/* A citizen retrying after this finds the disk freed, or is told again. */
#define DISK_FULL_RETRY_AFTER_S 30

static _Atomic gint64 disk_full_logged;

/* The database server (PostgreSQL) cannot be reached: the store reconnects by itself, so a
 * client asked to retry in a few seconds finds it back once it is. */
#define DB_DOWN_RETRY_AFTER_S 5

static _Atomic gint64 db_down_logged;

/* True at most once every `seconds` for the same *last (monotonic µs). */
static bool
log_once_per (_Atomic gint64 *last, unsigned seconds)
{
  gint64 now = g_get_monotonic_time ();
  gint64 prev = atomic_load (last);
  if (prev && now - prev < (gint64) seconds * G_USEC_PER_SEC)
    return false;
  return atomic_compare_exchange_strong (last, &prev, now);
}

void
ls_reply_store_error (LsRequest *req, int r)
{
  switch (-r)
    {
      case LS_E_NOT_FOUND:
        ls_reply_not_found (req);
        break;
      case LS_E_USED:
        ls_reply_wire (req, LAYSO_WIRE_CODE_INVALID_OR_USED, NULL, NULL);
        break;
      case LS_E_SLOT_FULL:
        ls_reply_wire (req, LAYSO_WIRE_SLOT_FULL, NULL, "slot");
        break;
      case LS_E_DUPLICATE:
        ls_reply_wire (req, LAYSO_WIRE_DUPLICATE_BOOKING, NULL, "cccd");
        break;
      case LS_E_DUPLICATE_UNIT: /* routes/bookings.c says it with the unit's figure */
        ls_reply_wire (req, LAYSO_WIRE_DUPLICATE_BOOKING,
                       "Số căn cước công dân này đã giữ số lịch hẹn tối đa tại đơn vị này", "cccd");
        break;
      case LS_E_IDEM_MISMATCH:
        ls_reply_invalid (req, "Idempotency-Key",
                          "Idempotency-Key đã được dùng cho một yêu cầu khác");
        break;
      case ENOSPC:
        /* every request would say the same: once a minute is enough to tell the operator */
        if (log_once_per (&disk_full_logged, 60))
          g_printerr ("layso-server: the disk is full: writes are refused (503) until space is "
                      "freed\n");
        ls_reply_unavailable (req, DISK_FULL_RETRY_AFTER_S);
        break;
      case ENOTCONN:
        /* nothing was written: a write's transaction commits whole or not at all */
        if (log_once_per (&db_down_logged, 60))
          g_printerr ("layso-server: the database cannot be reached: requests are answered 503 "
                      "until it is back\n");
        ls_reply_unavailable (req, DB_DOWN_RETRY_AFTER_S);
        break;
      default:
        g_printerr ("layso-server: %s %s: store failed (%s)\n", req->method, ls_request_route (req),
                    g_strerror (-r));
        ls_reply_internal (req);
    }
}
