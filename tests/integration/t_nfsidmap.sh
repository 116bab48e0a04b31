#!/bin/bash
# nfsidmap: two unshare containers with different idmapd.conf domains and
# passwd/group files map the same names to different ids.
#  1. direct runs, no kernel: inside each container with libnfsidmap and with
#     the built-in engine (-B) must agree; the host's static binary
#     (nfsidmap-static, built-in engine only) as exec=host runs it
#     (ub_exec_host: from a sealed memfd, in all of the container's
#     namespaces and its root, UPCALL_ROOT_FD=3 its "/") must give the same
#     answers and refuse symlink and magic-link escapes and plugins.
#  2. through the real kernel and the broker (ub_request: from inside the
#     container, or in capture mode on the host for its captured init). This
#     kernel has no NFS, so the id_resolver key type does not exist: a "user"
#     key with the same descriptions stands in, in [container,exec=host] and
#     [container] rules.
. "$(dirname "$0")/lib.sh"
HELPER=$UB_BUILD/helpers/nfsidmap            # dynamic (libnfsidmap): containers' copy
XHELPER=$UB_BUILD/helpers/nfsidmap-static    # static, built-in engine: exec=host

ub_container n1
ub_container n2
for n in 1 2; do
	r=$UB_TMP/n$n/root
	printf '[General]\nDomain = %s.test\n[Mapping]\nNobody-User = alice\n' "$([ $n = 1 ] && echo one || echo two)" >"$r/etc/idmapd.conf"
	printf 'staff:x:500%d:alice\nnogroup:x:6553%d:\n' $n $n >>"$r/etc/group"
	install -m 755 "$HELPER" "$r/probe/nfsidmap"
done
# the same name, different ids per container (lib.sh: n1 alice=1000, n2 alice=1001)

in_ctr() {   # in_ctr <n> <args...>: the container's own copy, inside it
	ub_in "$1" /probe/nfsidmap "${@:2}" 2>/dev/null
}
exec_host() {   # exec_host <n> <args...>: the host's static binary as the broker's exec=host runs it
	ub_exec_host "$1" "$XHELPER" "${@:2}" 2>/dev/null
}

# --- 1. direct runs -------------------------------------------------------
check_eq "n1 (lib): alice@one.test" 1000 "$(in_ctr n1 -D uid:alice@one.test)"
check_eq "n2 (lib): alice@two.test" 1001 "$(in_ctr n2 -D uid:alice@two.test)"
check_eq "n1 (lib): domain" one.test "$(in_ctr n1 -d)"
check_eq "n2 (exec=host): domain" two.test "$(exec_host n2 -d)"
# a broken exec=host hand-over fails; it never answers from the host's files
rc=0; UB_XH_ROOT_FD=x ub_exec_host n2 "$XHELPER" -d >/dev/null 2>&1 || rc=$?
check "exec=host, UPCALL_ROOT_FD not an fd: refused" test "$rc" != 0
# a FIFO for /etc/group (the container's to choose) fails at once, no hang
ub_container n3
mv "$UB_TMP/n3/root/etc/group" "$UB_TMP/n3/root/etc/group.orig" && mkfifo "$UB_TMP/n3/root/etc/group"
rc=0; UB_XH_TIMEOUT=5 ub_exec_host n3 "$XHELPER" -D uid:root@localdomain >/dev/null 2>&1 || rc=$?
check "exec=host, /etc/group a FIFO: fails without blocking (rc $rc)" test "$rc" != 0 -a "$rc" != 124
for n in n1 n2; do
	dom=$([ $n = n1 ] && echo one || echo two).test
	for d in uid:alice@$dom uid:root@$dom uid:alice@other.test uid:nosuch@$dom uid:4711 \
		 gid:staff@$dom gid:nosuch@$dom gid:alice@other.test user:0 user:1000 user:1001 \
		 group:0 group:5001 group:5002 group:4242; do
		lib=$(in_ctr $n -D "$d" || echo FAIL)
		check_eq "$n $d: built-in engine = libnfsidmap ($lib)" "$lib" "$(in_ctr $n -B -D "$d" || echo FAIL)"
		check_eq "$n $d: exec=host = libnfsidmap" "$lib" "$(exec_host $n -D "$d" || echo FAIL)"
	done
done
check_eq "n1: Nobody-User for an unknown name" 1000 "$(exec_host n1 -D uid:nobody@one.test)"
check_eq "n2: another domain's alice is nobody (n2's Nobody-User alice)" 1001 "$(exec_host n2 -D uid:alice@one.test)"
check_eq "n2: gid of another domain is nobody@ (no Nobody-Group): -2" 4294967294 "$(exec_host n2 -D gid:staff@one.test)"
check_eq "n1: the host's daemon user is unknown in the container" 1000 "$(exec_host n1 -D uid:daemon@one.test)"

# escapes: absolute symlinks stay in the container, magic links are refused
r=$UB_TMP/n1/root
mv "$r/etc/passwd" "$r/etc/passwd.real"
ln -s /../../../etc/passwd.real "$r/etc/passwd"
check_eq "exec=host: an absolute symlink resolves in the container" "alice@one.test" "$(exec_host n1 -D user:1000)"
# /proc/1 is the container's init: followed, the link would find passwd.real
ln -sf /proc/1/root/etc/passwd.real "$r/etc/passwd"
out=$(exec_host n1 -D user:0 || echo FAIL)
check_eq "exec=host: a /proc magic link is not followed" FAIL "$out"
rm "$r/etc/passwd"; mv "$r/etc/passwd.real" "$r/etc/passwd"
cp "$r/etc/idmapd.conf" "$r/etc/idmapd.conf.good"
printf '[General]\nDomain = one.test\n[Translation]\nMethod = /proc/1/root/tmp/evil\n' >"$r/etc/idmapd.conf"
check_eq "exec=host: a Method naming a file is refused, not dlopen()ed" FAIL "$(exec_host n1 -D user:0 || echo FAIL)"
printf '[General]\ninclude = /etc/shadow\nDomain = one.test\n' >"$r/etc/idmapd.conf"
check_eq "exec=host: include is not followed" one.test "$(exec_host n1 -d)"
mv "$r/etc/idmapd.conf.good" "$r/etc/idmapd.conf"
for h in "$HELPER" "$XHELPER"; do
	check_eq "${h##*/}: bad description: clean error" 1 "$("$h" -D 'uid:a:b' >/dev/null 2>&1; echo $?)"
	check_eq "${h##*/}: bad arguments: clean error" 1 "$("$h" 12 >/dev/null 2>&1; echo $?)"
	check_eq "${h##*/}: --help" 0 "$("$h" --help >/dev/null; echo $?)"
done

# --- 2. through the kernel and the broker --------------------------------
# (ub_install_broker waits for another run's request-key lock)
ub_rules <<EOF
create user uid:* * [container,exec=host] $XHELPER -t 600 -- %k %d
create user gid:* * [container,exec=host] $XHELPER -t 600 -- %k %d
create user user:* * [container,exec=host] $XHELPER -t 30 -- %k %d
create user group:* * [container,exec=host] $XHELPER -t 600 -- %k %d
EOF
ub_install_broker

# payload <container|host> <description>: the key's payload (NULs shown as
# \0) or "ERROR: ..."
payload() {
	local f=$UB_TMP/payload rc=0
	if [ "$1" = host ]; then "$UB_TOP/tests/integration/req.sh" "$2" >"$f" 2>/dev/null || rc=$?
	else ub_request "$1" "$2" >"$f" 2>/dev/null || rc=$?; fi
	if [ "$rc" != 0 ]; then cat "$f"; else od -An -c "$f" | tr -d ' \n'; echo; fi
}
# The host's request first: in capture mode a description a container has
# requested stands for that container from then on.
check_eq "host: the host's root" "root@$("$XHELPER" -d 2>/dev/null)" "$(payload host user:0)"
check_eq "n1: alice@one.test is n1's alice (decimal + NUL)" '1000\0' "$(payload n1 uid:alice@one.test)"
check_eq "n2: alice@two.test is n2's alice" '1001\0' "$(payload n2 uid:alice@two.test)"
check_eq "n1: group staff@one.test" '5001\0' "$(payload n1 gid:staff@one.test)"
check_eq "n2: group staff@two.test" '5002\0' "$(payload n2 gid:staff@two.test)"
check_eq "n1: uid 1000 is alice@one.test (no NUL)" alice@one.test "$(payload n1 user:1000)"
check_eq "n2: uid 1001 is alice@two.test" alice@two.test "$(payload n2 user:1001)"
check_eq "n2: group 5002 is staff@two.test" staff@two.test "$(payload n2 group:5002)"
# the key stays in the requester's session; /proc/keys shows its expiry
exp=$(ub_request_run n1 user:0 keyctl session - sh -c 'id=$(keyctl request2 user user:0 x @s) && grep "^$(printf %08x $id) " /proc/keys' 2>/dev/null | awk '{print $4}')
check "n1: the key expires as -t 30 says (got '$exp')" grep -Eq '^([0-9]|[12][0-9]|30)s$' <<<"$exp"
check_eq "n1: an id without a name is a negative key" "ERROR: request_key: Required key not available" "$(payload n1 user:4242)"
check_eq "a hostile description is rejected" "ERROR: request_key: Key was rejected by service" "$(payload n1 'uid:a:b@one.test')"

# [container]: the container's own copy, its libnfsidmap and NSS
ub_rules <<EOF
create user uid:* * [container] /probe/nfsidmap -t 600 -- %k %d
create user user:* * [container] /probe/nfsidmap -t 600 -- %k %d
EOF
check_eq "[container] n1: alice@one.test" '1000\0' "$(payload n1 uid:alice@one.test)"
check_eq "[container] n2: uid 1001" alice@two.test "$(payload n2 user:1001)"
ub_done
