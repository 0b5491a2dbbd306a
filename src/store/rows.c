/* rows.c -- the row cursor every store query returns (see dyad.h, "Store"): a back end's result
 * read row by row, optionally rewritten into other columns (GDELT, JSONL), or a small table
 * computed in memory (series). */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store/store_int.h"
#include "util/error.h"

#define MAX_CELLS ((size_t)1 << 26)

dyad_rows *store_rows_new(dyad_store *st)
{
	dyad_rows *r = dyad_calloc(1, sizeof *r);
	if (!r) return NULL;
	r->st = st;
	arena_init(&r->a, 0);
	arena_init(&r->xa, 0);
	return r;
}

int store_rows_cols(dyad_rows *r, size_t n, const char *const *names, const unsigned char *numeric)
{
	r->ncols = n;
	if (!(r->names = arena_alloc(&r->a, n * sizeof *r->names)) ||
	    !(r->numeric = arena_alloc(&r->a, n)) || !(r->out = arena_alloc(&r->a, n * sizeof *r->out)))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!(r->names[i] = arena_strndup(&r->a, names[i], strlen(names[i])))) return -1;
		r->numeric[i] = numeric ? numeric[i] : 0;
		r->out[i] = NULL;
	}
	return 0;
}

int store_rows_add(dyad_rows *r, const char *const *cells)
{
	if (mem_grow(&r->cells, &r->cellcap, (r->nrows + 1) * r->ncols, sizeof *r->cells, MAX_CELLS) < 0)
		return -1;
	for (size_t i = 0; i < r->ncols; i++) {
		const char *c = cells[i];
		r->cells[r->nrows * r->ncols + i] = c ? arena_strndup(&r->a, c, strlen(c)) : NULL;
		if (c && !r->cells[r->nrows * r->ncols + i]) return -1;
	}
	r->nrows++;
	return 0;
}

const char *store_rows_bvalue(const dyad_rows *r, size_t col)
{
	return col < r->bncols ? r->bvalue((dyad_rows *)r, col) : NULL;
}

size_t dyad_rows_ncols(const dyad_rows *r) { return r->ncols; }
const char *dyad_rows_name(const dyad_rows *r, size_t col) { return col < r->ncols ? r->names[col] : ""; }
int dyad_rows_numeric(const dyad_rows *r, size_t col) { return col < r->ncols && r->numeric[col]; }

dyad_status dyad_rows_next(dyad_rows *r, struct dyad_error *err)
{
	dyad_status s;
	if (!r->bnext) {
		if (r->started) r->at++;
		r->started = 1;
		return r->at < r->nrows ? DYAD_OK : DYAD_END;
	}
	if ((s = r->bnext(r, err)) != DYAD_OK) return s;
	if (r->xform) {
		arena_reset(&r->xa);
		return r->xform(r, err);
	}
	return DYAD_OK;
}

const char *dyad_rows_value(const dyad_rows *r, size_t col)
{
	if (col >= r->ncols) return NULL;
	if (!r->bnext) return r->at < r->nrows ? r->cells[r->at * r->ncols + col] : NULL;
	if (r->xform) return r->out[col];
	return r->bvalue((dyad_rows *)r, col);
}

char *dyad_rows_json(const dyad_rows *r)
{
	json_t *o = json_object();
	char *s;
	if (!o) return NULL;
	for (size_t i = 0; i < r->ncols; i++) {
		const char *v = dyad_rows_value(r, i);
		json_t *x;
		if (!v) x = json_null();
		else if (r->numeric[i] && *v) x = strpbrk(v, ".eE") || strstr(v, "nan") || strstr(v, "inf") ?
		        json_real(strtod(v, NULL)) : json_integer(atoll(v));
		else x = json_string(v);
		if (json_object_set_new(o, r->names[i], x ? x : json_null()) < 0) {
			json_decref(o);
			return NULL;
		}
	}
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	json_decref(o);
	return s;
}

void dyad_rows_free(dyad_rows *r)
{
	if (!r) return;
	if (r->bfree) r->bfree(r);
	dyad_free(r->cells);
	arena_release(&r->a);
	arena_release(&r->xa);
	dyad_free(r);
}
