#!/bin/bash
# dns_resolver through the real kernel and the broker: two containers, each
# with its own network namespace and its own dnsmasq answering the same
# name differently (address and TTL), one with an /etc/hosts entry; the
# same request from each gets its own container's answer; the host's is
# unchanged; a name that exists nowhere is a negative key with ENOKEY.
. "$(dirname "$0")/../../../tests/integration/lib.sh"
HELPER=$UB_BUILD/helpers/dns_resolver

ub_rules <<EOF
create dns_resolver * * [container,exec=host,timeout=10] $HELPER %k
EOF
start_dns() {   # start_dns <container> <addr> <ttl>
	local c=$1 root=$UB_TMP/$1/root
	echo "nameserver 127.0.0.53" >"$root/etc/resolv.conf"
	ub_in "$c" ip addr add 127.0.0.53/8 dev lo 2>/dev/null || true
	ub_in "$c" /usr/sbin/dnsmasq --keep-in-foreground --conf-file=/dev/null --user=root --group=root \
		--listen-address=127.0.0.53 --bind-interfaces --no-resolv --no-hosts --pid-file= --local=/test/ \
		--local-ttl="$3" --host-record=db.test,"$2" --host-record=v6.test,"$2",fd00::"$3" \
		--srv-host=_vl._udp.db.test,db.test,7003 \
		--srv-host=_afs3-vlserver._udp.cell.test,db.test,7003 --log-facility=/dev/null &
	disown
	for i in $(seq 50); do ub_in "$c" /usr/bin/getent ahostsv4 db.test >/dev/null 2>&1 && break; sleep 0.1; done
}
ub_container d1
ub_container d2
start_dns d1 10.0.1.10 120
start_dns d2 10.0.2.20 300
echo "10.9.9.9 hostsonly.test" >>"$UB_TMP/d1/root/etc/hosts"
ub_install_broker

# req <container|host> <description> [<callout>]: "payload ttl" or "ERROR: ..."
req() {
	local where=$1 desc=$2 callout=${3:-}
	local cmd='id=$(keyctl request2 dns_resolver "$1" "$2" @s 2>&1) || { echo "ERROR: $id"; exit 0; }
		printf "%s " "$(keyctl pipe $id | tr -d "\0")"
		hex=$(printf %08x $id)
		while read -r k f u t rest; do [ "$k" = "$hex" ] && echo "$t"; done </proc/keys; true'
	if [ "$where" = host ]; then
		keyctl session - sh -c "$cmd" req "$desc" "$callout" 2>/dev/null | tail -1
	else
		ub_in "$where" keyctl session - sh -c "$cmd" req "$desc" "$callout" 2>/dev/null | tail -1
	fi
}
out1=$(req d1 db.test)
out2=$(req d2 db.test)
check_eq "container d1 gets its own DNS server's answer" 10.0.1.10 "${out1%% *}"
check_eq "container d2 gets its own DNS server's answer" 10.0.2.20 "${out2%% *}"
# /proc/keys shows the expiry left, e.g. "119s"/"2m": it must come from the record TTL
exp1=${out1##* }; exp2=${out2##* }
check "d1's key expires from its record TTL (120 s): $exp1" grep -qE '^(1[01][0-9]s|120s|1m|2m)$' <<<"$exp1"
check "d2's key expires from its record TTL (300 s): $exp2" grep -qE '^(2[0-9][0-9]s|300s|4m|5m)$' <<<"$exp2"
out=$(req d1 hostsonly.test)
check_eq "d1's /etc/hosts entry is used" 10.9.9.9 "${out%% *}"
out=$(req d2 hostsonly.test)
check_eq "d2 does not see d1's /etc/hosts" "ERROR: request_key: Required key not available" "$out"
out=$(req d1 v6.test "list")
check_eq "list: all addresses, both families" "10.0.1.10,fd00::120" "${out%% *}"
out=$(req d1 v6.test "ipv6")
check_eq "ipv6 only" "fd00::120" "${out%% *}"
out=$(req d2 srv:_vl._udp.db.test)
check_eq "srv: target address and port" "10.0.2.20+7003" "${out%% *}"
out=$(req d1 afsdb:cell.test)
check_eq "afsdb: the cell's VL servers from SRV, with port" "10.0.1.10+7003" "${out%% *}"
bin=$(ub_in d2 keyctl session - sh -c 'id=$(keyctl request2 dns_resolver afsdb:cell.test srv=1 @s) && keyctl pipe $id | od -An -tx1 | tr -d " \n"' 2>/dev/null | tail -1)
# header: 00 (binary), 00 (server list), 01 (v1), 04 (from SRV), 01 (good), 01 server;
# server: name_len 7 LE, prio, weight, port 7003 LE (5b1b), ...
check_eq "afsdb srv=1: binary server list v1 header" "000001040101" "${bin:0:12}"
check_eq "afsdb srv=1: the server's port, little-endian" "5b1b" "${bin:24:4}"
check "afsdb srv=1: d2's address (10.0.2.20 = 0a000214)" grep -q "000a000214" <<<"$bin"
out=$(req d1 nowhere.test)
check_eq "a name that exists nowhere: ENOKEY" "ERROR: request_key: Required key not available" "$out"
out=$(req d1 mx:db.test)
check_eq "an unsupported query type: rejected" "ERROR: request_key: Key was rejected by service" "$out"
out=$(req host localhost)
check_eq "the host's request resolves with the host's files" 127.0.0.1 "${out%% *}"
out=$(req host db.test)
check "the host does not see the containers' names" grep -q "^ERROR" <<<"$out"
ub_done
