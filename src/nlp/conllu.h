/* conllu.h -- a streaming CoNLL-U reader for treebanks: training and evaluation read gold
 * sentences through it (private to libdyad and its development subcommands). */
#ifndef DYAD_CONLLU_H
#define DYAD_CONLLU_H

#include <stdio.h>

#include "dyad.h"
#include "util/error.h"
#include "util/mem.h"

struct conllu_word {
	const char *form, *lemma;
	unsigned char upos, xpos, deprel;
	int head;               /* 0-based head word, -1 = root */
	int space_after;        /* 0 when MISC says SpaceAfter=No */
	int mwt;                /* index into conllu_sent.mwt, or -1 */
};

struct conllu_mwt {
	int first, last;        /* word indices, inclusive */
	const char *form;
	int space_after;
};

struct conllu_sent {
	const char *sent_id, *text;
	const char *newdoc;     /* non-NULL when "# newdoc" precedes this sentence */
	int newpar;             /* "# newpar" precedes it (or a newdoc) */
	struct conllu_word *w;
	size_t n, capw;
	struct conllu_mwt *mwt;
	size_t nmwt, capmwt;
};

struct conllu_reader {
	FILE *f;
	const char *path;
	size_t lineno;
	char *line;
	size_t linecap;
	struct arena arena;
};

/* Open PATH; 0 on success, -1 with err filled. */
int conllu_open(struct conllu_reader *r, const char *path, struct dyad_error *err);
/* The next sentence: 1, or 0 at the end, or -1 on a malformed line (err says FILE:LINE).  Its
 * strings live until the next call. */
int conllu_next(struct conllu_reader *r, struct conllu_sent *s, struct dyad_error *err);
void conllu_close(struct conllu_reader *r, struct conllu_sent *s);

struct dyad_doc;

/* Make DOC the document that the CoNLL-U text buf[0..len) describes: its text rebuilt from the
 * "# text" lines (or the forms), one sentence per CoNLL-U sentence, words with their spans and
 * every annotation (UPOS, XPOS, lemma, head, relation) taken as given.  This is how dyad codes
 * parses made by another parser, and how tests give the coder exact parses.  Errors name
 * NAME:LINE. */
dyad_status conllu_to_doc(struct dyad_doc *doc, const char *name, const char *id, const char *date,
                          const char *buf, size_t len, struct dyad_error *err);

#endif
