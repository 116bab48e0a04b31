#!/bin/sh
# capture-wrapper.sh <map> <broker> <request-key arguments...>
#
# The integration tests' stand-in for a patched kernel (doc/abi.md, "Kernel
# -> broker: the captured init"), bind-mounted over /sbin/request-key by
# lib.sh in capture mode: on kernels that refuse to upcall for requests made
# inside a user namespace, a container's request is made on the host and
# registered in <map> as "<init pid> <description>". This finds the key's
# description, and for a registered one (the newest line wins) execs the
# broker with an inherited pidfd of that init and UPCALL_INIT_PIDFD naming
# it. Anything else runs the broker unchanged. The broker below is the real
# one: only the kernel's part is played here.
map=$1 broker=$2
shift 2

# keyutils' argv: request-key [-options] <op> <key> <uid> <gid> <ring> <ring> <ring> [<callout>]
op="" key="" skip=0
for a in "$@"; do
	if [ "$skip" = 1 ]; then skip=0; continue; fi
	case $a in
	-D) skip=1 ;;      # -D <description>
	-*) ;;
	*) if [ -z "$op" ]; then op=$a; else key=$a; break; fi ;;
	esac
done

pid=""
if [ -n "$key" ] && d=$(keyctl rdescribe "$key" 2>/dev/null); then
	desc=${d#*;*;*;*;}          # type;uid;gid;perm;description
	while IFS= read -r line; do
		[ "${line#* }" = "$desc" ] && pid=${line%% *}
	done <"$map"
fi
[ -n "$pid" ] || exec "$broker" "$@"

# As the kernel does: a captured init that has died fails the upcall, never
# falls back to the host (pidfd_open raises, python exits non-zero); the
# pidfd goes to descriptor 3 or above, leaving 0-2 as the kernel left them
# (closed), and is not close-on-exec.
exec /usr/bin/python3 -c 'import fcntl, os, sys
pfd = os.pidfd_open(int(sys.argv[1]))
fd = fcntl.fcntl(pfd, fcntl.F_DUPFD, 3)
os.close(pfd)
os.environ["UPCALL_INIT_PIDFD"] = str(fd)
os.execv(sys.argv[2], sys.argv[2:])' "$pid" "$broker" "$@"
