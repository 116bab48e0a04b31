#!/bin/bash
# Differential test: nfs-common's /usr/sbin/nfsidmap (Debian 12, nfs-utils
# 2.6.2 with libnfsidmap) against ours -- build/helpers/nfsidmap
# (libnfsidmap), nfsidmap -B and nfsidmap-static (built-in engine) -- on the
# same key descriptions, the same /etc/idmapd.conf, /etc/passwd and
# /etc/group, in the same mount namespace. For every case the key's payload
# bytes, its expiry, the requester's error and the tool's exit status are
# compared with nfs-common's; each of ours is `equal`, or an `improvement` or
# a `difference` listed in KNOWN below and documented in upcall-nfsidmap(8),
# DIFFERENCES FROM NFSIDMAP. Anything else fails. -B and nfsidmap-static
# must always agree.
#
# How the tools are run, and why this way:
#  - Real keys made by the real kernel and the machine's stock
#    /sbin/request-key (keyutils; never replaced here), because nfs-common's
#    nfsidmap has no dry mode comparable to ours (-d prints the domain only):
#    the test's rule in /etc/request-key.d/ runs a wrapper with %k %d, the
#    wrapper enters a holder process's mount namespace (unshare -m, with the
#    test's idmapd.conf, passwd, group and nsswitch.conf bind-mounted over
#    /etc) with nsenter -m and runs the tool of the current phase as
#    nfs-common's /etc/request-key.d/id_resolver.conf does:
#    `<tool> -t 600 <key> <description>`.
#  - The key type: the id_resolver type exists only with the kernel's NFS
#    client. The test probes it (a request whose rule runs a marker); where
#    it is missing (CONFIG_NFS off: the kernel answers ENOKEY for the unknown
#    type without an upcall) the same descriptions are requested as `user`
#    keys. Neither nfsidmap looks at the key type: nfs-common's parses the
#    description request-key hands it (%d), ours too; the payload is
#    instantiated as is, and `user` keys, like id_resolver ones, are readable
#    by their possessor (keyctl pipe) and show their expiry in /proc/keys.
#  - Possession: the kernel's id_resolver keys are made in its .id_resolver
#    keyring, which nfs-common's nfsidmap links into its thread keyring to
#    possess the key and set its expiry after instantiating it. Userspace
#    cannot make a keyring named ".id_resolver", so the wrapper links the
#    requester's session keyring (%S; the request's destination, where the
#    key is linked while under construction) into the helper's session
#    keyring before starting the tool: the same possession, for every tool
#    alike. (Linking the key itself would wait for its construction.)
#  - Every request is made in a fresh session keyring (keyctl session -), so
#    no cached key is reused; expiry is read from /proc/keys and bucketed
#    (600 s shows as 10m or 9m depending on the second).
#  - nfs-common is installed (apt-get, no recommends) when missing and then
#    purged at the end, with the packages and system users its installation
#    added; its /etc/request-key.d/id_resolver.conf is moved aside for the
#    test (restored on every exit path, also by the next run after a crash:
#    SAVED below). The rule file and the request-key lock are lib.sh's.
# Needs root. UB_KEEP_NFS_COMMON=1 keeps an nfs-common this test installed.
. "$(dirname "$0")/../integration/lib.sh"
DATA=$UB_TOP/tests/compat/nfsidmap
STOCK=/usr/sbin/nfsidmap
RESOLVER_CONF=/etc/request-key.d/id_resolver.conf
SAVED=/var/tmp/ubtest-nfsidmap-id_resolver.conf.saved
T0=$(date +%s)
INSTALLED_PKGS=()
ADDED_USERS=()
CONF_MOVED=0

restore_resolver_conf() {
	if [ "$CONF_MOVED" = 1 ] || { [ -e "$SAVED" ] && [ ! -e "$RESOLVER_CONF" ]; }; then
		[ -e "$SAVED" ] && mv -f "$SAVED" "$RESOLVER_CONF"
		CONF_MOVED=0
	fi
}
restore_machine() {
	restore_resolver_conf
	if [ "${#INSTALLED_PKGS[@]}" -gt 0 ] && [ -z "${UB_KEEP_NFS_COMMON:-}" ]; then
		ub_log "# purging what this test installed: ${INSTALLED_PKGS[*]}"
		DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 purge -y -q \
			"${INSTALLED_PKGS[@]}" >"$UB_TMP/apt-purge.log" 2>&1 ||
			{ ub_log "apt-get purge failed:"; cat "$UB_TMP/apt-purge.log" >&2; }
		local u
		for u in "${ADDED_USERS[@]}"; do userdel "$u" 2>/dev/null; done
		INSTALLED_PKGS=()
	fi
}
t_cleanup() {
	local rc=$?
	set +e
	restore_machine
	(exit $rc)
	ub_cleanup
}
trap t_cleanup EXIT

installed_pkgs() { dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' | awk '$2 ~ /^ii/ {print $1}' | sort; }

# --- nfs-common -------------------------------------------------------------
if [ ! -x "$STOCK" ]; then
	installed_pkgs >"$UB_TMP/pkgs.before"
	getent passwd | cut -d: -f1 | sort >"$UB_TMP/users.before"
	ub_log "# installing nfs-common"
	if ! DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q \
		--no-install-recommends nfs-common >"$UB_TMP/apt.log" 2>&1; then
		cat "$UB_TMP/apt.log" >&2
	fi
	installed_pkgs >"$UB_TMP/pkgs.after"
	mapfile -t INSTALLED_PKGS < <(comm -13 "$UB_TMP/pkgs.before" "$UB_TMP/pkgs.after")
	mapfile -t ADDED_USERS < <(getent passwd | cut -d: -f1 | sort | comm -13 "$UB_TMP/users.before" -)
	# whatever half-installed, it is undone at the end
	[ -x "$STOCK" ] || { not_ok "nfs-common installed"; ub_done; exit 1; }
	ok "nfs-common installed (${INSTALLED_PKGS[*]}; users ${ADDED_USERS[*]:-none})"
fi
for t in "$UB_BUILD/helpers/nfsidmap" "$UB_BUILD/helpers/nfsidmap-static"; do
	[ -x "$t" ] || { not_ok "$t is built (make all)"; ub_done; exit 1; }
done

# --- the shared lock, nfs-common's rule aside, our rule ----------------------
ub_lock_request_key
restore_resolver_conf   # a crashed earlier run's saved file (not the packages: we need them now)
if [ -e "$RESOLVER_CONF" ]; then
	mv "$RESOLVER_CONF" "$SAVED"
	CONF_MOVED=1
fi

# The holder: a mount namespace whose /etc files are the test's.
ETC=$UB_TMP/etc
mkdir -p "$ETC"
cp "$DATA/passwd" "$DATA/group" "$DATA/nsswitch.conf" "$ETC/"
: >"$ETC/idmapd.conf"
unshare -m --propagation private -- /bin/sh -c '
	for f in idmapd.conf passwd group nsswitch.conf; do mount --bind "$0/$f" /etc/$f || exit 1; done
	touch "$0/ready"; exec sleep infinity' "$ETC" &
HOLDER=$!
UB_PIDS+=("$HOLDER")
for _ in $(seq 100); do [ -e "$ETC/ready" ] && break; sleep 0.05; done
[ -e "$ETC/ready" ] || { not_ok "holder namespace set up"; ub_done; exit 1; }
echo "$HOLDER" >"$UB_TMP/holder.pid"

# wrapper <key> <description> <requester session keyring>: what request-key runs.
cat >"$UB_TMP/wrapper" <<EOF
#!/bin/sh
# the key's possession, as the kernel's .id_resolver keyring gives it
keyctl link "\$3" @s 2>/dev/null
nsenter -t $HOLDER -m -- \$(cat $UB_TMP/phase) -t 600 "\$1" "\$2" 2>>$UB_TMP/tool.log
echo \$? >$UB_TMP/rc
EOF
chmod 755 "$UB_TMP/wrapper"
echo "/bin/true" >"$UB_TMP/phase"

# req.sh <type> <description> <outdir> <rc file>: one request in a fresh
# session keyring. The requester wakes when the key is instantiated, which
# the tools do before they set its expiry: the expiry is read once the
# tool has exited (the wrapper writes <rc file> then; 5 s at most).
cat >"$UB_TMP/req.sh" <<'EOF'
#!/bin/sh
t=$1 d=$2 o=$3 rcf=$4
if id=$(keyctl request2 "$t" "$d" "" @s 2>"$o/err"); then
	keyctl pipe "$id" | od -An -v -tx1 | tr -d ' \n' >"$o/payload"
else
	: >"$o/payload"
	id=$(keyctl rlist @s 2>/dev/null | awk '{print $1}')
fi
i=0
while [ ! -e "$rcf" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
# awk would compare two serials that look like numbers in e-notation
# (01e00005, 1e000005) as equal numbers: compare them as strings.
[ -n "$id" ] && awk -v h="$(printf %08x "$id")" '$1 "" == h "" {print $4}' /proc/keys >"$o/expiry"
exit 0
EOF
chmod 755 "$UB_TMP/req.sh"

# Which key type: id_resolver if this kernel has it (the wrapper runs).
ub_rules <<EOF
create id_resolver * * $UB_TMP/wrapper %k %d %S
EOF
rm -f "$UB_TMP/rc"
keyctl session - keyctl request2 id_resolver "uid:probe@example.org" "" @s >/dev/null 2>&1 || true
if [ -e "$UB_TMP/rc" ]; then KTYPE=id_resolver; else KTYPE=user; fi
ub_rules <<EOF
create $KTYPE uid:* * $UB_TMP/wrapper %k %d %S
create $KTYPE gid:* * $UB_TMP/wrapper %k %d %S
create $KTYPE user:* * $UB_TMP/wrapper %k %d %S
create $KTYPE group:* * $UB_TMP/wrapper %k %d %S
create $KTYPE foo:* * $UB_TMP/wrapper %k %d %S
EOF
printf '# key type: %s\n' "$KTYPE"

# bucket <expiry column of /proc/keys>
bucket() {
	case $1 in
	perm|"") echo "${1:-none}" ;;
	9m|10m) echo 600s ;;
	1m|5[0-9]s|60s) echo 60s ;;
	*) echo "$1" ;;
	esac
}
# outcome <tool...>: request $CASE_DESC with the tool; one line
outcome() {
	local o=$UB_TMP/out
	rm -rf "$o"; mkdir -p "$o"
	echo "$*" >"$UB_TMP/phase"
	echo "rc=?" >"$UB_TMP/rc.none"; rm -f "$UB_TMP/rc"
	timeout 30 keyctl session - "$UB_TMP/req.sh" "$KTYPE" "$CASE_DESC" "$o" "$UB_TMP/rc" >/dev/null 2>&1
	local err rc
	err=$(sed -n 's/^request_key: //p' "$o/err" 2>/dev/null)
	rc=$(cat "$UB_TMP/rc" 2>/dev/null || echo none)
	printf 'exit=%s err=%s payload=%s expiry=%s' "$rc" "${err:--}" "$(cat "$o/payload" 2>/dev/null)" \
		"$(bucket "$(cat "$o/expiry" 2>/dev/null)")"
}
# show: an outcome with the payload also as text
show() { local p=${1#*payload=}; p=${p%% *}; printf '%s [%s]' "$1" "$(printf '%s' "$p" | xxd -r -p | tr '\0' '@')"; }

# KNOWN: <conf> <description> <ours> <class> <expected outcome of ours>
# ours: lib (nfsidmap), builtin (-B and nfsidmap-static). Every one is in
# upcall-nfsidmap(8), DIFFERENCES FROM NFSIDMAP.
KNOWN=$UB_TMP/known
: >"$KNOWN"
known() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$KNOWN"; }
L200=$(printf 'l%.0s' $(seq 200)); L300=$(printf 'm%.0s' $(seq 300)); L600=$(printf 'n%.0s' $(seq 600))
. "$DATA/known.sh"

# --- the cases ----------------------------------------------------------------
CASES=(
	"nsswitch uid:alice@example.org" "nsswitch uid:alice@EXAMPLE.ORG" "nsswitch uid:ALICE@example.org"
	"nsswitch uid:alice" "nsswitch uid:alice@wrong.org" "nsswitch uid:nosuch@example.org"
	"nsswitch uid:root@example.org" "nsswitch uid:nobody@example.org"
	"nsswitch uid:12" "nsswitch uid:12xyz" "nsswitch uid:-5" "nsswitch uid:0" "nsswitch uid:4294967294"
	"nsswitch uid:4294967295" "nsswitch uid:4294967296" "nsswitch uid:99999999999"
	"nsswitch uid:svc/host@REALM" "nsswitch uid:josé@example.org" "nsswitch uid:a:b@example.org"
	"nsswitch uid:$L200@example.org" "nsswitch uid:$L300@example.org" "nsswitch uid:$L600@example.org"
	"nsswitch gid:staff@example.org" "nsswitch gid:staff@Example.Org" "nsswitch gid:staff"
	"nsswitch gid:staff@wrong.org" "nsswitch gid:nosuch@example.org" "nsswitch gid:12xyz"
	"nsswitch gid:-5" "nsswitch gid:4294967296"
	"nsswitch user:1000" "nsswitch user:0" "nsswitch user:4242" "nsswitch user:1600" "nsswitch user:1700"
	"nsswitch user:12xyz" "nsswitch user:-5" "nsswitch user:4294967296" "nsswitch user:abc"
	"nsswitch group:5000" "nsswitch group:4242" "nsswitch group:0"
	"nsswitch foo:bar" "nsswitch uid:"
	"nobody uid:nosuch@example.org" "nobody gid:nosuch@example.org" "nobody uid:alice@EXAMPLE.ORG"
	"nobody uid:alice@OTHER.REALM" "nobody user:1001"
	"nonobody uid:nosuch@nowhere.test" "nonobody gid:nosuch@nowhere.test" "nonobody uid:alice@nowhere.test"
	"static uid:svc/host@REALM" "static uid:SVC/HOST@realm" "static gid:svc/host@REALM"
	"static uid:nfs/server.example.org@EXAMPLE.ORG" "static uid:carol@EXAMPLE.ORG"
	"static uid:alice@example.org" "static uid:svc/other@REALM" "static user:1500" "static user:1000"
	"static group:1500"
	"staticonly uid:svc/host@REALM" "staticonly uid:alice@example.org" "staticonly user:1500"
	"staticonly user:1000"
)

declare -A NCLASS=()
TABLE=$UB_TMP/table
printf '%-4s %-10s %-44s %-12s %-12s\n' "#" conf description lib builtin >"$TABLE"
n=0
for c in "${CASES[@]}"; do
	conf=${c%% *}; CASE_DESC=${c#* }
	n=$((n + 1))
	cp "$DATA/idmapd-$conf.conf" "$UB_TMP/conf.new" && cat "$UB_TMP/conf.new" >"$ETC/idmapd.conf"
	stock=$(outcome "$STOCK")
	declare -A got=()
	got[lib]=$(outcome "$UB_BUILD/helpers/nfsidmap")
	got[builtin]=$(outcome "$UB_BUILD/helpers/nfsidmap" -B)
	static=$(outcome "$UB_BUILD/helpers/nfsidmap-static")
	short=$CASE_DESC; [ ${#short} -gt 40 ] && short="${short:0:24}...(${#CASE_DESC})"
	check_eq "case $n $conf $short: nfsidmap -B = nfsidmap-static" "${got[builtin]}" "$static"
	row=$(printf '%-4s %-10s %-44s' "$n" "$conf" "$short")
	for ours in lib builtin; do
		class=equal
		if [ "${got[$ours]}" != "$stock" ]; then
			k=$(awk -F'\t' -v c="$conf" -v d="$CASE_DESC" -v o="$ours" '$1 == c && $2 == d && $3 == o {print $4 "\t" $5}' "$KNOWN")
			if [ -z "$k" ]; then
				class=UNCLASSIFIED
			elif [ "${k#*$'\t'}" != "${got[$ours]}" ]; then
				class="${k%%$'\t'*}-CHANGED"
			else
				class=${k%%$'\t'*}
			fi
		fi
		NCLASS[$ours $class]=$((${NCLASS[$ours $class]:-0} + 1))
		row+=$(printf ' %-12s' "$class")
		case $class in
		equal|improvement|difference) ok "case $n $conf $short: $ours $class" ;;
		*)
			not_ok "case $n $conf $short: $ours $class"
			printf '#   nfs-common: %s\n#   %-10s  %s\n' "$(show "$stock")" "$ours:" "$(show "${got[$ours]}")"
			;;
		esac
	done
	printf '%s\n' "$row" >>"$TABLE"
	[ -n "${UB_VERBOSE:-}" ] && printf '#   stock %s\n#   lib   %s\n#   B     %s\n' "$(show "$stock")" \
		"$(show "${got[lib]}")" "$(show "${got[builtin]}")"
done

# every class used must be documented: the man page's section exists
sect=$(sed -n '/^\.SH "DIFFERENCES FROM NFSIDMAP"/,/^\.SH /p' "$UB_TOP/man/upcall-nfsidmap.8")
check "upcall-nfsidmap(8) has DIFFERENCES FROM NFSIDMAP" test -n "$sect"

sed 's/^/# /' "$TABLE"
for k in "${!NCLASS[@]}"; do printf '# %-10s %-24s %s\n' "${k%% *}" "${k#* }" "${NCLASS[$k]}"; done | sort
printf '# %d cases x 4 tools, key type %s, %d s\n' "$n" "$KTYPE" $(($(date +%s) - T0))
ub_done
