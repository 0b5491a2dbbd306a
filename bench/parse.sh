#!/bin/sh
# Tagger + parser speed, model load time, peak memory and model size.  Run by bench/run.sh with
# DYAD (the binary) and SHARED set; prints "name: value unit" lines.
#   DYAD=./dyad SHARED=../shared sh bench/parse.sh
set -u
DYAD=${DYAD:-./dyad}
SHARED=${SHARED:-../shared}
TOP=$(cd "$(dirname "$0")/.." && pwd)
tb="$SHARED/treebanks"
gold="$tb/UD_English-EWT/en_ewt-ud-test.conllu"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

# 1. tag + parse on gold words (the eval reports the time spent in the models alone); best of 3
best=0
for i in 1 2 3; do
	w=$("$DYAD" eval parse "$gold" 2>/dev/null | awk '/^speed/ { print $2 }')
	best=$(awk -v a="$best" -v b="${w:-0}" 'BEGIN { print (b > a ? b : a) }')
done
echo "parse-words-per-s: $best words/s"
# the event coder's width (dyad_nlp_set_beam, 4 by default); best of 3
b4=0
for i in 1 2 3; do
	w=$("$DYAD" eval parse --beam 4 "$gold" 2>/dev/null | awk '/^speed/ { print $2 }')
	b4=$(awk -v a="$b4" -v b="${w:-0}" 'BEGIN { print (b > a ? b : a) }')
done
echo "parse-beam4-words-per-s: $b4 words/s"
g=$("$DYAD" eval parse --beam 1 "$gold" 2>/dev/null | awk '/^speed/ { print $2 }')
echo "parse-greedy-words-per-s: ${g:-0} words/s"

# 2. end to end on raw text: tokenize + tag + parse the EWT test text, 8 copies
for i in 1 2 3 4 5 6 7 8; do grep '^# text = ' "$gold" | cut -c10-; done >"$TMP/raw.txt"
nw=$("$DYAD" tokenize --words "$TMP/raw.txt" 2>/dev/null | wc -w)
s=$(date +%s.%N)
"$DYAD" parse "$TMP/raw.txt" >/dev/null 2>&1
e=$(date +%s.%N)
awk -v n="$nw" -v s="$s" -v e="$e" 'BEGIN { printf "parse-raw-words-per-s: %.0f words/s\n", n / (e - s) }'

# 3. model load: dyad_nlp_open of both models (mmap + checks), as eval parse reports it; best of 3
load=
for i in 1 2 3; do
	l=$("$DYAD" eval parse "$gold" 2>/dev/null | awk '/^load/ { print $2 }')
	load=$(awk -v a="$load" -v b="${l:-0}" 'BEGIN { print (a == "" || b < a ? b : a) }')
done
echo "model-load: $load ms"

# 4. peak memory (RSS) of dyad parse on the raw text
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o "$TMP/rss" "$DYAD" parse "$TMP/raw.txt" >/dev/null 2>&1
	echo "parse-rss: $(( $(cat "$TMP/rss") / 1024 )) MB"
fi

# 5. model size on disk
echo "model-size: $(du -k "$TOP/data/models/tagger.bin" "$TOP/data/models/parser.bin" | awk '{ s += $1 } END { printf "%.1f", s / 1024 }') MB"
