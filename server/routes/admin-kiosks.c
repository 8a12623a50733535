/* Administration of a unit's kiosks: create one (its token shown once), rotate its token,
 * revoke it, and see when each was last seen and its printer's last result. */
#include "routes/admin.h"

#include "app.h"
#include "routes/body.h"
#include "routes/context.h"
#include "routes/errors.h"
#include "routes/staff.h"
#include "ticket-render.h"

#include <errno.h>
#include <string.h>

static json_object *
kiosk_json (const LsKioskStatus *k)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "id", json_object_new_string (k->id));
  json_object_object_add (o, "name", json_object_new_string (k->name));
  json_object_object_add (o, "active", json_object_new_boolean (k->revoked_at == NULL));
  json_object_object_add (o, "revoked_at",
                          k->revoked_at ? json_object_new_string (k->revoked_at) : NULL);
  json_object_object_add (o, "last_seen_at",
                          k->last_seen_at ? json_object_new_string (k->last_seen_at) : NULL);
  json_object *printer = NULL;
  if (k->print_ok >= 0)
    {
      printer = json_object_new_object ();
      json_object_object_add (printer, "ok", json_object_new_boolean (k->print_ok == 1));
      json_object_object_add (printer, "reason",
                              k->print_reason ? json_object_new_string (k->print_reason) : NULL);
      json_object_object_add (printer, "at",
                              k->printed_at ? json_object_new_string (k->printed_at) : NULL);
    }
  json_object_object_add (o, "printer", printer);
  return o;
}

/* The token as a QR code (a PNG data: URL) for the kiosk's set-up to scan: the token's
 * 43 characters and nothing else. */
static json_object *
token_qr (const char *token)
{
  g_autoptr (GBytes) png = layso_render_qr_png (token, strlen (token), 6);
  if (!png)
    return NULL;
  gsize len;
  const guchar *data = g_bytes_get_data (png, &len);
  g_autofree char *b64 = g_base64_encode (data, len);
  g_autofree char *url = g_strconcat ("data:image/png;base64,", b64, NULL);
  return json_object_new_string (url);
}

/* {"kiosks":[…]} of the unit, plus `token` (and `token_qr`) when one was just made. */
static void
reply_kiosks (LsRequest *req, const LsUnit *unit, unsigned status, const char *token)
{
  g_autoptr (GPtrArray) list = NULL;
  int r = ls_store_kiosks_of_unit (req->app->store, unit->id, &list);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  json_object *arr = json_object_new_array ();
  for (guint i = 0; i < list->len; i++)
    json_object_array_add (arr, kiosk_json (g_ptr_array_index (list, i)));
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "kiosks", arr);
  if (token)
    {
      json_object_object_add (root, "token", json_object_new_string (token));
      json_object_object_add (root, "token_qr", token_qr (token));
    }
  ls_reply_json (req, status, root);
}

void
ls_route_admin_kiosks (LsRequest *req)
{
  const LsUnit *unit;
  g_autoptr (LsStaffUser) u = ls_admin_unit_or_reply (req, false, &unit);
  if (u)
    reply_kiosks (req, unit, 200, NULL);
}

/* POST /api/v1/admin/units/{unit}/kiosks {"id","name"}: 201 with the token, once. */
void
ls_route_admin_kiosk_create (LsRequest *req)
{
  const LsUnit *unit;
  g_autoptr (LsStaffUser) u = ls_admin_unit_or_reply (req, true, &unit);
  LsAdminKioskBody b;
  if (!u || !ls_body_decode_or_reply (req, ls_schema_admin_kiosk, &b) ||
      !ls_admin_id_valid_or_reply (req, b.id, "id"))
    return;
  g_autofree char *now = ls_admin_now (req), *token = NULL;
  LsAuditEntry e = { u->id, "kiosk.create", unit->id, b.id, NULL, now };
  int r = ls_store_kiosk_create (req->app->store, unit->id, b.id, b.name, &e, &token);
  if (r == -EEXIST)
    ls_reply_error (req, 409, "kiosk_exists", "Mã thiết bị này đã có", "id");
  else if (r < 0)
    ls_reply_store_error (req, r);
  else
    reply_kiosks (req, unit, 201, token);
}

void
ls_route_admin_kiosk_action (LsRequest *req)
{
  const char *id = ls_request_param (req, "id");
  const LsUnit *unit;
  bool rotate;
  g_autoptr (LsStaffUser) u =
      ls_admin_unit_action_or_reply (req, "rotate", "revoke", 64, &unit, &rotate);
  if (!u)
    return;
  g_autofree char *now = ls_admin_now (req), *token = NULL;
  LsAuditEntry e = { u->id, rotate ? "kiosk.rotate" : "kiosk.revoke", unit->id, id, NULL, now };
  int r = rotate ? ls_store_kiosk_rotate_in_unit (req->app->store, unit->id, id, &e, &token)
                 : ls_store_kiosk_revoke (req->app->store, unit->id, id, &e);
  if (r < 0)
    ls_reply_store_error (req, r);
  else
    reply_kiosks (req, unit, 200, token);
}
