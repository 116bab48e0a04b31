#!/bin/bash
# The Debian package, end to end: build the .deb from this tree (lintian must
# be silent), install it into a fresh Debian 12 root with keyutils and
# nfs-common, check the diversions and the installed rules, reinstall
# keyutils and nfs-common under the diversions, make a real kernel upcall
# through the packaged broker, purge, and prove the system is as before:
# keyutils' request-key and nfs-common's id_resolver.conf byte for byte, no
# diversion, no file. Install and purge twice in the same root: apt-get
# install of the .deb's path (as README says) and apt-get purge, then dpkg -i
# and dpkg --purge.
#
# The root is the tests' shared Debian 12 root (tests/integration/
# debian_root.sh), unpacked afresh for every run; dpkg runs in it under
# chroot, in a private mount namespace (for its /proc).
#
# What the real upcall proves, and what it does not: a chroot does not change
# what the kernel runs. The kernel starts the host's /sbin/request-key, in
# the host's namespaces, with the host's /etc. So the packaged broker (the
# file the root's /sbin/request-key resolves to) is bind-mounted over the
# host's request-key, under the request-key lock, for one request whose rule
# (a temporary file in the host's /etc/request-key.d) only a broker can run:
# it proves the package's binary works as the kernel's request-key (its
# build flags, its libraries as Debian 12 resolves them, the kernel's
# usermode-helper environment). Which rules the *installed* system would use
# is checked separately, by the packaged `upcall-broker explain` inside the
# root, reading the root's /etc.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/../integration/debian_root.sh"

R=$UB_TMP/root
PKG=upcall-broker

skip_all() { echo "1..0 # SKIP $*"; exit 0; }
for p in dpkg-buildpackage dh lintian mmdebstrap; do
	command -v $p >/dev/null || skip_all "$p is not installed (scripts/install-deps)"
done

# --- The .deb, built from a copy of the tree: dpkg-buildpackage cleans the
# tree first (make clean), which must not throw away the caller's build/.
src=$UB_TMP/src/$PKG
mkdir -p "$src"
(cd "$UB_TOP" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) | tar -xf - -C "$src"
s=$SECONDS
if (cd "$src" && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b -j2) >"$UB_TMP/build.log" 2>&1; then
	ok "dpkg-buildpackage -us -uc -b ($((SECONDS - s)) s)"
else
	not_ok "dpkg-buildpackage -us -uc -b"
	tail -20 "$UB_TMP/build.log" | sed 's/^/#   /'
	ub_done
fi
DEB=$(ls "$UB_TMP"/src/${PKG}_*.deb)
lint=$(lintian --fail-on error,warning "$UB_TMP"/src/${PKG}_*.changes 2>&1 | grep -v '^running with root privileges' || true)
check_eq "lintian has nothing to say" "" "$lint"

# --- The root file system.
ub_debian_root "$R" || skip_all "$UB_DEBIAN_ROOT_ERR"
# No service starts in the root when nfs-common is reinstalled.
printf '#!/bin/sh\nexit 101\n' >"$R/usr/sbin/policy-rc.d"
chmod 755 "$R/usr/sbin/policy-rc.d"
cp "$DEB" "$R/tmp/$PKG.deb"

# in_root <command...>: run in the root (chroot, its own /proc, a private
# mount namespace so nothing outlives the command).
in_root() {
	unshare -m --propagation private /bin/sh -c 'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"' "$R" \
		env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"
}
sha() { sha256sum <"$R$1" | cut -d' ' -f1; }
# The whole root but /proc, /tmp, logs and what dpkg and apt rewrite on
# every run (dpkg's databases' backups, locks, the available file; apt's
# package caches and lists directory): path, type, mode, owner, link target,
# and the hash of every regular file.
SNAP_PRUNE=(\( -path ./proc -o -path ./tmp -o -path ./var/log -o -path './var/lib/dpkg/*-old'
	-o -path './var/cache/apt/*.bin' -o -path ./var/lib/apt/lists
	-o -path ./var/lib/dpkg/available -o -path './var/lib/dpkg/lock*' -o -path ./var/lib/dpkg/triggers/Lock
	-o -path './var/cache/debconf/*-old' \) -prune)
snapshot() {
	(cd "$R" && find . -xdev "${SNAP_PRUNE[@]}" -o -printf '%p %y %m %u:%g %l\n' | sort &&
		find . -xdev "${SNAP_PRUNE[@]}" -o -type f -print0 | sort -z | xargs -0 sha256sum)
}
# no_package: dpkg has no trace of the package (unknown, or purged).
no_package() {
	local st
	st=$(in_root dpkg-query -W -f='${Status}' $PKG 2>/dev/null || true)
	case $st in '' | *not-installed) return 0 ;; *) echo "# status: $st"; return 1 ;; esac
}

RK_SHA=$(sha /sbin/request-key)
ID_SHA=$(sha /etc/request-key.d/id_resolver.conf)
# cifs-utils' rule as it ships it (the root has no cifs-utils and its
# dependencies; the switch treats the file the same whoever owns it).
printf 'create cifs.spnego * * /usr/sbin/cifs.upcall %%k\n' >"$R/etc/request-key.d/cifs.spnego.conf"
CIFS_SHA=$(sha /etc/request-key.d/cifs.spnego.conf)
check_eq "keyutils ships /sbin/request-key in the root (the path dpkg knows)" "keyutils: /sbin/request-key" "$(in_root dpkg -S /sbin/request-key)"
DIVERSIONS=$(in_root dpkg-divert --list)
snapshot >"$UB_TMP/before"

# The packaged broker against the kernel (see the top of this file). The
# control request first, with the host's own request-key: the rule's options
# word is not a program keyutils can run, so only a broker instantiates it.
real_upcall() {
	ub_lock_request_key
	ub_rules <<EOF
create user ubpkg-$$:* * [host,timeout=10] /bin/keyctl instantiate %k %c %S
EOF
	local got
	got=$(cd / && keyctl session - keyctl request2 user "ubpkg-$$:stock" from-the-broker @s 2>&1 >/dev/null | grep -v '^Joined session' || true)
	check "control: the host's own request-key does not instantiate the broker's rule" \
		grep -q 'Required key not available\|Key was rejected\|No such' <<<"$got"
	# The kernel runs /sbin/request-key (the host's); the bind mount puts the
	# root's packaged broker there, what its /sbin/request-key resolves to.
	local pkg_broker
	pkg_broker=$R$(in_root readlink -f /sbin/request-key)
	mount --bind "$pkg_broker" "$UB_REQUEST_KEY"
	UB_MOUNTED=1
	got=$(cd / && keyctl session - sh -c "keyctl pipe \$(keyctl request2 user ubpkg-$$:pkg from-the-broker @s)" 2>"$UB_TMP/upcall.err" || true)
	grep -v '^Joined session' "$UB_TMP/upcall.err" | sed 's/^/#   /' || true
	umount "$UB_REQUEST_KEY"
	# shellcheck disable=SC2034 # read by lib.sh's cleanup
	UB_MOUNTED=0
	rm -f "$UB_RULES"
	# Done with the host's request-key: let other tests have it now.
	exec {UB_LOCKFD}>&-
	unset UB_LOCKFD
	check_eq "a kernel upcall through the packaged broker runs its rule" "from-the-broker" "$got"
}

# container_on <n> <switch> <file> <package> <its sha> <key type> <description> <rule>:
# `upcall-broker-switch <switch> on` keeps the package's /etc/request-key.d
# file renamed, puts the broker's in its place, and explain shows that
# rule (<rule>: the end of explain's "rule:" line, a regex) in effect.
container_on() {
	local n=$1 sw=$2 f=/etc/request-key.d/$3 pkg=$4 sha=$5 type=$6 desc=$7 rule=$8 ex
	ex=$(in_root upcall-broker-switch "$sw" on 2>&1) || true
	check_eq "$n: $sw on: says so" "$type: the requester's container (the $pkg rule kept as $f.$pkg)" "$ex"
	check_eq "$n: $sw on: $pkg's file kept, renamed" "$sha" "$(sha "$f.$pkg")"
	check_eq "$n: $sw on: the broker's rule in its place" \
		"$(sha "/usr/share/upcall-broker/request-key.d/$3")" "$(sha "$f")"
	ex=$(in_root sh -c 'exec upcall-broker explain $$ "$0" "$1"' "$type" "$desc" 2>&1 || true)
	check "$n: the $type rule in effect is the container one" grep -q "^rule: $f:[0-9]*: $rule\$" <<<"$ex"
}

# cycle <n> <how nfs-container and cifs-container are left before purge: on|off>
cycle() {
	local n=$1 nfs=$2
	# Cycle 1 as README says (apt-get install of the .deb's path), 2 with dpkg.
	local install=(dpkg -i "/tmp/$PKG.deb") purge=(dpkg --purge "$PKG")
	[ "$n" = 1 ] && install=(apt-get install -y "/tmp/$PKG.deb") purge=(apt-get purge -y "$PKG")
	if in_root "${install[@]}" >"$UB_TMP/install$n.log" 2>&1; then ok "$n: ${install[*]}"
	else not_ok "$n: ${install[*]}"; sed 's/^/#   /' "$UB_TMP/install$n.log"; return; fi

	check_eq "$n: /sbin/request-key resolves to the broker" /usr/sbin/upcall-broker "$(in_root readlink -f /sbin/request-key)"
	check_eq "$n: keyutils' binary kept, renamed" "$RK_SHA" "$(sha /sbin/request-key.keyutils)"
	check_eq "$n: the package diverts /sbin/request-key (and /usr/sbin, no rename)" \
		"$PKG $PKG" "$(in_root dpkg-divert --listpackage /sbin/request-key) $(in_root dpkg-divert --listpackage /usr/sbin/request-key)"
	local ex
	ex=$(in_root sh -c 'exec upcall-broker explain $$ dns_resolver example.com' 2>&1 || true)
	check "$n: the installed system's dns_resolver rule is the package's, with its helper path" \
		grep -q '^rule: /etc/request-key.d/dns_resolver.conf:[0-9]*: context=container,exec=host .*/usr/lib/upcall-broker/dns_resolver$' <<<"$ex"
	check "$n: that helper is installed" test -x "$R/usr/lib/upcall-broker/dns_resolver"
	check "$n: umh.conf is a conffile" grep -qx ' /etc/upcall-broker/umh.conf [0-9a-f]*' \
		<(in_root dpkg-query -W -f='${Conffiles}\n' $PKG)

	# The admin's choices: NFS id mapping and SMB Kerberos inside containers.
	container_on "$n" nfs-container id_resolver.conf nfs-common "$ID_SHA" id_resolver alice@example \
		'context=container .*/usr/sbin/nfsidmap'
	container_on "$n" cifs-container cifs.spnego.conf cifs-utils "$CIFS_SHA" cifs.spnego \
		"ver=0x2;host=srv;ip4=10.0.0.1;sec=krb5;uid=0x0;creduid=0x0;user=root;pid=0x1" \
		'context=container timeout=20000ms /usr/sbin/cifs.upcall'

	# Upgrades of the diverted packages land beside the broker's files.
	if in_root sh -c 'dpkg -i /var/cache/apt/archives/keyutils_*.deb /var/cache/apt/archives/nfs-common_*.deb' \
		>"$UB_TMP/reinstall$n.log" 2>&1; then ok "$n: dpkg -i keyutils and nfs-common again"
	else not_ok "$n: dpkg -i keyutils and nfs-common again"; sed 's/^/#   /' "$UB_TMP/reinstall$n.log"; fi
	check_eq "$n: after that, /sbin/request-key is still the broker" /usr/sbin/upcall-broker "$(in_root readlink -f /sbin/request-key)"
	check_eq "$n: after that, keyutils' binary is still beside it" "$RK_SHA" "$(sha /sbin/request-key.keyutils)"
	check_eq "$n: after that, the broker's id_resolver rule is still in place" \
		"$(sha /usr/share/upcall-broker/request-key.d/id_resolver.conf)" "$(sha /etc/request-key.d/id_resolver.conf)"
	check_eq "$n: after that, nfs-common's file is still beside it" "$ID_SHA" "$(sha /etc/request-key.d/id_resolver.conf.nfs-common)"

	# The package upgraded over itself (preinst/prerm/postrm "upgrade"):
	# the diversions stay, and nfs-container stays on.
	if in_root dpkg -i /tmp/$PKG.deb >"$UB_TMP/upgrade$n.log" 2>&1; then ok "$n: dpkg -i $PKG over itself"
	else not_ok "$n: dpkg -i $PKG over itself"; sed 's/^/#   /' "$UB_TMP/upgrade$n.log"; fi
	check_eq "$n: after that, switch status says the package, nfs-container and cifs-container on" \
		"request-key: upcall-broker (the Debian package)|nfs-container: on|cifs-container: on" "$(in_root upcall-broker-switch status | paste -sd'|')"
	check_eq "$n: after that, keyutils' binary is still beside the broker" "$RK_SHA" "$(sha /sbin/request-key.keyutils)"
	check "$n: switch enable refuses: the package owns the diversion" \
		sh -c "! chroot '$R' /usr/sbin/upcall-broker-switch enable 2>/dev/null"

	[ "$n" = 1 ] && real_upcall

	# Cycle 1 leaves nfs-container on, so removal must undo it; cycle 2
	# turns it off by hand first.
	if [ "$nfs" = off ]; then
		in_root upcall-broker-switch nfs-container off >/dev/null
		check_eq "$n: nfs-container off gives nfs-common's file back" "$ID_SHA" "$(sha /etc/request-key.d/id_resolver.conf)"
		in_root upcall-broker-switch cifs-container off >/dev/null
		check_eq "$n: cifs-container off gives cifs-utils' file back" "$CIFS_SHA" "$(sha /etc/request-key.d/cifs.spnego.conf)"
	fi
	if in_root "${purge[@]}" >"$UB_TMP/purge$n.log" 2>&1; then ok "$n: ${purge[*]}"
	else not_ok "$n: ${purge[*]}"; sed 's/^/#   /' "$UB_TMP/purge$n.log"; fi
	check_eq "$n: keyutils' /sbin/request-key is back, byte for byte" "$RK_SHA" "$(sha /sbin/request-key)"
	check_eq "$n: nfs-common's id_resolver.conf is back, byte for byte" "$ID_SHA" "$(sha /etc/request-key.d/id_resolver.conf)"
	check_eq "$n: cifs-utils' cifs.spnego.conf is back, byte for byte" "$CIFS_SHA" "$(sha /etc/request-key.d/cifs.spnego.conf)"
	check_eq "$n: dpkg-divert --list is as before" "$DIVERSIONS" "$(in_root dpkg-divert --list)"
	check "$n: dpkg -S finds no file of the package" \
		sh -c "! chroot '$R' dpkg -S /usr/sbin/upcall-broker /etc/upcall-broker /etc/request-key.d/dns_resolver.conf >/dev/null 2>&1"
	check "$n: dpkg has $PKG neither installed nor configured" no_package
	snapshot >"$UB_TMP/after$n"
	if diff "$UB_TMP/before" "$UB_TMP/after$n" >"$UB_TMP/diff$n"; then ok "$n: the root is as before, file for file"
	else not_ok "$n: the root is as before, file for file"; head -20 "$UB_TMP/diff$n" | sed 's/^/#   /'; fi
}

cycle 1 on
cycle 2 off
ub_done
