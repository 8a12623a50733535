/* cccd-qr.h on any bytes (a QR scanner hands over whatever the code holds). Besides
 * crashes, checks what a parsed card promises: 12 digits, every field valid UTF-8,
 * dates "" or "YYYY-MM-DD". */
#include "cccd-qr.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

static void
check_date (const char *d)
{
  g_assert (g_utf8_validate (d, -1, NULL));
  if (!*d)
    return;
  g_assert (strlen (d) == 10 && d[4] == '-' && d[7] == '-');
  for (size_t i = 0; i < 10; i++)
    g_assert (i == 4 || i == 7 || g_ascii_isdigit (d[i]));
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  LaysoCccdCard *card = NULL;
  if (layso_cccd_qr_parse ((const char *) data, size, &card) < 0)
    return 0;
  g_assert (size <= LAYSO_CCCD_QR_MAX_BYTES);
  g_assert (strlen (card->cccd) == 12);
  for (size_t i = 0; i < 12; i++)
    g_assert (g_ascii_isdigit (card->cccd[i]));
  const char *text[] = { card->old_id, card->name, card->sex, card->address };
  for (size_t i = 0; i < G_N_ELEMENTS (text); i++)
    g_assert (text[i] && g_utf8_validate (text[i], -1, NULL));
  check_date (card->birth_date);
  check_date (card->issue_date);
  layso_cccd_card_free (card);
  return 0;
}
