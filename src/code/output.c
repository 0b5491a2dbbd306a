/* output.c -- events as text: one JSON object per event (docs/events.md) or one TSV line.  The
 * GDELT form goes through the store (dyad_store_list), which owns that format. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dyad.h"
#include "util/mem.h"

static json_t *span(struct dyad_span s)
{
	if (s.start < 0) return json_null();
	return json_pack("[II]", (json_int_t)s.start, (json_int_t)s.end);
}

static json_t *str_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }

char *dyad_event_json(const struct dyad_event *ev)
{
	json_t *o = json_object(), *attr = json_array(), *issues = json_array(), *explain = NULL;
	char *s;

	if (!o || !attr || !issues) goto fail;
	for (size_t i = 0; i < ev->nattribution; i++)
		json_array_append_new(attr, json_pack("{s:s, s:s}", "code", ev->attribution[i].code ?
		                      ev->attribution[i].code : "", "text", ev->attribution[i].text ?
		                      ev->attribution[i].text : ""));
	for (size_t i = 0; i < ev->nissues; i++) json_array_append_new(issues, json_string(ev->issues[i]));
	if (ev->explain) explain = json_loads(ev->explain, 0, NULL);
	json_object_set_new(o, "doc", json_string(ev->doc ? ev->doc : ""));
	json_object_set_new(o, "sentence", json_integer(ev->sentence));
	json_object_set_new(o, "text", json_string(ev->text ? ev->text : ""));
	json_object_set_new(o, "source", json_string(ev->source ? ev->source : ""));
	json_object_set_new(o, "target", json_string(ev->target ? ev->target : ""));
	json_object_set_new(o, "source_name", json_string(ev->source_name ? ev->source_name : ""));
	json_object_set_new(o, "target_name", json_string(ev->target_name ? ev->target_name : ""));
	json_object_set_new(o, "code", json_string(ev->code ? ev->code : ""));
	json_object_set_new(o, "root", json_string(ev->root ? ev->root : ""));
	json_object_set_new(o, "quad", json_integer(ev->quad));
	json_object_set_new(o, "goldstein", json_real(ev->goldstein));
	json_object_set_new(o, "plover", json_string(ev->plover ? ev->plover : ""));
	json_object_set_new(o, "mode", json_string(ev->mode ? ev->mode : "asserted"));
	json_object_set_new(o, "date", json_string(ev->date ? ev->date : ""));
	json_object_set_new(o, "date_source", json_string(ev->date_source ? ev->date_source : "document"));
	if (ev->location) {
		json_t *l = json_pack("{s:s, s:s}", "country", ev->location->country ? ev->location->country : "",
		                      "name", ev->location->name ? ev->location->name : "");
		if (l && ev->location->has_latlon) {
			json_object_set_new(l, "lat", json_real(ev->location->lat));
			json_object_set_new(l, "lon", json_real(ev->location->lon));
		}
		json_object_set_new(o, "location", l ? l : json_null());
	} else {
		json_object_set_new(o, "location", json_null());
	}
	json_object_set_new(o, "attribution", attr);
	json_object_set_new(o, "evidence", json_pack("{s:o, s:o, s:o, s:o}", "sentence", span(ev->ev_sentence),
	                    "source", span(ev->ev_source), "verb", span(ev->ev_verb), "target", span(ev->ev_target)));
	json_object_set_new(o, "issues", issues);
	json_object_set_new(o, "explain", explain ? explain : json_null());
	json_object_set_new(o, "confidence", json_real(ev->confidence));
	json_object_set_new(o, "doc_date", str_or_null(ev->doc_date));
	json_object_set_new(o, "doc_url", str_or_null(ev->doc_url));
	json_object_set_new(o, "doc_source", str_or_null(ev->doc_source));
	json_object_set_new(o, "doc_title", str_or_null(ev->doc_title));
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	json_decref(o);
	return s;
fail:
	json_decref(o);
	json_decref(attr);
	json_decref(issues);
	return NULL;
}

void dyad_event_json_free(char *s) { free(s); }
