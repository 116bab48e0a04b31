#!/bin/bash
# fetch-source.sh <dir>: unpack Debian's keyutils source into <dir>/keyutils.
# apt-get source needs a deb-src entry; it is added for this run only and
# removed on every exit path, leaving apt as it was found.
set -euo pipefail
dest=$1
[ -d "$dest/keyutils/tests" ] && exit 0
list=/etc/apt/sources.list.d/upcall-broker-keyutils-src.sources
cleanup() {
	rm -f "$list"
	apt-get update -qq >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
cat >"$list" <<EOS
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOS
apt-get update -qq >/dev/null
mkdir -p "$dest"
tmp=$(mktemp -d "$dest/.fetch.XXXXXX")
(cd "$tmp" && apt-get source -qq keyutils >/dev/null 2>&1)
src=$(find "$tmp" -maxdepth 1 -type d -name 'keyutils-*' | head -1)
[ -n "$src" ] || { echo "apt-get source keyutils failed" >&2; exit 1; }
rm -rf "$dest/keyutils"
mv "$src" "$dest/keyutils"
rm -rf "$tmp"
