#!/bin/bash
# Upcall latency, broker against the stock keyutils request-key measured in
# the same run: host context, container context, and container context with a
# plain helper. Reported as ratios to the stock baseline (never asserted).
. "$(dirname "$0")/../tests/integration/lib.sh"
N=${UB_BENCH_N:-200}
LOOP=$UB_BUILD/bench/reqloop

ub_rules <<EOF
create user bench:pipe:* * |/bin/cat
create user bench:ctr:* * [container] |/bin/cat
create user bench:ctrplain:* * [container] /bin/keyctl instantiate %k x 0
EOF
ub_container b1
cp "$LOOP" "$UB_TMP/b1/root/probe/reqloop"

row() { printf '%-46s %8s %8s %8s\n' "$@"; }
measure() { read -r med p90 fails < <("$@"); echo "$med $p90 $fails"; }
base=$(measure "$LOOP" bench:pipe: $N)
ub_install_broker
host=$(measure "$LOOP" bench:pipe: $N)
ctr=$(measure ub_in b1 /probe/reqloop bench:ctr: $N)
ctrplain=$(measure ub_in b1 /probe/reqloop bench:ctrplain: $N)
b=${base%% *}
echo "# $N upcalls each, median / p90 latency in microseconds"
row "handler" "median" "p90" "ratio"
for r in "stock request-key, |/bin/cat, host:$base" "upcall-broker, |/bin/cat, host:$host" \
	 "upcall-broker, [container] |/bin/cat:$ctr" "upcall-broker, [container] plain keyctl:$ctrplain"; do
	name=${r%%:*}; set -- ${r#*:}
	row "$name" "$1" "$2" "$(awk -v a=$1 -v b=$b 'BEGIN{printf "%.2f", a/b}')"
	[ "$3" = 0 ] || echo "#   ($3 requests failed)"
done
