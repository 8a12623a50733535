/* Citizen bookings: create (idempotent with Idempotency-Key), look up, cancel.
 * Everything is validated before the store is asked to write anything. */
#include "routes/api.h"
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

static void
store_booking (LsRequest *req, const LsUnit *u, const LsField *f, const LsSlot *slot,
               const GDate *day, GDateTime *now, char *name, const char *phone, const LsIdem *idem)
{
  LsStore *store = req->app->store;
  BookingJob *job = g_new0 (BookingJob, 1);
  job->req = req;
  job->name = name;
  job->now = layso_rfc3339_format (now);
  layso_date_format (day, job->date);
  job->ctx = (RenderCtx){ store->catalog, g_date_time_ref (now) };
  if ((job->has_idem = idem != NULL))
    job->idem = *idem;
  g_strlcpy (job->phone, phone ? phone : "", sizeof job->phone);
  job->in = (LsBookingInput){
    .unit_id = u->id,
    .field_id = f->id,
    .slot_id = slot->id,
    .date = job->date,
    .name = job->name,
    .cccd = ls_json_string (req, "cccd"),
    .phone = phone ? job->phone : NULL,
    .now = job->now,
    .max_active_per_cccd = u->max_active_per_cccd,
    .max_active_per_cccd_unit = u->max_active_per_cccd_unit,
  };
  /* the connection waits without a thread while the writer batches this booking */
  req->handler_data = job;
  req->handler_data_free = (GDestroyNotify) booking_job_free;
  ls_request_defer (req);
  ls_store_booking_create_async (store, &job->in, job->has_idem ? &job->idem : NULL, render_created,
                                 &job->ctx, booking_written, job);
}

static bool
is_blank (const char *s)
{
  for (; s && *s; s++)
    if (!g_ascii_isspace (*s))
      return false;
  return true;
}

/* The citizen's members (required ones present, name, CCCD, phone): false after a 400.
 * *ret_name is the normalised name; *ret_has_phone says whether phone was filled. */
static bool
citizen_valid_or_reply (LsRequest *req, char **ret_name, char phone[LAYSO_PHONE_LEN + 1],
                        bool *ret_has_phone)
{
  static const char *const required[] = { "name", "cccd", "unit", "field", "date", "slot" };
  for (size_t i = 0; i < G_N_ELEMENTS (required); i++)
    if (is_blank (ls_json_string (req, required[i])))
      {
        ls_reply_invalid (req, required[i], "Vui lòng điền đầy đủ thông tin");
        return false;
      }
  if (layso_name_normalize (ls_json_string (req, "name"), ret_name) < 0)
    {
      ls_reply_invalid (req, "name", "Họ và tên không hợp lệ");
      return false;
    }
  if (!layso_cccd_is_valid (ls_json_string (req, "cccd")))
    {
      ls_reply_invalid (req, "cccd", "Số căn cước công dân phải gồm đúng 12 chữ số");
      return false;
    }
  /* stored and answered in the normalised form: "+84 987 654 321" -> "0987654321" */
  const char *phone_in = ls_json_string (req, "phone");
  bool has_phone = phone_in && *phone_in;
  if (has_phone && layso_phone_normalize (phone_in, phone) < 0)
    {
      ls_reply_invalid (req, "phone", "Số điện thoại phải bắt đầu bằng 0 và có 10 chữ số");
      return false;
    }
  *ret_has_phone = has_phone;
  return true;
}

/* Where and when: unit, field, slot and a bookable date of the unit; false after a reply. */
static bool
place_valid_or_reply (LsRequest *req, GDateTime *now, const LsUnit **ret_unit,
                      const LsField **ret_field, const LsSlot **ret_slot, GDate *ret_day)
{
  const LsCatalog *cat = req->app->store->catalog;
  const LsUnit *u = ls_catalog_unit (cat, ls_json_string (req, "unit"));
  if (!u)
    {
      ls_reply_invalid (req, "unit", "Đơn vị không tồn tại");
      return false;
    }
  if (!(*ret_field = ls_unit_field (u, ls_json_string (req, "field"))))
    {
      ls_reply_invalid (req, "field", "Lĩnh vực không tồn tại");
      return false;
    }
  if (!layso_date_parse (ls_json_string (req, "date"), ret_day))
    {
      ls_reply_invalid (req, "date", "Ngày không hợp lệ");
      return false;
    }
  if (!(*ret_slot = ls_unit_slot (u, ls_json_string (req, "slot"))))
    {
      ls_reply_invalid (req, "slot", "Khung giờ không tồn tại");
      return false;
    }
  if (!ls_json_bool (req, "consent"))
    {
      ls_reply_invalid (req, "consent",
                        "Vui lòng đồng ý cho phép xử lý dữ liệu cá nhân để đăng ký");
      return false;
    }
  GDate today;
  layso_date_from_datetime (now, &today);
  LaysoCalendar cal;
  ls_catalog_calendar (cat, u, &cal);
  if (!layso_calendar_is_bookable (&cal, &today, u->horizon_days, ret_day))
    {
      ls_reply_wire (req, LAYSO_WIRE_DATE_NOT_BOOKABLE, NULL, "date");
      return false;
    }
  *ret_unit = u;
  return true;
}

void
ls_route_booking_create (LsRequest *req)
{
  if (!ls_json_check (req, ls_schema_booking_create))
    return;
  g_autofree char *name = NULL;
  char phone[LAYSO_PHONE_LEN + 1];
  bool has_phone = false;
  if (!citizen_valid_or_reply (req, &name, phone, &has_phone))
    return;
  g_autoptr (GDateTime) now = ls_now (req);
  const LsUnit *u;
  const LsField *f;
  const LsSlot *s;
  GDate day;
  if (!place_valid_or_reply (req, now, &u, &f, &s, &day))
    return;
  LsIdem idem_buf;
  const LsIdem *idem;
  if (!ls_idem_begin_or_reply (req, "booking", &idem_buf, &idem))
    return;
  store_booking (req, u, f, s, &day, now, g_steal_pointer (&name), has_phone ? phone : NULL, idem);
}

void
ls_route_booking_get (LsRequest *req)
{
  g_autoptr (LsBooking) b = ls_booking_find_owned_or_reply (req, ls_request_query (req, "cccd"));
  if (!b)
    return;
  g_autoptr (GDateTime) now = ls_now (req);
  ls_reply_json (req, 200, ls_json_booking (req->app->store->catalog, b, now));
}

void
ls_route_booking_cancel (LsRequest *req)
{
  if (!ls_json_check (req, ls_schema_booking_cancel))
    return;
  g_autoptr (LsBooking) b = ls_booking_find_owned_or_reply (req, ls_json_string (req, "cccd"));
  if (!b)
    return;
  const LsCatalog *cat = req->app->store->catalog;
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
