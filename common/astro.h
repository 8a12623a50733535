/* The two astronomical events the Vietnamese calendar is built on: the true new moon and the
 * sun's apparent longitude (whose multiples of 30° are the principal solar terms, trung khí).
 * Pure numerics from public algorithms (J. Meeus, "Astronomical Algorithms", 2nd ed., ch. 25 and
 * 49; ΔT from Espenak & Meeus' polynomials). Against PyEphem over 1900-2100 the new moons are
 * within 34 s and the sun within 0.01° (a quarter of an hour of its motion). Times are Julian
 * dates in UT. */
#pragma once

/* Julian date of the civil day's 00:00 UT is jdn - 0.5; 2000-01-01 is jdn 2451545. */
#define LAYSO_ASTRO_J2000 2451545.0

/* Lunation number k = 0 is the new moon of 2000-01-06 (about 18:14 UT). */
double layso_astro_new_moon (int k);

/* The lunation number whose mean new moon is nearest to `jd` (the true one can be ~14 h off). */
int layso_astro_lunation_near (double jd);

/* Apparent geocentric longitude of the sun at `jd` (UT), in degrees in [0, 360). */
double layso_astro_sun_longitude (double jd);

/* TT - UT in days at `jd`. */
double layso_astro_delta_t (double jd);
