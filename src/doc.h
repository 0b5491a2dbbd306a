/* doc.h -- the document as every pipeline stage sees it (private to libdyad).
 *
 * A dyad_doc owns its text and everything the stages derive from it.  Strings and small
 * per-document objects live in the arena, reset by dyad_doc_set; the word and sentence arrays are
 * growable buffers kept across documents, so a stream of documents reuses the same memory and
 * the footprint follows the largest document, not the number of documents.
 */
#ifndef DYAD_DOC_H
#define DYAD_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "dyad.h"
#include "util/error.h"
#include "util/mem.h"

/* Where the normalized text differs in length from the original, an anchor says that normalized
 * offset `norm` corresponds to original offset `orig`; offsets between anchors move together. */
struct offmap_anchor {
	uint32_t norm, orig;
};

#define DOC_MAX_WORDS    (1u << 26)
#define DOC_MAX_WARNINGS 64

struct dyad_doc {
	struct arena arena;
	char *id, *date, *title, *url, *source;

	char *text;              /* original bytes, NUL-terminated copy */
	size_t len;
	char *ntext;             /* normalized text; == text when nothing changed */
	size_t nlen;

	struct offmap_anchor *anchors;
	size_t nanchors, capanchors;

	struct dyad_word *words;
	size_t nwords, capwords;
	struct dyad_sentence *sents;
	size_t nsents, capsents;

	struct dyad_phrase *phrases; /* discards and issues (dict/match.c, dyad_doc_actors) */
	size_t nphrases, capphrases;

	struct dyad_event *events;   /* coded events (code/coder.c) */
	size_t nevents, capevents;

	struct dyad_warning warnings[DOC_MAX_WARNINGS];
	size_t nwarnings;        /* may exceed DOC_MAX_WARNINGS: only the first are kept */
};

/* Original-text offset of a normalized-text offset. */
uint32_t doc_orig_offset(const struct dyad_doc *d, uint32_t noff);

/* Record a warning at original offset `off`; the message is copied into the arena. */
void doc_warn(struct dyad_doc *d, uint32_t off, const char *msg);

#endif
