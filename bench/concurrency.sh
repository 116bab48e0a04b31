#!/bin/bash
# Many upcalls at once: C containers each make R requests at the same time
# (C=50, R=10: 500 requests; BENCH_QUICK=1: 10 x 10). Reported: how many
# completed, p50/p99 latency over all of them and throughput, against the
# stock keyutils request-key doing the same number of requests from the
# host with the same concurrency, in the same run (no containers, |/bin/cat).
# Appends markdown to $UB_BENCH_OUT/results.md.
. "$(dirname "$0")/../tests/integration/lib.sh"
. "$(dirname "$0")/common.sh"
if [ -n "${BENCH_QUICK:-}" ]; then C=10; R=10; else C=50; R=10; fi
C=${UB_BENCH_CONTAINERS:-$C}
LOOP=$UB_BUILD/bench/reqloop

ub_rules <<EOF
create user bench:conc:* * [container] |/bin/cat
create user bench:pipe:* * |/bin/cat
EOF
for ((i = 0; i < C; i++)); do ub_container "c$i"; done

# burst <latency file> <description of loop i, with @ for i> [fixed]:
# C loops of R requests started together; prints "<completed> <wall us>".
burst() {
	local lat=$1 desc=$2 fixed=${3:-} i t0 t1 pids=() done=0 out
	: >"$lat"
	t0=$(date +%s%N)
	for ((i = 0; i < C; i++)); do
		UB_LATENCIES=$lat "$LOOP" "${desc//@/$i}" $R user x $fixed >"$UB_TMP/burst.$i" &
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p" || true; done
	t1=$(date +%s%N)
	for ((i = 0; i < C; i++)); do
		read -r _ _ f <"$UB_TMP/burst.$i" || f=$R
		done=$((done + R - ${f:-$R}))
	done
	echo "$done $(((t1 - t0) / 1000))"
}
stats() {   # stats <latency file>: "p50 p99"
	sort -n "$1" | awk '{v[NR]=$1} END {if (!NR) {print "0 0"; exit} print v[int(NR*0.5)+1], v[int(NR*0.99)+1]}'
}

# Baseline: stock keyutils, the host, unique descriptions (bench:pipe:@.<pid>.<n>).
read -r sdone swall <<<"$(burst "$UB_TMP/stock.lat" "bench:pipe:@.")"
read -r sp50 sp99 <<<"$(stats "$UB_TMP/stock.lat")"
ub_install_broker
for ((i = 0; i < C; i++)); do ub_capture_register "c$i" "bench:conc:$i:" >/dev/null; done
read -r bdone bwall <<<"$(burst "$UB_TMP/broker.lat" "bench:conc:@:" fixed)"
read -r bp50 bp99 <<<"$(stats "$UB_TMP/broker.lat")"

tput() { awk -v n="$1" -v us="$2" 'BEGIN{printf "%.0f", us ? n * 1e6 / us : 0}'; }
{
	echo "## Concurrency: $((C * R)) requests from $C containers at once"
	echo
	echo "$C request loops of $R started together; latencies pooled over all requests. Ratios: broker / stock."
	echo
	echo "| case | completed | p50 us | p99 us | wall ms | upcalls/s |"
	echo "|---|---:|---:|---:|---:|---:|"
	echo "| stock request-key, host, \\|/bin/cat | $sdone/$((C * R)) | $sp50 | $sp99 | $((swall / 1000)) | $(tput "$sdone" "$swall") |"
	echo "| upcall-broker, [container]$CAP, $C containers | $bdone/$((C * R)) | $bp50 | $bp99 | $((bwall / 1000)) | $(tput "$bdone" "$bwall") |"
	echo "| ratio | | $(ratio "$bp50" "$sp50") | $(ratio "$bp99" "$sp99") | $(ratio "$bwall" "$swall") | $(ratio "$(tput "$bdone" "$bwall")" "$(tput "$sdone" "$swall")") |"
	echo
} | tee -a "$UB_BENCH_OUT/results.md"
