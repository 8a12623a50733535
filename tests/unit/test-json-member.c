/* json-member.h: which member each lookup returns, as a table over one document. */
#include "json-member.h"

#include <glib.h>
#include <stdbool.h>

static const char *const doc =
    "{\"s\":\"text\",\"e\":\"\",\"n\":null,\"i\":42,\"b\":true,\"o\":{\"x\":1},\"a\":[1]}";

typedef struct
{
  const char *name;
  json_type type;
  bool present;    /* layso_json_member gives a value */
  bool typed;      /* layso_json_member_of_type gives a value */
  const char *str; /* layso_json_member_string */
} Case;

static const Case cases[] = {
  { "s", json_type_string, true, true, "text" },
  { "e", json_type_string, true, true, "" },
  { "s", json_type_int, true, false, "text" },
  { "n", json_type_null, false, false, NULL },
  { "n", json_type_string, false, false, NULL },
  { "i", json_type_int, true, true, NULL },
  { "i", json_type_string, true, false, NULL },
  { "b", json_type_boolean, true, true, NULL },
  { "o", json_type_object, true, true, NULL },
  { "a", json_type_array, true, true, NULL },
  { "a", json_type_object, true, false, NULL },
  { "missing", json_type_string, false, false, NULL },
  { "S", json_type_string, false, false, NULL }, /* names are case-sensitive */
  { "", json_type_string, false, false, NULL },
};

static void
test_table (void)
{
  json_object *root = json_tokener_parse (doc);
  g_assert_nonnull (root);
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_test_message ("case %zu: %s", i, c->name);
      g_assert_cmpint (layso_json_member (root, c->name) != NULL, ==, c->present);
      g_assert_cmpint (layso_json_member_of_type (root, c->name, c->type) != NULL, ==, c->typed);
      g_assert_cmpstr (layso_json_member_string (root, c->name), ==, c->str);
    }
  json_object_put (root);
}

static void
test_not_an_object (void)
{
  json_object *arr = json_tokener_parse ("[1,2]");
  json_object *str = json_tokener_parse ("\"s\"");
  g_assert_null (layso_json_member (NULL, "s"));
  g_assert_null (layso_json_member (arr, "s"));
  g_assert_null (layso_json_member (str, "s"));
  g_assert_null (layso_json_member_of_type (NULL, "s", json_type_string));
  g_assert_null (layso_json_member_string (NULL, "s"));
  json_object_put (arr);
  json_object_put (str);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/json-member/table", test_table);
  g_test_add_func ("/layso/json-member/not-an-object", test_not_an_object);
  return g_test_run ();
}
