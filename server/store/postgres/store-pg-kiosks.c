/* The PostgreSQL backend: kiosks as /quan-tri manages them. Tokens are CSPRNG (codes.h) and
 * stored as their SHA-256 only, so a token is shown once, when made. A revoked kiosk keeps
 * its row (its tickets name it) but its token never authenticates again. */
#include "store/postgres/store-pg-private.h"

#include "codes.h"

#include <errno.h>

#define SEEN_EVERY_S 60 /* last_seen_at is written at most this often per kiosk */

typedef struct
{
  const char *unit_id, *id, *name;
  char hash[65];
  const LsAuditEntry *audit;
} KioskOp;

static int
kiosk_create_apply (PgConn *c, void *data)
{
  KioskOp *op = data;
  int r = PG_RUN (c,
                  "INSERT INTO kiosks (id, name, unit_id, token_hash) VALUES ($1, $2, $3, $4)"
                  " ON CONFLICT DO NOTHING",
                  op->id, op->name, op->unit_id, op->hash);
  if (r < 0)
    return r;
  return r == 1 ? pg_audit_insert (c, op->audit) : -EEXIST;
}

static int
kiosk_rotate_apply (PgConn *c, void *data)
{
  KioskOp *op = data;
  int r = PG_RUN (c,
                  "UPDATE kiosks SET token_hash = $1 WHERE id = $2 AND unit_id = $3"
                  " AND revoked_at IS NULL",
                  op->hash, op->id, op->unit_id);
  if (r < 0)
    return r;
  return r == 1 ? pg_audit_insert (c, op->audit) : -LS_E_NOT_FOUND;
}

/* Runs a write that gives the kiosk a new token; the token on success. */
static int
with_new_token (LsStore *base, PgTxFn fn, KioskOp *op, char **ret_token)
{
  g_autofree char *token = layso_token_generate ();
  layso_token_hash (token, op->hash);
  int r = pg_tx ((PgStore *) base, fn, op);
  if (r == 0)
    *ret_token = g_steal_pointer (&token);
  return r;
}

int
pg_kiosk_create (LsStore *base, const char *unit_id, const char *id, const char *name,
                 const LsAuditEntry *audit, char **ret_token)
{
  KioskOp op = { unit_id, id, name, "", audit };
  return with_new_token (base, kiosk_create_apply, &op, ret_token);
}

int
pg_kiosk_rotate_in_unit (LsStore *base, const char *unit_id, const char *id,
                         const LsAuditEntry *audit, char **ret_token)
{
  KioskOp op = { unit_id, id, NULL, "", audit };
  return with_new_token (base, kiosk_rotate_apply, &op, ret_token);
}

static int
kiosk_revoke_apply (PgConn *c, void *data)
{
  KioskOp *op = data;
  /* the hash is replaced too: no token, old or new, maps to this row any more */
  int r = PG_RUN (c,
                  "UPDATE kiosks SET revoked_at = $1, token_hash = 'revoked:' || id"
                  " WHERE id = $2 AND unit_id = $3 AND revoked_at IS NULL",
                  op->audit->now, op->id, op->unit_id);
  if (r < 0)
    return r;
  return r == 1 ? pg_audit_insert (c, op->audit) : -LS_E_NOT_FOUND;
}

int
pg_kiosk_revoke (LsStore *base, const char *unit_id, const char *id, const LsAuditEntry *audit)
{
  KioskOp op = { unit_id, id, NULL, "", audit };
  return pg_tx ((PgStore *) base, kiosk_revoke_apply, &op);
}

static void *
kiosk_status_from_row (const PGresult *r, int i)
{
  LsKioskStatus *k = g_new0 (LsKioskStatus, 1);
  k->id = pg_dup (r, i, 0);
  k->name = pg_dup (r, i, 1);
  k->unit_id = pg_dup (r, i, 2);
  k->revoked_at = pg_dup (r, i, 3);
  k->last_seen_at = pg_dup (r, i, 4);
  k->print_ok = PQgetisnull (r, i, 5) ? -1 : pg_get_int (r, i, 5);
  k->print_reason = pg_dup (r, i, 6);
  k->printed_at = pg_dup (r, i, 7);
  return k;
}

static int
kiosks_of_unit (PgConn *c, const char *unit_id, GPtrArray **ret)
{
  PG_RESULT r = NULL;
  int err = PG_EXEC (c, &r,
                     "SELECT k.id, k.name, k.unit_id, k.revoked_at, k.last_seen_at,"
                     " p.print_ok, p.print_reason, p.printed_at FROM kiosks k"
                     " LEFT JOIN tickets p ON p.seq_id = (SELECT t.seq_id FROM tickets t"
                     "  WHERE t.kiosk_id = k.id AND t.print_ok IS NOT NULL"
                     "  ORDER BY t.printed_at DESC, t.seq_id DESC LIMIT 1)"
                     " WHERE k.unit_id = $1 ORDER BY k.revoked_at IS NOT NULL, k.id",
                     unit_id);
  if (err == 0)
    *ret = pg_collect_rows (r, kiosk_status_from_row, (GDestroyNotify) ls_kiosk_status_free);
  return err;
}

int
pg_kiosks_of_unit (LsStore *base, const char *unit_id, GPtrArray **ret)
{
  ON_CONN (base, kiosks_of_unit (c, unit_id, ret));
}

typedef struct
{
  PgJob job;
  char *kiosk_id, *now;
} SeenJob;

static int
kiosk_seen_write (PgConn *c, const SeenJob *op)
{
  int r = PG_RUN (c,
                  "UPDATE kiosks SET last_seen_at = $1 WHERE id = $2 AND (last_seen_at IS NULL"
                  " OR extract(epoch FROM $1::text::timestamptz)"
                  "    - extract(epoch FROM last_seen_at::timestamptz) >= $3::integer)",
                  op->now, op->kiosk_id, pg_num (SEEN_EVERY_S).s);
  return r < 0 ? r : 0;
}

static int
kiosk_seen_on_conn (PgStore *s, const SeenJob *op)
{
  ON_CONN (s, kiosk_seen_write (c, op));
}

static void
kiosk_seen_job (PgJob *job, PgStore *s)
{
  SeenJob *op = (SeenJob *) job;
  (void) kiosk_seen_on_conn (s, op); /* a missed note is harmless: the next request writes it */
  g_free (op->kiosk_id);
  g_free (op->now);
  g_free (op);
}

void
pg_kiosk_seen (LsStore *base, const char *kiosk_id, const char *now)
{
  SeenJob *op = g_new0 (SeenJob, 1);
  op->job.run = kiosk_seen_job;
  op->kiosk_id = g_strdup (kiosk_id);
  op->now = g_strdup (now);
  pg_submit ((PgStore *) base, &op->job);
}
