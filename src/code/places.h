/* places.h -- the gazetteer: place names to country, coordinates and kind, read from
 * data/gazetteer/ (private to libdyad). */
#ifndef DYAD_PLACES_H
#define DYAD_PLACES_H

#include <stddef.h>
#include <stdint.h>

#include "dyad.h"

enum place_kind { PLACE_CITY, PLACE_SEAT, PLACE_CAPITAL, PLACE_COUNTRY };

struct place {
	const char *name;
	char country[4];       /* ISO 3166 alpha-3 */
	float lat, lon;
	uint32_t population;
	unsigned char kind;    /* enum place_kind */
	const char *alternates;/* other names, comma-separated, or NULL */
};

struct places;

dyad_status places_load(struct places **out, const char *dir, struct dyad_error *err);
void places_free(struct places *p);

/* The place named s[0..n) (case-insensitive; a name given to several places means the capital,
 * else the most populous).  NULL when unknown. */
const struct place *places_find(const struct places *p, const char *s, size_t n);
/* The country with this alpha-3 code, at its capital's coordinates; NULL when unknown. */
const struct place *places_country(const struct places *p, const char *iso3);

#endif
