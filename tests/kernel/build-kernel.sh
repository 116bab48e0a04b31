#!/bin/bash
# build-kernel.sh base|patched: build Debian's linux-source-6.12 from
# tinyconfig + kernel-patch/config-fragment + tests/kernel/config-extra,
# unpatched (base) or with kernel-patch/series applied (patched).
#
# Each flavour has its own source tree and build directory (O=) under
# $UB_CACHE/kernel-check, so after the first build (about 9 minutes with -j2; -j$(nproc) unless JOBS is set)
# a change to the series rebuilds only what it touches: the patched tree is
# moved from the old series commit straight to the new one with git, which
# rewrites only the files whose content differs.
# Prints the path of the bzImage on the last line.
set -euo pipefail
flavour=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cache=${UB_CACHE:-/var/tmp/upcall-broker-cache}/kernel-check
jobs=${JOBS:-$(nproc)}
tarball=/usr/src/linux-source-6.12.tar.xz
src=$cache/src-$flavour
build=$cache/build-$flavour
log=$cache/build-$flavour.log
mkdir -p "$cache"

extract() {  # extract <dir>: a pristine tree, committed as "base"
	local tmp=$1.tmp
	rm -rf "$tmp" && mkdir -p "$tmp"
	tar -C "$tmp" --strip-components=1 -xf "$tarball"
	if [ "$flavour" = patched ]; then
		git -C "$tmp" init -q
		git -C "$tmp" add -f -A . >/dev/null
		git -C "$tmp" -c user.name=base -c user.email=base@invalid commit -qm "linux-source-6.12"
		git -C "$tmp" tag base
	fi
	mv "$tmp" "$1"
}

[ -d "$src" ] || { echo "extracting $tarball to $src" >&2; extract "$src"; }

if [ "$flavour" = patched ]; then
	# Apply the series with git am in a scratch worktree (proves it applies),
	# then move the build tree to that commit: only changed files are touched.
	wt=$cache/am-scratch
	[ -d "$wt" ] || git -C "$src" worktree add -q --detach "$wt" base
	git -C "$wt" am --abort >/dev/null 2>&1 || true
	git -C "$wt" checkout -q -f --detach base
	git -C "$wt" clean -q -fdx
	while read -r p; do
		[ -n "$p" ] || continue
		git -C "$wt" -c user.name="upcall-broker developers" \
			-c user.email="dev@upcall-broker.invalid" am -q "$top/kernel-patch/$p" >&2 ||
			{ echo "git am failed: $p" >&2; exit 1; }
	done <"$top/kernel-patch/series"
	git -C "$src" checkout -q -f --detach "$(git -C "$wt" rev-parse HEAD)"
fi

cfg_inputs=$(cat "$top/kernel-patch/config-fragment" "$here/config-extra" | sha256sum | cut -c1-16)
if [ ! -f "$build/.config" ] || [ "$(cat "$build/.ub-config-id" 2>/dev/null)" != "$cfg_inputs" ]; then
	mkdir -p "$build"
	make -s -C "$src" O="$build" tinyconfig >/dev/null
	cat "$top/kernel-patch/config-fragment" "$here/config-extra" >>"$build/.config"
	make -s -C "$src" O="$build" olddefconfig >/dev/null
	echo "$cfg_inputs" >"$build/.ub-config-id"
fi
start=$SECONDS
if ! make -C "$src" O="$build" -j"$jobs" bzImage >"$log" 2>&1; then
	grep -E 'error|Error' "$log" | head -20 >&2
	echo "kernel build ($flavour) failed, see $log" >&2
	exit 1
fi
echo "kernel $flavour built in $((SECONDS - start)) s" >&2
echo "$build/arch/x86/boot/bzImage"
