/* image.c -- mapping, checking and writing binary images (see image.h for the layout). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "image.h"
#include "mem.h"

#define HEADER 32

uint64_t image_checksum(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0x9E3779B97F4A7C15ull ^ n, k;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&k, s + i, 8);
		k *= 0xC2B2AE3D27D4EB4Full;
		k = (k << 31) | (k >> 33);
		h ^= k * 0x9E3779B185EBCA87ull;
		h = ((h << 27) | (h >> 37)) * 5 + 0x52DCE729;
	}
	for (; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001B3ull;
	}
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDull;
	h ^= h >> 33;
	return h;
}

dyad_status image_open(struct image *im, const char *path, const char magic[8], uint32_t version,
                       struct dyad_error *err)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	uint64_t fsize, sum;
	uint32_t nsec;
	void *base;

	memset(im, 0, sizeof *im);
	if (fd < 0) {
		dyad_error_set(err, "%s: %s", path, strerror(errno));
		return DYAD_ERR_IO;
	}
	if (fstat(fd, &st) != 0 || st.st_size < HEADER) {
		close(fd);
		dyad_error_set(err, "%s: not a dyad image (too short)", path);
		return DYAD_ERR_FORMAT;
	}
	base = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (base == MAP_FAILED) {
		dyad_error_set(err, "%s: %s", path, strerror(errno));
		return DYAD_ERR_IO;
	}
	im->base = base;
	im->size = (size_t)st.st_size;
	if (memcmp(im->base, magic, 8) != 0) {
		dyad_error_set(err, "%s: not a %.8s file", path, magic);
		goto bad;
	}
	memcpy(&im->version, im->base + 8, 4);
	memcpy(&nsec, im->base + 12, 4);
	memcpy(&fsize, im->base + 16, 8);
	memcpy(&sum, im->base + 24, 8);
	if (im->version != version) {
		dyad_error_set(err, "%s: format version %u, this dyad reads version %u (rebuild it)",
		               path, im->version, version);
		goto bad;
	}
	if (fsize != im->size) {
		dyad_error_set(err, "%s: truncated or padded (%zu bytes, header says %llu)", path,
		               im->size, (unsigned long long)fsize);
		goto bad;
	}
	if ((uint64_t)nsec * sizeof(struct image_section) > im->size - HEADER) {
		dyad_error_set(err, "%s: corrupt section table", path);
		goto bad;
	}
	if (image_checksum(im->base + HEADER, im->size - HEADER) != sum) {
		dyad_error_set(err, "%s: checksum mismatch (the file is corrupt)", path);
		goto bad;
	}
	im->sec = (const struct image_section *)(im->base + HEADER);
	im->nsec = nsec;
	for (uint32_t i = 0; i < nsec; i++)
		if (im->sec[i].offset > im->size || im->sec[i].size > im->size - im->sec[i].offset ||
		    im->sec[i].offset % 16) {
			dyad_error_set(err, "%s: section %u lies outside the file", path, i);
			goto bad;
		}
	return DYAD_OK;
bad:
	image_close(im);
	return DYAD_ERR_FORMAT;
}

const void *image_section(const struct image *im, uint32_t id, size_t *size)
{
	for (uint32_t i = 0; i < im->nsec; i++)
		if (im->sec[i].id == id) {
			if (size) *size = (size_t)im->sec[i].size;
			return im->base + im->sec[i].offset;
		}
	if (size) *size = 0;
	return NULL;
}

void image_close(struct image *im)
{
	if (im->base) munmap((void *)im->base, im->size);
	memset(im, 0, sizeof *im);
}

void image_writer_init(struct image_writer *w) { memset(w, 0, sizeof *w); }

int image_writer_add(struct image_writer *w, uint32_t id, const void *data, size_t size)
{
	void *copy;

	if (mem_grow(&w->sec, &w->capsec, w->n + 1, sizeof *w->sec, 1 << 16) < 0 ||
	    mem_grow(&w->data, &w->capdata, w->n + 1, sizeof *w->data, 1 << 16) < 0)
		return -1;
	copy = dyad_malloc(size);
	if (!copy) return -1;
	if (size) memcpy(copy, data, size);
	w->sec[w->n].id = id;
	w->sec[w->n].reserved = 0;
	w->sec[w->n].size = size;
	w->data[w->n] = copy;
	w->n++;
	return 0;
}

void image_writer_release(struct image_writer *w)
{
	for (size_t i = 0; i < w->n; i++) dyad_free(w->data[i]);
	dyad_free(w->data);
	dyad_free(w->sec);
	memset(w, 0, sizeof *w);
}

dyad_status image_write(struct image_writer *w, const char *path, const char magic[8],
                        uint32_t version, struct dyad_error *err)
{
	uint64_t off = HEADER + w->n * sizeof *w->sec, total, sum;
	uint32_t n32 = (uint32_t)w->n;
	unsigned char *buf;
	char tmp[4096];
	FILE *f;

	for (size_t i = 0; i < w->n; i++) {
		off = (off + 15) & ~(uint64_t)15;
		w->sec[i].offset = off;
		off += w->sec[i].size;
	}
	total = off;
	buf = dyad_calloc(1, (size_t)total);
	if (!buf) {
		dyad_error_set(err, "%s: out of memory", path);
		return DYAD_ERR_NOMEM;
	}
	memcpy(buf, magic, 8);
	memcpy(buf + 8, &version, 4);
	memcpy(buf + 12, &n32, 4);
	memcpy(buf + 16, &total, 8);
	if (w->n) memcpy(buf + HEADER, w->sec, w->n * sizeof *w->sec);
	for (size_t i = 0; i < w->n; i++)
		if (w->sec[i].size) memcpy(buf + w->sec[i].offset, w->data[i], (size_t)w->sec[i].size);
	sum = image_checksum(buf + HEADER, (size_t)total - HEADER);
	memcpy(buf + 24, &sum, 8);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	f = fopen(tmp, "wb");
	if (f) {
		int bad = fwrite(buf, 1, (size_t)total, f) != total;
		if (fclose(f) != 0 || bad) f = NULL;
	}
	if (!f) {
		dyad_error_set(err, "%s: %s", tmp, strerror(errno));
		dyad_free(buf);
		return DYAD_ERR_IO;
	}
	dyad_free(buf);
	if (rename(tmp, path) != 0) {
		dyad_error_set(err, "%s: %s", path, strerror(errno));
		return DYAD_ERR_IO;
	}
	return DYAD_OK;
}
