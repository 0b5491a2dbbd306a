/* image.h -- read-only binary images: the file format of dyad's trained models and compiled
 * dictionaries.  A file is mapped with mmap and used in place, never parsed at start-up.
 *
 * Layout (all integers little-endian, as written by the machine that built it):
 *
 *   offset  size  field
 *   0       8     magic: 8 bytes naming the kind of file ("DYADTAG1", "DYADDICT"...)
 *   8       4     format version of that kind
 *   12      4     number of sections N
 *   16      8     total file size in bytes (a truncated file is caught here)
 *   24      8     checksum of every byte from offset 32 to the end (image_checksum)
 *   32      24*N  section table: { u32 id, u32 reserved (0), u64 offset, u64 size }
 *   ...           sections, each starting at a multiple of 16
 */
#ifndef DYAD_IMAGE_H
#define DYAD_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "dyad.h"

struct image_section {
	uint32_t id, reserved;
	uint64_t offset, size;
};

struct image {
	const unsigned char *base;   /* the mapped file */
	size_t size;
	const struct image_section *sec;
	uint32_t nsec;
	uint32_t version;
};

/* Map PATH and check magic, version, size, section table and checksum.  Returns DYAD_OK,
 * DYAD_ERR_IO (cannot open) or DYAD_ERR_FORMAT (err says what is wrong, naming the file). */
dyad_status image_open(struct image *im, const char *path, const char magic[8], uint32_t version,
                       struct dyad_error *err);
/* The section with this id (its size in *size), or NULL when absent. */
const void *image_section(const struct image *im, uint32_t id, size_t *size);
void image_close(struct image *im);

/* 64-bit checksum of n bytes (fast, word at a time; not cryptographic). */
uint64_t image_checksum(const void *p, size_t n);

/* Writing: sections are added in memory (copied), then written out at once. */
struct image_writer {
	struct image_section *sec;
	void **data;
	size_t n, capsec, capdata;
};

void image_writer_init(struct image_writer *w);
/* Copy SIZE bytes as section ID.  Returns 0, or -1 when out of memory. */
int image_writer_add(struct image_writer *w, uint32_t id, const void *data, size_t size);
/* Write the file (to PATH.tmp, then renamed over PATH). */
dyad_status image_write(struct image_writer *w, const char *path, const char magic[8],
                        uint32_t version, struct dyad_error *err);
void image_writer_release(struct image_writer *w);

#endif
