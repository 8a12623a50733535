/* The look-up guard's counters in PostgreSQL (store.h: lookup_counters, lookup_fail). The
 * rule is common/lookup-guard.c; this file reads and writes its state, each counter under
 * its row's lock, so that processes sharing the database count together. */
#include "store/postgres/store-pg-private.h"

#include <errno.h>

/* `lock`: the counter is read FOR UPDATE (its row made first), inside a transaction. */
static int
read_counter (PgConn *c, const char *key, bool lock, LaysoLookupCounter *ret)
{
  PG_RESULT r = NULL;
  int err = lock ? PG_RUN (c,
                           "INSERT INTO lookup_guard (key, failures, window_start, locked_until)"
                           " VALUES ($1, 0, 0, 0) ON CONFLICT DO NOTHING",
                           key)
                 : 0;
  if (err < 0 ||
      (err = PG_EXEC (c, &r,
                      lock ? "SELECT failures, window_start, locked_until FROM lookup_guard"
                             " WHERE key = $1 FOR UPDATE"
                           : "SELECT failures, window_start, locked_until FROM lookup_guard"
                             " WHERE key = $1",
                      key)) < 0)
    return err;
  *ret = (LaysoLookupCounter){ 0 };
  if (PQntuples (r) == 1)
    {
      ret->failures = pg_get_int (r, 0, 0);
      ret->window_start = pg_get_int64 (r, 0, 1);
      ret->locked_until = pg_get_int64 (r, 0, 2);
    }
  return 0;
}

static int
read_counters (PgConn *c, const char *const *keys, size_t n, LaysoLookupCounter *ret)
{
  for (size_t i = 0; i < n; i++)
    {
      int r = read_counter (c, keys[i], false, &ret[i]);
      if (r < 0)
        return r;
    }
  return 0;
}

int
pg_lookup_counters (LsStore *base, const char *const *keys, size_t n, LaysoLookupCounter *ret)
{
  ON_CONN (base, read_counters (c, keys, n, ret));
}

typedef struct
{
  const char *const *keys;
  const int *thresholds;
  size_t n;
  gint64 now;
} FailOp;

static int
fail_apply (PgConn *c, void *data)
{
  FailOp *op = data;
  for (size_t i = 0; i < op->n; i++)
    {
      LaysoLookupCounter counter;
      int r = read_counter (c, op->keys[i], true, &counter);
      if (r < 0)
        return r;
      layso_lookup_fail (&counter, op->thresholds[i], op->now);
      r = PG_RUN (c,
                  "UPDATE lookup_guard SET failures = $2, window_start = $3, locked_until = $4"
                  " WHERE key = $1",
                  op->keys[i], pg_num (counter.failures).s, pg_num (counter.window_start).s,
                  pg_num (counter.locked_until).s);
      if (r < 0)
        return r;
    }
  /* forget what no longer matters: no lock, and a window that is over */
  int r = PG_RUN (c,
                  "DELETE FROM lookup_guard WHERE locked_until <= $1::bigint"
                  " AND window_start <= $1::bigint - $2::bigint",
                  pg_num (op->now).s, pg_num (LAYSO_LOOKUP_WINDOW_S).s);
  return r < 0 ? r : 0;
}

int
pg_lookup_fail (LsStore *base, const char *const *keys, const int *thresholds, size_t n, gint64 now)
{
  FailOp op = { keys, thresholds, n, now };
  return pg_tx ((PgStore *) base, fail_apply, &op);
}
