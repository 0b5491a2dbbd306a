/* dyad.h -- the one public header of libdyad, the political event data engine.
 *
 * The library reads news documents and turns them, stage by stage, into structured events:
 *
 *   read -> normalize -> segment -> tokenize -> tag -> parse -> actors -> events -> store
 *
 * Ownership rule, stated once for the whole library: every pointer a dyad_* function returns
 * is owned by the object it was read from and stays valid until that object is changed
 * (dyad_doc_set, dyad_reader_next) or freed.  Strings passed in are copied.
 *
 * Errors: a call that can fail returns a dyad_status and, when given a non-NULL
 * `struct dyad_error *`, fills it with one line the caller can print after "dyad: ",
 * of the form "FILE:LINE: message" when a place in the input is known.  The library never
 * prints and never exits.
 */
#ifndef DYAD_H
#define DYAD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DYAD_VERSION "0.1.0"

typedef enum {
	DYAD_OK = 0,
	DYAD_END,         /* a reader has no more documents */
	DYAD_ERR_NOMEM,   /* an allocation failed or a size limit was reached */
	DYAD_ERR_IO,      /* a file could not be opened or read */
	DYAD_ERR_INPUT,   /* bad input: one document or line was skipped, the rest can go on */
	DYAD_ERR_FORMAT,  /* a model or dictionary file is corrupt or of another version */
	DYAD_ERR_USAGE    /* a bad argument from the caller */
} dyad_status;

struct dyad_error {
	char msg[512];
};

const char *dyad_version(void);
const char *dyad_status_str(dyad_status st);

/* ---------------------------------------------------------------------------------------- */
/* Documents                                                                                  */

typedef struct dyad_doc dyad_doc;

/* A word (UD syntactic word).  Clitics split off a surface token ("don't" -> "do" "n't") are
 * separate words with their own byte spans; DYAD_W_MWT marks a word that continues the surface
 * token of the word before it. */
#define DYAD_W_MWT      0x01  /* continues the previous word's surface token (no space) */
#define DYAD_W_NOSPACE  0x02  /* no white space follows this word in the text */
#define DYAD_W_PARA     0x04  /* first word of a paragraph */

struct dyad_word {
	uint32_t start, end;    /* byte span in the original text: the evidence */
	uint32_t nstart, nend;  /* byte span in the normalized text (dyad_doc_ntext) */
	uint16_t flags;         /* DYAD_W_* */
	uint8_t upos;           /* universal POS (dyad_upos_name), 0 until tagged */
	uint8_t xpos;           /* Penn Treebank tag (dyad_xpos_name), 0 until tagged */
	uint8_t deprel;         /* UD relation to the head (dyad_deprel_name), 0 until parsed */
	int16_t head;           /* head word, 0-based within the sentence; -1 = root or unparsed */
	const char *lemma;      /* NULL until tagged */
};

#define DYAD_S_HEADLINE 0x01  /* a line standing alone without final punctuation */

struct dyad_sentence {
	uint32_t first, n;      /* words [first, first+n) of dyad_doc_words() */
	uint32_t start, end;    /* byte span in the original text */
	uint32_t nstart, nend;  /* byte span in the normalized text */
	uint32_t para;          /* paragraph number, 0-based */
	uint16_t flags;         /* DYAD_S_* */
};

/* A warning about the input that did not stop processing (e.g. an invalid UTF-8 byte). */
struct dyad_warning {
	uint32_t offset;        /* byte offset in the original text */
	const char *msg;
};

/* A new, empty document.  NULL when out of memory. */
dyad_doc *dyad_doc_new(void);
void dyad_doc_free(dyad_doc *doc);

/* Replace the document's content: id, date ("YYYY-MM-DD" or NULL), text of len bytes.  All are
 * copied; the previous content and every pointer read from it are released. */
dyad_status dyad_doc_set(dyad_doc *doc, const char *id, const char *date,
                         const char *text, size_t len, struct dyad_error *err);
/* Optional metadata, copied; NULL clears. */
dyad_status dyad_doc_set_meta(dyad_doc *doc, const char *title, const char *url,
                              const char *source);

/* Run the text layer: UTF-8 check (invalid bytes become U+FFFD with a warning), NFC
 * normalization, sentence segmentation and UD tokenization. */
dyad_status dyad_doc_segment(dyad_doc *doc, struct dyad_error *err);

const char *dyad_doc_id(const dyad_doc *doc);
const char *dyad_doc_date(const dyad_doc *doc);     /* "" when unknown */
const char *dyad_doc_title(const dyad_doc *doc);    /* NULL when absent */
const char *dyad_doc_url(const dyad_doc *doc);
const char *dyad_doc_source(const dyad_doc *doc);
const char *dyad_doc_text(const dyad_doc *doc, size_t *len);   /* original bytes */
const char *dyad_doc_ntext(const dyad_doc *doc, size_t *len);  /* normalized text */

size_t dyad_doc_nsentences(const dyad_doc *doc);
const struct dyad_sentence *dyad_doc_sentences(const dyad_doc *doc);
size_t dyad_doc_nwords(const dyad_doc *doc);
struct dyad_word *dyad_doc_words(dyad_doc *doc);
size_t dyad_doc_nwarnings(const dyad_doc *doc);
const struct dyad_warning *dyad_doc_warnings(const dyad_doc *doc);

/* ---------------------------------------------------------------------------------------- */
/* Readers: plain text files, directories (recursively, .txt and .jsonl), JSON Lines, stdin.  */

typedef struct dyad_reader dyad_reader;

struct dyad_reader_opts {
	const char *date;        /* date of plain-text documents; NULL: from the file name or none */
	size_t max_doc_bytes;    /* a longer document or line is skipped; 0: 16 MiB */
};

/* Open PATH ("-" is standard input).  The path is classified by what it is: a directory is
 * walked in sorted order, a name ending in .jsonl/.ndjson is JSON Lines, anything else is one
 * plain-text document whose id is its file name. */
dyad_status dyad_reader_open(dyad_reader **out, const char *path,
                             const struct dyad_reader_opts *opts, struct dyad_error *err);

/* Read the next document into DOC.  DYAD_OK: DOC holds it.  DYAD_END: no more.
 * DYAD_ERR_INPUT: a document was skipped (err says FILE:LINE: why); call again to go on.
 * DYAD_ERR_IO / DYAD_ERR_NOMEM: reading cannot go on. */
dyad_status dyad_reader_next(dyad_reader *r, dyad_doc *doc, struct dyad_error *err);

/* How many documents were read and skipped so far. */
size_t dyad_reader_ndocs(const dyad_reader *r);
size_t dyad_reader_nskipped(const dyad_reader *r);
void dyad_reader_free(dyad_reader *r);

/* ---------------------------------------------------------------------------------------- */
/* Label sets shared by the tagger, parser and coder (UD English conventions).               */

const char *dyad_upos_name(unsigned id);    /* "_" for 0 or an unknown id */
const char *dyad_xpos_name(unsigned id);
const char *dyad_deprel_name(unsigned id);
int dyad_upos_id(const char *name);         /* 0 when unknown */
int dyad_xpos_id(const char *name);
int dyad_deprel_id(const char *name);

/* ---------------------------------------------------------------------------------------- */
/* Memory: one allocation funnel.  A test may make the Nth allocation from now fail. */

void dyad_mem_fail_after(long n);  /* -1: never (default) */

/* ---------------------------------------------------------------------------------------- */
/* Store: coded events in SQLite (default) or PostgreSQL, deduplicated, queryable (docs/store.md) */

/* One link of an event's attribution chain (innermost first): who said it. */
struct dyad_attribution {
	const char *code;       /* CAMEO actor code of the speaker, "" when unknown */
	const char *text;       /* the words naming the speaker */
};

/* Where an event took place, when the text states it. */
struct dyad_location {
	const char *country;    /* CAMEO/ISO country code, "" when unknown */
	const char *name;
	double lat, lon;
	int has_latlon;
};

/* A byte span in the document's original text; {-1, -1} when absent. */
struct dyad_span {
	int64_t start, end;
};

/* One coded event, field by field as in docs/events.md (the JSONL of `dyad code`).  Strings are
 * never NULL when read from a reader ("" when absent); when passed in, NULL counts as "". */
struct dyad_event {
	const char *doc;                    /* the document's id */
	uint32_t sentence;                  /* 0-based sentence index in the document */
	const char *text;                   /* the sentence as in the original text */
	const char *source, *target;        /* CAMEO actor codes, "" when unknown / none */
	const char *source_name, *target_name;
	const char *code;                   /* CAMEO event code, 2-4 digits */
	const char *root;                   /* first two digits of code; NULL/"": derived */
	int quad;                           /* 1-4 */
	double goldstein;
	const char *plover;                 /* PLOVER type, "" when none */
	const char *mode;                   /* asserted negated intended hypothetical denied reported */
	const char *date;                   /* YYYY-MM-DD, the event's date */
	const char *date_source;            /* "text" or "document" */
	const struct dyad_location *location;   /* NULL when not stated */
	size_t nattribution;
	const struct dyad_attribution *attribution;
	struct dyad_span ev_sentence, ev_source, ev_verb, ev_target;   /* `evidence` */
	size_t nissues;
	const char *const *issues;
	const char *explain;                /* the `explain` object as JSON text, or NULL */
	double confidence;                  /* 0..1 (optional field `confidence`; readers default 1) */
	const char *doc_date, *doc_url, *doc_source, *doc_title;   /* document metadata */
};

/* A document as the store keeps it. */
struct dyad_store_doc {
	const char *id;                     /* required */
	const char *date, *url, *source, *title;   /* NULL or "" when unknown */
	const char *text;                   /* the original text, for the content hash; NULL: the
	                                     * hash is taken over the sentences of its events */
	size_t len;
};

typedef struct dyad_store dyad_store;

struct dyad_store_opts {
	size_t batch_docs;      /* documents per transaction; 0: 2000 */
};

/* Open (creating when needed) the store at WHERE: a file name for SQLite, or a URI
 * "postgresql://..." / "postgres://..." for PostgreSQL.  Creates the schema (docs/store.md) if
 * absent.  DYAD_ERR_IO when the database cannot be opened, DYAD_ERR_FORMAT when it is not a
 * dyad store of this version. */
dyad_status dyad_store_open(dyad_store **out, const char *where, const struct dyad_store_opts *opts,
                            struct dyad_error *err);

/* Add one document with its events to the current batch (begun implicitly).  *added (when not
 * NULL) is set to 0 when the document is already stored (same id or same content hash), in which
 * case nothing changes, else 1.  A batch is committed, whole, when it holds opts.batch_docs
 * documents, or by dyad_store_commit.  Events whose doc differs from doc->id are stored under
 * doc->id.  DYAD_ERR_INPUT: one event is unusable (err says why); nothing of the document is
 * stored.  On any other error the pending batch is lost (nothing of it stored). */
dyad_status dyad_store_add(dyad_store *st, const struct dyad_store_doc *doc,
                           const struct dyad_event *ev, size_t nev, int *added,
                           struct dyad_error *err);
/* Commit the pending batch: every document in it is stored whole, or none. */
dyad_status dyad_store_commit(dyad_store *st, struct dyad_error *err);
/* Close; a pending, uncommitted batch is discarded (call dyad_store_commit first). */
void dyad_store_close(dyad_store *st);
/* "sqlite" or "postgresql". */
const char *dyad_store_backend(const dyad_store *st);

struct dyad_store_counts {
	int64_t documents, sentences, events, mentions, actors;
};
dyad_status dyad_store_count(dyad_store *st, struct dyad_store_counts *c, struct dyad_error *err);

/* Filters of a query; NULL / 0 means any.  Actor codes are prefixes ("USA" matches "USAGOV"). */
struct dyad_query {
	const char *actor;            /* source or target */
	const char *source, *target;
	const char *dyad_a, *dyad_b;  /* the pair, in either direction */
	const char *code;             /* event code prefix: "04" (root) or "041" */
	int quad;                     /* 1-4 */
	const char *plover;
	const char *mode;
	const char *from, *to;        /* YYYY-MM-DD, inclusive */
	const char *country;          /* location country */
	const char *text;             /* full-text search over the sentences (FTS5 / tsvector) */
	int64_t limit;                /* 0: no limit */
};

/* Results of a query: rows of text columns, read one at a time. */
typedef struct dyad_rows dyad_rows;

enum dyad_listing {
	DYAD_LIST_EVENTS,          /* one row per distinct event */
	DYAD_LIST_MENTIONS,        /* one row per sentence that reported an event */
	DYAD_LIST_GDELT,           /* GDELT 2.0 event export, 61 columns */
	DYAD_LIST_GDELT_MENTIONS,  /* GDELT 2.0 mentions table, 16 columns */
	DYAD_LIST_JSONL            /* one column "json": mentions as docs/events.md lines */
};
dyad_status dyad_store_list(dyad_store *st, const struct dyad_query *q, enum dyad_listing what,
                            dyad_rows **out, struct dyad_error *err);

/* Counts, Goldstein sum and mean per period ('d' day, 'w' ISO week, 'm' month) of the events
 * matching q, for q->dyad_a -> q->dyad_b and q->dyad_b -> q->dyad_a as separate columns (or
 * q->actor as source and as target).  Only asserted and reported events unless q->mode. */
dyad_status dyad_store_series(dyad_store *st, const struct dyad_query *q, char period,
                              dyad_rows **out, struct dyad_error *err);
/* Actor-to-actor edges (source, target, events, goldstein sum, mean) over the events matching
 * q, actors cut to their first `depth` characters (0: whole codes). */
dyad_status dyad_store_network(dyad_store *st, const struct dyad_query *q, int depth,
                               dyad_rows **out, struct dyad_error *err);
/* The n most frequent "actors", "dyads" or "codes" among the events matching q. */
dyad_status dyad_store_top(dyad_store *st, const struct dyad_query *q, const char *what, int n,
                           dyad_rows **out, struct dyad_error *err);

size_t dyad_rows_ncols(const dyad_rows *r);
const char *dyad_rows_name(const dyad_rows *r, size_t col);
/* Is the column a number (for JSON output)? */
int dyad_rows_numeric(const dyad_rows *r, size_t col);
/* DYAD_OK: a row is there; DYAD_END: no more; else an error. */
dyad_status dyad_rows_next(dyad_rows *r, struct dyad_error *err);
/* The column's text in the current row, NULL for SQL NULL; valid until the next call. */
const char *dyad_rows_value(const dyad_rows *r, size_t col);
void dyad_rows_free(dyad_rows *r);

/* Reading coded events from JSON Lines (docs/events.md): consecutive lines with the same `doc`
 * form one document, whose metadata comes from their doc_* fields. */
typedef struct dyad_event_reader dyad_event_reader;

/* PATH "-" is standard input. */
dyad_status dyad_event_reader_open(dyad_event_reader **out, const char *path,
                                   struct dyad_error *err);
/* The next document and its events (owned by the reader, valid until the next call).
 * DYAD_ERR_INPUT: a line was skipped (err says FILE:LINE: why); call again to go on. */
dyad_status dyad_event_reader_next(dyad_event_reader *r, struct dyad_store_doc *doc,
                                   const struct dyad_event **ev, size_t *nev,
                                   struct dyad_error *err);
size_t dyad_event_reader_nlines(const dyad_event_reader *r);
void dyad_event_reader_free(dyad_event_reader *r);

#ifdef __cplusplus
}
#endif
#endif
