#!/bin/sh
# Sourced by the guests' /init scripts (guest-scenarios.sh for kernel-check,
# guest-bench.sh for kernel-bench): the guest's boot set-up and the
# container helpers both make containers with.
export PATH=/sbin:/bin:/usr/sbin:/usr/bin

# guest_boot: the pseudo filesystems, the loopback, an empty upcall record
# and syslogd (the broker and the helpers log there)
guest_boot() {
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs dev /dev 2>/dev/null
	mount -t tmpfs tmp /tmp
	hostname guest
	/sbin/ip link set lo up
	: >/ub-state/upcalls.log
	syslogd -O /ub-state/syslog.log
	echo "UB-MARK boot $(uname -r) broker=$(cat /ub-state/have-broker) uptime=$(cut -d" " -f1 /proc/uptime)s"
}

result() { echo "UB-RESULT $1 $2 $3"; }
log_since() {  # log_since <line count>: helper runs recorded since then
	tail -n +"$(($1 + 1))" /ub-state/upcalls.log
}
nlog() { wc -l </ub-state/upcalls.log; }
ctr_pid() {  # ctr_pid <tag>: host pid of the container whose init sleeps <tag>
	for p in /proc/[0-9]*; do
		[ "$(tr '\0' ' ' <"$p/cmdline" 2>/dev/null)" = "sleep $1 " ] && { echo "${p#/proc/}"; return; }
	done
}
start_ctr() {  # start_ctr <name> <tag> [hostnet|netns=<pid>|setgroups]: prints the host pid of its init
	rm -f "/ub-state/$1.ready"
	if [ "${3:-}" = setgroups ]; then
		# A user namespace that allows setgroups(2), as LXC, podman and
		# docker make them (cifs.upcall calls it and fails under "deny",
		# which unshare -r always writes): the host writes root's map.
		# Every namespace is the container's own, ipc, cgroup and time
		# included: cifs.upcall setns()es into each one it is shown, and
		# joining one the container does not own fails (EPERM).
		unshare -U sh -c 'while [ -z "$(cat /proc/self/uid_map)" ]; do sleep 0.05; done
			exec unshare.util-linux -p -m -u -n -i -C -T -f sh /ctr-init.sh "$0" "$1"' "$1" "$2" </dev/null >/dev/null 2>&1 &
		u=$!
		i=0
		while [ "$(readlink /proc/$u/ns/user)" = "$(readlink /proc/self/ns/user)" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		echo "0 0 1" >/proc/$u/gid_map
		echo "0 0 1" >/proc/$u/uid_map
	elif [ "${3#netns=}" != "${3:-}" ]; then
		# joins the network namespace of <pid> (made by the host), shared
		# with other containers
		nsenter -t "${3#netns=}" -n unshare -U -r -p -m -u -f sh /ctr-init.sh "$1" "$2" </dev/null >/dev/null 2>&1 &
	elif [ "${3:-}" = hostnet ]; then
		# A network namespace made by the host (owned by the initial user
		# namespace), as container managers do when they configure the
		# network: the nfsd filesystem cannot be mounted for a network
		# namespace owned by another user namespace.
		unshare -n unshare -U -r -p -m -u -f sh /ctr-init.sh "$1" "$2" </dev/null >/dev/null 2>&1 &
	else
		unshare -U -r -p -m -u -n -f sh /ctr-init.sh "$1" "$2" </dev/null >/dev/null 2>&1 &
	fi
	i=0
	while [ ! -e "/ub-state/$1.ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	sleep 0.3
	ctr_pid "$2"
}
in_ctr() {  # in_ctr <pid> <cmd...>: host root in the container's mount, net, uts, pid ns
	p=$1; shift
	nsenter -t "$p" -m -n -u -p "$@"
}
link() {  # link <pid1> <if1> <addr1> <pid2> <if2> <addr2>
	# busybox runs its own applets before PATH: name iproute2's ip
	/sbin/ip link add "$2" type veth peer name "$5"
	/sbin/ip link set "$2" netns "$1"
	/sbin/ip link set "$5" netns "$4"
	nsenter -t "$1" -n /sbin/ip addr add "$3/24" dev "$2"
	nsenter -t "$1" -n /sbin/ip link set "$2" up
	nsenter -t "$4" -n /sbin/ip addr add "$6/24" dev "$5"
	nsenter -t "$4" -n /sbin/ip link set "$5" up
}

