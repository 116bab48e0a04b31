#!/bin/bash
# userspace.sh: Debian's NFS and keyutils userspace for the guest, fetched
# with apt-get download and unpacked with dpkg -x into the cache (never
# installed on this machine). Prints the directory holding the unpacked trees.
set -euo pipefail
dir=${UB_CACHE:-/var/tmp/upcall-broker-cache}/kernel-check/userspace
mkdir -p "$dir"
cd "$dir"
# libwrap0: rpc.mountd needs it and it is not on this machine. The SMB
# scenarios: cifs-utils (mount.cifs, cifs.upcall), ksmbd-tools, MIT krb5's
# KDC, kadmin.local and kinit, and the libraries of theirs that a Debian 12
# machine without them lacks (libverto's libev backend is dlopen()ed).
for pkg in nfs-kernel-server nfs-common keyutils libwrap0 \
	cifs-utils ksmbd-tools krb5-kdc krb5-admin-server krb5-user libtalloc2 libnl-genl-3-200 \
	libkadm5srv-mit12 libkdb5-10 libgssrpc4 libverto1 libverto-libev1 libev4; do
	[ -d "root-$pkg" ] && continue
	rm -f "$pkg"_*.deb
	apt-get download -qq "$pkg" >/dev/null 2>&1 || {
		apt-get update -qq >/dev/null && apt-get download -qq "$pkg" >/dev/null; }
	dpkg -x "$pkg"_*.deb "root-$pkg.tmp"
	mv "root-$pkg.tmp" "root-$pkg"
done
echo "$dir"
