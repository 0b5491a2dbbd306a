/* doc.c -- the document object: lifecycle, accessors, offsets, warnings and errors.  Every
 * stage of the pipeline reads and appends to a dyad_doc (doc.h). */
#include <string.h>

#include "doc.h"
#include "text/text.h"

const char *dyad_version(void) { return DYAD_VERSION; }

const char *dyad_status_str(dyad_status st)
{
	switch (st) {
	case DYAD_OK: return "ok";
	case DYAD_END: return "end of input";
	case DYAD_ERR_NOMEM: return "out of memory";
	case DYAD_ERR_IO: return "i/o error";
	case DYAD_ERR_INPUT: return "bad input";
	case DYAD_ERR_FORMAT: return "bad file format";
	case DYAD_ERR_USAGE: return "bad usage";
	}
	return "unknown status";
}

dyad_doc *dyad_doc_new(void)
{
	struct dyad_doc *d = dyad_calloc(1, sizeof *d);
	if (!d) return NULL;
	arena_init(&d->arena, 0);
	d->id = d->date = "";
	d->text = d->ntext = "";
	return d;
}

void dyad_doc_free(dyad_doc *d)
{
	if (!d) return;
	arena_release(&d->arena);
	dyad_free(d->anchors);
	dyad_free(d->words);
	dyad_free(d->sents);
	dyad_free(d->events);
	dyad_free(d);
}

static void doc_clear(struct dyad_doc *d)
{
	arena_reset(&d->arena);
	d->id = d->date = "";
	d->title = d->url = d->source = NULL;
	d->text = d->ntext = "";
	d->len = d->nlen = 0;
	d->nanchors = d->nwords = d->nsents = d->nwarnings = d->nevents = 0;
	d->phrases = NULL;
	d->nphrases = d->capphrases = 0;
}

dyad_status dyad_doc_set(dyad_doc *d, const char *id, const char *date, const char *text,
                         size_t len, struct dyad_error *err)
{
	doc_clear(d);
	if (len >= UINT32_MAX) {
		dyad_error_set(err, "%s: document too large (%zu bytes)", id ? id : "-", len);
		return DYAD_ERR_INPUT;
	}
	d->id = arena_strndup(&d->arena, id ? id : "", id ? strlen(id) : 0);
	d->date = arena_strndup(&d->arena, date ? date : "", date ? strlen(date) : 0);
	d->text = arena_strndup(&d->arena, text ? text : "", text ? len : 0);
	if (!d->id || !d->date || !d->text) {
		doc_clear(d);
		dyad_error_set(err, "out of memory");
		return DYAD_ERR_NOMEM;
	}
	d->len = text ? len : 0;
	d->ntext = d->text;
	d->nlen = d->len;
	return DYAD_OK;
}

static char *meta_dup(struct dyad_doc *d, const char *s, int *bad)
{
	char *r;
	if (!s) return NULL;
	r = arena_strndup(&d->arena, s, strlen(s));
	if (!r) *bad = 1;
	return r;
}

dyad_status dyad_doc_set_meta(dyad_doc *d, const char *title, const char *url, const char *source)
{
	int bad = 0;
	d->title = meta_dup(d, title, &bad);
	d->url = meta_dup(d, url, &bad);
	d->source = meta_dup(d, source, &bad);
	return bad ? DYAD_ERR_NOMEM : DYAD_OK;
}

dyad_status dyad_doc_segment(dyad_doc *d, struct dyad_error *err)
{
	dyad_status st = text_normalize(d, err);
	if (st != DYAD_OK) return st;
	return text_tokenize(d, err);
}

uint32_t doc_orig_offset(const struct dyad_doc *d, uint32_t noff)
{
	size_t lo = 0, hi = d->nanchors;
	const struct offmap_anchor *a;
	uint32_t orig;

	if (d->nanchors == 0) return noff;
	/* last anchor with norm <= noff */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (d->anchors[mid].norm <= noff) lo = mid + 1;
		else hi = mid;
	}
	if (lo == 0) return noff;
	a = &d->anchors[lo - 1];
	orig = a->orig + (noff - a->norm);
	return orig > d->len ? (uint32_t)d->len : orig;
}

void doc_warn(struct dyad_doc *d, uint32_t off, const char *msg)
{
	if (d->nwarnings < DOC_MAX_WARNINGS) {
		struct dyad_warning *w = &d->warnings[d->nwarnings];
		w->offset = off;
		w->msg = arena_strndup(&d->arena, msg, strlen(msg));
		if (!w->msg) return;
	}
	d->nwarnings++;
}

const char *dyad_doc_id(const dyad_doc *d) { return d->id; }
const char *dyad_doc_date(const dyad_doc *d) { return d->date; }
const char *dyad_doc_title(const dyad_doc *d) { return d->title; }
const char *dyad_doc_url(const dyad_doc *d) { return d->url; }
const char *dyad_doc_source(const dyad_doc *d) { return d->source; }

const char *dyad_doc_text(const dyad_doc *d, size_t *len)
{
	if (len) *len = d->len;
	return d->text;
}

const char *dyad_doc_ntext(const dyad_doc *d, size_t *len)
{
	if (len) *len = d->nlen;
	return d->ntext;
}

size_t dyad_doc_nsentences(const dyad_doc *d) { return d->nsents; }
const struct dyad_sentence *dyad_doc_sentences(const dyad_doc *d) { return d->sents; }
size_t dyad_doc_nwords(const dyad_doc *d) { return d->nwords; }
struct dyad_word *dyad_doc_words(dyad_doc *d) { return d->words; }

size_t dyad_doc_nwarnings(const dyad_doc *d)
{
	return d->nwarnings < DOC_MAX_WARNINGS ? d->nwarnings : DOC_MAX_WARNINGS;
}

const struct dyad_warning *dyad_doc_warnings(const dyad_doc *d) { return d->warnings; }
