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

#ifdef __cplusplus
}
#endif
#endif
