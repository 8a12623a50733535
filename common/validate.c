/* Validation of what a citizen types. Pure functions: no I/O, no logging.
 *
 * Name rules (layso_name_normalize):
 *   - at most LAYSO_NAME_INPUT_MAX_BYTES bytes of input, valid UTF-8;
 *   - normalised to NFC, so decomposed Vietnamese ("e" + U+0302 + U+0301) equals "ế";
 *   - white space is U+0020 and the Unicode space separators (Zs, e.g. NBSP): trimmed at
 *     both ends, inner runs folded to one U+0020; tab, newline and every other control
 *     character is rejected;
 *   - allowed: letters of any script (L*), combining marks (M*) right after a letter or mark,
 *     apostrophe (' and U+2019), hyphen and dot; at least one letter;
 *   - 1..LAYSO_NAME_MAX_CHARS characters after NFC and folding.
 * CCCD: exactly 12 ASCII digits ("123456232324" passes, Arabic-Indic or full-width digits
 * do not). Phone: the guide's rule, 0 then 9 more ASCII digits, after the separators people
 * type are dropped and +84 is turned into 0 (layso_phone_normalize). */
#include "validate.h"

#include <errno.h>
#include <string.h>

#define LAYSO_NAME_INPUT_MAX_BYTES 2048

static bool
is_name_space (gunichar c)
{
  return c == ' ' || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR;
}

static bool
is_mark (gunichar c)
{
  GUnicodeType t = g_unichar_type (c);
  return t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_SPACING_MARK ||
         t == G_UNICODE_ENCLOSING_MARK;
}

static bool
is_name_punct (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == '-' || c == '.';
}

int
layso_name_normalize (const char *input, char **ret_nfc)
{
  if (!input || !ret_nfc)
    return -EINVAL;
  size_t len = strlen (input);
  if (len > LAYSO_NAME_INPUT_MAX_BYTES || !g_utf8_validate_len (input, len, NULL))
    return -EINVAL;

  g_autofree char *nfc = g_utf8_normalize (input, (gssize) len, G_NORMALIZE_NFC);
  if (!nfc)
    return -EINVAL;

  g_autoptr (GString) out = g_string_sized_new (len);
  size_t n_chars = 0;
  bool have_letter = false, pending_space = false;
  gunichar prev = 0; /* last character written, 0 at the start and after a space */

  for (const char *p = nfc; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (is_name_space (c))
        {
          if (out->len > 0)
            pending_space = true;
          prev = 0;
          continue;
        }
      if (g_unichar_isalpha (c))
        have_letter = true;
      else if (is_mark (c))
        {
          if (prev == 0 || !(g_unichar_isalpha (prev) || is_mark (prev)))
            return -EINVAL;
        }
      else if (!is_name_punct (c))
        return -EINVAL;

      if (pending_space)
        {
          g_string_append_c (out, ' ');
          n_chars++;
          pending_space = false;
        }
      g_string_append_unichar (out, c);
      n_chars++;
      prev = c;
      if (n_chars > LAYSO_NAME_MAX_CHARS)
        return -EINVAL;
    }

  if (!have_letter)
    return -EINVAL;
  *ret_nfc = g_string_free (g_steal_pointer (&out), FALSE);
  return 0;
}

static bool
is_ascii_digits (const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9')
      return false;
  return s[n] == '\0';
}

bool
layso_cccd_is_valid (const char *s)
{
  return s && strnlen (s, LAYSO_CCCD_LEN + 1) == LAYSO_CCCD_LEN &&
         is_ascii_digits (s, LAYSO_CCCD_LEN);
}

bool
layso_phone_is_valid (const char *s)
{
  return s && strnlen (s, LAYSO_PHONE_LEN + 1) == LAYSO_PHONE_LEN &&
         is_ascii_digits (s, LAYSO_PHONE_LEN) && s[0] == '0';
}

static bool
is_phone_separator (char c)
{
  return c == ' ' || c == '.' || c == '-';
}

/* The digits of a typed number, separators dropped. A separator must stand between two
 * digits ("0987 654 321", "0987-654.321", "+84 987 654 321"): one at either end, or after
 * the '+', is a typing error, not formatting. Returns the number of digits, or -1. */
static int
phone_digits (const char *p, char out[static LAYSO_PHONE_INPUT_MAX + 1])
{
  int n = 0;
  bool after_digit = false, pending_sep = false;
  for (; *p; p++)
    {
      if (*p >= '0' && *p <= '9')
        {
          if (n >= LAYSO_PHONE_INPUT_MAX)
            return -1;
          out[n++] = *p;
          after_digit = true;
          pending_sep = false;
        }
      else if (is_phone_separator (*p) && after_digit)
        {
          pending_sep = true;
        }
      else
        {
          return -1;
        }
    }
  if (pending_sep)
    return -1;
  out[n] = '\0';
  return n;
}

int
layso_phone_normalize (const char *input, char ret[static LAYSO_PHONE_LEN + 1])
{
  if (!input)
    return -EINVAL;
  size_t len = strnlen (input, LAYSO_PHONE_INPUT_MAX + 1);
  if (len > LAYSO_PHONE_INPUT_MAX)
    return -EINVAL;
  char buf[LAYSO_PHONE_INPUT_MAX + 1];
  memcpy (buf, input, len + 1);
  const char *p = g_strstrip (buf);
  bool plus = *p == '+';
  if (plus)
    p++;
  char d[LAYSO_PHONE_INPUT_MAX + 1];
  int n = phone_digits (p, d);
  if (n == LAYSO_PHONE_LEN && !plus && d[0] == '0')
    {
      memcpy (ret, d, LAYSO_PHONE_LEN + 1);
      return 0;
    }
  /* +84 / 84 and the 9 digits after the trunk 0 */
  if (n == LAYSO_PHONE_LEN + 1 && d[0] == '8' && d[1] == '4')
    {
      ret[0] = '0';
      memcpy (ret + 1, d + 2, LAYSO_PHONE_LEN);
      return 0;
    }
  return -EINVAL;
}

int
layso_cccd_mask (const char *cccd, char ret[static 13])
{
  /* 12 digits, or a mask of them: only the last 4 are kept either way */
  if (!cccd || strnlen (cccd, LAYSO_CCCD_LEN + 1) != LAYSO_CCCD_LEN ||
      strspn (cccd, "0123456789*") != LAYSO_CCCD_LEN || !is_ascii_digits (cccd + 8, 4))
    return -EINVAL;
  memset (ret, '*', 8);
  memcpy (ret + 8, cccd + 8, 4);
  ret[12] = '\0';
  return 0;
}

bool
layso_utf8_is_valid (const char *s, size_t len)
{
  if (len == 0)
    return true;
  /* g_utf8_validate_len() fails on a NUL byte within len, which is what we want. */
  return s && len <= G_MAXSSIZE && g_utf8_validate_len (s, len, NULL);
}

bool
layso_province_name_is_valid (const char *s)
{
  if (!s || !g_utf8_validate (s, -1, NULL))
    return false;
  glong n = g_utf8_strlen (s, -1);
  if (n < 2 || n > LAYSO_PROVINCE_MAX_CHARS)
    return false;
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!g_unichar_isalpha (c) && !g_unichar_ismark (c) && c != ' ' && c != '-' && c != '.')
        return false;
    }
  return true;
}
