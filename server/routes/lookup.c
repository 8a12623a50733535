/* Owner look-ups behind the look-up guard (routes/lookup.h). */
#include "routes/lookup.h"

#include "app.h"
#include "codes.h"
#include "lookup-guard.h"
#include "validate.h"
#include "routes/errors.h"

#include <glib.h>

#define LS_MESSAGE_LOOKUP_LOCKED                                                                                      \
  "Tạm khóa tra cứu mã đặt chỗ này trong ít phút vì nhập sai nhiều lần; bạn vẫn lấy số " \
  "được tại kiosk"

enum
{
  KEY_CODE,
  KEY_CCCD,
  KEY_ADDR,
  N_KEYS
};

typedef struct
{
  char *keys[N_KEYS];
  int thresholds[N_KEYS];
  size_t n;
} GuardKeys;

/* CCCDs and addresses are kept hashed: the guard needs to recognise them, not read them. */
static char *
hashed_key (const char *kind, const char *value)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, value, -1);
  return g_strconcat (kind, ":", hash, NULL);
}

/* A malformed code matches nothing: it counts against the CCCD and the address only. */
static void
guard_keys_init (GuardKeys *g, const char *code, const char *cccd, const char *address)
{
  g->n = 0;
  if (code)
    {
      g->keys[g->n] = g_strconcat ("code:", code, NULL);
      g->thresholds[g->n++] = LAYSO_LOOKUP_KEY_THRESHOLD;
    }
  g->keys[g->n] = hashed_key ("cccd", cccd);
  g->thresholds[g->n++] = LAYSO_LOOKUP_KEY_THRESHOLD;
  g->keys[g->n] = hashed_key ("addr", address);
  g->thresholds[g->n++] = LAYSO_LOOKUP_ADDR_THRESHOLD;
}

static void
guard_keys_clear (GuardKeys *g)
{
  for (size_t i = 0; i < g->n; i++)
    g_free (g->keys[i]);
  g->n = 0;
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GuardKeys, guard_keys_clear)

static bool
guard_open_or_reply (LsRequest *req, const GuardKeys *g, gint64 now)
{
  LaysoLookupCounter counters[N_KEYS];
  LsStore *store = req->app->store;
  int r = ls_store_lookup_counters (store, (const char *const *) g->keys, g->n, counters);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return false;
    }
  gint64 wait = 0;
  for (size_t i = 0; i < g->n; i++)
    {
      gint64 left;
      if (layso_lookup_locked (&counters[i], now, &left) && left > wait)
        wait = left;
    }
  if (wait == 0)
    return true;
  ls_reply_retry_later (req, 429, "rate_limited", LS_MESSAGE_LOOKUP_LOCKED, (unsigned) wait);
  return false;
}

static void
record_failure_and_reply (LsRequest *req, const GuardKeys *g, gint64 now)
{
  LsStore *store = req->app->store;
  int r = ls_store_lookup_fail (store, (const char *const *) g->keys, g->thresholds, g->n, now);
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return;
    }
  ls_reply_not_found (req);
}

static bool
cccd_valid_or_reply (LsRequest *req, const char *cccd)
{
  if (!cccd || !*cccd)
    {
      ls_reply_invalid (req, "cccd", "Vui lòng điền đầy đủ thông tin");
      return false;
    }
  if (!layso_cccd_is_valid (cccd))
    {
      ls_reply_invalid (req, "cccd", "Số căn cước công dân phải gồm đúng 12 chữ số");
      return false;
    }
  return true;
}

LsBooking *
ls_booking_find_owned_or_reply (LsRequest *req, const char *cccd)
{
  if (!cccd_valid_or_reply (req, cccd))
    return NULL;
  char code[LAYSO_CODE_LEN + 1];
  bool code_ok = layso_code_parse (ls_request_param (req, "code"), code) == 0;
  bool guarded = req->app->config.lookup_guard;
  /* the guard counts in wall-clock seconds, whatever the dev clock says */
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_auto (GuardKeys) g = { 0 };
  if (guarded)
    {
      guard_keys_init (&g, code_ok ? code : NULL, cccd, req->client_ip);
      if (!guard_open_or_reply (req, &g, now))
        return NULL;
    }
  LsBooking *b = NULL;
  int r = code_ok ? ls_store_booking_get (req->app->store, code, cccd, &b) : -LS_E_NOT_FOUND;
  if (r == -LS_E_NOT_FOUND && guarded)
    {
      record_failure_and_reply (req, &g, now);
      return NULL;
    }
  if (r < 0)
    {
      ls_reply_store_error (req, r);
      return NULL;
    }
  return b;
}
