#!/bin/bash
# Upcall latency, against baselines measured in the same run: the broker vs
# the stock keyutils request-key (host context, container contexts); our
# dns_resolver in a container vs keyutils' key.dns_resolver on the host; our
# nfsidmap (a "user" key stands in for id_resolver, which needs NFS) and
# nfsdcltrack (through the broker's umh front, as a patched kernel runs it)
# in a container vs on the host. Reported as ratios (never asserted).
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
cp "$UB_BUILD/helpers/nfsidmap" "$UB_BUILD/helpers/nfsdcltrack" "$UB_TMP/b1/root/probe/"
printf '[General]\nDomain = bench.test\n' >"$UB_TMP/b1/root/etc/idmapd.conf"
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
echo "create dns_resolver * * [container,exec=host] $UB_BUILD/helpers/dns_resolver -- %k" >>"$UB_RULES"
dnsctr=$(measure ub_in b1 /probe/reqloop localhost $N dns_resolver "" fixed)
dnshost=$(measure "$LOOP" localhost $N dns_resolver "" fixed)
cat >>"$UB_RULES" <<EOF
create user uid:root@in.test * [container] /probe/nfsidmap -t 600 -- %k %d
create user uid:* * [container,exec=host] $UB_BUILD/helpers/nfsidmap-static -t 600 -- %k %d
EOF
idhost=$(measure "$LOOP" uid:root@bench.test $N user x fixed)
idxh=$(measure ub_in b1 /probe/reqloop uid:root@bench.test $N user x fixed)
idin=$(measure ub_in b1 /probe/reqloop uid:root@in.test $N user x fixed)

# nfsdcltrack: "check" of a known client, run directly on the host (scratch
# database) vs by the umh front inside b1 (its /var/lib/nfs)
cltrack_loop() {   # cltrack_loop <command...>: median and p90 of N runs, in microseconds
	local i a b t=()
	"$@" init >/dev/null 2>&1 && NFSDCLTRACK_CLIENT_HAS_SESSION=Y "$@" create 0a0b >/dev/null 2>&1 || { echo "0 0 $N"; return; }
	for ((i = 0; i < N; i++)); do
		a=$(date +%s%N); "$@" check 0a0b >/dev/null 2>&1; b=$(date +%s%N)
		t+=($(((b - a) / 1000)))
	done
	printf '%s\n' "${t[@]}" | sort -n | awk -v n=$N '{v[NR]=$1} END {print v[int(n/2)+1], v[int(n*9/10)+1], 0}'
}
front() { ub_with_pidfd "$UB_INIT_b1" "$UB_BUILD/upcall-broker" umh -c "$UB_TMP/umh.conf" nfsdcltrack "$@"; }
pyexec() { python3 -c 'import os, sys; os.execv(sys.argv[1], sys.argv[1:])' "$@"; }
printf 'nfsdcltrack [container,timeout=10] /probe/nfsdcltrack\n' >"$UB_TMP/umh.conf"
clhost=$(cltrack_loop pyexec "$UB_BUILD/helpers/nfsdcltrack" -s "$UB_TMP/cltrack-host")
clctr=$(cltrack_loop front)

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
report "$idhost" "upcall-broker + nfsidmap, host:$idhost" \
	"upcall-broker + nfsidmap [container,exec=host]:$idxh" "upcall-broker + nfsidmap [container]:$idin"
report "$clhost" "nfsdcltrack check, host (python exec, no broker):$clhost" \
	"umh front + nfsdcltrack [container]:$clctr"
