/* Strict JSON request bodies (jsonbody.h). */
#include "http/jsonbody.h"

#include "json-member.h"
#include "wire.h"

#include <errno.h>
#include <glib.h>
#include <limits.h>
#include <string.h>

#define MSG_INVALID  LAYSO_MSG_INVALID
#define MSG_UNKNOWN  "Trường không được hỗ trợ"
#define MSG_REQUIRED LAYSO_MSG_FILL_ALL

int
ls_json_parse_object (const char *data, size_t len, json_object **ret)
{
  if (len == 0 || len > INT_MAX)
    return -EINVAL;
  if (!g_utf8_validate (data, (gssize) len, NULL) || memchr (data, '\0', len))
    return -EILSEQ;
  json_tokener *tok = json_tokener_new_ex (LS_JSON_MAX_DEPTH);
  if (!tok)
    return -ENOMEM;
  json_tokener_set_flags (tok, JSON_TOKENER_STRICT);
  json_object *obj = json_tokener_parse_ex (tok, data, (int) len);
  bool ok = obj && json_tokener_get_error (tok) == json_tokener_success;
  if (ok)
    {
      for (size_t i = json_tokener_get_parse_end (tok); i < len; i++)
        if (!g_ascii_isspace (data[i]))
          ok = false;
    }
  json_tokener_free (tok);
  if (!ok || !json_object_is_type (obj, json_type_object))
    {
      json_object_put (obj);
      return -EINVAL;
    }
  *ret = obj;
  return 0;
}

/* The name a string literal data[start..end] (quotes included) stands for, decoded. */
static char *
decode_name (const char *data, size_t start, size_t end)
{
  g_autofree char *literal = g_strndup (data + start, end - start + 1);
  json_object *s = json_tokener_parse (literal);
  char *name = s && json_object_is_type (s, json_type_string)
                   ? g_strndup (json_object_get_string (s), (gsize) json_object_get_string_len (s))
                   : NULL;
  json_object_put (s);
  return name;
}

/* The index of the quote that closes the string opening at data[i] (json-c's tokener
 * takes 'single-quoted' strings too, even in strict mode). */
static size_t
string_end (const char *data, size_t len, size_t i)
{
  char quote = data[i];
  for (i++; i < len && data[i] != quote; i++)
    if (data[i] == '\\')
      i++;
  return i;
}

int
ls_json_find_repeated_member (const char *data, size_t len, char **ret_name)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int depth = 0;
  bool expect_name = false;
  for (size_t i = 0; i < len; i++)
    {
      char c = data[i];
      if (c == '"' || c == '\'')
        {
          size_t end = string_end (data, len, i);
          if (depth == 1 && expect_name)
            {
              char *name = decode_name (data, i, end);
              if (name && !g_hash_table_add (seen, name))
                {
                  *ret_name = g_strdup (name);
                  return -ENOTUNIQ;
                }
              expect_name = false;
            }
          i = end;
        }
      else if (c == '{' || c == '[')
        {
          depth++;
          expect_name = depth == 1;
        }
      else if (c == '}' || c == ']')
        {
          depth--;
        }
      else if (c == ',' && depth == 1)
        {
          expect_name = true;
        }
    }
  return 0;
}

static const LsJsonField *
find_field (const LsJsonField *fields, const char *name)
{
  for (const LsJsonField *f = fields; f->name; f++)
    if (strcmp (f->name, name) == 0)
      return f;
  return NULL;
}

static bool
string_ok (const LsJsonField *f, json_object *val)
{
  if (!json_object_is_type (val, json_type_string))
    return false;
  const char *s = json_object_get_string (val);
  size_t len = (size_t) json_object_get_string_len (val);
  size_t max = f->max_len ? f->max_len : 1024;
  return len <= max && strlen (s) == len && g_utf8_validate (s, (gssize) len, NULL);
}

static bool
strings_ok (const LsJsonField *f, json_object *val)
{
  if (!json_object_is_type (val, json_type_array))
    return false;
  size_t n = json_object_array_length (val);
  if (n > LS_JSON_MAX_ITEMS)
    return false;
  for (size_t i = 0; i < n; i++)
    {
      json_object *item = json_object_array_get_idx (val, i);
      if (!item || !string_ok (f, item))
        return false;
    }
  return true;
}

static bool
value_ok (const LsJsonField *f, json_object *val)
{
  switch (f->type)
    {
      case LS_JSON_STRING:
        return string_ok (f, val);
      case LS_JSON_BOOL:
        return json_object_is_type (val, json_type_boolean);
      case LS_JSON_INT:
        return json_object_is_type (val, json_type_int);
      case LS_JSON_STRINGS:
        return strings_ok (f, val);
      default:
        return false;
    }
}

static int
fail (const char *member, const char *message, const char **ret_bad_member,
      const char **ret_message)
{
  if (ret_bad_member)
    *ret_bad_member = member;
  if (ret_message)
    *ret_message = message;
  return -EINVAL;
}

int
ls_json_validate (json_object *obj, const LsJsonField *fields, const char **ret_bad_member,
                  const char **ret_message)
{
  if (!obj || !json_object_is_type (obj, json_type_object))
    return fail ("body", MSG_INVALID, ret_bad_member, ret_message);
  json_object_object_foreach (obj, key, val)
    {
      const LsJsonField *f = find_field (fields, key);
      if (!f)
        return fail (key, MSG_UNKNOWN, ret_bad_member, ret_message);
      if (val && !value_ok (f, val))
        return fail (key, MSG_INVALID, ret_bad_member, ret_message);
    }
  for (const LsJsonField *f = fields; f->name; f++)
    {
      json_object *member = NULL;
      if (f->required && (!json_object_object_get_ex (obj, f->name, &member) || !member))
        return fail (f->name, MSG_REQUIRED, ret_bad_member, ret_message);
    }
  return 0;
}

static bool
is_blank (const char *s)
{
  for (; s && *s; s++)
    if (!g_ascii_isspace (*s))
      return false;
  return true;
}

/* The blank and check rules, in the schema's order, on a validated object. */
static int
check_values (json_object *obj, const LsJsonField *fields, const char **ret_bad_member,
              const char **ret_message)
{
  for (const LsJsonField *f = fields; f->name; f++)
    if (f->not_blank && f->type == LS_JSON_STRING &&
        is_blank (json_object_get_string (layso_json_member (obj, f->name))))
      return fail (f->name, MSG_REQUIRED, ret_bad_member, ret_message);
  for (const LsJsonField *f = fields; f->name; f++)
    {
      json_object *v = layso_json_member (obj, f->name);
      bool bad_string =
          f->check && f->type == LS_JSON_STRING && v && !f->check (json_object_get_string (v));
      bool out_of_range =
          f->type == LS_JSON_INT && f->min < f->max && v &&
          (json_object_get_int64 (v) < f->min || json_object_get_int64 (v) > f->max);
      if (bad_string || out_of_range)
        return fail (f->name, f->check_message ? f->check_message : MSG_INVALID, ret_bad_member,
                     ret_message);
    }
  return 0;
}

int
ls_json_decode (json_object *obj, const LsJsonField *fields, void *ret, const char **ret_bad_member,
                const char **ret_message)
{
  int r = ls_json_validate (obj, fields, ret_bad_member, ret_message);
  if (r < 0 || (r = check_values (obj, fields, ret_bad_member, ret_message)) < 0)
    return r;
  for (const LsJsonField *f = fields; f->name; f++)
    {
      json_object *v = layso_json_member (obj, f->name);
      char *at = (char *) ret + f->offset;
      switch (f->type)
        {
          case LS_JSON_STRING:
            *(const char **) at = v ? json_object_get_string (v) : NULL;
            break;
          case LS_JSON_BOOL:
            *(bool *) at = v && json_object_get_boolean (v);
            break;
          case LS_JSON_INT:
            *(gint64 *) at = v ? json_object_get_int64 (v) : 0;
            break;
          case LS_JSON_STRINGS:
            *(json_object **) at = v;
            break;
        }
    }
  return 0;
}
