# Sourced after lib.sh by the tests that need a real Debian 12 root: the
# package test (dpkg in a chroot) and the real-runtime tests (systemd-nspawn,
# LXC). One root for all of them, made once with mmdebstrap into
# $UB_CACHE/debian-root.tar and unpacked afresh by every test, so that no
# test sees what another did to it (nspawn's --private-users-ownership and
# LXC's id maps chown the tree; dpkg installs and purges in it).
#
# keyutils and nfs-common are in it: the package test reinstalls them under
# its diversions (from the .debs kept in apt's cache, --skip=cleanup/apt/cache,
# without network), and the runtime tests serve a container's own stock
# key.dns_resolver.

UB_DEBIAN_ROOT_TAR=${UB_CACHE:-/var/tmp/upcall-broker-cache}/debian-root.tar
UB_DEBIAN_ROOT_INCLUDE=keyutils,nfs-common,libcap2,libsqlite3-0,libnfsidmap1

ub_debian_mirror() {
	local m
	m=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)\/*$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
	[ -n "$m" ] || m=$(sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\/debian\)\/*[[:space:]].*/\2/p' /etc/apt/sources.list 2>/dev/null | head -1)
	echo "${m:-http://deb.debian.org/debian}"
}

# ub_debian_root DIR: unpack the root into DIR (made if missing), building
# the tarball first if there is none. The build runs under its own lock
# (mmdebstrap takes a minute or two; the request-key lock is not held), into
# a temporary file, so that a broken build is never reused. On failure the
# reason is in UB_DEBIAN_ROOT_ERR and the status is 1.
ub_debian_root() {
	local dir=$1 lock s
	UB_DEBIAN_ROOT_ERR=""
	if ! command -v mmdebstrap >/dev/null; then
		UB_DEBIAN_ROOT_ERR="mmdebstrap is not installed (scripts/install-deps)"
		return 1
	fi
	mkdir -p "$(dirname "$UB_DEBIAN_ROOT_TAR")"
	exec {lock}>"$UB_DEBIAN_ROOT_TAR.lock"
	if ! flock -w 1800 "$lock"; then
		exec {lock}>&-
		UB_DEBIAN_ROOT_ERR="another run holds $UB_DEBIAN_ROOT_TAR.lock"
		return 1
	fi
	if [ ! -f "$UB_DEBIAN_ROOT_TAR" ]; then
		s=$SECONDS
		ub_log "# building $UB_DEBIAN_ROOT_TAR with mmdebstrap from $(ub_debian_mirror)"
		if ! mmdebstrap --mode=root --variant=minbase --format=tar --skip=cleanup/apt/cache \
			--include="$UB_DEBIAN_ROOT_INCLUDE" \
			bookworm "$UB_DEBIAN_ROOT_TAR.tmp.tar" "$(ub_debian_mirror)" \
			>"$UB_TMP/mmdebstrap.log" 2>&1 {lock}>&-; then
			tail -5 "$UB_TMP/mmdebstrap.log" >&2
			rm -f "$UB_DEBIAN_ROOT_TAR.tmp.tar"
			exec {lock}>&-
			UB_DEBIAN_ROOT_ERR="mmdebstrap of bookworm from $(ub_debian_mirror) failed: $(tail -1 "$UB_TMP/mmdebstrap.log")"
			return 1
		fi
		mv "$UB_DEBIAN_ROOT_TAR.tmp.tar" "$UB_DEBIAN_ROOT_TAR"
		printf '# mmdebstrap took %d s\n' $((SECONDS - s))
	fi
	exec {lock}>&-
	mkdir -p "$dir"
	tar --numeric-owner -xpf "$UB_DEBIAN_ROOT_TAR" -C "$dir"
}
