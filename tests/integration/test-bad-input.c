/* Hostile and malformed requests: each gets its exact error, and the server stays up. */
#include "harness.h"

#include <gio/gio.h>

#include <stdlib.h>
#include <string.h>

static LtServer *srv;

static const LtBooking valid = {
  .name = "Đỗ Thị Hà",
  .cccd = "079000020001",
  .phone = "0912345678",
  .unit = LT_UNIT_PHO_YEN,
  .field = "chung-thuc",
  .date = "2025-09-26",
  .slot = "0730-0930",
};

static void
post_expect_with (const char *const *headers, const char *content_type, const char *body,
                  gssize len, long status, const char *code, const char *field, int line)
{
  g_autoptr (LtResponse) r = lt_request_at (__FILE__, line, srv, "POST", "/api/v1/bookings",
                                            content_type, NULL, body, len, headers);
  lt_assert_error_at (__FILE__, line, r, status, code, field);
  lt_server_assert_healthy (srv);
}

static void
post_expect (const char *content_type, const char *body, gssize len, long status, const char *code,
             const char *field, int line)
{
  post_expect_with (NULL, content_type, body, len, status, code, field, line);
}

#define EXPECT_400(body, field)                                                                    \
  post_expect ("application/json", (body), -1, 400, "invalid_input", (field), __LINE__)

static void
test_malformed_json (void)
{
  const char *bodies[] = {
    "{",
    "}",
    "{\"name\":",
    "{\"name\":\"x\",}",
    "nul",
    "{'name':'x'}",
    "{\"name\":\"x\"}}",
    "[]",
    "\"booking\"",
    "null",
    "42",
    "{\"name\":\"x\" \"cccd\":\"y\"}",
  };
  for (size_t i = 0; i < G_N_ELEMENTS (bodies); i++)
    EXPECT_400 (bodies[i], NULL);
  /* An empty body. */
  post_expect ("application/json", "", 0, 400, "invalid_input", NULL, __LINE__);
  /* A NUL byte inside. */
  static const char with_nul[] = "{\"name\":\"a\0b\"}";
  post_expect ("application/json", with_nul, sizeof with_nul - 1, 400, "invalid_input", NULL,
               __LINE__);
}

/* The valid booking with one member replaced by raw JSON text. */
static char *
with_member (const char *member, const char *raw_value)
{
  json_object *o = lt_booking_object (&valid);
  json_object_object_del (o, member);
  GString *s = g_string_new (
      json_object_to_json_string_ext (o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
  json_object_put (o);
  if (raw_value)
    {
      g_string_truncate (s, s->len - 1); /* drop the closing brace */
      g_string_append_printf (s, ",\"%s\":%s}", member, raw_value);
    }
  return g_string_free (s, FALSE);
}

static void
test_wrong_types (void)
{
  const struct
  {
    const char *member, *raw;
  } cases[] = {
    { "consent", "\"yes\"" }, { "consent", "1" },        { "consent", "[true]" },
    { "name", "123" },        { "name", "null" },        { "name", "[\"Hà\"]" },
    { "name", "{}" },         { "cccd", "79000020001" }, { "cccd", "true" },
    { "phone", "987654321" }, { "phone", "[]" },         { "unit", "1" },
    { "field", "false" },     { "date", "20250926" },    { "slot", "{\"id\":\"x\"}" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = with_member (cases[i].member, cases[i].raw);
      EXPECT_400 (body, cases[i].member);
    }
}

static void
test_unknown_and_missing_members (void)
{
  g_autofree char *extra = with_member ("bogus", "1");
  EXPECT_400 (extra, "bogus");
  g_autofree char *admin = with_member ("status", "\"checked_in\"");
  EXPECT_400 (admin, "status");
  const char *required[] = { "name", "cccd", "unit", "field", "date", "slot", "consent" };
  for (size_t i = 0; i < G_N_ELEMENTS (required); i++)
    {
      g_autofree char *body = with_member (required[i], NULL);
      EXPECT_400 (body, required[i]);
    }
  EXPECT_400 ("{}", NULL);
}

static void
test_invalid_utf8 (void)
{
  const char *bad[] = {
    "Nguy\xff\xfen",         /* bytes that never occur in UTF-8 */
    "Nguy\xc3",              /* a truncated sequence */
    "Nguy\xc0\xaf",          /* an overlong '/' */
    "Nguy\xed\xa0\x80n",     /* an encoded surrogate */
    "Nguy\xf4\x90\x80\x80n", /* beyond U+10FFFF */
  };
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", bad[i]);
      g_autofree char *body = with_member ("name", quoted);
      post_expect ("application/json", body, -1, 400, "invalid_input", NULL, __LINE__);
    }
  /* Invalid UTF-8 in a member name too. */
  g_autofree char *key = with_member ("\xff", "1");
  post_expect ("application/json", key, -1, 400, "invalid_input", NULL, __LINE__);
}

static void
test_too_large (void)
{
  /* Valid JSON just over 64 KiB. */
  GString *name = g_string_new ("\"");
  while (name->len < 65 * 1024)
    g_string_append (name, "Nguyễn ");
  g_string_append_c (name, '"');
  g_autofree char *body = with_member ("name", name->str);
  g_string_free (name, TRUE);
  g_assert_cmpuint (strlen (body), >, 64 * 1024);
  post_expect ("application/json", body, -1, 413, "payload_too_large", NULL, __LINE__);
  /* Much larger, not even JSON: with Expect: 100-continue refused on its Content-Length,
   * before the body is sent (without Expect: test_too_large_without_expect). */
  gsize big = 1024 * 1024;
  g_autofree char *blob = g_malloc (big);
  memset (blob, 'x', big);
  const char *expect[] = { "Expect: 100-continue", NULL };
  post_expect_with (expect, "application/json", blob, (gssize) big, 413, "payload_too_large", NULL,
                    __LINE__);
  /* A valid booking right after still works. */
  g_autoptr (LtResponse) r = lt_book (srv, &valid);
  lt_assert_json (r, 201);
}

/* A client that sends its whole body, a piece at a time, before reading any answer (no
 * Expect: 100-continue): it must get the 413, not a reset. The pauses give a server that
 * answers at once and closes time to do so while the body is still on its way. Returns
 * the status line and body, or the transport error. */
static char *
send_body_then_read (const char *head, gsize body_len, bool chunked)
{
  g_autoptr (GError) error = NULL;
  guint port = (guint) atoi (strrchr (lt_server_url (srv), ':') + 1);
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) conn =
      g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) port, NULL, &error);
  g_assert_no_error (error);
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  const gsize piece = 64 * 1024;
  g_autofree char *data = g_malloc (piece);
  memset (data, 'x', piece);
  bool ok = g_output_stream_write_all (out, head, strlen (head), NULL, NULL, &error);
  for (gsize sent = 0; ok && sent < body_len; sent += piece)
    {
      g_usleep (20 * 1000);
      gsize n = MIN (piece, body_len - sent);
      if (chunked)
        {
          g_autofree char *size_line = g_strdup_printf ("%zx\r\n", n);
          ok = g_output_stream_write_all (out, size_line, strlen (size_line), NULL, NULL, &error);
        }
      ok = ok && g_output_stream_write_all (out, data, n, NULL, NULL, &error);
      if (chunked)
        ok = ok && g_output_stream_write_all (out, "\r\n", 2, NULL, NULL, &error);
    }
  if (ok && chunked)
    ok = g_output_stream_write_all (out, "0\r\n\r\n", 5, NULL, NULL, &error);
  if (!ok)
    return g_strdup_printf ("write failed: %s", error->message);
  GString *answer = g_string_new (NULL);
  char buf[4096];
  for (;;)
    {
      gssize n = g_input_stream_read (in, buf, sizeof buf, NULL, &error);
      if (n < 0)
        {
          g_string_append_printf (answer, "[read failed: %s]", error->message);
          break;
        }
      if (n == 0)
        break;
      g_string_append_len (answer, buf, n);
      /* the error JSON is small: stop once its end is in */
      if (strstr (answer->str, "\r\n\r\n") && g_str_has_suffix (answer->str, "}"))
        break;
    }
  return g_string_free (answer, FALSE);
}

static void
test_too_large_without_expect (void)
{
  const gsize big = 1024 * 1024; /* 16 times the limit, within the server's read slack */
  g_autofree char *head =
      g_strdup_printf ("POST /api/v1/bookings HTTP/1.1\r\nHost: localhost\r\n"
                       "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                       big);
  const char *head_chunked = "POST /api/v1/bookings HTTP/1.1\r\nHost: localhost\r\n"
                             "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int chunked = 0; chunked <= 1; chunked++)
    {
      g_autofree char *answer = send_body_then_read (chunked ? head_chunked : head, big, chunked);
      if (!g_str_has_prefix (answer, "HTTP/1.1 413 ") ||
          !strstr (answer, "{\"error\":{\"code\":\"payload_too_large\""))
        lt_fail_at (__FILE__, __LINE__,
                    "%s body of %zu bytes without Expect: expected the 413, "
                    "got: %.300s",
                    chunked ? "chunked" : "declared", big, answer);
    }
  lt_server_assert_healthy (srv);
}

static void
test_content_type (void)
{
  LtBooking b = valid;
  b.cccd = "079000020010";
  b.slot = "1400-1600";
  g_autofree char *body = lt_booking_json (&b);
  const char *wrong[] = { "text/plain", "application/x-www-form-urlencoded",
                          "multipart/form-data; boundary=x", "application/jsonx", NULL };
  for (size_t i = 0; i < G_N_ELEMENTS (wrong); i++)
    post_expect (wrong[i], body, -1, 415, "unsupported_media_type", NULL, __LINE__);
  /* A charset parameter is still JSON; nothing was booked above. */
  g_autoptr (LtResponse) r =
      lt_http (srv, "POST", "/api/v1/bookings", "application/json; charset=utf-8", body, -1, NULL);
  lt_assert_json (r, 201);
}

static void
test_unknown_route (void)
{
  const char *paths[] = {
    "/api/v1/nope",
    "/api/v1/units/" LT_UNIT_PHO_YEN "/nope",
    "/api/v2/health",
    "/api/v1/",
    "/api/v1/bookings/ABCD/nope",
    "/api/v1/units/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  };
  for (size_t i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (LtResponse) r = lt_get (srv, paths[i]);
      lt_assert_error (r, 404, "not_found", NULL);
      lt_server_assert_healthy (srv);
    }
  /* A very long path: refused as a client error, not a crash. */
  GString *longp = g_string_new ("/api/v1/units/");
  while (longp->len < 6000)
    g_string_append (longp, "aaaaaaaaaa");
  g_autoptr (LtResponse) rl = lt_get (srv, longp->str);
  g_string_free (longp, TRUE);
  g_assert_cmpint (rl->status, >=, 400);
  g_assert_cmpint (rl->status, <, 500);
  lt_server_assert_healthy (srv);
}

static void
test_wrong_method (void)
{
  const struct
  {
    const char *method, *path;
  } cases[] = {
    { "DELETE", "/api/v1/units" },
    { "POST", "/api/v1/units" },
    { "PUT", "/api/v1/health" },
    { "GET", "/api/v1/bookings" },
    { "DELETE", "/api/v1/units/" LT_UNIT_PHO_YEN },
    { "PATCH", "/api/v1/units/" LT_UNIT_PHO_YEN "/days" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      bool post = strcmp (cases[i].method, "POST") == 0;
      g_autoptr (LtResponse) r =
          lt_http (srv, cases[i].method, cases[i].path, post ? "application/json" : NULL,
                   post ? "{}" : NULL, -1, NULL);
      if (r->status != 405)
        lt_fail_at (__FILE__, __LINE__, "%s %s: expected 405, got %ld: %s", cases[i].method,
                    cases[i].path, r->status, r->body);
      lt_assert_error (r, 405, "method_not_allowed", NULL);
      lt_server_assert_healthy (srv);
    }
}

static void
test_bad_query (void)
{
  /* Invalid UTF-8 and oversized search text are refused or find nothing, never a crash. */
  const char *paths[] = {
    "/api/v1/units?q=%FF%FE",
    "/api/v1/units?q=%C3",
    "/api/v1/units?q=%C0%AF",
  };
  for (size_t i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (LtResponse) r = lt_get (srv, paths[i]);
      if (r->status == 200)
        {
          json_object *j = lt_assert_json (r, 200);
          json_object *units = lt_json_at (j, "units");
          g_assert_nonnull (units);
          g_assert_cmpuint (json_object_array_length (units), ==, 0);
        }
      else
        {
          lt_assert_error (r, 400, "invalid_input", NULL);
        }
      lt_server_assert_healthy (srv);
    }
}

static void
test_nul_in_url (void)
{
  /* A "%00" decodes to NUL: refused, never cut short there (which would serve site.css, or
   * look a booking up by the part of the CCCD before the NUL). */
  const LtBooking b = { .name = "Lê Văn Nam",
                        .cccd = "079000020050",
                        .unit = LT_UNIT_PHO_YEN,
                        .field = "ho-tich",
                        .date = "2025-09-26",
                        .slot = "0730-0930" };
  g_autofree char *code = lt_book_ok (srv, &b);
  g_autofree char *lookup = g_strdup_printf ("/api/v1/bookings/%s?cccd=079000020050%%00x", code);
  g_autofree char *lookup_code =
      g_strdup_printf ("/api/v1/bookings/%s%%00x?cccd=079000020050", code);
  const struct
  {
    const char *method, *path, *field;
  } cases[] = {
    { "GET", "/static/site.css%00.png", "path" },
    { "GET", "/static/site.css%00", "path" },
    { "GET", "/dat-lich%00", "path" },
    { "GET", "/api/v1/units/" LT_UNIT_PHO_YEN "%00x", "path" },
    { "GET", "/api/v1/units/" LT_UNIT_PHO_YEN "%00x/days", "path" },
    { "GET", "/api/v1/nope%00", "path" },
    { "GET", "/api/v1/units?q=pho%00yen", "q" },
    { "GET", "/api/v1/units?q%00x=pho", "query" },
    { "GET", "/api/v1/units/" LT_UNIT_PHO_YEN "/slots?date=2025-09-26%00&field=ho-tich", "date" },
    { "GET", lookup, "cccd" },
    { "GET", lookup_code, "path" },
    { "POST", "/api/v1/bookings%00", "path" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      bool post = strcmp (cases[i].method, "POST") == 0;
      g_autoptr (LtResponse) r =
          lt_http (srv, cases[i].method, cases[i].path, post ? "application/json" : NULL,
                   post ? "{}" : NULL, -1, NULL);
      if (r->status != 400)
        lt_fail_at (__FILE__, __LINE__, "%s %s: expected 400, got %ld: %s", cases[i].method,
                    cases[i].path, r->status, r->body);
      lt_assert_error (r, 400, "invalid_input", cases[i].field);
    }
  /* An escaped "%" followed by "00" is just text; the same connection goes on serving. */
  g_autoptr (LtResponse) ok = lt_get (srv, "/api/v1/units?q=%2500");
  json_object *j = lt_assert_json (ok, 200);
  g_assert_cmpuint (json_object_array_length (lt_array (j, "units")), ==, 0);
  g_autoptr (LtResponse) css = lt_get (srv, "/static/site.css");
  lt_assert_status (css, 200);
  lt_server_assert_healthy (srv);
}

static void
test_dev_clock_input (void)
{
  const char *bodies[] = { "{\"now\":\"tomorrow\"}", "{\"now\":42}", "{}" };
  for (size_t i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr (LtResponse) r = lt_post_json (srv, "/api/v1/dev/clock", bodies[i]);
      lt_assert_error (r, 400, "invalid_input", NULL);
    }
  lt_server_set_clock (srv, LT_NOW_BOOKING);
}

static void
test_rate_limited (void)
{
  /* Rate limits are off in --dev unless set explicitly: 20 POSTs a minute per address. */
  const char *args[] = { "--rate-limit", "20", NULL };
  LtServerOptions o = {
    .seed = true, .clock = LT_NOW_BOOKING, .expect_kiosk_tokens = LT_SEED_KIOSKS, .extra_args = args
  };
  LtServer *limited = lt_server_start (&o);
  guint refused = 0;
  for (guint i = 0; i < 40; i++)
    {
      g_autoptr (LtResponse) r = lt_post_json (limited, "/api/v1/bookings", "{}");
      if (r->status == 429)
        {
          lt_assert_error (r, 429, "rate_limited", NULL);
          if (r->retry_after == NULL || atoi (r->retry_after) < 1)
            lt_fail_at (__FILE__, __LINE__, "429 without a Retry-After of at least 1 s (%s)",
                        r->retry_after ? r->retry_after : "none");
          refused++;
        }
      else
        {
          lt_assert_error (r, 400, "invalid_input", NULL);
        }
    }
  g_assert_cmpuint (refused, >, 0);
  lt_server_assert_healthy (limited);
  lt_server_stop (limited);
}

static void
test_lookups_limited_per_cccd (void)
{
  /* Whoever knows a CCCD must not try every code for it: look-ups by code + CCCD are limited
   * per CCCD (bursts of 10), whatever the address. The per-address limit is set high here. */
  const char *args[] = { "--rate-limit", "100000", NULL };
  LtServerOptions o = {
    .seed = true, .clock = LT_NOW_BOOKING, .expect_kiosk_tokens = LT_SEED_KIOSKS, .extra_args = args
  };
  LtServer *limited = lt_server_start (&o);
  LtBooking b = valid;
  b.cccd = "079000020077";
  g_autofree char *code = lt_book_ok (limited, &b);
  guint refused_at = 0;
  for (guint i = 1; i <= 12 && !refused_at; i++)
    {
      g_autofree char *wrong = lt_unused_code (limited);
      g_autofree char *path = g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", wrong, b.cccd);
      g_autoptr (LtResponse) r = lt_get (limited, path);
      if (r->status == 429)
        {
          lt_assert_error (r, 429, "rate_limited", NULL);
          if (!r->retry_after || atoi (r->retry_after) < 1)
            lt_fail_at (__FILE__, __LINE__, "429 without a Retry-After of at least 1 s");
          refused_at = i;
        }
      else
        {
          lt_assert_error (r, 404, "not_found", NULL);
        }
    }
  g_assert_cmpuint (refused_at, ==, 11);
  /* Now even the right code waits, on either route that takes code + CCCD... */
  g_autofree char *right = g_strdup_printf ("/api/v1/bookings/%s?cccd=%s", code, b.cccd);
  g_autoptr (LtResponse) r1 = lt_get (limited, right);
  lt_assert_error (r1, 429, "rate_limited", NULL);
  g_autofree char *png = g_strdup_printf ("/api/v1/bookings/%s/ticket.png?cccd=%s", code, b.cccd);
  g_autoptr (LtResponse) r2 = lt_get (limited, png);
  lt_assert_error (r2, 429, "rate_limited", NULL);
  /* ...while other citizens, from the same address, are not held up. */
  g_autofree char *other = g_strdup_printf ("/api/v1/bookings/%s?cccd=079000020078", code);
  g_autoptr (LtResponse) r3 = lt_get (limited, other);
  lt_assert_error (r3, 404, "not_found", NULL);
  lt_server_assert_healthy (limited);
  lt_server_stop (limited);
}

int
main (int argc, char **argv)
{
  lt_init (&argc, &argv);
  g_test_add_func ("/layso/integration/bad-input/malformed-json", test_malformed_json);
  g_test_add_func ("/layso/integration/bad-input/wrong-types", test_wrong_types);
  g_test_add_func ("/layso/integration/bad-input/unknown-and-missing-members",
                   test_unknown_and_missing_members);
  g_test_add_func ("/layso/integration/bad-input/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/layso/integration/bad-input/too-large", test_too_large);
  g_test_add_func ("/layso/integration/bad-input/too-large-without-expect",
                   test_too_large_without_expect);
  g_test_add_func ("/layso/integration/bad-input/content-type", test_content_type);
  g_test_add_func ("/layso/integration/bad-input/unknown-route", test_unknown_route);
  g_test_add_func ("/layso/integration/bad-input/wrong-method", test_wrong_method);
  g_test_add_func ("/layso/integration/bad-input/bad-query", test_bad_query);
  g_test_add_func ("/layso/integration/bad-input/nul-in-url", test_nul_in_url);
  g_test_add_func ("/layso/integration/bad-input/dev-clock-input", test_dev_clock_input);
  g_test_add_func ("/layso/integration/bad-input/rate-limited", test_rate_limited);
  g_test_add_func ("/layso/integration/bad-input/lookups-limited-per-cccd",
                   test_lookups_limited_per_cccd);
  srv = lt_server_start_default ();
  int rc = g_test_run ();
  lt_server_stop (srv);
  return rc;
}
