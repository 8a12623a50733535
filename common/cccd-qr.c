/* The QR on a CCCD card, parsed tolerantly.
 *
 * Rules: at most LAYSO_CCCD_QR_MAX_BYTES bytes, valid UTF-8 without NUL; surrounding white
 * space (a trailing CR/LF from a scanner included) is ignored; fields are separated by '|'
 * and each is trimmed of ASCII white space; at least 6 fields, extra trailing ones ignored.
 * Field 0 must be a valid CCCD (12 ASCII digits); everything else is best effort:
 *   - the name is NFC with white space folded; a name that fails layso_name_normalize()
 *     (digits, control characters, ...) becomes "" rather than failing the whole card;
 *   - dates are ddmmyyyy, turned into "YYYY-MM-DD"; anything else, impossible dates
 *     included, becomes "";
 *   - sex and address are kept as printed (trimmed), with control characters removed. */
#include "cccd-qr.h"

#include <errno.h>
#include <string.h>

#include "validate.h"

#define FIELD_CCCD    0
#define FIELD_OLD_ID  1
#define FIELD_NAME    2
#define FIELD_BIRTH   3
#define FIELD_SEX     4
#define FIELD_ADDRESS 5
#define FIELD_ISSUE   6
#define MIN_FIELDS    6

static char *
date_field (const char *s)
{
  if (strlen (s) != 8)
    return g_strdup ("");
  for (int i = 0; i < 8; i++)
    if (s[i] < '0' || s[i] > '9')
      return g_strdup ("");
  unsigned d = (unsigned) (s[0] - '0') * 10 + (unsigned) (s[1] - '0');
  unsigned m = (unsigned) (s[2] - '0') * 10 + (unsigned) (s[3] - '0');
  unsigned y = (unsigned) (s[4] - '0') * 1000 + (unsigned) (s[5] - '0') * 100 +
               (unsigned) (s[6] - '0') * 10 + (unsigned) (s[7] - '0');
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return g_strdup ("");
  return g_strdup_printf ("%04u-%02u-%02u", y, m, d);
}

static char *
text_field (const char *s)
{
  GString *out = g_string_sized_new (strlen (s));
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!g_unichar_iscntrl (c))
        g_string_append_unichar (out, c);
    }
  char *nfc = g_utf8_normalize (out->str, (gssize) out->len, G_NORMALIZE_NFC);
  g_string_free (out, TRUE);
  return nfc ? nfc : g_strdup ("");
}

int
layso_cccd_qr_parse (const char *data, size_t len, LaysoCccdCard **ret_card)
{
  if (!data || !ret_card || len > LAYSO_CCCD_QR_MAX_BYTES || !layso_utf8_is_valid (data, len))
    return -EINVAL;

  g_autofree char *copy = g_strndup (data, len);
  g_strstrip (copy);
  g_auto (GStrv) fields = g_strsplit (copy, "|", -1);
  if (g_strv_length (fields) < MIN_FIELDS)
    return -EINVAL;
  for (char **f = fields; *f; f++)
    g_strstrip (*f);
  if (!layso_cccd_is_valid (fields[FIELD_CCCD]))
    return -EINVAL;

  g_autoptr (LaysoCccdCard) card = g_new0 (LaysoCccdCard, 1);
  card->cccd = g_strdup (fields[FIELD_CCCD]);
  card->old_id = text_field (fields[FIELD_OLD_ID]);
  if (layso_name_normalize (fields[FIELD_NAME], &card->name) < 0)
    card->name = g_strdup ("");
  card->birth_date = date_field (fields[FIELD_BIRTH]);
  card->sex = text_field (fields[FIELD_SEX]);
  card->address = text_field (fields[FIELD_ADDRESS]);
  card->issue_date = fields[FIELD_ISSUE] ? date_field (fields[FIELD_ISSUE]) : g_strdup ("");

  *ret_card = g_steal_pointer (&card);
  return 0;
}

void
layso_cccd_card_free (LaysoCccdCard *card)
{
  if (!card)
    return;
  g_free (card->cccd);
  g_free (card->old_id);
  g_free (card->name);
  g_free (card->birth_date);
  g_free (card->sex);
  g_free (card->address);
  g_free (card->issue_date);
  g_free (card);
}
