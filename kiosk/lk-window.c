/* The screens, driven by LkCheckin (lk-checkin.c holds the check-in's rules): a booking code,
 * CCCD or CCCD-card QR (scanned, typed or keyed in) or a walk-in tap goes to the check-in,
 * and its signals pick the screen. While an attempt runs every other scan and tap is ignored,
 * and there is no way back home: a ticket the server issues must reach the screen. */
#include "lk-window.h"

#include "lk-checkin.h"
#include "lk-client.h"
#include "lk-config.h"
#include "lk-home-page.h"
#include "lk-message-page.h"
#include "lk-printer.h"
#include "lk-result-page.h"
#include "lk-scanner.h"
#include "lk-test-hook.h"
#include "lk-verify-page.h"
#include "lk-wire.h"

typedef enum
{
  PAGE_STARTING,
  PAGE_HOME,
  PAGE_VERIFY,
  PAGE_RESULT,
  PAGE_MESSAGE,
  N_PAGES
} Page;

/* The stack's page names (lk-window.ui), also the page names of the test log. */
static const char *const page_names[N_PAGES] = {
  [PAGE_STARTING] = "starting", [PAGE_HOME] = "home",       [PAGE_VERIFY] = "verify",
  [PAGE_RESULT] = "result",     [PAGE_MESSAGE] = "message",
};

struct _LkWindow
{
  GtkApplicationWindow parent_instance;

  /* template widgets */
  GtkStack *stack;
  GtkLabel *unit_label;
  LkHomePage *home_page;
  LkVerifyPage *verify_page;
  LkResultPage *result_page;
  LkMessagePage *message_page;

  /* borrowed */
  const LkConfig *config;

  /* owned */
  LkClient *client;
  LkCheckin *checkin;
  LkScanner *scanner;
  LkTestHook *test_hook;
  GCancellable *cancellable;
  LkKioskInfo *info; /* NULL until kiosk/me answered */
  char *ticket_id;   /* the one on the result screen */
  Page page;
  guint idle_source;
  guint printer_poll_source;
};

G_DEFINE_FINAL_TYPE (LkWindow, lk_window, GTK_TYPE_APPLICATION_WINDOW)

static gboolean
is_busy (LkWindow *self)
{
  return lk_checkin_get_busy (self->checkin);
}

static void
record (LkWindow *self, const char *event, gboolean screenshot)
{
  lk_test_hook_record (self->test_hook, GTK_WINDOW (self), page_names[self->page],
                       gtk_stack_get_visible_child (self->stack), event, screenshot);
}

static gboolean on_idle_timeout (gpointer user_data);

static void
reset_idle (LkWindow *self)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
  self->idle_source = g_timeout_add_seconds (self->config->idle_seconds, on_idle_timeout, self);
}

static void
set_visible_page (LkWindow *self, Page page)
{
  self->page = page;
  gtk_stack_set_visible_child_name (self->stack, page_names[page]);
}

static void
show_page (LkWindow *self, Page page, const char *event)
{
  if (page != PAGE_RESULT)
    lk_result_page_stop (self->result_page);
  if (page != PAGE_MESSAGE)
    lk_message_page_stop (self->message_page);
  set_visible_page (self, page);
  reset_idle (self);
  record (self, event, TRUE);
}

static void
go_home (LkWindow *self, const char *event)
{
  lk_home_page_reset (self->home_page);
  lk_verify_page_set_text (self->verify_page, "");
  show_page (self, PAGE_HOME, event);
}

/* The citizen walked away from a screen that waits for input. */
static gboolean
on_idle_timeout (gpointer user_data)
{
  LkWindow *self = user_data;

  self->idle_source = 0;
  if (is_busy (self))
    reset_idle (self);
  else if (self->info == NULL)
    lk_window_start (self);
  else if (self->page != PAGE_HOME)
    go_home (self, "idle");
  return G_SOURCE_REMOVE;
}

/* ---- the check-in's signals ------------------------------------------------------------------ */

static void
on_checkin_busy (LkCheckin *checkin, GParamSpec *pspec, LkWindow *self)
{
  gboolean busy = lk_checkin_get_busy (checkin);

  lk_verify_page_set_busy (self->verify_page, busy);
  lk_home_page_set_busy (self->home_page, busy);
}

static void
on_printer_fault (LkCheckin *checkin, GParamSpec *pspec, LkWindow *self)
{
  const char *reason = lk_checkin_get_printer_fault (checkin);

  if (reason != NULL)
    {
      g_autofree char *banner =
          g_strdup_printf ("Máy in đang gặp sự cố: %s. Vẫn lấy số được — vui lòng ghi nhớ số "
                           "phiếu trên màn hình.",
                           lk_printer_reason_message (reason));
      lk_home_page_set_printer_fault (self->home_page, banner);
    }
  else
    lk_home_page_set_printer_fault (self->home_page, NULL);
  record (self, reason ? "printer-fault" : "printer-ready", self->page == PAGE_HOME);
}

static void
on_checkin_started (LkCheckin *checkin, LkCheckinKind kind, const char *input, LkWindow *self)
{
  if (kind == LK_CHECKIN_KIND_WALK_IN)
    {
      record (self, "walk-in-busy", FALSE);
      return;
    }
  lk_verify_page_set_text (self->verify_page, input);
  show_page (self, PAGE_VERIFY, "busy");
}

static void
on_checkin_ticket (LkCheckin *checkin, const LkTicket *ticket, const char *printer_fault,
                   LkWindow *self)
{
  g_free (self->ticket_id);
  self->ticket_id = g_strdup (ticket->id);
  lk_result_page_show_ticket (self->result_page, ticket, self->config->countdown_seconds);
  if (printer_fault != NULL)
    lk_result_page_set_print_status (self->result_page, LK_PRINT_STATUS_FAULT,
                                     lk_printer_reason_message (printer_fault));
  else
    lk_result_page_set_print_status (self->result_page, LK_PRINT_STATUS_PRINTING, NULL);
  show_page (self, PAGE_RESULT, "ticket");
}

static void
on_checkin_printed (LkCheckin *checkin, const char *ticket_id, gboolean ok, const char *reason,
                    LkWindow *self)
{
  /* Only the screen still showing this ticket changes; a newer ticket has its own print. */
  if (g_strcmp0 (self->ticket_id, ticket_id) != 0)
    return;
  lk_result_page_set_print_status (self->result_page,
                                   ok ? LK_PRINT_STATUS_PRINTED : LK_PRINT_STATUS_FAULT,
                                   ok ? NULL : lk_printer_reason_message (reason));
  if (self->page == PAGE_RESULT)
    record (self, ok ? "printed" : "print-failed", !ok);
}

static const char *
error_title (const GError *error)
{
  switch (error->code)
    {
      case LK_CLIENT_ERROR_TOO_EARLY:
        return "Chưa đến giờ xác thực";
      case LK_CLIENT_ERROR_TOO_LATE:
        return "Đã quá giờ hẹn";
      case LK_CLIENT_ERROR_CODE_INVALID_OR_USED:
      case LK_CLIENT_ERROR_INVALID_INPUT:
        return "Không xác thực được";
      case LK_CLIENT_ERROR_CLOSED:
        return "Ngoài giờ làm việc";
      case LK_CLIENT_ERROR_UNAVAILABLE:
        return "Hệ thống đang bận";
      default:
        return "Không lấy được số";
    }
}

/* A refused check-in goes back to the verify screen, its input kept and selected, the reason
 * above it: the citizen corrects one character rather than starting over from home. */
static void
show_verify_error (LkWindow *self, const GError *error)
{
  /* Shown first: the input takes the focus (and its selection) only on a visible page. */
  set_visible_page (self, PAGE_VERIFY);
  lk_verify_page_show_error (self->verify_page, error_title (error), error->message);
  show_page (self, PAGE_VERIFY, "error");
}

static void
on_checkin_failed (LkCheckin *checkin, LkCheckinKind kind, const GError *error, LkWindow *self)
{
  if (g_error_matches (error, LK_CLIENT_ERROR, LK_CLIENT_ERROR_NETWORK))
    {
      /* The check-in keeps the attempt and its key for "Thử lại". */
      lk_message_page_show_offline (self->message_page,
                                    "Vui lòng bấm \"Thử lại\" hoặc báo cán bộ hỗ trợ.", TRUE);
      show_page (self, PAGE_MESSAGE, "offline");
      return;
    }
  switch (kind)
    {
      case LK_CHECKIN_KIND_CARD:
        /* A CCCD read from a card has nothing to correct, and a whole CCCD must not stay on a
         * public screen (docs/architecture.md): only what the citizen typed is kept. */
        lk_verify_page_set_text (self->verify_page, "");
        show_verify_error (self, error);
        break;
      case LK_CHECKIN_KIND_CODE:
        show_verify_error (self, error);
        break;
      case LK_CHECKIN_KIND_WALK_IN:
        /* A walk-in has no input to correct: the reason, then home. */
        lk_message_page_show_error (self->message_page, error_title (error), error->message,
                                    self->config->error_seconds);
        show_page (self, PAGE_MESSAGE, "error");
        break;
    }
}

static gboolean
on_printer_poll (gpointer user_data)
{
  LkWindow *self = user_data;

  if (self->page == PAGE_HOME)
    lk_checkin_check_printer (self->checkin); /* nothing while an attempt runs */
  return G_SOURCE_CONTINUE;
}

static void
submit_input (LkWindow *self, const char *raw, const char *how)
{
  g_autoptr (GError) error = NULL;

  if (is_busy (self) || self->info == NULL)
    {
      record (self, "input-ignored", FALSE);
      return;
    }
  record (self, how, FALSE);
  /* Typed: the input holds it, to correct. Scanned (some other QR): the input keeps whatever
   * the citizen had typed, not the stranger's payload. */
  if (!lk_checkin_submit (self->checkin, raw, &error))
    show_verify_error (self, error);
}

/* ---- signal handlers ---------------------------------------------------------------------- */

static void
on_scanned (LkScanner *scanner, const char *text, LkWindow *self)
{
  /* The result screen belongs to the citizen who just got a number; their phone may still be
   * in front of the camera. */
  if (self->page == PAGE_HOME || self->page == PAGE_VERIFY || self->page == PAGE_MESSAGE)
    submit_input (self, text, "scanned");
  else
    record (self, "scan-ignored", FALSE);
}

/* Every frame goes to the verify page, shown or not: it is cheap at ≤ 8 a second, and the page
 * opens on a live picture rather than a stale one. */
static void
on_scanner_frame (LkScanner *scanner, GBytes *pixels, guint width, guint height, guint stride,
                  LkWindow *self)
{
  lk_verify_page_set_frame (self->verify_page, pixels, width, height, stride);
}

static void
on_scanner_available (LkScanner *scanner, GParamSpec *pspec, LkWindow *self)
{
  lk_verify_page_set_camera (self->verify_page, lk_scanner_get_available (scanner));
}

static void
on_home_verify (LkWindow *self)
{
  if (is_busy (self))
    return;
  show_page (self, PAGE_VERIFY, "open");
  lk_verify_page_focus_entry (self->verify_page);
}

static void
on_home_walk_in (LkWindow *self, const char *field_id, gboolean priority)
{
  if (is_busy (self) || self->info == NULL)
    return;
  lk_checkin_walk_in (self->checkin, field_id, priority, NULL);
}

static void
on_verify_submit (LkWindow *self, const char *text)
{
  submit_input (self, text, "submitted");
}

static void
on_go_home (LkWindow *self)
{
  if (!is_busy (self))
    go_home (self, "home");
}

static void
on_message_retry (LkWindow *self)
{
  if (is_busy (self))
    return;
  if (self->info == NULL)
    lk_window_start (self);
  else if (!lk_checkin_retry (self->checkin)) /* same key: an issued ticket comes back as is */
    go_home (self, "home");
}

/* A hardware keyboard or a USB barcode scanner typing on the home screen goes to the input. */
static gboolean
on_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, LkWindow *self)
{
  gunichar c = gdk_keyval_to_unicode (keyval);
  char utf8[8];

  reset_idle (self);
  if (is_busy (self) || self->info == NULL ||
      !(self->page == PAGE_HOME || self->page == PAGE_MESSAGE))
    return GDK_EVENT_PROPAGATE;
  if (c == 0 || !g_unichar_isgraph (c) || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)))
    return GDK_EVENT_PROPAGATE;

  utf8[g_unichar_to_utf8 (c, utf8)] = '\0';
  lk_verify_page_set_text (self->verify_page, utf8);
  show_page (self, PAGE_VERIFY, "typed");
  lk_verify_page_focus_entry (self->verify_page);
  return GDK_EVENT_STOP;
}

static gboolean
on_any_event (GtkEventControllerLegacy *controller, GdkEvent *event, LkWindow *self)
{
  GdkEventType type = gdk_event_get_event_type (event);

  if (type == GDK_BUTTON_PRESS || type == GDK_TOUCH_BEGIN || type == GDK_KEY_PRESS)
    reset_idle (self);
  return GDK_EVENT_PROPAGATE;
}

/* ---- start-up ----------------------------------------------------------------------------- */

static void
on_me_answered (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (LkWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (LkKioskInfo) info = lk_client_get_me_finish (LK_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (info == NULL)
    {
      /* Retried by the idle timer, and at once by "Thử lại". */
      lk_message_page_show_offline (
          self->message_page,
          g_error_matches (error, LK_CLIENT_ERROR, LK_CLIENT_ERROR_NETWORK)
              ? "Ki-ốt sẽ tự thử lại. Vui lòng báo cán bộ hỗ trợ."
              : error->message,
          FALSE);
      show_page (self, PAGE_MESSAGE, "offline");
      return;
    }

  g_clear_pointer (&self->info, lk_kiosk_info_free);
  self->info = g_steal_pointer (&info);
  gtk_label_set_label (self->unit_label, self->info->unit_name);
  lk_checkin_set_unit_name (self->checkin, self->info->unit_name);
  lk_home_page_set_fields (self->home_page, self->info->fields);
  go_home (self, "ready");

  if (self->printer_poll_source == 0)
    {
      self->printer_poll_source =
          g_timeout_add_seconds (self->config->printer_check_seconds, on_printer_poll, self);
      on_printer_poll (self);
    }
  if (self->scanner != NULL)
    lk_scanner_start (self->scanner);
}

void
lk_window_start (LkWindow *self)
{
  g_return_if_fail (LK_IS_WINDOW (self));

  show_page (self, PAGE_STARTING, "starting");
  lk_client_get_me_async (self->client, self->cancellable, on_me_answered, g_object_ref (self));
}

void
lk_window_set_landscape (LkWindow *self, gboolean landscape)
{
  g_return_if_fail (LK_IS_WINDOW (self));

  lk_home_page_set_landscape (self->home_page, landscape);
  lk_verify_page_set_landscape (self->verify_page, landscape);
  lk_result_page_set_landscape (self->result_page, landscape);
  if (landscape)
    gtk_widget_add_css_class (GTK_WIDGET (self), "landscape");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "landscape");
}

void
lk_window_set_compact (LkWindow *self, gboolean compact)
{
  g_return_if_fail (LK_IS_WINDOW (self));

  if (compact)
    gtk_widget_add_css_class (GTK_WIDGET (self), "compact");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "compact");
}

/* ---- GObject ------------------------------------------------------------------------------ */

static void
lk_window_dispose (GObject *object)
{
  LkWindow *self = LK_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->printer_poll_source, g_source_remove);
  if (self->checkin != NULL)
    {
      /* Its calls hold it alive until they come back: dispose cancels them now. */
      g_signal_handlers_disconnect_by_data (self->checkin, self);
      g_object_run_dispose (G_OBJECT (self->checkin));
      g_clear_object (&self->checkin);
    }
  if (self->scanner != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->scanner, self);
      lk_scanner_stop (self->scanner);
    }
  g_clear_object (&self->scanner);
  g_clear_object (&self->client);
  g_clear_object (&self->test_hook);
  g_clear_pointer (&self->info, lk_kiosk_info_free);
  g_clear_pointer (&self->ticket_id, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), LK_TYPE_WINDOW);
  G_OBJECT_CLASS (lk_window_parent_class)->dispose (object);
}

static void
lk_window_finalize (GObject *object)
{
  LkWindow *self = LK_WINDOW (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (lk_window_parent_class)->finalize (object);
}

static void
lk_window_class_init (LkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lk_window_dispose;
  object_class->finalize = lk_window_finalize;

  g_type_ensure (LK_TYPE_HOME_PAGE);
  g_type_ensure (LK_TYPE_VERIFY_PAGE);
  g_type_ensure (LK_TYPE_RESULT_PAGE);
  g_type_ensure (LK_TYPE_MESSAGE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/layso/Kiosk/lk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LkWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LkWindow, unit_label);
  gtk_widget_class_bind_template_child (widget_class, LkWindow, home_page);
  gtk_widget_class_bind_template_child (widget_class, LkWindow, verify_page);
  gtk_widget_class_bind_template_child (widget_class, LkWindow, result_page);
  gtk_widget_class_bind_template_child (widget_class, LkWindow, message_page);
  gtk_widget_class_bind_template_callback (widget_class, on_home_verify);
  gtk_widget_class_bind_template_callback (widget_class, on_home_walk_in);
  gtk_widget_class_bind_template_callback (widget_class, on_verify_submit);
  gtk_widget_class_bind_template_callback (widget_class, on_go_home);
  gtk_widget_class_bind_template_callback (widget_class, on_message_retry);
}

static void
lk_window_init (LkWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  GtkEventController *keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  GtkEventController *any = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (any, GTK_PHASE_CAPTURE);
  g_signal_connect (any, "event", G_CALLBACK (on_any_event), self);
  gtk_widget_add_controller (GTK_WIDGET (self), any);
}

static LkPrinterMode
printer_mode (LkConfigPrintMode mode)
{
  return mode == LK_CONFIG_PRINT_PDF ? LK_PRINTER_MODE_PDF : LK_PRINTER_MODE_ESCPOS;
}

static LkCheckin *
new_checkin (const LkConfig *config, LkClient *client)
{
  g_autoptr (LkPrinter) printer =
      lk_printer_new (config->printer_name, printer_mode (config->printer_mode), config->paper_mm);

  return lk_checkin_new (LK_TICKET_ISSUER (client), LK_TICKET_PRINTER (printer),
                         config->server_url);
}

static void
connect_checkin (LkWindow *self)
{
  g_signal_connect (self->checkin, "notify::busy", G_CALLBACK (on_checkin_busy), self);
  g_signal_connect (self->checkin, "notify::printer-fault", G_CALLBACK (on_printer_fault), self);
  g_signal_connect (self->checkin, "started", G_CALLBACK (on_checkin_started), self);
  g_signal_connect (self->checkin, "ticket", G_CALLBACK (on_checkin_ticket), self);
  g_signal_connect (self->checkin, "failed", G_CALLBACK (on_checkin_failed), self);
  g_signal_connect (self->checkin, "printed", G_CALLBACK (on_checkin_printed), self);
}

LkWindow *
lk_window_new (GtkApplication *application, const LkConfig *config)
{
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (config != NULL, NULL);

  LkWindow *self = g_object_new (LK_TYPE_WINDOW, "application", application, NULL);
  self->config = config;
  self->client = lk_client_new (config->server_url, config->server_token, config->server_ca_file);
  self->checkin = new_checkin (config, self->client);
  connect_checkin (self);
  self->test_hook = lk_test_hook_new_from_environment ();
  self->scanner = lk_scanner_new (config->camera_source, config->file_interval_ms, &error);
  if (self->scanner != NULL)
    {
      g_signal_connect (self->scanner, "scanned", G_CALLBACK (on_scanned), self);
      g_signal_connect (self->scanner, "frame", G_CALLBACK (on_scanner_frame), self);
      g_signal_connect (self->scanner, "notify::available", G_CALLBACK (on_scanner_available),
                        self);
    }
  else
    g_printerr ("layso-kiosk: camera %s: %s\n", config->camera_source, error->message);
  lk_verify_page_set_camera (self->verify_page,
                             self->scanner != NULL && !g_str_equal (config->camera_source, "none"));
  return self;
}
