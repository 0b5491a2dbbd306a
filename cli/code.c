/* code.c -- `dyad code`: documents in, events out (JSON Lines, TSV or GDELT 2.0).  A summary
 * goes to stderr; a progress line too when stderr is a terminal.  --conllu codes parses made by
 * another parser.  The GDELT form is written through an in-memory store, so its event ids,
 * dedup and counts are the store's. */
#include <getopt.h>
#include <pthread.h>
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

/* Write the events of a coded document (and count it). */
static int emit_doc(struct code_state *cs, dyad_doc *doc)
{
	struct dyad_error err;
	const struct dyad_event *ev = dyad_doc_events(doc);
	size_t n = dyad_doc_nevents(doc);

	cli_doc_warnings(doc);
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

/* Code a document: 0, or 1 when coding cannot go on (out of memory); a document that fails
 * otherwise is reported and gives no events. */
static int code_doc(const dyad_coder *coder, dyad_doc *doc, int *failed)
{
	struct dyad_error err;
	*failed = 0;
	if (dyad_code_doc(coder, doc, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		*failed = 1;
		return err.msg[0] && strstr(err.msg, "out of memory") ? 1 : 0;
	}
	return 0;
}

static int emit_one(dyad_doc *doc, void *arg)
{
	return emit_doc(arg, doc);
}

static int code_one(dyad_doc *doc, void *arg)
{
	struct code_state *cs = arg;
	int failed, rc = code_doc(cs->coder, doc, &failed);
	return failed ? rc : emit_doc(cs, doc);
}

/* ---- -j N: documents coded by N threads, written in input order ----
 *
 * The reader (the main thread) copies each document into the next slot of a ring of 2N; a
 * worker codes it; the main thread writes the slots out in order as they finish, so the output
 * is the same as with one thread. */
enum { SLOT_FREE, SLOT_QUEUED, SLOT_CODING, SLOT_DONE };

struct slot {
	dyad_doc *doc;
	int state, rc, failed;
};

struct pool {
	const dyad_coder *coder;
	cli_doc_fn emit;             /* called on each coded document, in input order */
	void *arg;
	struct slot *ring;
	size_t nring, next_in, next_out, next_work;
	int stop;
	pthread_mutex_t mu;
	pthread_cond_t work, done;
};

static void *worker(void *arg)
{
	struct pool *p = arg;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct slot *sl;
		while (!p->stop && p->next_work == p->next_in) pthread_cond_wait(&p->work, &p->mu);
		if (p->next_work == p->next_in) break;
		sl = &p->ring[p->next_work++ % p->nring];
		sl->state = SLOT_CODING;
		pthread_mutex_unlock(&p->mu);
		sl->rc = code_doc(p->coder, sl->doc, &sl->failed);
		pthread_mutex_lock(&p->mu);
		sl->state = SLOT_DONE;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Write out the finished slots at the head of the ring; with wait, until the slot of sequence
 * number `until` is written.  Called with the mutex held.  0, or 1 on a fatal error. */
static int flush(struct pool *p, size_t until, int wait)
{
	int rc = 0;
	while (p->next_out < p->next_in) {
		struct slot *sl = &p->ring[p->next_out % p->nring];
		if (sl->state != SLOT_DONE) {
			if (!wait || p->next_out >= until) break;
			pthread_cond_wait(&p->done, &p->mu);
			continue;
		}
		pthread_mutex_unlock(&p->mu);
		if (sl->rc) rc = 1;
		else if (!sl->failed && p->emit(sl->doc, p->arg)) rc = 1;
		pthread_mutex_lock(&p->mu);
		sl->state = SLOT_FREE;
		p->next_out++;
		if (rc) break;
	}
	return rc;
}

static int pool_one(dyad_doc *doc, void *arg)
{
	struct pool *p = arg;
	struct dyad_error err;
	struct slot *sl;
	const char *date = dyad_doc_date(doc);
	size_t len;
	const char *text = dyad_doc_text(doc, &len);
	int rc;

	pthread_mutex_lock(&p->mu);
	/* room in the ring: the oldest slot written out */
	rc = flush(p, p->next_in >= p->nring ? p->next_in - p->nring + 1 : 0, 1);
	pthread_mutex_unlock(&p->mu);
	if (rc) return 1;
	sl = &p->ring[p->next_in % p->nring];
	if (dyad_doc_set(sl->doc, dyad_doc_id(doc), date && *date ? date : NULL, text, len,
	                 &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		return 1;
	}
	if (dyad_doc_set_meta(sl->doc, dyad_doc_title(doc), dyad_doc_url(doc),
	                      dyad_doc_source(doc)) != DYAD_OK) {
		cli_error("%s: out of memory", dyad_doc_id(doc));
		return 1;
	}
	pthread_mutex_lock(&p->mu);
	sl->state = SLOT_QUEUED;
	p->next_in++;
	pthread_cond_signal(&p->work);
	rc = flush(p, 0, 0);
	pthread_mutex_unlock(&p->mu);
	return rc;
}

int cli_code_parallel(const dyad_coder *coder, struct cli_input *in, char **paths, int npaths,
                      int n, cli_doc_fn emit, void *arg)
{
	struct pool p;
	pthread_t *th;
	int rc, rc2, started = 0;

	memset(&p, 0, sizeof p);
	p.coder = coder;
	p.emit = emit;
	p.arg = arg;
	p.nring = 2 * (size_t)n;
	p.ring = calloc(p.nring, sizeof *p.ring);
	th = calloc((size_t)n, sizeof *th);
	if (!p.ring || !th) {
		free(p.ring);
		free(th);
		cli_error("out of memory");
		return 1;
	}
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.work, NULL);
	pthread_cond_init(&p.done, NULL);
	rc = 0;
	for (size_t i = 0; i < p.nring; i++)
		if (!(p.ring[i].doc = dyad_doc_new())) rc = 1;
	for (int i = 0; i < n && !rc; i++) {
		if (pthread_create(&th[i], NULL, worker, &p) != 0) {
			rc = 1;
			break;
		}
		started++;
	}
	if (rc) cli_error("cannot start %d threads", n);
	else rc = cli_each_doc(in, paths, npaths, pool_one, &p);
	pthread_mutex_lock(&p.mu);
	p.stop = 1;
	pthread_cond_broadcast(&p.work);
	rc2 = flush(&p, p.next_in, 1);
	pthread_mutex_unlock(&p.mu);
	for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
	for (size_t i = 0; i < p.nring; i++) dyad_doc_free(p.ring[i].doc);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.work);
	pthread_cond_destroy(&p.done);
	free(p.ring);
	free(th);
	return rc ? rc : rc2;
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
		{"jobs", required_argument, NULL, 'j'},
		{NULL, 0, NULL, 0}
	};
	const char *dicts[MAX_DICTS];
	size_t nd = 0;
	struct cli_input in = {0};
	struct code_state cs = {0};
	struct dyad_error err;
	struct dyad_coder_opts co = {0};
	int c, rc, jobs = 1;

	cs.format = 'j';
	while ((c = getopt_long(argc, argv, "D:f:d:j:", longopts, NULL)) != -1) {
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
		case 'j':
			jobs = atoi(optarg);
			if (jobs < 1 || jobs > 64) return cli_usage("code", "--jobs takes 1 to 64");
			break;
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
	rc = jobs > 1 ? cli_code_parallel(cs.coder, &in, argv + optind, argc - optind, jobs, emit_one, &cs)
	             : cli_each_doc(&in, argv + optind, argc - optind, code_one, &cs);
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
	"                 [--all-modes] [--beam N] [--parse-all] [-j N] [FILE...|-]\n"
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
	"  -j, --jobs N    code with N threads (one model in memory); output in input order\n"
	"  --parse-all     parse every sentence, not only those that can give an event (the events\n"
	"                  are the same; for checking that they are)\n"
};
