/* Administration: what admin.h's routes share, the server's settings (the province's name,
 * the retention period and the purge's last run) and the units' notices. */
#include "routes/admin.h"

#include "app.h"
#include "clock.h"
#include "retention.h"
#include "routes/body.h"
#include "routes/context.h"
#include "routes/errors.h"
#include "routes/staff.h"

#include <errno.h>
#include <string.h>

/* --- shared ------------------------------------------------------------------------------- */

LsStaffUser *
ls_admin_unit_or_reply (LsRequest *req, bool write, const LsUnit **ret_unit)
{
  g_autoptr (LsStaffUser) u = write ? ls_staff_acting_or_reply (req) : ls_staff_or_reply (req);
  if (!u || !ls_staff_is_manager_or_reply (req, u))
    return NULL;
  const LsUnit *unit = ls_catalog_unit (ls_request_catalog (req), ls_request_param (req, "unit"));
  if (!unit)
    {
      ls_reply_not_found (req);
      return NULL;
    }
  if (!ls_staff_unit_allowed_or_reply (req, u, unit->id))
    return NULL;
  *ret_unit = unit;
  return g_steal_pointer (&u);
}

LsStaffUser *
ls_admin_unit_action_or_reply (LsRequest *req, const char *first, const char *second, size_t max_id,
                               const LsUnit **ret_unit, bool *ret_first)
{
  const char *id = ls_request_param (req, "id"), *action = ls_request_param (req, "action");
  bool is_first = strcmp (action, first) == 0;
  if ((!is_first && strcmp (action, second) != 0) || strlen (id) > max_id)
    {
      ls_reply_not_found (req);
      return NULL;
    }
  LsStaffUser *u = ls_admin_unit_or_reply (req, true, ret_unit);
  if (u)
    *ret_first = is_first;
  return u;
}

bool
ls_admin_reload_or_reply (LsRequest *req)
{
  int r = ls_store_reload_catalog (req->app->store);
  if (r < 0)
    ls_reply_store_error (req, r);
  return r >= 0;
}

char *
ls_admin_now (LsRequest *req)
{
  g_autoptr (GDateTime) now = ls_now (req);
  return layso_rfc3339_format (now);
}

bool
ls_admin_id_valid_or_reply (LsRequest *req, const char *id, const char *member)
{
  size_t n = id ? strlen (id) : 0;
  bool ok = n >= 1 && n <= 64;
  for (size_t i = 0; ok && i < n; i++)
    ok = g_ascii_islower (id[i]) || g_ascii_isdigit (id[i]) || id[i] == '-';
  if (!ok)
    ls_reply_invalid (req, member, "Mã gồm 1-64 ký tự a-z, 0-9 và dấu gạch ngang");
  return ok;
}

LsStaffUser *
ls_admin_server_admin_or_reply (LsRequest *req)
{
  g_autoptr (LsStaffUser) u = ls_staff_acting_or_reply (req);
  if (!u)
    return NULL;
  if (strcmp (u->role, "admin") != 0)
    {
      ls_reply_error (req, 403, "forbidden", LS_MESSAGE_FORBIDDEN, NULL);
      return NULL;
    }
  return g_steal_pointer (&u);
}

/* --- the server's settings ------------------------------------------------------------------ */

static json_object *
purge_json (LsRequest *req)
{
  g_autofree char *last = NULL, *count = NULL;
  if (ls_store_setting_get (req->app->store, "purge_last_run", &last) < 0 ||
      ls_store_setting_get (req->app->store, "purge_last_count", &count) < 0)
    return NULL;
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "last_run", json_object_new_string (last));
  json_object_object_add (o, "purged", json_object_new_int (atoi (count)));
  return o;
}

/* GET /api/v1/admin/settings: what is in force and where it comes from (managers read it). */
void
ls_route_admin_settings (LsRequest *req)
{
  g_autoptr (LsStaffUser) u = ls_staff_or_reply (req);
  if (!u || !ls_staff_is_manager_or_reply (req, u))
    return;
  const LsCatalog *cat = ls_request_catalog (req);
  const LsConfig *cf = &req->app->config;
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "province",
                          json_object_new_string (cat->province  ? cat->province
                                                  : cf->province ? cf->province
                                                                 : ""));
  json_object_object_add (o, "province_set", json_object_new_boolean (cat->province != NULL));
  json_object_object_add (o, "retention_days",
                          json_object_new_int ((int) ls_retention_days (req->app)));
  json_object_object_add (o, "retention_set", json_object_new_boolean (cat->retention_days > 0));
  json_object_object_add (o, "purge", purge_json (req));
  ls_reply_json (req, 200, o);
}

/* Writes one server setting, audited, and makes it current. */
static void
setting_write (LsRequest *req, const LsStaffUser *u, const char *key, const char *value)
{
  g_autofree char *now = ls_admin_now (req);
  g_autofree char *action = g_strconcat ("settings.", key, NULL);
  LsAuditEntry e = { u->id, action, NULL, key, value, now };
  int r = ls_store_setting_set (req->app->store, key, value, &e);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  if (!ls_admin_reload_or_reply (req))
    return;
  ls_route_admin_settings (req);
}

/* POST /api/v1/admin/settings/province (admins): the brand of every page. */
void
ls_route_admin_province (LsRequest *req)
{
  g_autoptr (LsStaffUser) u = ls_admin_server_admin_or_reply (req);
  LsAdminProvinceBody body;
  if (!u || !ls_body_decode_or_reply (req, ls_schema_admin_province, &body))
    return;
  g_autofree char *nfc = g_utf8_normalize (body.province, -1, G_NORMALIZE_NFC);
  setting_write (req, u, "province", g_strstrip (nfc));
}

/* POST /api/v1/admin/settings/retention (admins): overrides --retention-days from now on. */
void
ls_route_admin_retention (LsRequest *req)
{
  g_autoptr (LsStaffUser) u = ls_admin_server_admin_or_reply (req);
  LsAdminRetentionBody body;
  if (!u || !ls_body_decode_or_reply (req, ls_schema_admin_retention, &body))
    return;
  g_autofree char *days = g_strdup_printf ("%" G_GINT64_FORMAT, body.retention_days);
  setting_write (req, u, "retention_days", days);
}

/* --- notices -------------------------------------------------------------------------------- */

json_object *
ls_admin_notice_json (const LsNotice *n)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "id", json_object_new_string (n->id));
  json_object_object_add (o, "title", json_object_new_string (n->title));
  json_object_object_add (o, "body", json_object_new_string (n->body));
  json_object_object_add (o, "published", json_object_new_boolean (!n->draft));
  json_object_object_add (o, "published_at",
                          n->draft ? NULL : json_object_new_string (n->published_at));
  return o;
}

/* The unit's notices, drafts included, as the answer of every notice write. */
static void
reply_notices (LsRequest *req, const LsUnit *unit, unsigned status)
{
  g_autoptr (GPtrArray) list = NULL;
  int r = ls_store_notices_admin (req->app->store, unit->id, &list);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  json_object *arr = json_object_new_array ();
  for (guint i = 0; i < list->len; i++)
    json_object_array_add (arr, ls_admin_notice_json (g_ptr_array_index (list, i)));
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "notices", arr);
  ls_reply_json (req, status, root);
}

static void
notice_write (LsRequest *req, const char *id)
{
  const LsUnit *unit;
  g_autoptr (LsStaffUser) u = ls_admin_unit_or_reply (req, true, &unit);
  LsAdminNoticeBody body;
  if (!u || !ls_body_decode_or_reply (req, ls_schema_admin_notice, &body))
    return;
  g_autofree char *now = ls_admin_now (req);
  LsAuditEntry e = { u->id, id ? "notice.update" : "notice.create", unit->id, id, NULL, now };
  LsNoticeInput in = { id, unit->id, body.title, body.body, now };
  g_autofree char *new_id = NULL;
  int r = ls_store_notice_put (req->app->store, &in, &e, &new_id);
  if (r < 0)
    ls_reply_store_error (req, r);
  else
    reply_notices (req, unit, id ? 200 : 201);
}

/* POST /api/v1/admin/units/{unit}/notices: a new draft. */
void
ls_route_admin_notice_create (LsRequest *req)
{
  notice_write (req, NULL);
}

/* POST /api/v1/admin/units/{unit}/notices/{id}: its new title and body. */
void
ls_route_admin_notice_update (LsRequest *req)
{
  const char *id = ls_request_param (req, "id");
  if (strlen (id) > 128)
    ls_reply_not_found (req);
  else
    notice_write (req, id);
}

void
ls_route_admin_notice_action (LsRequest *req)
{
  const char *id = ls_request_param (req, "id");
  const LsUnit *unit;
  bool publish;
  g_autoptr (LsStaffUser) u =
      ls_admin_unit_action_or_reply (req, "publish", "unpublish", 128, &unit, &publish);
  if (!u)
    return;
  g_autofree char *now = ls_admin_now (req);
  LsAuditEntry e = {
    u->id, publish ? "notice.publish" : "notice.unpublish", unit->id, id, NULL, now
  };
  int r = ls_store_notice_publish (req->app->store, unit->id, id, publish, now, &e);
  if (r < 0)
    ls_reply_store_error (req, r);
  else
    reply_notices (req, unit, 200);
}

/* --- the audit log -------------------------------------------------------------------------- */

/* A query argument that is a number in [lo, hi], or `fallback` when absent; false after a 400. */
static bool
query_number_or_reply (LsRequest *req, const char *name, gint64 lo, gint64 hi, gint64 fallback,
                       gint64 *ret)
{
  const char *v = ls_request_query (req, name);
  if (!v || !*v)
    {
      *ret = fallback;
      return true;
    }
  char *end = NULL;
  gint64 n = g_ascii_strtoll (v, &end, 10);
  if (end == v || *end || n < lo || n > hi)
    {
      ls_reply_invalid (req, name, "Giá trị ngoài khoảng cho phép");
      return false;
    }
  *ret = n;
  return true;
}

/* The search's conditions from ?unit=&action=&q=&before=&limit=; a manager's are kept to
 * their unit. false after replying. */
static bool
audit_query_or_reply (LsRequest *req, const LsStaffUser *u, LsAuditQuery *q)
{
  const char *unit = ls_request_query (req, "unit");
  q->unit_id = unit && *unit ? unit : u->unit_id;
  const char *action = ls_request_query (req, "action"), *text = ls_request_query (req, "q");
  if ((action && strlen (action) > 64) || (text && strlen (text) > 100))
    {
      ls_reply_invalid (req, action && strlen (action) > 64 ? "action" : "q",
                        "Từ khóa tìm kiếm quá dài");
      return false;
    }
  q->action = action && *action ? action : NULL;
  q->text = text && *text ? text : NULL;
  gint64 before, limit;
  if (!query_number_or_reply (req, "before", 1, G_MAXINT64, 0, &before) ||
      !query_number_or_reply (req, "limit", 1, LS_AUDIT_PAGE_MAX, 50, &limit))
    return false;
  q->before_id = before;
  q->limit = (unsigned) limit;
  return !q->unit_id || ls_staff_unit_allowed_or_reply (req, u, q->unit_id);
}

static json_object *
audit_row_json (const LsAuditRow *row)
{
  json_object *o = json_object_new_object ();
  json_object_object_add (o, "id", json_object_new_int64 (row->id));
  json_object_object_add (o, "at", json_object_new_string (row->at));
  json_object_object_add (o, "user", row->username ? json_object_new_string (row->username) : NULL);
  json_object_object_add (o, "action", json_object_new_string (row->action));
  json_object_object_add (o, "unit", row->unit_id ? json_object_new_string (row->unit_id) : NULL);
  json_object_object_add (o, "target", row->target ? json_object_new_string (row->target) : NULL);
  json_object_object_add (o, "detail", row->detail ? json_object_new_string (row->detail) : NULL);
  return o;
}

/* GET /api/v1/admin/audit: admins search every unit, managers their own. */
void
ls_route_admin_audit (LsRequest *req)
{
  g_autoptr (LsStaffUser) u = ls_staff_or_reply (req);
  LsAuditQuery q = { 0 };
  if (!u || !ls_staff_is_manager_or_reply (req, u) || !audit_query_or_reply (req, u, &q))
    return;
  g_autoptr (GPtrArray) rows = NULL;
  int r = ls_store_audit_search (req->app->store, &q, &rows);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  json_object *arr = json_object_new_array ();
  for (guint i = 0; i < rows->len; i++)
    json_object_array_add (arr, audit_row_json (g_ptr_array_index (rows, i)));
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "entries", arr);
  ls_reply_json (req, 200, root);
}
