/* seed.h: ls_seed_parse on any bytes (a seed file is read whole, then parsed from memory).
 * Besides crashes and leaks, checks that it answers with exactly one of a seed or a
 * message. */
#include "seed.h"

#include <glib.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  LsSeed *seed = NULL;
  char *error = NULL;
  if (ls_seed_parse ((const char *) data, size, &seed, &error) == 0)
    g_assert (seed && !error);
  else
    g_assert (!seed && error && *error);
  ls_seed_free (seed);
  g_free (error);
  return 0;
}
