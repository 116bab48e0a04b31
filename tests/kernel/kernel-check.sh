#!/bin/bash
# kernel-check.sh: make kernel-check. Builds Debian's linux-source-6.12
# unpatched and with kernel-patch/series (tinyconfig + config fragments,
# cached under $UB_CACHE), builds an initramfs with busybox, ip, Debian's NFS
# tools and the project's broker and helpers, boots each kernel under QEMU
# (TCG) and prints which scenarios pass on which kernel.
# Exit status: 0 when every scenario passes on the patched kernel.
#
# Nothing is left on this machine on any exit path (failure, SIGINT, SIGTERM,
# SIGHUP): every long step (kernel builds, initramfs, QEMU) runs in its own
# process group, which the EXIT trap stops and waits for. The harness never
# mounts anything here, never touches this machine's /sbin/request-key or apt
# sources, and gives the guest no network device: the containers' NFS and DNS
# traffic stays on veth links inside the guest. Packages it needs are
# installed with apt-get from the configured Debian archive.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cache=${UB_CACHE:-/var/tmp/upcall-broker-cache}/kernel-check
export JOBS=${JOBS:-$(nproc)}
mkdir -p "$cache"
# one run per cache: the trees, the initramfs and the serial logs are shared
exec 9>"$cache/.lock"
if ! flock -n 9; then
	echo "kernel-check: $cache is in use by another run; waiting for it (up to ${UB_LOCK_WAIT:-3600} s)" >&2
	flock -w "${UB_LOCK_WAIT:-3600}" 9 || { echo "kernel-check: $cache still in use, giving up" >&2; exit 1; }
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

declare -A kernel
for f in base patched; do
	start=$SECONDS
	run bash "$here/build-kernel.sh" "$f" >"$cache/bzimage-$f.path"
	kernel[$f]=$(tail -1 "$cache/bzimage-$f.path")
	echo "kernel $f: ready in $((SECONDS - start)) s (-j$JOBS)"
done

# The series' kselftest, built statically from the patched tree (its last
# patch adds it); the unpatched guest runs the same binaries.
ks=$cache/kselftest
st=$cache/src-patched/tools/testing/selftests
rm -rf "$ks" && mkdir -p "$ks"
if [ -f "$st/upcall_init/upcall_init_test.c" ]; then
	gcc -static -O2 -Wall -Werror -pthread -I"$st" -o "$ks/upcall_init_test" "$st/upcall_init/upcall_init_test.c" &&
		gcc -static -O2 -Wall -Werror -o "$ks/upcall_init_helper" "$st/upcall_init/upcall_init_helper.c" ||
		echo "kselftest: build failed" >&2
else
	echo "kselftest: the patched tree has no tools/testing/selftests/upcall_init" >&2
fi
export UB_KSELFTEST=$ks
initrd=$cache/initramfs.cpio.gz
run bash "$here/mkinitramfs.sh" "$initrd"

declare -A res
for f in base patched; do
	log=$cache/serial-$f.log
	rm -f "$log.raw"
	start=$SECONDS
	# The guest powers off when done; timeout is the backstop. No -nic: the
	# guest has no network device, only the veth pairs it makes itself.
	run timeout 600 qemu-system-x86_64 -accel tcg -cpu max -m 768 -smp 2 \
		-kernel "${kernel[$f]}" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 loglevel=4" \
		-display none -monitor none -serial "file:$log.raw" -nic none \
		-no-reboot </dev/null >/dev/null 2>&1 || true
	tr -d '\r' <"$log.raw" >"$log" 2>/dev/null || : >"$log"
	rm -f "$log.raw"
	echo "boot + scenarios ($f): $((SECONDS - start)) s, serial log $log"
	grep -E "UB-MARK|UB-RESULT|UB-DONE" "$log" | sed "s/^/  $f: /" || true
	grep -q UB-DONE "$log" || echo "  $f: guest did not finish (see $log)"
	while read -r _ sc verdict _; do
		res[$f.$sc]=$verdict
	done < <(grep -o "UB-RESULT .*" "$log")
done

scenarios="R R-host R-refused 1-nfs 2-dns 3-idmap 3-idmap-host 3-keyring 4-cltrack 4-cltrack-off 5-init-gone 6-afs-srv
	7-shared-netns-dns 7-shared-netns-host 7-shared-netns-idmap 8-unowned-rk 8-unowned-nfs-dns 8-unowned-nfs-idmap
	8-unowned-nfs-refused 9-smb-dns 9-smb-reconnect 10-smb-krb5 10-smb-krb5-other 10-spnego-capture 10-spnego-forged 10-cifs-idmap kselftest kselftest-host kselftest-init kselftest-nested kselftest-unowned
	kselftest-unowned_refused kselftest-init_leader_exited"
echo
printf '%-30s %-10s %-10s  %s\n' scenario unpatched patched meaning
desc() {
	case $1 in
	R) echo "request_key() in a container: helper gets a pidfd of its init" ;;
	R-host) echo "request_key() on the host: helper started as before" ;;
	R-refused) echo "user+mount ns, host pid ns, upcall_init_refuse_unowned=1: EXDEV, no helper" ;;
	1-nfs) echo "NFSv4 server container S, clients A and B" ;;
	2-dns) echo "referral DNS for a container's mount uses its /etc/hosts" ;;
	3-idmap) echo "NFSv4 names on the wire, looked up in A and B: own domain+passwd" ;;
	3-idmap-host) echo "the same, first looked up by a host process" ;;
	3-keyring) echo "a container's id mapper cannot clear the kernel's id_resolver cache" ;;
	4-cltrack) echo "knfsd in S tracks clients with nfsdcltrack in S, reclaim (nfsd.cltrack_in_containers=Y)" ;;
	4-cltrack-off) echo "nfsd.cltrack_in_containers=N: S's nfsd starts no nfsdcltrack (as unpatched)" ;;
	5-init-gone) echo "container init gone: mount's upcalls fail, none on host" ;;
	6-afs-srv) echo "kAFS parses our dns_resolver's srv=1 VL server list (tests the helper: both kernels)" ;;
	7-shared-netns-dns) echo "C, D in one netns: referral resolved with each one's /etc/hosts" ;;
	7-shared-netns-host) echo "a host mount in that netns: its referral is resolved on the host, not served C's or D's answer" ;;
	7-shared-netns-idmap) echo "C, D in one netns: owner names mapped with each one's idmapd.conf/passwd" ;;
	8-unowned-rk) echo "request_key() from unshare -Urm: helper runs on the host, no fd (as unpatched)" ;;
	8-unowned-nfs-dns) echo "NFS mount made with nsenter -m (no -p): referral DNS served on the host (as unpatched)" ;;
	8-unowned-nfs-idmap) echo "the same mount: id mapping served on the host (as unpatched)" ;;
	8-unowned-nfs-refused) echo "the same with upcall_init_refuse_unowned=1: no helper runs for it" ;;
	9-smb-dns) echo "SMB clients A, B mount //srv-smb.test/share: each name from its own /etc/hosts (mount.cifs)" ;;
	9-smb-reconnect) echo "ksmbd restarted: the reconnect re-resolves the name in each mounter's container" ;;
	10-smb-krb5) echo "sec=krb5 from A: cifs.spnego served in A, A's KDC and ccache (KDC log; ksmbd has no krb5)" ;;
	10-smb-krb5-other) echo "sec=krb5 from B: served in B, finds no ticket; A's KDC never asked" ;;
	10-spnego-capture) echo "sec=krb5,upcall_target=mount from A: the kernel hands the cifs.spnego helper A's init (as for a reconnect)" ;;
	10-spnego-forged) echo "forged cifs.spnego request from A: refused, no helper (would run in A, not the host)" ;;
	10-cifs-idmap) echo "cifsacl stat in A: cifs.idmap mapped on the host into .cifs_idmap; A's own request refused (both kernels)" ;;
	kselftest) echo "tools/testing/selftests/upcall_init: every case passes" ;;
	kselftest-*) echo "kselftest case ${1#kselftest-}" ;;
	esac
}
fail=0
for sc in $scenarios; do
	u=${res[base.$sc]:-none} p=${res[patched.$sc]:-none}
	printf '%-30s %-10s %-10s  %s\n' "$sc" "$u" "$p" "$(desc "$sc")"
	[ "$p" = PASS ] || fail=1
done
exit $fail
