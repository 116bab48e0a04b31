#!/bin/sh
# /init of the kernel-check guest. Makes containers (unshare: user, pid,
# mount, net and uts namespaces; veth links), runs the scenarios and prints
# one "UB-RESULT <scenario> PASS|FAIL <detail>" line per scenario on the
# serial console. /ub-state/upcalls.log is written by the recording
# /sbin/request-key wrapper (rk-wrapper.sh) for every helper the kernel runs.
. /ub-guest-lib.sh
guest_boot

# kernel.upcall_init_refuse_unowned (the series): requests from a user + mount
# namespace whose pid namespace it does not own fail with EXDEV when 1
refuse=/proc/sys/kernel/upcall_init_refuse_unowned
set_refuse() { [ -e "$refuse" ] && echo "$1" >"$refuse"; }
echo "UB-MARK refuse_unowned=$(cat "$refuse" 2>&1)"

# --- R: request_key() from a process in a container -----------------------
C1=$(start_ctr c1 9000001)
n=$(nlog)
out=$(nsenter -t "$C1" -U -m -u -n -p sh -c \
	'keyctl new_session >/dev/null; k=$(keyctl request2 user ub:ctr x @s) && keyctl pipe "$k"' 2>&1)
line=$(log_since "$n" | grep "key ub:ctr")
echo "UB-MARK R container=$C1 payload=[$out] helper=[$line]"
if echo "$line" | grep -q "pid=$C1\$"; then
	result R PASS "helper got UPCALL_INIT_PIDFD, a pidfd of the container's init ($line)"
else
	result R FAIL "helper did not get the container's init: [$line]"
fi

# --- R-host: the same from the host: nothing handed over -------------------
n=$(nlog)
out=$(sh -c 'keyctl new_session >/dev/null; k=$(keyctl request2 user ub:host x @s) && keyctl pipe "$k"' 2>&1)
line=$(log_since "$n" | grep "key ub:host")
echo "UB-MARK R-host payload=[$out] helper=[$line]"
case $line in
*nofd) if [ "$out" = hostname=guest ]; then
	result R-host PASS "helper started as before (no variable, no fd), ran on the host"
else
	result R-host FAIL "no fd, but the probe answered [$out]"
fi ;;
*) result R-host FAIL "[$line]" ;;
esac

# --- R-refused: user+mount namespace but the host's pid namespace ----------
# refused only with kernel.upcall_init_refuse_unowned=1 (8-unowned-rk: default)
n=$(nlog)
set_refuse 1
rs=$(cat "$refuse" 2>&1)
out=$(unshare -U -r -m sh -c 'keyctl new_session >/dev/null; keyctl request2 user ub:refused x @s' 2>&1)
set_refuse 0
line=$(log_since "$n" | grep "key ub:refused")
echo "UB-MARK R-refused sysctl=[$rs] out=[$out] helper=[$line]"
if [ "$rs" = 1 ] && [ -z "$line" ] && echo "$out" | grep -qi "cross-device"; then
	result R-refused PASS "with upcall_init_refuse_unowned=1 the request failed in the kernel with EXDEV, no helper ran ($out)"
else
	result R-refused FAIL "sysctl [$rs] out [$out] helper [$line]"
fi

# --- 8-unowned-rk: the same layout by default: served as the host -----------
n=$(nlog)
out=$(unshare -U -r -m sh -c 'keyctl new_session >/dev/null; k=$(keyctl request2 user ub:unowned x @s) && keyctl pipe "$k"' 2>&1)
line=$(log_since "$n" | grep "key ub:unowned")
echo "UB-MARK 8-unowned-rk out=[$out] helper=[$line]"
case $line in
*nofd) result 8-unowned-rk PASS "the helper ran on the host with no fd and no variable, as unpatched (broker: [$out])" ;;
*) result 8-unowned-rk FAIL "helper [$line] out [$out]" ;;
esac

# --- 1: NFSv4 server container S, client containers A and B ----------------
[ -e /sys/module/nfsd/parameters/cltrack_prog ] &&
	printf %s /usr/local/lib/upcall-broker/umh-nfsdcltrack >/sys/module/nfsd/parameters/cltrack_prog
echo "UB-MARK cltrack_prog=$(cat /sys/module/nfsd/parameters/cltrack_prog 2>&1)"
# nfsd's switch for usermode-helper client tracking in containers (the
# series): off for S's first start (4-cltrack-off), on for the rest
cic=/sys/module/nfsd/parameters/cltrack_in_containers
[ -e "$cic" ] && echo N >"$cic"
echo "UB-MARK cltrack_in_containers=$(cat "$cic" 2>&1)"
S=$(start_ctr srv 9000010 hostnet)
A=$(start_ctr a 9000011)
B=$(start_ctr b 9000012)
echo "UB-MARK containers S=$S A=$A B=$B"
link "$S" sa 10.0.1.1 "$A" as 10.0.1.2
link "$S" sb 10.0.2.1 "$B" bs 10.0.2.2
n_off=$(nlog)
in_ctr "$S" sh -c '
	mount -t nfsd nfsd /proc/fs/nfsd
	mkdir -p /srv/export/data /srv/export/ref /srv/export/ref2 /srv/export/ref3
	# nfsd looks for exports (and their refer=) at mount points only
	mount -t tmpfs ref /srv/export/ref
	mount -t tmpfs ref2 /srv/export/ref2
	mount -t tmpfs ref3 /srv/export/ref3
	echo hello-from-srv >/srv/export/data/file
	chown 1001:1001 /srv/export/data/file
	# scenario 3: one file owned by alice, one by carol (never listed:
	# a READDIR would look up both owners at once)
	mkdir -p /srv/export/id
	echo alice >/srv/export/id/alice-file
	echo carol >/srv/export/id/carol-file
	echo mallory >/srv/export/id/mallory-file
	echo oscar >/srv/export/id/oscar-file
	echo peggy >/srv/export/id/peggy-file
	chown 1001:1001 /srv/export/id/alice-file
	chown 1003:1003 /srv/export/id/carol-file
	chown 1005:1005 /srv/export/id/mallory-file
	chown 1007:1007 /srv/export/id/oscar-file
	chown 1009:1009 /srv/export/id/peggy-file
	touch /var/lib/nfs/etab /var/lib/nfs/rmtab
	exportfs -ra
	rpc.mountd -N 2 -N 3
	echo 10 >/proc/fs/nfsd/nfsv4leasetime
	echo 10 >/proc/fs/nfsd/nfsv4gracetime
	# first start with the switch off (4-cltrack-off)
	rpc.nfsd -N 3 -U -p 2049 4
	sleep 1
	rpc.nfsd 0' >/tmp/srv.out 2>&1
off_lines=$(log_since "$n_off" | grep cltrack | tr '\n' ';')
echo "UB-MARK 4-off helper=[$off_lines] $(dmesg | grep -i "client recovery\|cltrack\|nfsdcltrack" | tail -3 | tr '\n' ' ')"
if [ -z "$off_lines" ]; then
	result 4-cltrack-off PASS "switch off ([$(cat "$cic" 2>&1)]): S's nfsd started no nfsdcltrack upcall, as unpatched"
else
	result 4-cltrack-off FAIL "switch [$(cat "$cic" 2>&1)]: nfsdcltrack ran for S's nfsd: [$off_lines]"
fi
[ -e "$cic" ] && echo Y >"$cic"
echo "UB-MARK cltrack_in_containers=$(cat "$cic" 2>&1)"
n_srv=$(nlog)
in_ctr "$S" sh -c '
	rpc.nfsd -N 3 -U -p 2049 4
	echo Y >/proc/fs/nfsd/v4_end_grace' >>/tmp/srv.out 2>&1
echo "UB-MARK srv-start $(tr '\n' ' ' </tmp/srv.out)"
ok=0
for c in "$A:10.0.1.1:10.0.1.2" "$B:10.0.2.1:10.0.2.2"; do
	p=${c%%:*} rest=${c#*:}; s=${rest%%:*}; me=${rest#*:}
	out=$(in_ctr "$p" timeout 60 mount -t nfs4 -o "vers=4.2,addr=$s,clientaddr=$me" "$s:/srv/export" /mnt 2>&1 &&
		in_ctr "$p" timeout 30 cat /mnt/data/file 2>&1)
	echo "UB-MARK mount-$p [$out]"
	[ "$out" = hello-from-srv ] && ok=$((ok + 1))
done
if [ $ok = 2 ]; then
	result 1-nfs PASS "A and B mounted S's export from their namespaces and read it"
else
	result 1-nfs FAIL "only $ok of 2 clients read S's export"
fi

# --- 2: dns_resolver upcall for a container's mount (NFSv4 referral) --------
# The referral names srv.test, which only A's and B's /etc/hosts know (with
# different addresses). A host process walks into it, so only the capture
# made at mount time can say whose configuration applies.
n=$(nlog)
outa=$(timeout 60 ls "/proc/$A/root/mnt/ref/" 2>&1 | tr '\n' ' ')
# No pause: B's lookup must not be served A's cached answer (patch 1 keeps
# the network namespace a dns_resolver key was requested for).
outb=$(timeout 60 ls "/proc/$B/root/mnt/ref/" 2>&1 | tr '\n' ' ')
lines=$(log_since "$n" | grep "key srv.test" | tr '\n' ';')
echo "UB-MARK 2 A=[$outa] B=[$outb] helper=[$lines]"
grep -E "dns_res|srv" /proc/keys | sed 's/^/UB-MARK 2-keys /'
if [ "$outa" = "file " ] && [ "$outb" = "file " ] && echo "$lines" | grep -q "pid=$A;.*pid=$B;"; then
	result 2-dns PASS "referral to srv.test resolved with A's and with B's /etc/hosts"
else
	result 2-dns FAIL "A: [$outa] B: [$outb]"
fi

# --- 4: knfsd client tracking by nfsdcltrack inside S -----------------------
db=/proc/$S/root/var/lib/nfs/nfsdcltrack/main.sqlite
lines=$(log_since "$n_srv" | grep cltrack | tr '\n' ';')
echo "UB-MARK 4 helper=[$lines] db-in-S=$([ -e "$db" ] && echo yes || echo no) db-on-host=$([ -e /var/lib/nfs/nfsdcltrack ] && echo yes || echo no)"
# an open file in A: after the restart A has to reclaim it, and nfsd asks
# nfsdcltrack whether A may ("check")
in_ctr "$A" sh -c 'exec 3</mnt/data/file; sleep 40' &
sleep 1
n=$(nlog)
in_ctr "$S" sh -c 'rpc.nfsd 0; sleep 1; rpc.nfsd -N 3 -U -p 2049 4' >/tmp/srv2.out 2>&1
# a write needs open state on the server: the client must recover and reclaim
out=$(in_ctr "$A" timeout 90 sh -c 'echo after-restart >/mnt/data/new && cat /mnt/data/new' 2>&1)
relines=$(log_since "$n" | grep cltrack | tr '\n' ';')
echo "UB-MARK 4-restart read=[$out] helper=[$relines]"
if [ -e "$db" ] && [ ! -e /var/lib/nfs/nfsdcltrack ] && echo "$lines" | grep -q "pid=$S;" &&
	[ "$out" = after-restart ] && echo "$relines" | grep -q "cltrack check.*pid=$S"; then
	result 4-cltrack PASS "nfsdcltrack ran in S (db in S's /var/lib/nfs), A reclaimed after the restart"
else
	result 4-cltrack FAIL "db in S: $([ -e "$db" ] && echo yes || echo no); init/create: [$lines]; after restart: read [$out] [$relines]"
fi

# --- 3: NFSv4 id mapping with names on the wire ------------------------------
# Idmapping on in nfsd and in the client, rpc.idmapd in S (S's passwd:
# alice=1001, carol=1003, domain srv.test), so owners travel as
# "alice@srv.test". A (domain srv.test) has alice=1101, carol=1103; B (domain
# b.test) maps alice@srv.test to bob=2002 and carol@srv.test to dave=2004
# with the static method. The client's id_resolver upcalls go through
# /sbin/request-key (the broker) to the project's nfsidmap, which the broker
# runs in the mount's container with its idmapd.conf, passwd and group.
# Judged by the owner names and ids each container sees inside itself.
#  3-idmap:      alice-file, first looked up from inside A, then B;
#  3-idmap-host: carol-file, first looked up by a host process through
#                /proc/<pid>/root (only the mount's capture says whose files
#                apply), then looked at inside A and B.
echo N >/sys/module/nfsd/parameters/nfs4_disable_idmapping
echo N >/sys/module/nfs/parameters/nfs4_disable_idmapping
in_ctr "$S" sh -c '
	mount -t rpc_pipefs sunrpc /var/lib/nfs/rpc_pipefs
	rpc.idmapd -f -vvv -p /var/lib/nfs/rpc_pipefs >/ub-state/idmapd.log 2>&1 &
	sleep 0.5
	exportfs -f' >/tmp/idmapd.out 2>&1
n3=$(nlog)
for c in "$A:10.0.1.1" "$B:10.0.2.1"; do
	p=${c%%:*} s=${c#*:}
	# a new superblock, made after idmapping was switched on
	in_ctr "$p" sh -c "mkdir -p /mnt3 && timeout 60 mount -t nfs4 -o vers=4.2,nosharecache,addr=$s $s:/srv/export /mnt3" 2>&1 |
		sed 's/^/UB-MARK 3-mount /'
done
owner() {  # owner <pid> <file>: "user:group uid:gid" as the container sees it
	in_ctr "$1" timeout 30 stat -c '%U:%G %u:%g' "/mnt3/id/$2" 2>&1 | tr '\n' ' ' | sed 's/ $//'
}
ua=$(owner "$A" alice-file)
ub=$(owner "$B" alice-file)
lsa=$(in_ctr "$A" timeout 30 ls -ln /mnt3/id/alice-file 2>&1)
lsb=$(in_ctr "$B" timeout 30 ls -ln /mnt3/id/alice-file 2>&1)
lines=$(log_since "$n3" | grep "key [ug]id:" | tr '\n' ';')
echo "UB-MARK 3 A-sees=[$ua] B-sees=[$ub] ls-A=[$lsa] ls-B=[$lsb] helper=[$lines]"
if [ "$ua" = "alice:alice 1101:1101" ] && [ "$ub" = "bob:bob 2002:2002" ]; then
	result 3-idmap PASS "alice@srv.test: A sees alice 1101 (A's passwd), B sees bob 2002 (B's domain b.test, static map, B's passwd)"
else
	result 3-idmap FAIL "A sees [$ua] (want alice:alice 1101:1101), B sees [$ub] (want bob:bob 2002:2002)"
fi
n=$(nlog)
ha=$(timeout 30 stat -c '%u:%g' "/proc/$A/root/mnt3/id/carol-file" 2>&1)
hb=$(timeout 30 stat -c '%u:%g' "/proc/$B/root/mnt3/id/carol-file" 2>&1)
ua=$(owner "$A" carol-file)
ub=$(owner "$B" carol-file)
lines=$(log_since "$n" | grep "key [ug]id:" | tr '\n' ';')
echo "UB-MARK 3-host host-sees A=[$ha] B=[$hb] A-sees=[$ua] B-sees=[$ub] helper=[$lines]"
if [ "$ua" = "carol:carol 1103:1103" ] && [ "$ub" = "dave:dave 2004:2004" ]; then
	result 3-idmap-host PASS "carol@srv.test looked up by a host process: A sees carol 1103, B sees dave 2004"
else
	result 3-idmap-host FAIL "A sees [$ua] (want carol:carol 1103:1103), B sees [$ub] (want dave:dave 2004:2004)"
fi
# 3-keyring: the kernel's id_resolver request names its .id_resolver cache as
# the destination keyring; a container's program must not get it (nor the
# authority that would make it "possessed": clear, link, search).
before=$(grep -c ' id_resolv ' /proc/keys)
rm -f /ub-state/steal.out
um=$(owner "$A" mallory-file)
after=$(grep -c ' id_resolv ' /proc/keys)
steal=$(cat /ub-state/steal.out 2>/dev/null)
echo "UB-MARK 3-keyring A-sees=[$um] id_resolver-keys before=$before after=$after program=[$steal]"
if [ "$steal" = kept ] && [ "$after" -ge "$before" ] && [ "$before" -gt 0 ] && [ "${um#* }" = "1105:1105" ]; then
	result 3-keyring PASS "the container's mapper answered (1105) but could not clear the kernel's .id_resolver cache ($before keys kept)"
else
	result 3-keyring FAIL "program=[$steal] keys $before -> $after, A sees [$um]"
fi
echo "UB-MARK 3-params nfsd=$(cat /sys/module/nfsd/parameters/nfs4_disable_idmapping) nfs=$(cat /sys/module/nfs/parameters/nfs4_disable_idmapping) idmapd=$(pidof rpc.idmapd) idtoname=[$(in_ctr "$S" cat /proc/net/rpc/nfs4.idtoname/content 2>&1 | tr '\n' ' ')]"
grep -v "nfsdcb: authbuf" /ub-state/idmapd.log | sed 's/^/UB-MARK 3-idmapd /' | head -20
[ -s /tmp/idmapd.out ] && sed 's/^/UB-MARK 3-idmapd-start /' /tmp/idmapd.out

# --- 7: two containers sharing one network namespace -------------------------
# C and D join one network namespace made by the host, as the containers of
# one pod do, with different /etc/hosts (srv.test is 10.0.3.1 for C, 10.0.3.11
# for D, both S) and different idmapd.conf and passwd. Each mounts S; a host
# process walks into each mount's referral; then owners are looked up from
# inside C, then D. An answer made for one must never serve the other, nor a
# host process in that network namespace.
unshare -n sh -c 'exec sleep 9000020' </dev/null >/dev/null 2>&1 &
i=0
while [ -z "$(ctr_pid 9000020)" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
N=$(ctr_pid 9000020)
nsenter -t "$N" -n /sbin/ip link set lo up
C=$(start_ctr c 9000021 "netns=$N")
D=$(start_ctr d 9000022 "netns=$N")
echo "UB-MARK 7 netns-holder=$N C=$C D=$D netns C=$(readlink /proc/$C/ns/net) D=$(readlink /proc/$D/ns/net)"
link "$S" sc 10.0.3.1 "$N" cs 10.0.3.2
nsenter -t "$S" -n /sbin/ip addr add 10.0.3.11/24 dev sc
for p in "$C" "$D"; do
	in_ctr "$p" sh -c "mkdir -p /mnt3 && timeout 60 mount -t nfs4 -o vers=4.2,nosharecache,addr=10.0.3.1,clientaddr=10.0.3.2 10.0.3.1:/srv/export /mnt3" 2>&1 |
		sed 's/^/UB-MARK 7-mount /'
done
refaddr() {  # refaddr <pid>: the server address of its referral submount
	awk '$2 == "/mnt3/ref" { print $4 }' "/proc/$1/mounts" | tr ',' '\n' | sed -n 's/^addr=//p' | head -1
}
n=$(nlog)
oc=$(timeout 60 ls "/proc/$C/root/mnt3/ref/" 2>&1 | tr '\n' ' ')
od=$(timeout 60 ls "/proc/$D/root/mnt3/ref/" 2>&1 | tr '\n' ' ')
ac=$(refaddr "$C")
ad=$(refaddr "$D")
lines=$(log_since "$n" | grep "key srv.test" | tr '\n' ';')
echo "UB-MARK 7-dns C=[$oc] addr=[$ac] D=[$od] addr=[$ad] helper=[$lines]"
if [ "${oc%% *}" = file ] && [ "${od%% *}" = file ] && [ "$ac" = 10.0.3.1 ] && [ "$ad" = 10.0.3.11 ]; then
	result 7-shared-netns-dns PASS "one netns: C's referral went to 10.0.3.1 (C's /etc/hosts), D's to 10.0.3.11 (D's)"
else
	result 7-shared-netns-dns FAIL "C: [$oc] addr [$ac] (want 10.0.3.1), D: [$od] addr [$ad] (want 10.0.3.11)"
fi
# The host's own lookup of the same name in that network namespace: a mount
# made by the host (its mount and pid namespaces, no capture) in C's and D's
# netns; walking its referral must start a helper with no fd (the host's
# answer: the host's /etc/hosts does not know srv.test), not be served C's
# or D's cached answer. Then the key cache itself, asked by a host process
# in that netns (no callout), for the log.
nsenter -t "$N" -n sh -c 'mkdir -p /mnt7h && timeout 60 mount -t nfs4 -o vers=4.2,nosharecache,addr=10.0.3.1,clientaddr=10.0.3.2 10.0.3.1:/srv/export /mnt7h' 2>&1 |
	sed 's/^/UB-MARK 7-host-mount /'
n=$(nlog)
oh=$(timeout 60 ls /mnt7h/ref/ 2>&1 | tr '\n' ' ')
ah=$(awk '$2 == "/mnt7h/ref" { print $4 }' /proc/self/mounts | tr ',' '\n' | sed -n 's/^addr=//p' | head -1)
lines=$(log_since "$n" | grep "key srv.test" | tr '\n' ';')
hk=$(nsenter -t "$N" -n keyctl request dns_resolver srv.test 2>&1)
echo "UB-MARK 7-host ls=[$oh] addr=[$ah] helper=[$lines] cache-probe=[$hk]"
if [ "$lines" = "key srv.test nofd;" ] && [ "${oh%% *}" != file ] && [ -z "$ah" ]; then
	result 7-shared-netns-host PASS "the host's referral lookup in that netns ran its own helper (no fd) and got the host's answer, not C's or D's"
else
	result 7-shared-netns-host FAIL "host ls [$oh] addr [$ah] helper [$lines] (want one helper with no fd, no answer)"
fi
n=$(nlog)
uc=$(owner "$C" alice-file)
ud=$(owner "$D" alice-file)
lines=$(log_since "$n" | grep "key [ug]id:" | tr '\n' ';')
echo "UB-MARK 7-idmap C-sees=[$uc] D-sees=[$ud] helper=[$lines]"
if [ "$uc" = "alice:alice 3101:3101" ] && [ "$ud" = "erin:erin 4002:4002" ]; then
	result 7-shared-netns-idmap PASS "one netns: alice@srv.test is alice 3101 in C (C's passwd), erin 4002 in D (d.test, static map)"
else
	result 7-shared-netns-idmap FAIL "C sees [$uc] (want alice:alice 3101:3101), D sees [$ud] (want erin:erin 4002:4002)"
fi

# --- 8: NFS mounts made with nsenter -m but not -p ----------------------------
# Host root enters B's mount and network namespaces but stays in the host's pid
# namespace: no container owns the mount. By default its upcalls are served on
# the host, as on an unpatched kernel (a helper with no fd); with
# upcall_init_refuse_unowned=1 no helper runs for it.
set_refuse 0
n=$(nlog)
mo=$(nsenter -t "$B" -m -n -u sh -c 'mkdir -p /srv/u8 && timeout 60 mount -t nfs4 -o vers=4.2,nosharecache,addr=10.0.2.1,clientaddr=10.0.2.2 10.0.2.1:/srv/export /srv/u8 && echo mounted' 2>&1 | tr '\n' ' ')
o8=$(timeout 60 ls "/proc/$B/root/srv/u8/ref2/" 2>&1 | tr '\n' ' ')
i8=$(timeout 30 stat -c '%u:%g' "/proc/$B/root/srv/u8/id/oscar-file" 2>&1)
dl=$(log_since "$n" | grep "key srv2.test" | tr '\n' ';')
il=$(log_since "$n" | grep "key [ug]id:oscar@" | tr '\n' ';')
echo "UB-MARK 8-unowned-nfs mount=[$mo] ls=[$o8] helper=[$dl] owner=[$i8] helper=[$il]"
if [ "$mo" = "mounted " ] && echo "$dl" | grep -q "key srv2.test nofd;" && ! echo "$dl" | grep -q "pid="; then
	result 8-unowned-nfs-dns PASS "referral DNS for the mount made with nsenter -m: helper on the host, no fd, as unpatched (ls: $o8)"
else
	result 8-unowned-nfs-dns FAIL "mount [$mo] ls [$o8] helper [$dl]"
fi
if [ "$mo" = "mounted " ] && echo "$il" | grep -q "key uid:oscar@srv.test nofd;" && ! echo "$il" | grep -q "pid="; then
	result 8-unowned-nfs-idmap PASS "id mapping for that mount: helper on the host, no fd, as unpatched (owner $i8)"
else
	result 8-unowned-nfs-idmap FAIL "mount [$mo] owner [$i8] helper [$il]"
fi
n=$(nlog)
set_refuse 1
rs=$(cat "$refuse" 2>&1)
mo=$(nsenter -t "$B" -m -n -u sh -c 'mkdir -p /srv/u8r && timeout 60 mount -t nfs4 -o vers=4.2,nosharecache,addr=10.0.2.1,clientaddr=10.0.2.2 10.0.2.1:/srv/export /srv/u8r && echo mounted' 2>&1 | tr '\n' ' ')
o8=$(timeout 60 ls "/proc/$B/root/srv/u8r/ref3/" 2>&1 | tr '\n' ' ')
i8=$(timeout 30 stat -c '%u:%g' "/proc/$B/root/srv/u8r/id/peggy-file" 2>&1)
set_refuse 0
rl=$(log_since "$n" | grep "key srv3.test\|key [ug]id:peggy@" | tr '\n' ';')
echo "UB-MARK 8-unowned-nfs-refused sysctl=[$rs] mount=[$mo] ls=[$o8] owner=[$i8] helper=[$rl]"
if [ "$rs" = 1 ] && [ -z "$rl" ] && [ "${o8%% *}" != file ]; then
	result 8-unowned-nfs-refused PASS "with upcall_init_refuse_unowned=1 no helper ran for the mount made with nsenter -m (mount: [$mo] ls: [$o8] owner: [$i8])"
else
	result 8-unowned-nfs-refused FAIL "sysctl [$rs] mount [$mo] ls [$o8] owner [$i8] helper [$rl]"
fi

# --- 9/10: SMB clients in containers, ksmbd on the guest's host side -------
# 6.12's ksmbd serves only the initial network namespace, so the server is
# the guest's host side (ksmbd.mountd there, share /srv/smbshare). SMB-A and
# SMB-B have their own network namespaces, each linked to the host side;
# srv-smb.test is only in their own /etc/hosts: 10.0.4.1 for A, 10.0.5.1 for
# B (addresses of the host side). The host's /etc/hosts does not know it.
SA=$(start_ctr smba 9000031 setgroups)
SB=$(start_ctr smbb 9000032 setgroups)
link 1 ha 10.0.4.1 "$SA" ah 10.0.4.2
link 1 hb 10.0.5.1 "$SB" bh 10.0.5.2
/sbin/ip addr add 10.0.4.11/24 dev ha
/sbin/ip addr add 10.0.5.11/24 dev hb
echo "UB-MARK smb containers A=$SA B=$SB"
ksmbd.adduser -a smbuser -p ubpass >/tmp/ksmbd.out 2>&1
ksmbd.mountd >>/tmp/ksmbd.out 2>&1
sleep 1
echo "UB-MARK smb ksmbd=[$(pidof ksmbd.mountd)] $(tr '\n' ' ' </tmp/ksmbd.out)"
peer445() {  # peer445 <pid>: remote addresses of its established SMB connections
	# /proc/net/tcp: rem_address is "AABBCCDD:PORT" in little-endian hex, state 01
	awk '$4 == "01" { split($3, r, ":"); if (r[2] == "01BD") print r[1] }' "/proc/$1/net/tcp" |
		while read -r h; do
			printf '%d.%d.%d.%d\n' "0x${h#??????}" "0x$(echo "$h" | cut -c5-6)" \
				"0x$(echo "$h" | cut -c3-4)" "0x$(echo "$h" | cut -c1-2)"
		done | sort -u | tr '\n' ' ' | sed 's/ $//'
}
# 9-smb-dns: mount.cifs resolves the name itself, in the mounter's
# namespaces, and passes ip= (6.12 makes no dns_resolver upcall to mount):
# this row shows each mount reached its own container's address.
n=$(nlog)
sm=0
for c in "$SA:10.0.4.1" "$SB:10.0.5.1"; do
	p=${c%%:*} want=${c#*:}
	out=$(in_ctr "$p" sh -c 'mkdir -p /mnt/smb && timeout 60 mount.cifs -n //srv-smb.test/share /mnt/smb \
		-o username=smbuser,password=ubpass,vers=3.0,cache=none,echo_interval=1 &&
		timeout 30 cat /mnt/smb/hello' 2>&1 | tr '\n' ' ')
	got=$(peer445 "$p")
	echo "UB-MARK 9-smb-mount $p read=[$out] peer=[$got]"
	[ "$out" = "hello-from-ksmbd " ] && [ "$got" = "$want" ] && sm=$((sm + 1))
done
lines=$(log_since "$n" | tr '\n' ';')
echo "UB-MARK 9-smb-dns helper=[$lines]"
if [ $sm = 2 ]; then
	result 9-smb-dns PASS "A and B mounted //srv-smb.test/share through their own /etc/hosts (10.0.4.1, 10.0.5.1) and read it"
else
	result 9-smb-dns FAIL "only $sm of 2 mounts read the share from their own address"
fi
# 9-smb-reconnect: the name now means another address of the host side in
# each container; ksmbd is restarted. cifsd re-resolves the name before it
# reconnects: acting for the mounter's container it finds 10.0.4.11 (A) and
# 10.0.5.11 (B); resolved on the host it finds nothing and keeps the old
# address.
in_ctr "$SA" sh -c 'printf "127.0.0.1 localhost\n10.0.4.11 srv-smb.test\n" >/etc/hosts'
in_ctr "$SB" sh -c 'printf "127.0.0.1 localhost\n10.0.5.11 srv-smb.test\n" >/etc/hosts'
n=$(nlog)
ksmbd.control -s >/tmp/ksmbd2.out 2>&1
sleep 4
ksmbd.mountd >>/tmp/ksmbd2.out 2>&1
# A read while cifsd is between reconnect attempts fails (EHOSTDOWN, "reconnect
# tcon failed rc = -11"): read again, 30 times at most. Where the session
# lands is what the row checks, not how fast.
read_share() {
	rs_i=0
	while [ $rs_i -lt 30 ]; do
		rs_r=$(in_ctr "$1" timeout 60 cat /mnt/smb/hello 2>&1) && break
		rs_i=$((rs_i + 1))
		sleep 1
	done
	echo "$rs_r"
}
ra=$(read_share "$SA")
rb=$(read_share "$SB")
pa=$(peer445 "$SA")
pb=$(peer445 "$SB")
lines=$(log_since "$n" | grep "key srv-smb.test" | sort -u | tr '\n' ';')
echo "UB-MARK 9-smb-reconnect A read=[$ra] peer=[$pa] B read=[$rb] peer=[$pb] helper=[$lines] $(tr '\n' ' ' </tmp/ksmbd2.out)"
if [ "$ra" = hello-from-ksmbd ] && [ "$rb" = hello-from-ksmbd ] && [ "$pa" = 10.0.4.11 ] && [ "$pb" = 10.0.5.11 ] &&
	echo "$lines" | grep -q "pid=$SA;" && echo "$lines" | grep -q "pid=$SB;"; then
	result 9-smb-reconnect PASS "reconnect re-resolved srv-smb.test in each mounter's container: A to 10.0.4.11, B to 10.0.5.11"
else
	result 9-smb-reconnect FAIL "A: read [$ra] peer [$pa] (want 10.0.4.11), B: read [$rb] peer [$pb] (want 10.0.5.11), helper [$lines]"
fi

# 10-smb-krb5: sec=krb5 from A. Realm A.TEST's KDC runs in A on A's
# loopback; alice's TGT is in A's /tmp (kinit from a keytab made there).
# The kernel asks for a cifs.spnego key from the mounting task; the rule
# runs cifs.upcall in A, which must get cifs/srv-smb.test from A's KDC with
# A's ccache (the KDC log says which principal asked for which service).
# ksmbd-tools in Debian 12 has no Kerberos: the session itself is refused
# by the server, so the row judges the client side.
kout=$(in_ctr "$SA" sh -c '
	mkdir -p /run/krb5kdc
	kdb5_util create -s -r A.TEST -P ub-master >/dev/null 2>&1 || echo kdb5_util failed
	kadmin.local -q "addprinc -randkey alice" >/dev/null 2>&1 || echo addprinc alice failed
	kadmin.local -q "addprinc -randkey cifs/srv-smb.test" >/dev/null 2>&1 || echo addprinc cifs failed
	kadmin.local -q "ktadd -k /etc/alice.keytab alice" >/dev/null 2>&1 || echo ktadd failed
	# in the background, stdio closed: it must not hold the capture open
	krb5kdc -n </dev/null >/dev/null 2>&1 &
	sleep 1
	kinit -k -t /etc/alice.keytab alice@A.TEST 2>&1 && klist 2>&1' | tr '\n' ' ')
echo "UB-MARK 10-krb5-setup [$kout]"
kdcn=$(wc -l </ub-state/kdc-a.log 2>/dev/null || echo 0)
n=$(nlog)
ma=$(in_ctr "$SA" sh -c 'mkdir -p /mnt/smbk && timeout 60 mount.cifs -n //srv-smb.test/share /mnt/smbk -o sec=krb5,vers=3.0' 2>&1 | tr '\n' ' ')
alines=$(log_since "$n" | grep "key cifs.spnego" | tr '\n' ';')
tgs=$(tail -n +"$((kdcn + 1))" /ub-state/kdc-a.log 2>/dev/null | grep "TGS_REQ" | tr '\n' ';')
# the broker's own line: which container it ran the helper in (syslogd
# writes it a moment later)
sleep 1
where=$(grep "(cifs.spnego:.*container init $SA .*served, container context" /ub-state/syslog.log | sed 's/.*requester/requester/')
echo "UB-MARK 10-smb-krb5 mount=[$ma] helper=[$alines] kdc=[$tgs] broker=[$where]"
if echo "$tgs" | grep -q "alice@A.TEST for cifs/srv-smb.test@A.TEST" && echo "$alines" | grep -q "key cifs.spnego host=srv-smb.test" &&
	[ -n "$where" ]; then
	result 10-smb-krb5 PASS "cifs.spnego for A's mount: A's KDC issued cifs/srv-smb.test to alice@A.TEST from A's ccache (server refuses krb5: [$ma])"
else
	result 10-smb-krb5 FAIL "mount [$ma] helper [$alines] KDC [$tgs] broker [$where]"
fi
# B: the same krb5.conf, no KDC it can reach, no ccache: its upcall must not
# find A's tickets (nor a host ccache): the mount fails, A's KDC sees nothing.
kdcn=$(wc -l </ub-state/kdc-a.log 2>/dev/null || echo 0)
n=$(nlog)
mb=$(in_ctr "$SB" sh -c 'mkdir -p /mnt/smbk && timeout 60 mount.cifs -n //srv-smb.test/share /mnt/smbk -o sec=krb5,vers=3.0 && echo mounted' 2>&1 | tr '\n' ' ')
blines=$(log_since "$n" | grep "key cifs.spnego" | tr '\n' ';')
sleep 1
bwhere=$(grep "(cifs.spnego:.*container init $SB .*served, container context" /ub-state/syslog.log | sed 's/.*requester/requester/')
bkdc=$(tail -n +"$((kdcn + 1))" /ub-state/kdc-a.log 2>/dev/null | tr '\n' ';')
echo "UB-MARK 10-smb-krb5-other mount=[$mb] helper=[$blines] kdc-a=[$bkdc] broker=[$bwhere]"
if [ -n "$blines" ] && [ -n "$bwhere" ] && [ -z "$bkdc" ] && ! echo "$mb" | grep -q mounted; then
	result 10-smb-krb5-other PASS "B's cifs.spnego upcall ran and found no ticket: A's ccache and KDC unused (mount: $mb)"
else
	result 10-smb-krb5-other FAIL "mount [$mb] helper [$blines] broker [$bwhere] A's KDC saw [$bkdc]"
fi
# 10-spnego-capture: the series makes a cifs.spnego upcall act for the
# connection's capture when a kernel thread sets a session up again (the
# reconnect worker) or the mount says upcall_target=mount. A reconnect
# cannot be shown here (no Kerberos session ever exists with this ksmbd);
# upcall_target=mount takes the same path: the helper must get a pidfd of
# A's init from the kernel (unpatched: none; the broker then walks from the
# mounting task) and the broker must serve it in A. (A's KDC is not asked
# again: alice's ccache in A holds the service ticket since 10-smb-krb5.)
n=$(nlog)
mc=$(in_ctr "$SA" sh -c 'timeout 60 mount.cifs -n //srv-smb.test/share /mnt/smbk -o sec=krb5,vers=3.0,upcall_target=mount' 2>&1 | tr '\n' ' ')
clines=$(log_since "$n" | grep "key cifs.spnego" | tr '\n' ';')
sleep 1
cwhere=$(grep "(cifs.spnego:.*container init $SA .*served, container context" /ub-state/syslog.log | tail -1 | sed 's/.*requester/requester/')
echo "UB-MARK 10-spnego-capture mount=[$mc] helper=[$clines] broker=[$cwhere]"
if echo "$clines" | grep -q "key cifs.spnego host=srv-smb.test fd=3 is=anon_inode:\[pidfd\] pid=$SA;" && [ -n "$cwhere" ]; then
	result 10-spnego-capture PASS "upcall_target=mount: the kernel handed the helper A's init ($clines); served in A ($cwhere)"
else
	result 10-spnego-capture FAIL "mount [$mc] helper [$clines] broker [$cwhere]"
fi
# 10-spnego-forged: a cifs.spnego request written by a process in A, as
# CIFSwitch (CVE-2026-46243) does. The fixed kernel refuses it before any
# helper runs; the broker's explain shows where one would run on a kernel
# without the fix: in A, never on the host.
forged="ver=0x2;host=srv-smb.test;ip4=10.0.4.1;sec=krb5;uid=0x0;creduid=0x0;user=root;pid=0x1;upcall_target=app"
n=$(nlog)
# request2: with a callout, so that the kernel would construct the key
fo=$(nsenter -t "$SA" -U -m -u -n -p sh -c "keyctl new_session >/dev/null; keyctl request2 cifs.spnego '$forged' x @s" 2>&1)
flines=$(log_since "$n" | tr '\n' ';')
ex=$(upcall-broker explain "$SA" cifs.spnego "$forged" 2>&1)
exres=$(echo "$ex" | grep "^result:")
exrule=$(echo "$ex" | grep "^rule:")
echo "UB-MARK 10-spnego-forged out=[$fo] helper=[$flines] explain=[$exres] [$exrule]"
if [ -z "$flines" ] && echo "$fo" | grep -q "not permitted" &&
	echo "$exres" | grep -q "container init pid $SA " && echo "$exrule" | grep -q "context=container"; then
	result 10-spnego-forged PASS "refused by the kernel ($fo), no helper ran; without the fix the rule would run it in A ($exres)"
else
	result 10-spnego-forged FAIL "request [$fo] helper [$flines] explain [$exres] [$exrule]"
fi

# 10-cifs-idmap: cifs.idmap stays a host service (doc/cifs.md): its
# answers are host ids that the kernel caches in its global .cifs_idmap
# keyring for every cifsacl mount. A mounts the share with cifsacl and
# stats a file: ksmbd describes its owner as S-1-22-1-0 (Unix user 0),
# which a mount without idsfromsid still maps through cifs.idmap (under the
# kernel's private root_cred, the requester being A's task). The rule as cifs-utils ships it
# (no context word) runs the mapper on the host; the answer (1001) lands in
# .cifs_idmap as a host id. And A cannot write that cache itself: a
# request_key("cifs.idmap") of its own is refused by the kernel
# (cifs_idmap_key_vet_description: EPERM), no helper runs.
idmap_count() { sed -n 's/.* keyring *\.cifs_idmap: //p' /proc/keys; }
ib=$(idmap_count)
n=$(nlog)
: >/ub-state/idmap.log
io=$(nsenter -t "$SA" -U -m -u -n -p sh -c 'keyctl new_session >/dev/null
	keyctl request2 cifs.idmap os:S-1-5-21-11-22-33-1001 "" @s' 2>&1 | tr '\n' ' ')
iu=$(log_since "$n" | tr '\n' ';')
n=$(nlog)
is=$(in_ctr "$SA" sh -c 'mkdir -p /mnt/smbacl && timeout 60 mount.cifs -n //srv-smb.test/share /mnt/smbacl \
	-o username=smbuser,password=ubpass,vers=3.0,cache=none,cifsacl && timeout 30 stat -c "%u %g" /mnt/smbacl/hello' 2>&1 | tr '\n' ' ')
ilines=$(log_since "$n" | tr '\n' ';')
iran=$(sort -u /ub-state/idmap.log | tr '\n' ';')
ia=$(idmap_count)
in_ctr "$SA" umount /mnt/smbacl 2>/dev/null
echo "UB-MARK 10-cifs-idmap own-request=[$io] helper=[$iu] stat=[$is] helper=[$ilines] mapper-ran-in=[$iran] .cifs_idmap=[$ib]->[$ia]"
if echo "$io" | grep -q "not permitted" && [ -z "$iu" ] && [ "$is" = "1001 1001 " ] &&
	[ "$iran" = "guest $(readlink /proc/1/ns/net);" ] && echo "$ilines" | grep -q "^key os:S-1-22-1-0 nofd;" &&
	[ "$ib" = empty ] && [ "$ia" != empty ]; then
	result 10-cifs-idmap PASS "A's own request refused ($io); A's cifsacl stat: mapper ran on the host ($iran), owner 1001 cached in .cifs_idmap ($ia)"
else
	result 10-cifs-idmap FAIL "own request [$io] helper [$iu]; stat [$is] helper [$ilines] mapper ran in [$iran] .cifs_idmap [$ib] -> [$ia]"
fi

dmesg | grep -E "CIFS|ksmbd" | tail -20 | sed 's/^/UB-MARK smb-dmesg /'
grep -E "ksmbd.*(ERR|WARN)" /ub-state/syslog.log | head -10 | sed 's/^/UB-MARK smb-syslog /'
grep -v "^$" /ub-state/kdc-a.log 2>/dev/null | tail -8 | sed 's/^/UB-MARK smb-kdc /'

# --- 5: the captured init exits ----------------------------------------------
# Keep A's NFS mount alive through our cwd, kill A's init (and with it A),
# then walk into a second referral: the upcall must fail, nothing may run on
# the host.
(
	cd "/proc/$A/root/mnt" || exit 1
	kill -9 "$A"
	sleep 2
	n=$(nlog)
	out=$(timeout 60 ls ref2/ 2>&1 | tr '\n' ' ')
	lines=$(log_since "$n" | tr '\n' ';')
	echo "UB-MARK 5 ls=[$out] helper=[$lines]"
	if [ -z "$lines" ] && [ "${out%% *}" != file ]; then
		result 5-init-gone PASS "upcall for the dead container's mount failed, no helper ran"
	else
		result 5-init-gone FAIL "ls: [$out] helpers run: [$lines]"
	fi
)
# --- 6: kAFS's VL server list (dns_resolver "srv=1") from our helper --------
# Looking a new cell's name up in kAFS's dynamic root makes it call
# dns_query("afsdb", cell, "srv=1") before the lookup returns
# (afs_lookup_cell waits for the cell's first DNS update; no VL server is
# contacted, stat does not trigger the automount); fs/afs/vl_list.c parses
# the binary server list our dns_resolver returns and
# /proc/net/afs/<cell>/vlservers shows the result. ("add <cell>" on
# /proc/net/afs/cells only preloads: no DNS lookup in 6.12.)
# A dnsmasq on the guest's loopback serves the cell's RFC 5864 SRV records
# (two servers, own ports, priorities and weights) and their A/AAAA records;
# the request comes from the host, so the broker runs the helper on the host.
# Not about the patches: both kernels must pass.
printf 'nameserver 127.0.0.1\n' >/etc/resolv.conf
if [ -x /usr/sbin/dnsmasq ]; then
	/usr/sbin/dnsmasq --keep-in-foreground --conf-file=/dev/null --user=root --group=root \
		--listen-address=127.0.0.1 --bind-interfaces --no-resolv --no-hosts --pid-file= \
		--local=/afs.test/ --host-record=vl1.afs.test,10.9.0.1,fd00:9::1 \
		--host-record=vl2.afs.test,10.9.0.2 \
		--srv-host=_afs3-vlserver._udp.afs.test,vl1.afs.test,7003,10,20 \
		--srv-host=_afs3-vlserver._udp.afs.test,vl2.afs.test,7013,20,5 \
		--log-facility=/ub-state/dnsmasq.log </dev/null >/dev/null 2>&1 &
	i=0
	until nslookup vl2.afs.test 127.0.0.1 >/dev/null 2>&1 || [ $i -ge 50 ]; do sleep 0.2; i=$((i + 1)); done
fi
n=$(nlog)
mkdir -p /afs
add=$(mount -t afs none /afs -o dyn 2>&1 && timeout 60 stat -c %F /afs/afs.test 2>&1)
vl=$(cat /proc/net/afs/afs.test/vlservers 2>&1)
lines=$(log_since "$n" | grep "key afsdb:" | tr '\n' ';')
echo "$vl" | sed 's/^/UB-MARK 6-vlservers /'
echo "UB-MARK 6 stat=[$add] helper=[$lines]"
# what dnsmasq serves, as kAFS prints it (without the preferred-address
# marker and the probe state, which depend on the unreachable servers)
got=$(echo "$vl" | grep -v '^ \(info\|probe\):' | sed 's/^ [>-] /  /')
want='# source SRV, status good
vl1.afs.test [p=10 w=20 s=SRV,good]:
  10.9.0.1:7003
  [fd00:9::1]:7003
vl2.afs.test [p=20 w=5 s=SRV,good]:
  10.9.0.2:7013'
if [ "$got" = "$want" ] && echo "$lines" | grep -q "key afsdb:afs.test nofd;"; then
	result 6-afs-srv PASS "kAFS parsed our srv=1 server list: 2 VL servers, ports, priorities, weights, IPv4+IPv6 as served"
else
	result 6-afs-srv FAIL "stat: [$add] vlservers: [$(echo "$got" | tr '\n' '|')] helper: [$lines]"
fi
[ -s /ub-state/dnsmasq.log ] && tail -5 /ub-state/dnsmasq.log | sed 's/^/UB-MARK 6-dnsmasq /'
# --- kselftest: tools/testing/selftests/upcall_init (the series' last patch) --
# It bind-mounts its own helper over /sbin/request-key while it runs; its
# janitor unmounts it when the test is gone.
if [ -x /ub-kselftest/upcall_init_test ]; then
	kout=$(timeout 300 /ub-kselftest/upcall_init_test 2>&1)
	krc=$?
	echo "$kout" | sed 's/^/UB-MARK kselftest /'
	i=0
	while grep -q " /sbin/request-key " /proc/self/mountinfo && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	grep -q " /sbin/request-key " /proc/self/mountinfo && echo "UB-MARK kselftest: /sbin/request-key still bind-mounted"
	for c in host init nested unowned unowned_refused init_leader_exited; do
		l=$(echo "$kout" | grep -E "^(not )?ok [0-9]+ upcall_init\.$c( |\$)")
		case $l in
		"not ok"*) result "kselftest-$c" FAIL "$l" ;;
		*"# SKIP"*) result "kselftest-$c" SKIP "$l" ;;
		ok*) result "kselftest-$c" PASS "$l" ;;
		*) result "kselftest-$c" FAIL "no result line" ;;
		esac
	done
	if [ $krc = 0 ] && ! echo "$kout" | grep -q "# SKIP"; then
		result kselftest PASS "$(echo "$kout" | grep "^# Totals")"
	else
		result kselftest FAIL "exit $krc: $(echo "$kout" | grep "^# Totals")"
	fi
else
	result kselftest FAIL "no /ub-kselftest/upcall_init_test in the initramfs"
fi
[ -s /ub-state/helper.err ] && sed 's/^/UB-MARK helper-stderr /' /ub-state/helper.err | head -20
[ -s /ub-state/syslog.log ] && grep -v "Line matches\|Key type:" /ub-state/syslog.log |
	grep -v "rpc.mountd\|v4_end_grace" | sed "s/^/UB-MARK syslog /" | tail -40
dmesg | grep -iE "nfsd|nfs4|nfs:|umh|request_key" | tail -15 | sed 's/^/UB-MARK dmesg /'
echo "UB-DONE uptime=$(cut -d" " -f1 /proc/uptime)s"
poweroff -f
