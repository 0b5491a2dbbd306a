#!/bin/sh
# store.sh -- figures of the event store (docs/store.md): ingest rate of already-coded events into
# SQLite (and PostgreSQL when a server can be started), database size per event, and the time of
# a monthly series for one dyad over 10 M events.  Run by bench/run.sh with DYAD and SHARED set,
# or alone: DYAD=./dyad sh bench/store.sh.  Prints "name: value unit".
#
# The 10 M-event database is generated once with the sqlite3 tool straight into the schema (an
# ingest of 10 M events would take many minutes), kept in build/bench-store/ and reused.
# STORE_BENCH_DOCS (default 50000, about 200 000 events) sets the size of the ingest run;
# STORE_BENCH_DIR (default build/bench-store) where the inputs and databases are kept.
set -eu
DYAD=${DYAD:-./dyad}
case "$DYAD" in /*) ;; *) DYAD=$(pwd)/$DYAD ;; esac
TOP=$(cd "$(dirname "$0")/.." && pwd)
W=${STORE_BENCH_DIR:-$TOP/build/bench-store}
mkdir -p "$W"
N=${STORE_BENCH_DOCS:-50000}
now() { date +%s.%N; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'; }

# 1. ingest of coded events (docs/events.md lines with every field) into a new SQLite database
ev=$W/events-$N.jsonl
[ -s "$ev" ] || awk -v docs="$N" -v seed=1 -f "$TOP/bench/gen-events.awk" >"$ev"
nev=$(wc -l <"$ev")
rm -f "$W"/ingest.db*
t0=$(now)
"$DYAD" ingest --db "$W/ingest.db" --events "$ev" 2>"$W/ingest.log"
t1=$(now)
echo "store ingest sqlite: $(awk -v n="$nev" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }') events/s"
size=$(cat "$W"/ingest.db* | wc -c)
distinct=$("$DYAD" top codes --limit 1000 --format csv --db "$W/ingest.db" | awk -F, 'NR > 1 { n += $3 } END { print n }')
echo "store input events: $nev lines"
echo "store distinct events: $distinct events"
echo "store db size: $(awk -v s="$size" -v n="$nev" 'BEGIN { printf "%.0f", s / n }') bytes/event"
# queries on it that the schema decides: an actor on either side (no actor index since schema 2:
# dyad_days' days and the key index), a dyad, full-text search (best of 3, whole process)
best3() {
	b=""
	for i in 1 2 3; do
		t0=$(now); "$@" >/dev/null; t1=$(now)
		m=$(ms "$t0" "$t1"); b=$(awk -v a="$b" -v m="$m" 'BEGIN { print (a == "" || m < a) ? m : a }')
	done
	echo "$b"
}
echo "store query --actor USA --limit 20 (ingest db): $(best3 "$DYAD" query --db "$W/ingest.db" --actor USA --limit 20) ms"
echo "store query --actor USAGOV, all (ingest db): $(best3 "$DYAD" query --db "$W/ingest.db" --actor USAGOV --format csv) ms"
echo "store query --dyad USA,RUS, all (ingest db): $(best3 "$DYAD" query --db "$W/ingest.db" --dyad USA,RUS --format csv) ms"
echo "store query --text '\"action 041\"' --limit 20 (ingest db): $(best3 "$DYAD" query --db "$W/ingest.db" --text '"action 041"' --limit 20) ms"
# again: every document is already stored
t0=$(now)
"$DYAD" ingest --db "$W/ingest.db" --events "$ev" 2>/dev/null
t1=$(now)
echo "store re-ingest (all already stored): $(awk -v n="$nev" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }') events/s"

# 2. PostgreSQL, on a throw-away server
PGDIR=$(mktemp -d /tmp/dyad-pg.XXXXXX)
chmod 755 "$PGDIR"
trap 'sh "$TOP/tests/pg-server.sh" stop "$PGDIR/srv"; rm -rf "$PGDIR"' EXIT INT TERM HUP PIPE
res=$(sh "$TOP/tests/pg-server.sh" start "$PGDIR/srv")
case "$res" in
uri*)
	sh "$TOP/tests/pg-server.sh" newdb "$PGDIR/srv" bench
	t0=$(now)
	"$DYAD" ingest --db "${res#uri }/bench" --events "$ev" 2>/dev/null
	t1=$(now)
	echo "store ingest postgresql: $(awk -v n="$nev" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }') events/s"
	;;
*) echo "store ingest postgresql: skipped (${res#skip })" ;;
esac

# SQL drawing $1 random events over 2015-2024 into the events table.
gen_sql() {
	cat <<SQL
PRAGMA synchronous=OFF;
PRAGMA cache_size=-1000000;
CREATE TEMP TABLE c(k INTEGER PRIMARY KEY, code TEXT, quad INTEGER, g REAL, plover TEXT);
INSERT INTO c VALUES (0,'010',1,0,'STATEMENT'),(1,'020',1,3,'APPEAL'),(2,'036',1,4,'CONSULT'),
 (3,'040',1,1,'CONSULT'),(4,'041',1,1,'CONSULT'),(5,'042',1,1.9,'CONSULT'),(6,'043',1,2.8,'CONSULT'),
 (7,'046',1,7,'CONSULT'),(8,'051',1,3.4,'COOPERATE'),(9,'057',1,8,'COOPERATE'),(10,'061',2,6.4,'COOPERATE'),
 (11,'071',2,7.4,'AID'),(12,'090',1,-2,'INVESTIGATE'),(13,'111',3,-2,'ACCUSE'),(14,'112',3,-2,'ACCUSE'),
 (15,'120',3,-4,'REJECT'),(16,'130',3,-4.4,'THREATEN'),(17,'138',3,-7,'THREATEN'),(18,'163',4,-8,'SANCTION'),
 (19,'173',4,-5,'COERCE'),(20,'190',4,-10,'ASSAULT'),(21,'193',4,-10,'ASSAULT'),(22,'195',4,-10,'ASSAULT');
BEGIN;
-- the draws are stored first: random() in a view would be drawn again at each use
CREATE TEMP TABLE g AS
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
SELECT i, abs(random()) % 1000000 / 1e6 AS x, abs(random()) % 1000000 / 1e6 AS y,
       abs(random()) % 23 AS k, abs(random()) % 10 AS m, abs(random()) % 6 AS g1,
       abs(random()) % 6 AS g2 FROM n;
INSERT OR IGNORE INTO events(date, a1, a2, root, kmode, source, target, code, quad, goldstein, plover,
                             mode, doc_id, sentence_id, nmentions, nsources, narticles)
SELECT d, CASE WHEN c.k BETWEEN 3 AND 7 AND tgt < src THEN tgt ELSE src END,
       CASE WHEN c.k BETWEEN 3 AND 7 AND tgt < src THEN src ELSE tgt END, substr(c.code, 1, 2),
       CASE WHEN m < 8 THEN 'asserted' WHEN m = 8 THEN 'negated' ELSE 'intended' END,
       src, tgt, c.code, c.quad, c.g, c.plover,
       CASE WHEN m < 6 THEN 'asserted' WHEN m < 8 THEN 'reported' WHEN m = 8 THEN 'negated' ELSE 'intended' END,
       1, 1, 1, 1, 1
FROM (SELECT i, k, m,
        trim(substr('USARUSCHNUKRGBRFRADEUISRIRNSYRTURINDPAKJPNKORPRKSAUEGYIRQAFGBRAMEXCANITAESPPOLNGAZAFKENETHVENCUBQATAREJORLBNYEMLBYSDNIGO', cast(40 * x * x * x AS INTEGER) * 3 + 1, 3)
          || substr('GOVMILGOV   BUSOPP', g1 * 3 + 1, 3)) AS src,
        trim(substr('RUSUSACHNUKRGBRFRADEUISRIRNSYRTURINDPAKJPNKORPRKSAUEGYIRQAFGBRAMEXCANITAESPPOLNGAZAFKENETHVENCUBQATAREJORLBNYEMLBYSDNIGO', cast(40 * y * y * y AS INTEGER) * 3 + 1, 3)
          || substr('GOVMILGOV   BUSOPP', g2 * 3 + 1, 3)) AS tgt,
        date('2015-01-01', '+' || (i * 3650 / $1) || ' days') AS d FROM g) s
JOIN c ON c.k = s.k ORDER BY s.i;
DROP TABLE g;
COMMIT;
SQL
}

# 3. a monthly series for one dyad over 10 M events
big=$W/series-10M.db
if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "store series 10M: skipped (no sqlite3 tool)"
	exit 0
fi
if [ ! -s "$big" ] || [ "$(sqlite3 "$big" 'SELECT count(*) FROM events' 2>/dev/null || echo 0)" -lt 10000000 ] ||
   [ "$(sqlite3 "$big" "SELECT value FROM meta WHERE key = 'schema'" 2>/dev/null)" != 3 ]; then
	rm -f "$big"*
	head -1 "$ev" >"$W/one.jsonl"
	"$DYAD" ingest --db "$big" --events "$W/one.jsonl" 2>/dev/null
	# events over 10 years, actors drawn with Zipf-like weights (x^3), 23 codes, 10 modes;
	# draws that fall on an event already there (same key) are merged away, so draw until 10 M
	attempts=12000000
	while :; do
		have=$(sqlite3 "$big" 'SELECT count(*) FROM events')
		[ "$have" -ge 10000000 ] && break
		gen_sql "$attempts" | sqlite3 "$big" >/dev/null
		attempts=$(( (10000000 - have) * 3 + 1000 ))
	done
	sqlite3 "$big" >/dev/null <<'SQL'
PRAGMA synchronous=OFF;
BEGIN;
DELETE FROM events WHERE id > (SELECT id FROM events ORDER BY id LIMIT 1 OFFSET 9999999);
DELETE FROM dyad_days;
INSERT INTO dyad_days(s3, t3, kmode, date, n, gsum)
SELECT substr(source, 1, 3), substr(target, 1, 3), kmode, date, count(*), sum(goldstein)
FROM events GROUP BY 1, 2, 3, 4;
DELETE FROM pair_days;
INSERT INTO pair_days(source, target, kmode, date, n, gsum)
SELECT source, target, kmode, date, count(*), sum(goldstein) FROM events GROUP BY 1, 2, 3, 4;
-- every code of the events, as an ingest lists them
INSERT OR IGNORE INTO actors(code, country, type)
SELECT code, substr(code, 1, 3), substr(code, 4, 3)
FROM (SELECT source AS code FROM events UNION SELECT target FROM events) WHERE code <> '';
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
fi
# the planner's statistics as every dyad ingest leaves them (its PRAGMA optimize at close): a
# database filled by the sqlite3 tool still has those of its first, one-event ingest
sqlite3 "$big" 'PRAGMA analysis_limit=400; ANALYZE;' >/dev/null
echo "store series db: $(sqlite3 "$big" 'SELECT count(*) FROM events') events"
best=""; all=""
for i in 1 2 3 4 5 6 7; do
	t0=$(now)
	"$DYAD" series --db "$big" --dyad USA,RUS --period month >"$W/series.out"
	t1=$(now)
	m=$(ms "$t0" "$t1")
	all="$all $m"
done
echo "store series month USA,RUS over 10M (dyad process, median of 7): $(echo $all | tr ' ' '\n' | sort -n | sed -n 4p) ms"
t0=$(now)
"$DYAD" series --db "$big" --dyad USAGOV,RUS --period month >/dev/null
t1=$(now)
echo "store series month USAGOV,RUS over 10M (pair_days, first run): $(ms "$t0" "$t1") ms"
echo "store series month USAGOV,RUSMIL over 10M (best of 3): $(best3 "$DYAD" series --db "$big" --dyad USAGOV,RUSMIL --period month) ms"
echo "store series month --actor CHNGOV over 10M (best of 3): $(best3 "$DYAD" series --db "$big" --actor CHNGOV --period month) ms"
echo "store query --actor SDN --limit 20 over 10M: $(best3 "$DYAD" query --db "$big" --actor SDN --limit 20) ms"
echo "store query --dyad SDN,LBY over 10M: $(best3 "$DYAD" query --db "$big" --dyad SDN,LBY --format csv) ms"
t0=$(now)
"$DYAD" --version >/dev/null
t1=$(now)
echo "store process start (dyad --version, for reference): $(ms "$t0" "$t1") ms"
