/* Citizen bookings: create (idempotent with Idempotency-Key), look up, cancel.
 * Everything is validated before the store is asked to write anything. */
#include "routes/api.h"
#include "routes/schemas.h"

#include "app.h"
#include "calendar.h"
#include "clock.h"
#include "codes.h"
#include "routes/render.h"
#include "store.h"
#include "validate.h"

#include <string.h>

typedef struct {
  const LsCatalog *cat;
  GDateTime       *now;
} RenderCtx;

static void
render_created(const LsBooking *b, void *user_data, LsReply *ret)
{
  RenderCtx *ctx = user_data;
  json_object *o = ls_json_booking(ctx->cat, b, ctx->now);
  ret->status = 201;
  ret->body = g_strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE));
  json_object_put(o);
}

static bool
is_blank(const char *s)
{
  for (; s && *s; s++)
    if (!g_ascii_isspace(*s))
      return false;
  return true;
}

void
ls_route_booking_create(LsRequest *req)
{
  LsStore *store = req->app->store;
  const LsCatalog *cat = store->catalog;
  if (!ls_json_check(req, ls_schema_booking_create))
    return;

  static const char *const required[] = { "name", "cccd", "unit", "field", "date", "slot" };
  for (size_t i = 0; i < G_N_ELEMENTS(required); i++)
    if (is_blank(ls_json_string(req, required[i]))) {
      ls_reply_invalid(req, required[i], "Vui lòng điền đầy đủ thông tin");
      return;
    }
  g_autofree char *name = NULL;
  if (layso_name_normalize(ls_json_string(req, "name"), &name) < 0) {
    ls_reply_invalid(req, "name", "Họ và tên không hợp lệ");
    return;
  }
  const char *cccd = ls_json_string(req, "cccd");
  if (!layso_cccd_is_valid(cccd)) {
    ls_reply_invalid(req, "cccd", "Số căn cước công dân phải gồm đúng 12 chữ số");
    return;
  }
  const char *phone = ls_json_string(req, "phone");
  if (phone && !*phone)
    phone = NULL;
  if (phone && !layso_phone_is_valid(phone)) {
    ls_reply_invalid(req, "phone", "Số điện thoại không hợp lệ");
    return;
  }
  const LsUnit *u = ls_catalog_unit(cat, ls_json_string(req, "unit"));
  if (!u) {
    ls_reply_invalid(req, "unit", "Đơn vị không tồn tại");
    return;
  }
  const LsField *f = ls_unit_field(u, ls_json_string(req, "field"));
  if (!f) {
    ls_reply_invalid(req, "field", "Lĩnh vực không tồn tại");
    return;
  }
  GDate day;
  if (!layso_date_parse(ls_json_string(req, "date"), &day)) {
    ls_reply_invalid(req, "date", "Ngày không hợp lệ");
    return;
  }
  const LsSlot *s = ls_unit_slot(u, ls_json_string(req, "slot"));
  if (!s) {
    ls_reply_invalid(req, "slot", "Khung giờ không tồn tại");
    return;
  }
  if (!ls_json_bool(req, "consent")) {
    ls_reply_invalid(req, "consent",
                     "Vui lòng đồng ý cho phép xử lý dữ liệu cá nhân để đăng ký");
    return;
  }
  g_autoptr(GDateTime) now = ls_now(req);
  GDate today;
  layso_date_from_datetime(now, &today);
  LaysoCalendar cal;
  ls_catalog_calendar(cat, u, &cal);
  if (!layso_calendar_is_bookable(&cal, &today, u->horizon_days, &day)) {
    ls_reply_error(req, 422, "date_not_bookable", "Ngày này không nhận đặt lịch", "date");
    return;
  }
  LsIdem idem_buf;
  const LsIdem *idem;
  if (!ls_idem_begin_or_reply(req, "booking", &idem_buf, &idem))
    return;

  char date[11];
  layso_date_format(&day, date);
  g_autofree char *now_s = layso_rfc3339_format(now);
  LsBookingInput in = {
    .unit_id = u->id, .field_id = f->id, .slot_id = s->id, .date = date,
    .name = name, .cccd = cccd, .phone = phone, .now = now_s,
    .max_active_per_cccd = u->max_active_per_cccd,
  };
  RenderCtx ctx = { cat, now };
  LsReply reply = { 0 };
  bool replayed = false;
  int r = store->ops->booking_create(store, &in, idem, render_created, &ctx,
                                     &reply, &replayed);
  if (r < 0) {
    ls_reply_store_error(req, r);
    return;
  }
  ls_reply_json_string(req, reply.status, reply.body);
  g_free(reply.body);
}

/* The booking for {code} and the CCCD, or a reply (404 alike for either being wrong). */
static LsBooking *
find_owned(LsRequest *req, const char *cccd)
{
  char code[LAYSO_CODE_LEN + 1];
  if (!cccd || !*cccd) {
    ls_reply_invalid(req, "cccd", "Vui lòng điền đầy đủ thông tin");
    return NULL;
  }
  if (!layso_cccd_is_valid(cccd)) {
    ls_reply_invalid(req, "cccd", "Số căn cước công dân phải gồm đúng 12 chữ số");
    return NULL;
  }
  if (!ls_lookup_allowed(req, cccd))
    return NULL;
  if (layso_code_parse(ls_request_param(req, "code"), code) < 0) {
    ls_reply_not_found(req);
    return NULL;
  }
  LsBooking *b = NULL;
  int r = req->app->store->ops->booking_get(req->app->store, code, cccd, &b);
  if (r < 0) {
    ls_reply_store_error(req, r);
    return NULL;
  }
  return b;
}

void
ls_route_booking_get(LsRequest *req)
{
  g_autoptr(LsBooking) b = find_owned(req, ls_request_query(req, "cccd"));
  if (!b)
    return;
  g_autoptr(GDateTime) now = ls_now(req);
  ls_reply_json(req, 200, ls_json_booking(req->app->store->catalog, b, now));
}

void
ls_route_booking_cancel(LsRequest *req)
{
  if (!ls_json_check(req, ls_schema_booking_cancel))
    return;
  g_autoptr(LsBooking) b = find_owned(req, ls_json_string(req, "cccd"));
  if (!b)
    return;
  const LsCatalog *cat = req->app->store->catalog;
  g_autoptr(GDateTime) now = ls_now(req);
  g_autoptr(GDateTime) from = NULL, until = NULL;
  /* only a booking still ahead can be cancelled: used, cancelled or past ones cannot */
  if (strcmp(b->status, "booked") != 0 || !ls_booking_window(cat, b, &from, &until) ||
      g_date_time_compare(now, until) > 0) {
    ls_reply_store_error(req, -LS_E_USED);
    return;
  }
  g_autofree char *now_s = layso_rfc3339_format(now);
  int r = req->app->store->ops->booking_cancel(req->app->store, b->id, now_s);
  if (r < 0) {
    ls_reply_store_error(req, r);
    return;
  }
  g_free(b->status);
  b->status = g_strdup("cancelled");
  ls_reply_json(req, 200, ls_json_booking(cat, b, now));
}
