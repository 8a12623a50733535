/* jsonbody.h: the bytes of a request body, parsed as the glue parses an LS_ROUTE_JSON body,
 * then validated against every route's schema (routes/schemas.h). Besides crashes, checks:
 *   a failure names a member (one of the object's, one of the schema's, or "body") and a
 *   message;
 *   a body that passes a schema still passes it after json-c writes it out and the glue
 *   reads it back (what a proxy or a client library resending it would produce);
 *   ls_json_decode refuses what ls_json_validate refuses, naming the same member. */
#include "http/jsonbody.h"
#include "routes/schemas.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

static bool
names_member (json_object *obj, const LsJsonField *fields, const char *bad)
{
  if (strcmp (bad, "body") == 0)
    return true;
  for (const LsJsonField *f = fields; f->name; f++)
    if (strcmp (f->name, bad) == 0)
      return true;
  json_object_object_foreach (obj, key, val)
    {
      (void) val;
      if (key == bad)
        return true;
    }
  return false;
}

static void
check_round_trip (json_object *obj, const LsJsonField *fields)
{
  size_t len;
  const char *text = json_object_to_json_string_length (obj, JSON_C_TO_STRING_PLAIN, &len);
  json_object *again = NULL;
  g_assert (ls_json_parse_object (text, len, &again) == 0);
  g_assert (ls_json_validate (again, fields, NULL, NULL) == 0);
  json_object_put (again);
}

/* Room for any route's body struct. */
typedef union
{
  LsBookingCreateBody booking_create;
  LsBookingCancelBody booking_cancel;
  LsKioskCheckinBody kiosk_checkin;
  LsKioskWalkInBody kiosk_walk_in;
  LsKioskPrintBody kiosk_print;
  LsDevClockBody dev_clock;
} AnyBody;

static void
check_decode (json_object *obj, const LsJsonField *fields, int validated, const char *bad)
{
  AnyBody body;
  const char *decode_bad = NULL, *message = NULL;
  int r = ls_json_decode (obj, fields, &body, &decode_bad, &message);
  if (validated < 0)
    g_assert (r < 0 && decode_bad == bad);
  else if (r < 0)
    g_assert (decode_bad && message && *message && names_member (obj, fields, decode_bad));
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  json_object *obj = NULL;
  if (ls_json_parse_object ((const char *) data, size, &obj) < 0)
    {
      g_assert (obj == NULL);
      return 0;
    }
  g_assert (json_object_is_type (obj, json_type_object));
  /* a name given twice is one json-c kept once: fewer members than names in the text */
  char *repeated = NULL;
  if (ls_json_find_repeated_member ((const char *) data, size, &repeated) < 0)
    g_assert (repeated != NULL);
  g_free (repeated);
  for (const LsJsonField *const *schema = ls_schemas; *schema; schema++)
    {
      const char *bad = NULL, *message = NULL;
      int validated = ls_json_validate (obj, *schema, &bad, &message);
      check_decode (obj, *schema, validated, bad);
      if (validated == 0)
        {
          g_assert (bad == NULL && message == NULL);
          check_round_trip (obj, *schema);
        }
      else
        {
          g_assert (bad && message && *message);
          g_assert (names_member (obj, *schema, bad));
        }
    }
  json_object_put (obj);
  return 0;
}
