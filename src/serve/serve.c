/* serve.c -- the last stage of the pipeline turned outwards: the store's queries (events, one
 * event with its mentions, series, network, top lists) and the coder (POST /api/code) as a JSON
 * API over HTTP, and the dashboard's files, on libmicrohttpd (a pool of worker threads on epoll).
 *
 * Every request is validated whole before anything runs: unknown or repeated parameters, bad
 * values, oversized bodies give a 4xx with {"error": "..."}.  The store is opened read-only, one
 * connection per worker as needed (pool.c-style free list below).  Answers to GET requests are
 * kept in a cache keyed by the normalized request (path and sorted, checked parameters) and
 * dropped whenever the store's stamp (dyad_store_stamp) changes, which is checked at most once
 * a second; so a cached answer is at most about a second older than the data.  docs/serve.md
 * lists the endpoints.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "util/error.h"
#include "util/mem.h"

#define MAX_PARAMS 24
#define MAX_QUERY 4096          /* bytes of parameters (names and values) in one request */
#define MAX_TEXT 256            /* a full-text search */
#define MAX_ROWS 1000           /* rows in one page */
#define MAX_OFFSET 1000000
#define MAX_ANSWER ((size_t)64 << 20)
#define CACHE_SLOTS 4096        /* hash buckets; the cache holds at most this many answers */
#define STAMP_EVERY_NS 1000000000LL

/* ---- a growable text buffer with a maximum size (curl's dynbuf) ---- */

struct sbuf {
	char *p;
	size_t len, cap, max;
	int failed;             /* out of memory or past max: the content is incomplete */
};

static void sb_init(struct sbuf *b, size_t max)
{
	memset(b, 0, sizeof *b);
	b->max = max;
}

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->failed) return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		char *p;
		while (cap < b->len + n + 1) cap *= 2;
		if (cap > b->max + 1) cap = b->max + 1;
		if (b->len + n + 1 > cap || !(p = dyad_realloc(b->p, cap))) {
			b->failed = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

static void sb_str(struct sbuf *b, const char *s) { sb_add(b, s, strlen(s)); }

static void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof tmp) b->failed = 1;
	else sb_add(b, tmp, (size_t)n);
}

/* Length of the UTF-8 character at s (1-4), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3 :
	           s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80) return 0;
	return n;
}

/* A JSON string literal; a byte that is not UTF-8 becomes U+FFFD. */
static void sb_json_str(struct sbuf *b, const char *s)
{
	sb_add(b, "\"", 1);
	while (s && *s) {
		unsigned char c = (unsigned char)*s;
		size_t n = utf8_len((const unsigned char *)s);
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			sb_add(b, e, 2);
		} else if (c < 0x20) {
			sb_printf(b, "\\u%04x", c);
		} else if (n == 0) {
			sb_str(b, "\\ufffd");
			n = 1;
		} else {
			sb_add(b, s, n);
			s += n;
			continue;
		}
		s++;
	}
	sb_add(b, "\"", 1);
}

static void sb_release(struct sbuf *b)
{
	dyad_free(b->p);
	memset(b, 0, sizeof *b);
}

/* ---- the server ---- */

struct centry {
	char *key;
	struct MHD_Response *resp;
	size_t bytes;
	struct centry *next;
};

struct dyad_server {
	struct MHD_Daemon *d;
	char *db;
	int loopback;                       /* bound to a loopback address: Host is checked */
	const dyad_coder *coder;
	const struct dyad_asset *assets;
	size_t max_body;
	int port;
	/* read-only store connections not in use */
	pthread_mutex_t pool_mu;
	dyad_store **pool;
	size_t npool, pool_cap;
	/* the answer cache */
	pthread_rwlock_t cache_mu;
	struct centry *slots[CACHE_SLOTS];
	size_t cache_n, cache_bytes, cache_max;
	pthread_mutex_t stamp_mu;
	char stamp[64];
	long long stamp_at;                 /* monotonic ns of the last check; under stamp_mu */
	/* codings in progress (POST /api/code), at most ncode_max at once */
	pthread_mutex_t code_mu;
	int ncode, ncode_max;
	struct MHD_Response *not_built;     /* the page shown without a dashboard */
};

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static dyad_store *pool_get(dyad_server *s, struct dyad_error *err)
{
	dyad_store *st = NULL;
	struct dyad_store_opts o = {0};
	pthread_mutex_lock(&s->pool_mu);
	if (s->npool) st = s->pool[--s->npool];
	pthread_mutex_unlock(&s->pool_mu);
	if (st) return st;
	o.read_only = 1;
	if (dyad_store_open(&st, s->db, &o, err) != DYAD_OK) return NULL;
	return st;
}

static void pool_put(dyad_server *s, dyad_store *st)
{
	if (!st) return;
	pthread_mutex_lock(&s->pool_mu);
	if (mem_grow(&s->pool, &s->pool_cap, s->npool + 1, sizeof *s->pool, 64) == 0) {
		s->pool[s->npool++] = st;
		st = NULL;
	}
	pthread_mutex_unlock(&s->pool_mu);
	if (st) dyad_store_close(st);
}

/* ---- responses ---- */

static void add_common_headers(struct MHD_Response *r, const char *type)
{
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Cache-Control", "no-cache");
}

static struct MHD_Response *json_response(const char *body, size_t len)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
	if (r) add_common_headers(r, "application/json; charset=utf-8");
	return r;
}

static enum MHD_Result send_json(struct MHD_Connection *c, unsigned status, const char *body, size_t len)
{
	struct MHD_Response *r = json_response(body, len);
	enum MHD_Result ret;
	if (!r) return MHD_NO;
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *fmt, ...)
{
	char msg[600];
	struct sbuf b;
	enum MHD_Result ret;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sb_init(&b, 4096);
	sb_str(&b, "{\"error\":");
	sb_json_str(&b, msg);
	sb_str(&b, "}\n");
	ret = b.failed ? MHD_NO : send_json(c, status, b.p, b.len);
	sb_release(&b);
	return ret;
}

static unsigned status_of(dyad_status st)
{
	switch (st) {
	case DYAD_ERR_USAGE:
	case DYAD_ERR_INPUT: return 400;
	case DYAD_ERR_NOMEM: return 503;
	default: return 500;
	}
}

/* ---- the cache ---- */

static uint64_t key_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	while (*s) h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

/* Drop every answer; the caller holds the write lock. */
static void cache_clear(dyad_server *s)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		struct centry *e = s->slots[i], *next;
		for (; e; e = next) {
			next = e->next;
			MHD_destroy_response(e->resp);    /* responses in flight keep their own reference */
			dyad_free(e->key);
			dyad_free(e);
		}
		s->slots[i] = NULL;
	}
	s->cache_n = s->cache_bytes = 0;
}

/* Drop the cache when the store changed (checked at most once a second, by one thread). */
static void cache_check(dyad_server *s)
{
	long long t = now_ns();
	char stamp[64];
	struct dyad_error err;
	dyad_store *st;

	if (pthread_mutex_trylock(&s->stamp_mu) != 0) return;
	if (t - s->stamp_at < STAMP_EVERY_NS) {
		pthread_mutex_unlock(&s->stamp_mu);
		return;
	}
	s->stamp_at = t;
	if ((st = pool_get(s, &err)) && dyad_store_stamp(st, stamp, sizeof stamp, &err) == DYAD_OK &&
	    strcmp(stamp, s->stamp) != 0) {
		pthread_rwlock_wrlock(&s->cache_mu);
		cache_clear(s);
		pthread_rwlock_unlock(&s->cache_mu);
		snprintf(s->stamp, sizeof s->stamp, "%s", stamp);
	}
	pool_put(s, st);
	pthread_mutex_unlock(&s->stamp_mu);
}

/* Queue the cached answer to KEY; MHD_YES when there was one. */
static int cache_send(dyad_server *s, struct MHD_Connection *c, const char *key, enum MHD_Result *ret)
{
	int found = 0;
	pthread_rwlock_rdlock(&s->cache_mu);
	for (struct centry *e = s->slots[key_hash(key) % CACHE_SLOTS]; e; e = e->next)
		if (strcmp(e->key, key) == 0) {
			*ret = MHD_queue_response(c, MHD_HTTP_OK, e->resp);
			found = 1;
			break;
		}
	pthread_rwlock_unlock(&s->cache_mu);
	return found;
}

/* Keep R (one more reference) as the answer to KEY. */
static void cache_put(dyad_server *s, const char *key, struct MHD_Response *r, size_t bytes)
{
	struct centry *e = dyad_calloc(1, sizeof *e);
	size_t slot = key_hash(key) % CACHE_SLOTS;
	if (!e || !(e->key = dyad_strdup(key))) {
		dyad_free(e);
		return;
	}
	e->bytes = bytes + strlen(key) + sizeof *e;
	/* the response is shared: MHD counts its users, the cache is one of them */
	e->resp = r;
	pthread_rwlock_wrlock(&s->cache_mu);
	for (struct centry *x = s->slots[slot]; x; x = x->next)
		if (strcmp(x->key, key) == 0) {       /* another thread was first */
			pthread_rwlock_unlock(&s->cache_mu);
			dyad_free(e->key);
			dyad_free(e);
			MHD_destroy_response(r);
			return;
		}
	if (s->cache_n >= CACHE_SLOTS || s->cache_bytes + e->bytes > s->cache_max) cache_clear(s);
	e->next = s->slots[slot];
	s->slots[slot] = e;
	s->cache_n++;
	s->cache_bytes += e->bytes;
	pthread_rwlock_unlock(&s->cache_mu);
}

/* ---- parameters ---- */

enum ptype { P_ACTOR, P_DYAD, P_CODE, P_QUAD, P_WORD, P_MODE, P_DATE, P_TEXT, P_INT, P_PERIOD };

struct pdef {
	const char *name;
	enum ptype type;
	long long lo, hi;       /* P_INT range */
};

static const struct pdef filter_defs[] = {
	{"actor", P_ACTOR, 0, 0}, {"source", P_ACTOR, 0, 0}, {"target", P_ACTOR, 0, 0},
	{"dyad", P_DYAD, 0, 0}, {"code", P_CODE, 0, 0}, {"quad", P_QUAD, 0, 0},
	{"plover", P_WORD, 0, 0}, {"mode", P_MODE, 0, 0}, {"from", P_DATE, 0, 0},
	{"to", P_DATE, 0, 0}, {"country", P_WORD, 0, 0}, {"text", P_TEXT, 0, 0},
	{NULL, P_INT, 0, 0}
};

struct param {
	const char *name;
	char *value;            /* in struct req's text */
};

/* A request's parameters, checked and normalized, and the query they make. */
struct req {
	struct param p[MAX_PARAMS];
	size_t n;
	size_t bytes;                       /* used of text */
	char text[MAX_QUERY + MAX_PARAMS * 16];
	char err[300];
	const struct pdef *extra;           /* the endpoint's own parameters */
	int filters;                        /* the filters of a query are accepted */
	struct dyad_query q;
	char dyad_a[72], dyad_b[72];
	char period;
	long long limit, offset, depth;
	int has_limit, has_depth;
};

static const struct pdef *find_def(const struct pdef *defs, const char *name)
{
	for (; defs && defs->name; defs++)
		if (strcmp(defs->name, name) == 0) return defs;
	return NULL;
}

static int valid_date(const char *d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int m, day;
	if (strlen(d) != 10 || d[4] != '-' || d[7] != '-') return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9')) return 0;
	m = (d[5] - '0') * 10 + d[6] - '0';
	day = (d[8] - '0') * 10 + d[9] - '0';
	return m >= 1 && m <= 12 && day >= 1 && day <= mdays[m - 1];
}

/* An actor code: letters and digits, upper-cased in place. */
static int actor_code(char *v)
{
	size_t n = strlen(v);
	if (n == 0 || n > 64) return 0;
	for (char *p = v; *p; p++) {
		if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))) return 0;
	}
	return 1;
}

/* Check and normalize one value in place; 0, or -1 with r->err set. */
static int check_value(struct req *r, const struct pdef *d, char *v)
{
	char *end;
	size_t n = strlen(v);
	switch (d->type) {
	case P_ACTOR:
		if (!actor_code(v)) goto bad;
		return 0;
	case P_DYAD: {
		char *comma = strchr(v, ',');
		if (!comma) goto bad;
		*comma = 0;
		if (!actor_code(v) || !actor_code(comma + 1)) goto bad;
		*comma = ',';
		return 0;
	}
	case P_CODE:
		if (n < 1 || n > 4 || strspn(v, "0123456789") != n) goto bad;
		return 0;
	case P_QUAD:
		if (n != 1 || v[0] < '1' || v[0] > '4') goto bad;
		return 0;
	case P_WORD:
		if (n < 1 || n > 32) goto bad;
		for (char *p = v; *p; p++) {
			if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
			if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_')) goto bad;
		}
		return 0;
	case P_MODE: {
		static const char *const modes[] = {"asserted", "reported", "negated", "intended",
		                                    "hypothetical", "denied", NULL};
		for (int i = 0; modes[i]; i++)
			if (strcmp(v, modes[i]) == 0) return 0;
		goto bad;
	}
	case P_DATE:
		if (!valid_date(v)) goto bad;
		return 0;
	case P_TEXT:
		if (n < 1 || n > MAX_TEXT) goto bad;
		for (char *p = v; *p; p++)
			if ((unsigned char)*p < 0x20) goto bad;
		return 0;
	case P_INT: {
		long long x;
		if (n < 1 || n > 12 || strspn(v, "0123456789") != n) goto bad;
		x = strtoll(v, &end, 10);
		if (x < d->lo || x > d->hi) {
			snprintf(r->err, sizeof r->err, "'%s' must be %lld to %lld", d->name, d->lo, d->hi);
			return -1;
		}
		snprintf(v, 15, "%lld", x);
		return 0;
	}
	case P_PERIOD:
		if (strcmp(v, "day") == 0 || strcmp(v, "d") == 0) v[1] = 0, v[0] = 'd';
		else if (strcmp(v, "week") == 0 || strcmp(v, "w") == 0) v[1] = 0, v[0] = 'w';
		else if (strcmp(v, "month") == 0 || strcmp(v, "m") == 0) v[1] = 0, v[0] = 'm';
		else goto bad;
		return 0;
	}
bad:
	if (d->type == P_DATE) snprintf(r->err, sizeof r->err, "'%s' must be a date YYYY-MM-DD", d->name);
	else if (d->type == P_DYAD) snprintf(r->err, sizeof r->err, "'dyad' takes two actor codes: A,B");
	else if (d->type == P_ACTOR) snprintf(r->err, sizeof r->err, "'%s' must be an actor code (letters and digits)", d->name);
	else if (d->type == P_CODE) snprintf(r->err, sizeof r->err, "'code' must be 1 to 4 digits");
	else if (d->type == P_QUAD) snprintf(r->err, sizeof r->err, "'quad' must be 1 to 4");
	else if (d->type == P_MODE) snprintf(r->err, sizeof r->err, "'mode' must be asserted, reported, negated, intended, hypothetical or denied");
	else if (d->type == P_PERIOD) snprintf(r->err, sizeof r->err, "'period' must be day, week or month");
	else if (d->type == P_TEXT) snprintf(r->err, sizeof r->err, "'%s' must be 1 to %d characters of text", d->name, MAX_TEXT);
	else if (d->type == P_INT) snprintf(r->err, sizeof r->err, "'%s' must be a whole number", d->name);
	else snprintf(r->err, sizeof r->err, "bad value for '%s'", d->name);
	return -1;
}

static enum MHD_Result collect_param(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct req *r = cls;
	const struct pdef *d;
	size_t n;
	(void)kind;
	if (r->err[0]) return MHD_NO;
	if (!key) key = "";
	n = value ? strlen(value) : 0;
	if (r->bytes + strlen(key) + n + 16 > MAX_QUERY) {
		snprintf(r->err, sizeof r->err, "parameters too long (%d bytes at most)", MAX_QUERY);
		return MHD_NO;
	}
	if (!(d = r->filters ? find_def(filter_defs, key) : NULL) && !(d = find_def(r->extra, key))) {
		snprintf(r->err, sizeof r->err, "unknown parameter '%.60s'", key);
		return MHD_NO;
	}
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->p[i].name, d->name) == 0) {
			snprintf(r->err, sizeof r->err, "'%s' given twice", d->name);
			return MHD_NO;
		}
	if (r->n == MAX_PARAMS) {
		snprintf(r->err, sizeof r->err, "too many parameters");
		return MHD_NO;
	}
	if (n > MAX_TEXT) {
		snprintf(r->err, sizeof r->err, "'%s' is too long", d->name);
		return MHD_NO;
	}
	/* room for the longest normalized value (a number written anew) */
	r->p[r->n].value = r->text + r->bytes;
	memcpy(r->p[r->n].value, value ? value : "", n + 1);
	r->bytes += (n > 14 ? n : 14) + 1;
	r->p[r->n].name = d->name;
	if (check_value(r, d, r->p[r->n].value) < 0) return MHD_NO;
	r->n++;
	return MHD_YES;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct param *)a)->name, ((const struct param *)b)->name);
}

/* Words of a full-text search, each quoted: any text is a valid FTS5 query (all words must
 * appear), and PostgreSQL's websearch syntax reads it the same. */
static void fts_words(const char *in, char *out, size_t n)
{
	size_t k = 0;
	int inword = 0;
	for (const char *p = in; *p && k + 4 < n; p++) {
		int sp = *p == ' ' || *p == '"' || *p == '\t';
		if (sp && inword) {
			out[k++] = '"';
			inword = 0;
		} else if (!sp) {
			if (!inword) {
				if (k) out[k++] = ' ';
				out[k++] = '"';
				inword = 1;
			}
			out[k++] = *p;
		}
	}
	if (inword) out[k++] = '"';
	out[k] = 0;
}

/* Read and check the parameters into r (the query, paging); 0 or -1 with r->err. */
static int parse_params(struct MHD_Connection *c, struct req *r, const struct pdef *extra, int filters)
{
	r->extra = extra;
	r->filters = filters;
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_param, r);
	if (r->err[0]) return -1;
	qsort(r->p, r->n, sizeof *r->p, by_name);
	for (size_t i = 0; i < r->n; i++) {
		const char *k = r->p[i].name;
		char *v = r->p[i].value;
		struct dyad_query *q = &r->q;
		if (strcmp(k, "actor") == 0) q->actor = v;
		else if (strcmp(k, "source") == 0) q->source = v;
		else if (strcmp(k, "target") == 0) q->target = v;
		else if (strcmp(k, "dyad") == 0) {
			char *comma = strchr(v, ',');
			snprintf(r->dyad_a, sizeof r->dyad_a, "%.*s", (int)(comma - v), v);
			snprintf(r->dyad_b, sizeof r->dyad_b, "%s", comma + 1);
			q->dyad_a = r->dyad_a;
			q->dyad_b = r->dyad_b;
		}
		else if (strcmp(k, "code") == 0) q->code = v;
		else if (strcmp(k, "quad") == 0) q->quad = v[0] - '0';
		else if (strcmp(k, "plover") == 0) q->plover = v;
		else if (strcmp(k, "mode") == 0) q->mode = v;
		else if (strcmp(k, "from") == 0) q->from = v;
		else if (strcmp(k, "to") == 0) q->to = v;
		else if (strcmp(k, "country") == 0) q->country = v;
		else if (strcmp(k, "limit") == 0) r->limit = atoll(v), r->has_limit = 1;
		else if (strcmp(k, "offset") == 0) r->offset = atoll(v);
		else if (strcmp(k, "depth") == 0) r->depth = atoll(v), r->has_depth = 1;
		else if (strcmp(k, "period") == 0) r->period = v[0];
	}
	if (r->q.from && r->q.to && strcmp(r->q.from, r->q.to) > 0) {
		snprintf(r->err, sizeof r->err, "'from' is after 'to'");
		return -1;
	}
	return 0;
}

/* The normalized request, the cache's key: path, then name=value in name order. */
static void cache_key(const char *path, const struct req *r, struct sbuf *key)
{
	sb_str(key, path);
	for (size_t i = 0; i < r->n; i++) {
		sb_add(key, "\x01", 1);
		sb_str(key, r->p[i].name);
		sb_add(key, "=", 1);
		sb_str(key, r->p[i].value);
	}
}

/* ---- answers ---- */

/* Append the rows of R as "columns": [...], "rows": [{...}, ...]; at most max rows (0: all);
 * *more is set when there were more.  DYAD_OK or the error. */
static dyad_status put_rows(struct sbuf *b, dyad_rows *r, size_t max, int *more, struct dyad_error *err)
{
	dyad_status st;
	size_t n = 0;
	sb_str(b, "\"columns\":[");
	for (size_t i = 0; i < dyad_rows_ncols(r); i++) {
		if (i) sb_add(b, ",", 1);
		sb_json_str(b, dyad_rows_name(r, i));
	}
	sb_str(b, "],\"rows\":[");
	if (more) *more = 0;
	while ((st = dyad_rows_next(r, err)) == DYAD_OK) {
		char *row;
		if (max && n == max) {
			if (more) *more = 1;
			st = DYAD_END;
			break;
		}
		if (!(row = dyad_rows_json(r))) {
			dyad_error_set(err, "out of memory");
			return DYAD_ERR_NOMEM;
		}
		if (n++) sb_add(b, ",", 1);
		sb_str(b, row);
		dyad_event_json_free(row);
		if (b->failed) {
			dyad_error_set(err, "answer too large: narrow the query");
			return DYAD_ERR_USAGE;
		}
	}
	sb_str(b, "]");
	return st == DYAD_END ? DYAD_OK : st;
}

enum endpoint { EP_EVENTS, EP_EVENT, EP_SERIES, EP_NETWORK, EP_TOP, EP_STATS, EP_HEALTH };

static const struct pdef events_defs[] = {
	{"limit", P_INT, 1, MAX_ROWS}, {"offset", P_INT, 0, MAX_OFFSET}, {NULL, P_INT, 0, 0}};
static const struct pdef series_defs[] = {{"period", P_PERIOD, 0, 0}, {NULL, P_INT, 0, 0}};
static const struct pdef network_defs[] = {
	{"depth", P_INT, 0, 30}, {"limit", P_INT, 1, MAX_ROWS}, {NULL, P_INT, 0, 0}};
static const struct pdef top_defs[] = {{"limit", P_INT, 1, MAX_ROWS}, {NULL, P_INT, 0, 0}};
static const struct pdef no_defs[] = {{NULL, P_INT, 0, 0}};

/* Run the query of endpoint EP into b (a JSON object). */
static dyad_status answer(dyad_server *s, dyad_store *st, enum endpoint ep, const char *what,
                          int64_t id, struct req *r, struct sbuf *b, unsigned *status,
                          struct dyad_error *err)
{
	dyad_rows *rows = NULL;
	dyad_status x = DYAD_OK;
	int more = 0;
	char fts[MAX_TEXT * 2];

	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->p[i].name, "text") == 0) {
			fts_words(r->p[i].value, fts, sizeof fts);
			r->q.text = fts;
		}
	switch (ep) {
	case EP_HEALTH:
		sb_printf(b, "{\"status\":\"ok\",\"version\":\"%s\",\"backend\":\"%s\",\"coder\":%s,"
		          "\"dashboard\":%s}\n", dyad_version(), dyad_store_backend(st),
		          s->coder ? "true" : "false", s->assets ? "true" : "false");
		return DYAD_OK;
	case EP_STATS: {
		struct dyad_store_counts n;
		if ((x = dyad_store_count(st, &n, err)) != DYAD_OK) return x;
		sb_printf(b, "{\"documents\":%lld,\"sentences\":%lld,\"events\":%lld,\"mentions\":%lld,"
		          "\"actors\":%lld,", (long long)n.documents, (long long)n.sentences,
		          (long long)n.events, (long long)n.mentions, (long long)n.actors);
		/* the most active dyads, for the dashboard's first view */
		if ((x = dyad_store_top(st, &r->q, "dyads", 10, &rows, err)) != DYAD_OK) return x;
		sb_str(b, "\"top_dyads\":{");
		x = put_rows(b, rows, 0, NULL, err);
		dyad_rows_free(rows);
		sb_str(b, "}}\n");
		return x;
	}
	case EP_EVENTS:
		r->q.limit = (r->has_limit ? r->limit : 100) + 1;
		r->q.offset = r->offset;
		if ((x = dyad_store_list(st, &r->q, DYAD_LIST_EVENTS, &rows, err)) != DYAD_OK) return x;
		sb_printf(b, "{\"offset\":%lld,\"limit\":%lld,", r->offset, (long long)r->q.limit - 1);
		x = put_rows(b, rows, (size_t)(r->q.limit - 1), &more, err);
		sb_printf(b, ",\"more\":%s}\n", more ? "true" : "false");
		break;
	case EP_EVENT: {
		dyad_rows *m = NULL;
		r->q.event = id;
		if ((x = dyad_store_list(st, &r->q, DYAD_LIST_EVENTS, &rows, err)) != DYAD_OK) return x;
		if ((x = dyad_rows_next(rows, err)) == DYAD_END) {
			dyad_rows_free(rows);
			*status = 404;
			dyad_error_set(err, "no event %lld", (long long)id);
			return DYAD_ERR_INPUT;
		}
		if (x == DYAD_OK) {
			char *row = dyad_rows_json(rows);
			sb_str(b, "{\"event\":");
			if (row) sb_str(b, row);
			else b->failed = 1;
			dyad_event_json_free(row);
		}
		dyad_rows_free(rows);
		rows = NULL;
		if (x != DYAD_OK) return x;
		r->q.limit = MAX_ROWS;
		if ((x = dyad_store_list(st, &r->q, DYAD_LIST_JSONL, &m, err)) != DYAD_OK) return x;
		sb_str(b, ",\"mentions\":[");
		for (int k = 0; (x = dyad_rows_next(m, err)) == DYAD_OK; k++) {
			if (k) sb_add(b, ",", 1);
			sb_str(b, dyad_rows_value(m, 0));
		}
		dyad_rows_free(m);
		sb_str(b, "]}\n");
		return x == DYAD_END ? DYAD_OK : x;
	}
	case EP_SERIES:
		if (!r->q.dyad_a && !r->q.actor) {
			dyad_error_set(err, "a series needs 'dyad' (A,B) or 'actor'");
			return DYAD_ERR_USAGE;
		}
		if (r->q.dyad_a && r->q.actor) {
			dyad_error_set(err, "a series takes 'dyad' or 'actor', not both");
			return DYAD_ERR_USAGE;
		}
		if (!r->period) r->period = 'm';
		if ((x = dyad_store_series(st, &r->q, r->period, &rows, err)) != DYAD_OK) return x;
		sb_printf(b, "{\"period\":\"%s\",", r->period == 'd' ? "day" : r->period == 'w' ? "week" : "month");
		x = put_rows(b, rows, 0, NULL, err);
		sb_str(b, "}\n");
		break;
	case EP_NETWORK:
		r->q.limit = r->has_limit ? r->limit : 200;
		if ((x = dyad_store_network(st, &r->q, r->has_depth ? (int)r->depth : 3, &rows, err)) != DYAD_OK)
			return x;
		sb_str(b, "{");
		x = put_rows(b, rows, 0, NULL, err);
		sb_str(b, "}\n");
		break;
	case EP_TOP:
		if (strcmp(what, "actors") && strcmp(what, "dyads") && strcmp(what, "codes")) {
			*status = 404;
			dyad_error_set(err, "top of '%.40s'? actors, dyads or codes", what);
			return DYAD_ERR_INPUT;
		}
		if ((x = dyad_store_top(st, &r->q, what, r->has_limit ? (int)r->limit : 10, &rows, err)) != DYAD_OK)
			return x;
		sb_str(b, "{");
		x = put_rows(b, rows, 0, NULL, err);
		sb_str(b, "}\n");
		break;
	}
	dyad_rows_free(rows);
	return x;
}

/* GET /api/...: route, check, answer from the cache or the store. */
static enum MHD_Result api_get(dyad_server *s, struct MHD_Connection *c, const char *url)
{
	struct req *r;
	enum endpoint ep;
	const struct pdef *defs;
	const char *what = "";
	long long id = 0;
	struct sbuf key, b;
	struct dyad_error err;
	dyad_store *st;
	dyad_status x;
	unsigned status = 200;
	enum MHD_Result ret;

	if (strcmp(url, "/api/events") == 0) ep = EP_EVENTS, defs = events_defs;
	else if (strncmp(url, "/api/events/", 12) == 0 || strncmp(url, "/api/event/", 11) == 0) {
		const char *n = strchr(url + 5, '/') + 1;
		char *end;
		ep = EP_EVENT, defs = no_defs;
		id = strtoll(n, &end, 10);
		if (!*n || *end || id <= 0 || strspn(n, "0123456789") != strlen(n) || strlen(n) > 18)
			return send_error(c, 400, "an event id is a positive whole number");
	}
	else if (strcmp(url, "/api/series") == 0) ep = EP_SERIES, defs = series_defs;
	else if (strcmp(url, "/api/network") == 0) ep = EP_NETWORK, defs = network_defs;
	else if (strncmp(url, "/api/top/", 9) == 0) ep = EP_TOP, defs = top_defs, what = url + 9;
	else if (strcmp(url, "/api/stats") == 0) ep = EP_STATS, defs = no_defs;
	else if (strcmp(url, "/api/health") == 0) ep = EP_HEALTH, defs = no_defs;
	else return send_error(c, 404, "no such endpoint '%.100s' (see docs/serve.md)", url);

	if (!(r = dyad_calloc(1, sizeof *r))) return send_error(c, 503, "out of memory");
	if (parse_params(c, r, defs, ep != EP_EVENT && ep != EP_STATS && ep != EP_HEALTH) < 0) {
		ret = send_error(c, 400, "%s", r->err);
		dyad_free(r);
		return ret;
	}
	sb_init(&key, MAX_QUERY * 2);
	cache_key(url, r, &key);
	if (key.failed) {
		dyad_free(r);
		sb_release(&key);
		return send_error(c, 414, "request too long");
	}
	if (ep != EP_HEALTH) {
		cache_check(s);
		if (cache_send(s, c, key.p, &ret)) {
			sb_release(&key);
			dyad_free(r);
			return ret;
		}
	}
	if (!(st = pool_get(s, &err))) {
		sb_release(&key);
		dyad_free(r);
		return send_error(c, 503, "%s", err.msg);
	}
	sb_init(&b, MAX_ANSWER);
	x = answer(s, st, ep, what, id, r, &b, &status, &err);
	pool_put(s, st);
	if (x == DYAD_OK && b.failed) {
		x = DYAD_ERR_USAGE;
		dyad_error_set(&err, "answer too large: narrow the query");
	}
	if (x != DYAD_OK) {
		ret = send_error(c, status != 200 ? status : status_of(x), "%s", err.msg);
	} else {
		struct MHD_Response *resp = json_response(b.p, b.len);
		if (!resp) {
			ret = MHD_NO;
		} else {
			ret = MHD_queue_response(c, MHD_HTTP_OK, resp);
			if (ep != EP_HEALTH) cache_put(s, key.p, resp, b.len);
			else MHD_destroy_response(resp);
		}
	}
	sb_release(&b);
	sb_release(&key);
	dyad_free(r);
	return ret;
}

/* ---- POST /api/code ---- */

struct upload {
	struct sbuf body;
	int too_big;
};

static enum MHD_Result code_text(dyad_server *s, struct MHD_Connection *c, struct upload *u)
{
	struct req *r;
	struct dyad_error err;
	dyad_doc *doc = NULL;
	struct sbuf b;
	const char *date = NULL;
	enum MHD_Result ret;
	static const struct pdef code_defs[] = {{"date", P_DATE, 0, 0}, {NULL, P_INT, 0, 0}};

	if (!s->coder) return send_error(c, 503, "this server has no coder (see 'dyad help serve')");
	if (!(r = dyad_calloc(1, sizeof *r))) return send_error(c, 503, "out of memory");
	/* only date: the filters make no sense here */
	r->extra = code_defs;
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_param, r);
	for (size_t i = 0; !r->err[0] && i < r->n; i++) date = r->p[i].value;
	if (r->err[0]) {
		ret = send_error(c, 400, "%s", r->err);
		dyad_free(r);
		return ret;
	}
	pthread_mutex_lock(&s->code_mu);
	if (s->ncode >= s->ncode_max) {
		pthread_mutex_unlock(&s->code_mu);
		dyad_free(r);
		return send_error(c, 503, "busy coding other texts: try again");
	}
	s->ncode++;
	pthread_mutex_unlock(&s->code_mu);

	sb_init(&b, MAX_ANSWER);
	if (!(doc = dyad_doc_new())) {
		dyad_error_set(&err, "out of memory");
		ret = send_error(c, 503, "%s", err.msg);
	} else if (dyad_doc_set(doc, "posted", date, u->body.p ? u->body.p : "", u->body.len, &err) != DYAD_OK ||
	           dyad_code_doc(s->coder, doc, &err) != DYAD_OK) {
		ret = send_error(c, 400, "%s", err.msg);
	} else {
		size_t n = dyad_doc_nevents(doc), nw = dyad_doc_nwarnings(doc);
		const struct dyad_event *ev = dyad_doc_events(doc);
		const struct dyad_warning *w = dyad_doc_warnings(doc);
		sb_printf(&b, "{\"sentences\":%zu,\"warnings\":[", dyad_doc_nsentences(doc));
		for (size_t i = 0; i < nw; i++) {
			char m[300];
			snprintf(m, sizeof m, "byte %u: %s", w[i].offset, w[i].msg);
			if (i) sb_add(&b, ",", 1);
			sb_json_str(&b, m);
		}
		sb_str(&b, "],\"events\":[");
		for (size_t i = 0; i < n; i++) {
			char *j = dyad_event_json(&ev[i]);
			if (!j) {
				b.failed = 1;
				break;
			}
			if (i) sb_add(&b, ",", 1);
			sb_str(&b, j);
			dyad_event_json_free(j);
		}
		sb_str(&b, "]}\n");
		ret = b.failed ? send_error(c, 503, "out of memory") : send_json(c, 200, b.p, b.len);
	}
	dyad_doc_free(doc);
	sb_release(&b);
	dyad_free(r);
	pthread_mutex_lock(&s->code_mu);
	s->ncode--;
	pthread_mutex_unlock(&s->code_mu);
	return ret;
}

/* ---- files ---- */

static enum MHD_Result send_asset(dyad_server *s, struct MHD_Connection *c, const char *url)
{
	const char *path = strcmp(url, "/") == 0 ? "/index.html" : url;
	const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding");
	struct MHD_Response *r;
	enum MHD_Result ret;

	if (!s->assets) {
		if (strcmp(path, "/index.html") != 0) return send_error(c, 404, "no such file");
		return MHD_queue_response(c, MHD_HTTP_OK, s->not_built);
	}
	for (const struct dyad_asset *a = s->assets; a->path; a++) {
		int gz;
		if (strcmp(a->path, path) != 0) continue;
		gz = a->gz && ae && strstr(ae, "gzip");
		r = MHD_create_response_from_buffer(gz ? a->gzlen : a->len,
		                                    (void *)(gz ? a->gz : a->data), MHD_RESPMEM_PERSISTENT);
		if (!r) return MHD_NO;
		add_common_headers(r, a->type);
		if (gz) MHD_add_response_header(r, "Content-Encoding", "gzip");
		MHD_add_response_header(r, "Vary", "Accept-Encoding");
		if (strstr(a->type, "text/html")) {
			MHD_add_response_header(r, "Content-Security-Policy",
			                        "default-src 'self'; style-src 'self' 'unsafe-inline';"
			                        " img-src 'self' data:; frame-ancestors 'none'");
			MHD_add_response_header(r, "X-Frame-Options", "DENY");
		}
		ret = MHD_queue_response(c, MHD_HTTP_OK, r);
		MHD_destroy_response(r);
		return ret;
	}
	return send_error(c, 404, "no such file '%.100s'", url);
}

/* Bound to loopback, only a loopback Host is answered: a page elsewhere cannot reach the API
 * through a name that resolves to 127.0.0.1 (DNS rebinding). */
static int host_ok(dyad_server *s, struct MHD_Connection *c)
{
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	size_t n;
	if (!s->loopback) return 1;
	if (!h) return 1;       /* HTTP/1.0 */
	n = strcspn(h, ":");
	if (h[0] == '[') return strncmp(h, "[::1]", 5) == 0;
	return (n == 9 && strncmp(h, "localhost", 9) == 0) || strncmp(h, "127.", 4) == 0;
}

/* The per-request state of a GET (it has none): a mark that its first call has been. */
static struct upload get_marker;

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *data,
                              size_t *size, void **con_cls)
{
	dyad_server *s = cls;
	struct upload *u = *con_cls;
	int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	int post = strcmp(method, "POST") == 0;
	int code = strcmp(url, "/api/code") == 0;
	(void)version;

	if (!u) {
		if (!host_ok(s, c)) return send_error(c, 403, "host not allowed");
		if (code && !post) return send_error(c, 405, "POST the text to /api/code");
		if (!code && !get) return send_error(c, 405, "method %.20s not allowed: the API is read-only", method);
		if (get) {
			/* answer on the next call, when the request has been read whole: an answer queued
			 * before that makes libmicrohttpd close the connection (no keep-alive) */
			*con_cls = &get_marker;
			return MHD_YES;
		}
		/* POST /api/code: refuse a body announced too large before reading it */
		{
			const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
			if (cl && strtoull(cl, NULL, 10) > s->max_body)
				return send_error(c, 413, "the text is larger than %zu bytes", s->max_body);
		}
		if (!(u = dyad_calloc(1, sizeof *u))) return MHD_NO;
		sb_init(&u->body, s->max_body);
		*con_cls = u;
		return MHD_YES;
	}
	if (u == &get_marker) {
		if (*size) {            /* a body sent with a GET is read and dropped */
			*size = 0;
			return MHD_YES;
		}
		if (strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0) return api_get(s, c, url);
		return send_asset(s, c, url);
	}
	if (*size) {
		if (u->body.len + *size > s->max_body) u->too_big = 1;
		else sb_add(&u->body, data, *size);
		*size = 0;
		return MHD_YES;
	}
	if (u->too_big) return send_error(c, 413, "the text is larger than %zu bytes", s->max_body);
	if (u->body.failed) return send_error(c, 503, "out of memory");
	return code_text(s, c, u);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode t)
{
	struct upload *u = *con_cls;
	(void)cls, (void)c, (void)t;
	if (!u || u == &get_marker) return;
	sb_release(&u->body);
	dyad_free(u);
	*con_cls = NULL;
}

static const char not_built_page[] =
	"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>dyad</title></head>"
	"<body style=\"font-family: sans-serif; max-width: 40em; margin: 4em auto\">"
	"<h1>dyad serve</h1><p>The dashboard was not built into this binary (npm was not available"
	" when it was built: <code>make</code> builds it with npm and esbuild).</p>"
	"<p>The JSON API works: try <a href=\"/api/health\">/api/health</a>,"
	" <a href=\"/api/top/dyads\">/api/top/dyads</a>, <a href=\"/api/events\">/api/events</a>."
	" docs/serve.md lists the endpoints.</p></body></html>\n";

void dyad_server_stop(dyad_server *s)
{
	if (!s) return;
	if (s->d) MHD_stop_daemon(s->d);
	cache_clear(s);
	for (size_t i = 0; i < s->npool; i++) dyad_store_close(s->pool[i]);
	dyad_free(s->pool);
	if (s->not_built) MHD_destroy_response(s->not_built);
	pthread_mutex_destroy(&s->pool_mu);
	pthread_mutex_destroy(&s->stamp_mu);
	pthread_mutex_destroy(&s->code_mu);
	pthread_rwlock_destroy(&s->cache_mu);
	dyad_free(s->db);
	dyad_free(s);
}

int dyad_server_port(const dyad_server *s) { return s->port; }

dyad_status dyad_server_start(dyad_server **out, const struct dyad_server_opts *o,
                              struct dyad_error *err)
{
	dyad_server *s;
	dyad_store *st;
	struct sockaddr_in a4;
	struct sockaddr_in6 a6;
	struct sockaddr *sa;
	const char *bind = o->bind && *o->bind ? o->bind : "127.0.0.1";
	int threads = o->threads > 0 ? o->threads : 2, v6 = 0;
	const union MHD_DaemonInfo *info;
	dyad_status x;

	*out = NULL;
	if (o->port < 0 || o->port > 65535) {
		dyad_error_set(err, "port must be 0 to 65535");
		return DYAD_ERR_USAGE;
	}
	if (threads > 64) {
		dyad_error_set(err, "at most 64 threads");
		return DYAD_ERR_USAGE;
	}
	memset(&a4, 0, sizeof a4);
	memset(&a6, 0, sizeof a6);
	if (inet_pton(AF_INET, bind, &a4.sin_addr) == 1) {
		a4.sin_family = AF_INET;
		a4.sin_port = htons((uint16_t)o->port);
		sa = (struct sockaddr *)&a4;
	} else if (inet_pton(AF_INET6, bind, &a6.sin6_addr) == 1) {
		a6.sin6_family = AF_INET6;
		a6.sin6_port = htons((uint16_t)o->port);
		sa = (struct sockaddr *)&a6;
		v6 = 1;
	} else {
		dyad_error_set(err, "'%s' is not an IPv4 or IPv6 address", bind);
		return DYAD_ERR_USAGE;
	}
	if (!(s = dyad_calloc(1, sizeof *s)) || !(s->db = dyad_strdup(o->db ? o->db : ""))) {
		dyad_free(s);
		dyad_error_set(err, "out of memory");
		return DYAD_ERR_NOMEM;
	}
	pthread_mutex_init(&s->pool_mu, NULL);
	pthread_mutex_init(&s->stamp_mu, NULL);
	pthread_mutex_init(&s->code_mu, NULL);
	pthread_rwlock_init(&s->cache_mu, NULL);
	s->loopback = v6 ? memcmp(&a6.sin6_addr, &in6addr_loopback, sizeof a6.sin6_addr) == 0 :
	              (ntohl(a4.sin_addr.s_addr) >> 24) == 127;
	s->coder = o->coder;
	s->assets = o->assets;
	s->max_body = o->max_body ? o->max_body : (size_t)1 << 20;
	s->cache_max = o->cache_bytes ? o->cache_bytes : (size_t)64 << 20;
	s->ncode_max = threads > 1 ? threads - 1 : 1;
	/* the store must open now, so that a wrong --db is told at once */
	if (!(st = pool_get(s, err))) {
		dyad_server_stop(s);
		return DYAD_ERR_IO;
	}
	if ((x = dyad_store_stamp(st, s->stamp, sizeof s->stamp, err)) != DYAD_OK) {
		dyad_store_close(st);
		dyad_server_stop(s);
		return x;
	}
	s->stamp_at = now_ns();
	pool_put(s, st);
	if (!(s->not_built = MHD_create_response_from_buffer(sizeof not_built_page - 1, (void *)not_built_page,
	                                                     MHD_RESPMEM_PERSISTENT))) {
		dyad_server_stop(s);
		dyad_error_set(err, "out of memory");
		return DYAD_ERR_NOMEM;
	}
	add_common_headers(s->not_built, "text/html; charset=utf-8");
	s->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO |
	                        (v6 ? MHD_USE_IPv6 : 0),
	                        (uint16_t)o->port, NULL, NULL, handle, s,
	                        MHD_OPTION_SOCK_ADDR, sa,
	                        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
	                        MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
	                        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
	                        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16 * 1024,
	                        MHD_OPTION_NOTIFY_COMPLETED, completed, s,
	                        MHD_OPTION_END);
	if (!s->d) {
		dyad_error_set(err, "cannot listen on %s port %d (in use, or not an address of this machine?)",
		               bind, o->port);
		dyad_server_stop(s);
		return DYAD_ERR_IO;
	}
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : o->port;
	*out = s;
	return DYAD_OK;
}
