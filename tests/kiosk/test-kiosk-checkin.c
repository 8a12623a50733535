/* LkCheckin without a display: its real code, driven through a fake issuer (the server) and a
 * fake printer whose calls stay pending until the test answers them. Each test asserts the
 * exact calls made, in order, and the exact signals, in order, and ends with every object
 * finalized. */
#include <string.h>

#include "lk-checkin.h"
#include "lk-wire.h"

/* ---- fakes: every call is logged and left pending until answered ---------------------------- */

typedef struct
{
  GTask *task;
  GSource *cancelled; /* returns the task cancelled when its cancellable fires */
} Pending;

static void
pending_free (Pending *pending)
{
  if (pending->cancelled != NULL)
    {
      g_source_destroy (pending->cancelled);
      g_source_unref (pending->cancelled);
    }
  g_clear_object (&pending->task);
  g_free (pending);
}

static gboolean
on_pending_cancelled (GCancellable *cancellable, gpointer user_data)
{
  GPtrArray *queue = user_data;

  for (guint i = 0; i < queue->len; i++)
    {
      Pending *pending = g_ptr_array_index (queue, i);
      if (g_task_get_cancellable (pending->task) == cancellable)
        {
          g_autoptr (GTask) task = g_object_ref (pending->task);
          g_ptr_array_remove_index (queue, i);
          g_task_return_error_if_cancelled (task);
          break;
        }
    }
  return G_SOURCE_REMOVE;
}

static void
pending_push (GPtrArray *queue, GTask *task)
{
  Pending *pending = g_new0 (Pending, 1);
  GCancellable *cancellable = g_task_get_cancellable (task);

  pending->task = task;
  if (cancellable != NULL)
    {
      pending->cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (pending->cancelled, G_SOURCE_FUNC (on_pending_cancelled), queue, NULL);
      g_source_attach (pending->cancelled, NULL);
    }
  g_ptr_array_add (queue, pending);
}

/* The oldest pending task of the queue, now the caller's to answer. */
static GTask *
pending_pop (GPtrArray *queue)
{
  g_assert_cmpuint (queue->len, >, 0);
  Pending *pending = g_ptr_array_steal_index (queue, 0);
  GTask *task = g_steal_pointer (&pending->task);
  pending_free (pending);
  return task;
}

/* One log for both fakes: the order of the calls across them is what the tests assert. */
static GPtrArray *calls;

typedef struct
{
  GObject parent_instance;
  GPtrArray *tickets; /* pending checkin and walk-in calls */
} FakeIssuer;

typedef struct
{
  GObjectClass parent_class;
} FakeIssuerClass;

static void fake_issuer_iface_init (LkTicketIssuerInterface *iface);
GType fake_issuer_get_type (void);
G_DEFINE_TYPE_WITH_CODE (FakeIssuer, fake_issuer, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (LK_TYPE_TICKET_ISSUER, fake_issuer_iface_init))

static void
fake_checkin_async (LkTicketIssuer *issuer, const char *input, const char *key,
                    GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  FakeIssuer *self = (FakeIssuer *) issuer;

  g_ptr_array_add (calls, g_strdup_printf ("checkin %s key=%s", input, key));
  pending_push (self->tickets, g_task_new (self, cancellable, callback, user_data));
}

static LkTicket *
fake_ticket_finish (LkTicketIssuer *issuer, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fake_walk_in_async (LkTicketIssuer *issuer, const char *field_id, gboolean priority,
                    const char *key, GCancellable *cancellable, GAsyncReadyCallback callback,
                    gpointer user_data)
{
  FakeIssuer *self = (FakeIssuer *) issuer;

  g_ptr_array_add (calls,
                   g_strdup_printf ("walk-in %s priority=%d key=%s", field_id, priority, key));
  pending_push (self->tickets, g_task_new (self, cancellable, callback, user_data));
}

/* Reports are answered at once (on the next main-loop iteration, as GTask does). */
static void
fake_print_result_async (LkTicketIssuer *issuer, const char *ticket_id, gboolean ok,
                         const char *reason, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (issuer, cancellable, callback, user_data);

  g_ptr_array_add (calls, g_strdup_printf ("print-result %s ok=%d reason=%s", ticket_id, ok,
                                           reason ? reason : "-"));
  g_task_return_boolean (task, TRUE);
}

static gboolean
fake_print_result_finish (LkTicketIssuer *issuer, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
fake_issuer_iface_init (LkTicketIssuerInterface *iface)
{
  iface->checkin_async = fake_checkin_async;
  iface->checkin_finish = fake_ticket_finish;
  iface->walk_in_async = fake_walk_in_async;
  iface->walk_in_finish = fake_ticket_finish;
  iface->print_result_async = fake_print_result_async;
  iface->print_result_finish = fake_print_result_finish;
}

static void
fake_issuer_finalize (GObject *object)
{
  FakeIssuer *self = (FakeIssuer *) object;

  g_assert_cmpuint (self->tickets->len, ==, 0);
  g_ptr_array_unref (self->tickets);
  G_OBJECT_CLASS (fake_issuer_parent_class)->finalize (object);
}

static void
fake_issuer_class_init (FakeIssuerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fake_issuer_finalize;
}

static void
fake_issuer_init (FakeIssuer *self)
{
  self->tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
}

typedef struct
{
  GObject parent_instance;
  GPtrArray *checks;
  GPtrArray *prints;
} FakePrinter;

typedef struct
{
  GObjectClass parent_class;
} FakePrinterClass;

static void fake_printer_iface_init (LkTicketPrinterInterface *iface);
GType fake_printer_get_type (void);
G_DEFINE_TYPE_WITH_CODE (FakePrinter, fake_printer, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (LK_TYPE_TICKET_PRINTER, fake_printer_iface_init))

/* What a printer answers: NULL when ready, else the reason. */
typedef struct
{
  char *reason;
} PrinterAnswer;

static void
printer_answer_free (PrinterAnswer *answer)
{
  g_free (answer->reason);
  g_free (answer);
}

static void
fake_check_async (LkTicketPrinter *printer, GCancellable *cancellable, GAsyncReadyCallback callback,
                  gpointer user_data)
{
  FakePrinter *self = (FakePrinter *) printer;

  g_ptr_array_add (calls, g_strdup ("check"));
  pending_push (self->checks, g_task_new (self, cancellable, callback, user_data));
}

static gboolean
fake_printer_finish (LkTicketPrinter *printer, GAsyncResult *result, char **ret_reason,
                     GError **error)
{
  PrinterAnswer *answer = g_task_propagate_pointer (G_TASK (result), error);

  if (answer == NULL)
    return FALSE;
  gboolean ready = answer->reason == NULL;
  if (!ready)
    *ret_reason = g_steal_pointer (&answer->reason);
  printer_answer_free (answer);
  return ready;
}

static void
fake_print_async (LkTicketPrinter *printer, const LaysoQueueTicket *ticket,
                  GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  FakePrinter *self = (FakePrinter *) printer;

  g_ptr_array_add (calls, g_strdup_printf ("print %s unit=%s field=%s waiting=%d code=%s qr=%s",
                                           ticket->number, ticket->unit_name, ticket->field_name,
                                           ticket->waiting_before,
                                           ticket->code ? ticket->code : "-", ticket->qr_url));
  pending_push (self->prints, g_task_new (self, cancellable, callback, user_data));
}

static void
fake_printer_iface_init (LkTicketPrinterInterface *iface)
{
  iface->check_async = fake_check_async;
  iface->check_finish = fake_printer_finish;
  iface->print_async = fake_print_async;
  iface->print_finish = fake_printer_finish;
}

static void
fake_printer_finalize (GObject *object)
{
  FakePrinter *self = (FakePrinter *) object;

  g_assert_cmpuint (self->checks->len, ==, 0);
  g_assert_cmpuint (self->prints->len, ==, 0);
  g_ptr_array_unref (self->checks);
  g_ptr_array_unref (self->prints);
  G_OBJECT_CLASS (fake_printer_parent_class)->finalize (object);
}

static void
fake_printer_class_init (FakePrinterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fake_printer_finalize;
}

static void
fake_printer_init (FakePrinter *self)
{
  self->checks = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
  self->prints = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
}

/* ---- fixture: the check-in, its fakes, and what it emitted --------------------------------- */

typedef struct
{
  FakeIssuer *issuer;
  FakePrinter *printer;
  LkCheckin *checkin;
  GPtrArray *events;
} Fixture;

static const char *
kind_name (int kind)
{
  switch (kind)
    {
      case LK_CHECKIN_KIND_CODE:
        return "code";
      case LK_CHECKIN_KIND_CARD:
        return "card";
      case LK_CHECKIN_KIND_WALK_IN:
        return "walk-in";
      default:
        return "?";
    }
}

static void
on_started (LkCheckin *checkin, int kind, const char *input, Fixture *f)
{
  g_ptr_array_add (f->events,
                   g_strdup_printf ("started %s %s", kind_name (kind), input ? input : "-"));
}

static void
on_ticket (LkCheckin *checkin, const LkTicket *ticket, const char *fault, Fixture *f)
{
  g_assert_false (lk_checkin_get_busy (checkin));
  g_ptr_array_add (f->events,
                   g_strdup_printf ("ticket %s fault=%s", ticket->number, fault ? fault : "-"));
}

static void
on_failed (LkCheckin *checkin, int kind, const GError *error, Fixture *f)
{
  g_assert_false (lk_checkin_get_busy (checkin));
  g_assert_true (error->domain == LK_CLIENT_ERROR);
  g_ptr_array_add (f->events, g_strdup_printf ("failed %s %d", kind_name (kind), error->code));
}

static void
on_printed (LkCheckin *checkin, const char *ticket_id, gboolean ok, const char *reason, Fixture *f)
{
  g_ptr_array_add (f->events, g_strdup_printf ("printed %s ok=%d reason=%s", ticket_id, ok,
                                               reason ? reason : "-"));
}

static void
on_notify (LkCheckin *checkin, GParamSpec *pspec, Fixture *f)
{
  if (g_str_equal (pspec->name, "busy"))
    g_ptr_array_add (f->events, g_strdup_printf ("busy=%d", lk_checkin_get_busy (checkin)));
  else
    g_ptr_array_add (
        f->events, g_strdup_printf ("printer-fault=%s", lk_checkin_get_printer_fault (checkin)
                                                            ? lk_checkin_get_printer_fault (checkin)
                                                            : "-"));
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  calls = g_ptr_array_new_with_free_func (g_free);
  f->events = g_ptr_array_new_with_free_func (g_free);
  f->issuer = g_object_new (fake_issuer_get_type (), NULL);
  f->printer = g_object_new (fake_printer_get_type (), NULL);
  f->checkin = lk_checkin_new (LK_TICKET_ISSUER (f->issuer), LK_TICKET_PRINTER (f->printer),
                               "http://layso.test");
  lk_checkin_set_unit_name (f->checkin, "UBND phường Phổ Yên");
  g_signal_connect (f->checkin, "started", G_CALLBACK (on_started), f);
  g_signal_connect (f->checkin, "ticket", G_CALLBACK (on_ticket), f);
  g_signal_connect (f->checkin, "failed", G_CALLBACK (on_failed), f);
  g_signal_connect (f->checkin, "printed", G_CALLBACK (on_printed), f);
  g_signal_connect (f->checkin, "notify", G_CALLBACK (on_notify), f);
}

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Everything the check-in holds is released once its calls have come back: no leak. */
static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  LkCheckin *checkin = f->checkin;

  g_object_add_weak_pointer (G_OBJECT (checkin), (gpointer *) &checkin);
  g_signal_handlers_disconnect_by_data (f->checkin, f);
  g_object_unref (f->checkin);
  spin ();
  g_assert_null (checkin);
  g_assert_finalize_object (f->issuer);
  g_assert_finalize_object (f->printer);
  g_ptr_array_unref (f->events);
  g_clear_pointer (&calls, g_ptr_array_unref);
}

/* Asserts that `log` holds exactly the NULL-terminated lines given (g_pattern_match_simple:
 * '*' matches anything), then empties it. */
static void
assert_lines (GPtrArray *log, ...)
{
  va_list args;
  guint i = 0;

  va_start (args, log);
  for (const char *want = va_arg (args, const char *); want; want = va_arg (args, const char *))
    {
      g_assert_cmpuint (i, <, log->len);
      const char *got = g_ptr_array_index (log, i++);
      if (!g_pattern_match_simple (want, got))
        g_assert_cmpstr (got, ==, want);
    }
  va_end (args);
  if (i != log->len)
    g_assert_cmpstr (g_ptr_array_index (log, i), ==, NULL);
  g_ptr_array_set_size (log, 0);
}

static LkTicket *
new_ticket (const char *number, gboolean walk_in)
{
  LkTicket *ticket = g_new0 (LkTicket, 1);

  ticket->id = g_strdup_printf ("T-%s", number);
  ticket->number = g_strdup (number);
  ticket->walk_in = walk_in;
  ticket->field_id = g_strdup ("hotich");
  ticket->field_name = g_strdup ("Lĩnh vực Tư pháp - Hộ tịch");
  ticket->issued_at = g_strdup ("2025-09-26T07:10:00+07:00");
  ticket->waiting_before = 3;
  ticket->booking_code = walk_in ? NULL : g_strdup ("GCAD");
  return ticket;
}

static void
answer_ticket (Fixture *f, const char *number)
{
  g_autoptr (GTask) task = pending_pop (f->issuer->tickets);
  g_task_return_pointer (task, new_ticket (number, FALSE), (GDestroyNotify) lk_ticket_free);
  spin ();
}

static void
answer_error (Fixture *f, LkClientError code)
{
  g_autoptr (GTask) task = pending_pop (f->issuer->tickets);
  g_task_return_new_error (task, LK_CLIENT_ERROR, code, "Lỗi %d", code);
  spin ();
}

static void
answer_printer (GPtrArray *queue, const char *reason)
{
  g_autoptr (GTask) task = pending_pop (queue);
  PrinterAnswer *answer = g_new0 (PrinterAnswer, 1);

  answer->reason = g_strdup (reason);
  g_task_return_pointer (task, answer, (GDestroyNotify) printer_answer_free);
  spin ();
}

/* The key the last logged call sent, for comparing a retry's. */
static char *
last_key (void)
{
  const char *line = g_ptr_array_index (calls, calls->len - 1);
  return g_strdup (strstr (line, "key=") + 4);
}

static void
submit (Fixture *f, const char *raw)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (lk_checkin_submit (f->checkin, raw, &error));
  g_assert_no_error (error);
}

/* ---- tests ------------------------------------------------------------------------------- */

/* Server first, printer second: the ticket waits for the printer's answer, then prints. */
static void
test_success_server_first (Fixture *f, gconstpointer data)
{
  submit (f, " gcad ");
  assert_lines (f->events, "busy=1", "started code GCAD", NULL);
  assert_lines (calls, "check", "checkin GCAD key=*", NULL);

  answer_ticket (f, "A1001");
  assert_lines (f->events, NULL);
  g_assert_true (lk_checkin_get_busy (f->checkin));

  answer_printer (f->printer->checks, NULL);
  assert_lines (f->events, "busy=0", "ticket A1001 fault=-", NULL);
  assert_lines (calls,
                "print A1001 unit=UBND phường Phổ Yên field=Lĩnh vực Tư pháp - Hộ tịch waiting=3 "
                "code=GCAD qr=http://layso.test/phieu/T-A1001",
                NULL);

  answer_printer (f->printer->prints, NULL);
  assert_lines (f->events, "printed T-A1001 ok=1 reason=-", NULL);
  assert_lines (calls, "print-result T-A1001 ok=1 reason=-", NULL);
  g_assert_false (lk_checkin_retry (f->checkin));
}

static void
test_success_printer_first (Fixture *f, gconstpointer data)
{
  submit (f, "012345678901");
  assert_lines (calls, "check", "checkin 012345678901 key=*", NULL);
  answer_printer (f->printer->checks, NULL);
  assert_lines (f->events, "busy=1", "started code 012345678901", NULL);

  answer_ticket (f, "A1002");
  assert_lines (f->events, "busy=0", "ticket A1002 fault=-", NULL);
  assert_lines (calls, "print A1002 *", NULL);
  answer_printer (f->printer->prints, NULL);
  assert_lines (f->events, "printed T-A1002 ok=1 reason=-", NULL);
  assert_lines (calls, "print-result T-A1002 ok=1 reason=-", NULL);
}

/* Both calls are out before either answers, and the server's answer does not wait for the
 * printer's: nothing is started after it. */
static void
test_start_together (Fixture *f, gconstpointer data)
{
  submit (f, "GCAD");
  g_assert_cmpuint (f->printer->checks->len, ==, 1);
  g_assert_cmpuint (f->issuer->tickets->len, ==, 1);
  assert_lines (calls, "check", "checkin GCAD key=*", NULL);

  answer_ticket (f, "A1001");
  assert_lines (calls, NULL);
  g_assert_cmpuint (f->printer->checks->len, ==, 1);
  answer_printer (f->printer->checks, NULL);
  assert_lines (calls, "print A1001 *", NULL);
  answer_printer (f->printer->prints, NULL);
  assert_lines (calls, "print-result T-A1001 ok=1 reason=-", NULL);
}

/* A server error ends the attempt at once: the printer check still out is cancelled, and its
 * answer never comes through. Only a network error keeps the attempt for a retry. */
static void
test_server_errors (Fixture *f, gconstpointer data)
{
  static const LkClientError codes[] = {
    LK_CLIENT_ERROR_NOT_FOUND,   LK_CLIENT_ERROR_CODE_INVALID_OR_USED,
    LK_CLIENT_ERROR_CLOSED,      LK_CLIENT_ERROR_RATE_LIMITED,
    LK_CLIENT_ERROR_TOO_EARLY,   LK_CLIENT_ERROR_TOO_LATE,
    LK_CLIENT_ERROR_UNAVAILABLE, LK_CLIENT_ERROR_PROTOCOL,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autofree char *failed = g_strdup_printf ("failed code %d", codes[i]);

      submit (f, "GCAD");
      answer_error (f, codes[i]);
      assert_lines (f->events, "busy=1", "started code GCAD", "busy=0", failed, NULL);
      g_assert_cmpuint (f->printer->checks->len, ==, 0); /* came back cancelled */
      assert_lines (calls, "check", "checkin GCAD key=*", NULL);
      g_assert_false (lk_checkin_retry (f->checkin));
      g_assert_null (lk_checkin_get_printer_fault (f->checkin));
    }
}

static void
test_network_retry (Fixture *f, gconstpointer data)
{
  submit (f, "GCAD");
  g_autofree char *key = last_key ();
  answer_error (f, LK_CLIENT_ERROR_NETWORK);
  g_autofree char *failed = g_strdup_printf ("failed code %d", LK_CLIENT_ERROR_NETWORK);
  assert_lines (f->events, "busy=1", "started code GCAD", "busy=0", failed, NULL);
  assert_lines (calls, "check", "checkin GCAD key=*", NULL);

  /* The same attempt, the same key: a ticket issued before the error comes back as is. */
  g_assert_true (lk_checkin_retry (f->checkin));
  g_autofree char *again = g_strdup_printf ("checkin GCAD key=%s", key);
  assert_lines (calls, "check", again, NULL);
  answer_printer (f->printer->checks, NULL);
  answer_ticket (f, "A1003");
  assert_lines (f->events, "busy=1", "started code GCAD", "busy=0", "ticket A1003 fault=-", NULL);
  answer_printer (f->printer->prints, NULL);
  assert_lines (calls, "print A1003 *", "print-result T-A1003 ok=1 reason=-", NULL);
  g_assert_false (lk_checkin_retry (f->checkin));
}

/* The printer says it is not ready before the server answers: the ticket comes, unprinted,
 * and the server hears why. */
static void
test_printer_fault_before (Fixture *f, gconstpointer data)
{
  submit (f, "GCAD");
  answer_printer (f->printer->checks, "stopped");
  assert_lines (f->events, "busy=1", "started code GCAD", "printer-fault=stopped", NULL);
  answer_ticket (f, "A1002");
  assert_lines (f->events, "busy=0", "ticket A1002 fault=stopped", NULL);
  spin ();
  assert_lines (calls, "check", "checkin GCAD key=*", "print-result T-A1002 ok=0 reason=stopped",
                NULL);
}

/* The printer's fault arrives after the server's ticket: the same outcome. */
static void
test_printer_fault_after_server (Fixture *f, gconstpointer data)
{
  submit (f, "GCAD");
  answer_ticket (f, "A1002");
  answer_printer (f->printer->checks, "media-empty-error");
  assert_lines (f->events, "busy=1", "started code GCAD", "printer-fault=media-empty-error",
                "busy=0", "ticket A1002 fault=media-empty-error", NULL);
  assert_lines (calls, "check", "checkin GCAD key=*",
                "print-result T-A1002 ok=0 reason=media-empty-error", NULL);

  /* Ready again at the next attempt: printed. */
  submit (f, "HKMN");
  answer_printer (f->printer->checks, NULL);
  answer_ticket (f, "A1003");
  answer_printer (f->printer->prints, NULL);
  assert_lines (f->events, "busy=1", "started code HKMN", "printer-fault=-", "busy=0",
                "ticket A1003 fault=-", "printed T-A1003 ok=1 reason=-", NULL);
}

/* A printer check that never answers (a hung cupsd): at the deadline it counts as
 * "timed-out" and the ticket comes unprinted; the check is then cancelled. */
static void
test_printer_deadline (Fixture *f, gconstpointer data)
{
  gint64 start = g_get_monotonic_time ();
  lk_checkin_set_printer_deadline (f->checkin, 200);
  submit (f, "GCAD");
  answer_ticket (f, "A1001");
  assert_lines (f->events, "busy=1", "started code GCAD", NULL);
  while (f->events->len < 3)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 200 * 1000);
  spin ();
  assert_lines (f->events, "printer-fault=timed-out", "busy=0", "ticket A1001 fault=timed-out",
                NULL);
  g_assert_cmpuint (f->printer->checks->len, ==, 0);
  assert_lines (calls, "check", "checkin GCAD key=*", "print-result T-A1001 ok=0 reason=timed-out",
                NULL);
}

/* The printer fails while printing: the server and the printer-fault hear the reason. */
static void
test_print_fails (Fixture *f, gconstpointer data)
{
  submit (f, "GCAD");
  answer_printer (f->printer->checks, NULL);
  answer_ticket (f, "A1001");
  answer_printer (f->printer->prints, "media-jam-error");
  assert_lines (f->events, "busy=1", "started code GCAD", "busy=0", "ticket A1001 fault=-",
                "printer-fault=media-jam-error", "printed T-A1001 ok=0 reason=media-jam-error",
                NULL);
  assert_lines (calls, "check", "checkin GCAD key=*", "print A1001 *",
                "print-result T-A1001 ok=0 reason=media-jam-error", NULL);
}

/* Back home while both calls are out: both come back cancelled, nothing more is emitted, and
 * there is nothing to retry. */
static void
test_cancel_in_flight (Fixture *f, gconstpointer data)
{
  submit (f, "GCAD");
  lk_checkin_cancel (f->checkin);
  assert_lines (f->events, "busy=1", "started code GCAD", "busy=0", NULL);
  spin ();
  g_assert_cmpuint (f->printer->checks->len, ==, 0);
  g_assert_cmpuint (f->issuer->tickets->len, ==, 0);
  assert_lines (f->events, NULL);
  assert_lines (calls, "check", "checkin GCAD key=*", NULL);
  g_assert_false (lk_checkin_retry (f->checkin));

  /* The server answered, the printer not yet. */
  submit (f, "GCAD");
  answer_ticket (f, "A1001");
  lk_checkin_cancel (f->checkin);
  spin ();
  assert_lines (f->events, "busy=1", "started code GCAD", "busy=0", NULL);
  g_assert_cmpuint (f->printer->checks->len, ==, 0);
  assert_lines (calls, "check", "checkin GCAD key=*", NULL);
}

/* The last reference dropped while a print is out: the print comes back cancelled, is not
 * reported, and everything is freed. */
static void
test_dispose_while_printing (Fixture *f, gconstpointer data)
{
  submit (f, "GCAD");
  answer_printer (f->printer->checks, NULL);
  answer_ticket (f, "A1001");
  g_object_run_dispose (G_OBJECT (f->checkin));
  spin ();
  g_assert_cmpuint (f->printer->prints->len, ==, 0);
  assert_lines (f->events, "busy=1", "started code GCAD", "busy=0", "ticket A1001 fault=-", NULL);
  assert_lines (calls, "check", "checkin GCAD key=*", "print A1001 *", NULL);
}

static void
test_refused (Fixture *f, gconstpointer data)
{
  static const char *const invalid[] = {
    "", "ABC", "ABCDE", "01234567890", "0123456789012", "AB D", "012345678901|x", "ÂBCD",
  };
  g_autoptr (GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_assert_false (lk_checkin_submit (f->checkin, invalid[i], &error));
      g_assert_error (error, LK_CLIENT_ERROR, LK_CLIENT_ERROR_INVALID_INPUT);
      g_clear_error (&error);
    }
  assert_lines (f->events, NULL);
  assert_lines (calls, NULL);

  submit (f, "GCAD");
  g_assert_false (lk_checkin_submit (f->checkin, "HKMN", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);
  g_assert_false (lk_checkin_walk_in (f->checkin, "hotich", FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_assert_false (lk_checkin_retry (f->checkin));
  lk_checkin_check_printer (f->checkin); /* no poll while an attempt checks */
  assert_lines (calls, "check", "checkin GCAD key=*", NULL);
  lk_checkin_cancel (f->checkin);
}

/* A CCCD card's QR: its CCCD goes to the server, and the kind says where it came from. */
static void
test_card (Fixture *f, gconstpointer data)
{
  submit (f, "079203001234||Trần Thị Bình|01011990|Nữ|TDP 4, Phường Phổ Yên|15082021");
  assert_lines (calls, "check", "checkin 079203001234 key=*", NULL);
  answer_error (f, LK_CLIENT_ERROR_NOT_FOUND);
  g_autofree char *failed = g_strdup_printf ("failed card %d", LK_CLIENT_ERROR_NOT_FOUND);
  assert_lines (f->events, "busy=1", "started card 079203001234", "busy=0", failed, NULL);
}

static void
test_walk_in (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (lk_checkin_walk_in (f->checkin, "hotich", TRUE, &error));
  assert_lines (calls, "check", "walk-in hotich priority=1 key=*", NULL);
  answer_printer (f->printer->checks, NULL);
  {
    g_autoptr (GTask) task = pending_pop (f->issuer->tickets);
    g_task_return_pointer (task, new_ticket ("B001", TRUE), (GDestroyNotify) lk_ticket_free);
    spin ();
  }
  answer_printer (f->printer->prints, NULL);
  assert_lines (f->events, "busy=1", "started walk-in -", "busy=0", "ticket B001 fault=-",
                "printed T-B001 ok=1 reason=-", NULL);
  assert_lines (calls, "print B001 * code=- *", "print-result T-B001 ok=1 reason=-", NULL);

  g_assert_true (lk_checkin_walk_in (f->checkin, "hotich", FALSE, &error));
  answer_error (f, LK_CLIENT_ERROR_CLOSED);
  g_autofree char *failed = g_strdup_printf ("failed walk-in %d", LK_CLIENT_ERROR_CLOSED);
  assert_lines (f->events, "busy=1", "started walk-in -", "busy=0", failed, NULL);
}

/* Between attempts the poll keeps printer-fault right; one check at a time. */
static void
test_poll (Fixture *f, gconstpointer data)
{
  lk_checkin_check_printer (f->checkin);
  lk_checkin_check_printer (f->checkin);
  assert_lines (calls, "check", NULL);
  answer_printer (f->printer->checks, "offline-report");
  lk_checkin_check_printer (f->checkin);
  answer_printer (f->printer->checks, "offline-report");
  lk_checkin_check_printer (f->checkin);
  answer_printer (f->printer->checks, NULL);
  assert_lines (f->events, "printer-fault=offline-report", "printer-fault=-", NULL);
  assert_lines (calls, "check", "check", NULL);

  /* Out when the object is disposed: it comes back cancelled and changes nothing. */
  lk_checkin_check_printer (f->checkin);
  g_object_run_dispose (G_OBJECT (f->checkin));
  spin ();
  assert_lines (f->events, NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/layso/kiosk/checkin/success/server-first", test_success_server_first);
  ADD ("/layso/kiosk/checkin/success/printer-first", test_success_printer_first);
  ADD ("/layso/kiosk/checkin/start-together", test_start_together);
  ADD ("/layso/kiosk/checkin/server-errors", test_server_errors);
  ADD ("/layso/kiosk/checkin/network-retry", test_network_retry);
  ADD ("/layso/kiosk/checkin/printer/fault-before", test_printer_fault_before);
  ADD ("/layso/kiosk/checkin/printer/fault-after-server", test_printer_fault_after_server);
  ADD ("/layso/kiosk/checkin/printer/deadline", test_printer_deadline);
  ADD ("/layso/kiosk/checkin/printer/print-fails", test_print_fails);
  ADD ("/layso/kiosk/checkin/cancel-in-flight", test_cancel_in_flight);
  ADD ("/layso/kiosk/checkin/dispose-while-printing", test_dispose_while_printing);
  ADD ("/layso/kiosk/checkin/refused", test_refused);
  ADD ("/layso/kiosk/checkin/card", test_card);
  ADD ("/layso/kiosk/checkin/walk-in", test_walk_in);
  ADD ("/layso/kiosk/checkin/poll", test_poll);
#undef ADD
  return g_test_run ();
}
