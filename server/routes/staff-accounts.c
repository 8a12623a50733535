/* Staff accounts: an admin creates any account, a manager the staff of their own unit;
 * disabling an account ends its sessions. Every change is audited in the store, in the write
 * that makes it. Passwords are hashed with Argon2id on the request's worker (staff.h). */
#include "routes/staff.h"

#include "app.h"
#include "clock.h"
#include "routes/render.h"
#include "routes/body.h"
#include "routes/context.h"
#include "routes/errors.h"

#include <errno.h>
#include <string.h>

/* --- accounts ----------------------------------------------------------------------- */

/* The new user's unit and the actor's right to create them (the body's own rules are the
 * schema's); false after a 400 or 403. */
static bool
user_input_valid_or_reply (LsRequest *req, const LsStaffUser *actor, const LsStaffUserBody *body,
                           LsStaffUserInput *in)
{
  in->username = body->username;
  in->name = body->name;
  in->role = body->role;
  in->unit_id = body->unit;
  bool admin = strcmp (in->role, "admin") == 0;
  if (admin ? in->unit_id != NULL
            : !in->unit_id || !ls_catalog_unit (ls_request_catalog (req), in->unit_id))
    ls_reply_invalid (req, "unit", "Đơn vị không hợp lệ");
  else if (strcmp (actor->role, "admin") != 0 && strcmp (in->role, "staff") != 0)
    ls_reply_error (req, 403, "forbidden", LS_MESSAGE_FORBIDDEN, NULL);
  else
    return ls_staff_unit_allowed_or_reply (req, actor, in->unit_id);
  return false;
}

void
ls_route_admin_user_create (LsRequest *req)
{
  g_autoptr (LsStaffUser) actor = ls_staff_acting_or_reply (req);
  LsStaffUserBody body;
  if (!actor || !ls_staff_is_manager_or_reply (req, actor) ||
      !ls_body_decode_or_reply (req, ls_schema_staff_user, &body))
    return;
  LsStaffUserInput in = { .actor_id = actor->id };
  if (!user_input_valid_or_reply (req, actor, &body, &in))
    return;
  g_autofree char *hash = ls_password_hash (body.password);
  if (!hash)
    {
      ls_reply_unavailable (req, 1);
      return;
    }
  g_autoptr (GDateTime) t = ls_now (req);
  g_autofree char *at = layso_rfc3339_format (t);
  in.password_hash = hash;
  in.now = at;
  g_autofree char *id = NULL;
  int r = ls_store_staff_user_create (req->app->store, &in, &id);
  if (r == -EEXIST)
    {
      ls_reply_error (req, 409, "username_taken", "Tên đăng nhập đã được dùng", "username");
      return;
    }
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  LsStaffUser created = {
    id, (char *) in.username, (char *) in.name, (char *) in.role, (char *) in.unit_id, NULL, false
  };
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "user", ls_json_staff_user (req, &created));
  ls_reply_json (req, 201, root);
}

/* A manager manages the staff of their unit, an admin every account. */
static bool
may_manage (const LsStaffUser *actor, const LsStaffUser *u)
{
  return strcmp (actor->role, "admin") == 0 ||
         (strcmp (u->role, "staff") == 0 && g_strcmp0 (u->unit_id, actor->unit_id) == 0);
}

void
ls_route_admin_user_disable (LsRequest *req)
{
  const char *id = ls_request_param (req, "id");
  g_autoptr (LsStaffUser) actor = ls_staff_acting_or_reply (req);
  if (!actor || !ls_staff_is_manager_or_reply (req, actor))
    return;
  g_autoptr (LsStaffUser) u = NULL;
  int r = strlen (id) > LS_USERNAME_MAX_BYTES ? -LS_E_NOT_FOUND
                                              : ls_store_staff_user_get (req->app->store, id, &u);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  /* a manager disables the staff of their unit, an admin anyone but themselves */
  if (!may_manage (actor, u) || strcmp (actor->id, u->id) == 0)
    {
      ls_reply_error (req, 403, "forbidden", LS_MESSAGE_FORBIDDEN, NULL);
      return;
    }
  g_autoptr (GDateTime) t = ls_now (req);
  g_autofree char *at = layso_rfc3339_format (t);
  LsAuditEntry e = { actor->id, "user.disable", u->unit_id, u->id, NULL, at };
  if ((r = ls_store_staff_user_disable (req->app->store, u->id, &e)) < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  u->disabled = true;
  json_object *root = json_object_new_object ();
  json_object *uo = ls_json_staff_user (req, u);
  json_object_object_add (uo, "disabled", json_object_new_boolean (true));
  json_object_object_add (root, "user", uo);
  ls_reply_json (req, 200, root);
}

/* GET /api/v1/admin/users?unit=: an admin's list of any unit (none: every account), a
 * manager's of their own. */
void
ls_route_admin_users (LsRequest *req)
{
  g_autoptr (LsStaffUser) actor = ls_staff_or_reply (req);
  if (!actor || !ls_staff_is_manager_or_reply (req, actor))
    return;
  const char *unit = ls_request_query (req, "unit");
  unit = unit && *unit ? unit : actor->unit_id;
  if (unit && !ls_staff_unit_allowed_or_reply (req, actor, unit))
    return;
  g_autoptr (GPtrArray) users = NULL;
  int r = ls_store_staff_users_of_unit (req->app->store, unit, &users);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  json_object *arr = json_object_new_array ();
  for (guint i = 0; i < users->len; i++)
    {
      const LsStaffUser *u = g_ptr_array_index (users, i);
      json_object *uo = ls_json_staff_user (req, u);
      json_object_object_add (uo, "disabled", json_object_new_boolean (u->disabled));
      json_object_array_add (arr, uo);
    }
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "users", arr);
  ls_reply_json (req, 200, root);
}

/* POST /api/v1/admin/users/{id}/password: a new password (Argon2id); the account's sessions
 * end and it is enabled again (the store's replace_password), audited as user.password. */
void
ls_route_admin_user_password (LsRequest *req)
{
  const char *id = ls_request_param (req, "id");
  g_autoptr (LsStaffUser) actor = ls_staff_acting_or_reply (req);
  LsStaffPasswordBody body;
  if (!actor || !ls_staff_is_manager_or_reply (req, actor) ||
      !ls_body_decode_or_reply (req, ls_schema_staff_password, &body))
    return;
  g_autoptr (LsStaffUser) u = NULL;
  int r = strlen (id) > LS_USERNAME_MAX_BYTES ? -LS_E_NOT_FOUND
                                              : ls_store_staff_user_get (req->app->store, id, &u);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  if (!may_manage (actor, u))
    {
      ls_reply_error (req, 403, "forbidden", LS_MESSAGE_FORBIDDEN, NULL);
      return;
    }
  g_autofree char *hash = ls_password_hash (body.password);
  if (!hash)
    {
      ls_reply_unavailable (req, 1);
      return;
    }
  g_autoptr (GDateTime) t = ls_now (req);
  g_autofree char *at = layso_rfc3339_format (t);
  LsStaffUserInput in = { u->username, u->name, u->role, u->unit_id, hash, actor->id, at, true };
  if ((r = ls_store_staff_user_create (req->app->store, &in, NULL)) < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  json_object *root = json_object_new_object ();
  json_object_object_add (root, "user", ls_json_staff_user (req, u));
  ls_reply_json (req, 200, root);
}
