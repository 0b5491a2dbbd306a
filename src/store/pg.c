/* pg.c -- the PostgreSQL back end of the event store, through libpq.  The same tables as
 * sqlite.c (full-text search is a generated tsvector column with a GIN index instead of FTS5).
 * A batch's staged rows are kept in memory as COPY text and, at commit, bulk loaded with COPY into
 * TEMP tables and merged by set-based SQL in one transaction, under an advisory lock so that only
 * one writer merges at a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "store/store_int.h"
#include "util/error.h"

#define SCHEMA_VERSION "1"
#define MAX_COPY ((size_t)1 << 31)

struct pgconn {
	PGconn *c;
	char *buf[STAGE_N];          /* COPY text of each staging table */
	size_t len[STAGE_N], cap[STAGE_N];
	PGresult *res;               /* the current row of a query in single-row mode */
	PGresult *pending;           /* the first row, read ahead for the column count */
	int querying;
};

static const char schema[] =
	"SELECT pg_advisory_xact_lock(7411);\n"
	"CREATE TABLE IF NOT EXISTS meta(key text PRIMARY KEY, value text);\n"
	"CREATE TABLE IF NOT EXISTS documents(id bigserial PRIMARY KEY, doc text COLLATE \"C\" NOT NULL"
	" UNIQUE, date text, url text, source text NOT NULL DEFAULT '', title text,"
	" hash text NOT NULL UNIQUE, nevents integer NOT NULL, added text NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS sentences(id bigserial PRIMARY KEY, doc_id bigint NOT NULL,"
	" idx integer NOT NULL, text text NOT NULL, tsv tsvector GENERATED ALWAYS AS"
	" (to_tsvector('english', text)) STORED, UNIQUE(doc_id, idx));\n"
	"CREATE INDEX IF NOT EXISTS sentences_tsv ON sentences USING gin(tsv);\n"
	"CREATE TABLE IF NOT EXISTS events(id bigserial PRIMARY KEY, date text COLLATE \"C\" NOT NULL,"
	" a1 text COLLATE \"C\" NOT NULL, a2 text COLLATE \"C\" NOT NULL, root text COLLATE \"C\" NOT NULL,"
	" kmode text COLLATE \"C\" NOT NULL, source text COLLATE \"C\" NOT NULL,"
	" target text COLLATE \"C\" NOT NULL, code text COLLATE \"C\" NOT NULL, quad integer NOT NULL,"
	" goldstein double precision NOT NULL, plover text, mode text NOT NULL, country text,"
	" loc_name text, lat double precision, lon double precision, doc_id bigint NOT NULL,"
	" sentence_id bigint NOT NULL, nmentions integer NOT NULL DEFAULT 0,"
	" nsources integer NOT NULL DEFAULT 0, narticles integer NOT NULL DEFAULT 0,"
	" UNIQUE(date, a1, a2, root, kmode));\n"
	"CREATE INDEX IF NOT EXISTS events_source ON events(source, target, date);\n"
	"CREATE INDEX IF NOT EXISTS events_target ON events(target, source, date);\n"
	"CREATE TABLE IF NOT EXISTS mentions(id bigserial PRIMARY KEY, event_id bigint NOT NULL,"
	" doc_id bigint NOT NULL, sentence_id bigint NOT NULL, sidx integer NOT NULL,"
	" source text NOT NULL, target text NOT NULL, source_name text, target_name text,"
	" code text NOT NULL, quad integer NOT NULL, goldstein double precision NOT NULL, plover text,"
	" mode text NOT NULL, date text NOT NULL, date_source text, country text, loc_name text,"
	" lat double precision, lon double precision, attribution text NOT NULL, attr_code text,"
	" confidence double precision NOT NULL, sent_s bigint, sent_e bigint, src_s bigint,"
	" src_e bigint, verb_s bigint, verb_e bigint, tgt_s bigint, tgt_e bigint,"
	" issues text NOT NULL, explain text);\n"
	"CREATE INDEX IF NOT EXISTS mentions_event ON mentions(event_id);\n"
	"CREATE TABLE IF NOT EXISTS actors(code text COLLATE \"C\" PRIMARY KEY, name text,"
	" country text, type text);\n"
	"CREATE TABLE IF NOT EXISTS dyad_days(s3 text COLLATE \"C\" NOT NULL,"
	" t3 text COLLATE \"C\" NOT NULL, kmode text COLLATE \"C\" NOT NULL,"
	" date text COLLATE \"C\" NOT NULL, n bigint NOT NULL, gsum double precision NOT NULL,"
	" PRIMARY KEY(s3, t3, kmode, date));\n"
	"CREATE INDEX IF NOT EXISTS dyad_days_t ON dyad_days(t3, kmode, date);\n"
	"INSERT INTO meta VALUES('schema', '" SCHEMA_VERSION "') ON CONFLICT DO NOTHING;\n";

static const char stage_schema[] =
	"SET client_min_messages = warning;\n"
	"CREATE TEMP TABLE IF NOT EXISTS stage_doc(seq bigint, doc text, date text, url text,"
	" source text, title text, hash text, nevents integer);\n"
	"CREATE TEMP TABLE IF NOT EXISTS stage_sent(seq bigint, doc text, idx integer, text text);\n"
	"CREATE TEMP TABLE IF NOT EXISTS stage_ment(seq bigint, doc text, sidx integer, source text,"
	" target text, source_name text, target_name text, code text, root text, quad integer,"
	" goldstein double precision, plover text, mode text, date text, date_source text,"
	" country text, loc_name text, lat double precision, lon double precision, attribution text,"
	" attr_code text, confidence double precision, sent_s bigint, sent_e bigint, src_s bigint,"
	" src_e bigint, verb_s bigint, verb_e bigint, tgt_s bigint, tgt_e bigint, issues text,"
	" explain text, k_a1 text, k_a2 text, k_mode text);\n";

/* @M0 the last mention id before the batch, @E0 the last event id, @NOW the batch's time. */
static const char merge[] =
	"INSERT INTO documents(doc, date, url, source, title, hash, nevents, added)"
	" SELECT doc, date, url, source, title, hash, nevents, '@NOW' FROM stage_doc ORDER BY seq;\n"
	"INSERT INTO sentences(doc_id, idx, text) SELECT d.id, s.idx, s.text FROM stage_sent s"
	" JOIN documents d ON d.doc = s.doc ORDER BY s.seq;\n"
	"INSERT INTO events(date, a1, a2, root, kmode, source, target, code, quad, goldstein, plover,"
	" mode, country, loc_name, lat, lon, doc_id, sentence_id)"
	" SELECT m.date, m.k_a1, m.k_a2, m.root, m.k_mode, m.source, m.target, m.code, m.quad,"
	" m.goldstein, m.plover, m.mode, m.country, m.loc_name, m.lat, m.lon, d.id, s.id"
	" FROM (SELECT DISTINCT ON (date, k_a1, k_a2, root, k_mode) * FROM stage_ment"
	" ORDER BY date, k_a1, k_a2, root, k_mode, seq) m"
	" JOIN documents d ON d.doc = m.doc JOIN sentences s ON s.doc_id = d.id AND s.idx = m.sidx"
	" ORDER BY m.seq ON CONFLICT DO NOTHING;\n"
	"INSERT INTO mentions(event_id, doc_id, sentence_id, sidx, source, target, source_name,"
	" target_name, code, quad, goldstein, plover, mode, date, date_source, country, loc_name, lat,"
	" lon, attribution, attr_code, confidence, sent_s, sent_e, src_s, src_e, verb_s, verb_e, tgt_s,"
	" tgt_e, issues, explain)"
	" SELECT e.id, d.id, s.id, m.sidx, m.source, m.target, m.source_name, m.target_name, m.code,"
	" m.quad, m.goldstein, m.plover, m.mode, m.date, m.date_source, m.country, m.loc_name, m.lat,"
	" m.lon, m.attribution, m.attr_code, m.confidence, m.sent_s, m.sent_e, m.src_s, m.src_e,"
	" m.verb_s, m.verb_e, m.tgt_s, m.tgt_e, m.issues, m.explain FROM stage_ment m"
	" JOIN documents d ON d.doc = m.doc JOIN sentences s ON s.doc_id = d.id AND s.idx = m.sidx"
	" JOIN events e ON e.date = m.date AND e.a1 = m.k_a1 AND e.a2 = m.k_a2 AND e.root = m.root"
	" AND e.kmode = m.k_mode ORDER BY m.seq;\n"
	/* counted in one pass over the touched events' mentions (a subquery per event was planned as a
	 * scan of every document for each event, quadratic in the size of the store) */
	"UPDATE events e SET nmentions = c.n, narticles = c.na, nsources = c.ns FROM"
	" (SELECT m.event_id, count(*) AS n, count(DISTINCT m.doc_id) AS na,"
	" count(DISTINCT d.source) AS ns FROM mentions m JOIN documents d ON d.id = m.doc_id"
	" WHERE m.event_id IN (SELECT event_id FROM mentions WHERE id > @M0) GROUP BY m.event_id) c"
	" WHERE e.id = c.event_id;\n"
	"INSERT INTO dyad_days(s3, t3, kmode, date, n, gsum)"
	" SELECT substr(source, 1, 3), substr(target, 1, 3), kmode, date, count(*), sum(goldstein)"
	" FROM events WHERE id > @E0 GROUP BY 1, 2, 3, 4"
	" ON CONFLICT(s3, t3, kmode, date) DO UPDATE SET n = dyad_days.n + excluded.n,"
	" gsum = dyad_days.gsum + excluded.gsum;\n"
	"INSERT INTO actors(code, name, country, type)"
	" SELECT code, max(name), substr(code, 1, 3), substr(code, 4, 3) FROM"
	" (SELECT source AS code, source_name AS name FROM stage_ment UNION ALL"
	"  SELECT target, target_name FROM stage_ment) u WHERE code <> '' GROUP BY code"
	" ON CONFLICT(code) DO UPDATE SET name = nullif(greatest(coalesce(actors.name, ''), coalesce(excluded.name, '')), '');\n"
	"TRUNCATE stage_doc, stage_sent, stage_ment;\n";

static dyad_status pg_err(dyad_store *st, struct dyad_error *err, const char *what)
{
	struct pgconn *p = st->db;
	const char *m = p && p->c ? PQerrorMessage(p->c) : "no connection";
	size_t n = strlen(m);
	while (n && (m[n - 1] == '\n' || m[n - 1] == ' ')) n--;
	dyad_error_set(err, "%s: %.*s", what, (int)n, m);
	return DYAD_ERR_IO;
}

/* Run SQL without results; 0 or -1. */
static dyad_status run(dyad_store *st, const char *sql, struct dyad_error *err)
{
	struct pgconn *p = st->db;
	PGresult *r = PQexec(p->c, sql);
	ExecStatusType t = PQresultStatus(r);
	PQclear(r);
	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) return pg_err(st, err, "postgresql");
	return DYAD_OK;
}

static void pg_close(dyad_store *st)
{
	struct pgconn *p = st->db;
	if (!p) return;
	PQclear(p->res);
	PQclear(p->pending);
	if (p->c) PQfinish(p->c);
	for (int i = 0; i < STAGE_N; i++) dyad_free(p->buf[i]);
	dyad_free(p);
	st->db = NULL;
}

static dyad_status pg_open(dyad_store *st, const char *where, struct dyad_error *err)
{
	struct pgconn *p = dyad_calloc(1, sizeof *p);
	PGresult *r;
	dyad_status s;

	if (!p) {
		dyad_error_set(err, "out of memory");
		return DYAD_ERR_NOMEM;
	}
	st->db = p;
	p->c = PQconnectdb(where);
	if (!p->c || PQstatus(p->c) != CONNECTION_OK) {
		s = pg_err(st, err, "postgresql");
		pg_close(st);
		return s;
	}
	if (st->read_only) {
		/* every transaction of this session is read-only: the server refuses any write */
		if ((s = run(st, "SET client_min_messages = warning;"
		             " SET default_transaction_read_only = on", err)) != DYAD_OK) {
			pg_close(st);
			return s;
		}
	} else if ((s = run(st, "SET client_min_messages = warning; SET jit = off; BEGIN", err)) != DYAD_OK ||
	           (s = run(st, schema, err)) != DYAD_OK || (s = run(st, "COMMIT", err)) != DYAD_OK) {
		pg_close(st);
		return s;
	}
	r = PQexec(p->c, "SELECT value FROM meta WHERE key = 'schema'");
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1 ||
	    strcmp(PQgetvalue(r, 0, 0), SCHEMA_VERSION) != 0) {
		PQclear(r);
		dyad_error_set(err, "not a dyad store of schema version %s", SCHEMA_VERSION);
		pg_close(st);
		return DYAD_ERR_FORMAT;
	}
	PQclear(r);
	if (st->read_only) return DYAD_OK;
	if ((s = run(st, stage_schema, err)) != DYAD_OK) {
		pg_close(st);
		return s;
	}
	/* two lookups, each by its unique index whatever the table's statistics say: with "doc = $1
	 * OR hash = $2" the plan made while the table was empty (a scan of it) was kept for the
	 * whole ingest, a scan of every document for each document */
	r = PQprepare(p->c, "exists", "SELECT 1 FROM documents WHERE doc = $1 UNION ALL"
	              " SELECT 1 FROM documents WHERE hash = $2 LIMIT 1", 2, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		PQclear(r);
		s = pg_err(st, err, "postgresql");
		pg_close(st);
		return s;
	}
	PQclear(r);
	return DYAD_OK;
}

static dyad_status pg_exists(dyad_store *st, const char *id, const char *hash, int *exists,
                             struct dyad_error *err)
{
	struct pgconn *p = st->db;
	const char *params[2] = {id, hash};
	PGresult *r = PQexecPrepared(p->c, "exists", 2, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		PQclear(r);
		return pg_err(st, err, "postgresql");
	}
	*exists = PQntuples(r) > 0;
	PQclear(r);
	return DYAD_OK;
}

static dyad_status pg_begin(dyad_store *st, struct dyad_error *err)
{
	struct pgconn *p = st->db;
	(void)err;
	for (int i = 0; i < STAGE_N; i++) p->len[i] = 0;
	return DYAD_OK;
}

static void pg_rollback(dyad_store *st)
{
	struct pgconn *p = st->db;
	PGresult *r = PQexec(p->c, "ROLLBACK");
	PQclear(r);
	for (int i = 0; i < STAGE_N; i++) p->len[i] = 0;
}

static int put(struct pgconn *p, int t, const char *s, size_t n)
{
	if (mem_grow(&p->buf[t], &p->cap[t], p->len[t] + n + 1, 1, MAX_COPY) < 0) return -1;
	memcpy(p->buf[t] + p->len[t], s, n);
	p->len[t] += n;
	return 0;
}

/* A value in COPY text format. */
static int put_val(struct pgconn *p, int t, const struct store_val *v)
{
	char num[40];
	const char *s;
	if (v->type == SV_NULL) return put(p, t, "\\N", 2);
	if (v->type == SV_INT) {
		snprintf(num, sizeof num, "%lld", (long long)v->i);
		return put(p, t, num, strlen(num));
	}
	if (v->type == SV_REAL) {
		snprintf(num, sizeof num, "%.17g", v->d);
		return put(p, t, num, strlen(num));
	}
	for (s = v->s; *s; s++) {
		const char *esc = NULL;
		switch (*s) {
		case '\\': esc = "\\\\"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		}
		if (esc ? put(p, t, esc, 2) : put(p, t, s, 1)) return -1;
	}
	return 0;
}

static dyad_status pg_stage(dyad_store *st, int table, const struct store_val *v, size_t n,
                            struct dyad_error *err)
{
	struct pgconn *p = st->db;
	for (size_t i = 0; i < n; i++)
		if ((i && put(p, table, "\t", 1)) || put_val(p, table, &v[i])) {
			dyad_error_set(err, "out of memory (batch too large)");
			return DYAD_ERR_NOMEM;
		}
	if (put(p, table, "\n", 1)) {
		dyad_error_set(err, "out of memory (batch too large)");
		return DYAD_ERR_NOMEM;
	}
	return DYAD_OK;
}

static dyad_status copy_in(dyad_store *st, int t, struct dyad_error *err)
{
	struct pgconn *p = st->db;
	char sql[64];
	PGresult *r;
	snprintf(sql, sizeof sql, "COPY %s FROM STDIN", store_stage_names[t]);
	r = PQexec(p->c, sql);
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		PQclear(r);
		return pg_err(st, err, "postgresql");
	}
	PQclear(r);
	for (size_t off = 0; off < p->len[t];) {
		size_t n = p->len[t] - off > (1 << 20) ? (1 << 20) : p->len[t] - off;
		if (PQputCopyData(p->c, p->buf[t] + off, (int)n) != 1) return pg_err(st, err, "postgresql");
		off += n;
	}
	if (PQputCopyEnd(p->c, NULL) != 1) return pg_err(st, err, "postgresql");
	r = PQgetResult(p->c);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		PQclear(r);
		while ((r = PQgetResult(p->c))) PQclear(r);
		return pg_err(st, err, "postgresql");
	}
	PQclear(r);
	while ((r = PQgetResult(p->c))) PQclear(r);
	return DYAD_OK;
}

static int64_t max_id(dyad_store *st, const char *table)
{
	struct pgconn *p = st->db;
	char sql[96];
	int64_t v = -1;
	PGresult *r;
	snprintf(sql, sizeof sql, "SELECT coalesce(max(id), 0) FROM %s", table);
	r = PQexec(p->c, sql);
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) v = atoll(PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

static dyad_status pg_commit(dyad_store *st, struct dyad_error *err)
{
	struct pgconn *p = st->db;
	char *sql = NULL, now[32], n[2][24];
	size_t cap = sizeof merge + 256;
	int64_t m0, e0;
	time_t t = time(NULL);
	struct tm tm;
	dyad_status s;

	if ((s = run(st, "BEGIN; SELECT pg_advisory_xact_lock(7411)", err)) != DYAD_OK) goto fail;
	for (int i = 0; i < STAGE_N; i++)
		if ((s = copy_in(st, i, err)) != DYAD_OK) goto fail;
	m0 = max_id(st, "mentions");
	e0 = max_id(st, "events");
	if (m0 < 0 || e0 < 0) {
		s = pg_err(st, err, "postgresql");
		goto fail;
	}
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(n[0], sizeof n[0], "%lld", (long long)m0);
	snprintf(n[1], sizeof n[1], "%lld", (long long)e0);
	if (!(sql = dyad_malloc(cap))) {
		dyad_error_set(err, "out of memory");
		s = DYAD_ERR_NOMEM;
		goto fail;
	}
	store_subst(sql, cap, merge, (const char *const[]){"@M0", n[0], "@E0", n[1], "@NOW", now, NULL});
	if ((s = run(st, sql, err)) != DYAD_OK || (s = run(st, "COMMIT", err)) != DYAD_OK) goto fail;
	dyad_free(sql);
	for (int i = 0; i < STAGE_N; i++) p->len[i] = 0;
	return DYAD_OK;
fail:
	dyad_free(sql);
	pg_rollback(st);
	return s;
}

/* ---- queries: single-row mode, so that an export streams ---- */

static void rows_free(dyad_rows *r)
{
	struct pgconn *p = r->cur;
	PGresult *res;
	if (!p) return;
	PQclear(p->res);
	PQclear(p->pending);
	p->res = p->pending = NULL;
	if (p->querying) {
		/* drain what is left of the result */
		while ((res = PQgetResult(p->c))) PQclear(res);
		p->querying = 0;
	}
	r->cur = NULL;
}

static dyad_status rows_next(dyad_rows *r, struct dyad_error *err)
{
	struct pgconn *p = r->cur;
	PGresult *res;
	PQclear(p->res);
	p->res = NULL;
	if (p->pending) {
		p->res = p->pending;
		p->pending = NULL;
		return DYAD_OK;
	}
	if (!p->querying) return DYAD_END;
	res = PQgetResult(p->c);
	if (!res) {
		p->querying = 0;
		return DYAD_END;
	}
	switch (PQresultStatus(res)) {
	case PGRES_SINGLE_TUPLE:
		p->res = res;
		return DYAD_OK;
	case PGRES_TUPLES_OK:
		PQclear(res);
		while ((res = PQgetResult(p->c))) PQclear(res);
		p->querying = 0;
		return DYAD_END;
	default: {
		const char *m = PQresultErrorMessage(res);
		size_t n = strlen(m);
		while (n && m[n - 1] == '\n') n--;
		dyad_error_set(err, "postgresql: %.*s", (int)n, m);
		PQclear(res);
		while ((res = PQgetResult(p->c))) PQclear(res);
		p->querying = 0;
		return DYAD_ERR_IO;
	}
	}
}

static const char *rows_value(dyad_rows *r, size_t col)
{
	struct pgconn *p = r->cur;
	if (!p->res || PQgetisnull(p->res, 0, (int)col)) return NULL;
	return PQgetvalue(p->res, 0, (int)col);
}

static dyad_status pg_query(dyad_store *st, const char *sql, size_t nparams,
                            const char *const *params, dyad_rows *r, struct dyad_error *err)
{
	struct pgconn *p = st->db;
	PGresult *res;
	if (p->querying) {
		dyad_error_set(err, "postgresql: one query at a time per store");
		return DYAD_ERR_USAGE;
	}
	if (!PQsendQueryParams(p->c, sql, (int)nparams, NULL, params, NULL, NULL, 0) ||
	    !PQsetSingleRowMode(p->c))
		return pg_err(st, err, "postgresql");
	p->querying = 1;
	r->cur = p;
	r->bnext = rows_next;
	r->bvalue = rows_value;
	r->bfree = rows_free;
	/* the column count comes with the first row; peek at it now */
	res = PQgetResult(p->c);
	if (!res) {
		p->querying = 0;
		r->bncols = 0;
		return DYAD_OK;
	}
	if (PQresultStatus(res) == PGRES_SINGLE_TUPLE || PQresultStatus(res) == PGRES_TUPLES_OK) {
		r->bncols = (size_t)PQnfields(res);
		if (PQresultStatus(res) == PGRES_TUPLES_OK) {
			PQclear(res);
			while ((res = PQgetResult(p->c))) PQclear(res);
			p->querying = 0;
			return DYAD_OK;
		}
		/* keep the first row for the first rows_next */
		p->pending = res;
		return DYAD_OK;
	}
	{
		const char *m = PQresultErrorMessage(res);
		size_t n = strlen(m);
		while (n && m[n - 1] == '\n') n--;
		dyad_error_set(err, "postgresql: %.*s", (int)n, m);
	}
	PQclear(res);
	while ((res = PQgetResult(p->c))) PQclear(res);
	p->querying = 0;
	r->cur = NULL;
	return DYAD_ERR_IO;
}

const struct store_ops store_pg_ops = {
	"postgresql", pg_open, pg_close, pg_exists, pg_begin, pg_stage, pg_commit, pg_rollback,
	pg_query,
};
