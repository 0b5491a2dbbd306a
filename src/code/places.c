/* places.c -- loads the gazetteer (see places.h) into one array and an open-addressing hash
 * over lower-cased names.  Rows come sorted by population, so the first place to claim a name
 * keeps it, except that a capital or a country always takes its name. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "places.h"
#include "util/error.h"
#include "util/mem.h"

struct places {
	struct place *v;
	size_t n, cap;
	struct slot {
		const char *key;      /* the name (not NUL-terminated at len) */
		uint32_t len;
		uint32_t idx;         /* into v */
	} *slots;                 /* key NULL = empty */
	size_t nslots;
	struct arena strings;
};

static uint32_t hash_name(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)tolower((unsigned char)s[i])) * 16777619u;
	return h;
}

static int same(const char *a, size_t an, const char *s, size_t n)
{
	if (an != n) return 0;
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)s[i])) return 0;
	return 1;
}

/* Give name s[0..n) to place k, unless a stronger place holds it. */
static void claim(struct places *p, const char *s, size_t n, uint32_t k)
{
	size_t i = hash_name(s, n) & (p->nslots - 1);
	for (;; i = (i + 1) & (p->nslots - 1)) {
		struct slot *sl = &p->slots[i];
		if (!sl->key) {
			sl->key = s;
			sl->len = (uint32_t)n;
			sl->idx = k;
			return;
		}
		if (same(sl->key, sl->len, s, n)) {
			if (p->v[k].kind > p->v[sl->idx].kind) sl->idx = k;
			return;
		}
	}
}

/* Give name s[0..n), already held, to place k. */
static void reclaim(struct places *p, const char *s, size_t n, uint32_t k)
{
	size_t i = hash_name(s, n) & (p->nslots - 1);
	for (; p->slots[i].key; i = (i + 1) & (p->nslots - 1))
		if (same(p->slots[i].key, p->slots[i].len, s, n)) {
			p->slots[i].idx = k;
			return;
		}
}

static dyad_status read_tsv(struct places *p, const char *path, int countries, struct dyad_error *err)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t k;

	if (!f) {
		dyad_error_set(err, "%s: %s", path, strerror(errno));
		return DYAD_ERR_IO;
	}
	while ((k = getline(&line, &cap, f)) >= 0) {
		char *fld[9];
		int nf = 0;
		struct place *pl;
		lineno++;
		if (line[0] == '#' || k <= 1) continue;
		if (k && line[k - 1] == '\n') line[k - 1] = 0;
		fld[nf++] = line;
		for (char *q = line; *q && nf < 9; q++)
			if (*q == '\t') { *q = 0; fld[nf++] = q + 1; }
		if (nf < (countries ? 6 : 7) || strlen(fld[countries ? 0 : 2]) != 3) {
			dyad_error_set(err, "%s:%zu: expected %d tab-separated fields", path, lineno,
			               countries ? 6 : 7);
			free(line);
			fclose(f);
			return DYAD_ERR_FORMAT;
		}
		if (mem_grow(&p->v, &p->cap, p->n + 1, sizeof *p->v, 1 << 24) < 0) goto nomem;
		pl = &p->v[p->n];
		memset(pl, 0, sizeof *pl);
		if (countries) {
			pl->name = arena_strndup(&p->strings, fld[3], strlen(fld[3]));
			memcpy(pl->country, fld[0], 3);
			pl->lat = (float)atof(fld[4]);
			pl->lon = (float)atof(fld[5]);
			pl->kind = PLACE_COUNTRY;
		} else {
			pl->name = arena_strndup(&p->strings, fld[0], strlen(fld[0]));
			memcpy(pl->country, fld[2], 3);
			pl->lat = (float)atof(fld[3]);
			pl->lon = (float)atof(fld[4]);
			pl->population = (uint32_t)strtoul(fld[5], NULL, 10);
			pl->kind = strcmp(fld[6], "PPLC") == 0 ? PLACE_CAPITAL :
			           strcmp(fld[6], "PPLA") == 0 ? PLACE_SEAT : PLACE_CITY;
			/* other names, comma-separated: kept with the place, claimed after the names */
			pl->alternates = nf > 7 ? arena_strndup(&p->strings, fld[7], strlen(fld[7])) : NULL;
			if (nf > 7 && !pl->alternates) goto nomem;
		}
		if (!pl->name) goto nomem;
		p->n++;
	}
	free(line);
	fclose(f);
	return DYAD_OK;
nomem:
	free(line);
	fclose(f);
	dyad_error_set(err, "%s:%zu: out of memory", path, lineno);
	return DYAD_ERR_NOMEM;
}

dyad_status places_load(struct places **out, const char *dir, struct dyad_error *err)
{
	struct places *p = dyad_calloc(1, sizeof *p);
	char path[4096];
	dyad_status st;

	*out = NULL;
	if (!p) {
		dyad_error_set(err, "out of memory");
		return DYAD_ERR_NOMEM;
	}
	arena_init(&p->strings, 0);
	snprintf(path, sizeof path, "%s/countries.tsv", dir);
	st = read_tsv(p, path, 1, err);
	snprintf(path, sizeof path, "%s/cities.tsv", dir);
	if (st == DYAD_OK) st = read_tsv(p, path, 0, err);
	if (st == DYAD_OK) {
		for (p->nslots = 1024; p->nslots < p->n * 4; p->nslots *= 2) {}
		if (!(p->slots = dyad_calloc(p->nslots, sizeof *p->slots))) {
			dyad_error_set(err, "out of memory");
			st = DYAD_ERR_NOMEM;
		}
	}
	if (st != DYAD_OK) {
		places_free(p);
		return st;
	}
	for (size_t k = 0; k < p->n; k++) {
		const char *name = p->v[k].name, *comma = strstr(name, ", ");
		claim(p, name, strlen(name), (uint32_t)k);
		if (comma && p->v[k].kind == PLACE_CAPITAL)      /* "Washington, D.C." -> "Washington" */
			claim(p, name, (size_t)(comma - name), (uint32_t)k);
	}
	/* other names: a place takes one from the place that holds it only when it is three times
	 * as large ("Geneva" is Genève's, not the Illinois town's); capitals and countries keep
	 * their names */
	for (size_t k = 0; k < p->n; k++)
		for (const char *a = p->v[k].alternates; a && *a; ) {
			size_t n = strcspn(a, ",");
			const struct place *cur = places_find(p, a, n);
			if (!cur) claim(p, a, n, (uint32_t)k);
			else if (cur->kind < PLACE_CAPITAL && p->v[k].population > 3 * (uint64_t)cur->population)
				reclaim(p, a, n, (uint32_t)k);
			a += n + (a[n] == ',');
		}
	*out = p;
	return DYAD_OK;
}

void places_free(struct places *p)
{
	if (!p) return;
	dyad_free(p->v);
	dyad_free(p->slots);
	arena_release(&p->strings);
	dyad_free(p);
}

const struct place *places_find(const struct places *p, const char *s, size_t n)
{
	size_t i = hash_name(s, n) & (p->nslots - 1);
	for (;; i = (i + 1) & (p->nslots - 1)) {
		const struct slot *sl = &p->slots[i];
		if (!sl->key) return NULL;
		if (same(sl->key, sl->len, s, n)) return &p->v[sl->idx];
	}
}

const struct place *places_country(const struct places *p, const char *iso3)
{
	for (size_t k = 0; k < p->n && p->v[k].kind == PLACE_COUNTRY; k++)
		if (strcmp(p->v[k].country, iso3) == 0) return &p->v[k];
	return NULL;
}
