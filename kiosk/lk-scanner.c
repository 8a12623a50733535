/* LkScanner: a worker thread pulls frames from a frame source, decodes them, drops repeats, and
 * hands new texts to the owner's main context. Only the worker touches the source and the
 * decoder; only the main context touches the GObject state (signals, properties). */
#include "lk-scanner.h"

#include "lk-frame-source.h"

#include <string.h>

struct _LkScanner
{
  GObject parent_instance;

  GMainContext *context; /* where signals are emitted */
  LkFrameSource *source;
  GThread *thread;
  LkStopSignal stop;
  /* Bumped by stop(): deliveries queued by an earlier run are dropped. */
  gint generation;

  gboolean available;
  char *failure;

  /* text → monotonic time of its last sighting; it outlives restarts so a QR still held up
   * is not a new scan. The worker updates it; a dropped delivery takes its text out again. */
  GMutex last_seen_lock;
  GHashTable *last_seen;

  /* The preview: the worker leaves its newest frame here and schedules one delivery unless
   * one is pending; the delivery takes whatever is newest by then. */
  GMutex frame_lock;
  LkFrame newest_frame;
  gint newest_frame_generation;
  gboolean frame_scheduled;
  gint64 last_frame_time; /* monotonic µs of the last delivery */

  /* Frames the worker has decoded and handed on, so a test can wait for the worker instead
   * of sleeping and hoping (lk_scanner_wait_decoded). */
  GMutex decoded_lock;
  GCond decoded_changed;
  guint decoded;
};

G_DEFINE_FINAL_TYPE (LkScanner, lk_scanner, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_AVAILABLE,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_SCANNED,
  SIGNAL_FRAME,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* ---- deliveries from the worker to the main context ---- */

typedef struct
{
  GWeakRef scanner;
  gint generation;
  char *text; /* a scanned text, or NULL for a change of availability */
  gboolean available;
  char *failure;
} Delivery;

static void
delivery_free (gpointer data)
{
  Delivery *d = data;
  g_weak_ref_clear (&d->scanner);
  g_free (d->text);
  g_free (d->failure);
  g_free (d);
}

static gboolean
delivery_run (gpointer data)
{
  Delivery *d = data;
  g_autoptr (LkScanner) self = g_weak_ref_get (&d->scanner);
  if (!self)
    return G_SOURCE_REMOVE;
  if (d->generation != g_atomic_int_get (&self->generation))
    {
      /* Stopped before it was delivered: the text was never reported, so it must not count as
     * seen, or a QR still held up would stay suppressed. */
      if (d->text)
        {
          g_mutex_lock (&self->last_seen_lock);
          g_hash_table_remove (self->last_seen, d->text);
          g_mutex_unlock (&self->last_seen_lock);
        }
      return G_SOURCE_REMOVE;
    }
  if (d->text)
    {
      g_signal_emit (self, signals[SIGNAL_SCANNED], 0, d->text);
    }
  else if (self->available != d->available || g_strcmp0 (self->failure, d->failure) != 0)
    {
      self->available = d->available;
      g_free (self->failure);
      self->failure = g_steal_pointer (&d->failure);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
    }
  return G_SOURCE_REMOVE;
}

static void
deliver (LkScanner *self, gint generation, char *text, gboolean available, char *failure)
{
  Delivery *d = g_new0 (Delivery, 1);
  g_weak_ref_init (&d->scanner, self);
  d->generation = generation;
  d->text = text;
  d->available = available;
  d->failure = failure;
  /* Always through a source: g_main_context_invoke() would run the callback right here, on
   * the worker, whenever the owner's context happens not to be running. */
  GSource *source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, delivery_run, d, delivery_free);
  g_source_set_static_name (source, "lk-scanner delivery");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

/* ---- preview frames, throttled ---- */

static gboolean
frame_delivery_run (gpointer data)
{
  g_autoptr (LkScanner) self = g_weak_ref_get (data);
  if (!self)
    return G_SOURCE_REMOVE;
  g_mutex_lock (&self->frame_lock);
  LkFrame frame = self->newest_frame;
  gint generation = self->newest_frame_generation;
  memset (&self->newest_frame, 0, sizeof self->newest_frame);
  self->frame_scheduled = FALSE;
  self->last_frame_time = g_get_monotonic_time ();
  g_mutex_unlock (&self->frame_lock);
  if (frame.pixels && generation == g_atomic_int_get (&self->generation))
    g_signal_emit (self, signals[SIGNAL_FRAME], 0, frame.pixels, frame.width, frame.height,
                   frame.stride);
  lk_frame_clear (&frame);
  return G_SOURCE_REMOVE;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static gboolean
ready_time_dispatch (GSource *source, GSourceFunc callback, gpointer data)
{
  return callback (data);
}

/* A source that runs once its ready time has come (g_source_set_ready_time, absolute): unlike
 * a g_timeout_source, whose start is the context's cached time, it never runs early. */
static GSourceFuncs ready_time_source_funcs = { NULL, NULL, ready_time_dispatch, NULL, NULL, NULL };

/* Keeps the frame as the newest (dropping an undelivered older one) and makes sure one
 * delivery is scheduled, no sooner than LK_SCANNER_FRAME_INTERVAL_MS after the last. */
static void
offer_frame (LkScanner *self, gint generation, LkFrame *frame)
{
  g_mutex_lock (&self->frame_lock);
  lk_frame_clear (&self->newest_frame);
  self->newest_frame = *frame;
  memset (frame, 0, sizeof *frame);
  self->newest_frame_generation = generation;
  if (!self->frame_scheduled)
    {
      self->frame_scheduled = TRUE;
      GWeakRef *ref = g_new0 (GWeakRef, 1);
      g_weak_ref_init (ref, self);
      GSource *source = g_source_new (&ready_time_source_funcs, sizeof (GSource));
      g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
      g_source_set_callback (source, frame_delivery_run, ref, weak_ref_free);
      g_source_set_static_name (source, "lk-scanner frame");
      g_source_set_ready_time (
          source, MAX (self->last_frame_time + LK_SCANNER_FRAME_INTERVAL_MS * 1000, 0));
      g_source_attach (source, self->context);
      g_source_unref (source);
    }
  g_mutex_unlock (&self->frame_lock);
}

/* ---- the worker ---- */

/* The worker reads only fields that stay fixed while it runs (source, context, stop). */
typedef struct
{
  LkScanner *self; /* not a reference: stop() joins the thread before the object goes */
  gint generation;
} WorkerArgs;

static void
forget_old_sightings (GHashTable *last_seen, gint64 now)
{
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, last_seen);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (now - *(gint64 *) value > LK_SCANNER_REPEAT_SUPPRESS_MS * G_TIME_SPAN_MILLISECOND)
      g_hash_table_iter_remove (&iter);
}

/* Reports the texts not seen in the last LK_SCANNER_REPEAT_SUPPRESS_MS; every sighting,
 * reported or not, restarts that text's quiet period. */
static void
report_new_texts (LkScanner *self, gint generation, GPtrArray *symbols)
{
  GHashTable *last_seen = self->last_seen;
  gint64 now = g_get_monotonic_time ();
  g_mutex_lock (&self->last_seen_lock);
  forget_old_sightings (last_seen, now);
  for (guint i = 0; i < symbols->len; i++)
    {
      const LaysoSymbol *symbol = symbols->pdata[i];
      if (symbol->len == 0)
        continue;
      gint64 *seen = g_hash_table_lookup (last_seen, symbol->data);
      if (!seen)
        {
          seen = g_new (gint64, 1);
          g_hash_table_insert (last_seen, g_strdup (symbol->data), seen);
          deliver (self, generation, g_strdup (symbol->data), TRUE, NULL);
        }
      *seen = now;
    }
  g_mutex_unlock (&self->last_seen_lock);
}

/* Reads frames until the scanner stops (TRUE) or the device fails (FALSE, error set). */
static gboolean
scan_frames (LkScanner *self, gint generation, LaysoQrDecoder *decoder, GError **error)
{
  for (;;)
    {
      GPtrArray *symbols = NULL;
      LkFrame frame = { 0 };
      switch (self->source->ops->next (self->source, decoder, &self->stop, &symbols, &frame, error))
        {
          case LK_FRAME_DECODED:
            report_new_texts (self, generation, symbols);
            g_ptr_array_unref (symbols);
            if (frame.pixels)
              offer_frame (self, generation, &frame);
            lk_frame_clear (&frame);
            g_mutex_lock (&self->decoded_lock);
            self->decoded++;
            g_cond_broadcast (&self->decoded_changed);
            g_mutex_unlock (&self->decoded_lock);
            break;
          case LK_FRAME_IDLE:
            lk_stop_signal_wait (&self->stop, G_MAXUINT);
            return TRUE;
          case LK_FRAME_STOPPED:
            return TRUE;
          case LK_FRAME_FAILED:
            return FALSE;
        }
    }
}

/* A camera that fails (unplugged, USB reset) is opened again every LK_SCANNER_RETRY_MS. */
static gpointer
worker_main (gpointer data)
{
  WorkerArgs *args = data;
  LkScanner *self = args->self;
  gint generation = args->generation;
  g_free (args);

  LaysoQrDecoder *decoder = layso_qr_decoder_new ();
  for (;;)
    {
      GError *error = NULL;
      if (self->source->ops->open (self->source, &error))
        {
          deliver (self, generation, NULL, TRUE, NULL);
          gboolean stopped = scan_frames (self, generation, decoder, &error);
          self->source->ops->close (self->source);
          if (stopped)
            break;
        }
      deliver (self, generation, NULL, FALSE, g_strdup (error->message));
      g_error_free (error);
      if (lk_stop_signal_wait (&self->stop, LK_SCANNER_RETRY_MS))
        break;
    }
  layso_qr_decoder_free (decoder);
  return NULL;
}

/* ---- public API ---- */

LkScanner *
lk_scanner_new (const char *source, guint file_interval_ms, GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  LkFrameSource *frames = lk_frame_source_new (source, file_interval_ms, error);
  if (!frames)
    return NULL;
  LkScanner *self = g_object_new (LK_TYPE_SCANNER, NULL);
  self->source = frames;
  return self;
}

void
lk_scanner_start (LkScanner *self)
{
  g_return_if_fail (LK_IS_SCANNER (self));
  if (self->thread)
    return;
  g_mutex_lock (&self->stop.lock);
  self->stop.stopping = FALSE;
  g_mutex_unlock (&self->stop.lock);
  WorkerArgs *args = g_new0 (WorkerArgs, 1);
  args->self = self;
  args->generation = g_atomic_int_get (&self->generation);
  self->thread = g_thread_new ("lk-scanner", worker_main, args);
}

void
lk_scanner_stop (LkScanner *self)
{
  g_return_if_fail (LK_IS_SCANNER (self));
  if (!self->thread)
    return;
  g_mutex_lock (&self->stop.lock);
  self->stop.stopping = TRUE;
  g_cond_broadcast (&self->stop.changed);
  g_mutex_unlock (&self->stop.lock);
  g_thread_join (g_steal_pointer (&self->thread));
  g_atomic_int_inc (&self->generation);
}

gboolean
lk_scanner_wait_decoded (LkScanner *self, guint n, guint timeout_ms)
{
  g_return_val_if_fail (LK_IS_SCANNER (self), FALSE);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  g_mutex_lock (&self->decoded_lock);
  while (self->decoded < n &&
         g_cond_wait_until (&self->decoded_changed, &self->decoded_lock, deadline))
    ;
  gboolean reached = self->decoded >= n;
  g_mutex_unlock (&self->decoded_lock);
  return reached;
}

gboolean
lk_scanner_get_available (LkScanner *self)
{
  g_return_val_if_fail (LK_IS_SCANNER (self), FALSE);
  return self->available;
}

const char *
lk_scanner_get_failure (LkScanner *self)
{
  g_return_val_if_fail (LK_IS_SCANNER (self), NULL);
  return self->failure;
}

/* ---- GObject ---- */

static void
lk_scanner_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LkScanner *self = LK_SCANNER (object);
  switch (prop_id)
    {
      case PROP_AVAILABLE:
        g_value_set_boolean (value, self->available);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lk_scanner_dispose (GObject *object)
{
  LkScanner *self = LK_SCANNER (object);
  lk_scanner_stop (self);
  G_OBJECT_CLASS (lk_scanner_parent_class)->dispose (object);
}

static void
lk_scanner_finalize (GObject *object)
{
  LkScanner *self = LK_SCANNER (object);
  lk_frame_source_free (self->source);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->stop.lock);
  g_cond_clear (&self->stop.changed);
  g_free (self->failure);
  g_hash_table_unref (self->last_seen);
  g_mutex_clear (&self->last_seen_lock);
  lk_frame_clear (&self->newest_frame);
  g_mutex_clear (&self->frame_lock);
  g_mutex_clear (&self->decoded_lock);
  g_cond_clear (&self->decoded_changed);
  G_OBJECT_CLASS (lk_scanner_parent_class)->finalize (object);
}

static void
lk_scanner_class_init (LkScannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->get_property = lk_scanner_get_property;
  object_class->dispose = lk_scanner_dispose;
  object_class->finalize = lk_scanner_finalize;

  properties[PROP_AVAILABLE] =
      g_param_spec_boolean ("available", NULL, NULL, TRUE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SCANNED] = g_signal_new ("scanned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_FRAME] =
      g_signal_new ("frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 4, G_TYPE_BYTES, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
}

static void
lk_scanner_init (LkScanner *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->available = TRUE;
  self->last_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_mutex_init (&self->last_seen_lock);
  g_mutex_init (&self->frame_lock);
  g_mutex_init (&self->decoded_lock);
  g_cond_init (&self->decoded_changed);
  g_mutex_init (&self->stop.lock);
  g_cond_init (&self->stop.changed);
}
