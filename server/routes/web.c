/* The citizen web pages and their static files, the booking ticket PNG and the QR scan.
 *
 * Static files: only the names in web_files[] are ever served (no path from the request
 * reaches the file system, so traversal is impossible). They are read from the assets
 * directory on first use (again after /quan-tri renames the province), gzip-compressed once,
 * and kept in memory with an ETag. Pages
 * are rewritten at load time to point at "/static/x.js?v=<hash>", so the static files can be
 * cached as immutable while the pages themselves are revalidated (no-cache + ETag).
 * The pages' "{{province}}" becomes the brand, "TỈNH THÁI NGUYÊN" (the name set in /quan-tri,
 * else --province), HTML-escaped.
 *
 * Mistyped page addresses (http.c routes every unmatched GET outside /api/ here): the
 * obvious variants of a page's address redirect to it; anything else gets a small 404 page
 * when a browser asks (Accept: text/html), the JSON error otherwise. */
#include "routes/web.h"
#include "wire.h"

#include "app.h"
#include "booking.h"
#include "http/headers.h"
#include "calendar.h"
#include "cccd-qr.h"
#include "clock.h"
#include "qr-decode.h"
#include "ratelimit.h"
#include "routes/context.h"
#include "routes/lookup.h"
#include "slots.h"
#include "store/store.h"
#include "ticket-render.h"
#include "validate.h"

#include <errno.h>
#include <microhttpd.h>
#include <string.h>
#include <zlib.h>

#define WEB_FILE_MAX_BYTES (1024 * 1024)
#define NOT_FOUND_PAGE     "404" /* not a path: never matched by a request */
#define PROVINCE_MARK      "{{province}}"
/* Every page's header is one file, header.html, put where the page says {{header}}. */
#define HEADER_MARK        "{{header}}"
#define HEADER_FILE        "header.html"
#define TICKET_PAGE_ID_MAX 64

/* Pages run only our own scripts and styles; the ticket PNG may be shown from a blob: URL. */
#define CSP                                                                                        \
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "          \
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "                      \
  "form-action 'self'; frame-ancestors 'none'"

typedef struct
{
  const char *url;  /* request path; static files live under /static/ */
  const char *file; /* name inside the assets directory */
  const char *type;
  GBytes *raw; /* NULL if the file could not be read */
  GBytes *gz;  /* NULL when gzip would not be smaller */
  char version[17];
  char etag[24];
  char etag_gz[27];
} WebFile;

#define WEB_FILE(u, f, t)                                                                          \
  {                                                                                                \
    .url = (u), .file = (f), .type = (t)                                                           \
  }

#define PAGE_FILE(url, file) WEB_FILE (url, file, "text/html; charset=utf-8")
#define PAGE_URL(url, file)  url

/* Static files first: the pages after them are rewritten with their versions. */
static WebFile web_files[] = {
  WEB_FILE ("/static/site.css", "site.css", "text/css; charset=utf-8"),
  WEB_FILE ("/static/common.js", "common.js", "text/javascript; charset=utf-8"),
  WEB_FILE ("/static/dat-lich.js", "dat-lich.js", "text/javascript; charset=utf-8"),
  WEB_FILE ("/static/tra-cuu.js", "tra-cuu.js", "text/javascript; charset=utf-8"),
  WEB_FILE ("/static/thong-bao.js", "thong-bao.js", "text/javascript; charset=utf-8"),
  WEB_FILE ("/static/phieu.js", "phieu.js", "text/javascript; charset=utf-8"),
  WEB_FILE ("/static/dang-nhap.js", "dang-nhap.js", "text/javascript; charset=utf-8"),
  WEB_FILE ("/static/quay.js", "quay.js", "text/javascript; charset=utf-8"),
  WEB_FILE ("/static/man-hinh.js", "man-hinh.js", "text/javascript; charset=utf-8"),
  WEB_FILE ("/static/man-hinh.css", "man-hinh.css", "text/css; charset=utf-8"),
  WEB_FILE ("/static/quan-tri.js", "quan-tri.js", "text/javascript; charset=utf-8"),
  WEB_FILE ("/static/quan-tri-lich.js", "quan-tri-lich.js", "text/javascript; charset=utf-8"),
  WEB_FILE ("/static/logo.svg", "logo.svg", "image/svg+xml; charset=utf-8"),
  WEB_FILE ("/static/thong-ke.js", "thong-ke.js", "text/javascript; charset=utf-8"),
  WEB_FILE ("/static/thong-ke.css", "thong-ke.css", "text/css; charset=utf-8"),
  LS_WEB_PAGES (PAGE_FILE),
  WEB_FILE ("/phieu/{id}", "phieu.html", "text/html; charset=utf-8"),
  WEB_FILE ("/man-hinh/{unit}", "man-hinh.html", "text/html; charset=utf-8"),
  WEB_FILE (NOT_FOUND_PAGE, "404.html", "text/html; charset=utf-8"),
};

/* The pages a variant may redirect to (/phieu/{id} and /man-hinh/{unit} are handled on their
 * own). */
static const char *const page_urls[] = { LS_WEB_PAGES (PAGE_URL) };

#define N_WEB_FILES G_N_ELEMENTS (web_files)

/* The files as served for one brand (the province's name, which /quan-tri may change while
 * the server runs): built whole, then swapped in under web_lock; a request holds a reference
 * while it serves one (the reply holds its own on the bytes), so an old set goes with its
 * last reader. */
typedef struct
{
  char *province; /* as set (NULL: none) */
  WebFile files[N_WEB_FILES];
  gatomicrefcount ref_count;
} WebSet;

static GMutex web_lock;
static WebSet *web_current; /* under web_lock */

static bool
is_static (const WebFile *f)
{
  return g_str_has_prefix (f->url, "/static/");
}

static bool
is_page (const WebFile *f)
{
  return g_str_has_prefix (f->type, "text/html");
}

static GBytes *
gzip_bytes (GBytes *raw)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (raw, &len);
  z_stream zs = { 0 };
  /* 15 + 16: a gzip wrapper rather than raw zlib, as Content-Encoding: gzip requires */
  if (deflateInit2 (&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    return NULL;
  uLong bound = deflateBound (&zs, len);
  guint8 *out = g_malloc (bound);
  zs.next_in = (Bytef *) data;
  zs.avail_in = (uInt) len;
  zs.next_out = out;
  zs.avail_out = (uInt) bound;
  int rc = deflate (&zs, Z_FINISH);
  gsize out_len = zs.total_out;
  deflateEnd (&zs);
  if (rc != Z_STREAM_END || out_len >= len)
    {
      g_free (out);
      return NULL;
    }
  return g_bytes_new_take (g_realloc (out, out_len), out_len);
}

/* "Thái Nguyên" -> "TỈNH THÁI NGUYÊN"; a name that already says what it is ("Tỉnh …",
 * "Thành phố Hà Nội") is kept as it is. Upper case, then HTML-escaped. */
static char *
province_brand (const char *province)
{
  g_autofree char *nfc = g_utf8_normalize (province ? province : "", -1, G_NORMALIZE_NFC);
  g_autofree char *lower = g_utf8_casefold (nfc ? nfc : "", -1);
  bool named = g_str_has_prefix (lower, "tỉnh ") || g_str_has_prefix (lower, "thành phố ");
  g_autofree char *full = named ? g_strdup (nfc) : g_strconcat ("Tỉnh ", nfc, NULL);
  g_autofree char *upper = g_utf8_strup (full, -1);
  return g_markup_escape_text (upper, -1);
}

/* The shared header with the page's own link marked as the current one. */
static char *
header_for (const char *header, const char *url)
{
  g_autofree char *link = g_strdup_printf ("<a href=\"%s\">", url);
  g_autofree char *current = g_strdup_printf ("<a href=\"%s\" aria-current=\"page\">", url);
  GString *s = g_string_new (header);
  g_string_replace (s, link, current, 1);
  return g_string_free (s, FALSE);
}

static GBytes *
versioned_page (const WebSet *set, char *contents, gsize len, const char *brand, const char *header,
                const char *url)
{
  GString *s = g_string_new_len (contents, (gssize) len);
  g_autofree char *own_header = header_for (header, url);
  g_string_replace (s, HEADER_MARK, own_header, 1);
  g_string_replace (s, PROVINCE_MARK, brand, 0);
  for (size_t i = 0; i < N_WEB_FILES; i++)
    {
      const WebFile *f = &set->files[i];
      if (!is_static (f) || !f->raw)
        continue;
      g_autofree char *from = g_strdup_printf ("\"%s\"", f->url);
      g_autofree char *to = g_strdup_printf ("\"%s?v=%s\"", f->url, f->version);
      g_string_replace (s, from, to, 0);
    }
  gsize out_len = s->len;
  return g_bytes_new_take (g_string_free (s, FALSE), out_len);
}

static void
load_file (WebSet *set, WebFile *f, const char *dir, const char *brand, const char *header)
{
  g_autofree char *path = g_build_filename (dir, f->file, NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr (GError) error = NULL;
  if (!g_file_get_contents (path, &contents, &len, &error) || len > WEB_FILE_MAX_BYTES)
    {
      g_warning ("web: cannot serve %s: %s", path, error ? error->message : "too large");
      return;
    }
  if (is_page (f))
    f->raw = versioned_page (set, contents, len, brand, header, f->url);
  else
    f->raw = g_bytes_new_take (g_steal_pointer (&contents), len);

  g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, f->raw);
  g_strlcpy (f->version, sum, sizeof f->version);
  g_snprintf (f->etag, sizeof f->etag, "\"%s\"", f->version);
  g_snprintf (f->etag_gz, sizeof f->etag_gz, "\"%s-gz\"", f->version);
  f->gz = gzip_bytes (f->raw);
}

static void
web_set_unref (WebSet *set)
{
  if (!set || !g_atomic_ref_count_dec (&set->ref_count))
    return;
  for (size_t i = 0; i < N_WEB_FILES; i++)
    {
      g_clear_pointer (&set->files[i].raw, g_bytes_unref);
      g_clear_pointer (&set->files[i].gz, g_bytes_unref);
    }
  g_free (set->province);
  g_free (set);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WebSet, web_set_unref)

static WebSet *
web_set_load (LsApp *app, const char *province)
{
#ifdef LAYSO_SOURCE_DIR /* Debug builds only: release binaries carry no build path */
  const char *fallback = LAYSO_SOURCE_DIR "/assets/web";
#else
  const char *fallback = "/usr/share/layso/web";
#endif
  const char *dir = app->config.assets_dir ? app->config.assets_dir : fallback;
  WebSet *set = g_new0 (WebSet, 1);
  g_atomic_ref_count_init (&set->ref_count);
  set->province = g_strdup (province);
  memcpy (set->files, web_files, sizeof web_files);
  g_autofree char *brand = province_brand (province);
  g_autofree char *header_path = g_build_filename (dir, HEADER_FILE, NULL);
  g_autofree char *header = NULL;
  if (!g_file_get_contents (header_path, &header, NULL, NULL))
    g_warning ("web: cannot read %s: the pages go without their header", header_path);
  for (size_t i = 0; i < N_WEB_FILES; i++)
    load_file (set, &set->files[i], dir, brand, header ? header : "");
  return set;
}

/* The files for the province in force (the one set in /quan-tri, else --province), with a
 * reference; built on the first request after a change. */
static WebSet *
web_set_get (LsRequest *req)
{
  const LsCatalog *cat = ls_request_catalog (req);
  const char *province = cat && cat->province ? cat->province : req->app->config.province;
  g_mutex_lock (&web_lock);
  WebSet *set =
      web_current && g_strcmp0 (web_current->province, province) == 0 ? web_current : NULL;
  if (set)
    g_atomic_ref_count_inc (&set->ref_count);
  g_mutex_unlock (&web_lock);
  if (set)
    return set;
  set = web_set_load (req->app, province); /* outside the lock: disk and gzip */
  g_atomic_ref_count_inc (&set->ref_count);
  g_mutex_lock (&web_lock);
  WebSet *old = web_current;
  web_current = set;
  g_mutex_unlock (&web_lock);
  web_set_unref (old);
  return set;
}

/* The file at `url` in the current set (*ret_set holds it: unref it after serving). */
static WebFile *
find_file (LsRequest *req, const char *url, WebSet **ret_set)
{
  WebSet *set = web_set_get (req);
  *ret_set = set;
  for (size_t i = 0; i < N_WEB_FILES; i++)
    if (strcmp (set->files[i].url, url) == 0)
      return set->files[i].raw ? &set->files[i] : NULL;
  return NULL;
}

static void
serve (LsRequest *req, const WebFile *f)
{
  bool gz = f->gz && ls_header_accepts_gzip (ls_request_header (req, "Accept-Encoding"));
  const char *etag = gz ? f->etag_gz : f->etag;
  const char *v = ls_request_query (req, "v");
  const char *cache = is_static (f) && v && strcmp (v, f->version) == 0
                          ? "public, max-age=31536000, immutable"
                          : "no-cache";
  unsigned status = MHD_HTTP_OK;
  GBytes *body = gz ? f->gz : f->raw;
  const char *const tags[] = { f->etag, f->etag_gz, NULL };
  if (ls_header_etag_matches (ls_request_header (req, "If-None-Match"), tags))
    {
      status = MHD_HTTP_NOT_MODIFIED;
      body = NULL;
      gz = false;
    }
  ls_reply_bytes (req, status, body ? f->type : NULL, body, "ETag", etag, "Cache-Control", cache,
                  "Vary", "Accept-Encoding", "Content-Encoding", gz ? "gzip" : NULL,
                  "Content-Security-Policy", CSP, "Referrer-Policy", "no-referrer",
                  "X-Frame-Options", "DENY", NULL);
}

void
ls_route_web_file (LsRequest *req)
{
  g_autoptr (WebSet) set = NULL;
  const WebFile *f = find_file (req, req->path, &set);
  if (!f || is_static (f))
    {
      ls_reply_web_not_found (req);
      return;
    }
  serve (req, f);
}

static bool
accepts_html (LsRequest *req)
{
  const char *accept = ls_request_header (req, "Accept");
  return accept && strstr (accept, "text/html");
}

void
ls_reply_web_not_found (LsRequest *req)
{
  g_autoptr (WebSet) set = NULL;
  const WebFile *f = accepts_html (req) ? find_file (req, NOT_FOUND_PAGE, &set) : NULL;
  if (!f)
    {
      ls_reply_not_found (req);
      return;
    }
  ls_reply_bytes (req, MHD_HTTP_NOT_FOUND, f->type, f->raw, "Cache-Control", "no-cache", "Vary",
                  "Accept", "Content-Security-Policy", CSP, "Referrer-Policy", "no-referrer",
                  "X-Frame-Options", "DENY", NULL);
}

static bool
is_ticket_id (const char *id, size_t len)
{
  bool ok = len > 0 && len <= TICKET_PAGE_ID_MAX;
  for (size_t i = 0; ok && i < len; i++)
    ok = g_ascii_isalnum (id[i]) || id[i] == '-' || id[i] == '_';
  return ok;
}

/* The page a mistyped address means: trailing slashes, ".html" and upper case dropped
 * ("/Dat-lich.html/" -> "/dat-lich"), "/index.html" -> "/". NULL if it means no page. The
 * answer is built from page_urls[] and a checked ticket id only, so a redirect can never
 * lead off the site ("//evil.example" is no page). */
static char *
page_for_variant (const char *path)
{
  g_autofree char *p = g_ascii_strdown (path, -1);
  g_autofree char *orig = g_strdup (path);
  size_t len = strlen (p);
  while (len > 1 && p[len - 1] == '/')
    len--;
  if (len > 5 && memcmp (p + len - 5, ".html", 5) == 0)
    len -= 5;
  p[len] = orig[len] = '\0';
  if (strcmp (p, "/index") == 0)
    return g_strdup ("/");
  for (size_t i = 0; i < G_N_ELEMENTS (page_urls); i++)
    if (strcmp (p, page_urls[i]) == 0)
      return g_strdup (page_urls[i]);
  /* the ticket id keeps its case: ids are the server's own */
  if (g_str_has_prefix (p, "/phieu/") && is_ticket_id (orig + 7, len - 7))
    return g_strconcat ("/phieu/", orig + 7, NULL);
  /* unit ids are lower-case slugs: the lowered path is the address */
  if (g_str_has_prefix (p, "/man-hinh/") && is_ticket_id (p + 10, len - 10))
    return g_strdup (p);
  return NULL;
}

void
ls_route_web_fallback (LsRequest *req)
{
  g_autofree char *page = page_for_variant (req->path);
  if (!page || strcmp (page, req->path) == 0)
    {
      ls_reply_web_not_found (req);
      return;
    }
  /* 308: permanent, and the method is kept (a HEAD stays a HEAD) */
  ls_reply_bytes (req, 308, NULL, NULL, "Location", page, "Cache-Control", "no-cache", NULL);
}

/* A page whose address carries an id (`param`, checked as is_ticket_id checks): the page
 * reads it from its own URL, so only its shape is checked here. */
static void
serve_page_with_id (LsRequest *req, const char *param, const char *url)
{
  const char *id = ls_request_param (req, param);
  g_autoptr (WebSet) set = NULL;
  const WebFile *f = id && is_ticket_id (id, strlen (id)) ? find_file (req, url, &set) : NULL;
  if (!f)
    {
      ls_reply_web_not_found (req);
      return;
    }
  serve (req, f);
}

/* The printed ticket's QR points here. */
void
ls_route_web_ticket_page (LsRequest *req)
{
  serve_page_with_id (req, "id", "/phieu/{id}");
}

/* The waiting room's display board; the page says so itself when the unit does not exist
 * (it asks the API). */
void
ls_route_web_board_page (LsRequest *req)
{
  serve_page_with_id (req, "unit", "/man-hinh/{unit}");
}

void
ls_route_web_static (LsRequest *req)
{
  g_autoptr (WebSet) set = NULL;
  const WebFile *f = find_file (req, req->path, &set);
  if (!f || !is_static (f))
    {
      ls_reply_web_not_found (req);
      return;
    }
  serve (req, f);
}

/* --- GET /api/v1/bookings/{code}/ticket.png?cccd= ----------------------------------- */

/* The ticket the citizen saves: only its owner (code + CCCD) gets it, and a wrong code and a
 * wrong CCCD look alike. Cancelled bookings have no ticket any more. */
void
ls_route_booking_ticket_png (LsRequest *req)
{
  g_autoptr (LsBooking) b = ls_booking_find_owned_or_reply (req, ls_request_query (req, "cccd"));
  if (!b)
    return;
  const LsUnit *unit = ls_catalog_unit (ls_request_catalog (req), b->unit_id);
  const LsField *field = unit ? ls_unit_field (unit, b->field_id) : NULL;
  const LsSlot *slot = unit ? ls_unit_slot (unit, b->slot_id) : NULL;
  GDate day;
  char masked[LAYSO_CCCD_LEN + 1];
  if (!b->cccd || !layso_booking_has_ticket (b->status))
    { /* purged or cancelled */
      ls_reply_not_found (req);
      return;
    }
  if (!unit || !field || !slot || !layso_date_parse (b->date, &day) ||
      !layso_cccd_masked (b->cccd, masked))
    {
      ls_reply_internal (req);
      return;
    }

  char date_label[32], start[6], end[6];
  layso_day_label_long (&day, date_label, sizeof date_label);
  layso_hhmm_format (slot->start, start);
  layso_hhmm_format (slot->end, end);
  g_autoptr (GDateTime) from = NULL;
  g_autoptr (GDateTime) until = NULL;
  layso_checkin_window (&day, slot->start, slot->end, unit->checkin_lead_minutes, &from, &until);
  if (!from || !until)
    {
      ls_reply_internal (req);
      return;
    }
  g_autofree char *slot_label = g_strdup_printf ("%s - %s", start, end);
  g_autofree char *window = layso_checkin_window_label (from, until);
  g_autofree char *checkin_label = g_strconcat ("Thời gian check-in: ", window, NULL);
  const LaysoBookingTicket ticket = {
    .unit_name = unit->name,
    .field_name = field->name,
    .code = b->code,
    .name = b->name,
    .cccd_masked = masked,
    .date_label = date_label,
    .slot_label = slot_label,
    .checkin_label = checkin_label,
  };
  g_autoptr (GBytes) png = layso_render_booking_png (&ticket);
  if (!png)
    {
      ls_reply_internal (req);
      return;
    }
  g_autofree char *disposition =
      g_strdup_printf ("inline; filename=\"ma-dat-cho-%s.png\"", b->code);
  /* personal data (the name): never in a shared cache */
  ls_reply_bytes (req, MHD_HTTP_OK, "image/png", png, "Cache-Control", "private, no-store",
                  "Content-Disposition", disposition, "Referrer-Policy", "no-referrer", NULL);
}

/* --- POST /api/v1/scan -------------------------------------------------------------- */

/* "image/png; charset=x" is "image/png". */
static bool
media_type_is (const char *header, const char *type)
{
  if (!header)
    return false;
  size_t n = strlen (type);
  if (g_ascii_strncasecmp (header, type, n) != 0)
    return false;
  char c = header[n];
  return c == '\0' || c == ';' || c == ' ' || c == '\t';
}

static void
add_string (json_object *obj, const char *key, const char *value)
{
  json_object_object_add (obj, key, json_object_new_string (value ? value : ""));
}

/* The image is decoded in memory and dropped: never stored, never logged. */
/* {"symbols":[{"type","data"}],"cccd":{…}?}: the first symbol that is a CCCD card's QR
 * gives the card's fields. */
static json_object *
scan_json (GPtrArray *symbols)
{
  json_object *list = json_object_new_array ();
  LaysoCccdCard *card = NULL;
  for (guint i = 0; i < symbols->len; i++)
    {
      const LaysoSymbol *sym = g_ptr_array_index (symbols, i);
      json_object *o = json_object_new_object ();
      add_string (o, "type", sym->type);
      json_object_object_add (o, "data", json_object_new_string_len (sym->data, (int) sym->len));
      json_object_array_add (list, o);
      if (!card && layso_cccd_qr_parse (sym->data, sym->len, &card) < 0)
        card = NULL;
    }

  json_object *root = json_object_new_object ();
  json_object_object_add (root, "symbols", list);
  if (card)
    {
      json_object *c = json_object_new_object ();
      add_string (c, "cccd", card->cccd);
      add_string (c, "old_id", card->old_id);
      add_string (c, "name", card->name);
      add_string (c, "birth_date", card->birth_date);
      add_string (c, "sex", card->sex);
      add_string (c, "address", card->address);
      add_string (c, "issue_date", card->issue_date);
      json_object_object_add (root, "cccd", c);
      layso_cccd_card_free (card);
    }
  return root;
}

/* Decodes running now, across the worker threads: each costs a core for up to ~0.1 s. */
static gint scans_in_progress;

/* The scan's own rate limit per address (429), then a place among the decodes running
 * at once (503 when none is free; the caller gives it back). */
static bool
scan_allowed_or_reply (LsRequest *req)
{
  unsigned retry_after = 0;
  LsRateLimiter *rl = req->app->scan_limiter;
  if (rl && !ls_rate_limiter_allow (rl, req->client_ip, g_get_monotonic_time (), &retry_after))
    {
      ls_reply_retry_later (req, 429, "rate_limited", LAYSO_MSG_RATE_LIMITED, retry_after);
      return false;
    }
  if (g_atomic_int_add (&scans_in_progress, 1) >= (gint) req->app->config.scan_decodes)
    {
      g_atomic_int_add (&scans_in_progress, -1);
      ls_reply_unavailable (req, 1);
      return false;
    }
  return true;
}

void
ls_route_scan (LsRequest *req)
{
  const char *type = ls_request_header (req, "Content-Type");
  if (!media_type_is (type, "image/png") && !media_type_is (type, "image/jpeg"))
    {
      ls_reply_error (req, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                      "Chỉ nhận ảnh PNG hoặc JPEG", NULL);
      return;
    }
  gsize len;
  const void *data = g_bytes_get_data (req->body, &len);
  if (len == 0)
    {
      ls_reply_invalid (req, "image", "Chưa có ảnh để đọc mã QR");
      return;
    }

  if (!scan_allowed_or_reply (req))
    return;
  LaysoQrDecoder *decoder = layso_qr_decoder_new ();
  GPtrArray *symbols = NULL;
  int r = decoder ? layso_qr_decode_image (decoder, data, len, &symbols) : -ENOMEM;
  layso_qr_decoder_free (decoder);
  g_atomic_int_add (&scans_in_progress, -1);
  if (r == -E2BIG)
    {
      ls_reply_error (req, 413, "payload_too_large", "Ảnh quá lớn, vui lòng chụp ảnh nhỏ hơn",
                      NULL);
      return;
    }
  if (r == -ENOMEM)
    {
      ls_reply_internal (req);
      return;
    }
  if (r < 0)
    {
      ls_reply_invalid (req, "image", "Không đọc được ảnh");
      return;
    }

  ls_reply_json (req, MHD_HTTP_OK, scan_json (symbols));
  g_ptr_array_unref (symbols);
}
