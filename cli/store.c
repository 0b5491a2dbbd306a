/* store.c -- the store's commands: `dyad ingest` (coded events into the database), `dyad query`,
 * `dyad series`, `dyad network`, `dyad top` and `dyad export`.  They share the database option
 * (--db, else $DYAD_DB, else dyad.db), the filters of struct dyad_query and the output formats
 * (table, jsonl, csv; gdelt and gdelt-mentions for exports). */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "util/mem.h"

enum {
	O_DB = 256, O_EVENTS, O_BATCH, O_ACTOR, O_SOURCE, O_TARGET, O_DYAD, O_CODE, O_QUAD, O_PLOVER,
	O_MODE, O_FROM, O_TO, O_COUNTRY, O_TEXT, O_LIMIT, O_FORMAT, O_MENTIONS, O_PERIOD, O_DEPTH,
	O_OFFSET
};

#define FILTER_OPTS \
	{"db", required_argument, NULL, O_DB}, {"actor", required_argument, NULL, O_ACTOR}, \
	{"source", required_argument, NULL, O_SOURCE}, {"target", required_argument, NULL, O_TARGET}, \
	{"dyad", required_argument, NULL, O_DYAD}, {"code", required_argument, NULL, O_CODE}, \
	{"root", required_argument, NULL, O_CODE}, {"quad", required_argument, NULL, O_QUAD}, \
	{"plover", required_argument, NULL, O_PLOVER}, {"mode", required_argument, NULL, O_MODE}, \
	{"from", required_argument, NULL, O_FROM}, {"to", required_argument, NULL, O_TO}, \
	{"country", required_argument, NULL, O_COUNTRY}, {"text", required_argument, NULL, O_TEXT}, \
	{"limit", required_argument, NULL, O_LIMIT}, {"offset", required_argument, NULL, O_OFFSET}, \
	{"format", required_argument, NULL, O_FORMAT}

#define FILTER_HELP \
	"  --db FILE|URI   the database (default $DYAD_DB, else dyad.db; postgresql://... for\n" \
	"                  PostgreSQL)\n" \
	"  --actor A       events with actor code prefix A on either side (USA matches USAGOV)\n" \
	"  --source A, --target A\n" \
	"  --dyad A,B      events between A and B, in either direction\n" \
	"  --code C        event code prefix (--root 04, --code 041)\n" \
	"  --quad N        quad class 1-4\n" \
	"  --plover T      PLOVER type (CONSULT, AID, ...)\n" \
	"  --mode M        asserted (with reported), negated, intended, hypothetical, denied\n" \
	"  --from D, --to D   date range, YYYY-MM-DD, inclusive\n" \
	"  --country C     location country\n" \
	"  --text Q        full-text search over the sentences (SQLite FTS5 syntax)\n" \
	"  --limit N       at most N rows\n" \
	"  --offset N      skip the first N rows (paging)\n"

struct opts {
	const char *db;
	const char *format;
	int mentions;
	char period;
	int depth;
	struct dyad_query q;
	char dyad[128];
};

static const char *db_path(const char *opt)
{
	const char *env = getenv("DYAD_DB");
	if (opt && *opt) return opt;
	if (env && *env) return env;
	return "dyad.db";
}

static int is_uri(const char *s)
{
	return strncmp(s, "postgresql://", 13) == 0 || strncmp(s, "postgres://", 11) == 0;
}

static int valid_day(const char *d)
{
	if (strlen(d) != 10 || d[4] != '-' || d[7] != '-') return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9')) return 0;
	return 1;
}

/* One filter option into o; 0 when it was one, 1 when not a filter, 2 on a bad value. */
static int filter_opt(const char *cmd, int c, struct opts *o)
{
	struct dyad_query *q = &o->q;
	char *comma;
	switch (c) {
	case O_DB: o->db = optarg; return 0;
	case O_ACTOR: q->actor = optarg; return 0;
	case O_SOURCE: q->source = optarg; return 0;
	case O_TARGET: q->target = optarg; return 0;
	case O_DYAD:
		snprintf(o->dyad, sizeof o->dyad, "%s", optarg);
		if (!(comma = strchr(o->dyad, ',')) || comma == o->dyad || !comma[1]) {
			cli_usage(cmd, "--dyad takes two actor codes: A,B");
			return 2;
		}
		*comma = 0;
		q->dyad_a = o->dyad;
		q->dyad_b = comma + 1;
		return 0;
	case O_CODE: q->code = optarg; return 0;
	case O_QUAD:
		q->quad = atoi(optarg);
		if (q->quad < 1 || q->quad > 4) {
			cli_usage(cmd, "--quad must be 1 to 4");
			return 2;
		}
		return 0;
	case O_PLOVER: q->plover = optarg; return 0;
	case O_MODE: q->mode = optarg; return 0;
	case O_FROM:
	case O_TO:
		if (!valid_day(optarg)) {
			cli_usage(cmd, "dates are YYYY-MM-DD, not '%s'", optarg);
			return 2;
		}
		if (c == O_FROM) q->from = optarg;
		else q->to = optarg;
		return 0;
	case O_COUNTRY: q->country = optarg; return 0;
	case O_TEXT: q->text = optarg; return 0;
	case O_LIMIT: q->limit = atoll(optarg); return 0;
	case O_OFFSET:
		q->offset = atoll(optarg);
		if (q->offset < 0) {
			cli_usage(cmd, "--offset must be 0 or more");
			return 2;
		}
		return 0;
	case O_FORMAT: o->format = optarg; return 0;
	}
	return 1;
}

/* Open the store for reading: it must exist. */
static dyad_store *open_store(const char *db, int create)
{
	dyad_store *st;
	struct dyad_error err;
	if (!create && !is_uri(db) && access(db, F_OK) != 0) {
		cli_error("'%s': no such database (see 'dyad help ingest')", db);
		return NULL;
	}
	if (dyad_store_open(&st, db, NULL, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		return NULL;
	}
	return st;
}

/* ---- output ---- */

static void put_csv(const char *s)
{
	if (!s) return;
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"') putchar('"');
		putchar(*s);
	}
	putchar('"');
}

/* Print at most max bytes of s (not cutting a UTF-8 character), flattening line breaks. */
static size_t put_cell(const char *s, size_t max)
{
	size_t n = 0, cols = 0;
	if (!s) s = "";
	while (s[n] && cols < max) {
		size_t k = 1;
		while ((s[n + k] & 0xC0) == 0x80) k++;
		for (size_t i = 0; i < k; i++) putchar(s[n + i] == '\n' || s[n + i] == '\t' ? ' ' : s[n + i]);
		n += k;
		cols++;
	}
	return cols;
}

static size_t ulen(const char *s)
{
	size_t n = 0;
	for (; s && *s; s++) n += (*s & 0xC0) != 0x80;
	return n;
}

#define TABLE_MAX_ROWS 100000
#define CELL_MAX 60

static int print_rows(dyad_rows *r, const char *format)
{
	struct dyad_error err;
	dyad_status s;
	size_t nc = dyad_rows_ncols(r);

	if (strcmp(format, "jsonl") == 0 && nc == 1 && strcmp(dyad_rows_name(r, 0), "jsonl") == 0) {
		while ((s = dyad_rows_next(r, &err)) == DYAD_OK) puts(dyad_rows_value(r, 0));
	} else if (strcmp(format, "jsonl") == 0) {
		while ((s = dyad_rows_next(r, &err)) == DYAD_OK) {
			char *line = dyad_rows_json(r);
			if (!line) {
				cli_error("out of memory");
				return 1;
			}
			puts(line);
			dyad_event_json_free(line);
		}
	} else if (strcmp(format, "csv") == 0) {
		for (size_t i = 0; i < nc; i++) {
			if (i) putchar(',');
			put_csv(dyad_rows_name(r, i));
		}
		putchar('\n');
		while ((s = dyad_rows_next(r, &err)) == DYAD_OK) {
			for (size_t i = 0; i < nc; i++) {
				if (i) putchar(',');
				put_csv(dyad_rows_value(r, i));
			}
			putchar('\n');
		}
	} else if (strncmp(format, "gdelt", 5) == 0) {
		while ((s = dyad_rows_next(r, &err)) == DYAD_OK)
			for (size_t i = 0; i < nc; i++) {
				const char *v = dyad_rows_value(r, i);
				for (; v && *v; v++) putchar(*v == '\t' || *v == '\n' ? ' ' : *v);
				putchar(i + 1 < nc ? '\t' : '\n');
			}
	} else {
		/* table: widths from the rows (held in memory up to TABLE_MAX_ROWS) */
		char **cells = NULL;
		size_t n = 0, *w = calloc(nc, sizeof *w);
		if (!w) {
			cli_error("out of memory");
			return 1;
		}
		for (size_t i = 0; i < nc; i++) w[i] = ulen(dyad_rows_name(r, i));
		while (n < TABLE_MAX_ROWS && (s = dyad_rows_next(r, &err)) == DYAD_OK) {
			char **nc2 = realloc(cells, (n + 1) * nc * sizeof *cells);
			if (!nc2) break;
			cells = nc2;
			for (size_t i = 0; i < nc; i++) {
				const char *v = dyad_rows_value(r, i);
				size_t l;
				cells[n * nc + i] = strdup(v ? v : "");
				l = ulen(v);
				if (l > CELL_MAX) l = CELL_MAX;
				if (l > w[i]) w[i] = l;
			}
			n++;
		}
		for (size_t i = 0; i < nc; i++) {
			size_t l = put_cell(dyad_rows_name(r, i), CELL_MAX);
			if (i + 1 < nc) printf("%*s", (int)(w[i] - l + 2), "");
		}
		putchar('\n');
		for (size_t k = 0; k < n; k++) {
			for (size_t i = 0; i < nc; i++) {
				const char *v = cells[k * nc + i];
				int num = dyad_rows_numeric(r, i);
				size_t l = ulen(v) > CELL_MAX ? CELL_MAX : ulen(v);
				if (num) printf("%*s", (int)(w[i] - l), "");
				put_cell(v, CELL_MAX);
				if (i + 1 < nc) printf("%*s", (int)((num ? 0 : w[i] - l) + 2), "");
				free(cells[k * nc + i]);
			}
			putchar('\n');
		}
		free(cells);
		free(w);
		if (n == TABLE_MAX_ROWS) {
			cli_error("table cut at %d rows (use --format csv or jsonl, or --limit)", TABLE_MAX_ROWS);
			return 0;
		}
	}
	if (s != DYAD_END) {
		cli_error("%s", err.msg);
		return 1;
	}
	return 0;
}

static int check_format(const char *cmd, const char *f, int export)
{
	static const char *const q[] = {"table", "jsonl", "csv", NULL};
	static const char *const x[] = {"gdelt", "gdelt-mentions", "jsonl", "csv", NULL};
	const char *const *ok = export ? x : q;
	for (int i = 0; ok[i]; i++)
		if (strcmp(ok[i], f) == 0) return 0;
	return cli_usage(cmd, "unknown format '%s'", f);
}

/* Parse options shared by the reading commands; returns -1 to go on, else an exit status. */
static int parse(const char *cmd, int argc, char **argv, struct opts *o, const struct option *extra,
                 size_t nextra)
{
	static const struct option filt[] = {FILTER_OPTS};
	struct option all[40];
	size_t n = 0;
	int c;

	for (size_t i = 0; i < sizeof filt / sizeof *filt; i++) all[n++] = filt[i];
	for (size_t i = 0; i < nextra; i++) all[n++] = extra[i];
	all[n] = (struct option){NULL, 0, NULL, 0};
	while ((c = getopt_long(argc, argv, "", all, NULL)) != -1) {
		int k = filter_opt(cmd, c, o);
		if (k == 0) continue;
		if (k == 2) return EXIT_USAGE;
		switch (c) {
		case O_MENTIONS: o->mentions = 1; break;
		case O_PERIOD:
			if (strcmp(optarg, "day") == 0 || strcmp(optarg, "week") == 0 || strcmp(optarg, "month") == 0)
				o->period = optarg[0] == 'd' ? 'd' : optarg[0] == 'w' ? 'w' : 'm';
			else return cli_usage(cmd, "--period is day, week or month");
			break;
		case O_DEPTH: o->depth = atoi(optarg); break;
		default: return cli_usage(cmd, "unknown option");
		}
	}
	return -1;
}

/* ---- dyad ingest ----
 * Two threads: one reads and parses the JSONL (dyad_event_reader) and hands each document, copied,
 * through a bounded queue to the other, which stores it (dyad_store_add).  Parsing JSON costs
 * about as much as storing, so on two cores the two overlap. */

enum { Q_DOC, Q_BAD, Q_NOFILE, Q_FATAL, Q_END };

struct qitem {
	int kind;
	int path;
	struct dyad_store_doc doc;
	struct dyad_event *ev;
	size_t n;
	char msg[512];
	struct arena a;
};

#define QCAP 64

struct queue {
	pthread_mutex_t mu;
	pthread_cond_t nonempty, nonfull;
	struct qitem *items[QCAP];
	size_t head, len;
	int stop;                   /* the storing side gave up: the reader quits */
	char **paths;
	int npaths;
};

static const char *qstr(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

/* A deep copy of a document and its events into it->a; -1 when out of memory. */
static int copy_doc(struct qitem *it, const struct dyad_store_doc *d, const struct dyad_event *ev, size_t n)
{
	struct arena *a = &it->a;
	it->doc = *d;
	it->doc.id = qstr(a, d->id);
	it->doc.date = qstr(a, d->date);
	it->doc.url = qstr(a, d->url);
	it->doc.source = qstr(a, d->source);
	it->doc.title = qstr(a, d->title);
	if (!(it->ev = arena_alloc(a, (n ? n : 1) * sizeof *it->ev))) return -1;
	it->n = n;
	for (size_t i = 0; i < n; i++) {
		struct dyad_event *e = &it->ev[i];
		*e = ev[i];
		const char **strs[] = {&e->doc, &e->text, &e->source, &e->target, &e->source_name,
		                       &e->target_name, &e->code, &e->root, &e->plover, &e->mode, &e->date,
		                       &e->date_source, &e->explain, &e->doc_date, &e->doc_url,
		                       &e->doc_source, &e->doc_title};
		for (size_t k = 0; k < sizeof strs / sizeof *strs; k++)
			if (*strs[k] && !(*strs[k] = qstr(a, *strs[k]))) return -1;
		if (ev[i].location) {
			struct dyad_location *l = arena_alloc(a, sizeof *l);
			if (!l) return -1;
			*l = *ev[i].location;
			l->country = qstr(a, l->country);
			l->name = qstr(a, l->name);
			e->location = l;
		}
		if (ev[i].nattribution) {
			struct dyad_attribution *at = arena_alloc(a, ev[i].nattribution * sizeof *at);
			if (!at) return -1;
			for (size_t k = 0; k < ev[i].nattribution; k++) {
				at[k].code = qstr(a, ev[i].attribution[k].code);
				at[k].text = qstr(a, ev[i].attribution[k].text);
			}
			e->attribution = at;
		}
		if (ev[i].nissues) {
			const char **is = arena_alloc(a, ev[i].nissues * sizeof *is);
			if (!is) return -1;
			for (size_t k = 0; k < ev[i].nissues; k++) is[k] = qstr(a, ev[i].issues[k]);
			e->issues = is;
		}
	}
	return 0;
}

static struct qitem *qitem_new(int kind, int path)
{
	struct qitem *it = calloc(1, sizeof *it);
	if (!it) return NULL;
	it->kind = kind;
	it->path = path;
	arena_init(&it->a, 0);
	return it;
}

static void qitem_free(struct qitem *it)
{
	if (!it) return;
	arena_release(&it->a);
	free(it);
}

/* Hand an item over; 0, or -1 when the storing side stopped (the item is freed). */
static int qpush(struct queue *q, struct qitem *it)
{
	pthread_mutex_lock(&q->mu);
	if (q->len == QCAP)
		while (q->len > QCAP / 2 && !q->stop) pthread_cond_wait(&q->nonfull, &q->mu);
	if (q->stop) {
		pthread_mutex_unlock(&q->mu);
		qitem_free(it);
		return -1;
	}
	q->items[(q->head + q->len++) % QCAP] = it;
	if (q->len == 1) pthread_cond_signal(&q->nonempty);   /* the store side may be waiting */
	pthread_mutex_unlock(&q->mu);
	return 0;
}

static struct qitem *qpop(struct queue *q)
{
	struct qitem *it;
	pthread_mutex_lock(&q->mu);
	while (q->len == 0) pthread_cond_wait(&q->nonempty, &q->mu);
	it = q->items[q->head];
	q->head = (q->head + 1) % QCAP;
	/* wake the reader when half the queue is free, not at every item: each wake-up costs a
	 * switch of threads, and the reader fills the room in one go */
	if (q->len-- == QCAP / 2) pthread_cond_signal(&q->nonfull);
	pthread_mutex_unlock(&q->mu);
	return it;
}

static int qmsg(struct queue *q, int kind, int path, const char *msg)
{
	struct qitem *it = qitem_new(kind, path);
	if (!it) return -1;
	snprintf(it->msg, sizeof it->msg, "%s", msg);
	return qpush(q, it);
}

static void *read_all(void *arg)
{
	struct queue *q = arg;
	struct dyad_error err;
	for (int i = 0; i < q->npaths; i++) {
		dyad_event_reader *r;
		struct dyad_store_doc doc;
		const struct dyad_event *ev;
		size_t n;
		dyad_status s;

		if (dyad_event_reader_open(&r, q->paths[i], &err) != DYAD_OK) {
			if (qmsg(q, Q_NOFILE, i, err.msg) < 0) return NULL;
			continue;
		}
		while ((s = dyad_event_reader_next(r, &doc, &ev, &n, &err)) != DYAD_END) {
			struct qitem *it;
			if (s == DYAD_ERR_INPUT) {
				if (qmsg(q, Q_BAD, i, err.msg) < 0) break;
				continue;
			}
			if (s != DYAD_OK || !(it = qitem_new(Q_DOC, i)) || copy_doc(it, &doc, ev, n) < 0) {
				if (s == DYAD_OK) {
					snprintf(err.msg, sizeof err.msg, "out of memory");
					qitem_free(it);
				}
				qmsg(q, Q_FATAL, i, err.msg);
				dyad_event_reader_free(r);
				return NULL;
			}
			if (qpush(q, it) < 0) break;
		}
		dyad_event_reader_free(r);
		pthread_mutex_lock(&q->mu);
		int stop = q->stop;
		pthread_mutex_unlock(&q->mu);
		if (stop) return NULL;
	}
	qmsg(q, Q_END, 0, "");
	return NULL;
}

/* ---- ingest of documents: code them, then store them with their events ---- */

struct ingest_text_state {
	dyad_coder *coder;
	dyad_store *st;
	size_t ndocs, nold, nev, nbad;
	int fatal;
};

/* Store a coded document. */
static int store_coded(dyad_doc *doc, void *arg)
{
	struct ingest_text_state *s = arg;
	struct dyad_error err;
	size_t len;
	const char *text;
	struct dyad_store_doc sd;
	int added = 0;
	dyad_status st;

	/* events need a date: a text with none (no --date, none in its name or its JSON) is refused
	 * with the reason, and counted as skipped */
	if (dyad_doc_nevents(doc) && !*dyad_doc_date(doc)) {
		cli_error("%s: no date (give --date, or a date in the file name or the JSON): not stored",
		          dyad_doc_id(doc));
		s->nbad++;
		return 0;
	}
	text = dyad_doc_text(doc, &len);
	sd = (struct dyad_store_doc){dyad_doc_id(doc), dyad_doc_date(doc), dyad_doc_url(doc),
		dyad_doc_source(doc), dyad_doc_title(doc), text, len};
	st = dyad_store_add(s->st, &sd, dyad_doc_events(doc), dyad_doc_nevents(doc), &added, &err);
	if (st == DYAD_ERR_INPUT) {
		cli_error("%s: %s", dyad_doc_id(doc), err.msg);
		s->nbad++;
		return 0;
	}
	if (st != DYAD_OK) {
		cli_error("%s", err.msg);
		s->fatal = 1;
		return 1;
	}
	if (added) {
		s->ndocs++;
		s->nev += dyad_doc_nevents(doc);
	} else {
		s->nold++;
	}
	return 0;
}

static int code_and_store(dyad_doc *doc, void *arg)
{
	struct ingest_text_state *s = arg;
	struct dyad_error err;
	if (dyad_code_doc(s->coder, doc, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		return 0;
	}
	return store_coded(doc, arg);
}

static int ingest_text(char **paths, int npaths, const char *db, const struct dyad_store_opts *so,
                       const char *const *dicts, size_t nd, const char *date, int jobs)
{
	struct ingest_text_state s = {0};
	struct cli_input in = {0};
	struct dyad_error err;
	int rc;

	in.date = date;
	if (cli_open_coder(&s.coder, dicts, nd, 0, 0) < 0) return EXIT_INPUT;
	if (dyad_store_open(&s.st, db_path(db), so, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		dyad_coder_free(s.coder);
		return EXIT_INPUT;
	}
	rc = jobs > 1 ? cli_code_parallel(s.coder, &in, paths, npaths, jobs, store_coded, &s)
	              : cli_each_doc(&in, paths, npaths, code_and_store, &s);
	if (!s.fatal && dyad_store_commit(s.st, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		rc = 1;
	}
	dyad_store_close(s.st);
	dyad_coder_free(s.coder);
	if (rc == EXIT_USAGE) return rc;
	fprintf(stderr, "dyad: ingest: %zu document%s stored (%zu event%s), %zu already stored,"
	        " %zu skipped\n", s.ndocs, s.ndocs == 1 ? "" : "s", s.nev, s.nev == 1 ? "" : "s",
	        s.nold, in.nskipped + s.nbad);
	return rc || s.fatal || s.nbad ? EXIT_INPUT : 0;
}

static int ingest(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, O_DB}, {"events", no_argument, NULL, O_EVENTS},
		{"batch", required_argument, NULL, O_BATCH}, {"dicts", required_argument, NULL, 'D'},
		{"date", required_argument, NULL, 'd'}, {"jobs", required_argument, NULL, 'j'},
		{NULL, 0, NULL, 0}};
	const char *db = NULL, *date = NULL, *dicts[16];
	size_t nd = 0;
	int events = 0, c, failed = 0, fatal = 0, jobs = 1;
	struct dyad_store_opts so = {0};
	dyad_store *st;
	struct dyad_error err;
	size_t ndocs = 0, nold = 0, nev = 0, nbad = 0;
	char *stdin_only[] = {"-"};
	struct queue q = {.mu = PTHREAD_MUTEX_INITIALIZER, .nonempty = PTHREAD_COND_INITIALIZER,
	                  .nonfull = PTHREAD_COND_INITIALIZER};
	pthread_t reader;

	while ((c = getopt_long(argc, argv, "j:", longopts, NULL)) != -1) {
		switch (c) {
		case O_DB: db = optarg; break;
		case O_EVENTS: events = 1; break;
		case 'j':
			jobs = atoi(optarg);
			if (jobs < 1 || jobs > 64) return cli_usage("ingest", "--jobs takes 1 to 64");
			break;
		case O_BATCH: so.batch_docs = strtoul(optarg, NULL, 10); break;
		case 'D':
			if (nd >= 16) return cli_usage("ingest", "too many --dicts");
			dicts[nd++] = optarg;
			break;
		case 'd': date = optarg; break;
		default: return cli_usage("ingest", "unknown option");
		}
	}
	if (!events) return ingest_text(argv + optind, argc - optind, db, &so, dicts, nd, date, jobs);
	q.paths = argv + optind;
	q.npaths = argc - optind;
	if (q.npaths == 0) {
		q.paths = stdin_only;
		q.npaths = 1;
	}
	db = db_path(db);
	if (dyad_store_open(&st, db, &so, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		return EXIT_INPUT;
	}
	if (pthread_create(&reader, NULL, read_all, &q) != 0) {
		cli_error("cannot start a thread");
		dyad_store_close(st);
		return EXIT_INPUT;
	}
	for (;;) {
		struct qitem *it = qpop(&q);
		int kind = it->kind, added;
		dyad_status s;

		if (kind == Q_END) {
			qitem_free(it);
			break;
		}
		if (kind == Q_BAD || kind == Q_NOFILE || kind == Q_FATAL) {
			cli_error("%s", it->msg);
			failed = 1;
			if (kind == Q_BAD) nbad++;
			qitem_free(it);
			if (kind == Q_FATAL) {
				fatal = 1;
				break;
			}
			continue;
		}
		s = dyad_store_add(st, &it->doc, it->ev, it->n, &added, &err);
		if (s == DYAD_OK && added) {
			ndocs++;
			nev += it->n;
		} else if (s == DYAD_OK) {
			nold++;
		} else if (s == DYAD_ERR_INPUT) {
			cli_error("%s: %s", q.paths[it->path], err.msg);
			nbad++;
			failed = 1;
		} else {
			cli_error("%s", err.msg);
			fatal = 1;
		}
		qitem_free(it);
		if (fatal) break;
	}
	if (fatal) {
		/* stop the reader and drop what it queued */
		pthread_mutex_lock(&q.mu);
		q.stop = 1;
		pthread_cond_broadcast(&q.nonfull);
		pthread_mutex_unlock(&q.mu);
	}
	pthread_join(reader, NULL);
	while (q.len) qitem_free(q.items[q.head]), q.head = (q.head + 1) % QCAP, q.len--;
	if (fatal) {
		dyad_store_close(st);
		return EXIT_INPUT;
	}
	if (dyad_store_commit(st, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		dyad_store_close(st);
		return EXIT_INPUT;
	}
	dyad_store_close(st);
	fprintf(stderr, "dyad: ingest: %zu document%s stored (%zu event%s), %zu already stored,"
	        " %zu bad line%s\n", ndocs, ndocs == 1 ? "" : "s", nev, nev == 1 ? "" : "s", nold, nbad,
	        nbad == 1 ? "" : "s");
	return failed ? EXIT_INPUT : 0;
}

/* ---- reading commands ---- */

static int finish(dyad_store *st, dyad_status s, dyad_rows *r, const char *format, struct dyad_error *err)
{
	int rc;
	if (s != DYAD_OK) {
		cli_error("%s", err->msg);
		dyad_store_close(st);
		return s == DYAD_ERR_USAGE ? EXIT_USAGE : EXIT_INPUT;
	}
	rc = print_rows(r, format);
	dyad_rows_free(r);
	dyad_store_close(st);
	return rc ? EXIT_INPUT : 0;
}

static int query(int argc, char **argv)
{
	static const struct option extra[] = {{"mentions", no_argument, NULL, O_MENTIONS}};
	struct opts o = {.format = "table"};
	struct dyad_error err;
	dyad_store *st;
	dyad_rows *r = NULL;
	dyad_status s;
	int rc = parse("query", argc, argv, &o, extra, 1);

	if (rc >= 0) return rc;
	if (check_format("query", o.format, 0)) return EXIT_USAGE;
	if (!(st = open_store(db_path(o.db), 0))) return EXIT_INPUT;
	s = dyad_store_list(st, &o.q, o.mentions ? DYAD_LIST_MENTIONS : DYAD_LIST_EVENTS, &r, &err);
	return finish(st, s, r, o.format, &err);
}

static int export(int argc, char **argv)
{
	struct opts o = {.format = "gdelt"};
	struct dyad_error err;
	dyad_store *st;
	dyad_rows *r = NULL;
	dyad_status s;
	enum dyad_listing what;
	int rc = parse("export", argc, argv, &o, NULL, 0);

	if (rc >= 0) return rc;
	if (check_format("export", o.format, 1)) return EXIT_USAGE;
	if (!(st = open_store(db_path(o.db), 0))) return EXIT_INPUT;
	what = strcmp(o.format, "gdelt") == 0 ? DYAD_LIST_GDELT :
	       strcmp(o.format, "gdelt-mentions") == 0 ? DYAD_LIST_GDELT_MENTIONS :
	       strcmp(o.format, "jsonl") == 0 ? DYAD_LIST_JSONL : DYAD_LIST_EVENTS;
	s = dyad_store_list(st, &o.q, what, &r, &err);
	return finish(st, s, r, o.format, &err);
}

static int series(int argc, char **argv)
{
	static const struct option extra[] = {{"period", required_argument, NULL, O_PERIOD}};
	struct opts o = {.format = "table", .period = 'm'};
	struct dyad_error err;
	dyad_store *st;
	dyad_rows *r = NULL;
	dyad_status s;
	int rc = parse("series", argc, argv, &o, extra, 1);

	if (rc >= 0) return rc;
	if (check_format("series", o.format, 0)) return EXIT_USAGE;
	if (!o.q.dyad_a && !o.q.actor) return cli_usage("series", "needs --dyad A,B or --actor A");
	if (!(st = open_store(db_path(o.db), 0))) return EXIT_INPUT;
	s = dyad_store_series(st, &o.q, o.period, &r, &err);
	return finish(st, s, r, o.format, &err);
}

static int network(int argc, char **argv)
{
	static const struct option extra[] = {{"depth", required_argument, NULL, O_DEPTH}};
	struct opts o = {.format = "table", .depth = 3};
	struct dyad_error err;
	dyad_store *st;
	dyad_rows *r = NULL;
	dyad_status s;
	int rc = parse("network", argc, argv, &o, extra, 1);

	if (rc >= 0) return rc;
	if (check_format("network", o.format, 0)) return EXIT_USAGE;
	if (!(st = open_store(db_path(o.db), 0))) return EXIT_INPUT;
	s = dyad_store_network(st, &o.q, o.depth, &r, &err);
	return finish(st, s, r, o.format, &err);
}

static int top(int argc, char **argv)
{
	struct opts o = {.format = "table"};
	struct dyad_error err;
	dyad_store *st;
	dyad_rows *r = NULL;
	dyad_status s;
	const char *what;
	int rc = parse("top", argc, argv, &o, NULL, 0), n;

	if (rc >= 0) return rc;
	if (check_format("top", o.format, 0)) return EXIT_USAGE;
	if (optind + 1 != argc) return cli_usage("top", "top what? actors, dyads or codes");
	what = argv[optind];
	if (strcmp(what, "actors") && strcmp(what, "dyads") && strcmp(what, "codes"))
		return cli_usage("top", "top what? actors, dyads or codes, not '%s'", what);
	n = o.q.limit > 0 ? (int)o.q.limit : 10;
	o.q.limit = 0;
	if (!(st = open_store(db_path(o.db), 0))) return EXIT_INPUT;
	s = dyad_store_top(st, &o.q, what, n, &r, &err);
	return finish(st, s, r, o.format, &err);
}

const struct cli_cmd cli_cmd_ingest = {
	"ingest", ingest, "store coded events in the database (SQLite or PostgreSQL)",
	"usage: dyad ingest [--db FILE|URI] [--batch N] [--dicts DIR] [--date D] [-j N] [FILE...|-]\n"
	"       dyad ingest [--db FILE|URI] [--batch N] --events [FILE.jsonl...|-]\n"
	"\n"
	"Codes documents (as `dyad code` reads them) and stores them with their events, or, with\n"
	"--events, stores events already coded (JSON Lines as `dyad code` writes them, see\n"
	"docs/events.md; the lines of one document are consecutive) in the event store, merging\n"
	"reports of the same event (docs/store.md).  A document already stored (same id or same\n"
	"content) changes nothing, so a run that was stopped can simply be run again.\n"
	"\n"
	"  --db FILE|URI   the database (default $DYAD_DB, else dyad.db); postgresql://... for\n"
	"                  PostgreSQL\n"
	"  --events        the input is coded events\n"
	"  --dicts DIR     dictionaries for coding (as for dyad code)\n"
	"  --date D        date of plain-text documents\n"
	"  -j, --jobs N    code with N threads (documents stored in input order)\n"
	"  --batch N       documents per transaction (default 10000)\n"
	"\n"
	"Bad lines are reported as FILE:LINE, counted and skipped; the exit status is then 1.\n",
};

const struct cli_cmd cli_cmd_query = {
	"query", query, "list stored events (or mentions) matching filters",
	"usage: dyad query [filters] [--mentions] [--format table|jsonl|csv]\n"
	"\n"
	"Lists distinct events (one row per real-world event, with its counts of mentions,\n"
	"sources and articles), or with --mentions every sentence that reported one.\n"
	"\n" FILTER_HELP,
};

const struct cli_cmd cli_cmd_series = {
	"series", series, "events per day, week or month for a dyad or an actor",
	"usage: dyad series --dyad A,B|--actor A [--period day|week|month] [filters]\n"
	"\n"
	"Counts, Goldstein sum and mean per period, A->B and B->A (or A as source and as target)\n"
	"in separate columns; empty periods are listed.  Only asserted and reported events unless\n"
	"--mode is given.\n"
	"\n" FILTER_HELP "  --format table|jsonl|csv\n",
};

const struct cli_cmd cli_cmd_network = {
	"network", network, "actor-to-actor weights for a period",
	"usage: dyad network [--depth N] [filters] [--format table|jsonl|csv]\n"
	"\n"
	"Edges source -> target with their number of events, mentions and Goldstein sum and mean;\n"
	"actor codes cut to their first N characters (default 3: countries; 0: whole codes).\n"
	"\n" FILTER_HELP,
};

const struct cli_cmd cli_cmd_top = {
	"top", top, "most active actors, dyads or event codes",
	"usage: dyad top actors|dyads|codes [--limit N] [filters] [--format table|jsonl|csv]\n"
	"\n" FILTER_HELP,
};

const struct cli_cmd cli_cmd_export = {
	"export", export, "export events: GDELT 2.0, JSONL or CSV",
	"usage: dyad export [--format gdelt|gdelt-mentions|jsonl|csv] [filters]\n"
	"\n"
	"  gdelt           the GDELT 2.0 event table, 61 tab-separated columns, no header\n"
	"  gdelt-mentions  the GDELT 2.0 mentions table, 16 columns\n"
	"  jsonl           every mention as a docs/events.md line (can be ingested again)\n"
	"  csv             the events, with a header\n"
	"\n" FILTER_HELP,
};
