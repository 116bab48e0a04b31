#!/bin/sh
# ctr-init.sh <name> <tag>: pid 1 of a test container (own user, pid, mount,
# net and uts namespaces, made by unshare). Gives the container its own /etc,
# /var/lib/nfs, /run and /tmp (its credential caches), then waits as
# "sleep <tag>" so the host can find it.
name=$1 tag=$2
hostname "$name"
mount -t proc proc /proc
for d in /etc /var/lib/nfs /run /mnt /srv /tmp; do mount -t tmpfs "ctr-$name" "$d"; done
mkdir -p /var/lib/nfs/rpc_pipefs /var/lib/nfs/v4recovery
cp -a /ub-ctr/"$name"/etc/. /etc/ 2>/dev/null
/sbin/ip link set lo up
echo ok >/ub-state/"$name".ready
exec sleep "$tag"
