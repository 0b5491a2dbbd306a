/* tokenize.c -- `dyad tokenize`: the text layer alone.  Prints CoNLL-U with the ID and FORM
 * columns filled (and TokenRange=START:END byte offsets into the original text in MISC), or one
 * sentence per line with --sentences. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct tok_state {
	int sentences;       /* --sentences */
	int words;           /* --words */
	int count;           /* --count: print only the summary */
	size_t nsent, nword;
};

static int print_doc(dyad_doc *doc, void *arg)
{
	struct tok_state *ts = arg;
	struct dyad_error err;
	size_t len, ns, i;
	const char *text;
	const struct dyad_sentence *sents;
	const struct dyad_word *w;

	if (dyad_doc_segment(doc, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		return 1;
	}
	cli_doc_warnings(doc);
	text = dyad_doc_text(doc, &len);
	ns = dyad_doc_nsentences(doc);
	sents = dyad_doc_sentences(doc);
	w = dyad_doc_words(doc);
	ts->nsent += ns;
	ts->nword += dyad_doc_nwords(doc);
	if (ts->count) return 0;
	if (!ts->sentences && !ts->words) {
		cli_print_conllu(doc);
		return 0;
	}
	for (i = 0; i < ns; i++) {
		const struct dyad_sentence *s = &sents[i];
		if (ts->sentences) {
			cli_put_flat(text, s->start, s->end);
			putchar('\n');
			continue;
		}
		for (uint32_t k = 0; k < s->n; k++) {
			const struct dyad_word *x = &w[s->first + k];
			if (k) putchar(' ');
			if (x->flags & DYAD_W_MWT) putchar('+');
			cli_put_flat(text, x->start, x->end);
		}
		putchar('\n');
	}
	return 0;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"date", required_argument, NULL, 'd'},
		{"max-doc", required_argument, NULL, 'm'},
		{"sentences", no_argument, NULL, 's'},
		{"words", no_argument, NULL, 'w'},
		{"count", no_argument, NULL, 'c'},
		{NULL, 0, NULL, 0}
	};
	struct cli_input in = {0};
	struct tok_state ts = {0};
	int c, rc;

	while ((c = getopt_long(argc, argv, "d:sw", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': in.date = optarg; break;
		case 'm': in.max_doc = strtoul(optarg, NULL, 10); break;
		case 's': ts.sentences = 1; break;
		case 'w': ts.words = 1; break;
		case 'c': ts.count = 1; break;
		default: return cli_usage("tokenize", "unknown option");
		}
	}
	rc = cli_each_doc(&in, argv + optind, argc - optind, print_doc, &ts);
	if (rc == EXIT_USAGE) return rc;
	fflush(stdout);
	fprintf(stderr, "dyad: tokenize: %zu document%s, %zu sentences, %zu words, %zu skipped\n",
	        in.ndocs, in.ndocs == 1 ? "" : "s", ts.nsent, ts.nword, in.nskipped);
	return rc ? EXIT_INPUT : 0;
}

const struct cli_cmd cli_cmd_tokenize = {
	"tokenize", run, "split documents into sentences and UD words (CoNLL-U)",
	"usage: dyad tokenize [--date YYYY-MM-DD] [--max-doc BYTES] [--sentences|--words|--count] [FILE...]\n"
	"\n"
	"Reads plain-text files, directories (.txt and .jsonl, recursively), JSON Lines files\n"
	"(one {\"id\", \"date\", \"text\"} object per line) or standard input, and prints each\n"
	"document's sentences as CoNLL-U with ID and FORM filled; MISC holds SpaceAfter=No and\n"
	"TokenRange=START:END, the word's byte span in the original text.\n"
	"\n"
	"  --date D        date of plain-text documents (default: a date in the file name)\n"
	"  --max-doc N     skip documents or lines longer than N bytes (default 16 MiB)\n"
	"  --sentences     print one sentence per line instead of CoNLL-U\n"
	"  --words         print one sentence per line as words separated by spaces; a word\n"
	"                  that continues a multi-word token is marked with '+' (do +n't)\n"
	"  --count         print only the summary (for benchmarks)\n"
};
