/* dict.c -- `dyad dict` (lookup, stats, check, compile) and `dyad actors`: the dictionaries
 * from the command line.  Both open the default set in data/dictionaries/ and any --dicts
 * overlays after it, in order. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "cli.h"

#define MAXDICTS 64

struct dict_opts {
	const char *paths[MAXDICTS + 1];
	int npaths;
	int no_default;
	const char *cache;
	const char *image;       /* --image: a compiled image instead of sources */
	int rebuild;
	const char *date;
	int json;
	int quiet;
};

static void print_problem(void *arg, const char *msg)
{
	size_t *n = arg;
	(*n)++;
	cli_error("%s", msg);
}

/* Common options; returns 0, or the option character it does not know. */
static int dict_opt(struct dict_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'D':
		if (o->npaths == MAXDICTS) return c;
		o->paths[o->npaths++] = arg;
		return 0;
	case 'N': o->no_default = 1; return 0;
	case 'C': o->cache = arg; return 0;
	case 'I': o->image = arg; return 0;
	case 'R': o->rebuild = 1; return 0;
	case 'd': o->date = arg; return 0;
	case 'j': o->json = 1; return 0;
	case 'q': o->quiet = 1; return 0;
	default: return c;
	}
}

/* The source list: the default set first (unless --no-default-dicts), then the overlays. */
static int sources(struct dict_opts *o, const char **out, char *buf, size_t n)
{
	int k = 0;
	if (!o->no_default) out[k++] = cli_data_path("dictionaries", buf, n);
	for (int i = 0; i < o->npaths; i++) out[k++] = o->paths[i];
	return k;
}

dyad_dicts *cli_open_dicts(struct dict_opts *o, double *ms);
dyad_dicts *cli_open_dicts(struct dict_opts *o, double *ms)
{
	const char *src[MAXDICTS + 1];
	char buf[4096];
	size_t nprob = 0;
	struct dyad_dicts_opts opts = {o->cache, o->rebuild, print_problem, &nprob};
	struct dyad_error err;
	dyad_dicts *d = NULL;
	struct timespec t0, t1;
	dyad_status st;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (o->image) st = dyad_dicts_load(&d, o->image, &err);
	else st = dyad_dicts_open(&d, src, (size_t)sources(o, src, buf, sizeof buf), &opts, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (ms) *ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	if (st != DYAD_OK) {
		cli_error("%s", err.msg);
		return NULL;
	}
	if (nprob)
		cli_error("%zu problem%s in the dictionaries (lines skipped; see 'dyad dict check')",
		          nprob, nprob == 1 ? "" : "s");
	return d;
}

static void put_date(uint32_t d)
{
	printf("%04u-%02u-%02u", d / 10000, d / 100 % 100, d % 100);
}

static void print_codes(const dyad_dicts *d, uint32_t id, const char *chosen)
{
	struct dyad_dict_entry e;
	struct dyad_dict_code c;
	if (dyad_dicts_entry(d, id, &e) < 0) return;
	printf("  entry %s:%u (%s) %s\n", e.file, e.line, e.kind, e.name);
	for (size_t i = 0; i < e.ncodes && dyad_dicts_code(d, id, i, &c) == 0; i++) {
		printf("    %s %-12s ", c.code && chosen && strcmp(c.code, chosen) == 0 ? "*" : " ", c.code);
		if (c.is_default) printf("default");
		else if (c.from == 0) { printf("until "); put_date(c.to); }
		else if (c.to == 99999999) { printf("from "); put_date(c.from); }
		else { put_date(c.from); printf(" to "); put_date(c.to); }
		putchar('\n');
	}
}

static const char *how_name(int how)
{
	static const char *const n[] = {"?", "dict", "composed", "title", "entity", "agent"};
	return how >= 1 && how <= 5 ? n[how] : "?";
}

/* ---- dyad actors ---- */

struct actors_state {
	dyad_dicts *d;
	int json;
	size_t nmentions;
};

static void put_text(const char *t, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++) putchar(t[i] == '\n' || t[i] == '\t' ? ' ' : t[i]);
}

static int actors_doc(dyad_doc *doc, void *arg)
{
	struct actors_state *as = arg;
	struct dyad_error err;
	const struct dyad_actor *m;
	size_t n, len;
	const char *text;

	if (dyad_doc_segment(doc, &err) != DYAD_OK || dyad_doc_actors(doc, as->d, &m, &n, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		return 1;
	}
	cli_doc_warnings(doc);
	text = dyad_doc_text(doc, &len);
	as->nmentions += n;
	for (size_t i = 0; i < n; i++) {
		if (as->json) {
			json_t *o = json_object();
			char entry[600];
			json_object_set_new(o, "doc", json_string(dyad_doc_id(doc)));
			json_object_set_new(o, "sentence", json_integer(m[i].sentence));
			json_object_set_new(o, "start", json_integer(m[i].start));
			json_object_set_new(o, "end", json_integer(m[i].end));
			json_object_set_new(o, "text", json_stringn(text + m[i].start, m[i].end - m[i].start));
			json_object_set_new(o, "code", json_string(m[i].code));
			json_object_set_new(o, "how", json_string(how_name(m[i].how)));
			if (m[i].file) {
				snprintf(entry, sizeof entry, "%s:%u", m[i].file, m[i].line);
				json_object_set_new(o, "entry", json_string(entry));
			}
			if (m[i].agent_file) {
				snprintf(entry, sizeof entry, "%s:%u", m[i].agent_file, m[i].agent_line);
				json_object_set_new(o, "agent", json_string(entry));
			}
			char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII * 0);
			if (s) puts(s);
			free(s);
			json_decref(o);
		} else {
			printf("%s\t%u\t%u:%u\t", dyad_doc_id(doc), m[i].sentence, m[i].start, m[i].end);
			put_text(text, m[i].start, m[i].end);
			printf("\t%s\t%s", m[i].code, how_name(m[i].how));
			if (m[i].file) printf("\t%s:%u", m[i].file, m[i].line);
			else printf("\t-");
			if (m[i].agent_file) printf("\t%s:%u", m[i].agent_file, m[i].agent_line);
			putchar('\n');
		}
	}
	return 0;
}

#define DICT_LONGOPTS \
	{"dicts", required_argument, NULL, 'D'}, \
	{"no-default-dicts", no_argument, NULL, 'N'}, \
	{"cache", required_argument, NULL, 'C'}, \
	{"image", required_argument, NULL, 'I'}, \
	{"rebuild", no_argument, NULL, 'R'}, \
	{"date", required_argument, NULL, 'd'}, \
	{"json", no_argument, NULL, 'j'}, \
	{"quiet", no_argument, NULL, 'q'}

static int run_actors(int argc, char **argv)
{
	static const struct option longopts[] = {DICT_LONGOPTS, {NULL, 0, NULL, 0}};
	struct dict_opts o = {0};
	struct cli_input in = {0};
	struct actors_state as = {0};
	int c, rc;

	while ((c = getopt_long(argc, argv, "d:j", longopts, NULL)) != -1)
		if (dict_opt(&o, c, optarg)) return cli_usage("actors", "unknown option");
	if (!(as.d = cli_open_dicts(&o, NULL))) return EXIT_INPUT;
	as.json = o.json;
	in.date = o.date;
	rc = cli_each_doc(&in, argv + optind, argc - optind, actors_doc, &as);
	dyad_dicts_free(as.d);
	if (rc == EXIT_USAGE) return rc;
	fflush(stdout);
	if (!o.quiet)
		fprintf(stderr, "dyad: actors: %zu document%s, %zu mentions, %zu skipped\n", in.ndocs,
		        in.ndocs == 1 ? "" : "s", as.nmentions, in.nskipped);
	return rc ? EXIT_INPUT : 0;
}

/* ---- dyad dict ---- */

static int dict_lookup(struct dict_opts *o, char **words, int nw)
{
	char phrase[2048] = "";
	size_t k = 0;
	dyad_dicts *d;
	dyad_doc *doc;
	struct dyad_error err;
	const struct dyad_actor *m;
	size_t n;
	int rc = 0;

	for (int i = 0; i < nw; i++)
		k += (size_t)snprintf(phrase + k, k < sizeof phrase ? sizeof phrase - k : 0, "%s%s",
		                      i ? " " : "", words[i]);
	if (k >= sizeof phrase) return cli_usage("dict", "phrase too long");
	if (!(d = cli_open_dicts(o, NULL))) return EXIT_INPUT;
	if (!(doc = dyad_doc_new())) {
		dyad_dicts_free(d);
		cli_error("out of memory");
		return EXIT_INPUT;
	}
	if (dyad_doc_set(doc, "lookup", o->date, phrase, strlen(phrase), &err) != DYAD_OK ||
	    dyad_doc_segment(doc, &err) != DYAD_OK || dyad_doc_actors(doc, d, &m, &n, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		rc = o->date && err.msg[0] ? EXIT_USAGE : EXIT_INPUT;
	} else if (n == 0) {
		printf("'%s': no actor\n", phrase);
		rc = EXIT_INPUT;
	} else {
		for (size_t i = 0; i < n; i++) {
			printf("%.*s\t%s\t%s\n", (int)(m[i].end - m[i].start), phrase + m[i].start, m[i].code,
			       how_name(m[i].how));
			if (m[i].entry != UINT32_MAX) print_codes(d, m[i].entry, m[i].code);
			if (m[i].agent != UINT32_MAX) print_codes(d, m[i].agent, NULL);
		}
	}
	dyad_doc_free(doc);
	dyad_dicts_free(d);
	return rc;
}

static int dict_stats(struct dict_opts *o)
{
	double ms;
	struct dyad_dicts_stats s;
	dyad_dicts *d = cli_open_dicts(o, &ms);
	if (!d) return EXIT_INPUT;
	dyad_dicts_stats(d, &s);
	printf("image: %s (%zu bytes, %s)\n", s.image, s.image_bytes, s.compiled ? "compiled now" : "cached");
	printf("load: %.2f ms\n", ms);
	printf("files: %zu\nactors: %zu\nagents: %zu\ndiscards: %zu\nissues: %zu\n", s.files,
	       s.actors, s.agents, s.discards, s.issues);
	printf("phrases: %zu (%zu overridden by a later definition)\n", s.phrases, s.overrides);
	printf("codes: %zu\ntokens: %zu\ntrie nodes: %zu\n", s.codes, s.tokens, s.nodes);
	printf("synsets: %zu\nverb blocks: %zu\nverb forms: %zu\npatterns: %zu\ntransformations: %zu\n",
	       s.synsets, s.verb_blocks, s.verb_forms, s.patterns, s.transformations);
	printf("prepositions: %zu\nproblems: %zu\n", s.prepositions, s.problems);
	dyad_dicts_free(d);
	return 0;
}

static int dict_check(struct dict_opts *o, char **files, int nf)
{
	const char *src[MAXDICTS + 1];
	char buf[4096];
	size_t nprob = 0, counted = 0;
	struct dyad_dicts_opts opts = {NULL, 0, print_problem, &nprob};
	struct dyad_error err;
	int n = 0;

	if (nf > MAXDICTS) return cli_usage("dict", "too many files");
	if (nf) for (int i = 0; i < nf; i++) src[n++] = files[i];
	else n = sources(o, src, buf, sizeof buf);
	if (dyad_dicts_check(src, (size_t)n, &opts, &counted, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		return EXIT_INPUT;
	}
	fprintf(stderr, "dyad: dict check: %zu problem%s\n", counted, counted == 1 ? "" : "s");
	return counted ? EXIT_INPUT : 0;
}

static int dict_compile(struct dict_opts *o, const char *out)
{
	const char *src[MAXDICTS + 1];
	char buf[4096];
	size_t nprob = 0;
	struct dyad_dicts_opts opts = {NULL, 0, print_problem, &nprob};
	struct dyad_error err;
	int n;

	if (!out) {
		/* compile into the cache */
		o->rebuild = 1;
		dyad_dicts *d = cli_open_dicts(o, NULL);
		if (!d) return EXIT_INPUT;
		struct dyad_dicts_stats s;
		dyad_dicts_stats(d, &s);
		printf("%s\n", s.image);
		dyad_dicts_free(d);
		return 0;
	}
	n = sources(o, src, buf, sizeof buf);
	if (dyad_dicts_compile(src, (size_t)n, out, &opts, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		return EXIT_INPUT;
	}
	if (nprob) cli_error("%zu problem%s (lines skipped)", nprob, nprob == 1 ? "" : "s");
	printf("%s\n", out);
	return 0;
}

/* Time actor matching alone: segment FILE once, then match it again and again. */
static int dict_bench(struct dict_opts *o, const char *file)
{
	dyad_dicts *d;
	dyad_doc *doc = NULL;
	dyad_reader *r = NULL;
	struct dyad_reader_opts ro = {o->date, 0};
	struct dyad_error err;
	const struct dyad_actor *m;
	size_t n = 0, words, rounds = 0;
	struct timespec t0, t1;
	double ms, secs = 0;
	int rc = EXIT_INPUT;

	if (!(d = cli_open_dicts(o, &ms))) return EXIT_INPUT;
	printf("dict_load: %.3f ms\n", ms);
	if (!(doc = dyad_doc_new()) || dyad_reader_open(&r, file, &ro, &err) != DYAD_OK ||
	    dyad_reader_next(r, doc, &err) != DYAD_OK || dyad_doc_segment(doc, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		goto out;
	}
	words = dyad_doc_nwords(doc);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (secs < 1.0) {
		/* the mentions live in the document's arena: set the text again now and then */
		if (rounds % 16 == 0 && rounds) {
			size_t len;
			const char *t = dyad_doc_text(doc, &len);
			char *copy = malloc(len + 1);
			if (!copy) goto out;
			memcpy(copy, t, len);
			struct timespec a, b;
			clock_gettime(CLOCK_MONOTONIC, &a);
			if (dyad_doc_set(doc, "bench", o->date, copy, len, &err) != DYAD_OK ||
			    dyad_doc_segment(doc, &err) != DYAD_OK) {
				free(copy);
				goto out;
			}
			clock_gettime(CLOCK_MONOTONIC, &b);
			free(copy);
			/* do not count the text layer */
			t0.tv_sec += b.tv_sec - a.tv_sec;
			t0.tv_nsec += b.tv_nsec - a.tv_nsec;
		}
		if (dyad_doc_actors(doc, d, &m, &n, &err) != DYAD_OK) {
			cli_error("%s", err.msg);
			goto out;
		}
		rounds++;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	}
	printf("dict_match_words: %zu words\ndict_match_mentions: %zu mentions\n", words, n);
	printf("dict_match_speed: %.2f Mwords/s\n", (double)words * (double)rounds / secs / 1e6);
	rc = 0;
out:
	dyad_reader_free(r);
	dyad_doc_free(doc);
	dyad_dicts_free(d);
	return rc;
}

static int run_dict(int argc, char **argv)
{
	static const struct option longopts[] = {DICT_LONGOPTS, {"output", required_argument, NULL, 'o'},
	                                         {NULL, 0, NULL, 0}};
	struct dict_opts o = {0};
	const char *out = NULL;
	int c;

	if (argc < 2) return cli_usage("dict", "needs a subcommand: lookup, stats, check or compile");
	const char *sub = argv[1];
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "d:o:j", longopts, NULL)) != -1) {
		if (c == 'o') out = optarg;
		else if (dict_opt(&o, c, optarg)) return cli_usage("dict", "unknown option");
	}
	if (strcmp(sub, "lookup") == 0) {
		if (optind >= argc) return cli_usage("dict", "lookup needs a phrase");
		return dict_lookup(&o, argv + optind, argc - optind);
	}
	if (strcmp(sub, "stats") == 0) return dict_stats(&o);
	if (strcmp(sub, "check") == 0) return dict_check(&o, argv + optind, argc - optind);
	if (strcmp(sub, "compile") == 0) return dict_compile(&o, out);
	if (strcmp(sub, "bench") == 0) {
		if (optind >= argc) return cli_usage("dict", "bench needs a text file");
		return dict_bench(&o, argv[optind]);
	}
	return cli_usage("dict", "unknown subcommand '%s' (lookup, stats, check, compile)", sub);
}

#define DICT_OPTS_HELP \
	"  --dicts DIR     also load the dictionaries in DIR (or one file), after the default set;\n" \
	"                  repeat it: later ones override earlier ones.  Kinds come from the\n" \
	"                  file names: *verbs*, *actors*, *agents*, *discards*, *issue*\n" \
	"  --no-default-dicts  do not load data/dictionaries/\n" \
	"  --cache DIR     where compiled images are kept (default $XDG_CACHE_HOME/dyad)\n" \
	"  --rebuild       compile even when the cached image is up to date\n" \
	"  --image FILE    use a compiled image instead of the sources\n" \
	"  --date D        the date codes must be valid on (YYYY-MM-DD)\n"

const struct cli_cmd cli_cmd_dict = {
	"dict", run_dict, "CAMEO/PETRARCH dictionaries: lookup, stats, check, compile",
	"usage: dyad dict lookup [--date YYYY-MM-DD] PHRASE...\n"
	"       dyad dict stats\n"
	"       dyad dict check [FILE...]\n"
	"       dyad dict compile [-o IMAGE]\n"
	"       dyad dict bench FILE\n"
	"\n"
	"lookup   the actors in PHRASE, their code on the date, and the entries (FILE:LINE) with\n"
	"         all their codes ('*' marks the one chosen)\n"
	"stats    what the dictionaries hold, and the load time\n"
	"check    read dictionary files (default: the ones in use) and report every problem as\n"
	"         FILE:LINE: message; exit status 1 when there is one\n"
	"compile  compile the dictionaries into the cache (or into IMAGE with -o)\n"
	"bench    time actor matching alone on the first document of FILE\n"
	"\n" DICT_OPTS_HELP
};

const struct cli_cmd cli_cmd_actors = {
	"actors", run_actors, "find actor mentions and their CAMEO codes",
	"usage: dyad actors [--date YYYY-MM-DD] [--json] [--dicts DIR]... [FILE...]\n"
	"\n"
	"Prints each actor mention of each document, one per line:\n"
	"  DOC  SENTENCE  START:END  TEXT  CODE  HOW  ENTRY-FILE:LINE  [AGENT-FILE:LINE]\n"
	"(START:END are byte offsets in the original text; HOW is dict, composed, title, entity\n"
	"or agent), or one JSON object per line with --json.\n"
	"\n" DICT_OPTS_HELP
	"  --json          JSON Lines output\n"
	"  --quiet         no summary on stderr\n"
};
