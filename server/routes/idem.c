/* Idempotency-Key handling of the routes (routes/idem.h). */
#include "routes/idem.h"

#include "app.h"
#include "routes/errors.h"

#include <string.h>

static bool
idem_from_request (LsRequest *req, const char *scope, LsIdem *idem, bool *ret_has_key)
{
  const char *key = ls_request_header (req, "Idempotency-Key");
  *ret_has_key = false;
  if (!key)
    return true;
  size_t len = strlen (key);
  bool ok = len >= 1 && len <= 255;
  for (size_t i = 0; ok && i < len; i++)
    ok = key[i] > 0x20 && key[i] < 0x7f;
  if (!ok)
    {
      ls_reply_invalid (req, "Idempotency-Key", "Idempotency-Key không hợp lệ");
      return false;
    }
  GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, (const guchar *) req->method, -1);
  g_checksum_update (sum, (const guchar *) " ", 1);
  g_checksum_update (sum, (const guchar *) req->path, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  gsize blen;
  const guchar *body = g_bytes_get_data (req->body, &blen);
  if (blen)
    g_checksum_update (sum, body, (gssize) blen);
  g_strlcpy (idem->hash, g_checksum_get_string (sum), sizeof idem->hash);
  g_checksum_free (sum);
  idem->scope = scope;
  idem->key = key;
  *ret_has_key = true;
  return true;
}

static bool
idem_replay (LsRequest *req, const LsIdem *idem)
{
  LsReply reply = { 0 };
  int r = ls_store_idem_lookup (req->app->store, idem, &reply);
  if (r == 0)
    return false;
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return true;
    }
  ls_reply_json_string (req, reply.status, reply.body);
  g_free (reply.body);
  return true;
}

bool
ls_idem_begin_or_reply (LsRequest *req, const char *scope, LsIdem *idem, const LsIdem **ret_idem)
{
  bool has_key;
  if (!idem_from_request (req, scope, idem, &has_key))
    return false;
  if (has_key && idem_replay (req, idem))
    return false;
  *ret_idem = has_key ? idem : NULL;
  return true;
}

void
ls_reply_used_or_replay (LsRequest *req, const LsIdem *idem)
{
  if (idem && idem_replay (req, idem))
    return;
  ls_reply_store_error (req, -LS_E_USED);
}
