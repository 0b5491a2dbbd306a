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
#define DYAD_S_DATELINE 0x02  /* a wire story's dateline ("ATHENS, May 2 (Reuters) -"), also a
                               * headline: where the story was filed, no actor */

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
/* Dictionaries: CAMEO/PETRARCH actors, agents, verbs, discards, issues.                      */

typedef struct dyad_dicts dyad_dicts;

/* Called with each problem found in a dictionary source, as "FILE:LINE: message". */
typedef void (*dyad_dict_problem_fn)(void *arg, const char *msg);

struct dyad_dicts_opts {
	const char *cache_dir;        /* NULL: $XDG_CACHE_HOME/dyad, ~/.cache/dyad, else a temp dir */
	int rebuild;                  /* compile even when the cached image is up to date */
	dyad_dict_problem_fn problem; /* NULL: problems are only counted */
	void *problem_arg;
};

/* Open the dictionaries in PATHS, in order: each a directory (every file in it, sorted by name)
 * or a file, of a kind told by its name (*verbs*, *actors*, *agents*, *discards*, *issue*,
 * *preposition*).  A phrase defined again later overrides the earlier definition.  The sources
 * are compiled into an image cached under opts->cache_dir, keyed by the paths, sizes and
 * modification times, and rebuilt when one of them changes; problems are reported only while
 * compiling.  Malformed lines are skipped (reported); DYAD_ERR_IO when a path cannot be read. */
dyad_status dyad_dicts_open(dyad_dicts **out, const char *const *paths, size_t npaths,
                            const struct dyad_dicts_opts *opts, struct dyad_error *err);
/* Compile PATHS (as above) into the image file OUT_PATH. */
dyad_status dyad_dicts_compile(const char *const *paths, size_t npaths, const char *out_path,
                               const struct dyad_dicts_opts *opts, struct dyad_error *err);
/* Open a compiled image file directly. */
dyad_status dyad_dicts_load(dyad_dicts **out, const char *image_path, struct dyad_error *err);
/* Read PATHS and report every problem through opts->problem; *nproblems gets their count. */
dyad_status dyad_dicts_check(const char *const *paths, size_t npaths,
                             const struct dyad_dicts_opts *opts, size_t *nproblems,
                             struct dyad_error *err);
void dyad_dicts_free(dyad_dicts *d);

struct dyad_dicts_stats {
	const char *image;            /* the image file in use */
	size_t image_bytes;
	int compiled;                 /* 1 when this open compiled it (0: from the cache) */
	size_t files, actors, agents, discards, issues, phrases, overrides, problems;
	size_t tokens, nodes, codes;
	size_t synsets, verb_blocks, verb_forms, patterns, transformations, prepositions;
};
void dyad_dicts_stats(const dyad_dicts *d, struct dyad_dicts_stats *st);

/* An entry of the dictionaries and its codes (for `dict lookup`). */
struct dyad_dict_code {
	const char *code;
	uint32_t from, to;            /* yyyymmdd, inclusive; 0 / 99999999 when open */
	int is_default;               /* no date restriction */
};
struct dyad_dict_entry {
	const char *kind;             /* "actor", "agent", "discard", "issue"... */
	const char *name;             /* the entry's first phrase as written */
	const char *file;
	uint32_t line;
	size_t ncodes;
};
/* Entry ID (from a dyad_actor), or -1 when out of range; codes via dyad_dicts_code. */
int dyad_dicts_entry(const dyad_dicts *d, uint32_t id, struct dyad_dict_entry *e);
int dyad_dicts_code(const dyad_dicts *d, uint32_t id, size_t i, struct dyad_dict_code *c);

/* How an actor mention got its code. */
#define DYAD_ACTOR_DICT     1   /* a dictionary phrase */
#define DYAD_ACTOR_COMPOSED 2   /* an actor (country) composed with an agent, maybe a name */
#define DYAD_ACTOR_TITLE    3   /* a titled name: the title's code, name in no dictionary */
#define DYAD_ACTOR_ENTITY   4   /* a name seen earlier in the document */
#define DYAD_ACTOR_AGENT    5   /* an agent without a country ("---GOV") */

struct dyad_actor {
	uint32_t sentence;            /* index in dyad_doc_sentences() */
	uint32_t first, n;            /* words [first, first+n) of dyad_doc_words() */
	uint32_t start, end;          /* byte span in the original text */
	const char *code;             /* the code valid on the document's date; "---" for none */
	int how;                      /* DYAD_ACTOR_* */
	uint32_t entry;               /* the dictionary entry (dyad_dicts_entry), UINT32_MAX none */
	uint32_t agent;               /* the agent entry composed in, UINT32_MAX none */
	const char *file;             /* file and line of `entry`, NULL when none */
	uint32_t line;
	const char *agent_file;
	uint32_t agent_line;
};

/* Find the actors of a segmented document: longest dictionary phrases, codes valid on the
 * document's date (the most recent when it has none), country + agent composition, titled
 * names and later mentions of them.  *out is owned by DOC (valid until it changes). */
dyad_status dyad_doc_actors(dyad_doc *doc, const dyad_dicts *d, const struct dyad_actor **out,
                            size_t *n, struct dyad_error *err);
/* Discard and issue phrases (docs/dictionaries.md), found by dyad_doc_actors along with the
 * actors: a sentence-level discard ("baseball") keeps its sentence from being coded, a
 * story-level one ("+Manchester United") the whole document; an issue phrase gives its events
 * the issue code. */
#define DYAD_PHRASE_DISCARD       1
#define DYAD_PHRASE_STORY_DISCARD 2
#define DYAD_PHRASE_ISSUE         3

struct dyad_phrase {
	uint32_t sentence;            /* index in dyad_doc_sentences() */
	uint32_t first, n;            /* words [first, first+n) of dyad_doc_words() */
	int kind;                     /* DYAD_PHRASE_* */
	const char *code;             /* the issue code; NULL for a discard */
	const char *file;             /* the dictionary entry's file and line */
	uint32_t line;
};

/* The phrases found by the latest dyad_doc_actors on doc (owned by doc). */
void dyad_doc_phrases(const dyad_doc *doc, const struct dyad_phrase **out, size_t *n);

/* Models: part-of-speech tagger, lemmatizer and dependency parser (UD English).              */

typedef struct dyad_nlp dyad_nlp;

/* Map the tagger model at tagger_path and, unless parser_path is NULL, the parser model (the
 * tool ships them as data/models/tagger.bin and parser.bin).  The files are used in place,
 * read-only: one handle may serve any number of threads at once.  DYAD_ERR_IO: a file cannot be
 * opened; DYAD_ERR_FORMAT: a file is truncated, corrupt or of another format version. */
dyad_status dyad_nlp_open(dyad_nlp **out, const char *tagger_path, const char *parser_path,
                          struct dyad_error *err);
/* The parser's beam width: 1 is greedy (fastest), larger is more accurate and slower; 0 restores
 * the width the model was trained with (the default).  Set it before sharing the handle among
 * threads. */
void dyad_nlp_set_beam(dyad_nlp *nlp, int width);
/* Unmap the models; every lemma read from a document parsed with them becomes invalid. */
void dyad_nlp_free(dyad_nlp *nlp);

/* Tag, lemmatize and parse every sentence of a segmented document (dyad_doc_segment): fills
 * upos, xpos and lemma of each word, and head and deprel when the handle has a parser.  Lemmas
 * point into the model or the document and stay valid until the document changes or either is
 * freed.  Per-call memory only: documents may be parsed in parallel with one shared handle.
 * DYAD_ERR_NOMEM when memory runs out (the words keep what was filled so far). */
dyad_status dyad_doc_parse(dyad_doc *doc, const dyad_nlp *nlp, struct dyad_error *err);
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
	size_t batch_docs;      /* documents per transaction; 0: 10000 */
	int read_only;          /* open for queries only: the store must exist, nothing can be
	                         * written (SQLite opened read-only; PostgreSQL sessions in
	                         * read-only transactions); dyad_store_add fails with DYAD_ERR_USAGE */
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
	int64_t offset;               /* rows to skip before the first one returned (paging) */
	int64_t event;                /* one event by its id in this store; 0: any */
};

/* A short text that changes whenever data is added to the store (by any process): a cache of
 * query results is valid while the stamp is the same.  Written into buf (n >= 32). */
dyad_status dyad_store_stamp(dyad_store *st, char *buf, size_t n, struct dyad_error *err);

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
/* The current row as one JSON object {"column": value, ...} in column order: numeric columns as
 * numbers, SQL NULL as null.  NULL when out of memory; free it with dyad_event_json_free. */
char *dyad_rows_json(const dyad_rows *r);
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

/* ---------------------------------------------------------------------------------------- */
/* The event coder: raw text (or a parsed document) in, CAMEO/PLOVER events out (docs/coder.md) */

typedef struct dyad_coder dyad_coder;

struct dyad_coder_opts {
	const char *data_dir;          /* models/, dictionaries/, codebook/, gazetteer/ below it */
	const char *const *dicts;      /* dictionary files or folders (--dicts); NULL: the default */
	size_t ndicts;
	int all_modes;                 /* also emit negated, denied and hypothetical events */
	int beam;                      /* parser beam width; 0: 4 */
	int parse_all;                 /* parse every sentence; 0: only those that can give an
	                                * event (docs/coder.md; the events are the same) */
};

/* Load the models, dictionaries (compiled and cached), codebook and gazetteer.  The coder is
 * read-only afterwards: one coder may code documents in several threads at once. */
dyad_status dyad_coder_open(dyad_coder **out, const struct dyad_coder_opts *opts,
                            struct dyad_error *err);
void dyad_coder_free(dyad_coder *c);

/* Code a document: segment it (unless it already has sentences, e.g. from CoNLL-U), tag and
 * parse it, find its actors and its events.  The events are owned by the document.  Only the
 * sentences that can give an event are tagged and parsed (docs/coder.md, "Which sentences are
 * parsed"): afterwards the others' words have UPOS 0 or no heads; use dyad_doc_parse for a
 * document's full analysis. */
dyad_status dyad_code_doc(const dyad_coder *c, dyad_doc *doc, struct dyad_error *err);
size_t dyad_doc_nevents(const dyad_doc *doc);
const struct dyad_event *dyad_doc_events(const dyad_doc *doc);

/* The event as one line of JSON (docs/events.md), without a newline; NULL when out of memory.
 * Free it with dyad_event_json_free. */
char *dyad_event_json(const struct dyad_event *ev);
void dyad_event_json_free(char *s);

/* ---------------------------------------------------------------------------------------- */
/* Serve: the store's queries and the coder over HTTP, with the dashboard (docs/serve.md)     */

typedef struct dyad_server dyad_server;

/* A file the server sends as it is (the dashboard's page, script, style). */
struct dyad_asset {
	const char *path;                   /* "/index.html", "/app.js"...; NULL ends a table */
	const char *type;                   /* its Content-Type */
	const unsigned char *data;
	size_t len;
	const unsigned char *gz;            /* the same gzip-compressed, or NULL */
	size_t gzlen;
};

struct dyad_server_opts {
	const char *db;                     /* the store, opened read-only (must exist) */
	const char *bind;                   /* an IPv4 or IPv6 address; NULL: 127.0.0.1 */
	int port;                           /* 0: any free port (see dyad_server_port) */
	int threads;                        /* worker threads; 0: 2 */
	const dyad_coder *coder;            /* codes POST /api/code; NULL: that answers 503 */
	const struct dyad_asset *assets;    /* the dashboard; NULL: a page saying it was not built */
	size_t max_body;                    /* largest request body; 0: 1 MiB */
	size_t cache_bytes;                 /* memory for cached answers; 0: 64 MiB */
};

/* Open the store read-only, listen and serve in background threads until dyad_server_stop.
 * The coder and assets are borrowed: they must outlive the server.  DYAD_ERR_IO when the store
 * cannot be opened or the address cannot be bound; DYAD_ERR_USAGE for a bad address. */
dyad_status dyad_server_start(dyad_server **out, const struct dyad_server_opts *opts,
                              struct dyad_error *err);
/* The port listened on. */
int dyad_server_port(const dyad_server *s);
/* Stop listening, finish the requests in progress, free everything. */
void dyad_server_stop(dyad_server *s);

#ifdef __cplusplus
}
#endif
#endif
