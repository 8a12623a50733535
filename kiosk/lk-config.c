/* Configuration table and checks. Rules:
 *   [server]  url      required, http:// or https:// (plain http only for a local server),
 *                      at most 512 bytes; a trailing '/' is dropped
 *             token    required, 1..256 printable ASCII characters without spaces
 *             ca_file  optional, an existing regular file (a private CA for the server)
 *   [printer] name     required, a CUPS queue name: 1..127 characters, none of space / # \
 *             mode     escpos (default) | pdf
 *             paper_mm 80 (default) | 58
 *             check_seconds 1..3600, default 5: how often the home screen polls CUPS
 *   [camera]  source   v4l2:<device> | files:<png>[,<png>…] | none (default)
 *             file_interval_ms 50..600000, default 1000
 *   [kiosk]   countdown_seconds 1..600 (15)  error_seconds 1..600 (8)
 *             idle_seconds 5..3600 (60)  fullscreen true|false (true)
 * Unknown groups are ignored (other programs may share the file); unknown keys in these
 * groups are errors, since they are almost always typos. */
#include "lk-config.h"

#include <stddef.h>
#include <string.h>

G_DEFINE_QUARK (lk - config - error - quark, lk_config_error)

typedef enum
{
  KEY_URL,
  KEY_TOKEN,
  KEY_CA_FILE,
  KEY_QUEUE,
  KEY_PRINT_MODE,
  KEY_PAPER,
  KEY_SOURCE,
  KEY_UINT,
  KEY_BOOL,
} KeyKind;

typedef struct
{
  const char *group;
  const char *key;
  KeyKind kind;
  gboolean required;
  const char *fallback; /* used when absent and not required; NULL: stays unset */
  gsize offset;
  guint min, max; /* KEY_UINT only */
} KeySpec;

#define AT(field) offsetof (LkConfig, field)

static const KeySpec key_table[] = {
  { .group = "server",
    .key = "url",
    .kind = KEY_URL,
    .required = TRUE,
    .fallback = NULL,
    .offset = AT (server_url) },
  { .group = "server",
    .key = "token",
    .kind = KEY_TOKEN,
    .required = TRUE,
    .fallback = NULL,
    .offset = AT (server_token) },
  { .group = "server",
    .key = "ca_file",
    .kind = KEY_CA_FILE,
    .required = FALSE,
    .fallback = NULL,
    .offset = AT (server_ca_file) },
  { .group = "printer",
    .key = "name",
    .kind = KEY_QUEUE,
    .required = TRUE,
    .fallback = NULL,
    .offset = AT (printer_name) },
  { .group = "printer",
    .key = "mode",
    .kind = KEY_PRINT_MODE,
    .required = FALSE,
    .fallback = "escpos",
    .offset = AT (printer_mode) },
  { .group = "printer",
    .key = "paper_mm",
    .kind = KEY_PAPER,
    .required = FALSE,
    .fallback = "80",
    .offset = AT (paper_mm) },
  { .group = "printer",
    .key = "check_seconds",
    .kind = KEY_UINT,
    .required = FALSE,
    .fallback = "5",
    .offset = AT (printer_check_seconds),
    .min = 1,
    .max = 3600 },
  { .group = "camera",
    .key = "source",
    .kind = KEY_SOURCE,
    .required = FALSE,
    .fallback = "none",
    .offset = AT (camera_source) },
  { .group = "camera",
    .key = "file_interval_ms",
    .kind = KEY_UINT,
    .required = FALSE,
    .fallback = "1000",
    .offset = AT (file_interval_ms),
    .min = 50,
    .max = 600000 },
  { .group = "kiosk",
    .key = "countdown_seconds",
    .kind = KEY_UINT,
    .required = FALSE,
    .fallback = "15",
    .offset = AT (countdown_seconds),
    .min = 1,
    .max = 600 },
  { .group = "kiosk",
    .key = "error_seconds",
    .kind = KEY_UINT,
    .required = FALSE,
    .fallback = "8",
    .offset = AT (error_seconds),
    .min = 1,
    .max = 600 },
  { .group = "kiosk",
    .key = "idle_seconds",
    .kind = KEY_UINT,
    .required = FALSE,
    .fallback = "60",
    .offset = AT (idle_seconds),
    .min = 5,
    .max = 3600 },
  { .group = "kiosk",
    .key = "fullscreen",
    .kind = KEY_BOOL,
    .required = FALSE,
    .fallback = "true",
    .offset = AT (fullscreen) },
};

static gboolean
invalid (GError **error, const KeySpec *spec, const char *what, const char *value)
{
  g_set_error (error, LK_CONFIG_ERROR, LK_CONFIG_ERROR_INVALID, "[%s] %s %s, not \"%s\"",
               spec->group, spec->key, what, value);
  return FALSE;
}

static gboolean
is_queue_name (const char *s)
{
  size_t n = strlen (s);
  if (n == 0 || n > 127)
    return FALSE;
  for (const char *p = s; *p; p++)
    if ((unsigned char) *p <= ' ' || *p == '/' || *p == '#' || *p == '\\' || *p == 0x7f)
      return FALSE;
  return TRUE;
}

static gboolean
is_token (const char *s)
{
  size_t n = strlen (s);
  if (n == 0 || n > 256)
    return FALSE;
  for (const char *p = s; *p; p++)
    if ((unsigned char) *p <= ' ' || (unsigned char) *p >= 0x7f)
      return FALSE;
  return TRUE;
}

static gboolean
parse_uint (const char *s, guint min, guint max, guint *ret)
{
  guint64 v;
  if (!g_ascii_string_to_unsigned (s, 10, min, max, &v, NULL))
    return FALSE;
  *ret = (guint) v;
  return TRUE;
}

static gboolean
apply_url (const KeySpec *spec, const char *value, char **ret_url, GError **error)
{
  if (!(g_str_has_prefix (value, "https://") || g_str_has_prefix (value, "http://")) ||
      strlen (value) > 512 || strpbrk (value, " \t?#") != NULL)
    return invalid (error, spec, "must be an http:// or https:// address", value);
  const char *host = strstr (value, "://") + 3;
  if (*host == '\0' || *host == '/')
    return invalid (error, spec, "must be an http:// or https:// address", value);
  char *url = g_strdup (value);
  size_t n = strlen (url);
  while (url[n - 1] == '/')
    url[--n] = '\0';
  *ret_url = url;
  return TRUE;
}

/* The keys whose value is kept as written, once checked. */
static gboolean
apply_text (const KeySpec *spec, const char *value, char **ret_text, GError **error)
{
  switch (spec->kind)
    {
      case KEY_TOKEN:
        if (!is_token (value))
          {
            g_set_error (error, LK_CONFIG_ERROR, LK_CONFIG_ERROR_INVALID,
                         "[%s] %s must be 1 to 256 printable characters without spaces",
                         spec->group, spec->key);
            return FALSE;
          }
        break;
      case KEY_CA_FILE:
        if (!g_file_test (value, G_FILE_TEST_IS_REGULAR))
          return invalid (error, spec, "must name an existing file", value);
        break;
      case KEY_QUEUE:
        if (!is_queue_name (value))
          return invalid (error, spec, "must be a CUPS queue name (no spaces, '/', '#')", value);
        break;
      case KEY_SOURCE:
        if (!(g_str_equal (value, "none") ||
              (g_str_has_prefix (value, "v4l2:") && value[5] != '\0') ||
              (g_str_has_prefix (value, "files:") && value[6] != '\0')))
          return invalid (error, spec, "must be v4l2:<device>, files:<png>,… or none", value);
        break;
      default:
        g_assert_not_reached ();
    }
  *ret_text = g_strdup (value);
  return TRUE;
}

/* Stores `value` (already stripped) into the config field described by spec. */
static gboolean
apply (LkConfig *config, const KeySpec *spec, const char *value, GError **error)
{
  void *field = (char *) config + spec->offset;

  switch (spec->kind)
    {
      case KEY_URL:
        return apply_url (spec, value, (char **) field, error);
      case KEY_TOKEN:
      case KEY_CA_FILE:
      case KEY_QUEUE:
      case KEY_SOURCE:
        return apply_text (spec, value, (char **) field, error);
      case KEY_PRINT_MODE:
        if (g_str_equal (value, "escpos"))
          *(LkConfigPrintMode *) field = LK_CONFIG_PRINT_ESCPOS;
        else if (g_str_equal (value, "pdf"))
          *(LkConfigPrintMode *) field = LK_CONFIG_PRINT_PDF;
        else
          return invalid (error, spec, "must be escpos or pdf", value);
        return TRUE;
      case KEY_PAPER:
        if (g_str_equal (value, "80"))
          *(int *) field = 80;
        else if (g_str_equal (value, "58"))
          *(int *) field = 58;
        else
          return invalid (error, spec, "must be 80 or 58", value);
        return TRUE;
      case KEY_UINT:
        if (!parse_uint (value, spec->min, spec->max, (guint *) field))
          {
            g_set_error (error, LK_CONFIG_ERROR, LK_CONFIG_ERROR_INVALID,
                         "[%s] %s must be a whole number from %u to %u, not \"%s\"", spec->group,
                         spec->key, spec->min, spec->max, value);
            return FALSE;
          }
        return TRUE;
      case KEY_BOOL:
        if (g_str_equal (value, "true"))
          *(gboolean *) field = TRUE;
        else if (g_str_equal (value, "false"))
          *(gboolean *) field = FALSE;
        else
          return invalid (error, spec, "must be true or false", value);
        return TRUE;
    }
  g_assert_not_reached ();
}

static const KeySpec *
find_spec (const char *group, const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (key_table); i++)
    if (g_str_equal (key_table[i].group, group) && g_str_equal (key_table[i].key, key))
      return &key_table[i];
  return NULL;
}

static gboolean
is_known_group (const char *group)
{
  for (gsize i = 0; i < G_N_ELEMENTS (key_table); i++)
    if (g_str_equal (key_table[i].group, group))
      return TRUE;
  return FALSE;
}

static gboolean
check_unknown_keys (GKeyFile *file, GError **error)
{
  g_auto (GStrv) groups = g_key_file_get_groups (file, NULL);
  for (char **g = groups; *g; g++)
    {
      if (!is_known_group (*g))
        continue;
      g_auto (GStrv) keys = g_key_file_get_keys (file, *g, NULL, NULL);
      for (char **k = keys; k && *k; k++)
        if (find_spec (*g, *k) == NULL)
          {
            g_set_error (error, LK_CONFIG_ERROR, LK_CONFIG_ERROR_UNKNOWN,
                         "[%s] %s is not a known key", *g, *k);
            return FALSE;
          }
    }
  return TRUE;
}

gboolean
lk_config_load_data (const char *data, gsize length, LkConfig **ret_config, GError **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (ret_config != NULL, FALSE);

  if (!g_key_file_load_from_data (file, data, length, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, LK_CONFIG_ERROR, LK_CONFIG_ERROR_READ, "not a valid key file: %s",
                   local_error->message);
      return FALSE;
    }
  if (!check_unknown_keys (file, error))
    return FALSE;

  g_autoptr (LkConfig) config = g_new0 (LkConfig, 1);
  for (gsize i = 0; i < G_N_ELEMENTS (key_table); i++)
    {
      const KeySpec *spec = &key_table[i];
      g_autofree char *raw = g_key_file_get_string (file, spec->group, spec->key, NULL);
      g_autofree char *value = raw ? g_strstrip (g_strdup (raw)) : NULL;

      if (value == NULL || value[0] == '\0')
        {
          if (spec->required)
            {
              g_set_error (error, LK_CONFIG_ERROR, LK_CONFIG_ERROR_MISSING, "[%s] %s is missing",
                           spec->group, spec->key);
              return FALSE;
            }
          if (spec->fallback == NULL)
            continue;
          g_free (value);
          value = g_strdup (spec->fallback);
        }
      if (!apply (config, spec, value, error))
        return FALSE;
    }

  *ret_config = g_steal_pointer (&config);
  return TRUE;
}

gboolean
lk_config_load_file (const char *path, LkConfig **ret_config, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr (GError) local_error = NULL;

  /* A config is a few hundred bytes: anything huge is not a kiosk config. */
  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, LK_CONFIG_ERROR, LK_CONFIG_ERROR_READ, "%s", local_error->message);
      return FALSE;
    }
  if (length > 64 * 1024)
    {
      g_set_error (error, LK_CONFIG_ERROR, LK_CONFIG_ERROR_READ, "%s is larger than 64 KiB", path);
      return FALSE;
    }
  return lk_config_load_data (data, length, ret_config, error);
}

void
lk_config_free (LkConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->server_url);
  g_free (config->server_token);
  g_free (config->server_ca_file);
  g_free (config->printer_name);
  g_free (config->camera_source);
  g_free (config);
}
