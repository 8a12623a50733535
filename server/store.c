/* Backend-independent parts of the store: opening by spec, the catalog, the free functions
 * live with the backend that allocates the rows. */
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
  int r = s->ops->load_catalog(s, &cat);
  if (r < 0)
    return r;
  /* only called at start-up, before any request thread reads the catalog */
  ls_catalog_free(s->catalog);
  s->catalog = cat;
  return 0;
}
