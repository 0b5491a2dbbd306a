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
#include <pthread.h>
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

/* ASCII character classes, for the fast path */
enum { A_SPACE = 1, A_ALNUM = 2 };
static const unsigned char ascii_class[128] = {
	['\t'] = A_SPACE, ['\n'] = A_SPACE, ['\v'] = A_SPACE, ['\f'] = A_SPACE, ['\r'] = A_SPACE,
	[' '] = A_SPACE,
	['0'] = A_ALNUM, ['1'] = A_ALNUM, ['2'] = A_ALNUM, ['3'] = A_ALNUM, ['4'] = A_ALNUM,
	['5'] = A_ALNUM, ['6'] = A_ALNUM, ['7'] = A_ALNUM, ['8'] = A_ALNUM, ['9'] = A_ALNUM,
	['A'] = A_ALNUM, ['B'] = A_ALNUM, ['C'] = A_ALNUM, ['D'] = A_ALNUM, ['E'] = A_ALNUM,
	['F'] = A_ALNUM, ['G'] = A_ALNUM, ['H'] = A_ALNUM, ['I'] = A_ALNUM, ['J'] = A_ALNUM,
	['K'] = A_ALNUM, ['L'] = A_ALNUM, ['M'] = A_ALNUM, ['N'] = A_ALNUM, ['O'] = A_ALNUM,
	['P'] = A_ALNUM, ['Q'] = A_ALNUM, ['R'] = A_ALNUM, ['S'] = A_ALNUM, ['T'] = A_ALNUM,
	['U'] = A_ALNUM, ['V'] = A_ALNUM, ['W'] = A_ALNUM, ['X'] = A_ALNUM, ['Y'] = A_ALNUM,
	['Z'] = A_ALNUM,
	['a'] = A_ALNUM, ['b'] = A_ALNUM, ['c'] = A_ALNUM, ['d'] = A_ALNUM, ['e'] = A_ALNUM,
	['f'] = A_ALNUM, ['g'] = A_ALNUM, ['h'] = A_ALNUM, ['i'] = A_ALNUM, ['j'] = A_ALNUM,
	['k'] = A_ALNUM, ['l'] = A_ALNUM, ['m'] = A_ALNUM, ['n'] = A_ALNUM, ['o'] = A_ALNUM,
	['p'] = A_ALNUM, ['q'] = A_ALNUM, ['r'] = A_ALNUM, ['s'] = A_ALNUM, ['t'] = A_ALNUM,
	['u'] = A_ALNUM, ['v'] = A_ALNUM, ['w'] = A_ALNUM, ['x'] = A_ALNUM, ['y'] = A_ALNUM,
	['z'] = A_ALNUM,
};

/* The code point at s[i] (n bytes in all); *len gets its byte length. */
static inline int32_t cp_at(const char *s, size_t n, size_t i, size_t *len)
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
static inline int32_t cp_before(const char *s, size_t i, size_t *len)
{
	size_t j = i - 1;
	if ((unsigned char)s[j] < 0x80) {
		*len = 1;
		return (unsigned char)s[j];
	}
	while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80 && i - j < 4) j--;
	return cp_at(s, i, j, len);
}

static inline int is_space_cp(int32_t c)
{
	if (c < 0x80) return ascii_class[c] & A_SPACE;
	return c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F ||
	       c == 0x3000 || c == 0xFEFF || c == 0x2028 || c == 0x2029 || c == 0x85;
}

/* letters, digits and combining marks: what words are made of */
static inline int is_alnum_cp(int32_t c)
{
	if (c < 0x80) return ascii_class[c] & A_ALNUM;
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

/* All the lists above in one hash table, built once: word (lower case) -> LX_* flags. */
enum {
	LX_ABBREV = 1, LX_INNER = 2, LX_STARTER = 4, LX_HYPHEN = 8, LX_EMOTICON = 16,
	LX_CLITIC = 32, LX_FUSED = 64
};

#define LEX_SLOTS 1024
#define LEX_MAXLEN 15

static struct lex_slot {
	char w[LEX_MAXLEN + 1];
	unsigned char len, cut;       /* cut: where a fused form splits ("cannot" -> 3) */
	unsigned short flags;
} lex[LEX_SLOTS];
static pthread_once_t lex_once = PTHREAD_ONCE_INIT;

static const struct { const char *w; unsigned char cut; } fused[] = {
	{"cannot", 3}, {"gonna", 3}, {"wanna", 3}, {"gotta", 3}, {"dont", 2}, {"didnt", 3},
	{"doesnt", 4}, {"isnt", 2}, {"wasnt", 3}, {"werent", 4}, {"arent", 3}, {"havent", 4},
	{"hasnt", 3}, {"hadnt", 3}, {"couldnt", 5}, {"wouldnt", 5}, {"shouldnt", 6}, {"wont", 2},
	{"cant", 2}, {"thats", 4}, {"ive", 1}, {"youre", 3}, {NULL, 0}
};

static const char *const clitics[] = {"s", "m", "d", "re", "ve", "ll", NULL};

static unsigned lex_hash(const char *s, size_t n)
{
	unsigned h = 2166136261u;
	for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)tolower((unsigned char)s[i])) * 16777619u;
	return h;
}

static struct lex_slot *lex_find(const char *s, size_t n, int insert)
{
	unsigned i = lex_hash(s, n) & (LEX_SLOTS - 1);
	for (;; i = (i + 1) & (LEX_SLOTS - 1)) {
		struct lex_slot *e = &lex[i];
		if (e->len == 0) {
			if (!insert) return NULL;
			for (size_t k = 0; k < n; k++) e->w[k] = (char)tolower((unsigned char)s[k]);
			e->len = (unsigned char)n;
			return e;
		}
		if (e->len == n) {
			size_t k = 0;
			while (k < n && e->w[k] == tolower((unsigned char)s[k])) k++;
			if (k == n) return e;
		}
	}
}

static void lex_add(const char *const *list, unsigned flag)
{
	for (; *list; list++) lex_find(*list, strlen(*list), 1)->flags |= (unsigned short)flag;
}

static void lex_build(void)
{
	lex_add(abbrevs, LX_ABBREV);
	lex_add(abbrevs_inner, LX_INNER);
	lex_add(starters, LX_STARTER);
	lex_add(hyphen_prefixes, LX_HYPHEN);
	lex_add(emoticons, LX_EMOTICON);
	lex_add(clitics, LX_CLITIC);
	for (int i = 0; fused[i].w; i++) {
		struct lex_slot *e = lex_find(fused[i].w, strlen(fused[i].w), 1);
		e->flags |= LX_FUSED;
		e->cut = fused[i].cut;
	}
}

/* The lexicon entry of s[0..n) (case-insensitive), or NULL. */
static const struct lex_slot *lex_get(const char *s, size_t n)
{
	if (n == 0 || n > LEX_MAXLEN) return NULL;
	pthread_once(&lex_once, lex_build);
	return lex_find(s, n, 0);
}

static int lex_is(const char *s, size_t n, unsigned flag)
{
	const struct lex_slot *e = lex_get(s, n);
	return e && (e->flags & flag);
}

int text_is_abbrev(const char *s, size_t n)
{
	size_t i, seg = 0, letters = 0, dots = 0;

	if (n < 2 || s[n - 1] != '.') return 0;
	if (lex_is(s, n, LX_ABBREV)) return 1;
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
	size_t pend;         /* end of the current paragraph */
	int body;            /* a sentence not a headline has been seen (no dateline after it) */
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
			if (n <= k + 1) break;
			c = cp_before(s, b - k, &alen);
			if (!is_apos_cp(c) || !lex_is(s + b - k, k, LX_CLITIC)) continue;
			if (b - k - alen > a) {
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
	if (n >= 3 && n <= 8 && strchr("taesTAES", s[b - 1])) {
		const struct lex_slot *e = lex_get(s + a, n);
		if (e && (e->flags & LX_FUSED)) {
			push_word(t, a, a + e->cut, flags);
			push_word(t, a + e->cut, b, DYAD_W_MWT);
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
	if (is_digit_cp(before) && is_digit_cp(after)) {
		/* 713-853-3989 and 2015-09-15 stay whole; a score or range "5-3", "1-4" splits */
		size_t x = h, y = h + 1;
		while (x > p && is_digit_cp((unsigned char)s[x - 1])) x--;
		while (y < n && is_digit_cp((unsigned char)s[y])) y++;
		return h - x >= 2 && y - h - 1 >= 2;
	}
	return lex_is(s + p, h - p, LX_HYPHEN);
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
			} else if (c == '.') {
				/* enron.com, 1.5, U.S. (the last period kept by push_chunk) */
				split = !(is_alnum_cp(pv) && (is_alnum_cp(nx) || i + len == b));
			} else if (c == ',' || c == ':') {
				/* 1,000.50  10:30 */
				split = !(is_digit_cp(pv) && is_digit_cp(nx));
			} else if (c == '/') {
				/* 9/11, and single letters: b/c, w/o, L/C */
				split = !((is_digit_cp(pv) && is_digit_cp(nx)) ||
				          (is_alnum_cp(pv) && is_alnum_cp(nx) && i - p == 1 &&
				           (i + 2 >= b || !is_alnum_cp((unsigned char)s[i + 2]))));
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

/* Is the first character after the white space following s[b] a digit? */
static int next_is_digit(const struct tk *t, size_t b)
{
	size_t len;
	while (b < t->pend && is_space_cp(cp_at(t->s, t->pend, b, &len))) b += len;
	return b < t->pend && is_digit_cp((unsigned char)t->s[b]);
}

/* One white-space chunk s[a..b). */
static void push_chunk(struct tk *t, size_t a, size_t b, unsigned flags)
{
	const char *s = t->s;
	size_t len, l2, tail[64], ntail = 0, k;
	int32_t c;
	int opened_single = 0;

	/* fast path: letters and digits, perhaps followed by one , ; or : */
	{
		size_t e = a;
		while (e < b && (unsigned char)s[e] < 0x80 && (ascii_class[(unsigned char)s[e]] & A_ALNUM)) e++;
		if (e > a && (e == b || (e + 1 == b && (s[e] == ',' || s[e] == ';' || s[e] == ':')))) {
			push_surface(t, a, e, flags);
			if (e < b) push_word(t, e, b, 0);
			return;
		}
	}
	if (b - a <= 3 && lex_is(s + a, b - a, LX_EMOTICON)) {
		push_word(t, a, b, flags);
		return;
	}
	/* a bare clitic chunk ("'s" after a space) is one word */
	if (b - a <= 4 && is_apos_cp(cp_at(s, b, a, &len))) {
		if (lex_is(s + a + len, b - a - len, LX_CLITIC)) {
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
			if ((c == '#' || c == '@') && is_alnum_cp(nx) && !is_digit_cp(nx)) break; /* #tag @user */
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
			if ((ieq(s + a, b - a, "no.") || ieq(s + a, b - a, "nos.")) && next_is_digit(t, b))
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
	if (!(flags & DYAD_S_HEADLINE)) t->body = 1;
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
		if (lex_is(t->s + w[i].nstart, w[i].nend - w[i].nstart, LX_INNER)) return 0;
		if (w[i].nend - w[i].nstart == 2) return 0;           /* an initial: "John F. Kennedy" */
		nx = word_first_cp(t, &w[j]);
		if (!is_upper_cp(nx)) return 0;
		return lex_is(t->s + w[j].nstart, w[j].nend - w[j].nstart, LX_STARTER) ? j : 0;
	}
	if (!word_is_punct(t, &w[i]) || !is_final_cp(last)) return 0;
	/* absorb closing quotes and brackets written against it ('."' but not '. "') */
	while (j < p1 && (w[j - 1].flags & DYAD_W_NOSPACE) && word_is_punct(t, &w[j]) &&
	       is_closer_cp(word_first_cp(t, &w[j])))
		j++;
	if (j >= p1) return j;
	nx = word_first_cp(t, &w[j]);
	if (w[j].flags & W_NL_BEFORE) return j;
	/* a lower-case word after an ellipsis goes on the sentence; after . ! ? it starts one
	 * (web text often writes sentences in lower case) */
	if (is_lower_cp(nx) && (last == 0x2026 || w[i].nend - w[i].nstart > 1)) return 0;
	if (nx == ',' || nx == ';' || nx == ':' || nx == ')' ) return 0;
	return j;
}

/* Is word w a dash ("-", "--", an en or em dash)? */
static int word_is_dash(const struct tk *t, const struct dyad_word *w)
{
	size_t i = w->nstart, len;
	while (i < w->nend) {
		int32_t c = cp_at(t->s, w->nend, i, &len);
		if (c != '-' && c != 0x2013 && c != 0x2014) return 0;
		i += len;
	}
	return w->nend > w->nstart;
}

/* Is word w in capitals ("ATHENS", "U.N."): two capital letters at least, no lower-case one? */
static int word_is_caps(const struct tk *t, const struct dyad_word *w)
{
	size_t i = w->nstart, len;
	int caps = 0;
	while (i < w->nend) {
		int32_t c = cp_at(t->s, w->nend, i, &len);
		if (is_upper_cp(c)) caps++;
		else if (c != '.' && c != '\'' && c != 0x2019) return 0;
		i += len;
	}
	return caps >= 2;
}

static int word_is(const struct tk *t, const struct dyad_word *w, const char *s)
{
	return w->nend - w->nstart == strlen(s) && memcmp(t->s + w->nstart, s, strlen(s)) == 0;
}

/* The dateline opening the paragraph of words [p0, p1), as its number of words, dash included;
 * 0 when there is none.  A wire story's first sentence begins with where (and when, and from
 * whom) it was filed: "ATHENS, March 14 (Reuters) - Greece and Turkey agreed ...", "SAN JUAN,
 * Puerto Rico, Jan. 5 -- ...", "WASHINGTON (AP) — ...", "(Reuters) - ...": up to four words
 * in capitals, perhaps a comma and up to six capitalised words, numbers or commas, perhaps up to
 * six words in brackets (without the capitals, up to three capitalised ones), a dash, and a
 * sentence of three words at least that begins with a capital, a digit or a quote. */
static size_t dateline(const struct tk *t, size_t p0, size_t p1)
{
	const struct dyad_word *w = t->d->words;
	size_t i = p0, k;
	int32_t c;
	int more = 0;          /* a comma or brackets after the capitals */

	if (t->body) return 0;
	while (i < p1 && i - p0 < 4 && word_is_caps(t, &w[i])) i++;
	if (i == p0 && (i >= p1 || !word_is(t, &w[i], "("))) return 0;
	if (i > p0 && i < p1 && word_is(t, &w[i], ",")) {
		for (k = i + 1; k < p1 && k - i <= 6; k++) {
			c = word_first_cp(t, &w[k]);
			if (!is_upper_cp(c) && !is_digit_cp(c) && !word_is(t, &w[k], ",")) break;
		}
		if (k == i + 1 || word_is(t, &w[k - 1], ",")) return 0;
		i = k;
		more = 1;
	}
	if (i < p1 && word_is(t, &w[i], "(")) {
		for (k = i + 1; k < p1 && k - i <= 7 && !word_is(t, &w[k], ")"); k++)
			if (i == p0 && (k - i > 3 || !is_upper_cp(word_first_cp(t, &w[k])))) return 0;
		if (k >= p1 || k == i + 1 || !word_is(t, &w[k], ")")) return 0;
		i = k + 1;
		more = 1;
	}
	/* a hyphen with a space on each side, after a comma or brackets ("US-China", "NATO -
	 * Russia tensions" are no datelines); a longer dash ("--", an en or em dash) also alone
	 * and written against its words ("WASHINGTON—The") */
	if (i >= p1 || i == p0 || !word_is_dash(t, &w[i])) return 0;
	if (word_is(t, &w[i], "-") &&
	    (!more || (w[i - 1].flags & DYAD_W_NOSPACE) || (w[i].flags & DYAD_W_NOSPACE)))
		return 0;
	i++;
	if (p1 - i < 3) return 0;
	c = word_first_cp(t, &w[i]);
	if (!is_upper_cp(c) && !is_digit_cp(c) && c != '"' && c != 0x201C) return 0;
	return i - p0;
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
	size_t first = p0, i, dl = dateline(t, p0, p1);

	/* a dateline stands alone, as a headline does */
	if (dl) {
		push_sentence(t, p0, p0 + dl, para, DYAD_S_HEADLINE | DYAD_S_DATELINE);
		first = p0 + dl;
	}
	for (i = first; i < p1 && !t->bad; i++) {
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
	struct tk t = {d, d->ntext, d->nlen, 0, 0, 0};
	const char *s = d->ntext;
	size_t n = d->nlen, i = 0, len;
	uint32_t para = 0;

	d->nwords = d->nsents = 0;
	while (i < n && !t.bad) {
		/* find the paragraph: up to a line holding only white space */
		size_t pa, pb, j, w0;
		unsigned flags = DYAD_W_PARA;

		while (i < n && is_space_cp(cp_at(s, n, i, &len))) i += len;
		if (i >= n) break;
		pa = i;
		/* the paragraph ends at a line holding only (ASCII) white space */
		for (j = i, pb = n; j < n; ) {
			const char *nl = memchr(s + j, '\n', n - j);
			size_t k;
			if (!nl) break;
			k = (size_t)(nl - s) + 1;
			while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r')) k++;
			if (k < n && s[k] == '\n') {
				pb = (size_t)(nl - s);
				break;
			}
			j = k;
		}
		w0 = d->nwords;
		t.pend = pb;
		/* chunks */
		i = pa;
		while (i < pb && !t.bad) {
			size_t a;
			int nl = 0, sp = 0;
			while (i < pb) {
				unsigned char ch = (unsigned char)s[i];
				int32_t c;
				if (ch < 0x80) {
					if (!(ascii_class[ch] & A_SPACE)) break;
					nl |= ch == '\n';
					sp = 1;
					i++;
					continue;
				}
				c = cp_at(s, pb, i, &len);
				if (!is_space_cp(c)) break;
				if (c == 0x2028 || c == 0x2029) nl = 1;
				sp = 1;
				i += len;
			}
			if (i >= pb) break;
			a = i;
			while (i < pb) {
				unsigned char ch = (unsigned char)s[i];
				if (ch < 0x80) {
					if (ascii_class[ch] & A_SPACE) break;
					i++;
				} else {
					if (is_space_cp(cp_at(s, pb, i, &len))) break;
					i += len;
				}
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
