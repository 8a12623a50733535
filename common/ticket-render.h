/* The ticket renderer shared by the server (booking PNG) and the kiosk (queue ticket print).
 * cairo + pango for text (Vietnamese shaped by HarfBuzz), libqrencode for the QR. No I/O:
 * every output goes to memory. Text is set in "Noto Sans" (fonts-noto-core). */
#pragma once

#include "layso-types.h"

#include <cairo.h>

/* What the citizen saves after booking (/api/v1/bookings/{code}/ticket.png). Borrowed strings;
 * NULL strings other than code are drawn as empty. */
typedef struct
{
  const char *unit_name;
  const char *field_name;
  const char *code; /* "GCAD"; also the QR's content (required) */
  const char *name;
  const char *cccd_masked;   /* "********8901" (layso_cccd_mask) */
  const char *date_label;    /* "Thứ 6, 26/9/2025" */
  const char *slot_label;    /* "07:30 - 09:30" */
  const char *checkin_label; /* "Thời gian check-in: từ 07:00 đến 09:30 ngày 26/9/2025" */
} LaysoBookingTicket;

/* What the kiosk prints after check-in or a walk-in. Borrowed UTF-8 strings; a ticket with
 * invalid UTF-8 is refused (NULL), never drawn. */
typedef struct
{
  const char *unit_name;
  const char *field_name;
  const char *number;    /* "A1002", drawn huge (required) */
  const char *issued_at; /* "26/09/2025 07:12" */
  int waiting_before;
  const char *qr_url; /* ".../phieu/{id}", may be NULL for no QR */
  const char *code;   /* booking code or NULL for walk-in */
} LaysoQueueTicket;

#define LAYSO_BOOKING_TICKET_WIDTH 800
#define LAYSO_THERMAL_DOTS_80MM    576
#define LAYSO_THERMAL_DOTS_58MM    384

/* PNG bytes of the booking ticket (LAYSO_BOOKING_TICKET_WIDTH px wide, white background).
 * NULL on failure (no ticket, no code, a string that is not UTF-8). */
GBytes *layso_render_booking_png (const LaysoBookingTicket *t);

/* The queue ticket as a CAIRO_FORMAT_RGB24 surface, black ink on white, `width_dots` wide
 * (576 for 80 mm, 384 for 58 mm; 128..2048, a multiple of 8), height as needed.
 * cairo_surface_destroy it. NULL on failure. */
cairo_surface_t *layso_render_queue_surface (const LaysoQueueTicket *t, int width_dots);

/* ESC/POS for a raw thermal queue: ESC @, the surface as GS v 0 raster blocks (a dot is printed
 * where ink covers more than ~3/8 of the pixel: luma < 160, or A8 alpha > 95, or A1 set), feed, then
 * GS V 66 0 (feed to the cutter and cut). Accepts RGB24, ARGB32, A8 and A1 image surfaces.
 * NULL on failure. */
GBytes *layso_escpos_from_surface (cairo_surface_t *surface);

/* The queue ticket as a one-page PDF with real text (paper width_mm wide, 40..300).
 * NULL on failure. */
GBytes *layso_render_queue_pdf (const LaysoQueueTicket *t, int width_mm);

/* The length in mm of that PDF's page (the ticket's paper length at width_mm), so a print job
 * can ask for the paper it needs. 0 on failure. */
double layso_queue_pdf_length_mm (const LaysoQueueTicket *t, int width_mm);

/* A bare QR code of `len` bytes (byte mode, level M) as PNG, `module_px` pixels per module with
 * the 4-module quiet zone. For tests and tools. NULL on failure. */
GBytes *layso_render_qr_png (const void *data, size_t len, int module_px);
