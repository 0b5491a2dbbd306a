/* load_names.c -- loaders for the phrase dictionaries: actors (records of phrases and dated
 * codes), agents (~codes, plurals, !macro! substitutions), discards (sentence and story level)
 * and issues (n:/v:/+ expansions, ~ ignore phrases), plus the preposition list.  Each malformed
 * line is reported as FILE:LINE and skipped; loading goes on. */
#include <stdio.h>
#include <string.h>

#include "dict/dict.h"
#include "util/mem.h"

static const char *skip_blank(const char *p)
{
	while (*p == ' ' || *p == '\t') p++;
	return p;
}

/* Trim blanks from both ends of s[0..*n); returns the new start. */
static const char *trim(const char *s, size_t *n)
{
	while (*n && (*s == ' ' || *s == '\t')) s++, (*n)--;
	while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t')) (*n)--;
	return s;
}

static int code_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '+' || c == '~' || c == '_' || c == ':' || c == '!' || c == '.' ||
	       c == '/';  /* TABARI: several actor codes as A/B */
}

/* Check a code string; returns NULL when fine, else what is wrong. */
static const char *bad_code(const char *c, size_t n)
{
	size_t digits = 0, maxdigits = 0;
	if (n == 0) return "empty code";
	for (size_t i = 0; i < n; i++) {
		if (!code_char(c[i])) return "character not allowed in a code";
		digits = (c[i] >= '0' && c[i] <= '9') ? digits + 1 : 0;
		if (digits > maxdigits) maxdigits = digits;
	}
	if (c[0] >= '0' && c[0] <= '9' && memchr(c, '-', n) && maxdigits >= 6)
		return "date restriction without a code";
	if (maxdigits >= 6) return "date restriction must be separated from the code by a blank";
	return NULL;
}

/* Parse "[CODE]" or "[CODE RESTRICTION]" starting at p ('['); adds the code to the current
 * entry.  Returns 0, 1 when the line was malformed (reported), -1 when out of memory. */
static int parse_code(struct dict_src *s, const char *p)
{
	const char *end = strchr(p, ']'), *c, *q, *why;
	size_t cn;
	uint32_t from = 0, to = 99999999;
	int dflt = 1;

	if (!end) {
		dict_problem(s, "missing ']' after code");
		return 1;
	}
	c = skip_blank(p + 1);
	for (q = c; q < end && *q != ' ' && *q != '\t' && *q != '<' && *q != '>'; q++) {}
	cn = (size_t)(q - c);
	if (cn == 0) {
		dict_problem(s, "empty code in '[...]'");
		return 1;
	}
	if ((why = bad_code(c, cn))) {
		dict_problem(s, "bad code '%.*s': %s", (int)cn, c, why);
		return 1;
	}
	q = skip_blank(q);
	if (q < end) {
		const char *d1 = q, *d2;
		size_t n1, n2;
		dflt = 0;
		if (*q == '<' || *q == '>') {
			char op = *q;
			d1 = skip_blank(q + 1);
			for (q = d1; q < end && *q >= '0' && *q <= '9'; q++) {}
			n1 = (size_t)(q - d1);
			uint32_t d = dict_date(d1, n1);
			if (!d || skip_blank(q) != end) {
				dict_problem(s, "bad date restriction '%.*s' (want <DATE, >DATE or DATE-DATE "
				             "with DATE as YYMMDD or YYYYMMDD)", (int)(end - p - 1), p + 1);
				return 1;
			}
			if (op == '<') to = d;
			else from = d;
		} else {
			for (q = d1; q < end && *q >= '0' && *q <= '9'; q++) {}
			n1 = (size_t)(q - d1);
			q = skip_blank(q);
			d2 = q < end && *q == '-' ? skip_blank(q + 1) : NULL;
			for (q = d2 ? d2 : end; q < end && *q >= '0' && *q <= '9'; q++) {}
			n2 = d2 ? (size_t)(q - d2) : 0;
			from = dict_date(d1, n1);
			to = d2 ? dict_date(d2, n2) : 0;
			if (!from || !to || skip_blank(q) != end) {
				dict_problem(s, "bad date restriction '%.*s' (want <DATE, >DATE or DATE-DATE "
				             "with DATE as YYMMDD or YYYYMMDD)", (int)(end - p - 1), p + 1);
				return 1;
			}
			if (to < from) {
				dict_problem(s, "date range %u-%u ends before it starts", from, to);
				return 1;
			}
		}
	}
	if (dict_entry_code(s->b, c, cn, from, to, dflt) < 0) return -1;
	/* several codes on one line: "[IGOEUREEC 630701-631231][IGOWSTNAT 711001-840625]" */
	q = skip_blank(end + 1);
	if (*q == '[') return parse_code(s, q);
	if (*q) dict_problem(s, "text after ']' ignored: '%s'", q);
	return 0;
}

/* ---- actors ---- */

struct actors_state {
	int open;              /* a record is being read */
	int saw_code;          /* it has a code (inline or restriction) */
	uint32_t first_line;
};

static int actors_close(struct dict_src *s, struct actors_state *st)
{
	if (st->open && !dict_entry_ncodes(s->b)) {
		uint32_t line = s->line;
		s->line = st->first_line;
		dict_problem(s, "actor record has no code (it stays in as the null code)");
		s->line = line;
	}
	st->open = st->saw_code = 0;
	return 0;
}

int dict_load_actors_line(struct dict_src *s, char *line, size_t n)
{
	struct actors_state *st = s->state;
	const char *p, *br;
	size_t pn;
	int syn, r;

	if (!st) {
		if (!(st = s->state = dyad_calloc(1, sizeof *st))) return -1;
	}
	/* TABARI-style "; comment" after a blank */
	for (size_t i = 1; i < n; i++)
		if (line[i] == ';' && (line[i - 1] == ' ' || line[i - 1] == '\t')) {
			n = i;
			while (n && (line[n - 1] == ' ' || line[n - 1] == '\t')) n--;
			line[n] = 0;
			break;
		}
	if (n == 0) return 0;
	p = line;
	if (*p == ' ' || *p == '\t') {
		p = skip_blank(p);
		if (*p != '[') {
			dict_problem(s, "indented line is not a date restriction '[CODE ...]'");
			return 0;
		}
		if (!st->open) {
			dict_problem(s, "date restriction outside an actor record");
			return 0;
		}
		r = parse_code(s, p);
		if (r == 0) st->saw_code = 1;
		return r < 0 ? -1 : 0;
	}
	syn = *p == '+';
	if (syn) {
		p++;
		if (!st->open) {
			dict_problem(s, "synonym '+%s' outside an actor record", p);
			return 0;
		}
	} else if (!st->open || st->saw_code) {
		actors_close(s, st);
		br = strchr(p, '[');
		pn = br ? (size_t)(br - p) : strlen(p);
		const char *name = trim(p, &pn);
		if (dict_entry_begin(s->b, DICT_E_ACTOR, s->file, s->line, name, pn) < 0) return -1;
		st->open = 1;
		st->first_line = s->line;
	}
	br = strchr(p, '[');
	pn = br ? (size_t)(br - p) : strlen(p);
	const char *ph = trim(p, &pn);
	if (pn == 0) {
		dict_problem(s, "empty actor phrase");
		return 0;
	}
	if (dict_entry_phrase(s, DICT_ROOT_NAMES, ph, pn, 1, ph[pn - 1] != '_') < 0) return -1;
	if (br) {
		/* even a malformed code ends the record: the next primary line starts a new one */
		st->saw_code = 1;
		if (parse_code(s, br) < 0) return -1;
	}
	return 0;
}

int dict_load_actors_end(struct dict_src *s)
{
	struct actors_state *st = s->state;
	if (st) actors_close(s, st);
	return 0;
}

/* ---- agents ---- */

#define MAXMACROS 32
struct agents_state {
	struct {
		char name[64];
		char items[512];   /* comma-separated, blanks removed */
	} m[MAXMACROS];
	int nm;
};

/* The plural of the phrase's last word, in out. */
static void pluralize(const char *p, size_t n, char *out, size_t cap)
{
	const char *suffix = "S";
	size_t keep = n;
	char a = n ? p[n - 1] : 0, b2 = n > 1 ? p[n - 2] : 0;
	a = (char)(a >= 'a' && a <= 'z' ? a - 32 : a);
	b2 = (char)(b2 >= 'a' && b2 <= 'z' ? b2 - 32 : b2);
	if (a == 'Y' && !strchr("AEIOU", b2)) {
		keep = n - 1;
		suffix = "IES";
	} else if (a == 'S' || a == 'X' || a == 'Z' || (a == 'H' && (b2 == 'C' || b2 == 'S'))) {
		suffix = "ES";
	}
	snprintf(out, cap, "%.*s%s", (int)keep, p, suffix);
}

static int agent_phrase(struct dict_src *s, const char *p, size_t n, int plural,
                        const char *plurals, size_t npl)
{
	char buf[1024];
	int stem;

	p = trim(p, &n);
	if (n == 0) {
		dict_problem(s, "empty agent phrase");
		return 0;
	}
	stem = p[n - 1] != '_';
	if (dict_entry_phrase(s, DICT_ROOT_NAMES, p, n, 1, stem) < 0) return -1;
	if (plurals) {
		/* irregular plurals, blank-separated; "{}" means none */
		size_t i = 0;
		while (i < npl) {
			while (i < npl && (plurals[i] == ' ' || plurals[i] == '\t')) i++;
			size_t a = i;
			while (i < npl && plurals[i] != ' ' && plurals[i] != '\t') i++;
			if (i > a && dict_entry_phrase(s, DICT_ROOT_NAMES, plurals + a, i - a, 1,
			                               plurals[i - 1] != '_') < 0)
				return -1;
		}
	} else if (plural) {
		size_t k = n;
		while (k && p[k - 1] == '_') k--;
		pluralize(p, k, buf, sizeof buf);
		if (dict_entry_phrase(s, DICT_ROOT_NAMES, buf, strlen(buf), 1, stem) < 0) return -1;
	}
	return 0;
}

/* Expand the first !MACRO! of p (recursively), then add the phrases. */
static int agent_expand(struct dict_src *s, struct agents_state *st, const char *p, size_t n,
                        const char *plurals, size_t npl, int depth)
{
	const char *a = memchr(p, '!', n), *b;
	char buf[1024];

	if (!a) return agent_phrase(s, p, n, depth == 0, depth ? NULL : plurals, npl);
	b = memchr(a + 1, '!', n - (size_t)(a + 1 - p));
	if (!b) {
		dict_problem(s, "unclosed substitution marker '%.*s'", (int)(n - (size_t)(a - p)), a);
		return 0;
	}
	for (int i = 0; i < st->nm; i++) {
		if (strlen(st->m[i].name) != (size_t)(b - a - 1) ||
		    strncmp(st->m[i].name, a + 1, (size_t)(b - a - 1)) != 0)
			continue;
		const char *it = st->m[i].items;
		while (*it) {
			const char *e = strchr(it, ',');
			size_t k = e ? (size_t)(e - it) : strlen(it);
			int len = snprintf(buf, sizeof buf, "%.*s%.*s%.*s", (int)(a - p), p, (int)k, it,
			                   (int)(n - (size_t)(b + 1 - p)), b + 1);
			if (len > 0 && (size_t)len < sizeof buf &&
			    agent_expand(s, st, buf, (size_t)len, plurals, npl, depth + 1) < 0)
				return -1;
			it += k + (e ? 1 : 0);
		}
		return 0;
	}
	dict_problem(s, "undefined substitution marker '%.*s'", (int)(b - a + 1), a);
	return 0;
}

int dict_load_agents_line(struct dict_src *s, char *line, size_t n)
{
	struct agents_state *st = s->state;
	const char *p = skip_blank(line), *br, *cb, *ob, *code;
	size_t cn;

	(void)n;
	if (!st) {
		if (!(st = s->state = dyad_calloc(1, sizeof *st))) return -1;
	}
	if (*p == '!' && strchr(p, '=')) {
		const char *e = strchr(p + 1, '!'), *eq = strchr(p, '=');
		if (!e || e > eq || st->nm == MAXMACROS || (size_t)(e - p - 1) >= sizeof st->m[0].name) {
			dict_problem(s, "bad substitution set (want !NAME! = A, B, C)");
			return 0;
		}
		memcpy(st->m[st->nm].name, p + 1, (size_t)(e - p - 1));
		st->m[st->nm].name[e - p - 1] = 0;
		size_t o = 0;
		for (const char *q = eq + 1; *q && o + 1 < sizeof st->m[0].items; q++)
			if (*q != ' ' && *q != '\t') st->m[st->nm].items[o++] = *q;
		st->m[st->nm].items[o] = 0;
		if (!o) {
			dict_problem(s, "empty substitution set '!%s!'", st->m[st->nm].name);
			return 0;
		}
		st->nm++;
		return 0;
	}
	br = strchr(p, '[');
	if (!br) {
		dict_problem(s, "agent has no [code]");
		return 0;
	}
	cb = strchr(br, ']');
	if (!cb) {
		dict_problem(s, "missing ']' after code");
		return 0;
	}
	code = skip_blank(br + 1);
	cn = (size_t)(cb - code);
	code = trim(code, &cn);
	if (cn < 2 || (code[0] != '~' && code[cn - 1] != '~')) {
		dict_problem(s, "agent code '%.*s' needs '~' before it (added after the actor code) "
		             "or after it (added before)", (int)cn, code);
		return 0;
	}
	if (bad_code(code, cn)) {
		dict_problem(s, "bad agent code '%.*s'", (int)cn, code);
		return 0;
	}
	ob = memchr(p, '{', (size_t)(br - p));
	size_t pn = (size_t)((ob ? ob : br) - p);
	const char *ph = trim(p, &pn);
	const char *pl = NULL;
	size_t npl = 0;
	if (ob) {
		const char *ce = memchr(ob, '}', (size_t)(br - ob));
		if (!ce) {
			dict_problem(s, "missing '}' after plural forms");
			return 0;
		}
		pl = ob + 1;
		npl = (size_t)(ce - pl);
	}
	if (dict_entry_begin(s->b, DICT_E_AGENT, s->file, s->line, ph, pn) < 0 ||
	    dict_entry_code(s->b, code, cn, 0, 99999999, 1) < 0)
		return -1;
	return agent_expand(s, st, ph, pn, pl, npl, 0);
}

/* ---- discards ---- */

int dict_load_discards_line(struct dict_src *s, char *line, size_t n)
{
	const char *p = skip_blank(line);
	int story = *p == '+';
	size_t pn;

	if (story) p++;
	pn = strlen(p);
	p = trim(p, &pn);
	if (!pn) {
		dict_problem(s, "empty discard phrase");
		return 0;
	}
	(void)n;
	if (dict_entry_begin(s->b, story ? DICT_E_DISCARD_STORY : DICT_E_DISCARD, s->file, s->line,
	                     p, pn) < 0)
		return -1;
	return dict_entry_phrase(s, DICT_ROOT_DISCARDS, p, pn, 0, p[pn - 1] != '_');
}

/* ---- issues ---- */

#define MAXVARIANTS 64

struct variants {
	char v[MAXVARIANTS][256];
	int n;
};

/* Forms of one issue word: n:noun (singular, plural), v:verb (base, -s, -ed, -ing), else as is. */
static int word_forms(const char *w, size_t n, char out[4][128])
{
	if (n > 2 && (w[0] == 'n' || w[0] == 'v') && w[1] == ':' && n - 2 < 100) {
		const char *r = w + 2;
		size_t k = n - 2;
		snprintf(out[0], 128, "%.*s", (int)k, r);
		if (w[0] == 'n') {
			pluralize(r, k, out[1], 128);
			return 2;
		}
		int e = r[k - 1] == 'e' || r[k - 1] == 'E';
		snprintf(out[1], 128, "%.*s%s", (int)k, r, (r[k - 1] == 's' || r[k - 1] == 'h') ? "es" : "s");
		snprintf(out[2], 128, "%.*s%s", (int)k, r, e ? "d" : "ed");
		snprintf(out[3], 128, "%.*sing", (int)(e ? k - 1 : k), r);
		return 4;
	}
	if (n >= 128) return 0;
	snprintf(out[0], 128, "%.*s", (int)n, w);
	return 1;
}

static int issue_variants(const char *p, size_t n, struct variants *vs)
{
	size_t i = 0;
	vs->n = 1;
	vs->v[0][0] = 0;
	while (i < n) {
		while (i < n && (p[i] == ' ' || p[i] == '\t')) i++;
		size_t a = i;
		while (i < n && p[i] != ' ' && p[i] != '\t') i++;
		if (i == a) break;
		/* the word's alternatives */
		char alt[16][256];
		int na = 0;
		const char *plus = memchr(p + a, '+', i - a);
		char forms[4][128];
		if (plus) {
			int nf = word_forms(plus + 1, (size_t)(p + i - plus - 1), forms);
			for (int f = 0; f < nf && na + 2 <= 16; f++) {
				snprintf(alt[na++], 256, "%.*s %s", (int)(plus - p - a), p + a, forms[f]);
				snprintf(alt[na++], 256, "%.*s-%s", (int)(plus - p - a), p + a, forms[f]);
			}
		} else {
			int nf = word_forms(p + a, i - a, forms);
			for (int f = 0; f < nf; f++) memcpy(alt[na++], forms[f], strlen(forms[f]) + 1);
		}
		if (na == 0 || vs->n * na > MAXVARIANTS) return -1;
		int old = vs->n;
		for (int k = na - 1; k >= 0; k--)
			for (int j = 0; j < old; j++) {
				char tmp[600];
				snprintf(tmp, sizeof tmp, "%s%s%s", vs->v[j], vs->v[j][0] ? " " : "", alt[k]);
				if (strlen(tmp) >= sizeof vs->v[0]) return -1;
				memcpy(vs->v[k * old + j], tmp, strlen(tmp) + 1);
			}
		vs->n = old * na;
	}
	return 0;
}

int dict_load_issues_line(struct dict_src *s, char *line, size_t n)
{
	const char *p = skip_blank(line), *br;
	int ignore = 0;
	size_t pn;
	struct variants *vs;
	int r = 0;

	(void)n;
	if (*p == '<') {
		if (strncmp(p, "<ISSUE", 6) && strncmp(p, "</ISSUE", 7))
			dict_problem(s, "unknown tag (want <ISSUE ...> or </ISSUE>)");
		return 0;
	}
	while (*p == '~') p++, ignore = 1;
	br = strchr(p, '[');
	if (!ignore && !br) {
		dict_problem(s, "issue phrase has no [code]");
		return 0;
	}
	pn = br ? (size_t)(br - p) : strlen(p);
	p = trim(p, &pn);
	if (!pn) {
		dict_problem(s, "empty issue phrase");
		return 0;
	}
	if (!(vs = dyad_malloc(sizeof *vs))) return -1;
	if (issue_variants(p, pn, vs) < 0) {
		dict_problem(s, "issue phrase has more than %d expansions", MAXVARIANTS);
		goto out;
	}
	if (dict_entry_begin(s->b, ignore ? DICT_E_ISSUE_IGNORE : DICT_E_ISSUE, s->file, s->line,
	                     p, pn) < 0) {
		r = -1;
		goto out;
	}
	if (br && (r = parse_code(s, br)) != 0) {
		r = r < 0 ? -1 : 0;
		goto out;
	}
	for (int i = 0; i < vs->n && r == 0; i++)
		r = dict_entry_phrase(s, DICT_ROOT_ISSUES, vs->v[i], strlen(vs->v[i]), 0, 0);
out:
	dyad_free(vs);
	return r;
}

/* ---- prepositions ---- */

int dict_load_preps_line(struct dict_src *s, char *line, size_t n)
{
	char low[DICT_MAXTOK];
	const char *p = line;
	size_t k;

	p = trim(p, &n);
	if (memchr(p, ' ', n) || memchr(p, '\t', n)) {
		dict_problem(s, "a preposition is one word");
		return 0;
	}
	k = dict_norm(p, n, low);
	if (!k) {
		dict_problem(s, "preposition too long");
		return 0;
	}
	return dict_add_prep(s->b, dict_str(s->b, low, k));
}
