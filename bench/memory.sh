#!/bin/bash
# Peak RSS and CPU time per upcall: the stock request-key and the broker
# each run by bench/rsswrap in the kernel's place, which records the peak
# RSS and the CPU time (user + system) of what it ran: the program and its
# children, the helper included. Medians over the requests, ratios to the
# stock program doing the same, same run. CPU time is the figure a loaded
# machine does not blur: there, wall time is mostly waiting for a CPU.
# Both run behind bench/capture (its exec is in both figures). Appends
# markdown to $UB_BENCH_OUT/results.md.
. "$(dirname "$0")/../tests/integration/lib.sh"
. "$(dirname "$0")/common.sh"
N=${UB_BENCH_N:-40}
[ "$N" -le 60 ] || N=60
LOOP=$UB_BUILD/bench/reqloop

ub_lock_request_key
ub_container b1
printf '127.0.0.1 localhost\n127.0.0.1 benchctr\n' >"$UB_TMP/b1/root/etc/hosts"
col_median() { awk -v c="$2" '{print $c}' "$1" | sort -n | awk '{v[NR]=$1} END {print NR ? v[int(NR/2)+1] : 0}'; }
wrap() { echo "$UB_BUILD/bench/rsswrap $UB_TMP/res.$1 $UB_BUILD/bench/capture"; }

# The stock program, its own rules only (it cannot parse the broker's).
ub_rules <<<"create user bench:pipe:* * |/bin/cat"
: >"$UB_TMP/res.stock"; : >"$UB_TMP/res.stockdns"
stock_through_capture $(wrap stock)
"$LOOP" bench:pipe: $N >/dev/null || true
stock_done
stock_through_capture $(wrap stockdns)
"$LOOP" localhost $N dns_resolver "" fixed >/dev/null || true
stock_done

# The broker, the same way.
ub_rules <<EOF
create user bench:pipe:* * |/bin/cat
create user bench:ctr:* * [container] |/bin/cat
create dns_resolver a:localhost * $UB_BUILD/helpers/dns_resolver -- %k
create dns_resolver * * [container,exec=host] $UB_BUILD/helpers/dns_resolver -- %k
EOF
ub_capture_register b1 bench:ctr:
ub_capture_register b1 benchctr
broker_as() { UB_CAPTURE_WRAPPER=$(wrap "$1") broker_through_capture; : >"$UB_TMP/res.$1"; }
broker_as host;   "$LOOP" bench:pipe: $N >/dev/null || true; stock_done
broker_as ctr;    "$LOOP" bench:ctr: $N user x fixed >/dev/null || true; stock_done
broker_as dns;    "$LOOP" localhost $N dns_resolver "" fixed >/dev/null || true; stock_done
broker_as dnshost; "$LOOP" a:localhost $N dns_resolver "" fixed >/dev/null || true; stock_done
broker_as dnsctr; "$LOOP" benchctr $N dns_resolver "" fixed >/dev/null || true; stock_done

row() {   # row <name> <file> <baseline file>
	local m u bm bu
	m=$(col_median "$2" 1); u=$(col_median "$2" 2)
	bm=$(col_median "$3" 1); bu=$(col_median "$3" 2)
	echo "| $1 | $(wc -l <"$2") | $m | $(ratio "$m" "$bm") | $u | $(ratio "$u" "$bu") |"
}
{
	echo "## Memory and CPU time per upcall"
	echo
	echo "ru_maxrss and user+system CPU time of the request-key program and its children (helper"
	echo "included), medians of $N upcalls; ratios to the stock program doing the same, same run. Both"
	echo "run behind bench/capture (its exec included in both). CPU time depends far less on the load than wall time."
	echo
	echo "| case | upcalls measured | peak RSS KiB | ratio | CPU us | ratio |"
	echo "|---|---:|---:|---:|---:|---:|"
	row "stock request-key, host, \\|/bin/cat" "$UB_TMP/res.stock" "$UB_TMP/res.stock"
	row "upcall-broker, host, \\|/bin/cat" "$UB_TMP/res.host" "$UB_TMP/res.stock"
	row "upcall-broker, [container]$CAP, \\|/bin/cat" "$UB_TMP/res.ctr" "$UB_TMP/res.stock"
	row "stock request-key + key.dns_resolver, host" "$UB_TMP/res.stockdns" "$UB_TMP/res.stockdns"
	row "upcall-broker + dns_resolver, host, the shipped [container,exec=host] rule" "$UB_TMP/res.dns" "$UB_TMP/res.stockdns"
	row "upcall-broker + dns_resolver, host, a host rule (no requester search)" "$UB_TMP/res.dnshost" "$UB_TMP/res.stockdns"
	row "upcall-broker + dns_resolver [container,exec=host]$CAP" "$UB_TMP/res.dnsctr" "$UB_TMP/res.stockdns"
	echo
} | tee -a "$UB_BENCH_OUT/results.md"
