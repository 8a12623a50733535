/* The kiosk's configuration: a GKeyFile read once at start-up and checked against a table of
 * keys (lk-config.c). Anything missing or out of range is one clear error, never a guess. */
#pragma once

#include "lk-types.h"

G_BEGIN_DECLS

#define LK_CONFIG_ERROR (lk_config_error_quark ())
GQuark lk_config_error_quark (void);

typedef enum
{
  LK_CONFIG_ERROR_READ,    /* file missing, unreadable or not a key file */
  LK_CONFIG_ERROR_MISSING, /* a required key is absent or empty */
  LK_CONFIG_ERROR_INVALID, /* a value out of range or of the wrong form */
  LK_CONFIG_ERROR_UNKNOWN, /* a key the kiosk does not know (usually a typo) */
} LkConfigError;

typedef enum
{
  LK_CONFIG_PRINT_ESCPOS,
  LK_CONFIG_PRINT_PDF,
} LkConfigPrintMode;

struct _LkConfig
{
  /* [server] */
  char *server_url; /* http:// or https://, no trailing slash */
  char *server_token;
  char *server_ca_file; /* NULL: the system's CA store */
  /* [printer] */
  char *printer_name; /* CUPS queue */
  LkConfigPrintMode printer_mode;
  int paper_mm;                /* 80 or 58 */
  guint printer_check_seconds; /* how often the home screen asks CUPS for faults */
  /* [camera] */
  char *camera_source; /* "v4l2:/dev/video0", "files:a.png,b.png" or "none" */
  guint file_interval_ms;
  /* [kiosk] */
  guint countdown_seconds;
  guint error_seconds;
  guint idle_seconds;
  gboolean fullscreen;
};

/* Both return TRUE and *ret_config, or FALSE with an LK_CONFIG_ERROR whose message is one
 * line naming the group and key, e.g. "[printer] paper_mm must be 80 or 58, not \"70\"". */
gboolean lk_config_load_data (const char *data, gsize length, LkConfig **ret_config,
                              GError **error);
gboolean lk_config_load_file (const char *path, LkConfig **ret_config, GError **error);
void lk_config_free (LkConfig *config); /* NULL is fine */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LkConfig, lk_config_free)

G_END_DECLS
