/* mem.c -- the allocation funnel and the arena (see mem.h).  The funnel counts down an optional
 * failure budget so tests can exercise every out-of-memory path. */
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#include "dyad.h"
#include "mem.h"

static long fail_after = -1;

void dyad_mem_fail_after(long n) { fail_after = n; }

static int should_fail(void)
{
	if (fail_after < 0) return 0;
	if (fail_after == 0) return 1;
	fail_after--;
	return 0;
}

void *dyad_malloc(size_t n)
{
	if (should_fail()) return NULL;
	return malloc(n ? n : 1);
}

void *dyad_calloc(size_t n, size_t size)
{
	if (should_fail()) return NULL;
	return calloc(n ? n : 1, size ? size : 1);
}

void *dyad_realloc(void *p, size_t n)
{
	if (should_fail()) return NULL;
	return realloc(p, n ? n : 1);
}

void dyad_free(void *p) { free(p); }

char *dyad_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = dyad_malloc(n);
	if (d) memcpy(d, s, n);
	return d;
}

int mem_grow(void *pp, size_t *cap, size_t need, size_t size, size_t max)
{
	void **p = pp;
	size_t ncap;
	void *np;

	if (need <= *cap) return 0;
	if (need > max || need > SIZE_MAX / size / 2) return -1;
	ncap = *cap ? *cap : 16;
	while (ncap < need) ncap *= 2;
	if (ncap > max) ncap = max;
	np = dyad_realloc(*p, ncap * size);
	if (!np) return -1;
	*p = np;
	*cap = ncap;
	return 0;
}

struct arena_chunk {
	struct arena_chunk *prev;
	size_t size;
	_Alignas(8) unsigned char data[];
};

#define ARENA_MIN_CHUNK (64 * 1024)

void arena_init(struct arena *a, size_t max)
{
	a->head = NULL;
	a->used = a->total = 0;
	a->max = max ? max : ((size_t)1 << 30);
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c;
	size_t size;

	n = (n + 7) & ~(size_t)7;
	if (n == 0) n = 8;
	if (a->head && a->head->size - a->used >= n) {
		void *p = a->head->data + a->used;
		a->used += n;
		return p;
	}
	size = a->head ? a->head->size * 2 : ARENA_MIN_CHUNK;
	if (size < n) size = n;
	if (a->total + size > a->max) {
		size = n;
		if (a->total + size > a->max) return NULL;
	}
	c = dyad_malloc(sizeof *c + size);
	if (!c) return NULL;
	c->prev = a->head;
	c->size = size;
	a->head = c;
	a->total += size;
	a->used = n;
	return c->data;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *d = arena_alloc(a, n + 1);
	if (!d) return NULL;
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

void arena_reset(struct arena *a)
{
	struct arena_chunk *c = a->head, *keep = a->head;

	/* keep the newest (largest) chunk, free the rest */
	if (c) {
		c = c->prev;
		keep->prev = NULL;
	}
	while (c) {
		struct arena_chunk *p = c->prev;
		dyad_free(c);
		c = p;
	}
	a->head = keep;
	a->used = 0;
	a->total = keep ? keep->size : 0;
}

void arena_release(struct arena *a)
{
	arena_reset(a);
	dyad_free(a->head);
	a->head = NULL;
	a->total = a->used = 0;
}
