/* Booking codes, ticket numbers and secret tokens.
 *
 * Codes: LAYSO_CODE_LEN characters drawn uniformly (randombytes_uniform, no modulo bias) from
 * LAYSO_CODE_ALPHABET, which leaves out 0/O and 1/I/L. Input is trimmed of ASCII white space
 * and upper-cased; anything else that is not in the alphabet is rejected, so an ambiguous
 * letter is an error, never silently mapped.
 * Ticket numbers: prefix A..Z; appointments 1000 + seq (A1001), walk-ins seq as at least 3
 * digits (A001 .. A999, A1000, ...). */
#include "codes.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define TOKEN_BYTES 32

static void
ensure_sodium (void)
{
  static gsize done;
  if (g_once_init_enter (&done))
    {
      /* Without a working CSPRNG no code or token may be made: stop rather than go on. */
      if (sodium_init () < 0)
        abort ();
      g_once_init_leave (&done, 1);
    }
}

void
layso_code_generate (char ret[static LAYSO_CODE_LEN + 1])
{
  static const char alphabet[] = LAYSO_CODE_ALPHABET;
  const uint32_t base = sizeof alphabet - 1;
  uint32_t all = 1;
  for (int i = 0; i < LAYSO_CODE_LEN; i++)
    all *= base;
  ensure_sodium ();
  /* one uniform draw over every code (31^4), read as base-31 digits: uniform per
   * character as before, with one call to the kernel's CSPRNG instead of four */
  uint32_t n = randombytes_uniform (all);
  for (int i = 0; i < LAYSO_CODE_LEN; i++, n /= base)
    ret[i] = alphabet[n % base];
  ret[LAYSO_CODE_LEN] = '\0';
}

int
layso_code_parse (const char *input, char ret[static LAYSO_CODE_LEN + 1])
{
  if (!input)
    return -EINVAL;
  size_t len = strnlen (input, 256);
  if (len >= 256)
    return -EINVAL;
  const char *start = input, *end = input + len;
  while (start < end && g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  if (end - start != LAYSO_CODE_LEN)
    return -EINVAL;

  char code[LAYSO_CODE_LEN + 1];
  for (int i = 0; i < LAYSO_CODE_LEN; i++)
    {
      char c = g_ascii_toupper (start[i]);
      if (c == '\0' || !strchr (LAYSO_CODE_ALPHABET, c))
        return -EINVAL;
      code[i] = c;
    }
  code[LAYSO_CODE_LEN] = '\0';
  memcpy (ret, code, sizeof code);
  return 0;
}

int
layso_ticket_number_format (char prefix, LaysoTicketKind kind, unsigned seq, char *ret, size_t size)
{
  if (prefix < 'A' || prefix > 'Z' || seq < 1 || !ret)
    return -EINVAL;
  char buf[32];
  switch (kind)
    {
      case LAYSO_TICKET_APPOINTMENT:
        g_snprintf (buf, sizeof buf, "%c%llu", prefix, 1000ULL + seq);
        break;
      case LAYSO_TICKET_WALK_IN:
        g_snprintf (buf, sizeof buf, "%c%03u", prefix, seq);
        break;
      default:
        return -EINVAL;
    }
  size_t n = strlen (buf);
  if (n + 1 > size)
    return -ENOBUFS;
  memcpy (ret, buf, n + 1);
  return 0;
}

bool
layso_number_range_valid (const LaysoNumberRange *r)
{
  return r && r->first >= 1 && r->first <= r->last && r->last <= LAYSO_TICKET_NUMBER_MAX;
}

/* "  123 " -> 123; false unless digits only (1-4 of them) between the spaces */
static bool
small_number (const char *s, unsigned *ret)
{
  while (*s == ' ')
    s++;
  unsigned n = 0, digits = 0;
  for (; g_ascii_isdigit (*s) && digits < 5; s++, digits++)
    n = n * 10 + (unsigned) (*s - '0');
  while (*s == ' ')
    s++;
  if (*s || digits == 0 || digits > 4)
    return false;
  *ret = n;
  return true;
}

int
layso_number_range_parse (const char *s, LaysoNumberRange *ret)
{
  const char *dash = s ? strchr (s, '-') : NULL;
  if (!dash || strlen (s) > 32)
    return -EINVAL;
  g_autofree char *first = g_strndup (s, (gsize) (dash - s));
  LaysoNumberRange r;
  if (!small_number (first, &r.first) || !small_number (dash + 1, &r.last) ||
      !layso_number_range_valid (&r))
    return -EINVAL;
  *ret = r;
  return 0;
}

bool
layso_number_ranges_disjoint (const LaysoNumberRange *a, const LaysoNumberRange *b)
{
  return a->last < b->first || b->last < a->first;
}

int
layso_ticket_number_in_range (char prefix, const LaysoNumberRange *range, unsigned seq, char *ret,
                              size_t size)
{
  if (prefix < 'A' || prefix > 'Z' || seq < 1 || !ret || !layso_number_range_valid (range))
    return -EINVAL;
  unsigned span = range->last - range->first + 1;
  unsigned n = range->first + (seq - 1) % span;
  int digits = range->last >= 1000 ? 4 : range->last >= 100 ? 3 : range->last >= 10 ? 2 : 1;
  char buf[16];
  g_snprintf (buf, sizeof buf, "%c%0*u", prefix, digits, n);
  size_t len = strlen (buf);
  if (len + 1 > size)
    return -ENOBUFS;
  memcpy (ret, buf, len + 1);
  return 0;
}

char *
layso_token_generate (void)
{
  unsigned char raw[TOKEN_BYTES];
  char b64[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  ensure_sodium ();
  randombytes_buf (raw, sizeof raw);
  sodium_bin2base64 (b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (raw, sizeof raw);
  char *token = g_strdup (b64);
  sodium_memzero (b64, sizeof b64);
  return token;
}

void
layso_token_hash (const char *token, char ret[static 65])
{
  unsigned char digest[crypto_hash_sha256_BYTES];
  ensure_sodium ();
  if (!token)
    token = "";
  crypto_hash_sha256 (digest, (const unsigned char *) token, strlen (token));
  sodium_bin2hex (ret, 65, digest, sizeof digest);
}
