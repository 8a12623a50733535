/* Connections: how many each client address may hold, and how long each phase may take.
 *
 * libmicrohttpd's own timeout is an idle timeout that restarts on every byte, so a client
 * sending one byte every few seconds keeps a connection for ever. Here every connection
 * has an absolute deadline for the phase it is in, and a sweeper thread shuts down the
 * socket of any connection past it (libmicrohttpd then sees the peer gone and cleans up):
 *   idle      (before a request line): idle_s after the connection opened or the last
 *             answer went out;
 *   receiving (request line seen): header_s for the headers, plus 1 s for every 64 KiB of
 *             the body the request announces (or may send), counted from the request line;
 *   busy      (in a handler, suspended, or sending the answer): no deadline of ours;
 *             libmicrohttpd's idle timeout still covers a client that stops reading.
 *
 * Per address: at most per_address connections open at once, counted when accepted and
 * before any X-Forwarded-For is read; the exempt addresses (trusted proxies) are not
 * counted. Two threads accepting at once may overshoot the limit by one each. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/socket.h>

typedef struct LsConnTable LsConnTable;
typedef struct LsConn LsConn;

typedef struct
{
  unsigned per_address;        /* 0 = no limit */
  unsigned streams_per_client; /* event streams per client address, 0 = no limit */
  unsigned idle_s;
  unsigned header_s;
  const char *const *exempt; /* canonical addresses (clientaddr.h), NULL-terminated */
} LsConnLimits;

#define LS_CONN_BODY_BYTES_PER_SECOND (64 * 1024)

/* Starts the sweeper thread. */
LsConnTable *ls_conn_table_new (const LsConnLimits *limits);
/* Stops the sweeper. Every connection must have been closed. NULL is fine. */
void ls_conn_table_free (LsConnTable *t);

/* The accept policy: false when addr already holds its limit of connections. */
bool ls_conn_table_admit (LsConnTable *t, const struct sockaddr *addr);
/* A connection was accepted (counted against its address, idle deadline armed). */
LsConn *ls_conn_opened (LsConnTable *t, int fd, const struct sockaddr *addr);
/* Uncounts it and forgets it; after this the sweeper never touches fd. NULL is fine. */
void ls_conn_closed (LsConnTable *t, LsConn *c);
/* The number of connections addr holds now. */
unsigned ls_conn_table_count (LsConnTable *t, const struct sockaddr *addr);

/* Event streams (held all day by display boards and ticket pages) are counted by client
 * address, the one X-Forwarded-For names behind a trusted proxy (clientaddr.h): there the
 * proxy's connections are exempt from per_address, and this is what bounds one client.
 * begin: false (nothing counted) when `client` holds streams_per_client already; every true
 * is paired with one end. */
bool ls_conn_stream_begin (LsConnTable *t, const char *client);
void ls_conn_stream_end (LsConnTable *t, const char *client);
unsigned ls_conn_stream_count (LsConnTable *t, const char *client);

/* Phase changes; each NULL-safe (a connection the table never saw). */
void ls_conn_receiving (LsConn *c);
void ls_conn_expect_body (LsConn *c, guint64 bytes);
void ls_conn_busy (LsConn *c);
void ls_conn_idle (LsConn *c);
