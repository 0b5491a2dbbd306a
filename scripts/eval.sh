#!/bin/sh
# make eval: accuracy of every stage on the gold sets in ../shared.
#   sh scripts/eval.sh DYAD SHARED
set -u
DYAD=$1
SHARED=$2
if [ ! -d "$SHARED" ]; then echo "eval: no $SHARED: nothing to measure"; exit 0; fi
tb="$SHARED/treebanks"
EWT="$tb/UD_English-EWT/en_ewt-ud-test.conllu"
GUM="$tb/UD_English-GUM-open/en_gum-open-ud-test.conllu"
has() { "$DYAD" help "$1" >/dev/null 2>&1; }

echo "== text layer (tokens, words, sentences F1)"
echo "EWT test:      $("$DYAD" eval tokenize "$EWT" | tail -1)"
echo "GUM-open test: $("$DYAD" eval tokenize "$GUM" | tail -1)"
echo "GUM-open news: $("$DYAD" eval tokenize --filter news "$GUM" | tail -1)"
if "$DYAD" eval parse --help >/dev/null 2>&1 && "$DYAD" help eval | grep -q '^parse'; then
	echo "== tagger and parser, gold tokens"
	echo "EWT test:      $("$DYAD" eval parse "$EWT" | tail -1)"
	echo "GUM-open test: $("$DYAD" eval parse "$GUM" | tail -1)"
	echo "GUM-open news: $("$DYAD" eval parse --filter news "$GUM" | tail -1)"
fi
if "$DYAD" help eval | grep -q '^events'; then
	echo "== events"
	echo "seed:          $("$DYAD" eval seed "$SHARED/seed" 2>&1 | tail -1)"
	echo "petrarch-unit: $("$DYAD" eval events --dicts "$SHARED/eval/petrarch-unit" "$SHARED/eval/petrarch-unit/records.jsonl" | tail -1)"
	echo "wikinews-dev:  $("$DYAD" eval events "$SHARED/eval/wikinews-dev/records.jsonl" | tail -1)"
	echo "plover-gsr:    $("$DYAD" eval events --plover "$SHARED/eval/plover-gsr/records.jsonl" | tail -1)"
fi
