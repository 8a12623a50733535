/* The flow: a booking code, CCCD or CCCD-card QR (scanned, typed or keyed in) or a walk-in tap
 * starts one attempt. An attempt checks the printer first (a fault is shown but never stops
 * the check-in: the citizen's number must not be lost; a check still unanswered after
 * PRINTER_CHECK_DEADLINE_MS is a fault too, and the attempt goes on without it), then asks
 * the server for the ticket with an Idempotency-Key that "Thử lại" reuses, shows it, prints
 * it and reports the print result. While an attempt runs every other scan and tap is
 * ignored. */
#include "lk-window.h"

#include <string.h>

#include "cccd-qr.h"
#include "codes.h"
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
#include "ticket-render.h"

typedef enum
{
  ATTEMPT_NONE,
  ATTEMPT_CHECKIN,
  ATTEMPT_WALK_IN
} AttemptKind;

/* How long a citizen waits on the printer check before the check-in goes on regardless. */
#define PRINTER_CHECK_DEADLINE_MS 3000

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
  LkScanner *scanner;
  LkPrinter *printer;
  LkTestHook *test_hook;
  GCancellable *cancellable;
  LkKioskInfo *info;   /* NULL until kiosk/me answered */
  LkTicket *ticket;    /* the one on the result screen */
  char *printer_fault; /* CUPS reason while the printer is faulted */
  guint idle_source;
  guint printer_poll_source;
  gboolean printer_check_running;

  /* the attempt in flight, kept after a network error so "Thử lại" repeats it exactly */
  AttemptKind attempt_kind;
  char *attempt_input;
  char *attempt_field;
  gboolean attempt_priority;
  gboolean attempt_from_card; /* the CCCD came from a card's QR, not typed */
  char *attempt_key;
  gboolean busy;
  /* the attempt's printer check: its deadline, and a serial that tells a late answer apart */
  guint attempt_check_source;
  guint attempt_check_serial;
};

G_DEFINE_FINAL_TYPE (LkWindow, lk_window, GTK_TYPE_APPLICATION_WINDOW)

static void start_attempt (LkWindow *self);

static const char *
visible_page (LkWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);
  return name ? name : "";
}

static void
record (LkWindow *self, const char *event, gboolean screenshot)
{
  lk_test_hook_record (self->test_hook, GTK_WINDOW (self), visible_page (self),
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
show_page (LkWindow *self, const char *name, const char *event)
{
  if (!g_str_equal (name, "result"))
    lk_result_page_stop (self->result_page);
  if (!g_str_equal (name, "message"))
    lk_message_page_stop (self->message_page);
  gtk_stack_set_visible_child_name (self->stack, name);
  reset_idle (self);
  record (self, event, TRUE);
}

static void
go_home (LkWindow *self, const char *event)
{
  lk_home_page_reset (self->home_page);
  lk_verify_page_set_text (self->verify_page, "");
  show_page (self, "home", event);
}

/* The citizen walked away from a screen that waits for input. */
static gboolean
on_idle_timeout (gpointer user_data)
{
  LkWindow *self = user_data;
  const char *page = visible_page (self);

  self->idle_source = 0;
  if (self->busy)
    reset_idle (self);
  else if (self->info == NULL)
    lk_window_start (self);
  else if (!g_str_equal (page, "home"))
    go_home (self, "idle");
  return G_SOURCE_REMOVE;
}

static void
clear_attempt (LkWindow *self)
{
  self->attempt_kind = ATTEMPT_NONE;
  self->attempt_from_card = FALSE;
  g_clear_pointer (&self->attempt_input, g_free);
  g_clear_pointer (&self->attempt_field, g_free);
  g_clear_pointer (&self->attempt_key, g_free);
}

static void
set_busy (LkWindow *self, gboolean busy)
{
  self->busy = busy;
  lk_verify_page_set_busy (self->verify_page, busy);
  lk_home_page_set_busy (self->home_page, busy);
}

/* ---- printer state ------------------------------------------------------------------------ */

static void
set_printer_fault (LkWindow *self, const char *reason)
{
  if (g_strcmp0 (reason, self->printer_fault) == 0)
    return;
  g_free (self->printer_fault);
  self->printer_fault = g_strdup (reason);

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
  record (self, reason ? "printer-fault" : "printer-ready",
          g_str_equal (visible_page (self), "home"));
}

/* An error from CUPS itself (cupsd unreachable) is a fault like any other for the citizen. */
static void
take_printer_answer (LkWindow *self, gboolean ready, char *reason, GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (ready)
    set_printer_fault (self, NULL);
  else
    set_printer_fault (self, reason ? reason : "cups-unavailable");
}

static void
on_poll_printer_checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (LkWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *reason = NULL;
  gboolean ready = lk_printer_check_finish (LK_PRINTER (source), result, &reason, &error);

  self->printer_check_running = FALSE;
  if (!g_cancellable_is_cancelled (self->cancellable))
    take_printer_answer (self, ready, reason, error);
}

static gboolean
on_printer_poll (gpointer user_data)
{
  LkWindow *self = user_data;

  if (!self->busy && !self->printer_check_running && g_str_equal (visible_page (self), "home"))
    {
      self->printer_check_running = TRUE;
      lk_printer_check_async (self->printer, self->cancellable, on_poll_printer_checked,
                              g_object_ref (self));
    }
  return G_SOURCE_CONTINUE;
}

/* ---- printing the ticket ------------------------------------------------------------------ */

typedef struct
{
  LkWindow *self; /* a reference */
  LkTicket *ticket;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_object_unref (job->self);
  lk_ticket_free (job->ticket);
  g_free (job);
}

static void
on_print_result_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  /* The ticket exists either way; a lost report only costs the statistics. */
  if (!lk_client_print_result_finish (LK_CLIENT (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_printerr ("layso-kiosk: print-result not recorded: %s\n", error->message);
}

static void
send_print_result (LkWindow *self, const LkTicket *ticket, gboolean ok, const char *reason)
{
  lk_client_print_result_async (self->client, ticket->id, ok, reason, self->cancellable,
                                on_print_result_sent, NULL);
}

static void
on_ticket_printed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  PrintJob *job = user_data;
  LkWindow *self = job->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *reason = NULL;
  gboolean ok = lk_printer_print_finish (LK_PRINTER (source), result, &reason, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      print_job_free (job);
      return;
    }
  if (!ok && reason == NULL)
    reason = g_strdup ("cups-unavailable");
  send_print_result (self, job->ticket, ok, reason);
  take_printer_answer (self, ok, reason, NULL);

  /* Only the screen still showing this ticket changes; a newer ticket has its own job. */
  if (self->ticket != NULL && g_str_equal (self->ticket->id, job->ticket->id))
    {
      lk_result_page_set_print_status (self->result_page,
                                       ok ? LK_PRINT_STATUS_PRINTED : LK_PRINT_STATUS_FAULT,
                                       ok ? NULL : lk_printer_reason_message (reason));
      if (g_str_equal (visible_page (self), "result"))
        record (self, ok ? "printed" : "print-failed", !ok);
    }
  print_job_free (job);
}

static void
print_ticket (LkWindow *self, const LkTicket *ticket)
{
  g_autofree char *issued = lk_wire_format_instant (ticket->issued_at);
  g_autofree char *escaped_id = g_uri_escape_string (ticket->id, NULL, FALSE);
  g_autofree char *qr_url = g_strdup_printf ("%s/phieu/%s", self->config->server_url, escaped_id);
  LaysoQueueTicket queue_ticket = {
    .unit_name = self->info->unit_name,
    .field_name = ticket->field_name ? ticket->field_name : "",
    .number = ticket->number,
    .issued_at = issued ? issued : "",
    .waiting_before = ticket->waiting_before,
    .qr_url = qr_url,
    .code = ticket->walk_in ? NULL : ticket->booking_code,
  };
  PrintJob *job = g_new0 (PrintJob, 1);

  job->self = g_object_ref (self);
  job->ticket = lk_ticket_copy (ticket);
  lk_printer_print_async (self->printer, &queue_ticket, self->cancellable, on_ticket_printed, job);
}

/* ---- the attempt -------------------------------------------------------------------------- */

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
show_verify_error (LkWindow *self, const char *title, const char *message)
{
  /* Shown first: the input takes the focus (and its selection) only on a visible page. */
  gtk_stack_set_visible_child_name (self->stack, "verify");
  lk_verify_page_show_error (self->verify_page, title, message);
  show_page (self, "verify", "error");
}

static void
on_attempt_answered (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (LkWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (LkTicket) ticket = self->attempt_kind == ATTEMPT_WALK_IN
                                    ? lk_client_walk_in_finish (LK_CLIENT (source), result, &error)
                                    : lk_client_checkin_finish (LK_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);

  if (ticket == NULL && g_error_matches (error, LK_CLIENT_ERROR, LK_CLIENT_ERROR_NETWORK))
    {
      /* Keep the attempt and its key: the server may have issued the ticket already. */
      lk_message_page_show_offline (self->message_page,
                                    "Vui lòng bấm \"Thử lại\" hoặc báo cán bộ hỗ trợ.", TRUE);
      show_page (self, "message", "offline");
      return;
    }
  AttemptKind kind = self->attempt_kind;
  gboolean from_card = self->attempt_from_card;
  clear_attempt (self);
  if (ticket == NULL && kind == ATTEMPT_CHECKIN)
    {
      /* A CCCD read from a card has nothing to correct, and a whole CCCD must not stay on a
       * public screen (DESIGN §3): only what the citizen typed is kept. */
      if (from_card)
        lk_verify_page_set_text (self->verify_page, "");
      show_verify_error (self, error_title (error), error->message);
      return;
    }
  if (ticket == NULL)
    {
      /* A walk-in has no input to correct: the reason, then home. */
      lk_message_page_show_error (self->message_page, error_title (error), error->message,
                                  self->config->error_seconds);
      show_page (self, "message", "error");
      return;
    }

  g_clear_pointer (&self->ticket, lk_ticket_free);
  self->ticket = g_steal_pointer (&ticket);
  lk_result_page_show_ticket (self->result_page, self->ticket, self->config->countdown_seconds);
  if (self->printer_fault != NULL)
    {
      lk_result_page_set_print_status (self->result_page, LK_PRINT_STATUS_FAULT,
                                       lk_printer_reason_message (self->printer_fault));
      send_print_result (self, self->ticket, FALSE, self->printer_fault);
    }
  else
    {
      lk_result_page_set_print_status (self->result_page, LK_PRINT_STATUS_PRINTING, NULL);
      print_ticket (self, self->ticket);
    }
  show_page (self, "result", "ticket");
}

static void
send_attempt (LkWindow *self)
{
  if (self->attempt_kind == ATTEMPT_WALK_IN)
    lk_client_walk_in_async (self->client, self->attempt_field, self->attempt_priority,
                             self->attempt_key, self->cancellable, on_attempt_answered,
                             g_object_ref (self));
  else
    lk_client_checkin_async (self->client, self->attempt_input, self->attempt_key,
                             self->cancellable, on_attempt_answered, g_object_ref (self));
}

typedef struct
{
  LkWindow *self; /* a reference */
  guint serial;
} AttemptCheck;

static void
on_attempt_printer_checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AttemptCheck *check = user_data;
  g_autoptr (LkWindow) self = check->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *reason = NULL;
  gboolean ready = lk_printer_check_finish (LK_PRINTER (source), result, &reason, &error);
  gboolean awaited = check->serial == self->attempt_check_serial && self->attempt_check_source != 0;

  g_free (check);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  /* A late answer still tells the banner how the printer is; the attempt has gone on. */
  take_printer_answer (self, ready, reason, error);
  if (!awaited)
    return;
  g_clear_handle_id (&self->attempt_check_source, g_source_remove);
  send_attempt (self);
}

/* CUPS did not answer in time (a hung cupsd, a wedged USB printer): a fault for the banner
 * and the result screen, and the check-in goes on. */
static gboolean
on_attempt_check_deadline (gpointer user_data)
{
  LkWindow *self = user_data;

  self->attempt_check_source = 0;
  set_printer_fault (self, "timed-out");
  send_attempt (self);
  return G_SOURCE_REMOVE;
}

static void
start_attempt (LkWindow *self)
{
  AttemptCheck *check = g_new0 (AttemptCheck, 1);

  set_busy (self, TRUE);
  if (self->attempt_kind == ATTEMPT_CHECKIN)
    {
      lk_verify_page_set_text (self->verify_page, self->attempt_input);
      show_page (self, "verify", "busy");
    }
  else
    record (self, "walk-in-busy", FALSE);
  check->self = g_object_ref (self);
  check->serial = ++self->attempt_check_serial;
  g_clear_handle_id (&self->attempt_check_source, g_source_remove);
  self->attempt_check_source =
      g_timeout_add (PRINTER_CHECK_DEADLINE_MS, on_attempt_check_deadline, self);
  lk_printer_check_async (self->printer, self->cancellable, on_attempt_printer_checked, check);
}

/* A booking code (4 characters of the code alphabet, any case), a 12-digit CCCD, or the QR
 * of a CCCD card, whose CCCD is what the server needs. NULL when it is none of these. */
static char *
normalize_input (const char *raw)
{
  if (strchr (raw, '|') != NULL)
    {
      g_autoptr (LaysoCccdCard) card = NULL;
      if (layso_cccd_qr_parse (raw, strlen (raw), &card) < 0)
        return NULL;
      return g_strdup (card->cccd);
    }

  g_autofree char *text = g_ascii_strup (raw, -1);
  g_strstrip (text);
  size_t n = strlen (text);
  if (n == LAYSO_CODE_LEN && strspn (text, LAYSO_CODE_ALPHABET) == n)
    return g_steal_pointer (&text);
  if (n == 12 && strspn (text, "0123456789") == n)
    return g_steal_pointer (&text);
  return NULL;
}

static void
submit_input (LkWindow *self, const char *raw, const char *how)
{
  if (self->busy || self->info == NULL)
    {
      record (self, "input-ignored", FALSE);
      return;
    }
  record (self, how, FALSE);

  g_autofree char *input = normalize_input (raw);
  if (input == NULL)
    {
      /* Typed: the input holds it, to correct. Scanned (some other QR): the input keeps
       * whatever the citizen had typed, not the stranger's payload. */
      show_verify_error (self, "Không xác thực được",
                         "Vui lòng nhập mã đặt chỗ (4 ký tự) hoặc số CCCD (12 chữ số)");
      return;
    }
  clear_attempt (self);
  self->attempt_kind = ATTEMPT_CHECKIN;
  self->attempt_from_card = strchr (raw, '|') != NULL;
  self->attempt_input = g_steal_pointer (&input);
  self->attempt_key = lk_client_new_idempotency_key ();
  start_attempt (self);
}

/* ---- signal handlers ---------------------------------------------------------------------- */

static void
on_scanned (LkScanner *scanner, const char *text, LkWindow *self)
{
  const char *page = visible_page (self);

  /* The result screen belongs to the citizen who just got a number; their phone may still be
   * in front of the camera. */
  if (g_str_equal (page, "home") || g_str_equal (page, "verify") || g_str_equal (page, "message"))
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
  if (self->busy)
    return;
  show_page (self, "verify", "open");
  lk_verify_page_focus_entry (self->verify_page);
}

static void
on_home_walk_in (LkWindow *self, const char *field_id, gboolean priority)
{
  if (self->busy || self->info == NULL)
    return;
  clear_attempt (self);
  self->attempt_kind = ATTEMPT_WALK_IN;
  self->attempt_field = g_strdup (field_id);
  self->attempt_priority = priority;
  self->attempt_key = lk_client_new_idempotency_key ();
  start_attempt (self);
}

static void
on_verify_submit (LkWindow *self, const char *text)
{
  submit_input (self, text, "submitted");
}

static void
on_go_home (LkWindow *self)
{
  if (!self->busy)
    go_home (self, "home");
}

static void
on_message_retry (LkWindow *self)
{
  if (self->busy)
    return;
  if (self->info == NULL)
    lk_window_start (self);
  else if (self->attempt_kind != ATTEMPT_NONE)
    start_attempt (self); /* same key: a ticket issued before the error comes back as is */
  else
    go_home (self, "home");
}

/* A hardware keyboard or a USB barcode scanner typing on the home screen goes to the input. */
static gboolean
on_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, LkWindow *self)
{
  const char *page = visible_page (self);
  gunichar c = gdk_keyval_to_unicode (keyval);
  char utf8[8];

  reset_idle (self);
  if (self->busy || self->info == NULL ||
      !(g_str_equal (page, "home") || g_str_equal (page, "message")))
    return GDK_EVENT_PROPAGATE;
  if (c == 0 || !g_unichar_isgraph (c) || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)))
    return GDK_EVENT_PROPAGATE;

  utf8[g_unichar_to_utf8 (c, utf8)] = '\0';
  lk_verify_page_set_text (self->verify_page, utf8);
  show_page (self, "verify", "typed");
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
      show_page (self, "message", "offline");
      return;
    }

  g_clear_pointer (&self->info, lk_kiosk_info_free);
  self->info = g_steal_pointer (&info);
  gtk_label_set_label (self->unit_label, self->info->unit_name);
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

  show_page (self, "starting", "starting");
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
  g_clear_handle_id (&self->attempt_check_source, g_source_remove);
  if (self->scanner != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->scanner, self);
      lk_scanner_stop (self->scanner);
    }
  g_clear_object (&self->scanner);
  g_clear_object (&self->printer);
  g_clear_object (&self->client);
  g_clear_object (&self->test_hook);
  g_clear_pointer (&self->info, lk_kiosk_info_free);
  g_clear_pointer (&self->ticket, lk_ticket_free);
  g_clear_pointer (&self->printer_fault, g_free);
  clear_attempt (self);
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

LkWindow *
lk_window_new (GtkApplication *application, const LkConfig *config)
{
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (config != NULL, NULL);

  LkWindow *self = g_object_new (LK_TYPE_WINDOW, "application", application, NULL);
  self->config = config;
  self->client = lk_client_new (config->server_url, config->server_token, config->server_ca_file);
  self->printer =
      lk_printer_new (config->printer_name, printer_mode (config->printer_mode), config->paper_mm);
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
