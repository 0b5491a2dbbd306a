/* main.c -- the dyad tool: dispatches `dyad <command> [options]` to one file per subcommand
 * through the table below, and holds the helpers all subcommands share. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const struct cli_cmd *const commands[] = {
	&cli_cmd_code,
	&cli_cmd_tokenize,
	&cli_cmd_parse,
	&cli_cmd_eval,
	&cli_cmd_dict,
	&cli_cmd_actors,
	&cli_cmd_train,
	&cli_cmd_ingest,
	&cli_cmd_query,
	&cli_cmd_series,
	&cli_cmd_network,
	&cli_cmd_top,
	&cli_cmd_export,
	&cli_cmd_serve,
	NULL
};

void cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("dyad: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "dyad %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see 'dyad help %s')\n", cmd);
	return EXIT_USAGE;
}

int cli_tty(void) { return isatty(2); }

#ifndef DYAD_DATADIR
#define DYAD_DATADIR "/usr/local/share/dyad"
#endif

const char *cli_data_path(const char *rel, char *buf, size_t n)
{
	const char *env = getenv("DYAD_DATA");
	char exe[4096];
	ssize_t k;

	if (env && *env) {
		snprintf(buf, n, "%s/%s", env, rel);
		return buf;
	}
	k = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (k > 0) {
		char *slash;
		exe[k] = 0;
		if ((slash = strrchr(exe, '/'))) {
			*slash = 0;
			snprintf(buf, n, "%s/data/%s", exe, rel);
			if (access(buf, R_OK) == 0) return buf;
			/* the sanitizer build lives in build/asan/ */
			snprintf(buf, n, "%s/../../data/%s", exe, rel);
			if (access(buf, R_OK) == 0) return buf;
		}
	}
	snprintf(buf, n, "%s/%s", DYAD_DATADIR, rel);
	return buf;
}

void cli_doc_warnings(dyad_doc *doc)
{
	size_t n = dyad_doc_nwarnings(doc);
	const struct dyad_warning *w = dyad_doc_warnings(doc);
	for (size_t i = 0; i < n; i++)
		cli_error("%s: byte %u: %s", dyad_doc_id(doc), w[i].offset, w[i].msg);
}

int cli_each_doc(struct cli_input *in, char **paths, int npaths, cli_doc_fn fn, void *arg)
{
	struct dyad_reader_opts opts = {in->date, in->max_doc};
	dyad_doc *doc = dyad_doc_new();
	int failed = 0, stop = 0;
	char *stdin_only[] = {"-"};

	if (!doc) {
		cli_error("out of memory");
		return 1;
	}
	if (npaths == 0) {
		paths = stdin_only;
		npaths = 1;
	}
	for (int i = 0; i < npaths && !stop; i++) {
		struct dyad_error err;
		dyad_reader *r;
		dyad_status st = dyad_reader_open(&r, paths[i], &opts, &err);

		if (st == DYAD_ERR_USAGE) {
			cli_error("%s", err.msg);
			dyad_doc_free(doc);
			return EXIT_USAGE;
		}
		if (st != DYAD_OK) {
			cli_error("%s", err.msg);
			failed = 1;
			in->nskipped++;
			continue;
		}
		while ((st = dyad_reader_next(r, doc, &err)) != DYAD_END) {
			if (st == DYAD_ERR_INPUT) {
				cli_error("%s", err.msg);
				failed = 1;
				continue;
			}
			if (st != DYAD_OK) {
				cli_error("%s", err.msg);
				failed = 1;
				break;
			}
			if (fn(doc, arg) != 0) {
				stop = 1;
				failed = 1;
				break;
			}
		}
		in->ndocs += dyad_reader_ndocs(r);
		in->nskipped += dyad_reader_nskipped(r);
		dyad_reader_free(r);
	}
	dyad_doc_free(doc);
	return failed;
}

static void print_help(void)
{
	printf("usage: dyad <command> [options] [FILE...]\n\n"
	       "dyad turns news text into political events (CAMEO, PLOVER).\n\ncommands:\n");
	for (int i = 0; commands[i]; i++)
		printf("  %-10s %s\n", commands[i]->name, commands[i]->summary);
	printf("\n'dyad help <command>' tells more about one command.\n"
	       "FILE may be a text file, a .jsonl file, a directory, or - for standard input.\n");
}

static const struct cli_cmd *find(const char *name)
{
	for (int i = 0; commands[i]; i++)
		if (strcmp(commands[i]->name, name) == 0) return commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct cli_cmd *c;

	if (argc < 2) {
		print_help();
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_help();
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("dyad %s\n", dyad_version());
		return 0;
	}
	if (strcmp(argv[1], "help") == 0) {
		if (argc < 3) {
			print_help();
			return 0;
		}
		if (!(c = find(argv[2]))) {
			cli_error("'%s' is not a dyad command (see 'dyad --help')", argv[2]);
			return EXIT_USAGE;
		}
		fputs(c->usage, stdout);
		return 0;
	}
	if (!(c = find(argv[1]))) {
		cli_error("'%s' is not a dyad command (see 'dyad --help')", argv[1]);
		return EXIT_USAGE;
	}
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(c->usage, stdout);
			return 0;
		}
	return c->run(argc - 1, argv + 1);
}
