/* The announcement of a call (routes/calls.h). The WAV says only the ticket number and the
 * counter number, read from the unit's stored `called` event. An event id never changes
 * meaning, so the answer may be cached for a day as immutable; its ETag is a hash of the
 * bytes (they change only when the clips or the voice do). Synthesis takes milliseconds to
 * a second: the route runs on a worker, never on the event loop. */
#include "routes/calls.h"

#include "app.h"
#include "catalog.h"
#include "http/headers.h"
#include "routes/errors.h"
#include "store/store.h"
#include "vi-number.h"
#include "voice/voice.h"

#include <errno.h>
#include <microhttpd.h>
#include <string.h>

#define CALL_FILE_SUFFIX ".wav"
#define CALL_CACHE       "public, max-age=86400, immutable"
#define ETAG_HEX_CHARS   32

/* "1234.wav" -> 1234. Rules: 1 to LS_CALL_ID_MAX_DIGITS ASCII digits, the first not 0 (one
 * address per call, and 0 is no event id), then ".wav", nothing else (no sign, no space, no
 * other suffix). */
static bool
parse_call_file (const char *file, gint64 *ret_id)
{
  size_t digits = strspn (file, "0123456789");
  if (digits == 0 || digits > LS_CALL_ID_MAX_DIGITS || file[0] == '0' ||
      strcmp (file + digits, CALL_FILE_SUFFIX) != 0)
    return false;
  *ret_id = g_ascii_strtoll (file, NULL, 10); /* at most 18 digits: no overflow */
  return true;
}

/* data.ticket.number (a string) and data.counter.number (1..LAYSO_VI_COUNTER_MAX). */
static bool
read_parts (json_object *data, char **ret_number, unsigned *ret_counter)
{
  json_object *ticket, *counter, *number, *counter_number;
  if (!data || !json_object_object_get_ex (data, "ticket", &ticket) ||
      !json_object_object_get_ex (ticket, "number", &number) ||
      !json_object_is_type (number, json_type_string) ||
      !json_object_object_get_ex (data, "counter", &counter) ||
      !json_object_object_get_ex (counter, "number", &counter_number) ||
      !json_object_is_type (counter_number, json_type_int))
    return false;
  gint64 k = json_object_get_int64 (counter_number);
  if (k < 1 || k > LAYSO_VI_COUNTER_MAX)
    return false;
  *ret_number = g_strdup (json_object_get_string (number));
  *ret_counter = (unsigned) k;
  return true;
}

/* The ticket number and counter number of a `called` event; false when the event is of
 * another type or lacks them. */
static bool
called_parts (const LsEvent *e, char **ret_number, unsigned *ret_counter)
{
  if (strcmp (e->type, "called") != 0)
    return false;
  json_object *data = json_tokener_parse (e->data);
  bool ok = read_parts (data, ret_number, ret_counter);
  json_object_put (data);
  return ok;
}

/* The unit's `called` event named by the path; NULL after replying 404 (or the store's
 * error). */
static LsEvent *
find_call_or_reply (LsRequest *req, char **ret_number, unsigned *ret_counter)
{
  const LsUnit *unit = ls_catalog_unit (req->app->store->catalog, ls_request_param (req, "unit"));
  gint64 id;
  if (!unit || !parse_call_file (ls_request_param (req, "file"), &id))
    {
      ls_reply_not_found (req);
      return NULL;
    }
  g_autoptr (LsEvent) e = NULL;
  int r = ls_store_event_get (req->app->store, unit->id, id, &e);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return NULL;
    }
  if (!called_parts (e, ret_number, ret_counter))
    {
      ls_reply_not_found (req);
      return NULL;
    }
  return g_steal_pointer (&e);
}

void
ls_route_unit_call_wav (LsRequest *req)
{
  g_autofree char *number = NULL;
  unsigned counter = 0;
  g_autoptr (LsEvent) e = find_call_or_reply (req, &number, &counter);
  if (!e)
    return;
  g_autoptr (GBytes) wav = NULL;
  int r = ls_voice_announcement_wav (req->app->voice, number, counter, &wav);
  if (r < 0)
    {
      /* a stored call the voice cannot read (-EINVAL) is a bug of ours, as is -EIO */
      g_printerr ("layso-server: %s: cannot announce event %" G_GINT64_FORMAT " (%s)\n",
                  ls_request_route (req), e->id, g_strerror (-r));
      ls_reply_internal (req);
      return;
    }
  g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, wav);
  g_autofree char *etag = g_strdup_printf ("\"%.*s\"", ETAG_HEX_CHARS, sum);
  const char *const tags[] = { etag, NULL };
  bool fresh = ls_header_etag_matches (ls_request_header (req, "If-None-Match"), tags);
  ls_reply_bytes (req, fresh ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK, fresh ? NULL : "audio/wav",
                  fresh ? NULL : wav, "ETag", etag, "Cache-Control", CALL_CACHE, NULL);
}
