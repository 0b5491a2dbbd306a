/* dict.h -- CAMEO/PETRARCH dictionaries inside libdyad (private): the loaders fill a builder,
 * the builder becomes a read-only image (sections below), and the matcher works on the mapped
 * image only, so a compiled dictionary costs an mmap and a checksum at start-up.
 *
 * Names (actors, agents), discards and issues share one trie over token ids: a token is a
 * lower-cased word (exact) or a lower-cased stem (prefix of a word); an edge is keyed by
 * (parent node, token id | DICT_GAP when other words may come between).  Each root holds one
 * kind of phrase.  Verb dictionaries are kept as flat records for the event coder.
 */
#ifndef DYAD_DICT_H
#define DYAD_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "dyad.h"
#include "util/image.h"

#define DICT_MAGIC   "DYADDICT"
#define DICT_VERSION 1u

#define DICT_MAXTOK     64      /* bytes in one normalized token */
#define DICT_MAXPHRASE  32      /* tokens in one phrase */
#define DICT_MINSTEM    4       /* a shorter stem matches only the whole word */
#define DICT_MAXGAP     4       /* words a space in a phrase lets in between */
#define DICT_GAP        0x80000000u

/* Source file kinds, from the file name. */
enum dict_kind {
	DICT_K_NONE = 0, DICT_K_ACTORS, DICT_K_AGENTS, DICT_K_VERBS, DICT_K_DISCARDS,
	DICT_K_ISSUES, DICT_K_PREPS
};

/* Entry kinds. */
enum {
	DICT_E_ACTOR = 1, DICT_E_AGENT, DICT_E_DISCARD, DICT_E_DISCARD_STORY, DICT_E_ISSUE,
	DICT_E_ISSUE_IGNORE
};

/* Trie roots. */
enum { DICT_ROOT_NAMES = 0, DICT_ROOT_DISCARDS = 1, DICT_ROOT_ISSUES = 2, DICT_NROOTS = 3 };

/* Section ids of the image. */
enum {
	DICT_S_HDR = 1, DICT_S_STR, DICT_S_VOCAB, DICT_S_STEMS, DICT_S_TOKS, DICT_S_EDGES,
	DICT_S_NODES, DICT_S_ENTRIES, DICT_S_CODES, DICT_S_FILES, DICT_S_VSYN, DICT_S_VBLK,
	DICT_S_VFORM, DICT_S_VPAT, DICT_S_VELEM, DICT_S_VTRANS, DICT_S_PREPS
};

struct dict_hdr {
	uint32_t vocab_mask, stem_mask, edge_mask;   /* hash table sizes - 1 */
	uint32_t ntok, nnodes, nentries, ncodes, nfiles, nstr;
	uint32_t nsyn, nblk, nform, npat, nelem, ntrans, npreps;
	uint32_t nphrases, noverrides, nproblems;
	uint32_t nactors, nagents, ndiscards, nissues;
	uint64_t stem_lens;                          /* bit L: some stem has L bytes */
};

struct dict_slot {          /* VOCAB and STEMS: string -> token id; id 0 = empty */
	uint32_t hash, str, id;
};

struct dict_edge {          /* EDGES: (parent, key) -> child; key 0 = empty */
	uint32_t parent, key, child;
};

#define DICT_N_GAPKIDS 0x1u /* some child is reached through a gap edge */

struct dict_node {          /* entry and agent are index + 1, 0 = none */
	uint32_t entry, agent, flags;
};

#define DICT_EF_DATED 0x1u  /* some code has a date restriction */

struct dict_entry {
	uint8_t kind, flags;
	uint16_t file;
	uint32_t line;
	uint32_t name;          /* STR offset: the first phrase as written */
	uint32_t code0, ncodes;
};

#define DICT_C_DEFAULT 0x1u
struct dict_code {
	uint32_t code;          /* STR offset, e.g. "USAGOV", "~GOV", "NGO~", "---" */
	uint32_t from, to;      /* yyyymmdd, inclusive; 0 and 99999999 when open */
	uint32_t flags;
};

/* Verb dictionary records (for the event coder). */
struct dict_synset {
	uint32_t name, file, line;
	uint32_t elem0, nelem;  /* phrases as VELEM words, DICT_V_END between phrases */
};
struct dict_vblock {
	uint32_t desc, code, file, line;
};
struct dict_vform {         /* one verb form: a phrase with its verb word marked */
	uint32_t block, lemma, code, line;
	uint32_t elem0, nelem, verb;   /* verb = index of the verb word within the phrase */
};
struct dict_vpattern {
	uint32_t block, code, line, file;   /* code: "042:043", "---", "0344" */
	uint32_t elem0, nelem;
};
struct dict_vtrans {        /* ~ a (b c V2) V1 = x y CODE, all STR offsets */
	uint32_t src1, src2, tgt2, verb2, verb1, rsrc, rtgt, rcode, file, line;
};

/* VELEM: kind in the top 4 bits, DICT_V_ADJ when joined by '_' to the element before, value
 * (a STR offset of a lower-cased word, or a synset index) below. */
enum {
	DICT_V_WORD = 1, DICT_V_SYN, DICT_V_STAR, DICT_V_SRC, DICT_V_TGT, DICT_V_PPOPEN,
	DICT_V_PPCLOSE, DICT_V_NPOPEN, DICT_V_NPCLOSE, DICT_V_OTHER, DICT_V_END
};
#define DICT_V_KIND(e)  ((e) >> 28)
#define DICT_V_ADJ      0x08000000u
#define DICT_V_VALUE(e) ((e) & 0x07FFFFFFu)
#define DICT_V_MAKE(k, adj, v) (((uint32_t)(k) << 28) | ((adj) ? DICT_V_ADJ : 0) | (uint32_t)(v))

/* A view of a compiled image: every table the matcher needs. */
struct dict_view {
	const struct dict_hdr *h;
	const char *str;
	const struct dict_slot *vocab, *stems;
	const uint32_t *toks;            /* token id -> STR offset (index 0 unused) */
	const struct dict_edge *edges;
	const struct dict_node *nodes;
	const struct dict_entry *entries;
	const struct dict_code *codes;
	const uint32_t *files;
	const struct dict_synset *syn;
	const struct dict_vblock *vblk;
	const struct dict_vform *vform;
	const struct dict_vpattern *vpat;
	const uint32_t *velem;
	const struct dict_vtrans *vtrans;
	const uint32_t *preps;
};

struct dyad_dicts {
	struct image im;
	struct dict_view v;
	char *path;               /* the image file */
	int compiled;             /* 1 when this open compiled it */
};

/* ---- text helpers (phrase.c) ---- */

/* FNV-1a over bytes, continued from h (start with DICT_HASH0). */
#define DICT_HASH0 2166136261u
static inline uint32_t dict_hash_step(uint32_t h, unsigned char c) { return (h ^ c) * 16777619u; }

/* Normalize one word for matching: lower case (Unicode simple case mapping), curly apostrophes
 * as ', a final '.' dropped from a longer token.  Writes at most DICT_MAXTOK bytes to out;
 * returns the length, 0 when the word is empty or too long. */
size_t dict_norm(const char *s, size_t n, char *out);

/* Split a dictionary phrase ("BASHAR_AL-ASSAD", "SECURITY SERVICE") into normalized tokens the
 * way the tokenizer splits text: '_' joins adjacent words, blanks let words in between (when
 * gaps is set; else blanks join adjacent words too), '-' and "'s" are tokens of their own.
 * toks receives pointers into buf; gap[i] is 1 when words may come before token i.  Returns the
 * number of tokens, or -1 when the phrase has too many or too long tokens. */
int dict_split(const char *s, size_t n, int gaps, char *buf, size_t bufsz,
               const char **toks, size_t *lens, uint8_t *gap);

/* yyyymmdd of "YYYYMMDD" or "YYMMDD" (YY <= 30 is 20YY), 0 when malformed. */
uint32_t dict_date(const char *s, size_t n);
/* yyyymmdd of "YYYY-MM-DD", 0 when empty or malformed. */
uint32_t dict_iso_date(const char *s);

/* ---- builder (build.c) ---- */

struct dict_build;
typedef void (*dict_problem_fn)(void *arg, const char *msg);

struct dict_build *dict_build_new(dict_problem_fn fn, void *arg);
void dict_build_free(struct dict_build *b);
/* Load one source file of the given kind.  Malformed lines are reported through the problem
 * callback and skipped.  Returns DYAD_OK, DYAD_ERR_IO (the file cannot be read: reported too)
 * or DYAD_ERR_NOMEM. */
dyad_status dict_load_file(struct dict_build *b, const char *path, enum dict_kind kind);
size_t dict_build_nproblems(const struct dict_build *b);
/* Write the image to PATH. */
dyad_status dict_build_write(struct dict_build *b, const char *path, struct dyad_error *err);

/* Classify a file by its name; DICT_K_NONE when the name says nothing. */
enum dict_kind dict_classify(const char *path);

/* ---- loaders, called by dict_load_file with the file's lines ---- */

struct dict_src {           /* one source file being read */
	struct dict_build *b;
	const char *path;       /* as given */
	uint32_t file;          /* index in FILES */
	uint32_t line;          /* current line number */
	int in_comment;         /* inside <!-- ... --> */
	void *state;            /* the loader's own */
};

void dict_problem(struct dict_src *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Strip comments (#, " ;", <!-- -->) and trailing blanks from a line in place; returns its new
 * length (0 for a line with nothing left). */
size_t dict_strip(struct dict_src *s, char *line, size_t n);

int dict_load_actors_line(struct dict_src *s, char *line, size_t n);
int dict_load_actors_end(struct dict_src *s);
int dict_load_agents_line(struct dict_src *s, char *line, size_t n);
int dict_load_verbs_line(struct dict_src *s, char *line, size_t n);
int dict_load_verbs_end(struct dict_src *s);
int dict_load_discards_line(struct dict_src *s, char *line, size_t n);
int dict_load_issues_line(struct dict_src *s, char *line, size_t n);
int dict_load_preps_line(struct dict_src *s, char *line, size_t n);

/* Builder primitives for the loaders.  Each returns 0, or -1 when out of memory. */
uint32_t dict_str(struct dict_build *b, const char *s, size_t n);   /* interned; 0 on failure */
int dict_entry_begin(struct dict_build *b, int kind, uint32_t file, uint32_t line,
                     const char *name, size_t nlen);
int dict_entry_code(struct dict_build *b, const char *code, size_t n, uint32_t from, uint32_t to,
                    int is_default);
/* Add a phrase to the current entry under ROOT.  stem: the last token may be a prefix. */
int dict_entry_phrase(struct dict_src *s, int root, const char *phrase, size_t n, int gaps,
                      int stem);
size_t dict_entry_ncodes(const struct dict_build *b);
int dict_verb_add_synset(struct dict_build *b, struct dict_synset *sy);
int dict_verb_add_elem(struct dict_build *b, uint32_t e);
uint32_t dict_verb_nelem(const struct dict_build *b);
void dict_verb_trim_elems(struct dict_build *b, uint32_t n);
int dict_verb_add_block(struct dict_build *b, const struct dict_vblock *bl);
uint32_t dict_verb_nblocks(const struct dict_build *b);
int dict_verb_add_form(struct dict_build *b, const struct dict_vform *f);
int dict_verb_add_pattern(struct dict_build *b, const struct dict_vpattern *p);
int dict_verb_add_trans(struct dict_build *b, const struct dict_vtrans *t);
int dict_add_prep(struct dict_build *b, uint32_t str);
/* Set synset k's element count to the elements added since it began. */
void dict_verb_synset_close(struct dict_build *b, int k);
/* Index of the synset named NAME (without '&'), or -1. */
int dict_verb_find_synset(const struct dict_build *b, const char *name, size_t n);

/* ---- matching (match.c) ---- */

/* View of an opened image; DYAD_ERR_FORMAT when a section is missing or inconsistent. */
dyad_status dict_view_init(struct dict_view *v, const struct image *im, struct dyad_error *err);
/* Token ids that word w (raw bytes) can take: its exact id and the ids of its stems.  Returns
 * how many (at most max). */
size_t dict_word_tokens(const struct dict_view *v, const char *w, size_t n, uint32_t *ids,
                        size_t max);
/* Child of node through key, or 0 (the root is never a child). */
uint32_t dict_child(const struct dict_view *v, uint32_t node, uint32_t key);
/* Code index valid on date (yyyymmdd, 0 = unknown: the most recent) for an entry, or
 * UINT32_MAX when none. */
uint32_t dict_code_on(const struct dict_view *v, const struct dict_entry *e, uint32_t date);

#endif
