/* dates.h -- calendar arithmetic and the resolution of time expressions ("on Tuesday night",
 * "last week", "Sept. 15", "two days ago") against the document's date (private to libdyad). */
#ifndef DYAD_DATES_H
#define DYAD_DATES_H

#include <stdint.h>

#include "doc.h"

struct ymd {
	int y, m, d;
};

/* Parse "YYYY-MM-DD" (the first 10 bytes); 0 on success, -1 when not a valid date. */
int ymd_parse(const char *s, struct ymd *out);
void ymd_format(struct ymd t, char out[11]);
/* Days since 1970-01-01, and back. */
long ymd_days(struct ymd t);
struct ymd ymd_from_days(long days);
/* 0 = Monday ... 6 = Sunday */
int ymd_weekday(struct ymd t);

/* A time expression found among the words [a, b) of the document. */
struct time_expr {
	uint32_t first, last;   /* the words that carry it (inclusive) */
	char date[11];          /* resolved YYYY-MM-DD */
};

/* Look for a time expression in words [a, b) and resolve it against DOCDATE ("YYYY-MM-DD").
 * Returns 1 with *out filled, 0 when there is none (or no document date to resolve it). */
int date_find(const struct dyad_doc *d, uint32_t a, uint32_t b, const char *docdate,
              struct time_expr *out);

#endif
