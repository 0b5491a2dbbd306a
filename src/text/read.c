/* read.c -- the first stage: documents from plain-text files, directories, JSON Lines and stdin.
 *
 * A reader streams: it holds one line (or one plain-text file) at a time and, for a directory,
 * only the sorted listing of the directories it is inside, so memory does not grow with the
 * number of documents.  A bad document (invalid JSON, no text, too long, a bad date) is skipped
 * with an error naming FILE:LINE, counted, and reading goes on.
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "text.h"

#define DEFAULT_MAX_DOC (16u << 20)
#define MAX_DEPTH 64

enum kind { K_TEXT, K_JSONL };

struct dirlevel {
	char *path;
	char **names;
	size_t n, next;
};

struct dyad_reader {
	char *root;                 /* the path given */
	size_t max_doc;
	char *date;                 /* --date, or NULL */
	int root_done;

	struct dirlevel dirs[MAX_DEPTH];
	int depth;                  /* 0: not walking a directory */

	FILE *f;                    /* open JSONL file (or stdin) */
	char *fname;                /* its display name */
	enum kind kind;
	size_t lineno;
	char *line;                 /* current line */
	size_t linelen, linecap;
	char *buf;                  /* read-ahead block */
	size_t bufpos, buflen;
	int eof;

	size_t ndocs, nskipped;
};

#define BLOCK (64 * 1024)

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && strcmp(s + n - m, suf) == 0;
}

static int is_jsonl_name(const char *s) { return has_suffix(s, ".jsonl") || has_suffix(s, ".ndjson"); }

static char *join(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	char *r = dyad_malloc(n + m + 2);
	if (!r) return NULL;
	memcpy(r, a, n);
	r[n] = '/';
	memcpy(r + n + 1, b, m + 1);
	if (n && a[n - 1] == '/') memmove(r + n, r + n + 1, m + 1);
	return r;
}

/* A YYYY-MM-DD date found in s, copied to out[11]; 0 when none. */
static int date_in(const char *s, char out[11])
{
	for (; *s; s++) {
		const char *p = s;
		int ok = 1;
		for (int i = 0; i < 10 && ok; i++) {
			if (!p[i]) { ok = 0; break; }
			ok = (i == 4 || i == 7) ? p[i] == '-' : (p[i] >= '0' && p[i] <= '9');
		}
		if (ok) {
			int mo = (p[5] - '0') * 10 + (p[6] - '0'), dy = (p[8] - '0') * 10 + (p[9] - '0');
			if (mo >= 1 && mo <= 12 && dy >= 1 && dy <= 31) {
				memcpy(out, p, 10);
				out[10] = 0;
				return 1;
			}
		}
	}
	return 0;
}

/* Is s exactly a date (optionally followed by a time "T...")? */
static int valid_date(const char *s)
{
	char d[11];
	return strlen(s) >= 10 && date_in(s, d) && memcmp(d, s, 10) == 0 &&
	       (s[10] == 0 || s[10] == 'T' || s[10] == ' ');
}

dyad_status dyad_reader_open(dyad_reader **out, const char *path,
                             const struct dyad_reader_opts *opts, struct dyad_error *err)
{
	struct dyad_reader *r;
	struct stat stt;

	*out = NULL;
	if (strcmp(path, "-") != 0) {
		if (stat(path, &stt) != 0) {
			dyad_error_set(err, "%s: %s", path, strerror(errno));
			return DYAD_ERR_IO;
		}
	}
	if (opts && opts->date && !valid_date(opts->date)) {
		dyad_error_set(err, "bad date '%s' (expected YYYY-MM-DD)", opts->date);
		return DYAD_ERR_USAGE;
	}
	r = dyad_calloc(1, sizeof *r);
	if (!r) goto nomem;
	r->root = dyad_strdup(path);
	r->buf = dyad_malloc(BLOCK);
	r->max_doc = opts && opts->max_doc_bytes ? opts->max_doc_bytes : DEFAULT_MAX_DOC;
	if (opts && opts->date) r->date = dyad_strdup(opts->date);
	if (!r->root || !r->buf || (opts && opts->date && !r->date)) goto nomem;
	*out = r;
	return DYAD_OK;
nomem:
	dyad_reader_free(r);
	dyad_error_set(err, "out of memory");
	return DYAD_ERR_NOMEM;
}

static void close_file(struct dyad_reader *r)
{
	if (r->f && r->f != stdin) fclose(r->f);
	r->f = NULL;
	dyad_free(r->fname);
	r->fname = NULL;
	r->bufpos = r->buflen = 0;
	r->eof = 0;
	r->lineno = 0;
}

void dyad_reader_free(dyad_reader *r)
{
	if (!r) return;
	close_file(r);
	while (r->depth > 0) {
		struct dirlevel *l = &r->dirs[--r->depth];
		for (size_t i = 0; i < l->n; i++) dyad_free(l->names[i]);
		dyad_free(l->names);
		dyad_free(l->path);
	}
	dyad_free(r->root);
	dyad_free(r->date);
	dyad_free(r->line);
	dyad_free(r->buf);
	dyad_free(r);
}

size_t dyad_reader_ndocs(const dyad_reader *r) { return r->ndocs; }
size_t dyad_reader_nskipped(const dyad_reader *r) { return r->nskipped; }

/* Read the next line of r->f into r->line.  Returns 1 with a line, 0 at end of file, -1 when the
 * line was longer than max_doc (it is consumed and *toolong set to its length), -2 on error. */
static int read_line(struct dyad_reader *r, size_t *toolong)
{
	int over = 0;
	size_t total = 0;

	r->linelen = 0;
	for (;;) {
		char *nl;
		size_t take;

		if (r->bufpos == r->buflen) {
			if (r->eof) break;
			r->buflen = fread(r->buf, 1, BLOCK, r->f);
			r->bufpos = 0;
			if (r->buflen == 0) {
				if (ferror(r->f)) return -2;
				r->eof = 1;
				break;
			}
		}
		nl = memchr(r->buf + r->bufpos, '\n', r->buflen - r->bufpos);
		take = nl ? (size_t)(nl - (r->buf + r->bufpos)) : r->buflen - r->bufpos;
		total += take;
		if (!over && r->linelen + take > r->max_doc) over = 1;
		if (!over) {
			if (mem_grow(&r->line, &r->linecap, r->linelen + take + 1, 1, r->max_doc + 1) < 0)
				return -2;
			memcpy(r->line + r->linelen, r->buf + r->bufpos, take);
			r->linelen += take;
		}
		r->bufpos += take;
		if (nl) {
			r->bufpos++;
			r->lineno++;
			goto done;
		}
	}
	if (total == 0 && r->linelen == 0) return 0;
	r->lineno++;
done:
	if (over) {
		*toolong = total;
		r->linelen = 0;
		return -1;
	}
	if (r->linelen && r->line[r->linelen - 1] == '\r') r->linelen--;
	r->line[r->linelen] = 0;
	return 1;
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* One JSON Lines record in r->line to DOC. */
static dyad_status parse_record(struct dyad_reader *r, dyad_doc *doc, struct dyad_error *err)
{
	json_error_t je;
	json_t *o = json_loadb(r->line, r->linelen, JSON_ALLOW_NUL, &je), *v;
	const char *text, *date;
	char idbuf[64];
	const char *id;
	dyad_status st = DYAD_ERR_INPUT;

	if (!o) {
		dyad_error_set(err, "%s:%zu: invalid JSON: %s", r->fname, r->lineno, je.text);
		return DYAD_ERR_INPUT;
	}
	if (!json_is_object(o)) {
		dyad_error_set(err, "%s:%zu: expected object", r->fname, r->lineno);
		goto out;
	}
	v = json_object_get(o, "text");
	if (!v) {
		dyad_error_set(err, "%s:%zu: missing 'text'", r->fname, r->lineno);
		goto out;
	}
	if (!json_is_string(v)) {
		dyad_error_set(err, "%s:%zu: 'text' must be a string", r->fname, r->lineno);
		goto out;
	}
	text = json_string_value(v);
	v = json_object_get(o, "id");
	if (json_is_string(v)) {
		id = json_string_value(v);
	} else if (json_is_integer(v)) {
		snprintf(idbuf, sizeof idbuf, "%lld", (long long)json_integer_value(v));
		id = idbuf;
	} else if (!v || json_is_null(v)) {
		snprintf(idbuf, sizeof idbuf, "%.40s:%zu", r->fname, r->lineno);
		id = idbuf;
	} else {
		dyad_error_set(err, "%s:%zu: 'id' must be a string or an integer", r->fname, r->lineno);
		goto out;
	}
	date = jstr(o, "date");
	if (json_object_get(o, "date") && !json_is_null(json_object_get(o, "date")) &&
	    (!date || !valid_date(date))) {
		dyad_error_set(err, "%s:%zu: bad date (expected \"YYYY-MM-DD\")", r->fname, r->lineno);
		goto out;
	}
	{
		char d10[11] = "";
		if (date) memcpy(d10, date, 10);
		else if (r->date) memcpy(d10, r->date, 11);
		st = dyad_doc_set(doc, id, d10, text, json_string_length(json_object_get(o, "text")), err);
	}
	if (st == DYAD_OK &&
	    dyad_doc_set_meta(doc, jstr(o, "title"), jstr(o, "url"), jstr(o, "source")) != DYAD_OK) {
		dyad_error_set(err, "out of memory");
		st = DYAD_ERR_NOMEM;
	}
out:
	json_decref(o);
	return st;
}

/* The next record of the open JSONL file; DYAD_END at its end. */
static dyad_status next_record(struct dyad_reader *r, dyad_doc *doc, struct dyad_error *err)
{
	for (;;) {
		size_t toolong = 0;
		int k = read_line(r, &toolong);
		size_t i;

		if (k == 0) return DYAD_END;
		if (k == -2) {
			dyad_error_set(err, "%s:%zu: %s", r->fname, r->lineno + 1,
			               ferror(r->f) ? strerror(errno) : "out of memory");
			return ferror(r->f) ? DYAD_ERR_IO : DYAD_ERR_NOMEM;
		}
		if (k == -1) {
			r->nskipped++;
			dyad_error_set(err, "%s:%zu: line too long (%zu bytes, limit %zu)", r->fname,
			               r->lineno, toolong, r->max_doc);
			return DYAD_ERR_INPUT;
		}
		for (i = 0; i < r->linelen && strchr(" \t\r", r->line[i]); i++) {}
		if (i == r->linelen) continue;      /* blank line */
		{
			dyad_status st = parse_record(r, doc, err);
			if (st == DYAD_OK) r->ndocs++;
			else if (st == DYAD_ERR_INPUT) r->nskipped++;
			return st;
		}
	}
}

/* A whole plain-text file (or stdin) as one document. */
static dyad_status read_text(struct dyad_reader *r, FILE *f, const char *path, const char *id,
                             dyad_doc *doc, struct dyad_error *err)
{
	char *data = NULL, d10[11] = "";
	size_t len = 0, cap = 0, k;
	dyad_status st;

	for (;;) {
		if (mem_grow(&data, &cap, len + BLOCK + 1, 1, r->max_doc + BLOCK + 1) < 0) {
			dyad_free(data);
			if (len + BLOCK + 1 > r->max_doc + BLOCK + 1) break;
			dyad_error_set(err, "%s: out of memory", path);
			return DYAD_ERR_NOMEM;
		}
		k = fread(data + len, 1, BLOCK, f);
		len += k;
		if (len > r->max_doc) break;
		if (k < BLOCK) break;
	}
	if (ferror(f)) {
		dyad_free(data);
		dyad_error_set(err, "%s: %s", path, strerror(errno));
		r->nskipped++;
		return DYAD_ERR_INPUT;
	}
	if (len > r->max_doc) {
		dyad_free(data);
		dyad_error_set(err, "%s: document too long (more than %zu bytes)", path, r->max_doc);
		r->nskipped++;
		return DYAD_ERR_INPUT;
	}
	if (r->date) memcpy(d10, r->date, 11);
	else date_in(id, d10);
	st = dyad_doc_set(doc, id, d10, data ? data : "", len, err);
	dyad_free(data);
	if (st == DYAD_OK) r->ndocs++;
	return st;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Push a directory level: its entries, sorted. */
static dyad_status push_dir(struct dyad_reader *r, const char *path, struct dyad_error *err)
{
	DIR *dir;
	struct dirent *e;
	struct dirlevel *l;
	size_t cap = 0;

	if (r->depth >= MAX_DEPTH) {
		dyad_error_set(err, "%s: directories nested too deep", path);
		return DYAD_ERR_INPUT;
	}
	dir = opendir(path);
	if (!dir) {
		dyad_error_set(err, "%s: %s", path, strerror(errno));
		return DYAD_ERR_INPUT;
	}
	l = &r->dirs[r->depth];
	memset(l, 0, sizeof *l);
	l->path = dyad_strdup(path);
	if (!l->path) goto nomem;
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.') continue;
		if (mem_grow(&l->names, &cap, l->n + 1, sizeof *l->names, (size_t)1 << 28) < 0) goto nomem;
		if (!(l->names[l->n] = dyad_strdup(e->d_name))) goto nomem;
		l->n++;
	}
	closedir(dir);
	qsort(l->names, l->n, sizeof *l->names, cmp_names);
	r->depth++;
	return DYAD_OK;
nomem:
	closedir(dir);
	for (size_t i = 0; i < l->n; i++) dyad_free(l->names[i]);
	dyad_free(l->names);
	dyad_free(l->path);
	dyad_error_set(err, "out of memory");
	return DYAD_ERR_NOMEM;
}

static void pop_dir(struct dyad_reader *r)
{
	struct dirlevel *l = &r->dirs[--r->depth];
	for (size_t i = 0; i < l->n; i++) dyad_free(l->names[i]);
	dyad_free(l->names);
	dyad_free(l->path);
}

/* Open PATH for reading: a JSONL file stays open for next_record; a text file is read whole.
 * ID is the document id of a text file. */
static dyad_status open_path(struct dyad_reader *r, const char *path, const char *id,
                             dyad_doc *doc, struct dyad_error *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	int jsonl = is_jsonl_name(path);

	if (!f) {
		dyad_error_set(err, "%s: %s", path, strerror(errno));
		r->nskipped++;
		return DYAD_ERR_INPUT;
	}
	if (f == stdin) {
		/* stdin: JSON Lines when it starts with '{' */
		int c;
		while ((c = getc(f)) != EOF && strchr(" \t\r\n", c)) {}
		if (c != EOF) ungetc(c, f);
		jsonl = c == '{';
	}
	if (jsonl) {
		r->f = f;
		r->fname = dyad_strdup(f == stdin ? "<stdin>" : path);
		if (!r->fname) {
			close_file(r);
			dyad_error_set(err, "out of memory");
			return DYAD_ERR_NOMEM;
		}
		return DYAD_END;     /* caller goes on with next_record */
	}
	{
		dyad_status st = read_text(r, f, path, id, doc, err);
		if (f != stdin) fclose(f);
		return st;
	}
}

dyad_status dyad_reader_next(dyad_reader *r, dyad_doc *doc, struct dyad_error *err)
{
	for (;;) {
		dyad_status st;

		if (r->f) {
			st = next_record(r, doc, err);
			if (st != DYAD_END) return st;
			close_file(r);
		}
		if (r->depth > 0) {
			struct dirlevel *l = &r->dirs[r->depth - 1];
			struct stat stt;
			char *path;

			if (l->next >= l->n) {
				pop_dir(r);
				continue;
			}
			path = join(l->path, l->names[l->next++]);
			if (!path) {
				dyad_error_set(err, "out of memory");
				return DYAD_ERR_NOMEM;
			}
			if (stat(path, &stt) != 0) {
				dyad_error_set(err, "%s: %s", path, strerror(errno));
				dyad_free(path);
				r->nskipped++;
				return DYAD_ERR_INPUT;
			}
			if (S_ISDIR(stt.st_mode)) {
				st = push_dir(r, path, err);
				dyad_free(path);
				if (st != DYAD_OK) return st;
				continue;
			}
			if (!S_ISREG(stt.st_mode) || !(has_suffix(path, ".txt") || is_jsonl_name(path))) {
				dyad_free(path);
				continue;
			}
			/* id: the path below the directory given */
			st = open_path(r, path, path + strlen(r->root) + (r->root[strlen(r->root) - 1] != '/'),
			               doc, err);
			dyad_free(path);
			if (st == DYAD_END) continue;
			return st;
		}
		if (r->root_done) return DYAD_END;
		r->root_done = 1;
		{
			struct stat stt;
			const char *base;
			if (strcmp(r->root, "-") != 0 && stat(r->root, &stt) == 0 && S_ISDIR(stt.st_mode)) {
				st = push_dir(r, r->root, err);
				if (st != DYAD_OK) return st;
				continue;
			}
			base = strrchr(r->root, '/');
			base = base ? base + 1 : r->root;
			st = open_path(r, r->root, strcmp(r->root, "-") == 0 ? "stdin" : base, doc, err);
			if (st == DYAD_END) continue;
			return st;
		}
	}
}
