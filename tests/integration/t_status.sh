#!/bin/bash
# upcall-broker status: whether the broker is the system's request-key, the
# rules in effect, the registered containers (a bounded scan), the log.
. "$(dirname "$0")/lib.sh"
B=$UB_BUILD/upcall-broker

ub_rules <<'RULES'
create user ubtest:st-c:* * [container,unregistered=refuse] |/bin/hostname
create dns_resolver ubtest-st-r:* * [requester,registered=inside] /bin/true %k
create user ubtest:st-h:* * |/bin/cat
RULES

# Not swapped: the stock request-key.
ub_lock_request_key
out=$("$B" status)
check "status: the stock request-key is not the broker" grep -q "^  /sbin/request-key (.*) is NOT this broker" <<<"$out"
check "status: says whether a dpkg diversion exists" grep -q "^  dpkg diversion: " <<<"$out"
# A diversion it must find through dpkg-divert (an admin's, of the merged-/usr
# path, to a name nothing uses), removed on every exit path.
if command -v dpkg-divert >/dev/null && ! dpkg-divert --list /usr/sbin/request-key | grep -q .; then
	trap 'dpkg-divert --local --no-rename --divert /usr/sbin/request-key.ub-status-test --remove /usr/sbin/request-key >/dev/null; ub_cleanup' EXIT
	dpkg-divert --local --no-rename --divert /usr/sbin/request-key.ub-status-test --add /usr/sbin/request-key >/dev/null
	out=$("$B" status)
	check "status: an admin's diversion of /usr/sbin/request-key is shown" \
		grep -qx "  dpkg diversion: local diversion of /usr/sbin/request-key to /usr/sbin/request-key.ub-status-test" <<<"$out"
	dpkg-divert --local --no-rename --divert /usr/sbin/request-key.ub-status-test --remove /usr/sbin/request-key >/dev/null
	trap ub_cleanup EXIT
	out=$("$B" status)
	check "status: once removed, no diversion" grep -qx "  dpkg diversion: none for /sbin/request-key" <<<"$out"
else
	ub_skip "status: an admin's diversion is shown" "no dpkg-divert, or /usr/sbin/request-key already diverted"
fi
# Swapped (as upcall-broker-switch or the package does it, by a bind mount here).
mount --bind "$UB_BUILD/request-key" "$UB_REQUEST_KEY"
UB_MOUNTED=1
out=$("$B" status)
check "status: the broker bound over request-key is this broker" grep -q "^  /sbin/request-key (.*) is this broker" <<<"$out"
umount "$UB_REQUEST_KEY"
UB_MOUNTED=0

f=/etc/request-key.d/$(basename "$UB_RULES")
check "status: a container rule, its policy words, where it is" \
	grep -Eq "^  user +create +ubtest:st-c:\* +container +obey/refuse +\|/bin/hostname \($f:1\)$" <<<"$out"
check "status: a requester rule" \
	grep -Eq "^  dns_resolver +create +ubtest-st-r:\* +requester +inside/inside +/bin/true \($f:2\)$" <<<"$out"
check "status: a host rule has no policy" grep -Eq "^  user +create +ubtest:st-h:\* +host +- +\|/bin/cat \($f:3\)$" <<<"$out"

# Registered containers: a registration, a malformed one, and one beyond
# the scan's depth bound (32), which is reported as a possibly incomplete list.
cg2=""
for d in /sys/fs/cgroup/unified /sys/fs/cgroup; do
	if [ "$(stat -f -c %T "$d" 2>/dev/null)" = cgroup2fs ]; then cg2=$d; break; fi
done
if [ -n "$cg2" ]; then
	top=$cg2/ubtest-$$-st
	mkdir -p "$top/reg" "$top/bad"
	UB_CGROUPS+=("$top/reg" "$top/bad" "$top")
	"$B" register --cgroup "/ubtest-$$-st/reg" host >/dev/null
	"$UB_BUILD/tests/xattr" set "$top/bad" trusted.upcall_broker.policy Host >/dev/null
	out=$("$B" status)
	check "status: lists a registered cgroup" grep -Eq "^  /ubtest-$$-st/reg +host$" <<<"$out"
	check "status: lists a malformed one as such" grep -Eq "^  /ubtest-$$-st/bad +malformed \"Host\" \(taken as unregistered\)$" <<<"$out"
	check "status: a complete scan says nothing more" bash -c '! grep -q "may be incomplete" <<<"$1"' _ "$out"
	deep=$top
	for i in $(seq 33); do deep=$deep/d; done
	mkdir -p "$deep"
	d=$deep
	while [ "$d" != "$top" ]; do UB_CGROUPS+=("$d"); d=${d%/d}; done
	"$B" register --cgroup "${deep#"$cg2"}" refuse >/dev/null
	out=$("$B" status)
	check "status: the scan is bounded in depth" bash -c '! grep -q "/d/d/d.* refuse" <<<"$1"' _ "$out"
	check "status: ...and says the list may be incomplete" grep -q "may be incomplete" <<<"$out"
	check "status: the rest is still listed" grep -Eq "^  /ubtest-$$-st/reg +host$" <<<"$out"
else
	ub_skip "status: registered containers" "no cgroup v2 hierarchy"
fi

# The last upcalls: from a syslog file (--log), only our lines, the last 20.
{
	echo "Dec  2 10:00:00 vm sshd[1]: Accepted publickey for root"
	for i in $(seq 25); do
		echo "Dec  2 10:00:$i vm request-key[$((100 + i))]: [pidns 4026531836 host vm] key $i (user:ubtest:$i) requester 5 on the host: /etc/request-key.conf:1: served, host context"
	done
	echo "Dec  2 10:01:00 vm request-key[200]: [pidns 4026531836 host vm] key 99 (dns_resolver:x) requester 7 container init 8: refused by policy (registration refuse on /c, rule registered=obey); negated (Required key not available)"
	echo "Dec  2 10:01:01 vm cron[3]: (root) CMD (true)"
} >"$UB_TMP/auth.log"
out=$("$B" status --log "$UB_TMP/auth.log")
check "status --log: names the file" grep -q "^last upcalls ($UB_TMP/auth.log):" <<<"$out"
check "status --log: the last line, a refusal" grep -q "key 99 .*refused by policy" <<<"$out"
check "status --log: not other programs' lines" bash -c '! grep -q "sshd\|cron" <<<"$1"' _ "$out"
check_eq "status --log: the last 20 of ours" 20 "$(sed -n '/^last upcalls/,$p' <<<"$out" | grep -c 'request-key\[')"
check "status --log: the oldest ones dropped" bash -c '! grep -q "key 6 (" <<<"$1" && grep -q "key 7 (" <<<"$1"' _ "$out"
out=$("$B" status)
check "status: says where the last upcalls are, or that they are not kept" \
	grep -q "^last upcalls (\|^last upcalls: in the journal\|^last upcalls: not kept on this machine" <<<"$out"
check "status: usage on a bad argument" bash -c '! "$1" status --bogus 2>/dev/null' _ "$B"
ub_done
