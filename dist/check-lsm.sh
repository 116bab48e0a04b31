#!/bin/bash
# make check-lsm: build the SELinux policy module with Debian's
# selinux-policy-dev (refpolicy's devel Makefile: m4 expansion of every
# interface it calls, then checkmodule and semodule_package) and compile
# the AppArmor profile with apparmor_parser without loading it. This is a
# build test only: this machine enforces neither LSM, so nothing here shows
# the policies allow what the broker does or deny what it must not.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d /tmp/ub-lsm.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0

SEL_MK=/usr/share/selinux/devel/Makefile
if [ ! -f "$SEL_MK" ]; then
	echo "not ok - SELinux module: $SEL_MK missing (apt-get install selinux-policy-dev)"; fail=1
else
	cp "$here"/selinux/upcall_broker.{te,fc,if} "$tmp/"
	if make -s -C "$tmp" -f "$SEL_MK" upcall_broker.pp >"$tmp/selinux.log" 2>&1 && [ -s "$tmp/upcall_broker.pp" ]; then
		echo "ok - SELinux module upcall_broker.pp builds ($(stat -c %s "$tmp/upcall_broker.pp") bytes)"
	else
		echo "not ok - SELinux module upcall_broker.pp"; sed 's/^/#   /' "$tmp/selinux.log"; fail=1
	fi
fi

if ! command -v apparmor_parser >/dev/null; then
	echo "not ok - AppArmor profile: apparmor_parser missing (apt-get install apparmor)"; fail=1
else
	# -Q: do not load into the kernel; -K: no cache; -o: the compiled policy.
	if apparmor_parser -Q -K -o "$tmp/upcall-broker.aa" "$here/apparmor/usr.sbin.upcall-broker" \
		>"$tmp/apparmor.log" 2>&1 && [ -s "$tmp/upcall-broker.aa" ]; then
		echo "ok - AppArmor profile usr.sbin.upcall-broker compiles ($(stat -c %s "$tmp/upcall-broker.aa") bytes)"
	else
		echo "not ok - AppArmor profile usr.sbin.upcall-broker"; sed 's/^/#   /' "$tmp/apparmor.log"; fail=1
	fi
fi
exit $fail
