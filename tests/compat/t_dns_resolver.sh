#!/bin/bash
# Differential test: our helpers/dns_resolver against keyutils' stock
# /sbin/key.dns_resolver, through real upcalls (keyctl request2 -> the
# kernel -> the stock /sbin/request-key), with the same inputs in the same
# namespaces and files:
#   - a namespace holder (unshare -m -n) with its own /etc/hosts,
#     resolv.conf, gai.conf, nsswitch.conf and /etc/keyutils bind-mounted
#     over, and a dnsmasq on its loopback (127.0.0.53) answering *.test with
#     A/AAAA/CNAME/SRV/AFSDB/TXT records of distinct TTLs;
#   - a temporary rule in /etc/request-key.d/ (one exact-description rule
#     per case, so it beats request-key.conf's and any other "*" rule)
#     whose program enters the holder's mount and network namespaces and
#     execs the tool named in a state file: the callout, the description
#     and the files each tool sees are identical;
#   - each request in a fresh session keyring (no cached key), payload
#     bytes (keyctl pipe | od), expiry (/proc/keys) and errno compared.
# Every case is classified: equal, improvement or difference; a case whose
# outcomes differ must be listed below with the phrase of
# man/dns_resolver.8's DIFFERENCES FROM KEY.DNS_RESOLVER section that
# documents it, or the test fails. The rule file, the holder, dnsmasq and
# the temporary files are removed on every exit path (lib.sh's cleanup),
# under the shared request-key lock.
. "$(dirname "$0")/../integration/lib.sh"
HELPER=$UB_BUILD/helpers/dns_resolver
STOCK=/sbin/key.dns_resolver
MAN=$UB_TOP/man/dns_resolver.8
[ -x "$STOCK" ] || { ub_skip "compat: dns_resolver" "$STOCK not installed (keyutils)"; ub_done; exit; }
[ -x /usr/sbin/dnsmasq ] || { ub_skip "compat: dns_resolver" "dnsmasq not installed"; ub_done; exit; }
[ -x "$HELPER" ] || { ub_log "FATAL: $HELPER not built"; exit 1; }
ub_lock_request_key
T=$UB_TMP/dnsdiff
mkdir -p "$T/etc/keyutils"
# ---- the namespace's files -----------------------------------------------
cat >"$T/etc/hosts" <<'H'
127.0.0.1 localhost
::1 localhost ip6-localhost
10.9.0.4 h4.test
fd00:9::6 h6.test
10.9.0.46 h46.test
fd00:9::46 h46.test
10.9.0.47 multi.test
10.9.0.48 multi.test
fd00:9::77 reach.test
127.0.0.77 reach.test
H
printf 'nameserver 127.0.0.53\noptions timeout:2 attempts:1\n' >"$T/etc/resolv.conf"
printf 'hosts: files dns\n' >"$T/etc/nsswitch.conf"
: >"$T/etc/gai.conf"
GAI_V4FIRST='precedence ::1/128 50
precedence ::/0 40
precedence 2002::/16 30
precedence ::/96 20
precedence ::ffff:0:0/96 100'
# ---- the namespace holder ------------------------------------------------
unshare -m -n --propagation private /bin/sh -c '
	ip link set lo up && ip addr add 127.0.0.53/8 dev lo 2>/dev/null
	for f in hosts resolv.conf nsswitch.conf gai.conf; do mount --bind "$1/etc/$f" "/etc/$f"; done
	mount --bind "$1/etc/keyutils" /etc/keyutils
	touch "$1/ready"; exec sleep infinity' holder "$T" &
HOLDER=$!
UB_PIDS+=("$HOLDER")
for i in $(seq 100); do [ -e "$T/ready" ] && break; sleep 0.05; done
[ -e "$T/ready" ] || { ub_log "FATAL: namespace holder did not start"; exit 1; }
# AFSDB rdata: subtype 1, then afs2.test in wire format (the kernel's
# dns_resolver key keeps no trailing NUL of a text payload).
AFSDB_RDATA=00010461667332047465737400
nsenter -t "$HOLDER" -m -n /usr/sbin/dnsmasq --keep-in-foreground --conf-file=/dev/null --user=root --group=root \
	--listen-address=127.0.0.53 --bind-interfaces --no-resolv --no-hosts --pid-file= --local=/test/ \
	--log-facility=/dev/null --local-ttl=50 \
	--host-record=a4.test,10.0.0.4,30 --host-record=a6.test,fd00::6,35 \
	--host-record=a46.test,10.0.0.46,fd00::46,40 --host-record=afs2.test,10.0.0.2,fd00::2,55 \
	--host-record=h46.test,10.8.0.46,38 \
	--cname=c2.test,a46.test,45 --cname=c1.test,c2.test,44 \
	--srv-host=_vl._udp.s.test,a46.test,7003,10 --srv-host=_vl._udp.dangling.test,nohost.test,7003 \
	--srv-host=_afs3-vlserver._udp.cell1.test,a46.test,7003 \
	--srv-host=_afs3-vlserver._udp.cell3.test,afs2.test,7001,20 --srv-host=_afs3-vlserver._udp.cell3.test,a4.test,7002,10 \
	--dns-rr=cell2.test,18,$AFSDB_RDATA --txt-record=txt.test,"only text" &
UB_PIDS+=("$!")
for i in $(seq 50); do
	nsenter -t "$HOLDER" -m -n getent ahostsv4 a4.test >/dev/null 2>&1 && break
	sleep 0.1
done
nsenter -t "$HOLDER" -m -n getent ahostsv4 a4.test >/dev/null 2>&1 || { ub_log "FATAL: dnsmasq did not answer"; exit 1; }
# ---- the rule and the wrapper --------------------------------------------
printf '%s\n' "$STOCK" >"$T/tool"
cat >"$T/wrapper" <<W
#!/bin/sh
exec nsenter -t $HOLDER -m -n -- "\$(cat $T/tool)" "\$@"
W
chmod 755 "$T/wrapper"
rule() { printf 'create dns_resolver %s * %s %%k\n' "$1" "$T/wrapper" >"$UB_RULES"; }

# outcome <desc> <callout>: "ok <hex payload> <expiry s>" or "err <errno> <expiry s>"
outcome() {
	rule "$1"
	keyctl session - /bin/sh -c '
		exp() { # the timeout column of /proc/keys, in seconds (expd: 0)
			h=$(printf %08x "$1")
			while read -r k f u t rest; do [ "$k" = "$h" ] || continue
				case $t in perm) echo perm;; expd) echo 0;; *s) echo ${t%s};; *m) echo $(( ${t%m} * 60 ));;
				*h) echo $(( ${t%h} * 3600 ));; *) echo "$t";; esac; done </proc/keys; }
		if id=$(keyctl request2 dns_resolver "$1" "$2" @s 2>"$3"); then
			echo "ok $(keyctl pipe "$id" | od -An -v -tx1 | tr -d " \n") $(exp "$id")"
		else
			e=$(cat "$3"); e=${e#*: }
			id=$(keyctl rlist @s | tr " " "\n" | head -1)
			echo "err $e|$(exp "$id")"
		fi' sh "$1" "$2" "$T/err" 2>/dev/null
}
errno_name() {
	case $1 in
	"Required key not available") echo ENOKEY ;; "No data available") echo ENODATA ;;
	"Interrupted system call") echo EINTR ;; "Key was rejected by service") echo EKEYREJECTED ;;
	"Resource temporarily unavailable") echo EAGAIN ;; "Message too long") echo EMSGSIZE ;;
	"Connection refused") echo ECONNREFUSED ;; *) echo "?($1)" ;;
	esac
}
# normalize: "payload=<text> exp=<s>" (binary: 0x<hex>) / "errno=<E> exp=<s>"
normalize() {
	local kind=$1 rest=$2 hex ex
	if [ "$kind" = ok ]; then
		hex=${rest% *}; ex=${rest##* }
		if [ -n "$hex" ] && [ "${hex:0:2}" != 00 ]; then
			printf 'payload="%s" exp=%s' "$(printf '%b' "$(printf '%s' "$hex" | sed 's/../\\x&/g')" | tr -c '[:print:]' '?')" "$ex"
		else
			printf 'payload=0x%s exp=%s' "$hex" "$ex"
		fi
	else
		printf 'errno=%s exp=%s' "$(errno_name "${rest%|*}")" "${rest##*|}"
	fi
}
# Expiry is read a moment after instantiation, and /proc/keys shows whole
# minutes from 60 s on: equal within 2 s, or within the same minute.
same() {
	local a=$1 b=$2
	[ "${a% exp=*}" = "${b% exp=*}" ] || return 1
	local ea=${a##* exp=} eb=${b##* exp=} tol=2
	[ "$ea" = "$eb" ] && return 0
	case $ea$eb in *[!0-9]*) return 1 ;; esac
	[ "$ea" -ge 59 ] && [ "$eb" -ge 59 ] && tol=60
	[ $((ea - eb)) -le $tol ] && [ $((eb - ea)) -le $tol ]
}

# ---- the cases -----------------------------------------------------------
# case <name> <desc> <callout> [<class> <man page phrase>]
# Class of an expected difference: improvement or difference; the phrase
# must appear in the man page (its DIFFERENCES section documents it).
NAMES=(); DESCS=(); CALLOUTS=(); CLASSES=(); WHYS=(); SETUP=()
setup_now=""
case_() {
	NAMES+=("$1"); DESCS+=("$2"); CALLOUTS+=("$3"); CLASSES+=("${4:-equal}"); WHYS+=("${5:-}")
	SETUP+=("$setup_now")
}
TTL5='expiry of address keys'
ERR='EINTR'
BADNAME='not a DNS host name is rejected'
# /etc/hosts
case_ "hosts: IPv4 only, legacy"          h4.test ""
case_ "hosts: IPv4 only, list"            h4.test list
case_ "hosts: IPv4 only, ipv6: no data"   h4.test ipv6 improvement "$ERR"
case_ "hosts: IPv6 only, legacy: no data" h6.test "" improvement "$ERR"
case_ "hosts: IPv6 only, ipv6"            h6.test ipv6
case_ "hosts: IPv6 only, list"            h6.test list
case_ "hosts: both, legacy"               h46.test ""
case_ "hosts: both, list (IPv6 first)"    h46.test list
case_ "hosts: both, default callout word" h46.test unknownword
case_ "hosts: both, ipv4"                 h46.test ipv4
case_ "hosts: both, ipv6"                 h46.test ipv6
case_ "hosts: both, ipv4 list"            h46.test "ipv4 list"
case_ "hosts: both, ipv6 ipv4 (last wins)" h46.test "ipv6 ipv4"
case_ "hosts: both, ipv4,list (comma)"    h46.test "ipv4,list"
case_ "hosts: two IPv4, list"             multi.test list
case_ "hosts: localhost, legacy"          localhost ""
case_ "hosts: reachable IPv4 before unreachable ULA, list" reach.test list
case_ "hosts: reachable IPv4 before unreachable ULA, first" reach.test unknownword
case_ "hosts: localhost, list"            localhost list
case_ "hosts: a: prefix"                  a:h46.test list
case_ "hosts: aaaa: prefix (a family hint for neither)" aaaa:h4.test ""
case_ "hosts: uppercase"                  H46.TEST list
case_ "hosts: trailing dot"               h4.test. "" difference "trailing dot"
# numeric addresses: getaddrinfo answers them itself, in inet_aton's forms
case_ "literal: IPv4, legacy"             10.1.2.3 ""
case_ "literal: IPv4, list"               10.1.2.3 list
case_ "literal: short form 127.1"         127.1 list
case_ "literal: octal part (010 is 8)"    010.1.2.3 ""
case_ "literal: hex part"                 0x7f.0.0.9 ipv4
# DNS
case_ "dns: A only, legacy"               a4.test "" improvement "$TTL5"
case_ "dns: A only, list"                 a4.test list improvement "$TTL5"
case_ "dns: A only, ipv6: no data"        a4.test ipv6 improvement "$ERR"
case_ "dns: AAAA only, legacy: no data"   a6.test "" improvement "$ERR"
case_ "dns: AAAA only, list"              a6.test list improvement "$TTL5"
case_ "dns: both, legacy"                 a46.test "" improvement "$TTL5"
case_ "dns: both, list (ULA first)"       a46.test list improvement "$TTL5"
case_ "dns: both, ipv6"                   a46.test ipv6 improvement "$TTL5"
case_ "dns: both, ipv4 list"              a46.test "ipv4 list" improvement "$TTL5"
case_ "dns: both, ipv4,list (comma)"      a46.test "ipv4,list"
case_ "dns: CNAME chain, list"            c1.test list improvement "$TTL5"
case_ "dns: CNAME chain, legacy"          c1.test "" improvement "$TTL5"
case_ "dns: hosts name wins over DNS"     h46.test ipv4
case_ "dns: uppercase"                    A46.TEST list improvement "$TTL5"
case_ "dns: trailing dot"                 a46.test. list improvement "$TTL5"
case_ "dns: TXT only (NODATA)"            txt.test list improvement "$ERR"
case_ "dns: TXT only, legacy (NODATA)"    txt.test "" improvement "$ERR"
case_ "dns: nonexistent (NXDOMAIN)"       nowhere.test "" improvement "$ERR"
case_ "dns: nonexistent, list"            nowhere.test list improvement "$ERR"
# AFS cells
case_ "afsdb: SRV, empty callout (both families)" afsdb:cell1.test "" improvement "smallest TTL"
case_ "afsdb: SRV, ipv4"                  afsdb:cell1.test ipv4 improvement "smallest TTL"
case_ "afsdb: SRV, ipv6"                  afsdb:cell1.test ipv6 improvement "smallest TTL"
case_ "afsdb: SRV, ipv4 list (not narrowed)" afsdb:cell1.test "ipv4 list" improvement "smallest TTL"
case_ "afsdb: two servers (dnsmasq sends them by priority)" afsdb:cell3.test "" improvement "smallest TTL"
case_ "afsdb: AFSDB fallback"             afsdb:cell2.test "" 
case_ "afsdb: AFSDB fallback, ipv6"       afsdb:cell2.test ipv6
case_ "afsdb: no such cell"               afsdb:nocell.test "" improvement "$ERR"
case_ "afsdb: srv=1 (binary server list)" afsdb:cell1.test srv=1 difference "srv=1"
# srv: (ours only), other query types
case_ "srv: with port"                    srv:_vl._udp.s.test "" improvement "srv: queries"
case_ "srv: target without address"       srv:_vl._udp.dangling.test "" improvement "srv: queries"
case_ "mx: unsupported query type"        mx:a4.test "" difference "unsupported query type"
# odd names
LONG=$(printf 'a%.0s' $(seq 70)).test
case_ "odd: label over 63 characters"     "$LONG" "" improvement "$BADNAME"
case_ "odd: empty label"                  a..test "" improvement "$BADNAME"
case_ "odd: leading dot"                  .a4.test "" improvement "$BADNAME"
case_ "odd: name over 253 characters"     "$(printf 'abcdefghi.%.0s' $(seq 26))test" "" improvement "$BADNAME"
case_ "odd: a: with an empty name"        a: "" improvement "$BADNAME"
# the container's gai.conf: IPv4 first
setup_now=gai_v4first
case_ "gai.conf precedence: hosts both, list"  h46.test list
case_ "gai.conf precedence: localhost, list"   localhost list
case_ "gai.conf precedence: dns both, list"    a46.test list improvement "$TTL5"
case_ "gai.conf precedence: dns both, first"   a46.test unknownword improvement "$TTL5"
case_ "gai.conf precedence: hosts both, first" h46.test unknownword
# the container's key.dns_resolver.conf
setup_now=default_ttl
case_ "key.dns_resolver.conf default_ttl: hosts" h4.test ""

setup() {
	case $1 in
	gai_v4first) printf '%s\n' "$GAI_V4FIRST" >"$T/etc/gai.conf" ;;
	default_ttl) : >"$T/etc/gai.conf"; echo "default_ttl = 23" >"$T/etc/keyutils/key.dns_resolver.conf" ;;
	*) : >"$T/etc/gai.conf"; rm -f "$T/etc/keyutils/key.dns_resolver.conf" ;;
	esac
}

# ---- run: all stock, then all ours (the state file flips once per phase) --
t0=$(date +%s)
declare -A OUT
for tool in stock ours; do
	[ $tool = stock ] && printf '%s\n' "$STOCK" >"$T/tool" || printf '%s\n' "$HELPER" >"$T/tool"
	cur=none; setup ""
	for i in "${!NAMES[@]}"; do
		[ "${SETUP[$i]}" != "$cur" ] && { cur=${SETUP[$i]}; setup "$cur"; }
		r=$(outcome "${DESCS[$i]}" "${CALLOUTS[$i]}")
		OUT[$tool,$i]=$(normalize "${r%% *}" "${r#* }")
	done
done
setup ""
t1=$(date +%s)

declare -A COUNT=([equal]=0 [improvement]=0 [difference]=0)
TABLE=()
for i in "${!NAMES[@]}"; do
	s=${OUT[stock,$i]} o=${OUT[ours,$i]} cls=${CLASSES[$i]} why=${WHYS[$i]}
	label="${NAMES[$i]} (${DESCS[$i]:0:40} '${CALLOUTS[$i]}')"
	if same "$s" "$o"; then
		got=equal
		if [ "$cls" != equal ]; then
			ok "$label: equal (listed as $cls: '$why')"
		else
			ok "$label: equal"
		fi
	elif [ "$cls" = equal ]; then
		got=UNCLASSIFIED
		not_ok "$label: unclassified difference"
	elif ! grep -qF -- "$why" "$MAN"; then
		got=UNDOCUMENTED
		not_ok "$label: $cls, but '$why' is not in $MAN"
	else
		got=$cls
		ok "$label: $cls ($why)"
	fi
	if [ "$got" = equal ]; then printf '#   both:  %s\n' "$o"; else printf '#   stock: %s\n#   ours:  %s\n' "$s" "$o"; fi
	COUNT[$got]=$(( ${COUNT[$got]:-0} + 1 ))
	TABLE+=("$(printf '%-13s %s' "$got" "$label")")
done
printf '# ---- %d cases, %d requests per tool, %d s ----\n' "${#NAMES[@]}" "${#NAMES[@]}" $((t1 - t0))
printf '# %s\n' "${TABLE[@]}"
for k in "${!COUNT[@]}"; do printf '# %s: %d\n' "$k" "${COUNT[$k]}"; done | sort
ub_done
