#!/bin/sh
# The tagger and parser on ../shared: who-did-what-to-whom in the seed article, and accuracy
# floors on the UD test sets, gold tokenisation (a drop below a floor is a regression; the
# figures themselves come from `dyad eval parse`, see docs/nlp.md).
# Run by tests/run.sh with DYAD and SHARED set; prints "ok NAME" or "FAIL NAME: why".
seed="$SHARED/seed/article-2015-09-15.txt"
out=$("$DYAD" parse "$seed" 2>/dev/null)

# rel FRAGMENT DEPENDENT RELATION HEAD: in the first sentence whose text contains FRAGMENT,
# the word DEPENDENT heads the RELATION phrase of the word HEAD, or lies inside that phrase's
# nominal core: the climb from DEPENDENT follows flat, compound, nmod:desc, appos and nmod.  UD
# 2.16 heads "John Kerry" with "John" (Kerry is its flat) and "Foreign Minister Sergei Lavrov"
# with "Sergei", so the strict relation holds for the first name; the surname is in the phrase.
# strict checks the relation itself.
rel() {
	printf '%s\n' "$out" | awk -F'\t' -v strict="${STRICT:-0}" -v pre="$1" -v dep="$2" -v rel="$3" -v head="$4" '
		/^# text = / && index($0, pre) && !done { on = 1; n = 0; next }
		on && /^$/ { on = 0; done = 1; next }
		on && $1 ~ /^[0-9]+$/ { n++; form[$1] = $2; h[$1] = $7; r[$1] = $8 }
		END {
			for (i = 1; i <= n; i++) {
				if (form[i] != dep) continue
				k = i
				steps = 0
				while (k > 0 && steps < n) {
					if (r[k] == rel && form[h[k]] == head) exit 0
					if (strict || (r[k] != "flat" && r[k] != "compound" && r[k] != "nmod:desc" && r[k] != "appos" && r[k] != "nmod")) break
					k = h[k]
					steps++
				}
			}
			exit 1
		}'
}
check() {
	if rel "$1" "$2" "$3" "$4"; then echo "ok seed: $2 in the $3 phrase of $4"
	else echo "FAIL seed: $2 in the $3 phrase of $4"; fi
}
strict() {
	if STRICT=1 rel "$1" "$2" "$3" "$4"; then echo "ok seed: $2 is $3 of $4"
	else echo "FAIL seed: $2 is $3 of $4"; fi
}
check "Secretary of State John Kerry on Tuesday night made" Kerry nsubj made
strict "Secretary of State John Kerry on Tuesday night made" John nsubj made
strict "Secretary of State John Kerry on Tuesday night made" Kerry flat John
strict "Secretary of State John Kerry on Tuesday night made" Secretary nmod:desc John
strict "Secretary of State John Kerry on Tuesday night made" call obj made
check "Kerry called Foreign Minister Sergei Lavrov on Tuesday" Lavrov obj called
strict "Kerry called Foreign Minister Sergei Lavrov on Tuesday" Kerry nsubj called
strict "Kerry called Foreign Minister Sergei Lavrov on Tuesday" Sergei obj called

# floor UPOS UAS LAS NAME FILE [FILTER] -- with the optimized build when there is one (`make
# test` builds it): scores do not depend on the sanitizers, and the beam is slow under them
FAST=$DYAD
[ -x "${TOP:-.}/dyad" ] && FAST="$TOP/dyad"
floor() {
	line=$("$FAST" eval parse ${6:+--filter "$6"} "$5" 2>&1 | tail -1)
	set -- "$1" "$2" "$3" "$4" $line
	if awk -v u="$6" -v a="$8" -v l="${10}" -v mu="$1" -v ma="$2" -v ml="$3" \
		'BEGIN { exit !(u >= mu && a >= ma && l >= ml) }'; then
		echo "ok $4 UPOS >= $1, UAS >= $2, LAS >= $3"
	else
		echo "FAIL $4 UPOS >= $1, UAS >= $2, LAS >= $3: got $5 $6 $7 $8 $9 ${10}"
	fi
}
tb="$SHARED/treebanks"
floor 95.4 86.7 83.7 "EWT test" "$tb/UD_English-EWT/en_ewt-ud-test.conllu"
floor 95.8 85.5 82.5 "GUM-open test" "$tb/UD_English-GUM-open/en_gum-open-ud-test.conllu"
floor 95.5 84.0 81.0 "GUM-open test news" "$tb/UD_English-GUM-open/en_gum-open-ud-test.conllu" news
