#!/bin/bash
# Upcall latency, against baselines measured in the same run: the broker vs
# the stock keyutils request-key (host context, container contexts); our
# dns_resolver in a container vs keyutils' key.dns_resolver on the host; our
# nfsidmap (a "user" key stands in for id_resolver, which needs NFS) and
# nfsdcltrack (through the broker's umh front, as a patched kernel runs it)
# in a container vs on the host. Reported as ratios (never asserted).
#
# Capture mode (a kernel that starts no request-key for requests from user
# namespaces, see tests/integration/lib.sh): a container's request is made
# on the host with its description registered for b1's init, and
# bench/capture plays the patched kernel, handing the broker a pidfd of it;
# those rows say "(capture)". Every upcall then also runs a /bin/sh stub and
# bench/capture before the broker, the host rows' included.
. "$(dirname "$0")/../tests/integration/lib.sh"
UB_CAPTURE_WRAPPER=${UB_CAPTURE_WRAPPER:-$UB_BUILD/bench/capture}
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

row() { printf '%-62s %8s %8s %8s\n' "$@"; }
measure() { local out; out=$("$@") || true; echo "${out:-0 0 $N}"; }
# inb1 <description> [<type> <callout>]: reqloop's requests made in b1 (native
# mode, descriptions <description><pid>.<n>) or for b1 (capture mode: the one
# registered description, made on the host; register a description only after
# the host's rows that use it)
inb1() {
	if [ "$UB_UPCALL_MODE" = native ]; then
		measure ub_in b1 /probe/reqloop "$1" $N "${@:2}" ${2:+fixed}
	else
		ub_capture_register b1 "$1"
		measure "$LOOP" "$1" $N "${2:-user}" "${3-x}" fixed
	fi
}
CAP=""; [ "$UB_UPCALL_MODE" = native ] || CAP=" (capture)"
base=$(measure "$LOOP" bench:pipe: $N)
# keyutils' own DNS helper on the host (Debian's rule), name from /etc/hosts
dnsbase=$(measure "$LOOP" localhost $N dns_resolver "" fixed)
ub_install_broker
host=$(measure "$LOOP" bench:pipe: $N)
ctr=$(inb1 bench:ctr:)
ctrplain=$(inb1 bench:ctrplain:)
echo "create dns_resolver * * [container,exec=host] $UB_BUILD/helpers/dns_resolver -- %k" >>"$UB_RULES"
dnshost=$(measure "$LOOP" localhost $N dns_resolver "" fixed)
dnsctr=$(inb1 localhost dns_resolver "")
cat >>"$UB_RULES" <<EOF
create user uid:root@in.test * [container] /probe/nfsidmap -t 600 -- %k %d
create user uid:* * [container,exec=host] $UB_BUILD/helpers/nfsidmap-static -t 600 -- %k %d
EOF
idhost=$(measure "$LOOP" uid:root@bench.test $N user x fixed)
idxh=$(inb1 uid:root@bench.test user x)
idin=$(inb1 uid:root@in.test user x)

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
# bench/capture -p: the pidfd and UPCALL_INIT_PIDFD a patched kernel gives the
# umh front for b1's captured init (lib.sh's ub_with_pidfd without python)
front() { "$UB_BUILD/bench/capture" -p "$UB_INIT_b1" "$UB_BUILD/upcall-broker" umh -c "$UB_TMP/umh.conf" nfsdcltrack "$@"; }
printf 'nfsdcltrack [container,timeout=10] /probe/nfsdcltrack\n' >"$UB_TMP/umh.conf"
clhost=$(cltrack_loop "$UB_BUILD/helpers/nfsdcltrack" -s "$UB_TMP/cltrack-host")
clctr=$(cltrack_loop front)

echo "# $N upcalls each, median / p90 latency in microseconds; ratio to the first row of each block"
[ "$UB_UPCALL_MODE" = native ] || echo "# capture mode: kernel $(uname -r) starts no request-key for requests from user namespaces;
#   (capture) rows: requests made on the host for container b1 as a patched kernel makes them
#   (bench/capture hands the broker a pidfd of b1's init); all broker rows include that stand-in"
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
	"upcall-broker, [container] |/bin/cat$CAP:$ctr" "upcall-broker, [container] plain keyctl$CAP:$ctrplain"
report "$dnsbase" "stock request-key + key.dns_resolver, host:$dnsbase" \
	"upcall-broker + dns_resolver, host:$dnshost" "upcall-broker + dns_resolver [container,exec=host]$CAP:$dnsctr"
report "$idhost" "upcall-broker + nfsidmap, host:$idhost" \
	"upcall-broker + nfsidmap [container,exec=host]$CAP:$idxh" "upcall-broker + nfsidmap [container]$CAP:$idin"
report "$clhost" "nfsdcltrack check, host (no broker):$clhost" \
	"umh front + nfsdcltrack [container]:$clctr"
