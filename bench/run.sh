#!/bin/bash
# make bench: every bench script in turn, each with its own containers and
# its own turn at /sbin/request-key (the shared lock), then the report:
# $UB_BENCH_OUT/results.md (markdown tables) and scaling.png (gnuplot).
# BENCH_QUICK=1: fewer upcalls per row and shorter series (1-2 minutes).
# Nothing here asserts a time: every figure is a ratio to a baseline
# measured in the same run. The machine may be shared: its load average is
# recorded before and after.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
UB_BUILD=${UB_BUILD:-$HERE/../build}
export UB_BUILD
export UB_BENCH_OUT=${UB_BENCH_OUT:-$UB_BUILD/bench}
if [ -n "${BENCH_QUICK:-}" ]; then
	export BENCH_QUICK UB_BENCH_N=${UB_BENCH_N:-30}
fi
mkdir -p "$UB_BENCH_OUT"
rm -f "$UB_BENCH_OUT"/results.md "$UB_BENCH_OUT"/scaling-*.dat "$UB_BENCH_OUT"/scaling.png

{
	echo "# upcall-broker bench, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo
	echo "Kernel $(uname -r), $(nproc) CPUs, load average before: $(cut -d' ' -f1-3 /proc/loadavg)${BENCH_QUICK:+ (BENCH_QUICK)}."
	echo
} >"$UB_BENCH_OUT/results.md"

rc=0
for part in latency memory scaling concurrency; do
	# the scaling series have their own, smaller default count
	if [ "$part" = scaling ] && [ -z "${BENCH_QUICK:-}" ]; then
		UB_BENCH_N=${UB_BENCH_SCALING_N:-100} bash "$HERE/$part.sh" || rc=1
	else
		bash "$HERE/$part.sh" || rc=1
	fi
done
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)." >>"$UB_BENCH_OUT/results.md"

# The picture: gnuplot from Debian, installed on first use if apt can.
if ! command -v gnuplot >/dev/null; then
	echo "# bench: installing gnuplot-nox for the plot"
	apt-get install -y -qq gnuplot-nox >/dev/null 2>&1 || true
fi
if command -v gnuplot >/dev/null; then
	(cd "$UB_BENCH_OUT" && gnuplot "$HERE/plot.gp") && echo "# bench: plot in $UB_BENCH_OUT/scaling.png"
else
	echo "# bench: no gnuplot (apt-get install gnuplot-nox failed): no plot, the tables are in results.md"
fi
echo "# bench: tables in $UB_BENCH_OUT/results.md"
exit $rc
