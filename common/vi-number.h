/* How the board's voice reads ticket numbers and counters in Vietnamese: words, not sound.
 * Each word has an ASCII slug that names its recorded clip (DIR/<slug>.wav) and its
 * Vietnamese text (what the synthesiser says when there is no clip). */
#pragma once

#include "layso-types.h"

typedef struct
{
  const char *slug;  /* "mot", "muoi-ngang", "den-quay-so", "a": [a-z0-9-]+ */
  const char *alias; /* another accepted clip name ("1" for "mot"), or NULL */
  const char *text;  /* "một", "mươi", "đến quầy số", "a" (UTF-8) */
} LaysoViWord;

/* Enough for the longest announcement: 3 + 4 letters + 16 digits + 4 + 14 (a 6-digit counter). */
#define LAYSO_VI_PHRASE_MAX  48
#define LAYSO_VI_NUMBER_MAX  999999999u /* up to "triệu" */
#define LAYSO_VI_TICKET_MAX  20u        /* bytes of a ticket number ("A1002") */
#define LAYSO_VI_LETTERS_MAX 4u         /* letters before the digits */
#define LAYSO_VI_DIGITS_MAX  16u
#define LAYSO_VI_COUNTER_MAX 999999u

typedef struct
{
  size_t len;
  const LaysoViWord *words[LAYSO_VI_PHRASE_MAX];
  /* a short pause after words[i] (where the written form has a comma) */
  bool pause_after[LAYSO_VI_PHRASE_MAX];
} LaysoViPhrase;

/* 0..LAYSO_VI_NUMBER_MAX as a Vietnamese number: 1002 -> "một nghìn không trăm linh hai".
 * 0, or -ERANGE (ret untouched). */
int layso_vi_read_number (unsigned long n, LaysoViPhrase *ret);
/* "A1002" -> "a, một nghìn không trăm linh hai"; "A001" -> "a, không không một" (a number
 * written with a leading zero is read digit by digit). Letters A-Z and Đ, at most
 * LAYSO_VI_LETTERS_MAX, then 1..LAYSO_VI_DIGITS_MAX digits. 0, or -EINVAL (ret untouched). */
int layso_vi_read_ticket (const char *ticket_number, LaysoViPhrase *ret);
/* "Mời số A1002, đến quầy số ba": the whole call. counter 1..LAYSO_VI_COUNTER_MAX.
 * 0, or -EINVAL (ret untouched). */
int layso_vi_read_announcement (const char *ticket_number, unsigned counter, LaysoViPhrase *ret);

/* The phrase as text ("a, một nghìn không trăm linh hai") or as slugs joined by spaces
 * ("a mot nghin khong tram linh hai"). g_free. */
char *layso_vi_phrase_text (const LaysoViPhrase *phrase);
char *layso_vi_phrase_slugs (const LaysoViPhrase *phrase);

/* The word whose slug or alias is name, or NULL. */
const LaysoViWord *layso_vi_word_lookup (const char *name);
/* Every word any reading can produce, in a fixed order; *ret_len of them. */
const LaysoViWord *layso_vi_words (size_t *ret_len);
