/* A route's JSON body, decoded through its table (routes/schemas.h). */
#pragma once

#include "http/http.h"
#include "http/jsonbody.h"

/* Decodes req->json against `schema` into *ret (ls_json_decode). true, or false after the
 * 400 invalid_input naming the member. */
bool ls_body_decode_or_reply (LsRequest *req, const LsJsonField *schema, void *ret);
