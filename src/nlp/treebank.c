/* treebank.c -- gold sentences held in memory for training and evaluation: every word of the
 * CoNLL-U files, with strings copied into one arena. */
#include <string.h>

#include "nlp/conllu.h"
#include "nlp/nlp.h"
#include "util/error.h"

int tb_load(struct treebank *tb, const char *path, struct dyad_error *err)
{
	struct conllu_reader r;
	struct conllu_sent s = {0};
	const char *doc = "";
	int k;

	if (!tb->arena.max && !tb->arena.head) arena_init(&tb->arena, (size_t)4 << 30);
	if (conllu_open(&r, path, err) < 0) return -1;
	while ((k = conllu_next(&r, &s, err)) > 0) {
		struct tb_sent *t;
		if (s.newdoc && !(doc = arena_strndup(&tb->arena, s.newdoc, strlen(s.newdoc)))) goto nomem;
		if (s.n == 0) continue;
		if (mem_grow(&tb->s, &tb->cap, tb->n + 1, sizeof *tb->s, (size_t)1 << 28) < 0) goto nomem;
		t = &tb->s[tb->n];
		t->n = (uint32_t)s.n;
		t->doc = doc;
		t->w = arena_alloc(&tb->arena, s.n * sizeof *t->w);
		if (!t->w) goto nomem;
		for (size_t i = 0; i < s.n; i++) {
			struct tb_word *w = &t->w[i];
			w->form = arena_strndup(&tb->arena, s.w[i].form, strlen(s.w[i].form));
			w->lemma = arena_strndup(&tb->arena, s.w[i].lemma, strlen(s.w[i].lemma));
			if (!w->form || !w->lemma) goto nomem;
			w->upos = s.w[i].upos;
			w->xpos = s.w[i].xpos;
			w->deprel = s.w[i].deprel;
			w->head = s.w[i].head;
			if (w->head < -1 || w->head >= (int)s.n) {
				dyad_error_set(err, "%s:%zu: head out of range", path, r.lineno);
				conllu_close(&r, &s);
				return -1;
			}
		}
		tb->n++;
		tb->nwords += s.n;
	}
	conllu_close(&r, &s);
	return k < 0 ? -1 : 0;
nomem:
	dyad_error_set(err, "%s:%zu: out of memory", path, r.lineno);
	conllu_close(&r, &s);
	return -1;
}

void tb_release(struct treebank *tb)
{
	dyad_free(tb->s);
	arena_release(&tb->arena);
	memset(tb, 0, sizeof *tb);
}
