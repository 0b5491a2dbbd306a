/* feat.h -- the linear models under the tagger and the parser: hashed sparse features, each
 * holding a short list of (class, weight) pairs.
 *
 * A feature is a 64-bit key (feat_mix of a template number and the values it joins).  At run
 * time the weights are a read-only table mapped from a model image: an open-addressing hash of
 * 32-bit fingerprints whose slots point into an array of {class, int16 weight} entries (the
 * averaged perceptron weights, quantized and pruned).  Training keeps float weights in a growable
 * table (struct feat_train) and exports the table at the end of each epoch.
 */
#ifndef DYAD_FEAT_H
#define DYAD_FEAT_H

#include <stddef.h>
#include <stdint.h>

#define FEAT_MAX_CLASSES 255

/* 64-bit mixing: a well-spread key from two values (splitmix64 finalizer). */
static inline uint64_t feat_mix(uint64_t a, uint64_t b)
{
	uint64_t z = a * 0x9E3779B97F4A7C15ull + b + 0x632BE59BD9B4E019ull;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Hash of n bytes (FNV-1a then mixed). */
uint64_t feat_hash(const void *p, size_t n);

struct feat_slot {
	uint32_t fp;     /* fingerprint (high half of the key, never 0); 0 = empty slot */
	uint32_t ref;    /* entry offset << 8 | number of entries */
};

struct feat_entry {
	uint16_t cls;
	int16_t w;
};

/* A read-only weight table (pointers into a mapped image, or into a feat_export). */
struct feat_model {
	const struct feat_slot *slot;
	uint32_t mask;               /* number of slots - 1 (a power of two minus one) */
	const struct feat_entry *ent;
	uint32_t nent;
	uint32_t nclass;
};

/* Add the weights of feature KEY to scores[0..nclass). */
static inline void feat_add(const struct feat_model *m, uint64_t key, int32_t *scores)
{
	uint32_t fp = (uint32_t)(key >> 32), i = (uint32_t)key & m->mask;
	if (!fp) fp = 1;
	for (;;) {
		const struct feat_slot *s = &m->slot[i];
		if (s->fp == fp) {
			const struct feat_entry *e = m->ent + (s->ref >> 8);
			for (uint32_t k = 0, n = s->ref & 0xFF; k < n; k++) scores[e[k].cls] += e[k].w;
			return;
		}
		if (!s->fp) return;
		i = (i + 1) & m->mask;
	}
}

/* Start loading the slot of feature KEY into the cache: lookups of many features overlap their
 * memory latency when every slot is prefetched first. */
static inline void feat_prefetch(const struct feat_model *m, uint64_t key)
{
	__builtin_prefetch(&m->slot[(uint32_t)key & m->mask]);
}

/* The entries of feature KEY (sorted by class), their number in *n; NULL when absent. */
static inline const struct feat_entry *feat_find(const struct feat_model *m, uint64_t key,
                                                 uint32_t *n)
{
	uint32_t fp = (uint32_t)(key >> 32), i = (uint32_t)key & m->mask;
	if (!fp) fp = 1;
	for (;;) {
		const struct feat_slot *s = &m->slot[i];
		if (s->fp == fp) {
			*n = s->ref & 0xFF;
			return m->ent + (s->ref >> 8);
		}
		if (!s->fp) return NULL;
		i = (i + 1) & m->mask;
	}
}

/* The slot index of feature KEY, or -1 when absent. */
static inline int64_t feat_slot_of(const struct feat_model *m, uint64_t key)
{
	uint32_t fp = (uint32_t)(key >> 32), i = (uint32_t)key & m->mask;
	if (!fp) fp = 1;
	for (;;) {
		const struct feat_slot *s = &m->slot[i];
		if (s->fp == fp) return i;
		if (!s->fp) return -1;
		i = (i + 1) & m->mask;
	}
}

/* Dense rows for the features with many classes, built beside a mapped table when a model is
 * loaded (the image stays read-only): adding a row of `stride` int32 with SIMD is cheaper than
 * scattering a long list of entries.  A side hash maps the slot index of such a feature to its
 * row. */
struct feat_dense {
	uint32_t min;                /* features with at least min entries have a row */
	uint32_t stride;             /* int32 per row: nclass rounded up to a multiple of 16 */
	uint32_t mask;               /* side hash size - 1 */
	uint32_t *key;               /* slot index + 1, 0 = empty */
	uint32_t *row;               /* row number of key[i] */
	int32_t *rows;               /* nrow x stride, zero past nclass */
	uint32_t nrow;
};

/* A zeroed struct feat_dense (or one released) has no rows; feat_check builds them. */
void feat_dense_release(struct feat_dense *d);

/* The row of the feature in slot i (whose entry count is at least d->min). */
static inline const int32_t *feat_dense_row(const struct feat_dense *d, uint32_t i)
{
	uint32_t h = (i * 0x9E3779B1u) & d->mask;
	while (d->key[h] && d->key[h] != i + 1) h = (h + 1) & d->mask;
	return d->key[h] ? d->rows + (size_t)d->row[h] * d->stride : NULL;
}

/* out[0..stride) = v[0] + ... + v[nv - 1], rows of stride int32 (a multiple of 16); all zero
 * when nv is 0.  SIMD (AVX2 when the processor has it). */
void feat_vsum(const int32_t *const *v, int nv, uint32_t stride, int32_t *out);

/* The first index of the highest of s[from..to), index skip left out (from < to; s[0] up to
 * s[to] rounded up to a multiple of 8 must be readable).  SIMD like feat_vsum. */
uint32_t feat_best(const int32_t *s, uint32_t from, uint32_t to, uint32_t skip);

/* Check a table read from a file: every slot points inside the entries and every class is
 * below nclass (what memory safety needs; the file's checksum guards the rest).  With d, also
 * build the dense rows of the features with at least min entries (in the same pass over the
 * slots).  0 when sound, -1 when not, -2 when out of memory (d is then zeroed). */
int feat_check(const struct feat_model *m, struct feat_dense *d, uint32_t min);

/* ---- training ---- */

struct feat_tw {                 /* a training weight */
	uint16_t cls;
	float w;
	double u;                    /* sum of t * delta, for averaging */
};

struct feat_tf {                 /* a training feature */
	uint64_t key;
	uint32_t off, n, cap;        /* its weights: pool[off .. off+n) */
};

struct feat_train {
	struct feat_tf *f;
	size_t nf, capf;
	uint32_t *map;               /* open addressing: index + 1 into f, 0 = empty */
	size_t mapmask;
	struct feat_tw *pool;
	size_t npool, cappool;
	uint32_t nclass;
	uint64_t t;                  /* number of training instances seen (for averaging) */
};

int feat_train_init(struct feat_train *ft, uint32_t nclass);
void feat_train_release(struct feat_train *ft);
/* scores[c] += current weights of the keys (float). */
void feat_train_score(const struct feat_train *ft, const uint64_t *keys, size_t n, float *scores);
/* Add delta to the weight of class cls in every key.  0, or -1 when out of memory. */
int feat_train_update(struct feat_train *ft, const uint64_t *keys, size_t n, unsigned cls,
                      float delta);

/* The averaged weights, quantized to int16 with one scale and pruned (weights below `prune` in
 * magnitude, in units of one perceptron update, are dropped), as arrays ready to write or use. */
struct feat_export {
	struct feat_slot *slot;
	size_t nslot;
	struct feat_entry *ent;
	size_t nent;
	float scale;                 /* quantized = round(weight * scale) */
};
int feat_export(const struct feat_train *ft, float prune, struct feat_export *out);
/* The smallest pruning threshold, at least `prune`, whose export takes at most max_bytes. */
float feat_prune_for(const struct feat_train *ft, float prune, size_t max_bytes);
void feat_export_model(const struct feat_export *x, uint32_t nclass, struct feat_model *m);
void feat_export_release(struct feat_export *x);

#endif
