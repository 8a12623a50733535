/* The PostgreSQL backend: how the look-up guard's counters are read inside a failure's write
 * (store-sql-guard.c reads and writes them for both backends): each counter's row is made
 * first, then locked until the commit, so that processes sharing the database count
 * together and two failures of one key are counted one after the other. */
#include "store/postgres/store-pg-private.h"

static const LsSqlGuard guard = {
  "INSERT INTO lookup_guard (key, failures, window_start, locked_until) VALUES (?, 0, 0, 0)"
  " ON CONFLICT DO NOTHING",
  LS_SQL_GUARD_READ " FOR UPDATE",
};

int
pg_lookup_fail (LsStore *base, const char *const *keys, const int *thresholds, size_t n, gint64 now)
{
  return ls_sql_lookup_fail (base, &guard, keys, thresholds, n, now);
}
