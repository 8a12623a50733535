/* Booking codes, ticket numbers and secret tokens. */
#pragma once

#include "layso-types.h"

#include <stdbool.h>
#include <stddef.h>

/* 4 characters from an alphabet without 0/O, 1/I/L, drawn with libsodium's CSPRNG. */
#define LAYSO_CODE_LEN      4
#define LAYSO_CODE_ALPHABET "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

void layso_code_generate (char ret[static LAYSO_CODE_LEN + 1]);
/* Case-insensitive: "gcad" -> "GCAD". Surrounding white space is ignored. 0 or -EINVAL. */
int layso_code_parse (const char *input, char ret[static LAYSO_CODE_LEN + 1]);

typedef enum
{
  LAYSO_TICKET_APPOINTMENT = 0, /* A1001, A1002, ... */
  LAYSO_TICKET_WALK_IN,         /* A001, A002, ...   */
} LaysoTicketKind;

/* seq starts at 1. Appointment: prefix + (1000 + seq); walk-in: prefix + seq as 3 digits
 * (4 after 999). ret holds >= 16 bytes. 0, or -EINVAL for a prefix outside A-Z or seq < 1,
 * or -ENOBUFS if size is too small for the number (ret untouched). */
int layso_ticket_number_format (char prefix, LaysoTicketKind kind, unsigned seq, char *ret,
                                size_t size);

/* A field's own ticket numbers for one kind (/quan-tri): a day's first ticket gets `first`,
 * the next first + 1, …, and after `last` the numbers start again at `first`. Rules:
 * 1 <= first <= last <= LAYSO_TICKET_NUMBER_MAX. Written with as many digits as `last` has,
 * zero-padded: 1-999 gives A001 … A999, 1001-1999 gives A1001. {0, 0}: the default numbering
 * (layso_ticket_number_format). */
#define LAYSO_TICKET_NUMBER_MAX 9999
typedef struct
{
  unsigned first, last;
} LaysoNumberRange;

bool layso_number_range_valid (const LaysoNumberRange *r);
/* "1-999" (spaces around the numbers ignored) -> {1, 999}: 0, or -EINVAL (ret untouched)
 * for anything else or an invalid range. */
int layso_number_range_parse (const char *s, LaysoNumberRange *ret);
/* Two kinds' ranges of one field must not share a number (A501 would be two tickets). */
bool layso_number_ranges_disjoint (const LaysoNumberRange *a, const LaysoNumberRange *b);
/* The seq-th number of the range: 0, -EINVAL (prefix outside A-Z, seq < 1, invalid range) or
 * -ENOBUFS (ret untouched). */
int layso_ticket_number_in_range (char prefix, const LaysoNumberRange *range, unsigned seq,
                                  char *ret, size_t size);

/* 32 random bytes as 43 URL-safe base64 characters, for kiosk tokens and sessions. g_free. */
char *layso_token_generate (void);
/* SHA-256 of a token as 64 hex characters, what the database stores. ret holds 65 bytes. */
void layso_token_hash (const char *token, char ret[static 65]);
