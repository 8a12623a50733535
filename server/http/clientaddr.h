/* The client's address behind trusted reverse proxies (--trusted-proxy), for rate limits.
 *
 * Rules: only when the peer is a trusted proxy is X-Forwarded-For read at all; from its
 * right (each proxy appends the address it got the request from), entries that are trusted
 * proxies are skipped, and the first one that is not is the client — if it is an address.
 * Anything else (no header, only trusted entries, a malformed entry there) leaves the peer.
 * Entries left of the client are never looked at: the client may have written them. */
#pragma once

#include <arpa/inet.h>
#include <stdbool.h>

/* Big enough for any address this module writes, v6 included. */
#define LS_ADDR_MAX INET6_ADDRSTRLEN

/* An exact IPv4 or IPv6 address (no port, no brackets, no prefix) in its canonical text
 * form; an IPv4-mapped IPv6 address is written as IPv4. False if `text` is none of these. */
bool ls_addr_canonical (const char *text, char ret[LS_ADDR_MAX]);
/* The same from a socket address (IPv4 or IPv6; the port is dropped). False for another
 * family or NULL. */
struct sockaddr;
bool ls_addr_from_sockaddr (const struct sockaddr *sa, char ret[LS_ADDR_MAX]);

/* Canonical addresses from "A,B" items (several lists allowed): a NULL-terminated array
 * (g_strfreev), or NULL and *ret_bad = the first item that is not an address. */
char **ls_addr_list_parse (const char *const *lists, const char **ret_bad);

/* The client address of a request from `peer` (canonical) carrying X-Forwarded-For
 * `forwarded_for` (all such headers joined by ",", or NULL), given the trusted proxies
 * (canonical, NULL-terminated, may be NULL). Writes into ret. */
void ls_client_address (const char *peer, const char *forwarded_for, const char *const *trusted,
                        char ret[LS_ADDR_MAX]);
