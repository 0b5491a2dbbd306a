/* evjson.c -- reading coded events from JSON Lines (docs/events.md), the input of
 * `dyad ingest --events`: consecutive lines with the same `doc` form one document.  A bad line is
 * reported as FILE:LINE and skipped; the lines around it go on.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "store/store_int.h"
#include "util/error.h"

#define MAX_LINE ((size_t)16 << 20)
#define MAX_EVENTS ((size_t)1 << 20)

struct pending {
	json_t *o;           /* the line parsed by jansson, or NULL */
	int fast;            /* the line read by the fast path, into e */
	struct dyad_event e;
	size_t lineno;
};

struct dyad_event_reader {
	FILE *f;
	int own;
	char *path;
	char *buf;           /* input read in blocks: lines are [pos, next newline) */
	size_t cap, len, pos, lineno;
	int eof, skipping;
	int handed;          /* the document in ev was handed out: drop it on the next call */
	/* the document being assembled: its lines' JSON objects own every string in ev */
	json_t **objs;
	size_t nobj, objcap;
	struct dyad_event *ev;
	size_t nev, evcap;
	struct arena a;      /* the fast path's strings; attribution arrays, issue arrays, explain
	                      * texts, locations */
	struct arena spare;  /* the next document's arena */
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
	arena_init(&r->spare, 0);
	*out = r;
	return DYAD_OK;
}

size_t dyad_event_reader_nlines(const dyad_event_reader *r) { return r->lineno; }

/* A copy of s in a ("" stays ""); NULL when out of memory. */
static const char *acopy(struct arena *a, const char *s)
{
	return s && *s ? arena_strndup(a, s, strlen(s)) : s;
}

/* Move the strings of e into a; -1 when out of memory. */
static int copy_event(struct arena *a, struct dyad_event *e)
{
	const char **strs[] = {&e->doc, &e->text, &e->source, &e->target, &e->source_name,
	                       &e->target_name, &e->code, &e->root, &e->plover, &e->mode, &e->date,
	                       &e->date_source, &e->explain, &e->doc_date, &e->doc_url,
	                       &e->doc_source, &e->doc_title};
	for (size_t k = 0; k < sizeof strs / sizeof *strs; k++)
		if (*strs[k] && !(*strs[k] = acopy(a, *strs[k]))) return -1;
	if (e->location) {
		struct dyad_location *l = arena_alloc(a, sizeof *l);
		if (!l) return -1;
		*l = *e->location;
		if (!(l->country = acopy(a, l->country)) || !(l->name = acopy(a, l->name))) return -1;
		e->location = l;
	}
	if (e->nattribution) {
		struct dyad_attribution *at = arena_alloc(a, e->nattribution * sizeof *at);
		if (!at) return -1;
		for (size_t k = 0; k < e->nattribution; k++)
			if (!(at[k].code = acopy(a, e->attribution[k].code)) ||
			    !(at[k].text = acopy(a, e->attribution[k].text)))
				return -1;
		e->attribution = at;
	}
	if (e->nissues) {
		const char **is = arena_alloc(a, e->nissues * sizeof *is);
		if (!is) return -1;
		for (size_t k = 0; k < e->nissues; k++)
			if (!(is[k] = acopy(a, e->issues[k]))) return -1;
		e->issues = is;
	}
	return 0;
}

/* Forget the document handed out.  A line read ahead by the fast path keeps its strings: they
 * move to the other arena, which becomes the current one.  -1 when out of memory. */
static int drop_doc(dyad_event_reader *r)
{
	for (size_t i = 0; i < r->nobj; i++) json_decref(r->objs[i]);
	r->nobj = 0;
	r->nev = 0;
	if (r->next.fast) {
		struct arena t;
		arena_reset(&r->spare);
		if (copy_event(&r->spare, &r->next.e) < 0) {
			r->next.fast = 0;
			arena_reset(&r->a);
			return -1;
		}
		t = r->a;
		r->a = r->spare;
		r->spare = t;
	}
	arena_reset(&r->spare);
	if (!r->next.fast) arena_reset(&r->a);
	return 0;
}

void dyad_event_reader_free(dyad_event_reader *r)
{
	if (!r) return;
	drop_doc(r);
	json_decref(r->next.o);
	if (r->own) fclose(r->f);
	dyad_free(r->objs);
	dyad_free(r->ev);
	dyad_free(r->buf);
	dyad_free(r->path);
	arena_release(&r->a);
	arena_release(&r->spare);
	dyad_free(r);
}

#define BLOCK ((size_t)1 << 20)

/* The next line (without its newline) in *line, valid until the next call; returns its length,
 * -1 at end of input, -2 when longer than MAX_LINE (the line is skipped). */
static long read_line(dyad_event_reader *r, const char **line)
{
	for (;;) {
		char *nl = r->len > r->pos ? memchr(r->buf + r->pos, '\n', r->len - r->pos) : NULL;
		size_t n;
		if (nl || (r->eof && r->pos < r->len)) {
			size_t end = nl ? (size_t)(nl - r->buf) : r->len;
			*line = r->buf + r->pos;
			n = end - r->pos;
			r->pos = nl ? end + 1 : end;
			r->lineno++;
			if (r->skipping || n > MAX_LINE) {
				r->skipping = 0;
				return -2;
			}
			return (long)n;
		}
		if (r->eof) {
			if (r->skipping) {
				r->skipping = 0;
				r->lineno++;
				return -2;
			}
			return -1;
		}
		/* keep the start of the line, read more after it */
		if (r->pos) {
			memmove(r->buf, r->buf + r->pos, r->len - r->pos);
			r->len -= r->pos;
			r->pos = 0;
		}
		if (r->len == r->cap) {
			if (r->cap > MAX_LINE) {
				r->skipping = 1;     /* too long: drop what we have, find its end */
				r->len = 0;
			} else if (mem_grow(&r->buf, &r->cap, r->cap ? r->cap * 2 : BLOCK, 1, 2 * MAX_LINE) < 0) {
				r->skipping = 1;
				r->len = 0;
				if (!r->cap) return -1;
			}
		}
		ssize_t k;
		do k = read(fileno(r->f), r->buf + r->len, r->cap - r->len);
		while (k < 0 && errno == EINTR);
		if (k <= 0) r->eof = 1;
		else r->len += (size_t)k;
	}
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

/* ---- the fast path: a strict reader of the events.md fields, straight into struct dyad_event
 * with the strings copied into the document's arena.  It takes only what it can read exactly as
 * jansson would; any other line (an integer doc id, a duplicated key, a \u0000, a number it does
 * not parse, a wrong type...) goes to the jansson path, which decides and words the error. ---- */

struct fp {
	const char *p, *end;
	struct arena *a;
	int oom;
};

static void fp_ws(struct fp *f)
{
	while (f->p < f->end && (*f->p == ' ' || *f->p == '\t' || *f->p == '\n' || *f->p == '\r')) f->p++;
}

static int fp_lit(struct fp *f, const char *lit, size_t n)
{
	if ((size_t)(f->end - f->p) < n || memcmp(f->p, lit, n) != 0) return 0;
	f->p += n;
	return 1;
}

/* Length of a valid UTF-8 sequence at s (as jansson's utf8_check_full), 0 when invalid. */
static size_t utf8_len(const unsigned char *s, const unsigned char *end)
{
	unsigned c = s[0];
	size_t n;
	uint32_t v;
	if (c < 0xC2 || c > 0xF4) return 0;
	n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if ((size_t)(end - s) < n) return 0;
	v = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && v < 0x10000) || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	return n;
}

static int hex4(const char *p, uint32_t *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		*v <<= 4;
		if (c >= '0' && c <= '9') *v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f') *v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F') *v |= (uint32_t)(c - 'A' + 10);
		else return 0;
	}
	return 1;
}

/* The bytes a string's scan must look at: '"', '\\', controls and all of UTF-8's non-ASCII. */
#define FP_ONES16 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
static const unsigned char fp_special[256] = {
	[0x00] = FP_ONES16, FP_ONES16, ['"'] = 1, ['\\'] = 1,
	[0x80] = FP_ONES16, FP_ONES16, FP_ONES16, FP_ONES16, FP_ONES16, FP_ONES16, FP_ONES16, FP_ONES16};

/* A string at f->p; *out its text in the arena (NULL: only check it).  *raw set when it has no
 * escape.  0 when it is not one the fast path takes. */
static int fp_str(struct fp *f, const char **out, int *plain)
{
	const char *s;
	int esc = 0;
	if (f->p >= f->end || *f->p != '"') return 0;
	s = ++f->p;
	for (;;) {
		/* the run of plain bytes first, one test each (in locals: a char may alias f->p) */
		const char *q = f->p, *end = f->end;
		while (q < end && !fp_special[(unsigned char)*q]) q++;
		f->p = q;
		if (f->p >= f->end) return 0;
		unsigned char c = (unsigned char)*f->p;
		if (c == '"') break;
		if (c < 0x20) return 0;
		if (c == '\\') {
			esc = 1;
			if (f->end - f->p < 2) return 0;
			if (f->p[1] == 'u') {
				if (f->end - f->p < 6) return 0;
				f->p += 6;
			} else {
				f->p += 2;
			}
		} else if (c >= 0x80) {
			size_t n = utf8_len((const unsigned char *)f->p, (const unsigned char *)f->end);
			if (!n) return 0;
			f->p += n;
		} else {
			f->p++;
		}
	}
	size_t len = (size_t)(f->p - s);
	f->p++;
	if (plain) *plain = !esc;
	if (!out) {
		if (!esc) return 1;
	}
	char *d = out ? arena_alloc(f->a, len + 1) : NULL;
	if (out && !d) {
		f->oom = 1;
		return 0;
	}
	if (!esc) {
		memcpy(d, s, len);
		d[len] = 0;
		*out = d;
		return 1;
	}
	/* unescape (the result is never longer than the source) */
	char *o = d;
	for (const char *q = s; q < s + len;) {
		if (*q != '\\') {
			if (o) *o++ = *q;
			q++;
			continue;
		}
		char e = q[1];
		uint32_t v;
		q += 2;
		switch (e) {
		case '"': case '\\': case '/': v = (uint32_t)e; break;
		case 'b': v = '\b'; break;
		case 'f': v = '\f'; break;
		case 'n': v = '\n'; break;
		case 'r': v = '\r'; break;
		case 't': v = '\t'; break;
		case 'u':
			if (!hex4(q, &v)) return 0;
			q += 4;
			if (v >= 0xD800 && v <= 0xDBFF) {
				uint32_t lo;
				if (s + len - q < 6 || q[0] != '\\' || q[1] != 'u' || !hex4(q + 2, &lo) ||
				    lo < 0xDC00 || lo > 0xDFFF)
					return 0;
				q += 6;
				v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
			} else if ((v >= 0xDC00 && v <= 0xDFFF) || v == 0) {
				return 0;   /* a lone low surrogate; NUL (jansson refuses both) */
			}
			break;
		default: return 0;
		}
		if (!o) continue;
		if (v < 0x80) *o++ = (char)v;
		else if (v < 0x800) { *o++ = (char)(0xC0 | v >> 6); *o++ = (char)(0x80 | (v & 0x3F)); }
		else if (v < 0x10000) {
			*o++ = (char)(0xE0 | v >> 12); *o++ = (char)(0x80 | ((v >> 6) & 0x3F));
			*o++ = (char)(0x80 | (v & 0x3F));
		} else {
			*o++ = (char)(0xF0 | v >> 18); *o++ = (char)(0x80 | ((v >> 12) & 0x3F));
			*o++ = (char)(0x80 | ((v >> 6) & 0x3F)); *o++ = (char)(0x80 | (v & 0x3F));
		}
	}
	if (o) {
		*o = 0;
		*out = d;
	}
	return 1;
}

enum { FN_NONE, FN_INT, FN_REAL };

/* A number: FN_INT (in *i) or FN_REAL (in *d); FN_NONE when not one the fast path takes. */
static int fp_num(struct fp *f, long long *i, double *d)
{
	const char *s = f->p;
	int neg = 0, real = 0;
	unsigned long long v = 0;
	size_t digits = 0;
	if (f->p < f->end && *f->p == '-') {
		neg = 1;
		f->p++;
	}
	if (f->p >= f->end || *f->p < '0' || *f->p > '9') return FN_NONE;
	if (*f->p == '0' && f->p + 1 < f->end && f->p[1] >= '0' && f->p[1] <= '9') return FN_NONE;
	while (f->p < f->end && *f->p >= '0' && *f->p <= '9') {
		v = v * 10 + (unsigned)(*f->p++ - '0');
		digits++;
	}
	if (f->p < f->end && *f->p == '.') {
		real = 1;
		f->p++;
		if (f->p >= f->end || *f->p < '0' || *f->p > '9') return FN_NONE;
		while (f->p < f->end && *f->p >= '0' && *f->p <= '9') f->p++;
	}
	if (f->p < f->end && (*f->p == 'e' || *f->p == 'E')) {
		real = 1;
		f->p++;
		if (f->p < f->end && (*f->p == '+' || *f->p == '-')) f->p++;
		if (f->p >= f->end || *f->p < '0' || *f->p > '9') return FN_NONE;
		while (f->p < f->end && *f->p >= '0' && *f->p <= '9') f->p++;
	}
	if (!real) {
		if (digits > 18) return FN_NONE;
		*i = neg ? -(long long)v : (long long)v;
		*d = (double)*i;
		return FN_INT;
	}
	/* the number ends at a delimiter, so strtod stops where we stopped */
	char buf[64];
	size_t n = (size_t)(f->p - s);
	if (n >= sizeof buf) return FN_NONE;
	memcpy(buf, s, n);
	buf[n] = 0;
	*d = strtod(buf, NULL);
	if (*d > 1.7976931348623157e308 || *d < -1.7976931348623157e308) return FN_NONE;
	return FN_REAL;
}

/* Skip any value.  *canon is cleared when jansson's compact dump of it would differ from its
 * text (white space, escapes, reals, -0, a repeated key). */
static int fp_skip(struct fp *f, int depth, int *canon)
{
	long long i;
	double d;
	int plain;
	if (depth > 32 || f->p >= f->end) return 0;
	switch (*f->p) {
	case '"':
		if (!fp_str(f, NULL, &plain)) return 0;
		if (!plain) *canon = 0;
		return 1;
	case '{': case '[': {
		char close = *f->p == '{' ? '}' : ']';
		const char *keys[16];
		size_t lens[16], nk = 0;
		f->p++;
		if (f->p < f->end && *f->p == close) {
			f->p++;
			return 1;
		}
		for (;;) {
			fp_ws(f);
			if (close == '}') {
				const char *k = f->p + 1;
				if (!fp_str(f, NULL, &plain)) return 0;
				size_t kl = (size_t)(f->p - 1 - k);
				if (!plain) *canon = 0;
				for (size_t j = 0; j < nk; j++)
					if (lens[j] == kl && memcmp(keys[j], k, kl) == 0) *canon = 0;
				if (nk < 16) {
					keys[nk] = k;
					lens[nk++] = kl;
				} else {
					*canon = 0;
				}
				fp_ws(f);
				if (f->p >= f->end || *f->p++ != ':') return 0;
				fp_ws(f);
			}
			if (!fp_skip(f, depth + 1, canon)) return 0;
			fp_ws(f);
			if (f->p >= f->end) return 0;
			if (*f->p == ',') {
				f->p++;
				continue;
			}
			if (*f->p++ != close) return 0;
			return 1;
		}
	}
	case 't': return fp_lit(f, "true", 4);
	case 'f': return fp_lit(f, "false", 5);
	case 'n': return fp_lit(f, "null", 4);
	default: {
		const char *s = f->p;
		int k = fp_num(f, &i, &d);
		if (k == FN_NONE) return 0;
		if (k == FN_REAL || (i == 0 && *s == '-')) *canon = 0;
		return 1;
	}
	}
}

/* Is there white space outside the strings of the JSON text [s, end)? */
static int has_space(const char *s, const char *end)
{
	int in = 0;
	for (; s < end; s++) {
		if (in) {
			if (*s == '\\') s++;
			else if (*s == '"') in = 0;
		} else if (*s == '"') {
			in = 1;
		} else if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			return 1;
		}
	}
	return 0;
}

/* A string, or null (""); 0 for anything else. */
static int fp_strnull(struct fp *f, const char **out)
{
	if (f->p < f->end && *f->p == 'n') {
		*out = "";
		return fp_lit(f, "null", 4);
	}
	return fp_str(f, out, NULL);
}

/* A string, or "" for any other value (jansson path's str()). */
static int fp_str_or_empty(struct fp *f, const char **out)
{
	int canon = 1;
	if (f->p < f->end && *f->p == '"') return fp_str(f, out, NULL);
	*out = "";
	return fp_skip(f, 0, &canon);
}

/* Walk the members of an object: calls member(f, key, keylen, arg) with f->p at each value. */
static int fp_object(struct fp *f, int (*member)(struct fp *, const char *, size_t, void *), void *arg)
{
	fp_ws(f);
	if (f->p >= f->end || *f->p++ != '{') return 0;
	fp_ws(f);
	if (f->p < f->end && *f->p == '}') {
		f->p++;
		return 1;
	}
	for (;;) {
		const char *k;
		int plain;
		fp_ws(f);
		k = f->p + 1;
		if (!fp_str(f, NULL, &plain) || !plain) return 0;
		size_t kl = (size_t)(f->p - 1 - k);
		fp_ws(f);
		if (f->p >= f->end || *f->p++ != ':') return 0;
		fp_ws(f);
		if (!member(f, k, kl, arg)) return 0;
		fp_ws(f);
		if (f->p >= f->end) return 0;
		if (*f->p == ',') {
			f->p++;
			continue;
		}
		return *f->p++ == '}';
	}
}

static int key_is(const char *k, size_t n, const char *name)
{
	return strlen(name) == n && memcmp(k, name, n) == 0;
}

struct loc_arg {
	struct dyad_location *l;
	unsigned seen;
	int has_lat, has_lon;
};

static int loc_member(struct fp *f, const char *k, size_t n, void *arg)
{
	struct loc_arg *x = arg;
	static const char *const names[] = {"country", "name", "lat", "lon"};
	int canon = 1;
	for (unsigned i = 0; i < 4; i++) {
		if (!key_is(k, n, names[i])) continue;
		if (x->seen & (1u << i)) return 0;
		x->seen |= 1u << i;
		if (i == 0) return fp_str_or_empty(f, &x->l->country);
		if (i == 1) return fp_str_or_empty(f, &x->l->name);
		long long iv;
		double d;
		if (f->p < f->end && (*f->p == '-' || (*f->p >= '0' && *f->p <= '9'))) {
			if (fp_num(f, &iv, &d) == FN_NONE) return 0;
			if (i == 2) x->l->lat = d, x->has_lat = 1;
			else x->l->lon = d, x->has_lon = 1;
			return 1;
		}
		return fp_skip(f, 0, &canon);
	}
	return fp_skip(f, 0, &canon);
}

struct span_arg {
	struct dyad_event *e;
	unsigned seen;
};

/* [int, int] into *sp; anything else leaves it {-1, -1}. */
static int fp_span(struct fp *f, struct dyad_span *sp)
{
	int canon = 1;
	long long a, b;
	double d;
	const char *save = f->p;
	*sp = (struct dyad_span){-1, -1};
	if (f->p < f->end && *f->p == '[') {
		f->p++;
		fp_ws(f);
		if (fp_num(f, &a, &d) == FN_INT) {
			fp_ws(f);
			if (f->p < f->end && *f->p == ',') {
				f->p++;
				fp_ws(f);
				if (fp_num(f, &b, &d) == FN_INT) {
					fp_ws(f);
					if (f->p < f->end && *f->p == ']') {
						f->p++;
						*sp = (struct dyad_span){a, b};
						return 1;
					}
				}
			}
		}
		f->p = save;
	}
	return fp_skip(f, 0, &canon);
}

static int ev_member(struct fp *f, const char *k, size_t n, void *arg)
{
	struct span_arg *x = arg;
	static const char *const names[] = {"sentence", "source", "verb", "target"};
	struct dyad_span *sp[] = {&x->e->ev_sentence, &x->e->ev_source, &x->e->ev_verb, &x->e->ev_target};
	int canon = 1;
	for (unsigned i = 0; i < 4; i++) {
		if (!key_is(k, n, names[i])) continue;
		if (x->seen & (1u << i)) return 0;
		x->seen |= 1u << i;
		return fp_span(f, sp[i]);
	}
	return fp_skip(f, 0, &canon);
}

struct attr_arg {
	struct dyad_attribution *at;
	unsigned seen;
};

static int attr_member(struct fp *f, const char *k, size_t n, void *arg)
{
	struct attr_arg *x = arg;
	int canon = 1;
	if (key_is(k, n, "code") || key_is(k, n, "text")) {
		unsigned bit = k[0] == 'c' ? 1 : 2;
		if (x->seen & bit) return 0;
		x->seen |= bit;
		return fp_str_or_empty(f, bit == 1 ? &x->at->code : &x->at->text);
	}
	return fp_skip(f, 0, &canon);
}

#define FP_MAXLIST 64

/* Walk the elements of an array: calls elem(f, arg) with f->p at each value. */
static int fp_array(struct fp *f, int (*elem)(struct fp *, void *), void *arg)
{
	fp_ws(f);
	if (f->p >= f->end || *f->p++ != '[') return 0;
	fp_ws(f);
	if (f->p < f->end && *f->p == ']') {
		f->p++;
		return 1;
	}
	for (;;) {
		fp_ws(f);
		if (!elem(f, arg)) return 0;
		fp_ws(f);
		if (f->p >= f->end) return 0;
		if (*f->p == ',') {
			f->p++;
			continue;
		}
		return *f->p++ == ']';
	}
}

/* "attribution": objects {code, text}, or bare strings (the text); other values skipped but
 * counted, as before. */
struct attr_list {
	struct dyad_attribution at[FP_MAXLIST];
	size_t n;
};

static int attr_elem(struct fp *f, void *arg)
{
	struct attr_list *l = arg;
	struct dyad_attribution *a;
	int canon = 1;
	if (l->n == FP_MAXLIST) return 0;
	a = &l->at[l->n];
	a->code = a->text = "";
	if (f->p < f->end && *f->p == '{') {
		struct attr_arg aa = {a, 0};
		if (!fp_object(f, attr_member, &aa)) return 0;
	} else if (f->p < f->end && *f->p == '"') {
		if (!fp_str(f, &a->text, NULL)) return 0;
	} else if (!fp_skip(f, 0, &canon)) {
		return 0;
	}
	l->n++;
	return 1;
}

/* "issues": strings; other values skipped. */
struct issue_list {
	const char *is[FP_MAXLIST];
	size_t n;
};

static int issue_elem(struct fp *f, void *arg)
{
	struct issue_list *l = arg;
	int canon = 1;
	if (f->p < f->end && *f->p == '"')
		return l->n < FP_MAXLIST && fp_str(f, &l->is[l->n++], NULL);
	return fp_skip(f, 0, &canon);
}

/* The top-level fields, by name (and its length); each may appear once. */
#define FP_FIELD(s) {s, sizeof s - 1}
static const struct {
	const char *name;
	size_t len;
} fp_fields[] = {
	FP_FIELD("doc"), FP_FIELD("sentence"), FP_FIELD("text"), FP_FIELD("source"),
	FP_FIELD("target"), FP_FIELD("source_name"), FP_FIELD("target_name"), FP_FIELD("code"),
	FP_FIELD("root"), FP_FIELD("quad"), FP_FIELD("goldstein"), FP_FIELD("plover"),
	FP_FIELD("mode"), FP_FIELD("date"), FP_FIELD("date_source"), FP_FIELD("confidence"),
	FP_FIELD("doc_date"), FP_FIELD("doc_url"), FP_FIELD("doc_source"), FP_FIELD("doc_title"),
	FP_FIELD("location"), FP_FIELD("attribution"), FP_FIELD("evidence"), FP_FIELD("issues"),
	FP_FIELD("explain")};
enum { F_DOC, F_SENTENCE, F_TEXT, F_SOURCE, F_TARGET, F_SNAME, F_TNAME, F_CODE, F_ROOT, F_QUAD,
       F_GOLD, F_PLOVER, F_MODE, F_DATE, F_DSRC, F_CONF, F_DDATE, F_DURL, F_DSOURCE, F_DTITLE,
       F_LOC, F_ATTR, F_EVID, F_ISSUES, F_EXPLAIN, F_N };

struct top_arg {
	struct dyad_event *e;
	uint32_t seen;
	int next;                   /* the field after the last one found: lines that follow the
	                             * order of docs/events.md find each field at the first try */
	int has_sentence, has_quad, has_gold, bad;
};

static int top_member(struct fp *f, const char *k, size_t n, void *arg)
{
	struct top_arg *x = arg;
	struct dyad_event *e = x->e;
	int canon = 1, fi;
	long long iv;
	double d;

	for (int t = 0; t < F_N; t++) {
		fi = (x->next + t) % F_N;
		if (fp_fields[fi].len == n && memcmp(k, fp_fields[fi].name, n) == 0) break;
		fi = F_N;
	}
	if (fi == F_N) return fp_skip(f, 0, &canon);
	x->next = fi + 1;
	if (x->seen & (1u << fi)) return 0;
	x->seen |= 1u << fi;
	switch (fi) {
	case F_DOC: return fp_str(f, &e->doc, NULL);
	case F_TEXT: return fp_str(f, &e->text, NULL);
	case F_SOURCE: return fp_strnull(f, &e->source);
	case F_TARGET: return fp_strnull(f, &e->target);
	case F_SNAME: return fp_strnull(f, &e->source_name);
	case F_TNAME: return fp_strnull(f, &e->target_name);
	case F_CODE: return fp_strnull(f, &e->code);
	case F_ROOT: return fp_strnull(f, &e->root);
	case F_PLOVER: return fp_strnull(f, &e->plover);
	case F_MODE: return fp_strnull(f, &e->mode);
	case F_DATE: return fp_strnull(f, &e->date);
	case F_DSRC: return fp_strnull(f, &e->date_source);
	case F_DDATE: return fp_strnull(f, &e->doc_date);
	case F_DURL: return fp_strnull(f, &e->doc_url);
	case F_DSOURCE: return fp_strnull(f, &e->doc_source);
	case F_DTITLE: return fp_strnull(f, &e->doc_title);
	case F_SENTENCE:
		if (fp_num(f, &iv, &d) != FN_INT || iv < 0 || iv > (long long)UINT32_MAX) return 0;
		e->sentence = (uint32_t)iv;
		return 1;
	case F_QUAD:
		if (fp_num(f, &iv, &d) != FN_INT || iv < 1 || iv > 4) return 0;
		e->quad = (int)iv;
		return 1;
	case F_GOLD:
		if (fp_num(f, &iv, &e->goldstein) == FN_NONE) return 0;
		return 1;
	case F_CONF:
		if (f->p < f->end && (*f->p == '-' || (*f->p >= '0' && *f->p <= '9')))
			return fp_num(f, &iv, &e->confidence) != FN_NONE;
		return fp_skip(f, 0, &canon);
	case F_LOC: {
		struct loc_arg la = {NULL, 0, 0, 0};
		if (fp_lit(f, "null", 4)) return 1;
		if (!(la.l = arena_alloc(f->a, sizeof *la.l))) {
			f->oom = 1;
			return 0;
		}
		memset(la.l, 0, sizeof *la.l);
		la.l->country = la.l->name = "";
		if (!fp_object(f, loc_member, &la)) return 0;
		la.l->has_latlon = la.has_lat && la.has_lon;
		if (!la.l->has_latlon) la.l->lat = la.l->lon = 0;
		e->location = la.l;
		return 1;
	}
	case F_ATTR: {
		struct attr_list al;
		al.n = 0;
		if (fp_lit(f, "null", 4)) return 1;
		if (!fp_array(f, attr_elem, &al)) return 0;
		if (!al.n) return 1;
		struct dyad_attribution *copy = arena_alloc(f->a, al.n * sizeof *copy);
		if (!copy) {
			f->oom = 1;
			return 0;
		}
		memcpy(copy, al.at, al.n * sizeof *copy);
		e->attribution = copy;
		e->nattribution = al.n;
		return 1;
	}
	case F_EVID: {
		struct span_arg sa = {e, 0};
		if (f->p < f->end && *f->p == '{') return fp_object(f, ev_member, &sa);
		return fp_skip(f, 0, &canon);
	}
	case F_ISSUES: {
		struct issue_list il;
		il.n = 0;
		if (f->p >= f->end || *f->p != '[') return fp_skip(f, 0, &canon);
		if (!fp_array(f, issue_elem, &il)) return 0;
		if (!il.n) return 1;      /* (readers go by nissues) */
		const char **copy = arena_alloc(f->a, il.n * sizeof *copy);
		if (!copy) {
			f->oom = 1;
			return 0;
		}
		memcpy(copy, il.is, il.n * sizeof *copy);
		e->issues = copy;
		e->nissues = il.n;
		return 1;
	}
	case F_EXPLAIN: {
		const char *s = f->p;
		if (fp_lit(f, "null", 4)) return 1;
		if (f->p >= f->end || (*f->p != '{' && *f->p != '[')) return 0;
		if (!fp_skip(f, 0, &canon)) return 0;
		if (canon && !has_space(s, f->p)) {
			/* already as jansson would write it: kept as it is */
			char *t = arena_strndup(f->a, s, (size_t)(f->p - s));
			if (!t) {
				f->oom = 1;
				return 0;
			}
			e->explain = t;
			return 1;
		}
		/* otherwise jansson makes it compact */
		json_t *v = json_loadb(s, (size_t)(f->p - s), JSON_DISABLE_EOF_CHECK, NULL);
		char *t = v ? json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
		json_decref(v);
		if (!t) return 0;
		e->explain = arena_strndup(f->a, t, strlen(t));
		free(t);
		if (!e->explain) {
			f->oom = 1;
			return 0;
		}
		return 1;
	}
	}
	return 0;
}

/* Decode one line the fast way: 1 done (e filled), 0 when the jansson path must read it, -1 out of memory. */
static int fast_decode(dyad_event_reader *r, const char *line, size_t n, struct dyad_event *e)
{
	struct fp f = {line, line + n, &r->a, 0};
	struct top_arg x;
	memset(e, 0, sizeof *e);
	memset(&x, 0, sizeof x);
	x.e = e;
	e->confidence = 1.0;
	e->ev_sentence = e->ev_source = e->ev_verb = e->ev_target = (struct dyad_span){-1, -1};
	if (!fp_object(&f, top_member, &x)) return f.oom ? -1 : 0;
	fp_ws(&f);
	if (f.p != f.end) return 0;
	/* a missing field, or a value the jansson path would refuse: let it say why */
	if (!(x.seen & (1u << F_DOC)) || !*e->doc || !(x.seen & (1u << F_SENTENCE)) ||
	    !(x.seen & (1u << F_TEXT)) || !(x.seen & (1u << F_QUAD)) || !(x.seen & (1u << F_GOLD)))
		return 0;
	if (!e->source) e->source = "";
	if (!e->target) e->target = "";
	if (!e->source_name) e->source_name = "";
	if (!e->target_name) e->target_name = "";
	if (!e->code) e->code = "";
	if (!e->root) e->root = "";
	if (!e->plover) e->plover = "";
	if (!e->mode) e->mode = "";
	if (!e->date) e->date = "";
	if (!e->date_source) e->date_source = "";
	if (!e->doc_date) e->doc_date = "";
	if (!e->doc_url) e->doc_url = "";
	if (!e->doc_source) e->doc_source = "";
	if (!e->doc_title) e->doc_title = "";
	{
		size_t k = strlen(e->code);
		if (k < 2 || k > 4 || strspn(e->code, "0123456789") != k) return 0;
	}
	if (strlen(e->date) != 10 || e->date[4] != '-' || e->date[7] != '-' ||
	    strspn(e->date, "0123456789-") != 10)
		return 0;
	return 1;
}

/* Read the next non-blank line into r->next: the fast path first, jansson for what it leaves.
 * DYAD_OK, DYAD_END, DYAD_ERR_INPUT or DYAD_ERR_NOMEM. */
static dyad_status read_next(dyad_event_reader *r, struct dyad_error *err)
{
	long n;
	json_error_t je;
	const char *line;
	for (;;) {
		n = read_line(r, &line);
		if (n == -1) return DYAD_END;
		if (n == -2) {
			dyad_error_set(err, "%s:%zu: line longer than %zu bytes", r->path, r->lineno, MAX_LINE);
			return DYAD_ERR_INPUT;
		}
		size_t i = 0;
		while (i < (size_t)n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) i++;
		if (i == (size_t)n) continue;
		r->next.lineno = r->lineno;
		switch (fast_decode(r, line, (size_t)n, &r->next.e)) {
		case 1:
			r->next.fast = 1;
			return DYAD_OK;
		case -1:
			dyad_error_set(err, "out of memory");
			return DYAD_ERR_NOMEM;
		}
		r->next.o = json_loadb(line, (size_t)n, 0, &je);
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
		r->handed = 0;
		if (drop_doc(r) < 0) {
			dyad_error_set(err, "out of memory");
			return DYAD_ERR_NOMEM;
		}
	}
	for (;;) {
		struct dyad_event e;
		int nomem = 0;
		const char *why;

		if (!r->next.o && !r->next.fast) {
			s = read_next(r, err);
			if (s == DYAD_ERR_INPUT || s == DYAD_ERR_NOMEM) return s;   /* the document so far is kept */
			if (s == DYAD_END) break;
		}
		if (r->next.fast) {
			e = r->next.e;
			why = NULL;
		} else {
			why = decode(r, r->next.o, &e, &nomem);
		}
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
		if (r->next.o) r->objs[r->nobj++] = r->next.o;
		r->next.o = NULL;
		r->next.fast = 0;
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
