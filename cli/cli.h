/* cli.h -- what the subcommands of the dyad tool share.  The tool is a client of libdyad: it
 * parses options, prints, and chooses the exit status (0 ok, 1 bad input or failure, 2 usage). */
#ifndef DYAD_CLI_H
#define DYAD_CLI_H

#include <stdio.h>

#include "dyad.h"

#define EXIT_INPUT 1
#define EXIT_USAGE 2

struct cli_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
	const char *usage;      /* full help text */
};

/* Print "dyad: message" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print a usage error and the command's usage line; returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Documents from the input paths, one callback each.  Errors for skipped documents are printed
 * as they happen; counts go to *ndocs and *nskipped.  The callback returns 0 to go on. */
struct cli_input {
	const char *date;             /* --date */
	size_t max_doc;               /* --max-doc */
	size_t ndocs, nskipped;
};
typedef int (*cli_doc_fn)(dyad_doc *doc, void *arg);
/* Returns 0 when every document was read, 1 when some were skipped or reading failed, 2 on a
 * usage error (a bad --date). */
int cli_each_doc(struct cli_input *in, char **paths, int npaths, cli_doc_fn fn, void *arg);
/* cli_each_doc with the documents coded by n threads sharing coder: emit is called on each coded
 * document in input order (a document that fails to code is reported and not emitted).  The
 * result of cli_each_doc, or 1 when emit returned non-zero (it stops the reading). */
int cli_code_parallel(const dyad_coder *coder, struct cli_input *in, char **paths, int npaths,
                      int n, cli_doc_fn emit, void *arg);

/* Print warnings about a document's text ("dyad: ID: byte N: message"). */
void cli_doc_warnings(dyad_doc *doc);

/* The path of a file the tool ships (REL is relative to the data folder, e.g.
 * "models/parser.bin"), in buf.  The data folder is $DYAD_DATA when set, else "data" beside the
 * dyad binary (a build tree), else the installed one (PREFIX/share/dyad). */
const char *cli_data_path(const char *rel, char *buf, size_t n);

/* Open the tagger and parser models (NULL: the default ones in the data folder).  0, or the exit
 * status after printing why not. */
int cli_open_models(dyad_nlp **nlp, const char *tagger, const char *parser);

/* `dyad eval parse` (eval_parse.c). */
int cli_eval_parse(int argc, char **argv);
int cli_eval_events(int argc, char **argv);
int cli_eval_seed(int argc, char **argv);

/* Print s[a..b) with line breaks and tabs as single spaces. */
void cli_put_flat(const char *s, size_t a, size_t b);
/* Print a segmented (and perhaps parsed) document as CoNLL-U (cli/conllu.c). */
void cli_print_conllu(dyad_doc *doc);

/* Open the event coder with the shipped data, the --dicts given (nd of them; none: the
 * default set), --all-modes and --beam (0: the coder's default).  Prints the error; 0 or -1. */
int cli_open_coder(dyad_coder **c, const char *const *dicts, size_t nd, int all_modes, int beam);
/* The same with every option of the coder (data_dir is filled in). */
int cli_open_coder_opts(dyad_coder **c, struct dyad_coder_opts *co);

/* Is stderr a terminal (progress output)? */
int cli_tty(void);

extern const struct cli_cmd cli_cmd_tokenize, cli_cmd_parse, cli_cmd_eval, cli_cmd_dict,
	cli_cmd_actors, cli_cmd_train, cli_cmd_code;
extern const struct cli_cmd cli_cmd_ingest, cli_cmd_query, cli_cmd_series, cli_cmd_network,
	cli_cmd_top, cli_cmd_export, cli_cmd_serve;

#endif
