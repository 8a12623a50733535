/* Validation of what a citizen types: name, CCCD, phone. Pure functions. */
#pragma once

#include "layso-types.h"

#define LAYSO_NAME_MAX_CHARS 100 /* characters, after NFC */
#define LAYSO_CCCD_LEN       12
#define LAYSO_PHONE_LEN      10

/* Normalises a full name: valid UTF-8, NFC, surrounding white space trimmed and inner runs
 * folded to one space; 1..LAYSO_NAME_MAX_CHARS characters; letters (any script, with
 * combining marks), spaces, apostrophe, hyphen and dot only.
 * Returns 0 and sets *ret_nfc (g_free it), or -EINVAL. */
int layso_name_normalize (const char *input, char **ret_nfc);

/* Exactly 12 ASCII digits; no stricter check (the procedure's examples must pass). */
bool layso_cccd_is_valid (const char *s);

/* The guide's phone rule: "bắt đầu bằng 0 và có 10 chữ số" (0123456789 is valid).
 * layso_phone_normalize() accepts what people type: surrounding spaces, and spaces, dots and
 * dashes between digits, are dropped; "+84" or "84" followed by 9 digits becomes "0" + those
 * 9 digits. Returns 0 and writes the 10 normalised digits to ret, or -EINVAL (ret untouched).
 * layso_phone_is_valid() is true for the normalised form only: exactly 10 digits from 0. */
#define LAYSO_PHONE_INPUT_MAX 20 /* characters typed, as the page's maxlength */
int layso_phone_normalize (const char *input, char ret[static LAYSO_PHONE_LEN + 1]);
bool layso_phone_is_valid (const char *s);

/* The one CCCD mask of every answer and picture that is not to the CCCD's proven owner
 * (docs/architecture.md): "012345678901" -> "********8901", the last 4 digits only. A CCCD masked
 * already (12 characters of digits and '*' ending in 4 digits, e.g. "0123****8901" from an
 * older server) is masked again the same way, so a screen never shows more than 4 digits.
 * ret must hold 13 bytes. -EINVAL (ret untouched) for anything else. */
#define LAYSO_CCCD_MASKED_PREFIX "********"
int layso_cccd_mask (const char *cccd, char ret[static 13]);

/* True if s (len bytes) is valid UTF-8 without NUL bytes. */
bool layso_utf8_is_valid (const char *s, size_t len);
/* A province's display name (every page's brand): valid UTF-8, 2-60 characters, only
 * letters (with their combining marks), spaces, '-' and '.': "Thái Nguyên", "Bà Rịa - Vũng Tàu". */
#define LAYSO_PROVINCE_MAX_CHARS 60
bool layso_province_name_is_valid (const char *s);
