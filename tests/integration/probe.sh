#!/bin/sh
# The integration tests' helper: reports where it runs. Used as a |pipe
# program (report on stdout) or a plain one ("plain <key>": instantiates).
report() {
	for ns in user mnt pid net uts ipc cgroup time; do
		printf '%s=%s\n' "$ns" "$(stat -L -c %i /proc/self/ns/$ns)"
	done
	# Our pid in each pid namespace from the one /proc shows down to ours
	# (the shell opens the file itself, so "self" is this shell).
	while read -r k v; do [ "$k" = NSpid: ] && printf 'nspid=%s\n' "$(echo $v)"; done </proc/self/status
	printf 'hostname=%s\n' "$(hostname 2>/dev/null || cat /proc/sys/kernel/hostname)"
	printf 'root=%s\n' "$(ls /etc/ | grep ubtest-root- | head -1)"
	printf 'uid=%s gid=%s\n' "$(id -u)" "$(id -g)"
	grep -E '^(CapBnd|CapEff|NoNewPrivs)' /proc/self/status | tr -d '\t' | tr ':' '='
	printf 'cgroups=%s\n' "$(tr '\n' ' ' </proc/self/cgroup)"
	printf 'fds=%s\n' "$(ls /proc/self/fd | tr '\n' ' ')"
	printf 'env=%s\n' "$(env | sort | tr '\n' ' ')"
	printf 'args=%s\n' "$*"
}
case "$1" in
plain)
	key=$2; shift 2
	keyctl instantiate "$key" "$(report "$@")" 0
	;;
*)
	report "$@"
	;;
esac
