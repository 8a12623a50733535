/* The route table: first matching row wins, so put literal rows before captures that could
 * shadow them. To add a route, write the handler in routes/<area>.c, declare it in
 * routes/<area>.h, include that header here and add a row above the final 404 row:
 *
 *   { "GET",  "/api/v1/units/{unit}/days", ls_route_unit_days, 0, 0 },
 *   { "POST", "/api/v1/bookings", ls_route_booking_create, LS_ROUTE_JSON, 0 },
 *
 * method, pattern ({name} captures one segment, a final {*name} the rest of the path), the
 * handler, flags (LS_ROUTE_JSON: application/json body parsed into req->json;
 * LS_ROUTE_WORKER: the handler waits on the writer, renders or decodes, so it runs on a
 * worker thread) and the body limit in bytes (0 = 64 KiB). The glue answers 404/405/413/415/429 itself (http.h). */
#include "http/http.h"
#include "routes/admin.h"
#include "routes/api.h"
#include "routes/calls.h"
#include "routes/events.h"
#include "routes/queue.h"
#include "routes/staff.h"
#include "routes/unit-stats.h"
#include "routes/web.h"

#define PAGE_ROW(url, file)                                                                        \
  {                                                                                                \
    "GET", url, ls_route_web_file, 0, 0                                                            \
  }

const LsRoute ls_routes[] = {
  { "GET", "/api/v1/health", ls_route_health, 0, 0 },
  { "GET", "/api/v1/units", ls_route_units, 0, 0 },
  { "GET", "/api/v1/units/{unit}", ls_route_unit, 0, 0 },
  { "GET", "/api/v1/units/{unit}/days", ls_route_unit_days, 0, 0 },
  { "GET", "/api/v1/units/{unit}/slots", ls_route_unit_slots, 0, 0 },
  { "GET", "/api/v1/notices", ls_route_notices, 0, 0 },
  /* waits for the writer without a thread: routes/bookings.c defers its answer */
  { "POST", "/api/v1/bookings", ls_route_booking_create, LS_ROUTE_JSON, 0 },
  { "GET", "/api/v1/bookings/{code}", ls_route_booking_get, LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/bookings/{code}/cancel", ls_route_booking_cancel,
    LS_ROUTE_JSON | LS_ROUTE_WORKER, 0 },
  { "GET", "/api/v1/tickets/{id}/status", ls_route_queue_ticket_status, LS_ROUTE_WORKER, 0 },
  { "GET", "/api/v1/kiosk/me", ls_route_kiosk_me, 0, 0 },
  { "POST", "/api/v1/kiosk/checkin", ls_route_kiosk_checkin, LS_ROUTE_JSON | LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/kiosk/tickets", ls_route_kiosk_ticket, LS_ROUTE_JSON | LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/kiosk/tickets/{id}/print-result", ls_route_kiosk_print_result,
    LS_ROUTE_JSON | LS_ROUTE_WORKER, 0 },
  /* JSON parsed by the handler: without --dev the route answers 404 whatever the body;
   * the GET row too, so that outside --dev a GET gets 404 and not a 405 that shows it exists */
  { "GET", "/api/v1/dev/clock", ls_route_dev_clock, 0, 0 },
  { "POST", "/api/v1/dev/clock", ls_route_dev_clock, 0, 0 },
  /* staff (routes/staff.c): sign-in verifies Argon2id, so it runs on a worker */
  { "POST", "/api/v1/auth/login", ls_route_auth_login, LS_ROUTE_JSON | LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/auth/logout", ls_route_auth_logout, LS_ROUTE_WORKER, 0 },
  { "GET", "/api/v1/auth/me", ls_route_auth_me, LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/admin/users", ls_route_admin_user_create, LS_ROUTE_JSON | LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/admin/users/{id}/disable", ls_route_admin_user_disable, LS_ROUTE_WORKER, 0 },
  { "GET", "/api/v1/admin/users", ls_route_admin_users, LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/admin/users/{id}/password", ls_route_admin_user_password,
    LS_ROUTE_JSON | LS_ROUTE_WORKER, 0 },
  /* the queue (routes/queue.c, queue-settings.c, ticket-status.c): staff routes check the
   * session, so they wait on the store: workers */
  { "POST", "/api/v1/counters/{id}/{action}", ls_route_counter_action, LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/tickets/{id}/requeue", ls_route_ticket_requeue, LS_ROUTE_WORKER, 0 },
  { "GET", "/api/v1/units/{unit}/counters", ls_route_unit_counters, LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/units/{unit}/counters", ls_route_unit_counter_create,
    LS_ROUTE_JSON | LS_ROUTE_WORKER, 0 },
  { "GET", "/api/v1/units/{unit}/queue", ls_route_unit_queue, LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/units/{unit}/queue-policy", ls_route_unit_queue_policy,
    LS_ROUTE_JSON | LS_ROUTE_WORKER, 0 },
  /* statistics (routes/unit-stats.c): a manager's or admin's read, JSON or CSV */
  { "GET", "/api/v1/admin/units/{unit}/stats", ls_route_unit_stats, LS_ROUTE_WORKER, 0 },
  /* administration (routes/admin.c, admin-units.c): staff routes, on workers */
  { "GET", "/api/v1/admin/settings", ls_route_admin_settings, LS_ROUTE_WORKER, 0 },
  { "GET", "/api/v1/admin/audit", ls_route_admin_audit, LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/admin/settings/province", ls_route_admin_province,
    LS_ROUTE_JSON | LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/admin/settings/retention", ls_route_admin_retention,
    LS_ROUTE_JSON | LS_ROUTE_WORKER, 0 },
  { "GET", "/api/v1/admin/units/{unit}", ls_route_admin_unit_get, LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/admin/units/{unit}", ls_route_admin_unit_update,
    LS_ROUTE_JSON | LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/admin/units/{unit}/fields/{field}", ls_route_admin_field_put,
    LS_ROUTE_JSON | LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/admin/units/{unit}/slots/{slot}", ls_route_admin_slot_put,
    LS_ROUTE_JSON | LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/admin/units/{unit}/closed-days", ls_route_admin_closed_day,
    LS_ROUTE_JSON | LS_ROUTE_WORKER, 0 },
  { "GET", "/api/v1/admin/calendar/{year}", ls_route_admin_calendar_get, LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/admin/calendar/{year}", ls_route_admin_calendar_set,
    LS_ROUTE_JSON | LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/admin/units/{unit}/notices", ls_route_admin_notice_create,
    LS_ROUTE_JSON | LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/admin/units/{unit}/notices/{id}", ls_route_admin_notice_update,
    LS_ROUTE_JSON | LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/admin/units/{unit}/notices/{id}/{action}", ls_route_admin_notice_action,
    LS_ROUTE_WORKER, 0 },
  { "GET", "/api/v1/admin/units/{unit}/kiosks", ls_route_admin_kiosks, LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/admin/units/{unit}/kiosks", ls_route_admin_kiosk_create,
    LS_ROUTE_JSON | LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/admin/units/{unit}/kiosks/{id}/{action}", ls_route_admin_kiosk_action,
    LS_ROUTE_WORKER, 0 },
  /* a held stream (routes/events.c): the handler reads the store on a worker, the stream
   * then waits with no thread */
  { "GET", "/api/v1/units/{unit}/events", ls_route_unit_events, LS_ROUTE_WORKER, 0 },
  /* the announcement of a call, "{id}.wav" (routes/calls.c): synthesis runs on a worker */
  { "GET", "/api/v1/units/{unit}/calls/{file}", ls_route_unit_call_wav, LS_ROUTE_WORKER, 0 },
  /* web rows go here */
  LS_WEB_PAGES (PAGE_ROW),
  { "GET", "/phieu/{id}", ls_route_web_ticket_page, 0, 0 },
  { "GET", "/man-hinh/{unit}", ls_route_web_board_page, 0, 0 },
  { "GET", "/static/{name}", ls_route_web_static, 0, 0 },
  { "GET", "/api/v1/bookings/{code}/ticket.png", ls_route_booking_ticket_png, LS_ROUTE_WORKER, 0 },
  { "POST", "/api/v1/scan", ls_route_scan, LS_ROUTE_WORKER, LS_SCAN_MAX_BODY },
  { NULL, NULL, NULL, 0, 0 } /* no match: 404 not_found (405 if another method matched) */
};

/* Not a row of the table: a catch-all GET row would turn every other method's 404 into a
 * 405. http.c uses it for a GET/HEAD outside /api/ that no row matched. */
const LsRoute ls_route_web_fallback_row = { "GET", "/{*path}", ls_route_web_fallback, 0, 0 };
