#!/bin/bash
# run-suite.sh <build-dir>: keyutils' own test suite, first with the stock
# /sbin/request-key, then with the broker bind-mounted over it; the two
# result sets must be identical, test by test.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
cache=${UB_CACHE:-/var/tmp/upcall-broker-cache}
target=/usr/sbin/request-key
work=$(mktemp -d /tmp/ub-keyutils.XXXXXX)
mounted=0

cleanup() {
	local rc=$?
	set +e
	[ $mounted = 1 ] && { umount "$target" || umount -l "$target"; }
	rm -rf "$work"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

if findmnt -rn "$target" >/dev/null; then
	echo "$target is already bind-mounted (an earlier run that crashed?); unmount it first" >&2
	exit 1
fi
command -v lsb_release >/dev/null || apt-get install -y -qq lsb-release >/dev/null
"$top/tests/keyutils/fetch-source.sh" "$cache"

# run_suite <label>: one result line per test: "<test> PASS|FAIL|SKIP"
run_suite() {
	local label=$1 t out rc
	rm -rf "$work/$label"
	cp -a "$cache/keyutils/tests" "$work/$label"
	cd "$work/$label"
	for t in $(find . -name runtest.sh -printf '%h\n' | sed 's|^\./||' | sort); do
		[ "$t" = . ] && continue
		rc=0
		out=$(cd "$t" && timeout 300 bash ./runtest.sh 2>&1) || rc=$?
		if [ $rc != 0 ]; then
			echo "$t FAIL"
			printf '%s\n' "$out" | tail -20 >"$work/$label.$(echo "$t" | tr / _).log"
		elif grep -q "SKIP" <<<"$out"; then
			echo "$t SKIP"
		else
			echo "$t PASS"
		fi
	done
	cd "$work"
}

run_suite stock >"$work/stock.txt"
mount --bind "$build/request-key" "$target"
mounted=1
run_suite broker >"$work/broker.txt"
umount "$target"
mounted=0

count() { grep -c " $2\$" "$1" || true; }
printf '%-8s %6s %6s %6s\n' "" PASS FAIL SKIP
for l in stock broker; do
	printf '%-8s %6s %6s %6s\n' $l "$(count $work/$l.txt PASS)" "$(count $work/$l.txt FAIL)" "$(count $work/$l.txt SKIP)"
done
grep " FAIL$" "$work/stock.txt" | sed 's/^/stock failure: /' || true
grep " SKIP$" "$work/stock.txt" | sed 's/^/stock skip: /' || true
if diff -u "$work/stock.txt" "$work/broker.txt" >"$work/diff.txt"; then
	echo "keyutils suite: the broker gives the same result as the stock request-key in every test"
else
	echo "keyutils suite: results differ:"
	cat "$work/diff.txt"
	for f in "$work"/broker.*.log; do [ -e "$f" ] && { echo "== $f"; cat "$f"; }; done
	exit 1
fi
