#!/bin/bash
# check-series.sh: apply kernel-patch/series to Debian's linux-source-6.12
# with git am and with patch -p1, run checkpatch.pl --strict on every patch,
# and after every patch build the kernel in two configurations, so that each
# step is shown to build on its own (bisectable):
#
#   built-in  tinyconfig + config-fragment + tests/kernel/config-extra,
#             make bzImage (what tests/kernel/build-kernel.sh boots);
#   modular   the same with CONFIG_MODULES=y and NFS, NFSD, CIFS,
#             DNS_RESOLVER (and AFS, which selects DNS_RESOLVER) as =m,
#             make vmlinux modules: modpost fails on any symbol a module
#             uses that is not exported, which the built-in build cannot see.
#
# and compile the C files each patch touches with W=1, failing on warnings
# that the same files do not have in the unpatched tree (several of them have
# W=1 warnings upstream).
#
# Everything lives under $UB_CACHE/kernel-series (default
# /var/tmp/upcall-broker-cache/kernel-series): its own source tree extracted
# from the tarball, and two build directories. It shares nothing with
# make kernel-check's trees and takes no lock. The first run builds the
# unpatched tree in both configurations first (20-40 min with -j2), then
# every step; later runs rebuild only what changed. A series that already
# passed is not rebuilt (stamp file), unless FORCE=1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
cache=${UB_CACHE:-/var/tmp/upcall-broker-cache}/kernel-series
jobs=${JOBS:-2}
tarball=/usr/src/linux-source-6.12.tar.xz
# checkpatch runs scripts/spdxcheck.py with the first python3 in PATH; it
# needs Debian's python3-ply and python3-git.
export PATH=/usr/bin:/bin:$PATH
for p in python3-ply python3-git; do
	dpkg -s "$p" >/dev/null 2>&1 ||
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$p" >/dev/null
done
# Ignored checkpatch types:
# - MISSING_SIGN_OFF: the series is sent by a person, who adds their own
#   Signed-off-by (kernel-patch/README); we do not sign off for them.
# - UNKNOWN_COMMIT_ID: the tree is a tarball without upstream history, so
#   checkpatch cannot look up the commits named in Fixes: tags (README says
#   how they were checked).
cp_ignore=MISSING_SIGN_OFF,UNKNOWN_COMMIT_ID

src=$cache/src
bi=$cache/build-builtin
mod=$cache/build-modular
mkdir -p "$cache"
if [ ! -d "$src/.git" ]; then
	echo "extracting $tarball to $src"
	rm -rf "$src.tmp" && mkdir -p "$src.tmp"
	tar -C "$src.tmp" --strip-components=1 -xf "$tarball"
	git -C "$src.tmp" init -q
	git -C "$src.tmp" add -f -A . >/dev/null
	git -C "$src.tmp" -c user.name=base -c user.email=base@invalid commit -qm "linux-source-6.12"
	git -C "$src.tmp" tag base
	mv "$src.tmp" "$src"
fi

config() {  # config <dir> <extra lines>
	local dir=$1 extra=$2 id
	id=$(cat "$here/config-fragment" "$top/tests/kernel/config-extra" - <<<"$extra" | sha256sum | cut -c1-16)
	[ -f "$dir/.config" ] && [ "$(cat "$dir/.ub-config-id" 2>/dev/null)" = "$id" ] && return 0
	mkdir -p "$dir"
	make -s -C "$src" O="$dir" tinyconfig >/dev/null
	{ cat "$here/config-fragment" "$top/tests/kernel/config-extra"; echo "$extra"; } >>"$dir/.config"
	make -s -C "$src" O="$dir" olddefconfig >/dev/null 2>&1
	echo "$id" >"$dir/.ub-config-id"
}
config "$bi" ""
config "$mod" "CONFIG_MODULES=y
CONFIG_MODULE_UNLOAD=y
CONFIG_NFS_FS=m
CONFIG_NFSD=m
CONFIG_CIFS=m
CONFIG_DNS_RESOLVER=m
CONFIG_AFS_FS=m
CONFIG_AF_RXRPC=m"
for v in MODULES=y NFS_FS=m NFSD=m CIFS=m DNS_RESOLVER=m; do
	grep -q "^CONFIG_$v\$" "$mod/.config" || { echo "modular config lacks CONFIG_$v"; exit 1; }
done

stamp=$cache/.ub-series-ok
sum=$(cd "$here" && cat config-fragment $(cat series) | sha256sum | cut -c1-16)
fail=0

# patch -p1 on the files the series touches, taken from the base tree
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=$(cd "$here" && cat $(cat series) | sed -n 's|^--- a/||p' | sort -u)
# (only those in base: later patches also modify files an earlier one adds)
git -C "$src" archive base $(git -C "$src" ls-tree -r --name-only base -- $files) | tar -C "$tmp" -x
for p in $(cat "$here/series"); do
	patch -s -p1 -d "$tmp" <"$here/$p" || { echo "patch -p1 failed: $p"; fail=1; }
done
[ $fail = 0 ] && echo "series: applies with patch -p1"

build() {  # build <label> <dir> <targets...>: prints the time, 1 on failure
	local label=$1 dir=$2 log start
	shift 2
	log=$cache/$label.log
	start=$SECONDS
	if make -s -C "$src" O="$dir" -j"$jobs" "$@" >"$log" 2>&1; then
		if grep -q "warning:" "$log"; then
			grep "warning:" "$log" | head -10
			echo "   $label: warnings ($((SECONDS - start)) s)"
			return 1
		fi
		echo "   $label: builds ($((SECONDS - start)) s)"
	else
		grep -E 'error|ERROR|warning' "$log" | head -20
		echo "   $label: FAILED ($((SECONDS - start)) s), see $log"
		return 1
	fi
}

# W=1 warnings of some C files, without line numbers, one per line, sorted:
# compiled in the modular tree (every touched file is built there).
w1() {  # w1 <file.c>...
	local objs=() f
	for f in "$@"; do
		[ -f "$src/$f" ] && objs+=("${f%.c}.o")
	done
	[ ${#objs[@]} = 0 ] && return 0
	make -s -C "$src" O="$mod" -j"$jobs" W=1 "${objs[@]}" 2>&1 |
		sed -n "s|^$src/||; s|^\([^:]*\):[0-9]*:[0-9]*: warning:|\1: warning:|p" |
		grep -v '^scripts/' | sort || true
}

git -C "$src" am --abort >/dev/null 2>&1 || true
git -C "$src" checkout -q -f --detach base
if [ "$(cat "$stamp" 2>/dev/null)" = "$sum" ] && [ "${FORCE:-0}" != 1 ]; then
	built=1
else
	built=0
	echo "== base (unpatched)"
	# warnings here are upstream's: reported, not held against the series
	build base-builtin "$bi" bzImage || grep -q "warning:" "$cache/base-builtin.log" ||
		{ echo "the unpatched tree does not build"; exit 1; }
	build base-modular "$mod" vmlinux modules || grep -q "warning:" "$cache/base-modular.log" ||
		{ echo "the unpatched tree does not build"; exit 1; }
	# W=1 warnings the touched files already have without the series
	w1 $(printf '%s\n' $files | grep '\.c$') >"$cache/w1-base.txt"
fi

n=0
for p in $(cat "$here/series"); do
	n=$((n + 1))
	echo "== $p"
	if ! git -C "$src" -c user.name="upcall-broker developers" \
		-c user.email="dev@upcall-broker.invalid" am -q "$here/$p"; then
		echo "git am failed: $p"
		exit 1
	fi
	if ! (cd "$src" && ./scripts/checkpatch.pl --strict -q --ignore "$cp_ignore" "$here/$p"); then
		echo "checkpatch: $p"
		fail=1
	fi
	if [ $built = 1 ]; then
		echo "   built before (unchanged series)"
		continue
	fi
	step=$SECONDS
	touched=$(sed -n 's|^+++ b/||p' "$here/$p" | grep '\.c$' || true)
	if [ -n "$touched" ]; then
		w1 $touched >"$cache/w1-$n.txt"
		new=$(comm -13 "$cache/w1-base.txt" "$cache/w1-$n.txt")
		if [ -n "$new" ]; then
			echo "$new" | head -10
			echo "   W=1: new warnings in $(echo $touched)"
			fail=1
		else
			echo "   W=1: no new warnings in $(echo $touched)"
		fi
	fi
	build "series-$n-builtin" "$bi" bzImage || { echo "built-in build failed after $p"; fail=1; }
	build "series-$n-modular" "$mod" vmlinux modules || { echo "modular build failed after $p"; fail=1; }
	echo "   step $n: $((SECONDS - step)) s"
done
if [ $fail = 0 ]; then
	echo "$sum" >"$stamp"
	echo "series: applies (git am, patch -p1), checkpatch --strict clean, builds built-in and modular at every step"
fi
exit $fail
