/* coder.h -- the event coder's private state (see coder.c).  A dyad_coder holds everything read
 * only and shared: the tagger/parser, the compiled dictionaries, the verb index built over them,
 * the codebook and the gazetteer.  Coding a document touches only that document. */
#ifndef DYAD_CODER_H
#define DYAD_CODER_H

#include "code/codebook.h"
#include "code/places.h"
#include "dict/dict.h"
#include "doc.h"

/* Verb words (lemma or inflected form, lower case) -> the verb forms of the dictionary. */
struct verb_key {
	const char *word;
	uint32_t form;            /* index into dict_view.vform */
};

#define PAT_MASK_WORDS 4       /* a set of pattern words as 256 bits, one per word's hash */
#define CAN_CODE    1          /* a form that can code an event */
#define CAN_PROTEST 2          /* ... a protest (CAMEO 14) */
#define CAN_OWN_PROTEST 4      /* ... a protest by its own code, whatever the pattern */
#define CAN_OWN_CODE 8         /* ... an event by its own code, whatever the pattern */

struct dyad_coder {
	dyad_nlp *nlp;
	dyad_dicts *dicts;
	const struct dict_view *v;
	struct codebook *cb;
	struct places *places;
	struct verb_key *keys;    /* sorted by word */
	size_t nkeys;
	uint32_t *blk_pat;        /* pattern indices grouped by block */
	uint32_t *blk_start;      /* block b's patterns: blk_pat[blk_start[b] .. blk_start[b+1]) */
	uint8_t *can;             /* per verb form: CAN_CODE, CAN_PROTEST (its code or its block's) */
	uint64_t (*need)[PAT_MASK_WORDS];   /* per pattern: its words' bits (pattern_need) */
	uint8_t *pcan;            /* per pattern: CAN_CODE, CAN_PROTEST */
	int all_modes;
	int parse_all;
	uint32_t *words;          /* the pattern words (STR offsets, interned), open addressing */
	uint32_t wmask;           /* size - 1 */
};

/* The STR offset of dictionary pattern word s[0..n) (lower case), 0 when no pattern has it. */
uint32_t coder_word(const struct dyad_coder *c, const char *s, size_t n);

/* Pattern matching (pattern.c): the best pattern of the verb form's block for a frame. */
struct frame;
struct tree;
struct pattern_match {
	int32_t pattern;          /* index into dict_view.vpat, -1: the block's or form's own code */
	char code[8];             /* "041", "---" (the first of "042:043") */
	char code2[8];            /* "043" of "042:043": the target's side of the event, or "" */
	int score;                /* matched words */
	int16_t src_word, tgt_word;   /* words marked by $ and + in the pattern, -1 */
	int mode_words;           /* the pattern itself names a modal or a negation ("WILL NOT *") */
	uint32_t line, file;      /* where the code came from */
	int last;                 /* (while matching: the clause position of the last word matched) */
};
int pattern_best(const struct dyad_coder *c, const struct tree *t, const struct frame *f,
                 uint32_t form, struct pattern_match *m);
/* Is code a code ("041", "174K", the null code "---"), not a placeholder ("+++", "025?")? */
int pattern_code_ok(const char *code);
/* The codes of a pattern or form: "042:043" -> "042" and "043" (a TABARI paired code: the
 * second is the same event seen from the target, B hosting A's visit), into out[8], out2[8]. */
void pattern_first_code(const char *s, char *out, char *out2);
/* The bit of pattern word w (its STR offset) in a set of PAT_MASK_WORDS words. */
static inline unsigned pattern_word_bit(uint32_t w)
{
	return (w * 2654435761u) >> (32 - 8);
}
/* Are all the words of a pattern (its need) among those of a clause or sentence (have)? */
static inline int pattern_words_in(const uint64_t need[PAT_MASK_WORDS],
                                   const uint64_t have[PAT_MASK_WORDS])
{
	uint64_t absent = 0;
	for (int k = 0; k < PAT_MASK_WORDS; k++) absent |= need[k] & ~have[k];
	return absent == 0;
}
/* The bits of the words pattern i needs: all of its words must be in a clause it matches. */
void pattern_need(const struct dict_view *v, uint32_t i, uint64_t need[PAT_MASK_WORDS]);
/* The bits of the pattern words all the words of a sentence match (tagged: forms, lemmas,
 * stems, as a clause's): a superset of any clause's of the sentence. */
void pattern_sentence_words(const struct dyad_coder *c, const struct tree *t,
                            uint64_t have[PAT_MASK_WORDS]);
/* Can pattern i match and code (it has a '*', and a code that is no placeholder: "[---]", a
 * deliberate null code, is one)?  The index of coder.c holds only these. */
struct dict_view;
int pattern_usable(const struct dict_view *v, uint32_t i);

/* The verb forms whose verb word is w (lower case): *n of them from *first in c->keys. */
int verb_lookup(const struct dyad_coder *c, const char *w, size_t *first, size_t *n);

#endif
