/* Route matching over a route table (routes.c), without the HTTP around it. Pure: no I/O,
 * no logging; fuzzed by tests/fuzz/fuzz-router.c, tested by server/tests/test-router.c.
 *
 * Rules (the pattern syntax is in http.h, LsRoute):
 *   rows are tried in order; the first row whose pattern matches the path and whose method
 *     equals `method` wins (a HEAD request is asked for as "GET");
 *   a literal segment matches the same bytes; "{name}" one non-empty segment; a last
 *     "{*name}" the rest of the path, slashes included, possibly empty ("/a/{*r}" matches
 *     "/a", "/a/" and "/a/b/c"); a pattern with more than LS_ROUTER_MAX_CAPTURES captures
 *     matches nothing;
 *   no winner but some rows whose pattern matches: 405, Allow lists their methods in table
 *     order, once each, "GET" followed by "HEAD"; no such row either: 404. */
#pragma once

#include "http/http.h"

#include <stdbool.h>
#include <stddef.h>

#define LS_ROUTER_MAX_CAPTURES 8

typedef struct
{
  const char *name; /* into the pattern, not terminated */
  size_t name_len;
  const char *value; /* into the path, not terminated */
  size_t value_len;
} LsRouteCapture;

typedef struct
{
  const LsRoute *route; /* the winning row, or NULL */
  LsRouteCapture captures[LS_ROUTER_MAX_CAPTURES];
  size_t n_captures;
  char *allow; /* no winner, 405: "GET, HEAD, POST"; else NULL. g_free it */
} LsRouteMatch;

/* Matches `path` (decoded, no query) against `pattern` and fills `captures` (may be NULL)
 * with up to LS_ROUTER_MAX_CAPTURES entries, *ret_n their number. */
bool ls_router_match_pattern (const char *pattern, const char *path, LsRouteCapture *captures,
                              size_t *ret_n);

/* Finds the row for `method` and `path` in `table` (ended by a row whose method is NULL).
 * True and ret->route with its captures; or false, ret->route NULL and ret->allow set for a
 * 405 (NULL for a 404). *ret is fully written either way. */
bool ls_router_match (const LsRoute *table, const char *method, const char *path,
                      LsRouteMatch *ret);
