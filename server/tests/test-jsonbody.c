/* jsonbody.h: parsing, repeated member names and decoding through a route's table, as
 * tables. (The replies are held to the contract over HTTP in
 * tests/integration/test-bad-input.c.) */
#include "http/jsonbody.h"
#include "routes/schemas.h"

#include <errno.h>
#include <glib.h>
#include <stddef.h>
#include <string.h>

static void
test_parse (void)
{
  static const struct
  {
    const char *body;
    int expected;
  } cases[] = {
    { "{}", 0 },         { " {\"a\":1} \n", 0 },    { "{\"a\":{\"b\":[1,2]}}", 0 },
    { "", -EINVAL },     { "[]", -EINVAL },         { "\"x\"", -EINVAL },
    { "{} x", -EINVAL }, { "{\"a\":1,}", -EINVAL }, { "{\"a\":\"\xc3\x28\"}", -EILSEQ },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      json_object *obj = NULL;
      g_test_message ("%s", cases[i].body);
      g_assert_cmpint (ls_json_parse_object (cases[i].body, strlen (cases[i].body), &obj), ==,
                       cases[i].expected);
      g_assert_true ((obj != NULL) == (cases[i].expected == 0));
      json_object_put (obj);
    }
}

static void
test_repeated_members (void)
{
  static const struct
  {
    const char *body;
    const char *repeated; /* NULL: none */
  } cases[] = {
    { "{}", NULL },
    { "{\"cccd\":\"1\",\"name\":\"a\"}", NULL },
    { "{\"cccd\":\"1\",\"cccd\":\"2\"}", "cccd" },
    { "{ \"cccd\" : \"1\" , \"x\":1, \"cccd\" : \"2\" }", "cccd" },
    { "{\"cccd\":\"1\",\"cc\\u0063d\":\"2\"}", "cccd" }, /* the same name, escaped */
    { "{\"a\":{\"b\":1,\"b\":2}}", NULL },               /* nested: not looked at */
    { "{\"a\":[{\"a\":1}],\"b\":\"a\"}", NULL },         /* a value equal to a name */
    { "{\"a\":\"x\\\",\\\"a\\\":\\\"y\"}", NULL },       /* quotes inside a value */
    { "{\"a\":[1,{\"c\":2}],\"c\":3}", NULL },           /* commas inside a value */
    { "{\"\":1,\"\":2}", "" },
    { "{\"t\\u1ebfn\":1,\"tến\":2}", "tến" },
    { "{\"cccd\":\"1\",'cccd':\"2\"}", "cccd" }, /* json-c takes single quotes */
    { "{\"a\":\"it's\",\"b\":1}", NULL },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *body = cases[i].body;
      json_object *obj = NULL;
      g_test_message ("%s", body);
      g_assert_cmpint (ls_json_parse_object (body, strlen (body), &obj), ==, 0);
      json_object_put (obj);
      char *name = NULL;
      int r = ls_json_find_repeated_member (body, strlen (body), &name);
      if (cases[i].repeated)
        {
          g_assert_cmpint (r, ==, -ENOTUNIQ);
          g_assert_cmpstr (name, ==, cases[i].repeated);
        }
      else
        {
          g_assert_cmpint (r, ==, 0);
          g_assert_null (name);
        }
      g_free (name);
    }
}

static const struct
{
  const char *body;
  const char *bad;     /* NULL: decoded */
  const char *message; /* with bad */
} booking_cases[] = {
  { "{\"name\":\"Nguyễn Văn A\",\"cccd\":\"012345678901\",\"unit\":\"u\",\"field\":\"f\","
    "\"date\":\"2025-09-26\",\"slot\":\"s\",\"consent\":true}",
    NULL, NULL },
  { "{\"name\":\"A\",\"cccd\":\"012345678901\",\"phone\":\"+84 987 654 321\",\"unit\":\"u\","
    "\"field\":\"f\",\"date\":\"d\",\"slot\":\"s\",\"consent\":false}",
    NULL, NULL }, /* consent false and the date's form are the handler's to refuse */
  { "{\"name\":\"A\",\"cccd\":\"012345678901\",\"phone\":\"\",\"unit\":\"u\",\"field\":\"f\","
    "\"date\":\"d\",\"slot\":\"s\",\"consent\":true}",
    NULL, NULL }, /* an empty phone is no phone */
  { "{\"name\":\"A\",\"cccd\":\"012345678901\",\"unit\":\"u\",\"field\":\"f\",\"date\":\"d\","
    "\"slot\":\"s\"}",
    "consent", "Vui lòng điền đầy đủ thông tin" },
  { "{\"name\":\"A\",\"cccd\":\"012345678901\",\"unit\":\"u\",\"field\":\"f\",\"date\":\"d\","
    "\"slot\":\"s\",\"consent\":true,\"extra\":1}",
    "extra", "Trường không được hỗ trợ" },
  { "{\"name\":\"   \",\"cccd\":\"\",\"unit\":\"u\",\"field\":\"f\",\"date\":\"d\",\"slot\":\"s\","
    "\"consent\":true}",
    "name", "Vui lòng điền đầy đủ thông tin" },
  { "{\"name\":\"123\",\"cccd\":\"\",\"unit\":\"u\",\"field\":\"f\",\"date\":\"d\",\"slot\":\"s\","
    "\"consent\":true}",
    "cccd", "Vui lòng điền đầy đủ thông tin" }, /* every blank before any check */
  { "{\"name\":\"A\",\"cccd\":\"0123\",\"unit\":\" "
    "\",\"field\":\"f\",\"date\":\"d\",\"slot\":\"s\","
    "\"consent\":true}",
    "unit", "Vui lòng điền đầy đủ thông tin" },
  { "{\"name\":\"123\",\"cccd\":\"0123\",\"unit\":\"u\",\"field\":\"f\",\"date\":\"d\","
    "\"slot\":\"s\",\"consent\":true}",
    "name", "Họ và tên không hợp lệ" },
  { "{\"name\":\"A\",\"cccd\":\"0123\",\"phone\":\"1\",\"unit\":\"u\",\"field\":\"f\","
    "\"date\":\"d\",\"slot\":\"s\",\"consent\":true}",
    "cccd", "Số căn cước công dân phải gồm đúng 12 chữ số" },
  { "{\"name\":\"A\",\"cccd\":\"012345678901\",\"phone\":\"1\",\"unit\":\"u\",\"field\":\"f\","
    "\"date\":\"d\",\"slot\":\"s\",\"consent\":true}",
    "phone", "Số điện thoại phải bắt đầu bằng 0 và có 10 chữ số" },
  { "{\"name\":\"A\",\"cccd\":12,\"unit\":\"u\",\"field\":\"f\",\"date\":\"d\",\"slot\":\"s\","
    "\"consent\":true}",
    "cccd", "Dữ liệu không hợp lệ" },
  { "{\"name\":null,\"cccd\":\"012345678901\",\"unit\":\"u\",\"field\":\"f\",\"date\":\"d\","
    "\"slot\":\"s\",\"consent\":true}",
    "name", "Vui lòng điền đầy đủ thông tin" },
};

static void
test_decode_booking (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (booking_cases); i++)
    {
      const char *text = booking_cases[i].body;
      json_object *obj = NULL;
      g_test_message ("case %zu: %s", i, text);
      g_assert_cmpint (ls_json_parse_object (text, strlen (text), &obj), ==, 0);
      LsBookingCreateBody body = { .name = "untouched" };
      const char *bad = NULL, *message = NULL;
      int r = ls_json_decode (obj, ls_schema_booking_create, &body, &bad, &message);
      if (booking_cases[i].bad)
        {
          g_assert_cmpint (r, ==, -EINVAL);
          g_assert_cmpstr (bad, ==, booking_cases[i].bad);
          g_assert_cmpstr (message, ==, booking_cases[i].message);
          g_assert_cmpstr (body.name, ==, "untouched");
        }
      else
        {
          g_assert_cmpint (r, ==, 0);
          g_assert_nonnull (body.name);
          g_assert_cmpstr (body.cccd, ==, "012345678901");
          g_assert_cmpstr (body.unit, ==, "u");
          g_assert_cmpstr (body.slot, ==, "s");
        }
      json_object_put (obj);
    }
}

/* Each type lands at its offset; absent members read NULL / false / 0. */
static void
test_decode_types (void)
{
  typedef struct
  {
    gint64 n;
    const char *s;
    bool b;
    const char *opt;
  } Body;
  static const LsJsonField schema[] = {
    { .name = "s", .type = LS_JSON_STRING, .required = true, .offset = offsetof (Body, s) },
    { .name = "n", .type = LS_JSON_INT, .offset = offsetof (Body, n) },
    { .name = "b", .type = LS_JSON_BOOL, .offset = offsetof (Body, b) },
    { .name = "opt", .type = LS_JSON_STRING, .offset = offsetof (Body, opt) },
    LS_JSON_FIELD_END,
  };
  const char *text = "{\"b\":true,\"n\":-42,\"s\":\"x\"}";
  json_object *obj = NULL;
  g_assert_cmpint (ls_json_parse_object (text, strlen (text), &obj), ==, 0);
  Body body = { 7, "junk", false, "junk" };
  g_assert_cmpint (ls_json_decode (obj, schema, &body, NULL, NULL), ==, 0);
  g_assert_cmpint (body.n, ==, -42);
  g_assert_cmpstr (body.s, ==, "x");
  g_assert_true (body.b);
  g_assert_null (body.opt);
  json_object_put (obj);
}

/* The staff bodies: integer ranges, string arrays and the account rules, each failure
 * naming its member. */
static const struct
{
  const LsJsonField *schema;
  const char *body;
  const char *bad; /* NULL: decoded */
  const char *message;
} staff_cases[] = {
  { ls_schema_counter, "{\"name\":\"Quầy 1\",\"number\":1,\"fields\":[\"a\",\"b\"]}", NULL, NULL },
  { ls_schema_counter, "{\"name\":\"Q\",\"number\":999,\"fields\":[]}", NULL, NULL },
  { ls_schema_counter, "{\"name\":\"Q\",\"number\":0,\"fields\":[\"a\"]}", "number",
    "Số quầy từ 1 đến 999" },
  { ls_schema_counter, "{\"name\":\"Q\",\"number\":1000,\"fields\":[\"a\"]}", "number",
    "Số quầy từ 1 đến 999" },
  { ls_schema_counter, "{\"name\":\"Q\",\"number\":1,\"fields\":\"a\"}", "fields",
    "Dữ liệu không hợp lệ" },
  { ls_schema_counter, "{\"name\":\"Q\",\"number\":1,\"fields\":[1]}", "fields",
    "Dữ liệu không hợp lệ" },
  { ls_schema_counter, "{\"name\":\"Q\",\"number\":1,\"fields\":[null]}", "fields",
    "Dữ liệu không hợp lệ" },
  { ls_schema_counter, "{\"name\":\" \",\"number\":1,\"fields\":[\"a\"]}", "name",
    "Vui lòng điền đầy đủ thông tin" },
  { ls_schema_counter, "{\"name\":\"Q\",\"number\":1}", "fields",
    "Vui lòng điền đầy đủ thông tin" },
  { ls_schema_queue_policy,
    "{\"appointments_per_walk_in\":0,\"max_wait_minutes\":600,\"recall_limit\":1,"
    "\"recall_gap_seconds\":0}",
    NULL, NULL },
  { ls_schema_queue_policy,
    "{\"appointments_per_walk_in\":21,\"max_wait_minutes\":0,\"recall_limit\":1,"
    "\"recall_gap_seconds\":0}",
    "appointments_per_walk_in", "Giá trị ngoài khoảng cho phép" },
  { ls_schema_queue_policy,
    "{\"appointments_per_walk_in\":0,\"max_wait_minutes\":0,\"recall_limit\":0,"
    "\"recall_gap_seconds\":0}",
    "recall_limit", "Giá trị ngoài khoảng cho phép" },
  { ls_schema_queue_policy,
    "{\"appointments_per_walk_in\":0,\"max_wait_minutes\":-1,\"recall_limit\":1,"
    "\"recall_gap_seconds\":0}",
    "max_wait_minutes", "Giá trị ngoài khoảng cho phép" },
  { ls_schema_staff_user,
    "{\"username\":\"tram.nguyen\",\"name\":\"Trâm\",\"role\":\"staff\",\"unit\":\"u\","
    "\"password\":\"mật khẩu 1\"}",
    NULL, NULL },
  { ls_schema_staff_user,
    "{\"username\":\"Tram\",\"name\":\"T\",\"role\":\"staff\",\"password\":\"12345678\"}",
    "username", "Tên đăng nhập gồm 3-64 ký tự a-z, 0-9, dấu chấm, gạch" },
  { ls_schema_staff_user,
    "{\"username\":\"ab\",\"name\":\"T\",\"role\":\"staff\",\"password\":\"12345678\"}", "username",
    "Tên đăng nhập gồm 3-64 ký tự a-z, 0-9, dấu chấm, gạch" },
  { ls_schema_staff_user,
    "{\"username\":\"abc\",\"name\":\"T\",\"role\":\"root\",\"password\":\"12345678\"}", "role",
    "Vai trò không hợp lệ" },
  { ls_schema_staff_user,
    "{\"username\":\"abc\",\"name\":\"T\",\"role\":\"admin\",\"password\":\"mậtkhẩu\"}", "password",
    "Mật khẩu cần ít nhất 8 ký tự" }, /* 7 characters, 9 bytes */
  { ls_schema_login, "{\"username\":\"x\",\"password\":\"y\"}", NULL, NULL },
  { ls_schema_login, "{\"username\":\"x\"}", "password", "Vui lòng điền đầy đủ thông tin" },
  { ls_schema_transfer, "{\"field\":\"\"}", "field", "Vui lòng điền đầy đủ thông tin" },
};

static void
test_decode_staff (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (staff_cases); i++)
    {
      const char *text = staff_cases[i].body;
      json_object *obj = NULL;
      g_test_message ("case %zu: %s", i, text);
      g_assert_cmpint (ls_json_parse_object (text, strlen (text), &obj), ==, 0);
      union
      {
        LsCounterBody counter;
        LsQueuePolicyBody policy;
        LsStaffUserBody user;
        LsLoginBody login;
        LsTransferBody transfer;
      } body;
      const char *bad = NULL, *message = NULL;
      int r = ls_json_decode (obj, staff_cases[i].schema, &body, &bad, &message);
      g_assert_cmpint (r, ==, staff_cases[i].bad ? -EINVAL : 0);
      g_assert_cmpstr (bad, ==, staff_cases[i].bad);
      g_assert_cmpstr (message, ==, staff_cases[i].message);
      json_object_put (obj);
    }
}

/* A string array holds at most LS_JSON_MAX_ITEMS strings, each within max_len. */
static void
test_decode_strings_limits (void)
{
  GString *text = g_string_new ("{\"name\":\"Q\",\"number\":1,\"fields\":[");
  for (int i = 0; i <= LS_JSON_MAX_ITEMS; i++)
    g_string_append_printf (text, "%s\"f%d\"", i ? "," : "", i);
  g_string_append (text, "]}");
  json_object *obj = NULL;
  g_assert_cmpint (ls_json_parse_object (text->str, text->len, &obj), ==, 0);
  LsCounterBody body;
  const char *bad = NULL;
  g_assert_cmpint (ls_json_decode (obj, ls_schema_counter, &body, &bad, NULL), ==, -EINVAL);
  g_assert_cmpstr (bad, ==, "fields");
  json_object_put (obj);
  g_string_free (text, TRUE);

  g_autofree char *long_id = g_strnfill (129, 'f');
  g_autofree char *one =
      g_strdup_printf ("{\"name\":\"Q\",\"number\":1,\"fields\":[\"%s\"]}", long_id);
  g_assert_cmpint (ls_json_parse_object (one, strlen (one), &obj), ==, 0);
  g_assert_cmpint (ls_json_decode (obj, ls_schema_counter, &body, &bad, NULL), ==, -EINVAL);
  g_assert_cmpstr (bad, ==, "fields");
  json_object_put (obj);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/jsonbody/decode-booking", test_decode_booking);
  g_test_add_func ("/layso/jsonbody/decode-types", test_decode_types);
  g_test_add_func ("/layso/jsonbody/decode-staff", test_decode_staff);
  g_test_add_func ("/layso/jsonbody/decode-strings-limits", test_decode_strings_limits);
  g_test_add_func ("/layso/jsonbody/parse", test_parse);
  g_test_add_func ("/layso/jsonbody/repeated-members", test_repeated_members);
  return g_test_run ();
}
