#include "writer.h"

#include <errno.h>
#include <glib.h>

/* Enough to amortise one fsync over a burst; small enough to keep latency flat. */
#define MAX_BATCH 512

struct LsWriteOp {
  LsWriteFn fn;
  void     *user_data;
  int       result;
  bool      done;
};

struct LsWriter {
  sqlite3  *db;
  GThread  *thread;
  GMutex    lock;
  GCond     queued;   /* writer waits here for work */
  GCond     finished; /* submitters wait here for their op */
  GQueue    queue;    /* LsWriteOp* */
  bool      stopping;
};

static bool
exec(sqlite3 *db, const char *sql)
{
  return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

static void
run_batch(LsWriter *w, LsWriteOp **ops, unsigned n)
{
  bool ok = exec(w->db, "BEGIN IMMEDIATE");
  for (unsigned i = 0; i < n && ok; i++) {
    if (!exec(w->db, "SAVEPOINT op")) {
      ok = false;
      break;
    }
    ops[i]->result = ops[i]->fn(w->db, ops[i]->user_data);
    if (ops[i]->result < 0)
      exec(w->db, "ROLLBACK TO op");
    if (!exec(w->db, "RELEASE op"))
      ok = false;
  }
  if (ok)
    ok = exec(w->db, "COMMIT");
  if (!ok) {
    exec(w->db, "ROLLBACK");
    for (unsigned i = 0; i < n; i++)
      ops[i]->result = -EIO;
  }
}

static gpointer
writer_main(gpointer data)
{
  LsWriter *w = data;
  LsWriteOp *batch[MAX_BATCH];

  g_mutex_lock(&w->lock);
  for (;;) {
    while (g_queue_is_empty(&w->queue) && !w->stopping)
      g_cond_wait(&w->queued, &w->lock);
    if (g_queue_is_empty(&w->queue) && w->stopping)
      break;
    unsigned n = 0;
    while (n < MAX_BATCH && !g_queue_is_empty(&w->queue))
      batch[n++] = g_queue_pop_head(&w->queue);
    g_mutex_unlock(&w->lock);

    run_batch(w, batch, n);

    g_mutex_lock(&w->lock);
    for (unsigned i = 0; i < n; i++)
      batch[i]->done = true;
    g_cond_broadcast(&w->finished);
  }
  g_mutex_unlock(&w->lock);
  return NULL;
}

LsWriter *
ls_writer_start(sqlite3 *db)
{
  LsWriter *w = g_new0(LsWriter, 1);
  w->db = db;
  g_mutex_init(&w->lock);
  g_cond_init(&w->queued);
  g_cond_init(&w->finished);
  g_queue_init(&w->queue);
  w->thread = g_thread_new("layso-writer", writer_main, w);
  return w;
}

int
ls_writer_run(LsWriter *w, LsWriteFn fn, void *user_data)
{
  LsWriteOp op = { .fn = fn, .user_data = user_data };
  g_mutex_lock(&w->lock);
  if (w->stopping) {
    g_mutex_unlock(&w->lock);
    return -ESHUTDOWN;
  }
  g_queue_push_tail(&w->queue, &op);
  g_cond_signal(&w->queued);
  while (!op.done)
    g_cond_wait(&w->finished, &w->lock);
  g_mutex_unlock(&w->lock);
  return op.result;
}

void
ls_writer_stop(LsWriter *w)
{
  if (!w)
    return;
  g_mutex_lock(&w->lock);
  w->stopping = true;
  g_cond_signal(&w->queued);
  g_mutex_unlock(&w->lock);
  g_thread_join(w->thread);
  sqlite3_close_v2(w->db);
  g_cond_clear(&w->queued);
  g_cond_clear(&w->finished);
  g_mutex_clear(&w->lock);
  g_free(w);
}
