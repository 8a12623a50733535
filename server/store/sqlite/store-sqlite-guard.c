/* The SQLite backend: the look-up guard's counters (store-sql-guard.c reads and writes them
 * for both backends) are read inside a failure's write with no lock of their own: the
 * writer's BEGIN IMMEDIATE keeps every other write, of any process, out until the commit. */
#include "store/sqlite/store-sqlite-private.h"

static const LsSqlGuard guard = { NULL, LS_SQL_GUARD_READ };

int
sqlite_lookup_fail (LsStore *base, const char *const *keys, const int *thresholds, size_t n,
                    gint64 now)
{
  return ls_sql_lookup_fail (base, &guard, keys, thresholds, n, now);
}
