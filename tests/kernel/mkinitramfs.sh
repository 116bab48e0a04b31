#!/bin/bash
# mkinitramfs.sh <out.cpio.gz> [<init script>]: the guest's root: busybox,
# iproute2's ip, keyutils' keyctl, Debian's NFS server and client tools
# (unpacked by userspace.sh), the project's broker and helpers (whatever is
# built), the init script (default guest-scenarios.sh, kernel-check's) as
# /init with guest-lib.sh beside it, and the per-container configuration.
# UB_BENCH_PROGS=<dir>: also bench/'s request loop, key filler and
# /proc/keys reader from <dir>, as /ub-bench/ (kernel-bench).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=$1
init=${2:-$here/guest-scenarios.sh}
us=$(bash "$here/userspace.sh")
root=$(mktemp -d)
# mktemp's 0700 would be the guest's /: ksmbd opens shares as the SMB user
chmod 755 "$root"
trap 'rm -rf "$root" "$out.tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,run,mnt,srv,lib,lib64,usr/bin,usr/sbin,var/lib/nfs,ub-state}
mkdir -p "$root"/etc/request-key.d "$root"/etc/upcall-broker "$root"/usr/local/lib/upcall-broker/front
cp /bin/busybox "$root/bin/busybox"
for a in $(/bin/busybox --list); do
	[ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"
done
# Libraries come from this machine, or from the unpacked packages for the
# few that are not installed here (libwrap for rpc.mountd, the SMB and
# Kerberos tools' libraries); those go to the guest's /lib/x86_64-linux-gnu,
# where its dynamic loader looks.
mkdir -p "$root/lib/x86_64-linux-gnu"
libpath=$(ls -d "$us"/root-*/usr/lib/x86_64-linux-gnu "$us"/root-*/lib/x86_64-linux-gnu 2>/dev/null | paste -sd:)
copy_with_libs() {  # copy_with_libs <binary> <dest>
	mkdir -p "$root$(dirname "$2")"
	cp -L "$1" "$root$2"
	local l
	for l in $(LD_LIBRARY_PATH=$libpath ldd "$1" | grep -o '/[^ ]*'); do
		case $l in
		"$us"/*) cp -L "$l" "$root/lib/x86_64-linux-gnu/" ;;
		*)
			mkdir -p "$root$(dirname "$l")"
			[ -e "$root$l" ] || cp -L "$l" "$root$l" ;;
		esac
	done
}
copy_with_libs /usr/sbin/ip /sbin/ip
copy_with_libs "$us/root-keyutils/bin/keyctl" /bin/keyctl
# 6-afs-srv: the AFS cell's SRV and address records on the guest's loopback
[ -x /usr/sbin/dnsmasq ] && copy_with_libs /usr/sbin/dnsmasq /usr/sbin/dnsmasq
for b in rpc.nfsd rpc.mountd exportfs; do
	copy_with_libs "$us/root-nfs-kernel-server/usr/sbin/$b" "/usr/sbin/$b"
done
# nfsd's id mapping daemon in the server container; libnfsidmap's plugins
# for it and for the nfsidmap helper in the clients
copy_with_libs "$us/root-nfs-common/usr/sbin/rpc.idmapd" /usr/sbin/rpc.idmapd
for p in /usr/lib/x86_64-linux-gnu/libnfsidmap/{nsswitch,static}.so; do
	[ -e "$p" ] && copy_with_libs "$p" "$p"
done
# SMB scenarios: cifs-utils' mount.cifs and cifs.upcall (the cifs.spnego
# rule runs the latter inside the client container), ksmbd-tools (one
# binary, its function chosen by the name it is run under), MIT krb5's KDC
# and tools for the KDC inside container A; the KDC's db2 back end and
# libverto's event loop are loaded with dlopen().
copy_with_libs "$us/root-cifs-utils/sbin/mount.cifs" /sbin/mount.cifs
copy_with_libs "$us/root-cifs-utils/usr/sbin/cifs.upcall" /usr/sbin/cifs.upcall
copy_with_libs "$us/root-ksmbd-tools/usr/libexec/ksmbd.tools" /usr/libexec/ksmbd.tools
for t in mountd adduser control; do ln -s ../libexec/ksmbd.tools "$root/usr/sbin/ksmbd.$t"; done
for b in krb5kdc kdb5_util; do copy_with_libs "$us/root-krb5-kdc/usr/sbin/$b" "/usr/sbin/$b"; done
copy_with_libs "$us/root-krb5-admin-server/usr/sbin/kadmin.local" /usr/sbin/kadmin.local
for b in kinit klist; do copy_with_libs "$us/root-krb5-user/usr/bin/$b" "/usr/bin/$b"; done
db2=usr/lib/x86_64-linux-gnu/krb5/plugins/kdb/db2.so
copy_with_libs "$us/root-krb5-kdc/$db2" "/$db2"
copy_with_libs "$us/root-libverto-libev1/usr/lib/x86_64-linux-gnu/libverto-libev.so.1" /lib/x86_64-linux-gnu/libverto-libev.so.1
# ksmbd.adduser hashes passwords as UTF-16LE through iconv: glibc's module
gc=/usr/lib/x86_64-linux-gnu/gconv
mkdir -p "$root$gc"
cp -a "$gc/gconv-modules" "$gc/gconv-modules.d" "$gc/UTF-16.so" "$gc/UNICODE.so" "$root$gc/"
# util-linux's unshare for the SMB clients: busybox's cannot make cgroup and
# time namespaces (cifs.upcall setns()es into every namespace it is shown)
copy_with_libs /usr/bin/unshare /usr/bin/unshare.util-linux
# The broker: the kernel's /sbin/request-key (behind a recording wrapper)
# and the front nfsd's cltrack_prog points at.
have_broker=no
if [ -x "$top/build/upcall-broker" ]; then
	have_broker=yes
	copy_with_libs "$top/build/upcall-broker" /sbin/upcall-broker
	# libmount is dlopen()ed for container contexts
	lm=$(ldconfig -p | grep -o '/[^ ]*libmount.so.1$' | head -1)
	[ -n "$lm" ] && copy_with_libs "$lm" "$lm"
	ln -s /sbin/upcall-broker "$root/usr/local/lib/upcall-broker/front/nfsdcltrack"
	for h in dns_resolver nfsidmap nfsdcltrack; do
		[ -x "$top/build/helpers/$h" ] && copy_with_libs "$top/build/helpers/$h" "/usr/local/lib/upcall-broker/$h"
	done
	cp "$top"/request-key.d/*.conf "$root/etc/request-key.d/"
fi
# nfsidmap where a container's request-key rules expect it (the project's
# drop-in if built, else Debian's)
if [ -x "$top/build/helpers/nfsidmap" ]; then
	copy_with_libs "$top/build/helpers/nfsidmap" /usr/sbin/nfsidmap
else
	copy_with_libs "$us/root-nfs-common/usr/sbin/nfsidmap" /usr/sbin/nfsidmap
fi
# nfsdcltrack inside the server container: the project's drop-in if built,
# else Debian's.
if [ -x "$top/build/helpers/nfsdcltrack" ]; then
	copy_with_libs "$top/build/helpers/nfsdcltrack" /usr/sbin/nfsdcltrack
else
	copy_with_libs "$us/root-nfs-kernel-server/sbin/nfsdcltrack" /usr/sbin/nfsdcltrack
fi
# The series' kselftest (tools/testing/selftests/upcall_init), built
# statically by kernel-check.sh from the patched tree; both kernels run it.
if [ -n "${UB_KSELFTEST:-}" ] && [ -x "$UB_KSELFTEST/upcall_init_test" ]; then
	mkdir -p "$root/ub-kselftest"
	install -m 755 "$UB_KSELFTEST/upcall_init_test" "$UB_KSELFTEST/upcall_init_helper" "$root/ub-kselftest/"
fi
install -m 755 "$here/rk-wrapper.sh" "$root/sbin/request-key"
install -m 755 "$here/rk-wrapper.sh" "$root/usr/local/lib/upcall-broker/umh-nfsdcltrack"
install -m 755 "$here/ctr-init.sh" "$root/ctr-init.sh"
install -m 755 "$init" "$root/init"
install -m 644 "$here/guest-lib.sh" "$root/ub-guest-lib.sh"
if [ -n "${UB_BENCH_PROGS:-}" ]; then
	for b in reqloop keyfill keyread; do copy_with_libs "$UB_BENCH_PROGS/$b" "/ub-bench/$b"; done
fi
echo "$have_broker" >"$root/ub-state/have-broker"
cat >"$root/etc/request-key.conf" <<'EOC'
# user keys "ub:*": the test's probe, run where the broker decides
create	user	ub:*	*	[container,timeout=10]	|/ub-probe.sh
EOC
printf '#!/bin/sh\necho "hostname=$(hostname)"\n' >"$root/ub-probe.sh"
chmod 755 "$root/ub-probe.sh"
# 10-cifs-idmap: cifs-utils' own cifs.idmap line (no context word: a host
# service), with a mapper that records where it ran and answers uid 1001
# (a 4-byte id, as cifs.idmap writes it).
cat >"$root/etc/request-key.d/zz-ub-cifs-idmap.conf" <<'EOC'
create	cifs.idmap	*	*	/ub-idmap.sh %k
EOC
cat >"$root/ub-idmap.sh" <<'EOC'
#!/bin/sh
echo "$(hostname) $(readlink /proc/self/ns/net)" >>/ub-state/idmap.log
printf '\351\003\000\000' | keyctl pinstantiate "$1" 0
EOC
chmod 755 "$root/ub-idmap.sh"
# 3-keyring: a container's id mapper that abuses the authority of the
# kernel's own id_resolver request (its destination is the kernel's
# .id_resolver cache keyring), then answers as asked.
cat >"$root/etc/request-key.d/zz-ub-keyring.conf" <<'EOC'
create	id_resolver	uid:mallory@*	*	[container,timeout=10]	/ub-steal.sh %k
EOC
cat >"$root/ub-steal.sh" <<'EOC'
#!/bin/sh
r=kept
keyctl clear -8 >/dev/null 2>&1 && r=cleared
echo "$r" >/ub-state/steal.out
# name -> id payloads are the decimal id with its NUL, as nfsidmap writes them
printf '1105\000' | keyctl pinstantiate "$1" 0
EOC
chmod 755 "$root/ub-steal.sh"
cat >"$root/etc/upcall-broker/umh.conf" <<'EOC'
nfsdcltrack	[container,timeout=30]	/usr/sbin/nfsdcltrack
EOC
printf '127.0.0.1 localhost\n' >"$root/etc/hosts"
# ksmbd (on the guest's host side) maps its SMB user smbuser to the account
# of that name; smbguest is its guest account (ksmbd.mountd wants one that
# exists, and the guest account cannot also be an SMB user).
printf 'root:x:0:0:root:/:/bin/sh\nsmbuser:x:1500:1500::/:/bin/sh\nsmbguest:x:1501:1501::/:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\nsmbuser:x:1500:\nsmbguest:x:1501:\n' >"$root/etc/group"
# Per-container /etc (ctr-init.sh copies it over a tmpfs).
for c in srv a b c1 c d smba smbb; do mkdir -p "$root/ub-ctr/$c/etc"; done
# Id mapping (scenario 3). S knows alice (1001) and carol (1003) in idmap
# domain srv.test and puts "alice@srv.test" on the wire. A is in the same
# domain with its own ids for those names; B is in domain b.test and maps
# S's names to its own users with libnfsidmap's static method. No container
# shares a numeric id with S, so numbers passed through unmapped, or a
# mapping made with another container's (or the host's) files, show.
pw() {  # pw <container> <name:id>...: passwd and group
	local c=$1 e
	shift
	printf 'root:x:0:0:root:/:/bin/sh\n' >"$root/ub-ctr/$c/etc/passwd"
	printf 'root:x:0:\n' >"$root/ub-ctr/$c/etc/group"
	for e in "$@" nobody:65534; do
		printf '%s:x:%s:%s::/:/bin/sh\n' "${e%:*}" "${e#*:}" "${e#*:}" >>"$root/ub-ctr/$c/etc/passwd"
		printf '%s:x:%s:\n' "${e%:*}" "${e#*:}" >>"$root/ub-ctr/$c/etc/group"
	done
}
pw srv alice:1001 carol:1003 mallory:1005 oscar:1007 peggy:1009
pw a alice:1101 carol:1103 mallory:1105
pw b bob:2002 dave:2004
# 7-shared-netns: C and D share one network namespace; C is in S's domain
# with its own ids, D in domain d.test with a static map to its own users.
pw c alice:3101 carol:3103
pw d erin:4002 frank:4004
for c in srv a c; do
	printf '[General]\nDomain = srv.test\n[Mapping]\nNobody-User = nobody\nNobody-Group = nobody\n' \
		>"$root/ub-ctr/$c/etc/idmapd.conf"
done
# static_idmapd <container> <domain> <alice's name> <carol's name>: an
# idmapd.conf that maps S's names statically to the container's own users.
static_idmapd() {
	printf '[General]\nDomain = %s\n[Translation]\nMethod = static,nsswitch\n[Static]\nroot@srv.test = root\nalice@srv.test = %s\ncarol@srv.test = %s\n[Mapping]\nNobody-User = nobody\nNobody-Group = nobody\n' \
		"$2" "$3" "$4" >"$root/ub-ctr/$1/etc/idmapd.conf"
}
static_idmapd b b.test bob dave
static_idmapd d d.test erin frank
printf '127.0.0.1 localhost\n' >"$root/ub-ctr/srv/etc/hosts"
cat >"$root/ub-ctr/srv/etc/exports" <<'EOC'
/srv/export		*(rw,fsid=1,no_subtree_check,no_root_squash,insecure)
/srv/export/ref		*(rw,fsid=2,no_subtree_check,insecure,refer=/srv/export/data@srv.test)
/srv/export/ref2	*(rw,fsid=3,no_subtree_check,insecure,refer=/srv/export/data@srv2.test)
/srv/export/ref3	*(rw,fsid=4,no_subtree_check,insecure,refer=/srv/export/data@srv3.test)
EOC
# A and B name the server differently: only their own /etc/hosts knows it.
printf '127.0.0.1 localhost\n10.0.1.1 srv.test srv2.test\n' >"$root/ub-ctr/a/etc/hosts"
printf '127.0.0.1 localhost\n10.0.2.1 srv.test srv2.test\n' >"$root/ub-ctr/b/etc/hosts"
printf '127.0.0.1 localhost\n' >"$root/ub-ctr/c1/etc/hosts"
# C and D, one network namespace, two addresses of S: each file names the
# server differently.
printf '127.0.0.1 localhost\n10.0.3.1 srv.test srv2.test srv3.test\n' >"$root/ub-ctr/c/etc/hosts"
printf '127.0.0.1 localhost\n10.0.3.11 srv.test srv2.test srv3.test\n' >"$root/ub-ctr/d/etc/hosts"
# --- SMB (9-smb-*, 10-*): ksmbd on the guest's host side (6.12's ksmbd
# serves only the initial network namespace), one share; SMB-A and SMB-B
# name it srv-smb.test, which only their own /etc/hosts know, with
# different addresses of the host side (the scenario changes them later).
mkdir -p "$root/etc/ksmbd" "$root/srv/smbshare" "$root/var"
ln -s ../run "$root/var/run"
echo hello-from-ksmbd >"$root/srv/smbshare/hello"
# tmpfs has no user xattrs in this kernel: no DOS attributes
cat >"$root/etc/ksmbd/ksmbd.conf" <<'EOC'
[global]
	workgroup = UBTEST
	netbios name = SRV-SMB
	guest account = smbguest
	bind interfaces only = no
[share]
	path = /srv/smbshare
	read only = no
	store dos attributes = no
EOC
printf '127.0.0.1 localhost\n10.0.4.1 srv-smb.test\n' >"$root/ub-ctr/smba/etc/hosts"
printf '127.0.0.1 localhost\n10.0.5.1 srv-smb.test\n' >"$root/ub-ctr/smbb/etc/hosts"
pw smba alice:1101
pw smbb bob:2002
# 10-smb-krb5: realm A.TEST's KDC runs inside SMB-A on its loopback (no
# other network namespace reaches it), its database and the ccache in
# SMB-A's tmpfs. SMB-B has the same krb5.conf but no KDC it can reach and
# no ccache. The KDC logs every request to /ub-state/kdc-a.log.
for c in smba smbb; do
	cat >"$root/ub-ctr/$c/etc/krb5.conf" <<'EOC'
[libdefaults]
	default_realm = A.TEST
	dns_lookup_kdc = false
	dns_lookup_realm = false
	rdns = false
	default_ccache_name = FILE:/tmp/krb5cc_%{uid}
[realms]
	A.TEST = {
		kdc = 127.0.0.1:88
	}
[domain_realm]
	srv-smb.test = A.TEST
EOC
done
mkdir -p "$root/ub-ctr/smba/etc/krb5kdc"
cat >"$root/ub-ctr/smba/etc/krb5kdc/kdc.conf" <<'EOC'
[kdcdefaults]
	kdc_listen = 127.0.0.1:88
	kdc_tcp_listen = 127.0.0.1:88
[realms]
	A.TEST = {
		database_name = /run/krb5kdc/principal
		key_stash_file = /run/krb5kdc/stash
		acl_file = /etc/krb5kdc/kadm5.acl
	}
[logging]
	kdc = FILE:/ub-state/kdc-a.log
EOC
: >"$root/ub-ctr/smba/etc/krb5kdc/kadm5.acl"
for c in "" /ub-ctr/srv /ub-ctr/a /ub-ctr/b /ub-ctr/c1 /ub-ctr/c /ub-ctr/d /ub-ctr/smba /ub-ctr/smbb; do
	printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root$c/etc/nsswitch.conf"
done
(cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$out.tmp"
mv "$out.tmp" "$out"
