/* lemma.c -- the lemmatizer: suffix rules learned from the training treebanks, per Penn tag
 * ("NNS" + "ies" -> strip 3, add "y"), and a lexicon of the training words the rules get wrong
 * ("was"/VBD -> "be").  A proper noun keeps its form; other words are lower-cased. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "nlp/labels.h"
#include "nlp/nlp.h"

#define LEM_MAXSUF 5
#define LEM_MAXLEN 64

static int proper(unsigned xpos) { return xpos == XPOS_NNP || xpos == XPOS_NNPS; }

static size_t lower(const char *s, size_t n, char *out)
{
	if (n > LEM_MAXLEN) n = LEM_MAXLEN;
	for (size_t i = 0; i < n; i++) out[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	return n;
}

static uint64_t lex_key(const char *low, size_t n, unsigned xpos)
{
	return feat_mix(feat_hash(low, n), 0x1000 + xpos);
}

static uint64_t rule_key(const char *low, size_t n, size_t k, unsigned xpos)
{
	return feat_mix(feat_hash(low + n - k, k), 0x2000 + xpos * 8 + k);
}

static const struct feat_slot *probe(const struct feat_slot *t, uint32_t mask, uint64_t key)
{
	uint32_t fp = (uint32_t)(key >> 32), i = (uint32_t)key & mask;
	if (!t) return NULL;
	if (!fp) fp = 1;
	for (; t[i].fp; i = (i + 1) & mask)
		if (t[i].fp == fp) return &t[i];
	return NULL;
}

/* Apply the rules; the result in out (NUL-terminated). */
static void apply_rules(const struct lem_table *t, const char *form, size_t len, unsigned xpos,
                        char *out)
{
	char low[LEM_MAXLEN];
	size_t n = lower(form, len, low), k;

	if (proper(xpos) || len > LEM_MAXLEN) {
		memcpy(out, form, n);
		out[n] = 0;
		return;
	}
	for (k = n > LEM_MAXSUF + 1 ? LEM_MAXSUF : (n ? n - 1 : 0);; k--) {
		const struct feat_slot *s = probe(t->rule, t->rulemask, rule_key(low, n, k, xpos));
		if (s) {
			size_t strip = s->ref >> 24, off = s->ref & 0xFFFFFF, al;
			const char *app = off < t->nstr ? t->str + off : "";
			al = strlen(app);
			if (strip <= n && n - strip + al < LEM_MAXLEN * 2) {
				memcpy(out, low, n - strip);
				memcpy(out + n - strip, app, al);
				out[n - strip + al] = 0;
				return;
			}
		}
		if (k == 0) break;
	}
	memcpy(out, low, n);
	out[n] = 0;
}

/* English irregular verbs, "base past participle" (a form shared by two slots written
 * once), for past forms the training treebanks lack: the suffix rules would make "risen"
 * "riose" (from "chosen").  Consulted after the lexicon, for VBD and VBN only. */
static const char *const irregular[] = {
	"arise arose arisen", "awake awoke awoken", "bear bore borne", "beat beat beaten",
	"become became become", "begin began begun", "bend bent", "bet bet", "bid bid",
	"bind bound", "bite bit bitten", "bleed bled", "blow blew blown", "break broke broken",
	"breed bred", "bring brought", "broadcast broadcast", "build built", "burn burnt",
	"burst burst", "buy bought", "cast cast", "catch caught", "choose chose chosen",
	"cling clung", "come came come", "cost cost", "creep crept", "cut cut", "deal dealt",
	"dig dug", "do did done", "draw drew drawn", "drink drank drunk", "drive drove driven",
	"eat ate eaten", "fall fell fallen", "feed fed", "feel felt", "fight fought",
	"find found", "flee fled", "fling flung", "fly flew flown", "forbid forbade forbidden",
	"forecast forecast", "foresee foresaw foreseen", "forget forgot forgotten",
	"forgive forgave forgiven", "freeze froze frozen", "get got gotten", "give gave given",
	"go went gone", "grind ground", "grow grew grown", "hang hung", "hear heard",
	"hide hid hidden", "hit hit", "hold held", "hurt hurt", "keep kept", "kneel knelt",
	"know knew known", "lay laid", "lead led", "leap leapt", "leave left", "lend lent",
	"let let", "lie lay lain", "light lit", "lose lost", "make made", "mean meant",
	"meet met", "mislead misled", "mistake mistook mistaken", "overcome overcame overcome",
	"overrun overran overrun", "oversee oversaw overseen", "overtake overtook overtaken",
	"overthrow overthrew overthrown", "pay paid", "put put", "quit quit", "read read",
	"rebuild rebuilt", "redo redid redone", "rid rid", "ride rode ridden", "ring rang rung",
	"rise rose risen", "run ran run", "say said", "see saw seen", "seek sought",
	"sell sold", "send sent", "set set", "shake shook shaken", "shed shed", "shine shone",
	"shoot shot", "show showed shown", "shrink shrank shrunk", "shut shut", "sing sang sung",
	"sink sank sunk", "sit sat", "slay slew slain", "sleep slept", "slide slid",
	"speak spoke spoken", "speed sped", "spend spent", "spin spun", "split split",
	"spread spread", "spring sprang sprung", "stand stood", "steal stole stolen",
	"stick stuck", "sting stung", "stride strode stridden", "strike struck stricken",
	"strive strove striven", "swear swore sworn", "sweep swept", "swim swam swum",
	"swing swung", "take took taken", "teach taught", "tear tore torn", "tell told",
	"think thought", "throw threw thrown", "thrust thrust", "tread trod trodden",
	"undergo underwent undergone", "understand understood", "undertake undertook undertaken",
	"undo undid undone", "uphold upheld", "upset upset", "wake woke woken", "wear wore worn",
	"weave wove woven", "weep wept", "win won", "wind wound", "withdraw withdrew withdrawn",
	"withhold withheld", "withstand withstood", "write wrote written", NULL
};

/* The table's past forms, sorted, each with its base (built once: irregular_base is asked for
 * every past form the lexicon lacks). */
static struct irr {
	char form[16];
	const char *base;
	size_t bn;                   /* the base's length */
} irr_index[2 * sizeof irregular / sizeof *irregular];
static size_t irr_n;
static pthread_once_t irr_once = PTHREAD_ONCE_INIT;

static int cmp_irr(const void *x, const void *y)
{
	return strcmp(((const struct irr *)x)->form, ((const struct irr *)y)->form);
}

static void irr_build(void)
{
	for (const char *const *e = irregular; *e; e++) {
		const char *p = strchr(*e, ' ');
		size_t bn = (size_t)(p - *e);
		while (p && irr_n < sizeof irr_index / sizeof *irr_index) {
			const char *w = p + 1, *q = strchr(w, ' ');
			size_t wn = q ? (size_t)(q - w) : strlen(w);
			if (wn < sizeof irr_index[0].form) {
				memcpy(irr_index[irr_n].form, w, wn);
				irr_index[irr_n].form[wn] = 0;
				irr_index[irr_n].base = *e;
				irr_index[irr_n++].bn = bn;
			}
			p = q;
		}
	}
	qsort(irr_index, irr_n, sizeof *irr_index, cmp_irr);
}

/* The base of an irregular past form low[0..n) into out; 0 when it is none.  (No past form is
 * in two entries of the table, so the index has one answer for each.) */
static int irregular_base(const char *low, size_t n, char *out)
{
	struct irr key;
	const struct irr *hit;
	if (n >= sizeof key.form) return 0;
	pthread_once(&irr_once, irr_build);
	memcpy(key.form, low, n);
	key.form[n] = 0;
	if (!(hit = bsearch(&key, irr_index, irr_n, sizeof *irr_index, cmp_irr))) return 0;
	memcpy(out, hit->base, hit->bn);
	out[hit->bn] = 0;
	return 1;
}

/* "freed", "decreed", "guaranteed": a past form whose base ends in "ee" (a rule for "-ed"
 * would make "fre"). */
static int ee_past(const char *low, size_t n, unsigned xpos)
{
	return (xpos == XPOS_VBD || xpos == XPOS_VBN) && n > 4 && memcmp(low + n - 3, "eed", 3) == 0;
}

const char *lem_lookup(const struct lem_table *t, const char *form, size_t len, unsigned xpos,
                       struct arena *a)
{
	char low[LEM_MAXLEN], out[LEM_MAXLEN * 3];
	size_t n = lower(form, len, low), k;
	const struct feat_slot *s;

	if (len <= LEM_MAXLEN && (s = probe(t->lex, t->lexmask, lex_key(low, n, xpos))) &&
	    s->ref < t->nstr) {
		const char *l = t->str + s->ref;
		/* (a treebank's "freed" -> "fre": a base in "ee" loses only its "d") */
		if (!(ee_past(low, n, xpos) && strlen(l) == n - 2 && memcmp(l, low, n - 2) == 0))
			return l;
	}
	if (len > LEM_MAXLEN) return arena_strndup(a, form, len);
	if ((xpos == XPOS_VBD || xpos == XPOS_VBN) && irregular_base(low, n, out))
		return arena_strndup(a, out, strlen(out));
	if (ee_past(low, n, xpos)) return arena_strndup(a, low, n - 1);
	apply_rules(t, form, len, xpos, out);
	k = strlen(out);
	return arena_strndup(a, out, k);
}

/* ---- building ---- */

struct obs {
	uint64_t key;
	const char *val;        /* lemma, or the appended string of a rule */
	uint32_t strip;
};

static int cmp_obs(const void *x, const void *y)
{
	const struct obs *a = x, *b = y;
	int c;
	if (a->key != b->key) return a->key < b->key ? -1 : 1;
	if (a->strip != b->strip) return a->strip < b->strip ? -1 : 1;
	c = strcmp(a->val, b->val);
	return c;
}

struct strpool {
	char *s;
	size_t n, cap;
};

static int64_t pool_add(struct strpool *p, const char *s)
{
	size_t n = strlen(s) + 1, at = p->n;
	if (mem_grow(&p->s, &p->cap, p->n + n, 1, (size_t)1 << 24) < 0) return -1;
	memcpy(p->s + at, s, n);
	p->n += n;
	return (int64_t)at;
}

/* Majority value of each key run in a sorted observation list, kept when seen at least `min`
 * times.  Writes winners into obs[0..*nout) (count in strip's high bits is not needed). */
static size_t majority(struct obs *o, size_t n, size_t min)
{
	size_t out = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i, best = i, bestc = 0, total = 0;
		while (j < n && o[j].key == o[i].key) {
			size_t r = j;
			while (j < n && o[j].key == o[r].key && o[j].strip == o[r].strip &&
			       strcmp(o[j].val, o[r].val) == 0)
				j++;
			if (j - r > bestc) {
				bestc = j - r;
				best = r;
			}
			total += j - r;
		}
		if (total >= min) o[out++] = o[best];
		i = j;
	}
	return out;
}

static struct feat_slot *table(struct obs *o, size_t n, uint32_t *mask, int rule,
                               struct strpool *p)
{
	size_t ns = 16;
	struct feat_slot *t;
	while (ns < n * 2) ns *= 2;
	t = dyad_calloc(ns, sizeof *t);
	if (!t) return NULL;
	*mask = (uint32_t)(ns - 1);
	for (size_t i = 0; i < n; i++) {
		int64_t off = pool_add(p, o[i].val);
		uint32_t fp = (uint32_t)(o[i].key >> 32), k = (uint32_t)o[i].key & *mask;
		if (off < 0) {
			dyad_free(t);
			return NULL;
		}
		if (!fp) fp = 1;
		while (t[k].fp) k = (k + 1) & *mask;
		t[k].fp = fp;
		t[k].ref = rule ? (uint32_t)(o[i].strip << 24 | (uint32_t)off) : (uint32_t)off;
	}
	return t;
}

int lem_build(const struct treebank *tb, struct image_writer *w, uint32_t sec_lex,
              uint32_t sec_rule, uint32_t sec_str)
{
	struct obs *o = NULL;
	size_t no = 0, cap = 0, nr;
	struct strpool pool = {0};
	struct feat_slot *rules = NULL, *lex = NULL;
	struct lem_table lt = {0};
	char *vals = NULL;
	int rc = -1;

	/* 1. rules: (xpos, last k bytes) -> (strip, append) */
	for (size_t si = 0; si < tb->n; si++)
		for (uint32_t i = 0; i < tb->s[si].n; i++) {
			const struct tb_word *x = &tb->s[si].w[i];
			char low[LEM_MAXLEN], llem[LEM_MAXLEN];
			size_t n = strlen(x->form), ln = strlen(x->lemma), cp = 0;
			if (proper(x->xpos) || n > LEM_MAXLEN || ln > LEM_MAXLEN || !n) continue;
			lower(x->form, n, low);
			lower(x->lemma, ln, llem);
			while (cp < n && cp < ln && low[cp] == llem[cp]) cp++;
			if (n - cp > 15) continue;
			for (size_t k = 0; k <= LEM_MAXSUF && k < n; k++) {
				if (mem_grow(&o, &cap, no + 1, sizeof *o, (size_t)1 << 28) < 0) goto out;
				o[no].key = rule_key(low, n, k, x->xpos);
				o[no].val = x->lemma + cp;   /* the appended part (case as in the lemma) */
				o[no].strip = (uint32_t)(n - cp);
				no++;
			}
		}
	qsort(o, no, sizeof *o, cmp_obs);
	nr = majority(o, no, 2);
	if (!(rules = table(o, nr, &lt.rulemask, 1, &pool))) goto out;
	lt.rule = rules;
	/* 2. lexicon: the majority lemma of (lower form, xpos) where the rules get it wrong */
	no = 0;
	for (size_t si = 0; si < tb->n; si++)
		for (uint32_t i = 0; i < tb->s[si].n; i++) {
			const struct tb_word *x = &tb->s[si].w[i];
			char low[LEM_MAXLEN];
			size_t n = strlen(x->form);
			if (n > LEM_MAXLEN || !n) continue;
			lower(x->form, n, low);
			if (mem_grow(&o, &cap, no + 1, sizeof *o, (size_t)1 << 28) < 0) goto out;
			o[no].key = lex_key(low, n, x->xpos);
			o[no].val = x->lemma;
			o[no].strip = 0;
			no++;
		}
	qsort(o, no, sizeof *o, cmp_obs);
	nr = majority(o, no, 1);
	lt.str = pool.s;
	lt.nstr = (uint32_t)pool.n;
	{
		size_t keep = 0;
		for (size_t i = 0; i < nr; i++) {
			/* find a word with this key to test the rules on: keep the lemma when the rules
			 * (applied to the lemma's own spelling family) cannot be trusted; we cannot
			 * recover the form from the key, so the test runs in the next pass */
			o[keep++] = o[i];
		}
		nr = keep;
	}
	/* 3. drop lexicon entries the rules reproduce: pass over the words again */
	{
		size_t nv = 0;
		vals = dyad_calloc(nr ? nr : 1, 1);   /* 1 = needed */
		if (!vals) goto out;
		for (size_t si = 0; si < tb->n; si++)
			for (uint32_t i = 0; i < tb->s[si].n; i++) {
				const struct tb_word *x = &tb->s[si].w[i];
				char low[LEM_MAXLEN], got[LEM_MAXLEN * 3];
				size_t n = strlen(x->form), lo = 0, hi = nr;
				struct obs probe_key;
				if (n > LEM_MAXLEN || !n) continue;
				lower(x->form, n, low);
				probe_key.key = lex_key(low, n, x->xpos);
				while (lo < hi) {
					size_t mid = (lo + hi) / 2;
					if (o[mid].key < probe_key.key) lo = mid + 1;
					else hi = mid;
				}
				if (lo >= nr || o[lo].key != probe_key.key || vals[lo]) continue;
				lt.str = pool.s;
				lt.nstr = (uint32_t)pool.n;
				apply_rules(&lt, x->form, n, x->xpos, got);
				if (strcmp(got, o[lo].val) != 0) vals[lo] = 1;
			}
		for (size_t i = 0; i < nr; i++)
			if (vals[i]) o[nv++] = o[i];
		nr = nv;
	}
	if (!(lex = table(o, nr, &lt.lexmask, 0, &pool))) goto out;
	if (image_writer_add(w, sec_lex, lex, ((size_t)lt.lexmask + 1) * sizeof *lex) < 0 ||
	    image_writer_add(w, sec_rule, rules, ((size_t)lt.rulemask + 1) * sizeof *rules) < 0 ||
	    image_writer_add(w, sec_str, pool.s, pool.n) < 0)
		goto out;
	rc = 0;
out:
	dyad_free(o);
	dyad_free(vals);
	dyad_free(rules);
	dyad_free(lex);
	dyad_free(pool.s);
	return rc;
}
