/* Diacritics-insensitive folding for search. Rules:
 *   - NFD, then every combining mark (M*) is dropped: "ổ" -> "o", "ư" -> "u";
 *   - đ/Đ (which have no decomposition) -> d; format characters (soft hyphen, zero-width
 *     joiners) are dropped;
 *   - lower case (per character, g_unichar_tolower);
 *   - any white space (Unicode) or control character counts as a word separator: runs fold
 *     to one space, none at either end.
 * Matching: every space-separated word of the folded query starts a word of the folded text
 * (a word starts after anything that is not an ASCII letter or digit), so "pho yen" finds
 * "phuong pho yen" and "yen pho" does too, but "yen" does not find "ba xuyen": people type
 * the beginnings of words, and a match inside a word lists units nobody meant. */
#include "textfold.h"

#include <string.h>

static bool
is_mark (gunichar c)
{
  GUnicodeType t = g_unichar_type (c);
  return t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_SPACING_MARK ||
         t == G_UNICODE_ENCLOSING_MARK;
}

char *
layso_text_fold (const char *utf8)
{
  if (!utf8 || !g_utf8_validate (utf8, -1, NULL))
    return NULL;
  g_autofree char *nfd = g_utf8_normalize (utf8, -1, G_NORMALIZE_NFD);
  if (!nfd)
    return NULL;

  GString *out = g_string_sized_new (strlen (nfd));
  bool pending_space = false;
  for (const char *p = nfd; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c) || g_unichar_iscntrl (c) ||
          g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR)
        {
          pending_space = out->len > 0;
          continue;
        }
      if (is_mark (c) || g_unichar_type (c) == G_UNICODE_FORMAT) /* also soft hyphen, ZWJ */
        continue;
      if (c == 0x0110 || c == 0x0111) /* Đ đ */
        c = 'd';
      if (pending_space)
        {
          g_string_append_c (out, ' ');
          pending_space = false;
        }
      g_string_append_unichar (out, g_unichar_tolower (c));
    }
  return g_string_free (out, FALSE);
}

static bool
starts_a_word (const char *text, const char *word)
{
  for (const char *hit = strstr (text, word); hit; hit = strstr (hit + 1, word))
    if (hit == text || !g_ascii_isalnum (hit[-1]))
      return true;
  return false;
}

bool
layso_text_matches (const char *folded_text, const char *folded_query)
{
  if (!folded_query)
    return true;
  if (!folded_text)
    folded_text = "";
  const char *p = folded_query;
  while (*p)
    {
      while (*p == ' ')
        p++;
      const char *end = strchr (p, ' ');
      size_t n = end ? (size_t) (end - p) : strlen (p);
      if (n == 0)
        break;
      g_autofree char *word = g_strndup (p, n);
      if (!starts_a_word (folded_text, word))
        return false;
      p += n;
    }
  return true;
}
