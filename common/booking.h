/* The rules of a booking's life after it is made (docs/architecture.md): what status its owner sees,
 * whether it can be cancelled, which of a citizen's bookings a check-in by CCCD takes, and
 * when walk-in tickets are issued. Pure functions of their arguments (no clock, no store);
 * tested by tests/unit/test-booking.c. */
#pragma once

#include "calendar.h"
#include "layso-types.h"
#include "slots.h"
#include "wire.h"

/* The status a booking is shown with: a booking still BOOKED after its check-in window
 * ended (now > until) is EXPIRED, a no-show, though the store marks it only at the end of
 * the day; any other stored status is shown as it is. NULL now or until: as stored. */
LaysoBookingStatus layso_booking_shown_status (LaysoBookingStatus stored, GDateTime *until,
                                               GDateTime *now);

/* Only a booking still ahead can be cancelled: BOOKED, its window known (until not NULL) and
 * not yet over (now <= until). Used, cancelled and past ones cannot. */
bool layso_booking_can_cancel (LaysoBookingStatus stored, GDateTime *until, GDateTime *now);

/* The booking's ticket (PNG) is there to save while the booking is not cancelled: booked,
 * used (the owner keeps it as a record) or expired. */
bool layso_booking_has_ticket (LaysoBookingStatus stored);

/* One of a citizen's bookings as a check-in by CCCD sees it. from/until NULL: its slot is
 * gone from the catalog, the booking is passed over. */
typedef struct
{
  LaysoBookingStatus status;
  GDateTime *from, *until; /* its check-in window, borrowed */
} LaysoCheckinCandidate;

/* Which booking a check-in by CCCD takes at `now` (docs/api.md, kiosk/checkin). Among the
 * BOOKED candidates with a window, on any day:
 *   one whose window holds now -> OK, the earliest starting (the first of equals);
 *   else one not yet open      -> TOO_EARLY, the nearest: earliest starting;
 *   else one already over      -> TOO_LATE, the latest ending;
 *   none                       -> -1 (code_invalid_or_used: nothing to check in).
 * A booking on another day is no "invalid code": the citizen came on the wrong day and is
 * told its window. Returns the index into `c` and sets *ret_verdict, or -1 (ret untouched). */
gssize layso_checkin_choose (const LaysoCheckinCandidate *c, size_t n, GDateTime *now,
                             LaysoCheckinVerdict *ret_verdict);

/* Walk-in tickets are issued on the unit's working days within its opening hours
 * ([start, end) minutes, local time of `now`); outside them the kiosk is answered `closed`. */
bool layso_walk_in_open (const LaysoCalendar *cal, const LaysoPeriod *hours, size_t n_hours,
                         GDateTime *now);

/* Seats left in a slot: capacity - used, never below 0 (a slot's capacity may be lowered
 * below what is booked already); a slot with none left is full. */
int layso_slot_remaining (int capacity, int used);

/* A capacity change (issue 11, item 2): what one slot of one field on one day holds now
 * (used) and could hold after the change (capacity; 0 when the change closes the day or takes
 * the slot off its weekday). */
typedef struct
{
  int used, capacity;
} LaysoSlotLoad;

typedef enum
{
  LAYSO_CAPACITY_FITS,    /* every load fits: apply */
  LAYSO_CAPACITY_IN_USE,  /* some load is over and nobody confirmed: refuse, 409 */
  LAYSO_CAPACITY_OVERRUN, /* over, and confirmed: apply; those bookings stay valid, and no
                           * new booking is taken there until used < capacity */
} LaysoCapacityVerdict;

/* The rule: a load is over when used > max(capacity, 0); the affected bookings are all the
 * bookings of the loads that are over (which of them the seats were "lost" by cannot be
 * said, so staff call every one), counted in *ret_affected (0 when it fits). A change
 * that leaves every load within its capacity needs no confirmation, one that does not
 * needs `confirmed`. */
LaysoCapacityVerdict layso_capacity_change_decide (const LaysoSlotLoad *loads, size_t n,
                                                   bool confirmed, unsigned *ret_affected);

/* "07:00–11:30, 13:00–17:00" (g_free), for the `closed` message. */
char *layso_hours_label (const LaysoPeriod *hours, size_t n_hours);

/* "từ 07:00 đến 09:30 ngày 26/9/2025": a check-in window as the citizen reads it, on the
 * booking page, the ticket PNG and the too_early/too_late messages (g_free). */
char *layso_checkin_window_label (GDateTime *from, GDateTime *until);
