/* Diacritics-insensitive text folding for search: "Phường Phổ Yên" -> "phuong pho yen". */
#pragma once

#include "layso-types.h"

/* Lower case, Vietnamese diacritics removed (đ/Đ -> d), white space runs folded to one space,
 * trimmed. NULL for invalid UTF-8. g_free the result. */
char *layso_text_fold (const char *utf8);

/* True if every word of the folded query starts a word of the folded text (an empty query
 * matches): "pho yen" finds "phuong pho yen", "yen" does not find "ba xuyen". */
bool layso_text_matches (const char *folded_text, const char *folded_query);
