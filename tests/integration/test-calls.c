/* The board's announcements on the real server: GET /api/v1/units/{unit}/calls/{id}.wav for
 * a call made through the API (kiosk walk-in, staff "next", the `called` id read from the
 * event stream). The WAV is well formed, byte for byte what layso-say makes with the same
 * clips, the same on every request, cacheable; a unit's recorded clip is heard in it; every
 * other path is a 404; a bad clips folder stops the start naming the file. */
#define _GNU_SOURCE /* memmem */
#include "harness.h"
#include "sse-client.h"
#include "staff-client.h"

#include <curl/curl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define FIELD_A    "chung-thuc"
#define LT_NOW_DAY "2025-09-26T07:40:00+07:00"
#define CALLS      "/api/v1/units/" LT_UNIT_PHO_YEN "/calls/"
#define RATE       22050 /* the voice's rate (docs/voice.md) */
#define WAV_HEADER 44

typedef struct
{
  LtServer *srv;
  char *clips; /* --voice-clips folder, or NULL */
  GBytes *tone;
  char *staff, *counter;
} Fx;

/* ---- a WAV written here, independently of server/voice/wav.c ---- */

static void
put_le (GByteArray *a, guint32 v, int bytes)
{
  for (int i = 0; i < bytes; i++)
    {
      guint8 b = (guint8) (v >> (8 * i));
      g_byte_array_append (a, &b, 1);
    }
}

static void
write_clip (const char *dir, const char *name, GBytes *pcm)
{
  guint32 len = (guint32) g_bytes_get_size (pcm);
  g_autoptr (GByteArray) a = g_byte_array_new ();
  g_byte_array_append (a, (const guint8 *) "RIFF", 4);
  put_le (a, 36 + len, 4);
  g_byte_array_append (a, (const guint8 *) "WAVEfmt ", 8);
  put_le (a, 16, 4);
  put_le (a, 1, 2); /* PCM */
  put_le (a, 1, 2); /* mono */
  put_le (a, RATE, 4);
  put_le (a, RATE * 2, 4);
  put_le (a, 2, 2);
  put_le (a, 16, 2);
  g_byte_array_append (a, (const guint8 *) "data", 4);
  put_le (a, len, 4);
  g_byte_array_append (a, g_bytes_get_data (pcm, NULL), len);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;
  g_file_set_contents (path, (const char *) a->data, a->len, &error);
  g_assert_no_error (error);
}

/* ms of a sine at freq Hz, PCM16 LE: a sound no synthesiser makes byte for byte. */
static GBytes *
tone (double freq, unsigned ms)
{
  size_t n = (size_t) ms * RATE / 1000;
  gint16 *s = g_new (gint16, n);
  for (size_t i = 0; i < n; i++)
    s[i] = GINT16_TO_LE ((gint16) lrint (12000 * sin (2 * G_PI * freq * (double) i / RATE)));
  return g_bytes_new_take (s, n * 2);
}

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static guint16
le16 (const guint8 *p)
{
  return (guint16) (p[0] | p[1] << 8);
}

/* RIFF/WAVE, PCM16 mono 22050 Hz, the sizes agreeing with the file; over 1 s of sound. */
static void
assert_wav (GBytes *wav)
{
  gsize n;
  const guint8 *w = g_bytes_get_data (wav, &n);
  g_assert_cmpuint (n, >, WAV_HEADER);
  g_assert_cmpmem (w, 4, "RIFF", 4);
  g_assert_cmpuint (le32 (w + 4), ==, n - 8);
  g_assert_cmpmem (w + 8, 8, "WAVEfmt ", 8);
  g_assert_cmpuint (le32 (w + 16), ==, 16);
  g_assert_cmpuint (le16 (w + 20), ==, 1);
  g_assert_cmpuint (le16 (w + 22), ==, 1);
  g_assert_cmpuint (le32 (w + 24), ==, RATE);
  g_assert_cmpuint (le32 (w + 28), ==, RATE * 2);
  g_assert_cmpuint (le16 (w + 32), ==, 2);
  g_assert_cmpuint (le16 (w + 34), ==, 16);
  g_assert_cmpmem (w + 36, 4, "data", 4);
  g_assert_cmpuint (le32 (w + 40), ==, n - WAV_HEADER);
  g_assert_cmpuint ((n - WAV_HEADER) / 2, >, RATE); /* more than a second */
}

/* ---- requests with their headers (the harness keeps only a few) ---- */

typedef struct
{
  long status;
  GBytes *body;
  char *content_type, *etag, *cache_control;
} Fetched;

static void
fetched_clear (Fetched *f)
{
  g_clear_pointer (&f->body, g_bytes_unref);
  g_free (f->content_type);
  g_free (f->etag);
  g_free (f->cache_control);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fetched, fetched_clear)

static size_t
on_body (char *data, size_t size, size_t nmemb, void *user)
{
  g_byte_array_append (user, (const guint8 *) data, (guint) (size * nmemb));
  return size * nmemb;
}

static size_t
on_header (char *data, size_t size, size_t nmemb, void *user)
{
  Fetched *f = user;
  g_autofree char *line = g_strstrip (g_strndup (data, size * nmemb));
  char *colon = strchr (line, ':');
  if (colon)
    {
      *colon = '\0';
      char *value = g_strstrip (colon + 1);
      char **slot = g_ascii_strcasecmp (line, "ETag") == 0            ? &f->etag
                    : g_ascii_strcasecmp (line, "Cache-Control") == 0 ? &f->cache_control
                                                                      : NULL;
      if (slot)
        {
          g_free (*slot);
          *slot = g_strdup (value);
        }
    }
  return size * nmemb;
}

static void
fetch (LtServer *srv, const char *path, const char *if_none_match, Fetched *ret)
{
  *ret = (Fetched){ 0 };
  g_autofree char *url = g_strconcat (lt_server_url (srv), path, NULL);
  g_autofree char *inm =
      if_none_match ? g_strdup_printf ("If-None-Match: %s", if_none_match) : NULL;
  struct curl_slist *headers = inm ? curl_slist_append (NULL, inm) : NULL;
  GByteArray *buf = g_byte_array_new ();
  CURL *c = curl_easy_init ();
  curl_easy_setopt (c, CURLOPT_URL, url);
  curl_easy_setopt (c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt (c, CURLOPT_WRITEDATA, buf);
  curl_easy_setopt (c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt (c, CURLOPT_HEADERDATA, ret);
  curl_easy_setopt (c, CURLOPT_TIMEOUT, 30L);
  CURLcode rc = curl_easy_perform (c);
  g_assert_cmpint (rc, ==, CURLE_OK);
  char *type = NULL;
  curl_easy_getinfo (c, CURLINFO_RESPONSE_CODE, &ret->status);
  curl_easy_getinfo (c, CURLINFO_CONTENT_TYPE, &type);
  ret->content_type = g_strdup (type);
  ret->body = g_byte_array_free_to_bytes (buf);
  curl_easy_cleanup (c);
  curl_slist_free_all (headers);
}

/* ---- the call ---- */

static void
fx_setup (Fx *fx, gconstpointer with_clip)
{
  const char *args[] = { "--voice-clips", NULL, NULL };
  if (with_clip)
    {
      g_autoptr (GError) error = NULL;
      fx->clips = g_dir_make_tmp ("layso-clips-XXXXXX", &error);
      g_assert_no_error (error);
      fx->tone = tone (440, 400);
      write_clip (fx->clips, "moi-so.wav", fx->tone);
      args[1] = fx->clips;
    }
  LtServerOptions o = { .seed = true,
                        .clock = LT_NOW_BOOKING,
                        .expect_kiosk_tokens = LT_SEED_KIOSKS,
                        .extra_args = with_clip ? args : NULL };
  fx->srv = lt_server_start (&o);
  lt_server_set_clock (fx->srv, LT_NOW_DAY);
  g_autofree char *admin = lt_staff_admin_cookie (fx->srv);
  fx->staff = lt_staff_user_cookie (fx->srv, admin, "canbo.phoyen", "staff", LT_UNIT_PHO_YEN);
  g_autoptr (LtResponse) r =
      lt_staff_post (fx->srv, "/api/v1/units/" LT_UNIT_PHO_YEN "/counters",
                     "{\"name\":\"Quầy 3\",\"number\":3,\"fields\":[\"" FIELD_A "\"]}", admin);
  fx->counter = g_strdup (lt_str (lt_assert_json (r, 201), "counter.id"));
}

static void
fx_teardown (Fx *fx, gconstpointer data)
{
  lt_server_stop (fx->srv);
  if (fx->clips)
    {
      g_autofree char *clip = g_build_filename (fx->clips, "moi-so.wav", NULL);
      g_assert_cmpint (g_unlink (clip), ==, 0);
      g_assert_cmpint (g_rmdir (fx->clips), ==, 0);
    }
  g_free (fx->clips);
  g_clear_pointer (&fx->tone, g_bytes_unref);
  g_free (fx->staff);
  g_free (fx->counter);
}

/* A walk-in ticket called to counter 3: its number and the `called` event's id. */
static gint64
call_one (Fx *fx, char **ret_number)
{
  g_autoptr (LtResponse) t =
      lt_post_json_auth (fx->srv, "/api/v1/kiosk/tickets", "{\"field\":\"" FIELD_A "\"}",
                         lt_server_kiosk_token (fx->srv, LT_KIOSK_PHO_YEN));
  *ret_number = g_strdup (lt_str (lt_assert_json (t, 201), "ticket.number"));
  LtSse *sse = lt_sse_open (fx->srv, LT_UNIT_PHO_YEN, NULL);
  g_assert_nonnull (lt_sse_next (sse, "snapshot", 5000));
  g_autofree char *path = g_strdup_printf ("/api/v1/counters/%s/next", fx->counter);
  g_autoptr (LtResponse) r = lt_staff_post (fx->srv, path, NULL, fx->staff);
  lt_assert_status (r, 200);
  const LtSseEvent *called = lt_sse_next (sse, "called", 5000);
  g_assert_nonnull (called);
  lt_assert_str (called->data, "ticket.number", *ret_number);
  lt_assert_int (called->data, "counter.number", 3);
  gint64 id = called->id;
  lt_sse_close (sse);
  return id;
}

/* What `layso-say [--clips DIR] NUMBER COUNTER` writes. */
static GBytes *
layso_say (const char *clips, const char *number, unsigned counter)
{
  const char *say = g_getenv ("LAYSO_SAY");
  g_assert_nonnull (say);
  g_autofree char *k = g_strdup_printf ("%u", counter);
  const char *argv_clips[] = { say, "--clips", clips, number, k, NULL };
  const char *argv_plain[] = { say, number, k, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) p =
      g_subprocess_newv (clips ? argv_clips : argv_plain,
                         G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_autoptr (GBytes) out = NULL;
  g_autoptr (GBytes) err = NULL;
  g_assert_true (g_subprocess_communicate (p, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (p));
  g_assert_cmpint (g_subprocess_get_exit_status (p), ==, 0);
  return g_steal_pointer (&out);
}

static GBytes *
fetch_call_ok (Fx *fx, gint64 id, char **ret_etag)
{
  g_autofree char *path = g_strdup_printf (CALLS "%" G_GINT64_FORMAT ".wav", id);
  g_auto (Fetched) f;
  fetch (fx->srv, path, NULL, &f);
  g_assert_cmpint (f.status, ==, 200);
  g_assert_cmpstr (f.content_type, ==, "audio/wav");
  g_assert_cmpstr (f.cache_control, ==, "public, max-age=86400, immutable");
  g_assert_nonnull (f.etag);
  g_assert_true (g_regex_match_simple ("^\"[0-9a-f]{32}\"$", f.etag, 0, 0));
  assert_wav (f.body);
  *ret_etag = g_steal_pointer (&f.etag);
  return g_steal_pointer (&f.body);
}

static void
test_call_wav (Fx *fx, gconstpointer with_clip)
{
  g_autofree char *number = NULL;
  gint64 id = call_one (fx, &number);
  g_autofree char *etag = NULL, *etag2 = NULL;
  g_autoptr (GBytes) wav = fetch_call_ok (fx, id, &etag);
  /* the server says what the technician's tool says, byte for byte */
  g_autoptr (GBytes) said = layso_say (fx->clips, number, 3);
  g_assert_true (g_bytes_equal (wav, said));
  /* the same bytes and tag again */
  g_autoptr (GBytes) again = fetch_call_ok (fx, id, &etag2);
  g_assert_true (g_bytes_equal (wav, again));
  g_assert_cmpstr (etag, ==, etag2);
  /* revalidation: 304, no body */
  g_autofree char *path = g_strdup_printf (CALLS "%" G_GINT64_FORMAT ".wav", id);
  g_auto (Fetched) cached;
  fetch (fx->srv, path, etag, &cached);
  g_assert_cmpint (cached.status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (cached.body), ==, 0);
  g_assert_cmpstr (cached.etag, ==, etag);
  if (with_clip)
    {
      gsize n, m;
      const guint8 *w = g_bytes_get_data (wav, &n);
      const guint8 *t = g_bytes_get_data (fx->tone, &m);
      g_assert_nonnull (memmem (w + WAV_HEADER, n - WAV_HEADER, t, m));
    }
}

/* A recall is a `called` event of its own: the same words, so the same sound. */
static void
test_recall_sounds_the_same (Fx *fx, gconstpointer data)
{
  g_autofree char *number = NULL;
  gint64 id = call_one (fx, &number);
  lt_server_set_clock (fx->srv, "2025-09-26T07:41:00+07:00"); /* past the recall gap */
  LtSse *sse = lt_sse_open (fx->srv, LT_UNIT_PHO_YEN, NULL);
  g_assert_nonnull (lt_sse_next (sse, "snapshot", 5000));
  g_autofree char *path = g_strdup_printf ("/api/v1/counters/%s/recall", fx->counter);
  g_autoptr (LtResponse) r = lt_staff_post (fx->srv, path, NULL, fx->staff);
  lt_assert_status (r, 200);
  const LtSseEvent *recall = lt_sse_next (sse, "called", 5000);
  g_assert_nonnull (recall);
  lt_assert_bool (recall->data, "recall", true);
  g_assert_cmpint (recall->id, >, id);
  gint64 recall_id = recall->id;
  lt_sse_close (sse);
  g_autofree char *etag = NULL, *etag2 = NULL;
  g_autoptr (GBytes) first = fetch_call_ok (fx, id, &etag);
  g_autoptr (GBytes) second = fetch_call_ok (fx, recall_id, &etag2);
  g_assert_true (g_bytes_equal (first, second));
}

static void
assert_not_found (LtServer *srv, const char *path)
{
  g_test_message ("GET %s", path);
  g_autoptr (LtResponse) r = lt_get (srv, path);
  lt_assert_error (r, 404, "not_found", NULL);
}

static void
test_not_found (Fx *fx, gconstpointer data)
{
  g_autofree char *number = NULL;
  gint64 id = call_one (fx, &number); /* then `counter` id + 1 and `queue` id + 2 */
  g_autofree char *counter_event = g_strdup_printf (CALLS "%" G_GINT64_FORMAT ".wav", id + 1);
  g_autofree char *queue_event = g_strdup_printf (CALLS "%" G_GINT64_FORMAT ".wav", id + 2);
  g_autofree char *beyond = g_strdup_printf (CALLS "%" G_GINT64_FORMAT ".wav", id + 100);
  g_autofree char *other_unit =
      g_strdup_printf ("/api/v1/units/" LT_UNIT_BA_XUYEN "/calls/%" G_GINT64_FORMAT ".wav", id);
  g_autofree char *no_unit =
      g_strdup_printf ("/api/v1/units/khong-co/calls/%" G_GINT64_FORMAT ".wav", id);
  /* one address per call: no leading zero */
  g_autofree char *padded = g_strdup_printf (CALLS "0%" G_GINT64_FORMAT ".wav", id);
  const char *paths[] = { counter_event,
                          queue_event,
                          beyond,
                          other_unit,
                          no_unit,
                          CALLS "0.wav",
                          CALLS "00.wav",
                          CALLS "abc.wav",
                          CALLS "2",
                          CALLS "2.mp3",
                          CALLS "2.wav.wav",
                          padded,
                          CALLS "2.WAV",
                          CALLS "-2.wav",
                          CALLS "+2.wav",
                          CALLS "%202.wav",
                          CALLS ".wav",
                          CALLS "999999999999999999.wav",  /* 18 digits: read, and not there */
                          CALLS "1234567890123456789.wav", /* 19 digits */
                          CALLS "99999999999999999999999999999.wav",
                          CALLS "2.wav/x",
                          CALLS "%32.wav%20" };
  for (size_t i = 0; i < G_N_ELEMENTS (paths); i++)
    assert_not_found (fx->srv, paths[i]);
  lt_server_assert_healthy (fx->srv);
}

/* ---- start-up ---- */

static void
test_bad_clips_stop_the_start (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("layso-clips-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *clips = g_build_filename (dir, "clips", NULL);
  g_assert_cmpint (g_mkdir (clips, 0700), ==, 0);
  g_autofree char *bad = g_build_filename (clips, "den-quay-so.wav", NULL);
  g_assert_true (g_file_set_contents (bad, "not a wav", -1, NULL));
  g_autofree char *db_path = g_build_filename (dir, "layso.db", NULL);
  g_autofree char *db = g_strconcat ("sqlite:", db_path, NULL);
  const char *args[] = { "--db", db, "--listen", "127.0.0.1:0", "--voice-clips", clips, NULL };
  g_auto (LtCommand) r = { 0 };
  lt_run_server_command (args, &r);
  g_assert_cmpint (r.exit_status, ==, 1);
  g_autofree char *want = g_strdup_printf ("layso-server: voice clip %s: ", bad);
  g_assert_true (g_str_has_prefix (r.err, want));
  g_assert_nonnull (strchr (r.err, '\n'));
  g_assert_cmpstr (strchr (r.err, '\n') + 1, ==, "");         /* one line */
  g_assert_false (g_file_test (db_path, G_FILE_TEST_EXISTS)); /* checked before the database */
  /* a folder that is not there */
  g_autofree char *missing = g_build_filename (dir, "khong-co", NULL);
  const char *args2[] = { "--db", db, "--listen", "127.0.0.1:0", "--voice-clips", missing, NULL };
  g_auto (LtCommand) r2 = { 0 };
  lt_run_server_command (args2, &r2);
  g_assert_cmpint (r2.exit_status, ==, 1);
  g_assert_true (g_str_has_prefix (r2.err, "layso-server: voice clips folder: "));
  g_assert_nonnull (strstr (r2.err, missing));
  g_assert_cmpint (g_unlink (bad), ==, 0);
  g_assert_cmpint (g_rmdir (clips), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  curl_global_init (CURL_GLOBAL_DEFAULT);
  g_test_add ("/layso/calls/wav", Fx, NULL, fx_setup, test_call_wav, fx_teardown);
  g_test_add ("/layso/calls/wav-with-clip", Fx, GINT_TO_POINTER (1), fx_setup, test_call_wav,
              fx_teardown);
  g_test_add ("/layso/calls/recall", Fx, NULL, fx_setup, test_recall_sounds_the_same, fx_teardown);
  g_test_add ("/layso/calls/not-found", Fx, NULL, fx_setup, test_not_found, fx_teardown);
  g_test_add_func ("/layso/calls/bad-clips", test_bad_clips_stop_the_start);
  return g_test_run ();
}
