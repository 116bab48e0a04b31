#!/bin/bash
# Fork parity (doc/security.md row 10) against a real runtime's container:
# systemd-nspawn with its own user namespace and its default seccomp filter,
# capability bounding set and resource limits. The helper of a [container]
# rule must carry everything a fork of the container's init would: seccomp
# filters, capability sets, no_new_privs, umask, every resource limit,
# oom_score_adj, personality, cgroups and namespaces (all but the pid
# namespace: the helper is pid 1 of a child of the init's, on purpose).
#
# The request always comes from the host, through the capture wrapper that
# plays the patched kernel (doc/abi.md): inside nspawn the keyring system
# calls are denied by its filter, so a container's keys are requested by
# the kernel on its behalf (NFS id mapping, dns_resolver), never by it.
#
# The container is the shared Debian 12 root (debian_root.sh), unpacked
# afresh into $UB_TMP/rootfs, in a cgroup of its own laid out like a
# systemd-nspawn@.service unit's (nspawn.sh).
UB_FORCE_UPCALL_MODE=capture
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/debian_root.sh"
. "$(dirname "$0")/nspawn.sh"

ROOTFS=$UB_TMP/rootfs
PROBE=$UB_TOP/tests/integration/rt-probe.sh

# Everything below is one check that cannot be made without a container.
skip_all() {
	ub_skip "fork parity with a systemd-nspawn container" "$1"
	ub_done
	exit
}
for p in systemd-nspawn choom; do
	command -v "$p" >/dev/null || skip_all "$p is not installed (scripts/install-deps)"
done
[ -n "$UB_NSPAWN_CG2" ] || skip_all "no cgroup v2 hierarchy for the container's unit cgroup"
case $(uname -m) in
x86_64 | aarch64) ;;
*) skip_all "no syscall numbers for $(uname -m) in rt-probe.sh" ;;
esac

s=$SECONDS
ub_nspawn_root "$ROOTFS" || skip_all "no Debian root: $UB_NSPAWN_ERR"
printf '# Debian root unpacked in %d s\n' $((SECONDS - s))
install -m 755 "$PROBE" "$ROOTFS/probe.sh"

ub_rules <<EOF
create user ubtest:rt:* * [container,timeout=10] |/probe.sh
EOF

# The capture wrapper under a recorder: what the broker itself may set (its
# limits and capabilities) decides which of the init's hard limits it can
# give the helper. Only requests of this test's descriptions are recorded.
cat >"$UB_TMP/record-wrapper" <<EOF
#!/bin/sh
# record-wrapper <map> <broker> <request-key arguments...>
map=\$1 broker=\$2
shift 2
op="" key=""
for a in "\$@"; do case \$a in -*) ;; *) if [ -z "\$op" ]; then op=\$a; else key=\$a; break; fi ;; esac; done
case \$(keyctl rdescribe "\${key:-0}" 2>/dev/null) in
*";ubtest:rt:"*)
	cat /proc/self/limits >$UB_TMP/broker-limits
	grep '^CapEff:' /proc/self/status >$UB_TMP/broker-caps ;;
esac
exec /bin/sh $UB_TOP/tests/integration/capture-wrapper.sh "\$map" "\$broker" "\$@"
EOF
chmod 755 "$UB_TMP/record-wrapper"
UB_CAPTURE_WRAPPER=$UB_TMP/record-wrapper
s=$SECONDS
ub_install_broker
printf '# request-key lock taken after %d s\n' $((SECONDS - s))

# --- Syscalls nspawn's default filter may deny, tried by a one-off
# container of the same tree (the directory is locked while one runs, so
# before the long-running one starts): its pid 1 runs under the filter.
CANDIDATES="perf_event_open add_key swapon"
rt_sys() { local s=$1; shift; "$@" /probe.sh sys "$s" 2>/dev/null | tail -1; }
declare -A denied
ub_nspawn_unit rt1
for s in $CANDIDATES; do
	denied[$s]=$(rt_sys "$s" ub_nspawn_once rt1 "$ROOTFS" --)
done

# --- The container. Non-default oom_score_adj and limits (one hard limit
# below the broker's, one soft/hard pair of a rarely set limit), so that
# parity is not just two processes that both kept the defaults. nspawn's
# own --oom-score-adjust fails here (EACCES from inside the new user
# namespace), so the container inherits it from nspawn.
ub_log "# starting systemd-nspawn on $ROOTFS"
UB_NSPAWN_WRAP="choom -n 321 --" ub_nspawn rt "$ROOTFS" \
	--rlimit=RLIMIT_CORE=12345:67890 --rlimit=RLIMIT_MSGQUEUE=100000:200000 \
	-- /bin/sleep infinity || skip_all "systemd-nspawn cannot start a container here: $UB_NSPAWN_ERR"
I=/proc/$UB_INIT_rt
printf '# nspawn pid %s, container init host pid %s (%s)\n' "$UB_NSPAWN_PID_rt" "$UB_INIT_rt" "$(tr '\0' ' ' <$I/cmdline)"

# --- The syscall nspawn's filter denies, now made in the container the
# way the init would make it, and unfiltered: nsenter into the container's
# namespaces as its root (nsenter carries no seccomp filter). The first
# candidate denied there (EPERM) and not without the filter is the one.
SYSCALL="" sys_err=""
for s in $CANDIDATES; do
	free=$(rt_sys "$s" nsenter -t "$UB_INIT_rt" --all --root --wd -S 0 -G 0 --)
	printf '# %s: errno %s under nspawn, %s unfiltered\n' "$s" "${denied[$s]:-?}" "${free:-?}"
	if [ "${denied[$s]}" = 1 ] && [ -n "$free" ] && [ "$free" != 1 ]; then SYSCALL=$s sys_err=1; break; fi
done

# --- The request.
ub_capture_register rt ubtest:rt:1
out=$(timeout 60 "$UB_TOP/tests/integration/req.sh" ubtest:rt:1 2>&1 || true)
if ! grep -q '^== end$' <<<"$out"; then
	not_ok "the [container] rule ran the probe in the nspawn container"
	printf '#   %s\n' "$out" | head -20
	ub_done
	exit
fi
ok "the [container] rule ran the probe in the nspawn container"
section() { sed -n "/^== $1\$/,/^== /p" <<<"$out" | sed '1d;$d'; }
hstat() { sed -n "s/^$1:[[:space:]]*//p" "$I/status"; }
pstat() { section status | sed -n "s/^$1:[[:space:]]*//p"; }

# status fields: the helper's against the init's
for f in Seccomp Seccomp_filters CapInh CapBnd CapAmb NoNewPrivs Umask; do
	printf '# %-16s init %-18s helper %s\n' "$f" "$(hstat $f)" "$(pstat $f)"
	check_eq "status $f: the init's" "$(hstat $f)" "$(pstat $f)"
done
# root's execve: permitted = effective = inheritable | bounding set
want=$(printf '%016x' $((0x$(hstat CapInh) | 0x$(hstat CapBnd))))
for f in CapPrm CapEff; do
	printf '# %-16s init %-18s helper %s (root after execve: CapInh|CapBnd = %s)\n' "$f" "$(hstat $f)" "$(pstat $f)" "$want"
	check_eq "status $f: what root gets from the init's sets" "$want" "$(pstat $f)"
done
[ "$(hstat Seccomp)" = 2 ] || not_ok "the init runs under nspawn's seccomp filter (Seccomp: $(hstat Seccomp))"

# resource limits: exactly the init's, except a hard limit above what the
# broker could set without CAP_SYS_RESOURCE: min(init's, broker's), soft
# limit at most that (broker/spawn.c, inherit_process_attributes)
broker_has_sys_resource=0
[ -s "$UB_TMP/broker-caps" ] && (( (0x$(awk '{print $2}' "$UB_TMP/broker-caps") >> 24) & 1 )) && broker_has_sys_resource=1
limits_parse() { sed -n '2,$p' | sed -E 's/^(.{25})[[:space:]]*([^[:space:]]+)[[:space:]]+([^[:space:]]+).*/\1|\2|\3/; s/[[:space:]]+\|/|/'; }
num_le() { [ "$2" = unlimited ] || { [ "$1" != unlimited ] && [ "$1" -le "$2" ]; }; }
min() { if num_le "$1" "$2"; then echo "$1"; else echo "$2"; fi; }
capped=()
printf '# broker: %s, CAP_SYS_RESOURCE %s\n' "$(cat "$UB_TMP/broker-caps" 2>/dev/null || echo 'CapEff: not recorded')" \
	"$([ "$broker_has_sys_resource" = 1 ] && echo yes || echo no)"
check "the broker's own limits and capabilities were recorded" test -s "$UB_TMP/broker-limits"
while IFS='|' read -r name isoft ihard; do
	bline=$(limits_parse <"$UB_TMP/broker-limits" 2>/dev/null | grep -F "$name|" || true)
	bhard=${bline##*|}
	bhard=${bhard:-unlimited}
	esoft=$isoft ehard=$ihard note=""
	if [ "$broker_has_sys_resource" = 0 ] && ! num_le "$ihard" "$bhard"; then
		ehard=$bhard esoft=$(min "$isoft" "$bhard")
		capped+=("$name (init $isoft:$ihard, broker's hard limit $bhard)")
		note=" [capped: broker's hard limit $bhard, no CAP_SYS_RESOURCE]"
	fi
	hline=$(section limits | limits_parse | grep -F "$name|" || true)
	got=${hline#*|}
	printf '# %-25s init %s:%s helper %s%s\n' "$name" "$isoft" "$ihard" "${got/|/:}" "$note"
	check_eq "limit $name: $([ -n "$note" ] && echo "min(init's, broker's)" || echo "the init's")" "$esoft:$ehard" "${got/|/:}"
done < <(limits_parse <"$I/limits")
if [ ${#capped[@]} -gt 0 ]; then
	printf '# capped (the broker lacks CAP_SYS_RESOURCE here; kernel-started usermode helpers have it):\n'
	printf '#   %s\n' "${capped[@]}"
else
	printf '# capped: none (the broker could set every limit of the init'"'"'s)\n'
fi

v=$(cat "$I/oom_score_adj"); printf '# oom_score_adj    init %s helper %s\n' "$v" "$(section oom_score_adj)"
check_eq "oom_score_adj: the init's" "$v" "$(section oom_score_adj)"
v=$(cat "$I/personality"); printf '# personality      init %s helper %s\n' "$v" "$(section personality)"
check_eq "personality: the init's" "$v" "$(section personality)"
# The init's cgroups as seen from its cgroup namespace, as the helper sees its own.
v=$(nsenter -t "$UB_INIT_rt" --cgroup cat "$I/cgroup" | tr '\n' ' ')
printf '# cgroup           init %s helper %s\n' "$v" "$(section cgroup | tr '\n' ' ')"
check_eq "cgroups: the init's" "$v" "$(section cgroup | tr '\n' ' ')"

for ns in user mnt net uts ipc cgroup time; do
	v=$(readlink "$I/ns/$ns")
	printf '# ns %-13s init %s helper %s\n' "$ns" "$v" "$(section ns | sed -n "s/^$ns=//p")"
	check_eq "namespace $ns: the init's" "$v" "$(section ns | sed -n "s/^$ns=//p")"
done
# pid: a child of the init's pid namespace, as seen from the container's
# /proc: two levels (the container's and the child's), pid 1 in the child.
nspid=$(pstat NSpid)
printf '# ns pid           init %s helper %s (NSpid in the container'"'"'s /proc: %s)\n' \
	"$(readlink "$I/ns/pid")" "$(section ns | sed -n 's/^pid=//p')" "$nspid"
check "namespace pid: not the init's" test "$(readlink "$I/ns/pid")" != "$(section ns | sed -n 's/^pid=//p')"
check "namespace pid: pid 1 of a child of the init's (NSpid <pid> 1: $nspid)" \
	bash -c '[[ $1 =~ ^[0-9]+[[:space:]]+1$ ]]' _ "$nspid"

# the denied syscall
if [ -z "$SYSCALL" ]; then
	ub_skip "a syscall nspawn's filter denies is denied to the helper" \
		"none of $CANDIDATES is denied by nspawn here and allowed without its filter"
else
	rule="ubtest:rt:sys"
	cat >>"$UB_RULES" <<EOF
create user $rule * [container,timeout=10] |/probe.sh sys $SYSCALL
EOF
	ub_capture_register rt "$rule"
	got=$(timeout 60 "$UB_TOP/tests/integration/req.sh" "$rule" 2>&1 | tail -1 || true)
	printf '# %s: errno %s in the container, %s for the helper\n' "$SYSCALL" "$sys_err" "$got"
	check_eq "$SYSCALL, denied by nspawn's filter (EPERM), is denied to the helper" "$sys_err" "$got"
fi
ub_done
