/* Strict JSON request bodies, without the HTTP around them (http.c replies, this decides).
 * Pure: no I/O, no logging; fuzzed by tests/fuzz/fuzz-jsonbody.c.
 *
 * Rules:
 *   a body is one JSON object in valid UTF-8 without NUL, parsed by json-c's strict tokener
 *     (depth at most 32), with nothing but white space after it;
 *   against a schema (LsJsonField rows ended by a {NULL} row): no unknown member; a null
 *     member counts as absent; every present member of its type; strings valid UTF-8
 *     without NUL (a "\u0000" escape included) and at most max_len bytes; every required
 *     member present and not null. Members are checked in the object's order, then the
 *     required ones in the schema's order: the first failure is the one reported.
 *   ls_json_decode goes on, in the schema's order each time: a not_blank string made of
 *     white space only counts as missing; then each present string member with a check
 *     must pass it, and each present integer member with a range (min < max) must lie in
 *     it (else its check_message); then every member is written into the route's struct
 *     at its offset.
 *   A string array (LS_JSON_STRINGS) holds at most LS_JSON_MAX_ITEMS strings, each under
 *     the string rules above. */
#pragma once

#include <glib.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum
{
  LS_JSON_STRING,
  LS_JSON_BOOL,
  LS_JSON_INT,
  LS_JSON_STRINGS
} LsJsonType;

#define LS_JSON_MAX_ITEMS 64

/* A pure check of a string member's value (UTF-8, no NUL, within max_len). */
typedef bool (*LsJsonCheck) (const char *value);

/* One member of a route's body. Tables end with a row whose name is NULL. */
typedef struct
{
  const char *name;
  LsJsonType type;
  bool required;
  size_t max_len; /* strings (and each string of STRINGS): bytes, 0 = 1024 */
  /* ls_json_decode only: */
  size_t offset;             /* in the route's struct, of a const char * (STRING, borrowed from
                              * the object, NULL when absent), bool (BOOL), gint64 (INT) or
                              * json_object * (STRINGS: the array, borrowed, NULL when absent) */
  bool not_blank;            /* a string of white space only is missing (required members) */
  LsJsonCheck check;         /* STRING only; NULL: any string */
  const char *check_message; /* Vietnamese, for the reply when check or the range fails */
  gint64 min, max;           /* INT only: the range, when min < max */
} LsJsonField;

#define LS_JSON_FIELD_END                                                                          \
  {                                                                                                \
    .name = NULL                                                                                   \
  }

#define LS_JSON_MAX_DEPTH 32

/* Parses `len` bytes (not necessarily NUL-terminated) into a JSON object.
 * 0 and *ret (json_object_put it); -EILSEQ when the bytes are not UTF-8 or hold a NUL;
 * -EINVAL when empty, malformed, followed by anything but white space, or not an object. */
int ls_json_parse_object (const char *data, size_t len, json_object **ret);

/* A member name the outermost object of `data` (a body ls_json_parse_object accepted)
 * gives more than once, compared after decoding escapes ("cccd" = "cc\u0063d"): json-c keeps
 * only the last value, so a body naming a member twice would be read with whichever copy
 * a proxy or a log did not look at. 0 when every name is given once; -ENOTUNIQ and
 * *ret_name (g_free it) for the first name given again. Nested objects are not looked at:
 * no schema takes one. */
int ls_json_find_repeated_member (const char *data, size_t len, char **ret_name);

/* Checks `obj` (NULL or not an object fails with member "body") against `fields`.
 * 0, or -EINVAL with *ret_bad_member (the offending member's name: a pointer into obj or
 * fields, or "body") and *ret_message (a user-facing message, static). The outputs are
 * written only on failure; either pointer may be NULL. */
int ls_json_validate (json_object *obj, const LsJsonField *fields, const char **ret_bad_member,
                      const char **ret_message);

/* ls_json_validate, then the blank and check rules above, then each member written into
 * the struct at ret (the fields' offsets; strings borrowed from obj, which must outlive
 * them). 0, or -EINVAL with the outputs of ls_json_validate (ret untouched). */
int ls_json_decode (json_object *obj, const LsJsonField *fields, void *ret,
                    const char **ret_bad_member, const char **ret_message);
