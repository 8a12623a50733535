/* The rules of an attempt (a code, a CCCD, a CCCD card's QR, or a walk-in tap):
 * - The printer check and the server call start together.
 * - The ticket is reported ("ticket") once the server has issued it and the printer check has
 *   answered or its deadline has passed (a hung cupsd, a wedged USB printer: "timed-out").
 *   A ready printer prints it; a faulted one does not, and the fault is reported to the server.
 *   A printer never stops a check-in: the citizen's number must not be lost.
 * - A server error ends the attempt at once ("failed"), whatever the printer check is doing.
 *   A network error keeps the attempt and its Idempotency-Key for lk_checkin_retry(): the
 *   server may have issued the ticket already.
 * - An attempt that ends, by any path (ticket, error, lk_checkin_cancel, dispose), cancels its
 *   own GCancellable, so whatever it started and is still out comes back cancelled and is
 *   dropped: nothing is reported twice, nothing reaches the next attempt. The poll
 *   (lk_checkin_check_printer) keeps printer-fault right in between.
 * - While an attempt runs, another is refused (G_IO_ERROR_PENDING).
 * - Prints outlive their attempt: each reports "printed" for its own ticket, and its result to
 *   the server. Only dispose cancels them. */
#include "lk-checkin.h"

#include <string.h>

#include "lk-client.h"
#include "lk-wire.h"
#include "wire.h"

/* Longer than any CCCD card QR; anything longer is not one. */
#define MAX_INPUT_BYTES 1024

struct _LkCheckin
{
  GObject parent_instance;

  /* owned */
  LkTicketIssuer *issuer;
  LkTicketPrinter *printer;
  char *server_url;
  char *unit_name;
  guint printer_deadline_ms;
  GCancellable *cancellable; /* prints, reports and polls: cancelled at dispose */
  char *printer_fault;
  gboolean poll_running;

  /* the attempt, kept after a network error so that a retry repeats it exactly */
  gboolean has_attempt;
  LkCheckinKind kind;
  char *input; /* the code or CCCD; the field id of a walk-in */
  gboolean priority;
  char *key;

  /* the attempt's run: `run` is non-NULL exactly while busy */
  GCancellable *run;
  guint deadline_source;
  gboolean printer_known;
  LkTicket *ticket; /* issued, waiting for the printer's answer */
};

G_DEFINE_FINAL_TYPE (LkCheckin, lk_checkin, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BUSY,
  PROP_PRINTER_FAULT,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_STARTED,
  SIGNAL_TICKET,
  SIGNAL_FAILED,
  SIGNAL_PRINTED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* What the citizen typed or scanned, by common's rules (layso_checkin_input_parse): a code
 * or a typed CCCD goes to the server as typed input, a CCCD card's QR as the card's CCCD.
 * NULL when it is none of these. */
static char *
parse_input (const char *raw, LkCheckinKind *ret_kind)
{
  LaysoCheckinInput input;

  if (strlen (raw) > MAX_INPUT_BYTES || layso_checkin_input_parse (raw, &input) < 0)
    return NULL;
  *ret_kind = input.kind == LAYSO_CHECKIN_INPUT_CARD ? LK_CHECKIN_KIND_CARD : LK_CHECKIN_KIND_CODE;
  return g_strdup (input.value);
}

/* ---- state ----------------------------------------------------------------------------- */

static void
set_printer_fault (LkCheckin *self, const char *reason)
{
  if (g_strcmp0 (reason, self->printer_fault) == 0)
    return;
  g_free (self->printer_fault);
  self->printer_fault = g_strdup (reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRINTER_FAULT]);
}

/* An error from the printer itself (cupsd unreachable) is a fault like any other. */
static void
take_printer_answer (LkCheckin *self, gboolean ready, const char *reason)
{
  set_printer_fault (self, ready ? NULL : reason ? reason : "cups-unavailable");
}

static void
clear_attempt (LkCheckin *self)
{
  self->has_attempt = FALSE;
  g_clear_pointer (&self->input, g_free);
  g_clear_pointer (&self->key, g_free);
}

/* Ends the run: everything it started and is still out comes back cancelled. */
static void
end_run (LkCheckin *self)
{
  if (self->run == NULL)
    return;
  g_cancellable_cancel (self->run);
  g_clear_object (&self->run);
  g_clear_handle_id (&self->deadline_source, g_source_remove);
  g_clear_pointer (&self->ticket, lk_ticket_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* What an answer of a run needs: the object, and the run it belongs to. */
typedef struct
{
  LkCheckin *self;   /* a reference */
  GCancellable *run; /* a reference */
  LkCheckinKind kind;
} RunAnswer;

static RunAnswer *
run_answer_new (LkCheckin *self)
{
  RunAnswer *answer = g_new0 (RunAnswer, 1);

  answer->self = g_object_ref (self);
  answer->run = g_object_ref (self->run);
  answer->kind = self->kind;
  return answer;
}

static void
run_answer_free (RunAnswer *answer)
{
  g_object_unref (answer->self);
  g_object_unref (answer->run);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunAnswer, run_answer_free)

/* ---- printing and reporting -------------------------------------------------------------- */

static void
on_print_result_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  /* The ticket exists either way; a lost report only costs the statistics. */
  if (!lk_ticket_issuer_print_result_finish (LK_TICKET_ISSUER (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_printerr ("layso-kiosk: print-result not recorded: %s\n", error->message);
}

static void
report_print_result (LkCheckin *self, const char *ticket_id, gboolean ok, const char *reason)
{
  lk_ticket_issuer_print_result_async (self->issuer, ticket_id, ok, reason, self->cancellable,
                                       on_print_result_sent, NULL);
}

typedef struct
{
  LkCheckin *self; /* a reference */
  char *ticket_id;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_object_unref (job->self);
  g_free (job->ticket_id);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrintJob, print_job_free)

static void
on_ticket_printed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (PrintJob) job = user_data;
  LkCheckin *self = job->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *reason = NULL;
  gboolean ok =
      lk_ticket_printer_print_finish (LK_TICKET_PRINTER (source), result, &reason, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (!ok && reason == NULL)
    reason = g_strdup ("cups-unavailable");
  report_print_result (self, job->ticket_id, ok, reason);
  take_printer_answer (self, ok, reason);
  g_signal_emit (self, signals[SIGNAL_PRINTED], 0, job->ticket_id, ok, reason);
}

static void
print_ticket (LkCheckin *self, const LkTicket *ticket)
{
  g_autofree char *issued = lk_wire_format_instant (ticket->issued_at);
  g_autofree char *escaped_id = g_uri_escape_string (ticket->id, NULL, FALSE);
  g_autofree char *qr_url = g_strdup_printf ("%s/phieu/%s", self->server_url, escaped_id);
  LaysoQueueTicket queue_ticket = {
    .unit_name = self->unit_name ? self->unit_name : "",
    .field_name = ticket->field_name ? ticket->field_name : "",
    .number = ticket->number,
    .issued_at = issued ? issued : "",
    .waiting_before = ticket->waiting_before,
    .qr_url = qr_url,
    .code = ticket->walk_in ? NULL : ticket->booking_code,
  };
  PrintJob *job = g_new0 (PrintJob, 1);

  job->self = g_object_ref (self);
  job->ticket_id = g_strdup (ticket->id);
  lk_ticket_printer_print_async (self->printer, &queue_ticket, self->cancellable, on_ticket_printed,
                                 job);
}

/* ---- the attempt --------------------------------------------------------------------------- */

/* Reports the ticket once both the server and the printer have had their say. */
static void
maybe_finish (LkCheckin *self)
{
  if (self->ticket == NULL || !self->printer_known)
    return;

  g_autoptr (LkCheckin) hold = g_object_ref (self);
  g_autoptr (LkTicket) ticket = g_steal_pointer (&self->ticket);
  g_autofree char *fault = g_strdup (self->printer_fault);

  end_run (self);
  clear_attempt (self);
  g_signal_emit (self, signals[SIGNAL_TICKET], 0, ticket, fault);
  if (g_cancellable_is_cancelled (self->cancellable))
    return; /* disposed by a handler */
  if (fault != NULL)
    report_print_result (self, ticket->id, FALSE, fault);
  else
    print_ticket (self, ticket);
}

static void
fail (LkCheckin *self, const GError *error)
{
  g_autoptr (LkCheckin) hold = g_object_ref (self);
  LkCheckinKind kind = self->kind;

  end_run (self);
  /* Keep the attempt and its key after a network error: the ticket may exist already. */
  if (!g_error_matches (error, LK_CLIENT_ERROR, LK_CLIENT_ERROR_NETWORK))
    clear_attempt (self);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, kind, error);
}

static void
on_issued (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (RunAnswer) answer = user_data;
  LkTicketIssuer *issuer = LK_TICKET_ISSUER (source);
  g_autoptr (GError) error = NULL;
  g_autoptr (LkTicket) ticket = answer->kind == LK_CHECKIN_KIND_WALK_IN
                                    ? lk_ticket_issuer_walk_in_finish (issuer, result, &error)
                                    : lk_ticket_issuer_checkin_finish (issuer, result, &error);
  LkCheckin *self = answer->self;

  if (g_cancellable_is_cancelled (answer->run))
    return;
  g_assert (answer->run == self->run);
  if (ticket == NULL)
    {
      fail (self, error);
      return;
    }
  self->ticket = g_steal_pointer (&ticket);
  maybe_finish (self);
}

static void
on_attempt_printer_checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (RunAnswer) answer = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *reason = NULL;
  gboolean ready =
      lk_ticket_printer_check_finish (LK_TICKET_PRINTER (source), result, &reason, &error);
  LkCheckin *self = answer->self;

  if (g_cancellable_is_cancelled (answer->run))
    return;
  /* After the deadline this still tells printer-fault how the printer is. */
  take_printer_answer (self, ready, reason);
  self->printer_known = TRUE;
  g_clear_handle_id (&self->deadline_source, g_source_remove);
  maybe_finish (self);
}

static gboolean
on_printer_deadline (gpointer user_data)
{
  LkCheckin *self = user_data;

  self->deadline_source = 0;
  self->printer_known = TRUE;
  set_printer_fault (self, "timed-out");
  maybe_finish (self);
  return G_SOURCE_REMOVE;
}

static void
start_run (LkCheckin *self)
{
  g_autoptr (LkCheckin) hold = g_object_ref (self);

  self->run = g_cancellable_new ();
  self->printer_known = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  g_signal_emit (self, signals[SIGNAL_STARTED], 0, self->kind,
                 self->kind == LK_CHECKIN_KIND_WALK_IN ? NULL : self->input);
  if (self->run == NULL)
    return; /* cancelled by a handler */

  self->deadline_source = g_timeout_add (self->printer_deadline_ms, on_printer_deadline, self);
  lk_ticket_printer_check_async (self->printer, self->run, on_attempt_printer_checked,
                                 run_answer_new (self));
  if (self->kind == LK_CHECKIN_KIND_WALK_IN)
    lk_ticket_issuer_walk_in_async (self->issuer, self->input, self->priority, self->key, self->run,
                                    on_issued, run_answer_new (self));
  else
    lk_ticket_issuer_checkin_async (self->issuer, self->input, self->key, self->run, on_issued,
                                    run_answer_new (self));
}

static gboolean
refuse_if_busy (LkCheckin *self, GError **error)
{
  if (self->run == NULL)
    return FALSE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING, "Đang xử lý lượt trước");
  return TRUE;
}

gboolean
lk_checkin_submit (LkCheckin *self, const char *raw, GError **error)
{
  LkCheckinKind kind = LK_CHECKIN_KIND_CODE;

  g_return_val_if_fail (LK_IS_CHECKIN (self), FALSE);
  g_return_val_if_fail (raw != NULL, FALSE);

  if (refuse_if_busy (self, error))
    return FALSE;
  g_autofree char *input = parse_input (raw, &kind);
  if (input == NULL)
    {
      g_set_error_literal (error, LK_CLIENT_ERROR, LK_CLIENT_ERROR_INVALID_INPUT,
                           LAYSO_MSG_CHECKIN_INPUT);
      return FALSE;
    }
  clear_attempt (self);
  self->has_attempt = TRUE;
  self->kind = kind;
  self->input = g_steal_pointer (&input);
  self->key = lk_client_new_idempotency_key ();
  start_run (self);
  return TRUE;
}

gboolean
lk_checkin_walk_in (LkCheckin *self, const char *field_id, gboolean priority, GError **error)
{
  g_return_val_if_fail (LK_IS_CHECKIN (self), FALSE);
  g_return_val_if_fail (field_id != NULL, FALSE);

  if (refuse_if_busy (self, error))
    return FALSE;
  clear_attempt (self);
  self->has_attempt = TRUE;
  self->kind = LK_CHECKIN_KIND_WALK_IN;
  self->input = g_strdup (field_id);
  self->priority = priority;
  self->key = lk_client_new_idempotency_key ();
  start_run (self);
  return TRUE;
}

gboolean
lk_checkin_retry (LkCheckin *self)
{
  g_return_val_if_fail (LK_IS_CHECKIN (self), FALSE);

  if (self->run != NULL || !self->has_attempt)
    return FALSE;
  start_run (self);
  return TRUE;
}

void
lk_checkin_cancel (LkCheckin *self)
{
  g_return_if_fail (LK_IS_CHECKIN (self));

  end_run (self);
  clear_attempt (self);
}

/* ---- the printer between attempts ---------------------------------------------------------- */

static void
on_poll_printer_checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (LkCheckin) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *reason = NULL;
  gboolean ready =
      lk_ticket_printer_check_finish (LK_TICKET_PRINTER (source), result, &reason, &error);

  self->poll_running = FALSE;
  if (!g_cancellable_is_cancelled (self->cancellable))
    take_printer_answer (self, ready, reason);
}

void
lk_checkin_check_printer (LkCheckin *self)
{
  g_return_if_fail (LK_IS_CHECKIN (self));

  if (self->run != NULL || self->poll_running)
    return;
  self->poll_running = TRUE;
  lk_ticket_printer_check_async (self->printer, self->cancellable, on_poll_printer_checked,
                                 g_object_ref (self));
}

/* ---- GObject ------------------------------------------------------------------------------- */

gboolean
lk_checkin_get_busy (LkCheckin *self)
{
  g_return_val_if_fail (LK_IS_CHECKIN (self), FALSE);
  return self->run != NULL;
}

const char *
lk_checkin_get_printer_fault (LkCheckin *self)
{
  g_return_val_if_fail (LK_IS_CHECKIN (self), NULL);
  return self->printer_fault;
}

void
lk_checkin_set_unit_name (LkCheckin *self, const char *unit_name)
{
  g_return_if_fail (LK_IS_CHECKIN (self));

  g_free (self->unit_name);
  self->unit_name = g_strdup (unit_name);
}

void
lk_checkin_set_printer_deadline (LkCheckin *self, guint deadline_ms)
{
  g_return_if_fail (LK_IS_CHECKIN (self));
  self->printer_deadline_ms = deadline_ms;
}

static void
lk_checkin_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LkCheckin *self = LK_CHECKIN (object);

  switch (prop_id)
    {
      case PROP_BUSY:
        g_value_set_boolean (value, self->run != NULL);
        break;
      case PROP_PRINTER_FAULT:
        g_value_set_string (value, self->printer_fault);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lk_checkin_dispose (GObject *object)
{
  LkCheckin *self = LK_CHECKIN (object);

  g_cancellable_cancel (self->cancellable);
  if (self->run != NULL)
    {
      g_cancellable_cancel (self->run);
      g_clear_object (&self->run);
    }
  g_clear_handle_id (&self->deadline_source, g_source_remove);
  g_clear_pointer (&self->ticket, lk_ticket_free);
  clear_attempt (self);
  g_clear_object (&self->issuer);
  g_clear_object (&self->printer);
  G_OBJECT_CLASS (lk_checkin_parent_class)->dispose (object);
}

static void
lk_checkin_finalize (GObject *object)
{
  LkCheckin *self = LK_CHECKIN (object);

  g_clear_object (&self->cancellable);
  g_free (self->server_url);
  g_free (self->unit_name);
  g_free (self->printer_fault);
  G_OBJECT_CLASS (lk_checkin_parent_class)->finalize (object);
}

static void
lk_checkin_class_init (LkCheckinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GType type = G_TYPE_FROM_CLASS (klass);

  object_class->get_property = lk_checkin_get_property;
  object_class->dispose = lk_checkin_dispose;
  object_class->finalize = lk_checkin_finalize;

  properties[PROP_BUSY] =
      g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRINTER_FAULT] =
      g_param_spec_string ("printer-fault", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_STARTED] = g_signal_new ("started", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
  signals[SIGNAL_TICKET] = g_signal_new ("ticket", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_STRING);
  signals[SIGNAL_FAILED] = g_signal_new ("failed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_ERROR);
  signals[SIGNAL_PRINTED] =
      g_signal_new ("printed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                    G_TYPE_STRING, G_TYPE_BOOLEAN, G_TYPE_STRING);
}

static void
lk_checkin_init (LkCheckin *self)
{
  self->cancellable = g_cancellable_new ();
  self->printer_deadline_ms = LK_CHECKIN_PRINTER_DEADLINE_MS;
}

LkCheckin *
lk_checkin_new (LkTicketIssuer *issuer, LkTicketPrinter *printer, const char *server_url)
{
  g_return_val_if_fail (LK_IS_TICKET_ISSUER (issuer), NULL);
  g_return_val_if_fail (LK_IS_TICKET_PRINTER (printer), NULL);
  g_return_val_if_fail (server_url != NULL, NULL);

  LkCheckin *self = g_object_new (LK_TYPE_CHECKIN, NULL);
  self->issuer = g_object_ref (issuer);
  self->printer = g_object_ref (printer);
  self->server_url = g_strdup (server_url);
  return self;
}
