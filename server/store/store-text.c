/* The catalog's compound values as text (store-text.h), shared by the backends. */
#include "store/store-text.h"

#include <sodium.h>
#include <stdio.h>

char *
ls_store_hours_text (const LaysoPeriod *hours, size_t n)
{
  GString *g = g_string_new (NULL);
  for (size_t i = 0; i < n; i++)
    g_string_append_printf (g, "%s%d-%d", i ? "," : "", hours[i].start, hours[i].end);
  return g_string_free (g, FALSE);
}

void
ls_store_hours_parse (LsUnit *u, const char *text)
{
  g_auto (GStrv) parts = g_strsplit (text ? text : "", ",", -1);
  guint n = g_strv_length (parts);
  u->opening_hours = g_new0 (LaysoPeriod, MAX (n, 1));
  u->n_opening_hours = 0;
  for (guint i = 0; i < n; i++)
    {
      int a, b;
      if (sscanf (parts[i], "%d-%d", &a, &b) == 2)
        u->opening_hours[u->n_opening_hours++] = (LaysoPeriod){ a, b };
    }
}

char *
ls_store_numbers_text (const LsField *f)
{
  if (!f->walk_in_numbers.first)
    return NULL;
  return g_strdup_printf ("%u-%u;%u-%u", f->walk_in_numbers.first, f->walk_in_numbers.last,
                          f->appointment_numbers.first, f->appointment_numbers.last);
}

void
ls_store_numbers_parse (LsField *f, const char *text)
{
  g_auto (GStrv) ranges = g_strsplit (text ? text : "", ";", 3);
  LaysoNumberRange w, a;
  if (g_strv_length (ranges) == 2 && layso_number_range_parse (ranges[0], &w) == 0 &&
      layso_number_range_parse (ranges[1], &a) == 0)
    {
      f->walk_in_numbers = w;
      f->appointment_numbers = a;
    }
}

void
ls_store_random_id (char ret[static 21])
{
  guint8 raw[10];
  randombytes_buf (raw, sizeof raw);
  for (size_t i = 0; i < sizeof raw; i++)
    g_snprintf (ret + 2 * i, 3, "%02x", raw[i]);
}
