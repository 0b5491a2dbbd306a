/* conllu.c -- the tool's CoNLL-U writer, shared by `dyad tokenize` and `dyad parse`: one
 * document's sentences with "# newdoc", "# newpar", "# sent_id" and "# text", multi-word tokens
 * as ranges, and TokenRange=START:END (bytes of the original text) in MISC.  Columns the
 * document has no analysis for (an unparsed word) are "_". */
#include <stdio.h>

#include "cli.h"

void cli_put_flat(const char *s, size_t a, size_t b)
{
	int space = 0;
	for (size_t i = a; i < b; i++) {
		char c = s[i];
		if (c == '\n' || c == '\r' || c == '\t') {
			space = 1;
			continue;
		}
		if (space) putchar(' ');
		space = 0;
		putchar(c);
	}
}

static void word_line(const char *text, const struct dyad_word *y, uint32_t id, int space_no)
{
	printf("%u\t", id);
	cli_put_flat(text, y->start, y->end);
	if (y->upos) {
		printf("\t%s\t%s\t%s\t_\t", y->lemma ? y->lemma : "_", dyad_upos_name(y->upos),
		       dyad_xpos_name(y->xpos));
		if (y->deprel) printf("%d\t%s\t_\t", y->head + 1, y->head < 0 ? "root" : dyad_deprel_name(y->deprel));
		else printf("_\t_\t_\t");
	} else {
		printf("\t_\t_\t_\t_\t_\t_\t_\t");
	}
	if (space_no) printf("SpaceAfter=No|");
	printf("TokenRange=%u:%u\n", y->start, y->end);
}

void cli_print_conllu(dyad_doc *doc)
{
	size_t len, ns = dyad_doc_nsentences(doc);
	const char *text = dyad_doc_text(doc, &len);
	const struct dyad_sentence *sents = dyad_doc_sentences(doc);
	const struct dyad_word *w = dyad_doc_words(doc);

	printf("# newdoc id = %s\n", dyad_doc_id(doc));
	for (size_t i = 0; i < ns; i++) {
		const struct dyad_sentence *s = &sents[i];
		if (i == 0 || s->para != sents[i - 1].para) printf("# newpar\n");
		printf("# sent_id = %s-%zu\n# text = ", dyad_doc_id(doc), i + 1);
		cli_put_flat(text, s->start, s->end);
		putchar('\n');
		for (uint32_t k = 0; k < s->n; k++) {
			const struct dyad_word *x = &w[s->first + k];
			uint32_t e = k;
			/* a multi-word token: this word and the MWT words after it */
			while (e + 1 < s->n && (w[s->first + e + 1].flags & DYAD_W_MWT)) e++;
			if (e > k) {
				printf("%u-%u\t", k + 1, e + 1);
				cli_put_flat(text, x->start, w[s->first + e].end);
				printf("\t_\t_\t_\t_\t_\t_\t_\t%s\n",
				       (w[s->first + e].flags & DYAD_W_NOSPACE) && e + 1 < s->n ? "SpaceAfter=No" : "_");
			}
			for (uint32_t j = k; j <= e; j++) {
				const struct dyad_word *y = &w[s->first + j];
				word_line(text, y, j + 1, e == k && (y->flags & DYAD_W_NOSPACE) && j + 1 < s->n);
			}
			k = e;
		}
		putchar('\n');
	}
}
