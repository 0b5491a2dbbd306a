/* text.h -- the text layer: normalize, then segment and tokenize (private to libdyad). */
#ifndef DYAD_TEXT_H
#define DYAD_TEXT_H

#include "doc.h"

/* Validate UTF-8 (invalid bytes become U+FFFD with a warning), NFC-normalize, and fill
 * d->ntext / d->nlen and the offset anchors. */
dyad_status text_normalize(struct dyad_doc *d, struct dyad_error *err);

/* Split d->ntext into paragraphs, sentences and UD words (d->words, d->sents). */
dyad_status text_tokenize(struct dyad_doc *d, struct dyad_error *err);

/* Is the word (bytes s..s+n) a known abbreviation that keeps its final period? */
int text_is_abbrev(const char *s, size_t n);

#endif
