/* The look-up guard's counters for both backends (store.h: lookup_counters, lookup_fail). The
 * rule is common/lookup-guard.c; this file reads and writes its state, a failure's counters
 * in one write, so that processes sharing the database count together. How a counter is
 * read inside that write is the backend's (LsSqlGuard): PostgreSQL makes its row first and
 * locks it, so that two processes' failures are counted one after the other. */
#include "store/store-sql.h"

typedef struct
{
  const char *const *keys;
  size_t n;
  LaysoLookupCounter *ret; /* lookup_counters: the counters read */
  const LsSqlGuard *how;   /* lookup_fail: how they are read in its write */
  const int *thresholds;
  gint64 now;
} GuardOp;

static int
counter_row (const LsSqlRow *row, void *ret)
{
  LaysoLookupCounter *counter = ret;
  counter->failures = (int) ls_sql_int64 (row, 0);
  counter->window_start = ls_sql_int64 (row, 1);
  counter->locked_until = ls_sql_int64 (row, 2);
  return 0;
}

/* The counter of key read by sql (? = the key); all zero without a row. */
static int
read_counter (LsSql *c, const char *sql, const char *key, LaysoLookupCounter *ret)
{
  *ret = (LaysoLookupCounter){ 0 };
  return c->ops->query (c, sql, LS_SQL_VALUES (key), 1, counter_row, ret);
}

static int
read_counters (LsSql *c, void *data)
{
  GuardOp *op = data;
  for (size_t i = 0; i < op->n; i++)
    {
      int r = read_counter (c, LS_SQL_GUARD_READ, op->keys[i], &op->ret[i]);
      if (r < 0)
        return r;
    }
  return 0;
}

int
ls_sql_lookup_counters (LsStore *s, const char *const *keys, size_t n, LaysoLookupCounter *ret)
{
  GuardOp op = { keys, n, ret, NULL, NULL, 0 };
  return ls_sql_read (s, read_counters, &op);
}

static int
fail_one (LsSql *c, const GuardOp *op, size_t i)
{
  LaysoLookupCounter counter;
  int r = op->how->make_sql ? LS_SQL_RUN (c, op->how->make_sql, op->keys[i]) : 0;
  if (r < 0 || (r = read_counter (c, op->how->read_sql, op->keys[i], &counter)) < 0)
    return r;
  layso_lookup_fail (&counter, op->thresholds[i], op->now);
  /* an upsert: without make_sql the row may not be there yet */
  r = LS_SQL_RUN (c,
                  "INSERT INTO lookup_guard (key, failures, window_start, locked_until)"
                  " VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
                  " failures = excluded.failures, window_start = excluded.window_start,"
                  " locked_until = excluded.locked_until",
                  op->keys[i], ls_sql_num (counter.failures).s, ls_sql_num (counter.window_start).s,
                  ls_sql_num (counter.locked_until).s);
  return r < 0 ? r : 0;
}

static int
fail_apply (LsSql *c, void *data)
{
  GuardOp *op = data;
  for (size_t i = 0; i < op->n; i++)
    {
      int r = fail_one (c, op, i);
      if (r < 0)
        return r;
    }
  /* forget what no longer matters: no lock, and a window that is over (the window's start
   * reckoned here: a value's type in arithmetic is each database's own) */
  int r = LS_SQL_RUN (c, "DELETE FROM lookup_guard WHERE locked_until <= ? AND window_start <= ?",
                      ls_sql_num (op->now).s, ls_sql_num (op->now - LAYSO_LOOKUP_WINDOW_S).s);
  return r < 0 ? r : 0;
}

int
ls_sql_lookup_fail (LsStore *s, const LsSqlGuard *how, const char *const *keys,
                    const int *thresholds, size_t n, gint64 now)
{
  GuardOp op = { keys, n, NULL, how, thresholds, now };
  return ls_sql_write (s, fail_apply, &op);
}
