/* The Vietnamese lunisolar calendar (âm lịch), computed from the astronomical new moon and the
 * sun's principal terms at UTC+7, by the published rules:
 *   - a month starts on the local (UTC+7) day of the true new moon;
 *   - the month holding the winter solstice is month 11;
 *   - from one month 11 to the next there are 12 or 13 months; in a 13-month span the first
 *     month after month 11 without a principal term (trung khí, a multiple of 30° of the sun's
 *     longitude) is the leap month, and takes the number of the month before it;
 *   - months 11 and 12 belong to the lunar year of the solstice, the others to the next one:
 *     mùng 1 tháng Giêng (Tết) opens lunar year Y in January or February of solar year Y.
 * Pure functions, thread-safe, no allocation.
 *
 * Known range: solar days from 1900-01-01 to 2100-12-31 (LAYSO_LUNAR_MIN_YEAR ..
 * LAYSO_LUNAR_MAX_YEAR); anything outside is -ERANGE. Every day is computed at UTC+7, which
 * Vietnam's calendar has used since 1968; the almanacs printed before that used UTC+8, so a
 * few days before 1968 differ from them (Tết 1968 is the famous case). Past 2100 the
 * uncertainty of ΔT (Earth's rotation) makes new moons near midnight a guess.
 * Checked against the same rules run on PyEphem's ephemeris: all 2487 month starts and leap
 * months of 1900-2100 agree but one, 8/7/1967, whose new moon is 5 s from midnight. */
#pragma once

#include "layso-types.h"

#define LAYSO_LUNAR_MIN_YEAR 1900
#define LAYSO_LUNAR_MAX_YEAR 2100

typedef struct
{
  int year;     /* lunar year: the solar year in which its mùng 1 tháng Giêng falls */
  guint8 month; /* 1..12 */
  guint8 day;   /* 1..30 */
  bool leap;    /* tháng nhuận: the second month with this number in the year */
} LaysoLunarDate;

/* Lunar date of a solar day. -EINVAL for a NULL or invalid date, -ERANGE outside the range. */
int layso_lunar_from_solar (const GDate *solar, LaysoLunarDate *ret);

/* Solar day of a lunar date. -EINVAL for a date that does not exist (month 0 or 13, day 0 or
 * 31, day 30 of a 29-day month, a leap flag on a month that is not leap that year); -ERANGE
 * when the answer would fall outside the range. */
int layso_lunar_to_solar (const LaysoLunarDate *lunar, GDate *ret);
