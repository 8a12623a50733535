/* Streamed answers (stream.h), following the probe in RECIPES.md: a response from a
 * callback of unknown size whose reader suspends the connection when it has nothing, and
 * MHD_resume_connection when something arrives. `suspended` and `pending` under the
 * stream's lock make the hand-over safe: a wake either resumes a suspended connection or
 * tells the reader (about to suspend) to look again. */
#include "http/stream.h"

#include <string.h>

/* libmicrohttpd 0.9.75 writes a chunked (HTTP/1.1) stream's output straight into the
 * connection's pool; the response's own buffer of this size, allocated for every stream,
 * serves only HTTP/1.0 clients (read until close). 1 KiB each was 10 MB with 10,000
 * streams; an HTTP/1.0 client now gets a long snapshot in more pieces. */
#define STREAM_BLOCK_SIZE 256

struct LsStream
{
  gint ref;    /* the response's, and each wake in progress */
  gint closed; /* the response is done: never resume again */
  GMutex lock;
  struct MHD_Connection *conn;
  bool suspended, pending, ended;
  LsStreamFill fill;
  void *data;
  GDestroyNotify free_data;
  LsConnTable *conns;
  char *client;
};

static GMutex streams_lock;
static GList *streams; /* LsStream*, for ls_stream_end_all */
static unsigned n_streams;

static ssize_t
stream_read (void *cls, uint64_t pos, char *buf, size_t max)
{
  LsStream *s = cls;
  for (;;)
    {
      g_mutex_lock (&s->lock);
      bool ended = s->ended;
      g_mutex_unlock (&s->lock);
      ssize_t n = ended ? -1 : s->fill (s->data, buf, max);
      if (n != 0)
        return n < 0 ? MHD_CONTENT_READER_END_OF_STREAM : n;
      g_mutex_lock (&s->lock);
      if (s->pending || s->ended)
        {
          s->pending = false;
          g_mutex_unlock (&s->lock);
          continue;
        }
      s->suspended = true;
      MHD_suspend_connection (s->conn);
      g_mutex_unlock (&s->lock);
      return 0;
    }
}

LsStream *
ls_stream_ref (LsStream *s)
{
  g_atomic_int_inc (&s->ref);
  return s;
}

void
ls_stream_unref (LsStream *s)
{
  if (!g_atomic_int_dec_and_test (&s->ref))
    return;
  g_mutex_clear (&s->lock);
  g_free (s->client);
  g_free (s);
}

/* The response is done with the stream: on a loop thread, maybe inside libmicrohttpd's
 * locks, so no lock here is ever held while calling into libmicrohttpd. */
static void
stream_free (void *cls)
{
  LsStream *s = cls;
  g_atomic_int_set (&s->closed, 1);
  if (s->free_data) /* the owner unsubscribes from whatever wakes it */
    s->free_data (s->data);
  g_mutex_lock (&streams_lock);
  streams = g_list_remove (streams, s);
  n_streams--;
  g_mutex_unlock (&streams_lock);
  ls_conn_stream_end (s->conns, s->client);
  ls_stream_unref (s);
}

static bool
stream_admit (LsRequest *req)
{
  g_mutex_lock (&streams_lock);
  bool ok = n_streams < LS_STREAMS_MAX;
  if (ok)
    n_streams++;
  g_mutex_unlock (&streams_lock);
  if (ok && !ls_conn_stream_begin (ls_request_conn_table (req), req->client_ip))
    {
      g_mutex_lock (&streams_lock);
      n_streams--;
      g_mutex_unlock (&streams_lock);
      ok = false;
    }
  return ok;
}

LsStream *
ls_reply_stream (LsRequest *req, const char *content_type, LsStreamFill fill, void *data,
                 GDestroyNotify free_data)
{
  if (!stream_admit (req))
    {
      ls_reply_unavailable (req, 5);
      return NULL;
    }
  LsStream *s = g_new0 (LsStream, 1);
  s->ref = 1; /* the response's */
  g_mutex_init (&s->lock);
  s->conn = ls_request_mhd_connection (req);
  s->fill = fill;
  s->data = data;
  s->free_data = free_data;
  s->conns = ls_request_conn_table (req);
  s->client = g_strdup (req->client_ip);
  g_mutex_lock (&streams_lock);
  streams = g_list_prepend (streams, s);
  g_mutex_unlock (&streams_lock);
  struct MHD_Response *r = MHD_create_response_from_callback (MHD_SIZE_UNKNOWN, STREAM_BLOCK_SIZE,
                                                              stream_read, s, stream_free);
  MHD_add_response_header (r, "Content-Type", content_type);
  MHD_add_response_header (r, "Cache-Control", "no-store");
  /* nginx would otherwise hold the events back in its buffer */
  MHD_add_response_header (r, "X-Accel-Buffering", "no");
  ls_request_set_mhd_response (req, 200, r);
  return s;
}

void
ls_stream_wake (LsStream *s)
{
  g_mutex_lock (&s->lock);
  if (s->suspended && !g_atomic_int_get (&s->closed))
    {
      s->suspended = false;
      MHD_resume_connection (s->conn);
    }
  else
    s->pending = true;
  g_mutex_unlock (&s->lock);
}

void
ls_stream_end_all (void)
{
  GList *all = NULL;
  g_mutex_lock (&streams_lock);
  for (GList *l = streams; l; l = l->next)
    all = g_list_prepend (all, ls_stream_ref (l->data));
  g_mutex_unlock (&streams_lock);
  /* outside streams_lock, which stream_free takes */
  for (GList *l = all; l; l = l->next)
    {
      LsStream *s = l->data;
      g_mutex_lock (&s->lock);
      s->ended = true;
      g_mutex_unlock (&s->lock);
      ls_stream_wake (s);
    }
  g_list_free_full (all, (GDestroyNotify) ls_stream_unref);
}

unsigned
ls_stream_count (void)
{
  g_mutex_lock (&streams_lock);
  unsigned n = n_streams;
  g_mutex_unlock (&streams_lock);
  return n;
}
