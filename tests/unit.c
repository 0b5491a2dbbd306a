/* unit.c -- tests of libdyad that data files cannot express: offsets through normalization,
 * warnings, out-of-memory at every allocation, readers on bad input.  Prints "ok NAME" or
 * "FAIL NAME: why" per test; run by tests/run.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include "dyad.h"
#include "util/image.h"
#include "code/codebook.h"
#include "code/dates.h"
#include "code/places.h"
#include "code/frame.h"
#include "nlp/conllu.h"
#include "nlp/nlp.h"
#include "nlp/labels.h"
#include "doc.h"

static int failures;

#define CHECK(name, cond, ...) do { \
	if (cond) printf("ok %s\n", name); \
	else { printf("FAIL %s: ", name); printf(__VA_ARGS__); printf("\n"); failures++; } \
} while (0)

static dyad_doc *segment(const char *text, size_t len)
{
	dyad_doc *d = dyad_doc_new();
	struct dyad_error err;
	if (!d || dyad_doc_set(d, "t", "2015-09-15", text, len, &err) != DYAD_OK ||
	    dyad_doc_segment(d, &err) != DYAD_OK) {
		dyad_doc_free(d);
		return NULL;
	}
	return d;
}

/* The original bytes of word i. */
static int word_is(dyad_doc *d, size_t i, const char *want)
{
	size_t len;
	const char *t = dyad_doc_text(d, &len);
	const struct dyad_word *w = dyad_doc_words(d);
	return i < dyad_doc_nwords(d) && w[i].end - w[i].start == strlen(want) &&
	       memcmp(t + w[i].start, want, strlen(want)) == 0;
}

static void test_offsets_nfc(void)
{
	/* "Café" with a combining accent (e + U+0301) composes to U+00E9 under NFC: the
	 * normalized text is a byte shorter, the word after it must still point at its bytes */
	const char text[] = "Cafe\xCC\x81 Kerry met Lavrov.";
	dyad_doc *d = segment(text, sizeof text - 1);
	size_t nlen;
	const char *nt = d ? dyad_doc_ntext(d, &nlen) : NULL;
	CHECK("nfc composes", d && nlen == sizeof text - 2 && memcmp(nt, "Caf\xC3\xA9", 5) == 0,
	      "normalized length %zu", nt ? nlen : 0);
	CHECK("nfc offsets map back", d && word_is(d, 0, "Cafe\xCC\x81") && word_is(d, 1, "Kerry") &&
	      word_is(d, 3, "Lavrov"), "spans do not match the original bytes");
	dyad_doc_free(d);
}

static void test_invalid_utf8(void)
{
	const char text[] = "Bad \xFF byte. Next\xC3 one.";
	dyad_doc *d = segment(text, sizeof text - 1);
	const struct dyad_warning *w = d ? dyad_doc_warnings(d) : NULL;
	CHECK("invalid utf-8 warns with offsets", d && dyad_doc_nwarnings(d) == 2 &&
	      w[0].offset == 4 && w[1].offset == 16, "warnings: %zu", d ? dyad_doc_nwarnings(d) : 0);
	CHECK("invalid utf-8 keeps sentences", d && dyad_doc_nsentences(d) == 2 && word_is(d, 3, "."),
	      "sentences: %zu", d ? dyad_doc_nsentences(d) : 0);
	dyad_doc_free(d);
}

static void test_nul_and_empty(void)
{
	const char text[] = "A\0B said.";
	dyad_doc *d = segment(text, sizeof text - 1);
	CHECK("nul byte is a space", d && dyad_doc_nwords(d) == 4 && word_is(d, 1, "B"), "words");
	dyad_doc_free(d);
	d = segment("", 0);
	CHECK("empty document", d && dyad_doc_nsentences(d) == 0 && dyad_doc_nwords(d) == 0, "not empty");
	dyad_doc_free(d);
	d = segment(" \n\n\t ", 5);
	CHECK("blank document", d && dyad_doc_nsentences(d) == 0, "not empty");
	dyad_doc_free(d);
}

/* Make each allocation fail in turn: every failure must come back as DYAD_ERR_NOMEM (or the
 * call must succeed), never a crash or a leak (LeakSanitizer checks at exit). */
static void test_oom(void)
{
	const char text[] = "Secretary Kerry\xE2\x80\x99s call to Cafe\xCC\x81 Lavrov didn\xE2\x80\x99t "
	                    "last.\n\nHe said \xE2\x80\x9Cno\xE2\x80\x9D. Bad \xFF byte.";
	int bad = 0, nomem = 0;
	for (long n = 0; n < 60; n++) {
		struct dyad_error err;
		dyad_doc *d;
		dyad_status st;
		dyad_mem_fail_after(n);
		d = dyad_doc_new();
		if (!d) { nomem++; continue; }
		st = dyad_doc_set(d, "oom", NULL, text, sizeof text - 1, &err);
		if (st == DYAD_OK) st = dyad_doc_segment(d, &err);
		dyad_mem_fail_after(-1);
		if (st == DYAD_ERR_NOMEM) nomem++;
		else if (st != DYAD_OK || dyad_doc_nsentences(d) != 3) bad++;
		dyad_doc_free(d);
	}
	dyad_mem_fail_after(-1);
	CHECK("out of memory at every allocation", bad == 0 && nomem > 3, "bad %d, nomem %d", bad, nomem);
}

static void test_reader_jsonl(void)
{
	char path[] = "/tmp/dyad-unit-XXXXXX.jsonl";
	int fd = mkstemps(path, 6);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	struct dyad_reader_opts opts = {NULL, 200};
	dyad_reader *r = NULL;
	dyad_doc *d = dyad_doc_new();
	struct dyad_error err;
	dyad_status st;
	int ok = 0, skipped = 0, line2 = 0;
	char big[400];

	if (!f || !d) { CHECK("reader jsonl", 0, "setup"); return; }
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = 0;
	fprintf(f, "{\"id\": \"a\", \"date\": \"2015-09-15\", \"text\": \"One.\"}\n");
	fprintf(f, "{\"id\": \"b\", \"text\": 5}\n");
	fprintf(f, "[1, 2]\n\n");
	fprintf(f, "{\"id\": \"c\", \"text\": \"%s\"}\n", big);
	fprintf(f, "{\"id\": 7, \"date\": \"2015-13-40\", \"text\": \"bad date\"}\n");
	fprintf(f, "{\"id\": 8, \"text\": \"Last.\"}");   /* no final newline */
	fclose(f);
	if (dyad_reader_open(&r, path, &opts, &err) != DYAD_OK) { CHECK("reader jsonl", 0, "%s", err.msg); return; }
	while ((st = dyad_reader_next(r, d, &err)) != DYAD_END) {
		if (st == DYAD_OK) ok++;
		else if (st == DYAD_ERR_INPUT) {
			skipped++;
			if (strstr(err.msg, ":2: 'text' must be a string")) line2 = 1;
		} else break;
	}
	CHECK("reader jsonl counts", ok == 2 && skipped == 4 && dyad_reader_nskipped(r) == 4 &&
	      dyad_reader_ndocs(r) == 2, "ok %d skipped %d", ok, skipped);
	CHECK("reader jsonl names the line", line2, "no FILE:2 message");
	dyad_reader_free(r);
	dyad_doc_free(d);
	remove(path);
}

static void test_labels(void)
{
	CHECK("labels round trip", strcmp(dyad_deprel_name((unsigned)dyad_deprel_id("nsubj:pass")),
	      "nsubj:pass") == 0 && dyad_deprel_id("nmod:tmod") == dyad_deprel_id("nmod") &&
	      strcmp(dyad_xpos_name((unsigned)dyad_xpos_id("PRP$")), "PRP$") == 0 &&
	      dyad_upos_id("PROPN") > 0 && dyad_upos_id("nonsense") == 0, "label tables");
}

static void test_image(void)
{
	const char path[] = "/tmp/dyad-unit-image.bin";
	struct image_writer w;
	struct image im;
	struct dyad_error err;
	const char *sec;
	size_t n = 0;
	int ok;
	FILE *f;

	image_writer_init(&w);
	ok = image_writer_add(&w, 7, "hello", 5) == 0 && image_writer_add(&w, 9, "world!", 6) == 0 &&
	     image_write(&w, path, "DYADTEST", 3, &err) == DYAD_OK;
	image_writer_release(&w);
	ok = ok && image_open(&im, path, "DYADTEST", 3, &err) == DYAD_OK;
	sec = ok ? image_section(&im, 9, &n) : NULL;
	CHECK("image round trip", sec && n == 6 && memcmp(sec, "world!", 6) == 0 &&
	      !image_section(&im, 8, NULL), "%s", err.msg);
	if (ok) image_close(&im);
	CHECK("image wrong version", image_open(&im, path, "DYADTEST", 4, &err) == DYAD_ERR_FORMAT &&
	      strstr(err.msg, "version 3"), "%s", err.msg);
	CHECK("image wrong magic", image_open(&im, path, "DYADOTHR", 3, &err) == DYAD_ERR_FORMAT,
	      "accepted");
	/* flip one byte of a section: the checksum must catch it */
	f = fopen(path, "r+b");
	if (f) { fseek(f, -2, SEEK_END); fputc('X', f); fclose(f); }
	CHECK("image corrupt", image_open(&im, path, "DYADTEST", 3, &err) == DYAD_ERR_FORMAT &&
	      strstr(err.msg, "checksum"), "%s", err.msg);
	if (truncate(path, 40) == 0)
		CHECK("image truncated", image_open(&im, path, "DYADTEST", 3, &err) == DYAD_ERR_FORMAT &&
		      strstr(err.msg, "truncated"), "%s", err.msg);
	CHECK("image missing", image_open(&im, "/nonexistent/x.bin", "DYADTEST", 3, &err) == DYAD_ERR_IO,
	      "opened");
	remove(path);
}

static void test_codebook(void)
{
	struct codebook *cb;
	struct dyad_error err;
	const struct cameo_info *a, *b, *c;

	if (codebook_load(&cb, "data/codebook", &err) != DYAD_OK) {
		CHECK("codebook loads", 0, "%s", err.msg);
		return;
	}
	a = codebook_get(cb, "041");
	b = codebook_get(cb, "0431");       /* no row of its own: falls back to 043 */
	c = codebook_get(cb, "0211");
	CHECK("codebook 041", a && a->goldstein == 1.0f && a->quad == 1 &&
	      strcmp(a->plover, "CONSULT") == 0 && strcmp(a->plover_mode, "phone") == 0 &&
	      strstr(a->label, "telephone"), "041 wrong");
	CHECK("codebook parent fallback", b && strcmp(b->code, "043") == 0, "0431");
	CHECK("codebook appeal is REQUEST", c && strcmp(c->plover, "REQUEST") == 0 && c->quad == 1,
	      "0211");
	CHECK("codebook rejects non-codes", !codebook_get(cb, "99") && !codebook_get(cb, "4") &&
	      !codebook_get(cb, "04x"), "accepted");
	CHECK("quad classes", cameo_quad("05") == 1 && cameo_quad("06") == 2 && cameo_quad("13") == 3 &&
	      cameo_quad("14") == 4 && cameo_quad("20") == 4, "quad");
	codebook_free(cb);
}

/* Irregular past forms from the table (a lexicon without them): past and participle slots,
 * entries at both ends of the table, a form equal to its base; a regular form is left to the
 * rules. */
static void test_irregular(void)
{
	static const char *const cases[][2] = {{"arose", "arise"}, {"arisen", "arise"},
		{"withdrawn", "withdraw"}, {"withdrew", "withdraw"}, {"ran", "run"}, {"swum", "swim"},
		{"wound", "wind"}, {"written", "write"}, {"bet", "bet"}};
	struct lem_table t = {0};
	struct arena a;
	arena_init(&a, 0);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *l = lem_lookup(&t, cases[i][0], strlen(cases[i][0]), XPOS_VBN, &a);
		CHECK("irregular past form", l && strcmp(l, cases[i][1]) == 0, "%s -> %s, not %s",
		      cases[i][0], l ? l : "(null)", cases[i][1]);
	}
	{
		const char *l = lem_lookup(&t, "walked", 6, XPOS_VBD, &a);
		CHECK("regular past form not in the table", l && strcmp(l, "walked") == 0, "%s", l ? l : "(null)");
	}
	arena_release(&a);
}

/* Each case: a sentence, and the date it holds for a document of Tuesday 2015-09-15 ("" none). */
static void test_dates(void)
{
	static const char *const cases[][2] = {
		{"Kerry called on Tuesday night.", "2015-09-15"},
		{"He called last Tuesday.", "2015-09-08"},
		{"They met on Monday.", "2015-09-14"},
		{"They met Sunday in Geneva.", "2015-09-13"},
		{"He will travel next Friday.", "2015-09-18"},
		{"Officials said yesterday.", "2015-09-14"},
		{"Obama spoke last week.", "2015-09-08"},
		{"The talks began Sept. 15.", "2015-09-15"},
		{"The talks began on 3 September.", "2015-09-03"},
		{"It happened on December 20.", "2014-12-20"},
		{"It happened on September 15, 2014.", "2014-09-15"},
		{"It began two days ago.", "2015-09-13"},
		{"Remember 9/11/2001 well.", "2001-09-11"},
		{"The report of 2015-08-30 said so.", "2015-08-30"},
		{"Obama may reach out to Putin in the coming days.", ""},
		{"A meeting later this month is possible.", ""},
		{"Russia sent troops in May.", ""},
	};
	int bad = 0;
	char why[200] = "";

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		dyad_doc *d = segment(cases[i][0], strlen(cases[i][0]));
		struct time_expr te;
		int k = d ? date_find(d, 0, (uint32_t)dyad_doc_nwords(d), "2015-09-15", &te) : -1;
		const char *got = k == 1 ? te.date : "";
		if (!d || strcmp(got, cases[i][1]) != 0) {
			bad++;
			snprintf(why, sizeof why, "'%s' gave '%s'", cases[i][0], got);
		}
		dyad_doc_free(d);
	}
	CHECK("dates resolve against the document date", bad == 0, "%d wrong, e.g. %s", bad, why);
	{
		struct ymd t = {2016, 2, 29};
		CHECK("calendar arithmetic", ymd_weekday(t) == 0 &&
		      ymd_from_days(ymd_days(t) + 366).y == 2017 && ymd_from_days(ymd_days(t) + 366).m == 3 &&
		      ymd_from_days(ymd_days(t) + 1).m == 3 && ymd_from_days(ymd_days(t) + 1).d == 1 &&
		      ymd_days((struct ymd){1970, 1, 1}) == 0, "calendar");
	}
}

static void test_places(void)
{
	struct places *p;
	struct dyad_error err;
	const struct place *a, *b, *c, *e;

	if (places_load(&p, "data/gazetteer", &err) != DYAD_OK) {
		CHECK("gazetteer loads", 0, "%s", err.msg);
		return;
	}
	a = places_find(p, "Damascus", 8);
	b = places_find(p, "washington", 10);
	c = places_find(p, "Syria", 5);
	e = places_country(p, "RUS");
	CHECK("gazetteer capital beats namesakes", a && strcmp(a->country, "SYR") == 0 &&
	      a->kind == PLACE_CAPITAL && b && strcmp(b->country, "USA") == 0, "Damascus/Washington");
	CHECK("gazetteer countries", c && c->kind == PLACE_COUNTRY && strcmp(c->country, "SYR") == 0 &&
	      e && e->lat > 55 && e->lat < 56, "Syria/RUS");
	CHECK("gazetteer unknown", !places_find(p, "Xyzzyville", 10), "found");
	places_free(p);
}

static const char frame_conllu[] =
	"# text = Kerry called Lavrov on Tuesday.\n"
	"1\tKerry\tKerry\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n"
	"2\tcalled\tcall\tVERB\tVBD\t_\t0\troot\t_\t_\n"
	"3\tLavrov\tLavrov\tPROPN\tNNP\t_\t2\tobj\t_\t_\n"
	"4\ton\ton\tADP\tIN\t_\t5\tcase\t_\t_\n"
	"5\tTuesday\tTuesday\tPROPN\tNNP\t_\t2\tobl\t_\tSpaceAfter=No\n"
	"6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n"
	"# text = Obama might reach out to Putin.\n"
	"1\tObama\tObama\tPROPN\tNNP\t_\t3\tnsubj\t_\t_\n"
	"2\tmight\tmight\tAUX\tMD\t_\t3\taux\t_\t_\n"
	"3\treach\treach\tVERB\tVB\t_\t0\troot\t_\t_\n"
	"4\tout\tout\tADP\tRP\t_\t3\tcompound:prt\t_\t_\n"
	"5\tto\tto\tADP\tIN\t_\t6\tcase\t_\t_\n"
	"6\tPutin\tPutin\tPROPN\tNNP\t_\t3\tobl\t_\tSpaceAfter=No\n"
	"7\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n"
	"# text = Russia won't support Assad, officials said.\n"
	"1\tRussia\tRussia\tPROPN\tNNP\t_\t4\tnsubj\t_\t_\n"
	"2-3\twon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
	"2\two\twill\tAUX\tMD\t_\t4\taux\t_\t_\n"
	"3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
	"4\tsupport\tsupport\tVERB\tVB\t_\t0\troot\t_\t_\n"
	"5\tAssad\tAssad\tPROPN\tNNP\t_\t4\tobj\t_\tSpaceAfter=No\n"
	"6\t,\t,\tPUNCT\t,\t_\t8\tpunct\t_\t_\n"
	"7\tofficials\tofficial\tNOUN\tNNS\t_\t8\tnsubj\t_\t_\n"
	"8\tsaid\tsay\tVERB\tVBD\t_\t4\tparataxis\t_\tSpaceAfter=No\n"
	"9\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n"
	"# text = Kerry's call to Lavrov came later.\n"
	"1-2\tKerry's\t_\t_\t_\t_\t_\t_\t_\t_\n"
	"1\tKerry\tKerry\tPROPN\tNNP\t_\t3\tnmod:poss\t_\t_\n"
	"2\t's\t's\tPART\tPOS\t_\t1\tcase\t_\t_\n"
	"3\tcall\tcall\tNOUN\tNN\t_\t6\tnsubj\t_\t_\n"
	"4\tto\tto\tADP\tIN\t_\t5\tcase\t_\t_\n"
	"5\tLavrov\tLavrov\tPROPN\tNNP\t_\t3\tnmod\t_\t_\n"
	"6\tcame\tcome\tVERB\tVBD\t_\t0\troot\t_\t_\n"
	"7\tlater\tlater\tADV\tRB\t_\t6\tadvmod\t_\tSpaceAfter=No\n"
	"8\t.\t.\tPUNCT\t.\t_\t6\tpunct\t_\t_\n\n";

/* The frame of word p of sentence k, in the document made from frame_conllu. */
static int frame_of(dyad_doc *d, struct arena *a, int k, int p, struct frame *f, struct tree *t)
{
	const struct dyad_sentence *s = &dyad_doc_sentences(d)[k];
	size_t nlen;
	if (tree_build(t, dyad_doc_words(d) + s->first, (int)s->n, dyad_doc_ntext(d, &nlen), a) < 0)
		return -1;
	frame_read(t, p, f);
	return 0;
}

static void test_frames(void)
{
	dyad_doc *d = dyad_doc_new();
	struct dyad_error err;
	struct arena a;
	struct frame f;
	struct tree t;
	size_t len;

	arena_init(&a, 0);
	if (!d || conllu_to_doc(d, "frames", "f", "2015-09-15", frame_conllu, sizeof frame_conllu - 1,
	                        &err) != DYAD_OK) {
		CHECK("conllu to doc", 0, "%s", d ? err.msg : "no doc");
		dyad_doc_free(d);
		return;
	}
	CHECK("conllu to doc", dyad_doc_nsentences(d) == 4 && dyad_doc_nwords(d) == 30 &&
	      word_is(d, 14, "wo") && word_is(d, 15, "n't") && dyad_doc_words(d)[22].head == 2 &&
	      strcmp(dyad_doc_words(d)[1].lemma, "call") == 0 &&
	      strncmp(dyad_doc_text(d, &len), "Kerry called Lavrov on Tuesday. Obama", 37) == 0,
	      "words %zu", dyad_doc_nwords(d));
	frame_of(d, &a, 0, 1, &f, &t);
	CHECK("frame: subject, object, oblique", f.nargs == 3 && f.args[0].role == ARG_SUBJ &&
	      f.args[0].head == 0 && f.args[1].role == ARG_OBJ && f.args[1].head == 2 &&
	      f.args[2].role == ARG_OBL && f.args[2].prep == 3 && f.mode == MODE_ASSERTED, "nargs %d", f.nargs);
	frame_of(d, &a, 1, 2, &f, &t);
	CHECK("frame: might -> hypothetical", f.mode == MODE_HYPOTHETICAL && f.mode_word == 1 &&
	      f.nargs == 2 && f.args[1].prep == 4, "mode %d", f.mode);
	frame_of(d, &a, 2, 3, &f, &t);
	CHECK("frame: won't -> negated, reporter", f.mode == MODE_NEGATED && f.nrep == 1 &&
	      f.reporters[0] == 7, "mode %d nrep %d", f.mode, f.nrep);
	frame_of(d, &a, 3, 2, &f, &t);
	CHECK("frame: event noun", f.nominal && f.nargs == 2 && f.args[0].role == ARG_POSS &&
	      f.args[1].role == ARG_OBL && f.args[1].head == 4, "nargs %d", f.nargs);
	arena_release(&a);
	dyad_doc_free(d);
}

/* The models, from the source tree (the tests run from the top of it). */
static dyad_nlp *models(void)
{
	dyad_nlp *nlp = NULL;
	struct dyad_error err;
	if (dyad_nlp_open(&nlp, "data/models/tagger.bin", "data/models/parser.bin", &err) != DYAD_OK)
		printf("FAIL models open: %s\n", err.msg);
	return nlp;
}

static const char parse_text[] = "Kerry called Lavrov on Tuesday. Russia will support the Syrian army.";

/* "called" is the root, "Kerry" its nsubj and "Lavrov" its obj. */
static int parsed_right(dyad_doc *d)
{
	const struct dyad_word *w = dyad_doc_words(d);
	return dyad_doc_nwords(d) > 3 && w[1].head == -1 && w[0].head == 1 && w[2].head == 1 &&
	       strcmp(dyad_deprel_name(w[0].deprel), "nsubj") == 0 &&
	       strcmp(dyad_deprel_name(w[2].deprel), "obj") == 0 &&
	       strcmp(dyad_upos_name(w[1].upos), "VERB") == 0 && w[1].lemma &&
	       strcmp(w[1].lemma, "call") == 0;
}

static void test_parse(void)
{
	dyad_nlp *nlp = models();
	dyad_doc *d = segment(parse_text, sizeof parse_text - 1);
	struct dyad_error err;
	int ok;

	if (!nlp || !d) {
		dyad_doc_free(d);
		dyad_nlp_free(nlp);
		return;
	}
	ok = dyad_doc_parse(d, nlp, &err) == DYAD_OK;
	CHECK("parse kerry called lavrov", ok && parsed_right(d), "%s", ok ? "wrong parse" : err.msg);
	/* out of memory at every allocation: an error, never a crash or a leak */
	for (long n = 0; n < 40; n++) {
		dyad_status st;
		dyad_mem_fail_after(n);
		st = dyad_doc_parse(d, nlp, &err);
		dyad_mem_fail_after(-1);
		if (st != DYAD_OK && st != DYAD_ERR_NOMEM) {
			CHECK("parse oom", 0, "status %d at allocation %ld", (int)st, n);
			break;
		}
	}
	CHECK("parse oom", 1, " ");
	dyad_doc_free(d);
	dyad_nlp_free(nlp);
}

static void test_lemmas(void)
{
	static const char text[] = "The countries were fighting, and Lavrov’s aides went home.";
	static const char *const want[] = {"the", "country", "be", "fight", ",", "and", "Lavrov", NULL,
	                                   "aide", "go", "home", "."};
	dyad_nlp *nlp = models();
	dyad_doc *d = segment(text, sizeof text - 1);
	struct dyad_error err;
	const struct dyad_word *w;
	int ok;

	if (!nlp || !d) {
		dyad_doc_free(d);
		dyad_nlp_free(nlp);
		return;
	}
	ok = dyad_doc_parse(d, nlp, &err) == DYAD_OK && dyad_doc_nwords(d) == 12;
	w = dyad_doc_words(d);
	for (size_t i = 0; ok && i < 12; i++)
		if (want[i] && (!w[i].lemma || strcmp(w[i].lemma, want[i]) != 0)) {
			CHECK("lemmas", 0, "word %zu: '%s', want '%s'", i, w[i].lemma ? w[i].lemma : "(null)",
			      want[i]);
			ok = -1;
		}
	if (ok >= 0) CHECK("lemmas", ok, "parse failed or %zu words", dyad_doc_nwords(d));
	dyad_doc_free(d);
	dyad_nlp_free(nlp);
}

static void *parse_thread(void *arg)
{
	const dyad_nlp *nlp = arg;
	long good = 0;
	for (int i = 0; i < 20; i++) {
		dyad_doc *d = segment(parse_text, sizeof parse_text - 1);
		struct dyad_error err;
		good += d && dyad_doc_parse(d, nlp, &err) == DYAD_OK && parsed_right(d);
		dyad_doc_free(d);
	}
	return (void *)good;
}

static void test_parse_threads(void)
{
	dyad_nlp *nlp = models();
	pthread_t t[4];
	long total = 0;
	if (!nlp) return;
	for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, parse_thread, nlp);
	for (int i = 0; i < 4; i++) {
		void *r;
		pthread_join(t[i], &r);
		total += (long)r;
	}
	CHECK("parse threads share a model", total == 80, "%ld of 80 parses right", total);
	dyad_nlp_free(nlp);
}

static void test_models_bad(void)
{
	dyad_nlp *nlp = NULL;
	struct dyad_error err;
	CHECK("models missing", dyad_nlp_open(&nlp, "/nonexistent/t.bin", NULL, &err) == DYAD_ERR_IO &&
	      !nlp, "%s", err.msg);
	CHECK("models swapped", dyad_nlp_open(&nlp, "data/models/parser.bin", NULL, &err) ==
	      DYAD_ERR_FORMAT && !nlp, "%s", err.msg);
}

static struct dyad_event mkev(const char *doc, uint32_t sent, const char *text, const char *src,
                              const char *tgt, const char *code, const char *date)
{
	struct dyad_event e;
	memset(&e, 0, sizeof e);
	e.doc = doc; e.sentence = sent; e.text = text; e.source = src; e.target = tgt; e.code = code;
	e.quad = 1; e.goldstein = 1.0; e.mode = "asserted"; e.date = date; e.confidence = 1;
	e.ev_sentence = e.ev_source = e.ev_verb = e.ev_target = (struct dyad_span){-1, -1};
	return e;
}

/* One value of the first row of a listing, or "" (copied to buf). */
static const char *first_value(dyad_store *st, enum dyad_listing what, size_t col, char *buf)
{
	struct dyad_query q;
	struct dyad_error err;
	dyad_rows *r;
	memset(&q, 0, sizeof q);
	buf[0] = 0;
	if (dyad_store_list(st, &q, what, &r, &err) != DYAD_OK) return buf;
	if (dyad_rows_next(r, &err) == DYAD_OK && dyad_rows_value(r, col))
		snprintf(buf, 128, "%s", dyad_rows_value(r, col));
	dyad_rows_free(r);
	return buf;
}

static void test_store(void)
{
	char path[] = "/tmp/dyad-unit-store-XXXXXX";
	char db[64], wal[80], shm[80], buf[128];
	struct dyad_store_doc a = {"A", "2024-01-02", "https://x.example/a", "x.example", "Call", NULL, 0};
	struct dyad_store_doc b = {"B", "2024-01-02", NULL, "y.example", NULL, NULL, 0};
	struct dyad_store_doc c = {"C", "2024-01-02", NULL, "z.example", NULL, NULL, 0};
	struct dyad_event ea[2], eb[1], bad[1];
	struct dyad_store_opts so = {.batch_docs = 100};
	struct dyad_store_counts n;
	struct dyad_error err;
	dyad_store *st;
	int added = -1, fd = mkstemp(path), ok;

	if (fd < 0) { CHECK("store", 0, "mkstemp"); return; }
	close(fd);
	remove(path);
	snprintf(db, sizeof db, "%s.db", path);
	snprintf(wal, sizeof wal, "%s-wal", db);
	snprintf(shm, sizeof shm, "%s-shm", db);
	ea[0] = mkev("A", 0, "Harlow phoned Petrov.", "USAGOV", "RUSGOV", "041", "2024-01-02");
	ea[1] = mkev("A", 1, "Petrov and Harlow talked.", "RUSGOV", "USAGOV", "040", "2024-01-02");
	eb[0] = mkev("B", 0, "Petrov received Harlow.", "RUSGOV", "USAGOV", "043", "2024-01-02");
	bad[0] = mkev("D", 0, "Bad.", "USA", "RUS", "4x", "2024-01-02");
	if (dyad_store_open(&st, db, &so, &err) != DYAD_OK) { CHECK("store open", 0, "%s", err.msg); return; }
	ok = dyad_store_add(st, &a, ea, 2, &added, &err) == DYAD_OK && added == 1 &&
	     dyad_store_add(st, &b, eb, 1, &added, &err) == DYAD_OK && added == 1;
	CHECK("store add", ok, "%s", err.msg);
	CHECK("store same id skipped", dyad_store_add(st, &a, ea, 2, &added, &err) == DYAD_OK && added == 0,
	      "added %d", added);
	eb[0].doc = "C";   /* the same sentences under another id: the same content */
	CHECK("store same content skipped", dyad_store_add(st, &c, eb, 1, &added, &err) == DYAD_OK &&
	      added == 0, "added %d", added);
	CHECK("store bad event", dyad_store_add(st, &c, bad, 1, &added, &err) == DYAD_ERR_INPUT &&
	      strstr(err.msg, "code"), "%s", err.msg);
	CHECK("store commit", dyad_store_commit(st, &err) == DYAD_OK, "%s", err.msg);
	ok = dyad_store_count(st, &n, &err) == DYAD_OK;
	CHECK("store one event for three reports", ok && n.documents == 2 && n.events == 1 &&
	      n.mentions == 3 && n.sentences == 3, "docs %lld events %lld mentions %lld",
	      (long long)n.documents, (long long)n.events, (long long)n.mentions);
	CHECK("store counts mentions, articles", strcmp(first_value(st, DYAD_LIST_EVENTS, 11, buf), "3") == 0 &&
	      strcmp(first_value(st, DYAD_LIST_EVENTS, 13, buf), "2") == 0, "got %s", buf);
	CHECK("store gdelt 61 columns", strcmp(first_value(st, DYAD_LIST_GDELT, 60, buf),
	      "https://x.example/a") == 0, "SOURCEURL %s", buf);
	/* an uncommitted batch is discarded on close */
	c.id = "E";
	bad[0].code = "190";
	bad[0].doc = "E";
	ok = dyad_store_add(st, &c, bad, 1, &added, &err) == DYAD_OK && added == 1;
	dyad_store_close(st);
	ok = ok && dyad_store_open(&st, db, NULL, &err) == DYAD_OK;
	ok = ok && dyad_store_count(st, &n, &err) == DYAD_OK && n.documents == 2;
	CHECK("store close discards the open batch", ok, "%s", err.msg);
	if (ok) {
		struct dyad_query q;
		dyad_rows *r;
		memset(&q, 0, sizeof q);
		q.dyad_a = "USA";
		q.dyad_b = "RUS";
		ok = dyad_store_series(st, &q, 'm', &r, &err) == DYAD_OK && dyad_rows_next(r, &err) == DYAD_OK &&
		     strcmp(dyad_rows_value(r, 0), "2024-01") == 0 &&
		     strcmp(dyad_rows_value(r, 1), "1") == 0 && dyad_rows_next(r, &err) == DYAD_END;
		CHECK("store series", ok, "%s", err.msg);
		dyad_rows_free(r);
		dyad_store_close(st);
	}
	/* read-only: queries, paging and the stamp work; nothing can be added; no file is made */
	{
		struct dyad_store_opts ro = {0};
		struct dyad_query q;
		dyad_rows *r;
		char st1[64] = "", st2[64] = "", none[96];
		ro.read_only = 1;
		ok = dyad_store_open(&st, db, &ro, &err) == DYAD_OK;
		CHECK("store read-only open", ok, "%s", err.msg);
		if (ok) {
			c.id = "F";
			CHECK("store read-only refuses a document",
			      dyad_store_add(st, &c, bad, 1, &added, &err) == DYAD_ERR_USAGE && strstr(err.msg, "read-only"),
			      "%s", err.msg);
			memset(&q, 0, sizeof q);
			q.offset = 1;
			ok = dyad_store_list(st, &q, DYAD_LIST_MENTIONS, &r, &err) == DYAD_OK &&
			     dyad_rows_next(r, &err) == DYAD_OK && strcmp(dyad_rows_value(r, 0), "2") == 0;
			CHECK("store offset", ok, "%s", err.msg);
			dyad_rows_free(r);
			q.offset = 0;
			q.event = 999;
			ok = dyad_store_list(st, &q, DYAD_LIST_EVENTS, &r, &err) == DYAD_OK &&
			     dyad_rows_next(r, &err) == DYAD_END;
			CHECK("store one event by id", ok, "%s", err.msg);
			dyad_rows_free(r);
			ok = dyad_store_stamp(st, st1, sizeof st1, &err) == DYAD_OK;
			dyad_store_close(st);
			/* a write elsewhere changes the stamp */
			c.id = "G";
			bad[0].doc = "G";
			bad[0].text = "Another sentence.";
			ok = ok && dyad_store_open(&st, db, NULL, &err) == DYAD_OK;
			ok = ok && dyad_store_add(st, &c, bad, 1, &added, &err) == DYAD_OK && dyad_store_commit(st, &err) == DYAD_OK;
			ok = ok && dyad_store_stamp(st, st2, sizeof st2, &err) == DYAD_OK;
			dyad_store_close(st);
			CHECK("store stamp changes with the data", ok && st1[0] && strcmp(st1, st2) != 0,
			      "'%s' '%s' %s", st1, st2, err.msg);
		}
		snprintf(none, sizeof none, "%s-none.db", path);
		CHECK("store read-only needs the file", dyad_store_open(&st, none, &ro, &err) == DYAD_ERR_IO &&
		      access(none, F_OK) != 0, "%s", err.msg);
	}
	CHECK("store missing pg", dyad_store_open(&st, "postgresql://nobody@127.0.0.1:1/none", NULL, &err) ==
	      DYAD_ERR_IO && strstr(err.msg, "postgresql"), "%s", err.msg);
	/* out of memory at every allocation of ours: an error, never a crash or a leak */
	for (long k = 0; k < 40; k++) {
		char db2[80];
		snprintf(db2, sizeof db2, "%s-oom.db", path);
		remove(db2);
		dyad_mem_fail_after(k);
		if (dyad_store_open(&st, db2, &so, &err) == DYAD_OK) {
			ea[0].doc = ea[1].doc = "A";
			if (dyad_store_add(st, &a, ea, 2, &added, &err) == DYAD_OK) dyad_store_commit(st, &err);
			dyad_store_close(st);
		}
		dyad_mem_fail_after(-1);
		snprintf(buf, sizeof buf, "%s-wal", db2); remove(buf);
		snprintf(buf, sizeof buf, "%s-shm", db2); remove(buf);
		remove(db2);
	}
	CHECK("store out of memory", 1, "-");
	remove(db);
	remove(wal);
	remove(shm);
}

int main(void)
{
	test_store();
	test_parse();
	test_lemmas();
	test_parse_threads();
	test_lemmas();
	test_models_bad();
	test_frames();
	test_places();
	test_dates();
	test_codebook();
	test_image();
	test_offsets_nfc();
	test_invalid_utf8();
	test_nul_and_empty();
	test_oom();
	test_reader_jsonl();
	test_labels();
	test_irregular();
	return failures ? 1 : 0;
}
