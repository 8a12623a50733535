/* Vietnamese readings of numbers, ticket numbers and the call "Mời số … đến quầy số …".
 *
 * Numbers are read in groups of three digits, each followed by its scale (triệu, nghìn):
 * - a digit is không một hai ba bốn năm sáu bảy tám chín;
 * - tens: 10..19 are "mười" + unit (15 "mười lăm", 11 "mười một", 14 "mười bốn");
 *   20..99 are digit + "mươi" + unit, where the unit 1 is "mốt", 4 is "tư", 5 is "lăm"
 *   (21 "hai mươi mốt", 24 "hai mươi tư", 25 "hai mươi lăm") and 0 says nothing (20);
 * - a zero tens digit between hundreds and a unit is "linh" (105 "một trăm linh năm"; the
 *   unit keeps its plain name: "linh năm", "linh bốn", "linh một");
 * - every group after the first is read in full, hundreds included, so a group below 100
 *   starts "không trăm" (1002 "một nghìn không trăm linh hai", 2024 "hai nghìn không trăm
 *   hai mươi tư"); a group that is all zeros is left out with its scale (1000200 "một
 *   triệu hai trăm"); trailing zeros say nothing (1200 "một nghìn hai trăm");
 * - 0 alone is "không".
 * Of the regional variants this picks "nghìn" (not "ngàn"), "linh" (not "lẻ"), "tư" after
 * "mươi" (not "bốn") and "lăm" (not "nhăm").
 * Ticket numbers: each letter by its Vietnamese name (B "bê", C "xê", Đ "đê"), a pause,
 * then the digits: as a number, or digit by digit when written with a leading zero
 * ("A001": "a, không không một"), since "một" would not say what is printed. */
#include "vi-number.h"

#include <errno.h>
#include <string.h>

enum
{
  W_KHONG, /* the digits 0..9 come first, in order */
  W_MOT_SAC = 10,
  W_TU,
  W_LAM,
  W_MUOI,
  W_MUOI_NGANG,
  W_LINH,
  W_TRAM,
  W_NGHIN,
  W_TRIEU,
  W_MOI_SO,
  W_DEN_QUAY_SO,
  W_LETTER_A, /* then A..Z in order, then Đ */
  W_LETTER_DD = W_LETTER_A + 26,
  W_COUNT
};

static const LaysoViWord words[W_COUNT] = {
  { "khong", "0", "không" },
  { "mot", "1", "một" },
  { "hai", "2", "hai" },
  { "ba", "3", "ba" },
  { "bon", "4", "bốn" },
  { "nam", "5", "năm" },
  { "sau", "6", "sáu" },
  { "bay", "7", "bảy" },
  { "tam", "8", "tám" },
  { "chin", "9", "chín" },
  [W_MOT_SAC] = { "mot-sac", NULL, "mốt" },
  [W_TU] = { "tu", NULL, "tư" },
  [W_LAM] = { "lam", NULL, "lăm" },
  [W_MUOI] = { "muoi", NULL, "mười" },
  [W_MUOI_NGANG] = { "muoi-ngang", NULL, "mươi" },
  [W_LINH] = { "linh", NULL, "linh" },
  [W_TRAM] = { "tram", NULL, "trăm" },
  [W_NGHIN] = { "nghin", NULL, "nghìn" },
  [W_TRIEU] = { "trieu", NULL, "triệu" },
  [W_MOI_SO] = { "moi-so", NULL, "Mời số" },
  [W_DEN_QUAY_SO] = { "den-quay-so", NULL, "đến quầy số" },
  /* the letter names taught in Vietnamese schools; F J W Z are not Vietnamese letters and
   * take their usual spoken names */
  [W_LETTER_A] = { "a", NULL, "a" },
  { "b", NULL, "bê" },
  { "c", NULL, "xê" },
  { "d", NULL, "dê" },
  { "e", NULL, "e" },
  { "f", NULL, "ép" },
  { "g", NULL, "giê" },
  { "h", NULL, "hát" },
  { "i", NULL, "i" },
  { "j", NULL, "gi" },
  { "k", NULL, "ca" },
  { "l", NULL, "e-lờ" },
  { "m", NULL, "em-mờ" },
  { "n", NULL, "en-nờ" },
  { "o", NULL, "o" },
  { "p", NULL, "pê" },
  { "q", NULL, "quy" },
  { "r", NULL, "e-rờ" },
  { "s", NULL, "ét-xì" },
  { "t", NULL, "tê" },
  { "u", NULL, "u" },
  { "v", NULL, "vê" },
  { "w", NULL, "vê kép" },
  { "x", NULL, "ích-xì" },
  { "y", NULL, "i dài" },
  { "z", NULL, "dét" },
  [W_LETTER_DD] = { "dd", NULL, "đê" },
};

#define UTF8_DD "\xc4\x90" /* Đ */

static bool
add (LaysoViPhrase *p, int word)
{
  if (p->len >= LAYSO_VI_PHRASE_MAX)
    return false;
  p->pause_after[p->len] = false;
  p->words[p->len++] = &words[word];
  return true;
}

static void
pause_here (LaysoViPhrase *p)
{
  if (p->len > 0)
    p->pause_after[p->len - 1] = true;
}

/* The unit after "mươi": mốt, tư, lăm, or the plain digit. */
static int
unit_after_muoi_ngang (unsigned u)
{
  return u == 1 ? W_MOT_SAC : u == 4 ? W_TU : u == 5 ? W_LAM : (int) u;
}

/* One group of three digits; full: read the hundreds even when zero ("không trăm"). */
static bool
add_group (LaysoViPhrase *p, unsigned group, bool full)
{
  unsigned h = group / 100, t = group / 10 % 10, u = group % 10;
  bool ok = true, hundreds = h > 0 || full;
  if (hundreds)
    ok = add (p, h) && add (p, W_TRAM);
  if (t == 0 && u > 0)
    return ok && (!hundreds || add (p, W_LINH)) && add (p, u);
  if (t == 1)
    return ok && add (p, W_MUOI) && (u == 0 || add (p, u == 5 ? W_LAM : (int) u));
  if (t >= 2)
    return ok && add (p, t) && add (p, W_MUOI_NGANG) &&
           (u == 0 || add (p, unit_after_muoi_ngang (u)));
  return ok;
}

static bool
add_number (LaysoViPhrase *p, unsigned long n)
{
  static const struct
  {
    unsigned long scale;
    int word; /* -1: none */
  } groups[] = { { 1000000, W_TRIEU }, { 1000, W_NGHIN }, { 1, -1 } };
  if (n == 0)
    return add (p, W_KHONG);
  bool started = false;
  for (size_t i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      unsigned group = (unsigned) (n / groups[i].scale % 1000);
      if (group == 0)
        continue;
      if (!add_group (p, group, started))
        return false;
      if (groups[i].word >= 0 && !add (p, groups[i].word))
        return false;
      started = true;
    }
  return true;
}

int
layso_vi_read_number (unsigned long n, LaysoViPhrase *ret)
{
  if (n > LAYSO_VI_NUMBER_MAX || !ret)
    return -ERANGE;
  LaysoViPhrase p = { 0 };
  if (!add_number (&p, n))
    return -ERANGE;
  *ret = p;
  return 0;
}

/* The letter at s as a word index, and its length in bytes in *ret_len; -1 if none. */
static int
letter_at (const char *s, size_t *ret_len)
{
  if (*s >= 'A' && *s <= 'Z')
    {
      *ret_len = 1;
      return W_LETTER_A + (*s - 'A');
    }
  if (strncmp (s, UTF8_DD, strlen (UTF8_DD)) == 0)
    {
      *ret_len = strlen (UTF8_DD);
      return W_LETTER_DD;
    }
  return -1;
}

static bool
add_digits (LaysoViPhrase *p, const char *digits, size_t len)
{
  if (digits[0] == '0')
    {
      for (size_t i = 0; i < len; i++)
        if (!add (p, digits[i] - '0'))
          return false;
      return true;
    }
  unsigned long n = 0;
  for (size_t i = 0; i < len; i++)
    {
      n = n * 10 + (unsigned long) (digits[i] - '0');
      if (n > LAYSO_VI_NUMBER_MAX)
        return false;
    }
  return add_number (p, n);
}

static bool
add_ticket (LaysoViPhrase *p, const char *number)
{
  size_t len = strnlen (number, LAYSO_VI_TICKET_MAX + 1), letters = 0, step;
  if (len > LAYSO_VI_TICKET_MAX)
    return false;
  const char *s = number;
  for (int w; (w = letter_at (s, &step)) >= 0; s += step, letters++)
    if (letters == LAYSO_VI_LETTERS_MAX || !add (p, w))
      return false;
  if (letters > 0)
    pause_here (p);
  size_t digits = strspn (s, "0123456789");
  if (digits == 0 || digits > LAYSO_VI_DIGITS_MAX || s[digits] != '\0')
    return false;
  return add_digits (p, s, digits);
}

int
layso_vi_read_ticket (const char *ticket_number, LaysoViPhrase *ret)
{
  LaysoViPhrase p = { 0 };
  if (!ticket_number || !ret || !add_ticket (&p, ticket_number))
    return -EINVAL;
  *ret = p;
  return 0;
}

int
layso_vi_read_announcement (const char *ticket_number, unsigned counter, LaysoViPhrase *ret)
{
  LaysoViPhrase p = { 0 };
  if (!ticket_number || !ret || counter < 1 || counter > LAYSO_VI_COUNTER_MAX)
    return -EINVAL;
  if (!add (&p, W_MOI_SO) || !add_ticket (&p, ticket_number))
    return -EINVAL;
  pause_here (&p);
  if (!add (&p, W_DEN_QUAY_SO) || !add_number (&p, counter))
    return -EINVAL;
  *ret = p;
  return 0;
}

static char *
phrase_join (const LaysoViPhrase *phrase, bool slugs)
{
  GString *s = g_string_new (NULL);
  for (size_t i = 0; phrase && i < phrase->len; i++)
    {
      if (i > 0)
        g_string_append (s, !slugs && phrase->pause_after[i - 1] ? ", " : " ");
      g_string_append (s, slugs ? phrase->words[i]->slug : phrase->words[i]->text);
    }
  return g_string_free (s, FALSE);
}

char *
layso_vi_phrase_text (const LaysoViPhrase *phrase)
{
  return phrase_join (phrase, false);
}

char *
layso_vi_phrase_slugs (const LaysoViPhrase *phrase)
{
  return phrase_join (phrase, true);
}

const LaysoViWord *
layso_vi_word_lookup (const char *name)
{
  for (size_t i = 0; name && i < W_COUNT; i++)
    if (strcmp (words[i].slug, name) == 0 || (words[i].alias && strcmp (words[i].alias, name) == 0))
      return &words[i];
  return NULL;
}

const LaysoViWord *
layso_vi_words (size_t *ret_len)
{
  *ret_len = W_COUNT;
  return words;
}
