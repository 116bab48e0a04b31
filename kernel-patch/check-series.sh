#!/bin/bash
# check-series.sh: apply kernel-patch/series to Debian's linux-source-6.12
# with git am and with patch -p1, run checkpatch.pl --strict on every patch,
# and build the kernel (tinyconfig + config-fragment +
# tests/kernel/config-extra) after every patch, so that each step is shown
# to build on its own (bisectable).
#
# Trees and build directories live under $UB_CACHE/kernel-check (see
# tests/kernel/build-kernel.sh); this script has its own source tree and
# build directory (src-series, build-series). Patches that touch widely
# included headers (pid.h, umh.h, key.h) rebuild most of the kernel: a full
# run takes about half an hour with -j2. A series that already passed is not
# rebuilt (stamp file), unless FORCE=1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
cache=${UB_CACHE:-/var/tmp/upcall-broker-cache}/kernel-check
jobs=${JOBS:-$(nproc)}
# checkpatch runs scripts/spdxcheck.py with the first python3 in PATH; it
# needs Debian's python3-ply and python3-git.
export PATH=/usr/bin:/bin:$PATH
for p in python3-ply python3-git; do
	dpkg -s "$p" >/dev/null 2>&1 ||
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$p" >/dev/null
done

# The patched flavour makes the git tree (tag "base") and checks git am.
bash "$top/tests/kernel/build-kernel.sh" patched >/dev/null
src=$cache/src-series
build=$cache/build-series
[ -d "$src" ] || git -c advice.detachedHead=false clone -q "$cache/src-patched" "$src"
git -C "$src" fetch -q --tags "$cache/src-patched"
if [ ! -f "$build/.config" ]; then
	mkdir -p "$build"
	cp "$cache/build-patched/.config" "$build/.config"
	make -s -C "$src" O="$build" olddefconfig >/dev/null 2>&1
fi

stamp=$build/.ub-series-ok
sum=$(cd "$here" && cat $(cat series) | sha256sum | cut -c1-16)
fail=0

# patch -p1 on the files the series touches, taken from the base tree
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=$(cd "$here" && cat $(cat series) | sed -n 's|^--- a/||p' | sort -u)
git -C "$src" archive base $files | tar -C "$tmp" -x
for p in $(cat "$here/series"); do
	patch -s -p1 -d "$tmp" <"$here/$p" || { echo "patch -p1 failed: $p"; fail=1; }
done
[ $fail = 0 ] && echo "series: applies with patch -p1"

git -C "$src" am --abort >/dev/null 2>&1 || true
git -C "$src" checkout -q -f --detach base
n=0
for p in $(cat "$here/series"); do
	n=$((n + 1))
	echo "== $p"
	if ! git -C "$src" -c user.name="upcall-broker developers" \
		-c user.email="dev@upcall-broker.invalid" am -q "$here/$p"; then
		echo "git am failed: $p"
		exit 1
	fi
	if ! (cd "$src" && ./scripts/checkpatch.pl --strict -q "$here/$p"); then
		echo "checkpatch: $p"
		fail=1
	fi
	if [ "$(cat "$stamp" 2>/dev/null)" = "$sum" ] && [ "${FORCE:-0}" != 1 ]; then
		echo "   built before (unchanged series)"
		continue
	fi
	start=$SECONDS
	if make -s -C "$src" O="$build" -j"$jobs" bzImage >"$cache/build-series-$n.log" 2>&1; then
		echo "   builds ($((SECONDS - start)) s)"
		if grep -q "warning:" "$cache/build-series-$n.log"; then
			grep "warning:" "$cache/build-series-$n.log" | head -10
			fail=1
		fi
	else
		grep -E 'error|warning' "$cache/build-series-$n.log" | head -20
		echo "build failed after $p"
		fail=1
	fi
done
if [ $fail = 0 ]; then
	echo "$sum" >"$stamp"
	echo "series: applies (git am, patch -p1), checkpatch --strict clean, builds at every step"
fi
exit $fail
