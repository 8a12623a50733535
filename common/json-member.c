#include "json-member.h"

#include <stddef.h>

json_object *
layso_json_member (json_object *obj, const char *name)
{
  json_object *v = NULL;
  if (!obj || !json_object_is_type (obj, json_type_object) ||
      !json_object_object_get_ex (obj, name, &v))
    return NULL;
  return v;
}

json_object *
layso_json_member_of_type (json_object *obj, const char *name, json_type type)
{
  json_object *v = layso_json_member (obj, name);
  return v && json_object_is_type (v, type) ? v : NULL;
}

const char *
layso_json_member_string (json_object *obj, const char *name)
{
  json_object *v = layso_json_member_of_type (obj, name, json_type_string);
  return v ? json_object_get_string (v) : NULL;
}
