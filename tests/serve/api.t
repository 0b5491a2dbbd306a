# The HTTP API of `dyad serve` (docs/serve.md), on a database of tests/fixtures/store/events.jsonl.
# `api METHOD PATH [curl options]` prints "HTTP <status>" and the body (see tests/run.sh).
$ api GET /api/health
1> HTTP 200
1> {"status":"ok","version":"0.1.0","backend":"sqlite","coder":true,"dashboard":

$ api GET /api/stats
1> HTTP 200
1> {"documents":3,"sentences":8,"events":7,"mentions":9,"actors":
1> "top_dyads":{"columns":["source","target","events","goldstein"],"rows":[{"source":"RUS","target":"USA","events":3,"goldstein":-1.2}

# events: filters, paging, the "more" flag
$ api GET '/api/events?dyad=USA,RUS&code=04'
1> HTTP 200
1> {"offset":0,"limit":100,"columns":["id","date","source","target","code","root","quad","goldstein","plover","mode","country","mentions","sources","articles","doc","text"],"rows":[{"id":1,"date":"2024-03-12","source":"USAGOV","target":"RUSGOV","code":"041","root":"04","quad":1,"goldstein":1,"plover":"CONSULT","mode":"asserted","country":"USA","mentions":2,"sources":2,"articles":2,"doc":"a1","text":"The American president
1> {"id":7,"date":"2024-04-02","source":"RUS","target":"USA","code":"043"
1> "more":false}

$ api GET '/api/events?limit=2&offset=1'
1> HTTP 200
1> {"offset":1,"limit":2,
1> "rows":[{"id":2,
1> {"id":3,
1> "more":true}

$ api GET '/api/events?limit=2&offset=6'
1> "rows":[{"id":7,
1> "more":false}

$ api GET '/api/events?actor=ukr&quad=4&from=2024-04-01&to=2024-04-30'
1> HTTP 200
1> "rows":[{"id":6,"date":"2024-04-02","source":"RUSMIL","target":"UKRMIL","code":"195"
1> "more":false}

$ api GET '/api/events?text=grain%20kyiv'
1> "rows":[{"id":2,
1> "more":false}

$ api GET '/api/events?text=%22unbalanced%20(quote*'
1> HTTP 200
1> "rows":[]

# one event, with every mention: evidence spans and the explanation
$ api GET /api/event/1
1> HTTP 200
1> {"event":{"id":1,"date":"2024-03-12","source":"USAGOV","target":"RUSGOV"
1> "mentions":[{"doc":"a1","sentence":0,"text":"The American president spoke by telephone
1> "evidence":{"sentence":
1> "explain":
1> "event":1}

$ api GET /api/event/999
1> HTTP 404
1> {"error":"no event 999"}

$ api GET /api/event/abc
1> HTTP 400
1> {"error":"an event id is a positive whole number"}

# series, network, top lists
$ api GET '/api/series?dyad=USA,RUS&period=month'
1> HTTP 200
1> {"period":"month","columns":["period","USA>RUS:events","USA>RUS:goldstein","USA>RUS:mean","RUS>USA:events","RUS>USA:goldstein","RUS>USA:mean"],"rows":[{"period":"2024-03","USA>RUS:events":1,"USA>RUS:goldstein":1,"USA>RUS:mean":1,"RUS>USA:events":1,"RUS>USA:goldstein":-2,"RUS>USA:mean":-2},{"period":"2024-04","USA>RUS:events":0,"USA>RUS:goldstein":0,"USA>RUS:mean":0,"RUS>USA:events":1,"RUS>USA:goldstein":2.8,"RUS>USA:mean":2.8}]}

$ api GET '/api/series?actor=UKR&period=week'
1> "rows":[{"period":"2024-W14","UKR>*:events":0,"UKR>*:goldstein":0,"UKR>*:mean":0,"*>UKR:events":2,"*>UKR:goldstein":-4.8,"*>UKR:mean":-2.4}

$ api GET '/api/series?dyad=USA,RUS&quad=3&period=day'
1> "rows":[{"period":"2024-03-12","USA>RUS:events":0,"USA>RUS:goldstein":0,"USA>RUS:mean":0,"RUS>USA:events":1,"RUS>USA:goldstein":-2,"RUS>USA:mean":-2}]}

$ api GET '/api/network?from=2024-03-01&to=2024-03-31'
1> HTTP 200
1> {"columns":["source","target","events","mentions","goldstein","mean"],"rows":[{"source":"RUS","target":"USA","events":2,"mentions":2,"goldstein":-4,"mean":-2},{"source":"USA","target":"RUS","events":1,"mentions":2,"goldstein":1,"mean":1}

$ api GET '/api/top/codes?limit=2'
1> HTTP 200
1> {"columns":["code","plover","events","mentions"],"rows":[{"code":"033","plover":"AID","events":2,"mentions":2},

$ api GET '/api/top/actors?limit=1'
1> {"columns":["actor","name","events"],"rows":[{"actor":"USA","name":null,"events":5}]}

# a cached answer is the same answer
$ api GET '/api/series?period=month&dyad=USA,RUS' && api GET '/api/series?dyad=usa,rus&period=m'
1> "rows":[{"period":"2024-03","USA>RUS:events":1,"USA>RUS:goldstein":1,"USA>RUS:mean":1,"RUS>USA:events":1

# bad parameters: 400 with a JSON error
$ api GET '/api/events?quad=5'
1> HTTP 400
1> {"error":"'quad' must be 1 to 4"}

$ api GET '/api/events?from=2024-02-30'
1> HTTP 400
1> {"error":"'from' must be a date YYYY-MM-DD"}

$ api GET '/api/events?from=2024-05-01&to=2024-04-01'
1> HTTP 400
1> {"error":"'from' is after 'to'"}

$ api GET '/api/events?limit=1001'
1> HTTP 400
1> {"error":"'limit' must be 1 to 1000"}

$ api GET '/api/events?limit=-1'
1> HTTP 400
1> {"error":"'limit' must be a whole number"}

$ api GET '/api/events?offset=99999999999999999999'
1> HTTP 400
1> {"error":"'offset' must be a whole number"}

$ api GET '/api/events?dyad=USA'
1> HTTP 400
1> {"error":"'dyad' takes two actor codes: A,B"}

$ api GET '/api/events?actor=US%27%3B--'
1> HTTP 400
1> {"error":"'actor' must be an actor code (letters and digits)"}

$ api GET '/api/events?mode=maybe'
1> HTTP 400
1> {"error":"'mode' must be asserted, reported, negated, intended, hypothetical or denied"}

$ api GET '/api/events?code=04a'
1> HTTP 400
1> {"error":"'code' must be 1 to 4 digits"}

$ api GET '/api/events?limit=5&limit=6'
1> HTTP 400
1> {"error":"'limit' given twice"}

$ api GET '/api/events?bogus=1'
1> HTTP 400
1> {"error":"unknown parameter 'bogus'"}

$ api GET '/api/series?period=year&dyad=USA,RUS'
1> HTTP 400
1> {"error":"'period' must be day, week or month"}

$ api GET '/api/series?period=day'
1> HTTP 400
1> {"error":"a series needs 'dyad' (A,B) or 'actor'"}

$ api GET '/api/network?depth=31'
1> HTTP 400
1> {"error":"'depth' must be 0 to 30"}

$ api GET "/api/events?text=$(printf 'x%.0s' $(seq 300))"
1> HTTP 400
1> {"error":"'text' is too long"}

$ api GET "/api/events?$(for i in $(seq 30); do printf 'p%d=1&' $i; done)"
1> HTTP 400

# unknown paths and methods
$ api GET /api/nothing
1> HTTP 404
1> {"error":"no such endpoint '/api/nothing' (see docs/serve.md)"}

$ api GET /api/top/everything
1> HTTP 404
1> {"error":"top of 'everything'? actors, dyads or codes"}

$ api GET /no/such/file
1> HTTP 404

$ api DELETE /api/events
1> HTTP 405
1> {"error":"method DELETE not allowed: the API is read-only"}

$ api POST /api/events -d x=1
1> HTTP 405

$ api GET /api/code
1> HTTP 405
1> {"error":"POST the text to /api/code"}

$ api GET /api/health --data-binary 'a body with a GET is dropped'
1> HTTP 200
1> {"status":"ok"

$ api GET /api/health -H 'Host: attacker.example'
1> HTTP 403
1> {"error":"host not allowed"}

# POST /api/code: events of the posted text, nothing stored
$ api POST '/api/code?date=2024-05-07' -H 'Content-Type: text/plain' --data-binary 'The French president met the German chancellor in Paris on Monday.'
1> HTTP 200
1> {"sentences":1,"warnings":[],"events":[{"doc":"posted","sentence":0,"text":"The French president met the German chancellor in Paris on Monday.","source":"FRAGOV","target":"DEUGOV","source_name":"French president","target_name":"German chancellor","code":"040","root":"04","quad":1
1> "evidence":{"sentence":[0,66],"source":[4,20],"verb":[21,24],"target":[29,46]}
1> "explain":{"rule":"verb"

$ api POST /api/code --data-binary 'Nothing happened.'
1> HTTP 200
1> {"sentences":1,"warnings":[],"events":[]}

$ api POST '/api/code?date=2024-13-01' --data-binary 'x'
1> HTTP 400
1> {"error":"'date' must be a date YYYY-MM-DD"}

$ api POST '/api/code?actor=USA' --data-binary 'x'
1> HTTP 400
1> {"error":"unknown parameter 'actor'"}

$ head -c 1100000 /dev/zero | tr '\0' a | api POST /api/code --data-binary @-
1> HTTP 413
1> {"error":"the text is larger than 1048576 bytes"}

$ head -c 1100000 /dev/zero | tr '\0' a | api POST /api/code -H 'Transfer-Encoding: chunked' --data-binary @-
1> HTTP 413

$ printf 'bad \377\376 bytes: Russia attacked Ukraine.' | api POST /api/code --data-binary @-
1> HTTP 200
1> "warnings":["byte 4:

# the store was not written: the same counts as before
$ api GET /api/stats
1> {"documents":3,"sentences":8,"events":7,"mentions":9,
