#!/bin/sh
# rt-probe.sh: t_runtime's helper, run in a systemd-nspawn container (the
# shared Debian 12 root of debian_root.sh: dash, coreutils, perl-base, no
# perl syscall.ph). Reports what a fork of the container's init would have
# inherited. The shell reads /proc/self itself (redirections), so "self" is
# the helper, not a child.
# "rt-probe.sh sys <name>": try one syscall that nspawn's filter denies and
# print its errno ("0" if it ran), nothing else.
if [ "$1" = sys ]; then
	exec perl -e '
		# perl-base has syscall() but no syscall.ph: the numbers by hand.
		my %nr = (x86_64 => {add_key => 248, perf_event_open => 298, swapon => 167},
			  aarch64 => {add_key => 217, perf_event_open => 241, swapon => 224});
		my $n = $nr{$ARGV[0]}{$ARGV[1]};
		defined $n or do { print "unknown\n"; exit };
		$! = 0;
		# Every pointer NULL: unfiltered, the kernel fails the call on its
		# arguments (EFAULT/EINVAL) before anything could happen.
		my $r = syscall($n, 0, 0, 0, 0, 0);
		printf "%d\n", $r == -1 ? $! + 0 : 0;' "$(uname -m)" "$2"
fi
echo "== status"
while IFS= read -r l; do
	case $l in Seccomp:* | Seccomp_filters:* | Cap*:* | NoNewPrivs:* | Umask:* | NSpid:*) printf '%s\n' "$l" ;; esac
done </proc/self/status
echo "== limits"
while IFS= read -r l; do printf '%s\n' "$l"; done </proc/self/limits
echo "== oom_score_adj"
read -r v </proc/self/oom_score_adj && echo "$v"
echo "== personality"
read -r v </proc/self/personality && echo "$v"
echo "== cgroup"
while IFS= read -r l; do printf '%s\n' "$l"; done </proc/self/cgroup
echo "== ns"
# A child (readlink) shares every namespace of ours, pid included: we are
# pid 1 of our pid namespace and it is in the same one.
for ns in user mnt pid net uts ipc cgroup time; do
	printf '%s=%s\n' "$ns" "$(readlink /proc/self/ns/$ns)"
done
echo "== end"
