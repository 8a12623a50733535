/* The citizen web pages, their static files, the booking ticket PNG and the QR scan endpoint.
 * Route rows (routes.c):
 *   GET  /                                 ls_route_web_file   (home page)
 *   GET  /dat-lich, /tra-cuu, /thong-bao   ls_route_web_file
 *   GET  /phieu/{id}                       ls_route_web_ticket_page
 *   GET  /dang-nhap, /quay                 ls_route_web_file   (staff sign-in, counter console)
 *   GET  /man-hinh/{unit}                  ls_route_web_board_page (display board)
 *   GET  anything else outside /api/       ls_route_web_fallback (ls_route_web_fallback_row)
 *   GET  /static/{name}                    ls_route_web_static
 *   GET  /api/v1/bookings/{code}/ticket.png ls_route_booking_ticket_png
 *   POST /api/v1/scan                      ls_route_scan (max_body LS_SCAN_MAX_BODY) */
#pragma once

#include "http/http.h"
#include "qr-decode.h"

#define LS_SCAN_MAX_BODY LAYSO_SCAN_MAX_IMAGE_BYTES

/* The citizen pages, address and file under assets/web: the one list the route table
 * (a GET row each) and web.c (the files it serves, the addresses a mistyped one may redirect
 * to) expand, X (url, file) per page, comma-separated. The /phieu/{id} page takes an id and
 * has its own row. */
#define LS_WEB_PAGES(X)                                                                            \
  X ("/", "index.html"), X ("/dat-lich", "dat-lich.html"), X ("/tra-cuu", "tra-cuu.html"),         \
      X ("/thong-bao", "thong-bao.html"), X ("/dang-nhap", "dang-nhap.html"),                      \
      X ("/quay", "quay.html"), X ("/quan-tri", "quan-tri.html"),                                  \
      X ("/quan-tri/thong-ke", "thong-ke.html")

void ls_route_web_file (LsRequest *req);
/* GET outside /api/ that no row matched (http.c): `/dat-lich/`, `/Dat-lich`, `/dat-lich.html`
 * and the like → 308 to the page; anything else → ls_reply_web_not_found. */
void ls_route_web_fallback (LsRequest *req);
/* 404: a small Vietnamese page with links home when the client asks for text/html (a
 * browser), else the JSON error. */
void ls_reply_web_not_found (LsRequest *req);
void ls_route_web_ticket_page (LsRequest *req);
void ls_route_web_board_page (LsRequest *req);
void ls_route_web_static (LsRequest *req);
void ls_route_booking_ticket_png (LsRequest *req);
void ls_route_scan (LsRequest *req);
