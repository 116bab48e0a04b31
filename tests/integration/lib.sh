#!/bin/bash
# Shared plumbing for the integration tests: throwaway containers made with
# unshare, the broker bind-mounted over /sbin/request-key, temporary rules.
# Everything a test sets up is undone by ub_cleanup, which runs on every exit
# path (EXIT, INT, TERM, HUP).
set -euo pipefail

UB_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
UB_BUILD=${UB_BUILD:-$UB_TOP/build}
UB_REQUEST_KEY=/usr/sbin/request-key
UB_TMP=$(mktemp -d /tmp/ubtest.XXXXXX)
chmod 755 "$UB_TMP"
UB_RULES=/etc/request-key.d/zz-ubtest-$$.conf
UB_PIDS=()
UB_CLEAN_FILES=()
UB_NCONT=0
UB_CGROUPS=()
UB_UMOUNTS=()
UB_SYSCTLS=()        # "<file under /proc/sys>=<value to restore>"
UB_CHMODS=()         # "<octal mode to restore>=<path>"
UB_MOUNTED=0
UB_PASS=0
UB_FAIL=0
UB_SKIP=0
# capture mode: "<init pid> <description>" lines, newest last (ub_request)
UB_CAPTURE_MAP=$UB_TMP/capture.map

ub_cleanup() {
	local rc=$?
	set +e
	for p in "${UB_PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
	for p in "${UB_PIDS[@]}"; do wait "$p" 2>/dev/null; done
	if [ "$UB_MOUNTED" = 1 ]; then
		umount "$UB_REQUEST_KEY" 2>/dev/null || umount -l "$UB_REQUEST_KEY"
	fi
	rm -f "$UB_RULES" "${UB_CLEAN_FILES[@]}"
	for sc in "${UB_SYSCTLS[@]}"; do printf '%s\n' "${sc#*=}" >"${sc%%=*}"; done
	for cm in "${UB_CHMODS[@]}"; do chmod "${cm%%=*}" "${cm#*=}"; done
	for m in "${UB_UMOUNTS[@]}"; do umount -R "$m" 2>/dev/null || umount -R -l "$m"; done
	# twice: a parent listed before its children goes on the second pass
	for _ in 1 2; do
		for cg in "${UB_CGROUPS[@]}"; do
			[ -d "$cg" ] && { cat "$cg/cgroup.procs" 2>/dev/null | while read -r q; do kill -KILL "$q" 2>/dev/null; done; sleep 0.1; rmdir "$cg" 2>/dev/null; }
		done
	done
	rm -rf "$UB_TMP"
	exit $rc
}
trap ub_cleanup EXIT
trap 'exit 130' INT TERM HUP

ub_log() { printf '%s\n' "$*" >&2; }

ok() { UB_PASS=$((UB_PASS + 1)); printf 'ok %d - %s\n' $((UB_PASS + UB_FAIL + UB_SKIP)) "$*"; }
not_ok() { UB_FAIL=$((UB_FAIL + 1)); printf 'not ok %d - %s\n' $((UB_PASS + UB_FAIL + UB_SKIP)) "$*"; }
# ub_skip <description> <reason>: a check this machine cannot make (TAP SKIP).
ub_skip() { UB_SKIP=$((UB_SKIP + 1)); printf 'ok %d - %s # SKIP %s\n' $((UB_PASS + UB_FAIL + UB_SKIP)) "$1" "$2"; }
# check <description> <command...>
check() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
# check_eq <description> <expected> <actual>
check_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1"; printf '#   expected: %s\n#   got:      %s\n' "$2" "$3"; fi
}
ub_done() {
	printf '# %d passed, %d failed, %d skipped\n' "$UB_PASS" "$UB_FAIL" "$UB_SKIP"
	[ "$UB_FAIL" = 0 ]
}

# One swapper of request-key at a time: the bind mount affects every key
# request on the machine (the keyutils suite takes the same lock). Held until
# the test exits. Also for reading the stock /sbin/request-key: outside the
# lock it may be another test's broker.
ub_lock_request_key() {
	[ -n "${UB_LOCKFD:-}" ] && return 0
	mkdir -p /run/lock
	exec {UB_LOCKFD}>/run/lock/upcall-broker-request-key.lock
	flock -w 900 "$UB_LOCKFD" || { ub_log "FATAL: another test holds the request-key lock"; exit 1; }
	if findmnt -rn "$UB_REQUEST_KEY" >/dev/null; then
		ub_log "FATAL: $UB_REQUEST_KEY is already bind-mounted (a crashed earlier run?)"
		exit 1
	fi
}

# Put the broker in the kernel's path for the rest of the test.
ub_install_broker() {
	ub_lock_request_key
	local broker=$UB_BUILD/request-key
	if [ -n "${UB_DEBUG:-}" ]; then
		# Debugging aid: this machine may have no syslog daemon, so keep
		# the broker's -v output in a file that outlives the test.
		broker=$UB_TMP/request-key-debug
		printf '#!/bin/sh\nexec %s -v "$@" 2>>%s\n' "$UB_BUILD/request-key" "${UB_DEBUG_LOG:-/tmp/upcall-broker-debug.log}" >"$broker"
		chmod 755 "$broker"
	fi
	if [ "$UB_UPCALL_MODE" = capture ]; then
		# Play the patched kernel: the wrapper hands the broker a pidfd of
		# the container a request stands for (see ub_request).
		# UB_CAPTURE_WRAPPER: another program with the same arguments
		# (bench/capture.c, which has no shell or python start-up).
		: >"$UB_CAPTURE_MAP"
		printf '#!/bin/sh\nexec %s %s %s "$@"\n' "${UB_CAPTURE_WRAPPER:-/bin/sh $UB_TOP/tests/integration/capture-wrapper.sh}" \
			"$UB_CAPTURE_MAP" "$broker" >"$UB_TMP/request-key-capture"
		chmod 755 "$UB_TMP/request-key-capture"
		broker=$UB_TMP/request-key-capture
	fi
	mount --bind "$broker" "$UB_REQUEST_KEY"
	UB_MOUNTED=1
}

# Does this kernel start request-key for a request made inside a user
# namespace? Some kernels refuse at once with ENOENT and never run it. The
# probe's key lives only in a session keyring that dies with it; its
# description matches no rule, so whatever request-key is installed only
# negates it.
ub_probe_upcall_mode() {
	local out
	out=$(cd / && timeout 20 unshare --user --map-root-user \
		keyctl session - keyctl request2 user "ubtest-upcall-probe:$$" x @s 2>&1 >/dev/null || true)
	case $out in
	*"No such file or directory"*) echo capture ;;
	*) echo native ;;
	esac
}
# native:  containers make their own requests (the kernel upcalls from them).
# capture: a container's request is made on the host and the test plays the
#          patched kernel that captured the container's init (doc/abi.md);
#          checks of the requester's own context are skipped.
# UB_FORCE_UPCALL_MODE=capture tries capture mode on any kernel.
UB_UPCALL_MODE=${UB_FORCE_UPCALL_MODE:-$(ub_probe_upcall_mode)}
UB_CAPTURE_SKIP="kernel $(uname -r) refuses request-key upcalls from user namespaces (ENOENT), so requests are made on the host with a captured init"
printf '# upcall mode: %s\n' "$UB_UPCALL_MODE"

# ub_native_only <description...>: true in native mode; in capture mode
# reports each description as skipped and is false. For checks about the
# requester's own context, which a host request cannot have.
ub_native_only() {
	[ "$UB_UPCALL_MODE" = native ] && return 0
	local d
	for d in "$@"; do ub_skip "$d" "$UB_CAPTURE_SKIP"; done
	return 1
}

# ub_rules <<EOF ... EOF: this test's request-key rules.
ub_rules() { cat >"$UB_RULES"; }

# ub_container <name> [setpriv options...]: start a container: its own user
# (root = host uid 100000+), pid, mount, net, uts, ipc and cgroup namespaces,
# its own cgroups, root directory, /etc (hostname, hosts, passwd) and /proc.
# Sets UB_INIT_<name> to the host pid of its init.
ub_container() {
	local name=$1; shift
	local idx=$UB_NCONT
	UB_NCONT=$((UB_NCONT + 1))
	local base=$((100000 + 65536 * idx))
	local root=$UB_TMP/$name/root
	mkdir -p "$root"/{usr,proc,etc,tmp,dev,probe,var/lib/nfs}
	for l in bin sbin lib lib64; do [ -L /$l ] && ln -s "usr/$l" "$root/$l"; done
	echo "$name" >"$root/etc/hostname"
	printf '127.0.0.1 localhost\n' >"$root/etc/hosts"
	printf 'root:x:0:0:root:/root:/bin/sh\nalice:x:%d:%d::/tmp:/bin/sh\n' $((1000 + idx)) $((1000 + idx)) >"$root/etc/passwd"
	printf 'root:x:0:\nalice:x:%d:\n' $((1000 + idx)) >"$root/etc/group"
	printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
	# The loader's cache, as a distribution's image has it: without it every
	# dynamic program in the container probes ~30 library paths first.
	[ -f /etc/ld.so.cache ] && cp /etc/ld.so.cache "$root/etc/"
	touch "$root/etc/ubtest-root-$name"
	cp "$UB_TOP/tests/integration/probe.sh" "$UB_TOP/tests/integration/req.sh" "$root/probe/"
	# UB_INIT_WRAP="<static program> <args>": the init runs under it (a
	# runtime's seccomp filter, say); the program is copied into /probe.
	local wrap=""
	if [ -n "${UB_INIT_WRAP:-}" ]; then
		local w=${UB_INIT_WRAP%% *}
		cp "$w" "$root/probe/"
		wrap="/probe/$(basename "$w") ${UB_INIT_WRAP#* }"
	fi
	chown -R $base:$base "$UB_TMP/$name"
	# Own cgroups (v2 and, on hybrid hosts, v1 pids) so that joining them is observable.
	local cg2="" d cgs=() cg
	for d in /sys/fs/cgroup/unified /sys/fs/cgroup; do
		if [ "$(stat -f -c %T "$d" 2>/dev/null)" = cgroup2fs ]; then cg2=$d; break; fi
	done
	[ -n "$cg2" ] && cgs+=("$cg2/ubtest-$$-$name")
	[ -d /sys/fs/cgroup/pids ] && cgs+=("/sys/fs/cgroup/pids/ubtest-$$-$name")
	for cg in "${cgs[@]}"; do mkdir -p "$cg"; UB_CGROUPS+=("$cg"); done
	local ready=$UB_TMP/$name/ready
	cat >"$UB_TMP/$name.init" <<EOF
set -e
mount --make-rprivate /
mount --rbind /usr $root/usr
mount -t proc proc $root/proc
mount -t tmpfs tmpfs $root/tmp
for d in null zero urandom; do touch $root/dev/\$d; mount --bind /dev/\$d $root/dev/\$d; done
hostname $name
ip link set lo up 2>/dev/null || true
touch $ready
mount --rbind $root $root
cd $root
mkdir -p .oldroot
# pivot_root, not chroot: a chrooted process may not create user namespaces,
# and containers inside this container are part of the tests.
pivot_root . .oldroot
umount -l /.oldroot
cd /
exec setpriv $* -- $wrap /usr/bin/sleep infinity
EOF
	# The launcher joins the cgroups first so the whole container lives in them.
	(
		for cg in "${cgs[@]}"; do echo $BASHPID >"$cg/cgroup.procs"; done
		exec "$UB_BUILD/tests/nsrun" $base /bin/bash "$UB_TMP/$name.init"
	) &
	local launcher=$!
	UB_PIDS+=("$launcher")
	local i child=""
	for i in $(seq 200); do [ -e "$ready" ] && break; sleep 0.05; done
	for i in $(seq 200); do
		child=$(cat /proc/$launcher/task/*/children 2>/dev/null | awk '{print $1}')
		[ -n "$child" ] && [ "$(cat /proc/$child/comm 2>/dev/null)" = sleep ] && break
		sleep 0.05
	done
	[ -n "$child" ] && [ "$(cat /proc/$child/comm 2>/dev/null)" = sleep ] || { ub_log "container $name did not start"; return 1; }
	printf -v "UB_INIT_$name" '%s' "$child"
	UB_PIDS+=("$child")
}

# ub_in <name> <command...>: run a command inside a container, as its root.
ub_in() {
	local name=$1; shift
	local pid_var=UB_INIT_$name
	nsenter -t "${!pid_var}" --all --root --wd -S 0 -G 0 -- "$@"
}

# ub_request <name> <description> [<callout>]: request a user key "from"
# a container and print what req.sh prints. Native mode: made inside the
# container. Capture mode: made on the host in a fresh session keyring, with
# the description registered for the container's init, whose pidfd the
# capture wrapper hands to the broker as a patched kernel would.
ub_request() {
	local name=$1; shift
	if [ "$UB_UPCALL_MODE" = native ]; then
		ub_in "$name" /probe/req.sh "$@"
		return
	fi
	ub_capture_register "$name" "$1" || return 1
	"$UB_TOP/tests/integration/req.sh" "$@"
}

# ub_capture_register <name> <description>: capture mode: the next request
# for a key with this description (of any type) stands for container <name>:
# the capture wrapper hands the broker a pidfd of its init. The newest
# registration of a description wins; a description never registered runs
# the broker as the host's, so register a container's description only
# after the host's requests for it.
ub_capture_register() {
	local pid_var=UB_INIT_$1
	case $2 in *$'\n'*) ub_log "ub_capture_register: a description with a newline cannot be registered"; return 1 ;; esac
	# One short O_APPEND write: concurrent registrations do not mix.
	printf '%s %s\n' "${!pid_var}" "$2" >>"$UB_CAPTURE_MAP"
}

# ub_request_run <name> <description> <command...>: run a command that
# requests keys described <description> (of any type) "from" a container:
# native mode: inside it (ub_in); capture mode: on the host, the description
# registered for its init. The command must exist in both places.
ub_request_run() {
	local name=$1 desc=$2; shift 2
	if [ "$UB_UPCALL_MODE" = native ]; then
		ub_in "$name" "$@"
		return
	fi
	ub_capture_register "$name" "$desc" || return 1
	(cd / && "$@")
}

# ub_exec_host <name> <program> <args...>: run a host program as the
# broker's exec=host rules run it for a container: only a static
# executable, copied into a sealed memfd and executed from it; in all of the
# init's namespaces (mount included) and its root and working directory, as
# its root; pid 1 of a child of its pid namespace; a clean environment and
# UPCALL_ROOT_FD=3, an fd of "/" as the container sees it.
# UB_XH_ROOT_FD=<value> hands over a different UPCALL_ROOT_FD value;
# UB_XH_TIMEOUT=<seconds> runs it under timeout(1) (status 124 if it hangs).
ub_exec_host() {
	local name=$1 prog=$2; shift 2
	local pid_var=UB_INIT_$name
	local -a pre=()
	[ -n "${UB_XH_TIMEOUT:-}" ] && pre=(timeout "$UB_XH_TIMEOUT")
	# memfd_exec: the static check and the sealed memfd (UB_HELPER_FD).
	"${pre[@]}" "$UB_BUILD/tests/memfd_exec" "$prog" \
		nsenter -t "${!pid_var}" --all --root --wd -S 0 -G 0 -- /usr/bin/unshare --pid --fork -- /bin/sh -c \
		'exec env -i HOME=/ PATH=/usr/sbin:/usr/bin:/sbin:/bin UPCALL_ROOT_FD="$0" "/proc/self/fd/$UB_HELPER_FD" "$@" 3</' \
		"${UB_XH_ROOT_FD:-3}" "$@"
}

# ub_static_program <path>: true if the program has no interpreter. exec=host
# runs the host's helper inside a container's root, where no host library
# can be loaded; sanitizer builds link the helpers dynamically (ASan has no
# static runtime), so their exec=host checks are skipped with this reason.
UB_DYNAMIC_SKIP="a sanitizer build's helper is dynamic, exec=host needs a static one (the plain build runs this)"
ub_static_program() {
	local h
	h=$(LC_ALL=C readelf -lW "$1") || return 2
	! grep -q 'program interpreter' <<<"$h"
}

# ub_with_pidfd <pid> <command...>: run a command as a patched kernel runs a
# usermode helper for a captured init: an inherited pidfd of <pid> and
# UPCALL_INIT_PIDFD naming it.
ub_with_pidfd() {
	python3 -c 'import os, sys
fd = os.pidfd_open(int(sys.argv[1]))
os.set_inheritable(fd, True)
os.environ["UPCALL_INIT_PIDFD"] = str(fd)
os.execv(sys.argv[2], sys.argv[2:])' "$@"
}

# The namespaces, root and credentials of a process, as the probe reports them.
ub_expected_probe() {
	local pid=$1 ns
	for ns in user mnt pid net uts ipc cgroup time; do
		printf '%s=%s\n' "$ns" "$(stat -L -c %i /proc/$pid/ns/$ns)"
	done
}
