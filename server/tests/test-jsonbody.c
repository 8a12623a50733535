/* jsonbody.h: parsing and repeated member names, as tables. (Schema validation is held to
 * the contract over HTTP in tests/integration/test-bad-input.c.) */
#include "http/jsonbody.h"

#include <errno.h>
#include <glib.h>
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/jsonbody/parse", test_parse);
  g_test_add_func ("/layso/jsonbody/repeated-members", test_repeated_members);
  return g_test_run ();
}
