/* Booking codes, ticket numbers and secret tokens. */
#pragma once

#include "layso-types.h"

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

/* 32 random bytes as 43 URL-safe base64 characters, for kiosk tokens and sessions. g_free. */
char *layso_token_generate (void);
/* SHA-256 of a token as 64 hex characters, what the database stores. ret holds 65 bytes. */
void layso_token_hash (const char *token, char ret[static 65]);
