/* train.c -- `dyad train tagger|parser`: trains a model from UD treebanks and writes its image
 * (the models the tool ships are built by `make models`). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "nlp/nlp.h"

static void progress(const char *line) { fprintf(stderr, "dyad: %s\n", line); }

/* Collect the file arguments after an option ("--train A B C"). */
static int files(int argc, char **argv, int *i, char ***out, int *n)
{
	*out = argv + *i + 1;
	*n = 0;
	while (*i + 1 < argc && strncmp(argv[*i + 1], "--", 2) != 0 && strcmp(argv[*i + 1], "-o") != 0) {
		(*i)++;
		(*n)++;
	}
	return *n;
}

static int run(int argc, char **argv)
{
	struct train_opts o = {0};
	struct dyad_error err;
	struct timespec t0, t1;
	dyad_status st;
	int parser;

	if (argc < 2 || (strcmp(argv[1], "tagger") && strcmp(argv[1], "parser")))
		return cli_usage("train", "train what? (tagger or parser)");
	parser = argv[1][0] == 'p';
	o.seed = 1;
	o.epochs = parser ? 15 : 12;
	o.prune = parser ? 0.5f : 0.2f;
	o.jackknife = 4;
	o.max_mb = parser ? 18 : 6;
	o.progress = progress;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--train") == 0) {
			if (!files(argc, argv, &i, &o.train, &o.ntrain)) return cli_usage("train", "--train needs files");
		} else if (strcmp(a, "--dev") == 0) {
			if (!files(argc, argv, &i, &o.dev, &o.ndev)) return cli_usage("train", "--dev needs files");
		} else if (i + 1 < argc && (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)) {
			o.out = argv[++i];
		} else if (i + 1 < argc && strcmp(a, "--seed") == 0) {
			o.seed = strtoul(argv[++i], NULL, 10);
		} else if (i + 1 < argc && strcmp(a, "--epochs") == 0) {
			o.epochs = atoi(argv[++i]);
		} else if (i + 1 < argc && strcmp(a, "--prune") == 0) {
			o.prune = strtof(argv[++i], NULL);
		} else if (i + 1 < argc && strcmp(a, "--max-mb") == 0) {
			o.max_mb = strtod(argv[++i], NULL);
		} else if (i + 1 < argc && strcmp(a, "--beam") == 0) {
			o.beam = atoi(argv[++i]);
		} else if (i + 1 < argc && strcmp(a, "--jackknife") == 0) {
			o.jackknife = atoi(argv[++i]);
		} else if (i + 1 < argc && strcmp(a, "--tagger") == 0) {
			o.tagger = argv[++i];
		} else {
			return cli_usage("train", "unknown option '%s'", a);
		}
	}
	if (!o.ntrain || !o.ndev || !o.out) return cli_usage("train", "needs --train, --dev and -o");
	if (o.epochs < 1) return cli_usage("train", "--epochs must be at least 1");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	st = parser ? parser_train(&o, &err) : tagger_train(&o, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (st != DYAD_OK) {
		cli_error("%s", err.msg);
		return EXIT_INPUT;
	}
	fprintf(stderr, "dyad: train %s: %.1f s\n", argv[1],
	        (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}

const struct cli_cmd cli_cmd_train = {
	"train", run, "train the tagger or the parser from UD treebanks",
	"usage: dyad train tagger|parser --train FILE... --dev FILE... -o MODEL\n"
	"                  [--seed N] [--epochs N] [--prune W] [--max-mb N] [--jackknife N]\n"
	"                  [--beam N] [--tagger MODEL]\n"
	"\n"
	"Trains an averaged perceptron from CoNLL-U treebanks; after each epoch the model is scored\n"
	"on the dev files and the best epoch is written (training stops after 3 epochs without\n"
	"gain).  The result depends only on the files, the options and --seed.\n"
	"\n"
	"  --seed N      shuffling and exploration seed (default 1)\n"
	"  --epochs N    at most N epochs (tagger 12, parser 15)\n"
	"  --prune W     drop averaged weights below W (in perceptron updates; tagger 0.2,\n"
	"                parser 0.5)\n"
	"  --max-mb N    prune harder until the weight table fits in N MB (tagger 6, parser 18;\n"
	"                0: no limit)\n"
	"  --jackknife N parser: train on tags predicted by N taggers, each trained on the other\n"
	"                folds of the training data (default 4; 0: gold tags)\n"
	"  --tagger M    parser: train on the tags this tagger model predicts instead\n"
	"  --beam N      parser: beam search of width N, trained with early update (default 1:\n"
	"                greedy, dynamic oracle); the model keeps N as its default width\n"
};
