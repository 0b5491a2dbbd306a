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

int main(void)
{
	test_parse();
	test_parse_threads();
	test_lemmas();
	test_models_bad();
	test_image();
	test_offsets_nfc();
	test_invalid_utf8();
	test_nul_and_empty();
	test_oom();
	test_reader_jsonl();
	test_labels();
	return failures ? 1 : 0;
}
