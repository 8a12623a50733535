/* Administration (/quan-tri, /api/v1/admin/…; issue 11): an admin acts on every unit and on
 * the server's settings, a manager on their own unit only (403 forbidden otherwise). Writes
 * check the Origin as every staff write does, are audited in the store in the write that
 * makes them, and a catalog change is reloaded at once (ls_store_reload_catalog): the next
 * request sees it, with no restart. */
#pragma once

#include "http/http.h"
#include "store/store.h"

/* shared by admin.c and admin-units.c */

/* The signed-in manager or admin allowed on {unit} (for a write: Origin checked too), or
 * NULL after replying (401, 403, 404). */
LsStaffUser *ls_admin_unit_or_reply (LsRequest *req, bool write, const LsUnit **ret_unit);
/* For `…/{id}/{action}` rows with two actions: the acting manager or admin of {unit} (as
 * ls_admin_unit_or_reply for a write), *ret_first true for `first`, false for `second`; NULL
 * after a 404 for any other action or an id over max_id bytes, or the replies above. */
LsStaffUser *ls_admin_unit_action_or_reply (LsRequest *req, const char *first, const char *second,
                                            size_t max_id, const LsUnit **ret_unit,
                                            bool *ret_first);
/* The admin (every unit, the server's settings, the province's calendar) acting, Origin
 * checked, or NULL after replying (401, 403 forbidden for anyone else). */
LsStaffUser *ls_admin_server_admin_or_reply (LsRequest *req);
/* After a catalog write: the catalog reloaded, else a 500 sent (false). */
bool ls_admin_reload_or_reply (LsRequest *req);
/* Now as RFC 3339 (g_free). */
char *ls_admin_now (LsRequest *req);
/* An id taken from the path for a new row: 1-64 of a-z 0-9 -; else a 400 naming `member`. */
bool ls_admin_id_valid_or_reply (LsRequest *req, const char *id, const char *member);

/* Runs a change that may take seats away through the store (the capacity rule, store.h:
 * LsCapacityChange, capacity_on set) and reloads the catalog: {"affected_count","affected":
 * [{"code","name","phone","field","date","slot"}]} (json_object_put it; staff only), or NULL
 * after replying 409 capacity_in_use (the count, `member` named) or a store error. */
json_object *ls_admin_capacity_change_or_reply (LsRequest *req, const LsCapacityChange *in,
                                                const char *member);

/* {"id","title","body","published","published_at"|null} */
json_object *ls_admin_notice_json (const LsNotice *n);

/* admin.c */
void ls_route_admin_settings (LsRequest *req);
void ls_route_admin_province (LsRequest *req);
void ls_route_admin_retention (LsRequest *req);
void ls_route_admin_notice_create (LsRequest *req);
void ls_route_admin_notice_update (LsRequest *req);
/* …/notices/{id}/{action}: publish or unpublish */
void ls_route_admin_notice_action (LsRequest *req);
/* GET /api/v1/admin/audit?unit=&action=&q=&before=&limit= */
void ls_route_admin_audit (LsRequest *req);

/* admin-kiosks.c */
void ls_route_admin_kiosks (LsRequest *req);
void ls_route_admin_kiosk_create (LsRequest *req);
/* …/kiosks/{id}/{action}: rotate (a new token, shown once) or revoke */
void ls_route_admin_kiosk_action (LsRequest *req);

/* admin-units.c */
void ls_route_admin_unit_get (LsRequest *req);
void ls_route_admin_unit_update (LsRequest *req);
void ls_route_admin_field_put (LsRequest *req);
void ls_route_admin_slot_put (LsRequest *req);
void ls_route_admin_closed_day (LsRequest *req);

/* admin-calendar.c: GET (manager) and POST (admin) /api/v1/admin/calendar/{year} */
void ls_route_admin_calendar_get (LsRequest *req);
void ls_route_admin_calendar_set (LsRequest *req);
