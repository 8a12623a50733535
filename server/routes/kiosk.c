/* Kiosk routes (Authorization: Bearer <kiosk token>): who am I, check-in, walk-in tickets,
 * print results. A kiosk belongs to one unit and acts only there. */
#include "routes/api.h"
#include "routes/body.h"
#include "routes/schemas.h"

#include "app.h"
#include "booking.h"
#include "calendar.h"
#include "clock.h"
#include "codes.h"
#include "http/headers.h"
#include "routes/queue.h"
#include "routes/render.h"
#include "slots.h"
#include "store/store.h"
#include "validate.h"
#include "wire.h"
#include "routes/context.h"
#include "routes/errors.h"
#include "routes/idem.h"

#include <errno.h>
#include <string.h>

#define TOKEN_MAX_BYTES 256

/* The kiosk of the bearer token, or NULL after a 401 (or the store's error). */
static LsKiosk *
kiosk_or_reply (LsRequest *req, const LsUnit **ret_unit)
{
  const char *auth = ls_request_header (req, "Authorization");
  const char *token = ls_header_bearer_token (auth, TOKEN_MAX_BYTES);
  if (!token)
    {
      ls_reply_wire (req, LAYSO_WIRE_UNAUTHORIZED, "Thiết bị chưa được xác thực", NULL);
      ls_reply_add_header (req, "WWW-Authenticate", "Bearer");
      return NULL;
    }
  char hash[65];
  layso_token_hash (token, hash);
  LsKiosk *k = NULL;
  int r = ls_store_kiosk_by_token_hash (req->app->store, hash, &k);
  const LsUnit *u = r == 0 ? ls_catalog_unit (ls_request_catalog (req), k->unit_id) : NULL;
  if (r == -LS_E_NOT_FOUND || (r == 0 && !u))
    {
      ls_kiosk_free (k);
      ls_reply_wire (req, LAYSO_WIRE_UNAUTHORIZED, "Thiết bị chưa được xác thực", NULL);
      ls_reply_add_header (req, "WWW-Authenticate", "Bearer");
      return NULL;
    }
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return NULL;
    }
  g_autoptr (GDateTime) now = ls_now (req);
  g_autofree char *now_s = layso_rfc3339_format (now);
  ls_store_kiosk_seen (req->app->store, k->id, now_s); /* for /quan-tri; not waited for */
  *ret_unit = u;
  return k;
}

void
ls_route_kiosk_me (LsRequest *req)
{
  const LsUnit *u;
  g_autoptr (LsKiosk) k = kiosk_or_reply (req, &u);
  if (!k)
    return;
  json_object *ko = json_object_new_object ();
  json_object_object_add (ko, "id", json_object_new_string (k->id));
  json_object_object_add (ko, "name", json_object_new_string (k->name));
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "kiosk", ko);
  json_object_object_add (root, "unit", ls_json_unit_detail (u));
  ls_reply_json (req, 200, root);
}

/* --- check-in -------------------------------------------------------------------------- */

typedef struct
{
  const LsCatalog *cat;
} TicketCtx;

static void
render_ticket (const LsTicket *t, const LsBooking *b, void *user_data, LsReply *ret)
{
  TicketCtx *ctx = user_data;
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "ticket", ls_json_ticket (ctx->cat, t));
  if (b)
    json_object_object_add (root, "booking", ls_json_booking_masked (ctx->cat, b));
  json_object_object_add (root, "waiting_before", json_object_new_int (t->waiting_before));
  ret->status = b ? 200 : 201;
  ret->body = g_strdup (json_object_to_json_string_ext (root, JSON_C_TO_STRING_PLAIN |
                                                                  JSON_C_TO_STRING_NOSLASHESCAPE));
  json_object_put (root);
}

static void
reply_window (LsRequest *req, LaysoCheckinVerdict v, GDateTime *from, GDateTime *until)
{
  g_autofree char *window = layso_checkin_window_label (from, until);
  if (v == LAYSO_CHECKIN_TOO_EARLY)
    {
      g_autofree char *msg = g_strconcat (LAYSO_MSG_TOO_EARLY_PREFIX, window, NULL);
      ls_reply_wire (req, LAYSO_WIRE_TOO_EARLY, msg, NULL);
    }
  else
    {
      g_autofree char *msg = g_strconcat (LAYSO_MSG_TOO_LATE_PREFIX, window, NULL);
      ls_reply_wire (req, LAYSO_WIRE_TOO_LATE, msg, NULL);
    }
}

/* By CCCD: the citizen's bookings at this unit, chosen by layso_checkin_choose (common/booking.h):
 * the one to check in, or the reply that tells the citizen its window, or that there is none. */
static LsBooking *
choose_by_cccd_or_reply (LsRequest *req, const LsUnit *u, const char *cccd, GDateTime *now,
                         const LsIdem *idem)
{
  LsStore *store = req->app->store;
  g_autoptr (GPtrArray) list = NULL;
  int r = ls_store_bookings_of_cccd (store, u->id, cccd, &list);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return NULL;
    }
  guint n = list->len;
  g_autofree LaysoCheckinCandidate *c = g_new0 (LaysoCheckinCandidate, n + 1);
  for (guint i = 0; i < n; i++)
    {
      const LsBooking *b = g_ptr_array_index (list, i);
      c[i].status = b->status;
      ls_booking_window (ls_request_catalog (req), b, &c[i].from, &c[i].until);
    }
  LaysoCheckinVerdict v;
  gssize chosen = layso_checkin_choose (c, n, now, &v);
  LsBooking *b = NULL;
  if (chosen < 0)
    ls_reply_used_or_replay (req, idem);
  else if (v != LAYSO_CHECKIN_OK)
    reply_window (req, v, c[chosen].from, c[chosen].until);
  else
    b = g_ptr_array_steal_index (list, (guint) chosen);
  for (guint i = 0; i < n; i++)
    {
      g_clear_pointer (&c[i].from, g_date_time_unref);
      g_clear_pointer (&c[i].until, g_date_time_unref);
    }
  return b;
}

/* Picks the booking to check in for `input` now, or replies (and returns NULL). */
static LsBooking *
choose_booking_or_reply (LsRequest *req, const LsUnit *u, const char *input, GDateTime *now,
                         const LsIdem *idem)
{
  LsStore *store = req->app->store;
  const LsCatalog *cat = ls_request_catalog (req);
  LaysoCheckinInput in;
  int r = layso_checkin_input_parse (input, &in);
  if (r == 0 && in.kind == LAYSO_CHECKIN_INPUT_CCCD)
    return choose_by_cccd_or_reply (req, u, in.value, now, idem);
  /* a card's QR is the kiosk's to read: it sends the CCCD */
  if (r == -EINVAL || (r == 0 && in.kind == LAYSO_CHECKIN_INPUT_CARD))
    {
      ls_reply_invalid (req, "input", LAYSO_MSG_CHECKIN_INPUT);
      return NULL;
    }
  /* -EBADMSG: shaped like a code, but no code has those characters: as unknown as any */
  LsBooking *b = NULL;
  r = r < 0 ? -LS_E_USED : ls_store_booking_find_active (store, u->id, in.value, &b);
  if (r == -LS_E_NOT_FOUND || r == -LS_E_USED)
    {
      ls_reply_used_or_replay (req, idem);
      return NULL;
    }
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return NULL;
    }
  g_autoptr (GDateTime) from = NULL, until = NULL;
  if (!ls_booking_window (cat, b, &from, &until))
    {
      ls_booking_free (b);
      ls_reply_internal (req);
      return NULL;
    }
  LaysoCheckinVerdict v = layso_checkin_verdict (now, from, until);
  if (v != LAYSO_CHECKIN_OK)
    {
      ls_booking_free (b);
      reply_window (req, v, from, until);
      return NULL;
    }
  return b;
}

/* Issues the ticket (with the booking, used by it in the same transaction) and replies with
 * it, or with the store's error. */
static void
reply_issued (LsRequest *req, const LsKiosk *k, const LsUnit *u, const LsField *f,
              LaysoTicketKind kind, bool priority, const LsBooking *booking, GDateTime *now,
              const LsIdem *idem)
{
  LsStore *store = req->app->store;
  GDate today;
  char today_s[11];
  layso_date_from_datetime (now, &today);
  layso_date_format (&today, today_s);
  g_autofree char *now_s = layso_rfc3339_format (now);
  LsTicketInput in = {
    .unit_id = u->id,
    .field_id = f->id,
    .kiosk_id = k->id,
    .prefix = f->prefix,
    .numbers = kind == LAYSO_TICKET_WALK_IN ? f->walk_in_numbers : f->appointment_numbers,
    .kind = kind,
    .priority = priority,
    .booking = booking,
    .now = now_s,
    .date = today_s,
  };
  TicketCtx ctx = { ls_request_catalog (req) };
  LsReply reply = { 0 };
  bool replayed;
  int r = ls_store_ticket_issue (store, &in, idem, render_ticket, &ctx, &reply, &replayed);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  if (!replayed)
    ls_queue_announce (req, u->id); /* the boards' waiting counts */
  ls_reply_json_string (req, reply.status, reply.body);
  g_free (reply.body);
}

void
ls_route_kiosk_checkin (LsRequest *req)
{
  const LsUnit *u;
  g_autoptr (LsKiosk) k = kiosk_or_reply (req, &u);
  LsKioskCheckinBody body;
  if (!k || !ls_body_decode_or_reply (req, ls_schema_kiosk_checkin, &body))
    return;
  g_autofree char *scope = g_strconcat ("checkin:", k->id, NULL);
  LsIdem idem_buf;
  const LsIdem *idem;
  /* a retried check-in must get its ticket again, though the booking is now used: the
   * replay comes before the booking is looked up */
  if (!ls_idem_begin_or_reply (req, scope, &idem_buf, &idem))
    return;
  g_autoptr (GDateTime) now = ls_now (req);
  g_autoptr (LsBooking) b = choose_booking_or_reply (req, u, body.input, now, idem);
  if (!b)
    return;
  const LsField *f = ls_unit_field (u, b->field_id);
  if (!f)
    {
      ls_reply_internal (req);
      return;
    }
  reply_issued (req, k, u, f, LAYSO_TICKET_APPOINTMENT, false, b, now, idem);
}

/* --- walk-in tickets ------------------------------------------------------------------- */

void
ls_route_kiosk_ticket (LsRequest *req)
{
  const LsUnit *u;
  g_autoptr (LsKiosk) k = kiosk_or_reply (req, &u);
  LsKioskWalkInBody body;
  if (!k || !ls_body_decode_or_reply (req, ls_schema_kiosk_walk_in, &body))
    return;
  const LsField *f = ls_unit_field (u, body.field);
  if (!f)
    {
      ls_reply_invalid (req, "field", "Lĩnh vực không tồn tại");
      return;
    }
  g_autofree char *scope = g_strconcat ("ticket:", k->id, NULL);
  LsIdem idem_buf;
  const LsIdem *idem;
  if (!ls_idem_begin_or_reply (req, scope, &idem_buf, &idem))
    return;
  g_autoptr (GDateTime) now = ls_now (req);
  LaysoCalendar cal;
  ls_catalog_calendar (ls_request_catalog (req), u, &cal);
  if (!layso_walk_in_open (&cal, u->opening_hours, u->n_opening_hours, now))
    {
      g_autofree char *hours = layso_hours_label (u->opening_hours, u->n_opening_hours);
      g_autofree char *msg = g_strdup_printf (
          "Ngoài giờ làm việc, không cấp số thứ tự. Giờ làm việc: %s các ngày làm việc", hours);
      ls_reply_wire (req, LAYSO_WIRE_CLOSED, msg, NULL);
      return;
    }
  reply_issued (req, k, u, f, LAYSO_TICKET_WALK_IN, body.priority, NULL, now, idem);
}

void
ls_route_kiosk_print_result (LsRequest *req)
{
  const LsUnit *u;
  g_autoptr (LsKiosk) k = kiosk_or_reply (req, &u);
  LsKioskPrintBody body;
  if (!k || !ls_body_decode_or_reply (req, ls_schema_kiosk_print, &body))
    return;
  const char *id = ls_request_param (req, "id");
  if (strlen (id) > 64)
    {
      ls_reply_not_found (req);
      return;
    }
  g_autoptr (GDateTime) now = ls_now (req);
  g_autofree char *now_s = layso_rfc3339_format (now);
  int r = ls_store_ticket_print_result (req->app->store, u->id, id, body.ok, body.reason, now_s);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  ls_reply_bytes (req, 204, NULL, NULL, NULL);
}
