/* SSE reader for the tests (sse-client.h): curl writes into a buffer under a lock; the test
 * thread parses complete events ("\n\n"-terminated) out of it. */
#include "sse-client.h"

#include <curl/curl.h>
#include <string.h>

struct LtSse
{
  GMutex lock;
  GCond changed;
  GString *raw;
  gsize parsed;      /* bytes of raw parsed into events */
  GPtrArray *events; /* LtSseEvent* */
  guint next;        /* first event not returned */
  long status;
  bool headers_done;
  char *retry_after;
  bool finished;
  gint stop;
  GThread *thread;
  char *url, *last_event_id;
};

static void
event_free (LtSseEvent *e)
{
  g_free (e->type);
  if (e->data)
    json_object_put (e->data);
  g_free (e);
}

static size_t
on_data (char *data, size_t size, size_t n, void *user)
{
  LtSse *s = user;
  g_mutex_lock (&s->lock);
  g_string_append_len (s->raw, data, (gssize) (size * n));
  g_cond_broadcast (&s->changed);
  g_mutex_unlock (&s->lock);
  return size * n;
}

static size_t
on_header (char *data, size_t size, size_t n, void *user)
{
  LtSse *s = user;
  g_autofree char *line = g_strndup (data, size * n);
  g_strchomp (line);
  g_mutex_lock (&s->lock);
  if (g_str_has_prefix (line, "HTTP/"))
    s->status = strtol (strchr (line, ' ') + 1, NULL, 10);
  else if (g_ascii_strncasecmp (line, "Retry-After:", 12) == 0)
    s->retry_after = g_strdup (g_strchug (line + 12));
  else if (!*line)
    s->headers_done = true;
  g_cond_broadcast (&s->changed);
  g_mutex_unlock (&s->lock);
  return size * n;
}

static int
on_progress (void *user, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
  LtSse *s = user;
  return g_atomic_int_get (&s->stop) ? 1 : 0;
}

static gpointer
run (gpointer user)
{
  LtSse *s = user;
  CURL *c = curl_easy_init ();
  struct curl_slist *h = NULL;
  g_autofree char *leid =
      s->last_event_id ? g_strconcat ("Last-Event-ID: ", s->last_event_id, NULL) : NULL;
  if (leid)
    h = curl_slist_append (h, leid);
  curl_easy_setopt (c, CURLOPT_URL, s->url);
  curl_easy_setopt (c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt (c, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt (c, CURLOPT_WRITEDATA, s);
  curl_easy_setopt (c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt (c, CURLOPT_HEADERDATA, s);
  curl_easy_setopt (c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt (c, CURLOPT_XFERINFODATA, s);
  curl_easy_setopt (c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_perform (c);
  curl_slist_free_all (h);
  curl_easy_cleanup (c);
  g_mutex_lock (&s->lock);
  s->finished = true;
  g_cond_broadcast (&s->changed);
  g_mutex_unlock (&s->lock);
  return NULL;
}

LtSse *
lt_sse_open (LtServer *srv, const char *unit, const char *last_event_id)
{
  LtSse *s = g_new0 (LtSse, 1);
  g_mutex_init (&s->lock);
  g_cond_init (&s->changed);
  s->raw = g_string_new (NULL);
  s->events = g_ptr_array_new_with_free_func ((GDestroyNotify) event_free);
  s->url = g_strdup_printf ("%s/api/v1/units/%s/events", lt_server_url (srv), unit);
  s->last_event_id = g_strdup (last_event_id);
  s->thread = g_thread_new ("sse", run, s);
  return s;
}

/* Parses the complete events in raw (under the lock). */
static void
parse (LtSse *s)
{
  for (;;)
    {
      const char *start = s->raw->str + s->parsed;
      const char *end = strstr (start, "\n\n");
      if (!end)
        return;
      g_autofree char *block = g_strndup (start, (gsize) (end - start));
      s->parsed += (gsize) (end - start) + 2;
      LtSseEvent *e = g_new0 (LtSseEvent, 1);
      g_auto (GStrv) lines = g_strsplit (block, "\n", -1);
      for (char **l = lines; *l; l++)
        {
          if (g_str_has_prefix (*l, "id: "))
            e->id = g_ascii_strtoll (*l + 4, NULL, 10);
          else if (g_str_has_prefix (*l, "event: "))
            e->type = g_strdup (*l + 7);
          else if (g_str_has_prefix (*l, "data: "))
            e->data = json_tokener_parse (*l + 6);
        }
      if (e->type)
        g_ptr_array_add (s->events, e);
      else
        event_free (e); /* retry: */
    }
}

const LtSseEvent *
lt_sse_next (LtSse *s, const char *type, guint timeout_ms)
{
  gint64 until = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;
  const LtSseEvent *found = NULL;
  g_mutex_lock (&s->lock);
  for (;;)
    {
      parse (s);
      while (!found && s->next < s->events->len)
        {
          const LtSseEvent *e = s->events->pdata[s->next++];
          if (strcmp (e->type, "ping") != 0 || g_strcmp0 (type, "ping") == 0)
            found = e;
        }
      if (found || s->finished || !g_cond_wait_until (&s->changed, &s->lock, until))
        break;
    }
  g_mutex_unlock (&s->lock);
  if (found && type && strcmp (found->type, type) != 0)
    g_error ("expected a %s event, got %s (id %" G_GINT64_FORMAT ")", type, found->type, found->id);
  return found;
}

long
lt_sse_status (LtSse *s, guint timeout_ms)
{
  gint64 until = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;
  g_mutex_lock (&s->lock);
  while (!s->headers_done && !s->finished && g_cond_wait_until (&s->changed, &s->lock, until))
    ;
  long st = s->status;
  g_mutex_unlock (&s->lock);
  return st;
}

const char *
lt_sse_retry_after (LtSse *s)
{
  return s->retry_after;
}

char *
lt_sse_text (LtSse *s)
{
  g_mutex_lock (&s->lock);
  char *t = g_strdup (s->raw->str);
  g_mutex_unlock (&s->lock);
  return t;
}

void
lt_sse_close (LtSse *s)
{
  if (!s)
    return;
  g_atomic_int_set (&s->stop, 1);
  g_thread_join (s->thread);
  g_ptr_array_unref (s->events);
  g_string_free (s->raw, TRUE);
  g_free (s->retry_after);
  g_free (s->url);
  g_free (s->last_event_id);
  g_mutex_clear (&s->lock);
  g_cond_clear (&s->changed);
  g_free (s);
}
