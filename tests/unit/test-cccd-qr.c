#include <errno.h>
#include <string.h>

#include "cccd-qr.h"

typedef struct
{
  const char *payload;
  const char *cccd, *old_id, *name, *birth, *sex, *address, *issue;
} CardCase;

static const CardCase good_cases[] = {
  { "001099012345|123456789|Nguyễn Văn Đức|15031990|Nam|Số 12, Tổ 4, Phường Phổ Yên, Thái "
    "Nguyên|20052021",
    "001099012345", "123456789", "Nguyễn Văn Đức", "1990-03-15", "Nam",
    "Số 12, Tổ 4, Phường Phổ Yên, Thái Nguyên", "2021-05-20" },
  /* empty old ID */
  { "019301004567||Võ Thị Ánh|01011985|Nữ|Tổ 7, Phường Bắc Kạn, Thái Nguyên|10072021",
    "019301004567", "", "Võ Thị Ánh", "1985-01-01", "Nữ", "Tổ 7, Phường Bắc Kạn, Thái Nguyên",
    "2021-07-10" },
  /* trailing newline (CR LF) from a scanner */
  { "123456232324||Trần Thị Thu Hương|29022000|Nữ|Phường Đức Xuân|01012022\r\n", "123456232324", "",
    "Trần Thị Thu Hương", "2000-02-29", "Nữ", "Phường Đức Xuân", "2022-01-01" },
  { "  123456232324||Lê Văn An|02091945|Nam|Hà Nội|01012022\n", "123456232324", "", "Lê Văn An",
    "1945-09-02", "Nam", "Hà Nội", "2022-01-01" },
  /* only 6 fields: no issue date */
  { "001099012345|123456789|Nguyễn Văn Đức|15031990|Nam|Phổ Yên", "001099012345", "123456789",
    "Nguyễn Văn Đức", "1990-03-15", "Nam", "Phổ Yên", "" },
  /* extra trailing fields from newer cards */
  { "001099012345||Nguyễn Văn Đức|15031990|Nam|Phổ Yên|20052021|Nguyễn Văn Bố|Trần Thị Mẹ|",
    "001099012345", "", "Nguyễn Văn Đức", "1990-03-15", "Nam", "Phổ Yên", "2021-05-20" },
  /* impossible or malformed dates become "" */
  { "001099012345||Nguyễn Văn Đức|30021990|Nam|Phổ Yên|32012021", "001099012345", "",
    "Nguyễn Văn Đức", "", "Nam", "Phổ Yên", "" },
  { "001099012345||Nguyễn Văn Đức|1990-03-15|Nam|Phổ Yên|2052021", "001099012345", "",
    "Nguyễn Văn Đức", "", "Nam", "Phổ Yên", "" },
  { "001099012345||Nguyễn Văn Đức|15131990|Nam|Phổ Yên|00000000", "001099012345", "",
    "Nguyễn Văn Đức", "", "Nam", "Phổ Yên", "" },
  { "001099012345||Nguyễn Văn Đức|29022001|Nam|Phổ Yên|abcdefgh", "001099012345", "",
    "Nguyễn Văn Đức", "", "Nam", "Phổ Yên", "" },
  /* decomposed name comes out NFC, spaces folded */
  { "001099012345||Nguye\u0302\u0303n  Va\u0306n \u0110u\u031b\u0301c|15031990|Nam|Phổ "
    "Yên|20052021",
    "001099012345", "", "Nguyễn Văn Đức", "1990-03-15", "Nam", "Phổ Yên", "2021-05-20" },
  /* fields are trimmed */
  { "001099012345 | 123456789 | Võ Thị Ánh | 01011985 | Nữ | Phổ Yên | 10072021 ", "001099012345",
    "123456789", "Võ Thị Ánh", "1985-01-01", "Nữ", "Phổ Yên", "2021-07-10" },
  /* an unusable name becomes "", the card still parses */
  { "001099012345||Nguyen 123|15031990|Nam|Phổ Yên|20052021", "001099012345", "", "", "1990-03-15",
    "Nam", "Phổ Yên", "2021-05-20" },
  { "001099012345|||||", "001099012345", "", "", "", "", "", "" },
  /* control characters are dropped from text fields */
  { "001099012345||Võ Thị Ánh|01011985|N\x01ữ|Phổ\tYên|10072021", "001099012345", "", "Võ Thị Ánh",
    "1985-01-01", "Nữ", "PhổYên", "2021-07-10" },
};

static void
test_good (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (good_cases); i++)
    {
      const CardCase *c = &good_cases[i];
      g_autoptr (LaysoCccdCard) card = NULL;
      int r = layso_cccd_qr_parse (c->payload, strlen (c->payload), &card);
      if (r != 0)
        g_error ("good case %zu: got %d", i, r);
      g_assert_cmpstr (card->cccd, ==, c->cccd);
      g_assert_cmpstr (card->old_id, ==, c->old_id);
      g_assert_cmpstr (card->name, ==, c->name);
      g_assert_cmpstr (card->birth_date, ==, c->birth);
      g_assert_cmpstr (card->sex, ==, c->sex);
      g_assert_cmpstr (card->address, ==, c->address);
      g_assert_cmpstr (card->issue_date, ==, c->issue);
    }
}

static const char *const bad_cases[] = {
  "",
  "\n",
  "001099012345",
  "001099012345|123456789|Nguyễn Văn Đức|15031990|Nam",          /* 5 fields */
  "00109901234||Nguyễn Văn Đức|15031990|Nam|Phổ Yên|20052021",   /* 11 digits */
  "0010990123456||Nguyễn Văn Đức|15031990|Nam|Phổ Yên|20052021", /* 13 digits */
  "00109901234a||Nguyễn Văn Đức|15031990|Nam|Phổ Yên|20052021",
  "|001099012345|Nguyễn Văn Đức|15031990|Nam|Phổ Yên|20052021",
  "００１０９９０１２３４５||Nguyễn Văn Đức|15031990|Nam|Phổ Yên|20052021",
  "Nguyễn Văn Đức|001099012345||15031990|Nam|Phổ Yên|20052021",
  "GCAD",
  "https://example.vn/phieu/123",
  "001099012345;;Nguyễn Văn Đức;15031990;Nam;Phổ Yên;20052021",
  "001099012345||Nguy\xe1\xbb|15031990|Nam|Phổ Yên|20052021", /* truncated UTF-8 */
  "001099012345||Nguy\xc3\x83\xc2\xaan|15031990|Nam|Ph\xff|20052021",
  "001099012345||\xed\xa0\x80|15031990|Nam|Phổ Yên|20052021", /* surrogate */
};

static void
test_bad (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      LaysoCccdCard *card = (LaysoCccdCard *) 0x1;
      int r = layso_cccd_qr_parse (bad_cases[i], strlen (bad_cases[i]), &card);
      if (r != -EINVAL)
        g_error ("bad case %zu: expected -EINVAL, got %d", i, r);
      g_assert_true (card == (LaysoCccdCard *) 0x1);
    }
}

static void
test_nul_and_length (void)
{
  static const char with_nul[] = "001099012345||Võ Thị Ánh|01011985|Nữ\0|Phổ Yên|10072021";
  LaysoCccdCard *card = NULL;
  g_assert_cmpint (layso_cccd_qr_parse (with_nul, sizeof with_nul - 1, &card), ==, -EINVAL);
  g_assert_null (card);

  /* len is honoured: the payload need not be NUL-terminated */
  static const char payload[] = "001099012345||Võ Thị Ánh|01011985|Nữ|Phổ Yên|10072021GARBAGE";
  g_autoptr (LaysoCccdCard) cut = NULL;
  g_assert_cmpint (layso_cccd_qr_parse (payload, sizeof payload - 1 - 7, &cut), ==, 0);
  g_assert_cmpstr (cut->issue_date, ==, "2021-07-10");

  /* exactly at the limit parses, one byte more does not */
  g_autoptr (GString) s = g_string_new ("001099012345||Võ Thị Ánh|01011985|Nữ|");
  while (s->len < LAYSO_CCCD_QR_MAX_BYTES)
    g_string_append_c (s, 'x');
  g_autoptr (LaysoCccdCard) at_limit = NULL;
  g_assert_cmpint (layso_cccd_qr_parse (s->str, s->len, &at_limit), ==, 0);
  g_assert_cmpuint (strlen (at_limit->address), ==,
                    LAYSO_CCCD_QR_MAX_BYTES - strlen ("001099012345||Võ Thị Ánh|01011985|Nữ|"));
  g_string_append_c (s, 'x');
  card = NULL;
  g_assert_cmpint (layso_cccd_qr_parse (s->str, s->len, &card), ==, -EINVAL);
  g_assert_null (card);

  g_assert_cmpint (layso_cccd_qr_parse (NULL, 0, &card), ==, -EINVAL);
  g_assert_cmpint (layso_cccd_qr_parse ("x", 1, NULL), ==, -EINVAL);
  layso_cccd_card_free (NULL);
}

/* Random mutations of a real payload: never a crash; whatever parses has a valid CCCD,
 * NFC text and dates that are "" or YYYY-MM-DD. */
static void
test_random (void)
{
  static const char base[] =
      "001099012345|123456789|Nguyễn Văn Đức|15031990|Nam|Số 12, Phường Phổ Yên|20052021";
  for (int i = 0; i < 20000; i++)
    {
      char buf[sizeof base];
      memcpy (buf, base, sizeof base);
      int flips = g_test_rand_int_range (1, 4);
      for (int j = 0; j < flips; j++)
        {
          int pos = g_test_rand_int_range (0, sizeof base - 1);
          static const char replacements[] = "|0129aZ \n\r\x01\xff\xc3";
          buf[pos] = replacements[g_test_rand_int_range (0, sizeof replacements - 1)];
        }
      size_t len = (size_t) g_test_rand_int_range (0, sizeof base);
      g_autoptr (LaysoCccdCard) card = NULL;
      if (layso_cccd_qr_parse (buf, len, &card) < 0)
        {
          g_assert_null (card);
          continue;
        }
      g_assert_cmpuint (strlen (card->cccd), ==, 12);
      const char *dates[] = { card->birth_date, card->issue_date };
      for (size_t k = 0; k < G_N_ELEMENTS (dates); k++)
        g_assert_true (dates[k][0] == '\0' ||
                       (strlen (dates[k]) == 10 && dates[k][4] == '-' && dates[k][7] == '-'));
      const char *texts[] = { card->old_id, card->name, card->sex, card->address };
      for (size_t k = 0; k < G_N_ELEMENTS (texts); k++)
        {
          g_assert_true (g_utf8_validate (texts[k], -1, NULL));
          g_autofree char *nfc = g_utf8_normalize (texts[k], -1, G_NORMALIZE_NFC);
          g_assert_cmpstr (nfc, ==, texts[k]);
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/cccd-qr/good", test_good);
  g_test_add_func ("/layso/cccd-qr/bad", test_bad);
  g_test_add_func ("/layso/cccd-qr/nul-and-length", test_nul_and_length);
  g_test_add_func ("/layso/cccd-qr/random", test_random);
  return g_test_run ();
}
