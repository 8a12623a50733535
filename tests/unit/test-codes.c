#include <errno.h>
#include <string.h>

#include "codes.h"

static bool
in_alphabet (char c)
{
  return c != '\0' && strchr (LAYSO_CODE_ALPHABET, c) != NULL;
}

static void
test_alphabet (void)
{
  g_assert_cmpuint (strlen (LAYSO_CODE_ALPHABET), ==, 31);
  for (const char *a = "0O1IL"; *a; a++)
    g_assert_false (in_alphabet (*a));
}

static void
test_generate (void)
{
  enum
  {
    N = 10000
  };
  unsigned counts[256] = { 0 };
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int i = 0; i < N; i++)
    {
      char code[LAYSO_CODE_LEN + 1];
      memset (code, 'x', sizeof code);
      layso_code_generate (code);
      g_assert_cmpuint (strlen (code), ==, LAYSO_CODE_LEN);
      for (int j = 0; j < LAYSO_CODE_LEN; j++)
        {
          g_assert_true (in_alphabet (code[j]));
          counts[(unsigned char) code[j]]++;
        }
      /* what is generated parses back to itself */
      char parsed[LAYSO_CODE_LEN + 1];
      g_assert_cmpint (layso_code_parse (code, parsed), ==, 0);
      g_assert_cmpstr (parsed, ==, code);
      g_hash_table_add (seen, g_strdup (code));
    }
  /* 40 000 letters over 31 symbols: ~1290 each; a fair source stays far inside 900..1700
   * (that is more than 10 standard deviations), a broken one does not. */
  for (const char *a = LAYSO_CODE_ALPHABET; *a; a++)
    {
      unsigned c = counts[(unsigned char) *a];
      if (c < 900 || c > 1700)
        g_error ("letter %c drawn %u times of %d", *a, c, N * LAYSO_CODE_LEN);
    }
  for (const char *a = "0O1IL"; *a; a++)
    g_assert_cmpuint (counts[(unsigned char) *a], ==, 0);
  /* 923 521 possible codes: 10 000 draws give ~52 expected collisions; far fewer distinct
   * codes would mean a weak generator. */
  g_assert_cmpuint (g_hash_table_size (seen), >, 9800);
}

static const struct
{
  const char *input;
  const char *code; /* NULL: -EINVAL */
} parse_cases[] = {
  { "GCAD", "GCAD" },       { "gcad", "GCAD" },
  { "GcAd", "GCAD" },       { " gcad ", "GCAD" },
  { "\tGCAD\r\n", "GCAD" }, { "\n\n  AB23  \n", "AB23" },
  { "ZZ99", "ZZ99" },       { "2345", "2345" },
  { "hjkm", "HJKM" },       { "", NULL },
  { "   ", NULL },          { "GCA", NULL },
  { "GCADE", NULL },        { "GC AD", NULL },
  { "GCA D", NULL },        { "G0AD", NULL },
  { "GOAD", NULL },         { "goad", NULL },
  { "G1AD", NULL },         { "GIAD", NULL },
  { "giad", NULL },         { "GLAD", NULL },
  { "glad", NULL },         { "GCA-", NULL },
  { "GCA_", NULL },         { "GĆAD", NULL },
  { "ＧＣＡＤ", NULL }, /* full-width */
  { "GCAD\x01", NULL },     { "\xff\xfe\xfd\xfc", NULL },
  { "GCAD GCAD", NULL },
};

static void
test_parse (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      char out[LAYSO_CODE_LEN + 1] = "----";
      int r = layso_code_parse (parse_cases[i].input, out);
      if (parse_cases[i].code)
        {
          if (r != 0)
            g_error ("parse case '%s': got %d", parse_cases[i].input, r);
          g_assert_cmpstr (out, ==, parse_cases[i].code);
        }
      else
        {
          if (r != -EINVAL)
            g_error ("parse case '%s': expected -EINVAL, got %d", parse_cases[i].input, r);
          g_assert_cmpstr (out, ==, "----");
        }
    }
  char out[LAYSO_CODE_LEN + 1];
  g_assert_cmpint (layso_code_parse (NULL, out), ==, -EINVAL);
  g_autofree char *long_input = g_strnfill (10000, ' ');
  memcpy (long_input + 5000, "GCAD", 4);
  g_assert_cmpint (layso_code_parse (long_input, out), ==, -EINVAL);
}

static const struct
{
  char prefix;
  LaysoTicketKind kind;
  unsigned seq;
  const char *number; /* NULL: -EINVAL */
} ticket_cases[] = {
  { 'A', LAYSO_TICKET_APPOINTMENT, 1, "A1001" },
  { 'A', LAYSO_TICKET_APPOINTMENT, 2, "A1002" },
  { 'B', LAYSO_TICKET_APPOINTMENT, 99, "B1099" },
  { 'C', LAYSO_TICKET_APPOINTMENT, 999, "C1999" },
  { 'D', LAYSO_TICKET_APPOINTMENT, 1000, "D2000" },
  { 'Z', LAYSO_TICKET_APPOINTMENT, 9000, "Z10000" },
  { 'A', LAYSO_TICKET_APPOINTMENT, G_MAXUINT, "A4294968295" },
  { 'A', LAYSO_TICKET_WALK_IN, 1, "A001" },
  { 'A', LAYSO_TICKET_WALK_IN, 2, "A002" },
  { 'F', LAYSO_TICKET_WALK_IN, 42, "F042" },
  { 'A', LAYSO_TICKET_WALK_IN, 999, "A999" },
  { 'A', LAYSO_TICKET_WALK_IN, 1000, "A1000" },
  { 'A', LAYSO_TICKET_WALK_IN, 12345, "A12345" },
  { 'A', LAYSO_TICKET_WALK_IN, G_MAXUINT, "A4294967295" },
  { 'A', LAYSO_TICKET_APPOINTMENT, 0, NULL },
  { 'A', LAYSO_TICKET_WALK_IN, 0, NULL },
  { 'a', LAYSO_TICKET_APPOINTMENT, 1, NULL },
  { '@', LAYSO_TICKET_APPOINTMENT, 1, NULL },
  { '[', LAYSO_TICKET_WALK_IN, 1, NULL },
  { '1', LAYSO_TICKET_WALK_IN, 1, NULL },
  { '\0', LAYSO_TICKET_WALK_IN, 1, NULL },
  { 'A', (LaysoTicketKind) 7, 1, NULL },
};

static void
test_ticket_numbers (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (ticket_cases); i++)
    {
      char out[16] = "untouched";
      int r = layso_ticket_number_format (ticket_cases[i].prefix, ticket_cases[i].kind,
                                          ticket_cases[i].seq, out, sizeof out);
      if (ticket_cases[i].number)
        {
          g_assert_cmpint (r, ==, 0);
          g_assert_cmpstr (out, ==, ticket_cases[i].number);
        }
      else
        {
          if (r != -EINVAL)
            g_error ("ticket case %zu: expected -EINVAL, got %d", i, r);
          g_assert_cmpstr (out, ==, "untouched");
        }
    }
  char small[5] = "xxxx";
  g_assert_cmpint (layso_ticket_number_format ('A', LAYSO_TICKET_APPOINTMENT, 1, small, 5), ==,
                   -ENOBUFS);
  g_assert_cmpstr (small, ==, "xxxx");
  char exact[6];
  g_assert_cmpint (layso_ticket_number_format ('A', LAYSO_TICKET_APPOINTMENT, 1, exact, 6), ==, 0);
  g_assert_cmpstr (exact, ==, "A1001");
  g_assert_cmpint (layso_ticket_number_format ('A', LAYSO_TICKET_WALK_IN, 1, NULL, 6), ==, -EINVAL);
}

static const struct
{
  const char *text;
  unsigned first, last; /* 0, 0: -EINVAL */
} range_cases[] = {
  { "1-999", 1, 999 }, { " 1001 - 1999 ", 1001, 1999 },
  { "5-5", 5, 5 },     { "1-9999", 1, 9999 },
  { "0-10", 0, 0 },    { "10-9", 0, 0 },
  { "1-10000", 0, 0 }, { "1", 0, 0 },
  { "-5", 0, 0 },      { "1-", 0, 0 },
  { "a-9", 0, 0 },     { "1-2-3", 0, 0 },
  { "", 0, 0 },        { "00001-2", 0, 0 },
  { "+1-2", 0, 0 },
};

static const struct
{
  unsigned first, last, seq;
  const char *number; /* NULL: -EINVAL */
} in_range_cases[] = {
  { 1, 999, 1, "A001" },      { 1, 999, 999, "A999" },   { 1, 999, 1000, "A001" }, /* again */
  { 1001, 1999, 1, "A1001" }, { 501, 600, 100, "A600" }, { 501, 600, 101, "A501" },
  { 1, 9, 3, "A3" },          { 1, 50, 7, "A07" },       { 7, 7, 5, "A7" },
  { 0, 9, 1, NULL },          { 5, 4, 1, NULL },         { 1, 10000, 1, NULL },
  { 1, 999, 0, NULL },
};

static void
test_number_ranges (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (range_cases); i++)
    {
      LaysoNumberRange r = { 77, 77 };
      int rc = layso_number_range_parse (range_cases[i].text, &r);
      g_assert_cmpint (rc, ==, range_cases[i].first ? 0 : -EINVAL);
      g_assert_cmpuint (r.first, ==, range_cases[i].first ? range_cases[i].first : 77);
      g_assert_cmpuint (r.last, ==, range_cases[i].first ? range_cases[i].last : 77);
    }
  for (size_t i = 0; i < G_N_ELEMENTS (in_range_cases); i++)
    {
      char out[16] = "untouched";
      LaysoNumberRange r = { in_range_cases[i].first, in_range_cases[i].last };
      int rc = layso_ticket_number_in_range ('A', &r, in_range_cases[i].seq, out, sizeof out);
      g_assert_cmpint (rc, ==, in_range_cases[i].number ? 0 : -EINVAL);
      g_assert_cmpstr (out, ==, in_range_cases[i].number ? in_range_cases[i].number : "untouched");
    }
  LaysoNumberRange walk = { 1, 999 }, appt = { 1001, 1999 }, overlap = { 900, 1100 };
  g_assert_true (layso_number_ranges_disjoint (&walk, &appt));
  g_assert_false (layso_number_ranges_disjoint (&walk, &overlap));
  g_assert_false (layso_number_ranges_disjoint (&appt, &overlap));
  char small[4];
  g_assert_cmpint (layso_ticket_number_in_range ('A', &appt, 1, small, sizeof small), ==, -ENOBUFS);
  g_assert_cmpint (layso_ticket_number_in_range ('a', &walk, 1, small, sizeof small), ==, -EINVAL);
}

static void
test_token (void)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int i = 0; i < 200; i++)
    {
      char *t = layso_token_generate ();
      g_assert_cmpuint (strlen (t), ==, 43);
      for (const char *p = t; *p; p++)
        g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
      g_assert_false (g_hash_table_contains (seen, t));
      g_hash_table_add (seen, t);
    }
}

static void
test_token_hash (void)
{
  static const struct
  {
    const char *in, *sha256;
  } cases[] = {
    { "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
    { "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
    { "The quick brown fox jumps over the lazy dog",
      "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char hex[65];
      layso_token_hash (cases[i].in, hex);
      g_assert_cmpstr (hex, ==, cases[i].sha256);
    }
  /* a generated token hashes like GLib's own SHA-256 says */
  g_autofree char *t = layso_token_generate ();
  g_autofree char *expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, t, -1);
  char hex[65];
  layso_token_hash (t, hex);
  g_assert_cmpstr (hex, ==, expected);
}

static gpointer
generate_many (gpointer data)
{
  for (int i = 0; i < 2000; i++)
    {
      char code[LAYSO_CODE_LEN + 1];
      layso_code_generate (code);
      for (int j = 0; j < LAYSO_CODE_LEN; j++)
        if (!in_alphabet (code[j]))
          return GINT_TO_POINTER (1);
    }
  return NULL;
}

static void
test_threads (void)
{
  GThread *threads[4];
  for (size_t i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("codes", generate_many, NULL);
  for (size_t i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_null (g_thread_join (threads[i]));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* threads first, so sodium is initialised by racing callers */
  g_test_add_func ("/layso/codes/threads", test_threads);
  g_test_add_func ("/layso/codes/alphabet", test_alphabet);
  g_test_add_func ("/layso/codes/generate", test_generate);
  g_test_add_func ("/layso/codes/parse", test_parse);
  g_test_add_func ("/layso/codes/ticket-number", test_ticket_numbers);
  g_test_add_func ("/layso/codes/number-ranges", test_number_ranges);
  g_test_add_func ("/layso/codes/token", test_token);
  g_test_add_func ("/layso/codes/token-hash", test_token_hash);
  return g_test_run ();
}
