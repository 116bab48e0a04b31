#!/bin/bash
# nfsidmap through the real kernel and the broker. This kernel has no NFS,
# so the id_resolver key type does not exist: a "user" key with the same
# descriptions stands in (the patched-kernel tests cover the real path).
# Two containers with different idmap domains and passwd/group files map
# the same names to different ids; the host maps with its own.
. "$(dirname "$0")/../../../tests/integration/lib.sh"
HELPER=$UB_BUILD/helpers/nfsidmap

ub_rules <<EOF
create user uid:* * [container,exec=host] $HELPER -t 600 %k %d
create user gid:* * [container,exec=host] $HELPER -t 600 %k %d
create user user:* * [container,exec=host] $HELPER -t 600 %k %d
create user group:* * [container,exec=host] $HELPER -t 600 %k %d
EOF
ub_container n1
ub_container n2
printf '[General]\nDomain = one.test\n' >"$UB_TMP/n1/root/etc/idmapd.conf"
printf '[General]\nDomain = two.test\n' >"$UB_TMP/n2/root/etc/idmapd.conf"
printf 'staff:x:5001:alice\n' >>"$UB_TMP/n1/root/etc/group"
printf 'staff:x:5002:alice\n' >>"$UB_TMP/n2/root/etc/group"
ub_install_broker

req() {   # req <container|host> <description>
	local cmd='id=$(keyctl request2 user "$1" x @s 2>&1) || { echo "ERROR: $id"; exit 0; }; keyctl pipe $id | tr -d "\0"'
	if [ "$1" = host ]; then keyctl session - sh -c "$cmd" req "$2" 2>/dev/null | tail -1
	else ub_in "$1" keyctl session - sh -c "$cmd" req "$2" 2>/dev/null | tail -1; fi
}
check_eq "n1: alice@one.test is n1's alice" 1000 "$(req n1 uid:alice@one.test)"
check_eq "n2: alice@two.test is n2's alice" 1001 "$(req n2 uid:alice@two.test)"
check_eq "n1: group staff@one.test" 5001 "$(req n1 gid:staff@one.test)"
check_eq "n2: group staff@two.test" 5002 "$(req n2 gid:staff@two.test)"
check_eq "n1: uid 1000 is alice@one.test" alice@one.test "$(req n1 user:1000)"
check_eq "n2: uid 1001 is alice@two.test" alice@two.test "$(req n2 user:1001)"
check_eq "n2: group 5002 is staff@two.test" staff@two.test "$(req n2 group:5002)"
out=$(req n2 uid:alice@one.test)
check "n2: another domain's alice is not n2's alice (got $out)" test "$out" != 1001
check_eq "n1: a name only the host knows is not mapped from the host's passwd" \
	"$(req n1 uid:daemon@one.test | grep -c '^1$')" 0
check_eq "host: the host's root" "root@$(build/helpers/nfsidmap -d 2>/dev/null || echo localdomain)" "$(req host user:0)"
out=$(req n1 'uid:../../etc/passwd')
check_eq "a hostile description is rejected" "ERROR: request_key: Key was rejected by service" "$out"
ub_done
