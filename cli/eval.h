/* eval.h -- what `dyad eval tokenize` (eval.c) shares with `dyad eval parse --raw`
 * (eval_parse.c): gold documents rebuilt from a treebank's "# text" lines, and word spans. */
#ifndef DYAD_CLI_EVAL_H
#define DYAD_CLI_EVAL_H

#include <stdint.h>

#include "nlp/conllu.h"

struct span {
	uint32_t a, b;     /* byte span (of the surface token for a word) */
	uint32_t idx;      /* word index inside a multi-word token */
	char form[24];     /* lower-cased word form inside a multi-word token, else "" */
};

struct spans {
	struct span *v;
	size_t n, cap;
};

struct gold_doc {
	char *text;
	size_t len, cap;
	struct spans tok, word, sent;
	char id[128];
};

/* Append a span (with the lower-cased form of a word inside a multi-word token, else NULL).
 * 0, or -1 when out of memory. */
int eval_span_add(struct spans *s, uint32_t a, uint32_t b, uint32_t idx, const char *form,
                  size_t flen);
void eval_gold_reset(struct gold_doc *g);
/* Add one gold sentence to the document being rebuilt: its text, and the spans of its tokens,
 * words (one per word, in order) and the sentence.  0, 1 when the words do not match the
 * "# text" line, -1 when out of memory. */
int eval_gold_add(struct gold_doc *g, const struct conllu_sent *s, int *space_before);

#endif
