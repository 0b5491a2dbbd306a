#!/bin/sh
# The event coder on ../shared: every required seed event, nothing unexpected; floors on the
# PETRARCH unit records (a drop below is a regression; the figures come from `make eval`).
out=$("$DYAD" eval seed "$SHARED/seed" 2>&1 | tail -1)
set -- $out
if [ "$2" = "8/8" ]; then echo "ok seed: all 8 required events"; else echo "FAIL seed: all 8 required events: $out"; fi
if [ "${8:-x}" = 0 ]; then echo "ok seed: no unexpected event"; else echo "FAIL seed: no unexpected event: $out"; fi
if [ "$6" = "2/2" ]; then echo "ok seed: dates of dated events"; else echo "FAIL seed: dates of dated events: $out"; fi
line=$("$DYAD" eval events --dicts "$SHARED/eval/petrarch-unit" "$SHARED/eval/petrarch-unit/records.jsonl" 2>&1 | tail -1)
set -- $line
if awk -v e="$2" 'BEGIN { exit !(e >= 0.38) }'; then echo "ok petrarch-unit exact >= 0.38 ($2)"
else echo "FAIL petrarch-unit exact >= 0.38: $line"; fi
