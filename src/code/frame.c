/* frame.c -- predicate frames from a dependency parse (see frame.h).
 *
 * Rules, in UD terms:
 *   subject side  nsubj; obl:agent (or obl with "by") of a passive; nmod:poss of an event noun;
 *                 the controller of an xcomp (the governor's obj, else its nsubj); the subject
 *                 of the first conjunct for a conjoined verb without one; the subject of the
 *                 governor for an advcl; the light verb's subject for "made a call"
 *   object side   obj, iobj, nsubj:pass; obl and nmod with their case word; "between A and B";
 *                 the noun a relative clause modifies when the clause lacks that role
 *   conjuncts     every argument's conj dependents are arguments too ("A and B")
 *   mode          not/never/no -> negated; will/shall/going to -> intended; might/may/could/
 *                 would/should -> hypothetical; if/unless -> hypothetical; xcomp of plan/intend/
 *                 vow/pledge/agree/... -> intended; complement of deny/reject/refuse -> denied;
 *                 below a verb of saying -> reported
 */
#include <ctype.h>
#include <string.h>

#include "frame.h"
#include "nlp/labels.h"

int tree_build(struct tree *t, const struct dyad_word *w, int n, const char *text, struct arena *a)
{
	t->w = w;
	t->n = n;
	t->text = text;
	t->actor = NULL;
	t->first = arena_alloc(a, sizeof *t->first * (size_t)(n + 1));
	t->next = arena_alloc(a, sizeof *t->next * (size_t)(n + 1));
	if (!t->first || !t->next) return -1;
	for (int i = 0; i < n; i++) t->first[i] = t->next[i] = -1;
	for (int i = n - 1; i >= 0; i--) {
		int h = w[i].head;
		if (h >= 0 && h < n && h != i) {
			t->next[i] = t->first[h];
			t->first[h] = (int16_t)i;
		}
	}
	return 0;
}

const char *tree_lower(const struct tree *t, int i, char *buf, size_t n)
{
	const struct dyad_word *x = &t->w[i];
	size_t len = x->nend - x->nstart, k;
	if (len >= n) len = n - 1;
	for (k = 0; k < len; k++) {
		char c = t->text[x->nstart + k];
		buf[k] = (char)tolower((unsigned char)c);
	}
	buf[k] = 0;
	/* typographic apostrophe as ASCII: "n’t" -> "n't" */
	for (char *p = buf; (p = strstr(p, "\xE2\x80\x99")); ) {
		*p = '\'';
		memmove(p + 1, p + 3, strlen(p + 3) + 1);
	}
	return buf;
}

int tree_lemma_in(const struct tree *t, int i, const char *const *list)
{
	char buf[64];
	const char *l = t->w[i].lemma;
	if (!l || !*l) l = tree_lower(t, i, buf, sizeof buf);
	/* (the first letters compared first: most words are in no list) */
	for (unsigned c0 = (unsigned char)l[0] | 0x20; *list; list++)
		if (((unsigned char)(*list)[0] | 0x20) == c0 && strcasecmp(l, *list) == 0) return 1;
	return 0;
}

int tree_child(const struct tree *t, int i, int dep, int base)
{
	for (int c = t->first[i]; c >= 0; c = t->next[c])
		if (t->w[c].deprel == dep || (base && deprel_base(t->w[c].deprel) == dep)) return c;
	return -1;
}

const char *mode_name(int mode)
{
	static const char *const names[] = {"asserted", "negated", "intended", "hypothetical",
		"denied", "reported"};
	return mode >= 0 && mode <= MODE_REPORTED ? names[mode] : "asserted";
}

static const char *const report_verbs[] = {"say", "tell", "report", "claim", "announce",
	"state", "add", "confirm", "indicate", "note", "insist", "reiterate", "write", "explain",
	"acknowledge", "argue", "assert", "declare", "stress", "emphasize", "emphasise", "believe",
	"think", "reveal", "disclose", "allege", "quote", "recall", NULL};
static const char *const intent_verbs[] = {"plan", "intend", "want", "hope", "seek", "vow",
	"pledge", "promise", "aim", "prepare", "agree", "offer", "decide", "expect", "wish",
	"try", "attempt", "propose", "consider", "mean", "resolve", "undertake", "volunteer",
	"threaten",
	/* adjectives of will: "ready to supply", "willing to send" */
	"ready", "willing", "prepared", "eager", "determined", "keen", NULL};
static const char *const intent_nouns[] = {"plan", "intention", "bid", "effort", "attempt",
	"threat", "offer", "promise", "pledge", "readiness", "decision", "proposal", "move",
	"commitment", "vow", "aim", "goal", NULL};
static const char *const demand_verbs[] = {"demand", "urge", "ask", "request", "recommend",
	"propose", "want", "prefer", NULL};
/* verbs whose "of"/"for"/"with" clause is an allegation ("accused Ukraine of attacking
 * Belarus"): the act is the accuser's claim, not an event */
static const char *const accuse_verbs[] = {"accuse", "blame", "charge", "suspect", "allege", NULL};
/* verbs whose "against"/"from" clause is what is warned against or kept from happening
 * ("warned Washington against expanding its presence", "barred the ships from entering") */
static const char *const prevent_verbs[] = {"warn", "caution", "advise", "urge", "prevent",
	"stop", "deter", "ban", "bar", "prohibit", "dissuade", "discourage", "keep", "block", NULL};
static const char *const fear_verbs[] = {"fear", "worry", "suspect", "speculate", "wonder",
	"doubt", "hope", "predict", "expect", "suggest", NULL};
static const char *const deny_verbs[] = {"deny", "reject", "refuse", "dismiss", "decline",
	"refute", NULL};
static const char *const light_verbs[] = {"make", "hold", "have", "conduct", "pay", "place",
	"give", "launch", "carry", "stage", "host", "receive", "begin", "start", "open", "resume",
	"organize", "organise", "continue", "join", NULL};
static const char *const neg_words[] = {"not", "n't", "never", "no", NULL};
static const char *const will_words[] = {"will", "shall", "'ll", "wo", NULL};
static const char *const maybe_words[] = {"might", "may", "could", "would", "should", "can",
	"ca", "must", "'d", NULL};
static const char *const if_words[] = {"if", "unless", "whether", NULL};

int frame_must_clause(const struct tree *t, int v)
{
	for (int c = t->first[v]; c >= 0; c = t->next[c])
		if (t->w[c].deprel == DEP_CCOMP && t->w[c].upos == UPOS_VERB)
			for (int a = t->first[c]; a >= 0; a = t->next[a])
				if (t->w[a].deprel == DEP_AUX && tree_lemma_in(t, a, (const char *const[]){"must", NULL}))
					return c;
	return -1;
}

int frame_is_demand_verb(const struct tree *t, int i)
{
	return tree_lemma_in(t, i, demand_verbs);
}

int frame_is_accuse_or_prevent_verb(const struct tree *t, int i)
{
	return tree_lemma_in(t, i, accuse_verbs) || tree_lemma_in(t, i, prevent_verbs);
}

int frame_is_report_verb(const struct tree *t, int i)
{
	return t->w[i].upos == UPOS_VERB && tree_lemma_in(t, i, report_verbs);
}

int tree_form_in(const struct tree *t, int i, const char *const *list)
{
	char buf[32];
	tree_lower(t, i, buf, sizeof buf);
	for (; *list; list++)
		if (strcmp(buf, *list) == 0) return 1;
	return 0;
}

/* The case word of nominal i ("to" in "to Lavrov"), or -1; "according to" gives "according". */
static int case_of(const struct tree *t, int i)
{
	return tree_child(t, i, DEP_CASE, 0);
}

static void add_arg(struct frame *f, const struct tree *t, int head, int prep, int role, int inherited)
{
	/* the argument and its conjuncts */
	int stack[8], ns = 0;
	stack[ns++] = head;
	while (ns > 0 && f->nargs < FRAME_MAXARGS) {
		int h = stack[--ns];
		struct arg *a = &f->args[f->nargs++];
		a->head = (int16_t)h;
		a->prep = (int16_t)prep;
		a->role = (uint8_t)role;
		a->inherited = (uint8_t)inherited;
		for (int c = t->first[h]; c >= 0 && ns < 8; c = t->next[c])
			if (t->w[c].deprel == DEP_CONJ && t->w[c].upos != UPOS_VERB) stack[ns++] = c;
	}
}

static int has_role(const struct frame *f, int role)
{
	for (int i = 0; i < f->nargs; i++)
		if (f->args[i].role == role) return 1;
	return 0;
}

/* The subject of verb v: its nsubj, or (passive) its agent; -1 when it has none of its own. */
static int own_subject(const struct tree *t, int v)
{
	int s = tree_child(t, v, DEP_NSUBJ, 0);
	if (s < 0) s = tree_child(t, v, DEP_NSUBJ_OUTER, 0);
	return s;
}

/* The subject a verb takes from above: controller, first conjunct, governor of an advcl. */
static int inherited_subject(const struct tree *t, int v, int depth)
{
	int h = t->w[v].head, d = t->w[v].deprel, s;
	if (h < 0 || depth > 6) return -1;
	switch (d) {
	case DEP_XCOMP:
		if ((s = tree_child(t, h, DEP_OBJ, 0)) >= 0) return s;
		if ((s = tree_child(t, h, DEP_IOBJ, 0)) >= 0) return s;
		/* "was seen to break into", "was ordered to withdraw": the passive's subject */
		if ((s = tree_child(t, h, DEP_NSUBJ_PASS, 0)) >= 0) return s;
		/* fall through */
	case DEP_ADVCL:
		/* "accused Nicosia of blocking", "praised Greece for its restraint": the object does
		 * what the clause says */
		for (int c = t->first[v]; c >= 0; c = t->next[c])
			if ((t->w[c].deprel == DEP_MARK || t->w[c].deprel == DEP_CASE) &&
			    tree_lemma_in(t, c, (const char *const[]){"of", "for", NULL}) &&
			    (s = tree_child(t, h, DEP_OBJ, 0)) >= 0)
				return s;
		/* fall through */
	case DEP_CONJ:
		if ((s = own_subject(t, h)) >= 0) return s;
		return inherited_subject(t, h, depth + 1);
	default:
		return -1;
	}
}

static void args_of_verb(const struct tree *t, int v, struct frame *f, int inherited)
{
	for (int c = t->first[v]; c >= 0; c = t->next[c]) {
		int d = t->w[c].deprel, k;
		switch (d) {
		case DEP_NSUBJ:
		case DEP_NSUBJ_OUTER:
			add_arg(f, t, c, -1, ARG_SUBJ, inherited);
			break;
		case DEP_NSUBJ_PASS:
			add_arg(f, t, c, -1, ARG_OBJ, inherited);
			break;
		case DEP_OBJ:
			add_arg(f, t, c, -1, ARG_OBJ, inherited);
			break;
		case DEP_IOBJ:
			add_arg(f, t, c, -1, ARG_IOBJ, inherited);
			break;
		case DEP_OBL_AGENT:
			add_arg(f, t, c, case_of(t, c), ARG_SUBJ, inherited);
			break;
		case DEP_OBL:
		case DEP_OBL_UNMARKED:
			k = case_of(t, c);
			if (k >= 0 && tree_form_in(t, k, (const char *const[]){"according", NULL})) break;
			if (k >= 0 && f->passive && tree_form_in(t, k, (const char *const[]){"by", NULL}))
				add_arg(f, t, c, k, ARG_SUBJ, inherited);
			else
				add_arg(f, t, c, k, ARG_OBL, inherited);
			break;
		default:
			break;
		}
	}
}

static void args_of_noun(const struct tree *t, int p, struct frame *f)
{
	for (int c = t->first[p]; c >= 0; c = t->next[c]) {
		int d = t->w[c].deprel, k;
		if (d == DEP_NMOD_POSS) {
			add_arg(f, t, c, -1, ARG_POSS, 0);
		} else if (d == DEP_NMOD || d == DEP_NMOD_UNMARKED) {
			k = case_of(t, c);
			if (k >= 0 && tree_form_in(t, k, (const char *const[]){"between", "among", NULL}))
				add_arg(f, t, c, k, ARG_BETWEEN, 0);
			else if (k >= 0 && tree_form_in(t, k, (const char *const[]){"by", "from", NULL}))
				add_arg(f, t, c, k, ARG_SUBJ, 0);
			else
				add_arg(f, t, c, k, ARG_OBL, 0);
		} else if (d == DEP_ACL || d == DEP_ACL_RELCL) {
			/* "the call between Kerry and Lavrov, in which the two discussed": not the noun's */
		}
	}
}

/* Mode marks on word x (a verb, an auxiliary's head, or a noun). */
static void mode_marks(const struct tree *t, int x, struct frame *f)
{
	for (int c = t->first[x]; c >= 0; c = t->next[c]) {
		int d = t->w[c].deprel;
		if ((d == DEP_ADVMOD || d == DEP_DET) && tree_form_in(t, c, neg_words)) {
			f->mode = MODE_NEGATED;
			f->mode_word = (int16_t)c;
		}
		/* "Neither Galadriel nor Gollum boycotted": a subject of "neither ... nor" */
		if (deprel_base(d) == DEP_NSUBJ)
			for (int k = t->first[c]; k >= 0; k = t->next[k])
				if (deprel_base(t->w[k].deprel) == DEP_CC &&
				    tree_form_in(t, k, (const char *const[]){"neither", NULL})) {
					f->mode = MODE_NEGATED;
					f->mode_word = (int16_t)k;
				}
	}
	if (f->mode == MODE_NEGATED) return;
	for (int c = t->first[x]; c >= 0; c = t->next[c]) {
		int d = t->w[c].deprel;
		if (d == DEP_AUX && tree_form_in(t, c, maybe_words)) {
			f->mode = MODE_HYPOTHETICAL;
			f->mode_word = (int16_t)c;
			return;
		}
		if (d == DEP_AUX && tree_form_in(t, c, will_words)) {
			f->mode = MODE_INTENDED;
			f->mode_word = (int16_t)c;
		}
		if (d == DEP_MARK && tree_form_in(t, c, if_words)) {
			f->mode = MODE_HYPOTHETICAL;
			f->mode_word = (int16_t)c;
			return;
		}
	}
}

int frame_marks_asserted(const struct tree *t, int v)
{
	struct frame g;
	g.mode = MODE_ASSERTED;
	g.mode_word = -1;
	mode_marks(t, v, &g);
	return g.mode == MODE_ASSERTED;
}

/* Climb from x through the clauses above it: governing intent/deny verbs set the mode, verbs of
 * saying are collected as reporters, "according to X" is remembered. */
static void climb(const struct tree *t, int x, struct frame *f)
{
	for (int steps = 0; x >= 0 && steps < 8; steps++) {
		int h = t->w[x].head, d = t->w[x].deprel;
		/* "..., the report said": a verb of saying in parataxis below the clause */
		for (int c = t->first[x]; c >= 0; c = t->next[c]) {
			int k;
			/* (a parser may attach "..., officials said" as a conjunct: a verb of saying after
			 * the clause, with a subject of its own and nothing said below it) */
			if ((t->w[c].deprel == DEP_PARATAXIS ||
			     (t->w[c].deprel == DEP_CONJ && c > x && tree_child(t, c, DEP_NSUBJ, 0) >= 0 &&
			      tree_child(t, c, DEP_CCOMP, 0) < 0 && tree_child(t, c, DEP_OBJ, 0) < 0)) &&
			    frame_is_report_verb(t, c) && f->nrep < FRAME_MAXREP)
				f->reporters[f->nrep++] = (int16_t)c;
			if (deprel_base(t->w[c].deprel) == DEP_OBL && (k = case_of(t, c)) >= 0 &&
			    tree_form_in(t, k, (const char *const[]){"according", NULL}) && f->according < 0)
				f->according = (int16_t)c;
		}
		if (h < 0) break;
		if (d == DEP_XCOMP) {
			if (tree_lemma_in(t, h, deny_verbs)) {
				f->mode = MODE_NEGATED;
				f->mode_word = (int16_t)h;
			} else if (f->mode == MODE_ASSERTED && tree_lemma_in(t, h, intent_verbs)) {
				f->mode = MODE_INTENDED;
				f->mode_word = (int16_t)h;
			}
			if (f->mode == MODE_ASSERTED || f->mode == MODE_INTENDED) {
				struct frame g = *f;
				g.mode = MODE_ASSERTED;
				mode_marks(t, h, &g);
				if (g.mode == MODE_NEGATED || g.mode == MODE_HYPOTHETICAL) {
					f->mode = g.mode;
					f->mode_word = g.mode_word;
				}
			}
			x = h;
			continue;
		}
		if (d == DEP_CCOMP || d == DEP_PARATAXIS) {
			if (tree_lemma_in(t, h, deny_verbs) && f->mode == MODE_ASSERTED) {
				f->mode = MODE_DENIED;
				f->mode_word = (int16_t)h;
			} else if (d == DEP_CCOMP && (tree_lemma_in(t, h, fear_verbs) ||
			                              tree_lemma_in(t, h, demand_verbs)) &&
			           (f->mode == MODE_ASSERTED || f->mode == MODE_INTENDED)) {
				f->mode = MODE_HYPOTHETICAL;
				f->mode_word = (int16_t)h;
			}
			if (frame_is_report_verb(t, h) && f->nrep < FRAME_MAXREP)
				f->reporters[f->nrep++] = (int16_t)h;
			x = h;
			continue;
		}
		if (d == DEP_CONJ || d == DEP_ADVCL) {
			/* "accused Ukraine of attacking Belarus", "blamed Hamas for firing rockets": the
			 * act is alleged; "warned Washington against expanding", "barred them from
			 * entering": it did not happen (code_predicate: not emitted; the accusation or
			 * the warning is the event) */
			for (int c = t->first[x]; c >= 0 && d == DEP_ADVCL; c = t->next[c])
				if ((t->w[c].deprel == DEP_MARK || t->w[c].deprel == DEP_CASE) && c < x &&
				    ((tree_lemma_in(t, c, (const char *const[]){"of", "for", "with", NULL}) &&
				      tree_lemma_in(t, h, accuse_verbs)) ||
				     (tree_lemma_in(t, c, (const char *const[]){"against", "from", NULL}) &&
				      tree_lemma_in(t, h, prevent_verbs))) &&
				    (f->mode == MODE_ASSERTED || f->mode == MODE_INTENDED)) {
					f->mode = MODE_HYPOTHETICAL;
					f->mode_word = (int16_t)h;
					break;
				}
			x = h;
			continue;
		}
		/* "plans to expand", "a decision to send": an infinitive under a noun of intent; then
		 * on through the noun to the verb it belongs to ("may signal plans to expand") */
		/* (and a relative clause: "the aid it provides", said of the verb above the noun) */
		if (deprel_base(d) == DEP_ACL && t->w[h].upos == UPOS_NOUN) {
			if (d == DEP_ACL && f->mode == MODE_ASSERTED && tree_lemma_in(t, h, intent_nouns)) {
				f->mode = MODE_INTENDED;
				f->mode_word = (int16_t)h;
			}
			if (t->w[h].head >= 0 && (deprel_base(t->w[h].deprel) == DEP_OBJ ||
			    deprel_base(t->w[h].deprel) == DEP_NSUBJ || deprel_base(t->w[h].deprel) == DEP_OBL)) {
				struct frame g = *f;
				int v = t->w[h].head;
				g.mode = MODE_ASSERTED;
				mode_marks(t, v, &g);
				if (g.mode == MODE_NEGATED || g.mode == MODE_HYPOTHETICAL) {
					f->mode = g.mode;
					f->mode_word = g.mode_word;
				}
				x = v;
				continue;
			}
		}
		break;
	}
}

void frame_read(const struct tree *t, int p, struct frame *f)
{
	int upos = t->w[p].upos, s;

	memset(f, 0, sizeof *f);
	f->pred = (int16_t)p;
	f->light = -1;
	f->mode_word = -1;
	f->according = -1;
	f->nominal = upos == UPOS_NOUN || upos == UPOS_PROPN;
	if (!f->nominal) {
		f->passive = tree_child(t, p, DEP_AUX_PASS, 0) >= 0 || tree_child(t, p, DEP_NSUBJ_PASS, 0) >= 0;
		args_of_verb(t, p, f, 0);
		if (!has_role(f, ARG_SUBJ) && (s = inherited_subject(t, p, 0)) >= 0)
			add_arg(f, t, s, -1, ARG_SUBJ, 1);
		/* a relative clause: the noun it modifies fills the role the clause lacks */
		if (t->w[p].deprel == DEP_ACL_RELCL && t->w[p].head >= 0) {
			int h = t->w[p].head;
			int rel_subj = -1;
			for (int i = 0; i < f->nargs; i++)
				if (f->args[i].role == ARG_SUBJ && t->w[f->args[i].head].upos == UPOS_PRON &&
				    tree_form_in(t, f->args[i].head, (const char *const[]){"who", "that", "which", NULL}))
					rel_subj = i;
			if (rel_subj >= 0) f->args[rel_subj].head = (int16_t)h;
			else if (!has_role(f, ARG_OBJ)) add_arg(f, t, h, -1, ARG_OBJ, 1);
		}
		mode_marks(t, p, f);
		climb(t, p, f);
	} else {
		int h = t->w[p].head, k;
		args_of_noun(t, p, f);
		/* "Kerry's call" parsed upside down (the noun under the possessor): the word with
		 * the 's before the noun is still its possessor */
		if (h >= 0 && h < p && (k = tree_child(t, h, DEP_CASE, 0)) >= 0 &&
		    tree_form_in(t, k, (const char *const[]){"'s", "'", NULL}) && !has_role(f, ARG_POSS)) {
			add_arg(f, t, h, -1, ARG_POSS, 0);
			h = t->w[h].head;
		}
		/* "Kerry made a call to Lavrov": the light verb's subject and obliques */
		if (h >= 0 && t->w[p].deprel == DEP_OBJ && tree_lemma_in(t, h, light_verbs)) {
			f->light = (int16_t)h;
			args_of_verb(t, h, f, 1);
			for (int i = 0; i < f->nargs; i++)   /* the noun itself is the light verb's obj */
				if (f->args[i].head == p) f->args[i--] = f->args[--f->nargs];
			if (!has_role(f, ARG_SUBJ) && (s = inherited_subject(t, h, 0)) >= 0)
				add_arg(f, t, s, -1, ARG_SUBJ, 1);
			mode_marks(t, h, f);
			climb(t, h, f);
		} else {
			mode_marks(t, p, f);
			if (h >= 0) climb(t, h, f);
		}
	}
	if (f->mode == MODE_ASSERTED && f->nrep > 0) f->mode = MODE_REPORTED;
}
