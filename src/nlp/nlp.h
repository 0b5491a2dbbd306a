/* nlp.h -- the tagger, lemmatizer and parser inside libdyad (private).  The public face is the
 * "Models" section of dyad.h (dyad_nlp_open, dyad_doc_parse); the CLI's development commands
 * (train, eval parse) call these directly on sentences given as arrays of word forms.
 *
 * A sentence is an array of struct nlp_word: the caller fills form/len; nlp_prep computes the
 * hashed word features the tagger and parser share; tagger_tag fills cls/upos/xpos/lemma;
 * parser_parse fills head/deprel.  Models are read-only after loading: one model may serve
 * any number of threads, each with its own sentence and arena.
 */
#ifndef DYAD_NLP_H
#define DYAD_NLP_H

#include <stddef.h>
#include <stdint.h>

#include "dyad.h"
#include "nlp/feat.h"
#include "util/image.h"
#include "util/mem.h"

#define NLP_MAX_WORDS 4096   /* longer sentences are parsed in pieces of this size */

/* nlp_word.flags */
#define NLP_F_UPPER1  0x01   /* first letter upper case */
#define NLP_F_ALLCAP  0x02   /* two or more letters, all upper case */
#define NLP_F_DIGIT   0x04
#define NLP_F_HYPHEN  0x08
#define NLP_F_ALPHA   0x10   /* contains an ASCII letter */

struct nlp_word {
	const char *form;       /* in: the word's bytes (not NUL-terminated) */
	uint32_t len;
	/* word features (nlp_prep) */
	uint64_t hl;            /* lower case, typographic quotes as ASCII, digits as 0 */
	uint64_t hx;            /* exact form (quotes as ASCII) */
	uint64_t shape;         /* Xx d shape, runs cut at 2 */
	uint64_t suf[4], pre[2];/* suffixes of 1..4 and prefixes of 1..2 bytes of the lower form */
	uint8_t flags, lenb;    /* NLP_F_*, length bucket */
	uint64_t amb;           /* Penn tags seen with the word in training (bit mask), 0 unknown */
	/* out: tagger */
	uint8_t cls, upos, xpos;
	const char *lemma;      /* NUL-terminated, in the model or the arena given to tagger_tag */
	/* out: parser */
	uint8_t deprel;
	int head;               /* 0-based, -1 = root */
};

/* Compute the word features of w[0..n). */
void nlp_prep(struct nlp_word *w, size_t n);

/* ---- tagger (tagger.c) and lemmatizer (lemma.c) ---- */

struct lem_table {
	const struct feat_slot *lex;     /* (lower form, xpos) -> lemma string offset */
	uint32_t lexmask;
	const struct feat_slot *rule;    /* (xpos, suffix) -> strip << 24 | string offset */
	uint32_t rulemask;
	const char *str;                 /* NUL-terminated strings */
	uint32_t nstr;
};

/* The lemma of a word with tag xpos: a string of the table or one built in the arena (NULL
 * when the arena is full). */
const char *lem_lookup(const struct lem_table *t, const char *form, size_t len, unsigned xpos,
                       struct arena *a);

struct amb_slot {                    /* a word's ambiguity class */
	uint64_t key;                    /* the word's hl, 0 = empty slot */
	uint64_t mask;                   /* bit x: Penn tag x */
};

struct tagger {
	struct image im;
	const struct amb_slot *amb;
	uint32_t ambmask;
	struct feat_model fm;
	const uint8_t *classes;          /* upos, xpos of each class */
	uint32_t nclass;
	struct lem_table lem;
	struct feat_dense dense;         /* dense rows of the features with many classes */
};

dyad_status tagger_load(struct tagger *t, const char *path, struct dyad_error *err);
void tagger_close(struct tagger *t);
/* Tag and lemmatize w[0..n) (after nlp_prep).  Lemmas that are not in the model are built in
 * the arena.  0, or -1 when the arena is full. */
int tagger_tag(const struct tagger *t, struct nlp_word *w, size_t n, struct arena *a);

/* ---- parser (parser.c) ---- */

struct parser {
	struct image im;
	struct feat_model fm;
	uint32_t nlabel;
	uint32_t beam;                   /* beam width the model was trained with */
	struct feat_dense dense;         /* dense rows of the features with many classes */
	int32_t margin;                  /* beam decoding drops the items scoring this much below
	                                    the best (DEP_BEAM_MARGIN from parser_load; 0 keeps all,
	                                    as training's dev scoring does) */
};

dyad_status parser_load(struct parser *p, const char *path, struct dyad_error *err);
void parser_close(struct parser *p);
/* Parse w[0..n) (tagged): fills head and deprel.  beam: the beam width (1 greedy, 0 the model's
 * own).  Scratch comes from the arena (reset by the caller).  0, or -1 when the arena is full. */
int parser_parse(const struct parser *p, struct nlp_word *w, size_t n, int beam, struct arena *a);

/* The models inside a public handle (nlp.c), for the development commands; the parser is NULL
 * when the handle has none. */
/* dyad_doc_parse, tagging and parsing only the sentences the caller wants: before tagging
 * sentence s, want(ctx, d, s, 0) says whether to tag it at all (an untagged sentence has UPOS,
 * XPOS 0 and no lemmas), or NLP_KEEP to leave it as it is, or NLP_TAGGED when its tags and
 * lemmas are in d already (a second run); after tagging (its words' tags and lemmas are in d),
 * want(ctx, d, s, 1) whether to parse it; an unparsed sentence keeps heads -1 and relations 0.
 * want NULL: every sentence. */
#define NLP_KEEP 2
#define NLP_TAGGED 3
dyad_status nlp_doc_run(dyad_doc *d, const dyad_nlp *nlp,
                        int (*want)(void *ctx, const dyad_doc *d, size_t s, int tagged),
                        void *ctx, struct dyad_error *err);
const struct tagger *nlp_tagger(const dyad_nlp *nlp);
const struct parser *nlp_parser(const dyad_nlp *nlp);

/* ---- treebanks and training (treebank.c, tagger.c, parser.c) ---- */

struct tb_word {
	const char *form, *lemma;
	uint8_t upos, xpos, deprel;
	int head;
};

struct tb_sent {
	struct tb_word *w;
	uint32_t n;
	const char *doc;                 /* the newdoc id in force */
};

struct treebank {
	struct tb_sent *s;
	size_t n, cap;
	struct arena arena;              /* words and strings */
	size_t nwords;
};

/* Append the sentences of CoNLL-U files.  0, or -1 with err filled. */
int tb_load(struct treebank *tb, const char *path, struct dyad_error *err);
void tb_release(struct treebank *tb);

struct train_opts {
	char **train, **dev;             /* file lists */
	int ntrain, ndev;
	const char *out;
	const char *tagger;              /* parser: tag the training data with this tagger */
	unsigned long seed;
	int epochs;                      /* maximum */
	float prune;                     /* drop averaged weights below this in magnitude */
	double max_mb;                   /* prune harder until the weights fit in this many MB */
	int jackknife;                   /* parser: train on tags from N-fold jackknifed taggers */
	int beam;                        /* parser: beam width (1: greedy, dynamic oracle) */
	int verbose;
	void (*progress)(const char *line);  /* called with one line per epoch, or NULL */
};

dyad_status tagger_train(const struct train_opts *o, struct dyad_error *err);
/* Penn tags for the training words from o->jackknife taggers, each trained on the other folds
 * (tr_xpos, one per word in treebank order), and for the dev words from the last of them. */
dyad_status tagger_jackknife(const struct train_opts *o, const struct treebank *tr,
                             const struct treebank *dv, uint8_t *tr_xpos, uint8_t *dv_xpos,
                             struct dyad_error *err);
dyad_status parser_train(const struct train_opts *o, struct dyad_error *err);

/* Lemmatizer tables built from training sentences, as image sections (lemma.c). */
int lem_build(const struct treebank *tb, struct image_writer *w, uint32_t sec_lex,
              uint32_t sec_rule, uint32_t sec_str);

/* A small deterministic random generator for training. */
static inline uint64_t nlp_rand(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

#endif
