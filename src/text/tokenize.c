/* tokenize.c -- second stage of the text layer: paragraphs, UD words and sentences.
 *
 * The normalized text is cut into paragraphs at blank lines.  Each paragraph is cut into
 * white-space chunks, each chunk into surface tokens (leading and trailing punctuation off,
 * internal hyphens and slashes as UD English does), and each surface token into syntactic words
 * (clitics: "don't" -> "do" "n't", "Kerry's" -> "Kerry" "'s", "cannot" -> "can" "not").  Then
 * sentence boundaries are decided over the paragraph's words (segment_para): final punctuation
 * with its closing quotes, abbreviations that may or may not end a sentence, and line breaks
 * that end headlines and bylines.  Every word keeps its byte span in the normalized text and in
 * the original text.
 */
#include <ctype.h>
#include <string.h>
#include <utf8proc.h>

#include "text.h"

/* internal word flags, above the public DYAD_W_* bits, cleared before the words are published */
#define W_NL_BEFORE  0x100   /* a line break precedes this word */
#define W_ABBREV     0x200   /* a surface token ending in an abbreviation period */
#define W_SPACE_BEF  0x400   /* white space precedes this word */

#define MAX_SENT_WORDS 250   /* longer runs are cut: no parser benefits from more */

/* ---------------------------------------------------------------------------------------- */
/* Characters                                                                                 */

/* The code point at s[i] (n bytes in all); *len gets its byte length. */
static int32_t cp_at(const char *s, size_t n, size_t i, size_t *len)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;

	if ((unsigned char)s[i] < 0x80) {
		*len = 1;
		return (unsigned char)s[i];
	}
	k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
	if (k <= 0) {
		*len = 1;
		return 0xFFFD;
	}
	*len = (size_t)k;
	return cp;
}

/* The code point that ends at s[i] (exclusive): walks back over continuation bytes. */
static int32_t cp_before(const char *s, size_t i, size_t *len)
{
	size_t j = i - 1;
	while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80 && i - j < 4) j--;
	return cp_at(s, i, j, len);
}

static int is_space_cp(int32_t c)
{
	if (c < 0x80) return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
	return c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F ||
	       c == 0x3000 || c == 0xFEFF || c == 0x2028 || c == 0x2029 || c == 0x85;
}

/* letters, digits and combining marks: what words are made of */
static int is_alnum_cp(int32_t c)
{
	if (c < 0x80) return isalnum(c);
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return c == 0xFFFD;
	}
}

static int is_upper_cp(int32_t c)
{
	if (c < 0x80) return isupper(c);
	return utf8proc_category(c) == UTF8PROC_CATEGORY_LU ||
	       utf8proc_category(c) == UTF8PROC_CATEGORY_LT;
}

static int is_lower_cp(int32_t c)
{
	if (c < 0x80) return islower(c);
	return utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

static int is_digit_cp(int32_t c) { return c >= '0' && c <= '9'; }
static int is_apos_cp(int32_t c) { return c == '\'' || c == 0x2019 || c == 0x2018 || c == '`'; }

/* sentence-final punctuation */
static int is_final_cp(int32_t c) { return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x203C || c == 0x2049; }

/* closers that stay with the sentence before them */
static int is_closer_cp(int32_t c)
{
	return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' || c == 0x201D ||
	       c == 0x2019 || c == 0x00BB || c == 0x203A;
}

/* ---------------------------------------------------------------------------------------- */
/* Word lists                                                                                 */

static int ieq(const char *s, size_t n, const char *w)
{
	size_t m = strlen(w);
	if (m != n) return 0;
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)s[i]) != w[i]) return 0;
	return 1;
}

static int in_list(const char *s, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (ieq(s, n, *list)) return 1;
	return 0;
}

/* Abbreviations that keep their period (lower case, period included). */
static const char *const abbrevs[] = {
	"mr.", "mrs.", "ms.", "messrs.", "dr.", "prof.", "gen.", "lt.", "col.", "maj.", "capt.",
	"sgt.", "cpl.", "pvt.", "adm.", "cmdr.", "sen.", "sens.", "rep.", "reps.", "gov.", "pres.",
	"rev.", "hon.", "amb.", "supt.", "insp.", "det.", "st.", "mt.", "ft.", "jr.", "sr.",
	"inc.", "corp.", "co.", "ltd.", "llc.", "plc.", "bros.", "assn.", "dept.", "univ.",
	"vs.", "v.", "etc.", "cf.", "al.", "approx.", "vol.", "pp.", "p.", "fig.",
	"jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.",
	"dec.", "mon.", "tue.", "tues.", "wed.", "thu.", "thur.", "thurs.", "fri.", "sat.", "sun.",
	"ave.", "blvd.", "rd.", "hwy.", "est.", "govt.", "min.", "max.", "ext.", "tel.", "dist.",
	"ala.", "ariz.", "ark.", "calif.", "colo.", "conn.", "del.", "fla.", "ga.", "ill.",
	"ind.", "kan.", "ky.", "la.", "md.", "mass.", "mich.", "minn.", "miss.", "mo.", "mont.",
	"neb.", "nev.", "okla.", "ore.", "pa.", "tenn.", "tex.", "va.", "vt.", "wash.", "wis.",
	"wyo.", "ph.d.", "a.m.", "p.m.", "e.g.", "i.e.", "u.s.", "u.k.", "u.n.", "e.u.", "d.c.",
	"viz.", "esp.", "incl.", "dept.", "gov't.", "int'l.", "natl.", "intl.", "mgr.", "pt.",
	NULL
};

/* Abbreviations that are followed by more of the same sentence (titles, "No.", months...). */
static const char *const abbrevs_inner[] = {
	"mr.", "mrs.", "ms.", "messrs.", "dr.", "prof.", "gen.", "lt.", "col.", "maj.", "capt.",
	"sgt.", "cpl.", "pvt.", "adm.", "cmdr.", "sen.", "sens.", "rep.", "reps.", "gov.", "pres.",
	"rev.", "hon.", "amb.", "supt.", "insp.", "det.", "st.", "mt.", "ft.", "vs.", "v.", "cf.",
	"no.", "nos.", "vol.", "pp.", "p.", "fig.", "e.g.", "i.e.", "jan.", "feb.", "mar.",
	"apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.", "approx.", "viz.",
	NULL
};

/* Words that often begin a sentence: after an abbreviation that may end one ("in the U.S.
 * The..."), such a word decides the boundary. */
static const char *const starters[] = {
	"the", "a", "an", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i",
	"you", "there", "here", "but", "and", "so", "yet", "or", "if", "in", "on", "at", "as",
	"for", "from", "by", "with", "when", "while", "after", "before", "although", "though",
	"since", "because", "however", "meanwhile", "also", "still", "then", "now", "today",
	"his", "her", "their", "our", "my", "its", "what", "who", "why", "how", "where", "which",
	"some", "many", "most", "all", "both", "each", "every", "no", "not", "one", "mr.",
	"mrs.", "ms.", "dr.", "officials", "police", "thanks", "please", "yes", "nor", NULL
};

/* Hyphenated prefixes that UD English keeps inside the word ("e-mail", "non-profit"). */
static const char *const hyphen_prefixes[] = {
	"e", "non", "re", "anti", "co", "pro", "pre", "mid", "post", "pan", "over", "cross",
	"multi", "ex", "counter", "semi", "sub", "mini", "socio", "psycho", "neo", "x", NULL
};

/* Emoticons kept whole. */
static const char *const emoticons[] = {
	":)", ":-)", ":(", ":-(", ";)", ";-)", ":d", ":-d", ":p", ":-p", ":/", ":'(", "<3",
	"^_^", ":o", "=)", NULL
};

int text_is_abbrev(const char *s, size_t n)
{
	size_t i, seg = 0, letters = 0, dots = 0;

	if (n < 2 || s[n - 1] != '.') return 0;
	if (in_list(s, n, abbrevs)) return 1;
	/* initials and dotted letters: "J.", "U.S.", "a.m.", "Ph.D." */
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '.') {
			if (seg == 0 || seg > 2) return 0;
			seg = 0;
			dots++;
		} else if (isalpha(c)) {
			seg++;
			letters++;
		} else {
			return 0;
		}
	}
	/* "J." is an initial only when upper case; "a.m."-style needs two dots */
	if (n == 2) return isupper((unsigned char)s[0]);
	return dots >= 2 && letters * 2 <= n + 1;
}

/* ---------------------------------------------------------------------------------------- */
/* Emitting words                                                                             */

struct tk {
	struct dyad_doc *d;
	const char *s;       /* normalized text */
	size_t n;
	int bad;             /* out of memory or too many words */
	int32_t next_cp;     /* first character of the next chunk in the paragraph, or 0 */
};

static void push_word(struct tk *t, size_t a, size_t b, unsigned flags)
{
	struct dyad_doc *d = t->d;
	struct dyad_word *w;

	if (t->bad) return;
	if (mem_grow(&d->words, &d->capwords, d->nwords + 1, sizeof *d->words, DOC_MAX_WORDS) < 0) {
		t->bad = 1;
		return;
	}
	w = &d->words[d->nwords++];
	memset(w, 0, sizeof *w);
	w->nstart = (uint32_t)a;
	w->nend = (uint32_t)b;
	w->flags = (uint16_t)flags;
	w->head = -1;
}

/* Split a surface token s[a..b) into words at its clitics, and push them. */
static void push_surface(struct tk *t, size_t a, size_t b, unsigned flags)
{
	const char *s = t->s;
	size_t n = b - a, k, alen;
	int32_t c;

	if (n >= 3) {
		/* n't / n’t */
		if (tolower((unsigned char)s[b - 1]) == 't') {
			c = cp_before(s, b - 1, &alen);
			if (is_apos_cp(c) && b - 1 - alen > a + 1 &&
			    tolower((unsigned char)s[b - 1 - alen - 1]) == 'n') {
				size_t cut = b - 1 - alen - 1;
				push_word(t, a, cut, flags);
				push_word(t, cut, b, DYAD_W_MWT);
				return;
			}
		}
		/* 's 'm 'd 're 've 'll, with ' or ’ */
		for (k = 1; k <= 2; k++) {
			static const char *const one[] = {"s", "m", "d", NULL};
			static const char *const two[] = {"re", "ve", "ll", NULL};
			if (n <= k + 1) break;
			if (!in_list(s + b - k, k, k == 1 ? one : two)) continue;
			c = cp_before(s, b - k, &alen);
			if (is_apos_cp(c) && b - k - alen > a) {
				size_t cut = b - k - alen;
				int32_t prev = cp_before(s, cut, &alen);
				if (!is_alnum_cp(prev)) break;
				push_word(t, a, cut, flags);
				push_word(t, cut, b, DYAD_W_MWT);
				return;
			}
		}
		/* possessive plural: "countries'" */
		c = cp_before(s, b, &alen);
		if (is_apos_cp(c) && c != 0x2018 && (s[b - alen - 1] == 's' || s[b - alen - 1] == 'S')) {
			push_word(t, a, b - alen, flags);
			push_word(t, b - alen, b, DYAD_W_MWT);
			return;
		}
	}
	/* contractions without an apostrophe, and fused forms */
	{
		static const struct { const char *w; unsigned cut; } fused[] = {
			{"cannot", 3}, {"gonna", 3}, {"wanna", 3}, {"gotta", 3}, {"dont", 2},
			{"didnt", 3}, {"doesnt", 4}, {"isnt", 2}, {"wasnt", 3}, {"werent", 4},
			{"arent", 3}, {"havent", 4}, {"hasnt", 3}, {"hadnt", 3}, {"couldnt", 5},
			{"wouldnt", 5}, {"shouldnt", 6}, {"wont", 2}, {"cant", 2}, {"thats", 4},
			{"ive", 1}, {"youre", 3}, {NULL, 0}
		};
		for (k = 0; fused[k].w; k++)
			if (ieq(s + a, n, fused[k].w)) {
				push_word(t, a, a + fused[k].cut, flags);
				push_word(t, a + fused[k].cut, b, DYAD_W_MWT);
				return;
			}
	}
	push_word(t, a, b, flags);
}

/* ---------------------------------------------------------------------------------------- */
/* Chunks: white-space delimited stretches                                                    */

static int looks_like_url(const char *s, size_t n)
{
	size_t i;
	if ((n > 7 && ieq(s, 7, "http://")) || (n > 8 && ieq(s, 8, "https://")) ||
	    (n > 4 && ieq(s, 4, "www.")))
		return 1;
	for (i = 1; i + 1 < n; i++)     /* an e-mail address: x@y.z */
		if (s[i] == '@' && memchr(s + i, '.', n - i) && isalnum((unsigned char)s[i - 1]))
			return 1;
	return 0;
}

/* Do punctuation characters a and b belong to one token ("...", "?!", "--", "***")? */
static int same_run(int32_t a, int32_t b)
{
	if (is_final_cp(a) && is_final_cp(b) && a != 0x2026 && b != 0x2026) return 1;
	return a == b && (a == '-' || a == '*' || a == '=' || a == '_' || a == '~' || a == '#');
}

/* Is the hyphen at s[h] inside a word UD English keeps whole? p is where the word began. */
static int keep_hyphen(const char *s, size_t n, size_t p, size_t h)
{
	size_t l1, l2;
	int32_t before, after;

	if (h == p || h + 1 >= n) return 0;
	before = cp_before(s, h, &l1);
	after = cp_at(s, n, h + 1, &l2);
	if (!is_alnum_cp(before) || !is_alnum_cp(after)) return 0;
	if (is_digit_cp(before) && is_digit_cp(after)) return 1;    /* 713-853-3989, 2015-09-15 */
	return in_list(s + p, h - p, hyphen_prefixes);
}

/* Push the core of a chunk s[a..b) (edges already stripped), split at internal punctuation. */
static void push_core(struct tk *t, size_t a, size_t b, unsigned flags)
{
	const char *s = t->s;
	size_t i = a, p = a, len, l2, end = b;

	if (looks_like_url(s + a, b - a)) {
		push_word(t, a, b, flags);
		return;
	}
	/* push_chunk leaves punctuation at the edges only where it belongs to the word: a sign or
	 * decimal point before a number ("-3", ".5", "'90s"), a possessive apostrophe at the end */
	if (!is_alnum_cp(cp_at(s, b, a, &len))) i += len;
	if (is_apos_cp(cp_before(s, b, &len))) b -= len;
	while (i < b) {
		int32_t c = cp_at(s, b, i, &len), nx, pv;
		int split = 0;

		if (!is_alnum_cp(c)) {
			nx = i + len < b ? cp_at(s, b, i + len, &l2) : 0;
			pv = i > p ? cp_before(s, i, &l2) : 0;
			if (c == '-') {
				split = !keep_hyphen(s, b, p, i);
			} else if (c == '.' || c == ',' || c == ':') {
				/* 1,000.50  10:30  enron.com  U.S. */
				split = !(is_alnum_cp(pv) && (is_alnum_cp(nx) || c == '.'));
				if (c != '.' && !(is_digit_cp(pv) && is_digit_cp(nx))) split = 1;
			} else if (c == '/') {
				split = !(is_digit_cp(pv) && is_digit_cp(nx));
			} else if (is_apos_cp(c) || c == '&' || c == '_' || c == '@' || c == '+' ||
			           c == 0x00B7) {
				split = !(is_alnum_cp(pv) && is_alnum_cp(nx));
			} else {
				split = 1;
			}
		}
		if (split) {
			size_t e = i + len;
			/* a run of the same character is one token: "--", "..." */
			while (e < b && cp_at(s, b, e, &l2) == c) e += l2;
			if (i > p) {
				push_surface(t, p, i, flags);
				flags = 0;
			}
			push_word(t, i, e, flags);
			flags = 0;
			i = p = e;
			continue;
		}
		i += len;
	}
	if (p < end) push_surface(t, p, end, flags);
}

/* One white-space chunk s[a..b). */
static void push_chunk(struct tk *t, size_t a, size_t b, unsigned flags)
{
	const char *s = t->s;
	size_t len, l2, tail[64], ntail = 0, k;
	int32_t c;
	int opened_single = 0;

	if (in_list(s + a, b - a, emoticons)) {
		push_word(t, a, b, flags);
		return;
	}
	/* a bare clitic chunk ("'s" after a space) is one word */
	if (b - a <= 4 && is_apos_cp(cp_at(s, b, a, &len))) {
		static const char *const cl[] = {"s", "m", "d", "re", "ve", "ll", NULL};
		if (in_list(s + a + len, b - a - len, cl)) {
			push_word(t, a, b, flags);
			return;
		}
	}
	/* leading punctuation */
	while (a < b) {
		c = cp_at(s, b, a, &len);
		if (is_alnum_cp(c)) break;
		if (a + len < b) {
			int32_t nx = cp_at(s, b, a + len, &l2);
			if (is_apos_cp(c) && is_digit_cp(nx)) break;              /* '90s */
			if ((c == '#' || c == '@') && is_alnum_cp(nx)) break;     /* #tag @user */
			if ((c == '-' || c == '+') && is_digit_cp(nx)) break;      /* -5 */
			if (c == '.' && is_digit_cp(nx)) break;                   /* .5 */
		}
		if (c == '\'' || c == 0x2018) opened_single = 1;
		{
			size_t e = a + len;
			while (e < b && same_run(c, cp_at(s, b, e, &l2)))
				e += l2;
			push_word(t, a, e, flags);
			flags = 0;
			a = e;
		}
	}
	if (a >= b) return;
	/* trailing punctuation, collected right to left */
	while (b > a && ntail < 60) {
		size_t e = b;
		c = cp_before(s, b, &len);
		if (is_alnum_cp(c)) break;
		if (c == '.') {
			/* keep the period of an abbreviation; a run of periods is one token */
			if (text_is_abbrev(s + a, b - a) && !(b - a >= 2 && s[b - 2] == '.')) break;
			if ((ieq(s + a, b - a, "no.") || ieq(s + a, b - a, "nos.")) && is_digit_cp(t->next_cp))
				break;                                    /* "No. 10" */
		}
		if (is_apos_cp(c) && c != 0x2018 && !opened_single && b - len > a + 1) {
			int32_t pc = cp_before(s, b - len, &l2);
			if (pc == 's' || pc == 'S') break;              /* possessive plural */
		}
		b -= len;
		while (b > a && same_run(c, cp_before(s, b, &l2)))
			b -= l2;
		tail[ntail++] = b;
		tail[ntail++] = e;
	}
	if (b > a) {
		size_t w0 = t->d->nwords;
		push_core(t, a, b, flags);
		flags = 0;
		if (!t->bad && t->d->nwords > w0) {
			struct dyad_word *w = &t->d->words[t->d->nwords - 1];
			if (w->nend == b && b > a && s[b - 1] == '.')
				w->flags |= W_ABBREV;
		}
	}
	for (k = ntail; k >= 2; k -= 2) {
		push_word(t, tail[k - 2], tail[k - 1], flags);
		flags = 0;
	}
}

/* ---------------------------------------------------------------------------------------- */
/* Sentences                                                                                  */

static void push_sentence(struct tk *t, size_t first, size_t last, uint32_t para, unsigned flags)
{
	struct dyad_doc *d = t->d;
	struct dyad_sentence *st;

	if (t->bad || last <= first) return;
	if (mem_grow(&d->sents, &d->capsents, d->nsents + 1, sizeof *d->sents, DOC_MAX_WORDS) < 0) {
		t->bad = 1;
		return;
	}
	st = &d->sents[d->nsents++];
	st->first = (uint32_t)first;
	st->n = (uint32_t)(last - first);
	st->nstart = d->words[first].nstart;
	st->nend = d->words[last - 1].nend;
	st->para = para;
	st->flags = (uint16_t)flags;
}

static int32_t word_first_cp(const struct tk *t, const struct dyad_word *w)
{
	size_t len;
	return cp_at(t->s, w->nend, w->nstart, &len);
}

static int32_t word_last_cp(const struct tk *t, const struct dyad_word *w)
{
	size_t len;
	return cp_before(t->s, w->nend, &len);
}

static int word_is_punct(const struct tk *t, const struct dyad_word *w)
{
	size_t i = w->nstart, len;
	while (i < w->nend) {
		if (is_alnum_cp(cp_at(t->s, w->nend, i, &len))) return 0;
		i += len;
	}
	return 1;
}

/* Does a sentence end after word i (the words of the paragraph are [p0, p1))?  Returns the index
 * of the first word of the next sentence, or 0 for no boundary. */
static size_t boundary_after(const struct tk *t, size_t i, size_t p1)
{
	const struct dyad_word *w = t->d->words;
	size_t j = i + 1;
	int32_t last = word_last_cp(t, &w[i]), nx;

	if (w[i].flags & W_ABBREV) {
		if (j >= p1) return j;
		if (in_list(t->s + w[i].nstart, w[i].nend - w[i].nstart, abbrevs_inner)) return 0;
		if (w[i].nend - w[i].nstart == 2) return 0;           /* an initial: "John F. Kennedy" */
		nx = word_first_cp(t, &w[j]);
		if (!is_upper_cp(nx)) return 0;
		return in_list(t->s + w[j].nstart, w[j].nend - w[j].nstart, starters) ? j : 0;
	}
	if (!word_is_punct(t, &w[i]) || !is_final_cp(last)) return 0;
	/* absorb closing quotes and brackets written against it ('."' but not '. "') */
	while (j < p1 && (w[j - 1].flags & DYAD_W_NOSPACE) && word_is_punct(t, &w[j]) &&
	       is_closer_cp(word_first_cp(t, &w[j])))
		j++;
	if (j >= p1) return j;
	nx = word_first_cp(t, &w[j]);
	if (w[j].flags & W_NL_BEFORE) return j;
	if (is_lower_cp(nx)) return 0;
	if (nx == ',' || nx == ';' || nx == ':' || nx == ')' ) return 0;
	return j;
}

/* Line lengths decide whether single line breaks end sentences: in text wrapped at a fixed
 * width they do not, elsewhere (headlines, bylines, lists) they do. */
static int para_is_wrapped(const char *s, size_t a, size_t b)
{
	size_t lines = 0, longl = 0, start = a;
	for (size_t i = a; i <= b; i++) {
		if (i == b || s[i] == '\n') {
			if (i > start) {
				lines++;
				if (i - start >= 40) longl++;
			}
			start = i + 1;
		}
	}
	return lines >= 3 && longl * 4 >= (lines - 1) * 3;
}

static void segment_para(struct tk *t, size_t p0, size_t p1, uint32_t para, int wrapped)
{
	struct dyad_word *w = t->d->words;
	size_t first = p0, i;

	for (i = p0; i < p1 && !t->bad; i++) {
		size_t next = 0;
		unsigned sflags = 0;

		if (i + 1 < p1 && (w[i + 1].flags & W_NL_BEFORE) && !wrapped) {
			next = boundary_after(t, i, p1);
			if (!next) {
				next = i + 1;
				sflags = DYAD_S_HEADLINE;
			}
		} else if (i + 1 < p1) {
			next = boundary_after(t, i, p1);
		}
		if (!next && i + 1 - first >= MAX_SENT_WORDS) next = i + 1;
		if (i + 1 == p1) {
			next = p1;
			if (!is_final_cp(word_last_cp(t, &w[i])) && !is_closer_cp(word_last_cp(t, &w[i])) &&
			    !(w[i].flags & W_ABBREV))
				sflags = DYAD_S_HEADLINE;
		}
		if (next) {
			if (next > p1) next = p1;
			push_sentence(t, first, next, para, sflags);
			first = next;
			i = next - 1;
		}
	}
}

dyad_status text_tokenize(struct dyad_doc *d, struct dyad_error *err)
{
	struct tk t = {d, d->ntext, d->nlen, 0, 0};
	const char *s = d->ntext;
	size_t n = d->nlen, i = 0, len;
	uint32_t para = 0;

	d->nwords = d->nsents = 0;
	while (i < n && !t.bad) {
		/* find the paragraph: up to a line holding only white space */
		size_t pa, pb, j, w0;
		int newlines = 0;
		unsigned flags = DYAD_W_PARA;

		while (i < n && is_space_cp(cp_at(s, n, i, &len))) i += len;
		if (i >= n) break;
		pa = i;
		for (j = i; j < n; j += len) {
			int32_t c = cp_at(s, n, j, &len);
			if (c == '\n') {
				if (++newlines >= 2) break;
			} else if (!is_space_cp(c)) {
				newlines = 0;
			}
		}
		pb = j;
		w0 = d->nwords;
		/* chunks */
		i = pa;
		while (i < pb && !t.bad) {
			size_t a;
			int nl = 0, sp = 0;
			while (i < pb) {
				int32_t c = cp_at(s, pb, i, &len);
				if (!is_space_cp(c)) break;
				if (c == '\n' || c == 0x2028 || c == 0x2029) nl = 1;
				sp = 1;
				i += len;
			}
			if (i >= pb) break;
			a = i;
			while (i < pb && !is_space_cp(cp_at(s, pb, i, &len))) i += len;
			{
				size_t k = i;
				t.next_cp = 0;
				while (k < pb && is_space_cp(cp_at(s, pb, k, &len))) k += len;
				if (k < pb) t.next_cp = cp_at(s, pb, k, &len);
			}
			if (d->nwords > w0 && (sp || nl))
				d->words[d->nwords - 1].flags &= (uint16_t)~DYAD_W_NOSPACE;
			{
				size_t k0 = d->nwords, k;
				push_chunk(&t, a, i, flags | (nl ? W_NL_BEFORE : 0) | (sp ? W_SPACE_BEF : 0));
				for (k = k0; !t.bad && k < d->nwords; k++)
					d->words[k].flags |= DYAD_W_NOSPACE;   /* cleared when space follows */
			}
			flags = 0;
		}
		if (d->nwords > w0) {
			d->words[d->nwords - 1].flags &= (uint16_t)~DYAD_W_NOSPACE;
			segment_para(&t, w0, d->nwords, para, para_is_wrapped(s, pa, pb));
			para++;
		}
		i = pb;
	}
	if (t.bad) {
		dyad_error_set(err, "%s: out of memory or too many words while tokenizing", d->id);
		d->nwords = d->nsents = 0;
		return DYAD_ERR_NOMEM;
	}
	/* publish: original offsets, internal flags off */
	for (size_t k = 0; k < d->nwords; k++) {
		struct dyad_word *w = &d->words[k];
		w->start = doc_orig_offset(d, w->nstart);
		w->end = doc_orig_offset(d, w->nend);
		w->flags &= DYAD_W_MWT | DYAD_W_NOSPACE | DYAD_W_PARA;
	}
	for (size_t k = 0; k < d->nsents; k++) {
		d->sents[k].start = doc_orig_offset(d, d->sents[k].nstart);
		d->sents[k].end = doc_orig_offset(d, d->sents[k].nend);
	}
	return DYAD_OK;
}
