# Sourced after lib.sh by the systemd-nspawn tests (t_runtime, t_nspawn_dns).
#
# There is no systemd as pid 1 on the test machine, so nspawn runs with
# --register=no (no machined) and --keep-unit (no transient scope from pid
# 1). With --keep-unit nspawn splits the cgroup it was started in, as it does
# in a Delegate=yes systemd-nspawn@.service: the container goes to its
# "payload" sub-cgroup, nspawn itself to "supervisor". Started from the host's
# root cgroup that would be /payload, shared by every container and left
# behind; so each container gets a cgroup of its own, laid out like a unit's
# (ub_nspawn_unit), which the tests remove again.

UB_NSPAWN_CG2=""
for d in /sys/fs/cgroup/unified /sys/fs/cgroup; do
	if [ "$(stat -f -c %T "$d" 2>/dev/null)" = cgroup2fs ]; then UB_NSPAWN_CG2=$d; break; fi
done
# On a hybrid host nspawn also mirrors its cgroups in the name=systemd v1
# hierarchy.
UB_NSPAWN_CG1=""
[ "$UB_NSPAWN_CG2" = /sys/fs/cgroup/unified ] && [ -d /sys/fs/cgroup/systemd ] && UB_NSPAWN_CG1=/sys/fs/cgroup/systemd
UB_NSPAWN_NAMES=()

# Stop the containers before lib.sh's cleanup: kill each init (a pid
# namespace's init ignores signals only from inside), let nspawn notice,
# unmount and release its locks; only then kill what is left.
ub_nspawn_cleanup() {
	local rc=$? n v i
	set +e
	for n in "${UB_NSPAWN_NAMES[@]}"; do
		v=UB_INIT_$n; [ -n "${!v:-}" ] && kill -KILL "${!v}" 2>/dev/null
	done
	for n in "${UB_NSPAWN_NAMES[@]}"; do
		v=UB_NSPAWN_PID_$n
		[ -n "${!v:-}" ] || continue
		for i in $(seq 100); do kill -0 "${!v}" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "${!v}" 2>/dev/null
		wait "${!v}" 2>/dev/null
	done
	(exit $rc)
	ub_cleanup
}
trap ub_nspawn_cleanup EXIT

# ub_nspawn_unit <name>: make the cgroup a systemd-nspawn@<name>.service
# would have (relative path in UB_UNIT_<name>, under UB_NSPAWN_CG2), with
# the .control sub-cgroup where a Delegate=yes unit runs ExecStartPre=.
# Removed at exit, nspawn's payload and supervisor included.
ub_nspawn_unit() {
	local name=$1 rel=/ubtest-$$-nspawn-$1.service d
	[ -n "$UB_NSPAWN_CG2" ] || return 1
	mkdir -p "$UB_NSPAWN_CG2$rel/.control"
	printf -v "UB_UNIT_$name" '%s' "$rel"
	for d in "$UB_NSPAWN_CG2" $UB_NSPAWN_CG1; do
		UB_CGROUPS=("$d$rel/payload" "$d$rel/supervisor" "$d$rel/.control" "$d$rel" "${UB_CGROUPS[@]}")
	done
}

# ub_nspawn_in_unit <name> <command...>: run a command in the main cgroup of
# unit <name>, where systemd starts a service's ExecStart=. The unit must
# have been made by this shell, not a subshell (its clean-up is this
# shell's).
ub_nspawn_in_unit() {
	local name=$1 v=UB_UNIT_$1; shift
	if [ -z "${!v:-}" ]; then
		ub_log "ub_nspawn_in_unit: no unit $name (ub_nspawn_unit first)"
		return 1
	fi
	(
		echo "$BASHPID" >"$UB_NSPAWN_CG2${!v}/cgroup.procs"
		exec "$@"
	)
}

# ub_nspawn_once <name> <rootfs> <nspawn options...> -- <command...>: a
# one-off container in unit <name> (ub_nspawn_unit first), in the
# foreground; its output is the command's.
ub_nspawn_once() {
	local name=$1 root=$2; shift 2
	ub_nspawn_in_unit "$name" timeout 120 systemd-nspawn --quiet --register=no --keep-unit --console=pipe \
		--private-users=pick --private-users-ownership=auto --machine="ubtest-$name-$$" -D "$root" "$@" </dev/null
}

# ub_nspawn <name> <rootfs> <nspawn options...> -- <command...>: start a
# container in unit <name> (made if missing) in the background (log:
# $UB_TMP/nspawn-<name>.log) and wait up to 30 s for its init, the process
# that runs <command> as pid 1 of the container's pid namespace. Sets UB_NSPAWN_PID_<name> (nspawn) and
# UB_INIT_<name> (the init's host pid, as lib.sh's containers do). On
# failure the reason is in UB_NSPAWN_ERR and the status is 1.
# UB_NSPAWN_WRAP="<program> <args>": nspawn runs under it (choom, say).
ub_nspawn() {
	local name=$1 root=$2; shift 2
	local a comm="" seen=0 pid init="" i why
	for a in "$@"; do
		if [ "$seen" = 1 ]; then comm=$(basename "$a"); break; fi
		[ "$a" = -- ] && seen=1
	done
	UB_NSPAWN_ERR=""
	local v=UB_UNIT_$name
	if [ -z "${!v:-}" ] && ! ub_nspawn_unit "$name"; then
		UB_NSPAWN_ERR="no cgroup v2 hierarchy for its unit cgroup"
		return 1
	fi
	UB_NSPAWN_NAMES+=("$name")
	# $! is nspawn itself: the subshell execs it (through the wrapper's exec).
	(
		echo "$BASHPID" >"$UB_NSPAWN_CG2${!v}/cgroup.procs"
		# shellcheck disable=SC2086 # words of a command line
		exec ${UB_NSPAWN_WRAP:-} systemd-nspawn --quiet --register=no --keep-unit --console=pipe \
			--private-users=pick --private-users-ownership=auto --machine="ubtest-$name-$$" -D "$root" "$@"
	) </dev/null >"$UB_TMP/nspawn-$name.log" 2>&1 &
	pid=$!
	printf -v "UB_NSPAWN_PID_$name" '%s' "$pid"
	UB_PIDS+=("$pid")
	for i in $(seq 300); do
		init=$(ub_nspawn_find_init "$pid" "${comm:0:15}") && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if [ -z "$init" ]; then
		why=$(grep -v '^$' "$UB_TMP/nspawn-$name.log" | tail -3 | tr '\n' ' ')
		if kill -0 "$pid" 2>/dev/null; then
			UB_NSPAWN_ERR="no container init after 30 s: $why"
		else
			UB_NSPAWN_ERR="systemd-nspawn exited: $why"
		fi
		return 1
	fi
	printf -v "UB_INIT_$name" '%s' "$init"
	UB_PIDS+=("$init")
}

# ub_nspawn_find_init <nspawn pid> <comm>: the descendant that runs <comm>
# as pid 1 of its pid namespace (NSpid ends in 1).
ub_nspawn_find_init() {
	local todo=("$1") p c
	while [ ${#todo[@]} -gt 0 ]; do
		p=${todo[0]}; todo=("${todo[@]:1}")
		if [ "$(cat /proc/$p/comm 2>/dev/null)" = "$2" ] &&
			[ "$(sed -n 's/^NSpid:.*[[:space:]]\([0-9]*\)$/\1/p' /proc/$p/status 2>/dev/null)" = 1 ]; then
			echo "$p"; return 0
		fi
		for c in $(cat /proc/$p/task/*/children 2>/dev/null); do todo+=("$c"); done
	done
	return 1
}

# ub_nspawn_root <dir>: the shared Debian 12 root (debian_root.sh) unpacked
# into <dir>, every directory above it searchable by others, as unprivileged
# runtimes (LXC) need of a container's tree. nspawn itself does not: it
# resolves the path as host root (a 0700 parent worked with ownership=map
# and =chown alike); this keeps the tree usable by both. Only directories
# under UB_TMP are changed. On failure UB_NSPAWN_ERR says why.
ub_nspawn_root() {
	local dir=$1 d
	UB_NSPAWN_ERR=""
	if ! ub_debian_root "$dir"; then
		UB_NSPAWN_ERR=$UB_DEBIAN_ROOT_ERR
		return 1
	fi
	chmod 755 "$dir"
	d=$(dirname "$dir")
	while [ "$d" != / ]; do
		if [ $((0$(stat -c %a "$d") & 1)) = 0 ]; then
			case $d/ in
			"$UB_TMP"/*) chmod o+x "$d" ;;
			*) UB_NSPAWN_ERR="$d is not searchable by others (mode $(stat -c %a "$d"))"; return 1 ;;
			esac
		fi
		d=$(dirname "$d")
	done
	# The tree carries the host's resolv.conf: nothing in a container may
	# ask the host's name servers.
	: >"$dir/etc/resolv.conf"
}
