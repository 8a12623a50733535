/* Staff sign-in, sessions and what every staff route checks (DESIGN §4 "Staff").
 *
 * A session is a 256-bit CSPRNG token in the `layso_session` cookie (HttpOnly,
 * SameSite=Strict, Path=/, Secure behind https); the store keeps its SHA-256 only. It ends
 * after LS_SESSION_IDLE_S without a request, LS_SESSION_MAX_S after sign-in whatever
 * happens, at sign-out, and when the user is disabled or their password is set again. */
#pragma once

#include "http/http.h"
#include "routes/schemas.h"
#include "store/store.h"

#define LS_SESSION_IDLE_S    (60 * 60)      /* a counter left alone for an hour */
#define LS_SESSION_MAX_S     (12 * 60 * 60) /* one working day, then sign in again */
#define LS_SESSION_COOKIE    "layso_session"
#define LS_MESSAGE_FORBIDDEN "Bạn không có quyền thực hiện thao tác này"

/* The signed-in user, or NULL after a 401 unauthorized (no cookie, unknown, expired). */
LsStaffUser *ls_staff_or_reply (LsRequest *req);
/* For state-changing requests: Origin absent, or this server's own origin ("http://" or
 * "https://" + Host), else 403 forbidden; then the session, as ls_staff_or_reply. */
LsStaffUser *ls_staff_acting_or_reply (LsRequest *req);
/* An admin acts everywhere, a manager or staff member in their own unit only: else 403. */
bool ls_staff_unit_allowed_or_reply (LsRequest *req, const LsStaffUser *u, const char *unit_id);
/* Managers and admins only (configuration, accounts): else 403. */
bool ls_staff_is_manager_or_reply (LsRequest *req, const LsStaffUser *u);
/* {"id","username","name","role","unit":{"id","name"}|null} */
json_object *ls_json_staff_user (LsRequest *req, const LsStaffUser *u);

/* Argon2id (crypto_pwhash_str, the INTERACTIVE limits: ~64 MiB and 2 passes, 50-100 ms
 * here), on the worker thread of the request; g_free the result. NULL when too many hashes
 * run at once (the caller answers 503) or on failure. */
char *ls_password_hash (const char *password);

void ls_route_auth_login (LsRequest *req);
void ls_route_auth_logout (LsRequest *req);
void ls_route_auth_me (LsRequest *req);
void ls_route_admin_user_create (LsRequest *req);
/* POST /api/v1/admin/users/{id}/disable: the account stops working, its sessions end. */
void ls_route_admin_user_disable (LsRequest *req);
/* GET /api/v1/admin/users?unit= */
void ls_route_admin_users (LsRequest *req);
/* POST /api/v1/admin/users/{id}/password: reset, the sessions end */
void ls_route_admin_user_password (LsRequest *req);
