/* Forward declarations shared by liblayso-common and liblayso-render. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct _LaysoClock LaysoClock;
typedef struct _LaysoCccdCard LaysoCccdCard;

/* Vietnam has had no daylight saving since 1975: a fixed +07:00 zone is exact and does not
 * depend on tzdata being installed. */
#define LAYSO_UTC_OFFSET_SECONDS (7 * 3600)
