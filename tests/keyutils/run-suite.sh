#!/bin/bash
# run-suite.sh [build-dir]: keyutils' own test suite (Debian's keyutils
# source, tests/**/runtest.sh), first with the stock /sbin/request-key, then
# with <build-dir>/request-key bind-mounted over it. The two result sets must
# be identical, test by test; exit 0 only then.
#
# Environment:
#   UB_CACHE         cache dir (default /var/tmp/upcall-broker-cache); the
#                    unpacked source lives in $UB_CACHE/keyutils-<version>
#   UB_RESULTS       where per-test logs are kept (default <build-dir>/keyutils-results)
#   UB_TEST_TIMEOUT  seconds one test may take (default 180)
#   UB_ONLY          space-separated test dirs to run instead of all (debugging)
#   UB_BROKER        binary to bind-mount instead of <build-dir>/request-key
#                    (e.g. a copy of the stock binary, to test this script)
#
# Everything this script changes on the machine is undone on every exit path
# (EXIT, INT, TERM, HUP): the bind mount, the temporary deb-src entry, and
# /etc/request-key.conf, /etc/request-key.d and /proc/sys/kernel/keys/*.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
broker=${UB_BROKER:-$build/request-key}
cache=${UB_CACHE:-/var/tmp/upcall-broker-cache}
results=${UB_RESULTS:-$build/keyutils-results}
test_timeout=${UB_TEST_TIMEOUT:-180}
target=/usr/sbin/request-key
state=/run/upcall-broker-keyutils.mount     # pid of the run that holds the bind mount
lockfile=/run/lock/upcall-broker-request-key.lock   # shared with any test that swaps request-key
srclist=/etc/apt/sources.list.d/upcall-broker-keyutils-src.sources

say() { printf 'check-keyutils: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (bind mount over $target, apt-get)"
[ -x "$broker" ] || die "no broker binary at $broker (run 'make broker' first)"

work=$(mktemp -d /tmp/ub-keyutils.XXXXXX)
mounted=0
srclist_added=0
token=ub-keyutils-$$-$RANDOM

unmount_target() {
	umount "$target" 2>/dev/null || umount -l "$target" ||
		{ say "ERROR: could not unmount $target: do it by hand"; return 1; }
}

# Restore /etc/request-key.conf, /etc/request-key.d and the key sysctls to the
# snapshot taken at start. Files that appeared in /etc/request-key.d meanwhile
# are only reported: the suite creates none, and other tests running on this
# machine (tests/integration, helpers/*) put their temporary rules there.
restore_etc() {
	[ -d "$work/etc" ] || return 0
	local f n
	cmp -s "$work/etc/request-key.conf" /etc/request-key.conf ||
		{ say "restoring /etc/request-key.conf"; cp -p "$work/etc/request-key.conf" /etc/request-key.conf; }
	for f in "$work"/etc/request-key.d/*; do
		[ -e "$f" ] || continue
		n=/etc/request-key.d/${f##*/}
		cmp -s "$f" "$n" || { say "restoring $n"; cp -p "$f" "$n"; }
	done
	for n in /etc/request-key.d/*; do
		[ -e "$n" ] && [ ! -e "$work/etc/request-key.d/${n##*/}" ] &&
			say "note: $n appeared during the run (another test's?); left alone"
	done
	while read -r f n; do
		[ "$(cat "$f")" = "$n" ] || { say "restoring $f"; echo "$n" >"$f"; }
	done <"$work/sysctl"
	return 0
}

cleanup() {
	local rc=$?
	set +e
	trap '' INT TERM HUP
	kill_hung_upcalls
	if [ "$mounted" = 1 ]; then
		unmount_target && rm -f "$state"
	fi
	restore_etc
	if [ "$srclist_added" = 1 ]; then
		rm -f "$srclist"
		apt-get update -qq >/dev/null 2>&1 || say "warning: apt-get update after removing the deb-src entry failed"
	fi
	rm -rf "$work"
	exit $rc
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM HUP

# One run at a time: two runs would see each other's bind mount.
exec {lockfd}>"$lockfile"
flock -w 600 "$lockfd" || die "another check-keyutils run holds $lockfile"

# A requester sleeps uninterruptibly until the request-key it started exits,
# so a hung broker cannot be stopped by killing the test: kill the upcall
# helpers serving our test processes (marked by $token in their environment),
# found through the authorisation keys in /proc/keys (pid:<requester>).
kill_hung_upcalls() {
	local - p pids=() targets=() t h arg
	set +e
	for p in /proc/[0-9]*; do
		tr '\0' '\n' 2>/dev/null <"$p/environ" | grep -qx "UB_KEYUTILS_TOKEN=$token" && pids+=("${p#/proc/}")
	done
	[ ${#pids[@]} = 0 ] && return 0
	for p in "${pids[@]}"; do
		while read -r t; do targets+=("$((16#$t))"); done < <(
			sed -n "s/.* \.request_ *key:\([0-9a-f]*\) pid:$p ci:.*/\1/p" /proc/keys 2>/dev/null)
	done
	for t in "${targets[@]}"; do
		for h in /proc/[0-9]*; do
			arg=$(tr '\0' ' ' 2>/dev/null <"$h/cmdline") || continue
			case $arg in
			*"/sbin/request-key create $t "*)
				say "killing hung upcall helper ${h#/proc/} ($arg)"
				pkill -KILL -P "${h#/proc/}" 2>/dev/null	# its children, by parent pid
				kill -KILL "${h#/proc/}" 2>/dev/null ;;
			esac
		done
	done
	sleep 0.5
	kill -KILL "${pids[@]}" 2>/dev/null || true
}

# ---- a stale bind mount from a crashed run --------------------------------
if findmnt -rn "$target" >/dev/null; then
	owner=$(cat "$state" 2>/dev/null || true)
	if [ -n "$owner" ] && ! kill -0 "$owner" 2>/dev/null; then
		say "removing the stale bind mount on $target left by crashed run $owner"
		unmount_target || exit 1
		rm -f "$state"
		findmnt -rn "$target" >/dev/null && die "$target is still mounted over after unmounting once"
	else
		findmnt "$target" >&2 || true
		die "$target is bind-mounted by something else${owner:+ (live run $owner)}: another test is using it, or a crashed run left it (then: umount $target)"
	fi
fi
rm -f "$state"

# ---- packages --------------------------------------------------------------
# The suite uses the installed keyctl; prepare.inc.sh calls lsb_release,
# Debian's autopkgtest adds file; apt-get source needs dpkg-source.
need=()
dpkg-query -W -f='${Status}' keyutils 2>/dev/null | grep -q 'ok installed' || need+=(keyutils)
command -v lsb_release >/dev/null || need+=(lsb-release)
command -v file >/dev/null || need+=(file)
command -v dpkg-source >/dev/null || need+=(dpkg-dev)
if [ ${#need[@]} -gt 0 ]; then
	say "installing ${need[*]}"
	apt-get update -qq >/dev/null || die "apt-get update failed"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null || die "apt-get install ${need[*]} failed"
fi
version=$(dpkg-query -W -f='${Version}' keyutils)

# ---- snapshot of what the suite (or a broken broker) may change -----------
mkdir -p "$work/etc/request-key.d"
[ -f /etc/request-key.conf ] || die "/etc/request-key.conf is missing (is keyutils installed properly?)"
cp -p /etc/request-key.conf "$work/etc/request-key.conf"
if [ -d /etc/request-key.d ]; then cp -a /etc/request-key.d/. "$work/etc/request-key.d/"; fi
: >"$work/sysctl"
for f in /proc/sys/kernel/keys/*; do
	if [ -w "$f" ]; then printf '%s %s\n' "$f" "$(cat "$f")" >>"$work/sysctl"; fi
done


# ---- source ----------------------------------------------------------------
src=$cache/keyutils-$version
if [ ! -f "$src/tests/runtest.sh" ]; then
	say "fetching keyutils $version source (apt-get source)"
	if [ -e "$srclist" ]; then
		grep -q '^# Temporary, added by upcall-broker' "$srclist" ||
			die "$srclist exists and is not ours; remove it first"
		say "removing $srclist left by a crashed run"
		rm -f "$srclist"
	fi
	codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
	srclist_added=1
	cat >"$srclist" <<EOF
# Temporary, added by upcall-broker tests/keyutils/run-suite.sh for apt-get source.
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $codename $codename-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: $codename-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
	apt-get update -qq >/dev/null || die "apt-get update with the deb-src entry failed"
	mkdir -p "$cache"
	fetch=$(mktemp -d "$cache/.fetch.XXXXXX")
	(cd "$fetch" && apt-get source -qq "keyutils=$version" >"$fetch/log" 2>&1) ||
		{ cat "$fetch/log" >&2; rm -rf "$fetch"; die "apt-get source keyutils=$version failed"; }
	d=$(find "$fetch" -mindepth 1 -maxdepth 1 -type d -name 'keyutils-*' | head -1)
	[ -n "$d" ] && [ -f "$d/tests/runtest.sh" ] || { rm -rf "$fetch"; die "apt-get source gave no keyutils-*/tests"; }
	rm -rf "$src"
	mv "$d" "$src"
	rm -rf "$fetch"
	rm -f "$srclist"
	apt-get update -qq >/dev/null 2>&1 || say "warning: apt-get update after removing the deb-src entry failed"
	srclist_added=0
fi

if [ -n "${UB_ONLY:-}" ]; then
	read -ra tests <<<"$UB_ONLY"
else
	mapfile -t tests < <(cd "$src/tests" && find . -mindepth 2 -name runtest.sh -printf '%h\n' | sed 's|^\./||' | sort)
fi
[ ${#tests[@]} -gt 0 ] || die "no tests found in $src/tests"

# run_suite <label>: runs every test in a fresh copy of the suite, writes
# "<test> PASS|FAIL|SKIP|TIMEOUT" lines to $results/<label>.txt and each
# test's output (stdout+stderr, then its test.out) to $results/<label>/<test>.log.
run_suite() {
	local label=$1 t rc res log n=0
	local dir=$work/$label
	rm -rf "$dir" "${results:?}/$label" "$results/$label.txt"
	cp -a "$src/tests" "$dir"
	mkdir -p "$results/$label"
	for t in "${tests[@]}"; do
		n=$((n + 1))
		log=$results/$label/${t//\//_}.log
		rc=0
		# In the background, so that a signal to this script is handled at
		# once rather than when the test ends.
		(cd "$dir/$t" && exec env UB_KEYUTILS_TOKEN="$token" AUTOMATED=1 \
			timeout -k 10 "$test_timeout" bash ./runtest.sh </dev/null >"$log" 2>&1 {lockfd}>&-) &
		wait $! || rc=$?
		if [ $rc = 124 ] || [ $rc = 137 ]; then
			res=TIMEOUT
			echo "### timed out after ${test_timeout}s" >>"$log"
			kill_hung_upcalls
		elif [ $rc != 0 ]; then
			res=FAIL
		elif grep -qs '^++++ SKIPPING TEST' "$dir/$t/test.out"; then
			res=SKIP
		else
			res=PASS
		fi
		{ echo "### exit code $rc"; echo "### test.out:"; cat "$dir/$t/test.out" 2>/dev/null || true; } >>"$log"
		printf '%s %s\n' "$t" "$res" >>"$results/$label.txt"
		printf '  [%s %2d/%d] %-36s %s\n' "$label" $n ${#tests[@]} "$t" "$res" >&2
	done
}

# The stock run must really run the stock binary.
assert_unmounted() {
	! findmnt -rn "$target" >/dev/null ||
		die "$target got bind-mounted by someone else during the stock run; results are void"
}

rm -rf "$results"
mkdir -p "$results"
say "keyutils $version suite, ${#tests[@]} tests, source $src, logs in $results"

say "run 1: stock $target"
# Warn when the "stock" binary is not the one the keyutils package shipped.
sum=$(awk '$2 == "usr/sbin/request-key" || $2 == "sbin/request-key" { print $1 }' /var/lib/dpkg/info/keyutils.md5sums 2>/dev/null | head -1)
[ -z "$sum" ] || [ "$(md5sum <"$target" | cut -d' ' -f1)" = "$sum" ] ||
	say "warning: $target is not the binary the keyutils package installed"
assert_unmounted
run_suite stock
assert_unmounted

say "run 2: $broker bind-mounted over $target"
echo $$ >"$state"
mounted=1
mount --bind "$broker" "$target" || { mounted=0; rm -f "$state"; die "mount --bind $broker $target failed"; }
cmp -s "$broker" "$target" || die "the bind mount did not take ($target differs from $broker)"
run_suite broker
cmp -s "$broker" "$target" || die "$target changed under the broker run; results are void"
unmount_target || exit 1
mounted=0
rm -f "$state"
findmnt -rn "$target" >/dev/null && die "$target is still mounted over after the broker run"

# ---- report ----------------------------------------------------------------
count() { awk -v r="$2" '$2 == r' "$results/$1.txt" | wc -l; }
echo
printf '%-8s %6s %6s %6s %8s\n' "" PASS FAIL SKIP TIMEOUT
for l in stock broker; do
	printf '%-8s %6s %6s %6s %8s\n' $l "$(count $l PASS)" "$(count $l FAIL)" "$(count $l SKIP)" "$(count $l TIMEOUT)"
done
echo
awk '$2 != "PASS" { print "stock " $2 ": " $1 }' "$results/stock.txt"
awk 'NR == FNR { s[$1] = $2; next } { print $1, ($1 in s ? s[$1] : "MISSING"), $2 }' \
	"$results/stock.txt" "$results/broker.txt" >"$work/joined"
same=$(awk '$2 == $3' "$work/joined" | wc -l)
differ=$(awk '$2 != $3' "$work/joined" | wc -l)
missing=$(( ${#tests[@]} - same - differ ))
echo
if [ "$differ" = 0 ] && [ "$missing" = 0 ]; then
	echo "keyutils suite: the broker gives the same result as the stock request-key in all ${#tests[@]} tests"
else
	echo "keyutils suite: $differ test(s) differ between stock and broker:"
	printf '  %-36s %-8s %-8s\n' TEST STOCK BROKER
	awk '$2 != $3 { printf "  %-36s %-8s %-8s\n", $1, $2, $3 }' "$work/joined"
	awk '$2 != $3 { print $1 }' "$work/joined" | while read -r t; do
		echo
		echo "==== $t (broker run; full logs in $results/{stock,broker}/${t//\//_}.log)"
		tail -40 "$results/broker/${t//\//_}.log"
	done
fi
# One line per test of the comparison: "passed" = same result as stock.
echo "keyutils: $same passed, $((differ + missing)) failed"
[ "$differ" = 0 ] && [ "$missing" = 0 ]
