/* coder.c -- the event coder: a parsed document with its actors in, CAMEO events out.
 *
 * For each sentence: every verb whose lemma (or form) heads a verb form of the dictionary, and
 * every event noun ("call", "talks", "assistance") mapped to such a verb, is a predicate.  Its
 * frame (frame.c) gives the subject and object sides; the best verb pattern (pattern.c) gives
 * the code; actor mentions found on each side give source and target (a pronoun or "the
 * administration" takes the latest fitting actor before it).  Modes decide what is emitted:
 * asserted and reported events as they are, intended or hypothetical cooperation as the CAMEO
 * intent code (03x), intended force as a threat (13x), negated, denied and other hypothetical
 * events not at all (unless all_modes).  Each event carries its date, place, attribution chain,
 * byte spans and an explanation naming the dictionary lines and the arcs used.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code/coder.h"
#include "code/dates.h"
#include "code/frame.h"
#include "nlp/nlp.h"
#include "nlp/labels.h"
#include "util/error.h"

/* ---------------------------------------------------------------------------------------- */
/* Opening                                                                                    */

static int cmp_key(const void *a, const void *b)
{
	const struct verb_key *x = a, *y = b;
	int c = strcmp(x->word, y->word);
	if (c) return c;
	return x->form < y->form ? -1 : x->form > y->form;
}

/* What a pattern's or form's codes ("145", "042:043", "---") can code: CAN_CODE an event,
 * CAN_PROTEST a protest (CAMEO 14, either code). */
static unsigned can_code(const char *codes)
{
	char a[8], b[8];
	pattern_first_code(codes, a, b);
	if (!a[0] || strcmp(a, "---") == 0 || !pattern_code_ok(a)) return 0;
	return CAN_CODE | (strncmp(a, "14", 2) == 0 || strncmp(b, "14", 2) == 0 ? CAN_PROTEST : 0);
}

/* The verb index: each form under its lemma and under its verb word as written. */
static int build_index(struct dyad_coder *c)
{
	const struct dict_view *v = c->v;
	uint32_t nf = v->h->nform, nb = v->h->nblk, np = v->h->npat;

	c->keys = dyad_malloc(sizeof *c->keys * (2 * (size_t)nf + 1));
	c->blk_start = dyad_calloc((size_t)nb + 2, sizeof *c->blk_start);
	c->blk_pat = dyad_malloc(sizeof *c->blk_pat * ((size_t)np + 1));
	if (!c->keys || !c->blk_start || !c->blk_pat) return -1;
	for (uint32_t i = 0; i < nf; i++) {
		const struct dict_vform *f = &v->vform[i];
		uint32_t verb = v->velem[f->elem0 + f->verb];
		c->keys[c->nkeys].word = v->str + f->lemma;
		c->keys[c->nkeys++].form = i;
		if (DICT_V_KIND(verb) == DICT_V_WORD && strcmp(v->str + DICT_V_VALUE(verb), v->str + f->lemma)) {
			c->keys[c->nkeys].word = v->str + DICT_V_VALUE(verb);
			c->keys[c->nkeys++].form = i;
		}
	}
	qsort(c->keys, c->nkeys, sizeof *c->keys, cmp_key);
	/* patterns grouped by block, in file order within a block (counting sort); a pattern
	 * without '*' cannot match, one whose code is a placeholder ("[+++]", "[025?]": no code)
	 * codes nothing, and neither is indexed */
	for (uint32_t i = 0; i < np; i++)
		if (v->vpat[i].block < nb && pattern_usable(v, i)) c->blk_start[v->vpat[i].block + 1]++;
	for (uint32_t b = 0; b < nb; b++) c->blk_start[b + 1] += c->blk_start[b];
	{
		uint32_t *fill = dyad_malloc(sizeof *fill * ((size_t)nb + 1));
		if (!fill) return -1;
		memcpy(fill, c->blk_start, sizeof *fill * nb);
		for (uint32_t i = 0; i < np; i++)
			if (v->vpat[i].block < nb && pattern_usable(v, i)) c->blk_pat[fill[v->vpat[i].block]++] = i;
		dyad_free(fill);
	}
	c->blk_start[nb + 1] = c->blk_start[nb];
	if (!(c->need = dyad_calloc((size_t)np + 1, sizeof *c->need))) return -1;
	for (uint32_t i = 0; i < np; i++) pattern_need(v, i, c->need[i]);
	/* what each pattern and form can code, a form by its own code or a pattern of its block
	 * (want_parse) */
	{
		uint8_t *blk = dyad_calloc((size_t)nb + 1, 1);
		c->can = dyad_calloc((size_t)nf + 1, 1);
		c->pcan = dyad_calloc((size_t)np + 1, 1);
		if (!blk || !c->can || !c->pcan) {
			dyad_free(blk);
			return -1;
		}
		for (uint32_t i = 0; i < np; i++) c->pcan[i] = (uint8_t)can_code(v->str + v->vpat[i].code);
		for (uint32_t b = 0; b < nb; b++)
			for (uint32_t j = c->blk_start[b]; j < c->blk_start[b + 1]; j++)
				blk[b] |= c->pcan[c->blk_pat[j]];
		for (uint32_t i = 0; i < nf; i++) {
			unsigned own = can_code(v->str + v->vform[i].code);
			c->can[i] = (uint8_t)((v->vform[i].block < nb ? blk[v->vform[i].block] : 0) | own |
			                      (own & CAN_PROTEST ? CAN_OWN_PROTEST : 0) |
			                      (own & CAN_CODE ? CAN_OWN_CODE : 0));
		}
		dyad_free(blk);
	}
	return 0;
}

/* The words of the patterns and synsets: the dictionary interns its strings, so a word is its
 * STR offset, and the matcher compares numbers (pattern.c). */
static uint32_t word_hash(const char *s, size_t n)
{
	uint32_t h = DICT_HASH0;
	for (size_t i = 0; i < n; i++) h = dict_hash_step(h, (unsigned char)s[i]);
	return h;
}

static int build_words(struct dyad_coder *c)
{
	const struct dict_view *v = c->v;
	uint32_t ne = v->h->nelem, size = 64;
	while (size < 2 * ne + 2) size *= 2;
	if (!(c->words = dyad_calloc(size, sizeof *c->words))) return -1;
	c->wmask = size - 1;
	for (uint32_t e = 0; e < ne; e++) {
		uint32_t el = v->velem[e], off = DICT_V_VALUE(el), i;
		const char *w;
		if (DICT_V_KIND(el) != DICT_V_WORD || off == 0) continue;
		w = v->str + off;
		for (i = word_hash(w, strlen(w)) & c->wmask; c->words[i] && c->words[i] != off;
		     i = (i + 1) & c->wmask) {}
		c->words[i] = off;
	}
	return 0;
}

uint32_t coder_word(const struct dyad_coder *c, const char *s, size_t n)
{
	for (uint32_t i = word_hash(s, n) & c->wmask; c->words[i]; i = (i + 1) & c->wmask) {
		const char *w = c->v->str + c->words[i];
		if (strncmp(w, s, n) == 0 && w[n] == 0) return c->words[i];
	}
	return 0;
}

int verb_lookup(const struct dyad_coder *c, const char *w, size_t *first, size_t *n)
{
	size_t lo = 0, hi = c->nkeys;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(c->keys[mid].word, w) < 0) lo = mid + 1;
		else hi = mid;
	}
	*first = lo;
	while (hi < c->nkeys && strcmp(c->keys[hi].word, w) == 0) hi++;
	*n = hi - lo;
	return *n > 0;
}

dyad_status dyad_coder_open(dyad_coder **out, const struct dyad_coder_opts *o, struct dyad_error *err)
{
	struct dyad_coder *c = dyad_calloc(1, sizeof *c);
	char tagger[4096], parser[4096], dir[4096];
	const char *defaults[1];
	dyad_status st;

	*out = NULL;
	if (!c) {
		dyad_error_set(err, "out of memory");
		return DYAD_ERR_NOMEM;
	}
	c->all_modes = o->all_modes;
	c->parse_all = o->parse_all;
	snprintf(tagger, sizeof tagger, "%s/models/tagger.bin", o->data_dir);
	snprintf(parser, sizeof parser, "%s/models/parser.bin", o->data_dir);
	if ((st = dyad_nlp_open(&c->nlp, tagger, parser, err)) != DYAD_OK) goto fail;
	/* beam 4 codes as well as the model's 8 on the gold sets (docs/coder.md) at 1.7x the speed */
	dyad_nlp_set_beam(c->nlp, o->beam > 0 ? o->beam : 4);
	snprintf(dir, sizeof dir, "%s/dictionaries", o->data_dir);
	defaults[0] = dir;
	if ((st = dyad_dicts_open(&c->dicts, o->ndicts ? o->dicts : defaults,
	                          o->ndicts ? o->ndicts : 1, NULL, err)) != DYAD_OK)
		goto fail;
	c->v = &c->dicts->v;
	snprintf(dir, sizeof dir, "%s/codebook", o->data_dir);
	if ((st = codebook_load(&c->cb, dir, err)) != DYAD_OK) goto fail;
	snprintf(dir, sizeof dir, "%s/gazetteer", o->data_dir);
	if ((st = places_load(&c->places, dir, err)) != DYAD_OK) goto fail;
	if (build_index(c) < 0 || build_words(c) < 0) {
		dyad_error_set(err, "out of memory");
		st = DYAD_ERR_NOMEM;
		goto fail;
	}
	*out = c;
	return DYAD_OK;
fail:
	dyad_coder_free(c);
	return st;
}

void dyad_coder_free(dyad_coder *c)
{
	if (!c) return;
	dyad_nlp_free(c->nlp);
	dyad_dicts_free(c->dicts);
	codebook_free(c->cb);
	places_free(c->places);
	dyad_free(c->keys);
	dyad_free(c->words);
	dyad_free(c->blk_pat);
	dyad_free(c->blk_start);
	dyad_free(c->can);
	dyad_free(c->need);
	dyad_free(c->pcan);
	dyad_free(c);
}

/* ---------------------------------------------------------------------------------------- */
/* Actors of a document, as the coder sees them                                               */

struct mention {
	const struct dyad_actor *a;
	uint32_t head;            /* the mention's syntactic head (document word index) */
	uint8_t person;           /* a named or titled person */
	char code[24];            /* resolved code ("---GOV" given a country from context) */
};

struct doc_ctx {
	const struct dyad_coder *c;
	struct dyad_doc *d;
	struct mention *m;
	size_t nm;                /* mentions found in the text, in text order */
	size_t nx, capx;          /* and after them: mentions the coder makes (new_mention:
	                           * agent_conj, protest_target); room for capx in all */
	int32_t *at;              /* document word -> mention index, -1 */
	struct arena *a;
	const struct dyad_phrase *ph;   /* discard and issue phrases of the document */
	size_t nph;
};

/* The head of words [first, first+n) of sentence-relative parse in document words. */
static uint32_t span_head(const struct dyad_doc *d, const struct dyad_sentence *s, uint32_t first,
                          uint32_t n)
{
	/* the word whose head is outside; when several are (a parse splitting the phrase:
	 * "[North and South] Korea"), the last, as English noun phrases end in their head */
	uint32_t found = UINT32_MAX;
	for (uint32_t i = first; i < first + n; i++) {
		int h = d->words[i].head;
		uint32_t hd = h < 0 ? UINT32_MAX : s->first + (uint32_t)h;
		if (hd < first || hd >= first + n) found = i;
	}
	return found != UINT32_MAX ? found : first + n - 1;
}

/* Agents that stand for a state's institution when their country is clear from the text
 * before ("the government", "the army", "the police"); other agents ("the island", "the
 * students") need their country in their own phrase. */
static int institution(const char *agent)
{
	static const char *const inst[] = {"GOV", "MIL", "COP", "LEG", "JUD", "SPY", NULL};
	for (int i = 0; inst[i]; i++)
		if (strncmp(agent, inst[i], 3) == 0) return 1;
	return 0;
}

/* Does the code begin with a country-like code (three capitals)? */
static int upper3(const char *c)
{
	return isupper((unsigned char)c[0]) && isupper((unsigned char)c[1]) &&
	       isupper((unsigned char)c[2]);
}

/* The country named in sentence si (a code of three capitals, perhaps with an agent), or NULL
 * when it names none, or several: "Peru and Chile exchanged prisoners" does not say whose
 * prisoners they are. */
static const char *sentence_country(const struct dyad_actor *acts, size_t n, uint32_t si)
{
	const char *found = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *c = acts[i].code;
		if (acts[i].sentence == si && c && upper3(c) && strncmp(c, "IGO", 3) &&
		    strncmp(c, "NGO", 3) && strncmp(c, "IMG", 3) && strncmp(c, "MNC", 3)) {
			if (found && strncmp(found, c, 3) != 0) return NULL;
			found = c;
		}
	}
	return found;
}

/* The country in an agent's own phrase: an actor whose head is an `nmod`, `amod`, `compound` or
 * possessor of the agent's head word ("lawmakers in Kenya", "Irish nationalist guerrillas",
 * "Peru's prisoners"), or NULL. */
static const char *own_country(const struct dyad_doc *d, const struct dyad_sentence *s,
                               const struct dyad_actor *acts, size_t n, uint32_t head)
{
	for (size_t i = 0; i < n; i++) {
		const char *c = acts[i].code;
		uint32_t h;
		int hh;
		if (acts[i].first < s->first || acts[i].first >= s->first + s->n || !c || !upper3(c))
			continue;
		h = span_head(d, s, acts[i].first, acts[i].n);
		hh = d->words[h].head;
		if (hh >= 0 && s->first + (uint32_t)hh == head &&
		    (deprel_base(d->words[h].deprel) == DEP_NMOD || d->words[h].deprel == DEP_AMOD ||
		     d->words[h].deprel == DEP_COMPOUND || d->words[h].deprel == DEP_NMOD_POSS))
			return c;
	}
	return NULL;
}

/* Sentence word h's conjuncts: the word it is a `conj` of, and its own `conj` dependents, as
 * document words into out[8].  Their number. */
static int conjuncts(const struct dyad_doc *d, const struct dyad_sentence *s, uint32_t h,
                     uint32_t out[8])
{
	int n = 0;
	if (d->words[h].deprel == DEP_CONJ && d->words[h].head >= 0)
		out[n++] = s->first + (uint32_t)d->words[h].head;
	for (uint32_t k = s->first; k < s->first + s->n && n < 8; k++)
		if (d->words[k].deprel == DEP_CONJ && d->words[k].head >= 0 &&
		    s->first + (uint32_t)d->words[k].head == h)
			out[n++] = k;
	return n;
}

/* The country an agent shares with the agents coordinated with it ("lawmakers and officials in
 * Kenya", "the Danish media and government"): a conjunct's own phrase, or a conjunct that is
 * part of an actor with a country ("Danish media"); NULL when none. */
static const char *conj_country(const struct dyad_doc *d, const struct dyad_sentence *s,
                                const struct dyad_actor *acts, size_t n, uint32_t head)
{
	uint32_t cj[8];
	int ncj = conjuncts(d, s, head, cj);
	for (int k = 0; k < ncj; k++) {
		const char *c = own_country(d, s, acts, n, cj[k]);
		if (c) return c;
		for (size_t i = 0; i < n; i++)
			if (acts[i].first <= cj[k] && cj[k] < acts[i].first + acts[i].n && acts[i].code &&
			    upper3(acts[i].code) && strlen(acts[i].code) > 3 && acts[i].n > 1)
				return acts[i].code;
	}
	return NULL;
}

/* Does a mention with this code (an agent's once it has its country) name a person, an
 * antecedent for "he" rather than "it"?  Once its words are tagged (tagged), a name must end
 * in a proper noun; before, any word may. */
static int mention_person(const struct dyad_coder *c, const struct dyad_doc *d,
                          const struct dyad_actor *a, const char *code, int tagged)
{
	const struct dyad_word *lw;
	if (!a->n || a->first + a->n > d->nwords) return 0;
	lw = &d->words[a->first + a->n - 1];
	if (places_find(c->places, d->ntext + lw->nstart, lw->nend - lw->nstart)) return 0;
	return a->how == DYAD_ACTOR_TITLE || a->how == DYAD_ACTOR_ENTITY ||
	       ((!tagged || lw->upos == UPOS_PROPN) && strlen(code) > 3 &&
	        (a->how == DYAD_ACTOR_COMPOSED || a->n >= 2 || a->how == DYAD_ACTOR_DICT));
}

static int collect_mentions(struct doc_ctx *x, const struct dyad_actor *acts, size_t n)
{
	struct dyad_doc *d = x->d;
	char country[4] = "";

	x->capx = n + 1 + 64;
	x->m = arena_alloc(x->a, sizeof *x->m * x->capx);
	x->at = arena_alloc(x->a, sizeof *x->at * (d->nwords + 1));
	if (!x->m || !x->at) return -1;
	for (size_t i = 0; i < d->nwords; i++) x->at[i] = -1;
	x->nm = 0;
	for (size_t i = 0; i < n; i++) {
		const struct dyad_actor *a = &acts[i];
		const struct dyad_sentence *s = &d->sents[a->sentence];
		struct mention *m = &x->m[x->nm];
		uint32_t last = a->first + a->n - 1;

		if (!a->code || !*a->code || strcmp(a->code, "---") == 0) continue;
		m->a = a;
		m->head = span_head(d, s, a->first, a->n);
		snprintf(m->code, sizeof m->code, "%s", a->code);
		/* "the government", "the army": the country of the latest actor that had one; an
		 * agent word without a determiner ("military support", "told reporters") is not an
		 * actor */
		if (strncmp(m->code, "---", 3) == 0) {
			const struct dyad_word *hw = &d->words[m->head];
			int det = 0;
			for (uint32_t k = s->first; k < s->first + s->n; k++)
				if (d->words[k].head >= 0 && s->first + (uint32_t)d->words[k].head == m->head &&
				    (d->words[k].deprel == DEP_DET || d->words[k].deprel == DEP_NMOD_POSS))
					det = 1;
			/* an institution ("the government") takes the country of the text before it; any
			 * other agent ("religious schools", "police") only one named in its own sentence */
			/* (civilians and media are too vague to take a country from elsewhere in the
			 * sentence: "blocking a settlement on the island", "told reporters in Ankara") */
			int vague = !strncmp(m->code + 3, "CVL", 3) || !strncmp(m->code + 3, "MED", 3) ||
			            !strncmp(m->code + 3, "PPL", 3);
			const char *cty = vague ? NULL : own_country(d, s, acts, n, m->head);
			if (!cty) cty = conj_country(d, s, acts, n, m->head);
			if (!cty)
				cty = institution(m->code + 3) && det ? country :
				      !vague ? sentence_country(acts, n, a->sentence) : NULL;
			if (!cty || !cty[0] || hw->upos == UPOS_ADJ || hw->deprel == DEP_AMOD ||
			    hw->deprel == DEP_COMPOUND) continue;
			memcpy(m->code, cty, 3);
		} else if (upper3(m->code)) {
			memcpy(country, m->code, 3);
		}
		m->person = mention_person(x->c, d, a, m->code, 1);
		for (uint32_t w = a->first; w <= last; w++) x->at[w] = (int32_t)x->nm;
		x->nm++;
	}
	x->nx = x->nm;
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Arguments to actors                                                                        */

/* Words that refer back to an actor, as written (a closed class: the forms, not the lemmas, so
 * that whether a sentence can have one is known before it is tagged: want_parse) */
enum { REF_PERSON = 1, REF_OTHER = 2, REF_GOV = 4 };
static const char *const he_words[] = {"he", "him", "his", "she", "her", "hers", NULL};
static const char *const it_words[] = {"it", "its", "they", "them", "their", "theirs", NULL};
static const char *const admin_words[] = {"administration", "administrations", "government",
	"governments", "regime", "regimes", "kremlin", NULL};

/* The kind of actor sentence word i can refer back to by its form: REF_PERSON ("he"),
 * REF_OTHER ("it", "they"), REF_GOV ("the administration"), or 0. */
static unsigned ref_kind(const struct tree *t, int i)
{
	static const char *const *const lists[] = {he_words, it_words, admin_words};
	static const unsigned kind[] = {REF_PERSON, REF_OTHER, REF_GOV};
	char low[16];
	/* (called for every word of most sentences: the form lowered once, first letters first) */
	if (t->w[i].nend - t->w[i].nstart < 2 || t->w[i].nend - t->w[i].nstart >= sizeof low) return 0;
	tree_lower(t, i, low, sizeof low);
	for (int k = 0; k < 3; k++)
		for (const char *const *w = lists[k]; *w; w++)
			if ((*w)[0] == low[0] && strcmp(*w, low) == 0) return kind[k];
	return 0;
}
static const char *const quantity_words[] = {"thousand", "thousands", "hundred", "hundreds",
	"ten", "tens", "dozen", "dozens", "score", "scores", "million", "millions", "group", "number",
	"crowd", "band", "handful", NULL};

/* The latest mention before document word w that fits (person or not). */
static int antecedent(const struct doc_ctx *x, uint32_t w, int person)
{
	for (size_t i = x->nm; i-- > 0;) {
		const struct mention *m = &x->m[i];
		if (m->a->first + m->a->n > w) continue;
		if (m->person == person) return (int)i;
	}
	return -1;
}

/* The mention an argument headed by sentence word h stands for: the mention covering it, one
 * in its subtree (compound, flat, appos, amod, nmod:poss first), or an antecedent for a pronoun
 * or a bare role noun.  -1 when none; *coref is set when found by reference. */
static int arg_actor(const struct doc_ctx *x, const struct tree *t, const struct dyad_sentence *s,
                     int h, int *coref)
{
	uint32_t w = s->first + (uint32_t)h;
	int queue[32], nq = 0, qi = 0;

	*coref = 0;
	if (x->at[w] >= 0) return x->at[w];
	if (t->w[h].upos == UPOS_PRON) {
		int k = -1;
		unsigned kind = ref_kind(t, h);
		if (kind == REF_PERSON) k = antecedent(x, w, 1);
		else if (kind == REF_OTHER) k = antecedent(x, w, 0);
		*coref = k >= 0;
		return k;
	}
	/* breadth first through the argument's own phrase */
	queue[nq++] = h;
	while (qi < nq) {
		int i = queue[qi++];
		for (int ch = t->first[i]; ch >= 0 && nq < 32; ch = t->next[ch]) {
			int d = deprel_base(t->w[ch].deprel);
			if (d == DEP_COMPOUND || d == DEP_FLAT || d == DEP_APPOS || d == DEP_AMOD ||
			    t->w[ch].deprel == DEP_NMOD_POSS) {
				if (x->at[s->first + (uint32_t)ch] >= 0) return x->at[s->first + (uint32_t)ch];
				queue[nq++] = ch;
			}
		}
	}
	/* "thousands of Iraqi Kurds", "a group of Chechen refugees": the people counted */
	if (tree_lemma_in(t, h, quantity_words) || t->w[h].upos == UPOS_NUM)
		for (int ch = t->first[h]; ch >= 0; ch = t->next[ch]) {
			int k = tree_child(t, ch, DEP_CASE, 0);
			if (deprel_base(t->w[ch].deprel) == DEP_NMOD && k >= 0 &&
			    tree_lemma_in(t, k, (const char *const[]){"of", NULL}))
				return arg_actor(x, t, s, ch, coref);
		}
	if (ref_kind(t, h) == REF_GOV && tree_child(t, h, DEP_DET, 0) >= 0) {
		/* "the administration": the latest government actor */
		for (size_t i = x->nm; i-- > 0;)
			if (x->m[i].a->first < w && strstr(x->m[i].code + 3, "GOV")) {
				*coref = 1;
				return (int)i;
			}
	}
	return -1;
}

/* ---------------------------------------------------------------------------------------- */
/* Predicates                                                                                 */

/* Event nouns and the verb whose patterns code them. */
static const char *const event_nouns[][2] = {
	{"call", "call"}, {"talk", "talk"}, {"talks", "talk"}, {"meeting", "meet"},
	{"visit", "visit"}, {"negotiation", "negotiate"}, {"assistance", "aid"},
	{"aid", "aid"}, {"support", "support"}, {"sanction", "sanction"}, {"attack", "attack"},
	{"strike", "strike"}, {"airstrike", "strike"}, {"bombing", "bomb"}, {"invasion", "invade"},
	{"protest", "protest"}, {"criticism", "criticize"}, {"condemnation", "condemn"},
	{"warning", "warn"}, {"threat", "threaten"}, {"appeal", "appeal"}, {"request", "request"},
	{"demand", "demand"}, {"offer", "offer"}, {"proposal", "propose"},
	{"accusation", "accuse"}, {"deployment", "deploy"}, {"withdrawal", "withdraw"},
	{"cooperation", "cooperate"}, {"consultation", "consult"}, {"summit", "meet"},
	{"demonstration", "demonstrate"}, {"riot", "riot"},
	{NULL, NULL}
};


/* The verb word a predicate candidate looks up, lower case, into buf; NULL when none. */
static const char *predicate_word(const struct tree *t, int i, char *buf, size_t n)
{
	const struct dyad_word *w = &t->w[i];
	const char *l = w->lemma && *w->lemma ? w->lemma : tree_lower(t, i, buf, n);

	if (w->upos == UPOS_VERB) {
		if (l != buf) snprintf(buf, n, "%s", l);
		for (char *p = buf; *p; p++) *p = (char)tolower((unsigned char)*p);
		return buf;
	}
	if (w->upos == UPOS_NOUN) {
		char low[64];
		snprintf(low, sizeof low, "%s", l);
		for (char *p = low; *p; p++) *p = (char)tolower((unsigned char)*p);
		/* a hunger strike, a general strike: a protest, not an attack (once parsed: the
		 * sentence selection sees no dependents, and a strike of either kind is a predicate) */
		if (strcmp(low, "strike") == 0 && t->first)
			for (int c = t->first[i]; c >= 0; c = t->next[c])
				if ((deprel_base(t->w[c].deprel) == DEP_COMPOUND || t->w[c].deprel == DEP_AMOD) &&
				    tree_lemma_in(t, c, (const char *const[]){"hunger", "general", "labor",
				                                             "labour", "nationwide", NULL})) {
					snprintf(buf, n, "protest");
					return buf;
				}
		for (int k = 0; event_nouns[k][0]; k++)
			if (strcmp(low, event_nouns[k][0]) == 0) {
				snprintf(buf, n, "%s", event_nouns[k][1]);
				return buf;
			}
	}
	return NULL;
}

/* The verb forms of the dictionaries for predicate candidate i: keys [*first, +*n) of the
 * index, under the word put in buf.  A dictionary verb named by the very form of the text
 * ("LEFT [032:033]" beside "LEAVE [012]", "RISEN") is the sense the dictionary means for
 * it; else the lemma's.  0 when there is none. */
static int predicate_lookup(const struct dyad_coder *c, const struct tree *t, int i, char *buf,
                            size_t n, size_t *first, size_t *count)
{
	if (!predicate_word(t, i, buf, n)) return 0;
	if (t->w[i].upos == UPOS_VERB) {
		char low[64];
		size_t f2, n2;
		tree_lower(t, i, low, sizeof low);
		if (strcmp(low, buf) && verb_lookup(c, low, &f2, &n2))
			for (size_t k = f2; k < f2 + n2; k++)
				if (strcmp(c->v->str + c->v->vform[c->keys[k].form].lemma, low) == 0) {
					snprintf(buf, n, "%s", low);
					break;
				}
	}
	if (verb_lookup(c, buf, first, count)) return 1;
	/* the lemmatizer's rules can miss on a word the treebanks lack ("shelled" -> "shel"): the
	 * regular bases of the form the dictionary knows */
	if (t->w[i].upos == UPOS_VERB) {
		char low[64], cand[64];
		size_t m;
		tree_lower(t, i, low, sizeof low);
		m = strlen(low);
		for (int k = 0; k < 6; k++) {
			size_t cut = 0;
			const char *add = "";
			int undouble = 0;
			switch (k) {
			case 0: cut = 2; if (m < 5 || strcmp(low + m - 2, "ed")) continue; break;
			case 1: cut = 1; if (m < 4 || strcmp(low + m - 2, "ed")) continue; break;
			case 2: cut = 2; undouble = 1; if (m < 6 || strcmp(low + m - 2, "ed")) continue; break;
			case 3: cut = 3; add = "y"; if (m < 5 || strcmp(low + m - 3, "ied")) continue; break;
			case 4: cut = 3; if (m < 6 || strcmp(low + m - 3, "ing")) continue; break;
			case 5: cut = 3; add = "e"; if (m < 6 || strcmp(low + m - 3, "ing")) continue; break;
			}
			if (undouble && low[m - 3] != low[m - 4]) continue;
			snprintf(cand, sizeof cand, "%.*s%s", (int)(m - cut - (size_t)undouble), low, add);
			if (strcmp(cand, buf) && verb_lookup(c, cand, first, count)) {
				snprintf(buf, n, "%s", cand);
				return 1;
			}
		}
	}
	return 0;
}

/* Do the other words of verb form f stand near predicate p ("carry out", "reach out")? */
static int form_fits(const struct dyad_coder *c, const struct tree *t, int p, const struct dict_vform *f)
{
	const struct dict_view *v = c->v;
	for (uint32_t e = 0; e < f->nelem; e++) {
		const char *word;
		int found = 0;
		if (e == f->verb) continue;
		word = v->str + DICT_V_VALUE(v->velem[f->elem0 + e]);
		/* within three words on its side of the verb */
		for (int d = 1; d <= 3 && !found; d++) {
			int j = e < f->verb ? p - d : p + d;
			char buf[32];
			if (j < 0 || j >= t->n) break;
			found = strcmp(tree_lower(t, j, buf, sizeof buf), word) == 0;
		}
		if (!found) return 0;
	}
	return 1;
}

#define MAX_BLOCKS 8

/* The forms of the verb word that fit the sentence, the most specific of each verb block, in
 * dictionary order (a later block comes from a later file: it overrides).  Returns how many. */
static int fitting_forms(const struct dyad_coder *c, const struct tree *t, int p, size_t first,
                         size_t n, uint32_t *out)
{
	const struct dict_view *v = c->v;
	int nout = 0;

	for (size_t k = first; k < first + n; k++) {
		uint32_t fi = c->keys[k].form;
		const struct dict_vform *f = &v->vform[fi];
		int slot = -1;
		if (!form_fits(c, t, p, f)) continue;
		for (int i = 0; i < nout; i++)
			if (v->vform[out[i]].block == f->block) slot = i;
		if (slot < 0) {
			if (nout == MAX_BLOCKS) continue;
			slot = nout++;
		} else if (v->vform[out[slot]].nelem >= f->nelem) {
			continue;
		}
		out[slot] = fi;
	}
	/* blocks in dictionary order */
	for (int i = 1; i < nout; i++)
		for (int j = i; j > 0 && v->vform[out[j - 1]].block > v->vform[out[j]].block; j--) {
			uint32_t tmp = out[j];
			out[j] = out[j - 1];
			out[j - 1] = tmp;
		}
	return nout;
}

/* ---------------------------------------------------------------------------------------- */
/* Events                                                                                     */

/* The CAMEO threat (13x) of an act of code `code` into out: sanctions and cuts 131, protest 133,
 * repression 137, force 138, else 130; a threat stays itself. */
static void threat_code(const char *code, char out[8])
{
	static const char *const map[][2] = {{"13", NULL}, {"16", "131"}, {"14", "133"},
		{"17", "137"}, {"15", "138"}, {"18", "138"}, {"19", "138"}, {"20", "138"}, {NULL, NULL}};
	for (int i = 0; map[i][0]; i++)
		if (strncmp(code, map[i][0], 2) == 0) {
			snprintf(out, 8, "%s", map[i][1] ? map[i][1] : code);
			return;
		}
	snprintf(out, 8, "130");
}

/* The CAMEO rejection of an act (root 12; 011 for a comment), into out, for "refused to meet",
 * "declined to release the prisoners": the refusal is what happened.  0 when a refusal of it
 * is no rejection in CAMEO (a conflict the actor declines to pursue, a demand not made). */
static int reject_code(const char *code, char out[8])
{
	static const char *const map[][2] = {
		{"01", "011"}, {"045", "126"}, {"04", "125"}, {"057", "127"}, {"061", "1211"},
		{"062", "1212"}, {"06", "121"}, {"071", "1221"},
		{"072", "1222"}, {"073", "1223"}, {"074", "1224"}, {"07", "122"}, {"081", "1241"},
		{"082", "1242"}, {"0831", "1231"}, {"0832", "1232"}, {"0833", "1233"}, {"0834", "1234"},
		{"083", "123"}, {"084", "1243"}, {"085", "1244"}, {"086", "1245"}, {"087", "1246"},
		{"08", "124"}, {"02", "120"}, {"03", "120"}, {"05", "120"}, {NULL, NULL}
	};
	for (int i = 0; map[i][0]; i++)
		if (strncmp(code, map[i][0], strlen(map[i][0])) == 0) {
			snprintf(out, 8, "%s", map[i][1]);
			return 1;
		}
	return 0;
}

/* The mode of the refusal by verb r of its complement p: asserted or reported when the refusal
 * itself is (read with the clauses above it: not "plans to refuse", "denied that it refused",
 * "did not refuse") and the act refused has no mark of its own ("refused not to meet"); else
 * MODE_NEGATED, the act's mode as it was. */
static int refusal_mode(const struct tree *t, int p, int r)
{
	struct frame g;
	if (!frame_marks_asserted(t, p)) return MODE_NEGATED;
	frame_read(t, r, &g);
	return g.mode == MODE_ASSERTED || g.mode == MODE_REPORTED ? g.mode : MODE_NEGATED;
}

/* The CAMEO code an intended or hypothetical event becomes, into out; 0 when it has none. */
static int intent_code(const char *code, int mode, char out[8])
{
	static const char *const coop[][2] = {
		{"061", "0311"}, {"062", "0312"}, {"063", "0313"}, {"064", "0314"}, {"071", "0331"},
		{"072", "0332"}, {"073", "0333"}, {"074", "0334"}, {"081", "0351"}, {"082", "0352"},
		{"084", "0353"}, {"085", "0354"}, {"086", "0355"}, {"087", "0356"}, {"04", "036"},
		{"05", "032"}, {"06", "031"}, {"07", "033"}, {"08", "035"}, {"03", NULL}, {NULL, NULL}
	};
	for (int i = 0; coop[i][0]; i++)
		if (strncmp(code, coop[i][0], strlen(coop[i][0])) == 0) {
			snprintf(out, 8, "%s", coop[i][1] ? coop[i][1] : code);
			return 1;
		}
	if (mode == MODE_INTENDED) {
		if (strncmp(code, "17", 2) == 0) { snprintf(out, 8, "137"); return 1; }
		if (strncmp(code, "16", 2) == 0) { snprintf(out, 8, "131"); return 1; }
		if (strncmp(code, "18", 2) == 0 || strncmp(code, "19", 2) == 0 ||
		    strncmp(code, "20", 2) == 0 || strncmp(code, "15", 2) == 0) {
			snprintf(out, 8, "138");
			return 1;
		}
	}
	return 0;
}

struct side {
	int mention[8];
	int16_t word[8];          /* the argument head (sentence word) */
	uint8_t coref[8];
	int n;
};

static void side_add(struct side *sd, int m, int word, int coref)
{
	for (int i = 0; i < sd->n; i++)
		if (sd->mention[i] == m) return;
	if (sd->n < 8) {
		sd->mention[sd->n] = m;
		sd->word[sd->n] = (int16_t)word;
		sd->coref[sd->n++] = (uint8_t)coref;
	}
}

/* Take the side's i-th actor out, keeping the others' order. */
static void side_remove(struct side *sd, int i)
{
	for (int j = i; j + 1 < sd->n; j++) {
		sd->mention[j] = sd->mention[j + 1];
		sd->word[j] = sd->word[j + 1];
		sd->coref[j] = sd->coref[j + 1];
	}
	sd->n--;
}

/* Is sentence word k inside the phrase headed by h, not crossing into a clause? */
static int in_phrase(const struct tree *t, int h, int k)
{
	for (int steps = 0; k >= 0 && steps < 64; steps++) {
		if (k == h) return 1;
		switch (t->w[k].deprel) {
		case DEP_ACL_RELCL: case DEP_CCOMP: case DEP_ADVCL: case DEP_PARATAXIS:
		case DEP_APPOS:
			if (t->w[k].head != h || t->w[k].deprel != DEP_APPOS) return 0;
			break;
		default:
			break;
		}
		k = t->w[k].head;
	}
	return 0;
}

/* The first actor, in the order of the text, inside the phrase headed by h ("a resumption of
 * ties with Osgiliath"); -1 when none. */
static int phrase_actor(const struct doc_ctx *x, const struct tree *t, const struct dyad_sentence *s, int h)
{
	for (int k = 0; k < t->n; k++) {
		int32_t m = x->at[s->first + (uint32_t)k];
		if (m >= 0 && k != h && in_phrase(t, h, k)) return m;
	}
	return -1;
}

static const char *predicate_word(const struct tree *t, int i, char *buf, size_t n);

/* Nouns of time: a bare oblique headed by one is when, not whom. */
static const char *const time_nouns[] = {"year", "month", "week", "day", "hour", "minute",
	"decade", "century", "time", "morning", "afternoon", "evening", "night", "weekend",
	"yesterday", "today", "tomorrow", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday", "Sunday", NULL};

/* Prepositions whose object can be an event's target. */
static const char *const target_preps[] = {"to", "with", "against", "on", "at", "for", "toward",
	"towards", "into", "upon", "from", "over", NULL};

/* Verbs of arriving: where one arrives is whom one visits ("arrived in Gondor"). */
static const char *const arrive_verbs[] = {"arrive", "land", NULL};
static const char *const arrive_preps[] = {"in", "at", NULL};

static int is_event_noun(const struct tree *t, int i)
{
	char buf[64];
	return t->w[i].upos == UPOS_NOUN && predicate_word(t, i, buf, sizeof buf) != NULL;
}

/* The actor doing what event noun h names: its `nmod` with "by", or its possessor; -1. */
static int event_agent(const struct doc_ctx *x, const struct tree *t, const struct dyad_sentence *s,
                       int h, int *coref)
{
	static const char *const by[] = {"by", NULL};
	*coref = 0;
	for (int ch = t->first[h]; ch >= 0; ch = t->next[ch]) {
		int d = deprel_base(t->w[ch].deprel), c;
		if (t->w[ch].deprel == DEP_NMOD_POSS) return arg_actor(x, t, s, ch, coref);
		if (d == DEP_NMOD && (c = tree_child(t, ch, DEP_CASE, 0)) >= 0 && tree_lemma_in(t, c, by))
			return arg_actor(x, t, s, ch, coref);
	}
	return -1;
}

/* Does sentence word h name people, not a state: a plural noun ("Iraqi Kurds", "Nigerians"),
 * or a noun of people ("thousands of X")? */
static int people_word(const struct tree *t, int h)
{
	static const char *const people[] = {"thousand", "hundred", "people", "crowd", "resident",
		"citizen", "villager", "protester", "demonstrator", NULL};
	if (h < 0) return 0;
	return t->w[h].xpos == XPOS_NNS || t->w[h].xpos == XPOS_NNPS || tree_lemma_in(t, h, people);
}

/* Is the code a bare country ("UGA")? */
static int bare_country(const char *c) { return upper3(c) && c[3] == 0; }

/* A mention the coder makes (not found in the text), after the text's own: a copy of mention m0
 * with another country (agent_conj), or, without m0, a bare country code; its actor a copy of
 * `like` (or zero), returned in *out to be completed.  Its index, or -1 when no memory.  The
 * array grows in the arena: pointers into the old one (m0, country, a mention's code) stay
 * valid and unchanged, as the arena frees nothing before the document is done. */
static int new_mention(struct doc_ctx *x, const struct dyad_actor *like, const struct mention *m0,
                       const char *country, uint32_t w, struct dyad_actor **out)
{
	struct dyad_actor *na;
	struct mention *nm;
	if (x->nx == x->capx) {
		struct mention *m = arena_alloc(x->a, sizeof *m * 2 * x->capx);
		if (!m) return -1;
		memcpy(m, x->m, sizeof *m * x->nx);
		x->m = m;
		x->capx *= 2;
	}
	if (!(na = arena_alloc(x->a, sizeof *na))) return -1;
	*na = like ? *like : (struct dyad_actor){0};
	nm = &x->m[x->nx];
	*nm = m0 ? *m0 : (struct mention){0};
	nm->a = na;
	nm->head = w;
	if (m0) memcpy(nm->code, country, 3);
	else snprintf(nm->code, sizeof nm->code, "%s", country);
	na->code = nm->code;
	*out = na;
	return (int)x->nx++;
}

/* "the ambassadors of Kenya, Uganda and Rwanda", "lawmakers in Kenya and Uganda", "Indian and
 * Pakistani troops": mention m composes an agent with a country that has countries coordinated
 * with it; each of those is the same agent of its own country.  Adds their mentions (made once
 * per word) to sd. */
static void agent_conj(struct doc_ctx *x, const struct tree *t, const struct dyad_sentence *s,
                       int m, struct side *sd)
{
	const struct dyad_actor *a = x->m[m].a;
	int cw0[8], ncw = 0;
	if (strlen(x->m[m].code) <= 3 || a->first < s->first || a->first + a->n > s->first + s->n) return;
	if (a->how == DYAD_ACTOR_COMPOSED) {
		/* the country is inside the phrase */
		for (uint32_t w = a->first; w < a->first + a->n && ncw < 8; w++)
			cw0[ncw++] = (int)(w - s->first);
	} else if (a->how == DYAD_ACTOR_AGENT) {
		/* "lawmakers in Kenya": the agent took the country of the phrase below it */
		/* (or of a conjunct's phrase: "lawmakers and officials in Kenya and Uganda") */
		uint32_t hs[9];
		int nh = 1 + conjuncts(x->d, s, x->m[m].head, hs + 1);
		hs[0] = x->m[m].head;
		for (int j = 0; j < nh && ncw == 0; j++) {
			int h = (int)(hs[j] - s->first);
			for (int ch = t->first[h]; ch >= 0 && ncw < 8; ch = t->next[ch]) {
				int32_t cm = x->at[s->first + (uint32_t)ch];
				if (deprel_base(t->w[ch].deprel) == DEP_NMOD && cm >= 0 &&
				    strncmp(x->m[cm].code, x->m[m].code, 3) == 0)
					cw0[ncw++] = ch;
			}
		}
	}
	for (int q = 0; q < ncw; q++) {
		int k = cw0[q], cand[16], nc = 0;
		/* k's conjuncts: those below it, and, when k is one itself ("Indian and [Pakistani
		 * troops]"), the word it is coordinated with and that word's other conjuncts */
		for (int ch = t->first[k]; ch >= 0 && nc < 16; ch = t->next[ch])
			if (t->w[ch].deprel == DEP_CONJ) cand[nc++] = ch;
		if (t->w[k].deprel == DEP_CONJ && t->w[k].head >= 0 && nc < 16) {
			int h = t->w[k].head;
			cand[nc++] = h;
			for (int ch = t->first[h]; ch >= 0 && nc < 16; ch = t->next[ch])
				if (t->w[ch].deprel == DEP_CONJ && ch != k) cand[nc++] = ch;
		}
		for (int j = 0; j < nc; j++) {
			int ch = cand[j];
			uint32_t cw = s->first + (uint32_t)ch;
			int32_t cm = x->at[cw];
			int have = -1;
			struct dyad_actor *na;
			if (cm < 0 || cm == m || !bare_country(x->m[cm].code)) continue;
			for (size_t i = x->nm; i < x->nx; i++)
				if (x->m[i].a->first == cw && strcmp(x->m[i].code + 3, x->m[m].code + 3) == 0)
					have = (int)i;
			if (have < 0) {
				/* the country's own entry, the agent's */
				if ((have = new_mention(x, x->m[cm].a, &x->m[m], x->m[cm].code, cw, &na)) < 0)
					continue;
				na->how = DYAD_ACTOR_COMPOSED;
				na->agent = a->agent;
				na->agent_file = a->agent_file;
				na->agent_line = a->agent_line;
			}
			side_add(sd, have, ch, 0);
		}
	}
}

/* The recipient of aid given by a verb of giving: "pledged $500 million in humanitarian aid to
 * Sudan", "sent aid to Gaza" with "to" hung on the noun -- the actor of the noun's "to" phrase,
 * -1.  (Only for giving: "defended his aid to Assad" is no defence of Assad.) */
static int aid_recipient(const struct doc_ctx *x, const struct tree *t, const struct dyad_sentence *s,
                         const struct frame *f, int h, int *coref)
{
	static const char *const give[] = {"pledge", "promise", "offer", "send", "provide", "give",
		"deliver", "grant", "donate", "supply", "extend", "approve", "announce", NULL};
	static const char *const aid[] = {"aid", "assistance", "support", "help", "relief",
		"funding", "loan", "grant", "weapon", "arm", NULL};
	int c;
	if (f->nominal || !tree_lemma_in(t, f->pred, give) || !tree_lemma_in(t, h, aid)) return -1;
	for (int ch = t->first[h]; ch >= 0; ch = t->next[ch])
		if (deprel_base(t->w[ch].deprel) == DEP_NMOD && (c = tree_child(t, ch, DEP_CASE, 0)) >= 0 &&
		    tree_lemma_in(t, c, (const char *const[]){"to", NULL}))
			return arg_actor(x, t, s, ch, coref);
	return -1;
}

/* Is word k a conjunct of word h ("Gondor" of "Arnor" in "Arnor and Gondor")? */
static int conj_of(const struct tree *t, int k, int h)
{
	for (int steps = 0; k >= 0 && steps < 16 && t->w[k].deprel == DEP_CONJ; steps++)
		if ((k = t->w[k].head) == h) return 1;
	return 0;
}

/* Actors of the arguments with one of the roles (in order of preference: the first role that
 * yields any actor wins). */
static void resolve_side(struct doc_ctx *x, const struct tree *t, const struct dyad_sentence *s,
                         const struct frame *f, const int *roles, struct side *sd, int *used_arg)
{
	sd->n = 0;
	for (const int *r = roles; *r && sd->n == 0; r++)
		for (int i = 0, got = -1; i < f->nargs; i++) {
			int coref, m;
			if (f->args[i].role != *r) continue;
			/* one argument and its conjuncts: "left for Minas Tirith ... for meetings with
			 * Arnor" went to Minas Tirith */
			if (got >= 0 && !conj_of(t, f->args[i].head, got)) continue;
			if (*r == ARG_OBL && f->args[i].prep >= 0 && !tree_lemma_in(t, f->args[i].prep, target_preps) &&
			    !(tree_lemma_in(t, f->pred, arrive_verbs) && tree_lemma_in(t, f->args[i].prep, arrive_preps)) &&
			    /* an active verb has no agent: "rejected calls by Belarus's rulers" is the
			     * calls' (the parse hangs the phrase on the verb) */
			    !(!f->passive && !f->nominal && tree_lemma_in(t, f->args[i].prep, (const char *const[]){"by", NULL}) &&
			      tree_child(t, f->pred, DEP_OBJ, 0) >= 0 && is_event_noun(t, tree_child(t, f->pred, DEP_OBJ, 0)))) {
				/* "in the dispute with Osgiliath", "during clashes against the rebels": the
				 * other party of a conflict or talks the event happened in */
				int cm = -1, cc;
				if (tree_lemma_in(t, f->args[i].prep, (const char *const[]){"in", "during", NULL}))
					for (int ch = t->first[f->args[i].head]; ch >= 0 && cm < 0; ch = t->next[ch])
						if (deprel_base(t->w[ch].deprel) == DEP_NMOD &&
						    (cc = tree_child(t, ch, DEP_CASE, 0)) >= 0 &&
						    tree_lemma_in(t, cc, (const char *const[]){"with", "against", NULL}))
							cm = arg_actor(x, t, s, ch, &coref);
				if (cm < 0) cm = aid_recipient(x, t, s, f, f->args[i].head, &coref);
				if (cm >= 0) {
					side_add(sd, cm, f->args[i].head, coref);
					if (used_arg) used_arg[i] = 1;
				}
				continue;
			}
			/* a bare noun phrase of time ("five years after ...", "last week") is no target */
			if (*r == ARG_OBL && f->args[i].prep < 0 && tree_lemma_in(t, f->args[i].head, time_nouns))
				continue;
			m = arg_actor(x, t, s, f->args[i].head, &coref);
			/* not inside an event noun: "defended his aid to Assad" is not aid to Assad by
			 * the defender (the noun is an event of its own) */
			if (m < 0 && *r != ARG_SUBJ && *r != ARG_POSS && !frame_is_report_verb(t, f->pred)) {
				if (!is_event_noun(t, f->args[i].head)) {
					m = phrase_actor(x, t, s, f->args[i].head);
					coref = 0;
				} else {
					/* but the doer of the event noun is the target: "condemned an attack by
					 * Osgiliath soldiers", "condemned Mordor's invasion" */
					m = event_agent(x, t, s, f->args[i].head, &coref);
					if (m < 0) m = aid_recipient(x, t, s, f, f->args[i].head, &coref);
				}
			}
			if (m >= 0) {
				if (got < 0) got = f->args[i].head;
				/* and the actors coordinated with it: "between Gondor and Osgiliath" */
				uint32_t hw = x->m[m].head;
				side_add(sd, m, f->args[i].head, coref);
				if (!coref) agent_conj(x, t, s, m, sd);
				if (used_arg) used_arg[i] = 1;
				if (hw >= s->first && hw < s->first + s->n && !coref) {
					int h = (int)(hw - s->first);
					for (int ch = t->first[h]; ch >= 0; ch = t->next[ch]) {
						int32_t cm = x->at[s->first + (uint32_t)ch];
						if (t->w[ch].deprel == DEP_CONJ && cm >= 0) side_add(sd, cm, ch, 0);
						/* "North and South Korea", read as "[North and South] Korea" */
						if (t->w[ch].deprel == DEP_COMPOUND && cm >= 0 && cm != m &&
						    tree_child(t, ch, DEP_CONJ, 0) >= 0)
							side_add(sd, cm, ch, 0);
					}
				}
			}
		}
	/* a country coordinated with a composed actor is that actor's kind ("Greek and [Turkish
	 * diplomats]": GRCGOV, agent_conj); its bare mention is not another party */
	for (int i = 0; i < sd->n; i++) {
		const struct mention *mi = &x->m[sd->mention[i]];
		if (!bare_country(mi->code)) continue;
		for (int j = 0; j < sd->n; j++) {
			const struct mention *mj = &x->m[sd->mention[j]];
			if (j == i || mj->a->first != mi->a->first || strlen(mj->code) <= 3 ||
			    strncmp(mj->code, mi->code, 3) != 0)
				continue;
			side_remove(sd, i--);
			break;
		}
	}
}

static char *adup(struct arena *a, const char *s, size_t n)
{
	return arena_strndup(a, s ? s : "", s ? n : 0);
}

static char *adups(struct arena *a, const char *s) { return adup(a, s, s ? strlen(s) : 0); }

/* JSON string escaping into a growable buffer. */
struct jbuf {
	char *p;
	size_t len, cap;
	int bad;
};

static void jput(struct jbuf *b, const char *s, size_t n)
{
	if (b->bad) return;
	if (mem_grow(&b->p, &b->cap, b->len + n + 1, 1, 1 << 20) < 0) { b->bad = 1; return; }
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

static void jstr(struct jbuf *b, const char *s, size_t n)
{
	jput(b, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		char e[8];
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\') { e[0] = '\\'; e[1] = (char)ch; jput(b, e, 2); }
		else if (ch < 0x20) { snprintf(e, sizeof e, "\\u%04x", ch); jput(b, e, 6); }
		else jput(b, (const char *)&s[i], 1);
	}
	jput(b, "\"", 1);
}

static void jkey(struct jbuf *b, const char *k, int *first)
{
	if (!*first) jput(b, ", ", 2);
	*first = 0;
	jstr(b, k, strlen(k));
	jput(b, ": ", 2);
}

static const char *file_name(const struct dict_view *v, uint32_t file)
{
	return file < v->h->nfiles ? v->str + v->files[file] : "?";
}

/* "nsubj(made, Kerry)" into b */
static void arc(struct jbuf *b, const struct tree *t, int dep, int head, int *first)
{
	char h[48], w[48], s[128];
	if (!*first) jput(b, ", ", 2);
	*first = 0;
	snprintf(s, sizeof s, "%s(%s, %s)", dyad_deprel_name(t->w[dep].deprel),
	         tree_lower(t, head, h, sizeof h), tree_lower(t, dep, w, sizeof w));
	jstr(b, s, strlen(s));
}

struct emit_args {
	const struct frame *f;
	const struct pattern_match *pm;
	uint32_t form;
	int src_m, tgt_m, src_word, tgt_word, coref;
	const char *src_code, *tgt_code;   /* one code of each actor ("FRO" of "FRO/BIL/SAM") */
	const char *code;
	const char *code2;                 /* the paired code for the target's side, or NULL */
	int mode;
	const char *rule;
};

static int emit_event(struct doc_ctx *x, const struct tree *t, uint32_t si, const struct emit_args *e)
{
	const struct dyad_coder *c = x->c;
	struct dyad_doc *d = x->d;
	const struct dyad_sentence *s = &d->sents[si];
	const struct mention *sm = &x->m[e->src_m], *tm = &x->m[e->tgt_m];
	const struct cameo_info *ci = codebook_get(c->cb, e->code);
	const struct frame *f = e->f;
	struct dyad_event *ev;
	struct jbuf j = {0};
	int first = 1, afirst = 1;

	if (strcmp(e->src_code, e->tgt_code) == 0) return 0;
	for (size_t i = 0; i < d->nevents; i++)     /* once per sentence */
		if (d->events[i].sentence == si && strcmp(d->events[i].source, e->src_code) == 0 &&
		    strcmp(d->events[i].target, e->tgt_code) == 0 && strcmp(d->events[i].code, e->code) == 0)
			return 0;
	if (mem_grow(&d->events, &d->capevents, d->nevents + 1, sizeof *d->events, 1 << 20) < 0)
		return -1;
	ev = &d->events[d->nevents];
	memset(ev, 0, sizeof *ev);
	ev->doc = d->id;
	ev->sentence = si;
	ev->text = adup(x->a, d->text + s->start, s->end - s->start);
	ev->source = adups(x->a, e->src_code);
	ev->target = adups(x->a, e->tgt_code);
	ev->source_name = adup(x->a, d->text + sm->a->start, sm->a->end - sm->a->start);
	ev->target_name = adup(x->a, d->text + tm->a->start, tm->a->end - tm->a->start);
	/* a code outside CAMEO (a user dictionary's own, like the PETRARCH test set's) passes as
	 * it is, without quad class, score or PLOVER type */
	ev->code = adups(x->a, e->code);
	ev->root = adup(x->a, e->code, 2);
	ev->quad = ci ? ci->quad : 0;
	ev->goldstein = ci ? ci->goldstein : 0;
	ev->plover = adups(x->a, ci ? ci->plover : "");
	ev->mode = mode_name(e->mode);
	ev->confidence = e->coref ? 0.7 : 1.0;
	/* date: a time expression on the predicate (or its light verb), else on one of its
	 * nominal arguments (a parser often hangs "on Monday" on the object: "signed an agreement
	 * on Monday"), else, for a complement, on the verb it completes ("agreed on Wednesday to
	 * resume talks"), else the document's */
	{
		struct time_expr te;
		int found = 0;
		int heads[3 + FRAME_MAXARGS] = {f->pred, f->light}, nh = 2;
		for (int i = 0; i < f->nargs; i++)
			if ((f->args[i].role == ARG_OBJ || f->args[i].role == ARG_SUBJ) &&
			    f->args[i].head != f->pred)
				heads[nh++] = f->args[i].head;
		if (!f->nominal && t->w[f->pred].deprel == DEP_XCOMP) heads[nh++] = t->w[f->pred].head;
		for (int h = 0; h < nh && !found; h++) {
			if (heads[h] < 0) continue;
			for (int ch = t->first[heads[h]]; ch >= 0 && !found; ch = t->next[ch]) {
				int dep = deprel_base(t->w[ch].deprel), lo = ch, hi = ch;
				if (dep != DEP_OBL && dep != DEP_ADVMOD && dep != DEP_NMOD) continue;
				/* the child's subtree span */
				for (int k = 0; k < t->n; k++) {
					int a = k;
					for (int steps = 0; a >= 0 && a != ch && steps < 40; steps++) a = t->w[a].head;
					if (a == ch) { if (k < lo) lo = k; if (k > hi) hi = k; }
				}
				found = date_find(d, s->first + (uint32_t)lo, s->first + (uint32_t)hi + 1, d->date, &te);
			}
		}
		ev->date = found ? adups(x->a, te.date) : adups(x->a, d->date);
		ev->date_source = found ? "text" : "document";
	}
	/* place: "in Syria", "at the United Nations", a city of the gazetteer, said of the
	 * predicate, its light verb or its object ("met Xi in Beijing") */
	{
		int heads[3] = {f->pred, f->light, e->tgt_word};
		for (int h = 0; h < 3 && !ev->location; h++) {
			if (heads[h] < 0) continue;
			for (int ch = t->first[heads[h]]; ch >= 0 && !ev->location; ch = t->next[ch]) {
				int k = tree_child(t, ch, DEP_CASE, 0);
				const struct dyad_word *w = &t->w[ch];
				const struct place *pl;
				struct dyad_location *loc;
				if ((deprel_base(w->deprel) != DEP_OBL && deprel_base(w->deprel) != DEP_NMOD) || k < 0 ||
				    !tree_lemma_in(t, k, (const char *const[]){"in", "at", NULL}) || ch == e->tgt_word)
					continue;
				pl = places_find(c->places, d->ntext + w->nstart, w->nend - w->nstart);
				if (!pl) continue;
				loc = arena_alloc(x->a, sizeof *loc);
				if (!loc) return -1;
				loc->country = adups(x->a, pl->country);
				loc->name = adups(x->a, pl->name);
				loc->lat = pl->lat;
				loc->lon = pl->lon;
				loc->has_latlon = 1;
				ev->location = loc;
			}
		}
	}
	/* attribution: the speakers of the reporting verbs above, then "according to X" */
	{
		struct dyad_attribution *at = arena_alloc(x->a, sizeof *at * (FRAME_MAXREP + 1));
		size_t na = 0;
		if (!at) return -1;
		for (int r = 0; r < f->nrep; r++) {
			int subj = tree_child(t, f->reporters[r], DEP_NSUBJ, 0), coref, m;
			const struct dyad_word *w;
			if (subj < 0) continue;
			m = arg_actor(x, t, s, subj, &coref);
			w = &t->w[subj];
			if (m >= 0) {
				at[na].code = adups(x->a, x->m[m].code);
				at[na].text = adup(x->a, d->text + x->m[m].a->start, x->m[m].a->end - x->m[m].a->start);
			} else {
				/* the subject's whole phrase: "another official" */
				uint32_t lo = w->start, hi = w->end;
				for (int k = 0; k < t->n; k++)
					if (t->w[k].head == subj && deprel_base(t->w[k].deprel) != DEP_PUNCT &&
					    k < subj && t->w[k].start < lo)
						lo = t->w[k].start;
				at[na].code = "";
				at[na].text = adup(x->a, d->text + lo, hi - lo);
			}
			na++;
		}
		if (f->according >= 0) {
			int coref, m = arg_actor(x, t, s, f->according, &coref);
			const struct dyad_word *w = &t->w[f->according];
			at[na].code = m >= 0 ? adups(x->a, x->m[m].code) : "";
			at[na].text = adup(x->a, d->text + w->start, w->end - w->start);
			na++;
		}
		ev->attribution = at;
		ev->nattribution = na;
	}
	ev->ev_sentence.start = s->start;
	ev->ev_sentence.end = s->end;
	ev->ev_source.start = sm->a->start;
	ev->ev_source.end = sm->a->end;
	ev->ev_verb.start = t->w[f->pred].start;
	ev->ev_verb.end = t->w[f->pred].end;
	ev->ev_target.start = tm->a->start;
	ev->ev_target.end = tm->a->end;
	ev->doc_date = d->date;
	ev->doc_url = d->url;
	ev->doc_source = d->source;
	ev->doc_title = d->title;
	/* explanation */
	jput(&j, "{", 1);
	jkey(&j, "rule", &first);
	jstr(&j, e->rule, strlen(e->rule));
	jkey(&j, "verb", &first);
	{
		char loc[256];
		const struct dict_vform *vf = &c->v->vform[e->form];
		snprintf(loc, sizeof loc, "%s:%u", file_name(c->v, c->v->vblk[vf->block].file), vf->line);
		jstr(&j, loc, strlen(loc));
		jkey(&j, "pattern", &first);
		snprintf(loc, sizeof loc, "%s:%u", file_name(c->v, e->pm->file), e->pm->line);
		if (e->pm->pattern >= 0) jstr(&j, loc, strlen(loc));
		else jput(&j, "null", 4);
		if (strcmp(e->code, e->pm->code) != 0) {
			jkey(&j, "dictionary_code", &first);
			jstr(&j, e->pm->code, strlen(e->pm->code));
		}
		jkey(&j, "source_entry", &first);
		if (sm->a->file) { snprintf(loc, sizeof loc, "%s:%u", sm->a->file, sm->a->line); jstr(&j, loc, strlen(loc)); }
		else jput(&j, "null", 4);
		jkey(&j, "target_entry", &first);
		if (tm->a->file) { snprintf(loc, sizeof loc, "%s:%u", tm->a->file, tm->a->line); jstr(&j, loc, strlen(loc)); }
		else jput(&j, "null", 4);
	}
	jkey(&j, "arcs", &first);
	jput(&j, "[", 1);
	if (e->src_word >= 0 && t->w[e->src_word].head >= 0) arc(&j, t, e->src_word, t->w[e->src_word].head, &afirst);
	if (e->tgt_word >= 0 && t->w[e->tgt_word].head >= 0) arc(&j, t, e->tgt_word, t->w[e->tgt_word].head, &afirst);
	if (f->light >= 0) arc(&j, t, f->pred, f->light, &afirst);
	if (f->mode_word >= 0 && t->w[f->mode_word].head >= 0) arc(&j, t, f->mode_word, t->w[f->mode_word].head, &afirst);
	jput(&j, "]", 1);
	if (e->coref) {
		jkey(&j, "coreference", &first);
		jput(&j, "true", 4);
	}
	jput(&j, "}", 1);
	ev->explain = j.bad ? NULL : adup(x->a, j.p, j.len);
	dyad_free(j.p);
	/* issues: those named in the sentence, each once */
	{
		const char **is = NULL;
		size_t n = 0;
		for (size_t i = 0; i < x->nph; i++)
			if (x->ph[i].kind == DYAD_PHRASE_ISSUE && x->ph[i].sentence == si && x->ph[i].code) n++;
		if (n && (is = arena_alloc(x->a, n * sizeof *is))) {
			n = 0;
			for (size_t i = 0; i < x->nph; i++) {
				int dup = 0;
				if (x->ph[i].kind != DYAD_PHRASE_ISSUE || x->ph[i].sentence != si || !x->ph[i].code)
					continue;
				for (size_t k = 0; k < n; k++) dup |= strcmp(is[k], x->ph[i].code) == 0;
				if (!dup) is[n++] = x->ph[i].code;
			}
			ev->issues = (const char *const *)is;
			ev->nissues = n;
		}
	}
	if (!ev->text || !ev->source || !ev->target || !ev->code || !ev->date) return -1;
	d->nevents++;
	return 0;
}

/* Is every mention of side a on side b? */
static int within(const struct side *a, const struct side *b)
{
	for (int i = 0; i < a->n; i++) {
		int found = 0;
		for (int k = 0; k < b->n; k++) found |= a->mention[i] == b->mention[k];
		if (!found) return 0;
	}
	return 1;
}

/* Is the event reciprocal: a verb of exchange, an object "each other" / "one another", or a
 * mutual affair of "their" ("delayed their meeting", "restored their ties"; not "warned their
 * populations")? */
static int reciprocal_object(const struct tree *t, const struct frame *f)
{
	static const char *const recip[] = {"other", "another", NULL};
	static const char *const their[] = {"their", "they", NULL};
	static const char *const mutual[] = {"meeting", "talk", "talks", "negotiation", "tie",
		"ties", "relation", "relations", "relationship", "agreement", "deal", "accord",
		"treaty", "dispute", "cooperation", "partnership", "alliance", "summit", "call",
		"conversation", "dialogue", "contact", "contacts", "exchange", "rivalry", "feud", NULL};
	/* verbs of exchange are mutual whatever their object: "exchanged fire", "traded insults" */
	static const char *const swap[] = {"exchange", "trade", "swap", NULL};
	if (!f->nominal && tree_lemma_in(t, f->pred, swap)) return 1;
	for (int i = 0; i < f->nargs; i++) {
		int h = f->args[i].head, poss;
		if (f->args[i].role != ARG_OBJ && f->args[i].role != ARG_OBL) continue;
		if (tree_lemma_in(t, h, recip) && h > 0) {
			char buf[16];
			const char *prev = tree_lower(t, h - 1, buf, sizeof buf);
			if (strcmp(prev, "each") == 0 || strcmp(prev, "one") == 0) return 1;
		}
		poss = tree_child(t, h, DEP_NMOD_POSS, 0);
		if (poss >= 0 && tree_lemma_in(t, poss, their) && tree_lemma_in(t, h, mutual)) return 1;
	}
	return 0;
}

/* Is the predicate one that two parties do with each other ("met", "agreed", "signed", "held
 * talks", "restored relations"), not side by side ("voted in favour", "welcomed the decision",
 * "offered to help": each towards a third)?  Its lemma, or its object's.  (Verbs of exchange
 * are reciprocal_object's, whatever the root.) */
static int reciprocal_predicate(const struct tree *t, const struct frame *f)
{
	static const char *const verbs[] = {"meet", "talk", "negotiate", "agree", "sign",
		"cooperate", "consult", "discuss", "confer", "converse", "speak", "reconcile",
		"normalize", "normalise", "restore", "reestablish", "re-establish", "establish",
		"resume", "renew", "collaborate", "coordinate", "ally", "unite", "merge", "partner",
		"ratify", "conclude", "settle", "reach", "forge", "deepen",
		"strengthen", "improve", "expand", NULL};
	static const char *const nouns[] = {"meeting", "talk", "talks", "negotiation", "summit",
		"agreement", "deal", "accord", "treaty", "cooperation", "partnership", "alliance",
		"consultation", "dialogue", "call", "conversation", "visit", "exercise", "drill",
		"game", "maneuver", "manoeuvre", "patrol", NULL};
	if (f->nominal) return tree_lemma_in(t, f->pred, nouns) || tree_form_in(t, f->pred, nouns);
	if (tree_lemma_in(t, f->pred, verbs)) return 1;
	/* "held talks", "struck a deal": a verb whose object is a meeting or an agreement */
	for (int i = 0; i < f->nargs; i++)
		if (f->args[i].role == ARG_OBJ &&
		    (tree_lemma_in(t, f->args[i].head, nouns) || tree_form_in(t, f->args[i].head, nouns)))
			return 1;
	return 0;
}

/* Emit one event for every source and target pair, and for every code of an actor that has
 * several ("FRO/BIL/SAM": the Shire's three hobbits). */
static int emit_sides(struct doc_ctx *x, const struct tree *t, uint32_t si, struct emit_args *e,
                      const struct side *src, const struct side *tgt)
{
	for (int i = 0; i < src->n; i++)
		for (int k = 0; k < tgt->n; k++) {
			const char *sc = x->m[src->mention[i]].code, *tc = x->m[tgt->mention[k]].code;
			if (src->mention[i] == tgt->mention[k]) continue;
			e->src_m = src->mention[i];
			e->tgt_m = tgt->mention[k];
			e->src_word = src->word[i];
			e->tgt_word = tgt->word[k];
			e->coref = src->coref[i] | tgt->coref[k];
			for (const char *a = sc; *a; ) {
				size_t an = strcspn(a, "/");
				char acode[24];
				snprintf(acode, sizeof acode, "%.*s", (int)an, a);
				for (const char *b = tc; *b; ) {
					size_t bn = strcspn(b, "/");
					char bcode[24];
					snprintf(bcode, sizeof bcode, "%.*s", (int)bn, b);
					e->src_code = acode;
					e->tgt_code = bcode;
					if (emit_event(x, t, si, e) < 0) return -1;
					/* a paired code: the target's side of the same event ("042:043") */
					if (e->code2 && *e->code2 && strcmp(e->code2, "---") != 0) {
						struct emit_args r = *e;
						r.src_code = bcode;
						r.tgt_code = acode;
						r.src_m = e->tgt_m;
						r.tgt_m = e->src_m;
						r.src_word = e->tgt_word;
						r.tgt_word = e->src_word;
						r.code = e->code2;
						r.code2 = NULL;
						r.rule = "paired code: the target's side";
						if (emit_event(x, t, si, &r) < 0) return -1;
					}
					b += bn + (b[bn] == '/');
				}
				a += an + (a[an] == '/');
			}
		}
	return 0;
}

/* The actor of the subject of verb v's complement clause ("warned that Ukraine would pay",
 * "demanding that the government resign"), -1 when none; its word in *sj. */
static int clause_subject(const struct doc_ctx *x, const struct tree *t,
                          const struct dyad_sentence *s, int v, int *sj, int *coref)
{
	int cc = tree_child(t, v, DEP_CCOMP, 0), o = tree_child(t, v, DEP_OBJ, 0), mk;
	/* or the clause of its object noun: "expressed hopes that Osgiliath could be drawn in"
	 * (a complement, with "that" as its mark, not a relative clause) */
	for (int c = o >= 0 && cc < 0 ? t->first[o] : -1; c >= 0 && cc < 0; c = t->next[c])
		if ((t->w[c].deprel == DEP_ACL || t->w[c].deprel == DEP_ACL_RELCL) &&
		    (mk = tree_child(t, c, DEP_MARK, 0)) >= 0 &&
		    tree_lemma_in(t, mk, (const char *const[]){"that", NULL}))
			cc = c;
	if (cc < 0 || (*sj = tree_child(t, cc, DEP_NSUBJ, 1)) < 0) return -1;
	return arg_actor(x, t, s, *sj, coref);
}

/* Is word k in the clause of predicate p: below it without crossing into another clause (a
 * relative, adverbial or complement clause, a parenthetical)? */
static int same_clause(const struct tree *t, int p, int k)
{
	for (int steps = 0; k >= 0 && steps < 64; steps++) {
		if (k == p) return 1;
		switch (deprel_base(t->w[k].deprel)) {
		case DEP_ACL: case DEP_ADVCL: case DEP_CCOMP: case DEP_CSUBJ: case DEP_PARATAXIS:
			return 0;
		default:
			break;
		}
		k = t->w[k].head;
	}
	return 0;
}

/* Does a sentence-level discard phrase ("years ago", "baseball") stand in the clause of
 * predicate p?  A discard in another clause of the sentence ("rebels who entered the country
 * two years ago") leaves p's event alone. */
static int clause_discarded(const struct doc_ctx *x, const struct tree *t, uint32_t si, int p)
{
	uint32_t first = x->d->sents[si].first;
	for (size_t i = 0; i < x->nph; i++) {
		const struct dyad_phrase *ph = &x->ph[i];
		if (ph->kind != DYAD_PHRASE_DISCARD || ph->sentence != si) continue;
		for (uint32_t w = ph->first; w < ph->first + ph->n; w++)
			if (same_clause(t, p, (int)(w - first))) return 1;
	}
	return 0;
}

/* The target of a protest (CAMEO 14) that names none: the actors of the clause saying what it
 * is for ("staged a hunger strike to protest Sweden's decision", "blocked roads demanding that
 * the government resign"), else the country where it is held ("demonstrated in Serbia",
 * "blocked roads in Algiers": the gazetteer's country).  -1 when out of memory. */
static int protest_target(struct doc_ctx *x, const struct tree *t, const struct dyad_sentence *s,
                          const struct frame *f, struct side *tgt)
{
	static const int roles[] = {ARG_OBJ, ARG_IOBJ, ARG_OBL, 0};
	int heads[2] = {f->pred, f->light};
	for (int h = 0; h < 2 && tgt->n == 0; h++) {
		if (heads[h] < 0) continue;
		for (int ch = t->first[heads[h]]; ch >= 0 && tgt->n == 0; ch = t->next[ch]) {
			int d = deprel_base(t->w[ch].deprel);
			struct frame g;
			if ((d != DEP_ADVCL && d != DEP_XCOMP && d != DEP_ACL) || t->w[ch].upos != UPOS_VERB)
				continue;
			frame_read(t, ch, &g);
			resolve_side(x, t, s, &g, roles, tgt, NULL);
			if (tgt->n == 0) {
				/* "demanding that the government resign": the subject of its clause */
				int sj, coref, m = clause_subject(x, t, s, ch, &sj, &coref);
				if (m >= 0) side_add(tgt, m, sj, coref);
			}
		}
	}
	for (int h = 0; h < 2 && tgt->n == 0; h++) {
		if (heads[h] < 0) continue;
		for (int ch = t->first[heads[h]]; ch >= 0 && tgt->n == 0; ch = t->next[ch]) {
			int k = tree_child(t, ch, DEP_CASE, 0);
			uint32_t w = s->first + (uint32_t)ch;
			const struct dyad_word *dw = &t->w[ch];
			const struct place *pl;
			struct dyad_actor *na;
			int nm;
			if (deprel_base(dw->deprel) != DEP_OBL || k < 0 ||
			    !tree_lemma_in(t, k, (const char *const[]){"in", "at", "outside", NULL}))
				continue;
			/* "in the northern city of Kirkuk", "in the capital, Algiers": the name */
			if (x->at[w] < 0 && !places_find(x->c->places, x->d->ntext + dw->nstart, dw->nend - dw->nstart))
				for (int cc = t->first[ch]; cc >= 0; cc = t->next[cc])
					if ((deprel_base(t->w[cc].deprel) == DEP_NMOD || t->w[cc].deprel == DEP_APPOS) &&
					    t->w[cc].upos == UPOS_PROPN) {
						ch = cc;
						w = s->first + (uint32_t)ch;
						dw = &t->w[ch];
						break;
					}
			if (x->at[w] >= 0) {
				if (upper3(x->m[x->at[w]].code)) side_add(tgt, x->at[w], ch, 0);
				continue;
			}
			pl = places_find(x->c->places, x->d->ntext + dw->nstart, dw->nend - dw->nstart);
			if (!pl || !upper3(pl->country)) continue;
			/* a mention made for the place: its country, the place's word as evidence */
			if ((nm = new_mention(x, NULL, NULL, pl->country, w, &na)) < 0) return -1;
			na->sentence = (uint32_t)(s - x->d->sents);
			na->first = w;
			na->n = 1;
			na->start = dw->start;
			na->end = dw->end;
			na->how = DYAD_ACTOR_DICT;
			na->entry = na->agent = UINT32_MAX;
			side_add(tgt, nm, ch, 0);
		}
	}
	return 0;
}

/* Code predicate p of sentence si. */
/* A pattern's '$' or '+' mark names sentence word w, the first word of a phrase ("+ about the
 * Prince of Dol Amroth" names "the"): the phrase's head noun (from a determiner, preposition or
 * modifier before it), its actor or the first actor inside it, and the actors coordinated with
 * it replace the side's.  Nothing changes when the phrase has no actor. */
static void mark_side(struct doc_ctx *x, const struct tree *t, const struct dyad_sentence *s,
                      int w, struct side *sd)
{
	int coref = 0, m, h = w;
	if (w < 0) return;
	while ((m = arg_actor(x, t, s, h, &coref)) < 0 && t->w[h].head > h) {
		int d = deprel_base(t->w[h].deprel);
		if (d != DEP_DET && d != DEP_AMOD && d != DEP_COMPOUND && d != DEP_NUMMOD && d != DEP_CASE)
			break;
		h = t->w[h].head;
	}
	if (m < 0 && h != w && !is_event_noun(t, h)) {
		m = phrase_actor(x, t, s, h);
		coref = 0;
	}
	if (m < 0) return;
	sd->n = 0;
	side_add(sd, m, h, coref);
	if (coref) return;
	for (int ch = t->first[h]; ch >= 0; ch = t->next[ch]) {
		int32_t cm = x->at[s->first + (uint32_t)ch];
		if (t->w[ch].deprel == DEP_CONJ && cm >= 0) side_add(sd, cm, ch, 0);
	}
}

/* "..., a senior official said on Saturday": a verb of saying after the clause it reports,
 * set off by a comma before its subject (however the parse attached it), is attribution. */
static int report_frame(const struct tree *t, int p)
{
	int sj = tree_child(t, p, DEP_NSUBJ, 0), k;
	if (sj < 0 || sj > p || tree_child(t, p, DEP_OBJ, 0) >= 0) return 0;
	for (k = sj; k > 0 && t->w[k - 1].head == sj; k--) {}
	return k > 0 && t->w[k - 1].upos == UPOS_PUNCT && t->w[p].head >= 0 && t->w[p].head < k;
}

/* "agreed to resume talks", "pledged to send aid": when the act willed gave the intended event
 * of the same two actors, the verb of will's own event would count it again and is dropped
 * ("agreed with Uganda to send aid to Somalia" keeps both).  The events of the sentence (tree
 * t) are those from `first` on. */
static void drop_willed(struct doc_ctx *x, const struct tree *t, size_t first)
{
	static const char *const will[] = {"agree", "pledge", "promise", "vow", "offer", "plan",
		"decide", "propose", NULL};
	struct dyad_doc *d = x->d;
	size_t out = first, ndrop = 0;
	uint8_t drop[64] = {0};
	for (size_t i = first; i < d->nevents && i - first < sizeof drop; i++) {
		const struct dyad_event *e = &d->events[i];
		int p = -1, xc;
		for (int k = 0; k < t->n && p < 0; k++)
			if ((int64_t)t->w[k].start == e->ev_verb.start) p = k;
		if (p < 0 || t->w[p].upos != UPOS_VERB || !tree_lemma_in(t, p, will) ||
		    (xc = tree_child(t, p, DEP_XCOMP, 0)) < 0)
			continue;
		for (size_t j = first; j < d->nevents && !drop[i - first]; j++) {
			const struct dyad_event *g = &d->events[j];
			if (j != i && g->ev_verb.start == (int64_t)t->w[xc].start &&
			    strcmp(g->mode, "intended") == 0 && strcmp(g->source, e->source) == 0 &&
			    strcmp(g->target, e->target) == 0)
				drop[i - first] = 1, ndrop++;
		}
	}
	if (!ndrop) return;
	for (size_t i = first; i < d->nevents; i++)
		if (i - first >= sizeof drop || !drop[i - first]) d->events[out++] = d->events[i];
	d->nevents = out;
}

static int code_predicate(struct doc_ctx *x, const struct tree *t, uint32_t si, int p)
{
	const struct dyad_coder *c = x->c;
	const struct dyad_sentence *s = &x->d->sents[si];
	char word[64], code[8], rcode[8];
	size_t first, n;
	uint32_t forms[MAX_BLOCKS];
	int form = -1, nforms, mode, must, rmode;
	struct frame f;
	struct pattern_match pm;
	struct side src, tgt;
	static const int src_roles[] = {ARG_SUBJ, ARG_POSS, 0};
	static const int tgt_roles[] = {ARG_OBJ, ARG_IOBJ, ARG_OBL, 0};
	int used[FRAME_MAXARGS] = {0};
	const char *rule;

	if (!predicate_lookup(c, t, p, word, sizeof word, &first, &n)) return 0;
	if ((nforms = fitting_forms(c, t, p, first, n, forms)) == 0) return 0;
	frame_read(t, p, &f);
	if (clause_discarded(x, t, si, p)) return 0;
	/* a verb of saying with a clause below it is attribution, not a statement event */
	/* (but for "declared that China must drop its barriers": a demand on China, when a pattern
	 * of the verb names the "must") */
	must = !f.nominal && frame_is_report_verb(t, p) ? frame_must_clause(t, p) : -1;
	if (!f.nominal && frame_is_report_verb(t, p) && must < 0 &&
	    (tree_child(t, p, DEP_CCOMP, 0) >= 0 || t->w[p].deprel == DEP_PARATAXIS ||
	     tree_child(t, p, DEP_PARATAXIS, 0) >= 0 || report_frame(t, p)))
		return 0;
	/* the best pattern of any block; on a tie, and without any pattern, the later block */
	for (int i = 0; i < nforms; i++) {
		struct pattern_match cur;
		pattern_best(c, t, &f, forms[i], &cur);
		if (i == 0 || (cur.pattern >= 0 && cur.score >= pm.score) ||
		    (pm.pattern < 0 && cur.pattern < 0)) {
			pm = cur;
			form = (int)forms[i];
		}
	}
	if (!pm.code[0] || strcmp(pm.code, "---") == 0 || !pattern_code_ok(pm.code)) return 0;
	if (must >= 0 && !pm.mode_words) return 0;
	mode = f.mode;
	snprintf(code, sizeof code, "%s", pm.code);
	if (mode == MODE_INTENDED && f.mode_word >= 0 &&
	    tree_lemma_in(t, f.mode_word, (const char *const[]){"threaten", NULL}) &&
	    codebook_get(c->cb, pm.code)) {
		/* "threatened to break off relations with Congo": the threat is what happened, the
		 * CAMEO threat of that kind of act */
		threat_code(pm.code, code);
		mode = MODE_ASSERTED;
	} else if (mode == MODE_NEGATED && !pm.mode_words && f.mode_word >= 0 &&
	           t->w[p].head == f.mode_word && t->w[p].deprel == DEP_XCOMP &&
	           tree_lemma_in(t, f.mode_word, (const char *const[]){"refuse", "decline", NULL}) &&
	           codebook_get(c->cb, pm.code) && reject_code(pm.code, rcode) &&
	           codebook_get(c->cb, rcode) && (rmode = refusal_mode(t, p, f.mode_word)) != MODE_NEGATED) {
		/* "Katsav refused to meet King Abdullah": the refusal happened, a CAMEO rejection of
		 * that kind of act (125: reject a proposal to meet); the meeting did not */
		mode = rmode;
		snprintf(code, sizeof code, "%s", rcode);
	} else if (pm.mode_words) {
		/* the pattern names the modal or negation ("WILL NOT * ..."): its code stands */
	} else if (mode == MODE_HYPOTHETICAL && f.mode_word >= 0 && f.mode_word != p &&
	           t->w[p].deprel == DEP_CCOMP && ((t->w[p].head == f.mode_word &&
	           frame_is_demand_verb(t, f.mode_word)) ||
	           (t->w[f.mode_word].head == p && tree_lemma_in(t, f.mode_word,
	            (const char *const[]){"must", NULL}) && frame_is_report_verb(t, t->w[p].head)))) {
		/* "Kenya demanded that Uganda release the prisoners", "said that Uganda must release
		 * them": the demand is the event (of the verb above); the release neither happened
		 * nor is Uganda's intent */
		if (!c->all_modes) return 0;
	} else if (mode == MODE_HYPOTHETICAL && f.mode_word >= 0 && f.mode_word != p &&
	           frame_is_accuse_or_prevent_verb(t, f.mode_word)) {
		/* "Russia accused Ukraine of attacking Belarus": the accusation is the event (of the
		 * verb above); the attack is Russia's claim ("warned Washington against expanding":
		 * the expansion did not happen) */
		if (!c->all_modes) return 0;
	} else if (mode == MODE_INTENDED || mode == MODE_HYPOTHETICAL) {
		/* a code outside CAMEO (a user dictionary's own) has no intent code: it stands; so
		 * does a code CAMEO has no intent for when the event is announced ("will act on a
		 * resolution"), marked intended */
		if (!intent_code(pm.code, mode, code) && codebook_get(c->cb, pm.code) && !c->all_modes &&
		    mode != MODE_INTENDED)
			return 0;
	} else if ((mode == MODE_NEGATED || mode == MODE_DENIED) && !c->all_modes) {
		return 0;
	}
	/* "launched an attack", "began a hunger strike": when the light verb was coded itself (a
	 * pattern of its own naming the noun), the noun's event would count it twice */
	if (f.nominal && f.light >= 0)
		for (size_t i = 0; i < x->d->nevents; i++)
			if (x->d->events[i].sentence == si &&
			    x->d->events[i].ev_verb.start == (int64_t)t->w[f.light].start)
				return 0;
	rule = f.nominal ? (f.light >= 0 ? "event noun with light verb" : "event noun") :
	       f.passive ? "passive verb" : "verb";
	/* "between A and B": every ordered pair */
	{
		struct side bw;
		static const int bw_roles[] = {ARG_BETWEEN, 0};
		resolve_side(x, t, s, &f, bw_roles, &bw, NULL);
		if (bw.n >= 2) {
			struct emit_args e = {&f, &pm, (uint32_t)form, 0, 0, 0, 0, 0, NULL, NULL, code, NULL,
				mode, "event noun between two actors"};
			return emit_sides(x, t, si, &e, &bw, &bw);
		}
	}
	resolve_side(x, t, s, &f, src_roles, &src, used);
	resolve_side(x, t, s, &f, tgt_roles, &tgt, used);
	/* "Russia warned that the United States would face consequences", "Arnor believes
	 * Dagolath can cope": a verb without a target of its own acts on the subject of the clause
	 * it governs (never a verb of saying: that clause is what was said) */
	if (tgt.n == 0 && !f.nominal && (!frame_is_report_verb(t, p) || must >= 0)) {
		int sj, coref, m = clause_subject(x, t, s, p, &sj, &coref);
		if (m >= 0) {
			side_add(&tgt, m, sj, coref);
			for (int ch = t->first[sj]; ch >= 0 && !coref; ch = t->next[ch]) {
				int32_t cm = x->at[s->first + (uint32_t)ch];
				if (t->w[ch].deprel == DEP_CONJ && cm >= 0) side_add(&tgt, cm, ch, 0);
			}
			rule = "verb, target the subject of its clause";
		}
	}
	/* "signed an accord on Thursday to supply Gondor with wheat": a verb without a target acts
	 * on the object of the infinitive that says what for (its own, or its object's) */
	if (tgt.n == 0 && !f.nominal && !frame_is_report_verb(t, p)) {
		int heads[2] = {p, tree_child(t, p, DEP_OBJ, 0)};
		for (int hh = 0; hh < 2 && tgt.n == 0; hh++)
			for (int ch = heads[hh] >= 0 ? t->first[heads[hh]] : -1; ch >= 0 && tgt.n == 0;
			     ch = t->next[ch]) {
				int mk = tree_child(t, ch, DEP_MARK, 0), o, coref, m;
				if ((deprel_base(t->w[ch].deprel) != DEP_ADVCL && t->w[ch].deprel != DEP_ACL) ||
				    t->w[ch].upos != UPOS_VERB || mk < 0 ||
				    !tree_lemma_in(t, mk, (const char *const[]){"to", NULL}) ||
				    tree_child(t, ch, DEP_NSUBJ, 1) >= 0)
					continue;
				if ((o = tree_child(t, ch, DEP_OBJ, 0)) < 0 && (o = tree_child(t, ch, DEP_IOBJ, 0)) < 0)
					continue;
				/* (an actor itself, not one inside it: "to discuss Croatia's advance") */
				if ((x->at[s->first + (uint32_t)o] >= 0 || t->w[o].upos == UPOS_PRON) &&
				    (m = arg_actor(x, t, s, o, &coref)) >= 0) {
					side_add(&tgt, m, o, coref);
					rule = "verb, target the object of its purpose";
				}
			}
	}
	/* the pattern's own marks win: '$' and '+' name the words where the actors are */
	mark_side(x, t, s, pm.src_word, &src);
	mark_side(x, t, s, pm.tgt_word, &tgt);
	/* a finite verb the parse gave no subject: the actor right before it ("a concerned Kerry
	 * phoned"), as a shallow coder would read it */
	if (src.n == 0 && !f.nominal && p > 0 && x->at[s->first + (uint32_t)p - 1] >= 0 &&
	    (t->w[p].xpos == XPOS_VBD || t->w[p].xpos == XPOS_VBZ || t->w[p].xpos == XPOS_VBP)) {
		side_add(&src, x->at[s->first + (uint32_t)p - 1], p - 1, 0);
		rule = "verb, subject by position";
	}
	/* a protest with no target of its own: what it protests, else where it is held */
	if (tgt.n == 0 && src.n > 0 && strncmp(code, "14", 2) == 0) {
		if (protest_target(x, t, s, &f, &tgt) < 0) return -1;
		if (tgt.n) rule = f.nominal ? "event noun, protest target from its purpose or place" :
		                  "verb, protest target from its purpose or place";
	}
	/* "Thousands of Iraqi Kurds demonstrated in Kirkuk": a people protesting in its own
	 * country is its civilians protesting to the state, not the state to itself */
	if (strncmp(code, "14", 2) == 0 && tgt.n == 1 && src.n >= 1)
		for (int i = 0; i < src.n; i++) {
			const struct mention *sm = &x->m[src.mention[i]];
			struct dyad_actor *na;
			char cvl[8];
			int nm;
			if (!bare_country(sm->code) || strncmp(sm->code, x->m[tgt.mention[0]].code, 3) ||
			    !people_word(t, src.word[i]))
				continue;
			snprintf(cvl, sizeof cvl, "%.3sCVL", sm->code);
			if ((nm = new_mention(x, sm->a, NULL, cvl, sm->head, &na)) < 0) return -1;
			na->code = x->m[nm].code;
			x->m[nm].person = sm->person;
			src.mention[i] = nm;
		}
	/* "Kerry and Lavrov met", "Gondor and Osgiliath renewed ties", "A and B delayed their
	 * meeting": coordinated subjects with no target of their own act on each other when the
	 * event is mutual by nature (intent, consultation, diplomatic or material cooperation, roots
	 * 03-06) or its object is reciprocal ("their meeting", "each other") */
	if (src.n >= 2 && within(&tgt, &src) &&
	    ((tgt.n == 0 && strncmp(code, "03", 2) >= 0 && strncmp(code, "06", 2) <= 0 &&
	      (strncmp(code, "06", 2) == 0 || reciprocal_predicate(t, &f))) ||
	     reciprocal_object(t, &f))) {
		tgt = src;
		rule = "symmetric event between coordinated subjects";
	}
	{
		/* the paired code only for what happened as the dictionary says, not for an intent */
		struct emit_args e = {&f, &pm, (uint32_t)form, 0, 0, 0, 0, 0, NULL, NULL, code,
			strcmp(code, pm.code) == 0 ? pm.code2 : NULL, mode, rule};
		return emit_sides(x, t, si, &e, &src, &tgt);
	}
}

/* ---------------------------------------------------------------------------------------- */
/* Which sentences to parse                                                                   */

/* The parser is most of the time a document takes, and most sentences cannot give an event: an
 * event needs a predicate the dictionaries know and two different actors, a source and a
 * target.  A word referring back may stand for one, but all the words of one kind ("he",
 * "it", "the administration": known by their forms) stand for the same actor, or for one the
 * sentence names; a place of the gazetteer may be the target of a protest that has a source;
 * a predicate whose forms code nothing ("---") is none.  A sentence is tagged only when it may
 * have the actors, parsed only when it has both, or when an actor in it needs its parse to be
 * resolved at all (an agent without a country: "the government" takes one only with a
 * determiner).  What the others can contribute -- actor mentions as antecedents for later
 * sentences -- does not depend on the parse, so the events are the same as with every sentence
 * parsed (tests/shared/code.sh compares the two on whole evaluation sets and running prose). */
enum { PS_PARSED = 1, PS_DEFERRED, PS_NEEDED };

struct parse_sel {
	const struct dyad_coder *c;
	uint32_t *nment;          /* per sentence: actor mentions */
	uint8_t *two;             /* per sentence: two of them with different codes */
	uint8_t *state;           /* per sentence: PS_PARSED, PS_DEFERRED, PS_NEEDED */
	size_t ndeferred;
	const struct dyad_actor *acts;
	size_t nacts;
	int body;                 /* a sentence not a headline: headlines repeat the story below
	                           * them, and are coded only when there is no story (a record or
	                           * a message of one unpunctuated line) */
	uint8_t *agent;           /* per sentence: an agent whose country depends on the parse */
	uint8_t *in_mention;      /* per document word: inside an actor mention */
	uint32_t after[3];        /* per kind of word referring back (REF_PERSON, REF_OTHER,
	                           * REF_GOV: bit k at [k]): the first document word that may have
	                           * an antecedent of its kind; UINT32_MAX none */
};

/* Fill ps from the document's actor mentions (see want_parse). */
static int parse_sel_init(struct parse_sel *ps, const struct dyad_coder *c, struct dyad_doc *d,
                          const struct dyad_actor *acts, size_t nacts)
{
	uint8_t *country;              /* per sentence: a mention with a country-like code */
	const char **code1;            /* per sentence: the code of its first mention */
	size_t ns = d->nsents + 1;
	uint32_t before = UINT32_MAX;  /* the first sentence with one */

	ps->c = c;
	ps->nment = arena_alloc(&d->arena, sizeof *ps->nment * ns);
	ps->agent = arena_alloc(&d->arena, ns);
	ps->in_mention = arena_alloc(&d->arena, d->nwords + 1);
	ps->two = arena_alloc(&d->arena, ns);
	ps->state = arena_alloc(&d->arena, ns);
	ps->ndeferred = 0;
	ps->acts = acts;
	ps->nacts = nacts;
	country = arena_alloc(&d->arena, ns);
	code1 = arena_alloc(&d->arena, sizeof *code1 * ns);
	if (!ps->nment || !ps->agent || !ps->in_mention || !ps->two || !ps->state || !country || !code1)
		return -1;
	memset(ps->state, 0, ns);
	memset(ps->in_mention, 0, d->nwords + 1);
	memset(ps->nment, 0, sizeof *ps->nment * ns);
	memset(ps->agent, 0, ns);
	memset(country, 0, ns);
	memset(ps->two, 0, ns);
	for (size_t i = 0; i < ns; i++) code1[i] = NULL;
	for (int k = 0; k < 3; k++) ps->after[k] = UINT32_MAX;
	ps->body = 0;
	for (uint32_t si = 0; si < d->nsents; si++)
		if (d->sents[si].n && !(d->sents[si].flags & DYAD_S_HEADLINE)) ps->body = 1;
	for (size_t i = 0; i < nacts; i++) {
		const char *code = acts[i].code;
		uint32_t si = acts[i].sentence;
		if (code && upper3(code) && si < d->nsents) {
			country[si] = 1;
			if (si < before) before = si;
		}
	}
	/* the mentions that may become actors (collect_mentions): an agent ("the government",
	 * "military support") only with a country -- an institution with a determiner takes the
	 * latest one before it, another agent one of its own sentence; whether it has the
	 * determiner, or is a modifier, is the parse's, so its sentence is parsed (agent) */
	for (size_t i = 0; i < nacts; i++) {
		const struct dyad_actor *a = &acts[i];
		const char *code = a->code;
		uint32_t si = a->sentence, end = a->first + a->n;
		int person;
		if (!code || !*code || strcmp(code, "---") == 0 || si >= d->nsents) continue;
		if (strncmp(code, "---", 3) == 0) {
			if (!country[si] && !(institution(code + 3) && before <= si)) continue;
			ps->agent[si] = 1;
		}
		ps->nment[si]++;
		/* (an agent's code is its country's and its own once resolved: maybe another;
		 * alternatives "A/B" are two codes) */
		if (!code1[si]) code1[si] = code;
		else if (strcmp(code1[si], code) != 0) ps->two[si] = 1;
		if (strchr(code, '/')) ps->two[si] = 1;
		for (uint32_t k = a->first; k < end && k < d->nwords; k++) ps->in_mention[k] = 1;
		/* what "he" and "it" may stand for: m->person of collect_mentions, whatever the tag
		 * of the last word */
		person = mention_person(c, d, a, code, 0);
		if (person && end < ps->after[0]) ps->after[0] = end;
		if (!(person && (a->how == DYAD_ACTOR_TITLE || a->how == DYAD_ACTOR_ENTITY)) &&
		    end < ps->after[1])
			ps->after[1] = end;
		/* "the administration": a government mentioned before it */
		if (strlen(code) > 3 && strstr(code + 3, "GOV") && a->first + 1 < ps->after[2])
			ps->after[2] = a->first + 1;
	}
	return 0;
}

/* The slot of a reference kind in parse_sel's after[] and deferred_needed's first[]. */
static int ref_slot(unsigned k) { return k == REF_PERSON ? 0 : k == REF_OTHER ? 1 : 2; }

/* The kind of actor sentence word i refers back to: REF_PERSON ("he"), REF_OTHER ("it",
 * "they"), REF_GOV ("the administration"); 0 when it refers to none: no actor of its kind
 * before it (arg_actor's antecedents), or, once tagged, a "he" or "it" that is no pronoun. */
static unsigned refers_back(const struct parse_sel *ps, const struct dyad_sentence *s,
                            const struct tree *t, int i, int tagged)
{
	unsigned k = ref_kind(t, i);
	if (!k || s->first + (uint32_t)i < ps->after[ref_slot(k)])
		return 0;
	return !tagged || k == REF_GOV || t->w[i].upos == UPOS_PRON ? k : 0;
}

/* Count sentence word i among a sentence's possible actors: a word referring back, once for
 * its kind, or a place of the gazetteer outside the actor mentions (those count already; any
 * word it knows, whatever its tag: protest_target reads an oblique whatever its tag). */
static void count_word(const struct parse_sel *ps, const dyad_doc *d, const struct dyad_sentence *s,
                       const struct tree *t, int i, int tagged, unsigned *kinds, uint32_t *actors,
                       uint32_t *places)
{
	unsigned k = refers_back(ps, s, t, i, tagged);
	if (k) {
		if (!(*kinds & k)) (*actors)++;
		*kinds |= k;
	} else if (!ps->in_mention[s->first + (uint32_t)i] &&
	           places_find(ps->c->places, d->ntext + t->w[i].nstart, t->w[i].nend - t->w[i].nstart)) {
		(*places)++;
	}
}

/* May a pattern of verb form f's block that can code (`can`: CAN_CODE, or CAN_PROTEST) match
 * in the sentence: are all its words there?  (An event only by a pattern: "MAKE * VISIT", a
 * protest "GO * ON_STRIKE".) */
static int block_pattern(const struct parse_sel *ps, const struct tree *t, uint32_t f, unsigned can,
                         uint64_t have[PAT_MASK_WORDS], int *have_set)
{
	const struct dyad_coder *c = ps->c;
	uint32_t b = c->v->vform[f].block;
	if (b >= c->v->h->nblk) return 0;
	if (!*have_set) {
		pattern_sentence_words(c, t, have);
		*have_set = 1;
	}
	for (uint32_t j = c->blk_start[b]; j < c->blk_start[b + 1]; j++) {
		uint32_t p = c->blk_pat[j];
		if ((c->pcan[p] & can) && pattern_words_in(c->need[p], have)) return 1;
	}
	return 0;
}

/* A sentence that can give no event is parsed only when it holds an agent that may become an
 * antecedent of a later sentence's pronoun (deferred_needed); that is decided once every
 * sentence is tagged.  0. */
static int defer(struct parse_sel *ps, size_t si)
{
	if (ps->agent[si]) {
		ps->state[si] = PS_DEFERRED;
		ps->ndeferred++;
	}
	return 0;
}

static int want_parse(void *ctx, const dyad_doc *d, size_t si, int tagged)
{
	struct parse_sel *ps = ctx;
	const struct dyad_sentence *s = &d->sents[si];
	struct tree t = {d->words + s->first, d->ntext, (int)s->n, NULL, NULL, NULL};
	uint32_t actors = ps->nment[si], places = 0;
	unsigned kinds = 0;
	int pred = 0, protest = 0, have_set = 0;
	uint64_t have[PAT_MASK_WORDS];      /* the sentence's pattern words, once needed */

	if (ps->c->parse_all || (ps->agent[si] && !tagged)) return 1;
	/* a headline above a story gives no event (dyad_code_doc); its mentions' tags still count
	 * (collect_mentions: a person's name is a proper noun) */
	if (ps->body && (s->flags & DYAD_S_HEADLINE)) return tagged ? defer(ps, si) : actors > 0;
	if (!tagged) {
		/* tagged at all: a sentence with no actor, nor a word that may stand for one, can give
		 * no event, and nothing else reads its tags; nor one whose words referring back can
		 * only be one actor, unless a place (before tagging, any word the gazetteer knows) may
		 * be the other */
		if (actors) return 1;
		for (int i = 0; i < t.n && !(actors >= 2 || (actors == 1 && places)); i++)
			count_word(ps, d, s, &t, i, 0, &kinds, &actors, &places);
		return actors >= 2 || (actors == 1 && places);
	}
	/* a pronoun or "the administration" stands for an actor mentioned before it: the latest
	 * that fits (a person for "he", another for "it", a government for "the administration").
	 * That is one in this sentence, counted already, or else the latest before the sentence,
	 * the same for every word of the kind: each kind adds one actor at most.  Source and target
	 * have different codes (emit_event), so mentions of one code are one actor -- but for a
	 * protest: "Iraqi Kurds protested against Iraq" is IRQCVL against IRQ.  A place may be the
	 * target of a protest that has a source ("demonstrated in Kirkuk"), and only that. */
#define DISTINCT ((ps->nment[si] > 0) + ps->two[si] + (actors - ps->nment[si]))
#define ENOUGH (pred && (DISTINCT >= 2 || (protest && (actors >= 2 || (actors == 1 && places)))))
	for (int i = 0; i < t.n && !ENOUGH; i++) {
		char buf[64];
		size_t first, n;
		count_word(ps, d, s, &t, i, 1, &kinds, &actors, &places);
		if ((!pred || !protest) && predicate_lookup(ps->c, &t, i, buf, sizeof buf, &first, &n)) {
			uint32_t forms[MAX_BLOCKS];
			int nf = fitting_forms(ps->c, &t, i, first, n, forms);
			for (int j = 0; j < nf; j++) {
				unsigned can = ps->c->can[forms[j]];
				if (can & CAN_OWN_CODE) pred = 1;
				else if ((can & CAN_CODE) && !pred)
					pred = block_pattern(ps, &t, forms[j], CAN_CODE, have, &have_set);
				if (can & CAN_OWN_PROTEST) protest = 1;
				else if ((can & CAN_PROTEST) && !protest)
					protest = block_pattern(ps, &t, forms[j], CAN_PROTEST, have, &have_set);
			}
			/* a strike may turn out a hunger strike, a protest, once parsed (predicate_word) */
			if (t.w[i].upos == UPOS_NOUN && strcmp(buf, "strike") == 0) pred = protest = 1;
		}
	}
	if (ENOUGH) {
		ps->state[si] = PS_PARSED;
		return 1;
	}
	return defer(ps, si);
#undef ENOUGH
#undef DISTINCT
}

/* Which deferred sentences an antecedent search may reach (their state becomes PS_NEEDED): an
 * agent there may become a mention (the parse decides) that a pronoun of a parsed sentence
 * after it refers to -- "he" the latest person before it, "it" the latest other, "the
 * administration" the latest government (arg_actor, antecedent) -- unless a mention that is
 * one for certain (not an agent) and fits as well comes between them.  A pronoun later than
 * the first of its kind after the agent has no more candidates: that one decides.  Mention
 * sentences are all tagged, so a mention's kind is known here as collect_mentions knows it. */
static void deferred_needed(struct parse_sel *ps, dyad_doc *d)
{
	const struct dyad_actor *acts = ps->acts;
	uint32_t next[3] = {UINT32_MAX, UINT32_MAX, UINT32_MAX};  /* first pronoun of each kind */
	uint32_t (*first)[3] = arena_alloc(&d->arena, sizeof *first * (d->nsents + 1));
	if (!first) {                  /* no memory: parse them all */
		for (uint32_t si = 0; si < d->nsents; si++)
			if (ps->state[si] == PS_DEFERRED) ps->state[si] = PS_NEEDED;
		return;
	}
	for (uint32_t si = d->nsents; si-- > 0;) {
		const struct dyad_sentence *s = &d->sents[si];
		memcpy(first[si], next, sizeof next);
		if (ps->state[si] != PS_PARSED) continue;
		struct tree t = {d->words + s->first, d->ntext, (int)s->n, NULL, NULL, NULL};
		for (int i = (int)s->n; i-- > 0;) {
			unsigned k = refers_back(ps, s, &t, i, 1);
			if (k) next[ref_slot(k)] = s->first + (uint32_t)i;
		}
	}
	for (size_t i = 0; i < ps->nacts; i++) {
		const struct dyad_actor *a = &acts[i];
		uint32_t si = a->sentence;
		int person, gov;
		if (si >= d->nsents || ps->state[si] != PS_DEFERRED || !a->code ||
		    strncmp(a->code, "---", 3) != 0 || !a->code[3])
			continue;
		person = mention_person(ps->c, d, a, a->code, 1);
		gov = strstr(a->code + 3, "GOV") != NULL;
		for (int k = 0; k < 3 && ps->state[si] == PS_DEFERRED; k++) {
			uint32_t w = first[si][k];
			int blocked = 0;
			if (w == UINT32_MAX || (k == 0 && !person) || (k == 1 && person) || (k == 2 && !gov))
				continue;
			for (size_t j = i + 1; j < ps->nacts && !blocked; j++) {
				const struct dyad_actor *m = &acts[j];
				if (!m->code || strlen(m->code) < 3 || strncmp(m->code, "---", 3) == 0) continue;
				if (k < 2) blocked = m->first + m->n <= w && mention_person(ps->c, d, m, m->code, 1) == (k == 0);
				else blocked = m->first < w && strstr(m->code + 3, "GOV") != NULL;
			}
			if (!blocked) ps->state[si] = PS_NEEDED;
		}
	}
}

/* The second run of nlp_doc_run: the needed deferred sentences, tagged already. */
static int want_deferred(void *ctx, const dyad_doc *d, size_t si, int tagged)
{
	const struct parse_sel *ps = ctx;
	(void)d;
	if (tagged) return 1;
	return ps->state[si] == PS_NEEDED ? NLP_TAGGED : NLP_KEEP;
}

dyad_status dyad_code_doc(const dyad_coder *c, dyad_doc *d, struct dyad_error *err)
{
	const struct dyad_actor *acts;
	size_t nacts;
	struct doc_ctx x = {c, d, NULL, 0, 0, 0, NULL, &d->arena, NULL, 0};
	struct parse_sel ps;
	size_t first;
	dyad_status st;

	d->nevents = 0;
	if (d->nsents == 0 && d->len > 0 && (st = dyad_doc_segment(d, err)) != DYAD_OK) return st;
	if ((st = dyad_doc_actors(d, c->dicts, &acts, &nacts, err)) != DYAD_OK) return st;
	dyad_doc_phrases(d, &x.ph, &x.nph);
	/* a story-level discard ("+Manchester United"): the document is not political news */
	for (size_t i = 0; i < x.nph; i++)
		if (x.ph[i].kind == DYAD_PHRASE_STORY_DISCARD) return DYAD_OK;
	if (parse_sel_init(&ps, c, d, acts, nacts) < 0) goto nomem;
	if ((st = nlp_doc_run(d, c->nlp, want_parse, &ps, err)) != DYAD_OK) return st;
	if (ps.ndeferred) {
		deferred_needed(&ps, d);
		if ((st = nlp_doc_run(d, c->nlp, want_deferred, &ps, err)) != DYAD_OK) return st;
	}
	if (collect_mentions(&x, acts, nacts) < 0) goto nomem;
	for (uint32_t si = 0; si < d->nsents; si++) {
		const struct dyad_sentence *s = &d->sents[si];
		struct tree t;
		if (s->n == 0 || (ps.body && (s->flags & DYAD_S_HEADLINE))) continue;
		if (tree_build(&t, d->words + s->first, (int)s->n, d->ntext, &d->arena) < 0) goto nomem;
		t.actor = x.at + s->first;
		first = d->nevents;
		for (int p = 0; p < (int)s->n; p++)
			if (code_predicate(&x, &t, si, p) < 0) goto nomem;
		drop_willed(&x, &t, first);
	}
	return DYAD_OK;
nomem:
	dyad_error_set(err, "%s: out of memory while coding", d->id);
	return DYAD_ERR_NOMEM;
}

size_t dyad_doc_nevents(const dyad_doc *d) { return d->nevents; }
const struct dyad_event *dyad_doc_events(const dyad_doc *d) { return d->events; }
