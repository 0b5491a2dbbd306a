# Reading documents: text files, directories, JSON Lines, stdin; bad input is reported with
# FILE:LINE, counted, skipped, and the rest still comes out.
$ dyad tokenize --sentences sample.txt
1> Kerry called Lavrov on Tuesday.
2> 1 document, 2 sentences

$ dyad tokenize --sentences missing.txt
? 1
2> dyad: missing.txt: No such file or directory

$ dyad tokenize --sentences feed.jsonl
? 1
1> The first record is fine.
1> The last record is fine too.
2> dyad: feed.jsonl:2: invalid JSON
2> dyad: feed.jsonl:3: expected object
2> dyad: feed.jsonl:4: missing 'text'
2> dyad: feed.jsonl:5: bad date
2> 2 documents, 2 sentences, 13 words, 4 skipped

$ dyad tokenize --max-doc 60 --sentences feed.jsonl
? 1
2> dyad: feed.jsonl:1: line too long

$ dyad tokenize --words corpus
1> Nested +'s file .
1> The first record is fine .
2> 4 documents

$ printf 'From stdin. Two sentences.' | dyad tokenize --sentences -
1> From stdin.
2> 1 document, 2 sentences

$ printf '{"id": "x", "text": "JSON on stdin."}\n' | dyad tokenize -
1> # newdoc id = x
1> 3	stdin	_

$ dyad tokenize --date 2015-13-01 sample.txt
? 2
2> bad date '2015-13-01'

$ printf 'Caf\303\251 \377 bytes.' | dyad tokenize --sentences -
2> dyad: stdin: byte 6: invalid UTF-8 byte 0xFF replaced by U+FFFD

$ dyad tokenize sample.txt
1> TokenRange=0:5
1> # sent_id = sample.txt-1
