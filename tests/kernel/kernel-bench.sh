#!/bin/bash
# kernel-bench.sh: make kernel-bench. Issue 9's keys series with real
# kernels: boots Debian's 6.12 unpatched (the broker finds the requester of
# a container's upcall in /proc/keys) and with kernel-patch/series (the
# kernel hands the broker the container's init as UPCALL_INIT_PIDFD) under
# QEMU, the kernels and the boot shared with kernel-check (harness.sh). In
# each guest, guest-bench.sh times real request_key(2) upcalls of a
# `[container] |/bin/cat` rule from inside a container with 0 / 1k / 10k /
# 50k keys in /proc/keys, each point paired with the host rule `|/bin/cat`,
# and the unpatched guest also times the kernel's /proc/keys walk alone
# (keyread, the floor). Every figure is a ratio to a baseline of the same
# guest boot (the 0-keys point, the paired host rule); across kernels only
# ratios are compared. Nothing asserts a time.
# Prints a markdown table and writes it to $UB_BUILD/bench/kernel-results.md.
#   UB_KBENCH_N=60     upcalls per point and rule (4 alternating chunks)
#   UB_KBENCH_KEYS=0,1000,10000,50000
set -euo pipefail
. "$(dirname "$0")/harness.sh"
build=${UB_BUILD:-$top/build}
N=${UB_KBENCH_N:-60}
KEYS=${UB_KBENCH_KEYS:-0,1000,10000,50000}
out=$build/bench/kernel-results.md
for b in reqloop keyfill keyread; do
	[ -x "$build/bench/$b" ] || { echo "kernel-bench: no $build/bench/$b (make kernel-bench builds it)" >&2; exit 1; }
done
[ -x "$top/build/upcall-broker" ] || { echo "kernel-bench: no broker in $top/build (make all)" >&2; exit 1; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
t0=$SECONDS

build_kernels
initrd=$cache/initramfs-bench.cpio.gz
export UB_BENCH_PROGS=$build/bench
run bash "$here/mkinitramfs.sh" "$initrd" "$here/guest-bench.sh"

# The first point is measured again at the end: how far the guest's speed
# drifted during the boot (the host's load), which its ratios include.
points=$KEYS,${KEYS%%,*}
declare -A v uname
for f in base patched; do
	log=$cache/serial-bench-$f.log
	start=$SECONDS
	kr=0
	[ "$f" = base ] && kr=1
	boot_guest "$f" "$initrd" "$log" 1500 "ub_n=$N ub_keys=$points ub_keyread=$kr"
	echo "boot + bench ($f): $((SECONDS - start)) s, serial log $log"
	grep -E "UB-MARK|UB-BENCH|UB-DONE" "$log" | sed "s/^/  $f: /" || true
	grep -q UB-DONE "$log" || echo "  $f: guest did not finish (see $log)"
	uname[$f]=$(sed -n 's/.*UB-MARK boot \([^ ]*\) .*/\1/p' "$log" | head -1)
	# "UB-BENCH keys=<k> <name>=<value>...", the i-th line: v[<flavour>.<i>.<name>]
	i=0
	while read -r -a w; do
		for kv in "${w[@]:1}"; do v[$f.$i.${kv%%=*}]=${kv#*=}; done
		i=$((i + 1))
	done < <(grep -o "UB-BENCH .*" "$log")
	v[$f.count]=$i
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# ratio <a> <b>: a/b, or "-" when either is missing
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b + 0) printf "%.2f", a/b; else printf "-"}'; }
ms() { awk -v a="$1" 'BEGIN{printf (a ~ /^-?[0-9.]+$/) ? "%.1f" : "-", a / 1000}'; }
# label <flavour> <i>: the point's key count; the last one is the repeat
label() {
	local l=${v[$1.$2.keys]:-?}
	[ "$2" -lt $((${v[$1.count]} - 1)) ] || [ "$2" = 0 ] || l="$l (again, last)"
	echo "$l"
}
# over <flavour> <i>: the point's [container] median over its paired host rule's
over() { ratio "${v[$1.$2.ctr]:-}" "${v[$1.$2.host]:-}"; }
# path <flavour> <i>: what the broker did, from its syslog lines of the
# measured upcalls and the stage marks of the traced ones
path() {
	local p=$1.$2 what
	if [ "${v[$p.capture]:-0}" -gt 0 ] && [ "${v[$p.bykeys]:-0}" = 0 ] && [ "${v[$p.reads]:-1}" = 0 ]; then
		what="init pidfd"
	elif [ "${v[$p.bykeys]:-0}" -gt 0 ] && [ "${v[$p.capture]:-0}" = 0 ] && [ "${v[$p.reads]:-0}" -gt 0 ]; then
		what="/proc/keys"
	else
		what="MIXED"
	fi
	echo "$what: ${v[$p.capture]:-?} kernel capture + ${v[$p.bykeys]:-?} from /proc/keys of ${v[$p.n]:-?}; traced: ${v[$p.handed]:-?}/${v[$p.traced]:-?} handed a pidfd, ${v[$p.reads]:-?} /proc/keys reads"
}
# table <flavour> <title>: the points of one guest boot
table() {
	local f=$1 i c c0=${v[$1.0.ctr]:-} n0 fails row
	n0=$(over "$f" 0)
	echo "### $2 (\`${uname[$f]:-?}\`)"
	echo
	if [ "$f" = base ]; then
		echo "| keys | /proc/keys lines | [container] median ms | ratio to 0 keys | host rule median ms (paired) | ratio over host rule, to 0 keys' | added to the 0-keys upcall, ms | the broker's /proc/keys read in its traced upcalls, ms | floor, keyread: the walk as the broker reads (as root), ms | path taken |"
		echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
	else
		echo "| keys | /proc/keys lines | [container] median ms | ratio to 0 keys | host rule median ms (paired) | ratio over host rule, to 0 keys' | path taken |"
		echo "|---|---:|---:|---:|---:|---:|---|"
	fi
	for ((i = 0; i < ${v[$f.count]}; i++)); do
		c=${v[$f.$i.ctr]:-}
		fails=""
		[ "${v[$f.$i.fails]:-0}" = 0 ] || fails=" (${v[$f.$i.fails]} failed)"
		row="| $(label "$f" $i) | ${v[$f.$i.lines]:-} | $(ms "$c")$fails | $(ratio "$c" "$c0") | $(ms "${v[$f.$i.host]:-}") | $(ratio "$(over "$f" $i)" "$n0") |"
		[ "$f" = base ] && row="$row $(ms $((${c:-0} - ${c0:-0}))) | $(ms "${v[$f.$i.walk]:-}") |"
		[ "$f" = base ] && row="$row $(ms "${v[$f.$i.keyread_noowner]:-}") ($(ms "${v[$f.$i.keyread_root]:-}")) |"
		echo "$row $(path "$f" $i) |"
	done
	echo
}
# summary: the ratios of both kernels side by side (the same points in
# the same order in both guests)
summary() {
	local i b0=${v[base.0.ctr]:-} p0=${v[patched.0.ctr]:-} nb np
	nb=$(over base 0)
	np=$(over patched 0)
	echo "| keys | unpatched: ratio to 0 keys | over the paired host rule | patched: ratio to 0 keys | over the paired host rule | unpatched: the broker's /proc/keys read / 0-keys upcall | floor (keyread) / 0-keys upcall |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	for ((i = 0; i < ${v[base.count]}; i++)); do
		echo "| $(label base $i) | $(ratio "${v[base.$i.ctr]:-}" "$b0") | $(ratio "$(over base $i)" "$nb") |" \
			"$(ratio "${v[patched.$i.ctr]:-}" "$p0") | $(ratio "$(over patched $i)" "$np") |" \
			"$(ratio "${v[base.$i.walk]:-}" "$b0") | $(ratio "${v[base.$i.keyread_noowner]:-}" "$b0") |"
	done
	echo
}
mkdir -p "$(dirname "$out")"
{
	echo "## Keys in /proc/keys, 6.12 unpatched vs patched, in QEMU"
	echo
	echo "$started, $((SECONDS - t0)) s; $N upcalls per point and rule (medians; 4 alternating chunks with the paired host rule);" \
		"QEMU TCG, 2 vCPUs, 768 MB; host load average $load_before before, $load_after after." \
		"Requester: bench/reqloop in a container (user, pid, mount, net, uts namespaces) of the guest;" \
		"keys: bench/keyfill on the guest's host side. Ratios are to the same guest boot's 0-keys point."
	echo
	summary
	table base "6.12 unpatched: the broker finds the requester in /proc/keys"
	table patched "6.12 patched: the kernel hands the broker the init (UPCALL_INIT_PIDFD)"
} | tee "$out"
echo "written to $out"
