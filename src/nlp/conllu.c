/* conllu.c -- reads CoNLL-U treebanks one sentence at a time (see conllu.h).  Empty nodes
 * ("8.1") are skipped; multi-word tokens ("1-2") are kept as ranges over the words. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conllu.h"
#include "labels.h"

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
