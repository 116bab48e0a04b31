#!/bin/bash
# Root in a container plays the attacker against the broker (issue 8). Each
# check fails on the broker before the hardening and passes after it.
#
# Where this kernel starts no usermode helper for requests made in a user
# namespace, the container's upcall is stood in for as a patched kernel
# makes it: the request comes from the host and the broker is handed a
# pidfd of the container's init (doc/abi.md). What is attacked (the
# stages, the helper, the deadline) is the same code either way.
. "$(dirname "$0")/lib.sh"

RACE_RUNS=${UB_RACE_RUNS:-30}
A=$UB_TOP/tests/integration/attack

ub_rules <<EOF
create user ubtest:sec:race:* * [container,timeout=5] |/probe/probe.sh
create user ubtest:sec:hold:* * [container,exec=host,timeout=10] |$UB_TMP/xh/hold 3
create user ubtest:sec:holdr:* * [container,exec=host,timeout=10] |$UB_BUILD/tests/hold 3
create user ubtest:sec:trace:* * [container,timeout=2] |/probe/traced.sh
create user ubtest:sec:frozen:* * [container,timeout=2] |/probe/probe.sh
create user ubtest:sec:setsid:* * [container,timeout=2] |/probe/escape.sh
create user ubtest:sec:forge:* * |$UB_TMP/spray.sh %k
negate user ubtest:sec:forge:* * [container] |/probe/probe.sh
create user ubtest:sec:recurse:* * [container] /sbin/request-key %o %k %u %g %T %P %S
create user ubtest:sec:steal:* * [container,timeout=5] /probe/steal.sh %k
create user ubtest:sec:fuse:* * [container,timeout=2] |/usr/bin/cat /probe/fnr/x
create user ubtest:sec:fusemem:* * [container,timeout=2] /probe/keyctl_fusemem %k /probe/fnr/x
create user ubtest:sec:seccomp:* * [container,timeout=5] |/probe/inherit.sh
create user ubtest:sec:seccompskip:* * [container,seccomp=skip,timeout=5] |/probe/inherit.sh
create user ubtest:sec:kdeny:* * [container,timeout=10] /probe/keyctl_attack.py %k
create user ubtest:sec:regrace:* * [container,timeout=5] |/bin/hostname
create user ubtest:sec:stopstage:* * [container,timeout=2] |/probe/leased.sh
create user ubtest:sec:late:* * [container,timeout=2] |/probe/late.sh
EOF
ub_install_broker
ub_container s1
ub_container s2
# Runtimes start the init under a seccomp filter: s3's denies mkdir, s4's
# defers it to a supervisor (user notification).
UB_INIT_WRAP="$UB_BUILD/tests/seccomp_init deny" ub_container s3
UB_INIT_WRAP="$UB_BUILD/tests/seccomp_init notif" ub_container s4
for c in s1 s2 s3 s4; do
	d=$UB_TMP/$c/root/probe
	cp "$A"/*.py "$d/"
	printf '#!/bin/sh\nexec sleep 60\n' >"$d/traced.sh"
	printf '#!/bin/sh\nsetsid sleep 1234 &\nsetsid sh -c "sleep 1235 & exec sleep 1236" &\nexec sleep 1237\n' >"$d/escape.sh"
	# A plain program that abuses the authority: search the requester's
	# keyrings, clear the requestor's keyring (for the kernel's own
	# requests: its host-wide cache), then answer as asked.
	cat >"$d/steal.sh" <<'EOF'
#!/bin/sh
got=nothing cleared=no
sec=$(keyctl request user ubtest:sec:secret 2>/dev/null) && got=$(keyctl pipe "$sec" 2>/dev/null)
keyctl clear -8 >/dev/null 2>&1 && cleared=yes
keyctl instantiate "$1" "stole=$got cleared=$cleared" 0
EOF
	cat >"$d/inherit.sh" <<'EOF'
#!/bin/sh
if mkdir /tmp/ubtest-sec-$$ 2>/dev/null; then echo mkdir=allowed; else echo mkdir=blocked; fi
grep -E '^(Seccomp|Seccomp_filters|CapInh|CapAmb|Umask):' /proc/self/status | tr -d '\t' | tr ':' '='
echo "nofile=$(ulimit -Sn):$(ulimit -Hn)"
echo "oom=$(cat /proc/self/oom_score_adj)"
EOF
	cp "$UB_BUILD/tests/fuse_noread" "$UB_BUILD/tests/keyctl_fusemem" "$d/"
	# owned by the container's root, who may take a lease on it
	printf '#!/bin/sh\necho answered\n' >"$d/leased.sh"
	printf '#!/bin/sh\nsleep 3\necho ran >/probe/late.ran\necho late\n' >"$d/late.sh"
	chown "$(stat -c %u "$d")" "$d/leased.sh"
	chmod 755 "$d"/*.sh "$d"/*.py
done

# capture <container>: stand in for a patched kernel that captured the
# container's init for the requests that follow.
capture() {
	local init_var=UB_INIT_$1 w=$UB_TMP/capture-wrapper
	cat >"$w" <<W
#!/bin/bash
# The kernel starts us with no fds: 0-2 first, so the pidfd lands above.
exec </dev/null >/dev/null 2>/dev/null
exec python3 -c 'import os, sys
fd = os.pidfd_open(int(sys.argv[1]))
os.set_inheritable(fd, True)
os.environ["UPCALL_INIT_PIDFD"] = str(fd)
os.execv(sys.argv[2], sys.argv[2:])' ${!init_var} $UB_BUILD/request-key "\$@"
W
	chmod 755 "$w"
	umount "$UB_REQUEST_KEY"
	mount --bind "$w" "$UB_REQUEST_KEY"
}
uncapture() {
	umount "$UB_REQUEST_KEY"
	mount --bind "$UB_BUILD/request-key" "$UB_REQUEST_KEY"
}
REQ=$UB_TOP/tests/integration/req.sh
err() { sed -n 's/^ERROR: request_key: //p' <<<"$1"; }
num() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$2"; }

# --- 1. A forged requester through /proc/keys. The first rule (host) plays
# the attacker while the broker waits for it: it learns the authorisation
# key's serial and target from /proc/keys and adds world-viewable keys whose
# descriptions hold a newline and a complete copy of the auth line naming
# container s2's init, until one sorts before the real line. The negate
# rule then resolves the requester from /proc/keys.
cat >"$UB_TMP/spray.sh" <<EOF
#!/bin/bash
target=\$(printf '%x' "\$1")
line=\$(grep -m1 " .request_ key:\$target pid:" /proc/keys) || exit 1
auth=\${line%% *}
fake="\${line% pid:*} pid:$UB_INIT_s2 ci:\${line##* ci:}"
for i in \$(seq 200); do
	# The kernel prints ": <datalen>" after a user key's description:
	# a last line of its own keeps that off the forged one.
	k=\$(keyctl add user "ubtest-forge-\$i"\$'\n'"\$fake"\$'\nz' x @s) || break
	keyctl setperm "\$k" 0x3f3f3f3f
	echo "\$k" >>$UB_TMP/forged-keys
	[ \$((k)) -lt \$((16#\$auth)) ] && { echo "\$k" >$UB_TMP/forged-first; break; }
done
exit 1
EOF
chmod 755 "$UB_TMP/spray.sh"
out=$(timeout 30 "$REQ" ubtest:sec:forge:1 || true)
check "forged /proc/keys line: the attacker got a line in before the real one" test -s "$UB_TMP/forged-first"
check "forged /proc/keys line: nothing ran in the container it names" \
	bash -c '! grep -q "^hostname=s2" <<<"$1"' _ "$out"
check_eq "forged /proc/keys line: the request is refused" "Key was rejected by service" "$(err "$out")"
# Without the forgery the same kind of rule resolves the (host) requester.
out=$(timeout 30 "$REQ" ubtest:sec:race:host || true)
check_eq "/proc/keys: without a forgery the requester is found (host: no /probe there)" \
	"Required key not available" "$(err "$out")"

# --- 2. ptrace and pidfd_getfd against every stage before the helper's
# exec: the attacker stops each new process of its pid namespace at once
# and attacks it while it is stopped.
capture s1
ub_in s1 /probe/ptrace_race.py $((RACE_RUNS / 2 + 20)) /probe/race.out &
attacker=$!
sleep 0.5
for i in $(seq "$RACE_RUNS"); do timeout 20 "$REQ" "ubtest:sec:race:$i" >/dev/null 2>&1 || true; done
wait "$attacker" || true
race=$(cat "$UB_TMP/s1/root/probe/race.out" 2>/dev/null || true)
echo "# ptrace race over $RACE_RUNS requests: $race"
check "ptrace race: the attacker stopped stages that held host credentials" test "$(num host_caught "$race")" -gt 0
check_eq "ptrace race: no attach to a process holding host credentials" 0 "$(num wins "$race")"
check_eq "ptrace race: no pidfd_getfd from a process holding host credentials" 0 "$(num getfd_wins "$race")"

# --- 3. exec=host: nothing of the host's file system reachable through
# /proc/<pid>/{root,cwd,exe,fd} of the helper while it runs.
marker=ubtest-host-marker-$$
touch "/tmp/$marker"
UB_CLEAN_FILES+=("/tmp/$marker")
# The helper's executable (the host's file, through a private read-only
# overlayfs) must not be writable either (compare CVE-2019-5736): a second
# attacker holds /proc/<pid>/exe, tries to make its mount writable, and
# writes it once the helper has exited. The program is root's and 0711, as
# the shipped static helpers are: the helper cannot read it, so it runs
# non-dumpable and the attacker cannot even open it. A program others may
# read is run from the sealed copy. The same attack on a read-only bind
# mount, which the broker does not use for this reason, must win (control).
mkdir -m 755 "$UB_TMP/xh" && cp "$UB_BUILD/tests/hold" "$UB_TMP/xh/hold" && chmod 0711 "$UB_TMP/xh/hold"
exe_attack() {
	ub_in s1 /probe/host_paths.py 4 "$marker" /probe/paths.out &
	local paths_pid=$!
	ub_in s1 /probe/exe_unwrap.py watch 4 /probe/unwrap.out &
	local unwrap_pid=$!
	sleep 0.3
	out=$(timeout 20 "$REQ" "ubtest:sec:$1" || true)
	wait "$paths_pid" "$unwrap_pid" || true
	paths=$(cat "$UB_TMP/s1/root/probe/paths.out" 2>/dev/null || true)
	unwrap=$(cat "$UB_TMP/s1/root/probe/unwrap.out" 2>/dev/null || true)
	rm -f "$UB_TMP/s1/root/probe/paths.out" "$UB_TMP/s1/root/probe/unwrap.out"
	echo "# exec=host: $(head -1 <<<"$paths"); $(head -1 <<<"$unwrap")"
}
hold_sum=$(sha256sum <"$UB_TMP/xh/hold")
exe_attack hold:1
check_eq "exec=host: the host binary's helper answered" "held" "$out"
check_eq "exec=host: no host path reached through /proc/<pid>/{root,cwd,fd}" 0 "$(num reached "$paths")"
check "exec=host: /proc/<pid>/exe names no host file" bash -c '! grep -qE "exes=.*($2|$3)" <<<"$1"' _ "$paths" "$UB_BUILD" "$UB_TMP"
check "exec=host: the attacker saw the helper run, and its exe was refused to it" grep -qE '^held=0 .*denied_comms=(.*,)?hold(,|$)' <<<"$unwrap"
check_eq "exec=host: no write to the host's program through /proc/<pid>/exe" 0 "$(num wins "$unwrap")"
exe_attack holdr:1
check_eq "exec=host, a program others may read: the helper answered" "held" "$out"
check "exec=host, a program others may read: run from the sealed copy" grep -q 'exes=.*memfd:upcall-helper' <<<"$paths"
check "exec=host, the sealed copy: the attacker held it" grep -qE '^held=[1-9]' <<<"$unwrap"
check_eq "exec=host, the sealed copy: no write through /proc/<pid>/exe" 0 "$(num wins "$unwrap")"
cp "$UB_BUILD/tests/hold" "$UB_TMP/control-prog"
python3 "$A/exe_unwrap.py" control "$UB_TMP/control-prog" "$UB_TMP/control.out" || true
control=$(cat "$UB_TMP/control.out" 2>/dev/null || true)
echo "# control, a read-only bind mount: $control"
check_eq "control: the same attack writes through a read-only bind mount" "1 1" "$(num unwrapped "$control") $(num wins "$control")"
check_eq "exec=host: the host's program is unchanged" "$hold_sum" "$(sha256sum <"$UB_TMP/xh/hold")"
# The empty layer under the program's directory must be root's alone; one
# that others may write to is not used: the helper runs from the copy.
layer=/run/upcall-broker/exec-host-layer
if [ -d "$layer" ]; then
	UB_CHMODS+=("$(stat -c %a "$layer")=$layer")
	chmod o+w "$layer"
	exe_attack hold:2
	check_eq "exec=host, a writable layer: the helper answered" "held" "$out"
	check "exec=host, a writable layer: refused, the helper ran from the sealed copy" grep -q 'exes=.*memfd:upcall-helper' <<<"$paths"
	check_eq "exec=host, a writable layer: no write through /proc/<pid>/exe" 0 "$(num wins "$unwrap")"
else
	ub_skip "exec=host, a writable layer" "no private overlayfs here (the sealed copy was used)"
fi
# Every sealed copy stays allocated for as long as the container holds its
# helper's /proc/<pid>/exe: one per upcall, as many as it likes. It must be
# charged to the container's memory cgroup (stage one makes it there), not
# to the host's: before, the broker made it in its own (the host's root
# cgroup), so the container could fill the host's memory past its limits.
ub_in s1 /probe/exe_unwrap.py pin 30 /probe/pin.release /probe/pin.out &
pin_pid=$!
sleep 0.3
for i in 1 2 3; do timeout 20 "$REQ" "ubtest:sec:hold:pin$i" >/dev/null 2>&1 || true; done
pinned=$(python3 "$A/memcg_of_pinned.py" "$UB_INIT_s1" || true)
touch "$UB_TMP/s1/root/probe/pin.release"
wait "$pin_pid" || true
[ -d "$layer" ] && chmod o-w "$layer"
echo "# exec=host, sealed copies the container pins: $pinned"
if [ "$(num own "$pinned")" = 1 ]; then
	check_eq "exec=host, the sealed copy: the container pinned its helpers' copies" 3 "$(num held "$pinned")"
	check_eq "exec=host, the sealed copy: each copy it pins is charged to its own memory cgroup" \
		"3 0" "$(num container "$pinned") $(num elsewhere "$pinned")"
else
	ub_skip "exec=host, the sealed copy: charged to the container" "its init has no memory cgroup of its own"
fi

# --- 4. A tracer that never waits must not hold the requester.
ub_in s1 /probe/tracer.py 25 "sleep 60" /probe/tracer.out &
tracer=$!
sleep 0.5
s=$SECONDS
out=$(timeout 60 "$REQ" ubtest:sec:trace:1 || true)
took=$((SECONDS - s))
kill "$tracer" 2>/dev/null || true
wait "$tracer" 2>/dev/null || true
echo "# tracer: the request ended after $took s"
check "tracer: the attacker seized the helper" test -s "$UB_TMP/s1/root/probe/tracer.out"
check "tracer: the request ended within the deadline and the grace (2+2 s)" test "$took" -le 6
check_eq "tracer: timed out" "Connection timed out" "$(err "$out")"

# --- 5. A frozen cgroup of the init (its cgroup v2, delegated by runtimes,
# and a cgroup v1 freezer) must not stretch the request past its deadline.
cg2=""
for c in "${UB_CGROUPS[@]}"; do
	case $c in *ubtest-$$-s1) [ -e "$c/cgroup.freeze" ] && cg2=$c ;; esac
done
if [ -n "$cg2" ]; then
	echo 1 >"$cg2/cgroup.freeze"
	s=$SECONDS
	out=$(timeout 60 "$REQ" ubtest:sec:frozen:v2 || true)
	took=$((SECONDS - s))
	echo 0 >"$cg2/cgroup.freeze"
	echo "# frozen v2 cgroup: the request ended after $took s"
	check "frozen v2 cgroup: the request ended within the deadline and the grace" test "$took" -le 6
	check_eq "frozen v2 cgroup: timed out" "Connection timed out" "$(err "$out")"
	# Thawed after the deadline, within the grace: the stages and the
	# helper are born then, after the broker gave up waiting for the
	# helper's pidfd. That helper must be killed with the upcall, not run.
	rm -f "$UB_TMP/s1/root/probe/late.ran"
	echo 1 >"$cg2/cgroup.freeze"
	timeout 60 "$REQ" ubtest:sec:late:1 >"$UB_TMP/late.out" 2>&1 &
	req=$!
	UB_PIDS+=("$req")
	sleep 2.5
	echo 0 >"$cg2/cgroup.freeze"
	wait "$req" || true
	sleep 4.5
	check_eq "thawed after the deadline: timed out" "Connection timed out" "$(err "$(cat "$UB_TMP/late.out")")"
	check "thawed after the deadline: the helper born late did not run past the upcall" \
		test ! -e "$UB_TMP/s1/root/probe/late.ran"
else
	ub_log "no cgroup v2 freezer here"
fi
if [ -d /sys/fs/cgroup/freezer ]; then
	fz=/sys/fs/cgroup/freezer/ubtest-$$-s1
	mkdir -p "$fz"
	UB_CGROUPS+=("$fz")
	echo "$UB_INIT_s1" >"$fz/cgroup.procs"
	echo FROZEN >"$fz/freezer.state"
	s=$SECONDS
	out=$(timeout 60 "$REQ" ubtest:sec:frozen:v1 || true)
	took=$((SECONDS - s))
	echo THAWED >"$fz/freezer.state"
	echo "# frozen v1 freezer: the request ended after $took s"
	check "frozen v1 freezer: the request ended within the deadline and the grace" test "$took" -le 7
	check "frozen v1 freezer: the key failed" test -n "$(err "$out")"
	echo "$UB_INIT_s1" >/sys/fs/cgroup/freezer/cgroup.procs || ub_log "could not move init back from $fz"
fi

# A FUSE file system of the container's whose file never delivers its
# pages (fuse_noread: READ is never answered) blocks the helper's read of
# it; the deadline covers that too. So must a plain program whose keyctl()
# payload is mapped from that file: the broker copies it. (Here that copy
# fails at once: FUSE refuses a reader whose uid the container's user
# namespace does not map, EOVERFLOW. Where it could block, a container
# mapping host uid 0, the copy is made by a child of the broker that the
# deadline abandons, never by the process the kernel waits for.)
mknod -m 666 "$UB_TMP/s1/root/dev/fuse" c 10 229 2>/dev/null || true
ub_in s1 mkdir -p /probe/fnr
ub_in s1 /probe/fuse_noread /probe/fnr >"$UB_TMP/fnr.out" 2>&1 &
fnr=$!
for i in $(seq 50); do grep -q mounted "$UB_TMP/fnr.out" 2>/dev/null && break; sleep 0.1; done
for what in "fuse:a helper reading the file" "fusemem:a keyctl() payload mapped from the file"; do
	desc=ubtest:sec:${what%%:*}:1 name="FUSE that never answers, ${what#*:}"
	if ! grep -q mounted "$UB_TMP/fnr.out"; then
		ub_skip "$name: the request ended within the deadline" "no FUSE mount here: $(head -1 "$UB_TMP/fnr.out")"
		continue
	fi
	s=$SECONDS
	out=$(timeout 60 "$REQ" "$desc" || true)
	took=$((SECONDS - s))
	echo "# $name: the request ended after $took s ($(err "$out"))"
	check "$name: the request ended within the deadline and the grace (2+2 s)" test "$took" -le 6
	if [ "${what%%:*}" = fuse ]; then
		check_eq "$name: timed out" "Connection timed out" "$(err "$out")"
	else
		check "$name: the key failed" test -n "$(err "$out")"
	fi
done
pkill -KILL -f '/probe/fuse_noread' 2>/dev/null || true
wait "$fnr" 2>/dev/null || true

# --- 6. Nothing a helper starts outlives it, setsid() included.
out=$(timeout 30 "$REQ" ubtest:sec:setsid:1 || true)
sleep 0.5
left=$( (pgrep -f 'sleep 123[4-7]' || true) | wc -l)
check_eq "setsid escape: timed out" "Connection timed out" "$(err "$out")"
check_eq "setsid escape: no process of the helper survives the kill" 0 "$left"
pkill -KILL -f 'sleep 123[4-7]' 2>/dev/null || true

# --- 7. The helper is no less confined than a fork of the init: the init's
# seccomp filters, rlimits and OOM score adjustment come with it.
field() { printf '%s\n' "$1" | sed -n "s/^$2=//p"; }
prlimit --pid "$UB_INIT_s3" --nofile=1000:2000
echo 123 >"/proc/$UB_INIT_s3/oom_score_adj"
capture s3
out=$(timeout 30 "$REQ" ubtest:sec:seccomp:1 || true)
check_eq "seccomp: the init's filter applies to the helper" blocked "$(field "$out" mkdir)"
check_eq "seccomp: as many filters as the init" "$(sed -n 's/^Seccomp_filters:\t//p' "/proc/$UB_INIT_s3/status")" \
	"$(field "$out" Seccomp_filters)"
check_eq "rlimits: the init's RLIMIT_NOFILE" "1000:2000" "$(field "$out" nofile)"
check_eq "oom_score_adj: the init's" 123 "$(field "$out" oom)"
check_eq "umask: the init's" "$(sed -n 's/^Umask:\t//p' "/proc/$UB_INIT_s3/status")" "$(field "$out" Umask)"
out=$(timeout 30 "$REQ" ubtest:sec:seccompskip:1 || true)
check_eq "seccomp=skip: the rule may run the helper without them" allowed "$(field "$out" mkdir)"
capture s4
out=$(timeout 30 "$REQ" ubtest:sec:seccomp:2 || true)
check_eq "seccomp: a user-notification filter cannot be copied: refused" "Key was rejected by service" "$(err "$out")"
out=$(timeout 30 "$REQ" ubtest:sec:seccompskip:2 || true)
check_eq "seccomp=skip: ...unless the rule says so" allowed "$(field "$out" mkdir)"

# --- 8. A plain program in a container gets nothing but its one key: not
# the requester's keyrings, not the requestor's (destination) keyring,
# which for NFS id mapping is the kernel's host-wide .id_resolver cache.
capture s1
out=$(timeout 30 keyctl session - sh -c 'keyctl add user ubtest:sec:secret s3cr3t @s >/dev/null
id=$(keyctl request2 user ubtest:sec:steal:1 x @s) && keyctl pipe "$id"; echo
keyctl list @s' 2>&1 || true)
check "authority: the program answered through the broker" grep -q '^stole=' <<<"$out"
check_eq "authority: no key of the requester's found through it" nothing "$(sed -n 's/^stole=\([^ ]*\).*/\1/p' <<<"$out")"
check_eq "authority: the requestor's keyring not cleared through it" no "$(sed -n 's/.*cleared=\([a-z]*\).*/\1/p' <<<"$out")"
check "authority: the requester's secret is still there" grep -q 'ubtest:sec:secret' <<<"$out"

# --- 9. A delegation rule resolved to the host never runs us again as root.
uncapture
s=$SECONDS
out=$(timeout 30 "$REQ" ubtest:sec:recurse:1 || true)
check_eq "delegation rule on the host: refused" "Key was rejected by service" "$(err "$out")"
check "delegation rule on the host: at once (5 s)" test $((SECONDS - s)) -le 5

# --- 10. nfsidmap: a description starting with '-' is an operand, and the
# shipped rules end the options before the key.
out=$("$UB_BUILD/helpers/nfsidmap" -B -t 600 1 -d 2>&1 || true)
check "nfsidmap: '-d' after the key is not an option" bash -c '! grep -qi "domain" <<<"$1"' _ "$out"
for f in "$UB_TOP"/request-key.d/*.conf; do
	bad=$(grep -E '^[^#]' "$f" | grep -v -- '-- %k' || true)
	check "$(basename "$f"): options end before %k" test -z "$bad"
done
# --- 11. A runtime filter that denies keyctl() (s5: with an errno of its
# own, EL3HLT; s6: SECCOMP_RET_TRACE, ENOSYS without a tracer) stays in
# force for the plain program: the copies of the init's filter let through
# only the calls the broker's proxy answers itself on the one key, and the
# proxy never runs one of those as the program's own. The program tries
# other keys and keyrings, garbage in the upper 32 bits of the operation
# and the key id, and x32.
UB_INIT_WRAP="$A/keyctl_deny_init.py errno" ub_container s5
UB_INIT_WRAP="$A/keyctl_deny_init.py trace" ub_container s6
for c in s5 s6; do
	cp "$A/keyctl_attack.py" "$UB_TMP/$c/root/probe/"
	chmod 755 "$UB_TMP/$c/root/probe/keyctl_attack.py"
done
kfield() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }
for c in s5:EL3HLT s6:ENOSYS; do
	name=${c%%:*} denied=${c#*:}
	capture "$name"
	out=$(timeout 30 "$REQ" "ubtest:sec:kdeny:$name" || true)
	echo "# $name: $out"
	check "$name keyctl denial: the program answered through the proxy" grep -q 'getid_auth=' <<<"$out"
	for tag in "" _hiop _hiid _hi; do
		for f in getid_session getid_other describe_other describe_session read_other timeout_other search_session; do
			check_eq "$name keyctl denial: $f$tag fails as the init's filter says" "$denied" "$(kfield "$out" "$f$tag")"
		done
		check_eq "$name keyctl denial: instantiate_other$tag refused by the proxy" EPERM "$(kfield "$out" "instantiate_other$tag")"
		for f in getid_auth read_auth describe_key; do
			check_eq "$name keyctl denial: $f$tag answered by the proxy" ok "$(kfield "$out" "$f$tag")"
		done
	done
	for f in x32_getid_session x32_getid_auth x32_describe_key; do
		check_eq "$name keyctl denial: $f fails as the init's filter says" "$denied" "$(kfield "$out" "$f")"
	done
done
# An init filter of BPF_MAXINSNS instructions leaves no room for the
# prefix: the helper must not run at all rather than run without it.
UB_INIT_WRAP="$A/keyctl_deny_init.py big" ub_container s7
cp "$A/keyctl_attack.py" "$UB_TMP/s7/root/probe/"
capture s7
out=$(timeout 30 "$REQ" ubtest:sec:kdeny:s7 || true)
check_eq "init filter of BPF_MAXINSNS: the init runs under it" 1 "$(sed -n 's/^Seccomp_filters:\t//p' "/proc/$UB_INIT_s7/status")"
check "init filter of BPF_MAXINSNS: the key failed ($(err "$out"))" test -n "$(err "$out")"
check "init filter of BPF_MAXINSNS: the program never answered" bash -c '! grep -q "getid_auth=" <<<"$1"' _ "$out"

# --- 12. A container registered "refuse" (on the cgroup its manager made)
# escapes the refusal by no move of its own: while requests run, its root
# swaps the names of two cgroups of its delegated subtree and moves its init
# between them and into a cgroup it then removes. Every request is refused:
# the walk climbs by directory fd from a cgroup the init was proven to be in
# (by the kernel's cgroup id on >= 6.13, not by a name), every cgroup the
# container can name is below the registered one, and a read that fails
# refuses rather than counting as unregistered.
cg2=""
for d in /sys/fs/cgroup/unified /sys/fs/cgroup; do
	if [ "$(stat -f -c %T "$d" 2>/dev/null)" = cgroup2fs ]; then cg2=$d; break; fi
done
if [ -z "$cg2" ]; then
	ub_skip "registration race: every request refused" "no cgroup v2 hierarchy"
else
	ub_container s8
	top=$cg2/ubtest-$$-s8 init=$UB_INIT_s8
	mkdir "$top/payload"
	UB_CGROUPS=("$top/payload/a" "$top/payload/b" "$top/payload/c" "$top/payload/t" "$top/payload" "${UB_CGROUPS[@]}")
	base=$(stat -c %u "$UB_TMP/s8/root")
	chown "$base:$base" "$top/payload" "$top/payload/cgroup.procs" "$top/payload/cgroup.threads" \
		"$top/payload/cgroup.subtree_control"
	echo "$init" >"$top/payload/cgroup.procs"
	"$UB_BUILD/upcall-broker" register --cgroup "/ubtest-$$-s8" refuse >/dev/null
	as_croot() { nsenter -t "$init" --user --cgroup -S 0 -G 0 -- "$@"; }
	as_croot sh -c 'cd "$1" && mkdir a b && echo "$2" >a/cgroup.procs' _ "$top/payload" "$init"
	check "registration race: the container's root moves its init in its subtree" grep -qx "$init" "$top/payload/a/cgroup.procs"
	as_croot "$A/cgroup_mover.py" "$top/payload" "$init" "$UB_TMP/regrace.stop" >"$UB_TMP/regrace.moves" &
	mover=$!
	UB_PIDS+=("$mover")
	capture s8
	ran=0 refused=0 other=0
	for i in $(seq "$RACE_RUNS"); do
		out=$(timeout 20 "$REQ" "ubtest:sec:regrace:$i" 2>&1 || true)
		case $(err "$out") in
		"Required key not available") refused=$((refused + 1)) ;;
		"") ran=$((ran + 1)); echo "# registration race: request $i answered: $out" ;;
		*) other=$((other + 1)); echo "# registration race: request $i: $(err "$out")" ;;
		esac
	done
	touch "$UB_TMP/regrace.stop"
	wait "$mover" || true
	echo "# registration race: $RACE_RUNS requests, $(cat "$UB_TMP/regrace.moves" 2>/dev/null) rounds of moves: refused=$refused ran=$ran other=$other"
	check "registration race: the container's root kept moving" test "$(cat "$UB_TMP/regrace.moves" 2>/dev/null || echo 0)" -gt 0
	check_eq "registration race: no request answered" 0 "$ran"
	check_eq "registration race: every request refused (by policy or for a failed read)" "$RACE_RUNS" $((refused + other))
	check "registration race: refused by the policy itself" test "$refused" -gt 0
fi
# --- 13. Stage two lives in the container's pid namespace while the helper
# sets up (it waits for the helper's exec, CLONE_VFORK). The container's
# root holds the helper in its exec with a write lease on the program,
# stops stage two meanwhile and keeps it stopped: the request must still
# end within its deadline and the grace, and stage two must not outlive
# the broker.
capture s1
rm -f "$UB_TMP/s1/root/probe/stop.out"
ub_in s1 /probe/stage_two.py /probe/leased.sh /probe/stop.out stop 15 &
attacker=$!
for i in $(seq 100); do grep -q leased "$UB_TMP/s1/root/probe/stop.out" 2>/dev/null && break; sleep 0.05; done
s=$SECONDS
out=$(timeout 60 "$REQ" ubtest:sec:stopstage:1 || true)
took=$((SECONDS - s))
wait "$attacker" || true
stop=$(cat "$UB_TMP/s1/root/probe/stop.out" 2>/dev/null || true)
echo "# stopped stage two: the request ended after $took s; $(tr '\n' ' ' <<<"$stop")"
check "stopped stage two: the attacker stopped it while the helper waited in exec" grep -qx 'stopped=1' <<<"$stop"
check "stopped stage two: the request ended within the deadline and the grace (2+2 s)" test "$took" -le 6
# Sharing the helper's memory it waits for the helper's exec and holds its
# pipes: the key times out; where the helper has a copy (AddressSanitizer
# builds) it has nothing left to hold and the helper answers.
check "stopped stage two: timed out, or answered where it holds nothing" \
	grep -qxE 'Connection timed out|' <<<"$(err "$out")"
check "stopped stage two: it did not outlive the broker" grep -qx 'alive_after=no' <<<"$stop"

# --- 14. fs.suid_dumpable=1: the helper's credential change sets the
# dumpable flag of its memory to it (commit_creds()). Were that memory
# shared with stage two (host uid 0, host fds, in the container's pid
# namespace), container root could trace stage two while the helper waits
# in its exec. The broker then gives the helper a copy.
sd=/proc/sys/fs/suid_dumpable
UB_SYSCTLS+=("$sd=$(cat "$sd")")
echo 1 >"$sd"
rm -f "$UB_TMP/s1/root/probe/trace.out"
ub_in s1 /probe/stage_two.py /probe/leased.sh /probe/trace.out trace &
attacker=$!
for i in $(seq 100); do grep -q leased "$UB_TMP/s1/root/probe/trace.out" 2>/dev/null && break; sleep 0.05; done
out=$(timeout 60 "$REQ" ubtest:sec:stopstage:2 || true)
wait "$attacker" || true
printf '%s\n' "${UB_SYSCTLS[-1]#*=}" >"$sd"
trace=$(cat "$UB_TMP/s1/root/probe/trace.out" 2>/dev/null || true)
echo "# suid_dumpable=1: $(tr '\n' ' ' <<<"$trace")"
check "suid_dumpable=1: the attacker found stage two while the helper waited in exec" grep -qx 'found=1' <<<"$trace"
check_eq "suid_dumpable=1: no ptrace or /proc/<pid>/mem of stage two" "wins=0" "$(grep '^wins=' <<<"$trace")"
check_eq "suid_dumpable=1: the helper still answered" "answered" "$out"
ub_done
