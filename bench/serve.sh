#!/bin/sh
# serve.sh -- figures of `dyad serve` (docs/serve.md) on loopback: the dashboard's first paint in
# headless chromium, the first (uncached) answers of each endpoint, and requests per second, p99
# latency and errors for a cached series request driven by wrk, on a database of about 100 000
# synthetic events (bench/gen-events.awk, kept in build/bench-serve/).  Run by
# bench/run.sh with DYAD set, or alone: DYAD=./dyad sh bench/serve.sh.  Prints "name: value unit".
# SERVE_BENCH_SECS (default 10) sets the length of the wrk run; SERVE_BENCH_CONNS (default 32)
# its connections.  wrk runs one thread beside the server's two: three threads on two cores.
set -eu
DYAD=${DYAD:-./dyad}
case "$DYAD" in /*) ;; *) DYAD=$(pwd)/$DYAD ;; esac
TOP=$(cd "$(dirname "$0")/.." && pwd)
W=$TOP/build/bench-serve
SECS=${SERVE_BENCH_SECS:-10}
CONNS=${SERVE_BENCH_CONNS:-32}
mkdir -p "$W"
if ! command -v wrk >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
	echo "serve: skipped (no wrk or curl: make bench installs them)"
	exit 0
fi

# 1. the database: 25 000 documents, 30 a day (about 2.3 years), about 100 000 events
db=$W/serve-100k.db
if [ ! -s "$db" ]; then
	awk -v docs=25000 -v perday=30 -v seed=7 -f "$TOP/bench/gen-events.awk" >"$W/events.jsonl"
	rm -f "$db"*
	"$DYAD" ingest --db "$db" --events "$W/events.jsonl" 2>/dev/null
	rm -f "$W/events.jsonl"
fi
nev=$("$DYAD" top codes --db "$db" --limit 1000 --format csv | awk -F, 'NR > 1 { n += $3 } END { print n }')
echo "serve db: $nev events"

# 2. the server, two worker threads
: >"$W/serve.err"
"$DYAD" serve --db "$db" --port 0 --threads 2 2>"$W/serve.err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT INT TERM
url=""
for i in $(seq 100); do
	url=$(sed -n 's|^dyad: serve: \(http://[^ ]*\)/ .*|\1|p' "$W/serve.err")
	[ -n "$url" ] && break
	sleep 0.1
done
[ -n "$url" ] || { echo "serve: the server did not start: $(cat "$W/serve.err")"; exit 1; }

# 3. the dashboard's first paint and full drawing in headless chromium, first on an empty cache,
# then the median of 5 more loads (a screenshot of the first: build/bench-serve/dashboard-100k.png)
if command -v node >/dev/null 2>&1 && [ -x "${CHROMIUM:-/usr/bin/chromium}" ] &&
   [ -d "$TOP/web/node_modules/playwright-core" ]; then
	node "$TOP/bench/paint.mjs" "$url/" 5 "$W/dashboard-100k.png" 2>&1 | sed 's/^/serve dashboard /'
else
	echo "serve dashboard: skipped (no node, chromium or web/node_modules)"
fi

# 4. first answers (not cached: the dashboard asked none of these), then again (cached)
ms() { curl -s -o /dev/null -w '%{time_total}' "$url$1" | awk '{ printf "%.1f", $1 * 1000 }'; }
series="/api/series?dyad=USA,RUS&period=week&mode=asserted"
for p in "$series" "/api/events?dyad=USA,RUS&limit=50&to=2099-12-31" "/api/network?depth=3&limit=80&to=2099-12-31" \
         "/api/top/dyads?limit=20&to=2099-12-31"; do
	first=$(ms "$p")
	again=$(ms "$p")
	echo "serve first answer ${p%%\?*}: $first ms (cached: $again ms)"
done

# 5. load: the cached series request
wrk -t1 -c"$CONNS" -d"${SECS}s" --latency "$url$series" >"$W/wrk.out" 2>&1
rps=$(awk '/^Requests\/sec:/ { print $2 }' "$W/wrk.out")
p99=$(awk '$1 == "99%" { print $2 }' "$W/wrk.out")
errs=$(awk '/Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } /Non-2xx/ { n += $NF } END { print n + 0 }' "$W/wrk.out")
echo "serve cached series: $rps req/s (wrk -t1 -c$CONNS -d${SECS}s, 2 server threads)"
echo "serve cached series p99: $p99"
echo "serve cached series errors: $errs"
