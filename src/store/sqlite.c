/* sqlite.c -- the SQLite back end of the event store (the default).  WAL mode, one transaction per
 * batch: ids and the dedup of events are decided in C as rows are staged, the rows are kept in
 * memory, and at commit each table is written by one INSERT ... SELECT from a virtual table over
 * those rows (documents, sentences, their FTS5 index, events with their final counters,
 * mentions), then the summaries dyad_days and pair_days and actors, then COMMIT: a batch is
 * stored whole or not at all.
 */
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "store/store_int.h"
#include "util/error.h"

#define SCHEMA_VERSION "3"

/* An event key (date, a1, a2, root, kmode joined by \x1f) and its event id. */
struct lite_key {
	const char *key;
	uint32_t hash;
	int64_t id;
};

/* The counters of an event first stored in this batch (nmentions, narticles, nsources): kept
 * here and written at commit when they grew past 1. */
struct lite_src {
	const char *source;
	struct lite_src *next;
};
struct lite_new {
	int64_t last_doc;
	int64_t nment, nart, nsrc;
	struct lite_src *srcs;
};

/* A sum kept for the batch under a string key: a dyad_days or pair_days cell (n, gsum) or an
 * actor (name). */
struct lite_agg {
	const char *key;            /* in batch */
	uint32_t hash;
	int64_t n;
	double g;
	const char *name;           /* in batch, NULL when none */
};
struct lite_aggs {
	struct lite_agg *t;
	size_t cap, n;
};

/* The tables a batch writes, in the order they are written at commit. */
enum { B_DOC, B_SENT, B_EVENT, B_MENT, B_DAYS, B_PAIRS, B_ACTORS, B_N };

/* The rows of one table staged in the batch: n rows of batch_ncols[t] values, strings in the
 * batch arena. */
struct lite_rows {
	struct store_val *v;
	size_t cap, n;              /* cap in values, n in rows */
};

/* What a batch virtual table reads: the handle and the table. */
struct lite_vaux {
	struct lite *l;
	int t;
};

struct lite {
	sqlite3 *db;
	sqlite3_stmt *exists;
	/* ingest: the statements of a batch's commit, kept for the life of the handle */
	sqlite3_stmt *ins_doc, *ins_sent, *ins_fts, *ins_ment, *ins_event, *day_keys,
	             *max_ids, *data_version, *recount, *day_add, *actor_add;
	sqlite3_stmt *pair_add;     /* prepared once the store has pair_days (schema 3) */
	struct lite_rows rows[B_N];
	struct lite_vaux vaux[B_N];
	int wrote;                  /* a batch was committed: refresh the planner's statistics */
	/* the ids of the batch: the last of each table before it, the next to hand out */
	int64_t e0, m0, next_doc, next_sent, next_event, next_ment;
	char now[32];               /* the batch's time (documents.added) */
	/* the document being staged: its id, source, and its sentences' (idx, id) */
	int64_t cur_doc;
	const char *cur_source;     /* in batch */
	int64_t (*sents)[2];
	size_t nsents, sentcap;
	/* the dedup keys of every day loaded (all events of that date, from the database or this
	 * batch), so that finding an event is a hash lookup; cleared between batches when another
	 * connection wrote or when it grew past MAX_KEYS */
	struct lite_key *keys;
	size_t keycap, nkeys;
	uint32_t *days_loaded;      /* day numbers + 1, open addressing */
	size_t daycap, ndays;
	struct arena keymem;
	int64_t version;            /* PRAGMA data_version after our last commit */
	/* events new in this batch, by id - e0 - 1 */
	struct lite_new *nev;
	size_t nevcap;
	struct lite_aggs days_sum, pair_sum, actor_names;
	struct arena batch;
};

/* The summary by whole codes (schema 3): a series of any two actors reads only their cells. */
#define PAIR_DAYS \
	"CREATE TABLE IF NOT EXISTS pair_days(source TEXT NOT NULL, target TEXT NOT NULL," \
	" kmode TEXT NOT NULL, date TEXT NOT NULL, n INTEGER NOT NULL, gsum REAL NOT NULL," \
	" PRIMARY KEY(source, target, kmode, date)) WITHOUT ROWID;\n"

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;\n"
	"CREATE TABLE IF NOT EXISTS documents(id INTEGER PRIMARY KEY, doc TEXT NOT NULL UNIQUE,"
	" date TEXT, url TEXT, source TEXT NOT NULL DEFAULT '', title TEXT, hash TEXT NOT NULL UNIQUE,"
	" nevents INTEGER NOT NULL, added TEXT NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS sentences(id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL,"
	" idx INTEGER NOT NULL, text TEXT NOT NULL, UNIQUE(doc_id, idx));\n"
	"CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5(text, content='sentences',"
	" content_rowid='id', columnsize=0);\n"
	"CREATE TABLE IF NOT EXISTS events(id INTEGER PRIMARY KEY, date TEXT NOT NULL,"
	" a1 TEXT NOT NULL, a2 TEXT NOT NULL, root TEXT NOT NULL, kmode TEXT NOT NULL,"
	" source TEXT NOT NULL, target TEXT NOT NULL, code TEXT NOT NULL, quad INTEGER NOT NULL,"
	" goldstein REAL NOT NULL, plover TEXT, mode TEXT NOT NULL, country TEXT, loc_name TEXT,"
	" lat REAL, lon REAL, doc_id INTEGER NOT NULL, sentence_id INTEGER NOT NULL,"
	" nmentions INTEGER NOT NULL DEFAULT 0, nsources INTEGER NOT NULL DEFAULT 0,"
	" narticles INTEGER NOT NULL DEFAULT 0, UNIQUE(date, a1, a2, root, kmode));\n"
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
	PAIR_DAYS
	"INSERT OR IGNORE INTO meta VALUES('schema', '" SCHEMA_VERSION "');\n";

#define MAX_KEYS ((size_t)1 << 22)      /* event keys kept between batches */

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

static void aggs_clear(struct lite_aggs *h)
{
	if (h->t) memset(h->t, 0, h->cap * sizeof *h->t);
	h->n = 0;
}

/* Forget every cached key (between batches, or after a rollback). */
static void keys_clear(struct lite *l)
{
	if (l->keys) memset(l->keys, 0, l->keycap * sizeof *l->keys);
	if (l->days_loaded) memset(l->days_loaded, 0, l->daycap * sizeof *l->days_loaded);
	l->nkeys = l->ndays = 0;
	arena_reset(&l->keymem);
}

static void lite_close(dyad_store *st)
{
	struct lite *l = st->db;
	if (!l) return;
	sqlite3_stmt *all[] = {l->exists, l->ins_doc, l->ins_sent, l->ins_fts, l->ins_ment,
	                       l->ins_event, l->day_keys, l->max_ids,
	                       l->data_version, l->recount, l->day_add, l->actor_add, l->pair_add};
	for (size_t i = 0; i < sizeof all / sizeof *all; i++) sqlite3_finalize(all[i]);
	if (l->wrote) sqlite3_exec(l->db, "PRAGMA analysis_limit=400; PRAGMA optimize;", NULL, NULL, NULL);
	sqlite3_close(l->db);
	dyad_free(l->keys);
	dyad_free(l->days_loaded);
	dyad_free(l->sents);
	dyad_free(l->nev);
	for (int t = 0; t < B_N; t++) dyad_free(l->rows[t].v);
	dyad_free(l->days_sum.t);
	dyad_free(l->pair_sum.t);
	dyad_free(l->actor_names.t);
	arena_release(&l->keymem);
	arena_release(&l->batch);
	dyad_free(l);
	st->db = NULL;
}

/* The statements of ingest, prepared once.  @E0/@M0 are ?1/?2: the last event and mention ids
 * before the batch. */
static const struct {
	size_t off;
	const char *sql;
} stmts[] = {
	{offsetof(struct lite, exists), "SELECT 1 FROM documents WHERE doc = ?1 UNION ALL"
	 " SELECT 1 FROM documents WHERE hash = ?2 LIMIT 1"},
	/* a batch's rows, each table in one statement from its virtual table (batch_module) */
	{offsetof(struct lite, ins_doc), "INSERT INTO documents(id, doc, date, url, source, title, hash,"
	 " nevents, added) SELECT * FROM dyad_batch_documents"},
	{offsetof(struct lite, ins_sent), "INSERT INTO sentences(id, doc_id, idx, text)"
	 " SELECT * FROM dyad_batch_sentences"},
	{offsetof(struct lite, ins_fts), "INSERT INTO sentences_fts(rowid, text)"
	 " SELECT id, text FROM dyad_batch_sentences"},
	{offsetof(struct lite, ins_event), "INSERT INTO events(id, date, a1, a2, root, kmode, source,"
	 " target, code, quad, goldstein, plover, mode, country, loc_name, lat, lon, doc_id, sentence_id,"
	 " nmentions, nsources, narticles) SELECT * FROM dyad_batch_events"},
	{offsetof(struct lite, ins_ment), "INSERT INTO mentions(id, event_id, doc_id, sentence_id, sidx,"
	 " source, target, source_name, target_name, code, quad, goldstein, plover, mode, date,"
	 " date_source, country, loc_name, lat, lon, attribution, attr_code, confidence, sent_s, sent_e,"
	 " src_s, src_e, verb_s, verb_e, tgt_s, tgt_e, issues, explain) SELECT * FROM dyad_batch_mentions"},
	{offsetof(struct lite, day_keys), "SELECT id, a1, a2, root, kmode FROM events WHERE date = ?1"},
	{offsetof(struct lite, max_ids), "SELECT (SELECT coalesce(max(id), 0) FROM documents),"
	 " (SELECT coalesce(max(id), 0) FROM sentences), (SELECT coalesce(max(id), 0) FROM events),"
	 " (SELECT coalesce(max(id), 0) FROM mentions)"},
	{offsetof(struct lite, data_version), "PRAGMA data_version"},
	/* events stored before the batch that the batch's mentions name: counted again */
	{offsetof(struct lite, recount), "UPDATE events SET (nmentions, narticles, nsources) ="
	 " (SELECT count(*), count(DISTINCT m.doc_id), count(DISTINCT d.source) FROM mentions m"
	 " JOIN documents d ON d.id = m.doc_id WHERE m.event_id = events.id)"
	 " WHERE id IN (SELECT event_id FROM mentions WHERE id > ?2 AND +event_id <= ?1)"},
	/* the sums of the batch (one row per cell or actor); "WHERE true": an upsert from a SELECT */
	{offsetof(struct lite, day_add), "INSERT INTO dyad_days(s3, t3, kmode, date, n, gsum)"
	 " SELECT * FROM dyad_batch_days WHERE true ON CONFLICT(s3, t3, kmode, date) DO UPDATE SET"
	 " n = dyad_days.n + excluded.n, gsum = dyad_days.gsum + excluded.gsum"},
	{offsetof(struct lite, actor_add), "INSERT INTO actors(code, name, country, type)"
	 " SELECT code, name, substr(code, 1, 3), substr(code, 4, 3) FROM dyad_batch_actors WHERE true"
	 " ON CONFLICT(code) DO UPDATE SET"
	 " name = nullif(max(coalesce(actors.name, ''), coalesce(excluded.name, '')), '')"},
};

static const char pair_add_sql[] =
	"INSERT INTO pair_days(source, target, kmode, date, n, gsum) SELECT * FROM dyad_batch_pairs"
	" WHERE true ON CONFLICT(source, target, kmode, date) DO UPDATE SET"
	" n = pair_days.n + excluded.n, gsum = pair_days.gsum + excluded.gsum";

/* ---- the batch's rows as virtual tables: dyad_batch_documents, _sentences, _events, _mentions,
 * _days, _actors (eponymous, read-only, one full scan), so that each table is written by one
 * statement ---- */

static const char *const batch_names[B_N] = {"dyad_batch_documents", "dyad_batch_sentences",
                                             "dyad_batch_events", "dyad_batch_mentions",
                                             "dyad_batch_days", "dyad_batch_pairs",
                                             "dyad_batch_actors"};
static const char *const batch_decl[B_N] = {
	"CREATE TABLE x(id, doc, date, url, source, title, hash, nevents, added)",
	"CREATE TABLE x(id, doc_id, idx, text)",
	"CREATE TABLE x(id, date, a1, a2, root, kmode, source, target, code, quad, goldstein, plover,"
	" mode, country, loc_name, lat, lon, doc_id, sentence_id, nmentions, nsources, narticles)",
	"CREATE TABLE x(id, event_id, doc_id, sentence_id, sidx, source, target, source_name,"
	" target_name, code, quad, goldstein, plover, mode, date, date_source, country, loc_name, lat,"
	" lon, attribution, attr_code, confidence, sent_s, sent_e, src_s, src_e, verb_s, verb_e, tgt_s,"
	" tgt_e, issues, explain)",
	"CREATE TABLE x(s3, t3, kmode, date, n, gsum)",
	"CREATE TABLE x(source, target, kmode, date, n, gsum)",
	"CREATE TABLE x(code, name)",
};
/* values kept per row; an event's last three columns (its counters) come from l->nev */
static const size_t batch_ncols[B_N] = {9, 4, 19, 33, 6, 6, 2};
#define EV_NMENT 19

struct bvtab {
	sqlite3_vtab base;
	struct lite_vaux *aux;
};
struct bcur {
	sqlite3_vtab_cursor base;
	size_t row;
};

static int bv_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                      sqlite3_vtab **out, char **errmsg)
{
	struct lite_vaux *a = aux;
	struct bvtab *v;
	int rc;
	(void)argc;
	(void)argv;
	(void)errmsg;
	if ((rc = sqlite3_declare_vtab(db, batch_decl[a->t])) != SQLITE_OK) return rc;
	if (!(v = sqlite3_malloc(sizeof *v))) return SQLITE_NOMEM;
	memset(v, 0, sizeof *v);
	v->aux = a;
	*out = &v->base;
	return SQLITE_OK;
}

static int bv_disconnect(sqlite3_vtab *v)
{
	sqlite3_free(v);
	return SQLITE_OK;
}

static int bv_best_index(sqlite3_vtab *v, sqlite3_index_info *info)
{
	const struct bvtab *b = (const struct bvtab *)v;
	info->estimatedRows = (sqlite3_int64)b->aux->l->rows[b->aux->t].n;
	info->estimatedCost = (double)info->estimatedRows + 1;
	return SQLITE_OK;
}

static int bv_open(sqlite3_vtab *v, sqlite3_vtab_cursor **out)
{
	struct bcur *c = sqlite3_malloc(sizeof *c);
	(void)v;
	if (!c) return SQLITE_NOMEM;
	memset(c, 0, sizeof *c);
	*out = &c->base;
	return SQLITE_OK;
}

static int bv_close(sqlite3_vtab_cursor *c)
{
	sqlite3_free(c);
	return SQLITE_OK;
}

static int bv_filter(sqlite3_vtab_cursor *c, int idx, const char *idxstr, int argc, sqlite3_value **argv)
{
	(void)idx;
	(void)idxstr;
	(void)argc;
	(void)argv;
	((struct bcur *)c)->row = 0;
	return SQLITE_OK;
}

static int bv_next(sqlite3_vtab_cursor *c)
{
	((struct bcur *)c)->row++;
	return SQLITE_OK;
}

static int bv_eof(sqlite3_vtab_cursor *c)
{
	const struct lite_vaux *a = ((const struct bvtab *)c->pVtab)->aux;
	return ((const struct bcur *)c)->row >= a->l->rows[a->t].n;
}

static int bv_column(sqlite3_vtab_cursor *c, sqlite3_context *ctx, int col)
{
	const struct lite_vaux *a = ((const struct bvtab *)c->pVtab)->aux;
	size_t row = ((const struct bcur *)c)->row;
	const struct store_val *v;
	if (a->t == B_EVENT && col >= EV_NMENT) {
		/* the event's counters as the batch leaves them (events are staged in id order) */
		const struct lite_new *e = &a->l->nev[row];
		sqlite3_result_int64(ctx, col == EV_NMENT ? e->nment : col == EV_NMENT + 1 ? e->nsrc : e->nart);
		return SQLITE_OK;
	}
	v = &a->l->rows[a->t].v[row * batch_ncols[a->t] + (size_t)col];
	switch (v->type) {
	case SV_NULL: sqlite3_result_null(ctx); break;
	case SV_TEXT: sqlite3_result_text(ctx, v->s, (int)v->i, SQLITE_STATIC); break;
	case SV_INT: sqlite3_result_int64(ctx, v->i); break;
	default: sqlite3_result_double(ctx, v->d); break;
	}
	return SQLITE_OK;
}

static int bv_rowid(sqlite3_vtab_cursor *c, sqlite3_int64 *rowid)
{
	*rowid = (sqlite3_int64)((const struct bcur *)c)->row + 1;
	return SQLITE_OK;
}

/* eponymous-only (no xCreate): usable by its name without CREATE VIRTUAL TABLE */
static const sqlite3_module batch_module = {
	.xConnect = bv_connect, .xBestIndex = bv_best_index, .xDisconnect = bv_disconnect,
	.xOpen = bv_open, .xClose = bv_close, .xFilter = bv_filter, .xNext = bv_next,
	.xEof = bv_eof, .xColumn = bv_column, .xRowid = bv_rowid,
};

/* A new row of table t (its values to fill), or NULL when out of memory. */
static struct store_val *row_add(struct lite *l, int t)
{
	struct lite_rows *r = &l->rows[t];
	size_t nc = batch_ncols[t];
	if (mem_grow(&r->v, &r->cap, (r->n + 1) * nc, sizeof *r->v, (size_t)1 << 30) < 0) return NULL;
	return &r->v[r->n++ * nc];
}

/* v with its text copied into the batch (and its length in i, unused by text, so that SQLite
 * need not measure it again); 0, or -1 when out of memory. */
static int val_copy(struct lite *l, struct store_val *out, const struct store_val *v)
{
	*out = *v;
	if (v->type == SV_TEXT) {
		out->i = (int64_t)strlen(v->s);
		if (!(out->s = arena_strndup(&l->batch, v->s, (size_t)out->i))) return -1;
	}
	return 0;
}

static void rows_clear(struct lite *l)
{
	for (int t = 0; t < B_N; t++) l->rows[t].n = 0;
}

/* Schema version 1 (dyad before the second round of ingest speed) differs from 2 in two
 * things: its events had two more indexes, (source, target, date) and (target, source, date), and
 * its full-text index kept each sentence's size (FTS5 columnsize=1, which nothing reads).  Queries
 * work on both; a store opened for writing is brought to version 2 once, in one transaction: the
 * two indexes dropped, the full-text index made again from the sentences. */
static const char migrate_1_2[] =
	"DROP INDEX IF EXISTS events_source; DROP INDEX IF EXISTS events_target;"
	" DROP TABLE sentences_fts;"
	" CREATE VIRTUAL TABLE sentences_fts USING fts5(text, content='sentences', content_rowid='id',"
	" columnsize=0);"
	" INSERT INTO sentences_fts(sentences_fts) VALUES('rebuild');"
	" UPDATE meta SET value = '2' WHERE key = 'schema';";

/* Schema version 3 adds the summary pair_days, made from the events in the migration. */
static const char migrate_2_3[] =
	PAIR_DAYS
	" INSERT INTO pair_days(source, target, kmode, date, n, gsum)"
	" SELECT source, target, kmode, date, count(*), sum(goldstein) FROM events GROUP BY 1, 2, 3, 4;"
	" UPDATE meta SET value = '" SCHEMA_VERSION "' WHERE key = 'schema';";

/* The schema version of an open database (0: not a dyad store); -1 with err set when the file
 * cannot be read as a database. */
static int schema_version(dyad_store *st, const char *where, struct dyad_error *err)
{
	struct lite *l = st->db;
	sqlite3_stmt *q = NULL;
	int v = 0;
	if (sqlite3_prepare_v2(l->db, "SELECT value FROM meta WHERE key = 'schema'", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		v = atoi((const char *)sqlite3_column_text(q, 0));
	else if (sqlite3_errcode(l->db) == SQLITE_NOTADB)
		v = -1;
	sqlite3_finalize(q);
	if (v < 0) lite_err(st, err, where);
	return v;
}

/* DYAD_OK when the open database is a dyad store this version reads (1 to 3). */
static dyad_status check_schema(dyad_store *st, const char *where, struct dyad_error *err)
{
	int v = schema_version(st, where, err);
	if (v < 0) return DYAD_ERR_FORMAT;
	if (v < 1 || v > 3) {
		dyad_error_set(err, "'%s': not a dyad store of schema version %s", where, SCHEMA_VERSION);
		return DYAD_ERR_FORMAT;
	}
	st->pair_days = v == 3;
	return DYAD_OK;
}

/* In the write transaction: a store of version 1 or 2 is brought to version 3 (with the batch,
 * so that a killed ingest leaves it as it was). */
static dyad_status migrate(dyad_store *st, struct dyad_error *err)
{
	struct lite *l = st->db;
	int v = schema_version(st, "sqlite", err);
	if (v < 0) return DYAD_ERR_FORMAT;
	if ((v == 1 && sqlite3_exec(l->db, migrate_1_2, NULL, NULL, NULL) != SQLITE_OK) ||
	    (v <= 2 && sqlite3_exec(l->db, migrate_2_3, NULL, NULL, NULL) != SQLITE_OK))
		return lite_err(st, err, "migrating the store to schema version " SCHEMA_VERSION);
	st->pair_days = 1;
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

static pthread_once_t lite_once = PTHREAD_ONCE_INIT;

/* No global count of SQLite's memory (a mutex and two counters at every allocation: 5 % of an
 * ingest).  It can only be set before SQLite starts; once started, the call changes nothing. */
static void lite_config(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static dyad_status lite_open(dyad_store *st, const char *where, struct dyad_error *err)
{
	struct lite *l = dyad_calloc(1, sizeof *l);
	sqlite3_stmt *q = NULL;
	dyad_status s;

	if (!l) {
		dyad_error_set(err, "out of memory");
		return DYAD_ERR_NOMEM;
	}
	st->db = l;
	pthread_once(&lite_once, lite_config);
	arena_init(&l->keymem, 0);
	/* the batch's text (about 3 KB a document of the benchmark): --batch sets the memory used */
	arena_init(&l->batch, (size_t)1 << (sizeof(size_t) > 4 ? 36 : 30));
	l->version = -1;
	/* a handle is used by one thread at a time: no mutex around each call */
	if (sqlite3_open_v2(where, &l->db, (st->read_only ? SQLITE_OPEN_READONLY :
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		dyad_error_set(err, "'%s': %s", where, l->db ? sqlite3_errmsg(l->db) : "cannot open");
		lite_close(st);
		return DYAD_ERR_IO;
	}
	sqlite3_busy_timeout(l->db, 10000);
	if (st->read_only) return lite_open_ro(st, where, err);
	/* WAL: readers do not block the writer; synchronous=NORMAL loses no committed transaction
	 * when a process dies (only, possibly, the last ones on a power cut).  A new database gets
	 * 16 KiB pages (the page size is set before WAL, when the file is still empty; an existing
	 * database keeps its own): a quarter of the page writes of 4 KiB pages and fewer splits of
	 * the randomly ordered indexes, for a third less ingest time */
	if ((s = exec(st, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
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
	for (int t = 0; t < B_N; t++) {
		l->vaux[t] = (struct lite_vaux){l, t};
		if (sqlite3_create_module_v2(l->db, batch_names[t], &batch_module, &l->vaux[t], NULL) != SQLITE_OK) {
			s = lite_err(st, err, "sqlite");
			lite_close(st);
			return s;
		}
	}
	for (size_t i = 0; i < sizeof stmts / sizeof *stmts; i++) {
		sqlite3_stmt **p = (sqlite3_stmt **)((char *)l + stmts[i].off);
		if (sqlite3_prepare_v3(l->db, stmts[i].sql, -1, SQLITE_PREPARE_PERSISTENT, p, NULL) != SQLITE_OK) {
			s = lite_err(st, err, "sqlite");
			lite_close(st);
			return s;
		}
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

/* Step a statement that returns no row, then reset it. */
static dyad_status step_done(dyad_store *st, sqlite3_stmt *q, struct dyad_error *err)
{
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) return lite_err(st, err, "sqlite");
	return DYAD_OK;
}

static void lite_rollback(dyad_store *st)
{
	struct lite *l = st->db;
	sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	/* the cache may name events of the lost batch, the batch may have migrated the store */
	keys_clear(l);
	if (st->pair_days && schema_version(st, "sqlite", NULL) != 3) st->pair_days = 0;
	l->version = -1;
	aggs_clear(&l->days_sum);
	aggs_clear(&l->pair_sum);
	aggs_clear(&l->actor_names);
	arena_reset(&l->batch);
	rows_clear(l);
}

static dyad_status lite_begin(dyad_store *st, struct dyad_error *err)
{
	struct lite *l = st->db;
	int64_t v;
	time_t t = time(NULL);
	struct tm tm;
	dyad_status s;

	if ((s = exec(st, "BEGIN IMMEDIATE", err)) != DYAD_OK) return s;
	/* (a store of version 3 has pair_days; one of 1 or 2 is migrated by its first batch) */
	if (!st->pair_days && (s = migrate(st, err)) != DYAD_OK) {
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
		return s;
	}
	if (sqlite3_step(l->data_version) != SQLITE_ROW) goto fail;
	v = sqlite3_column_int64(l->data_version, 0);
	sqlite3_reset(l->data_version);
	/* another connection wrote since our last commit: what we know of the events is stale */
	if (v != l->version || l->nkeys > MAX_KEYS) keys_clear(l);
	if (sqlite3_step(l->max_ids) != SQLITE_ROW) goto fail;
	l->next_doc = sqlite3_column_int64(l->max_ids, 0) + 1;
	l->next_sent = sqlite3_column_int64(l->max_ids, 1) + 1;
	l->e0 = sqlite3_column_int64(l->max_ids, 2);
	l->m0 = sqlite3_column_int64(l->max_ids, 3);
	l->next_event = l->e0 + 1;
	l->next_ment = l->m0 + 1;
	sqlite3_reset(l->max_ids);
	arena_reset(&l->batch);
	rows_clear(l);
	l->cur_doc = 0;
	gmtime_r(&t, &tm);
	strftime(l->now, sizeof l->now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return DYAD_OK;
fail:
	s = lite_err(st, err, "sqlite");
	sqlite3_reset(l->data_version);
	sqlite3_reset(l->max_ids);
	sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	return s;
}

/* ---- the key cache ---- */

static uint32_t key_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static int keys_put(struct lite *l, const char *key, size_t n, uint32_t h, int64_t id)
{
	char *copy;
	if ((l->nkeys + 1) * 2 > l->keycap) {
		size_t ncap = l->keycap ? l->keycap * 2 : 4096;
		struct lite_key *nt = dyad_calloc(ncap, sizeof *nt);
		if (!nt) return -1;
		for (size_t i = 0; i < l->keycap; i++) {
			if (!l->keys[i].key) continue;
			size_t j = l->keys[i].hash & (ncap - 1);
			while (nt[j].key) j = (j + 1) & (ncap - 1);
			nt[j] = l->keys[i];
		}
		dyad_free(l->keys);
		l->keys = nt;
		l->keycap = ncap;
	}
	if (!(copy = arena_strndup(&l->keymem, key, n))) return -1;
	size_t i = h & (l->keycap - 1);
	while (l->keys[i].key) i = (i + 1) & (l->keycap - 1);
	l->keys[i] = (struct lite_key){copy, h, id};
	l->nkeys++;
	return 0;
}

static int64_t keys_get(const struct lite *l, const char *key, uint32_t h)
{
	if (!l->keycap) return 0;
	for (size_t i = h & (l->keycap - 1);; i = (i + 1) & (l->keycap - 1)) {
		if (!l->keys[i].key) return 0;
		if (l->keys[i].hash == h && strcmp(l->keys[i].key, key) == 0) return l->keys[i].id;
	}
}

/* Join the key's parts into buf; its length, or 0 when too long. */
static size_t key_join(char *buf, size_t cap, const char *const *parts)
{
	size_t k = 0;
	for (int i = 0; i < 5; i++) {
		size_t n = strlen(parts[i]);
		if (k + n + 2 > cap) return 0;
		memcpy(buf + k, parts[i], n);
		k += n;
		buf[k++] = '\x1f';
	}
	buf[--k] = 0;
	return k;
}

/* Load the keys of every event of DATE (once per date while the cache lives). */
static dyad_status day_load(dyad_store *st, const char *date, struct dyad_error *err)
{
	struct lite *l = st->db;
	uint32_t day = 1u + (uint32_t)((date[0] - '0') * 1000 + (date[1] - '0') * 100 +
	                               (date[2] - '0') * 10 + (date[3] - '0')) * 512u +
	               (uint32_t)((date[5] - '0') * 10 + (date[6] - '0')) * 32u +
	               (uint32_t)((date[8] - '0') * 10 + (date[9] - '0'));
	size_t i;
	int rc;

	if (l->daycap) {
		for (i = (day * 2654435761u) & (l->daycap - 1); l->days_loaded[i]; i = (i + 1) & (l->daycap - 1))
			if (l->days_loaded[i] == day) return DYAD_OK;
	}
	if ((l->ndays + 1) * 2 > l->daycap) {
		size_t ncap = l->daycap ? l->daycap * 2 : 1024;
		uint32_t *nt = dyad_calloc(ncap, sizeof *nt);
		if (!nt) goto oom;
		for (size_t k = 0; k < l->daycap; k++) {
			if (!l->days_loaded[k]) continue;
			size_t j = (l->days_loaded[k] * 2654435761u) & (ncap - 1);
			while (nt[j]) j = (j + 1) & (ncap - 1);
			nt[j] = l->days_loaded[k];
		}
		dyad_free(l->days_loaded);
		l->days_loaded = nt;
		l->daycap = ncap;
	}
	sqlite3_bind_text(l->day_keys, 1, date, 10, SQLITE_STATIC);
	while ((rc = sqlite3_step(l->day_keys)) == SQLITE_ROW) {
		const char *parts[5] = {date};
		char key[512];
		size_t n;
		for (int c = 1; c < 5; c++) parts[c] = (const char *)sqlite3_column_text(l->day_keys, c);
		if (!(n = key_join(key, sizeof key, parts))) continue;   /* too long to have been ours */
		if (keys_put(l, key, n, key_hash(key, n), sqlite3_column_int64(l->day_keys, 0)) < 0) {
			sqlite3_reset(l->day_keys);
			goto oom;
		}
	}
	sqlite3_reset(l->day_keys);
	if (rc != SQLITE_DONE) return lite_err(st, err, "sqlite");
	for (i = (day * 2654435761u) & (l->daycap - 1); l->days_loaded[i]; i = (i + 1) & (l->daycap - 1)) ;
	l->days_loaded[i] = day;
	l->ndays++;
	return DYAD_OK;
oom:
	dyad_error_set(err, "out of memory");
	return DYAD_ERR_NOMEM;
}

enum { D_DOC = 1, D_DATE, D_URL, D_SOURCE, D_TITLE, D_HASH, D_NEVENTS };
enum { S_DOC = 1, S_IDX, S_TEXT };
enum { M_DOC = 1, M_SIDX, M_SOURCE, M_TARGET, M_SNAME, M_TNAME, M_CODE, M_ROOT, M_QUAD, M_GOLD,
       M_PLOVER, M_MODE, M_DATE, M_DSRC, M_COUNTRY, M_LOCNAME, M_LAT, M_LON, M_ATTR, M_ATTRCODE,
       M_CONF, M_SENT_S, M_TGT_E = M_SENT_S + 7, M_ISSUES, M_EXPLAIN, M_KA1, M_KA2, M_KMODE };

/* The entry of KEY in h (added, zeroed, when absent); NULL when out of memory. */
static struct lite_agg *agg_get(struct lite *l, struct lite_aggs *h, const char *key, size_t n)
{
	uint32_t hv = key_hash(key, n);
	size_t i;
	if ((h->n + 1) * 2 > h->cap) {
		size_t ncap = h->cap ? h->cap * 2 : 1024;
		struct lite_agg *nt = dyad_calloc(ncap, sizeof *nt);
		if (!nt) return NULL;
		for (size_t k = 0; k < h->cap; k++) {
			if (!h->t[k].key) continue;
			size_t j = h->t[k].hash & (ncap - 1);
			while (nt[j].key) j = (j + 1) & (ncap - 1);
			nt[j] = h->t[k];
		}
		dyad_free(h->t);
		h->t = nt;
		h->cap = ncap;
	}
	for (i = hv & (h->cap - 1); h->t[i].key; i = (i + 1) & (h->cap - 1))
		if (h->t[i].hash == hv && strncmp(h->t[i].key, key, n) == 0 && !h->t[i].key[n]) return &h->t[i];
	if (!(h->t[i].key = arena_strndup(&l->batch, key, n))) return NULL;
	h->t[i].hash = hv;
	h->n++;
	return &h->t[i];
}

/* Bytes of the first three characters of the UTF-8 text s (SQL substr(s, 1, 3)). */
static size_t first3(const char *s)
{
	size_t n = 0;
	for (int c = 0; c < 3 && s[n]; c++)
		do n++; while ((s[n] & 0xC0) == 0x80);
	return n;
}

/* A new event's count and Goldstein score into its cell of a summary: of dyad_days (the codes'
 * first three characters) or of pair_days (whole codes, whole). */
static int cell_add(struct lite *l, struct lite_aggs *h, const struct store_val *v, int whole)
{
	char key[512];
	size_t a = whole ? strlen(v[M_SOURCE].s) : first3(v[M_SOURCE].s);
	size_t b = whole ? strlen(v[M_TARGET].s) : first3(v[M_TARGET].s);
	size_t km = strlen(v[M_KMODE].s), n = a + b + km + 10 + 3;
	struct lite_agg *g;
	if (n >= sizeof key) return -1;
	memcpy(key, v[M_SOURCE].s, a);
	key[a] = '\x1f';
	memcpy(key + a + 1, v[M_TARGET].s, b);
	key[a + 1 + b] = '\x1f';
	memcpy(key + a + b + 2, v[M_KMODE].s, km);
	key[a + b + 2 + km] = '\x1f';
	memcpy(key + a + b + 3 + km, v[M_DATE].s, 10);
	key[n] = 0;
	if (!(g = agg_get(l, h, key, n))) return -1;
	g->n++;
	g->g += v[M_GOLD].d;
	return 0;
}

/* An actor code seen with this name (NULL: none): the greatest name is kept. */
static int actor_add(struct lite *l, const char *code, const struct store_val *name)
{
	struct lite_agg *g;
	if (!*code) return 0;
	if (!(g = agg_get(l, &l->actor_names, code, strlen(code)))) return -1;
	if (name->type == SV_TEXT && (!g->name || strcmp(name->s, g->name) > 0) &&
	    !(g->name = arena_strndup(&l->batch, name->s, strlen(name->s))))
		return -1;
	return 0;
}

/* ---- staging: each row is kept in memory (ids given here), written at commit ---- */

static dyad_status nomem_err(struct dyad_error *err)
{
	dyad_error_set(err, "out of memory");
	return DYAD_ERR_NOMEM;
}

static dyad_status stage_doc(dyad_store *st, const struct store_val *v, struct dyad_error *err)
{
	struct lite *l = st->db;
	struct store_val *r = row_add(l, B_DOC);
	if (!r) return nomem_err(err);
	l->cur_doc = l->next_doc++;
	l->nsents = 0;
	r[0] = (struct store_val){SV_INT, NULL, l->cur_doc, 0};
	for (int c = D_DOC; c <= D_NEVENTS; c++)
		if (val_copy(l, &r[c], &v[c]) < 0) return nomem_err(err);
	r[8] = (struct store_val){SV_TEXT, l->now, (int64_t)strlen(l->now), 0};
	l->cur_source = r[D_SOURCE].s;
	return DYAD_OK;
}

static dyad_status stage_sent(dyad_store *st, const struct store_val *v, struct dyad_error *err)
{
	struct lite *l = st->db;
	int64_t id = l->next_sent++;
	struct store_val *r;
	if (mem_grow(&l->sents, &l->sentcap, l->nsents + 1, sizeof *l->sents, (size_t)1 << 24) < 0 ||
	    !(r = row_add(l, B_SENT)))
		return nomem_err(err);
	l->sents[l->nsents][0] = v[S_IDX].i;
	l->sents[l->nsents++][1] = id;
	r[0] = (struct store_val){SV_INT, NULL, id, 0};
	r[1] = (struct store_val){SV_INT, NULL, l->cur_doc, 0};
	r[2] = v[S_IDX];
	/* its full-text index is written from the same rows (FTS5, external content) */
	if (val_copy(l, &r[3], &v[S_TEXT]) < 0) return nomem_err(err);
	return DYAD_OK;
}

static dyad_status stage_ment(dyad_store *st, const struct store_val *v, struct dyad_error *err)
{
	struct lite *l = st->db;
	const char *parts[5] = {v[M_DATE].s, v[M_KA1].s, v[M_KA2].s, v[M_ROOT].s, v[M_KMODE].s};
	char key[512];
	size_t n = key_join(key, sizeof key, parts), k;
	uint32_t h;
	int64_t sent = 0, ev;
	int is_new = 0;
	dyad_status s;
	struct store_val *m, *e;

	if (!n) {
		dyad_error_set(err, "actor codes too long");
		return DYAD_ERR_INPUT;
	}
	for (k = l->nsents; k-- > 0;)
		if (l->sents[k][0] == v[M_SIDX].i) break;
	if (k != (size_t)-1) sent = l->sents[k][1];
	h = key_hash(key, n);
	if ((s = day_load(st, v[M_DATE].s, err)) != DYAD_OK) return s;
	if (!(ev = keys_get(l, key, h))) {
		/* a new event: this mention is its first report */
		ev = l->next_event++;
		is_new = 1;
		if (keys_put(l, key, n, h, ev) < 0 ||
		    mem_grow(&l->nev, &l->nevcap, (size_t)(ev - l->e0), sizeof *l->nev, MAX_KEYS) < 0)
			return nomem_err(err);
		l->nev[ev - l->e0 - 1] = (struct lite_new){l->cur_doc, 1, 1, 1, NULL};
		if (!(l->nev[ev - l->e0 - 1].srcs = arena_alloc(&l->batch, sizeof(struct lite_src))) ||
		    cell_add(l, &l->days_sum, v, 0) < 0 || cell_add(l, &l->pair_sum, v, 1) < 0)
			return nomem_err(err);
		*l->nev[ev - l->e0 - 1].srcs = (struct lite_src){l->cur_source, NULL};
	} else if (ev > l->e0) {
		/* one more report of an event of this batch */
		struct lite_new *ne = &l->nev[ev - l->e0 - 1];
		struct lite_src *x;
		ne->nment++;
		if (ne->last_doc != l->cur_doc) {
			ne->nart++;
			ne->last_doc = l->cur_doc;
			for (x = ne->srcs; x && strcmp(x->source, l->cur_source) != 0; x = x->next) ;
			if (!x) {
				if (!(x = arena_alloc(&l->batch, sizeof *x))) return nomem_err(err);
				*x = (struct lite_src){l->cur_source, ne->srcs};
				ne->srcs = x;
				ne->nsrc++;
			}
		}
	}
	/* events stored before the batch are counted again at commit */
	if (actor_add(l, v[M_SOURCE].s, &v[M_SNAME]) < 0 || actor_add(l, v[M_TARGET].s, &v[M_TNAME]) < 0 ||
	    !(m = row_add(l, B_MENT)))
		return nomem_err(err);
	m[0] = (struct store_val){SV_INT, NULL, l->next_ment++, 0};
	m[1] = (struct store_val){SV_INT, NULL, ev, 0};
	m[2] = (struct store_val){SV_INT, NULL, l->cur_doc, 0};
	m[3] = (struct store_val){SV_INT, NULL, sent, 0};
	m[4] = v[M_SIDX];
	for (int i = M_SOURCE, c = 5; i <= M_EXPLAIN; i++)
		if (i != M_ROOT && val_copy(l, &m[c++], &v[i]) < 0) return nomem_err(err);
	if (!is_new) return DYAD_OK;
	/* the event's row: its coding is this mention's (whose copies it shares), its key */
	if (!(e = row_add(l, B_EVENT))) return nomem_err(err);
	m = &l->rows[B_MENT].v[(l->rows[B_MENT].n - 1) * batch_ncols[B_MENT]];
	e[0] = (struct store_val){SV_INT, NULL, ev, 0};
	e[1] = m[14];                               /* date */
	if (val_copy(l, &e[2], &v[M_KA1]) < 0 || val_copy(l, &e[3], &v[M_KA2]) < 0 ||
	    val_copy(l, &e[4], &v[M_ROOT]) < 0 || val_copy(l, &e[5], &v[M_KMODE]) < 0)
		return nomem_err(err);
	e[6] = m[5];                                /* source, target, code, quad, goldstein, */
	e[7] = m[6];
	e[8] = m[9];
	e[9] = m[10];
	e[10] = m[11];
	e[11] = m[12];                              /* plover, mode */
	e[12] = m[13];
	e[13] = m[16];                              /* country, loc_name, lat, lon */
	e[14] = m[17];
	e[15] = m[18];
	e[16] = m[19];
	e[17] = m[2];                               /* doc_id, sentence_id */
	e[18] = m[3];
	return DYAD_OK;
}

static dyad_status lite_stage(dyad_store *st, int table, const struct store_val *v, size_t n,
                              struct dyad_error *err)
{
	(void)n;
	if (table == STAGE_DOC) return stage_doc(st, v, err);
	if (table == STAGE_SENT) return stage_sent(st, v, err);
	return stage_ment(st, v, err);
}

/* Order of two summary rows (dyad_days, pair_days: s3, t3 or source, target, then kmode, date,
 * n, gsum): by their key, as SQLite compares text (bytes). */
static int days_cmp(const void *a, const void *b)
{
	const struct store_val *x = a, *y = b;
	for (int i = 0; i < 4; i++) {
		size_t n = (size_t)(x[i].i < y[i].i ? x[i].i : y[i].i);
		int c = memcmp(x[i].s, y[i].s, n);
		if (c) return c;
		if (x[i].i != y[i].i) return x[i].i < y[i].i ? -1 : 1;
	}
	return 0;
}

/* The cells of a batch's summary h as rows of table t (their text the sums' keys, in the
 * batch).  0, or -1 when out of memory. */
static int cells_rows(struct lite *l, const struct lite_aggs *h, int t)
{
	for (size_t i = 0; i < h->cap; i++) {
		const struct lite_agg *g = &h->t[i];
		const char *k = g->key;
		struct store_val *r;
		if (!k) continue;
		if (!(r = row_add(l, t))) return -1;
		for (int j = 0; j < 4; j++) {
			const char *x = strchr(k, '\x1f');
			size_t len = x ? (size_t)(x - k) : strlen(k);
			r[j] = (struct store_val){SV_TEXT, k, (int64_t)len, 0};
			k += len + (x != NULL);
		}
		r[4] = (struct store_val){SV_INT, NULL, g->n, 0};
		r[5] = (struct store_val){SV_REAL, NULL, 0, g->g};
	}
	return 0;
}

/* The end of a batch: its rows (new events with their counters), a recount of the older events
 * it mentions, the summaries dyad_days and pair_days of its new events, its actors; then COMMIT. */
static dyad_status lite_commit(dyad_store *st, struct dyad_error *err)
{
	struct lite *l = st->db;
	dyad_status s = DYAD_OK;

	/* the batch's rows, table by table (their order: what a row names is written before it) */
	sqlite3_stmt *ins[] = {l->ins_doc, l->ins_sent, l->ins_fts, l->ins_event, l->ins_ment};
	for (size_t i = 0; i < sizeof ins / sizeof *ins && s == DYAD_OK; i++) s = step_done(st, ins[i], err);
	if (s == DYAD_OK) {
		sqlite3_bind_int64(l->recount, 1, l->e0);
		sqlite3_bind_int64(l->recount, 2, l->m0);
		s = step_done(st, l->recount, err);
	}
	/* the batch's summary cells and actors as rows (their text is the sums' keys, in the batch) */
	if (s == DYAD_OK && (cells_rows(l, &l->days_sum, B_DAYS) < 0 || cells_rows(l, &l->pair_sum, B_PAIRS) < 0))
		s = nomem_err(err);
	for (size_t i = 0; i < l->actor_names.cap && s == DYAD_OK; i++) {
		const struct lite_agg *g = &l->actor_names.t[i];
		struct store_val *r;
		if (!g->key) continue;
		if (!(r = row_add(l, B_ACTORS))) {
			s = nomem_err(err);
			break;
		}
		r[0] = (struct store_val){SV_TEXT, g->key, (int64_t)strlen(g->key), 0};
		r[1] = g->name ? (struct store_val){SV_TEXT, g->name, (int64_t)strlen(g->name), 0}
		               : (struct store_val){SV_NULL, NULL, 0, 0};
	}
	/* in the order of each summary's key, so that the upsert walks its b-tree from start to end
	 * instead of seeking each cell at random */
	for (int t = B_DAYS; t <= B_PAIRS; t++)
		if (l->rows[t].n > 1)
			qsort(l->rows[t].v, l->rows[t].n, batch_ncols[t] * sizeof *l->rows[t].v, days_cmp);
	if (s == DYAD_OK) s = step_done(st, l->day_add, err);
	if (s == DYAD_OK && !l->pair_add &&
	    sqlite3_prepare_v3(l->db, pair_add_sql, -1, SQLITE_PREPARE_PERSISTENT, &l->pair_add, NULL) != SQLITE_OK)
		s = lite_err(st, err, "sqlite");
	if (s == DYAD_OK) s = step_done(st, l->pair_add, err);
	if (s == DYAD_OK) s = step_done(st, l->actor_add, err);
	aggs_clear(&l->days_sum);
	aggs_clear(&l->pair_sum);
	aggs_clear(&l->actor_names);
	if (s == DYAD_OK) s = exec(st, "COMMIT", err);
	if (s != DYAD_OK) {
		lite_rollback(st);
		return s;
	}
	l->wrote = 1;
	arena_reset(&l->batch);
	rows_clear(l);
	if (sqlite3_step(l->data_version) == SQLITE_ROW) l->version = sqlite3_column_int64(l->data_version, 0);
	sqlite3_reset(l->data_version);
	return DYAD_OK;
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
