# Dictionaries: loaders (with FILE:LINE errors), overlays, dates, composition, titled names.
# Small dictionaries written for the tests live in tests/dict/; every case uses its own cache
# under $TMP so that the first one compiles and the others read the image.

$ dyad dict check ../dict/bad.actors.txt ../dict/bad.agents.txt ../dict/bad.verbs.txt
? 1
2> dyad: ../dict/bad.actors.txt:2: bad code '950601-990815': date restriction without a code
2> dyad: ../dict/bad.actors.txt:3: bad code 'AAA950601-990815': date restriction must be separated from the code by a blank
2> dyad: ../dict/bad.actors.txt:4: date range 19950601-19940101 ends before it starts
2> dyad: ../dict/bad.actors.txt:5: bad date restriction 'CCC >2015013'
2> dyad: ../dict/bad.actors.txt:7: missing ']' after code
2> dyad: ../dict/bad.actors.txt:8: indented line is not a date restriction
2> dyad: ../dict/bad.agents.txt:1: agent code 'MIL' needs '~'
2> dyad: ../dict/bad.agents.txt:2: undefined substitution marker '!MINIST!'
2> dyad: ../dict/bad.agents.txt:3: agent has no [code]
2> dyad: ../dict/bad.agents.txt:4: missing '}' after plural forms
2> dyad: ../dict/bad.verbs.txt:1: pattern outside a verb block
2> dyad: ../dict/bad.verbs.txt:4: multi-word verb 'WIRE_TAP' needs '+'
2> dyad: ../dict/bad.verbs.txt:5: undefined synset '&NOSUCH': pattern ignored
2> dyad: ../dict/bad.verbs.txt:6: bad pattern: no '*'
2> dyad: ../dict/bad.verbs.txt:7: bad pattern: more than one '*'
2> dyad: ../dict/bad.verbs.txt:8: bad pattern: '(' without ')'
2> dyad: ../dict/bad.verbs.txt:9: pattern has no [CODE]
2> dyad: ../dict/bad.verbs.txt:10: transformation must look like
2> dyad: ../dict/bad.actors.txt:7: actor record has no code
2> dyad: dict check: 19 problems

$ dyad dict check ../dict/small/test.actors.txt ../dict/small/test.agents.txt ../dict/small/test.verbs.txt ../dict/small/test.discards.txt ../dict/small/test.issues.txt
2> dict check: 0 problems

$ dyad dict check ../dict/nosuch.actors.txt
? 1
2> dyad: ../dict/nosuch.actors.txt: No such file or directory

$ dyad dict check sample.txt
? 1
2> sample.txt:0: cannot tell the kind of dictionary from the file name

# a malformed line is skipped, the rest of the file loads: BOTH keeps its two codes
$ dyad dict lookup --cache $TMP/c1 --no-default-dicts --dicts ../dict/bad.actors.txt Both
1> Both	EEE	dict
1>   entry bad.actors.txt:9 (actor) BOTH
1>       FFF          until 2010-01-01
2> bad.actors.txt:7: missing ']' after code

$ dyad dict stats --cache $TMP/c2 --no-default-dicts --dicts ../dict/small
1> actors: 5
1> agents: 5
1> discards: 2
1> issues: 3
1> synsets: 2
1> verb blocks: 2
1> patterns: 3
1> transformations: 1
1> problems: 0

# the code valid on the date, and the entry that gave it
$ dyad dict lookup --cache $TMP/c3 --no-default-dicts --dicts ../dict/small --date 2009-05-01 Alice Adams
1> Alice Adams	NTHELI	dict
1>   entry test.actors.txt:6 (actor) ALICE_ADAMS_
1>     * NTHELI       until 2009-12-31

$ dyad dict lookup --cache $TMP/c3 --no-default-dicts --dicts ../dict/small --date 2012-05-01 Minister Adams
1> Minister Adams	NTHGOV	dict

$ dyad dict lookup --cache $TMP/c3 --no-default-dicts --dicts ../dict/small --date 2016-05-01 Alice Adams
1> * NTHGOV       from 2015-01-01

# stems: NORTHLANDER matches Northlanders; '_' words are whole words only ("Southlanderly"),
# but for the plural of a people's name ("Southlanders", as "Turks" for TURK_)
$ dyad dict lookup --cache $TMP/c3 --no-default-dicts --dicts ../dict/small Northlanders
1> Northlanders	NTH	dict

$ dyad dict lookup --cache $TMP/c3 --no-default-dicts --dicts ../dict/small Southlanderly
? 1
1> no actor

$ dyad dict lookup --cache $TMP/c3 --no-default-dicts --dicts ../dict/small Southlanders
1> Southlanders	STH	dict

# composition, titled names in no dictionary, later bare mentions
$ dyad actors --cache $TMP/c3 --no-default-dicts --dicts ../dict/small --date 2016-03-01 ../dict/text.txt
1> 0:38	Northland Foreign Minister Alice Adams	NTHGOV	dict	test.actors.txt:6	test.agents.txt:4
1> 43:57	Southland army	STHMIL	composed	test.actors.txt:15	test.agents.txt:3
1> 78:115	Southlander Foreign Minister Dan Dune	STHGOV	title
1> 146:150	Dune	STHGOV	entity
1> 165:170	Adams	NTHGOV	entity
1> 172:182	North City	NTH	dict
1> Northlander spokesman Eve Evans	NTHGOV	title
1> 238:247	Bob Baker	STHMIL	dict	test.actors.txt:12
1> 280:291	Carol Clark	NTHOPP	dict

# a later --dicts overrides an earlier one
$ dyad actors --cache $TMP/c3 --no-default-dicts --dicts ../dict/small --dicts ../dict/over ../dict/text.txt
1> Bob Baker	NTHMIL	dict	late.actors.txt:2

$ dyad actors --json --cache $TMP/c3 --no-default-dicts --dicts ../dict/small --date 2016-03-01 ../dict/text.txt
1> {"doc":"text.txt","sentence":0,"start":0,"end":38,"text":"Northland Foreign Minister Alice Adams","code":"NTHGOV","how":"dict","entry":"test.actors.txt:6","agent":"test.agents.txt:4"}

# the cache is rebuilt when a source changes
$ mkdir -p $TMP/d && cp ../dict/small/test.actors.txt $TMP/d/ && dyad dict stats --cache $TMP/c4 --no-default-dicts --dicts $TMP/d >/dev/null && echo 'DAVE_DOE_ [NTHMIL]' >> $TMP/d/test.actors.txt && touch -d '+1 second' $TMP/d/test.actors.txt && dyad dict lookup --cache $TMP/c4 --no-default-dicts --dicts $TMP/d Dave Doe
1> Dave Doe	NTHMIL	dict

$ dyad dict compile --no-default-dicts --dicts ../dict/small -o $TMP/small.img && dyad dict lookup --image $TMP/small.img Bob Baker
1> Bob Baker	STHMIL	dict

$ printf 'not an image' > $TMP/bad.img && dyad dict stats --image $TMP/bad.img
? 1
2> bad.img

$ dyad dict frob
? 2
2> unknown subcommand 'frob'

$ dyad actors --bogus
? 2
2> dyad actors: unknown option
