/* load_verbs.c -- the PETRARCH verb dictionary: synsets (&NAME with +phrases), verb blocks
 * (--- DESC [CODE] ---, verb forms with {irregular forms} and '+' marking the verb of a
 * multi-word verb), patterns (- pre * post [CODE]) and transformations (~ ...).  Patterns are
 * kept element by element -- words, synsets, '*', '$', '+', ( ) and { } -- with '_' adjacency,
 * their code and FILE:LINE, for the event coder to match against a parse. */
#include <stdio.h>
#include <string.h>

#include "dict/dict.h"
#include "util/mem.h"

enum { M_NONE, M_SYNSET, M_BLOCK };

struct verbs_state {
	int mode;
	int syn;                /* current synset index */
	int syn_noplural;       /* its label ends with '_' */
	uint32_t block;         /* current block index */
	uint32_t block_code;
};

static const char *skip_blank(const char *p)
{
	while (*p == ' ' || *p == '\t') p++;
	return p;
}

static uint32_t lower_str(struct dict_build *b, const char *p, size_t n)
{
	char low[DICT_MAXTOK];
	size_t k = dict_norm(p, n, low);
	return k ? dict_str(b, low, k) : 0;
}

/* Add WORD elements for a phrase ("WIRE_+TAP", "DID N'T"); *verb gets the index of the word
 * marked '+' (or -1).  Returns the number of elements, -1 when out of memory, -2 malformed. */
static int phrase_elems(struct dict_build *b, const char *p, size_t n, int *verb)
{
	size_t i = 0;
	int ne = 0, adj = 0, plus = 0;
	if (verb) *verb = -1;
	while (i < n) {
		char c = p[i];
		if (c == ' ' || c == '\t') { adj = 0; i++; continue; }
		if (c == '_') { adj = 1; i++; continue; }
		if (c == '+') { plus = 1; i++; continue; }
		size_t a = i;
		while (i < n && p[i] != ' ' && p[i] != '\t' && p[i] != '_' && p[i] != '+') i++;
		uint32_t w = lower_str(b, p + a, i - a);
		if (!w) return -2;
		if (plus && verb) *verb = ne;
		plus = 0;
		if (dict_verb_add_elem(b, DICT_V_MAKE(DICT_V_WORD, adj && ne > 0, w)) < 0) return -1;
		ne++;
	}
	return ne;
}

/* The synset named at p (after '&'): the longest run of name characters, cut back at '_'
 * boundaries, that names a defined synset.  *len gets the characters used. */
static int find_synset(struct dict_build *b, const char *p, size_t *len)
{
	size_t n = 0;
	while ((p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= 'a' && p[n] <= 'z') ||
	       (p[n] >= '0' && p[n] <= '9') || p[n] == '_')
		n++;
	*len = n;
	while (n > 0) {
		int k = dict_verb_find_synset(b, p, n);
		if (k >= 0) {
			*len = n;
			return k;
		}
		/* "NAME_" may be written "NAME" in a pattern and the other way round */
		if (p[n - 1] != '_') {
			char tmp[128];
			if (n + 1 < sizeof tmp) {
				memcpy(tmp, p, n);
				tmp[n] = '_';
				if ((k = dict_verb_find_synset(b, tmp, n + 1)) >= 0) {
					*len = n;
					return k;
				}
			}
		}
		while (n > 0 && p[n - 1] != '_') n--;
		if (n > 0) n--;
	}
	return -1;
}

static int synset_member(struct dict_src *s, struct verbs_state *st, const char *p)
{
	struct dict_build *b = s->b;
	size_t n = strlen(p);
	uint32_t start = dict_verb_nelem(b);
	int r;

	if (*p == '&') {
		size_t len;
		int k = find_synset(b, p + 1, &len);
		if (k < 0) {
			dict_problem(s, "undefined synset '%s' (a synset must be defined before it is used)", p);
			return 0;
		}
		r = dict_verb_add_elem(b, DICT_V_MAKE(DICT_V_SYN, 0, (uint32_t)k));
	} else {
		r = phrase_elems(b, p, n, NULL);
		if (r == -2) {
			dict_verb_trim_elems(b, start);
			dict_problem(s, "synset phrase '%s' has a word that is too long", p);
			return 0;
		}
		if (r > 0 && !st->syn_noplural && p[n - 1] != '_') {
			/* regular plural of the last word, as another phrase */
			char pl[600];
			const char *last = p + n;
			while (last > p && last[-1] != '_' && last[-1] != ' ') last--;
			size_t k = (size_t)(p + n - last);
			char a = k ? last[k - 1] : 0, c2 = k > 1 ? last[k - 2] : 0;
			if (dict_verb_add_elem(b, DICT_V_MAKE(DICT_V_END, 0, 0)) < 0) return -1;
			if (a == 'Y' && !strchr("AEIOU", c2))
				snprintf(pl, sizeof pl, "%.*sIES", (int)(n - 1), p);
			else if (a == 'S' || a == 'X' || (a == 'H' && (c2 == 'S' || c2 == 'C')))
				snprintf(pl, sizeof pl, "%sES", p);
			else
				snprintf(pl, sizeof pl, "%sS", p);
			if (phrase_elems(b, pl, strlen(pl), NULL) < 0) return -1;
		}
	}
	if (r < 0) return -1;
	if (dict_verb_add_elem(b, DICT_V_MAKE(DICT_V_END, 0, 0)) < 0) return -1;
	return 0;
}

/* Regular forms of a verb: -s, -ed, -ing (with the usual spelling changes). */
static void regular_forms(const char *v, size_t n, char out[3][128])
{
	char a = n ? v[n - 1] : 0, c2 = n > 1 ? v[n - 2] : 0;
	int y = (a == 'Y' || a == 'y') && !strchr("AEIOUaeiou", c2);
	int e = a == 'E' || a == 'e';
	int es = a == 'S' || a == 'X' || a == 'Z' || a == 's' || a == 'x' ||
	         ((a == 'H' || a == 'h') && strchr("CScs", c2));
	if (y) {
		snprintf(out[0], 128, "%.*sIES", (int)(n - 1), v);
		snprintf(out[1], 128, "%.*sIED", (int)(n - 1), v);
	} else {
		snprintf(out[0], 128, "%.*s%s", (int)n, v, es ? "ES" : "S");
		snprintf(out[1], 128, "%.*s%s", (int)n, v, e ? "D" : "ED");
	}
	snprintf(out[2], 128, "%.*sING", (int)(e && n > 2 ? n - 1 : n), v);
}

static int add_form(struct dict_src *s, struct verbs_state *st, const char *p, size_t n,
                    uint32_t lemma, uint32_t code)
{
	struct dict_vform f;
	int verb;
	uint32_t start = dict_verb_nelem(s->b);
	int ne = phrase_elems(s->b, p, n, &verb);

	if (ne == -1) return -1;
	if (ne <= 0) {
		dict_verb_trim_elems(s->b, start);
		dict_problem(s, "bad verb form '%.*s'", (int)n, p);
		return 0;
	}
	if (verb < 0) {
		if (ne > 1) {
			dict_verb_trim_elems(s->b, start);
			dict_problem(s, "multi-word verb '%.*s' needs '+' before its verb word", (int)n, p);
			return 0;
		}
		verb = 0;
	}
	f.block = st->block;
	f.lemma = lemma;
	f.code = code;
	f.line = s->line;
	f.elem0 = start;
	f.nelem = (uint32_t)ne;
	f.verb = (uint32_t)verb;
	return dict_verb_add_form(s->b, &f);
}

static int verb_line(struct dict_src *s, struct verbs_state *st, const char *p)
{
	const char *ob = strchr(p, '{'), *br = strchr(p, '['), *end;
	size_t n;
	uint32_t code = st->block_code, lemma;

	if (br) {
		const char *cb = strchr(br, ']');
		if (!cb) {
			dict_problem(s, "missing ']' after code");
			return 0;
		}
		const char *c = skip_blank(br + 1);
		size_t cn = (size_t)(cb - c);
		while (cn && (c[cn - 1] == ' ' || c[cn - 1] == '\t')) cn--;
		if (!cn) {
			dict_problem(s, "empty code");
			return 0;
		}
		code = dict_str(s->b, c, cn);
	}
	end = ob && (!br || ob < br) ? ob : br ? br : p + strlen(p);
	n = (size_t)(end - p);
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
	if (!n) {
		dict_problem(s, "verb line without a verb");
		return 0;
	}
	/* the lemma: the word after '+', or the only word */
	const char *plus = memchr(p, '+', n), *w = plus ? plus + 1 : p;
	if (!plus && (memchr(p, '_', n) || memchr(p, ' ', n))) {
		dict_problem(s, "multi-word verb '%.*s' needs '+' before its verb word", (int)n, p);
		return 0;
	}
	size_t wn = 0;
	while (w + wn < p + n && w[wn] != '_' && w[wn] != ' ') wn++;
	lemma = lower_str(s->b, w, wn);
	if (!lemma) {
		dict_problem(s, "verb word too long");
		return 0;
	}
	if (add_form(s, st, p, n, lemma, code) < 0) return -1;
	if (ob && (!br || ob < br)) {
		const char *ce = strchr(ob, '}');
		if (!ce) {
			dict_problem(s, "missing '}' after irregular forms");
			return 0;
		}
		for (const char *q = ob + 1; q < ce;) {
			q = skip_blank(q);
			const char *a = q;
			while (q < ce && *q != ' ' && *q != '\t') q++;
			if (q > a && add_form(s, st, a, (size_t)(q - a), lemma, code) < 0) return -1;
		}
	} else {
		/* regular forms of the verb word, the rest of the phrase as written */
		char forms[3][128], buf[600];
		regular_forms(w, wn, forms);
		for (int i = 0; i < 3; i++) {
			int len = snprintf(buf, sizeof buf, "%.*s%s%.*s", (int)(w - p), p, forms[i],
			                   (int)(n - (size_t)(w + wn - p)), w + wn);
			if (len > 0 && (size_t)len < sizeof buf &&
			    add_form(s, st, buf, (size_t)len, lemma, code) < 0)
				return -1;
		}
	}
	return 0;
}

static int pattern_line(struct dict_src *s, struct verbs_state *st, const char *p)
{
	struct dict_build *b = s->b;
	const char *br = strchr(p, '['), *cb;
	uint32_t start = dict_verb_nelem(b);
	int adj = 0, stars = 0, paren = 0, brace = 0, ne = 0, r;
	const char *why = NULL;
	struct dict_vpattern pat;

	if (!br || !(cb = strchr(br, ']'))) {
		dict_problem(s, "pattern has no [CODE]");
		return 0;
	}
	const char *c = skip_blank(br + 1);
	size_t cn = (size_t)(cb - c);
	while (cn && (c[cn - 1] == ' ' || c[cn - 1] == '\t')) cn--;
	for (size_t i = 0; i < cn; i++)
		if (!((c[i] >= '0' && c[i] <= '9') || (c[i] >= 'A' && c[i] <= 'Z') ||
		      (c[i] >= 'a' && c[i] <= 'z') || c[i] == '-' || c[i] == ':' || c[i] == '+'))
			cn = 0;
	if (!cn) {
		dict_problem(s, "bad pattern code '%.*s' (want [CODE], [SRC:TGT] or [---])",
		             (int)(cb - br - 1), br + 1);
		return 0;
	}
	for (const char *q = p; q < br && !why;) {
		char ch = *q;
		uint32_t e = 0;
		if (ch == ' ' || ch == '\t') { adj = 0; q++; continue; }
		if (ch == '_') { adj = 1; q++; continue; }
		switch (ch) {
		case '*': e = DICT_V_MAKE(DICT_V_STAR, adj, 0); stars++; q++; break;
		case '$': e = DICT_V_MAKE(DICT_V_SRC, adj, 0); q++; break;
		case '+': e = DICT_V_MAKE(DICT_V_TGT, adj, 0); q++; break;
		case '%': case '^': e = DICT_V_MAKE(DICT_V_OTHER, adj, (unsigned char)ch); q++; break;
		case '(':
			if (paren) why = "'(' inside '( )'";
			paren = 1;
			e = DICT_V_MAKE(DICT_V_PPOPEN, adj, 0);
			q++;
			break;
		case ')':
			if (!paren) why = "')' without '('";
			paren = 0;
			e = DICT_V_MAKE(DICT_V_PPCLOSE, 0, 0);
			q++;
			break;
		case '{':
			if (brace) why = "'{' inside '{ }'";
			brace = 1;
			e = DICT_V_MAKE(DICT_V_NPOPEN, adj, 0);
			q++;
			break;
		case '}':
			if (!brace) why = "'}' without '{'";
			brace = 0;
			e = DICT_V_MAKE(DICT_V_NPCLOSE, 0, 0);
			q++;
			break;
		case '&': {
			size_t len;
			int k = find_synset(b, q + 1, &len);
			if (k < 0) {
				dict_verb_trim_elems(b, start);
				dict_problem(s, "undefined synset '&%.*s': pattern ignored", (int)len, q + 1);
				return 0;
			}
			e = DICT_V_MAKE(DICT_V_SYN, adj, (uint32_t)k);
			q += 1 + len;
			if (q[-1] == '_' && len > 0 && q[-2] != '&') adj = 1;
			break;
		}
		default: {
			const char *a = q;
			while (q < br && !strchr(" \t_*$+%^(){}&", *q)) q++;
			uint32_t w = lower_str(b, a, (size_t)(q - a));
			if (!w) why = "word too long";
			e = DICT_V_MAKE(DICT_V_WORD, adj, w);
		}
		}
		if (why) break;
		if (dict_verb_add_elem(b, e) < 0) return -1;
		ne++;
		if (DICT_V_KIND(e) != DICT_V_SYN || !adj) adj = 0;
	}
	if (!why && stars != 1) why = stars ? "more than one '*'" : "no '*' (the verb's place)";
	if (!why && paren) why = "'(' without ')'";
	if (!why && brace) why = "'{' without '}'";
	if (why) {
		dict_verb_trim_elems(b, start);
		dict_problem(s, "bad pattern: %s", why);
		return 0;
	}
	pat.block = st->block;
	pat.code = dict_str(b, c, cn);
	pat.line = s->line;
	pat.file = s->file;
	pat.elem0 = start;
	pat.nelem = (uint32_t)ne;
	r = dict_verb_add_pattern(b, &pat);
	return r;
}

static int trans_line(struct dict_src *s, const char *p)
{
	/* ~ a (b c VERB2) VERB1 = x y CODE */
	char tok[10][64];
	int nt = 0, paren = 0, ok = 1;
	const char *q = p + 1;
	struct dict_vtrans t;

	while (*q && ok) {
		q = skip_blank(q);
		if (!*q) break;
		if (*q == '(' || *q == ')') {
			if ((*q == '(') != (nt == 1)) ok = 0;
			paren += *q == '(' ? 1 : -1;
			q++;
			continue;
		}
		const char *a = q;
		while (*q && *q != ' ' && *q != '\t' && *q != '(' && *q != ')') q++;
		if (nt == 10 || (size_t)(q - a) >= sizeof tok[0]) {
			ok = 0;
			break;
		}
		memcpy(tok[nt], a, (size_t)(q - a));
		tok[nt][q - a] = 0;
		nt++;
	}
	if (!ok || paren || nt != 9 || strcmp(tok[5], "=") != 0) {
		dict_problem(s, "transformation must look like '~ a (b c VERB) VERB = x y CODE'");
		return 0;
	}
	struct dict_build *b = s->b;
	t.src1 = dict_str(b, tok[0], strlen(tok[0]));
	t.src2 = dict_str(b, tok[1], strlen(tok[1]));
	t.tgt2 = dict_str(b, tok[2], strlen(tok[2]));
	t.verb2 = dict_str(b, tok[3], strlen(tok[3]));
	t.verb1 = dict_str(b, tok[4], strlen(tok[4]));
	t.rsrc = dict_str(b, tok[6], strlen(tok[6]));
	t.rtgt = dict_str(b, tok[7], strlen(tok[7]));
	t.rcode = dict_str(b, tok[8], strlen(tok[8]));
	t.file = s->file;
	t.line = s->line;
	return dict_verb_add_trans(b, &t);
}

int dict_load_verbs_line(struct dict_src *s, char *line, size_t n)
{
	struct verbs_state *st = s->state;
	const char *p = skip_blank(line);

	(void)n;
	if (!st) {
		if (!(st = s->state = dyad_calloc(1, sizeof *st))) return -1;
		st->syn = -1;
	}
	if (*p == '&') {
		struct dict_synset sy;
		const char *e = p + 1;
		while (*e && *e != ' ' && *e != '\t') e++;
		if (e == p + 1) {
			dict_problem(s, "synset without a name");
			return 0;
		}
		memset(&sy, 0, sizeof sy);
		sy.name = dict_str(s->b, p + 1, (size_t)(e - p - 1));
		sy.file = s->file;
		sy.line = s->line;
		sy.elem0 = dict_verb_nelem(s->b);
		if (dict_verb_add_synset(s->b, &sy) < 0) return -1;
		st->mode = M_SYNSET;
		st->syn = dict_verb_find_synset(s->b, p + 1, (size_t)(e - p - 1));
		st->syn_noplural = e[-1] == '_';
		return 0;
	}
	if (strncmp(p, "---", 3) == 0) {
		struct dict_vblock bl;
		const char *br = strchr(p, '['), *cb = br ? strchr(br, ']') : NULL;
		const char *d = skip_blank(p + 3), *de = br ? br : p + strlen(p);
		while (de > d && (de[-1] == ' ' || de[-1] == '\t' || de[-1] == '-')) de--;
		memset(&bl, 0, sizeof bl);
		bl.desc = dict_str(s->b, d, (size_t)(de - d));
		bl.file = s->file;
		bl.line = s->line;
		if (br && !cb) dict_problem(s, "missing ']' after block code");
		if (br && cb) {
			const char *c = skip_blank(br + 1);
			size_t cn = (size_t)(cb - c);
			while (cn && (c[cn - 1] == ' ' || c[cn - 1] == '\t')) cn--;
			bl.code = dict_str(s->b, cn ? c : "---", cn ? cn : 3);
		} else {
			bl.code = dict_str(s->b, "---", 3);
		}
		st->block = dict_verb_nblocks(s->b);
		st->block_code = bl.code;
		st->mode = M_BLOCK;
		return dict_verb_add_block(s->b, &bl);
	}
	if (*p == '~') return trans_line(s, p);
	if (*p == '-') {
		if (st->mode != M_BLOCK) {
			dict_problem(s, "pattern outside a verb block (a block starts with '--- NAME [CODE] ---')");
			return 0;
		}
		return pattern_line(s, st, p + 1);
	}
	if (*p == '+' && st->mode == M_SYNSET) {
		int r = synset_member(s, st, p + 1);
		if (st->syn >= 0) dict_verb_synset_close(s->b, st->syn);
		return r;
	}
	if (st->mode != M_BLOCK) {
		dict_problem(s, "line outside a synset or verb block");
		return 0;
	}
	return verb_line(s, st, p);
}

int dict_load_verbs_end(struct dict_src *s)
{
	(void)s;
	return 0;
}
