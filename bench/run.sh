#!/bin/sh
# Benchmarks: runs every bench/*.sh but this one, with DYAD (the binary) and SHARED set, and
# prints their "name: value unit" lines.  Figures are appended to build/bench-history.txt with the
# date and commit so runs can be compared; the machine is noted, since shared machines are noisy.
set -u
DYAD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SHARED=${2:-../shared}
TOP=$(cd "$(dirname "$0")/.." && pwd)
export DYAD SHARED TOP
mkdir -p "$TOP/build/bench"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
for f in "$TOP"/bench/*.sh; do
	[ "$(basename "$f")" = run.sh ] && continue
	echo "== $(basename "$f" .sh)"
	sh "$f" 2>&1 | tee -a "$TOP/build/bench/last.txt"
done
{
	echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(git -C "$TOP" rev-parse --short HEAD 2>/dev/null)"
	cat "$TOP/build/bench/last.txt"
} >>"$TOP/build/bench-history.txt"
rm -f "$TOP/build/bench/last.txt"
