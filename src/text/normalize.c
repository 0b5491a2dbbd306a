/* normalize.c -- first stage of the text layer: make the document valid NFC UTF-8.
 *
 * Invalid byte sequences become U+FFFD and each gets a warning naming its byte offset; NUL bytes
 * become spaces; a leading byte-order mark is dropped.  Text is NFC-normalized with utf8proc.
 * ASCII text (the common case) is used as it is, without a copy.  Every run of text whose length
 * changed leaves two anchors so later stages can map offsets back to the original bytes.
 *
 * NFC is computed run by run: a run is one ASCII character followed by non-ASCII characters.
 * Cutting before an ASCII character is safe because no canonical composition pairs anything with
 * a following ASCII character.
 */
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "text.h"

struct nbuf {
	char *p;
	size_t len, cap;
	utf8proc_int32_t *cps;     /* scratch for decomposition */
	size_t capcps;
};

static int emit(struct nbuf *b, const void *s, size_t n)
{
	if (mem_grow(&b->p, &b->cap, b->len + n + 1, 1, (size_t)UINT32_MAX - 1) < 0) return -1;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	return 0;
}

static int anchor(struct dyad_doc *d, uint32_t norm, uint32_t orig)
{
	if (mem_grow(&d->anchors, &d->capanchors, d->nanchors + 1, sizeof *d->anchors,
	             DOC_MAX_WORDS) < 0)
		return -1;
	d->anchors[d->nanchors].norm = norm;
	d->anchors[d->nanchors].orig = orig;
	d->nanchors++;
	return 0;
}

/* NFC of the valid UTF-8 run s[0..n) appended to b. */
static int emit_nfc(struct nbuf *b, const char *s, size_t n)
{
	utf8proc_ssize_t k;
	size_t need = n + 8;

	for (;;) {
		if (mem_grow(&b->cps, &b->capcps, need, sizeof *b->cps, (size_t)1 << 28) < 0) return -1;
		k = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, b->cps,
		                       (utf8proc_ssize_t)b->capcps, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
		if (k < 0) return emit(b, s, n);        /* cannot happen on valid input */
		if ((size_t)k <= b->capcps) break;
		need = (size_t)k;
	}
	/* re-encode in place needs 4 bytes per code point: the int32 buffer has exactly that */
	k = utf8proc_reencode(b->cps, k, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (k < 0) return emit(b, s, n);
	return emit(b, b->cps, (size_t)k);
}

static int ascii_clean(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80 || s[i] == 0) return 0;
	return 1;
}

dyad_status text_normalize(struct dyad_doc *d, struct dyad_error *err)
{
	const unsigned char *s = (const unsigned char *)d->text;
	size_t n = d->len, i = 0;
	struct nbuf b = {0};
	int bad = 0;

	d->nanchors = 0;
	if (ascii_clean(d->text, n)) {
		d->ntext = d->text;
		d->nlen = n;
		return DYAD_OK;
	}
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
		i = 3;
		bad |= anchor(d, 0, 3);
	}
	while (i < n && !bad) {
		size_t start = i, nstart = b.len;
		int changed = 0;

		if (s[i] < 0x80) {
			if (s[i] == 0) {
				bad |= emit(&b, " ", 1);
				doc_warn(d, (uint32_t)i, "NUL byte replaced by a space");
				i++;
				continue;
			}
			i++;
			if (i < n && s[i] < 0x80) {
				/* plain ASCII: copy the stretch, less its last character, which leads
				 * the run of non-ASCII characters after it (a base for combining marks) */
				while (i < n && s[i] < 0x80 && s[i] != 0) i++;
				if (i < n && s[i] >= 0x80) i--;
				bad |= emit(&b, s + start, i - start);
				continue;
			}
		}
		/* one optional ASCII lead, then non-ASCII code points up to the next ASCII byte */
		size_t vstart = start;
		while (i < n && s[i] >= 0x80) {
			utf8proc_int32_t cp;
			utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
			if (k < 0) {
				char msg[64];
				bad |= emit_nfc(&b, (const char *)s + vstart, i - vstart);
				bad |= emit(&b, "\xEF\xBF\xBD", 3);
				snprintf(msg, sizeof msg, "invalid UTF-8 byte 0x%02X replaced by U+FFFD", s[i]);
				doc_warn(d, (uint32_t)i, msg);
				changed = 1;
				i++;
				vstart = i;
				continue;
			}
			i += (size_t)k;
		}
		bad |= emit_nfc(&b, (const char *)s + vstart, i - vstart);
		if (changed || b.len - nstart != i - start ||
		    memcmp(b.p + nstart, s + start, i - start) != 0) {
			bad |= anchor(d, (uint32_t)nstart, (uint32_t)start);
			bad |= anchor(d, (uint32_t)b.len, (uint32_t)i);
		}
	}
	if (!bad && (b.len + 1 > UINT32_MAX)) bad = 1;
	if (!bad) {
		d->ntext = arena_strndup(&d->arena, b.p ? b.p : "", b.len);
		d->nlen = b.len;
		if (!d->ntext) bad = 1;
	}
	dyad_free(b.p);
	dyad_free(b.cps);
	if (bad) {
		d->ntext = d->text;
		d->nlen = d->len;
		d->nanchors = 0;
		dyad_error_set(err, "%s: out of memory while normalizing", d->id);
		return DYAD_ERR_NOMEM;
	}
	return DYAD_OK;
}
