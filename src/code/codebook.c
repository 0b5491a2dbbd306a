/* codebook.c -- loads the CAMEO tables (see codebook.h): Goldstein scores, labels and the CAMEO
 * to PLOVER table, merged into one sorted array looked up by binary search. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codebook.h"
#include "util/error.h"
#include "util/mem.h"

struct codebook {
	struct cameo_info *v;
	size_t n, cap;
	char *labels;             /* all labels, NUL-separated */
	size_t nlabels, caplabels;
};

int cameo_quad(const char *code)
{
	int root;
	if (!isdigit((unsigned char)code[0]) || !isdigit((unsigned char)code[1])) return 0;
	root = (code[0] - '0') * 10 + (code[1] - '0');
	if (root >= 1 && root <= 5) return 1;
	if (root >= 6 && root <= 8) return 2;
	if (root >= 9 && root <= 13) return 3;
	if (root >= 14 && root <= 20) return 4;
	return 0;
}

static int valid_code(const char *s, size_t n)
{
	if (n < 2 || n > 4) return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i])) return 0;
	return cameo_quad(s) != 0;
}

/* The entry for code s[0..n), created when absent (the array stays unsorted until load ends). */
static struct cameo_info *entry(struct codebook *cb, const char *s, size_t n)
{
	struct cameo_info *e;
	for (size_t i = 0; i < cb->n; i++)
		if (strlen(cb->v[i].code) == n && memcmp(cb->v[i].code, s, n) == 0) return &cb->v[i];
	if (mem_grow(&cb->v, &cb->cap, cb->n + 1, sizeof *cb->v, 10000) < 0) return NULL;
	e = &cb->v[cb->n++];
	memset(e, 0, sizeof *e);
	memcpy(e->code, s, n);
	e->goldstein = 1e9f;      /* unknown until a row says */
	e->quad = (unsigned char)cameo_quad(e->code);
	return e;
}

static void copy_trim(char *dst, size_t cap, const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) { s++; n--; }
	while (n && isspace((unsigned char)s[n - 1])) n--;
	if (n >= cap) n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = 0;
}

typedef int (*line_fn)(struct codebook *cb, char *line, const char *path, size_t lineno,
                       struct dyad_error *err);

static dyad_status read_lines(struct codebook *cb, const char *dir, const char *name, line_fn fn,
                              struct dyad_error *err)
{
	char path[4096], *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t k;
	FILE *f;
	int rc = 0;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!(f = fopen(path, "r"))) {
		dyad_error_set(err, "%s: %s", path, strerror(errno));
		return DYAD_ERR_IO;
	}
	while (rc == 0 && (k = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (k > 0 && (line[k - 1] == '\n' || line[k - 1] == '\r')) line[--k] = 0;
		if (k == 0 || line[0] == '#' || line[0] == '~') continue;
		rc = fn(cb, line, path, lineno, err);
	}
	free(line);
	fclose(f);
	return rc ? DYAD_ERR_FORMAT : DYAD_OK;
}

static int nomem(const char *path, size_t lineno, struct dyad_error *err)
{
	dyad_error_set(err, "%s:%zu: out of memory", path, lineno);
	return -1;
}

/* "011<TAB>-0.1" */
static int goldstein_line(struct codebook *cb, char *line, const char *path, size_t lineno,
                          struct dyad_error *err)
{
	char *tab = strchr(line, '\t'), *end;
	struct cameo_info *e;
	double g;

	if (strncmp(line, "CAMEOEVENTCODE", 14) == 0) return 0;
	if (!tab || !valid_code(line, (size_t)(tab - line))) {
		dyad_error_set(err, "%s:%zu: expected CODE<TAB>SCORE", path, lineno);
		return -1;
	}
	g = strtod(tab + 1, &end);
	if (end == tab + 1 || g < -10 || g > 10) {
		dyad_error_set(err, "%s:%zu: bad Goldstein score '%s'", path, lineno, tab + 1);
		return -1;
	}
	if (!(e = entry(cb, line, (size_t)(tab - line)))) return nomem(path, lineno, err);
	e->goldstein = (float)g;
	return 0;
}

/* "010= Make statement" */
static int label_line(struct codebook *cb, char *line, const char *path, size_t lineno,
                      struct dyad_error *err)
{
	char *eq = strchr(line, '=');
	struct cameo_info *e;
	size_t off;

	if (!eq || !valid_code(line, (size_t)(eq - line))) {
		dyad_error_set(err, "%s:%zu: expected CODE= label", path, lineno);
		return -1;
	}
	if (!(e = entry(cb, line, (size_t)(eq - line)))) return nomem(path, lineno, err);
	off = cb->nlabels;
	if (mem_grow(&cb->labels, &cb->caplabels, off + strlen(eq) + 1, 1, 1 << 24) < 0)
		return nomem(path, lineno, err);
	copy_trim(cb->labels + off, strlen(eq), eq + 1, strlen(eq + 1));
	cb->nlabels = off + strlen(cb->labels + off) + 1;
	e->label = (const char *)(uintptr_t)(off + 1);     /* an offset until loading ends */
	return 0;
}

/* "041: CONSULT, phone,   # Discuss by telephone" */
static int plover_line(struct codebook *cb, char *line, const char *path, size_t lineno,
                       struct dyad_error *err)
{
	char *colon = strchr(line, ':'), *f[3] = {0}, *p, *hash;
	struct cameo_info *e;
	int nf = 0;

	if (!colon || !valid_code(line, (size_t)(colon - line))) {
		dyad_error_set(err, "%s:%zu: expected CODE: TYPE, MODE, CONTEXT", path, lineno);
		return -1;
	}
	if ((hash = strchr(colon, '#'))) *hash = 0;
	for (p = colon + 1; nf < 3; nf++) {
		f[nf] = p;
		if (!(p = strchr(p, ','))) { nf++; break; }
		*p++ = 0;
	}
	if (!(e = entry(cb, line, (size_t)(colon - line)))) return nomem(path, lineno, err);
	copy_trim(e->plover, sizeof e->plover, f[0], strlen(f[0]));
	if (nf > 1) copy_trim(e->plover_mode, sizeof e->plover_mode, f[1], strlen(f[1]));
	if (nf > 2) copy_trim(e->context, sizeof e->context, f[2], strlen(f[2]));
	return 0;
}

static int cmp_code(const void *a, const void *b)
{
	return strcmp(((const struct cameo_info *)a)->code, ((const struct cameo_info *)b)->code);
}

static const struct cameo_info *find(const struct codebook *cb, const char *code)
{
	struct cameo_info key;
	snprintf(key.code, sizeof key.code, "%s", code);
	return bsearch(&key, cb->v, cb->n, sizeof *cb->v, cmp_code);
}

dyad_status codebook_load(struct codebook **out, const char *dir, struct dyad_error *err)
{
	struct codebook *cb = dyad_calloc(1, sizeof *cb);
	dyad_status st;

	*out = NULL;
	if (!cb) {
		dyad_error_set(err, "out of memory");
		return DYAD_ERR_NOMEM;
	}
	if ((st = read_lines(cb, dir, "CAMEO.goldsteinscale.txt", goldstein_line, err)) != DYAD_OK ||
	    (st = read_lines(cb, dir, "CAMEO.event_labels.txt", label_line, err)) != DYAD_OK ||
	    (st = read_lines(cb, dir, "CAMEO2PLOVER-2021.txt", plover_line, err)) != DYAD_OK) {
		codebook_free(cb);
		return st;
	}
	qsort(cb->v, cb->n, sizeof *cb->v, cmp_code);
	/* fill what a row lacks from its parent, shortest codes first (they sort first) */
	for (size_t i = 0; i < cb->n; i++) {
		struct cameo_info *e = &cb->v[i];
		if (e->label) e->label = cb->labels + ((uintptr_t)e->label - 1);
		for (size_t len = strlen(e->code) - 1; len >= 2; len--) {
			char parent[5] = {0};
			const struct cameo_info *p;
			memcpy(parent, e->code, len);
			if (!(p = find(cb, parent))) continue;
			if (e->goldstein > 100 && p->goldstein < 100) e->goldstein = p->goldstein;
			if (!e->plover[0]) {
				memcpy(e->plover, p->plover, sizeof e->plover);
				if (!e->context[0]) memcpy(e->context, p->context, sizeof e->context);
			}
			if (!e->label) e->label = p->label;
		}
		if (!e->plover[0] && e->code[0] == '0' && e->code[1] == '2') strcpy(e->plover, "REQUEST");
		if (e->goldstein > 100) e->goldstein = 0;
		if (!e->label) e->label = "";
	}
	*out = cb;
	return DYAD_OK;
}

void codebook_free(struct codebook *cb)
{
	if (!cb) return;
	dyad_free(cb->v);
	dyad_free(cb->labels);
	dyad_free(cb);
}

const struct cameo_info *codebook_get(const struct codebook *cb, const char *code)
{
	char c[5] = {0};
	size_t n = strlen(code);

	if (!valid_code(code, n)) return NULL;
	memcpy(c, code, n);
	for (; n >= 2; c[--n] = 0) {
		const struct cameo_info *e = find(cb, c);
		if (e) return e;
	}
	return NULL;
}
