# backends -- the event store, on SQLite and on PostgreSQL: ingest of coded events (docs/events.md),
# dedup, queries, series, exports.  $DB and $DB2 are fresh databases (see tests/run.sh).
$ dyad ingest --db "$DB" --events store/events.jsonl
2> 3 documents stored (9 events), 0 already stored, 0 bad lines

$ dyad ingest --db "$DB" --events store/events.jsonl store/copy.jsonl
2> 0 documents stored (0 events), 4 already stored

$ dyad ingest --db "$DB" --events store/bad.jsonl
? 1
2> store/bad.jsonl:2: bad JSON
2> store/bad.jsonl:3: 'code' must be 2 to 4 digits
2> store/bad.jsonl:4: 'quad' must be an integer
2> 2 documents stored (2 events), 0 already stored, 3 bad lines

$ dyad query --db "$DB" --dyad USA,RUS --code 04 --format csv
1> 1,2024-03-12,USAGOV,RUSGOV,041,04,1,1,CONSULT,asserted,USA,2,2,2,a1,
1> 7,2024-04-02,RUS,USA,043,04,1,2.8,CONSULT,asserted,,1,1,1,a9,

$ dyad query --db "$DB" --mode negated --format jsonl
1> "code":"112","root":"11","quad":3,"goldstein":-2,"plover":"ACCUSE","mode":"negated"

$ dyad query --db "$DB" --text telephone --mentions
1> The American president spoke by telephone

$ dyad query --db "$DB" --country UKR --quad 4
1> RUSMIL  UKRMIL  195

$ dyad series --db "$DB" --dyad USA,RUS --period month
1> period   USA>RUS:events  USA>RUS:goldstein  USA>RUS:mean  RUS>USA:events
1> 2024-03               1                  1             1               1                 -2            -2
1> 2024-04               0                  0             0               1                2.8           2.8

$ dyad series --db "$DB" --dyad USAGOV,RUS --period day --format csv
1> 2024-03-12,1,1,1,0,0,0

$ dyad series --db "$DB" --actor UKR --period week --format csv
1> period,UKR>*:events,UKR>*:goldstein,UKR>*:mean,*>UKR:events,*>UKR:goldstein,*>UKR:mean
1> 2024-W14,0,0,0,2,-4.8,-2.4
1> 2024-W18,2,4.4,2.2,0,0,0

$ dyad series --db "$DB" --actor US --period month --format csv
1> period,US>*:events,US>*:goldstein,US>*:mean,*>US:events,*>US:goldstein,*>US:mean
1> 2024-03,1,1,1,1,-2,-2
1> 2024-04,1,5.2,5.2,1,2.8,2.8
1> 2024-05,0,0,0,2,4.4,2.2

$ dyad series --db "$DB" --actor USAGOV --period month --format csv
1> 2024-03,1,1,1,0,0,0

$ dyad series --db "$DB" --dyad UKRMIL,RUS --period day --format csv
1> 2024-04-02,0,0,0,1,-10,-10

# "reported" alone is not a summary's mode class (it is counted with "asserted" there): the
# events are grouped, and no event here was first reported
$ dyad series --db "$DB" --dyad USA,RUS --mode reported --period month --format csv | wc -l
1> 1

$ dyad network --db "$DB" --from 2024-03-01 --to 2024-03-31
1> RUS     USA          2         2         -4    -2
1> USA     RUS          1         2          1     1

$ dyad query --db "$DB" --limit 2 --offset 5 --format csv
1> 6,2024-04-02,RUSMIL,UKRMIL,195,19,4,-10,ASSAULT,asserted,UKR,2,1,1,a9,
1> 7,2024-04-02,RUS,USA,043,04,1,2.8,CONSULT,asserted,,1,1,1,a9,

$ dyad query --db "$DB" --offset 6 --format csv
1> 7,2024-04-02,RUS,USA,043,04,1,2.8,CONSULT,asserted,,1,1,1,a9,

$ dyad top codes --db "$DB" --limit 2 --format csv
1> code,plover,events,mentions
1> 033,AID,2,2

$ dyad export --db "$DB" --format gdelt --dyad RUSMIL,UKRMIL
1> 6	20240402	202404	2024	2024.3342	RUSMIL		RUS					MIL			UKRMIL

$ dyad export --db "$DB" --format gdelt-mentions --code 041
1> 	1	daily.example	https://daily.example/b7	2	0	20	6	1	80		0		

$ dyad export --db "$DB" --format jsonl --code 041 > "$TMP/x.jsonl" && dyad ingest --db "$DB2" --events "$TMP/x.jsonl" && dyad query --db "$DB2" --format csv
2> 2 documents stored (2 events)
1> 1,2024-03-12,USAGOV,RUSGOV,041,04,1,1,CONSULT,asserted,USA,2,2,2,a1,The American president

$ dyad query --db "$TMP/none.db"
? 1
2> none.db': no such database

$ dyad query --db "$DB" --format xml
? 2
2> unknown format 'xml'

$ dyad series --db "$DB"
? 2
2> needs --dyad A,B or --actor A

$ dyad ingest --db "$DB" store/missing.txt
? 1
2> dyad: store/missing.txt: No such file or directory

$ echo 'not a db' > "$TMP/junk.db"; dyad query --db "$TMP/junk.db"
? 1
2> file is not a database
