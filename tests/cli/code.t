# dyad code and dyad ingest of text (the store's own cases are in store.t)
$ dyad code --date 2015-09-15 sample.txt
2> 1 document, 2 sentences

$ printf 'John Kerry called Lavrov on Tuesday.' | dyad code --date 2015-09-15 -
1> "source":"USAGOV","target":"RUSGOV"
1> "code":"041"
1> "evidence":{"sentence":[0,36],"source":[0,10],"verb":[11,17],"target":[18,24]}
1> "plover":"CONSULT"
2> 2 events

$ printf 'John Kerry called Lavrov on Tuesday.' | dyad code --format gdelt --date 2015-09-15 - | awk -F'\t' '{print NF, $6, $16, $27}'
1> 61 USAGOV RUSGOV 041

$ printf 'John Kerry called Lavrov on Tuesday.' | dyad code --format tsv --date 2015-09-15 - | cut -f4-7
1> USAGOV	RUSGOV	041	asserted

$ dyad code --format bogus sample.txt
? 2
2> unknown format 'bogus'

$ dyad code missing.txt
? 1
2> dyad: missing.txt: No such file or directory

$ rm -f "$TMP/c.db"; dyad ingest --db "$TMP/c.db" --date 2015-09-15 corpus && dyad ingest --db "$TMP/c.db" corpus
2> 4 documents stored
2> 0 documents stored (0 events), 4 already stored

# issues of the issue dictionary named in the sentence, each once, on its events
$ printf 'Brazil criticized Argentina over its treatment of teachers and students.\n' | dyad code --date 2024-05-07 -
1> "issues":["TEACHERS","STUDENTS"]

# -j N: the same output, in the same order, as one thread (the samples, ten times over, in all
# three formats; GDELT's DATEADDED, column 60, is the time of the run)
$ mkdir "$TMP/many"; for i in 0 1 2 3 4 5 6 7 8 9; do for f in "$TOP"/data/samples/*.txt; do cp "$f" "$TMP/many/$i-$(basename "$f")"; done; done; for fmt in jsonl tsv gdelt; do dyad code --format $fmt "$TMP/many" 2>/dev/null | awk -F'\t' -v OFS='\t' -v f=$fmt 'f == "gdelt" { $60 = "" } { print }' >"$TMP/j1"; dyad code -j 3 --format $fmt "$TMP/many" 2>"$TMP/j3.err" | awk -F'\t' -v OFS='\t' -v f=$fmt 'f == "gdelt" { $60 = "" } { print }' >"$TMP/j3"; if [ -s "$TMP/j1" ] && cmp -s "$TMP/j1" "$TMP/j3" && grep -q '20 documents' "$TMP/j3.err"; then echo "same $fmt"; else echo "differs $fmt"; fi; done
1> same jsonl
1> same tsv
1> same gdelt

$ dyad code -j 0 sample.txt
? 2
2> --jobs takes 1 to 64

# ingest -j N stores what one thread stores
$ mkdir "$TMP/many2"; for i in 0 1 2; do for f in "$TOP"/data/samples/*.txt; do printf '%s\n' "$(cat "$f") Edition $i." >"$TMP/many2/$i-$(basename "$f")"; done; done; rm -f "$TMP/j1.db" "$TMP/j3.db"; dyad ingest --db "$TMP/j1.db" "$TMP/many2" 2>/dev/null; dyad ingest -j 3 --db "$TMP/j3.db" "$TMP/many2"; dyad query --db "$TMP/j1.db" --format csv | cut -d, -f2- >"$TMP/q1"; dyad query --db "$TMP/j3.db" --format csv | cut -d, -f2- >"$TMP/q3"; if [ -s "$TMP/q1" ] && cmp -s "$TMP/q1" "$TMP/q3"; then echo same; else echo differs; fi
1> same
2> 6 documents stored (39 events), 0 already stored, 0 skipped

# a text with events and no date is refused with the reason and counted as skipped
$ rm -f "$TMP/nd.db"; printf 'Austria condemned Serbia over the expulsions.\n' >"$TMP/nodate.txt"; dyad ingest --db "$TMP/nd.db" "$TMP/nodate.txt"
? 1
2> nodate.txt: no date
2> 0 documents stored (0 events), 0 already stored, 1 skipped

# PLOVER scoring: the gold may name types as the earlier PLOVER draft does (DEMAND, DISAPPROVE)
$ dyad eval events --plover plover-draft.jsonl
1> plover F1 1.000 type+source F1 1.000 exact 1.000

# the mentions the coder makes (here each protest's civilians) have no fixed room in a
# document: 80 protests in one story are 80 events, parsed selectively or not
$ { printf 'Iraq said on Monday that it would act.\n\nThe government met.\n\n'; for i in $(seq 1 80); do printf 'Thousands of Iraqis protested in Kirkuk.\n\n'; done; } >"$TMP/protests.txt"; a=$(dyad code --format tsv --date 2024-05-02 "$TMP/protests.txt" 2>/dev/null | grep -c 'IRQCVL.IRQ.14'); b=$(dyad code --parse-all --format tsv --date 2024-05-02 "$TMP/protests.txt" 2>/dev/null | grep -c 'IRQCVL.IRQ.14'); echo "protests $a $b"
1> protests 80 80
