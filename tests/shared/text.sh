#!/bin/sh
# The text layer on ../shared: the seed article's sentences, and accuracy floors on the UD test
# sets (a drop below a floor is a regression; the figures themselves come from `make eval`).
# Run by tests/run.sh with DYAD and SHARED set; prints "ok NAME" or "FAIL NAME: why".
seed="$SHARED/seed/article-2015-09-15.txt"
out=$("$DYAD" tokenize --sentences "$seed" 2>/dev/null)
n=$(printf '%s\n' "$out" | tail -n +3 | grep -c .)
if [ "$n" = 14 ]; then echo "ok seed body has 14 sentences"; else echo "FAIL seed body has 14 sentences: got $n"; fi
if printf '%s\n' "$out" | grep -qx 'Putin’s comments came after Lavrov reiterated that Russia will support the Syrian government in the fight against ISIS, saying that excluding the Syrian army from the fight against ISIS is “absurd”.'; then
	echo "ok seed sentence with closing quote"
else
	echo "FAIL seed sentence with closing quote"
fi
if printf '%s\n' "$out" | grep -q '^Putin said it is impossible'; then echo "ok seed split after 'AP.'"; else echo "FAIL seed split after 'AP.'"; fi

# floor TOKENS SENTENCES NAME FILE [FILTER]
floor() {
	line=$("$DYAD" eval tokenize ${5:+--filter "$5"} "$4" 2>&1 | tail -1)
	set -- $1 $2 "$3" $line
	if awk -v t="$5" -v s="$9" -v mt="$1" -v ms="$2" 'BEGIN { exit !(t >= mt && s >= ms) }'; then
		echo "ok $3 tokens >= $1, sentences >= $2"
	else
		echo "FAIL $3 tokens >= $1, sentences >= $2: got tokens $5 sentences $9"
	fi
}
tb="$SHARED/treebanks"
floor 99.1 83.5 "EWT test" "$tb/UD_English-EWT/en_ewt-ud-test.conllu"
floor 99.5 93.5 "GUM-open test" "$tb/UD_English-GUM-open/en_gum-open-ud-test.conllu"
floor 99.9 91.5 "GUM-open test news" "$tb/UD_English-GUM-open/en_gum-open-ud-test.conllu" news
