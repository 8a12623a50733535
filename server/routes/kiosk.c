/* Kiosk routes (Authorization: Bearer <kiosk token>): who am I, check-in, walk-in tickets,
 * print results. A kiosk belongs to one unit and acts only there. */
#include "routes/api.h"
#include "routes/schemas.h"

#include "app.h"
#include "calendar.h"
#include "clock.h"
#include "codes.h"
#include "http/headers.h"
#include "routes/queue.h"
#include "routes/render.h"
#include "slots.h"
#include "store/store.h"
#include "validate.h"

#include <string.h>

#define TOKEN_MAX_BYTES 256

/* The kiosk of the bearer token, or NULL after a 401. */
static LsKiosk *
authenticate (LsRequest *req, const LsUnit **ret_unit)
{
  const char *auth = ls_request_header (req, "Authorization");
  const char *token = ls_header_bearer_token (auth, TOKEN_MAX_BYTES);
  if (!token)
    {
      ls_reply_error (req, 401, "unauthorized", "Thiết bị chưa được xác thực", NULL);
      ls_reply_add_header (req, "WWW-Authenticate", "Bearer");
      return NULL;
    }
  char hash[65];
  layso_token_hash (token, hash);
  LsKiosk *k = NULL;
  int r = ls_store_kiosk_by_token_hash (req->app->store, hash, &k);
  const LsUnit *u = r == 0 ? ls_catalog_unit (req->app->store->catalog, k->unit_id) : NULL;
  if (r == -LS_E_NOT_FOUND || (r == 0 && !u))
    {
      ls_kiosk_free (k);
      ls_reply_error (req, 401, "unauthorized", "Thiết bị chưa được xác thực", NULL);
      ls_reply_add_header (req, "WWW-Authenticate", "Bearer");
      return NULL;
    }
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return NULL;
    }
  *ret_unit = u;
  return k;
}

void
ls_route_kiosk_me (LsRequest *req)
{
  const LsUnit *u;
  g_autoptr (LsKiosk) k = authenticate (req, &u);
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
    {
      /* the kiosk screen is in a public hall: the CCCD is shown masked */
      char masked[13] = "";
      if (b->cccd)
        layso_cccd_mask (b->cccd, masked);
      const LsUnit *u = ls_catalog_unit (ctx->cat, b->unit_id);
      const LsSlot *s = u ? ls_unit_slot (u, b->slot_id) : NULL;
      json_object *bo = json_object_new_object ();
      json_object_object_add (bo, "code", json_object_new_string (b->code));
      json_object_object_add (bo, "name", b->name ? json_object_new_string (b->name) : NULL);
      json_object_object_add (bo, "cccd", b->cccd ? json_object_new_string (masked) : NULL);
      json_object_object_add (bo, "date", json_object_new_string (b->date));
      json_object *so = json_object_new_object ();
      json_object_object_add (so, "id", json_object_new_string (b->slot_id));
      if (s)
        {
          char a[6], e[6];
          layso_hhmm_format (s->start, a);
          layso_hhmm_format (s->end, e);
          json_object_object_add (so, "start", json_object_new_string (a));
          json_object_object_add (so, "end", json_object_new_string (e));
        }
      json_object_object_add (bo, "slot", so);
      json_object_object_add (root, "booking", bo);
    }
  json_object_object_add (root, "waiting_before", json_object_new_int (t->waiting_before));
  ret->status = b ? 200 : 201;
  ret->body = g_strdup (json_object_to_json_string_ext (root, JSON_C_TO_STRING_PLAIN |
                                                                  JSON_C_TO_STRING_NOSLASHESCAPE));
  json_object_put (root);
}

static void
reply_window (LsRequest *req, LaysoCheckinVerdict v, GDateTime *from, GDateTime *until)
{
  g_autofree char *window = ls_window_label (from, until);
  if (v == LAYSO_CHECKIN_TOO_EARLY)
    {
      g_autofree char *msg = g_strdup_printf ("Chưa đến giờ check-in: %s", window);
      ls_reply_error (req, 422, "too_early", msg, NULL);
    }
  else
    {
      g_autofree char *msg = g_strdup_printf ("Đã quá giờ check-in: %s", window);
      ls_reply_error (req, 422, "too_late", msg, NULL);
    }
}

static bool
is_twelve_digits (const char *s)
{
  return layso_cccd_is_valid (s);
}

/* A booking and its check-in window, the best so far of one kind (in the window, later,
 * earlier); the booking is borrowed from the list. */
typedef struct
{
  LsBooking *b;
  GDateTime *from, *until;
} Candidate;

/* Keeps `b` if it is nearer than the one held: `later` keeps the earliest start, else the
 * latest end. */
static void
candidate_offer (Candidate *c, LsBooking *b, GDateTime *from, GDateTime *until, bool later)
{
  if (c->b && (later ? g_date_time_compare (from, c->from) >= 0
                     : g_date_time_compare (until, c->until) <= 0))
    return;
  g_clear_pointer (&c->from, g_date_time_unref);
  g_clear_pointer (&c->until, g_date_time_unref);
  c->b = b;
  c->from = g_date_time_ref (from);
  c->until = g_date_time_ref (until);
}

static void
candidate_clear (Candidate *c)
{
  g_clear_pointer (&c->from, g_date_time_unref);
  g_clear_pointer (&c->until, g_date_time_unref);
}

/* By CCCD: among the citizen's booked bookings at this unit, on any day, the one whose window
 * holds now (the earliest if several); else the nearest later one is too_early and, with
 * none later, the latest earlier one too_late, with its date and window, as a code would
 * get. A booking on another day is no "invalid code": the citizen came on the wrong day. */
static LsBooking *
choose_by_cccd (LsRequest *req, const LsUnit *u, const char *cccd, GDateTime *now,
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
  Candidate ok = { 0 }, later = { 0 }, earlier = { 0 };
  for (guint i = 0; i < list->len; i++)
    {
      LsBooking *b = g_ptr_array_index (list, i);
      g_autoptr (GDateTime) from = NULL, until = NULL;
      if (strcmp (b->status, "booked") != 0 ||
          !ls_booking_window (store->catalog, b, &from, &until))
        continue;
      LaysoCheckinVerdict v = layso_checkin_verdict (now, from, until);
      if (v == LAYSO_CHECKIN_OK)
        candidate_offer (&ok, b, from, until, true);
      else
        candidate_offer (v == LAYSO_CHECKIN_TOO_EARLY ? &later : &earlier, b, from, until,
                         v == LAYSO_CHECKIN_TOO_EARLY);
    }
  LsBooking *chosen = NULL;
  if (ok.b)
    {
      guint idx = 0;
      g_ptr_array_find (list, ok.b, &idx);
      chosen = g_ptr_array_steal_index (list, idx);
    }
  else if (later.b)
    {
      reply_window (req, LAYSO_CHECKIN_TOO_EARLY, later.from, later.until);
    }
  else if (earlier.b)
    {
      reply_window (req, LAYSO_CHECKIN_TOO_LATE, earlier.from, earlier.until);
    }
  else
    {
      ls_reply_used_or_replay (req, idem);
    }
  candidate_clear (&ok);
  candidate_clear (&later);
  candidate_clear (&earlier);
  return chosen;
}

/* Picks the booking to check in for `input` now, or replies (and returns NULL). */
static LsBooking *
choose_booking (LsRequest *req, const LsUnit *u, const char *input, GDateTime *now,
                const LsIdem *idem)
{
  LsStore *store = req->app->store;
  const LsCatalog *cat = store->catalog;
  g_autofree char *trimmed = g_strstrip (g_strdup (input));
  if (is_twelve_digits (trimmed))
    return choose_by_cccd (req, u, trimmed, now, idem);

  char code[LAYSO_CODE_LEN + 1];
  if (strlen (trimmed) != LAYSO_CODE_LEN)
    {
      ls_reply_invalid (req, "input",
                        "Vui lòng nhập mã đặt chỗ (4 ký tự) hoặc số CCCD (12 chữ số)");
      return NULL;
    }
  LsBooking *b = NULL;
  int r = layso_code_parse (trimmed, code) < 0
              ? -LS_E_USED
              : ls_store_booking_find_active (store, u->id, code, &b);
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

static void
issue (LsRequest *req, const LsKiosk *k, const LsUnit *u, const LsField *f, LaysoTicketKind kind,
       bool priority, const LsBooking *booking, GDateTime *now, const LsIdem *idem)
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
    .kind = kind,
    .priority = priority,
    .booking = booking,
    .now = now_s,
    .date = today_s,
  };
  TicketCtx ctx = { store->catalog };
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
  g_autoptr (LsKiosk) k = authenticate (req, &u);
  if (!k || !ls_json_check (req, ls_schema_kiosk_checkin))
    return;
  g_autofree char *scope = g_strconcat ("checkin:", k->id, NULL);
  LsIdem idem_buf;
  const LsIdem *idem;
  /* a retried check-in must get its ticket again, though the booking is now used: the
   * replay comes before the booking is looked up */
  if (!ls_idem_begin_or_reply (req, scope, &idem_buf, &idem))
    return;
  g_autoptr (GDateTime) now = ls_now (req);
  g_autoptr (LsBooking) b = choose_booking (req, u, ls_json_string (req, "input"), now, idem);
  if (!b)
    return;
  const LsField *f = ls_unit_field (u, b->field_id);
  if (!f)
    {
      ls_reply_internal (req);
      return;
    }
  issue (req, k, u, f, LAYSO_TICKET_APPOINTMENT, false, b, now, idem);
}

/* --- walk-in tickets ------------------------------------------------------------------- */

static char *
hours_label (const LsUnit *u)
{
  GString *g = g_string_new (NULL);
  for (size_t i = 0; i < u->n_opening_hours; i++)
    {
      char a[6], b[6];
      layso_hhmm_format (u->opening_hours[i].start, a);
      layso_hhmm_format (u->opening_hours[i].end, b);
      g_string_append_printf (g, "%s%s–%s", i ? ", " : "", a, b);
    }
  return g_string_free (g, FALSE);
}

void
ls_route_kiosk_ticket (LsRequest *req)
{
  const LsUnit *u;
  g_autoptr (LsKiosk) k = authenticate (req, &u);
  if (!k || !ls_json_check (req, ls_schema_kiosk_walk_in))
    return;
  const LsField *f = ls_unit_field (u, ls_json_string (req, "field"));
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
  GDate today;
  layso_date_from_datetime (now, &today);
  LaysoCalendar cal;
  ls_catalog_calendar (req->app->store->catalog, u, &cal);
  int minute = g_date_time_get_hour (now) * 60 + g_date_time_get_minute (now);
  if (!layso_calendar_is_working_day (&cal, &today) ||
      !layso_hours_contain (u->opening_hours, u->n_opening_hours, minute))
    {
      g_autofree char *hours = hours_label (u);
      g_autofree char *msg = g_strdup_printf (
          "Ngoài giờ làm việc, không cấp số thứ tự. Giờ làm việc: %s các ngày làm việc", hours);
      ls_reply_error (req, 422, "closed", msg, NULL);
      return;
    }
  issue (req, k, u, f, LAYSO_TICKET_WALK_IN, ls_json_bool (req, "priority"), NULL, now, idem);
}

void
ls_route_kiosk_print_result (LsRequest *req)
{
  const LsUnit *u;
  g_autoptr (LsKiosk) k = authenticate (req, &u);
  if (!k || !ls_json_check (req, ls_schema_kiosk_print))
    return;
  const char *id = ls_request_param (req, "id");
  if (strlen (id) > 64)
    {
      ls_reply_not_found (req);
      return;
    }
  g_autoptr (GDateTime) now = ls_now (req);
  g_autofree char *now_s = layso_rfc3339_format (now);
  int r = ls_store_ticket_print_result (req->app->store, u->id, id, ls_json_bool (req, "ok"),
                                        ls_json_string (req, "reason"), now_s);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  ls_reply_bytes (req, 204, NULL, NULL, NULL);
}
