/* Seed files (the format of assets/demo/seed.json): units with fields and slots, the
 * province's calendar (official Tết days, National Day's extra day, swaps), notices, kiosks. Parsing is strict: a seed that does not follow the format is refused as
 * a whole, with a message naming what is wrong. */
#pragma once

#include "store/store.h"

/* 0 and *ret, or -EINVAL and *ret_error (g_free it). */
int ls_seed_parse (const char *json, size_t len, LsSeed **ret, char **ret_error);
void ls_seed_free (LsSeed *seed); /* NULL is fine */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsSeed, ls_seed_free)

/* assets/demo/seed.json, embedded at build time. */
extern const char ls_demo_seed[];
extern const size_t ls_demo_seed_len;
