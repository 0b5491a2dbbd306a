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

# 2b. event cases: tests/code/*.t ("@ DATE", "> text", "= source target code mode date")
for f in "$TOP"/tests/code/*.t; do
	[ -e "$f" ] || continue
	awk -v dir="$TMP" -v base="$(basename "$f")" '
		function flush() { if (n) { print name > (dir "/ev" n ".name"); close(dir "/ev" n ".name") } }
		/^#/ { next }
		/^@/ { flush(); n++; name = base ":" NR; sub(/^@ ?/, ""); print > (dir "/ev" n ".date");
		       close(dir "/ev" n ".date"); next }
		/^>/ { sub(/^> ?/, ""); print > (dir "/ev" n ".in"); next }
		/^=/ { sub(/^= ?/, ""); print > (dir "/ev" n ".exp"); next }
		END { flush() }' "$f"
	for c in "$TMP"/ev*.name; do
		[ -e "$c" ] || continue
		k=${c%.name}
		name=$(cat "$c")
		if wanted "$name"; then
			touch "$k.exp"
			"$DYAD" code --format tsv --date "$(cat "$k.date")" "$k.in" 2>"$k.err" |
				awk -F'\t' '{print $4, $5, $6, $7, $3}' >"$k.out"
			if cmp -s "$k.out" "$k.exp"; then ok "$name"
			else bad "$name" "$(diff "$k.exp" "$k.out"; cat "$k.err")"; fi
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
run_cli_file() {  # file suffix
	f=$1; base="$(basename "$f")$2"; cmd=""; st=0; outs=""; errs=""; at=0; nr=0
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
	rc=$?
	while IFS= read -r line; do
		case "$line" in
		"ok "*) ok "$name: ${line#ok }" ;;
		"FAIL "*) bad "$name: ${line#FAIL }" ;;
		esac
	done <"$TMP/sh.out"
	[ $rc -ne 0 ] && bad "$name: exit status $rc" "$(tail -20 "$TMP/sh.out")"
done

if [ $skip -gt 0 ]; then echo "$pass passed, $fail failed, $skip skipped"
else echo "$pass passed, $fail failed"; fi
[ $fail -eq 0 ]
