/* Backend-independent parts of the store: opening by spec, the catalog, and the rows every
 * backend hands out (their fields are g_malloc'ed whatever the backend). */
#include "store/store.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>

static bool
sqlite_exists (const char *spec, const char *path)
{
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static int
sqlite_open (const char *spec, const char *path, const LsStoreConfig *cfg, LsStore **ret)
{
  return ls_store_sqlite_open (path, ret);
}

/* libpq reads the whole URI, scheme included */
static bool
postgres_exists (const char *spec, const char *rest)
{
  return ls_store_postgres_exists (spec);
}

static int
postgres_open (const char *spec, const char *rest, const LsStoreConfig *cfg, LsStore **ret)
{
  return ls_store_postgres_open (spec, cfg, ret);
}

const char *const ls_store_tables[] = {
  "units",         "fields",         "slots",           "slot_usage",
  "bookings",      "kiosks",         "ticket_counters", "tickets",
  "notices",       "idempotency",    "queue_counters",  "lookup_guard",
  "calendar_days", "calendar_swaps", "staff_users",     "staff_sessions",
  "audit_log",     "counters",       "queue_policies",  "event_seq",
  "unit_events",   "settings",       "closed_days",     NULL,
};

/* The backends by the scheme that starts a --db spec. */
static const struct
{
  const char *scheme;
  int (*open) (const char *spec, const char *rest, const LsStoreConfig *cfg, LsStore **ret);
  bool (*exists) (const char *spec, const char *rest);
} backends[] = {
  { "sqlite:", sqlite_open, sqlite_exists },
  { "postgresql://", postgres_open, postgres_exists },
  { "postgres://", postgres_open, postgres_exists },
};

/* The backend of spec and what follows its scheme (maybe empty), or -1. */
static int
backend_of (const char *spec, const char **ret_rest)
{
  for (size_t i = 0; spec && i < G_N_ELEMENTS (backends); i++)
    if (g_str_has_prefix (spec, backends[i].scheme))
      {
        *ret_rest = spec + strlen (backends[i].scheme);
        return (int) i;
      }
  return -1;
}

bool
ls_store_spec_valid (const char *spec)
{
  const char *rest;
  return backend_of (spec, &rest) >= 0 && *rest;
}

bool
ls_store_exists (const char *spec)
{
  const char *rest;
  int b = backend_of (spec, &rest);
  return b >= 0 && *rest && backends[b].exists (spec, rest);
}

int
ls_store_open_with (const char *spec, const LsStoreConfig *cfg, LsStore **ret)
{
  static const LsStoreConfig defaults = { LS_STORE_POOL_DEFAULT };
  const char *rest;
  int b = backend_of (spec, &rest);
  if (b < 0)
    return -EPROTONOSUPPORT;
  if (cfg && (cfg->pool_size < 1 || cfg->pool_size > 64))
    return -EINVAL;
  return backends[b].open (spec, rest, cfg ? cfg : &defaults, ret);
}

int
ls_store_open (const char *spec, LsStore **ret)
{
  return ls_store_open_with (spec, NULL, ret);
}

/* "scheme://user:SECRET@host…" and "password=SECRET" (up to a space, & or the end). */
char *
ls_store_spec_display (const char *spec)
{
  GString *g = g_string_new (spec);
  const char *scheme = strstr (g->str, "://");
  const char *at = scheme ? strchr (scheme + 3, '@') : NULL;
  const char *colon = scheme && at ? memchr (scheme + 3, ':', (size_t) (at - scheme - 3)) : NULL;
  if (colon)
    {
      gssize start = colon + 1 - g->str;
      g_string_erase (g, start, at - colon - 1);
      g_string_insert (g, start, "***");
    }
  for (char *p = strstr (g->str, "password="); p; p = strstr (p + 1, "password="))
    {
      gssize start = p + strlen ("password=") - g->str;
      size_t n = strcspn (g->str + start, " &");
      g_string_erase (g, start, (gssize) n);
      g_string_insert (g, start, "***");
      p = g->str + start;
    }
  return g_string_free (g, FALSE);
}

void
ls_store_close (LsStore *s)
{
  if (!s)
    return;
  LsCatalog *cat = s->catalog;
  s->ops->close (s);
  ls_catalog_free (cat);
}

/* Read-copy-update: a reload builds a new catalog and swaps the pointer under this lock;
 * readers take a reference under it (a few instructions, never a database call), so a
 * request keeps reading the catalog it started with and the old one is freed by whoever
 * drops its last reference. One lock for every store of the process: swaps are rare. */
static GMutex catalog_lock;

LsCatalog *
ls_store_catalog (LsStore *s)
{
  g_mutex_lock (&catalog_lock);
  LsCatalog *cat = s->catalog ? ls_catalog_ref (s->catalog) : NULL;
  g_mutex_unlock (&catalog_lock);
  return cat;
}

int
ls_store_reload_catalog (LsStore *s)
{
  LsCatalog *cat = NULL;
  int r = ls_store_load_catalog (s, &cat);
  if (r < 0)
    return r;
  g_mutex_lock (&catalog_lock);
  LsCatalog *old = s->catalog;
  s->catalog = cat;
  g_mutex_unlock (&catalog_lock);
  ls_catalog_free (old);
  return 0;
}

/* --- rows ------------------------------------------------------------------------------ */

LsBooking *
ls_booking_dup (const LsBooking *b)
{
  LsBooking *d = g_memdup2 (b, sizeof *b);
  d->unit_id = g_strdup (b->unit_id);
  d->field_id = g_strdup (b->field_id);
  d->slot_id = g_strdup (b->slot_id);
  d->name = g_strdup (b->name);
  d->cccd = g_strdup (b->cccd);
  d->phone = g_strdup (b->phone);
  d->created_at = g_strdup (b->created_at);
  return d;
}

void
ls_booking_free (LsBooking *b)
{
  if (!b)
    return;
  g_free (b->unit_id);
  g_free (b->field_id);
  g_free (b->slot_id);
  g_free (b->name);
  g_free (b->cccd);
  g_free (b->phone);
  g_free (b->created_at);
  g_free (b);
}

void
ls_ticket_free (LsTicket *t)
{
  if (!t)
    return;
  g_free (t->id);
  g_free (t->unit_id);
  g_free (t->field_id);
  g_free (t->state);
  g_free (t->issued_at);
  g_free (t->counter_id);
  g_free (t->called_at);
  g_free (t->booking_name);
  g_free (t->booking_slot);
  g_free (t);
}

void
ls_kiosk_free (LsKiosk *k)
{
  if (!k)
    return;
  g_free (k->id);
  g_free (k->name);
  g_free (k->unit_id);
  g_free (k);
}

void
ls_notice_free (LsNotice *n)
{
  if (!n)
    return;
  g_free (n->id);
  g_free (n->unit_id);
  g_free (n->title);
  g_free (n->body);
  g_free (n->published_at);
  g_free (n);
}

void
ls_staff_user_free (LsStaffUser *u)
{
  if (!u)
    return;
  g_free (u->id);
  g_free (u->username);
  g_free (u->name);
  g_free (u->role);
  g_free (u->unit_id);
  if (u->password_hash)
    sodium_memzero (u->password_hash, strlen (u->password_hash));
  g_free (u->password_hash);
  g_free (u);
}

void
ls_counter_free (LsCounter *c)
{
  if (!c)
    return;
  g_free (c->id);
  g_free (c->unit_id);
  g_free (c->name);
  g_strfreev (c->fields);
  ls_ticket_free (c->serving);
  g_free (c);
}

LsEvent *
ls_event_new (gint64 id, const char *type, const char *data)
{
  LsEvent *e = g_new0 (LsEvent, 1);
  e->id = id;
  e->type = g_strdup (type);
  e->data = g_strdup (data);
  return e;
}

void
ls_event_free (LsEvent *e)
{
  if (!e)
    return;
  g_free (e->type);
  g_free (e->data);
  g_free (e);
}

void
ls_field_count_free (LsFieldCount *fc)
{
  if (!fc)
    return;
  g_free (fc->field_id);
  g_free (fc);
}

void
ls_unit_snapshot_free (LsUnitSnapshot *snap)
{
  if (!snap)
    return;
  if (snap->counters)
    g_ptr_array_unref (snap->counters);
  if (snap->waiting)
    g_ptr_array_unref (snap->waiting);
  if (snap->recent)
    g_ptr_array_unref (snap->recent);
  g_free (snap);
}

void
ls_audit_row_free (LsAuditRow *row)
{
  if (!row)
    return;
  g_free (row->at);
  g_free (row->username);
  g_free (row->action);
  g_free (row->unit_id);
  g_free (row->target);
  g_free (row->detail);
  g_free (row);
}

void
ls_kiosk_status_free (LsKioskStatus *k)
{
  if (!k)
    return;
  g_free (k->id);
  g_free (k->name);
  g_free (k->unit_id);
  g_free (k->revoked_at);
  g_free (k->last_seen_at);
  g_free (k->print_reason);
  g_free (k->printed_at);
  g_free (k);
}
