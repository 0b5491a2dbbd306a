/* store.c -- the event store's front: opening a store, turning one document and its coded events
 * into staged rows with their dedup key, batching documents into transactions, and skipping
 * documents already stored (same id or same content hash).  The back ends (sqlite.c, pg.c) load
 * and merge the staged rows; docs/store.md gives the schema and the dedup rule.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "util/error.h"

const char *const store_stage_names[STAGE_N] = {"stage_doc", "stage_sent", "stage_ment"};

/* The staging tables' columns, in the order store_add stages their values. */
const char *const store_stage_cols[STAGE_N][STAGE_MAXCOLS] = {
	{"seq", "doc", "date", "url", "source", "title", "hash", "nevents", NULL},
	{"seq", "doc", "idx", "text", NULL},
	{"seq", "doc", "sidx", "source", "target", "source_name", "target_name", "code", "root",
	 "quad", "goldstein", "plover", "mode", "date", "date_source", "country", "loc_name", "lat",
	 "lon", "attribution", "attr_code", "confidence", "sent_s", "sent_e", "src_s", "src_e",
	 "verb_s", "verb_e", "tgt_s", "tgt_e", "issues", "explain", "k_a1", "k_a2", "k_mode", NULL},
};

#define DEFAULT_BATCH 10000
#define MAX_SEEN ((size_t)1 << 24)

static int is_pg(const char *where)
{
	return strncmp(where, "postgresql://", 13) == 0 || strncmp(where, "postgres://", 11) == 0;
}

dyad_status dyad_store_open(dyad_store **out, const char *where, const struct dyad_store_opts *opts,
                            struct dyad_error *err)
{
	dyad_store *st;
	dyad_status s;

	*out = NULL;
	if (!where || !*where) {
		dyad_error_set(err, "no database given");
		return DYAD_ERR_USAGE;
	}
	if (!(st = dyad_calloc(1, sizeof *st))) {
		dyad_error_set(err, "out of memory");
		return DYAD_ERR_NOMEM;
	}
	st->pg = is_pg(where);
	st->ops = st->pg ? &store_pg_ops : &store_sqlite_ops;
	st->batch_docs = opts && opts->batch_docs ? opts->batch_docs : DEFAULT_BATCH;
	st->read_only = opts && opts->read_only;
	arena_init(&st->batch, 0);
	arena_init(&st->doc, 0);
	if ((s = st->ops->open(st, where, err)) != DYAD_OK) {
		arena_release(&st->batch);
		arena_release(&st->doc);
		dyad_free(st);
		return s;
	}
	*out = st;
	return DYAD_OK;
}

const char *dyad_store_backend(const dyad_store *st) { return st->pg ? "postgresql" : "sqlite"; }

static void batch_reset(dyad_store *st)
{
	st->in_batch = 0;
	st->batch_n = 0;
	st->stage_seq = 0;
	if (st->seen) memset(st->seen, 0, st->seen_cap * sizeof *st->seen);
	st->seen_n = 0;
	arena_reset(&st->batch);
}

void dyad_store_close(dyad_store *st)
{
	if (!st) return;
	if (st->in_batch) st->ops->rollback(st);
	st->ops->close(st);
	arena_release(&st->batch);
	arena_release(&st->doc);
	dyad_free(st->seen);
	dyad_free(st);
}

/* ---- content hash: 128 bits from two independent 64-bit FNV-style hashes (not cryptographic:
 * it finds the same text again, it does not resist forgery) ---- */

struct hash128 {
	uint64_t a, b;
};

static void hash_init(struct hash128 *h)
{
	h->a = 0xcbf29ce484222325ULL;
	h->b = 0x84222325cbf29ce4ULL;
}

static void hash_bytes(struct hash128 *h, const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t a = h->a, b = h->b;
	for (size_t i = 0; i < n; i++) {
		a = (a ^ s[i]) * 0x100000001b3ULL;
		b = (b + s[i] + 1) * 0x9E3779B97F4A7C15ULL;
		b ^= b >> 29;
	}
	h->a = a;
	h->b = b;
}

static void hash_hex(const struct hash128 *h, char out[33])
{
	uint64_t a = h->a, b = h->b;
	/* final mix so that short inputs spread over all bits */
	a ^= a >> 33; a *= 0xff51afd7ed558ccdULL; a ^= a >> 33;
	b ^= b >> 31; b *= 0xc4ceb9fe1a85ec53ULL; b ^= b >> 32;
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)a, (unsigned long long)b);
}

/* ---- the set of ids and hashes staged in this batch ---- */

static uint64_t str_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	while (*s) h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

static int seen_has(dyad_store *st, const char *key)
{
	if (!st->seen_cap) return 0;
	for (size_t i = str_hash(key) & (st->seen_cap - 1);; i = (i + 1) & (st->seen_cap - 1)) {
		if (!st->seen[i]) return 0;
		if (strcmp(st->seen[i], key) == 0) return 1;
	}
}

static int seen_add(dyad_store *st, const char *key)
{
	char *copy;
	if ((st->seen_n + 1) * 2 > st->seen_cap) {
		size_t ncap = st->seen_cap ? st->seen_cap * 2 : 1024;
		const char **old = st->seen, **nt;
		if (ncap > MAX_SEEN || !(nt = dyad_calloc(ncap, sizeof *nt))) return -1;
		for (size_t i = 0; i < st->seen_cap; i++) {
			if (!old[i]) continue;
			size_t j = str_hash(old[i]) & (ncap - 1);
			while (nt[j]) j = (j + 1) & (ncap - 1);
			nt[j] = old[i];
		}
		dyad_free(old);
		st->seen = nt;
		st->seen_cap = ncap;
	}
	if (!(copy = arena_strndup(&st->batch, key, strlen(key)))) return -1;
	size_t i = str_hash(key) & (st->seen_cap - 1);
	while (st->seen[i]) i = (i + 1) & (st->seen_cap - 1);
	st->seen[i] = copy;
	st->seen_n++;
	return 0;
}

/* ---- the dedup key ---- */

static const char *nz(const char *s) { return s ? s : ""; }

/* Codes whose two actors play the same part, so that A->B and B->A are one event: CAMEO root 04
 * (consult: discuss by telephone, meet, negotiate; a visit (042) of A to B is B hosting (043) A). */
static int symmetric_root(const char *root) { return strcmp(root, "04") == 0; }

/* Modes that report something that happened; the others (negated, denied, intended,
 * hypothetical) are kept apart under their own name. */
static const char *mode_class(const char *mode)
{
	if (!*mode || strcmp(mode, "asserted") == 0 || strcmp(mode, "reported") == 0) return "asserted";
	return mode;
}

static int valid_date(const char *d)
{
	if (strlen(d) != 10 || d[4] != '-' || d[7] != '-') return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9')) return 0;
	int m = (d[5] - '0') * 10 + d[6] - '0', day = (d[8] - '0') * 10 + d[9] - '0';
	return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

static int valid_code(const char *c)
{
	size_t n = strlen(c);
	if (n < 2 || n > 4) return 0;
	for (size_t i = 0; i < n; i++)
		if (c[i] < '0' || c[i] > '9') return 0;
	return 1;
}

static struct store_val vtext(const char *s) { return (struct store_val){SV_TEXT, s ? s : "", 0, 0}; }
static struct store_val vtextn(const char *s)
{
	return s && *s ? (struct store_val){SV_TEXT, s, 0, 0} : (struct store_val){SV_NULL, NULL, 0, 0};
}
static struct store_val vint(int64_t i) { return (struct store_val){SV_INT, NULL, i, 0}; }
static struct store_val vreal(double d) { return (struct store_val){SV_REAL, NULL, 0, d}; }
static struct store_val vspan(int64_t x) { return x < 0 ? (struct store_val){SV_NULL, NULL, 0, 0} : vint(x); }

static size_t json_len(const char *s)
{
	size_t n = 2;
	for (; *s; s++) n += ((unsigned char)*s < 0x20 || *s == '"' || *s == '\\') ? 6 : 1;
	return n;
}

/* Write s as a JSON string at p (room for json_len(s) bytes); returns the end. */
static char *json_escape_into(char *p, const char *s)
{
	*p++ = '"';
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			*p++ = '\\';
			*p++ = (char)c;
		} else if (c < 0x20) {
			sprintf(p, "\\u%04x", c);
			p += 6;
		} else {
			*p++ = (char)c;
		}
	}
	*p++ = '"';
	return p;
}

/* JSON text of the attribution chain and of the issues, in the document arena. */
static const char *attribution_json(struct arena *a, const struct dyad_event *e)
{
	size_t n = 3;
	char *buf, *p;
	if (!e->nattribution) return "[]";
	for (size_t i = 0; i < e->nattribution; i++)
		n += json_len(nz(e->attribution[i].code)) + json_len(nz(e->attribution[i].text)) + 22;
	if (!(buf = arena_alloc(a, n))) return NULL;
	p = buf;
	*p++ = '[';
	for (size_t i = 0; i < e->nattribution; i++) {
		if (i) *p++ = ',';
		p += sprintf(p, "{\"code\":");
		p = json_escape_into(p, nz(e->attribution[i].code));
		p += sprintf(p, ",\"text\":");
		p = json_escape_into(p, nz(e->attribution[i].text));
		*p++ = '}';
	}
	*p++ = ']';
	*p = 0;
	return buf;
}

static const char *issues_json(struct arena *a, const struct dyad_event *e)
{
	size_t n = 3;
	char *buf, *p;
	if (!e->nissues) return "[]";
	for (size_t i = 0; i < e->nissues; i++) n += json_len(nz(e->issues[i])) + 1;
	if (!(buf = arena_alloc(a, n))) return NULL;
	p = buf;
	*p++ = '[';
	for (size_t i = 0; i < e->nissues; i++) {
		if (i) *p++ = ',';
		p = json_escape_into(p, nz(e->issues[i]));
	}
	*p++ = ']';
	*p = 0;
	return buf;
}

/* An actor code without control characters (the store joins codes with \x1f in its keys). */
static int plain_code(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f) return 0;
	return 1;
}

static dyad_status check_event(const struct dyad_event *e, size_t i, struct dyad_error *err)
{
	const char *why = NULL;
	if (!valid_code(nz(e->code))) why = "'code' must be 2 to 4 digits";
	else if (!valid_date(nz(e->date))) why = "'date' must be YYYY-MM-DD";
	else if (e->quad < 1 || e->quad > 4) why = "'quad' must be 1 to 4";
	else if (!e->text) why = "'text' is missing";
	else if (!plain_code(e->source)) why = "'source' has a control character";
	else if (!plain_code(e->target)) why = "'target' has a control character";
	if (!why) return DYAD_OK;
	dyad_error_set(err, "event %zu: %s", i + 1, why);
	return DYAD_ERR_INPUT;
}

static dyad_status fail(dyad_store *st, dyad_status s)
{
	if (st->in_batch) st->ops->rollback(st);
	batch_reset(st);
	return s;
}

static dyad_status nomem(dyad_store *st, struct dyad_error *err)
{
	dyad_error_set(err, "out of memory");
	return fail(st, DYAD_ERR_NOMEM);
}

/* The content hash of a document: of its text, else of its events' sentences in order. */
static void doc_hash(const struct dyad_store_doc *doc, const struct dyad_event *ev, size_t nev,
                     char out[33])
{
	struct hash128 h;
	hash_init(&h);
	if (doc->text) {
		hash_bytes(&h, doc->text, doc->len);
	} else if (nev == 0) {
		/* nothing to compare: such a document is known by its id alone */
		hash_bytes(&h, "\x1fid:", 4);
		hash_bytes(&h, doc->id, strlen(doc->id));
	} else {
		int64_t last = -1;
		for (size_t i = 0; i < nev; i++) {
			char num[24];
			if ((int64_t)ev[i].sentence == last) continue;
			last = ev[i].sentence;
			snprintf(num, sizeof num, "%u\x1f", ev[i].sentence);
			hash_bytes(&h, num, strlen(num));
			hash_bytes(&h, nz(ev[i].text), strlen(nz(ev[i].text)) + 1);
		}
	}
	hash_hex(&h, out);
}

dyad_status dyad_store_add(dyad_store *st, const struct dyad_store_doc *doc,
                           const struct dyad_event *ev, size_t nev, int *added,
                           struct dyad_error *err)
{
	char hash[33], hkey[40];
	int exists = 0;
	dyad_status s;
	struct arena *a = &st->doc;

	if (added) *added = 0;
	if (st->read_only) {
		dyad_error_set(err, "the store is open read-only");
		return DYAD_ERR_USAGE;
	}
	if (!doc->id || !*doc->id) {
		dyad_error_set(err, "a document needs an id");
		return DYAD_ERR_INPUT;
	}
	for (size_t i = 0; i < nev; i++)
		if ((s = check_event(&ev[i], i, err)) != DYAD_OK) return s;
	if (doc->date && *doc->date && !valid_date(doc->date)) {
		dyad_error_set(err, "document '%s': date must be YYYY-MM-DD", doc->id);
		return DYAD_ERR_INPUT;
	}
	doc_hash(doc, ev, nev, hash);
	snprintf(hkey, sizeof hkey, "#%s", hash);
	if (seen_has(st, doc->id) || seen_has(st, hkey)) return DYAD_OK;
	if ((s = st->ops->doc_exists(st, doc->id, hash, &exists, err)) != DYAD_OK) return fail(st, s);
	if (exists) return DYAD_OK;
	if (!st->in_batch) {
		if ((s = st->ops->begin(st, err)) != DYAD_OK) return fail(st, s);
		st->in_batch = 1;
	}
	if (seen_add(st, doc->id) < 0 || seen_add(st, hkey) < 0) return nomem(st, err);

	/* the document */
	{
		struct store_val v[] = {vint(st->stage_seq++), vtext(doc->id), vtextn(doc->date),
		                        vtextn(doc->url), vtext(doc->source), vtextn(doc->title),
		                        vtext(hash), vint((int64_t)nev)};
		if ((s = st->ops->stage(st, STAGE_DOC, v, sizeof v / sizeof *v, err)) != DYAD_OK)
			return fail(st, s);
	}
	/* its sentences, once each (events of one sentence are usually adjacent) */
	for (size_t i = 0; i < nev; i++) {
		size_t k;
		for (k = 0; k < i && ev[k].sentence != ev[i].sentence; k++) ;
		if (k < i) continue;
		struct store_val v[] = {vint(st->stage_seq++), vtext(doc->id), vint(ev[i].sentence),
		                        vtext(ev[i].text)};
		if ((s = st->ops->stage(st, STAGE_SENT, v, 4, err)) != DYAD_OK) return fail(st, s);
	}
	/* its events, each a mention of the event its key names */
	for (size_t i = 0; i < nev; i++) {
		const struct dyad_event *e = &ev[i];
		const char *root = e->root && *e->root ? e->root : NULL;
		char rootbuf[3];
		const char *a1 = nz(e->source), *a2 = nz(e->target), *attr, *iss;
		const struct dyad_location *l = e->location;

		if (!root) {
			memcpy(rootbuf, e->code, 2);
			rootbuf[2] = 0;
			root = rootbuf;
		}
		if (symmetric_root(root) && strcmp(a1, a2) > 0) {
			const char *t = a1;
			a1 = a2;
			a2 = t;
		}
		if (!(attr = attribution_json(a, e)) || !(iss = issues_json(a, e))) return nomem(st, err);
		struct store_val v[] = {
			vint(st->stage_seq++), vtext(doc->id), vint(e->sentence), vtext(e->source),
			vtext(e->target), vtextn(e->source_name), vtextn(e->target_name), vtext(e->code),
			vtext(root), vint(e->quad), vreal(e->goldstein), vtextn(e->plover),
			vtext(*nz(e->mode) ? e->mode : "asserted"), vtext(e->date), vtextn(e->date_source),
			vtextn(l ? l->country : NULL), vtextn(l ? l->name : NULL),
			l && l->has_latlon ? vreal(l->lat) : vtextn(NULL),
			l && l->has_latlon ? vreal(l->lon) : vtextn(NULL), vtext(attr),
			vtextn(e->nattribution ? e->attribution[0].code : NULL), vreal(e->confidence),
			vspan(e->ev_sentence.start), vspan(e->ev_sentence.end), vspan(e->ev_source.start),
			vspan(e->ev_source.end), vspan(e->ev_verb.start), vspan(e->ev_verb.end),
			vspan(e->ev_target.start), vspan(e->ev_target.end), vtext(iss), vtextn(e->explain),
			vtext(a1), vtext(a2), vtext(mode_class(nz(e->mode)))};
		if ((s = st->ops->stage(st, STAGE_MENT, v, sizeof v / sizeof *v, err)) != DYAD_OK)
			return fail(st, s);
	}
	arena_reset(a);
	if (added) *added = 1;
	if (++st->batch_n >= st->batch_docs) return dyad_store_commit(st, err);
	return DYAD_OK;
}

dyad_status dyad_store_commit(dyad_store *st, struct dyad_error *err)
{
	dyad_status s;
	if (!st->in_batch) return DYAD_OK;
	s = st->ops->commit(st, err);
	st->in_batch = 0;    /* the back end rolled back itself on failure */
	batch_reset(st);
	return s;
}

void store_prefix_hi(const char *p, char *hi, size_t n)
{
	size_t len = strlen(p);
	if (len + 1 > n) len = n - 1;
	memcpy(hi, p, len);
	hi[len] = 0;
	/* the smallest string greater than every string starting with p */
	while (len > 0 && (unsigned char)hi[len - 1] == 0xff) hi[--len] = 0;
	if (len > 0) hi[len - 1]++;
	else snprintf(hi, n, "\x7f");
}

int store_subst(char *out, size_t n, const char *tmpl, const char *const *kv)
{
	size_t k = 0;
	while (*tmpl) {
		size_t i;
		for (i = 0; kv[i]; i += 2)
			if (strncmp(tmpl, kv[i], strlen(kv[i])) == 0) break;
		const char *v = kv[i] ? kv[i + 1] : tmpl;
		size_t len = kv[i] ? strlen(v) : 1;
		if (k + len + 1 > n) return -1;
		memcpy(out + k, v, len);
		k += len;
		tmpl += kv[i] ? strlen(kv[i]) : 1;
	}
	out[k] = 0;
	return 0;
}
