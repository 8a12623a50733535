/* Group commit for SQLite. One writer thread owns the write connection. Request threads
 * submit an op and wait; the writer takes every op waiting in its queue into one
 * BEGIN IMMEDIATE … COMMIT, each op inside its own SAVEPOINT (so one op's failure, e.g.
 * slot_full, rolls back only that op), and wakes the waiters only after COMMIT returned:
 * with synchronous=FULL, an answered write is durable. */
#pragma once

#include <sqlite3.h>
#include <stdbool.h>

typedef struct LsWriter LsWriter;

typedef struct LsWriteOp LsWriteOp;
/* Runs on the writer thread inside a savepoint. 0 keeps its changes, negative rolls the
 * savepoint back; the value is what ls_writer_run returns (unless COMMIT fails: -EIO). */
typedef int (*LsWriteFn) (sqlite3 *db, void *user_data);

/* Starts the writer thread; it owns `db` (opened on `path`) from now on and closes it when
 * stopped. WAL checkpoints run on a thread of their own so commits never wait for them. */
LsWriter *ls_writer_start (sqlite3 *db, const char *path);
/* Runs fn on the writer thread and waits until its transaction is committed. */
int ls_writer_run (LsWriter *w, LsWriteFn fn, void *user_data);
/* What ls_writer_run returns, handed to a callback instead of a waiting thread: done runs
 * on the writer thread once fn's transaction is committed (or failed), and must be quick.
 * A stopping writer calls done(-ESHUTDOWN) at once, on the caller's thread. */
typedef void (*LsWriteDone) (int result, void *done_data);
void ls_writer_submit (LsWriter *w, LsWriteFn fn, void *user_data, LsWriteDone done,
                       void *done_data);
/* Finishes what is queued, stops the thread, closes the connection. NULL is fine. */
void ls_writer_stop (LsWriter *w);
