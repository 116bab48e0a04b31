#!/bin/bash
# harness.sh: sourced by kernel-check.sh and kernel-bench.sh, which share
# it: the per-cache lock, the process-group bookkeeping that leaves nothing
# behind, the packages, the two kernel builds and the QEMU boot.
#
# Nothing is left on this machine on any exit path (failure, SIGINT, SIGTERM,
# SIGHUP): every long step (kernel builds, initramfs, QEMU) runs in its own
# process group, which the EXIT trap stops and waits for. The harness never
# mounts anything here, never touches this machine's /sbin/request-key or apt
# sources, and gives the guest no network device: the containers' traffic
# stays on veth links inside the guest. Packages it needs are installed with
# apt-get from the configured Debian archive.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
cache=${UB_CACHE:-/var/tmp/upcall-broker-cache}/kernel-check
export JOBS=${JOBS:-$(nproc)}
mkdir -p "$cache"
# one run per cache: the trees, the initramfs and the serial logs are shared
exec 9>"$cache/.lock"
if ! flock -n 9; then
	echo "${0##*/}: $cache is in use by another run; waiting for it (up to ${UB_LOCK_WAIT:-3600} s)" >&2
	flock -w "${UB_LOCK_WAIT:-3600}" 9 || { echo "${0##*/}: $cache still in use, giving up" >&2; exit 1; }
fi

child=
stop_child() {
	[ -n "$child" ] || return 0
	kill -TERM -- "-$child" 2>/dev/null || true
	local i=0
	while kill -0 -- "-$child" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL -- "-$child" 2>/dev/null || true
	wait "$child" 2>/dev/null || true
	child=
}
trap stop_child EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
run() {  # run <cmd...>: in its own session and process group (see stop_child)
	setsid "$@" &
	child=$!
	local rc=0
	wait "$child" || rc=$?
	child=
	return $rc
}

need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
[ -x /bin/busybox ] || need+=(busybox-static)
[ -f /usr/src/linux-source-6.12.tar.xz ] || need+=(linux-source-6.12)
for t in bc bison flex cpio git make gcc xz; do command -v $t >/dev/null || need+=($t); done
need=("${need[@]/#xz/xz-utils}")
[ -x /usr/sbin/ip ] || need+=(iproute2)
[ -x /usr/sbin/dnsmasq ] || need+=(dnsmasq-base)
dpkg -s libelf-dev libssl-dev >/dev/null 2>&1 || need+=(libelf-dev libssl-dev)
if [ ${#need[@]} -gt 0 ]; then
	echo "installing: ${need[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || {
		apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }
fi

# build_kernels: kernel[base] and kernel[patched], the bzImages (built or
# brought up to date by build-kernel.sh)
declare -A kernel
build_kernels() {
	local f start
	for f in base patched; do
		start=$SECONDS
		run bash "$here/build-kernel.sh" "$f" >"$cache/bzimage-$f.path"
		kernel[$f]=$(tail -1 "$cache/bzimage-$f.path")
		echo "kernel $f: ready in $((SECONDS - start)) s (-j$JOBS)"
	done
}

# boot_guest <flavour> <initrd> <serial log> [<timeout s> [<kernel args>]]:
# boot the kernel with that initramfs; its /init prints on the serial
# console (the log) and powers the guest off. The extra kernel arguments
# are the /init's parameters (it reads /proc/cmdline).
boot_guest() {
	local log=$3
	rm -f "$log.raw"
	# timeout is the backstop. No -nic: the guest has no network device,
	# only the veth pairs it makes itself.
	run timeout "${4:-600}" qemu-system-x86_64 -accel tcg -cpu max -m 768 -smp 2 \
		-kernel "${kernel[$1]}" -initrd "$2" \
		-append "console=ttyS0 panic=-1 loglevel=4${5:+ $5}" \
		-display none -monitor none -serial "file:$log.raw" -nic none \
		-no-reboot </dev/null >/dev/null 2>&1 || true
	tr -d '\r' <"$log.raw" >"$log" 2>/dev/null || : >"$log"
	rm -f "$log.raw"
}
