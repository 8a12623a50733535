/* Connection limits and phase deadlines (conn.h). */
#include "http/conn.h"

#include "http/clientaddr.h"
#include "ticker.h"

#include <stdatomic.h>
#include <string.h>
#include <sys/socket.h>

/* How often the sweeper looks: deadlines are whole seconds, so a quarter is plenty. */
#define SWEEP_INTERVAL_US (250 * 1000)

struct LsConn
{
  int fd;
  char address[LS_ADDR_MAX];
  bool counted;
  gint64 phase_start;      /* monotonic µs */
  _Atomic gint64 deadline; /* monotonic µs; 0 = none (busy); set by the connection's
                              thread, read by the sweeper */
  unsigned header_s, idle_s;
};

struct LsConnTable
{
  LsConnLimits limits;
  char **exempt;
  GMutex lock;             /* guards per_address and conns */
  GHashTable *per_address; /* address -> count (GUINT_TO_POINTER) */
  GHashTable *conns;       /* LsConn* set */
  GHashTable *streams;     /* client address -> open event streams */
  LsTicker *sweeper;
};

static bool
is_exempt (LsConnTable *t, const char *address)
{
  for (char **e = t->exempt; e && *e; e++)
    if (strcmp (*e, address) == 0)
      return true;
  return false;
}

static void
sweep (void *data)
{
  LsConnTable *t = data;
  gint64 now = g_get_monotonic_time ();
  g_mutex_lock (&t->lock);
  GHashTableIter it;
  gpointer key;
  g_hash_table_iter_init (&it, t->conns);
  while (g_hash_table_iter_next (&it, &key, NULL))
    {
      LsConn *c = key;
      gint64 deadline = atomic_load (&c->deadline);
      if (deadline && now > deadline && c->fd >= 0)
        {
          /* the fd stays open (libmicrohttpd closes it), so it cannot be reused under us */
          shutdown (c->fd, SHUT_RDWR);
          c->fd = -1;
        }
    }
  g_mutex_unlock (&t->lock);
}

LsConnTable *
ls_conn_table_new (const LsConnLimits *limits)
{
  LsConnTable *t = g_new0 (LsConnTable, 1);
  t->limits = *limits;
  t->exempt = g_strdupv ((char **) limits->exempt);
  t->limits.exempt = NULL;
  g_mutex_init (&t->lock);
  t->per_address = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  t->conns = g_hash_table_new (NULL, NULL);
  t->streams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  t->sweeper = ls_ticker_start ("conn-sweeper", SWEEP_INTERVAL_US, sweep, t);
  return t;
}

void
ls_conn_table_free (LsConnTable *t)
{
  if (!t)
    return;
  ls_ticker_stop (t->sweeper);
  g_hash_table_destroy (t->conns);
  g_hash_table_destroy (t->streams);
  g_hash_table_destroy (t->per_address);
  g_strfreev (t->exempt);
  g_mutex_clear (&t->lock);
  g_free (t);
}

bool
ls_conn_table_admit (LsConnTable *t, const struct sockaddr *sa)
{
  char address[LS_ADDR_MAX];
  if (t->limits.per_address == 0 || !ls_addr_from_sockaddr (sa, address) || is_exempt (t, address))
    return true;
  g_mutex_lock (&t->lock);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (t->per_address, address));
  g_mutex_unlock (&t->lock);
  return count < t->limits.per_address;
}

unsigned
ls_conn_table_count (LsConnTable *t, const struct sockaddr *sa)
{
  char address[LS_ADDR_MAX];
  if (!ls_addr_from_sockaddr (sa, address))
    return 0;
  g_mutex_lock (&t->lock);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (t->per_address, address));
  g_mutex_unlock (&t->lock);
  return count;
}

/* Adds delta to key's count in table (under t->lock); a count of 0 is removed. */
static guint
count_add (GHashTable *table, const char *key, int delta)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (table, key));
  guint next = delta < 0 && count == 0 ? 0 : (guint) ((int) count + delta);
  if (next == 0)
    g_hash_table_remove (table, key);
  else
    g_hash_table_replace (table, g_strdup (key), GUINT_TO_POINTER (next));
  return next;
}

bool
ls_conn_stream_begin (LsConnTable *t, const char *client)
{
  g_mutex_lock (&t->lock);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (t->streams, client));
  bool ok = t->limits.streams_per_client == 0 || count < t->limits.streams_per_client;
  if (ok)
    count_add (t->streams, client, +1);
  g_mutex_unlock (&t->lock);
  return ok;
}

void
ls_conn_stream_end (LsConnTable *t, const char *client)
{
  g_mutex_lock (&t->lock);
  count_add (t->streams, client, -1);
  g_mutex_unlock (&t->lock);
}

unsigned
ls_conn_stream_count (LsConnTable *t, const char *client)
{
  g_mutex_lock (&t->lock);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (t->streams, client));
  g_mutex_unlock (&t->lock);
  return count;
}

static void
set_deadline (LsConn *c, gint64 deadline)
{
  atomic_store (&c->deadline, deadline);
}

LsConn *
ls_conn_opened (LsConnTable *t, int fd, const struct sockaddr *sa)
{
  LsConn *c = g_new0 (LsConn, 1);
  c->fd = fd;
  c->header_s = t->limits.header_s;
  c->idle_s = t->limits.idle_s;
  bool known = ls_addr_from_sockaddr (sa, c->address);
  c->counted = known && !is_exempt (t, c->address);
  g_mutex_lock (&t->lock);
  if (c->counted)
    count_add (t->per_address, c->address, +1);
  g_hash_table_add (t->conns, c);
  g_mutex_unlock (&t->lock);
  ls_conn_idle (c);
  return c;
}

void
ls_conn_closed (LsConnTable *t, LsConn *c)
{
  if (!c)
    return;
  g_mutex_lock (&t->lock);
  g_hash_table_remove (t->conns, c);
  if (c->counted)
    count_add (t->per_address, c->address, -1);
  g_mutex_unlock (&t->lock);
  g_free (c);
}

void
ls_conn_receiving (LsConn *c)
{
  if (!c)
    return;
  c->phase_start = g_get_monotonic_time ();
  set_deadline (c, c->phase_start + (gint64) c->header_s * G_USEC_PER_SEC);
}

void
ls_conn_expect_body (LsConn *c, guint64 bytes)
{
  if (!c)
    return;
  guint64 seconds =
      c->header_s + (bytes + LS_CONN_BODY_BYTES_PER_SECOND - 1) / LS_CONN_BODY_BYTES_PER_SECOND;
  set_deadline (c, c->phase_start + (gint64) seconds * G_USEC_PER_SEC);
}

void
ls_conn_busy (LsConn *c)
{
  if (c)
    set_deadline (c, 0);
}

void
ls_conn_idle (LsConn *c)
{
  if (!c)
    return;
  c->phase_start = g_get_monotonic_time ();
  set_deadline (c, c->phase_start + (gint64) c->idle_s * G_USEC_PER_SEC);
}
