#!/bin/bash
# kernel-check.sh: make kernel-check. Builds Debian's linux-source-6.12
# unpatched and with kernel-patch/series (tinyconfig + config fragments,
# cached under $UB_CACHE), builds an initramfs with busybox, ip, Debian's NFS
# tools and the project's broker and helpers, boots each kernel under QEMU
# (TCG) and prints which scenarios pass on which kernel.
# Exit status: 0 when every scenario passes on the patched kernel.
# The lock, the clean-up, the builds and the boot: harness.sh.
set -euo pipefail
. "$(dirname "$0")/harness.sh"

build_kernels

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
	start=$SECONDS
	boot_guest "$f" "$initrd" "$log" 600
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
