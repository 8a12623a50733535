/* The QR on a CCCD card:
 *   CCCD|old CMND|full name|birth ddmmyyyy|sex|address|issue date ddmmyyyy
 * UTF-8; the old-ID field may be empty; newer cards may add or drop trailing fields. */
#pragma once

#include "layso-types.h"

#define LAYSO_CCCD_QR_MAX_BYTES 1024

struct _LaysoCccdCard
{
  char *cccd;       /* 12 digits */
  char *old_id;     /* may be "" */
  char *name;       /* NFC */
  char *birth_date; /* "YYYY-MM-DD" or "" when absent/unparseable */
  char *sex;        /* as printed, may be "" */
  char *address;    /* may be "" */
  char *issue_date; /* "YYYY-MM-DD" or "" */
};

/* Tolerant: field 0 must be 12 digits, at least 6 fields, valid UTF-8, at most
 * LAYSO_CCCD_QR_MAX_BYTES bytes; surrounding white space and a trailing newline are ignored.
 * 0 and *ret_card, or -EINVAL. */
int layso_cccd_qr_parse (const char *data, size_t len, LaysoCccdCard **ret_card);
void layso_cccd_card_free (LaysoCccdCard *card); /* NULL is fine */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LaysoCccdCard, layso_cccd_card_free)
