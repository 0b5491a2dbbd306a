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
