/* Citizen bookings: create (idempotent with Idempotency-Key), look up, cancel.
 * Everything is validated before the store is asked to write anything. */
#include "routes/api.h"
#include "routes/body.h"
#include "routes/schemas.h"

#include "app.h"
#include "booking.h"
#include "calendar.h"
#include "clock.h"
#include "codes.h"
#include "routes/lookup.h"
#include "routes/render.h"
#include "store/store.h"
#include "validate.h"
#include "routes/context.h"
#include "routes/errors.h"
#include "routes/idem.h"

#include <string.h>

typedef struct
{
  const LsCatalog *cat;
  GDateTime *now;
} RenderCtx;

static void
render_created (const LsBooking *b, void *user_data, LsReply *ret)
{
  RenderCtx *ctx = user_data;
  json_object *o = ls_json_booking (ctx->cat, b, ctx->now);
  ret->status = 201;
  ret->body = g_strdup (
      json_object_to_json_string_ext (o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
  json_object_put (o);
}

/* What a booking being written needs until the writer is done with it: the request's
 * own strings live as long as the request, the rest is copied here. */
typedef struct
{
  LsRequest *req;
  LsBooking *written; /* without a key: the booking as stored, rendered on the loop */
  LsBookingInput in;
  RenderCtx ctx;
  LsIdem idem;
  bool has_idem;
  char date[11];
  char phone[LAYSO_PHONE_LEN + 1]; /* normalised; "" when not given */
  char *name;
  char *now;
} BookingJob;

static void
booking_job_free (BookingJob *job)
{
  g_date_time_unref (job->ctx.now);
  ls_booking_free (job->written);
  g_free (job->name);
  g_free (job->now);
  g_free (job);
}

/* The limit across fields and days is the unit's own, so its message carries the figure. */
static void
reply_stored (LsRequest *req, int r, LsReply *reply, unsigned unit_limit)
{
  if (r == -LS_E_DUPLICATE_UNIT)
    {
      g_autofree char *msg = g_strdup_printf (
          "Mỗi số căn cước công dân chỉ được giữ tối đa %u lịch hẹn chưa sử dụng tại đơn vị này. "
          "Vui lòng dùng hoặc hủy một lịch đã đặt trước khi đặt thêm.",
          unit_limit);
      ls_reply_wire (req, LAYSO_WIRE_DUPLICATE_BOOKING, msg, "cccd");
      return;
    }
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  ls_reply_json_string (req, reply->status, reply->body);
  g_free (reply->body);
}

/* Back on the event loop: the reply to a booking written without a key. */
static void
render_written (LsRequest *req)
{
  BookingJob *job = req->handler_data;
  LsReply reply = { 0 };
  render_created (job->written, &job->ctx, &reply);
  reply_stored (req, 0, &reply, 0);
}

/* On the writer thread, once the booking is committed or refused: as little as possible
 * here, every booking in the queue waits for this thread. */
static void
booking_written (int r, const LsBooking *b, LsReply *reply, bool replayed, void *data)
{
  BookingJob *job = data;
  LsRequest *req = job->req;
  if (r == 0 && b)
    {
      job->written = ls_booking_dup (b);
      ls_request_resume_with (req, render_written);
      return;
    }
  reply_stored (req, r, reply, job->in.max_active_per_cccd_unit);
  ls_request_resume (req);
}

/* Where and when a booking goes, found in the catalog from the body's ids. */
typedef struct
{
  const LsUnit *unit;
  const LsField *field;
  const LsSlot *slot;
  GDate day;
} Place;

/* Hands the booking to the writer; the reply comes from booking_written. The body's name
 * and phone passed their checks (routes/schemas.c): here they take their stored form
 * ("+84 987 654 321" -> "0987654321"). */
static void
store_booking (LsRequest *req, const LsBookingCreateBody *body, const Place *at, GDateTime *now,
               const LsIdem *idem)
{
  LsStore *store = req->app->store;
  BookingJob *job = g_new0 (BookingJob, 1);
  job->req = req;
  layso_name_normalize (body->name, &job->name);
  bool has_phone =
      body->phone && *body->phone && layso_phone_normalize (body->phone, job->phone) == 0;
  job->now = layso_rfc3339_format (now);
  layso_date_format (&at->day, job->date);
  job->ctx = (RenderCtx){ ls_request_catalog (req), g_date_time_ref (now) };
  if ((job->has_idem = idem != NULL))
    job->idem = *idem;
  job->in = (LsBookingInput){
    .unit_id = at->unit->id,
    .field_id = at->field->id,
    .slot_id = at->slot->id,
    .date = job->date,
    .name = job->name,
    .cccd = body->cccd,
    .phone = has_phone ? job->phone : NULL,
    .now = job->now,
    .max_active_per_cccd = at->unit->max_active_per_cccd,
    .max_active_per_cccd_unit = at->unit->max_active_per_cccd_unit,
  };
  /* the connection waits without a thread while the writer batches this booking */
  req->handler_data = job;
  req->handler_data_free = (GDestroyNotify) booking_job_free;
  ls_request_defer (req);
  ls_store_booking_create_async (store, &job->in, job->has_idem ? &job->idem : NULL, render_created,
                                 &job->ctx, booking_written, job);
}

/* Where and when: unit, field, slot and a bookable date of the unit, and the consent;
 * false after a reply. */
static bool
place_valid_or_reply (LsRequest *req, const LsBookingCreateBody *body, GDateTime *now, Place *ret)
{
  const LsCatalog *cat = ls_request_catalog (req);
  Place at = { .unit = ls_catalog_unit (cat, body->unit) };
  if (!at.unit)
    {
      ls_reply_invalid (req, "unit", "Đơn vị không tồn tại");
      return false;
    }
  if (!(at.field = ls_unit_field (at.unit, body->field)))
    {
      ls_reply_invalid (req, "field", "Lĩnh vực không tồn tại");
      return false;
    }
  if (!layso_date_parse (body->date, &at.day))
    {
      ls_reply_invalid (req, "date", "Ngày không hợp lệ");
      return false;
    }
  if (!(at.slot = ls_unit_slot (at.unit, body->slot)))
    {
      ls_reply_invalid (req, "slot", "Khung giờ không tồn tại");
      return false;
    }
  if (!body->consent)
    {
      ls_reply_invalid (req, "consent",
                        "Vui lòng đồng ý cho phép xử lý dữ liệu cá nhân để đăng ký");
      return false;
    }
  GDate today;
  layso_date_from_datetime (now, &today);
  LaysoCalendar cal;
  ls_catalog_calendar (cat, at.unit, &cal);
  if (!layso_calendar_is_bookable (&cal, &today, at.unit->horizon_days, &at.day))
    {
      ls_reply_wire (req, LAYSO_WIRE_DATE_NOT_BOOKABLE, NULL, "date");
      return false;
    }
  if (!ls_unit_slot_offered (cat, at.unit, &at.day, at.slot))
    {
      ls_reply_invalid (req, "slot", "Khung giờ này không có trong ngày đã chọn");
      return false;
    }
  *ret = at;
  return true;
}

void
ls_route_booking_create (LsRequest *req)
{
  LsBookingCreateBody body;
  if (!ls_body_decode_or_reply (req, ls_schema_booking_create, &body))
    return;
  g_autoptr (GDateTime) now = ls_now (req);
  Place at;
  if (!place_valid_or_reply (req, &body, now, &at))
    return;
  LsIdem idem_buf;
  const LsIdem *idem;
  if (!ls_idem_begin_or_reply (req, "booking", &idem_buf, &idem))
    return;
  store_booking (req, &body, &at, now, idem);
}

/* A booking a confirmed capacity change left over capacity (issue 11, item 2) still holds:
 * its owner sees the unit's latest notice, {"title","body"}, so they hear what changed; NULL
 * for every other booking. */
static json_object *
over_capacity_notice (LsRequest *req, const LsBooking *b)
{
  bool over = false;
  g_autoptr (GPtrArray) notices = NULL;
  if (b->status != LAYSO_BOOKING_BOOKED ||
      ls_store_booking_over_capacity (req->app->store, b->id, &over) < 0 || !over)
    return NULL;
  json_object *o = json_object_new_object ();
  const LsNotice *n = NULL;
  if (ls_store_notices_of_unit (req->app->store, b->unit_id, &notices) == 0 && notices->len > 0)
    n = g_ptr_array_index (notices, 0);
  json_object_object_add (
      o, "title", json_object_new_string (n ? n->title : "Đơn vị đã thay đổi lịch tiếp nhận"));
  json_object_object_add (
      o, "body",
      json_object_new_string (n ? n->body
                                : "Lịch hẹn của bạn vẫn có hiệu lực. Đơn vị sẽ liên hệ nếu cần."));
  return o;
}

void
ls_route_booking_get (LsRequest *req)
{
  g_autoptr (LsBooking) b = ls_booking_find_owned_or_reply (req, ls_request_query (req, "cccd"));
  if (!b)
    return;
  g_autoptr (GDateTime) now = ls_now (req);
  json_object *o = ls_json_booking (ls_request_catalog (req), b, now);
  json_object_object_add (o, "unit_notice", over_capacity_notice (req, b));
  ls_reply_json (req, 200, o);
}

void
ls_route_booking_cancel (LsRequest *req)
{
  LsBookingCancelBody body;
  if (!ls_body_decode_or_reply (req, ls_schema_booking_cancel, &body))
    return;
  g_autoptr (LsBooking) b = ls_booking_find_owned_or_reply (req, body.cccd);
  if (!b)
    return;
  const LsCatalog *cat = ls_request_catalog (req);
  g_autoptr (GDateTime) now = ls_now (req);
  g_autoptr (GDateTime) from = NULL, until = NULL;
  ls_booking_window (cat, b, &from, &until);
  if (!layso_booking_can_cancel (b->status, until, now))
    {
      ls_reply_store_error (req, -LS_E_USED);
      return;
    }
  g_autofree char *now_s = layso_rfc3339_format (now);
  int r = ls_store_booking_cancel (req->app->store, b->id, now_s);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  b->status = LAYSO_BOOKING_CANCELLED;
  ls_reply_json (req, 200, ls_json_booking (cat, b, now));
}
