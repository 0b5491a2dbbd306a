/* eval_parse.c -- `dyad eval parse GOLD.conllu`: the tagger, lemmatizer and parser on gold
 * tokenisation, scored per word as the CoNLL 2018 shared task does (UPOS, XPOS, lemma, UAS,
 * LAS over all words, punctuation included; LAS compares universal relations, "nsubj:pass" as
 * "nsubj", and the full relations are reported too).  With --raw, end to end: each gold document's
 * text is rebuilt as `dyad eval tokenize` does, run through the text layer and the models
 * (dyad_doc_parse), and system words are aligned with gold words by byte span; scores are F1
 * over aligned words, a head counting when it is aligned with the gold head (CoNLL 2018). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "eval.h"
#include "nlp/conllu.h"
#include "nlp/labels.h"
#include "nlp/nlp.h"

struct parse_counts {
	size_t words, sents, upos, xpos, lemma, uas, las, lasfull;
};

static double pc(size_t a, size_t b) { return b ? 100.0 * (double)a / (double)b : 0.0; }

/* ---- end to end (--raw) ---- */

struct raw_gold {
	uint8_t upos, deprel;
	int32_t head;            /* document word index, -1 = root */
};

struct raw_eval {
	struct gold_doc g;
	struct raw_gold *gw;
	size_t ngw, capgw;
	size_t gold, sys, words, upos, uas, las;
	size_t ndocs;
};

static double f1c(size_t correct, size_t gold, size_t sys)
{
	double p = sys ? (double)correct / (double)sys : 0, r = gold ? (double)correct / (double)gold : 0;
	return p + r > 0 ? 100.0 * 2 * p * r / (p + r) : 0.0;
}

static int raw_score(struct raw_eval *ev, dyad_doc *doc, const dyad_nlp *nlp)
{
	struct dyad_error err;
	struct spans sw = {0};
	const struct dyad_sentence *sents;
	const struct dyad_word *w;
	size_t nw, ns, *smap = NULL, *sidx = NULL, i, j;
	int rc = -1;

	if (dyad_doc_set(doc, ev->g.id, NULL, ev->g.text ? ev->g.text : "", ev->g.len, &err) != DYAD_OK ||
	    dyad_doc_segment(doc, &err) != DYAD_OK || dyad_doc_parse(doc, nlp, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		return -1;
	}
	w = dyad_doc_words(doc);
	nw = dyad_doc_nwords(doc);
	sents = dyad_doc_sentences(doc);
	ns = dyad_doc_nsentences(doc);
	/* system word spans, as eval tokenize builds them; sidx: the span's word */
	if (!(sidx = dyad_calloc(nw + 1, sizeof *sidx)) || !(smap = dyad_calloc(nw + 1, sizeof *smap)))
		goto out;
	for (i = 0; i < nw; i++) {
		size_t e = i;
		while (e + 1 < nw && (w[e + 1].flags & DYAD_W_MWT)) e++;
		for (size_t k = i; k <= e; k++) {
			int bad = e == i ? eval_span_add(&sw, w[i].start, w[i].end, 0, NULL, 0)
			                 : eval_span_add(&sw, w[i].start, w[e].end, (uint32_t)(k - i),
			                                 ev->g.text + w[k].start, w[k].end - w[k].start);
			if (bad) goto out;
			sidx[sw.n - 1] = k;
		}
		i = e;
	}
	/* align: smap[system word] = gold word + 1 */
	for (i = 0, j = 0; i < ev->g.word.n && j < sw.n;) {
		const struct span *x = &ev->g.word.v[i], *y = &sw.v[j];
		int c = x->a != y->a ? (x->a < y->a ? -1 : 1) : x->b != y->b ? (x->b < y->b ? -1 : 1)
		      : x->idx != y->idx ? (x->idx < y->idx ? -1 : 1) : 0;
		if (c == 0) {
			if (strcmp(x->form, y->form) == 0) smap[sidx[j]] = i + 1;
			i++;
			j++;
		} else if (c < 0) {
			i++;
		} else {
			j++;
		}
	}
	for (size_t si = 0; si < ns; si++)
		for (uint32_t k = 0; k < sents[si].n; k++) {
			size_t sw_i = sents[si].first + k, gi;
			const struct raw_gold *gg;
			int head_ok;
			if (!smap[sw_i]) continue;
			gi = smap[sw_i] - 1;
			gg = &ev->gw[gi];
			ev->words++;
			ev->upos += w[sw_i].upos == gg->upos;
			if (w[sw_i].head < 0) head_ok = gg->head < 0;
			else head_ok = gg->head >= 0 && smap[sents[si].first + (size_t)w[sw_i].head] == (size_t)gg->head + 1;
			ev->uas += head_ok;
			ev->las += head_ok && deprel_base(w[sw_i].deprel) == deprel_base(gg->deprel);
		}
	ev->gold += ev->g.word.n;
	ev->sys += nw;
	ev->ndocs++;
	rc = 0;
out:
	if (rc) cli_error("out of memory");
	dyad_free(sw.v);
	dyad_free(sidx);
	dyad_free(smap);
	return rc;
}

static int eval_raw(char **files, int nfiles, const char *filter, const dyad_nlp *nlp)
{
	struct raw_eval ev;
	dyad_doc *doc = dyad_doc_new();
	int rc = 0;

	memset(&ev, 0, sizeof ev);
	if (!doc) {
		cli_error("out of memory");
		return EXIT_INPUT;
	}
	for (int fi = 0; fi < nfiles && rc == 0; fi++) {
		struct conllu_reader r;
		struct conllu_sent s = {0};
		struct dyad_error err;
		int k, space = 1, keep = 0;

		if (conllu_open(&r, files[fi], &err) < 0) {
			cli_error("%s", err.msg);
			rc = 1;
			break;
		}
		eval_gold_reset(&ev.g);
		ev.ngw = 0;
		while ((k = conllu_next(&r, &s, &err)) > 0) {
			size_t before = ev.g.word.n, base = ev.ngw;
			if (s.newdoc) {
				if (keep && ev.g.len && raw_score(&ev, doc, nlp)) { rc = 1; break; }
				eval_gold_reset(&ev.g);
				ev.ngw = 0;
				base = 0;
				before = 0;
				snprintf(ev.g.id, sizeof ev.g.id, "%s", s.newdoc);
				keep = !filter || strstr(s.newdoc, filter);
				space = 1;
			}
			if (!keep) continue;
			k = eval_gold_add(&ev.g, &s, &space);
			if (k < 0 || mem_grow(&ev.gw, &ev.capgw, ev.ngw + s.n, sizeof *ev.gw, (size_t)1 << 28) < 0) {
				cli_error("out of memory");
				rc = 1;
				break;
			}
			if (k > 0 || ev.g.word.n - before != s.n) {
				cli_error("%s:%zu: words do not match '# text'", files[fi], r.lineno);
				rc = 1;
				break;
			}
			for (size_t i = 0; i < s.n; i++) {
				ev.gw[base + i].upos = s.w[i].upos;
				ev.gw[base + i].deprel = s.w[i].deprel;
				ev.gw[base + i].head = s.w[i].head < 0 ? -1 : (int32_t)(base + (size_t)s.w[i].head);
			}
			ev.ngw += s.n;
		}
		if (k < 0) { cli_error("%s", err.msg); rc = 1; }
		if (rc == 0 && keep && ev.g.len && raw_score(&ev, doc, nlp)) rc = 1;
		conllu_close(&r, &s);
	}
	dyad_doc_free(doc);
	dyad_free(ev.g.text);
	dyad_free(ev.g.tok.v);
	dyad_free(ev.g.word.v);
	dyad_free(ev.g.sent.v);
	dyad_free(ev.gw);
	if (rc) return EXIT_INPUT;
	printf("documents  %zu%s%s (end to end: text layer + models, CoNLL 2018 F1)\n", ev.ndocs,
	       filter ? " matching " : "", filter ? filter : "");
	printf("words      %6.2f   (gold %zu, system %zu, aligned %zu)\n",
	       f1c(ev.words, ev.gold, ev.sys), ev.gold, ev.sys, ev.words);
	printf("UPOS       %6.2f\n", f1c(ev.upos, ev.gold, ev.sys));
	printf("UAS        %6.2f\n", f1c(ev.uas, ev.gold, ev.sys));
	printf("LAS        %6.2f\n", f1c(ev.las, ev.gold, ev.sys));
	printf("UPOS %.2f UAS %.2f LAS %.2f\n", f1c(ev.upos, ev.gold, ev.sys),
	       f1c(ev.uas, ev.gold, ev.sys), f1c(ev.las, ev.gold, ev.sys));
	return 0;
}

int cli_eval_parse(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"filter", required_argument, NULL, 'f'},
		{"tagger", required_argument, NULL, 't'},
		{"parser", required_argument, NULL, 'p'},
		{"beam", required_argument, NULL, 'b'},
		{"margin", required_argument, NULL, 'm'},
		{"raw", no_argument, NULL, 'r'},
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
	double secs = 0, load_ms;
	int width;
	int c, rc = 0, beam = 0, raw = 0, margin = -1;
	struct parser pm;

	while ((c = getopt_long(argc, argv, "f:", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': filter = optarg; break;
		case 't': tagger = optarg; break;
		case 'p': parser = optarg; break;
		case 'b': beam = atoi(optarg); break;
		case 'm': margin = atoi(optarg); break;
		case 'r': raw = 1; break;
		default: return cli_usage("eval", "unknown option");
		}
	}
	if (optind >= argc) return cli_usage("eval", "parse needs a gold CoNLL-U file");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((rc = cli_open_models(&nlp, tagger, parser))) return rc;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	load_ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	if (raw) {
		dyad_nlp_set_beam(nlp, beam);
		rc = eval_raw(argv + optind, argc - optind, filter, nlp);
		dyad_nlp_free(nlp);
		return rc;
	}
	tg = nlp_tagger(nlp);
	pr = nlp_parser(nlp);
	if (margin >= 0) {
		/* the beam's pruning changed: a copy of the model's handle (the tables are shared) */
		pm = *pr;
		pm.margin = margin;
		pr = &pm;
	}
	width = beam > 0 ? beam : (int)pr->beam;
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
			if (tagger_tag(tg, w, s.n, &a) < 0 || parser_parse(pr, w, s.n, beam, &a) < 0) {
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
	printf("speed      %.0f words/s (tag + parse, one thread, beam %d)\n",
	       secs > 0 ? (double)pcnt.words / secs : 0.0, width);
	printf("load       %.1f ms (map and check both models)\n", load_ms);
	printf("UPOS %.2f UAS %.2f LAS %.2f\n", pc(pcnt.upos, pcnt.words), pc(pcnt.uas, pcnt.words),
	       pc(pcnt.las, pcnt.words));
	return 0;
}
