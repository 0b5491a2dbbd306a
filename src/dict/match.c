/* match.c -- actor recognition on a segmented document, straight from the mapped image.
 *
 * Per sentence: each word's token ids (one hash probe for the word, one per stem length that
 * exists), then from each word the longest phrase through the trie (greedy, left to right);
 * then composition over the matches: country + agent ("Syrian army" -> SYRMIL), a title and a
 * name ("Brazilian Foreign Minister Mauro Vieira" -> BRAGOV), "ORG, title Name", and a table of
 * names per document so that a later bare "Vieira" keeps the code.  The cost per word does not
 * depend on the size of the dictionaries.
 */
#include <stdio.h>
#include <ctype.h>
#include <string.h>
#include <utf8proc.h>

#include "doc.h"
#include "dict/dict.h"
#include "util/error.h"

#define MAXCAND 6
#define NONE    UINT32_MAX

dyad_status dict_view_init(struct dict_view *v, const struct image *im, struct dyad_error *err)
{
	size_t n;
	memset(v, 0, sizeof *v);
	v->h = image_section(im, DICT_S_HDR, &n);
	if (!v->h || n < sizeof *v->h) goto bad;
#define SEC(field, id, count) \
	do { \
		v->field = image_section(im, id, &n); \
		if (!v->field || n < (size_t)(count) * sizeof *v->field) goto bad; \
	} while (0)
	SEC(str, DICT_S_STR, v->h->nstr);
	SEC(vocab, DICT_S_VOCAB, (size_t)v->h->vocab_mask + 1);
	SEC(stems, DICT_S_STEMS, (size_t)v->h->stem_mask + 1);
	SEC(toks, DICT_S_TOKS, v->h->ntok);
	SEC(edges, DICT_S_EDGES, (size_t)v->h->edge_mask + 1);
	SEC(nodes, DICT_S_NODES, v->h->nnodes);
	SEC(entries, DICT_S_ENTRIES, v->h->nentries);
	SEC(codes, DICT_S_CODES, v->h->ncodes);
	SEC(files, DICT_S_FILES, v->h->nfiles);
	SEC(syn, DICT_S_VSYN, v->h->nsyn);
	SEC(vblk, DICT_S_VBLK, v->h->nblk);
	SEC(vform, DICT_S_VFORM, v->h->nform);
	SEC(vpat, DICT_S_VPAT, v->h->npat);
	SEC(velem, DICT_S_VELEM, v->h->nelem);
	SEC(vtrans, DICT_S_VTRANS, v->h->ntrans);
	SEC(preps, DICT_S_PREPS, v->h->npreps);
#undef SEC
	if (v->h->nstr == 0 || v->str[v->h->nstr - 1] != 0 || v->h->nnodes < DICT_NROOTS) goto bad;
	return DYAD_OK;
bad:
	dyad_error_set(err, "dictionary image is inconsistent (a section is missing or short)");
	return DYAD_ERR_FORMAT;
}

static uint32_t probe(const struct dict_view *v, const struct dict_slot *t, uint32_t mask,
                      const char *s, size_t n, uint32_t h)
{
	for (uint32_t i = h & mask;; i = (i + 1) & mask) {
		const struct dict_slot *x = &t[i];
		if (!x->id) return 0;
		if (x->hash == h && memcmp(v->str + x->str, s, n) == 0 && v->str[x->str + n] == 0)
			return x->id;
	}
}

size_t dict_word_tokens(const struct dict_view *v, const char *w, size_t n, uint32_t *ids,
                        size_t max)
{
	char low[DICT_MAXTOK];
	size_t k = dict_norm(w, n, low), m = 0;
	uint32_t h = DICT_HASH0, id;
	uint64_t lens = v->h->stem_lens;

	if (!k) return 0;
	for (size_t i = 0; i < k; i++) {
		h = dict_hash_step(h, (unsigned char)low[i]);
		/* a stem does not reach into a glued capitalised word ("KerryThinkstock") */
		if (i + 1 >= DICT_MINSTEM && i + 1 < 64 && (lens >> (i + 1) & 1) && m < max &&
		    !(i + 1 < n && w[i + 1] >= 'A' && w[i + 1] <= 'Z') &&
		    (id = probe(v, v->stems, v->h->stem_mask, low, i + 1, h)))
			ids[m++] = id;
	}
	if (m < max && (id = probe(v, v->vocab, v->h->vocab_mask, low, k, h))) ids[m++] = id;
	return m;
}

uint32_t dict_child(const struct dict_view *v, uint32_t node, uint32_t key)
{
	uint64_t x = ((uint64_t)node << 32 | key) * 0x9E3779B97F4A7C15ull;
	uint32_t mask = v->h->edge_mask;
	for (uint32_t i = (uint32_t)(x >> 32) & mask;; i = (i + 1) & mask) {
		const struct dict_edge *e = &v->edges[i];
		if (!e->key) return 0;
		if (e->parent == node && e->key == key) return e->child;
	}
}

uint32_t dict_code_on(const struct dict_view *v, const struct dict_entry *e, uint32_t date)
{
	uint32_t best = NONE, dflt = NONE;
	for (uint32_t i = e->code0; i < e->code0 + e->ncodes && i < v->h->ncodes; i++) {
		const struct dict_code *c = &v->codes[i];
		if (c->flags & DICT_C_DEFAULT) {
			if (dflt == NONE) dflt = i;
			continue;
		}
		if (date) {
			if (c->from <= date && date <= c->to) return i;
		} else if (best == NONE || c->to > v->codes[best].to ||
		           (c->to == v->codes[best].to && c->from > v->codes[best].from)) {
			best = i;
		}
	}
	/* no date: a restriction still open wins, then the default, then the latest one */
	if (!date && best != NONE && v->codes[best].to != 99999999 && dflt != NONE) return dflt;
	return best != NONE ? best : dflt;
}

/* ---- per-sentence state ---- */

#define W_CAP   0x01   /* starts with an upper-case letter */
#define W_PUNCT 0x02   /* punctuation or symbol */
#define W_ALPHA 0x04   /* starts with a letter */
#define W_LOWER 0x08   /* has a lower-case letter */

struct wtok {
	uint32_t ids[MAXCAND];
	uint8_t n, flags;
};

struct raw {                    /* a dictionary match */
	uint32_t first, end;        /* sentence-relative words */
	uint32_t entry;             /* entry index */
	int agent;
};

struct entity {
	char key[128];
	const char *code;
	uint32_t entry, line;
	const char *file;
};

struct mctx {
	const struct dict_view *v;
	struct dyad_doc *d;
	const char *text;           /* normalized text */
	struct wtok *wt;            /* words of the sentence */
	uint32_t n;                 /* words in the sentence */
	uint32_t base;              /* index of its first word in the document */
	uint32_t *ncap;             /* ncap[i]: capitalised words before i */
	int allcaps;
	uint32_t date;
	uint32_t best_end[2], best_entry[2];
	uint32_t start;
	struct entity *ent;
	size_t nent, capent;
	struct dyad_actor *out;
	size_t nout;
	uint32_t sent;
};

static unsigned word_flags(const char *s, size_t n)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);
	unsigned f = 0;
	if (k <= 0) return W_PUNCT;
	utf8proc_category_t c = utf8proc_category(cp);
	if (c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT) f |= W_CAP | W_ALPHA;
	else if (c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_LM)
		f |= W_ALPHA;
	else if (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO) f |= 0;
	else f |= W_PUNCT;
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 'a' && s[i] <= 'z') {
			f |= W_LOWER;
			break;
		}
	return f;
}

static void walk(struct mctx *c, uint32_t node, uint32_t pos);

static void visit(struct mctx *c, uint32_t node, uint32_t end)
{
	const struct dict_node *nd = &c->v->nodes[node];
	uint32_t ent[2] = {nd->entry, nd->agent};
	for (int k = 0; k < 2; k++) {
		if (!ent[k] || end <= c->best_end[k]) continue;
		/* an actor needs a capitalised word (names, not "us"), unless the sentence is in
		 * capitals; an agent is a common noun and may be lower case */
		if (k == 0 && !c->allcaps && c->ncap[end] == c->ncap[c->start]) continue;
		c->best_end[k] = end;
		c->best_entry[k] = ent[k] - 1;
	}
	walk(c, node, end);
}

static void walk(struct mctx *c, uint32_t node, uint32_t pos)
{
	const struct dict_view *v = c->v;
	if (pos >= c->n) return;
	for (uint32_t k = 0; k < c->wt[pos].n; k++) {
		uint32_t ch = dict_child(v, node, c->wt[pos].ids[k]);
		if (ch) visit(c, ch, pos + 1);
	}
	if (v->nodes[node].flags & DICT_N_GAPKIDS) {
		for (uint32_t p = pos; p < c->n && p <= pos + DICT_MAXGAP; p++) {
			if (c->wt[p].flags & W_PUNCT) break;
			for (uint32_t k = 0; k < c->wt[p].n; k++) {
				uint32_t ch = dict_child(v, node, c->wt[p].ids[k] | DICT_GAP);
				if (ch) visit(c, ch, p + 1);
			}
		}
	}
}

static const char *entry_code(struct mctx *c, uint32_t entry, int *dated)
{
	const struct dict_entry *e = &c->v->entries[entry];
	uint32_t i = dict_code_on(c->v, e, c->date);
	if (dated) *dated = i != NONE && !(c->v->codes[i].flags & DICT_C_DEFAULT);
	return i == NONE ? "---" : c->v->str + c->v->codes[i].code;
}

/* Actor code + agent code ("~GOV" appends, "NGO~" prepends); an actor that already has a
 * sector (more than a country) keeps its own code. */
static const char *compose(struct mctx *c, const char *actor, const char *agent)
{
	size_t an = strlen(actor), gn = strlen(agent);
	char buf[64];
	if (gn < 2) return actor;
	if (agent[0] == '~') {
		if (an > 3 && strcmp(actor, "---") != 0) return actor;
		snprintf(buf, sizeof buf, "%s%s", actor, agent + 1);
	} else {
		if (an > 3) return actor;
		snprintf(buf, sizeof buf, "%.*s%s", (int)(gn - 1), agent, actor);
	}
	return arena_strndup(&c->d->arena, buf, strlen(buf));
}

static const char *word_text(struct mctx *c, uint32_t i, size_t *n)
{
	const struct dyad_word *w = &c->d->words[c->base + i];
	*n = w->nend - w->nstart;
	return c->text + w->nstart;
}

static int word_is(struct mctx *c, uint32_t i, const char *s)
{
	size_t n, k;
	const char *t;
	char low[DICT_MAXTOK];
	if (i >= c->n) return 0;
	t = word_text(c, i, &n);
	k = dict_norm(t, n, low);
	return k == strlen(s) && memcmp(low, s, k) == 0;
}

/* Lower-cased words [a, b) joined by blanks. */
static void key_of(struct mctx *c, uint32_t a, uint32_t b, char *key, size_t cap)
{
	size_t o = 0;
	key[0] = 0;
	for (uint32_t i = a; i < b; i++) {
		size_t n;
		const char *t = word_text(c, i, &n);
		char low[DICT_MAXTOK];
		size_t k = dict_norm(t, n, low);
		if (o + k + 2 >= cap) break;
		if (o) key[o++] = ' ';
		memcpy(key + o, low, k);
		o += k;
		key[o] = 0;
	}
}

static void remember(struct mctx *c, uint32_t a, uint32_t b, const char *code, uint32_t entry)
{
	char key[128];
	if (b <= a || !(c->wt[b - 1].flags & W_CAP)) return;
	for (int pass = 0; pass < 2; pass++) {
		uint32_t from = pass == 0 ? a : b - 1;
		if (pass == 1 && b - 1 == a) break;
		key_of(c, from, b, key, sizeof key);
		struct entity *e = NULL;
		for (size_t i = 0; i < c->nent; i++)
			if (strcmp(c->ent[i].key, key) == 0) e = &c->ent[i];
		if (!e) {
			if (c->nent == c->capent) {
				size_t nc = c->capent ? c->capent * 2 : 16;
				struct entity *ne = arena_alloc(&c->d->arena, nc * sizeof *ne);
				if (!ne) return;
				if (c->nent) memcpy(ne, c->ent, c->nent * sizeof *ne);
				c->ent = ne;
				c->capent = nc;
			}
			e = &c->ent[c->nent++];
			snprintf(e->key, sizeof e->key, "%s", key);
		}
		e->code = code;
		e->entry = entry;
	}
}

static const struct entity *recall(struct mctx *c, uint32_t a, uint32_t b)
{
	char key[128];
	key_of(c, a, b, key, sizeof key);
	for (size_t i = c->nent; i-- > 0;)
		if (strcmp(c->ent[i].key, key) == 0) return &c->ent[i];
	return NULL;
}

static struct dyad_actor *emit(struct mctx *c, uint32_t a, uint32_t b, const char *code, int how,
                               uint32_t entry, uint32_t agent)
{
	struct dyad_actor *m = &c->out[c->nout++];
	const struct dyad_word *w = c->d->words + c->base;
	const struct dict_view *v = c->v;
	memset(m, 0, sizeof *m);
	m->sentence = c->sent;
	m->first = c->base + a;
	m->n = b - a;
	m->start = w[a].start;
	m->end = w[b - 1].end;
	m->code = code;
	m->how = how;
	m->entry = entry;
	m->agent = agent;
	if (entry != NONE) {
		m->file = v->str + v->files[v->entries[entry].file];
		m->line = v->entries[entry].line;
	}
	if (agent != NONE) {
		m->agent_file = v->str + v->files[v->entries[agent].file];
		m->agent_line = v->entries[agent].line;
	}
	return m;
}

/* Capitalised words at i not claimed by a match (a name), at most 4; returns the end. */
static uint32_t name_run(struct mctx *c, uint32_t i, uint32_t limit)
{
	uint32_t e = i;
	while (e < limit && e < i + 4 && (c->wt[e].flags & W_CAP)) e++;
	return e;
}

static void sentence(struct mctx *c, struct raw *r, size_t nr)
{
	uint32_t pos = 0;
	for (size_t j = 0; j <= nr; j++) {
		uint32_t next = j < nr ? r[j].first : c->n;
		/* unclaimed capitalised runs before this match: names seen earlier */
		while (pos < next) {
			if (!(c->wt[pos].flags & W_CAP)) {
				pos++;
				continue;
			}
			uint32_t e = name_run(c, pos, next);
			const struct entity *en = NULL;
			uint32_t a = pos, b = e;
			for (; b > a && !en; b--)
				if ((en = recall(c, a, b))) break;
			if (!en && e - pos > 1 && (en = recall(c, e - 1, e))) {
				a = e - 1;
				b = e;
			}
			if (en) {
				if (b <= a) b = a + 1;
				emit(c, a, b, en->code, DYAD_ACTOR_ENTITY, en->entry, NONE);
			}
			pos = e;
		}
		if (j == nr) break;

		struct raw *m = &r[j];
		uint32_t end = m->end, agent = NONE, entry = m->entry;
		int dated = 0, how = DYAD_ACTOR_DICT;
		const char *code;

		if (!m->agent) {
			code = entry_code(c, entry, &dated);
			/* country + agent: "Syrian army", "Russia's army", "State Department spokesman" */
			uint32_t g = end + (word_is(c, end, "'s") ? 1 : 0);
			if (j + 1 < nr && r[j + 1].agent && r[j + 1].first == g) {
				agent = r[j + 1].entry;
				code = compose(c, code, entry_code(c, agent, NULL));
				end = r[j + 1].end;
				how = DYAD_ACTOR_COMPOSED;
				j++;
			}
		} else {
			/* an agent alone: "of [the] COUNTRY" after it, or "ACTOR, agent" before it */
			agent = entry;
			entry = NONE;
			const char *ag = entry_code(c, agent, NULL);
			uint32_t o = end;
			code = NULL;
			if (word_is(c, o, "of")) {
				o++;
				if (word_is(c, o, "the")) o++;
				if (j + 1 < nr && !r[j + 1].agent && r[j + 1].first == o) {
					entry = r[j + 1].entry;
					code = compose(c, entry_code(c, entry, NULL), ag);
					end = r[j + 1].end;
					how = DYAD_ACTOR_COMPOSED;
					j++;
				}
			}
			if (!code && c->nout && m->first >= 2 && word_is(c, m->first - 1, ",") &&
			    c->out[c->nout - 1].sentence == c->sent &&
			    c->out[c->nout - 1].first + c->out[c->nout - 1].n == c->base + m->first - 1 &&
			    strncmp(c->out[c->nout - 1].code, "---", 3) != 0) {
				code = compose(c, c->out[c->nout - 1].code, ag);
				how = DYAD_ACTOR_COMPOSED;
				entry = c->out[c->nout - 1].entry;
			}
			if (!code) {
				code = compose(c, "---", ag);
				how = DYAD_ACTOR_AGENT;
			}
		}

		/* a title followed by a name: a known person, or a name in no dictionary */
		if (how != DYAD_ACTOR_DICT) {
			if (j + 1 < nr && !r[j + 1].agent && r[j + 1].first == end) {
				int pdated;
				const char *pc = entry_code(c, r[j + 1].entry, &pdated);
				/* the person's dated code wins; else the title's when it has a country */
				if (!pdated && strncmp(code, "---", 3) == 0 && agent != NONE && pc &&
				    strlen(pc) == 3 && strcmp(pc, "---") != 0) {
					/* a name filed as its country ("+TELEMAR" under DAGOLATH): the
					 * country's agent, as "Dagolathi deputy prime minister" would be */
					code = compose(c, pc, entry_code(c, agent, NULL));
					entry = r[j + 1].entry;
					how = DYAD_ACTOR_COMPOSED;
				} else if (pdated || strncmp(code, "---", 3) == 0) {
					code = pc;
					entry = r[j + 1].entry;
					how = DYAD_ACTOR_DICT;
				}
				remember(c, r[j + 1].first, r[j + 1].end, code, entry);
				end = r[j + 1].end;
				j++;
			} else {
				uint32_t limit = j + 1 < nr ? r[j + 1].first : c->n;
				uint32_t e = name_run(c, end, limit);
				if (e > end) {
					const struct entity *en = recall(c, end, e);
					if (en && strncmp(code, "---", 3) == 0) code = en->code;
					remember(c, end, e, code, entry);
					end = e;
					if (how == DYAD_ACTOR_AGENT && strncmp(code, "---", 3) != 0)
						how = DYAD_ACTOR_ENTITY;
					else if (how != DYAD_ACTOR_ENTITY)
						how = DYAD_ACTOR_TITLE;
				}
			}
		} else if (dated) {
			/* a dated entry is a person: later bare mentions of the surname keep the code */
			remember(c, m->first, end, code, entry);
		} else {
			/* a name given a code earlier in the document (by its title) keeps it */
			const struct entity *en = recall(c, m->first, end);
			if (!en && end - m->first > 1) en = recall(c, end - 1, end);
			if (en && en->entry != entry) {
				code = en->code;
				how = DYAD_ACTOR_ENTITY;
			}
		}
		emit(c, m->first, end, code, how, entry, agent);
		pos = end;
	}
}

/* Do the len tokens tok[] make one whole actor phrase (not an agent)?  Its entry in *entry.
 * For words that are not where they stand in the sentence: a demonym's singular, an ellipsis
 * ("North [Korea]"). */
static int whole_phrase(const struct mctx *c, struct wtok *tok, uint32_t len, uint32_t *entry)
{
	uint32_t cap[DICT_MAXPHRASE + 2];
	struct mctx t = *c;
	if (len > DICT_MAXPHRASE) return 0;
	cap[0] = 0;
	for (uint32_t i = 0; i < len; i++) cap[i + 1] = cap[i] + ((tok[i].flags & W_CAP) ? 1 : 0);
	t.wt = tok;
	t.n = len;
	t.ncap = cap;
	t.start = 0;
	t.best_end[0] = t.best_end[1] = 0;
	walk(&t, DICT_ROOT_NAMES, 0);
	*entry = t.best_entry[0];
	return t.best_end[0] == len;
}

/* "Iraqis", "Albanians", "Liberians": a capitalised plural in -ans or -is whose singular is a
 * one-word name of a country ("Iraqi" is IRAQ_'s +IRAQI_) stands for that country, as the
 * dictionaries' own "Palestinians" does.  Sets c->best_end[0] / best_entry[0] when it is one. */
static void demonym(struct mctx *c, uint32_t i)
{
	const struct dyad_word *w = &c->d->words[c->base + i];
	const char *t = c->text + w->nstart;
	size_t n = w->nend - w->nstart;
	struct wtok one;
	uint32_t entry;
	const char *code;
	/* the plural of a one-word name of a country's people: "Kenyans", "Israelis", "Turks",
	 * "Serbs" (the dictionaries' whole-word '_' keeps them from matching as stems) */
	if (n < 5 || t[n - 1] != 's' || t[n - 2] == 's' || !(c->wt[i].flags & W_CAP))
		return;
	one.flags = c->wt[i].flags;
	one.n = (uint8_t)dict_word_tokens(c->v, t, n - 1, one.ids, MAXCAND);
	if (!one.n || !whole_phrase(c, &one, 1, &entry)) return;
	code = entry_code(c, entry, NULL);
	if (strlen(code) != 3 || !isupper((unsigned char)code[0])) return;
	c->best_end[0] = i + 1;
	c->best_entry[0] = entry;
}

/* "North and South Korea", "East and West Germany": a word joined by "and"/"or" to the first
 * word of a longer actor phrase stands for that phrase with its own first word ("North Korea")
 * when the dictionaries know it.  Adds those matches to r (in order); returns their number. */
static size_t ellipsis(struct mctx *c, struct raw *r, size_t nr)
{
	struct wtok tmp[DICT_MAXPHRASE + 1];
	for (size_t j = 0; j < nr; j++) {
		struct raw *m = &r[j];
		uint32_t a = m->first, len = m->end - m->first, x, entry;
		if (m->agent || len < 2 || len > DICT_MAXPHRASE || a < 2) continue;
		x = a - 2;
		if (!(word_is(c, a - 1, "and") || word_is(c, a - 1, "or")) || !(c->wt[x].flags & W_CAP) ||
		    !c->wt[x].n || (j > 0 && r[j - 1].end > x))
			continue;
		tmp[0] = c->wt[x];
		for (uint32_t i = 1; i < len; i++) tmp[i] = c->wt[a + i];
		if (!whole_phrase(c, tmp, len, &entry)) continue;
		memmove(&r[j + 1], &r[j], (nr - j) * sizeof *r);
		r[j].first = x;
		r[j].end = x + 1;
		r[j].entry = entry;
		r[j].agent = 0;
		nr++;
		j++;
	}
	return nr;
}

/* The longest phrase below trie node `node` from word pos on: *end (past its last word) and
 * *entry, when longer than *end already is.  Discards and issues are matched in any case. */
static void plain_walk(const struct mctx *c, uint32_t node, uint32_t pos, uint32_t *end,
                       uint32_t *entry)
{
	const struct dict_view *v = c->v;
	if (pos >= c->n) return;
	for (uint32_t k = 0; k < c->wt[pos].n; k++) {
		uint32_t ch = dict_child(v, node, c->wt[pos].ids[k]);
		if (!ch) continue;
		if (v->nodes[ch].entry && pos + 1 > *end) {
			*end = pos + 1;
			*entry = v->nodes[ch].entry - 1;
		}
		plain_walk(c, ch, pos + 1, end, entry);
	}
}

/* Discard and issue phrases of the sentence, longest first, not overlapping, into doc. */
static void phrases(struct mctx *c, struct dyad_doc *doc)
{
	static const uint32_t roots[] = {DICT_ROOT_DISCARDS, DICT_ROOT_ISSUES};
	for (int r = 0; r < 2; r++)
		for (uint32_t i = 0; i < c->n;) {
			uint32_t end = 0, entry = 0;
			const struct dict_entry *e;
			struct dyad_phrase *ph;
			if (c->wt[i].n) plain_walk(c, roots[r], i, &end, &entry);
			if (end <= i || entry >= c->v->h->nentries) {
				i++;
				continue;
			}
			e = &c->v->entries[entry];
			/* an issue's "~phrase" only hides the words from the issue it would give */
			if (e->kind != DICT_E_ISSUE_IGNORE && doc->nphrases < doc->capphrases) {
				ph = &doc->phrases[doc->nphrases++];
				ph->sentence = c->sent;
				ph->first = c->base + i;
				ph->n = end - i;
				ph->kind = e->kind == DICT_E_DISCARD ? DYAD_PHRASE_DISCARD :
				           e->kind == DICT_E_DISCARD_STORY ? DYAD_PHRASE_STORY_DISCARD :
				           DYAD_PHRASE_ISSUE;
				ph->code = ph->kind == DYAD_PHRASE_ISSUE ? entry_code(c, entry, NULL) : NULL;
				ph->file = c->v->str + c->v->files[e->file];
				ph->line = e->line;
			}
			i = end;
		}
}

void dyad_doc_phrases(const dyad_doc *doc, const struct dyad_phrase **out, size_t *n)
{
	*out = doc ? doc->phrases : NULL;
	*n = doc ? doc->nphrases : 0;
}

dyad_status dyad_doc_actors(dyad_doc *doc, const dyad_dicts *dd, const struct dyad_actor **out,
                            size_t *nout, struct dyad_error *err)
{
	struct mctx c;
	uint32_t maxn = 0;

	*out = NULL;
	*nout = 0;
	if (!doc || !dd) {
		dyad_error_set(err, "dyad_doc_actors: no document or dictionaries");
		return DYAD_ERR_USAGE;
	}
	if (doc->nwords == 0) return DYAD_OK;
	memset(&c, 0, sizeof c);
	c.v = &dd->v;
	c.d = doc;
	c.text = doc->ntext;
	c.date = dict_iso_date(doc->date);
	for (size_t s = 0; s < doc->nsents; s++)
		if (doc->sents[s].n > maxn) maxn = doc->sents[s].n;
	c.wt = arena_alloc(&doc->arena, (size_t)maxn * sizeof *c.wt);
	c.ncap = arena_alloc(&doc->arena, ((size_t)maxn + 1) * sizeof *c.ncap);
	struct raw *r = arena_alloc(&doc->arena, (size_t)maxn * sizeof *r);
	c.out = arena_alloc(&doc->arena, doc->nwords * sizeof *c.out);
	doc->phrases = arena_alloc(&doc->arena, doc->nwords * sizeof *doc->phrases);
	doc->nphrases = 0;
	doc->capphrases = doc->phrases ? doc->nwords : 0;
	if (!c.wt || !c.ncap || !r || !c.out || !doc->phrases) {
		dyad_error_set(err, "%s: out of memory", doc->id ? doc->id : "document");
		return DYAD_ERR_NOMEM;
	}
	for (size_t s = 0; s < doc->nsents; s++) {
		const struct dyad_sentence *se = &doc->sents[s];
		int lower = 0;
		size_t nr = 0;
		if (se->flags & DYAD_S_DATELINE) continue;   /* the place it was filed from */
		c.n = se->n;
		c.base = se->first;
		c.sent = (uint32_t)s;
		c.ncap[0] = 0;
		for (uint32_t i = 0; i < c.n; i++) {
			const struct dyad_word *w = &doc->words[c.base + i];
			const char *t = c.text + w->nstart;
			size_t n = w->nend - w->nstart;
			c.wt[i].flags = (uint8_t)word_flags(t, n);
			c.wt[i].n = (uint8_t)dict_word_tokens(c.v, t, n, c.wt[i].ids, MAXCAND);
			lower |= c.wt[i].flags & W_LOWER;
			c.ncap[i + 1] = c.ncap[i] + ((c.wt[i].flags & W_CAP) ? 1 : 0);
		}
		c.allcaps = !lower;
		for (uint32_t i = 0; i < c.n;) {
			c.best_end[0] = c.best_end[1] = 0;
			c.start = i;
			if (c.wt[i].n) walk(&c, DICT_ROOT_NAMES, i);
			if (!c.best_end[0] && !c.best_end[1]) demonym(&c, i);
			int k = c.best_end[0] >= c.best_end[1] ? 0 : 1;
			if (c.best_end[k] > i) {
				r[nr].first = i;
				r[nr].end = c.best_end[k];
				r[nr].entry = c.best_entry[k];
				r[nr].agent = k;
				nr++;
				i = c.best_end[k];
			} else {
				i++;
			}
		}
		nr = ellipsis(&c, r, nr);
		sentence(&c, r, nr);
		phrases(&c, doc);
	}
	*out = c.out;
	*nout = c.nout;
	return DYAD_OK;
}
