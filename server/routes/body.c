#include "routes/body.h"

bool
ls_body_decode_or_reply (LsRequest *req, const LsJsonField *schema, void *ret)
{
  const char *member, *message;
  if (ls_json_decode (req->json, schema, ret, &member, &message) < 0)
    {
      ls_reply_invalid (req, member, message);
      return false;
    }
  return true;
}
