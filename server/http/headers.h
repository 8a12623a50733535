/* Pure parsers for the request headers the routes read. No I/O, no allocation that outlives
 * a call; every one accepts any byte string (they are fuzzed: tests/fuzz/fuzz-headers.c).
 *
 * Rules:
 *   Accept-Encoding: a comma-separated list of codings, each with optional ";"-parameters;
 *     empty items (",,") are skipped; "gzip" or "*" is accepted unless it carries q=0.
 *   If-None-Match: a comma-separated list of entity tags, weak ("W/") or strong, or "*";
 *     matches when any item equals one of the given tags (weak comparison).
 *   Authorization: "Bearer" (any case), one or more spaces, then a token of 1..max visible
 *     ASCII characters (RFC 6750 b64token is narrower; anything else is no token). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

bool ls_header_accepts_gzip (const char *accept_encoding);
/* tags: NULL-terminated list of the resource's current ETags ("\"abc\""). */
bool ls_header_etag_matches (const char *if_none_match, const char *const *tags);
/* The token part of `authorization` (a pointer into it) or NULL. */
const char *ls_header_bearer_token (const char *authorization, size_t max_len);
