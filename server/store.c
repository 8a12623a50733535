/* Backend-independent parts of the store: opening by spec, the catalog, and the rows every
 * backend hands out (their fields are g_malloc'ed whatever the backend). */
#include "store.h"

#include <errno.h>
#include <string.h>

int
ls_store_open(const char *spec, LsStore **ret)
{
  if (g_str_has_prefix(spec, "sqlite:"))
    return ls_store_sqlite_open(spec + strlen("sqlite:"), ret);
  return -EPROTONOSUPPORT;
}

void
ls_store_close(LsStore *s)
{
  if (!s)
    return;
  LsCatalog *cat = s->catalog;
  s->ops->close(s);
  ls_catalog_free(cat);
}

int
ls_store_reload_catalog(LsStore *s)
{
  LsCatalog *cat = NULL;
  int r = ls_store_load_catalog(s, &cat);
  if (r < 0)
    return r;
  /* only called at start-up, before any request thread reads the catalog */
  ls_catalog_free(s->catalog);
  s->catalog = cat;
  return 0;
}

/* --- rows ------------------------------------------------------------------------------ */

LsBooking *
ls_booking_dup(const LsBooking *b)
{
  LsBooking *d = g_memdup2(b, sizeof *b);
  d->unit_id = g_strdup(b->unit_id);
  d->field_id = g_strdup(b->field_id);
  d->slot_id = g_strdup(b->slot_id);
  d->name = g_strdup(b->name);
  d->cccd = g_strdup(b->cccd);
  d->phone = g_strdup(b->phone);
  d->status = g_strdup(b->status);
  d->created_at = g_strdup(b->created_at);
  return d;
}

void
ls_booking_free(LsBooking *b)
{
  if (!b)
    return;
  g_free(b->unit_id);
  g_free(b->field_id);
  g_free(b->slot_id);
  g_free(b->name);
  g_free(b->cccd);
  g_free(b->phone);
  g_free(b->status);
  g_free(b->created_at);
  g_free(b);
}

void
ls_ticket_free(LsTicket *t)
{
  if (!t)
    return;
  g_free(t->id);
  g_free(t->unit_id);
  g_free(t->field_id);
  g_free(t->state);
  g_free(t->issued_at);
  g_free(t);
}

void
ls_kiosk_free(LsKiosk *k)
{
  if (!k)
    return;
  g_free(k->id);
  g_free(k->name);
  g_free(k->unit_id);
  g_free(k);
}

void
ls_notice_free(LsNotice *n)
{
  if (!n)
    return;
  g_free(n->id);
  g_free(n->unit_id);
  g_free(n->title);
  g_free(n->body);
  g_free(n->published_at);
  g_free(n);
}
