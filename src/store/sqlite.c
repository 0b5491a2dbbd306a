/* sqlite.c -- the SQLite back end of the event store (the default).  WAL mode, one transaction per
 * batch: staged rows go into TEMP tables through prepared statements, and the merge (documents,
 * sentences, FTS5 index, events with their dedup key, mentions, counters, the dyad_days summary,
 * actors) is set-based SQL run before COMMIT, so a batch is stored whole or not at all.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "store/store_int.h"
#include "util/error.h"

#define SCHEMA_VERSION "1"

struct lite {
	sqlite3 *db;
	sqlite3_stmt *stage[STAGE_N];
	sqlite3_stmt *exists;
	int wrote;                  /* a batch was committed: refresh the planner's statistics */
};

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;\n"
	"CREATE TABLE IF NOT EXISTS documents(id INTEGER PRIMARY KEY, doc TEXT NOT NULL UNIQUE,"
	" date TEXT, url TEXT, source TEXT NOT NULL DEFAULT '', title TEXT, hash TEXT NOT NULL UNIQUE,"
	" nevents INTEGER NOT NULL, added TEXT NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS sentences(id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL,"
	" idx INTEGER NOT NULL, text TEXT NOT NULL, UNIQUE(doc_id, idx));\n"
	"CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5(text, content='sentences',"
	" content_rowid='id');\n"
	"CREATE TABLE IF NOT EXISTS events(id INTEGER PRIMARY KEY, date TEXT NOT NULL,"
	" a1 TEXT NOT NULL, a2 TEXT NOT NULL, root TEXT NOT NULL, kmode TEXT NOT NULL,"
	" source TEXT NOT NULL, target TEXT NOT NULL, code TEXT NOT NULL, quad INTEGER NOT NULL,"
	" goldstein REAL NOT NULL, plover TEXT, mode TEXT NOT NULL, country TEXT, loc_name TEXT,"
	" lat REAL, lon REAL, doc_id INTEGER NOT NULL, sentence_id INTEGER NOT NULL,"
	" nmentions INTEGER NOT NULL DEFAULT 0, nsources INTEGER NOT NULL DEFAULT 0,"
	" narticles INTEGER NOT NULL DEFAULT 0, UNIQUE(date, a1, a2, root, kmode));\n"
	"CREATE INDEX IF NOT EXISTS events_source ON events(source, target, date);\n"
	"CREATE INDEX IF NOT EXISTS events_target ON events(target, source, date);\n"
	"CREATE TABLE IF NOT EXISTS mentions(id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL,"
	" doc_id INTEGER NOT NULL, sentence_id INTEGER NOT NULL, sidx INTEGER NOT NULL,"
	" source TEXT NOT NULL, target TEXT NOT NULL, source_name TEXT, target_name TEXT,"
	" code TEXT NOT NULL, quad INTEGER NOT NULL, goldstein REAL NOT NULL, plover TEXT,"
	" mode TEXT NOT NULL, date TEXT NOT NULL, date_source TEXT, country TEXT, loc_name TEXT,"
	" lat REAL, lon REAL, attribution TEXT NOT NULL, attr_code TEXT, confidence REAL NOT NULL,"
	" sent_s INTEGER, sent_e INTEGER, src_s INTEGER, src_e INTEGER, verb_s INTEGER,"
	" verb_e INTEGER, tgt_s INTEGER, tgt_e INTEGER, issues TEXT NOT NULL, explain TEXT);\n"
	"CREATE INDEX IF NOT EXISTS mentions_event ON mentions(event_id);\n"
	"CREATE TABLE IF NOT EXISTS actors(code TEXT PRIMARY KEY, name TEXT, country TEXT,"
	" type TEXT) WITHOUT ROWID;\n"
	"CREATE TABLE IF NOT EXISTS dyad_days(s3 TEXT NOT NULL, t3 TEXT NOT NULL,"
	" kmode TEXT NOT NULL, date TEXT NOT NULL, n INTEGER NOT NULL, gsum REAL NOT NULL,"
	" PRIMARY KEY(s3, t3, kmode, date)) WITHOUT ROWID;\n"
	"CREATE INDEX IF NOT EXISTS dyad_days_t ON dyad_days(t3, kmode, date);\n"
	"INSERT OR IGNORE INTO meta VALUES('schema', '" SCHEMA_VERSION "');\n";

static const char stage_schema[] =
	"CREATE TEMP TABLE IF NOT EXISTS stage_doc(seq INTEGER, doc TEXT, date TEXT, url TEXT,"
	" source TEXT, title TEXT, hash TEXT, nevents INTEGER);\n"
	"CREATE TEMP TABLE IF NOT EXISTS stage_sent(seq INTEGER, doc TEXT, idx INTEGER, text TEXT);\n"
	"CREATE TEMP TABLE IF NOT EXISTS stage_ment(seq INTEGER, doc TEXT, sidx INTEGER, source TEXT,"
	" target TEXT, source_name TEXT, target_name TEXT, code TEXT, root TEXT, quad INTEGER,"
	" goldstein REAL, plover TEXT, mode TEXT, date TEXT, date_source TEXT, country TEXT,"
	" loc_name TEXT, lat REAL, lon REAL, attribution TEXT, attr_code TEXT, confidence REAL,"
	" sent_s INTEGER, sent_e INTEGER, src_s INTEGER, src_e INTEGER, verb_s INTEGER,"
	" verb_e INTEGER, tgt_s INTEGER, tgt_e INTEGER, issues TEXT, explain TEXT, k_a1 TEXT,"
	" k_a2 TEXT, k_mode TEXT);\n";

static dyad_status lite_err(dyad_store *st, struct dyad_error *err, const char *what)
{
	struct lite *l = st->db;
	int code = l && l->db ? sqlite3_errcode(l->db) : SQLITE_ERROR;
	dyad_error_set(err, "%s: %s", what, l && l->db ? sqlite3_errmsg(l->db) : "no database");
	if (code == SQLITE_NOMEM) return DYAD_ERR_NOMEM;
	if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) return DYAD_ERR_FORMAT;
	return DYAD_ERR_IO;
}

static dyad_status exec(dyad_store *st, const char *sql, struct dyad_error *err)
{
	struct lite *l = st->db;
	if (sqlite3_exec(l->db, sql, NULL, NULL, NULL) != SQLITE_OK) return lite_err(st, err, "sqlite");
	return DYAD_OK;
}

static void lite_close(dyad_store *st)
{
	struct lite *l = st->db;
	if (!l) return;
	for (int i = 0; i < STAGE_N; i++) sqlite3_finalize(l->stage[i]);
	sqlite3_finalize(l->exists);
	if (l->wrote) sqlite3_exec(l->db, "PRAGMA analysis_limit=400; PRAGMA optimize;", NULL, NULL, NULL);
	sqlite3_close(l->db);
	dyad_free(l);
	st->db = NULL;
}

/* The schema version of an open database: DYAD_OK when it is this version's. */
static dyad_status check_schema(dyad_store *st, const char *where, struct dyad_error *err)
{
	struct lite *l = st->db;
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(l->db, "SELECT value FROM meta WHERE key = 'schema'", -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_step(q) != SQLITE_ROW ||
	    strcmp((const char *)sqlite3_column_text(q, 0), SCHEMA_VERSION) != 0) {
		if (sqlite3_errcode(l->db) == SQLITE_NOTADB) {
			sqlite3_finalize(q);
			return lite_err(st, err, where);
		}
		dyad_error_set(err, "'%s': not a dyad store of schema version %s", where, SCHEMA_VERSION);
		sqlite3_finalize(q);
		return DYAD_ERR_FORMAT;
	}
	sqlite3_finalize(q);
	return DYAD_OK;
}

/* Read-only: no schema is created, no staging tables, no write statements; the settings are
 * those of a reader (the journal mode is the database's own). */
static dyad_status lite_open_ro(dyad_store *st, const char *where, struct dyad_error *err)
{
	dyad_status s;
	if ((s = exec(st, "PRAGMA query_only=1; PRAGMA cache_size=-65536;"
	                  " PRAGMA mmap_size=17179869184;", err)) != DYAD_OK ||
	    (s = check_schema(st, where, err)) != DYAD_OK) {
		lite_close(st);
		return s;
	}
	return DYAD_OK;
}

static dyad_status lite_open(dyad_store *st, const char *where, struct dyad_error *err)
{
	struct lite *l = dyad_calloc(1, sizeof *l);
	sqlite3_stmt *q = NULL;
	dyad_status s;
	char sql[1024];

	if (!l) {
		dyad_error_set(err, "out of memory");
		return DYAD_ERR_NOMEM;
	}
	st->db = l;
	if (sqlite3_open_v2(where, &l->db, st->read_only ? SQLITE_OPEN_READONLY :
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		dyad_error_set(err, "'%s': %s", where, l->db ? sqlite3_errmsg(l->db) : "cannot open");
		lite_close(st);
		return DYAD_ERR_IO;
	}
	sqlite3_busy_timeout(l->db, 10000);
	if (st->read_only) return lite_open_ro(st, where, err);
	/* WAL: readers do not block the writer; synchronous=NORMAL loses no committed transaction
	 * when a process dies (only, possibly, the last ones on a power cut) */
	if ((s = exec(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	                  " PRAGMA temp_store=MEMORY; PRAGMA cache_size=-262144;"
	                  " PRAGMA mmap_size=17179869184;", err)) != DYAD_OK) {
		lite_close(st);
		return s;
	}
	/* create the schema only when absent, so that readers never take the write lock */
	if (sqlite3_prepare_v2(l->db, "SELECT 1 FROM meta", -1, &q, NULL) != SQLITE_OK) {
		if (sqlite3_errcode(l->db) == SQLITE_NOTADB) {
			s = lite_err(st, err, where);
			lite_close(st);
			return s;
		}
		if ((s = exec(st, "BEGIN IMMEDIATE", err)) != DYAD_OK) {
			lite_close(st);
			return s;
		}
		if ((s = exec(st, schema, err)) != DYAD_OK || (s = exec(st, "COMMIT", err)) != DYAD_OK) {
			sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
			lite_close(st);
			return s;
		}
	}
	sqlite3_finalize(q);
	q = NULL;
	if ((s = check_schema(st, where, err)) != DYAD_OK) {
		lite_close(st);
		return s;
	}
	if ((s = exec(st, stage_schema, err)) != DYAD_OK) {
		lite_close(st);
		return s;
	}
	for (int t = 0; t < STAGE_N; t++) {
		size_t n = 0, k;
		k = (size_t)snprintf(sql, sizeof sql, "INSERT INTO temp.%s VALUES(", store_stage_names[t]);
		while (store_stage_cols[t][n]) n++;
		for (size_t i = 0; i < n; i++) k += (size_t)snprintf(sql + k, sizeof sql - k, i ? ",?" : "?");
		snprintf(sql + k, sizeof sql - k, ")");
		if (sqlite3_prepare_v3(l->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &l->stage[t], NULL) != SQLITE_OK) {
			s = lite_err(st, err, "sqlite");
			lite_close(st);
			return s;
		}
	}
	if (sqlite3_prepare_v3(l->db, "SELECT 1 FROM documents WHERE doc = ?1 UNION ALL"
	                       " SELECT 1 FROM documents WHERE hash = ?2 LIMIT 1", -1,
	                       SQLITE_PREPARE_PERSISTENT, &l->exists, NULL) != SQLITE_OK) {
		s = lite_err(st, err, "sqlite");
		lite_close(st);
		return s;
	}
	return DYAD_OK;
}

static dyad_status lite_exists(dyad_store *st, const char *id, const char *hash, int *exists,
                               struct dyad_error *err)
{
	struct lite *l = st->db;
	int rc;
	sqlite3_bind_text(l->exists, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->exists, 2, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(l->exists);
	*exists = rc == SQLITE_ROW;
	sqlite3_reset(l->exists);
	sqlite3_clear_bindings(l->exists);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) return lite_err(st, err, "sqlite");
	return DYAD_OK;
}

static dyad_status lite_begin(dyad_store *st, struct dyad_error *err)
{
	return exec(st, "BEGIN IMMEDIATE", err);
}

static void lite_rollback(dyad_store *st)
{
	struct lite *l = st->db;
	sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_exec(l->db, "DELETE FROM temp.stage_doc; DELETE FROM temp.stage_sent;"
	             " DELETE FROM temp.stage_ment;", NULL, NULL, NULL);
}

static dyad_status lite_stage(dyad_store *st, int table, const struct store_val *v, size_t n,
                              struct dyad_error *err)
{
	struct lite *l = st->db;
	sqlite3_stmt *q = l->stage[table];
	int rc;
	for (size_t i = 0; i < n; i++) {
		int c = (int)i + 1;
		switch (v[i].type) {
		case SV_NULL: sqlite3_bind_null(q, c); break;
		case SV_TEXT: sqlite3_bind_text(q, c, v[i].s, -1, SQLITE_STATIC); break;
		case SV_INT: sqlite3_bind_int64(q, c, v[i].i); break;
		default: sqlite3_bind_double(q, c, v[i].d); break;
		}
	}
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) return lite_err(st, err, "sqlite");
	return DYAD_OK;
}

static int64_t max_id(dyad_store *st, const char *table)
{
	struct lite *l = st->db;
	sqlite3_stmt *q;
	char sql[128];
	int64_t v = 0;
	snprintf(sql, sizeof sql, "SELECT coalesce(max(id), 0) FROM %s", table);
	if (sqlite3_prepare_v2(l->db, sql, -1, &q, NULL) != SQLITE_OK) return -1;
	if (sqlite3_step(q) == SQLITE_ROW) v = sqlite3_column_int64(q, 0);
	else v = -1;
	sqlite3_finalize(q);
	return v;
}

/* The merge, the same steps as pg.c's: @S0 is the last sentence id before the batch, @M0 the
 * last mention id, @E0 the last event id, @NOW the time of the batch.  Staged rows are read in
 * rowid order (the order they were staged), so ids follow the input. */
static const char merge[] =
	"INSERT INTO documents(doc, date, url, source, title, hash, nevents, added)"
	" SELECT doc, date, url, source, title, hash, nevents, '@NOW' FROM temp.stage_doc ORDER BY rowid;\n"
	"INSERT INTO sentences(doc_id, idx, text) SELECT d.id, s.idx, s.text FROM temp.stage_sent s"
	" JOIN documents d ON d.doc = s.doc ORDER BY s.rowid;\n"
	"INSERT INTO sentences_fts(rowid, text) SELECT id, text FROM sentences WHERE id > @S0;\n"
	"INSERT INTO events(date, a1, a2, root, kmode, source, target, code, quad, goldstein, plover,"
	" mode, country, loc_name, lat, lon, doc_id, sentence_id)"
	" SELECT m.date, m.k_a1, m.k_a2, m.root, m.k_mode, m.source, m.target, m.code, m.quad,"
	" m.goldstein, m.plover, m.mode, m.country, m.loc_name, m.lat, m.lon, d.id, s.id"
	" FROM (SELECT min(rowid) AS r FROM temp.stage_ment GROUP BY date, k_a1, k_a2, root, k_mode) f"
	" JOIN temp.stage_ment m ON m.rowid = f.r"
	" JOIN documents d ON d.doc = m.doc JOIN sentences s ON s.doc_id = d.id AND s.idx = m.sidx"
	" WHERE true ORDER BY f.r ON CONFLICT DO NOTHING;\n"
	"INSERT INTO mentions(event_id, doc_id, sentence_id, sidx, source, target, source_name,"
	" target_name, code, quad, goldstein, plover, mode, date, date_source, country, loc_name, lat,"
	" lon, attribution, attr_code, confidence, sent_s, sent_e, src_s, src_e, verb_s, verb_e, tgt_s,"
	" tgt_e, issues, explain)"
	" SELECT e.id, d.id, s.id, m.sidx, m.source, m.target, m.source_name, m.target_name, m.code,"
	" m.quad, m.goldstein, m.plover, m.mode, m.date, m.date_source, m.country, m.loc_name, m.lat,"
	" m.lon, m.attribution, m.attr_code, m.confidence, m.sent_s, m.sent_e, m.src_s, m.src_e,"
	" m.verb_s, m.verb_e, m.tgt_s, m.tgt_e, m.issues, m.explain FROM temp.stage_ment m"
	" JOIN documents d ON d.doc = m.doc JOIN sentences s ON s.doc_id = d.id AND s.idx = m.sidx"
	" JOIN events e ON e.date = m.date AND e.a1 = m.k_a1 AND e.a2 = m.k_a2 AND e.root = m.root"
	" AND e.kmode = m.k_mode ORDER BY m.rowid;\n"
	"UPDATE events SET (nmentions, narticles, nsources) = (SELECT count(*), count(DISTINCT m.doc_id),"
	" count(DISTINCT d.source) FROM mentions m JOIN documents d ON d.id = m.doc_id"
	" WHERE m.event_id = events.id) WHERE id IN (SELECT event_id FROM mentions WHERE id > @M0);\n"
	"INSERT INTO dyad_days(s3, t3, kmode, date, n, gsum)"
	" SELECT substr(source, 1, 3), substr(target, 1, 3), kmode, date, count(*), sum(goldstein)"
	" FROM events WHERE id > @E0 GROUP BY 1, 2, 3, 4"
	" ON CONFLICT(s3, t3, kmode, date) DO UPDATE SET n = dyad_days.n + excluded.n,"
	" gsum = dyad_days.gsum + excluded.gsum;\n"
	"INSERT INTO actors(code, name, country, type)"
	" SELECT code, max(name), substr(code, 1, 3), substr(code, 4, 3) FROM"
	" (SELECT source AS code, source_name AS name FROM temp.stage_ment UNION ALL"
	"  SELECT target, target_name FROM temp.stage_ment) WHERE code <> '' GROUP BY code"
	" ON CONFLICT(code) DO UPDATE SET name = nullif(max(coalesce(actors.name, ''), coalesce(excluded.name, '')), '');\n"
	"DELETE FROM temp.stage_doc; DELETE FROM temp.stage_sent; DELETE FROM temp.stage_ment;\n"
	"COMMIT;\n";

static dyad_status lite_commit(dyad_store *st, struct dyad_error *err)
{
	char sql[sizeof merge + 256], now[32], n[3][24];
	int64_t s0 = max_id(st, "sentences"), m0 = max_id(st, "mentions"), e0 = max_id(st, "events");
	time_t t = time(NULL);
	struct tm tm;
	dyad_status s;

	if (s0 < 0 || m0 < 0 || e0 < 0) {
		s = lite_err(st, err, "sqlite");
		lite_rollback(st);
		return s;
	}
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(n[0], sizeof n[0], "%lld", (long long)s0);
	snprintf(n[1], sizeof n[1], "%lld", (long long)m0);
	snprintf(n[2], sizeof n[2], "%lld", (long long)e0);
	if (store_subst(sql, sizeof sql, merge, (const char *const[]){"@S0", n[0], "@M0", n[1], "@E0", n[2],
	                "@NOW", now, NULL}) < 0) {
		dyad_error_set(err, "merge statement too long");
		lite_rollback(st);
		return DYAD_ERR_NOMEM;
	}
	if ((s = exec(st, sql, err)) != DYAD_OK) lite_rollback(st);
	else ((struct lite *)st->db)->wrote = 1;
	return s;
}

/* ---- queries ---- */

static dyad_status rows_next(dyad_rows *r, struct dyad_error *err)
{
	int rc = sqlite3_step(r->cur);
	if (rc == SQLITE_ROW) return DYAD_OK;
	if (rc == SQLITE_DONE) return DYAD_END;
	return lite_err(r->st, err, "sqlite");
}

static const char *rows_value(dyad_rows *r, size_t col)
{
	return (const char *)sqlite3_column_text(r->cur, (int)col);
}

static void rows_free(dyad_rows *r)
{
	sqlite3_finalize(r->cur);
	r->cur = NULL;
}

static dyad_status lite_query(dyad_store *st, const char *sql, size_t nparams,
                              const char *const *params, dyad_rows *r, struct dyad_error *err)
{
	struct lite *l = st->db;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(l->db, sql, -1, &q, NULL) != SQLITE_OK) return lite_err(st, err, "sqlite");
	for (size_t i = 0; i < nparams; i++) {
		char name[24];
		int k;
		snprintf(name, sizeof name, "$%zu", i + 1);
		if ((k = sqlite3_bind_parameter_index(q, name)) > 0)
			sqlite3_bind_text(q, k, params[i], -1, SQLITE_TRANSIENT);
	}
	r->cur = q;
	r->bncols = (size_t)sqlite3_column_count(q);
	r->bnext = rows_next;
	r->bvalue = rows_value;
	r->bfree = rows_free;
	return DYAD_OK;
}

const struct store_ops store_sqlite_ops = {
	"sqlite", lite_open, lite_close, lite_exists, lite_begin, lite_stage, lite_commit,
	lite_rollback, lite_query,
};
