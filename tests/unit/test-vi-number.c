#include <errno.h>
#include <string.h>

#include "vi-number.h"

typedef struct
{
  unsigned long n;
  const char *text;
} NumberCase;

static const NumberCase number_cases[] = {
  { 0, "không" },
  { 1, "một" },
  { 4, "bốn" },
  { 5, "năm" },
  { 10, "mười" },
  { 11, "mười một" },
  { 14, "mười bốn" },
  { 15, "mười lăm" },
  { 19, "mười chín" },
  { 20, "hai mươi" },
  { 21, "hai mươi mốt" },
  { 24, "hai mươi tư" },
  { 25, "hai mươi lăm" },
  { 31, "ba mươi mốt" },
  { 44, "bốn mươi tư" },
  { 55, "năm mươi lăm" },
  { 90, "chín mươi" },
  { 99, "chín mươi chín" },
  { 100, "một trăm" },
  { 101, "một trăm linh một" },
  { 104, "một trăm linh bốn" },
  { 105, "một trăm linh năm" },
  { 110, "một trăm mười" },
  { 111, "một trăm mười một" },
  { 115, "một trăm mười lăm" },
  { 121, "một trăm hai mươi mốt" },
  { 200, "hai trăm" },
  { 999, "chín trăm chín mươi chín" },
  { 1000, "một nghìn" },
  { 1001, "một nghìn không trăm linh một" },
  { 1002, "một nghìn không trăm linh hai" },
  { 1010, "một nghìn không trăm mười" },
  { 1015, "một nghìn không trăm mười lăm" },
  { 1021, "một nghìn không trăm hai mươi mốt" },
  { 1100, "một nghìn một trăm" },
  { 1200, "một nghìn hai trăm" },
  { 1234, "một nghìn hai trăm ba mươi tư" },
  { 2024, "hai nghìn không trăm hai mươi tư" },
  { 10000, "mười nghìn" },
  { 10005, "mười nghìn không trăm linh năm" },
  { 15000, "mười lăm nghìn" },
  { 21000, "hai mươi mốt nghìn" },
  { 100000, "một trăm nghìn" },
  { 105000, "một trăm linh năm nghìn" },
  { 999999, "chín trăm chín mươi chín nghìn chín trăm chín mươi chín" },
  { 1000000, "một triệu" },
  { 1000200, "một triệu hai trăm" },
  { 1000005, "một triệu không trăm linh năm" },
  { 1005000, "một triệu không trăm linh năm nghìn" },
  { 21000021, "hai mươi mốt triệu không trăm hai mươi mốt" },
  { 999999999, "chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm "
               "chín mươi chín" },
};

static void
test_numbers (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (number_cases); i++)
    {
      LaysoViPhrase p;
      g_assert_cmpint (layso_vi_read_number (number_cases[i].n, &p), ==, 0);
      g_autofree char *text = layso_vi_phrase_text (&p);
      if (strcmp (text, number_cases[i].text) != 0)
        g_error ("%lu read \"%s\", expected \"%s\"", number_cases[i].n, text, number_cases[i].text);
      for (size_t w = 0; w < p.len; w++)
        g_assert_false (p.pause_after[w]);
    }
}

static void
test_number_range (void)
{
  LaysoViPhrase p = { .len = 7 };
  g_assert_cmpint (layso_vi_read_number (LAYSO_VI_NUMBER_MAX + 1ul, &p), ==, -ERANGE);
  g_assert_cmpint (layso_vi_read_number (G_MAXULONG, &p), ==, -ERANGE);
  g_assert_cmpuint (p.len, ==, 7); /* untouched */
}

/* The slugs name the clips: the same reading as slugs, with mươi and mốt told apart from
 * mười and một. */
static void
test_number_slugs (void)
{
  static const struct
  {
    unsigned long n;
    const char *slugs;
  } cases[] = {
    { 1002, "mot nghin khong tram linh hai" },
    { 21, "hai muoi-ngang mot-sac" },
    { 11, "muoi mot" },
    { 24, "hai muoi-ngang tu" },
    { 15, "muoi lam" },
    { 2025, "hai nghin khong tram hai muoi-ngang lam" },
    { 3000000, "ba trieu" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LaysoViPhrase p;
      g_assert_cmpint (layso_vi_read_number (cases[i].n, &p), ==, 0);
      g_autofree char *slugs = layso_vi_phrase_slugs (&p);
      g_assert_cmpstr (slugs, ==, cases[i].slugs);
    }
}

typedef struct
{
  const char *ticket;
  const char *text; /* NULL: -EINVAL */
  const char *slugs;
} TicketCase;

static const TicketCase ticket_cases[] = {
  { "A1002", "a, một nghìn không trăm linh hai", "a mot nghin khong tram linh hai" },
  { "A001", "a, không không một", "a khong khong mot" },
  { "A0", "a, không", "a khong" },
  { "A000", "a, không không không", "a khong khong khong" },
  { "A010", "a, không một không", "a khong mot khong" },
  { "B15", "bê, mười lăm", "b muoi lam" },
  { "C1024", "xê, một nghìn không trăm hai mươi tư", "c mot nghin khong tram hai muoi-ngang tu" },
  { "\xc4\x90"
    "1001",
    "đê, một nghìn không trăm linh một", "dd mot nghin khong tram linh mot" },
  { "AB105", "a bê, một trăm linh năm", "a b mot tram linh nam" },
  { "1002", "một nghìn không trăm linh hai", "mot nghin khong tram linh hai" },
  { "ABCD999999999",
    "a bê xê dê, chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn "
    "chín trăm chín mươi chín",
    NULL },
  { "A0000000000000001",
    "a, không không không không không không không không không không không "
    "không không không không một",
    NULL },
  /* invalid */
  { "", NULL, NULL },
  { "A", NULL, NULL },
  { "a1002", NULL, NULL },
  { "A-1002", NULL, NULL },
  { "A 1002", NULL, NULL },
  { "A1002 ", NULL, NULL },
  { " A1002", NULL, NULL },
  { "A1B2", NULL, NULL },
  { "ABCDE1", NULL, NULL },             /* five letters */
  { "A1000000000", NULL, NULL },        /* above LAYSO_VI_NUMBER_MAX */
  { "A00000000000000001", NULL, NULL }, /* 17 digits */
  { "A\xef\xbc\x91", NULL, NULL },      /* a full-width digit one */
  { "\xc4\x91"
    "1",
    NULL, NULL }, /* a small đ */
  { "\xc4", NULL, NULL },
};

static void
test_tickets (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (ticket_cases); i++)
    {
      const TicketCase *c = &ticket_cases[i];
      LaysoViPhrase p = { .len = 99 };
      int r = layso_vi_read_ticket (c->ticket, &p);
      if (!c->text)
        {
          if (r != -EINVAL)
            g_error ("ticket \"%s\" accepted", c->ticket);
          g_assert_cmpuint (p.len, ==, 99);
          continue;
        }
      g_assert_cmpint (r, ==, 0);
      g_autofree char *text = layso_vi_phrase_text (&p);
      g_autofree char *slugs = layso_vi_phrase_slugs (&p);
      if (strcmp (text, c->text) != 0)
        g_error ("ticket %s read \"%s\", expected \"%s\"", c->ticket, text, c->text);
      if (c->slugs)
        g_assert_cmpstr (slugs, ==, c->slugs);
    }
  LaysoViPhrase p;
  g_assert_cmpint (layso_vi_read_ticket (NULL, &p), ==, -EINVAL);
}

/* At the limits: 4 letters and 16 digits are LAYSO_VI_TICKET_MAX bytes; one byte more is
 * refused. */
static void
test_ticket_limits (void)
{
  LaysoViPhrase p;
  g_assert_cmpint (layso_vi_read_ticket ("AAAA0000000000000001", &p), ==, 0);
  g_assert_cmpuint (p.len, ==, 20);
  g_assert_cmpint (layso_vi_read_ticket ("AAAA00000000000000001", &p), ==, -EINVAL);
}

/* Every letter by its Vietnamese name, as schools teach them (bê, xê, đê…). */
static void
test_letter_names (void)
{
  static const char *const names[] = {
    "a",     "bê", "xê",   "dê",    "e",      "ép",     "giê",   "hát", "i",
    "gi",    "ca", "e-lờ", "em-mờ", "en-nờ",  "o",      "pê",    "quy", "e-rờ",
    "ét-xì", "tê", "u",    "vê",    "vê kép", "ích-xì", "i dài", "dét",
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (names) == 26);
  for (char c = 'A'; c <= 'Z'; c++)
    {
      char ticket[] = { c, '7', '\0' };
      LaysoViPhrase p;
      g_assert_cmpint (layso_vi_read_ticket (ticket, &p), ==, 0);
      g_assert_cmpuint (p.len, ==, 2);
      g_assert_cmpstr (p.words[0]->text, ==, names[c - 'A']);
      char slug[] = { g_ascii_tolower (c), '\0' };
      g_assert_cmpstr (p.words[0]->slug, ==, slug);
      g_assert_true (p.pause_after[0]);
      g_assert_cmpstr (p.words[1]->text, ==, "bảy");
    }
}

static void
test_announcements (void)
{
  static const struct
  {
    const char *ticket;
    unsigned counter;
    const char *text;
    const char *slugs;
  } cases[] = {
    { "A1002", 3, "Mời số a, một nghìn không trăm linh hai, đến quầy số ba",
      "moi-so a mot nghin khong tram linh hai den-quay-so ba" },
    { "B015", 12, "Mời số bê, không một năm, đến quầy số mười hai",
      "moi-so b khong mot nam den-quay-so muoi hai" },
    { "1002", 1, "Mời số một nghìn không trăm linh hai, đến quầy số một",
      "moi-so mot nghin khong tram linh hai den-quay-so mot" },
    { "Z21", 25, "Mời số dét, hai mươi mốt, đến quầy số hai mươi lăm",
      "moi-so z hai muoi-ngang mot-sac den-quay-so hai muoi-ngang lam" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LaysoViPhrase p;
      g_assert_cmpint (layso_vi_read_announcement (cases[i].ticket, cases[i].counter, &p), ==, 0);
      g_autofree char *text = layso_vi_phrase_text (&p);
      g_autofree char *slugs = layso_vi_phrase_slugs (&p);
      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_cmpstr (slugs, ==, cases[i].slugs);
    }
}

static void
test_announcement_limits (void)
{
  LaysoViPhrase p = { .len = 99 };
  g_assert_cmpint (layso_vi_read_announcement ("A1002", 0, &p), ==, -EINVAL);
  g_assert_cmpint (layso_vi_read_announcement ("A1002", LAYSO_VI_COUNTER_MAX + 1, &p), ==, -EINVAL);
  g_assert_cmpint (layso_vi_read_announcement ("A-1", 3, &p), ==, -EINVAL);
  g_assert_cmpint (layso_vi_read_announcement (NULL, 3, &p), ==, -EINVAL);
  g_assert_cmpuint (p.len, ==, 99);
  /* the longest there is still fits in a phrase */
  g_assert_cmpint (layso_vi_read_announcement ("ABCD777777777", 777777, &p), ==, 0);
  g_assert_cmpint (layso_vi_read_announcement ("AAAA0000000000000001", 999999, &p), ==, 0);
  g_assert_cmpuint (p.len, <=, LAYSO_VI_PHRASE_MAX);
}

/* The word table: slugs are file names ([a-z0-9-]), and no name means two words. */
static void
test_words (void)
{
  size_t n;
  const LaysoViWord *words = layso_vi_words (&n);
  g_assert_cmpuint (n, >=, 10 + 9 + 2 + 27);
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  for (size_t i = 0; i < n; i++)
    {
      const char *both[] = { words[i].slug, words[i].alias };
      for (size_t k = 0; k < 2 && both[k]; k++)
        {
          g_assert_cmpuint (strlen (both[k]), >, 0);
          g_assert_cmpuint (strspn (both[k], "abcdefghijklmnopqrstuvwxyz0123456789-"), ==,
                            strlen (both[k]));
          g_assert_false (g_hash_table_contains (names, both[k]));
          g_hash_table_add (names, (gpointer) both[k]);
          g_assert_true (layso_vi_word_lookup (both[k]) == &words[i]);
        }
      g_assert_true (g_utf8_validate (words[i].text, -1, NULL));
    }
  g_assert_true (layso_vi_word_lookup ("3") == layso_vi_word_lookup ("ba"));
  g_assert_null (layso_vi_word_lookup ("muoi-mot"));
  g_assert_null (layso_vi_word_lookup ("chime"));
  g_assert_null (layso_vi_word_lookup (""));
  g_assert_null (layso_vi_word_lookup (NULL));
}

/* A reading back to its value, by the rules in vi-number.c's comment read the other way. */
static unsigned long
decode (const LaysoViPhrase *p)
{
  unsigned long total = 0, group = 0, cur = 0;
  for (size_t i = 0; i < p->len; i++)
    {
      const char *w = p->words[i]->slug;
      const LaysoViWord *digit = layso_vi_word_lookup (w);
      if (digit->alias && g_ascii_isdigit (digit->alias[0]))
        cur += (unsigned long) (digit->alias[0] - '0');
      else if (!strcmp (w, "mot-sac") || !strcmp (w, "tu") || !strcmp (w, "lam"))
        cur += w[0] == 'm' ? 1 : w[0] == 't' ? 4 : 5;
      else if (!strcmp (w, "muoi"))
        cur += 10;
      else if (!strcmp (w, "muoi-ngang"))
        cur *= 10;
      else if (!strcmp (w, "tram"))
        {
          group += cur * 100;
          cur = 0;
        }
      else if (!strcmp (w, "nghin") || !strcmp (w, "trieu"))
        {
          total += (group + cur) * (w[0] == 'n' ? 1000 : 1000000);
          group = cur = 0;
        }
      else
        g_assert_cmpstr (w, ==, "linh");
    }
  return total + group + cur;
}

/* Which word may follow which: the special forms only where the rules put them. */
static void
check_neighbours (const LaysoViPhrase *p, unsigned long n)
{
  for (size_t i = 0; i < p->len; i++)
    {
      const char *w = p->words[i]->slug, *prev = i ? p->words[i - 1]->slug : "";
      bool after_muoi_ngang = !strcmp (prev, "muoi-ngang");
      if (!strcmp (w, "mot-sac") || !strcmp (w, "tu"))
        g_assert_true (after_muoi_ngang);
      if (!strcmp (w, "lam"))
        g_assert_true (after_muoi_ngang || !strcmp (prev, "muoi"));
      if (after_muoi_ngang || !strcmp (prev, "muoi"))
        g_assert_true (strcmp (w, "nam") != 0);
      if (after_muoi_ngang)
        g_assert_true (strcmp (w, "mot") != 0 && strcmp (w, "bon") != 0);
      if (!strcmp (w, "linh"))
        g_assert_true (!strcmp (prev, "tram") && i + 1 < p->len);
    }
  if (n > 0)
    g_assert_true (strcmp (p->words[0]->slug, "khong") != 0);
}

/* Every number up to 30,000 (every shape of a group, and of a group after "nghìn"), and a
 * sample up to the maximum, reads back to itself. */
static void
test_round_trip (void)
{
  for (unsigned long n = 0; n <= LAYSO_VI_NUMBER_MAX; n += n < 30000 ? 1 : 1 + n / 5000 + n % 7)
    {
      LaysoViPhrase p;
      g_assert_cmpint (layso_vi_read_number (n, &p), ==, 0);
      g_assert_cmpuint (p.len, <=, 17);
      if (decode (&p) != n)
        {
          g_autofree char *text = layso_vi_phrase_text (&p);
          g_error ("%lu read \"%s\" reads back as %lu", n, text, decode (&p));
        }
      check_neighbours (&p, n);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/vi-number/numbers", test_numbers);
  g_test_add_func ("/layso/vi-number/number-range", test_number_range);
  g_test_add_func ("/layso/vi-number/number-slugs", test_number_slugs);
  g_test_add_func ("/layso/vi-number/round-trip", test_round_trip);
  g_test_add_func ("/layso/vi-number/tickets", test_tickets);
  g_test_add_func ("/layso/vi-number/ticket-limits", test_ticket_limits);
  g_test_add_func ("/layso/vi-number/letter-names", test_letter_names);
  g_test_add_func ("/layso/vi-number/announcements", test_announcements);
  g_test_add_func ("/layso/vi-number/announcement-limits", test_announcement_limits);
  g_test_add_func ("/layso/vi-number/words", test_words);
  return g_test_run ();
}
