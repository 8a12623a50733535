/* The look-up guard's counters in SQLite (store.h: lookup_counters, lookup_fail). The rule
 * itself is common/lookup-guard.c; this file only reads and writes its state, the write in
 * one transaction on the writer so that processes sharing the file count together. */
#include "store/sqlite/store-sqlite-private.h"

#include <errno.h>

static int
read_counter (Conn *c, const char *key, LaysoLookupCounter *ret)
{
  STMT st = sql_prep (c, "SELECT failures, window_start, locked_until FROM lookup_guard"
                         " WHERE key = ?");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, key);
  int r = sql_step_one (st);
  if (r == -LS_E_NOT_FOUND)
    {
      *ret = (LaysoLookupCounter){ 0 };
      return 0;
    }
  if (r < 0)
    return r;
  ret->failures = sqlite3_column_int (st, 0);
  ret->window_start = sqlite3_column_int64 (st, 1);
  ret->locked_until = sqlite3_column_int64 (st, 2);
  return 0;
}

static int
read_counters (Conn *c, const char *const *keys, size_t n, LaysoLookupCounter *ret)
{
  for (size_t i = 0; i < n; i++)
    {
      int r = read_counter (c, keys[i], &ret[i]);
      if (r < 0)
        return r;
    }
  return 0;
}

int
sqlite_lookup_counters (LsStore *base, const char *const *keys, size_t n, LaysoLookupCounter *ret)
{
  ON_READER (base, read_counters (c, keys, n, ret));
}

typedef struct
{
  const char *const *keys;
  const int *thresholds;
  size_t n;
  gint64 now;
} FailOp;

static int
write_counter (Conn *c, const char *key, const LaysoLookupCounter *counter)
{
  STMT st = sql_prep (c, "INSERT OR REPLACE INTO lookup_guard"
                         " (key, failures, window_start, locked_until) VALUES (?, ?, ?, ?)");
  if (!st)
    return -EIO;
  sql_bind_text (st, 1, key);
  sqlite3_bind_int (st, 2, counter->failures);
  sqlite3_bind_int64 (st, 3, counter->window_start);
  sqlite3_bind_int64 (st, 4, counter->locked_until);
  return sql_step_done (st) ? 0 : -EIO;
}

static int
fail_apply (Conn *c, void *data)
{
  FailOp *op = data;
  for (size_t i = 0; i < op->n; i++)
    {
      LaysoLookupCounter counter;
      int r = read_counter (c, op->keys[i], &counter);
      if (r < 0)
        return r;
      layso_lookup_fail (&counter, op->thresholds[i], op->now);
      if ((r = write_counter (c, op->keys[i], &counter)) < 0)
        return r;
    }
  /* forget what no longer matters: no lock, and a window that is over */
  STMT st = sql_prep (c, "DELETE FROM lookup_guard WHERE locked_until <= ?1"
                         " AND window_start <= ?1 - ?2");
  if (!st)
    return -EIO;
  sqlite3_bind_int64 (st, 1, op->now);
  sqlite3_bind_int64 (st, 2, LAYSO_LOOKUP_WINDOW_S);
  return sql_step_done (st) ? 0 : -EIO;
}

int
sqlite_lookup_fail (LsStore *base, const char *const *keys, const int *thresholds, size_t n,
                    gint64 now)
{
  FailOp op = { keys, thresholds, n, now };
  return sqlite_write_run ((SqliteStore *) base, fail_apply, &op);
}
