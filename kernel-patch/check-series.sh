#!/bin/bash
# check-series.sh: apply the series to Debian's linux-source-6.12 with
# git am, run checkpatch.pl --strict on every patch, and build the kernel
# (tinyconfig + config-fragment) at every step of the series, so that each
# patch is shown to build on its own. The tree and the build directory are
# cached under $UB_CACHE: after the first full build (about 9 minutes on two
# cores) a step rebuilds only what the patch touched.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${UB_CACHE:-/var/tmp/upcall-broker-cache}/kernel
src=$cache/linux-source-6.12
build=$cache/build
jobs=${JOBS:-$(nproc)}

if [ ! -f /usr/src/linux-source-6.12.tar.xz ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-source-6.12 bc bison flex \
		libelf-dev libssl-dev cpio >/dev/null
fi
if [ ! -d "$src/.git" ]; then
	mkdir -p "$cache"
	rm -rf "$src"
	tar -C "$cache" -xf /usr/src/linux-source-6.12.tar.xz
	git -C "$src" init -q
	git -C "$src" add -f -A . >/dev/null
	git -C "$src" -c user.name=base -c user.email=base@invalid commit -qm "linux-source-6.12"
	git -C "$src" tag base
fi
if [ ! -f "$build/.config" ]; then
	mkdir -p "$build"
	make -s -C "$src" O="$build" tinyconfig >/dev/null
	cat "$here/config-fragment" >>"$build/.config"
	make -s -C "$src" O="$build" olddefconfig >/dev/null
fi

git -C "$src" am --abort >/dev/null 2>&1 || true
git -C "$src" checkout -q -f base
git -C "$src" checkout -q -B upcall-broker
fail=0
for p in $(cat "$here/series"); do
	echo "== $p"
	git -C "$src" -c user.name="upcall-broker developers" -c user.email="dev@upcall-broker.invalid" \
		am -q "$here/$p"
	if ! (cd "$src" && ./scripts/checkpatch.pl --strict -q "$here/$p"); then
		echo "checkpatch: $p"; fail=1
	fi
	start=$SECONDS
	if make -s -C "$src" O="$build" -j"$jobs" bzImage >"$cache/build-step.log" 2>&1; then
		echo "   builds ($((SECONDS - start)) s)"
	else
		tail -20 "$cache/build-step.log"; echo "build failed after $p"; fail=1
	fi
done
# The same series must also apply with patch -p1.
tmp=$(mktemp -d)
git -C "$src" archive base | tar -C "$tmp" -x
for p in $(cat "$here/series"); do patch -s -p1 -d "$tmp" <"$here/$p" || { echo "patch -p1 failed: $p"; fail=1; }; done
rm -rf "$tmp"
[ $fail = 0 ] && echo "series: applies (git am, patch -p1), checkpatch --strict clean, builds at every step"
exit $fail
