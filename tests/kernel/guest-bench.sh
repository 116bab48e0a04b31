#!/bin/sh
# /init of the kernel-bench guest (kernel-bench.sh). The latency of a
# `[container] |/bin/cat` upcall requested with request_key(2) (bench's
# reqloop) from inside a container, with <keys> more keys in /proc/keys held
# by bench's keyfill on the guest's host side; each point paired with the
# host rule `|/bin/cat` requested from the host side, in alternating chunks
# (as bench/scaling.sh pairs its points), so that a drift of the host's load
# weighs on both. One "UB-BENCH" line per point on the serial console.
#
# Which path the broker took is checked at each point, so that the numbers
# are known to measure it: its syslog line for every measured upcall names
# the container it found (patched: "(kernel capture)", the init pidfd;
# unpatched: "requester <tid>", from /proc/keys), and a few traced upcalls
# record its stage marks and what the kernel handed over: whether it read
# /proc/keys at all, and how long its read took.
#
# Kernel command line: ub_n=<upcalls per point and rule>,
# ub_keys=<comma-separated key counts>, ub_keyread=1 (also time the kernel's
# /proc/keys walk at each point: bench's keyread).
. /ub-guest-lib.sh
guest_boot

arg() { tr ' ' '\n' </proc/cmdline | sed -n "s/^$1=//p"; }
N=$(arg ub_n)
N=${N:-40}
KEYS=$(arg ub_keys | tr , ' ')
KEYREAD=$(arg ub_keyread)
chunk=$(((N + 3) / 4))

cat >/etc/request-key.d/ub-bench.conf <<'EOC'
create	user	bench:ctr:*	*	[container]	|/bin/cat
create	user	bench:pipe:*	*	|/bin/cat
EOC
# Measured upcalls run the broker as the kernel's /sbin/request-key with
# nothing in front: the recording wrapper would add a shell and three tools
# to each. Traced ones go through this one, which costs a shell more.
cat >/ub-bench/rk-trace <<'EOC'
#!/bin/sh
exec 7>>/ub-state/stages
echo "handed ${UPCALL_INIT_PIDFD:-none}" >&7
UPCALL_BROKER_STAGES=7 exec /sbin/upcall-broker "$@"
EOC
chmod 755 /ub-bench/rk-trace
ln -sf upcall-broker /sbin/request-key

C=$(start_ctr c1 9000001)
echo "UB-MARK bench container=$C n=$N chunk=$chunk keys=[$KEYS] keyread=${KEYREAD:-0}"
# the requester: in all of the container's namespaces, as the R scenario's
in_c() { nsenter -t "$C" -U -m -u -n -p "$@"; }
median_of() { sort -n "$1" | awk '{v[NR]=$1} END {print NR ? v[int(NR/2)+1] : 0}'; }
# loop <latency file> <description> [in_c]: one chunk; prints its failures
loop() {
	${3:-} env UB_LATENCIES="$1" /ub-bench/reqloop "$2" "$chunk" user x fixed | cut -d' ' -f3
}
# first runs fault in the broker, busybox and the libraries: not measured
in_c /ub-bench/reqloop bench:ctr: 3 user x fixed >/dev/null
/ub-bench/reqloop bench:pipe: 3 user x fixed >/dev/null

point() {  # point <keys>
	k=$1
	rm -f /tmp/kf.in /tmp/kf.out
	mkfifo /tmp/kf.in
	# keyfill holds its keys until its stdin (fd 8 here) closes
	/ub-bench/keyfill "$k" </tmp/kf.in >/tmp/kf.out &
	kf=$!
	exec 8>/tmp/kf.in
	i=0
	while [ "$(cat /tmp/kf.out)" != ready ] && [ $i -lt 1200 ]; do sleep 0.5; i=$((i + 1)); done
	lines=$(wc -l </proc/keys)

	: >/ub-state/stages
	ln -sf /ub-bench/rk-trace /sbin/request-key
	in_c /ub-bench/reqloop bench:ctr: 3 user x fixed >/dev/null
	ln -sf upcall-broker /sbin/request-key
	traced=$(grep -c "^placement " /ub-state/stages)
	handed=$(grep -c "^handed [0-9]" /ub-state/stages)
	reads=$(grep -c "^proc_keys " /ub-state/stages)
	# the broker's own /proc/keys read: from its "proc_keys" mark to its
	# next one (pin_requester), per traced upcall
	awk '$1 == "proc_keys" { t[$3] = $2; next } ($3 in t) { print int(($2 - t[$3]) / 1000); delete t[$3] }' \
		/ub-state/stages >/tmp/walk
	walk=-
	[ -s /tmp/walk ] && walk=$(median_of /tmp/walk)

	s0=$(wc -l </ub-state/syslog.log)
	rm -f /ub-state/lat.ctr /ub-state/lat.host
	fails=0
	for _ in 1 2 3 4; do
		f=$(loop /ub-state/lat.ctr bench:ctr: in_c)
		fails=$((fails + ${f:-$chunk}))
		f=$(loop /ub-state/lat.host bench:pipe:)
		fails=$((fails + ${f:-$chunk}))
	done
	kr="- - - -"
	[ "$KEYREAD" = 1 ] && kr=$(/ub-bench/keyread 5)
	exec 8>&-
	wait "$kf"
	# syslogd writes the broker's last lines a moment after it exits
	sleep 1
	served=$(tail -n +$((s0 + 1)) /ub-state/syslog.log | grep "(user:bench:ctr:) .*: served, container context")
	capture=$(echo "$served" | grep -c "(user:bench:ctr:) container init $C pidns [0-9]* (kernel capture):")
	bykeys=$(echo "$served" | grep -c "(user:bench:ctr:) requester [0-9]* container init $C ")
	set -- $kr
	echo "UB-BENCH keys=$k lines=$lines ctr=$(median_of /ub-state/lat.ctr) host=$(median_of /ub-state/lat.host)" \
		"n=$(wc -l </ub-state/lat.ctr) fails=$fails capture=$capture bykeys=$bykeys" \
		"traced=$traced handed=$handed reads=$reads walk=$walk keyread_root=$1 keyread_noowner=$2"
}
for k in $KEYS; do point "$k"; done
grep -iE "reject|fail|error|refus" /ub-state/syslog.log | tail -10 | sed 's/^/UB-MARK syslog /'
echo "UB-DONE uptime=$(cut -d" " -f1 /proc/uptime)s"
poweroff -f
