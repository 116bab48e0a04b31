#!/bin/sh
# The guest's /sbin/request-key and nfsd's cltrack_prog: record what the
# kernel handed over (UPCALL_INIT_PIDFD and what that descriptor really is),
# then hand over to the broker, which is the real helper. The log is on the
# initramfs root, outside every container's tmpfs.
exec </dev/null >/dev/null 2>>/ub-state/helper.err
self=${0##*/}
case $self in
*nfsdcltrack) what="cltrack $1" ;;
*)
	d=$(keyctl rdescribe "$2" 2>/dev/null)
	# a cifs.spnego description ends in pid= or upcall_target=: name the type
	case $d in
	"cifs.spnego;"*) what="key cifs.spnego $(echo "$d" | grep -o 'host=[^;]*')" ;;
	*) what="key ${d##*;}" ;;
	esac ;;
esac
if [ -n "$UPCALL_INIT_PIDFD" ]; then
	fdis=$(readlink "/proc/self/fd/$UPCALL_INIT_PIDFD")
	pid=$(sed -n 's/^Pid:[[:space:]]*//p' "/proc/self/fdinfo/$UPCALL_INIT_PIDFD")
	echo "$what fd=$UPCALL_INIT_PIDFD is=$fdis pid=$pid" >>/ub-state/upcalls.log
else
	echo "$what nofd" >>/ub-state/upcalls.log
fi
case $self in
*nfsdcltrack)
	[ -x /sbin/upcall-broker ] && exec /usr/local/lib/upcall-broker/front/nfsdcltrack "$@"
	exec /usr/sbin/nfsdcltrack "$@" ;;
esac
# -v: the broker also logs to stderr (helper.err; there is no syslog here)
[ -x /sbin/upcall-broker ] && exec /sbin/upcall-broker -v -v "$@"
exit 1
