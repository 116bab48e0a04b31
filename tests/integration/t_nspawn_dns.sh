#!/bin/bash
# dns_resolver served inside a systemd-nspawn container (issue 13): the
# shared Debian 12 root (debian_root.sh, with keyutils), nspawn with its own
# user namespace (-U), its own network namespace (--private-network: only
# its loopback), --register=no and its default seccomp filter, which denies
# the keyring system calls to everything in the container.
#   a. the container's own stock /sbin/key.dns_resolver ([container]): it
#      can instantiate only through the broker's keyctl proxy; the answer
#      is the container's /etc/hosts and DNS, the host's request is not;
#   b. our dns_resolver, [container,exec=host]: the same /etc/hosts answer,
#      and a real DNS query to a dnsmasq in the container's network
#      namespace (its loopback), gone when that dnsmasq stops;
#   c. the registration glue of dist/systemd: the drop-in's ExecStartPre=+
#      run as systemd would run it (its Environment=, from the .control
#      sub-cgroup of a cgroup laid out like a Delegate=yes unit's), nspawn
#      --keep-unit started from that unit's cgroup, the broker honouring
#      the mark for the container nspawn put in <unit>/payload.
#      Not tested: systemd itself (there is no systemd as pid 1 here): that
#      it makes the unit's cgroup, delegates it, runs ExecStartPre=+ in
#      .control and removes the cgroup (and with it the mark) at stop.
#
# Requests come from the host in capture mode (doc/abi.md; nspawn's filter
# denies request_key() in the container anyway). Addresses are from
# TEST-NET-3, which the host does not have; DNS traffic stays on the
# container's loopback, except the host's own lookups of the two names it
# must not resolve.
UB_FORCE_UPCALL_MODE=capture
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/debian_root.sh"
. "$(dirname "$0")/nspawn.sh"

ROOTFS=$UB_TMP/rootfs
B=$UB_BUILD/upcall-broker
HELPER=$UB_BUILD/helpers/dns_resolver
X=$UB_BUILD/tests/xattr
XA=trusted.upcall_broker.policy
K=ubnsk$$                   # names for the stock key.dns_resolver rule
H=ubnsh$$                   # names for our exec=host helper's rule
A_HOSTS=203.0.113.7         # the container's /etc/hosts
A_DNS=203.0.113.53          # its dnsmasq
TTL=137
DNSMASQ=""

skip_all() {
	ub_skip "dns_resolver served in a systemd-nspawn container" "$1"
	ub_done
	exit
}
for p in systemd-nspawn keyctl /usr/sbin/dnsmasq "$HELPER" "$X"; do
	command -v "$p" >/dev/null || skip_all "$p is not installed (scripts/install-deps, make all, test programs)"
done
[ -n "$UB_NSPAWN_CG2" ] || skip_all "no cgroup v2 hierarchy for the container's unit cgroup"
for a in $A_HOSTS $A_DNS; do
	ip -o addr | grep -qF " $a/" && skip_all "the host has $a: it could not tell the container's answer from its own"
done

s=$SECONDS
ub_nspawn_root "$ROOTFS" || skip_all "no Debian root: $UB_NSPAWN_ERR"
printf '# Debian root unpacked in %d s\n' $((SECONDS - s))
printf '127.0.0.1 localhost\n%s %s-hosts.test %s-hosts.test\n' $A_HOSTS $K $H >"$ROOTFS/etc/hosts"
printf 'nameserver 127.0.0.53\n' >"$ROOTFS/etc/resolv.conf"
check "the container's stock helper and rule are keyutils' (key.dns_resolver %k)" \
	grep -qE '^create[[:space:]]+dns_resolver[[:space:]]+\*[[:space:]]+\*[[:space:]]+/sbin/key\.dns_resolver %k$' \
	"$ROOTFS/etc/request-key.conf"

# What the stock helper is up against: in the container (a one-off of the
# same tree, before the long-running one locks it) keyctl() is denied.
NSPAWN_OPTS=(--private-network --resolv-conf=off)
ub_nspawn_unit once
out=$(ub_nspawn_once once "$ROOTFS" "${NSPAWN_OPTS[@]}" -- /bin/sh -c 'keyctl rdescribe @s 2>&1; echo "rc=$?"' 2>/dev/null || true)
printf '# keyctl rdescribe @s in the container: %s\n' "$(tr '\n' ' ' <<<"$out")"
check "nspawn's filter denies keyctl() in the container (EPERM)" grep -q 'Operation not permitted' <<<"$out"

# --- c, before the start: the drop-in's ExecStartPre=+ with its
# Environment=, @PREFIX@ filled in as make install does (the prefix's
# broker is this build's), run as root from the unit's .control.
mkdir -p "$UB_TMP/prefix/sbin" "$UB_TMP/prefix/lib/upcall-broker/hooks"
ln -s "$B" "$UB_TMP/prefix/sbin/upcall-broker"
DROPIN=$UB_TMP/upcall-broker.conf
sed "s|@PREFIX@|$UB_TMP/prefix|g" "$UB_TOP/dist/systemd/systemd-nspawn@.service.d/upcall-broker.conf" >"$DROPIN"
sed "s|@PREFIX@|$UB_TMP/prefix|g" "$UB_TOP/dist/systemd/upcall-broker-nspawn-register" \
	>"$UB_TMP/prefix/lib/upcall-broker/hooks/upcall-broker-nspawn-register"
chmod 755 "$UB_TMP/prefix/lib/upcall-broker/hooks/upcall-broker-nspawn-register"
pre=$(sed -n 's/^ExecStartPre=+//p' "$DROPIN")
mapfile -t envs < <(sed -n 's/^Environment=//p' "$DROPIN")
ub_nspawn_unit dns
UNIT=$UB_UNIT_dns
CG=$UB_NSPAWN_CG2$UNIT
# exec_start_pre [<args>]: the drop-in's command (plus <args>, a changed
# policy) as systemd runs it: a clean environment, the unit's Environment=.
exec_start_pre() {
	(
		echo "$BASHPID" >"$CG/.control/cgroup.procs"
		# shellcheck disable=SC2086 # the command line's words
		exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "${envs[@]}" $pre "$@"
	) >&2
}
check "ExecStartPre=+ (policy from the drop-in's Environment=: ${envs[*]}) succeeds" exec_start_pre
check_eq "the mark is on the unit's cgroup" inside "$("$X" get "$CG" $XA 2>&1)"
check "... not on .control" bash -c '! "$1" get "$2/.control" "$3" >/dev/null 2>&1' _ "$X" "$CG" $XA

# --- The container, started from the unit's main cgroup as ExecStart=.
ub_log "# starting systemd-nspawn on $ROOTFS"
ub_nspawn dns "$ROOTFS" "${NSPAWN_OPTS[@]}" -- /bin/sleep infinity ||
	skip_all "systemd-nspawn cannot start a container here: $UB_NSPAWN_ERR"
init=$UB_INIT_dns
printf '# nspawn pid %s, container init host pid %s\n' "$UB_NSPAWN_PID_dns" "$init"
cg_of() { sed -n 's/^0:://p' "/proc/$1/cgroup"; }
check_eq "nspawn --keep-unit put the container in <unit>/payload" "$UNIT/payload" "$(cg_of "$init")"
check_eq "... and itself in <unit>/supervisor" "$UNIT/supervisor" "$(cg_of "$UB_NSPAWN_PID_dns")"
out=$("$B" explain "$init" 2>&1 || true)
check "explain: the unit's mark, found from the payload ($(grep '^registration:' <<<"$out"))" \
	grep -qF "registration: inside on cgroup $UNIT (init in $UNIT/payload)" <<<"$out"
check_eq "the init runs under nspawn's seccomp filter" 2 "$(sed -n 's/^Seccomp:[[:space:]]*//p' "/proc/$init/status")"
check "the init is in a user namespace of its own" test "$(readlink "/proc/$init/ns/user")" != "$(readlink /proc/self/ns/user)"
check "the init is in a network namespace of its own" test "$(readlink "/proc/$init/ns/net")" != "$(readlink /proc/self/ns/net)"
links=$(nsenter -t "$init" --net ip -o link | awk -F': ' '{print $2}' | tr '\n' ' ')
check_eq "its only interface is its loopback" "lo " "$links"

# The container's name server: dnsmasq in its network namespace, on its
# loopback; authoritative for .test, forwarding nothing.
nsenter -t "$init" --net ip addr add 127.0.0.53/8 dev lo 2>/dev/null || true
nsenter -t "$init" --net /usr/sbin/dnsmasq --keep-in-foreground --conf-file=/dev/null --user=root --group=root \
	--listen-address=127.0.0.53 --bind-interfaces --no-resolv --no-hosts --pid-file= --local=/test/ \
	--local-ttl=$TTL --host-record=$K-dns.test,$A_DNS --host-record=$H-dns.test,$A_DNS \
	--srv-host=_$H._udp.$H-dns.test,$H-dns.test,7003 --log-facility=/dev/null &
DNSMASQ=$!
UB_PIDS+=("$DNSMASQ")
in_ct() { nsenter -t "$init" --all --root --wd -S 0 -G 0 -- "$@"; }
for i in $(seq 50); do
	in_ct /usr/bin/getent ahostsv4 $H-dns.test >/dev/null 2>&1 && break
	sleep 0.1
done
check "the container's resolver reaches its dnsmasq (getent in the container)" \
	bash -c '[ "$(nsenter -t "$1" --all --root --wd -S 0 -G 0 -- /usr/bin/getent ahostsv4 "$2" | head -1 | cut -d" " -f1)" = "$3" ]' \
	_ "$init" $H-dns.test $A_DNS

ub_rules <<EOF
create dns_resolver $K-* * [container,timeout=15] /sbin/key.dns_resolver %k
create dns_resolver $H-* * [container,exec=host,timeout=15] $HELPER -- %k
create dns_resolver srv:_$H.* * [container,exec=host,timeout=15] $HELPER -- %k
EOF
s=$SECONDS
ub_install_broker
printf '# request-key lock taken after %d s\n' $((SECONDS - s))

# req <container|host> <description>: "payload expiry" or "ERROR: ...": a
# fresh session keyring each time, so every request is an upcall.
req() {
	local where=$1 desc=$2
	local cmd='id=$(keyctl request2 dns_resolver "$1" "" @s 2>&1) || { echo "ERROR: $id"; exit 0; }
		printf "%s " "$(keyctl pipe $id | tr -d "\0")"
		hex=$(printf %08x $id)
		while read -r k f u t rest; do [ "$k" = "$hex" ] && echo "$t"; done </proc/keys; true'
	if [ "$where" = host ]; then
		keyctl session - sh -c "$cmd" req "$desc" 2>/dev/null | tail -1
	else
		ub_request_run "$where" "$desc" keyctl session - sh -c "$cmd" req "$desc" 2>/dev/null | tail -1
	fi
}

# The host's requests first: once registered, a description stands for the
# container. The host path runs the same rules for the host.
out=$(req host $K-hosts.test)
printf '# host, stock rule, %s-hosts.test: %s\n' $K "$out"
check "a: the host's request (host path) does not get the container's /etc/hosts address" \
	bash -c '[[ $1 != *"$2"* ]]' _ "$out" $A_HOSTS
out=$(req host $H-dns.test)
printf '# host, exec=host rule, %s-dns.test: %s\n' $H "$out"
check "b: the host's request (host path) does not get the container's DNS address" \
	bash -c '[[ $1 != *"$2"* ]]' _ "$out" $A_DNS

# in_ctr <description> <what> <want> <check>: the container's request; the
# answer's address (its first word) must be <want>. Leaves it in $out.
in_ctr() {
	out=$(req dns "$1")
	printf '# container, %s, %s: %s\n' "$2" "$1" "$out"
	check_eq "$4" "$3" "${out%% *}"
}

# --- a: the container's stock key.dns_resolver, under nspawn's filter.
in_ctr $K-hosts.test "stock key.dns_resolver" $A_HOSTS "a: stock key.dns_resolver in the container: its /etc/hosts"
in_ctr $K-dns.test "stock key.dns_resolver" $A_DNS "a: stock key.dns_resolver in the container: its dnsmasq"

# --- b: our helper, exec=host, in the container's namespaces.
if ub_static_program "$HELPER"; then
	in_ctr $H-hosts.test "exec=host dns_resolver" $A_HOSTS "b: exec=host dns_resolver: the container's /etc/hosts"
	in_ctr $H-dns.test "exec=host dns_resolver" $A_DNS "b: exec=host dns_resolver: A record from the container's dnsmasq"
	# /proc/keys shows the expiry left in whole minutes from 60 s on: "2m"
	# (or "1m" after 17 s) for the record's TTL, "5s" for default_ttl
	check "b: ... the key expires from the record's TTL ($TTL s): ${out##* }" grep -qE '^[12]m$' <<<"${out##* }"
	in_ctr srv:_$H._udp.$H-dns.test "exec=host dns_resolver" "$A_DNS+7003" "b: exec=host dns_resolver: SRV record from the container's dnsmasq"
	kill "$DNSMASQ"; wait "$DNSMASQ" 2>/dev/null || true
	out=$(req dns $H-dns.test)
	printf '# container, dnsmasq stopped, %s-dns.test: %s\n' $H "$out"
	check "b: with the container's dnsmasq stopped the DNS name fails ($out)" grep -q '^ERROR' <<<"$out"
	out=$(req dns $H-hosts.test)
	check_eq "b: ... and /etc/hosts still answers" $A_HOSTS "${out%% *}"
else
	# (dnsmasq is stopped with the test's other processes, UB_PIDS)
	ub_skip "b: our dns_resolver, exec=host, in the container: /etc/hosts, A, TTL, SRV, dnsmasq stopped" "$UB_DYNAMIC_SKIP"
fi

# --- c: the mark decides, for the container nspawn put below it.
check "c: ExecStartPre=+ with policy refuse" exec_start_pre refuse
out=$(req dns $H-hosts.test)
check "c: registration refuse on the unit: the container's request is refused ($out)" \
	grep -q '^ERROR: .*Required key not available' <<<"$out"
out=$("$B" explain "$init" dns_resolver $K-hosts.test 2>&1 || true)
check "c: explain: refused by the unit's registration ($(grep '^decision:' <<<"$out"))" \
	grep -qF "refused by policy (registration refuse on $UNIT" <<<"$out"
check "c: ExecStartPre=+ with policy host" exec_start_pre host
out=$("$B" explain "$init" dns_resolver $K-hosts.test 2>&1 || true)
check "c: registration host: explain says the host runs it ($(grep '^decision:' <<<"$out"))" \
	grep -q '^decision: run on the host' <<<"$out"
check "c: the script's --remove" exec_start_pre --remove
out=$("$B" explain "$init" 2>&1 || true)
check "c: no registration left ($(grep '^registration:' <<<"$out"))" grep -q '^registration: none' <<<"$out"
out=$(req dns $K-hosts.test)
check_eq "c: unregistered: the stock helper in the container answers again" $A_HOSTS "${out%% *}"
ub_done
