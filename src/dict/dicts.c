/* dicts.c -- dyad_dicts: which source files, the cache of compiled images, and the public
 * calls around them (open, compile, load, check, stats, entries).  The cache file's name is a
 * hash of every source's path, size and modification time and of the image format version, so
 * any change to a source compiles a new image. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dict/dict.h"
#include "util/error.h"
#include "util/mem.h"

#define MAXFILES 4096

struct srcfile {
	char *path;
	enum dict_kind kind;
};

struct srclist {
	struct srcfile *f;
	size_t n, cap;
};

static void srclist_release(struct srclist *l)
{
	for (size_t i = 0; i < l->n; i++) dyad_free(l->f[i].path);
	dyad_free(l->f);
	memset(l, 0, sizeof *l);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static dyad_status add_file(struct srclist *l, const char *path, enum dict_kind kind)
{
	if (mem_grow(&l->f, &l->cap, l->n + 1, sizeof *l->f, MAXFILES) < 0) return DYAD_ERR_NOMEM;
	if (!(l->f[l->n].path = dyad_strdup(path))) return DYAD_ERR_NOMEM;
	l->f[l->n++].kind = kind;
	return DYAD_OK;
}

/* Expand PATHS: directories into their dictionary files (sorted; files whose name tells no
 * kind are skipped, and README/LICENSE-like files are not dictionaries). */
static dyad_status expand(const char *const *paths, size_t npaths, struct srclist *l,
                          const struct dyad_dicts_opts *o, struct dyad_error *err)
{
	for (size_t i = 0; i < npaths; i++) {
		struct stat st;
		if (stat(paths[i], &st) != 0) {
			dyad_error_set(err, "%s: %s", paths[i], strerror(errno));
			return DYAD_ERR_IO;
		}
		if (!S_ISDIR(st.st_mode)) {
			dyad_status s = add_file(l, paths[i], dict_classify(paths[i]));
			if (s != DYAD_OK) return s;
			continue;
		}
		DIR *d = opendir(paths[i]);
		struct dirent *de;
		char **names = NULL;
		size_t nn = 0, cap = 0;
		if (!d) {
			dyad_error_set(err, "%s: %s", paths[i], strerror(errno));
			return DYAD_ERR_IO;
		}
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.') continue;
			if (mem_grow(&names, &cap, nn + 1, sizeof *names, MAXFILES) < 0 ||
			    !(names[nn] = dyad_malloc(strlen(paths[i]) + strlen(de->d_name) + 2))) {
				closedir(d);
				for (size_t k = 0; k < nn; k++) dyad_free(names[k]);
				dyad_free(names);
				return DYAD_ERR_NOMEM;
			}
			sprintf(names[nn++], "%s/%s", paths[i], de->d_name);
		}
		closedir(d);
		if (nn) qsort(names, nn, sizeof *names, cmp_str);
		dyad_status s = DYAD_OK;
		for (size_t k = 0; k < nn; k++) {
			enum dict_kind kind = dict_classify(names[k]);
			struct stat fs;
			if (s == DYAD_OK && kind != DICT_K_NONE && stat(names[k], &fs) == 0 &&
			    S_ISREG(fs.st_mode))
				s = add_file(l, names[k], kind);
			else if (s == DYAD_OK && kind == DICT_K_NONE && o && o->problem) {
				const char *b = strrchr(names[k], '/');
				b = b ? b + 1 : names[k];
				if (strncmp(b, "README", 6) && strncmp(b, "LICENSE", 7)) {
					char msg[600];
					snprintf(msg, sizeof msg, "%s: not a dictionary name (skipped): it should "
					         "contain verbs, actors, agents, discards, issue or preposition",
					         names[k]);
					o->problem(o->problem_arg, msg);
				}
			}
			dyad_free(names[k]);
		}
		dyad_free(names);
		if (s != DYAD_OK) return s;
	}
	return DYAD_OK;
}

static dyad_status build(const struct srclist *l, const struct dyad_dicts_opts *o,
                         struct dict_build **out, struct dyad_error *err)
{
	struct dict_build *b = dict_build_new(o ? o->problem : NULL, o ? o->problem_arg : NULL);
	if (!b) {
		dyad_error_set(err, "out of memory");
		return DYAD_ERR_NOMEM;
	}
	for (size_t i = 0; i < l->n; i++) {
		dyad_status s = dict_load_file(b, l->f[i].path, l->f[i].kind);
		if (s == DYAD_ERR_NOMEM) {
			dict_build_free(b);
			dyad_error_set(err, "%s: out of memory", l->f[i].path);
			return s;
		}
	}
	*out = b;
	return DYAD_OK;
}

dyad_status dyad_dicts_compile(const char *const *paths, size_t npaths, const char *out_path,
                               const struct dyad_dicts_opts *o, struct dyad_error *err)
{
	struct srclist l = {0};
	struct dict_build *b = NULL;
	dyad_status s = expand(paths, npaths, &l, o, err);
	if (s == DYAD_OK) s = build(&l, o, &b, err);
	if (s == DYAD_OK) s = dict_build_write(b, out_path, err);
	dict_build_free(b);
	srclist_release(&l);
	return s;
}

dyad_status dyad_dicts_check(const char *const *paths, size_t npaths,
                             const struct dyad_dicts_opts *o, size_t *nproblems,
                             struct dyad_error *err)
{
	struct srclist l = {0};
	struct dict_build *b = NULL;
	dyad_status s = expand(paths, npaths, &l, o, err);
	*nproblems = 0;
	if (s == DYAD_OK) s = build(&l, o, &b, err);
	if (b) *nproblems = dict_build_nproblems(b);
	dict_build_free(b);
	srclist_release(&l);
	return s;
}

dyad_status dyad_dicts_load(dyad_dicts **out, const char *image_path, struct dyad_error *err)
{
	dyad_dicts *d = dyad_calloc(1, sizeof *d);
	dyad_status s;
	*out = NULL;
	if (!d || !(d->path = dyad_strdup(image_path))) {
		dyad_free(d);
		dyad_error_set(err, "out of memory");
		return DYAD_ERR_NOMEM;
	}
	s = image_open(&d->im, image_path, DICT_MAGIC, DICT_VERSION, err);
	if (s == DYAD_OK && (s = dict_view_init(&d->v, &d->im, err)) != DYAD_OK) {
		char msg[1200];
		snprintf(msg, sizeof msg, "%s: %s", image_path, err ? err->msg : "");
		dyad_error_set(err, "%s", msg);
	}
	if (s != DYAD_OK) {
		dyad_dicts_free(d);
		return s;
	}
	*out = d;
	return DYAD_OK;
}

void dyad_dicts_free(dyad_dicts *d)
{
	if (!d) return;
	image_close(&d->im);
	dyad_free(d->path);
	dyad_free(d);
}

static int mkdirs(const char *path)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s", path);
	for (char *p = tmp + 1; *p; p++)
		if (*p == '/') {
			*p = 0;
			mkdir(tmp, 0755);
			*p = '/';
		}
	return mkdir(tmp, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

static int writable_dir(const char *dir)
{
	return mkdirs(dir) == 0 && access(dir, W_OK) == 0;
}

static void cache_dir(const struct dyad_dicts_opts *o, char *buf, size_t n)
{
	const char *x;
	if (o && o->cache_dir && *o->cache_dir) {
		snprintf(buf, n, "%s", o->cache_dir);
		if (writable_dir(buf)) return;
	}
	if ((x = getenv("XDG_CACHE_HOME")) && *x) {
		snprintf(buf, n, "%s/dyad", x);
		if (writable_dir(buf)) return;
	}
	if ((x = getenv("HOME")) && *x) {
		snprintf(buf, n, "%s/.cache/dyad", x);
		if (writable_dir(buf)) return;
	}
	x = getenv("TMPDIR");
	snprintf(buf, n, "%s/dyad-cache-%u", x && *x ? x : "/tmp", (unsigned)getuid());
	mkdirs(buf);
}

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 0x100000001B3ull;
	return h;
}

dyad_status dyad_dicts_open(dyad_dicts **out, const char *const *paths, size_t npaths,
                            const struct dyad_dicts_opts *o, struct dyad_error *err)
{
	struct srclist l = {0};
	uint64_t h = 0xCBF29CE484222325ull;
	uint32_t ver = DICT_VERSION;
	char dir[4096], path[4200], tmp[4300];
	dyad_status s;

	*out = NULL;
	if ((s = expand(paths, npaths, &l, o, err)) != DYAD_OK) goto done;
	h = mix(h, &ver, sizeof ver);
	for (size_t i = 0; i < l.n; i++) {
		struct stat st;
		char real[4096];
		const char *p = realpath(l.f[i].path, real) ? real : l.f[i].path;
		int64_t meta[4] = {0, 0, 0, l.f[i].kind};
		if (stat(l.f[i].path, &st) == 0) {
			meta[0] = (int64_t)st.st_size;
			meta[1] = (int64_t)st.st_mtim.tv_sec;
			meta[2] = (int64_t)st.st_mtim.tv_nsec;
		}
		h = mix(h, p, strlen(p) + 1);
		h = mix(h, meta, sizeof meta);
	}
	cache_dir(o, dir, sizeof dir);
	snprintf(path, sizeof path, "%s/dicts-%016llx.img", dir, (unsigned long long)h);
	if (!(o && o->rebuild) && access(path, R_OK) == 0 &&
	    dyad_dicts_load(out, path, NULL) == DYAD_OK)
		goto done;
	/* compile to a name of our own, then rename: concurrent runs never see half a file */
	struct dict_build *b = NULL;
	snprintf(tmp, sizeof tmp, "%s.%ld", path, (long)getpid());
	if ((s = build(&l, o, &b, err)) != DYAD_OK) goto done;
	s = dict_build_write(b, tmp, err);
	dict_build_free(b);
	if (s != DYAD_OK) goto done;
	if (rename(tmp, path) != 0) {
		dyad_error_set(err, "%s: %s", path, strerror(errno));
		unlink(tmp);
		s = DYAD_ERR_IO;
		goto done;
	}
	s = dyad_dicts_load(out, path, err);
	if (s == DYAD_OK) (*out)->compiled = 1;
done:
	srclist_release(&l);
	return s;
}

void dyad_dicts_stats(const dyad_dicts *d, struct dyad_dicts_stats *st)
{
	const struct dict_hdr *h = d->v.h;
	memset(st, 0, sizeof *st);
	st->image = d->path;
	st->image_bytes = d->im.size;
	st->compiled = d->compiled;
	st->files = h->nfiles;
	st->actors = h->nactors;
	st->agents = h->nagents;
	st->discards = h->ndiscards;
	st->issues = h->nissues;
	st->phrases = h->nphrases;
	st->overrides = h->noverrides;
	st->problems = h->nproblems;
	st->tokens = h->ntok ? h->ntok - 1 : 0;
	st->nodes = h->nnodes;
	st->codes = h->ncodes;
	st->synsets = h->nsyn;
	st->verb_blocks = h->nblk;
	st->verb_forms = h->nform;
	st->patterns = h->npat;
	st->transformations = h->ntrans;
	st->prepositions = h->npreps;
}

int dyad_dicts_entry(const dyad_dicts *d, uint32_t id, struct dyad_dict_entry *e)
{
	static const char *const kinds[] = {"?", "actor", "agent", "discard", "story discard",
	                                    "issue", "issue ignore"};
	const struct dict_view *v = &d->v;
	if (id >= v->h->nentries) return -1;
	const struct dict_entry *x = &v->entries[id];
	e->kind = x->kind < 7 ? kinds[x->kind] : "?";
	e->name = v->str + x->name;
	e->file = x->file < v->h->nfiles ? v->str + v->files[x->file] : "?";
	e->line = x->line;
	e->ncodes = x->ncodes;
	return 0;
}

int dyad_dicts_code(const dyad_dicts *d, uint32_t id, size_t i, struct dyad_dict_code *c)
{
	const struct dict_view *v = &d->v;
	if (id >= v->h->nentries || i >= v->entries[id].ncodes) return -1;
	const struct dict_code *x = &v->codes[v->entries[id].code0 + i];
	c->code = v->str + x->code;
	c->from = x->from;
	c->to = x->to;
	c->is_default = (x->flags & DICT_C_DEFAULT) != 0;
	return 0;
}
