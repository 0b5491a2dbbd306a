/* phrase.c -- the words of dictionaries and of text made comparable: one normalization for both
 * (lower case, plain apostrophes, no final period), a phrase splitter that cuts dictionary
 * phrases the way the tokenizer cuts text, and the two date forms of the dictionaries. */
#include <string.h>
#include <utf8proc.h>

#include "dict/dict.h"

size_t dict_norm(const char *s, size_t n, char *out)
{
	size_t o = 0, i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			if (o >= DICT_MAXTOK) return 0;
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) {               /* not UTF-8: keep the byte */
			if (o >= DICT_MAXTOK) return 0;
			out[o++] = (char)c;
			i++;
			continue;
		}
		i += (size_t)k;
		if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC) cp = '\'';
		else cp = utf8proc_tolower(cp);
		if (o + 4 > DICT_MAXTOK) return 0;
		o += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out + o);
	}
	if (o > 1 && out[o - 1] == '.' && out[o - 2] != '.') o--;
	return o;
}

/* Is c a character the tokenizer always cuts off as a word of its own? */
static int cut_char(unsigned char c)
{
	return c == '-' || c == ',' || c == '(' || c == ')' || c == '"' || c == ';' || c == '/' ||
	       c == '!' || c == '?' || c == ':';
}

int dict_split(const char *s, size_t n, int gaps, char *buf, size_t bufsz,
               const char **toks, size_t *lens, uint8_t *gap)
{
	size_t i = 0, used = 0;
	int nt = 0, pending_gap = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c == '_') {
			i++;
			continue;
		}
		if (c == ' ' || c == '\t') {
			if (gaps && nt > 0) pending_gap = 1;
			i++;
			continue;
		}
		size_t a = i, b;
		if (cut_char(c)) {
			b = i + 1;
		} else {
			b = i;
			while (b < n && s[b] != '_' && s[b] != ' ' && s[b] != '\t' &&
			       !cut_char((unsigned char)s[b]))
				b++;
			/* "'s" / "’s" at the end of a word is a token of its own */
			if (b - a > 2 && (s[b - 1] == 's' || s[b - 1] == 'S') && s[b - 2] == '\'')
				b -= 2;
			else if (b - a > 4 && (s[b - 1] == 's' || s[b - 1] == 'S') &&
			         memcmp(s + b - 4, "\xE2\x80\x99", 3) == 0)
				b -= 4;
		}
		if (nt >= DICT_MAXPHRASE || used + DICT_MAXTOK > bufsz) return -1;
		size_t len = dict_norm(s + a, b - a, buf + used);
		if (len == 0) return -1;
		toks[nt] = buf + used;
		lens[nt] = len;
		gap[nt] = (uint8_t)pending_gap;
		used += len;
		nt++;
		pending_gap = 0;
		i = b;
	}
	return nt;
}

static int digits(const char *s, size_t n, uint32_t *v)
{
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') return 0;
		*v = *v * 10 + (uint32_t)(s[i] - '0');
	}
	return 1;
}

static uint32_t ymd(uint32_t y, uint32_t m, uint32_t d)
{
	if (m < 1 || m > 12 || d < 1 || d > 31) return 0;
	return y * 10000 + m * 100 + d;
}

uint32_t dict_date(const char *s, size_t n)
{
	uint32_t y, m, d;
	if (n == 8 && digits(s, 4, &y) && digits(s + 4, 2, &m) && digits(s + 6, 2, &d))
		return ymd(y, m, d);
	if (n == 6 && digits(s, 2, &y) && digits(s + 2, 2, &m) && digits(s + 4, 2, &d))
		return ymd(y <= 30 ? 2000 + y : 1900 + y, m, d);
	return 0;
}

uint32_t dict_iso_date(const char *s)
{
	uint32_t y, m, d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
	if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d)) return 0;
	return ymd(y, m, d);
}
