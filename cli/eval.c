/* eval.c -- `dyad eval`: accuracy against gold data.  `dyad eval tokenize GOLD.conllu` rebuilds
 * each gold document's raw text from its "# text" lines (paragraphs from "# newpar", separated
 * by a blank line; sentences joined by a space unless SpaceAfter=No), runs the text layer on it
 * and scores tokens, words and sentences by exact byte spans, as the CoNLL 2018 shared task does
 * (words inside a multi-word token match when the token's span and the word's form agree). */
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "eval.h"
#include "nlp/conllu.h"
#include "util/mem.h"

struct counts {
	size_t gold, sys, match;
};

struct tok_eval {
	struct counts tok, word, sent;
	int show;                 /* --errors N */
	size_t ndocs;
};

int eval_span_add(struct spans *s, uint32_t a, uint32_t b, uint32_t idx, const char *form, size_t flen)
{
	struct span *x;
	if (mem_grow(&s->v, &s->cap, s->n + 1, sizeof *s->v, (size_t)1 << 30) < 0) return -1;
	x = &s->v[s->n++];
	x->a = a;
	x->b = b;
	x->idx = idx;
	x->form[0] = 0;
	if (form) {
		size_t k;
		for (k = 0; k < flen && k + 1 < sizeof x->form; k++)
			x->form[k] = (char)tolower((unsigned char)form[k]);
		x->form[k] = 0;
	}
	return 0;
}

static int cmp_span(const struct span *x, const struct span *y)
{
	if (x->a != y->a) return x->a < y->a ? -1 : 1;
	if (x->b != y->b) return x->b < y->b ? -1 : 1;
	if (x->idx != y->idx) return x->idx < y->idx ? -1 : 1;
	return 0;
}

/* Count matches between two span lists sorted by position. */
static size_t match(const struct spans *g, const struct spans *s)
{
	size_t i = 0, j = 0, m = 0;
	while (i < g->n && j < s->n) {
		int c = cmp_span(&g->v[i], &s->v[j]);
		if (c == 0) {
			m += strcmp(g->v[i].form, s->v[j].form) == 0;
			i++;
			j++;
		} else if (c < 0) {
			i++;
		} else {
			j++;
		}
	}
	return m;
}

/* Bytes of white space at text[i] (ASCII, no-break and other Unicode spaces), or 0. */
static size_t space_at(const char *text, size_t len, size_t i)
{
	const unsigned char *t = (const unsigned char *)text + i;
	if (isspace(t[0])) return 1;
	if (i + 1 < len && t[0] == 0xC2 && t[1] == 0xA0) return 2;
	if (i + 2 < len && t[0] == 0xE2 && t[1] == 0x80 && t[2] <= 0x8B) return 3;
	return 0;
}

/* Find the form's non-space characters in text from *p on; its span in *a, *b. */
static int align(const char *text, size_t len, size_t *p, const char *form, uint32_t *a, uint32_t *b)
{
	size_t i = *p, k;
	const char *f = form;
	while (i < len && (k = space_at(text, len, i))) i += k;
	*a = (uint32_t)i;
	for (; *f; f++) {
		if (*f == ' ') continue;
		while (i < len && text[i] != *f && (k = space_at(text, len, i))) i += k;
		if (i >= len || text[i] != *f) return -1;
		i++;
	}
	*b = (uint32_t)i;
	*p = i;
	return 0;
}

static int score_doc(struct gold_doc *g, struct tok_eval *ev, dyad_doc *doc)
{
	struct dyad_error err;
	struct spans st = {0}, sw = {0}, ss = {0};
	const struct dyad_sentence *sents;
	const struct dyad_word *w;
	size_t i, ns, nw;
	int rc = 0;

	if (dyad_doc_set(doc, g->id, NULL, g->text ? g->text : "", g->len, &err) != DYAD_OK ||
	    dyad_doc_segment(doc, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		return -1;
	}
	w = dyad_doc_words(doc);
	nw = dyad_doc_nwords(doc);
	for (i = 0; i < nw && rc == 0; i++) {
		size_t e = i;
		while (e + 1 < nw && (w[e + 1].flags & DYAD_W_MWT)) e++;
		rc |= eval_span_add(&st, w[i].start, w[e].end, 0, NULL, 0);
		for (size_t k = i; k <= e && rc == 0; k++) {
			if (e == i) rc |= eval_span_add(&sw, w[i].start, w[i].end, 0, NULL, 0);
			else rc |= eval_span_add(&sw, w[i].start, w[e].end, (uint32_t)(k - i), g->text + w[k].start,
			               w[k].end - w[k].start);
		}
		i = e;
	}
	sents = dyad_doc_sentences(doc);
	ns = dyad_doc_nsentences(doc);
	for (i = 0; i < ns && rc == 0; i++) rc |= eval_span_add(&ss, sents[i].start, sents[i].end, 0, NULL, 0);
	if (rc) {
		cli_error("out of memory");
		goto out;
	}
	ev->tok.gold += g->tok.n; ev->tok.sys += st.n; ev->tok.match += match(&g->tok, &st);
	ev->word.gold += g->word.n; ev->word.sys += sw.n; ev->word.match += match(&g->word, &sw);
	ev->sent.gold += g->sent.n; ev->sent.sys += ss.n; ev->sent.match += match(&g->sent, &ss);
	/* --errors: show gold sentences the system did not find, and tokens it got wrong */
	for (i = 0; i < g->sent.n && ev->show > 0; i++) {
		struct spans one = {&g->sent.v[i], 1, 1};
		if (match(&one, &ss)) continue;
		printf("sentence  %s: %.*s\n", g->id, (int)(g->sent.v[i].b - g->sent.v[i].a),
		       g->text + g->sent.v[i].a);
		ev->show--;
	}
	for (i = 0; i < g->tok.n && ev->show > 0; i++) {
		struct spans one = {&g->tok.v[i], 1, 1};
		uint32_t a = g->tok.v[i].a, b = g->tok.v[i].b;
		if (match(&one, &st)) continue;
		printf("token     %s: [%.*s] in: %.*s\n", g->id, (int)(b - a), g->text + a,
		       (int)((b + 20 < g->len ? b + 20 : g->len) - (a > 20 ? a - 20 : 0)),
		       g->text + (a > 20 ? a - 20 : 0));
		ev->show--;
	}
	ev->ndocs++;
out:
	dyad_free(st.v);
	dyad_free(sw.v);
	dyad_free(ss.v);
	return rc ? -1 : 0;
}

void eval_gold_reset(struct gold_doc *g)
{
	g->len = 0;
	g->tok.n = g->word.n = g->sent.n = 0;
	g->id[0] = 0;
}

static int append(struct gold_doc *g, const char *s, size_t n)
{
	if (mem_grow(&g->text, &g->cap, g->len + n + 1, 1, (size_t)1 << 31) < 0) return -1;
	memcpy(g->text + g->len, s, n);
	g->len += n;
	g->text[g->len] = 0;
	return 0;
}

int eval_gold_add(struct gold_doc *g, const struct conllu_sent *s, int *space_before)
{
	size_t p, first;
	uint32_t a, b;
	const char *text = s->text;

	if (g->len) {
		if (s->newpar) { if (append(g, "\n\n", 2)) return -1; }
		else if (*space_before && append(g, " ", 1)) return -1;
	}
	p = g->len;
	if (!text) return 0;
	if (append(g, text, strlen(text))) return -1;
	first = g->tok.n;
	for (size_t i = 0; i < s->n; i++) {
		const struct conllu_word *w = &s->w[i];
		if (w->mwt >= 0) {
			const struct conllu_mwt *m = &s->mwt[w->mwt];
			if (align(g->text, g->len, &p, m->form, &a, &b)) return 1;
			if (eval_span_add(&g->tok, a, b, 0, NULL, 0)) return -1;
			for (int k = m->first; k <= m->last; k++)
				if (eval_span_add(&g->word, a, b, (uint32_t)(k - m->first), s->w[k].form, strlen(s->w[k].form)))
					return -1;
			i = (size_t)m->last;
			*space_before = m->space_after;
			continue;
		}
		if (align(g->text, g->len, &p, w->form, &a, &b)) return 1;
		if (eval_span_add(&g->tok, a, b, 0, NULL, 0) || eval_span_add(&g->word, a, b, 0, NULL, 0)) return -1;
		*space_before = w->space_after;
	}
	/* the sentence runs from its first token to its last */
	if (g->tok.n > first &&
	    eval_span_add(&g->sent, g->tok.v[first].a, g->tok.v[g->tok.n - 1].b, 0, NULL, 0))
		return -1;
	return 0;
}

static double pct(size_t a, size_t b) { return b ? 100.0 * (double)a / (double)b : 0.0; }

static double f1(const struct counts *c)
{
	double p = pct(c->match, c->sys), r = pct(c->match, c->gold);
	return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

static void print_counts(const char *name, const struct counts *c)
{
	printf("%-10s P %6.2f  R %6.2f  F1 %6.2f   (gold %zu, system %zu, matched %zu)\n", name,
	       pct(c->match, c->sys), pct(c->match, c->gold), f1(c), c->gold, c->sys, c->match);
}

static int eval_tokenize(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"filter", required_argument, NULL, 'f'},
		{"errors", required_argument, NULL, 'e'},
		{NULL, 0, NULL, 0}
	};
	const char *filter = NULL;
	struct tok_eval ev = {0};
	struct gold_doc g = {0};
	dyad_doc *doc;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "f:e:", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': filter = optarg; break;
		case 'e': ev.show = atoi(optarg); break;
		default: return cli_usage("eval", "unknown option");
		}
	}
	if (optind >= argc) return cli_usage("eval", "tokenize needs a gold CoNLL-U file");
	if (!(doc = dyad_doc_new())) {
		cli_error("out of memory");
		return EXIT_INPUT;
	}
	for (int fi = optind; fi < argc && rc == 0; fi++) {
		struct conllu_reader r;
		struct conllu_sent s = {0};
		struct dyad_error err;
		int k, space = 1, keep = 0;

		if (conllu_open(&r, argv[fi], &err) < 0) {
			cli_error("%s", err.msg);
			rc = 1;
			break;
		}
		eval_gold_reset(&g);
		while ((k = conllu_next(&r, &s, &err)) > 0) {
			if (s.newdoc) {
				if (keep && g.len && score_doc(&g, &ev, doc)) { rc = 1; break; }
				eval_gold_reset(&g);
				snprintf(g.id, sizeof g.id, "%s", s.newdoc);
				keep = !filter || strstr(s.newdoc, filter);
				space = 1;
			}
			if (!keep) continue;
			k = eval_gold_add(&g, &s, &space);
			if (k < 0) { cli_error("out of memory"); rc = 1; break; }
			if (k > 0) {
				cli_error("%s:%zu: tokens do not match '# text'", argv[fi], r.lineno);
				rc = 1;
				break;
			}
		}
		if (k < 0) { cli_error("%s", err.msg); rc = 1; }
		if (rc == 0 && keep && g.len && score_doc(&g, &ev, doc)) rc = 1;
		conllu_close(&r, &s);
	}
	dyad_doc_free(doc);
	dyad_free(g.text);
	dyad_free(g.tok.v);
	dyad_free(g.word.v);
	dyad_free(g.sent.v);
	if (rc) return EXIT_INPUT;
	printf("documents  %zu%s%s\n", ev.ndocs, filter ? " matching " : "", filter ? filter : "");
	print_counts("tokens", &ev.tok);
	print_counts("words", &ev.word);
	print_counts("sentences", &ev.sent);
	printf("tokens %.2f words %.2f sentences %.2f\n", f1(&ev.tok), f1(&ev.word), f1(&ev.sent));
	return 0;
}

static int run(int argc, char **argv)
{
	if (argc < 2) return cli_usage("eval", "which evaluation? (tokenize, parse, events, seed)");
	if (strcmp(argv[1], "tokenize") == 0) return eval_tokenize(argc - 1, argv + 1);
	if (strcmp(argv[1], "parse") == 0) return cli_eval_parse(argc - 1, argv + 1);
	if (strcmp(argv[1], "events") == 0) return cli_eval_events(argc - 1, argv + 1);
	if (strcmp(argv[1], "seed") == 0) return cli_eval_seed(argc - 1, argv + 1);
	return cli_usage("eval", "unknown evaluation '%s'", argv[1]);
}

const struct cli_cmd cli_cmd_eval = {
	"eval", run, "measure accuracy against gold data",
	"usage: dyad eval tokenize [--filter SUBSTR] [--errors N] GOLD.conllu...\n"
	"\n"
	"tokenize   rebuild raw text from a UD treebank's '# text' lines (paragraphs from\n"
	"           '# newpar', documents from '# newdoc'), run the text layer and score tokens,\n"
	"           words and sentences by exact spans (precision, recall, F1), as CoNLL 2018 does.\n"
	"           --filter keeps documents whose id contains SUBSTR (e.g. 'news');\n"
	"           --errors N prints the first N missed sentences and tokens.\n"
	"           The last line is 'tokens F words F sentences F'.\n"
	"\n"
	"usage: dyad eval parse [--raw] [--filter SUBSTR] [--beam N] [--margin M] [--tagger M]\n"
	"                       [--parser M] GOLD.conllu...\n"
	"\n"
	"parse      tag, lemmatize and parse the gold words of a UD treebank and score UPOS, XPOS,\n"
	"           lemmas, UAS and LAS (universal relations, as CoNLL 2018; with subtypes too)\n"
	"           over all words.  The last line is 'UPOS x UAS y LAS z'.\n"
	"           --raw: end to end, from the text rebuilt as for 'tokenize', words aligned by\n"
	"           byte span; the scores are F1 over words, as CoNLL 2018 computes them.\n"
	"           --beam N overrides the parser's beam width (1: greedy); --margin M the beam's\n"
	"           pruning (items M below the best are dropped; 0: none; default 70000).\n"
	"\n"
	"usage: dyad eval events [--dicts DIR]... [--plover] [--worst N] GOLD.jsonl\n"
	"\n"
	"events     code each record's text with its date and score the events: strict (codes\n"
	"           equal), root (3 letters of each actor, 2 digits of the code), exact records,\n"
	"           precision and recall per CAMEO root and the N worst records.  --plover scores\n"
	"           PLOVER types (with the source's country) of PLOVER gold records;\n"
	"           a type the gold's earlier PLOVER draft names otherwise counts under that\n"
	"           name (REQUEST = DEMAND, ACCUSE = DISAPPROVE or INVESTIGATE, ASSAULT of\n"
	"           roots 19-20 = FIGHT, COERCE of 163 = SANCTION).\n"
	"           The last line is 'exact E strict F1 S root F1 R'.\n"
	"\n"
	"usage: dyad eval seed SEED_DIR\n"
	"\n"
	"seed       code the seed article and check each expected event (evidence, actors, code,\n"
	"           date); list events that match nothing expected.\n"
};
