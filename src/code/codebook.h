/* codebook.h -- what a CAMEO event code means: label, Goldstein score, quad class and PLOVER
 * type, read from data/codebook/ (private to libdyad). */
#ifndef DYAD_CODEBOOK_H
#define DYAD_CODEBOOK_H

#include "dyad.h"

struct cameo_info {
	char code[5];           /* "041" */
	float goldstein;
	unsigned char quad;     /* 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict */
	char plover[16];        /* "CONSULT", "" when PLOVER has no type */
	char plover_mode[24];   /* "phone", "" */
	char context[32];       /* "diplomatic", "" */
	const char *label;      /* "Discuss by telephone" */
};

struct codebook;

/* Load the three tables from DIR.  DYAD_OK, or DYAD_ERR_IO / DYAD_ERR_FORMAT with FILE:LINE. */
dyad_status codebook_load(struct codebook **out, const char *dir, struct dyad_error *err);
void codebook_free(struct codebook *cb);

/* The entry for CODE (2-4 digits); a code without its own row takes what it lacks from its
 * parent ("0431" -> "043" -> "04").  NULL when not a CAMEO code at all. */
const struct cameo_info *codebook_get(const struct codebook *cb, const char *code);

/* Quad class of a CAMEO root, 1-4 (GDELT's grouping: 01-05, 06-08, 09-13, 14-20); 0 if none. */
int cameo_quad(const char *code);

#endif
