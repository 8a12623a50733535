/* Idempotency-Key: a retried request gets the first answer, not a second side effect. */
#pragma once

#include "http/http.h"
#include "store/store.h"

/* The Idempotency-Key of a request, checked before any side effect. Returns false when the
 * request has been answered: 400 for a malformed key or a key reused with another request,
 * or the stored reply of the same request seen before. Otherwise true, with
 * *ret_idem = idem filled in (scope borrowed, hash of method + path + body) when there is a
 * key, NULL when there is none. */
bool ls_idem_begin_or_reply (LsRequest *req, const char *scope, LsIdem *idem,
                             const LsIdem **ret_idem);

/* A request that finds its booking used may be the retry of the very request that used
 * it, answered since this one began: with a key whose answer is stored by now, that answer
 * is replayed; otherwise 409 code_invalid_or_used. */
void ls_reply_used_or_replay (LsRequest *req, const LsIdem *idem);
