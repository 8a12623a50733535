/* Parsing the contract's JSON. Strict where the kiosk depends on a value (ids, the ticket
 * number), tolerant of extra members, so a newer server does not break an older kiosk. */
#include "lk-wire.h"

#include "json-member.h"
#include "wire.h"

#include <json-c/json.h>
#include <string.h>

G_DEFINE_QUARK (lk - client - error - quark, lk_client_error)

static json_object *
parse_object (const char *body, gsize length, GError **error)
{
  if (body == NULL || length == 0 || length > G_MAXINT || !g_utf8_validate_len (body, length, NULL))
    {
      g_set_error_literal (error, LK_CLIENT_ERROR, LK_CLIENT_ERROR_PROTOCOL,
                           "Máy chủ trả lời không hợp lệ");
      return NULL;
    }
  json_tokener *tok = json_tokener_new ();
  json_object *root = json_tokener_parse_ex (tok, body, (int) length);
  gboolean complete = json_tokener_get_error (tok) == json_tokener_success &&
                      json_tokener_get_parse_end (tok) == length;
  json_tokener_free (tok);
  if (root == NULL || !complete || !json_object_is_type (root, json_type_object))
    {
      json_object_put (root);
      g_set_error_literal (error, LK_CLIENT_ERROR, LK_CLIENT_ERROR_PROTOCOL,
                           "Máy chủ trả lời không hợp lệ");
      return NULL;
    }
  return root;
}

/* A non-empty string member, copied; NULL when absent or not a string. */
static char *
string_member (json_object *obj, const char *key)
{
  const char *v = layso_json_member_string (obj, key);
  return v != NULL && v[0] != '\0' ? g_strdup (v) : NULL;
}

static gboolean
protocol_error (GError **error, const char *what)
{
  g_set_error (error, LK_CLIENT_ERROR, LK_CLIENT_ERROR_PROTOCOL,
               "Máy chủ trả lời không hợp lệ (%s)", what);
  return FALSE;
}

static LkField *
parse_field (json_object *obj)
{
  g_autofree char *id = string_member (obj, "id");
  g_autofree char *name = string_member (obj, "name");
  if (id == NULL || name == NULL)
    return NULL;
  LkField *field = g_new0 (LkField, 1);
  field->id = g_steal_pointer (&id);
  field->name = g_steal_pointer (&name);
  field->prefix = string_member (obj, "prefix");
  return field;
}

LkKioskInfo *
lk_wire_parse_me (const char *body, gsize length, GError **error)
{
  json_object *root = parse_object (body, length, error);
  if (root == NULL)
    return NULL;

  g_autoptr (LkKioskInfo) info = g_new0 (LkKioskInfo, 1);
  info->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) lk_field_free);

  json_object *kiosk = layso_json_member_of_type (root, "kiosk", json_type_object);
  json_object *unit = layso_json_member_of_type (root, "unit", json_type_object);
  json_object *fields = layso_json_member_of_type (unit, "fields", json_type_array);
  info->kiosk_id = string_member (kiosk, "id");
  info->kiosk_name = string_member (kiosk, "name");
  info->unit_id = string_member (unit, "id");
  info->unit_name = string_member (unit, "name");
  info->unit_address = string_member (unit, "address");

  gboolean ok = info->kiosk_id && info->unit_id && info->unit_name && fields;
  for (size_t i = 0; ok && i < json_object_array_length (fields); i++)
    {
      LkField *field = parse_field (json_object_array_get_idx (fields, i));
      if (field == NULL)
        ok = FALSE;
      else
        g_ptr_array_add (info->fields, field);
    }
  json_object_put (root);
  if (!ok)
    {
      protocol_error (error, "kiosk/me");
      return NULL;
    }
  return g_steal_pointer (&info);
}

LkTicket *
lk_wire_parse_ticket (const char *body, gsize length, GError **error)
{
  json_object *root = parse_object (body, length, error);
  if (root == NULL)
    return NULL;

  g_autoptr (LkTicket) ticket = g_new0 (LkTicket, 1);
  json_object *t = layso_json_member_of_type (root, "ticket", json_type_object);
  json_object *field = layso_json_member_of_type (t, "field", json_type_object);
  json_object *booking = layso_json_member_of_type (root, "booking", json_type_object);
  json_object *waiting = layso_json_member_of_type (root, "waiting_before", json_type_int);
  LaysoTicketKind kind;
  gboolean kind_ok =
      layso_ticket_kind_from_string (layso_json_member_string (t, "kind"), &kind) == 0;

  ticket->id = string_member (t, "id");
  ticket->number = string_member (t, "number");
  ticket->field_id = string_member (field, "id");
  ticket->field_name = string_member (field, "name");
  ticket->issued_at = string_member (t, "issued_at");
  ticket->waiting_before = waiting ? (int) CLAMP (json_object_get_int64 (waiting), 0, G_MAXINT) : 0;
  ticket->walk_in = kind_ok && kind == LAYSO_TICKET_WALK_IN;
  if (booking != NULL)
    {
      json_object *slot = layso_json_member_of_type (booking, "slot", json_type_object);
      ticket->booking_code = string_member (booking, "code");
      ticket->booking_name = string_member (booking, "name");
      ticket->booking_cccd = string_member (booking, "cccd");
      ticket->booking_date = string_member (booking, "date");
      ticket->slot_start = string_member (slot, "start");
      ticket->slot_end = string_member (slot, "end");
    }
  json_object_put (root);

  if (ticket->id == NULL || ticket->number == NULL || strlen (ticket->number) > 16 || !kind_ok ||
      (!ticket->walk_in && ticket->booking_code == NULL))
    {
      protocol_error (error, "ticket");
      return NULL;
    }
  return g_steal_pointer (&ticket);
}

/* What the kiosk does with each contract code (common/wire.h). A kiosk acts on the codes its
 * routes answer; any other is OTHER, shown with the server's own message. */
static LkClientError
error_from_wire (LaysoWireError wire)
{
  switch (wire)
    {
      case LAYSO_WIRE_INVALID_INPUT:
        return LK_CLIENT_ERROR_INVALID_INPUT;
      case LAYSO_WIRE_UNAUTHORIZED:
        return LK_CLIENT_ERROR_UNAUTHORIZED;
      case LAYSO_WIRE_NOT_FOUND:
        return LK_CLIENT_ERROR_NOT_FOUND;
      case LAYSO_WIRE_CODE_INVALID_OR_USED:
        return LK_CLIENT_ERROR_CODE_INVALID_OR_USED;
      case LAYSO_WIRE_TOO_EARLY:
        return LK_CLIENT_ERROR_TOO_EARLY;
      case LAYSO_WIRE_TOO_LATE:
        return LK_CLIENT_ERROR_TOO_LATE;
      case LAYSO_WIRE_CLOSED:
        return LK_CLIENT_ERROR_CLOSED;
      case LAYSO_WIRE_RATE_LIMITED:
        return LK_CLIENT_ERROR_RATE_LIMITED;
      case LAYSO_WIRE_INTERNAL:
        return LK_CLIENT_ERROR_INTERNAL;
      case LAYSO_WIRE_UNAVAILABLE:
        return LK_CLIENT_ERROR_UNAVAILABLE;
      default:
        return LK_CLIENT_ERROR_OTHER;
    }
}

/* Without a contract error body (a proxy's page, an empty 5xx): by the HTTP status alone. */
static LkClientError
error_from_status (long status)
{
  switch (status)
    {
      case 400:
        return LK_CLIENT_ERROR_INVALID_INPUT;
      case 401:
      case 403: /* a proxy refusing this kiosk: the same advice as a token refused */
        return LK_CLIENT_ERROR_UNAUTHORIZED;
      case 404:
        return LK_CLIENT_ERROR_NOT_FOUND;
      case 429:
        return LK_CLIENT_ERROR_RATE_LIMITED;
      case 503:
        return LK_CLIENT_ERROR_UNAVAILABLE;
      default:
        return status >= 500 ? LK_CLIENT_ERROR_INTERNAL : LK_CLIENT_ERROR_OTHER;
    }
}

static const char *
message_for (LkClientError code)
{
  switch (code)
    {
      case LK_CLIENT_ERROR_UNAUTHORIZED:
        return "Ki-ốt chưa được cấp quyền, vui lòng báo cán bộ hỗ trợ";
      case LK_CLIENT_ERROR_RATE_LIMITED:
        return "Hệ thống đang bận, vui lòng thử lại sau ít phút";
      case LK_CLIENT_ERROR_INTERNAL:
        return "Máy chủ đang gặp sự cố, vui lòng thử lại sau";
      case LK_CLIENT_ERROR_CLOSED:
        return LAYSO_MSG_CLOSED;
      case LK_CLIENT_ERROR_UNAVAILABLE:
        return LAYSO_MSG_UNAVAILABLE;
      default:
        return "Yêu cầu không thực hiện được, vui lòng báo cán bộ hỗ trợ";
    }
}

void
lk_wire_set_error_from_reply (GError **error, long http_status, const char *body, gsize length)
{
  LkClientError code = error_from_status (http_status);
  g_autofree char *message = NULL;
  json_object *root = parse_object (body, length, NULL);
  json_object *err = layso_json_member_of_type (root, "error", json_type_object);

  if (err != NULL)
    {
      LaysoWireError wire;
      if (layso_wire_error_from_string (layso_json_member_string (err, "code"), &wire) == 0)
        code = error_from_wire (wire);
      message = string_member (err, "message");
    }
  json_object_put (root);
  /* The message goes on screen: keep it short and to one paragraph. A busy server's own
   * words (full disk, database away) are for its operator, not the citizen. */
  if (message != NULL && (g_utf8_strlen (message, -1) > 300 || strchr (message, '\n') ||
                          code == LK_CLIENT_ERROR_UNAVAILABLE))
    g_clear_pointer (&message, g_free);
  g_set_error_literal (error, LK_CLIENT_ERROR, code, message ? message : message_for (code));
}

char *
lk_wire_format_instant (const char *rfc3339)
{
  if (rfc3339 == NULL)
    return NULL;
  g_autoptr (GDateTime) t = g_date_time_new_from_iso8601 (rfc3339, NULL);
  if (t == NULL)
    return NULL;
  return g_date_time_format (t, "%d/%m/%Y %H:%M");
}

void
lk_field_free (LkField *field)
{
  if (field == NULL)
    return;
  g_free (field->id);
  g_free (field->name);
  g_free (field->prefix);
  g_free (field);
}

void
lk_kiosk_info_free (LkKioskInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->kiosk_id);
  g_free (info->kiosk_name);
  g_free (info->unit_id);
  g_free (info->unit_name);
  g_free (info->unit_address);
  g_clear_pointer (&info->fields, g_ptr_array_unref);
  g_free (info);
}

void
lk_ticket_free (LkTicket *ticket)
{
  if (ticket == NULL)
    return;
  g_free (ticket->id);
  g_free (ticket->number);
  g_free (ticket->field_id);
  g_free (ticket->field_name);
  g_free (ticket->issued_at);
  g_free (ticket->booking_code);
  g_free (ticket->booking_name);
  g_free (ticket->booking_cccd);
  g_free (ticket->booking_date);
  g_free (ticket->slot_start);
  g_free (ticket->slot_end);
  g_free (ticket);
}

LkTicket *
lk_ticket_copy (const LkTicket *t)
{
  LkTicket *copy = g_new0 (LkTicket, 1);
  copy->id = g_strdup (t->id);
  copy->number = g_strdup (t->number);
  copy->walk_in = t->walk_in;
  copy->field_id = g_strdup (t->field_id);
  copy->field_name = g_strdup (t->field_name);
  copy->issued_at = g_strdup (t->issued_at);
  copy->waiting_before = t->waiting_before;
  copy->booking_code = g_strdup (t->booking_code);
  copy->booking_name = g_strdup (t->booking_name);
  copy->booking_cccd = g_strdup (t->booking_cccd);
  copy->booking_date = g_strdup (t->booking_date);
  copy->slot_start = g_strdup (t->slot_start);
  copy->slot_end = g_strdup (t->slot_end);
  return copy;
}
