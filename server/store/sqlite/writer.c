#include "store/sqlite/writer.h"

#include <errno.h>
#include <glib.h>

/* Enough to amortise one fsync over a burst; small enough to keep latency flat. */
#define MAX_BATCH 512

/* Each op has its own lock and condition: a commit wakes only its own waiters, and they
 * do not queue up behind the writer's lock to return. */
struct LsWriteOp
{
  LsWriteFn fn;
  void *user_data;
  int result;
  LsWriteDone done_fn; /* ls_writer_submit: called instead of waking a waiter */
  void *done_data;
  GMutex done_lock;
  GCond done_cond;
  bool done;
};

struct LsWriter
{
  sqlite3 *db;
  sqlite3_stmt *begin, *commit, *savepoint, *release, *rollback_to;
  /* checkpoints run on their own thread and connection, so a commit never waits for one */
  GThread *checkpointer;
  sqlite3 *ckpt_db;
  bool ckpt_wanted;
  GCond ckpt_cond;
  GThread *thread;
  GMutex lock;
  GCond queued; /* writer waits here for work */
  bool idle;    /* the writer waits on `queued`: only then is a wake-up needed */
  GQueue queue; /* LsWriteOp* */
  bool stopping;
};

static bool
exec (sqlite3 *db, const char *sql)
{
  return sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

static bool
step (sqlite3_stmt *st)
{
  int rc = sqlite3_step (st);
  sqlite3_reset (st);
  return rc == SQLITE_DONE;
}

/* A full disk is not a fault of the database: the caller answers 503 and the next batch
 * tries again, so writes resume by themselves once space is freed. */
static int
disk_full_as_enospc (sqlite3 *db, int result)
{
  if (result != -EIO)
    return result;
  bool full = sqlite3_errcode (db) == SQLITE_FULL || sqlite3_system_errno (db) == ENOSPC;
  return full ? -ENOSPC : result;
}

static void
run_batch (LsWriter *w, LsWriteOp **ops, unsigned n)
{
  bool ok = step (w->begin);
  for (unsigned i = 0; i < n && ok; i++)
    {
      if (!step (w->savepoint))
        {
          ok = false;
          break;
        }
      ops[i]->result = disk_full_as_enospc (w->db, ops[i]->fn (w->db, ops[i]->user_data));
      if (ops[i]->result < 0)
        step (w->rollback_to);
      if (!step (w->release))
        ok = false;
    }
  if (ok)
    ok = step (w->commit);
  if (!ok)
    {
      int result = disk_full_as_enospc (w->db, -EIO);
      exec (w->db, "ROLLBACK");
      for (unsigned i = 0; i < n; i++)
        ops[i]->result = result;
    }
}

static gpointer
writer_main (gpointer data)
{
  LsWriter *w = data;
  LsWriteOp *batch[MAX_BATCH];

  g_mutex_lock (&w->lock);
  for (;;)
    {
      while (g_queue_is_empty (&w->queue) && !w->stopping)
        {
          w->idle = true;
          g_cond_wait (&w->queued, &w->lock);
          w->idle = false;
        }
      if (g_queue_is_empty (&w->queue) && w->stopping)
        break;
      unsigned n = 0;
      while (n < MAX_BATCH && !g_queue_is_empty (&w->queue))
        batch[n++] = g_queue_pop_head (&w->queue);
      g_mutex_unlock (&w->lock);

      run_batch (w, batch, n);

      for (unsigned i = 0; i < n; i++)
        {
          LsWriteOp *op = batch[i];
          if (op->done_fn)
            {
              op->done_fn (op->result, op->done_data);
              g_free (op);
              continue;
            }
          g_mutex_lock (&op->done_lock);
          op->done = true;
          g_cond_signal (&op->done_cond);
          g_mutex_unlock (&op->done_lock);
        }
      g_mutex_lock (&w->lock);
    }
  g_mutex_unlock (&w->lock);
  return NULL;
}

#define CHECKPOINT_PAGES    1000
#define CHECKPOINT_PAUSE_US (G_USEC_PER_SEC / 2)

static int
on_wal_commit (void *data, sqlite3 *db, const char *name, int pages)
{
  LsWriter *w = data;
  if (pages >= CHECKPOINT_PAGES && w->ckpt_db)
    {
      g_mutex_lock (&w->lock);
      w->ckpt_wanted = true;
      g_cond_signal (&w->ckpt_cond);
      g_mutex_unlock (&w->lock);
    }
  return SQLITE_OK;
}

static gpointer
checkpointer_main (gpointer data)
{
  LsWriter *w = data;
  g_mutex_lock (&w->lock);
  for (;;)
    {
      while (!w->ckpt_wanted && !w->stopping)
        g_cond_wait (&w->ckpt_cond, &w->lock);
      if (w->stopping)
        break;
      w->ckpt_wanted = false;
      g_mutex_unlock (&w->lock);
      /* PASSIVE: copies what no reader still needs, never blocks the writer */
      sqlite3_wal_checkpoint_v2 (w->ckpt_db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      g_mutex_lock (&w->lock);
      /* at most a few checkpoints a second: each one syncs the database file */
      gint64 until = g_get_monotonic_time () + CHECKPOINT_PAUSE_US;
      while (!w->stopping && g_cond_wait_until (&w->ckpt_cond, &w->lock, until))
        ;
    }
  g_mutex_unlock (&w->lock);
  return NULL;
}

static sqlite3_stmt *
prepare (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
    g_error ("writer: cannot prepare %s: %s", sql, sqlite3_errmsg (db));
  return st;
}

LsWriter *
ls_writer_start (sqlite3 *db, const char *path)
{
  LsWriter *w = g_new0 (LsWriter, 1);
  w->db = db;
  w->begin = prepare (db, "BEGIN IMMEDIATE");
  w->commit = prepare (db, "COMMIT");
  w->savepoint = prepare (db, "SAVEPOINT op");
  w->release = prepare (db, "RELEASE op");
  w->rollback_to = prepare (db, "ROLLBACK TO op");
  g_mutex_init (&w->lock);
  g_cond_init (&w->queued);
  g_cond_init (&w->ckpt_cond);
  g_queue_init (&w->queue);
  if (sqlite3_open_v2 (path, &w->ckpt_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) ==
      SQLITE_OK)
    {
      sqlite3_busy_timeout (w->ckpt_db, 1000);
      /* a connection learns the file is in WAL mode only once it has read it */
      sqlite3_exec (w->ckpt_db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
      sqlite3_wal_hook (db, on_wal_commit, w); /* replaces the automatic checkpoint */
      w->checkpointer = g_thread_new ("layso-checkpoint", checkpointer_main, w);
    }
  else
    {
      sqlite3_close_v2 (w->ckpt_db);
      w->ckpt_db = NULL;
    }
  w->thread = g_thread_new ("layso-writer", writer_main, w);
  return w;
}

/* Queues op; false (nothing queued) once the writer is stopping. */
static bool
enqueue (LsWriter *w, LsWriteOp *op)
{
  g_mutex_lock (&w->lock);
  if (w->stopping)
    {
      g_mutex_unlock (&w->lock);
      return false;
    }
  g_queue_push_tail (&w->queue, op);
  if (w->idle)
    g_cond_signal (&w->queued); /* a busy writer takes the queue when its batch is done */
  g_mutex_unlock (&w->lock);
  return true;
}

void
ls_writer_submit (LsWriter *w, LsWriteFn fn, void *user_data, LsWriteDone done, void *done_data)
{
  LsWriteOp *op = g_new0 (LsWriteOp, 1);
  op->fn = fn;
  op->user_data = user_data;
  op->done_fn = done;
  op->done_data = done_data;
  if (!enqueue (w, op))
    {
      g_free (op);
      done (-ESHUTDOWN, done_data);
    }
}

int
ls_writer_run (LsWriter *w, LsWriteFn fn, void *user_data)
{
  LsWriteOp op = { .fn = fn, .user_data = user_data };
  g_mutex_init (&op.done_lock);
  g_cond_init (&op.done_cond);
  g_mutex_lock (&w->lock);
  if (w->stopping)
    {
      g_mutex_unlock (&w->lock);
      g_cond_clear (&op.done_cond);
      g_mutex_clear (&op.done_lock);
      return -ESHUTDOWN;
    }
  g_queue_push_tail (&w->queue, &op);
  if (w->idle)
    g_cond_signal (&w->queued); /* a busy writer takes the queue when its batch is done */
  g_mutex_unlock (&w->lock);

  g_mutex_lock (&op.done_lock);
  while (!op.done)
    g_cond_wait (&op.done_cond, &op.done_lock);
  g_mutex_unlock (&op.done_lock);
  g_cond_clear (&op.done_cond);
  g_mutex_clear (&op.done_lock);
  return op.result;
}

void
ls_writer_stop (LsWriter *w)
{
  if (!w)
    return;
  g_mutex_lock (&w->lock);
  w->stopping = true;
  g_cond_signal (&w->queued);
  g_cond_signal (&w->ckpt_cond);
  g_mutex_unlock (&w->lock);
  g_thread_join (w->thread);
  if (w->checkpointer)
    g_thread_join (w->checkpointer);
  sqlite3_finalize (w->begin);
  sqlite3_finalize (w->commit);
  sqlite3_finalize (w->savepoint);
  sqlite3_finalize (w->release);
  sqlite3_finalize (w->rollback_to);
  /* a last full checkpoint leaves a clean database file behind */
  sqlite3_wal_checkpoint_v2 (w->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  sqlite3_close_v2 (w->ckpt_db);
  sqlite3_close_v2 (w->db);
  g_cond_clear (&w->queued);
  g_cond_clear (&w->ckpt_cond);
  g_mutex_clear (&w->lock);
  g_free (w);
}
