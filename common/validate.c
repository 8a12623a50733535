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
 * do not). Phone: exactly 10 ASCII digits, 0 then one of 3 5 7 8 9. */
#include "validate.h"

#include <errno.h>
#include <string.h>

#define LAYSO_NAME_INPUT_MAX_BYTES 2048

static bool is_name_space(gunichar c) {
  return c == ' ' || g_unichar_type(c) == G_UNICODE_SPACE_SEPARATOR;
}

static bool is_mark(gunichar c) {
  GUnicodeType t = g_unichar_type(c);
  return t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_SPACING_MARK ||
         t == G_UNICODE_ENCLOSING_MARK;
}

static bool is_name_punct(gunichar c) {
  return c == '\'' || c == 0x2019 || c == '-' || c == '.';
}

int layso_name_normalize(const char *input, char **ret_nfc) {
  if (!input || !ret_nfc)
    return -EINVAL;
  size_t len = strlen(input);
  if (len > LAYSO_NAME_INPUT_MAX_BYTES || !g_utf8_validate_len(input, len, NULL))
    return -EINVAL;

  g_autofree char *nfc = g_utf8_normalize(input, (gssize) len, G_NORMALIZE_NFC);
  if (!nfc)
    return -EINVAL;

  g_autoptr(GString) out = g_string_sized_new(len);
  size_t n_chars = 0;
  bool have_letter = false, pending_space = false;
  gunichar prev = 0;  /* last character written, 0 at the start and after a space */

  for (const char *p = nfc; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (is_name_space(c)) {
      if (out->len > 0)
        pending_space = true;
      prev = 0;
      continue;
    }
    if (g_unichar_isalpha(c))
      have_letter = true;
    else if (is_mark(c)) {
      if (prev == 0 || !(g_unichar_isalpha(prev) || is_mark(prev)))
        return -EINVAL;
    } else if (!is_name_punct(c))
      return -EINVAL;

    if (pending_space) {
      g_string_append_c(out, ' ');
      n_chars++;
      pending_space = false;
    }
    g_string_append_unichar(out, c);
    n_chars++;
    prev = c;
    if (n_chars > LAYSO_NAME_MAX_CHARS)
      return -EINVAL;
  }

  if (!have_letter)
    return -EINVAL;
  *ret_nfc = g_string_free(g_steal_pointer(&out), FALSE);
  return 0;
}

static bool is_ascii_digits(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9')
      return false;
  return s[n] == '\0';
}

bool layso_cccd_is_valid(const char *s) {
  return s && strnlen(s, LAYSO_CCCD_LEN + 1) == LAYSO_CCCD_LEN &&
         is_ascii_digits(s, LAYSO_CCCD_LEN);
}

bool layso_phone_is_valid(const char *s) {
  return s && strnlen(s, LAYSO_PHONE_LEN + 1) == LAYSO_PHONE_LEN &&
         is_ascii_digits(s, LAYSO_PHONE_LEN) && s[0] == '0' && strchr("35789", s[1]);
}

int layso_cccd_mask(const char *cccd, char ret[static 13]) {
  /* 12 digits, or a mask of them: only the last 4 are kept either way */
  if (!cccd || strnlen(cccd, LAYSO_CCCD_LEN + 1) != LAYSO_CCCD_LEN ||
      strspn(cccd, "0123456789*") != LAYSO_CCCD_LEN || !is_ascii_digits(cccd + 8, 4))
    return -EINVAL;
  memset(ret, '*', 8);
  memcpy(ret + 8, cccd + 8, 4);
  ret[12] = '\0';
  return 0;
}

bool layso_utf8_is_valid(const char *s, size_t len) {
  if (len == 0)
    return true;
  /* g_utf8_validate_len() fails on a NUL byte within len, which is what we want. */
  return s && len <= G_MAXSSIZE && g_utf8_validate_len(s, len, NULL);
}
