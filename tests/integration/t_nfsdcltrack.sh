#!/bin/bash
# nfsdcltrack: database compatibility with Debian's nfsdcltrack in both
# directions, and runs through the usermode-helper front inside a container
# (the database lands in the container's /var/lib/nfs, never the host's).
. "$(dirname "$0")/lib.sh"
OURS=$UB_BUILD/helpers/nfsdcltrack
CACHE=${UB_CACHE:-/var/tmp/upcall-broker-cache}/nfs-kernel-server
if [ ! -x "$CACHE/root/sbin/nfsdcltrack" ]; then
	mkdir -p "$CACHE"
	(cd "$CACHE" && apt-get download -qq nfs-kernel-server >/dev/null && dpkg -x nfs-kernel-server_*.deb root)
fi
DEBIAN=$CACHE/root/sbin/nfsdcltrack

# Debian writes, we read
d=$UB_TMP/db1
"$DEBIAN" -f -s "$d" init
NFSDCLTRACK_CLIENT_HAS_SESSION=Y "$DEBIAN" -f -s "$d" create 0102ff
"$DEBIAN" -f -s "$d" create c0ffee
check "Debian's database: our check finds its v4.1 client" "$OURS" -s "$d" check 0102ff
check "Debian's database: our check finds its v4.0 client" "$OURS" -s "$d" check c0ffee
check "Debian's database: an unknown client is refused" test "$("$OURS" -s "$d" check 0bad >/dev/null; echo $?)" != 0
# We write, Debian reads
d=$UB_TMP/db2
"$OURS" -s "$d" init
NFSDCLTRACK_CLIENT_HAS_SESSION=Y "$OURS" -s "$d" create aabbcc
check "our database: Debian's check finds our client" "$DEBIAN" -f -s "$d" check aabbcc
"$OURS" -s "$d" remove aabbcc
check "our remove: Debian's check no longer finds it" test "$("$DEBIAN" -f -s "$d" check aabbcc >/dev/null 2>&1; echo $?)" != 0
check_eq "same schema" "$(sqlite3 "$UB_TMP/db1/main.sqlite" .schema)" "$(sqlite3 "$d/main.sqlite" .schema)"
# gracedone drops clients that did not reclaim since grace start
"$OURS" -s "$d" create 01
sqlite3 "$d/main.sqlite" "UPDATE clients SET time = 100"
"$OURS" -s "$d" create 02
"$OURS" -s "$d" gracedone 1000
check_eq "gracedone removes unreclaimed clients only" "02" "$(sqlite3 "$d/main.sqlite" 'SELECT hex(id) FROM clients')"
# A version 1 database (no has_session) is upgraded, and Debian reads it
d=$UB_TMP/db3
mkdir -p "$d"
sqlite3 "$d/main.sqlite" "CREATE TABLE parameters (key TEXT PRIMARY KEY, value TEXT); INSERT INTO parameters VALUES ('version','1'); CREATE TABLE clients (id BLOB PRIMARY KEY, time INTEGER); INSERT INTO clients VALUES (X'abcd', 5);"
check "v1 database: upgraded and the client found" "$OURS" -s "$d" check abcd
check "v1 database: Debian reads the upgraded one" "$DEBIAN" -f -s "$d" check abcd
# Bad input
rc=0; "$OURS" -s "$d" check 0g >/dev/null 2>&1 || rc=$?
check_eq "a non-hex client id is EINVAL" $((256 - 22)) $rc
rc=0; "$OURS" -s "$d" frobnicate >/dev/null 2>&1 || rc=$?
check_eq "an unknown command is ENOSYS (kernel/helper version skew)" $((256 - 38)) $rc

# Legacy recovery directories (NFSDCLTRACK_LEGACY_*): a client known only
# there is moved into the database; gracedone empties the top directory
d=$UB_TMP/db4
mkdir -p "$d/v4recovery/0123abcd" "$d/v4recovery/stale"
check "legacy: check finds a client by its recovery directory" \
	env NFSDCLTRACK_LEGACY_RECDIR="$d/v4recovery/0123abcd" NFSDCLTRACK_CLIENT_HAS_SESSION=Y "$OURS" -s "$d" check 4242
check "legacy: the directory is gone" test ! -e "$d/v4recovery/0123abcd"
check_eq "legacy: the v4.1 client is in the database with time 0 (must still reclaim)" "4242|0|1" \
	"$(sqlite3 "$d/main.sqlite" 'SELECT hex(id), time, has_session FROM clients')"
check "legacy: Debian's check finds the migrated client" "$DEBIAN" -f -s "$d" check 4242
NFSDCLTRACK_LEGACY_TOPDIR="$d/v4recovery" "$OURS" -s "$d" gracedone 0x10
check_eq "legacy: gracedone empties the recovery top directory" "" "$(ls "$d/v4recovery")"
rc=0; NFSDCLTRACK_LEGACY_RECDIR="$d/v4recovery/none" "$OURS" -s "$d" check 77 || rc=$?
check_eq "legacy: unknown everywhere is EPERM" $((256 - 1)) $rc
rc=0; "$OURS" -s "$d" gracedone 12x >/dev/null 2>&1 || rc=$?
check_eq "gracedone: a bad time is EINVAL" $((256 - 22)) $rc
rc=0; "$OURS" -s "$UB_TMP/nonexistent/deeper" init >/dev/null 2>&1 || rc=$?
check_eq "an unusable storage directory is EACCES (knfsd stops upcalling)" $((256 - 13)) $rc
check_eq "the storage directory is created 0700, as nfs-utils" 700 "$(stat -c %a "$UB_TMP/db2")"

# Through the broker's front, inside a container (nfsd's cltrack_prog)
ub_container s1
install -m 755 "$OURS" "$UB_TMP/s1/root/probe/nfsdcltrack"
printf 'nfsdcltrack [container,timeout=10] /probe/nfsdcltrack\n' >"$UB_TMP/umh.conf"
front() {   # front <args...>: as a patched kernel would run it for s1
	python3 -c 'import os, sys
fd = os.pidfd_open(int(sys.argv[1]))
os.set_inheritable(fd, True)
os.environ["UPCALL_INIT_PIDFD"] = str(fd)
os.execv(sys.argv[2], sys.argv[2:])' "$UB_INIT_s1" "$UB_BUILD/upcall-broker" umh -c "$UB_TMP/umh.conf" nfsdcltrack "$@"
}
host_db_before=$(stat -c %Y /var/lib/nfs/nfsdcltrack/main.sqlite 2>/dev/null || echo none)
front init
NFSDCLTRACK_CLIENT_HAS_SESSION=Y front create 5151
check "front: the database is in the container's /var/lib/nfs" test -s "$UB_TMP/s1/root/var/lib/nfs/nfsdcltrack/main.sqlite"
check "front: check finds the client inside the container" front check 5151
check "front: an unknown client is refused" test "$(front check 5152 >/dev/null 2>&1; echo $?)" != 0
check_eq "front: the host's database is untouched" "$host_db_before" "$(stat -c %Y /var/lib/nfs/nfsdcltrack/main.sqlite 2>/dev/null || echo none)"
check_eq "front: the row is owned by the container's root" "100000" "$(stat -c %u "$UB_TMP/s1/root/var/lib/nfs/nfsdcltrack/main.sqlite")"
# exec=host: the broker runs only static executables so (nfsdcltrack links
# sqlite dynamically, ub_exec_host refuses it too) and the front has no such
# mode; still, the helper handed a root fd as exec=host hands it over must
# refuse (sqlite opens paths itself, not below the fd). xh: the container's
# copy with that hand-over: all of the container's namespaces, mount
# included, its root, pid 1 of a child pid namespace, UPCALL_ROOT_FD=3 its "/".
xh() {
	nsenter -t "$UB_INIT_s1" --all --root --wd -S 0 -G 0 -- /usr/bin/unshare --pid --fork -- /bin/sh -c \
		'exec env -i HOME=/ PATH=/usr/sbin:/usr/bin:/sbin:/bin UPCALL_ROOT_FD=3 /probe/nfsdcltrack -s /var/lib/nfs/xh "$@" 3</' \
		sh "$@"
}
rc=0; xh create 0a0b 2>/dev/null || rc=$?
check_eq "exec=host hand-over: refused (sqlite cannot be confined to the root fd): EACCES" $((256 - 13)) $rc
check "exec=host hand-over: nothing written, in the container or on the host" \
	test ! -e "$UB_TMP/s1/root/var/lib/nfs/xh" -a ! -e /var/lib/nfs/xh
rm -rf "$UB_TMP/s1/root/var/lib/nfs/xh"
# /proc/1 is the container's init: a followed link would reach its /tmp
ln -s /proc/1/root/tmp "$UB_TMP/s1/root/var/lib/nfs/xh"
rc=0; xh init 2>/dev/null || rc=$?
check_eq "exec=host hand-over: a magic-link storage directory is refused (EACCES)" $((256 - 13)) $rc
check "exec=host hand-over: ...nothing written through it (the container's /tmp)" ub_in s1 test ! -e /tmp/main.sqlite
rm "$UB_TMP/s1/root/var/lib/nfs/xh"
# the container's nfs.conf names the storage directory (front = in the container)
printf '[nfsdcltrack]\nstoragedir = /var/lib/nfs/fromconf\n' >"$UB_TMP/s1/root/etc/nfs.conf"
front create 0c
check "front: storagedir from the container's nfs.conf" test -s "$UB_TMP/s1/root/var/lib/nfs/fromconf/main.sqlite"
ub_done
