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

# The kernel names a container but the rule says host: refused, nothing runs.
cat >"$UB_TMP/umh-hostrule.conf" <<EOF
nfsdcltrack [host] $UB_TMP/host-umh.sh
EOF
rc=0; ub_with_pidfd "$UB_INIT_c1" "$UB_BUILD/upcall-broker" umh -c "$UB_TMP/umh-hostrule.conf" nfsdcltrack init 2>/dev/null || rc=$?
check "kernel names a container, rule says host: refused" test "$rc" != 0 -a ! -e "$UB_TMP/host-ran"

# umh.conf takes request-key.conf's options word, errors included.
for opts in "container,timeout=10x" "container,timeout=4294968" "container,requester" "exec=host" "container,bogus"; do
	printf 'nfsdcltrack [%s] %s\n' "$opts" "$UB_TMP/host-umh.sh" >"$UB_TMP/umh-bad.conf"
	rc=0; err=$("$UB_BUILD/upcall-broker" umh -c "$UB_TMP/umh-bad.conf" nfsdcltrack init 2>&1) || rc=$?
	check "umh.conf [$opts] is rejected, nothing runs" test "$rc" != 0 -a ! -e "$UB_TMP/host-ran"
	check "umh.conf [$opts]: the error names file:line" grep -q "umh-bad.conf:1: " <<<"$err"
done

# exec=host: the host's static program, sealed, run inside the kernel's container.
cat >"$UB_TMP/umhprobe.c" <<'EOF'
#include <stdio.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	char host[64] = "", exe[128] = "";
	FILE *f = fopen("/var/lib/nfs/umh.out", "w");

	gethostname(host, sizeof(host) - 1);
	if (readlink("/proc/self/exe", exe, sizeof(exe) - 1) < 0)
		exe[0] = 0;
	if (!f)
		return 9;
	fprintf(f, "%s %s %s\n", host, argc > 1 ? argv[1] : "", exe);
	fclose(f);
	return 5;
}
EOF
if ! "${CC:-cc}" -static -O2 -o "$UB_TMP/umhprobe" "$UB_TMP/umhprobe.c" 2>/dev/null; then
	ub_skip "exec=host in umh.conf" "no static C toolchain"
else
	# root's alone, as the shipped static helpers: run through the overlay
	chmod 0711 "$UB_TMP/umhprobe"
	cat >"$UB_TMP/umh-xh.conf" <<EOF
nfsdcltrack [container,exec=host,timeout=5] $UB_TMP/umhprobe
EOF
	rm -f "$UB_TMP/c1/root/var/lib/nfs/umh.out"
	rc=0; ub_with_pidfd "$UB_INIT_c1" "$UB_BUILD/upcall-broker" umh -c "$UB_TMP/umh-xh.conf" nfsdcltrack create 2>/dev/null || rc=$?
	out=$(cat "$UB_TMP/c1/root/var/lib/nfs/umh.out" 2>/dev/null)
	check_eq "exec=host in umh.conf: the host's program ran in the container" "5 c1 create" "$rc ${out%% /*}"
	check "exec=host in umh.conf: the program by its name alone, no host path" grep -q ' /umhprobe$' <<<"$out"
fi

# Dispatch by argv[0] for any name umh.conf configures, not just nfsdcltrack;
# a name it does not configure is request-key's (and fails as one here).
if [ -e /etc/upcall-broker/umh.conf ]; then
	ub_skip "dispatch by other names" "/etc/upcall-broker/umh.conf exists on this machine"
else
	mkdir -p /etc/upcall-broker
	UB_CLEAN_FILES+=(/etc/upcall-broker/umh.conf)
	printf 'other-helper [container,timeout=5] /probe/umh.sh\n' >/etc/upcall-broker/umh.conf
	ln -s "$UB_BUILD/upcall-broker" "$UB_TMP/other-helper"
	ln -s "$UB_BUILD/upcall-broker" "$UB_TMP/unconfigured"
	rm -f "$UB_TMP/c1/root/var/lib/nfs/umh.out"
	rc=0; ub_with_pidfd "$UB_INIT_c1" "$UB_TMP/other-helper" remove 02 2>/dev/null || rc=$?
	check_eq "started as 'other-helper' (in umh.conf) it is the front" "7 c1 remove 02 grace=" \
		"$rc $(cat "$UB_TMP/c1/root/var/lib/nfs/umh.out" 2>/dev/null)"
	rm -f "$UB_TMP/c1/root/var/lib/nfs/umh.out"
	rc=0; "$UB_TMP/unconfigured" -n remove 02 >/dev/null 2>&1 || rc=$?
	check "a name umh.conf does not configure is request-key: wrong arguments, nothing runs" \
		test "$rc" = 1 -a ! -e "$UB_TMP/c1/root/var/lib/nfs/umh.out"
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
