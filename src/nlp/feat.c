/* feat.c -- hashed sparse linear models: training tables, averaging, quantization, pruning and
 * the run-time lookup table (see feat.h). */
#include <math.h>
#include <string.h>

#include "feat.h"
#include "util/mem.h"

uint64_t feat_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0xCBF29CE484222325ull;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001B3ull;
	}
	return feat_mix(h, n);
}

typedef int32_t vsum __attribute__((vector_size(32), aligned(8)));

/* gcc's vector extensions lower to whatever the target has; on x86 with glibc (ifunc) an AVX2
 * copy is also compiled and picked at load time when the processor has AVX2 */
#if (defined(__x86_64__) || defined(__i386__)) && defined(__gnu_linux__)
#define FEAT_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define FEAT_CLONES
#endif

FEAT_CLONES
void feat_vsum(const int32_t *const *v, int nv, uint32_t stride, int32_t *out)
{
	if (!nv) {
		memset(out, 0, stride * sizeof *out);
		return;
	}
	/* one block of 16 classes at a time, its running sum in registers */
	for (uint32_t j = 0; j < stride / 8; j += 2) {
		vsum a0 = ((const vsum *)v[0])[j], a1 = ((const vsum *)v[0])[j + 1];
		for (int i = 1; i < nv; i++) {
			a0 += ((const vsum *)v[i])[j];
			a1 += ((const vsum *)v[i])[j + 1];
		}
		memcpy(out + 8 * j, &a0, sizeof a0);
		memcpy(out + 8 * j + 8, &a1, sizeof a1);
	}
}

FEAT_CLONES
uint32_t feat_best(const int32_t *s, uint32_t from, uint32_t to, uint32_t skip)
{
	typedef int32_t v8 __attribute__((vector_size(32)));
	const v8 eight = {8, 8, 8, 8, 8, 8, 8, 8};
	const v8 lowest = {INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN,
	                   INT32_MIN, INT32_MIN};
	v8 idx = {0, 1, 2, 3, 4, 5, 6, 7}, m = lowest, mi = idx, lo = idx - idx + (int32_t)from,
	   hi = idx - idx + (int32_t)to, sk = idx - idx + (int32_t)skip;
	uint32_t best = from;
	int32_t top = INT32_MIN;
	/* per lane: the highest score and its first index; then the lanes compared */
	for (uint32_t c = 0; c < to; c += 8) {
		v8 x, in, gt;
		memcpy(&x, s + c, sizeof x);
		in = (idx >= lo) & (idx < hi) & (idx != sk);
		x = (x & in) | (lowest & ~in);
		gt = x > m;
		m = (x & gt) | (m & ~gt);
		mi = (idx & gt) | (mi & ~gt);
		idx += eight;
	}
	for (int j = 0; j < 8; j++)
		if (m[j] > top || (m[j] == top && (uint32_t)mi[j] < best)) {
			top = m[j];
			best = (uint32_t)mi[j];
		}
	return best;
}

/* The dense rows of the slots heavy[0..nheavy) (checked sound). */
static int dense_build(struct feat_dense *d, const struct feat_model *m, uint32_t min,
                       const uint32_t *heavy, uint32_t nheavy)
{
	uint32_t size = 16;

	memset(d, 0, sizeof *d);
	d->min = min;
	d->stride = (m->nclass + 15) & ~15u;
	while (size < 2 * nheavy) size *= 2;
	d->mask = size - 1;
	d->key = dyad_calloc(size, sizeof *d->key);
	d->row = dyad_calloc(size, sizeof *d->row);
	d->rows = dyad_calloc((size_t)nheavy * d->stride + 1, sizeof *d->rows);
	if (!d->key || !d->row || !d->rows) {
		feat_dense_release(d);
		return -1;
	}
	for (uint32_t r = 0; r < nheavy; r++) {
		uint32_t i = heavy[r], n = m->slot[i].ref & 0xFF, h = (i * 0x9E3779B1u) & d->mask;
		const struct feat_entry *e = m->ent + (m->slot[i].ref >> 8);
		int32_t *v = d->rows + (size_t)r * d->stride;
		while (d->key[h]) h = (h + 1) & d->mask;
		d->key[h] = i + 1;
		d->row[h] = r;
		for (uint32_t k = 0; k < n; k++) v[e[k].cls] += e[k].w;
	}
	d->nrow = nheavy;
	return 0;
}

int feat_check(const struct feat_model *m, struct feat_dense *d, uint32_t min)
{
	/* two linear passes (a walk from the slots into the entries would touch memory at random
	 * and dominate the load time): the slots point inside the entries, the classes are in
	 * range; the first pass also lists the slots that get a dense row */
	uint32_t empty = 0, nheavy = 0, *heavy = NULL;
	size_t cap = 0;
	int rc = 0;
	if (d) memset(d, 0, sizeof *d);
	for (uint32_t i = 0; i <= m->mask; i++) {
		uint32_t off = m->slot[i].ref >> 8, n = m->slot[i].ref & 0xFF;
		if (!m->slot[i].fp) {
			empty++;
			continue;
		}
		if (off > m->nent || n > m->nent - off) goto bad;
		if (d && n >= min) {
			if (mem_grow(&heavy, &cap, (size_t)nheavy + 1, sizeof *heavy, (size_t)1 << 30) < 0) {
				rc = -2;
				goto out;
			}
			heavy[nheavy++] = i;
		}
	}
	if (!empty) goto bad;   /* a lookup of an absent feature would never end */
	for (uint32_t k = 0; k < m->nent; k++)
		if (m->ent[k].cls >= m->nclass) goto bad;
	if (d && dense_build(d, m, min, heavy, nheavy) < 0) rc = -2;
	goto out;
bad:
	rc = -1;
out:
	dyad_free(heavy);
	return rc;
}

void feat_dense_release(struct feat_dense *d)
{
	dyad_free(d->key);
	dyad_free(d->row);
	dyad_free(d->rows);
	memset(d, 0, sizeof *d);
}

/* ---- training ---- */

int feat_train_init(struct feat_train *ft, uint32_t nclass)
{
	memset(ft, 0, sizeof *ft);
	ft->nclass = nclass;
	ft->mapmask = (1u << 16) - 1;
	ft->map = dyad_calloc(ft->mapmask + 1, sizeof *ft->map);
	return ft->map ? 0 : -1;
}

void feat_train_release(struct feat_train *ft)
{
	dyad_free(ft->f);
	dyad_free(ft->map);
	dyad_free(ft->pool);
	memset(ft, 0, sizeof *ft);
}

static const struct feat_tf *find(const struct feat_train *ft, uint64_t key)
{
	size_t i = (size_t)key & ft->mapmask;
	while (ft->map[i]) {
		const struct feat_tf *f = &ft->f[ft->map[i] - 1];
		if (f->key == key) return f;
		i = (i + 1) & ft->mapmask;
	}
	return NULL;
}

void feat_train_score(const struct feat_train *ft, const uint64_t *keys, size_t n, float *scores)
{
	for (size_t k = 0; k < n; k++) {
		const struct feat_tf *f = find(ft, keys[k]);
		if (!f) continue;
		for (uint32_t j = 0; j < f->n; j++) scores[ft->pool[f->off + j].cls] += ft->pool[f->off + j].w;
	}
}

static int rehash(struct feat_train *ft)
{
	size_t mask = ft->mapmask * 2 + 1;
	uint32_t *map = dyad_calloc(mask + 1, sizeof *map);
	if (!map) return -1;
	for (size_t j = 0; j < ft->nf; j++) {
		size_t i = (size_t)ft->f[j].key & mask;
		while (map[i]) i = (i + 1) & mask;
		map[i] = (uint32_t)j + 1;
	}
	dyad_free(ft->map);
	ft->map = map;
	ft->mapmask = mask;
	return 0;
}

/* The feature of KEY, created when absent; NULL when out of memory. */
static struct feat_tf *get(struct feat_train *ft, uint64_t key)
{
	size_t i = (size_t)key & ft->mapmask;
	struct feat_tf *f;
	while (ft->map[i]) {
		f = &ft->f[ft->map[i] - 1];
		if (f->key == key) return f;
		i = (i + 1) & ft->mapmask;
	}
	if (mem_grow(&ft->f, &ft->capf, ft->nf + 1, sizeof *ft->f, (size_t)1 << 31) < 0) return NULL;
	f = &ft->f[ft->nf++];
	f->key = key;
	f->off = f->n = f->cap = 0;
	ft->map[i] = (uint32_t)ft->nf;
	if (ft->nf * 2 > ft->mapmask && rehash(ft) < 0) return NULL;
	return &ft->f[ft->nf - 1];
}

int feat_train_update(struct feat_train *ft, const uint64_t *keys, size_t n, unsigned cls,
                      float delta)
{
	for (size_t k = 0; k < n; k++) {
		struct feat_tf *f = get(ft, keys[k]);
		struct feat_tw *w = NULL;
		if (!f) return -1;
		for (uint32_t j = 0; j < f->n; j++)
			if (ft->pool[f->off + j].cls == cls) {
				w = &ft->pool[f->off + j];
				break;
			}
		if (!w) {
			if (f->n == f->cap) {
				/* move the list to the end of the pool with twice the room */
				uint32_t cap = f->cap ? f->cap * 2 : 2;
				if (cap > ft->nclass) cap = ft->nclass;
				if (mem_grow(&ft->pool, &ft->cappool, ft->npool + cap, sizeof *ft->pool,
				             (size_t)1 << 32) < 0)
					return -1;
				if (f->n) memmove(ft->pool + ft->npool, ft->pool + f->off, f->n * sizeof *ft->pool);
				f->off = (uint32_t)ft->npool;
				f->cap = cap;
				ft->npool += cap;
			}
			w = &ft->pool[f->off + f->n++];
			w->cls = (uint16_t)cls;
			w->w = 0;
			w->u = 0;
		}
		w->w += delta;
		w->u += (double)ft->t * delta;
	}
	return 0;
}

static float averaged(const struct feat_train *ft, const struct feat_tw *w)
{
	return ft->t ? (float)(w->w - w->u / (double)ft->t) : w->w;
}

/* Is a weight worth keeping: at least `prune` in magnitude and not zero once quantized? */
static int keep(const struct feat_train *ft, const struct feat_tw *w, float prune, float scale)
{
	float a = averaged(ft, w);
	return fabsf(a) >= prune && fabsf(roundf(a * scale)) >= 1;
}

float feat_prune_for(const struct feat_train *ft, float prune, size_t max_bytes)
{
	static const float steps[] = {0.25f, 0.5f, 0.75f, 1, 1.5f, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64};
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		size_t nkeep = 0, nent = 0, nslot = 16;
		if (steps[i] < prune) continue;
		for (size_t j = 0; j < ft->nf; j++) {
			size_t k = 0;
			for (uint32_t e = 0; e < ft->f[j].n; e++)
				k += fabsf(averaged(ft, &ft->pool[ft->f[j].off + e])) >= steps[i];
			nkeep += k > 0;
			nent += k;
		}
		while (nslot * 7 < nkeep * 10) nslot *= 2;
		if (nslot * sizeof(struct feat_slot) + nent * sizeof(struct feat_entry) <= max_bytes)
			return steps[i];
	}
	return 64;
}

int feat_export(const struct feat_train *ft, float prune, struct feat_export *out)
{
	float maxw = 0;
	size_t nkeep = 0, nent = 0, nslot = 16;

	memset(out, 0, sizeof *out);
	for (size_t j = 0; j < ft->nf; j++)
		for (uint32_t e = 0; e < ft->f[j].n; e++) {
			float a = fabsf(averaged(ft, &ft->pool[ft->f[j].off + e]));
			if (a > maxw) maxw = a;
		}
	out->scale = maxw > 0 ? 32000.0f / maxw : 1.0f;
	/* count what survives pruning */
	for (size_t j = 0; j < ft->nf; j++) {
		const struct feat_tf *f = &ft->f[j];
		size_t k = 0;
		for (uint32_t e = 0; e < f->n; e++)
			if (keep(ft, &ft->pool[f->off + e], prune, out->scale)) k++;
		if (k) nkeep++;
		nent += k;
	}
	while (nslot * 7 < nkeep * 10) nslot *= 2;   /* load at most 0.7 */
	if (nent >= (1u << 24)) return -1;
	out->slot = dyad_calloc(nslot, sizeof *out->slot);
	out->ent = dyad_malloc((nent ? nent : 1) * sizeof *out->ent);
	if (!out->slot || !out->ent) {
		feat_export_release(out);
		return -1;
	}
	out->nslot = nslot;
	for (size_t j = 0; j < ft->nf; j++) {
		const struct feat_tf *f = &ft->f[j];
		size_t start = out->nent, i;
		uint32_t fp = (uint32_t)(f->key >> 32);
		for (uint32_t e = 0; e < f->n; e++) {
			float q = roundf(averaged(ft, &ft->pool[f->off + e]) * out->scale);
			if (!keep(ft, &ft->pool[f->off + e], prune, out->scale)) continue;
			out->ent[out->nent].cls = ft->pool[f->off + e].cls;
			out->ent[out->nent].w = (int16_t)(q > 32767 ? 32767 : q < -32767 ? -32767 : q);
			out->nent++;
		}
		if (out->nent == start) continue;
		/* sorted by class, so that a caller may score a range of classes alone */
		for (size_t a = start + 1; a < out->nent; a++)
			for (size_t b = a; b > start && out->ent[b - 1].cls > out->ent[b].cls; b--) {
				struct feat_entry tmp = out->ent[b];
				out->ent[b] = out->ent[b - 1];
				out->ent[b - 1] = tmp;
			}
		if (!fp) fp = 1;
		i = (size_t)f->key & (nslot - 1);
		while (out->slot[i].fp) i = (i + 1) & (nslot - 1);
		out->slot[i].fp = fp;
		out->slot[i].ref = (uint32_t)(start << 8 | (out->nent - start));
	}
	return 0;
}

void feat_export_model(const struct feat_export *x, uint32_t nclass, struct feat_model *m)
{
	m->slot = x->slot;
	m->mask = (uint32_t)(x->nslot - 1);
	m->ent = x->ent;
	m->nent = (uint32_t)x->nent;
	m->nclass = nclass;
}

void feat_export_release(struct feat_export *x)
{
	dyad_free(x->slot);
	dyad_free(x->ent);
	memset(x, 0, sizeof *x);
}
