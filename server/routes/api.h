/* The JSON API handlers (routes/public.c, bookings.c, kiosk.c, dev.c). */
#pragma once

#include "http/http.h"

void ls_route_health (LsRequest *req);
void ls_route_units (LsRequest *req);
void ls_route_unit (LsRequest *req);
void ls_route_unit_days (LsRequest *req);
void ls_route_unit_slots (LsRequest *req);
void ls_route_notices (LsRequest *req);

void ls_route_booking_create (LsRequest *req);
void ls_route_booking_get (LsRequest *req);
void ls_route_booking_cancel (LsRequest *req);

void ls_route_kiosk_me (LsRequest *req);
void ls_route_kiosk_checkin (LsRequest *req);
void ls_route_kiosk_ticket (LsRequest *req);
void ls_route_kiosk_print_result (LsRequest *req);

void ls_route_dev_clock (LsRequest *req);
