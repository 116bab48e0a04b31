#!/bin/bash
# Failure paths: every one must end the key with a fitting error, quickly,
# leave nothing running, and never run anything on the host instead.
. "$(dirname "$0")/lib.sh"

HOSTMARK=$UB_TMP/host-ran
cat >"$UB_TMP/host-only.sh" <<EOF
#!/bin/sh
touch $HOSTMARK
echo host
EOF
chmod 755 "$UB_TMP/host-only.sh"

ub_rules <<EOF
create user ubtest:pipe:* * [container] |/probe/probe.sh
create user ubtest:hang:* * [container,timeout=1] |/usr/bin/sleep 300
create user ubtest:hangtree:* * [container,timeout=1] |/probe/tree.sh
create user ubtest:plainhang:* * [container,timeout=1] /usr/bin/sleep 303
create user ubtest:crash:* * [container] |/probe/crash.sh
create user ubtest:fail:* * [container] |/bin/false
create user ubtest:flood:* * [container] |/usr/bin/yes
create user ubtest:big:* * [container] |/usr/bin/head -c 32767 /dev/zero
create user ubtest:hostbig:* * |/usr/bin/head -c 32767 /dev/zero
create user ubtest:slow:* * [container,timeout=20] |/probe/slow.sh
create user ubtest:link:* * [container] |/probe/link.sh
create user ubtest:desc:* * [container] |/probe/probe.sh %d
negate user ubtest:fail:* * /bin/keyctl reject %k 30 127 %S
EOF
# The broker's -v log (no syslog daemon here): how each helper ended.
UB_DEBUG=1 UB_DEBUG_LOG=$UB_TMP/broker.log
ub_install_broker
# Helper scripts every test container gets (keyutils rules have no quoting).
mkscripts() {
	local d=$UB_TMP/$1/root/probe
	printf '#!/bin/sh\nsleep 301 &\nsleep 302 &\nwait\n' >"$d/tree.sh"
	# A real fault: the helper is pid 1 of its own pid namespace, which
	# ignores "kill -SEGV $$" from inside it; a fault's SIGSEGV is forced.
	printf '#!/bin/sh\nexec python3 -c "import ctypes; ctypes.string_at(0)"\n' >"$d/crash.sh"
	printf '#!/bin/sh\nsleep 2\nexec /probe/probe.sh\n' >"$d/slow.sh"
	chmod 755 "$d"/*.sh
}
ub_container c1
mkscripts c1
REQ=$UB_TOP/tests/integration/req.sh

# err <output>: the error text keyctl printed
err() { sed -n 's/^ERROR: request_key: //p' <<<"$1"; }
field() { printf '%s\n' "$1" | sed -n "s/^$2=//p"; }
elapsed() { local s=$SECONDS; "$@" >/dev/null 2>&1 || true; echo $((SECONDS - s)); }

# --- refused: a user+mount namespace without its own pid namespace
# (the requester's own namespaces: only a request made in them has them)
if ub_native_only "pid ns not owned by the mount's user ns: rejected"; then
	out=$(unshare --user --map-root-user --mount "$REQ" ubtest:pipe:refused || true)
	check_eq "pid ns not owned by the mount's user ns: rejected" "Key was rejected by service" "$(err "$out")"
fi

# --- nested: a container inside the container (own user ns) resolves to its own init
if ub_native_only "container in a container: the inner init's hostname" \
	"container in a container: a different user ns than the outer one"; then
	out=$(ub_in c1 unshare --user --map-root-user --pid --fork --mount --uts --mount-proc \
		sh -c 'hostname inner; /probe/req.sh ubtest:pipe:nested' || true)
	check_eq "container in a container: the inner init's hostname" inner "$(field "$out" hostname)"
	check "container in a container: a different user ns than the outer one" \
		test "$(field "$out" user)" != "$(stat -L -c %i /proc/$UB_INIT_c1/ns/user)"
fi

# --- hang: killed at the rule's timeout, with its children
start=$SECONDS
out=$(ub_request c1 ubtest:hang:1 || true)
check_eq "hanging helper: timed out" "Connection timed out" "$(err "$out")"
check "hanging helper: request ended within 5 s" test $((SECONDS - start)) -lt 5
out=$(ub_request c1 ubtest:hangtree:1 || true)
sleep 0.3
check_eq "hanging helper tree: timed out" "Connection timed out" "$(err "$out")"
check "hanging helper tree: no process left behind" test -z "$(pgrep -f 'sleep 30[123]')"
out=$(ub_request c1 ubtest:plainhang:1 || true)
check_eq "hanging plain helper: timed out" "Connection timed out" "$(err "$out")"

# --- crash / failure / flood
out=$(ub_request c1 ubtest:crash:1 || true)
check_eq "crashing helper: negated" "Required key not available" "$(err "$out")"
# The helper is the broker's own child (CLONE_PARENT), so its death by a
# signal reaches the broker as such, on every kernel.
check "crashing helper: the broker's log says it died on signal 11 (SIGSEGV)" \
	grep -q "/probe/crash.sh died on signal 11;" "$UB_TMP/broker.log"
out=$(ub_request c1 ubtest:fail:1 || true)
check_eq "failed pipe helper runs the negate rule (keyutils bug fixed)" "Key has expired" "$(err "$out")"
out=$(ub_request c1 ubtest:flood:1 || true)
check_eq "flooding helper: rejected as too big" "Message too long" "$(err "$out")"
sleep 0.2
check "flooding helper: killed and reaped" test -z "$(pgrep -x yes)"
# (on the host: a container's root is an ordinary user for key quotas)
out=$(keyctl session - sh -c 'id=$(keyctl request2 user ubtest:hostbig:1 x @s) && keyctl pipe $id | wc -c' 2>/dev/null | tail -1 || true)
check_eq "the largest user-key payload (32767 bytes) is accepted" 32767 "$out"

# --- the container's init dies during the upcall: the pid namespace goes
# down with the helper and the requester in it; the broker must end the key
# and exit without hanging, and must not fall back to the host.
ub_request c1 ubtest:slow:initdies >/dev/null 2>&1 &
reqpid=$!
sleep 1
kill -KILL "$UB_INIT_c1"
for i in $(seq 50); do kill -0 $reqpid 2>/dev/null || break; sleep 0.1; done
check "init exits during the upcall: the requester is released" test "$(kill -0 $reqpid 2>/dev/null && echo alive)" = ""
for i in $(seq 30); do pgrep -f 'request-key create' >/dev/null || break; sleep 0.1; done
check "init exits during the upcall: no broker left running" test -z "$(pgrep -f 'request-key create')"
check "init exits during the upcall: nothing ran on the host" test ! -e "$HOSTMARK"
# ...and a request that resolves to a dead container fails cleanly

# --- a new container for the rest
ub_container c2
mkscripts c2
cp "$UB_TMP/host-only.sh" "$UB_TMP/c2/root/probe/host-only-copy.sh" 2>/dev/null || true
# A symlink planted by the container, pointing at a host path.
ln -s "$UB_TMP/host-only.sh" "$UB_TMP/c2/root/probe/link.sh"
out=$(ub_request c2 ubtest:link:1 || true)
check "symlink to a host file: the host file is not run" test ! -e "$HOSTMARK"
check "symlink to a host file: the key fails" test -n "$(err "$out")"

# Hostile descriptions go to the helper as one argument, never through a shell.
out=$(ub_request c2 'ubtest:desc:$(touch /tmp/pwned);`touch /tmp/pwned2`' || true)
check_eq "hostile description reaches the helper verbatim" 'args=ubtest:desc:$(touch /tmp/pwned);`touch /tmp/pwned2`' "$(printf '%s\n' "$out" | grep '^args=')"
check "hostile description: nothing executed" test ! -e /tmp/pwned -a ! -e /tmp/pwned2 -a ! -e "$UB_TMP/c2/root/tmp/pwned"

# --- the requester is killed mid-upcall: the broker still finishes and cleans up
if ub_native_only "requester killed: no broker left running"; then
	ub_in c2 /probe/req.sh ubtest:slow:killed >/dev/null 2>&1 &
	reqpid=$!
	sleep 0.5
	pkill -KILL -f 'request2 user ubtest:slow:killed' || true
	wait $reqpid 2>/dev/null || true
	sleep 2.5
	check "requester killed: no broker left running" test -z "$(pgrep -f 'request-key create')"
fi

ub_done
