/* The true new moon and the sun's apparent longitude, from Meeus' "Astronomical Algorithms"
 * (2nd ed.): ch. 49 (phases of the moon: mean phase, periodic terms of the new moon and the
 * planetary arguments), ch. 25 (solar coordinates, lower accuracy: 0.01°). Both chapters work
 * in dynamical time (TT); civil time is UT, ΔT = TT - UT apart. */
#include <glib.h>
#include <math.h>

#include "astro.h"

#define DEG              (G_PI / 180.0)
#define SYNODIC_MONTH    29.530588861
#define NEW_MOON_EPOCH   2451550.09766 /* TT, lunation 0 */
#define LUNATIONS_PER_CY 1236.85

/* One periodic term of the new moon: coef * E^e_power * sin (m*M + mp*M' + f*F + om*Ω), days. */
typedef struct
{
  double coef;
  int e_power, m, mp, f, om;
} NewMoonTerm;

static const NewMoonTerm new_moon_terms[] = {
  { -0.40720, 0, 0, 1, 0, 0 }, { 0.17241, 1, 1, 0, 0, 0 },    { 0.01608, 0, 0, 2, 0, 0 },
  { 0.01039, 0, 0, 0, 2, 0 },  { 0.00739, 1, -1, 1, 0, 0 },   { -0.00514, 1, 1, 1, 0, 0 },
  { 0.00208, 2, 2, 0, 0, 0 },  { -0.00111, 0, 0, 1, -2, 0 },  { -0.00057, 0, 0, 1, 2, 0 },
  { 0.00056, 1, 1, 2, 0, 0 },  { -0.00042, 0, 0, 3, 0, 0 },   { 0.00042, 1, 1, 0, 2, 0 },
  { 0.00038, 1, 1, 0, -2, 0 }, { -0.00024, 1, -1, 2, 0, 0 },  { -0.00017, 0, 0, 0, 0, 1 },
  { -0.00007, 0, 2, 1, 0, 0 }, { 0.00004, 0, 0, 2, -2, 0 },   { 0.00004, 0, 3, 0, 0, 0 },
  { 0.00003, 0, 1, 1, -2, 0 }, { 0.00003, 0, 0, 2, 2, 0 },    { -0.00003, 0, 1, 1, 2, 0 },
  { 0.00003, 0, -1, 1, 2, 0 }, { -0.00002, 0, -1, 1, -2, 0 }, { -0.00002, 0, 1, 3, 0, 0 },
  { 0.00002, 0, 0, 4, 0, 0 },
};

/* The planetary arguments A1..A14 (degrees, a + b*k; A1 also - 0.009173 T²) and their
 * coefficients in days. */
static const struct
{
  double a, b, coef;
} planetary_terms[] = {
  { 299.77, 0.107408, 0.000325 },  { 251.88, 0.016321, 0.000165 }, { 251.83, 26.651886, 0.000164 },
  { 349.42, 36.412478, 0.000126 }, { 84.66, 18.206239, 0.000110 }, { 141.74, 53.303771, 0.000062 },
  { 207.14, 2.453732, 0.000060 },  { 154.84, 7.306860, 0.000056 }, { 34.52, 27.261239, 0.000047 },
  { 207.19, 0.121824, 0.000042 },  { 291.34, 1.844379, 0.000040 }, { 161.72, 24.198154, 0.000037 },
  { 239.56, 25.513099, 0.000035 }, { 331.55, 3.592518, 0.000023 },
};

static double
periodic_terms (double k, double t)
{
  double t2 = t * t, t3 = t2 * t, t4 = t3 * t;
  double e = 1 - 0.002516 * t - 0.0000074 * t2;
  double m = (2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3) * DEG;
  double mp =
      (201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4) * DEG;
  double f =
      (160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4) * DEG;
  double om = (124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3) * DEG;

  double sum = 0;
  for (size_t i = 0; i < G_N_ELEMENTS (new_moon_terms); i++)
    {
      const NewMoonTerm *nt = &new_moon_terms[i];
      double arg = nt->m * m + nt->mp * mp + nt->f * f + nt->om * om;
      sum += nt->coef * pow (e, nt->e_power) * sin (arg);
    }
  for (size_t i = 0; i < G_N_ELEMENTS (planetary_terms); i++)
    {
      double a = planetary_terms[i].a + planetary_terms[i].b * k;
      if (i == 0)
        a -= 0.009173 * t2;
      sum += planetary_terms[i].coef * sin (a * DEG);
    }
  return sum;
}

double
layso_astro_new_moon (int k)
{
  double t = k / LUNATIONS_PER_CY;
  double t2 = t * t;
  double jde = NEW_MOON_EPOCH + SYNODIC_MONTH * k + 0.00015437 * t2 - 0.000000150 * t2 * t +
               0.00000000073 * t2 * t2;
  jde += periodic_terms (k, t);
  return jde - layso_astro_delta_t (jde);
}

int
layso_astro_lunation_near (double jd)
{
  return (int) lround ((jd - NEW_MOON_EPOCH) / SYNODIC_MONTH);
}

double
layso_astro_sun_longitude (double jd)
{
  double t = (jd + layso_astro_delta_t (jd) - LAYSO_ASTRO_J2000) / 36525.0;
  double t2 = t * t;
  double l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t2;
  double m = (357.52911 + 35999.05029 * t - 0.0001537 * t2) * DEG;
  double c = (1.914602 - 0.004817 * t - 0.000014 * t2) * sin (m) +
             (0.019993 - 0.000101 * t) * sin (2 * m) + 0.000289 * sin (3 * m);
  double omega = (125.04 - 1934.136 * t) * DEG;
  double lambda = l0 + c - 0.00569 - 0.00478 * sin (omega);
  lambda = fmod (lambda, 360.0);
  return lambda < 0 ? lambda + 360.0 : lambda;
}

/* Espenak & Meeus' polynomials (NASA's Five Millennium Canon of Solar Eclipses, 2006), in
 * seconds, for the years this calendar can need; the last one extrapolates. */
static double
delta_t_seconds (double y)
{
  double t;
  if (y < 1900)
    {
      t = y - 1860;
      return 7.62 + 0.5737 * t - 0.251754 * t * t + 0.01680668 * pow (t, 3) -
             0.0004473624 * pow (t, 4) + pow (t, 5) / 233174;
    }
  if (y < 1920)
    {
      t = y - 1900;
      return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * pow (t, 3) -
             0.000197 * pow (t, 4);
    }
  if (y < 1941)
    {
      t = y - 1920;
      return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * pow (t, 3);
    }
  if (y < 1961)
    {
      t = y - 1950;
      return 29.07 + 0.407 * t - t * t / 233 + pow (t, 3) / 2547;
    }
  if (y < 1986)
    {
      t = y - 1975;
      return 45.45 + 1.067 * t - t * t / 260 - pow (t, 3) / 718;
    }
  if (y < 2005)
    {
      t = y - 2000;
      return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * pow (t, 3) +
             0.000651814 * pow (t, 4) + 0.00002373599 * pow (t, 5);
    }
  if (y < 2050)
    {
      t = y - 2000;
      return 62.92 + 0.32217 * t + 0.005589 * t * t;
    }
  t = (y - 1820) / 100;
  return -20 + 32 * t * t - 0.5628 * (2150 - y);
}

double
layso_astro_delta_t (double jd)
{
  double year = 2000.0 + (jd - LAYSO_ASTRO_J2000) / 365.25;
  return delta_t_seconds (year) / 86400.0;
}
