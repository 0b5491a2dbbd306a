# writes -- the cache follows the data: an ingest by another process while the server runs is
# seen within about a second (the store's stamp is checked at most once a second).
$ api GET /api/stats && api GET '/api/events?actor=FRA'
1> {"documents":3,"sentences":8,"events":7,"mentions":9,
1> "rows":[],"more":false}

$ printf 'The French president met the German chancellor in Paris on Monday.\n' > "$TMP/fr.txt" && dyad ingest --db "$SERVE_DB" --date 2024-05-07 "$TMP/fr.txt" && sleep 1.2 && api GET /api/stats && api GET '/api/events?actor=FRA'
2> 1 document stored (1 event)
1> {"documents":4,"sentences":9,"events":8,"mentions":10,
1> "rows":[{"id":8,"date":"2024-05-06","source":"FRAGOV","target":"DEUGOV","code":"040"
