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

# 2. end to end on raw text: tokenize + tag + parse the EWT test text, 8 copies
for i in 1 2 3 4 5 6 7 8; do grep '^# text = ' "$gold" | cut -c10-; done >"$TMP/raw.txt"
nw=$("$DYAD" tokenize --words "$TMP/raw.txt" 2>/dev/null | wc -w)
s=$(date +%s.%N)
"$DYAD" parse "$TMP/raw.txt" >/dev/null 2>&1
e=$(date +%s.%N)
awk -v n="$nw" -v s="$s" -v e="$e" 'BEGIN { printf "parse-raw-words-per-s: %.0f words/s\n", n / (e - s) }'

# 3. model load: parse an empty document (process start + load), minus the same for tokenize
: >"$TMP/empty.txt"
t() {
	s=$(date +%s%N)
	for i in 1 2 3 4 5 6 7 8 9 10; do "$DYAD" "$@" "$TMP/empty.txt" >/dev/null 2>&1; done
	e=$(date +%s%N)
	echo $(( (e - s) / 10 ))
}
a=$(t parse); b=$(t tokenize)
awk -v a="$a" -v b="$b" 'BEGIN { d = (a - b) / 1e6; if (d < 0) d = 0; printf "model-load: %.1f ms\n", d }'

# 4. peak memory (RSS) of dyad parse on the raw text
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o "$TMP/rss" "$DYAD" parse "$TMP/raw.txt" >/dev/null 2>&1
	echo "parse-rss: $(( $(cat "$TMP/rss") / 1024 )) MB"
fi

# 5. model size on disk
echo "model-size: $(du -k "$TOP/data/models/tagger.bin" "$TOP/data/models/parser.bin" | awk '{ s += $1 } END { printf "%.1f", s / 1024 }') MB"
