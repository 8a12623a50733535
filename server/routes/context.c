/* What a handler knows besides its request (routes/context.h). */
#include "routes/context.h"

#include "app.h"
#include "calendar.h"
#include "clock.h"
#include "slots.h"

const LsCatalog *
ls_request_catalog (LsRequest *req)
{
  if (!req->pinned)
    {
      req->pinned = ls_store_catalog (req->app->store);
      req->pinned_free = (GDestroyNotify) ls_catalog_free;
    }
  return req->pinned;
}

GDateTime *
ls_now (LsRequest *req)
{
  return layso_clock_now (req->app->clock);
}

bool
ls_booking_window (const LsCatalog *cat, const LsBooking *b, GDateTime **ret_from,
                   GDateTime **ret_until)
{
  const LsUnit *u = ls_catalog_unit (cat, b->unit_id);
  const LsSlot *s = u ? ls_unit_slot (u, b->slot_id) : NULL;
  GDate day;
  if (!s || !layso_date_parse (b->date, &day))
    return false;
  layso_checkin_window (&day, s->start, s->end, u->checkin_lead_minutes, ret_from, ret_until);
  return true;
}
