#!/bin/bash
# The usermode-helper front (nfsd's cltrack_prog): with the kernel's
# UPCALL_INIT_PIDFD the helper runs inside that container; without it, on the
# host; with a dead init, nowhere.
. "$(dirname "$0")/lib.sh"

ub_container c1
printf '#!/bin/sh\necho "$(cat /proc/sys/kernel/hostname) $* grace=$NFSDCLTRACK_GRACE_START" >/var/lib/nfs/umh.out\nexit 7\n' \
	>"$UB_TMP/c1/root/probe/umh.sh"
chmod 755 "$UB_TMP/c1/root/probe/umh.sh"
printf '#!/bin/sh\ntouch %s/host-ran\nexit 0\n' "$UB_TMP" >"$UB_TMP/host-umh.sh"
chmod 755 "$UB_TMP/host-umh.sh"
cat >"$UB_TMP/umh.conf" <<EOF
# name   options                  program
nfsdcltrack [container,timeout=5] /probe/umh.sh
EOF
cat >"$UB_TMP/umh-host.conf" <<EOF
nfsdcltrack [container] $UB_TMP/host-umh.sh
EOF
ln -s "$UB_BUILD/upcall-broker" "$UB_TMP/nfsdcltrack"

rc=0; NFSDCLTRACK_GRACE_START=1234 ub_with_pidfd "$UB_INIT_c1" "$UB_BUILD/upcall-broker" umh -c "$UB_TMP/umh.conf" nfsdcltrack create 0a0b0c 2>/dev/null || rc=$?
check_eq "kernel-named container: the helper's exit status is returned" 7 "$rc"
check_eq "kernel-named container: ran inside it, with nfsd's environment" "c1 create 0a0b0c grace=1234" \
	"$(cat "$UB_TMP/c1/root/var/lib/nfs/umh.out" 2>/dev/null)"

rc=0; "$UB_BUILD/upcall-broker" umh -c "$UB_TMP/umh-host.conf" nfsdcltrack init 2>/dev/null || rc=$?
check "no kernel hint: runs on the host as today" test "$rc" = 0 -a -e "$UB_TMP/host-ran"
rm -f "$UB_TMP/host-ran"

# Dispatch by name: the kernel runs a link named like the helper, which reads
# /etc/upcall-broker/umh.conf (put there for this test only).
if [ -e /etc/upcall-broker/umh.conf ]; then
	echo "# skipped: /etc/upcall-broker/umh.conf exists on this machine"
else
	mkdir -p /etc/upcall-broker
	UB_CLEAN_FILES+=(/etc/upcall-broker/umh.conf)
	cp "$UB_TMP/umh.conf" /etc/upcall-broker/umh.conf
	rm -f "$UB_TMP/c1/root/var/lib/nfs/umh.out"
	rc=0; ub_with_pidfd "$UB_INIT_c1" "$UB_TMP/nfsdcltrack" check 01 2>/dev/null || rc=$?
	check_eq "started as 'nfsdcltrack' it is the front" "7 c1 check 01 grace=" \
		"$rc $(cat "$UB_TMP/c1/root/var/lib/nfs/umh.out" 2>/dev/null)"
	rm -f /etc/upcall-broker/umh.conf
	rmdir /etc/upcall-broker 2>/dev/null || true
fi

# A captured init that has died: fail, never run on the host.
init=$UB_INIT_c1
python3 -c 'import os, sys, signal, time
fd = os.pidfd_open(int(sys.argv[1]))
os.set_inheritable(fd, True)
os.kill(int(sys.argv[1]), signal.SIGKILL)
time.sleep(0.3)
os.environ["UPCALL_INIT_PIDFD"] = str(fd)
os.execv(sys.argv[2], sys.argv[2:])' "$init" "$UB_BUILD/upcall-broker" umh -c "$UB_TMP/umh-host.conf" nfsdcltrack init 2>/dev/null && rc=0 || rc=$?
check "dead captured init: the helper fails" test "$rc" != 0
check "dead captured init: nothing ran on the host" test ! -e "$UB_TMP/host-ran"
ub_done
