#!/bin/bash
# Does an upcall's cost grow with the machine? Latency of a container upcall
# against the number of keys in /proc/keys, of processes in the init's
# cgroup, of containers on the machine and of mounts in the host's mount
# namespace, each point a ratio to the
# series' first point measured in the same run. Appends markdown to
# $UB_BENCH_OUT/results.md and gnuplot data to $UB_BENCH_OUT/scaling-*.dat
# (bench/plot.gp). BENCH_QUICK=1 stops each series earlier.
#
# Two container paths are measured in the keys series:
# - "(capture)": the kernel hands the init over (UPCALL_INIT_PIDFD, played
#   by bench/capture on this kernel): no /proc/keys at all;
# - "host requester": a [container] rule requested from the host, which
#   the broker resolves from /proc/keys (the unpatched kernel's path; the
#   requester is on the host, so the helper runs there).
# and the floor: bench/keyread reading /proc/keys as root and as a reader
# that owns no key (what the broker does).
. "$(dirname "$0")/../tests/integration/lib.sh"
. "$(dirname "$0")/common.sh"
N=${UB_BENCH_N:-50}
LOOP=$UB_BUILD/bench/reqloop
if [ -n "${BENCH_QUICK:-}" ]; then
	KEYS=(0 1000 10000); PROCS=(0 1000 5000); CTRS=(1 50 100); MOUNTS=(0 1000)
else
	KEYS=(0 1000 10000 50000); PROCS=(0 1000 5000 20000); CTRS=(1 100 500); MOUNTS=(0 1000 5000)
fi

ub_rules <<EOF
create user bench:ctr:* * [container] |/bin/cat
create user bench:hostctr:* * [container] |/bin/cat
create user bench:pipe:* * |/bin/cat
EOF
ub_container b1
ub_install_broker

# hold <variable> <command...>: start a helper that prints "ready" when set
# up and ends when its stdin closes; its stdin's write end goes to <variable>.
hold() {
	local var=$1 fifo=$UB_TMP/hold.$RANDOM line
	shift
	mkfifo "$fifo.in" "$fifo.out"
	"$@" <"$fifo.in" >"$fifo.out" &
	UB_PIDS+=($!)
	exec {fd}>"$fifo.in"
	read -r line <"$fifo.out" || true
	rm -f "$fifo.in" "$fifo.out"
	[ "$line" = ready ] || { ub_log "$*: not ready"; return 1; }
	printf -v "$var" '%s' "$fd"
}
release() { local fd=$1 pid=$2; eval "exec $fd>&-"; wait "$pid" 2>/dev/null || true; }
# ctr_row: "<median> <host |/bin/cat median>" of the capture path for b1,
# paired with the broker's host rule (bench/common.sh: paired)
ctr_row() { ub_capture_register b1 bench:ctr:; paired bench:ctr: bench:pipe:; }

# --- keys ---
keys_dat=$UB_BENCH_OUT/scaling-keys.dat
echo "# keys capture_us hostreq_us keyread_root_us keyread_noowner_us host_pipe_us" >"$keys_dat"
for k in "${KEYS[@]}"; do
	hold kf "$UB_BUILD/bench/keyfill" "$k"
	kf_pid=${UB_PIDS[-1]}
	read -r c pipe _ <<<"$(ctr_row)"
	read -r h _ _ <<<"$(paired bench:hostctr: bench:pipe:)"
	read -r kr kn _ <<<"$("$UB_BUILD/bench/keyread" 5)"
	release "$kf" "$kf_pid"
	echo "$k $c $h $kr $kn $pipe" >>"$keys_dat"
done

# --- processes in the init's cgroups (each of b1's: v2 and, on hybrid hosts, v1 pids) ---
procs_dat=$UB_BENCH_OUT/scaling-procs.dat
echo "# processes capture_us host_pipe_us" >"$procs_dat"
b1_cgroups=("${UB_CGROUPS[@]}")
for p in "${PROCS[@]}"; do
	hold sl bash -c 'for cg in "${@:2}"; do echo $$ >"$cg/cgroup.procs"; done; exec "$0" "$1"' \
		"$UB_BUILD/bench/sleepers" "$p" "${b1_cgroups[@]}"
	sl_pid=${UB_PIDS[-1]}
	read -r c pipe _ <<<"$(ctr_row)"
	release "$sl" "$sl_pid"
	echo "$p $c $pipe" >>"$procs_dat"
done

# --- containers on the machine: b1 and light ones (every namespace, own
# cgroup v2 directory, a sleeping init), started in the background ---
ctrs_dat=$UB_BENCH_OUT/scaling-containers.dat
echo "# containers capture_us host_pipe_us" >"$ctrs_dat"
cg2=""
for d in /sys/fs/cgroup/unified /sys/fs/cgroup; do
	if [ "$(stat -f -c %T "$d" 2>/dev/null)" = cgroup2fs ]; then cg2=$d; break; fi
done
have=1
light=()
for c in "${CTRS[@]}"; do
	while [ "$have" -lt "$c" ]; do
		cg=""
		if [ -n "$cg2" ]; then
			cg=$cg2/ubbench-$$-$have
			mkdir "$cg"
			UB_CGROUPS=("$cg" "${UB_CGROUPS[@]}")
		fi
		( [ -z "$cg" ] || echo $BASHPID >"$cg/cgroup.procs"
		  exec unshare --user --map-root-user --pid --mount --net --uts --ipc --cgroup \
			--fork --kill-child sleep infinity ) &
		UB_PIDS+=($!)
		light+=($!)
		have=$((have + 1))
	done
	sleep 1
	read -r c1 pipe _ <<<"$(ctr_row)"
	echo "$c $c1 $pipe" >>"$ctrs_dat"
done
for p in "${light[@]}"; do kill -KILL "$p" 2>/dev/null || true; done

# --- mounts in the broker's (the host's) mount namespace: tmpfs mounts
# under one private tmpfs of ours, so that none propagates anywhere;
# lib.sh's clean-up takes them all down with it (UB_UMOUNTS) ---
mounts_dat=$UB_BENCH_OUT/scaling-mounts.dat
echo "# mounts capture_us host_pipe_us" >"$mounts_dat"
mbase=$UB_TMP/mnts
mkdir -p "$mbase"
# Only under our own private tmpfs: a mount made straight into $UB_TMP
# could propagate to the host's peers and outlive the run.
if mount -t tmpfs ubbench "$mbase" && UB_UMOUNTS+=("$mbase") && mount --make-private "$mbase"; then
	made=0
	for m in "${MOUNTS[@]}"; do
		while [ "$made" -lt "$m" ]; do
			mkdir "$mbase/$made" && mount -t tmpfs ubbench "$mbase/$made" || break
			made=$((made + 1))
		done
		read -r c pipe _ <<<"$(ctr_row)"
		echo "$made $c $pipe" >>"$mounts_dat"
	done
fi
for m in "${UB_UMOUNTS[@]}"; do umount -R "$m"; done
UB_UMOUNTS=()

# --- the table ---
# series <title> <dat> <column> <what the first column counts> [<baseline column>]:
# the ratio to the first point; with a baseline column (the broker's host
# rule, measured in alternation with the point) also the ratio of the
# point's own ratio to the baseline to the first point's, which a load
# that changed between points does not move.
series() {
	local first="" firstn="" x v n
	if [ -n "${5:-}" ]; then
		echo "| $4 | $1 median us | ratio to the first point | host rule median us (paired) | ratio over host rule, to the first point's |"
		echo "|---:|---:|---:|---:|---:|"
	else
		echo "| $4 | $1 median us | ratio to the first point |"
		echo "|---:|---:|---:|"
	fi
	while read -r -a row; do
		[ "${row[0]:0:1}" = "#" ] && continue
		x=${row[0]}; v=${row[$3]}
		[ -n "$first" ] || first=$v
		if [ -n "${5:-}" ]; then
			n=$(ratio "$v" "${row[$5]}")
			[ -n "$firstn" ] || firstn=$n
			echo "| $x | $v | $(ratio "$v" "$first") | ${row[$5]} | $(ratio "$n" "$firstn") |"
		else
			echo "| $x | $v | $(ratio "$v" "$first") |"
		fi
	done <"$2"
	echo
}
{
	echo "## Scaling"
	echo
	echo "$N upcalls per point, medians; ratios to the series' first point, same run. /bin/cat helper."
	echo
	echo "### Keys in /proc/keys (owned by root, as an NFS machine's id_resolver keys)"
	echo
	series "[container]$CAP, kernel hand-over" "$keys_dat" 1 keys 5
	series "[container] rule, host requester (reads /proc/keys)" "$keys_dat" 2 keys 5
	series "floor: read /proc/keys as root" "$keys_dat" 3 keys
	series "floor: read /proc/keys as a reader owning nothing (the broker's way)" "$keys_dat" 4 keys
	echo "### Processes in the init's cgroups"
	echo
	series "[container]$CAP" "$procs_dat" 1 processes 2
	echo "### Containers on the machine"
	echo
	series "[container]$CAP" "$ctrs_dat" 1 containers 2
	echo "### Mounts in the host's mount namespace (what /proc/self/mountinfo lists)"
	echo
	series "[container]$CAP" "$mounts_dat" 1 mounts 2
} | tee -a "$UB_BENCH_OUT/results.md"
