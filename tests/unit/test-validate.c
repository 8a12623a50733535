#include <errno.h>
#include <string.h>

#include "validate.h"

typedef struct
{
  const char *input;
  const char *expected; /* NULL: -EINVAL */
} NameCase;

static const NameCase name_cases[] = {
  /* valid, already NFC */
  { "Nguyễn Văn Đức", "Nguyễn Văn Đức" },
  { "Võ Thị Ánh", "Võ Thị Ánh" },
  { "Trần Thị Thu Hương", "Trần Thị Thu Hương" },
  { "Lê Ngọc Quỳnh Như", "Lê Ngọc Quỳnh Như" },
  { "Phạm Thị Ưng", "Phạm Thị Ưng" },
  { "Đặng Ơn", "Đặng Ơn" },
  { "Hoàng Thị Ngọc Diệp", "Hoàng Thị Ngọc Diệp" },
  { "An", "An" },
  { "A", "A" },
  { "John O'Neil", "John O'Neil" },
  { "Jean-Pierre Dupont", "Jean-Pierre Dupont" },
  { "Nguyễn T. Hà", "Nguyễn T. Hà" },
  { "D\u2019Artagnan", "D\u2019Artagnan" },
  { "Ksor H'Bia", "Ksor H'Bia" },
  { "Иван Петров", "Иван Петров" },
  { "王小明", "王小明" },
  /* white space trimmed and folded */
  { "  Nguyễn   Văn  Đức  ", "Nguyễn Văn Đức" },
  { "Võ\u00a0Thị\u00a0Ánh", "Võ Thị Ánh" },
  { "\u3000Lê\u2003Lai ", "Lê Lai" },
  /* decomposed input normalises to NFC */
  { "Nguye\u0302\u0303n Va\u0306n \u0110u\u031b\u0301c", "Nguyễn Văn Đức" },
  { "Vo\u0303 Thi\u0323 A\u0301nh", "Võ Thị Ánh" },
  { "Tra\u0302\u0300n Thi\u0323 Thu Hu\u031bo\u031bng", "Trần Thị Thu Hương" },
  /* a combining mark with no precomposed form stays, after its letter */
  { "Q\u0323uang", "Q\u0323uang" },
  /* invalid */
  { "", NULL },
  { "   ", NULL },
  { "\u00a0", NULL },
  { ".", NULL },
  { "-", NULL },
  { "' - .", NULL },
  { "Nguyen Van 2", NULL },
  { "Nguyen1", NULL },
  { "Nguyễn\tVăn", NULL },
  { "Nguyễn\nVăn", NULL },
  { "Nguyễn Văn\r", NULL },
  { "Nguyễn\x01Văn", NULL },
  { "Nguyễn\x7fVăn", NULL },
  { "Nguyễn\u200bVăn", NULL }, /* zero-width space: a format character */
  { "Nguyễn Văn Đức!", NULL },
  { "Nguyễn@Văn", NULL },
  { "Nguyễn_Văn", NULL },
  { "Nguyễn, Văn", NULL },
  { "<script>", NULL },
  { "Nguyễn 😀", NULL },
  { "Văn ١٢", NULL },   /* Arabic-Indic digits */
  { "Văn ２", NULL },   /* full-width digit */
  { "\u0301An", NULL }, /* a combining mark with no base */
  { "An \u0301", NULL },
  { "An-\u0301", NULL },
  { "\xff\xfe", NULL },
  { "Nguy\xe1\xbb", NULL }, /* truncated UTF-8 */
  { "\xc0\xaf", NULL },     /* overlong */
  { "\xed\xa0\x80", NULL }, /* surrogate */
};

static void
test_name_table (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (name_cases); i++)
    {
      const NameCase *c = &name_cases[i];
      char *out = (char *) 0x1; /* must stay untouched on failure */
      int r = layso_name_normalize (c->input, &out);
      if (c->expected)
        {
          if (r != 0)
            g_error ("case %zu '%s': expected success, got %d", i, c->input, r);
          g_assert_cmpstr (out, ==, c->expected);
          g_free (out);
        }
      else
        {
          if (r != -EINVAL)
            g_error ("case %zu '%s': expected -EINVAL, got %d", i, c->input, r);
          g_assert_true (out == (char *) 0x1);
        }
    }
}

static void
test_name_decomposed_mark_after_letter (void)
{
  g_autofree char *out = NULL;
  /* "D" + acute has no precomposed form: stays as two code points, still valid */
  g_assert_cmpint (layso_name_normalize ("D\u0301uc", &out), ==, 0);
  g_assert_cmpstr (out, ==, "D\u0301uc");
}

static void
test_name_nfc_equal (void)
{
  g_autofree char *a = NULL, *b = NULL;
  g_assert_cmpint (layso_name_normalize ("Nguy\u1ec5n", &a), ==, 0);
  g_assert_cmpint (layso_name_normalize ("Nguye\u0302\u0303n", &b), ==, 0);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpuint (strlen (a), ==, strlen ("Nguyễn"));
}

static void
test_name_length (void)
{
  g_autoptr (GString) s = g_string_new (NULL);
  for (int i = 0; i < LAYSO_NAME_MAX_CHARS; i++)
    g_string_append (s, "ễ");
  g_autofree char *out = NULL;
  g_assert_cmpint (layso_name_normalize (s->str, &out), ==, 0);
  g_assert_cmpint (g_utf8_strlen (out, -1), ==, LAYSO_NAME_MAX_CHARS);

  g_string_append (s, "a");
  char *out2 = NULL;
  g_assert_cmpint (layso_name_normalize (s->str, &out2), ==, -EINVAL);
  g_assert_null (out2);

  /* 100 characters counting the folded spaces: "ab" + 49 x " a" */
  g_string_assign (s, "ab");
  for (int i = 0; i < 49; i++)
    g_string_append (s, " \u00a0 a");
  g_autofree char *out3 = NULL;
  g_assert_cmpint (layso_name_normalize (s->str, &out3), ==, 0);
  g_assert_cmpint (g_utf8_strlen (out3, -1), ==, 100);
  g_string_append (s, " c");
  char *out4 = NULL;
  g_assert_cmpint (layso_name_normalize (s->str, &out4), ==, -EINVAL);

  /* huge input is rejected before normalisation */
  g_autofree char *huge = g_strnfill (100000, ' ');
  huge[0] = 'A';
  char *out5 = NULL;
  g_assert_cmpint (layso_name_normalize (huge, &out5), ==, -EINVAL);
  g_assert_null (out5);
}

static void
test_name_null (void)
{
  char *out = NULL;
  g_assert_cmpint (layso_name_normalize (NULL, &out), ==, -EINVAL);
  g_assert_cmpint (layso_name_normalize ("An", NULL), ==, -EINVAL);
}

typedef struct
{
  const char *s;
  bool valid;
} BoolCase;

static const BoolCase cccd_cases[] = {
  { "123456232324", true },
  { "012345678901", true },
  { "000000000000", true },
  { "999999999999", true },
  { "001099012345", true },
  { "", false },
  { "12345623232", false },
  { "1234562323245", false },
  { " 123456232324", false },
  { "123456232324 ", false },
  { "123456 232324", false },
  { "12345623232a", false },
  { "A23456232324", false },
  { "-12345623232", false },
  { "+12345623232", false },
  { "١٢٣٤٥٦٢٣٢٣٢٤", false },             /* Arabic-Indic */
  { "１２３４５６２３２３２４", false }, /* full-width */
  { "12345623232４", false },
  { "123456232324\n", false },
  { "12345.232324", false },
};

static void
test_cccd_table (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (cccd_cases); i++)
    if (layso_cccd_is_valid (cccd_cases[i].s) != cccd_cases[i].valid)
      g_error ("cccd case %zu '%s': expected %d", i, cccd_cases[i].s, cccd_cases[i].valid);
  g_assert_false (layso_cccd_is_valid (NULL));
  /* embedded NUL: the C string ends after 11 digits */
  g_assert_false (layso_cccd_is_valid ("12345623232\0"
                                       "4"));
}

/* The guide's rule: 0 then 9 more digits; separators between digits and +84 are forgiven. */
static const struct
{
  const char *in;
  const char *out; /* NULL: -EINVAL */
} phone_cases[] = {
  { "0987654321", "0987654321" },
  { "0123456789", "0123456789" }, /* the guide's rule has no prefix list */
  { "0212345678", "0212345678" }, /* landlines too */
  { "0000000000", "0000000000" },
  { "0312345678", "0312345678" },
  { "0987 654 321", "0987654321" }, /* as a phone shows it; the page's maxlength keeps it whole */
  { "0987.654.321", "0987654321" },
  { "0987-654-321", "0987654321" },
  { "0987 - 654 - 321", "0987654321" },
  { "0 9 8 7 6 5 4 3 2 1", "0987654321" },
  { "0987  654  321", "0987654321" },
  { " 0987654321", "0987654321" }, /* surrounding spaces */
  { "0987654321 ", "0987654321" },
  { "+84987654321", "0987654321" },
  { "84987654321", "0987654321" },
  { "+84 987 654 321", "0987654321" },
  { "+84-987-654-321", "0987654321" },
  { "84 987.654.321", "0987654321" },
  { "+84123456789", "0123456789" },
  { "098765432", NULL },   /* 9 digits */
  { "09876543210", NULL }, /* 11 digits from 0 */
  { "1987654321", NULL },  /* no leading 0 */
  { "9876543210", NULL },
  { "+840987654321", NULL }, /* +84 then 10 digits */
  { "840987654321", NULL },
  { "+8498765432", NULL }, /* +84 then 8 digits */
  { "8498765432", NULL },
  { "+85987654321", NULL }, /* another country */
  { "+0987654321", NULL },  /* '+' without 84 */
  { "++84987654321", NULL },
  { "+ 84987654321", NULL }, /* a separator after '+' */
  { "84+987654321", NULL },
  { "-0987654321", NULL }, /* a separator at an end */
  { "0987654321-", NULL },
  { ".0987654321", NULL },
  { "0987654321.", NULL },
  { "098765432a", NULL },
  { "0987_654_321", NULL }, /* only spaces, dots and dashes */
  { "0987/654/321", NULL },
  { "(098) 7654321", NULL },
  { "0987\t654321", NULL },
  { "0987\n654321", NULL },
  { "０９８７６５４３２１", NULL },    /* full-width digits */
  { "٠٩٨٧٦٥٤٣٢١", NULL },              /* Arabic-Indic digits */
  { "0987 654 321 000 000 00", NULL }, /* over 20 characters */
  { "", NULL },
  { "   ", NULL },
  { "-", NULL },
  { "+", NULL },
  { "+84", NULL },
};

static void
test_phone_table (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (phone_cases); i++)
    {
      char out[LAYSO_PHONE_LEN + 1] = "untouched";
      int r = layso_phone_normalize (phone_cases[i].in, out);
      if (phone_cases[i].out ? (r != 0 || strcmp (out, phone_cases[i].out) != 0)
                             : (r != -EINVAL || strcmp (out, "untouched") != 0))
        g_error ("phone case %zu '%s': got %d '%s', expected '%s'", i, phone_cases[i].in, r, out,
                 phone_cases[i].out ? phone_cases[i].out : "(invalid)");
      /* the normalised form is what layso_phone_is_valid() accepts, and only it */
      g_assert_true (layso_phone_is_valid (phone_cases[i].in) ==
                     (phone_cases[i].out && strcmp (phone_cases[i].in, phone_cases[i].out) == 0));
    }
  char out[LAYSO_PHONE_LEN + 1];
  g_assert_cmpint (layso_phone_normalize (NULL, out), ==, -EINVAL);
  g_assert_false (layso_phone_is_valid (NULL));
  /* embedded NUL: the C string ends after 9 digits */
  g_assert_cmpint (layso_phone_normalize ("098765432\0"
                                          "1",
                                          out),
                   ==, -EINVAL);
}

typedef struct
{
  const char *in;
  const char *masked; /* NULL: -EINVAL */
} MaskCase;

/* The mask (validate.h): "********" and the last 4 digits, whatever asks for it (server
 * answers, ticket PNG, kiosk screen); a mask from an older server is masked the same way again. */
static const MaskCase mask_cases[] = {
  { "012345678901", "********8901" },
  { "123456232324", "********2324" },
  { "000000000000", "********0000" },
  { "0123****8901", "********8901" }, /* the old mask, as an older server sent it */
  { "********8901", "********8901" },
  { "", NULL },
  { "01234567890", NULL },
  { "0123456789012", NULL },
  { "01234567890a", NULL },
  { "0123 5678901", NULL },
  { "abcdefghijkl", NULL },
  { "12345678****", NULL },
  { "0123456789*1", NULL },
  { "************", NULL },
  { "０１２３４５６７８９０１", NULL },
};

static void
test_cccd_mask (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (mask_cases); i++)
    {
      char out[13];
      memset (out, 'x', sizeof out);
      int r = layso_cccd_mask (mask_cases[i].in, out);
      if (mask_cases[i].masked)
        {
          g_assert_cmpint (r, ==, 0);
          g_assert_cmpstr (out, ==, mask_cases[i].masked);
          g_assert_true (g_str_has_prefix (out, LAYSO_CCCD_MASKED_PREFIX));
        }
      else
        {
          if (r != -EINVAL)
            g_error ("mask case %zu '%s': expected -EINVAL, got %d", i, mask_cases[i].in, r);
          g_assert_cmpint (out[0], ==, 'x'); /* untouched */
        }
    }
  char out[13];
  g_assert_cmpint (layso_cccd_mask (NULL, out), ==, -EINVAL);
}

typedef struct
{
  const char *s;
  size_t len;
  bool valid;
} Utf8Case;

#define U(lit, v)                                                                                  \
  {                                                                                                \
    lit, sizeof (lit) - 1, v                                                                       \
  }

static const Utf8Case utf8_cases[] = {
  U ("", true),
  U ("abc", true),
  U ("Phường Phổ Yên", true),
  U ("😀", true),
  U ("\xef\xbf\xbd", true),     /* U+FFFD itself is fine */
  U ("\xf4\x8f\xbf\xbf", true), /* U+10FFFF */
  U ("a\0b", false),
  U ("\0", false),
  U ("\xff", false),
  U ("\xc3", false), /* truncated */
  U ("\xc3\x28", false),
  U ("\xc0\x80", false),         /* overlong NUL */
  U ("\xe0\x80\xaf", false),     /* overlong */
  U ("\xed\xa0\x80", false),     /* surrogate */
  U ("\xf4\x90\x80\x80", false), /* > U+10FFFF */
  U ("\xf8\x88\x80\x80\x80", false),
  U ("Ph\xc6", false),
  U ("Nguy\xe1\xbb\x85n\x80", false),
};

static void
test_utf8_table (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (utf8_cases); i++)
    if (layso_utf8_is_valid (utf8_cases[i].s, utf8_cases[i].len) != utf8_cases[i].valid)
      g_error ("utf8 case %zu: expected %d", i, utf8_cases[i].valid);
  /* len bounds the check: a bad byte past len is not looked at */
  g_assert_true (layso_utf8_is_valid ("ab\xff", 2));
  g_assert_true (layso_utf8_is_valid (NULL, 0));
  g_assert_false (layso_utf8_is_valid (NULL, 3));
}

/* Random bytes and random mixes of name characters: never a crash, and whatever is accepted
 * is valid UTF-8 and normalises to itself. */
static void
test_name_random (void)
{
  static const char *const pieces[] = { "a",      "Đ",    "ễ", "\u0301", "\u0323", " ",
                                        "\u00a0", "'",    "-", ".",      "1",      "\t",
                                        "\xff",   "\xc3", "ư", "😀",      "\u200b" };
  for (int i = 0; i < 20000; i++)
    {
      g_autoptr (GString) s = g_string_new (NULL);
      int n = g_test_rand_int_range (0, 12);
      for (int j = 0; j < n; j++)
        {
          if (i % 2)
            g_string_append (s, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);
          else
            g_string_append_c (s, (char) g_test_rand_int_range (1, 256));
        }
      g_autofree char *out = NULL;
      if (layso_name_normalize (s->str, &out) < 0)
        continue;
      g_assert_true (layso_utf8_is_valid (out, strlen (out)));
      g_assert_true (out[0] != ' ' && out[strlen (out) - 1] != ' ');
      g_assert_null (strstr (out, "  "));
      g_autofree char *again = NULL;
      g_assert_cmpint (layso_name_normalize (out, &again), ==, 0);
      g_assert_cmpstr (again, ==, out);
    }
}

static const struct
{
  const char *name;
  bool valid;
} province_cases[] = {
  { "Thái Nguyên", true },
  { "Bà Rịa - Vũng Tàu", true },
  { "TP. Hồ Chí Minh", true },
  { "Huế", true },
  { "Đắk Lắk", true },
  { "Tha\xcc\x81i Nguye\xcc\x82n", true }, /* decomposed: letters and combining marks */
  { "Ab", true },
  { "A", false }, /* under 2 characters */
  { "", false },
  { "Thái Nguyên 2", false }, /* digits */
  { "Thái<Nguyên>", false },  /* markup */
  { "Thái\nNguyên", false },  /* a line break */
  { "Thái_Nguyên", false },
  { "\xff\xfe", false },                                                      /* not UTF-8 */
  { "Tỉnh tỉnh tỉnh tỉnh tỉnh tỉnh tỉnh tỉnh tỉnh tỉnh tỉnh tỉnha", true },   /* 60 characters */
  { "Tỉnh tỉnh tỉnh tỉnh tỉnh tỉnh tỉnh tỉnh tỉnh tỉnh tỉnh tỉnhab", false }, /* 61 */
};

static void
test_province_table (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (province_cases); i++)
    if (layso_province_name_is_valid (province_cases[i].name) != province_cases[i].valid)
      g_error ("province case %zu \"%s\": expected %s", i, province_cases[i].name,
               province_cases[i].valid ? "valid" : "invalid");
  g_assert_false (layso_province_name_is_valid (NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/validate/name/table", test_name_table);
  g_test_add_func ("/layso/validate/province/table", test_province_table);
  g_test_add_func ("/layso/validate/name/mark-after-letter",
                   test_name_decomposed_mark_after_letter);
  g_test_add_func ("/layso/validate/name/nfc-equal", test_name_nfc_equal);
  g_test_add_func ("/layso/validate/name/length", test_name_length);
  g_test_add_func ("/layso/validate/name/null", test_name_null);
  g_test_add_func ("/layso/validate/name/random", test_name_random);
  g_test_add_func ("/layso/validate/cccd", test_cccd_table);
  g_test_add_func ("/layso/validate/phone", test_phone_table);
  g_test_add_func ("/layso/validate/cccd-mask", test_cccd_mask);
  g_test_add_func ("/layso/validate/utf8", test_utf8_table);
  return g_test_run ();
}
