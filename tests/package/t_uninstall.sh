#!/bin/bash
# make install / make uninstall: uninstall removes exactly what install put
# there (nothing it did not create, nothing left behind), and refuses while
# the broker is the system's request-key, both ways that can happen: a file
# that is the broker at /sbin/request-key, and upcall-broker-switch enable's
# diversion.
#
# The whole test runs in a private mount namespace (it re-executes itself
# under unshare -m): the "system" install goes to a tmpfs over /usr/local,
# and upcall-broker-switch works on copies of /usr/sbin and /var/lib/dpkg
# bind-mounted over the real ones, so the host's request-key and dpkg
# database are never touched and every mount ends with the test. The kernel
# runs request-key in the initial mount namespace, so nothing here changes
# what the machine's upcalls run.
#
# The request-key lock (lib.sh's) is taken before the namespace is made:
# made while another test has its broker bind-mounted over request-key, the
# namespace would keep a copy of that mount after the test removed it.
if [ -z "${UB_UNINSTALL_NS:-}" ]; then
	mkdir -p /run/lock
	exec {UB_LOCKFD}>/run/lock/upcall-broker-request-key.lock
	flock -w 900 "$UB_LOCKFD" || { echo "FATAL: another test holds the request-key lock" >&2; exit 1; }
	export UB_LOCKFD UB_UNINSTALL_NS=1
	exec unshare -m --propagation private bash "$0" "$@"
fi
. "$(dirname "$0")/../integration/lib.sh"

mk() { make -s -C "$UB_TOP" BUILD="$UB_BUILD" "$@"; }
# listing DIR: every path under DIR with its type and, for files, hash.
listing() {
	(cd "$1" && find . -printf '%p %y %m %l\n' | sort &&
		find . -type f -print0 | sort -z | xargs -0 -r sha256sum)
}

# refused STATUS PATTERN OUTPUT: make failed, saying PATTERN.
refused() { [ "$1" != 0 ] && grep -q "$2" <<<"$3"; }

# --- A DESTDIR with things of others already in it.
D=$UB_TMP/dest
mkdir -p "$D/usr/local/sbin" "$D/usr/local/share/man/man8" "$D/usr/local/lib"
echo other >"$D/usr/local/sbin/other-tool"
echo other >"$D/usr/local/share/man/man8/other-tool.8"
listing "$D" >"$UB_TMP/dest.before"
if mk install DESTDIR="$D" PREFIX=/usr/local >"$UB_TMP/install.log" 2>&1; then ok "make install DESTDIR=... PREFIX=/usr/local"
else not_ok "make install DESTDIR=... PREFIX=/usr/local"; sed 's/^/#   /' "$UB_TMP/install.log"; fi
M=$D/usr/local/share/upcall-broker/install-manifest
check_eq "the manifest lists every file and link install created" \
	"$(cd "$D" && find . \( -type f -o -type l \) ! -name 'other-tool*' | sed 's/^\.//' | sort)" "$(sort "$M")"
check "the broker's helper path in the installed rules is the prefix's" \
	grep -q '	/usr/local/lib/upcall-broker/dns_resolver -- %k$' "$D/usr/local/share/upcall-broker/request-key.d/dns_resolver.conf"
check_eq "the umh front links to the installed broker" "$D/usr/local/sbin/upcall-broker" \
	"$(readlink -f "$D/usr/local/lib/upcall-broker/umh/nfsdcltrack")"
if mk uninstall DESTDIR="$D" PREFIX=/usr/local >"$UB_TMP/uninstall.log" 2>&1; then ok "make uninstall DESTDIR=..."
else not_ok "make uninstall DESTDIR=..."; sed 's/^/#   /' "$UB_TMP/uninstall.log"; fi
listing "$D" >"$UB_TMP/dest.after"
if diff "$UB_TMP/dest.before" "$UB_TMP/dest.after" >"$UB_TMP/dest.diff"; then ok "the DESTDIR is as before, others' files kept"
else not_ok "the DESTDIR is as before, others' files kept"; sed 's/^/#   /' "$UB_TMP/dest.diff"; fi
out=$(mk uninstall DESTDIR="$D" PREFIX=/usr/local 2>&1) && st=0 || st=$?
check "uninstall again: no manifest, refused" refused $st 'not installed here (no manifest)' "$out"

# --- A system install, in this mount namespace only. Copies of /usr/sbin
# and dpkg's database, taken under the request-key lock (held since before
# unshare): outside it the file at /usr/sbin/request-key may be another
# test's broker.
if findmnt -rn "$UB_REQUEST_KEY" >/dev/null; then
	ub_log "FATAL: $UB_REQUEST_KEY is bind-mounted (a crashed earlier run?)"
	exit 1
fi
mount -t tmpfs tmpfs /usr/local
cp -a /usr/sbin "$UB_TMP/usr-sbin"
mount --bind "$UB_TMP/usr-sbin" /usr/sbin
cp -a /var/lib/dpkg "$UB_TMP/dpkg"
mount --bind "$UB_TMP/dpkg" /var/lib/dpkg
cp -a /etc/request-key.d "$UB_TMP/request-key.d"
mount --bind "$UB_TMP/request-key.d" /etc/request-key.d
RK_SHA=$(sha256sum </sbin/request-key)
DIVERSIONS=$(dpkg-divert --list)
if mk install PREFIX=/usr/local >"$UB_TMP/install2.log" 2>&1; then ok "make install PREFIX=/usr/local"
else not_ok "make install PREFIX=/usr/local"; sed 's/^/#   /' "$UB_TMP/install2.log"; fi

# 1. The file the kernel would run is the installed broker (as a bind mount
#    or a copy an admin put there would make it).
mount --bind /usr/local/sbin/upcall-broker /usr/sbin/request-key
out=$(mk uninstall PREFIX=/usr/local 2>&1) && st=0 || st=$?
umount /usr/sbin/request-key
check "uninstall refuses while /sbin/request-key is the installed broker" \
	refused $st 'refusing: /sbin/request-key is /usr/local/sbin/upcall-broker' "$out"
check "... and removed nothing" test -x /usr/local/sbin/upcall-broker

# 2. upcall-broker-switch enable: keyutils' binary diverted, the broker linked.
#    Before it, a container rule would be one keyutils' request-key cannot
#    run (it would take "[container,...]" for the program): refused.
SW=/usr/local/sbin/upcall-broker-switch
out=$($SW cifs-container on 2>&1) && st=0 || st=$?
check "cifs-container on refuses while keyutils' request-key is the system's" refused $st 'is not the broker' "$out"
check_eq "... and diverted nothing" "$DIVERSIONS" "$(dpkg-divert --list)"
out=$(/usr/local/sbin/upcall-broker-switch enable 2>&1) || not_ok "upcall-broker-switch enable: $out"
check_eq "switch enable: /sbin/request-key resolves to the broker" /usr/local/sbin/upcall-broker "$(readlink -f /sbin/request-key)"
check_eq "switch enable: keyutils' binary kept beside it" "$RK_SHA" "$(sha256sum </sbin/request-key.keyutils)"
check_eq "switch status" "request-key: upcall-broker (/usr/local/sbin/upcall-broker, upcall-broker-switch enable)" \
	"$(/usr/local/sbin/upcall-broker-switch status | head -1)"
# With the broker as request-key, cifs-container goes on; disable then
# refuses until it is off again (keyutils would be left with its rule).
out=$($SW cifs-container on 2>&1) || not_ok "cifs-container on: $out"
check_eq "cifs-container on: the broker's rule in /etc/request-key.d" \
	"$(sha256sum </usr/local/share/upcall-broker/request-key.d/cifs.spnego.conf)" "$(sha256sum </etc/request-key.d/cifs.spnego.conf 2>&1)"
out=$($SW disable 2>&1) && st=0 || st=$?
check "switch disable refuses while cifs-container is on" refused $st 'cifs-container is on' "$out"
check_eq "... and /sbin/request-key is still the broker" /usr/local/sbin/upcall-broker "$(readlink -f /sbin/request-key)"
out=$($SW cifs-container off 2>&1) || not_ok "cifs-container off: $out"
check "cifs-container off: no cifs.spnego.conf left (there was none)" test ! -e /etc/request-key.d/cifs.spnego.conf
out=$(mk uninstall PREFIX=/usr/local 2>&1) && st=0 || st=$?
check "uninstall refuses while upcall-broker-switch enable's diversion is in place" \
	refused $st 'refusing: /sbin/request-key is diverted by upcall-broker-switch enable' "$out"
out=$(/usr/local/sbin/upcall-broker-switch disable 2>&1) || not_ok "upcall-broker-switch disable: $out"
check_eq "switch disable: keyutils' /sbin/request-key back, byte for byte" "$RK_SHA" "$(sha256sum </sbin/request-key)"
check_eq "switch disable: the diversions are as before" "$DIVERSIONS" "$(dpkg-divert --list)"

# 3. Now it goes, entirely.
if mk uninstall PREFIX=/usr/local >"$UB_TMP/uninstall2.log" 2>&1; then ok "make uninstall PREFIX=/usr/local"
else not_ok "make uninstall PREFIX=/usr/local"; sed 's/^/#   /' "$UB_TMP/uninstall2.log"; fi
check_eq "nothing of it is left in /usr/local" "" "$(find /usr/local \( -type f -o -type l \) -print)"
check_eq "no directory of its own is left" "" "$(find /usr/local -path '*upcall-broker*' -print)"
ub_done
