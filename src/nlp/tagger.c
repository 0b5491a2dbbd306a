/* tagger.c -- the part-of-speech tagger: a greedy left-to-right averaged perceptron over joint
 * (UPOS, XPOS) classes, with word, affix, shape and tag-history features (Collins 2002;
 * Honnibal's "A good POS tagger in about 200 lines").  Also the word features (nlp_prep) the
 * parser shares, the model file and training.
 *
 * Model file "DYADTAG1" (util/image.h), sections:
 *   1 META     struct tag_meta
 *   2 CLASSES  u8[2 * nclass]: upos, xpos of each class
 *   3 SLOTS    struct feat_slot[nslot]      feature hash table
 *   4 ENTRIES  struct feat_entry[nent]      (class, int16 weight) lists
 *   5 LEX      struct feat_slot[]           lemma lexicon (lemma.c)
 *   6 RULES    struct feat_slot[]           lemma suffix rules
 *   7 STRINGS  char[]                       lemma strings
 *   8 AMB      struct amb_slot[]            ambiguity classes: word -> Penn tags seen
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nlp/labels.h"
#include "nlp/nlp.h"
#include "util/error.h"

#define TAG_MAGIC "DYADTAG1"
#define TAG_VERSION 1

enum { SEC_META = 1, SEC_CLASSES, SEC_SLOTS, SEC_ENTRIES, SEC_LEX, SEC_RULES, SEC_STRINGS, SEC_AMB };

struct tag_meta {
	uint32_t nclass, nslot, nent, reserved;
};

/* ---- word features ---- */

void nlp_prep(struct nlp_word *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct nlp_word *x = &w[i];
		char low[64], ex[64], shape[64];
		size_t nl = 0, ns = 0;
		const unsigned char *s = (const unsigned char *)x->form;
		int letters = 0, upper = 0;
		char last = 0;
		int run = 0;

		x->flags = 0;
		for (size_t k = 0; k < x->len && nl < sizeof low; k++) {
			unsigned char c = s[k];
			char m = (char)c, sh;
			if (c == 0xE2 && k + 2 < x->len && s[k + 1] == 0x80) {
				unsigned char d = s[k + 2];
				if (d == 0x98 || d == 0x99) { m = '\''; k += 2; }
				else if (d == 0x9C || d == 0x9D) { m = '"'; k += 2; }
			}
			ex[nl] = m;
			if (m >= 'A' && m <= 'Z') {
				low[nl] = (char)(m + 32);
				sh = 'X';
				letters++;
				upper++;
				if (nl == 0) x->flags |= NLP_F_UPPER1;
			} else if (m >= 'a' && m <= 'z') {
				low[nl] = m;
				sh = 'x';
				letters++;
			} else if (m >= '0' && m <= '9') {
				low[nl] = '0';
				sh = 'd';
				x->flags |= NLP_F_DIGIT;
			} else {
				low[nl] = m;
				sh = m;
				if (m == '-') x->flags |= NLP_F_HYPHEN;
			}
			nl++;
			if (sh == last) run++;
			else run = 1;
			last = sh;
			if (run <= 2 && ns < sizeof shape) shape[ns++] = sh;
		}
		if (letters) x->flags |= NLP_F_ALPHA;
		if (letters >= 2 && upper == letters) x->flags |= NLP_F_ALLCAP;
		x->hl = feat_hash(low, nl);
		x->hx = feat_hash(ex, nl);
		x->shape = feat_hash(shape, ns);
		for (size_t k = 0; k < 4; k++)
			x->suf[k] = k < nl ? feat_hash(low + nl - k - 1, k + 1) : x->hl;
		for (size_t k = 0; k < 2; k++) x->pre[k] = k < nl ? feat_hash(low, k + 1) : x->hl;
		x->lenb = (uint8_t)(nl < 8 ? nl : nl < 12 ? 8 : 9);
	}
}

/* ---- features ---- */

#define TAG_NFEAT 40
#define TAG_DENSE_MIN 24    /* features with this many classes get a dense row at load */
#define PAD_BOS 0x1B0Bull
#define PAD_EOS 0xE0Eull

enum {
	T_BIAS = 1, T_W, T_X, T_S1, T_S2, T_S3, T_S4, T_P1, T_P2, T_SHAPE, T_FLAGS, T_T1, T_T2,
	T_T12, T_T1W, T_WM1, T_S3M1, T_WM2, T_WP1, T_S3P1, T_WP2, T_SHP1, T_WM1W, T_WWP1, T_T1WP1,
	T_SHM1, T_T1S3, T_XP1, T_FIRSTX, T_T2W, T_A0, T_A1, T_A2, T_T1A0, T_A0A1, T_WA1, T_AM1
};

static uint64_t amb_lookup(const struct tagger *t, uint64_t h)
{
	uint32_t i;
	if (!t->amb) return 0;
	if (!h) h = 1;
	for (i = (uint32_t)h & t->ambmask; t->amb[i].key; i = (i + 1) & t->ambmask)
		if (t->amb[i].key == h) return t->amb[i].mask;
	return 0;
}

static size_t tag_features(const struct nlp_word *w, size_t n, size_t i, const uint8_t *tags,
                           uint64_t *f)
{
	const struct nlp_word *x = &w[i];
	uint64_t t1 = i > 0 ? tags[i - 1] : 0xFF, t2 = i > 1 ? tags[i - 2] : 0xFF;
	uint64_t wm1 = i > 0 ? w[i - 1].hl : PAD_BOS, wm2 = i > 1 ? w[i - 2].hl : PAD_BOS;
	uint64_t s3m1 = i > 0 ? w[i - 1].suf[2] : PAD_BOS, shm1 = i > 0 ? w[i - 1].shape : PAD_BOS;
	uint64_t wp1 = i + 1 < n ? w[i + 1].hl : PAD_EOS, wp2 = i + 2 < n ? w[i + 2].hl : PAD_EOS;
	uint64_t s3p1 = i + 1 < n ? w[i + 1].suf[2] : PAD_EOS;
	uint64_t shp1 = i + 1 < n ? w[i + 1].shape : PAD_EOS, xp1 = i + 1 < n ? w[i + 1].hx : PAD_EOS;
	size_t k = 0;

	f[k++] = feat_mix(T_BIAS, 0);
	f[k++] = feat_mix(T_W, x->hl);
	f[k++] = feat_mix(T_X, x->hx);
	f[k++] = feat_mix(T_S1, x->suf[0]);
	f[k++] = feat_mix(T_S2, x->suf[1]);
	f[k++] = feat_mix(T_S3, x->suf[2]);
	f[k++] = feat_mix(T_S4, x->suf[3]);
	f[k++] = feat_mix(T_P1, x->pre[0]);
	f[k++] = feat_mix(T_P2, x->pre[1]);
	f[k++] = feat_mix(T_SHAPE, x->shape);
	f[k++] = feat_mix(T_FLAGS, (uint64_t)x->flags << 8 | x->lenb | (i == 0) << 16);
	f[k++] = feat_mix(T_T1, t1);
	f[k++] = feat_mix(T_T2, t2);
	f[k++] = feat_mix(T_T12, t1 << 8 | t2);
	f[k++] = feat_mix(T_T1W, feat_mix(t1, x->hl));
	f[k++] = feat_mix(T_WM1, wm1);
	f[k++] = feat_mix(T_S3M1, s3m1);
	f[k++] = feat_mix(T_WM2, wm2);
	f[k++] = feat_mix(T_WP1, wp1);
	f[k++] = feat_mix(T_S3P1, s3p1);
	f[k++] = feat_mix(T_WP2, wp2);
	f[k++] = feat_mix(T_SHP1, shp1);
	f[k++] = feat_mix(T_WM1W, feat_mix(wm1, x->hl));
	f[k++] = feat_mix(T_WWP1, feat_mix(x->hl, wp1));
	f[k++] = feat_mix(T_T1WP1, feat_mix(t1, wp1));
	f[k++] = feat_mix(T_SHM1, shm1);
	f[k++] = feat_mix(T_T1S3, feat_mix(t1, x->suf[2]));
	f[k++] = feat_mix(T_XP1, xp1);
	f[k++] = feat_mix(T_FIRSTX, feat_mix(i == 0, x->hx));
	f[k++] = feat_mix(T_T2W, feat_mix(t2 << 8 | t1, x->hl));
	{
		uint64_t a1 = i + 1 < n ? w[i + 1].amb : 1, a2 = i + 2 < n ? w[i + 2].amb : 1;
		uint64_t am1 = i > 0 ? w[i - 1].amb : 1;
		f[k++] = feat_mix(T_A0, x->amb);
		f[k++] = feat_mix(T_A1, a1);
		f[k++] = feat_mix(T_A2, a2);
		f[k++] = feat_mix(T_T1A0, feat_mix(t1, x->amb));
		f[k++] = feat_mix(T_A0A1, feat_mix(x->amb, a1));
		f[k++] = feat_mix(T_WA1, feat_mix(x->hl, a1));
		f[k++] = feat_mix(T_AM1, feat_mix(am1, x->amb));
	}
	return k;
}

static unsigned best(const int32_t *s, unsigned n)
{
	unsigned b = 0;
	for (unsigned c = 1; c < n; c++)
		if (s[c] > s[b]) b = c;
	return b;
}

/* A sentence ending in a full stop with no verb at all, where a past participle read as an
 * adjective sits between a noun and what can start its object ("Israeli tanks shelled
 * positions", "army bulldozers demolished homes"): the tagger's left-to-right reading took the
 * "-ed" word for a modifier of the next noun, which leaves the sentence without a predicate.
 * That word becomes the verb (VBD).  Fragments without a full stop ("Photo: ...") are left. */
static void verbless_repair(const struct tagger *t, struct nlp_word *w, size_t n, struct arena *a)
{
	int vbd = -1;
	if (n < 4 || w[n - 1].len != 1 || w[n - 1].form[0] != '.') return;
	for (size_t i = 0; i < n; i++)
		if (w[i].upos == UPOS_VERB || w[i].upos == UPOS_AUX) return;
	for (unsigned c = 0; c < t->nclass; c++)
		if (t->classes[2 * c] == UPOS_VERB && t->classes[2 * c + 1] == XPOS_VBD) vbd = (int)c;
	if (vbd < 0) return;
	for (size_t i = 1; i + 1 < n; i++) {
		const struct nlp_word *p = &w[i - 1], *q = &w[i + 1];
		if (w[i].upos != UPOS_ADJ || w[i].len < 4 || memcmp(w[i].form + w[i].len - 2, "ed", 2) != 0 ||
		    (p->upos != UPOS_NOUN && p->upos != UPOS_PROPN) ||
		    (q->upos != UPOS_DET && q->upos != UPOS_ADJ && q->upos != UPOS_NOUN &&
		     q->upos != UPOS_PROPN && q->upos != UPOS_NUM && q->upos != UPOS_PRON))
			continue;
		w[i].cls = (uint8_t)vbd;
		w[i].upos = UPOS_VERB;
		w[i].xpos = XPOS_VBD;
		if (a) {
			const char *l = lem_lookup(&t->lem, w[i].form, w[i].len, w[i].xpos, a);
			if (l) w[i].lemma = l;
		}
		return;
	}
}

int tagger_tag(const struct tagger *t, struct nlp_word *w, size_t n, struct arena *a)
{
	uint8_t tags[NLP_MAX_WORDS];
	uint64_t f[TAG_NFEAT];
	int32_t sc[FEAT_MAX_CLASSES + 1];
	const struct feat_entry *hit[TAG_NFEAT];
	const int32_t *row[TAG_NFEAT];
	uint32_t nhit[TAG_NFEAT];

	for (size_t i = 0; i < n; i++) w[i].amb = amb_lookup(t, w[i].hl);
	for (size_t i = 0; i < n; i++) {
		size_t nf, nh, nrow;
		unsigned c;
		if (i && i % NLP_MAX_WORDS == 0) {
			/* a very long sentence: go on in windows, history restarts */
			w += i;
			n -= i;
			i = 0;
		}
		nf = tag_features(w, n, i, tags, f);
		nh = nrow = 0;
		for (size_t k = 0; k < nf; k++) feat_prefetch(&t->fm, f[k]);
		for (size_t k = 0; k < nf; k++) {
			/* a feature with many classes adds its dense row, the others their entries */
			int64_t s = feat_slot_of(&t->fm, f[k]);
			uint32_t ref;
			if (s < 0) continue;
			ref = t->fm.slot[s].ref;
			if (t->dense.key && (ref & 0xFF) >= t->dense.min) {
				row[nrow++] = feat_dense_row(&t->dense, (uint32_t)s);
			} else {
				hit[nh] = t->fm.ent + (ref >> 8);
				__builtin_prefetch(hit[nh]);
				nhit[nh++] = ref & 0xFF;
			}
		}
		if (nrow) {
			feat_vsum(row, nrow, t->dense.stride, sc);
		} else {
			memset(sc, 0, t->nclass * sizeof *sc);
		}
		for (size_t k = 0; k < nh; k++)
			for (uint32_t j = 0; j < nhit[k]; j++) sc[hit[k][j].cls] += hit[k][j].w;
		c = best(sc, t->nclass);
		tags[i] = (uint8_t)c;
		w[i].cls = (uint8_t)c;
		w[i].upos = t->classes[2 * c];
		w[i].xpos = t->classes[2 * c + 1];
		if (a) {
			w[i].lemma = lem_lookup(&t->lem, w[i].form, w[i].len, w[i].xpos, a);
			if (!w[i].lemma) return -1;
		}
	}
	if (n <= NLP_MAX_WORDS) verbless_repair(t, w, n, a);
	return 0;
}

/* ---- model file ---- */

static const void *section(const struct image *im, uint32_t id, size_t unit, size_t *count,
                           const char *path, struct dyad_error *err)
{
	size_t size;
	const void *p = image_section(im, id, &size);
	if (!p || size % unit) {
		dyad_error_set(err, "%s: section %u missing or of a bad size", path, id);
		return NULL;
	}
	*count = size / unit;
	return p;
}

static int pow2(size_t n) { return n && (n & (n - 1)) == 0; }

static int has_empty(const struct feat_slot *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!t[i].fp) return 1;
	return 0;
}

static int amb_has_empty(const struct amb_slot *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!t[i].key) return 1;
	return 0;
}

dyad_status tagger_load(struct tagger *t, const char *path, struct dyad_error *err)
{
	const struct tag_meta *m;
	size_t n, nslot, nent, nlex, nrule, nstr, namb;
	dyad_status st;

	memset(t, 0, sizeof *t);
	st = image_open(&t->im, path, TAG_MAGIC, TAG_VERSION, err);
	if (st != DYAD_OK) return st;
	if (!(m = section(&t->im, SEC_META, sizeof *m, &n, path, err)) || n != 1 ||
	    !(t->classes = section(&t->im, SEC_CLASSES, 2, &n, path, err)) ||
	    !(t->fm.slot = section(&t->im, SEC_SLOTS, sizeof(struct feat_slot), &nslot, path, err)) ||
	    !(t->fm.ent = section(&t->im, SEC_ENTRIES, sizeof(struct feat_entry), &nent, path, err)) ||
	    !(t->lem.lex = section(&t->im, SEC_LEX, sizeof(struct feat_slot), &nlex, path, err)) ||
	    !(t->lem.rule = section(&t->im, SEC_RULES, sizeof(struct feat_slot), &nrule, path, err)) ||
	    !(t->lem.str = section(&t->im, SEC_STRINGS, 1, &nstr, path, err)) ||
	    !(t->amb = section(&t->im, SEC_AMB, sizeof(struct amb_slot), &namb, path, err)))
		goto bad;
	t->ambmask = (uint32_t)(namb - 1);
	t->nclass = m->nclass;
	t->fm.nclass = m->nclass;
	t->fm.mask = (uint32_t)(nslot - 1);
	t->fm.nent = (uint32_t)nent;
	t->lem.lexmask = (uint32_t)(nlex - 1);
	t->lem.rulemask = (uint32_t)(nrule - 1);
	t->lem.nstr = (uint32_t)nstr;
	if (n != (size_t)m->nclass || m->nclass == 0 || m->nclass > FEAT_MAX_CLASSES ||
	    !pow2(nslot) || !pow2(nlex) || !pow2(nrule) || !pow2(namb) || nslot != m->nslot || nent != m->nent ||
	    !nstr || t->lem.str[nstr - 1] != 0) {
		dyad_error_set(err, "%s: inconsistent tagger model", path);
		goto bad;
	}
	/* every hash table needs an empty slot, or a lookup of an absent key would never end */
	if (!has_empty(t->lem.lex, nlex) || !has_empty(t->lem.rule, nrule) || !amb_has_empty(t->amb, namb)) {
		dyad_error_set(err, "%s: inconsistent tagger model (a full hash table)", path);
		goto bad;
	}
	for (size_t c = 0; c < m->nclass; c++)
		if (t->classes[2 * c] >= UPOS_COUNT || t->classes[2 * c + 1] >= XPOS_COUNT) {
			dyad_error_set(err, "%s: unknown tag in tagger model", path);
			goto bad;
		}
	switch (feat_check(&t->fm, &t->dense, TAG_DENSE_MIN)) {
	case 0: return DYAD_OK;
	case -2:
		dyad_error_set(err, "%s: out of memory", path);
		image_close(&t->im);
		memset(t, 0, sizeof *t);
		return DYAD_ERR_NOMEM;
	default:
		dyad_error_set(err, "%s: inconsistent tagger model", path);
		goto bad;
	}
bad:
	feat_dense_release(&t->dense);
	image_close(&t->im);
	memset(t, 0, sizeof *t);
	return DYAD_ERR_FORMAT;
}

void tagger_close(struct tagger *t)
{
	feat_dense_release(&t->dense);
	image_close(&t->im);
	memset(t, 0, sizeof *t);
}

/* ---- training ---- */

struct tag_data {
	struct nlp_word *w;      /* every word of the treebank, sentence after sentence */
	uint8_t *gold;           /* gold class of each word */
	size_t *first;           /* first word of each sentence */
	size_t nsent, nword;
};

struct tag_fit {
	struct feat_export x;
	struct amb_slot *amb;
	size_t namb;
};

static int load_data(struct tag_data *d, const struct treebank *tb, const uint8_t *cls_of)
{
	memset(d, 0, sizeof *d);
	d->w = dyad_calloc(tb->nwords + 1, sizeof *d->w);
	d->gold = dyad_calloc(tb->nwords + 1, 1);
	d->first = dyad_calloc(tb->n + 1, sizeof *d->first);
	if (!d->w || !d->gold || !d->first) return -1;
	for (size_t s = 0; s < tb->n; s++) {
		d->first[s] = d->nword;
		for (uint32_t i = 0; i < tb->s[s].n; i++) {
			const struct tb_word *x = &tb->s[s].w[i];
			struct nlp_word *y = &d->w[d->nword];
			y->form = x->form;
			y->len = (uint32_t)strlen(x->form);
			d->gold[d->nword] = cls_of[x->upos * XPOS_COUNT + x->xpos];
			d->nword++;
		}
		nlp_prep(d->w + d->first[s], tb->s[s].n);
	}
	d->first[tb->n] = d->nword;
	d->nsent = tb->n;
	return 0;
}

static void free_data(struct tag_data *d)
{
	dyad_free(d->w);
	dyad_free(d->gold);
	dyad_free(d->first);
}

/* Accuracy (UPOS + XPOS) of a model on data. */
static void accuracy(const struct tagger *t, struct tag_data *d, double *upos, double *xpos)
{
	size_t u = 0, x = 0;
	for (size_t s = 0; s < d->nsent; s++) {
		size_t a = d->first[s], b = d->first[s + 1];
		tagger_tag(t, d->w + a, b - a, NULL);
		for (size_t i = a; i < b; i++) {
			u += d->w[i].upos == t->classes[2 * d->gold[i]];
			x += d->w[i].xpos == t->classes[2 * d->gold[i] + 1];
		}
	}
	*upos = d->nword ? 100.0 * (double)u / (double)d->nword : 0;
	*xpos = d->nword ? 100.0 * (double)x / (double)d->nword : 0;
}

struct hx_pair {
	uint64_t h;
	uint8_t xpos;
};

static int cmp_pair(const void *a, const void *b)
{
	const struct hx_pair *x = a, *y = b;
	if (x->h != y->h) return x->h < y->h ? -1 : 1;
	return (int)x->xpos - (int)y->xpos;
}

/* The ambiguity classes of the selected sentences' words: the Penn tags a word had at least
 * 5% of the time, for words seen at least 3 times. */
static int build_amb(const struct tag_data *d, const size_t *sel, size_t nsel,
                     const uint8_t *classes, struct tag_fit *out)
{
	struct hx_pair *p;
	size_t n = 0, nw = 0, ns = 16;

	for (size_t k = 0; k < nsel; k++) n += d->first[sel[k] + 1] - d->first[sel[k]];
	if (!(p = dyad_malloc((n + 1) * sizeof *p))) return -1;
	n = 0;
	for (size_t k = 0; k < nsel; k++)
		for (size_t i = d->first[sel[k]]; i < d->first[sel[k] + 1]; i++) {
			p[n].h = d->w[i].hl;
			p[n++].xpos = classes[2 * d->gold[i] + 1];
		}
	qsort(p, n, sizeof *p, cmp_pair);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i; j < n && p[j].h == p[i].h; j++) {}
		nw += j - i >= 3;
	}
	while (ns * 7 < nw * 10) ns *= 2;
	if (!(out->amb = dyad_calloc(ns, sizeof *out->amb))) {
		dyad_free(p);
		return -1;
	}
	out->namb = ns;
	for (size_t i = 0, j; i < n; i = j) {
		uint64_t mask = 0;
		size_t slot;
		for (j = i; j < n && p[j].h == p[i].h; j++) {}
		if (j - i < 3) continue;
		for (size_t r = i, q; r < j; r = q) {
			for (q = r; q < j && p[q].xpos == p[r].xpos; q++) {}
			if ((q - r) * 20 >= j - i) mask |= (uint64_t)1 << p[r].xpos;
		}
		slot = (size_t)p[i].h & (ns - 1);
		while (out->amb[slot].key) slot = (slot + 1) & (ns - 1);
		out->amb[slot].key = p[i].h ? p[i].h : 1;
		out->amb[slot].mask = mask;
	}
	dyad_free(p);
	return 0;
}

/* Train on the selected sentences of d, stopping early on dev; the best epoch in *out. */
static dyad_status fit(const struct train_opts *o, struct tag_data *d, const size_t *sel,
                       size_t nsel, struct tag_data *dev, const uint8_t *classes,
                       uint32_t nclass, int epochs, const char *what, struct tag_fit *out,
                       struct dyad_error *err)
{
	struct feat_train ft;
	size_t *order = NULL;
	uint64_t rng = o->seed * 2654435761u + 1;
	double best_acc = -1;
	int best_epoch = 0;
	uint8_t tags[NLP_MAX_WORDS];
	char line[256];
	struct tagger t = {0};

	memset(out, 0, sizeof *out);
	if (feat_train_init(&ft, nclass) < 0) goto nomem;
	if (!(order = dyad_malloc((nsel + 1) * sizeof *order))) goto nomem;
	memcpy(order, sel, nsel * sizeof *order);
	if (build_amb(d, sel, nsel, classes, out) < 0) goto nomem;
	t.amb = out->amb;
	t.ambmask = (uint32_t)(out->namb - 1);
	t.classes = classes;
	t.nclass = nclass;
	/* the ambiguity classes of the words, once */
	for (size_t i = 0; i < d->nword; i++) d->w[i].amb = amb_lookup(&t, d->w[i].hl);
	for (size_t i = 0; i < dev->nword; i++) dev->w[i].amb = amb_lookup(&t, dev->w[i].hl);

	for (int ep = 1; ep <= epochs; ep++) {
		size_t correct = 0, total = 0;
		struct feat_export x;
		double up, xp;
		float prune;
		clock_t c0 = clock();

		for (size_t s = nsel; s > 1; s--) {
			size_t j = nlp_rand(&rng) % s, tmp = order[s - 1];
			order[s - 1] = order[j];
			order[j] = tmp;
		}
		for (size_t si = 0; si < nsel; si++) {
			size_t a = d->first[order[si]], n = d->first[order[si] + 1] - a;
			struct nlp_word *w = d->w + a;
			if (n > NLP_MAX_WORDS) continue;
			for (size_t i = 0; i < n; i++) {
				uint64_t f[TAG_NFEAT];
				float sc[FEAT_MAX_CLASSES];
				size_t nf = tag_features(w, n, i, tags, f);
				unsigned g = d->gold[a + i], p = 0;
				memset(sc, 0, sizeof sc);
				feat_train_score(&ft, f, nf, sc);
				for (unsigned c = 1; c < nclass; c++)
					if (sc[c] > sc[p]) p = c;
				ft.t++;
				total++;
				if (p != g) {
					if (feat_train_update(&ft, f, nf, g, 1.0f) < 0 ||
					    feat_train_update(&ft, f, nf, p, -1.0f) < 0)
						goto nomem;
				} else {
					correct++;
				}
				tags[i] = (uint8_t)p;
			}
		}
		prune = o->max_mb > 0 ? feat_prune_for(&ft, o->prune, (size_t)(o->max_mb * 1048576)) : o->prune;
		if (feat_export(&ft, prune, &x) < 0) goto nomem;
		feat_export_model(&x, nclass, &t.fm);
		accuracy(&t, dev, &up, &xp);
		snprintf(line, sizeof line,
		         "%s epoch %d: train %.2f, dev UPOS %.2f XPOS %.2f, %zu slots, %zu weights (prune %.2f), %.1f s",
		         what, ep, 100.0 * (double)correct / (double)(total ? total : 1), up, xp, x.nslot,
		         x.nent, prune, (double)(clock() - c0) / CLOCKS_PER_SEC);
		if (o->progress) o->progress(line);
		if (up + xp > best_acc) {
			best_acc = up + xp;
			best_epoch = ep;
			feat_export_release(&out->x);
			out->x = x;
		} else {
			feat_export_release(&x);
			if (ep - best_epoch >= 3) break;
		}
	}
	dyad_free(order);
	feat_train_release(&ft);
	return DYAD_OK;
nomem:
	dyad_error_set(err, "tagger training: out of memory");
	dyad_free(order);
	feat_train_release(&ft);
	feat_export_release(&out->x);
	dyad_free(out->amb);
	memset(out, 0, sizeof *out);
	return DYAD_ERR_NOMEM;
}

static void fit_release(struct tag_fit *f)
{
	feat_export_release(&f->x);
	dyad_free(f->amb);
	memset(f, 0, sizeof *f);
}

/* Classes: (upos, xpos) pairs seen at least twice, most frequent first; a rarer pair maps to
 * the most frequent class with its xpos. */
static uint32_t make_classes(const struct treebank *tr, uint8_t *cls_of, uint8_t *classes)
{
	size_t counts[UPOS_COUNT * XPOS_COUNT] = {0};
	uint32_t nclass = 0;

	for (size_t s = 0; s < tr->n; s++)
		for (uint32_t i = 0; i < tr->s[s].n; i++)
			counts[tr->s[s].w[i].upos * XPOS_COUNT + tr->s[s].w[i].xpos]++;
	memset(cls_of, 0xFF, UPOS_COUNT * XPOS_COUNT);
	for (;;) {
		size_t b = 0;
		for (size_t k = 1; k < UPOS_COUNT * XPOS_COUNT; k++)
			if (cls_of[k] == 0xFF && counts[k] > counts[b]) b = k;
		if (counts[b] < 2 || cls_of[b] != 0xFF || nclass == FEAT_MAX_CLASSES) break;
		cls_of[b] = (uint8_t)nclass;
		classes[2 * nclass] = (uint8_t)(b / XPOS_COUNT);
		classes[2 * nclass + 1] = (uint8_t)(b % XPOS_COUNT);
		nclass++;
	}
	for (size_t k = 0; k < UPOS_COUNT * XPOS_COUNT; k++) {
		if (cls_of[k] != 0xFF) continue;
		cls_of[k] = 0;
		for (uint32_t c = 0; c < nclass; c++)
			if (classes[2 * c + 1] == k % XPOS_COUNT) { cls_of[k] = (uint8_t)c; break; }
	}
	return nclass;
}

dyad_status tagger_train(const struct train_opts *o, struct dyad_error *err)
{
	struct treebank tr = {0}, dv = {0};
	struct tag_data dt = {0}, dd = {0};
	struct tag_fit best = {0};
	uint8_t cls_of[UPOS_COUNT * XPOS_COUNT], classes[2 * FEAT_MAX_CLASSES];
	uint32_t nclass;
	size_t *sel = NULL;
	dyad_status st = DYAD_ERR_NOMEM;
	char line[256];

	for (int i = 0; i < o->ntrain; i++)
		if (tb_load(&tr, o->train[i], err) < 0) { st = DYAD_ERR_INPUT; goto out; }
	for (int i = 0; i < o->ndev; i++)
		if (tb_load(&dv, o->dev[i], err) < 0) { st = DYAD_ERR_INPUT; goto out; }
	nclass = make_classes(&tr, cls_of, classes);
	if (load_data(&dt, &tr, cls_of) < 0 || load_data(&dd, &dv, cls_of) < 0) goto nomem;
	if (!(sel = dyad_malloc((dt.nsent + 1) * sizeof *sel))) goto nomem;
	for (size_t s = 0; s < dt.nsent; s++) sel[s] = s;
	if ((st = fit(o, &dt, sel, dt.nsent, &dd, classes, nclass, o->epochs, "tagger", &best, err)))
		goto out;
	{
		struct image_writer iw;
		struct tag_meta m = {nclass, (uint32_t)best.x.nslot, (uint32_t)best.x.nent, 0};
		image_writer_init(&iw);
		if (image_writer_add(&iw, SEC_META, &m, sizeof m) < 0 ||
		    image_writer_add(&iw, SEC_CLASSES, classes, 2 * nclass) < 0 ||
		    image_writer_add(&iw, SEC_SLOTS, best.x.slot, best.x.nslot * sizeof *best.x.slot) < 0 ||
		    image_writer_add(&iw, SEC_ENTRIES, best.x.ent, best.x.nent * sizeof *best.x.ent) < 0 ||
		    image_writer_add(&iw, SEC_AMB, best.amb, best.namb * sizeof *best.amb) < 0 ||
		    lem_build(&tr, &iw, SEC_LEX, SEC_RULES, SEC_STRINGS) < 0) {
			image_writer_release(&iw);
			goto nomem;
		}
		st = image_write(&iw, o->out, TAG_MAGIC, TAG_VERSION, err);
		image_writer_release(&iw);
		snprintf(line, sizeof line, "tagger: written to %s", o->out);
		if (st == DYAD_OK && o->progress) o->progress(line);
	}
	goto out;
nomem:
	dyad_error_set(err, "tagger training: out of memory");
	st = DYAD_ERR_NOMEM;
out:
	dyad_free(sel);
	fit_release(&best);
	free_data(&dt);
	free_data(&dd);
	tb_release(&tr);
	tb_release(&dv);
	return st;
}

dyad_status tagger_jackknife(const struct train_opts *o, const struct treebank *tr,
                             const struct treebank *dv, uint8_t *tr_xpos, uint8_t *dv_xpos,
                             struct dyad_error *err)
{
	struct tag_data dt = {0}, dd = {0};
	uint8_t cls_of[UPOS_COUNT * XPOS_COUNT], classes[2 * FEAT_MAX_CLASSES];
	uint32_t nclass = make_classes(tr, cls_of, classes);
	int k = o->jackknife;
	size_t *sel = NULL;
	dyad_status st = DYAD_ERR_NOMEM;

	if (load_data(&dt, tr, cls_of) < 0 || load_data(&dd, dv, cls_of) < 0) goto nomem;
	if (!(sel = dyad_malloc((dt.nsent + 1) * sizeof *sel))) goto nomem;
	for (int fold = 0; fold < k; fold++) {
		struct tag_fit fx;
		struct tagger t = {0};
		size_t nsel = 0;
		char what[64];
		for (size_t s = 0; s < dt.nsent; s++)
			if ((int)(s % (size_t)k) != fold) sel[nsel++] = s;
		snprintf(what, sizeof what, "jackknife tagger %d/%d", fold + 1, k);
		if ((st = fit(o, &dt, sel, nsel, &dd, classes, nclass, o->epochs < 8 ? o->epochs : 8, what,
		              &fx, err)))
			goto out;
		feat_export_model(&fx.x, nclass, &t.fm);
		t.classes = classes;
		t.nclass = nclass;
		t.amb = fx.amb;
		t.ambmask = (uint32_t)(fx.namb - 1);
		for (size_t s = 0; s < dt.nsent; s++) {
			size_t a = dt.first[s], b = dt.first[s + 1];
			if ((int)(s % (size_t)k) != fold) continue;
			tagger_tag(&t, dt.w + a, b - a, NULL);
			for (size_t i = a; i < b; i++) tr_xpos[i] = dt.w[i].xpos;
		}
		if (fold == k - 1)
			for (size_t s = 0; s < dd.nsent; s++) {
				size_t a = dd.first[s], b = dd.first[s + 1];
				tagger_tag(&t, dd.w + a, b - a, NULL);
				for (size_t i = a; i < b; i++) dv_xpos[i] = dd.w[i].xpos;
			}
		fit_release(&fx);
	}
	st = DYAD_OK;
	goto out;
nomem:
	dyad_error_set(err, "tagger training: out of memory");
	st = DYAD_ERR_NOMEM;
out:
	dyad_free(sel);
	free_data(&dt);
	free_data(&dd);
	return st;
}
