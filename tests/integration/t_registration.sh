#!/bin/bash
# Container-manager registration (doc/registration.md): host root marks a
# container's cgroup with trusted.upcall_broker.policy; rules act on it.
# The container's root plays the attacker on a cgroup subtree delegated to
# it, as LXC and systemd delegate one: it cannot forge, read or remove the
# registration, nor leave it behind by moving its init.
. "$(dirname "$0")/lib.sh"
B=$UB_BUILD/upcall-broker
X=$UB_BUILD/tests/xattr
XA=trusted.upcall_broker.policy
REFUSED="ERROR: .*Required key not available"

ub_install_broker
ub_rules <<'RULES'
create user ubtest:reg:* * [container] |/bin/hostname
create user ubtest:unreg-refuse:* * [container,unregistered=refuse] |/bin/hostname
create user ubtest:unreg-host:* * [container,unregistered=host] |/bin/hostname
create user ubtest:override:* * [container,registered=inside] |/bin/hostname
create user ubtest:hostrule:* * |/bin/hostname
RULES
ub_container c1
init=$UB_INIT_c1
base=100000
cg2=""
for d in /sys/fs/cgroup/unified /sys/fs/cgroup; do
	if [ "$(stat -f -c %T "$d" 2>/dev/null)" = cgroup2fs ]; then cg2=$d; break; fi
done
if [ -z "$cg2" ]; then ub_skip "registration" "no cgroup v2 hierarchy"; ub_done; exit; fi
top=$cg2/ubtest-$$-c1          # the container's cgroup, as its manager made it
rel=/ubtest-$$-c1
check "the container's init is in its cgroup" grep -qx "$init" "$top/cgroup.procs"

# Delegate a subtree to the container's root, as a manager does: the
# directory and its cgroup.procs/threads/subtree_control files.
mkdir "$top/payload"
UB_CGROUPS=("$top/payload/sib" "$top/payload/a" "$top/payload" "${UB_CGROUPS[@]}")
chown "$base:$base" "$top/payload" "$top/payload/cgroup.procs" "$top/payload/cgroup.threads" \
	"$top/payload/cgroup.subtree_control"
echo "$init" >"$top/payload/cgroup.procs"
# The attacker: the container's root (its user and cgroup namespaces),
# on the host's cgroupfs (the path is the host's, the credentials its own).
as_croot() { nsenter -t "$init" --user --cgroup -S 0 -G 0 -- "$@"; }
check "attacker: container root can create cgroups in its subtree" as_croot mkdir "$top/payload/a"
check "attacker: ...and move its init there" as_croot sh -c "echo $init >$top/payload/a/cgroup.procs"

n=0
req() {   # req <prefix>: one request from c1, a new description each time
	n=$((n + 1))
	ub_request c1 "ubtest:$1:$n" 2>&1 | grep -v '^Joined session keyring' || true
}
hn=$(hostname)

# Unregistered: today's behaviour.
out=$(req reg)
check "unregistered: [container] runs inside" test "$out" = c1
out=$(req unreg-refuse)
check "unregistered: unregistered=refuse refuses" grep -q "$REFUSED" <<<"$out"
out=$(req unreg-host)
check_eq "unregistered: unregistered=host runs on the host" "$hn" "$out"

# The manager registers "refuse" on the container's top cgroup.
check "manager: register --cgroup" "$B" register --cgroup "$rel" refuse
check_eq "manager: the xattr is set" refuse "$("$X" get "$top" $XA)"
out=$(req reg)
check "refuse: refused (key negated)" grep -q "$REFUSED" <<<"$out"
check "refuse: the helper did not run" bash -c '! grep -qx "c1\|$2" <<<"$1"' _ "$out" "$hn"
out=$(req override)
check "refuse: a registered=inside rule overrides it" test "$out" = c1
out=$(req hostrule)
check_eq "refuse: a [host] rule (keyutils' meaning) is not affected" "$hn" "$out"

# The attacker tries to forge, read and remove the registration.
out=$(as_croot "$X" set "$top/payload/a" $XA inside || true)
check_eq "attacker: cannot set $XA on its delegated cgroup" EPERM "$out"
out=$(as_croot "$X" set "$top" $XA inside || true)
check_eq "attacker: cannot set it on the container's cgroup" EPERM "$out"
out=$(as_croot "$X" remove "$top" $XA || true)
check_eq "attacker: cannot remove it" EPERM "$out"
out=$(as_croot "$X" get "$top" $XA || true)
check "attacker: cannot even read it ($out)" test "$out" != refuse
check_eq "attacker: the registration is intact" refuse "$("$X" get "$top" $XA)"
# user.* is what a delegated owner can set: it must mean nothing.
out=$(as_croot "$X" set "$top/payload/a" user.upcall_broker.policy inside || true)
check_eq "attacker: may set user.* on its own cgroup (the delegation is real)" ok "$out"
out=$(req reg)
check "attacker: user.* does not register" grep -q "$REFUSED" <<<"$out"

# The attacker moves its init around its subtree, and tries to leave it.
check "attacker: makes a sibling cgroup" as_croot mkdir "$top/payload/sib"
check "attacker: moves its init to the sibling" as_croot sh -c "echo $init >$top/payload/sib/cgroup.procs"
out=$(req reg)
check "moved to a sibling: still refused" grep -q "$REFUSED" <<<"$out"
check "attacker: cannot move its init up into the manager's cgroup" \
	bash -c '! nsenter -t "$1" --user --cgroup -S 0 -G 0 -- sh -c "echo $1 >$2/cgroup.procs" 2>/dev/null' _ "$init" "$top"
check "attacker: cannot move its init to the root cgroup" \
	bash -c '! nsenter -t "$1" --user --cgroup -S 0 -G 0 -- sh -c "echo $1 >$2/cgroup.procs" 2>/dev/null' _ "$init" "$cg2"
check "attacker: the init is still in its subtree" grep -qx "$init" "$top/payload/sib/cgroup.procs"
out=$(req reg)
check "after the attempts: still refused" grep -q "$REFUSED" <<<"$out"
# A cgroup name with a newline forges a line of the init's /proc/<pid>/cgroup
# ("0::/" here: the root, where no registration is read). The broker must
# not read the registration through a forged text: it refuses the upcall
# (fail closed: the text is unreadable, "Bad message"), whatever the rule.
# Newer kernels refuse such names (mkdir: EINVAL); the parser's refusal is
# then shown by the unit tests only (test_proc.c, cgroup_text_hierarchies).
forged=$top/payload/$'f\n0::'
if as_croot mkdir "$forged" 2>/dev/null; then
	UB_CGROUPS=("$forged" "${UB_CGROUPS[@]}")
	check "attacker: moves its init into a cgroup whose name holds a newline" \
		as_croot sh -c 'echo "$1" >"$2/cgroup.procs"' _ "$init" "$forged"
	"$B" register --cgroup "$rel" inside >/dev/null
	out=$(req reg)
	check "forged cgroup line: refused, even with registration inside" grep -q "$REFUSED" <<<"$out"
	check "forged cgroup line: explain says the text is unreadable (Bad message)" \
		grep -q "^registration: unreadable (Bad message)" <<<"$("$B" explain "$init")"
	check "attacker: moves its init back to the sibling" as_croot sh -c "echo $init >$top/payload/sib/cgroup.procs"
	"$B" register --cgroup "$rel" refuse >/dev/null
else
	ub_skip "forged cgroup line: refused" "kernel $(uname -r) refuses cgroup names with a newline"
fi

# explain shows what it found and what it decides.
out=$("$B" explain "$init")
check "explain: shows the registration and its cgroup" grep -q "^registration: refuse on cgroup $rel (init in $rel/payload/sib)" <<<"$out"
out=$("$B" explain "$init" user ubtest:reg:x)
check "explain: shows the decision" grep -q "^decision: .*refused by policy (registration refuse on $rel, rule registered=obey)" <<<"$out"

# host and inside.
"$B" register --cgroup "$rel" host >/dev/null
out=$(req reg)
check "host: the helper runs on the host" test "$out" = "$hn"
out=$("$B" explain "$init" user ubtest:reg:x)
check "explain: host decision" grep -q "^decision: run on the host" <<<"$out"
"$B" register --pid "$init" inside >/dev/null   # nearest wins: the init's own cgroup
check_eq "register --pid marks the init's own cgroup" inside "$("$X" get "$top/payload/sib" $XA)"
out=$(req reg)
check "inside (the nearest registration wins): runs inside" test "$out" = c1
"$B" register --pid "$init" --remove >/dev/null

# Malformed values: unregistered, as documented (and said by explain).
for v in Refuse "refuse " "inside,host" $'refuse\nx' $'refuse\n\n' xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; do
	"$X" set "$top" $XA "$v" >/dev/null
	shown=${v//$'\n'/\\n}
	out=$(req reg)
	check "malformed '$shown': taken as unregistered ([container] runs inside)" test "$out" = c1
	out=$(req unreg-refuse)
	check "malformed '$shown': ...and unregistered=refuse refuses" grep -q "$REFUSED" <<<"$out"
done
check "explain: says malformed" grep -q "^registration: malformed value" <<<"$("$B" explain "$init")"
"$X" set "$top" $XA $'refuse\n' >/dev/null
out=$(req reg)
check "one trailing newline is allowed ('refuse\\n' refuses)" grep -q "$REFUSED" <<<"$out"

# The usermode-helper front (nfsdcltrack's) takes the same decision.
printf 'ubumh [container] /bin/sh\n' >"$UB_TMP/umh.conf"
umh() {   # exit status of a umh run for c1's captured init: 7 inside, 9 on the host
	local rc=0
	ub_with_pidfd "$init" "$B" umh -c "$UB_TMP/umh.conf" ubumh -c 'if [ "$(hostname)" = c1 ]; then exit 7; fi; exit 9' 2>/dev/null || rc=$?
	echo "$rc"
}
check_eq "umh: registered refuse: not run (1)" 1 "$(umh)"
"$B" register --cgroup "$rel" host >/dev/null
check_eq "umh: registered host: runs on the host" 9 "$(umh)"
"$B" register --cgroup "$rel" inside >/dev/null
check_eq "umh: registered inside: runs inside" 7 "$(umh)"
"$B" register --cgroup "$rel" refuse >/dev/null

# register's own refusals.
check "register: refuses a bad value" bash -c '! "$1" register --cgroup "$2" Refuse 2>/dev/null' _ "$B" "$rel"
check "register: refuses the root cgroup" bash -c '! "$1" register --cgroup / refuse 2>/dev/null' _ "$B"
check "register: no path out of the hierarchy" bash -c '! "$1" register --cgroup ../../../tmp refuse 2>/dev/null' _ "$B"

# status lists the registration.
out=$("$B" status)
check "status: lists the registered container" grep -q "^  $rel  *refuse$" <<<"$out"
check "status: lists this test's rules with their policy words" grep -q "^  user .*ubtest:unreg-refuse:\* .*container .*obey/refuse" <<<"$out"

# The glue: each script against a real cgroup made here.
"$B" register --cgroup "$rel" --remove >/dev/null
LXC_PID=$init LXC_HOOK_TYPE=start-host UPCALL_BROKER=$B "$UB_TOP/dist/lxc/upcall-broker-lxc-hook" refuse c1 lxc start-host >/dev/null
check_eq "lxc hook: registers the init's cgroup" refuse "$("$X" get "$top/payload/sib" $XA)"
out=$(req reg)
check "lxc hook: the registration is honoured" grep -q "$REFUSED" <<<"$out"
check "lxc hook: refuses other hook types" bash -c '! LXC_PID=$1 "$2" refuse c1 lxc pre-start 2>/dev/null' _ "$init" "$UB_TOP/dist/lxc/upcall-broker-lxc-hook"
"$B" register --pid "$init" --remove >/dev/null
if command -v jq >/dev/null; then
	OCI=$UB_TOP/dist/oci/upcall-broker-oci-hook
	printf '{"ociVersion":"1.0.2","id":"x","status":"created","pid":%d,"bundle":"/b","annotations":{"org.upcall-broker.policy":"host"}}' "$init" |
		UPCALL_BROKER=$B "$OCI" >/dev/null
	check_eq "oci hook: registers from the state's pid and annotation" host "$("$X" get "$top/payload/sib" $XA)"
	out=$(printf '{"pid":%d,"annotations":{"org.upcall-broker.policy":"sideways"}}' "$init" |
		UPCALL_BROKER=$B "$OCI" 2>&1 || true)
	check "oci hook: refuses a bad annotation" grep -q "not inside, host or refuse" <<<"$out"
	printf '{"pid":%d}' "$init" | UPCALL_BROKER=$B "$OCI" refuse >/dev/null
	check_eq "oci hook: the argument is the default" refuse "$("$X" get "$top/payload/sib" $XA)"
	check "oci hook: no pid, no registration" bash -c '! printf "{\"status\":\"creating\"}" | "$1" refuse 2>/dev/null' _ "$OCI"
	check "oci hooks.d JSON: createRuntime, the hook's path (install-tree fills in @PREFIX@)" \
		jq -e '.stages == ["createRuntime"] and .hook.path == "@PREFIX@/lib/upcall-broker/hooks/upcall-broker-oci-hook"' \
		"$UB_TOP/dist/oci/upcall-broker.json" >/dev/null
	"$B" register --pid "$init" --remove >/dev/null
else
	ub_skip "oci hook" "no jq"
fi
# systemd: a Delegate=yes unit runs ExecStartPre= in its ".control" sub-cgroup.
unit=$cg2/ubtest-$$-unit.service
mkdir -p "$unit/.control"
UB_CGROUPS=("$unit/.control" "$unit" "${UB_CGROUPS[@]}")
(echo $BASHPID >"$unit/.control/cgroup.procs"; UPCALL_BROKER=$B UPCALL_BROKER_POLICY=refuse exec "$UB_TOP/dist/systemd/upcall-broker-nspawn-register") >/dev/null
check_eq "nspawn script: registers the unit's cgroup" refuse "$("$X" get "$unit" $XA)"
check "nspawn script: ...not .control" bash -c '! "$1" get "$2/.control" "$3" >/dev/null' _ "$X" "$unit" $XA
check "nspawn drop-in: runs the script as ExecStartPre=+" \
	grep -q '^ExecStartPre=+@PREFIX@/lib/upcall-broker/hooks/upcall-broker-nspawn-register$' \
	"$UB_TOP/dist/systemd/systemd-nspawn@.service.d/upcall-broker.conf"
ub_done
