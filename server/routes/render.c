#include "routes/render.h"

#include "calendar.h"
#include "clock.h"
#include "ratelimit.h"
#include "slots.h"

#include <stdatomic.h>
#include <string.h>

json_object *
ls_json_unit_detail (const LsUnit *u)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "id", json_object_new_string (u->id));
  json_object_object_add (o, "name", json_object_new_string (u->name));
  json_object_object_add (o, "address", json_object_new_string (u->address));
  json_object_object_add (o, "checkin_lead_minutes", json_object_new_int (u->checkin_lead_minutes));
  json_object *fields = json_object_new_array ();
  for (guint i = 0; i < u->fields->len; i++)
    {
      const LsField *f = g_ptr_array_index (u->fields, i);
      char prefix[2] = { f->prefix, 0 };
      json_object *fo = json_object_new_object ();
      json_object_object_add (fo, "id", json_object_new_string (f->id));
      json_object_object_add (fo, "name", json_object_new_string (f->name));
      json_object_object_add (fo, "prefix", json_object_new_string (prefix));
      json_object_array_add (fields, fo);
    }
  json_object_object_add (o, "fields", fields);
  return o;
}

static json_object *
id_name (const char *id, const char *name)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "id", json_object_new_string (id));
  json_object_object_add (o, "name", json_object_new_string (name ? name : ""));
  return o;
}

json_object *
ls_json_slot (const LsSlot *s, const char *id)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "id", json_object_new_string (id));
  if (s)
    {
      char a[6], b[6];
      layso_hhmm_format (s->start, a);
      layso_hhmm_format (s->end, b);
      json_object_object_add (o, "start", json_object_new_string (a));
      json_object_object_add (o, "end", json_object_new_string (b));
    }
  return o;
}

bool
ls_booking_window (const LsCatalog *cat, const LsBooking *b, GDateTime **ret_from,
                   GDateTime **ret_until)
{
  const LsUnit *u = ls_catalog_unit (cat, b->unit_id);
  const LsSlot *s = u ? ls_unit_slot (u, b->slot_id) : NULL;
  GDate day;
  if (!s || !layso_date_parse (b->date, &day))
    return false;
  layso_checkin_window (&day, s->start, s->end, u->checkin_lead_minutes, ret_from, ret_until);
  return true;
}

char *
ls_window_label (GDateTime *from, GDateTime *until)
{
  return g_strdup_printf ("từ %02d:%02d đến %02d:%02d ngày %d/%d/%d", g_date_time_get_hour (from),
                          g_date_time_get_minute (from), g_date_time_get_hour (until),
                          g_date_time_get_minute (until), g_date_time_get_day_of_month (until),
                          g_date_time_get_month (until), g_date_time_get_year (until));
}

json_object *
ls_json_booking (const LsCatalog *cat, const LsBooking *b, GDateTime *now)
{
  const LsUnit *u = ls_catalog_unit (cat, b->unit_id);
  const LsField *f = u ? ls_unit_field (u, b->field_id) : NULL;
  const LsSlot *s = u ? ls_unit_slot (u, b->slot_id) : NULL;
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "code", json_object_new_string (b->code));
  json_object_object_add (o, "name", b->name ? json_object_new_string (b->name) : NULL);
  json_object_object_add (o, "cccd", b->cccd ? json_object_new_string (b->cccd) : NULL);
  json_object_object_add (o, "phone", b->phone ? json_object_new_string (b->phone) : NULL);
  json_object_object_add (o, "unit", id_name (b->unit_id, u ? u->name : NULL));
  json_object_object_add (o, "field", id_name (b->field_id, f ? f->name : NULL));
  json_object_object_add (o, "date", json_object_new_string (b->date));
  json_object_object_add (o, "slot", ls_json_slot (s, b->slot_id));
  const char *status = b->status;
  g_autoptr (GDateTime) from = NULL, until = NULL;
  if (ls_booking_window (cat, b, &from, &until))
    {
      g_autofree char *f1 = layso_rfc3339_format (from);
      g_autofree char *f2 = layso_rfc3339_format (until);
      json_object_object_add (o, "checkin_from", json_object_new_string (f1));
      json_object_object_add (o, "checkin_until", json_object_new_string (f2));
      if (strcmp (status, "booked") == 0 && now && g_date_time_compare (now, until) > 0)
        status = "expired";
    }
  json_object_object_add (o, "status", json_object_new_string (status));
  return o;
}

json_object *
ls_json_ticket (const LsCatalog *cat, const LsTicket *t)
{
  const LsUnit *u = ls_catalog_unit (cat, t->unit_id);
  const LsField *f = u ? ls_unit_field (u, t->field_id) : NULL;
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "id", json_object_new_string (t->id));
  json_object_object_add (o, "number", json_object_new_string (t->number));
  json_object_object_add (
      o, "kind",
      json_object_new_string (t->kind == LAYSO_TICKET_WALK_IN ? "walk_in" : "appointment"));
  json_object_object_add (o, "field", id_name (t->field_id, f ? f->name : NULL));
  json_object_object_add (o, "issued_at", json_object_new_string (t->issued_at));
  json_object_object_add (o, "priority", json_object_new_boolean (t->priority));
  return o;
}

GDateTime *
ls_now (LsRequest *req)
{
  return layso_clock_now (req->app->clock);
}

/* A citizen retrying after this finds the disk freed, or is told again. */
#define DISK_FULL_RETRY_AFTER_S 30

static _Atomic gint64 disk_full_logged;

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
        ls_reply_error (req, 409, "code_invalid_or_used",
                        "Mã đặt chỗ không hợp lệ hoặc đã được sử dụng", NULL);
        break;
      case LS_E_SLOT_FULL:
        ls_reply_error (req, 409, "slot_full", "Khung giờ này đã hết lượt đặt chỗ", "slot");
        break;
      case LS_E_DUPLICATE:
        ls_reply_error (req, 409, "duplicate_booking",
                        "Số căn cước công dân này đã có lịch hẹn cho lĩnh vực và ngày đã chọn",
                        "cccd");
        break;
      case LS_E_DUPLICATE_UNIT: /* routes/bookings.c says it with the unit's figure */
        ls_reply_error (req, 409, "duplicate_booking",
                        "Số căn cước công dân này đã giữ số lịch hẹn tối đa tại đơn vị này",
                        "cccd");
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
      default:
        g_printerr ("layso-server: %s %s: store failed (%s)\n", req->method, ls_request_route (req),
                    g_strerror (-r));
        ls_reply_internal (req);
    }
}

static bool
idem_from_request (LsRequest *req, const char *scope, LsIdem *idem, bool *ret_has_key)
{
  const char *key = ls_request_header (req, "Idempotency-Key");
  *ret_has_key = false;
  if (!key)
    return true;
  size_t len = strlen (key);
  bool ok = len >= 1 && len <= 255;
  for (size_t i = 0; ok && i < len; i++)
    ok = key[i] > 0x20 && key[i] < 0x7f;
  if (!ok)
    {
      ls_reply_invalid (req, "Idempotency-Key", "Idempotency-Key không hợp lệ");
      return false;
    }
  GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, (const guchar *) req->method, -1);
  g_checksum_update (sum, (const guchar *) " ", 1);
  g_checksum_update (sum, (const guchar *) req->path, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  gsize blen;
  const guchar *body = g_bytes_get_data (req->body, &blen);
  if (blen)
    g_checksum_update (sum, body, (gssize) blen);
  g_strlcpy (idem->hash, g_checksum_get_string (sum), sizeof idem->hash);
  g_checksum_free (sum);
  idem->scope = scope;
  idem->key = key;
  *ret_has_key = true;
  return true;
}

static bool
idem_replay (LsRequest *req, const LsIdem *idem)
{
  LsReply reply = { 0 };
  int r = ls_store_idem_lookup (req->app->store, idem, &reply);
  if (r == 0)
    return false;
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return true;
    }
  ls_reply_json_string (req, reply.status, reply.body);
  g_free (reply.body);
  return true;
}

bool
ls_idem_begin_or_reply (LsRequest *req, const char *scope, LsIdem *idem, const LsIdem **ret_idem)
{
  bool has_key;
  if (!idem_from_request (req, scope, idem, &has_key))
    return false;
  if (has_key && idem_replay (req, idem))
    return false;
  *ret_idem = has_key ? idem : NULL;
  return true;
}

void
ls_reply_used_or_replay (LsRequest *req, const LsIdem *idem)
{
  if (idem && idem_replay (req, idem))
    return;
  ls_reply_store_error (req, -LS_E_USED);
}
