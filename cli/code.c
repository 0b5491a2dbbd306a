/* code.c -- `dyad code`: documents in, events out (JSON Lines, TSV or GDELT 2.0).  A summary
 * goes to stderr; a progress line too when stderr is a terminal.  --conllu codes parses made by
 * another parser.  The GDELT form is written through an in-memory store, so its event ids,
 * dedup and counts are the store's. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

#define MAX_DICTS 16

struct code_state {
	dyad_coder *coder;
	int format;               /* 'j' jsonl, 't' tsv, 'g' gdelt */
	dyad_store *mem;          /* gdelt: events gathered here */
	size_t nsent, nevents, ndocs;
	int progress;
	time_t last;
};

static void put_tsv(const char *s)
{
	for (; s && *s; s++) putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static int code_one(dyad_doc *doc, void *arg)
{
	struct code_state *cs = arg;
	struct dyad_error err;
	const struct dyad_event *ev;
	size_t n;

	if (dyad_code_doc(cs->coder, doc, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		return err.msg[0] && strstr(err.msg, "out of memory") ? 1 : 0;
	}
	cli_doc_warnings(doc);
	ev = dyad_doc_events(doc);
	n = dyad_doc_nevents(doc);
	cs->ndocs++;
	cs->nsent += dyad_doc_nsentences(doc);
	cs->nevents += n;
	if (cs->format == 'g') {
		size_t len;
		const char *text = dyad_doc_text(doc, &len);
		struct dyad_store_doc sd = {dyad_doc_id(doc), dyad_doc_date(doc), dyad_doc_url(doc),
			dyad_doc_source(doc), dyad_doc_title(doc), text, len};
		if (dyad_store_add(cs->mem, &sd, ev, n, NULL, &err) != DYAD_OK) {
			cli_error("%s", err.msg);
			return 1;
		}
	}
	for (size_t i = 0; i < n && cs->format != 'g'; i++) {
		if (cs->format == 'j') {
			char *s = dyad_event_json(&ev[i]);
			if (!s) {
				cli_error("out of memory");
				return 1;
			}
			puts(s);
			dyad_event_json_free(s);
		} else {
			printf("%s\t%u\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t", ev[i].doc, ev[i].sentence, ev[i].date,
			       ev[i].source, ev[i].target, ev[i].code, ev[i].mode, ev[i].plover, ev[i].goldstein);
			put_tsv(ev[i].text);
			putchar('\n');
		}
	}
	if (cs->progress && time(NULL) != cs->last) {
		cs->last = time(NULL);
		fprintf(stderr, "\rdyad: code: %zu documents, %zu events", cs->ndocs, cs->nevents);
	}
	return 0;
}

/* Write the gathered events as GDELT 2.0 event records. */
static int write_gdelt(struct code_state *cs)
{
	struct dyad_query q;
	struct dyad_error err;
	dyad_rows *rows;
	dyad_status st;

	memset(&q, 0, sizeof q);
	if (dyad_store_commit(cs->mem, &err) != DYAD_OK ||
	    dyad_store_list(cs->mem, &q, DYAD_LIST_GDELT, &rows, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		return 1;
	}
	while ((st = dyad_rows_next(rows, &err)) == DYAD_OK) {
		for (size_t c = 0; c < dyad_rows_ncols(rows); c++) {
			const char *v = dyad_rows_value(rows, c);
			if (c) putchar('\t');
			put_tsv(v);
		}
		putchar('\n');
	}
	dyad_rows_free(rows);
	if (st != DYAD_END) {
		cli_error("%s", err.msg);
		return 1;
	}
	return 0;
}

int cli_open_coder(dyad_coder **c, const char *const *dicts, size_t nd, int all_modes, int beam)
{
	struct dyad_coder_opts co = {0};
	co.dicts = nd ? dicts : NULL;
	co.ndicts = nd;
	co.all_modes = all_modes;
	co.beam = beam;
	return cli_open_coder_opts(c, &co);
}

int cli_open_coder_opts(dyad_coder **c, struct dyad_coder_opts *co)
{
	struct dyad_error err;
	char data[4096];

	co->data_dir = cli_data_path("", data, sizeof data);
	if (dyad_coder_open(c, co, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		return -1;
	}
	return 0;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"dicts", required_argument, NULL, 'D'},
		{"format", required_argument, NULL, 'f'},
		{"date", required_argument, NULL, 'd'},
		{"max-doc", required_argument, NULL, 'm'},
		{"all-modes", no_argument, NULL, 'a'},
		{"beam", required_argument, NULL, 'b'},
		{"parse-all", no_argument, NULL, 'P'},
		{NULL, 0, NULL, 0}
	};
	const char *dicts[MAX_DICTS];
	size_t nd = 0;
	struct cli_input in = {0};
	struct code_state cs = {0};
	struct dyad_error err;
	struct dyad_coder_opts co = {0};
	int c, rc;

	cs.format = 'j';
	while ((c = getopt_long(argc, argv, "D:f:d:", longopts, NULL)) != -1) {
		switch (c) {
		case 'D':
			if (nd >= MAX_DICTS) return cli_usage("code", "too many --dicts");
			dicts[nd++] = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "jsonl") == 0) cs.format = 'j';
			else if (strcmp(optarg, "tsv") == 0) cs.format = 't';
			else if (strcmp(optarg, "gdelt") == 0) cs.format = 'g';
			else return cli_usage("code", "unknown format '%s' (jsonl, tsv, gdelt)", optarg);
			break;
		case 'd': in.date = optarg; break;
		case 'm': in.max_doc = strtoul(optarg, NULL, 10); break;
		case 'a': co.all_modes = 1; break;
		case 'b': co.beam = atoi(optarg); break;
		case 'P': co.parse_all = 1; break;
		default: return cli_usage("code", "unknown option");
		}
	}
	co.dicts = nd ? dicts : NULL;
	co.ndicts = nd;
	if (cli_open_coder_opts(&cs.coder, &co) < 0) return EXIT_INPUT;
	if (cs.format == 'g' && dyad_store_open(&cs.mem, ":memory:", NULL, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		dyad_coder_free(cs.coder);
		return EXIT_INPUT;
	}
	cs.progress = cli_tty();
	rc = cli_each_doc(&in, argv + optind, argc - optind, code_one, &cs);
	if (rc != EXIT_USAGE && cs.format == 'g' && write_gdelt(&cs)) rc = 1;
	fflush(stdout);
	if (cs.progress) fputc('\n', stderr);
	if (rc != EXIT_USAGE)
		fprintf(stderr, "dyad: code: %zu document%s, %zu sentences, %zu events, %zu skipped\n",
		        in.ndocs, in.ndocs == 1 ? "" : "s", cs.nsent, cs.nevents, in.nskipped);
	if (cs.mem) dyad_store_close(cs.mem);
	dyad_coder_free(cs.coder);
	return rc == EXIT_USAGE ? rc : rc ? EXIT_INPUT : 0;
}

const struct cli_cmd cli_cmd_code = {
	"code", run, "code documents into CAMEO/PLOVER events",
	"usage: dyad code [--dicts DIR]... [--format jsonl|tsv|gdelt] [--date YYYY-MM-DD]\n"
	"                 [--all-modes] [--beam N] [--parse-all] [FILE...|-]\n"
	"\n"
	"Reads documents as `dyad tokenize` does (text, .jsonl, directories, stdin) and writes one\n"
	"event per line: JSON (docs/events.md: source, target, code, quad, goldstein, plover, mode,\n"
	"date, location, attribution, evidence byte spans, explain), TSV (doc, sentence, date,\n"
	"source, target, code, mode, plover, goldstein, text) or the 61 columns of the GDELT 2.0\n"
	"event export.\n"
	"\n"
	"  --dicts DIR     use the dictionaries in DIR (files named *actors*, *agents*, *verbs*,\n"
	"                  *discards*, *issue*) instead of the default set; repeat to stack\n"
	"  --date D        date of plain-text documents (default: a date in the file name)\n"
	"  --all-modes     also write negated, denied and hypothetical events, marked by mode\n"
	"  --beam N        the parser's beam width (1 fastest, 8 the most accurate; default 4)\n"
	"  --parse-all     parse every sentence, not only those that can give an event (the events\n"
	"                  are the same; for checking that they are)\n"
};
