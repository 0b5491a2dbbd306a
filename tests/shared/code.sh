#!/bin/sh
# The event coder on ../shared: every required seed event, nothing unexpected; floors on the
# PETRARCH unit records (a drop below is a regression; the figures come from `make eval`).
out=$("$DYAD" eval seed "$SHARED/seed" 2>&1 | tail -1)
set -- $out
if [ "$2" = "8/8" ]; then echo "ok seed: all 8 required events"; else echo "FAIL seed: all 8 required events: $out"; fi
if [ "${8:-x}" = 0 ]; then echo "ok seed: no unexpected event"; else echo "FAIL seed: no unexpected event: $out"; fi
if [ "$6" = "2/2" ]; then echo "ok seed: dates of dated events"; else echo "FAIL seed: dates of dated events: $out"; fi
line=$("$DYAD" eval events --dicts "$SHARED/eval/petrarch-unit" "$SHARED/eval/petrarch-unit/records.jsonl" 2>&1 | tail -1)
set -- $line
if awk -v e="$2" 'BEGIN { exit !(e >= 0.69) }'; then echo "ok petrarch-unit exact >= 0.69 ($2)"
else echo "FAIL petrarch-unit exact >= 0.69: $line"; fi
line=$("$DYAD" eval events --plover "$SHARED/eval/plover-gsr/records.jsonl" 2>&1 | tail -1)
set -- $line
if awk -v e="$3" 'BEGIN { exit !(e >= 0.47) }'; then echo "ok plover-gsr type F1 >= 0.47 ($3)"
else echo "FAIL plover-gsr type F1 >= 0.47: $line"; fi

# parsing only the sentences that can give an event changes no event: the seed article, the
# bundled samples and every evaluation set, coded both ways (the optimized build when there is
# one: this is several thousand sentences)
FAST=$DYAD
[ -x "${TOP:-.}/dyad" ] && FAST="$TOP/dyad"
for input in "$SHARED/seed/article-2015-09-15.txt" "${TOP:-.}/data/samples" "$SHARED"/eval/*/records.jsonl; do
	a=$("$FAST" code --date 2015-09-15 "$input" 2>&1 | cksum)
	b=$("$FAST" code --parse-all --date 2015-09-15 "$input" 2>&1 | cksum)
	name="code: selective parsing gives the events of full parsing on $(basename "$(dirname "$input")")/$(basename "$input")"
	if [ "$a" = "$b" ]; then echo "ok $name"; else echo "FAIL $name"; fi
done
# and on running prose, where pronouns reach back across sentences: the EWT dev text as
# documents of 50 sentences
T=$(mktemp -d)
grep '^# text = ' "$SHARED/treebanks/UD_English-EWT/en_ewt-ud-dev.conllu" | cut -c10- |
	awk -v dir="$T" '{ f = sprintf("%s/ewt-%03d.txt", dir, int((NR - 1) / 50)); print > f; print "" > f }'
a=$("$FAST" code --date 2015-09-15 "$T" 2>&1 | cksum)
b=$("$FAST" code --parse-all --date 2015-09-15 "$T" 2>&1 | cksum)
n=$("$FAST" code --date 2015-09-15 "$T" 2>/dev/null | wc -l)
name="code: selective parsing gives the events of full parsing on the EWT dev text ($n events)"
if [ "$a" = "$b" ] && [ "$n" -gt 0 ]; then echo "ok $name"; else echo "FAIL $name"; fi
rm -rf "$T"
