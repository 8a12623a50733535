/* Reading members of a parsed JSON object (json-c), the one helper the server, the seed
 * loader and the kiosk share. Pure: no I/O, no logging. */
#pragma once

#include <json-c/json.h>

/* The member `name` of `obj`, or NULL when obj is NULL or not an object, or the member is
 * absent or JSON null. Borrowed from obj. */
json_object *layso_json_member (json_object *obj, const char *name);

/* The member when its JSON type is `type`, else NULL (absent, null or another type). */
json_object *layso_json_member_of_type (json_object *obj, const char *name, json_type type);

/* A string member's value (borrowed from obj), or NULL when absent, null or not a string. */
const char *layso_json_member_string (json_object *obj, const char *name);
