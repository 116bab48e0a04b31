#!/bin/bash
# A real unprivileged LXC container (Debian's lxc, run by root with an id
# map) and the broker: the container's own stock key.dns_resolver serves a
# dns_resolver key inside it, our exec=host helper does too, and the
# registration made by the real LXC start-host hook (dist/lxc) is obeyed,
# survives the container root's attempts to undo it and goes with the
# container. LXC's side of the hook contract (stage, environment, cgroup
# layout) is what this test adds to t_registration, which fakes it. Last,
# under a profile that denies keyctl as LXD's does, seccomp=skip rules
# still serve the container.
#
# Requests come from the host through the capture wrapper (doc/abi.md), as
# the kernel makes them for a container's NFS/CIFS mounts: this kernel does
# not upcall for requests made inside a user namespace, and the request's
# context is not what is tested here.
UB_FORCE_UPCALL_MODE=capture
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/debian_root.sh"

B=$UB_BUILD/upcall-broker
X=$UB_BUILD/tests/xattr
XA=trusted.upcall_broker.policy
NAME=ubtest-lxc-$$
LXCPATH=$UB_TMP/lxcpath
ROOT=$UB_TMP/rootfs
LOG=$UB_TMP/lxc.log
# Far above the ids of lib.sh's containers (100000 + 65536 n) and of
# systemd-nspawn's --private-users=pick range (up to 0x6fff0000), so no
# other test's container shares them.
BASE=$((0x7f000000))
UB_INIT_lxc=""
LXC_STARTED=0
SUBID_SAVED=0
PIVOTS=()

lxc_stop() {
	local i
	[ "$LXC_STARTED" = 1 ] || return 0
	if ! timeout 30 lxc-stop -n "$NAME" -P "$LXCPATH" -k >/dev/null 2>&1; then
		[ -z "$UB_INIT_lxc" ] || kill -KILL "$UB_INIT_lxc" 2>/dev/null || true
	fi
	# LXC's monitor removes the cgroup (and with it the registration)
	# after it has reaped the init.
	for i in $(seq 100); do
		[ -n "$CG" ] && [ -d "$CG2$CG" ] || break
		sleep 0.1
	done
	LXC_STARTED=0
}

# Stop the container before lib.sh's cleanup removes its root; give back
# root's subordinate ids byte for byte; remove what LXC leaves behind on
# the host (its lock directory for this lxcpath and, if this run made them,
# the lxc.pivot cgroups its monitor parks itself in).
lxc_cleanup() {
	local rc=$? f p
	set +e
	lxc_stop
	if [ "$SUBID_SAVED" = 1 ]; then
		for f in subuid subgid; do
			if [ -e "$UB_TMP/$f.orig" ]; then cat "$UB_TMP/$f.orig" >"/etc/$f"; else rm -f "/etc/$f"; fi
		done
	fi
	rm -rf "/run/lxc/lock$UB_TMP"
	for p in "${PIVOTS[@]}"; do rmdir "$p" 2>/dev/null; done
	(exit $rc)
	ub_cleanup
}
trap lxc_cleanup EXIT

skip_all() {
	ub_skip "an unprivileged LXC container's upcalls" "$1"
	ub_done
	exit
}
for p in lxc-start lxc-stop lxc-info lxc-attach python3; do
	command -v "$p" >/dev/null || skip_all "$p is not installed (scripts/install-deps)"
done
CG2=""
for d in /sys/fs/cgroup/unified /sys/fs/cgroup; do
	if [ "$(stat -f -c %T "$d" 2>/dev/null)" = cgroup2fs ]; then CG2=$d; break; fi
done
[ -n "$CG2" ] || skip_all "no cgroup v2 hierarchy: nothing to register on"
CG=""

# --- The root file system, owned by the container's ids. Unpacked as host
# root, then shifted: chown clears set-id bits, which are put back.
ub_debian_root "$ROOT" || skip_all "no Debian root: $UB_DEBIAN_ROOT_ERR"
python3 - "$ROOT" "$BASE" <<'EOF'
import os, stat, sys
root, base = sys.argv[1], int(sys.argv[2])
def shift(p):
    st = os.lstat(p)
    os.lchown(p, st.st_uid + base, st.st_gid + base)
    if not stat.S_ISLNK(st.st_mode) and st.st_mode & (stat.S_ISUID | stat.S_ISGID):
        os.chmod(p, stat.S_IMODE(st.st_mode))
shift(root)
for d, dirs, files in os.walk(root):
    for n in dirs + files:
        shift(os.path.join(d, n))
EOF
# An address no interface here has, for names only the container's
# /etc/hosts knows.
while :; do
	ADDR=10.213.$((RANDOM % 250 + 1)).$((RANDOM % 250 + 1))
	ip -o addr | grep -qF " $ADDR/" || break
done
K=ubtest-lxc-$$-k.test       # the container's key.dns_resolver ([container])
XH=ubtest-lxc-$$-x.test      # our helper, exec=host
R=ubtest-lxc-$$-r.test       # registered=obey
KS=ubtest-lxc-$$-ks.test     # as K and XH, with seccomp=skip
XS=ubtest-lxc-$$-xs.test
printf '127.0.0.1 localhost\n%s %s %s %s %s %s\n' "$ADDR" "$K" "$XH" "$R" "$KS" "$XS" >"$ROOT/etc/hosts"
echo "$NAME" >"$ROOT/etc/hostname"
install -m 755 -o $BASE -g $BASE "$X" "$ROOT/usr/local/bin/ubtest-xattr"
check "the root file system is reachable by the container's root (host uid $BASE)" \
	setpriv --reuid=$BASE --regid=$BASE --clear-groups -- test -r "$ROOT/etc/hosts" -a -x "$ROOT/usr/bin/sleep"

for d in /sys/fs/cgroup /sys/fs/cgroup/*; do
	case $(stat -f -c %T "$d" 2>/dev/null) in
	cgroupfs | cgroup2fs) [ -e "$d/lxc.pivot" ] || PIVOTS+=("$d/lxc.pivot") ;;
	esac
done

# --- The container's configuration: Debian's defaults for an
# unprivileged container (common.conf with its seccomp profile,
# userns.conf), only a loopback network, sleep as init, and the real hook.
mkdir -p "$LXCPATH/$NAME"
AA=""
[ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ] || AA="lxc.apparmor.profile = unconfined"
lxc_config() {   # lxc_config <hook policy> [<seccomp profile>]
	cat >"$LXCPATH/$NAME/config" <<EOF
lxc.include = /usr/share/lxc/config/common.conf
lxc.include = /usr/share/lxc/config/userns.conf
lxc.idmap = u 0 $BASE 65536
lxc.idmap = g 0 $BASE 65536
lxc.rootfs.path = dir:$ROOT
lxc.uts.name = $NAME
lxc.net.0.type = empty
$AA
lxc.init.cmd = /usr/bin/sleep infinity
lxc.hook.start-host = $UB_TOP/dist/lxc/upcall-broker-lxc-hook $1
EOF
	[ -z "${2:-}" ] || echo "lxc.seccomp.profile = $2" >>"$LXCPATH/$NAME/config"
}

# lxc_start <hook policy> [<seccomp profile>]: sets UB_INIT_lxc and CG
# (the init's cgroup v2 path).
lxc_start() {
	lxc_config "$@"
	UB_INIT_lxc="" CG=""
	LXC_STARTED=1
	# The hook runs with lxc-start's environment: UPCALL_BROKER reaches it.
	if ! (cd / && UPCALL_BROKER=$B timeout 60 lxc-start -n "$NAME" -P "$LXCPATH" -d -l INFO -o "$LOG" </dev/null) ||
		! timeout 30 lxc-wait -n "$NAME" -P "$LXCPATH" -s RUNNING; then
		printf '#   %s\n' "$(grep -E 'ERROR|WARN' "$LOG" | grep -v fchowmodat | tail -8)"
		return 1
	fi
	UB_INIT_lxc=$(lxc-info -n "$NAME" -P "$LXCPATH" -p -H)
	CG=$(sed -n 's/^0:://p' "/proc/$UB_INIT_lxc/cgroup")
	printf '# LXC %s: init host pid %s (%s), cgroup %s, uid_map "%s", Seccomp %s\n' "$NAME" "$UB_INIT_lxc" \
		"$(tr '\0' ' ' <"/proc/$UB_INIT_lxc/cmdline" | sed 's/ $//')" "$CG" "$(xargs <"/proc/$UB_INIT_lxc/uid_map")" \
		"$(sed -n 's/^Seccomp:[[:space:]]*//p' "/proc/$UB_INIT_lxc/status")"
}

# req <description>: "address" or "ERROR: ...", from a fresh session keyring.
req() {
	keyctl session - sh -c 'id=$(keyctl request2 dns_resolver "$1" "" @s 2>&1) || { echo "ERROR: $id"; exit 0; }
		keyctl pipe "$id" | tr -d "\0"' req "$1" 2>/dev/null | tail -1
}
# creq <description>: the same "from" the container (capture mode).
creq() {
	ub_capture_register lxc "$1"
	req "$1"
}
# answers <description> <what> <check>: the container's request for
# <description> must come back with its own address.
answers() {
	local out
	out=$(creq "$1")
	printf '# container %s (%s): %s\n' "$1" "$2" "$out"
	check_eq "$3" "$ADDR" "$out"
}
# answers for our exec=host helper: see ub_static_program.
xh_answers() {
	if ub_static_program "$UB_BUILD/helpers/dns_resolver"; then answers "$@"; else ub_skip "$3" "$UB_DYNAMIC_SKIP"; fi
}
registered() { "$B" status | grep -E "^  $CG +$1\$"; }

ub_rules <<EOF
create dns_resolver $K * [container,timeout=15] /sbin/key.dns_resolver %k
create dns_resolver $XH * [container,exec=host,timeout=15] $UB_BUILD/helpers/dns_resolver -- %k
create dns_resolver $R * [container,registered=obey,timeout=15] /sbin/key.dns_resolver %k
create dns_resolver $KS * [container,seccomp=skip,timeout=15] /sbin/key.dns_resolver %k
create dns_resolver $XS * [container,exec=host,seccomp=skip,timeout=15] $UB_BUILD/helpers/dns_resolver -- %k
EOF
s=$SECONDS
ub_install_broker
printf '# request-key lock taken after %d s\n' $((SECONDS - s))

# --- root's subordinate ids: LXC's id map must be a range root owns.
# Changed only once the lock is held: the wait for it may be long, and a
# signal is handled only when it is over.
for f in subuid subgid; do
	if [ -e "/etc/$f" ]; then cp -p "/etc/$f" "$UB_TMP/$f.orig"; fi
done
SUBID_SAVED=1
for f in subuid subgid; do echo "root:$BASE:65536" >>"/etc/$f"; done

# --- 1: registered "inside" by the hook.
if ! lxc_start inside; then
	skip_all "lxc-start cannot start an unprivileged container here (log: $(grep ERROR "$LOG" | tail -1))"
fi
check_eq "the container runs with the id map (0 $BASE 65536)" "0 $BASE 65536" "$(xargs <"/proc/$UB_INIT_lxc/uid_map")"
check_eq "the init runs under LXC's seccomp filter (common.seccomp)" 2 "$(sed -n 's/^Seccomp:[[:space:]]*//p' "/proc/$UB_INIT_lxc/status")"
out=$(registered inside || true)
printf '# status: %s\n' "$out"
check "the start-host hook registered the container's cgroup (status: $CG inside)" test -n "$out"

# Debian's common.seccomp denies no keyring call (LXD's default profile
# adds "keyctl errno 38"): the helper's keyctl() reaches the broker's proxy.
in_c() { lxc-attach -n "$NAME" -P "$LXCPATH" --clear-env -- "$@"; }
printf '# keyctl in the container: %s\n' "$(in_c keyctl rdescribe @s 2>&1 | head -1)"

# The host's requests before the container's: a description registered for
# the container stands for it from then on.
for n in "$K" "$XH" "$KS" "$XS"; do
	out=$(req "$n")
	printf '# host %s: %s\n' "$n" "$out"
	check "the host does not resolve $n to the container's address" test "$out" != "$ADDR"
done
answers "$K" "[container] key.dns_resolver" "the container's own key.dns_resolver answers from its /etc/hosts"
xh_answers "$XH" "exec=host dns_resolver" "our dns_resolver (exec=host) answers from the container's /etc/hosts"
out=$(creq "$R")
check_eq "registered=obey with the registration inside: served inside" "$ADDR" "$out"

lxc_stop
out=$("$B" status)
check "after lxc-stop: the registration is gone (status does not list $CG)" bash -c '! grep -qE "^  $1 " <<<"$2"' _ "$CG" "$out"

# --- 2: registered "refuse" by the hook; the container's root attacks it.
if ! lxc_start refuse; then
	not_ok "lxc-start with the hook configured refuse"
	ub_done
	exit
fi
out=$(registered refuse || true)
printf '# status: %s\n' "$out"
check "the start-host hook registered refuse (status: $CG refuse)" test -n "$out"
check_eq "the mark on the container's cgroup" refuse "$("$X" get "$CG2$CG" $XA)"
out=$(creq "$R")
printf '# container %s (registered=obey, refuse): %s\n' "$R" "$out"
check_eq "registered=obey with the registration refuse: refused (key negated)" "ERROR: request_key: Required key not available" "$out"
out=$(creq "$K")
check_eq "the default [container] rule obeys it too" "ERROR: request_key: Required key not available" "$out"

# The attacker: the container's root, attached by LXC (its namespaces, its
# seccomp filter, its capabilities), on its own cgroup mounted inside.
in_c sh -c 'mkdir -p /run/ubcg && mount -t cgroup2 cgroup2 /run/ubcg' 2>/dev/null || true
out=$(in_c /usr/local/bin/ubtest-xattr set /run/ubcg $XA inside 2>&1 || true)
check_eq "container root cannot change the registration (setxattr $XA)" EPERM "$out"
out=$(in_c /usr/local/bin/ubtest-xattr remove /run/ubcg $XA 2>&1 || true)
check_eq "container root cannot remove it" EPERM "$out"
out=$(in_c /usr/local/bin/ubtest-xattr get /run/ubcg $XA 2>&1 || true)
# trusted.* without CAP_SYS_ADMIN in the initial user namespace reads as
# absent (xattr_permission()), not as forbidden.
check_eq "container root cannot read it" ENODATA "$out"
# Its cgroup is delegated to it: it may move its init below it, not out.
moved=$(in_c sh -c 'mkdir /run/ubcg/escape && echo 1 >/run/ubcg/escape/cgroup.procs && echo moved' 2>&1 || true)
printf '# attacker moving its init into a cgroup of its own: %s; init now in %s\n' "$moved" "$(sed -n 's/^0:://p' "/proc/$UB_INIT_lxc/cgroup")"
check_eq "after the attempts: the mark is intact" refuse "$("$X" get "$CG2$CG" $XA)"
out=$(creq "$R")
check_eq "after the attempts: still refused" "ERROR: request_key: Required key not available" "$out"
printf '# explain: %s\n' "$("$B" explain "$UB_INIT_lxc" dns_resolver "$R" 2>&1 | grep -E '^(registration|decision):' | sort -u | tr '\n' ' ')"

lxc_stop
out=$("$B" status)
check "after lxc-stop: the refuse registration is gone" bash -c '! grep -qE "^  $1 " <<<"$2"' _ "$CG" "$out"
check "after lxc-stop: the container's cgroup is gone" test ! -d "$CG2$CG"

# --- 3: LXD's default profile adds "keyctl errno 38" to LXC's. A helper
# carries the init's filters (fork parity, doc/security.md row 10), and an
# errno action wins over the keyctl proxy's user notification: the copies
# let through exactly the calls the broker answers on the one key
# (keyctl_proxy_exemption), so plain [container] rules answer; seccomp=skip
# rules do too.
{ cat /usr/share/lxc/config/common.seccomp; echo "keyctl errno 38"; } >"$UB_TMP/lxd-like.seccomp"
if ! lxc_start inside "$UB_TMP/lxd-like.seccomp"; then
	not_ok "lxc-start with a profile that denies keyctl"
	ub_done
	exit
fi
out=$(in_c keyctl rdescribe @s 2>&1 || true)
check_eq "the profile denies keyctl in the container" "keyctl_describe: Function not implemented" "$out"
answers "$KS" "keyctl denied, [container,seccomp=skip] key.dns_resolver" \
	"keyctl denied: the container's key.dns_resolver with seccomp=skip answers"
xh_answers "$XS" "keyctl denied, exec=host,seccomp=skip" "keyctl denied: our dns_resolver (exec=host) with seccomp=skip answers"
answers "$K" "keyctl denied, [container] key.dns_resolver" \
	"keyctl denied: the container's key.dns_resolver answers (the broker's calls pass)"
xh_answers "$XH" "keyctl denied, exec=host" "keyctl denied: our dns_resolver (exec=host) answers"
lxc_stop
ub_done
