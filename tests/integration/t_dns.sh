#!/bin/bash
# dns_resolver in containers: two containers, each with its own network
# namespace and its own dnsmasq answering the same names differently
# (address and TTL; d1's server on 127.0.0.53, d2's on ::1), one with an
# /etc/hosts entry. Each gets its own container's answer, the host's answer
# is unchanged, missing names and records give the right errors.
#   part 1: the helper run directly (debug mode -D): inside the container,
#           and as the broker's exec=host mode runs it (ub_exec_host: the
#           host's static binary from a sealed memfd, in all of the
#           container's namespaces and its root, fd 3 its "/"), including
#           symlinks that try to lead out of the container;
#   part 2: through the real kernel: keyctl request2 from each container
#           (ub_request_run: made inside it, or in capture mode on the host
#           for its captured init), the broker bind-mounted over request-key
#           with a temporary rule.
# lib.sh undoes everything (processes, mounts, rule file, files) on every
# exit path. DNS traffic stays on each container's own loopback.
. "$(dirname "$0")/lib.sh"
HELPER=$UB_BUILD/helpers/dns_resolver
ESCAPE=/etc/ubtest-dns-escape-$$       # a host file a container must not reach
UB_CLEAN_FILES+=("$ESCAPE")

start_dns() {   # start_dns <container> <server address> <addr> <ttl> <extra dnsmasq args...>
	local c=$1 ns=$2 addr=$3 ttl=$4 root=$UB_TMP/$1/root
	shift 4
	echo "nameserver $ns" >"$root/etc/resolv.conf"
	ub_in "$c" ip addr add 127.0.0.53/8 dev lo 2>/dev/null || true
	ub_in "$c" /usr/sbin/dnsmasq --keep-in-foreground --conf-file=/dev/null --user=root --group=root \
		--listen-address="$ns" --bind-interfaces --no-resolv --no-hosts --pid-file= --local=/test/ \
		--local-ttl="$ttl" --host-record=db.test,"$addr" --host-record=v6.test,"$addr",fd00::"$ttl" \
		--host-record=both.test,"${addr%.*}.77" \
		--srv-host=_vl._udp.db.test,db.test,7003 \
		--srv-host=_afs3-vlserver._udp.cell.test,db.test,7003 \
		--srv-host=_vl._udp.dangling.test,nohost.test,7003 --log-facility=/dev/null "$@" &
	disown
	for i in $(seq 50); do
		ub_in "$c" /usr/bin/getent ahostsv4 db.test >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	ub_log "dnsmasq in $c did not answer"; return 1
}
ub_container d1
ub_container d2
ub_container d3
start_dns d1 127.0.0.53 10.0.1.10 120
start_dns d2 ::1 10.0.2.20 300
printf '10.9.9.9 hostsonly.test\n10.9.9.7 both.test\n' >>"$UB_TMP/d1/root/etc/hosts"

# ---- part 1: the helper run directly -------------------------------------
cp "$HELPER" "$UB_TMP/d1/root/probe/dns_resolver"
cp "$HELPER" "$UB_TMP/d2/root/probe/dns_resolver"
# inside <container> <desc> <callout>: the helper inside the container, its own root
inside() { ub_in "$1" /probe/dns_resolver -D "$2" "$3" 2>/dev/null | tr '\n' ' ' | sed 's/ $//'; }
# xh <container> <desc> <callout>: exec=host as the broker runs it
xh() { ub_exec_host "$1" "$HELPER" -D "$2" "$3" 2>/dev/null | tr '\n' ' ' | sed 's/ $//'; }
for mode in inside xh; do
	check_eq "$mode: d1 gets its own server's answer and TTL" "10.0.1.10 ttl: 120" "$($mode d1 db.test '')"
	check_eq "$mode: d2 (server on ::1) gets its own answer and TTL" "10.0.2.20 ttl: 300" "$($mode d2 db.test '')"
	check_eq "$mode: d1's /etc/hosts (default_ttl)" "10.9.9.9 ttl: 5" "$($mode d1 hostsonly.test '')"
	check_eq "$mode: d2 does not see d1's /etc/hosts" "error: Required key not available (negative for 60 s)" \
		"$($mode d2 hostsonly.test '')"
	check_eq "$mode: name without AAAA: ENODATA" "error: No data available (negative for 60 s)" \
		"$($mode d1 db.test ipv6)"
	check_eq "$mode: list, both families, IPv6 (precedence 40) first" "fd00::300,10.0.2.20 ttl: 300" "$($mode d2 v6.test list)"
	check_eq "$mode: srv: with port" "10.0.1.10+7003 ttl: 120" "$($mode d1 srv:_vl._udp.db.test '')"
	check_eq "$mode: srv: whose target has no address: ENODATA" "error: No data available (negative for 60 s)" \
		"$($mode d1 srv:_vl._udp.dangling.test '')"
	check_eq "$mode: srv: for a name without SRV records: ENODATA" "error: No data available (negative for 60 s)" \
		"$($mode d1 srv:db.test '')"
	check_eq "$mode: bad description: EKEYREJECTED" "error: Key was rejected by service (negative for 600 s)" \
		"$($mode d1 'x;y' '')"
done
# nsswitch order and actions (d1: "files dns" from lib.sh)
check_eq "nsswitch files dns: /etc/hosts first" "10.9.9.7 ttl: 5" "$(xh d1 both.test '')"
printf 'hosts: dns files\n' >"$UB_TMP/d1/root/etc/nsswitch.conf"
check_eq "nsswitch dns files: DNS first" "10.0.1.77 ttl: 120" "$(xh d1 both.test '')"
printf 'hosts: files [NOTFOUND=return] dns\n' >"$UB_TMP/d1/root/etc/nsswitch.conf"
check_eq "nsswitch [NOTFOUND=return]: DNS not asked" "error: Required key not available (negative for 60 s)" \
	"$(xh d1 db.test '')"
printf 'hosts: files dns\n' >"$UB_TMP/d1/root/etc/nsswitch.conf"
# resolv.conf search list and ndots from the container
printf 'nameserver 127.0.0.53\nsearch test\n' >"$UB_TMP/d1/root/etc/resolv.conf"
check_eq "d1's search list" "10.0.1.10 ttl: 120" "$(xh d1 db '')"
printf 'nameserver 127.0.0.53\n' >"$UB_TMP/d1/root/etc/resolv.conf"
# The container's conf file, not the host's
mkdir -p "$UB_TMP/d1/root/etc/keyutils"
echo "default_ttl = 42" >"$UB_TMP/d1/root/etc/keyutils/key.dns_resolver.conf"
check_eq "d1's key.dns_resolver.conf" "10.9.9.9 ttl: 42" "$(xh d1 hostsonly.test '')"
rm -r "$UB_TMP/d1/root/etc/keyutils"

# Symlinks in d3's /etc pointing out of the container: an absolute one, a
# relative one with too many "..", and a magic link through the container's
# own /proc (to d3's own copy of the file: a helper following magic links
# would find 10.3.3.3 there).
echo "10.66.66.66 escape.test" >"$ESCAPE"
r3=$UB_TMP/d3/root
echo "10.3.3.3 escape.test" >"$r3$ESCAPE"
for target in "$ESCAPE" "../../../../../../../../..$ESCAPE"; do
	ln -sfn "$target" "$r3/etc/hosts"
	check_eq "symlink /etc/hosts -> $target stays in the container" "10.3.3.3 ttl: 5" "$(xh d3 escape.test '')"
done
ln -sfn "/proc/self/root$ESCAPE" "$r3/etc/hosts"
out=$(xh d3 escape.test '' || true)
check "magic link /proc/self/root/... is refused ($out)" grep -qv '10\.66\.66\.66\|10\.3\.3\.3' <<<"$out"
ln -sfn "$ESCAPE" "$r3/etc/resolv.conf"
echo "nameserver 10.66.66.66" >"$r3$ESCAPE"
echo "nameserver 127.0.0.53" >>"$r3$ESCAPE"
ub_in d3 ip addr add 127.0.0.53/8 dev lo 2>/dev/null || true
check_eq "d3: its name servers do not answer (one unroutable, one closed): EAGAIN for 1 s" \
	"error: Resource temporarily unavailable (negative for 1 s)" "$(xh d3 nothing.test '')"

# The key serial is range-checked before it is narrowed: 4294967297 was key 1.
rc=0; "$HELPER" 4294967297 >/dev/null 2>&1 || rc=$?
check_eq "a key serial past INT32_MAX (4294967297) is a usage error, not key 1" 2 "$rc"

# A server that never answers, with options asking for 5 x 30 s: the helper
# gives up at its own 10 s deadline with EAGAIN (the requester would sleep
# uninterruptibly all that time).
ub_in d3 ip addr add 127.0.0.54/8 dev lo 2>/dev/null || true
ub_in d3 /usr/bin/python3 -c 'import socket,time
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(("127.0.0.54",53)); time.sleep(600)' &
disown
rm -f "$r3/etc/resolv.conf"
printf 'nameserver 127.0.0.54\noptions timeout:30 attempts:5\n' >"$r3/etc/resolv.conf"
sleep 0.3
t0=$(date +%s)
out=$(xh d3 slow.test '' || true)
t1=$(date +%s)
check_eq "a silent name server: EAGAIN at the helper's deadline" \
	"error: Resource temporarily unavailable (deadline)" "$out"
check "... after about 10 s ($((t1 - t0)) s)" test $((t1 - t0)) -ge 9 -a $((t1 - t0)) -le 13
ln -sfn "$ESCAPE" "$r3/etc/resolv.conf"

# A wall-clock figure for the report (not an assertion: bench/ owns speed).
t0=$(date +%s%N)
for i in $(seq 20); do xh d1 db.test '' >/dev/null; done
t1=$(date +%s%N)
printf '# info: exec=host debug run (memfd + nsenter + helper + DNS over loopback): %d us each\n' $(((t1 - t0) / 20000))

# ---- part 2: through the kernel and the broker ---------------------------
if ! "$UB_BUILD/upcall-broker" --help 2>&1 | grep -q 'container'; then
	ub_log "# skip: $UB_BUILD/upcall-broker does not support [container] rules"
	ub_done; exit
fi
ub_rules <<EOF
create dns_resolver * * [container,exec=host,timeout=15] $HELPER -- %k
EOF
ub_install_broker

# req <container|host> <description> [<callout>]: "payload ttl" or "ERROR: ..."
# (capture mode: the key lands in a host session keyring, /proc/keys shows
# it there; its payload and expiry are still all the helper's doing)
req() {
	local where=$1 desc=$2 callout=${3:-}
	local cmd='id=$(keyctl request2 dns_resolver "$1" "$2" @s 2>&1) || { echo "ERROR: $id"; exit 0; }
		printf "%s " "$(keyctl pipe $id | tr -d "\0")"
		hex=$(printf %08x $id)
		while read -r k f u t rest; do [ "$k" = "$hex" ] && echo "$t"; done </proc/keys; true'
	if [ "$where" = host ]; then
		keyctl session - sh -c "$cmd" req "$desc" "$callout" 2>/dev/null | tail -1
	else
		ub_request_run "$where" "$desc" keyctl session - sh -c "$cmd" req "$desc" "$callout" 2>/dev/null | tail -1
	fi
}
# The host's requests first: in capture mode a description a container has
# requested stands for that container from then on.
out=$(req host localhost)
check_eq "kernel: the host's request resolves with the host's files" 127.0.0.1 "${out%% *}"
out=$(req host db.test)
check "kernel: the host does not see the containers' names" grep -q "^ERROR" <<<"$out"
out1=$(req d1 db.test)
out2=$(req d2 db.test)
check_eq "kernel: container d1 gets its own DNS server's answer" 10.0.1.10 "${out1%% *}"
check_eq "kernel: container d2 gets its own DNS server's answer" 10.0.2.20 "${out2%% *}"
# /proc/keys shows the expiry left, e.g. "119s"/"2m": it must come from the record TTL
exp1=${out1##* }; exp2=${out2##* }
check "kernel: d1's key expires from its record TTL (120 s): $exp1" grep -qE '^(1[01][0-9]s|120s|1m|2m)$' <<<"$exp1"
check "kernel: d2's key expires from its record TTL (300 s): $exp2" grep -qE '^(2[0-9][0-9]s|300s|4m|5m)$' <<<"$exp2"
out=$(req d1 hostsonly.test)
check_eq "kernel: d1's /etc/hosts entry is used" 10.9.9.9 "${out%% *}"
out=$(req d2 hostsonly.test)
check_eq "kernel: d2 does not see d1's /etc/hosts" "ERROR: request_key: Required key not available" "$out"
out=$(req d1 v6.test "list")
check_eq "kernel: list: all addresses, both families, getaddrinfo's order" "fd00::120,10.0.1.10" "${out%% *}"
out=$(req d1 v6.test "ipv6")
check_eq "kernel: ipv6 only" "fd00::120" "${out%% *}"
out=$(req d1 db.test "ipv6")
check_eq "kernel: a name without such records: ENODATA" "ERROR: request_key: No data available" "$out"
out=$(req d2 srv:_vl._udp.db.test)
check_eq "kernel: srv: target address and port" "10.0.2.20+7003" "${out%% *}"
out=$(req d1 afsdb:cell.test)
check_eq "kernel: afsdb: the cell's VL servers from SRV, with port" "10.0.1.10+7003" "${out%% *}"
bin=$(ub_request_run d2 afsdb:cell.test keyctl session - sh -c 'id=$(keyctl request2 dns_resolver afsdb:cell.test srv=1 @s) && keyctl pipe $id | od -An -tx1 | tr -d " \n"' 2>/dev/null | tail -1)
# header: 00 (binary), 00 (server list), 01 (v1), 04 (from SRV), 01 (good), 01 server;
# server: name_len 7 LE, prio, weight, port 7003 LE (5b1b), ...
check_eq "kernel: afsdb srv=1: binary server list v1 header" "000001040101" "${bin:0:12}"
check_eq "kernel: afsdb srv=1: the server's port, little-endian" "5b1b" "${bin:24:4}"
check "kernel: afsdb srv=1: d2's address (10.0.2.20 = 0a000214)" grep -q "000a000214" <<<"$bin"
out=$(req d1 nowhere.test)
check_eq "kernel: a name that exists nowhere: ENOKEY" "ERROR: request_key: Required key not available" "$out"
out=$(req d1 mx:db.test)
check_eq "kernel: an unsupported query type: rejected" "ERROR: request_key: Key was rejected by service" "$out"
out=$(req d3 escape.test)
check "kernel: d3's escaping symlinks lead nowhere ($out)" grep -qv '10\.66' <<<"$out"

# Latency of one container upcall end to end (a fresh callout each time, so
# every request is a real upcall), for the report only.
t0=$(date +%s%N)
ub_request_run d1 a:db.test keyctl session - sh -c 'for i in $(seq 20); do keyctl request2 dns_resolver a:db.test "list x$i" @s >/dev/null; done' 2>/dev/null
t1=$(date +%s%N)
printf '# info: keyctl request2 in d1 -> kernel -> broker -> exec=host dns_resolver: %d us each\n' $(((t1 - t0) / 20000))
ub_done
