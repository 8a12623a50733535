/* conn.h: connections per address (exempt addresses uncounted), event streams per client,
 * and the sweeper cutting a connection past its phase's deadline. */
#include "http/conn.h"

#include <arpa/inet.h>
#include <glib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

static struct sockaddr_in
address (const char *text)
{
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons (40000) };
  g_assert_cmpint (inet_pton (AF_INET, text, &sa.sin_addr), ==, 1);
  return sa;
}

#define SA(x) ((const struct sockaddr *) &(x))

static void
test_per_address (void)
{
  static const char *const exempt[] = { "10.0.0.9", NULL };
  LsConnLimits limits = { .per_address = 2, .idle_s = 60, .header_s = 10, .exempt = exempt };
  LsConnTable *t = ls_conn_table_new (&limits);
  struct sockaddr_in a = address ("10.0.0.1"), b = address ("10.0.0.2"),
                     proxy = address ("10.0.0.9");
  g_assert_true (ls_conn_table_admit (t, SA (a)));
  LsConn *a1 = ls_conn_opened (t, -1, SA (a));
  g_assert_true (ls_conn_table_admit (t, SA (a)));
  LsConn *a2 = ls_conn_opened (t, -1, SA (a));
  g_assert_cmpuint (ls_conn_table_count (t, SA (a)), ==, 2);
  g_assert_false (ls_conn_table_admit (t, SA (a))); /* at its limit */
  g_assert_true (ls_conn_table_admit (t, SA (b)));  /* another address is not */
  LsConn *p[5];
  for (int i = 0; i < 5; i++)
    {
      g_assert_true (ls_conn_table_admit (t, SA (proxy))); /* exempt: never counted */
      p[i] = ls_conn_opened (t, -1, SA (proxy));
    }
  g_assert_cmpuint (ls_conn_table_count (t, SA (proxy)), ==, 0);
  ls_conn_closed (t, a1);
  g_assert_true (ls_conn_table_admit (t, SA (a)));
  ls_conn_closed (t, a2);
  g_assert_cmpuint (ls_conn_table_count (t, SA (a)), ==, 0);
  for (int i = 0; i < 5; i++)
    ls_conn_closed (t, p[i]);
  ls_conn_closed (t, NULL);
  ls_conn_table_free (t);
}

static void
test_streams_per_client (void)
{
  LsConnLimits limits = { .streams_per_client = 3, .idle_s = 60, .header_s = 10 };
  LsConnTable *t = ls_conn_table_new (&limits);
  for (int i = 0; i < 3; i++)
    g_assert_true (ls_conn_stream_begin (t, "203.0.113.7"));
  g_assert_false (ls_conn_stream_begin (t, "203.0.113.7"));
  g_assert_cmpuint (ls_conn_stream_count (t, "203.0.113.7"), ==, 3);
  g_assert_true (ls_conn_stream_begin (t, "203.0.113.8"));
  ls_conn_stream_end (t, "203.0.113.7");
  g_assert_true (ls_conn_stream_begin (t, "203.0.113.7"));
  for (int i = 0; i < 3; i++)
    ls_conn_stream_end (t, "203.0.113.7");
  ls_conn_stream_end (t, "203.0.113.8");
  g_assert_cmpuint (ls_conn_stream_count (t, "203.0.113.7"), ==, 0);
  ls_conn_stream_end (t, "203.0.113.7"); /* one end too many never wraps the count */
  g_assert_cmpuint (ls_conn_stream_count (t, "203.0.113.7"), ==, 0);
  ls_conn_table_free (t);
}

/* A connection receiving its headers is shut down once header_s have passed, however
 * recently a byte came; a busy one is left alone. */
static void
test_deadline_cuts (void)
{
  LsConnLimits limits = { .idle_s = 60, .header_s = 1 };
  LsConnTable *t = ls_conn_table_new (&limits);
  int slow[2], busy[2];
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM, 0, slow), ==, 0);
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM, 0, busy), ==, 0);
  struct sockaddr_in a = address ("10.0.0.1");
  LsConn *cs = ls_conn_opened (t, slow[0], SA (a));
  LsConn *cb = ls_conn_opened (t, busy[0], SA (a));
  ls_conn_receiving (cs);
  ls_conn_receiving (cb);
  ls_conn_busy (cb);
  g_usleep (1600 * 1000);
  char byte;
  g_assert_cmpint (recv (slow[1], &byte, 1, MSG_DONTWAIT), ==, 0);  /* shut down: EOF */
  g_assert_cmpint (recv (busy[1], &byte, 1, MSG_DONTWAIT), ==, -1); /* still open */
  ls_conn_closed (t, cs);
  ls_conn_closed (t, cb);
  for (int i = 0; i < 2; i++)
    {
      close (slow[i]);
      close (busy[i]);
    }
  ls_conn_table_free (t);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/conn/per-address", test_per_address);
  g_test_add_func ("/layso/conn/streams-per-client", test_streams_per_client);
  g_test_add_func ("/layso/conn/deadline-cuts", test_deadline_cuts);
  return g_test_run ();
}
