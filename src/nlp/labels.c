/* labels.c -- names of the label sets in labels.h, and lookups by name. */
#include <string.h>

#include "dyad.h"
#include "labels.h"

static const char *const upos_names[UPOS_COUNT] = {
	"_", "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
	"PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"
};

static const char *const xpos_names[XPOS_COUNT] = {
	"_", "CC", "CD", "DT", "EX", "FW", "IN", "JJ", "JJR", "JJS", "LS", "MD", "NN", "NNS",
	"NNP", "NNPS", "PDT", "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH",
	"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB", "HYPH", "NFP", "ADD",
	"AFX", "GW", "$", "-LRB-", "-RRB-", ",", ".", ":", "``", "''"
};

static const char *const deprel_names[DEP_COUNT] = {
	"_", "acl", "acl:relcl", "advcl", "advcl:relcl", "advmod", "amod", "appos", "aux",
	"aux:pass", "case", "cc", "cc:preconj", "ccomp", "compound", "compound:prt", "conj", "cop",
	"csubj", "csubj:outer", "csubj:pass", "dep", "det", "det:predet", "discourse",
	"dislocated", "expl", "fixed", "flat", "goeswith", "iobj", "list", "mark", "nmod",
	"nmod:desc", "nmod:poss", "nmod:unmarked", "nsubj", "nsubj:outer", "nsubj:pass",
	"nummod", "obj", "obl", "obl:agent", "obl:unmarked", "orphan", "parataxis", "punct",
	"reparandum", "root", "vocative", "xcomp"
};

static int find(const char *const *names, int n, const char *name)
{
	for (int i = 1; i < n; i++)
		if (strcmp(names[i], name) == 0) return i;
	return 0;
}

const char *dyad_upos_name(unsigned id) { return id < UPOS_COUNT ? upos_names[id] : "_"; }
const char *dyad_xpos_name(unsigned id) { return id < XPOS_COUNT ? xpos_names[id] : "_"; }
const char *dyad_deprel_name(unsigned id) { return id < DEP_COUNT ? deprel_names[id] : "_"; }
int dyad_upos_id(const char *name) { return find(upos_names, UPOS_COUNT, name); }
int dyad_xpos_id(const char *name) { return find(xpos_names, XPOS_COUNT, name); }

/* The relation named by the first len bytes of name, or 0. */
static int find_prefix(const char *name, size_t len)
{
	for (int i = 1; i < DEP_COUNT; i++)
		if (strlen(deprel_names[i]) == len && memcmp(deprel_names[i], name, len) == 0)
			return i;
	return 0;
}

/* An unknown subtype falls back to its universal relation ("nmod:tmod" -> "nmod"). */
int dyad_deprel_id(const char *name)
{
	int id = find(deprel_names, DEP_COUNT, name);
	const char *colon = strchr(name, ':');

	if (id || !colon) return id;
	return find_prefix(name, (size_t)(colon - name));
}

int deprel_base(int dep)
{
	const char *name = dyad_deprel_name((unsigned)dep), *colon = strchr(name, ':');
	return colon ? find_prefix(name, (size_t)(colon - name)) : dep;
}
