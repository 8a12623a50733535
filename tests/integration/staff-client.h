/* Staff helpers for the integration tests: accounts made through the real command line and
 * API, sign-in over libcurl with the Set-Cookie read back, and cookie-carrying requests. */
#pragma once

#include "harness.h"

#define LT_ADMIN_USER     "admin"
#define LT_ADMIN_PASSWORD "mat-khau-quan-tri"
#define LT_STAFF_PASSWORD "mat-khau-can-bo"

/* layso-server --create-admin on the server's database, password on stdin; asserts exit 0. */
void lt_staff_create_admin (LtServer *srv, const char *username, const char *password);
/* POST /api/v1/auth/login from `source_ip` (NULL: 127.0.0.1); *ret_set_cookie (may be NULL)
 * gets the Set-Cookie header, NULL if none. */
LtResponse *lt_staff_login (LtServer *srv, const char *username, const char *password,
                            const char *source_ip, char **ret_set_cookie);
/* A successful sign-in: the "layso_session=…" pair to send back. */
char *lt_staff_login_ok (LtServer *srv, const char *username, const char *password);
/* The admin of lt_staff_create_admin, signed in (creates it the first time). */
char *lt_staff_admin_cookie (LtServer *srv);
/* An account made by the admin through POST /api/v1/admin/users, signed in. */
char *lt_staff_user_cookie (LtServer *srv, const char *admin_cookie, const char *username,
                            const char *role, const char *unit);

/* Requests with the cookie (NULL: none) and an Origin (NULL: none). */
LtResponse *lt_staff_request (LtServer *srv, const char *method, const char *path, const char *json,
                              const char *cookie, const char *origin);
#define lt_staff_get(srv, path, cookie)                                                            \
  lt_staff_request ((srv), "GET", (path), NULL, (cookie), NULL)
#define lt_staff_post(srv, path, json, cookie)                                                     \
  lt_staff_request ((srv), "POST", (path), (json), (cookie), NULL)
