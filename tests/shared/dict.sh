#!/bin/sh
# Actors on the seed article (../shared/seed, dated 2015-09-15) with the default dictionaries,
# and the PETRARCH validation dictionaries read without a crash.  Run by tests/run.sh with DYAD,
# SHARED and TMP set; prints "ok NAME" or "FAIL NAME: why".
seed="$SHARED/seed/article-2015-09-15.txt"
out=$("$DYAD" actors --cache "$TMP/seedcache" --quiet --date 2015-09-15 "$seed" 2>"$TMP/seed.err")
rc=$?
if [ $rc -eq 0 ]; then echo "ok seed actors run"; else echo "FAIL seed actors run: exit $rc $(tail -3 "$TMP/seed.err")"; fi

# want TEXT CODE: some mention whose text ends with TEXT has CODE
want() {
	if printf '%s\n' "$out" | awk -F'\t' -v t="$1" -v c="$2" '
		{ n = length($4); m = length(t) }
		n >= m && substr($4, n - m + 1) == t && $5 == c { found = 1 }
		END { exit !found }'; then
		echo "ok seed $1 -> $2"
	else
		echo "FAIL seed $1 -> $2: $(printf '%s\n' "$out" | awk -F'\t' -v t="$1" 'index($4, t) { print $4 "=" $5 }' | head -3 | tr '\n' ' ')"
	fi
}
want "John Kerry" USAGOV
want "Kerry" USAGOV
want "Russian counterpart" RUSGOV
want "Sergei Lavrov" RUSGOV
want "Lavrov" RUSGOV
want "Moscow" RUSGOV
want "Syria" SYR
want "Bashar Al-Assad" SYRGOV
want "Assad" SYRGOV
want "Vladimir Putin" RUSGOV
want "Putin" RUSGOV
want "Damascus" SYRGOV
want "Washington" USAGOV
want "the Islamic State" IMGMUSISI
want "ISIS" IMGMUSISI
want "Barack Obama" USAGOV
want "Obama" USAGOV
want "Josh Earnest" USAGOV
want "Earnest" USAGOV
want "John Kirby" USAGOV
want "White House" USAGOV
want "United Nations General Assembly" IGOUNO
want "Syrian government" SYRGOV
want "Syrian army" SYRMIL

# the PETRARCH validation dictionaries: every file loads, problems are reported not fatal
pu="$SHARED/eval/petrarch-unit"
"$DYAD" dict check "$pu/PETR.Validate.actors.txt" "$pu/PETR.Validate.agents.txt" \
	"$pu/PETR.Validate.verbs.txt" "$pu/PETR.Validate.discards.txt" >"$TMP/pu.out" 2>&1
rc=$?
if [ $rc -le 1 ] && ! grep -q 'Sanitizer\|runtime error' "$TMP/pu.out" && grep -q 'dict check:' "$TMP/pu.out"; then
	echo "ok petrarch validation dictionaries load ($(tail -1 "$TMP/pu.out" | sed 's/.*check: //'))"
else
	echo "FAIL petrarch validation dictionaries load: $(tail -3 "$TMP/pu.out")"
fi
# the validation file's deliberately broken restrictions are in comments; GOLLUM's dates work
g=$("$DYAD" dict lookup --cache "$TMP/pucache" --no-default-dicts --dicts "$pu/PETR.Validate.actors.txt" --date 1997-01-01 Smeagol 2>/dev/null | head -1)
case "$g" in *HOBGOV*) echo "ok petrarch GOLLUM dated code";; *) echo "FAIL petrarch GOLLUM dated code: $g";; esac

# a titled name in no dictionary takes the title's code, and a later bare mention keeps it
printf 'Brazilian Foreign Minister Mauro Vieira arrived. Vieira said talks went well.\n' >"$TMP/vieira.txt"
v=$("$DYAD" actors --cache "$TMP/seedcache" --quiet --date 2016-01-10 "$TMP/vieira.txt" 2>/dev/null | cut -f4,5 | tr '\t\n' '=;')
case "$v" in *"Brazilian Foreign Minister Mauro Vieira=BRAGOV;Vieira=BRAGOV;"*) echo "ok titled unknown name";; *) echo "FAIL titled unknown name: $v";; esac
k=$("$DYAD" dict lookup --cache "$TMP/seedcache" --date 2010-05-01 John Kerry 2>/dev/null | head -1)
case "$k" in *USAGOVLEG*) echo "ok Kerry in 2010";; *) echo "FAIL Kerry in 2010: $k";; esac
