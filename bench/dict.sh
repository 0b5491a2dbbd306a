#!/bin/sh
# Dictionaries: compile time, load time of the compiled default set (the image is in the page
# cache: a new process maps it and checks its checksum), and actor matching speed on one core
# (the seed article repeated to ~100k words; the text layer is not counted).
# Run by bench/run.sh with DYAD and SHARED set; prints "name: value unit".
set -u
DYAD=${DYAD:-./dyad}
SHARED=${SHARED:-../shared}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
cache="$T/cache"
s=$(date +%s%N)
"$DYAD" dict compile --cache "$cache" >/dev/null 2>&1
e=$(date +%s%N)
echo "dict_compile: $(( (e - s) / 1000000 )) ms"
# load: best and median of 9 runs, each a new process
for i in 1 2 3 4 5 6 7 8 9; do
	"$DYAD" dict stats --cache "$cache" 2>/dev/null | awk '/^load:/ { print $2 }'
done | sort -n >"$T/loads"
echo "dict_load_best: $(head -1 "$T/loads") ms"
echo "dict_load_median: $(sed -n 5p "$T/loads") ms"
"$DYAD" dict stats --cache "$cache" 2>/dev/null | awk '/^image:/ { gsub(/[(]/, "", $3); print "dict_image_size: " $3 " bytes" }
	/^phrases:/ { print "dict_phrases: " $2 " phrases" }'
seed="$SHARED/seed/article-2015-09-15.txt"
if [ -f "$seed" ]; then
	for i in $(seq 250); do cat "$seed"; echo; done >"$T/big.txt"
	"$DYAD" dict bench --cache "$cache" --date 2015-09-15 "$T/big.txt" 2>/dev/null | grep -v '^dict_load'
fi
