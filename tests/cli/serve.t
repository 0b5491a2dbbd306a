# dyad serve: its options, checked before anything listens (the API itself: tests/serve/*.t)
$ dyad serve --port 99999
? 2
2> --port must be 0 to 65535

$ dyad serve --threads 0
? 2
2> --threads must be 1 to 64

$ dyad serve extra-arg
? 2
2> no file arguments

$ dyad serve --db "$TMP/none.db"
? 1
2> no such database

$ dyad serve --db corpus/a.txt --no-coder --port 0
? 1
2> file is not a database

$ dyad ingest --db "$TMP/s.db" --events store/events.jsonl 2>/dev/null; dyad serve --db "$TMP/s.db" --no-coder --bind 'not an address'
? 1
2> 'not an address' is not an IPv4 or IPv6 address

$ dyad help serve
1> usage: dyad serve [--db FILE|URI] [--port 8080] [--bind 127.0.0.1]
