/* query.c -- reading the event store: the filters of a struct dyad_query as one SQL WHERE clause
 * (the same for both back ends but for full-text search), listings of events and mentions, the
 * GDELT 2.0 event and mentions exports, JSONL mentions (docs/events.md, so an export can be
 * ingested again), series per day/week/month, actor networks and top lists.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store/store_int.h"
#include "util/error.h"

#define MAX_PARAMS 96
#define SQL_MAX 8192

/* An SQL text with its parameters ($1..$n, all text). */
struct sqlbuf {
	char sql[SQL_MAX];
	size_t len;
	const char *params[MAX_PARAMS];
	size_t np;
	char store[MAX_PARAMS][80];     /* parameters made here (prefix bounds, numbers) */
	int overflow;
};

static void sql_add(struct sqlbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sql_add(struct sqlbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(b->sql + b->len, sizeof b->sql - b->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof b->sql - b->len) b->overflow = 1;
	else b->len += (size_t)n;
}

/* A parameter; returns its number. */
static size_t param(struct sqlbuf *b, const char *v)
{
	if (b->np >= MAX_PARAMS) {
		b->overflow = 1;
		return 1;
	}
	snprintf(b->store[b->np], sizeof b->store[b->np], "%s", v);
	b->params[b->np] = b->store[b->np];
	return ++b->np;
}

/* "(COL >= $i AND COL < $j)": COL starts with prefix p. */
static void prefix_cond(struct sqlbuf *b, const char *col, const char *p)
{
	char hi[80];
	store_prefix_hi(p, hi, sizeof hi);
	size_t i = param(b, p), j = param(b, hi);
	sql_add(b, "(%s >= $%zu AND %s < $%zu)", col, i, col, j);
}

static const char *mode_class(const char *m)
{
	return strcmp(m, "reported") == 0 ? "asserted" : m;
}

/* The first three characters (UTF-8) of p into out: the dyad_days prefix (s3, t3) of any code
 * starting with p. */
static void prefix3(const char *p, char *out, size_t n)
{
	size_t k = 0;
	for (int c = 0; c < 3 && p[k]; c++)
		do k++; while ((p[k] & 0xC0) == 0x80);
	if (k >= n) k = n - 1;
	memcpy(out, p, k);
	out[k] = 0;
}

/* " AND (X starts with p OR Y starts with p)" */
static void either_cond(struct sqlbuf *b, const char *x, const char *y, const char *p)
{
	sql_add(b, " AND (");
	prefix_cond(b, x, p);
	sql_add(b, " OR ");
	prefix_cond(b, y, p);
	sql_add(b, ")");
}

/* " AND ((X starts with p AND Y with r) OR (X with r AND Y with p))": the pair in either order. */
static void pair_cond(struct sqlbuf *b, const char *x, const char *y, const char *p, const char *r)
{
	sql_add(b, " AND ((");
	prefix_cond(b, x, p);
	sql_add(b, " AND ");
	prefix_cond(b, y, r);
	sql_add(b, ") OR (");
	prefix_cond(b, x, r);
	sql_add(b, " AND ");
	prefix_cond(b, y, p);
	sql_add(b, "))");
}

/* " AND ..." conditions on the dyad_days cells (aliased dd) that an event matching q's actor
 * filters and dates is counted in: its three-character prefixes s3, t3 and its date. */
static void cell_cond(struct sqlbuf *b, const struct dyad_query *q)
{
	char p3[2][40];
	if (q->actor && *q->actor) {
		prefix3(q->actor, p3[0], sizeof p3[0]);
		either_cond(b, "dd.s3", "dd.t3", p3[0]);
	}
	if (q->source && *q->source) {
		prefix3(q->source, p3[0], sizeof p3[0]);
		sql_add(b, " AND ");
		prefix_cond(b, "dd.s3", p3[0]);
	}
	if (q->target && *q->target) {
		prefix3(q->target, p3[0], sizeof p3[0]);
		sql_add(b, " AND ");
		prefix_cond(b, "dd.t3", p3[0]);
	}
	if (q->dyad_a && q->dyad_b) {
		prefix3(q->dyad_a, p3[0], sizeof p3[0]);
		prefix3(q->dyad_b, p3[1], sizeof p3[1]);
		pair_cond(b, "dd.s3", "dd.t3", p3[0], p3[1]);
	}
	if (q->from && *q->from) sql_add(b, " AND dd.date >= $%zu", param(b, q->from));
	if (q->to && *q->to) sql_add(b, " AND dd.date <= $%zu", param(b, q->to));
}

/* The actor filters of q (--actor, --source, --target, --dyad) on events aliased e.
 *
 * On SQLite events have no index by actor (docs/store.md): more conditions, implied by the first
 * ones, let the key index (date, a1, a2, root, kmode) find the rows through the summary dyad_days,
 * which has a cell (s3, t3, kmode, date) for every event.  {a1, a2} is {source, target}: a1 is the
 * source but for root 04 events whose actors were swapped into order.
 * - A filter on both sides (--dyad, --source with --target): the events of each matching cell
 *   are sought in the key index by date and a1 (prefix s3, or t3 for swapped ones), a2 tested
 *   on the index entry.
 * - One side only: the event's date is one of the cells' days and its a1 or a2 starts with the
 *   code; the key index is read day by day (in date order, so a LIMIT stops early), a1/a2
 *   tested on the index entry before the row is read. */
static void where_actors(dyad_store *st, struct sqlbuf *b, const struct dyad_query *q, const char *e)
{
	char src[32], tgt[32], a1[32], a2[32];
	int act = q->actor && *q->actor, s = q->source && *q->source, t = q->target && *q->target;
	int dy = q->dyad_a && q->dyad_b;
	snprintf(src, sizeof src, "%s.source", e);
	snprintf(tgt, sizeof tgt, "%s.target", e);
	snprintf(a1, sizeof a1, "%s.a1", e);
	snprintf(a2, sizeof a2, "%s.a2", e);
	if (act) either_cond(b, src, tgt, q->actor);
	if (s) {
		sql_add(b, " AND ");
		prefix_cond(b, src, q->source);
	}
	if (t) {
		sql_add(b, " AND ");
		prefix_cond(b, tgt, q->target);
	}
	if (dy) pair_cond(b, src, tgt, q->dyad_a, q->dyad_b);
	if (st->pg || !(act || s || t || dy)) return;
	if (dy || (s && t)) {
		/* x'ff' after a prefix: above every UTF-8 text that starts with it */
		const char *x = dy ? q->dyad_a : q->source, *y = dy ? q->dyad_b : q->target;
		sql_add(b, " AND %s.id IN (WITH c AS (SELECT DISTINCT dd.date AS d, dd.s3 AS p, dd.t3 AS r"
		        " FROM dyad_days dd WHERE true", e);
		cell_cond(b, q);
		sql_add(b, ") SELECT k.id FROM c JOIN events k ON k.date = c.d AND k.a1 >= c.p"
		        " AND k.a1 < c.p || x'ff' AND k.a2 >= c.r AND k.a2 < c.r || x'ff'");
		pair_cond(b, "k.a1", "k.a2", x, y);
		sql_add(b, " UNION ALL SELECT k.id FROM c JOIN events k ON k.date = c.d AND k.a1 >= c.r"
		        " AND k.a1 < c.r || x'ff' AND k.a2 >= c.p AND k.a2 < c.p || x'ff'");
		pair_cond(b, "k.a1", "k.a2", x, y);
		sql_add(b, ")");
		return;
	}
	if (act) either_cond(b, a1, a2, q->actor);
	if (s) either_cond(b, a1, a2, q->source);
	if (t) either_cond(b, a1, a2, q->target);
	sql_add(b, " AND %s.date IN (SELECT dd.date FROM dyad_days dd WHERE true", e);
	cell_cond(b, q);
	sql_add(b, ")");
}

/* The filters on events aliased E (joined to nothing else) appended as " AND ..." conditions. */
static void where(dyad_store *st, struct sqlbuf *b, const struct dyad_query *q, const char *e)
{
	where_actors(st, b, q, e);
	if (q->code && *q->code) {
		if (strlen(q->code) <= 2) {
			sql_add(b, " AND %s.root = $%zu", e, param(b, q->code));
		} else {
			char col[32];
			snprintf(col, sizeof col, "%s.code", e);
			sql_add(b, " AND ");
			prefix_cond(b, col, q->code);
		}
	}
	if (q->event > 0) {
		char n[24];
		snprintf(n, sizeof n, "%lld", (long long)q->event);
		sql_add(b, " AND %s.id = $%zu", e, param(b, n));
	}
	if (q->quad) {
		char n[8];
		snprintf(n, sizeof n, "%d", q->quad);
		sql_add(b, " AND %s.quad = $%zu", e, param(b, n));
	}
	if (q->plover && *q->plover) sql_add(b, " AND %s.plover = $%zu", e, param(b, q->plover));
	if (q->mode && *q->mode) {
		if (strcmp(q->mode, "reported") == 0) sql_add(b, " AND %s.mode = 'reported'", e);
		else sql_add(b, " AND %s.kmode = $%zu", e, param(b, mode_class(q->mode)));
	}
	if (q->from && *q->from) sql_add(b, " AND %s.date >= $%zu", e, param(b, q->from));
	if (q->to && *q->to) sql_add(b, " AND %s.date <= $%zu", e, param(b, q->to));
	if (q->country && *q->country) sql_add(b, " AND %s.country = $%zu", e, param(b, q->country));
	if (q->text && *q->text) {
		if (st->pg)
			sql_add(b, " AND %s.id IN (SELECT fm.event_id FROM mentions fm WHERE fm.sentence_id IN"
			        " (SELECT id FROM sentences WHERE tsv @@ websearch_to_tsquery('english', $%zu)))",
			        e, param(b, q->text));
		else
			sql_add(b, " AND %s.id IN (SELECT fm.event_id FROM mentions fm WHERE fm.sentence_id IN"
			        " (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH $%zu))",
			        e, param(b, q->text));
	}
}

/* LIMIT and OFFSET of q (SQLite wants a LIMIT before an OFFSET: -1 is none). */
static void limit(dyad_store *st, struct sqlbuf *b, const struct dyad_query *q)
{
	char s[24];
	if (q->limit > 0) {
		snprintf(s, sizeof s, "%lld", (long long)q->limit);
		sql_add(b, " LIMIT $%zu", param(b, s));
	} else if (q->offset > 0) {
		sql_add(b, st->pg ? " LIMIT ALL" : " LIMIT -1");
	}
	if (q->offset > 0) {
		snprintf(s, sizeof s, "%lld", (long long)q->offset);
		sql_add(b, " OFFSET $%zu", param(b, s));
	}
}

/* Run b's SQL into a new cursor whose output columns are the back end's (names and numeric
 * flags given), or rewritten by xform. */
static dyad_status run(dyad_store *st, struct sqlbuf *b, size_t ncols, const char *const *names,
                       const unsigned char *numeric, dyad_status (*xform)(dyad_rows *, struct dyad_error *),
                       dyad_rows **out, struct dyad_error *err)
{
	dyad_rows *r;
	dyad_status s;
	*out = NULL;
	if (b->overflow) {
		dyad_error_set(err, "query too long");
		return DYAD_ERR_USAGE;
	}
	if (!(r = store_rows_new(st)) || store_rows_cols(r, ncols, names, numeric) < 0) {
		dyad_rows_free(r);
		dyad_error_set(err, "out of memory");
		return DYAD_ERR_NOMEM;
	}
	r->xform = xform;
	if ((s = st->ops->query(st, b->sql, b->np, b->params, r, err)) != DYAD_OK) {
		dyad_rows_free(r);
		return s;
	}
	*out = r;
	return DYAD_OK;
}

/* ---- number formatting shared by both back ends (SQLite says 1.0 where PostgreSQL says 1) ---- */

static const char *fmt_real(dyad_rows *r, const char *v)
{
	char buf[40];
	if (!v || !*v) return v;
	snprintf(buf, sizeof buf, "%.6g", strtod(v, NULL));
	return arena_strndup(&r->xa, buf, strlen(buf));
}

/* Rewrite: copy the columns, reals normalized (numeric flag 2). */
static dyad_status x_plain(dyad_rows *r, struct dyad_error *err)
{
	for (size_t i = 0; i < r->ncols; i++) {
		const char *v = store_rows_bvalue(r, i);
		r->out[i] = r->numeric[i] == 2 ? fmt_real(r, v) : v;
		if (v && !r->out[i]) {
			dyad_error_set(err, "out of memory");
			return DYAD_ERR_NOMEM;
		}
	}
	return DYAD_OK;
}

/* ---- listings ---- */

static const char *const ev_names[] = {
	"id", "date", "source", "target", "code", "root", "quad", "goldstein", "plover", "mode",
	"country", "mentions", "sources", "articles", "doc", "text"};
static const unsigned char ev_num[] = {1, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 1, 1, 1, 0, 0};

static const char *const mn_names[] = {
	"id", "event", "date", "doc", "sentence", "source", "target", "code", "mode", "said_by",
	"confidence", "text"};
static const unsigned char mn_num[] = {1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0};

/* The columns the GDELT and JSONL rewrites read from a mention row. */
#define MENTION_COLS \
	"m.id, m.event_id, m.sidx, m.source, m.target, m.source_name, m.target_name, m.code, m.quad," \
	" m.goldstein, m.plover, m.mode, m.date, m.date_source, m.country, m.loc_name, m.lat, m.lon," \
	" m.attribution, m.confidence, m.sent_s, m.sent_e, m.src_s, m.src_e, m.verb_s, m.verb_e," \
	" m.tgt_s, m.tgt_e, m.issues, m.explain, d.doc, d.date, d.url, d.source, d.title, d.added," \
	" s.text, d0.added"
enum {
	M_ID, M_EVENT, M_SIDX, M_SOURCE, M_TARGET, M_SNAME, M_TNAME, M_CODE, M_QUAD, M_GOLD, M_PLOVER,
	M_MODE, M_DATE, M_DSRC, M_COUNTRY, M_LOCNAME, M_LAT, M_LON, M_ATTR, M_CONF, M_SENT_S, M_SENT_E,
	M_SRC_S, M_SRC_E, M_VERB_S, M_VERB_E, M_TGT_S, M_TGT_E, M_ISSUES, M_EXPLAIN, M_DOC, M_DOCDATE,
	M_URL, M_DOCSRC, M_TITLE, M_ADDED, M_TEXT, M_EVADDED
};

#define EVENT_COLS \
	"e.id, e.date, e.source, e.target, e.code, e.root, e.quad, e.goldstein, e.nmentions," \
	" e.nsources, e.narticles, e.country, e.loc_name, e.lat, e.lon, d.added, d.url, d.doc, s.idx," \
	" a1.name, a1.country, a2.name, a2.country"
enum {
	E_ID, E_DATE, E_SOURCE, E_TARGET, E_CODE, E_ROOT, E_QUAD, E_GOLD, E_NMEN, E_NSRC, E_NART,
	E_COUNTRY, E_LOCNAME, E_LAT, E_LON, E_ADDED, E_URL, E_DOC, E_SIDX, E_A1NAME, E_A1CTY, E_A2NAME,
	E_A2CTY
};

static const char *bv(dyad_rows *r, size_t c)
{
	const char *v = store_rows_bvalue(r, c);
	return v ? v : "";
}

static char *xs(dyad_rows *r, const char *s)
{
	return arena_strndup(&r->xa, s, strlen(s));
}

static char *xprintf(dyad_rows *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *xprintf(dyad_rows *r, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return xs(r, buf);
}

/* "2015-09-15T10:00:00Z" -> "20150915100000" */
static char *gdelt_stamp(dyad_rows *r, const char *iso)
{
	char out[16];
	size_t k = 0;
	for (const char *p = iso; *p && k < 14; p++)
		if (*p >= '0' && *p <= '9') out[k++] = *p;
	out[k] = 0;
	return xs(r, out);
}

static char *upper(dyad_rows *r, const char *s)
{
	char *u = xs(r, s);
	for (char *p = u; p && *p; p++)
		if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
	return u;
}

/* One GDELT 2.0 event record (61 columns) from an events row. */
static dyad_status x_gdelt(dyad_rows *r, struct dyad_error *err)
{
	const char **o = r->out;
	const char *d = bv(r, E_DATE), *code = bv(r, E_CODE);
	int y = atoi(d), m = atoi(d + 5), day = atoi(d + 8);
	char base[4];
	const char *actor[2] = {bv(r, E_SOURCE), bv(r, E_TARGET)};
	const char *names[2] = {bv(r, E_A1NAME), bv(r, E_A2NAME)};
	const char *cty[2] = {bv(r, E_A1CTY), bv(r, E_A2CTY)};

	for (size_t i = 0; i < 61; i++) o[i] = "";
	o[0] = bv(r, E_ID);
	o[1] = xprintf(r, "%04d%02d%02d", y, m, day);
	o[2] = xprintf(r, "%04d%02d", y, m);
	o[3] = xprintf(r, "%04d", y);
	o[4] = xprintf(r, "%.4f", y + (m * 30 + day) / 365.0);
	for (int k = 0; k < 2; k++) {
		const char *a = actor[k];
		const char **c = o + 5 + k * 10;
		c[0] = a;
		c[1] = *a ? upper(r, names[k]) : "";
		c[2] = *a ? cty[k] : "";
		if (strlen(a) >= 6) c[7] = xprintf(r, "%.3s", a + 3);
		if (strlen(a) >= 9) c[8] = xprintf(r, "%.3s", a + 6);
		if (strlen(a) >= 12) c[9] = xprintf(r, "%.3s", a + 9);
	}
	o[25] = atoi(bv(r, E_SIDX)) == 0 ? "1" : "0";
	o[26] = code;
	snprintf(base, sizeof base, "%.3s", code);
	o[27] = xs(r, base);
	o[28] = bv(r, E_ROOT);
	o[29] = bv(r, E_QUAD);
	o[30] = fmt_real(r, bv(r, E_GOLD));
	o[31] = bv(r, E_NMEN);
	o[32] = bv(r, E_NSRC);
	o[33] = bv(r, E_NART);
	o[34] = "0";    /* AvgTone: dyad computes no tone */
	o[35] = "0";    /* Actor1Geo_Type */
	o[43] = "0";    /* Actor2Geo_Type */
	if (*bv(r, E_COUNTRY) || *bv(r, E_LOCNAME)) {
		o[51] = *bv(r, E_LAT) ? "4" : "1";
		o[52] = bv(r, E_LOCNAME);
		o[53] = bv(r, E_COUNTRY);
		o[56] = fmt_real(r, bv(r, E_LAT));
		o[57] = fmt_real(r, bv(r, E_LON));
	} else {
		o[51] = "0";
	}
	o[59] = gdelt_stamp(r, bv(r, E_ADDED));
	o[60] = *bv(r, E_URL) ? bv(r, E_URL) : bv(r, E_DOC);
	for (size_t i = 0; i < 61; i++)
		if (!o[i]) {
			dyad_error_set(err, "out of memory");
			return DYAD_ERR_NOMEM;
		}
	return DYAD_OK;
}

/* One GDELT 2.0 mentions record (16 columns) from a mention row. */
static dyad_status x_gdelt_mention(dyad_rows *r, struct dyad_error *err)
{
	const char **o = r->out;
	const char *url = bv(r, M_URL);
	const char *off[3] = {bv(r, M_SRC_S), bv(r, M_TGT_S), bv(r, M_VERB_S)};

	o[0] = bv(r, M_EVENT);
	o[1] = gdelt_stamp(r, bv(r, M_EVADDED));
	o[2] = gdelt_stamp(r, bv(r, M_ADDED));
	o[3] = *url ? "1" : "2";
	o[4] = bv(r, M_DOCSRC);
	o[5] = *url ? url : bv(r, M_DOC);
	o[6] = xprintf(r, "%d", atoi(bv(r, M_SIDX)) + 1);
	for (int k = 0; k < 3; k++) o[7 + k] = *off[k] ? off[k] : "-1";
	o[10] = "1";
	o[11] = xprintf(r, "%.0f", strtod(bv(r, M_CONF), NULL) * 100);
	o[12] = "";
	o[13] = "0";
	o[14] = "";
	o[15] = "";
	for (size_t i = 0; i < 16; i++)
		if (!o[i]) {
			dyad_error_set(err, "out of memory");
			return DYAD_ERR_NOMEM;
		}
	return DYAD_OK;
}

static void jset_str(json_t *o, const char *k, const char *v) { json_object_set_new(o, k, json_string(v ? v : "")); }

static json_t *jspan(dyad_rows *r, size_t a, size_t b)
{
	if (!*bv(r, a)) return json_null();
	return json_pack("[II]", (json_int_t)atoll(bv(r, a)), (json_int_t)atoll(bv(r, b)));
}

/* One docs/events.md line (plus "event": the event id in this store) from a mention row. */
static dyad_status x_jsonl(dyad_rows *r, struct dyad_error *err)
{
	json_t *o = json_object(), *v;
	char *s;
	json_error_t je;

	if (!o) goto oom;
	jset_str(o, "doc", bv(r, M_DOC));
	json_object_set_new(o, "sentence", json_integer(atoll(bv(r, M_SIDX))));
	jset_str(o, "text", bv(r, M_TEXT));
	jset_str(o, "source", bv(r, M_SOURCE));
	jset_str(o, "target", bv(r, M_TARGET));
	jset_str(o, "source_name", bv(r, M_SNAME));
	jset_str(o, "target_name", bv(r, M_TNAME));
	jset_str(o, "code", bv(r, M_CODE));
	json_object_set_new(o, "root", json_stringn(bv(r, M_CODE), 2));
	json_object_set_new(o, "quad", json_integer(atoi(bv(r, M_QUAD))));
	json_object_set_new(o, "goldstein", json_real(strtod(bv(r, M_GOLD), NULL)));
	jset_str(o, "plover", bv(r, M_PLOVER));
	jset_str(o, "mode", bv(r, M_MODE));
	jset_str(o, "date", bv(r, M_DATE));
	jset_str(o, "date_source", bv(r, M_DSRC));
	if (*bv(r, M_COUNTRY) || *bv(r, M_LOCNAME)) {
		v = json_object();
		jset_str(v, "country", bv(r, M_COUNTRY));
		jset_str(v, "name", bv(r, M_LOCNAME));
		if (*bv(r, M_LAT)) {
			json_object_set_new(v, "lat", json_real(strtod(bv(r, M_LAT), NULL)));
			json_object_set_new(v, "lon", json_real(strtod(bv(r, M_LON), NULL)));
		}
		json_object_set_new(o, "location", v);
	} else {
		json_object_set_new(o, "location", json_null());
	}
	v = json_loads(bv(r, M_ATTR), 0, &je);
	json_object_set_new(o, "attribution", v ? v : json_array());
	v = json_object();
	json_object_set_new(v, "sentence", jspan(r, M_SENT_S, M_SENT_E));
	json_object_set_new(v, "source", jspan(r, M_SRC_S, M_SRC_E));
	json_object_set_new(v, "verb", jspan(r, M_VERB_S, M_VERB_E));
	json_object_set_new(v, "target", jspan(r, M_TGT_S, M_TGT_E));
	json_object_set_new(o, "evidence", v);
	v = json_loads(bv(r, M_ISSUES), 0, &je);
	json_object_set_new(o, "issues", v ? v : json_array());
	v = *bv(r, M_EXPLAIN) ? json_loads(bv(r, M_EXPLAIN), 0, &je) : NULL;
	json_object_set_new(o, "explain", v ? v : json_null());
	json_object_set_new(o, "confidence", json_real(strtod(bv(r, M_CONF), NULL)));
	jset_str(o, "doc_date", bv(r, M_DOCDATE));
	jset_str(o, "doc_url", bv(r, M_URL));
	jset_str(o, "doc_source", bv(r, M_DOCSRC));
	jset_str(o, "doc_title", bv(r, M_TITLE));
	json_object_set_new(o, "event", json_integer(atoll(bv(r, M_EVENT))));
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	json_decref(o);
	if (!s) goto oom;
	r->out[0] = xs(r, s);
	free(s);
	if (!r->out[0]) goto oom;
	return DYAD_OK;
oom:
	dyad_error_set(err, "out of memory");
	return DYAD_ERR_NOMEM;
}

static const char *const gdelt_names[61] = {
	"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code", "Actor1Name",
	"Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode", "Actor1Religion1Code",
	"Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code", "Actor2Code",
	"Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
	"Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
	"Actor2Type3Code", "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
	"GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone", "Actor1Geo_Type",
	"Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
	"Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID", "Actor2Geo_Type",
	"Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
	"Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID", "ActionGeo_Type",
	"ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
	"ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL"};
static const unsigned char gdelt_num[61] = {
	1, 1, 1, 1, 1, [25] = 1, [29] = 1, [30] = 1, [31] = 1, [32] = 1, [33] = 1, [34] = 1, [35] = 1,
	[43] = 1, [51] = 1, [59] = 1};

static const char *const gm_names[16] = {
	"GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
	"MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
	"InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo",
	"Extras"};
static const unsigned char gm_num[16] = {1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0};

dyad_status dyad_store_list(dyad_store *st, const struct dyad_query *q, enum dyad_listing what,
                            dyad_rows **out, struct dyad_error *err)
{
	struct sqlbuf b;
	const char *jn = "jsonl";

	memset(&b, 0, sizeof b);
	switch (what) {
	case DYAD_LIST_EVENTS:
		sql_add(&b, "SELECT e.id, e.date, e.source, e.target, e.code, e.root, e.quad, e.goldstein,"
		        " e.plover, e.mode, e.country, e.nmentions, e.nsources, e.narticles, d.doc, s.text"
		        " FROM events e JOIN documents d ON d.id = e.doc_id"
		        " JOIN sentences s ON s.id = e.sentence_id WHERE true");
		where(st, &b, q, "e");
		sql_add(&b, " ORDER BY e.date, e.id");
		limit(st, &b, q);
		return run(st, &b, 16, ev_names, ev_num, x_plain, out, err);
	case DYAD_LIST_GDELT:
		sql_add(&b, "SELECT " EVENT_COLS " FROM events e JOIN documents d ON d.id = e.doc_id"
		        " JOIN sentences s ON s.id = e.sentence_id"
		        " LEFT JOIN actors a1 ON a1.code = e.source LEFT JOIN actors a2 ON a2.code = e.target"
		        " WHERE true");
		where(st, &b, q, "e");
		sql_add(&b, " ORDER BY e.id");
		limit(st, &b, q);
		return run(st, &b, 61, gdelt_names, gdelt_num, x_gdelt, out, err);
	case DYAD_LIST_MENTIONS:
		sql_add(&b, "SELECT m.id, m.event_id, m.date, d.doc, m.sidx, m.source, m.target, m.code,"
		        " m.mode, m.attr_code, m.confidence, s.text FROM mentions m"
		        " JOIN events e ON e.id = m.event_id JOIN documents d ON d.id = m.doc_id"
		        " JOIN sentences s ON s.id = m.sentence_id WHERE true");
		where(st, &b, q, "e");
		sql_add(&b, " ORDER BY m.id");
		limit(st, &b, q);
		return run(st, &b, 12, mn_names, mn_num, x_plain, out, err);
	case DYAD_LIST_GDELT_MENTIONS:
	case DYAD_LIST_JSONL:
		sql_add(&b, "SELECT " MENTION_COLS " FROM mentions m JOIN events e ON e.id = m.event_id"
		        " JOIN documents d ON d.id = m.doc_id JOIN sentences s ON s.id = m.sentence_id"
		        " JOIN documents d0 ON d0.id = e.doc_id WHERE true");
		where(st, &b, q, "e");
		sql_add(&b, " ORDER BY m.id");
		limit(st, &b, q);
		if (what == DYAD_LIST_JSONL) {
			static const unsigned char z = 0;
			return run(st, &b, 1, &jn, &z, x_jsonl, out, err);
		}
		return run(st, &b, 16, gm_names, gm_num, x_gdelt_mention, out, err);
	}
	dyad_error_set(err, "unknown listing");
	return DYAD_ERR_USAGE;
}

/* ---- series ---- */

/* Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static long parse_day(const char *s)
{
	if (strlen(s) < 10) return -1000000;
	return days_from_civil(atoi(s), atoi(s + 5), atoi(s + 8));
}

/* The period of day z: "2015-09-15", "2015-W38" (ISO week) or "2015-09". */
static void period_of(long z, char period, char *out, size_t n)
{
	int y, m, d;
	civil_from_days(z, &y, &m, &d);
	if (period == 'm') {
		snprintf(out, n, "%04d-%02d", y, m);
	} else if (period == 'w') {
		long wd = ((z % 7) + 7 + 3) % 7;          /* 0 = Monday (1970-01-01 was a Thursday) */
		long thu = z - wd + 3;                    /* the Thursday of this ISO week */
		int ty, tm, td;
		civil_from_days(thu, &ty, &tm, &td);
		long jan1 = days_from_civil(ty, 1, 1);
		snprintf(out, n, "%04d-W%02d", ty, (int)((thu - jan1) / 7 + 1));
	} else {
		snprintf(out, n, "%04d-%02d-%02d", y, m, d);
	}
}

static int plain3(const char *s) { return s && strlen(s) == 3; }

/* Can a summary answer q: dyad_days (three = 1: actors of 3 characters) or pair_days (three =
 * 0: any)?  A dyad or an actor, and only date and mode filters. */
static int summary_ok(const struct dyad_query *q, int three)
{
	if (three && (q->dyad_a ? !(plain3(q->dyad_a) && plain3(q->dyad_b)) : !plain3(q->actor))) return 0;
	if (q->dyad_a ? !(q->dyad_b && *q->dyad_a && *q->dyad_b) : !(q->actor && *q->actor)) return 0;
	if (q->dyad_a && q->actor) return 0;
	if (q->source || q->target || q->quad || q->plover || q->country || q->text) return 0;
	if (q->code || q->event) return 0;
	/* a summary's cells are by mode class: "reported" is counted with "asserted" there */
	if (q->mode && strcmp(q->mode, "reported") == 0) return 0;
	return 1;
}

/* " AND COL >= $i AND COL <= $j" for q's date range into out (the same text serves both
 * directions of a series). */
static void date_conds(struct sqlbuf *b, const struct dyad_query *q, const char *col, char *out,
                       size_t n)
{
	size_t k = 0;
	out[0] = 0;
	if (q->from && *q->from) k += (size_t)snprintf(out, n, " AND %s >= $%zu", col, param(b, q->from));
	if (q->to && *q->to && k < n) snprintf(out + k, n - k, " AND %s <= $%zu", col, param(b, q->to));
}

/* The SQL of a series from pair_days: per date and direction, the cells of every source code
 * that matches (the actors table lists every code of the store), each one range of the
 * summary's key over the matching targets.  Direction 0 is a as source (and b as target, or
 * any target), 1 a as target (every source, the unknown "" included). */
static void series_pairs(struct sqlbuf *b, const struct dyad_query *q, const char *a, const char *bb)
{
	char extra[256];
	size_t pm = param(b, q->mode);
	date_conds(b, q, "d.date", extra, sizeof extra);
	for (int dir = 0; dir < 2; dir++) {
		const char *src = dir ? bb : a, *tgt = dir ? a : bb;
		if (dir) sql_add(b, " UNION ALL ");
		sql_add(b, "SELECT d.date, %d, sum(d.n), sum(d.gsum) FROM ", dir);
		if (src) {
			sql_add(b, "actors sa CROSS JOIN pair_days d WHERE ");
			prefix_cond(b, "sa.code", src);
		} else {
			sql_add(b, "(SELECT code FROM actors UNION ALL SELECT '') sa CROSS JOIN pair_days d"
			        " WHERE true");
		}
		sql_add(b, " AND d.source = sa.code");
		if (tgt) {
			sql_add(b, " AND ");
			prefix_cond(b, "d.target", tgt);
		}
		sql_add(b, " AND d.kmode = $%zu%s GROUP BY d.date", pm, extra);
	}
}

struct day_row {
	long day;
	int dir;
	double n, gsum;
};

dyad_status dyad_store_series(dyad_store *st, const struct dyad_query *q, char period,
                              dyad_rows **out, struct dyad_error *err)
{
	struct sqlbuf b;
	dyad_rows *r = NULL;
	dyad_status s;
	struct dyad_query fq = *q;
	struct day_row *days = NULL;
	size_t nd = 0, cap = 0;
	const char *a = q->dyad_a ? q->dyad_a : q->actor, *bb = q->dyad_b;
	char names[7][96];
	const char *np[7];
	static const unsigned char num[7] = {0, 1, 2, 2, 1, 2, 2};

	*out = NULL;
	if (period != 'd' && period != 'w' && period != 'm') {
		dyad_error_set(err, "period must be day, week or month");
		return DYAD_ERR_USAGE;
	}
	if (!a || !*a || (q->dyad_a && (!bb || !*bb))) {
		dyad_error_set(err, "a series needs a dyad or an actor");
		return DYAD_ERR_USAGE;
	}
	memset(&b, 0, sizeof b);
	if (!fq.mode) fq.mode = "asserted";
	if (summary_ok(&fq, 1)) {
		size_t pa = param(&b, a), pm = param(&b, fq.mode);
		char extra[256];
		date_conds(&b, &fq, "date", extra, sizeof extra);
		if (bb) {
			size_t pb = param(&b, bb);
			sql_add(&b, "SELECT date, 0, sum(n), sum(gsum) FROM dyad_days WHERE s3 = $%zu AND t3 = $%zu"
			        " AND kmode = $%zu%s GROUP BY date UNION ALL"
			        " SELECT date, 1, sum(n), sum(gsum) FROM dyad_days WHERE s3 = $%zu AND t3 = $%zu"
			        " AND kmode = $%zu%s GROUP BY date", pa, pb, pm, extra, pb, pa, pm, extra);
		} else {
			sql_add(&b, "SELECT date, 0, sum(n), sum(gsum) FROM dyad_days WHERE s3 = $%zu"
			        " AND kmode = $%zu%s GROUP BY date UNION ALL"
			        " SELECT date, 1, sum(n), sum(gsum) FROM dyad_days WHERE t3 = $%zu"
			        " AND kmode = $%zu%s GROUP BY date", pa, pm, extra, pa, pm, extra);
		}
	} else if (st->pair_days && summary_ok(&fq, 0)) {
		series_pairs(&b, &fq, a, bb);
	} else {
		/* from the events: the direction is the first condition that holds */
		struct dyad_query one = fq, two = fq;
		if (bb) {
			one.dyad_a = one.dyad_b = two.dyad_a = two.dyad_b = NULL;
			one.source = a; one.target = bb;
			two.source = bb; two.target = a;
		} else {
			one.actor = two.actor = NULL;
			one.source = a;
			two.target = a;
		}
		if ((one.source && fq.source) || (one.target && fq.target) || (two.source && fq.source) ||
		    (two.target && fq.target)) {
			dyad_error_set(err, "a series takes a dyad or an actor, not --source/--target");
			return DYAD_ERR_USAGE;
		}
		sql_add(&b, "SELECT e.date, 0, count(*), sum(e.goldstein) FROM events e WHERE true");
		where(st, &b, &one, "e");
		sql_add(&b, " GROUP BY e.date UNION ALL SELECT e.date, 1, count(*), sum(e.goldstein)"
		        " FROM events e WHERE true");
		where(st, &b, &two, "e");
		sql_add(&b, " GROUP BY e.date");
	}
	if ((s = run(st, &b, 4, (const char *const[]){"date", "dir", "n", "gsum"}, NULL, NULL, &r, err)) != DYAD_OK)
		return s;
	while ((s = dyad_rows_next(r, err)) == DYAD_OK) {
		if (mem_grow(&days, &cap, nd + 1, sizeof *days, (size_t)1 << 24) < 0) {
			s = DYAD_ERR_NOMEM;
			dyad_error_set(err, "out of memory");
			break;
		}
		days[nd].day = parse_day(bv(r, 0));
		days[nd].dir = atoi(bv(r, 1));
		days[nd].n = strtod(bv(r, 2), NULL);
		days[nd].gsum = strtod(bv(r, 3), NULL);
		nd++;
	}
	dyad_rows_free(r);
	r = NULL;
	if (s != DYAD_END) {
		dyad_free(days);
		return s;
	}

	/* buckets from the first to the last day (or the query's range), empty periods included */
	{
		long lo = 0, hi = 0;
		int have_lo = q->from && *q->from, have_hi = q->to && *q->to;
		char cur[32] = "", p[32], cell[7][48];
		double n[2] = {0, 0}, g[2] = {0, 0};
		const char *row[7];

		for (size_t i = 0; i < nd; i++) {
			if (i == 0 || days[i].day < lo) lo = days[i].day;
			if (i == 0 || days[i].day > hi) hi = days[i].day;
		}
		if (have_lo) lo = parse_day(q->from);
		if (have_hi) hi = parse_day(q->to);
		snprintf(names[0], sizeof names[0], "period");
		for (int d = 0; d < 2; d++) {
			const char *x = d == 0 ? a : (bb ? bb : "*"), *y = d == 0 ? (bb ? bb : "*") : a;
			snprintf(names[1 + 3 * d], sizeof names[0], "%s>%s:events", x, y);
			snprintf(names[2 + 3 * d], sizeof names[0], "%s>%s:goldstein", x, y);
			snprintf(names[3 + 3 * d], sizeof names[0], "%s>%s:mean", x, y);
		}
		for (int i = 0; i < 7; i++) np[i] = names[i];
		if (!(r = store_rows_new(st)) || store_rows_cols(r, 7, np, num) < 0) goto oom;
		if (nd == 0 && !(have_lo && have_hi)) {
			dyad_free(days);
			*out = r;
			return DYAD_OK;
		}
		if (hi - lo > 200000) {
			dyad_error_set(err, "date range too long");
			dyad_free(days);
			dyad_rows_free(r);
			return DYAD_ERR_USAGE;
		}
		/* sum per day first (days come grouped per direction, in any order) */
		{
			size_t span = (size_t)(hi - lo + 1);
			double *dn = dyad_calloc(span * 4, sizeof *dn);
			if (!dn) goto oom;
			for (size_t i = 0; i < nd; i++) {
				if (days[i].day < lo || days[i].day > hi) continue;
				size_t k = (size_t)(days[i].day - lo) * 4 + (size_t)(days[i].dir ? 2 : 0);
				dn[k] += days[i].n;
				dn[k + 1] += days[i].gsum;
			}
			for (long z = lo; z <= hi + 1; z++) {
				if (z <= hi) period_of(z, period, p, sizeof p);
				if ((z > hi || strcmp(p, cur) != 0) && *cur) {
					row[0] = cur;
					for (int d = 0; d < 2; d++) {
						snprintf(cell[1 + 3 * d], sizeof cell[0], "%.0f", n[d]);
						snprintf(cell[2 + 3 * d], sizeof cell[0], "%.6g", g[d]);
						if (n[d] > 0) snprintf(cell[3 + 3 * d], sizeof cell[0], "%.4g", g[d] / n[d]);
						else snprintf(cell[3 + 3 * d], sizeof cell[0], "0");
						row[1 + 3 * d] = cell[1 + 3 * d];
						row[2 + 3 * d] = cell[2 + 3 * d];
						row[3 + 3 * d] = cell[3 + 3 * d];
					}
					if (store_rows_add(r, row) < 0) {
						dyad_free(dn);
						goto oom;
					}
					n[0] = n[1] = g[0] = g[1] = 0;
				}
				if (z > hi) break;
				snprintf(cur, sizeof cur, "%s", p);
				size_t k = (size_t)(z - lo) * 4;
				n[0] += dn[k]; g[0] += dn[k + 1]; n[1] += dn[k + 2]; g[1] += dn[k + 3];
			}
			dyad_free(dn);
		}
	}
	dyad_free(days);
	*out = r;
	return DYAD_OK;
oom:
	dyad_free(days);
	dyad_rows_free(r);
	dyad_error_set(err, "out of memory");
	return DYAD_ERR_NOMEM;
}

/* ---- network and top lists ---- */

dyad_status dyad_store_network(dyad_store *st, const struct dyad_query *q, int depth,
                               dyad_rows **out, struct dyad_error *err)
{
	struct sqlbuf b;
	static const char *const names[] = {"source", "target", "events", "mentions", "goldstein", "mean"};
	static const unsigned char num[] = {0, 0, 1, 1, 2, 2};
	char s[64], t[64];

	memset(&b, 0, sizeof b);
	if (depth < 0 || depth > 30) {
		dyad_error_set(err, "depth must be 0 to 30");
		return DYAD_ERR_USAGE;
	}
	if (depth) {
		snprintf(s, sizeof s, "substr(e.source, 1, %d)", depth);
		snprintf(t, sizeof t, "substr(e.target, 1, %d)", depth);
	} else {
		snprintf(s, sizeof s, "e.source");
		snprintf(t, sizeof t, "e.target");
	}
	sql_add(&b, "SELECT %s, %s, count(*), sum(e.nmentions), sum(e.goldstein), avg(e.goldstein)"
	        " FROM events e WHERE e.source <> '' AND e.target <> ''", s, t);
	where(st, &b, q, "e");
	sql_add(&b, " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2");
	limit(st, &b, q);
	return run(st, &b, 6, names, num, x_plain, out, err);
}

dyad_status dyad_store_top(dyad_store *st, const struct dyad_query *q, const char *what, int n,
                           dyad_rows **out, struct dyad_error *err)
{
	struct sqlbuf b;
	memset(&b, 0, sizeof b);
	if (n <= 0) n = 10;
	if (strcmp(what, "actors") == 0) {
		static const char *const names[] = {"actor", "name", "events"};
		static const unsigned char num[] = {0, 0, 1};
		sql_add(&b, "SELECT x.actor, max(a.name), count(*) FROM (SELECT e.source AS actor FROM events e"
		        " WHERE e.source <> ''");
		where(st, &b, q, "e");
		sql_add(&b, " UNION ALL SELECT e.target FROM events e WHERE e.target <> ''");
		where(st, &b, q, "e");
		sql_add(&b, ") x LEFT JOIN actors a ON a.code = x.actor GROUP BY x.actor ORDER BY 3 DESC, 1"
		        " LIMIT %d", n);
		return run(st, &b, 3, names, num, x_plain, out, err);
	}
	if (strcmp(what, "dyads") == 0) {
		static const char *const names[] = {"source", "target", "events", "goldstein"};
		static const unsigned char num[] = {0, 0, 1, 2};
		sql_add(&b, "SELECT e.source, e.target, count(*), sum(e.goldstein) FROM events e"
		        " WHERE e.source <> '' AND e.target <> ''");
		where(st, &b, q, "e");
		sql_add(&b, " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT %d", n);
		return run(st, &b, 4, names, num, x_plain, out, err);
	}
	if (strcmp(what, "codes") == 0) {
		static const char *const names[] = {"code", "plover", "events", "mentions"};
		static const unsigned char num[] = {0, 0, 1, 1};
		sql_add(&b, "SELECT e.code, max(e.plover), count(*), sum(e.nmentions) FROM events e WHERE true");
		where(st, &b, q, "e");
		sql_add(&b, " GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT %d", n);
		return run(st, &b, 4, names, num, x_plain, out, err);
	}
	dyad_error_set(err, "top of '%s'? actors, dyads or codes", what);
	return DYAD_ERR_USAGE;
}

dyad_status dyad_store_stamp(dyad_store *st, char *buf, size_t n, struct dyad_error *err)
{
	struct sqlbuf b;
	dyad_rows *r;
	dyad_status s;
	memset(&b, 0, sizeof b);
	/* rows are only ever added, in one transaction per batch: the last ids tell a batch apart */
	sql_add(&b, "SELECT (SELECT max(id) FROM documents), (SELECT max(id) FROM mentions)");
	if ((s = run(st, &b, 2, (const char *const[]){"d", "m"}, NULL, NULL, &r, err)) != DYAD_OK)
		return s;
	if ((s = dyad_rows_next(r, err)) == DYAD_OK)
		snprintf(buf, n, "%s/%s", bv(r, 0), bv(r, 1));
	dyad_rows_free(r);
	return s == DYAD_END ? DYAD_OK : s;
}

dyad_status dyad_store_count(dyad_store *st, struct dyad_store_counts *c, struct dyad_error *err)
{
	struct sqlbuf b;
	dyad_rows *r;
	dyad_status s;
	memset(&b, 0, sizeof b);
	memset(c, 0, sizeof *c);
	sql_add(&b, "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM sentences),"
	        " (SELECT count(*) FROM events), (SELECT count(*) FROM mentions),"
	        " (SELECT count(*) FROM actors)");
	if ((s = run(st, &b, 5, (const char *const[]){"d", "s", "e", "m", "a"}, NULL, NULL, &r, err)) != DYAD_OK)
		return s;
	if ((s = dyad_rows_next(r, err)) == DYAD_OK) {
		c->documents = atoll(bv(r, 0));
		c->sentences = atoll(bv(r, 1));
		c->events = atoll(bv(r, 2));
		c->mentions = atoll(bv(r, 3));
		c->actors = atoll(bv(r, 4));
	}
	dyad_rows_free(r);
	return s == DYAD_OK ? DYAD_OK : s;
}
