#!/bin/bash
# Where helpers run: host, container and requester contexts, pipe and plain
# forms, proven by the helper's own report compared with the container's init.
. "$(dirname "$0")/lib.sh"

PROBE=$UB_TOP/tests/integration/probe.sh

ub_rules <<EOF
create user ubtest:hostpipe:* * |$PROBE
create user ubtest:hostplain:* * $PROBE plain %k %u %g
create user ubtest:pipe:* * [container] |/probe/probe.sh %u %g
create user ubtest:hostctr:* * [container] |$PROBE
create user ubtest:plain:* * [container] /probe/probe.sh plain %k %u %g
create user ubtest:reqpipe:* * [requester] |/probe/probe.sh
create user ubtest:reqplain:* * [requester] /probe/probe.sh plain %k
create user ubtest:keyrings:* * [container] |/bin/keyctl show @s
create user ubtest:deleg:* * [container] /probe/request-key.stock %o %k %u %g %T %P %S
create user ubtest:hostexec:* * [container,exec=host] |$UB_TMP/xh/hostprobe
create user ubtest:hostcopy:* * [container,exec=host] |$UB_TMP/copy:dir/hostprobe
create user ubtest:hostread:* * [container,exec=host] |$UB_BUILD/tests/hostprobe
EOF
# The overlay wants a program only root can read (0711, as the shipped static
# helpers are); overlayfs cannot take a lower directory named with a ':'
# (its separator); a program others may read gets the copy too.
mkdir -m 755 "$UB_TMP/xh" "$UB_TMP/copy:dir"
cp "$UB_BUILD/tests/hostprobe" "$UB_TMP/xh/" && chmod 0711 "$UB_TMP/xh/hostprobe"
cp "$UB_BUILD/tests/hostprobe" "$UB_TMP/copy:dir/" && chmod 0711 "$UB_TMP/copy:dir/hostprobe"
ub_container c1 --bounding-set -net_raw,-sys_time --no-new-privs
init=$UB_INIT_c1
# A system container with keyutils and its own request-key configuration.
ub_lock_request_key
cp /usr/sbin/request-key "$UB_TMP/c1/root/probe/request-key.stock"
echo "create user ubtest:deleg:* * |/probe/probe.sh" >"$UB_TMP/c1/root/etc/request-key.conf"
ub_install_broker
REQ=$UB_TOP/tests/integration/req.sh

field() { printf '%s\n' "$1" | sed -n "s/^$2=//p"; }

# --- host request -> host
out=$("$REQ" ubtest:hostpipe:1 || true)
check_eq "host pipe request runs on the host (net ns)" "$(stat -L -c %i /proc/self/ns/net)" "$(field "$out" net)"
check_eq "host pipe request runs on the host (mnt ns)" "$(stat -L -c %i /proc/self/ns/mnt)" "$(field "$out" mnt)"
out=$("$REQ" ubtest:hostplain:1 || true)
check_eq "host plain request runs on the host (uts)" "$(hostname)" "$(field "$out" hostname)"
out=$("$REQ" ubtest:hostctr:1 || true)
check_eq "container rule for a host request runs on the host" "$(stat -L -c %i /proc/self/ns/pid)" "$(field "$out" pid)"

# --- container request -> inside the container, as if its init forked it
expect_ns=$(ub_expected_probe "$init")
init_cg=$(ub_in c1 cat /proc/1/cgroup | tr '\n' ' ')
init_bnd=$(grep CapBnd /proc/$init/status | tr -d '\t' | cut -d: -f2)
for form in pipe plain; do
	out=$(ub_request c1 ubtest:$form:1 || true)
	for ns in user mnt net uts ipc cgroup time; do
		check_eq "container $form: $ns namespace is the init's" "$(field "$expect_ns" $ns)" "$(field "$out" $ns)"
	done
	# Its own pid namespace, a child of the init's: nothing it starts
	# outlives it (t_security).
	# The container's /proc shows the init's pid namespace: two levels from
	# there (the plain form reports from a subshell, the pipe form is pid 1).
	last='[0-9]+'
	[ $form = pipe ] && last=1
	check "container $form: in a child of the init's pid namespace (NSpid $(field "$out" nspid))" \
		grep -Eq "^nspid=[0-9]+ $last\$" <<<"$out"
	check "container $form: ...not the init's own" test "$(field "$out" pid)" != "$(field "$expect_ns" pid)"
	check_eq "container $form: hostname" c1 "$(field "$out" hostname)"
	check_eq "container $form: root directory is the init's" ubtest-root-c1 "$(field "$out" root)"
	check_eq "container $form: uid/gid as the container sees them" "uid=0 gid=0" "$(printf '%s\n' "$out" | grep '^uid=')"
	check_eq "container $form: capability bounding set is the init's" "$init_bnd" "$(field "$out" CapBnd)"
	check_eq "container $form: no_new_privs like the init" 1 "$(field "$out" NoNewPrivs)"
	check_eq "container $form: cgroup is the init's" "$init_cg" "$(field "$out" cgroups)"
	check_eq "container $form: environment is clean" "HOME=/ PATH=/usr/sbin:/usr/bin:/sbin:/bin PWD=/ " "$(field "$out" env)"
	fds=$(field "$out" fds)
	check "container $form: only fds 0-2 inherited (got: $fds)" test -n "$fds" -a "$(echo $fds | tr ' ' '\n' | awk '$1>3' | wc -l)" = 0
done
# The requester's own context: only a request made inside the container has one.
if ub_native_only "container: %u %g are the container's view of the requester"; then
	out=$(ub_in c1 /probe/req.sh ubtest:pipe:ids || true)
	check_eq "container: %u %g are the container's view of the requester" "args=0 0" "$(printf '%s\n' "$out" | grep '^args=')"
fi

# --- requester context: the requester's own namespaces (here: a private uts + pid ns)
for form in reqpipe reqplain; do
	ub_native_only "requester $form: requester's hostname" "requester $form: not the init's pid namespace" || continue
	out=$(ub_in c1 unshare --uts --pid --fork --mount-proc sh -c "hostname sub; /probe/req.sh ubtest:$form:1" || true)
	check_eq "requester $form: requester's hostname" sub "$(field "$out" hostname)"
	check "requester $form: not the init's pid namespace" test "$(field "$out" pid)" != "$(field "$expect_ns" pid)"
done
if ub_native_only "nested pid ns in the same user ns resolves to the container's init"; then
	out=$(ub_in c1 unshare --uts --pid --fork --mount-proc sh -c "hostname sub; /probe/req.sh ubtest:pipe:1" || true)
	check_eq "nested pid ns in the same user ns resolves to the container's init" c1 "$(field "$out" hostname)"
fi

# --- the authorisation: pipe helpers in a container never see it, plain ones do
out=$(ub_request c1 ubtest:keyrings:1 || true)
check "container pipe helper: no _req keyring, no authorisation" test -n "$(grep keyring <<<"$out")" -a -z "$(grep -E '_req|request_key_auth' <<<"$out")"
check "container pipe helper: it has a session keyring of its own" grep -q "keyring: _ses" <<<"$out"

# --- delegation: one host line hands the request to the container's own
# (stock keyutils) request-key and its own configuration (all in the
# helper's context, so real in capture mode too)
out=$(ub_request c1 ubtest:deleg:1 || true)
check_eq "delegation: the container's request-key ran its own rule inside it" c1 "$(field "$out" hostname)"
check "delegation: ...in a child of the init's pid namespace" grep -Eq '^nspid=[0-9]+ [0-9]+$' <<<"$out"

# --- exec=host: the host's (static) binary, run inside the container from
# a private read-only overlayfs (or, where the kernel cannot make one for
# it, a sealed memfd copy): all of its namespaces, its root, its root
# again as fd 3, and an executable that names no host directory.
for how in hostexec:overlay hostcopy:copy hostread:copy; do
	out=$(ub_request c1 "ubtest:${how%%:*}:1" || true)
	what="exec=host (${how%%:*}, ${how#*:})"
	check_eq "$what: helper in the container's net ns" "net:[$(field "$expect_ns" net)]" "$(field "$out" net)"
	check_eq "$what: helper in the container's mount ns" "mnt:[$(field "$expect_ns" mnt)]" "$(field "$out" mnt)"
	check_eq "$what: its root is the container's" "$(stat -L -c %d:%i /proc/$init/root)" "$(field "$out" root)"
	check_eq "$what: fd 3 is the container's root" "$(stat -L -c %d:%i /proc/$init/root)" "$(field "$out" fd3)"
	case $how in
	*:overlay) check "$what: its executable is the program's name alone, no host path" grep -qx 'exe=/hostprobe' <<<"$out" ;;
	*:copy) check "$what: its executable is the sealed memfd" grep -q '^exe=/memfd:upcall-helper' <<<"$out" ;;
	esac
done

ub_done
