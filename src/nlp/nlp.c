/* nlp.c -- the public face of the tagger and parser (dyad.h, "Models"): a handle holding the
 * mapped models, and dyad_doc_parse, which runs them over every sentence of a document. */
#include <string.h>

#include "doc.h"
#include "nlp/nlp.h"
#include "util/error.h"

struct dyad_nlp {
	struct tagger tagger;
	struct parser parser;
	int have_parser;
	int beam;               /* 0: the model's own width */
};

dyad_status dyad_nlp_open(dyad_nlp **out, const char *tagger_path, const char *parser_path,
                          struct dyad_error *err)
{
	dyad_nlp *m;
	dyad_status st;

	*out = NULL;
	if (!tagger_path) {
		dyad_error_set(err, "no tagger model given");
		return DYAD_ERR_USAGE;
	}
	if (!(m = dyad_calloc(1, sizeof *m))) {
		dyad_error_set(err, "out of memory");
		return DYAD_ERR_NOMEM;
	}
	if ((st = tagger_load(&m->tagger, tagger_path, err)) != DYAD_OK) {
		dyad_free(m);
		return st;
	}
	if (parser_path) {
		if ((st = parser_load(&m->parser, parser_path, err)) != DYAD_OK) {
			tagger_close(&m->tagger);
			dyad_free(m);
			return st;
		}
		m->have_parser = 1;
	}
	*out = m;
	return DYAD_OK;
}

void dyad_nlp_set_beam(dyad_nlp *nlp, int width)
{
	if (nlp) nlp->beam = width < 0 ? 0 : width > 64 ? 64 : width;
}

const struct tagger *nlp_tagger(const dyad_nlp *nlp) { return &nlp->tagger; }
const struct parser *nlp_parser(const dyad_nlp *nlp) { return nlp->have_parser ? &nlp->parser : NULL; }

void dyad_nlp_free(dyad_nlp *nlp)
{
	if (!nlp) return;
	tagger_close(&nlp->tagger);
	if (nlp->have_parser) parser_close(&nlp->parser);
	dyad_free(nlp);
}

dyad_status dyad_doc_parse(dyad_doc *d, const dyad_nlp *nlp, struct dyad_error *err)
{
	return nlp_doc_run(d, nlp, NULL, NULL, err);
}

dyad_status nlp_doc_run(dyad_doc *d, const dyad_nlp *nlp,
                        int (*want)(void *ctx, const dyad_doc *d, size_t s, int tagged),
                        void *ctx, struct dyad_error *err)
{
	struct arena scratch;
	struct nlp_word *w = NULL;
	size_t cap = 0;
	dyad_status st = DYAD_OK;

	if (!d || !nlp) {
		dyad_error_set(err, "dyad_doc_parse: no document or model");
		return DYAD_ERR_USAGE;
	}
	arena_init(&scratch, 0);
	for (size_t s = 0; s < d->nsents && st == DYAD_OK; s++) {
		const struct dyad_sentence *se = &d->sents[s];
		struct dyad_word *dw = d->words + se->first;
		size_t n = se->n;
		int how;
		if (!n || (how = want ? want(ctx, d, s, 0) : 1) == NLP_KEEP) continue;
		if (!how) {
			for (size_t i = 0; i < n; i++) {
				dw[i].upos = dw[i].xpos = 0;
				dw[i].lemma = NULL;
				dw[i].head = -1;
				dw[i].deprel = 0;
			}
			continue;
		}
		if (mem_grow(&w, &cap, n, sizeof *w, DOC_MAX_WORDS) < 0) goto nomem;
		memset(w, 0, n * sizeof *w);
		for (size_t i = 0; i < n; i++) {
			w[i].form = d->ntext + dw[i].nstart;
			w[i].len = dw[i].nend - dw[i].nstart;
		}
		nlp_prep(w, n);
		arena_reset(&scratch);
		if (how == NLP_TAGGED) {
			for (size_t i = 0; i < n; i++) {
				w[i].upos = dw[i].upos;
				w[i].xpos = dw[i].xpos;
				w[i].lemma = dw[i].lemma;
			}
		} else if (tagger_tag(&nlp->tagger, w, n, &d->arena) < 0) {
			goto nomem;
		}
		for (size_t i = 0; i < n; i++) {
			dw[i].upos = w[i].upos;
			dw[i].xpos = w[i].xpos;
			dw[i].lemma = w[i].lemma;
			dw[i].head = -1;
			dw[i].deprel = 0;
		}
		if (!nlp->have_parser || (want && !want(ctx, d, s, 1))) continue;
		if (parser_parse(&nlp->parser, w, n, nlp->beam, &scratch) < 0) goto nomem;
		for (size_t i = 0; i < n; i++) {
			dw[i].head = (int16_t)(w[i].head < INT16_MAX ? w[i].head : -1);
			dw[i].deprel = w[i].deprel;
		}
	}
	goto out;
nomem:
	dyad_error_set(err, "%s: out of memory while parsing", d->id ? d->id : "document");
	st = DYAD_ERR_NOMEM;
out:
	dyad_free(w);
	arena_release(&scratch);
	return st;
}
