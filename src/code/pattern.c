/* pattern.c -- matching PETRARCH verb patterns against a predicate's clause.
 *
 * A pattern is "pre * post [CODE]": the words before '*' must be found, in order, among the
 * words of the clause before the verb, those after it in order after the verb.  The clause is
 * read off the parse: the predicate's dependents and their subtrees, without the clauses that
 * hang from it (ccomp, advcl, relative clauses, parataxis, conjoined verbs) but with its xcomp
 * chain ("urged them to join talks"); for an event noun, the noun's subtree and its light verb's
 * dependents.  Inside that span order counts and gaps are allowed, except where the pattern
 * joins words with '_' (adjacent).  A word matches a word of the text by form or lemma, or as a
 * stem with a plural ending (TROOP ~ troops).  Parentheses and braces group words for the
 * reader; here they add nothing beyond order.  '$' and '+' mark where the source and target
 * are: the first word after the mark's place.  The pattern with the most matched words wins;
 * ties go to the earlier pattern in the file.  No matching pattern: the verb form's own code.
 */
#include <ctype.h>
#include <string.h>

#include "code/coder.h"
#include "code/frame.h"
#include "nlp/labels.h"

#define MAX_CLAUSE 256

struct clause {
	int16_t w[MAX_CLAUSE];     /* word indices in sentence order */
	int n;
	int verb;                  /* position of the predicate in w[] (or where it would be) */
	char low[MAX_CLAUSE][32];  /* lower-cased forms */
	uint32_t id[MAX_CLAUSE][4];   /* the pattern words it matches (coder_word), 0: none:
	                                 its form, its lemma, a stem without "s" or "es" */
	uint64_t have[PAT_MASK_WORDS];   /* every id above, as a bit (pattern_word_bit) */
};

static int clause_rel(int dep)
{
	switch (dep) {
	case DEP_CCOMP: case DEP_ADVCL: case DEP_ADVCL_RELCL: case DEP_ACL_RELCL: case DEP_ACL:
	case DEP_PARATAXIS: case DEP_CSUBJ: case DEP_CSUBJ_PASS: case DEP_LIST: case DEP_DISLOCATED:
		return 1;
	default:
		return 0;
	}
}

static void mark_subtree(const struct tree *t, int i, unsigned char *in, int root)
{
	for (int c = t->first[i]; c >= 0; c = t->next[c]) {
		int d = t->w[c].deprel;
		if (clause_rel(d)) continue;
		if (d == DEP_CONJ && (t->w[c].upos == UPOS_VERB || t->w[root].upos == UPOS_VERB) &&
		    i == root)
			continue;
		in[c] = 1;
		mark_subtree(t, c, in, root);
	}
}

/* The pattern words sentence word i matches, into id[4] (0: none), their bits added to have:
 * its form (lowered into low[32]), its lemma (lower case), and as a plural its stem ("troops" ~
 * TROOP, "talks" ~ TALK: three letters at least). */
static void word_ids(const struct dyad_coder *c, const struct tree *t, int i, char low[32],
                     uint32_t id[4], uint64_t have[PAT_MASK_WORDS])
{
	char lem[32];
	const char *l = t->w[i].lemma;
	size_t m;
	tree_lower(t, i, low, 32);
	m = strlen(low);
	id[0] = coder_word(c, low, m);
	id[1] = id[2] = id[3] = 0;
	if (l && *l) {
		size_t n = strlen(l);
		if (n < sizeof lem) {
			for (size_t j = 0; j <= n; j++) lem[j] = (char)tolower((unsigned char)l[j]);
			if (strcmp(lem, low)) id[1] = coder_word(c, lem, n);
		}
	}
	if (m >= 4 && low[m - 1] == 's') id[2] = coder_word(c, low, m - 1);
	if (m >= 5 && low[m - 1] == 's' && low[m - 2] == 'e') id[3] = coder_word(c, low, m - 2);
	for (int j = 0; j < 4; j++)
		if (id[j]) {
			unsigned b = pattern_word_bit(id[j]);
			have[b / 64] |= 1ull << (b % 64);
		}
}

/* Append sentence word i to the clause, with the pattern words it matches. */
static void add_word(const struct dyad_coder *c, const struct tree *t, struct clause *cl, int i)
{
	int k = cl->n++;
	cl->w[k] = (int16_t)i;
	word_ids(c, t, i, cl->low[k], cl->id[k], cl->have);
}

/* (coder.h) */
void pattern_sentence_words(const struct dyad_coder *c, const struct tree *t,
                            uint64_t have[PAT_MASK_WORDS])
{
	char low[32];
	uint32_t id[4];
	memset(have, 0, PAT_MASK_WORDS * sizeof *have);
	for (int i = 0; i < t->n; i++) word_ids(c, t, i, low, id, have);
}

/* (coder.h) */
void pattern_need(const struct dict_view *v, uint32_t i, uint64_t need[PAT_MASK_WORDS])
{
	const struct dict_vpattern *p = &v->vpat[i];
	memset(need, 0, PAT_MASK_WORDS * sizeof *need);
	for (uint32_t k = p->elem0; k < p->elem0 + p->nelem; k++)
		if (DICT_V_KIND(v->velem[k]) == DICT_V_WORD && DICT_V_VALUE(v->velem[k])) {
			unsigned b = pattern_word_bit(DICT_V_VALUE(v->velem[k]));
			need[b / 64] |= 1ull << (b % 64);
		}
}

static void build_clause(const struct dyad_coder *c, const struct tree *t, const struct frame *f,
                         struct clause *cl, int with_ccomp)
{
	unsigned char in[MAX_CLAUSE * 4];
	int p = f->pred, n = t->n < (int)sizeof in ? t->n : (int)sizeof in;

	memset(in, 0, (size_t)n);
	in[p] = 1;
	mark_subtree(t, p, in, p);
	for (int ch = t->first[p]; ch >= 0 && with_ccomp; ch = t->next[ch])
		if (t->w[ch].deprel == DEP_CCOMP) {
			in[ch] = 1;
			mark_subtree(t, ch, in, ch);
		}
	if (f->light >= 0) {
		in[f->light] = 1;
		mark_subtree(t, f->light, in, f->light);
	}
	/* a verb of saying sees the "must" of what it reports ("* MUST": a demand) */
	if (!f->nominal && frame_is_report_verb(t, p)) {
		int cc = frame_must_clause(t, p);
		for (int a = cc >= 0 ? t->first[cc] : -1; a >= 0; a = t->next[a])
			if (t->w[a].deprel == DEP_AUX) in[a] = 1;
	}
	/* the verb that governs a complement clause stands before it ("indicated it would act":
	 * PETRARCH patterns read the sentence flat, "INDICATED WOULD * NOW") */
	if (!f->nominal && (t->w[p].deprel == DEP_CCOMP || t->w[p].deprel == DEP_XCOMP) &&
	    t->w[p].head >= 0 && t->w[p].head < p) {
		int g = t->w[p].head;
		in[g] = 1;
		/* and, for "won't try to clash", the words of the governing verb's own clause
		 * before it ("UNEXPECTEDLY &NEGATVAUXVRB * OVER EFFORTS") */
		if (t->w[p].deprel == DEP_XCOMP)
			for (int ch = t->first[g]; ch >= 0; ch = t->next[ch])
				if (ch < g && !clause_rel(t->w[ch].deprel)) {
					in[ch] = 1;
					mark_subtree(t, ch, in, ch);
				}
	}
	/* subjects the frame took from elsewhere belong to the clause too */
	for (int a = 0; a < f->nargs; a++)
		if (f->args[a].inherited && f->args[a].role == ARG_SUBJ) {
			in[f->args[a].head] = 1;
			mark_subtree(t, f->args[a].head, in, f->args[a].head);
		}
	cl->n = 0;
	cl->verb = -1;
	memset(cl->have, 0, sizeof cl->have);
	for (int i = 0; i < n && cl->n < MAX_CLAUSE; i++) {
		if (!in[i]) continue;
		/* an event noun's modifiers say what kind of event it is ("military assistance"):
		 * they stand after the predicate, where a verb's object would */
		if (f->nominal && i < p && t->w[i].head == p &&
		    (deprel_base(t->w[i].deprel) == DEP_AMOD || deprel_base(t->w[i].deprel) == DEP_COMPOUND))
			continue;
		if (i == p) {
			cl->verb = cl->n;
			add_word(c, t, cl, i);
			if (!f->nominal) {
				/* "the aid it provides": the noun a relative clause modifies is its object,
				 * and stands where an object would, after the verb, with its modifiers */
				int h = t->w[p].head;
				int obj = 0;
				for (int a = 0; a < f->nargs; a++)
					obj |= f->args[a].inherited && f->args[a].role == ARG_OBJ && f->args[a].head == h;
				if (t->w[p].deprel != DEP_ACL_RELCL || h < 0 || h > p || !obj) continue;
				for (int k = 0; k <= h && cl->n < MAX_CLAUSE; k++)
					if (k == h || (t->w[k].head == h && (deprel_base(t->w[k].deprel) == DEP_AMOD ||
					    deprel_base(t->w[k].deprel) == DEP_COMPOUND))) {
						add_word(c, t, cl, k);
					}
				continue;
			}
			for (int k = 0; k < p && cl->n < MAX_CLAUSE; k++)
				if (in[k] && t->w[k].head == p && (deprel_base(t->w[k].deprel) == DEP_AMOD ||
				    deprel_base(t->w[k].deprel) == DEP_COMPOUND)) {
					add_word(c, t, cl, k);
				}
			continue;
		}
		add_word(c, t, cl, i);
	}
}

/* Time words: a prepositional phrase about when ("on Tuesday") is no argument of the verb. */
static const char *const time_words[] = {"monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday", "day", "days", "week", "weeks", "month", "months", "year", "years",
	"night", "morning", "afternoon", "evening", "time", "today", "weekend", "january",
	"february", "march", "april", "may", "june", "july", "august", "september", "october",
	"november", "december", "hour", "hours", "occasion", NULL};

/* Is clause position k a preposition that heads an argument (not a time) phrase? */
static int prep_of_argument(const struct tree *t, const struct clause *cl, int k)
{
	int w = cl->w[k], h = t->w[w].head;
	char buf[32];
	if (t->w[w].deprel != DEP_CASE && t->w[w].deprel != DEP_COMPOUND_PRT &&
	    t->w[w].deprel != DEP_MARK)
		return 1;              /* a parse we cannot read: let order decide */
	if (t->w[w].deprel != DEP_CASE || h < 0) return 1;
	tree_lower(t, h, buf, sizeof buf);
	for (const char *const *p = time_words; *p; p++)
		if (strcmp(buf, *p) == 0) return 0;
	return 1;
}

/* Is clause position k a preposition whose object is an actor? */
static int prep_of_actor(const struct tree *t, const struct clause *cl, int k)
{
	int h = t->w[cl->w[k]].head;
	if (!t->actor) return 1;
	if (h < 0 || t->w[cl->w[k]].deprel != DEP_CASE) return 0;
	if (t->actor[h] >= 0) return 1;
	for (int c = t->first[h]; c >= 0; c = t->next[c])
		if (t->actor[c] >= 0 && (deprel_base(t->w[c].deprel) == DEP_COMPOUND ||
		    deprel_base(t->w[c].deprel) == DEP_FLAT || t->w[c].deprel == DEP_NMOD_POSS ||
		    deprel_base(t->w[c].deprel) == DEP_AMOD || deprel_base(t->w[c].deprel) == DEP_NMOD))
			return 1;
	return 0;
}

/* Modal and negating words: a pattern that names one decides the mode's code itself. */
static int is_mode_word(const char *w)
{
	static const char *const words[] = {"not", "n't", "never", "will", "wo", "would", "might",
		"may", "could", "can", "ca", "should", "shall", "must", NULL};
	for (int i = 0; words[i]; i++)
		if (strcmp(w, words[i]) == 0) return 1;
	return 0;
}

/* Does dictionary word dw (its STR offset) match clause position k? */
static int word_match(const struct clause *cl, int k, uint32_t dw)
{
	const uint32_t *id = cl->id[k];
	return dw && (id[0] == dw || id[1] == dw || id[2] == dw || id[3] == dw);
}

/* Does synset s match at clause position k?  Returns the number of positions used (0: no). */
static int synset_match(const struct dyad_coder *c, const struct clause *cl, int k, uint32_t s)
{
	const struct dict_view *v = c->v;
	const struct dict_synset *sy = &v->syn[s];
	uint32_t e = sy->elem0, end = sy->elem0 + sy->nelem;

	while (e < end) {
		int pos = k, ok = 1;
		uint32_t f = e;
		for (; f < end && DICT_V_KIND(v->velem[f]) != DICT_V_END; f++) {
			if (!ok) continue;
			if (pos >= cl->n || DICT_V_KIND(v->velem[f]) != DICT_V_WORD ||
			    !word_match(cl, pos, DICT_V_VALUE(v->velem[f])))
				ok = 0;
			else
				pos++;
		}
		if (ok && pos > k) return pos - k;
		e = f + 1;
	}
	return 0;
}

/* '^' in a pattern stands for a phrase the pattern skips ("IFTAR IN ^ +": "Iftar in Osgiliath
 * with the leaders of Gondor", the target after the place).  The phrase is a base noun phrase:
 * its preposition, the words before its head noun that hang from it, and the head; a
 * prepositional phrase below it is not part of it.  Returns the clause position after it. */
static int skip_phrase(const struct tree *t, const struct clause *cl, int k, int to)
{
	int w, h;
	if (k >= to) return k;
	w = cl->w[k];
	if (t->w[w].deprel == DEP_CASE && k + 1 < to) w = cl->w[++k];
	/* climb from a left modifier to the head it modifies */
	for (h = w; t->w[h].head > h && t->w[h].head >= 0; h = t->w[h].head) {
		int d = deprel_base(t->w[h].deprel);
		if (d != DEP_DET && d != DEP_AMOD && d != DEP_COMPOUND && d != DEP_NUMMOD &&
		    t->w[h].deprel != DEP_NMOD_POSS && d != DEP_FLAT && d != DEP_CASE)
			break;
	}
	while (k < to && cl->w[k] <= h) k++;
	return k;
}

/* Match elements [e, end) of a pattern in clause positions [from, to) in order.  Returns the
 * number of matched words, or -1 when some element is not found. */
static int match_side(const struct dyad_coder *c, const struct tree *t, const struct clause *cl,
                      uint32_t e, uint32_t end, int from, int to, int last,
                      struct pattern_match *m)
{
	const struct dict_view *v = c->v;
	int pos = from, score = 0, pp_first = 0;

	for (; e < end; e++) {
		uint32_t el = v->velem[e];
		int kind = DICT_V_KIND(el), adj = (el & DICT_V_ADJ) != 0, found = -1, used = 1;
		int is_prep = pp_first, bare = 0;
		pp_first = kind == DICT_V_PPOPEN;
		/* "(ON)", "(AT +)": a preposition alone stands for its object, which must be an actor
		 * ("call on Russia", not "out at sea") */
		if (is_prep && kind == DICT_V_WORD) {
			uint32_t nx = e + 1 < end ? DICT_V_KIND(v->velem[e + 1]) : DICT_V_PPCLOSE;
			bare = nx == DICT_V_PPCLOSE || nx == DICT_V_TGT || nx == DICT_V_SRC;
		}
		if (kind == DICT_V_SRC || kind == DICT_V_TGT) {
			int16_t at = pos < to ? cl->w[pos] : -1;
			if (kind == DICT_V_SRC) m->src_word = at;
			else m->tgt_word = at;
			continue;
		}
		if (kind == DICT_V_OTHER && DICT_V_VALUE(el) == '^') {
			if (pos >= to) return -1;
			pos = skip_phrase(t, cl, pos, to);
			last = pos - 1;
			continue;
		}
		if (kind != DICT_V_WORD && kind != DICT_V_SYN) {
			if (kind == DICT_V_PPOPEN) pp_first = 1;
			continue;
		}
		for (int k = pos; k < to; k++) {
			if (adj && last >= 0 && k != last + 1) break;
			if (kind == DICT_V_WORD && word_match(cl, k, DICT_V_VALUE(el)) &&
			    (!is_prep || prep_of_argument(t, cl, k)) && (!bare || prep_of_actor(t, cl, k))) {
				found = k;
				break;
			}
			if (kind == DICT_V_SYN && (used = synset_match(c, cl, k, DICT_V_VALUE(el))) > 0) {
				found = k;
				break;
			}
			used = 1;
		}
		if (found < 0) return -1;
		if (kind == DICT_V_WORD && is_mode_word(v->str + DICT_V_VALUE(el))) m->mode_words = 1;
		/* a synset of negations ("&NEGATVAUXVRB": DID N'T, WILL NOT) names the mode too */
		for (int k = found; kind == DICT_V_SYN && k < found + used; k++)
			if (is_mode_word(cl->low[k])) m->mode_words = 1;
		last = found + used - 1;
		pos = last + 1;
		score += used;
	}
	m->last = last;
	return score;
}

/* (coder.h) */
void pattern_first_code(const char *s, char *out, char *out2)
{
	size_t n = strcspn(s, ": \t"), k = 0;
	if (n > 7) n = 7;
	memcpy(out, s, n);
	out[n] = 0;
	if (s[n] == ':') {
		k = strcspn(s + n + 1, " \t");
		if (k > 7) k = 7;
		memcpy(out2, s + n + 1, k);
	}
	out2[k] = 0;
}

/* Are elements [e, end) words that all hang together with '_' (two at least)? */
static int joined_phrase(const struct dict_view *v, uint32_t e, uint32_t end)
{
	int words = 0;
	for (uint32_t k = e; k < end; k++) {
		int kind = DICT_V_KIND(v->velem[k]);
		if (kind == DICT_V_END) break;
		if (kind != DICT_V_WORD) return 0;
		if (words > 0 && !(v->velem[k] & DICT_V_ADJ)) return 0;
		words++;
	}
	return words >= 2;
}

int pattern_usable(const struct dict_view *v, uint32_t i)
{
	const struct dict_vpattern *p = &v->vpat[i];
	char code[8], code2[8];
	int star = 0;
	for (uint32_t k = p->elem0; k < p->elem0 + p->nelem; k++)
		star |= DICT_V_KIND(v->velem[k]) == DICT_V_STAR;
	pattern_first_code(v->str + p->code, code, code2);
	return star && pattern_code_ok(code);
}

int pattern_code_ok(const char *code)
{
	if (strcmp(code, "---") == 0) return 1;
	if (!*code) return 0;
	for (; *code; code++)
		if (!isalnum((unsigned char)*code)) return 0;
	return 1;
}

int pattern_best(const struct dyad_coder *c, const struct tree *t, const struct frame *f,
                 uint32_t form, struct pattern_match *m)
{
	const struct dict_view *v = c->v;
	const struct dict_vform *vf = &v->vform[form];
	struct clause cl;
	int best = -1;

	m->pattern = -1;
	m->score = 0;
	m->src_word = m->tgt_word = -1;
	m->mode_words = 0;
	pattern_first_code(v->str + vf->code, m->code, m->code2);
	m->line = vf->line;
	m->file = v->vblk[vf->block].file;
	build_clause(c, t, f, &cl, 0);
	if (cl.verb < 0) return 0;
	for (int pass = 0; pass < 2; pass++) {
	if (pass == 1) {
		/* no pattern in the clause: PETRARCH's patterns read the sentence flat, and some
		 * reach into the complement ("allowed that Mordor isn't a REALLY PLEASANT place") */
		if (m->pattern >= 0 || f->nominal || tree_child(t, f->pred, DEP_CCOMP, 0) < 0) break;
		build_clause(c, t, f, &cl, 1);
	}
	for (uint32_t j = c->blk_start[vf->block]; j < c->blk_start[vf->block + 1]; j++) {
		uint32_t i = c->blk_pat[j];
		const struct dict_vpattern *p = &v->vpat[i];
		uint32_t e = p->elem0, end = p->elem0 + p->nelem, star = e;
		struct pattern_match cur = {(int32_t)i, "", "", 0, -1, -1, 0, p->line, p->file, -2};
		int a, b;

		/* every word of a pattern must be in the clause: one that is not rules it out */
		if (!pattern_words_in(c->need[i], cl.have)) continue;

		/* (the index holds only patterns with a '*' and a code: pattern_usable) */
		while (DICT_V_KIND(v->velem[star]) != DICT_V_STAR) star++;
		/* into the complement only with a phrase of joined words ("REALLY_PLEASANT"): a
		 * single word there ("demanded that ... WITHDRAW") says little about the verb */
		if (pass == 1 && !joined_phrase(v, star + 1, end)) continue;
		a = match_side(c, t, &cl, e, star, 0, cl.verb, -2, &cur);
		if (a < 0) continue;
		/* "RECENTLY_*": the word right before the verb */
		if ((v->velem[star] & DICT_V_ADJ) && star > e && cur.last != cl.verb - 1) continue;
		/* "*_UPON": the verb is the word before the first one after it */
		b = match_side(c, t, &cl, star + 1, end, cl.verb + 1, cl.n, cl.verb, &cur);
		if (b < 0) continue;
		if (a + b > best) {
			best = a + b;
			*m = cur;
			m->score = a + b;
		}
	}
	}
	if (m->pattern >= 0) pattern_first_code(v->str + v->vpat[m->pattern].code, m->code, m->code2);
	return 1;
}
