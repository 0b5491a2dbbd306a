/* eval_events.c -- `dyad eval events` and `dyad eval seed`: event accuracy on gold records.
 *
 * events: each record {"id", "date", "text", "events": [{"source", "target", "code"}]} is coded
 * and compared as ../shared/README.md defines: strict (codes equal as strings) and root (first
 * three letters of each actor, first two digits of the code); a record is exact when its events
 * equal the gold multiset (strict).  With --plover, records carry {"plover": {"event",
 * "source": [...], "target": [...]}} and the PLOVER type is scored, alone and with the source's
 * country.  seed: the seed article and its expected events (evidence span, codes, required).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_EV 64
#define MAX_DICTS 16

struct triple {
	char source[24], target[24], code[8], plover[16];
};

struct tally {
	size_t gold, pred, tp;
};

struct root_tally {
	struct tally t[21];   /* by CAMEO root 1..20 */
};

struct worst {
	char id[64];
	int errors;
	char line[640];
};

static void copy(char *dst, size_t n, const char *s)
{
	snprintf(dst, n, "%s", s ? s : "");
}

static int same(const struct triple *a, const struct triple *b, int root)
{
	if (!root) return !strcmp(a->source, b->source) && !strcmp(a->target, b->target) && !strcmp(a->code, b->code);
	return !strncmp(a->source, b->source, 3) && !strncmp(a->target, b->target, 3) &&
	       !strncmp(a->code, b->code, 2);
}

/* The name an earlier PLOVER draft gave the type `type` of CAMEO code `code`: the draft the
 * PLOVER gold standard records are coded in (DEMAND, DISAPPROVE, INVESTIGATE, FIGHT) before the
 * 2021 table dyad ships (cameo/codebook/CAMEO2PLOVER-2021.txt) folded them into REQUEST,
 * ACCUSE ("investigate", "disapprove" modes) and ASSAULT (conventional and mass violence,
 * roots 19 and 20), and moved sanctions (163) from SANCTION to COERCE.  The type itself when
 * nothing was renamed. */
static const char *plover_draft(const char *type, const char *code)
{
	if (!strcmp(type, "REQUEST")) return "DEMAND";
	if (!strcmp(type, "ACCUSE")) return strncmp(code, "09", 2) == 0 ? "INVESTIGATE" : "DISAPPROVE";
	if (!strcmp(type, "ASSAULT") && (strncmp(code, "19", 2) == 0 || strncmp(code, "20", 2) == 0))
		return "FIGHT";
	/* sanctions (163) were a SANCTION before the 2021 table made them COERCE, restrict */
	if (!strcmp(type, "COERCE") && strncmp(code, "163", 3) == 0) return "SANCTION";
	return type;
}

/* Size of the multiset intersection of g and p. */
static size_t overlap(const struct triple *g, size_t ng, const struct triple *p, size_t np, int root)
{
	int used[MAX_EV] = {0};
	size_t tp = 0;
	for (size_t i = 0; i < ng; i++)
		for (size_t k = 0; k < np; k++)
			if (!used[k] && same(&g[i], &p[k], root)) {
				used[k] = 1;
				tp++;
				break;
			}
	return tp;
}

static int root_of(const char *code)
{
	int r = atoi((char[3]){code[0], code[0] ? code[1] : 0, 0});
	return r >= 1 && r <= 20 ? r : 0;
}

static double pct(size_t a, size_t b) { return b ? 100.0 * (double)a / (double)b : 0.0; }
static double f1(const struct tally *t)
{
	double p = pct(t->tp, t->pred), r = pct(t->tp, t->gold);
	return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

static int eval_beam;   /* --beam */

/* Code TEXT of DATE into p[]; returns the count, -1 on error. */
static int code_text(dyad_coder *c, dyad_doc *doc, const char *id, const char *date, const char *text,
                     struct triple *p)
{
	struct dyad_error err;
	const struct dyad_event *ev;
	size_t n;
	if (dyad_doc_set(doc, id, date, text, strlen(text), &err) != DYAD_OK ||
	    dyad_code_doc(c, doc, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		return -1;
	}
	ev = dyad_doc_events(doc);
	n = dyad_doc_nevents(doc);
	if (n > MAX_EV) n = MAX_EV;
	for (size_t i = 0; i < n; i++) {
		copy(p[i].source, sizeof p[i].source, ev[i].source);
		copy(p[i].target, sizeof p[i].target, ev[i].target);
		copy(p[i].code, sizeof p[i].code, ev[i].code);
		copy(p[i].plover, sizeof p[i].plover, ev[i].plover);
	}
	return (int)n;
}

static void list(char *out, size_t n, const struct triple *t, size_t k)
{
	size_t len = 0;
	out[0] = 0;
	for (size_t i = 0; i < k && len + 40 < n; i++)
		len += (size_t)snprintf(out + len, n - len, "%s%s>%s:%s", i ? " " : "", t[i].source,
		                        t[i].target, t[i].code);
	if (k == 0) snprintf(out, n, "(none)");
}

static int eval_events(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"dicts", required_argument, NULL, 'D'},
		{"plover", no_argument, NULL, 'p'},
		{"worst", required_argument, NULL, 'w'},
		{"beam", required_argument, NULL, 'b'},
		{NULL, 0, NULL, 0}
	};
	const char *dicts[MAX_DICTS];
	size_t nd = 0, nrec = 0, nexact = 0, lineno = 0;
	int plover = 0, nworst = 10, c, rc = 0;
	struct tally strict = {0}, root = {0}, ptype = {0}, psrc = {0};
	struct root_tally byroot;
	struct worst *worst;
	dyad_coder *coder;
	dyad_doc *doc;
	FILE *f;
	char *line = NULL;
	size_t cap = 0;

	memset(&byroot, 0, sizeof byroot);
	while ((c = getopt_long(argc, argv, "D:pw:b:", longopts, NULL)) != -1) {
		switch (c) {
		case 'D': if (nd < MAX_DICTS) dicts[nd++] = optarg; break;
		case 'p': plover = 1; break;
		case 'w': nworst = atoi(optarg); break;
		case 'b': eval_beam = atoi(optarg); break;
		default: return cli_usage("eval", "unknown option");
		}
	}
	if (optind >= argc) return cli_usage("eval", "events needs a gold JSONL file");
	if (!(f = fopen(argv[optind], "r"))) {
		cli_error("%s: cannot open", argv[optind]);
		return EXIT_INPUT;
	}
	if (nworst < 0) nworst = 0;
	worst = calloc((size_t)nworst + 1, sizeof *worst);
	if (!worst || cli_open_coder(&coder, dicts, nd, 0, eval_beam) < 0) {
		fclose(f);
		free(worst);
		return EXIT_INPUT;
	}
	doc = dyad_doc_new();
	while (doc && getline(&line, &cap, f) > 0) {
		json_error_t je;
		json_t *o = json_loads(line, 0, &je), *evs;
		struct triple g[MAX_EV], p[MAX_EV];
		size_t ng = 0, np;
		int k;
		const char *id, *date, *text;

		lineno++;
		if (!o || !json_is_object(o)) {
			cli_error("%s:%zu: %s", argv[optind], lineno, o ? "expected object" : je.text);
			json_decref(o);
			rc = 1;
			continue;
		}
		id = json_string_value(json_object_get(o, "id"));
		date = json_string_value(json_object_get(o, "date"));
		text = json_string_value(json_object_get(o, "text"));
		if (!text) {
			cli_error("%s:%zu: missing 'text'", argv[optind], lineno);
			json_decref(o);
			rc = 1;
			continue;
		}
		if (plover) {
			json_t *pl = json_object_get(o, "plover");
			copy(g[0].plover, sizeof g[0].plover, json_string_value(json_object_get(pl, "event")));
			copy(g[0].source, sizeof g[0].source,
			     json_string_value(json_array_get(json_object_get(pl, "source"), 0)));
			ng = g[0].plover[0] ? 1 : 0;
		} else {
			evs = json_object_get(o, "events");
			for (size_t i = 0; i < json_array_size(evs) && ng < MAX_EV; i++, ng++) {
				json_t *e = json_array_get(evs, i);
				copy(g[ng].source, sizeof g[ng].source, json_string_value(json_object_get(e, "source")));
				copy(g[ng].target, sizeof g[ng].target, json_string_value(json_object_get(e, "target")));
				copy(g[ng].code, sizeof g[ng].code, json_string_value(json_object_get(e, "code")));
			}
		}
		k = code_text(coder, doc, id ? id : "record", date, text, p);
		if (k < 0) {
			json_decref(o);
			rc = 1;
			break;
		}
		np = (size_t)k;
		nrec++;
		if (plover) {
			/* distinct predicted types; one gold type per record */
			char seen[MAX_EV][16];
			size_t ns = 0;
			int hit = 0, hit_src = 0;
			for (size_t i = 0; i < np; i++) {
				int dup = 0;
				const char *type = p[i].plover, *old = plover_draft(type, p[i].code);
				if (!type[0]) continue;
				/* the gold may name the type as the earlier PLOVER draft does */
				if (ng && strcmp(type, g[0].plover) && !strcmp(old, g[0].plover)) type = old;
				for (size_t j = 0; j < ns; j++) dup |= !strcmp(seen[j], type);
				if (!dup) copy(seen[ns++], 16, type);
				if (ng && !strcmp(type, g[0].plover)) {
					hit = 1;
					if (!g[0].source[0] || !strncmp(p[i].source, g[0].source, 3)) hit_src = 1;
				}
			}
			ptype.gold += ng; ptype.pred += ns; ptype.tp += (size_t)hit;
			psrc.gold += ng; psrc.pred += ns; psrc.tp += (size_t)hit_src;
			nexact += (ng == 1 && ns == 1 && hit) || (ng == 0 && ns == 0);
		} else {
			size_t tps = overlap(g, ng, p, np, 0), tpr = overlap(g, ng, p, np, 1);
			int errors = (int)(ng - tpr + np - tpr);
			strict.gold += ng; strict.pred += np; strict.tp += tps;
			root.gold += ng; root.pred += np; root.tp += tpr;
			nexact += tps == ng && tps == np;
			for (size_t i = 0; i < ng; i++) byroot.t[root_of(g[i].code)].gold++;
			for (size_t i = 0; i < np; i++) byroot.t[root_of(p[i].code)].pred++;
			{
				int used[MAX_EV] = {0};
				for (size_t i = 0; i < ng; i++)
					for (size_t q = 0; q < np; q++)
						if (!used[q] && same(&g[i], &p[q], 1)) {
							used[q] = 1;
							byroot.t[root_of(g[i].code)].tp++;
							break;
						}
			}
			/* keep the records with the most errors */
			for (int w = 0; w < nworst && errors > 0; w++)
				if (errors > worst[w].errors) {
					char gl[250], pl2[250];
					memmove(&worst[w + 1], &worst[w], sizeof *worst * (size_t)(nworst - w - 1));
					worst[w].errors = errors;
					copy(worst[w].id, sizeof worst[w].id, id);
					list(gl, sizeof gl, g, ng);
					list(pl2, sizeof pl2, p, np);
					snprintf(worst[w].line, sizeof worst[w].line, "gold %.200s | dyad %.200s | %.120s",
					         gl, pl2, text);
					break;
				}
		}
		json_decref(o);
	}
	free(line);
	fclose(f);
	dyad_doc_free(doc);
	dyad_coder_free(coder);
	if (plover) {
		printf("records %zu\n", nrec);
		printf("PLOVER type            P %6.2f  R %6.2f  F1 %6.2f\n", pct(ptype.tp, ptype.pred),
		       pct(ptype.tp, ptype.gold), f1(&ptype));
		printf("PLOVER type + source   P %6.2f  R %6.2f  F1 %6.2f\n", pct(psrc.tp, psrc.pred),
		       pct(psrc.tp, psrc.gold), f1(&psrc));
		printf("plover F1 %.3f type+source F1 %.3f exact %.3f\n", f1(&ptype) / 100, f1(&psrc) / 100,
		       nrec ? (double)nexact / (double)nrec : 0);
	} else {
		printf("records %zu, gold events %zu, dyad events %zu\n", nrec, strict.gold, strict.pred);
		printf("strict  P %6.2f  R %6.2f  F1 %6.2f\n", pct(strict.tp, strict.pred),
		       pct(strict.tp, strict.gold), f1(&strict));
		printf("root    P %6.2f  R %6.2f  F1 %6.2f\n", pct(root.tp, root.pred),
		       pct(root.tp, root.gold), f1(&root));
		printf("by root (root-level matches):\n");
		for (int r = 0; r <= 20; r++) {
			struct tally *t = &byroot.t[r];
			if (!t->gold && !t->pred) continue;
			printf("  %02d  gold %3zu  dyad %3zu  P %6.2f  R %6.2f\n", r, t->gold, t->pred,
			       pct(t->tp, t->pred), pct(t->tp, t->gold));
		}
		if (nworst && worst[0].errors) printf("worst records:\n");
		for (int w = 0; w < nworst && worst[w].errors; w++)
			printf("  %s (%d): %s\n", worst[w].id, worst[w].errors, worst[w].line);
		printf("exact %.3f strict F1 %.3f root F1 %.3f\n", nrec ? (double)nexact / (double)nrec : 0,
		       f1(&strict) / 100, f1(&root) / 100);
	}
	free(worst);
	return rc ? EXIT_INPUT : 0;
}

/* ---------------------------------------------------------------------------------------- */

static int code_matches(const char *want, const char *got)
{
	return strlen(want) <= 2 ? strncmp(want, got, 2) == 0 : strcmp(want, got) == 0;
}

/* Actors match at the country level (the first three letters): the seed's gold codes a country
 * acting as a state sometimes as "RUS", sometimes as "RUSGOV". */
static int actor_matches(const char *want, const char *got)
{
	return strncmp(want, got, 3) == 0;
}

/* s with typographic apostrophes and quotes as ASCII, into out. */
static const char *ascii_quotes(const char *s, char *out, size_t n)
{
	size_t k = 0;
	while (*s && k + 1 < n) {
		if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
		    ((unsigned char)s[2] == 0x98 || (unsigned char)s[2] == 0x99)) {
			out[k++] = '\'';
			s += 3;
		} else if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
		           ((unsigned char)s[2] == 0x9C || (unsigned char)s[2] == 0x9D)) {
			out[k++] = '"';
			s += 3;
		} else {
			out[k++] = *s++;
		}
	}
	out[k] = 0;
	return out;
}

static int eval_seed(int argc, char **argv)
{
	char path[4096], *line = NULL;
	size_t cap = 0, nreq = 0, req_found = 0, nopt = 0, opt_found = 0, unexpected = 0, lineno = 0;
	size_t dates_ok = 0, dates = 0;
	dyad_coder *coder;
	dyad_doc *doc;
	const struct dyad_event *ev;
	size_t nev;
	int *matched;
	struct dyad_reader *r;
	struct dyad_error err;
	FILE *f;

	if (argc < 2) return cli_usage("eval", "seed needs the seed folder");
	snprintf(path, sizeof path, "%s/article-2015-09-15.txt", argv[1]);
	if (cli_open_coder(&coder, NULL, 0, 0, eval_beam) < 0) return EXIT_INPUT;
	doc = dyad_doc_new();
	if (!doc || dyad_reader_open(&r, path, NULL, &err) != DYAD_OK ||
	    dyad_reader_next(r, doc, &err) != DYAD_OK || dyad_code_doc(coder, doc, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		dyad_doc_free(doc);
		dyad_coder_free(coder);
		return EXIT_INPUT;
	}
	dyad_reader_free(r);
	ev = dyad_doc_events(doc);
	nev = dyad_doc_nevents(doc);
	matched = calloc(nev + 1, sizeof *matched);
	snprintf(path, sizeof path, "%s/expected.jsonl", argv[1]);
	if (!matched || !(f = fopen(path, "r"))) {
		cli_error("%s: cannot open", path);
		free(matched);
		dyad_doc_free(doc);
		dyad_coder_free(coder);
		return EXIT_INPUT;
	}
	while (getline(&line, &cap, f) > 0) {
		json_t *o = json_loads(line, 0, NULL);
		const char *evid, *src, *tgt, *code, *date;
		char buf[2048], buf2[512];
		int req, found = -1;
		lineno++;
		if (!o) continue;
		evid = json_string_value(json_object_get(o, "evidence"));
		src = json_string_value(json_object_get(o, "source"));
		tgt = json_string_value(json_object_get(o, "target"));
		code = json_string_value(json_object_get(o, "code"));
		date = json_string_value(json_object_get(o, "date"));
		req = json_is_true(json_object_get(o, "required"));
		if (!evid || !src || !tgt || !code) {
			json_decref(o);
			continue;
		}
		for (size_t i = 0; i < nev && found < 0; i++)
			if (strstr(ascii_quotes(ev[i].text, buf, sizeof buf), ascii_quotes(evid, buf2, sizeof buf2)) &&
			    actor_matches(src, ev[i].source) &&
			    actor_matches(tgt, ev[i].target) && code_matches(code, ev[i].code))
				found = (int)i;
		if (req) { nreq++; req_found += found >= 0; }
		else { nopt++; opt_found += found >= 0; }
		if (found >= 0) matched[found] = 1;
		if (found >= 0 && date) {
			dates++;
			dates_ok += strcmp(date, ev[found].date) == 0;
		}
		printf("%-8s %-4s %s>%s %s  \"%s\"%s%s\n", req ? "required" : "optional",
		       found >= 0 ? "ok" : "MISS", src, tgt, code, evid,
		       found >= 0 ? "  -> " : "", found >= 0 ? ev[found].mode : "");
		json_decref(o);
	}
	free(line);
	fclose(f);
	/* an event that matches nothing expected: spurious, or at best unlisted */
	for (size_t i = 0; i < nev; i++) {
		int ok = matched[i];
		for (size_t k = 0; k < i && !ok; k++)   /* a second direction of a matched event */
			ok = matched[k] && ev[k].sentence == ev[i].sentence && !strcmp(ev[k].code, ev[i].code);
		if (ok) continue;
		unexpected++;
		printf("extra    %s>%s %s %s  \"%.90s\"\n", ev[i].source, ev[i].target, ev[i].code,
		       ev[i].mode, ev[i].text);
	}
	printf("required %zu/%zu optional %zu/%zu dates %zu/%zu unexpected %zu\n", req_found, nreq,
	       opt_found, nopt, dates_ok, dates, unexpected);
	free(matched);
	dyad_doc_free(doc);
	dyad_coder_free(coder);
	return 0;
}

int cli_eval_events(int argc, char **argv) { return eval_events(argc, argv); }
int cli_eval_seed(int argc, char **argv) { return eval_seed(argc, argv); }
