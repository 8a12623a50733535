/* The PostgreSQL backend's ops not written yet: each answers -ENOSYS (the route replies
 * 5xx JSON), so a server on PostgreSQL never crashes on them. Ops move out of this file as
 * they are implemented. */
#include "store/postgres/store-pg-private.h"

#include <errno.h>

int
pg_stats_rows (LsStore *base, const LsStatsQuery *q, GArray **ret_tickets, GArray **ret_bookings)
{
  return -ENOSYS;
}

int
pg_unit_update (LsStore *base, const LsUnitUpdate *in, const LsAuditEntry *audit)
{
  return -ENOSYS;
}

int
pg_field_put (LsStore *base, const char *unit_id, const LsField *f, const LsAuditEntry *audit)
{
  return -ENOSYS;
}

int
pg_capacity_change (LsStore *base, const LsCapacityChange *in, unsigned *ret_affected,
                    GPtrArray **ret_bookings)
{
  return -ENOSYS;
}

int
pg_notice_put (LsStore *base, const LsNoticeInput *in, const LsAuditEntry *audit, char **ret_id)
{
  return -ENOSYS;
}

int
pg_notice_publish (LsStore *base, const char *unit_id, const char *id, bool publish,
                   const char *now, const LsAuditEntry *audit)
{
  return -ENOSYS;
}

int
pg_notices_admin (LsStore *base, const char *unit_id, GPtrArray **ret)
{
  return -ENOSYS;
}

int
pg_booking_over_capacity (LsStore *base, gint64 booking_id, bool *ret)
{
  return -ENOSYS;
}

int
pg_audit_search (LsStore *base, const LsAuditQuery *q, GPtrArray **ret)
{
  return -ENOSYS;
}
