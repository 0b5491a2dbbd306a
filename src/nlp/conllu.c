/* conllu.c -- reads CoNLL-U treebanks one sentence at a time (see conllu.h).  Empty nodes
 * ("8.1") are skipped; multi-word tokens ("1-2") are kept as ranges over the words. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conllu.h"
#include "labels.h"
#include "doc.h"

int conllu_open(struct conllu_reader *r, const char *path, struct dyad_error *err)
{
	memset(r, 0, sizeof *r);
	r->f = fopen(path, "r");
	if (!r->f) {
		dyad_error_set(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	r->path = path;
	arena_init(&r->arena, 0);
	return 0;
}

void conllu_close(struct conllu_reader *r, struct conllu_sent *s)
{
	if (r->f) fclose(r->f);
	r->f = NULL;
	free(r->line);
	r->line = NULL;
	arena_release(&r->arena);
	if (s) {
		dyad_free(s->w);
		dyad_free(s->mwt);
		memset(s, 0, sizeof *s);
	}
}

/* Split a line at tabs into at most 10 fields; returns the count. */
static int fields(char *line, char **f)
{
	int n = 0;
	f[n++] = line;
	for (char *p = line; *p && n < 10; p++)
		if (*p == '\t') {
			*p = 0;
			f[n++] = p + 1;
		}
	return n;
}

static const char *dup(struct conllu_reader *r, const char *s)
{
	return arena_strndup(&r->arena, s, strlen(s));
}

int conllu_next(struct conllu_reader *r, struct conllu_sent *s, struct dyad_error *err)
{
	ssize_t k;
	int any = 0;

	arena_reset(&r->arena);
	s->sent_id = s->text = s->newdoc = NULL;
	s->newpar = 0;
	s->n = s->nmwt = 0;
	while ((k = getline(&r->line, &r->linecap, r->f)) >= 0) {
		char *line = r->line, *f[10];
		r->lineno++;
		while (k > 0 && (line[k - 1] == '\n' || line[k - 1] == '\r')) line[--k] = 0;
		if (k == 0) {
			if (any) return 1;
			continue;
		}
		any = 1;
		if (line[0] == '#') {
			if (strncmp(line, "# newdoc", 8) == 0) {
				const char *eq = strstr(line, "= ");
				s->newdoc = dup(r, eq ? eq + 2 : "");
				s->newpar = 1;
			} else if (strncmp(line, "# newpar", 8) == 0) {
				s->newpar = 1;
			} else if (strncmp(line, "# sent_id = ", 12) == 0) {
				s->sent_id = dup(r, line + 12);
			} else if (strncmp(line, "# text = ", 9) == 0) {
				s->text = dup(r, line + 9);
			}
			continue;
		}
		if (fields(line, f) != 10) {
			dyad_error_set(err, "%s:%zu: expected 10 tab-separated fields", r->path, r->lineno);
			return -1;
		}
		if (strchr(f[0], '.')) continue;                 /* empty node */
		if (strchr(f[0], '-')) {
			struct conllu_mwt *m;
			if (mem_grow(&s->mwt, &s->capmwt, s->nmwt + 1, sizeof *s->mwt, 1 << 20) < 0) goto nomem;
			m = &s->mwt[s->nmwt++];
			m->first = atoi(f[0]) - 1;
			m->last = atoi(strchr(f[0], '-') + 1) - 1;
			m->form = dup(r, f[1]);
			m->space_after = strstr(f[9], "SpaceAfter=No") == NULL;
			if (!m->form) goto nomem;
			continue;
		}
		{
			struct conllu_word *w;
			if (mem_grow(&s->w, &s->capw, s->n + 1, sizeof *s->w, 1 << 20) < 0) goto nomem;
			w = &s->w[s->n];
			if (atoi(f[0]) != (int)s->n + 1) {
				dyad_error_set(err, "%s:%zu: word id %s out of sequence", r->path, r->lineno, f[0]);
				return -1;
			}
			w->form = dup(r, f[1]);
			w->lemma = dup(r, f[2]);
			if (!w->form || !w->lemma) goto nomem;
			w->upos = (unsigned char)dyad_upos_id(f[3]);
			w->xpos = (unsigned char)dyad_xpos_id(f[4]);
			w->head = f[6][0] == '_' ? -1 : atoi(f[6]) - 1;
			w->deprel = (unsigned char)dyad_deprel_id(f[7]);
			w->space_after = strstr(f[9], "SpaceAfter=No") == NULL;
			w->mwt = -1;
			if (s->nmwt && s->mwt[s->nmwt - 1].last >= (int)s->n &&
			    s->mwt[s->nmwt - 1].first <= (int)s->n)
				w->mwt = (int)s->nmwt - 1;
			s->n++;
		}
	}
	if (ferror(r->f)) {
		dyad_error_set(err, "%s: %s", r->path, strerror(errno));
		return -1;
	}
	return any ? 1 : 0;
nomem:
	dyad_error_set(err, "%s:%zu: out of memory", r->path, r->lineno);
	return -1;
}

/* ---------------------------------------------------------------------------------------- */
/* CoNLL-U as a document                                                                      */

struct growbuf {
	char *p;
	size_t len, cap;
};

static int gb_add(struct growbuf *b, const char *s, size_t n)
{
	if (mem_grow(&b->p, &b->cap, b->len + n + 1, 1, (size_t)1 << 31) < 0) return -1;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
	return 0;
}

/* Where the form's characters start in text from *p on (skipping white space); -1 if absent. */
static int find_form(const char *text, size_t len, size_t *p, const char *form, uint32_t *a,
                     uint32_t *b)
{
	size_t i = *p, k = strlen(form);
	while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t')) i++;
	if (i + k > len || memcmp(text + i, form, k) != 0) return -1;
	*a = (uint32_t)i;
	*b = (uint32_t)(i + k);
	*p = i + k;
	return 0;
}

struct pending_word {
	uint32_t start, end;
	uint16_t flags;
	struct conllu_word w;
	const char *lemma;
};

dyad_status conllu_to_doc(struct dyad_doc *d, const char *name, const char *id, const char *date,
                          const char *buf, size_t len, struct dyad_error *err)
{
	struct conllu_reader r;
	struct conllu_sent s = {0};
	struct growbuf text = {0}, lemmas = {0};
	struct pending_word *pw = NULL;
	struct { uint32_t first, n, para; } *ps = NULL;
	size_t npw = 0, cappw = 0, nps = 0, capps = 0;
	uint32_t para = 0;
	dyad_status st = DYAD_OK;
	int k, space = 1;

	memset(&r, 0, sizeof r);
	arena_init(&r.arena, 0);
	r.path = name;
	r.f = fmemopen((void *)buf, len ? len : 1, "r");
	if (!r.f) {
		dyad_error_set(err, "%s: cannot read", name);
		return DYAD_ERR_IO;
	}
	while ((k = conllu_next(&r, &s, err)) > 0) {
		size_t p;
		if (text.len) {
			if (s.newpar) { para++; if (gb_add(&text, "\n\n", 2)) goto nomem; }
			else if (space && gb_add(&text, " ", 1)) goto nomem;
		}
		p = text.len;
		if (s.text) {
			if (gb_add(&text, s.text, strlen(s.text))) goto nomem;
		} else {
			for (size_t i = 0; i < s.n; i++) {
				int m = s.w[i].mwt;
				const char *f = m >= 0 ? s.mwt[m].form : s.w[i].form;
				int sa = m >= 0 ? s.mwt[m].space_after : s.w[i].space_after;
				if (gb_add(&text, f, strlen(f)) || (sa && i + 1 < s.n && gb_add(&text, " ", 1)))
					goto nomem;
				if (m >= 0) i = (size_t)s.mwt[m].last;
			}
		}
		if (mem_grow(&ps, &capps, nps + 1, sizeof *ps, 1 << 24) < 0) goto nomem;
		ps[nps].first = (uint32_t)npw;
		ps[nps].n = (uint32_t)s.n;
		ps[nps].para = para;
		nps++;
		for (size_t i = 0; i < s.n; i++) {
			int m = s.w[i].mwt;
			uint32_t a, b;
			if (mem_grow(&pw, &cappw, npw + s.n + 1, sizeof *pw, 1 << 26) < 0) goto nomem;
			if (m >= 0 && s.mwt[m].first == (int)i) {
				/* a multi-word token: split its span by the word forms when they spell it */
				uint32_t ta, tb, at;
				if (find_form(text.p, text.len, &p, s.mwt[m].form, &ta, &tb)) goto misaligned;
				at = ta;
				for (int j = s.mwt[m].first; j <= s.mwt[m].last; j++) {
					size_t fl = strlen(s.w[j].form);
					struct pending_word *x = &pw[npw++];
					x->w = s.w[j];
					x->flags = j > s.mwt[m].first ? DYAD_W_MWT : 0;
					if (at + fl <= tb && strncasecmp(text.p + at, s.w[j].form, fl) == 0) {
						x->start = at;
						x->end = j == s.mwt[m].last ? tb : (uint32_t)(at + fl);
					} else {
						x->start = j == s.mwt[m].first ? ta : at;
						x->end = tb;
					}
					at = x->end;
					if (j == s.mwt[m].last && !s.mwt[m].space_after) x->flags |= DYAD_W_NOSPACE;
					x->lemma = (const char *)(uintptr_t)lemmas.len;
					if (gb_add(&lemmas, s.w[j].lemma, strlen(s.w[j].lemma) + 1)) goto nomem;
				}
				i = (size_t)s.mwt[m].last;
				continue;
			}
			if (find_form(text.p, text.len, &p, s.w[i].form, &a, &b)) goto misaligned;
			pw[npw].w = s.w[i];
			pw[npw].start = a;
			pw[npw].end = b;
			pw[npw].flags = s.w[i].space_after ? 0 : DYAD_W_NOSPACE;
			pw[npw].lemma = (const char *)(uintptr_t)lemmas.len;
			if (gb_add(&lemmas, s.w[i].lemma, strlen(s.w[i].lemma) + 1)) goto nomem;
			npw++;
		}
		space = s.n ? (s.w[s.n - 1].mwt >= 0 ? s.mwt[s.w[s.n - 1].mwt].space_after
		                                      : s.w[s.n - 1].space_after) : 1;
	}
	if (k < 0) {
		st = DYAD_ERR_INPUT;
		goto out;
	}
	if ((st = dyad_doc_set(d, id, date, text.p ? text.p : "", text.len, err)) != DYAD_OK) goto out;
	{
		char *lem = arena_strndup(&d->arena, lemmas.p ? lemmas.p : "", lemmas.len);
		if (!lem ||
		    mem_grow(&d->words, &d->capwords, npw, sizeof *d->words, DOC_MAX_WORDS) < 0 ||
		    mem_grow(&d->sents, &d->capsents, nps, sizeof *d->sents, DOC_MAX_WORDS) < 0)
			goto nomem;
		for (size_t i = 0; i < npw; i++) {
			struct dyad_word *w = &d->words[i];
			w->start = w->nstart = pw[i].start;
			w->end = w->nend = pw[i].end;
			w->flags = pw[i].flags;
			w->upos = pw[i].w.upos;
			w->xpos = pw[i].w.xpos;
			w->deprel = pw[i].w.deprel;
			w->head = (int16_t)pw[i].w.head;
			w->lemma = lemmas.len ? lem + (uintptr_t)pw[i].lemma : "";
		}
		d->nwords = npw;
		for (size_t i = 0; i < nps; i++) {
			struct dyad_sentence *x = &d->sents[i];
			x->first = ps[i].first;
			x->n = ps[i].n;
			x->para = ps[i].para;
			x->flags = 0;
			x->start = x->nstart = x->n ? d->words[x->first].start : 0;
			x->end = x->nend = x->n ? d->words[x->first + x->n - 1].end : 0;
			if (x->n && (i == 0 || ps[i - 1].para != ps[i].para)) d->words[x->first].flags |= DYAD_W_PARA;
		}
		d->nsents = nps;
	}
	goto out;
misaligned:
	dyad_error_set(err, "%s:%zu: a form does not match the sentence's '# text'", name, r.lineno);
	st = DYAD_ERR_INPUT;
	goto out;
nomem:
	dyad_error_set(err, "%s: out of memory", name);
	st = DYAD_ERR_NOMEM;
out:
	conllu_close(&r, &s);
	dyad_free(text.p);
	dyad_free(lemmas.p);
	dyad_free(pw);
	dyad_free(ps);
	return st;
}
