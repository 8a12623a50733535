/* A Server-Sent Events reader for the integration tests: libcurl on a thread of its own
 * reads GET /api/v1/units/{unit}/events; the test waits for events by type. */
#pragma once

#include "harness.h"

typedef struct LtSse LtSse;

typedef struct
{
  gint64 id; /* 0 when the event had no id: line */
  char *type;
  json_object *data;
} LtSseEvent;

/* last_event_id NULL: no Last-Event-ID header. */
LtSse *lt_sse_open (LtServer *srv, const char *unit, const char *last_event_id);
/* The next event not returned yet (pings skipped unless type is "ping"), waiting up to
 * timeout_ms; NULL on timeout or when the stream ended. Borrowed from sse. */
const LtSseEvent *lt_sse_next (LtSse *sse, const char *type, guint timeout_ms);
/* The HTTP status once the headers are all in (0 if they do not come in time). */
long lt_sse_status (LtSse *sse, guint timeout_ms);
const char *lt_sse_retry_after (LtSse *sse);
/* Everything the stream sent so far, as text (g_free). */
char *lt_sse_text (LtSse *sse);
void lt_sse_close (LtSse *sse);
