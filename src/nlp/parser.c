/* parser.c -- the dependency parser: greedy arc-eager transitions (Nivre 2003) scored by an
 * averaged perceptron with the rich features of Zhang & Nivre (2011), trained with the dynamic
 * oracle of Goldberg & Nivre (2012) on projectivized trees (non-projective arcs lifted).
 *
 * One weight table scores the four moves and, for the arc moves, the relation: a feature's
 * classes are 0..3 (SHIFT, REDUCE, LEFT, RIGHT), then 4 + r for relation r of a LEFT arc and
 * 4 + DEP_COUNT + r for a RIGHT arc.  The single root attaches from a virtual ROOT word at the
 * bottom of the stack; words still headless at the end hang from the root word.
 *
 * Model file "DYADPAR1" (util/image.h), sections:
 *   1 META     struct dep_meta
 *   3 SLOTS    struct feat_slot[nslot]
 *   4 ENTRIES  struct feat_entry[nent]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nlp/labels.h"
#include "nlp/nlp.h"
#include "util/error.h"

#define DEP_MAGIC "DYADPAR1"
#define DEP_VERSION 1

enum { SEC_META = 1, SEC_SLOTS = 3, SEC_ENTRIES = 4 };
enum { SHIFT, REDUCE, LEFT, RIGHT, NMOVES };

#define NCOL (NMOVES + 2 * DEP_COUNT)
#define DEP_NFEAT 96
#define DEP_BEAM_MAX 300    /* longer sentences are parsed greedily */
/* Run-time beam pruning: an item more than this below the best of its step is dropped (about
 * two of the largest single weights, which are quantized to 32,000).  EWT test at beam 4:
 * 86.67/83.65 -> 86.65/83.61 UAS/LAS, a tenth less time for the event coder. */
#define DEP_BEAM_MARGIN 70000
#define DEP_DENSE_MIN 24    /* features with this many classes get a dense row at load */

struct dep_meta {
	uint32_t nlabel, nslot, nent;
	uint32_t beam;      /* beam width the model was trained for (1 = greedy) */
};

/* The parser state; word n is ROOT. */
struct state {
	int n;
	int *stack, nstack;
	int b;
	int *head;          /* -1 = none yet */
	uint8_t *lab;
	int *lc1, *lc2, *rc1, *rc2;
	uint8_t *nl, *nr;
	uint64_t *lmask, *rmask;
	int root_child;     /* ROOT has a dependent */
	size_t bytes;       /* the arrays are one block of this size from stack */
};

static int state_init(struct state *st, int n, struct arena *a)
{
	/* one block, so that a copy is one memcpy: the int arrays, the 64-bit masks, the bytes */
	size_t m = (size_t)n + 1, bytes = m * (6 * sizeof(int) + 2 * sizeof(uint64_t) + 3);
	char *blk = arena_alloc(a, bytes);
	if (!blk) return -1;
	st->n = n;
	st->bytes = bytes;
	st->stack = (int *)blk;
	st->head = st->stack + m;
	st->lc1 = st->head + m;
	st->lc2 = st->lc1 + m;
	st->rc1 = st->lc2 + m;
	st->rc2 = st->rc1 + m;
	st->lmask = (uint64_t *)(void *)(st->rc2 + m);   /* 24 m bytes in: 8-aligned */
	st->rmask = st->lmask + m;
	st->lab = (uint8_t *)(st->rmask + m);
	st->nl = st->lab + m;
	st->nr = st->nl + m;
	for (size_t i = 0; i < m; i++) {
		st->head[i] = st->lc1[i] = st->lc2[i] = st->rc1[i] = st->rc2[i] = -1;
		st->lab[i] = st->nl[i] = st->nr[i] = 0;
		st->lmask[i] = st->rmask[i] = 0;
	}
	st->stack[0] = n;
	st->nstack = 1;
	st->b = 0;
	st->root_child = 0;
	return 0;
}

static void state_copy(struct state *d, const struct state *s)
{
	d->nstack = s->nstack;
	d->b = s->b;
	d->root_child = s->root_child;
	memcpy(d->stack, s->stack, s->bytes);
}

static void add_arc(struct state *st, int h, int d, int lab)
{
	st->head[d] = h;
	st->lab[d] = (uint8_t)lab;
	if (d < h) {
		/* a left dependent: track the two leftmost */
		if (st->lc1[h] < 0 || d < st->lc1[h]) { st->lc2[h] = st->lc1[h]; st->lc1[h] = d; }
		else if (st->lc2[h] < 0 || d < st->lc2[h]) st->lc2[h] = d;
		if (st->nl[h] < 255) st->nl[h]++;
		st->lmask[h] |= (uint64_t)1 << (lab & 63);
	} else {
		if (st->rc1[h] < 0 || d > st->rc1[h]) { st->rc2[h] = st->rc1[h]; st->rc1[h] = d; }
		else if (st->rc2[h] < 0 || d > st->rc2[h]) st->rc2[h] = d;
		if (st->nr[h] < 255) st->nr[h]++;
		st->rmask[h] |= (uint64_t)1 << (lab & 63);
	}
	if (h == st->n) st->root_child = 1;
}

static int valid(const struct state *st, int mv)
{
	int s0 = st->stack[st->nstack - 1];
	if (st->b >= st->n) return 0;
	switch (mv) {
	case SHIFT: return 1;
	case REDUCE: return s0 != st->n && st->head[s0] >= 0;
	case LEFT: return s0 != st->n && st->head[s0] < 0;
	default: return s0 != st->n || !st->root_child;
	}
}

static void apply(struct state *st, int mv, int lab)
{
	int s0 = st->stack[st->nstack - 1];
	switch (mv) {
	case SHIFT: st->stack[st->nstack++] = st->b++; break;
	case REDUCE: st->nstack--; break;
	case LEFT: add_arc(st, st->b, s0, lab); st->nstack--; break;
	default: add_arc(st, s0, st->b, s0 == st->n ? DEP_ROOT : lab); st->stack[st->nstack++] = st->b++;
	}
}

/* ---- features ---- */

#define NONE_W 0x4E4F4E45ull
#define ROOT_W 0x524F4F54ull

static inline uint64_t K(uint64_t t, uint64_t a, uint64_t b, uint64_t c)
{
	return feat_mix(t, a * 0x9E3779B97F4A7C15ull ^ b * 0xC2B2AE3D27D4EB4Full ^ c * 0x165667B19E3779F9ull);
}

static size_t dep_features(const struct state *st, const struct nlp_word *w, uint64_t *f)
{
	int n = st->n, s0 = st->stack[st->nstack - 1];
	int s1 = st->nstack > 1 ? st->stack[st->nstack - 2] : -1;
	int b0 = st->b < n ? st->b : -1, b1 = st->b + 1 < n ? st->b + 1 : -1;
	int b2 = st->b + 2 < n ? st->b + 2 : -1;
	int s0h = s0 < n ? st->head[s0] : -1, s0h2 = s0h >= 0 && s0h < n ? st->head[s0h] : -1;
	int s0l = st->lc1[s0], s0l2 = st->lc2[s0], s0r = st->rc1[s0], s0r2 = st->rc2[s0];
	int b0l = b0 >= 0 ? st->lc1[b0] : -1, b0l2 = b0 >= 0 ? st->lc2[b0] : -1;
	uint64_t W[12], P[12], L[12];
	int item[12] = {s0, s1, b0, b1, b2, s0h, s0h2, s0l, s0l2, s0r, s0r2, b0l};
	enum { S0, S1, B0, B1, B2, S0H, S0H2, S0L, S0L2, S0R, S0R2, B0L };
	uint64_t d, b0l2w, b0l2p, b0l2l;
	size_t k = 0;
	int t = 1;

	for (int i = 0; i < 12; i++) {
		int x = item[i];
		if (x < 0) { W[i] = NONE_W; P[i] = 0xFF; L[i] = 0xFF; }
		else if (x == n) { W[i] = ROOT_W; P[i] = 0xFE; L[i] = 0xFE; }
		else { W[i] = w[x].hl; P[i] = w[x].xpos; L[i] = st->head[x] >= 0 ? st->lab[x] : 0xFD; }
	}
	b0l2w = b0l2 >= 0 ? w[b0l2].hl : NONE_W;
	b0l2p = b0l2 >= 0 ? w[b0l2].xpos : 0xFF;
	b0l2l = b0l2 >= 0 ? st->lab[b0l2] : 0xFF;
	d = b0 < 0 || s0 == n ? 0 : (uint64_t)(b0 - s0 < 5 ? b0 - s0 : b0 - s0 < 10 ? 5 : 6);

	/* single words */
	f[k++] = K(t++, W[S0], P[S0], 0);
	f[k++] = K(t++, W[S0], 0, 0);
	f[k++] = K(t++, P[S0], 0, 0);
	f[k++] = K(t++, W[B0], P[B0], 0);
	f[k++] = K(t++, W[B0], 0, 0);
	f[k++] = K(t++, P[B0], 0, 0);
	f[k++] = K(t++, W[B1], P[B1], 0);
	f[k++] = K(t++, W[B1], 0, 0);
	f[k++] = K(t++, P[B1], 0, 0);
	f[k++] = K(t++, W[B2], P[B2], 0);
	f[k++] = K(t++, W[B2], 0, 0);
	f[k++] = K(t++, P[B2], 0, 0);
	/* pairs */
	f[k++] = K(t++, W[S0] ^ P[S0] << 1, W[B0], P[B0]);
	f[k++] = K(t++, W[S0], P[S0], W[B0]);
	f[k++] = K(t++, W[S0], W[B0], P[B0]);
	f[k++] = K(t++, W[S0], P[S0], P[B0]);
	f[k++] = K(t++, P[S0], W[B0], P[B0]);
	f[k++] = K(t++, W[S0], W[B0], 0);
	f[k++] = K(t++, P[S0], P[B0], 0);
	f[k++] = K(t++, P[B0], P[B1], 0);
	/* three tags */
	f[k++] = K(t++, P[B0], P[B1], P[B2]);
	f[k++] = K(t++, P[S0], P[B0], P[B1]);
	f[k++] = K(t++, P[S0H], P[S0], P[B0]);
	f[k++] = K(t++, P[S0], P[S0L], P[B0]);
	f[k++] = K(t++, P[S0], P[S0R], P[B0]);
	f[k++] = K(t++, P[S0], P[B0], P[B0L]);
	/* distance */
	f[k++] = K(t++, W[S0], d, 0);
	f[k++] = K(t++, P[S0], d, 0);
	f[k++] = K(t++, W[B0], d, 0);
	f[k++] = K(t++, P[B0], d, 0);
	f[k++] = K(t++, W[S0], W[B0], d);
	f[k++] = K(t++, P[S0], P[B0], d);
	/* valency */
	{
		uint64_t s0vl = st->nl[s0], s0vr = st->nr[s0], b0vl = b0 >= 0 ? st->nl[b0] : 0;
		f[k++] = K(t++, W[S0], s0vr, 0);
		f[k++] = K(t++, P[S0], s0vr, 0);
		f[k++] = K(t++, W[S0], s0vl, 0);
		f[k++] = K(t++, P[S0], s0vl, 0);
		f[k++] = K(t++, W[B0], b0vl, 0);
		f[k++] = K(t++, P[B0], b0vl, 0);
	}
	/* second-order: heads and children */
	f[k++] = K(t++, W[S0H], 0, 0);
	f[k++] = K(t++, P[S0H], 0, 0);
	f[k++] = K(t++, L[S0], 0, 0);
	f[k++] = K(t++, W[S0L], 0, 0);
	f[k++] = K(t++, P[S0L], 0, 0);
	f[k++] = K(t++, L[S0L], 0, 0);
	f[k++] = K(t++, W[S0R], 0, 0);
	f[k++] = K(t++, P[S0R], 0, 0);
	f[k++] = K(t++, L[S0R], 0, 0);
	f[k++] = K(t++, W[B0L], 0, 0);
	f[k++] = K(t++, P[B0L], 0, 0);
	f[k++] = K(t++, L[B0L], 0, 0);
	/* third-order */
	f[k++] = K(t++, W[S0H2], 0, 0);
	f[k++] = K(t++, P[S0H2], 0, 0);
	f[k++] = K(t++, L[S0H], 0, 0);
	f[k++] = K(t++, W[S0L2], 0, 0);
	f[k++] = K(t++, P[S0L2], 0, 0);
	f[k++] = K(t++, L[S0L2], 0, 0);
	f[k++] = K(t++, W[S0R2], 0, 0);
	f[k++] = K(t++, P[S0R2], 0, 0);
	f[k++] = K(t++, L[S0R2], 0, 0);
	f[k++] = K(t++, b0l2w, 0, 0);
	f[k++] = K(t++, b0l2p, 0, 0);
	f[k++] = K(t++, b0l2l, 0, 0);
	f[k++] = K(t++, P[S0], P[S0L], P[S0L2]);
	f[k++] = K(t++, P[S0], P[S0R], P[S0R2]);
	f[k++] = K(t++, P[S0], P[S0H], P[S0H2]);
	f[k++] = K(t++, P[B0], P[B0L], b0l2p);
	/* label sets */
	{
		uint64_t s0l_ = st->lmask[s0], s0r_ = st->rmask[s0], b0l_ = b0 >= 0 ? st->lmask[b0] : 0;
		f[k++] = K(t++, W[S0], s0r_, 0);
		f[k++] = K(t++, P[S0], s0r_, 0);
		f[k++] = K(t++, W[S0], s0l_, 0);
		f[k++] = K(t++, P[S0], s0l_, 0);
		f[k++] = K(t++, W[B0], b0l_, 0);
		f[k++] = K(t++, P[B0], b0l_, 0);
	}
	/* beyond Zhang & Nivre: the second stack word, and the word before the buffer */
	f[k++] = K(t++, W[S1], P[S1], 0);
	f[k++] = K(t++, P[S1], P[S0], P[B0]);
	f[k++] = K(t++, P[S1], P[S0], 0);
	f[k++] = K(t++, L[S0], P[S0], P[B0]);
	{
		uint64_t bm1 = b0 > 0 ? w[b0 - 1].xpos : 0xFF, bm1w = b0 > 0 ? w[b0 - 1].hl : NONE_W;
		f[k++] = K(t++, bm1, P[B0], P[S0]);
		f[k++] = K(t++, bm1w, P[B0], 0);
	}
	f[k++] = K(t++, st->root_child, P[B0], P[S0] == 0xFE);
	f[k++] = K(t++, 0, 0, 0);   /* bias */
	return k;
}

/* The best valid move. */
static int choose_move(const struct state *st, const int32_t *sc)
{
	int mv = -1;
	for (int m = 0; m < NMOVES; m++)
		if (valid(st, m) && (mv < 0 || sc[m] > sc[mv])) mv = m;
	return mv;
}

/* The best relation for an arc move. */
static int choose_label(const int32_t *sc, int mv)
{
	const int32_t *ls = sc + NMOVES + (mv == RIGHT ? DEP_COUNT : 0);
	int b = -1;
	for (int r = 1; r < DEP_COUNT; r++)
		if (r != DEP_ROOT && (b < 0 || ls[r] > ls[b])) b = r;
	return b;
}

/* Words left without a head: the first becomes the root when ROOT has none, the rest hang
 * from the root word. */
static void finish(struct state *st, struct nlp_word *w, int n)
{
	int root = -1;
	for (int i = 0; i < n; i++)
		if (st->head[i] == n) { root = i; break; }
	for (int i = 0; i < n; i++) {
		if (st->head[i] >= 0) continue;
		if (root < 0) {
			root = i;
			st->head[i] = n;
			st->lab[i] = DEP_ROOT;
		} else {
			st->head[i] = root;
			st->lab[i] = DEP_PARATAXIS;
		}
	}
	for (int i = 0; i < n; i++) {
		w[i].head = st->head[i] == n ? -1 : st->head[i];
		w[i].deprel = st->lab[i];
	}
}

static int parse_piece(const struct parser *p, struct nlp_word *w, int n, struct arena *a)
{
	struct state st;
	uint64_t f[DEP_NFEAT];
	int32_t sc[NCOL];

	if (state_init(&st, n, a) < 0) return -1;
	while (st.b < n) {
		size_t nf = dep_features(&st, w, f), nh = 0;
		const struct feat_entry *hit[DEP_NFEAT];
		uint32_t nhit[DEP_NFEAT];
		int lab, mv;
		/* moves first (the classes below NMOVES come first in each list), then the relations
		 * of the chosen arc direction only */
		memset(sc, 0, sizeof sc);
		for (size_t k = 0; k < nf; k++) feat_prefetch(&p->fm, f[k]);
		for (size_t k = 0; k < nf; k++) {
			uint32_t m;
			const struct feat_entry *e = feat_find(&p->fm, f[k], &m);
			if (!e) continue;
			__builtin_prefetch(e);
			hit[nh] = e;
			nhit[nh++] = m;
		}
		for (size_t k = 0; k < nh; k++) {
			const struct feat_entry *e = hit[k];
			uint32_t j, m = nhit[k];
			for (j = 0; j < m && e[j].cls < NMOVES; j++) sc[e[j].cls] += e[j].w;
			hit[k] = e + j;
			nhit[k] = m - j;
		}
		if (p->beam > 1) {
			/* a global (beam-trained) model scores an arc as move + relation: compare the
			 * moves with the best relation of each valid direction added */
			int want[2] = {valid(&st, LEFT), valid(&st, RIGHT)}, best[2] = {0, 0};
			int64_t tot[NMOVES];
			for (size_t k = 0; k < nh; k++) {
				const struct feat_entry *e = hit[k];
				uint32_t j = 0, m = nhit[k];
				if (want[0] && want[1]) {
					for (; j < m; j++) sc[e[j].cls] += e[j].w;
				} else if (want[0]) {
					for (; j < m && e[j].cls < NMOVES + DEP_COUNT; j++) sc[e[j].cls] += e[j].w;
				} else if (want[1]) {
					while (j < m && e[j].cls < NMOVES + DEP_COUNT) j++;
					for (; j < m; j++) sc[e[j].cls] += e[j].w;
				}
			}
			for (int d = 0; d < 2; d++)
				if (want[d]) best[d] = choose_label(sc, d ? RIGHT : LEFT);
			mv = -1;
			for (int m = 0; m < NMOVES; m++) {
				if (!valid(&st, m)) continue;
				tot[m] = sc[m];
				if (m == RIGHT && st.stack[st.nstack - 1] == n) {
					/* the root arc has no relation score */
				} else if (m == LEFT || m == RIGHT) {
					tot[m] += sc[NMOVES + (m == RIGHT ? DEP_COUNT : 0) + best[m == RIGHT]];
				}
				if (mv < 0 || tot[m] > tot[mv]) mv = m;
			}
			lab = mv == LEFT || mv == RIGHT ? best[mv == RIGHT] : 0;
			apply(&st, mv, lab);
			continue;
		}
		mv = choose_move(&st, sc);
		lab = 0;
		if (mv == LEFT || mv == RIGHT) {
			unsigned lo = NMOVES + (mv == RIGHT ? DEP_COUNT : 0), hi = lo + DEP_COUNT;
			for (size_t k = 0; k < nh; k++) {
				const struct feat_entry *e = hit[k];
				for (uint32_t j = 0; j < nhit[k] && e[j].cls < hi; j++)
					if (e[j].cls >= lo) sc[e[j].cls] += e[j].w;
			}
			lab = choose_label(sc, mv);
		}
		apply(&st, mv, lab);
	}
	finish(&st, w, n);
	return 0;
}


/* ---- beam search ---- */

/* The beam items of one sentence share most of their features (the buffer, the stack below the
 * last moves): a small direct-mapped cache of lookups, absent features included, saves most
 * trips to the model's memory. */
#define DEP_CACHE 4096        /* at most; 32 per word of the sentence */

struct fcache {
	uint64_t key;
	const struct feat_entry *e;   /* NULL: the feature is not in the model */
	const int32_t *row;           /* its dense row, or NULL */
	uint32_t n;
	uint32_t used;
};

struct scorer {
	const struct feat_model *fm;
	const struct feat_train *ft;
	struct fcache *cache;         /* cmask + 1 entries, or NULL */
	uint32_t cmask;
	uint64_t (*feats)[DEP_NFEAT]; /* room for the features of 64 items */
	struct pre *pre;              /* run time: the sentence's precomputed vectors */
	const struct feat_dense *dense;   /* run time: dense rows (NULL: none) */
	struct gather *gather;        /* run time: room for 64 states */
	int32_t margin;               /* run time: beam pruning (struct parser), 0 none */
};

/* The entries of feature key (NULL when absent) or, for a feature with many classes, its dense
 * row (*row; NULL when it has none), straight from the model. */
static const struct feat_entry *lookup(const struct scorer *sr, uint64_t key, uint32_t *n,
                                       const int32_t **row)
{
	int64_t i = feat_slot_of(sr->fm, key);
	uint32_t ref;
	*row = NULL;
	if (i < 0) return NULL;
	ref = sr->fm->slot[i].ref;
	*n = ref & 0xFF;
	if (sr->dense && sr->dense->key && *n >= sr->dense->min)
		*row = feat_dense_row(sr->dense, (uint32_t)i);
	return sr->fm->ent + (ref >> 8);
}

/* As lookup, through the cache. */
static const struct feat_entry *cached_lookup(const struct scorer *sr, uint64_t key, uint32_t *n,
                                              const int32_t **row)
{
	struct fcache *c = &sr->cache[(key >> 20) & sr->cmask];
	if (c->used && c->key == key) {
		*n = c->n;
		*row = c->row;
		return c->e;
	}
	c->key = key;
	c->e = lookup(sr, key, n, row);
	c->row = *row;
	c->n = c->e ? *n : 0;
	c->used = 1;
	return c->e;
}

/* Prefetch the slot of a feature that is not in the cache. */
static void cached_prefetch(const struct scorer *sr, uint64_t key)
{
	const struct fcache *c;
	if (sr->cache) {
		c = &sr->cache[(key >> 20) & sr->cmask];
		if (c->used && c->key == key) return;
	}
	feat_prefetch(sr->fm, key);
}

/* ---- precomputed scores (run time) ----
 *
 * Most templates read one word in one place of the state (s0's word and tag, b0's, s0's
 * leftmost child's, ...) or one relation label: within a sentence their scores depend on that
 * word (or label) alone, whatever the rest of the state.  The first time a word is seen in a
 * place, the scores of all its templates there are summed into a dense vector of every class;
 * a state then adds a dozen such vectors (SIMD) and looks up only the templates that join
 * several places or read the state's shape (valency, label sets, distance).  The sums are the
 * ones the sparse lookups give, so decoding is unchanged. */

#define NPAD 112          /* NCOL rounded up to a multiple of 16 */
#define NLABV 55          /* label values: 0..51, 0xFD (no head yet), 0xFE (ROOT), 0xFF (none) */

/* the places whose templates depend on one word: the word's index 0..n-1, n = ROOT, n + 1 =
 * none.  V_B0 holds everything that is a function of b0's position (b1, b2, the word before). */
enum { V_B0, V_S0, V_S1, V_S0H, V_S0H2, V_S0L, V_S0L2, V_S0R, V_S0R2, V_B0L, V_B0L2, NTOKV };
/* the templates of a single relation label */
enum { L_S0, L_S0L, L_S0R, L_B0L, L_S0H, L_S0L2, L_S0R2, L_B0L2, NLABT };

/* a per-sentence table of contexts (see pre_ctx) */
#define CTX_MAX 16384

struct ctab {
	struct ctx **slot;
	uint32_t mask, count;
};

static int ctab_init(struct ctab *t, int n, struct arena *a)
{
	t->mask = 255;
	while (t->mask + 1 < CTX_MAX && t->mask < 16 * (uint32_t)n) t->mask = t->mask * 2 + 1;
	t->count = 0;
	if (!(t->slot = arena_alloc(a, (t->mask + 1) * sizeof *t->slot))) return -1;
	memset(t->slot, 0, (t->mask + 1) * sizeof *t->slot);
	return 0;
}

struct pre {
	int n;
	int32_t **tok;        /* NTOKV x (n + 2) vectors, NULL until needed */
	int32_t **lab;        /* NLABT x NLABV vectors */
	int32_t **comb;       /* NTOKV x (n + 2): a place's vector plus its word's label's */
	uint8_t *comblab;     /* the label summed into comb[] */
	uint32_t *pkey;       /* pairs (s0, b0): s0 << 16 | b0, + 1; 0 = empty */
	int32_t **pvec;
	uint32_t pmask, npair;
	struct ctab *ctx;     /* [0] around s0, [1] around b0 */
	struct arena *a;
};

static int pre_init(struct pre *pr, int n, struct arena *a)
{
	size_t nt = (size_t)NTOKV * ((size_t)n + 2), nl = (size_t)NLABT * NLABV;
	pr->n = n;
	pr->a = a;
	pr->tok = arena_alloc(a, nt * sizeof *pr->tok);
	pr->lab = arena_alloc(a, nl * sizeof *pr->lab);
	pr->comb = arena_alloc(a, nt * sizeof *pr->comb);
	pr->comblab = arena_alloc(a, nt);
	if (!pr->comb || !pr->comblab) return -1;
	memset(pr->comb, 0, nt * sizeof *pr->comb);
	pr->pmask = 255;
	while (pr->pmask < 8191 && pr->pmask < 16 * (uint32_t)n) pr->pmask = pr->pmask * 2 + 1;
	pr->npair = 0;
	pr->pkey = arena_alloc(a, (pr->pmask + 1) * sizeof *pr->pkey);
	pr->pvec = arena_alloc(a, (pr->pmask + 1) * sizeof *pr->pvec);
	pr->ctx = arena_alloc(a, 2 * sizeof *pr->ctx);
	if (!pr->tok || !pr->lab || !pr->pkey || !pr->pvec || !pr->ctx) return -1;
	memset(pr->pkey, 0, (pr->pmask + 1) * sizeof *pr->pkey);
	memset(pr->tok, 0, nt * sizeof *pr->tok);
	memset(pr->lab, 0, nl * sizeof *pr->lab);
	return ctab_init(&pr->ctx[0], n, a) < 0 || ctab_init(&pr->ctx[1], n, a) < 0 ? -1 : 0;
}

/* Word and tag values of word x as dep_features sees them (x = n: ROOT, x > n: none). */
static inline uint64_t wval(const struct nlp_word *w, int n, int x)
{
	return x > n ? NONE_W : x == n ? ROOT_W : w[x].hl;
}

static inline uint64_t pval(const struct nlp_word *w, int n, int x)
{
	return x > n ? 0xFF : x == n ? 0xFE : w[x].xpos;
}

/* The keys of place v for word x (the template numbers are those of dep_features). */
static size_t tok_keys(int v, const struct nlp_word *w, int n, int x, uint64_t *f)
{
	uint64_t W = wval(w, n, x), P = pval(w, n, x);
	size_t k = 0;
	switch (v) {
	case V_B0: {
		int b1 = x + 1 < n ? x + 1 : n + 1, b2 = x + 2 < n ? x + 2 : n + 1;
		uint64_t W1 = wval(w, n, b1), P1 = pval(w, n, b1), W2 = wval(w, n, b2), P2 = pval(w, n, b2);
		uint64_t bm1w = x > 0 ? w[x - 1].hl : NONE_W;
		f[k++] = K(4, W, P, 0);
		f[k++] = K(5, W, 0, 0);
		f[k++] = K(6, P, 0, 0);
		f[k++] = K(7, W1, P1, 0);
		f[k++] = K(8, W1, 0, 0);
		f[k++] = K(9, P1, 0, 0);
		f[k++] = K(10, W2, P2, 0);
		f[k++] = K(11, W2, 0, 0);
		f[k++] = K(12, P2, 0, 0);
		f[k++] = K(20, P, P1, 0);
		f[k++] = K(21, P, P1, P2);
		f[k++] = K(78, bm1w, P, 0);
		f[k++] = K(80, 0, 0, 0);
		break;
	}
	case V_S0:
		f[k++] = K(1, W, P, 0);
		f[k++] = K(2, W, 0, 0);
		f[k++] = K(3, P, 0, 0);
		break;
	case V_S1: f[k++] = K(73, W, P, 0); break;
	case V_S0H: f[k++] = K(39, W, 0, 0); f[k++] = K(40, P, 0, 0); break;
	case V_S0H2: f[k++] = K(51, W, 0, 0); f[k++] = K(52, P, 0, 0); break;
	case V_S0L: f[k++] = K(42, W, 0, 0); f[k++] = K(43, P, 0, 0); break;
	case V_S0L2: f[k++] = K(54, W, 0, 0); f[k++] = K(55, P, 0, 0); break;
	case V_S0R: f[k++] = K(45, W, 0, 0); f[k++] = K(46, P, 0, 0); break;
	case V_S0R2: f[k++] = K(57, W, 0, 0); f[k++] = K(58, P, 0, 0); break;
	case V_B0L: f[k++] = K(48, W, 0, 0); f[k++] = K(49, P, 0, 0); break;
	default: f[k++] = K(60, W, 0, 0); f[k++] = K(61, P, 0, 0); break;
	}
	return k;
}

static const uint8_t lab_template[NLABT] = {41, 44, 47, 50, 53, 56, 59, 62};

/* A dense vector: the sum of the weights of keys f[0..nf), every class. */
static int32_t *pre_vector(struct pre *pr, const struct scorer *sr, const uint64_t *f, size_t nf)
{
	int32_t *v = arena_alloc(pr->a, NPAD * sizeof *v);
	const struct feat_entry *e[16];
	const int32_t *row[16];
	uint32_t m[16];
	int nrow = 0;
	if (!v) return NULL;
	for (size_t k = 0; k < nf; k++) feat_prefetch(sr->fm, f[k]);
	for (size_t k = 0; k < nf; k++) {
		const int32_t *r;
		e[k] = lookup(sr, f[k], &m[k], &r);
		if (r) {
			row[nrow++] = r;
			e[k] = NULL;
		} else if (e[k]) {
			__builtin_prefetch(e[k]);
		}
	}
	feat_vsum(row, nrow, NPAD, v);
	for (size_t k = 0; k < nf; k++)
		if (e[k])
			for (uint32_t j = 0; j < m[k]; j++) v[e[k][j].cls] += e[k][j].w;
	return v;
}

/* Fill the vectors of every word in every place at once, in passes over all their keys (the
 * slots, then the entries, are prefetched a pass ahead): the lookups of a sentence's words,
 * mostly misses in a table far larger than the cache, overlap instead of waiting in turn.
 * 0, or -1 when the arena is full. */
static int pre_fill(struct pre *pr, const struct scorer *sr, const struct nlp_word *w)
{
	int n = pr->n;
	size_t ng = (size_t)NTOKV * ((size_t)n + 2), nk = 0, g;
	uint64_t *key = arena_alloc(pr->a, ng * 13 * sizeof *key);
	uint32_t *at = arena_alloc(pr->a, (ng + 1) * sizeof *at);
	const struct feat_entry **e = arena_alloc(pr->a, ng * 13 * sizeof *e);
	const int32_t **row = arena_alloc(pr->a, ng * 13 * sizeof *row);
	uint32_t *m = arena_alloc(pr->a, ng * 13 * sizeof *m);

	if (!key || !at || !e || !row || !m) return -1;
	for (int v = 0; v < NTOKV; v++)
		for (int x = 0; x <= n + 1; x++) {
			size_t k0 = nk;
			g = (size_t)v * ((size_t)n + 2) + (size_t)x;
			at[g] = (uint32_t)nk;
			/* b0 is a word of the sentence, and ROOT is nobody's child */
			if (v == V_B0 ? x < n : x != n || v <= V_S0H2) nk += tok_keys(v, w, n, x, key + nk);
			for (size_t k = k0; k < nk; k++) feat_prefetch(sr->fm, key[k]);
		}
	at[ng] = (uint32_t)nk;
	for (size_t k = 0; k < nk; k++) {
		e[k] = lookup(sr, key[k], &m[k], &row[k]);
		if (e[k] && !row[k]) __builtin_prefetch(e[k]);
	}
	for (g = 0; g < ng; g++) {
		const int32_t *r[13];
		int nr = 0;
		int32_t *v;
		if (at[g] == at[g + 1]) continue;
		if (!(v = arena_alloc(pr->a, NPAD * sizeof *v))) return -1;
		for (size_t k = at[g]; k < at[g + 1]; k++)
			if (row[k]) r[nr++] = row[k];
		feat_vsum(r, nr, NPAD, v);
		for (size_t k = at[g]; k < at[g + 1]; k++)
			if (e[k] && !row[k])
				for (uint32_t j = 0; j < m[k]; j++) v[e[k][j].cls] += e[k][j].w;
		pr->tok[g] = v;
	}
	return 0;
}

/* The vector of place v for word x (x < 0: none). */
static const int32_t *pre_tok(struct pre *pr, const struct scorer *sr, const struct nlp_word *w,
                              int v, int x)
{
	int32_t **slot;
	if (x < 0) x = pr->n + 1;
	slot = &pr->tok[(size_t)v * ((size_t)pr->n + 2) + (size_t)x];
	if (!*slot) {
		uint64_t f[16];
		*slot = pre_vector(pr, sr, f, tok_keys(v, w, pr->n, x, f));
	}
	return *slot;
}

/* The vector of label template t for label value l (as dep_features's L[]). */
static const int32_t *pre_lab(struct pre *pr, const struct scorer *sr, int t, unsigned l)
{
	unsigned i = l < DEP_COUNT ? l : l == 0xFD ? DEP_COUNT : l == 0xFE ? DEP_COUNT + 1 : DEP_COUNT + 2;
	int32_t **slot = &pr->lab[(size_t)t * NLABV + i];
	if (!*slot) {
		uint64_t f = K(lab_template[t], l, 0, 0);
		*slot = pre_vector(pr, sr, &f, 1);
	}
	return *slot;
}

/* The keys of the templates not precomputed: those that join s0's and b0's surroundings or
 * read s1 with s0 and b0, and the root flag. */
static size_t dep_state_keys(const struct state *st, const struct nlp_word *w, uint64_t *f)
{
	int n = st->n, s0 = st->stack[st->nstack - 1];
	int s1 = st->nstack > 1 ? st->stack[st->nstack - 2] : -1;
	int b0 = st->b;
	int s0h = s0 < n ? st->head[s0] : -1;
	int s0l = st->lc1[s0], s0r = st->rc1[s0], b0l = st->lc1[b0];
	uint64_t PS0 = pval(w, n, s0), PB0 = w[b0].xpos;
	uint64_t PS0H = s0h < 0 ? 0xFF : pval(w, n, s0h);
	uint64_t PS0L = s0l < 0 ? 0xFF : w[s0l].xpos, PS0R = s0r < 0 ? 0xFF : w[s0r].xpos;
	uint64_t PB0L = b0l < 0 ? 0xFF : w[b0l].xpos;
	uint64_t PS1 = s1 < 0 ? 0xFF : pval(w, n, s1);
	uint64_t LS0 = s0 == n ? 0xFE : st->head[s0] >= 0 ? st->lab[s0] : 0xFD;
	size_t k = 0;

	f[k++] = K(23, PS0H, PS0, PB0);
	f[k++] = K(24, PS0, PS0L, PB0);
	f[k++] = K(25, PS0, PS0R, PB0);
	f[k++] = K(26, PS0, PB0, PB0L);
	f[k++] = K(74, PS1, PS0, PB0);
	f[k++] = K(75, PS1, PS0, 0);
	f[k++] = K(76, LS0, PS0, PB0);
	f[k++] = K(79, st->root_child, PB0, PS0 == 0xFE);
	return k;
}

/* The keys of the templates that read s0 and what hangs from it (head, grand-head, children,
 * valency, label sets). */
static size_t s0_keys(const struct state *st, const struct nlp_word *w, uint64_t *f)
{
	int n = st->n, s0 = st->stack[st->nstack - 1];
	int s0h = s0 < n ? st->head[s0] : -1, s0h2 = s0h >= 0 && s0h < n ? st->head[s0h] : -1;
	int s0l = st->lc1[s0], s0l2 = st->lc2[s0], s0r = st->rc1[s0], s0r2 = st->rc2[s0];
	uint64_t WS0 = wval(w, n, s0), PS0 = pval(w, n, s0);
	uint64_t PS0H = s0h < 0 ? 0xFF : pval(w, n, s0h), PS0H2 = s0h2 < 0 ? 0xFF : pval(w, n, s0h2);
	uint64_t PS0L = s0l < 0 ? 0xFF : w[s0l].xpos, PS0L2 = s0l2 < 0 ? 0xFF : w[s0l2].xpos;
	uint64_t PS0R = s0r < 0 ? 0xFF : w[s0r].xpos, PS0R2 = s0r2 < 0 ? 0xFF : w[s0r2].xpos;
	size_t k = 0;

	f[k++] = K(33, WS0, st->nr[s0], 0);
	f[k++] = K(34, PS0, st->nr[s0], 0);
	f[k++] = K(35, WS0, st->nl[s0], 0);
	f[k++] = K(36, PS0, st->nl[s0], 0);
	f[k++] = K(63, PS0, PS0L, PS0L2);
	f[k++] = K(64, PS0, PS0R, PS0R2);
	f[k++] = K(65, PS0, PS0H, PS0H2);
	f[k++] = K(67, WS0, st->rmask[s0], 0);
	f[k++] = K(68, PS0, st->rmask[s0], 0);
	f[k++] = K(69, WS0, st->lmask[s0], 0);
	f[k++] = K(70, PS0, st->lmask[s0], 0);
	return k;
}

/* The keys of the templates that read b0 and its left children. */
static size_t b0_keys(const struct state *st, const struct nlp_word *w, uint64_t *f)
{
	int b0 = st->b, b0l = st->lc1[b0], b0l2 = st->lc2[b0];
	uint64_t WB0 = w[b0].hl, PB0 = w[b0].xpos;
	uint64_t PB0L = b0l < 0 ? 0xFF : w[b0l].xpos, b0l2p = b0l2 < 0 ? 0xFF : w[b0l2].xpos;
	size_t k = 0;

	f[k++] = K(37, WB0, st->nl[b0], 0);
	f[k++] = K(38, PB0, st->nl[b0], 0);
	f[k++] = K(66, PB0, PB0L, b0l2p);
	f[k++] = K(71, WB0, st->lmask[b0], 0);
	f[k++] = K(72, PB0, st->lmask[b0], 0);
	return k;
}

/* The keys of the templates that read only s0 and b0 (and the words after and before b0). */
static size_t pair_keys(const struct nlp_word *w, int n, int s0, int b0, uint64_t *f)
{
	int b1 = b0 + 1 < n ? b0 + 1 : -1;
	uint64_t WS0 = wval(w, n, s0), PS0 = pval(w, n, s0), WB0 = w[b0].hl, PB0 = w[b0].xpos;
	uint64_t PB1 = b1 >= 0 ? w[b1].xpos : 0xFF;
	uint64_t d = s0 == n ? 0 : (uint64_t)(b0 - s0 < 5 ? b0 - s0 : b0 - s0 < 10 ? 5 : 6);
	uint64_t bm1 = b0 > 0 ? w[b0 - 1].xpos : 0xFF;
	size_t k = 0;

	f[k++] = K(13, WS0 ^ PS0 << 1, WB0, PB0);
	f[k++] = K(14, WS0, PS0, WB0);
	f[k++] = K(15, WS0, WB0, PB0);
	f[k++] = K(16, WS0, PS0, PB0);
	f[k++] = K(17, PS0, WB0, PB0);
	f[k++] = K(18, WS0, WB0, 0);
	f[k++] = K(19, PS0, PB0, 0);
	f[k++] = K(22, PS0, PB0, PB1);
	f[k++] = K(27, WS0, d, 0);
	f[k++] = K(28, PS0, d, 0);
	f[k++] = K(29, WB0, d, 0);
	f[k++] = K(30, PB0, d, 0);
	f[k++] = K(31, WS0, WB0, d);
	f[k++] = K(32, PS0, PB0, d);
	f[k++] = K(77, bm1, PB0, PS0);
	return k;
}

/* The vector of the pair (s0, b0), through the sentence's pair table. */
static const int32_t *pre_pair(struct pre *pr, const struct scorer *sr, const struct nlp_word *w,
                               int s0, int b0)
{
	uint32_t key = (uint32_t)s0 << 16 | (uint32_t)b0, h = (key * 0x9E3779B1u) >> 7 & pr->pmask;
	uint64_t f[16];
	int32_t *v;
	while (pr->pkey[h]) {
		if (pr->pkey[h] == key + 1) return pr->pvec[h];
		h = (h + 1) & pr->pmask;
	}
	v = pre_vector(pr, sr, f, pair_keys(w, pr->n, s0, b0, f));
	if (v && 2 * (pr->npair + 1) <= pr->pmask) {
		pr->pkey[h] = key + 1;
		pr->pvec[h] = v;
		pr->npair++;
	}
	return v;
}

/* The place of each label template's word (they are the same words). */
static const int8_t lab_place_of[NLABT] = {V_S0, V_S0L, V_S0R, V_B0L, V_S0H, V_S0L2, V_S0R2, V_B0L2};

/* Add to v[*nv] the vectors of label template t with word x (x < 0: none) carrying label l:
 * the word's place vector and the label's, summed once per sentence for the first label the
 * word is seen with there (almost always its only one), or both.  0, or -1 when the arena is
 * full. */
static int pre_comb(struct pre *pr, const struct scorer *sr, const struct nlp_word *w, int t,
                    int x, unsigned l, const int32_t **v, int *nv)
{
	int p = lab_place_of[t];
	size_t g = (size_t)p * ((size_t)pr->n + 2) + (size_t)(x < 0 ? pr->n + 1 : x);
	const int32_t *tv, *lv;
	if (pr->comb[g] && pr->comblab[g] == l) {
		v[(*nv)++] = pr->comb[g];
		return 0;
	}
	if (!(tv = pre_tok(pr, sr, w, p, x)) || !(lv = pre_lab(pr, sr, t, l))) return -1;
	if (!pr->comb[g]) {
		int32_t *c = arena_alloc(pr->a, NPAD * sizeof *c);
		const int32_t *two[2] = {tv, lv};
		if (!c) return -1;
		feat_vsum(two, 2, NPAD, c);
		pr->comb[g] = c;
		pr->comblab[g] = (uint8_t)l;
		v[(*nv)++] = c;
		return 0;
	}
	v[(*nv)++] = tv;
	v[(*nv)++] = lv;
	return 0;
}

/* Prefetch the slots of the pair (s0, b0) when its vector is still to be made. */
static void pre_pair_prefetch(const struct pre *pr, const struct scorer *sr,
                              const struct nlp_word *w, int s0, int b0)
{
	uint32_t key = (uint32_t)s0 << 16 | (uint32_t)b0, h = (key * 0x9E3779B1u) >> 7 & pr->pmask;
	uint64_t f[16];
	size_t nf;
	while (pr->pkey[h]) {
		if (pr->pkey[h] == key + 1) return;
		h = (h + 1) & pr->pmask;
	}
	nf = pair_keys(w, pr->n, s0, b0, f);
	for (size_t k = 0; k < nf; k++) feat_prefetch(sr->fm, f[k]);
}

/* ---- contexts ----
 *
 * The templates around s0 (its place vectors with their labels, valency, label sets, child and
 * head tag triples) read only s0's surroundings, which stay the same over many states: the
 * next ones until s0 changes, and the other items of the beam.  Their sum is kept per
 * sentence, keyed by exactly what they read; likewise around b0. */

struct ctx {
	int32_t f[16];                /* what the templates read (unused fields 0) */
	uint64_t m[2];
	const int32_t *v;
};

static inline unsigned lab_val(const struct state *st, int x)
{
	return x < 0 ? 0xFF : x == st->n ? 0xFE : st->head[x] >= 0 ? st->lab[x] : 0xFD;
}

/* The context of s0 (b = 0) or of b0 (b = 1) of a state. */
static void ctx_of(const struct state *st, int b, struct ctx *c)
{
	memset(c, 0, sizeof *c);
	if (!b) {
		int n = st->n, s0 = st->stack[st->nstack - 1];
		int s0h = s0 < n ? st->head[s0] : -1, s0h2 = s0h >= 0 && s0h < n ? st->head[s0h] : -1;
		int s0l = st->lc1[s0], s0l2 = st->lc2[s0], s0r = st->rc1[s0], s0r2 = st->rc2[s0];
		int32_t f[16] = {s0, s0h, s0h2, s0l, s0l2, s0r, s0r2, (int32_t)lab_val(st, s0),
		                 (int32_t)lab_val(st, s0h), (int32_t)lab_val(st, s0l),
		                 (int32_t)lab_val(st, s0l2), (int32_t)lab_val(st, s0r),
		                 (int32_t)lab_val(st, s0r2), st->nl[s0], st->nr[s0], 0};
		memcpy(c->f, f, sizeof f);
		c->m[0] = st->lmask[s0];
		c->m[1] = st->rmask[s0];
	} else {
		int b0 = st->b, b0l = st->lc1[b0], b0l2 = st->lc2[b0];
		int32_t f[6] = {b0, b0l, b0l2, (int32_t)lab_val(st, b0l), (int32_t)lab_val(st, b0l2),
		                st->nl[b0]};
		memcpy(c->f, f, sizeof f);
		c->m[0] = st->lmask[b0];
	}
}

/* A hash of the fields that tell most contexts apart (the table compares them all). */
static uint32_t ctx_hash(const struct ctx *c)
{
	uint64_t a = (uint64_t)(uint16_t)c->f[0] | (uint64_t)(uint16_t)c->f[1] << 16 |
	             (uint64_t)(uint16_t)c->f[3] << 32 | (uint64_t)(uint16_t)c->f[5] << 48;
	uint64_t b = (uint64_t)(uint8_t)c->f[7] | (uint64_t)(uint8_t)c->f[11] << 8 |
	             (uint64_t)(uint8_t)c->f[13] << 16 | (uint64_t)(uint8_t)c->f[14] << 24;
	return (uint32_t)(feat_mix(a ^ c->m[0] * 0x9E3779B97F4A7C15ull, b ^ c->m[1]) >> 32);
}

/* Sum into a new vector the vectors v[0..nv) and the weights of keys f[0..nf); NULL when the
 * arena is full. */
static int32_t *sum_new(struct pre *pr, const struct scorer *sr, const int32_t **v, int nv,
                        const uint64_t *f, size_t nf)
{
	int32_t *out = arena_alloc(pr->a, NPAD * sizeof *out);
	const struct feat_entry *e[16];
	uint32_t m[16];
	if (!out) return NULL;
	for (size_t k = 0; k < nf; k++) feat_prefetch(sr->fm, f[k]);
	for (size_t k = 0; k < nf; k++) {
		const int32_t *r;
		e[k] = lookup(sr, f[k], &m[k], &r);
		if (r) {
			v[nv++] = r;
			e[k] = NULL;
		} else if (e[k]) {
			__builtin_prefetch(e[k]);   /* loaded while the rows are summed */
		}
	}
	feat_vsum(v, nv, NPAD, out);
	for (size_t k = 0; k < nf; k++)
		if (e[k])
			for (uint32_t j = 0; j < m[k]; j++) out[e[k][j].cls] += e[k][j].w;
	return out;
}

/* The vector of the context of s0 (b = 0) or b0 (b = 1) of a state, through its table. */
static const int32_t *pre_ctx(struct pre *pr, const struct scorer *sr, const struct nlp_word *w,
                              const struct state *st, int b)
{
	struct ctab *t = &pr->ctx[b];
	struct ctx c, *hit;
	uint32_t h;
	const int32_t *v[40];
	uint64_t f[16];
	int nv = 0;
	size_t nf;

	ctx_of(st, b, &c);
	h = ctx_hash(&c) & t->mask;
	while ((hit = t->slot[h])) {
		if (memcmp(hit->f, c.f, sizeof c.f) == 0 && hit->m[0] == c.m[0] && hit->m[1] == c.m[1])
			return hit->v;
		h = (h + 1) & t->mask;
	}
	/* the context's own keys first, their slots loading while the place vectors are found */
	nf = !b ? s0_keys(st, w, f) : b0_keys(st, w, f);
	for (size_t k = 0; k < nf; k++) feat_prefetch(sr->fm, f[k]);
	if (!b) {
		/* s0, its head and children with their labels; the grand-head */
		static const int8_t lt[6] = {L_S0, L_S0H, L_S0L, L_S0L2, L_S0R, L_S0R2};
		int at[6] = {c.f[0], c.f[1], c.f[3], c.f[4], c.f[5], c.f[6]};
		for (int i = 0; i < 6; i++)
			if (pre_comb(pr, sr, w, lt[i], at[i], (unsigned)c.f[7 + i], v, &nv) < 0) return NULL;
		if (!(v[nv++] = pre_tok(pr, sr, w, V_S0H2, c.f[2]))) return NULL;
	} else {
		if (!(v[nv++] = pre_tok(pr, sr, w, V_B0, c.f[0])) ||
		    pre_comb(pr, sr, w, L_B0L, c.f[1], (unsigned)c.f[3], v, &nv) < 0 ||
		    pre_comb(pr, sr, w, L_B0L2, c.f[2], (unsigned)c.f[4], v, &nv) < 0)
			return NULL;
	}
	if (!(c.v = sum_new(pr, sr, v, nv, f, nf))) return NULL;
	if (2 * (t->count + 1) <= t->mask) {
		struct ctx *keep = arena_alloc(pr->a, sizeof *keep);
		if (!keep) return NULL;
		*keep = c;
		t->slot[h] = keep;
		t->count++;
	}
	return c.v;
}

/* What one state adds up: the dense vectors (precomputed places, labels, pair, dense rows)
 * and the entry lists of its other features. */
struct gather {
	const int32_t *v[2 * NTOKV + NLABT + 1 + DEP_NFEAT];
	const struct feat_entry *e[DEP_NFEAT];
	uint32_t m[DEP_NFEAT];
	int nv, ne;
};

/* Gather the vectors and entries of a state (b0 < n), prefetching the entries: the states of
 * a beam step are gathered first, then summed (score_sum), so that the entries' cache misses
 * overlap.  0, or -1 when the arena is full. */
static int score_gather(struct pre *pr, const struct scorer *sr, const struct state *st,
                        const struct nlp_word *w, const uint64_t *f, size_t nf, struct gather *g)
{
	int s0 = st->stack[st->nstack - 1], b0 = st->b;
	int s1 = st->nstack > 1 ? st->stack[st->nstack - 2] : -1;
	int nv = 0, ne = 0;

	if (!(g->v[nv++] = pre_ctx(pr, sr, w, st, 0)) || !(g->v[nv++] = pre_ctx(pr, sr, w, st, 1)) ||
	    !(g->v[nv++] = pre_tok(pr, sr, w, V_S1, s1)) || !(g->v[nv++] = pre_pair(pr, sr, w, s0, b0)))
		return -1;
	for (size_t k = 0; k < nf; k++) {
		const int32_t *r;
		uint32_t m;
		const struct feat_entry *e = cached_lookup(sr, f[k], &m, &r);
		if (r) {
			g->v[nv++] = r;
		} else if (e) {
			__builtin_prefetch(e);
			g->e[ne] = e;
			g->m[ne++] = m;
		}
	}
	g->nv = nv;
	g->ne = ne;
	return 0;
}

/* The integer scores of every class of a gathered state. */
static void score_sum(const struct gather *g, int32_t *isc)
{
	feat_vsum(g->v, g->nv, NPAD, isc);
	for (int k = 0; k < g->ne; k++) {
		const struct feat_entry *e = g->e[k];
		for (uint32_t j = 0; j < g->m[k]; j++) isc[e[j].cls] += e[j].w;
	}
}

/* Training: the float scores of every class from the weights being trained (the run-time
 * decoder sums precomputed vectors instead: score_gather, score_sum). */
static void score_train(const struct scorer *sr, const uint64_t *f, size_t nf, float *sc)
{
	memset(sc, 0, NCOL * sizeof *sc);
	feat_train_score(sr->ft, f, nf, sc);
}

struct item {
	struct state st;
	double score;
	int gold;            /* training: still on the gold path */
	uint16_t *hist;      /* training: moves so far, move << 8 | relation */
	int nhist;
};

struct cand {
	double s;
	int item, mv, lab;
};

static int cmp_cand(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;
	if (a->s != b->s) return a->s > b->s ? -1 : 1;
	if (a->item != b->item) return a->item - b->item;
	return a->mv - b->mv;
}

/* The best relation (not 0, not root) of ls[0..DEP_COUNT): the first of the highest.  ls is
 * read up to the next multiple of 8 (the padding of a score row: NPAD). */
static int best_label(const int32_t *ls)
{
	return (int)feat_best(ls, 1, DEP_COUNT, DEP_ROOT);
}

/* One step: the best `width` successors of cur[0..ncur) into nxt; their number.  A finished
 * item carries over unchanged.  With gmv >= 0 or gmv == -1 (training), nxt[].gold tells which
 * successor follows the gold move (gmv, glab; -1: the gold sequence is finished); -2: not
 * training.  Returns -1 when the arena is full. */
static int beam_step(const struct scorer *sr, const struct nlp_word *w, struct item *cur, int ncur,
                     struct item *nxt, int width, int gmv, int glab, struct arena *a)
{
	struct cand c[4 * 64];
	int nc = 0, out;
	uint64_t (*f)[DEP_NFEAT] = sr->feats;   /* 64 x DEP_NFEAT, off the stack */
	size_t nf[64];
	float sc[NCOL];
	int bl[2] = {1, 1};

	/* the features of every item first, their slots prefetched: the lookups of the whole beam
	 * overlap their memory latency */
	for (int i = 0; i < ncur; i++) {
		if (cur[i].st.b >= cur[i].st.n) continue;
		nf[i] = sr->pre ? dep_state_keys(&cur[i].st, w, f[i]) : dep_features(&cur[i].st, w, f[i]);
		if (sr->fm)
			for (size_t k = 0; k < nf[i]; k++) cached_prefetch(sr, f[i][k]);
		if (sr->pre)
			pre_pair_prefetch(sr->pre, sr, w, cur[i].st.stack[cur[i].st.nstack - 1], cur[i].st.b);
	}
	if (sr->pre)
		for (int i = 0; i < ncur; i++)
			if (cur[i].st.b < cur[i].st.n &&
			    score_gather(sr->pre, sr, &cur[i].st, w, f[i], nf[i], &sr->gather[i]) < 0)
				return -1;
	for (int i = 0; i < ncur; i++) {
		const struct state *st = &cur[i].st;
		if (st->b >= st->n) {
			c[nc++] = (struct cand){cur[i].score, i, -1, 0};
			continue;
		}
		if (sr->pre) {
			/* integer scores: the best relations found on them (the same as on floats) */
			int32_t isc[NPAD];
			score_sum(&sr->gather[i], isc);
			int want[2] = {valid(st, LEFT), valid(st, RIGHT) && st->stack[st->nstack - 1] != st->n};
			for (int m = 0; m < NMOVES; m++) sc[m] = (float)isc[m];
			for (int d = 0; d < 2; d++) {
				int off = NMOVES + d * DEP_COUNT, b;
				if (!want[d]) continue;
				b = best_label(isc + off);
				bl[d] = b;
				sc[off + b] = (float)isc[off + b];
			}
		} else {
			score_train(sr, f[i], nf[i], sc);
			for (int d = 0; d < 2; d++) {
				const float *ls = sc + NMOVES + d * DEP_COUNT;
				int b = -1;
				for (int r = 1; r < DEP_COUNT; r++)
					if (r != DEP_ROOT && (b < 0 || ls[r] > ls[b])) b = r;
				bl[d] = b;
			}
		}
		for (int m = 0; m < NMOVES; m++) {
			double s;
			int lab = 0;
			if (!valid(st, m)) continue;
			s = cur[i].score + sc[m];
			if (m == RIGHT && st->stack[st->nstack - 1] == st->n) {
				lab = DEP_ROOT;
			} else if (m == LEFT || m == RIGHT) {
				lab = bl[m == RIGHT];
				s += sc[NMOVES + (m == RIGHT ? DEP_COUNT : 0) + lab];
			}
			c[nc++] = (struct cand){s, i, m, lab};
		}
	}
	/* the best `width` in order: an insertion into a short sorted list (the candidates are in
	 * the order cmp_cand ties them, so this is what a full sort would give) */
	out = 0;
	for (int k = 0; k < nc; k++) {
		int at = out < width ? out : width - 1;
		if (out == width && cmp_cand(&c[k], &c[width - 1]) >= 0) continue;
		while (at > 0 && cmp_cand(&c[k], &c[at - 1]) < 0) at--;
		{
			struct cand x = c[k];
			int last = out < width ? out : width - 1;
			memmove(&c[at + 1], &c[at], (size_t)(last - at) * sizeof *c);
			c[at] = x;
		}
		if (out < width) out++;
	}
	/* decoding: the items far below the best are not worth their scoring */
	if (gmv == -2 && sr->margin > 0)
		while (out > 1 && c[out - 1].s < c[0].s - sr->margin) out--;
	for (int k = 0; k < out; k++) {
		const struct item *from = &cur[c[k].item];
		struct item *to = &nxt[k];
		state_copy(&to->st, &from->st);
		if (c[k].mv >= 0) apply(&to->st, c[k].mv, c[k].lab);
		to->score = c[k].s;
		to->gold = 0;
		if (gmv > -2) {
			to->gold = from->gold && c[k].mv == gmv &&
			           (c[k].mv != LEFT && c[k].mv != RIGHT ? 1 : c[k].lab == glab);
			to->nhist = from->nhist + (c[k].mv >= 0);
			to->hist = arena_alloc(a, ((size_t)to->nhist + 1) * sizeof *to->hist);
			if (!to->hist) return -1;
			memcpy(to->hist, from->hist, (size_t)from->nhist * sizeof *to->hist);
			if (c[k].mv >= 0) to->hist[from->nhist] = (uint16_t)(c[k].mv << 8 | c[k].lab);
		}
	}
	return out;
}

/* Two sets of `width` items with their states. */
static struct item *items_new(int width, int n, struct arena *a)
{
	struct item *it = arena_alloc(a, (size_t)width * sizeof *it);
	if (!it) return NULL;
	for (int i = 0; i < width; i++) {
		memset(&it[i], 0, sizeof it[i]);
		if (state_init(&it[i].st, n, a) < 0) return NULL;
	}
	return it;
}

static int parse_beam(const struct parser *p, struct nlp_word *w, int n, int width, struct arena *a)
{
	struct pre pr;
	uint32_t nc = 64;
	while (nc < DEP_CACHE && nc < 32 * (uint32_t)n) nc *= 2;
	struct scorer sr = {&p->fm, NULL, arena_alloc(a, nc * sizeof(struct fcache)), nc - 1,
	                    arena_alloc(a, 64 * sizeof *sr.feats), &pr, &p->dense,
	                    arena_alloc(a, (size_t)width * sizeof *sr.gather), p->margin};
	struct item *cur = items_new(width, n, a), *nxt = items_new(width, n, a), *tmp;
	int ncur = 1;

	if (!cur || !nxt || !sr.cache || !sr.feats || !sr.gather || pre_init(&pr, n, a) < 0 ||
	    pre_fill(&pr, &sr, w) < 0)
		return -1;
	memset(sr.cache, 0, nc * sizeof *sr.cache);
	for (;;) {
		int all = 1;
		for (int i = 0; i < ncur; i++) all &= cur[i].st.b >= n;
		if (all) break;
		ncur = beam_step(&sr, w, cur, ncur, nxt, width, -2, 0, a);
		if (ncur < 0) return -1;
		tmp = cur;
		cur = nxt;
		nxt = tmp;
	}
	finish(&cur[0].st, w, n);
	return 0;
}

/* ---- repairs after decoding ---- */

/* UD heads a titled name by the name ("President [Obama]": President is its nmod:desc), and
 * the training data has that for "Prime Minister NAME" but hardly ever for "Secretary of State
 * NAME" or "Minister of Defense NAME", which the parser reads as "Secretary of [State John
 * Kerry]": the name as the nmod of the title, the organization as the name's compound.  Re-head
 * that shape the UD way: X(PROPN) -nmod-> N(PROPN, with a flat child), N having the case "of"
 * and only PROPN compounds between the "of" and itself:
 *   N takes X's place; X becomes N's nmod:desc; the last organization word becomes X's nmod
 *   with the "of" and the other organization words under it; X's dependents right of N go to
 *   N (they modified the whole phrase: "Secretary of State John Kerry on Tuesday night made").
 * Only arcs inside the phrase change, so the tree stays a projective tree. */
static void title_names(struct nlp_word *w, int n)
{
	for (int x = 0; x < n; x++) {
		int nn = -1, of = -1, flat = 0, org;
		if (w[x].upos != UPOS_PROPN) continue;
		for (int k = x + 1; k < n && nn < 0; k++)
			if (w[k].head == x && w[k].deprel == DEP_NMOD && w[k].upos == UPOS_PROPN) nn = k;
		if (nn < 0) continue;
		for (int k = x + 1; k < n; k++) {
			if (w[k].head != nn) continue;
			if (k < nn && w[k].deprel == DEP_CASE && w[k].len == 2 && memcmp(w[k].form, "of", 2) == 0)
				of = k;
			if (k > nn && w[k].deprel == DEP_FLAT) flat = 1;
		}
		if (of != x + 1 || !flat || nn - of < 2) continue;
		org = nn - 1;
		for (int k = of + 1; k < nn; k++)
			if (w[k].head != nn || w[k].deprel != DEP_COMPOUND || w[k].upos != UPOS_PROPN) org = -1;
		if (org < 0) continue;
		w[nn].head = w[x].head;
		w[nn].deprel = w[x].deprel;
		w[x].head = nn;
		w[x].deprel = DEP_NMOD_DESC;
		w[org].head = x;
		w[org].deprel = DEP_NMOD;
		w[of].head = org;
		for (int k = of + 1; k < org; k++) w[k].head = org;
		for (int k = nn + 1; k < n; k++)
			if (w[k].head == x) w[k].head = nn;
	}
}

/* A verb of will or commitment takes its to-infinitive as its complement (`xcomp`: "agreed on
 * Wednesday to resume talks", "threatened to leave"), which the parser, with words between them,
 * sometimes reads as an adverbial clause (`advcl`, a purpose: "met to discuss").  The coder reads
 * the two differently -- the complement is what was agreed, intended; the adverbial clause an
 * event of its own -- so the advcl of such a verb that is a bare infinitive after it, marked by
 * "to" and without a subject of its own, becomes its xcomp -- unless the verb has a complement
 * already, or an object and is not one of the verbs whose object does what is willed
 * ("demanded the parties to allow aid", "offered its troops to help him": object control;
 * "prepared troops for months to invade" is a purpose). */
/* Is lemma l one of list? */
static int lemma_in(const char *l, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(*list, l) == 0) return 1;
	return 0;
}

static void control_xcomp(struct nlp_word *w, int n)
{
	static const char *const will[] = {"agree", "decide", "plan", "promise", "pledge", "vow",
		"threaten", "refuse", "offer", "try", "seek", "want", "hope", "intend", "attempt",
		"fail", "aim", "prepare", "expect", "wish", "choose", "resolve", "undertake", "vote",
		"consent", "commit", "volunteer", "demand", "ask", NULL};
	static const char *const object_control[] = {"demand", "ask", "offer", "want", "expect", NULL};
	for (int d = 0; d < n; d++) {
		int h = w[d].head, to = 0, subj = 0, objok;
		if (w[d].deprel != DEP_ADVCL || w[d].xpos != XPOS_VB || h < 0 || h >= d || !w[h].lemma ||
		    w[h].upos != UPOS_VERB || !lemma_in(w[h].lemma, will))
			continue;
		objok = lemma_in(w[h].lemma, object_control);
		for (int c = 0; c < n; c++) {
			if (w[c].head == h && c != d &&
			    (w[c].deprel == DEP_XCOMP || w[c].deprel == DEP_CCOMP ||
			     (!objok && (w[c].deprel == DEP_OBJ || w[c].deprel == DEP_IOBJ))))
				subj = 1;   /* (the verb's own complement: the clause is none) */
			if (w[c].head != d) continue;
			if (w[c].deprel == DEP_MARK && w[c].len == 2 && memcmp(w[c].form, "to", 2) == 0 && c < d)
				to = 1;
			else if (deprel_base(w[c].deprel) == DEP_NSUBJ || w[c].deprel == DEP_MARK)
				subj = 1;
		}
		if (to && !subj) w[d].deprel = DEP_XCOMP;
	}
}

int parser_parse(const struct parser *p, struct nlp_word *w, size_t n, int beam, struct arena *a)
{
	if (beam <= 0) beam = (int)p->beam;
	if (beam > 64) beam = 64;
	for (size_t at = 0; at < n; at += NLP_MAX_WORDS) {
		size_t m = n - at < NLP_MAX_WORDS ? n - at : NLP_MAX_WORDS;
		/* the beam copies states of O(n) at every step: past DEP_BEAM_MAX words, greedy */
		if ((beam > 1 && m <= DEP_BEAM_MAX ? parse_beam(p, w + at, (int)m, beam, a)
		                                   : parse_piece(p, w + at, (int)m, a)) < 0)
			return -1;
		title_names(w + at, (int)m);
		control_xcomp(w + at, (int)m);
		if (at)
			for (size_t i = at; i < at + m; i++)
				if (w[i].head >= 0) w[i].head += (int)at;
	}
	return 0;
}

/* ---- model file ---- */

dyad_status parser_load(struct parser *p, const char *path, struct dyad_error *err)
{
	const struct dep_meta *m;
	size_t msize, nslot, nent;
	dyad_status st;

	memset(p, 0, sizeof *p);
	st = image_open(&p->im, path, DEP_MAGIC, DEP_VERSION, err);
	if (st != DYAD_OK) return st;
	m = image_section(&p->im, SEC_META, &msize);
	p->fm.slot = image_section(&p->im, SEC_SLOTS, &nslot);
	p->fm.ent = image_section(&p->im, SEC_ENTRIES, &nent);
	nslot /= sizeof(struct feat_slot);
	nent /= sizeof(struct feat_entry);
	if (!m || msize != sizeof *m || !p->fm.slot || !p->fm.ent || m->nlabel != DEP_COUNT ||
	    m->nslot != nslot || m->nent != nent || !nslot || (nslot & (nslot - 1))) {
		dyad_error_set(err, "%s: inconsistent parser model", path);
		goto bad;
	}
	p->fm.mask = (uint32_t)(nslot - 1);
	p->fm.nent = (uint32_t)nent;
	p->fm.nclass = NCOL;
	p->nlabel = DEP_COUNT;
	p->beam = m->beam >= 1 && m->beam <= 64 ? m->beam : 1;
	p->margin = DEP_BEAM_MARGIN;
	switch (feat_check(&p->fm, &p->dense, DEP_DENSE_MIN)) {
	case 0: return DYAD_OK;
	case -2:
		dyad_error_set(err, "%s: out of memory", path);
		image_close(&p->im);
		memset(p, 0, sizeof *p);
		return DYAD_ERR_NOMEM;
	default:
		dyad_error_set(err, "%s: inconsistent parser model", path);
		goto bad;
	}
bad:
	feat_dense_release(&p->dense);
	image_close(&p->im);
	memset(p, 0, sizeof *p);
	return DYAD_ERR_FORMAT;
}

void parser_close(struct parser *p)
{
	feat_dense_release(&p->dense);
	image_close(&p->im);
	memset(p, 0, sizeof *p);
}

/* ---- training ---- */

struct dep_sent {
	struct nlp_word *w;
	int *gh;             /* gold head, projectivized; n = ROOT */
	uint8_t *gl;         /* gold relation */
	int n;
};

/* Does h dominate k (following gold heads)? */
static int dominates(const int *gh, int n, int h, int k)
{
	for (int steps = 0; k != n && steps <= n; steps++) {
		if (k == h) return 1;
		k = gh[k];
	}
	return h == n;
}

/* Lift non-projective arcs to the grandparent until the tree is projective; the number of arcs
 * lifted. */
static int projectivize(int *gh, int n)
{
	int lifted = 0, again = 1;
	while (again) {
		again = 0;
		for (int d = 0; d < n; d++) {
			int h = gh[d], lo, hi, np = 0;
			if (h == n) continue;
			lo = h < d ? h : d;
			hi = h < d ? d : h;
			for (int k = lo + 1; k < hi && !np; k++)
				if (!dominates(gh, n, h, k)) np = 1;
			if (np) {
				gh[d] = gh[h];
				lifted++;
				again = 1;
			}
		}
	}
	return lifted;
}

static int cost(const struct state *st, const struct dep_sent *g, int mv)
{
	int n = st->n, s0 = st->stack[st->nstack - 1], b = st->b, c = 0;
	switch (mv) {
	case SHIFT:
		for (int i = 0; i < st->nstack; i++) {
			int k = st->stack[i];
			if (g->gh[b] == k) c++;
			if (k != n && g->gh[k] == b && st->head[k] < 0) c++;
		}
		return c;
	case REDUCE:
		for (int k = b; k < n; k++) c += g->gh[k] == s0;
		return c;
	case LEFT:
		for (int k = b; k < n; k++) c += g->gh[k] == s0;
		if (g->gh[s0] > b && g->gh[s0] < n) c++;
		return c;
	default:
		if (g->gh[b] != s0) {
			int h = g->gh[b];
			if (h > b && h < n) c++;
			else
				for (int i = 0; i < st->nstack; i++)
					if (st->stack[i] == h) { c++; break; }
		}
		for (int i = 0; i < st->nstack; i++) {
			int k = st->stack[i];
			if (k != n && g->gh[k] == b && st->head[k] < 0) c++;
		}
		return c;
	}
}

/* The gold move of a state on the gold path: the first move of LEFT, RIGHT, REDUCE, SHIFT that
 * costs nothing, with its relation. */
static int gold_move(const struct state *st, const struct dep_sent *g, int *lab)
{
	static const int order[] = {LEFT, RIGHT, REDUCE, SHIFT};
	int s0 = st->stack[st->nstack - 1];
	for (int k = 0; k < NMOVES; k++) {
		int m = order[k];
		if (!valid(st, m) || cost(st, g, m) != 0) continue;
		*lab = m == LEFT ? g->gl[s0] : m == RIGHT ? (s0 == st->n ? DEP_ROOT : g->gl[st->b]) : 0;
		return m;
	}
	*lab = 0;
	return SHIFT;
}

/* The perceptron update of beam training: +1 along the gold moves, -1 along the predicted ones,
 * from where the two sequences part.  0, or -1 when out of memory. */
static int beam_update(struct feat_train *ft, const struct dep_sent *g, const uint16_t *hg, int ng,
                       const uint16_t *hp, int np, struct arena *a)
{
	struct state sa, sb;
	uint64_t f[DEP_NFEAT];
	int d = 0;

	while (d < ng && d < np && hg[d] == hp[d]) d++;
	if (state_init(&sa, g->n, a) < 0 || state_init(&sb, g->n, a) < 0) return -1;
	for (int i = 0; i < d; i++) apply(&sa, hg[i] >> 8, hg[i] & 0xFF);
	state_copy(&sb, &sa);
	for (int pass = 0; pass < 2; pass++) {
		struct state *st = pass ? &sb : &sa;
		const uint16_t *h = pass ? hp : hg;
		int nh = pass ? np : ng;
		float delta = pass ? -1.0f : 1.0f;
		for (int i = d; i < nh; i++) {
			int mv = h[i] >> 8, lab = h[i] & 0xFF;
			size_t nf = dep_features(st, g->w, f);
			if (feat_train_update(ft, f, nf, (unsigned)mv, delta) < 0) return -1;
			if ((mv == LEFT || mv == RIGHT) && lab != DEP_ROOT &&
			    feat_train_update(ft, f, nf, NMOVES + (mv == RIGHT ? DEP_COUNT : 0) + (unsigned)lab,
			                      delta) < 0)
				return -1;
			apply(st, mv, lab);
		}
	}
	return 0;
}

/* Beam training on one sentence with early update (Collins & Roark 2004): when the gold
 * sequence falls out of the beam, update against the best item and stop.  1 when the
 * sentence came out right, 0 when not, -1 when out of memory. */
static int train_beam(struct feat_train *ft, const struct dep_sent *g, int width, struct arena *a)
{
	struct scorer sr = {NULL, ft, NULL, 0, arena_alloc(a, 64 * sizeof *sr.feats), NULL, NULL, NULL, 0};
	struct item *cur = items_new(width, g->n, a), *nxt = items_new(width, g->n, a), *tmp;
	struct state gs;
	uint16_t *gh;
	int ngh = 0, ncur = 1;

	if (!cur || !nxt || !sr.feats || state_init(&gs, g->n, a) < 0) return -1;
	if (!(gh = arena_alloc(a, (2 * (size_t)g->n + 2) * sizeof *gh))) return -1;
	if (!(cur[0].hist = arena_alloc(a, sizeof *cur[0].hist))) return -1;
	cur[0].gold = 1;
	cur[0].nhist = 0;
	for (;;) {
		int all = 1, gmv = -1, glab = 0, anygold = 0;
		for (int i = 0; i < ncur; i++) all &= cur[i].st.b >= g->n;
		if (all) break;
		if (gs.b < g->n) gmv = gold_move(&gs, g, &glab);
		ncur = beam_step(&sr, g->w, cur, ncur, nxt, width, gmv, glab, a);
		if (ncur < 0) return -1;
		ft->t++;
		if (gmv >= 0) {
			apply(&gs, gmv, glab);
			gh[ngh++] = (uint16_t)(gmv << 8 | glab);
		}
		tmp = cur;
		cur = nxt;
		nxt = tmp;
		for (int i = 0; i < ncur; i++) anygold |= cur[i].gold;
		if (!anygold) return beam_update(ft, g, gh, ngh, cur[0].hist, cur[0].nhist, a) < 0 ? -1 : 0;
	}
	if (!cur[0].gold) return beam_update(ft, g, gh, ngh, cur[0].hist, cur[0].nhist, a) < 0 ? -1 : 0;
	return 1;
}

/* LAS-style accuracy of a model on data (UAS in *uas). */
static double dev_score(const struct parser *p, struct dep_sent *d, size_t nd, int beam, double *uas)
{
	size_t u = 0, l = 0, tot = 0;
	struct arena a;
	arena_init(&a, 0);
	for (size_t s = 0; s < nd; s++) {
		int n = d[s].n;
		arena_reset(&a);
		parser_parse(p, d[s].w, (size_t)n, beam, &a);
		for (int i = 0; i < n; i++) {
			int gh = d[s].gh[i] == n ? -1 : d[s].gh[i];
			if (d[s].w[i].head == gh) {
				u++;
				l += d[s].w[i].deprel == d[s].gl[i];
			}
			tot++;
		}
	}
	arena_release(&a);
	*uas = tot ? 100.0 * (double)u / (double)tot : 0;
	return tot ? 100.0 * (double)l / (double)tot : 0;
}

/* Sentences of a treebank with word features and tags: the gold tags, or those of a tagger. */
static struct dep_sent *load_sents(const struct treebank *tb, const struct tagger *tg,
                                   const uint8_t *xpos, int project, struct arena *a, int *lifted)
{
	struct dep_sent *d = dyad_calloc(tb->n + 1, sizeof *d);
	size_t at = 0;
	if (!d) return NULL;
	for (size_t s = 0; s < tb->n; s++) {
		int n = (int)tb->s[s].n;
		d[s].n = n;
		d[s].w = arena_alloc(a, (size_t)n * sizeof *d[s].w);
		d[s].gh = arena_alloc(a, (size_t)(n + 1) * sizeof(int));
		d[s].gl = arena_alloc(a, (size_t)n + 1);
		if (!d[s].w || !d[s].gh || !d[s].gl) {
			dyad_free(d);
			return NULL;
		}
		memset(d[s].w, 0, (size_t)n * sizeof *d[s].w);
		for (int i = 0; i < n; i++) {
			const struct tb_word *x = &tb->s[s].w[i];
			d[s].w[i].form = x->form;
			d[s].w[i].len = (uint32_t)strlen(x->form);
			d[s].w[i].upos = x->upos;
			d[s].w[i].xpos = xpos ? xpos[at] : x->xpos;
			at++;
			d[s].gh[i] = x->head < 0 ? n : x->head;
			d[s].gl[i] = x->deprel;
		}
		nlp_prep(d[s].w, (size_t)n);
		if (tg) tagger_tag(tg, d[s].w, (size_t)n, NULL);
		if (project) *lifted += projectivize(d[s].gh, n);
	}
	return d;
}

dyad_status parser_train(const struct train_opts *o, struct dyad_error *err)
{
	struct treebank tr = {0}, dv = {0};
	struct tagger tg;
	int have_tagger = 0, lifted = 0, best_epoch = 0;
	struct dep_sent *dt = NULL, *dd = NULL;
	struct arena a, scratch;
	struct feat_train ft = {0};
	struct feat_export best_x = {0};
	size_t *order = NULL;
	uint8_t *tr_xpos = NULL, *dv_xpos = NULL;
	uint64_t rng = o->seed * 2654435761u + 7;
	double best = -1;
	dyad_status st = DYAD_ERR_NOMEM;
	char line[256];

	arena_init(&a, (size_t)4 << 30);
	arena_init(&scratch, 0);
	for (int i = 0; i < o->ntrain; i++)
		if (tb_load(&tr, o->train[i], err) < 0) { st = DYAD_ERR_INPUT; goto out; }
	for (int i = 0; i < o->ndev; i++)
		if (tb_load(&dv, o->dev[i], err) < 0) { st = DYAD_ERR_INPUT; goto out; }
	if (o->tagger) {
		if ((st = tagger_load(&tg, o->tagger, err)) != DYAD_OK) goto out;
		have_tagger = 1;
	}
	if (!have_tagger && o->jackknife > 1) {
		if (!(tr_xpos = dyad_malloc(tr.nwords + 1)) || !(dv_xpos = dyad_malloc(dv.nwords + 1)))
			goto nomem;
		if ((st = tagger_jackknife(o, &tr, &dv, tr_xpos, dv_xpos, err)) != DYAD_OK) goto out;
	}
	if (!(dt = load_sents(&tr, have_tagger ? &tg : NULL, tr_xpos, 1, &a, &lifted)) ||
	    !(dd = load_sents(&dv, have_tagger ? &tg : NULL, dv_xpos, 0, &a, &lifted)))
		goto nomem;
	snprintf(line, sizeof line, "parser: %zu training sentences, %d arcs lifted to projectivize",
	         tr.n, lifted);
	if (o->progress) o->progress(line);
	if (feat_train_init(&ft, NCOL) < 0) goto nomem;
	if (!(order = dyad_malloc((tr.n + 1) * sizeof *order))) goto nomem;
	for (size_t s = 0; s < tr.n; s++) order[s] = s;

	for (int ep = 1; ep <= o->epochs; ep++) {
		size_t right = 0, total = 0;
		struct feat_export x;
		struct parser p = {0};
		double las, uas;
		float prune;
		clock_t c0 = clock();

		for (size_t s = tr.n; s > 1; s--) {
			size_t j = nlp_rand(&rng) % s, tmp = order[s - 1];
			order[s - 1] = order[j];
			order[j] = tmp;
		}
		for (size_t si = 0; si < tr.n; si++) {
			const struct dep_sent *g = &dt[order[si]];
			struct state sst;
			if (g->n > NLP_MAX_WORDS) continue;
			arena_reset(&scratch);
			if (o->beam > 1) {
				int r = train_beam(&ft, g, o->beam, &scratch);
				if (r < 0) goto nomem;
				right += (size_t)r;
				total++;
				continue;
			}
			if (state_init(&sst, g->n, &scratch) < 0) goto nomem;
			while (sst.b < g->n) {
				uint64_t f[DEP_NFEAT];
				float sc[NCOL];
				int costs[NMOVES], pred = -1, gold = -1, follow, lab = 0;
				size_t nf = dep_features(&sst, g->w, f);
				memset(sc, 0, sizeof sc);
				feat_train_score(&ft, f, nf, sc);
				for (int m = 0; m < NMOVES; m++) {
					costs[m] = valid(&sst, m) ? cost(&sst, g, m) : -1;
					if (costs[m] < 0) continue;
					if (pred < 0 || sc[m] > sc[pred]) pred = m;
					if (costs[m] == 0 && (gold < 0 || sc[m] > sc[gold])) gold = m;
				}
				ft.t++;
				if (gold < 0) gold = pred;   /* cannot happen on a projective tree */
				if (costs[pred] > 0) {
					if (feat_train_update(&ft, f, nf, (unsigned)gold, 1.0f) < 0 ||
					    feat_train_update(&ft, f, nf, (unsigned)pred, -1.0f) < 0)
						goto nomem;
				} else {
					right++;
				}
				total++;
				follow = ep > 1 && (nlp_rand(&rng) % 10) < 9 ? pred : gold;
				if (costs[follow] > 0) follow = ep > 1 ? follow : gold;
				/* the relation of a gold arc */
				if (follow == LEFT || follow == RIGHT) {
					int s0 = sst.stack[sst.nstack - 1], d = follow == LEFT ? s0 : sst.b;
					int h = follow == LEFT ? sst.b : s0;
					if (g->gh[d] == h && h != g->n) {
						unsigned base = NMOVES + (follow == RIGHT ? DEP_COUNT : 0);
						int pl = -1;
						for (int r = 1; r < DEP_COUNT; r++)
							if (r != DEP_ROOT && (pl < 0 || sc[base + r] > sc[base + pl])) pl = r;
						lab = g->gl[d];
						if (pl != lab &&
						    (feat_train_update(&ft, f, nf, base + (unsigned)lab, 1.0f) < 0 ||
						     feat_train_update(&ft, f, nf, base + (unsigned)pl, -1.0f) < 0))
							goto nomem;
					} else {
						lab = DEP_DEP;
					}
				}
				apply(&sst, follow, lab);
			}
		}
		prune = o->max_mb > 0 ? feat_prune_for(&ft, o->prune, (size_t)(o->max_mb * 1048576)) : o->prune;
		if (feat_export(&ft, prune, &x) < 0) goto nomem;
		feat_export_model(&x, NCOL, &p.fm);
		p.nlabel = DEP_COUNT;
		p.beam = o->beam > 1 ? (uint32_t)o->beam : 1;
		las = dev_score(&p, dd, dv.n, (int)p.beam, &uas);
		snprintf(line, sizeof line,
		         "parser epoch %d: train %s %.2f, dev UAS %.2f LAS %.2f, %zu slots, %zu weights (prune %.2f), %.1f s",
		         ep, o->beam > 1 ? "sentences" : "moves", 100.0 * (double)right / (double)(total ? total : 1), uas, las, x.nslot, x.nent,
		         prune, (double)(clock() - c0) / CLOCKS_PER_SEC);
		if (o->progress) o->progress(line);
		if (las > best) {
			best = las;
			best_epoch = ep;
			feat_export_release(&best_x);
			best_x = x;
		} else {
			feat_export_release(&x);
			if (ep - best_epoch >= 3) break;
		}
	}
	{
		struct image_writer iw;
		struct dep_meta m = {DEP_COUNT, (uint32_t)best_x.nslot, (uint32_t)best_x.nent,
		                     o->beam > 1 ? (uint32_t)o->beam : 1};
		image_writer_init(&iw);
		if (image_writer_add(&iw, SEC_META, &m, sizeof m) < 0 ||
		    image_writer_add(&iw, SEC_SLOTS, best_x.slot, best_x.nslot * sizeof *best_x.slot) < 0 ||
		    image_writer_add(&iw, SEC_ENTRIES, best_x.ent, best_x.nent * sizeof *best_x.ent) < 0) {
			image_writer_release(&iw);
			goto nomem;
		}
		st = image_write(&iw, o->out, DEP_MAGIC, DEP_VERSION, err);
		image_writer_release(&iw);
		snprintf(line, sizeof line, "parser: best epoch %d, written to %s", best_epoch, o->out);
		if (st == DYAD_OK && o->progress) o->progress(line);
	}
	goto out;
nomem:
	dyad_error_set(err, "parser training: out of memory");
	st = DYAD_ERR_NOMEM;
out:
	dyad_free(order);
	dyad_free(tr_xpos);
	dyad_free(dv_xpos);
	dyad_free(dt);
	dyad_free(dd);
	feat_export_release(&best_x);
	feat_train_release(&ft);
	if (have_tagger) tagger_close(&tg);
	arena_release(&a);
	arena_release(&scratch);
	tb_release(&tr);
	tb_release(&dv);
	return st;
}
