/* Strict JSON request bodies: the Content-Type, parsing into one object with no repeated
 * member, the check against a route's fields (jsonbody.h), and the member accessors. */
#include "http/http-private.h"

#include <errno.h>
#include <string.h>

bool
ls_http_is_json_content_type (const char *ct)
{
  if (!ct)
    return false;
  while (*ct == ' ')
    ct++;
  size_t n = strlen ("application/json");
  if (g_ascii_strncasecmp (ct, "application/json", n) != 0)
    return false;
  char c = ct[n];
  return c == '\0' || c == ';' || c == ' ';
}

bool
ls_http_parse_json_body (LsRequest *req)
{
  gsize len;
  const char *data = g_bytes_get_data (req->body, &len);
  int r = ls_json_parse_object (data, len, &req->json);
  if (r == -EILSEQ)
    ls_reply_invalid (req, "body", "Dữ liệu không phải UTF-8 hợp lệ");
  else if (r < 0)
    ls_reply_invalid (req, "body", "Dữ liệu JSON không hợp lệ");
  if (r < 0)
    return false;
  g_autofree char *repeated = NULL;
  if (ls_json_find_repeated_member (data, len, &repeated) < 0)
    {
      /* the name as the client wrote it may hold anything: the field says which, safely */
      json_object_put (g_steal_pointer (&req->json));
      const char *field = g_utf8_strlen (repeated, -1) <= 64 ? repeated : "body";
      ls_reply_invalid (req, field, "Trường bị lặp lại");
      return false;
    }
  return true;
}

bool
ls_request_parse_json (LsRequest *req)
{
  if (req->json)
    return true;
  if (!ls_http_is_json_content_type (ls_request_header (req, "Content-Type")))
    {
      ls_reply_error (req, 415, "unsupported_media_type",
                      "Định dạng dữ liệu không được hỗ trợ, hãy gửi application/json", NULL);
      return false;
    }
  return ls_http_parse_json_body (req);
}
