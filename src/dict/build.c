/* build.c -- from dictionary source files to a compiled image.  Reads each file line by line
 * (Latin-1 lines become UTF-8, comments go), hands lines to the loader of the file's kind,
 * interns strings and tokens, grows the phrase trie, and writes every table as an image
 * section that the matcher uses in place. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dict/dict.h"
#include "util/error.h"
#include "util/mem.h"

#define MAXLINE   8192
#define MAXITEMS  (1u << 26)

struct table {
	struct dict_slot *s;
	uint32_t mask;
	size_t count;
};

struct dict_build {
	dict_problem_fn fn;
	void *arg;
	size_t nproblems;

	char *str;
	size_t nstr, capstr;
	struct table strs, vocab, stems;
	uint32_t *toks;
	size_t ntok, captok;
	uint64_t stem_lens;

	struct dict_edge *edges;
	uint32_t emask;
	size_t ecount;
	struct dict_node *nodes;
	size_t nnodes, capnodes;
	struct dict_entry *entries;
	size_t nentries, capentries;
	struct dict_code *codes;
	size_t ncodes, capcodes;
	uint32_t *files;
	size_t nfiles, capfiles;

	struct dict_synset *syn;
	size_t nsyn, capsyn;
	struct dict_vblock *vblk;
	size_t nblk, capblk;
	struct dict_vform *vform;
	size_t nform, capform;
	struct dict_vpattern *vpat;
	size_t npat, cappat;
	uint32_t *velem;
	size_t nelem, capelem;
	struct dict_vtrans *vtrans;
	size_t ntrans, captrans;
	uint32_t *preps;
	size_t npreps, cappreps;

	size_t nphrases, noverrides;
	size_t nkind[8];
	int oom;
};

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = DICT_HASH0;
	for (size_t i = 0; i < n; i++) h = dict_hash_step(h, (unsigned char)s[i]);
	return h;
}

static int table_init(struct table *t, uint32_t size)
{
	t->s = dyad_calloc(size, sizeof *t->s);
	t->mask = size - 1;
	t->count = 0;
	return t->s ? 0 : -1;
}

/* The slot holding s, or the empty slot where it would go. */
static struct dict_slot *table_slot(const struct table *t, const char *str, const char *s,
                                    size_t n, uint32_t h)
{
	for (uint32_t i = h & t->mask;; i = (i + 1) & t->mask) {
		struct dict_slot *x = &t->s[i];
		if (!x->id) return x;
		if (x->hash == h && strncmp(str + x->str, s, n) == 0 && str[x->str + n] == 0) return x;
	}
}

static int table_grow(struct table *t)
{
	struct table nt;
	if (t->count * 2 < t->mask) return 0;
	if (table_init(&nt, (t->mask + 1) * 2) < 0) return -1;
	for (uint32_t i = 0; i <= t->mask; i++) {
		if (!t->s[i].id) continue;
		uint32_t j = t->s[i].hash & nt.mask;
		while (nt.s[j].id) j = (j + 1) & nt.mask;
		nt.s[j] = t->s[i];
	}
	nt.count = t->count;
	dyad_free(t->s);
	*t = nt;
	return 0;
}

static uint32_t str_add(struct dict_build *b, const char *s, size_t n)
{
	uint32_t off;
	if (b->nstr + n + 1 > 0x07FFFFFFu ||
	    mem_grow(&b->str, &b->capstr, b->nstr + n + 1, 1, 0x08000000u) < 0) {
		b->oom = 1;
		return 0;
	}
	off = (uint32_t)b->nstr;
	memcpy(b->str + off, s, n);
	b->str[off + n] = 0;
	b->nstr += n + 1;
	return off;
}

uint32_t dict_str(struct dict_build *b, const char *s, size_t n)
{
	uint32_t h = hash_bytes(s, n);
	struct dict_slot *x;

	if (n == 0) return 0;
	x = table_slot(&b->strs, b->str, s, n, h);
	if (x->id) return x->str;
	if (table_grow(&b->strs) < 0) {
		b->oom = 1;
		return 0;
	}
	x = table_slot(&b->strs, b->str, s, n, h);
	x->hash = h;
	x->str = str_add(b, s, n);
	x->id = 1;
	if (!x->str) {
		x->id = 0;
		return 0;
	}
	b->strs.count++;
	return x->str;
}

/* The token id of a normalized word, exact or stem; 0 when out of memory. */
static uint32_t token_id(struct dict_build *b, const char *s, size_t n, int stem)
{
	struct table *t = stem ? &b->stems : &b->vocab;
	uint32_t h = hash_bytes(s, n);
	struct dict_slot *x = table_slot(t, b->str, s, n, h);

	if (x->id) return x->id;
	if (table_grow(t) < 0 || mem_grow(&b->toks, &b->captok, b->ntok + 1, sizeof *b->toks,
	                                  MAXITEMS) < 0) {
		b->oom = 1;
		return 0;
	}
	x = table_slot(t, b->str, s, n, h);
	x->hash = h;
	x->str = dict_str(b, s, n);
	if (!x->str) return 0;
	x->id = (uint32_t)b->ntok;
	b->toks[b->ntok++] = x->str;
	t->count++;
	if (stem && n < 64) b->stem_lens |= (uint64_t)1 << n;
	return x->id;
}

static uint32_t edge_hash(uint32_t parent, uint32_t key)
{
	uint64_t k = ((uint64_t)parent << 32 | key) * 0x9E3779B97F4A7C15ull;
	return (uint32_t)(k >> 32);
}

static int edges_grow(struct dict_build *b)
{
	struct dict_edge *ne;
	uint32_t nmask;
	if (b->ecount * 2 < b->emask) return 0;
	nmask = b->emask * 2 + 1;
	ne = dyad_calloc((size_t)nmask + 1, sizeof *ne);
	if (!ne) return -1;
	for (uint32_t i = 0; i <= b->emask; i++) {
		struct dict_edge *e = &b->edges[i];
		if (!e->key) continue;
		uint32_t j = edge_hash(e->parent, e->key) & nmask;
		while (ne[j].key) j = (j + 1) & nmask;
		ne[j] = *e;
	}
	dyad_free(b->edges);
	b->edges = ne;
	b->emask = nmask;
	return 0;
}

/* The child of parent through key, created when absent; 0 when out of memory. */
static uint32_t child(struct dict_build *b, uint32_t parent, uint32_t key)
{
	uint32_t i;
	for (i = edge_hash(parent, key) & b->emask; b->edges[i].key; i = (i + 1) & b->emask)
		if (b->edges[i].parent == parent && b->edges[i].key == key) return b->edges[i].child;
	if (edges_grow(b) < 0 ||
	    mem_grow(&b->nodes, &b->capnodes, b->nnodes + 1, sizeof *b->nodes, MAXITEMS) < 0) {
		b->oom = 1;
		return 0;
	}
	for (i = edge_hash(parent, key) & b->emask; b->edges[i].key; i = (i + 1) & b->emask) {}
	b->edges[i].parent = parent;
	b->edges[i].key = key;
	b->edges[i].child = (uint32_t)b->nnodes;
	memset(&b->nodes[b->nnodes], 0, sizeof *b->nodes);
	if (key & DICT_GAP) b->nodes[parent].flags |= DICT_N_GAPKIDS;
	b->ecount++;
	return (uint32_t)b->nnodes++;
}

struct dict_build *dict_build_new(dict_problem_fn fn, void *arg)
{
	struct dict_build *b = dyad_calloc(1, sizeof *b);
	if (!b) return NULL;
	b->fn = fn;
	b->arg = arg;
	b->emask = (1u << 12) - 1;
	b->edges = dyad_calloc((size_t)b->emask + 1, sizeof *b->edges);
	if (!b->edges || table_init(&b->strs, 1u << 12) < 0 || table_init(&b->vocab, 1u << 12) < 0 ||
	    table_init(&b->stems, 1u << 10) < 0 ||
	    mem_grow(&b->nodes, &b->capnodes, DICT_NROOTS, sizeof *b->nodes, MAXITEMS) < 0 ||
	    mem_grow(&b->toks, &b->captok, 1, sizeof *b->toks, MAXITEMS) < 0 ||
	    (str_add(b, "", 0), b->oom) /* offset 0 is "" */ ) {
		dict_build_free(b);
		return NULL;
	}
	memset(b->nodes, 0, DICT_NROOTS * sizeof *b->nodes);
	b->nnodes = DICT_NROOTS;
	b->toks[0] = 0;
	b->ntok = 1;
	return b;
}

void dict_build_free(struct dict_build *b)
{
	if (!b) return;
	dyad_free(b->str);
	dyad_free(b->strs.s);
	dyad_free(b->vocab.s);
	dyad_free(b->stems.s);
	dyad_free(b->toks);
	dyad_free(b->edges);
	dyad_free(b->nodes);
	dyad_free(b->entries);
	dyad_free(b->codes);
	dyad_free(b->files);
	dyad_free(b->syn);
	dyad_free(b->vblk);
	dyad_free(b->vform);
	dyad_free(b->vpat);
	dyad_free(b->velem);
	dyad_free(b->vtrans);
	dyad_free(b->preps);
	dyad_free(b);
}

size_t dict_build_nproblems(const struct dict_build *b) { return b->nproblems; }

void dict_problem(struct dict_src *s, const char *fmt, ...)
{
	char msg[600];
	int k;
	va_list ap;

	s->b->nproblems++;
	if (!s->b->fn) return;
	k = snprintf(msg, sizeof msg, "%s:%u: ", s->path, s->line);
	if (k < 0) k = 0;
	va_start(ap, fmt);
	vsnprintf(msg + k, sizeof msg - (size_t)k, fmt, ap);
	va_end(ap);
	s->b->fn(s->b->arg, msg);
}

int dict_entry_begin(struct dict_build *b, int kind, uint32_t file, uint32_t line,
                     const char *name, size_t nlen)
{
	struct dict_entry *e;
	if (mem_grow(&b->entries, &b->capentries, b->nentries + 1, sizeof *b->entries, MAXITEMS) < 0) {
		b->oom = 1;
		return -1;
	}
	e = &b->entries[b->nentries++];
	memset(e, 0, sizeof *e);
	e->kind = (uint8_t)kind;
	e->file = (uint16_t)file;
	e->line = line;
	e->name = dict_str(b, name, nlen);
	e->code0 = (uint32_t)b->ncodes;
	if (kind < 8) b->nkind[kind]++;
	return b->oom ? -1 : 0;
}

size_t dict_entry_ncodes(const struct dict_build *b)
{
	return b->nentries ? b->entries[b->nentries - 1].ncodes : 0;
}

int dict_entry_code(struct dict_build *b, const char *code, size_t n, uint32_t from, uint32_t to,
                    int is_default)
{
	struct dict_entry *e;
	struct dict_code *c;
	if (!b->nentries) return 0;
	if (mem_grow(&b->codes, &b->capcodes, b->ncodes + 1, sizeof *b->codes, MAXITEMS) < 0) {
		b->oom = 1;
		return -1;
	}
	e = &b->entries[b->nentries - 1];
	c = &b->codes[b->ncodes++];
	c->code = dict_str(b, code, n);
	c->from = from;
	c->to = to;
	c->flags = is_default ? DICT_C_DEFAULT : 0;
	if (!is_default) e->flags |= DICT_EF_DATED;
	e->ncodes++;
	return b->oom ? -1 : 0;
}

static int is_alpha_token(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (unsigned char)s[i] >= 0x80)) return 0;
	return 1;
}

int dict_entry_phrase(struct dict_src *s, int root, const char *phrase, size_t n, int gaps,
                      int stem)
{
	struct dict_build *b = s->b;
	char buf[DICT_MAXPHRASE * DICT_MAXTOK];
	const char *toks[DICT_MAXPHRASE];
	size_t lens[DICT_MAXPHRASE];
	uint8_t gap[DICT_MAXPHRASE];
	int nt = dict_split(phrase, n, gaps, buf, sizeof buf, toks, lens, gap);
	uint32_t node = (uint32_t)root, ent;
	struct dict_node *nd;

	if (!b->nentries) return 0;
	if (nt <= 0) {
		dict_problem(s, nt == 0 ? "empty phrase" : "phrase '%.*s' has too many or too long words",
		             (int)(n > 80 ? 80 : n), phrase);
		return 0;
	}
	for (int i = 0; i < nt; i++) {
		int st = stem && i == nt - 1 && lens[i] >= DICT_MINSTEM && is_alpha_token(toks[i], lens[i]);
		uint32_t id = token_id(b, toks[i], lens[i], st);
		if (!id) return -1;
		node = child(b, node, id | (gap[i] ? DICT_GAP : 0));
		if (!node) return -1;
	}
	ent = (uint32_t)b->nentries;       /* index + 1 */
	nd = &b->nodes[node];
	if (b->entries[ent - 1].kind == DICT_E_AGENT) {
		if (nd->agent && nd->agent != ent) b->noverrides++;
		nd->agent = ent;
	} else {
		if (nd->entry && nd->entry != ent) b->noverrides++;
		nd->entry = ent;
	}
	b->nphrases++;
	return 0;
}

#define GROW_ADD(arr, n, cap, item) \
	do { \
		if (mem_grow(&(arr), &(cap), (n) + 1, sizeof *(arr), MAXITEMS) < 0) { b->oom = 1; return -1; } \
		(arr)[(n)++] = (item); \
	} while (0)

int dict_verb_add_synset(struct dict_build *b, struct dict_synset *sy) { GROW_ADD(b->syn, b->nsyn, b->capsyn, *sy); return 0; }
int dict_verb_add_elem(struct dict_build *b, uint32_t e) { GROW_ADD(b->velem, b->nelem, b->capelem, e); return 0; }
uint32_t dict_verb_nelem(const struct dict_build *b) { return (uint32_t)b->nelem; }
void dict_verb_trim_elems(struct dict_build *b, uint32_t n) { if (n < b->nelem) b->nelem = n; }
int dict_verb_add_block(struct dict_build *b, const struct dict_vblock *bl) { GROW_ADD(b->vblk, b->nblk, b->capblk, *bl); return 0; }
uint32_t dict_verb_nblocks(const struct dict_build *b) { return (uint32_t)b->nblk; }
int dict_verb_add_form(struct dict_build *b, const struct dict_vform *f) { GROW_ADD(b->vform, b->nform, b->capform, *f); return 0; }
int dict_verb_add_pattern(struct dict_build *b, const struct dict_vpattern *p) { GROW_ADD(b->vpat, b->npat, b->cappat, *p); return 0; }
int dict_verb_add_trans(struct dict_build *b, const struct dict_vtrans *t) { GROW_ADD(b->vtrans, b->ntrans, b->captrans, *t); return 0; }
int dict_add_prep(struct dict_build *b, uint32_t str) { GROW_ADD(b->preps, b->npreps, b->cappreps, str); return 0; }

void dict_verb_synset_close(struct dict_build *b, int k)
{
	b->syn[k].nelem = (uint32_t)b->nelem - b->syn[k].elem0;
}

int dict_verb_find_synset(const struct dict_build *b, const char *name, size_t n)
{
	for (size_t i = b->nsyn; i-- > 0;) {
		const char *x = b->str + b->syn[i].name;
		if (strncmp(x, name, n) == 0 && x[n] == 0) return (int)i;
	}
	return -1;
}

/* ---- reading files ---- */

enum dict_kind dict_classify(const char *path)
{
	const char *base = strrchr(path, '/');
	char low[256];
	size_t i;

	base = base ? base + 1 : path;
	for (i = 0; base[i] && i + 1 < sizeof low; i++)
		low[i] = (char)(base[i] >= 'A' && base[i] <= 'Z' ? base[i] + 32 : base[i]);
	low[i] = 0;
	if (strstr(low, "verbs")) return DICT_K_VERBS;
	if (strstr(low, "actors")) return DICT_K_ACTORS;
	if (strstr(low, "agents")) return DICT_K_AGENTS;
	if (strstr(low, "discards")) return DICT_K_DISCARDS;
	if (strstr(low, "issue")) return DICT_K_ISSUES;
	if (strstr(low, "preposition")) return DICT_K_PREPS;
	return DICT_K_NONE;
}

/* Is s[0..n) valid UTF-8? */
static int valid_utf8(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		size_t k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
		if (!k || i + k > n || (k == 2 && c < 0xC2)) return 0;
		for (size_t j = 1; j < k; j++)
			if ((s[i + j] & 0xC0) != 0x80) return 0;
		i += k;
	}
	return 1;
}

size_t dict_strip(struct dict_src *s, char *line, size_t n)
{
	char *p;
	size_t i = 0;

	while (i < n && (line[i] == ' ' || line[i] == '\t')) i++;
	if (s->in_comment) {
		p = strstr(line, "-->");
		if (p) s->in_comment = 0;
		return 0;
	}
	if (strncmp(line + i, "<!--", 4) == 0) {
		if (!strstr(line + i + 4, "-->")) s->in_comment = 1;
		return 0;
	}
	if ((p = strchr(line, '#'))) n = (size_t)(p - line);
	line[n] = 0;
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r')) n--;
	line[n] = 0;
	for (i = 0; i < n && (line[i] == ' ' || line[i] == '\t'); i++) {}
	return i == n ? 0 : n;
}

static const char *kind_name(enum dict_kind k)
{
	static const char *const names[] = {"?", "actors", "agents", "verbs", "discards", "issues",
	                                    "prepositions"};
	return names[k];
}

dyad_status dict_load_file(struct dict_build *b, const char *path, enum dict_kind kind)
{
	struct dict_src s = {b, path, 0, 0, 0, NULL};
	char line[MAXLINE];
	FILE *f = fopen(path, "rb");
	const char *base;
	int c;

	if (!f) {
		char msg[600];
		b->nproblems++;
		snprintf(msg, sizeof msg, "%s: %s", path, strerror(errno));
		if (b->fn) b->fn(b->arg, msg);
		return DYAD_ERR_IO;
	}
	if (kind == DICT_K_NONE) kind = dict_classify(path);
	if (kind == DICT_K_NONE) {
		fclose(f);
		dict_problem(&s, "cannot tell the kind of dictionary from the file name "
		             "(it should contain verbs, actors, agents, discards, issue or preposition)");
		return DYAD_ERR_INPUT;
	}
	base = strrchr(path, '/');
	s.file = dict_str(b, base ? base + 1 : path, strlen(base ? base + 1 : path));
	if (mem_grow(&b->files, &b->capfiles, b->nfiles + 1, sizeof *b->files, 1 << 16) < 0) {
		fclose(f);
		return DYAD_ERR_NOMEM;
	}
	b->files[b->nfiles] = s.file;
	s.file = (uint32_t)b->nfiles++;

	for (;;) {
		size_t n = 0;
		int too_long = 0;
		while ((c = getc(f)) != EOF && c != '\n') {
			if (n + 1 < MAXLINE / 2) line[n++] = (char)c;
			else too_long = 1;
		}
		if (c == EOF && n == 0) break;
		s.line++;
		line[n] = 0;
		if (too_long) {
			dict_problem(&s, "line longer than %d bytes", MAXLINE / 2);
			continue;
		}
		if (memchr(line, 0, n)) {
			dict_problem(&s, "NUL byte in line");
			continue;
		}
		if (!valid_utf8((unsigned char *)line, n)) {
			/* a Latin-1 line (older dictionaries): re-encode as UTF-8 */
			char tmp[MAXLINE / 2];
			memcpy(tmp, line, n);
			size_t o = 0;
			for (size_t i = 0; i < n; i++) {
				unsigned char ch = (unsigned char)tmp[i];
				if (ch < 0x80) line[o++] = (char)ch;
				else {
					line[o++] = (char)(0xC0 | ch >> 6);
					line[o++] = (char)(0x80 | (ch & 0x3F));
				}
			}
			n = o;
			line[n] = 0;
		}
		n = dict_strip(&s, line, n);
		if (!n) continue;
		int r = 0;
		switch (kind) {
		case DICT_K_ACTORS: r = dict_load_actors_line(&s, line, n); break;
		case DICT_K_AGENTS: r = dict_load_agents_line(&s, line, n); break;
		case DICT_K_VERBS: r = dict_load_verbs_line(&s, line, n); break;
		case DICT_K_DISCARDS: r = dict_load_discards_line(&s, line, n); break;
		case DICT_K_ISSUES: r = dict_load_issues_line(&s, line, n); break;
		case DICT_K_PREPS: r = dict_load_preps_line(&s, line, n); break;
		default: break;
		}
		if (r < 0 || b->oom) break;
	}
	fclose(f);
	if (!b->oom) {
		if (kind == DICT_K_ACTORS) dict_load_actors_end(&s);
		if (kind == DICT_K_VERBS) dict_load_verbs_end(&s);
	}
	dyad_free(s.state);
	(void)kind_name;
	return b->oom ? DYAD_ERR_NOMEM : DYAD_OK;
}

/* ---- writing the image ---- */

static int add(struct image_writer *w, uint32_t id, const void *p, size_t n)
{
	static const uint32_t zero[4];
	return image_writer_add(w, id, n ? p : zero, n ? n : sizeof zero);
}

dyad_status dict_build_write(struct dict_build *b, const char *path, struct dyad_error *err)
{
	struct image_writer w;
	struct dict_hdr h;
	dyad_status st;
	int bad = 0;

	if (b->oom) {
		dyad_error_set(err, "out of memory while compiling dictionaries");
		return DYAD_ERR_NOMEM;
	}
	memset(&h, 0, sizeof h);
	h.vocab_mask = b->vocab.mask;
	h.stem_mask = b->stems.mask;
	h.edge_mask = b->emask;
	h.ntok = (uint32_t)b->ntok;
	h.nnodes = (uint32_t)b->nnodes;
	h.nentries = (uint32_t)b->nentries;
	h.ncodes = (uint32_t)b->ncodes;
	h.nfiles = (uint32_t)b->nfiles;
	h.nstr = (uint32_t)b->nstr;
	h.nsyn = (uint32_t)b->nsyn;
	h.nblk = (uint32_t)b->nblk;
	h.nform = (uint32_t)b->nform;
	h.npat = (uint32_t)b->npat;
	h.nelem = (uint32_t)b->nelem;
	h.ntrans = (uint32_t)b->ntrans;
	h.npreps = (uint32_t)b->npreps;
	h.nphrases = (uint32_t)b->nphrases;
	h.noverrides = (uint32_t)b->noverrides;
	h.nproblems = (uint32_t)b->nproblems;
	h.nactors = (uint32_t)b->nkind[DICT_E_ACTOR];
	h.nagents = (uint32_t)b->nkind[DICT_E_AGENT];
	h.ndiscards = (uint32_t)(b->nkind[DICT_E_DISCARD] + b->nkind[DICT_E_DISCARD_STORY]);
	h.nissues = (uint32_t)(b->nkind[DICT_E_ISSUE] + b->nkind[DICT_E_ISSUE_IGNORE]);
	h.stem_lens = b->stem_lens;

	image_writer_init(&w);
	bad |= add(&w, DICT_S_HDR, &h, sizeof h);
	bad |= add(&w, DICT_S_STR, b->str, b->nstr);
	bad |= add(&w, DICT_S_VOCAB, b->vocab.s, ((size_t)b->vocab.mask + 1) * sizeof *b->vocab.s);
	bad |= add(&w, DICT_S_STEMS, b->stems.s, ((size_t)b->stems.mask + 1) * sizeof *b->stems.s);
	bad |= add(&w, DICT_S_TOKS, b->toks, b->ntok * sizeof *b->toks);
	bad |= add(&w, DICT_S_EDGES, b->edges, ((size_t)b->emask + 1) * sizeof *b->edges);
	bad |= add(&w, DICT_S_NODES, b->nodes, b->nnodes * sizeof *b->nodes);
	bad |= add(&w, DICT_S_ENTRIES, b->entries, b->nentries * sizeof *b->entries);
	bad |= add(&w, DICT_S_CODES, b->codes, b->ncodes * sizeof *b->codes);
	bad |= add(&w, DICT_S_FILES, b->files, b->nfiles * sizeof *b->files);
	bad |= add(&w, DICT_S_VSYN, b->syn, b->nsyn * sizeof *b->syn);
	bad |= add(&w, DICT_S_VBLK, b->vblk, b->nblk * sizeof *b->vblk);
	bad |= add(&w, DICT_S_VFORM, b->vform, b->nform * sizeof *b->vform);
	bad |= add(&w, DICT_S_VPAT, b->vpat, b->npat * sizeof *b->vpat);
	bad |= add(&w, DICT_S_VELEM, b->velem, b->nelem * sizeof *b->velem);
	bad |= add(&w, DICT_S_VTRANS, b->vtrans, b->ntrans * sizeof *b->vtrans);
	bad |= add(&w, DICT_S_PREPS, b->preps, b->npreps * sizeof *b->preps);
	if (bad) {
		image_writer_release(&w);
		dyad_error_set(err, "out of memory while compiling dictionaries");
		return DYAD_ERR_NOMEM;
	}
	st = image_write(&w, path, DICT_MAGIC, DICT_VERSION, err);
	image_writer_release(&w);
	return st;
}
