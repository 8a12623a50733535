#include "lk-application.h"

#include <glib-unix.h>
#include <signal.h>

#include "lk-config.h"
#include "lk-window.h"

struct _LkApplication
{
  GtkApplication parent_instance;

  /* owned */
  LkConfig *config;
};

G_DEFINE_FINAL_TYPE (LkApplication, lk_application, GTK_TYPE_APPLICATION)

static int
lk_application_handle_local_options (GApplication *application, GVariantDict *options)
{
  LkApplication *self = LK_APPLICATION (application);
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("layso-kiosk %s\n", LAYSO_VERSION);
      return 0;
    }
  if (!g_variant_dict_lookup (options, "config", "^ay", &path))
    {
      g_printerr ("layso-kiosk: --config FILE is required\n");
      return 2;
    }
  if (!lk_config_load_file (path, &self->config, &error))
    {
      g_printerr ("layso-kiosk: %s: %s\n", path, error->message);
      return 1;
    }
  return -1;
}

/* systemd stops the kiosk with SIGTERM: close the window and leave the main loop cleanly. */
static gboolean
on_sigterm (gpointer user_data)
{
  GtkApplication *application = user_data;
  GtkWindow *window;

  while ((window = gtk_application_get_active_window (application)) != NULL)
    gtk_window_destroy (window);
  g_application_quit (G_APPLICATION (application));
  return G_SOURCE_CONTINUE;
}

static void
lk_application_startup (GApplication *application)
{
  G_APPLICATION_CLASS (lk_application_parent_class)->startup (application);

  g_unix_signal_add (SIGTERM, on_sigterm, application);
  g_unix_signal_add (SIGINT, on_sigterm, application);

  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/vn/layso/Kiosk/kiosk.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  /* Dark text on light, whatever the desktop prefers: the kiosk stands in a bright hall. */
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", FALSE, NULL);
}

/* Without a window manager fullscreen requests are ignored, so the window is also sized to the
 * monitor; under cage or any compositor fullscreen does the rest. */
static void
size_to_monitor (LkWindow *window)
{
  GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
  g_autoptr (GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
  GdkRectangle geometry;

  if (monitor == NULL)
    return;
  gdk_monitor_get_geometry (monitor, &geometry);
  gtk_window_set_default_size (GTK_WINDOW (window), geometry.width, geometry.height);
  /* GTK sizes a window's height for its narrowest width, where long texts wrap onto more
   * lines: on a 1280×720 panel the result screen asked for 789 px. The window is never
   * narrower than the monitor, so the height it asks for is the one at the monitor's width. */
  gtk_widget_set_size_request (GTK_WIDGET (window), geometry.width, -1);
  lk_window_set_landscape (window, geometry.width > geometry.height);
  /* The sizes in kiosk.css suit 1080×1920 and 1920×1080 panels. */
  lk_window_set_compact (window, MIN (geometry.width, geometry.height) < 1000);
}

static void
lk_application_activate (GApplication *application)
{
  LkApplication *self = LK_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }
  window = GTK_WINDOW (lk_window_new (GTK_APPLICATION (application), self->config));
  if (self->config->fullscreen)
    {
      size_to_monitor (LK_WINDOW (window));
      gtk_window_fullscreen (window);
    }
  else
    gtk_window_set_default_size (window, 540, 960);
  gtk_window_present (window);
  lk_window_start (LK_WINDOW (window));
}

static void
lk_application_finalize (GObject *object)
{
  LkApplication *self = LK_APPLICATION (object);

  g_clear_pointer (&self->config, lk_config_free);
  G_OBJECT_CLASS (lk_application_parent_class)->finalize (object);
}

static void
lk_application_class_init (LkApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = lk_application_finalize;
  app_class->handle_local_options = lk_application_handle_local_options;
  app_class->startup = lk_application_startup;
  app_class->activate = lk_application_activate;
}

static void
lk_application_init (LkApplication *self)
{
  static const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, NULL, "Configuration file (GKeyFile)", "FILE" },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, "Print the version and exit", NULL },
    { NULL }
  };
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

LkApplication *
lk_application_new (void)
{
  /* NON_UNIQUE: a kiosk runs one instance per seat and needs no session bus to start. */
  return g_object_new (LK_TYPE_APPLICATION, "application-id", "vn.layso.Kiosk", "flags",
                       G_APPLICATION_NON_UNIQUE, NULL);
}
