/* eval_parse.c -- `dyad eval parse GOLD.conllu`: the tagger, lemmatizer and parser on gold
 * tokenisation, scored per word as the CoNLL 2018 shared task does (UPOS, XPOS, lemma, UAS,
 * LAS over all words, punctuation included; LAS compares universal relations, "nsubj:pass" as
 * "nsubj", and the full relations are reported too). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "nlp/conllu.h"
#include "nlp/labels.h"
#include "nlp/nlp.h"

struct parse_counts {
	size_t words, sents, upos, xpos, lemma, uas, las, lasfull;
};

static double pc(size_t a, size_t b) { return b ? 100.0 * (double)a / (double)b : 0.0; }

int cli_eval_parse(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"filter", required_argument, NULL, 'f'},
		{"tagger", required_argument, NULL, 't'},
		{"parser", required_argument, NULL, 'p'},
		{NULL, 0, NULL, 0}
	};
	const char *filter = NULL, *tagger = NULL, *parser = NULL;
	struct parse_counts pcnt = {0};
	struct nlp_word *w = NULL;
	size_t cap = 0;
	struct arena a;
	dyad_nlp *nlp;
	const struct tagger *tg;
	const struct parser *pr;
	struct timespec t0, t1;
	double secs = 0;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "f:", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': filter = optarg; break;
		case 't': tagger = optarg; break;
		case 'p': parser = optarg; break;
		default: return cli_usage("eval", "unknown option");
		}
	}
	if (optind >= argc) return cli_usage("eval", "parse needs a gold CoNLL-U file");
	if ((rc = cli_open_models(&nlp, tagger, parser))) return rc;
	tg = nlp_tagger(nlp);
	pr = nlp_parser(nlp);
	arena_init(&a, 0);
	for (int fi = optind; fi < argc && rc == 0; fi++) {
		struct conllu_reader r;
		struct conllu_sent s = {0};
		struct dyad_error err;
		int k, keep = 1;

		if (conllu_open(&r, argv[fi], &err) < 0) {
			cli_error("%s", err.msg);
			rc = EXIT_INPUT;
			break;
		}
		while ((k = conllu_next(&r, &s, &err)) > 0) {
			if (s.newdoc) keep = !filter || strstr(s.newdoc, filter);
			if (!keep || !s.n) continue;
			if (mem_grow(&w, &cap, s.n, sizeof *w, (size_t)1 << 24) < 0) {
				cli_error("out of memory");
				rc = EXIT_INPUT;
				break;
			}
			memset(w, 0, s.n * sizeof *w);
			for (size_t i = 0; i < s.n; i++) {
				w[i].form = s.w[i].form;
				w[i].len = (uint32_t)strlen(s.w[i].form);
			}
			arena_reset(&a);
			clock_gettime(CLOCK_MONOTONIC, &t0);
			nlp_prep(w, s.n);
			if (tagger_tag(tg, w, s.n, &a) < 0 || parser_parse(pr, w, s.n, &a) < 0) {
				cli_error("out of memory");
				rc = EXIT_INPUT;
				break;
			}
			clock_gettime(CLOCK_MONOTONIC, &t1);
			secs += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
			pcnt.sents++;
			for (size_t i = 0; i < s.n; i++) {
				const struct conllu_word *g = &s.w[i];
				pcnt.words++;
				pcnt.upos += w[i].upos == g->upos;
				pcnt.xpos += w[i].xpos == g->xpos;
				pcnt.lemma += w[i].lemma && strcmp(w[i].lemma, g->lemma) == 0;
				if (w[i].head == g->head) {
					pcnt.uas++;
					pcnt.las += deprel_base(w[i].deprel) == deprel_base(g->deprel);
					pcnt.lasfull += w[i].deprel == g->deprel;
				}
			}
		}
		if (k < 0) {
			cli_error("%s", err.msg);
			rc = EXIT_INPUT;
		}
		conllu_close(&r, &s);
	}
	arena_release(&a);
	dyad_free(w);
	dyad_nlp_free(nlp);
	if (rc) return rc;
	printf("sentences  %zu%s%s\n", pcnt.sents, filter ? " in documents matching " : "",
	       filter ? filter : "");
	printf("words      %zu\n", pcnt.words);
	printf("UPOS       %6.2f\n", pc(pcnt.upos, pcnt.words));
	printf("XPOS       %6.2f\n", pc(pcnt.xpos, pcnt.words));
	printf("lemmas     %6.2f\n", pc(pcnt.lemma, pcnt.words));
	printf("UAS        %6.2f\n", pc(pcnt.uas, pcnt.words));
	printf("LAS        %6.2f   (universal relations, as CoNLL 2018)\n", pc(pcnt.las, pcnt.words));
	printf("LAS full   %6.2f   (relations with subtypes)\n", pc(pcnt.lasfull, pcnt.words));
	printf("speed      %.0f words/s (tag + parse, one thread)\n",
	       secs > 0 ? (double)pcnt.words / secs : 0.0);
	printf("UPOS %.2f UAS %.2f LAS %.2f\n", pc(pcnt.upos, pcnt.words), pc(pcnt.uas, pcnt.words),
	       pc(pcnt.las, pcnt.words));
	return 0;
}
