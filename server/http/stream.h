/* Long-lived streamed answers (Server-Sent Events) without a thread each.
 *
 * ls_reply_stream() answers with a body of unknown length (chunked) made by `fill`, which
 * runs on the event loop whenever the connection can take bytes: it copies what it has into
 * buf and returns how many, 0 when it has nothing now (the connection is then suspended
 * and costs no thread and no polling until ls_stream_wake), or -1 to end the body.
 * A wake that comes while fill is running is not lost: fill runs again.
 *
 * Limits: at most LS_STREAMS_MAX streams per process, and the per-client cap of conn.h
 * (--streams-per-client); past either the reply is 503 unavailable with Retry-After. */
#pragma once

#include "http/conn.h"
#include "http/http.h"

#include <microhttpd.h>
#include <sys/types.h>

/* The process's file limit here is about 20,000; keep room for everything else. */
#define LS_STREAMS_MAX 15000

typedef struct LsStream LsStream;
typedef ssize_t (*LsStreamFill) (void *data, char *buf, size_t max);

/* The reply (exactly one, as any ls_reply_*): a stream owning data (free_data runs once the
 * connection is done with it, on the event loop). NULL after a 503, data untouched. */
LsStream *ls_reply_stream (LsRequest *req, const char *content_type, LsStreamFill fill, void *data,
                           GDestroyNotify free_data);
/* From any thread: fill has something new (or the stream should check). Holding no lock
 * that the stream's free_data takes (it may run inside libmicrohttpd's own locks). */
void ls_stream_wake (LsStream *s);
/* A stream lives until its connection is done with it and every reference is dropped; a
 * wake after the connection is done does nothing. */
LsStream *ls_stream_ref (LsStream *s);
void ls_stream_unref (LsStream *s);
/* Ends every stream (shutdown): each body ends after what it has, so requests finish. */
void ls_stream_end_all (void);
unsigned ls_stream_count (void);

/* Glue that http.c exports for this file only. */
struct MHD_Connection *ls_request_mhd_connection (LsRequest *req);
void ls_request_set_mhd_response (LsRequest *req, unsigned status, struct MHD_Response *r);
LsConnTable *ls_request_conn_table (LsRequest *req);
