/* store_int.h -- the inside of the event store: the handle, the two back ends (SQLite, PostgreSQL)
 * behind one small table of operations, and the row cursor every query returns.
 *
 * The store is written once against that table: store.c turns documents and events into staged
 * rows (with the dedup key computed in C, the same for both back ends), and each back end bulk
 * loads the staged rows (SQLite: prepared inserts into TEMP tables; PostgreSQL: COPY) and merges
 * them into the real tables with set-based SQL, in one transaction per batch.
 */
#ifndef DYAD_STORE_INT_H
#define DYAD_STORE_INT_H

#include <stdint.h>

#include "dyad.h"
#include "util/mem.h"

/* One value of a staged row. */
enum { SV_NULL, SV_TEXT, SV_INT, SV_REAL };
struct store_val {
	int type;
	const char *s;
	int64_t i;
	double d;
};

/* The staging tables, in load order; their columns are listed in store.c (store_stage_cols). */
enum { STAGE_DOC, STAGE_SENT, STAGE_MENT, STAGE_N };
#define STAGE_MAXCOLS 48
extern const char *const store_stage_cols[STAGE_N][STAGE_MAXCOLS];
extern const char *const store_stage_names[STAGE_N];

struct store_ops {
	const char *name;
	dyad_status (*open)(dyad_store *st, const char *where, struct dyad_error *err);
	void (*close)(dyad_store *st);
	/* Is a document with this id or this content hash stored? */
	dyad_status (*doc_exists)(dyad_store *st, const char *id, const char *hash, int *exists,
	                          struct dyad_error *err);
	dyad_status (*begin)(dyad_store *st, struct dyad_error *err);
	dyad_status (*stage)(dyad_store *st, int table, const struct store_val *v, size_t n,
	                     struct dyad_error *err);
	/* Merge the staged rows and commit; on failure everything of the batch is rolled back. */
	dyad_status (*commit)(dyad_store *st, struct dyad_error *err);
	void (*rollback)(dyad_store *st);
	/* Run a query with text parameters $1..$n; the cursor is set up in r. */
	dyad_status (*query)(dyad_store *st, const char *sql, size_t nparams,
	                     const char *const *params, dyad_rows *r, struct dyad_error *err);
};

extern const struct store_ops store_sqlite_ops, store_pg_ops;

struct dyad_store {
	const struct store_ops *ops;
	void *db;                   /* the back end's connection and statements */
	int pg;                     /* PostgreSQL dialect */
	int read_only;              /* opened for queries only (dyad_store_opts.read_only) */
	int pair_days;              /* the store has the summary by whole codes (SQLite schema 3) */
	size_t batch_docs;
	int in_batch;
	size_t batch_n;             /* documents staged in the current batch */
	int64_t stage_seq;          /* order of staged rows within the batch */
	/* ids and content hashes staged in this batch (open addressing, strings in `batch`) */
	const char **seen;
	size_t seen_cap, seen_n;
	struct arena batch;         /* per-batch strings */
	struct arena doc;           /* per-document scratch */
};

/* A row cursor: from a back end (bnext/bvalue), optionally rewritten row by row (xform), or a
 * table held in memory (cells). */
struct dyad_rows {
	dyad_store *st;
	size_t ncols;
	const char **names;
	unsigned char *numeric;
	/* back end cursor */
	void *cur;
	size_t bncols;
	dyad_status (*bnext)(dyad_rows *r, struct dyad_error *err);
	const char *(*bvalue)(dyad_rows *r, size_t col);
	void (*bfree)(dyad_rows *r);
	/* transform of each back-end row into the output columns (values in out, memory in xa) */
	dyad_status (*xform)(dyad_rows *r, struct dyad_error *err);
	const char **out;
	struct arena xa;
	/* memory table: nrows x ncols cells */
	const char **cells;
	size_t nrows, cellcap, at;
	int started;
	struct arena a;             /* names, cells, whatever lives as long as the cursor */
};

/* rows.c */
dyad_rows *store_rows_new(dyad_store *st);
/* Set the output columns (names copied; numeric flags per column). -1 on out of memory. */
int store_rows_cols(dyad_rows *r, size_t n, const char *const *names, const unsigned char *numeric);
/* Append a row of n = ncols cells (copied) to a memory table. */
int store_rows_add(dyad_rows *r, const char *const *cells);
const char *store_rows_bvalue(const dyad_rows *r, size_t col);

/* store.c: copy TMPL into out replacing each key of kv (key, value, ..., NULL) by its value.
 * -1 when out is too small. */
int store_subst(char *out, size_t n, const char *tmpl, const char *const *kv);
/* store.c: a prefix range for code prefix p: [p, p with its last byte + 1) in hi. */
void store_prefix_hi(const char *p, char *hi, size_t n);

#endif
