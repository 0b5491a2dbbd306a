# backends -- batches and the events reader's fast path: dedup across batch boundaries, and lines
# the fast path reads (escapes, any field order, other fields) or leaves to jansson (a repeated
# key, an integer document id, an explain with white space and reals) store the same events.
$ sh store/batches.sh
1> ok

$ dyad ingest --db "$DB" --events store/odd.jsonl
? 1
2> store/odd.jsonl:5: 'doc' must be a string
2> 2 documents stored (4 events), 0 already stored, 1 bad line

$ dyad export --db "$DB" --format jsonl --from 2024-05-01
1> "text":"Café \"talks\"\tin Paris 😀.","source":"FRAGOV"
1> "explain":{"pattern":"verbs.txt:1","arcs":["nsubj(met, x)"],"n":-3}
1> "text":"Second, with a repeated key.","source":"DEU","target":"FRAGOV"
1> "plover":"","mode":"asserted","date":"2024-05-01","date_source":"","location":null,"attribution":[],"evidence":{"sentence":null,"source":null,"verb":null,"target":null},"issues":[],"explain":null,"confidence":1.0,"doc_date":"","doc_url":"","doc_source":"wire.example","doc_title":"","event":
1> "location":{"country":"RUS","name":"Moscow"}
1> "explain":{"pattern":"verbs.txt:2","score":0.25}
1> "attribution":[{"code":"","text":"a witness"},{"code":"UKR","text":"officials"}],"evidence":{"sentence":[0,24],"source":null,"verb":null,"target":null},"issues":["x","y"]

$ dyad query --db "$DB" --from 2024-05-01 --format csv
1> 2024-05-01,FRAGOV,DEU,040,04,1,1,,asserted,,2,1,1,e1

$ dyad ingest --db "$DB" --events store/unknown.jsonl
2> 1 document stored (3 events)

$ dyad series --db "$DB" --actor FRAMIL --period day --format csv
1> period,FRAMIL>*:events,FRAMIL>*:goldstein,FRAMIL>*:mean,*>FRAMIL:events,*>FRAMIL:goldstein,*>FRAMIL:mean
1> 2024-06-03,1,0,0,1,-10,-10

$ dyad series --db "$DB" --actor FR --from 2024-06-01 --period day --format csv
1> 2024-06-03,1,0,0,1,-10,-10
1> 2024-06-04,1,3.4,3.4,0,0,0

# a control character in an actor code is refused (the store's keys are joined by \x1f)
$ printf '{"doc":"c1","sentence":0,"text":"x","source":"USA\\u001fX","target":"RUS","code":"040","quad":1,"goldstein":1,"date":"2024-01-01"}\n' >"$TMP/ctl.jsonl"; dyad ingest --db "$DB" --events "$TMP/ctl.jsonl"
? 1
2> event 1: 'source' has a control character
2> 0 documents stored (0 events)
