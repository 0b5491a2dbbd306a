#!/bin/sh
# The test suite: unit tests (C), data cases for the text layer, CLI cases, and the cases that
# need ../shared (skipped, visibly, where it is absent).  Ends with "N passed, N failed".
#
#   sh tests/run.sh DYAD UNIT SHARED [PATTERN]
#
# DYAD is the dyad binary to test (the ASan+UBSan build under `make test`), UNIT the unit-test
# binary, SHARED the shared data folder.  PATTERN keeps only cases whose name contains it.
set -u
DYAD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
UNIT=$2
SHARED=$3
PATTERN=${4:-}
TOP=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export DYAD TOP SHARED TMP

pass=0; fail=0; skip=0; n=0
wanted() { [ -z "$PATTERN" ] || case "$1" in *"$PATTERN"*) return 0;; *) return 1;; esac; }
ok()   { pass=$((pass + 1)); [ -n "${VERBOSE:-}" ] && echo "ok   $1"; return 0; }
bad()  { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -20 | sed 's/^/     /'; return 0; }
skipped() { skip=$((skip + 1)); echo "skip $1 ($2)"; }
# Count the "ok NAME" / "FAIL NAME: why" lines of FILE, a script's output, as cases of NAME (its
# "info ..." lines are shown); a non-zero STATUS that no FAIL line explains is a failure too.
tally() {  # NAME STATUS FILE
	while IFS= read -r line; do
		case "$line" in
		"ok "*) ok "$1: ${line#ok }" ;;
		"FAIL "*) bad "$1: ${line#FAIL }" ;;
		"info "*) echo "     $1: ${line#info }" ;;
		esac
	done <"$3"
	[ "$2" -ne 0 ] && ! grep -q '^FAIL' "$3" && bad "$1: exit status $2" "$(tail -20 "$3")"
	return 0
}

# 1. unit tests: the binary prints "ok NAME" or "FAIL NAME: why"
if wanted unit; then
	"$UNIT" >"$TMP/unit.out" 2>&1
	rc=$?
	while IFS= read -r line; do
		case "$line" in
		"ok "*) ok "unit: ${line#ok }" ;;
		"FAIL "*) bad "unit: ${line#FAIL }" ;;
		esac
	done <"$TMP/unit.out"
	[ $rc -ne 0 ] && bad "unit: exit status $rc" "$(tail -20 "$TMP/unit.out")"
fi

# 2. text-layer cases: tests/tokenize/*.t ("> input", "= expected sentence", blank line ends)
for f in "$TOP"/tests/tokenize/*.t; do
	awk -v dir="$TMP" -v base="$(basename "$f")" '
		function flush() { if (n) { print name > (dir "/case" n ".name"); close(dir "/case" n ".name") } }
		/^#/ { next }
		/^>/ { if (!open) { flush(); n++; name = base ":" NR; open = 1 }
		       sub(/^> ?/, ""); print > (dir "/case" n ".in"); next }
		/^=/ { sub(/^= ?/, ""); print > (dir "/case" n ".exp"); next }
		/^[ \t]*$/ { if (open) { close(dir "/case" n ".in"); close(dir "/case" n ".exp") } open = 0; next }
		END { flush() }' "$f"
	for c in "$TMP"/case*.name; do
		[ -e "$c" ] || continue
		k=${c%.name}
		name=$(cat "$c")
		if wanted "$name"; then
			touch "$k.exp"
			"$DYAD" tokenize --words "$k.in" >"$k.out" 2>"$k.err"
			if cmp -s "$k.out" "$k.exp"; then ok "$name"
			else bad "$name" "$(diff "$k.exp" "$k.out"; cat "$k.err")"; fi
		fi
		rm -f "$k".*
	done
done

# 2b. event cases: tests/code/*.t ("@ DATE", "> text", "= source target code mode date"; a
# "% dicts NAME" line codes the cases after it with tests/dict/NAME instead of the default set)
for f in "$TOP"/tests/code/*.t; do
	[ -e "$f" ] || continue
	awk -v dir="$TMP" -v base="$(basename "$f")" '
		function flush() { if (n) { print name > (dir "/ev" n ".name"); close(dir "/ev" n ".name") } }
		/^#/ { next }
		/^% dicts / { dicts = $3; next }
		/^@/ { flush(); n++; name = base ":" NR; sub(/^@ ?/, ""); print > (dir "/ev" n ".date");
		       close(dir "/ev" n ".date"); if (dicts != "") { print dicts > (dir "/ev" n ".dicts");
		       close(dir "/ev" n ".dicts") }; next }
		/^>/ { sub(/^> ?/, ""); print > (dir "/ev" n ".in"); next }
		/^=/ { sub(/^= ?/, ""); print > (dir "/ev" n ".exp"); next }
		END { flush() }' "$f"
	for c in "$TMP"/ev*.name; do
		[ -e "$c" ] || continue
		k=${c%.name}
		name=$(cat "$c")
		if wanted "$name"; then
			touch "$k.exp"
			set --
			[ -e "$k.dicts" ] && set -- --dicts "$TOP/tests/dict/$(cat "$k.dicts")"
			"$DYAD" code "$@" --format tsv --date "$(cat "$k.date")" "$k.in" >"$k.tsv" 2>"$k.err"
			rc=$?
			awk -F'\t' '{print $4, $5, $6, $7, $3}' "$k.tsv" >"$k.out"
			# (a case expecting no event must not pass by crashing)
			if [ "$rc" -eq 0 ] && cmp -s "$k.out" "$k.exp"; then ok "$name"
			else bad "$name" "exit status $rc
$(diff "$k.exp" "$k.out"; cat "$k.err")"; fi
		fi
		rm -f "$k".*
	done
done

# 3. CLI cases: tests/cli/*.t ("$ command", "? status", "1> stdout has", "2> stderr has")
run_cli_case() {  # file line command status outs errs
	name="$1:$2"
	wanted "$name" || return 0
	(cd "$TOP/tests/fixtures" && dyad() { "$DYAD" "$@"; } && eval "$3") \
		>"$TMP/out" 2>"$TMP/err" </dev/null
	rc=$?
	why=""
	[ "$rc" = "$4" ] || why="exit status $rc, expected $4"
	while IFS= read -r want; do
		[ -z "$want" ] && continue
		grep -qF -- "$want" "$TMP/out" || why="$why${why:+; }stdout lacks: $want"
	done <<EOT
$5
EOT
	while IFS= read -r want; do
		[ -z "$want" ] && continue
		grep -qF -- "$want" "$TMP/err" || why="$why${why:+; }stderr lacks: $want"
	done <<EOT
$6
EOT
	grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' "$TMP/err" && why="$why${why:+; }sanitizer report"
	if [ -z "$why" ]; then ok "$name"; else bad "$name" "$why
$(head -c 1500 "$TMP/err")"; fi
}
# A .t file whose first line is "# backends" runs once per store back end, with $DB and $DB2 two
# fresh databases: SQLite files, then PostgreSQL databases on a throw-away server
# (tests/pg-server.sh); where no server can be started its cases are reported as skipped.
PGDIR=""; PGURI=""; PGSKIP=""
run_cli_file() {  # file suffix [prefix]
	f=$1; base="${3:-}$(basename "$f")$2"; cmd=""; st=0; outs=""; errs=""; at=0; nr=0
	while IFS= read -r line || [ -n "$line" ]; do
		nr=$((nr + 1))
		case "$line" in
		'$ '*) [ -n "$cmd" ] && run_cli_case "$base" "$at" "$cmd" "$st" "$outs" "$errs"
		       cmd=${line#\$ }; st=0; outs=""; errs=""; at=$nr ;;
		'? '*) st=${line#? } ;;
		'1> '*) outs="$outs
${line#1> }" ;;
		'2> '*) errs="$errs
${line#2> }" ;;
		esac
	done <"$f"
	[ -n "$cmd" ] && run_cli_case "$base" "$at" "$cmd" "$st" "$outs" "$errs"
}
for f in "$TOP"/tests/cli/*.t; do
	[ -e "$f" ] || continue
	if head -1 "$f" | grep -q '^# backends'; then
		rm -f "$TMP"/db-*
		DB="$TMP/db-1.db" DB2="$TMP/db-2.db"; export DB DB2
		run_cli_file "$f" ""
		wanted "$(basename "$f")[postgresql]" || continue
		if [ -z "$PGURI$PGSKIP" ]; then
			PGDIR=$(mktemp -d /tmp/dyad-pg.XXXXXX) && chmod 755 "$PGDIR"
			trap 'sh "$TOP/tests/pg-server.sh" stop "$PGDIR/srv"; rm -rf "$PGDIR" "$TMP"' EXIT INT TERM HUP PIPE
			res=$(sh "$TOP/tests/pg-server.sh" start "$PGDIR/srv")
			case "$res" in uri*) PGURI=${res#uri } ;; *) PGSKIP=${res#skip } ;; esac
		fi
		if [ -n "$PGSKIP" ]; then skipped "$(basename "$f") [postgresql]" "$PGSKIP"; continue; fi
		n=$((n + 1))
		sh "$TOP/tests/pg-server.sh" newdb "$PGDIR/srv" "t${n}a" && sh "$TOP/tests/pg-server.sh" newdb "$PGDIR/srv" "t${n}b"
		DB="$PGURI/t${n}a" DB2="$PGURI/t${n}b"; export DB DB2
		run_cli_file "$f" "[postgresql]"
		export PGURI PGDIR
	else
		run_cli_file "$f" ""
	fi
done

# 4. cases on ../shared: each tests/shared/*.sh prints "ok NAME" / "FAIL NAME: why"
for f in "$TOP"/tests/shared/*.sh; do
	[ -e "$f" ] || continue
	name="shared/$(basename "$f" .sh)"
	wanted "$name" || continue
	if [ ! -d "$SHARED" ]; then skipped "$name" "no $SHARED"; continue; fi
	sh "$f" >"$TMP/sh.out" 2>&1
	tally "$name" $? "$TMP/sh.out"
done

# 5. HTTP API cases: tests/serve/*.t, in the CLI cases' format, against one `dyad serve` (the
# binary under test) on a database of tests/fixtures/store/events.jsonl ($SERVE_DB).  In them
# `api METHOD PATH [curl options]` prints "HTTP <status>", then the body.  Afterwards the server
# must stop cleanly on SIGTERM (exit 0, sanitizers silent) and the database be unchanged.
SERVE_PID=""
stop_server() { [ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null; SERVE_PID=""; }
# Start `dyad serve` on database $1 (more options after it), output in $TMP/serve-$2.err; sets
# SERVE_URL and SERVE_PID, or returns 1.
start_server() {
	db=$1; tag=$2; shift 2
	: >"$TMP/serve-$tag.err"
	"$DYAD" serve --db "$db" --port 0 "$@" 2>"$TMP/serve-$tag.err" &
	SERVE_PID=$!
	for i in $(seq 100); do
		SERVE_URL=$(sed -n 's|^dyad: serve: \(http://[^ ]*\)/ .*|\1|p' "$TMP/serve-$tag.err")
		[ -n "$SERVE_URL" ] && return 0
		kill -0 "$SERVE_PID" 2>/dev/null || break
		sleep 0.2
	done
	stop_server
	return 1
}
# Stop the server gently and check how it ended: a case named $1.
end_server() {
	pid=$SERVE_PID; SERVE_PID=""
	kill -TERM "$pid" 2>/dev/null
	wait "$pid"
	rc=$?
	why=""
	[ $rc -eq 0 ] || why="exit status $rc after SIGTERM"
	grep -q 'serve: stopped' "$TMP/serve-$2.err" || why="$why${why:+; }no 'stopped' line"
	grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' "$TMP/serve-$2.err" && why="$why${why:+; }sanitizer report"
	if [ -z "$why" ]; then ok "$1"; else bad "$1" "$why
$(head -c 2000 "$TMP/serve-$2.err")"; fi
}
api() {
	m=$1; p=$2; shift 2
	curl -sS -X "$m" -o "$TMP/api.body" -w 'HTTP %{http_code}\n' "$@" "$SERVE_URL$p"
	cat "$TMP/api.body"
	echo
}
trap 'stop_server; [ -n "$PGDIR" ] && sh "$TOP/tests/pg-server.sh" stop "$PGDIR/srv"; rm -rf "$PGDIR" "$TMP"' EXIT INT TERM HUP PIPE
for f in "$TOP"/tests/serve/*.t; do
	[ -e "$f" ] || continue
	name="serve/$(basename "$f")"
	wanted "$name" || continue
	if ! command -v curl >/dev/null 2>&1; then skipped "$name" "no curl"; continue; fi
	SERVE_DB="$TMP/serve.db"; export SERVE_DB
	rm -f "$SERVE_DB"*
	"$DYAD" ingest --db "$SERVE_DB" --events "$TOP/tests/fixtures/store/events.jsonl" 2>/dev/null
	sum0=$(cat "$SERVE_DB" | cksum)
	if ! start_server "$SERVE_DB" api; then bad "$name: server start" "$(cat "$TMP/serve-api.err")"; continue; fi
	export SERVE_URL
	run_cli_file "$f" "" "serve/"
	end_server "$name: stops cleanly on SIGTERM" api
	# a file whose first line is "# writes" changes the database on purpose
	head -1 "$f" | grep -q '^# writes' && continue
	[ "$(cat "$SERVE_DB" | cksum)" = "$sum0" ] && [ ! -s "$SERVE_DB-wal" ] && ok "$name: database unchanged" ||
		bad "$name: database unchanged" "the database file changed while served"
done

# 6. the dashboard in a real browser: tests/web/*.mjs (node, playwright-core from web/node_modules,
# Debian's chromium) against `dyad serve` on the sample articles; screenshots go to
# build/test-artifacts/.  Skipped, visibly, only where node, chromium or the dashboard are missing.
for f in "$TOP"/tests/web/*.mjs; do
	[ -e "$f" ] || continue
	name="web/$(basename "$f" .mjs)"
	wanted "$name" || continue
	if ! command -v node >/dev/null 2>&1; then skipped "$name" "no node"; continue; fi
	if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then skipped "$name" "no chromium"; continue; fi
	if [ ! -d "$TOP/web/node_modules/playwright-core" ]; then skipped "$name" "no web/node_modules (npm ci in web/)"; continue; fi
	WEB_DB="$TMP/web.db"
	rm -f "$WEB_DB"*
	"$DYAD" ingest --db "$WEB_DB" "$TOP/data/samples/" 2>"$TMP/web-ingest.err" ||
		{ bad "$name: ingest the samples" "$(cat "$TMP/web-ingest.err")"; continue; }
	if ! start_server "$WEB_DB" web; then bad "$name: server start" "$(cat "$TMP/serve-web.err")"; continue; fi
	if curl -s "$SERVE_URL/api/health" | grep -q '"dashboard":false'; then
		stop_server; skipped "$name" "dashboard not built (no npm at build time)"; continue
	fi
	node "$f" "$SERVE_URL/" "$TOP/build/test-artifacts" >"$TMP/web.out" 2>&1
	tally "$name" $? "$TMP/web.out"
	end_server "$name: server stops cleanly on SIGTERM" web
done

if [ $skip -gt 0 ]; then echo "$pass passed, $fail failed, $skip skipped"
else echo "$pass passed, $fail failed"; fi
[ $fail -eq 0 ]
