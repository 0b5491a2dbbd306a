/* parse.c -- `dyad parse`: the text layer, then the tagger, lemmatizer and parser; prints
 * CoNLL-U with every column the models fill (ID FORM LEMMA UPOS XPOS _ HEAD DEPREL _ MISC). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct parse_state {
	const dyad_nlp *nlp;
	size_t nsent, nword;
};

static int print_doc(dyad_doc *doc, void *arg)
{
	struct parse_state *ps = arg;
	struct dyad_error err;

	if (dyad_doc_segment(doc, &err) != DYAD_OK || dyad_doc_parse(doc, ps->nlp, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		return 1;
	}
	cli_doc_warnings(doc);
	ps->nsent += dyad_doc_nsentences(doc);
	ps->nword += dyad_doc_nwords(doc);
	cli_print_conllu(doc);
	return 0;
}

int cli_open_models(dyad_nlp **nlp, const char *tagger, const char *parser)
{
	char tb[4096], pb[4096];
	struct dyad_error err;

	if (!tagger) tagger = cli_data_path("models/tagger.bin", tb, sizeof tb);
	if (!parser) parser = cli_data_path("models/parser.bin", pb, sizeof pb);
	if (dyad_nlp_open(nlp, tagger, parser, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		return EXIT_INPUT;
	}
	return 0;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"date", required_argument, NULL, 'd'},
		{"max-doc", required_argument, NULL, 'm'},
		{"tagger", required_argument, NULL, 't'},
		{"parser", required_argument, NULL, 'p'},
		{"beam", required_argument, NULL, 'b'},
		{NULL, 0, NULL, 0}
	};
	struct cli_input in = {0};
	struct parse_state ps = {0};
	const char *tagger = NULL, *parser = NULL;
	dyad_nlp *nlp;
	int c, rc, beam = 0;

	while ((c = getopt_long(argc, argv, "d:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': in.date = optarg; break;
		case 'm': in.max_doc = strtoul(optarg, NULL, 10); break;
		case 't': tagger = optarg; break;
		case 'p': parser = optarg; break;
		case 'b':
			beam = atoi(optarg);
			if (beam < 1 || beam > 64) return cli_usage("parse", "--beam takes a width from 1 to 64");
			break;
		default: return cli_usage("parse", "unknown option");
		}
	}
	if ((rc = cli_open_models(&nlp, tagger, parser))) return rc;
	dyad_nlp_set_beam(nlp, beam);
	ps.nlp = nlp;
	rc = cli_each_doc(&in, argv + optind, argc - optind, print_doc, &ps);
	dyad_nlp_free(nlp);
	if (rc == EXIT_USAGE) return rc;
	fflush(stdout);
	fprintf(stderr, "dyad: parse: %zu document%s, %zu sentences, %zu words, %zu skipped\n",
	        in.ndocs, in.ndocs == 1 ? "" : "s", ps.nsent, ps.nword, in.nskipped);
	return rc ? EXIT_INPUT : 0;
}

const struct cli_cmd cli_cmd_parse = {
	"parse", run, "tag, lemmatize and parse documents (CoNLL-U)",
	"usage: dyad parse [--date YYYY-MM-DD] [--max-doc BYTES] [--beam N] [--tagger M] [--parser M]\n"
	"                  [FILE...]\n"
	"\n"
	"Reads documents like 'dyad tokenize' and prints each sentence as CoNLL-U with lemma, UPOS,\n"
	"XPOS (Penn), head and UD relation filled; MISC holds SpaceAfter=No and TokenRange=START:END,\n"
	"the word's byte span in the original text.\n"
	"\n"
	"  --beam N     parser beam width, 1 (greedy, fastest) to 64 (default: the model's own)\n"
	"  --tagger M   tagger model (default: models/tagger.bin in the data folder)\n"
	"  --parser M   parser model (default: models/parser.bin in the data folder)\n"
};
