/* mem.h -- the allocation funnel and the per-document arena.
 *
 * Every allocation in libdyad goes through dyad_malloc/dyad_realloc/dyad_free so that tests can
 * make allocation fail on purpose (dyad_mem_fail_after) and out-of-memory stays an ordinary
 * error code.  An arena hands out memory that lives until arena_reset: one document's worth.
 */
#ifndef DYAD_MEM_H
#define DYAD_MEM_H

#include <stddef.h>

void *dyad_malloc(size_t n);
void *dyad_calloc(size_t n, size_t size);
void *dyad_realloc(void *p, size_t n);
void dyad_free(void *p);
char *dyad_strdup(const char *s);

/* Grow *p (an array of *cap elements of size `size`) to hold at least `need` elements.
 * Returns 0 on success, -1 when out of memory or past `max` elements (then *p is unchanged). */
int mem_grow(void *pp, size_t *cap, size_t need, size_t size, size_t max);

struct arena_chunk;

struct arena {
	struct arena_chunk *head;   /* current chunk, chained to earlier ones */
	size_t used;                /* bytes used in head */
	size_t total;               /* bytes held in all chunks */
	size_t max;                 /* limit on total; 0 = 1 GiB */
};

void arena_init(struct arena *a, size_t max);
/* n bytes aligned to 8, or NULL when out of memory or past the arena's limit. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Forget everything allocated; keeps the largest chunk for the next document. */
void arena_reset(struct arena *a);
void arena_release(struct arena *a);

#endif
