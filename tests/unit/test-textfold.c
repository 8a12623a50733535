#include <string.h>

#include "textfold.h"

typedef struct
{
  const char *input;
  const char *folded; /* NULL: invalid UTF-8 */
} FoldCase;

static const FoldCase fold_cases[] = {
  { "Phường Phổ Yên", "phuong pho yen" },
  { "PHƯỜNG PHỔ YÊN", "phuong pho yen" },
  { "Phường Bá Xuyên", "phuong ba xuyen" },
  { "Phường Bách Quang", "phuong bach quang" },
  { "Phường Bắc Kạn", "phuong bac kan" },
  { "Phường Đức Xuân", "phuong duc xuan" },
  { "ĐỨC đức Đ đ", "duc duc d d" },
  { "Nguyễn Văn Đức", "nguyen van duc" },
  { "Võ Thị Ánh", "vo thi anh" },
  { "ằắẳẵặ ầấẩẫậ ềếểễệ ồốổỗộ ờớởỡợ ừứửữự ỳýỷỹỵ", "aaaaa aaaaa eeeee ooooo ooooo uuuuu yyyyy" },
  { "ÀÁẢÃẠ ĂÂ ÊÔƠƯ ÌÍỈĨỊ", "aaaaa aa eoou iiiii" },
  { "TDP 4, Phường Phổ Yên", "tdp 4, phuong pho yen" },
  /* decomposed input folds the same */
  { "Phu\u031bo\u031b\u0300ng Pho\u0302\u0309 Ye\u0302n", "phuong pho yen" },
  /* white space */
  { "  Phổ \t\n Yên  ", "pho yen" },
  { "Phổ\u00a0Yên", "pho yen" },
  { "Phổ\u3000\u2003Yên", "pho yen" },
  { "Ph\u00adổ Yên", "pho yen" }, /* soft hyphen dropped */
  { "", "" },
  { "   ", "" },
  { "abc", "abc" },
  { "ABC-123", "abc-123" },
  { "\xff", NULL },
  { "Ph\xc6", NULL },
  { "\xed\xa0\x80", NULL },
};

static void
test_fold_table (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (fold_cases); i++)
    {
      g_autofree char *f = layso_text_fold (fold_cases[i].input);
      if (g_strcmp0 (f, fold_cases[i].folded) != 0)
        g_error ("fold case %zu: '%s' -> '%s', expected '%s'", i, fold_cases[i].input,
                 f ? f : "(null)", fold_cases[i].folded ? fold_cases[i].folded : "(null)");
    }
  g_assert_null (layso_text_fold (NULL));
}

static void
test_fold_idempotent (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (fold_cases); i++)
    {
      if (!fold_cases[i].folded)
        continue;
      g_autofree char *again = layso_text_fold (fold_cases[i].folded);
      g_assert_cmpstr (again, ==, fold_cases[i].folded);
    }
}

typedef struct
{
  const char *text;
  const char *query;
  bool match;
} MatchCase;

static const MatchCase match_cases[] = {
  { "Phường Phổ Yên", "pho yen", true },
  { "Phường Phổ Yên", "Phổ Yên", true },
  { "Phường Phổ Yên", "PHO YEN", true },
  { "Phường Phổ Yên", "phuong", true },
  { "Phường Phổ Yên", "yen pho", true },
  { "Phường Phổ Yên", "  pho   yen ", true },
  { "Phường Phổ Yên", "yen", true },
  { "Phường Phổ Yên", "ph", true },
  { "Phường Phổ Yên", "", true },
  { "Phường Phổ Yên", "   ", true },
  { "Phường Phổ Yên TDP 4, Phường Phổ Yên", "tdp 4", true },
  { "Phường Đức Xuân", "duc xuan", true },
  { "Phường Đức Xuân", "đức", true },
  { "Phường Phổ Yên", "pho yen x", false },
  { "Phường Phổ Yên", "bac kan", false },
  { "Phường Phổ Yên", "phoyen", false },
  { "Phường Phổ Yên", "pho  yenn", false },
  { "Phường Bắc Kạn", "duc", false },
  { "", "a", false },
  { "Tổ dân phố Tân Mới, Phường Bá Xuyên", "pho yen", false },
  { "Tổ dân phố Tân Mới, Phường Bá Xuyên", "pho xuyen", true },
  { "Phường Bá Xuyên", "uyen", false },
  { "Phường Bá Xuyên", "xuy", true },
  { "TDP 4, Phường Phổ Yên", "phuong", true },
  { "TDP 4,Phường Phổ Yên", "phuong", true },
  { "Phường Phổ Yên", "hường", false },
  { "Phường Phổ Yên", "yên", true },
};

static void
test_match_table (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (match_cases); i++)
    {
      g_autofree char *t = layso_text_fold (match_cases[i].text);
      g_autofree char *q = layso_text_fold (match_cases[i].query);
      g_assert_nonnull (t);
      g_assert_nonnull (q);
      if (layso_text_matches (t, q) != match_cases[i].match)
        g_error ("match case %zu: '%s' in '%s' expected %d", i, match_cases[i].query,
                 match_cases[i].text, match_cases[i].match);
    }
  g_assert_true (layso_text_matches ("abc", NULL));
  g_assert_true (layso_text_matches (NULL, ""));
  g_assert_false (layso_text_matches (NULL, "a"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/textfold/fold", test_fold_table);
  g_test_add_func ("/layso/textfold/idempotent", test_fold_idempotent);
  g_test_add_func ("/layso/textfold/matches", test_match_table);
  return g_test_run ();
}
