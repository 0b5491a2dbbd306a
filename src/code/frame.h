/* frame.h -- who does what to whom, read off a dependency parse (private to libdyad).
 *
 * A frame is one predicate (a verb, or an event noun such as "call" or "talks") with the
 * arguments the parse gives it: the subject side (nsubj, or the by-agent of a passive, or the
 * possessor of a noun), the object side (obj, iobj, prepositional obliques with their
 * preposition), the controller of an xcomp and the subject shared by conjoined verbs.  The frame
 * also carries the predicate's mode (negated, intended, hypothetical, denied, reported) and the
 * reporting verbs above it.  Nothing here knows about actors or CAMEO: the coder adds those.
 */
#ifndef DYAD_FRAME_H
#define DYAD_FRAME_H

#include <stdint.h>

#include "dyad.h"
#include "util/mem.h"

/* A parsed sentence with child lists. */
struct tree {
	const struct dyad_word *w;   /* the sentence's words */
	const char *text;            /* the document's normalized text (word spans point into it) */
	int n;
	int16_t *first, *next;       /* first child, next sibling; -1 = none */
	const int32_t *actor;        /* per word: the actor mention covering it, -1; may be NULL */
};

/* Build child lists for words w[0..n) in arena memory.  0, or -1 when out of memory. */
int tree_build(struct tree *t, const struct dyad_word *w, int n, const char *text, struct arena *a);

/* Is word i's lemma (or, with no lemma, its lower-cased form) one of the words in list? */
int tree_lemma_in(const struct tree *t, int i, const char *const *list);
/* Is word i's form, in lower case, in the NULL-terminated list? */
int tree_form_in(const struct tree *t, int i, const char *const *list);
/* Lower-cased form of word i into buf (cut at n-1 bytes). */
const char *tree_lower(const struct tree *t, int i, char *buf, size_t n);
/* The first child of i with relation dep (or its subtypes when base is set); -1 when none. */
int tree_child(const struct tree *t, int i, int dep, int base);

enum mode {
	MODE_ASSERTED, MODE_NEGATED, MODE_INTENDED, MODE_HYPOTHETICAL, MODE_DENIED, MODE_REPORTED
};
const char *mode_name(int mode);

enum arg_role {
	ARG_SUBJ = 1,     /* nsubj, or the agent of a passive */
	ARG_OBJ,          /* obj, or the subject of a passive */
	ARG_IOBJ,
	ARG_OBL,          /* an oblique (verb) or nmod (noun) with its preposition */
	ARG_POSS,         /* a noun's possessor: "Kerry's call" */
	ARG_BETWEEN       /* "between A and B": both sides */
};

struct arg {
	int16_t head;     /* the argument's head word */
	int16_t prep;     /* its case word ("to", "with"), -1 when none */
	uint8_t role;     /* enum arg_role */
	uint8_t inherited;/* taken from a governing or conjoined verb, not the predicate's own */
};

#define FRAME_MAXARGS 16
#define FRAME_MAXREP  4

struct frame {
	int16_t pred;             /* the predicate word */
	uint8_t nominal;          /* an event noun */
	uint8_t passive;
	int16_t light;            /* the light verb of a nominal ("made ... call"), -1 */
	struct arg args[FRAME_MAXARGS];
	int nargs;
	uint8_t mode;             /* enum mode */
	int16_t mode_word;        /* the word that set the mode, -1 */
	int16_t reporters[FRAME_MAXREP];   /* reporting verbs above the predicate, innermost first */
	int nrep;
	int16_t according;        /* the head of an "according to X" above or on it, -1 */
};

/* Read the frame of predicate p. */
void frame_read(const struct tree *t, int p, struct frame *f);

/* The complement of verb v that says someone must act ("declared that China must drop its
 * barriers"): its head, or -1. */
int frame_must_clause(const struct tree *t, int v);

/* Is word i a verb of demanding ("demanded that X withdraw": what X is to do has not happened,
 * and is not X's intent either)? */
int frame_is_demand_verb(const struct tree *t, int i);
/* Is word i a verb of accusing (accuse, blame, charge, suspect, allege) or of warning against
 * or keeping from (warn, prevent, bar, ...): its clause is no event? */
int frame_is_accuse_or_prevent_verb(const struct tree *t, int i);
/* Is verb v's own clause asserted: no negation, modal, "will" or "if" on it? */
int frame_marks_asserted(const struct tree *t, int v);

/* Is word i a verb of saying ("said", "told", "reported", "claimed")? */
int frame_is_report_verb(const struct tree *t, int i);

#endif
