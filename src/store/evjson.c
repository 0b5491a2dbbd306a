/* evjson.c -- reading coded events from JSON Lines (docs/events.md), the input of
 * `dyad ingest --events`: consecutive lines with the same `doc` form one document.  A bad line is
 * reported as FILE:LINE and skipped; the lines around it go on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store/store_int.h"
#include "util/error.h"

#define MAX_LINE ((size_t)16 << 20)
#define MAX_EVENTS ((size_t)1 << 20)

struct pending {
	json_t *o;           /* the parsed line, or NULL */
	size_t lineno;
};

struct dyad_event_reader {
	FILE *f;
	int own;
	char *path;
	char *line;
	size_t cap, lineno;
	int eof;
	int handed;          /* the document in ev was handed out: drop it on the next call */
	/* the document being assembled: its lines' JSON objects own every string in ev */
	json_t **objs;
	size_t nobj, objcap;
	struct dyad_event *ev;
	size_t nev, evcap;
	struct arena a;      /* attribution arrays, issue arrays, explain texts, locations */
	struct pending next; /* a line read ahead: the first of the next document */
	char idbuf[32];
	char why[96];        /* the reason a line was refused */
};

dyad_status dyad_event_reader_open(dyad_event_reader **out, const char *path, struct dyad_error *err)
{
	dyad_event_reader *r = dyad_calloc(1, sizeof *r);
	*out = NULL;
	if (!r || !(r->path = dyad_strdup(path))) {
		dyad_free(r);
		dyad_error_set(err, "out of memory");
		return DYAD_ERR_NOMEM;
	}
	if (strcmp(path, "-") == 0) {
		r->f = stdin;
	} else if (!(r->f = fopen(path, "rb"))) {
		dyad_error_set(err, "'%s': cannot open", path);
		dyad_free(r->path);
		dyad_free(r);
		return DYAD_ERR_IO;
	} else {
		r->own = 1;
	}
	arena_init(&r->a, 0);
	*out = r;
	return DYAD_OK;
}

size_t dyad_event_reader_nlines(const dyad_event_reader *r) { return r->lineno; }

static void drop_doc(dyad_event_reader *r)
{
	for (size_t i = 0; i < r->nobj; i++) json_decref(r->objs[i]);
	r->nobj = 0;
	r->nev = 0;
	arena_reset(&r->a);
}

void dyad_event_reader_free(dyad_event_reader *r)
{
	if (!r) return;
	drop_doc(r);
	json_decref(r->next.o);
	if (r->own) fclose(r->f);
	dyad_free(r->objs);
	dyad_free(r->ev);
	dyad_free(r->line);
	dyad_free(r->path);
	arena_release(&r->a);
	dyad_free(r);
}

/* Read one line into r->line; returns its length, -1 at end of input, -2 when too long. */
static long read_line(dyad_event_reader *r)
{
	size_t len = 0;
	int over = 0;
	if (r->eof) return -1;
	for (;;) {
		/* take whole runs up to the next newline from stdio's buffer */
		char chunk[4096];
		if (!fgets(chunk, sizeof chunk, r->f)) {
			r->eof = 1;
			if (len == 0 && !over) return -1;
			break;
		}
		size_t n = strlen(chunk);
		int nl = n && chunk[n - 1] == '\n';
		if (nl) n--;
		if (!over) {
			if (len + n + 2 > r->cap && mem_grow(&r->line, &r->cap, len + n + 2, 1, MAX_LINE + 2) < 0)
				over = 1;
			else {
				memcpy(r->line + len, chunk, n);
				len += n;
			}
		}
		if (nl) break;
	}
	r->lineno++;
	if (over) return -2;
	if (!r->line && mem_grow(&r->line, &r->cap, 1, 1, MAX_LINE + 2) < 0) return -2;
	r->line[len] = 0;
	return (long)len;
}

static const char *str(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : "";
}

static int is_str_or_absent(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return !v || json_is_null(v) || json_is_string(v);
}

static struct dyad_span span(json_t *ev, const char *k)
{
	json_t *v = json_object_get(ev, k);
	if (json_is_array(v) && json_array_size(v) == 2 && json_is_integer(json_array_get(v, 0)) &&
	    json_is_integer(json_array_get(v, 1)))
		return (struct dyad_span){json_integer_value(json_array_get(v, 0)),
		                          json_integer_value(json_array_get(v, 1))};
	return (struct dyad_span){-1, -1};
}

/* Fill e from line object o.  Returns NULL or why the line is unusable. */
static const char *decode(dyad_event_reader *r, json_t *o, struct dyad_event *e, int *nomem)
{
	static const char *const strs[] = {"doc", "text", "source", "target", "source_name",
	                                   "target_name", "code", "root", "plover", "mode", "date",
	                                   "date_source", "doc_date", "doc_url", "doc_source",
	                                   "doc_title"};
	json_t *v;
	char *why = r->why;

	if (!json_is_object(o)) return "not a JSON object";
	for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
		if (!is_str_or_absent(o, strs[i])) {
			snprintf(why, sizeof r->why, "'%s' must be a string", strs[i]);
			return why;
		}
	memset(e, 0, sizeof *e);
	v = json_object_get(o, "doc");
	if (json_is_integer(v)) {
		snprintf(r->idbuf, sizeof r->idbuf, "%lld", (long long)json_integer_value(v));
		/* keep the text alive with the line */
		json_object_set_new(o, "doc", json_string(r->idbuf));
	}
	e->doc = str(o, "doc");
	if (!*e->doc) return "'doc' is missing";
	v = json_object_get(o, "sentence");
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > UINT32_MAX)
		return "'sentence' must be an integer >= 0";
	e->sentence = (uint32_t)json_integer_value(v);
	if (!json_is_string(json_object_get(o, "text"))) return "'text' must be a string";
	e->text = str(o, "text");
	e->source = str(o, "source");
	e->target = str(o, "target");
	e->source_name = str(o, "source_name");
	e->target_name = str(o, "target_name");
	e->code = str(o, "code");
	{
		size_t n = strlen(e->code);
		if (n < 2 || n > 4 || strspn(e->code, "0123456789") != n) return "'code' must be 2 to 4 digits";
	}
	e->root = str(o, "root");
	v = json_object_get(o, "quad");
	if (!json_is_integer(v)) return "'quad' must be an integer";
	e->quad = (int)json_integer_value(v);
	if (e->quad < 1 || e->quad > 4) return "'quad' must be 1 to 4";
	v = json_object_get(o, "goldstein");
	if (!json_is_number(v)) return "'goldstein' must be a number";
	e->goldstein = json_number_value(v);
	e->plover = str(o, "plover");
	e->mode = str(o, "mode");
	e->date = str(o, "date");
	if (strlen(e->date) != 10 || e->date[4] != '-' || e->date[7] != '-' ||
	    strspn(e->date, "0123456789-") != 10)
		return "'date' must be YYYY-MM-DD";
	e->date_source = str(o, "date_source");
	v = json_object_get(o, "confidence");
	e->confidence = json_is_number(v) ? json_number_value(v) : 1.0;
	e->doc_date = str(o, "doc_date");
	e->doc_url = str(o, "doc_url");
	e->doc_source = str(o, "doc_source");
	e->doc_title = str(o, "doc_title");

	v = json_object_get(o, "location");
	if (json_is_object(v)) {
		struct dyad_location *l = arena_alloc(&r->a, sizeof *l);
		json_t *lat = json_object_get(v, "lat"), *lon = json_object_get(v, "lon");
		if (!l) goto oom;
		l->country = str(v, "country");
		l->name = str(v, "name");
		l->has_latlon = json_is_number(lat) && json_is_number(lon);
		l->lat = l->has_latlon ? json_number_value(lat) : 0;
		l->lon = l->has_latlon ? json_number_value(lon) : 0;
		e->location = l;
	} else if (v && !json_is_null(v)) {
		return "'location' must be an object or null";
	}
	v = json_object_get(o, "attribution");
	if (json_is_array(v) && json_array_size(v)) {
		size_t n = json_array_size(v);
		struct dyad_attribution *at = arena_alloc(&r->a, n * sizeof *at);
		if (!at) goto oom;
		for (size_t i = 0; i < n; i++) {
			json_t *x = json_array_get(v, i);
			at[i].code = json_is_object(x) ? str(x, "code") : "";
			at[i].text = json_is_object(x) ? str(x, "text") : json_is_string(x) ? json_string_value(x) : "";
		}
		e->attribution = at;
		e->nattribution = n;
	} else if (v && !json_is_null(v) && !json_is_array(v)) {
		return "'attribution' must be an array";
	}
	v = json_object_get(o, "evidence");
	e->ev_sentence = span(v, "sentence");
	e->ev_source = span(v, "source");
	e->ev_verb = span(v, "verb");
	e->ev_target = span(v, "target");
	v = json_object_get(o, "issues");
	if (json_is_array(v) && json_array_size(v)) {
		size_t n = json_array_size(v), k = 0;
		const char **is = arena_alloc(&r->a, n * sizeof *is);
		if (!is) goto oom;
		for (size_t i = 0; i < n; i++)
			if (json_is_string(json_array_get(v, i))) is[k++] = json_string_value(json_array_get(v, i));
		e->issues = is;
		e->nissues = k;
	}
	v = json_object_get(o, "explain");
	if (v && !json_is_null(v)) {
		char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (!s) goto oom;
		e->explain = arena_strndup(&r->a, s, strlen(s));
		free(s);
		if (!e->explain) goto oom;
	}
	return NULL;
oom:
	*nomem = 1;
	return "out of memory";
}

/* Parse the next non-blank line into r->next.  DYAD_OK, DYAD_END, or DYAD_ERR_INPUT. */
static dyad_status read_next(dyad_event_reader *r, struct dyad_error *err)
{
	long n;
	json_error_t je;
	for (;;) {
		n = read_line(r);
		if (n == -1) return DYAD_END;
		if (n == -2) {
			dyad_error_set(err, "%s:%zu: line longer than %zu bytes", r->path, r->lineno, MAX_LINE);
			return DYAD_ERR_INPUT;
		}
		size_t i = 0;
		while (i < (size_t)n && (r->line[i] == ' ' || r->line[i] == '\t' || r->line[i] == '\r')) i++;
		if (i == (size_t)n) continue;
		r->next.o = json_loadb(r->line, (size_t)n, 0, &je);
		r->next.lineno = r->lineno;
		if (!r->next.o) {
			dyad_error_set(err, "%s:%zu: bad JSON: %s", r->path, r->lineno, je.text);
			return DYAD_ERR_INPUT;
		}
		return DYAD_OK;
	}
}

dyad_status dyad_event_reader_next(dyad_event_reader *r, struct dyad_store_doc *doc,
                                   const struct dyad_event **ev, size_t *nev,
                                   struct dyad_error *err)
{
	dyad_status s;
	if (r->handed) {
		drop_doc(r);
		r->handed = 0;
	}
	for (;;) {
		struct dyad_event e;
		int nomem = 0;
		const char *why;

		if (!r->next.o) {
			s = read_next(r, err);
			if (s == DYAD_ERR_INPUT) return s;   /* the document so far is kept */
			if (s == DYAD_END) break;
		}
		why = decode(r, r->next.o, &e, &nomem);
		if (nomem) {
			dyad_error_set(err, "out of memory");
			return DYAD_ERR_NOMEM;
		}
		if (why) {
			dyad_error_set(err, "%s:%zu: %s", r->path, r->next.lineno, why);
			json_decref(r->next.o);
			r->next.o = NULL;
			return DYAD_ERR_INPUT;
		}
		if (r->nev && strcmp(e.doc, r->ev[0].doc) != 0) break;   /* next document: keep it */
		if (mem_grow(&r->objs, &r->objcap, r->nobj + 1, sizeof *r->objs, MAX_EVENTS) < 0 ||
		    mem_grow(&r->ev, &r->evcap, r->nev + 1, sizeof *r->ev, MAX_EVENTS) < 0) {
			dyad_error_set(err, "%s:%zu: out of memory or too many events in one document",
			               r->path, r->next.lineno);
			return DYAD_ERR_NOMEM;
		}
		r->objs[r->nobj++] = r->next.o;
		r->next.o = NULL;
		r->ev[r->nev++] = e;
	}
	if (!r->nev) return DYAD_END;
	r->handed = 1;
	memset(doc, 0, sizeof *doc);
	doc->id = r->ev[0].doc;
	doc->date = r->ev[0].doc_date;
	doc->url = r->ev[0].doc_url;
	doc->source = r->ev[0].doc_source;
	doc->title = r->ev[0].doc_title;
	*ev = r->ev;
	*nev = r->nev;
	return DYAD_OK;
}
