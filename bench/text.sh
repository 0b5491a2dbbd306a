#!/bin/sh
# The text layer: reading + normalizing + splitting + tokenizing JSON Lines, on a corpus built
# from the "# text" lines of the UD treebanks in ../shared (one document per "# newdoc"), repeated
# to about 100 MB; then 1 GB of the same to show that memory does not grow with the input.
set -u
B="$TOP/build/bench"
corpus="$B/text-100M.jsonl"
if [ ! -d "$SHARED/treebanks" ]; then echo "text: skipped (no $SHARED/treebanks)"; exit 0; fi
if [ ! -s "$corpus" ]; then
	cat "$SHARED"/treebanks/*/*.conllu | python3 -c '
import json, sys
docs, cur = [], []
for line in sys.stdin:
    if line.startswith("# newdoc") and cur:
        docs.append(" ".join(cur)); cur = []
    elif line.startswith("# text = "):
        cur.append(line[9:].rstrip("\n"))
if cur: docs.append(" ".join(cur))
out, size, i = [], 0, 0
with open(sys.argv[1], "w") as f:
    while size < 100 * 1000 * 1000:
        for d in docs:
            line = json.dumps({"id": "d%d" % i, "date": "2015-09-15", "text": d}) + "\n"
            f.write(line); size += len(line); i += 1
' "$corpus"
fi
bytes=$(stat -c %s "$corpus")
python3 "$TOP/bench/peak.py" "$DYAD" tokenize --count "$corpus" 2>"$B/text.err" >/dev/null
sents=$(sed -n 's/.* \([0-9]*\) sentences.*/\1/p' "$B/text.err")
set -- $(grep '^time:' "$B/text.err")
awk -v b="$bytes" -v s="$sents" -v t="$4" -v r="$6" 'BEGIN {
	printf "text corpus: %.1f MB, %d sentences\n", b / 1e6, s
	printf "text throughput: %.1f MB/s\n", b / 1e6 / t
	printf "text sentences: %.0f sentences/s\n", s / t
	printf "text peak RSS (100 MB input): %.1f MB\n", r / 1024 }'
# 1 GB: the same corpus ten times through one reader (stdin), to show memory stays flat
python3 "$TOP/bench/peak.py" sh -c "for i in 1 2 3 4 5 6 7 8 9 10; do cat '$corpus'; done | '$DYAD' tokenize --count -" 2>"$B/text1g.err" >/dev/null
set -- $(grep '^time:' "$B/text1g.err")
awk -v b="$bytes" -v t="$2" -v r="$6" 'BEGIN {
	printf "text throughput (1 GB via stdin): %.1f MB/s\n", 10 * b / 1e6 / t
	printf "text peak RSS (1 GB input): %.1f MB\n", r / 1024 }'
