#!/bin/bash
# Upcall latency, against baselines measured in the same run: the broker vs
# the stock keyutils request-key (host context, container contexts); our
# dns_resolver vs keyutils' key.dns_resolver on the host and for a
# container; our nfsidmap (a "user" key stands in for id_resolver, which
# needs NFS) and nfsdcltrack (through the broker's umh front, as a patched
# kernel runs it) in a container vs on the host; the floor of the
# container rows (bench/floor: the mechanism without the broker); then
# where the time of a host and of a container upcall goes, stage by stage
# (lib/stage_trace.h).
# Reported as ratios (never asserted), as markdown, appended to
# $UB_BENCH_OUT/results.md (bench/run.sh).
#
# The machine may be shared (kernel builds next door): every row is
# measured in ROUNDS chunks, the rows of a round one after the other, the
# stock and broker programs swapped in /sbin/request-key between them, so
# that a load that comes and goes weighs on a row and its baseline alike.
#
# Capture mode (a kernel that starts no request-key for requests from user
# namespaces, see tests/integration/lib.sh): a container's request is made
# on the host with its description registered for b1's init, and
# bench/capture plays the patched kernel, handing the broker a pidfd of it;
# those rows say "(capture)". Every broker upcall then also runs a /bin/sh
# stub and bench/capture before the broker: the baseline of a host row is
# the stock program behind the same two ("like for like").
. "$(dirname "$0")/../tests/integration/lib.sh"
. "$(dirname "$0")/common.sh"
LOOP=$UB_BUILD/bench/reqloop
ROUNDS=${UB_BENCH_ROUNDS:-4}
CHUNK=$(((N + ROUNDS - 1) / ROUNDS))

ub_lock_request_key
ub_container b1
cp "$LOOP" "$UB_TMP/b1/root/probe/reqloop"
cp "$UB_BUILD/helpers/nfsidmap" "$UB_BUILD/helpers/nfsdcltrack" "$UB_TMP/b1/root/probe/"
printf '[General]\nDomain = bench.test\n' >"$UB_TMP/b1/root/etc/idmapd.conf"
# b1's own name for the container DNS row: a description no host row uses
# (capture mode registers descriptions, and a registration is for good)
printf '127.0.0.1 localhost\n127.0.0.1 benchctr\n' >"$UB_TMP/b1/root/etc/hosts"

# The stock program sees only its own rule (it cannot parse ours);
# broker rows see all.
stock_rules="create user bench:pipe:* * |/bin/cat"
broker_rules="$stock_rules
create user bench:ctr:* * [container] |/bin/cat
create user bench:ctrplain:* * [container] /bin/keyctl instantiate %k x 0
create dns_resolver 127.0.0.1 * /sbin/key.dns_resolver %k
create dns_resolver * * [container,exec=host] $UB_BUILD/helpers/dns_resolver -- %k
create user uid:root@in.test * [container] /probe/nfsidmap -t 600 -- %k %d
create user uid:* * [container,exec=host] $UB_BUILD/helpers/nfsidmap-static -t 600 -- %k %d"

# Rows: name; program (stock: keyutils', unwrapped; stockcap: keyutils'
# behind the stub and wrapper; broker); container registered for (or -);
# reqloop arguments after the count. Blocks start with their baseline.
ROWS=(
	"stock request-key, |/bin/cat, host;stock;-;bench:pipe:"
	"stock request-key behind the stub + bench/capture (like for like);stockcap;-;bench:pipe:"
	"upcall-broker, |/bin/cat, host;broker;-;bench:pipe:"
	"upcall-broker, [container] |/bin/cat$CAP;broker;b1;bench:ctr: user x fixed"
	"upcall-broker, [container] plain keyctl$CAP;broker;b1;bench:ctrplain: user x fixed"
	"stock request-key + key.dns_resolver, host;stock;-;localhost dns_resolver '' fixed"
	"stock + key.dns_resolver behind the stub + bench/capture (like for like);stockcap;-;localhost dns_resolver '' fixed"
	"upcall-broker + dns_resolver, host;broker;-;localhost dns_resolver '' fixed"
	"upcall-broker + dns_resolver [container,exec=host]$CAP;broker;b1;benchctr dns_resolver '' fixed"
	"upcall-broker + nfsidmap, host;broker;-;uid:root@bench.test user x fixed"
	"upcall-broker + nfsidmap [container,exec=host]$CAP;broker;b1;uid:alice@bench.test user x fixed"
	"upcall-broker + nfsidmap [container]$CAP;broker;b1;uid:root@in.test user x fixed"
	"stock + key.dns_resolver 127.0.0.1 behind the stub + bench/capture (its plain rule: exec in place);stockcap;-;127.0.0.1 dns_resolver '' fixed"
	"upcall-broker + key.dns_resolver 127.0.0.1, a plain host rule (the helper forked and waited for);broker;-;127.0.0.1 dns_resolver '' fixed"
)
BASELINE_ROWS=(0 0 1 1 1 5 5 6 6 9 9 9 12 12)

# The program the kernel runs for the next requests.
current=""
use() {
	[ "$current" = "$1" ] && return 0
	if [ "$UB_MOUNTED" = 1 ]; then umount "$UB_REQUEST_KEY"; UB_MOUNTED=0; fi
	case $1 in
	stock)    printf '%s\n' "$stock_rules" >"$UB_RULES"; ub_lock_request_key ;;
	stockcap) printf '%s\n' "$stock_rules" >"$UB_RULES"; stock_through_capture ;;
	broker)   printf '%s\n' "$broker_rules" >"$UB_RULES"; broker_through_capture ;;
	esac
	current=$1
}
# run_row <index>: one chunk of a row; latencies to $UB_TMP/lat.<index>
run_row() {
	local idx=$1 name mode reg args out
	IFS=';' read -r name mode reg args <<<"${ROWS[$idx]}"
	use "$mode"
	eval "set -- $args"
	if [ "$reg" != - ] && [ "$UB_UPCALL_MODE" = native ]; then
		# native: made inside the container
		out=$(ub_in "$reg" env UB_LATENCIES=/probe/lat.$idx /probe/reqloop "$1" $CHUNK "${@:2}") || true
		cat "$UB_TMP/$reg/root/probe/lat.$idx" >>"$UB_TMP/lat.$idx" 2>/dev/null || true
		rm -f "$UB_TMP/$reg/root/probe/lat.$idx"
	else
		out=$(UB_LATENCIES=$UB_TMP/lat.$idx "$LOOP" "$1" $CHUNK "${@:2}") || true
	fi
	echo "${out:+${out##* }}" >>"$UB_TMP/fails.$idx"
}
# One-time registrations (capture mode): a registered description stands
# for its container from then on, in every round.
for i in "${!ROWS[@]}"; do
	IFS=';' read -r _ _ reg args <<<"${ROWS[$i]}"
	eval "set -- $args"
	[ "$reg" = - ] || [ "$UB_UPCALL_MODE" = native ] || ub_capture_register "$reg" "$1"
	: >"$UB_TMP/lat.$i"; : >"$UB_TMP/fails.$i"
done
: >"$UB_TMP/floor"; : >"$UB_TMP/floor.m"
for ((round = 0; round < ROUNDS; round++)); do
	for mode in stock stockcap broker; do
		for i in "${!ROWS[@]}"; do
			IFS=';' read -r _ m _ _ <<<"${ROWS[$i]}"
			[ "$m" = "$mode" ] && run_row "$i"
		done
	done
	# the bare mechanism of the [container] rows, without the broker
	"$UB_BUILD/bench/floor" $CHUNK "$UB_INIT_b1" /bin/cat >>"$UB_TMP/floor" 2>/dev/null || true
	"$UB_BUILD/bench/floor" -m $CHUNK "$UB_INIT_b1" "$UB_BUILD/helpers/dns_resolver" --version \
		>>"$UB_TMP/floor.m" 2>/dev/null || true
done
use broker

# nfsdcltrack: "check" of a known client, run directly on the host (scratch
# database) vs by the umh front inside b1 (its /var/lib/nfs), both started
# by bench/execloop (fork and exec, no shell or python in the loop),
# alternating. bench/capture -p: the pidfd and UPCALL_INIT_PIDFD a patched
# kernel gives the umh front for b1's captured init.
printf 'nfsdcltrack [container,timeout=10] /probe/nfsdcltrack\n' >"$UB_TMP/umh.conf"
front=("$UB_BUILD/bench/capture" -p "$UB_INIT_b1" "$UB_BUILD/upcall-broker" umh -c "$UB_TMP/umh.conf" nfsdcltrack)
cl=("$UB_BUILD/helpers/nfsdcltrack" -s "$UB_TMP/cltrack-host")
clhost="0 0 $N"; clctr="0 0 $N"
if "${cl[@]}" init >/dev/null 2>&1 && NFSDCLTRACK_CLIENT_HAS_SESSION=Y "${cl[@]}" create 0a0b >/dev/null 2>&1 &&
   "${front[@]}" init >/dev/null 2>&1 && NFSDCLTRACK_CLIENT_HAS_SESSION=Y "${front[@]}" create 0a0b >/dev/null 2>&1; then
	h=(); c=()
	for ((round = 0; round < ROUNDS; round++)); do
		h+=("$("$UB_BUILD/bench/execloop" $CHUNK "${cl[@]}" check 0a0b)")
		c+=("$("$UB_BUILD/bench/execloop" $CHUNK "${front[@]}" check 0a0b)")
	done
	# the median of the rounds' medians, the failures summed
	pool() {
		local m p f
		m=$(printf '%s\n' "$@" | awk '{print $1}' | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
		p=$(printf '%s\n' "$@" | awk '{print $2}' | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
		f=$(printf '%s\n' "$@" | awk '{f+=$3} END {print f+0}')
		echo "$m $p $f"
	}
	clhost=$(pool "${h[@]}"); clctr=$(pool "${c[@]}")
fi

# floor_report: what the [container] row could reach if the broker did
# nothing but the mechanism (bench/floor: setns, root, a fresh pid
# namespace, credentials, the extra processes), as the ratio a row with
# the stock baseline plus that mechanism would have.
floor_col() { awk -v c="$2" '{print $c}' "$1" 2>/dev/null | sort -n | awk '{v[NR]=$1} END {print NR ? v[int((NR+1)/2)] : 0}'; }
floor_report() {
	local h c hm cm b bd r rd
	h=$(floor_col "$UB_TMP/floor" 1); c=$(floor_col "$UB_TMP/floor" 2)
	hm=$(floor_col "$UB_TMP/floor.m" 1); cm=$(floor_col "$UB_TMP/floor.m" 2)
	[ "$h" != 0 ] && [ "$c" != 0 ] && [ "$hm" != 0 ] && [ "$cm" != 0 ] ||
		{ echo "(bench/floor failed: no floor measured)"; echo; return 0; }
	b=1; bd=6; [ "$UB_UPCALL_MODE" = native ] && { b=0; bd=5; }
	read -r b _ <<<"$(row_result "$b")"
	read -r bd _ <<<"$(row_result "$bd")"
	read -r r _ <<<"$(row_result 3)"
	read -r rd _ <<<"$(row_result 8)"
	echo "### The floor of the [container] rows"
	echo
	echo "bench/floor, the bare mechanism without the broker (median of the rounds' medians, us):"
	echo "- host fork+exec of /bin/cat $h; the same in b1 (setns, root, a fresh pid namespace, uid 0 of"
	echo "  b1, two more processes) $c: +$((c - h)) us. The stock baseline plus that: ratio"
	echo "  **$(ratio $((b + c - h)) "$b")**, the floor of the [container] |/bin/cat row (measured: $(ratio "$r" "$b"));"
	echo "- host fork+exec of dns_resolver --version $hm; the same in b1 as exec=host runs it (bench/floor -m:"
	echo "  the broker's private read-only overlayfs, or its sealed memfd copy) $cm: +$((cm - hm)) us."
	echo "  key.dns_resolver's baseline plus that: ratio"
	echo "  **$(ratio $((bd + cm - hm)) "$bd")**, the floor of the dns_resolver [container,exec=host] row (measured: $(ratio "$rd" "$bd"))."
	if [ "$UB_UPCALL_MODE" = capture ]; then
		# Without the stub and bench/capture both rows pay for here, as
		# on a patched kernel: the same differences over the bare stock.
		local s0 sd
		read -r s0 _ <<<"$(row_result 0)"
		read -r sd _ <<<"$(row_result 5)"
		echo "- the same differences over the bare stock upcall (no stub, no bench/capture: what a patched"
		echo "  kernel's native upcall would show): floor $(ratio $((s0 + c - h)) "$s0"), measured"
		echo "  $(ratio $((s0 + r - b)) "$s0") for [container] |/bin/cat; floor $(ratio $((sd + cm - hm)) "$sd"), measured"
		echo "  $(ratio $((sd + rd - bd)) "$sd") for dns_resolver [container,exec=host]."
	fi
	echo
}
row_result() {   # "<median> <p90> <failures>" of row <index>
	local f
	f=$(awk '{s+=$1} END {print s+0}' "$UB_TMP/fails.$1")
	echo "$(sort -n "$UB_TMP/lat.$1" | awk '{v[NR]=$1} END {print NR ? v[int(NR/2)+1] : 0, NR ? v[int(NR*9/10)+1] : 0}') $f"
}
{
	echo "## Latency: the goal rows"
	echo
	echo "$N upcalls per row in $ROUNDS rounds (rows and their baselines alternate), median / p90 latency in"
	echo "microseconds; ratio = median / the block's baseline, same run. In capture mode the baseline of the"
	echo "broker rows is the stock program behind the same stub and bench/capture (like for like)."
	[ "$UB_UPCALL_MODE" = native ] || echo "Capture mode: kernel $(uname -r) starts no request-key for requests from user namespaces;
(capture) rows are requests made on the host for container b1 as a patched kernel makes them
(bench/capture hands the broker a pidfd of b1's init)."
	echo
	table_head
	for i in "${!ROWS[@]}"; do
		IFS=';' read -r name _ _ _ <<<"${ROWS[$i]}"
		[ "$UB_UPCALL_MODE" = native ] && [[ $name == *"like for like"* ]] && continue
		b=${BASELINE_ROWS[$i]}
		[ "$UB_UPCALL_MODE" = native ] && [ "$b" = 1 ] && b=0
		[ "$UB_UPCALL_MODE" = native ] && [ "$b" = 6 ] && b=5
		report "$(row_result "$b")" "$name:$(row_result "$i")"
	done
	report "$clhost" "nfsdcltrack check, host (no broker), C exec loop:$clhost" \
		"umh front + nfsdcltrack [container], C exec loop:$clctr"
	echo
	floor_report
} | tee -a "$UB_BENCH_OUT/results.md"

# Where the time goes: the same requests with stage marks (bench/stages.awk).
stages() {   # stages <title> <reqloop arguments...>
	: >"$UB_CAPTURE_MAP.stages"
	UB_STAGES=$UB_CAPTURE_MAP.stages "$LOOP" "${@:2}" >/dev/null || true
	printf '### %s\n\n' "$1"
	awk -f "$UB_TOP/bench/stages.awk" "$UB_CAPTURE_MAP.stages"
	echo
}
if [ "$UB_UPCALL_MODE" = capture ]; then
	{
		echo "## Per-stage breakdown"
		echo
		echo "Marks: reqloop (request, done), bench/capture (exec: it executes the broker), the broker"
		echo "and its children (lib/stage_trace.h). A stage runs from its mark to the next one in time."
		echo "request: the kernel's upcall, the /bin/sh stub and bench/capture; exec: the broker's start-up,"
		echo "configuration and key; helper: the helper's own set-up (credentials, keyrings, fds);"
		echo "exec_helper: seccomp filters, exec and run of the helper (/bin/cat) until it exits; cgroup_v1_join: joining the"
		echo "init's v1 hierarchies (hybrid hosts only); setns: setns(), chroot and clone of stage two;"
		echo "stage2: stage two pins itself for the broker and clones the helper; reap: the helper (the"
		echo "broker's child, as both stages are) and the stages reaped."
		echo
		stages "host rule, |/bin/cat" bench:pipe: $N user x fixed
		stages "[container] |/bin/cat (capture)" bench:ctr: $N user x fixed
	} | tee -a "$UB_BENCH_OUT/results.md"
fi
