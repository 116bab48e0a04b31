#!/bin/bash
# Upcall latency, against baselines measured in the same run: the broker vs
# the stock keyutils request-key (host context, container contexts), and our
# dns_resolver in a container vs keyutils' key.dns_resolver on the host.
# Reported as ratios (never asserted).
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
echo "127.0.0.1 localhost" >"$UB_TMP/b1/root/etc/hosts"

row() { printf '%-52s %8s %8s %8s\n' "$@"; }
measure() { local out; out=$("$@") || true; echo "${out:-0 0 $N}"; }
base=$(measure "$LOOP" bench:pipe: $N)
# keyutils' own DNS helper on the host (Debian's rule), name from /etc/hosts
dnsbase=$(measure "$LOOP" localhost $N dns_resolver "" fixed)
ub_install_broker
host=$(measure "$LOOP" bench:pipe: $N)
ctr=$(measure ub_in b1 /probe/reqloop bench:ctr: $N)
ctrplain=$(measure ub_in b1 /probe/reqloop bench:ctrplain: $N)
echo "create dns_resolver * * [container,exec=host] $UB_BUILD/helpers/dns_resolver %k" >>"$UB_RULES"
dnsctr=$(measure ub_in b1 /probe/reqloop localhost $N dns_resolver "" fixed)
dnshost=$(measure "$LOOP" localhost $N dns_resolver "" fixed)

echo "# $N upcalls each, median / p90 latency in microseconds; ratio to the first row of each block"
row "handler" "median" "p90" "ratio"
report() {
	local b=${1%% *}; shift
	for r in "$@"; do
		local name=${r%%:*}; set -- ${r#*:}
		row "$name" "$1" "$2" "$(awk -v a=$1 -v b=$b 'BEGIN{printf "%.2f", b ? a/b : 0}')"
		[ "$3" = 0 ] || echo "#   ($3 requests failed)"
	done
}
report "$base" "stock request-key, |/bin/cat, host:$base" "upcall-broker, |/bin/cat, host:$host" \
	"upcall-broker, [container] |/bin/cat:$ctr" "upcall-broker, [container] plain keyctl:$ctrplain"
report "$dnsbase" "stock request-key + key.dns_resolver, host:$dnsbase" \
	"upcall-broker + dns_resolver, host:$dnshost" "upcall-broker + dns_resolver [container,exec=host]:$dnsctr"
